"""user41: a notebook's ``windows`` in the survey section is a domain of the whole design, not a design of its rows.

``satisfaction_survey.ipynb`` with ``windows = ["PW01"]`` showed PW01's index with a standard error of 2.61 where the
full page and ``windoweval survey estimate --by window_id`` give 2.51 (the rows kept alone lose their strata's other
PSUs; a stratum of halls, one hall chosen, would even be refused as a lonely PSU).  R: ``svyby(~y, ~window_id, des,
svymean)`` and ``svymean(~y, subset(des, window_id %in% windows))`` on the whole design ``des``.
"""
import numpy as np
import pandas as pd
import pytest

import windoweval as we
from windoweval.demo import survey as demo
from windoweval.survey.analysis import progress_table
from windoweval.survey.estimate import satisfaction_index


@pytest.fixture(scope="module")
def full():
    return we.yearbook("survey", 2025)


COLS = ["n", "estimate", "se", "ci_low", "ci_high"]


@pytest.mark.parametrize("windows", [["PW01"], ["PW01", "PW03"]])
def test_a_window_shown_alone_has_the_figures_of_the_full_page(full, windows):
    got = we.yearbook("survey", 2025, windows=windows)
    for table in ("index_by_window", "rate_by_window"):
        a = full[table]
        a = a[a["window_id"].isin(windows)].reset_index(drop=True)
        b = got[table].reset_index(drop=True)
        assert b["window_id"].tolist() == a["window_id"].tolist()
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)


def test_the_overall_of_one_window_is_that_window_in_the_whole_design(full):
    got = we.yearbook("survey", 2025, windows=["PW01"])
    w = full["index_by_window"]
    w = w[w["window_id"] == "PW01"].set_index("measure")[COLS]
    o = got["index"].set_index("measure")[COLS]
    np.testing.assert_allclose(o.to_numpy(float), w.loc[o.index].to_numpy(float), rtol=1e-12)
    r = full["rate_by_window"]
    r = r[r["window_id"] == "PW01"].set_index("measure")[["n", "rate", "se", "ci_low", "ci_high"]]
    ro = got["rate"].set_index("measure")[["n", "rate", "se", "ci_low", "ci_high"]]
    np.testing.assert_allclose(ro.to_numpy(float), r.loc[ro.index].to_numpy(float), rtol=1e-12)


def test_progress_for_chosen_windows_is_their_rows_and_their_domain():
    w = ["PW01", "PW02", "PW03", "PW04"]
    prev = demo.generate_delivery("power_hall", 2024, w, seed=2)
    cur = demo.generate_delivery("power_hall", 2025, w, seed=2)
    whole = progress_table(prev, cur, "power_hall")
    got = progress_table(prev, cur, "power_hall", windows={"PW02"})
    row = whole[(whole["scope"] == "window") & (whole["window_id"] == "PW02")].iloc[0]
    mine = got[got["scope"] == "window"]
    assert mine["window_id"].tolist() == ["PW02"]
    cols = ["estimate_prev", "se_prev", "estimate", "se", "diff", "se_diff"]
    np.testing.assert_allclose(mine[cols].to_numpy(float)[0], row[cols].to_numpy(float), rtol=1e-12)
    # the overall of one window is that window's comparison, each year estimated in its whole design
    top = got[got["scope"] == "all"].iloc[0]
    np.testing.assert_allclose(top[cols].to_numpy(float), row[cols].to_numpy(float), rtol=1e-12)
    # and not the design of PW02's rows alone (whose standard errors differ)
    alone = satisfaction_index(cur[cur["window_id"] == "PW02"], "power_hall", measures=["overall"])
    assert abs(float(alone["se"].iloc[0]) - float(row["se"])) > 1e-6


def test_respondents_of_windows_the_workspace_does_not_know_are_outside_the_estimates_and_said(tmp_path):
    # a workspace's store holding a delivery whose window ids were never checked (imported with --store, no --data)
    # with 5 respondents of PW99: the year's survey page estimated them into the overall and listed PW99 as a window,
    # silently
    import shutil

    from windoweval.cli import main
    from windoweval.demo import survey as demo_survey
    from windoweval.survey.estimate import satisfaction_index as si

    ws = tmp_path / "ws"
    assert main(["demo", "--out", str(ws)]) == 0
    df = demo_survey.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=30, seed=41)
    df.loc[df.index[:5], "window_id"] = "PW99"
    p = tmp_path / "delivery.csv"
    df.to_csv(p, index=False)
    # imported unchecked into a store of its own (as --store WORKSPACE imported it before it was checked), then
    # the workspace's store
    assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(tmp_path / "elsewhere")]) == 0
    shutil.copytree(tmp_path / "elsewhere" / "surveys", ws / "surveys")
    got = we.yearbook("survey", 2025, data=str(ws))
    assert got.meta["unknown_windows"] == {"PW99": 5}
    assert "PW99" not in set(got["index_by_window"]["window_id"])
    assert got.meta["respondents"] == len(df) - 5
    # the overall is the known windows' domain of the whole design (R: svymean(~y, subset(des, window_id != "PW99")))
    dom = si(df.assign(k=np.where(df["window_id"] != "PW99", "k", None)), "power_hall", by="k")
    a = got["index"].set_index("measure")[["estimate", "se"]]
    b = dom.set_index("measure")[["estimate", "se"]].loc[a.index]
    np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-12)
    from windoweval import i18n
    assert "{n}" in i18n.text("survey.unknown_windows", "zh") and "{windows}" in i18n.text("survey.unknown_windows", "en")


def test_a_delivery_imported_into_a_workspaces_store_is_checked_against_its_windows(tmp_path, capsys):
    # `survey import FILE --store WORKSPACE` (no --data): the window ids went in unchecked; the workspace's windows
    # now check them as --data does, the unknown rows refused with their reason
    from windoweval.cli import main
    from windoweval.demo import survey as demo_survey
    from windoweval.survey.store import load_rejects, load_responses

    ws = tmp_path / "ws"
    assert main(["demo", "--out", str(ws)]) == 0
    df = demo_survey.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=30, seed=41)
    df.loc[df.index[:5], "window_id"] = "PW99"
    p = tmp_path / "delivery.csv"
    df.to_csv(p, index=False)
    capsys.readouterr()
    assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025", "--store", str(ws)]) == 0
    out = "".join(capsys.readouterr())
    assert "被拒 rejected 5" in out
    assert "PW99" not in set(load_responses("power_hall_2025", store_dir=ws)["window_id"])
    rej = load_rejects("power_hall_2025", store_dir=ws)
    assert len(rej) == 5 and rej["respondent_id"].astype(str).tolist() == df["respondent_id"].astype(str).head(5).tolist()
