"""verdicts46: verdicts checked by hand against the standards' text.

实行24小时服务 (标准3, the six hospital windows' item 1) and 无周休日 (标准1 第十条(一)1): a service event or a counter
transaction is made only when someone comes, so an hour (a weekday) with none in the whole year shows nobody came, not
that the window was shut: missing evidence (insufficient), never a fail, as clauses45 read 第十条(一)2.  The clause's
inspection item (service_24h, open_all_week) is named as the evidence to look at.  An organisation that holds its
complete year of records as proof of closure sets ``empty = "fail"`` under ``[params."<measure>"]``; then the sure-fail
bound of ``every_slot`` (fewer untimed records than empty slots: a certain miss) decides through the real engine.
"""
from __future__ import annotations

import tempfile

import pandas as pd
import pytest

import windoweval as we
from windoweval.catalog import load_catalog

from _workspace import records_of, workspace

LAB = (("HLAB", "检验科", "hospital_lab"), ("HLA2", "检验科二", "hospital_lab"))
M = "hospital_commitments.lab.1#events"


def _params(mid):
    return next(m for m in load_catalog().measures() if m["measure"] == mid)["params"]


@pytest.mark.parametrize("mid", [f"hospital_commitments.{d}.1#events" for d in
                                 ("billing", "pharmacy", "emergency", "radiology", "function", "lab")]
                         + ["power_window.10.1.1#transactions"])
def test_the_clause_reads_an_empty_slot_as_no_evidence_and_says_why(mid):
    """Each clause's data says empty: na, and its reading says why and how to read it the other way."""
    assert _params(mid)["empty"] == "na"
    reading = load_catalog().clause(mid.split("#")[0])["reading"]
    assert "never a fail" in reading and f'empty = "fail" under [params."{mid}"]' in reading


def _lab(rows_by_window: dict, **settings):
    rows = [{"window_id": w, "event_type": "lab_routine", "started_at": t, "finished_at": None}
            for w, ts in rows_by_window.items() for t in ts]
    ws = workspace(LAB, **settings)
    return we.score("hospital_commitments", 2025, data=tempfile.mkdtemp(), workspace=ws,
                    records={"hospital_events": records_of("hospital_events", rows)})


def _timed(skip: set) -> list:
    return [f"2025-04-{8 + h % 3:02d} {h:02d}:20:00" for h in range(24) if h not in skip]


def test_a_quiet_hour_of_a_hospital_window_is_insufficient_and_names_the_night_inspection():
    card = _lab({"HLAB": _timed({3})})
    r = card.results.set_index(["measure", "window_id"]).loc[(M, "HLAB")]
    assert (r["verdict"], int(r["met"]), int(r["missing_evidence"])) == ("insufficient", 23, 1)
    lack = card.missing_evidence([M])
    assert lack["hour"].astype(int).tolist() == [3]
    assert lack["reason"].str.contains("service_24h").all() and lack["reason"].str.contains("无人求助").all()


def test_a_weekday_without_transactions_is_insufficient_and_names_open_all_week():
    rows = [{"window_id": "PW01", "ticket_at": f"2025-03-{d:02d} 08:58:00",
             "called_at": f"2025-03-{d:02d} 08:59:00", "started_at": f"2025-03-{d:02d} 09:00:00",
             "ended_at": f"2025-03-{d:02d} 09:04:00"}
            for d in range(3, 9)]    # Monday 3 to Saturday 8 March 2025: no Sunday
    card = we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(),
                    records={"counter_transactions": records_of("counter_transactions", rows)})
    mid = "power_window.10.1.1#transactions"
    r = card.results.set_index(["measure", "window_id"]).loc[(mid, "PW01")]
    assert (r["verdict"], int(r["met"]), int(r["missing_evidence"])) == ("insufficient", 6, 1)
    lack = card.missing_evidence([mid])
    assert lack["weekday"].astype(int).tolist() == [6]
    assert lack["reason"].str.contains("open_all_week").all()


