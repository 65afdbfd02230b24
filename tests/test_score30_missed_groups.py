"""The missed records' Parquet file is written in row groups of many pieces (session 30): each row group costs its
column chunks (a compressor each, statistics, page headers), and the pieces the engine gives are a measure's rows of
one piece judged (a few thousand rows at 10 million work orders: ~390 row groups before, ~36 now).  The rows, their
order, columns and types are the same (``read_missed``)."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from windoweval.exports import read_missed, write_missed


def _frames(n_frames: int, rows: int) -> list:
    return [pd.DataFrame({"order_id": [f"WO{i * rows + j}" for j in range(rows)],
                          "window_id": f"PW{i % 3:02d}",
                          "passed": pd.array([False] * rows, dtype="boolean"),
                          "elapsed_min": [float(j) for j in range(rows)],
                          "measure": "power_window.10.2.5"}) for i in range(n_frames)]


def test_small_pieces_share_row_groups(tmp_path):
    frames = _frames(5, 1000)
    pq_path, _ = write_missed(frames, tmp_path, "power_window")
    meta = pq.ParquetFile(pq_path).metadata
    assert meta.num_row_groups == 1          # one row group a piece before: 5
    got = read_missed(tmp_path, "power_window")
    want = pd.concat(frames, ignore_index=True)
    assert got["order_id"].tolist() == want["order_id"].tolist()
    assert got["elapsed_min"].tolist() == want["elapsed_min"].tolist()
    assert got["passed"].tolist() == want["passed"].tolist()


def test_row_groups_hold_at_least_the_set_rows(tmp_path, monkeypatch):
    import windoweval.exports as ex

    monkeypatch.setattr(ex, "MISSED_GROUP_ROWS", 2500)
    frames = _frames(7, 1000)
    pq_path, _ = write_missed(frames, tmp_path, "power_window")
    meta = pq.ParquetFile(pq_path).metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert sizes == [3000, 3000, 1000]
    got = read_missed(tmp_path, "power_window", arrow=True)
    assert got.column("order_id").to_pylist() == [f"WO{i}" for i in range(7000)]


def test_closing_the_groups_closes_their_source():
    """A write stopped half-way (an error, a stop signal) closes the grouping (``_ahead`` closes what it reads), and
    with it the pieces' source, so that its finally clauses run (a kept pass's temporary folder let go) even while
    another reference to the source is held."""
    import pyarrow as pa

    from windoweval.exports import _grouped

    closed = []
    t = pa.table({"a": [1, 2]})

    def source():
        try:
            while True:
                yield t
        finally:
            closed.append(True)

    src = source()
    groups = _grouped(src, t.schema, 3)
    assert next(groups).num_rows == 4
    groups.close()
    assert closed == [True]
