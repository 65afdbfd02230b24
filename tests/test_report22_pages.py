"""Issue 14 (session 22): each finished notebook's page, tables and workbook sheets are made as it arrives, while the
command still computes the later sections (a thread of its own, :class:`windoweval.report.build._Receiver`), not all
of them after the last section is kept, which put the first page's imports (nbconvert, its templates, openpyxl) and
four pages on the build's tail.  A failure anywhere still publishes nothing (``tests/test_report22_kernels.py``,
the atomicity tests) and a failed notebook is still the build's failure (below)."""
from __future__ import annotations

import importlib
import queue
import threading
import time

import pytest

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)
run_mod = importlib.import_module("windoweval.report.run")


def _fake_runner(events, fail=()):
    class Runner:
        """Each notebook handed over "runs" at once: it comes back as it was handed (no outputs), or failed."""

        def __init__(self, kernel_name, cwd, jobs, **_):
            self.stop, self.done = threading.Event(), queue.Queue()

        def run(self, items, more=False):
            for label, nb, on_start in items:
                if self.stop.is_set():
                    continue
                if on_start:
                    on_start()
                err = run_mod.NotebookFailed(1, 1, "x", "ValueError", "boom") if label in fail else None
                if err is not None:
                    self.stop.set()
                self.done.put((label, nb, err))

        def close(self):
            events.append(("closed", None))
    return Runner


def _build(monkeypatch, tmp_path, fail=()):
    from windoweval import evaluation
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    events = []
    paged = threading.Event()
    real_finish, real_evaluate = build_mod._finish, evaluation.evaluate

    def finish(name, *a, **k):
        got = real_finish(name, *a, **k)
        events.append(("page", name))
        if name == "complaint_callbacks":
            paged.set()
        return got

    def evaluate(year, *a, **k):
        paged.wait(30)          # the complaints' page is made meanwhile (never, when pages wait for every section)
        events.append(("evaluated", year))
        return real_evaluate(year, *a, **k)

    monkeypatch.setattr(run_mod, "Runner", _fake_runner(events, fail))
    monkeypatch.setattr(build_mod, "_finish", finish)
    monkeypatch.setattr(evaluation, "evaluate", evaluate)
    d = tiny_data_dir()
    out = tmp_path / "reports"
    result = None
    try:
        result = build_mod.build(2025, data=d, out=out, progress=None, survey=survey_source("power_hall", d))
    except build_mod.BuildError as e:
        result = e
    return events, result, out


def test_a_page_is_made_while_the_later_sections_are_computed(monkeypatch, tmp_path):
    events, result, out = _build(monkeypatch, tmp_path)
    assert not isinstance(result, Exception), result
    at = events.index(("evaluated", 2025))
    assert ("page", "complaint_callbacks") in events[:at]        # before the evaluation, not after every section
    assert sorted(x for kind, x in events if kind == "page") == sorted(build_mod.NOTEBOOKS)   # each page once
    for name in build_mod.NOTEBOOKS:
        assert (out / "2025" / f"{name}.html").is_file()
    assert (out / "2025" / "tables.xlsx").is_file()


def test_a_notebook_failing_while_the_sections_are_computed_fails_the_build(monkeypatch, tmp_path):
    events, result, out = _build(monkeypatch, tmp_path, fail=("satisfaction_survey",))
    assert isinstance(result, build_mod.BuildError) and "satisfaction_survey" in str(result)
    assert sorted(p.name for p in out.iterdir()) == ["2025.failed"]     # nothing published, the notebook kept
    assert [p.name for p in (out / "2025.failed").iterdir()] == ["satisfaction_survey.ipynb"]
