"""A pharmacy's dispensing log as one workbook with one sheet per window (西药房, 中药房) and no window column (round
six, hostile47): ``sheet_as: window_id`` in mapping.yaml takes each sheet's name as its records' window (codes through
``values`` as any column's), and ``records map`` proposes it where the sheets are the workspace's windows.  Before,
the proposal said to write a constant "in each file's section" (there is one section per kind): the user had to cut
the workbook into files or add a column by hand."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
import yaml

from _workspace import write_workspace
from windoweval.errors import InputError
from windoweval.records.propose import propose
from windoweval.records.read import read_records

WINDOWS = (("HWEST", "西药房", "hospital_pharmacy"), ("HCHN", "中药房", "hospital_pharmacy"))


def _workbook(folder, names=("西药房", "中药房")):
    f = folder / "门诊药房发药记录.xlsx"
    with pd.ExcelWriter(f) as xw:
        for k, sheet in enumerate(names):
            pd.DataFrame({"处方号": [f"R{k}01", f"R{k}02"], "处方类别": ["西药", "西药"],
                          "收方时间": ["2025-04-08 09:00:00", "2025-04-08 09:10:00"],
                          "发药时间": ["2025-04-08 09:04:00", "2025-04-08 09:30:00"]}).to_excel(xw, sheet_name=sheet,
                                                                                           index=False)
    return f


SECTION = {"file": "门诊药房发药记录.xlsx", "sheet_as": "window_id",
           "columns": {"处方号": "event_id", "处方类别": "event_type", "收方时间": "started_at", "发药时间": "finished_at"},
           "values": {"event_type": {"西药": "prescription_western"}, "window_id": {"西药房": "HWEST", "中药房": "HCHN"}}}


def test_each_sheets_name_is_its_records_window(tmp_path):
    d = write_workspace(tmp_path / "ph", WINDOWS, mapping_file="mapping.yaml")
    _workbook(d)
    (d / "mapping.yaml").write_text(yaml.safe_dump({"hospital_events": SECTION}, allow_unicode=True), encoding="utf-8")
    df = read_records("hospital_events", d, year=2025)
    got = dict(zip(df["event_id"].astype(str), df["window_id"].astype(str)))
    assert got == {"R001": "HWEST", "R002": "HWEST", "R101": "HCHN", "R102": "HCHN"}


def test_a_sheet_no_window_is_named_for_is_listed_never_dropped_in_silence(tmp_path):
    d = write_workspace(tmp_path / "ph", WINDOWS, mapping_file="mapping.yaml")
    _workbook(d, ("西药房", "急诊药房"))
    (d / "mapping.yaml").write_text(yaml.safe_dump({"hospital_events": SECTION}, allow_unicode=True), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "windoweval.cli", "records", "check", "--data", str(d)],
                       capture_output=True, text=True, errors="replace")
    out = p.stdout + p.stderr
    assert p.returncode == 0 and "Traceback" not in out, out
    # the sheet's name, unmapped, is the records' window id: listed as a window the workspace does not know (as any
    # unknown window id is, unknown_windows = "list")
    assert "急诊药房: 2" in out and "门诊药房发药记录.xlsx[急诊药房]: 2 行 / rows" in out, out


def test_a_csv_under_sheet_as_is_refused_saying_to_use_constant(tmp_path):
    d = write_workspace(tmp_path / "ph", WINDOWS, mapping_file="mapping.yaml")
    (d / "发药.csv").write_text("处方号,处方类别,收方时间,发药时间\nR1,西药,2025-04-08 09:00:00,2025-04-08 09:04:00\n",
                              encoding="utf-8")
    (d / "mapping.yaml").write_text(yaml.safe_dump({"hospital_events": {**SECTION, "file": "发药.csv"}},
                                                   allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_records("hospital_events", d, year=2025)
    msg = str(e.value)
    assert "发药.csv" in msg and "sheet_as" in msg and "constant" in msg, msg


def test_sheet_as_names_a_contract_column_and_makes_it_once():
    from windoweval.records.mapping import MappingError, parse_mapping

    with pytest.raises(MappingError):
        parse_mapping({"hospital_events": {"sheet_as": "ward"}}, "m.yaml")
    with pytest.raises(MappingError):
        parse_mapping({"hospital_events": {"sheet_as": "window_id", "constant": {"window_id": "HWEST"}}}, "m.yaml")


def test_records_map_proposes_the_sheets_as_the_windows(tmp_path):
    d = write_workspace(tmp_path / "ph", WINDOWS)
    f = _workbook(d)
    from windoweval.records.workspace import load_workspace

    text = propose(f, "hospital_events", workspace=load_workspace(d))
    sec = yaml.safe_load(text)["hospital_events"]
    assert sec["sheet_as"] == "window_id", text
    assert sec["values"]["window_id"] == {"西药房": "HWEST", "中药房": "HCHN"}, text
    assert "一个窗口一个文件" not in text


def test_without_a_window_column_the_proposal_says_what_can_be_written(tmp_path):
    """The note for an export with no window column in a workspace of several windows named "a constant in each
    file's section", which mapping.yaml (one section a kind) cannot hold: it names sheet_as and constant as they are."""
    from windoweval.records.workspace import load_workspace

    d = write_workspace(tmp_path / "ph", WINDOWS)
    f = d / "发药.csv"
    f.write_text("处方号,处方类别,收方时间,发药时间\nR1,西药,2025-04-08 09:00:00,2025-04-08 09:04:00\n", encoding="utf-8")
    text = propose(f, "hospital_events", workspace=load_workspace(d))
    assert "各自的节" not in text and "sheet_as: window_id" in text, text
    assert "sheet_as" not in yaml.safe_load(text)["hospital_events"], text     # said, never proposed: a CSV has no sheets
