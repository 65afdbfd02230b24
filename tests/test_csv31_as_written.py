"""Session 31 (issue 14): a column whose codes a mapping recodes (居民缴费 -> resident_payment) is recoded chunk by
chunk, each chunk's positions among the distinct codes taken at once, never the whole column's positions in one take
(pyarrow combined the column to one chunk there: 0.17 s at the demo x100's 4,320,000 counter codes, chunk by chunk
0.08 s).  The values are those the whole take gave, on every shape of column."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from windoweval.records.mapping import _as_written, norm

CODES = {"居民缴费": "resident_payment", "用电业务": "electricity_business", "作废": None}


def _old_rule(col: pd.Series, mm: dict) -> list:   # the recoding before the session, written out
    arr = col.array._pa_array.cast(pa.large_string())
    uniq = pc.unique(arr).drop_null()
    got = [mm.get(norm(u), u) for u in uniq.to_pylist()]
    return pc.take(pa.array(got, type=pa.large_string()), pc.index_in(arr, value_set=uniq)).to_pylist()


def _column(chunks: list, typ=pa.string()) -> pd.Series:
    arr = pa.chunked_array([pa.array(c, type=typ) for c in chunks], type=typ)
    return pd.Series(pd.arrays.ArrowStringArray(arr, dtype=pd.StringDtype("pyarrow", na_value=float("nan"))))


SHAPES = {
    "many chunks": [["居民缴费", "用电业务", None], ["用电业务 "], ["其他", "ＡＢ", "居民缴费"]] * 5,
    "an empty chunk": [["居民缴费"], [], ["用电业务", None]],
    "a chunk of nulls": [[None, None], ["居民缴费", "其他"]],
    "a chunk without a code": [["其他", "另一个"], ["用电业务"]],
    "a code mapped to blank": [["作废", "居民缴费"], ["作废"]],
    "one chunk": [["居民缴费", "用电业务", "其他", None]],
}


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("typ", [pa.string(), pa.large_string()])
def test_recoded_as_the_whole_take_did(shape, typ):
    mm = {norm(k): v for k, v in CODES.items()}
    col = _column(SHAPES[shape], typ)
    found: dict = {}
    out = _as_written(col, mm, found)
    assert out.tolist() == [pd.NA if v is None else v for v in _old_rule(col, mm)]
    arr = out.array._pa_array
    assert arr.type == pa.large_string() and out.dtype == pd.StringDtype("pyarrow")
    assert out.index.equals(col.index)
    # chunk by chunk: one chunk out for each chunk in (the whole take gave one chunk)
    assert [len(c) for c in arr.chunks] == [len(c) for c in col.array._pa_array.chunks]
    assert sorted(found["values"]) == sorted(v for v in (mm.get(norm(u), u) for u in
                                                         pc.unique(col.array._pa_array).drop_null().to_pylist())
                                             if v is not None)


def test_nothing_to_recode_is_the_column_itself():
    col = _column([["其他", None], ["另一个"]], pa.large_string())
    out = _as_written(col, {norm(k): v for k, v in CODES.items()})
    assert out.array._pa_array.equals(col.array._pa_array)
