"""A report built on a full disk with its log beside it (the default, <out>/build-<year>.log): the log's lines the
machine would not write came out on stderr, which the scheduler reads, as logging's '--- Logging error ---' and a
Python traceback around the build's own message (left41).  The log stops being written, the last message says so,
exit 4, and the previous report is there byte for byte."""
from __future__ import annotations

import errno
import logging

from _workspace import fill, run_cli, tmpfs


class _Full:
    """A stream the machine will not write to."""

    def write(self, s):
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        pass


def test_a_log_line_the_disk_will_not_take_prints_no_traceback(tmp_path, capsys):
    from windoweval.report.build import _setup_log, log

    h = _setup_log(tmp_path / "build-2025.log")
    try:
        h.stream = _Full()
        log.info("one line")
        log.exception("the build failed")
        assert isinstance(h.failed, OSError) and h.failed.errno == errno.ENOSPC
    finally:
        log.removeHandler(h)
        h.close()
    err = capsys.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err, err


def test_report_on_a_full_disk_with_its_log_there(tmp_path):
    from windoweval.demo import tiny_data_dir

    data = tiny_data_dir()
    with tmpfs(tmp_path / "mnt", size="1m") as mnt:
        out = mnt / "reports"
        (out / "2025").mkdir(parents=True)
        (out / "2025" / "index.html").write_text("the previous report", encoding="utf-8")
        (out / "build-2025.log").write_text("", encoding="utf-8")
        fill(mnt)
        r = run_cli("report", "--year", "2025", "--data", str(data), "--out", str(out), cwd=tmp_path, timeout=900)
        assert r.returncode == 4, (r.returncode, r.stderr[-3000:])
        assert "Logging error" not in r.stderr and "Traceback" not in r.stderr, r.stderr[-3000:]
        assert "磁盘空间不足" in r.stderr and "the disk is full" in r.stderr
        assert "原报告未改动" in r.stderr and "previous report is untouched" in r.stderr
        assert (out / "2025" / "index.html").read_text(encoding="utf-8") == "the previous report"
