"""Session 21 (verdicts21): no row vanishes between the records and a verdict - each is in some measure's
population (counted, open or exempt), counted in ``unscored`` with why, or refused with its row and column."""
from __future__ import annotations

import tempfile

import numpy as np
import pandas as pd
import pytest

from windoweval.engine import where_mask
from windoweval.records import RecordsError, contracts, validate
from windoweval.scoring import score

from _workspace import POWER, empty_records, records_of, workspace

WS = POWER + (("HPHA", "门诊药房", "hospital_pharmacy"),)
BASE = {"received_at": "2025-06-01 10:00:00", "arrived_at": None, "completed_at": None, "window_id": "PW01"}
TYPES = contracts()["work_orders"].columns["order_type"]["values"]


def _orders():
    rows = [{**BASE, "order_id": f"t{i}", "order_type": t} for i, t in enumerate(TYPES)]   # every order type
    rows += [
        {**BASE, "order_id": "unknown", "window_id": "PW99", "order_type": "fault_repair"},  # not on the window list
        {**BASE, "order_id": "hospital", "window_id": "HPHA", "order_type": "fault_repair"},  # a window no clause reads
        {**BASE, "order_id": "cc", "window_id": "CC95598", "order_type": "fault_repair"},
        # received 31 December 23:30, not yet arrived at the year's end: 45 minutes not run out - open
        {**BASE, "order_id": "cutoff", "order_type": "fault_repair", "received_at": "2025-12-31 23:30:00"},
        # received on the 调休 Sunday 28 September 2025 (a working day)
        {**BASE, "order_id": "tiaoxiu", "order_type": "new_connection_resident", "received_at": "2025-09-28 09:00:00",
         "completed_at": "2025-10-09 17:00:00"},
    ]
    return records_of("work_orders", rows)


def test_every_work_order_is_in_a_population_or_unscored_with_why():
    """Every order type the contract allows is read by some measure; an order of a window not on the list, or of a
    window whose kind no clause of the kind covers, is counted in unscored (reason window, its id; no_measure for a
    window of the workspace whose kind no measure reads work orders for, verdict43); the rest are in
    some measure's population.  The count adds up to the rows given."""
    df = _orders()
    card = score(["power_window", "hospital_commitments"], 2025, data=tempfile.mkdtemp(), workspace=workspace(WS),
                 records={**empty_records(), "work_orders": df})
    u = card.unscored
    u = u[(u["record_kind"] == "work_orders") & (u["reason"] != "blank_elsewhere")]
    assert sorted(u[["reason", "value", "records"]].values.tolist()) == [["no_measure", "HPHA", 1], ["window", "PW99", 1]]
    inside = np.zeros(len(df), dtype=bool)
    for key, it in card._plan.items():
        if it.kind == "work_orders":
            inside |= where_mask(df, it.m.get("where")) & df["window_id"].isin(it.wins).to_numpy()
    assert int(inside.sum()) + int(u["records"].sum()) == len(df)
    assert set(df.loc[~inside, "order_id"]) == {"unknown", "hospital"}


def test_the_cut_off_case_is_open_not_missed_nor_dropped():
    """The repair received at 23:30 on 31 December with no arrival: its 45 minutes end at 00:15 of the next year,
    after the cut-off - open, shown as open, neither met nor missed."""
    card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(POWER),
                 records={**empty_records(), "work_orders": _orders()})
    d = card.drilldown("power_window.10.2.5", include_passed=True).set_index("order_id")
    assert bool(d.loc["cutoff", "open"]) and d.loc["cutoff", "passed"] is pd.NA
    r = card.results.set_index(["measure", "window_id"]).loc[("power_window.10.2.5", "PW01")]
    assert (int(r["records"]), int(r["n"]), int(r["open"])) == (2, 1, 1)


@pytest.mark.parametrize("rows,column", [
    ([{"order_id": "1"}, {"order_id": "1"}], "order_id"),                                  # a duplicate order id
    ([{"order_id": "1", "received_at": "2025-06-01 10:00:00", "arrived_at": "2025-06-01 09:40:00"}], "arrived_at"),
])
def test_a_duplicate_id_or_an_end_before_its_start_is_refused_with_row_and_column(rows, column):
    """Refused, never dropped: the problem names the file, the row and the column (and the value)."""
    c = contracts()["work_orders"]
    df = pd.DataFrame([{**c.example, **r} for r in rows])
    with pytest.raises(RecordsError) as e:
        validate(df.astype(object), "work_orders", file="wo.csv")
    msg = str(e.value)
    assert "wo.csv" in msg and f"column {column}" in msg and "第 2 行 row 2" in msg
