"""Writes tests/golden/survey40_data.csv: two survey firms' respondents, as each firm holds them (seeded; no arguments
writes the stored file, one argument writes that path instead).

* set A, firm one (delivered as an SPSS .sav, tests/test_survey40_estimates_r.py builds it): strata are the four
  quarters Q1-Q4, PSUs window-days (two per window and quarter), 2-6 respondents each; ``N_psu`` is the stratum's
  population of window-days (the fpc), and the weights are the firm's own, summing to no population; answers 1-5,
  9 (don't know), 99 (refused, an SPSS user-missing value) and blank (system-missing).
* set B, firm two (delivered as an XLSX whose answers are the labels' text): strata S1-S3 of window-day PSUs and a
  stratum S4 with one respondent (a lonely PSU, R's options(survey.lonely.psu = ...)); answers 1-5, 9 and blank.

Columns: set, respondent_id, window_id, interview_date, stratum, psu, weight, N_psu, then power_hall's items and overall.
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ITEMS = ["env1", "env2", "env3", "staff1", "staff2", "staff3", "staff4", "eff1", "eff2", "eff3", "eff4",
         "info1", "info2", "info3", "conv1", "conv2", "conv3", "overall"]
WINDOWS = ["PW01", "PW02", "PW03"]


def _answers(rng, n, window, missing=(9,), refused=False):
    shift = {"PW01": 0.35, "PW02": 0.0, "PW03": -0.3}[window]
    p = np.array([0.05, 0.1, 0.25, 0.35, 0.25])
    p = p * np.exp(shift * np.arange(5))
    p = p / p.sum()
    out = {}
    for it in ITEMS:
        a = rng.choice(np.arange(1, 6), size=n, p=p).astype(object)
        if it in ("staff3", "eff3"):          # negatively worded, answered on agreement: mirrored by the respondent
            a = (6 - a.astype(int)).astype(object)
        u = rng.random(n)
        a[u < 0.05] = missing[0]
        a[(u >= 0.05) & (u < 0.08)] = ""
        if refused:
            a[(u >= 0.08) & (u < 0.10)] = 99
        out[it] = a
    return out


def _set_a(rng):
    rows = []
    n_psu = {"Q1": 12, "Q2": 15, "Q3": 10, "Q4": 20}
    month = {"Q1": 2, "Q2": 5, "Q3": 8, "Q4": 11}
    k = 0
    for h, big_n in n_psu.items():
        for w in WINDOWS:
            for day in rng.choice(np.arange(3, 27), size=2, replace=False):
                m = int(rng.integers(2, 7))
                ans = _answers(rng, m, w, refused=True)
                wt = np.round(rng.uniform(20, 80) * rng.uniform(0.8, 1.25, size=m), 3)
                for i in range(m):
                    k += 1
                    rows.append({"set": "A", "respondent_id": f"{k:06d}", "window_id": w,
                                 "interview_date": f"2025-{month[h]:02d}-{day:02d}", "stratum": h,
                                 "psu": f"{w}-{month[h]:02d}{day:02d}", "weight": wt[i], "N_psu": big_n,
                                 **{it: ans[it][i] for it in ITEMS}})
    return rows


def _set_b(rng):
    rows = []
    month = {"S1": 3, "S2": 6, "S3": 9}
    k = 500
    for h in month:
        for w in WINDOWS:
            for day in rng.choice(np.arange(3, 27), size=2, replace=False):
                m = int(rng.integers(2, 6))
                ans = _answers(rng, m, w)
                wt = {"S1": 40.0, "S2": 55.5, "S3": 32.25}[h]
                for i in range(m):
                    k += 1
                    rows.append({"set": "B", "respondent_id": f"B{k:04d}", "window_id": w,
                                 "interview_date": f"2025-{month[h]:02d}-{day:02d}", "stratum": h,
                                 "psu": f"{w}-{month[h]:02d}{day:02d}", "weight": wt, "N_psu": "",
                                 **{it: ans[it][i] for it in ITEMS}})
    ans = _answers(rng, 1, "PW02")
    ans = {it: (a if a[0] != "" else np.array([4], dtype=object)) for it, a in ans.items()}
    rows.append({"set": "B", "respondent_id": "B9001", "window_id": "PW02", "interview_date": "2025-12-10",
                 "stratum": "S4", "psu": "PW02-1210", "weight": 120.0, "N_psu": "",
                 **{it: ans[it][0] for it in ITEMS}})
    return rows


def main(target: Path) -> None:
    rng = np.random.default_rng(40)
    df = pd.DataFrame(_set_a(rng) + _set_b(rng))
    df.to_csv(target, index=False, lineterminator="\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("survey40_data.csv"))
