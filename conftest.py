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

# every temporary folder the session makes (the doctests' tiny_data_dir(), mkdtemp() in examples, the kernels' and
# subprocesses' own: they inherit TMPDIR) goes in one folder of this run, removed when the run ends: a run leaves no
# windoweval-tiny-* or tmp* folders behind in the system's temporary directory.  An xdist worker inherits the
# controller's TMPDIR and makes its folder inside it; the controller (or a run without workers) removes its own.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

_RUN_TMP = tempfile.mkdtemp(prefix="we-test-")
os.environ["TMPDIR"] = _RUN_TMP
tempfile.tempdir = _RUN_TMP
atexit.register(shutil.rmtree, _RUN_TMP, True)


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
