"""session 43 (hostile43's find): the build log ``build-<year>.log`` as someone who may write the report folder
leaves it.

``_setup_log`` opened it with logging's ``FileHandler``: a link planted in its place had every build (cron, perhaps
as root) append the build's lines to the file it names; a FIFO in its place left the build waiting for ever. The
default log is now opened without following a link and without waiting (exit 4, the file named and the fix); a
``--log`` the user names may be a link they made; an ordinary log is appended to as before.
"""
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from windoweval.report.build import BuildError, _setup_log, log

ROOT = Path(__file__).resolve().parents[1]


def _written(handler, text):
    try:
        log.info(text)
    finally:
        log.removeHandler(handler)
        handler.close()


def test_a_link_in_place_of_the_default_log_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "build-2025.log").symlink_to(victim)
    with pytest.raises(BuildError) as e:
        _setup_log(tmp_path / "build-2025.log")
    assert e.value.exit_code == 4
    assert "build-2025.log" in str(e.value) and "日志文件" in str(e.value) and "log file" in str(e.value)
    assert str(tmp_path) not in str(e.value)
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_pipe_in_place_of_the_log_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "build-2025.log")
    code = ("import sys; from pathlib import Path; from windoweval.report.build import _setup_log, BuildError\n"
            "for follow in (False, True):\n"
            "    try:\n        _setup_log(Path(sys.argv[1]) / 'build-2025.log', follow); print('opened')\n"
            "    except BuildError as e:\n        print('refused', e.exit_code)\n")
    try:
        got = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                             timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        pytest.fail("the build waited on a pipe in place of its log")
    assert got.stdout.split("\n")[:2] == ["refused 4", "refused 4"], got.stderr


def test_an_ordinary_log_is_appended_to_and_a_named_link_followed(tmp_path):
    path = tmp_path / "build-2025.log"
    path.write_text("an earlier build\n", encoding="utf-8")
    _written(_setup_log(path), "第二次 second")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "an earlier build" and lines[-1].endswith("INFO 第二次 second")
    mine = tmp_path / "logs" / "mine.log"
    mine.parent.mkdir()
    (tmp_path / "latest.log").symlink_to(mine)            # a --log the user names: their own link is theirs
    _written(_setup_log(tmp_path / "latest.log", follow_link=True), "named")
    assert mine.read_text(encoding="utf-8").rstrip().endswith("INFO named")
    assert logging.getLogger(log.name) is log
