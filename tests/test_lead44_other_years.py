"""A year's scorecard says which kinds of records hold other years' records, left out of it (newuser44, newuser44b:
a 2024 row in a 2025 export was left out of `score --year 2025` without a word; every row is counted, refused with a
reason, or shown as open, and one left out by the year asked is at least said)."""
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from windoweval.evaluation import other_years, other_years_said

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp_path, *args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "windoweval.cli", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)


def _workspace(tmp_path, received):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text('name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n',
                                       encoding="utf-8")
    pd.DataFrame({"工单号": [f"W{i}" for i in range(len(received))], "窗口编号": "PW01", "工单类型": "fault_repair",
                  "受理时间": received, "到达现场时间": [r.replace("08:00", "08:30") for r in received]}).to_csv(
        d / "work_orders.csv", index=False)
    return d


def test_other_years_said_by_the_score_command(tmp_path):
    d = _workspace(tmp_path, ["2024-12-30 08:00", "2025-03-03 08:00", "2025-03-04 08:00"])
    p = _run(tmp_path, "score", "--standard", "power_window", "--year", "2025", "--data", str(d),
             "--out", str(tmp_path / "out"))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "不在 2025 年的评价内" in p.stdout and "2024 年:work_orders" in p.stdout, p.stdout[-2000:]
    assert "outside the 2025 evaluation: 2024: work_orders" in p.stdout


def test_nothing_said_when_the_data_is_of_the_year_alone(tmp_path):
    d = _workspace(tmp_path, ["2025-03-03 08:00", "2025-03-04 08:00"])
    p = _run(tmp_path, "score", "--standard", "power_window", "--year", "2025", "--data", str(d),
             "--out", str(tmp_path / "out"))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "其他年份" not in p.stdout and "other years" not in p.stdout


def test_other_years_of_the_kinds_read_only():
    covered = {"work_orders": [2024, 2025], "complaints": [2025, 2026]}
    assert other_years(covered, 2025, {"work_orders"}) == {"work_orders": [2024]}
    assert other_years(covered, 2025) == {"work_orders": [2024], "complaints": [2026]}
    assert other_years_said({}, 2025) is None
