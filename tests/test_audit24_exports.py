"""Exports as organisations' systems write them, round seven (audit24).

Fixed here, each test failing on the code before:

* XLSX: a formula without a cached value on the *top* row of a header over two rows (a column's name merged down
  from row 1, written by a program) was not looked for: the column read as nameless and the file was refused for a
  "missing" contract column, the cause unsaid.  Every row of the header is looked at, and the refusal names the cell
  and the fix (recalculate and save, or paste as values);
* a workbook whose sheets are not all records (a 作废工单 sheet of void orders with the same headers, read as records; a
  汇总 sheet with some of the headers, which refused the whole file) could only be read after someone deleted sheets
  by hand.  ``sheets`` in mapping.yaml names the sheets to read (names or globs such as ``*月``); the others are
  listed by ``records check`` as not read, with the reason; an entry naming no sheet is refused (exit 3) with the
  sheets there, in Chinese and English; a sheet it names is read as a one-sheet workbook is (a missing column refused,
  never left unread).

Controls (pass before and after): without ``sheets`` the void orders are read as records, and a summary sheet with
some of the headers refuses the file, as before.

Decided, not built: hidden and filtered-out rows stay read (``records check`` says how many).  A hidden row is a
record the exporting system wrote; leaving it out would be an exclusion nobody sees in mapping.yaml.  Rows that are no
records are named by ``drop`` (a code or a totals word), visible and counted.
"""
import openpyxl
import pytest

from windoweval.cli import main
from windoweval.errors import InputError
from windoweval.records.files import load
from windoweval.records.io import ExportError

from _workspace import write_workspace

WO_MAPPING = """work_orders:
  columns: {工单号: order_id, 窗口: window_id, 业务类型: order_type, 受理时间: received_at, 完成时间: completed_at}
  values:
    order_type: {故障报修: fault_repair}
"""
HEAD = ["工单号", "窗口", "业务类型", "受理时间", "完成时间"]


