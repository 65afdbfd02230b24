"""A promise's missed occurrences that repeat its time limit's rows (session 30): the one row every occurrence of a
run holds is kept when the piece is put aside, not read back from the piece's file as the measure is written (one
file opened per promise and piece only for that row: ~400 opens at 10 million work orders, on the writing's path).
The files written are the same: the repeats, their templates and every row ``read_missed`` gives."""
from __future__ import annotations

import pytest

import windoweval.engine.missed_pass as mp
from windoweval.exports import prepare_missed, read_missed, write_missed
from windoweval.scoring import score
from windoweval.summaries import missed_for_people


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


def test_the_repeats_open_no_file(store, tmp_path, monkeypatch):
    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 300)   # many pieces: a repeat per promise and piece
    card = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    failed = card.results.loc[card.results["verdict"] == "fail", "measure"].unique()
    promise = "power_window.5.2#work_orders"
    assert promise in failed
    srcs = [s for _, s in card.missed_pieces(failed, prepare=prepare_missed)]
    (src,) = [s for s in srcs if s.measure == promise]
    written = {s.measure for s in srcs}
    opened = []
    real = mp._read_ipc
    monkeypatch.setattr(mp, "_read_ipc", lambda path: (opened.append(path), real(path))[1])
    pieces = list(src.shared.tables(promise, refs=written))
    reps = [p for p in pieces if hasattr(p, "of_measure")]
    assert len(reps) > 3 and len(reps) == len(pieces)   # every piece of the promise: a repeat
    assert opened == []                                  # before: a file opened per repeat
    for r in reps:                                      # the template: one row, the key's columns
        assert r.template.num_rows == 1 and r.template.column("measure").to_pylist() == [promise]
        assert r.table().num_rows == r.rows             # the rows themselves, from the repeated measure's file
    monkeypatch.setattr(mp, "_read_ipc", real)
    # and the file written from the kept pass is the one written from the drill-downs taken whole
    card2 = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    srcs2 = [s for _, s in card2.missed_pieces(failed, prepare=prepare_missed)]
    write_missed(srcs2, tmp_path / "kept", "x", for_people=lambda heads: missed_for_people(card2, heads, 10_000))
    whole = [card2.drilldown(m).assign(measure=m) for m in failed]
    write_missed(whole, tmp_path / "whole", "x", for_people=lambda heads: missed_for_people(card2, heads, 10_000))
    assert (tmp_path / "kept" / "x_missed_repeats.parquet").exists()
    a, b = read_missed(tmp_path / "kept", "x", arrow=True), read_missed(tmp_path / "whole", "x", arrow=True)
    assert a.schema.remove_metadata() == b.schema.remove_metadata() and a.num_rows == b.num_rows > 0 and a.equals(b)
