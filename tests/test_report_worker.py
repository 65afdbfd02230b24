"""Issue 14 (fifth round): the report computes the survey and complaints sections in a forked process, its kernels
start as processes before it forks, and the Wilson interval needs no statsmodels.  Nothing of it may change a
number, a kept file or an error: each is checked here against the way it was computed before."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

from windoweval.report.fork import Forked, can_fork

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")


# ---------------------------------------------------------------- the Wilson interval, bit for bit
def _statsmodels_wilson(met, n, alpha=0.05):
    """What ``scoring.wilson_interval`` computed before (statsmodels' proportion_confint), unchanged."""
    from statsmodels.stats.proportion import proportion_confint

    met, n = np.asarray(met, dtype=float), np.asarray(n, dtype=float)
    none = n == 0
    lo, hi = proportion_confint(met, np.where(none, 1, n), alpha=alpha, method="wilson")
    lo, hi = np.clip(np.asarray(lo, dtype=float), 0, 1), np.clip(np.asarray(hi, dtype=float), 0, 1)
    lo[none] = np.nan
    hi[none] = np.nan
    return lo, hi


@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.01, 0.2])
def test_wilson_interval_is_statsmodels_bit_for_bit(alpha):
    from windoweval.scoring import wilson_interval

    rng = np.random.default_rng(14)
    for top in (1, 5, 60, 1000, 10 ** 7):
        n = rng.integers(0, top + 1, size=500).astype(float)
        met = np.minimum(np.floor(rng.random(500) * (n + 1)), n)
        met[::17] = np.nan                      # a missing count stays missing
        n[::23] = 0                             # no records: NaN, never 0 or 1
        got, ref = wilson_interval(met, n, alpha), _statsmodels_wilson(met, n, alpha)
        for g, r in zip(got, ref):
            assert g.dtype == r.dtype and g.shape == r.shape
            assert np.array_equal(g.view(np.int64), r.view(np.int64))   # the same bits, NaN included


def test_scoring_imports_neither_statsmodels_nor_scipy_stats():
    import subprocess

    code = ("import sys; from windoweval.scoring import wilson_interval; wilson_interval([3], [4]); "
            "print('statsmodels' in sys.modules, 'scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


# ---------------------------------------------------------------- the forked process
def test_can_fork_needs_a_core_to_spare(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.2, 1.0, 1.0))
    assert can_fork()
    monkeypatch.setattr(os, "getloadavg", lambda: (4.0, 1.0, 1.0))    # both cores busy: the report computes alone
    assert not can_fork()
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not can_fork()


def test_forked_sends_values_back_in_order_and_heard_as_they_come():
    heard = []
    f = Forked(lambda send: [send(k, {"k": k, "v": np.arange(3) * i}) for i, k in enumerate("abc")],
               on_item=lambda name, value: heard.append(name))
    got = f.wait()
    assert heard == ["a", "b", "c"] and f.error is None
    assert got["c"]["v"].tolist() == [0, 2, 4] and f.get("a")["k"] == "a" and f.get("missing") is None
    f.close()


def test_forked_child_that_fails_is_said_and_what_it_did_not_send_is_none():
    def produce(send):
        send("first", 1)
        raise KeyError("second")

    f = Forked(produce)
    assert f.get("first") == 1 and f.get("second") is None
    assert f.error == "KeyError: 'second'"
    f.close()


def test_forked_child_killed_is_missing_not_a_hang():
    import signal

    f = Forked(lambda send: os.kill(os.getpid(), signal.SIGKILL))
    assert f.get("anything") is None and f.wait() == {}
    f.close()


def test_forked_on_item_error_is_raised_by_wait():
    def boom(name, value):
        raise OSError("disk full")

    f = Forked(lambda send: send("x", 1), on_item=boom)
    with pytest.raises(OSError, match="disk full"):
        f.wait()
    f.close()


def test_forked_close_stops_a_child_still_running():
    import time

    f = Forked(lambda send: time.sleep(60))
    t = time.monotonic()
    f.close()
    assert time.monotonic() - t < 30 and f.pid is None


# ---------------------------------------------------------------- the sections, with and without the child
def _kept(year, folder, monkeypatch, *, fork: bool, child_fails: bool = False):
    """The demo's sections kept as ``windoweval report`` keeps them (``report.build._Sections``)."""
    from windoweval import sections
    from windoweval.datadir import survey_source
    from windoweval.evaluation import check_year
    from windoweval.records.shared import SharedReads
    from windoweval.records.workspace import load_workspace
    from windoweval.report import build as _  # noqa: F401  (the module, below)
    from windoweval.report.settings import parameters

    build = sys.modules["windoweval.report.build"]
    monkeypatch.setattr("windoweval.report.fork.can_fork", lambda: fork)
    parent = os.getpid()
    if child_fails:            # the child (only) fails in the middle of the survey section
        real = sections._COMPUTE["survey"]

        def survey(c):
            if os.getpid() != parent:
                raise RuntimeError("the forked child failed")
            return real(c)
        monkeypatch.setitem(sections._COMPUTE, "survey", survey)
    params = parameters(year)
    reads = SharedReads()
    with reads.active():
        covered = check_year(year, None, load_workspace(None))
    heard = []
    secs = build._Sections(year, params, folder, survey_source("power_hall"), None, None, covered)
    try:
        with reads.active():
            secs.fork()
            assert (secs.worker is not None) == fork
            secs.compute(kept=heard.append)
    finally:
        secs.close()
    assert sorted(heard) == sorted(sections.SECTIONS)          # each section heard once, whoever computed it
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_sections_kept_the_same_with_the_child_without_it_and_when_it_fails(tmp_path, monkeypatch):
    alone = _kept(2025, tmp_path / "alone", monkeypatch, fork=False)
    forked = _kept(2025, tmp_path / "forked", monkeypatch, fork=True)
    failed = _kept(2025, tmp_path / "failed", monkeypatch, fork=True, child_fails=True)
    assert "survey/index.parquet" in alone and "complaints/meta.json" in alone and "key.json" in alone
    assert not any(name.startswith(".key") for name in alone)        # key.json replaced whole, no temp file left
    assert forked == alone            # byte for byte: every table (Parquet) and meta.json
    assert failed == alone            # what the child did not send was computed here, the same


def test_review_with_the_survey_evidence_given_is_the_review_computed():
    import pandas as pd

    from windoweval.datadir import survey_source
    from windoweval.review import demonstration_review
    from windoweval.sections import review_evidence

    src = survey_source("power_hall")
    ev = review_evidence(2025, src)
    assert ev[2025][0] is not None and ev[2024][0] is not None
    a = demonstration_review(2025, survey=src)
    b = demonstration_review(2025, survey=src, satisfaction=ev)
    pd.testing.assert_frame_equal(a.criteria, b.criteria, check_exact=True)
    pd.testing.assert_frame_equal(a.summary, b.summary, check_exact=True)
