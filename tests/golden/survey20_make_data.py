"""Seeded survey data for tests/golden/survey20_survey_r.R (R's survey package is the reference).

    python tests/golden/survey20_make_data.py     (from the project root; writes tests/golden/survey20_data.csv)
    Rscript tests/golden/survey20_survey_r.R      (reads it, writes tests/golden/survey20_survey_r.json)

Two data sets (``set`` 1, 2) of a stratified two-stage sample: strata ``h1``-``h4`` of 3, 2, 4 and 3 PSUs and a
stratum ``h5`` of one PSU (a lonely PSU: the analyses other than the lonely-PSU rules leave ``h5`` out); each stratum
with its population of PSUs ``N1``; in each PSU 2-3 sampled SSUs ``ssu`` (numbered across the data) of a population
``N2`` (the PSU's); 2-5 respondents an SSU, unequal weights ``w``; windows ``win`` ``W1``-``W3``, a half-day ``b``,
a customer type ``ct``; a satisfaction score ``s`` (1-5), a 0/1 ``sat``, a waiting time ``tm`` (positive) and a
count of repeat visits ``rv``; a few answers missing.
"""
import numpy as np
import pandas as pd

from _make_data import write


def make(seed: int, set_id: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    psu = ssu = 0
    for hi, n_psu in enumerate([3, 2, 4, 3, 1]):
        N1 = n_psu * int(rng.integers(2, 6)) + (2 if n_psu == 1 else 0)
        for _ in range(n_psu):
            psu += 1
            n_ssu = int(rng.integers(2, 4))
            N2 = n_ssu + int(rng.integers(1, 6))
            for _ in range(n_ssu):
                ssu += 1
                for _ in range(int(rng.integers(2, 6))):
                    rows.append({"h": f"h{hi + 1}", "psu": f"p{psu:02d}", "ssu": f"s{ssu:03d}", "N1": N1, "N2": N2})
    f = pd.DataFrame(rows)
    n = len(f)
    f.insert(0, "set", set_id)
    f["w"] = np.round(rng.uniform(2, 40, n), 3)
    f["b"] = np.where(rng.uniform(size=n) < 0.5, "am", "pm")
    f["win"] = rng.choice(["W1", "W2", "W3"], size=n, p=[0.4, 0.35, 0.25])
    f["ct"] = np.where(rng.uniform(size=n) < 0.6, "resident", "business")
    x1 = rng.normal(0, 1, n)
    eta = 0.3 + 0.5 * x1 + f["win"].map({"W1": 0.0, "W2": 0.4, "W3": -0.3}).to_numpy()
    f["s"] = np.clip(np.round(3.4 + eta + rng.normal(0, 1.0, n)), 1, 5)
    f["sat"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    f["tm"] = np.round(rng.gamma(3.0, np.exp(1.5 + 0.3 * eta) / 3.0), 3) + 0.01
    f["rv"] = rng.poisson(1.2, n).astype(float) + 1.0
    for c, k in (("s", 3), ("sat", 2), ("tm", 2)):
        f.loc[rng.choice(n, k, replace=False), c] = np.nan
    return f


def main() -> None:
    write("survey20", make, {k: 201 + k for k in (1, 2)})


if __name__ == "__main__":
    main()
