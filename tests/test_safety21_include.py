"""``include`` reads the file it checked (safety21, left defect 4).

The shared workspace file was checked by its path (``os.stat``: a regular file, not writable by others, small) and
then read by its path again (``read_bytes``): a file put in its place between the two (``mv``, ``ln -sf``) was read
unchecked.  It is now opened once, the open file checked (``os.fstat``) and read from; a FIFO or a device is refused
without a wait.
"""
from __future__ import annotations

import os
import threading

import pytest

from windoweval.records import workspace as ws_mod
from windoweval.records.workspace import WorkspaceError, _included

from test_safety20_include import _setup

GOOD = 'name = "共享配置"\nmin_records = 5\n'
EVIL = 'name = "<script>alert(1)</script>"\nmin_records = 1\n'


def _files(tmp_path):
    """The shared file of ``test_safety20_include._setup`` (with GOOD in it) and the path the folder's own toml would have."""
    data, shared = _setup(tmp_path, None, GOOD)
    return data / "windoweval.toml", shared


def test_a_file_swapped_in_after_the_check_is_never_read(tmp_path, monkeypatch):
    own, shared = _files(tmp_path)
    evil = tmp_path / "team" / "evil.toml"
    evil.write_text(EVIL, encoding="utf-8")
    evil.chmod(0o666)     # writable by anyone: the check would refuse it, had it been the one checked
    real = ws_mod._replaceable_in
    swapped = []

    def swap_after_the_mode_check(folder):
        if not swapped:
            os.replace(evil, shared)     # between the check of the file and the read
            swapped.append(1)
        return real(folder)
    monkeypatch.setattr(ws_mod, "_replaceable_in", swap_after_the_mode_check)
    merged, _ = _included(own, {"include": str(shared)})
    assert swapped
    assert merged["name"] == "共享配置" and merged["min_records"] == 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_a_wait(tmp_path):
    own, shared = _files(tmp_path)
    fifo = tmp_path / "team" / "pipe.toml"
    os.mkfifo(fifo, 0o644)
    got = []

    def run():
        try:
            _included(own, {"include": str(fifo)})
        except WorkspaceError as e:
            got.append(e)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "waited on the FIFO"
    assert got and got[0].exit_code == 3 and "不是普通文件" in str(got[0]) and "not a regular file" in str(got[0])


def test_a_device_is_refused(tmp_path):
    own, _ = _files(tmp_path)
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(WorkspaceError, match="not a regular file"):
        _included(own, {"include": "/dev/zero"})


def test_a_file_grown_past_the_limit_after_the_check_is_refused(tmp_path, monkeypatch):
    own, shared = _files(tmp_path)
    monkeypatch.setattr(ws_mod, "MAX_INCLUDE", 64)
    real = ws_mod._replaceable_in

    def grow(folder):
        with open(shared, "a", encoding="utf-8") as fh:
            fh.write("# " + "x" * 200 + "\n")
        return real(folder)
    monkeypatch.setattr(ws_mod, "_replaceable_in", grow)
    with pytest.raises(WorkspaceError, match="too large"):
        _included(own, {"include": str(shared)})
