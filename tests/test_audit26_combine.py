"""A date and a time in two columns (mapping.yaml ``combine``) with a part of the day in the time (twenty-sixth audit).

A single column reads 下午11:59:50 as 23:59:50 and 晚上12点 as the next day's 00:00 once the date is read by the rules
of every date (tests/test_audit23_times.py, tests/test_review14_verdicts.py).  A ``combine`` made the same text, but:

- its ``after`` rule (a time earlier than the call's ring is the next day: a call answered past midnight) compared the
  times with pandas' own reading, which reads no part of the day: a call ringing at 下午11:59:50 (or 晚上12点) and
  answered at 00:00:05 was left on the ring's date and refused as answered before it rang (end_before_start);
- a time cell holding its own date (2025/3/5 晚上12点 beside the date 2025/3/5) was refused as another day's, its
  midnight read as the next day before the dates were compared;
- a date cell holding the time with a part of the day (2025/3/5 晚上12:00, 下午3:05) beside an empty time cell was
  taken as a date alone: a required time refused as empty, an optional one (answered) read as no such event.

Every date shape the date rules read is checked; a day/month order they cannot tell (05/03/2025) is refused on every
cell that has it, never moved a day on pandas' month-first guess.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _corpus import COMBINE_CALLS as _CALLS, COMBINE_CC as _CC, combine_calls as _calls, combine_queue as _queue
from _workspace import write_workspace

from windoweval.records import read_records
from windoweval.records.contract import RecordsError

#: every date shape the date rules read, each 5 March 2025
SHAPES = ["2025/3/5", "2025-03-05", "2025年3月5日", "20250305", "2025.3.5", "45721", "2025-03-05 00:00:00",
          "2025/3/5 星期三"]


def _read_calls(tmp_path, rows):
    df = read_records("calls_95598", _calls(tmp_path, rows))
    return [[str(a), str(b)] for a, b in zip(df["offered_at"], df["answered_at"])]


@pytest.mark.parametrize("date", SHAPES)
@pytest.mark.parametrize("offered,answered,want", [
    ("晚上12点", "00:00:05", ["2025-03-06 00:00:00", "2025-03-06 00:00:05"]),
    ("下午11:59:50", "00:00:05", ["2025-03-05 23:59:50", "2025-03-06 00:00:05"]),
    ("晚上11:59:55", "晚上12点", ["2025-03-05 23:59:55", "2025-03-06 00:00:00"]),
    ("23:59:50", "凌晨0点0分3秒", ["2025-03-05 23:59:50", "2025-03-06 00:00:03"]),
    ("23:50:00", "上午 12:00:04", ["2025-03-05 23:50:00", "2025-03-06 00:00:04"]),
    ("下午3:05", "下午3:05:09", ["2025-03-05 15:05:00", "2025-03-05 15:05:09"]),
])
def test_after_reads_the_part_of_the_day_on_every_date_shape(tmp_path, date, offered, answered, want):
    """A call answered past midnight is the next day's, whichever way the ring's time or the answer's is written."""
    assert _read_calls(tmp_path, [(date, offered, answered)]) == [want]


@pytest.mark.parametrize("date", ["05/03/2025", "3/5/2025", "25/3/5"])
@pytest.mark.parametrize("offered,answered", [("晚上12点", "00:00:05"), ("下午11:59:50", "00:00:05"),
                                              ("23:59:50", "00:00:05")])
def test_an_unclear_day_month_order_is_refused_on_both_cells_never_moved(tmp_path, date, offered, answered):
    with pytest.raises(RecordsError) as e:
        _read_calls(tmp_path, [(date, offered, answered)])
    p = e.value.problems
    assert sorted(p[["row", "column", "code"]].values.tolist()) == [[2, "answered_at", "ambiguous_day_month"],
                                                                   [2, "offered_at", "ambiguous_day_month"]]
    assert set(p["value"]) == {f"{date} {offered}", f"{date} {answered}"}




