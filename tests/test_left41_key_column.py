"""One named predicate, is_key_column (an id or a key column: a placeholder written there is no value), where
``is_id_column(c) or holds_keys(c)`` was written out in records/validate.py (the reader and its fast path) and
records/check.py (twice) (session 40 left it): the same behaviour, one rule to change."""
import numpy as np
import pandas as pd
import pyarrow as pa

import importlib
C = importlib.import_module("windoweval.records.check")
V = importlib.import_module("windoweval.records.validate")


def _raw(vals):
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(vals, pa.large_string())]),
                                                dtype=pd.StringDtype("pyarrow", na_value=np.nan)))


def _slow(vals, name):
    raw = _raw(vals)
    return V._coerce_column(raw, {"type": "string"}, name, np.full(len(raw), "f.csv", dtype=object),
                            np.arange(2, len(raw) + 2), [])


def test_ids_and_keys_read_a_placeholder_blank():
    for name in ("order_id", "customer_key"):
        assert _slow(["C1", "-", "无"], name).isna().tolist() == [False, True, True]
        assert V._fast_column(_raw(["C1", "-"]), {"type": "string"}, name) is None   # the reader's own path
        assert C._is_id(f"x, {name}")
    assert _slow(["C1", "-"], "description").isna().tolist() == [False, False]
    assert not C._is_id("description")


def test_the_reader_and_records_check_share_one_predicate(monkeypatch):
    assert V.is_key_column("order_id") and V.is_key_column("customer_key") and not V.is_key_column("description")
    monkeypatch.setattr(V, "is_key_column", lambda name: name == "description")   # the rule changed in one place
    assert _slow(["C1", "-"], "customer_key").isna().tolist() == [False, False]
    assert _slow(["C1", "-"], "description").isna().tolist() == [False, True]
    assert V._fast_column(_raw(["C1", "-"]), {"type": "string"}, "customer_key") is not None
    assert not C._is_id("customer_key") and C._is_id("description")
