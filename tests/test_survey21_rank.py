"""survey21: the rank behind a replicate domain's degrees of freedom (R's ``degf`` of ``design[rows, ]``, which
``[.svyrep.design`` recomputes as ``qr(weights(design, "analysis"), tol = 1e-5)$rank - 1``) from the domain's
distinct row directions, not a QR of all its rows."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D


def _boot(rows=3000, psus=40, reps=30, seed=21, combined=True):
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, psus, rows)
    w = rng.uniform(1, 40, rows)
    m = rng.poisson(1.0, (psus, reps)) * 1.0
    R = (w[:, None] if combined else 1.0) * m[psu]
    f = pd.DataFrame({"w": w, "win": rng.choice(list("ABCDE"), rows), "sat": (rng.uniform(size=rows) < 0.8) * 1.0})
    cols = [f"r{j}" for j in range(reps)]
    return D.replicate_design(pd.concat([f, pd.DataFrame(R, columns=cols)], axis=1), cols, type="bootstrap",
                              weights="w", combined_weights=combined), psu


@pytest.mark.parametrize("method", ["beta", "logit"])
def test_domain_rank_needs_no_qr_of_the_domains_rows(monkeypatch, method):
    # before survey21: np.linalg.qr of every window's 600 rows (0.5 s a window on 20,000 x 200)
    des, psu = _boot()
    seen = []
    qr = np.linalg.qr

    def spy(a, *args, **kw):
        seen.append(np.shape(a))
        return qr(a, *args, **kw)

    monkeypatch.setattr(np.linalg, "qr", spy)
    t = D.svyciprop(des, "sat", by="win", method=method)
    assert all(s[0] <= 40 for s in seen), seen
    # the same degrees of freedom as the QR of the window's rows (R's qr(..., tol = 1e-5)$rank - 1)
    monkeypatch.setattr(np.linalg, "qr", qr)
    win = des.frame["win"].to_numpy()
    for lev, df in zip(t["win"], t["df"]):
        A = des.repweights[win == lev]
        assert df == D._qr_rank(np.linalg.qr(A, mode="r")) - 1


def test_rows_that_are_not_proportional_keep_their_rank():
    # replicate weights calibrated replicate by replicate: no two rows alike, the rank is the QR's
    rng = np.random.default_rng(3)
    A = rng.uniform(1, 2, (300, 25))
    A[:, 24] = A[:, :3] @ [1.0, 2.0, -0.5] + rng.normal(0, 1e-9, 300)      # within R's tol = 1e-5: not counted
    assert D._qr_rank(A) == 24
    B = np.repeat(A[:10], 30, axis=0) * rng.uniform(0.5, 3, 300)[:, None]  # ten directions, 30 multiples each
    # (a quotient on a 2**-40 boundary may split a direction in two: harmless, B'B is still A'A)
    assert 10 <= D._proportional_rows_once(B).shape[0] <= 15
    np.testing.assert_allclose(D._proportional_rows_once(B).T @ D._proportional_rows_once(B), B.T @ B, rtol=1e-13)
    assert D._qr_rank(B) == D._qr_rank(np.linalg.qr(B, mode="r")) == 10
