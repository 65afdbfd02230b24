"""Exports as organisations' systems write them (round six): what was reshaped by hand before.

Fixed here, each test failing on the code before:

* a ``.csv`` delimited by tabs or by semicolons (Excel where the list separator is ``;``) was read as one column,
  and every contract column was "missing"; the delimiter is now found from the first lines
  (:func:`windoweval.records.io.sniff_delimiter`), a comma unless another does better;
* an id written full-width (ＴＳ００１, an input method left in full-width mode) was kept as written, so the same
  order exported half-width was another order; ids are read half-width and ``records check`` says how many;
* ``2025-3-5 PM 2:05`` (AM/PM before the time) and ``2025-03-05 星期三 14:05`` / ``2025/3/5(周三)`` (a weekday beside the
  date) were refused; they are read, and a weekday that is not the date's is refused with its row (never guessed);
* ``records check`` left out blank rows without a word; it says how many, and that the rows below the header are
  the records plus those dropped plus the blank ones;
* a workbook of one sheet a month: ``records map`` proposed the codes of one sheet only, and the others were refused
  for codes it never proposed; every sheet with the same headers is looked at;
* XLSX: a formula without a cached value was read as an empty cell ("required value is empty", or silently blank in
  an optional column); it is refused with its cell and the fix.  A workbook in the 1904 date system had its serial
  days read four years and a day early; they are read from 1904.  Hidden and filtered-out rows are read (a filter
  changes the view, not the records) and ``records check`` says so.  A header over two rows is read from the
  workbook's merged ranges where one starts on the header's row (a second-row name with a digit was a record before).
"""
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.records.files import load
from windoweval.records.io import ExportError, read_tables
from windoweval.records.propose import propose
from _corpus import rows_workbook

TOML = ('name = "x"\nmapping_file = "mapping.yaml"\n'
        '[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
        '[[windows]]\nid = "PW02"\nname = "城西营业厅"\nkind = "power_hall"\n')
H = ["工单编号", "受理渠道", "诉求类型", "窗口编号", "受理时间", "答复时间", "回访时间", "回访结果", "工单状态"]
R = [["TS001", "95598", "投诉", "PW01", "2025-03-05 14:05", "2025-03-06 10:00", "2025-03-07 10:00", "满意", "已办结"],
     ["TS002", "95598", "举报", "PW02", "2025-03-05 14:05", None, None, None, "办理中"],
     ["TS003", "95598", "投诉", "PW01", "2025-03-01 09:00", "2025-03-02 09:00", "2025-03-03 09:00", "满意", "归档"]]
MAPPING = """complaints:
  columns: {工单编号: case_id, 受理渠道: channel, 诉求类型: kind, 窗口编号: window_id, 受理时间: received_at,
            答复时间: replied_at, 回访时间: callback_at, 回访结果: callback_result, 工单状态: case_status}
  values:
    kind: {投诉: complaint, 举报: report}
    case_status: {已办结: closed, 办理中: open, 归档: closed}
    callback_result: {满意: satisfied}
"""
WO_H = ["工单号", "窗口", "业务类型", "受理时间", "完成时间"]
WO_MAPPING = """work_orders:
  columns: {工单号: order_id, 窗口: window_id, 业务类型: order_type, 受理时间: received_at, 完成时间: completed_at}
  values:
    order_type: {故障报修: fault_repair}
"""


def _ws(d, mapping=MAPPING):
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "mapping.yaml").write_text(mapping, encoding="utf-8")


def _text(rows, sep=","):
    return "\n".join(sep.join("" if c is None else c for c in r) for r in rows) + "\n"


_xlsx = rows_workbook   # one workbook builder for the export tests (tests/_corpus.py)


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_a_csv_delimited_by_tabs_or_semicolons_is_read_for_two_kinds(tmp_path, sep):
    _ws(tmp_path, MAPPING + WO_MAPPING)
    (tmp_path / "complaints.csv").write_text(_text([H] + R, sep), encoding="utf-8-sig")
    (tmp_path / "work_orders.csv").write_text(_text([WO_H, ["GD1", "PW01", "故障报修", "2025-03-05 09:00", ""]], sep),
                                              encoding="gb18030")   # and through the decoding reader
    got = load("complaints", tmp_path)
    assert got.frame["case_id"].tolist() == ["TS001", "TS002", "TS003"]
    assert got.frame["kind"].tolist() == ["complaint", "report", "complaint"]
    assert load("work_orders", tmp_path).frame["order_id"].tolist() == ["GD1"]
    # a comma file whose note holds semicolons stays a comma file
    f = tmp_path / "x.csv"
    f.write_text("工单编号,说明\nA1,a;b;c;d;e;f\nA2,x\n", encoding="utf-8")
    assert read_tables(f)[0].headers == ["工单编号", "说明"]


