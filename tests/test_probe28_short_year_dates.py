"""probe28: interview dates with a two-digit year (25/3/5, 25-3-5, 5/3/25, 25年3月5日) or day and month before a
four-digit year (04/03/2025), as a survey firm's Excel shows them in a short date format.

Before, each was the generic "unreadable date: use YYYY-MM-DD", which does not say what is wrong with a date that
looks readable.  Decision: such dates are still refused, never read: 25/3/5 reads as 5 March 2025 or 25 March 2005,
5/3/25 as 5 March or 3 May, and which part is the year is a guess the survey year would only seem to settle (records
refuse the same dates the same way, records.validate).  The message now names the shape and its two readings and the
fix (write the year in full, year first), Chinese first, English alongside; the code stays ``bad_date``.
"""
from pathlib import Path

import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _delivery(tmp_path, date: str):
    lines = (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    row = lines[1].split(",")
    row[head.index("interview_date")] = date
    lines[1] = ",".join(row)
    p = tmp_path / "dates.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _error(tmp_path, date):
    chk = D.parse_delivery(_delivery(tmp_path, date), INS, year=2025)
    e = chk.errors
    assert e[["row", "column", "code"]].values.tolist() == [[2, "interview_date", "bad_date"]]
    assert chk.rejected_rows == [2]
    return e.iloc[0]


@pytest.mark.parametrize("date", ["25/3/5", "25-3-5", "25.3.5", "5/3/25", "25/03/05 10:05", "05-03-25"])
def test_a_two_digit_year_is_named_with_its_readings_and_the_fix(tmp_path, date):
    e = _error(tmp_path, date)
    zh, en = e["problem_zh"], e["problem_en"]
    assert "年份只写了两位" in zh and "不作猜测" in zh and "四位" in zh and "2025-03-05" in zh
    assert "two digits" in en and "not guessed" in en and "in full" in en and "2025-03-05" in en
    assert zh.index("年份") < len(zh) and "YYYY-MM-DD" in zh and "YYYY-MM-DD" in en


@pytest.mark.parametrize("date", ["25年3月5日", "25年03月05日 10:05"])
def test_a_two_digit_year_before_its_year_mark_is_refused_naming_the_fix(tmp_path, date):
    e = _error(tmp_path, date)
    assert "年份只写了两位" in e["problem_zh"] and "2025年3月5日" in e["problem_zh"]
    assert "two digits" in e["problem_en"] and "in full" in e["problem_en"]


@pytest.mark.parametrize("date", ["04/03/2025", "3/5/2025", "05.03.2025"])
def test_day_and_month_before_the_year_are_named(tmp_path, date):
    e = _error(tmp_path, date)
    assert "日与月的次序不明" in e["problem_zh"] and "不作猜测" in e["problem_zh"] and "年在前" in e["problem_zh"]
    assert "order of day and month" in e["problem_en"] and "year first" in e["problem_en"]


@pytest.mark.parametrize("date", ["昨天", "2025-13-01"])
def test_other_unreadable_dates_keep_the_plain_message(tmp_path, date):
    e = _error(tmp_path, date)
    assert e["problem_zh"].startswith("无法识别的日期") and "两位" not in e["problem_zh"]


def test_a_full_date_is_read_as_before(tmp_path):
    chk = D.parse_delivery(_delivery(tmp_path, "2025/3/5"), INS, year=2025)
    assert chk.errors.empty
    assert str(chk.responses.set_index("row").loc[2, "interview_date"])[:10] == "2025-03-05"
