"""Differential test of the unit-level measures: every unit's verdict from the engine (``windoweval.score``: the
drill-down with the passed units, :meth:`Scorecard.missing_evidence`'s unit rows) against the independent reading of
tests/diff39_reference.py (which imports nothing from windoweval).

The measures: 实行24小时服务 at the six hospital windows (hospital_commitments.*.1#events), 无周休日 from the counter
transactions (power_window.10.1.1#transactions), 24小时不间断 for 95598 calls and fault repairs (10.1.2#calls,
#repair), the planned outages per customer (6.2.2#kv35_plus, #kv10), the reliability per customer (6.2.1), the roster's
English and sign language (7.4) and the 95598 abandonment share (10.2.6#abandoned, reported).  Seeded records on the
edges: 00:00:00 and 23:59:59, the year's first and last second and a second either side, holidays and 调休 working
weekends of 2024-2026, a window with no record at all, one with records of other years only, blank times, blank
customers, outages across the year's end, not restored, closed with no restoration, roster dates at the year's edges.
"""
from __future__ import annotations

import random
import tempfile
from collections import Counter
from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest

import windoweval as we

import diff39_reference as ref
from _workspace import workspace
from test_diff37_reference import _edge_days, _plain, validated

SEED = 39
HOSP = (("HBIL", "挂号收费室", "hospital_billing"), ("HPHA", "门诊药房", "hospital_pharmacy"),
        ("HEMG", "急诊", "hospital_emergency"), ("HRAD", "放射科", "hospital_radiology"),
        ("HFUN", "功能科", "hospital_function"), ("HLAB", "检验科", "hospital_lab"))
HALLS = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"), ("PW03", "城北营业厅", "power_hall"))
CENTRES = (("CC1", "95598一组", "call_centre"), ("CC2", "95598二组", "call_centre"), ("CC3", "95598三组", "call_centre"))
WINDOWS = HOSP + HALLS + CENTRES
HOURS = [time(0), time(0, 0, 1), time(0, 59, 59), time(1), time(11, 59, 59), time(12), time(23), time(23, 59, 59)]


def _edge_times(rng, days, year):
    """Times at the day's and the year's edges: a second either side of midnight and of the new year."""
    ends = [datetime(year, 1, 1), datetime(year, 1, 1) - timedelta(seconds=1), datetime(year, 12, 31, 23, 59, 59),
            datetime(year + 1, 1, 1)]
    return rng.choice(ends) if rng.random() < 0.1 else datetime.combine(
        rng.choice(days), rng.choice(HOURS) if rng.random() < 0.4 else time(rng.randrange(24), rng.randrange(60)))


def hospital_events(rng, days, year):
    """HBIL busy all day; HPHA a few hours; HEMG records of other years only; HFUN none; the rest random."""
    rows = []
    plan = {"HBIL": 300, "HPHA": 6, "HRAD": 60, "HLAB": 40}
    for w, n in plan.items():
        for _ in range(n):
            rows.append({"window_id": w, "started_at": _edge_times(rng, days, year)})
    for t in (datetime(year, 1, 1) - timedelta(seconds=1), datetime(year + 1, 1, 1)):
        rows.append({"window_id": "HEMG", "started_at": t})
    rows += [dict(r) for r in rng.sample(rows, 5)]   # the same service twice (under another event id)
    df = pd.DataFrame(rows)
    df.insert(0, "event_id", [f"E{i:05d}" for i in range(len(df))])
    df["event_type"] = "billing"
    return df


def counter_transactions(rng, days, year):
    """PW01 on every weekday (the holidays and 调休 weekends among them); PW02 never on a Sunday except one
    transaction a second into the next year; PW03 none."""
    rows = []
    for _ in range(120):
        t = _edge_times(rng, days, year)
        w = "PW01" if rng.random() < 0.6 else "PW02"
        if w == "PW02" and t.weekday() == 6:
            t -= timedelta(days=1)
        rows.append({"window_id": w, "started_at": t})
    rows.append({"window_id": "PW02", "started_at": datetime(year + 1, 1, 1) + timedelta(
        days=(6 - date(year + 1, 1, 1).weekday()) % 7, seconds=1)})
    df = pd.DataFrame(rows)
    df.insert(0, "ticket_id", [f"T{i:05d}" for i in range(len(df))])
    df["business_type"] = "enquiry"
    df["ticket_at"] = df["started_at"]
    df["ended_at"] = df["started_at"] + pd.Timedelta(minutes=3)
    return df


