"""Hostile inputs, round six (twenty-second audit): tried, each already refused with the file, what, the fix in
Chinese and English and exit 3, never a traceback or a hang; pinned here (no code change was needed).

* an XLSX whose sharedStrings part is a zip bomb (40 MB of strings in a few KB);
* an XLSX whose sheet XML expands entities exponentially ("billion laughs" in a DOCTYPE);
* a CSV with 100,000 columns (in its header, or in a row under a short header), for records and survey deliveries;
* a file name holding control characters (a terminal escape, a bell, a carriage return): shown as codes.
Already pinned elsewhere: a zip-bomb sheet (test_audit13_inputs), a YAML mapping's billion laughs
(test_audit16_inputs), symlinks out of the data folder (test_audit10_inputs), NUL bytes (tests/bad_inputs),
a report parameter carrying code (test_audit4_report_params, windoweval.params).
"""
from __future__ import annotations

import io
import zipfile

import pytest

from _corpus import refused_import, shrink_limits
from windoweval.cli import main

HEAD = ["工单号", "窗口编号", "工单类型", "受理时间"]


def _workbook():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(HEAD)
    wb.active.append(["WO1", "PW01", "fault_repair", "2025-06-01 18:00"])
    buf = io.BytesIO()
    wb.save(buf)
    return {i.filename: zipfile.ZipFile(buf).read(i.filename) for i in zipfile.ZipFile(buf).infolist()}


def _shared_strings_bomb(path):
    parts = _workbook()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as w:
            w.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            chunk = (b"<si><t>" + b"x" * 1000 + b"</t></si>") * 1000
            for _ in range(40):
                w.write(chunk)
            w.write(b"</sst>")
    return path


def _laughs(path):
    parts = _workbook()
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    dtd = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9)) + "]>"
    parts["xl/worksheets/sheet1.xml"] = (dtd + sheet.replace(">WO1<", ">&j;<")).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.fixture
def small_limits(monkeypatch):
    from windoweval.safepath import ARCHIVE_LIMITS

    shrink_limits(monkeypatch, ARCHIVE_LIMITS)


@pytest.mark.parametrize("build,said", [(_shared_strings_bomb, "sharedStrings.xml inflates"),
                                        (_laughs, "cannot be read")], ids=["shared_strings", "laughs"])
def test_a_hostile_workbook_is_refused_with_exit_3(build, said, tmp_path, small_limits, capsys):
    text = refused_import(build(tmp_path / "work_orders.xlsx"), tmp_path / "store", capsys)
    assert said in text and "CSV (UTF-8)" in text


@pytest.mark.parametrize("where", ["header", "row"])
@pytest.mark.parametrize("command", ["records", "survey"])
def test_a_csv_with_100000_columns_is_refused(tmp_path, capsys, where, command):
    f = tmp_path / "wide.csv"
    wide = ",".join(f"c{i}" for i in range(100_000))
    f.write_text((wide if where == "header" else ",".join(HEAD)) + "\n" + ",".join("1" * 100_000) + "\n",
                 encoding="utf-8")
    argv = (["records", "import", "work_orders", str(f), "--data", str(tmp_path / "store")] if command == "records"
            else ["survey", "check", str(f), "--instrument", "power_hall"])
    code = main(argv)
    text = "".join(capsys.readouterr())
    assert code == 3, text[-2000:]
    assert "100,000" in text.replace("100000", "100,000") and "16384" in text.replace(",", "") and "列" in text
    assert "export it again" in text and "Traceback" not in text


def test_a_file_name_with_control_characters_is_shown_as_codes(tmp_path, capsys):
    f = tmp_path / "wo\x1b[2J\x07\r.csv"
    f.write_text(",".join(HEAD) + "\nWO1,PW01,fault_repair,2025-06-01 18:00\n", encoding="utf-8")
    main(["records", "import", "work_orders", str(f), "--data", str(tmp_path / "store")])
    text = "".join(capsys.readouterr())
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text and "Traceback" not in text
    assert "\\x1b[2J\\x07\\x0d.csv" in text
