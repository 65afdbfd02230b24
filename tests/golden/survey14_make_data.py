"""Seeded survey data for tests/golden/survey14_survey_r.R (R's survey package is the reference).

    python tests/golden/survey14_make_data.py     (from the project root; writes tests/golden/survey14_data.csv)
    Rscript tests/golden/survey14_survey_r.R      (reads it, writes tests/golden/survey14_survey_r.json)

Two data sets (``set`` 1, 2), each a stratified cluster sample as a survey firm delivers it: strata ``h1``-``h5``
with 2-5 PSUs (PSU ids unique across the sample), 2-9 respondents a PSU, weights ``w`` (inverse inclusion
probabilities, varied), a continuous ``x`` rounded to one decimal (ties) with a few missing, a 0/1 ``y``, an
ordinal ``o`` (1-4), a two-level ``b``, a three-level ``a``, and two grouping columns ``g1`` (windows ``W1``-``W3``)
and ``g2`` (``am``/``pm``) whose cell ``W3``/``pm`` is empty; in stratum ``h5`` window ``W3`` has one PSU only (a
lonely PSU inside a domain), and the population sizes ``N`` per stratum.
"""

import numpy as np
import pandas as pd

from _make_data import write


def make(seed: int, set_id: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    psu = 0
    for hi, n_psu in enumerate([3, 4, 2, 5, 3]):
        h = f"h{hi + 1}"
        N = n_psu * int(rng.integers(3, 12))
        for _ in range(n_psu):
            psu += 1
            for _ in range(int(rng.integers(2, 10))):
                rows.append({"h": h, "psu": f"p{psu:02d}", "N": N})
    f = pd.DataFrame(rows)
    n = len(f)
    f.insert(0, "set", set_id)
    f["w"] = np.round(rng.uniform(2, 30, n), 3)
    f["x"] = np.round(rng.gamma(2.0, 3.0, n) + (f["h"] == "h2") * 2, 1)
    f.loc[rng.choice(n, 3, replace=False), "x"] = np.nan
    lat = 0.15 * f["x"].fillna(5) + rng.logistic(size=n)
    f["y"] = (lat > 1.0).astype(int)
    f["o"] = np.digitize(0.2 * f["x"].fillna(5) + rng.logistic(size=n), [0.5, 1.5, 2.5]) + 1
    f["b"] = np.where(rng.uniform(size=n) < 0.35 + 0.03 * f["x"].fillna(5).clip(upper=10), "B", "A")
    f["a"] = rng.choice(["u", "v", "z"], size=n, p=[0.4, 0.35, 0.25])
    # windows: by PSU, so a window is a domain of whole PSUs; h5's first PSU is the only W3 PSU there
    first = f.groupby("psu").ngroup()
    f["g1"] = np.array(["W1", "W2", "W3"])[first % 3]
    f.loc[f["h"] == "h5", "g1"] = np.where(f.loc[f["h"] == "h5", "psu"] == f.loc[f["h"] == "h5", "psu"].iloc[0],
                                           "W3", "W1")
    f["g2"] = rng.choice(["am", "pm"], size=n)
    f.loc[f["g1"] == "W3", "g2"] = "am"                                      # the empty cell W3/pm
    return f


def main() -> None:
    write("survey14", make, {k: 141 + k for k in (1, 2)})


if __name__ == "__main__":
    main()
