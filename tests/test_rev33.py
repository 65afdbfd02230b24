"""Review of audit33 (merge 7b666d5: 适当延长 met within the ordinary limit, ``exempt_overrun`` for 门诊药房 7、, the
missing-evidence reason for a special case past the ordinary limit), against 标准3's text:

* 门诊药房 7、 因药物需要临时加工造成超时的要向病友解释清楚 excuses an *overrun*; a flagged prescription whose overrun is
  unknown (no dispensing time and no cut-off to say it is overdue) had been excused all the same (exempt, out of the
  rate and out of the records missing evidence): it is missing evidence, as an unflagged one is.
* 功能科 5、 / 检验科 5、 适当延长 with no longer limit set: a special case not done when the records were cut, past the
  ordinary limit, is missing evidence (whether the longer limit has passed is unknown) - and had no reason in the
  records missing evidence, where one done after the ordinary limit has the reason and the fix (``extended_limit``).
"""
from __future__ import annotations

import pandas as pd
from _workspace import workspace

from windoweval.engine.frame import evaluate_frame
from windoweval.kernels import excluded_of, open_of
from windoweval.kernels.base import Measure
from windoweval.kernels.time import time_limit
from windoweval.records import validate
from windoweval.scoring import score

_NOWHERE = "/nonexistent-rev33"
_WESTERN = "hospital_commitments.pharmacy.7#western"
_FUNCTION = "hospital_commitments.function.5"
_BIOCHEM = "hospital_commitments.lab.5#biochem_immuno"


def _events(rows, window) -> pd.DataFrame:
    df = pd.DataFrame([{"event_id": f"E{i}", "window_id": window, "patient_kind": None, "doses": None,
                        "called_at": None, **r} for i, r in enumerate(rows)])
    return validate(df.astype(object).where(df.notna(), None), "hospital_events", file="t")


def _cell(card, measure, window):
    r = card.results.set_index(["measure", "window_id"]).loc[(measure, window)]
    return {k: (r[k] if k == "verdict" else int(r[k])) for k in ("n", "met", "missing_evidence", "exempt", "open",
                                                                  "verdict")}


# -- 1. exempt_overrun: a flagged record whose overrun is unknown is missing evidence, never excused ----------------

def test_a_flagged_prescription_without_a_dispensing_time_and_no_cut_off_is_missing_evidence():
    """windoweval/kernels/time.py:_excused (audit33) excused every flagged record not met or open within the limit:
    ``flagged & ~((ok & ~na) | open)``, so one with no dispensing time and no cut-off (``horizon`` None: no
    year and no extracted_at, the kernel or evaluate_frame called without one) - whose overrun is unknown - was
    exempt, where the unflagged twin is missing evidence.  Right: only a known overrun (done after the limit, or
    not done when the cut-off passed the deadline) is excused; an unknown one is missing evidence, as any other.
    Fails on the code before: 1 (this test)."""
    df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 10:00"] * 4),
                       "e": pd.to_datetime(["2025-04-08 10:05", "2025-04-08 10:06", None, None]),
                       "x": [True, True, True, False]})
    m = time_limit(df, "s", "e", 5, "minutes", exempt="x", exempt_overrun=True)
    # met; excused (an overrun); missing evidence (flagged, overrun unknown); missing evidence (unflagged)
    assert m.tolist() == [True, pd.NA, pd.NA, pd.NA]
    it = Measure.of({"measure": "m", "records": "hospital_events", "kernel": "time_limit",
                     "params": {"start": "s", "end": "e", "limit": 5, "unit": "minutes", "exempt": "x",
                                "exempt_overrun": True}}, None)
    a = it.apply(df)
    assert a.exempt.tolist() == [1]                      # the known overrun alone is set aside
    assert a.mask.isna().tolist() == [False, True, True]  # the other two blank ones: missing evidence
    assert not open_of(a.mask).any() and not excluded_of(a.mask).any()


def test_with_a_cut_off_a_flagged_prescription_not_dispensed_is_open_then_excused():
    """The same flagged record with a cut-off (unchanged by the fix): open while its 5 minutes run (the cut-off
    exactly at the limit included), excused from the instant after (overdue: an overrun, 临时加工)."""
    df = pd.DataFrame({"window_id": ["HPHA"], "s": pd.to_datetime(["2025-04-08 10:00"]), "e": pd.to_datetime([None]),
                       "x": [True]})
    got = []
    for h in ("2025-04-08 10:05:00", "2025-04-08 10:05:01"):
        it = Measure.of({"measure": "m", "records": "hospital_events", "kernel": "time_limit",
                         "params": {"start": "s", "end": "e", "limit": 5, "unit": "minutes", "exempt": "x",
                                    "exempt_overrun": True}}, ["HPHA"], horizon=h)
        agg = evaluate_frame(df, [it])["m"].agg.sum()
        got.append((int(agg["records"]), int(agg["n"]), int(agg["open"]), int(agg["exempt"])))
    assert got == [(1, 0, 1, 0), (0, 0, 0, 1)]   # records (those judged), n (met or missed), open, exempt


