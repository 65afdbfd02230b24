"""hostile43: the workspace's own files as a careless user (or an attacker) leaves them.

* ``windoweval.toml`` a FIFO (a named pipe): every command read it whole and waited for ever, a scheduler's job with
  it (a records file, an include file, a mapping's file were refused since safety21; the workspace file itself was
  not).  Now refused at once, exit 3, with the fix.
* ``windoweval.toml`` of gigabytes: read whole into memory and parsed before anything was said; now refused by its
  size (:data:`windoweval.records.workspace.MAX_WORKSPACE`).
* the mapping file, the calendar file and the promise register a FIFO: refused, but said to be "not found" (the
  mapping, the register) or "a folder" (the calendar), which sends the user looking for the wrong thing; each now
  says what it is.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from windoweval.demo import tiny_data_dir
from windoweval.errors import EXIT_INPUT

ROOT = Path(__file__).resolve().parents[1]


def _run(d: Path, *args, timeout=120):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "windoweval.cli", *args, "--data", str(d)], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)


def test_a_workspace_file_that_is_a_pipe_is_refused_not_waited_on():
    d = tiny_data_dir()
    (d / "windoweval.toml").unlink()
    os.mkfifo(d / "windoweval.toml")
    try:
        got = _run(d, "records", "check", timeout=60)     # before: never returned
    except subprocess.TimeoutExpired:
        pytest.fail("records check waited on a windoweval.toml that is a pipe")
    assert got.returncode == EXIT_INPUT, got.stderr
    assert "不是普通文件" in got.stderr and "not a regular file" in got.stderr and "windoweval.toml" in got.stderr
    assert got.stderr.index("不是普通文件") < got.stderr.index("not a regular file")
    assert "Traceback" not in got.stderr + got.stdout


def test_a_workspace_file_of_gigabytes_is_refused_by_its_size(monkeypatch):
    from windoweval.records import workspace
    from windoweval.records.workspace import WorkspaceError, load_workspace

    d = tiny_data_dir()
    text = (d / "windoweval.toml").read_text(encoding="utf-8")
    with open(d / "windoweval.toml", "a", encoding="utf-8") as fh:    # a sound file, padded with a comment
        fh.write("# " + "x" * 2000 + "\n")
    monkeypatch.setattr(workspace, "MAX_WORKSPACE", len(text.encode()) + 1000)
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    with pytest.raises(WorkspaceError) as e:
        load_workspace(d)
    assert e.value.exit_code == EXIT_INPUT and "过大" in str(e.value) and "too large" in str(e.value)
    assert "windoweval.toml" not in reads        # refused before it was read


def test_a_workspace_file_within_the_limit_is_read():
    from windoweval.records.workspace import load_workspace

    assert load_workspace(tiny_data_dir()).windows["window_id"].tolist() == ["PW01"]


@pytest.mark.parametrize("setting, name, said_zh", [
    ("mapping_file", "mapping.yaml", "映射文件"),
    ("calendar_file", "calendar.csv", "日历文件"),
    ("promises", "promises.yaml", "承诺登记册"),
])
def test_a_workspace_setting_naming_a_pipe_says_it_is_one(setting, name, said_zh):
    from windoweval.records.workspace import WorkspaceError, load_workspace

    d = tiny_data_dir()
    toml = d / "windoweval.toml"
    toml.write_text(f'{setting} = "{name}"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(d / name)
    ws = load_workspace(d)
    call = {"mapping_file": ws.mapping, "calendar_file": ws.calendar, "promises": ws.promise_register}[setting]
    with pytest.raises(WorkspaceError) as e:
        call()
    msg = str(e.value)
    assert f"{said_zh}不是普通文件" in msg and "not a regular file" in msg and setting in msg
    assert "找不到" not in msg and "not found" not in msg and "folder" not in msg
