"""A second build of a year refused while the first runs writes nothing into the first's ``build-<year>.log`` (left41
left it: the refusal was appended to the running build's log, where its reader took it for the build's own failure)."""
from __future__ import annotations

import fcntl

from windoweval.cli import main
from windoweval.demo import tiny_data_dir


def test_a_refused_second_build_leaves_the_running_builds_log_alone(tmp_path, capsys):
    data = tiny_data_dir()
    out = tmp_path / "reports"
    out.mkdir()
    log = out / "build-2025.log"
    log.write_text("2026-12-06 17:00:00 INFO the running build's line\n", encoding="utf-8")
    before = log.read_bytes()
    with open(out / ".2025.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        code = main(["report", "--year", "2025", "--data", str(data), "--out", str(out)])
    assert code == 4
    err = capsys.readouterr().err
    assert "正在由另一进程生成" in err and "another build of the 2025 report is running" in err
    assert "Traceback" not in err
    assert log.read_bytes() == before
