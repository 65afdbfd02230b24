"""The Python API's year is data, checked as such (user41 left it): ``score`` and ``evaluate`` with a year that is no
integer are refused (UsageError, exit 2) naming the value and the fix; 2025.5 had been scored as 2025, ``True`` as the
year 1, and ``"2025; import os"`` ended in int()'s bare ValueError."""
from __future__ import annotations

import pytest

import windoweval as we
from windoweval.errors import UsageError
from windoweval.evaluation import as_year, evaluate, score


@pytest.mark.parametrize("bad", ["2025; import os", 2025.5, True, "二〇二五", float("nan"), "", 25, [2025]])
def test_a_year_that_is_no_integer_is_refused(bad):
    with pytest.raises(UsageError) as e:
        as_year(bad)
    assert e.value.exit_code == 2
    assert "不是年份" in str(e.value) and "is not a year" in str(e.value) and "year=2025" in str(e.value)


@pytest.mark.parametrize("good,want", [(2025, 2025), ("2025", 2025), (" 2025 ", 2025), (2025.0, 2025), (None, None)])
def test_a_year_written_as_an_integer_is_read(good, want):
    assert as_year(good) == want


def test_score_refuses_a_fractional_year_rather_than_scoring_2025():
    with pytest.raises(UsageError, match="2025.5"):
        score("power_window", year=2025.5)
    with pytest.raises(UsageError, match="import os"):
        we.score("power_window", year="2025; import os")


def test_evaluate_refuses_a_baseline_that_is_no_year():
    with pytest.raises(UsageError, match="baseline_year"):
        evaluate(2025, baseline_year="last year")
