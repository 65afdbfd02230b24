"""A kind of records misspelled, or a directory given where the kind goes, in the Python API: a refusal naming the
kinds (exit 3 on the command line), never a bare KeyError (newuser48's find: ``we.read_records('.')``)."""
import pytest

import windoweval as we
from windoweval.errors import InputError


@pytest.mark.parametrize("kind, near", [(".", None), ("work_order", "work_orders"), ("queue_ticket", "queue_tickets")])
def test_an_unknown_kind_is_refused_with_the_kinds(kind, near, tmp_path):
    with pytest.raises(InputError) as e:
        we.read_records(kind, tmp_path)
    msg = str(e.value)
    assert not isinstance(e.value, KeyError)
    assert e.value.exit_code == 3
    assert "work_orders" in msg and "counter_transactions" in msg      # the kinds there are
    zh, en = msg.split(" / ", 1)
    assert "记录种类" in zh and "kind of records" in en and "\n" not in msg
    if near:
        assert f"是否指 {near}" in zh and f"did you mean {near}?" in en
