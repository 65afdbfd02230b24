"""Differential test: every record's verdict from the engine (``windoweval.score``, the public entry point) against an
independent reading of the time-limit clauses (tests/diff37_reference.py, which imports nothing from windoweval).

Seeded random records, a few thousand per measure, concentrated on the edges: ends exactly at the limit and one
second past, receipt at 00:00:00, late in the evening and at 23:59:59, around 春节, 劳动节 and 国庆 with their 调休
weekend working days in 2024-2026, across the year's end (received 2025-12-31, completed in January), records of
another year, and blank ends either side of the cut-off (the year's end, or the workspace's extracted_at).
A disagreement names the measure, the record and both verdicts.
"""
from __future__ import annotations

import random
import tempfile
from datetime import date, datetime, time, timedelta

import chinese_calendar
import pandas as pd
import pytest

import windoweval as we
from windoweval.records import validate

import diff37_reference as ref
from _workspace import workspace

SEED = 37
WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("CC95598", "95598客服中心", "call_centre"),
           ("HPHA", "门诊药房", "hospital_pharmacy"), ("HLAB", "检验科", "hospital_lab"),
           ("HRAD", "放射科", "hospital_radiology"))


# ---------------------------------------------------------------- the edges
def _edge_days(rng: random.Random) -> list[date]:
    """Days near a day off on a weekday (a holiday) or a working weekend day (调休), and the year's ends."""
    out, d = [], date(2024, 1, 1)
    while d <= date(2026, 11, 30):
        special = (d.weekday() < 5) != chinese_calendar.is_workday(d)
        if special or (d.month, d.day) in ((12, 31), (1, 1)):
            out += [d + timedelta(days=k) for k in range(-6, 3)]
        d += timedelta(days=1)
    out += [date(y, 12, 31) - timedelta(days=k) for y in (2024, 2025) for k in range(15)] * 3
    return sorted(set(out)) + [x for x in out if x.month == 12]   # the year's end drawn more often


def _clock(rng: random.Random) -> time:
    return rng.choice([time(0, 0, 0), time(23, 59, 59), time(23, 59, 0), time(22, 30, 0), time(12, 0, 0),
                       time(8, 30, 0), time(rng.randrange(24), rng.randrange(60), rng.randrange(60))])


def _at(rng: random.Random, days: list[date]) -> datetime:
    return datetime.combine(rng.choice(days), _clock(rng))


def _near(rng: random.Random, deadline: datetime, exclusive: bool, start: datetime) -> datetime | None:
    """An end at the limit, a second either side, a day either side, at its day's start, or blank."""
    edge = deadline - timedelta(seconds=1) if exclusive else deadline
    cands = [edge, edge + timedelta(seconds=1), edge - timedelta(seconds=1), edge + timedelta(days=1),
             edge - timedelta(days=1), datetime.combine(edge.date(), time(0)), None, None]
    t = rng.choice(cands)
    return t if t is None or t >= start else start


def _ts(v):
    return None if v is None else pd.Timestamp(v)


