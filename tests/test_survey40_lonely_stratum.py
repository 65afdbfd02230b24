"""survey40, as a firm: a stratum with one respondent (R's options(survey.lonely.psu)).  `survey check` warned of a
stratum with a single PSU, but counted the PSUs over every row, refused ones too: a stratum of two PSUs whose second
PSU's only respondent is refused (interviewed outside the survey year) went into the store with one PSU, unwarned, and
`survey estimate` (like R by default) and the year's report on the survey then refused it.  The count is now over the
rows imported, naming the refused rows that leave the stratum one PSU; the warning says what the estimate and the
report do and what to do (merge the stratum; --lonely-psu for an estimate of its own), Chinese first.
The estimates under each rule are pinned to R in tests/test_survey40_estimates_r.py."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.estimate import LonelyPSUError, survey_design
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _clean():
    return pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)


def _parse(tmp_path, df):
    p = tmp_path / "交付.csv"
    df.to_csv(p, index=False, encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False)


def test_a_stratum_left_one_psu_by_refused_rows_is_warned(tmp_path):
    df = _clean()
    df.loc[[0, 1], "stratum"] = "D9"                      # rows 2 and 3: two PSUs, PW01-0406 and PW01-0808
    assert df.loc[0, "psu"] != df.loc[1, "psu"]
    df.loc[1, "interview_date"] = "2024-12-30"            # row 3 refused: outside the survey year
    got = _parse(tmp_path, df)
    assert got.rejected_rows == [3]
    w = got.problems[got.problems.code == "single_psu"]
    assert w.value.tolist() == ["D9"]                     # before: no warning (two PSUs counted, one refused)
    assert "第 3 行" in w.problem_zh.item() and "rows 3" in w.problem_en.item()
    with pytest.raises(LonelyPSUError, match="D9"):       # what the store would hold: the estimate refuses it
        survey_design(got.valid)


def test_the_warning_says_what_the_estimate_and_the_report_do_and_the_fix(tmp_path):
    df = _clean()
    df.loc[0, "stratum"] = "D9"                           # one respondent in its stratum
    got = _parse(tmp_path, df)
    w = got.problems[got.problems.code == "single_psu"]
    assert w.severity.tolist() == ["warning"]
    zh, en = w.problem_zh.item(), w.problem_en.item()
    assert "survey estimate 默认拒绝估计（退出码 3" in zh and "年度报告" in zh
    assert "refuses it by default (exit 3" in en and "year's report" in en
    assert "被拒" not in zh                                # no refused row to name here
    assert "合并抽样层" in w.fix_zh.item() and "--lonely-psu" in w.fix_zh.item()
    assert "merge the stratum" in w.fix_en.item() and "--lonely-psu" in w.fix_en.item()


def test_a_stratum_whose_two_psus_are_imported_is_not_warned(tmp_path):
    df = _clean()
    df.loc[[0, 1], "stratum"] = "D9"
    got = _parse(tmp_path, df)
    assert not (got.problems.code == "single_psu").any()
    survey_design(got.valid)                              # no lonely stratum in what is imported
