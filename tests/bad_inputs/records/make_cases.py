"""Write the bad-input cases of records files and mapping files (tests/bad_inputs/records/<case>/).

Run from the project root: ``python tests/bad_inputs/records/make_cases.py``. Each case is a folder with
``case.yaml`` (args, exit, stderr_contains, note: see tests/test_bad_inputs.py) and a small data directory: a
``windoweval.toml`` and the broken file. The binary cases (XLSX, Parquet, UTF-16) are written here so
they can be made again.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
WS = """name = "坏输入测试 / bad-input test"
{extra}
[[windows]]
id = "PW01"
name = "城东营业厅"
kind = "power_hall"

[[windows]]
id = "PW02"
name = "城西营业厅"
kind = "power_hall"

[[windows]]
id = "CC"
name = "95598"
kind = "call_centre"
"""
CHECK = ["records", "check", "--data", "{case}"]
WO_HEAD = "工单号,窗口编号,工单类型,受理时间,到达现场时间\n"
WO_ROWS = "W1,PW01,fault_repair,2025-03-01 08:00,2025-03-01 08:30\nW2,PW02,fault_repair,2025-03-02 09:00,\n"


def case(name, note, files: dict, exit=3, contains=("行", "row"), args=CHECK, ws_extra="", mapping=None):
    d = HERE / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    if ws_extra is not None:
        (d / "windoweval.toml").write_text(WS.format(extra=ws_extra + ('\nmapping_file = "mapping.yaml"' if mapping else "")),
                                           encoding="utf-8")
    if mapping is not None:
        (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    for fname, content in files.items():
        (d / fname).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (d / "case.yaml").write_text(yaml.safe_dump({"args": list(args), "exit": exit, "stderr_contains": list(contains),
                                                 "note": note}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def xlsx(sheets: dict) -> bytes:
    b = io.BytesIO()
    with pd.ExcelWriter(b, engine="openpyxl") as w:
        for name, df in sheets.items():
            df.to_excel(w, sheet_name=name, index=False)
    return b.getvalue()


def parquet(df) -> bytes:
    b = io.BytesIO()
    df.to_parquet(b, index=False)
    return b.getvalue()


def main():
    # each case folder is rewritten by case(); folders of other helpers' cases are left alone
    good = WO_HEAD + WO_ROWS
    # --- files that cannot be read as they are
    case("empty_file", "a work-order export of 0 bytes", {"work_orders.csv": b""}, contains=["空", "empty", "work_orders.csv"])
    case("blank_file", "an export holding only blank lines and a BOM", {"work_orders.csv": b"\xef\xbb\xbf\r\n\r\n  \n"},
         contains=["空", "empty"])
    case("utf16_bom_is_read", "UTF-16 with a BOM (Excel's 'Unicode text'): read, not refused",
         {"work_orders.csv": good.encode("utf-16")}, exit=0, contains=["work_orders: 2"])
    case("utf16_no_bom_is_read", "UTF-16LE without a BOM: detected by its zero bytes and read",
         {"work_orders.csv": good.encode("utf-16-le")}, exit=0, contains=["work_orders: 2"])
    case("utf16_tab_txt_is_read", "Excel's Unicode text export: UTF-16, tab-separated, .txt",
         {"work_orders.txt": good.replace(",", "\t").encode("utf-16")}, exit=0, contains=["work_orders: 2"])
    case("gbk_is_read", "a GB18030 export: read", {"work_orders.csv": good.encode("gb18030")}, exit=0,
         contains=["work_orders: 2"])
    case("lying_encoding_utf8_then_gbk", "UTF-8 up to row 3, then a row in GBK (two exports joined)",
         {"work_orders.csv": (good).encode("utf-8") + "W3,PW01,故障报修,2025-03-03 08:00,\n".encode("gbk")},
         contains=["第 4 行", "row 4", "UTF-8"])
    case("lying_bom", "a UTF-8 byte-order mark on a GBK file",
         {"work_orders.csv": b"\xef\xbb\xbf" + good.encode("gbk")}, contains=["UTF-8", "mixes encodings"])
    case("lying_encoding_gbk_then_utf8", "GBK rows, then a row in UTF-8",
         {"work_orders.csv": good.encode("gbk") + "W3,PW01,fault_repair,2025-03-03 08:00,备注\n".encode("utf-8")},
         contains=["GB18030", "UTF-8", "row 4"])
    case("mapping_encoding_wrong", "mapping.yaml says the export is UTF-16 but it is GBK",
         {"work_orders.csv": good.encode("gbk")}, mapping="work_orders:\n  encoding: utf-16\n",
         contains=["encoding", "utf-16"])
    case("xls_without_xlrd", "an old .xls workbook (xlrd not installed): refused with the fix",
         {"work_orders.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504}, contains=[".xlsx", "xlrd", "work_orders.xls"])
    wb = xlsx({"Sheet1": pd.read_csv(io.StringIO(good), dtype=str)})
    case("corrupt_xlsx", "an XLSX cut off half way", {"work_orders.xlsx": wb[: len(wb) // 2]}, contains=["XLSX", "另存为", "save"])
    case("not_really_xlsx", "a CSV renamed to .xlsx", {"work_orders.xlsx": good}, contains=["XLSX", "work_orders.xlsx"])
    pq = parquet(pd.read_csv(io.StringIO(good), dtype=str))
    case("corrupt_parquet", "a Parquet file cut off half way", {"work_orders.parquet": pq[: len(pq) // 2]},
         contains=["Parquet", "work_orders.parquet"])
    case("garbage_parquet", "random bytes named .parquet", {"work_orders.parquet": bytes(range(256)) * 4},
         contains=["Parquet"])
    case("empty_xlsx", "a 0-byte .xlsx", {"work_orders.xlsx": b""}, contains=["空", "empty"])
    case("ragged_row", "a row with more cells than the header", {"work_orders.csv": good + "W3,PW01,fault_repair,2025-03-03 08:00,,多出,\n"},
         contains=["第 4 行", "row 4", "多出"])
    # --- headers
    case("duplicate_header", "受理时间 twice: which one is the clock start?",
         {"work_orders.csv": "工单号,窗口编号,工单类型,受理时间,受理时间\nW1,PW01,fault_repair,2025-03-01 08:00,2025-03-02 08:00\n"},
         contains=["受理时间", "列 D", "列 E", "duplicate"])
    case("duplicate_header_after_nfkc", "受理时间 and 受理时间 with an NBSP: the same header once trimmed",
         {"work_orders.csv": "工单号,窗口编号,工单类型,受理时间,受理时间\u00a0\nW1,PW01,fault_repair,2025-03-01 08:00,2025-03-02 08:00\n"},
         contains=["受理时间", "duplicate", "NFKC"])
    case("duplicate_ignored_header", "two 备注 columns: refused too, since a value would be lost unseen",
         {"work_orders.csv": "工单号,窗口编号,工单类型,受理时间,备注,备注\nW1,PW01,fault_repair,2025-03-01 08:00,a,b\n"},
         contains=["备注", "duplicate"])
    case("two_headers_one_column", "受理时间 and 申请时间 both map onto received_at",
         {"work_orders.csv": "工单号,窗口编号,工单类型,受理时间,申请时间\nW1,PW01,fault_repair,2025-03-01 08:00,2025-02-01 08:00\n"},
         contains=["受理时间", "申请时间", "received_at", "ignore"])
    case("two_explicit_headers_one_column", "mapping.yaml maps two present headers onto order_id",
         {"work_orders.csv": "编号A,编号B,窗口编号,工单类型,受理时间\nA1,B1,PW01,fault_repair,2025-03-01 08:00\n"},
         mapping="work_orders:\n  columns: {编号A: order_id, 编号B: order_id}\n", contains=["编号A", "编号B", "order_id"])
    case("nbsp_fullwidth_headers_are_read", "headers with an NBSP, full-width letters and another case: matched, not lost",
         {"work_orders.csv": "ＯＲＤＥＲ_ＩＤ,Window_ID,工单类型\u00a0,受理时间 ,到达现场时间\u3000\n" + WO_ROWS},
         exit=0, contains=["work_orders: 2", "→ arrived_at", "→ order_id"])
    case("required_column_missing", "no header for received_at; the closest unused header is named",
         {"work_orders.csv": "工单号,窗口编号,工单类型,受理日期时间\nW1,PW01,fault_repair,2025-03-01 08:00\n"},
         contains=["received_at", "受理日期时间", "mapping.yaml"])
    case("header_row_two", "a title row above the headers, header_row: 2 in mapping.yaml: read",
         {"work_orders.csv": "2025年工单明细,,,,\n" + good}, mapping="work_orders:\n  header_row: 2\n",
         exit=0, contains=["work_orders: 2"])
    # --- values
    case("mixed_time_zones", "offered_at mixes +08:00, Z and times without a zone",
         {"calls_95598.csv": "来电编号,坐席组,振铃时间\nC1,CC,2025-01-02T08:00:01+08:00\nC2,CC,2025-01-02T00:00:01Z\n"
                             "C3,CC,2025-01-02 08:00:01\n"}, contains=["第 4 行", "时区", "zone"])
    case("zones_all_given_are_read", "every time with a zone (two offsets): converted to Beijing time",
         {"calls_95598.csv": "来电编号,坐席组,振铃时间\nC1,CC,2025-01-02T08:00:01+08:00\nC2,CC,2025-01-02T00:00:01Z\n"},
         exit=0, contains=["calls_95598: 2"])
    case("bad_date", "a received time that is not a date", {"work_orders.csv": WO_HEAD + "W1,PW01,fault_repair,明天上午,\n"},
         contains=["第 2 行", "明天上午", "received_at"])
    case("inf_in_integer", "queue_length = inf",
         {"queue_snapshots.csv": "窗口编号,观测时间,排队人数\nPW01,2025-02-10 10:00,3\nPW01,2025-02-10 10:05,inf\n"},
         contains=["第 3 行", "inf", "queue_length"])
    case("fraction_in_integer", "queue_length = 2.5",
         {"queue_snapshots.csv": "窗口编号,观测时间,排队人数\nPW01,2025-02-10 10:00,2.5\n"}, contains=["2.5", "whole number"])
    case("negative_count", "queue_length = -1", {"queue_snapshots.csv": "窗口编号,观测时间,排队人数\nPW01,2025-02-10 10:00,-1\n"},
         contains=["-1", "negative", "负数"])
    vhead = "监测点编号,窗口编号,供电方式,额定电压,实测电压,监测时间,统计时长,系统状态\n"
    case("negative_duration", "a voltage reading standing for -60 minutes",
         {"voltage_readings.csv": vhead + "V1,PW01,single_phase_220v,220,231,2025-05-01 00:00,-60,normal\n"},
         contains=["-60", "duration_min", "negative"])
    case("inf_duration", "a voltage reading standing for inf minutes",
         {"voltage_readings.csv": vhead + "V1,PW01,single_phase_220v,220,231,2025-05-01 00:00,inf,normal\n"},
         contains=["inf", "duration_min", "finite"])
    case("nan_text_in_float", "measured voltage written as NaN",
         {"voltage_readings.csv": vhead + "V1,PW01,single_phase_220v,220,NaN,2025-05-01 00:00,60,normal\n"},
         contains=["NaN", "measured_v"])
    case("bad_yes_no", "a yes/no column holding 'maybe'",
         {"staff_roster.csv": "工号,窗口编号,英语会话,手语服务\n0012,PW01,maybe,否\n"}, contains=["maybe", "english"])
    case("unmapped_code", "工单类型 销户 is in no values entry",
         {"work_orders.csv": "工单号,窗口编号,工单类型,受理时间\nW1,PW01,居民新装,2025-03-01 08:00\nW2,PW01,销户,2025-03-01 08:00\n"},
         mapping="work_orders:\n  values:\n    order_type: {居民新装: new_connection_resident}\n",
         contains=["销户", "第 3 行", "order_type"])
    case("pick_code_without_case", "a pick with no case and no default for 销户",
         {"work_orders.csv": "工单号,窗口编号,工单类型,受理时间,签约时间\nW1,PW01,高压新装,2025-03-01 08:00,2025-03-05 08:00\n"
                             "W2,PW01,销户,2025-03-01 08:00,\n"},
         mapping="work_orders:\n  pick:\n    received_at: {by: 工单类型, cases: {高压新装: 签约时间}}\n"
                 "  values:\n    order_type: {高压新装: new_connection_other, 销户: new_connection_resident}\n",
         contains=["销户", "pick", "第 3 行"])
    case("combine_date_without_time", "a call with a date and no ringing time: offered_at is required, so refused",
         {"calls_95598.csv": "话单号,坐席组,来电日期,来电时刻\nC1,CC,2025-01-02,08:00:01\nC2,CC,2025-01-02,\n"},
         mapping="calls_95598:\n  combine:\n    offered_at: {date: 来电日期, time: 来电时刻}\n",
         contains=["第 3 行", "offered_at", "required value is empty"])
    case("combine_time_without_date", "a call with a time and no date",
         {"calls_95598.csv": "话单号,坐席组,来电日期,来电时刻\nC1,CC,2025-01-02,08:00:01\nC2,CC,,08:00:02\n"},
         mapping="calls_95598:\n  combine:\n    offered_at: {date: 来电日期, time: 来电时刻}\n",
         contains=["第 3 行", "08:00:02", "date"])
    case("unknown_window_listed", "ＰＷ01 (full-width) and PW99: listed with their record counts, not dropped unseen",
         {"work_orders.csv": WO_HEAD + "W1,ＰＷ01,fault_repair,2025-03-01 08:00,\nW2,PW99,fault_repair,2025-03-01 08:00,\n"
                             "W3,PW99,fault_repair,2025-03-01 08:00,\n"}, exit=0, contains=["ＰＷ01", "PW01", "PW99: 2"])
    case("unknown_window_refused", "the workspace refuses unknown window ids",
         {"work_orders.csv": WO_HEAD + "W1,ＰＷ01,fault_repair,2025-03-01 08:00,\nW2,PW99,fault_repair,2025-03-01 08:00,\n"},
         ws_extra='unknown_windows = "refuse"', contains=["ＰＷ01", "PW01", "PW99", "第 3 行"])
    # --- workbooks
    df = pd.read_csv(io.StringIO(good), dtype=str)
    df2 = df.assign(工单号=["W3", "W4"])
    case("every_sheet_is_read", "two monthly sheets and a notes sheet: both data sheets read, the notes sheet named",
         {"work_orders.xlsx": xlsx({"3月": df, "4月": df2, "说明": pd.DataFrame({"说明": ["导出于 2025-05-01"]})})},
         exit=0, contains=["work_orders: 4", "说明", "sheet not read"])
    case("sheet_missing_columns", "the second sheet lacks 受理时间: refused, naming the sheet",
         {"work_orders.xlsx": xlsx({"3月": df, "4月": df2.drop(columns=["受理时间"])})},
         contains=["[4月]", "received_at"])
    case("duplicate_key_across_sheets", "the same order in two sheets", {"work_orders.xlsx": xlsx({"3月": df, "4月": df})},
         contains=["W1", "[4月]", "duplicate"])
    # --- mapping file
    case("mapping_yaml_error", "a tab and an unclosed bracket in mapping.yaml",
         {"work_orders.csv": good}, mapping="work_orders:\n  columns: {工单号: order_id\n  values: [\n",
         contains=["mapping.yaml", "YAML", "行"])
    case("mapping_unknown_kind", "work_order (singular) in mapping.yaml", {"work_orders.csv": good},
         mapping="work_order:\n  columns: {工单号: order_id}\n", contains=["work_order", "work_orders"])
    case("mapping_unknown_column", "a header mapped onto a column the contract does not have", {"work_orders.csv": good},
         mapping="work_orders:\n  columns: {工单号: order_no}\n", contains=["order_no", "order_id"])
    case("mapping_unknown_key", "a misspelt section key", {"work_orders.csv": good},
         mapping="work_orders:\n  column: {工单号: order_id}\n", contains=["column", "columns"])
    case("mapping_value_not_allowed", "a code mapped onto a value the contract does not allow", {"work_orders.csv": good},
         mapping="work_orders:\n  values:\n    order_type: {报修: repair}\n", contains=["repair", "fault_repair"])
    case("mapping_file_outside", "mapping.yaml names a file outside the data directory", {"work_orders.csv": good},
         mapping="work_orders:\n  file: ../../../../etc/passwd\n", contains=["passwd", "outside"])
    case("mapping_file_absent", "mapping.yaml names an export that is not there", {},
         mapping="work_orders:\n  file: 营销工单.xlsx\n", contains=["营销工单.xlsx", "not found"])
    case("mapping_pick_header_absent", "a pick case names a header the export lacks", {"work_orders.csv": good},
         mapping="work_orders:\n  pick:\n    completed_at: {by: 工单类型, cases: {fault_repair: 送电时间}}\n",
         contains=["送电时间", "completed_at"])
    case("import_empty_delivery", "records import of an empty delivery", {"delivery.csv": b""},
         args=["records", "import", "work_orders", "{case}/delivery.csv", "--data", "{case}/store"],
         contains=["空", "empty", "delivery.csv"])
    case("import_duplicate_header", "records import of a delivery with a duplicate header",
         {"delivery.csv": "工单号,工单号,窗口编号,工单类型,受理时间\nW1,W1,PW01,fault_repair,2025-03-01 08:00\n"},
         args=["records", "import", "work_orders", "{case}/delivery.csv", "--data", "{case}/store"],
         contains=["工单号", "duplicate"])
    audit()


def audit():
    """Cases of the audit session (defects found by a new user's exports)."""
    case("ragged_first_row", "the FIRST data row has more cells than the header (pandas only warned and dropped them)",
         {"work_orders.csv": WO_HEAD + "W1,PW01,fault_repair,2025-03-01 08:00,2025-03-01 08:30,多出\n"},
         contains=["第 2 行", "row 2", "多出"])
    case("unclosed_quote_row_named", "an unclosed quote on row 3: the message names the row",
         {"work_orders.csv": WO_HEAD + WO_ROWS.split("\n")[0] + '\n"W2,PW02,fault_repair,2025-03-02 09:00,\n'},
         contains=["第 3 行", "row 3", "CSV"])
    case("day_month_ambiguous", "03/04/2025 beside 13/04/2025: month-first and day-first read in one column",
         {"work_orders.csv": WO_HEAD + "W1,PW01,fault_repair,03/04/2025 08:00,03/04/2025 08:30\n"
                             "W2,PW02,fault_repair,13/04/2025 09:00,13/04/2025 09:20\n"},
         contains=["第 2 行", "row 2", "03/04/2025", "received_at", "2025-03-04"])

    audit10()
    newuser48()


def audit10():
    """Hostile files of the fifth privacy audit: NUL bytes, random bytes named .csv, CR line ends, a header only."""
    case("nul_byte_in_cell", "a NUL byte inside a window id (PW\\x0001 read as an unknown window, exit 0, before)",
         {"work_orders.csv": WO_HEAD + "W1,PW\x0001,fault_repair,2025-03-01 08:00,2025-03-01 08:30\n"},
         contains=["第 2 行", "列 B", "row 2", "column B", "NUL", "UTF-8"])
    case("nul_byte_in_gbk_file", "a NUL byte in a GB18030 export",
         {"work_orders.csv": (WO_HEAD + "W1,PW01,fault\x00_repair,2025-03-01 08:00,\n" + "W2,城东,fault_repair,2025-03-01 08:00,\n").encode("gb18030")},
         contains=["第 2 行", "列 C", "NUL"])
    case("random_bytes_named_csv", "random bytes named work_orders.csv",
         {"work_orders.csv": bytes((i * 7919 + 13) % 256 for i in range(4096))}, contains=["work_orders.csv", "UTF-8"])
    case("cr_line_ends_are_read", "old Mac line ends (CR only): read", {"work_orders.csv": (WO_HEAD + WO_ROWS).replace("\n", "\r")},
         exit=0, contains=["work_orders: 2"])
    case("header_only_is_read", "a header and no row: 0 records, said so", {"work_orders.csv": WO_HEAD},
         exit=0, contains=["work_orders: 0"])
    case("header_too_wide", "a header of 20,000 cells (a million took minutes and gigabytes before a refusal)",
         {"work_orders.csv": WO_HEAD.rstrip("\n") + "," * 20_000 + "\n" + WO_ROWS},
         contains=["第 1 行", "row 1", "20005", "16384"])
    case("row_too_wide", "the first data row has 20,000 cells (a million: minutes, then the ragged-row refusal)",
         {"work_orders.csv": WO_HEAD + WO_ROWS.split("\n")[0] + ",x" * 20_000 + "\n"},
         contains=["第 2 行", "row 2", "20005", "16384"])



def newuser48():
    """Files that are not what their name says, and a header as wide as some systems export (newuser48, hostile).
    Written alone by ``python -c "import make_cases; make_cases.newuser48()"`` from this folder."""
    import zipfile

    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("work_orders.csv", WO_HEAD + WO_ROWS)
    case("newuser48_csv_is_a_zip", "a .csv that is a zip archive holding the CSV (a mail client's attachment saved as is)",
         {"work_orders.csv": zipped.getvalue()}, contains=["work_orders.csv", "ZIP", "zip", "解压", "unzip"])
    case("newuser48_bom_only", "a file of only a UTF-8 byte-order mark (3 bytes)", {"work_orders.csv": b"\xef\xbb\xbf"},
         contains=["work_orders.csv", "空", "empty", "重新导出", "export it again"])
    case("newuser48_nul_in_header", "a NUL byte inside a header (工单\\x00类型)",
         {"work_orders.csv": WO_HEAD.replace("工单类型", "工单\x00类型") + WO_ROWS},
         contains=["第 1 行", "row 1", "列 C", "column C", "NUL", "重新导出"])
    case("newuser48_nul_with_empty_quoted_values", 'a NUL byte in a file whose only quotes are empty values ("" each): '
         "its row was looked up by a quote count that raised IndexError (exit 5, a traceback)",
         {"work_orders.csv": WO_HEAD + 'W1,PW01,fault_repair,2025-03-01 08:00,""\nW2,PW\x0002,fault_repair,2025-03-02 09:00,""\n'},
         contains=["第 3 行", "row 3", "列 B", "column B", "NUL"])
    case("newuser48_header_2000_columns_read", "a header of 2,000 columns (a system exporting every field): read, the "
         "ignored headers named in part with their count, not all 2,000 on the console",
         {"work_orders.csv": WO_HEAD.rstrip("\n") + "".join(f",备注{i}" for i in range(2000)) + "\n" + WO_ROWS},
         exit=0, contains=["work_orders: 2", "(2000)", "备注0", "备注39", "另 1960 个未列出", "1960 more not listed"])


if __name__ == "__main__":
    main()
