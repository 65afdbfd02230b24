"""`records map`'s proposal named a workbook's sheets with the file's full path in its last comment line (a folder can
carry a person's name, /home/张伟/...): it names the file relative to the data folder, or by its name (audit30)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _corpus import WO_HEAD, rows_workbook, wo_rows  # noqa: E402
from _workspace import run_cli, write_workspace  # noqa: E402


def _two_sheets(path):
    rows = [WO_HEAD] + wo_rows("GD", 3, "03-05")
    return rows_workbook(path, {"一月": rows, "二月": [WO_HEAD] + wo_rows("GE", 2, "03-06")})


def test_the_proposal_names_the_workbook_by_its_name_outside_the_data_folder(tmp_path):
    folder = tmp_path / "张伟的文件"
    folder.mkdir()
    f = _two_sheets(folder / "工单.xlsx")
    r = run_cli("records", "map", str(f), "--kind", "work_orders", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "张伟" not in r.stdout and str(tmp_path) not in r.stdout
    last = [x for x in r.stdout.splitlines() if "this proposal is from" in x]
    assert len(last) == 1 and last[0].endswith("工单.xlsx[一月], 工单.xlsx[二月]"), last


def test_the_proposal_names_the_workbook_relative_to_the_data_folder(tmp_path):
    data = write_workspace(tmp_path / "data")
    (data / "exports").mkdir()
    f = _two_sheets(data / "exports" / "工单.xlsx")
    r = run_cli("records", "map", str(f), "--kind", "work_orders", "--data", str(data), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert str(tmp_path) not in r.stdout
    assert "exports/工单.xlsx[一月], exports/工单.xlsx[二月]" in r.stdout
