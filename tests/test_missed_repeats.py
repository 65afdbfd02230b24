"""``windoweval score`` on the store (issue 14): the promise measure's missed occurrences that repeat, row for row,
the missed records of the promise's own time limit are not written a second time; ``<name>_missed_repeats.parquet``
names them (where they stand, how many, the time limit's rows), ``<name>_missed_README.md`` says how, and
:func:`windoweval.exports.read_missed` gives every row back as the file held it before; the CSV for people is
unchanged and complete on its own."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pyarrow.parquet as pq
import pytest

from windoweval.cli import main
from windoweval.exports import prepare_missed, read_missed, write_missed
from windoweval.scoring import score
from windoweval.summaries import missed_for_people


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


def _failed(card):
    return card.results.loc[card.results["verdict"] == "fail", "measure"].unique()


def _whole(card, out):
    """The file written from every drill-down taken whole (pandas, every row in full): the layout before."""
    return write_missed([card.drilldown(m).assign(measure=m) for m in _failed(card)], out, "power_window",
                        for_people=lambda heads: missed_for_people(card, heads, 10_000))


def test_the_promise_repeats_are_named_not_written_and_read_back(store, tmp_path, monkeypatch):
    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 300)   # many pieces: a repeat per piece, joined
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(store),
                     "--out", str(tmp_path / "cmd")])
    assert code == 0, so.getvalue()
    card = score("power_window", 2025, data=store)
    pq_whole, csv_whole = _whole(card, tmp_path / "whole")
    assert not (tmp_path / "whole" / "power_window_missed_repeats.parquet").exists()   # frames: written in full
    promise = "power_window.5.2#work_orders"
    before = pq.read_table(pq_whole)
    assert promise in before.column("measure").to_pylist()
    written = pq.read_table(tmp_path / "cmd" / "power_window_missed.parquet")
    repeats = pq.read_table(tmp_path / "cmd" / "power_window_missed_repeats.parquet").to_pandas()
    # the promise's occurrences stand only in the repeats: the file is shorter by as many rows
    assert promise not in written.column("measure").to_pylist()
    n_promise = before.column("measure").to_pylist().count(promise)
    assert written.num_rows + int(repeats["rows"].sum()) == before.num_rows
    assert int(repeats["rows"].sum()) == n_promise
    assert set(repeats["measure"]) == {promise} and set(repeats["copied"]) == {"window_id,order_id"}
    assert repeats["promise_id"].is_unique     # one run per promise: the pieces' repeats joined
    for r in repeats.itertuples():             # each run names its time limit's rows of the file
        rows = written.slice(r.of_row, r.rows).column("measure").to_pylist()
        assert set(rows) == {r.of_measure}
    every = read_missed(tmp_path / "cmd", "power_window", arrow=True)
    assert every.schema.remove_metadata() == before.schema.remove_metadata()
    assert every.equals(before)
    pd.testing.assert_frame_equal(read_missed(tmp_path / "cmd", "power_window"), pd.read_parquet(pq_whole))
    assert (tmp_path / "cmd" / "power_window_missed.csv").read_bytes() == csv_whole.read_bytes()
    readme = (tmp_path / "cmd" / "power_window_missed_README.md").read_text(encoding="utf-8")
    assert "power_window_missed_repeats.parquet" in readme and "read_missed" in readme


def test_a_repeat_of_a_time_limit_not_written_is_written_in_full(store, tmp_path):
    """Only the promise measure written: the time limits' rows are not in the file, so no row refers to them."""
    card = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    promise = "power_window.5.2#work_orders"
    whole = card.drilldown(promise).assign(measure=promise)
    pq_, _ = write_missed([s for _, s in card.missed_pieces([promise], prepare=prepare_missed)], tmp_path, "p")
    assert not (tmp_path / "p_missed_repeats.parquet").exists()
    b_pq, _ = write_missed([whole], tmp_path / "whole", "p")
    assert pq.read_table(pq_).equals(pq.read_table(b_pq)) and pq.read_table(pq_).num_rows > 0


def test_a_later_run_leaves_no_stale_repeats(store, tmp_path):
    card = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    srcs = [s for _, s in card.missed_pieces(_failed(card), prepare=prepare_missed)]
    write_missed(srcs, tmp_path, "power_window")
    assert (tmp_path / "power_window_missed_repeats.parquet").exists()
    _whole(card, tmp_path)       # written again, in full: the repeats of the first run would name wrong rows
    assert not (tmp_path / "power_window_missed_repeats.parquet").exists()
    assert not (tmp_path / "power_window_missed_README.md").exists()
    assert read_missed(tmp_path, "power_window", arrow=True).equals(pq.read_table(tmp_path / "power_window_missed.parquet"))


def test_a_column_one_run_copied_keeps_another_runs_own_value(tmp_path):
    """A column copied in one run (taken from the repeated rows) but held as one value in another keeps that value
    for the other run's rows: it was dropped from the repeats file as soon as any run copied it, so the second run
    read back empty (found by reading the merged change)."""
    import pyarrow as pa

    from windoweval.exports import _repeats_table

    schema = pa.schema([("w", pa.string()), ("x", pa.string()), ("measure", pa.string())])
    main = pa.table({"w": ["A", "B", "C"], "x": ["a", "b", "c"], "measure": ["t", "t", "t"]}, schema=schema)
    run_a = pa.table({"w": ["A"], "x": [None], "measure": ["p"]}, schema=schema)     # copies w and x
    run_b = pa.table({"w": ["A"], "x": ["v"], "measure": ["p"]}, schema=schema)      # copies w; x is its own
    refs = _repeats_table([(3, 2, "t", 0, ("w", "x"), run_a), (5, 1, "t", 2, ("w",), run_b)], {"t": 0}, schema)
    pa.parquet.write_table(main, tmp_path / "s_missed.parquet")
    pa.parquet.write_table(refs, tmp_path / "s_missed_repeats.parquet")
    got = read_missed(tmp_path, "s").to_dict("list")
    assert got["w"] == ["A", "B", "C", "A", "B", "C"]
    assert got["x"] == ["a", "b", "c", "a", "b", "v"]
    assert got["measure"] == ["t", "t", "t", "p", "p", "p"]
