"""A header written again in a table of more than 127 text columns is still found (rev21c noticed: the per-row count
of cells equal to their header was an int8 and wrapped to negative at 128, so the row was never a candidate)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.records.totals import repeated_headers


@pytest.mark.parametrize("width", [127, 128, 129, 256, 300])
def test_repeated_header_found_in_a_wide_table(width):
    headers = [f"问题{j}" for j in range(width)]
    rows = [[f"v{i}_{j}" for j in range(width)] for i in range(3)]
    rows.insert(1, list(headers))                         # the header written again as the second data row
    frame = pd.DataFrame(rows, dtype="str")
    frame.columns = range(width)
    assert repeated_headers(headers, frame, np.array([2, 3, 4, 5])).tolist() == [3]
