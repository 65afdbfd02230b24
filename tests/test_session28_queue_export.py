"""A hospital's queue system export (排队叫号明细), as a new user maps it (session 28).

`records map` now proposes 业务类型 as the queue and, the export having no window column while windoweval.toml has one
window, `constant: {window_id: …}` (before: window_id listed as not found, the user left to find `constant`).  A queue
number that restarts each day (A001 on 3 and 4 March) is refused as a duplicate key with the fix that fits it (export
the system's serial number), not the monthly-export advice to keep the latest row (which would drop a real ticket).
"""
from tests._workspace import ROOT, run_cli, write_workspace

EXPORT = ("票号,取号时间,叫号时间,窗口号,业务类型,状态\n"
          "A001,2025-03-03 08:31:00,2025-03-03 08:40:00,3,挂号收费,已办结\n"
          "A002,2025-03-03 08:32:00,,3,挂号收费,过号\n"
          "A001,2025-03-04 08:30:00,2025-03-04 08:35:00,2,挂号收费,已办结\n")
WINDOWS = (("HBIL", "挂号收费处", "hospital_billing"),)


def _run(*args):
    return run_cli(*args, cwd=ROOT)


def _dir(tmp_path, export=EXPORT):
    write_workspace(tmp_path, WINDOWS, name="x")
    (tmp_path / "排队明细.csv").write_text(export, encoding="utf-8")
    return tmp_path


def _mapped(tmp_path):
    """The data folder with the mapping `records map` proposed, checked as it is proposed."""
    d = _dir(tmp_path)
    p = _run("records", "map", str(d / "排队明细.csv"), "--kind", "queue_tickets", "--data", str(d))
    assert p.returncode == 0, p.stderr
    assert '"业务类型": queue' in p.stdout
    assert 'constant: {window_id: "HBIL"}' in p.stdout
    assert "window_id(必填 required)" not in p.stdout
    (d / "mapping.yaml").write_text(p.stdout, encoding="utf-8")
    return d


def test_map_proposes_queue_and_the_only_window(tmp_path):
    _mapped(tmp_path)


def test_daily_numbers_get_their_own_fix(tmp_path):
    d = _mapped(tmp_path)
    p = _run("records", "check", "--data", str(d))
    assert p.returncode == 3
    out = p.stdout + p.stderr
    assert "restarts each day" in out and "每日重新编号" in out and "keep the latest row" not in out


def test_same_day_duplicate_keeps_the_monthly_advice(tmp_path):
    d = _mapped(tmp_path)
    (d / "排队明细.csv").write_text(EXPORT.replace("A001,2025-03-04 08:30:00,2025-03-04 08:35:00",
                                                  "A001,2025-03-03 08:31:00,2025-03-03 08:41:00"), encoding="utf-8")
    p = _run("records", "check", "--data", str(d))
    assert p.returncode == 3
    out = p.stdout + p.stderr
    assert "keep the latest row" in out and "restarts each day" not in out
