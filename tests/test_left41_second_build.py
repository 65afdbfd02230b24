"""Two builds of one year at once: the second was refused (exit 4, both languages) without the fix; the refusal now
says to wait for the first to end and run again (left41)."""
from __future__ import annotations

import fcntl

import pytest

from windoweval.report.build import BuildError, _lock


def test_the_second_build_is_told_to_wait(tmp_path):
    with open(tmp_path / ".2025.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        with pytest.raises(BuildError) as e:
            with _lock(tmp_path, 2025):
                pass
    text = str(e.value)
    assert "正在由另一进程生成" in text and "another build of the 2025 report is running" in text
    assert "请等它结束后再运行" in text and "wait for it to end, then run again" in text
    assert text.index("请等它结束") < text.index("wait for it")
