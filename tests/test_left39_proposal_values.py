"""records map's proposal, kept as it is, reads the export (left39): a ``values`` column with nothing but comments
under it (window ids the workspace cannot tell) was null in YAML and the whole mapping refused (exit 3, "values.window_id
must be a mapping"); a totals row's count under the window header was listed as a window id."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import openpyxl
import yaml

from tests._workspace import write_workspace
from windoweval.cli import main
from windoweval.records.propose import propose
from windoweval.records.workspace import load_workspace


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(args))
    return rc, out.getvalue() + err.getvalue()


def test_unknown_windows_only_the_proposal_is_read_as_it_is(tmp_path):
    folder = write_workspace(tmp_path / "ws")
    f = folder / "工单.csv"
    f.write_text("工单编号,供电营业厅,工单类型,受理时间\nW1,PW01,fault_repair,2025-06-01 18:00\n"
                 "W2,X9营业点,fault_repair,2025-06-02 18:00\n", encoding="utf-8")
    text = propose(f, "work_orders", workspace=load_workspace(folder))
    sec = yaml.safe_load(text)["work_orders"]
    assert sec["values"]["window_id"] == {} and '"X9营业点"' in text     # named in a comment, still a mapping
    (folder / "mapping.yaml").write_text(text, encoding="utf-8")
    rc, out = _run("records", "check", "--data", str(folder))
    assert rc == 0, out
    assert "✓ work_orders: 2 行" in out and "X9营业点" in out


def test_a_totals_rows_count_is_no_window(tmp_path):
    folder = write_workspace(tmp_path / "ws")
    wb = openpyxl.Workbook()
    s = wb.active
    s.append(["示例供电公司 工单明细表"])
    s.append(["工单编号", "供电营业厅", "工单类型", "受理时间"])
    s.append(["W1", "PW01", "fault_repair", "2025-06-01 18:00"])
    s.append(["W2", "PW01", "fault_repair", "2025-06-02 18:00"])
    s.append(["合计", 2])
    wb.save(folder / "工单.xlsx")
    text = propose(folder / "工单.xlsx", "work_orders", workspace=load_workspace(folder))
    assert "不是 windoweval.toml 的窗口" not in text and '"2"' not in text
    (folder / "mapping.yaml").write_text(text, encoding="utf-8")
    rc, out = _run("records", "check", "--data", str(folder))
    assert rc == 0 and "✓ work_orders: 2 行" in out, out


def test_a_header_behind_a_bidi_control_is_listed_not_counted_as_personal(tmp_path):
    f = tmp_path / "工单.csv"
    f.write_text("工单编号,营业厅,工单类型,受理时间,\u202e备注\nW1,PW01,fault_repair,2025-06-01 18:00,x\n", encoding="utf-8")
    text = propose(f, "work_orders")
    assert "含个人信息" not in text and "personal data" not in text
    assert "备注" in str(yaml.safe_load(text)["work_orders"]["ignore"])
