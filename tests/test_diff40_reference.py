"""Differential test of the registers counted per window and year (count_at_least: 标准1 第八条(五), 第十条(三)1, 4, 5, 7,
第十二条(二), 第十三条(二), (三), (六), (七)) and of every checklist measure of the five standards (one item of one
inspection or mystery-shopper visit each) against the independent reading of tests/diff40_reference.py (which
imports nothing from windoweval): each window's verdict of each register measure, each inspection row's verdict of
each checklist measure, through ``windoweval.score`` (its drill-down with the passed units and records,
:meth:`Scorecard.missing_evidence`, ``results``).

Seeded on the edges: exactly the minimum and one short; entries on 31 December and 1 January of the years either side
(holidays and 调休 days of 2024-2026 among the dates); a register year written one off; bills queryable for 23, 24 and
blank months; disclosures with their subject blank; entries of the organisation (ORG); a window with no register at
all and one with entries of other years only; inspection rows of every result, items of other clauses
and other standards, visits a second either side of the year's ends, a window of each kind and one with no visit.
"""
from __future__ import annotations

import functools
import random
import tempfile
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd
import pytest
import yaml

import windoweval as we

import diff40_reference as ref
from _workspace import workspace
from test_diff37_reference import _edge_days, _plain, validated

SEED = 40
ROOT = Path(__file__).parents[1]
HALLS = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"), ("PW03", "城南营业厅", "power_hall"),
         ("PW04", "城北营业厅", "power_hall"), ("PW05", "开发区营业厅", "power_hall"), ("CC1", "95598一组", "call_centre"))
HOSP = tuple((f"H{k[9:12].upper()}", f"医院{k}", k) for k in (
    "hospital_billing", "hospital_pharmacy", "hospital_emergency", "hospital_radiology", "hospital_function",
    "hospital_lab", "hospital_insurance", "hospital_guide", "hospital_records", "hospital_pathology",
    "hospital_admin", "hospital_logistics"))
OTHER = (("SH01", "政务服务大厅", "service_hall"), ("SH02", "市民中心", "service_hall"), ("HLAB2", "检验科二部", "hospital_lab"))
WINDOWS = HALLS + HOSP + OTHER
KIND_OF = {w: k for w, _, k in WINDOWS}
STANDARDS = ["power_window", "etiquette", "hospital_commitments", "hospital_departments", "window_staff"]


def measures(kernel: str) -> dict:
    """measure -> (params, where, the window kinds it applies to), read from the standards' YAML (its parameters only:
    what a checklist holds, what a register counts)."""
    out = {}
    for std in STANDARDS:
        d = yaml.safe_load((ROOT / "windoweval" / "standards" / f"{std}.yaml").read_text(encoding="utf-8"))
        for c in d["clauses"]:
            if c.get("status", "active") != "active":
                continue
            for m in c.get("measures") or []:
                if m["kernel"] != kernel:
                    continue
                kinds = m.get("window_kinds") or c.get("window_kinds") or d["standard"]["window_kinds"]
                out[c["id"] + (f"#{m['id']}" if m.get("id") else "")] = (m.get("params") or {}, m.get("where") or {},
                                                                           tuple(kinds))
    return out


CHECKLISTS = measures("checklist")
REGISTERS = measures("count_at_least")
ITEMS = sorted({i for p, _, _ in CHECKLISTS.values() for i in p["items"]}) + ["not_an_item_of_any_clause"]


def _when(rng, days, year) -> datetime:
    edge = [datetime(year, 1, 1), datetime(year, 1, 1) - timedelta(seconds=1), datetime(year, 12, 31, 23, 59, 59),
            datetime(year + 1, 1, 1)]
    if rng.random() < 0.12:
        return rng.choice(edge)
    return datetime.combine(rng.choice(days), time(rng.randrange(24), rng.randrange(60), rng.choice([0, 59])))


