"""csv48b: ``validate._trimmed`` reports the lowest byte of a plain (printable ASCII) text column, and
``validate._fast_column`` skips the scientific-notation and decimal-id scans of a key column when no byte is
below "0" (so no "+" or "." can occur). Those two scans ask the same question of the bytes first, so the answer is
unchanged; the counter's three id columns at the demo x100 save two passes each.

Why:
- ``test_trimmed_reports_the_lowest_byte``: before, ``plain`` was ``[True]``.
- ``test_key_column_above_0_is_not_scanned_again``: before, both scans ran and the patched ones raised.
- the others check that columns with "+", "." or "-" are still scanned and refused or kept as before.
"""
import importlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

v = importlib.import_module("windoweval.records.validate")


def _col(chunks):
    arr = pa.chunked_array([pa.array(c, pa.large_string()) for c in chunks], type=pa.large_string())
    return pd.Series(pd.arrays.ArrowStringArray(arr, dtype=pd.StringDtype("pyarrow")), name="ticket_id")


def test_trimmed_reports_the_lowest_byte():
    plain: list = []
    arr = pa.chunked_array([["T240000001~46", "T240000002~46"], ["PW01", None]], type=pa.large_string())
    assert v._trimmed(arr, plain) is arr
    assert plain == [ord("0")]
    plain = []
    v._trimmed(pa.chunked_array([["S-01"], ["", None]], type=pa.large_string()), plain)
    assert plain == [ord("-")]
    plain = []
    v._trimmed(pa.chunked_array([["", ""]], type=pa.large_string()), plain)
    assert plain == [v._NO_BYTE] and bool(plain)
    plain = []
    v._trimmed(pa.chunked_array([["受理"]], type=pa.large_string()), plain)   # not ASCII: nothing reported
    assert plain == []


def test_key_column_above_0_is_not_scanned_again(monkeypatch):
    def boom(text):
        raise AssertionError("scanned again")

    monkeypatch.setattr(v, "_any_scientific", boom)
    monkeypatch.setattr(v, "_any_decimal_id", boom)
    raw = _col([["T240000001~46", "T240000002~46"], ["T240000003", None]])
    got = v._fast_column(raw, {"type": "string"}, "ticket_id")
    assert got is not None and got.tolist() == raw.tolist()


@pytest.mark.parametrize("bad", ["1.23457E+17", "100000.0"])
def test_key_column_with_a_sign_or_point_is_still_refused(bad):
    raw = _col([["T240000001", "T240000002"], [bad, "T3"]])
    assert v._fast_column(raw, {"type": "string"}, "ticket_id") is None


def test_key_column_with_bytes_below_0_is_still_scanned(monkeypatch):
    calls = []
    sci, dec = v._any_scientific, v._any_decimal_id
    monkeypatch.setattr(v, "_any_scientific", lambda t: calls.append("sci") or sci(t))
    monkeypatch.setattr(v, "_any_decimal_id", lambda t: calls.append("dec") or dec(t))
    raw = _col([["S-0104", "A+B"], ["3E5"]])
    got = v._fast_column(raw, {"type": "string"}, "ticket_id")
    assert calls == ["sci", "dec"]
    assert got is not None and got.tolist() == raw.tolist()


def test_same_answer_as_the_scans_on_random_ascii_columns():
    rng = np.random.default_rng(48)
    alphabet = np.array(list("0123456789ABTW~+.-E"))
    for _ in range(200):
        vals = ["".join(rng.choice(alphabet, rng.integers(1, 12))) for _ in range(rng.integers(1, 20))]
        arr = pa.chunked_array([vals[: len(vals) // 2], vals[len(vals) // 2:]], type=pa.large_string())
        plain: list = []
        text = v._trimmed(arr, plain)
        assert plain and text is arr
        if plain[0] >= 0x30:   # the shortcut's condition: the scans must both say no
            assert not v._any_scientific(text) and not v._any_decimal_id(text)
        assert plain[0] == min(min(s.encode()) for s in vals)
