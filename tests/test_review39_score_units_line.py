"""review39: ``windoweval score`` where only units lack evidence (a crowded queue snapshot with no later one within
the 10 minutes), no record.  The records' line read "records missing evidence: 0 (listed in
…_missing_evidence.parquet)": the file lists units, no record.  The records' line points to the file only for
records; the units' line says they are listed there."""
import pandas as pd

from _workspace import run_cli, write_workspace
from test_diff38_cli import _headers


def test_the_records_line_points_to_the_file_only_for_records(tmp_path):
    data = write_workspace(tmp_path / "data", (("HPHA", "门诊药房", "hospital_pharmacy"),))
    snaps = pd.DataFrame({"window_id": "HPHA",
                          "observed_at": ["2025-02-10 10:00:00", "2025-02-10 10:05:00", "2025-02-11 09:00:00",
                                          "2025-12-31 23:55:00"],
                          "queue_length": ["12", "8", "15", "3"], "open_windows": ["2", "3", "2", "1"]})
    snaps.rename(columns=_headers("queue_snapshots")).to_csv(data / "queue_snapshots.csv", index=False,
                                                               encoding="utf-8")
    out = tmp_path / "out"
    p = run_cli("score", "--year", "2025", "--data", str(data), "--out", str(out), "--standard",
                "hospital_departments", cwd=tmp_path)
    assert p.returncode in (0, 1), p.stderr[-3000:]
    line = next(x for x in p.stdout.splitlines() if "records missing evidence" in x)
    assert "records missing evidence: 0" in line and "listed in" not in line, line   # before: "(… listed in …)"
    units = next(x for x in p.stdout.splitlines() if "units missing evidence" in x)
    assert "排队超限快照 / crowded queue snapshots 1" in units and "_missing_evidence.parquet" in units, units
    listed = pd.read_parquet(next(out.glob("*_missing_evidence.parquet")))
    assert len(listed) == 1 and listed["unit"].notna().all()