# ---------------------------------------------------------------- the records
def work_orders(rng, days, n):
    rows = []
    kinds = [("new_connection_resident", 5), ("new_connection_other", 5), ("billing_query", 1), ("meter_fault", 2),
             ("supply_restoration", 1)]
    for i in range(n):
        rec = _at(rng, days)
        t = rng.random()
        if t < 0.5:
            kind, k = rng.choice(kinds)
            done = _near(rng, ref.working_days_deadline(rec, k), True, rec)
            rows.append({"order_type": kind, "received_at": rec, "completed_at": done})
            if kind == "new_connection_other" and rng.random() < 0.4:   # filed before the clock started
                rows[-1]["filed_at"] = rec - timedelta(days=rng.choice([0, 1, 3, 10]))
                if rng.random() < 0.3:
                    rows[-1]["received_at"] = None
        elif t < 0.75:
            arr = _near(rng, rec + timedelta(minutes=45), False, rec)
            rows.append({"order_type": "fault_repair", "received_at": rec, "arrived_at": arr})
            if rng.random() < 0.15:   # the repair's completion: after the arrival, or (out of order) before it
                rows[-1]["completed_at"] = max(rec, (arr or rec + timedelta(minutes=45))
                                               + timedelta(minutes=rng.choice([-30, -1, 0, 1, 60])))
        else:
            due = rec + timedelta(days=rng.choice([0, 1, 2]), hours=rng.choice([0, 1, 3]))
            arr = _near(rng, due + timedelta(hours=1), False, rec)
            if arr is not None and rng.random() < 0.2:
                arr = max(rec, due - timedelta(minutes=rng.choice([1, 30, 90])))   # early
            rows.append({"order_type": "appointment", "received_at": rec, "due_at": due, "arrived_at": arr})
        if rng.random() < 0.08:
            rows[-1]["order_status"] = rng.choice(["closed", "withdrawn", "open"])
    df = pd.DataFrame(rows)
    df.insert(0, "order_id", [f"WO{i:05d}" for i in range(len(df))])
    df.insert(1, "window_id", "PW01")
    return df


def calls(rng, days, n):
    rows = []
    for i in range(n):
        off = _at(rng, days)
        t = rng.random()
        ans = hung = None
        if t < 0.5:
            ans = off + timedelta(seconds=rng.choice([0, 5, 11, 12, 12, 13, 13, 40]))
            if rng.random() < 0.3:
                hung = ans + timedelta(seconds=rng.choice([-1, 0, 90]))
                hung = max(hung, off)
        elif t < 0.9:
            hung = off + timedelta(seconds=rng.choice([0, 3, 11, 12, 12, 13, 13, 60]))
        rows.append({"offered_at": off, "answered_at": ans, "hung_up_at": hung})
    df = pd.DataFrame(rows)
    df.insert(0, "call_id", [f"C{i:06d}" for i in range(len(df))])
    df.insert(1, "window_id", "CC95598")
    return df


def complaints(rng, days, n):
    rows = []
    for i in range(n):
        rec = _at(rng, days)
        kind = rng.choice(["complaint", "report", "suggestion"])
        k = 10 if kind == "report" else 5
        dl = ref.calendar_days_deadline(rec, k, rng.random() < 0.5)   # either reading's edge
        rows.append({"kind": kind, "channel": "95598", "received_at": rec,
                     "replied_at": _near(rng, dl, True, rec)})
        if rows[-1]["replied_at"] is None and rng.random() < 0.3:   # withdrawn (撤诉) by the customer
            rows[-1].update(case_status="withdrawn", resolved_at=_near(rng, dl, True, rec))
    df = pd.DataFrame(rows)
    df.insert(0, "case_id", [f"TS{i:06d}" for i in range(len(df))])
    df.insert(1, "window_id", "PW01")
    return df


_HOSPITAL = [("decoction", "HPHA", None, ["09:59:59", "10:00:00", "00:00:00", "15:30:00", "15:30:59", "15:31:00",
                                           "23:59:59"], ["12:00:00", "17:30:00"]),
             ("lab_biochem_immuno", "HLAB", None, ["09:29:59", "09:30:00", "00:00:00", "23:59:59"], ["14:30:00"]),
             ("radiology_exam", "HRAD", "inpatient", ["16:59:59", "17:00:00", "00:00:00", "23:59:59"], ["17:30:00"])]


def hospital_events(rng, days, n):
    rows = []
    for i in range(n):
        et, win, pk, starts, dues = rng.choice(_HOSPITAL)
        d = rng.choice(days)
        s = rng.choice(starts + ["rand"])
        start = (datetime.combine(d, time(rng.randrange(24), rng.randrange(60), rng.randrange(60))) if s == "rand"
                 else datetime.combine(d, time.fromisoformat(s)))
        due = datetime.combine(d, time.fromisoformat(rng.choice(dues)))
        end = rng.choice([due, due + timedelta(seconds=1), due - timedelta(seconds=1), due + timedelta(days=1),
                          None, start + timedelta(minutes=rng.randrange(600))])
        if end is not None and end < start:
            end = start
        rows.append({"event_type": et, "window_id": win, "patient_kind": pk, "started_at": start, "finished_at": end,
                     "exempt": rng.random() < 0.1})
    df = pd.DataFrame(rows)
    df.insert(0, "event_id", [f"H{i:06d}" for i in range(len(df))])
    return df


