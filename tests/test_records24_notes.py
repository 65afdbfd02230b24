"""records24 #2: a notes block under the table (制表人：…, 打印时间：…, 注：…), as report-style exports end.

Before, each note line was read as a record and the file refused for required values missing on those rows (a
制表人 row "missing" its order type and time), the fix pointing at ``drop``.  Now trailing rows whose every filled
cell is a note's label and colon are left out and counted: ``records check`` says how many, on which rows, with their
labels (never their text: a note carries a name or a phone).  Only the block after the last record: a note-like row
between records, or a row with anything else filled, is read as a record (and refused where it lacks values), never
dropped in silence.
"""
import pytest

from windoweval.cli import main
from windoweval.records import RecordsError
from windoweval.records.files import load

from _corpus import WO_HEAD, rows_workbook, wo_rows, wo_workspace

NOTES = [["制表人：张三"], ["打印时间：2025-04-01 10:00", None, "审核人: 李四"], ["注：超时工单以系统时间为准。"]]


def _csv(path, rows):
    path.write_text("\n".join(",".join("" if c is None else str(c) for c in (r + [None] * 5)[:5]) for r in rows) + "\n",
                    encoding="utf-8")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_notes_block_is_left_out_and_counted(tmp_path, capsys, fmt):
    wo_workspace(tmp_path, f"  file: 工单.{fmt}\n")
    rows = [WO_HEAD] + wo_rows("GD", 3, "03-05") + [[]] + NOTES
    if fmt == "xlsx":
        rows_workbook(tmp_path / "工单.xlsx", {"3月": rows})
    else:
        _csv(tmp_path / "工单.csv", rows)
    assert load("work_orders", tmp_path).frame["order_id"].tolist() == ["GD1", "GD2", "GD3"]
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "表格下方的说明行未作为记录读入 / note rows under the table, not read as records: 3 (第 6–8 行 / rows 6–8" in out
    assert "制表人" in out and "打印时间" in out and "张三" not in out and "李四" not in out
    assert "记录 / records 3" in out and "说明行 / notes 3" in out


def test_a_note_like_row_between_records_or_beside_a_value_is_read_not_dropped(tmp_path):
    wo_workspace(tmp_path, "  file: 工单.xlsx\n")
    rows = [WO_HEAD] + wo_rows("GD", 1, "03-05") + [["制表人：张三"]] + wo_rows("GE", 1, "03-05") + [
        ["制表人：张三", "PW01"]]
    rows_workbook(tmp_path / "工单.xlsx", {"3月": rows})
    with pytest.raises(RecordsError) as e:
        load("work_orders", tmp_path)
    assert sorted(set(e.value.problems["row"])) == [3, 5]   # both read as records, and refused where values lack
