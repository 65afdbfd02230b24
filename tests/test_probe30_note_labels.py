"""probe30: an inspection form or a register signed under its table (检查人：李四, 记录人：…, 操作员：…) is a note,
as 制表人：… is: left out and counted by `records check`.  Before, in a wide checklist such a row (its items blank)
made no record and vanished unnamed; in a long file it was refused as a record lacking its values."""
import openpyxl
import pytest

from tests._workspace import run_cli, write_workspace
from windoweval.records.io import _trailing_notes, Table

import pandas as pd


@pytest.mark.parametrize("text", ["检查人：李四", "检查人:李四", "记录人：王五", "登记人: 赵六", "填写人：孙七", "操作员：0012",
                                  "操作人：张三", "检查组：第一组"])
def test_a_signature_under_the_table_is_a_note(text):
    fr = pd.DataFrame([["V1", "PW01"], [text, None]])
    got = _trailing_notes(Table("w.csv", ["检查编号", "窗口"], fr, 2))
    assert got.frame[0].tolist() == ["V1"] and got.note_rows == [(3, text.split("：")[0].split(":")[0])]


def test_a_wide_checklist_names_its_signature_row(tmp_path):
    d = write_workspace(tmp_path / "d", (("GS01", "综合窗口", "service_hall"),))
    (d / "mapping.yaml").write_text(
        "inspections:\n  columns: {方式: method}\n  values:\n    method: {暗访: mystery_shopper}\n"
        "    result: {是: pass, 否: fail}\n  wide:\n    item: item\n    value: result\n"
        "    headers: {佩戴工牌: badge_worn, 在岗在位: at_post_on_task}\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["检查编号", "窗口编号", "检查时间", "方式", "佩戴工牌", "在岗在位"])
    ws.append(["V1", "GS01", "2025-03-05 10:00", "暗访", "是", "否"])
    ws.append(["检查人：李四"])
    wb.save(d / "inspections.xlsx")
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    assert "note rows under the table, not read as records: 1 (第 3 行 / rows 3: 检查人)" in out
    assert "1 行 × 2 个检查项 = 2 格" in out, out
