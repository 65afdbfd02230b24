"""`survey estimate` with design options equals R's survey package, rates included (audit 2).

Golden values: tests/golden/audit2_design_rates.R (R's calls in that file and below), written to
tests/golden/audit2_design_rates.json from tests/golden/survey_fixture.csv.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main

GOLDEN = Path(__file__).parent / "golden"
G = json.loads((GOLDEN / "audit2_design_rates.json").read_text(encoding="utf-8"))
NPSU = {"D1": 150, "D2": 200, "D3": 260}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("audit2_rates")
    f = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str, keep_default_na=False)
    f["npsu"] = f["stratum"].map(NPSU).astype(str)   # a column outside the template, named by --fpc
    f.to_csv(d / "delivery.csv", index=False)
    pd.DataFrame(G["pop"]).to_csv(d / "visits.csv", index=False)
    pd.DataFrame({"variable": ["window_id"] * 6 + ["customer_type"] * 3,
                  "level": [p["window_id"] for p in G["pop"]] + [t["customer_type"] for t in G["types"]],
                  "Freq": [p["Freq"] for p in G["pop"]] + [t["Freq"] for t in G["types"]]}).to_csv(d / "margins.csv",
                                                                                                 index=False)
    pd.DataFrame({"term": list(G["cal_tot"]), "total": list(G["cal_tot"].values())}).to_csv(d / "totals.csv",
                                                                                           index=False)
    return d


OPTIONS = {
    # R: svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE, fpc=~npsu, data=d)
    "fpc": lambda d: ["--fpc", "npsu"],
    # R: postStratify(des, ~window_id, pop)
    "poststratify": lambda d: ["--poststratify", str(d / "visits.csv")],
    # R: rake(des, list(~window_id, ~customer_type), list(pop, types), control=list(maxit=100, epsilon=1e-10))
    "rake": lambda d: ["--rake", str(d / "margins.csv")],
    # R: calibrate(des, ~duration_s, c(`(Intercept)`=345000, duration_s=345000*330), calfun="linear")
    "calibrate": lambda d: ["--calibrate", str(d / "totals.csv")],
}


def _estimate(files, capsys, extra):
    rc = main(["survey", "estimate", str(files / "delivery.csv"), "--instrument", "power_hall", "--year", "2025",
               "--measures", "overall", "--by", "window_id", "--format", "json", *extra])
    out = capsys.readouterr()
    assert rc == 0, out.err
    t = pd.read_json(io.StringIO(out.out), dtype={"window_id": str})
    assert t["window_id"].tolist() == ["全部 all"] + [p["window_id"] for p in G["pop"]]
    return t


@pytest.mark.parametrize("design", list(OPTIONS))
def test_index_by_window_equals_r(design, files, capsys):
    # R: svymean(~overall_idx, des, na.rm=TRUE); svyby(~overall_idx, ~window_id, des, svymean, na.rm=TRUE)
    t = _estimate(files, capsys, OPTIONS[design](files))
    g = G[design]["index"]
    np.testing.assert_allclose(t["estimate"], g["estimate"], rtol=1e-10)
    np.testing.assert_allclose(t["se"], g["se"], rtol=1e-10)


@pytest.mark.parametrize("design", list(OPTIONS))
@pytest.mark.parametrize("method", ["beta", "logit"])
def test_rate_by_window_equals_r_svyciprop(design, method, files, capsys):
    # R: svyciprop(~sat0, subset(des, !is.na(sat)), method=method) and
    #    svyby(~sat0, ~window_id, subset(des, !is.na(sat)), svyciprop, method=method, vartype=c("se","ci"))
    t = _estimate(files, capsys, OPTIONS[design](files) + ["--stat", "rate", "--method", method])
    g = G[design][method]
    # R's logit interval is centred on svyglm's IRLS fit (converged to ~1e-8): a looser tolerance there
    tol = 1e-9 if method == "beta" else 1e-6
    np.testing.assert_allclose(t["rate"], g["rate"], rtol=tol)
    np.testing.assert_allclose(t["se"], g["se"], rtol=1e-10)
    np.testing.assert_allclose(t["ci_low"], g["ci_low"], rtol=tol)
    np.testing.assert_allclose(t["ci_high"], g["ci_high"], rtol=tol)
    assert ((t["ci_low"] >= 0) & (t["ci_high"] <= 1)).all() and (t["method"] == method).all()


def test_design_options_honour_exclude_flagged(tmp_path, capsys):
    """--exclude-flagged with a design option leaves the flagged respondents out, as without one."""
    from windoweval.demo import survey as demo

    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03", "PW04"], n_per_window=40, seed=3,
                                careless_share=0.15)
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False)
    base = ["survey", "estimate", str(p), "--instrument", "power_hall", "--measures", "overall",
            "--exclude-flagged", "--format", "json"]
    assert main(base) == 0
    plain = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert main(base + ["--deff"]) == 0
    design = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert main(base[:-3] + ["--format", "json"]) == 0
    everyone = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert plain["n"].iloc[0] < everyone["n"].iloc[0]            # the fixture has flagged respondents
    np.testing.assert_allclose(design[["n", "estimate", "se"]].iloc[0].to_numpy(float),
                               plain[["n", "estimate", "se"]].iloc[0].to_numpy(float), rtol=1e-12)


@pytest.mark.parametrize("other", [["--previous", "{f}"], ["--alpha"], ["--drivers"], ["--margins"]])
def test_options_computed_without_the_design_are_refused_beside_it(other, files, capsys):
    f = str(files / "delivery.csv")
    rc = main(["survey", "estimate", f, "--instrument", "power_hall", "--fpc", "npsu",
               *[o.format(f=f) for o in other]])
    err = capsys.readouterr().err
    assert rc == 2
    assert other[0] in err and "--fpc" in err and "不能与设计选项" in err and "cannot be combined" in err


# R (survey 4.1-1), d = survey_fixture.csv keeping of stratum D1 only its first PSU in file order, idx = overall index:
#   options(survey.lonely.psu = "average")
#   des <- svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE, data=d)
#   c(SE(svymean(~idx, des, na.rm=TRUE)), SE(svyby(~idx, ~window_id, des, svymean, na.rm=TRUE)))
AVERAGE_SE = [1.93528876594181, np.nan, 1.86346725644842, 2.95221808258669, 2.43304226231643, 2.12557657198079]
#   pop <- data.frame(window_id=c("PW01","PW03","PW04","PW05","PW06"), Freq=41000:45000 by 1000)
#   ps <- postStratify(des, ~window_id, pop); the same two calls on ps (R keeps a calibrated design's rows in a
#   domain, so all strata count there, and PW01's lonely stratum gives 0)
AVERAGE_POST_SE = [1.18369210588479, 0, 2.28227196534135, 3.61571395587755, 2.97985603265104, 2.60328900528359]


def test_lonely_average_by_domain_on_the_design_path_equals_r(tmp_path, capsys):
    """--lonely-psu average with a design option: each domain's strata, as R (was: all strata of the sample,
    SE 2.28 for 1.86, and 0.0 where R gives NaN)."""
    d = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str, keep_default_na=False)
    first = d.loc[d["stratum"] == "D1", "psu"].iloc[0]
    d = d[(d["stratum"] != "D1") | (d["psu"] == first)]
    p = tmp_path / "lonely.csv"
    d.to_csv(p, index=False)
    wins = sorted(d["window_id"].unique())
    assert wins == ["PW01", "PW03", "PW04", "PW05", "PW06"]
    pop = tmp_path / "pop.csv"
    pd.DataFrame({"window_id": wins, "Freq": [41000, 42000, 43000, 44000, 45000]}).to_csv(pop, index=False)
    base = ["survey", "estimate", str(p), "--instrument", "power_hall", "--measures", "overall", "--by", "window_id",
            "--lonely-psu", "average", "--format", "json"]
    for extra, want in ((["--deff"], AVERAGE_SE), (["--poststratify", str(pop)], AVERAGE_POST_SE)):
        assert main(base + extra) == 0
        t = pd.read_json(io.StringIO(capsys.readouterr().out))
        np.testing.assert_allclose(t["se"].to_numpy(float), want, rtol=1e-12)
