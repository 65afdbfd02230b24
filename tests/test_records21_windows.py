"""Session 21 (records21): window ids written as a counter's name (窗口 01, 01号窗口, full-width digits).

What happens today, kept: with the workspace's default ``unknown_windows = "list"`` such records are read, belong to
no window and are not scored, and ``records check`` lists them with their count; with ``"refuse"`` the file is refused
(exit 3) with file, row, column and value.  Neither said which window 窗口 01 may be, so the fix was a guess: both now
name the one window whose id carries that number (PW01) and the declared rule that maps it (mapping.yaml
``values.window_id``), which is never applied unless written, as the survey side names the nearest window.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from _workspace import write_workspace

from windoweval.cli import main
from windoweval.records import read_records
from windoweval.records.contract import RecordsError

WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"))
TEXT = ("窗口编号,观测时间,排队人数\n窗口 01,2025-03-05 09:00,3\n０２号窗口,2025-03-05 10:00,3\n"
        "PW01,2025-03-05 11:00,3\n第9窗口,2025-03-05 12:00,3\n")


def test_a_counter_name_is_refused_with_the_window_its_number_names_and_the_rule(tmp_path):
    d = write_workspace(tmp_path / "d", WINDOWS, unknown_windows="refuse")
    (d / "queue_snapshots.csv").write_text(TEXT, encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        read_records("queue_snapshots", d)
    p = e.value.problems.set_index("value")
    assert e.value.exit_code == 3
    assert sorted(p.index) == ["02号窗口", "窗口 01", "第9窗口"]
    assert p.loc["窗口 01", "row"] == 2 and p.loc["窗口 01", "column"] == "window_id"
    assert "`窗口 01: PW01`" in p.loc["窗口 01", "problem_zh"] and "`窗口 01: PW01`" in p.loc["窗口 01", "problem_en"]
    assert "`02号窗口: PW02`" in p.loc["02号窗口", "problem_zh"]
    assert "PW0" not in p.loc["第9窗口", "problem_zh"]          # no window carries 9: no hint
    # the declared rule maps them; nothing is read so without it
    d = write_workspace(tmp_path / "d2", WINDOWS, unknown_windows="refuse", mapping_file="mapping.yaml")
    (d / "queue_snapshots.csv").write_text(TEXT, encoding="utf-8")
    (d / "mapping.yaml").write_text("queue_snapshots:\n  values:\n    window_id: {窗口 01: PW01, ０２号窗口: PW02, "
                                    "第9窗口: PW02}\n", encoding="utf-8")
    got = read_records("queue_snapshots", d)
    assert got["window_id"].astype(str).tolist() == ["PW01", "PW02", "PW01", "PW02"]


def test_records_check_lists_a_counter_name_with_the_window_its_number_names(tmp_path, capsys):
    d = write_workspace(tmp_path / "d", WINDOWS)
    (d / "queue_snapshots.csv").write_text(TEXT, encoding="utf-8")
    assert read_records("queue_snapshots", d)["window_id"].astype(str).tolist() == ["窗口 01", "02号窗口", "PW01",
                                                                                    "第9窗口"]
    assert main(["records", "check", "--data", str(d)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("窗口 01:"))
    assert "`窗口 01: PW01`" in line and "values.window_id" in line
    line = next(x for x in out.splitlines() if x.strip().startswith("第9窗口:"))
    assert "PW0" not in line and "[[windows]]" in line
    assert "不会计入评分" in out and "not scored" in out
