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

* an ``.xls`` that is no old binary workbook (many systems' "export to Excel" write tab-separated text in GBK or
  Excel's UTF-16 "Unicode text", or an XLSX, under the .xls name) was refused as "old Excel: install xlrd", which
  could not have read it either; it is read as what it holds, and one that is a web page (an HTML table) or Excel
  2003 XML is refused saying so, with the fix (save as .xlsx or CSV);
* a GBK CSV whose header begins with a character whose two GBK bytes are valid UTF-8 by chance (票号: c6 b1) was
  refused as "UTF-8 up to row 0, then not"; only whole lines of UTF-8 before the bad byte's line show a mixed file.

Controls (pass before and after): without ``sheets`` the void orders are read as records, and a summary sheet with
some of the headers refuses the file, as before; a real old binary .xls still names the fix; a file switching from
UTF-8 to GBK is still refused at its row.

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
from _corpus import WO_HEAD, rows_workbook, wo_rows, wo_workspace

HEAD = WO_HEAD
_ws = wo_workspace
_xlsx = rows_workbook   # one workbook builder for the export tests (tests/_corpus.py)
_rows = wo_rows


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
        # the file relative to --data, not the folders above it (audit35: a path may carry a user's name)
        assert f"未读的工作表 / sheet not read: 营销工单导出.xlsx[{name}] (未在 mapping.yaml 的 sheets 中列出" in out
    assert "not named under sheets in mapping.yaml" in out and str(tmp_path) not in out


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


CT_MAPPING = """counter_transactions:
  columns: {票号: ticket_id, 窗口: window_id, 业务类型: business_type}
  values:
    business_type: {居民缴费: resident_payment}
"""
CT_HEAD = ["票号", "窗口", "业务类型", "取号时间", "开始办理时间", "办结时间"]
CT_ROWS = [["A1", "PW01", "居民缴费", "2025-03-05 09:00", "2025-03-05 09:05", "2025-03-05 09:10"],
           ["A2", "PW01", "居民缴费", "2025-03-05 09:01", "2025-03-05 09:11", "2025-03-05 09:20"]]


@pytest.mark.parametrize("how", ["utf-16 tab", "gbk tab", "gb18030 comma", "xlsx inside"])
def test_an_xls_that_is_text_or_an_xlsx_inside_is_read_as_what_it_holds(tmp_path, how):
    # many systems' "export to Excel" write tab-separated text (GBK, or Excel's UTF-16 "Unicode text") or an XLSX
    # under the .xls name: refused before as "old Excel needs xlrd", which could not have read them either
    write_workspace(tmp_path, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text(CT_MAPPING, encoding="utf-8")
    f = tmp_path / "counter_transactions.xls"
    if how == "xlsx inside":
        _xlsx(tmp_path / "t.xlsx", {"流水": [CT_HEAD] + CT_ROWS}).rename(f)
    else:
        enc, sep = how.split()
        text = "\r\n".join(("\t" if sep == "tab" else ",").join(r) for r in [CT_HEAD] + CT_ROWS) + "\r\n"
        f.write_bytes(text.encode(enc))
    got = load("counter_transactions", tmp_path).frame
    assert got["ticket_id"].tolist() == ["A1", "A2"] and str(got.loc[1, "ended_at"]) == "2025-03-05 09:20:00"


# an HTML page's table named .xls is read since exports20 (tests/test_exports20_html.py); Excel 2003 XML is refused
@pytest.mark.parametrize("head, zh, en", [
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<Workbook ', "这个 .xls 文件其实是 Excel 2003 XML 表格",
     "this .xls file is an Excel 2003 XML spreadsheet"),
], ids=["xml2003"])
def test_an_xls_that_is_a_web_page_or_2003_xml_is_refused_saying_what_it_is(tmp_path, capsys, head, zh, en):
    write_workspace(tmp_path, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text(CT_MAPPING, encoding="utf-8")
    (tmp_path / "counter_transactions.xls").write_bytes(head + "票号</td></tr></table>".encode("utf-8"))
    with pytest.raises(ExportError) as e:
        load("counter_transactions", tmp_path)
    msg = str(e.value)
    # each file is named for what it is (the two kinds are not interchangeable: an HTML page said to be XML fails)
    assert zh in msg and en in msg, msg
    assert ("网页表格" in msg) == head.startswith(b"<html") and ("2003 XML" in msg) != head.startswith(b"<html"), msg
    assert "另存为” .xlsx 或 CSV" in msg and "save it as .xlsx or CSV" in msg
    assert main(["records", "check", "--data", str(tmp_path)]) == 3


def test_control_a_real_old_excel_file_still_names_the_fix(tmp_path):
    write_workspace(tmp_path, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text(CT_MAPPING, encoding="utf-8")
    (tmp_path / "counter_transactions.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(ExportError) as e:
        load("counter_transactions", tmp_path)
    assert ".xlsx" in str(e.value)


@pytest.mark.parametrize("sep", [",", "\t"])
def test_a_gbk_csv_whose_first_characters_are_valid_utf8_by_chance_is_read(tmp_path, sep):
    # 票 in GBK is c6 b1, a valid UTF-8 character (U+01B1): the header 票号 made the file "UTF-8 up to row 0, then not"
    write_workspace(tmp_path, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text(CT_MAPPING, encoding="utf-8")
    text = "\r\n".join(sep.join(r) for r in [CT_HEAD] + CT_ROWS) + "\r\n"
    (tmp_path / "counter_transactions.csv").write_bytes(text.encode("gbk"))
    assert load("counter_transactions", tmp_path).frame["ticket_id"].tolist() == ["A1", "A2"]


def test_control_a_file_switching_from_utf8_to_gbk_is_still_refused_at_the_row(tmp_path):
    write_workspace(tmp_path, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text(CT_MAPPING, encoding="utf-8")
    first = "\r\n".join(",".join(r) for r in [CT_HEAD, CT_ROWS[0]]) + "\r\n"
    (tmp_path / "counter_transactions.csv").write_bytes(first.encode("utf-8") + (",".join(CT_ROWS[1]) + "\r\n").encode("gbk"))
    with pytest.raises(ExportError) as e:
        load("counter_transactions", tmp_path)
    assert e.value.row == 3 and "混用了编码" in str(e.value) and "mixes encodings" in str(e.value)


def test_control_a_1904_workbooks_serial_days_in_a_combine_date_column_alone_are_read_from_1904(tmp_path):
    # the date header feeds no contract column of its own, only two combines (offered, answered): its serial days
    # are counted from 1904 all the same (reported as a gap by the twelfth round; pinned here, passing before too)
    from _workspace import POWER
    write_workspace(tmp_path, POWER, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text("""calls_95598:
  columns: {流水号: call_id}
  combine:
    offered_at: {date: 来电日期, time: 振铃时刻}
    answered_at: {date: 来电日期, time: 应答时刻, after: offered_at}
  constant: {window_id: CC95598}
""", encoding="utf-8")
    def mac(wb):
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    _xlsx(tmp_path / "calls_95598.xlsx", {"s": [["流水号", "来电日期", "振铃时刻", "应答时刻"],
                                                ["C1", 45721 - 1462, "09:00:00", "09:00:10"],
                                                ["C2", 45721 - 1462, 0.375, None]]}, mac)
    got = load("calls_95598", tmp_path).frame
    assert got["offered_at"].astype(str).tolist() == ["2025-03-05 09:00:00"] * 2
    assert str(got.loc[0, "answered_at"]) == "2025-03-05 09:00:10" and str(got.loc[1, "answered_at"]) == "NaT"
