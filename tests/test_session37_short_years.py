"""A date whose year has two digits, read when the weekday written beside it says which part is the year (session 37;
att37 noticed).

DingTalk's daily attendance report writes its day as ``25-03-03 星期一``.  A two-digit year is never guessed (25-3-5:
5 March 2025, or 25 March 2005?), so every such report was refused, a message per cell.  The weekday written beside
each date settles it where exactly one order of the parts gives every date of the column its weekday: 25-03-03 is a
Monday read year first (3 March 2025), a Tuesday read day first (25 March 2003), no date at all month first.  A
column where a date has no weekday, or where two orders fit, or none, is refused as before.
"""
from __future__ import annotations

import pandas as pd
import pytest

from tests.test_att37_span_pairs import MAPPING, REPORT, _folder, _shifts
from windoweval.errors import InputError
from windoweval.records.read import read_records


def _short(report: str) -> str:
    return report.replace("2025-03-0", "25-03-0")


def test_a_dingtalk_day_with_its_weekday_is_read(tmp_path):
    report = _short(REPORT)
    assert "25-03-03 星期一" in report and "2025-" not in report
    assert _shifts(_folder(tmp_path / "short", report)) == _shifts(_folder(tmp_path / "full"))


def test_without_the_weekday_or_with_a_wrong_one_it_is_refused(tmp_path):
    for i, report in enumerate([_short(REPORT).replace(" 星期一", ""),       # Monday's rows without their weekday
                                _short(REPORT).replace("星期二", "星期三")]):  # 25-03-04 was a Tuesday
        with pytest.raises(InputError) as e:
            read_records("attendance", _folder(tmp_path / str(i), report))
        assert "年份只写了两位" in str(e.value) or "星期与日期不符" in str(e.value)


def test_an_order_the_weekdays_do_not_settle_is_refused():
    from windoweval.records.validate import _short_years_by_weekday

    # 01-02-03 星期一: 3 February 2001 is a Saturday, 1 February 2003 a Saturday, 2 January 2003 a Thursday: none fits
    s = pd.Series(["01-02-03"], dtype="string")
    assert _short_years_by_weekday(s, pd.Series(["01-02-03 星期一"], dtype="string")) is None
    # 2 January 2003 (month, day, year) is the one reading that is a Thursday
    assert _short_years_by_weekday(s, pd.Series(["01-02-03 星期四"], dtype="string")).tolist() == ["2003-01-02"]
    # two readings a Saturday (3 February 2001, 1 February 2003): not settled
    assert _short_years_by_weekday(s, pd.Series(["01-02-03 星期六"], dtype="string")) is None
