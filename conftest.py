"""The test session's edge: the doctests in the package and the notebooks read ``data=None``, the demo organisation.

The package's core never generates the demo (windoweval.datadir does, at the entry points); so before a doctest or
a notebook runs, the demo directory is made to exist here (tests/ get it through their own fixtures).
"""
import os
from pathlib import Path

# the notebooks' stored outputs hold no inline plotly.js (windoweval.present.PAGE_PLOTLYJS_ENV; `windoweval report
# --update-notebooks` writes them so): the kernels nbval starts inherit this
os.environ.setdefault("WINDOWEVAL_PAGE_PLOTLYJS", "1")

TESTS = Path(__file__).resolve().parent / "tests"


def pytest_runtest_setup(item):
    if not Path(str(item.path)).resolve().is_relative_to(TESTS):
        from windoweval.datadir import resolve

        resolve(None)

# the bad-input corpus is data (tests/test_bad_inputs.py runs it); its generator scripts are not test modules
collect_ignore_glob = ["tests/bad_inputs/*"]

# property tests: deterministic in the test command (the same examples on every machine, no example database), so a
# new machine cannot fail where this one passed; HYPOTHESIS_PROFILE=explore searches afresh (run it before a release)
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, database=None)
_hypothesis_settings.register_profile("explore", derandomize=False)
_hypothesis_settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "ci"))
