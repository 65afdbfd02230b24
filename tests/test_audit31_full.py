"""Output folders that are full, read-only or cannot be made (thirty-first audit).

Seen before: a full disk under ``score``, ``complaints``, ``promises``, ``review``, ``waiting`` or ``records import``
ended in a traceback and exit 5 ("internal error: please report it"), though nothing was wrong with the program; none
of these cases was tested (the machine runs as root, so ``chmod`` stops nothing: a tmpfs of a few MiB is the full disk,
the same tmpfs remounted read-only the read-only one, a path under a file the folder that cannot be made).

Decided (the README's table): a folder named on the command line that cannot be made or written is a wrong command
line, found before any work (exit 2, as ``safepath.out_dir`` said already); a write the machine stops half-way (a full
disk or quota, a file system read-only, a file too large) is an output that failed with the previous one untouched:
exit 4, as for a report build, with the cause and the fix in both languages and no traceback.  In every case the
previous output (or store) is there byte for byte, with nothing left beside it.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from _workspace import fault_repairs_csv, fill, run_cli, tmpfs, write_workspace

OUT_COMMANDS = ("score", "complaints", "promises", "review", "waiting")


def remount_ro(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from windoweval.demo import generate

    return generate(tmp_path_factory.mktemp("org") / "data", year=2025)


def _said(r, *phrases):
    text = r.stdout + r.stderr
    assert "Traceback" not in text, text[-3000:]
    for p in phrases:
        assert p in r.stderr, (p, r.stderr[-3000:])


@pytest.mark.parametrize("command", OUT_COMMANDS)
def test_a_full_then_read_only_output_folder(command, data, tmp_path):
    with tmpfs(tmp_path / "mnt") as mnt:
        out = mnt / "out"
        args = [command, "--year", "2025", "--data", str(data), "--out", str(out)]
        r = run_cli(*args, cwd=tmp_path)
        assert r.returncode == 0, r.stderr[-2000:]
        before = snapshot(out)
        fill(mnt)
        r = run_cli(*args, cwd=tmp_path)
        assert r.returncode == 4, (r.returncode, r.stderr[-3000:])
        _said(r, "磁盘空间不足", "the disk is full", "未改动", "untouched")
        assert snapshot(out) == before
        (mnt / "filler").unlink()
        remount_ro(mnt)
        r = run_cli(*args, cwd=tmp_path)
        assert r.returncode == 2, (r.returncode, r.stderr[-3000:])
        _said(r, "没有写入权限", "not writable")
        assert snapshot(out) == before


def test_score_stopped_half_way_by_a_full_disk(data, tmp_path):
    """Room for the first files of the group, not for all: the former group stays whole."""
    with tmpfs(tmp_path / "mnt") as mnt:
        out = mnt / "out"
        args = ["score", "--year", "2025", "--data", str(data), "--out", str(out)]
        assert run_cli(*args, cwd=tmp_path).returncode == 0
        before = snapshot(out)
        fill(mnt, leave=64 * 1024)
        r = run_cli(*args, cwd=tmp_path)
        assert r.returncode == 4, (r.returncode, r.stderr[-3000:])
        _said(r, "磁盘空间不足", "the disk is full")
        assert snapshot(out) == before


@pytest.mark.parametrize("command", OUT_COMMANDS + ("report",))
def test_an_output_folder_that_cannot_be_made(command, data, tmp_path):
    (tmp_path / "a_file").write_text("x")
    r = run_cli(command, "--year", "2025", "--data", str(data), "--out", str(tmp_path / "a_file" / "out"),
                cwd=tmp_path)
    assert r.returncode == 2, (r.returncode, r.stderr[-3000:])
    _said(r, "无法创建输出目录", "cannot create the output directory")


def test_records_import_into_a_full_then_read_only_store(tmp_path):
    from windoweval.records import read_records

    a = fault_repairs_csv(tmp_path / "a.csv", "A", 3, width=5)
    b = fault_repairs_csv(tmp_path / "b.csv", "B", 20000, width=5)
    with tmpfs(tmp_path / "mnt") as mnt:
        store = write_workspace(mnt / "store")
        r = run_cli("records", "import", "work_orders", str(a), "--data", str(store), cwd=tmp_path)
        assert r.returncode == 0, r.stderr[-2000:]
        before = snapshot(store)
        fill(mnt, leave=16 * 1024)
        r = run_cli("records", "import", "work_orders", str(b), "--data", str(store), "--replace", cwd=tmp_path)
        assert r.returncode == 4, (r.returncode, r.stderr[-3000:])
        _said(r, "磁盘空间不足", "the disk is full", "未改动", "untouched")
        assert snapshot(store) == before
        assert sorted(read_records("work_orders", store, year=2025)["order_id"]) == [f"A{i:05d}" for i in range(3)]
        (mnt / "filler").unlink()
        remount_ro(mnt)
        r = run_cli("records", "import", "work_orders", str(b), "--data", str(store), "--replace", cwd=tmp_path)
        assert r.returncode == 2, (r.returncode, r.stderr[-3000:])     # found before any work: the option
        _said(r, "没有写入权限", "not writable")
        assert snapshot(store) == before


def test_report_on_a_full_disk(data, tmp_path):
    """No room for a report: exit 4, the cause and the fix in both languages, no report and nothing beside it."""
    with tmpfs(tmp_path / "mnt", size="1m") as mnt:
        out = mnt / "reports"
        r = run_cli("report", "--year", "2025", "--data", str(data), "--out", str(out), "--log",
                    str(tmp_path / "build.log"), cwd=tmp_path, timeout=900)
        assert r.returncode == 4, (r.returncode, r.stderr[-3000:])
        _said(r, "磁盘空间不足", "the disk is full")
        assert sorted(p.name for p in out.iterdir()) == [], sorted(p.name for p in out.iterdir())
