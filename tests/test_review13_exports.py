"""Review of the thirteenth round: three defects of the export reader's sixth round (tests/test_audit21_exports.py).

Fixed here, each test failing on the code before:

* a header cell merged across two columns (备注 over F1:G1, G empty) made the first record the header's second row:
  GD001 was lost without a word (5 rows read as 4).  A range across the header's row is a group only when the row
  below holds names (:func:`windoweval.records.io._second_header_row`), not a record;
* one formula without a cached value anywhere in the workbook (a summary sheet 汇总 never read, a 序号 column the
  mapping does not use) refused the whole workbook; only such a formula in a sheet read and a column used is;
* a comma CSV whose unquoted field lists steps with more semicolons than the line has commas (受理;派单;…;归档) was
  read as semicolon-separated and refused for missing columns; the comma is kept when the header and most lines
  split alike by it, and a refusal for missing columns says which delimiter the file was read with.
"""
import openpyxl
import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.records.io import ExportError, read_tables, sniff_delimiter
from _corpus import rows_workbook

H = ["工单编号", "窗口编号", "工单类型", "受理时间", "完成时间", "备注"]
ROWS = [[f"GD{i:03d}", "PW01", "billing_query", f"2025-03-{i + 1:02d} 09:00:00", f"2025-03-{i + 1:02d} 15:00:00", "无"]
        for i in range(1, 6)]


_book = rows_workbook   # one workbook builder for the export tests (tests/_corpus.py)


def test_a_header_cell_merged_across_two_columns_keeps_the_first_record(tmp_path):
    f = _book(tmp_path / "merged.xlsx", {"工单": [H + [None]] + [r + [None] for r in ROWS]},
              lambda wb: wb["工单"].merge_cells("F1:G1"))
    t = read_tables(f)[0]
    assert t.headers[:6] == H and t.first_row == 2
    got = load_files("work_orders", [f]).frame
    assert got["order_id"].tolist() == ["GD001", "GD002", "GD003", "GD004", "GD005"]


def test_a_merged_group_over_a_row_of_names_is_still_a_two_row_header(tmp_path):
    top = ["工单编号", "窗口编号", "工单类型", "时间", None]
    below = [None, None, None, "受理时间", "完成时间"]
    rows = [r[:5] for r in ROWS]

    def merge(wb):
        ws = wb["工单"]
        ws.merge_cells("D1:E1")
        for c in "ABC":
            ws.merge_cells(f"{c}1:{c}2")
    f = _book(tmp_path / "group.xlsx", {"工单": [top, below] + rows}, merge)
    t = read_tables(f)[0]
    assert t.headers == H[:5] and t.first_row == 3 and len(t.frame) == 5
    # a group merged across alone (no range down), its names below: two rows all the same
    f2 = _book(tmp_path / "group2.xlsx", {"工单": [top, below] + rows}, lambda wb: wb["工单"].merge_cells("D1:E1"))
    assert len(load_files("work_orders", [f2]).frame) == 5


def test_a_formula_without_a_cached_value_in_a_sheet_or_column_not_read_does_not_refuse_the_workbook(tmp_path):
    def summary(wb):
        s = wb.create_sheet("汇总")
        s.append(["合计"])
        s["B1"] = "=COUNTA(工单!A:A)-1"
    f = _book(tmp_path / "formula.xlsx", {"工单": [H] + ROWS}, summary)
    assert len(load_files("work_orders", [f]).frame) == 5

    def numbers(wb):   # 序号 written by a program as formulas, never calculated: a column the mapping does not use
        ws = wb["工单"]
        for r in range(2, 7):
            ws[f"G{r}"] = "=ROW()-1"
    f2 = _book(tmp_path / "seq.xlsx", {"工单": [H + ["序号"]] + ROWS}, numbers)
    assert len(load_files("work_orders", [f2]).frame) == 5


def test_a_formula_without_a_cached_value_in_a_column_used_is_still_refused_with_its_cell(tmp_path):
    def done(wb):
        wb["工单"]["E4"] = "=D4+0.25"
    f = _book(tmp_path / "used.xlsx", {"工单": [H] + ROWS}, done)
    with pytest.raises(ExportError) as e:
        load_files("work_orders", [f])
    msg = str(e.value)
    assert "单元格 E4 是公式" in msg and "cell E4 holds a formula" in msg and "F9" in msg and "完成时间" in msg
    # a required column's header written as a formula never calculated: the formula named, not a missing column
    f2 = _book(tmp_path / "head.xlsx", {"工单": [H] + ROWS}, lambda wb: wb["工单"].__setitem__("A1", '="工单编号"'))
    with pytest.raises(ExportError) as e:
        load_files("work_orders", [f2])
    assert "单元格 A1 是公式" in str(e.value)


STEPS = ",".join(["工单编号", "窗口编号", "工单类型", "受理时间", "完成时间", "处理过程"]) + "\n" + "".join(
    f"GD{i:03d},PW01,billing_query,2025-03-05 09:00:00,2025-03-05 15:00:00,受理;派单;联系客户;核查;答复;回访;归档\n"
    for i in range(1, 30))


def test_a_comma_csv_with_more_semicolons_in_a_field_than_commas_is_read_with_commas(tmp_path):
    assert sniff_delimiter(STEPS) == ","
    f = tmp_path / "steps.csv"
    f.write_text(STEPS, encoding="utf-8")
    got = load_files("work_orders", [f]).frame
    assert len(got) == 29 and got["order_id"].iloc[-1] == "GD029"
    g = tmp_path / "steps_gbk.csv"     # the same through the pandas reader (GB18030)
    g.write_bytes(STEPS.encode("gb18030"))
    assert len(load_files("work_orders", [g]).frame) == 29


def test_a_semicolon_csv_with_decimal_commas_stays_semicolon_and_a_missing_column_names_the_delimiter(tmp_path):
    text = "单号;时长;窗口\n" + "".join(f"GD{i};1,5;PW01\n" for i in range(30))
    assert sniff_delimiter(text) == ";"
    assert sniff_delimiter("工单编号\t受理时间\n" + "GD1\t受理;派单;核查\n" * 30) == "\t"
    f = tmp_path / "semi.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        load_files("work_orders", [f])
    msg = str(e.value)
    assert "按分号分隔读取" in msg and "read as semicolon-separated" in msg
