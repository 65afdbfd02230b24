"""Verdicts on evidence, round ten (audit33): hand-worked cases through the real engine (``score``), beside the case
rows of tests/cases/*.yaml.

1. 适当延长 with no longer limit set in the workspace (标准3 功能科 5、, 检验科 5、): a special case reported within the
   ordinary limit had been "not assessed" - counted as missing evidence, so a window whose every report was on time
   was 证据不足 instead of passing.  A longer limit is never shorter (the workspace refuses one below the limit), so
   such a record met whatever the longer limit is: met; still within the ordinary limit at the cut-off: open.
2. 门诊药房 7、: 因药物需要临时加工造成超时的 excuses an overrun only; a flagged prescription dispensed within its limit
   had been left out as exempt (dropping a met record from the rate); now it is judged, met (``exempt_overrun``).
3. Rates at exactly their threshold (90 %: 标准1 第十三条(五) 回访率不低于90%, 标准5 一、1 at the catalog's 0.9) pass,
   one record fewer fails, and one record without evidence holds the pass back (insufficient).
4. The header 缺少证据的记录 / records missing evidence counts records only: a crowded queue snapshot with no later
   snapshot (标准4 八、, a unit of the rule) is said apart as a unit, never added to the records.
"""
from __future__ import annotations

import pandas as pd
from _workspace import workspace

from windoweval.records import validate
from windoweval.scoring import score
from windoweval.summaries import scorecard_html, scorecard_text

_NOWHERE = "/nonexistent-audit33"


def _events(rows, window="HFUN") -> pd.DataFrame:
    df = pd.DataFrame([{"event_id": f"E{i}", "window_id": window, "patient_kind": None, "doses": None,
                        "called_at": None, **r} for i, r in enumerate(rows)])
    return validate(df.astype(object).where(df.notna(), None), "hospital_events", file="t")


def _cell(card, measure, window):
    r = card.results.set_index(["measure", "window_id"]).loc[(measure, window)]
    return {k: (r[k] if k == "verdict" else int(r[k])) for k in ("n", "met", "missing_evidence", "exempt", "verdict")}


def test_a_special_case_met_within_the_ordinary_limit_is_met_without_a_longer_limit_set():
    """功能科: 常规检查开始30分钟内发出报告, 特殊情况适当延长 - no longer limit in the workspace.  A special case reported
    25 minutes after the start met even the ordinary limit; with an ordinary case on time too the window passes.
    Before: the special case was not assessed (missing evidence) and the cell was 证据不足 (insufficient)."""
    ev = _events([
        {"event_type": "function_exam", "started_at": "2025-04-08 14:00:00", "finished_at": "2025-04-08 14:20:00",
         "exempt": False},
        {"event_type": "function_exam", "started_at": "2025-04-08 15:00:00", "finished_at": "2025-04-08 15:25:00",
         "exempt": True}])
    ws = workspace((("HFUN", "功能科", "hospital_function"),))
    card = score("hospital_commitments", 2025, workspace=ws, records={"hospital_events": ev}, data=_NOWHERE)
    assert _cell(card, "hospital_commitments.function.5", "HFUN") == {
        "n": 2, "met": 2, "missing_evidence": 0, "exempt": 0, "verdict": "pass"}


