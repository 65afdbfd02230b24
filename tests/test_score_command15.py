"""The ``score`` command, fifteenth round (issue 14): the work beyond ``score()`` overlapped on a second thread, and
the window ids of the read that puts the missed rows aside taken as a dictionary.

* Each piece's missed rows are put aside (written to the temporary folder) on a thread of their own, in the pieces'
  order, while the main thread reads the next piece (``engine.pieces._Writer``); an error there is raised by the
  scoring call and the folder is removed.
* The command writes the missed records on a thread of its own while it prints the tables and writes the scorecards
  (``cli.scoring._Background``); the files and the console's text are those written one after the other, an error of
  either leaves the former run's files, and the writer is waited for before its folder is let go.
* ``exports.write_missed`` makes each table (read back, aligned) on a thread while the one before is encoded
  (``exports._ahead``); an error making one is raised in its place (the fallback to the whole is kept).
* The read that also puts the missed rows aside takes ``window_id`` as a categorical from Parquet's dictionaries
  (``engine.run``): the window codes of each piece come with the read; the scorecard and the files are the same.
"""
from __future__ import annotations

import os
import threading
import time

import pandas as pd
import pytest

from _workspace import score_in_process
from windoweval.exports import prepare_missed, read_missed, write_missed
from windoweval.scoring import score
from windoweval.summaries import missed_for_people


@pytest.fixture(scope="module")
def store(work_orders_store):
    """The demo's work orders imported into a store (``tests/conftest.py``)."""
    return work_orders_store


def _cmd(store, out) -> tuple[int, str]:
    return score_in_process(store, out)


def _files(folder) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_missed_records_are_written_beside_the_tables(store, tmp_path, monkeypatch):
    """write_missed runs on a thread of its own, the tables are printed meanwhile; the same files as the API
    writes them one after the other, the same console text."""
    import windoweval.cli.scoring as cs
    import windoweval.exports as ex

    card = score("power_window", 2025, data=store)
    failed = card.results.loc[card.results["verdict"] == "fail", "measure"].unique()
    assert len(failed)
    pq_, csv_ = write_missed([s for _, s in card.missed_pieces(failed, prepare=prepare_missed)], tmp_path / "api",
                             "power_window", for_people=lambda heads: missed_for_people(card, heads, 10_000))
    code, plain = _cmd(store, tmp_path / "plain")
    assert code == 0, plain

    seen = {}
    started = threading.Event()
    real_write, real_print = ex.write_missed, cs._print

    def writing(*a, **k):
        seen["writer_main"] = threading.current_thread() is threading.main_thread()
        started.set()
        return real_write(*a, **k)

    def printing(*a, **k):
        started.wait(30)   # the writer has begun before the first table is printed
        seen.setdefault("printed_while_writing", started.is_set())
        return real_print(*a, **k)

    monkeypatch.setattr(ex, "write_missed", writing)
    monkeypatch.setattr(cs, "_print", printing)
    code, text = _cmd(store, tmp_path / "cmd")
    assert code == 0, text
    assert seen == {"writer_main": False, "printed_while_writing": True}
    assert text.replace(str(tmp_path / "cmd"), "OUT") == plain.replace(str(tmp_path / "plain"), "OUT")
    assert _files(tmp_path / "cmd") == _files(tmp_path / "plain")
    got = read_missed(tmp_path / "cmd", "power_window", arrow=True)
    assert got.equals(read_missed(tmp_path / "api", "power_window", arrow=True))
    assert (tmp_path / "cmd" / csv_.name).read_bytes() == csv_.read_bytes()


@pytest.mark.parametrize("where", ["writer", "tables"])
def test_an_error_on_either_thread_leaves_the_former_files(store, tmp_path, monkeypatch, where):
    """A bug while the missed records are written (exit 5), or while the tables are printed: the former run's
    files stay as they were, nothing of this run is left, and the writer was waited for (it never wrote into a
    folder let go)."""
    import windoweval.cli.scoring as cs
    import windoweval.exports as ex

    out = tmp_path / "out"
    code, text = _cmd(store, out)
    assert code == 0, text
    before = _files(out)
    ended = {}
    real_write = ex.write_missed

    def writing(*a, **k):
        if where == "writer":
            raise RuntimeError("a bug while writing")
        time.sleep(0.5)   # still writing when the tables fail
        try:
            return real_write(*a, **k)
        finally:
            ended["at"] = time.monotonic()

    def printing(*a, **k):
        raise RuntimeError("a bug while printing")

    monkeypatch.setattr(ex, "write_missed", writing)
    if where == "tables":
        monkeypatch.setattr(cs, "_print", printing)
    code, text = _cmd(store, out)
    assert code == 5, text
    assert "a bug while" in text or "内部错误" in text
    assert _files(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]   # no stage of this run left beside it
    if where == "tables":
        assert "at" in ended   # the writer ended before the command did (its stage removed after it)


