"""csv45: one export has one clock.  The 12-hour-clock check (``twelve_hour_clock``, ``validate._dates_alone``) took each
time-of-day column alone: a file whose starts were all mornings and small hours was looked at whole column by column,
even with its ends at 17:30 beside them (43 ms on a 600k-row attendance file, every file of mornings), and such a
column was refused though its own file showed the 24-hour clock.  Now a time from 13:00 on or at 0 o'clock (00:30) in
any of a file's time-of-day columns rules the 12-hour clock out for all of them, whether a sample finds it or the
whole look does (the sample only spares the look, never decides); dates alone are still a column's own matter."""
import importlib

import numpy as np
import pandas as pd
import pytest

from windoweval.records.contract import RecordsError, contracts
from windoweval.records.files import load_files

V = importlib.import_module("windoweval.records.validate")

HEAD = "staff_id,window_id,shift_start,arrived_at,shift_end,left_at\n"


def _rows(days, end=lambda d: f"{17 if d % 2 else 12}:30", end_on=None):
    """Attendance rows: starts at 01:30 (a night shift) or 08:30, each end at ``end(d)``; ``end_on`` (a set of
    indices): only those rows keep an end past 12, the others end at 12:30."""
    out = []
    for i in range(days):
        d = i % 28 + 1
        day = f"2025-{i // 28 % 12 + 1:02d}-{d:02d}"
        start = "01:30" if d % 2 else "08:30"
        e = end(d) if end_on is None or i in end_on else "12:30"
        out.append(f"S{i:05d},PW01,{day} {start}:00,{day} {start[:-2]}1{d % 10}:00,{day} {e}:00,{day} {e}:00")
    return HEAD + "\n".join(out) + "\n"


def _twelve(f, text):
    try:
        load_files("attendance", [f], _text=text)
    except RecordsError as e:
        p = e.problems
        return p[p["code"] == "twelve_hour_clock"][["row", "column"]].values.tolist()
    return []


@pytest.mark.parametrize("text", [False, True])
def test_starts_of_small_hours_and_mornings_beside_afternoon_ends_are_one_24_hour_clock(tmp_path, text):
    # shift_start and arrived_at alone read like a 12-hour clock (01:30 and 08:30, nothing past 12); the ends at
    # 17:30 say the file's clock is a 24-hour one: the night shift's starts are read (refused before csv45)
    f = tmp_path / "attendance.csv"
    f.write_text(_rows(30), encoding="utf-8")
    assert _twelve(f, text) == []
    got = load_files("attendance", [f], _text=text).frame
    assert len(got) == 30 and got["shift_start"].dt.hour.min() == 1


@pytest.mark.parametrize("text", [False, True])
def test_a_midnight_half_hour_in_another_column_is_the_24_hour_clock_too(tmp_path, text):
    f = tmp_path / "attendance.csv"
    f.write_text(_rows(30, end=lambda d: "00:30" if d == 3 else "12:30", end_on={2}), encoding="utf-8")
    assert _twelve(f, text) == []


@pytest.mark.parametrize("text", [False, True])
def test_without_a_time_past_12_in_any_column_the_file_is_refused_in_each_such_column(tmp_path, text):
    f = tmp_path / "attendance.csv"
    f.write_text(_rows(30, end=lambda d: "12:30"), encoding="utf-8")
    got = _twelve(f, text)
    # the starts read like a 12-hour clock (01:30 and 08:30); the ends at 12:30 alone have no small hours
    assert sorted(got) == [[2, "arrived_at"], [2, "shift_start"]]


@pytest.mark.parametrize("where", ["sampled", "not sampled"])
def test_the_sample_spares_the_look_and_never_decides(tmp_path, where, monkeypatch):
    # a file larger than the sample with one afternoon in one column: whether the sample meets it (every row is
    # sampled) or not (a row between the sampled ones), the whole look finds it and the file is read
    monkeypatch.setattr(V, "CLOCK_SAMPLE", 64)
    n = 640   # the sample takes every tenth row: rows 0, 10, 20, ...
    one = 10 if where == "sampled" else 14   # both an odd day: its end at 17:30
    f = tmp_path / "attendance.csv"
    f.write_text(_rows(n, end_on={one}), encoding="utf-8")
    looked = []
    real = V._clock_counts
    monkeypatch.setattr(V, "_clock_counts", lambda h, *a: looked.append(len(h)) or real(h, *a))
    assert _twelve(f, False) == []
    assert len(load_files("attendance", [f]).frame) == n
    # the sample that meets the afternoon spares every column the whole look; the one that misses it looks whole
    assert (looked == []) == (where == "sampled")


def test_dates_alone_stay_a_columns_own_matter_beside_another_columns_afternoons():
    # arrived_at written as dates alone, the ends at 17:30: the ends rule out a 12-hour clock, not dates alone
    c = contracts()["attendance"]
    n = 30
    day = pd.Series(pd.date_range("2025-07-01", periods=n, freq="D"))
    typed = pd.DataFrame({"shift_start": day + pd.Timedelta(hours=8, minutes=30), "arrived_at": day,
                          "shift_end": day + pd.Timedelta(hours=17, minutes=30),
                          "left_at": day + pd.Timedelta(hours=17, minutes=40)})
    written = pd.DataFrame({k: v.dt.strftime("%Y-%m-%d %H:%M") for k, v in typed.items()})
    written["arrived_at"] = day.dt.strftime("%Y/%-m/%-d")
    p = V._dates_alone(typed, c, np.array(["a.csv"] * n, dtype=object), np.arange(2, n + 2), written)
    assert p[["row", "column", "value", "code"]].values.tolist() == [[2, "arrived_at", "2025/7/1", "dates_alone"]]


def test_files_of_one_read_each_have_their_own_clock():
    # two files read together: the one whose ends are past 12 is read, the other refused at its first small hour
    c = contracts()["attendance"]
    hours = np.array([1, 8] * 15)
    day = pd.Series(pd.date_range("2025-07-01", periods=30, freq="D"))
    start = day + pd.to_timedelta(hours, unit="h")
    end_a = day + pd.Timedelta(hours=17)
    end_b = day + pd.Timedelta(hours=12)
    typed = pd.DataFrame({"shift_start": pd.concat([start, start], ignore_index=True),
                          "shift_end": pd.concat([end_a, end_b], ignore_index=True)})
    written = pd.DataFrame({k: v.dt.strftime("%Y-%m-%d %H:%M") for k, v in typed.items()})
    files = np.array(["a.csv"] * 30 + ["b.csv"] * 30, dtype=object)
    p = V._dates_alone(typed, c, files, np.r_[np.arange(2, 32), np.arange(2, 32)], written)
    assert p[["file", "row", "column", "code"]].values.tolist() == [["b.csv", 2, "shift_start", "twelve_hour_clock"]]
