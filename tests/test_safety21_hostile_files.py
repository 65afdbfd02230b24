"""A data file that is a FIFO or a device (safety21, hostile round).

Before: ``records check`` and ``score`` opened ``complaints.csv`` that was a FIFO and waited on it for ever (a
scheduler's run hung until its timeout, then exit 4 for a stop); a link to ``/dev/zero`` named like a records file
is read without end.  Now a records file name that is there but neither a regular file nor a folder is refused,
exit 3, naming the file, what it is and the fix, in Chinese first and English beside, no traceback.  (A link to a
file outside the data folder and a mapping ``file:`` with ``..`` were refused already: test_safety20_paths.py.)
"""
from __future__ import annotations

import os
import shutil

import pytest

from _workspace import run_cli


@pytest.fixture
def data(tmp_path):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    return d


def _assert_refused(r, name):
    out = r.stdout + r.stderr
    assert r.returncode == 3, out[-2000:]
    assert "Traceback" not in out
    assert f"{name}: 这不是普通文件" in out and f"{name}: this is not a regular file" in out
    assert out.index("这不是普通文件") < out.index("this is not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", [("records", "check"), ("score", "--year", "2025")])
def test_a_fifo_is_refused_not_waited_on(data, tmp_path, command):
    os.mkfifo(data / "complaints.csv")
    extra = ("--out", str(tmp_path / "out")) if command[0] == "score" else ()
    r = run_cli(*command, "--data", str(data), *extra, cwd=tmp_path, timeout=240)
    _assert_refused(r, "complaints.csv")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused(data, tmp_path):
    (data / "complaints.csv").symlink_to("/dev/zero")
    r = run_cli("records", "check", "--data", str(data), cwd=tmp_path, timeout=240)
    _assert_refused(r, "complaints.csv")
