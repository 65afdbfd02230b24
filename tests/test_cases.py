"""Test cases as data: tests/cases/<standard>.yaml holds passing and failing records for each measure.

Each case names a measure and lists records of its kind (only the columns that matter; the rest come from
the contract's example) with what each should be: ``pass``, ``fail``, ``na`` (in the population, evidence
missing), ``exempt`` (the clause's own stated exceptions, e.g. a documented instrument fault or a sample
received after the cut-off) or ``out`` (not in the measure's population) or ``open`` (no completion, deadline not passed by the case's
``as_of``, the evaluation's cut-off; with ``year``, the evaluation's year: a record of another year is ``out``,
as reading leaves it out).  Unit-level measures (counts, rosters) list
``units``: the unit's key and what it should be.  One parametrised test runs them all.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from windoweval.calendar import WorkCalendar
from windoweval.catalog import load_catalog
from windoweval.kernels import Measure, open_of
from windoweval.promise_register import expand
from windoweval.records import contracts, validate
from windoweval.engine import evaluate_frame, where_mask

CASES_DIR = Path(__file__).parent / "cases"
CAL = WorkCalendar()


def _load():
    out = []
    for f in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for i, case in enumerate(doc["cases"]):
            out.append(pytest.param(f.stem, case, id=f"{f.stem}:{case['measure']}:{i}"))
    return out


def _measure(mid):
    cat = load_catalog()
    for m in cat.measures():
        if m["measure"] == mid:
            return m
    raise AssertionError(f"case names unknown measure {mid}")


def _frame(kind, records):
    c = contracts()[kind]
    rows = []
    for i, r in enumerate(records):
        row = dict(c.example)
        for k in c.key:
            if c.columns[k]["type"] == "string":
                row[k] = f"{row[k]}-{i}"
        row.update({k: v for k, v in r.items() if k != "expect"})
        # the flagged orders too (kept, read as missing evidence): a default never makes a case's record out of order
        _keep_order(row, set(r), {**c.not_before, **{e: c.not_before.get(e, []) + xs for e, xs in c.flag_before.items()}})
        for a, b in c.flag_both:   # one of a pair the case gives, the other from the example: the example's dropped
            for given, other in ((a, b), (b, a)):
                if given in r and other not in r:
                    row[other] = None
        rows.append(row)
    df = pd.DataFrame(rows)
    if len(c.key) > 1 or c.columns[c.key[0]]["type"] != "string":
        df = df.drop_duplicates()
    return validate(df.astype(object).where(df.notna(), None), kind, file="case")


def _wall(v) -> pd.Timestamp:
    """A case's time as Beijing wall-clock time (a zoned value converted, as the contracts read it)."""
    t = pd.Timestamp(v)
    return t.tz_convert("Asia/Shanghai").tz_localize(None) if t.tzinfo is not None else t


def _keep_order(row: dict, given: set, rules: dict) -> None:
    """Times the case leaves to the contract's example are moved so that no end precedes its start (the
    contract's not_before, refused when records are read): a defaulted end takes its start's time, a
    defaulted start its end's.  A case's own times are never changed."""
    for _ in range(4):
        changed = False
        for end, starts in rules.items():
            for start in starts:
                e, st = row.get(end), row.get(start)
                if e is None or st is None or _wall(e) >= _wall(st):
                    continue
                if end not in given:
                    row[end], changed = st, True
                elif start not in given:
                    row[start], changed = e, True
        if not changed:
            return


@pytest.mark.parametrize("standard,case", _load())
def test_case(standard, case):
    """Each case runs through the real engine (windoweval.engine.evaluate_frame): population, the clause's
    own exceptions, the kernel, open cases and the counts per window."""
    m = _measure(case["measure"])
    df = _frame(m["records"], case["records"] if "records" in case else case["rows"])
    wins = case.get("windows") or sorted(df["window_id"].dropna().astype(str).unique())
    params = dict(m.get("params") or {}, **case.get("params", {}))
    it = Measure.of(m, wins, params, calendar=CAL, year=case.get("year"),
                    art203=case.get("art203", False), horizon=case.get("as_of"),
                    options={"abandoned_within": case.get("abandoned_within", "excluded")}, promises=expand(m))
    k = it.kernel
    # a case's ``year`` is the evaluation's: records of another year are not read for it (the one year filter every
    # read passes, Contract.rows_of_year), so they are in no measure's population (out)
    inyear = df.index.isin(contracts()[m["records"]].rows_of_year(df, case.get("year")).index)
    ev = evaluate_frame(df[inyear], [it])[m["measure"]]
    mask = ev.mask
    opened = open_of(mask)
    if k.level == "record":
        inpop = set(np.flatnonzero(where_mask(df, m.get("where")) & df["window_id"].isin(wins).to_numpy() & inyear))
        judged = dict(zip(mask.index, zip(mask.array, opened)))
        got = []
        for i in range(len(df)):
            if i not in inpop:
                got.append("out")
            elif i not in judged:
                got.append("exempt")
            else:
                v, o = judged[i]
                got.append("open" if o else ("na" if v is pd.NA else ("pass" if v else "fail")))
        want = [r["expect"] for r in case["records"]]
        assert got == want, f"{case['measure']}: {case.get('note', '')}"
        agg = ev.agg.sum()
        assert int(agg["open"]) == want.count("open") and int(agg["exempt"]) == want.count("exempt")
        assert int(agg["n"]) == sum(w in ("pass", "fail") for w in want)
    else:
        got = {tuple(map(str, (k_ if isinstance(k_, tuple) else (k_,)))):
               ("open" if o else ("na" if v is pd.NA else ("pass" if v else "fail")))
               for (k_, v), o in zip(mask.items(), opened)}
        want = {tuple(map(str, u["key"])): u["expect"] for u in case["units"]}
        assert got == want, f"{case['measure']}: {case.get('note', '')}"


