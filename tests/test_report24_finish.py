"""Session 24: an executed notebook is written once, scrubbed (``report.build._finish``).

Before, ``_run_all`` wrote the notebook as the kernel left it, ``_finish`` read that file back, scrubbed it and
wrote it again (one write and one read more, on the build's path for the annual notebook).  What must not change:
the file, the page and what is collected for the index and ``summary.json`` -- in the same key order (the read-back
notebook had its keys sorted by nbformat's writer; the kernel's outputs do not), which the index's figure specs and
``summary.json`` show as they are.  The reference below is the former sequence, step by step.
"""
from __future__ import annotations

import copy
import importlib
import json

import nbformat
import pytest

from windoweval import paths
from windoweval.report.collect import _scrub, collect
from windoweval.report.pages import _page, bilingual

build = importlib.import_module("windoweval.report.build")


def _reversed_keys(obj):
    """``obj`` with every mapping's keys in reverse order: a notebook's outputs as a kernel may order them."""
    if isinstance(obj, dict):
        return type(obj)((k, _reversed_keys(obj[k])) for k in reversed(list(obj)))
    if isinstance(obj, list):
        return [_reversed_keys(v) for v in obj]
    return obj


def _as_from_kernel(name: str):
    """A stored notebook's outputs with unsorted keys, a stderr stream and personal data in a text output."""
    nb = nbformat.read(paths.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    code[-1].outputs.append(nbformat.v4.new_output("stream", name="stderr", text="a warning\n"))
    code[-1].outputs.append(nbformat.v4.new_output("stream", name="stdout", text="call 13812345678 back\n"))
    return nbformat.from_dict(_reversed_keys(json.loads(json.dumps(nb))))


def _former(name: str, nb, tmp):
    """The sequence before session 24: write, read back, scrub, write; collect and page from the read-back."""
    dst = tmp / f"{name}.ipynb"
    nbformat.write(nb, dst)
    nb = nbformat.read(dst, as_version=4)
    warnings = _scrub(nb)
    nbformat.write(nb, dst)
    return dst.read_bytes(), collect(nb), _page(nb, "zh+en", bilingual(f"notebook.{name}", "zh+en")), warnings


@pytest.mark.parametrize("name", ["annual_evaluation", "complaint_callbacks"])
def test_finish_writes_the_same_notebook_page_and_parts_as_before(name, tmp_path, caplog):
    raw = _as_from_kernel(name)
    assert list(raw.cells[-1].outputs[0]) != sorted(raw.cells[-1].outputs[0])      # keys unsorted, as from a kernel
    (tmp_path / "old").mkdir()
    want_file, want_got, want_page, want_warnings = _former(name, copy.deepcopy(raw), tmp_path / "old")

    new = tmp_path / "new"
    (new / "notebooks").mkdir(parents=True)
    dst = new / "notebooks" / f"{name}.ipynb"
    got = build._finish(name, copy.deepcopy(raw), dst, new, "zh+en")

    assert dst.read_bytes() == want_file
    assert b"13812345678" not in dst.read_bytes() and b"a warning" not in dst.read_bytes()
    assert (new / f"{name}.html").read_text(encoding="utf-8") == want_page
    assert got == want_got
    # the same key order too: the index and summary.json write these as they are
    assert json.dumps(got.__dict__, ensure_ascii=False) == json.dumps(want_got.__dict__, ensure_ascii=False)
    assert want_warnings and all(w.strip() in caplog.text for w in want_warnings)
    if name == "annual_evaluation":
        assert got.figures and got.tables


def test_finish_writes_once_and_reads_no_file(tmp_path, monkeypatch):
    raw = _as_from_kernel("explore")
    writes = []
    real_writes = nbformat.writes
    monkeypatch.setattr(nbformat, "writes", lambda nb, *a, **k: writes.append(1) or real_writes(nb, *a, **k))

    def no_read(*a, **k):
        raise AssertionError("the notebook was read back from its file")

    monkeypatch.setattr(nbformat, "read", no_read)
    (tmp_path / "notebooks").mkdir()
    build._finish("explore", raw, tmp_path / "notebooks" / "explore.ipynb", tmp_path, "zh+en")
    assert len(writes) == 1
    assert (tmp_path / "explore.html").exists()
