"""Review rev18 of the merged branches left17v (records missing evidence, promise overrides, cells as written,
Parquet beside CSV) and left17s (answers refused alone, rake/post_stratify refusals, domain NaN replicates,
merged-down survey cells, long format): each confirmed defect with a test that fails on the code before the fix.

    PYTHONPATH=. .venv/bin/python -m pytest tests/test_rev18.py -q
"""
from __future__ import annotations

import pandas as pd
from _workspace import HALL, run_cli, write_workspace


# ------------------------------------------------------------ 1. a Parquet text column stored as categories
def test_a_categorical_text_column_beside_a_typed_one_keeps_the_typed_values(tmp_path):
    """windoweval/records/files.py:455 (_text_alike): where a column is typed in one table (a Parquet export's
    date-time) and text in another, the typed values are written as text and cast to the text table's dtype; a
    Parquet export's text stored as categories (pandas ``category``, Parquet dictionary) gave a CategoricalDtype
    whose categories are only that table's values, so every typed value written as text became missing: the 2024
    arrivals were read as blank (missing evidence) without a word.  Right: cast to plain text, every value read.
    1 test, fails on main."""
    from windoweval.records.files import load

    d = write_workspace(tmp_path / "data", HALL, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text('work_orders:\n  file: ["wo_2024.parquet", "wo_2025.parquet"]\n', encoding="utf-8")
    recv = pd.to_datetime(["2024-03-01 10:00:00", "2024-03-02 10:00:00"])
    pd.DataFrame({"order_id": ["A1", "A2"], "window_id": "PW01", "order_type": "fault_repair", "received_at": recv,
                  "arrived_at": recv + pd.Timedelta("20min")}).to_parquet(d / "wo_2024.parquet", index=False)
    b = pd.DataFrame({"order_id": ["B1", "B2"], "window_id": "PW01", "order_type": "fault_repair",
                      "received_at": pd.to_datetime(["2025-01-02 10:00"] * 2),
                      "arrived_at": pd.Series(["2025/1/2 10:30", "2025/1/2 10:40"], dtype="category")})
    b.to_parquet(d / "wo_2025.parquet", index=False)
    assert isinstance(pd.read_parquet(d / "wo_2025.parquet")["arrived_at"].dtype, pd.CategoricalDtype)
    f = load("work_orders", d).frame.set_index("order_id")
    assert f["arrived_at"].notna().all(), f["arrived_at"]
    assert f.loc["A1", "arrived_at"] == pd.Timestamp("2024-03-01 10:20")
    assert f.loc["B2", "arrived_at"] == pd.Timestamp("2025-01-02 10:40")


# ------------------------------------------------------------ 2. records import's flagged rows masked
def test_records_import_masks_the_flagged_rows_it_prints(tmp_path):
    """windoweval/cli/records.py:134 (cmd_import): the rows kept but flagged (hung up before the answer, steps out of
    order) were printed as ``Problems.lines`` gave them, unmasked, while ``records check`` masks every line: a call
    id that is the caller's mobile number reached the console and the scheduler's log.  Right: masked as every
    console line ([手机号]).  1 test, fails on main."""
    src = tmp_path / "calls.csv"
    pd.DataFrame([["13812345678", "CC95598", "2025/6/2 10:00:00", "2025/6/2 10:00:20", "2025/6/2 10:00:10"]],
                 columns=["call_id", "window_id", "offered_at", "answered_at", "hung_up_at"]).to_csv(src, index=False)
    r = run_cli("records", "import", "calls_95598", str(src), "--data", str(tmp_path / "store"), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "hung_up_at" in out and "2025/6/2 10:00:10" in out, out   # the flagged row is listed
    assert "13812345678" not in out, out
