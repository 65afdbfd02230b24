"""records25: the refusal of a binary .et/.xls (BIFF, OLE2) told the user to "install xlrd (pip install xlrd)", a
library they do not know; now it says only what they do: open it in WPS/Excel and save it as .xlsx, Chinese first."""
import pytest

from windoweval.records.io import ExportError, read_tables

try:
    import xlrd  # noqa: F401
    HAVE_XLRD = True
except ImportError:
    HAVE_XLRD = False


@pytest.mark.skipif(HAVE_XLRD, reason="xlrd installed: binary workbooks are read")
@pytest.mark.parametrize("name, app", [("工单.et", "WPS"), ("工单.xls", "Excel"), ("工单.csv", "Excel")])
def test_binary_workbook_refusal_says_what_to_do(tmp_path, name, app):
    f = tmp_path / name
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ExportError) as e:
        read_tables(f)
    text = str(e.value)
    assert "xlrd" not in text and "pip" not in text
    assert name in text and app in text and ".xlsx" in text and "另存为" in text
    assert text.index("另存为") < text.index("save it as")      # Chinese first, English alongside
    assert e.value.exit_code == 3
