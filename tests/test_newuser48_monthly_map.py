"""A records export split in monthly files (2025-01.csv … 2025-12.csv), the header spelled otherwise in two months
(newuser48): ``records map "2025-*.csv" --kind work_orders`` proposes one section for all twelve, ``file`` the
pattern, each other spelling under ``columns`` with the month that uses it; ``records check`` then reads every row
of the twelve as one kind.  Before, ``records map`` took one file only (the pattern: 'file not found', exit 3), and
a user mapped each month alone and merged the sections by hand."""
from __future__ import annotations

import yaml

from windoweval.cli import main

WS = '''name = "逐月导出 / monthly exports"
mapping_file = "mapping.yaml"

[[windows]]
id = "PW01"
name = "城东营业厅"
kind = "power_hall"
'''


def _write_months(d):
    for m in range(1, 13):
        head = "工单号,窗口编号,工单类型,受理时间,到达现场时间"
        if m == 4:
            head = "工单编号,窗口编号,工单类型,受理时间,到达现场时间"
        if m == 9:
            head = "工单号,窗口编号,工单类型,受理日期时间,到达时间"
        rows = [f"W{m:02d}{i},PW01,fault_repair,2025-{m:02d}-0{i} 08:00,2025-{m:02d}-0{i} 08:30" for i in range(1, 4)]
        (d / f"2025-{m:02d}.csv").write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


def test_monthly_files_mapped_as_one_kind(tmp_path, monkeypatch, capsys):
    _write_months(tmp_path)
    (tmp_path / "windoweval.toml").write_text(WS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["records", "map", "2025-*.csv", "--kind", "work_orders", "--out", "mapping.yaml"]) == 0
    text = (tmp_path / "mapping.yaml").read_text(encoding="utf-8")
    got = yaml.safe_load(text)["work_orders"]
    assert got["file"] == "2025-*.csv", text
    assert got["columns"] == {"工单号": "order_id", "窗口编号": "window_id", "工单类型": "order_type",
                              "受理时间": "received_at", "到达现场时间": "arrived_at", "工单编号": "order_id",
                              "受理日期时间": "received_at", "到达时间": "arrived_at"}, text
    # each other spelling says which month writes it, and is marked for review
    line = next(ln for ln in text.splitlines() if ln.strip().startswith('"工单编号"'))
    assert "2025-04.csv" in line and "请核对 / check" in line, line
    line = next(ln for ln in text.splitlines() if ln.strip().startswith('"受理日期时间"'))
    assert "2025-09.csv" in line, line
    capsys.readouterr()
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "✓ work_orders: 36 行 / rows" in out, out


def test_a_pattern_naming_no_file_is_refused_with_the_fix(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["records", "map", "2026-*.csv", "--kind", "work_orders"]) == 3
    err = capsys.readouterr().err
    assert "2026-*.csv" in err and "找不到文件" in err and "file not found" in err
