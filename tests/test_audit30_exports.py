"""Exports as organisations' systems write them (audit30): a workbook cell holding a spreadsheet error (#N/A) was read
as blank without a word (a completion time #N/A made a done order open); it is refused naming the cell, column, value
and fix.  Beside it, what a real workbook holds is read: dates as serial numbers, a formula with its cached value,
hidden rows and columns and a filter."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _corpus import WO_HEAD, WO_MAPPING, patch_sheet_cells, rows_workbook, wo_workspace  # noqa: E402
from _workspace import run_cli  # noqa: E402


def _serial_rows(n=8):
    # 45721.375 is 2025-03-05 09:00 as Excel counts days; 40 minutes later is + 40/1440
    return [[f"WO{i}", "PW01", "故障报修", 45721 + i + 0.375, 45721 + i + 0.375 + 40 / 1440] for i in range(1, n + 1)]


def _workbook(d, extra_cols=False):
    head = WO_HEAD + (["备注"] if extra_cols else [])
    rows = [r + (["x"] if extra_cols else []) for r in _serial_rows()]

    def edit(wb):
        sh = wb["工单"]
        sh.auto_filter.ref = "A1:E9"
        sh.row_dimensions[4].hidden = True
        sh.column_dimensions["B"].hidden = True
    return rows_workbook(d / "work_orders.xlsx", {"工单": [head] + rows}, edit)


@pytest.mark.parametrize("err", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!"])
def test_an_error_cell_in_a_read_column_is_refused(tmp_path, err):
    from windoweval.records import read_records
    from windoweval.errors import InputError

    wo_workspace(tmp_path)
    patch_sheet_cells(_workbook(tmp_path), {"E7": ("e", err)})
    with pytest.raises(InputError) as e:
        read_records("work_orders", tmp_path)
    msg = str(e.value)
    assert "E7" in msg and "完成时间" in msg and err in msg and "表格软件的错误值" in msg and "spreadsheet error" in msg
    assert "第 7 行" in msg and "row 7" in msg and "重新导出" in msg and "export again" in msg


def test_records_check_exits_3_and_never_a_traceback(tmp_path):
    wo_workspace(tmp_path)
    patch_sheet_cells(_workbook(tmp_path), {"E7": ("e", "#N/A"), "E8": ("e", "#N/A")})
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    assert "E7" in out and "另有 1 个这样的单元格" in out and "1 more such cells" in out and "Traceback" not in out


def test_an_error_cell_in_a_column_not_read_is_left_alone(tmp_path):
    from windoweval.records import read_records

    wo_workspace(tmp_path)
    patch_sheet_cells(_workbook(tmp_path, extra_cols=True), {"F7": ("e", "#N/A")})
    assert len(read_records("work_orders", tmp_path)) == 8


def test_serial_dates_a_cached_formula_hidden_rows_and_a_filter_are_read(tmp_path):
    from windoweval.records import read_records

    wo_workspace(tmp_path)
    # E6 a formula as Excel saves it: the formula and its cached result (2025-03-10 09:40)
    patch_sheet_cells(_workbook(tmp_path), {"E6": "<f>D6+40/1440</f><v>45726.402777777781</v>"})
    df = read_records("work_orders", tmp_path).set_index("order_id")
    assert len(df) == 8                                   # the hidden row 4 and the filter's rows too
    assert str(df.loc["WO1", "received_at"])[:16] == "2025-03-06 09:00"
    assert str(df.loc["WO5", "completed_at"])[:16] == "2025-03-10 09:40"
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 0 and "隐藏行" in r.stdout and "hidden rows" in r.stdout, r.stdout + r.stderr



# ---------------------------------------------------------------- a semicolon CSV with decimal commas

VOLTAGE_MAPPING = "voltage_readings:\n  file: v.csv\n  values:\n    supply_type: {单相220V: single_phase_220v}\n"
VOLTAGE_HEAD = "监测点编号;窗口编号;供电方式;额定电压;实测电压;监测时间;统计时长;系统状态;"


def _voltage(d, values, encoding="gbk"):
    from _workspace import write_workspace

    write_workspace(d, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text(VOLTAGE_MAPPING, encoding="utf-8")
    lines = [VOLTAGE_HEAD] + [f"P{i};PW01;单相220V;220;{v};2025-03-0{i} 09:00;1440;normal;"
                              for i, v in enumerate(values, 1)]
    (d / "v.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return d


def test_decimal_commas_are_read_as_decimals(tmp_path):
    """216,5 (a semicolon CSV, as Excel writes it where the list separator is ;) was read as 2165 without a word,
    and 1.234,5 as 1.2345: a voltage ten times too high."""
    from windoweval.records import read_records

    _voltage(tmp_path, ["216,5", "0,75", "1.234,5", "231"])
    got = read_records("voltage_readings", tmp_path)["measured_v"].tolist()
    assert got == [216.5, 0.75, 1234.5, 231.0]


def test_a_decimal_comma_in_a_column_of_decimal_points_is_refused(tmp_path):
    """One column, one decimal mark: 4,53 among 231.5 and 4,532.96 is neither (never 453, never 4.53)."""
    from windoweval.errors import InputError
    from windoweval.records import read_records

    _voltage(tmp_path, ["231.5", "4,532.96", "4,53"])
    with pytest.raises(InputError) as e:
        read_records("voltage_readings", tmp_path)
    assert "4,53" in str(e.value)


def test_a_comma_that_reads_both_ways_is_refused_where_the_column_writes_decimal_commas(tmp_path):
    from windoweval.errors import InputError
    from windoweval.records import read_records

    _voltage(tmp_path, ["216,5", "1,234", "231"])
    with pytest.raises(InputError) as e:
        read_records("voltage_readings", tmp_path)
    msg = str(e.value)
    assert "1,234" in msg and "千位分隔符还是小数点" in msg and "thousands separator or a decimal comma" in msg
    assert "第 3 行" in msg or "row 3" in msg


def test_thousands_separators_alone_are_still_read(tmp_path):
    from windoweval.records import read_records

    _voltage(tmp_path, ["1,234", "231", "1,234,567.5"])
    assert read_records("voltage_readings", tmp_path)["measured_v"].tolist() == [1234.0, 231.0, 1234567.5]


def test_commas_in_no_number_shape_are_refused_not_dropped(tmp_path):
    """1,2,3 was read as 123."""
    from windoweval.errors import InputError
    from windoweval.records import read_records

    _voltage(tmp_path, ["1,2,3", "231"])
    with pytest.raises(InputError) as e:
        read_records("voltage_readings", tmp_path)
    assert "1,2,3" in str(e.value)


# ---------------------------------------------------------------- cells merged down over records

def test_cells_merged_down_over_records_are_read_into_every_row(tmp_path):
    """A report-style export writes the window and the order type once, merged down beside the orders they stand for:
    pandas reads the range's other cells blank and the orders were refused as missing a required value."""
    from windoweval.records import read_records
    from _corpus import wo_rows

    wo_workspace(tmp_path)
    rows = wo_rows("GD", 5, "03-05")
    for r in rows[1:3]:
        r[1] = r[2] = None

    def edit(wb):
        wb["工单"].merge_cells("B2:B4")
        wb["工单"].merge_cells("C2:C4")
    rows_workbook(tmp_path / "work_orders.xlsx", {"工单": [WO_HEAD] + rows}, edit)
    df = read_records("work_orders", tmp_path)
    assert len(df) == 5 and df["window_id"].tolist() == ["PW01"] * 5
    assert df["order_type"].tolist() == ["fault_repair"] * 5
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "B2:B4 窗口" in r.stdout and "C2:C4 业务类型" in r.stdout and "merged down" in r.stdout
