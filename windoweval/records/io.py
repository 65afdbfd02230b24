"""Reading an export file into tables of text, refusing clearly what cannot be read.

:func:`read_tables` turns one export (CSV/TSV/TXT in UTF-8, GB18030 or UTF-16,
XLSX with every sheet, XLS when ``xlrd`` is installed, Parquet) into a list of
:class:`Table`: the headers exactly as the file has them, the cells as text,
and the row number the first record has in the file (as a spreadsheet shows
it).  Whatever cannot be read is an :class:`ExportError` (exit 3) naming the
file, the row and the fix, Chinese first and English alongside:

- an empty file, a file with only a header-less blank;
- a file that mixes encodings ("a lying encoding": UTF-8 up to a line, then a
  byte that is not UTF-8), or that no known encoding reads;
- ``.xls`` without ``xlrd``; a corrupt or truncated XLSX or Parquet file;
- a row with more cells than the header has names.

Examples
--------
>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
>>> _ = f.write_bytes("工单号,窗口编号\\nW1,PW01\\n".encode("utf-16"))
>>> t = read_tables(f)[0]
>>> t.headers, t.frame.values.tolist(), t.first_row
(['工单号', '窗口编号'], [['W1', 'PW01']], 2)
"""
from __future__ import annotations

import contextlib
import codecs
import io
import os
import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["Table", "ExportError", "read_tables", "decode", "file_encoding", "SUFFIXES", "col_letter", "long_csv_field",
           "utf16_without_bom"]

#: File suffixes a records file may have, in the order they are looked for.
SUFFIXES = (".parquet", ".csv", ".xlsx", ".xls", ".tsv", ".txt")


class ExportError(InputError):
    """An export file that cannot be read at all (exit 3): file, row and fix named.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "工单.xlsx"
    >>> _ = f.write_text("not a workbook", encoding="utf-8")
    >>> try:
    ...     read_tables(f)
    ... except ExportError as e:
    ...     print(e.exit_code)
    3
    """

    def __init__(self, file, zh: str, en: str, row: int | None = None, column: str | None = None,
                 value: str | None = None, line: int | None = None, by_record: bool = False, by_line: bool = False):
        self.file, self.row, self.column, self.value = str(file), row, column, value
        self.by_record = by_record   # row counts the file's records (a spreadsheet's rows), not its lines
        self.by_line = by_line       # row is the text file's line (found in its bytes): its record named by with_line
        self.line = line if line and line != row else None   # the text file's line, where a quoted value spans lines
        self.zh, self.en = zh, en
        at_zh = f"(文件第 {self.line} 行)" if self.line else ""
        at_en = f" (file line {self.line})" if self.line else ""
        # a row, a column, or both (a column alone: a header missing, ``a.csv(列 姓名)``, never ``a.csv(,列 姓名)``)
        where_zh = ",".join(([f"第 {row} 行{at_zh}"] if row else []) + ([f"列 {column}"] if column else []))
        where_en = ", ".join(([f"row {row}{at_en}"] if row else []) + ([f"column {column}"] if column else []))
        val = repr(value) if value is not None else ""
        head_zh = f"{file}" + (f"({': '.join(x for x in (where_zh, val) if x)})" if where_zh or val else "")
        head_en = f"{file}" + (f" ({': '.join(x for x in (where_en, val) if x)})" if where_en or val else "")
        super().__init__(f"{head_zh}: {zh} / {head_en}: {en}")

    def __reduce__(self):
        return (_rebuild, (type(self), self.args))

    def with_line(self, data, suffix: str = ".csv") -> "ExportError":
        """This refusal with the line of the text file (``data``: its bytes) its row starts on, where the two differ
        (a quoted value spanning lines above it, as :func:`file_lines` counts); itself otherwise."""
        if not self.row or self.line or getattr(self, "zh", None) is None:
            return self
        if getattr(self, "by_line", False):   # found on a line: the row (record) it belongs to, the line beside it
            row = int(records_of_lines(data, [int(self.row)], suffix=suffix)[0])
            return type(self)(self.file, self.zh, self.en, row=row, column=self.column, value=self.value,
                              line=int(self.row))
        if not getattr(self, "by_record", False):
            return self
        line = int(file_lines(data, [int(self.row)], suffix=suffix)[0])
        if line == int(self.row):
            return self
        return type(self)(self.file, self.zh, self.en, row=self.row, column=self.column, value=self.value, line=line)


def file_lines(data, rows, sep: str | None = None, suffix: str = ".csv") -> np.ndarray:
    """The line of a delimited text file (``data``: its bytes) on which each of ``rows`` starts, rows numbered as a
    spreadsheet numbers them (the file's first record is row 1): the two differ below a quoted value that spans lines
    (a note with line breaks), as a text editor shows the file.  A record ends at a line break outside quotes
    (``\\n``, ``\\r\\n`` or a lone ``\\r``, as the readers take them).  Quotes follow the readers' rule (pyarrow's,
    and Python's csv): a quote opens a quoted value only as the first byte of a field (after ``sep``, a line break or
    the file's start); inside one, ``""`` is a quote and a lone quote closes it; any other quote (``27"`` inside an
    unquoted cell, ``a",b``, the text after a closing quote) is a character.  Counted without a loop over the bytes:
    a run of quotes of even length changes nothing; one of odd length opens or closes at a field's start and closes
    elsewhere, so the state after each is the parity of the field-start runs since the last other one (UTF-8, GB18030
    and Big5 never use the bytes of a quote, a delimiter or a line break inside a character; a UTF-16 file is counted
    on its text as UTF-8).  ``sep``: the delimiter (one character), else found as the read finds it
    (:func:`sniff_delimiter` on the first 64 KiB, ``suffix`` the file's).  A row past the end is given as it is.

    Examples
    --------
    >>> file_lines(b'a,b\\n1,"x\\ny\\nz"\\n2,w\\n', [1, 2, 3]).tolist()
    [1, 2, 5]
    >>> file_lines(b'a,b\\n1,27" screen\\n2,"x\\ny"\\n3,w\\n', [2, 3, 4]).tolist()
    [2, 3, 5]
    >>> file_lines(b'a,b\\n1",b\\n2,"x\\ny"\\n3,w\\n', [2, 3, 4]).tolist()
    [2, 3, 5]
    """
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return rows.copy()
    starts = _record_starts(data, sep, suffix)           # record k (0-based) starts on this line
    k = rows - 1
    ok = (k >= 0) & (k < len(starts))
    out = rows.copy()
    out[ok] = starts[k[ok]]
    return out


def records_of_lines(data, lines, sep: str | None = None, suffix: str = ".csv") -> np.ndarray:
    """The row (record, as a spreadsheet numbers them) each of ``lines`` of a delimited text file belongs to: the
    inverse of :func:`file_lines`, for a refusal found on a line of the bytes (a NUL, a row too wide).

    Examples
    --------
    >>> records_of_lines(b'a,b\\n1,"x\\ny\\nz"\\n2,w\\n', [1, 2, 4, 5]).tolist()
    [1, 2, 2, 3]
    """
    lines = np.asarray(lines, dtype=np.int64)
    if not len(lines):
        return lines.copy()
    return np.searchsorted(_record_starts(data, sep, suffix), lines, side="right").astype(np.int64)


#: The bytes :func:`_record_starts` compares at a time: a 200 MB line without a break is looked at in pieces of
#: this many, never as a boolean array (or a running count) the size of the file (newuser48: 4.9 GB for 200 MB).
_SCAN_CHUNK = 1 << 24


def _positions(a: np.ndarray, byte: int) -> np.ndarray:
    """Where ``byte`` occurs in ``a`` (a file's bytes as uint8), compared a piece (:data:`_SCAN_CHUNK`) at a time."""
    found = [np.flatnonzero(a[i:i + _SCAN_CHUNK] == byte) + i for i in range(0, len(a), _SCAN_CHUNK)]
    return np.concatenate(found).astype(np.int64) if found else np.zeros(0, dtype=np.int64)


def _record_starts(data, sep: str | None = None, suffix: str = ".csv") -> np.ndarray:
    """The line each record of a delimited text file starts on (:func:`file_lines`' rule), in order.

    Read in place (a mapped file is not copied) and by the positions of its line breaks and quotes alone: memory
    follows their number, not the file's size (a 200 MB line without a break: a few pieces of 16 MB).
    """
    b = data
    if b[:2] in (b"\xff\xfe", b"\xfe\xff"):
        b = bytes(b[:]).decode("utf-16", errors="replace").encode("utf-8")
    first = 3 if b[:3] == b"\xef\xbb\xbf" else 0      # a BOM: the first field starts after it
    if not len(b):
        return np.ones(1, dtype=np.int64)
    a = np.frombuffer(b, dtype=np.uint8)
    if sep is None or len(sep.encode()) != 1:
        sep = sniff_delimiter(bytes(b[first:1 << 16]).decode("utf-8", errors="replace"), suffix)
    lf = _positions(a, 10)
    cr = _positions(a, 13)
    # a lone \r (not before a \n) breaks a line too; \r\n counts once, at its \n
    lone_cr = cr[(cr + 1 >= len(a)) | (a[np.minimum(cr + 1, len(a) - 1)] != 10)]
    every = np.union1d(lf, lone_cr)                      # each line break, once, in order
    bpos = every
    at = _positions(a, 34)                               # the quotes
    if len(at):
        begin = np.ones(len(at), dtype=bool)
        begin[1:] = at[1:] != at[:-1] + 1                # the first quote of each run of quotes
        runs = np.flatnonzero(begin)
        length = np.diff(np.append(runs, len(at)))
        odd = length % 2 == 1                            # "" inside a value (or "" an empty one) changes nothing
        start, last = at[runs][odd], (at[runs] + length - 1)[odd]
        before = np.where(start > first, a[np.maximum(start - 1, 0)], 10)
        opens = (start <= first) | (before == 10) | (before == 13) | (before == ord(sep))
        # the state after each odd run: inside iff an odd number of field-start runs since the last other run
        # (another run closes a value when inside and is a character outside: the state after it is outside)
        n_open = np.cumsum(opens)
        other = np.maximum.accumulate(np.where(~opens, np.arange(len(opens)), -1))
        since = n_open - np.where(other >= 0, n_open[np.maximum(other, 0)], 0)
        inside = since % 2 == 1
        if len(inside):   # only even runs ("" an empty value, each): no break is inside quotes (it raised IndexError)
            k = np.searchsorted(last, bpos, side="right") - 1
            bpos = bpos[~np.where(k >= 0, inside[np.maximum(k, 0)], False)]
    # the breaks outside quotes end a record; a break's own line number is its place among every break (1: the first)
    line_no = np.searchsorted(every, bpos, side="right")
    return np.concatenate([[1], line_no + 1]).astype(np.int64)


def _rebuild(cls, args):
    e = cls.__new__(cls)
    Exception.__init__(e, *args)
    return e


@dataclass
class Table:
    """One table of an export: a CSV file, or one sheet of a workbook.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "工单.csv"
    >>> _ = f.write_text("说明行\\n工单号,受理时间\\nWO1,2025-06-01 18:00\\n", encoding="utf-8")
    >>> t = read_tables(f, header_row=2)[0]
    >>> t.label.endswith("工单.csv"), t.headers, t.first_row, t.sheet
    (True, ['工单号', '受理时间'], 3, None)
    """

    label: str                 # the file, with [sheet] for a workbook sheet
    headers: list[str]         # exactly as the file writes them (duplicates kept)
    frame: pd.DataFrame        # cells as text (or typed, for Parquet); columns 0..n-1 by position
    first_row: int             # the row number of frame's first row, as a spreadsheet shows it
    sheet: str | None = None
    rows: np.ndarray | None = None   # each record's row number, when not first_row, first_row + 1, ...
    blank_rows: int = 0              # rows of empty cells only between the header and the last record, and a last
                                     # row that is Excel's delimiter hint (sep=,: _without_sep_line), left out
    hidden_rows: int = 0             # records on rows a workbook hides (by hand or by a filter): read all the same
    hidden_cols: list | None = None  # headers of columns a workbook hides: read all the same
    filtered: bool = False           # the sheet has a filter set (its hidden rows are read, as every row is)
    date1904: bool = False           # the workbook counts serial days from 1904 (Excel for Mac's date system)
    sep: str | None = None           # the delimiter a delimited text file was read with (sniff_delimiter)
    formulas: list | None = None     # cells (B12) of the sheet holding a formula without a cached value (refused
                                     # by _formula_refused only where a record's used column holds one)
    header_rows: int = 1             # rows the header spans (2: a header over two rows, merged cells)
    merged_down: list | None = None  # ranges merged down over records (B2:B4 窗口), their value read into every row
    error_cells: list | None = None  # (cell, text) of the sheet's cells holding a spreadsheet error (#N/A, #REF!),
                                     # which pandas reads as blank (refused by _error_refused where a record reads one)
    linked: list | None = None       # (cell, the workbook it names) of the sheet's formulas taking a value from
                                     # another workbook ('[1]Sheet1'!A1): refused by _linked_refused where read
    note_rows: list | None = None    # (row, label) of a notes block under the table (制表人：…), left out
                                     # (_trailing_notes)
    numbered_rows: list | None = None  # rows of a template numbered in advance (序号 only) at the table's end, left
                                       # out (_trailing_numbered)
    numbered_col: int | None = None    # the column that numbered them (a record's own id there: the rows kept)
    sheet_state: str | None = None   # "hidden" or "veryHidden": a workbook sheet nobody sees in Excel, not read
                                     # unless mapping.yaml's sheets names it (files._hidden_sheets_left)

    def row_numbers(self) -> np.ndarray:
        """Each record's row number (read-only): ``rows``, or ``first_row``, ``first_row + 1``, ... made once per
        table (a CSV's loading asked for them three times, each an array as long as the file)."""
        if self.rows is not None:
            return self.rows
        key = (self.first_row, len(self.frame))
        got = self.__dict__.get("_row_numbers")
        if got is None or got[0] != key:
            arr = np.arange(self.first_row, self.first_row + len(self.frame))
            arr.flags.writeable = False
            self.__dict__["_row_numbers"] = got = (key, arr)
        return got[1]


def col_letter(i: int) -> str:
    """Spreadsheet column letter of position ``i`` (0 -> A, 26 -> AA).

    Examples
    --------
    >>> col_letter(0), col_letter(25), col_letter(26)
    ('A', 'Z', 'AA')
    """
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


#: What a file that starts with a UTF-8 byte-order mark over GB18030 text is told (Chinese, English), its fix after
#: it (records' and survey deliveries' own words); see :func:`bom_over_gb18030`.
BOM_OVER_GBK = ("文件以 UTF-8 BOM(字节顺序标记)开头,但其文字是 GBK(GB18030)编码(第 {row} 行起的中文),不是 UTF-8;",
                "the file starts with a UTF-8 byte-order mark (BOM) but its text is GBK (GB18030), not UTF-8 (the "
                "Chinese from row {row} on); ")
_FIX_ENC_ZH = "请在导出时选择 UTF-8(或在 mapping.yaml 中为该类记录写 encoding: gb18030)"
_FIX_ENC_EN = "export the file as UTF-8 again (or set `encoding: gb18030` for this kind in mapping.yaml)"


def _newlines(b, start: int = 0, end: int | None = None) -> int:
    """The line breaks in ``b[start:end]``; ``b`` bytes or a read-only map of a file (which has no ``count``:
    counted 16 MB at a time, never copied whole).

    >>> import mmap, tempfile
    >>> with tempfile.TemporaryFile() as fh:
    ...     _ = fh.write(b"a\\nb\\nc\\n")
    ...     fh.flush()
    ...     _newlines(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ), 0, 4)
    2
    """
    end = len(b) if end is None else end
    if isinstance(b, bytes):
        return b.count(b"\n", start, end)
    view, step = memoryview(b), 1 << 24
    return sum(bytes(view[i:min(i + step, end)]).count(b"\n") for i in range(start, end, step))


def _line_of(b: bytes, pos: int) -> int:
    return _newlines(b, 0, pos) + 1


#: The most cells a row of an export may have: a spreadsheet's (Excel: 16,384 columns, A to XFD).  A wider row is
#: no export (a broken file, or a hostile one: a million empty cells took minutes and gigabytes to read).
MAX_COLUMNS = 16_384


def _too_wide(f, row, n: int) -> ExportError:
    return ExportError(f, f"这一行有 {n} 个单元格,超过表格软件的上限 {MAX_COLUMNS} 列;文件已损坏或分隔符不对,请重新导出",
                       f"the row has {n} cells, more than a spreadsheet's {MAX_COLUMNS} columns; the file is damaged "
                       "or uses another delimiter: export it again", row=row, by_line=True)


def _refuse_wide_head(f, b, header_row: int) -> None:
    """Refuse a file whose header, or a row just below it, has more cells than :data:`MAX_COLUMNS`, before any
    parser builds a million columns (the rows further down are checked as they are parsed)."""
    pos = 0
    for row in range(1, header_row + 12):
        end = b.find(b"\n", pos)
        stop = len(b) if end < 0 else end
        if stop - pos > MAX_COLUMNS:      # no line this short can hold too many cells
            line = bytes(b[pos:stop])
            if line[:2] in (b"\xff\xfe", b"\xfe\xff") or line.count(0) > len(line) // 4:
                return                    # UTF-16: read and checked as text
            n = max(line.count(b","), line.count(b"\t")) + 1
            if n > MAX_COLUMNS:
                raise _too_wide(f, row, n)
        if end < 0:
            return
        pos = end + 1


def _nul_refused(f, text: str, pos: int, sep: str, rows_before: int = 0) -> ExportError:
    """The refusal of a NUL character (``\\x00``) in a text export, at ``pos`` of its ``text``: its row and column.

    A NUL is no character of any table: the file is damaged, or binary, or in another encoding than it was read in;
    read on, it would end a cell early (C readers) or stay invisibly in an id (``PW\\x0001`` is not ``PW01``)."""
    row = rows_before + text.count("\n", 0, pos) + 1
    line_start = text.rfind("\n", 0, pos) + 1
    col = text.count(sep, line_start, pos)     # the cells before it on its line (quotes aside)
    line_end = text.find("\n", pos)
    cells = text[line_start:line_end if line_end >= 0 else len(text)].split(sep)
    value = cells[col] if col < len(cells) else ""
    return ExportError(f, "单元格中含空字符(NUL,\\x00):文件已损坏、是二进制文件,或编码不是所读的编码;"
                          "请从原系统重新导出为 UTF-8 CSV 或 XLSX",
                       "a cell holds a NUL character (\\x00): the file is damaged, binary, or in another encoding "
                       "than it was read in; export it again from the source system as UTF-8 CSV or XLSX",
                       row=row, column=col_letter(col), value=value.replace("\x00", "\u2400")[:60],   # ␀ shows where
                       by_line=True)


def utf16_without_bom(head: bytes) -> str | None:
    """The byte order of text in UTF-16 without a byte-order mark, judged from a file's first bytes; None for any
    other text (:func:`windoweval.records.csvfast.utf16_without_bom`, where the fast reader tells it too).

    Examples
    --------
    >>> utf16_without_bom("受访者编号,窗口名称\\r\\n城东营业厅的工作人员,城东营业厅\\r\\n".encode("utf-16-be"))
    'utf-16-be'
    """
    from .csvfast import utf16_without_bom as told

    return told(head)


