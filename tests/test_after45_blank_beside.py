"""The ``score`` command (issue 14, item 1; after45): the columns a failed measure reads that are blank on every
record (:meth:`windoweval.scoring.Scorecard.blank_columns`: a store's named columns read again) are found while the
missed records' writer encodes, not once it is done: on 10 M work orders 0.06 s of main-thread CPU (0.025 s read in
smaller pieces) that had run after the writer, on the command's critical path.  What they read is a few columns of a piece (a few MiB), not the
rest's frames that raised the peak beside the writer (session 42: those stay after it, ``test_score42_rest_beside``).

What a user reads is the same: the blank columns' lines in the same place (after the writer, with the rest), the
same files; a writer that fails says none of them.
"""
from __future__ import annotations

import threading

import pytest

from _workspace import score_in_process


@pytest.fixture(scope="module")
def store(work_orders_store):
    """The demo's work orders imported into a store (``tests/conftest.py``)."""
    return work_orders_store


def _files(folder) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_blank_columns_are_found_while_the_writer_runs(store, tmp_path, monkeypatch):
    """The writer waits (up to 10 s) until the blank columns are looked for: they are looked for once, before it
    ends; the console and the files as without the wait."""
    import windoweval.cli.scoring as cs

    code, plain = score_in_process(store, tmp_path / "plain")
    assert code == 0, plain
    import windoweval.scoring as sc

    writer_done, seen, looked = threading.Event(), [], threading.Event()
    real_blank = sc.Scorecard.blank_columns

    def blank_columns(self, *a, **k):
        seen.append(writer_done.is_set())
        looked.set()
        return real_blank(self, *a, **k)

    monkeypatch.setattr(sc.Scorecard, "blank_columns", blank_columns)
    real_write = cs._write_missed

    def write(*a, **k):
        looked.wait(timeout=10)
        got = real_write(*a, **k)
        writer_done.set()
        return got

    monkeypatch.setattr(cs, "_write_missed", write)
    code, text = score_in_process(store, tmp_path / "beside")
    assert code == 0, text
    assert seen == [False], "the blank columns were looked for only once the missed records were written"
    assert text.replace(str(tmp_path / "beside"), "OUT") == plain.replace(str(tmp_path / "plain"), "OUT")
    assert _files(tmp_path / "beside") == _files(tmp_path / "plain")


def test_blank_columns_said_in_their_place_and_not_when_the_writer_fails(store, tmp_path, monkeypatch):
    """Their lines stay where they were, after the missed counts (a slow writer or not), and a failing writer says
    none of them (exit 5, nothing published), as the rest (session 42)."""
    import time

    import windoweval.cli.scoring as cs

    said = []
    real_say = cs._say_blank_columns

    def say(card, stage, name, blank=None):
        said.append(blank)
        return real_say(card, stage, name, blank)

    monkeypatch.setattr(cs, "_say_blank_columns", say)
    real_write = cs._write_missed

    def slow_write(*a, **k):
        time.sleep(0.5)
        return real_write(*a, **k)

    monkeypatch.setattr(cs, "_write_missed", slow_write)
    code, text = score_in_process(store, tmp_path / "slow")
    assert code == 0, text
    assert len(said) == 1 and said[0] is not None, "the blank columns found beside the writer were not the ones said"
    assert text.index("未达标记录 / records that missed") > text.index("== 窗口得分")

    def failing_write(*a, **k):
        raise RuntimeError("the writer broke")

    monkeypatch.setattr(cs, "_write_missed", failing_write)
    said.clear()
    out = tmp_path / "out"
    code, text = score_in_process(store, out)
    assert code == 5, text
    assert said == [] and "未达标或证据不足的测量项所读的列" not in text
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]


def test_blank_columns_read_again_in_small_pieces(store, monkeypatch):
    """A store's named columns are read again in pieces of ``BLANK_PIECE_ROWS`` (the store's own read gave pieces of
    1,000,000 rows: ~35 MiB at 10 M work orders beside the writer, 0.06 s of CPU against 0.025 s), the reading
    stopping once each column is found filled; the same columns found blank whatever the piece's size."""
    import windoweval.records.store as st
    import windoweval.scoring as sc
    from windoweval.scoring import score

    asked = []
    real = st.iter_validated

    def spy(*a, **k):
        asked.append(dict(k))
        return real(*a, **k)

    monkeypatch.setattr(st, "iter_validated", spy)
    card = score("power_window", year=2025, data=store)
    fail = card.results.loc[card.results["verdict"].isin(["fail", "insufficient"]), "measure"].unique()
    assert len(fail), "the demo's work orders fail no measure: nothing to look at"
    asked.clear()
    got = card.blank_columns()
    again = [k for k in asked if k.get("columns")]
    assert again, "no named column was read again"
    assert all(k.get("batch_rows") == sc.BLANK_PIECE_ROWS for k in again), again
    # the answer does not depend on the piece's size: a piece of 7 rows, or one of everything
    monkeypatch.setattr(sc, "BLANK_PIECE_ROWS", 7)
    small = card.blank_columns()
    monkeypatch.setattr(sc, "BLANK_PIECE_ROWS", 10**9)
    whole = card.blank_columns()
    assert small.equals(got) and whole.equals(got)
