"""Issue 14 (the report at its floor, thirteenth round): ``windoweval report`` runs its notebooks on one kernel
unless ``--jobs`` asks for more.  A kernel costs ~1.7 s of one core before it presents anything, more than the five
notebooks of a report of the demo's size present; a second kernel beside it took that CPU from the command computing
the evaluation.  What each notebook shows does not depend on the kernel it ran on (each starts from a reset
namespace): ``test_report_outputs_do_not_depend_on_the_kernels`` builds with one and with two and compares."""
from __future__ import annotations

import importlib
import json

import pytest

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)
run_mod = importlib.import_module("windoweval.report.run")


class _Stop(Exception):
    pass


def _kernels_started(monkeypatch, tmp_path, **kw) -> int:
    """How many kernels ``build`` asks the runner for (stopped there: no kernel starts)."""
    from windoweval.demo import tiny_data_dir

    asked = []

    class Runner:
        def __init__(self, kernel_name, cwd, jobs, **_):
            asked.append(jobs)
            raise _Stop

    monkeypatch.setattr(run_mod, "Runner", Runner)
    with pytest.raises(Exception) as e:
        build_mod.build(2025, data=tiny_data_dir(), out=tmp_path, progress=None, **kw)
    assert isinstance(e.value, _Stop) or isinstance(e.value.__cause__, _Stop)
    return asked[0]


def test_one_kernel_by_default(monkeypatch, tmp_path):
    assert _kernels_started(monkeypatch, tmp_path) == 1


def test_jobs_asks_for_more(monkeypatch, tmp_path):
    assert _kernels_started(monkeypatch, tmp_path, jobs=2) == 2
    assert _kernels_started(monkeypatch, tmp_path / "b", jobs=3, notebooks=["explore", "promise_fulfilment"]) == 2


# The order the notebooks are handed over in (the annual one first, from the thirteenth round) changed in session 21:
# the complaints' and survey's first, the promises' and explore's next, the annual one last, each as its section is
# kept (tests/test_report21_order.py).


def test_the_command_says_its_default():
    from windoweval.cli import build_parser

    sub = next(a for a in build_parser()._actions if getattr(a, "choices", None) and "report" in a.choices)
    jobs = next(a for a in sub.choices["report"]._actions if "--jobs" in a.option_strings)
    assert "default 1" in jobs.help


def test_report_outputs_do_not_depend_on_the_kernels(tmp_path):
    """One kernel and two build the same report, byte for byte (but the build time on the index page)."""
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    d = tiny_data_dir()
    one = build_mod.build(2025, data=d, out=tmp_path / "one", progress=None, jobs=1,
                          survey=survey_source("power_hall", d))
    two = build_mod.build(2025, data=d, out=tmp_path / "two", progress=None, jobs=2,
                          survey=survey_source("power_hall", d))
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file() and p.name != "index.html")
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file() and p.name != "index.html")
    differ = [str(f) for f in files if (one / f).read_bytes() != (two / f).read_bytes()]
    assert differ == []
    a, b = (json.loads((x / "summary.json").read_text(encoding="utf-8")) for x in (one, two))
    assert a == b