def test_a_full_width_id_is_the_same_order_as_its_half_width_one_and_check_says_so(tmp_path, capsys):
    _ws(tmp_path, MAPPING + WO_MAPPING)
    rows = [["ＴＳ００１"] + R[0][1:3] + ["ＰＷ０１"] + R[0][4:]] + R[1:]
    (tmp_path / "complaints.csv").write_text(_text([H] + rows), encoding="utf-8")
    _xlsx(tmp_path / "work_orders.xlsx", {"工单": [WO_H, ["ＧＤ００３", "PW01", "故障报修", "2025-03-05 09:00", None],
                                                  ["GD004", "ＰＷ０２", "故障报修", "2025-03-05 09:00", None]]})
    fr = load("complaints", tmp_path).frame
    assert fr["case_id"].tolist() == ["TS001", "TS002", "TS003"] and fr["window_id"].tolist()[0] == "PW01"
    wo = load("work_orders", tmp_path).frame
    assert wo["order_id"].tolist() == ["GD003", "GD004"] and wo["window_id"].tolist() == ["PW01", "PW02"]
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "按半角读取的全角编号 / full-width ids read half-width: 工单编号 → case_id: 1 格 / cells (ＴＳ００１ → TS001)" in out
    assert "工单号 → order_id: 1 格 / cells (ＧＤ００３ → GD003)" in out and "window ids the workspace does not know" not in out


@pytest.mark.parametrize("cell, want", [("2025-3-5 PM 2:05", "2025-03-05 14:05:00"),
                                        ("2025/3/5 2:05 PM", "2025-03-05 14:05:00"),
                                        ("2025-3-5 AM 9:05", "2025-03-05 09:05:00"),
                                        ("2025-03-05 星期三 14:05", "2025-03-05 14:05:00"),
                                        ("2025-03-05（星期三）14:05", "2025-03-05 14:05:00"),
                                        ("2025/3/5(周三) 14:05", "2025-03-05 14:05:00"),
                                        ("Wed 2025-03-05 14:05", "2025-03-05 14:05:00"),
                                        ("2025年3月5日 星期三 下午2:05", "2025-03-05 14:05:00")])
def test_am_pm_before_the_time_and_a_weekday_beside_the_date_are_read(tmp_path, cell, want):
    _ws(tmp_path, MAPPING + WO_MAPPING)
    (tmp_path / "complaints.csv").write_text(_text([H, R[0][:4] + [cell] + R[0][5:]] + R[1:]), encoding="utf-8")
    _xlsx(tmp_path / "work_orders.xlsx", {"s": [WO_H, ["GD1", "PW01", "故障报修", cell, None]]})
    assert str(load("complaints", tmp_path).frame.loc[0, "received_at"]) == want
    assert str(load("work_orders", tmp_path).frame.loc[0, "received_at"]) == want


def test_a_weekday_that_is_not_the_dates_is_refused_with_its_row(tmp_path, capsys):
    _ws(tmp_path)
    (tmp_path / "complaints.csv").write_text(
        _text([H] + R[:2] + [R[2][:4] + ["2025-03-01 星期五 09:00"] + R[2][5:]]), encoding="utf-8")
    assert main(["records", "check", "--data", str(tmp_path)]) == 3
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "星期五" in x and "row 4" in x)
    assert "received_at" in line and "所写的星期与日期不符" in line and "weekday written does not match" in line


def test_records_check_counts_the_blank_rows_it_left_out_and_accounts_every_row(tmp_path, capsys):
    _ws(tmp_path, MAPPING + WO_MAPPING)
    blank = [""] * len(H)
    (tmp_path / "complaints.csv").write_text(_text([H, R[0], blank, blank, R[1], blank, R[2]]), encoding="utf-8")
    _xlsx(tmp_path / "work_orders.xlsx", {"s": [WO_H, ["GD1", "PW01", "故障报修", "2025-03-05 09:00", None], [],
                                                ["GD2", "PW01", "故障报修", "2025-03-05 09:00", None]]})
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "blank rows left out (every cell empty, between records): 3" in out
    assert "rows below the header: 6 = 记录 / records 3 + drop 去掉 / dropped 0 + 空白行 / blank 3" in out
    assert "rows below the header: 3 = 记录 / records 2 + drop 去掉 / dropped 0 + 空白行 / blank 1" in out


def test_records_map_on_a_workbook_of_one_sheet_a_month_proposes_every_sheets_codes(tmp_path):
    f = _xlsx(tmp_path / "complaints.xlsx", {"1月": [H, R[0]], "2月": [H, R[1]], "3月": [H, R[2]]})
    text = propose(f, "complaints")
    assert "1月、2月、3月" in text
    _ws(tmp_path, text)
    got = load("complaints", tmp_path)
    assert got.frame["case_status"].tolist() == ["closed", "open", "closed"]   # 已办结 (1月), 办理中 (2月), 归档 (3月)
    assert [p.label.rsplit("[", 1)[1] for p in got.plans] == ["1月]", "2月]", "3月]"]
    wo = _xlsx(tmp_path / "work_orders.xlsx", {"1月": [WO_H, ["GD1", "PW01", "故障报修", "2025-01-05 09:00", None]],
                                               "2月": [WO_H, ["GD2", "PW01", "投诉处理", "2025-02-05 09:00", None]]})
    proposed = propose(wo, "work_orders")
    assert "投诉处理" in proposed and "故障报修" in proposed


