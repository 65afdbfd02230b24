"""Issue 14 (the report at its floor, session 21): on one kernel the notebooks whose sections need no evaluation
(the complaints and the survey) are handed over before the year's evaluation is computed, so that the kernel
presents them while the command scores the two years (the kernel sat idle through that before, and presented all
five notebooks one after another once the evaluation was kept: the build's tail); the annual notebook follows its
section, and the promises' and explore's, which take the evaluation's scorecard, follow theirs.  The evaluation is
computed once and the promises are not scored again (``tests/test_report_occurrences.py`` scores the sections in
this order); every output stays the same whatever the order (``tests/test_report_one_kernel.py`` compares builds)."""
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
    assert handed[2:] == ["annual_evaluation", "promise_fulfilment", "explore"]   # each after its section


def test_a_build_of_some_notebooks_keeps_the_order(monkeypatch, tmp_path):
    events = _events(monkeypatch, tmp_path, notebooks=["explore", "satisfaction_survey"])
    assert events[0] == ("handed", "satisfaction_survey")
    assert [x for kind, x in events if kind == "handed"] == ["satisfaction_survey", "explore"]
