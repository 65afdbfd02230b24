"""A baseline year that is not before the year evaluated is refused, exit 2, in both languages (session 33): ``windoweval
waiting --year 2025 --baseline 2025`` compared the year with itself and read every window "not shortened" (+0.0);
``report --baseline-year`` the same with every change 0, or run backwards with a later year."""
import pytest

from windoweval.cli import main


@pytest.mark.parametrize("argv", [["waiting", "--year", "2025", "--baseline", "2025"],
                                  ["waiting", "--year", "2025", "--baseline", "2026"],
                                  ["report", "--year", "2025", "--baseline-year", "2025", "--prepare-only"]])
def test_a_baseline_not_before_the_year_is_refused(argv, capsys, tmp_path):
    assert main(argv + (["--out", str(tmp_path)] if argv[0] == "report" else [])) == 2
    err = capsys.readouterr().err
    assert "基准年应早于评价年度 2025" in err and "the baseline year must be before the year evaluated, 2025" in err
    assert "Traceback" not in err
    assert not any(tmp_path.iterdir())      # refused before anything is written


def test_an_earlier_baseline_still_runs(capsys):
    assert main(["waiting", "--year", "2025", "--baseline", "2024"]) == 0
    assert "与 2024 年比较" in capsys.readouterr().out