def inspections(rng, days, year):
    """At every window but HLAB2 (none) a visit in the year checking every item, and a few of some items each
    (results of every kind: the contract requires one, a blank result is refused with its row before any scoring)."""
    rows = []
    for w in KIND_OF:
        if w == "HLAB2":
            continue
        for v in range(rng.choice([2, 4, 6])):
            vid, at, how = f"V{w}{v:02d}", _when(rng, days, year), rng.choice(["inspection", "mystery_shopper"])
            if v == 0:
                at = datetime.combine(rng.choice([d for d in days if d.year == year]), time(10))
            for item in (ITEMS if v == 0 else rng.sample(ITEMS, 12)):
                rows.append({"visit_id": vid, "window_id": w, "visited_at": at, "method": how, "item": item,
                             "result": rng.choice(["pass", "pass", "pass", "fail"] + (["na"] if v else []))})
    return pd.DataFrame(rows)


#: the register's kinds, each with the clause's minimum where it is above one (payment channels 3, symposiums 3,
#: disclosures 5 subjects)
OFFER_KINDS = ("payment_channel", "self_service_terminal", "home_visit_service", "account_manager", "bill_history_query",
               "application_progress_query")
ACT_KINDS = ("customer_symposium", "leadership_reception", "third_party_survey", "supervisor_meeting",
             "promise_publication", "info_disclosure", "customer_visit")
TOPICS = ("tariff_policy", "connection_process_fees", "quota_allocation", "orderly_use_plan", "outage_plan")


def activities(rng, days, year):
    """PW01: every kind, at least the minimum, on the year's first and last days; PW02: one short of each minimum
    and one more a second outside the year; PW03: customer visits only; PW04: none; PW05: entries of the years
    either side only; CC1 and ORG: random."""
    rows = []

    def add(w, kind, d, topic=None):
        rows.append({"window_id": w, "kind": kind, "held_on": d, "topic": topic if kind == "info_disclosure" else None})

    inyear = [d for d in days if d.year == year]
    for k in ACT_KINDS:
        n = {"customer_symposium": 3, "info_disclosure": 5}.get(k, 1)
        for i in range(n):
            add("PW01", k, [date(year, 1, 1), date(year, 12, 31)][i % 2] if i < 2 else rng.choice(inyear), TOPICS[i % 5])
            if i < n - 1:
                add("PW02", k, date(year, 12, 31) if i == 0 else rng.choice(inyear), TOPICS[i % 5])
        add("PW02", k, date(year + 1, 1, 1), TOPICS[4])
        add("PW02", k, date(year - 1, 12, 31), TOPICS[4])
        add("PW05", k, rng.choice([date(year - 1, 12, 31), date(year + 1, 1, 1)]), TOPICS[0])
    add("PW03", "customer_visit", date(year, 6, 30))
    for w in ("CC1", "ORG", "PW03"):
        for _ in range(rng.randrange(4, 14)):
            add(w, rng.choice(ACT_KINDS), rng.choice(days), rng.choice(TOPICS + (None, None)))
    # PW02's disclosure with its subject blank: it could be the fifth (unknown); CC1 one with a subject repeated
    add("PW02", "info_disclosure", date(year, 7, 1), None)
    add("CC1", "info_disclosure", date(year, 3, 1), TOPICS[1])
    add("CC1", "info_disclosure", date(year, 3, 2), TOPICS[1])
    df = pd.DataFrame(rows)
    df.insert(0, "activity_id", [f"A{i:04d}" for i in range(len(df))])
    return df


