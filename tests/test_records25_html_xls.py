"""records25: data/README.md said an .xls that is a web page (HTML) is refused, while it is read (records24); and
read_tables kept an HTML wording of the .xls refusal no file could reach (the HTML branch returns first).  Now the
README says what happens, and the refusal left is the Excel 2003 XML one."""
import pytest

from windoweval import paths
from windoweval.records.io import ExportError, read_tables


def _workbooks_paragraph():
    text = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    return text.split("**工作簿 / Workbooks**", 1)[1].split("\n- **", 1)[0]


def test_html_xls_is_read_as_the_readme_says(tmp_path):
    f = tmp_path / "工单.xls"
    f.write_text("<html><meta charset=utf-8><body><table><tr><td>工单号</td><td>窗口</td></tr>"
                 "<tr><td>WO1</td><td>PW01</td></tr></table></body></html>", encoding="utf-8")
    assert read_tables(f)[0].frame.iloc[0].tolist() == ["WO1", "PW01"]
    para = _workbooks_paragraph()
    assert "网页表格(HTML)或 Excel 2003 XML 时被拒绝" not in para
    assert "web page (an HTML table) or Excel 2003 XML is refused" not in para
    assert "网页" in para and "HTML" in para and "read" in para


def test_xml_xls_refusal_names_xml_only(tmp_path):
    f = tmp_path / "工单.xls"
    f.write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
                 encoding="utf-8")
    with pytest.raises(ExportError) as e:
        read_tables(f)
    text = str(e.value)
    assert "Excel 2003 XML" in text and "HTML" not in text and "网页" not in text
    assert text.index("另存为") < text.index("save it as") and e.value.exit_code == 3


def test_html_without_table_refused(tmp_path):
    f = tmp_path / "工单.xls"
    f.write_text("<html><body><p>导出失败</p></body></html>", encoding="utf-8")
    with pytest.raises(ExportError) as e:
        read_tables(f)
    assert "没有表格" in str(e.value) and "without a table" in str(e.value) and e.value.exit_code == 3
