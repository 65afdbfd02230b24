"""Session 31 (issue 14): a key of several columns (attendance's staff and shift start, inspections' visit and item)
on a long table is checked for distinct rows as soon as its columns are typed, while the validation's threads type
the other columns, not after every column on one thread (0.1-0.2 s each at the demo x100, the second core idle).
The answer and the refusal are the ones ``_schema_holds`` gave alone."""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from windoweval.records import RecordsError, contracts

V = importlib.import_module("windoweval.records.validate")


def _attendance(n: int) -> pd.DataFrame:
    days = pd.date_range("2020-01-01", periods=n // 10 + 1, freq="D")
    start = pd.Series(np.repeat(days.values, 10)[:n]).dt.strftime("%Y-%m-%d 08:30:00")
    df = pd.DataFrame({"staff_id": pd.array([f"S{i % 10:04d}" for i in range(n)], dtype="string[pyarrow]"),
                       "window_id": pd.array(["PW01"] * n, dtype="string[pyarrow]"),
                       "shift_start": pd.array(start, dtype="string[pyarrow]")})
    for col in ("arrived_at", "shift_end", "left_at"):
        df[col] = df["shift_start"]
    return df


N = V.PARALLEL_ROWS + 5


def test_the_rows_key_answered_while_typing():
    df = _attendance(N)
    c = contracts()["attendance"]
    for frame, want in ((df, True), (pd.concat([df, df.iloc[[7]]], ignore_index=True), False)):
        keys: dict = {}
        typed, probs = V._coerce(frame, c, V.FileLabels.of("a.csv", len(frame)), np.arange(2, len(frame) + 2), {}, {},
                                 keys)
        assert not probs
        assert keys[("staff_id", "shift_start")] is want
        # the answer _schema_holds would find by itself
        assert V._schema_holds(typed, c) is want
        assert V._schema_holds(typed, c, keys=keys) is want


def test_not_asked_for_a_short_table_or_a_column_with_a_problem():
    c = contracts()["attendance"]
    short = _attendance(1000)
    keys: dict = {}
    V._coerce(short, c, V.FileLabels.of("a.csv", 1000), np.arange(2, 1002), {}, {}, keys)
    assert keys == {}   # no threads for a short table: _schema_holds asks
    bad = _attendance(N)
    bad.loc[5, "shift_start"] = "not a time"
    keys = {}
    typed, probs = V._coerce(bad, c, V.FileLabels.of("a.csv", N), np.arange(2, N + 2), {}, {}, keys)
    assert keys == {} and len(probs)   # typed value by value: not answered from the threads' columns


@pytest.mark.parametrize("where", [0, N // 2, N - 1])
def test_a_repeated_row_key_still_refused_with_its_rows(where):
    df = _attendance(N)
    assert len(V.validate(df, "attendance")) == N
    dup = df.copy()
    dup.iloc[-1 if where != N - 1 else 0] = dup.iloc[where]
    with pytest.raises(RecordsError) as e:
        V.validate(dup, "attendance")
    p = e.value.problems
    assert set(p["code"]) == {"duplicate_key"}
    assert set(p["column"]) == {"staff_id,shift_start"}
    assert len(p) == 2
