"""Round eight against R's survey package (R 4.2.2, survey 4.1.1): tests/golden/survey21_survey_r.R on survey20's
data (stratum h5 left out), its JKn and bootstrap replicates, and those replicate weights rounded to 2 decimals as a
survey firm delivers them. Tolerance 1e-10 (tests/_survey_r.py); degrees of freedom exactly.

Before survey21 the domain ranks here were a QR of each domain's rows; they are now its distinct row directions
(tests/test_survey21_rank.py): these pin that the two give R's integers, the rounded designs included (rows of a
PSU no longer proportional, the rank decided by R's tol = 1e-5 against rounding noise).
"""
import numpy as np
import pandas as pd
import pytest

from _survey_r import HERE, close, design_from_golden, r, rerun_r_test
from windoweval.survey import design as D

import json

G = json.loads((HERE / "survey21_survey_r.json").read_text(encoding="utf-8"))
DATA = pd.read_csv(HERE / "survey20_data.csv", dtype={"h": str, "psu": str, "ssu": str, "win": str, "b": str,
                                                        "ct": str})
SETS = (1, 2)
REPS = ["jkn", "boot", "jkn_round", "boot_round"]

test_rerun_r_gives_the_stored_values = rerun_r_test("survey21", "seconds")


def data(k):
    return DATA[(DATA["set"] == k) & (DATA["h"] != "h5")].reset_index(drop=True)


def rep_design(k, kind):
    # the replicate weights R made (its entry's call), rebuilt: degf(des) must equal R's (design_from_golden)
    return design_from_golden(data(k), G[f"set{k}"][kind])


@pytest.mark.parametrize("kind", REPS)
@pytest.mark.parametrize("k", SETS)
def test_domain_degrees_of_freedom(k, kind):
    # R: degf(des[d$win == lev, ]); degf(des[d$win == a & d$b == b, ]) ([.svyrep.design recomputes the rank)
    des, d, e = rep_design(k, kind), data(k), G[f"set{k}"][kind]["domain_degf"]
    for lev, df in zip(e["win"], e["win_degf"]):
        assert D._domain_df_nrow(des, (d["win"] == lev).to_numpy())[0] == df, lev
    for cell, df in zip(e["cell"], e["cell_degf"]):
        a, b = cell.split(".")
        assert D._domain_df_nrow(des, ((d["win"] == a) & (d["b"] == b)).to_numpy())[0] == df, cell


@pytest.mark.parametrize("kind", ["jkn_round", "boot_round"])
@pytest.mark.parametrize("k", SETS)
def test_svyciprop_by_window_on_rounded_replicate_weights(k, kind):
    # R: svyby(~sat, ~win, subset(des, !is.na(sat)), svyciprop, method = 'beta', vartype = c('se', 'ci'))
    e = G[f"set{k}"][kind]["ciprop_by"]
    t = D.svyciprop(rep_design(k, kind), "sat", by="win", method="beta")
    assert t["win"].tolist() == e["win"]
    for col, key in (("mean", "est"), ("se", "se"), ("ci_low", "lo"), ("ci_high", "hi")):
        close(t[col], e[key])


@pytest.mark.parametrize("family,y,x", [("poisson", "rv", ["win", "b"]), ("quasibinomial", "sat", ["win", "tm"])])
@pytest.mark.parametrize("kind", ["jkn", "boot"])
@pytest.mark.parametrize("k", SETS)
def test_svyglm_on_replicate_designs(k, kind, family, y, x):
    # R: svyglm(rv ~ win + b, des, family = poisson(), control = glm.control(epsilon = 1e-14, maxit = 100));
    #    svyglm(sat ~ win + tm, subset(des, !is.na(sat) & !is.na(tm)), family = quasibinomial(), control = ...)
    e = G[f"set{k}"][kind]["glm"][family]
    assert "error" not in e, e
    g = D.svyglm(rep_design(k, kind), y, x, family=family, epsilon=1e-14, maxit=100)
    assert g["term"].tolist() == e["term"]
    close(g["estimate"], e["est"])
    close(g["se"], e["se"])


