"""Issue 14, fourteenth round: reading and validating CSV records faster, with the same results.

Each shortcut is checked against the way it replaces: the test for blanks at a value's ends against pyarrow's
trim (every code point, and random text), the ISO casts on two threads against the casts one after the other
(a column of many pieces, with a value not ISO or out of range in a later piece), a table's columns checked two
at a time against one after the other (the demo and the bad-input corpus: same frames, same refusals), a table's
row numbers made once, and the CSV body parsed without a second scan for NUL bytes (still refused, naming the row).
"""
from __future__ import annotations

import importlib
import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from windoweval.records.io import ExportError, Table, read_tables

v = importlib.import_module("windoweval.records.validate")   # the module (the package exports a function of its name)


def test_the_blanks_listed_are_the_ones_pyarrow_trims():
    cps = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    arr = pa.array(["x" + chr(c) for c in cps])
    trimmed = pc.binary_length(pc.utf8_trim_whitespace(arr)).to_numpy()
    blanks = {chr(cps[i]).encode() for i in np.flatnonzero(trimmed != pc.binary_length(arr).to_numpy())}
    assert blanks == set(v._BLANK_UTF8)


_ALPHABET = (["a", "7", "-", ":", "受", "理", "“", "”", "。", "、", "—", "ア", "\u00e9", "\u00a9", "\U0001F600"]
             + [b.decode() for b in v._BLANK_UTF8])


@pytest.mark.parametrize("typ", [pa.string(), pa.large_string()])
def test_blank_ends_agrees_with_trimming(typ):
    rng = random.Random(14)
    for _ in range(3000):
        vals = []
        for _ in range(rng.randint(1, 6)):
            r = rng.random()
            if r < 0.1:
                vals.append(None)
            elif r < 0.6:   # most values without a blank at their ends
                body = "".join(rng.choice(_ALPHABET[:15]) for _ in range(rng.randint(0, 5)))
                vals.append(body)
            else:
                vals.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 4))))
        arr = pa.array(vals, typ)
        lo = rng.randint(0, len(vals) - 1)
        for ch in (arr, arr.slice(lo)):   # a chunk with an offset, as pyarrow slices them
            want = pc.not_equal(pc.binary_length(pc.utf8_trim_whitespace(ch)), pc.binary_length(ch))
            want = bool(pc.any(pc.fill_null(want, False)).as_py())
            assert v._blank_ends(ch) == want, ch.to_pylist()


def test_trimmed_keeps_a_piece_without_blanks_as_it_is_and_trims_the_others(monkeypatch):
    monkeypatch.setattr(v, "_PIECE_ROWS", 2)
    col = pa.chunked_array([["PW01", "受理"], ["PW02 ", None], ["\u3000PW03", "PW04"]])
    got = v._trimmed(col)
    assert got.to_pylist() == ["PW01", "受理", "PW02", None, "PW03", "PW04"]
    assert got.chunk(0) is col.chunk(0) or got.chunk(0).equals(col.chunk(0))
    clean = pa.chunked_array([["PW01", "“受理”"], ["PW02", None]])
    assert v._trimmed(clean) is clean


def _serial(text, raw, t):
    """_iso_timestamps as it was: each piece cast after the other, the first failure returned."""
    out = np.empty(len(text), dtype="datetime64[ns]")
    ns = out.view(np.int64)
    pos = 0
    for piece in v._pieces(text):
        got = v._iso_piece(piece, pos, ns)
        if got is not True:
            return v._NOT_ISO if got is v._NOT_ISO else None
        pos += len(piece)
    s = pd.Series(out, index=raw.index, name=raw.name)
    return s.dt.normalize() if t == "date" else s


@pytest.mark.parametrize("bad", [None, "2025/03/04 09:00", "1500-01-01 00:00:00", "oops"])
@pytest.mark.parametrize("t", ["datetime", "date"])
def test_iso_pieces_on_two_threads_give_what_one_after_the_other_gives(monkeypatch, bad, t):
    monkeypatch.setattr(v, "_PIECE_ROWS", 3)
    rng = random.Random(1)
    vals = [None if rng.random() < 0.2 else f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}" for _ in range(40)]
    if bad is not None:
        vals[31] = bad          # in a later piece than the first
    text = pa.chunked_array([vals[i:i + 2] for i in range(0, 40, 2)], pa.large_string())
    raw = pd.Series(vals, name="received_at", dtype="string[pyarrow]")
    want, got = _serial(text, raw, t), v._iso_timestamps(text, raw, t)
    if isinstance(want, pd.Series):
        pd.testing.assert_series_equal(got, want)
        assert got.isna().tolist() == [x is None for x in vals]
    else:
        assert got is want


def test_a_tables_row_numbers_are_made_once_and_cannot_be_changed():
    t = Table("f.csv", ["a"], pd.DataFrame({0: ["1", "2", "3"]}), 2)
    rows = t.row_numbers()
    assert rows.tolist() == [2, 3, 4] and t.row_numbers() is rows
    with pytest.raises(ValueError):
        rows[0] = 9
    t.frame = pd.DataFrame({0: ["1"]})     # another frame: its own numbers
    assert t.row_numbers().tolist() == [2]
    given = Table("f.csv", ["a"], pd.DataFrame({0: ["1", "2"]}), 2, rows=np.array([5, 9]))
    assert given.row_numbers().tolist() == [5, 9]


def test_a_nul_in_the_body_is_still_refused_with_its_row(tmp_path):
    f = tmp_path / "work_orders.csv"
    body = "".join(f"WO{i},2025-06-01 18:00\n" for i in range(50))
    f.write_bytes(("工单号,受理时间\n" + body + "WO50,2025-06-\x0001 18:00\n" + body).encode())
    with pytest.raises(ExportError) as e:
        read_tables(f)
    assert e.value.row == 52 and "NUL" in str(e.value)


CORPUS = __import__("pathlib").Path(__file__).parent / "bad_inputs" / "records"


def _cases():
    from windoweval import paths

    return [paths.data_dir(None)] + sorted(p for p in CORPUS.iterdir() if p.is_dir())


def test_columns_checked_two_at_a_time_read_and_refuse_as_one_at_a_time(monkeypatch):
    """Every demo kind and every case of the bad-input corpus: the same frames, the same refusals (each problem
    named in the same order), whether a table's columns are checked on two threads or one after the other."""
    from _corpus import assert_read_alike, read_case

    cases = _cases()
    assert len(cases) > 20
    monkeypatch.setattr(v, "PARALLEL_ROWS", 10**12)
    one = [read_case(c) for c in cases]
    monkeypatch.setattr(v, "PARALLEL_ROWS", 0)
    calls = []
    orig = v._fast_column
    monkeypatch.setattr(v, "_fast_column", lambda *a: calls.append(v._in_worker()) or orig(*a))
    two = [read_case(c) for c in cases]
    assert any(calls) and len(calls) > 100     # the columns were checked on the threads
    for a, b in zip(one, two):
        assert_read_alike(a, b)
