"""The missed rows put aside in Arrow (issue 14, the score command, session 41): a text column of a piece every value
of which is missing (the store's ``order_status`` when the records leave it empty) is known so from its chunks' null
counts: not put together and encoded to find that it has no values (two copies of the column per piece).  The
codes are those the encoding gives, so the rows put aside are the same."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from windoweval.engine import missed_pass


def _column(chunks):
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=pa.large_string())))


def test_an_empty_column_is_not_encoded(monkeypatch):
    seen = []
    real = missed_pass._arrow_text
    monkeypatch.setattr(missed_pass, "_arrow_text", lambda s: seen.append(1) or real(s))
    s = _column([pa.nulls(500, pa.large_string())] * 4)
    values, codes = missed_pass._text_codes(s)
    assert not seen   # before: every row's text put together and dictionary-encoded
    assert len(values) == 0 and values.type == pa.large_string()
    assert codes.dtype == np.int64 and len(codes) == 2000 and (codes == -1).all()


@pytest.mark.parametrize("chunks", [
    [pa.nulls(500, pa.large_string())] * 4,                                    # every value missing
    [pa.nulls(30, pa.large_string())],                                         # too short to be coded
    [pa.array(["办结", None] * 100, pa.large_string()), pa.nulls(100, pa.large_string())],   # few values, some missing
    [pa.array([f"WO{i}" for i in range(400)], pa.large_string())],             # every value distinct
    [pa.array([None] * 99 + ["张先生 13812345678"], pa.large_string())] * 2,    # one value late in the column
])
def test_the_same_values_and_codes_as_the_encoding(chunks):
    s = _column(chunks)
    want_values, want_codes = missed_pass._few_codes(missed_pass._arrow_text(s))
    values, codes = missed_pass._text_codes(s)
    assert values.equals(want_values) and values.type == want_values.type
    assert (codes is None) == (want_codes is None)
    if codes is not None:
        assert codes.dtype == want_codes.dtype and np.array_equal(codes, want_codes)
