"""hostile43: the report's lock file ``.<year>.lock`` as someone who may write the report folder leaves it.

The build opened it with ``open(path, "w")``: a link planted in its place (``ln -s /etc/passwd .2025.lock``) had the
build (run by cron, often as root) truncate the file it names; a FIFO in its place left the build waiting for ever.
The lock file is now opened without following a link and without waiting (exit 4, the file named and the fix); the
file a link names is untouched; an ordinary lock works as before (test_left41_second_build).
"""
import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from windoweval.report.build import BuildError, _lock

ROOT = Path(__file__).resolve().parents[1]


def test_a_link_in_place_of_the_lock_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "reports"
    out.mkdir()
    (out / ".2025.lock").symlink_to(victim)
    with pytest.raises(BuildError) as e:
        with _lock(out, 2025):
            pytest.fail("the build went on")
    assert e.value.exit_code == 4
    assert ".2025.lock" in str(e.value) and "锁文件" in str(e.value) and "lock file" in str(e.value)
    assert str(tmp_path) not in str(e.value)
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_pipe_in_place_of_the_lock_is_refused_not_waited_on(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    os.mkfifo(out / ".2025.lock")
    code = ("import sys; from pathlib import Path; from windoweval.report.build import _lock, BuildError\n"
            "try:\n    with _lock(Path(sys.argv[1]), 2025): print('locked')\n"
            "except BuildError as e:\n    print('refused', e.exit_code)\n")
    try:
        got = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=60,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        pytest.fail("the build waited on a pipe in place of its lock file")
    assert got.stdout.strip() == "refused 4", got.stderr


def test_an_ordinary_lock_still_locks_and_is_removed(tmp_path):
    with _lock(tmp_path, 2025):
        with open(tmp_path / ".2025.lock") as f:
            with pytest.raises(BlockingIOError):
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    assert not (tmp_path / ".2025.lock").exists()