# -- the sure-fail bound end to end (the organisation's option empty = "fail") -----------------------------------------
# HLAB: 22 hours with a timed sample, 2 empty hours (3 and 17), 1 sample dated with no time (a date alone: its day is
# known, not its hour): it fills one empty hour at most, so the other surely had no service - a certain fail, never
# "insufficient"; HLA2: the same with 2 dated samples, which could fill both - unknown, insufficient.  Under the
# clause's own reading (empty: na) both are insufficient: an hour with no sample is no proof of closure.
@pytest.mark.parametrize("option, verdicts", [
    ({"params": {M: {"empty": "fail"}}}, ("fail", "insufficient")),
    ({}, ("insufficient", "insufficient")),
])
def test_fewer_undated_events_than_empty_hours_is_a_certain_fail_under_the_option(option, verdicts):
    card = _lab({"HLAB": _timed({3, 17}) + ["2025-05-06"], "HLA2": _timed({3, 17}) + ["2025-05-06", "2025-05-07"]},
                **option)
    v = card.results.set_index(["measure", "window_id"])
    assert (v.loc[(M, "HLAB"), "verdict"], v.loc[(M, "HLA2"), "verdict"]) == verdicts
    for w in ("HLAB", "HLA2"):   # each empty hour stays unknown on its own; the timed hours pass
        assert (int(v.loc[(M, w), "met"]), int(v.loc[(M, w), "missing_evidence"])) == (22, 2)
    lack = card.missing_evidence([M])
    assert sorted(lack.loc[lack["window_id"] == "HLAB", "hour"].astype(int)) == [3, 17]


# -- 24小时不间断 and calls given up within 12 s (第十条(一)2 beside 第十条(二)6) ------------------------------------------
CALLS = "power_window.10.1.2#calls"


def test_the_hours_leave_out_the_calls_the_answer_limit_leaves_out():
    """10.1.2 reads its 12 s from its own clause data, the same 12 s as 10.2.6's answer limit, and the same column."""
    p, q = _params(CALLS), _params("power_window.10.2.6")
    assert (p["abandoned"], p["abandoned_limit"]) == (q["abandoned"], q["limit"]) == ("hung_up_at", 12)
    assert q["unit"] == "seconds"


def _calls(rows, **settings):
    ws = workspace((("CC", "95598", "call_centre"),), **settings)
    return we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws,
                    records={"calls_95598": records_of("calls_95598", rows)})


# hour 3: one call given up at 4 s, then one given up at 40 s (owed an answer, unanswered: the hour fails);
# hour 5: one given up at 12 s exactly (not counted: na); every other hour no call (na)
_GIVEN_UP = [{"window_id": "CC", "offered_at": "2025-03-04 03:00:00", "answered_at": None,
              "hung_up_at": "2025-03-04 03:00:04"},
             {"window_id": "CC", "offered_at": "2025-03-04 03:30:00", "answered_at": None,
              "hung_up_at": "2025-03-04 03:30:40"},
             {"window_id": "CC", "offered_at": "2025-03-04 05:30:00", "answered_at": None,
              "hung_up_at": "2025-03-04 05:30:12"}]


@pytest.mark.parametrize("settings, failed", [({}, [3]), ({"abandoned_within": "missed"}, [3, 5])])
def test_an_hour_of_calls_given_up_within_12_s_is_no_interruption_and_the_option_owes_them(settings, failed):
    card = _calls(_GIVEN_UP, **settings)
    dd = card.drilldown(CALLS, include_passed=True)
    assert sorted(dd.loc[dd["passed"] == False, "hour"].astype(int)) == failed   # noqa: E712
    lack = card.missing_evidence([CALLS])
    assert sorted(lack["hour"].astype(int)) == [h for h in range(24) if h not in failed]


def test_the_store_reduction_keeps_an_owed_call_behind_an_uncounted_one():
    """The store's gathered population keeps a row of each class per hour: a reduction keeping only the first
    unanswered call of hour 3 (given up at 4 s, not counted) would read the hour as no evidence, not a fail."""
    from windoweval.kernels.counts import every_slot

    df = pd.DataFrame(_GIVEN_UP * 3).assign(
        offered_at=lambda d: pd.to_datetime(d["offered_at"]), answered_at=lambda d: pd.to_datetime(d["answered_at"]),
        hung_up_at=lambda d: pd.to_datetime(d["hung_up_at"]))
    params = dict(_params(CALLS))
    full = every_slot(df, **params, windows=["CC"])
    assert full.loc[("CC", 3)] == False and full.drop([("CC", 3)]).isna().all()   # noqa: E712
    _reduced_alike(df, params, "CC", full, rows=3)


