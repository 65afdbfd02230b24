"""The missed records' Parquet file is encoded a row group's column at a time (score48): ``write_batch_size`` at least
a row group's rows, not pyarrow's default of 1,024 (a round of the encoder's per-batch bookkeeping every 1,024 values
of each column: ~0.12 s of the writer's ~0.7 s of CPU over 2.39 M missed rows, on the command's critical path).  The
rows, their order and values are the same (``read_missed``)."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

import windoweval.exports as ex
from test_score30_missed_groups import _frames   # the same missed pieces (duplicates D6)


def test_missed_parquet_encoded_a_row_group_at_a_time(tmp_path, monkeypatch):
    made = []

    class Spy(pq.ParquetWriter):
        def __init__(self, *a, **k):
            made.append(k)
            super().__init__(*a, **k)

    monkeypatch.setattr(pq, "ParquetWriter", Spy)
    frames = _frames(4, 3000)
    ex.write_missed(frames, tmp_path, "power_window")
    assert len(made) == 1
    # before: no write_batch_size (pyarrow's 1,024 rows a batch)
    assert made[0].get("write_batch_size", 1024) >= ex.MISSED_GROUP_ROWS
    meta = pq.ParquetFile(tmp_path / "power_window_missed.parquet").metadata
    assert all(meta.row_group(i).num_rows <= made[0]["write_batch_size"] for i in range(meta.num_row_groups))
    got = ex.read_missed(tmp_path, "power_window")
    want = pd.concat(frames, ignore_index=True)
    assert got["order_id"].tolist() == want["order_id"].tolist()
    assert got["elapsed_min"].tolist() == want["elapsed_min"].tolist()
    assert got["window_id"].tolist() == want["window_id"].tolist()