@pytest.mark.parametrize("date,time,want", [
    ("2025/3/5", "2025/3/5 晚上12点", "2025-03-06 00:00:00"),        # the time cell's own date is the date column's
    ("2025/3/5", "2025年3月5日 晚上12点半", "2025-03-06 00:30:00"),
    ("2025/3/5", "2025/3/4 晚上12点", "2025-03-05 00:00:00"),        # the instant on the date column's day
    ("2025/3/5 晚上12:00", "", "2025-03-06 00:00:00"),               # the date cell holds the time, the time cell empty
    ("2025/3/5 下午3:05", "", "2025-03-05 15:05:00"),
    ("2025年3月5日 下午3点05分", "", "2025-03-05 15:05:00"),
    ("2025/3/5晚上8点", "", "2025-03-05 20:00:00"),
    ("2025/12/31", "晚上12点", "2026-01-01 00:00:00"),               # into the next year
])
def test_a_whole_cell_with_a_part_of_the_day_is_read_as_the_single_column_reads_it(tmp_path, date, time, want):
    got = read_records("queue_snapshots", _queue(tmp_path, [(date, time)]))["observed_at"]
    assert [str(pd.Timestamp(x)) for x in got] == [want]


def test_a_time_cell_two_days_on_is_still_refused(tmp_path):
    """2025/3/6 晚上12点 beside the date 2025/3/5 is 7 March's 00:00: neither the date column's day nor its instant."""
    with pytest.raises(RecordsError) as e:
        read_records("queue_snapshots", _queue(tmp_path, [("2025/3/5", "2025/3/6 晚上12点")]))
    p = e.value.problems
    assert p[["row", "column", "value", "code"]].values.tolist() == [[2, "时刻", "2025/3/6 晚上12点", "date_disagrees"]]


def test_a_call_ringing_before_midnight_answered_after_is_scored_met(tmp_path):
    """标准1 第十条(二)6 铃响4声(12秒)内接听: rung at 下午11:59:55 on 31 December 2025, answered at 00:00:07 (12 s):
    met, and a 2025 call; answered at 00:00:08: missed.  Both were refused as answered before they rang."""
    from windoweval.scoring import score

    d = _calls(tmp_path, [("2025/12/31", "下午11:59:55", "00:00:07"), ("2025/12/31", "晚上11:59:55", "0:00:08")])
    card = score("power_window", 2025, data=d)
    r = card.results.set_index(["measure", "window_id"]).loc[("power_window.10.2.6", "CC95598")]
    assert (int(r["records"]), int(r["n"]), int(r["met"]), r["verdict"]) == (2, 2, 1, "fail")


@pytest.mark.parametrize("date,offered,answered,want", [
    ("date", "晚上12点", "time", ["2025-03-06 00:00:00", "2025-03-06 00:00:05"]),
    ("datetime", "下午11:59:50", "time", ["2025-03-05 23:59:50", "2025-03-06 00:00:05"]),
    ("datetime", "time", "晚上12点", ["2025-03-05 23:59:50", "2025-03-06 00:00:00"]),
])
def test_a_workbook_with_date_and_time_cells_and_a_part_of_the_day_in_text(tmp_path, date, offered, answered, want):
    """An XLSX whose date column holds date cells (a date, or a date-time at midnight), beside time cells and text
    with a part of the day, as a call-centre system writes it."""
    import datetime as dt

    from _corpus import rows_workbook

    d = write_workspace(tmp_path / "x", _CC, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text(_CALLS.replace("calls.csv", "calls.xlsx"), encoding="utf-8")
    day = dt.date(2025, 3, 5) if date == "date" else dt.datetime(2025, 3, 5)
    cell = {"time": dt.time(0, 0, 5)}
    o = dt.time(23, 59, 50) if offered == "time" else offered
    a = cell.get(answered, answered)
    rows_workbook(d / "calls.xlsx", {"话单": [("流水号", "来电日期", "振铃时刻", "应答时刻"), ("C1", day, o, a)]})
    df = read_records("calls_95598", d)
    assert [[str(x), str(y)] for x, y in zip(df["offered_at"], df["answered_at"])] == [want]
