"""Seeded survey data for tests/golden/survey15_survey_r.R (R's survey package is the reference).

    python tests/golden/survey15_make_data.py     (from the project root; writes tests/golden/survey15_data.csv)
    Rscript tests/golden/survey15_survey_r.R      (reads it, writes tests/golden/survey15_survey_r.json)

Two data sets (``set`` 1, 2), each two survey years (``yr`` 2024, 2025) of a stratified cluster sample as a survey
firm delivers it: strata ``h1``-``h4`` within each year (``h`` is ``<yr>h<k>``, so the two years are independent
samples, as two yearly deliveries stacked), 2-5 PSUs a stratum (ids unique across the sample), 2-9 respondents a
PSU, weights ``w`` (varied), population sizes ``N``; a 1-5 satisfaction score ``s`` (many ties, a few missing), a
count of visits ``v`` (1-6, the ratio's denominator, one missing) and a time ``tm`` (minutes, continuous, a few
missing); windows ``win`` (``W1``-``W3``, by row, so windows share PSUs) and a two-level ``b`` (by row);
``g1`` marks PSU-level windows with a lonely PSU: in ``<yr>h4`` window ``W3`` has one PSU only. (No column is named ``g``,
``t`` or ``w`` besides the weights: R's svyglm.svyrep.design evaluates its own call ``g`` inside the data.)
"""

import numpy as np
import pandas as pd

from _make_data import write


def make(seed: int, set_id: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    psu = 0
    for yr in (2024, 2025):
        for hi, n_psu in enumerate([3, 4, 2, 5]):
            h = f"{yr}h{hi + 1}"
            N = n_psu * int(rng.integers(3, 12))
            for _ in range(n_psu):
                psu += 1
                for _ in range(int(rng.integers(2, 10))):
                    rows.append({"yr": yr, "h": h, "psu": f"p{psu:02d}", "N": N})
    f = pd.DataFrame(rows)
    n = len(f)
    f.insert(0, "set", set_id)
    f["w"] = np.round(rng.uniform(2, 30, n), 3)
    f["win"] = rng.choice(["W1", "W2", "W3"], size=n, p=[0.4, 0.35, 0.25])
    shift = f["win"].map({"W1": 0.0, "W2": 0.5, "W3": -0.4}) + (f["yr"] == 2025) * 0.3
    f["s"] = np.clip(np.round(3.4 + shift + rng.normal(0, 1.0, n)), 1, 5)
    f.loc[rng.choice(n, 4, replace=False), "s"] = np.nan
    f["v"] = rng.integers(1, 7, n).astype(float)
    f.loc[rng.choice(n, 1, replace=False), "v"] = np.nan
    f["tm"] = np.round(rng.gamma(2.0, 4.0, n) + (f["win"] == "W2") * 1.5, 2)
    f.loc[rng.choice(n, 3, replace=False), "tm"] = np.nan
    f["b"] = np.where(rng.uniform(size=n) < 0.5, "am", "pm")
    first = f.groupby("psu", sort=False).ngroup()
    f["g1"] = np.array(["W1", "W2", "W3"])[first % 3]
    for yr in (2024, 2025):
        m = f["h"] == f"{yr}h4"
        f.loc[m, "g1"] = np.where(f.loc[m, "psu"] == f.loc[m, "psu"].iloc[0], "W3", "W1")
    return f


def main() -> None:
    write("survey15", make, {k: 151 + k for k in (1, 2)})


if __name__ == "__main__":
    main()
