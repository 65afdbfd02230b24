"""Issue 14: a store file names, when it is written, its text columns no masking rule could change a value of, so that
``windoweval score`` does not scan their values again each time it masks the missed records (the order ids: most of
the masking scan's time at 10 million work orders).

The fact is exact: a value the masking scan (:func:`windoweval.privacy.candidate_pattern`) does not find is left as
written by every rule, so the missed records are the same with it and without it.  It holds under the rules it was
found with (a file written under other rules names none), for the whole dataset only when every file says so (one file
with a phone number written as an order id: the column is scanned, and masked), and never for a column of names or
of free text, which are masked by more than the scan finds.
"""
from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pyarrow as pa
import pyarrow.parquet as pq

from windoweval.cli import main
from windoweval.exports import prepare_missed
from windoweval.records import contracts
from windoweval.records.store import PLAIN_TEXT_KEY, import_records, plain_text_columns, with_plain_text, write_part


def _score(store, out) -> pa.Table:
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(store), "--out", str(out)])
    assert code == 0, so.getvalue()
    return pq.read_table(out / "power_window_missed.parquet")


def _spy(monkeypatch) -> list:
    """Each call of the export's Arrow masking hook: (the column's name, how many values)."""
    seen = []
    real = prepare_missed.arrow

    def spy(arr, name=None):
        seen.append((name, len(arr)))
        return real(arr, name)

    monkeypatch.setattr(prepare_missed, "arrow", spy)
    return seen


def test_a_store_file_names_its_plain_text_columns():
    t = with_plain_text(pa.table({
        "order_id": [f"WO{i}" for i in range(5000)],
        "window_id": ["PW01", "PW02"] * 2500,                              # few values: scanned by its distinct ones
        "customer_id": [f"C{i}" for i in range(4999)] + ["13812345678"],   # one phone among ids: not plain
        "note": pa.array([None] * 5000, pa.string()), "n": list(range(5000))}))
    got = json.loads(t.schema.metadata[PLAIN_TEXT_KEY])
    assert got["columns"] == ["order_id", "window_id", "note"]
    assert len(got["rules"]) == 16


def test_the_missed_records_are_the_same_with_and_without_it(work_orders_store, tmp_path, monkeypatch):
    assert {"order_id", "window_id", "order_type"} <= plain_text_columns(work_orders_store / "work_orders")
    seen = _spy(monkeypatch)
    kept = _score(work_orders_store, tmp_path / "plain")
    scanned_plain = sum(n for name, n in seen if name == "order_id")
    seen.clear()
    monkeypatch.setattr("windoweval.records.store.plain_text_columns", lambda f: frozenset())
    scanned = _score(work_orders_store, tmp_path / "scanned")
    assert kept.equals(scanned, check_metadata=True) and kept.num_rows
    # the order ids of the missed rows were not scanned again (nor, since score46, those of a promise's runs)
    assert scanned_plain < sum(n for name, n in seen if name == "order_id")


def test_a_phone_written_as_an_order_id_in_one_file_is_still_masked(tmp_path):
    from windoweval.demo import tiny_data_dir

    d = tiny_data_dir()
    (d / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,arrived_at\n"
        "WO1,PW01,fault_repair,2025-01-06 09:00,2025-01-06 11:00\n"           # January: ids only
        "13812345678,PW01,fault_repair,2025-02-03 09:00,2025-02-03 11:00\n",  # February: a phone as the id
        encoding="utf-8")
    said = []
    import_records("work_orders", d / "work_orders.csv", store_dir=d, progress=said.append)
    assert any("✓ 2 条记录 / records" in x for x in said), said   # records, as a split shift's row holds two
    (d / "work_orders.csv").unlink()
    files = sorted((d / "work_orders").rglob("*.parquet"))
    assert len(files) == 2    # a file a month
    named = [json.loads(pq.read_schema(f).metadata[PLAIN_TEXT_KEY])["columns"] for f in files]
    assert "order_id" in named[0] and "order_id" not in named[1]
    assert "order_id" not in plain_text_columns(d / "work_orders")
    ids = _score(d, tmp_path / "out").column("order_id").to_pylist()
    assert "13812345678" not in ids and "[手机号]" in ids and "WO1" in ids


def test_files_written_under_other_rules_or_before_name_none(tmp_path, monkeypatch):
    c = contracts()["work_orders"]
    t = pa.table({"order_id": ["WO1"], "window_id": ["PW01"]})
    write_part(t, tmp_path / "a.parquet", c)
    assert plain_text_columns(tmp_path) == {"order_id", "window_id"}
    pq.write_table(t, tmp_path / "b.parquet")                   # a file written before files said so
    assert plain_text_columns(tmp_path) == frozenset()
    (tmp_path / "b.parquet").unlink()
    import windoweval.privacy as privacy
    real = privacy.candidate_pattern
    monkeypatch.setattr(privacy, "candidate_pattern", lambda profile="records": real(profile) + "|WO")
    assert plain_text_columns(tmp_path) == frozenset()          # the rules changed since: scanned again


def test_a_promise_run_s_order_ids_are_stored_values_too(work_orders_store, tmp_path, monkeypatch):
    """score46: the promise measure's missed occurrences name their records by the key's level of the promises'
    index, which holds the piece's own ``order_id`` values: values of a plain column, stored so, are kept as they
    are there too (before, every piece scanned them again: a repeated run's one template row, a run of its own
    every row), and the files are the same as when every value is scanned."""
    assert "order_id" in plain_text_columns(work_orders_store / "work_orders")
    seen = _spy(monkeypatch)
    kept = _score(work_orders_store, tmp_path / "plain")
    repeats = pq.read_table(tmp_path / "plain" / "power_window_missed_repeats.parquet") \
        if (tmp_path / "plain" / "power_window_missed_repeats.parquet").exists() else None
    assert kept.filter(pa.compute.starts_with(kept.column("measure"), "power_window.5.2")).num_rows \
        or repeats is not None   # the promise measure missed: its runs were made
    assert sum(n for name, n in seen if name == "order_id") == 0
    monkeypatch.setattr("windoweval.records.store.plain_text_columns", lambda f: frozenset())
    scanned = _score(work_orders_store, tmp_path / "scanned")
    assert kept.equals(scanned, check_metadata=True) and kept.num_rows
    for f in ("power_window_missed_repeats.parquet", "power_window_missed.csv"):
        a, b = tmp_path / "plain" / f, tmp_path / "scanned" / f
        assert a.exists() == b.exists() and (not a.exists() or a.read_bytes() == b.read_bytes())
