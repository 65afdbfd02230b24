"""review41: the survey page's importance-performance table for chosen windows is their domain of the whole design.

user41 made a notebook's ``windows`` a domain of the whole design for the index, the rates and the progress table (a
stratum of halls, one hall chosen, would otherwise be a lonely PSU and refused).  The IPA table was still computed on
the chosen windows' rows alone: with the firm's halls as clusters within districts (tests/golden/survey41_data.csv),
``yearbook("survey", 2025, windows=["PW01"])`` was refused with "stratum 东区 has a single PSU" (DesignError), the
page not built at all, while the full page builds.  Right: the drivers fitted and the performance estimated on the
whole design, the other windows' rows outside the domain (R: ``svyolr(..., subset(des, window_id %in% windows))``)."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    from windoweval.cli import main

    t = tmp_path_factory.mktemp("ipa")
    ws = t / "ws"
    assert main(["demo", "--out", str(ws)]) == 0
    assert main(["survey", "import", str(HERE / "survey41_data.csv"), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(t / "elsewhere")]) == 0
    shutil.copytree(t / "elsewhere" / "surveys", ws / "surveys", dirs_exist_ok=True)
    return str(ws)


def test_one_hall_of_a_district_is_estimated_in_the_whole_design(ws):
    import windoweval as we

    full = we.yearbook("survey", 2025, data=ws, baseline_year=None)
    one = we.yearbook("survey", 2025, data=ws, baseline_year=None, windows=["PW01"])
    ipa = one["ipa"].set_index("dimension")
    # its performance is PW01's index of each dimension in the whole design (the full page's per-window table)
    w = full["index_by_window"]
    w = w[w["window_id"] == "PW01"].set_index("measure")
    np.testing.assert_allclose(ipa["performance"].to_numpy(float), w.loc[ipa.index, "estimate"].to_numpy(float),
                               rtol=1e-10)
    assert set(ipa["quadrant_en"]) <= {"Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"}


def test_the_ipa_of_every_window_is_unchanged(ws):
    """Without windows the table is the one of the whole delivery, as before."""
    import windoweval as we
    from windoweval.survey.analysis import importance_performance
    from windoweval.survey.store import load_responses

    full = we.yearbook("survey", 2025, data=ws, baseline_year=None)
    direct = importance_performance(load_responses("power_hall_2025", store_dir=ws), "power_hall",
                                    lonely_psu=full.meta["lonely_psu"])
    np.testing.assert_allclose(full["ipa"]["performance"].to_numpy(float), direct["performance"].to_numpy(float))
    np.testing.assert_allclose(full["ipa"]["importance"].to_numpy(float), direct["importance"].to_numpy(float))
