"""The missed rows put aside in Arrow (issue 14, the score command, fifteenth pass): a text column of the piece that
holds few distinct values (the window, the order's status) is masked by its distinct values, each once per piece,
not row by row for every measure's missed rows; an order's id (every value distinct) still row by row.  The rows
put aside are the same drill-downs."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from _corpus import assert_kept_are_drilldowns
from windoweval.engine import missed_pass
from windoweval.exports import prepare_missed


def _spy_scans(monkeypatch):
    """Every array the masking scan is given, as Python text."""
    scanned = []
    real = prepare_missed.arrow

    def spy(arr, name=None):
        scanned.extend(arr.to_pylist())
        return real(arr, name)
    monkeypatch.setattr(prepare_missed, "arrow", spy)
    return scanned


def _count_calls(monkeypatch):
    calls = []
    real = missed_pass._drill_arrow

    def spy(*a, **k):
        got = real(*a, **k)
        if got:
            calls.append(1)
        return got
    monkeypatch.setattr(missed_pass, "_drill_arrow", spy)
    return calls


def test_each_window_masked_once_per_piece_and_the_rows_unchanged(work_orders_store, monkeypatch):
    import windoweval.scoring as scoring

    scanned = _spy_scans(monkeypatch)
    calls = _count_calls(monkeypatch)
    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 1_000_000)   # one piece of each kind
    card = scoring.score("power_window", 2025, data=work_orders_store, keep_missed=prepare_missed)
    kept = next(p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None)
    windows = set(card.results["window_id"].dropna().astype(str))
    assert len(windows) >= 2 and calls
    in_scan = sum(v in windows for v in scanned)
    rows = [len(kept_rows) for m in kept.items if kept.items[m].kernel.level == "record"
            for kept_rows in kept.frames(m)]
    bound = 2 * len(calls) * len(windows)   # per piece: the column's distinct values, the promises' window level
    assert sum(rows) > bound   # row by row scans a window's id for each of these rows
    # each window's id at most twice per piece (before: once per missed row of every time limit)
    assert in_scan <= bound, (in_scan, len(calls), len(windows), sum(rows))
    assert_kept_are_drilldowns(card, kept, arrow=True)
    kept.cleanup()


def test_few_codes_gives_the_same_text():
    rng = np.random.default_rng(7)
    base = np.array(["PW0001", "张先生 13812345678", None, "E12345678"], dtype=object)
    arr = pa.array(base[rng.integers(0, 4, 5000)].tolist(), type=pa.large_string())
    values, codes = missed_pass._few_codes(arr)
    assert codes is not None and len(values) == 3
    back = values.take(pa.array(codes, mask=codes < 0))
    assert back.to_pylist() == arr.to_pylist()
    many = pa.array([f"WO{i:07d}" for i in range(5000)], type=pa.large_string())
    assert missed_pass._few_codes(many)[1] is None
    short = pa.array(["A"] * 10)
    assert missed_pass._few_codes(short)[1] is None   # too short to be worth codes
