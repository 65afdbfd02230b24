"""Tiny Parquet stores through the real command line (seventeenth audit): each gives verdicts or a clear message,
never a traceback.

A reviewer saw ``windoweval score`` crash with ``KeyError 'order_type'`` in ``engine.plan._positions`` on a store of
3 work orders of one kind.  It is a year the store holds no record of: no piece is read, and the measures that
gather their population (the promises, the hour slots) were judged on a frame without columns.  Cases: 1 row;
3 rows of one order type in one window; every row open; a year with no row (alone: refused, exit 3, as ``report``
refuses it; beside a kind that has the year: scored).
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest
from _workspace import HALL, run_cli, write_workspace

HEAD = "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"


def _store(tmp_path: Path, kinds: dict) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    write_workspace(data, HALL, name="小数据测试 / tiny store")
    for kind, text in kinds.items():
        f = tmp_path / f"{kind}.csv"
        f.write_text(text, encoding="utf-8")
        p = run_cli("records", "import", kind, str(f), "--data", str(data), cwd=tmp_path)
        assert p.returncode == 0, p.stdout + p.stderr
    return data


def _score(tmp_path: Path, data: Path, year: int, *more) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / f"out{year}{len(more)}"
    p = run_cli("score", "--year", str(year), "--data", str(data), "--out", str(out), *more, cwd=tmp_path)
    assert "Traceback" not in p.stdout + p.stderr, p.stdout + p.stderr
    assert p.returncode != 5, p.stdout + p.stderr
    return p, out


def _verdict(out: Path, measure: str) -> str:
    r = pd.read_csv(out / "all_results.csv", dtype={"window_id": str})
    return r.set_index("measure").loc[measure, "verdict"]


@pytest.mark.parametrize("rows, verdict", [
    ("1,PW01,fault_repair,2025-06-01 10:00,2025-06-01 10:30,\n", "pass"),                       # one row
    ("1,PW01,fault_repair,2025-06-01 10:00,2025-06-01 10:30,\n"
     "2,PW01,fault_repair,2025-06-02 10:00,2025-06-02 11:30,\n"
     "3,PW01,fault_repair,2025-06-03 10:00,2025-06-03 10:45,\n", "fail"),                        # 2 of 3 in 45 min
    ("1,PW01,fault_repair,2025-12-31 23:50,,\n2,PW01,fault_repair,2025-12-31 23:55,,\n", "open"),  # every row open
])
def test_a_tiny_store_of_one_kind_gives_verdicts(tmp_path, rows, verdict):
    data = _store(tmp_path, {"work_orders": HEAD + rows})
    p, out = _score(tmp_path, data, 2025)
    assert p.returncode == 0, p.stdout + p.stderr
    assert _verdict(out, "power_window.10.2.5") == verdict


def test_a_year_the_store_holds_no_record_of_is_refused_clearly(tmp_path):
    """It crashed with KeyError 'order_type' (exit 5) on the pandas path."""
    data = _store(tmp_path, {"work_orders": HEAD + "1,PW01,fault_repair,2025-06-01 10:00,2025-06-01 10:30,\n"})
    p, _ = _score(tmp_path, data, 2026)
    assert p.returncode == 3, p.stdout + p.stderr
    assert "2026" in p.stderr and "no records for 2026" in p.stderr


def test_a_kind_without_the_year_beside_one_with_it_is_scored(tmp_path):
    """Work orders of 2025 and 2024: scoring 2024 reads no 2025 piece and the other way round; each year scores."""
    data = _store(tmp_path, {"work_orders": HEAD + "1,PW01,fault_repair,2025-06-01 10:00,2025-06-01 10:30,\n",
                             "outages": "outage_id,customer_id,window_id,voltage_class,outage_kind,start_at,"
                                        "cause_cleared_at,restored_at\n"
                                        "O1,C1,PW01,kv10,fault,2024-05-06 08:00,2024-05-06 09:00,2024-05-06 10:00\n"})
    p, out = _score(tmp_path, data, 2025)
    assert p.returncode == 0, p.stdout + p.stderr
    assert _verdict(out, "power_window.10.2.5") == "pass"
    assert _verdict(out, "power_window.10.2.9#outages") == "no_data"
    p, out = _score(tmp_path, data, 2024)
    assert p.returncode == 0, p.stdout + p.stderr
    assert _verdict(out, "power_window.10.2.9#outages") == "pass"
    assert _verdict(out, "power_window.10.2.5") == "no_data"
