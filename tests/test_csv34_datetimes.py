"""Session 34 (csv34): the date-times the CSV parse typed, written as nanoseconds in two halves on two threads
(``csvfast._datetimes64``), where the thread that parses wrote them all with the other core idle.  The same values."""
import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from windoweval.records import csvfast


# -- the typed date-times --------------------------------------------------------------------------------------


def _as_before(col) -> np.ndarray:
    out = np.empty(len(col), dtype="datetime64[ns]")
    csvfast.seconds_as_ns(col, out.view(np.int64), 0)
    return out


@pytest.mark.parametrize("split", [1, 10, 10 ** 9])
def test_datetimes_as_before(monkeypatch, split):
    """Random chunks (empty ones, nulls, a chunk sliced), one to four columns, on one thread or split in two."""
    monkeypatch.setattr(csvfast, "_SPLIT_STAMPS", split)
    rng = np.random.default_rng(34)
    for _ in range(60):
        cols = []
        for _c in range(rng.integers(1, 5)):
            chunks = []
            for _k in range(rng.integers(1, 6)):
                n = int(rng.integers(0, 40))
                secs = rng.integers(-2 * 10 ** 9, 4 * 10 ** 9, n)
                mask = rng.random(n) < 0.2
                arr = pa.array(secs, pa.int64(), mask=mask).cast(pa.timestamp("s"))
                if n > 4 and rng.random() < 0.3:
                    arr = arr.slice(2)
                chunks.append(arr)
            cols.append(pa.chunked_array(chunks, pa.timestamp("s")))
        got = csvfast._datetimes64(cols)
        assert len(got) == len(cols)
        for g, col in zip(got, cols):
            assert g.dtype == np.dtype("datetime64[ns]")
            assert np.array_equal(g.view(np.int64), _as_before(col).view(np.int64))


def test_no_column_no_work():
    assert csvfast._datetimes64([]) == []
    empty = csvfast._datetimes64([pa.chunked_array([], pa.timestamp("s"))])
    assert len(empty) == 1 and len(empty[0]) == 0


def test_a_long_body_writes_its_date_times_on_two_threads(monkeypatch):
    """parse_body writes half of its typed date-times' chunks on another thread (main wrote them all on the thread
    that parses) and gives the same frame as the text path types."""
    import threading

    seen = []
    real = getattr(csvfast, "_chunks_as_ns", None)

    def spy(work, *rest):   # (csv44: and the set of columns holding a midnight)
        seen.append(threading.current_thread() is threading.main_thread())
        return real(work, *rest)
    monkeypatch.setattr(csvfast, "_chunks_as_ns", spy, raising=False)
    monkeypatch.setattr(csvfast, "_SPLIT_STAMPS", 100, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)   # the split, whatever the machine
    # (a second past midnight: a midnight is read by the text path since session 43, which tells a date alone)
    rows = "".join(f"T{i},2025-03-04 09:{i % 60:02d}:{i % 7:02d},{'' if i % 5 else '2025-03-05 00:00:01'}\n"
                   for i in range(3000))
    data = rows.encode()
    got = csvfast.parse_body(data, 3, ",", timestamps=[1, 2])
    assert sorted(seen) == [False, True], "no chunk written on another thread"
    text = csvfast.parse_body(data, 3, ",")
    assert str(got[1].dtype) == "datetime64[ns]"
    for i in (1, 2):
        want = pd.to_datetime(text[i], format="%Y-%m-%d %H:%M:%S")
        assert got[i].equals(want.astype("datetime64[ns]").rename(got[i].name))
