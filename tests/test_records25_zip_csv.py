"""records25: an XLSX workbook (zip bytes) saved under a .csv name was read as text garbage or a confusing error.
Now it is detected by content and read as the workbook it is, as .xls/.et are."""
import openpyxl

from windoweval.records.io import read_tables


def test_xlsx_under_csv_name_read_as_workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "工单"
    ws.append(["工单号", "受理时间", "窗口"])
    ws.append(["WO1", "2025-06-01 09:00", "PW01"])
    f = tmp_path / "导出.csv"
    wb.save(f)
    assert f.read_bytes()[:4] == b"PK\x03\x04"
    t = read_tables(f)[0]
    assert t.headers == ["工单号", "受理时间", "窗口"]
    assert t.frame.iloc[0].tolist() == ["WO1", "2025-06-01 09:00", "PW01"]
