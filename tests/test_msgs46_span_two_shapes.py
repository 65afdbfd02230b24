"""msgs46 (shapes45's rule, for a combine with a header per span): two attendance exports read together, a daily
report writing a split shift's punches per span (``time: [上班1打卡时间, 上班2打卡时间]``) and a punch list with one
签到时间 / 签退时间 a day, under one ``attendance`` section whose ``file`` lists both.

Before: ``columns: {签到时间: arrived_at}`` beside that ``combine`` was refused as "column arrived_at is defined 2
times", and without it every span's header was needed in every file.  Now, as for a combine of one time header, each
way applies in the files that hold its headers; a file holding neither is refused naming the file, the column and
both ways; a file holding both is refused as ambiguous."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from windoweval.cli import main
from windoweval.records import read_records
from windoweval.records.mapping import MappingError

from _workspace import write_workspace

MAPPING = """attendance:
  file: [日报.csv, 打卡.csv]
  columns: {工号: staff_id, 所属部门: window_id, 签到时间: arrived_at, 签退时间: left_at}
  combine:
    shift_start: {date: 日期, time: 班次, part: start}
    arrived_at: {date: 日期, time: [上班1打卡时间, 上班2打卡时间], near: shift_start}
    shift_end: {date: 日期, time: 班次, part: end, after: shift_start}
    left_at: {date: 日期, time: [下班1打卡时间, 下班2打卡时间], after: shift_start}
"""
DAILY = ("工号,所属部门,日期,班次,上班1打卡时间,下班1打卡时间,上班2打卡时间,下班2打卡时间\n"
         "S01,PW01,2025-03-03,早班 08:30-12:00 14:00-17:30,08:15,12:02,13:50,17:35\n")
PUNCH = ("工号,所属部门,日期,班次,签到时间,签退时间\n"
         "S02,PW01,2025-03-03,白班 08:30-17:30,2025-03-03 08:20,2025-03-03 17:40\n")


def _ws(tmp_path, daily=DAILY, punch=PUNCH):
    d = write_workspace(tmp_path / "ws")
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (d / "日报.csv").write_text(daily, encoding="utf-8")
    (d / "打卡.csv").write_text(punch, encoding="utf-8")
    return d


def test_each_file_makes_the_punches_its_own_way(tmp_path):
    df = read_records("attendance", _ws(tmp_path))
    got = sorted(zip(df["staff_id"], df["arrived_at"].astype(str), df["left_at"].astype(str)))
    assert got == [("S01", "2025-03-03 08:15:00", "2025-03-03 12:02:00"),
                   ("S01", "2025-03-03 13:50:00", "2025-03-03 17:35:00"),
                   ("S02", "2025-03-03 08:20:00", "2025-03-03 17:40:00")], got


def test_records_check_reads_both(tmp_path):
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        rc = main(["records", "check", "--data", str(_ws(tmp_path))])
    assert rc == 0 and "defined 2 times" not in so.getvalue(), so.getvalue()[-3000:]


def test_a_file_with_neither_way_is_refused_naming_both(tmp_path):
    punch = PUNCH.replace("签到时间", "到岗时间")
    with pytest.raises(MappingError) as e:
        read_records("attendance", _ws(tmp_path, punch=punch))
    msg = str(e.value)
    assert "打卡.csv" in msg and "arrived_at" in msg and "签到时间" in msg and "上班2打卡时间" in msg, msg


def test_a_file_with_both_ways_is_ambiguous(tmp_path):
    punch = ("工号,所属部门,日期,班次,签到时间,签退时间,上班1打卡时间,上班2打卡时间,下班1打卡时间,下班2打卡时间\n"
             "S02,PW01,2025-03-03,白班 08:30-17:30,2025-03-03 08:20,2025-03-03 17:40,08:20,,17:40,\n")
    with pytest.raises(MappingError) as e:
        read_records("attendance", _ws(tmp_path, punch=punch))
    assert "两种取法" in str(e.value) and "two ways" in str(e.value), str(e.value)
