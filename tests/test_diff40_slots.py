"""24小时不间断服务 / 无周休日 (标准1 第十条(一)1, 2) when some records lack the time the slot is read from (diff40):
each empty slot stays unknown on its own (an untimed record may have filled it), but a window with fewer untimed
records than empty slots surely has an empty slot (each record fills one slot at most), so its verdict is a certain
miss, never "insufficient evidence"; with as many untimed records as empty slots the verdict stays unknown."""
from __future__ import annotations

import tempfile

import numpy as np
import pandas as pd
import pytest

import windoweval as we
from windoweval.kernels import KERNELS, bound_of
from windoweval.kernels.counts import every_slot
from windoweval.records import validate

from _workspace import write_workspace, workspace
from test_diff38_cli import _score_csvs

M = "power_window.10.1.2#repair"


def _repairs(empty_hours: set, blanks: int, window="PW01"):
    timed = [f"2025-03-{3 + h % 5:02d} {h:02d}:15:00" for h in range(24) if h not in empty_hours]
    received = timed + [None] * blanks
    return pd.DataFrame({"order_id": [f"W{i}" for i in range(len(received))], "window_id": window,
                         "order_type": "fault_repair", "received_at": received,
                         "filed_at": [None] * len(timed) + ["2025-04-01 10:00:00"] * blanks})


def _card(df):
    recs = {"work_orders": validate(df, "work_orders")}
    return we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(), records=recs)


# clauses45: 10.1.2#repair now reads an hour with no fault report as missing evidence (params empty: na; the clause's
# reading: nobody reported a fault then, no sign of an interruption), so the sure-miss bound that made a window with
# fewer untimed records than empty hours fail no longer applies to it: every such window is insufficient.  The bound
# itself (the kernel's under empty: fail, 无周休日 and the hospitals' hours) stays pinned by
# test_the_kernel_bounds_exactly_the_sure_misses_and_pieces_keep_them.
@pytest.mark.parametrize("empty, blanks, verdict", [
    ({3, 17}, 1, "insufficient"),  # two empty hours, one untimed record: was a sure miss; now no evidence either way
    ({3, 17}, 2, "insufficient"),  # as many untimed records as empty hours: each could have filled one
    ({3, 17}, 3, "insufficient"),
    ({3}, 1, "insufficient"),
    (set(range(24)), 23, "insufficient"),  # no timed record: 24 hours, 23 untimed records (was fail)
    (set(range(24)), 24, "insufficient"),
])
def test_a_window_surely_missing_a_slot_fails_and_its_slots_stay_unknown(empty, blanks, verdict):
    card = _card(_repairs(empty, blanks))
    r = card.results.set_index(["measure", "window_id"]).loc[(M, "PW01")]
    assert r["verdict"] == verdict
    assert int(r["missing_evidence"]) == len(empty) and int(r["met"]) == 24 - len(empty)
    dd = card.drilldown(M, include_passed=True).set_index("hour")["passed"]
    assert dd.loc[sorted(empty)].isna().all() and dd.drop(sorted(empty)).all()
    lack = card.missing_evidence([M])
    assert sorted(lack["hour"].astype(int)) == sorted(empty)


def test_one_untimed_repair_alone_leaves_the_24_hours_unknown():
    """A hall whose only fault repair has no receipt time: every hour lacks evidence (clauses45: an hour with no
    fault report is no evidence of an interruption, so the 23 hours with surely no report are no fail either)."""
    card = _card(_repairs(set(range(24)), 1))
    r = card.results.set_index(["measure", "window_id"]).loc[(M, "PW01")]
    assert (r["verdict"], int(r["n"]), int(r["missing_evidence"])) == ("insufficient", 0, 24)


def test_the_kernel_bounds_exactly_the_sure_misses_and_pieces_keep_them():
    """The kernel marks (empty slots - untimed records) of a window's empty slots as surely lost; the store's gathered
    population (engine.pieces._reduce) keeps enough untimed rows to give the same marks."""
    from windoweval.engine.pieces import _reduce

    t = pd.to_datetime(["2025-03-03 09:00", "2025-03-04 09:00"] + [None] * 3 + ["2025-03-05 10:00"] + [None] * 30)
    df = pd.DataFrame({"window_id": ["A"] * 5 + ["B"] * 31, "t": t})
    r = every_slot(df, "t", "weekday", windows=["A", "B", "C"])
    lost = pd.Series(bound_of(r) < 1, index=r.index).groupby(level="window_id").sum()
    assert lost.to_dict() == {"A": 2, "B": 0, "C": 0}    # A: 5 empty days, 3 untimed; B: 6 empty, 30 untimed
    it = type("It", (), {"kernel": KERNELS["every_slot"], "params": {"time": "t", "slot": "weekday"}})()
    small = _reduce(df, it)
    assert len(small) < len(df)
    np.testing.assert_array_equal(bound_of(every_slot(small, "t", "weekday", windows=["A", "B", "C"])), bound_of(r))


@pytest.mark.parametrize("scheduler", [None, "threads"])
def test_hours_from_the_command_line(tmp_path, scheduler):
    """24小时不间断 from fault repairs on a CSV folder: a hall with two empty hours and one repair of blank receipt
    time and one with two such repairs are both unknown (clauses45: an empty hour is missing evidence) (counter transactions cannot lack their time: the contract
    requires it, so 无周休日 has no untimed record)."""
    data = write_workspace(tmp_path / "data", (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall")))
    df = pd.concat([_repairs({3, 17}, 1, "PW01"), _repairs({3, 17}, 2, "PW02")], ignore_index=True)
    df["order_id"] = [f"W{i}" for i in range(len(df))]
    _score_csvs(tmp_path, data, tmp_path / "out", {"work_orders": df}, "--standard", "power_window",
                *(("--scheduler", scheduler) if scheduler else ()))
    res = pd.concat(pd.read_csv(f, dtype={"window_id": str}) for f in (tmp_path / "out").glob("*_results.csv"))
    res = res.set_index(["measure", "window_id"])
    assert res.loc[(M, "PW01"), "verdict"] == "insufficient" == res.loc[(M, "PW02"), "verdict"]
    assert int(res.loc[(M, "PW01"), "missing_evidence"]) == 2 == int(res.loc[(M, "PW02"), "missing_evidence"])
