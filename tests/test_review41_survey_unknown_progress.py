"""review41: the survey page's year-on-year comparison does not change with an unknown window in this year's delivery.

user41 kept the respondents of a window the workspace does not know (a delivery imported unchecked) out of the page's
estimates, as the domain of the other windows.  But that domain was this year's windows less the unknown ones, and the
progress table took the baseline year in it too: a window surveyed last year and not this year (PW04) then dropped out
of last year's overall and out of the table, only because this year's delivery held PW99's five rows.  Without them
the same baseline year was estimated over every window.  Right: the domain is the workspace's windows."""
from __future__ import annotations

import shutil

import numpy as np
import pytest


def _store(tmp_path, name, cur):
    from windoweval.cli import main
    from windoweval.demo import survey as demo_survey

    ws = tmp_path / name
    assert main(["demo", "--out", str(ws)]) == 0
    prev = demo_survey.generate_delivery("power_hall", 2024, ["PW01", "PW02", "PW03", "PW04"], n_per_window=30, seed=7)
    for year, df in ((2024, prev), (2025, cur)):
        p = tmp_path / f"{name}-{year}.csv"
        df.to_csv(p, index=False)
        assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", str(year),
                     "--store", str(tmp_path / f"{name}-elsewhere")]) == 0
    shutil.copytree(tmp_path / f"{name}-elsewhere" / "surveys", ws / "surveys", dirs_exist_ok=True)
    return ws


def test_the_baseline_year_is_read_alike_with_or_without_an_unknown_window(tmp_path):
    import windoweval as we
    from windoweval.demo import survey as demo_survey

    cur = demo_survey.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=30, seed=41)
    odd = cur.copy()
    odd = odd.assign(respondent_id=odd["respondent_id"].astype(str))
    extra = odd.head(5).assign(window_id="PW99", respondent_id=[f"X{i}" for i in range(5)])
    import pandas as pd
    with_99 = pd.concat([odd, extra], ignore_index=True)
    a = we.yearbook("survey", 2025, data=str(_store(tmp_path, "a", with_99)), baseline_year=2024)
    b = we.yearbook("survey", 2025, data=str(_store(tmp_path, "b", odd)), baseline_year=2024)
    assert a.meta["unknown_windows"] == {"PW99": 5}
    pa_, pb = a["progress"], b["progress"]
    assert pa_["window_id"].fillna("").tolist() == pb["window_id"].fillna("").tolist(), (pa_, pb)
    cols = ["estimate_prev", "se_prev", "estimate", "se"]
    np.testing.assert_allclose(pa_[cols].to_numpy(float), pb[cols].to_numpy(float), rtol=1e-12, equal_nan=True)
