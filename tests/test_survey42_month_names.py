"""survey42: interview dates with the month as a word were refused as unreadable ("use YYYY-MM-DD"), every
respondent of the delivery with them: 05-OCT-2025 is how SPSS writes a DATE11 variable (05-OCT-2025 10:05:00 a
DATETIME20) when a firm exports its .sav to CSV or Excel, and 5-Oct-2025 or Oct 5, 2025 how English Excel shows a
date.  With the month a word and the year in four digits there is no order of day and month to guess: they are
read; a year of two digits (05-Oct-25) is still refused, as 25/3/5 is."""
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=8, seed=11, careless_share=0)


@pytest.mark.parametrize("fmt", ["%d-%b-%Y", "%d-%b-%Y %H:%M:%S", "%-d-%b-%Y", "%b %-d, %Y", "%B %-d, %Y",
                                 "%d %b %Y"])
def test_a_date_with_its_month_as_a_word_is_read(base, tmp_path, fmt):
    d = base.copy()
    d["interview_date"] = [pd.Timestamp(v).strftime(fmt).upper() if "%b" in fmt and "-" in fmt
                           else pd.Timestamp(v).strftime(fmt) for v in base["interview_date"]]
    p = tmp_path / "spss_export.csv"
    d.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "value", "code"]].head()       # before: bad_date on every row
    got = pd.to_datetime(chk.valid["interview_date"]).dt.strftime("%Y-%m-%d").tolist()
    assert got == base["interview_date"].tolist()


def test_a_two_digit_year_beside_a_month_word_is_still_refused(base, tmp_path):
    d = base.copy()
    d.loc[0, "interview_date"] = pd.Timestamp(base.loc[0, "interview_date"]).strftime("%d-%b-%y")
    p = tmp_path / "short.csv"
    d.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    bad = chk.errors[chk.errors.code == "bad_date"]
    assert bad.row.tolist() == [2] and bad.problem_zh.iloc[0].startswith("无法识别的日期")
