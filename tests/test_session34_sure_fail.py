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
