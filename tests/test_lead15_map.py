"""`records map` proposes codes by keyword (first match wins): a meter's fault is a meter fault.

Noticed by audit27 (fourteenth round): 表计故障 was proposed as ``fault_repair`` because 故障 came before 表计 in the
keyword list; the meter's words now come first. Fails on c2ca76c.
"""
import pytest

from windoweval.records.contract import contracts
from windoweval.records.propose import _guess_value


@pytest.mark.parametrize("code, want", [("表计故障", "meter_fault"), ("计量故障", "meter_fault"),
                                        ("电能表故障", "meter_fault"), ("故障报修", "fault_repair"),
                                        ("停电报修", "fault_repair"), ("居民新装", "new_connection_resident"),
                                        ("非居民新装", "new_connection_other"), ("电费查询", "billing_query")])
def test_order_type_codes_are_proposed_by_their_most_telling_word(code, want):
    spec = contracts()["work_orders"].columns["order_type"]
    got, how = _guess_value(code, "order_type", [str(v) for v in spec["values"]], spec.get("en", ""))
    assert (got, how) == (want, "keyword")
