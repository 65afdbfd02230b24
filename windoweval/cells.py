"""Cells a spreadsheet cannot turn into formulas: the one rule, for every table written for people.

不会被电子表格当作公式的单元格:所有面向人的表格共用的一条规则。

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` (also their full-width forms ``＝＋－＠``, small forms
``﹦﹢﹣﹫`` and the minus sign ``−``), after any run of spaces (ASCII, ideographic ``\u3000``, no-break,
zero-width) and characters nobody sees (:data:`INVISIBLE`: direction marks, the soft hyphen, bidi overrides), or with a tab or a carriage
return, is what Excel or WPS would read as a formula; it is written with a leading single quote, so it stays
text.  This module is in the base layer so that every writer can use it: the report's exports
(:mod:`windoweval.exports`, which also masks personal data) and the survey store's lists of refused rows.

Examples
--------
>>> neutralise("=1+1"), neutralise("正常")
("'=1+1", '正常')
"""
from __future__ import annotations

import re

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "FORMULA", "INVISIBLE", "MASKED", "neutralise", "neutralise_series", "people_frame",
           "personal_fields", "fit_cells", "CONTROL", "drop_controls"]

#: First characters that make a spreadsheet read a cell as a formula (or smuggle one in).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\u2212", "\uff1d", "\uff0b", "\uff0d", "\uff20",
                    "\ufe66", "\ufe62", "\ufe63", "\ufe6b")
#: Text a spreadsheet reads as a formula: a prefix after any leading blanks, or a tab / CR first.
#: (The small forms ``﹦﹢﹣﹫`` too: a spreadsheet that folds compatibility forms reads them as ``=+-@``; and
#: zero-width spaces count as blanks; so do control characters, which an XLSX cannot hold and drops: ``\x01=1``
#: would be ``=1`` in the workbook.)
#: Characters nobody sees, which a spreadsheet or a viewer may drop or skip before the first one it shows: the
#: direction marks (LRM, RLM, ALM), embeddings, overrides and isolates (U+202A-202E, U+2066-2069), the soft
#: hyphen, zero-width and invisible operators (U+200B-200F, U+2060-206F), fillers, variation selectors, the
#: byte-order mark and the tag characters (U+E0000-E007F).
INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
             "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f")
FORMULA = re.compile(r"[\s\u3000\u00a0\u2007\u202f\x00-\x08\x0e-\x1f\x7f" + INVISIBLE + r"]*"
                     r"[=+\-@\u2212\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66\ufe6b]|[\t\r\n]")


