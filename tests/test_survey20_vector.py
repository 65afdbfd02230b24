"""Survey round seven: svyciprop's logit refits every replicate at once over the replicate axis; it gives what the loop
it replaced gave (the loop is kept here as the reference: the one-column function, column by column) to 1e-12."""
import numpy as np
import pytest

from windoweval.survey.estimate import _glm_logit_coefs, _glm_logit_mean


def weights(rng, n, R):
    W = rng.uniform(0.5, 3, (n, R)) * (rng.uniform(size=(n, R)) > 0.3)   # replicates that drop rows
    W[:, 0] = 0.0                                                         # one that drops every row
    W[:, 1] = rng.uniform(0.5, 3, n)                                      # one that drops none
    return W


@pytest.mark.parametrize("seed", range(8))
def test_every_replicates_logit_refit_at_once_equals_one_by_one(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 60))
    y = (rng.uniform(size=n) < rng.uniform(0.1, 0.9)).astype(float)
    y[0], y[1] = 0.0, 1.0
    W = weights(rng, n, 30)
    b0 = _glm_logit_mean(y, np.ones(n), float(n), coef=True)
    loop = np.array([_glm_logit_mean(y, W[:, r], 1.0, start=b0, coef=True) if W[:, r].sum() > 0 else np.nan
                     for r in range(W.shape[1])])
    np.testing.assert_allclose(_glm_logit_coefs(y, W, b0), loop, rtol=1e-12, atol=1e-15, equal_nan=True)


@pytest.mark.parametrize("seed", range(4))
def test_every_replicates_linear_calibration_at_once_equals_one_by_one(seed):
    # R's calibrate(rd, ~x + g, pop) on a svrepdesign: regcalibrate's one step on every replicate; the loop it replaced
    # (lam_r = solve(A' W_r A, T - A' w_r), w_r (1 + A lam_r), one replicate at a time) is the reference here
    import pandas as pd

    from windoweval.survey import design as D

    rng = np.random.default_rng(seed)
    n, reps = 300, 40
    psu = rng.integers(0, 20, n)
    f = pd.DataFrame({"w": rng.uniform(1, 30, n), "x": rng.gamma(2, 3, n), "g": rng.choice(["a", "b", "c"], n),
                      "y": rng.normal(3, 1, n)})
    R = f["w"].to_numpy()[:, None] * (rng.poisson(1.0, (20, reps)) + 0.5)[psu]
    cols = [f"r{j}" for j in range(reps)]
    des = D.replicate_design(pd.concat([f, pd.DataFrame(R, columns=cols)], axis=1), cols, type="bootstrap",
                             weights="w")
    A = np.column_stack([np.ones(n), f["x"], f["g"] == "b", f["g"] == "c"]).astype(float)
    T = A.T @ f["w"].to_numpy() * np.array([1.1, 1.05, 0.9, 1.2])
    pop = {"(Intercept)": T[0], "x": T[1], "gb": T[2], "gc": T[3]}
    got = D.calibrate(des, ["x", "g"], pop, calfun="linear").repweights
    loop = np.column_stack([R[:, r] * (1 + A @ np.linalg.solve(A.T @ (A * R[:, r][:, None]), T - A.T @ R[:, r]))
                            for r in range(reps)])
    np.testing.assert_allclose(got, loop, rtol=1e-12, atol=0)
