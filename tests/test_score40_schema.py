"""The missed records' Parquet schema worked out without masking the text of the drill-downs' first rows
(:func:`windoweval.exports._masked_schema`, session 40): the same schema, pandas metadata included, as masking
every row gives, and the text columns' values masked once (for the file), not once more for their types."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from windoweval import exports


def _frames():
    n = 6
    yield "work orders", pd.DataFrame({
        "window_id": pd.array(["PW01", "PW02"] * 3, dtype="str"),
        "order_id": pd.array([f"WO{i}" for i in range(n)], dtype="str"),
        "customer_id": pd.array(["C1", "李小龙", None, "C4", "C5", "C6"], dtype="str"),   # a name in a key
        "passed": pd.array([False] * n, dtype="boolean"),
        "message": pd.array(["超时 13812345678 / late"] * n, dtype="str"),
        "received_at": pd.to_datetime(["2025-01-02"] * n),
        "open": [False, None, False, False, False, False],     # objects
        "elapsed_min": [1.5] * n,
    })
    yield "personal text all missing", pd.DataFrame({
        "联系人": pd.array([None] * 3, dtype="str"),             # masked whole: no value left, no text
        "phone": pd.array(["13812345678", None, ""], dtype="string"),
        "order_id": pd.array([None] * 3, dtype="string"),
        "staff_id": pd.array([None] * 3, dtype="str"),
    })
    yield "objects and categories", pd.DataFrame({
        "note": ["张先生 13812345678", None, "ok"],               # object text
        "empty": [None, None, None],
        "kind": pd.Categorical(["a", "b", None]),
        "order_id": pd.array(["1", "2", "3"], dtype=pd.StringDtype("python")),
        "n": [1, 2, 3],
    })
    yield "one text column", pd.DataFrame({"order_id": pd.array(["WO1"], dtype="str")})
    yield "no rows", pd.DataFrame({"order_id": pd.array([], dtype="str"), "联系人": pd.array([], dtype="str"),
                                   "n": pd.Series([], dtype=float)})


@pytest.mark.parametrize("what,df", list(_frames()), ids=[w for w, _ in _frames()])
def test_same_schema_as_masking_every_row(what, df):
    want = pa.Schema.from_pandas(exports._masked_by_value(df), preserve_index=False)
    got = exports._masked_schema(df)
    assert got.equals(want, check_metadata=True), (what, got, want)


def test_a_frame_on_another_index():
    df = next(_frames())[1].set_axis(range(10, 16))
    want = pa.Schema.from_pandas(exports._masked_by_value(df), preserve_index=False)
    assert exports._masked_schema(df).equals(want, check_metadata=True)


def test_text_masked_once_for_the_file(tmp_path, monkeypatch):
    """The order ids and customers' ids of the missed records are masked for the Parquet file only: writing them no
    longer masks the first rows of every drill-down a second time to learn the columns' types."""
    df = next(_frames())[1]
    masked_rows = {"order_id": 0, "customer_id": 0}
    real = exports._masked_by_value

    def spy(f):
        for c in masked_rows:
            if c in f:
                masked_rows[c] += len(f)
        return real(f)

    monkeypatch.setattr(exports, "_masked_by_value", spy)
    pq_path, _ = exports.write_missed([df], tmp_path, "t")
    assert masked_rows == {"order_id": len(df), "customer_id": len(df)}
    got = pq.read_table(pq_path)
    assert got.column("customer_id").to_pylist()[1] != "李小龙"     # still masked in the file
    assert got.schema.field("order_id").type == pa.large_string()