def neutralise(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would read as a formula.

    Examples
    --------
    >>> neutralise("=SUM(A1:A3)"), neutralise("+86 138"), neutralise("城东营业厅"), neutralise(12)
    ("'=SUM(A1:A3)", "'+86 138", '城东营业厅', 12)
    """
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def neutralise_series(s: pd.Series) -> pd.Series:
    """:func:`neutralise` for a whole column at once (text cells only; numbers and missing values stay).

    Examples
    --------
    >>> neutralise_series(pd.Series(["@cmd", "正常", None, "-2"])).tolist()
    ["'@cmd", '正常', nan, "'-2"]
    >>> neutralise_series(pd.Series([-2, 3])).tolist()
    [-2, 3]
    """
    if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
        return s
    # each distinct value looked at once (a table's measure, window and verdict columns repeat a few values)
    hit = _by_value(s, lambda v: isinstance(v, str) and FORMULA.match(v) is not None)
    if hit is None:             # values that cannot be told apart (a list in a cell): cell by cell
        try:
            hit = s.str.match(FORMULA)
        except AttributeError:      # an object column holding no text at all (booleans, numbers)
            return s
        hit = hit.fillna(False).astype(bool).to_numpy()
    if not hit.any():
        return s
    out = s.astype(object).copy()
    out[hit] = "'" + s[hit].astype(str)
    return out


#: Control characters a file for people never holds (C0 but tab, line feed and carriage return; DEL; C1): an escape
#: sequence from data (a window's name ``城东\x1b[2J\x1b]8;;javascript:…\x07``) acts on the terminal that shows the CSV
#: (``cat``, ``tail`` on the server: the screen cleared, a link planted; hostile45), and an XLSX cannot hold C0 and
#: dropped it already: every format now holds the same text, the controls dropped (the console shows them as codes,
#: :data:`windoweval.privacy.TERMINAL_CONTROL`).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def drop_controls(s: pd.Series) -> pd.Series:
    """``s`` with :data:`CONTROL` characters dropped from its text cells, each distinct value looked at once.

    Examples
    --------
    >>> drop_controls(pd.Series(["城东" + chr(27) + "[2J营业厅", "ok", None, 5])).tolist()
    ['城东[2J营业厅', 'ok', None, 5]
    """
    if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
        return s
    hit = _controls_hit(s)
    if hit is None:   # text mixed with other values (numbers, dates): each distinct value looked at in Python
        hit = _by_value(s, lambda v: isinstance(v, str) and CONTROL.search(v) is not None)
    if hit is None or not hit.any():
        return s
    out = s.astype(object).copy()
    # set through the values (a Series given a list infers a dtype of it first: a lone surrogate from a file that was
    # not UTF-8 made that a traceback); only the hits fixed, each in Python
    vals = out.to_numpy(dtype=object, copy=True)
    vals[hit] = [CONTROL.sub("", v) for v in vals[hit].tolist()]
    return pd.Series(vals, index=out.index, name=out.name, dtype=object)


def _controls_hit(s: pd.Series):
    """Which cells of ``s`` hold a :data:`CONTROL` character, as a bool array, found in one vectorised pass over the
    column (Arrow's regular expressions); None when ``s`` holds other values than text and missing cells (numbers,
    dates: a cell that is no text is never hit, told apart value by value) or text Arrow cannot hold (a lone
    surrogate).  A column without any text is hit nowhere.

    Examples
    --------
    >>> _controls_hit(pd.Series(["a" + chr(7), "b", None])).tolist(), _controls_hit(pd.Series([1, "a"])) is None
    ([True, False, False], True)
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal", "boolean", "datetime", "datetime64", "date",
                "timedelta", "timedelta64", "time", "period", "empty", "complex"):
        return np.zeros(len(s), dtype=bool)    # no text cell at all
    if kind != "string":
        return None
    try:
        arr = pa.array(s, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, UnicodeError, TypeError, ValueError):
        return None
    return pc.fill_null(pc.match_substring_regex(arr, _CONTROL_RE2), False).to_numpy(zero_copy_only=False)


#: :data:`CONTROL` as Arrow's regular expressions (RE2) write it: the same code points.
_CONTROL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{7f}-\x{9f}]"


def _by_value(s: pd.Series, test):
    """``test(value)`` for each cell of ``s`` as a bool array, worked out once per distinct value (a missing cell:
    False); None when the values cannot be told apart (an unhashable one: a list).  ``test`` is the rule a cell is
    judged by alone, so the answer is that of the cells one by one.

    Examples
    --------
    >>> _by_value(pd.Series(["=1", "a", None, "=1", 5]), lambda v: isinstance(v, str) and v.startswith("=")).tolist()
    [True, False, False, True, False]
    >>> _by_value(pd.Series([["x"], "a"]), bool) is None
    True
    """
    import numpy as np

    try:
        codes, uniq = pd.factorize(s)
    except TypeError:
        return None
    got = np.fromiter((bool(test(v)) for v in uniq), dtype=bool, count=len(uniq))
    return np.zeros(len(s), dtype=bool) if not len(got) else np.where(codes >= 0, got[np.maximum(codes, 0)], False)


def _text_len_over(v, limit: int) -> bool:
    """Whether ``len(v)`` (as ``Series.str.len`` takes it: a value without a length has none) exceeds ``limit``."""
    try:
        return len(v) > limit
    except TypeError:
        return False


#: What a cell of a personal column (:func:`windoweval.privacy.personal_column`) shows in a table written for people.
from .privacy import MASKED  # noqa: E402 (one text for every output: privacy.MASKED)