def calls(rng, days, year):
    """CC1 many calls, CC2 a few, CC3 none answered; answers across midnight and the year's end."""
    rows = []
    for w, n in (("CC1", 400), ("CC2", 25), ("CC3", 6)):
        for _ in range(n):
            off = _edge_times(rng, days, year)
            wait = timedelta(seconds=rng.choice([0, 1, 5, 12, 13, 30]))
            kind = "none" if w == "CC3" else rng.choice(["answered", "answered", "answered", "hung_up", "none"])
            rows.append({"window_id": w, "offered_at": off,
                         "answered_at": off + wait if kind == "answered" else None,
                         "hung_up_at": off + wait if kind == "hung_up" else (None if kind != "answered" or rng.random() < 0.6
                                                                             else off + wait + timedelta(minutes=2))})
    rows.append({"window_id": "CC2", "offered_at": datetime(year, 12, 31, 23, 59, 55),
                 "answered_at": datetime(year + 1, 1, 1, 0, 0, 5), "hung_up_at": None})
    rows.append({"window_id": "CC2", "offered_at": datetime(year - 1, 12, 31, 23, 59, 58),
                 "answered_at": datetime(year, 1, 1, 0, 0, 3), "hung_up_at": None})
    df = pd.DataFrame(rows)
    df.insert(0, "call_id", [f"C{i:05d}" for i in range(len(df))])
    return df


def fault_repairs(rng, days, year):
    """PW01 repairs all day, some with the receipt time blank (filed_at kept); PW02 a few, all timed; PW03 only
    repairs without a receipt time."""
    rows = []
    for w, n in (("PW01", 200), ("PW02", 15), ("PW03", 3)):
        for _ in range(n):
            t = _edge_times(rng, days, year)
            blank = w == "PW03" or (w == "PW01" and rng.random() < 0.03)
            rows.append({"window_id": w, "order_type": "fault_repair", "received_at": None if blank else t,
                         "filed_at": t if blank or rng.random() < 0.3 else None})
    df = pd.DataFrame(rows)
    df.insert(0, "order_id", [f"W{i:05d}" for i in range(len(df))])
    return df


def outage_rows(rng, days, year):
    rows = []
    for i in range(160):
        start = _edge_times(rng, days, year)
        if rng.random() < 0.1:
            start = datetime(year - 1, 12, rng.choice([20, 31]), 22)
        dur = timedelta(hours=rng.choice([0, 0, 1, 1, 4, 8, 9, 30]), seconds=rng.choice([0, 1]))
        state = rng.choice(["restored", "restored", "restored", "open", "closed", "blank"])
        cust = None if rng.random() < 0.05 else f"K{rng.randrange(12)}"
        vc = {"K0": "kv35_plus", "K1": "kv35_plus", "K2": "kv35_plus", "K3": "kv10", "K4": "kv10", "K5": "kv10"}.get(
            cust, rng.choice(["kv35_plus", "kv10", "lv220"]))
        oid = f"O{i:04d}" if rng.random() < 0.8 or i == 0 else f"O{i - 1:04d}"
        rows.append({"outage_id": oid, "customer_id": cust, "window_id": rng.choice(["PW01", "PW02"]),
                     "voltage_class": vc, "outage_kind": rng.choice(["planned", "planned", "fault"]),
                     "start_at": start, "restored_at": start + dur if state == "restored" else None,
                     "outage_status": {"open": "open", "closed": "closed"}.get(state)})
    df = pd.DataFrame(rows).drop_duplicates(["outage_id", "customer_id"])
    return df


