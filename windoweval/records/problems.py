"""One problem table for every file a user hands in: record exports and survey deliveries alike.

所有输入文件(业务记录导出与调查交付)共用的一张问题表。

Every problem is one row, with the columns of :data:`COLUMNS`:

``file``
    The file as the user named it (a sheet as ``book.xlsx[sheet]``).
``row``
    The row as the user's spreadsheet shows it (the header is row 1, the first
    data row 2; an SPSS case number in a ``.sav``); missing for a problem of
    the whole file or a whole column.
``line``
    The line of the text file the row starts on, where it differs from
    ``row`` (a quoted value spanning lines); else the same as ``row`` or
    missing (shown only where it differs); missing for a workbook's or an
    SPSS file's row (they have no lines).
``record_id``
    The record's own id where the file has one (a survey's respondent id).
``column``, ``value``
    The column as named in the file, and the value as written there.
``severity``
    ``error`` (the row, or with no row the file, is refused) or ``warning``
    (kept, but said).
``code``
    A short stable name of the kind of problem (``out_of_range``); empty
    where the producer gives none.
``problem_zh``, ``problem_en``
    What is wrong, Chinese and English.
``fix_zh``, ``fix_en``
    How to put it right, where the producer states it apart from the problem
    (many producers say the fix inside the problem's own sentence, and leave
    these empty).

:class:`Problems` is that table, a :class:`pandas.DataFrame` whose
constructors (:meth:`Problems.of`, :meth:`Problems.concat`,
:meth:`Problems.conform`) always give the same columns in the same order with
the same types, and whose :meth:`Problems.lines` is the one way problems are
shown to the user.

Examples
--------
>>> p = Problems.of(file="a.csv", row=[3, 4], column="weight", value=["0", "-1"],
...                 problem_zh="权重必须大于 0", problem_en="weight must be greater than 0", code="nonpositive_weight")
>>> list(p.columns) == COLUMNS, p["row"].tolist(), p["severity"].tolist()
(True, [3, 4], ['error', 'error'])
>>> print(p.lines(limit=1, file="b.csv"))
a.csv | 第 3 行 row 3 | 列 column weight | 值 value '0' | 错误 error: 权重必须大于 0 / weight must be greater than 0
……另有 1 条 / ... 1 more
"""
from __future__ import annotations

import os
import re

from typing import Iterable

import numpy as np
import pandas as pd

__all__ = ["COLUMNS", "TEXT_COLUMNS", "Problems", "personal_values_masked"]

#: The columns of every problem table, in order.
COLUMNS = ["file", "row", "line", "record_id", "column", "value", "severity", "code",
           "problem_zh", "problem_en", "fix_zh", "fix_en"]
#: The columns held as text ("" when not known); ``row`` and ``line`` are nullable integers.
TEXT_COLUMNS = [c for c in COLUMNS if c not in ("row", "line")]
SEVERITIES = ("error", "warning")
_DEFAULTS = {"severity": "error"}


def _text(values, n: int) -> np.ndarray:
    """``values`` (a scalar or n of them) as n strings, "" for a missing one."""
    if values is None or (np.ndim(values) == 0 and pd.isna(values)):
        return np.full(n, "", dtype=object)
    if np.ndim(values) == 0:
        return np.full(n, str(values), dtype=object)
    s = pd.Series(list(values) if not isinstance(values, pd.Series) else values.to_numpy(), dtype=object)
    return s.where(s.notna(), "").astype(str).to_numpy(dtype=object)


def _ints(values, n: int) -> pd.arrays.IntegerArray:
    """``values`` (a scalar or n of them) as n nullable integers (<NA> for a missing one)."""
    if values is None or (np.ndim(values) == 0 and pd.isna(values)):
        return pd.array([pd.NA] * n, dtype="Int64")
    if np.ndim(values) == 0:
        return pd.array([int(values)] * n, dtype="Int64")
    s = pd.Series(values.to_numpy() if isinstance(values, pd.Series) else list(values), dtype=object)
    return pd.array(pd.to_numeric(s.where(s.notna(), np.nan), errors="coerce"), dtype="Int64")


