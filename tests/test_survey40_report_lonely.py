"""survey40: a survey imported with a stratum of one respondent (`survey check` warns of it; the import takes it)
stops the year's report, as R stops by default.  The refusal told the analyst to choose a rule lonely_psu=...,
which `windoweval report` has no option for; it now says which survey, that the report chooses no rule, and what to
do: the firm merges the stratum and delivers again (survey import ... --replace), or an estimate of its own with
survey estimate --lonely-psu.  Chinese first, then English; the exit code stays 3 (an InputError)."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval import sections
from windoweval.errors import InputError
from windoweval.survey import delivery as D
from windoweval.survey.estimate import LonelyPSUError
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _responses(tmp_path, lonely):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    if lonely:
        df.loc[0, "stratum"] = "D9"
    p = tmp_path / "交付.csv"
    df.to_csv(p, index=False)
    return D.parse_delivery(p, INS, year=2025, screen=False).valid


def _survey_section(resp):
    return sections.compute(2025, None, sections=("survey",), instrument="power_hall",
                            survey=lambda y: (resp, "file") if y == 2025 else (None, None))


def test_the_report_says_what_to_do_with_a_lonely_stratum(tmp_path):
    with pytest.raises(LonelyPSUError) as got:
        _survey_section(_responses(tmp_path, lonely=True))
    msg = str(got.value)
    assert isinstance(got.value, InputError)                  # the report's exit 3
    zh, en = msg.split(" / the 2025 ")
    assert "2025 年的满意度调查（power_hall）" in zh and "D9" in zh
    assert "年度报告不替调查选择规则" in zh and "--replace" in zh and "--lonely-psu" in zh
    assert "The year's report chooses no rule" in en and "--replace" in en and "--lonely-psu" in en


def test_a_survey_without_one_computes(tmp_path):
    got = _survey_section(_responses(tmp_path, lonely=False))
    assert got["survey"].meta["respondents"] == 12
