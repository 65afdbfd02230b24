"""hosp37: a store written before hospital_events gained ``collected_at`` (the patient's pick-up).

The decoction and dispensing measures read ``collected_at`` now; a hospital's store imported before has no such
column in its Parquet files, and `windoweval score` stopped with pyarrow's "No match for FieldRef.Name(collected_at)"
and exit 5 (an internal error) instead of scoring the records it holds.  The column is now read as blank there."""
from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq

from tests._workspace import write_workspace


def test_a_store_without_the_new_column_is_scored(tmp_path):
    folder = write_workspace(tmp_path / "ws", (("HPHA", "门诊药房", "hospital_pharmacy"),))
    src = tmp_path / "代煎.csv"
    src.write_text("事件编号,窗口编号,事件类型,开始时间,完成时间\n"
                   "D1,HPHA,decoction,2025-04-08 09:00:00,2025-04-08 11:30:00\n"
                   "D2,HPHA,decoction,2025-04-08 09:00:00,2025-04-08 12:30:00\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "windoweval", "records", "import", "hospital_events", str(src),
                          "--data", str(folder)], capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    files = list((folder / "hospital_events").rglob("*.parquet"))
    assert files
    for f in files:   # as a store written before the column was added
        pq.write_table(pq.read_table(f).drop(["collected_at"]), f)
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "windoweval", "score", "--standard", "hospital_commitments",
                          "--year", "2025", "--data", str(folder), "--out", str(out)],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr[-2000:]
    import pandas as pd
    res = pd.read_csv(out / "hospital_commitments_results.csv", dtype=str)
    row = res[res["measure"] == "hospital_commitments.pharmacy.9"].iloc[0]
    assert (int(row["n"]), int(row["met"])) == (2, 1), row.to_dict()