class Problems(pd.DataFrame):
    """The problem table (columns :data:`COLUMNS`); see the module's text for what each column holds.

    Build one with :meth:`of` (columns as arrays or scalars), :meth:`from_records`
    (a list of dicts), :meth:`conform` (any frame with some of the columns) or
    :meth:`concat`.  A slice or a filter of a Problems is still a Problems.

    Examples
    --------
    >>> p = Problems.from_records([{"file": "工单.csv", "row": 5, "column": "received_at", "value": "2025-13-01",
    ...                              "problem_zh": "不是日期", "problem_en": "not a date"}])
    >>> type(p).__name__, p["severity"].tolist(), type(p[p["row"] > 1]).__name__
    ('Problems', ['error'], 'Problems')
    >>> len(Problems.concat([p, p]))
    2
    """

    COLUMNS = COLUMNS

    @property
    def _constructor(self):
        return Problems

    # ---- building ---------------------------------------------------------------------------------------------
    @classmethod
    def of(cls, **columns) -> "Problems":
        """Problems from columns given as arrays (all of one length) or scalars (repeated).

        A column not given is empty ("" or <NA>); ``severity`` is ``error``
        unless given.  A name outside :data:`COLUMNS` is refused (a typo would
        otherwise drop what the producer meant to say).

        Examples
        --------
        >>> Problems.of(file="x.csv", row=[2], column="a", value=[None], problem_zh="空", problem_en="empty")[
        ...     ["row", "value", "severity"]].values.tolist()
        [[2, '', 'error']]
        """
        unknown = set(columns) - set(COLUMNS)
        if unknown:
            raise TypeError(f"not a problem column: {sorted(unknown)}; the columns are {COLUMNS}")
        lengths = {len(v) for v in columns.values() if v is not None and np.ndim(v) > 0}
        if len(lengths) > 1:
            raise ValueError(f"problem columns of different lengths: {sorted(lengths)}")
        n = lengths.pop() if lengths else (1 if columns else 0)
        if isinstance(columns.get("file"), (str, os.PathLike)):   # a file name that is not UTF-8: text, never a crash
            from ..paths import readable
            columns["file"] = readable(columns["file"])
        data = {}
        for c in COLUMNS:
            v = columns.get(c, _DEFAULTS.get(c))
            data[c] = _ints(v, n) if c in ("row", "line") else _text(v, n)
        return cls(data, columns=COLUMNS)

    @classmethod
    def from_records(cls, records: Iterable[dict]) -> "Problems":
        """Problems from a list of dicts, each with some of the columns.

        Examples
        --------
        >>> Problems.from_records([{"row": None, "column": "psu", "severity": "warning"}])[
        ...     ["row", "column", "severity"]].values.tolist()
        [[<NA>, 'psu', 'warning']]
        """
        return cls.conform(pd.DataFrame(list(records)))

    @classmethod
    def conform(cls, frame: pd.DataFrame | None) -> "Problems":
        """Any frame with some of the columns, as a Problems: every column, in order, typed.

        Columns outside :data:`COLUMNS` are dropped (a producer's working columns).
        """
        if frame is None or not len(frame.columns):
            return cls.of()
        n = len(frame)
        data = {}
        for c in COLUMNS:
            if c in frame:
                v = frame[c].reset_index(drop=True)
                data[c] = _ints(v, n) if c in ("row", "line") else _text(v, n)
                if c == "severity":
                    data[c] = np.where(data[c] == "", "error", data[c]).astype(object)
            else:
                v = _DEFAULTS.get(c)
                data[c] = _ints(v, n) if c in ("row", "line") else _text(v, n)
        return cls(data, columns=COLUMNS)

    @classmethod
    def concat(cls, frames: Iterable[pd.DataFrame]) -> "Problems":
        """Several problem tables (or frames with some of the columns) as one."""
        parts = [cls.conform(f) for f in frames if f is not None and len(f)]
        if not parts:
            return cls.of()
        return cls(pd.concat(parts, ignore_index=True), columns=COLUMNS)

    # ---- reading ----------------------------------------------------------------------------------------------
    @property
    def errors(self) -> "Problems":
        """The problems of severity ``error``."""
        return self[self["severity"].to_numpy() == "error"]

    @property
    def warnings(self) -> "Problems":
        """The problems of severity ``warning``."""
        return self[self["severity"].to_numpy() == "warning"]

    @property
    def message_zh(self) -> pd.Series:
        """The problem with its fix, in Chinese (the fix after "；" where it is apart)."""
        return _joined(self, "problem_zh", "fix_zh", ";")

    @property
    def message_en(self) -> pd.Series:
        """The problem with its fix, in English (the fix after "; " where it is apart)."""
        return _joined(self, "problem_en", "fix_en", "; ")

    def lines(self, *, limit: int | None = None, file: str | None = None,
              id_label: tuple[str, str] = ("记录", "record"), not_personal=(), headers: dict | None = None) -> str:
        """The problems as lines a user can act on: where (file, row, record, column, value), then what and how.

        Chinese first, English alongside.  ``file``: the file the whole
        message is about, named on a line only when the line's file differs
        (by default the table's one file when it has only one, which the
        caller's heading names).  ``limit``: at most this many lines, and one
        that says how many more there are.  ``id_label``: what ``record_id``
        is called, Chinese and English (a survey's 受访者 / respondent).
        ``not_personal``: the columns a record contract declares not personal
        (:func:`windoweval.records.contract.not_personal_columns`, given by a
        caller whose problems are of records read through their contract):
        their values are shown, as every output shows them (a service
        offering's ``name``, 柜台缴费); any other personal column's are not.
        A problem with no row of its own is located at its column ("整列
        whole column") or the file, unless its text names rows (a warning
        grouped over them: "rows 2, 4"), then at "所列各行 the rows named".
        ``headers``: the export's header each contract column was read from, ``{(file, column): header}`` (a
        records file read through its mapping): a column is named by the header the user sees, the contract's
        name beside it (``列 column 收方时间 (started_at)``).

        Examples
        --------
        >>> p = Problems.of(file="d.csv", row=[5], line=[6], record_id="R0004", column="weight", value="0",
        ...                 problem_zh="权重必须大于 0", problem_en="weight must be greater than 0",
        ...                 fix_zh="请改为正数", fix_en="write a positive number")
        >>> print(p.lines(id_label=("受访者", "respondent")))
        第 5 行 row 5 (文件第 6 行 file line 6) | 受访者 respondent R0004 | 列 column weight | 值 value '0' | 错误 error: 权重必须大于 0;请改为正数 / weight must be greater than 0; write a positive number
        """
        t = Problems.conform(pd.DataFrame(self)) if list(self.columns) != COLUMNS else self
        if file is None:
            files = t["file"].unique()
            file = files[0] if len(files) == 1 else ""
        if limit and len(t) > limit:   # what explains the others (a header written again, a totals or notes row,
            first = t["code"].isin(EXPLAINS_OTHERS).to_numpy()   # each with its drop fix) is never behind "…more"
            if first.any():
                t = Problems(pd.concat([t[first], t[~first]]))
        shown = t.head(limit) if limit else t
        zh, en = shown.message_zh.tolist(), shown.message_en.tolist()
        out = []
        for i, r in enumerate(shown.itertuples(index=False)):
            parts = [r.file] if r.file and r.file != file else []
            row, line = r.row, r.line
            if pd.notna(row):
                where = f"第 {int(row)} 行 row {int(row)}"
                if pd.notna(line) and int(line) != int(row):   # the line only where a quoted value spans lines
                    where += f" (文件第 {int(line)} 行 file line {int(line)})"
                parts.append(where)
                if r.record_id:
                    parts.append(f"{id_label[0]} {id_label[1]} {r.record_id}")
            elif pd.notna(line):
                parts.append(f"文件第 {int(line)} 行 file line {int(line)}")
            elif r.column and _NAMES_ROWS.search(str(r.problem_en)):
                # a warning grouped over rows (answers read from their labels, rows 2, 4): those rows, not the column
                parts.append("所列各行 the rows named")
            else:
                parts.append("整列 whole column" if r.column else "整个文件 whole file")
            if r.column:
                h = (headers or {}).get((r.file or file, r.column))
                parts.append(f"列 column {h} ({r.column})" if h and h != r.column else f"列 column {r.column}")
            if r.value != "":
                v = _shown_value(r.value, r.column, not_personal)
                parts.append(f"值 value '{v}'")
            sev = "错误 error" if r.severity == "error" else "警告 warning"
            out.append(" | ".join(parts) + f" | {sev}: {zh[i]} / {en[i]}")
        if limit and len(t) > limit:
            out.append(f"……另有 {len(t) - limit} 条 / ... {len(t) - limit} more")
        return "\n".join(out)


