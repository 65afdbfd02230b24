"""Seeded survey data for tests/golden/survey19_survey_r.R (R's survey package is the reference).

    python tests/golden/survey19_make_data.py     (from the project root; writes tests/golden/survey19_data.csv)
    Rscript tests/golden/survey19_survey_r.R      (reads it, writes tests/golden/survey19_survey_r.json)

Two data sets (``set`` 1, 2) of a stratified cluster sample: strata ``h1``-``h4`` of 3, 2, 4 and 3 PSUs, each
with its population of PSUs ``N`` (sampling fractions 1/6 to 1/2, so the fpc matters); 3-8 respondents a PSU,
unequal weights ``w``; windows ``win`` ``W1``-``W4``, ``W4`` visited only in the morning (the combination ``W4`` x
``pm`` is empty); a half-day ``b``; a satisfaction score ``s`` (1-5), a 0/1 ``sat``, a waiting time ``tm``
(positive), a count of repeat visits ``rv`` that is 0 at every ``W3`` respondent (a domain whose denominator is
zero) and ``x1``; a few answers missing.
"""
import numpy as np
import pandas as pd

from _make_data import write


def make(seed: int, set_id: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    psu = 0
    for hi, n_psu in enumerate([3, 2, 4, 3]):
        N = n_psu * int(rng.integers(2, 7))
        for _ in range(n_psu):
            psu += 1
            for _ in range(int(rng.integers(3, 9))):
                rows.append({"h": f"h{hi + 1}", "psu": f"p{psu:02d}", "N": N})
    f = pd.DataFrame(rows)
    n = len(f)
    f.insert(0, "set", set_id)
    f["w"] = np.round(rng.uniform(2, 40, n), 3)
    f["b"] = np.where(rng.uniform(size=n) < 0.5, "am", "pm")
    f["win"] = rng.choice(["W1", "W2", "W3", "W4"], size=n, p=[0.35, 0.3, 0.2, 0.15])
    f.loc[(f["win"] == "W4") & (f["b"] == "pm"), "b"] = "am"
    f["x1"] = np.round(rng.normal(0, 1, n), 3)
    eta = 0.3 + 0.5 * f["x1"] + f["win"].map({"W1": 0.0, "W2": 0.4, "W3": -0.3, "W4": 0.2})
    f["s"] = np.clip(np.round(3.4 + eta + rng.normal(0, 1.0, n)), 1, 5)
    f["sat"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    f["tm"] = np.round(rng.gamma(3.0, np.exp(1.5 + 0.3 * eta) / 3.0), 3) + 0.01
    f["rv"] = np.where(f["win"] == "W3", 0.0, rng.poisson(1.2, n).astype(float))
    for c, k in (("s", 3), ("sat", 2), ("tm", 2)):
        f.loc[rng.choice(n, k, replace=False), c] = np.nan
    return f


def main() -> None:
    write("survey19", make, {k: 191 + k for k in (1, 2)})


if __name__ == "__main__":
    main()
