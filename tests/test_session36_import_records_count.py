"""session 36: ``records import`` said "7 行 / rows" for a process log of 7 rows stored as 2 work orders (steps35
left it): the count is of the records stored (a log's orders, a list's customers), so it says 条记录 / records."""
from test_steps35_steps import GOOD, _workspace
from windoweval.cli import main


def test_a_log_s_import_counts_its_orders(tmp_path, capsys):
    d = _workspace(tmp_path, GOOD)
    assert main(["records", "import", "work_orders", str(d / "流程日志.csv"), "--data", str(d)]) == 0
    out = capsys.readouterr().out
    assert "✓ work_orders: 2 条记录 / records" in out, out
    assert "7 行" not in out
