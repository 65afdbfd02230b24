"""A month written the Chinese way (2025年3月, 2025年03月份) reads as 2025-03 does (session 33): a voltage monitoring
system's 统计月份 column, written so, was refused as "not a valid date/time" (volt33's note)."""
import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError


def _row(month):
    return pd.DataFrame({"point_id": ["V1"], "window_id": ["PW01"], "supply_type": ["single_phase_220v"],
                         "stat_month": [month], "run_min": ["1440"], "over_min": ["0"], "under_min": ["0"],
                         "system_state": ["normal"]})


@pytest.mark.parametrize("month", ["2025-03", "2025年3月", "2025年03月", "2025年3月份", " 2025 年 3 月 ", "２０２５年３月"])
def test_a_month_reads_as_its_first_day(month):
    assert validate(_row(month), "voltage_statistics")["stat_month"].iloc[0] == pd.Timestamp("2025-03-01")


@pytest.mark.parametrize("month", ["2025年13月", "3月", "2025年3月32日"])
def test_no_month_is_still_refused(month):
    with pytest.raises(RecordsError):
        validate(_row(month), "voltage_statistics")


def test_a_day_still_reads_as_its_day():
    from windoweval.records.validate import _datetime_text

    got = _datetime_text(pd.Series(["2025年3月4日 9时05分", "2025年3月"], dtype="string")).tolist()
    assert got[0].split() == ["2025-3-4", "9:05"] and got[1] == "2025-3"
