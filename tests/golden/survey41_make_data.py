"""Writes tests/golden/survey41_data.csv: a survey firm's fourth-round delivery with halls as clusters (seeded; no
arguments writes the stored file, one argument writes that path instead).

The firm samples halls (营业厅, the workspace's windows) within three districts (strata 东区, 西区, 南区: PW01-PW03,
PW04-PW05, PW06-PW07) and interviews customers in each hall on several days: the PSU is the hall, so a window's
respondents are all one PSU.  The weights are the firm's final weights (最终权重): base weights raked to hall and
customer-type margins, varying within a hall; answers 1-5, 9 (don't know) and blank.

Columns: respondent_id, window_id, interview_date, stratum, psu, weight, customer_type, then power_hall's items and
overall.
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ITEMS = ["env1", "env2", "env3", "staff1", "staff2", "staff3", "staff4", "eff1", "eff2", "eff3", "eff4",
         "info1", "info2", "info3", "conv1", "conv2", "conv3", "overall"]
HALLS = {"东区": ["PW01", "PW02", "PW03"], "西区": ["PW04", "PW05"], "南区": ["PW06", "PW07"]}
SHIFT = {"PW01": 0.35, "PW02": 0.0, "PW03": -0.3, "PW04": 0.2, "PW05": -0.1, "PW06": 0.1, "PW07": -0.4}


def _answers(rng, n, window):
    p = np.array([0.05, 0.1, 0.25, 0.35, 0.25]) * np.exp(SHIFT[window] * np.arange(5))
    p = p / p.sum()
    out = {}
    for it in ITEMS:
        a = rng.choice(np.arange(1, 6), size=n, p=p).astype(object)
        if it in ("staff3", "eff3"):          # negatively worded, answered on agreement: mirrored by the respondent
            a = (6 - a.astype(int)).astype(object)
        u = rng.random(n)
        a[u < 0.05] = 9
        a[(u >= 0.05) & (u < 0.08)] = ""
        out[it] = a
    return out


def main(target: Path) -> None:
    rng = np.random.default_rng(41)
    rows = []
    k = 0
    for h, halls in HALLS.items():
        for w in halls:
            m = int(rng.integers(18, 31))
            ans = _answers(rng, m, w)
            days = np.sort(rng.choice(np.arange(1, 29), size=m))
            months = rng.choice(np.arange(3, 12), size=m)
            kind = rng.choice(["resident", "business"], size=m, p=[0.7, 0.3])
            base = rng.uniform(60, 140)
            # raked to the hall's and the customer type's margins: the firm's final weight varies within the hall
            wt = np.round(base * np.where(kind == "business", 1.6, 0.85) * rng.uniform(0.9, 1.1, size=m), 4)
            for i in range(m):
                k += 1
                rows.append({"respondent_id": f"R{k:05d}", "window_id": w,
                             "interview_date": f"2025-{months[i]:02d}-{days[i]:02d}", "stratum": h, "psu": w,
                             "weight": wt[i], "customer_type": kind[i], **{it: ans[it][i] for it in ITEMS}})
    pd.DataFrame(rows).to_csv(target, index=False, lineterminator="\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("survey41_data.csv"))