def roster(rng, year):
    """PW01: its English speaker on the roster to 1 January of the year, its signer from 31 December; PW02: its
    English speaker gone the day before the year, its signer joining the day after it, others on it without either
    skill; PW03: nobody on the roster during the year.  Shuffled, with a few more people drawn at random."""
    y0, y1 = date(year, 1, 1), date(year, 12, 31)
    day = timedelta(days=1)
    rows = [("PW01", True, False, None, y0), ("PW01", False, True, y1, None), ("PW01", False, False, None, None),
            ("PW02", True, False, None, y0 - day), ("PW02", False, True, y1 + day, None),
            ("PW02", False, False, y0, y1), ("PW02", False, False, None, None),
            ("PW03", True, True, None, y0 - day), ("PW03", True, True, y1 + day, None)]
    edges = [None, y0 - day, y0, y1, y1 + day]
    for _ in range(4):
        a, b = sorted([rng.choice(edges[:3]), rng.choice(edges[2:])], key=lambda d: (d is not None, d))
        rows.append((rng.choice(["PW01", "PW02"]), False, False, a, b))
    rng.shuffle(rows)
    return pd.DataFrame([{"staff_id": f"S{i:03d}", "window_id": w, "english": e, "sign_language": sl,
                          "active_from": a, "active_to": b} for i, (w, e, sl, a, b) in enumerate(rows)])


def all_records(year, seed=SEED):
    rng = random.Random(seed)
    days = _edge_days(rng)
    return {"hospital_events": hospital_events(rng, days, year), "counter_transactions": counter_transactions(rng, days, year),
            "calls_95598": calls(rng, days, year), "work_orders": fault_repairs(rng, days, year),
            "outages": outage_rows(rng, days, year), "staff_roster": roster(rng, year)}


def _rows(df):
    return [{k: _plain(v) for k, v in r.items()} for r in df.astype(object).where(df.notna(), None).to_dict("records")]


def _ids(ws):
    return [w for w, _, _ in ws]


#: measure -> (kind, the unit's key columns, the reference's verdicts {key: verdict} from (frames, year, cut, opts))
MEASURES = {
    **{f"hospital_commitments.{d}.1#events": (
        "hospital_events", ("window_id", "hour"),
        lambda f, y, c, o, w=w: ref.every_slot(_rows(f["hospital_events"]), [w], "started_at", "hour", y, ("started_at",),
                                            empty="na"))
       for d, w in (("billing", "HBIL"), ("pharmacy", "HPHA"), ("emergency", "HEMG"), ("radiology", "HRAD"),
                    ("function", "HFUN"), ("lab", "HLAB"))},
    "power_window.10.1.1#transactions": (
        "counter_transactions", ("window_id", "weekday"),
        # verdicts46: a weekday with no transaction in the year is missing evidence (the clause's reading), as the
        # hospitals' quiet hours
        lambda f, y, c, o: ref.every_slot(_rows(f["counter_transactions"]), _ids(HALLS), "started_at", "weekday", y,
                                          ("started_at",), empty="na", makeup_days="skip")),
    "power_window.10.1.2#calls": (
        "calls_95598", ("window_id", "hour"),
        # clauses45: the hour a call was offered; offered and none answered fails it, no call at all is missing
        lambda f, y, c, o: ref.every_slot(_rows(f["calls_95598"]), _ids(CENTRES), "offered_at", "hour", y,
                                          ("offered_at",), empty="na", served="answered_at",
                                          # verdicts46: a call given up within 12 s is not counted (as 10.2.6)
                                          abandoned="hung_up_at", abandoned_limit=12)),
    "power_window.10.1.2#repair": (
        "work_orders", ("window_id", "hour"),
        lambda f, y, c, o: ref.every_slot(_rows(f["work_orders"]), _ids(HALLS), "received_at", "hour", y,
                                          ("filed_at", "received_at"), empty="na")),
    "power_window.6.2.2#kv35_plus": (
        "outages", ("window_id", "customer_id"),
        lambda f, y, c, o: ref.planned_outages([r for r in _rows(f["outages"]) if r["outage_kind"] == "planned"
                                                and r["voltage_class"] == "kv35_plus"], 1, y)),
    "power_window.6.2.2#kv10": (
        "outages", ("window_id", "customer_id"),
        lambda f, y, c, o: ref.planned_outages([r for r in _rows(f["outages"]) if r["outage_kind"] == "planned"
                                                and r["voltage_class"] == "kv10"], 3, y)),
    "power_window.6.2.1": (
        "outages", ("window_id", "customer_id"),
        lambda f, y, c, o: ref.reliability(_rows(f["outages"]), o.get("min_rate"), y, c)),
    "power_window.7.4#english": (
        "staff_roster", ("window_id",),
        lambda f, y, c, o: {(w,): v for w, v in ref.roster_any(_rows(f["staff_roster"]), _ids(HALLS), "english", y).items()}),
    "power_window.7.4#sign_language": (
        "staff_roster", ("window_id",),
        lambda f, y, c, o: {(w,): v for w, v in ref.roster_any(_rows(f["staff_roster"]), _ids(HALLS), "sign_language",
                                                             y).items()}),
}
STANDARDS = ["hospital_commitments", "power_window"]