def _reduced_alike(df, params: dict, window: str, full, rows: int) -> None:
    """The store's reduction of ``df`` (engine.pieces._reduce) keeps ``rows`` rows, and judges as ``full``."""
    from windoweval.engine.pieces import _reduce
    from windoweval.kernels import KERNELS
    from windoweval.kernels.counts import every_slot

    it = type("It", (), {"kernel": KERNELS["every_slot"], "params": params})()
    small = _reduce(df, it)
    assert len(small) == rows
    pd.testing.assert_series_equal(every_slot(small, **params, windows=[window]), full)


# -- 无周休日 and the make-up working days (调休) ------------------------------------------------------------------------
def test_a_makeup_sunday_is_not_a_rest_sunday_and_the_reduction_keeps_one_behind_it():
    """28 September 2025 is a 调休 Sunday (an official working day): a hall's transaction on it does not show the hall
    opens on Sundays; 21 September (an ordinary Sunday) does.  The store's reduction keeps the ordinary Sunday's row
    behind the 调休 one of the same slot."""
    from windoweval.calendar import WorkCalendar
    from windoweval.kernels.counts import every_slot

    params = dict(_params("power_window.10.1.1#transactions"), calendar=WorkCalendar())
    assert params["makeup_days"] == "skip"
    t = pd.to_datetime(["2025-09-28 10:00", "2025-09-28 11:00", "2025-09-21 10:00"])
    df = pd.DataFrame({"window_id": ["PW01"] * 3, "started_at": t})
    assert every_slot(df.iloc[:2], **params, windows=["PW01"]).isna().all()   # only the 调休 Sunday: no evidence
    full = every_slot(df, **params, windows=["PW01"])
    assert full.loc[("PW01", 6)] == True and full.drop([("PW01", 6)]).isna().all()   # noqa: E712
    _reduced_alike(df, params, "PW01", full, rows=2)


def test_a_hall_seen_on_weekends_only_on_makeup_days_is_not_passed_for_them():
    rows = [{"window_id": "PW01", "ticket_at": f"{d} 08:58:00", "called_at": f"{d} 08:59:00",
             "started_at": f"{d} 09:00:00", "ended_at": f"{d} 09:04:00"}
            for d in ("2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07", "2025-02-08", "2025-01-26")]
    card = we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(),
                    records={"counter_transactions": records_of("counter_transactions", rows)})
    mid = "power_window.10.1.1#transactions"
    r = card.results.set_index(["measure", "window_id"]).loc[(mid, "PW01")]
    assert (r["verdict"], int(r["met"]), int(r["missing_evidence"])) == ("insufficient", 5, 2)


def test_the_hours_12_s_is_said_to_be_10_2_6s_and_is_settable_for_the_clause():
    """verdicts47: 10.1.2 (24小时不间断服务) names no figure for a call given up; its reading says the 12 s is 10.2.6's
    and how to set it, and ``abandoned_limit`` under ``[params."power_window.10.1.2#calls"]`` decides through the real
    engine: a call given up after 15 s fails its hour at 12 s, is not yet owed an answer at 20 s."""
    reading = load_catalog().clause("power_window.10.1.2")["reading"]
    assert "10.1.2's own text names no figure" in reading and "10.2.6's" in reading
    assert 'abandoned_limit (seconds) under [params."power_window.10.1.2#calls"]' in reading
    rows = [{"window_id": "CC", "offered_at": "2025-03-04 05:30:00", "answered_at": None,
             "hung_up_at": "2025-03-04 05:30:15"}]
    for params, failed in (({}, [5]), ({CALLS: {"abandoned_limit": 20}}, [])):
        dd = _calls(rows, params=params).drilldown(CALLS, include_passed=True)
        assert sorted(dd.loc[dd["passed"] == False, "hour"].astype(int)) == failed   # noqa: E712
