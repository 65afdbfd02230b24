"""A fail is as sure as a pass (session 34).

Before, a cell failed on the records with evidence alone: below a target under 100 % (标准5 一、1 提前10分钟到岗率 90 %,
标准1 第十三条 回访率 90 %), a window with 7 of 8 shifts early and 2 shifts without a clock-in (缺卡) read "fail"
(87.5 %), though had the two been early it would have met the target (9 of 10 = 90 %). A pass already needed every
record without evidence counted as missed; a fail now needs every one of them counted as met, and otherwise the cell
is insufficient evidence. With a target of 100 % nothing changes: one record missed is a sure fail. Both tests failed
on the code before (fail where insufficient).
"""
from __future__ import annotations

import pandas as pd
import pytest

from tests._workspace import empty_records, records_of, workspace

WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"),
           ("PW03", "城南营业厅", "power_hall"))


def _shifts(window: str, early: int, late: int, unclocked: int) -> list[dict]:
    rows = []
    for i in range(early + late + unclocked):
        start = pd.Timestamp("2025-03-03 08:30") + pd.Timedelta(days=i)
        arrived = (start - pd.Timedelta(minutes=12) if i < early else
                   start - pd.Timedelta(minutes=5) if i < early + late else None)
        rows.append({"staff_id": f"S{window}", "window_id": window, "shift_start": str(start),
                     "arrived_at": None if arrived is None else str(arrived)})
    return rows


def test_a_fail_that_the_records_without_evidence_could_lift_is_insufficient():
    from windoweval.scoring import score

    rows = (_shifts("PW01", early=7, late=1, unclocked=2)      # 7/8 = 87.5 %; at best 9/10 = 90 %: could meet it
            + _shifts("PW02", early=6, late=2, unclocked=2)    # at best 8/10 = 80 %: a sure fail
            + _shifts("PW03", early=9, late=1, unclocked=0))   # 9/10 = 90 %: a pass
    card = score("window_staff", 2025, workspace=workspace(WINDOWS),
                 records={**empty_records(), "attendance": records_of("attendance", rows)})
    r = card.results.set_index(["measure", "window_id"]).loc["window_staff.1.1"]
    assert r.loc["PW01", ["n", "met", "missing_evidence", "verdict"]].tolist() == [8, 7, 2, "insufficient"]
    assert r.loc["PW02", ["n", "met", "missing_evidence", "verdict"]].tolist() == [8, 6, 2, "fail"]
    assert r.loc["PW03", ["n", "met", "missing_evidence", "verdict"]].tolist() == [10, 9, 0, "pass"]


def test_a_callback_rate_that_the_cases_without_evidence_could_lift_is_insufficient():
    from windoweval.complaints import callback_rate

    t = pd.Timestamp
    base = {"channel": "95598", "kind": "fault_repair", "category": None, "received_at": t("2025-05-01 08:00"),
            "replied_at": pd.NaT, "resolved_at": t("2025-05-01 10:00"), "customer_key": None}

    def cases(window, called, not_called, unknown):
        got = ([{"callback_at": t("2025-05-02 09:00"), "callback_result": "satisfied"}] * called
               + [{"callback_at": pd.NaT, "callback_result": None}] * not_called
               + [{"callback_at": t("2025-05-02 09:00"), "callback_result": None}] * unknown)   # result unknown
        return [{**base, **g, "window_id": window} for g in got]

    df = pd.DataFrame(cases("PW01", 7, 1, 2) + cases("PW02", 6, 2, 2) + cases("PW03", 9, 1, 0))
    df["case_id"] = [str(i) for i in range(len(df))]
    got = callback_rate(df, by="window_id").set_index("window_id")
    assert got.loc["PW01", ["called_back", "result_unknown", "verdict"]].tolist() == [7, 2, "insufficient"]
    assert got.loc["PW02", ["called_back", "result_unknown", "verdict"]].tolist() == [6, 2, "fail"]
    assert got.loc["PW03", ["called_back", "result_unknown", "verdict"]].tolist() == [9, 0, "pass"]


