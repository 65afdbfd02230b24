"""records24 #5: a WPS ``.et`` workbook, or an old binary ``.xls`` (BIFF, OLE2), as an organisation saves it.

No reader of old binary workbooks is in the project's environment (xlrd is not among the packages to hand), so such a
file is refused naming it and the fix (save as .xlsx), exit 3.  Before, an ``.et`` named under ``file`` in
mapping.yaml was read as a CSV and refused for a NUL character, the message quoting its binary bytes; an ``.et`` that
holds an XLSX (a zip) or a web page's table, as WPS and some systems save it, is read as the same file under
``.xls`` is.
"""
import openpyxl
import pytest

from windoweval.cli import main
from windoweval.records.files import load
from windoweval.records.io import ExportError, read_tables

from _corpus import WO_HEAD, refused_import, rows_workbook, wo_rows, wo_workspace

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8


@pytest.mark.parametrize("name", ["工单.et", "工单.ett", "工单.xls", "工单.dat"])
def test_an_old_binary_workbook_is_refused_with_the_fix(tmp_path, capsys, name):
    f = tmp_path / name
    f.write_bytes(OLE)
    with pytest.raises(ExportError) as e:
        read_tables(f)
    msg = str(e.value)
    assert name in msg and ".xlsx" in msg and "NUL" not in msg and "\ufffd" not in msg and "\x00" not in msg
    assert e.value.exit_code == 3
    if name.endswith((".et", ".ett")):
        assert "WPS" in msg
    text = refused_import(f, tmp_path / "store", capsys)
    assert "另存为" in text and "save" in text


def test_an_et_named_in_the_mapping_is_refused_by_records_check(tmp_path, capsys):
    wo_workspace(tmp_path, "  file: 工单.et\n")
    (tmp_path / "工单.et").write_bytes(OLE)
    assert main(["records", "check", "--data", str(tmp_path)]) == 3
    out = "".join(capsys.readouterr())
    assert "工单.et" in out and "WPS" in out and "Traceback" not in out and "NUL" not in out


def test_an_et_holding_an_xlsx_or_a_web_page_is_read_as_the_xls_is(tmp_path):
    wo_workspace(tmp_path, "  file: 工单.et\n")
    rows_workbook(tmp_path / "工单.et", {"3月": [WO_HEAD] + wo_rows("GD", 2, "03-05")})
    assert load("work_orders", tmp_path).frame["order_id"].tolist() == ["GD1", "GD2"]
    page = "<html><body><table><tr>" + "".join(f"<td>{h}</td>" for h in WO_HEAD) + "</tr>" + "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in wo_rows("H", 2, "03-06")) + "</table></body></html>"
    (tmp_path / "工单.et").write_text(page, encoding="utf-8")
    assert load("work_orders", tmp_path).frame["order_id"].tolist() == ["H1", "H2"]