#: A problem's text naming rows ("rows 2, 4", "row: 2月!3", "e.g. rows 7, 9"): a problem with no row of its own that
#: names them is located at "the rows named", never at the whole column.
_NAMES_ROWS = re.compile(r"\brows?:? (?:[^\s;,()]+!)?\d")

#: Problems that explain others of the same rows (a header written again makes its 受理时间 no date; a totals or notes
#: row likewise), each with the mapping.yaml ``drop`` that skips them: listed first when lines are cut short.
EXPLAINS_OTHERS = ("header_repeated", "totals_row", "notes_row", "unit_row")

#: What a problem shows for a value of a personal column (:func:`windoweval.privacy.personal_column`).
_MASKED_VALUE = "[已遮蔽 masked]"


def personal_values_masked(problems: pd.DataFrame, not_personal=()) -> pd.DataFrame:
    """A copy of a problem table whose ``value`` is masked whole where its ``column`` holds personal data.

    For the problem tables written to files people open (a survey import's ``problems.csv``, ``survey check
    --format csv``): the row and the column stay, so the row can still be found.  ``not_personal``: as
    :meth:`Problems.lines`.

    Examples
    --------
    >>> p = Problems.of(file="d.csv", row=[3, 4], column=["phone", "q1"], value=["13812345678", "9"],
    ...                 problem_zh="x", problem_en="y")
    >>> personal_values_masked(p)[["row", "column", "value"]].values.tolist()
    [[3, 'phone', '[已遮蔽 masked]'], [4, 'q1', '9']]
    """
    if "column" not in problems or "value" not in problems or not len(problems):
        return problems
    hit = problems["column"].map(lambda c: _personal(c, not_personal)).to_numpy(dtype=bool)
    if not hit.any():
        return problems
    out = problems.copy()
    out.loc[hit, "value"] = _MASKED_VALUE
    return out