def _norm(want: dict) -> Counter:
    """Verdicts as a multiset of (key, verdict); a unit of blank customer keyed by its window alone (one per row)."""
    out = Counter()
    for k, v in want.items():
        key = k[:2] if len(k) == 3 and k[1] is None else k
        out[(key, v)] += 1
    return out


def _key(v):
    v = None if v is None or (not isinstance(v, (str, tuple)) and pd.isna(v)) else _plain(v)
    return int(v) if isinstance(v, float) and v.is_integer() else v


def engine_units(card, measure: str, keys: tuple) -> Counter:
    """Every unit's verdict as the scorecard's public tables give it: passed True / False from the drill-down with the
    passed units; a unit of no verdict is missing evidence where :meth:`Scorecard.missing_evidence` lists it (its
    keys), else not assessed (no record, no standard set)."""
    dd = card.drilldown(measure, include_passed=True)
    lack = card.missing_evidence([measure])
    stands = Counter()   # a row standing for several units of its window, one cause (diff40: 6.2.1 without min_rate)
    if len(lack) and all(k in lack for k in keys):
        lack = lack[lack["measure"] == measure]
        if "units" in lack:
            many = lack["units"].fillna(1).to_numpy() > 1
            for w, n in zip(lack.loc[many, "window_id"], lack.loc[many, "units"]):
                stands[_key(w)] += int(n)
            lack = lack[~many]
        listed = Counter(tuple(_key(v) for v in r) for r in lack[list(keys)].itertuples(index=False))
    else:
        listed = Counter()
    out = Counter()
    for r in dd.to_dict("records"):
        key = tuple(_key(r[k]) for k in keys)
        if pd.isna(r["passed"]):
            if listed[key] > 0:
                listed[key] -= 1
                v = ref.MISSING
            elif stands[key[0]] > 0 and all(x is not None for x in key):
                stands[key[0]] -= 1
                v = ref.MISSING
            else:
                v = ref.NOT_ASSESSED
        else:
            v = ref.PASS if r["passed"] else ref.FAIL
        out[(key, v)] += 1
    return out


def compare(frames: dict, year: int, extracted_at: str | None = None, measures=MEASURES, **opts) -> list:
    settings = {"extracted_at": extracted_at} if extracted_at else {}
    if "min_rate" in opts:
        settings["params"] = {"power_window.6.2.1": {"min_rate": opts["min_rate"]}}
    ws = workspace(WINDOWS, **settings)
    cut = datetime.fromisoformat(extracted_at) if extracted_at else datetime(year, 12, 31, 23, 59, 59)
    recs = validated(frames)
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        card = we.score(STANDARDS, year, data=tmp, workspace=ws, records=recs)
        for m, (kind, keys, f) in measures.items():
            want = _norm(f(frames, year, cut, opts))
            got = engine_units(card, m, keys)
            # a unit the reference has nothing to judge (not assessed) may be no unit of the engine at all
            want_c = Counter({k: n for k, n in want.items() if k[1] != ref.NOT_ASSESSED})
            got_c = Counter({k: n for k, n in got.items() if k[1] != ref.NOT_ASSESSED})
            for k in set(want_c) | set(got_c):
                if want_c[k] != got_c[k]:
                    bad.append((m, k, "engine", got_c[k], "reference", want_c[k]))
            # every unit the reference sees judged (met, missed, missing) and none other
    return bad


