"""subset41: the threads of ``score_by_value`` share the store files' readers (one checked out by one thread at a
time, given back after its read): a file is opened about once, not once per thread, and every reader opened is
closed at the end; the counts are those of the pieces."""
from __future__ import annotations

import pyarrow.parquet as pq

from test_engine_byvalue import _both, _items, _orders, _same, _store  # noqa: F401

import windoweval.engine.byvalue as bv
from windoweval.engine import run


def test_the_threads_share_the_readers(monkeypatch, tmp_path):
    data = _store(tmp_path, _orders(6000, 21), True)        # a file a month, row groups of 50 rows
    files = sorted(str(p) for p in (data / "work_orders").rglob("*.parquet"))
    monkeypatch.setattr(bv, "TASK_ROWS", 50)                  # a task a row group: each thread reads every file
    import windoweval.engine.local as local

    def alternating(pieces, items, threads=None, fn=None, queued=1):
        """The tasks on two threads in turn, one at a time (each thread reads every file; no two at once)."""
        from concurrent.futures import ThreadPoolExecutor

        exs = [ThreadPoolExecutor(1), ThreadPoolExecutor(1)]
        try:
            for k, piece in enumerate(pieces):
                yield exs[k % 2].submit(fn, piece).result()
        finally:
            for ex in exs:
                ex.shutdown()
    monkeypatch.setattr(local, "_each_piece", alternating)
    opened, closed = [], []
    init, close = pq.ParquetFile.__init__, pq.ParquetFile.close

    def spy_init(self, source, *a, **k):
        opened.append(str(source))
        return init(self, source, *a, **k)

    def spy_close(self, *a, **k):
        closed.append(self)
        return close(self, *a, **k)
    monkeypatch.setattr(pq.ParquetFile, "__init__", spy_init)
    monkeypatch.setattr(pq.ParquetFile, "close", spy_close)
    its = _items(["fault_repair", "appointment", "billing_query"])
    from windoweval.engine import evaluate

    new = evaluate(its, data, 2025)
    read = {p for p in opened if p in files}
    assert len(read) >= 12
    # a file opened again only while another thread holds its reader: never here (before: once on each thread)
    assert len([p for p in opened if p in files]) == len(read)
    assert len(closed) >= len([p for p in opened if p in files])
    monkeypatch.setattr(run, "score_by_value", lambda *a, **k: None)
    old = evaluate(its, data, 2025)
    _same(new, old, its)