@pytest.mark.parametrize("k", SETS)
def test_svyby_two_variables_with_a_combination_absent(k):
    # R: svyby(~s, ~win + b, svydesign(ids = ~psu, strata = ~h, weights = ~w, data = de), svymean, na.rm = TRUE),
    #    de = d without its W3 x pm rows: R leaves the absent combination out, and so must we (no row, no NaN row)
    d = data(k)
    de = d[~((d["win"] == "W3") & (d["b"] == "pm"))].reset_index(drop=True)
    e = G[f"set{k}"]["lin_absent"]
    t = D.svymean(D.svydesign(de, ids="psu", strata="h", weights="w"), "s", by=["win", "b"])
    got = dict(zip(t["win"] + "." + t["b"], zip(t["mean"], t["se"])))
    assert sorted(got) == sorted(e["key"])
    close([got[k_][0] for k_ in e["key"]], e["est"])
    close([got[k_][1] for k_ in e["key"]], e["se"])


@pytest.mark.parametrize("fpc", [False, True])
@pytest.mark.parametrize("k", SETS)
def test_a_factor_level_absent_from_a_stratum(k, fpc):
    # R: svymean(~ct, des); svytotal(~ct, des); svyby(~ct, ~win, des, svymean), ct 'resident' in all of stratum h2,
    #    des = svydesign(ids = ~psu, strata = ~h, weights = ~w[, fpc = ~N1], data = dc)
    d = data(k)
    d.loc[d["h"] == "h2", "ct"] = "resident"
    d["ct"] = d["ct"].astype("category")
    des = D.svydesign(d, ids="psu", strata="h", weights="w", fpc="N1" if fpc else None)
    e = G[f"set{k}"]["lin_fpc_factor" if fpc else "lin_factor"]
    m, t = D.svymean(des, "ct"), D.svytotal(des, "ct")
    assert m["variable"].tolist() == ["ct" + lv for lv in e["level"]]
    close(m["mean"], e["mean"])
    close(m["se"], e["mean_se"])
    close(t["total"], e["total"])
    close(t["se"], e["total_se"])
    b = D.svymean(des, "ct", by="win")
    got = dict(zip(b["win"] + ":" + b["variable"], zip(b["mean"], b["se"])))
    close([got[n][0] for n in e["by_names"]], e["by_est"])
    close([got[n][1] for n in e["by_names"]], e["by_se"])


@pytest.mark.parametrize("kind", ["jkn", "boot"])
@pytest.mark.parametrize("k", SETS)
def test_design_effects_by_window_on_replicate_designs(k, kind):
    # R: svyby(~s, ~win, des, svymean, na.rm = TRUE, deff = TRUE); svyby(~s, ~win, des, svytotal, na.rm = TRUE,
    #    deff = TRUE)
    e = G[f"set{k}"][kind]["deff_by"]
    assert "error" not in e, e
    des = rep_design(k, kind)
    for fn, key in ((D.svymean, "mean"), (D.svytotal, "total")):
        t = fn(des, "s", by="win", deff=True)
        assert t["win"].tolist() == e["win"]
        close(t[key], e[key])
        close(t["se"], e[f"{key}_se"])
        close(t["deff"], e[f"{key}_deff"])


@pytest.mark.parametrize("kind", ["jkn", "boot"])
@pytest.mark.parametrize("k", SETS)
def test_svyby_two_variables_on_a_replicate_subset_with_a_combination_absent(k, kind):
    # R: svyby(~s, ~win + b, des[!(d$win == 'W3' & d$b == 'pm'), ], svymean, na.rm = TRUE): the subset's rows and
    #    their replicate weights; the absent combination is left out
    d, g = data(k), G[f"set{k}"][kind]
    keep = ~((d["win"] == "W3") & (d["b"] == "pm")).to_numpy()
    rw = np.array(g["repweights"], dtype=float)[keep]
    cols = [f"rep{i}" for i in range(rw.shape[1])]
    f = pd.concat([d[keep].reset_index(drop=True), pd.DataFrame(rw, columns=cols)], axis=1)
    f["w"] = np.array(g["weights"], dtype=float)[keep]
    des = D.replicate_design(f, cols, type=g["type"], weights="w", scale=g["scale"], rscales=g["rscales"])
    e = g["absent"]
    t = D.svymean(des, "s", by=["win", "b"])
    got = dict(zip(t["win"] + "." + t["b"], zip(t["mean"], t["se"])))
    assert sorted(got) == sorted(e["key"])
    close([got[k_][0] for k_ in e["key"]], e["est"])
    close([got[k_][1] for k_ in e["key"]], e["se"])
