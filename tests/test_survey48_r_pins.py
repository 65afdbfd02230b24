"""Three estimators pinned against R 4.2.2 / survey 4.1.1 on one stratified, clustered design with an fpc (and its
bootstrap replicates), none pinned so before (survey48): svyquantile with qrule "hf7" on strata and PSUs,
svyby(svyciprop, method = "asin" / "xlogit") and svyby(svytotal) on a replicate design with its confint.

The data are made here and were written to CSV for R (``_frame().to_csv("f.csv", index=False)``); R's calls:

    f <- read.csv("f.csv")
    des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = f)
    rep <- svrepdesign(data = f, repweights = "r[0-7]", weights = ~w, type = "bootstrap")
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as S


def _frame():
    rng = np.random.default_rng(48)
    n = 60
    f = pd.DataFrame({"h": np.repeat(["a", "b", "c"], 20), "g": rng.choice(["u", "v", "x"], n),
                      "w": np.round(rng.uniform(1, 5, n), 3), "y": np.round(rng.gamma(2.0, 3.0, n), 2),
                      "s": (rng.uniform(size=n) < 0.65).astype(float)})
    f["psu"] = f["h"] + "-" + (np.arange(n) % 5).astype(str)
    f["N"] = f["h"].map({"a": 40, "b": 55, "c": 70}).astype(float)
    for i in range(8):
        f[f"r{i}"] = np.round(f["w"] * rng.choice([0.0, 1.0, 2.0], n), 3)
    return f


def _des():
    return S.svydesign(_frame(), ids="psu", strata="h", weights="w", fpc="N")


def _close(got, want):
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=1e-13, atol=1e-12)


def test_data_as_written_for_r():
    f = _frame()
    assert f.shape == (60, 15) and f["psu"].nunique() == 15
    assert f.loc[0, ["w", "y", "s", "r3"]].tolist() == [4.807, 5.74, 0.0, 4.807]


def test_svyquantile_hf7_on_strata_and_psus():
    # R: svyquantile(~y, des, c(0.25, 0.5, 0.9), ci = TRUE, qrule = "hf7")$y
    #    quantile 2.6601085236264979 5.1003151862464184 11.9022743055555598
    #    ci.2.5   1.5497372871917334 4.4780106348351127 8.6476216580636667
    #    ci.97.5  4.4874289984902598 6.3382551021029130 22.8848088003106938
    #    se       0.67414962664489220 0.42689405026863109 3.26718911977893089
    t = S.svyquantile(_des(), "y", [0.25, 0.5, 0.9], qrule="hf7")
    _close(t["estimate"], [2.6601085236264979, 5.1003151862464184, 11.9022743055555598])
    _close(t["ci_low"], [1.5497372871917334, 4.4780106348351127, 8.6476216580636667])
    _close(t["ci_high"], [4.4874289984902598, 6.3382551021029130, 22.8848088003106938])
    _close(t["se"], [0.67414962664489220, 0.42689405026863109, 3.26718911977893089])


@pytest.mark.parametrize("method, lo, hi", [
    # R: svyby(~s, ~g, des, svyciprop, method = "asin", vartype = c("se", "ci"))
    ("asin", [0.28815108935530653, 0.50167595955193189, 0.68378164238367600],
     [0.88085140693965625, 0.85127895908396700, 0.93077773335137282]),
    # R: svyby(~s, ~g, des, svyciprop, method = "xlogit", vartype = c("se", "ci"))
    ("xlogit", [0.28859446076515083, 0.49102063572230142, 0.66354245890280283],
     [0.85391906599172629, 0.83782003460330945, 0.91840533567302152]),
])
def test_svyciprop_asin_xlogit_by_domain(method, lo, hi):
    t = S.svyciprop(_des(), "s", by="g", method=method)
    assert t["g"].tolist() == ["u", "v", "x"]
    # R: s 0.60628615347275594 0.69063458089894147 0.82491343174776743; se 0.138082017779092875
    #    0.081445969678820590 0.056451540217975188 (the same under both methods)
    _close(t["mean"], [0.60628615347275594, 0.69063458089894147, 0.82491343174776743])
    _close(t["se"], [0.138082017779092875, 0.081445969678820590, 0.056451540217975188])
    _close(t["ci_low"], lo)
    _close(t["ci_high"], hi)


def test_svyby_svytotal_on_bootstrap_replicates():
    # R: tt <- svyby(~y, ~g, rep, svytotal); tt; confint(tt)
    #    y 342.12488999999999 441.58479999999997 297.99801000000002
    #    se 43.309096153108172 86.093129811212663 88.113501147691565
    #    2.5 % 257.24062133692581 272.84536625369151 125.29872119879587
    #    97.5 % 427.00915866307417 610.32423374630844 470.69729880120417
    f = _frame()
    rep = S.replicate_design(f, [f"r{i}" for i in range(8)], type="bootstrap", weights="w")
    t = S.svytotal(rep, "y", by="g")
    assert t["g"].tolist() == ["u", "v", "x"]
    _close(t["total"], [342.12488999999999, 441.58479999999997, 297.99801000000002])
    _close(t["se"], [43.309096153108172, 86.093129811212663, 88.113501147691565])
    _close(t["ci_low"], [257.24062133692581, 272.84536625369151, 125.29872119879587])
    _close(t["ci_high"], [427.00915866307417, 610.32423374630844, 470.69729880120417])