CASES = [dict(year=2025, min_rate=0.999), dict(year=2025, extracted_at="2025-12-30 12:00:00", min_rate=0.9995),
         dict(year=2024, min_rate=0.998), dict(year=2024, extracted_at="2024-07-01 00:00:00")]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_every_unit_as_the_reference_reads_it(case):
    frames = all_records(case["year"])
    bad = compare(frames, **case)
    assert not bad, f"{len(bad)} disagreements, the first: " + "\n".join(map(str, sorted(bad, key=str)[:25]))


def test_the_seeds_reach_every_verdict():
    """The records reach each verdict of each kind of unit, so that an agreement is no agreement on nothing."""
    seen = Counter()
    for case in CASES:
        cut = datetime.fromisoformat(case["extracted_at"]) if "extracted_at" in case else datetime(
            case["year"], 12, 31, 23, 59, 59)
        frames = all_records(case["year"])
        for m, (_, _, f) in MEASURES.items():
            for v in f(frames, case["year"], cut, case).values():
                seen[(m.split("#")[0].split(".")[0] if m.startswith("hospital") else m, v)] += 1
    # clauses45: 10.1.2#repair cannot fail on the records (a fault report taken is service; an hour none was taken in
    # is missing evidence, and the inspection's service_24h item judges the quiet hours): its passes and missing only
    # verdicts46: so are the hospitals' 24-hour windows and 10.1.1#transactions (a service event or a transaction is
    # service; a slot with none in the year is missing evidence, judged by service_24h and open_all_week)
    cannot_fail = {"power_window.10.1.2#repair", "hospital_commitments", "power_window.10.1.1#transactions"}
    for m in {k for k, _ in seen}:
        assert seen[(m, ref.PASS)] and (seen[(m, ref.FAIL)] or m in cannot_fail), (m, seen)
        if m in cannot_fail:
            assert seen[(m, ref.MISSING)], (m, seen)
    for m in ("power_window.10.1.2#repair", "power_window.6.2.2#kv35_plus", "power_window.6.2.1",
              "power_window.7.4#english"):
        assert seen[(m, ref.MISSING)], (m, seen)
    assert seen[("hospital_commitments", ref.NOT_ASSESSED)] and seen[("power_window.10.1.1#transactions", ref.NOT_ASSESSED)]


_FLIPS = {
    # 不应超过1次: one planned outage read as a miss
    "at_most": ("planned_outages", lambda f: lambda rows, max_n, year: f(rows, max_n - 1, year)),
    # the slot of a record one second later (23:59:59 to the next day's 00:00:00, a Sunday's last second to Monday)
    "slot": ("every_slot", lambda f: lambda rows, wins, time, slot, year, period, **kw: f(
        [{**r, time: r[time] + timedelta(seconds=1) if r.get(time) is not None and r[time].second == 59 else r.get(time)}
         for r in rows], wins, time, slot, year, period, **kw)),
    # a record of the next year's first second counted in the year
    "year": ("every_slot", lambda f: lambda rows, wins, time, slot, year, period, **kw: f(
        [{**r, **{c: r[c] - timedelta(seconds=1) for c in period if r.get(c) is not None
                  and (r[c].month, r[c].day, r[c].hour, r[c].minute, r[c].second) == (1, 1, 0, 0, 0)}} for r in rows],
        wins, time, slot, year, period, **kw)),
    # a blank time in the window read as no record (the empty slot missed)
    "blank_time": ("every_slot", lambda f: lambda rows, wins, time, slot, year, period, **kw: f(
        [r for r in rows if r.get(time) is not None], wins, time, slot, year, period, **kw)),
    # someone who left on 1 January read as gone before the year
    "roster_edge": ("roster_any", lambda f: lambda rows, wins, skill, year: f(
        [r for r in rows if r.get("active_to") != date(year, 1, 1)], wins, skill, year)),
    # the reliability standard met only above it, not at it (一 second more of outage)
    "reliability": ("reliability", lambda f: lambda rows, min_rate, year, cut: f(
        rows, None if min_rate is None else min_rate + 0.0005, year, cut)),
}


@pytest.mark.parametrize("flip", sorted(_FLIPS))
def test_a_flipped_boundary_in_the_reference_is_caught(monkeypatch, flip):
    name, wrap = _FLIPS[flip]
    monkeypatch.setattr(ref, name, wrap(getattr(ref, name)))
    assert any(compare(all_records(c["year"]), **c) for c in CASES[:3]), flip
