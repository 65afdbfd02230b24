"""The missed records' Parquet file keeps each row group's statistics (min, max) on the columns a reader filters by
(the measure, the window, a few-valued text, the times and numbers), not on the text columns of nearly all distinct
values (an order's id): those prune nothing in a file laid out measure after measure and cost the writer ~0.1 s of
CPU at 10 M work orders (issue 14, session 45).  The rows read back are the same."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from windoweval.exports import read_missed, write_missed


def test_no_statistics_on_a_text_column_of_distinct_values(tmp_path):
    n = 400
    f = pd.DataFrame({"window_id": pd.array(["PW01", "PW02"] * (n // 2), dtype="string"),
                      "order_id": pd.array([f"WO{i:06d}" for i in range(n)], dtype="string"),
                      "received_at": pd.date_range("2025-01-01", periods=n, freq="h", tz="Asia/Shanghai"),
                      "elapsed_min": [float(i) for i in range(n)],
                      "passed": pd.array([False] * n, dtype="boolean"),
                      "measure": "m", "message": "late"})
    pq_path, _ = write_missed([f], tmp_path, "x")
    meta = pq.ParquetFile(pq_path).metadata
    names = [meta.row_group(0).column(i).path_in_schema for i in range(meta.num_columns)]
    stats = {name: meta.row_group(0).column(i).is_stats_set for i, name in enumerate(names)}
    assert not stats["order_id"], stats
    assert all(stats[c] for c in ("window_id", "measure", "message", "received_at", "elapsed_min", "passed")), stats
    got = read_missed(tmp_path, "x")
    pd.testing.assert_frame_equal(got.reset_index(drop=True)[list(f.columns)], f, check_dtype=False)
