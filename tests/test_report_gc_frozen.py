"""Issue 14 (the report at its floor): what a kernel's warm-up and the build's command imported is out of the cyclic
garbage collector's sight while the notebooks present and the year's evaluation is computed (``gc.freeze``), and the
build gives it back (``gc.unfreeze``) when it ends, whatever its end."""
from __future__ import annotations

import gc
import importlib
import subprocess
import sys

import pytest

from windoweval.report.run import WARM_UP

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)


def test_warm_up_freezes_what_it_imported():
    code = WARM_UP + "\nprint(gc.get_freeze_count())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert int(out.split()[-1]) > 10_000      # the modules, plotly's validators, the catalog


class _Stop(Exception):
    pass


def test_the_build_computes_with_its_imports_frozen_and_thaws_after(monkeypatch, tmp_path):
    from windoweval.demo import tiny_data_dir

    assert gc.get_freeze_count() == 0
    seen = []

    def keep_sections(*a, **kw):
        seen.append(gc.get_freeze_count())
        raise _Stop

    monkeypatch.setattr(build_mod, "_keep_sections", keep_sections)
    d = tiny_data_dir()
    with pytest.raises(Exception) as e:
        build_mod.build(2025, data=d, out=tmp_path, progress=None, jobs=1, notebooks=["explore"])
    assert isinstance(e.value, _Stop) or isinstance(e.value.__cause__, _Stop)
    assert seen and seen[0] > 10_000        # the sections were computed with the package's objects frozen
    assert gc.get_freeze_count() == 0        # and given back when the build ended


def test_a_process_that_froze_keeps_its_own_freeze():
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 10_000
        with build_mod.gc_frozen():
            pass
        # not thawed by the build: the caller's freeze is the caller's (frozen objects freed meanwhile leave the
        # count, so it may be a little lower; thawed it would be 0)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
