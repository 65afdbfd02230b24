"""An organisation's own exports (audit 2): headers with a bracketed note, a summary sheet, a totals row.

Each is read correctly or refused saying what it is; each test fails on the code before the audit.
"""
from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.records.validate import validate

TOML = 'name = "示例"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
ORDERS = ("工单号,窗口编号,工单类型,受理时间(北京时间),到达现场时间（北京时间）\n"
          "W1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n"
          "W2,PW01,fault_repair,2025-06-02 18:00,2025-06-02 20:00\n")


def test_map_proposes_headers_with_a_bracketed_note_and_the_proposal_reads_the_file(tmp_path, capsys):
    """受理时间(北京时间) is 受理时间 with a note: proposed (to be checked), not put among the ignored headers."""
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    assert main(["records", "map", str(tmp_path / "work_orders.csv"), "--kind", "work_orders",
                 "--out", str(tmp_path / "mapping.yaml")]) == 0
    text = (tmp_path / "mapping.yaml").read_text(encoding="utf-8")
    assert '"受理时间(北京时间)": received_at   # 请核对单位或时区' in text
    assert '"到达现场时间(北京时间)": arrived_at' in text
    assert "ignore" not in text
    capsys.readouterr()
    assert main(["records", "check", "--data", str(tmp_path)]) == 0     # the proposal, kept as it is, reads the file
    out = capsys.readouterr()
    assert "work_orders: 2 行 / rows" in out.out + out.err


def test_a_summary_sheet_in_the_workbook_is_named_with_the_fix(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["工单号", "窗口编号", "工单类型", "受理时间", "到达现场时间"])
    ws.append(["W1", "PW01", "fault_repair", "2025-06-01 18:00", "2025-06-01 18:20"])
    s = wb.create_sheet("汇总")
    s.append(["窗口编号", "工单数"])
    s.append(["PW01", 1])
    p = tmp_path / "work_orders.xlsx"
    wb.save(p)
    with pytest.raises(RecordsError) as e:
        load_files("work_orders", [p])
    pr = e.value.problems
    row = pr[pr["code"] == "sheet_not_records"]
    assert len(row) == 1 and "汇总" in str(row["file"].iloc[0])
    assert "删除" in row["fix_zh"].iloc[0] and "delete it from the workbook" in row["fix_en"].iloc[0]


@pytest.mark.parametrize("word", ["合计", "总计：", " 小计 ", "Total"])
def test_a_totals_row_is_named_as_one(word):
    df = pd.DataFrame({"order_id": ["W1", "W2", word], "window_id": ["PW01", "PW01", None],
                       "order_type": ["fault_repair", "fault_repair", None],
                       "received_at": ["2025-06-01 18:00", "2025-06-02 18:00", None],
                       "arrived_at": ["2025-06-01 18:20", None, "2"]})
    with pytest.raises(RecordsError) as e:
        validate(df, "work_orders", file="orders.csv")
    pr = e.value.problems
    t = pr[pr["code"] == "totals_row"]
    assert t[["row", "column", "value"]].values.tolist() == [[4, "order_id", word]]
    assert "合计行" in t["problem_zh"].iloc[0] and "totals row" in t["problem_en"].iloc[0]
    assert (pr["row"] == 4).sum() > 1            # the row's own errors are still listed beside it


def test_a_clean_file_is_not_looked_at_for_totals():
    df = pd.DataFrame({"order_id": ["合计"], "window_id": ["PW01"], "order_type": ["fault_repair"],
                       "received_at": ["2025-06-01 18:00"], "arrived_at": ["2025-06-01 18:20"]})
    out = validate(df, "work_orders", file="orders.csv")   # an id that reads 合计 on a valid record is a record
    assert out["order_id"].tolist() == ["合计"]
