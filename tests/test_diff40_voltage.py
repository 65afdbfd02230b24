"""Differential test of 第六条(一) from a voltage monitoring system's statistics (band_minutes: 220 V single phase
+7 % -10 %, 10 kV and below three phase ±7 %, the abnormal state ±10 %; band_span_extremes: 35 kV and above, the
positive and negative deviations summed at most 10 %) against the independent reading of tests/diff40_reference.py:
each statistics row's verdict (met, missed, missing evidence) through ``windoweval.score``'s drill-down and
:meth:`Scorecard.missing_evidence`, and each window's verdict of each measure (``results``), where a row missed in
part by an unknown share decides a fail.

Seeded on the edges: a monitor's limits exactly the standard's, within 0.05 % of nominal, a volt tighter and looser,
in volts or in percent of either sign, not shown; minutes over and under 0, 1 and blank; minutes monitored 0 and
blank; the 35 kV span exactly 10 % and a volt over, above and below nominal on one side only; a day's rows on 31
December and 1 January, month rows; the abnormal state; the load exemption (用电功率达不到: power_factor_ok false) and a
blank one; a window with no row."""
from __future__ import annotations

import functools
import random
import tempfile
from datetime import date

import pandas as pd
import pytest

import windoweval as we

import diff40_reference as ref
from _workspace import workspace
from test_diff37_reference import _plain, validated

YEAR = 2025
WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"), ("PW03", "城南营业厅", "power_hall"),
           ("PW04", "城北营业厅", "power_hall"), ("PW05", "开发区营业厅", "power_hall"))
BANDS = {"power_window.6.1.1#lv220_single_phase_statistics": ("single_phase_220v", "normal", -0.10, 0.07),
         "power_window.6.1.1#three_phase_10kv_below_statistics": ("three_phase_10kv_below", "normal", -0.07, 0.07),
         "power_window.6.1.2#statistics": (None, "abnormal", -0.10, 0.10)}
SPAN = "power_window.6.1.1#kv35_plus_statistics"
NOMINAL = {"single_phase_220v": 220.0, "three_phase_10kv_below": 10000.0, "kv35_plus": 35000.0}


def _limits(rng, nom, low, high):
    """A monitor's limits: the standard's, within tolerance, tighter, looser, in percent, or not shown (each side)."""
    def side(std, sign, pct):
        how = rng.choice(["same", "same", "near", "tight", "loose", "pct", "none"])
        v = {"same": std, "near": std + sign * 0.0004 * nom, "tight": std - sign * 0.01 * nom,
             "loose": std + sign * 0.02 * nom}.get(how)
        p = pct * rng.choice([1, -1]) if how == "pct" else None
        return (None if v is None else round(v, 4)), (abs(p) if p is not None and sign > 0 else p)
    up_v, up_p = side(nom * (1 + high), 1, high * 100)
    lo_v, lo_p = side(nom * (1 + low), -1, low * 100)
    return {"upper_limit_v": up_v, "upper_limit_pct": up_p, "lower_limit_v": lo_v, "lower_limit_pct": lo_p}


def statistics(rng, year=YEAR):
    rows = []
    days = [date(year, 1, 1), date(year, 12, 31), date(year - 1, 12, 31), date(year + 1, 1, 1), date(year, 5, 1),
            date(year, 10, 1), date(year, 2, 8), date(year, 4, 27)]   # holidays and 调休 Sundays among them
    for i in range(500):
        w = rng.choice(["PW01", "PW02", "PW03"])
        supply = rng.choice(list(NOMINAL))
        nom = NOMINAL[supply]
        state = rng.choice(["normal", "normal", "abnormal"])
        low, high = (-0.10, 0.10) if state == "abnormal" else ((-0.10, 0.07) if supply == "single_phase_220v"
                                                                else (-0.07, 0.07))
        month = rng.random() < 0.2
        run = rng.choice([1440, 1440, 1440, 0, None]) if not month else 44640
        over = None if rng.random() < 0.08 else rng.choice([0, 0, 0, 1, 30])
        under = None if rng.random() < 0.08 else rng.choice([0, 0, 0, 1, 12])
        span = rng.choice([0.10, 0.10, 0.06, 0.12])
        extra = rng.choice([0, 0, 1, -1])
        shape = rng.choice(["both", "up", "down"])
        hi = nom * (1 + (span if shape == "up" else span / 2 if shape == "both" else -0.01)) + extra
        lo = nom * (1 - (span if shape == "down" else span / 2 if shape == "both" else -0.01))
        if shape == "up":
            lo = nom * 1.01
        if shape == "down":
            hi = nom * 0.99
        rows.append({"point_id": f"V{i:04d}", "window_id": w, "supply_type": supply,
                     "nominal_v": None if rng.random() < 0.03 else nom,
                     "stat_date": None if month else rng.choice(days),
                     "stat_month": date(rng.choice([year, year, year + 1]), rng.randrange(1, 13), 1) if month else None,
                     "run_min": run, "over_min": over if run else (0 if over is not None else None),
                     "under_min": under if run else (0 if under is not None else None),
                     **_limits(rng, nom, low, high),
                     "max_v": None if rng.random() < 0.03 else round(hi, 3), "min_v": round(lo, 3),
                     "system_state": state, "power_factor_ok": rng.choice([True, True, None, False])})
    # PW04: every row within, but one per band whose monitor's upper limit is looser than the standard's with minutes
    # beyond it (outside the standard's band too, how long unknown): the window fails on it alone; PW05: no row
    for j, (supply, state, low, high) in enumerate([("single_phase_220v", "normal", -0.10, 0.07),
                                                    ("three_phase_10kv_below", "normal", -0.07, 0.07),
                                                    ("three_phase_10kv_below", "abnormal", -0.10, 0.10)]):
        nom = NOMINAL[supply]
        for k, loose in enumerate((False, False, True)):
            rows.append({"point_id": f"L{j}{k}", "window_id": "PW04", "supply_type": supply, "nominal_v": nom,
                         "stat_date": date(year, 6, 1 + k), "stat_month": None, "run_min": 1440,
                         "over_min": 5 if loose else 0, "under_min": 0,
                         "upper_limit_v": round(nom * (1 + high + (0.02 if loose else 0)), 4), "upper_limit_pct": None,
                         "lower_limit_v": round(nom * (1 + low), 4), "lower_limit_pct": None, "max_v": None,
                         "min_v": None, "system_state": state, "power_factor_ok": True})
    return pd.DataFrame(rows)


