"""survey22: linear calibration without bounds of a replicate design solves every replicate's normal equations at once
(R's calibrate.svyrep.design, regcalibrate's one step per replicate), the same weights as the loop it replaced;
values against R: the calibrated replicate goldens of test_survey16_r / test_survey19_r."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D

from _calibration_ref import per_replicate_calibration as _loop   # the code before survey22: a solve per replicate


def _rep(rows=400, reps=25, seed=22):
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, 20, rows)
    w = rng.uniform(1, 30, rows)
    R = w[:, None] * rng.poisson(1.0, (20, reps))[psu] * 1.0
    f = pd.DataFrame({"w": w, "x": rng.gamma(2.0, 2.0, rows), "g": rng.choice(list("abc"), rows),
                      "y": rng.normal(5, 1, rows)})
    cols = [f"r{j}" for j in range(reps)]
    return D.replicate_design(pd.concat([f, pd.DataFrame(R, columns=cols)], axis=1), cols, type="bootstrap",
                              weights="w")


def test_linear_calibration_solves_the_replicates_at_once(monkeypatch):
    des = _rep()
    pop = {"(Intercept)": 9000.0, "x": 36000.0, "gb": 3100.0, "gc": 2900.0}
    calls = []
    solve = np.linalg.solve

    def spy(a, b):
        calls.append(np.shape(a))
        return solve(a, b)

    monkeypatch.setattr(np.linalg, "solve", spy)
    d = D.calibrate(des, ["x", "g"], pop)
    assert len(calls) == 2, calls       # before survey22: 1 + 25
    monkeypatch.setattr(np.linalg, "solve", solve)
    A = D._model_matrix(des.frame, ["x", "g"], True).to_numpy(dtype=float)
    T = np.array([pop[c] for c in ["(Intercept)", "x", "gb", "gc"]])
    np.testing.assert_allclose(d.repweights, _loop(A, des.repweights, T), rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(A.T @ d.repweights, np.repeat(T[:, None], 25, axis=1), rtol=1e-11)


def test_blocks_of_rows_give_the_same_matrices():
    des = _rep(rows=1000, reps=7)
    A = D._model_matrix(des.frame, ["x", "g"], True).to_numpy(dtype=float)
    T = A.T @ des.weights * 1.05
    np.testing.assert_allclose(D._linear_calibrated_reps(A, des.repweights, T, block=97),
                               D._linear_calibrated_reps(A, des.repweights, T), rtol=1e-12)


def test_a_replicate_without_a_level_is_refused_as_before():
    des = _rep(rows=60, reps=5)
    R = des.repweights.copy()
    R[des.frame["g"].to_numpy() == "c", 2] = 0.0        # replicate 3 holds nobody of level c: singular
    des = D.replace(des, repweights=R)
    with pytest.raises(D.DesignError, match="singular"):
        D.calibrate(des, ["x", "g"], {"(Intercept)": 900.0, "x": 3600.0, "gb": 310.0, "gc": 290.0})
