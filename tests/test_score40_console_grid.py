"""The console's tables made bilingual without looking at each value of a grid's 200 columns of text
(:func:`windoweval.console.bilingual`, session 40): the same table as looking at every value gives."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval import console


def _reference(df: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """bilingual as session 39 left it: every object column's values' types looked at one by one."""
    def textual(col):
        if isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(col.dtype) and col.dtype != object:
            return True
        return col.dtype == object and bool(col.dropna().map(type).eq(str).all())

    out = df.copy()
    for c in out.columns:
        col = out[c]
        if pd.api.types.is_bool_dtype(col) or (col.dtype == object and col.notna().any()
                                                and col.dropna().map(type).eq(bool).all()):
            out[c] = col.astype(object).map(console.YES_NO).where(col.notna(), "")
        elif textual(col) and col.isna().any():
            out[c] = col.astype(object).where(col.notna(), console.BLANK)
    return out


COLUMNS = {
    "bools": [True, False, None],
    "bools_nat": [True, pd.NaT, False],
    "numpy_bools": [np.True_, False, None],
    "bools_ints": [True, 1, None],
    "text": ["是", "否", None],
    "text_full": ["a", "b", "c"],
    "numpy_text": [np.str_("a"), "b", None],
    "blank": [None, None, None],
    "nan_text": [float("nan"), "x", "y"],
    "mixed": ["a", 1, None],
    "numbers": [1.5, None, 2.0],
    "strings": pd.array(["a", None, "c"], dtype="str"),
    "cats": pd.Categorical(["a", None, "a"]),
    "flags": pd.array([True, None, False], dtype="boolean"),
}


@pytest.mark.parametrize("name", list(COLUMNS))
def test_same_table_as_each_value_looked_at(name):
    v = COLUMNS[name]
    df = pd.DataFrame({name: pd.Series(v, dtype=object) if isinstance(v, list) else v})
    got, want = console.bilingual(df, {}), _reference(df, {})
    pd.testing.assert_frame_equal(got.set_axis(list(want.columns), axis=1), want)   # the heads: bilingual's own


def test_a_grid_of_text_is_not_looked_at_value_by_value(monkeypatch):
    grid = pd.DataFrame({f"PW{i:04d}": pd.Series(["98.5", "100.0✗", ""], dtype=object) for i in range(200)})
    calls = []
    real = pd.Series.dropna

    def counted(self, *a, **k):
        calls.append(self.name)
        return real(self, *a, **k)

    monkeypatch.setattr(pd.Series, "dropna", counted)
    out = console.bilingual(grid, {})
    monkeypatch.setattr(pd.Series, "dropna", real)
    assert calls == []
    pd.testing.assert_frame_equal(out, _reference(grid, {}))
