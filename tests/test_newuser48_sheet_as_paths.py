"""``sheet_as: window_id`` (session 47: a workbook with a sheet per window and no window column) through the two
paths it had no test on (newuser48): the Dask engine (``scheduler="threads"``) and ``records import`` into the
Parquet store, then scored from the store by both engines.  Each gives the windows the sheets name, and the same
scorecard as the pandas path on the workbook itself."""
from __future__ import annotations

import pandas as pd
import yaml

import windoweval as we
from _workspace import write_workspace
from test_hostile47_sheet_per_window import SECTION, WINDOWS, _workbook
from windoweval.cli import main

COLS = ["measure", "window_id", "n", "met", "verdict"]


def _card(data, **kw) -> pd.DataFrame:
    r = we.score("hospital_commitments", year=2025, data=data, **kw).results
    return r[r["n"] > 0][COLS].sort_values(["measure", "window_id"]).reset_index(drop=True)


def _workspace(tmp_path):
    d = write_workspace(tmp_path / "ph", WINDOWS, mapping_file="mapping.yaml")
    _workbook(d)
    (d / "mapping.yaml").write_text(yaml.safe_dump({"hospital_events": SECTION}, allow_unicode=True), encoding="utf-8")
    return d


def test_sheet_as_through_dask_scores_as_pandas(tmp_path):
    d = _workspace(tmp_path)
    local = _card(d)
    assert set(local["window_id"]) == {"HWEST", "HCHN"}, local
    assert int(local["n"].sum()) > 0
    pd.testing.assert_frame_equal(_card(d, scheduler="threads"), local)


def test_sheet_as_imported_into_the_store_keeps_each_sheets_window(tmp_path, capsys):
    d = _workspace(tmp_path)
    local = _card(d)
    assert main(["records", "import", "hospital_events", str(d / "门诊药房发药记录.xlsx"), "--data", str(d)]) == 0
    out = capsys.readouterr().out
    assert "hospital_events: 4 条记录 / records" in out, out
    stored = pd.read_parquet(d / "hospital_events")
    assert dict(zip(stored["event_id"].astype(str), stored["window_id"].astype(str))) == {
        "R001": "HWEST", "R002": "HWEST", "R101": "HCHN", "R102": "HCHN"}
    # the store alone (the workbook moved away): both engines, the same scorecard as the workbook's
    (d / "门诊药房发药记录.xlsx").rename(tmp_path / "moved.xlsx")
    (d / "mapping.yaml").write_text("{}\n", encoding="utf-8")
    pd.testing.assert_frame_equal(_card(d), local)
    pd.testing.assert_frame_equal(_card(d, scheduler="threads"), local)
