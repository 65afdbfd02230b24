"""Review rev21c: a report built for another standard than the default (``-p standard hospital_commitments``) kept
every section with that standard in its key, while only the explore notebook passes ``standard`` to
:func:`windoweval.yearbook`: the complaints, survey, promises and annual notebooks found the key different and
computed their sections again in the kernel (the year's evaluation scored a second time, the promises scored on
their own), though none of them depends on the standard.  The standard now keys the explore section alone."""
from __future__ import annotations

import importlib
import tempfile
from pathlib import Path

import pandas as pd

from windoweval import sections

build_mod = importlib.import_module("windoweval.report.build")


def test_the_standard_keys_the_explore_section_alone():
    folder = Path(tempfile.mkdtemp()) / "kept"
    s = sections.Section("complaints", {"open": pd.DataFrame({"case_id": ["C1"]})}, {"present": True})
    e = sections.Section("explore", {"windows": pd.DataFrame({"window_id": ["HPHA"]})}, {"standard": "x"})
    sections.keep({"complaints": s, "explore": e}, folder,
                  sections.parameters_key(2025, standard="hospital_commitments"))
    # what the complaints notebook asks for (it has no standard parameter): the kept section, not a computation
    got = sections.load(folder, "complaints", sections.parameters_key(2025))
    assert got is not None and got.origin == "kept"
    # explore presents that standard: kept for it, read for it, not for another
    assert sections.load(folder, "explore", sections.parameters_key(2025, standard="hospital_commitments")) is not None
    assert sections.load(folder, "explore", sections.parameters_key(2025)) is None
    # another year is still another key
    assert sections.load(folder, "complaints", sections.parameters_key(2024)) is None


def test_a_build_for_another_standard_is_read_by_every_notebook():
    import windoweval as we
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    d = tiny_data_dir()
    kept = Path(tempfile.mkdtemp()) / "kept"
    params = dict(data=str(d), baseline_year=2024, instrument="power_hall", windows=None,
                  standard="hospital_commitments")
    build_mod._keep_sections(2025, params, kept, survey_source("power_hall", d), None)
    common = dict(data=str(d), baseline_year=2024, instrument="power_hall", windows=None, scheduler=None,
                  kept=str(kept))
    # as each notebook calls it (notebooks/*.ipynb): only explore passes the standard
    for name in ("complaints", "promises", "annual", "survey"):
        assert we.yearbook(name, 2025, **common).origin == "kept", name
    assert we.yearbook("explore", 2025, standard="hospital_commitments", **common).origin == "kept"