def _ws(d, extra=""):
    write_workspace(d, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text(WO_MAPPING + extra, encoding="utf-8")
    return d


def _xlsx(path, sheets, post=None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    if post:
        post(wb)
    wb.save(path)
    return path


def _rows(prefix, n, day):
    return [[f"{prefix}{i}", "PW01", "故障报修", f"2025-{day} 09:00", f"2025-{day} 09:40"] for i in range(1, n + 1)]


def test_a_formula_without_its_value_on_a_two_row_headers_top_row_is_refused_with_its_cell(tmp_path):
    _ws(tmp_path)
    top = ['="工单号"', "窗口", "业务类型", "时间", None]
    second = [None, None, None, "受理时间", "完成时间"]
    def merge(wb):
        ws = wb.worksheets[0]
        for r in ("A1:A2", "B1:B2", "C1:C2", "D1:E1"):
            ws.merge_cells(r)
    _xlsx(tmp_path / "work_orders.xlsx", {"s": [top, second, ["GD1", "PW01", "故障报修", "2025-03-05 09:00", None]]},
          merge)
    with pytest.raises(ExportError) as e:
        load("work_orders", tmp_path)
    msg = str(e.value)
    assert "单元格 A1 是公式" in msg and "cell A1 holds a formula" in msg and "F9" in msg
    assert e.value.row == 1 and e.value.column == "A"


def test_control_a_formula_with_its_value_on_the_top_row_is_read(tmp_path):
    _ws(tmp_path)
    top = ["工单号", "窗口", "业务类型", "时间", None]
    second = [None, None, None, "受理时间", "完成时间"]
    def merge(wb):
        ws = wb.worksheets[0]
        ws["F1"] = "=1+1"   # a formula outside the header's columns and the records: left alone
        for r in ("A1:A2", "B1:B2", "C1:C2", "D1:E1"):
            ws.merge_cells(r)
    _xlsx(tmp_path / "work_orders.xlsx", {"s": [top, second, ["GD1", "PW01", "故障报修", "2025-03-05 09:00", None]]},
          merge)
    assert load("work_orders", tmp_path).frame["order_id"].tolist() == ["GD1"]


def _book(d):
    return _xlsx(d / "营销工单导出.xlsx", {
        "3月": [HEAD] + _rows("GD03", 3, "03-05"),
        "4月": [HEAD] + _rows("GD04", 2, "04-07"),
        "作废工单": [HEAD] + _rows("ZF", 4, "03-09"),
        "汇总": [["窗口", "工单数"], ["PW01", 5]],
    })


@pytest.mark.parametrize("sheets", ["[3月, 4月]", '"*月"', "[' ３月 ', 4月]"])
def test_sheets_names_the_sheets_read_and_records_check_lists_the_others(tmp_path, capsys, sheets):
    _ws(tmp_path, f"  file: 营销工单导出.xlsx\n  sheets: {sheets}\n")
    _book(tmp_path)
    got = load("work_orders", tmp_path)
    assert sorted(got.frame["order_id"]) == ["GD031", "GD032", "GD033", "GD041", "GD042"]
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for name in ("作废工单", "汇总"):
        assert f"未读的工作表 / sheet not read: {tmp_path / '营销工单导出.xlsx'}[{name}] (未在 mapping.yaml 的 sheets 中列出" \
               in out
    assert "not named under sheets in mapping.yaml" in out


def test_control_without_sheets_the_summary_sheet_refuses_and_the_void_orders_are_records(tmp_path):
    _ws(tmp_path, "  file: 营销工单导出.xlsx\n")
    _book(tmp_path)
    with pytest.raises(InputError):
        load("work_orders", tmp_path)
    _xlsx(tmp_path / "营销工单导出.xlsx", {"3月": [HEAD] + _rows("GD03", 3, "03-05"),
                                           "作废工单": [HEAD] + _rows("ZF", 4, "03-09")})
    assert len(load("work_orders", tmp_path).frame) == 7


def test_a_sheets_entry_naming_no_sheet_is_refused_with_the_sheets_there(tmp_path, capsys):
    _ws(tmp_path, "  file: 营销工单导出.xlsx\n  sheets: [3月, 5月]\n")
    _book(tmp_path)
    with pytest.raises(InputError) as e:
        load("work_orders", tmp_path)
    msg = str(e.value)
    assert "'5月'" in msg and "3月、4月、作废工单、汇总" in msg and "matches no sheet" in msg and "3月, 4月, 作废工单, 汇总" in msg
    assert main(["records", "check", "--data", str(tmp_path)]) == 3


def test_a_sheet_named_under_sheets_without_the_records_columns_is_refused_not_left_unread(tmp_path):
    _ws(tmp_path, "  file: 营销工单导出.xlsx\n  sheets: [3月, 汇总]\n")
    _book(tmp_path)
    with pytest.raises(InputError) as e:
        load("work_orders", tmp_path)
    assert "汇总" in str(e.value)


@pytest.mark.parametrize("bad", ["{a: b}", "[3月, '']", "[[3月]]"])
def test_a_sheets_entry_of_the_wrong_shape_is_refused(tmp_path, capsys, bad):
    _ws(tmp_path, f"  sheets: {bad}\n")
    _book(tmp_path)
    assert main(["records", "check", "--data", str(tmp_path)]) == 3
    err = capsys.readouterr()
    assert "work_orders.sheets" in err.out + err.err and "must be a sheet name or a list of them" in err.out + err.err


def test_data_readme_documents_every_mapping_key_the_delimiter_rule_and_formulas():
    from pathlib import Path

    from windoweval.records.mapping import SECTION_KEYS
    text = (Path(__file__).parents[1] / "data" / "README.md").read_text(encoding="utf-8")
    assert [k for k in SECTION_KEYS if f"| `{k}` |" not in text] == []
    for words in ("**分隔符 / Delimiters**", "制表符", "semicolon", "**公式 / Formulas**", "F9", "two-row header",
                  "**隐藏与筛选的行 / Hidden and filtered-out rows**", "**1904 日期系统 / The 1904 date system**"):
        assert words in text, words
