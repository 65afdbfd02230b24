"""Reading exports: encodings, workbooks with several sheets, broken files, and values the contract cannot hold."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from windoweval.errors import InputError
from windoweval.records import RecordsError, read_records, validate
from windoweval.records.io import ExportError, decode, read_tables

GOOD = "工单号,窗口编号,工单类型,受理时间\nW1,PW01,fault_repair,2025-03-01 08:00\nW2,PW01,fault_repair,2025-03-02 08:00\n"


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_every_common_encoding_is_read(tmp_path, enc):
    (tmp_path / "work_orders.csv").write_bytes(GOOD.encode(enc))
    assert read_records("work_orders", tmp_path)["order_id"].tolist() == ["W1", "W2"]


def test_a_file_that_switches_encoding_is_refused_at_the_row():
    b = GOOD.encode() + "W3,PW01,故障,2025-03-03 08:00\n".encode("gbk")
    with pytest.raises(ExportError) as e:
        decode(b, "x.csv")
    assert e.value.row == 4 and "UTF-8" in str(e.value)
    b = GOOD.encode("gbk") + "W3,PW01,故障,2025-03-03 08:00\n".encode()
    with pytest.raises(ExportError) as e:
        decode(b, "x.csv")
    assert e.value.row == 4
    with pytest.raises(ExportError, match="starts with a UTF-8 byte-order mark"):   # a BOM over GBK: told so (survey37)
        decode(b"\xef\xbb\xbf" + GOOD.encode("gbk"), "x.csv")


def test_an_ascii_file_with_one_gbk_row_is_gbk():
    b = "id,window_id\n1,PW01\n".encode() + "2,城东\n".encode("gbk")
    assert decode(b, "x.csv").endswith("城东\n")


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf", b"   \r\n"])
def test_empty_files_are_refused(tmp_path, content):
    (tmp_path / "work_orders.csv").write_bytes(content)
    with pytest.raises(ExportError, match="empty"):
        read_records("work_orders", tmp_path)


def test_a_header_only_file_is_no_records(tmp_path):
    (tmp_path / "work_orders.csv").write_text("工单号,窗口编号,工单类型,受理时间\n", encoding="utf-8")
    assert len(read_records("work_orders", tmp_path)) == 0


def test_xls_without_xlrd_is_refused_with_the_fix(tmp_path):
    pytest.importorskip("openpyxl")
    try:
        import xlrd  # noqa: F401
        pytest.skip("xlrd installed: .xls is read")
    except ImportError:
        pass
    (tmp_path / "work_orders.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(ExportError) as e:
        read_records("work_orders", tmp_path)
    # records25: the fix says what the user does (save as .xlsx), not the library a developer could install
    assert ".xlsx" in str(e.value) and "xlrd" not in str(e.value).replace(str(tmp_path), "") and e.value.exit_code == 3


def _xlsx(sheets):
    b = io.BytesIO()
    with pd.ExcelWriter(b, engine="openpyxl") as w:
        for name, df in sheets.items():
            df.to_excel(w, sheet_name=name, index=False)
    return b.getvalue()


def test_corrupt_workbooks_and_parquet_are_refused(tmp_path):
    wb = _xlsx({"a": pd.read_csv(io.StringIO(GOOD))})
    (tmp_path / "work_orders.xlsx").write_bytes(wb[:300])
    with pytest.raises(ExportError, match="XLSX"):
        read_records("work_orders", tmp_path)
    (tmp_path / "work_orders.xlsx").unlink()
    b = io.BytesIO()
    pd.read_csv(io.StringIO(GOOD)).to_parquet(b)
    (tmp_path / "work_orders.parquet").write_bytes(b.getvalue()[:-30])
    with pytest.raises(ExportError, match="Parquet"):
        read_records("work_orders", tmp_path)


def test_every_data_sheet_is_read_and_the_others_named(tmp_path):
    df = pd.read_csv(io.StringIO(GOOD), dtype=str)
    (tmp_path / "work_orders.xlsx").write_bytes(_xlsx({"3月": df, "4月": df.assign(工单号=["W3", "W4"]),
                                                     "说明": pd.DataFrame({"备注": ["x"]}), "空": pd.DataFrame()}))
    from windoweval.records import load
    got = load("work_orders", tmp_path)
    assert got.frame["order_id"].tolist() == ["W1", "W2", "W3", "W4"]
    assert sorted(lbl.rsplit("[", 1)[1] for lbl, _ in got.ignored) == ["空]", "说明]"]


def test_a_bad_row_in_the_second_sheet_is_named_with_its_sheet_and_row(tmp_path):
    df = pd.read_csv(io.StringIO(GOOD), dtype=str)
    (tmp_path / "work_orders.xlsx").write_bytes(_xlsx({"3月": df, "4月": df.assign(工单号=["W3", "W4"],
                                                                                 受理时间=["2025-04-01", "下午"])}))
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", tmp_path)
    p = e.value.problems
    assert p["row"].tolist() == [3] and p["file"].iloc[0].endswith("[4月]") and p["value"].tolist() == ["下午"]
    assert "[4月]" in str(e.value)


def test_a_sheet_with_some_required_columns_is_refused_not_skipped(tmp_path):
    df = pd.read_csv(io.StringIO(GOOD), dtype=str)
    (tmp_path / "work_orders.xlsx").write_bytes(_xlsx({"3月": df, "4月": df.drop(columns=["受理时间"])}))
    with pytest.raises(RecordsError, match="received_at"):
        read_records("work_orders", tmp_path)


def test_excel_rows_keep_their_spreadsheet_numbers_across_blank_rows(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["工单号", "窗口编号", "工单类型", "受理时间"])
    ws.append(["W1", "PW01", "fault_repair", "2025-03-01 08:00"])
    ws.append([])
    ws.append(["W2", "PW01", "fault_repair", "不是时间"])
    wb.save(tmp_path / "work_orders.xlsx")
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", tmp_path)
    assert e.value.problems["row"].tolist() == [4]


def test_a_row_longer_than_the_header_is_refused(tmp_path):
    (tmp_path / "work_orders.csv").write_text(GOOD + "W3,PW01,fault_repair,2025-03-03 08:00,多余\n", encoding="utf-8")
    with pytest.raises(ExportError) as e:
        read_records("work_orders", tmp_path)
    assert e.value.row == 4 and e.value.value == "多余"


@pytest.mark.parametrize("rest", ["", "W3,PW01,fault_repair,2025-03-03 08:00\n"])
def test_a_first_record_longer_than_the_header_is_refused_without_a_warning(tmp_path, rest):
    # pandas cut the first record to the header's width with a ParserWarning and the extra value was lost
    import warnings

    lines = GOOD.splitlines(keepends=True)
    (tmp_path / "work_orders.csv").write_text(lines[0] + lines[1].rstrip("\n") + ",多余\n" + lines[2] + rest,
                                              encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ExportError) as e:
            read_records("work_orders", tmp_path)
    assert e.value.row == 2 and e.value.value == "多余" and "more cells" in str(e.value)
    # extra cells all empty on the first record are not a longer row: read, without a warning
    (tmp_path / "work_orders.csv").write_text(lines[0] + lines[1].rstrip("\n") + ",,\n" + lines[2] + rest,
                                              encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(read_records("work_orders", tmp_path)) == 2 + bool(rest)


def test_trailing_empty_cells_are_not_a_longer_row(tmp_path):
    (tmp_path / "work_orders.csv").write_text(GOOD.replace("\n", ",,\n"), encoding="utf-8")
    assert len(read_records("work_orders", tmp_path)) == 2


def test_header_row_skips_a_title(tmp_path):
    t = read_tables(_write(tmp_path, "报表标题,,,\n" + GOOD), header_row=2)[0]
    assert t.headers[0] == "工单号" and t.first_row == 3


def _write(d, text):
    f = d / "x.csv"
    f.write_text(text, encoding="utf-8")
    return f


# --- values the contract cannot hold

def _q(v):
    return pd.DataFrame({"window_id": ["PW01"], "observed_at": ["2025-02-10 10:00"], "queue_length": [v]})


@pytest.mark.parametrize("v", ["inf", "-inf", "Infinity", "2.5", "-1", "nan", "abc"])
def test_an_integer_column_refuses_what_is_not_a_count(v):
    with pytest.raises(RecordsError) as e:
        validate(_q(v), "queue_snapshots", file="q.csv")
    assert e.value.problems[["row", "column"]].values.tolist() == [[2, "queue_length"]]


@pytest.mark.parametrize("v,want", [("0", 0), ("12", 12), ("1,200", 1200), ("１２", 12)])
def test_an_integer_column_reads_counts(v, want):
    got = validate(_q(v), "queue_snapshots")["queue_length"].iloc[0]
    assert (pd.isna(got) and want is None) or got == want


def _v(duration):
    return pd.DataFrame({"point_id": ["V1"], "window_id": ["PW01"], "supply_type": ["single_phase_220v"],
                         "nominal_v": ["220"], "measured_v": ["231"], "read_at": ["2025-05-01 00:00"],
                         "duration_min": [duration], "system_state": ["normal"]})


@pytest.mark.parametrize("v,ok", [("0", True), ("0.0", True), ("-0.001", False), ("-60", False), ("inf", False),
                                  ("1e400", False)])
def test_a_duration_must_be_finite_and_not_negative(v, ok):
    if ok:
        assert validate(_v(v), "voltage_readings")["duration_min"].iloc[0] == 0
    else:
        with pytest.raises(RecordsError) as e:
            validate(_v(v), "voltage_readings")
        assert e.value.problems["column"].tolist() == ["duration_min"]


def test_a_typed_parquet_column_with_inf_is_refused(tmp_path):
    df = _v("60").assign(duration_min=[float("inf")], nominal_v=[220.0], measured_v=[231.0])
    df.to_parquet(tmp_path / "voltage_readings.parquet")
    with pytest.raises(RecordsError, match="finite"):
        read_records("voltage_readings", tmp_path)


def _calls(*times):
    return pd.DataFrame({"call_id": [f"C{i}" for i in range(len(times))], "window_id": "CC", "offered_at": list(times)})


def test_mixed_zones_in_a_column_are_refused_naming_the_fewer():
    with pytest.raises(RecordsError) as e:
        validate(_calls("2025-01-02T08:00:01+08:00", "2025-01-02T00:00:01Z", "2025-01-02 08:00:01"), "calls_95598")
    p = e.value.problems
    assert p["row"].tolist() == [4] and "zone" in p["problem_en"].iloc[0]


def test_times_all_with_zones_are_converted_to_beijing_time():
    out = validate(_calls("2025-01-02T08:00:01+08:00", "2025-01-02T00:00:01Z", "2025-01-01T19:00:01-05:00"), "calls_95598")
    assert out["offered_at"].astype(str).tolist() == ["2025-01-02 08:00:01"] * 3


@pytest.mark.parametrize("text,want", [("2025年3月4日 9时05分", "2025-03-04 09:05:00"),
                                       ("2025年3月4日9时5分7秒", "2025-03-04 09:05:07"),
                                       ("２０２５-０３-０４ ０９:０５", "2025-03-04 09:05:00"),
                                       ("2025/3/4 9:05", "2025-03-04 09:05:00"),
                                       ("45720.5", "2025-03-04 12:00:00")])
def test_dates_as_exports_write_them(text, want):
    assert str(validate(_calls(text), "calls_95598")["offered_at"].iloc[0]) == want


def test_yes_no_in_the_forms_people_write():
    df = pd.DataFrame({"staff_id": list("abcd"), "window_id": "PW01", "english": ["是", "√", "Ｙ", "TRUE"],
                       "sign_language": ["否", "×", "n", "0"]})
    out = validate(df, "staff_roster")
    assert out["english"].tolist() == [True] * 4 and out["sign_language"].tolist() == [False] * 4


def test_an_export_error_is_an_input_error():
    assert issubclass(ExportError, InputError) and ExportError("f", "a", "b").exit_code == 3


def test_a_title_row_above_the_headers_is_recognised(tmp_path):
    """Row 1 with one cell (a report title): the headers are the first row with several cells."""
    (tmp_path / "work_orders.csv").write_text("2025年工单明细\n" + GOOD.replace("W2,PW01,fault_repair,2025-03-02 08:00",
                                                                            "W2,PW01,fault_repair,下午"), encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", tmp_path)
    assert e.value.problems["row"].tolist() == [4]          # rows keep the file's numbers
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["营销系统工单明细表(2025年3月)"])
    ws.append([])
    for line in GOOD.strip().split("\n"):
        ws.append(line.split(","))
    wb.save(tmp_path / "wo.xlsx")
    (tmp_path / "work_orders.csv").unlink()
    (tmp_path / "wo.xlsx").rename(tmp_path / "work_orders.xlsx")
    assert read_records("work_orders", tmp_path)["order_id"].tolist() == ["W1", "W2"]


def test_a_one_column_title_and_an_explicit_header_row_agree(tmp_path):
    t = read_tables(_write(tmp_path, "标题\n\n" + GOOD), header_row=3)[0]
    assert t.headers[0] == "工单号"


def test_the_dask_reader_takes_what_only_the_pandas_reader_can_read(tmp_path):
    """UTF-16 and workbooks go through the pandas reader under --scheduler too (every sheet, the same refusals)."""
    from windoweval.engine import read_dask
    (tmp_path / "work_orders.csv").write_bytes(GOOD.encode("utf-16"))
    got = read_dask("work_orders", tmp_path, year=2025, columns=["order_id"]).compute(scheduler="sync")
    assert got["order_id"].tolist() == ["W1", "W2"]


@pytest.mark.parametrize("text,want", [("2025/3/4 下午 3:05", "2025-03-04 15:05:00"),
                                       ("2025年3月4日上午9时5分", "2025-03-04 09:05:00"),
                                       ("2025-03-04 12:30 中午", "2025-03-04 12:30:00"),
                                       ("20250304090512", "2025-03-04 09:05:12")])
def test_chinese_am_pm_and_compact_times(text, want):
    assert str(validate(_calls(text), "calls_95598")["offered_at"].iloc[0]) == want