# ---- a later step done with the end left blank (an export without 到达时间): the end came no later than it

def test_a_repair_completed_with_no_arrival_time_is_judged_by_its_completion():
    """Before, a repair completed 20 minutes after the call, its arrival time not written (an export without
    到达时间), was missed as overdue (no arrival): 10.2.5 failed at 0 % for a hall whose every repair was on time.
    The crew arrived no later than the completion: met where that is within 45 minutes, else missing evidence; an
    order with neither time past its deadline is still missed (failed before: 0 met, 12 missed)."""
    from windoweval.scoring import score

    from tests._workspace import HALL
    done = ["2025-06-01 20:30:00", "2025-06-01 22:00:00", "2025-06-02 10:00:00", None] * 3
    rows = [{"order_id": f"W{i}", "window_id": "PW01", "order_type": "fault_repair", "received_at": "2025-06-01 20:10:00",
             "arrived_at": None, "completed_at": c} for i, c in enumerate(done)]
    card = score("power_window", 2025, workspace=workspace(HALL),
                 records={**empty_records(), "work_orders": records_of("work_orders", rows)})
    r = card.results.set_index("measure").loc["power_window.10.2.5"]
    assert [int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"]] == [6, 3, 6, "fail"]
    # the column blank on every record is still named, with the fix
    assert card.blank_columns()[["measure", "column"]].values.tolist() == [["power_window.10.2.5", "arrived_at"]]


@pytest.mark.parametrize("seed", range(3))
def test_the_arrays_judge_a_blank_end_by_the_later_step_as_the_frame_does(seed):
    """The store's path (``engine.byvalue._on_arrays``) gives the frame's counts with ``not_after`` and ends left
    blank (failed before: the arrays missed them as overdue)."""
    import numpy as np
    import pyarrow as pa

    import windoweval.engine.byvalue as bv
    from windoweval.engine.frame import evaluate_frame
    from windoweval.kernels import Measure
    from windoweval.records import store

    rng = np.random.default_rng(seed)
    n = 4000
    wins = [f"PW{i:02d}" for i in range(6)]
    t0 = np.datetime64("2025-01-01", "ns").astype(np.int64) + rng.integers(0, 360 * 86_400, n) * 10**9
    arrive = t0 + rng.integers(-600, 7_200, n) * 10**9
    done = arrive + rng.integers(-600, 7_200, n) * 10**9
    t = pa.table({"window_id": pa.array(np.array(wins, dtype=object)[rng.integers(0, 6, n)]).dictionary_encode(),
                  "received_at": pa.array(t0, pa.timestamp("ns")),
                  "arrived_at": pa.array(arrive, pa.timestamp("ns"), mask=rng.random(n) < 0.5),
                  "completed_at": pa.array(done, pa.timestamp("ns"), mask=rng.random(n) < 0.3)})
    its = [Measure.of({"measure": f"m{early}", "records": "work_orders", "kernel": "time_limit",
                       "where": {"order_type": "x"}}, wins,
                      {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes",
                       "horizon": "2025-12-31 23:59:59", "not_after": "completed_at", "early": early})
           for early in ("na", "met")]
    assert all(bv._arrays_ok(it, t.column_names) for it in its)
    got = bv._on_arrays(t, its)
    df = store.to_frame(t, "work_orders", ["window_id"])
    df["order_type"] = pd.Categorical.from_codes(np.zeros(len(df), dtype=np.int8), categories=["x"])
    want = {m: ev.agg for m, ev in evaluate_frame(df, its, False).items()}
    for m in want:
        pd.testing.assert_frame_equal(got[m], want[m], check_exact=True)
    blank_done = t.column("arrived_at").is_null().to_numpy(zero_copy_only=False) \
        & ~t.column("completed_at").is_null().to_numpy(zero_copy_only=False)
    assert blank_done.sum() > 500 and int(want["mna"]["met"].sum()) > 0