def test_a_flagged_prescription_dispensed_within_the_limit_is_met_not_exempt():
    """门诊药房: 西药处方不超过5分钟, 因药物需要临时加工造成超时的要向病友解释清楚 - the exception excuses an overrun.
    A flagged prescription dispensed in 4 minutes did not run over: met, in the rate (n 2, met 2); one flagged and
    over the limit stays exempt.  Before: the first was exempt too (n 1)."""
    ev = _events([
        {"event_type": "prescription_western", "started_at": "2025-04-08 10:00:00",
         "finished_at": "2025-04-08 10:03:00", "exempt": False},
        {"event_type": "prescription_western", "started_at": "2025-04-08 11:00:00",
         "finished_at": "2025-04-08 11:04:00", "exempt": True},
        {"event_type": "prescription_western", "started_at": "2025-04-08 12:00:00",
         "finished_at": "2025-04-08 12:14:00", "exempt": True}], window="HPHA")
    ws = workspace((("HPHA", "门诊药房", "hospital_pharmacy"),))
    card = score("hospital_commitments", 2025, workspace=ws, records={"hospital_events": ev}, data=_NOWHERE)
    assert _cell(card, "hospital_commitments.pharmacy.7#western", "HPHA") == {
        "n": 2, "met": 2, "missing_evidence": 0, "exempt": 1, "verdict": "pass"}


def _attendance(early, late, blank=0) -> pd.DataFrame:
    rows = ([("08:20:00", "ok")] * early) + ([("08:25:00", "late")] * late) + ([(None, "blank")] * blank)
    df = pd.DataFrame([{"staff_id": f"S{i}", "window_id": "SH01", "shift_start": "2025-03-03 08:30:00",
                        "arrived_at": None if t is None else f"2025-03-03 {t}"} for i, (t, _) in enumerate(rows)])
    return validate(df.astype(object).where(df.notna(), None), "attendance", file="t")


def test_a_rate_at_exactly_its_threshold():
    """标准5 一、1 提前10分钟上班 at the catalog's 90 %: 27 of 30 early is 90 % exactly (pass); 26 of 30 fails; 27 of 30
    with one more shift's clock-in missing would be 27 of 31 counted as missed - insufficient, never a pass."""
    ws = workspace((("SH01", "政务服务大厅", "service_hall"),))
    m = "window_staff.1.1"
    got = {}
    for name, (early, late, blank) in {"exact": (27, 3, 0), "under": (26, 4, 0), "blank": (27, 3, 1)}.items():
        card = score("window_staff", 2025, workspace=ws, records={"attendance": _attendance(early, late, blank)},
                     data=_NOWHERE)
        got[name] = _cell(card, m, "SH01")["verdict"]
    assert got == {"exact": "pass", "under": "fail", "blank": "insufficient"}


def test_the_callback_rate_at_exactly_90_percent():
    """标准1 第十三条(五) 回访率不低于90%: 9 of 10 concluded complaints called back (90 % exactly) passes; 8 of 10 fails."""
    def cases(called):
        rows = [{"case_id": f"T{i}", "channel": "95598", "kind": "complaint", "window_id": "PW01",
                 "received_at": "2025-03-05 10:00:00", "replied_at": "2025-03-06 10:00:00",
                 "callback_at": "2025-03-07 10:00:00" if i < called else None,
                 "callback_result": "satisfied" if i < called else None} for i in range(10)]
        df = pd.DataFrame(rows)
        return validate(df.astype(object).where(df.notna(), None), "complaints", file="t")

    ws = workspace((("PW01", "城东营业厅", "power_hall"),))
    got = [_cell(score("power_window", 2025, workspace=ws, records={"complaints": cases(k)}, data=_NOWHERE),
                 "power_window.13.5#callback_rate", "PW01")["verdict"] for k in (9, 8)]
    assert got == ["pass", "fail"]


