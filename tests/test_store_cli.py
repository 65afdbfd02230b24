"""``windoweval records import KIND FILE [--data DIR]``: a delivery into the Parquet store, with the CLI's exit codes."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

import windoweval as we
from windoweval.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from windoweval.records import read_records
from windoweval.records.store import is_validated


def run(*args: str) -> tuple[int, str, str]:
    so, se = io.StringIO(), io.StringIO()
    with redirect_stdout(so), redirect_stderr(se):
        code = main(list(args))
    return code, so.getvalue(), se.getvalue()


def delivery(path, arrived=("2025-03-01 08:30", "")):
    """Three work orders as an export has them (Chinese headers), two in March and one in April 2025."""
    pd.DataFrame({"工单号": ["W1", "W2", "W3"], "窗口编号": ["PW01", "PW01", "PW02"],
                  "工单类型": ["fault_repair"] * 3,
                  "受理时间": ["2025-03-01 08:00", "2025-03-02 09:00", "2025-04-02 10:00"],
                  "到达现场时间": [*arrived, "2025-04-02 10:40"]}).to_csv(path, index=False)
    return path


def test_import_writes_the_store_and_the_records_read_back(tmp_path):
    src = delivery(tmp_path / "工单.csv")
    store = tmp_path / "store"
    code, out, err = run("records", "import", "work_orders", str(src), "--data", str(store))
    assert code == EXIT_OK, err
    assert "work_orders: 3" in out and "year=2025/month=03" in out
    assert is_validated(store / "work_orders", "work_orders")
    got = read_records("work_orders", store, year=2025).sort_values("order_id")
    assert got["order_id"].tolist() == ["W1", "W2", "W3"]
    assert got["arrived_at"].isna().tolist() == [False, True, False]


def test_a_refused_delivery_exits_3_and_leaves_the_store(tmp_path):
    store = tmp_path / "store"
    assert run("records", "import", "work_orders", str(delivery(tmp_path / "a.csv")), "--data", str(store))[0] == 0
    before = {p.relative_to(store): p.read_bytes() for p in store.rglob("*") if p.is_file()}
    bad = delivery(tmp_path / "b.csv", arrived=("2025-03-01 08:30", "not a time"))
    code, _, err = run("records", "import", "work_orders", str(bad), "--data", str(store))
    assert code == EXIT_INPUT
    assert "not a time" in err and "arrived_at" in err           # the bad row is named
    after = {p.relative_to(store): p.read_bytes() for p in store.rglob("*") if p.is_file()}
    assert after == before


def test_wrong_command_lines(tmp_path):
    src = delivery(tmp_path / "a.csv")
    code, _, err = run("records", "import", "work_order", str(src), "--data", str(tmp_path))
    assert code == EXIT_USAGE and "work_orders" in err          # the known kinds are listed
    assert run("records", "import", "work_orders")[0] == EXIT_USAGE
    code, _, err = run("records", "import", "work_orders", str(tmp_path / "missing.csv"), "--data", str(tmp_path))
    assert code == EXIT_INPUT and "missing.csv" in err
    assert not (tmp_path / "work_orders").exists()


def test_import_records_is_public():
    assert we.import_records is __import__("windoweval.records.store", fromlist=["import_records"]).import_records
    assert "import_records" in we.__all__


def test_each_delivery_is_kept_by_its_hash(tmp_path):
    """As the survey store keeps its deliveries: byte for byte, named by SHA-256, once; a refusal keeps nothing."""
    import hashlib

    from windoweval.records.store import list_deliveries, verify_raw

    store = tmp_path / "store"
    a = delivery(tmp_path / "a.csv")
    sha = hashlib.sha256(a.read_bytes()).hexdigest()
    code, out, _ = run("records", "import", "work_orders", str(a), "--data", str(store))
    assert code == EXIT_OK and sha[:12] in out
    kept = store / "_raw" / "work_orders" / f"{sha}.csv"
    assert kept.read_bytes() == a.read_bytes()
    assert run("records", "import", "work_orders", str(a), "--data", str(store))[0] == EXIT_OK
    bad = delivery(tmp_path / "b.csv", arrived=("2025-03-01 08:30", "not a time"))
    assert run("records", "import", "work_orders", str(bad), "--data", str(store))[0] == EXIT_INPUT
    assert sorted(p.name for p in (store / "_raw" / "work_orders").iterdir()) == [kept.name]
    t = list_deliveries(store, "work_orders")
    assert t["sha256"].tolist() == [sha, sha] and t["file_name"].tolist() == ["a.csv", "a.csv"]
    assert t["raw"].tolist() == [f"_raw/work_orders/{sha}.csv"] * 2
    # the store's readers never see the kept file: the dataset reads as before
    assert read_records("work_orders", store, year=2025)["order_id"].nunique() == 3
    assert verify_raw(store)["ok"].tolist() == [True]
    kept.write_bytes(b"changed")
    v = verify_raw(store)
    assert v["ok"].tolist() == [False] and "hash mismatch" in v["problem"].iloc[0]


def test_a_copy_a_killed_import_left_half_written_is_removed_by_the_next(tmp_path):
    """A SIGKILL while a delivery was being kept leaves ``.<name>.new-<pid>-<random>``; the next keep removes it once
    that process is gone (atomic.recover), and leaves a copy a live import is writing."""
    import os
    import subprocess
    import sys

    from windoweval.records.raw import keep_raw

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    raw = tmp_path / "raw"
    raw.mkdir()
    left, live = raw / f".abc.csv.new-{dead}-0001", raw / f".abd.csv.new-{os.getpid()}-0002"
    left.write_bytes(b"half")
    live.write_bytes(b"being written")
    (tmp_path / "d.csv").write_bytes(b"a\n1\n")
    keep_raw(tmp_path / "d.csv", raw)
    assert not left.exists() and live.exists()
