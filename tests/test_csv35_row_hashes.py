"""Session 35 (csv35): a long table's key of several columns hashed in two halves of its rows, the second on a
validation thread (``validate._row_hashes``), where one thread hashed them all with the other core idle (the demo
x100's inspections and attendance: their validation 0.27 s -> 0.21 s, eight alternations).  The same hash for each
row, so the same answer: a key written twice is found wherever its two rows lie."""
from __future__ import annotations

import importlib
import threading

import numpy as np
import pandas as pd
import pytest

V = importlib.import_module("windoweval.records.validate")


def _frame(n: int, seed: int = 35) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    visits = [f"V{i:06d}" for i in rng.permutation(n)]
    return pd.DataFrame({
        "visit_id": pd.Series(visits, dtype="string[pyarrow]"),
        "item": pd.Series(rng.choice(["服务态度", "环境", "仪容仪表", None], n), dtype="string[pyarrow]"),
        "at": pd.Series(np.datetime64("2025-01-01") + rng.integers(0, 10 ** 6, n).astype("timedelta64[s]")),
        "count": pd.array(rng.integers(0, 5, n), dtype="Int64"),
    })


def test_rows_hashed_on_two_threads(monkeypatch):
    """Half the rows hashed on a validation thread.  Fails before: every row on the caller's thread."""
    monkeypatch.setattr(V, "PARALLEL_ROWS", 10)
    seen = []
    real = V._text_hashes
    monkeypatch.setattr(V, "_text_hashes", lambda arr: seen.append((threading.current_thread().name, len(arr)))
                        or real(arr))
    df = _frame(101)
    h = V._row_hashes(df, ["visit_id", "item"])
    assert len(h) == 101
    assert sorted(n for _t, n in seen) == [50, 50, 51, 51]
    assert {t.startswith(V._WORKER) for t, _n in seen} == {True, False}


@pytest.mark.parametrize("n", [1, 2, 3, 40, 1001])
@pytest.mark.parametrize("cols", [["visit_id", "item"], ["visit_id", "at"], ["item", "count", "at"], ["item"]])
def test_same_hashes_in_halves(monkeypatch, n, cols):
    """Each row's hash is the one the whole table gives it (text with missing values, date-times, whole numbers)."""
    df = _frame(n, seed=n)
    monkeypatch.setattr(V, "PARALLEL_ROWS", 10 ** 9)
    whole = V._row_hashes(df, cols)
    monkeypatch.setattr(V, "PARALLEL_ROWS", 1)
    np.testing.assert_array_equal(V._row_hashes(df, cols), whole)


def test_a_key_twice_across_the_halves(monkeypatch):
    """A key whose two rows lie one in each half is found (and none where there is none); a column not hashed here
    gives None either way."""
    monkeypatch.setattr(V, "PARALLEL_ROWS", 1)
    df = _frame(1000)
    assert V._hashes_unique(V._row_hashes(df, ["visit_id", "item"]))
    twice = pd.concat([df, df.iloc[[3]]], ignore_index=True)   # row 3 again, in the second half
    assert not V._hashes_unique(V._row_hashes(twice, ["visit_id", "item"]))
    odd = df.assign(note=pd.Series([1.5] * len(df)))
    assert V._row_hashes(odd, ["visit_id", "note"]) is None
