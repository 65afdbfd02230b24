"""``records import`` killed around its kept copy (thirty-first audit).

Seen before: the delivery's kept copy (``_raw/<kind>/<sha256>.csv``) was named before the dataset that names it was
swapped in; a kill in between left a kept copy no import names, and the next import of the same bytes adopted it
(its size checked, not its hash).  The copy now waits under a pending name until the dataset is in; a killed
import's pending copy is named (the dataset went in) or removed (it did not) by the next run.

The real command is killed (``WINDOWEVAL_KILL_AT``) at each step from the staged copy to its naming; after each, the
store holds the former delivery's records or the new one's, whole; every kept copy is named by an import and hashes to
its name; the next import of the same file succeeds and leaves no pending copy.
"""
from __future__ import annotations

import signal

import pytest

from _workspace import fault_repairs_csv, run_cli, write_workspace

#: the swap's own steps (windoweval.atomic.STEPS, present before this audit) and the import's (RAW_STEPS)
KILL_AT = ("raw_staged", "temp_made", "temp_written", "before_swap", "exchanged", "done", "raw_named")


def _state(store):
    from windoweval.records import read_records
    from windoweval.records.store import list_deliveries, settle_raw, verify_raw

    # first: the next run's start-up (settle_raw) names a copy a killed import left pending after its dataset went
    # in; verify_raw only reads (review rev16a: a reader never writes)
    settle_raw(store)
    ok = verify_raw(store)
    ids = sorted(read_records("work_orders", store, year=2025)["order_id"])
    named = {r.rsplit("/", 1)[-1] for r in list_deliveries(store, kind="work_orders")["raw"]}
    raw = store / "_raw" / "work_orders"
    kept = {p.name for p in raw.iterdir() if not p.name.startswith(".")}
    hidden = sorted(p.name for p in raw.iterdir() if p.name.startswith("."))
    return ids, named, kept, hidden, ok


@pytest.mark.parametrize("step", KILL_AT)
def test_records_import_killed_around_its_kept_copy(step, tmp_path):
    store = write_workspace(tmp_path / "store")
    a, b = fault_repairs_csv(tmp_path / "a.csv", "A", 3), fault_repairs_csv(tmp_path / "b.csv", "B", 4)
    r = run_cli("records", "import", "work_orders", str(a), "--data", str(store), "--replace", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    old = [f"A{i:03d}" for i in range(3)]
    new = [f"B{i:03d}" for i in range(4)]

    r = run_cli("records", "import", "work_orders", str(b), "--data", str(store), "--replace", cwd=tmp_path,
                env={"WINDOWEVAL_KILL_AT": step})
    assert r.returncode == -signal.SIGKILL, (step, r.returncode, r.stderr[-2000:])
    ids, named, kept, _, ok = _state(store)
    assert ids in (old, new), ids
    # every kept copy is named by an import and whole; none is kept that no import names
    assert kept == named, (step, kept, named)
    assert ok["ok"].all(), ok.to_dict("records")

    r = run_cli("records", "import", "work_orders", str(b), "--data", str(store), "--replace", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    ids, named, kept, hidden, ok = _state(store)
    assert ids == new
    assert kept == named and len(kept) == 2 and ok["ok"].all()
    assert hidden == [], hidden


def test_an_unnamed_copy_is_hashed_before_it_is_adopted(tmp_path):
    """A copy under the final name no import names (a former release's killed import left it) is taken only when its
    bytes still hash to its name: altered, it is written again."""
    from windoweval.records.raw import sha256_file

    store = write_workspace(tmp_path / "store")
    b = fault_repairs_csv(tmp_path / "b.csv", "B", 4)
    raw = store / "_raw" / "work_orders"
    raw.mkdir(parents=True)
    planted = raw / f"{sha256_file(b)}.csv"
    planted.write_bytes(b"X" * b.stat().st_size)       # same size, other bytes
    r = run_cli("records", "import", "work_orders", str(b), "--data", str(store), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert planted.read_bytes() == b.read_bytes()
