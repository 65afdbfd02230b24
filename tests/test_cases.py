"""Test cases as data: tests/cases/<standard>.yaml holds passing and failing records for each measure.

Each case names a measure and lists records of its kind (only the columns that matter; the rest come from
the contract's example) with what each should be: ``pass``, ``fail``, ``na`` (in the population, evidence
missing), ``exempt`` (the clause's own stated exceptions, e.g. a documented instrument fault or a sample
received after the cut-off) or ``out`` (not in the measure's population).  Unit-level measures (counts, rosters) list
``units``: the unit's key and what it should be.  One parametrised test runs them all.
"""
from pathlib import Path

import pandas as pd
import pytest
import yaml

from windoweval.calendar import WorkCalendar
from windoweval.catalog import load_catalog
from windoweval.kernels import KERNELS
from windoweval.promise_register import expand
from windoweval.records import contracts, validate
from windoweval.scoring import apply_where

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
        rows.append(row)
    df = pd.DataFrame(rows)
    if len(c.key) > 1 or c.columns[c.key[0]]["type"] != "string":
        df = df.drop_duplicates()
    return validate(df.astype(object).where(df.notna(), None), kind, file="case")


@pytest.mark.parametrize("standard,case", _load())
def test_case(standard, case):
    m = _measure(case["measure"])
    k = KERNELS[m["kernel"]]
    df = _frame(m["records"], case["records"])
    pop = apply_where(df, m.get("where"))
    params = k.bind(m.get("params") or {}, calendar=CAL, windows=case.get("windows"), year=case.get("year"),
                    art203=case.get("art203", False), promises=expand(m))
    ok = pd.Series(k.applicable(pop, **params), index=pop.index)
    exempt = set(ok.index[~ok.to_numpy()])
    pop = pop[ok.to_numpy()]
    mask = k(pop, **params)
    if k.level == "record":
        got = []
        for i in range(len(df)):
            if i in exempt:
                got.append("exempt")
            elif i not in pop.index:
                got.append("out")
            else:
                v = mask.loc[i]
                got.append("na" if v is pd.NA else ("pass" if v else "fail"))
        want = [r["expect"] for r in case["records"]]
        assert got == want, f"{case['measure']}: {case.get('note', '')}"
    else:
        got = {tuple(map(str, (k_ if isinstance(k_, tuple) else (k_,)))): ("pass" if v else "fail")
               for k_, v in mask.items()}
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
