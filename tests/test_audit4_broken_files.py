"""A file name that is there but is not a readable file (third audit of issue 11).

A folder named ``work_orders.csv`` ended in an ``IndexError`` traceback (exit 5), so did an empty Parquet dataset
folder; a folder named ``windoweval.toml`` in an ``IsADirectoryError`` (exit 5); a symbolic link to nothing (or a
loop) named ``work_orders.csv`` was taken for "no file" (exit 0, every work-order measure without evidence); a
folder named like the calendar file was passed over.  Each is now refused (exit 3) naming the file and the fix,
in both languages.
"""
from __future__ import annotations

import os
import shutil

import pytest

from windoweval.cli import main


def _folder(p):
    p.unlink()
    p.mkdir()


def _dangling(p):
    p.unlink()
    os.symlink(p.parent / "nowhere" / "x.csv", p)


def _loop(p):
    p.unlink()
    os.symlink(p.name, p)


def _dataset(p):
    p.unlink()
    (p.parent / "work_orders").mkdir()


CASES = {
    "records_folder": ("work_orders.csv", _folder, "文件夹", "folder"),
    "records_dangling_link": ("work_orders.csv", _dangling, "符号链接", "symbolic link"),
    "records_link_loop": ("work_orders.csv", _loop, "符号链接", "symbolic link"),
    "empty_dataset_folder": ("work_orders.csv", _dataset, "没有可读的表", "no table to read"),
    "workspace_folder": ("windoweval.toml", _folder, "无法读取工作区配置文件", "cannot be read"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("cmd", [["records", "check"], ["score", "--year", "2025"]])
def test_refused_clearly(tmp_path, capsys, case, cmd):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    name, spoil, zh, en = CASES[case]
    spoil(d / name)
    out = ["--out", str(tmp_path / "out")] if cmd[0] == "score" else []
    code = main([*cmd, "--data", str(d), *out])
    text = "".join(capsys.readouterr())
    assert code == 3, text
    assert zh in text and en in text and "Traceback" not in text


def test_a_calendar_folder_is_refused(tmp_path, capsys):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    ws = d / "windoweval.toml"
    ws.write_text('calendar_file = "calendar.csv"\n' + ws.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "calendar.csv").mkdir()
    code = main(["score", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "out")])
    text = "".join(capsys.readouterr())
    assert code == 3, text
    assert "calendar" in text and "文件夹" in text and "Traceback" not in text


def test_a_full_disk_says_so_and_keeps_the_old_report(tmp_path, capsys, monkeypatch):
    """A full disk during the build: exit 4, the previous report byte-identical, and the cause and the fix in both
    languages (it said only ``OSError: [Errno 28] No space left on device``)."""
    import errno

    from windoweval.demo import tiny_data_dir
    import importlib

    build_module = importlib.import_module("windoweval.report.build")

    def full(folder):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_module, "write_assets", full)
    out = tmp_path / "out"
    (out / "2025").mkdir(parents=True)
    (out / "2025" / "index.html").write_text("old report", encoding="utf-8")
    code = main(["report", "--year", "2025", "--data", str(tiny_data_dir()), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 4, err
    assert "磁盘空间不足" in err and "the disk is full" in err and "--out" in err and "Traceback" not in err
    assert (out / "2025" / "index.html").read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".2025.building")) == []
