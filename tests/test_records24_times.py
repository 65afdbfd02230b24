"""records24 #4: 上午/下午 times and a date-time with a time-zone suffix, as an organisation's export writes them.

Fixed here (failing on the code before): ``GMT+8`` / ``UTC+08:00`` / ``GMT+0800`` after a time (a JavaScript date's
``toString``, some Java systems) means eight hours ahead of UTC, as written, Beijing time; the date parser read it in
the POSIX convention (``Etc/GMT+8``: eight hours *behind*), so ``2025-03-05 15:05 GMT+8`` became 2025-03-06 07:05
without a word.  It is now read as UTC+8 (15:05 in Asia/Shanghai).  ``CST`` (China Standard Time, UTC+8, or US Central
Standard Time, UTC-6, or Cuba's) was refused as "not a valid date/time"; it is refused saying the abbreviation is
ambiguous and how to write the time (code ``ambiguous_time_zone``), never guessed.

Pinned as they are: 下午 3:05 is 15:05, 上午12:30 is 00:30 and 下午12:30 is 12:30 (the 12-hour clock's convention);
``+08:00`` and ``Z`` converted to Asia/Shanghai's wall clock.
"""
import pandas as pd
import pytest

from windoweval.records.files import load_files
from windoweval.records import RecordsError


def _read(tmp_path, value):
    f = tmp_path / "wo.csv"
    f.write_text(f"工单号,窗口编号,工单类型,受理时间\nGD1,PW01,fault_repair,{value}\n", encoding="utf-8")
    return load_files("work_orders", [f])


@pytest.mark.parametrize("value,want", [
    ("2025/3/5 下午 3:05", "2025-03-05 15:05"),
    ("2025-03-05 上午12:30", "2025-03-05 00:30"),
    ("2025-03-05 下午12:30", "2025-03-05 12:30"),
    ("2025-03-05 下午3:05:09", "2025-03-05 15:05:09"),
    ("2025/3/5 PM 3:05", "2025-03-05 15:05"),
    ("2025-03-05T15:05:00+08:00", "2025-03-05 15:05"),
    ("2025-03-05T07:05:00Z", "2025-03-05 15:05"),
    ("2025-03-05 07:05 UTC", "2025-03-05 15:05"),
    ("2025-03-05 15:05:00 +0800", "2025-03-05 15:05"),
    # the suffixes read backwards before (POSIX): each is UTC+8 or UTC-5 as written
    ("2025-03-05 15:05 GMT+8", "2025-03-05 15:05"),
    ("2025-03-05 15:05:00 GMT+08:00", "2025-03-05 15:05"),
    ("2025-03-05 15:05 UTC+8", "2025-03-05 15:05"),
    ("2025-03-05 15:05:00 GMT+0800", "2025-03-05 15:05"),
    ("2025-03-05 02:05 GMT-5", "2025-03-05 15:05"),
    ("2025-03-05 15:05 utc+8", "2025-03-05 15:05"),
])
def test_a_time_is_read_as_written(tmp_path, value, want):
    assert _read(tmp_path, value).frame["received_at"].iloc[0] == pd.Timestamp(want)


@pytest.mark.parametrize("value", ["2025-03-05 15:05 CST", "2025-03-05 15:05:00 CST", "2025-03-05T15:05:00 EST",
                                   "2025-03-05 15:05 BST"])
def test_a_zone_abbreviation_is_refused_as_ambiguous_with_the_fix(tmp_path, value):
    with pytest.raises(RecordsError) as e:
        _read(tmp_path, value)
    p = e.value.problems
    assert p[["row", "column", "value", "code"]].values.tolist() == [[2, "received_at", value, "ambiguous_time_zone"]]
    abbr = value.rsplit(" ", 1)[1]
    assert abbr in p["problem_zh"].iloc[0] and "+08:00" in p["problem_zh"].iloc[0]
    assert abbr in p["problem_en"].iloc[0] and "+08:00" in p["problem_en"].iloc[0]
