"""第十三条(五) 修复后要及时回访 at the evaluation's cut-off (found by tests/test_diff38_reference.py): a case concluded
(repaired, replied, withdrawn) only after the cut-off owed no callback at the cut-off, as a case not concluded owes
none: not assessed, never a miss in the year's 回访率 - unless the records show the callback made after the
conclusion (met).  Before, such a case with no callback recorded at the export was missed (the year's end as the
cut-off, the data exported in January: every December repair concluded in January and not yet called back counted
against the year), and one whose callback's result or time was blank was listed as missing evidence."""
from __future__ import annotations

import tempfile

import pandas as pd
import pytest

import windoweval as we
from _workspace import workspace
from test_diff37_reference import engine_verdicts, validated

T = pd.Timestamp
ROWS = [  # case_id, kind, received, replied, resolved, status, callback, result, the verdict at the 2025 year's end
    ("A", "fault_repair", "2025-12-31 20:00", None, "2026-01-02 09:00", None, None, None, "not_assessed"),
    ("B", "fault_repair", "2025-12-31 20:00", None, "2026-01-02 09:00", "closed", "2026-01-03 10:00", "satisfied", "pass"),
    ("C", "fault_repair", "2025-12-31 20:00", None, "2026-01-02 09:00", "closed", "2026-01-03 10:00", "unreachable",
     "not_assessed"),
    ("D", "complaint", "2025-12-28 10:00", "2026-01-02 15:00", None, "closed", None, "not_called_back", "not_assessed"),
    ("E", "report", "2025-12-28 10:00", "2026-01-02 15:00", None, "withdrawn", None, "satisfied", "not_assessed"),
    ("F", "fault_repair", "2025-12-30 20:00", None, "2025-12-31 23:59:59", None, None, None, "fail"),
    ("G", "fault_repair", "2025-12-30 20:00", None, "2025-12-31 23:59:59", None, "2026-01-02 10:00", "satisfied", "pass"),
    ("H", "fault_repair", "2025-12-30 20:00", None, "2025-12-31 23:59:59", None, "2026-01-02 10:00", None, "missing"),
    ("I", "fault_repair", "2025-12-30 20:00", None, None, "open", None, None, "not_assessed"),
]


def _frame():
    t = lambda v: None if v is None else T(v)
    return pd.DataFrame([{"case_id": c, "window_id": "PW01", "channel": "95598", "kind": k, "received_at": t(r),
                          "replied_at": t(p), "resolved_at": t(s), "case_status": st, "callback_at": t(cb),
                          "callback_result": res} for c, k, r, p, s, st, cb, res, _ in ROWS])


@pytest.mark.parametrize("measure", ["power_window.13.5#fault_repair_callback", "power_window.13.5#callback_rate"])
def test_a_case_concluded_after_the_cutoff_owes_no_callback_yet(measure):
    df = _frame()
    ws = workspace((("PW01", "城东营业厅", "power_hall"),))
    with tempfile.TemporaryDirectory() as tmp:
        card = we.score(["power_window"], 2025, data=tmp, workspace=ws, records=validated({"complaints": df}))
        got = engine_verdicts(card, measure, "case_id", df["case_id"])
    want = {c: v for c, k, *_, v in ROWS if measure.endswith("callback_rate") or k == "fault_repair"}
    assert {c: got[c] for c in want} == want


def test_with_the_extraction_time_after_the_conclusions_they_are_owed():
    """extracted_at 2026-01-05: the cases concluded on 01-02 were owed their callback by then (及时 has no number):
    none recorded is a miss, a customer not reached too."""
    df = _frame()
    ws = workspace((("PW01", "城东营业厅", "power_hall"),), extracted_at="2026-01-05 08:00:00")
    with tempfile.TemporaryDirectory() as tmp:
        card = we.score(["power_window"], 2025, data=tmp, workspace=ws, records=validated({"complaints": df}))
        got = engine_verdicts(card, "power_window.13.5#callback_rate", "case_id", df["case_id"])
    assert [got[c] for c in "ABCDE"] == ["fail", "pass", "fail", "fail", "missing"]


def test_the_complaints_tables_count_the_callbacks_owed_at_the_same_cutoff():
    """windoweval.complaints' callback table takes the scorecard's cut-off (complaint_summaries: one cut-off for
    every table): the cases concluded after it are not among those needing a callback; before, they were."""
    from windoweval.complaints import callback_rate

    df = _frame().assign(customer_key=None, category=None, description=None)
    r = callback_rate(df, as_of="2025-12-31 23:59:59")
    # needing: B (called back after its January conclusion), F, G, H (concluded on the year's last second)
    assert r[["needing", "called_back", "result_unknown", "not_called_back"]].values.tolist()[0] == [4, 2, 1, 1]
    r = callback_rate(df, as_of="2026-01-05 08:00:00")
    assert int(r["needing"][0]) == 8
