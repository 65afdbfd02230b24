"""``we.score`` with records handed in: they count as the data's own when the year is checked."""
import pandas as pd
import pytest

import windoweval as we
from windoweval.evaluation import NoRecords
from windoweval.records import validate
from windoweval.records.workspace import Workspace

WS = Workspace.from_dict({"name": "示例", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})


def _orders(day):
    return validate(pd.DataFrame({"order_id": ["1"], "window_id": "PW01", "order_type": "fault_repair",
                                  "received_at": [f"{day} 18:00"], "arrived_at": [f"{day} 18:20"]}), "work_orders")


def test_records_handed_in_are_scored_for_their_year(tmp_path):
    card = we.score("power_window", 2025, data=tmp_path, workspace=WS, records={"work_orders": _orders("2025-06-01")})
    r = card.results.set_index("measure").loc["power_window.10.2.5"]
    assert (int(r["records"]), r["verdict"]) == (1, "pass")


def test_a_year_neither_the_files_nor_the_records_hold_is_refused(tmp_path):
    with pytest.raises(NoRecords):
        we.score("power_window", 2024, data=tmp_path, workspace=WS, records={"work_orders": _orders("2025-06-01")})
