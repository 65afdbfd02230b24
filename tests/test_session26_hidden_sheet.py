"""session 26: a workbook whose every sheet is hidden (no spreadsheet program saves one so; a script can) is read, as
a sheet mapping.yaml's `sheets` names is read though hidden — and `records check` said nothing of it, where it says
so of hidden rows and columns.  Now the check says the sheet read is hidden (or very hidden), in both languages."""
from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _corpus import WO_HEAD, rows_workbook, wo_workspace  # noqa: E402
from _workspace import run_cli  # noqa: E402

ROWS = [["WO1", "PW01", "故障报修", "2025-03-06 09:00", "2025-03-06 09:40"],
        ["WO2", "PW01", "故障报修", "2025-03-07 09:00", "2025-03-07 09:30"]]


def _all_hidden(path: Path, state: str) -> Path:
    """Every sheet's state set in the saved XML (openpyxl refuses to save a workbook with no visible sheet)."""
    rows_workbook(path, {"工单": [WO_HEAD] + ROWS})
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    book = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = re.sub(r'(<sheet\b[^>]*?)\s*state="[^"]*"', r"\1", book).replace(
        "<sheet ", f'<sheet state="{state}" ').encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return path


@pytest.mark.parametrize("state,zh,en", [("hidden", "隐藏", "hidden in Excel"),
                                         ("veryHidden", "深度隐藏", "very hidden")])
def test_records_check_says_the_sheet_read_is_hidden(tmp_path, state, zh, en):
    from windoweval.records import read_records

    wo_workspace(tmp_path)
    _all_hidden(tmp_path / "work_orders.xlsx", state)
    assert read_records("work_orders", tmp_path)["order_id"].tolist() == ["WO1", "WO2"]
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"这张工作表在 Excel 中{zh}" in r.stdout and en in r.stdout and "read all the same" in r.stdout


def test_a_visible_sheet_says_nothing_of_it(tmp_path):
    wo_workspace(tmp_path)
    rows_workbook(tmp_path / "work_orders.xlsx", {"工单": [WO_HEAD] + ROWS})
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 0 and "这张工作表在 Excel 中" not in r.stdout
