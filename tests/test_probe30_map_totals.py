"""probe30: `records map` proposed the counts of a totals row (合计: 2, 2, 2 under a wide checklist's items; 5 under a
code column) as codes to map (`"2": TODO`), while proposing the drop that skips that very row.  A totals row says
nothing of a column's codes: its cells are left out of the values proposed, as they were of the columns' forms."""
import openpyxl

from tests._workspace import run_cli, write_workspace


def _map(tmp_path, f, kind):
    p = run_cli("records", "map", str(f), "--kind", kind, cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout


def test_a_wide_checklists_totals_are_no_results(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["检查编号", "窗口编号", "检查时间", "方式", "佩戴工牌", "在岗在位", "三声服务"])
    ws.append(["V1", "GS01", "2025-03-05 10:00", "暗访", "是", "是", "否"])
    ws.append(["V2", "GS01", "2025-03-12 10:00", "暗访", "是", None, "是"])
    ws.append(["合计", None, None, None, 2, 1, 1])
    ws.append(["总计", None, None, None, 2, 1, 1])
    f = tmp_path / "inspections.xlsx"
    wb.save(f)
    out = _map(tmp_path, f, "inspections")
    assert '"是": pass' in out and '"否": fail' in out and '"合计"' in out
    assert '"2"' not in out and '"1"' not in out, out


def test_a_code_columns_totals_are_no_codes(tmp_path):
    rows = [["排队号", "窗口编号", "业务类型", "取号时间", "开始办理时间", "办结时间"],
            ["A1", "GS01", "综合事务", "2025-03-04 09:01", "2025-03-04 09:05", "2025-03-04 09:08"],
            ["A2", "GS01", "咨询", "2025-03-04 09:02", "2025-03-04 09:10", "2025-03-04 09:15"],
            ["合计", "", "2", "", "", ""]]
    f = tmp_path / "counter_transactions.csv"
    f.write_bytes("".join(",".join(r) + "\n" for r in rows).encode("gbk"))
    out = _map(tmp_path, f, "counter_transactions")
    assert '"咨询": enquiry' in out and '"综合事务": TODO' in out
    assert '"2":' not in out, out
