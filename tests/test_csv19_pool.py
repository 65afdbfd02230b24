"""Session 19, issue 14 (f): the CSV parse allocates its tables from the system allocator's pool, with the same results.

Arrow's default pool (mimalloc) gives pages freed by one file's records back to the kernel while the next file is
parsed, which faults them in again: a third of the read's CPU was system time.  :func:`csvfast.parse_pool` chooses
``malloc``'s pool for the parse, unless a pool was chosen for the process in the environment
(``ARROW_DEFAULT_MEMORY_POOL``: the user's, or the program's for ``score``).  The values read are the pool's
business in no way: every demo kind and every case of the bad-input corpus reads into the same frame, or is refused
with the same problems, whichever pool the parse uses.
"""
from __future__ import annotations

import gc

import pyarrow as pa

from windoweval.records import csvfast
from windoweval.records.io import read_tables


def test_the_parse_allocates_from_the_system_pool(monkeypatch):
    """The parsed table's buffers live in the system pool (and leave it when the table is freed); the default pool
    is not the one that grows.  Fails before: the parse used Arrow's default pool."""
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    sysp = pa.system_memory_pool()
    body = "".join(f"GD{i:06d},窗口{i % 7},2025-03-0{1 + i % 9} 09:{i % 60:02d}:00\n" for i in range(50_000)).encode()
    gc.collect()
    before = sysp.bytes_allocated()
    t = csvfast.parse_body(body, 3, ",", 0, True, True, ())
    assert t is not None and len(t) == 50_000
    held = sysp.bytes_allocated() - before
    assert held >= len(body) // 2          # the text of the cells (and offsets) is in the system pool
    assert t.iloc[:, 0].tolist()[:2] == ["GD000000", "GD000001"]
    del t
    gc.collect()
    assert sysp.bytes_allocated() - before < held // 10   # and leaves it with the table


def test_a_pool_chosen_for_the_process_is_kept(monkeypatch):
    """``ARROW_DEFAULT_MEMORY_POOL`` set (the user's choice, or the program's jemalloc for ``score``): the parse uses
    Arrow's default pool, as every other Arrow call of the process does."""
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    assert csvfast.parse_pool() is None
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
    assert csvfast.parse_pool().backend_name == "system"


def test_a_file_reads_alike_whatever_the_pool(tmp_path, monkeypatch):
    """One CSV with quotes, blanks, Chinese text and ISO times: the same table from either pool."""
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    f = tmp_path / "work_orders.csv"
    f.write_text("工单号,窗口,受理时间,备注\n" + "".join(
        f'GD{i},PW0{i % 3},2025-03-04 09:{i % 60:02d}:00,"说明, {i}"\n' if i % 5 else f"GD{i},PW01,,\n"
        for i in range(3000)), encoding="utf-8")
    a = read_tables(f, 1, None)[0].frame
    monkeypatch.setattr(csvfast, "parse_pool", lambda: None)
    b = read_tables(f, 1, None)[0].frame
    assert a.equals(b) and list(a.dtypes) == list(b.dtypes)


def test_every_demo_kind_and_bad_input_reads_alike_with_either_pool(monkeypatch):
    """Every demo kind and every case of the bad-input corpus: the same frames, the same refusals (each problem in
    the same order), with the parse in the system pool or in Arrow's default pool."""
    from _corpus import assert_read_alike, read_case
    from test_csv14_speed import _cases

    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    cases = _cases()
    assert len(cases) > 20
    pools = []
    orig = csvfast.parse_pool
    monkeypatch.setattr(csvfast, "parse_pool", lambda: pools.append(orig()) or pools[-1])
    ours = [read_case(c) for c in cases]
    assert pools and all(p.backend_name == "system" for p in pools)
    monkeypatch.setattr(csvfast, "parse_pool", lambda: None)
    default = [read_case(c) for c in cases]
    for a, b in zip(ours, default):
        assert_read_alike(a, b)