def _personal(column, not_personal=()) -> bool:
    """Whether a problem's ``column`` holds personal data (:func:`windoweval.privacy.personal_column`, but the
    columns of ``not_personal``); a key of several columns (``window_id,year,kind,name``) when one of them does.

    Examples
    --------
    >>> _personal("name"), _personal("name", {"name"}), _personal("window_id,year,kind,name", {"name"})
    (True, False, False)
    >>> _personal("order_id,联系人", {"name"}), _personal("姓名", {"name"})
    (True, True)
    """
    from ..privacy import personal_column

    if not isinstance(column, str):
        return False
    return any(personal_column(part.strip(), not_personal) for part in column.split(","))


def _shown_value(value: str, column: str, not_personal=()) -> str:
    """A problem's value as a line shows it: masked first (a cut must never halve a phone number past the masking),
    then cut to 60 characters; a value of a personal column (:func:`_personal`) not at all."""
    from ..privacy import mask_message

    if _personal(column, not_personal):
        return _MASKED_VALUE
    v = mask_message(value)
    return v if len(v) <= 60 else v[:57] + "..."


def _joined(p: pd.DataFrame, problem: str, fix: str, sep: str) -> pd.Series:
    a = p[problem].astype(str)
    f = p[fix].astype(str)
    return a.where(f.eq(""), a + sep + f)
