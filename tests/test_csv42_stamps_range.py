"""csv42: the CSV parse's typed date-times checked for ``datetime64[ns]``'s range as they are written as nanoseconds
(``csvfast._chunks_as_ns``), chunk by chunk while the seconds are in the caches, where ``pc.min_max`` of every typed
column read them all once more before the copy.  The same frames: a body with a date beyond the range is parsed again
as text, as before; a missing value's seconds (whatever its buffer holds) never count."""
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from windoweval.records import csvfast

TS = pa.timestamp("s")


def _with_garbage_under_nulls(secs: list, nulls: list) -> pa.Array:
    """A timestamp[s] array whose missing values hold ``secs`` in the values buffer (no reader promises zeros)."""
    values = pa.py_buffer(np.asarray(secs, dtype=np.int64).tobytes())
    if not secs:
        return pa.array([], TS)
    valid = pa.array([not n for n in nulls], pa.bool_()).buffers()[1]
    return pa.Array.from_buffers(TS, len(secs), [valid, values], null_count=sum(nulls))


def test_out_of_range_gives_none():
    """Before csv42 ``_datetimes64`` wrote the wrapped product (the caller had checked the range): now it answers."""
    far = 10 ** 10   # 2286-11-20: beyond datetime64[ns]
    assert csvfast._datetimes64([pa.chunked_array([[0, 1], [far]], TS)]) is None
    assert csvfast._datetimes64([pa.chunked_array([[-far]], TS)]) is None
    assert csvfast._datetimes64([pa.chunked_array([[0]], TS), pa.chunked_array([[None, far]], TS)]) is None
    edge = [csvfast._S_LO, csvfast._S_HI]
    got = csvfast._datetimes64([pa.chunked_array([edge], TS)])
    assert got is not None and got[0].view(np.int64).tolist() == [v * 10 ** 9 for v in edge]
    assert csvfast._datetimes64([pa.chunked_array([[csvfast._S_HI + 1]], TS)]) is None
    assert csvfast._datetimes64([pa.chunked_array([[csvfast._S_LO - 1]], TS)]) is None


@pytest.mark.parametrize("split", [1, 10 ** 9])
def test_the_answer_is_min_max_s(monkeypatch, split):
    """Random columns, one or two threads: in range exactly when pc.min_max of every column (as the parse asked
    before) says so; the values as seconds_as_ns writes them when in range.  Missing values hold garbage beyond
    the range in the buffer: they never count."""
    import os

    monkeypatch.setattr(csvfast, "_SPLIT_STAMPS", split)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    rng = np.random.default_rng(42)
    for _ in range(300):
        cols = []
        for _c in range(rng.integers(1, 4)):
            chunks = []
            for _k in range(rng.integers(1, 5)):
                n = int(rng.integers(0, 30))
                secs = rng.integers(-9 * 10 ** 9, 9 * 10 ** 9, n)
                if rng.random() < 0.08 and n:   # now and then a value beyond the range
                    secs[rng.integers(0, n)] = int(rng.choice([1, -1])) * int(rng.integers(9_223_372_037, 2 ** 40))
                nulls = list(rng.random(n) < 0.3)
                garbage = [int(rng.choice([2 ** 62, -(2 ** 62)])) if m else int(v) for v, m in zip(secs, nulls)]
                arr = _with_garbage_under_nulls(garbage, nulls)
                if n > 4 and rng.random() < 0.3:
                    arr = arr.slice(2)
                chunks.append(arr)
            cols.append(pa.chunked_array(chunks, TS))
        want = all(c.null_count == len(c) or (csvfast._S_LO <= pc.min_max(c)["min"].value
                                              and pc.min_max(c)["max"].value <= csvfast._S_HI) for c in cols)
        got = csvfast._datetimes64(cols)
        assert (got is not None) == want
        if got is not None:
            for g, col in zip(got, cols):
                exp = np.empty(len(col), dtype=np.int64)
                csvfast.seconds_as_ns(col, exp, 0)
                assert np.array_equal(g.view(np.int64), exp)


def test_no_min_max_pass(monkeypatch):
    """parse_body reads the typed seconds once (written and checked together): no pc.min_max pass before."""
    calls = []
    real = pc.min_max

    def spy(*a, **k):
        calls.append(1)
        return real(*a, **k)
    monkeypatch.setattr(pc, "min_max", spy)
    body = "".join(f"T{i},2025-03-04 09:{i % 60:02d}:00,\n" for i in range(50)).encode()
    got = csvfast.parse_body(body, 3, ",", timestamps=[1, 2])
    assert str(got[1].dtype) == "datetime64[ns]" and got[2].isna().all()
    assert not calls, "a min_max pass over the typed columns"


def _text_frame(body: bytes, width: int) -> pd.DataFrame:
    return csvfast.parse_body(body, width, ",")


@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("crlf", [False, True])
def test_a_date_beyond_the_range_parsed_as_text(where, quoted, crlf):
    """A date datetime64[ns] cannot hold (2300, 1600) in the first, a middle or the last row, in a body with quotes
    (the sentinel row) or CRLF line ends: the body comes back as text, as the text path reads it, as before."""
    rows = [f"T{i},2025-03-04 09:{i % 60:02d}:00,{'' if i % 3 else '2025-03-05 10:00:00'}" for i in range(40)]
    at = {"first": 0, "middle": 17, "last": 39}[where]
    rows[at] = rows[at].replace("2025-03-04", "2300-01-01" if at % 2 else "1600-01-01")
    if quoted:
        rows[5] = '"T5",2025-03-04 09:05:00,'
    nl = "\r\n" if crlf else "\n"
    body = (nl.join(rows) + nl).encode()
    got = csvfast.parse_body(body, 3, ",", timestamps=[1, 2])
    text = _text_frame(body, 3)
    if got is None:   # a body pyarrow cannot take as pandas would (CRLF is read by pandas): the same answer, None
        assert text is None
        return
    for i in range(3):
        assert str(got[i].dtype) == str(text[i].dtype) and got[i].equals(text[i])


@pytest.mark.parametrize("quoted", [False, True])
def test_in_range_typed_as_before(quoted):
    """Every date within the range (its two ends, blanks between): typed, the same instants as the text cast."""
    # (the ends' second past midnight: a midnight is read by the text path since session 43, which tells a date alone)
    rows = [f"T{i},{'1677-09-22 00:00:01' if i == 3 else '2262-04-10 00:00:01' if i == 7 else '2025-03-04 09:00:00'},"
            f"{'' if i % 2 else '2025-03-05 10:00:00'}" for i in range(30)]
    if quoted:
        rows[0] = '"T0",2025-03-04 09:00:00,'
    body = ("\n".join(rows) + "\n").encode()
    got = csvfast.parse_body(body, 3, ",", timestamps=[1, 2])
    text = _text_frame(body, 3)
    assert str(got[1].dtype) == "datetime64[ns]" and len(got) == 30
    for i in (1, 2):
        want = pd.to_datetime(text[i], format="%Y-%m-%d %H:%M:%S").astype("datetime64[ns]")
        assert got[i].equals(want.rename(got[i].name))
