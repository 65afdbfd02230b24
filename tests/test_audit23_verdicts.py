"""Verdicts on evidence, round seven (twenty-third audit); every verdict worked by hand from the clause first.

- 标准4 药房/收费 八、排队超过10人时及时分流 across the year's edge: a queue of 11 at 23:55 on 31 December relieved by
  a third window logged at 00:05 on 1 January is met in the year's scoring, through frames handed in, a file, a
  store dataset and Dask alike; the 1 January snapshot itself is no record of the year (the kernel declares its
  ``reach``; windoweval.engine.edges).
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import workspace, write_workspace

from windoweval.records import validate
from windoweval.records.store import import_records
from windoweval.scoring import score

_PHARMACY = (("HPHA", "药房", "hospital_pharmacy"),)
_Q8 = "hospital_departments.pharmacy_window.8"


def _row(card, measure: str, window: str) -> dict:
    r = card.results.set_index(["measure", "window_id"]).loc[(measure, window)]
    # a measure judged over units (hour slots, crowded snapshots) counts them under units, records <NA> (left19v)
    r = r.copy()
    r["records"] = r["units"] if r["records"] is pd.NA else r["records"]
    return {c: (r[c] if c == "verdict" else int(r[c]))
            for c in ("records", "n", "met", "open", "missing_evidence", "verdict")}


def _snapshots(times, queue, open_windows) -> pd.DataFrame:
    return pd.DataFrame({"window_id": ["HPHA"] * len(times), "observed_at": times,
                         "queue_length": queue, "open_windows": open_windows})


# -- 1. a kernel looking ahead across the year's edge -----------------------------------------------------------

#: 11 waiting at 23:55 on 31 Dec 2025 with 2 windows; 00:05:00 on 1 Jan 2026: 3 windows (relieved, exactly 10 min);
#: 00:30 on 1 Jan: still 11 with 3 windows (a 2026 unit, no later snapshot; never a record of 2025).
_EDGE = _snapshots(["2025-12-31 23:55:00", "2026-01-01 00:05:00", "2026-01-01 00:30:00"], [11, 11, 11], [2, 3, 3])
_MET = {"records": 1, "n": 1, "met": 1, "open": 0, "missing_evidence": 0, "verdict": "pass"}


def test_a_queue_relieved_just_after_the_year_end_is_met_from_frames_handed_in():
    q = validate(_EDGE, "queue_snapshots", file="q.csv")
    card = score("hospital_departments", 2025, data=".", workspace=workspace(_PHARMACY), records={"queue_snapshots": q})
    assert _row(card, _Q8, "HPHA") == _MET


def test_the_next_years_scoring_keeps_its_own_snapshots_only():
    """Scored for 2026 the same frames give 2026's two crowded snapshots: 00:05 (3 windows, still 11 at 00:30 with
    3: 25 minutes later, beyond the 10) and 00:30 (none later): both without evidence within 10 minutes."""
    q = validate(_EDGE, "queue_snapshots", file="q.csv")
    card = score("hospital_departments", 2026, data=".", workspace=workspace(_PHARMACY), records={"queue_snapshots": q})
    assert _row(card, _Q8, "HPHA") == {"records": 2, "n": 0, "met": 0, "open": 0, "missing_evidence": 2,
                                       "verdict": "insufficient"}


def test_a_relief_eleven_minutes_after_the_year_end_is_still_a_miss():
    """The same queue relieved at 00:06:00 (11 minutes): the 00:05 is missing here, so nothing within the 10
    minutes says so; the 00:04 snapshot still crowded with the same 2 windows is a miss (logged, not relieved)."""
    q = validate(_snapshots(["2025-12-31 23:55:00", "2026-01-01 00:04:00", "2026-01-01 00:06:00"], [11, 12, 11],
                            [2, 2, 3]), "queue_snapshots", file="q.csv")
    card = score("hospital_departments", 2025, data=".", workspace=workspace(_PHARMACY), records={"queue_snapshots": q})
    assert _row(card, _Q8, "HPHA") == {"records": 1, "n": 1, "met": 0, "open": 0, "missing_evidence": 0,
                                       "verdict": "fail"}


@pytest.fixture(scope="module")
def edge_dirs(tmp_path_factory):
    """A data directory with the snapshots as a CSV file, and one with them imported into the store."""
    root = tmp_path_factory.mktemp("edge")
    files = write_workspace(root / "files", _PHARMACY)
    _EDGE.to_csv(files / "queue_snapshots.csv", index=False)
    store = write_workspace(root / "store", _PHARMACY)
    import_records("queue_snapshots", files / "queue_snapshots.csv", store)
    assert not (store / "queue_snapshots.csv").exists()
    return files, store


@pytest.mark.parametrize("which", ["files", "store"])
@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_a_queue_relieved_just_after_the_year_end_is_met_on_every_path(edge_dirs, which, scheduler):
    data = edge_dirs[0] if which == "files" else edge_dirs[1]
    card = score("hospital_departments", 2025, data=data, scheduler=scheduler)
    assert _row(card, _Q8, "HPHA") == _MET
    nxt = score("hospital_departments", 2026, data=data, scheduler=scheduler)
    assert _row(nxt, _Q8, "HPHA")["records"] == 2


# -- 1b. a kernel looking behind: an outage of the previous year still on at the year's start ---------------------

_HALL = (("PW01", "城东营业厅", "power_hall"),)
_REL = "power_window.6.2.1"
#: C1 out from 14:00 on 31 Dec 2025 to 10:00 on 1 Jan 2026 (10 h in each year); C2 out 2 h on 30 Dec 2025.
_OUTAGES = pd.DataFrame({"outage_id": ["O1", "O2"], "customer_id": ["C1", "C2"], "window_id": ["PW01"] * 2,
                         "voltage_class": ["lv220"] * 2, "outage_kind": ["fault"] * 2,
                         "start_at": ["2025-12-31 14:00:00", "2025-12-30 10:00:00"],
                         "restored_at": ["2026-01-01 10:00:00", "2025-12-30 12:00:00"]})


def _rel_ws():
    return workspace(_HALL, params={_REL: {"min_rate": 0.999}})


def _rel(card) -> dict:
    r = card.results.set_index(["measure", "window_id"]).loc[(_REL, "PW01")]
    return {c: (r[c] if c == "verdict" else int(r[c])) for c in ("n", "met", "verdict")}


def test_an_outage_running_into_the_year_counts_its_hours_in_that_year():
    """供电可靠性不低于省公司规定的标准 (min_rate 0.999 set): C1's 10 hours in 2026 give 1 - 10/8760 = 0.99886 < 0.999,
    a miss in 2026 as in 2025 (where C2's 2 hours pass).  2026 had read no outage at all (no evidence)."""
    o = validate(_OUTAGES, "outages", file="o.csv")
    assert _rel(score("power_window", 2025, data=".", workspace=_rel_ws(), records={"outages": o})) == {
        "n": 2, "met": 1, "verdict": "fail"}
    assert _rel(score("power_window", 2026, data=".", workspace=_rel_ws(), records={"outages": o})) == {
        "n": 1, "met": 0, "verdict": "fail"}


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_an_outage_running_into_the_year_is_read_from_a_file_and_the_store(tmp_path, scheduler):
    files = write_workspace(tmp_path / "files", _HALL, **{})
    (files / "windoweval.toml").write_text((files / "windoweval.toml").read_text(encoding="utf-8")
                                           + f'\n[params."{_REL}"]\nmin_rate = 0.999\n', encoding="utf-8")
    _OUTAGES.to_csv(files / "outages.csv", index=False)
    store = write_workspace(tmp_path / "store", _HALL)
    (store / "windoweval.toml").write_text((files / "windoweval.toml").read_text(encoding="utf-8"), encoding="utf-8")
    import_records("outages", files / "outages.csv", store)
    for data in (files, store):
        assert _rel(score("power_window", 2026, data=data, scheduler=scheduler)) == {"n": 1, "met": 0,
                                                                                       "verdict": "fail"}


def test_the_years_evaluation_with_a_baseline_sees_the_relief_across_the_year_end(edge_dirs):
    """windoweval.evaluate (the report's scoring) reads a file holding every year once for the year and its
    baseline and hands each year's frames to the engine: the relief at 00:05 on 1 January must still be seen."""
    from windoweval.evaluation import evaluate

    ev = evaluate(2025, data=edge_dirs[0], baseline_year=2026, standards=["hospital_departments"])
    assert _row(ev.card, _Q8, "HPHA") == _MET


# -- 4. times with a zone across the year's end: the year is Beijing's ---------------------------------------------

def test_calls_with_a_zone_belong_to_the_beijing_year_they_rang_in():
    """标准1 第十条(二)6, 铃响4声(12秒)内接听: 2025-12-31T15:59:55Z is 23:59:55 on 31 December in Beijing (a 2025 call,
    answered 12 s later: met); 2025-12-31T16:00:01Z is 00:00:01 on 1 January (a 2026 call, not 2025's)."""
    calls = validate(pd.DataFrame({"call_id": ["1", "2"], "window_id": ["CC", "CC"],
                                   "offered_at": ["2025-12-31T15:59:55Z", "2025-12-31T16:00:01+00:00"],
                                   "answered_at": ["2025-12-31T16:00:07Z", "2026-01-01 00:00:13+08:00"]}),
                     "calls_95598", file="c.csv")
    ws = workspace((("CC", "95598 坐席组", "call_centre"),))
    for year in (2025, 2026):
        card = score("power_window", year, data=".", workspace=ws, records={"calls_95598": calls})
        assert _row(card, "power_window.10.2.6", "CC") == {"records": 1, "n": 1, "met": 1, "open": 0,
                                                           "missing_evidence": 0, "verdict": "pass"}


def test_the_drilldown_message_reads_the_organisations_own_parameter():
    """The reliability measure takes its provincial standard from the workspace (``[params."power_window.6.2.1"]
    min_rate``).  The drill-down's message is the kernel's, filled from the measure's parameters: it showed the
    placeholder (供电可靠率低于 {min_rate}), since only the catalog's parameters were read.  It must show the figure
    the verdict used, in both languages."""
    o = validate(_OUTAGES, "outages", file="o.csv")
    card = score("power_window", 2026, data=".", workspace=_rel_ws(), records={"outages": o})
    msg = set(card.drilldown(_REL)["message"])
    assert msg == {"供电可靠率低于 0.999 / supply reliability below 0.999"}
