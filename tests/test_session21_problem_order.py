"""When a problem list is cut short, the problems that explain the others (a header written again, a totals or notes
row: each with the mapping.yaml ``drop`` that skips it) are shown first, never hidden behind "……另有 N 条 / N more"
(rev21c noticed: a header repeated six times listed its columns' bad dates first and its own fix last)."""
from __future__ import annotations

import pytest

from windoweval.records.problems import Problems


@pytest.mark.parametrize("code", ["header_repeated", "totals_row", "notes_row"])
def test_a_problem_that_explains_others_is_shown_before_the_cut(code):
    p = Problems.of(file="t.csv", row=list(range(2, 22)) + [30], column=["received_at"] * 20 + [""],
                    value=["x"] * 21, code=["bad_datetime"] * 20 + [code],
                    problem_zh=["不是日期"] * 20 + ["表头重复"], problem_en=["not a date"] * 20 + ["header again"],
                    fix_zh=[""] * 20 + ["用 drop 跳过"], fix_en=[""] * 20 + ["skip it with drop"])
    out = p.lines(limit=5).splitlines()
    assert out[0].startswith("第 30 行 row 30") and "skip it with drop" in out[0]
    assert out[-1] == "……另有 16 条 / ... 16 more"


def test_the_order_is_kept_when_nothing_is_cut():
    p = Problems.of(file="t.csv", row=[2, 30], column=["received_at", ""], value=["x", "y"],
                    code=["bad_datetime", "header_repeated"], problem_zh="p", problem_en="p")
    assert [ln.split(" | ")[0] for ln in p.lines(limit=5).splitlines()] == ["第 2 行 row 2", "第 30 行 row 30"]
