"""Write tests/golden/survey_fixture.csv, the fixed data R's golden values are computed on.

Run once from the project root: ``.venv/bin/python tests/golden/make_survey_fixture.py``;
then ``Rscript tests/golden/survey_golden.R`` writes ``survey_golden.json``.
The CSV is committed, so the tests never need to run this again.
"""
from pathlib import Path

import numpy as np

from windoweval.demo import survey as demo

HERE = Path(__file__).resolve().parent


def main():
    """Write the files (run as a script; importing this module writes nothing)."""
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03", "PW04", "PW05", "PW06"],
                                n_per_window=50, seed=2025, missing_share=0.08, careless_share=0.04)
    rng = np.random.default_rng(7)
    items = [c for c in df.columns if c[:-1] in ("env", "staff", "eff", "info", "conv")]
    df[items] = df[items].astype("Int64")
    for r, c in zip(rng.integers(0, len(df), 12), rng.choice(items, 12)):
        df.loc[r, c] = None  # a few blank answers besides the missing code 9
    df.drop(columns=["comment"]).to_csv(HERE / "survey_fixture.csv", index=False)
    print(len(df), "rows")


if __name__ == "__main__":
    main()