def personal_fields(fields, header) -> list:
    """The fields of one raw row (a line that could not be split into the header's columns) with every field that may
    stand under a column of personal data (:func:`windoweval.privacy.personal_column`: 姓名, 联系人 …) read
    :data:`MASKED`.

    A row with ``d`` fields too many (a comma inside a value, not quoted) or too few has each field after the slip
    moved by up to ``d`` places, and where the slip is is unknown: the field ``k`` may stand under any header from
    ``k - d`` to ``k`` (too many) or from ``k`` to ``k + d`` (too few), and is masked when one of those is personal.
    A row as wide as its header is masked under its own personal headers only.  Masked whole, as a column of names
    is everywhere else: a bare name (王五) carries no cue the masking of free text could find.  The other fields stay
    as written (the row can still be found); they still go through that masking where they are shown.

    Examples
    --------
    >>> personal_fields(["R3", "王五", "138", "PW01"], ["id", "姓名", "window"])   # one too many: 138 may be the name
    ['R3', '[已遮蔽 masked]', '[已遮蔽 masked]', 'PW01']
    >>> personal_fields(["王", "五", "R3", "PW01"], ["姓名", "id", "window"])   # the slip inside the name itself
    ['[已遮蔽 masked]', '[已遮蔽 masked]', 'R3', 'PW01']
    >>> personal_fields(["王五", "R3", "PW01", "x"], ["id", "window", "note"])   # no column of names: as written
    ['王五', 'R3', 'PW01', 'x']
    >>> personal_fields(["R3", "PW01"], ["id", "window", "联系人"])      # one too few: PW01 may be the contact
    ['R3', '[已遮蔽 masked]']
    >>> personal_fields(["R3", "PW01", "张三"], ["id", "window", "联系人"])   # as wide as the header: its own column
    ['R3', 'PW01', '[已遮蔽 masked]']
    """
    from .privacy import personal_column

    fields = list(fields)
    personal = [j for j, h in enumerate(header) if personal_column(h)]
    if not personal or not fields:
        return fields
    d = len(fields) - len(header)
    lo, hi = (-d, 0) if d >= 0 else (0, -d)      # field k may stand under headers k + lo … k + hi
    out = []
    for k, v in enumerate(fields):
        hit = any(k + lo <= j <= k + hi for j in personal)
        out.append(MASKED if hit and isinstance(v, str) and v.strip() else v)
    return out


def people_frame(df: pd.DataFrame, not_personal=(), written=()) -> pd.DataFrame:
    """A copy of ``df`` for a CSV people open: personal data masked, formula-like cells and headers neutralised.

    A column whose header says it holds personal data (``联系人``, ``投诉人``, ``patient``,
    :func:`windoweval.privacy.personal_column`) is masked whole: each of its filled cells reads ``[已遮蔽 masked]``;
    but the columns of ``not_personal`` (records' columns their contract declares not personal, given by the caller
    of a table of records: :func:`windoweval.records.contract.not_personal_columns`).  The columns of ``written`` are
    those the program wrote itself from typed values (a deadline from a typed time, an elapsed time from two, in the
    program's own words: :data:`windoweval.summaries.MISSED_WRITTEN`) or from its own catalog (a scorecard's measure,
    labels and verdicts: :data:`windoweval.scoring.RESULTS_WRITTEN`): no text from data is in them, so they are not
    scanned for personal data (neutralised still, as every cell is).

    The survey store writes its refused rows and problems this way, and the report's tables through
    :func:`windoweval.exports.safe_frame`, which is this function.

    Examples
    --------
    >>> people_frame(pd.DataFrame({"row": [3], "q1": ["=HYPERLINK(\\"http://x\\")"],
    ...                            "note": ["张先生 13812345678"], "投诉人": ["柏青松"]})).to_dict("list")
    {'row': [3], 'q1': ['\\'=HYPERLINK("http://x")'], 'note': ['某先生 [手机号]'], '投诉人': ['[已遮蔽 masked]']}
    """
    from .privacy import drop_bidi, mask_frame, mask_text, personal_column

    if not df.columns.is_unique:
        # headers alike as given (two windows of one name pivoted into columns): each column made safe as itself, by
        # its position (looked up by name, each was a frame of two: a traceback, msgs44); headers given alike stay so
        parts = [people_frame(df.iloc[:, [i]], not_personal, written) for i in range(df.shape[1])]
        out = pd.concat(parts, axis=1)
        out.columns = _distinct([str(c) for c in out.columns], [str(c) for c in df.columns])
        return out
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    if cats:    # categories are text too: masked and neutralised like any other
        df = df.astype({c: object for c in cats})
    personal = [c for c in df.columns if personal_column(c, not_personal)]
    if personal:    # a bare name (张三) carries no cue the masking could find: such a column is masked whole
        df = df.assign(**{c: df[c].where(df[c].isna() | df[c].astype(str).str.strip().eq(""), MASKED)
                          for c in personal})
    # the program's own values (dates, elapsed times: 1,545 distinct deadlines in the people's CSV of 10 M work orders)
    # sent through no masking rule: only text from data is scanned
    out = mask_frame(df, None if not written else [
        c for c in df.columns if c not in written and (df[c].dtype == object or pd.api.types.is_string_dtype(df[c].dtype))],
        not_personal=not_personal)
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = neutralise_series(drop_controls(out[c].astype(object)))
    # a header from data (a delivery's own column named 联系人张三13812345678, a pivot's window names) masked as a cell
    # is (hostile42: it reached the refused rows' CSV as written), reordered by no bidi control, never a formula
    heads = mask_text(pd.Series([CONTROL.sub("", drop_bidi(str(c))) for c in out.columns], dtype="string")).tolist() \
        if len(out.columns) else []
    out.columns = _distinct([_fit(neutralise(h)) for h in heads], [str(c) for c in df.columns])
    return fit_cells(out)


