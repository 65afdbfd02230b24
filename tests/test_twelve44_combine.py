"""twelve44: ``combine`` with a date column written day first, and dates with no month (13/13/2025).

A single column of 13.03.2025 and 03.04.2025 is read day first (dates44: its file settles the order).  The same dates
in a ``combine`` date column were refused as "the order of day and month is unclear" once a time was moved to the next
day (``after``: a call answered past midnight): the moved value was written year first, and the day-first value that
settled the order was gone from the combined column.  The date column now follows the one rule
(``validate._day_first``) before the times are put on it.  ``13/13/2025`` (both parts over 12) is no date in either
order: refused as ``bad_date`` with its row and the fix, no longer as an unclear order."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from tests._workspace import HALL, run_cli, write_workspace
from windoweval.records.contract import RecordsError
from windoweval.records.read import read_records
from windoweval.records.validate import ReadNote

sys.path.insert(0, str(Path(__file__).parent))
from _corpus import combine_calls  # noqa: E402


def _read(d, kind):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        df = read_records(kind, d)
    return df, [str(w.message) for w in got if issubclass(w.category, ReadNote)]


def test_combine_reads_a_day_first_date_column_as_a_single_column_is_read(tmp_path):
    d = combine_calls(tmp_path, [("13.03.2025", "23:59", "00:00:20"),   # answered past midnight: the next day
                                 ("03.04.2025", "11:00", "11:00:30")])  # unclear alone: 3 April, by its file
    df, notes = _read(d, "calls_95598")
    df = df.set_index("call_id")
    assert df.loc["C0", "offered_at"] == pd.Timestamp("2025-03-13 23:59")
    assert df.loc["C0", "answered_at"] == pd.Timestamp("2025-03-14 00:00:20")
    assert df.loc["C1", "offered_at"] == pd.Timestamp("2025-04-03 11:00")
    assert df.loc["C1", "answered_at"] == pd.Timestamp("2025-04-03 11:00:30")
    day = [n for n in notes if "日在前" in n]
    assert len(day) == 1, notes   # one note, naming the file, the date header and the row that settles it
    assert "来电日期" in day[0] and "calls.csv" in day[0] and "第 2 行" in day[0] and "row 2" in day[0]
    assert "13.03.2025" in day[0] and "read day first" in day[0]


def test_combine_keeps_an_unclear_or_contradicting_file_refused(tmp_path):
    d = combine_calls(tmp_path / "a", [("03.04.2025", "10:00", "10:00:20")])
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", d)
    assert set(e.value.problems["code"]) == {"ambiguous_day_month"}
    d = combine_calls(tmp_path / "b", [("13.03.2025", "10:00", "10:00:20"), ("03/13/2025", "10:00", "10:00:20")])
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", d)
    assert set(e.value.problems["code"]) == {"contradictory_day_month"}


def _no_month(p):
    return p[p["code"] == "bad_date"][["row", "value"]].values.tolist()


def test_13_13_2025_is_no_date_refused_with_its_row_and_the_fix(tmp_path):
    d = write_workspace(tmp_path / "data", HALL)
    (d / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
        "a,PW01,fault_repair,2025-03-13 10:00,2025-03-13 10:30,2025-03-13 12:00\n"
        "b,PW01,fault_repair,13/13/2025 10:00,2025-03-13 10:30,2025-03-13 12:00\n", encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", d)
    p = e.value.problems
    assert _no_month(p) == [[3, "13/13/2025 10:00"]]
    assert "ambiguous_day_month" not in set(p["code"])
    msg = str(e.value)
    assert "不是有效日期" in msg and "not a valid date" in msg and "2025-03-04 09:05" in msg and "work_orders.csv" in msg
    cli = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert cli.returncode == 3 and "Traceback" not in cli.stderr
    assert "13/13/2025 10:00" in cli.stderr and "not a valid date" in cli.stderr


def test_13_13_2025_in_a_combine_date_column(tmp_path):
    d = combine_calls(tmp_path, [("13/13/2025", "10:00", "10:00:20"), ("13.03.2025", "11:00", "11:00:30")])
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", d)
    p = e.value.problems
    assert sorted(_no_month(p)) == [[2, "13/13/2025 10:00"], [2, "13/13/2025 10:00:20"]]
    assert set(p["code"]) == {"bad_date"}   # the other row read day first (its file says so)