def offerings(rng, year):
    """PW01: three payment channels, bills for 24 months; PW02: two channels (a third of the year before), bills for
    23; PW03: a bill query of blank months; PW04: none; PW05: other years only; CC1: random."""
    rows = []

    def add(w, y, kind, name, q=None):
        rows.append({"window_id": w, "year": y, "kind": kind, "name": name, "quantity": q})

    for i, name in enumerate(("柜台缴费", "自助缴费终端", "网上缴费")):
        add("PW01", year, "payment_channel", name)
        add("PW02", year if i < 2 else year - 1, "payment_channel", name)
    for w, q in (("PW01", 24), ("PW02", 23), ("PW03", None), ("CC1", 36)):
        add(w, year, "bill_history_query", "电费账单查询", q)
    for k in OFFER_KINDS:
        if k not in ("payment_channel", "bill_history_query"):
            add("PW01", year, k, f"{k}服务", rng.choice([None, 1, 2]))
        add("PW05", rng.choice([year - 1, year + 1]), k, f"{k}服务")
    for _ in range(8):
        add("CC1", rng.choice([year, year, year + 1]), rng.choice(OFFER_KINDS), rng.choice(["甲", "乙", "丙", "丁"]),
            rng.choice([None, 12, 24]))
    return pd.DataFrame(rows).drop_duplicates(["window_id", "year", "kind", "name"])


def all_records(year, seed=SEED):
    rng = random.Random(seed)
    days = [d for d in _edge_days(rng) if year - 1 <= d.year <= year + 1]
    return {"inspections": inspections(rng, days, year), "activities": activities(rng, days, year),
            "service_offerings": offerings(rng, year)}


def _rows(df):
    return [{k: _plain(v) for k, v in r.items()} for r in df.astype(object).where(df.notna(), None).to_dict("records")]


def register_verdicts(frames: dict, year: int) -> dict:
    """{(measure, window): verdict} of the reference for every register measure and window it applies to."""
    out = {}
    for m, (p, where, kinds) in REGISTERS.items():
        kind = where["kind"]
        records = "activities" if kind in ACT_KINDS else "service_offerings"
        rows = _rows(frames[records])
        wins = [w for w in KIND_OF if KIND_OF[w] in kinds]
        time_col = p.get("time") or ("held_on" if records == "activities" else "year")
        got = ref.count_at_least(rows, wins, year, (kind,), p["min"], time_col, p.get("distinct"), p.get("value"),
                                 p.get("value_min"))
        out.update({(m, w): v for w, v in got.items()})
    return out


def engine_registers(card) -> dict:
    """{(measure, window): verdict} from the scorecard: the window's unit met or missed in its drill-down, missing
    evidence where :meth:`Scorecard.missing_evidence` lists it, not assessed where it has no verdict and is not."""
    out = {}
    for m in REGISTERS:
        dd = card.drilldown(m, include_passed=True)
        lack = card.missing_evidence([m])
        listed = set(lack["window_id"]) if "window_id" in lack else set()
        for w, passed in zip(dd["window_id"], dd["passed"]):
            out[(m, w)] = (ref.PASS if passed else ref.FAIL) if not pd.isna(passed) else (
                ref.MISSING if w in listed else ref.NOT_ASSESSED)
        for w in listed - set(dd["window_id"]):
            out[(m, w)] = ref.MISSING
    return out


def checklist_verdicts(frames: dict, year: int) -> dict:
    out = {}
    rows = _rows(frames["inspections"])
    for m, (p, _, kinds) in CHECKLISTS.items():
        wins = {w for w in KIND_OF if KIND_OF[w] in kinds}
        for r in rows:
            v = ref.checklist(r, tuple(p["items"]), wins, year)
            if v != ref.OUT:
                out[(m, r["visit_id"], r["item"])] = v
    return out


def engine_checklists(card) -> dict:
    out = {}
    for m in CHECKLISTS:
        dd = card.drilldown(m, include_passed=True)
        lack = card.missing_evidence([m])
        listed = set(zip(lack["visit_id"], lack["item"])) if "visit_id" in lack else set()
        for vid, item, passed in zip(dd["visit_id"], dd["item"], dd["passed"]):
            out[(m, vid, item)] = (ref.PASS if passed else ref.FAIL) if not pd.isna(passed) else (
                ref.MISSING if (vid, item) in listed else ref.NOT_ASSESSED)
        for k in listed - {(a, b) for (mm, a, b) in out if mm == m}:
            out[(m, *k)] = ref.MISSING
    return out


