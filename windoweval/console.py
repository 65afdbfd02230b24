"""Tables printed to a terminal (the commands' output), wide and with Chinese columns aligned."""
from __future__ import annotations

import pandas as pd

__all__ = ["print_table", "bilingual", "YES_NO", "BLANK"]

YES_NO = {True: "是 yes", False: "否 no"}
#: A text cell the records leave blank, as a table printed for people shows it.
BLANK = "(未填写 / blank)"


def _textual(col: pd.Series) -> bool:
    """A column of text (a string or categorical column, or objects that are all text where given, or none given:
    the privacy gate hands text on as objects, and a listing's one case may leave it blank)."""
    if isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(col.dtype) and col.dtype != object:
        return True
    return col.dtype == object and bool(col.dropna().map(type).eq(str).all())


def _all_bools(col: pd.Series) -> bool:
    """A column of objects holding ``True``/``False`` only where given, and some given: its values' types looked at
    one by one only when pandas' type inference (in C) allows it (``boolean``; ``mixed`` when a ``NaT`` stands for
    a blank), not for each of a scorecard grid's 200 columns of text.

    Examples
    --------
    >>> [_all_bools(pd.Series(v, dtype=object)) for v in ([True, None], [True, pd.NaT], ["是", None], [None], [1, True])]
    [True, True, False, False, False]
    """
    if not col.notna().any() or pd.api.types.infer_dtype(col, skipna=True) not in ("boolean", "mixed"):
        return False
    return bool(col.dropna().map(type).eq(bool).all())


def bilingual(df: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """``df`` as a terminal shows it to people: each head in Chinese with English alongside and a yes/no cell as
    是/否, never the code's column names or Python's True/False.

    A head is taken from ``labels`` (the command's own, where a column means something particular there), else from
    the package's strings (``col.<name>`` in ``windoweval/locale/strings.yaml``: ``中文 English``), else kept.

    Examples
    --------
    >>> bilingual(pd.DataFrame({"window_id": ["PW01"], "eligible": [False], "x_y": [1]}),
    ...           {"x_y": "某项 some"}).to_dict("records")
    [{'窗口编号 Window': 'PW01', '具备条件 Eligible': '否 no', '某项 some': 1}]

    A blank text cell reads as blank, Chinese first:

    >>> bilingual(pd.DataFrame({"category": pd.array(["电费电价", None], dtype="string")}), {})["业务类别 Category"].tolist()
    ['电费电价', '(未填写 / blank)']
    """
    from . import i18n

    labels = labels or {}
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if pd.api.types.is_bool_dtype(col) or (col.dtype == object and _all_bools(col)):
            out[c] = col.astype(object).map(YES_NO).where(col.notna(), "")
        elif col.isna().any() and _textual(col):   # the cheap test first: a grid's 200 columns of text, none blank
            # a blank text cell (a case without its 业务类别, grouped or listed) said as blank, never pandas' <NA>
            out[c] = col.astype(object).where(col.notna(), BLANK)
    heads = {}
    for c in out.columns:
        if c in labels:
            heads[c] = labels[c]
        elif isinstance(c, str) and i18n.has(f"col.{c}"):
            zh, en = i18n.text(f"col.{c}", "zh"), i18n.text(f"col.{c}", "en")
            heads[c] = zh if zh == en else f"{zh} {en}"
    return out.rename(columns=heads)


def print_table(df: pd.DataFrame, labels: dict | None = None):
    """Print ``df`` without its index, up to 500 rows and 50 columns, East Asian widths counted.

    The console is an output for people too: text passes the privacy gate (:func:`windoweval.privacy.mask_frame`).
    With ``labels`` (a dict, maybe empty) the heads and yes/no cells are shown in both languages (:func:`bilingual`).

    Examples
    --------
    >>> print_table(pd.DataFrame({"窗口": ["城东营业厅", "PW02"], "备注": ["张先生 13812345678", "—"], "得分": [91.5, 78.0]}))
          窗口            备注  得分
    城东营业厅 某先生 [手机号]  91.5
          PW02               —  78.0
    >>> print_table(pd.DataFrame({"窗口": ["PW01"], "联系人": ["张三"]}))     # a column of names: masked whole
    窗口          联系人
    PW01 [已遮蔽 masked]
    >>> print_table(pd.DataFrame({"measure": ["m"], "13812345678": [100.0]}))   # a head from the records (a window id)
    measure  [手机号]
          m     100.0
    """
    from .privacy import _mask_frame, mask_messages

    # the gate reads the table's own column names (a column of names masked whole), then the heads are shown; the
    # masked text kept as objects (no Arrow array made and read back per column: the grid has a column a window)
    df = _mask_frame(df, text=False)
    # the heads too: a grid's heads are values (a window id per column, from the records: score32 saw a phone
    # number a store used as a window id printed as a head)
    texts = iter(mask_messages([c for c in df.columns if isinstance(c, str)]))   # masked in one call
    heads = [next(texts) if isinstance(c, str) else c for c in df.columns]
    if heads != list(df.columns):
        df = df.set_axis(heads, axis=1)
    if labels is not None:
        df = bilingual(df, labels)
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                           "display.unicode.east_asian_width", True):
        print(df.to_string(index=False))