def _cached(path, ref, value):
    """The workbook with the formula in ``ref`` given a cached value, as Excel saves it."""
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in files if n.startswith("xl/worksheets/sheet"))
    x = files[sheet].decode()
    x = re.sub(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>', rf'<c r="{ref}"\1 t="str"><f>\2</f><v>{value}</v>', x)
    files[sheet] = x.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, b in files.items():
            z.writestr(n, b)


@pytest.mark.parametrize("kind", ["complaints", "work_orders"])
def test_a_formula_without_its_cached_value_is_refused_with_its_cell_and_one_with_it_is_read(tmp_path, capsys, kind):
    _ws(tmp_path, MAPPING + WO_MAPPING)
    if kind == "complaints":
        rows, col = [H] + R, "A"
        cell = '=CONCATENATE("TS","001")'
    else:   # an optional column: read as blank before, silently
        rows, col = [WO_H, ["GD1", "PW01", "故障报修", "2025-03-05 09:00", None]], "E"
        cell = "=D2+1"
    def put(wb):
        wb.worksheets[0][f"{col}2"] = cell
    f = _xlsx(tmp_path / f"{kind}.xlsx", {"s": rows}, put)
    with pytest.raises(ExportError) as e:
        load(kind, tmp_path)
    msg = str(e.value)
    assert f"单元格 {col}2 是公式" in msg and f"cell {col}2 holds a formula" in msg and "F9" in msg
    assert main(["records", "check", "--data", str(tmp_path)]) == 3
    assert f"{col}2" in capsys.readouterr().out
    _cached(f, f"{col}2", "TS001" if kind == "complaints" else "2025-03-06 09:00")
    got = load(kind, tmp_path).frame
    assert got.iloc[0, 0] in ("TS001", "GD1")
    if kind == "work_orders":
        assert str(got.loc[0, "completed_at"]) == "2025-03-06 09:00:00"


@pytest.mark.parametrize("kind", ["complaints", "work_orders"])
def test_serial_days_of_a_1904_workbook_are_read_from_1904(tmp_path, kind):
    _ws(tmp_path, MAPPING + WO_MAPPING)
    serial = 45721 - 1462 + 14 / 24 + 5 / 1440   # 2025-03-05 14:05 in the 1904 system
    if kind == "complaints":
        rows, col = [H, R[0][:4] + [serial] + R[0][5:]] + R[1:], "received_at"
    else:
        rows, col = [WO_H, ["GD1", "PW01", "故障报修", serial, None]], "received_at"
    def mac(wb):
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    _xlsx(tmp_path / f"{kind}.xlsx", {"s": rows}, mac)
    assert str(load(kind, tmp_path).frame.loc[0, col]) == "2025-03-05 14:05:00"


@pytest.mark.parametrize("filtered", [False, True])
def test_hidden_and_filtered_out_rows_are_read_and_records_check_says_so(tmp_path, capsys, filtered):
    _ws(tmp_path, MAPPING + WO_MAPPING)
    def hide(wb):
        ws = wb.worksheets[0]
        ws.row_dimensions[3].hidden = True
        if filtered:
            ws.auto_filter.ref = "A1:I4"
        else:
            ws.column_dimensions["B"].hidden = True
    _xlsx(tmp_path / "complaints.xlsx", {"s": [H] + R}, hide)
    _xlsx(tmp_path / "work_orders.xlsx", {"s": [WO_H, ["GD1", "PW01", "故障报修", "2025-03-05 09:00", None],
                                                ["GD2", "PW01", "故障报修", "2025-03-05 09:00", None]]}, hide)
    assert len(load("complaints", tmp_path).frame) == 3 and len(load("work_orders", tmp_path).frame) == 2
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("hidden rows and columns are read like the others: 隐藏行 / hidden rows 1") == 2
    if filtered:
        assert out.count("rows a filter hides among them") == 2
    else:
        assert "hidden columns: 受理渠道" in out and "hidden columns: 窗口" in out


def test_a_two_row_header_is_read_from_the_workbooks_merged_ranges(tmp_path):
    # a name with a digit in the header's second row (完成时间2) made the word rule take that row for a record: the
    # workbook's merged ranges say it is the header's
    top = ["序号", "工单信息", None, "时间", None, "备注"]
    second = [None, "工单号", "窗口", "受理时间", "完成时间2", None]
    def merge(wb):
        ws = wb.worksheets[0]
        for r in ("A1:A2", "B1:C1", "D1:E1", "F1:F2"):
            ws.merge_cells(r)
    f = _xlsx(tmp_path / "work_orders.xlsx", {"s": [top, second, ["1", "GD1", "PW01", "2025-03-05 09:00", "", ""]]},
              merge)
    t = read_tables(f)[0]
    assert t.headers == ["序号", "工单号", "窗口", "受理时间", "完成时间2", "备注"] and t.first_row == 3
