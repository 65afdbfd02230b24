"""Shared by the golden data scripts (``<name>_make_data.py``): stack the seeded sets and write the CSV.

    python tests/golden/<name>_make_data.py [OUT.csv]     (default: tests/golden/<name>_data.csv)

The rerun test (``tests/_survey_r.py``, ``rerun_r_test``) writes the data again elsewhere and compares it with the
stored CSV before it reruns the R script, so a changed generator or library cannot leave the goldens on old data.
"""
import sys
from pathlib import Path

import pandas as pd


def write(name: str, make, seeds: dict) -> Path:
    """``make(seed, set_id)`` for each ``set_id: seed``, stacked, written to argv[1] or ``<name>_data.csv`` here."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(f"{name}_data.csv")
    pd.concat([make(seed, k) for k, seed in seeds.items()], ignore_index=True).to_csv(out, index=False)
    return out
