"""clauses45: 24小时不间断服务 (power_window.10.1.2) read against the text.  An hour in which nobody reported a fault or
offered a call all year is no evidence of an interruption (missing evidence, never a fail); an hour with calls offered
and none answered is a fail.  The store's gathered population (engine.pieces._reduce) keeps what decides each hour:
a served and an unserved record of a slot both."""
from __future__ import annotations

import numpy as np
import pandas as pd

from windoweval.catalog import load_catalog
from windoweval.engine.pieces import _reduce
from windoweval.kernels import KERNELS
from windoweval.kernels.counts import every_slot


def _params(mid):
    return next(m for m in load_catalog().measures() if m["measure"] == mid)["params"]


def test_the_clause_reads_an_empty_hour_as_no_evidence_and_an_unanswered_hour_as_a_miss():
    assert _params("power_window.10.1.2#repair")["empty"] == "na"
    p = _params("power_window.10.1.2#calls")
    assert (p["time"], p["empty"], p["served"]) == ("offered_at", "na", "answered_at")


def test_unanswered_then_answered_in_one_hour_survives_the_reduction():
    # hour 3: first an unanswered call, then an answered one (served: pass); hour 4: unanswered only (fail); a
    # reduction keeping only the first row of each hour would read hour 3 as a miss
    t = pd.to_datetime(["2025-01-02 03:00", "2025-01-02 03:10", "2025-01-03 04:00", "2025-01-03 04:30"])
    ans = pd.to_datetime([None, "2025-01-02 03:10:05", None, None])
    df = pd.DataFrame({"window_id": ["CC"] * 4, "offered_at": t, "answered_at": ans})
    params = {"time": "offered_at", "slot": "hour", "empty": "na", "served": "answered_at"}
    full = every_slot(df, **params, windows=["CC"])
    assert full.loc[("CC", 3)] == True and full.loc[("CC", 4)] == False   # noqa: E712
    assert full.drop([("CC", 3), ("CC", 4)]).isna().all()
    it = type("It", (), {"kernel": KERNELS["every_slot"], "params": params})()
    small = _reduce(df, it)
    assert len(small) == 3
    pd.testing.assert_series_equal(every_slot(small, **params, windows=["CC"]), full)


def test_an_answered_call_of_unknown_hour_leaves_an_unanswered_hour_unknown():
    t = pd.to_datetime(["2025-01-02 03:00", None])
    ans = pd.to_datetime([None, "2025-01-02 05:00"])
    df = pd.DataFrame({"window_id": ["CC"] * 2, "offered_at": t, "answered_at": ans})
    r = every_slot(df, "offered_at", "hour", windows=["CC", "CC2"], empty="na", served="answered_at")
    assert r.loc["CC"].isna().all() and r.loc["CC2"].isna().all()
    # the window with no record is left out (no_data), the other's hours are missing evidence
    from windoweval.kernels import excluded_of
    ex = np.asarray(excluded_of(r), dtype=bool)
    assert ex[24:].all() and not ex[:24].any()


def test_an_empty_hour_says_why_it_lacks_evidence():
    """The reason listed for an hour with no fault report names the cause (nobody asked) and the fix (the inspection's
    service_24h, or the times), not a blank time the window may not have."""
    import tempfile

    import windoweval as we
    from windoweval.records import validate

    from _workspace import workspace

    df = pd.DataFrame({"order_id": ["W1"], "window_id": "PW01", "order_type": "fault_repair",
                       "received_at": ["2025-06-01 10:15:00"]})
    card = we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(),
                    records={"work_orders": validate(df, "work_orders")})
    lack = card.missing_evidence(["power_window.10.1.2#repair"])
    assert sorted(lack["hour"].astype(int)) == [h for h in range(24) if h != 10]
    assert lack["reason"].str.contains("service_24h").all() and lack["reason"].str.contains("无人求助").all()
    r = card.results.set_index(["measure", "window_id"]).loc[("power_window.10.1.2#repair", "PW01")]
    assert (r["verdict"], int(r["met"]), int(r["missing_evidence"])) == ("insufficient", 1, 23)
