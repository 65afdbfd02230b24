"""Every summary says how many records were missing evidence beside a fail (twenty-ninth audit).

"Fail on thin evidence" is kept: a rate on the assessed records under the target fails even where the records
missing evidence could have lifted it.  The scorecard rows carried ``missing_evidence``, but the summaries a reader
sees did not say it beside a fail: the window table (``fail_missing_evidence`` absent), the count by standard, the
list of failed measures (no ``missing_evidence``), and the text summary (said only beside insufficient).
"""
from __future__ import annotations

import pandas as pd
from _workspace import HALL, workspace, write_workspace

import windoweval as we
from windoweval.exports import write_xlsx
from windoweval.scoring import score
from windoweval.summaries import scorecard_text

_M = "power_window.10.2.5"


def _orders() -> pd.DataFrame:
    # W1 late (46 min); W2 and W3 closed with no arrival time: missing evidence. One assessed, none met: a fail,
    # though W2 and W3 could have been on time
    return pd.DataFrame({
        "order_id": ["W1", "W2", "W3"], "window_id": ["PW01"] * 3, "order_type": ["fault_repair"] * 3,
        "received_at": pd.to_datetime(["2025-06-02 10:00"] * 3),
        "arrived_at": pd.to_datetime(["2025-06-02 10:46", None, None]),
        "order_status": ["closed"] * 3})


def _card():
    return score("power_window", 2025, workspace=workspace(HALL), records={"work_orders": _orders()},
                 data="/nonexistent-audit29")


def test_the_window_table_says_it():
    card = _card()
    r = card.results.set_index("measure").loc[_M]
    assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"]) == (1, 0, 2, "fail")
    # records only (review 16): W2 and W3, not again as the promise occurrences of 5.2#work_orders
    want = 2
    assert len(card.missing_evidence([_M])) == want
    assert int(card.windows.set_index("window_id").loc["PW01", "fail_missing_evidence"]) == want


def test_the_text_summary_says_it_beside_the_fail():
    text = scorecard_text(_card())
    line = [ln for ln in text.splitlines() if "未达标 not met" in ln][0]
    assert "其中缺少证据的记录 records missing evidence" in line.split("无数据")[0]


def test_the_evaluation_tables_and_the_workbook_say_it(tmp_path):
    d = write_workspace(tmp_path / "d", HALL)
    _orders().to_csv(d / "work_orders.csv", index=False)
    ev = we.evaluate(2025, data=d, standards="power_window")
    want = 2   # the records W2 and W3 (review 16: records only, not the promise occurrences of the same orders)
    assert int(ev.by_standard.set_index("standard").loc["power_window", "fail_missing_evidence"]) == want
    assert int(ev.ranking.set_index("window_id").loc["PW01", "fail_missing_evidence"]) == want
    m = ev.missed.set_index("measure").loc[_M]
    assert int(m["missing_evidence"]) == 2 and int(m["n"]) == 1
    # the report's workbook holds the tables as they are: the columns reach it
    x = write_xlsx({"by_standard": ev.by_standard, "missed": ev.missed}, tmp_path / "t.xlsx")
    got = pd.read_excel(x, sheet_name=None)
    assert any("fail_missing_evidence" in map(str, f.columns) or "未达标项中缺少证据的记录" in map(str, f.columns)
               for f in got.values())


def test_the_reply_timeliness_table_says_it():
    """投诉 5 天 / 举报 10 天内答复 (第十三条(五)): a kind whose assessed cases fail shows beside the fail the cases
    withdrawn at an unrecorded time (neither assessed nor open)."""
    from windoweval.complaints import timeliness

    cases = pd.DataFrame({
        "case_id": ["1", "2"], "channel": ["95598"] * 2, "kind": ["complaint"] * 2, "window_id": ["PW01"] * 2,
        "category": [None] * 2, "received_at": pd.to_datetime(["2025-05-06 10:00"] * 2),
        # 1: replied on the 6th day after receipt (late); 2: withdrawn, when not recorded, no reply
        "replied_at": pd.to_datetime(["2025-05-12 10:00", None]), "resolved_at": pd.NaT,
        "case_status": ["closed", "withdrawn"], "callback_at": pd.NaT, "callback_result": [None] * 2,
        "customer_key": None})
    t = timeliness(cases).iloc[0]
    assert (int(t["cases"]), int(t["assessed"]), int(t["missing_evidence"]), t["verdict"]) == (2, 1, 1, "fail")
