"""Survey round seven: the replicate loops of svyciprop (logit) and svyquantile (interval "quantile") run over the
replicate axis at once; each gives what the loop it replaced gave (the loop is kept here as the reference: the
one-column functions, column by column) to 1e-12."""
import numpy as np
import pytest

from windoweval.survey import design as D
from windoweval.survey.estimate import _glm_logit_coefs, _glm_logit_mean

RULES = ["math", "school", "hf1", "hf2", "hf3", "hf4", "hf5", "hf6", "hf7", "hf8", "hf9", "shahvaish"]


def weights(rng, n, R):
    W = rng.uniform(0.5, 3, (n, R)) * (rng.uniform(size=(n, R)) > 0.3)   # replicates that drop rows
    W[:, 0] = 0.0                                                         # one that drops every row
    W[:, 1] = rng.uniform(0.5, 3, n)                                      # one that drops none
    return W


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("rule", RULES)
def test_every_replicates_quantile_at_once_equals_one_by_one(seed, rule):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 40))
    ys = np.sort(np.round(rng.gamma(2.0, 3.0, n), 0 if seed % 2 else 3))   # ties on even seeds' rounding
    W = weights(rng, n, 25)
    for p in (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0):
        loop = np.array([D._qrule(rule, ys, W[:, k], p) for k in range(W.shape[1])])
        np.testing.assert_allclose(D._qrule_columns(rule, ys, W, p), loop, rtol=1e-12, atol=0, equal_nan=True)


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
