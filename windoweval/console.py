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
                           "display.unicode.east_asian_width", True), _ascii_widths():
        print(df.to_string(index=False))


def _width_class():
    """pandas' East Asian text adjustment, its width of a text as pandas counts it, but a text of ASCII alone counted
    by its length (every ASCII character is narrow, ``Na`` or ``N``: one column each, as pandas' per-character count
    gives it) and any other text counted once per table: a scorecard's grid of 200 windows counts ~500,000
    characters one by one (0.1 s of its 0.16 s).  None when this pandas has no such class (nothing replaced)."""
    from pandas.io.formats import printing

    base = getattr(printing, "_EastAsianTextAdjustment", None)
    if base is None or not callable(getattr(printing, "get_adjustment", None)):
        return None

    class _Widths(base):
        #: the widths counted while one table is printed (set by :class:`_ascii_widths`), by the width of an
        #: ambiguous character (pandas' option): pandas makes several adjustments per table, each asking the same texts
        seen: dict = {}

        def __init__(self):
            super().__init__()
            self._seen = type(self).seen.setdefault(self.ambiguous_width, {})

        def len(self, text) -> int:
            try:
                return self._seen[text]   # a text counted already (a grid's cells repeat: ~15,000 texts, 92,000 asks)
            except (KeyError, TypeError):
                pass
            if not isinstance(text, str):
                return len(text)
            got = self._seen[text] = len(text) if text.isascii() else super().len(text)
            return got

        def justify(self, texts, max_len: int, mode: str = "right") -> list:
            # pandas' own padding (its width, not the length, filled to ``max_len``), each text's width asked once
            width = self.len
            if mode == "left":
                return [x.ljust(max_len - width(x) + len(x)) for x in texts]
            if mode == "center":
                return [x.center(max_len - width(x) + len(x)) for x in texts]
            return [x.rjust(max_len - width(x) + len(x)) for x in texts]

    return _Widths


_WIDTHS: list = []   # the class made once: [class or None]


class _ascii_widths:
    """While a table is printed (:func:`print_table`, East Asian widths on), pandas' adjustment is :func:`_width_class`'s:
    the same widths, so the same text; pandas' own put back after (a lock keeps two tables printed at once apart)."""

    import threading as _threading
    _lock = _threading.Lock()

    def __enter__(self):
        from pandas.io.formats import printing

        if not _WIDTHS:
            _WIDTHS.append(_width_class())
        cls = _WIDTHS[0]
        self._real = None
        if cls is None:
            return self
        self._lock.acquire()
        cls.seen = {}   # this table's (the options it is printed with: one width a text)
        real = self._real = printing.get_adjustment

        def get_adjustment():
            got = real()
            return cls() if type(got) is cls.__mro__[1] else got
        printing.get_adjustment = get_adjustment
        return self

    def __exit__(self, *exc):
        if self._real is not None:
            from pandas.io.formats import printing

            printing.get_adjustment = self._real
            _WIDTHS[0].seen = {}
            self._lock.release()
        return False
