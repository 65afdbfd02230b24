"""Issue 14 (the report at its floor, session 21): on one kernel the notebooks whose sections need no evaluation
(the complaints and the survey) are handed over before the year's evaluation is computed, so that the kernel
presents them while the command scores the two years (the kernel sat idle through that before, and presented all
five notebooks one after another once the evaluation was kept: the build's tail); the promises' and explore's,
which take the evaluation's scorecard, follow their sections (computed right after the evaluation), presented while
the rest of the annual section (the review) is computed; the annual notebook comes last.  The evaluation is
computed once and the promises are not scored again (``tests/test_report_occurrences.py`` scores the sections in
this order); every section is the same whatever the order (below), and so is every output
(``tests/test_report_one_kernel.py`` compares builds)."""
from __future__ import annotations

import importlib

import pytest

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)
run_mod = importlib.import_module("windoweval.report.run")


class _Stop(Exception):
    pass


def _events(monkeypatch, tmp_path, notebooks=None):
    """What a build of the tiny data does, in order: ``("handed", notebook)`` as each is handed to the kernel,
    ``("evaluate", year)`` as the evaluation is computed (stopped when the last notebook is handed over)."""
    from windoweval import evaluation
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    events = []

    class Runner:
        def __init__(self, kernel_name, cwd, jobs, **_):
            import queue
            import threading
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

    monkeypatch.setattr(run_mod, "Runner", Runner)
    monkeypatch.setattr(evaluation, "evaluate", evaluate)
    d = tiny_data_dir()
    with pytest.raises(Exception) as e:
        build_mod.build(2025, data=d, out=tmp_path, progress=None, survey=survey_source("power_hall", d),
                        notebooks=notebooks)
    assert isinstance(e.value, _Stop) or isinstance(e.value.__cause__, _Stop)
    return events


def test_the_light_notebooks_are_handed_over_before_the_evaluation(monkeypatch, tmp_path):
    events = _events(monkeypatch, tmp_path)
    handed = [x for kind, x in events if kind == "handed"]
    assert sorted(handed) == sorted(build_mod.NOTEBOOKS)
    assert [x for kind, x in events if kind == "evaluate"] == [2025]        # computed once
    at = events.index(("evaluate", 2025))
    assert {x for kind, x in events[:at]} == {"complaint_callbacks", "satisfaction_survey"}
    assert handed[2:] == ["promise_fulfilment", "explore", "annual_evaluation"]   # each after its section


def test_a_build_of_some_notebooks_keeps_the_order(monkeypatch, tmp_path):
    events = _events(monkeypatch, tmp_path, notebooks=["explore", "satisfaction_survey"])
    assert events[0] == ("handed", "satisfaction_survey")
    assert [x for kind, x in events if kind == "handed"] == ["satisfaction_survey", "explore"]


def test_the_evaluation_comes_before_the_sections_that_take_it(monkeypatch):
    """``promises`` (and ``explore``) before ``annual``: the evaluation is computed first, once, and they take its
    scorecard, not a scoring of their own; every table the same as in the order before (``annual`` first)."""
    import pandas as pd

    from windoweval import evaluation, scoring, sections
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    d = tiny_data_dir()
    calls, own = [], []
    real_ev, real_score = evaluation.evaluate, scoring.score

    def evaluate(year, *a, **k):
        calls.append(year)
        return real_ev(year, *a, **k)

    def score(*a, **k):
        if k.get("catalog") is not None:      # a catalog of their own (the promises' measures, the voltage's)
            own.append(a[0] if a else k.get("standard"))
        return real_score(*a, **k)

    monkeypatch.setattr(evaluation, "evaluate", evaluate)
    monkeypatch.setattr(scoring, "score", score)
    before = sections.compute(2025, d, sections=("annual", "promises", "explore"), survey=survey_source("power_hall", d),
                              baseline_year=2024)
    scored_before = list(own)        # what the tiny data scores beside the evaluation whatever the order
    calls.clear(), own.clear()
    heard = []
    got = sections.compute(2025, d, sections=("promises", "explore", "annual"), survey=survey_source("power_hall", d),
                           baseline_year=2024, progress=heard.append)
    assert calls == [2025] and own == scored_before     # the demo's: none (tests/test_report_occurrences.py)
    assert [h.split(":")[0].strip() for h in heard] == ["· evaluation", "· promises", "· explore", "· annual"]
    for name in ("promises", "explore", "annual"):
        assert got[name].meta == before[name].meta, name
        assert list(got[name].tables) == list(before[name].tables), name
        for t, df in before[name].tables.items():
            if df is None:
                assert got[name].tables[t] is None, (name, t)
            else:
                pd.testing.assert_frame_equal(got[name].tables[t], df, obj=f"{name}.{t}")