def _diff(want: dict, got: dict) -> list:
    """Each key whose verdict differs: ``(key, "engine", got, "reference", want)`` (a key absent: out)."""
    bad = []
    for k in sorted(set(want) | set(got), key=str):
        a, b = want.get(k, ref.OUT), got.get(k, ref.OUT)
        if a != b:
            bad.append((k, "engine", b, "reference", a))
    return bad


def score(frames: dict, year: int, **settings):
    tmp = tempfile.mkdtemp()
    return we.score(STANDARDS, year, data=tmp, workspace=workspace(WINDOWS, **settings), records=validated(frames))


@functools.lru_cache(maxsize=None)
def engine(year: int) -> tuple:
    """The engine's verdicts of the seeded records of ``year``, scored once for the module (registers, checklists)."""
    card = score(all_records(year), year)
    return engine_registers(card), engine_checklists(card)


def compare(year: int) -> list:
    frames = all_records(year)
    regs, checks = engine(year)
    return _diff(register_verdicts(frames, year), regs) + _diff(checklist_verdicts(frames, year), checks)


@pytest.mark.parametrize("year", [2025, 2024])
def test_every_window_and_item_as_the_reference_reads_it(year):
    bad = compare(year)
    assert not bad, f"{len(bad)} disagreements, the first: " + "\n".join(map(str, bad[:25]))


def test_the_seeds_reach_every_verdict():
    frames = all_records(2025)
    regs = Counter(register_verdicts(frames, 2025).values())
    checks = Counter(checklist_verdicts(frames, 2025).values())
    assert regs[ref.PASS] and regs[ref.FAIL] and regs[ref.MISSING], regs
    assert checks[ref.PASS] and checks[ref.FAIL] and checks[ref.NOT_ASSESSED], checks
    # every register measure reaches a pass and a fail somewhere; every checklist measure has rows judged
    per = Counter((m, v) for (m, _), v in register_verdicts(frames, 2025).items())
    assert all(per[(m, ref.PASS)] and per[(m, ref.FAIL)] for m in REGISTERS), per
    seen = {m for (m, _, _), v in checklist_verdicts(frames, 2025).items() if v in (ref.PASS, ref.FAIL)}
    assert seen == set(CHECKLISTS), set(CHECKLISTS) - seen
    assert len(REGISTERS) == 13 and len(CHECKLISTS) == 141


_FLIPS = {
    # 至少三次 read as more than three
    "at_least": ("count_at_least", lambda f: lambda rows, wins, year, kinds, n, *a: f(rows, wins, year, kinds, n + 1, *a)),
    # an entry of 1 January of the next year counted in the year
    "year_end": ("count_at_least", lambda f: lambda rows, wins, year, kinds, n, time, *a: f(
        [{**r, time: (r[time] - timedelta(days=1)) if isinstance(r.get(time), date) and (r[time].month, r[time].day)
          == (1, 1) else r.get(time)} for r in rows], wins, year, kinds, n, time, *a)),
    # a subject left blank read as no disclosure (the unknown window missed)
    "blank_value": ("count_at_least", lambda f: lambda rows, wins, year, kinds, n, time, distinct=None, *a: f(
        [r for r in rows if distinct is None or r.get(distinct) is not None or r.get("kind") not in kinds],
        wins, year, kinds, n, time, distinct, *a)),
    # a visit in the year's last second read as the next year's
    "visit_edge": ("checklist", lambda f: lambda r, items, wins, year: f(
        {**r, "visited_at": r["visited_at"] + timedelta(seconds=1) if r.get("visited_at") is not None else None},
        items, wins, year)),
    # 不适用 read as a miss
    "not_applicable": ("checklist", lambda f: lambda r, items, wins, year: f(
        {**r, "result": "fail" if r.get("result") == "na" else r.get("result")}, items, wins, year)),
}


@pytest.mark.parametrize("flip", sorted(_FLIPS))
def test_a_flipped_boundary_in_the_reference_is_caught(monkeypatch, flip):
    name, wrap = _FLIPS[flip]
    monkeypatch.setattr(ref, name, wrap(getattr(ref, name)))
    assert compare(2025), flip
