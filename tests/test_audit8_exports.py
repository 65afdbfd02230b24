"""A new organisation's own exports, read as its systems write them (eighth audit): a preamble above the headers
(导出时间 / 导出人, a merged group header), placeholder blanks (-, 无, /) in time and number columns, a code that
means "none" mapped to blank, units written after numbers (6付, 30分钟).  Each read without reshaping the file."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from windoweval.records.io import read_tables
from windoweval.records.read import read_records

HDR = ["工单编号", "供电单位", "工单类型", "受理时间", "到达现场时间", "归档时间", "处理时长", "联系电话"]
ROW = ["GD01", "PW01", "fault_repair", "2025-06-01 20:10", "2025-06-01 20:55", "2025-06-01 22:00", "1.8小时", "138"]


@pytest.mark.parametrize("above", [
    [["2025年工单明细表"], ["导出时间:2026-01-05 08:00", "", "", "", "导出人:张三"]],      # a title, then two cells
    [["制表单位:城东营业厅", "制表日期:2026-01-05"]],                                     # two cells, no title
    [["2025年工单明细表"], ["基本信息", "", "", "时间节点"]],                              # a merged group header
])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_preamble_rows_above_the_header_are_skipped(tmp_path, above, suffix):
    f = tmp_path / f"工单{suffix}"
    rows = above + [HDR, ROW, ROW[:0] + ["GD02"] + ROW[1:]]
    if suffix == ".csv":
        f.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(f)
    t = read_tables(f)[0]
    assert t.headers[:4] == HDR[:4]
    assert t.first_row == len(above) + 2
    assert t.frame.iloc[:, 0].tolist() == ["GD01", "GD02"]


def test_a_header_with_an_unnamed_column_is_still_the_header(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("工单编号,,受理时间,窗口编号,工单类型\nW1,x,2025-06-01 20:10,PW01,fault_repair\n", encoding="utf-8")
    t = read_tables(f)[0]
    assert t.headers == ["工单编号", "", "受理时间", "窗口编号", "工单类型"] and t.first_row == 2

