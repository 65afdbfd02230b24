"""Hostile inputs of the sixth privacy audit.

* A zip-bomb XLSX (a sheet's XML inflating hundreds of times) was refused (exit 3) only after openpyxl had
  inflated and parsed it: about 100 s and the memory of the whole sheet.  It is now refused from the zip
  directory alone (:func:`windoweval.safepath.archive_problem`), before any reader opens it, as a records export
  and as a survey delivery.
* An SPSS file whose header declares millions of cases was read as declared: pyreadstat set aside memory for
  every declared case (20 million cases of 3 variables: 9.5 s and 580 MB before its error; two billion would
  exhaust the machine).  The header is now read first, and a size far beyond any survey is refused.
"""
from __future__ import annotations

import shutil
import struct
import zipfile

import pandas as pd
import pytest

from windoweval.cli import main


def _bomb(path, mb: int = 40):
    """A valid workbook whose sheet XML is ``mb`` MB of one repeated row: it inflates ~300 times."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["工单号", "窗口编号", "工单类型", "受理时间"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(buf)
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, rest = data.decode().partition("<sheetData>")
                tail = rest.partition("</sheetData>")[2]
                with z.open(info.filename, "w", force_zip64=True) as w:
                    w.write((head + "<sheetData>").encode())
                    chunk = row * ((1 << 20) // len(row))
                    for _ in range(mb):
                        w.write(chunk)
                    w.write(("</sheetData>" + tail).encode())
            else:
                z.writestr(info, data)
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return _bomb(tmp_path_factory.mktemp("bomb") / "work_orders.xlsx")


def _never_opened(*a, **k):
    raise AssertionError("the workbook reader was called on a zip bomb")


def test_a_zip_bomb_export_is_refused_before_the_workbook_is_opened(bomb, monkeypatch):
    from windoweval.records.io import ExportError, read_tables

    monkeypatch.setattr(pd, "read_excel", _never_opened)
    with pytest.raises(ExportError) as e:
        read_tables(bomb)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "work_orders.xlsx" in msg and "xl/worksheets/sheet1.xml" in msg
    assert "压缩炸弹" in msg and "zip bomb" in msg and "CSV (UTF-8)" in msg


def test_records_check_refuses_a_zip_bomb_with_exit_3(bomb, tmp_path, capsys, monkeypatch):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    (d / "work_orders.csv").unlink()
    shutil.copy(bomb, d / "work_orders.xlsx")
    monkeypatch.setattr(pd, "read_excel", _never_opened)
    code = main(["records", "check", "--data", str(d)])
    text = "".join(capsys.readouterr())
    assert code == 3, text
    assert "work_orders.xlsx" in text and "zip bomb" in text and "Traceback" not in text


def test_a_zip_bomb_delivery_is_refused_before_the_workbook_is_opened(bomb, tmp_path, monkeypatch):
    import openpyxl

    from windoweval.survey.delivery import DeliveryError, read_delivery

    f = tmp_path / "power_hall_2025.xlsx"
    shutil.copy(bomb, f)
    monkeypatch.setattr(openpyxl, "load_workbook", _never_opened)
    with pytest.raises(DeliveryError) as e:
        read_delivery(f)
    assert e.value.exit_code == 3 and "zip bomb" in str(e.value) and "压缩炸弹" in str(e.value)


def test_many_small_entries_that_inflate_far_together_are_refused(tmp_path):
    from windoweval.safepath import archive_problem

    f = tmp_path / "many.xlsx"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(40):
            z.writestr(f"xl/worksheets/sheet{i}.xml", b"<row/>" * 300_000)   # 1.7 MB each, 40 of them
    zh, en = archive_problem(f, {"ratio_from": 32 * 2**20})
    assert en.startswith("the archive inflates from") and "压缩包" in zh


def test_a_workbook_as_spreadsheet_programs_save_it_is_taken(tmp_path):
    import openpyxl

    from windoweval.safepath import archive_problem

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    for i in range(50_000):
        ws.append(["W1", "PW01", "fault_repair", "2025-03-01 08:00", None])
    wb.save(tmp_path / "big.xlsx")
    assert archive_problem(tmp_path / "big.xlsx", {"ratio_from": 2**20}) is None
    assert archive_problem(tmp_path / "missing.xlsx") is None   # no archive: its reader says so


def test_an_spss_header_declaring_millions_of_cases_is_refused_unread(tmp_path, monkeypatch):
    import pyreadstat

    from windoweval.survey.delivery import DeliveryError, read_delivery

    f = tmp_path / "power_hall_2025.sav"
    pyreadstat.write_sav(pd.DataFrame({"respondent_id": ["R1", "R2"], "window_id": ["PW01", "PW01"],
                                       "q1": [5.0, 4.0]}), str(f))
    b = bytearray(f.read_bytes())
    b[80:84] = struct.pack("<i", 1_000_000_000)   # the file header's case count
    f.write_bytes(bytes(b))
    real = pyreadstat.read_sav

    def header_only(path, *a, **k):
        assert k.get("metadataonly"), "the SPSS file was read whole"
        return real(path, *a, **k)

    monkeypatch.setattr(pyreadstat, "read_sav", header_only)
    with pytest.raises(DeliveryError) as e:
        read_delivery(f)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "1,000,000,000" in msg and "个案" in msg and "cases" in msg


# ---------------------------------------------------------------- control characters in an exported cell
def test_a_control_character_before_a_formula_sign_does_not_leave_a_formula_in_the_workbook(tmp_path):
    """An XLSX cannot hold control characters: the writer dropped them after the formula check, so ``\\x01=1``
    became ``=1`` in the workbook; and one in a header (a window's name pivoted into columns) crashed the writer."""
    from windoweval.exports import write_csv, write_xlsx

    df = pd.DataFrame({"\x01=x": ["\x01=1", "\x0b+1", "a\x01b", "\x1f@x"], "城东\x07营业厅": ["1", "2", "3", "4"]})
    x = pd.read_excel(write_xlsx({"t": df}, tmp_path / "t.xlsx"), sheet_name="t", dtype=str)
    assert x.columns.tolist() == ["'=x", "城东营业厅"]
    assert x.iloc[:, 0].tolist() == ["'=1", "'+1", "ab", "'@x"]
    back = pd.read_csv(write_csv(df, tmp_path / "t.csv"), dtype=str, encoding="utf-8-sig")
    assert all(v.startswith("'") for v in back.iloc[[0, 1, 3], 0]) and back.columns[0].startswith("'")


# ---------------------------------------------------------------- a survey delivery a million cells wide
def test_a_delivery_row_wider_than_any_spreadsheet_is_refused(tmp_path):
    """A CSV delivery whose rows carry a million empty cells ran ``survey check`` past five minutes; a records
    export of the same shape was already refused (more than 16,384 cells a row).  Now the delivery is too, at once."""
    from windoweval.survey.delivery import DeliveryError, read_delivery

    f = tmp_path / "power_hall_2025.csv"
    f.write_text("respondent_id,window_id,interview_date\nR1,PW01,2025-03-01" + "," * 20_000 + "\n", encoding="utf-8")
    with pytest.raises(DeliveryError) as e:
        read_delivery(f, instrument="power_hall")
    msg = str(e.value)
    assert e.value.exit_code == 3 and "第 2 行" in msg and "row 2" in msg and "20,003" in msg and "16,384" in msg