def test_pieces_are_put_aside_on_a_thread_in_order(store, monkeypatch):
    """KeptPass.put runs on the writer thread, once per piece, in the pieces' order; the scorecard and the rows
    put aside are those of the plain call."""
    import windoweval.engine.run as run
    from windoweval.engine.missed_pass import KeptPass

    monkeypatch.setattr(run, "PIECE_ROWS", 600)
    calls = []
    real = KeptPass.put

    def put(self, got):
        calls.append(threading.current_thread().name)
        return real(self, got)

    monkeypatch.setattr(KeptPass, "put", put)
    plain = score("power_window", 2025, data=store)
    kept = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    assert len(calls) > 2
    assert all(name.startswith("windoweval-put") for name in calls)
    pd.testing.assert_frame_equal(plain.results, kept.results)
    # put in the pieces' order: the rows put aside are the drill-down row for row
    m = plain.results.loc[plain.results["verdict"] == "fail", "measure"].iloc[0]
    (_, src), = kept.missed_pieces([m], prepare=prepare_missed)
    pd.testing.assert_frame_equal(pd.concat(list(src.pieces()), ignore_index=True),
                                  prepare_missed(plain.drilldown(m)).reset_index(drop=True))


def test_an_error_putting_a_piece_aside_is_raised_and_the_folder_removed(store, monkeypatch):
    import windoweval.engine.run as run
    from windoweval.engine.missed_pass import KeptPass

    monkeypatch.setattr(run, "PIECE_ROWS", 600)
    dirs = []
    real_init, real_put = KeptPass.__init__, KeptPass.put

    def init(self, *a, **k):
        real_init(self, *a, **k)
        dirs.append(self.dir)

    n = {"put": 0}

    def put(self, got):
        n["put"] += 1
        if n["put"] == 2:
            raise OSError("disk full")
        return real_put(self, got)

    monkeypatch.setattr(KeptPass, "__init__", init)
    monkeypatch.setattr(KeptPass, "put", put)
    with pytest.raises(OSError, match="disk full"):
        score("power_window", 2025, data=store, keep_missed=prepare_missed)
    assert dirs and not any(os.path.exists(d) for d in dirs)
    assert not any(t.name.startswith("windoweval-put") for t in threading.enumerate())


def test_a_table_that_does_not_align_falls_back_to_the_whole(store, tmp_path, monkeypatch):
    """An Arrow error making a table (on the maker's thread) is raised in write_missed, which writes the whole as
    before: the same rows."""
    import pyarrow as pa

    import windoweval.exports as ex

    card = score("power_window", 2025, data=store)
    failed = card.results.loc[card.results["verdict"] == "fail", "measure"].unique()
    pq_, _ = write_missed([s for _, s in card.missed_pieces(failed, prepare=prepare_missed)], tmp_path / "a", "x")
    real = ex._aligned_table
    n = {"calls": 0}

    def aligned(t, schema):
        n["calls"] += 1
        if n["calls"] == 3:
            raise pa.ArrowInvalid("a piece of another type")
        return real(t, schema)

    monkeypatch.setattr(ex, "_aligned_table", aligned)
    card = score("power_window", 2025, data=store)
    pq2, _ = write_missed([s for _, s in card.missed_pieces(failed, prepare=prepare_missed)], tmp_path / "b", "x")
    assert n["calls"] >= 3
    assert read_missed(tmp_path / "b", "x", arrow=True).equals(read_missed(tmp_path / "a", "x", arrow=True))
    assert not any(t.name == "windoweval-ahead" for t in threading.enumerate())


def test_the_kept_read_takes_window_ids_as_a_dictionary(store, tmp_path, monkeypatch):
    """The read that also puts the missed rows aside takes ``window_id`` from Parquet's dictionaries (a categorical:
    each piece's window codes without factorising the text again); the scorecard and every file are the same as
    the plain call's and the API's."""
    import windoweval.engine.run as run
    import windoweval.records.store as st

    monkeypatch.setattr(run, "PIECE_ROWS", 600)
    asked, dtypes = [], set()
    real = st.iter_validated

    def spy(*a, **k):
        if "batch_rows" in k:
            asked.append(list(k.get("categorical") or []))

            def pieces():
                for p in real(*a, **k):
                    dtypes.add(str(p["window_id"].dtype))
                    yield p
            return pieces()
        return real(*a, **k)

    monkeypatch.setattr(st, "iter_validated", spy)
    plain = score("power_window", 2025, data=store)
    kept = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    assert "window_id" not in asked[0] and "window_id" in asked[1]
    assert "category" in dtypes
    pd.testing.assert_frame_equal(plain.results, kept.results)
    pd.testing.assert_frame_equal(plain.windows, kept.windows)
    failed = plain.results.loc[plain.results["verdict"] == "fail", "measure"].unique()
    write_missed([s for _, s in plain.missed_pieces(failed, prepare=prepare_missed)], tmp_path / "a", "x",
                 for_people=lambda heads: missed_for_people(plain, heads, 10_000))
    write_missed([s for _, s in kept.missed_pieces(failed, prepare=prepare_missed)], tmp_path / "b", "x",
                 for_people=lambda heads: missed_for_people(kept, heads, 10_000))
    assert read_missed(tmp_path / "b", "x", arrow=True).equals(read_missed(tmp_path / "a", "x", arrow=True))
    assert (tmp_path / "b" / "x_missed.csv").read_bytes() == (tmp_path / "a" / "x_missed.csv").read_bytes()
