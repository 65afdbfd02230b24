"""probe27: a survey delivery's interview time with its time zone, as web survey platforms export it (ISO 8601 in
UTC, ``2025-03-04T20:05:00Z``, or with an offset, ``2025/03/05 14:05:00+08:00``).

Before, every such date was refused as unreadable (``bad_date``: "use YYYY-MM-DD"), the respondent lost, while the
records read the same cells (converted to Beijing time).  Now the time is converted to Beijing time before its date
is kept, as records do: ``2025-03-04T20:05:00Z`` is 04:05 on 5 March in Beijing, so an interview on 5 March, and one
at ``2024-12-31T17:00:00Z`` falls in the 2025 survey.  A column mixing times with and without a zone is refused for
the fewer, as records refuse it (``mixed_time_zones``: the zone of the others is unknown); a zone abbreviation (CST)
stays unreadable, never guessed.
"""
from pathlib import Path

import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _delivery(tmp_path, dates: dict):
    """The clean delivery with the interview date of data row ``i`` (1-based) written as ``dates[i]``."""
    lines = (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
    at = lines[0].split(",").index("interview_date")
    for i, v in dates.items():
        cells = lines[i].split(",")
        cells[at] = v
        lines[i] = ",".join(cells)
    p = tmp_path / "zones.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("value,day", [
    ("2025-03-04T20:05:00Z", "2025-03-05"),            # 04:05 on the 5th in Beijing
    ("2025-03-05T06:05:00Z", "2025-03-05"),
    ("2025-03-05T06:05:00.123Z", "2025-03-05"),
    ("2025/03/05 14:05:00+08:00", "2025-03-05"),
    ("2025-03-05 14:05:00 +0800", "2025-03-05"),
    ("2025-03-04 23:30:00-05:00", "2025-03-05"),       # 12:30 on the 5th in Beijing
    ("2025-03-05 06:05 UTC", "2025-03-05"),
    ("2025-03-05 14:05 GMT+8", "2025-03-05"),
    ("2024-12-31T17:00:00Z", "2025-01-01"),             # the first hour of 2025 in Beijing: in the 2025 survey
])
def test_an_interview_time_with_its_zone_is_dated_in_beijing(tmp_path, value, day):
    dates = {i: value for i in range(1, 13)}
    chk = D.parse_delivery(_delivery(tmp_path, dates), INS, year=2025)
    errors = chk.problems[chk.problems["severity"] == "error"]
    assert errors.empty, errors[["row", "column", "value", "code"]]
    assert {str(x)[:10] for x in chk.responses["interview_date"]} == {day}
    assert chk.rejected_rows == [] and len(chk.valid) == 12


def test_a_time_in_utc_late_on_new_years_eve_is_the_next_year(tmp_path):
    dates = {i: "2025-12-31T17:00:00Z" for i in range(1, 13)}
    chk = D.parse_delivery(_delivery(tmp_path, dates), INS, year=2025)
    assert set(chk.problems.loc[chk.problems["severity"] == "error", "code"]) == {"date_outside_year"}


def test_a_column_mixing_zoned_and_unzoned_times_is_refused_for_the_fewer(tmp_path):
    dates = {i: "2025-03-05T06:05:00Z" for i in range(1, 11)}
    dates.update({11: "2025-03-05 14:05:00", 12: "2025-03-05 09:00:00"})
    chk = D.parse_delivery(_delivery(tmp_path, dates), INS, year=2025)
    err = chk.problems[chk.problems["severity"] == "error"]
    assert err[["row", "column", "value", "code"]].values.tolist() == [
        [12, "interview_date", "2025-03-05 14:05:00", "mixed_time_zones"],
        [13, "interview_date", "2025-03-05 09:00:00", "mixed_time_zones"]]
    zh, en = err["problem_zh"].iloc[0], err["problem_en"].iloc[0]
    assert "10 个带时区" in zh and "2 个不带时区" in zh and "10 interview times with a zone (Z, +08:00) and 2 without" in en
    fix_zh, fix_en = err["fix_zh"].iloc[0], err["fix_en"].iloc[0]
    assert "北京时间" in fix_zh and "Beijing time" in fix_en
    assert chk.rejected_rows == [12, 13] and len(chk.valid) == 10


def test_dates_without_a_zone_beside_zoned_times_are_not_mixed(tmp_path):
    # a date alone has no clock to put in a zone: 2025-03-05 beside 2025-03-05T06:05:00Z is no mixing
    dates = {i: "2025-03-05T06:05:00Z" for i in range(1, 11)}
    dates.update({11: "2025-03-05", 12: "2025年3月5日"})
    chk = D.parse_delivery(_delivery(tmp_path, dates), INS, year=2025)
    assert chk.problems[chk.problems["severity"] == "error"].empty
    assert chk.rejected_rows == [] and len(chk.valid) == 12


def test_a_zone_abbreviation_stays_unreadable(tmp_path):
    chk = D.parse_delivery(_delivery(tmp_path, {1: "2025-03-05 14:05 CST"}), INS, year=2025)
    err = chk.problems[chk.problems["severity"] == "error"]
    assert err[["row", "column", "code"]].values.tolist() == [[2, "interview_date", "bad_date"]]
