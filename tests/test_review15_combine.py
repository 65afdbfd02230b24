"""Review of the fourteenth round's ``combine`` change (audit26, mapping.py): confirmed defects (review 15).

- the ``after`` rule moved a date cell taken whole (2025/3/5 凌晨0:10 beside an empty time) to the next day: a date
  no cell says, a record that ends before it starts read as met (第十条(二)4); the date written stands, refused;
- a mistyped year (3025, 1025) in a ``combine`` with ``after`` ended in an OutOfBoundsDatetime traceback;
- a date cell 2262/4/11 晚上12点 beside an empty time overflowed (the next day's 00:00) in a traceback;
- a date cell's midnight written with a part of the day (上午12:00:00, 凌晨0:00) beside a time was refused as
  date_disagrees: it is the date alone, as 0:00:00 is;
- a refused combined value was shown as moved or converted (08:00:05), not as written.

The cost of searching every ``combine`` date column for a time of day is measured, never asserted here
(benchmarks/README.md).
"""
from __future__ import annotations

import pandas as pd
import pytest
from _corpus import combine_calls as _calls, combine_queue as _queue
from _workspace import run_cli, write_workspace

from windoweval.records import read_records
from windoweval.records.contract import RecordsError


@pytest.mark.parametrize("date,offered,answered", [
    ("3025/3/5", "10:00:00", "10:00:05"),         # 2025 mistyped as 3025
    ("1025-03-05", "10:00", "10:01"),             # 2025 mistyped as 1025
    ("2025/3/5", "10:00:00", "3025/3/5 10:00:05"),  # a time cell holding its own date, the year mistyped
])
def test_combine_after_a_mistyped_year_is_refused_with_its_row_never_a_traceback(tmp_path, date, offered, answered):
    """windoweval/records/mapping.py:487 (``_naive``, called by ``_combined_times`` for every ``combine`` with
    ``after``): pandas reads a date outside 1677-2262 at a coarser resolution and ``.astype("datetime64[ns]")``
    raises OutOfBoundsDatetime, which nothing catches: reading a 95598 call export whose date cell says 3025/3/5
    (a typo of 2025) ends in a pandas traceback, the whole file unread.  Before the change (c4503c0) the same file
    was refused with the problem table: row 2, offered_at/answered_at, the value, ``bad_date``.
    Right: a user's typo is refused with file, row, column, value and the fix (Chinese and English)."""
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", _calls(tmp_path, [(date, offered, answered)]))
    p = e.value.problems
    assert (p["row"] == 2).all() and len(p)
    assert p["value"].astype(str).str.contains(date.split(" ")[0][:4] if "3025" not in answered else "3025").any()


def test_records_check_on_a_mistyped_year_in_a_combine_names_the_row(tmp_path):
    """The same typo through ``windoweval records check`` (what an organisation runs first): it must exit with the
    input-error code and name row 2 and the value 3025/3/5, not print a traceback (mapping.py:487)."""
    d = _calls(tmp_path, [("2025/3/5", "10:00:00", "10:00:05"), ("3025/3/5", "10:00:00", "10:00:05")])
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert "Traceback" not in out and "OutOfBoundsDatetime" not in out, out[-2000:]
    assert "3025/3/5" in out and "第 3 行" in out, out[-2000:]


@pytest.mark.parametrize("date", ["2025/3/5 上午12:00:00", "2025/3/5 上午12:00", "2025/3/5 凌晨0:00"])
def test_a_date_cells_midnight_written_with_a_part_of_the_day_is_the_date_alone(tmp_path, date):
    """data/README.md (combine): "a midnight in a date cell (0:00, 00:00:00.000, T00:00:00) is the date alone" and,
    this round, "a part of the day ... in a date cell is read as in a single column".  A zh-CN export writes a
    date-only cell's midnight as 2025/3/5 上午12:00:00 (the code's own _PERIODS: 上午 12:30 is a zh-CN 00:30).
    mapping.py:894-915 now takes such a cell as holding a time (``_DATE_CELL_TIME``) but its midnight strip (line
    ~862) knows only 0:00 forms, so beside the time 10:00 the valid pair is refused as ``date_disagrees`` ("the date
    column holds a time too that disagrees"), whereas 2025/3/5 0:00:00 beside 10:00 reads 2025-03-05 10:00.
    Right: 2025-03-05 10:00:00, as for 0:00:00."""
    got = read_records("queue_snapshots", _queue(tmp_path, [(date, "10:00")]))["observed_at"]
    assert [str(pd.Timestamp(x)) for x in got] == ["2025-03-05 10:00:00"]


