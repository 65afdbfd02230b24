"""The missed records' few-valued columns (the window, the measure, its message …) written to Parquet from the
dictionaries they were put aside as (session 40): not decoded into text for Parquet to hash into a dictionary again.
The file says its columns are text (its stored Arrow schema is the text's, pandas metadata and all): pyarrow, pandas
and :func:`windoweval.exports.read_missed` read back the same text, never categories, and the same rows as a file
written from the text."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from windoweval import exports
from windoweval.cli import main

def _run(store, out):
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(store),
                     "--out", str(out)])
    assert code == 0, so.getvalue()
    return out / "power_window_missed.parquet"


def test_written_from_dictionaries_read_back_as_text(work_orders_store, tmp_path, monkeypatch):
    # many pieces: a row group joins pieces put aside with dictionaries of their own
    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 300)
    given = []
    real = pq.ParquetWriter.write_table

    def spy(self, table, *a, **k):
        if str(self.where).endswith("_missed.parquet"):   # not the repeats' file
            given.append(table)
        return real(self, table, *a, **k)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", spy)
    few = []
    real_few = exports._few_valued
    monkeypatch.setattr(exports, "_few_valued", lambda f: few.extend(real_few(f)) or list(few))
    coded = _run(work_orders_store, tmp_path / "coded")
    tables = list(given)
    assert tables and "message" in few
    texts = [c for c in few if pa.types.is_large_string(pq.read_schema(coded).field(c).type)]
    assert texts
    for t in tables:
        for c in texts:
            col = t.column(c)
            assert pa.types.is_dictionary(col.type), (c, col.type)
            # one dictionary a row group: Parquet keeps writing the chunk from it (no fallback to plain encoding)
            assert len({id(ch.dictionary) for ch in col.chunks}) <= 1 or all(
                ch.dictionary.equals(col.chunks[0].dictionary) for ch in col.chunks)
    assert any(t.column(texts[0]).num_chunks > 1 for t in tables)    # pieces joined into a row group

    # the same command writing the columns as text (the file as session 39 wrote it)
    given.clear()
    monkeypatch.setattr(exports, "_coded_schema", lambda schema, few: schema.remove_metadata())
    plain = _run(work_orders_store, tmp_path / "text")
    assert not any(pa.types.is_dictionary(f.type) for t in given for f in t.schema)

    a, b = pq.ParquetFile(coded), pq.ParquetFile(plain)
    assert a.metadata.metadata == b.metadata.metadata          # the stored Arrow schema and pandas metadata
    ta, tb = pq.read_table(coded), pq.read_table(plain)
    assert ta.schema.equals(tb.schema, check_metadata=True) and ta.equals(tb)
    assert not any(pa.types.is_dictionary(f.type) for f in ta.schema)
    # what pyarrow itself stores for the text: the same metadata
    pq.write_table(tb, tmp_path / "own.parquet")
    assert pq.ParquetFile(tmp_path / "own.parquet").metadata.metadata == a.metadata.metadata
    da, db = pd.read_parquet(coded), pd.read_parquet(plain)
    assert not any(isinstance(t, pd.CategoricalDtype) for t in da.dtypes)
    pd.testing.assert_frame_equal(da, db)
    ra = exports.read_missed(tmp_path / "coded", "power_window", arrow=True)
    rb = exports.read_missed(tmp_path / "text", "power_window", arrow=True)
    assert ra.equals(rb) and ra.schema.equals(rb.schema)
    for i in range(a.metadata.num_row_groups):     # every few-valued chunk dictionary-encoded, as before
        for j, name in enumerate(a.schema_arrow.names):
            if name in texts:
                assert a.metadata.row_group(i).column(j).has_dictionary_page
    assert coded.stat().st_size <= plain.stat().st_size * 1.05


def test_aligned_coded_is_aligned_table_decoded():
    s = pa.schema([("w", pa.large_string()), ("m", pa.large_string()), ("n", pa.float64()), ("o", pa.large_string())])
    ws = exports._coded_schema(s, ["w", "m", "n"])
    assert [str(f.type) for f in ws] == ["dictionary<values=large_string, indices=int32, ordered=0>"] * 2 + \
        ["double", "large_string"]
    cases = [
        pa.table({"w": pa.array(["A", None, "A"], pa.large_string()).dictionary_encode(),
                  "o": pa.array(["x", "y", None], pa.large_string()).dictionary_encode()}),   # decoded: not few
        pa.table({"m": pa.array(["x", "x", "y"], pa.large_string()), "n": [1.0, None, 2.0]}),  # encoded
        pa.table({"w": pa.nulls(2), "n": pa.array([1.0, 2.0])}),                              # all missing
        pa.table({"w": pa.DictionaryArray.from_arrays(pa.array([0, 1, 0], pa.int8()),
                                                      pa.array(["A", "A"], pa.large_string()))}),   # other codes
    ]
    for t in cases:
        got = exports._aligned_coded(t, s, ws)
        assert got.schema.equals(ws)
        want = exports._aligned_table(exports._decoded(t), s)
        assert exports._decoded(got).cast(s).equals(want)
    # a dictionary of another text than the whole's, or text where it has numbers: not aligned (as before)
    assert exports._aligned_coded(pa.table({"w": pa.array(["A"]).dictionary_encode()}), s, ws) is None
    assert exports._aligned_coded(pa.table({"n": pa.array(["1"])}), s, ws) is None


def test_a_pyarrow_that_cannot_store_the_schema_writes_text(tmp_path, monkeypatch):
    """Without ``ParquetWriter.add_key_value_metadata`` (pyarrow >= 14 has it) the file could not say its columns are
    text: the text is written as text, the same rows and schema as written from the dictionaries."""
    f = pd.DataFrame({"window_id": pd.array(["PW01", "PW02"] * 40, dtype="str"),
                      "order_id": pd.array([f"WO{i}" for i in range(80)], dtype="str"),
                      "measure": pd.array(["m"] * 80, dtype="str")})
    coded, _ = exports.write_missed([f], tmp_path / "a", "t")
    monkeypatch.delattr(pq.ParquetWriter, "add_key_value_metadata")
    plain, _ = exports.write_missed([f], tmp_path / "b", "t")
    ta, tb = pq.read_table(coded), pq.read_table(plain)
    assert ta.schema.equals(tb.schema, check_metadata=True) and ta.equals(tb)
    assert pq.ParquetFile(coded).metadata.metadata == pq.ParquetFile(plain).metadata.metadata