def sniff_encoding(head: bytes) -> str:
    """The encoding :func:`decode` would read a file in, judged from its first bytes (for readers that stream).

    Examples
    --------
    >>> sniff_encoding("受理时间\\n".encode("gb18030")), sniff_encoding(codecs.BOM_UTF8 + b"a\\n")
    ('gb18030', 'utf-8-sig')
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return enc
    enc = utf16_without_bom(head)
    if enc is not None:
        return enc
    head = head[: head.rfind(b"\n") + 1] or head   # a character cut at the end of the sample is not a verdict
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "big5" if han_bytes(head) == "big5" else "gb18030"    # decode's byte rule


def _decoded(b: bytes, codec: str, pieces: bool = False):
    """``b`` decoded in ``codec`` (:func:`decode`'s every reading): the text, or with ``pieces`` an iterator of its
    pieces, :data:`.htmltable.CHUNK` bytes decoded at a time by the codec's incremental decoder, after a first pass
    the same way that keeps nothing and, where it fails, decodes ``b`` up to there to raise the very
    :class:`UnicodeDecodeError` ``b.decode(codec)`` does (its ``start``: a refusal names the byte): a refusal comes before a piece
    is read, and the text of a page read is never held whole.

    Examples
    --------
    >>> "".join(_decoded("工单号".encode("gbk") * 3, "gb18030", pieces=True))
    '工单号工单号工单号'
    >>> try:
    ...     _decoded(b"ab" + "工".encode("gbk") + b"\\xff", "gb18030", pieces=True)
    ... except UnicodeDecodeError as e:
    ...     e.start
    4
    """
    if not pieces:
        return b.decode(codec)
    from .htmltable import CHUNK

    from .csvfast import is_utf8

    view, step = memoryview(b), CHUNK
    dec = codecs.getincrementaldecoder(codec)()
    # UTF-8 valid throughout (pyarrow's check, some five times the decoder's speed): no first pass to make
    i = len(b) + 1 if codecs.lookup(codec).name == "utf-8" and is_utf8(b) else 0
    try:
        for i in range(i, len(b) + 1, step):
            dec.decode(view[i:i + step], final=i + step >= len(b))
    except UnicodeError:
        # not this codec: the bytes up to this piece's end decoded whole raise the error decoding all of b raises
        # (a decoder stops at the first bad byte; it is in this piece), bounded by how far into b it stands.  Where
        # they do not (UTF-16 without a BOM, read as its decoder reads it), the text whole
        end = i + step
        try:
            bytes(view[:end]).decode(codec)
        except UnicodeDecodeError as e:
            if e.end < end or end >= len(b):    # a bad byte before the cut: b's own (at the cut: b decides)
                raise
        return iter((bytes(b).decode(codec),))

    def text():
        again = codecs.getincrementaldecoder(codec)()
        for i in range(0, len(b), step):
            yield again.decode(view[i:i + step])
        yield again.decode(b"", final=True)

    return text()


def decode(b: bytes, file, encoding: str | None = None, pieces: bool = False) -> str:
    """The text of an export's bytes: a BOM first, then UTF-8, then GB18030 or Big5 by the byte rule (:func:`han_bytes`; bytes it cannot judge that bear a Big5 sign refused, :func:`_big5_doubt`); a file mixing encodings refused.
    ``pieces``: the text as an iterator of pieces decoded in turn (:func:`_decoded`), never held whole (an HTML
    page read streaming), with the same choice of encoding and the same refusals.

    Examples
    --------
    >>> decode("受理时间\\n".encode("gb18030"), "x.csv")
    '受理时间\\n'
    >>> try:
    ...     decode("受理时间\\n2025\\n".encode() + "时间".encode("gbk"), "x.csv")
    ... except ExportError as e:
    ...     print(e.row)
    3
    >>> decode("票号,窗口\\nA1,PW01\\n".encode("gbk"), "x.csv")[:5]   # 票 in GBK is valid UTF-8 by chance
    '票号,窗口'
    """
    return _decode(b, file, encoding, pieces)[0]


def file_encoding(b, file, encoding: str | None = None) -> str:
    """The encoding :func:`decode` reads the bytes ``b`` of a whole file in (a read-only map of it will do), with
    every refusal of :func:`decode` (a file mixing encodings anywhere in it, bytes not in the encoding mapping.yaml
    declares, GB18030 or Big5 undecidable), judged in one pass over the file a piece at a time (:func:`_decoded`):
    its text is never held.  For a reader that decodes the file in blocks (Dask), which would otherwise judge its
    first block only and read a later block of another encoding as mojibake.

    Examples
    --------
    >>> file_encoding("受理时间\\n".encode("gb18030"), "x.csv"), file_encoding("受理时间\\n".encode(), "x.csv")
    ('gb18030', 'utf-8')
    >>> try:
    ...     file_encoding("受理时间\\n城东\\n".encode("gbk") + "客户反映\\n".encode(), "x.csv")
    ... except ExportError as e:
    ...     print(e.row, e.exit_code)
    3 3
    """
    return _decode(b, file, encoding, pieces=True)[1]


def _decode(b, file, encoding: str | None, pieces: bool) -> tuple:
    """:func:`decode`'s text (or pieces) and the codec it was read in."""
    if encoding:
        try:
            gb = codecs.lookup(encoding).name in ("gb18030", "gbk", "gb2312")
        except LookupError:
            gb = False
        err = declared_mismatch(b, file, encoding)
        if err is not None:     # Big5 bytes declared GB18030, or GBK bytes declared Big5: mojibake without an error
            raise err
        if gb:
            # mapping.yaml says GB18030 and the file is UTF-8 (the export system changed): decoded as GB18030 it is
            # mojibake without an error, or fails on a byte with no word of why
            utf8 = _utf8_throughout(b)
            if utf8 is not None:
                raise _declared_gb_over_utf8(file, encoding, utf8)
        try:
            text = _decoded(b, encoding, pieces)
            if codecs.lookup(encoding).name in ("gb18030", "gbk", "gb2312"):
                # mapping.yaml says GB18030, and a row of UTF-8 (pasted from another system) decodes as GB18030 too,
                # garbled (客户反映 as 瀹㈡埛鍙嶆槧, Müller as M眉ller): the same check as a file read without it
                err = mixed_encoding(b, file, fix=(
                    "请从原系统把整个文件重新导出为同一种编码(mapping.yaml 写的是 GB18030,另有几行是 UTF-8)",
                    "export the whole file again from the source system in one encoding (mapping.yaml says GB18030, "
                    "and some rows are UTF-8)"), declared=True)
                if err is not None:
                    raise err
            return text, encoding
        except LookupError:
            raise ExportError(file, f"mapping.yaml 中的编码 {encoding!r} 无法识别;可用 utf-8、gb18030、utf-16",
                              f"unknown encoding {encoding!r} in mapping.yaml; use utf-8, gb18030 or utf-16") from None
        except UnicodeDecodeError as e:
            if gb and _decodes_apart(b, e.start, encoding):
                # one damaged byte (or a few) in a file of the encoding mapping.yaml gives: named where it is (row,
                # column, bytes), the encoding said right; a UTF-8 file declared GB18030 said so (left42)
                raise _damaged_declared(file, b, e.start, encoding) from None
            raise ExportError(file, f"文件不是 mapping.yaml 所写的 {encoding} 编码(第 {_line_of(b, e.start)} 行的字节 "
                                    f"{b[e.start:e.start + 2]!r} 无法解码);请改正 encoding 或重新导出",
                              f"the file is not in the encoding {encoding!r} mapping.yaml gives (byte "
                              f"{b[e.start:e.start + 2]!r} cannot be decoded); fix `encoding` or export again",
                              row=_line_of(b, e.start)) from None
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if b[:len(bom)] == bom:     # (a map of a file has no startswith)
            try:
                return _decoded(b, enc, pieces), enc
            except UnicodeDecodeError as e:
                row = _line_of(b, e.start) if enc == "utf-8-sig" else None
                gbk = bom_over_gb18030(b[3:]) if enc == "utf-8-sig" else None
                if gbk is not None:   # the mark is wrong, not the text: say so (its fix is another)
                    raise ExportError(file, BOM_OVER_GBK[0].format(row=gbk) + "请把文件另存为 UTF-8 编码,或删去文件开头的 BOM "
                                            "后重新导出", BOM_OVER_GBK[1].format(row=gbk) + "save it as UTF-8, or remove "
                                            "the BOM, and export it again", row=gbk) from None
                raise ExportError(file, f"文件开头标明为 {enc.upper()} 编码,但第 {row or '?'} 行起的内容不是(文件混用了编码);"
                                        + _FIX_ENC_ZH,
                                  f"the file's byte-order mark says {enc.upper()} but its content is not "
                                  f"(it mixes encodings); " + _FIX_ENC_EN, row=row) from None
    enc = utf16_without_bom(b[:4096])
    if enc is not None:
        try:
            return _decoded(b, enc, pieces), enc
        except UnicodeDecodeError:
            raise ExportError(file, "文件像是 UTF-16 编码但无法读取;" + _FIX_ENC_ZH,
                              "the file looks like UTF-16 but cannot be decoded; " + _FIX_ENC_EN) from None
    try:
        return _decoded(b, "utf-8", pieces), "utf-8"
    except UnicodeDecodeError as e:
        err = mixed_encoding(b, file, e)
        if err is not None:
            raise err from None
        not_utf8 = e.start
    try:
        text = _decoded(b, "gb18030", pieces)
    except UnicodeDecodeError as e:
        row = _line_of(b, e.start)
        start = b.rfind(b"\n", 0, e.start) + 1
        end = b.find(b"\n", e.start)
        if not _gb18030_text(b, b.rfind(b"\n", 0, not_utf8) + 1, end if end >= 0 else len(b)):
            # no line up to here holds GB18030 text: the file is UTF-8 (or ASCII) with a damaged byte, which GB18030
            # read as half a character or stopped at; name that byte, not "GB18030 with a UTF-8 row" (left41)
            raise _damaged_utf8(file, b, not_utf8) from None
        try:   # the line GB18030 stops at is UTF-8 (a row pasted from another export): the file mixes the two (left40)
            utf8 = bytes(b[start:end if end >= 0 else len(b)]).decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
        if utf8 is not None and not utf8.isascii():
            raise ExportError(file, f"文件是 GB18030 编码,第 {row} 行却是 UTF-8(文件混用了编码,可能由两份导出拼接而成);"
                                    "请从原系统把整个文件重新导出为同一种编码(UTF-8)",
                              f"the file is GB18030 but row {row} is UTF-8 (it mixes encodings, perhaps two exports "
                              "joined); export the whole file again from the source system in one encoding (UTF-8)",
                              row=row, value=bytes(b[e.start:e.start + 4]).hex(" ")) from None
        raise ExportError(file, "无法识别的文件编码(应为 UTF-8、GB18030 或 UTF-16);" + _FIX_ENC_ZH,
                          "unknown encoding (expected UTF-8, GB18030 or UTF-16); " + _FIX_ENC_EN, row=row) from None
    err = mixed_encoding(b, file)
    if err is not None:
        raise err
    han = han_bytes(b)     # the byte rule of HTML pages and survey deliveries: Big5 decodes as GB18030 mojibake
    if han == "big5":
        for codec in ("big5", "cp950"):    # Windows writes cp950: Big5 with a few more characters
            try:
                return _decoded(b, codec, pieces), codec
            except UnicodeDecodeError:
                pass
    if han is None and _big5_doubt(b):
        raise _undecidable(file)
    return text, "gb18030"


_NOT_UTF8_RUN = re.compile("[\u0080-\u07ff\udc80-\udcff]*[\udc80-\udcff][\u0080-\u07ff\udc80-\udcff]*")


def _gb18030_text(b, start: int, end: int) -> bool:
    """Whether ``b[start:end]`` holds GB18030 (GBK) text, not only damaged UTF-8: a run of bytes that are not UTF-8
    (with the 2-byte characters a GBK pair makes by chance beside them, 票 c6 b1) that decodes as GB18030 and is not
    a UTF-8 character cut short.  A lone byte (ab\\xffcd, caf\\xe9x) or a cut character (营 e8 90 then ASCII) is a
    damaged byte of a UTF-8 file, not GB18030 text.  Called on a refusal only; one regular expression over the
    bytes read as UTF-8, the runs found checked in turn (a GBK file's first run decides; a UTF-8 one has few).

    Examples
    --------
    >>> _gb18030_text("A1,城东营业厅\\n".encode("gbk"), 0, 20), _gb18030_text("A1,男\\n".encode("gbk"), 0, 20)
    (True, True)
    >>> _gb18030_text(b"A1,caf\\xe9x\\n" + "客户\\n".encode(), 0, 30), _gb18030_text(b"A1,\\xe8\\x90,x\\n", 0, 20)
    (False, False)
    """
    text = bytes(b[start:end]).decode("utf-8", "surrogateescape")
    for n, m in enumerate(_NOT_UTF8_RUN.finditer(text)):
        if n >= 64:      # so many runs that are not UTF-8: not a damaged byte or two
            return True
        run = m.group().encode("utf-8", "surrogateescape")
        try:
            codecs.getincrementaldecoder("utf-8")().decode(run, final=False)
            continue     # a UTF-8 character cut short (its first bytes, then ASCII): damaged, not GB18030
        except UnicodeDecodeError:
            pass
        try:
            run.decode("gb18030")
            return True
        except UnicodeDecodeError:
            continue
    return False


def _decodes_apart(b, at: int, encoding: str) -> bool:
    """Whether ``b`` decodes in ``encoding`` but for a few bytes at ``at``: from there, the 1 MiB after it read with
    at most 4 bytes that do not decode (a damaged byte or two, not a file of another encoding).

    Examples
    --------
    >>> _decodes_apart("票号\\nA".encode("gbk") + b"\\xff1," + "城东\\n".encode("gbk"), 5, "gb18030")
    True
    >>> _decodes_apart("票号\\n".encode("gbk") + b"\\xff" * 6, 5, "gb18030")
    False
    """
    piece = bytes(b[at:at + (1 << 20)])
    return piece.decode(encoding, "replace").count("\ufffd") <= 4


def _byte_at(file, b, at: int, encoding: str = "utf-8") -> tuple[int, str, str]:
    """Where the byte at ``at`` is: its row, its column (the header's name, the header line read in ``encoding``, by
    the delimiter of the header line; ``第 N 列 / column N`` where the header names none) and the bytes there that are
    not ``encoding`` (one, or a character cut short), in hex.

    Examples
    --------
    >>> _byte_at("x.csv", "票号,窗口\\nA1,P".encode("gbk") + b"\\xff1\\n", 14, "gb18030")
    (2, '窗口', 'ff')
    """
    row = _newlines(b, 0, at) + 1
    start = b.rfind(b"\n", 0, at) + 1
    first = bytes(b[:max(b.find(b"\n"), 0) or len(b)]).decode(encoding, "replace").lstrip("\ufeff").rstrip("\r")
    sep = sniff_delimiter(bytes(b[:1 << 16]).decode(encoding, "replace").lstrip("\ufeff"), Path(str(file)).suffix.lower())
    before = bytes(b[start:at]).decode(encoding, "replace")
    index = before.count(sep) if first.count(sep) else 0
    names = first.split(sep) if first.count(sep) else [first]
    column = names[index].strip().strip('"') if row > 1 and index < len(names) and names[index].strip() else f"第 {index + 1} 列"
    if column.startswith("第 "):
        column = f"{column} / column {index + 1}"
    try:
        bytes(b[at:at + 4]).decode(encoding)
        value = bytes(b[at:at + 1]).hex()
    except UnicodeDecodeError as u:     # the bytes that are not in the encoding (one, or a character cut short)
        run = bytes(b[at:at + max(u.end, 1)])
        run = run[:1] + re.split(rb"[\x00-\x7f]", run[1:], maxsplit=1)[0]   # not the ASCII a decoder took with it
        value = run.hex(" ")
    return row, column, value


def _damaged_utf8(file, b, at: int, declared: str | None = None) -> ExportError:
    """The refusal of a UTF-8 (or ASCII) file with a damaged byte at ``at`` and no GB18030 text before it
    (:func:`_gb18030_text`): its row, column (the header's name, by the delimiter of the header line) and bytes.
    ``declared``: the encoding mapping.yaml gives (GB18030) for this UTF-8 file: said too, with its fix."""
    row, column, value = _byte_at(file, b, at)
    if declared:
        return ExportError(file, f"第 {row} 行“{column}”列的字节 {value} 已损坏(在复制或传输中),文件的其余部分是 UTF-8,"
                                 f"不是 mapping.yaml 所写的 {declared}:请把 mapping.yaml 中该类记录的 encoding 改为 utf-8"
                                 f"(或删去这一行),并在原系统中重新导出,或在第 {row} 行“{column}”列改正这一处文字",
                           f"the bytes {value} at row {row}, column {column} are damaged (in a copy or transfer), and "
                           f"the rest of the file is UTF-8, not the {declared} mapping.yaml gives: set `encoding: utf-8` "
                           f"for this kind in mapping.yaml (or delete the line), and export the file again from the "
                           f"source system or correct the text at row {row}, column {column}",
                           row=row, column=column, value=value)
    return ExportError(file, f"这一处的字节 {value} 不是有效的 UTF-8 编码,而文件的其余部分是 UTF-8(或纯 ASCII),也没有 GB18030 "
                             f"编码的中文:这个字节在复制或传输中损坏了;请在原系统中把文件另存为 UTF-8 后重新导出,或在第 {row} 行"
                             f"“{column}”列改正这一处文字",
                       f"the bytes {value} here are not valid UTF-8, while the rest of the file is UTF-8 (or plain "
                       f"ASCII) with no GB18030 Chinese: this byte was damaged in a copy or transfer; save the file "
                       f"as UTF-8 in the source system and export it again, or correct the text at row {row}, column "
                       f"{column}", row=row, column=column, value=value)


def _damaged_declared(file, b, at: int, encoding: str) -> ExportError:
    """The refusal of a byte at ``at`` that the encoding mapping.yaml gives (``encoding``) cannot decode: a UTF-8 file
    declared GB18030 (no GB18030 text in it, UTF-8 Chinese around the byte) is said so (:func:`_damaged_utf8`);
    otherwise the byte is named as one of ``encoding`` that is damaged: its row, column and bytes, and the fix (the
    encoding is right: export again, or correct that text).  Before, a GB18030 file with one damaged byte was told
    to "fix `encoding`", naming neither the column nor why."""
    gb = codecs.lookup(encoding).name in ("gb18030", "gbk", "gb2312")
    if gb and not _gb18030_text(b, 0, len(b)) and _utf8_line(b, 0, len(b), True) is not None:
        return _damaged_utf8(file, b, at, encoding)
    row, column, value = _byte_at(file, b, at, encoding)
    return ExportError(file, f"第 {row} 行“{column}”列的字节 {value} 不是有效的 {encoding} 编码(mapping.yaml 所写的编码),"
                             f"文件的其余部分可以按 {encoding} 读取:这个字节在复制或传输中损坏了;请在原系统中重新导出,"
                             f"或在第 {row} 行“{column}”列改正这一处文字",
                       f"the bytes {value} at row {row}, column {column} are not valid {encoding} (the encoding "
                       f"mapping.yaml gives), while the rest of the file reads as {encoding}: they were damaged in a "
                       f"copy or transfer; export the file again from the source system, or correct the text at row "
                       f"{row}, column {column}", row=row, column=column, value=value)


def _declared_gb_over_utf8(file, encoding: str, row: int) -> ExportError:
    """The refusal of a file mapping.yaml declares GB18030 that is UTF-8 (:func:`_utf8_throughout`): read so it is
    mojibake without an error, or fails on a byte with no word of why."""
    return ExportError(
        file, f"mapping.yaml 写的编码是 {encoding},但整个文件都是有效的 UTF-8(第 {row} 行的中文或全角字符按 "
              f"UTF-8 才读得通,按 {encoding} 读会成为乱码,如“客户”读作“瀹㈡埛”);请把 mapping.yaml 中该类记录的 "
              f"encoding 改为 utf-8 或删去这一行(编码会自动识别)",
        f"mapping.yaml gives the encoding {encoding}, but the whole file is valid UTF-8 (the Chinese or "
        f"full-width text of row {row} reads only as UTF-8; read as {encoding} it is garbled, 客户 as "
        f"瀹㈡埛); set `encoding: utf-8` for this kind in mapping.yaml, or delete the line (the encoding is then detected)",
        row=row)


def _undecidable(file) -> ExportError:
    """The refusal of a file whose few Chinese bytes could be GB18030 or Big5 (:func:`_big5_doubt`)."""
    return ExportError(file, "文件的中文字节既可能是 GB18030/GBK(简体)也可能是 Big5(繁体)编码,中文太少无法判断,按 GB18030 读可能是乱码"
                             "(如“中正”读作“いタ”);请在 mapping.yaml 中为该类记录写明 encoding: big5 或 encoding: gb18030,"
                             "或在导出时选择 UTF-8",
                       "the file's Chinese bytes could be GB18030/GBK (simplified Chinese) or Big5 (traditional "
                       "Chinese), too few to tell which, and read as GB18030 they may be mojibake; set "
                       "`encoding: big5` or `encoding: gb18030` for this kind in mapping.yaml, or export it as UTF-8")


_GB_CODECS = ("gb18030", "gbk", "gb2312")
_BIG5_CODECS = ("big5", "cp950", "big5hkscs")


def declared_mismatch(b: bytes, file, encoding: str) -> ExportError | None:
    """The refusal of bytes whose Chinese the byte rule (:func:`han_bytes`) reads in the other family than the
    encoding mapping.yaml declares: Big5 (traditional) bytes declared GB18030/GBK, or GBK (simplified) bytes declared
    Big5.  Either decodes without an error, as mojibake (中正區 as いタ跋, 城东 as 傑陲), so a text a kernel reads
    (a rebuke, a window name) would be lost in silence.  None where the bytes agree, are too few to tell, or the
    encoding is neither family (UTF-8 declared over GB bytes fails to decode, with its own refusal).

    Examples
    --------
    >>> big5 = ("工單號,區域\\n" + "WO1,中正區臺北\\n" * 10).encode("big5")
    >>> print(declared_mismatch(big5, "工单.csv", "gb18030").en)
    mapping.yaml gives the encoding gb18030 (simplified Chinese), but the file's Chinese bytes are Big5 (traditional Chinese), which read as gb18030 would be garbled (中正 as いタ); set `encoding: big5` for this kind in mapping.yaml, or delete the line (the encoding is then detected)
    >>> declared_mismatch(big5, "工单.csv", "big5") is None
    True
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    if name in _GB_CODECS and han_bytes(b) == "big5":
        other_zh, other_en, fix, sample = "Big5(繁体)", "Big5 (traditional Chinese)", "big5", ("中正", "いタ")
    elif name in _BIG5_CODECS and _gb_bytes(b):
        other_zh, other_en, fix, sample = "GBK(简体)", "GBK (simplified Chinese)", "gb18030", ("城东", "傑陲")
    else:
        return None
    family_zh, family_en = ("简体", "simplified Chinese") if name in _GB_CODECS else ("繁体", "traditional Chinese")
    return ExportError(
        file, f"mapping.yaml 写的编码是 {encoding}({family_zh}),但文件中的中文字节是 {other_zh} 编码,按 {encoding} 读会成为乱码"
              f"(如“{sample[0]}”读作“{sample[1]}”);请把 mapping.yaml 中该类记录的 encoding 改为 {fix},或删去这一行(编码会自动识别)",
        f"mapping.yaml gives the encoding {encoding} ({family_en}), but the file's Chinese bytes are {other_en}, "
        f"which read as {encoding} would be garbled ({sample[0]} as {sample[1]}); set `encoding: {fix}` for this kind in "
        "mapping.yaml, or delete the line (the encoding is then detected)")


def _big5_doubt(b: bytes) -> bool:
    """Whether bytes :func:`han_bytes` cannot judge (None) bear a Big5 sign: a double-byte pair with a lead byte
    0xA4-0xAF (Big5's commonest characters, 中 的 是; GB2312's kana, Greek and Cyrillic rows) and the sample
    decoding as Big5.  Such a file read as GB18030 may be mojibake (中正 as いタ), and is not read unasked.

    Examples
    --------
    >>> _big5_doubt("中正".encode("big5")), _big5_doubt("北京".encode("gbk"))
    (True, False)
    """
    sample, pairs = _han_sample(b)
    if not pairs:
        return False
    lead = np.frombuffer(b"".join(pairs), dtype=np.uint8)[0::2]
    if not ((lead >= 0xA4) & (lead <= 0xAF)).any():
        return False
    try:
        codecs.getincrementaldecoder("big5")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _utf8_throughout(b: bytes) -> int | None:
    """The row of the first line holding Chinese in UTF-8 (a 3-byte sequence that decodes to a CJK character,
    U+3400-U+9FFF, CJK punctuation or a full-width form, :data:`_UTF8_CJK`) when the whole of ``b`` is valid UTF-8, else None: a file declared GB18030 that is UTF-8 (an export
    system changed), which GB18030 decodes without an error into mojibake (客户 as 瀹㈡埛).  A GBK file is valid
    UTF-8 throughout only by chance, in 2-byte characters at most (票号, 女士; VIP女 reads as VIPŮ, wifi没 as wifiû),
    which are no evidence: the user declared the encoding, so a Latin letter beside ASCII ones does not overrule it
    (a file of UTF-8 Latin letters declared GB18030 is left to :func:`mixed_encoding`'s strict rule).

    Examples
    --------
    >>> _utf8_throughout("工单号,受理时间\\nWO1,2025-06-01\\n".encode()), _utf8_throughout("工单号\\n".encode("gbk"))
    (1, None)
    >>> _utf8_throughout("票号,窗口\\nA1,PW01\\n".encode("gbk")) is None      # valid UTF-8 by chance, 2-byte only
    True
    >>> _utf8_throughout("a,b\\nA1,VIP女\\n".encode("gbk")) is None, _utf8_throughout("a\\nMüller,客户\\n".encode())
    (True, 2)
    >>> _utf8_throughout("order_id,window_id\\nA1,ＰＷ０１\\n".encode())   # full-width forms alone: UTF-8 too
    2
    """
    from .csvfast import is_utf8

    if not is_utf8(b):
        return None
    m = _UTF8_CJK.search(b)     # in valid UTF-8 a byte e3-e9 only starts a character
    return None if m is None else _newlines(b, 0, m.start()) + 1


#: A character of Chinese text in UTF-8, three bytes each: a CJK ideograph (U+3400-U+9FFF: e3 90-bf xx, e4-e9 xx xx),
#: CJK punctuation (U+3000-U+303F, 、。「」【】 and the ideographic space: e3 80 xx) or a full-width form (U+FF00-U+FFEF,
#: the digits, letters and punctuation of ２０２５－０６－０２ １０：００, ＰＷ０１, （）：ef bc-bf xx).  An export of
#: ASCII headers whose only non-ASCII text is full-width (a date typed in full-width digits) is UTF-8 as surely as
#: one with Chinese words, and read as GB18030 it is mojibake (ＰＷ０１ as 锛帮挤锛愶紤).
_UTF8_CJK = re.compile(rb"\xe3[\x80\x90-\xbf][\x80-\xbf]|[\xe4-\xe9][\x80-\xbf][\x80-\xbf]|\xef[\xbc-\xbf][\x80-\xbf]")


def mixed_encoding(b: bytes, file, e: UnicodeDecodeError | None = None,
                   fix: tuple[str, str] | None = None, declared: bool = False) -> ExportError | None:
    """The refusal of bytes that mix UTF-8 with GB18030, or None: with ``e`` (where decoding ``b`` as UTF-8 failed),
    UTF-8 text before the bad byte; without it (``b`` decodes as GB18030), a line of UTF-8 after a GB18030 one.
    Records' and survey deliveries' CSV readers share it; ``fix`` is the (Chinese, English) fix the refusal ends
    with (records' own: export as UTF-8, or ``encoding:`` in mapping.yaml).

    What counts as a line of UTF-8 is :func:`_utf8_line`'s: a whole line valid as UTF-8 holding Chinese (a 3- or
    4-byte character) or, in a line whose every other character is ASCII, an accented Latin letter inside a word.
    ``declared``: the user said the file is GB18030 (``encoding:`` in mapping.yaml), so only stronger evidence
    refuses it (an accented letter with letters on both sides, Müller, not Café) and UTF-8 lines before the first
    GB18030 one count too.  The search is one pass of RE2 over the bytes (no Python loop over lines).

    Examples
    --------
    >>> b = "hall\\nCafé\\n".encode() + "营业厅\\n".encode("gbk")
    >>> try:
    ...     b.decode("utf-8")
    ... except UnicodeDecodeError as e:
    ...     mixed_encoding(b, "x.csv", e).row
    3
    >>> mixed_encoding("票号,窗口\\nA1,营业厅\\n".encode("gbk"), "x.csv") is None
    True
    >>> mixed_encoding("票号,业务\\nT1,ETC签约\\nT2,VIP女士\\n".encode("gbk"), "x.csv") is None   # GBK that is UTF-8 by chance
    True
    """
    fix_zh, fix_en = fix or (_FIX_ENC_ZH, _FIX_ENC_EN)

    def utf8_then_not(row, bad_at):
        return ExportError(file, f"文件前 {row - 1} 行是 UTF-8 编码,第 {row} 行起却不是(文件混用了编码,可能由两份导出拼接而成);"
                                 + fix_zh,
                           f"the file is UTF-8 up to row {row - 1} but not from row {row} on (it mixes encodings, "
                           f"perhaps two exports joined); " + fix_en, row=row,
                           value=b[bad_at:bad_at + 4].hex(" "))

    if e is not None:
        # UTF-8 text before the bad byte: a file that lies.  A GBK pair may be a valid 2-byte UTF-8 character by
        # chance (票 is c6 b1, 女 is c5 ae), so only _utf8_line's lines count, or a run of Chinese at the start of
        # the bad byte's own line (below); a GBK header 票号 or a row ETC签约 proves nothing
        line_start = b.rfind(b"\n", 0, e.start) + 1
        if _utf8_line(b, 0, line_start, declared) is not None:
            if not declared and not _gb18030_text(b, line_start, min(len(b), e.start + (1 << 20))):
                return _damaged_utf8(file, b, e.start)   # no GB18030 text after it: a damaged byte (left41)
            return utf8_then_not(_line_of(b, e.start), e.start)
        if _CJK_RUN.search(b[line_start:e.start].decode("utf-8")):
            # the bad byte's own line begins with a run of Chinese in UTF-8 (客户反映服务很好, then GBK 态度好): a GBK
            # file does not make three Chinese characters in a row of valid UTF-8 by chance (票, c6 b1, is one 2-byte one)
            row = _line_of(b, e.start)
            return ExportError(file, f"第 {row} 行前半是 UTF-8 编码的中文,后半却不是(文件混用了编码,可能由两个系统的文字拼接而成);"
                                     + fix_zh,
                               f"row {row} begins with Chinese in UTF-8 but goes on in another encoding (the file mixes "
                               f"encodings, perhaps text of two systems joined); " + fix_en, row=row,
                               value=b[e.start:e.start + 4].hex(" "))
        return None
    # b decodes as GB18030: a line of UTF-8 after the first line that is not UTF-8 (or, declared, before it)
    try:   # the first byte that is not UTF-8 (early in a GBK file), found a piece at a time: never b's text whole
        _decoded(b, "utf-8", pieces=True)
        return None           # valid UTF-8 throughout: no line of GB18030 to mix with
    except UnicodeDecodeError as u:
        bad = u.start
    gbk_row = _newlines(b, 0, bad) + 1
    gbk_end = b.find(b"\n", bad)
    if gbk_end >= 0:
        at = _utf8_line(b, gbk_end + 1, len(b), declared)
        if at is not None:
            if not _gb18030_text(b, b.rfind(b"\n", 0, bad) + 1, at):   # the "GB18030" line: a damaged byte (left41)
                return _damaged_utf8(file, b, bad)
            row = _newlines(b, 0, at) + 1
            return ExportError(file, f"第 {gbk_row} 行是 GB18030 编码,第 {row} 行却是 UTF-8(文件混用了编码);" + fix_zh,
                               f"row {gbk_row} is GB18030 but row {row} is UTF-8 (the file mixes encodings); " + fix_en,
                               row=row)
    if declared and _utf8_line(b, 0, b.rfind(b"\n", 0, bad) + 1, True) is not None:
        if not _gb18030_text(b, b.rfind(b"\n", 0, bad) + 1, min(len(b), bad + (1 << 20))):
            # UTF-8 before it and no GB18030 text from its line on: a UTF-8 file declared GB18030 with a damaged byte,
            # not "UTF-8 up to row N" (left42)
            return _damaged_utf8(file, b, bad, "GB18030")
        return utf8_then_not(gbk_row, bad)
    return None


def bom_over_gb18030(body) -> int | None:
    """The row where the Chinese begins of a file that starts with a UTF-8 byte-order mark but whose text is GB18030
    (GBK), or None.  ``body``: the bytes after the mark.

    Some firms' tools write the mark, then the text in the system's code page: not a file that mixes encodings but
    one whose mark is wrong, so the fix is to save it as UTF-8 or remove the mark.  Said so only when ``body`` is not
    UTF-8, no line of it shows itself UTF-8 (:func:`mixed_encoding`'s evidence, both ways), the whole of it decodes
    as GB18030 and its Chinese bytes are not Big5's (:func:`han_bytes`).  Records' and survey deliveries' readers
    share it; it is called on a refusal only (it reads ``body`` a piece at a time, never its text whole).

    Examples
    --------
    >>> body = "票号,窗口\\nA1,营业厅\\n".encode("gbk")
    >>> bom_over_gb18030(body), bom_over_gb18030(b"id\\n" + body), bom_over_gb18030("票号".encode())
    (1, 2, None)
    >>> bom_over_gb18030("客户反映,很好\\n".encode() + "营业厅\\n".encode("gbk")) is None     # UTF-8, then GBK
    True
    """
    try:
        _decoded(body, "utf-8", pieces=True)
        return None
    except UnicodeDecodeError as e:
        if mixed_encoding(body, None, e) is not None:
            return None
        first = e.start
    try:
        for _ in _decoded(body, "gb18030", pieces=True):
            break
    except UnicodeDecodeError:
        return None
    if mixed_encoding(body, None) is not None or han_bytes(body, least=1) == "big5":
        return None
    return _line_of(body, first)


def _utf8_line(b: bytes, start: int, end: int, strict: bool = False) -> int | None:
    """The offset of the first line of ``b[start:end]`` (``start`` a line's start) that shows itself UTF-8, or None.

    Such a line is valid UTF-8 as a whole and holds either a 3- or 4-byte character (Chinese: a GBK line that is
    valid UTF-8 by chance holds 2-byte ones only, short of a freak: none in 20,000 such synthetic fields, the one
    line of 5,624 GBK-encoded lines of this project's Chinese text was UTF-8 mojibake itself), or, with every other
    character ASCII, an accented Latin letter U+00C0-U+017F (× ÷ are no letters) inside a word: beside a lower-case
    ASCII letter (Café, Müller, Éric, Łódź) or, a capital, beside a capital (MÜLLER).  Not evidence: a GBK pair that
    reads as a 2-byte letter outside that range (签 c7 a9 is ǩ U+01E9, 取 c8 a1 U+0221), a line holding any other
    2-byte character as well (女士: 士 is U+02BF), nor a lower-case letter against capitals only (VIP每, ETC茅: a
    Chinese word after an acronym, not a French word).  ``strict`` (an encoding the user declared): the letter must
    have letters on both sides, one of them lower-case ASCII (Müller, Łódź; not Café, not ETC女).

    One pass of RE2 (pyarrow, Latin-1 mode on bytes, linear time) over the bytes, which are not copied.

    Examples
    --------
    >>> [_utf8_line(t, 0, len(t)) for t in ("a\\nMüller\\n".encode(), "a\\nETC签约\\nVIP女士\\nAPP取票\\n".encode("gbk"))]
    [2, None]
    >>> _utf8_line("Café\\n".encode(), 0, 6), _utf8_line("Café\\n".encode(), 0, 6, strict=True)
    (0, None)
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if end <= start:
        return None
    arr = pa.Array.from_buffers(pa.large_binary(), 1, [None, pa.py_buffer(np.array([start, end], dtype=np.int64)),
                                                        pa.py_buffer(b)])
    i = pc.find_substring_regex(arr, _UTF8_LINE[bool(strict)]).to_pylist()[0]
    return None if i is None or i < 0 else start + i


def _utf8_line_patterns() -> dict:
    """RE2 patterns (Latin-1 mode: ``\\x{c3}`` is the byte c3) of a line :func:`_utf8_line` takes for UTF-8."""
    def x(v):
        return "\\x{%02x}" % v

    def letters(pred):      # U+00C0-U+017F as UTF-8 byte pairs, by lead byte
        by: dict = {}
        for cp in range(0xC0, 0x180):
            if cp not in (0xD7, 0xF7) and pred(chr(cp)):
                enc = chr(cp).encode()
                by.setdefault(enc[0], []).append(enc[1])
        return "(?:" + "|".join(x(lead) + "[" + "".join(x(t) for t in ts) + "]" for lead, ts in sorted(by.items())) + ")"

    lat, cap = letters(lambda c: True), letters(str.isupper)
    ascii_ = r"[\x{00}-\x{09}\x{0b}-\x{7f}]"
    multi = (r"(?:\x{e0}[\x{a0}-\x{bf}][\x{80}-\x{bf}]|[\x{e1}-\x{ec}\x{ee}\x{ef}][\x{80}-\x{bf}]{2}"
             r"|\x{ed}[\x{80}-\x{9f}][\x{80}-\x{bf}]|\x{f0}[\x{90}-\x{bf}][\x{80}-\x{bf}]{2}"
             r"|[\x{f1}-\x{f3}][\x{80}-\x{bf}]{3}|\x{f4}[\x{80}-\x{8f}][\x{80}-\x{bf}]{2})")
    valid = "(?:" + ascii_ + r"|[\x{c2}-\x{df}][\x{80}-\x{bf}]|" + multi + ")"
    latin_line = "(?:" + ascii_ + "|" + lat + ")"
    loose = "(?:[a-z]" + lat + "|" + lat + "[a-z]|[A-Z]" + cap + "|" + cap + "[A-Z])"
    strict = "(?:(?:[A-Za-z]|" + lat + ")" + lat + "[a-z]|[a-z]" + lat + "(?:[A-Za-z]|" + lat + "))"
    return {s: "(?m)^(?:" + valid + "*" + multi + valid + "*|" + latin_line + "*" + adj + latin_line + "*)$"
            for s, adj in ((False, loose), (True, strict))}


_UTF8_LINE = _utf8_line_patterns()


#: three CJK characters in a row (U+3400-U+9FFF): Chinese a GBK byte run does not make as valid UTF-8 by chance
_CJK_RUN = re.compile("[\u3400-\u9fff]{3}")

_FILLED = re.compile(rb"[^ \t\r\n\x00\xef\xbb\xbf\xff\xfe]")


def _empty(file):
    return ExportError(file, "文件为空(没有表头,也没有记录);请重新导出", "the file is empty (no header, no records); export it again",
                       row=1)


def _check_ragged(df: pd.DataFrame, headers: list, label, first_row: int):
    n = len(headers)
    if df.shape[1] > n:
        extra = df.iloc[:, n:].notna().any(axis=1).to_numpy()
        if extra.any():
            i = int(extra.argmax())
            from ..cells import personal_fields

            # the cell shown is the first past the header: with the row's cells slipped, it may be a column of names'
            # (a name shifted out from under 客户姓名): masked so (:func:`windoweval.cells.personal_fields`)
            row = df.iloc[i]
            cells = [None if pd.isna(v) else str(v) for v in row.tolist()]
            while cells and cells[-1] is None:
                cells.pop()
            shown = personal_fields(cells, [str(h) for h in headers])
            raise ExportError(label, f"这一行的单元格比表头多(表头有 {n} 列);多出的值无处可放。请检查分隔符或引号",
                              f"the row has more cells than the header's {n} columns; check the delimiter or quotes",
                              row=first_row + i, column=col_letter(n + next(k for k, v in enumerate(shown[n:])
                                                                           if v is not None)),
                              value=next(v for v in shown[n:] if v is not None), by_record=True)
        df = df.iloc[:, :n]
    return df


def _blank_header(headers):
    return [("" if h is None or (isinstance(h, float) and h != h) else str(h)) for h in headers]


def _filled(cells) -> int:
    return sum(1 for c in cells if c is not None and not (isinstance(c, float) and c != c) and str(c).strip())


#: Between a group's name and its column's in a header over two rows where a name is met twice (受理/开始,
#: 办结/开始): a duplicate-header refusal then shows both words as the sheet writes them, not 时间受理.
HEADER_JOIN = "/"


def _second_header_row(first: list, second: list) -> list | None:
    """The headers of a header written over two rows (merged cells), or None when ``second`` is not its second row.

    Business systems export a grouped header: 序号 and 备注 merged down over two rows, 工单信息 and 时间 merged across
    above 工单编号 / 供电单位 and 受理时间 / 完成时间.  As cells that is a first row with gaps to the right of a group
    and a second row filling them, blank under the cells merged down.  ``second`` is taken as the header's second
    row when it fills a gap right of a filled cell of ``first``, leaves blank a cell ``first`` fills, and holds
    only words (no digit: a data row has ids, dates or counts).  Each column's header is its second-row cell, else
    its first; a name met twice (开始 under two groups) keeps its group before it, joined by :data:`HEADER_JOIN` (受理/开始, 办结/开始).

    Examples
    --------
    >>> _second_header_row(["序号", "工单信息", "", "时间", "", "备注"], ["", "工单编号", "供电单位", "受理时间", "完成时间", ""])
    ['序号', '工单编号', '供电单位', '受理时间', '完成时间', '备注']
    >>> _second_header_row(["序号", "工单编号", "", "受理时间"], ["1", "GD001", "城东", "2025-03-05"]) is None
    True
    >>> _second_header_row(["窗口", "服务项目", "是否提供", "", "备注"], ["城东营业厅", "电费查询", "是", "自助终端", ""]) is None
    True
    """
    def txt(v):
        return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()

    width = max(len(first), len(second))
    f = [txt(v) for v in first] + [""] * (width - len(first))
    g = [txt(v) for v in second] + [""] * (width - len(second))
    first_filled = next((j for j, v in enumerate(f) if v), None)
    if first_filled is None:
        return None
    fills_gap = any(not f[j] and g[j] for j in range(first_filled + 1, width))
    open_below = any(f[j] and not g[j] for j in range(width))
    # under a cell of the first row the second holds a name only where that cell is a group's (merged across: a gap
    # to its right); a name under a header that has a neighbour to its right is a record's value, not a header
    under_single = any(g[j] and f[j] and (j + 1 >= width or f[j + 1]) for j in range(width))
    if not (fills_gap and open_below) or under_single or any(re.search(r"\d", v) for v in g if v):
        return None
    names, group = [], ""
    for j in range(width):
        if f[j]:
            group = f[j]
        names.append(g[j] or f[j])
    seen = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    group, out = "", []
    for j in range(width):
        if f[j]:
            group = f[j]
        out.append(group + HEADER_JOIN + names[j] if g[j] and seen[names[j]] > 1 and group != names[j] else names[j])
    return out


def _header_at(counts: list) -> int:
    """Which of the first rows holds the headers, from each row's count of filled cells: the first row whose count
    reaches three fifths of the widest row's (and at least 2).  A title row (one cell, merged across) and a preamble
    such as 导出时间 / 导出人 or a merged group header above the headers (a few cells of a wide table) fall short of it;
    a header with an unnamed column or two still reaches it.  None reach it (a one-column table): the first row.

    Examples
    --------
    >>> _header_at([1, 2, 13, 13, 12]), _header_at([5, 5, 5]), _header_at([1, 0, 4, 5]), _header_at([1])
    (2, 0, 2, 0)
    """
    need = max(2, -(-max(counts, default=0) * 3 // 5))
    return next((i for i, c in enumerate(counts) if c >= need), 0)


#: The bytes that end a CSV value's run for :func:`_refuse_huge_field`: a line break and every delimiter
#: :func:`sniff_delimiter` may find (a comma, a tab, a semicolon: a semicolon export's row of several long values is
#: no one huge value, rev22d).
_FIELD_BREAKS = (b"\n", b",", b"\t", b";")


def _refuse_huge_field(f: Path, b) -> None:
    """Refuse (exit 3) a CSV whose bytes hold a run of more than four times :data:`MAX_CSV_FIELD` bytes with no line
    break, comma, tab or semicolon (:data:`_FIELD_BREAKS`; a value of more characters than the limit, in any
    encoding: a character takes at most four bytes), found in the mapped bytes before anything is parsed or copied: a 2 GB line is never read whole to be
    refused after (safety22).  Its file line, column and length are named with the fix; a shorter value past the
    limit is refused by :func:`_refuse_long_field` once parsed (memory bounded by its few hundred kilobytes).

    Looked at in windows of half that many bytes (a run that long holds a whole one): one ``find`` a window, in C.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "a.csv"
    >>> data = b"id,note\\nR1,ok\\nR2," + b"x" * (4 * MAX_CSV_FIELD + 1) + b"\\n"
    >>> try:
    ...     _refuse_huge_field(f, data)
    ... except ExportError as e:
    ...     e.row, e.column, "524,289" in str(e)
    (3, '2', True)
    >>> _refuse_huge_field(f, b"id,note\\nR1,ok\\n")
    """
    limit = 4 * MAX_CSV_FIELD
    half = limit // 2
    n = len(b)
    if n <= limit:
        return
    for a in range(0, n - half + 1, half):
        e = a + half
        if any(b.find(c, a, e) >= 0 for c in _FIELD_BREAKS):
            continue
        lo = max(b.rfind(c, 0, a) for c in _FIELD_BREAKS) + 1
        ends = [x for x in (b.find(c, e) for c in _FIELD_BREAKS) if x >= 0]
        hi = min(ends) if ends else n
        if hi - lo <= limit:
            continue
        line_start = b.rfind(b"\n", 0, lo) + 1
        view = np.frombuffer(b, dtype=np.uint8)
        lines = sum(int(np.count_nonzero(view[i:min(i + (64 << 20), line_start)] == 10))
                    for i in range(0, line_start, 64 << 20)) + 1
        before = view[line_start:lo]
        col = max(int(np.count_nonzero(before == c)) for c in (44, 9, 59)) + 1
        size = hi - lo
        raise ExportError(
            f, f"一个值有 {size:,} 字节(多于 {limit:,} 字节,即超过 CSV 读取上限 {MAX_CSV_FIELD:,} 个字符),文件未读取"
               "(常见原因:导出时一列的内容未换行地连在一起,或把整个文件粘进了一个单元格)。请在导出系统或表格软件中"
               "改正该单元格后重新导出",
            f"a value of {size:,} bytes (more than {limit:,} bytes, past the CSV reader's limit of {MAX_CSV_FIELD:,} "
            "characters): the file was not read (often a column's contents run together without line breaks, or a "
            "whole file pasted into one cell); correct that cell in the exporting system or a spreadsheet program "
            "and export again", row=lines, column=str(col), by_line=True)


def _refuse_before_parsing(f: Path, b, header_row: int, encoding, aside: bool = False):
    """What a CSV's bytes are refused for before either reader parses them: a value far past the field limit
    (:func:`_refuse_huge_field`, before anything copies a line), a row wider than a spreadsheet, and a
    NUL character in a UTF-8 file (found in the bytes, its row and column named); a file in another encoding is
    checked for NUL once decoded.

    Returns, for a file taken as UTF-8, the :class:`.csvfast.FirstBytes` of ``b`` whose one pass over the file found
    its first NUL, carriage return, quote and ``=`` (the later checks ask it, instead of a pass over the file
    each); else None.  ``aside``: that pass begun on a thread of its own before the other checks, and the NUL left
    to the caller (:func:`_refuse_nul`, before it uses or raises anything it did meanwhile: :func:`read_tables`)."""
    found = None
    if encoding is None and aside:
        from .csvfast import FirstBytes, _text_start
        if _text_start(b) is not None:
            found = FirstBytes(b, aside=True)   # while the checks below run, and the header is found
    _refuse_huge_field(f, b)
    _refuse_wide_head(f, b, header_row)
    if found is not None and found.done():   # made already (a short file): its NUL refused now, as before
        _refuse_nul(f, b, found)
    if encoding is None and not aside:
        from .csvfast import FirstBytes, _text_start
        if _text_start(b) is not None:   # the file taken as UTF-8 unless it says otherwise (whether it is: checked
            found = FirstBytes(b)        # later; a UTF-16 file has no UTF-8 start)
            _refuse_nul(f, b, found)
    return found


def _refuse_nul(f: Path, b, found) -> None:
    """Refuse (exit 3) a UTF-8 file whose bytes hold a NUL (``found``: their :class:`.csvfast.FirstBytes`), its row
    and column named."""
    from .csvfast import _text_start

    start = _text_start(b)
    nul = found.find(b"\x00", start)
    if nul >= 0:   # the lines around it decoded, the rows before them counted in the bytes
        lo = max(start, b.rfind(b"\n", start, nul) + 1)
        hi = b.find(b"\n", nul)
        line = bytes(b[lo:hi if hi >= 0 else len(b)]).decode("utf-8", "replace")
        at = len(bytes(b[lo:nul]).decode("utf-8", "replace"))
        raise _nul_refused(f, line, at, "\t" if Path(f).suffix.lower() == ".tsv" else ",",
                           rows_before=bytes(b[start:lo]).count(b"\n"))


def long_csv_field(text: str, sep: str = ",") -> tuple[tuple[int, int, str, int], tuple[str, str]] | None:
    """The first field of the CSV ``text`` longer than the csv module's limit, and what to tell the user, or None.

    Shared by the export reader (:func:`read_tables`) and the survey delivery reader: ``((row, column, header,
    length), (zh, en))``: the row as a spreadsheet numbers it (a record over several lines: the row it starts
    on), the column's number and header, the field's length; the message says both and the fix.

    Examples
    --------
    >>> (row, col, head, n), (zh, en) = long_csv_field("id,note\\r\\nR1,ok\\r\\nR2," + "x" * 200_000 + "\\r\\n")
    >>> row, col, head, n
    (3, 2, 'note', 200000)
    >>> en  # doctest: +ELLIPSIS
    "row 3, column 2 (note): a value of 200,000 characters, longer than the CSV reader's limit of 131,072: ..."
    """
    import csv

    limit = csv.field_size_limit()
    first = None
    try:
        csv.field_size_limit(2**31 - 1)    # only to find the field: the reading proper keeps the limit
        for k, rec in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep), start=1):
            if first is None:
                first = rec
            for j, v in enumerate(rec, start=1):
                if len(v) > limit:
                    head = first[j - 1] if k > 1 and j <= len(first) and len(first[j - 1]) <= 64 else ""
                    return (k, j, head, len(v)), _long_field_message(k, j, head, len(v), limit)
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(limit)
    return None


#: The longest value a cell of a CSV export may hold: the csv module's limit, which its headers (and a survey
#: delivery's every cell) meet already.  pyarrow and pandas read any length, so a longer value in the body (a quote
#: never closed, a file pasted into a cell) is refused by :func:`_refuse_long_field` with its row, column and length.
MAX_CSV_FIELD = 131_072


def _long_field_message(row: int, col: int, head: str, n: int, limit: int) -> tuple[str, str]:
    """What :func:`long_csv_field` and :func:`_refuse_long_field` say of a value of ``n`` characters (zh, en)."""
    where_zh = f"第 {row} 行第 {col} 列" + (f"({head})" if head else "")
    where_en = f"row {row}, column {col}" + (f" ({head})" if head else "")
    return (f"{where_zh}:一个值有 {n:,} 个字符,超过 CSV 读取上限 {limit:,},文件未读取(常见原因:某个"
            "引号没有闭合,其后的内容都成了一个值;或把长文本粘进了一个单元格)。请在表格软件中改正该单元格后"
            "重新导出",
            f"{where_en}: a value of {n:,} characters, longer than the CSV reader's limit of {limit:,}: the "
            "file was not read (often a quote never closed, so everything after it became one value, or a "
            "long text pasted into one cell); correct that cell in a spreadsheet program and export again")


def _refuse_long_field(f: Path, t: Table, size: int | None = None) -> Table:
    """``t`` (a CSV's table) when no cell is longer than :data:`MAX_CSV_FIELD`; else :class:`ExportError` with the
    first such cell's row, column, header and length.  A file of no more bytes than that is not looked at."""
    if size is not None and size <= MAX_CSV_FIELD:
        return t
    import pyarrow.compute as pc

    from .csvfast import longer_than

    first = None   # (row, column) of the first cell too long
    for j in range(t.frame.shape[1]):
        s = t.frame.iloc[:, j]
        arr = getattr(s.array, "_pa_array", None)
        if arr is not None:
            if not longer_than(arr, MAX_CSV_FIELD):   # bytes (from the offsets): at least the characters
                continue
            n = pc.utf8_length(arr).to_numpy(zero_copy_only=False)
        elif s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            n = s.str.len().to_numpy(dtype=float, na_value=0)
        else:
            continue
        n = np.nan_to_num(np.asarray(n, dtype=float))
        over = np.flatnonzero(n > MAX_CSV_FIELD)
        if len(over) and (first is None or over[0] < first[0]):
            first = (int(over[0]), j, int(n[over[0]]))
    if first is None:
        return t
    i, j, n = first
    rows = t.row_numbers()
    head = t.headers[j] if j < len(t.headers) and len(t.headers[j]) <= 64 else ""
    zh, en = _long_field_message(int(rows[i]), j + 1, head, n, MAX_CSV_FIELD)
    raise ExportError(f, zh.split(":", 1)[1], en.split(": ", 1)[1], row=int(rows[i]),
                      column=f"{j + 1}" + (f" ({head})" if head else ""), by_record=True)


def _find_header(text: str, header_row: int, sep: str) -> tuple[list | None, int, int]:
    """The headers, the row they are on (title or preamble rows above them skipped, :func:`_header_at`, unless
    ``header_row`` names the row) and how many rows were looked at."""
    import csv
    rdr = csv.reader(io.StringIO(text, newline=""), delimiter=sep)  # "" : a lone CR ends a row, as for pandas
    rows, seen = [], 0
    try:
        for i, row in enumerate(rdr, start=1):
            seen = i
            if i < header_row:
                continue
            rows.append(row)
            if header_row != 1 or i >= header_row + 10:
                break
    except csv.Error:   # a field past the csv module's limit (a huge cell): the rows before it are what there is to
        pass            # look at; the reading proper refuses that cell with its row and column
    if not rows:
        return None, header_row, seen
    k = _header_at([_filled(r) for r in rows]) if header_row == 1 else 0
    if header_row == 1 and k + 1 < len(rows):   # a header over two rows (merged cells saved as CSV)
        two = _second_header_row(rows[k], rows[k + 1])
        if two is not None:
            return two, header_row + k + 1, seen
    return rows[k], header_row + k, seen


def _fast_table(f: Path, data: bytes, head: str, whole: bool, header_row: int, sep: str,
                start: int = 0, check_utf8: bool = False, timestamps=None, found=None) -> Table | None:
    """The table pyarrow reads from ``data`` (UTF-8 from byte ``start``; ``head`` its first lines as text), or None
    where pandas must.

    None unless the result is the one :func:`_csv` gives with pandas (see :mod:`.csvfast`).  ``timestamps``: a
    function of the headers giving the columns to type as date-times in the parse (:func:`read_tables`); ``found``:
    a :class:`.csvfast.FirstBytes` of ``data``."""
    from . import csvfast

    if not head.strip():
        return None
    headers, at, seen = _find_header(head, header_row, sep)
    if not headers or not any(h.strip() for h in headers):
        return None
    if not whole and head.count("\n") <= seen:   # the rows looked at must lie inside the decoded head
        return None
    if csvfast.body_offset(data, at, start) is None:   # the rows up to the headers plain lines: rows and lines agree
        return None
    # in place; no NUL in data from start: read_tables refused one before this (in the bytes, or in the decoded text)
    typed = timestamps(_blank_header(headers)) if timestamps is not None else ()
    # the columns the mapping recodes through `values`, parsed as dictionaries (the same text; files.load_files)
    coded = getattr(timestamps, "categories", None)
    cats = coded(_blank_header(headers)) if coded is not None else ()
    # the typed columns of type date: their midnights are their days (no date alone to tell from a time there)
    dated = getattr(timestamps, "days", None)
    days = dated(_blank_header(headers)) if dated is not None else ()
    df = csvfast.parse_body(data, len(headers), sep, csvfast.body_offset(data, at, start), check_utf8, True, typed,
                            found, cats, days)
    if df is None:
        return None
    return Table(str(f), _blank_header(headers), df, at + 1, sep=sep)


def _csv_utf8(f: Path, body, header_row: int, suf: str, start: int = 0, check_utf8: bool = False,
              timestamps=None, found=None) -> Table | None:
    """:func:`_csv` for a UTF-8 file's bytes (its text from byte ``start``) without decoding them whole: None where
    pandas must read.  ``check_utf8``: the bytes were not checked to be UTF-8; the lines up to the header are decoded
    and pyarrow checks every cell of the body, and a file that is not UTF-8 returns None."""
    from . import csvfast

    try:
        head, whole = csvfast.head_text(body, start=start)
    except UnicodeDecodeError:   # not UTF-8 (only when its bytes were not checked)
        return None
    if not head:
        return None
    sep = sniff_delimiter(head, suf)
    return _fast_table(f, body, head, whole, header_row, sep, start, check_utf8, timestamps, found)


#: A quoted cell of delimited text, from its field's start (a line's or after , tab ;) to its closing quote, over any
#: lines it spans ("" inside it is a quote).
_QUOTED_CELL = re.compile(r'(?:^|(?<=[,\t;]))[ ]*"[^"]*(?:""[^"]*)*"', re.M)
#: Quoted text left within a line once :data:`_QUOTED_CELL` took the cells out (:func:`sniff_delimiter`).
_QUOTED_TEXT = re.compile(r'"[^"]*"')


def sniff_delimiter(head: str, suffix: str = ".csv") -> str:
    """The delimiter of a delimited text export from its first lines: a comma, a tab or a semicolon.

    Excel saves "CSV" with semicolons where the list separator is one, and many systems export tabs under a .csv
    or .txt name.  Each candidate is counted on each of the last 20 whole lines of the first 64 KiB (the text outside
    quotes; lines starting with # left out), the body's rather than a title's or a preamble's, and on the header
    line (the first of the top lines as wide as a header, :func:`_header_at`).  A comma is kept whenever the header
    and most lines split into the same number of fields by it: a field listing steps (受理;派单;核查) with more
    semicolons than the line has commas does not turn a comma file.  A tab or a semicolon is chosen when the comma
    gives no such table and it does (a semicolon file with decimal commas 1,5 stays one); when none does, the one
    most lines write equally often (then the one making more cells), a comma unless another does better.
    ``.tsv``: a tab.

    Examples
    --------
    >>> sniff_delimiter("工单编号;受理时间;窗口\\nGD1;2025-03-05 09:00;PW01\\n")
    ';'
    >>> sniff_delimiter("工单编号\\t受理时间\\nGD1\\t2025-03-05 09:00\\n", ".csv")
    '\\t'
    >>> sniff_delimiter("id,note,window\\n1,a;b;c;d;e,PW01\\n2,x,PW02\\n")
    ','
    >>> sniff_delimiter("id,window,steps\\n" + "1,PW01,受理;派单;核查;答复\\n" * 30)
    ','
    >>> sniff_delimiter("单号;时长;窗口\\n" + "GD1;1,5;PW01\\n" * 30)
    ';'
    """
    if suffix == ".tsv":
        return "\t"
    # the body's lines, not the top's: a title, a preamble or comments above the header may hold any punctuation.
    # A quoted cell is taken out whole first, over the lines it spans (a note or a free-text answer written over
    # several lines: its inner lines' semicolons are no delimiters, and its commas leave no line uneven), then any
    # quoted text left within a line
    # (text without a quote has nothing to take out: neither pattern can match there, so neither is run; the 64 KiB
    # of a head scanned by the first took ~1.5 ms a file at the demo x100, where 15 of 16 heads hold no quote)
    text = head[:1 << 16]
    if '"' in text:
        text = _QUOTED_CELL.sub("", text)
    kept = [(_QUOTED_TEXT.sub("", x) if '"' in x else x) for x in text.splitlines()
            if x.strip() and not x.lstrip().startswith("#")]
    lines = (kept[:-1] if len(kept) > 2 else kept)[-20:]
    # the header: the first of the top lines as wide as a header is (_header_at), by whichever delimiter splits it
    top = kept[:11]
    header = top[_header_at([max(x.count(c) for c in ",\t;") + 1 for x in top])] if top else ""

    def table(sep):   # (lines agreeing, fields - 1) when the header and most lines split alike by sep, else None
        counts = [x.count(sep) for x in lines]
        mode = max(set(counts), key=lambda c: (counts.count(c), c)) if counts else 0
        if mode and header.count(sep) == mode and 2 * counts.count(mode) > len(counts):
            return counts.count(mode), mode
        return None

    if table(",") is not None:   # a consistent comma table: steps 受理;派单;… in a field do not turn it
        return ","
    other = [(got, sep) for sep in ("\t", ";") if (got := table(sep)) is not None]
    if other:
        return max(other)[1]
    best, score = ",", (0, 0)   # no delimiter gives a consistent table: the one most lines write equally often
    for sep in (",", "\t", ";"):
        nonzero = [c for c in (x.count(sep) for x in lines) if c]
        if not nonzero:
            continue
        mode = max(set(nonzero), key=lambda c: (nonzero.count(c), c))
        got = (nonzero.count(mode), mode)   # the lines that agree first, then how many cells they make
        if got > score:
            best, score = sep, got
    return best

#: What a records file that is no regular file is told (:func:`open_regular`, :func:`windoweval.records.files._readable`).
NOT_REGULAR = ("这不是普通文件(是管道、设备或套接字),不会被读取;请把导出文件本身放在这里",
               "this is not a regular file (it is a pipe, a device or a socket) and is not read; put the export "
               "itself here")


#: A records file that is not there (:func:`read_tables`): the library's own error, as the command line says it.
NOT_FOUND = ("找不到文件;请检查路径和文件名(相对路径从当前文件夹算起),或先导出该文件",
             "file not found; check the path and the file name (a relative path starts from the current folder), "
             "or export the file first")


def open_regular(f: Path):
    """``f`` opened for reading once, as a binary file object, after its descriptor was checked (``fstat``) to be a
    regular file: a FIFO, a device or a socket is refused (exit 3, :data:`NOT_REGULAR`), never waited on or read
    without end, also when it was put in the file's place after an earlier check (opened without blocking, so that
    opening a FIFO returns at once; safety22).  A name that cannot be opened raises its :class:`OSError`.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_bytes(b"x\\n1\\n")
    >>> with open_regular(d / "a.csv") as fh:
    ...     fh.read()
    b'x\\n1\\n'
    >>> os.mkfifo(d / "b.csv")
    >>> try:
    ...     open_regular(d / "b.csv")
    ... except ExportError as e:
    ...     e.exit_code, "not a regular file" in str(e)
    (3, True)
    """
    import stat

    fd = os.open(f, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                 | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ExportError(f, *NOT_REGULAR)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)    # a regular file: read as usual
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _mapped(f: Path):
    """The bytes of a file, mapped read-only rather than copied (a bytes object for an empty file, or where the file
    cannot be mapped): the checks and pyarrow's parse read them in place.  Opened by :func:`open_regular` (a FIFO put
    in its place is refused, not waited on)."""
    import mmap

    with open_regular(f) as fh:
        try:
            if os.fstat(fh.fileno()).st_size == 0:
                return b""
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):   # not a regular file, a file system without maps
            return fh.read()


def _csv(f: Path, text: str, header_row: int, sep: str, fast: bool = True, timestamps=None) -> Table:
    if not text.strip():
        raise _empty(f)
    got = _fast_table(f, text.encode("utf-8"), text, True, header_row, sep, timestamps=timestamps) if fast else None
    if got is not None:  # a GB18030 or UTF-16 export, encoded once to UTF-8 for pyarrow
        return got
    headers, header_row, _ = _find_header(text, header_row, sep)
    if not headers or not any(h.strip() for h in headers):
        long = long_csv_field(text[:2**20 * 64], sep) if len(text) > 131_072 else None
        if long is not None:   # the header (or a title above it) longer than the csv module reads: not a header
            (row, col, _h, _n), (zh, en) = long
            raise ExportError(f, zh.split(":", 1)[1], en.split(": ", 1)[1], row=row, column=str(col))
        raise ExportError(f, f"第 {header_row} 行没有表头;若表头在其他行,请在 mapping.yaml 中写 header_row",
                          f"no header on row {header_row}; if the header is on another row set `header_row` in mapping.yaml",
                          row=header_row)

    def parse(width):
        # an empty line is a row of empty cells (a spreadsheet shows it as a blank row): left out below as `,,,,` is,
        # the rows after it keeping the numbers the spreadsheet gives them
        with warnings.catch_warnings():
            # pandas only warns (and drops the cells) when the FIRST row is the longer one: an error like the others
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(io.StringIO(text), sep=sep, header=None, skiprows=header_row, dtype=str,
                               keep_default_na=False, na_values=[""], skip_blank_lines=False, engine="c",
                               names=range(width), index_col=False)

    if len(headers) > MAX_COLUMNS:
        raise _too_wide(f, header_row, len(headers))
    try:
        try:
            df = parse(len(headers))
        except pd.errors.ParserWarning:  # the first row is longer: as wide as the widest line can be
            lines = text.splitlines()
            widths = [line.count(sep) + 1 for line in lines]
            if max(widths) > MAX_COLUMNS:
                i = int(np.argmax(widths))
                raise _too_wide(f, i + 1, widths[i]) from None
            df = parse(max(widths))
        except pd.errors.ParserError as e:  # a longer row: read it whole, then see whether the extra cells hold anything
            m = re.search(r"saw (\d+)", str(e))
            if not m:
                raise
            if int(m.group(1)) > MAX_COLUMNS:
                line = re.search(r"line (\d+)", str(e))
                raise _too_wide(f, int(line.group(1)) if line else None, int(m.group(1))) from None
            df = parse(max(int(m.group(1)), len(headers)) + 32)
    except (pd.errors.ParserError, pd.errors.ParserWarning) as e:
        m = re.search(r"line (\d+)", str(e))
        q = re.search(r"inside string starting at row (\d+)", str(e))  # an unclosed quote: 0-based from the file's top
        row = int(m.group(1)) if m else int(q.group(1)) + 1 if q else None
        raise ExportError(f, "无法按 CSV 读取这一行(引号未闭合、分隔符不一致或单元格比表头多)",
                          "this row cannot be read as CSV (an unclosed quote, a different delimiter, or more cells "
                          "than the header has)", row=row, by_record=True) from None
    except (pd.errors.EmptyDataError, StopIteration):
        df = pd.DataFrame(columns=range(len(headers)), dtype=str)
    df = _check_ragged(df, headers, f, header_row + 1)
    if df.shape[1] < len(headers):
        for j in range(df.shape[1], len(headers)):
            df[j] = pd.Series(pd.NA, index=df.index, dtype="object")
    return Table(str(f), _blank_header(headers), df, header_row + 1, sep=sep)


def _cell_at(ref: str) -> tuple[int, int]:
    """``B12`` as (row 12, column 2), both counted from 1."""
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _zero_pad_styles(z) -> dict:
    """The cell styles (their index in ``cellXfs``) whose number format writes a number with leading zeros, such as
    ``000000`` (a respondent id 000123 or a 户号 typed as a number and formatted to keep its zeros), and the width
    each pads to; ``{}`` when the workbook has none or no styles part."""
    try:
        st = z.read("xl/styles.xml").decode("utf-8", "replace")
    except KeyError:
        return {}
    fmts = _number_formats(st)
    widths = {k: len(v) for k, v in fmts.items() if re.fullmatch(r"0{2,}", v)}
    if not widths:
        return {}
    return {i: widths[f] for i, f in _style_format_ids(st) if f in widths}


def _number_formats(st: str) -> dict:
    """The number formats ``styles.xml``'s text ``st`` writes out: ``{numFmtId: formatCode}``, both as written (the
    id as text, the code unescaped)."""
    from html import unescape

    return {m.group(1): unescape(m.group(2)) for m in re.finditer(
        r"<(?:\w+:)?numFmt\b[^>]*?\bnumFmtId=\"(\d+)\"[^>]*?\bformatCode=\"([^\"]*)\"", st)}


def _style_format_ids(st: str) -> list:
    """Each cell style of ``styles.xml``'s text ``st`` that names a number format: ``(its index in cellXfs, the
    numFmtId)``, both as text; ``[]`` without cellXfs."""
    xfs = re.search(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", st, re.S)
    if not xfs:
        return []
    out = []
    for i, m in enumerate(re.finditer(r"<(?:\w+:)?xf\b([^>]*)>", xfs.group(1))):
        fid = re.search(r"\bnumFmtId=\"(\d+)\"", m.group(1))
        if fid:
            out.append((str(i), fid.group(1)))
    return out


def _styled_cells(x: str, styles, types: tuple):
    """The cells of a sheet's XML of one of ``styles`` (style indexes as text) and of one of the cell ``types``
    (``t``, ``n`` where none is written): their rows, their columns (counted from 1) and their styles, or None.  One
    search in C, then column-wise string operations."""
    if not styles:
        return None
    alt = "|".join(map(re.escape, styles))
    attrs = pd.Series(re.findall(r"<c\b([^>]*?\bs=\"(?:" + alt + r")\"[^>]*)>", x), dtype=object)
    if attrs.empty:
        return None
    a = attrs.astype("string")
    t = a.str.extract(r"\bt=\"([^\"]*)\"", expand=False).fillna("n")
    ref = a.str.extract(r"\br=\"([A-Z]{1,3})(\d+)\"")
    sty = a.str.extract(r"\bs=\"(\d+)\"", expand=False)
    keep = t.isin(list(types)) & ref[0].notna() & sty.notna()
    if not keep.any():
        return None
    letters = ref.loc[keep, 0].str.pad(3, fillchar="@")   # @ is letter 0: AB as @AB
    col = sum((letters.str[k].map(ord) - 64) * 26 ** (2 - k) for k in range(3))
    return ref.loc[keep, 1].astype(int).to_numpy(), col.astype(int).to_numpy(), sty[keep]


def _zero_pad_cells(x: str, pads: dict) -> pd.DataFrame | None:
    """The number cells of a sheet's XML whose style pads with leading zeros: a frame of ``row``, ``col`` (counted
    from 1) and ``width``, or None.  Only cells of those styles are looked at (:func:`_styled_cells`), text cells
    (``t="s"``, ``inlineStr``, ``str``) left out: their text is read as written."""
    got = _styled_cells(x, pads, ("n",))
    if got is None:
        return None
    rows, cols, sty = got
    return pd.DataFrame({"row": rows, "col": cols, "width": sty.map(pads).astype(int).to_numpy()})


#: Excel's built-in number formats (never written in ``styles.xml``) that show a date alone (m/d/yyyy, d-mmm-yy,
#: and the East Asian ones: yyyy"年"m"月"d"日", m"月"d"日" ...) and those that show a time of day (h:mm, m/d/yy h:mm,
#: 上午/下午h"时"mm"分" ...).
_BUILTIN_DATE_FMTS = frozenset({14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58})
_BUILTIN_TIME_FMTS = frozenset({18, 19, 20, 21, 22, 32, 33, 34, 35, 45, 46, 47})


def format_shows(code: str) -> str | None:
    """What a cell's number format ``code`` shows of a date-time: ``"date"`` (a date alone: ``yyyy-mm-dd``,
    ``yyyy/m/d``, ``m/d/yy``, ``yyyy"年"m"月"d"日"``), ``"time"`` (hours or seconds in it: ``yyyy-mm-dd hh:mm:ss``,
    ``h:mm``, ``[h]:mm``) or None (not a date's: ``0.00``, ``@``, ``General``).  Quoted text, escaped characters
    and bracketed colours or locales (``[Red]``, ``[$-804]``, ``[DBNum1]``) say nothing and are dropped first.

    Examples
    --------
    >>> [format_shows(c) for c in ("yyyy-mm-dd", "yyyy/m/d", "m/d/yy", 'yyyy"年"m"月"d"日"', "[$-804]yyyy-mm-dd")]
    ['date', 'date', 'date', 'date', 'date']
    >>> [format_shows(c) for c in ("yyyy-mm-dd hh:mm:ss", "yyyy/m/d h:mm", "[h]:mm", "mm:ss", "0.00E+00", "@")]
    ['time', 'time', 'time', 'time', None, None]
    """
    s = re.sub(r'"[^"]*"|\\.|_.|\*.', "", code)
    s = re.sub(r"\[(?![hHmMsS]+\])[^\]]*\]", "", s).split(";")[0].lower()
    if re.search(r"[hs]", s):
        return "time"
    return "date" if re.search(r"[yd]", s) else None


def _date_styles(st: str) -> dict:
    """The cell styles (their index in ``cellXfs`` of ``styles.xml``'s text ``st``) whose number format shows a
    date-time: ``{"3": True, "5": False}``, True where it shows the date alone (:func:`format_shows`), False where it
    shows a time of day.  Each distinct format is judged once."""
    fmts = {int(i): code for i, code in _number_formats(st).items()}
    kind = {i: format_shows(code) for i, code in fmts.items()}
    kind.update({i: "date" for i in _BUILTIN_DATE_FMTS if i not in fmts})
    kind.update({i: "time" for i in _BUILTIN_TIME_FMTS if i not in fmts})
    out = {}
    for i, fid in _style_format_ids(st):
        k = kind.get(int(fid))
        if k is not None:
            out[i] = k == "date"
    return out


def _columns_of(letters) -> np.ndarray:
    """Column letters (``A``, ``AB``, ``XFD``) as numbers counted from 1, vectorised over their UCS-4 codes.

    >>> _columns_of(["A", "Z", "AA", "AB", "XFD"]).tolist()
    [1, 26, 27, 28, 16384]
    """
    codes = np.asarray(letters, dtype="<U3").view(np.uint32).reshape(-1, 3).astype(np.int64)
    col = np.zeros(len(codes), dtype=np.int64)
    for k in range(3):
        c = codes[:, k]
        col = np.where(c > 0, col * 26 + c - 64, col)
    return col


#: At most this many cells of a sheet formatted with a time are looked at to say which columns are formatted so (a
#: column's cells share their format; the first rows say it): a sheet of 400,000 time cells is not walked for that.
#: A column the sample misses is never misjudged for it: only a column of midnights alone needs its format, and such
#: a column not in the sample is looked up in the sheet's XML (:func:`_late_time_columns`, tidy45).
_TIME_CELLS_SAMPLED = 512


def _time_cell_in(x: str, letters: str, styles: list) -> bool:
    """Whether the sheet's XML ``x`` holds a filled number cell (no ``t``, ``t="n"`` or ``t="d"``; not an empty
    ``<c …/>``) of column ``letters`` in one of the ``styles``: a search from the column's literal (in C), cells whose
    attributes come in another order than ``r``, ``s``, ``t`` by a second search only where the sheet has such cells.

    Examples
    --------
    >>> x = '<c r="A2" s="4"><v>1</v></c><c r="B2" s="4"/><c r="C2" s="4" t="s"><v>0</v></c><c t="n" s="4" r="D9"><v>2</v></c>'
    >>> [_time_cell_in(x, c, ["4"]) for c in "ABCD"]
    [True, False, False, True]
    """
    alt = "|".join(map(re.escape, styles))
    if re.search(r'<c r="' + letters + r'\d+" s="(?:' + alt + r')"(?![^>]*?\bt="(?![nd]")[^"]*")[^>]*(?<!/)>', x):
        return True
    if not re.search(r"<c (?!r=)", x):     # every cell written r, s, t (Excel, WPS, openpyxl): none other to look at
        return False
    return re.search(r'<c (?!r=)(?=[^>]*?\br="' + letters + r'\d+")(?=[^>]*?\bs="(?:' + alt + r')")'
                     r'(?![^>]*?\bt="(?![nd]")[^"]*")[^>]*(?<!/)>', x) is not None


def _late_time_columns(fh, fact: dict, body: pd.DataFrame, judged: set) -> set:
    """The columns (0-based) of ``body`` the sample of time cells (:data:`_TIME_CELLS_SAMPLED`) did not reach whose
    cells are formatted with their time, among those whose values need it (every filled cell a midnight: read as
    dates otherwise, :func:`_dates_as_shown`).  The sheet's XML is read again from the workbook ``fh`` only when there
    is such a column and the sheet uses a time style; else nothing is done."""
    styles = fact.get("time_styles")
    if not styles or not fact.get("xml"):
        return set()
    want = [i for i in range(body.shape[1]) if i not in judged and _midnights_only(body.iloc[:, i])]
    if not want:
        return set()
    import zipfile

    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as z:
            x = z.read(fact["xml"]).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return set()
    finally:
        fh.seek(0)
    return {i for i in want if _time_cell_in(x, col_letter(i), styles)}


def _date_cells(x: str, styles: dict) -> pd.DataFrame | None:
    """The number (or ISO date, ``t="d"``) cells of a sheet's XML whose style shows a date alone: a frame of ``row``,
    ``col`` (counted from 1) and ``alone`` True; with them, ``alone`` False, the first :data:`_TIME_CELLS_SAMPLED`
    cells whose style shows a time of day (which columns are formatted with their time).  None when there are none.

    Cheap first: a style's ``s="3"`` not in the sheet's text (one search in C) costs nothing more.  The cells are
    found by one regex pass in the attribute order Excel, WPS and openpyxl write (``r``, ``s``, ``t``), a cell of
    another order by a second pass that skips those; rows and columns are then made column-wise (numpy).

    Examples
    --------
    >>> x = ('<row r="2"><c r="B2" s="3"><v>45662</v></c><c r="C2" s="4"><v>45662.5</v></c>'
    ...      '<c r="D2" s="3" t="s"><v>0</v></c><c t="n" s="3" r="AA2"><v>45663</v></c></row>')
    >>> _date_cells(x, {"3": True, "4": False}).values.tolist()
    [[2, 2, True], [2, 27, True], [2, 3, False]]
    """
    alone = [k for k, v in styles.items() if v and f's="{k}"' in x]
    timed = [k for k, v in styles.items() if not v and f's="{k}"' in x]
    if not alone and not timed:
        return None
    frames = []
    if alone:
        alt = "|".join(map(re.escape, alone))
        got = re.findall(r'<c r="([A-Z]{1,3})(\d+)" s="(?:' + alt + r')"(?: t="(\w+)")?', x)
        # a cell whose attributes come in another order (t, s, r): found by a second pass that skips the usual ones
        for a_ in re.findall(r'<c (?!r="[A-Z]{1,3}\d+" s=")([^>]*?\bs="(?:' + alt + r')"[^>]*)>', x):
            r = re.search(r"\br=\"([A-Z]{1,3})(\d+)\"", a_)
            t = re.search(r"\bt=\"([^\"]*)\"", a_)
            if r:
                got.append((r.group(1), r.group(2), t.group(1) if t else ""))
        if got:
            arr = np.array(got, dtype=object)
            keep = np.isin(arr[:, 2], ["", "n", "d"])
            if keep.any():
                frames.append(pd.DataFrame({"row": arr[keep, 1].astype(np.int64), "col": _columns_of(arr[keep, 0]),
                                            "alone": True}))
    if timed:
        import itertools

        alt = "|".join(map(re.escape, timed))
        refs = [re.search(r"\br=\"([A-Z]{1,3})(\d+)\"", m.group(1)) for m in itertools.islice(
            re.finditer(r"<c\b([^>]*?\bs=\"(?:" + alt + r")\"[^>]*)>", x), _TIME_CELLS_SAMPLED)]
        refs = [r for r in refs if r]
        if refs:
            frames.append(pd.DataFrame({"row": np.array([int(r.group(2)) for r in refs], dtype=np.int64),
                                        "col": _columns_of([r.group(1) for r in refs]), "alone": False}))
    return pd.concat(frames, ignore_index=True) if frames else None

def zero_padded(body: pd.DataFrame, cells: pd.DataFrame | None) -> pd.DataFrame:
    """``body`` (indexed by the sheet's 0-based row, columns by 0-based position) with each number cell whose format
    pads with leading zeros read as the sheet shows it: 123 formatted ``000000`` is ``000123``, as an id is text
    ("0012" stays "0012").  A value that is not a whole number is left as read.  One string operation per column
    and width.

    Examples
    --------
    >>> b = pd.DataFrame({0: ["1", "23", "x"], 1: ["PW01", "PW01", "PW01"]}, index=[1, 2, 3])
    >>> cells = pd.DataFrame({"row": [2, 3, 4], "col": 1, "width": 6})
    >>> zero_padded(b, cells)[0].tolist()
    ['000001', '000023', 'x']
    """
    if cells is None or not len(cells) or body.empty:
        return body
    c = cells
    c = c[(c["col"] - 1 < body.shape[1]) & (c["row"] - 1).isin(body.index)]
    if c.empty:
        return body
    body = body.copy()
    for (col, width), g in c.groupby(["col", "width"]):
        j = body.columns[col - 1]
        idx = pd.Index(g["row"].to_numpy() - 1)
        v = body.loc[idx, j].astype("string").str.replace(r"\.0+$", "", regex=True)
        whole = v.str.fullmatch(r"\d+").fillna(False).astype(bool)
        if whole.any():
            body.loc[idx[whole.to_numpy()], j] = v[whole].str.zfill(int(width)).astype(object).to_numpy()
    return body


def _long_number_cells(x: str) -> list:
    """The number cells of a sheet's XML (no ``t``, or ``t="n"``) whose value is 10**15 or more: ``(row, col, value as
    Excel shows it)``, counted from 1.  Excel keeps 15 significant digits, so a longer number (an 18-digit 户号 or
    ID typed as a number) has lost its last digits in the workbook itself; pandas writes it out in full
    (123456789012344992), an id that never was.  Shown as Excel shows it (1.23456789012345E+17), an id column
    refuses it as it refuses the same id saved to CSV (validate's scientific-notation ids; export42).  A whole number
    written with a digit other than 0 past the 15th significant one was not cut by Excel (a system wrote it whole,
    ``<v>2025010512345678</v>``, and it is read as that integer): left as written (review42).

    Examples
    --------
    >>> _long_number_cells('<c r="B3" s="1"><v>1.23456789012345E+17</v></c><c r="C3" t="s"><v>12</v></c>'
    ...                    '<c r="D3"><v>12345</v></c><c r="E3"><v>2025010512345678</v></c>')
    [(3, 2, '1.23456789012345E+17')]
    """
    out = []
    for m in re.finditer(r"<c\b([^>]*)>\s*(?:<f\b[^>]*(?:/>|>[^<]*</f>)\s*)?<v>(-?\d+(?:\.\d+)?(?:[Ee][+-]?\d+)?)</v>", x):
        t = re.search(r"\bt=\"([^\"]*)\"", m.group(1))
        ref = re.search(r"\br=\"([A-Z]{1,3}\d+)\"", m.group(1))
        if (t and t.group(1) != "n") or not ref:
            continue
        digits = m.group(2).lstrip("-").lstrip("0")
        if digits.isdigit() and digits[15:].strip("0"):   # whole, and a digit past Excel's 15 kept: written whole
            continue
        v = float(m.group(2))
        if abs(v) >= 1e15:
            row, col = _cell_at(ref.group(1))
            out.append((row, col, format(v, ".14E").replace("E+0", "E+")))
    return out


def _workbook_facts(f: Path) -> tuple[bool, dict]:
    """What the cells pandas reads do not say, from an XLSX's own XML: whether it counts dates from 1904 (Excel for
    Mac's date system), and per sheet name its formulas without a cached value, its hidden rows and columns, whether
    a filter is set, its merged ranges ``(first row, first column, last row, last column)``, and ``state``:
    ``"hidden"`` or ``"veryHidden"`` for a sheet hidden, else None.

    One pass over each sheet's XML in C (a search for the few tags that matter); a workbook that cannot be looked
    into so gives nothing (it is read, or refused, as before).

    Examples
    --------
    >>> import openpyxl, tempfile
    >>> f = Path(tempfile.mkdtemp()) / "w.xlsx"
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "3月"
    >>> ws.append(["工单", "时间"]); ws.merge_cells("A1:A2"); ws["B3"] = "=A3"; ws.row_dimensions[3].hidden = True
    >>> wb.save(f)
    >>> date1904, facts = _workbook_facts(f)
    >>> date1904, facts["3月"]["formulas"], facts["3月"]["hidden_rows"], facts["3月"]["merges"], facts["3月"]["state"]
    (False, ['B3'], [3], [(1, 1, 2, 1)], None)
    """
    import zipfile
    from html import unescape
    from posixpath import join, normpath

    try:
        with zipfile.ZipFile(f) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            date1904 = bool(re.search(r"<(?:\w+:)?workbookPr\b[^>]*\bdate1904=\"(?:1|true)\"", book))
            target = {m.group(1): m.group(2) for m in re.finditer(
                r"<Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"", rels)}
            target.update({m.group(2): m.group(1) for m in re.finditer(
                r"<Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\"", rels)})
            facts = {}
            links = _external_books(z, book, target)
            pads = _zero_pad_styles(z)   # the cell styles that show a number with leading zeros (000123)
            try:   # the cell styles whose format shows a date alone, or a time of day
                dstyles = _date_styles(z.read("xl/styles.xml").decode("utf-8", "replace"))
            except KeyError:
                dstyles = {}
            for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", book):
                name = re.search(r"\bname=\"([^\"]*)\"", m.group(1))
                rid = re.search(r"\br:id=\"([^\"]*)\"", m.group(1)) or re.search(r"\bid=\"([^\"]*)\"", m.group(1))
                if not name or not rid or rid.group(1) not in target:
                    continue
                t = target[rid.group(1)]
                path = t.lstrip("/") if t.startswith("/") else normpath(join("xl", t))
                try:
                    x = z.read(path).decode("utf-8", "replace")
                except KeyError:
                    continue
                state = re.search(r"\bstate=\"([^\"]*)\"", m.group(1))   # hidden, veryHidden (by a macro)
                got = {"formulas": [], "hidden_rows": [], "hidden_cols": [], "filtered": "<autoFilter" in x,
                       "merges": [], "errors": [], "zero_pad": _zero_pad_cells(x, pads),
                       "date_cells": _date_cells(x, dstyles),
                       # the time styles its cells use and where its XML is: a column the sample of time cells did
                       # not reach is looked up there, only if its values need it (_late_time_columns)
                       "time_styles": [k for k, v in dstyles.items() if not v and f's="{k}"' in x], "xml": path,
                       "state": state.group(1) if state and state.group(1) != "visible" else None}
                if 't="e"' in x:   # a cell holding a spreadsheet error (#N/A, #REF!, #VALUE!): pandas reads it blank
                    for c in re.finditer(r"<c\b([^>]*?\bt=\"e\"[^>]*?)>(.*?)</c>", x, re.S):
                        ref = re.search(r"\br=\"([A-Z]+\d+)\"", c.group(1))
                        v = re.search(r"<v>([^<]*)</v>", c.group(2))
                        if ref:
                            got["errors"].append((ref.group(1), unescape(v.group(1)) if v else "#N/A"))
                if dstyles and re.search(r"<v>-?(?:\d{6,}|[\d.]+[Ee])", x):
                    got["errors"] += _dates_past_excel(x, dstyles, date1904)
                if "[" in x and "<f" in x:   # a formula reading another workbook ('[1]Sheet1'!A1): its value is
                    # that file's, as last saved (stale, or nobody's delivery), whatever this cell caches
                    for c in re.finditer(r"<c\b([^>]*?)>(?:(?!</c>).)*?<f\b[^>]*>([^<]*\[\d+\][^<]*)</f>", x, re.S):
                        ref = re.search(r"\br=\"([A-Z]+\d+)\"", c.group(1))
                        book_no = re.search(r"\[(\d+)\]", c.group(2))
                        if ref and book_no:
                            got.setdefault("linked", []).append((ref.group(1), links.get(book_no.group(1), "")))
                if "<f" in x:   # a formula whose cell holds no value: the workbook was never calculated and saved
                    for c in re.finditer(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", x, re.S):
                        body = c.group(2) or ""
                        # (a formula giving "" keeps an empty value of type str: a value, blank)
                        if ("<f" in body and not re.search(r"<v>[^<]", body)
                                and not (re.search(r"\bt=\"str\"", c.group(1)) and "<v" in body)):
                            ref = re.search(r"\br=\"([A-Z]+\d+)\"", c.group(1))
                            if ref:
                                got["formulas"].append(ref.group(1))
                if "E+" in x or "e+" in x or re.search(r"<v>-?\d{16}", x):   # a number past Excel's 15 digits (a long id typed
                    got["long_numbers"] = _long_number_cells(x)      # as a number): its last digits are gone
                if "hidden=" in x:
                    got["hidden_rows"] = [int(r) for r in re.findall(
                        r"<row\b[^>]*?\br=\"(\d+)\"[^>]*?\bhidden=\"(?:1|true)\"", x)]
                    for c in re.finditer(r"<col\b([^>]*)>", x):
                        if re.search(r"\bhidden=\"(?:1|true)\"", c.group(1)):
                            lo = re.search(r"\bmin=\"(\d+)\"", c.group(1))
                            hi = re.search(r"\bmax=\"(\d+)\"", c.group(1))
                            if lo and hi:
                                got["hidden_cols"] += list(range(int(lo.group(1)), min(int(hi.group(1)), 16384) + 1))
                for ref in re.findall(r"<mergeCell\b[^>]*\bref=\"([A-Z]+\d+):([A-Z]+\d+)\"", x):
                    got["merges"].append((*_cell_at(ref[0]), *_cell_at(ref[1])))
                facts[unescape(name.group(1))] = got
            return date1904, facts
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False, {}


def _dates_past_excel(x: str, dstyles: dict, date1904: bool) -> list:
    """The number cells of a sheet's XML ``x`` whose style shows a date or time (``dstyles``) and whose value is no
    date Excel can show (past 9999-12-31, or before year 1 of the calendar: ``9999999999`` typed into a date column,
    an amount pasted over a date): ``(cell, value as written)``.  The workbook reader makes each an error and pandas
    reads it blank, so a date the export gave would be read as none; they are refused as the cells holding a
    spreadsheet error are (:func:`_error_refused`, the value shown).  Judged as the reader judges them (its
    ``from_excel``, in the workbook's date system).

    Examples
    --------
    >>> x = '<c r="D5" s="1"><v>9999999999</v></c><c r="D6" s="1"><v>45719.5</v></c><c r="E5" s="2"><v>9999999999</v></c>'
    >>> _dates_past_excel(x, {"1": False}, False)
    [('D5', '9999999999')]
    """
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    out = []
    used = [k for k in dstyles if f's="{k}"' in x]
    if not used:
        return out
    # only the cells of a date style, picked by the pass itself (review46: every long number of the sheet, a phone or
    # an id column's 500,000 cells, was looked at in Python: 1.6 s)
    alt = "|".join(map(re.escape, used))
    for c in re.finditer(r"<c\b(?=[^>]*\bs=\"(?:" + alt + r")\")([^>]*)>(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?"
                         r"<v>(-?(?:\d{6,}|[\d.]+[Ee])[^<]*)</v>", x):
        attrs = c.group(1)
        st = re.search(r"\bs=\"(\d+)\"", attrs)
        ref = re.search(r"\br=\"([A-Z]{1,3}\d+)\"", attrs)
        if not st or not ref or st.group(1) not in dstyles or re.search(r"\bt=\"(?![nd]\")", attrs):
            continue
        try:
            from_excel(float(c.group(2)), epoch)
        except (OverflowError, ValueError):
            out.append((ref.group(1), c.group(2)))
    return out


def _external_books(z, book: str, target: dict) -> dict:
    """``{"1": "secret.xlsx", …}``: the file each external reference of a workbook names (``[1]`` in a formula is
    the first ``<externalReference>``), by its name alone (its folders can carry a person's name); ``""`` when the
    workbook does not say."""
    from html import unescape
    from posixpath import basename, join, normpath

    got = {}
    for k, m in enumerate(re.finditer(r"<(?:\w+:)?externalReference\b[^>]*?\bid=\"([^\"]+)\"", book), start=1):
        part = target.get(m.group(1), "")
        path = part.lstrip("/") if part.startswith("/") else normpath(join("xl", part))
        rels = join(path.rsplit("/", 1)[0], "_rels", basename(path) + ".rels") if "/" in path else ""
        try:
            text = z.read(rels).decode("utf-8", "replace")
        except (KeyError, ValueError):
            got[str(k)] = ""
            continue
        t = re.search(r"\bTarget=\"([^\"]*)\"", text)
        got[str(k)] = re.split(r"[/\\]", unescape(t.group(1)))[-1] if t else ""
    return got


def _linked_refused(t: Table, cols, rows, header: bool = False) -> ExportError | None:
    """The refusal of a formula taking its value from another workbook (``='[1]Sheet1'!A1``, an external link)
    where a record reads it, or None: the value is that workbook's as it was last saved, which nobody delivered and
    which may have changed since; the cell's cached value is not this file's data.

    Examples
    --------
    >>> t = Table("w.xlsx[s]", ["工单号"], pd.DataFrame([["GD1"]]), 2, linked=[("A2", "台账.xlsx")])
    >>> e = _linked_refused(t, [0], [2]); e.row, e.column, "台账.xlsx" in str(e)
    (2, 'A', True)
    """
    if not t.linked:
        return None
    where = dict(t.linked)
    got = _cells_hit(t, list(where), cols, rows, header)
    if got is None:
        return None
    book = where.get(got[2]) or "?"
    return _cell_refused(t, got, f"的公式取自另一个工作簿({book}),不是本文件中的数据(外部链接的值停留在那个文件上次保存时)",
                         f"holds a formula taking its value from another workbook ({book}), not data of this file (an "
                         "external link's value is that file's as last saved)", ("公式", "formulas"),
                         "请把这些列复制后“选择性粘贴为数值”,或在 Excel“数据 → 编辑链接 → 断开链接”后保存,再重新导出",
                         "paste the columns as values, or break the links (Excel: Data → Edit Links → Break Link) and "
                         "save, then export again")


def _cell_refused(t: Table, got: tuple, zh: str, en: str, such: tuple[str, str], fix_zh: str, fix_en: str,
                  value: str | None = None) -> ExportError:
    """The refusal of a workbook cell a record reads (``got``: :func:`_cells_hit`'s row, column, cell and how many
    more), in the same words whatever is wrong with it (an external link, a spreadsheet error, a date no spreadsheet
    shows): the cell and its column's header, what it holds (``zh``/``en``), how many more such (``such``: what they
    are called), and the fix; the row, column letter and ``value`` as the error's fields.

    Examples
    --------
    >>> t = Table("w.xlsx[s]", ["工单号"], pd.DataFrame([["GD1"]]), 2)
    >>> e = _cell_refused(t, (2, 1, "A2", 1), "是坏的", "is bad", ("单元格", "cells"), "请改正", "correct it")
    >>> e.zh, e.en, e.column
    ('单元格 A2(列“工单号”)是坏的;另有 1 个这样的单元格。请改正', 'cell A2 (column 工单号) is bad; 1 more such cells: correct it', 'A')
    """
    r, c, ref, more = got
    head = t.headers[c - 1].strip() if c - 1 < len(t.headers) else ""
    return ExportError(t.label, f"单元格 {ref}" + (f"(列“{head}”)" if head else "") + zh
                       + (f";另有 {more} 个这样的{such[0]}" if more else "") + "。" + fix_zh,
                       f"cell {ref}" + (f" (column {head})" if head else "") + " " + en
                       + (f"; {more} more such {such[1]}" if more else "") + ": " + fix_en,
                       row=r, column=col_letter(c - 1), **({"value": value} if value is not None else {}))


def _fill_merged_down(body: pd.DataFrame, merges: list, headers: list) -> tuple[pd.DataFrame, list]:
    """``body`` with each range merged down one column over records (a window or an order type written once beside
    the rows it stands for, as report-style exports merge it) read into every row of the range, as the sheet shows
    it; and those ranges named (``B2:B4 窗口``).  pandas reads only the range's first cell and the others blank, so
    the rows were refused as missing a required value.  Ranges across columns are left as they are.

    Examples
    --------
    >>> b = pd.DataFrame({0: ["GD1", "GD2", "GD3"], 1: ["PW01", None, None]}, index=[1, 2, 3])
    >>> got, named = _fill_merged_down(b, [(2, 2, 4, 2), (1, 1, 1, 2)], ["工单号", "窗口"])
    >>> got[1].tolist(), named
    (['PW01', 'PW01', 'PW01'], ['B2:B4 窗口'])
    """
    if not merges or not len(body):
        return body, []
    m = np.asarray(merges, dtype=np.int64).reshape(-1, 4)
    idx = body.index.to_numpy()
    order = None if body.index.is_monotonic_increasing else np.argsort(idx, kind="stable")
    sidx = idx if order is None else idx[order]
    r1, c, r2 = m[:, 0], m[:, 1], m[:, 2]
    keep = (c == m[:, 3]) & (r2 > r1) & (c - 1 < body.shape[1]) & (c >= 1)
    p1 = np.searchsorted(sidx, r1 - 1, "left")
    keep &= (p1 < len(sidx)) & (sidx[np.minimum(p1, len(sidx) - 1)] == r1 - 1)   # the range's first cell is a record's
    if not keep.any():
        return body, []
    r1, c, r2, p1 = r1[keep], c[keep], r2[keep], p1[keep]
    p2 = np.searchsorted(sidx, r2 - 1, "right")            # the records' positions p1 .. p2 - 1 of each range
    # every (position, column) a range covers, with its range's number: one array for all ranges
    lens = p2 - p1
    rid = np.repeat(np.arange(len(p1)), lens)
    pos = np.repeat(p1, lens) + (np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens))
    col = c[rid] - 1
    pos = pos if order is None else order[pos]                 # positions in body's own order
    body = body.copy()
    filled = np.zeros(len(p1), dtype=bool)
    for j in np.unique(col):                                   # per column of the sheet, not per range
        at = col == j
        vals = body.iloc[:, j].to_numpy(dtype=object, copy=True)
        first = p1 if order is None else order[p1]
        blank = pd.isna(vals[pos[at]])
        vals[pos[at][blank]] = vals[first[rid[at][blank]]]
        filled[rid[at][blank]] = True
        new = pd.Series(vals, index=body.index, dtype=object)
        body[body.columns[j]] = new if body.iloc[:, j].dtype == object else new.infer_objects()
    if not filled.any():
        return body, []
    r1, c, r2 = r1[filled], c[filled], r2[filled]
    letters = pd.Series(c - 1).map({j: col_letter(int(j)) for j in np.unique(c - 1)})
    heads = pd.Series(c - 1).map({j: (headers[j].strip() if j < len(headers) and headers[j] else "")
                                  for j in np.unique(c - 1)})
    named = (letters + pd.Series(r1).astype(str) + ":" + letters + pd.Series(r2).astype(str)
             + heads.where(heads.eq(""), " " + heads)).tolist()
    return body, named


def _merged_header(raw: pd.DataFrame, first, merges: list) -> list | None:
    """A sheet's header as its merged cells give it: None when no merged range starts on the header's row (the
    rows are then judged by :func:`_second_header_row`); ``[]`` when merges there say the header is one row; else
    the names of a header over two rows, from the ranges themselves.

    A range across columns on the header's row (工单信息 over 工单编号 and 供电单位) is a group: its columns are named by
    the row below; a range down over both rows (序号, 备注) names its column by itself; a cell of the header's row
    in neither is a one-row header's (``[]``), unless a group is there.  Ranges across with none down are a group
    only when the row below holds names (:func:`_second_header_row`): over a record (备注 merged over a blank
    column beside it) the header is one row and the record is read.  ``first``: the header's row in ``raw``
    (0-based sheet rows).

    Examples
    --------
    >>> raw = pd.DataFrame([["序号", "工单信息", None, "备注"], [None, "工单编号", "供电单位", None], ["1", "GD1", "城东", ""]])
    >>> _merged_header(raw, 0, [(1, 1, 2, 1), (1, 2, 1, 3), (1, 4, 2, 4)])
    ['序号', '工单编号', '供电单位', '备注']
    >>> _merged_header(raw, 0, []) is None, _merged_header(raw, 0, [(1, 1, 1, 4)])
    (True, [])
    >>> _merged_header(raw.loc[[0, 2]].reset_index(drop=True), 0, [(1, 3, 1, 4)])   # 备注 merged over C1:D1
    []
    """
    row = int(first) + 1   # the header's row as the sheet numbers it
    here = [m for m in merges if m[0] == row]
    if not here or int(first) + 1 not in raw.index:
        return None
    across = [m for m in here if m[3] > m[1] and m[2] == row]
    down = [m for m in here if m[2] == row + 1]
    width = raw.shape[1]
    if any(m[1] == 1 and m[3] >= width for m in across):   # a title merged over the whole width: not a header
        return []
    if not across and not down:
        return []
    top = _blank_header(raw.loc[first].tolist())
    below = _blank_header(raw.loc[int(first) + 1].tolist())
    if not down and _second_header_row(top, below) is None:
        # ranges across only, over a row that is no header's (a record: ids, dates): a cell merged over a blank
        # neighbour (备注 over F1:G1) is one column's header, and the next row the first record
        return []
    group = {}
    for m in across:
        for c in range(m[1], m[3] + 1):
            group[c] = top[m[1] - 1].strip()
    names = []
    for j in range(1, width + 1):
        name = below[j - 1].strip() if j in group else top[j - 1].strip() or below[j - 1].strip()
        names.append(name)
    seen: dict = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    return [group[j] + HEADER_JOIN + n if j in group and n and seen[n] > 1 and group[j] != n else n
            for j, n in enumerate(names, start=1)]


def _excel(f: Path, header_row: int, engine: str | None) -> list[Table]:
    # one open file for every look at the workbook (:func:`open_regular`: a FIFO put in its place is refused)
    with open_regular(f) as fh:
        return _excel_of(f, fh, header_row, engine)


_MIDNIGHT_RE = r"\d{4}-\d{2}-\d{2} 00:00:00"


def _midnights_only(col: pd.Series) -> bool:
    """Whether every filled cell (two or more) of a sheet's column read as text is ``YYYY-MM-DD 00:00:00``."""
    filled = col.dropna()
    if len(filled) < 2 or not isinstance(filled.iloc[0], str) or not filled.iloc[0].endswith(" 00:00:00"):
        return False
    return bool(filled.astype(str).str.fullmatch(_MIDNIGHT_RE).all())


def _dates_as_shown(body: pd.DataFrame, skip=()) -> pd.DataFrame:
    """``body`` (a sheet's cells as text) with each column whose every filled cell (two or more) reads
    ``YYYY-MM-DD 00:00:00`` written as the dates the cells show: the workbook reader writes a date cell (formatted
    yyyy/m/d, no time) as its midnight, so a 办结时间 column holding dates alone was read as 00:00 and every limit in
    minutes met, in silence (review42; the CSV of the same cells was refused since export42).  A column of dates
    alone is then judged as written (:func:`windoweval.records.validate`: refused where a time of day is needed,
    read as the day where a date is); a midnight among times is kept.

    Examples
    --------
    >>> b = pd.DataFrame({0: ["2025-01-05 00:00:00", "2025-01-06 00:00:00"], 1: ["2025-01-05 09:00:00", "2025-01-06 00:00:00"]})
    >>> _dates_as_shown(b).values.tolist()
    [['2025-01-05', '2025-01-05 09:00:00'], ['2025-01-06', '2025-01-06 00:00:00']]
    """
    out = None
    for i in range(body.shape[1]):
        if i in skip:   # its cells' number formats said which are dates alone (dates_as_formatted)
            continue
        col = body.iloc[:, i]
        if not _midnights_only(col):
            continue
        if out is None:
            out = body.copy()
        out.isetitem(i, col.where(col.isna(), col.astype(str).str.slice(0, 10)))
    return body if out is None else out


def dates_as_formatted(body: pd.DataFrame, cells: pd.DataFrame | None) -> tuple[pd.DataFrame, set]:
    """``body`` (indexed by the sheet's 0-based row, columns by 0-based position) with each cell whose number
    format shows a date alone (``yyyy-mm-dd``, ``yyyy/m/d``, ``m/d/yy``) and whose value is a whole day written as
    that date (``2025-01-05``, no ``00:00:00``), as the cell shows it and the CSV of it writes it: the records'
    reader then marks it a date alone (or refuses a column of them where a time of day is needed).  A cell formatted
    with its time (``yyyy-mm-dd hh:mm``) keeps its midnight: 00:00 was written.  A date-formatted cell whose value
    has a time in it keeps that time (it is in the data, not guessed).  Also the set of the column positions whose
    cells' formats were read (``cells``, from :func:`_date_cells`): one string operation per column.

    Examples
    --------
    >>> b = pd.DataFrame({0: ["2025-01-05 00:00:00", "2025-01-05 09:00:00", "2025-01-06 00:00:00"]}, index=[1, 2, 3])
    >>> cells = pd.DataFrame({"row": [2, 3, 4], "col": 1, "alone": [True, False, False]})
    >>> got, judged = dates_as_formatted(b, cells)
    >>> got[0].tolist(), judged
    (['2025-01-05', '2025-01-05 09:00:00', '2025-01-06 00:00:00'], {0})
    """
    if cells is None or not len(cells) or body.empty:
        return body, set()
    c = cells[(cells["col"] - 1 < body.shape[1]) & (cells["row"] - 1).isin(body.index)]
    judged = set((c["col"] - 1).unique().tolist())
    c = c[c["alone"].to_numpy(dtype=bool)]
    if c.empty:
        return body, judged
    body = body.copy()
    for col, g in c.groupby("col"):
        j = body.columns[col - 1]
        idx = pd.Index(g["row"].to_numpy() - 1)
        v = body.loc[idx, j].astype("string")
        day = v.str.fullmatch(_MIDNIGHT_RE).fillna(False).to_numpy(dtype=bool)
        if day.any():
            body.loc[idx[day], j] = v[day].str.slice(0, 10).astype(object).to_numpy()
    return body, judged


def _excel_of(f: Path, fh, header_row: int, engine: str | None) -> list[Table]:
    """:func:`_excel` of the workbook ``f`` opened as ``fh``."""
    if engine == "openpyxl":   # from the zip directory, before anything is inflated (a zip bomb took minutes)
        from ..safepath import archive_problem
        problem = archive_problem(fh)
        fh.seek(0)
        if problem:
            raise ExportError(f, *problem)
    try:
        # cells as written, as the CSV reader reads them: NA, N/A, None or null are the export's words (a code, or a
        # placeholder records check counts), never blanked by the reader behind the contract's back
        with warnings.catch_warnings():   # the reader's own words (its file path, a cell's value) never on the
            warnings.simplefilter("ignore", UserWarning)   # console: what matters is judged here (_dates_past_excel)
            sheets = pd.read_excel(fh, sheet_name=None, header=None, dtype=str, engine=engine, keep_default_na=False,
                                   na_values=[""])
    except ImportError:
        raise
    except Exception as e:  # noqa: BLE001 - any failure of the workbook reader is a broken file
        kind = "XLS" if engine == "xlrd" else "XLSX"
        raise ExportError(f, f"无法读取 {kind} 工作簿(文件损坏、被截断,或并非 {kind}):{type(e).__name__};"
                             f"请在表格软件中打开并另存为 .xlsx 或 CSV(UTF-8)后重试",
                          f"the {kind} workbook cannot be read (corrupt, truncated or not {kind}: {type(e).__name__}); "
                          f"open it in a spreadsheet program and save it again as .xlsx or CSV (UTF-8)") from None
    fh.seek(0)
    date1904, facts = _workbook_facts(fh) if engine == "openpyxl" else (False, {})
    out = []
    for name, raw in sheets.items():
        label = f"{f}[{name}]"
        fact = facts.get(str(name), {})
        filled = raw.notna().any(axis=1).to_numpy() if len(raw) else np.zeros(0, dtype=bool)
        raw = raw[filled] if len(raw) else raw
        hdr_idx = raw.index[raw.index >= header_row - 1]
        if raw.empty or not len(hdr_idx):
            out.append(Table(label, [], pd.DataFrame(), header_row + 1, sheet=str(name), sheet_state=fact.get("state")))
            continue
        # rows keep their spreadsheet numbers: the index is the 0-based row of the sheet
        first = hdr_idx[0]
        if header_row == 1:  # a title or preamble above the headers (_header_at)
            first = hdr_idx[_header_at([_filled(raw.loc[i].tolist()) for i in hdr_idx[:11]])]
        headers = _blank_header(raw.loc[first].tolist())
        top_row = first
        later = hdr_idx[hdr_idx > first]
        merged = _merged_header(raw, first, fact.get("merges") or []) if header_row == 1 else None
        if merged is not None:   # the workbook's merged cells say whether the header spans two rows
            if merged:
                headers, first = merged, first + 1
        elif header_row == 1 and len(later) and later[0] == first + 1:   # a header over two rows (merged cells)
            two = _second_header_row(raw.loc[first].tolist(), raw.loc[later[0]].tolist())
            if two is not None:
                headers, first = two, later[0]
        body = raw.loc[raw.index > first]
        body.columns = range(body.shape[1])
        body = zero_padded(body, fact.get("zero_pad"))   # 123 formatted 000000 is 000123, as Excel shows it
        for r_, c_, shown in fact.get("long_numbers") or ():   # past 15 digits: as Excel shows it, never in full
            if r_ - 1 in body.index and c_ - 1 < body.shape[1]:
                body.loc[r_ - 1, body.columns[c_ - 1]] = shown
        # a date-formatted cell: its date as the cell shows it, no 00:00:00; a cell formatted with its time keeps
        # its midnight (dates44); a column no format speaks for (no styles read): all midnights are dates
        body, judged = dates_as_formatted(body, fact.get("date_cells"))
        judged |= _late_time_columns(fh, fact, body, judged)   # formatted with its time, after the sample (tidy45)
        body = _dates_as_shown(body, skip=judged)
        body, merged_down = _fill_merged_down(body, fact.get("merges") or [], headers)
        # the blank rows between the header and the last record: rows of the sheet read as nothing, counted
        blank = int(body.index[-1] - first - len(body)) if len(body) else 0
        hidden = np.isin(body.index.to_numpy() + 1, fact.get("hidden_rows") or []).sum() if len(body) else 0
        hcols = [headers[c - 1] or col_letter(c - 1) for c in fact.get("hidden_cols") or [] if c <= len(headers)]
        out.append(Table(label, headers, body.reset_index(drop=True), int(first) + 2, sheet=str(name),
                         rows=body.index.to_numpy() + 1, blank_rows=blank,  # spreadsheet row numbers (blank rows skipped)
                         hidden_rows=int(hidden), hidden_cols=hcols or None, filtered=bool(fact.get("filtered")),
                         date1904=date1904, formulas=fact.get("formulas") or None,
                         error_cells=fact.get("errors") or None, merged_down=merged_down or None,
                         linked=fact.get("linked") or None, sheet_state=fact.get("state"),
                         header_rows=int(first - top_row) + 1))
    return out


def _formula_refused(t: Table, cols, rows, header: bool = False) -> ExportError | None:
    """The refusal of a formula without a cached value in table ``t`` where it would be read, or None.

    Every reader takes such a cell as blank: a value nobody has seen is never taken as none.  Only a cell in one of
    ``cols`` (0-based positions of the headers the mapping uses) on one of ``rows`` (the records' spreadsheet rows)
    counts, or, with ``header``, one on the header's row (a header read as blank); a formula in a summary sheet or
    a column not read (序号) is left alone.  The message names the cell, its column's header and the fix.

    Examples
    --------
    >>> t = Table("w.xlsx[s]", ["工单号", "序号"], pd.DataFrame([["GD1", None]]), 2, formulas=["B2"])
    >>> _formula_refused(t, [0], [2]) is None
    True
    >>> str(_formula_refused(t, [0, 1], [2])).count("B2")
    2
    >>> _formula_refused(Table("w", ["a"] * 30, pd.DataFrame(), 2, formulas=["AB7"]), [27], [7]).column
    'AB'
    >>> two = Table("w", ["序号", "工单号"], pd.DataFrame([["1", "GD1"]]), 3, formulas=["A1"], header_rows=2)
    >>> _formula_refused(two, [1], [3]) is None, _formula_refused(two, [1], [3], header=True).row
    (True, 1)
    """
    if not t.formulas:
        return None
    got = _cells_hit(t, t.formulas, cols, rows, header)
    if got is None:
        return None
    r, c, ref, more = got
    head = t.headers[c - 1].strip() if c - 1 < len(t.headers) else ""
    return ExportError(t.label, f"单元格 {ref} 是公式" + (f"(列“{head}”)" if head else "")
                       + ",但工作簿中没有保存它的计算结果(由程序生成、未经 Excel 计算保存)"
                       + (f";另有 {more} 个这样的公式" if more else "")
                       + "。请在 Excel 或 WPS 中打开、重新计算(F9)后保存,或把公式列复制为数值后重新导出",
                       f"cell {ref} holds a formula" + (f" (column {head})" if head else "") + " whose result the "
                       "workbook does not store (written by a program, never calculated and saved in Excel)"
                       + (f"; {more} more such formulas" if more else "")
                       + ": open it in Excel or WPS, recalculate (F9) and save, or paste the formula column as "
                         "values, and export again", row=r, column=col_letter(c - 1))


def _error_refused(t: Table, cols, rows, header: bool = False) -> ExportError | None:
    """The refusal of a cell holding a spreadsheet error (#N/A, #REF!, #VALUE!, #DIV/0!) where it would be read,
    or None: pandas reads such a cell as blank, and a value the export failed to give is never taken as none (a
    completion time #N/A would make a done order open).  Where it counts is :func:`_formula_refused`'s rule.

    Examples
    --------
    >>> t = Table("w.xlsx[s]", ["工单号", "完成时间"], pd.DataFrame([["GD1", None]]), 2, error_cells=[("B2", "#N/A")])
    >>> _error_refused(t, [0], [2]) is None, _error_refused(t, [0, 1], [2]).value
    (True, '#N/A')
    """
    if not t.error_cells:
        return None
    got = _cells_hit(t, [c for c, _ in t.error_cells], cols, rows, header)
    if got is None:
        return None
    text = dict(t.error_cells)[got[2]]
    if not text.startswith("#"):   # a date-formatted number no date can be (_dates_past_excel)
        return _cell_refused(t, got, f"设为日期格式,但其中的数 {text} 不是表格软件能表示的日期(1900 年至 9999 年):读取时会成为"
                             "空白,而导出时给出的值不能当作没有",
                             f"is formatted as a date but holds {text}, which no spreadsheet can show as a date (years "
                             "1900 to 9999): a reader takes it as blank, and a value the export gave is never taken as "
                             "none", ("单元格", "cells"),
                             "请在原表格中改正为实际的日期时间(或确实没有时留空),然后重新导出",
                             "correct it to the real date and time in the source sheet (leave it empty where there is "
                             "none) and export again", value=text)
    return _cell_refused(t, got, f"是表格软件的错误值 {text},不是数据:读取时会成为空白,而导出时缺了的值不能当作没有",
                         f"holds the spreadsheet error {text}, not data: a reader takes it as blank, and a value the "
                         "export failed to give is never taken as none", ("单元格", "cells"),
                         "请在原表格中改正产生错误的公式(如 VLOOKUP 查不到时的 #N/A)或填入实际值,确实没有值时留空,然后重新导出",
                         "correct the formula that gives the error in the source sheet (a VLOOKUP finding nothing "
                         "gives #N/A) or enter the value, leave the cell empty where there is none, and export again",
                         value=text)


def _cells_hit(t: Table, cells, cols, rows, header: bool = False):
    """The first of ``cells`` (B12, ...) that a record reads (a used column ``cols`` on a record's row ``rows``, or,
    with ``header``, the header's rows): ``(row, column 1-based, cell, how many more)``, or None."""
    # every cell's row and column at once (a program may write a formula on every row): letters A..XFD as base 26
    parts = pd.Series(list(cells), dtype=object).str.extract(r"^([A-Z]{1,3})(\d+)$").dropna()
    if parts.empty:
        return None
    letters = np.frombuffer("".join(parts[0].str.rjust(3, "@")).encode("ascii"), dtype=np.uint8).reshape(-1, 3)
    cs = (letters.astype(np.int64) - 64) @ np.array([676, 26, 1]) - 1   # 0-based
    rs = parts[1].astype(np.int64).to_numpy()
    hit = np.isin(rs, np.asarray(rows, dtype=np.int64)) & np.isin(cs, np.asarray(list(cols), dtype=np.int64))
    if header:   # every row of the header: a two-row header's top row names columns too (序号, 备注 merged down)
        # within the header's columns, or over a column holding values (a last header read as blank is trimmed
        # away); a formula right of the table with nothing below it is left alone
        fr = t.frame
        filled = [j for j in range(len(t.headers), fr.shape[1]) if fr.iloc[:, j].notna().any()]
        within = (cs < len(t.headers)) | np.isin(cs, np.asarray(filled, dtype=np.int64))
        hit |= (rs >= t.first_row - max(int(t.header_rows), 1)) & (rs <= t.first_row - 1) & within
    if not hit.any():
        return None
    i = int(np.flatnonzero(hit)[0])
    return int(rs[i]), int(cs[i]) + 1, f"{parts[0].iloc[i]}{rs[i]}", int(hit.sum()) - 1


#: A cell Excel is made to keep as text by a formula (``="0123"``: an id's leading zeros, a long number): its text.
FORCED_TEXT = r'^\s*="((?:[^"]|"")*)"\s*$'


def forced_text(col: pd.Series) -> pd.Series:
    """``col`` (text) with each cell written ``="0123"`` (as systems export an id or a long number for Excel to keep
    as text: opened in Excel it shows 0123) read as its text ``0123`` (``""`` inside as ``"``); other cells as they
    are.  In Arrow, the whole column at once.

    Examples
    --------
    >>> forced_text(pd.Series(['="0123"', "0456", None, '="a""b"', '=0123'], dtype="str")).tolist()
    ['0123', '0456', nan, 'a"b', '=0123']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (isinstance(col.dtype, pd.StringDtype) or col.dtype == object):
        return col
    try:
        arr = pa.array(col.array if isinstance(col.dtype, pd.StringDtype) else col.astype("str").array)
    except (pa.ArrowException, TypeError, ValueError):
        return col
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        return col
    hit = pc.match_substring_regex(arr, FORCED_TEXT)
    if not pc.any(hit).as_py():
        return col
    inner = pc.replace_substring(pc.replace_substring_regex(arr, FORCED_TEXT, r"\1"), '""', '"')
    out = pc.if_else(hit, inner, arr)
    return pd.Series(pd.array(out, dtype=col.dtype if isinstance(col.dtype, pd.StringDtype) else "str"),
                     index=col.index, name=col.name)


def _holds_forced(b, found=None) -> bool:
    """Whether a file's bytes hold ``="`` (Excel's forced text) at all: ``=`` looked for first (most exports have
    none; in the pass of ``found``, a :class:`.csvfast.FirstBytes` of ``b``, when given), the two bytes searched
    only then."""
    return (found.find if found is not None and found.data is b else b.find)(b"=") >= 0 and b.find(b'="') >= 0


def _forced_text(t: Table, maybe: bool) -> Table:
    """A CSV table whose cells written ``="0123"`` (Excel's forced text) are read as their text (:func:`forced_text`);
    ``maybe``: the file holds ``="`` at all (one search of its bytes: a file without it is not looked at)."""
    if not maybe or not len(t.frame):
        return t
    fr = t.frame.copy(deep=False)
    for j in fr.columns:
        fr[j] = forced_text(fr[j])
    t.frame = fr
    return t


def _without_sep_line(t: Table) -> Table:
    """A CSV table without a last row that is Excel's delimiter hint (``sep=,``, ``sep=;``: a first cell ``sep=``, the
    others empty), which Excel reads as no data at the top of a file and some tools write at its end: left out as a
    blank row is (counted among them), the other rows keeping their numbers; one row looked at, never the table.

    Examples
    --------
    >>> t = Table("q.csv", ["a", "b"], pd.DataFrame({0: ["PW01", "sep="], 1: ["3", None]}), 2)
    >>> u = _without_sep_line(t)
    >>> u.frame.values.tolist(), u.blank_rows, u.row_numbers().tolist()
    ([['PW01', '3']], 1, [2])
    """
    fr = t.frame
    if not len(fr) or fr.shape[1] < 2:
        return t
    last = fr.iloc[-1]
    first = last.iloc[0]
    if not isinstance(first, str) or first.strip().lower() != "sep=" or not last.iloc[1:].isna().all():
        return t
    return Table(t.label, t.headers, fr.iloc[:-1], t.first_row, t.sheet, rows=t.row_numbers()[:-1],
                 blank_rows=t.blank_rows + 1, sep=t.sep)


def _without_blank_rows(t: Table) -> Table:
    """A CSV table without its rows of empty cells only (``,,,,`` where Excel saved a blank row between blocks, or an
    empty line), as a workbook's blank rows are left out: the other rows keep their numbers.  Only rows whose first cell is empty are
    looked at whole.  A last row that is Excel's delimiter hint (``sep=,``) is left out too (:func:`_without_sep_line`)."""
    t = _without_sep_line(t)
    fr = t.frame
    if not len(fr) or fr.shape[1] < 2:
        return t
    cand = fr.iloc[:, 0].isna().to_numpy(dtype=bool)
    if not cand.any():
        return t
    blank = fr[cand].isna().all(axis=1).to_numpy(dtype=bool)
    if not blank.any():
        return t
    keep = np.ones(len(fr), dtype=bool)
    keep[np.flatnonzero(cand)[blank]] = False
    last = np.flatnonzero(keep)[-1] if keep.any() else -1
    return Table(t.label, t.headers, fr[keep].reset_index(drop=True), t.first_row, t.sheet,
                 rows=t.row_numbers()[keep], blank_rows=int((~keep[:last + 1]).sum()), sep=t.sep)


#: A note's label and colon, as report-style exports write them under the table (制表人：张三, 打印时间: …, 注：…).
_NOTE_RE = (r"(?i)^\s*(制表人|制表日期|制表时间|制表|填表人|填表日期|填报人|填报单位|填报日期|审核人|审核|复核人|复核|单位负责人|负责人|"
            r"经办人|打印人|打印时间|打印日期|导出人|导出时间|导出日期|统计人|统计时间|统计日期|报表日期|数据来源|数据截止|截止时间|"
            r"检查人|检查组|记录人|登记人|填写人|操作人|操作员|"   # an inspection form's and a register's signatures
            r"说明|注|备注|页码|notes?|prepared by|printed(?: at| on)?|source)\s*[：:]")
_NOTES_LOOKED_AT = 50   # a notes block is a few lines: the last rows looked at
_NOTE_MATCH = re.compile(_NOTE_RE)


def _last_row_a_note(fr: pd.DataFrame) -> bool:
    """Whether the last row of ``fr`` is a note as :func:`_trailing_notes` reads one (a cell filled, and every filled
    cell a note's label and colon): with no note at the end there is no notes block, and most files have none.  One
    row's cells looked at (a column each), not the last rows' every column through pandas' string methods (~70 ms
    a file of the demo's, on every read).

    >>> _last_row_a_note(pd.DataFrame([["GD1", "PW01"], ["制表人：张三", None]])), _last_row_a_note(pd.DataFrame([["GD1", 3]]))
    (True, False)
    """
    filled = False
    for v in fr.iloc[-1].tolist():
        if not isinstance(v, str):
            if v is None or (np.ndim(v) == 0 and pd.isna(v)):   # None, NA, NaN, NaT: an empty cell
                continue
            v = str(v)
        if not v.strip():
            continue
        if _NOTE_MATCH.search(v) is None:
            return False
        filled = True
    return filled


def trailing_note_rows(fr: pd.DataFrame) -> int:
    """How many rows at the end of ``fr`` (a table's cells as text) are the notes block under it (制表人：…, 打印时间：…,
    注：…): the rows after the last record whose every filled cell begins with a note's label and a colon
    (:data:`_NOTE_RE`).  What :func:`_trailing_notes` leaves out; the Dask reader leaves them out of a CSV's last
    partition so.

    Examples
    --------
    >>> trailing_note_rows(pd.DataFrame([["GD1", "PW01"], ["制表人：张三", None], ["打印时间: 2025-04-01", "审核：李四"]]))
    2
    >>> trailing_note_rows(pd.DataFrame([["GD1", "PW01"]]))
    0
    """
    got = _note_block(fr)
    return 0 if got is None else len(fr) - got[0]


def _note_block(fr: pd.DataFrame):
    """The notes block at the end of ``fr`` (:func:`trailing_note_rows`): ``(rows kept, each note row's label)``, or
    None when the table ends in a record."""
    n = len(fr)
    if not n or not fr.shape[1] or not _last_row_a_note(fr):
        return None
    lo = max(0, n - _NOTES_LOOKED_AT)
    tail = fr.iloc[lo:]
    cells = tail.astype("string") if any(d != object for d in tail.dtypes) else tail
    filled = pd.DataFrame({j: cells[j].str.strip().fillna("").ne("") for j in cells.columns})
    label = pd.DataFrame({j: cells[j].str.extract(_NOTE_RE, expand=False) for j in cells.columns})
    note = (filled.any(axis=1) & (label.notna() | ~filled).all(axis=1)).to_numpy(dtype=bool)
    k = len(note)
    while k and note[k - 1]:
        k -= 1
    if k == len(note):
        return None
    return lo + k, label.iloc[k:].bfill(axis=1).iloc[:, 0].tolist()


def _trailing_notes(t: Table) -> Table:
    """``t`` without the notes block under its table (制表人：…, 打印时间：…, 注：…): the rows after the last record
    whose every filled cell begins with a note's label and a colon (:data:`_NOTE_RE`), each kept in ``note_rows`` as
    ``(row, label)`` for ``records check`` to count.  Only the block at the end: a row with any other cell filled, and
    every row above it, stays a record (refused where it lacks a value, never dropped unseen).

    Examples
    --------
    >>> fr = pd.DataFrame([["GD1", "PW01"], ["制表人：张三", None], ["打印时间: 2025-04-01", "审核：李四"]])
    >>> got = _trailing_notes(Table("w.csv", ["工单号", "窗口"], fr, 2))
    >>> got.frame[0].tolist(), got.note_rows
    (['GD1'], [(3, '制表人'), (4, '打印时间')])
    """
    got = _note_block(t.frame)
    if got is None:
        return t
    keep, first = got
    rows = t.row_numbers()
    notes = [(int(r), str(x)) for r, x in zip(rows[keep:], first)]
    return replace(t, frame=t.frame.iloc[:keep].reset_index(drop=True), rows=rows[:keep].copy(), note_rows=notes)


_NUMBERED_LOOKED_AT = 10_000   # a template's numbered rows: the last rows looked at


def _filled_cells(row: pd.Series) -> int:
    """How many cells of one row hold something other than blanks (a cell each, as :func:`_last_row_a_note`).

    >>> _filled_cells(pd.Series(["3", None, " ", float("nan"), 0]))
    2
    """
    k = 0
    for v in row.tolist():
        if v is None or (not isinstance(v, str) and np.ndim(v) == 0 and pd.isna(v)):
            continue
        k += bool(str(v).strip())
    return k


def _trailing_numbered(t: Table) -> Table:
    """``t`` without the empty rows a template numbered in advance at the end of its table (序号 3, 4, 5 … and every
    other cell empty: a sheet prepared for more records than it got), kept in ``numbered_rows`` (their row numbers)
    for ``records check`` to count, as blank rows are.  Only a block that holds one filled cell a row, all in one
    column, whole numbers going on by one from that column's number in the record above it (…, 2 | 3, 4), at the end
    of the table or just above a last totals row (合计, 共 5 条: left for ``drop`` or refused as it was).  Any other row,
    and every row above it, stays a record (refused where it lacks a value, never dropped unseen).

    Examples
    --------
    >>> fr = pd.DataFrame([["1", "GD1", "PW01"], ["2", "GD2", "PW01"], ["3", None, None], ["4", None, ""]])
    >>> got = _trailing_numbered(Table("w.csv", ["序号", "工单号", "窗口"], fr, 2))
    >>> got.frame[1].tolist(), got.numbered_rows
    (['GD1', 'GD2'], [4, 5])
    >>> fr = pd.DataFrame([["1", "GD1"], ["2", "GD2"], ["3", None], ["合计", "2"]])
    >>> got = _trailing_numbered(Table("w.csv", ["序号", "工单号"], fr, 2))
    >>> got.frame[0].tolist(), got.row_numbers().tolist(), got.numbered_rows
    (['1', '2', '合计'], [2, 3, 5], [4])
    >>> _trailing_numbered(Table("w.csv", ["序号", "工单号"], pd.DataFrame([["1", "GD1"], ["3", None]]), 2)).numbered_rows
    """
    from .totals import total_mask

    n, width = len(t.frame), t.frame.shape[1]
    if n < 2 or width < 2:
        return t
    if not any(_filled_cells(t.frame.iloc[i]) == 1 for i in (-1, -2)):   # most tables end in a record: two rows
        return t
    lo = max(0, n - _NUMBERED_LOOKED_AT)
    tail = t.frame.iloc[lo:]
    cells = tail.astype("string") if any(d != object for d in tail.dtypes) else tail
    text = pd.DataFrame({j: cells[j].astype("string").str.strip().fillna("") for j in cells.columns})
    filled = text.ne("").to_numpy(dtype=bool)
    m = len(text)
    end = m   # the block ends at the table's end, or above a last totals row
    if filled[-1].any() and np.logical_or.reduce([total_mask(text[j].iloc[-1:]) for j in text.columns])[0]:
        end = m - 1
    if end < 2 or filled[end - 1].sum() != 1:   # most tables: the last record has more than one cell filled
        return t
    j = int(np.flatnonzero(filled[end - 1])[0])
    num = pd.to_numeric(text.iloc[:, j].str.normalize("NFKC").where(
        text.iloc[:, j].str.normalize("NFKC").str.fullmatch(r"\d{1,9}")), errors="coerce").to_numpy(dtype=float)
    one = (filled.sum(axis=1) == 1) & filled[:, j] & ~np.isnan(num)
    k = end
    while k > 0 and one[k - 1] and (k == end or num[k - 1] == num[k] - 1):
        k -= 1
    # the record above the block: its running number one less than the block's first (the column is the numbering)
    if k == end or k == 0 or np.isnan(num[k - 1]) or num[k - 1] != num[k] - 1 or filled[k - 1].sum() < 2:
        return t
    rows = t.row_numbers()
    gone = np.zeros(n, dtype=bool)
    gone[lo + k:lo + end] = True
    return replace(t, frame=t.frame[~gone].reset_index(drop=True), rows=rows[~gone].copy(),
                   numbered_rows=[int(r) for r in rows[gone]], numbered_col=j)


def _old_workbook_refused(f: Path) -> ExportError:
    """The refusal of an old binary workbook (OLE2: Excel 97-2003 ``.xls``, WPS 表格 ``.et``), which no reader in
    the project's environment reads: the file named, the fix (save as .xlsx), exit 3.

    Examples
    --------
    >>> e = _old_workbook_refused(Path("工单.et"))
    >>> "WPS" in str(e), ".xlsx" in str(e), e.exit_code
    (True, True, 3)
    """
    wps = f.suffix.lower() in (".et", ".ett")
    what_zh = "WPS 表格文件(.et)" if wps else "旧版 Excel(.xls,Excel 97-2003)文件"
    what_en = "WPS spreadsheet (.et)" if wps else "old Excel (.xls, Excel 97-2003)"
    app_zh, app_en = ("WPS", "WPS") if wps else ("Excel 或 WPS", "Excel or WPS")
    # what the user does, nothing more: the reader a developer could install is no fix of theirs (data/README.md)
    return ExportError(f, f"不能读取{what_zh}(二进制工作簿):请在 {app_zh} 中打开,“文件 → 另存为”,保存类型选 .xlsx(Excel 工作簿)"
                          "或 CSV(UTF-8),再用新文件重试(mapping.yaml 的 file 写了文件名的,改成新文件名)",
                       f"{what_en} binary workbooks cannot be read: open the file in {app_en}, save it as .xlsx "
                       "(Excel workbook) or CSV (UTF-8) with File > Save As, and run again with the new file (where "
                       "mapping.yaml's file names it, write the new name)")


#: The streams an encrypted Office document's OLE2 container holds (its names as the container's directory writes them).
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def ole_encrypted(f: Path) -> bool:
    """Whether the OLE2 compound file ``f`` is a workbook with a password to open: Excel and WPS write such an
    ``.xlsx`` (encrypted) as an OLE2 container holding the streams ``EncryptionInfo`` and ``EncryptedPackage``,
    which no reader opens without the password.  The container's directory is searched for the two names (one
    search in C over the mapped file, nothing inflated or decrypted).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> head = b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(504)
    >>> _ = (d / "a.xlsx").write_bytes(head + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"))
    >>> _ = (d / "b.xls").write_bytes(head + "Workbook".encode("utf-16-le"))
    >>> ole_encrypted(d / "a.xlsx"), ole_encrypted(d / "b.xls")
    (True, False)
    """
    import mmap

    try:
        with open_regular(f) as fh:
            if os.fstat(fh.fileno()).st_size == 0:
                return False
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
                return all(m.find(name) >= 0 for name in _ENCRYPTED_STREAMS)
    except (OSError, ValueError):
        return False


def encrypted_messages(f: Path) -> tuple[str, str]:
    """What to say of a workbook with a password to open (:func:`ole_encrypted`), in Chinese and English: it cannot
    be read, and the fix (its owner removes the password; the program never asks for one, a password given on a
    command line is kept in the shell's history).

    >>> print(encrypted_messages(Path("工单.xlsx"))[1].split(":")[0])
    the workbook is protected by a password to open (encrypted) and cannot be read
    """
    return ("工作簿设有打开密码(已加密),无法读取:请在 Excel 或 WPS 中用密码打开,清除打开密码(Excel:“文件 → 信息 → 保护工作簿 → "
            "用密码进行加密”,删去密码;WPS:“文件 → 文档加密 → 密码加密”,清空打开密码)并保存,或“另存为” CSV(UTF-8),再用该文件重试",
            "the workbook is protected by a password to open (encrypted) and cannot be read: open it with its password "
            "in Excel or WPS, remove the password to open (Excel: File > Info > Protect Workbook > Encrypt with "
            "Password, delete it; WPS: File > Document Encryption > Password Encryption, clear it) and save, or save "
            "it as CSV (UTF-8), and run again with that file")


def _text_head(f: Path) -> bool:
    """Whether the first bytes of ``f`` read as text (UTF-8, GB18030, or UTF-16 with its byte-order mark; no NUL
    and no control byte but tab and line ends): a CSV or tab-separated export, not random bytes."""
    with open_regular(f) as fh:
        head = fh.read(4096)
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(enc, "ignore").encode("utf-8")
            break
    if not head.strip() or re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", head):
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as e:   # a character cut at the 4096th byte is still text
            if e.start >= len(head) - 4:
                return True
    return False


def workbook_not_zip(f: Path, survey: bool = False) -> tuple[str, str] | None:
    """What a file named as an XLSX workbook (``.xlsx``, ``.xlsm``) that is no zip holds, said with its fix in
    Chinese and English, or None (a zip, or bytes that say nothing: the workbook reader's refusal stands).  A
    workbook with a password to open (:func:`ole_encrypted`), an old binary ``.xls`` renamed, a CSV or
    tab-separated text renamed, a web page or Excel 2003 XML saved as ``.xlsx``: each named as what it is, where
    "corrupt or truncated" sent the user to open a file that opens well (session 46).  ``survey``: the fix says
    deliver it again, not mapping.yaml.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a.xlsx").write_text("工单号,窗口\\nW1,PW01\\n", encoding="gbk")
    >>> _ = (d / "b.xlsx").write_bytes(b"PK\\x03\\x04")
    >>> _ = (d / "c.xlsx").write_bytes(bytes(range(256)))
    >>> print(workbook_not_zip(d / "a.xlsx")[1])
    this .xlsx file is text (a CSV or tab-separated export), not an Excel workbook (XLSX): give it the name it is (.csv; where mapping.yaml's file names it, write the new name), or open it in a spreadsheet program and save it as .xlsx, and run again
    >>> workbook_not_zip(d / "b.xlsx"), workbook_not_zip(d / "c.xlsx")
    (None, None)
    """
    with open_regular(f) as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            return ("文件为空(0 字节:没有表头,也没有记录);请重新导出" + ("后重新交付" if survey else ""),
                    "the file is empty (0 bytes: no header, no records); export it again"
                    + (" and deliver it again" if survey else ""))
    what = _xls_content(f)
    suf = f.suffix.lower() or ".xlsx"
    again_zh, again_en = ("后重新交付", "and deliver it again") if survey else ("后重试", "and run again")
    if what == "zip":
        return None
    if what == "ole":
        if ole_encrypted(f):
            zh, en = encrypted_messages(f)
            if survey:
                zh = zh.replace(",再用该文件重试", "后重新交付")
                en = en.replace("and run again with that file", "and deliver it again")
            return zh, en
        return (f"这个 {suf} 文件其实是旧版 Excel(.xls,Excel 97-2003)二进制工作簿,无法直接读取:请在 Excel 或 WPS 中打开,"
                f"“另存为” .xlsx(Excel 工作簿)或 CSV(UTF-8){again_zh}",
                f"this {suf} file is an old Excel (.xls, Excel 97-2003) binary workbook and cannot be read as it is: "
                f"open it in Excel or WPS, save it as .xlsx (Excel workbook) or CSV (UTF-8) with File > Save As, {again_en}")
    if what in ("html", "xml"):
        zh_what, en_what = {"html": ("网页(HTML 表格)", "a web page (an HTML table)"),
                            "xml": ("Excel 2003 XML 表格", "an Excel 2003 XML spreadsheet")}[what]
        return (f"这个 {suf} 文件其实是{zh_what},不是 Excel 工作簿(许多系统的“导出 Excel”如此):请在 Excel 或 WPS 中打开,"
                f"“另存为” .xlsx 或 CSV(UTF-8){again_zh}",
                f"this {suf} file is {en_what}, not an Excel workbook (as many systems' \"export to Excel\" write it): "
                f"open it in Excel or WPS, save it as .xlsx or CSV (UTF-8), {again_en}")
    if _text_head(f):
        rename_zh = "(.csv)" if survey else "(.csv;mapping.yaml 的 file 写了文件名的,改成新文件名)"
        rename_en = "(.csv)" if survey else "(.csv; where mapping.yaml's file names it, write the new name)"
        return (f"这个 {suf} 文件其实是文本(CSV 或制表符分隔的导出),不是 Excel 工作簿(XLSX):请按其实际格式改名{rename_zh},"
                f"或在表格软件中打开并另存为 .xlsx 工作簿{again_zh}",
                f"this {suf} file is text (a CSV or tab-separated export), not an Excel workbook (XLSX): give it the name it "
                f"is {rename_en}, or open it in a spreadsheet program and save it as .xlsx, {again_en}")
    return None


def _zip_not_workbook(f: Path, fix: tuple[str, str] | None = None) -> ExportError | None:
    """The refusal of a zip file that is not an XLSX workbook, wherever a workbook is looked for (``.xlsx``, an
    ``.xls`` or ``.csv`` holding a zip): an OpenDocument spreadsheet (``.ods``, LibreOffice/WPS "save as ODF") or an
    archive of files (a delivery zipped whole), each named as what it is with its fix, where the workbook reader
    would call it a corrupt XLSX.  None for a workbook, or a zip too damaged to list (that reader's refusal says so).
    The archive's members are counted by their extensions, never named (a member's name can carry a person's).
    ``fix``: the archive's fix in Chinese and English where the file is not a records file (a survey delivery's).

    Examples
    --------
    >>> import tempfile, zipfile
    >>> f = Path(tempfile.mkdtemp()) / "工单.csv"
    >>> with zipfile.ZipFile(f, "w") as z:
    ...     z.writestr("2025/工单.csv", "order_id\\nW1\\n")
    >>> print(_zip_not_workbook(f).en)
    the file is a zip archive holding 1 file (.csv), not a CSV file or an XLSX workbook: unzip it and put the records file it holds into the data folder (where mapping.yaml's file names this one, write the new name)
    """
    import zipfile

    try:
        with zipfile.ZipFile(f) as z:
            names = z.namelist()
            if any(n.startswith("xl/") for n in names):    # a workbook (openpyxl judges the rest)
                return None
            mime = z.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    if mime.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return ExportError(f, "该文件是 OpenDocument 表格(.ods,LibreOffice 或 WPS 另存的 ODF 格式),不能直接读取:请在表格软件中打开,"
                              "“另存为” .xlsx(Excel 工作簿)或 CSV(UTF-8)后重试",
                           "the file is an OpenDocument spreadsheet (.ods, as LibreOffice or WPS save ODF), which cannot "
                           "be read: open it in a spreadsheet program, save it as .xlsx (Excel workbook) or CSV (UTF-8), "
                           "and run again")
    files = [n for n in names if not n.endswith("/")]
    exts = sorted({Path(n).suffix.lower() or "?" for n in files})
    listed = ", ".join(exts[:6]) + (", ..." if len(exts) > 6 else "")
    fix_zh, fix_en = fix or ("请先解压,把其中的记录文件放入数据目录后重试(mapping.yaml 的 file 写了本文件名的,改成新文件名)",
                             "unzip it and put the records file it holds into the data folder (where mapping.yaml's "
                             "file names this one, write the new name)")
    return ExportError(f, f"该文件是 ZIP 压缩包(内含 {len(files)} 个文件:{listed}),不是 CSV 文件或 XLSX 工作簿:{fix_zh}",
                       f"the file is a zip archive holding {len(files)} file{'s' if len(files) != 1 else ''} ({listed}), "
                       f"not a CSV file or an XLSX workbook: {fix_en}")


def _workbook_zip(f: Path, header_row: int) -> list:
    """An XLSX workbook read with openpyxl, a zip that is not one refused first (:func:`_zip_not_workbook`), and a
    file that is no zip named as what it is (:func:`workbook_not_zip`: a password, an old .xls, a CSV renamed)."""
    said = workbook_not_zip(f)
    if said is not None:
        raise ExportError(f, *said)
    err = _zip_not_workbook(f)
    if err is not None:
        raise err
    return _excel(f, header_row, "openpyxl")


def _xls_content(f: Path) -> str:
    """What an ``.xls`` file holds, from its first bytes: ``ole`` (old binary Excel), ``zip`` (an XLSX workbook),
    ``html`` (a web page's table), ``xml`` (Excel 2003 XML) or ``text`` (delimited text: tab-separated GBK, Excel's
    UTF-16 "Unicode text"), as many systems' "export to Excel" write under the .xls name.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for name, b in [("a", b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1"), ("b", b"PK\\x03\\x04"), ("c", b"\\xef\\xbb\\xbf<html>"),
    ...                 ("d", "工单号\\t窗口\\n".encode("utf-16")), ("e", b'<?xml version="1.0"?><Workbook')]:
    ...     _ = (d / f"{name}.xls").write_bytes(b)
    >>> [_xls_content(d / f"{n}.xls") for n in "abcde"]
    ['ole', 'zip', 'html', 'text', 'xml']
    """
    with open_regular(f) as fh:
        head = fh.read(2048)
    if head.startswith(b"\xd0\xcf\x11\xe0"):   # OLE2 (its magic is 8 bytes; a cut file still says it)
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(enc, "ignore").encode("utf-8", "ignore")
            break
    low = head.lstrip().lower()
    if low.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<head", b"<body", b"<style")):
        return "html"
    if low.startswith(b"<?xml") or low.startswith(b"<workbook"):
        return "html" if b"<html" in low else "xml"
    return "text"


_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def declared_charset(b: bytes) -> str | None:
    """The charset a web page saved as ``.xls`` declares in its ``<meta>`` (``charset=gbk``; Excel reads the page in
    it), as Python names it, where it is evidence: UTF-8, or an ASCII-compatible multi-byte charset (GBK, GB2312,
    GB18030, Big5 …) the bytes read in. None -- the encoding judged from the bytes, :func:`decode` -- where the page
    declares none, names no codec, starts with a byte-order mark (which outranks it, as in a browser), does not
    decode in it, declares a single-byte charset (ISO-8859-1, an export template's default, or windows-1252: any
    bytes read in one, Chinese as mojibake, so reading is no evidence) or UTF-16 (which a page whose ``<meta>`` is
    ASCII cannot be), or declares another charset while being UTF-8 with Chinese throughout
    (:func:`_utf8_throughout`: the declaration is stale).

    Examples
    --------
    >>> page = '<meta charset="GBK"><table><tr><td>伟业</td></tr></table>'
    >>> declared_charset(page.encode("gbk")), declared_charset(page.encode("utf-8"))
    ('gbk', None)
    >>> declared_charset(page.replace("GBK", "ISO-8859-1").encode("utf-8")) is None     # any bytes read in it
    True
    >>> declared_charset(page.replace("GBK", "gb2312").replace("伟业", "张喆").encode("gbk"))   # GB2312 read as GBK
    'gbk'
    """
    hit = _META_CHARSET.search(b[:1 << 16])
    if hit is None or b.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        name = codecs.lookup(hit.group(1).decode("ascii")).name
        # gb2312 is read as GBK, its superset, as browsers do (WHATWG): a page declaring it holds GBK-only names
        # (喆, 堃) as often as not, and reading it so is no guess
        name = "gbk" if name == "gb2312" else name
        if name != "utf-8" and ("<meta".encode(name) != b"<meta"       # UTF-16 / UTF-32: not this page
                                or len(b"\xb0\xa1".decode(name, "replace")) != 1):    # single-byte: reads anything
            return None
        _decoded(b, name, pieces=True)    # decodes in it (a piece at a time: the page's text never whole)
    except (LookupError, UnicodeDecodeError):
        return None
    if name != "utf-8" and _utf8_throughout(b) is not None:
        return None
    return name


def _page_encoding(b: bytes, f: Path, encoding: str | None) -> str | None:
    """The encoding an HTML page saved as ``.xls`` is read in: ``encoding`` where the user gave one, else the charset
    its ``<meta>`` declares where that is evidence (:func:`declared_charset`), else None (judged from the bytes by
    :func:`decode`).  A page declaring a GB charset with some rows in UTF-8 is refused naming its ``<meta>`` (decode's
    own refusal would say mapping.yaml declared it); Big5 named over GB bytes, or a GB charset over Big5 bytes, by
    the byte rule (:func:`han_bytes`), is refused naming the ``<meta>`` or mapping.yaml, never read as mojibake.  One rule for the whole-page read (:func:`html_grids`) and the
    streamed one (:func:`_html_streamed`)."""
    given = encoding is not None        # the user's (mapping.yaml's ``encoding``), not the page's <meta>
    if encoding is None and (encoding := declared_charset(b)) in ("gbk", "gb2312", "gb18030"):
        # decode's refusal of a GB file with UTF-8 rows would say mapping.yaml declared it: here the page did
        err = mixed_encoding(b, f, fix=(
            f"请从原系统把整个页面重新导出为同一种编码(网页的 <meta> 声明的是 {encoding},另有几行是 UTF-8)",
            f"export the whole page again from the source system in one encoding (its <meta> declares {encoding}, "
            "and some rows are UTF-8)"), declared=True)
        if err is not None:
            raise err
    try:    # the user's name as Python's (BIG5, Big-5): mapping.yaml's spelling is free
        big5 = encoding is not None and codecs.lookup(encoding).name in ("big5", "cp950", "big5hkscs")
    except LookupError:
        big5 = False
    gb = big5 and _gb_bytes(b)      # Big5 named over GBK bytes: read so, mojibake without an error
    if gb and given:
        # the encoding mapping.yaml gives: named as that, the page may have no <meta> at all
        raise ExportError(f, f"mapping.yaml 写的编码是 {encoding}(繁体),但网页中的中文字节是 GBK(简体)编码,按 {encoding} 读会成为乱码;"
                             "请把 mapping.yaml 中该类记录的 encoding 改为 gbk,或删去这一行(编码即按网页判断)",
                          f"mapping.yaml gives the encoding {encoding} (traditional Chinese), but the page's Chinese "
                          f"bytes are GBK (simplified Chinese), which read as {encoding} would be mojibake; set "
                          "`encoding: gbk` for this kind in mapping.yaml, or delete the line (the encoding is then "
                          "judged from the page)")
    if gb:
        # Big5 declared over GBK bytes reads without an error but as mojibake: refused naming the <meta>
        raise ExportError(f, f"网页的 <meta> 声明编码为 {encoding}(繁体),但其中的中文字节是 GBK(简体)编码,按 {encoding} 读会成为乱码;"
                             "请从原系统重新导出,或把 <meta> 改为 charset=gbk",
                          f"the page's <meta> declares {encoding} (traditional Chinese), but its Chinese bytes are GBK "
                          f"(simplified Chinese), which read as {encoding} would be mojibake; export it again from the "
                          "source system, or change the <meta> to charset=gbk")
    named = encoding if given else None
    if not given and (hit := _META_CHARSET.search(b[:1 << 16])) is not None:
        # the <meta>'s own name, as the page spells it (gb2312, not the gbk it is read as): Big5 bytes often fail
        # GBK decoding, so declared_charset gives None for them and decode's guess (GB18030) is mojibake all the same
        named = hit.group(1).decode("ascii", "replace")
    try:
        gb_named = named is not None and codecs.lookup(named).name in ("gbk", "gb2312", "gb18030")
    except LookupError:
        gb_named = False
    if gb_named and han_bytes(b) == "big5":
        encoding = codecs.lookup(named).name
        # the byte rule the other way: a GB charset named over Big5 bytes reads as GB18030 mojibake without an error
        if given:
            raise ExportError(f, f"mapping.yaml 写的编码是 {encoding}(简体),但网页中的中文字节是 Big5(繁体)编码,按 {encoding} 读会成为乱码;"
                                 "请把 mapping.yaml 中该类记录的 encoding 改为 big5,或删去这一行(编码即按网页判断)",
                              f"mapping.yaml gives the encoding {encoding} (simplified Chinese), but the page's Chinese "
                              f"bytes are Big5 (traditional Chinese), which read as {encoding} would be mojibake; set "
                              "`encoding: big5` for this kind in mapping.yaml, or delete the line (the encoding is then "
                              "judged from the page)")
        raise ExportError(f, f"网页的 <meta> 声明编码为 {encoding}(简体),但其中的中文字节是 Big5(繁体)编码,按 {encoding} 读会成为乱码;"
                             "请从原系统重新导出,或把 <meta> 改为 charset=big5",
                          f"the page's <meta> declares {encoding} (simplified Chinese), but its Chinese bytes are Big5 "
                          f"(traditional Chinese), which read as {encoding} would be mojibake; export it again from the "
                          "source system, or change the <meta> to charset=big5")
    return encoding


_DOUBLE_BYTE = re.compile(rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def _gb_bytes(b: bytes, least: int = 20) -> bool:
    """Whether the Chinese bytes of ``b`` are GB2312's by the byte rule (:func:`han_bytes` gives ``"gbk"``).

    Examples
    --------
    >>> _gb_bytes("营业厅受理窗口办理业务的群众满意度调查结果汇总表".encode("gbk"))
    True
    >>> _gb_bytes("營業廳受理窗口辦理業務的群眾滿意度調查結果彙總表".encode("big5"))
    False
    >>> _gb_bytes(("中正區 " * 10).encode("big5"))   # a true Big5 value repeated, every trail byte 0xA1 or more
    False
    >>> _gb_bytes("营业厅".encode("gbk"))     # too few to tell
    False
    """
    return han_bytes(b, least) == "gbk"


def _han_sample(b: bytes) -> tuple[bytes, list]:
    """The bytes :func:`han_bytes` and :func:`_big5_doubt` judge, and their double-byte pairs: 16 KB from the first
    non-ASCII byte within the first megabyte (past an export's <style> block: thousands of characters tell as well as
    the whole, and its pairs listed cost ~350 KB where a page's megabyte cost ~20 MB, a streamed read's peak); no
    such byte: ``(b"", [])``.

    >>> _han_sample(b"ab" + "中".encode("gbk"))
    (b'\\xd6\\xd0', [b'\\xd6\\xd0'])
    """
    start = _HIGH_BYTE.search(b, 0, 1 << 20)
    if start is None:
        return b"", []
    sample = b[start.start():start.start() + (1 << 14)]
    return sample, _DOUBLE_BYTE.findall(sample)


def han_bytes(b: bytes, least: int = 20) -> str | None:
    """The byte rule telling GB from Big5: ``"gbk"``, ``"big5"`` or None (too few double-byte characters to tell,
    or neither).  One rule for HTML pages (:func:`_page_encoding`) and survey deliveries' CSVs
    (``survey.delivery._decode``).  Judged on the double-byte pairs of 16 KB from the first non-ASCII byte (within
    the first megabyte), at least ``least`` of them (repeats count: a page repeats its values).

    Big5: some pair with a lead byte 0xA4-0xAF (Big5's commonest characters, 中 不 人 的 是; in GB2312 kana,
    Greek, Cyrillic or empty rows, never simplified Chinese) or a trail byte 0x40-0x7E (some 40% of Big5's
    characters; never GB2312's), fewer than one pair in ten with a lead byte of 0xC7 or more (Big5's rarely used
    block; some half of simplified text, 是 在 务 意 ...), and the whole decoding as Big5.  GB: every byte of the
    pairs 0xA1 or more (GB2312's rows), one lead byte at least 0xC7, and the whole decoding as GBK.  A value
    repeated in every row tells no less: 中正區 is Big5 (lead 0xA4), 北京 alone (leads 0xB1, 0xBE, both codes
    valid) tells neither.

    Examples
    --------
    >>> han_bytes("营业厅受理窗口办理业务的群众满意度调查结果汇总表".encode("gbk"))
    'gbk'
    >>> han_bytes("營業廳受理窗口辦理業務的群眾滿意度調查結果彙總表".encode("big5"))
    'big5'
    >>> han_bytes(("中正區," * 10).encode("big5"))
    'big5'
    >>> han_bytes(("北京," * 10).encode("gbk")) is None
    True
    >>> han_bytes("营业厅".encode("gbk")) is None     # too few to tell
    True
    """
    b, pairs = _han_sample(b)
    if len(pairs) < least:
        return None
    both = np.frombuffer(b"".join(pairs), dtype=np.uint8)
    lead, trail = both[0::2], both[1::2]
    high = lead >= 0xC7

    def decodes(codec: str) -> bool:    # up to a character the megabyte's cut splits
        try:
            codecs.getincrementaldecoder(codec)().decode(b, final=False)
        except UnicodeDecodeError:
            return False
        return True

    big5_sign = ((lead >= 0xA4) & (lead <= 0xAF)).any() or ((trail >= 0x40) & (trail <= 0x7E)).any()
    if big5_sign and high.mean() < 0.1 and decodes("big5"):
        return "big5"
    if not (both < 0xA1).any() and high.any() and decodes("gbk"):
        return "gbk"
    return None


def html_grids(f: Path, encoding: str | None = None) -> tuple[list, str]:
    """The tables holding any text of an HTML page saved as ``.xls`` (:func:`.htmltable.html_tables`), and the
    encoding it was read in (``encoding``, else the charset its ``<meta>`` declares where that is evidence,
    :func:`declared_charset`, else judged from the bytes); for records (:func:`_html_tables`) and survey deliveries
    alike.  A page that cannot be
    read as tables, or has none, is refused (:class:`ExportError`) with what to do.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.xls"
    >>> _ = p.write_bytes("<table><tr><td>工单号</td></tr><tr><td>001</td></tr></table>".encode("gbk"))
    >>> [g.rows for g in html_grids(p)[0]], html_grids(p)[1]
    ([[['工单号'], ['001']]], 'gb18030')
    """
    from . import htmltable
    from .htmltable import HtmlTableError, html_tables

    f = Path(f)
    _html_size_refused(f, htmltable.MAX_BYTES, htmltable.HELD_TIMES)
    with open_regular(f) as fh:
        b = fh.read()
    encoding = _page_encoding(b, f, encoding)
    text = decode(b, f, encoding)
    try:
        grids = html_tables(text)
    except HtmlTableError as e:
        raise _html_unreadable(f, e) from None
    grids = [g for g in grids if any(c.strip() for r in g.rows for c in r)]
    if not grids:
        raise _no_html_table(f)
    return grids, encoding or sniff_encoding(bytes(b[:1 << 16]))


def _html_size_refused(f: Path, cap: int, times: int) -> None:
    """:class:`ExportError` for an HTML page over ``cap`` bytes, refused from its size before a byte is read (reading
    it takes about ``times`` its size in memory), with the fix: export CSV or XLSX, or split the export by month."""
    size = f.stat().st_size
    if size > cap:
        def mb(n):
            return f"{n / 2**20:,.0f} MB" if n >= 100 * 2**20 else f"{n / 2**20:.3g} MB"

        mb, cap = mb(size), mb(cap)
        raise ExportError(f, f"这个 .xls 文件是网页表格(HTML),有 {mb},超过网页表格读取的上限 {cap}"
                             f"(按网页读取约需文件大小 {times} 倍的内存);请从原系统导出为 CSV 或 .xlsx,或按月份分成几个文件导出"
                             f"(每个不超过 {cap})后重试",
                          f"this .xls file is a web page (an HTML table) of {mb}, more than the {cap} a web "
                          f"page is read up to (reading one takes about {_TIMES_EN.get(times, f'{times} times')} its "
                          f"size in memory); export it from the source system as CSV or .xlsx, or split the export by "
                          f"month into files of at most {cap}, and run again")


_TIMES_EN = {2: "twice", 3: "three times", 4: "four times", 5: "five times", 6: "six times", 9: "nine times"}


def _html_unreadable(f: Path, e) -> ExportError:
    return ExportError(f, f"这个 .xls 文件是网页表格(HTML),但无法按表格读取:{e.zh};请在 Excel 或 WPS 中打开,"
                          "“另存为” .xlsx 或 CSV(UTF-8)后重试",
                       f"this .xls file is a web page (an HTML table) that cannot be read as a table: {e.en}; open "
                       "it in Excel or WPS, save it as .xlsx or CSV (UTF-8), and run again")


def _no_html_table(f: Path) -> ExportError:
    return ExportError(f, "这个 .xls 文件是网页(HTML),但其中没有表格;请从原系统重新导出",
                       "this .xls file is a web page (HTML) without a table; export it again from the source system")


class _CsvRows:
    """A table's rows as CSV text, written as each row closes (:func:`.htmltable.html_tables_streamed`): the cells
    never held as lists; ragged rows padded to the widest when the table is done (a second pass only then)."""

    def __init__(self):
        import csv as _csvmod

        self.buf = io.StringIO()
        self.write = _csvmod.writer(self.buf, lineterminator="\n").writerow
        self.widths = set()

    def __call__(self, row: list) -> None:
        self.widths.add(len(row))
        self.write(row)

    def text(self) -> str:
        import csv as _csvmod

        text = self.buf.getvalue()
        self.buf = None
        if len(self.widths) <= 1:
            return text
        width = max(self.widths)
        out = io.StringIO()
        w = _csvmod.writer(out, lineterminator="\n")
        for r in _csvmod.reader(io.StringIO(text)):
            w.writerow(r + [""] * (width - len(r)))
        return out.getvalue()


def _utf8_pieces(b: bytes):
    """``b`` decoded a piece at a time (never the whole text at once) when :func:`decode` would read it as UTF-8
    with no BOM (valid UTF-8 throughout, no NUL in its head as UTF-16 has), else None.

    Examples
    --------
    >>> "".join(_utf8_pieces("工单号".encode() * 3)), _utf8_pieces("工单号".encode("gbk")), _utf8_pieces(b"\\xef\\xbb\\xbfa")
    ('工单号工单号工单号', None, None)
    """
    from .csvfast import is_utf8
    from .htmltable import CHUNK

    if b.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or 0 in b[:4096] or not is_utf8(b):
        return None

    def pieces():
        dec = codecs.getincrementaldecoder("utf-8")()
        view = memoryview(b)
        for i in range(0, len(b), CHUNK):
            yield dec.decode(view[i:i + CHUNK])
        yield dec.decode(b"", final=True)

    return pieces()


def _utf8_streamable(head: bytes) -> bool:
    """Whether a page whose first 64 KiB are ``head`` is read as UTF-8 if its bytes are (:func:`_page_encoding`
    and :func:`_utf8_pieces` would say so): no byte-order mark, no NUL in its head (UTF-16), and its ``<meta>``
    declaring no charset, or UTF-8.

    >>> _utf8_streamable(b"<html><meta charset='utf-8'><table>"), _utf8_streamable(b"<meta charset=gbk><table>")
    (True, False)
    """
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or 0 in head[:4096]:
        return False
    hit = _META_CHARSET.search(head)
    if hit is None:
        return True
    try:
        return codecs.lookup(hit.group(1).decode("ascii")).name == "utf-8"
    except (LookupError, UnicodeDecodeError):
        return False


def _utf8_file_pieces(fh):
    """The text of the open file ``fh`` as UTF-8, a piece of :data:`.htmltable.CHUNK` bytes at a time (strict: a
    byte that is not UTF-8 raises UnicodeDecodeError where it is met)."""
    from .htmltable import CHUNK

    dec = codecs.getincrementaldecoder("utf-8")()
    while True:
        piece = fh.read(CHUNK)
        if not piece:
            break
        yield dec.decode(piece)
    yield dec.decode(b"", final=True)


def _html_streamed(f: Path, encoding) -> list:
    """The tables of an HTML page (:func:`.htmltable.html_tables_streamed`), each ``(grid, csv text)``: the page
    decoded a piece at a time in whatever encoding (:func:`decode` with ``pieces``; never the whole text), fed to the parser so, each row written out as CSV as it
    closes.  A UTF-8 page's bytes are read a piece at a time too (:func:`_utf8_streamable`); any other page's are
    read whole, its encoding judged from them.  Refused as :func:`html_grids` refuses: over :data:`.htmltable.STREAM_MAX_BYTES`, unreadable, no table."""
    from . import htmltable
    from .htmltable import HtmlTableError, html_tables_streamed

    _html_size_refused(f, htmltable.STREAM_MAX_BYTES, htmltable.STREAM_TIMES)

    def new_sink():
        sinks.append(_CsvRows())
        return sinks[-1]

    with open_regular(f) as fh:    # opened once and checked by fstat (safety22)
        grids = None
        if encoding is None and _utf8_streamable(fh.read(1 << 16)):
            # a UTF-8 page (no charset but UTF-8 declared): its bytes read a piece at a time too, never held whole;
            # a byte that is not UTF-8 anywhere: read again as below, as if never tried (decode's choice)
            fh.seek(0)
            sinks = []
            try:
                grids = html_tables_streamed(_utf8_file_pieces(fh), new_sink)
            except UnicodeDecodeError:
                grids = None
            except HtmlTableError as e:
                raise _html_unreadable(f, e) from None
        if grids is None:
            fh.seek(0)
            b = fh.read()
    if grids is None:
        page = _page_encoding(b, f, encoding)     # the user's encoding, else the page's <meta> where it is evidence
        text = _utf8_pieces(b) if encoding is None and page in (None, "utf-8") else None
        if text is None:   # a BOM, UTF-16, GB18030 or a declared encoding: decode()'s choice and checks, in pieces
            text = decode(b, f, page, pieces=True)
        del b
        sinks = []
        try:
            grids = html_tables_streamed(text, new_sink)
        except HtmlTableError as e:
            raise _html_unreadable(f, e) from None
        del text
    grids = [g for g in grids if g.filled]
    if not grids:
        raise _no_html_table(f)
    return grids


def _html_tables(f: Path, header_row: int, encoding, timestamps=None) -> list[Table]:
    """The tables of an HTML page saved as ``.xls`` (:mod:`.htmltable`), each read as the CSV of it is read (the same
    header search, frame and refusals); a range merged down over records (rowspan) read into every row of it, as a
    workbook's is.  One table: labelled as the file; several: ``file[表1]`` … as a workbook's sheets.  A page past a
    spreadsheet's size, or with no table, is refused."""
    grids = _html_streamed(Path(f), encoding)
    out = []
    for k, g in enumerate(grids, start=1):
        name = None if len(grids) == 1 else f"表{k}"
        t = _csv(f, g.sink.text(), header_row, ",", timestamps=timestamps)   # each table's text let go of once read
        t = _forced_text(_without_blank_rows(_refuse_long_field(f, t)), False)
        if name:
            t.label, t.sheet = f"{f}[{name}]", name
        down = [s for s in g.spans if s[2] > s[0] and s[1] == s[3]]
        if down and len(t.frame):
            body = t.frame.set_axis(np.asarray(t.row_numbers(), dtype=np.int64) - 1, axis=0)
            body, named = _fill_merged_down(body.where(body.notna(), None), down, t.headers)
            if named:
                t.frame, t.merged_down = body.reset_index(drop=True), named
        out.append(t)
    return out


def read_tables(f: str | Path, header_row: int = 1, encoding: str | None = None, _as: str | None = None,
                timestamps=None) -> list[Table]:
    """Every table of an export file (every sheet of a workbook), as text.

    Parameters
    ----------
    f : path
        The export: ``.csv``/``.tsv``/``.txt``, ``.xlsx``, ``.xls`` or ``.parquet``
        (or a Parquet dataset directory).
    header_row : int
        The row holding the headers, as a spreadsheet numbers it (1: the first).
    encoding : str, optional
        Force a text encoding instead of detecting it.
    timestamps : callable, optional
        For a CSV (UTF-8, or decoded from GB18030 or UTF-16): a function of the headers giving the columns (0-based) that are read as ISO date-times as
        they are (``files.load_files`` asks the mapping which); those columns come back as ``datetime64[ns]``
        when every value is one (:func:`.csvfast.parse_body`), else as text like every other column.

    Raises
    ------
    ExportError
        The file cannot be read; the message names the file, the row and the fix.

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "工单.csv"
    >>> _ = f.write_bytes("工单号,受理时间\\r\\nWO1,2025-06-01 18:00\\r\\n".encode("gb18030"))
    >>> t = read_tables(f)[0]
    >>> t.headers, t.frame.values.tolist(), t.first_row
    (['工单号', '受理时间'], [['WO1', '2025-06-01 18:00']], 2)
    """
    f = Path(f)
    suf = _as or f.suffix.lower()
    if suf in (".parquet", ".xlsx", ".xlsm", ".xls", ".et", ".ett") and f.exists() and not (f.is_dir() or f.is_file()):
        # a FIFO, a device or a socket under a workbook's or Parquet's name: refused as what it is, not as an empty
        # file (its size is 0) nor opened by path and waited on (rev22d)
        raise ExportError(f, *NOT_REGULAR)
    if not f.exists():   # a dangling link too (rev23d: it raised FileNotFoundError)
        # the library's own error (file, fix, exit 3), as the command line says it: an analyst calling this in a
        # notebook sees the same message, not FileNotFoundError (safety23)
        raise ExportError(f, *NOT_FOUND)
    if f.is_dir() or suf == ".parquet":
        from ..safepath import parquet_problem

        # one file: opened once (open_regular) and checked, then read, from that descriptor: a file swapped in
        # between the check and the read by path was read unchecked (safety23)
        fh = None if f.is_dir() else open_regular(f)
        with fh if fh is not None else contextlib.nullcontext():
            if fh is not None and os.fstat(fh.fileno()).st_size == 0:
                raise _empty(f)
            # a file built to exhaust memory: refused from its footer, before it is read
            problem = parquet_problem(f, opened=fh)
            if problem is not None:
                raise ExportError(f, *problem)
            try:
                if fh is not None:
                    fh.seek(0)
                df = pd.read_parquet(f if fh is None else fh)
            except Exception as e:  # noqa: BLE001 - a Parquet reader failure is a broken file
                raise ExportError(f, f"无法读取 Parquet 文件(文件损坏、被截断,或并非 Parquet):{type(e).__name__};请重新导出",
                                  f"the Parquet file cannot be read (corrupt, truncated or not Parquet: "
                                  f"{type(e).__name__}); export it again") from None
        df = df.drop(columns=[c for c in ("year", "month") if c in df.columns and f.is_dir()], errors="ignore")
        headers = [str(c) for c in df.columns]
        df.columns = range(df.shape[1])
        return [Table(str(f), headers, df, 2)]
    if suf in (".xlsx", ".xlsm"):
        if f.stat().st_size == 0:
            raise _empty(f)
        return _workbook_zip(f, header_row)
    if suf in (".xls", ".et", ".ett"):   # .et/.ett: WPS 表格's own workbook (binary), or what .xls holds under it
        if f.stat().st_size == 0:
            raise _empty(f)
        what = _xls_content(f)
        if what == "zip":        # an XLSX workbook under an .xls name (some systems and WPS save it so)
            return _workbook_zip(f, header_row)
        if what == "html":       # a web page's table (many systems' "export to Excel"): read as its CSV would be
            return _html_tables(f, header_row, encoding, timestamps)
        if what == "xml":        # Excel 2003 XML (an HTML page is read above, a page without a table refused there)
            raise ExportError(
                f, "这个 .xls 文件其实是 Excel 2003 XML 表格,只是用了 Excel 的扩展名(许多系统的“导出 Excel”如此);"
                   "请在 Excel 或 WPS 中打开,“另存为” .xlsx 或 CSV(UTF-8)后重试",
                "this .xls file is an Excel 2003 XML spreadsheet under an Excel name (as many systems' \"export to "
                "Excel\" write it); open it in Excel or WPS, save it as .xlsx or CSV (UTF-8), and run again")
        if what == "text":       # tab- or comma-delimited text (GBK, UTF-16 "Unicode text") under an .xls name
            return read_tables(f, header_row, encoding, _as=".txt")
        if ole_encrypted(f):     # an encrypted .xlsx under an .xls name: its password is what stops it
            raise ExportError(f, *encrypted_messages(f))
        try:
            import xlrd  # noqa: F401
        except ImportError:
            raise _old_workbook_refused(f) from None
        return _excel(f, header_row, "xlrd")
    b = _mapped(f)   # not copied: a UTF-8 file is checked and parsed in place
    if not _FILLED.search(b):   # only blanks, NULs and byte-order marks (b.strip() would copy the file)
        raise _empty(f)
    if b[:4] == b"\xd0\xcf\x11\xe0":   # an old binary workbook (OLE2) under a text name: never parsed as CSV
        raise ExportError(f, *encrypted_messages(f)) if ole_encrypted(f) else _old_workbook_refused(f)
    if b[:4] == b"PK\x03\x04":   # an XLSX workbook (zip) under a text name (导出.csv): read as the workbook it is,
        return _workbook_zip(f, header_row)   # as an .xls or .et holding one is (_xls_content)
    # a file taken as UTF-8: the single bytes looked for in the whole file (a NUL, a carriage return, a quote, =)
    # found in one pass over it, not one pass each
    # (that pass made on a thread of its own while the header is found and the body parsed: a NUL it finds is
    # refused before anything the parse did is used or raised, as when the pass came first; session 36)
    found = _refuse_before_parsing(f, b, header_row, encoding, aside=True)
    if encoding is None:  # a UTF-8 file: checked and parsed by pyarrow, never decoded whole (see .csvfast)
        from .csvfast import is_utf8, utf8_start
        # UTF-8 checked as pyarrow parses it (every cell), not in a pass of its own over the file first: a file
        # that is not UTF-8 fails that parse, and is then read exactly as when the pass found it was not
        start = utf8_start(b, check=False)
        got, err = None, None
        try:
            got = _csv_utf8(f, b, header_row, suf, start, True, timestamps, found) if start is not None else None
        except Exception as e:  # noqa: BLE001 - raised below if the file is UTF-8 (as it was raised before)
            err = e
        if found is not None:
            _refuse_nul(f, b, found)   # first, as before the parse
        if got is not None:
            return [_forced_text(_without_blank_rows(_refuse_long_field(f, got, len(b))), _holds_forced(b, found))]
        if start is not None and not is_utf8(b, start):   # not UTF-8 after all: as if never tried
            start, err = None, None
        if err is not None:
            raise err
        tried = start is not None   # pyarrow had the file's text already: pandas reads it now
    else:
        tried = False
    text = decode(b if isinstance(b, bytes) else b[:], f, encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    sep = sniff_delimiter(text[:1 << 16], suf)
    nul = text.find("\x00")
    if nul >= 0:
        raise _nul_refused(f, text, nul, sep)
    return [_forced_text(_without_blank_rows(_refuse_long_field(f, _csv(f, text, header_row, sep, fast=not tried,
                                                                        timestamps=timestamps))), '="' in text)]