def test_every_standard_has_a_case_file():
    stds = set(load_catalog().standards)
    assert stds <= {f.stem for f in CASES_DIR.glob("*.yaml")}


def test_every_record_measure_has_a_case():
    """Every measure that reads operational records has its cases; checklist measures share one kernel
    and need one case per standard."""
    covered = set()
    for f in CASES_DIR.glob("*.yaml"):
        covered |= {c["measure"] for c in yaml.safe_load(f.read_text(encoding="utf-8"))["cases"]}
    ms = load_catalog().measures()
    missing = [m["measure"] for m in ms if m["kernel"] != "checklist" and m["measure"] not in covered]
    assert not missing, f"measures without a case in tests/cases/: {missing}"
    with_checklist = {m["standard"] for m in ms if m["kernel"] == "checklist"}
    checked = {m["standard"] for m in ms if m["kernel"] == "checklist" and m["measure"] in covered}
    assert with_checklist == checked, f"standards without a checklist case: {sorted(with_checklist - checked)}"


def test_turn_per_row_transcripts_are_judged_as_dialogues():
    """A transcript export with one turn per row and a speaker column: joined into one dialogue per transcript
    by the engine; only staff turns are judged (a customer's 我不知道 is no violation, the greeting must be the
    staff's)."""
    from windoweval.engine import evaluate
    from windoweval.scoring import plan_measures
    from windoweval.records.workspace import Workspace

    rows = [("T1", 1, "customer", "我不知道怎么交电费。"), ("T1", 2, "staff", "您好!我来帮您。"),
            ("T1", 3, "staff", "请您检查好随身物品,请慢走。"),
            ("T2", 1, "staff", "请问您办什么业务?"), ("T2", 2, "customer", "您好,交电费。"),
            ("T2", 3, "staff", "有牌子,自己看。")]
    df = pd.DataFrame([{"transcript_id": t, "turn": n, "speaker": sp, "text": x, "window_id": "PW01",
                        "channel": "counter", "recorded_at": "2025-03-01 09:00:00"} for t, n, sp, x in rows])
    df = validate(df.astype(object), "transcripts", file="case")
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
    plan = [it for it in plan_measures(["etiquette", "window_staff"], ws, load_catalog(), 2025)
            if it.kind == "transcripts"]
    ev = evaluate(plan, records={"transcripts": df})
    got = {m: ev[m].mask.tolist() for m in ("etiquette.annex1.1", "etiquette.annex2", "window_staff.6.4")}
    assert got == {"etiquette.annex1.1": [True, False], "etiquette.annex2": [True, True],
                   "window_staff.6.4": [True, False]}


def test_needs_review_list_and_hits_in_their_sentence():
    """A fragment the rules cannot decide goes to the 需人工复核 list (not failed); every hit is shown in its
    sentence in the drill-down."""
    from windoweval.scoring import score
    from windoweval.records.workspace import Workspace

    texts = ["员工:您好。这个我不知道。", "员工:您好!急什么!排队去。", "员工:您好,我不知道您是否了解这项政策。"]
    df = pd.DataFrame([{"transcript_id": f"T{i}", "text": t, "window_id": "PW01", "channel": "counter",
                        "recorded_at": "2025-03-01 09:00:00"} for i, t in enumerate(texts)])
    df = validate(df.astype(object), "transcripts", file="case")
    recs = {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
            for k, c in contracts().items()}
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
    card = score("window_staff", 2025, workspace=ws, records={**recs, "transcripts": df})
    r = card.results.set_index("measure").loc["window_staff.6.4"]
    assert (int(r["n"]), int(r["met"]), r["verdict"]) == (2, 2, "pass")  # the review hit fails nothing
    rv = card.needs_review()
    assert rv[["transcript_id", "phrase", "sentence"]].values.tolist() == [["T0", "我不知道,你去问别人", "这个我不知道。"]]
    card2 = score("etiquette", 2025, workspace=ws, records={**recs, "transcripts": df})
    d = card2.drilldown("etiquette.annex2", include_passed=True).set_index("transcript_id")
    assert d.loc["T1", "hits"] == "违规 / violation: 急什么!" and d.loc["T2", "hits"] == "礼貌用法 / polite: 您好,我不知道您是否了解这项政策。"
