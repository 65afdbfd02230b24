"""``windoweval score`` writes the missed records one piece at a time (issue 14): the pieces of each failed
measure are its drill-down row for row, on every way the engine reads records (a CSV in memory, the store read
whole with its other columns read again piece by piece, the store read piece by piece), and the files written
from pieces are the files written from the whole drill-downs."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from windoweval.catalog import Catalog, load_catalog
from windoweval.exports import write_missed
from windoweval.scoring import score
from windoweval.summaries import missed_for_people


@pytest.fixture(scope="module")
def store(work_orders_store):
    """The demo's work orders imported into a store (``tests/conftest.py``)."""
    return work_orders_store


def _row_local_catalog() -> Catalog:
    """Only the time limits of the work orders: every measure row-local, so the store is read piece by piece."""
    cat = load_catalog()
    keep = {"power_window.10.2.5", "power_window.10.2.7", "power_window.10.2.8", "power_window.10.2.4"}
    clauses = {}
    for cid, c in cat.clauses.items():
        ms = [m for m in c.get("measures") or [] if (f"{cid}#{m['id']}" if m.get("id") else cid) in keep]
        if ms:
            clauses[cid] = {**c, "measures": ms}
    return Catalog(standards=cat.standards, clauses=clauses, aliases={}, checklist_items=cat.checklist_items)


def _cards(store):
    return {"csv": score("power_window", 2025),
            "store": score("power_window", 2025, data=store),
            "store in pieces": score("power_window", 2025, data=store, catalog=_row_local_catalog())}


def test_the_pieces_are_the_drilldown_row_for_row(store):
    for how, card in _cards(store).items():
        seen = 0
        for m, src in card.missed_pieces(rows=37):   # small pieces: many of them
            whole = card.drilldown(m)
            pieces = list(src.pieces())
            assert len(pieces) >= min(1, len(whole)), (how, m)
            got = pd.concat(pieces, ignore_index=True)
            pd.testing.assert_frame_equal(got, whole, obj=f"{how} {m}")
            pd.testing.assert_frame_equal(src.head(5).reset_index(drop=True), whole.head(5), obj=f"{how} {m} head")
            seen += len(whole) > 37
        if how == "store in pieces":   # read and judged piece by piece; a few missed rows each
            assert all(type(p).__name__ == "_PiecePopulation" for p, _, _ in card._masks.values()), how
        else:
            assert seen, how   # some measure came in more than one piece


@pytest.mark.parametrize("how", ["whole", "pieces"])
def test_the_store_is_read_again_for_the_missed_rows_only(store, monkeypatch, how):
    if how == "whole":   # the kind read whole (a measure that is neither row-local nor gathered from pieces)
        monkeypatch.setattr("windoweval.engine.run.gathered", lambda it: False)
    card = score("power_window", 2025, data=store)
    pops = [p for p, _, m in card._masks.values() if m["records"] == "work_orders"]
    if how == "pieces":   # every work-order measure judged piece by piece or on its gathered population
        assert {"_PiecePopulation", "_UnitPiecePopulation"} <= {type(p).__name__ for p in pops}
        assert not any(getattr(p, "full", None) is not None for p in pops)
        return
    full = next(p.full for p, _, _ in card._masks.values() if getattr(p, "full", None) is not None)
    for _, src in card.missed_pieces():
        for _ in src.pieces():
            pass
    assert full.df is None    # the full records were never read whole


def _written(card, out: Path, pieces: bool):
    failed = card.results.loc[card.results["verdict"] == "fail", "measure"].unique()
    if pieces:
        frames = [src for _, src in card.missed_pieces(failed, rows=50)]
    else:  # as the command wrote them before: every drill-down whole, then all at once
        frames = [card.drilldown(m).assign(measure=m) for m in failed]
    return write_missed(frames, out, "x", for_people=lambda heads: missed_for_people(card, heads, 10_000))


@pytest.mark.parametrize("standard", ["power_window", None])
def test_files_written_from_pieces_are_those_written_whole(tmp_path, store, standard, monkeypatch):
    monkeypatch.setattr("windoweval.exports.MISSED_GROUP_ROWS", 1)   # a row group a piece: written piece by piece
    data = [(None, "csv"), (store, "store")] if standard else [(None, "csv")]
    for d, how in data:
        card = score(standard, 2025, data=d)
        a_pq, a_csv = _written(card, tmp_path / f"{how}-pieces", True)
        b_pq, b_csv = _written(card, tmp_path / f"{how}-whole", False)
        a, b = pq.read_table(a_pq), pq.read_table(b_pq)
        assert a.schema.remove_metadata() == b.schema.remove_metadata(), how
        assert a.num_rows == b.num_rows > 0 and a.equals(b), how
        assert a_csv.read_bytes() == b_csv.read_bytes(), how
        assert pq.ParquetFile(a_pq).metadata.num_row_groups > 1, how   # written piece by piece


def test_records_changed_since_scoring_are_refused(store, tmp_path):
    d = tmp_path / "changed"
    shutil.copytree(store, d)
    card = score("power_window", 2025, data=d)
    first = sorted((d / "work_orders" / "year=2025").rglob("*.parquet"))[0]
    first.unlink()   # a month's records gone after scoring
    with pytest.raises(RuntimeError, match="changed since they were scored"):
        for _, src in card.missed_pieces():
            list(src.pieces())
