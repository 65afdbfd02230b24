"""第五条(二) 供电服务承诺兑现率100% over the work orders and the 95598 calls (power_window.5.2#work_orders,
#calls_95598), the two promise measures no earlier differential test compared: each occurrence of each promise of the
register (windoweval/promises.yaml: which clause's time limit a promise is) judged as tests/diff37_reference.py reads
that clause (connections, billing queries, fault repairs, appointments, meter faults, restorations, the 12 s answer),
against the engine's occurrences: met and missed per (promise, record) from the drill-down, open and missing evidence
from ``results`` (the drill-down of a promise measure leaves both blank), per window; at the year's end, at a
cut-off before it and with the calls given up within 12 s read as missed."""
from __future__ import annotations

import functools
import tempfile
from collections import Counter
from datetime import datetime

import pandas as pd
import pytest

import windoweval as we

import diff37_reference as ref
from _workspace import workspace
from test_diff37_reference import MEASURES, WINDOWS, _plain, all_records, validated

PROMISES = {
    "power_window.5.2#work_orders": ("work_orders", "order_id", {
        "pw_connection_resident_5wd": "power_window.10.2.2#resident", "pw_connection_other_5wd": "power_window.10.2.2#other",
        "pw_billing_query_1wd": "power_window.10.2.4", "pw_fault_repair_45min": "power_window.10.2.5",
        "pw_appointment_1h": "power_window.10.2.7", "pw_meter_fault_2wd": "power_window.10.2.8",
        "pw_restoration_1wd": "power_window.10.2.9#work_orders"}),
    "power_window.5.2#calls_95598": ("calls_95598", "call_id", {"pw_95598_12s": "power_window.10.2.6"}),
}
CASES = [dict(year=2025), dict(year=2025, extracted_at="2025-12-30 12:00:00"),
         dict(year=2025, abandoned_within="missed")]


@functools.lru_cache(maxsize=None)
def frames():
    return all_records(n=900)


def reference(year: int, cut: datetime, **kw) -> dict:
    """{measure: {(promise, record id): verdict}}."""
    out = {}
    fr = frames()
    for m, (kind, key, promises) in PROMISES.items():
        rows = [{k: _plain(v) for k, v in r.items()} for r in fr[kind].to_dict("records")]
        out[m] = {}
        for pid, clause in promises.items():
            f = MEASURES[clause][2]
            for r in rows:
                v = f(r, year, cut, **kw)
                if v != ref.OUT:
                    out[m][(pid, r[key], r["window_id"])] = v
    return out


@functools.lru_cache(maxsize=None)
def card(year: int, extracted_at: str | None = None, abandoned_within: str | None = None):
    settings = {k: v for k, v in (("extracted_at", extracted_at), ("abandoned_within", abandoned_within)) if v}
    return we.score("power_window", year, data=tempfile.mkdtemp(), workspace=workspace(WINDOWS, **settings),
                    records=validated(frames()))


def disagreements(case: dict) -> list:
    year = case["year"]
    cut = ref.cutoff(year, datetime.fromisoformat(case["extracted_at"]) if case.get("extracted_at") else None)
    kw = {k: v for k, v in case.items() if k == "abandoned_within"}
    want = reference(year, cut, **kw)
    c = card(year, case.get("extracted_at"), case.get("abandoned_within"))
    res = c.results.set_index(["measure", "window_id"])
    bad = []
    for m, (kind, key, _) in PROMISES.items():
        dd = c.drilldown(m, include_passed=True, include_exempt=True)
        got = {(p, k): (ref.PASS if v else ref.FAIL) for p, k, v in zip(dd["promise_id"], dd[key], dd["passed"])
               if not pd.isna(v)}
        decided = {(p, k): v for (p, k, _), v in want[m].items() if v in (ref.PASS, ref.FAIL)}
        for k in sorted(set(got) | set(decided), key=str):
            if got.get(k) != decided.get(k):
                bad.append((m, k, "engine", got.get(k), "reference", decided.get(k)))
        for w in {w for (_, _, w) in want[m]} | {w for (mm, w) in res.index if mm == m}:
            counts = [int(res.loc[(m, w), c_]) if (m, w) in res.index else 0 for c_ in ("open", "missing_evidence")]
            per = Counter(v for (_, _, ww), v in want[m].items() if ww == w)
            if counts != [per[ref.OPEN], per[ref.MISSING]]:
                bad.append((m, w, "(open, missing)", "engine", counts, "reference", [per[ref.OPEN], per[ref.MISSING]]))
    return bad


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_every_occurrence_as_the_reference_reads_it(case):
    bad = disagreements(case)
    assert not bad, f"{len(bad)} disagreements, the first: " + "\n".join(map(str, bad[:15]))


def test_the_seeds_reach_every_verdict():
    want = reference(2025, ref.cutoff(2025, datetime.fromisoformat("2025-12-30 12:00:00")))
    for m in PROMISES:
        seen = Counter(want[m].values())
        assert seen[ref.PASS] and seen[ref.FAIL] and seen[ref.MISSING], (m, seen)
    assert Counter(want["power_window.5.2#work_orders"].values())[ref.OPEN]
    assert Counter(want["power_window.5.2#calls_95598"].values())[ref.EXEMPT]


def test_a_flipped_boundary_in_the_reference_is_caught(monkeypatch):
    """45 minutes read as 44 min 59 s (the limit itself missed): the comparison fails."""
    clause = MEASURES["power_window.10.2.5"]
    monkeypatch.setitem(MEASURES, "power_window.10.2.5", (clause[0], clause[1], lambda r, y, c, **o: (
        ref.FAIL if clause[2](r, y, c, **o) == ref.PASS and r.get("arrived_at") is not None and r.get("received_at")
        is not None and (r["arrived_at"] - r["received_at"]).total_seconds() == 45 * 60 else clause[2](r, y, c, **o))))
    bad = disagreements(CASES[0])
    assert bad and {b[1][0] for b in bad if len(b) == 6} == {"pw_fault_repair_45min"}, bad[:3]