def outages(rng, days, n):
    rows = []
    for i in range(n):
        start = _at(rng, days)
        clear = rng.choice([None, start, start + timedelta(hours=rng.choice([1, 5, 30]))])
        base = clear or start
        back = _near(rng, ref.working_days_deadline(base, 1), True, start)
        rows.append({"outage_id": f"O{i:05d}", "customer_id": "C1", "window_id": "PW01", "voltage_class": "lv220",
                     "outage_kind": rng.choice(["fault", "planned"]), "start_at": start, "cause_cleared_at": clear,
                     "restored_at": back, "outage_status": rng.choice([None] * 8 + ["open", "closed"])})
    return pd.DataFrame(rows)


def attendance(rng, days, n):
    rows = []
    for i in range(n):
        shift = datetime.combine(rng.choice(days), rng.choice([time(0, 0), time(0, 5), time(8, 30), time(23, 59)]))
        arr = rng.choice([shift - timedelta(minutes=10), shift - timedelta(minutes=10) + timedelta(seconds=1),
                          shift - timedelta(minutes=10, seconds=1), shift, shift - timedelta(hours=1), None])
        rows.append({"staff_id": f"S{i:05d}", "window_id": "PW01", "shift_start": shift, "arrived_at": arr})
    return pd.DataFrame(rows)


def at_cut(cut: datetime) -> dict:
    """Records whose deadline falls at the cut-off itself, a second before and a second after, with no end: open
    (the deadline not passed) or missed / missing evidence (passed)."""
    out = {k: [] for k in ("work_orders", "calls_95598", "complaints", "hospital_events", "attendance")}
    for s in (-1, 0, 1):
        d = timedelta(seconds=s)
        out["work_orders"] += [{"order_type": "fault_repair", "received_at": cut - timedelta(minutes=45) + d},
                               {"order_type": "appointment", "received_at": cut - timedelta(days=1),
                                "due_at": cut - timedelta(hours=1) + d}]
        out["calls_95598"].append({"offered_at": cut - timedelta(seconds=12) + d})
        out["attendance"].append({"staff_id": f"S-{cut:%Y%m%d%H%M%S}{s}", "window_id": "PW01",
                                  "shift_start": cut + timedelta(minutes=10) + d})
        for et, win, pk, due in (("decoction", "HPHA", None, "12:00"), ("lab_biochem_immuno", "HLAB", None, "14:30"),
                                 ("radiology_exam", "HRAD", "inpatient", "17:30")):
            day = (cut + d).date()
            out["hospital_events"].append({"event_type": et, "window_id": win, "patient_kind": pk,
                                           "started_at": datetime.combine(day, time(0, 0, 1))})
        # a complaint's day ends at midnight: the cut-off on either side of the last day's end
        last = (cut + d).date() - timedelta(days=5)
        out["complaints"].append({"kind": "complaint", "channel": "95598",
                                  "received_at": datetime.combine(last - timedelta(days=1), time(9))})
    return out


def all_records(seed: int = SEED, n: int = 2500) -> dict:
    rng = random.Random(seed)
    days = _edge_days(rng)
    frames = _all_records(rng, days, n)
    for cut in CUTS:
        for kind, rows in at_cut(cut).items():
            df, key = frames[kind], KEYS[kind]
            extra = pd.DataFrame(rows)
            if key not in extra:
                extra.insert(0, key, [f"{key[:2].upper()}-{cut:%Y%m%d%H%M%S}-{i}" for i in range(len(extra))])
            if "window_id" not in extra:
                extra["window_id"] = df["window_id"].iloc[0]
            frames[kind] = pd.concat([df, extra], ignore_index=True)
    return frames


