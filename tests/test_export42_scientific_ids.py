"""Ids Excel turned into scientific notation (export42).

A long numeric id (an 18-digit 户号 or 票号) opened in Excel is shown as ``1.23457E+17`` and saved so to CSV: the
digits past the sixth are gone, and different records come to share one id.  The records readers took
``1.23457E+17`` as an id like any other (a survey delivery refused it; records did not): a mangled id read in
silence.  Now an id or key column holding one is refused, row by row, with how to export it whole."""
from __future__ import annotations

import subprocess
import sys

import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

HEAD = "工单编号,受理渠道,诉求类型,窗口编号,受理时间,客户标识\n"


def _write(tmp_path, cells: list[tuple[str, str]], name="complaints.csv"):
    f = tmp_path / name
    f.write_text(HEAD + "".join(f"{case},95598,complaint,PW01,2025-03-0{i + 1} 09:00,{key}\n"
                                for i, (case, key) in enumerate(cells)), encoding="utf-8")
    return f


@pytest.mark.parametrize("where", ["case_id", "customer_key"])
def test_an_id_in_scientific_notation_is_refused_with_its_row(tmp_path, where):
    cells = [("CS001", "K1"), ("1.23457E+17", "K2") if where == "case_id" else ("CS002", "4.40101E+17"),
             ("CS003", "K3")]
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [_write(tmp_path, cells)])
    p = e.value.problems
    got = p[p["code"] == "id_scientific"]
    assert got[["row", "column"]].values.tolist() == [[3, where]]
    assert got["value"].tolist() == ["1.23…E+17" if where == "case_id" else "4.40…E+17"]   # cut: an ID card's digits
    text = str(e.value)
    assert "科学计数法" in text and "scientific notation" in text and "Text" in text


def test_a_whole_file_of_them_is_refused_on_the_fast_path_too(tmp_path):
    cells = [(f"{1.2345678901234 + i / 1000:.5f}E+17", f"K{i}") for i in range(8)]
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [_write(tmp_path, cells)])
    assert (e.value.problems["code"] == "id_scientific").sum() == 8


@pytest.mark.parametrize("ok", ["3E5", "A+B01", "12E+", "GD-2025+01", "1.5"])
def test_ids_that_only_look_alike_are_read_as_written(tmp_path, ok):
    got = load_files("complaints", [_write(tmp_path, [(ok, "K1"), ("CS2", "K2")])]).frame
    assert got["case_id"].tolist() == [ok, "CS2"]


def test_records_import_exits_3_without_a_traceback(tmp_path):
    f = _write(tmp_path, [("CS001", "K1"), ("1.2345E+17", "K2")])
    r = subprocess.run([sys.executable, "-m", "windoweval", "records", "import", "complaints", str(f),
                        "--data", str(tmp_path / "store")], capture_output=True, text=True, timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 3 and "Traceback" not in out and "1.23…E+17" in out and "row 3" in out


def test_a_long_number_in_a_workbook_is_refused_never_written_out_in_full(tmp_path):
    """An 18-digit id typed as a number in a workbook keeps 15 digits; pandas wrote it out as 123456789012344992 (an
    id that never was) and an ID-card number typed so as 320106198801011008: read as ids, in silence."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工单编号", "受理渠道", "诉求类型", "窗口编号", "受理时间", "客户标识"])
    ws.append([1.23456789012345E+17, "95598", "complaint", "PW01", "2025-03-01 09:00", 3.20106198801011E+17])
    ws.append(["CS2", "95598", "complaint", "PW01", "2025-03-01 09:00", 12345678901234])
    f = tmp_path / "complaints.xlsx"
    wb.save(f)
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [f])
    p = e.value.problems
    got = p[p["code"] == "id_scientific"]
    assert got[["row", "column"]].values.tolist() == [[2, "case_id"], [2, "customer_key"]]
    assert "320106198801011" not in str(e.value) and "123456789012344992" not in str(e.value)


def test_a_workbook_of_shorter_numbers_is_read_as_before(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工单编号", "受理渠道", "诉求类型", "窗口编号", "受理时间", "客户标识"])
    ws.append([123456789012345, "95598", "complaint", "PW01", "2025-03-01 09:00", 12345678901234])
    f = tmp_path / "complaints.xlsx"
    wb.save(f)
    got = load_files("complaints", [f]).frame
    assert got[["case_id", "customer_key"]].values.tolist() == [["123456789012345", "12345678901234"]]
