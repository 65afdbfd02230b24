"""Review rev22c of csv22 (csvfast.keep_heap): a process-wide malloc setting made by a library read.

keep_heap left malloc alone only where the user had set one of the two thresholds it sets.  A user who tuned
malloc otherwise -- ``MALLOC_ARENA_MAX=2`` or ``glibc.malloc.arena_max`` / ``top_pad`` / ``mmap_max``, most often
set to keep a process (a JupyterLab kernel, a container) small -- had a 1 GiB trim threshold and a 512 MiB mmap
threshold put over theirs.  Nor did the docs say that a read changes the process's malloc, or how to keep it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from windoweval.records import csvfast

ROOT = Path(__file__).resolve().parents[1]


def _told(monkeypatch):
    calls = []
    monkeypatch.setattr(csvfast, "_heap_kept", [])
    monkeypatch.setattr(csvfast, "_mallopt", lambda p, val: calls.append((p, val)) or True)
    return calls


@pytest.mark.parametrize("env", [("MALLOC_ARENA_MAX", "2"), ("MALLOC_TOP_PAD_", "0"), ("MALLOC_MMAP_MAX_", "0"),
                                 ("GLIBC_TUNABLES", "glibc.malloc.arena_max=2"),
                                 ("GLIBC_TUNABLES", "glibc.malloc.top_pad=0:glibc.malloc.mmap_max=0")])
def test_keep_heap_leaves_malloc_tuned_any_way(monkeypatch, env):
    for name in ("GLIBC_TUNABLES", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(*env)
    calls = _told(monkeypatch)
    assert csvfast.keep_heap() is False and calls == []


def test_the_documented_opt_out_leaves_malloc(monkeypatch):
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.setenv("MALLOC_PERTURB_", "0")
    calls = _told(monkeypatch)
    assert csvfast.keep_heap() is False and calls == []


def test_keep_heap_still_tells_an_untuned_malloc(monkeypatch):
    import os

    for name in [k for k in os.environ if k.startswith("MALLOC_")] + ["GLIBC_TUNABLES"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.rtld.optional_static_tls=1024")   # not malloc's
    calls = _told(monkeypatch)
    assert csvfast.keep_heap() is True and calls == [(-3, 512 << 20), (-1, 1 << 30)]


def test_the_docs_say_a_read_tunes_malloc_and_how_to_keep_it():
    doc = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    assert "keep_heap" in doc and "MALLOC_PERTURB_=0" in doc and "1 GiB" in doc
