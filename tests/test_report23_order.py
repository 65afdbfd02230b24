"""Issue 14 (the report at its floor, session 23): the build's tail was the annual notebook, the longest (four charts
in two languages, five tables), handed to the one kernel only once every section was kept (``annual`` computed last,
after ``promises`` and ``explore``), then its page and tables.  Now the annual section is computed right after the
evaluation, so its notebook is presented while the promises' and explore's sections are computed, their short
notebooks come last, and the annual page is made while they present.  The same work in another order: the
evaluation computed once, nothing scored twice, every kept table the same (below, and
``tests/test_report21_order.py`` for the sections in any order); the console still says the evaluation on its own
line (the benchmark's phases read it)."""
from __future__ import annotations

import importlib
import threading

import pytest

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)
run_mod = importlib.import_module("windoweval.report.run")


class _Stop(Exception):
    pass


def _events(monkeypatch, tmp_path, **kw):
    """What a build of the tiny data does, in order: ``("handed", notebook)``, ``("evaluate", year)`` and the
    console's section lines ``("said", "· annual")``; stopped when the last notebook is handed over."""
    from windoweval import evaluation
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    events = []

    class Runner:
        def __init__(self, kernel_name, cwd, jobs, **_):
            import queue
            self.stop, self.done = threading.Event(), queue.Queue()

        def run(self, items, more=False):
            events.extend(("handed", label) for label, *_ in items)
            if not more:
                raise _Stop

        def close(self):
            pass

    real = evaluation.evaluate

    def evaluate(year, *a, **k):
        events.append(("evaluate", year))
        return real(year, *a, **k)

    def progress(msg):
        if msg.strip().startswith("· "):
            events.append(("said", msg.split(":")[0].strip()))

    monkeypatch.setattr(run_mod, "Runner", Runner)
    monkeypatch.setattr(evaluation, "evaluate", evaluate)
    d = tiny_data_dir()
    with pytest.raises(Exception) as e:
        build_mod.build(2025, data=d, out=tmp_path, progress=progress, survey=survey_source("power_hall", d), **kw)
    assert isinstance(e.value, _Stop) or isinstance(e.value.__cause__, _Stop)
    return events


def test_the_annual_notebook_is_handed_over_right_after_the_evaluation(monkeypatch, tmp_path):
    events = _events(monkeypatch, tmp_path)
    assert events == [("said", "· complaints"), ("handed", "complaint_callbacks"),
                      ("said", "· survey"), ("handed", "satisfaction_survey"),
                      ("evaluate", 2025), ("said", "· evaluation"), ("said", "· annual"), ("handed", "annual_evaluation"),
                      ("said", "· promises"), ("handed", "promise_fulfilment"),
                      ("said", "· explore"), ("handed", "explore")]


def test_a_build_without_the_annual_notebook_computes_no_evaluation_for_it(monkeypatch, tmp_path):
    events = _events(monkeypatch, tmp_path, notebooks=["explore", "complaint_callbacks"])
    assert [x for kind, x in events if kind == "handed"] == ["complaint_callbacks", "explore"]
    assert ("said", "· evaluation") not in events and ("said", "· annual") not in events


def test_the_sections_are_the_same_in_the_new_order_and_the_evaluation_is_said_once(monkeypatch):
    """``annual`` first of the three: the evaluation is computed once, before it, said on its own line; every table
    and meta equal to the order before (``promises``, ``explore``, ``annual``)."""
    import pandas as pd

    from windoweval import evaluation, sections
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    d = tiny_data_dir()
    before = sections.compute(2025, d, sections=("promises", "explore", "annual"),
                              survey=survey_source("power_hall", d), baseline_year=2024)
    calls, heard = [], []
    real_ev = evaluation.evaluate

    def evaluate(year, *a, **k):
        calls.append(year)
        return real_ev(year, *a, **k)

    monkeypatch.setattr(evaluation, "evaluate", evaluate)
    got = sections.compute(2025, d, sections=build_mod.COMPUTE_ORDER[2:], survey=survey_source("power_hall", d),
                           baseline_year=2024, progress=heard.append)
    assert calls == [2025]
    assert [h.split(":")[0].strip() for h in heard] == ["· evaluation", "· annual", "· promises", "· explore"]
    for name in ("promises", "explore", "annual"):
        assert got[name].meta == before[name].meta, name
        assert list(got[name].tables) == list(before[name].tables), name
        for t, df in before[name].tables.items():
            if df is None:
                assert got[name].tables[t] is None, (name, t)
            else:
                pd.testing.assert_frame_equal(got[name].tables[t], df, obj=f"{name}.{t}")


def test_annual_alone_says_no_separate_evaluation():
    """Computed alone (a notebook's ``we.yearbook("annual", ...)``), the annual section says one line, as before."""
    from windoweval import sections
    from windoweval.demo import tiny_data_dir

    heard = []
    sections.compute(2025, tiny_data_dir(), sections=("annual",), baseline_year=2024, progress=heard.append)
    assert [h.split(":")[0].strip() for h in heard] == ["· annual"]