def _rows(df):
    return [{k: _plain(v) for k, v in r.items()} for r in df.astype(object).where(df.notna(), None).to_dict("records")]


def reference(frame) -> dict:
    """{(measure, point_id): verdict} and {(measure, window): cell verdict}."""
    rows, out, cells = _rows(frame), {}, {}
    for m, (supply, state, low, high) in BANDS.items():
        for r in rows:
            if (supply and r["supply_type"] != supply) or r["system_state"] != state or r["power_factor_ok"] is False:
                continue
            out[(m, r["point_id"])] = ref.voltage_minutes(r, low, high, YEAR)
    for r in rows:
        if r["supply_type"] == "kv35_plus" and r["system_state"] == "normal" and r["power_factor_ok"] is not False:
            out[(SPAN, r["point_id"])] = ref.voltage_span(r, 0.10, YEAR)
    win = {r["point_id"]: r["window_id"] for r in rows}
    for m in (*BANDS, SPAN):
        for w, _, _ in WINDOWS:
            cells[(m, w)] = ref.cell_verdict([(v, 0, 0) for (mm, p), v in out.items() if mm == m and win[p] == w])
    return {k: v for k, v in out.items() if v != ref.OUT}, cells


@functools.lru_cache(maxsize=None)
def engine(seed: int = 40) -> tuple:
    frame = statistics(random.Random(seed))
    card = we.score("power_window", YEAR, data=tempfile.mkdtemp(), workspace=workspace(WINDOWS),
                    records=validated({"voltage_statistics": frame}))
    out = {}
    for m in (*BANDS, SPAN):
        dd = card.drilldown(m, include_passed=True)
        lack = set(card.missing_evidence([m]).get("point_id", pd.Series(dtype=object)))
        for p, passed in zip(dd["point_id"], dd["passed"]):
            out[(m, p)] = (ref.PASS if passed else ref.FAIL) if not pd.isna(passed) else (
                ref.MISSING if p in lack else ref.NOT_ASSESSED)
        for p in lack - {pp for (mm, pp) in out if mm == m}:
            out[(m, p)] = ref.MISSING
    res = card.results.set_index(["measure", "window_id"])["verdict"]
    cells = {(m, w): res.get((m, w), "no_data") for m in (*BANDS, SPAN) for w, _, _ in WINDOWS}
    return frame, out, cells


def disagreements(seed: int = 40) -> list:
    frame, got, got_cells = engine(seed)
    want, cells = reference(frame)
    bad = []
    for k in sorted(set(want) | set(got)):
        a = want.get(k, ref.OUT)
        a = ref.MISSING if a == ref.LOST else a    # the record's share unknown: missing evidence, one row each
        if a != got.get(k, ref.OUT):
            bad.append((k, "engine", got.get(k, ref.OUT), "reference", want.get(k, ref.OUT),
                        frame.loc[frame["point_id"] == k[1]].to_dict("records")))
    for k in sorted(cells):
        if cells[k] != got_cells[k]:
            bad.append((k, "engine", got_cells[k], "reference", cells[k]))
    return bad


def test_every_row_and_window_as_the_reference_reads_it():
    bad = disagreements()
    assert not bad, f"{len(bad)} disagreements, the first: " + "\n".join(map(str, bad[:12]))


def test_the_seeds_reach_every_verdict():
    frame, _, _ = engine()
    want, cells = reference(frame)
    from collections import Counter
    seen = Counter((k[0], v) for k, v in want.items())
    for m in BANDS:
        assert all(seen[(m, v)] for v in (ref.PASS, ref.FAIL, ref.MISSING, ref.LOST)), (m, seen)
    assert all(seen[(SPAN, v)] for v in (ref.PASS, ref.FAIL, ref.MISSING)), seen
    assert {"fail", "no_data"} <= set(cells.values())


_FLIPS = {
    # 不超过10%: a span exactly at 10 % read as over
    "span_at_limit": ("voltage_span", lambda f: lambda r, s, y: f(r, s - 1e-9, y)),
    # a monitor's limit 0.04 % from the standard's read as another limit (no tolerance)
    "tolerance": ("TOL", 0.0),
    # a looser limit's minutes read as unknown (not surely outside)
    "looser": ("voltage_minutes", lambda f: lambda *a: ref.MISSING if f(*a) == ref.LOST else f(*a)),
    # a day of 1 January of the next year read as the year's
    "year": ("_row_year", lambda f: lambda r: (f(r) - 1 if r.get("stat_date") == date(YEAR + 1, 1, 1) else f(r))),
}


@pytest.mark.parametrize("flip", sorted(_FLIPS))
def test_a_flipped_boundary_in_the_reference_is_caught(monkeypatch, flip):
    name, new = _FLIPS[flip]
    monkeypatch.setattr(ref, name, new(getattr(ref, name)) if callable(new) else new)
    assert disagreements(), flip
