"""Issue 14 (session 22): the report's pages, tables and workbook are made in a process of their own
(:class:`windoweval.report.convert.PageProcess`) while the command computes the year's evaluation.

The rules that process must keep: a page that fails fails the build with the message and exit code it had when the
command made the page; the process killed in the middle of a build fails the build (exit 4) and leaves the previous
report; a build stopped (Ctrl-C) or failed leaves no such process and no temporary folder.

The builds here: the tiny data, one notebook (a stand-in for the complaints' notebook) and the sections'
computation replaced by a stand-in that hands that notebook over and then acts (kills the page process, stops).
"""
from __future__ import annotations

import importlib
import signal
import time
from pathlib import Path

import nbformat
import psutil
import pytest

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)


def _notebook(folder: Path, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year = 2024\ndata = None", metadata={"tags": ["parameters"]})
    nb.cells = [params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir()
    nbformat.write(nb, str(folder / "complaint_callbacks.ipynb"))


def _page_processes() -> list[psutil.Process]:
    """This test process's descendants that make a build's pages."""
    out = []
    for p in psutil.Process().children(recursive=True):
        try:
            if any("windoweval.report.convert" in a for a in p.cmdline()) and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def _previous(out: Path) -> Path:
    previous = out / "2025"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("the previous report", encoding="utf-8")
    return previous


def _build(monkeypatch, tmp_path, body: str, act):
    """Build the one stand-in notebook; ``act(seen)`` runs once the notebook is handed over, ``seen`` the page
    processes alive then."""
    from windoweval import paths
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    _notebook(tmp_path / "notebooks", body)
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path / "notebooks")
    seen: list = []

    def keep_sections(year, params, folder, survey, progress, names=None, covered=None, kept=None):
        kept("complaints")
        seen.extend(_page_processes())
        act(seen)

    monkeypatch.setattr(build_mod, "_keep_sections", keep_sections)
    out = tmp_path / "reports"
    previous = _previous(out)
    d = tiny_data_dir()
    return out, previous, seen, lambda: build_mod.build(2025, data=d, out=out, progress=None,
                                                        survey=survey_source("power_hall", d),
                                                        notebooks=["complaint_callbacks"])


def _left_as_it_was(out: Path, previous: Path, seen: list) -> None:
    deadline = time.monotonic() + 10
    while any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert seen, "no page process ran beside the build"
    assert not [p for p in seen if p.is_running() and p.status() != psutil.STATUS_ZOMBIE], "a page process lives on"
    assert not _page_processes()
    assert sorted(p.name for p in out.iterdir()) == ["2025"]          # no temporary folder, no lock
    assert (previous / "index.html").read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in previous.iterdir()) == ["index.html"]


def test_the_page_process_killed_mid_build_fails_the_build_and_keeps_the_previous_report(monkeypatch, tmp_path):
    def kill(seen):
        for p in seen:
            p.send_signal(signal.SIGKILL)

    out, previous, seen, run = _build(monkeypatch, tmp_path, "x = 1", kill)
    with pytest.raises(build_mod.BuildError) as got:
        run()
    assert got.value.exit_code == 4
    assert "报告生成失败 / the build failed" in str(got.value) and "ended unexpectedly" in str(got.value)
    _left_as_it_was(out, previous, seen)


@pytest.mark.parametrize("stop", [RuntimeError("a section failed"), KeyboardInterrupt()], ids=["failed", "stopped"])
def test_a_failed_or_stopped_build_leaves_no_page_process(monkeypatch, tmp_path, stop):
    def fail(seen):
        raise stop

    out, previous, seen, run = _build(monkeypatch, tmp_path, "x = 1", fail)
    with pytest.raises((build_mod.BuildError, KeyboardInterrupt)):
        run()
    _left_as_it_was(out, previous, seen)


def test_a_page_that_fails_fails_the_build_as_when_the_command_made_it(monkeypatch, tmp_path):
    """A table whose rows do not fit its columns: pandas refuses it while its CSV is made (in the page process);
    the build fails with the error's type and text, exit 4, as it did when the command made the page."""
    body = ("from IPython.display import display\nfrom windoweval.present import TABLE_MIME\n"
            "display({TABLE_MIME: {'name': 't', 'title': 't', 'columns': ['a', 'b'], 'data': [[1, 2, 3]]}}, raw=True)")
    out, previous, seen, run = _build(monkeypatch, tmp_path, body, lambda seen: None)
    with pytest.raises(build_mod.BuildError) as got:
        run()
    assert got.value.exit_code == 4
    assert str(got.value).startswith("报告生成失败 / the build failed: ValueError: 2 columns passed, passed data had 3 "
                                     "columns"), str(got.value)
    _left_as_it_was(out, previous, seen)
