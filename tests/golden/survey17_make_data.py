"""Seeded survey data for tests/golden/survey17_survey_r.R (R's survey package is the reference).

    python tests/golden/survey17_make_data.py     (from the project root; writes tests/golden/survey17_data.csv)
    Rscript tests/golden/survey17_survey_r.R      (reads it, writes tests/golden/survey17_survey_r.json)

Two data sets (``set`` 1, 2) of a stratified cluster sample as a survey firm delivers it: strata ``h1``-``h5``;
``h4`` has one PSU (a lonely PSU), ``h5`` was surveyed in full (every PSU: its population size ``N`` equals its
PSUs, a census stratum, whose jackknife replicates carry ``rscales`` 0 when R keeps them); 3-8 respondents a PSU,
unequal weights ``w``; windows ``win`` ``W1``-``W3`` and ``W4`` with a single respondent (a one-respondent
domain); a half-day ``b``; a satisfaction score ``s`` (1-5), a 0/1 ``sat``, a waiting time ``tm`` (positive) and
``x1``; a few answers missing.
"""

import numpy as np
import pandas as pd

from _make_data import write


def make(seed: int, set_id: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    psu = 0
    for hi, n_psu in enumerate([3, 2, 4, 1, 3]):
        h = f"h{hi + 1}"
        N = n_psu if h == "h5" else n_psu * int(rng.integers(3, 10))
        for _ in range(n_psu):
            psu += 1
            for _ in range(int(rng.integers(3, 9))):
                rows.append({"h": h, "psu": f"p{psu:02d}", "N": N})
    f = pd.DataFrame(rows)
    n = len(f)
    f.insert(0, "set", set_id)
    f["w"] = np.round(rng.uniform(2, 40, n), 3)
    f["win"] = rng.choice(["W1", "W2", "W3"], size=n, p=[0.4, 0.35, 0.25])
    f.loc[int(rng.integers(0, n)), "win"] = "W4"
    f["b"] = np.where(rng.uniform(size=n) < 0.5, "am", "pm")
    f["x1"] = np.round(rng.normal(0, 1, n), 3)
    eta = 0.3 + 0.5 * f["x1"] + f["win"].map({"W1": 0.0, "W2": 0.4, "W3": -0.3, "W4": 0.0})
    f["s"] = np.clip(np.round(3.4 + eta + rng.normal(0, 1.0, n)), 1, 5)
    f["sat"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    f["tm"] = np.round(rng.gamma(3.0, np.exp(1.5 + 0.3 * eta) / 3.0), 3) + 0.01
    w4 = f.index[f["win"] == "W4"]
    for c, k in (("s", 3), ("sat", 2), ("tm", 2)):
        f.loc[rng.choice(f.index.difference(w4), k, replace=False), c] = np.nan
    return f


def main() -> None:
    write("survey17", make, {k: 171 + k for k in (1, 2)})


if __name__ == "__main__":
    main()
