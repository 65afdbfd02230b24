"""Session 24 (the score command): a table of few rows is masked all at once, its text columns of one kind put end
to end (the scorecard's grid printed: a column a window, ~200 calls of the masking before), cell for cell as each
column masked alone; the console prints the masked cells as objects, the same text as the ``string`` columns gave."""
import contextlib
import io

import pandas as pd
import pytest

from windoweval import privacy
from windoweval.console import print_table
from windoweval.privacy import _masked_column, free_text_column, mask_frame


def _table(n=6):
    rows = {
        "测量项 / measure": ["供电服务承诺兑现率", "张先生 13812345678", None, "E12345678", "", "客户：李四 13912345678"],
        "order_id": ["WO1", "13812345678", "1381234567813912345678", None, "6222021234567890128", "客户：张三 13812345678"],
        "备注": ["E12345678", "王女士来电", "请拨 (0571)88886666", None, "E１２３４５６７８", "—"],
        "PW0001": ["95.2✗", "?", "○", "", "100.0", None],
        "PW0002": ["110101199003071234", "88.0?", "=HYPERLINK(\"x\")", "", None, "王师傅"],
        "mixed": ["13812345678", 3, None, "a", 2.5, "b"],
        "n": list(range(6)),
        "long": ["x" * 40_000, "短", None, "y", "z", "13812345678"],
    }
    return pd.DataFrame({k: v[:n] for k, v in rows.items()})


def _column_by_column(df):
    """What mask_frame gave before: each text column masked by a call of its own."""
    out = privacy.whole_personal_columns(df).copy()
    for c in out.columns:
        s = out[c]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            continue
        kind = pd.api.types.infer_dtype(s, skipna=True)
        if kind in ("string", "empty"):
            out[c] = _masked_column(s, c, free_text_column(c))
        elif kind.startswith("mixed") and kind != "mixed-integer-float":
            is_text = s.str.len().notna().to_numpy()
            out[c] = s.where(~is_text, _masked_column(s.where(is_text), c, free_text_column(c)).astype(object))
    return out


@pytest.mark.parametrize("drop", [[], ["long"], ["long", "mixed"]])
def test_grouped_mask_is_each_column_alone(drop):
    df = _table().drop(columns=drop)
    got, want = mask_frame(df), _column_by_column(df)
    pd.testing.assert_frame_equal(got, want)
    assert got["备注"].tolist()[0] == "[证件号]"          # a token alone in a note: a document
    assert got["order_id"].tolist()[2] == "1381234567813912345678"   # an id's key masked only whole
    objs = privacy._mask_frame(df, text=False)
    for c in df.columns:
        if str(want[c].dtype) == "string":
            assert objs[c].dtype == object
            assert objs[c].tolist() == [pd.NA if pd.isna(v) else v for v in want[c].tolist()]


def test_a_wide_table_is_masked_in_one_call_a_kind(monkeypatch):
    wide = pd.DataFrame({f"PW{i:04d}": ["95.2✗", "", "张先生 13812345678"] for i in range(200)})
    calls = []
    real = privacy._apply_rules
    monkeypatch.setattr(privacy, "_apply_rules", lambda vals, *a, **k: calls.append(len(vals)) or real(vals, *a, **k))
    got = mask_frame(wide)
    assert calls == [600]   # one call for the 200 columns (before: 200 calls of 3 texts)
    assert got["PW0199"].tolist() == ["95.2✗", "", "某先生 [手机号]"]
    assert all(str(got[c].dtype) == "string" for c in got.columns)


def test_print_table_shows_what_the_string_columns_showed():
    df = _table().drop(columns=["long"])
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print_table(df)
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                           "display.unicode.east_asian_width", True):
        want = mask_frame(df).to_string(index=False)
    assert buf.getvalue() == want + "\n"
    assert "13812345678" not in buf.getvalue().replace("1381234567813912345678", "")
