"""leftovers48: a blank window id (records handed in as frames, ``score(records=...)``: the files' reader refuses one,
exit 3) was written ``nan``/``None`` in the scorecard's ``unscored`` table, its CSV and the notes built on it.  It is
counted under a word a reader understands, ``(空) / (blank)``, never dropped."""
from __future__ import annotations

import tempfile

import pandas as pd

from windoweval.records import validate
from windoweval.records.workspace import Workspace
from windoweval.scoring import score

WS = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})


def test_a_blank_window_id_is_counted_as_blank_not_nan():
    orders = validate(pd.DataFrame({"order_id": ["1", "2", "3"], "window_id": ["PW01", "PW01", "PW01"],
                                    "order_type": "fault_repair",
                                    "filed_at": ["2025-06-01 18:00", "2025-06-02 09:00", "2025-06-03 09:00"],
                                    "received_at": ["2025-06-01 18:00", "2025-06-02 09:00", "2025-06-03 09:00"],
                                    "arrived_at": ["2025-06-01 18:20", "2025-06-02 10:00", "2025-06-03 09:30"]}),
                      "work_orders")
    orders["window_id"] = orders["window_id"].astype(object)
    orders.loc[[1, 2], "window_id"] = [None, float("nan")]          # blank, as a frame handed in may hold it
    card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=WS, records={"work_orders": orders})
    u = card.unscored
    win = u[(u["reason"] == "window") & (u["record_kind"] == "work_orders")]
    assert win["value"].tolist() == ["(空) / (blank)"] and int(win["records"].sum()) == 2   # before: 'None', 'nan'
    shown = u.astype(str).to_csv()
    assert not any(w in shown for w in (",nan,", ",None,", "<NA>", "NaT"))
