"""review37: a store whose older partitions were written before hospital_events gained ``collected_at`` and whose newer
ones hold it (a year imported after the upgrade, the older years kept as they were).  The scan took the dataset's
schema from its first file (the older year's), so the newer year's pick-up times were read as blank for every row:
valid data dropped in silence (each such decoction missing evidence instead of met)."""
from __future__ import annotations

import pyarrow.parquet as pq

from windoweval.records.store import import_records, iter_validated, read_validated


def test_a_newer_years_column_is_read_though_an_older_years_files_lack_it(tmp_path):
    old = tmp_path / "2024.csv"
    old.write_text("event_id,window_id,event_type,started_at,finished_at\n"
                   "D0,HPHA,decoction,2024-04-08 09:00:00,2024-04-08 11:30:00\n", encoding="utf-8")
    import_records("hospital_events", old, store_dir=tmp_path)
    for f in (tmp_path / "hospital_events").rglob("*.parquet"):   # as written before the column was added
        pq.write_table(pq.read_table(f).drop(["collected_at"]), f)
    new = tmp_path / "2025.csv"
    new.write_text("event_id,window_id,event_type,started_at,collected_at\n"
                   "D1,HPHA,decoction,2025-04-08 09:00:00,2025-04-08 11:50:00\n", encoding="utf-8")
    import_records("hospital_events", new, store_dir=tmp_path)
    got = read_validated("hospital_events", tmp_path / "hospital_events", 2025,
                         columns=["event_id", "started_at", "collected_at"])
    assert got["event_id"].tolist() == ["D1"]
    assert got["collected_at"].notna().all(), got
    both = read_validated("hospital_events", tmp_path / "hospital_events", None,
                          columns=["event_id", "collected_at"]).sort_values("event_id")
    assert both["collected_at"].notna().tolist() == [False, True]
    pieces = list(iter_validated("hospital_events", tmp_path / "hospital_events", 2025,
                                 columns=["event_id", "collected_at"]))   # the score command's read, piece by piece
    assert sum(len(p) for p in pieces) == 1 and all(p["collected_at"].notna().all() for p in pieces)