KEYS = {"work_orders": "order_id", "calls_95598": "call_id", "complaints": "case_id", "hospital_events": "event_id",
        "attendance": "staff_id", "outages": "outage_id"}
#: the cut-offs of CASES (below): the year's last second, an extraction in January and one in late December
CUTS = [datetime(2025, 12, 31, 23, 59, 59), datetime(2026, 1, 10, 8), datetime(2025, 12, 30, 12),
        datetime(2024, 12, 31, 23, 59, 59)]


def _all_records(rng, days, n) -> dict:
    return {"work_orders": work_orders(rng, days, n), "calls_95598": calls(rng, days, n // 2),
            "complaints": complaints(rng, days, n // 2), "outages": outages(rng, days, n // 2), "hospital_events": hospital_events(rng, days, n // 2),
            "attendance": attendance(rng, days, n // 3)}


# ---------------------------------------------------------------- the two sides
#: measure -> (kind, id column, the reference's verdict of a row given year, cut-off, art203, abandoned_within)
MEASURES = {
    "power_window.10.2.2#resident": ("work_orders", "order_id", lambda r, y, c, **o: ref.working_day_order(r, 5, y, c)
                                     if r["order_type"] == "new_connection_resident" else ref.OUT),
    "power_window.10.2.2#other": ("work_orders", "order_id", lambda r, y, c, **o: ref.working_day_order(r, 5, y, c)
                                  if r["order_type"] == "new_connection_other" else ref.OUT),
    "power_window.10.2.9#outages": ("outages", "outage_id", lambda r, y, c, **o: ref.outage_restored(r, y, c)),
    "power_window.10.2.4": ("work_orders", "order_id", lambda r, y, c, **o: ref.working_day_order(r, 1, y, c)
                            if r["order_type"] == "billing_query" else ref.OUT),
    "power_window.10.2.8": ("work_orders", "order_id", lambda r, y, c, **o: ref.working_day_order(r, 2, y, c)
                            if r["order_type"] == "meter_fault" else ref.OUT),
    "power_window.10.2.9#work_orders": ("work_orders", "order_id", lambda r, y, c, **o: ref.working_day_order(r, 1, y, c)
                                        if r["order_type"] == "supply_restoration" else ref.OUT),
    "power_window.10.2.5": ("work_orders", "order_id", lambda r, y, c, **o: ref.fault_repair(r, y, c)
                            if r["order_type"] == "fault_repair" else ref.OUT),
    "power_window.10.2.7": ("work_orders", "order_id", lambda r, y, c, **o: ref.appointment(r, y, c)
                            if r["order_type"] == "appointment" else ref.OUT),
    "power_window.10.2.6": ("calls_95598", "call_id", lambda r, y, c, abandoned_within="excluded", **o:
                            ref.call_answered(r, y, c, abandoned_within)),
    "power_window.13.5#complaint_reply": ("complaints", "case_id", lambda r, y, c, art203=False, **o:
                                          ref.complaint_reply(r, 5, y, c, art203) if r["kind"] == "complaint" else ref.OUT),
    "power_window.13.5#report_reply": ("complaints", "case_id", lambda r, y, c, art203=False, **o:
                                       ref.complaint_reply(r, 10, y, c, art203) if r["kind"] == "report" else ref.OUT),
    "hospital_commitments.pharmacy.9": ("hospital_events", "event_id", lambda r, y, c, **o:
                                        ref.clock_rule(r, ref.DECOCTION, y, c) if r["event_type"] == "decoction" else ref.OUT),
    "hospital_commitments.lab.5#biochem_immuno": ("hospital_events", "event_id", lambda r, y, c, **o:
                                                  ref.clock_rule(r, ref.LAB_BIOCHEM, y, c, exempt="extend")
                                                  if r["event_type"] == "lab_biochem_immuno" else ref.OUT),
    "hospital_commitments.radiology.5#inpatient": ("hospital_events", "event_id", lambda r, y, c, **o:
                                                   ref.clock_rule(r, ref.RADIOLOGY_INPATIENT, y, c, 30, "exempt")
                                                   if r["event_type"] == "radiology_exam"
                                                   and r["patient_kind"] == "inpatient" else ref.OUT),
    "window_staff.1.1": ("attendance", "staff_id", lambda r, y, c, **o: ref.arrived_early(r, y, c)),
}
STANDARDS = sorted({m.split(".")[0] for m in MEASURES})


def _plain(v):
    if v is None or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    return v.to_pydatetime() if isinstance(v, pd.Timestamp) else v


def reference_verdicts(frames: dict, year: int, cut: datetime, **opts) -> dict:
    out = {}
    for m, (kind, key, f) in MEASURES.items():
        df = frames[kind]
        out[m] = {r[key]: f({k: _plain(v) for k, v in r.items()}, year, cut, **opts)
                  for r in df.to_dict("records")}
    return out


def engine_verdicts(card, measure: str, key: str, ids) -> dict:
    """Every record's verdict as the scorecard's public tables give it: the drill-down with the passed and the
    excused, the records missing evidence, the rest of the population not assessed; a record in none: out."""
    dd = card.drilldown(measure, include_passed=True, include_exempt=True)
    lacking = set(card.missing_evidence([measure]).get(key, pd.Series(dtype=object)))
    out = dict.fromkeys(ids, ref.OUT)
    for k, passed, opened, exempt in zip(dd[key], dd["passed"], dd["open"], dd["excused"]):
        if exempt:
            out[k] = ref.EXEMPT
        elif opened:
            out[k] = ref.OPEN
        elif not pd.isna(passed):
            out[k] = ref.PASS if passed else ref.FAIL
        else:
            out[k] = ref.MISSING if k in lacking else ref.NOT_ASSESSED
    return out


def validated(frames: dict) -> dict:
    return {k: validate(df.astype(object).where(df.notna(), None), k, file=f"{k}.csv") for k, df in frames.items()}


def compare(frames: dict, year: int, extracted_at: str | None = None, **opts) -> list:
    ws = workspace(WINDOWS, **({"extracted_at": extracted_at} if extracted_at else {}),
                   **{k: v for k, v in opts.items()})
    recs = validated(frames)
    cut = ref.cutoff(year, datetime.fromisoformat(extracted_at) if extracted_at else None)
    want = reference_verdicts(frames, year, cut, **opts)
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        card = we.score(STANDARDS, year, data=tmp, workspace=ws, records=recs)
        bad += disagreements(card, MEASURES, frames, want)
    return bad


def disagreements(card, measures: dict, frames: dict, want: dict) -> list:
    """Each record whose verdict in ``card`` (:func:`engine_verdicts`) is not the reference's (``want``): ``(measure,
    key, "engine", got, "reference", want, the record)``; ``measures``: measure -> (kind, key column, rule)."""
    bad = []
    for m, (kind, key, _) in measures.items():
        got = engine_verdicts(card, m, key, frames[kind][key])
        for k, w in want[m].items():
            if got[k] != w:
                row = frames[kind].loc[frames[kind][key] == k].iloc[0].dropna().to_dict()
                bad.append((m, k, "engine", got[k], "reference", w, row))
    return bad


CASES = [dict(year=2025), dict(year=2025, extracted_at="2026-01-10 08:00:00"),
         dict(year=2025, extracted_at="2025-12-30 12:00:00"), dict(year=2026, art203=True),
         dict(year=2024, art203=True, abandoned_within="missed")]


@pytest.fixture(scope="module")
def frames():
    return all_records()


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_every_verdict_as_the_reference_reads_it(frames, case):
    bad = compare(frames, **case)
    assert not bad, f"{len(bad)} disagreements, the first: " + "\n".join(map(str, bad[:15]))
