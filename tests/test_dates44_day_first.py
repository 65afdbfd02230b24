"""dates44: dates written day first (13.03.2025, 25/12/2025 08:30) read day first when their own file says so.

A file whose date column holds a value whose first part is over 12 (no month 13) and none whose second part is was
refused as "the order of day and month is unclear" although it is not: it is now read day first, and said once (a
note, Chinese and English).  A file whose values need both orders contradicts itself and is refused, both rows named;
a file whose values fit either order stays refused as unclear."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import windoweval as we
from tests._workspace import HALL, run_cli, write_workspace
from windoweval.records.contract import RecordsError
from windoweval.records.read import read_records
from windoweval.records.validate import ReadNote

HEAD = "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
DAY_FIRST = ("a,PW01,fault_repair,13.03.2025 10:00,13.03.2025 10:30,13.03.2025 12:00\n"    # 13 March: met
             "b,PW01,fault_repair,03.04.2025 10:00,03.04.2025 11:30,03.04.2025 12:00\n")   # 3 April: missed


def _data(tmp_path, rows):
    d = write_workspace(tmp_path / "data", HALL)
    (d / "work_orders.csv").write_text(HEAD + rows, encoding="utf-8")
    return d


def test_a_file_whose_dates_say_day_first_is_read_day_first_and_said_once(tmp_path):
    d = _data(tmp_path, DAY_FIRST)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        df = read_records("work_orders", d).set_index("order_id")
    assert df.loc["a", "received_at"] == pd.Timestamp("2025-03-13 10:00")
    assert df.loc["b", "received_at"] == pd.Timestamp("2025-04-03 10:00")     # the unclear one, by its file
    assert df.loc["b", "arrived_at"] == pd.Timestamp("2025-04-03 11:30")
    notes = [str(w.message) for w in got if issubclass(w.category, ReadNote)]
    received = [n for n in notes if "received_at" in n]
    assert len(received) == 1, notes
    assert "日在前" in received[0] and "read day first" in received[0] and "13.03.2025 10:00" in received[0]
    assert "work_orders.csv" in received[0] and "第 2 行" in received[0] and "row 2" in received[0]


def test_the_verdicts_are_those_of_the_days_written(tmp_path):
    card = we.score("power_window", 2025, data=_data(tmp_path, DAY_FIRST))
    r = card.results.set_index("measure").loc["power_window.10.2.5"]
    assert (int(r["records"]), int(r["n"]), int(r["met"])) == (2, 2, 1)   # a within 45 minutes, b 90 minutes


def test_the_command_line_reads_it_and_says_the_note_plainly(tmp_path):
    d = _data(tmp_path, DAY_FIRST)
    p = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "注意 / note:" in p.stderr and "read day first" in p.stderr
    assert "validate.py" not in p.stderr and "Traceback" not in p.stderr


def test_a_file_contradicting_itself_is_refused_with_both_rows_named(tmp_path):
    rows = ("a,PW01,fault_repair,13/03/2025 10:00,2025-03-13 10:30,2025-03-13 12:00\n"
            "b,PW01,fault_repair,03/14/2025 10:00,2025-03-14 10:30,2025-03-14 12:00\n")
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", _data(tmp_path, rows))
    p = e.value.problems
    p = p[p["code"] == "contradictory_day_month"]
    assert p["row"].tolist() == [2, 3] and p["column"].tolist() == ["received_at"] * 2
    assert "第 3 行" in p["problem_zh"].iloc[0] and "03/14/2025 10:00" in p["problem_zh"].iloc[0]
    assert "row 2" in p["problem_en"].iloc[1] and "13/03/2025 10:00" in p["problem_en"].iloc[1]
    assert "自相矛盾" in str(e.value) and "contradicts itself" in str(e.value) and "year first" in str(e.value)
    cli = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(tmp_path / "data"),
                  cwd=tmp_path)
    assert cli.returncode == 3 and "Traceback" not in cli.stderr


def test_a_file_that_fits_either_order_stays_unclear(tmp_path):
    rows = "a,PW01,fault_repair,03/04/2025 10:00,2025-03-04 10:30,2025-03-04 12:00\n"
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", _data(tmp_path, rows))
    assert e.value.problems["code"].tolist() == ["ambiguous_day_month"]


def test_day_first_dates_alone_in_a_time_of_day_column_are_refused_as_iso_ones(tmp_path):
    """A clock-in column of day-first dates alone (13.06.2025) read day first is refused as 2025-06-13 alone is:
    read as 00:00 every clock-in would be on time."""
    head = "staff_id,window_id,shift_start,arrived_at,shift_end,left_at\n"
    rows = "".join(f"S01,PW01,2025-06-{d:02d} 08:30:00,{d:02d}.06.2025,2025-06-{d:02d} 17:30:00,"
                   f"2025-06-{d:02d} 17:40:00\n" for d in range(10, 30))
    d = write_workspace(tmp_path / "data", HALL)
    (d / "attendance.csv").write_text(head + rows, encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReadNote)
            read_records("attendance", d)
    got = e.value.problems
    assert got[got["code"] == "dates_alone"][["row", "column", "value"]].values.tolist() == [[2, "arrived_at", "10.06.2025"]]
