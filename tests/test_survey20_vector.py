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