def test_records_missing_evidence_counts_no_queue_snapshot():
    """标准4 八、排队超过10人 - a crowded snapshot with no later one is a unit of the rule without evidence; a clock-in
    missing is a record.  The summary's 缺少证据的记录 says 1 (the clock-in), the snapshot apart as a unit."""
    q = pd.DataFrame({"window_id": ["HPHA"] * 3, "queue_length": [10, 11, 11], "open_windows": [2, 2, 2],
                      "observed_at": ["2025-05-06 10:00:00", "2025-05-06 10:05:00", "2025-05-06 10:15:00"]})
    att = pd.DataFrame({"staff_id": ["S1", "S2"], "window_id": ["HPHA"] * 2,
                        "shift_start": ["2025-03-03 08:00:00", "2025-03-04 08:00:00"],
                        "arrived_at": ["2025-03-03 07:59:00", None]})
    recs = {"queue_snapshots": validate(q.astype(object), "queue_snapshots", file="t"),
            "attendance": validate(att.astype(object).where(att.notna(), None), "attendance", file="t")}
    ws = workspace((("HPHA", "门诊药房", "hospital_pharmacy"),))
    card = score("hospital_departments", 2025, workspace=ws, records=recs, data=_NOWHERE)
    assert _cell(card, "hospital_departments.pharmacy_window.8", "HPHA")["missing_evidence"] == 1   # a unit
    line = scorecard_text(card).splitlines()[1]
    assert "缺少证据的单元 units missing evidence 1" in line.split("无数据")[0], line
    assert "其中缺少证据的记录 records missing evidence 1" in line.split("证据不足")[1], line
    assert int(card.windows["fail_missing_evidence"].sum()) == 0
    assert "records missing evidence 1" in scorecard_html(card)


def test_a_window_without_records_of_a_kind_is_no_data_never_a_pass():
    """Two billing offices, one with a service event in each hour of a day, the other with none at all: the second's
    24小时服务 and 5-minute payments are no_data (no record), never a pass nor a fail; so is a pharmacy without any."""
    rows = [{"event_type": "billing", "called_at": f"2025-04-08 {h:02d}:30:00", "started_at": f"2025-04-08 {h:02d}:30:00",
             "finished_at": f"2025-04-08 {h:02d}:33:00", "exempt": False} for h in range(24)]
    ws = workspace((("HBIL", "挂号收费一", "hospital_billing"), ("HBI2", "挂号收费二", "hospital_billing"),
                    ("HPHA", "门诊药房", "hospital_pharmacy")))
    card = score("hospital_commitments", 2025, workspace=ws, records={"hospital_events": _events(rows, "HBIL")},
                 data=_NOWHERE)
    v = card.results.set_index(["measure", "window_id"])["verdict"]
    assert (v[("hospital_commitments.billing.1#events", "HBIL")], v[("hospital_commitments.billing.7", "HBIL")]) \
        == ("pass", "pass")
    for m, w in (("hospital_commitments.billing.1#events", "HBI2"), ("hospital_commitments.billing.7", "HBI2"),
                 ("hospital_commitments.pharmacy.1#events", "HPHA"), ("hospital_commitments.pharmacy.7#western", "HPHA")):
        assert v[(m, w)] == "no_data", (m, w, v[(m, w)])


def test_a_special_case_past_the_ordinary_limit_says_why_it_cannot_be_judged():
    """A special case (适当延长) reported after the ordinary 30 minutes with no longer limit set is missing evidence
    (insufficient, never a miss): the records missing evidence say why and the fix (extended_limit in the
    workspace's [params."hospital_commitments.function.5"]), in Chinese and English.  Before: the reason was blank."""
    ev = _events([
        {"event_type": "function_exam", "started_at": "2025-04-08 14:00:00", "finished_at": "2025-04-08 14:20:00",
         "exempt": False},
        {"event_type": "function_exam", "started_at": "2025-04-08 15:00:00", "finished_at": "2025-04-08 15:45:00",
         "exempt": True}])
    ws = workspace((("HFUN", "功能科", "hospital_function"),))
    card = score("hospital_commitments", 2025, workspace=ws, records={"hospital_events": ev}, data=_NOWHERE)
    m = "hospital_commitments.function.5"
    assert _cell(card, m, "HFUN")["verdict"] == "insufficient"
    lacking = card.missing_evidence([m])
    assert lacking["event_id"].tolist() == ["E1"]
    why = lacking["reason"].iloc[0]
    assert "适当延长" in why and 'extended_limit in [params."hospital_commitments.function.5"]' in why, why
