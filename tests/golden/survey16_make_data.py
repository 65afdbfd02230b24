"""Seeded survey data for tests/golden/survey16_survey_r.R (R's survey package is the reference).

    python tests/golden/survey16_make_data.py     (from the project root; writes tests/golden/survey16_data.csv)
    Rscript tests/golden/survey16_survey_r.R      (reads it, writes tests/golden/survey16_survey_r.json)

Two data sets (``set`` 1, 2) of a stratified cluster sample as a survey firm delivers it: strata ``h1``-``h4``,
2-5 PSUs a stratum, 3-9 respondents a PSU, weights ``w`` (varied), population sizes ``N``; windows ``win``
(``W1``-``W3``, by row), a half-day ``b`` and a customer type ``ct`` (three levels, the raking margins: their
population counts disagree with the sample's a lot, so R's default rake stops before it converges); a satisfaction
score ``s`` (1-5), a 0/1 ``sat`` (satisfied), a count of complaints ``cnt`` (Poisson-like) over ``days`` open
(the offset ``log(days)``), a waiting time ``tm`` (positive, Gamma-like) and ``x1``; ``x2 = 2 * x1 + 1`` and
``x3 = x1`` make a fit singular (R's aliased coefficients); a few values missing. (No column is named ``g``, ``t``
or ``w`` besides the weights: R's svyglm.svyrep.design evaluates its own call ``g`` inside the data.)
"""

import numpy as np
import pandas as pd

from _make_data import write


def make(seed: int, set_id: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    psu = 0
    for hi, n_psu in enumerate([3, 4, 2, 5]):
        h = f"h{hi + 1}"
        N = n_psu * int(rng.integers(3, 12))
        for _ in range(n_psu):
            psu += 1
            for _ in range(int(rng.integers(3, 10))):
                rows.append({"h": h, "psu": f"p{psu:02d}", "N": N})
    f = pd.DataFrame(rows)
    n = len(f)
    f.insert(0, "set", set_id)
    f["w"] = np.round(rng.uniform(2, 30, n), 3)
    f["win"] = rng.choice(["W1", "W2", "W3"], size=n, p=[0.4, 0.35, 0.25])
    f["b"] = np.where(rng.uniform(size=n) < 0.5, "am", "pm")
    f["ct"] = rng.choice(["business", "other", "resident"], size=n, p=[0.3, 0.1, 0.6])
    f["x1"] = np.round(rng.normal(0, 1, n), 3)
    f["x2"] = 2 * f["x1"] + 1
    f["x3"] = f["x1"]
    eta = 0.3 + 0.4 * f["x1"] + f["win"].map({"W1": 0.0, "W2": 0.3, "W3": -0.2})
    f["s"] = np.clip(np.round(3.4 + eta + rng.normal(0, 1.0, n)), 1, 5)
    f["sat"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    f["days"] = rng.integers(5, 40, n).astype(float)
    f["cnt"] = rng.poisson(np.exp(-2.5 + 0.5 * eta) * f["days"]).astype(float)
    f["tm"] = np.round(rng.gamma(3.0, np.exp(1.5 + 0.3 * eta) / 3.0), 3) + 0.01
    for c, k in (("s", 3), ("sat", 2), ("cnt", 2), ("tm", 2), ("x1", 1)):
        f.loc[rng.choice(n, k, replace=False), c] = np.nan
    f["x2"] = 2 * f["x1"] + 1
    f["x3"] = f["x1"]
    return f


def main() -> None:
    write("survey16", make, {k: 161 + k for k in (1, 2)})


if __name__ == "__main__":
    main()
