"""How ids arrive mangled by a spreadsheet, read once for records and survey deliveries alike.

Two shapes a numeric id takes when a spreadsheet held it as a number and saved it as text:

- Excel's scientific notation (``1.23457E+17``): the digits past the sixth are gone; no rule reads them back
  (:data:`SCIENTIFIC_ID_RE`, refused by the records' reader and by a survey delivery's check).
- A float's text (``100000.0``): a sheet or a program that typed the id column as numbers writes every id with
  ``.0``; the integer it stands for is exact while it has at most 15 digits (what a spreadsheet keeps), and is read
  as that integer's text (:func:`decimal_ids`), so that ``100000.0`` is the order ``100000`` another export names.

Examples
--------
>>> import re
>>> bool(re.fullmatch(SCIENTIFIC_ID_RE, "4.40101E+17")), bool(re.fullmatch(SCIENTIFIC_ID_RE, "1E+1234"))
(True, False)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["SCIENTIFIC_ID_RE", "DECIMAL_ID_DIGITS", "decimal_ids", "decimal_id_text"]

#: An id as Excel shows a long number and saves it to CSV or text (1.23457E+17, 4.40101E+17): the digits past the
#: sixth are gone.  A positive exponent with its sign and one to three digits, as Excel writes it (its numbers end
#: below 1E+308); an id such as ``3E5``, ``12E+`` or ``1E+1234`` is no number Excel wrote, and is left alone.  Anchored,
#: for pyarrow's ``match_substring_regex`` and pandas' ``fullmatch`` alike.  The one pattern the records' reader
#: (``records.validate``) and the survey delivery's check (``survey.delivery``) use.
SCIENTIFIC_ID_RE = r"^[+-]?\d(?:\.\d+)?[Ee]\+\d{1,3}$"

#: The most digits an id written as a number keeps exactly (a spreadsheet keeps 15 significant digits).
DECIMAL_ID_DIGITS = 15

_DIGITS = r"^\d+$"
_DECIMAL = r"^\d+\.\d+$"
_WHOLE = r"^(\d+)\.0+$"


def decimal_ids(s: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray]:
    """An id column (text, trimmed) some of whose values are a number's text with a decimal point (``100000.0``):
    a column typed as numbers by the sheet or program that wrote it.  Only a column whose every value written is
    digits, with or without a decimal part (``100000.0`` beside ``100001`` too), and at least one a whole number
    with ``.0``, is such a column; any other (``T001`` beside ``1.5``, window codes ``1.1``, ``1.2``) is left as
    written, and so is one whose values with a fraction are more than one in ten of its decimals and not all one
    value (dotted codes ``1.0``, ``1.1``, ``2.0``).  In such a column:

    - ``read``: ``100000.0`` read as ``100000`` (the integer's text), where the integer has at most
      :data:`DECIMAL_ID_DIGITS` digits (it is exact);
    - ``fraction``: ``100000.5`` is no id (a number, not an id; refused by the caller);
    - ``long``: a whole number of more than 15 digits (``1234567890123456.0``): its last digits may not be the id's
      (refused by the caller).

    Returns ``(text, read, fraction, long)``: the column with the ``read`` values as integers, and the three masks.
    Vectorised: one pass of each pattern over the column.

    Examples
    --------
    >>> s = pd.Series(["100000.0", "100001", None, "100002.00"], dtype="string")
    >>> t, read, frac, long = decimal_ids(s)
    >>> t.tolist(), read.tolist(), bool(frac.any()), bool(long.any())
    (['100000', '100001', <NA>, '100002'], [True, False, False, True], False, False)
    >>> decimal_ids(pd.Series(["100000.0", "100000.5"], dtype="string"))[2].tolist()
    [False, True]
    >>> decimal_ids(pd.Series(["T001", "100000.0"], dtype="string"))[0].tolist()   # not a numeric column
    ['T001', '100000.0']
    >>> bool(decimal_ids(pd.Series(["1.1", "1.2"], dtype="string"))[1].any())   # codes with a dot, no .0: as written
    False
    >>> decimal_ids(pd.Series(["1.0", "1.1", "1.2", "2.0"], dtype="string"))[0].tolist()   # dotted codes: as written
    ['1.0', '1.1', '1.2', '2.0']
    """
    none = np.zeros(len(s), dtype=bool)
    if not len(s):
        return s, none, none, none
    s = s.astype("string")
    if not s.str.contains(".", regex=False).fillna(False).any():   # one pass; most id columns hold no dot
        return s, none, none, none
    written = s.notna() & s.ne("")
    dec = s.str.match(_DECIMAL).fillna(False)
    if not (dec | s.str.match(_DIGITS).fillna(False) | ~written).all():
        return s, none, none, none
    whole = s.str.extract(_WHOLE, expand=False)
    is_whole = whole.notna().to_numpy(dtype=bool)
    if not is_whole.any():
        return s, none, none, none
    digits = whole.str.lstrip("0").str.len().fillna(0).to_numpy(dtype=int)
    long = is_whole & (digits > DECIMAL_ID_DIGITS)
    read = is_whole & ~long
    fraction = dec.to_numpy(dtype=bool) & ~is_whole
    if fraction.sum() * 10 > dec.sum() and s[fraction].nunique() > 1:
        # dotted codes (1.0, 1.1, 1.2, 2.0: a window's or a step's number), not ids a sheet typed as numbers, whose
        # values are whole bar a stray one: as written (review43: 1.0 was read 1 and 1.1 refused as a fraction)
        return s, none, none, none
    out = s.copy()
    if read.any():
        out[read] = whole[read]
    return out, read, fraction, long


def decimal_id_text(column: str) -> tuple[str, str, str, str, str, str]:
    """The words for an id column written as numbers: ``(fraction zh, fraction en, long zh, long en, fix zh, fix
    en)``, the records' reader and the survey delivery's check alike.

    Examples
    --------
    >>> decimal_id_text("order_id")[1][:39]
    'order_id holds a number with a fraction'
    """
    return (f"{column} 一列是按数字导出的编号(如 100000.0),而本值带小数部分,不是编号",
            f"{column} holds a number with a fraction, no id: the column was exported as numbers (such as 100000.0)",
            f"{column} 一列是按数字导出的编号(如 100000.0),本值超过 {DECIMAL_ID_DIGITS} 位,表格只保留 15 位有效数字,"
            "末几位可能已不是原编号",
            f"{column} holds an id exported as a number of more than {DECIMAL_ID_DIGITS} digits: a spreadsheet keeps "
            "15 significant digits, so its last digits may not be the id's",
            "请在原系统中把编号列导出为文本(不带 .0)后重新导出;若须经 Excel,先把编号列设为“文本”格式",
            "export the id column as text (no .0) from the source system again; if it must pass through Excel, set "
            "the id column to Text first")
