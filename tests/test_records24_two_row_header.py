"""records24 #1: a header over two rows (时间 merged across over 受理 / 办结), in an XLSX and in a web page saved as
.xls (colspan / rowspan).  Already right, pinned here: each column is named by the row below where a group is above
it (受理, 办结), else by its own merged-down name (工单号); mapping.yaml names the lower name (``受理: received_at``);
without that entry the refusal names the lower header and the entry to write."""
import pytest

from windoweval.records import RecordsError
from windoweval.records.files import load

from _corpus import rows_workbook, wo_workspace

TOP = ["工单号", "窗口", "业务类型", "时间", None]
LOW = [None, None, None, "受理", "办结"]
ROW = ["GD1", "PW01", "故障报修", "2025-03-05 09:00", "2025-03-05 09:40"]


def _write(d, fmt):
    if fmt == "xlsx":
        def merge(wb):
            for r in ("A1:A2", "B1:B2", "C1:C2", "D1:E1"):
                wb.worksheets[0].merge_cells(r)
        rows_workbook(d / "work_orders.xlsx", {"s": [TOP, LOW, ROW]}, merge)
    else:
        cells = "".join(f"<td rowspan=2>{h}</td>" for h in TOP[:3]) + "<td colspan=2>时间</td>"
        page = (f"<html><body><table><tr>{cells}</tr><tr><td>受理</td><td>办结</td></tr><tr>"
                + "".join(f"<td>{c}</td>" for c in ROW) + "</tr></table></body></html>")
        (d / "work_orders.xls").write_text(page, encoding="utf-8")


@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_a_two_row_header_is_read_by_the_lower_names(tmp_path, fmt):
    wo_workspace(tmp_path)
    _write(tmp_path, fmt)
    with pytest.raises(RecordsError) as e:
        load("work_orders", tmp_path)
    p = e.value.problems
    fix = p.loc[p["column"] == "received_at", "fix_en"].iloc[0] if "fix_en" in p else str(e.value)
    assert "受理: received_at" in str(e.value) or "受理: received_at" in fix
    m = tmp_path / "mapping.yaml"
    m.write_text(m.read_text(encoding="utf-8").replace("受理时间: received_at, 完成时间: completed_at",
                                                       "受理: received_at, 办结: completed_at"), encoding="utf-8")
    got = load("work_orders", tmp_path).frame
    assert got["order_id"].tolist() == ["GD1"]
    assert str(got["received_at"].iloc[0]) == "2025-03-05 09:00:00" and str(got["completed_at"].iloc[0]) == "2025-03-05 09:40:00"
