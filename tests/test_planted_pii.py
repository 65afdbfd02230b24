"""No personal data leaks (issue 11): every written form planted in every free-text field, none in any output.

The forms of tests/_planted.py (phone numbers in full-width digits, with spaces, dashes, +86 and
brackets; 15- and 18-digit ID numbers; names after 姓名/客户/联系人/患者 with either colon; an e-mail
address; street and estate addresses) sit in every free-text field of the records and the workspace.
Every output for people is searched, with separators removed and full-width digits folded: the
report (pages, notebooks, CSV, XLSX, summary, log), the ``score``, ``complaints``, ``promises`` and
``review`` CSVs, and what every command printed.
"""
from __future__ import annotations

import pandas as pd
import pytest

from _planted import PII, normalise, planted

FIGURES = {"forms": 0, "planted": 0, "leaked": 0, "outputs": 0}


@pytest.fixture(scope="module")
def built():
    p = planted()
    assert p.code == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return p


@pytest.fixture(scope="module")
def normalised(built):
    return {name: normalise(text) for name, text in built.outputs.items()}


def test_outputs_were_written(built):
    names = list(built.outputs)
    assert any(n.endswith(".html") for n in names) and any(n.endswith(".csv") for n in names)
    assert any("cli/score" in n for n in names) and any("cli/complaints" in n for n in names)
    assert any(n.endswith(".log") for n in names) and any(n.endswith(".xlsx") for n in names)
    FIGURES["outputs"] = len(names)


@pytest.mark.parametrize("form", list(PII))
def test_form_never_reaches_an_output(built, normalised, form):
    FIGURES["forms"] += 1
    FIGURES["planted"] = built.planted_pii
    written, needles = PII[form]
    leaks = [name for name, text in normalised.items() if any(n in text for n in needles)]
    FIGURES["leaked"] += len(leaks)
    assert not leaks, f"{written!r} leaked into {leaks[:5]}"


def test_the_planted_forms_are_in_the_inputs(built):
    """The needles are findable where they were planted (so the check above can fail)."""
    df = pd.read_csv(built.data / "inspections.csv", dtype=str)
    text = normalise("\n".join(df["note"].tolist()))
    assert all(any(n in text for n in needles) for _, needles in PII.values())


def test_score_csvs_are_neutralised(built):
    """A cell starting (after blanks) with = + - @ or their full-width forms is written as text."""
    from windoweval.exports import FORMULA, write_csv

    df = pd.DataFrame({"x": ["=1+1", "  +SUM(A1)", "\u3000＝HYPERLINK(\"http://x\")", "＠cmd", "－2", "ok", None],
                       "n": [1, 2, 3, 4, 5, 6, 7]})
    out = write_csv(df, built.root / "neutral.csv")
    back = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert not back["x"].dropna().str.match(FORMULA).any()
    assert back["x"].tolist()[:2] == ["'=1+1", "'  +SUM(A1)"]


def test_zz_figures(capsys):
    with capsys.disabled():
        print(f"\n[pii] forms: {FIGURES['forms']}, planted values: {FIGURES['planted']}, outputs searched: "
              f"{FIGURES['outputs']}, leaks: {FIGURES['leaked']}")
