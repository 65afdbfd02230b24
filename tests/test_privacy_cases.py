"""The privacy cases as data (tests/cases/privacy/masking.yaml), run by one parametrised test.

Each case is one of: a text the masking must take something from (``masked``), a text it must leave as written
(``kept``), a problem on a personal column that must not echo its value (``never_echoed``), a column name that is
personal data or is not (``personal_columns``, ``other_columns``), a text alone in a cell of a named column (``by_column``: a passport
masked in a free-text column, kept in an id column).  A masked text is checked in a message and in a
column of 256 texts or more (the pre-filtered path), which must agree.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from windoweval.privacy import _FOLD, mask_message, mask_text, personal_column

FILE = Path(__file__).parent / "cases" / "privacy" / "masking.yaml"
DOC = yaml.safe_load(FILE.read_text(encoding="utf-8"))
KINDS = ("masked", "kept", "never_echoed", "personal_columns", "other_columns", "by_column")
CASES = [(kind, case) for kind in KINDS for case in DOC[kind]]


def _norm(text: str) -> str:
    return re.sub(r"[\s\-()（）.+:：]", "", text.translate(_FOLD))


def _id(kc) -> str:
    kind, case = kc
    return f"{kind}:{case.get('text') or case.get('column')}"[:60]


def _column(texts: list[str]) -> list[str]:
    """``texts`` masked as a column: repeated to 256 texts or more, the pre-filtered path."""
    n = -(-256 // len(texts))
    return mask_text(pd.Series(texts * n, dtype="string")).tolist()[:len(texts)]


@pytest.mark.parametrize("kind,case", CASES, ids=[_id(c) for c in CASES])
def test_privacy_case(kind, case):
    if kind == "masked":
        got = mask_message(case["text"])
        if "needle" in case:
            assert _norm(str(case["needle"])) not in _norm(got), got
        if "token" in case:
            assert case["token"] in got, got
        if "no_run_of_digits" in case:
            assert not re.search(r"\d{%d}" % case["no_run_of_digits"], got), got
        assert _column([case["text"]]) == [got]
    elif kind == "kept":
        assert mask_message(case["text"]) == case["text"]
        assert _column([case["text"]]) == [case["text"]]
    elif kind == "never_echoed":
        from windoweval.records.problems import Problems

        p = Problems.of(file="a.csv", row=[12], column=case["column"], value=[case["value"]], problem_zh="不是日期",
                        problem_en="not a date")
        line = p.lines()
        assert f"第 12 行 row 12 | 列 column {case['column']} | 值 value '[已遮蔽 masked]'" in line, line
        assert _norm(case["value"]) not in _norm(line)
    elif kind == "by_column":
        from windoweval.privacy import free_text_column, mask_frame

        want = case.get("token", case["text"])
        assert mask_frame(pd.DataFrame({case["column"]: [case["text"]]}))[case["column"]].tolist() == [want]
        col = pd.Series([case["text"]] * 300, dtype="string")
        assert mask_text(col, free_text=free_text_column(case["column"])).tolist() == [want] * 300
    elif kind == "personal_columns":
        assert personal_column(case["column"])
    else:
        assert not personal_column(case["column"])


def test_every_masked_text_masks_alike_in_one_column():
    """All the masked texts in one column (each text among the others, as in a real column) as each in a message."""
    texts = [c["text"] for c in DOC["masked"]]
    assert _column(texts) == [mask_message(t) for t in texts]


def test_no_case_was_lost_in_the_merge():
    """The fourth and fifth audits' tables held 193 rows: 185 distinct cases (8 kept texts were in both), all here."""
    old = [c for kind in KINDS for c in DOC[kind] if "fourth" in c["from"] or "fifth" in c["from"]]
    assert len(old) == 185
    assert sum(c["from"].count(",") + 1 for c in old) == 193
