"""Seeded random survey designs for tests/golden/audit23_survey_r.R (R's survey package is the reference).

    python tests/golden/audit23_make_data.py      (from the project root; writes tests/golden/audit23_data.csv)
    Rscript tests/golden/audit23_survey_r.R       (reads it, writes tests/golden/audit23_survey_r.json)

Three data sets (``set`` 1-3), each a stratified two-stage sample: strata ``h1``-``h4`` whose PSU ids ``1``,
``2``, ... repeat across strata (so ``nest=TRUE`` is needed), stratum ``h4`` a single PSU (a lonely stratum),
secondary units ``ssu`` within PSUs, some PSUs with one sampled unit; the stage population sizes ``N1``
(PSUs of the stratum) and ``N2`` (units of the PSU) and the same as fractions ``f1``, ``f2``; inclusion
probabilities ``p``; a continuous ``x`` rounded to one decimal (ties), a count ``c``, a rare 0/1 ``y0``
(near 0), a common 0/1 ``y1`` (near 1), a category ``a`` with one level of a single row, ``b`` with two
levels, an ordinal ``o`` with four.
"""

import numpy as np
import pandas as pd

from _make_data import write


def make(seed: int, set_id: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for hi, n_psu in enumerate([3, 4, 2, 1]):
        h = f"h{hi + 1}"
        N1 = n_psu + int(rng.integers(3, 20))
        for j in range(n_psu):
            m = int(rng.integers(1, 4)) if j == 0 else int(rng.integers(2, 4))
            N2 = m + int(rng.integers(2, 9))
            for s in range(m):
                for _ in range(int(rng.integers(3, 8))):
                    rows.append({"h": h, "psu": str(j + 1), "ssu": str(s + 1), "N1": N1, "N2": N2,
                                 "f1": n_psu / N1, "f2": m / N2})
    f = pd.DataFrame(rows)
    n = len(f)
    f.insert(0, "set", set_id)
    f["p"] = np.round(rng.uniform(0.02, 0.3, n), 4)
    f["x"] = np.round(rng.gamma(2.0, 3.0, n) + (f["h"] == "h2") * 2, 1)
    f["c"] = rng.poisson(np.exp(0.3 + 0.08 * f["x"].clip(upper=20)))
    f["y0"] = (rng.uniform(size=n) < 0.04).astype(int)
    f.loc[f.index[int(rng.integers(0, n))], "y0"] = 1                         # at least one
    f["y1"] = (rng.uniform(size=n) < 0.95).astype(int)
    f.loc[f.index[int(rng.integers(0, n))], "y1"] = 0
    f["a"] = rng.choice(["u", "v"], size=n)
    f.loc[f.index[int(rng.integers(0, n))], "a"] = "w"                        # a one-row domain
    f["b"] = np.where(rng.uniform(size=n) < 0.35 + 0.03 * f["x"].clip(upper=10), "B", "A")
    lat = 0.15 * f["x"] + rng.logistic(size=n)
    f["o"] = np.digitize(lat, [0.5, 1.5, 2.5]) + 1
    return f


def main() -> None:
    write("audit23", make, {k: 20260 + k for k in (1, 2, 3)})


if __name__ == "__main__":
    main()
