"""The row groups a sorted store's by-value scorer reads through the scan with the filter (their statistics do not say
the filter holds: orders filed in another year) are read without pre-buffering on Arrow's I/O threads, whose
allocator kept the freed pages resident: most of the working-day subset's peak (issue 14 item 3: 361 -> ~290 MiB
at 10 M work orders).  The counts stay the pieces' (``tests/test_engine_byvalue.py``)."""
from __future__ import annotations

import pyarrow.dataset as pads

from test_engine_byvalue import _both, _items, _same, sorted_store  # noqa: F401 - the module's store fixture


def test_the_filtered_row_groups_are_read_without_pre_buffering_and_count_the_same(monkeypatch, sorted_store):
    made = []
    real = pads.ParquetFragmentScanOptions

    def options(*a, **k):
        made.append(k.get("pre_buffer"))
        return real(*a, **k)
    monkeypatch.setattr(pads, "ParquetFragmentScanOptions", options)
    its = _items(["billing_query", "new_connection_other", "meter_fault"])
    new, old, taken = _both(monkeypatch, its, sorted_store)
    assert taken == [True]
    _same(new, old, its)
    assert made and set(made) == {False}     # the filtered row groups were there, and read without pre-buffering


def test_each_file_is_opened_once_by_a_thread_and_closed_after(monkeypatch, sorted_store):
    """A file holds row groups of every order type, read by the tasks of each: opened once for them all (at most
    once a thread; opening it anew for every task was ~7 % of the tasks' CPU), and closed when the scoring ends."""
    import threading

    import pyarrow.parquet as pq

    import windoweval.engine.byvalue as bv

    opened = []

    class Counted(pq.ParquetFile):
        def __init__(self, path, *a, **k):
            super().__init__(path, *a, **k)
            opened.append(((threading.get_ident(), str(path)), self))
    monkeypatch.setattr(pq, "ParquetFile", Counted)
    monkeypatch.setattr(bv, "TASK_ROWS", 100)   # several tasks of each type, each reading row groups of several files
    monkeypatch.setattr(bv, "COUNT_ROWS", 100)
    its = _items(["billing_query", "fault_repair", "appointment"])
    new, old, taken = _both(monkeypatch, its, sorted_store)
    assert taken == [True]
    _same(new, old, its)
    files = [p for p, _ in opened]
    # subset41: the threads share the readers (one a thread at a time): a file is opened again only while every
    # reader of it is held by another thread, so never more often than there are threads (not once on each)
    paths = [path for _, path in files]
    threads = len({t for t, _ in files})
    assert files and max(paths.count(p) for p in set(paths)) <= threads
    assert all(pf.closed for _, pf in opened)


def test_the_files_schemas_come_with_their_footers_read_once(monkeypatch, tmp_path):
    """The columns of every file (review37: one the first file lacks, tests/test_review37_store_schema.py) from the
    footer the row groups' listing reads anyway, not a second read of each file's schema."""
    import pyarrow.parquet as pq

    from windoweval.records import read_records, store

    reads = []
    real = pq.read_schema
    monkeypatch.setattr(pq, "read_schema", lambda f, *a, **k: reads.append(str(f)) or real(f, *a, **k))
    src = tmp_path / "wo.csv"
    src.write_text("order_id,window_id,order_type,received_at,arrived_at\n" + "".join(
        f"WO{i},PW01,fault_repair,2025-0{1 + i % 3}-01 18:00,2025-0{1 + i % 3}-01 18:20\n" for i in range(30)),
        encoding="utf-8")
    store.import_records("work_orders", src, tmp_path / "store")
    reads.clear()
    df = read_records("work_orders", tmp_path / "store", year=2025)
    assert len(df) == 30 and reads == []
