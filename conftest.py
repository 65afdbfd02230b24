"""The test session's edge: the doctests in the package and the notebooks read ``data=None``, the demo organisation.

The package's core never generates the demo (windoweval.datadir does, at the entry points); so before a doctest or
a notebook runs, the demo directory is made to exist here (tests/ get it through their own fixtures).
"""
from pathlib import Path

TESTS = Path(__file__).resolve().parent / "tests"


def pytest_runtest_setup(item):
    if not Path(str(item.path)).resolve().is_relative_to(TESTS):
        from windoweval.datadir import resolve

        resolve(None)

# the bad-input corpus is data (tests/test_bad_inputs.py runs it); its generator scripts are not test modules
collect_ignore_glob = ["tests/bad_inputs/*"]