def test_a_flagged_chinese_prescription_without_doses_nor_dispensing_time_is_missing_evidence_in_both_bands():
    """No 付数 (its band unknown) and no dispensing time, no cut-off: missing evidence in both bands, as the
    unflagged twin; the code before excused it in both (exempt).  Fails on the code before: 1."""
    df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 10:00"] * 2), "e": pd.to_datetime([None, "2025-04-08 10:25"]),
                       "doses": [None, None], "x": [True, True]})
    for lim in (10, 20):
        it = Measure.of({"measure": "m", "records": "hospital_events", "kernel": "time_limit",
                         "params": {"start": "s", "end": "e", "limit": lim, "unit": "minutes", "exempt": "x",
                                    "exempt_overrun": True, "needs": "doses", "needs_range": [10, 20]}}, None)
        a = it.apply(df)
        assert a.exempt.tolist() == [1], lim          # 25 minutes: over every band's limit, an overrun in each
        assert a.mask.isna().tolist() == [True], lim
        assert not open_of(a.mask).any() and not excluded_of(a.mask).any(), lim


def test_score_without_a_year_keeps_a_flagged_prescription_without_a_time_in_the_evidence_count():
    """score() over every year (no year, no extracted_at: no cut-off): a flagged western prescription with no
    dispensing time is missing evidence (insufficient, never a pass with it set aside).  The code before: exempt 1,
    missing_evidence 0, verdict pass.  Fails on the code before: 1."""
    ev = _events([
        {"event_type": "prescription_western", "started_at": "2025-04-08 10:00:00",
         "finished_at": "2025-04-08 10:03:00", "exempt": False},
        {"event_type": "prescription_western", "started_at": "2025-04-08 11:00:00", "finished_at": None,
         "exempt": True}], "HPHA")
    card = score("hospital_commitments", None, workspace=workspace((("HPHA", "门诊药房", "hospital_pharmacy"),)),
                 records={"hospital_events": ev}, data=_NOWHERE)
    assert _cell(card, _WESTERN, "HPHA") == {"n": 1, "met": 1, "missing_evidence": 1, "exempt": 0, "open": 0,
                                             "verdict": "insufficient"}


def test_the_overrun_excused_is_the_one_the_limit_finds_art203_and_missing_fail():
    """windoweval/kernels/time.py:_excused judged the overrun with the limit's bare defaults, not the measure's own
    settings: with art. 203 (``extend_to_workday``) a flagged record done on the moved last day (5 days from Monday 2
    June 2025 end on Saturday 7 June, moved to Monday 9 June) was excused - set aside - where its unflagged twin is
    met; with ``missing='fail'`` (no end is a miss) a flagged record never done was missed, where the exception
    excuses exactly such an overrun.  Right: the overrun is the one the limit itself finds.  Fails on the code
    before: 1 (this test; the general case - no bundled measure combines them, a workspace's [params] can)."""
    base = {"start": "s", "end": "e", "limit": 5, "unit": "days", "exempt": "x", "exempt_overrun": True}
    df = pd.DataFrame({"window_id": "W", "s": pd.to_datetime(["2025-06-02 10:00"] * 3),
                       "e": pd.to_datetime(["2025-06-09 10:00", "2025-06-09 10:00", "2025-06-10 00:00"]),
                       "x": [True, False, True]})
    a = Measure.of({"measure": "m", "records": "work_orders", "kernel": "time_limit", "params": base}, None,
                   art203=True).apply(df)
    assert a.exempt.tolist() == [2]                        # the one done a day after the moved last day
    assert a.mask.tolist() == [True, True]
    never = pd.DataFrame({"s": pd.to_datetime(["2025-06-02 10:00"] * 2), "e": pd.to_datetime([None, None]),
                          "x": [True, False]})
    b = Measure.of({"measure": "m", "records": "work_orders", "kernel": "time_limit",
                    "params": {**base, "unit": "minutes", "missing": "fail"}}, None).apply(never)
    assert b.exempt.tolist() == [0] and b.mask.tolist() == [False]   # flagged: excused; unflagged: missed


# -- 2. 适当延长: a special case not done, past the ordinary limit at the cut-off, says why ------------------------