def test_a_calls_date_cells_zh_midnight_with_after(tmp_path):
    """The same zh-CN midnight on a call export with ``after`` (offered and answered share the date column): both
    times are refused as ``date_disagrees``; right: rung 23:59:50, answered past midnight 00:00:05 the next day."""
    df = read_records("calls_95598", _calls(tmp_path, [("2025/3/5 上午12:00:00", "23:59:50", "00:00:05")]))
    assert [[str(a), str(b)] for a, b in zip(df["offered_at"], df["answered_at"])] == [
        ["2025-03-05 23:59:50", "2025-03-06 00:00:05"]]


_WO = ("work_orders:\n  file: wo.csv\n  columns: {工单编号: order_id, 窗口: window_id, 类型: order_type}\n  combine:\n"
       "    received_at: {date: 受理日期, time: 受理时刻}\n"
       "    completed_at: {date: 办结时间, time: 办结时刻, after: received_at}\n")


@pytest.mark.parametrize("cell", ["2025/3/5 凌晨0:10", "2025年3月5日 0点10分", "2025/3/5 00:10"])
def test_a_date_cell_taken_whole_is_never_moved_a_day_by_after(tmp_path, cell):
    """mapping.py:919-927 (the ``after`` loop) moves every value earlier than ``after``'s to the next day except the
    time cells that held their own date (``whole_cells``); a DATE cell holding the whole date-time beside an empty
    time cell (taken whole since this round for 凌晨0:10 / 0点10分, mapping.py:894-915) is not marked, so an order
    received 2025/3/5 23:50 whose 办结时间 cell says 2025/3/5 凌晨0:10 (completed before it was received: an export
    error) is silently read as completed 2025-03-06 00:10 - a date no cell says - and 第十条(二)4 (1个工作日) then
    judges it met.  c4503c0 read the 凌晨/点 forms as no completion (never met); the colon form (last case) was
    already moved before this round.  Right: the date written in the cell stands, as for a time cell holding its
    date; the record is refused as ending before it starts (end_before_start, row 2, 2025-03-05 00:10:00)."""
    from _workspace import HALL

    d = write_workspace(tmp_path / "d", HALL, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text(_WO, encoding="utf-8")
    (d / "wo.csv").write_text("工单编号,窗口,类型,受理日期,受理时刻,办结时间,办结时刻\n"
                              f"W1,PW01,billing_query,2025/3/5,23:50,{cell},\n", encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        df = read_records("work_orders", d)
        pytest.fail(f"read as {df[['received_at', 'completed_at']].astype(str).values.tolist()}")
    p = e.value.problems
    assert p[["row", "column", "code"]].values.tolist() == [[2, "completed_at", "end_before_start"]]
    assert "2025-03-06" not in " ".join(p["value"].astype(str))


def test_the_moved_date_cell_passes_the_one_working_day_limit(tmp_path):
    """The verdict of the case above: 标准1 第十条(二)4 (1个工作日) for PW01 is ``pass`` (n 1, met 1) on main from
    a completion date no cell says (2025-03-06 00:10, the cell says 2025/3/5 凌晨0:10, before the 23:50 receipt);
    c4503c0 gave ``fail`` (met 0).  Right: never a pass - the record refused at read (end before start) or, if read,
    not met."""
    from _workspace import HALL

    from windoweval.errors import InputError
    from windoweval.scoring import score

    d = write_workspace(tmp_path / "d", HALL, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text(_WO, encoding="utf-8")
    (d / "wo.csv").write_text("工单编号,窗口,类型,受理日期,受理时刻,办结时间,办结时刻\n"
                              "W1,PW01,billing_query,2025/3/5,23:50,2025/3/5 凌晨0:10,\n", encoding="utf-8")
    try:
        r = score("power_window", 2025, data=d).results
    except (RecordsError, InputError):
        return
    row = r.set_index(["measure", "window_id"]).loc[("power_window.10.2.4", "PW01")]
    assert int(row["met"]) == 0 and row["verdict"] != "pass", row.to_dict()


@pytest.mark.parametrize("date,time", [("3025/3/5 下午3:05", ""), ("2262/4/11 晚上12点", "")])
def test_a_date_cell_with_a_part_of_the_day_and_a_mistyped_year_is_refused_never_a_traceback(tmp_path, date, time):
    """A date cell holding its time with a part of the day (taken whole since this round) whose year is outside
    pandas' nanosecond range: 2262/4/11 晚上12点 (the next day's 00:00 overflows) ends in an OverflowError traceback
    on main (c4503c0: refused with row 2 and the value); 3025/3/5 下午3:05 is shown for comparison.  Right: refused
    with file, row, column, value and the fix."""
    with pytest.raises(RecordsError) as e:
        read_records("queue_snapshots", _queue(tmp_path, [(date, time)]))
    assert (e.value.problems["row"] == 2).all()


def test_a_refused_combined_value_is_shown_as_written_not_as_moved(tmp_path):
    """A call export whose ring times mix zoned and plain cells (row 3: 10:00:00+08:00) is refused (mixed_time_zones),
    but row 2's answered_at is shown as '2025-03-06 08:00:05' - a value no cell holds: ``_naive`` (mapping.py:478-488)
    falls back to utc=True, reading the plain 00:00:05 as UTC (08:00:05 in Beijing), and the ``after`` rule then
    moved it a day and wrote it back (mapping.py:926-930) before validate() refused it.  (c4503c0 crashed here with
    a pandas ValueError traceback.)  Right: the problem shows what the user wrote, 2025/3/5 00:00:05 (or the
    date-time read from it, 2025-03-06 00:00:05)."""
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", _calls(tmp_path, [("2025/3/5", "23:59:50", "00:00:05"),
                                                       ("2025/3/5", "10:00:00+08:00", "10:00:05+08:00")]))
    p = e.value.problems
    shown = p.loc[(p["row"] == 2) & (p["column"] == "answered_at"), "value"].astype(str).tolist()
    assert shown and all("08:00:05" not in v for v in shown), shown