def _distinct(heads: list, given: list) -> list:
    """``heads`` (masked headers) with those that masking made alike kept apart: two headers that differed as given
    (``备注13812345678``, ``备注13912345678``) but mask alike (``备注[手机号]``) would be one name for two columns, which
    a reader (and pandas, by name) takes as one; the second and later read ``备注[手机号] (2)`` …  Headers given alike
    stay as given.

    >>> _distinct(["备注[手机号]", "备注[手机号]", "id", "id"], ["备注138", "备注139", "id", "id"])
    ['备注[手机号]', '备注[手机号] (2)', 'id', 'id']
    """
    first: dict = {}
    taken = set(heads)
    out = list(heads)
    for i, (h, g) in enumerate(zip(heads, given)):
        if first.setdefault(h, g) == g:
            continue
        k = 2
        while f"{h} ({k})" in taken:
            k += 1
        out[i] = f"{h} ({k})"
        taken.add(out[i])
    return out


def _fit(text: str) -> str:
    from .privacy import MAX_TEXT, cut_cell

    return cut_cell(text) if len(text) > MAX_TEXT else text


def fit_cells(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell longer than a spreadsheet cell holds (:data:`windoweval.privacy.MAX_TEXT`, Excel's
    32,767 characters: a workbook with a longer cell is refused whole) cut within it, saying so and how long the text
    was (:func:`windoweval.privacy.cut_cell`); the same frame when none is (one length scan per text column).

    Examples
    --------
    >>> got = fit_cells(pd.DataFrame({"id": ["x" * 40_000, "WO2"], "n": [1, 2]}))
    >>> [len(v) for v in got["id"]], got["id"][0][-12:], got["n"].tolist()
    ([32766, 3], ' characters]', [1, 2])
    """
    from .privacy import MAX_TEXT, cut_cell

    out = df
    for i in range(df.shape[1]):
        s = df.iloc[:, i]
        if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            continue
        # each distinct value measured once; cell by cell where values cannot be told apart (a list in a cell)
        long = _by_value(s, lambda v: _text_len_over(v, MAX_TEXT))
        if long is None:
            try:
                n = s.str.len()
            except AttributeError:     # no text at all in an object column
                continue
            long = (n > MAX_TEXT).fillna(False).to_numpy(dtype=bool)
        if long.any():
            if out is df:
                out = df.copy()
            col = s.astype(object).copy()
            col[long] = [cut_cell(v) for v in s[long].tolist()]
            out.isetitem(i, col)
    return out
