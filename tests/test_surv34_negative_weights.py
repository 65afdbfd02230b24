"""Linear calibration (R's calibrate(..., calfun = "linear"), `survey estimate --calibrate`) can give negative
weights. R's svyciprop(method = "logit") then stops: its svyglm's glm refuses them ("negative weights not allowed",
R 4.2.2, survey 4.1.1); the package fitted the logit anyway and printed a rate and an interval no reference gives (and
numpy's "invalid value encountered in log" on the console). Now refused the same way, Chinese first, with the fix. The
Korn-Graubard rate (method "beta") is R's svymean, computed there as R computes it: a share that can leave 0-1 (window
B below: -13.7 %); the command says so when --calibrate leaves a weight below 0.
"""
import contextlib
import io

import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey import design as D

# R: g <- data.frame(...)       (tests/test_surv34_alike.py's twelve rows G, the R call beside them)
#    c <- calibrate(svydesign(ids = ~psu, strata = ~h, weights = ~w, nest = TRUE, data = g), ~x,
#                   population = c(`(Intercept)` = 37.7, x = 12000), calfun = "linear")
#    weights(c): 6 of the 12 negative (-0.0581772562931546, 6.9922171447766948, 19.4484474601867632, ...)
from test_surv34_alike import G  # noqa: E402


def calibrated():
    return D.calibrate(D.svydesign(G, ids="psu", strata="h", weights="w"), ["x"], {"(Intercept)": 37.7, "x": 12000.0})


def test_weights_as_r_gives_them():
    c = calibrated()
    np.testing.assert_allclose(c.weights[:3], [-0.0581772562931546, 6.9922171447766948, 19.4484474601867632],
                               rtol=1e-10)
    assert (c.weights < 0).sum() == 6


@pytest.mark.parametrize("by", [None, "win"])
@pytest.mark.parametrize("method", ["logit", "likelihood"])
def test_logit_interval_refused_on_negative_weights(method, by):
    # R: svyciprop(~sat, c, method = "logit") and svyby(~sat, ~win, c, svyciprop, method = "logit"):
    #    Error in glm(...): negative weights not allowed
    with pytest.raises(D.DesignError) as e:
        D.svyciprop(calibrated(), "sat", by=by, method=method)
    msg = str(e.value)
    assert "负" in msg and "negative weights" in msg and msg.index("负") < msg.index("negative weights")
    assert "beta" in msg        # the fix: the Korn-Graubard interval, or weights that stay positive


def test_beta_rate_is_r_svymean_even_outside_0_1():
    # R: svyby(~sat, ~win, c, svyciprop, method = "beta", vartype = c("se", "ci"))
    #    A 1 SE 0 CI NaN NaN; B -0.136656245403378 SE 0.240245867643193 CI 1.02652904239337e-15 NaN
    t = D.svyciprop(calibrated(), "sat", by="win", method="beta")
    b = t[t["win"] == "B"].iloc[0]
    np.testing.assert_allclose([b["mean"], b["se"]], [-0.136656245403378, 0.240245867643193], rtol=1e-10)


def _run(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(args)
    return rc, out.getvalue(), err.getvalue()


def test_estimate_command_warns_of_negative_calibrated_weights(tmp_path):
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=30, seed=4)
    df["duration_s"] = np.linspace(100, 900, len(df)).round()
    totals = tmp_path / "totals.csv"
    # a duration total far below the sample's: linear calibration must push weights below 0
    W = df["weight"].sum()
    totals.write_text(f"term,total\n(Intercept),{W:.2f}\nduration_s,{W * 120:.0f}\n", encoding="utf-8")
    with demo.delivery_file(df) as p:
        rc, out, err = _run(["survey", "estimate", str(p), "--instrument", "power_hall", "--measures", "overall",
                             "--stat", "rate", "--calibrate", str(totals), "--format", "csv"])
        assert rc == 0, err
        assert "负权重" in err and "negative weights" in err and err.index("负权重") < err.index("negative weights"), err
        rc, out, err = _run(["survey", "estimate", str(p), "--instrument", "power_hall", "--measures", "overall",
                             "--stat", "rate", "--method", "logit", "--calibrate", str(totals), "--format", "csv"])
    assert rc == 3, (rc, out, err)
    assert "Traceback" not in err and "RuntimeWarning" not in err and "negative weights" in err, err