def test_a_refused_moved_value_is_shown_as_its_cells_wrote_it(tmp_path):
    """The value ``after`` moved a day (row 2: answered 00:00:05 after a ring at 23:59:50) is refused with the column
    (its zones mix): the problem shows the cells' text, 2025/3/5 00:00:05, not the date-time made from it."""
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", _calls(tmp_path, [("2025/3/5", "23:59:50", "00:00:05"),
                                                       ("2025/3/5", "10:00:00+08:00", "10:00:05+08:00")]))
    p = e.value.problems
    got = p.loc[p["row"] == 2, ["column", "value", "code"]].values.tolist()
    assert got == [["answered_at", "2025/3/5 00:00:05", "mixed_time_zones"],
                   ["offered_at", "2025/3/5 23:59:50", "mixed_time_zones"]], got


def test_zoned_times_moved_past_midnight_keep_their_zone(tmp_path):
    """Every time written with its zone (+08:00): the answer past midnight is moved a day with its zone kept, so
    the column stays all zoned and reads (main wrote the moved value without its zone: a column of mixed zones,
    refused)."""
    df = read_records("calls_95598", _calls(tmp_path, [("2025/3/5", "23:59:50+08:00", "00:00:05+08:00"),
                                                        ("2025/3/5", "10:00:00+08:00", "10:00:05+08:00")]))
    assert [[str(a), str(b)] for a, b in zip(df["offered_at"], df["answered_at"])] == [
        ["2025-03-05 23:59:50", "2025-03-06 00:00:05"], ["2025-03-05 10:00:00", "2025-03-05 10:00:05"]]


def test_a_next_day_past_what_the_type_holds_is_refused_with_its_row(tmp_path):
    """A call on 2262/4/11 (a year mistyped) answered past midnight: the next day is past what a time can hold; the
    row is refused with its value, never an overflow traceback."""
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", _calls(tmp_path, [("2262/4/11", "23:00", "00:00:05")]))
    assert (e.value.problems["row"] == 2).all()