def test_a_special_case_not_done_past_the_ordinary_limit_says_why_and_the_fix():
    """windoweval/scoring.py:_lacking_reason gave the 适当延长 reason only to a special case with a completion time;
    one not done when the records were cut (the year's end), past the ordinary 30 minutes, is missing evidence for
    the same reason (when the longer limit falls is unknown) and had a blank reason.  Right: the reason says it is
    not done, past the ordinary limit, and the fix (extended_limit in [params."<measure>"]); the same for the
    laboratory's cut-off (extended_minutes).  Fails on the code before: 1."""
    ev = _events([
        {"event_type": "function_exam", "started_at": "2025-04-08 14:00:00", "finished_at": "2025-04-08 14:20:00",
         "exempt": False},
        {"event_type": "function_exam", "started_at": "2025-04-08 15:00:00", "finished_at": None, "exempt": True},
        {"event_type": "function_exam", "started_at": "2025-04-08 16:00:00", "finished_at": "2025-04-08 16:45:00",
         "exempt": True}], "HFUN")
    card = score("hospital_commitments", 2025, workspace=workspace((("HFUN", "功能科", "hospital_function"),)),
                 records={"hospital_events": ev}, data=_NOWHERE)
    lacking = card.missing_evidence([_FUNCTION]).set_index("event_id")["reason"]
    assert sorted(lacking.index) == ["E1", "E2"]
    for eid in ("E1", "E2"):
        assert "适当延长" in lacking[eid] and f'extended_limit in [params."{_FUNCTION}"]' in lacking[eid], lacking[eid]
    assert "未完成" in lacking["E1"] and "not done" in lacking["E1"], lacking["E1"]
    assert "not done" not in lacking["E2"], lacking["E2"]

    lab = _events([
        {"event_type": "lab_biochem_immuno", "started_at": "2025-04-08 09:00:00", "finished_at": None,
         "exempt": True}], "HLAB")
    card = score("hospital_commitments", 2025, workspace=workspace((("HLAB", "检验科", "hospital_lab"),)),
                 records={"hospital_events": lab}, data=_NOWHERE)
    why = card.missing_evidence([_BIOCHEM])["reason"].tolist()
    assert len(why) == 1 and "未完成" in why[0] and f'extended_minutes in [params."{_BIOCHEM}"]' in why[0], why


def test_a_special_case_without_a_cut_off_is_not_said_to_be_past_the_limit():
    """Without a cut-off (no year, no extracted_at) a special case not done is missing evidence for want of one,
    as an ordinary one is: the reason must not say it ran past the ordinary limit (it is not known to)."""
    ev = _events([
        {"event_type": "function_exam", "started_at": "2025-04-08 15:00:00", "finished_at": None, "exempt": True}],
        "HFUN")
    card = score("hospital_commitments", None, workspace=workspace((("HFUN", "功能科", "hospital_function"),)),
                 records={"hospital_events": ev}, data=_NOWHERE)
    why = card.missing_evidence([_FUNCTION])["reason"].tolist()
    assert len(why) == 1 and "适当延长" not in why[0], why



# -- 3. the same verdicts from a CSV file, the store and Dask ----------------------------------------------------

def test_exempt_overrun_and_special_cases_agree_on_every_path(tmp_path):
    """A flagged prescription met, over its limit, not done (overdue or within its limit at the year's end), and the
    same for special function tests: the counts read from a CSV file, from the store, and on Dask (sync) agree, for
    the year and over every year (no cut-off: the flagged ones not done are missing evidence on every path)."""
    from _workspace import write_workspace

    from windoweval.records.store import import_records

    wins = (("HPHA", "门诊药房", "hospital_pharmacy"), ("HFUN", "功能科", "hospital_function"))
    rows = []
    for flag in (True, False):
        for w, t, lim in (("HPHA", "prescription_western", 5), ("HFUN", "function_exam", 30)):
            for s, mins in (("2025-04-08 10:00:00", lim - 1), ("2025-04-08 10:00:00", lim + 1),
                            ("2025-04-08 10:00:00", None), ("2025-12-31 23:58:00", None)):
                end = None if mins is None else (pd.Timestamp(s) + pd.Timedelta(minutes=mins)).isoformat(sep=" ")
                rows.append({"event_id": f"E{len(rows)}", "window_id": w, "event_type": t, "started_at": s,
                             "finished_at": end, "exempt": flag})
    files, store = write_workspace(tmp_path / "files", wins), write_workspace(tmp_path / "store", wins)
    pd.DataFrame(rows).to_csv(files / "hospital_events.csv", index=False)
    import_records("hospital_events", files / "hospital_events.csv", store)
    cols = ["measure", "window_id", "records", "n", "met", "missing_evidence", "exempt", "open", "verdict"]
    for year in (2025, None):
        got = []
        for data, sched in ((files, None), (store, None), (files, "sync"), (store, "sync")):
            r = score("hospital_commitments", year, data=data, scheduler=sched).results
            r = r[r["measure"].isin([_WESTERN, _FUNCTION])][cols].sort_values(cols[:2]).reset_index(drop=True)
            got.append(r)
        for r in got[1:]:
            pd.testing.assert_frame_equal(r, got[0])
        cell = got[0].set_index("measure")
        assert (int(cell.loc[_WESTERN, "exempt"]), int(cell.loc[_WESTERN, "missing_evidence"])) == \
            ((2, 0) if year else (1, 4)), year
