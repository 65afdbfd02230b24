"""Session 29 (csv29): an id column whose every byte ``_trimmed`` found to be ASCII above the space is not scanned a
second time by ``csvfast.all_ascii`` (``_half_width``): nothing in it can be full-width.  Any other column still is,
and every answer is the one the fold gives."""
import importlib
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

V = importlib.import_module("windoweval.records.validate")
csvfast = importlib.import_module("windoweval.records.csvfast")


def _col(chunks, ty=pa.large_string()):
    arr = pa.chunked_array([pa.array(c, type=ty) for c in chunks], type=ty)
    return pd.Series(pd.arrays.ArrowStringArray(arr, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))


def _counted(monkeypatch):
    calls = []
    real = csvfast.all_ascii

    def spy(arr):
        calls.append(1)
        return real(arr)
    monkeypatch.setattr(csvfast, "all_ascii", spy)
    return calls


def _expected(chunks):
    out = []
    for c in chunks:
        for v in c:
            if v is None:
                out.append(None)
                continue
            v = v.strip()
            out.append(None if v == "" else unicodedata.normalize("NFKC", v))
    return out


def _values(s):
    return [None if pd.isna(v) else v for v in s]


def test_plain_ascii_ids_are_not_scanned_again(monkeypatch):
    calls = _counted(monkeypatch)
    chunks = [["GD001", "GD002", None], [], ["GD003"]]
    got = V._fast_column(_col(chunks), {"type": "string"}, "order_id")
    assert _values(got) == _expected(chunks)
    assert calls == []   # before: all_ascii read every byte again
    chunks = [["GD\x7f1", "~!"], ["GD2"]]   # DEL and the last printable ones: ASCII above the space, nothing to fold
    got = V._fast_column(_col(chunks), {"type": "string"}, "order_id")
    assert _values(got) == _expected(chunks) and calls == []


@pytest.mark.parametrize("chunks", [
    [["GD001", "ＧＤ００２"]],                        # full-width in the only chunk
    [["GD001", "GD002"], ["ＧＤ００３"]],             # in the last chunk only
    [[" GD001", "GD002"], ["ＧＤ００３"]],            # a blank trimmed first (the piece trimmed: not all looked at)
    [["GD001 ", "ＧＤ００２"], ["GD003"]],
    [["GD\u3000001", "GD002"]],                       # an ideographic space inside: not trimmed, folded to a space
    [["GD 001", "GD002"]],                            # a space inside: ASCII, not above the space
    [["GD001", "  "], ["GD002"]],                     # a cell of blanks only: missing
    [["GD001", ""], ["Ｇ"]],
    [[None, None], ["ＧＤ１"]],                        # a chunk of nulls only
    [["é1", "GD2"]],
])
def test_every_other_column_is_folded_as_before(monkeypatch, chunks):
    calls = _counted(monkeypatch)
    for ty in (pa.large_string(), pa.string()):
        got = V._fast_column(_col(chunks, ty), {"type": "string"}, "order_id")
        assert got is not None
        assert _values(got) == _expected(chunks), (chunks, ty)
    assert calls   # looked at: some byte is not ASCII above the space


def test_trimmed_says_plain_only_when_it_looked_at_every_chunk():
    plain: list = []
    a = pa.chunked_array([["GD1", "GD2"], [], ["GD3"]])
    assert V._trimmed(a, plain) is a and plain == [ord("1")] and bool(plain)   # the lowest byte (csv48b), true
    for chunks in ([["GD1"], [" GD2"]], [["GD1", "G D"]], [["受理"]], [["GD1"], [None, None]]):
        plain = []
        V._trimmed(pa.chunked_array(chunks, type=pa.string()), plain)
        assert plain == [], chunks
    plain = []
    V._trimmed(pa.array(["GD1"]), plain)   # an array, not chunked: nothing said
    assert plain == []
