"""Reading a CSV export's body with pyarrow, when pyarrow reads it exactly as the pandas reader would.

:func:`windoweval.records.io.read_tables` reads a CSV in two steps: the header row is found on the
first lines (a title row above the headers, ``header_row``), then the body is parsed with every cell
as text.  pandas' C reader took most of the time of ``records check`` and of every command on CSV
data; pyarrow's reader is several times faster.  This module is the fast way, used only where the
two agree by construction:

- the file is UTF-8 (pyarrow's SIMD check over the whole file; the text of the first lines is
  decoded for the header) or its text was decoded by :func:`~windoweval.records.io.decode`
  (GB18030, UTF-16: encoded once to UTF-8);
- the lines up to the header (and the ten rows looked at to find it) hold no quote, no NUL and no
  lone carriage return, so the body starts after the header's line as it does for pandas'
  ``skiprows``;
- no carriage return but in CRLF line ends (after a lone CR pandas' reader drops a row of empty
  cells: its quirks are kept by reading such files with it);
- every row has exactly as many cells as the header has names (pyarrow refuses any other row:
  a shorter row, a longer one, a line of blanks -- and so does this module, handing the file to
  the pandas reader, which fills, trims or refuses it as before and names the row).

A quote left open at the end of the file (pandas refuses the file; pyarrow would keep the rest of the
file as one cell) is caught by a sentinel row appended after the body: pyarrow must return it as a row
of its own.  Anything else -- a pyarrow error of any kind, an empty body, a NUL byte, a single column -- returns
None, and the caller reads the file as before.  ``tests/test_csv_fast.py`` compares both readers on
the demo data, on the bad-input corpus and on random CSV text.

Examples
--------
>>> t = parse_body("W1,2025-06-01 18:00\\nW2,\\n".encode(), 2, ",")
>>> t.values.tolist(), [str(d) for d in t.dtypes]
([['W1', '2025-06-01 18:00'], ['W2', nan]], ['str', 'str'])
"""
from __future__ import annotations

import codecs
import functools
import os
import re

import numpy as np
import pandas as pd

from ..pools import on_two_threads

__all__ = ["utf8_body", "utf8_start", "parse_body", "body_offset", "parse_pool", "longest_value", "longer_than",
           "all_ascii", "FirstBytes"]

_END = b"\x01end-of-body\x01"   # a sentinel row (no quote, no delimiter): see parse_body
_FILLED = re.compile(rb"\S")
_LONE_CR = re.compile(rb"\r(?!\n)")
_OTHER_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


#: The single bytes a UTF-8 CSV's bytes are searched for before and during the parse (a NUL, refused; a carriage
#: return, a quote: how pyarrow may read the body; ``=``, Excel's forced text): found by :class:`FirstBytes` in one
#: pass over the file.
SEARCHED = (b"\x00", b"\r", b'"', b"=")

#: :class:`FirstBytes` looks at a file in blocks of this many bytes: each block is searched for every byte not yet
#: found while it is in the caches.
_SCAN_BLOCK = 1 << 18


class FirstBytes:
    """Where each of some single bytes (``needles``) first occurs in ``data`` from byte ``start`` on, found in one
    pass over it, block by block; :meth:`find` then answers ``data.find(needle, at)`` for those bytes without another
    pass over the file.

    ``bytes.find`` (memchr) reads the whole file for a byte it does not hold: the four searches of a UTF-8 CSV (a NUL,
    a carriage return, a quote, ``=``) read the demo x100's 1.8 GB four times, ~0.5 s on the thread that waits to
    parse.  Here each block of :data:`_SCAN_BLOCK` bytes is searched for every byte not found yet while it is in
    the caches (a byte found is not looked for again): the same answers, from one pass over memory.

    ``aside=True``: the pass is made on a thread of its own (libc's ``memchr``, which lets go of the interpreter)
    when ``data`` is long and the machine has two cores, while the caller goes on (finding the header, parsing the
    body: :func:`parse_body`); :meth:`find` waits for it, :meth:`done` says whether it is over and :meth:`seen`
    which of the bytes it has found so far.  The answers are the same (tests/test_csv36_first_bytes_aside.py).

    Examples
    --------
    >>> fb = FirstBytes(b'a,b\\r\\n"x",y\\n')
    >>> fb.find(b"\\r"), fb.find(b'"'), fb.find(b"\\x00"), fb.find(b'"', 6), fb.find(b",", 2)
    (3, 5, -1, 7, 8)
    >>> FirstBytes(b'a,b\\n', aside=True).find(b"\\n")   # a short file: searched at once, on the caller's thread
    3
    """

    def __init__(self, data, needles: tuple = SEARCHED, start: int = 0, block: int | None = None,
                 aside: bool = False):
        self.data = data
        self.start = start
        self.first = None
        self._needles = tuple(needles)
        self._block = block or _SCAN_BLOCK
        self._thread = None
        self._partial: dict = {}
        if aside and len(data) >= _ASIDE_BYTES and (os.cpu_count() or 1) >= 2 and _memchr() is not None:
            import threading

            self._thread = threading.Thread(target=self._aside, name="windoweval-first-bytes", daemon=True)
            self._thread.start()
        else:
            self.first = self._search()

    def _search(self) -> dict:
        data, block = self.data, self._block
        first = {x: -1 for x in self._needles}
        left = list(first)
        n = len(data)
        for a in range(self.start, n, block):
            e = min(n, a + block)
            for x in left:
                at = data.find(x, a, e)
                if at >= 0:
                    first[x] = at
            left = [x for x in left if first[x] < 0]
            if not left:
                break
        return first

    def _aside(self) -> None:
        """The pass on this thread: blocks of 1 MiB (fewer calls), each searched by ``memchr`` for every byte not
        found yet; on any failure the caller's :meth:`wait` makes the pass itself."""
        try:
            memchr = _memchr()
            view = np.frombuffer(self.data, dtype=np.uint8)   # holds the map open while it is read
            base = view.ctypes.data
            first = {x: -1 for x in self._needles}
            left = list(first)
            n = len(view)
            for a in range(self.start, n, max(self._block, 1 << 20)):
                e = min(n, a + max(self._block, 1 << 20))
                for x in left:
                    at = memchr(base + a, x[0], e - a)
                    if at:
                        first[x] = at - base
                        self._partial[x] = at - base
                left = [x for x in left if first[x] < 0]
                if not left:
                    break
            del view
            self.first = first
        except Exception:   # noqa: BLE001 - the caller makes the pass itself (wait)
            self.first = None

    def done(self) -> bool:
        """Whether the pass is over (always, unless it runs aside)."""
        return self._thread is None or not self._thread.is_alive()

    def seen(self, *needles: bytes) -> bool:
        """Whether the pass has found any of ``needles`` so far (anywhere from ``start``)."""
        got = self.first if self.done() and self.first is not None else self._partial
        return any(got.get(x, -1) >= 0 for x in needles)

    def wait(self) -> None:
        """Wait for a pass made aside; made here if it failed there."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.first is None:
            self.first = self._search()

    def find(self, needle: bytes, at: int = 0) -> int:
        """``data.find(needle, at)``: from the pass made when ``needle`` was one of its bytes and ``at`` lies at or
        after its start (the first one found there, or none), else by searching ``data`` again."""
        self.wait()
        got = self.first.get(needle)
        if got is None or at < self.start or 0 <= got < at:
            return self.data.find(needle, at)
        return got


#: A file of at least this many bytes has its :class:`FirstBytes` pass made aside when asked (``aside=True``).
_ASIDE_BYTES = 8 << 20


@functools.lru_cache(maxsize=1)
def _memchr():
    """libc's ``memchr`` through ctypes (the call lets go of the interpreter), or None where it cannot be had."""
    try:
        import ctypes

        fn = ctypes.CDLL(None).memchr
        fn.restype = ctypes.c_void_p
        fn.argtypes = (ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t)
        return fn
    except Exception:   # noqa: BLE001 - no libc symbol (another platform): the pass on the caller's thread
        return None


def is_utf8(b, start: int = 0) -> bool:
    """Whether ``b[start:]`` is valid UTF-8 (as ``.decode("utf-8")`` would find it), checked by pyarrow in one pass.

    ``b`` may be any bytes-like object (a read-only map of the file: nothing is copied).

    Examples
    --------
    >>> is_utf8("受理时间".encode()), is_utf8("受理时间".encode("gb18030")), is_utf8(b"\\xed\\xa0\\x80")
    (True, False, False)
    >>> is_utf8(b"\\xff" + "受理".encode(), start=1)
    True
    """
    import pyarrow as pa

    buf = pa.py_buffer(b)
    arr = pa.Array.from_buffers(pa.large_binary(), 1, [None, pa.py_buffer(np.array([start, len(buf)], dtype=np.int64)),
                                                        buf])
    try:
        arr.view(pa.large_string()).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def utf8_start(b, check: bool = True) -> int | None:
    """Where the text of a UTF-8 file starts in its bytes ``b`` (after a byte-order mark), or None if it is not UTF-8.

    As :func:`utf8_body`, without copying: ``b`` may be a read-only map of the file.  ``check=False`` leaves out
    the pass over the whole file that checks it is UTF-8 (another BOM, or UTF-16 without one, still return None):
    for a caller whose parse checks every byte itself (:func:`parse_body` with ``check_utf8``).

    Examples
    --------
    >>> utf8_start(codecs.BOM_UTF8 + "工单号\\n".encode()), utf8_start("工单号\\n".encode("gb18030"))
    (3, None)
    >>> utf8_start("工单号\\n".encode("gb18030"), check=False), utf8_start("工单号".encode("utf-16"), check=False)
    (0, None)
    """
    start = _text_start(b)
    return start if start is not None and (not check or is_utf8(b, start)) else None


def utf16_without_bom(head: bytes) -> str | None:
    """The byte order of text in UTF-16 without a byte-order mark (SQL Server's ``bcp -w``, a "Unicode" export),
    judged from a file's first bytes; None for any other text.

    More than a quarter of the bytes zero (one beside each ASCII character): their side is the byte order.  A head
    that is mostly Chinese has few zero bytes (only its commas, digits and line breaks have one): it is UTF-16 in the
    byte order in which it decodes (no unpaired surrogate) to a table's text (:func:`_utf16_table_text`), and only
    one does.  UTF-8 and GB18030 text never holds a zero byte, so neither is ever taken for it.

    Examples
    --------
    >>> utf16_without_bom("受理,a\\n".encode("utf-16-le")), utf16_without_bom("ab".encode("utf-16-be"))
    ('utf-16-le', 'utf-16-be')
    >>> utf16_without_bom("受理时间".encode("gb18030")) is None
    True
    >>> head = "受访者编号,窗口名称,意见建议\\r\\n城东营业厅的工作人员态度很好,城东营业厅,很满意\\r\\n"
    >>> utf16_without_bom(head.encode("utf-16-le")), utf16_without_bom(head.encode("utf-16-be"))
    ('utf-16-le', 'utf-16-be')
    >>> utf16_without_bom(head.encode("utf-8")) is None, utf16_without_bom(head.encode("gb18030")) is None
    (True, True)
    """
    if not head or 0 not in head:
        return None
    if head.count(0) > len(head) // 4:
        return "utf-16-be" if head[0::2].count(0) > head[1::2].count(0) else "utf-16-le"
    fits = [enc for enc in ("utf-16-le", "utf-16-be") if _utf16_table_text(head, enc)]
    return fits[0] if len(fits) == 1 else None


def _in_ranges(cps, ranges) -> np.ndarray:
    got = np.zeros(len(cps), dtype=bool)
    for lo, hi in ranges:
        got |= (cps >= lo) & (cps <= hi)
    return got


#: The characters of a Chinese table's text: ASCII's printable ones and its tab and line breaks, Latin-1's (·, ×),
#: general punctuation (—, …, “”), letter-like symbols and circled numbers (℃, ①), CJK punctuation, the unified
#: ideographs and full-width forms.  The wrong byte order of UTF-16 turns a comma into U+2C00, a line break into
#: U+0A00, a digit into U+3100-U+3900 and a Chinese character anywhere (Hangul, private use, surrogates).
_TABLE_TEXT = ((0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x206F), (0x2100, 0x218F),
               (0x2460, 0x24FF), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def _utf16_table_text(head: bytes, enc: str) -> bool:
    """Whether ``head`` (a file's first bytes, cut anywhere) decodes in ``enc`` to the text of a table: every code
    unit paired (no unpaired surrogate), a line break or a delimiter among the characters (a table's text in UTF-16
    has them; each needs a zero byte beside it), and 98 % of the characters from :data:`_TABLE_TEXT`."""
    try:
        text = codecs.getincrementaldecoder(enc)().decode(head[:len(head) // 2 * 2], final=False)
    except UnicodeDecodeError:
        return False
    if not text or not any(c in text for c in "\n,\t;"):
        return False
    cps = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    return bool(_in_ranges(cps, _TABLE_TEXT).mean() >= 0.98)


def _text_start(b) -> int | None:
    """Where a file's text starts after a UTF-8 byte-order mark; None for another BOM or UTF-16 without one."""
    head = bytes(b[:8])
    if any(head.startswith(bom) for bom in _OTHER_BOMS):
        return None
    start = 0
    if head.startswith(codecs.BOM_UTF8):
        start = 3
        if head[3:].startswith(codecs.BOM_UTF8):   # the text reader drops one more after decoding utf-8-sig
            start = 6
    first = bytes(b[start:start + 4096])
    if 0 in first and utf16_without_bom(first) is not None:   # UTF-16 without a BOM, ASCII's or mostly Chinese
        return None
    return start


def utf8_body(b: bytes) -> bytes | None:
    """The bytes of the text :func:`~windoweval.records.io.read_tables` would read, when the file is UTF-8.

    A UTF-8 byte-order mark is dropped (and a second one, as the text reader drops it); None for
    any file :func:`~windoweval.records.io.decode` would read otherwise (another BOM, UTF-16
    without one, not UTF-8): those take the text path.  (:func:`utf8_start` says where, without a copy.)

    Examples
    --------
    >>> utf8_body(codecs.BOM_UTF8 + "工单号\\n".encode()), utf8_body("工单号\\n".encode("gb18030"))
    (b'\\xe5\\xb7\\xa5\\xe5\\x8d\\x95\\xe5\\x8f\\xb7\\n', None)
    """
    start = utf8_start(b)
    return None if start is None else bytes(b[start:])


def head_text(body, size: int = 1 << 20, start: int = 0) -> tuple[str, bool]:
    """The text of the first ``size`` bytes of a UTF-8 body (from byte ``start`` of ``body``), cut after a line;
    and whether it is the whole body.

    Examples
    --------
    >>> head_text("a,b\\n1,2\\n".encode(), 5)
    ('a,b\\n', False)
    """
    if len(body) - start <= size:
        return bytes(body[start:]).decode("utf-8"), True
    cut = body.rfind(b"\n", start, start + size)
    if cut < 0:
        return "", False
    return bytes(body[start: cut + 1]).decode("utf-8"), False


def body_offset(data: bytes, lines: int, start: int = 0) -> int | None:
    """Where line ``lines + 1`` starts in ``data`` (its text from byte ``start``), when the first ``lines`` lines are
    plain (no quote, NUL, lone CR).

    Those lines are then rows for the header search and lines for pandas' ``skiprows`` alike.

    Examples
    --------
    >>> body_offset(b"title\\na,b\\n1,2\\n", 2), body_offset(b'"a\\nb",c\\n1,2\\n', 1)
    (10, None)
    """
    pos = start
    for _ in range(lines):
        nl = data.find(b"\n", pos)
        if nl < 0:
            return None
        line = data[pos:nl]
        if b'"' in line or b"\x00" in line or b"\r" in line[:-1]:
            return None
        pos = nl + 1
    return pos


def parse_body(data: bytes, width: int, sep: str, start: int = 0, check_utf8: bool = False,
               nul_checked: bool = False, timestamps=(), found: FirstBytes | None = None,
               categories=(), days=()) -> pd.DataFrame | None:
    """The rows of a CSV body (UTF-8, no header: ``data`` from byte ``start`` on) as columns ``0..width-1`` of text,
    as pandas reads them; or None.

    ``check_utf8``: the body was not checked to be UTF-8; pyarrow checks every cell as it converts it (every byte
    that is not a cell's is a delimiter, a quote or a line end: ASCII), and a body that is not UTF-8 returns None.
    ``nul_checked``: the caller has refused a NUL byte in ``data[start:]`` already (``records.io`` does, naming its
    row), so the body is not scanned for one a second time.
    ``found``: a :class:`FirstBytes` of ``data`` (the caller's one pass over the file): the body is searched for a
    NUL, a carriage return and a quote through it, not once more for each.  When that pass runs aside and is not
    over (and has found no carriage return, quote or NUL so far), the parse is begun as for a body without a quote
    while it runs, and kept only if the pass then finds neither a quote nor a lone carriage return: the same parse
    as after the pass, begun earlier (a file with a quote is parsed again as such; session 36).
    ``timestamps``: the columns (0-based) the caller will read as date-times (the mapping takes them as they are, the
    contract types them): pyarrow parses them as ISO date-times while it parses the file, on its own threads, and they
    come back as ``datetime64[ns]`` (the text is never made).  This is the cast :func:`~windoweval.records.validate.
    _fast_column` makes of such a column's text (``pc.cast(text, pa.timestamp("s"))``, blanks read as missing, every
    value within what ``datetime64[ns]`` holds): when any value of those columns is not in that form (another form of
    date, a zone, a fraction, a blank around it, a date out of range), or a quoted body's sentinel row does not come
    back (its typed cells are empty), the body is parsed again with every column as text, exactly as without
    ``timestamps``, and the per-value path names each problem with its row (``tests/test_csv15_typed.py`` compares
    both on hostile values).
    ``categories``: the columns (0-based) the mapping recodes through ``values`` (a column of a few codes): pyarrow
    parses them as dictionaries, each column's text is then made from its dictionary and indices (the same text, in
    the same chunks, as parsed as text) and the dictionary kept beside it (:func:`dictionary_of`), so the recode looks
    each code up in the dictionary and takes the rows by the indices, with no search of the rows for their distinct
    values (``mapping._as_written``).  A quoted body's columns are parsed as text (its sentinel row would be a value
    of the dictionary); a parse that fails with dictionaries is made again without them.
    ``days``: those of ``timestamps`` that hold dates by contract (type ``date``): a midnight there is its day, so
    it does not send the body to the text path, as a midnight in a date-time column does (a date alone is told from
    a written 00:00 there; csv44: the demo's meter readings, whose every 抄表例日 is a midnight, were read as text).

    None whenever pyarrow cannot be sure to give what pandas' C reader gives (see the module):
    the caller then reads the text with pandas.  The body is not copied (pyarrow reads a slice of
    ``data``), except to append the sentinel row after a body with quotes.

    Examples
    --------
    >>> parse_body(b"1,2\\n3\\n", 2, ",") is None      # a short row: pandas fills it, pyarrow refuses it
    True
    >>> parse_body(b"a,b\\n1,2\\n", 2, ",", start=4).values.tolist()
    [['1', '2']]
    """
    find = found.find if found is not None and found.data is data else data.find
    if (width < 2 or sep not in (",", "\t") or (not nul_checked and find(b"\x00", start) >= 0)
            or not _FILLED.search(data, start)):
        return None
    names = [f"c{i}" for i in range(width)]
    typed = sorted({int(i) for i in timestamps if 0 <= int(i) < width})
    cats = sorted({int(i) for i in categories if 0 <= int(i) < width} - set(typed))
    early: dict = {}   # the parse begun while the pass over the bytes runs aside, as if the body had no quote
    if (found is not None and found.data is data and not found.done()
            and not found.seen(b"\r", b'"', b"\x00")):
        quoted = False   # (the common case: kept only if the pass then finds no quote and no lone CR; session 36)
        early[tuple(typed)] = _read_body(data, start, names, typed, quoted, sep, check_utf8, cats)
    # a lone CR: pandas has quirks there
    if find(b"\r", start) >= 0 and _LONE_CR.search(data, start):
        return None
    # no quote, no newline inside a cell: pyarrow may split the file between threads
    quoted = find(b'"', start) >= 0
    if quoted:
        early.clear()   # begun as if unquoted: dropped before the body is parsed as it is

    if quoted:
        cats = []   # the sentinel row would be a value of each dictionary: text, as before

    def read(typed):
        if not quoted and tuple(typed) in early:   # begun already, as this very parse
            tab = early.pop(tuple(typed))
        else:
            tab = _read_body(data, start, names, typed, quoted, sep, check_utf8, cats)
        if tab is None and cats and not typed:   # never a refusal of the dictionaries' own: made as before
            tab = _read_body(data, start, names, typed, quoted, sep, check_utf8)
        return tab

    def ends_well(tab, typed):   # a quoted body: the sentinel row came back as a row of its own
        last = tab.slice(tab.num_rows - 1).to_pylist() if tab.num_rows else [{}]
        return list(last[0].values()) == _sentinel(width, typed)

    tab = read(typed) if typed else None
    if tab is not None and quoted and not ends_well(tab, typed):
        tab = None   # a quote left open: the text path decides, as without typed columns
    stamps = None
    texts: dict = {}   # {column: its text, read again}: a date-time column holding a midnight
    if tab is not None:   # the records' date-times as nanoseconds, each value's range checked as it is written (one
        rows = tab.num_rows - 1 if quoted else tab.num_rows   # pass, where a min_max of every column read them first)
        midnights: set = set()
        stamps = _datetimes64([tab.column(i).slice(0, rows) for i in typed],
                              [k for k, i in enumerate(typed) if i not in set(days)], midnights)
        if stamps is None:
            tab = None   # a date datetime64[ns] cannot hold: the text path refuses it with its row
        elif midnights:   # a date alone parses as its 00:00: those columns' text read again (them alone), for the
            again = [typed[k] for k in sorted(midnights)]   # text path to tell a date alone from a written 00:00
            texts = _texts_of(data, start, names, again, quoted, sep, check_utf8, tab.num_rows) or {}
            if not texts:
                tab = None   # (never seen: the same tokens as the typed parse) the whole body as text, as before
            else:
                stamps = [st for k, st in enumerate(stamps) if k not in midnights]
                typed = [i for i in typed if i not in texts]
    if tab is None:
        typed, stamps = [], []
        tab = read(typed)
        if tab is None or (quoted and not ends_well(tab, typed)):
            return None
    if quoted:
        tab = tab.slice(0, tab.num_rows - 1)
    if not tab.num_rows:
        return None
    stamps = dict(zip(typed, stamps))
    text = {i: _text_of_dictionary(tab.column(i)) for i in range(width) if pa_is_dictionary(tab.column(i))}
    text.update(texts)
    cols = {i: (pd.Series(stamps[i], copy=False) if i in typed else
                pd.Series(pd.arrays.ArrowStringArray(text.get(i, tab.column(i)),
                                                     dtype=pd.StringDtype("pyarrow", na_value=np.nan))))
            for i in range(width)}
    return pd.DataFrame(cols, copy=False)   # the columns as pyarrow gave them: nothing copied


def _texts_of(data, start: int, names: list, cols: list, quoted: bool, sep: str, check_utf8: bool,
              rows: int) -> dict | None:
    """The text of columns ``cols`` (0-based) of the body, parsed again with them alone converted (pyarrow's
    ``include_columns``: the other cells are split, not converted), as the text path parses them: ``{column: text}``,
    without a quoted body's sentinel row.  None unless the parse gives the ``rows`` rows the typed parse gave
    (sentinel included) and, quoted, the sentinel in its last row: then the whole body is read as text."""
    tab = _read_body(data, start, names, [], quoted, sep, check_utf8, only=[names[i] for i in cols])
    if tab is None or tab.num_rows != rows:
        return None
    if quoted:
        if any(tab.column(k)[rows - 1].as_py() != _END.decode() for k in range(len(cols))):
            return None
        tab = tab.slice(0, rows - 1)
    return {i: tab.column(k) for k, i in enumerate(cols)}


def _read_body(data, start: int, names: list, typed: list, quoted: bool, sep: str, check_utf8: bool,
               categories=(), only=None):
    """:func:`parse_body`'s parse of ``data`` from ``start`` (``typed``: the columns read as ISO date-times;
    ``quoted``: the body holds a quote, so a sentinel row is appended and values may span lines; ``categories``: the
    columns read as dictionaries of text; ``only``: the names of the columns converted and returned, None: all);
    None where pyarrow refuses it."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    width = len(names)
    types = {n: pa.large_string() for n in names}
    types.update({names[i]: pa.dictionary(pa.int32(), pa.large_string()) for i in categories})
    types.update({names[i]: pa.timestamp("s") for i in typed})
    if quoted:  # a row of its own after the body: swallowed into a cell if a quote is left open (pandas refuses it)
        end = sep.encode().join(b"" if v is None else _END for v in _sentinel(width, typed))
        # (after the body's own last line break, never an empty line of its own: that would be a blank row)
        nl = b"" if data[-1:] == b"\n" else b"\n"
        # one copy of the body, made by the join (a slice of the file's map and then a sum of bytes made two,
        # each written to fresh memory: 0.11 s instead of 0.03 s for the demo x100's 50 MB of transcripts)
        with memoryview(data) as view:
            buf = pa.py_buffer(b"".join((view[start:], nl, end, b"\n")))
    else:
        buf = pa.py_buffer(data).slice(start)
    try:
        return pacsv.read_csv(
            buf,
            # blocks of 2 MiB (1 MiB by default; 4 MiB until csv41): the checks after read each piece's offsets and
            # bytes with numpy, and smaller blocks took less of the parse's CPU
            read_options=pacsv.ReadOptions(column_names=names, block_size=_BLOCK),
            parse_options=pacsv.ParseOptions(delimiter=sep, quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=quoted,
                                             # an empty line is a row of empty cells, as pandas reads it: a blank
                                             # row the spreadsheet numbers, left out later with the numbers kept
                                             ignore_empty_lines=False),
            # large_string: the type pandas keeps its text in (no cast of every column's offsets afterwards)
            convert_options=pacsv.ConvertOptions(column_types=types, null_values=[""], include_columns=only,
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True,
                                                 check_utf8=check_utf8),
            memory_pool=parse_pool())
    except (pa.ArrowException, ValueError):
        return None


#: The bytes of a block of the parse: a column comes back in chunks of about this many bytes' rows.  2 MiB (csv41;
#: 4 MiB before): the demo x100's read and validation 0.961x the CPU in the same rounds (0.939-0.970), the peak no
#: higher; 1 MiB took 0.956x but a 6 % higher peak.
_BLOCK = 2 << 20


def pa_is_dictionary(col) -> bool:
    """Whether a pyarrow column is a dictionary (a column :func:`parse_body` read as categories)."""
    import pyarrow as pa

    return pa.types.is_dictionary(col.type)


#: The dictionary of each text column :func:`parse_body` made from one: ``{id(text): (weak reference to the text,
#: the column as dictionaries unified)}``, an entry dropped with its text.
_DICTIONARIES: dict = {}


def _text_of_dictionary(col):
    """A column parsed as dictionaries (``large_string`` values), as the text column the parse gives (each chunk's
    values taken by its indices, in the parse's pool: the same text and chunks), its dictionaries unified and kept
    for :func:`dictionary_of`.

    With :data:`_SPLIT_STAMPS` values or more (and two cores), the chunks in two halves of about as many values, the
    second half's taken on a thread of its own while the caller takes the first (pyarrow's ``take`` lets go of the
    interpreter): at the demo x100 the counter's ``business_type`` (4.3 million values) was taken on one core, the
    other idle, 0.03-0.09 s between the parse and the mapping (csv47).  The same text and chunks either way.

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.large_string()
    >>> d = pa.chunked_array([pa.array(["柜台", None, "柜台"], t).dictionary_encode(), pa.array(["网络"], t).dictionary_encode()])
    >>> _text_of_dictionary(d).to_pylist(), _text_of_dictionary(d).num_chunks
    (['柜台', None, '柜台', '网络'], 2)
    """
    import weakref

    import pyarrow as pa
    import pyarrow.compute as pc

    pool = parse_pool()
    uni = col.unify_dictionaries(memory_pool=pool) if col.num_chunks else col
    chunks = uni.chunks

    def taken(part: list) -> list:
        return [pc.take(ch.dictionary, ch.indices, memory_pool=pool) for ch in part]

    if len(uni) < _SPLIT_STAMPS or len(chunks) < 2 or (os.cpu_count() or 1) < 2:
        parts = taken(chunks)
    else:
        half = min(int(np.searchsorted(np.cumsum([len(ch) for ch in chunks]), len(uni) // 2)) + 1, len(chunks) - 1)
        first, second = on_two_threads(lambda: taken(chunks[:half]), lambda: taken(chunks[half:]),
                                       "windoweval-dictionary-text")
        parts = first + second
    text = pa.chunked_array(parts, type=pa.large_string())
    if uni.num_chunks and not uni.chunk(0).dictionary.null_count:   # every chunk's dictionary the same one now
        key = id(text)
        _DICTIONARIES[key] = (weakref.ref(text, lambda r, key=key: _forget(key, r)), uni)
    return text


def _forget(key: int, ref) -> None:
    got = _DICTIONARIES.get(key)
    if got is not None and got[0] is ref:
        _DICTIONARIES.pop(key, None)


def dictionary_of(arr):
    """The column ``arr`` (a pyarrow text column) as dictionaries, all chunks sharing one, when :func:`parse_body`
    made ``arr`` itself from them (the very object: a column cut, trimmed or made anew is not); else None.  The
    dictionary holds each value of the column once, in the order of its first row (as ``pc.unique`` gives them; a
    missing value is in the indices, never in the dictionary), and each chunk's indices are its rows.

    Examples
    --------
    >>> t = parse_body("W1,柜台\\nW2,\\nW3,柜台\\nW4,网络\\n".encode(), 2, ",", categories=[1])
    >>> arr = t[1].array._pa_array
    >>> d = dictionary_of(arr)
    >>> d.chunk(0).dictionary.to_pylist(), d.chunk(0).indices.to_pylist(), arr.to_pylist()
    (['柜台', '网络'], [0, None, 0, 1], ['柜台', None, '柜台', '网络'])
    >>> dictionary_of(t[0].array._pa_array) is None, dictionary_of(arr.slice(1)) is None
    (True, True)
    """
    got = _DICTIONARIES.get(id(arr))
    if got is None or got[0]() is not arr:
        return None
    return got[1]


def _sentinel(width: int, typed) -> list:
    """The last row a quoted body must give back (:func:`parse_body`): ``_END`` in each text column, a typed one
    empty."""
    return [None if i in typed else _END.decode() for i in range(width)]


def parse_pool():
    """The Arrow memory pool :func:`parse_body`'s tables are allocated from: the system allocator's (``malloc``),
    unless a pool was chosen for the process (``ARROW_DEFAULT_MEMORY_POOL``: the user's, or the program's for
    ``score``, :mod:`windoweval.pools`), then that one (None: Arrow's default).

    Why: the records of one file are parsed, validated and freed before the next file is parsed.  Arrow's default
    pool (mimalloc) gives the freed pages back to the kernel 10 ms after they are freed, page range by page range,
    while the parse's threads run, and the next file's parse asks for them again: at the demo x30 a third of the
    read's CPU was system time (0.9-1.2 s of 3.1-3.4 s).  ``malloc`` keeps what a file freed for the next one
    (below its trim threshold) and maps the largest buffers afresh: system time 0.36-0.61 s, the whole read's CPU
    0.80-0.85x (benchmarks/README.md, "Session 19 — reading CSV records").  The values read are the same whatever
    the pool; only where their bytes live differs.

    Examples
    --------
    >>> parse_pool() is None or parse_pool().backend_name == "system"
    True
    """
    import pyarrow as pa

    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return None
    return pa.system_memory_pool()


# what a datetime64[ns] column holds, in whole seconds (as validate._S_LO/_S_HI: a date outside is refused there)
_S_LO = pd.Timestamp.min.ceil("s").value // 1_000_000_000
_S_HI = pd.Timestamp.max.floor("s").value // 1_000_000_000


#: At least this many date-times in all are written as nanoseconds on two threads (:func:`_datetimes64`).
_SPLIT_STAMPS = 200_000


def _datetimes64(cols: list, clock=None, midnights: set | None = None) -> list | None:
    """Each ``timestamp[s]`` column (pyarrow) as ``datetime64[ns]``, missing values NaT; None when a value lies outside
    what ``datetime64[ns]`` holds (its range checked chunk by chunk as the chunk is written, while its seconds are in
    the caches: the parse's ``pc.min_max`` of every typed column read them all from memory once more first, 0.085 s
    of the calling thread over the demo x100's 35 typed columns; csv42).  With many
    values in all, their chunks in two halves of about as many values, one written on a thread of its own while the
    caller writes the other (numpy lets go of the interpreter; the time is mostly the fresh memory's first writes):
    at the demo x100 the counter's four date-times took 0.07-0.18 s on the thread that parses, the other core idle;
    split, the counter's ``parse_body`` took 0.67-0.71 s (median 0.68) instead of 0.68-0.78 s (median 0.71; medians of
    three calls, six alternations; session 34).  The same values either way.  ``clock``: the positions in ``cols`` of
    the columns whose midnights send the body to the text path (a date-time column's: a date alone is told from a
    written 00:00 there); None: every column (a date column's midnight is its day: not asked; csv44).
    ``midnights``: a set given, the positions of the columns asked that hold a midnight are put in it and the answer
    is the columns (the caller reads those again as text), where without it such a column's midnight answers None.

    Examples
    --------
    >>> import pyarrow as pa
    >>> ts = pa.timestamp("s")
    >>> got = _datetimes64([pa.chunked_array([[2, None], [60]], ts), pa.chunked_array([[1]], ts)])
    >>> [[str(x) for x in a] for a in got]
    [['1970-01-01T00:00:02.000000000', 'NaT', '1970-01-01T00:01:00.000000000'], ['1970-01-01T00:00:01.000000000']]
    >>> _datetimes64([pa.chunked_array([[1], [10 ** 10]], ts)]) is None     # the year 2286: no datetime64[ns]
    True
    >>> _datetimes64([pa.chunked_array([[1], [86_400]], ts)]) is None       # a midnight: the text path tells a date alone
    True
    >>> len(_datetimes64([pa.chunked_array([[1], [86_400]], ts)], clock=[]))   # in a column of dates: its day
    1
    >>> seen = set(); len(_datetimes64([pa.chunked_array([[1]], ts), pa.chunked_array([[86_400]], ts)], None, seen)), seen
    (2, {1})
    """
    clock = set(range(len(cols)) if clock is None else clock)
    outs = [np.empty(len(col), dtype="datetime64[ns]") for col in cols]
    work = []   # (chunk, where its values go, whether its midnights matter)
    for k, (col, out) in enumerate(zip(cols, outs)):
        pos = 0
        for ch in col.chunks:
            work.append((ch, out.view(np.int64)[pos:pos + len(ch)], k if k in clock else None))
            pos += len(ch)
    total = sum(len(w[0]) for w in work)
    if total < _SPLIT_STAMPS or len(work) < 2 or (os.cpu_count() or 1) < 2:
        return outs if _chunks_as_ns(work, midnights) else None
    import threading

    half = int(np.searchsorted(np.cumsum([len(w[0]) for w in work]), total // 2)) + 1
    box: dict = {}

    def other():
        try:
            box["ok"] = _chunks_as_ns(work[half:], midnights)
        except BaseException as e:   # noqa: BLE001 - raised below, on the caller's thread
            box["err"] = e

    t = threading.Thread(target=other, name="windoweval-stamps", daemon=True)
    t.start()
    try:
        ok = _chunks_as_ns(work[:half], midnights)
    finally:
        t.join()
    if "err" in box:
        raise box["err"]
    return outs if ok and box["ok"] else None


def _chunks_as_ns(work: list, midnights: set | None = None) -> bool:
    """Each ``timestamp[s]`` chunk's seconds written as nanoseconds into its place (``(chunk, int64 view, its
    column's position if its midnights matter, else None)``), missing values as NaT's integer (as
    :func:`seconds_as_ns`); whether every value present lay within what ``datetime64[ns]`` holds (``_S_LO``..``_S_HI``
    seconds: beyond, the product wraps) and, where they matter, at no midnight, read from the chunk's seconds while
    they are in the caches (``midnights`` a set: a column with a midnight is put in it instead, and asked no more).
    A missing value's seconds (whatever the buffer holds there) are read as 1, which lies within and at no midnight:
    the answer is that of the values present alone."""
    ok = True
    for ch, ns, k in work:
        m = len(ch)
        if m:
            secs = np.frombuffer(ch.buffers()[1], dtype=np.int64, count=m, offset=ch.offset * 8)
            np.multiply(secs, 1_000_000_000, out=ns)
            gone = ch.is_null().to_numpy(zero_copy_only=False) if ch.null_count else None
            if ok:
                present = secs if gone is None else np.where(gone, 1, secs)   # (1: within range, no midnight)
                ok = bool(_S_LO <= present.min() and present.max() <= _S_HI)
                if ok and k is not None and (midnights is None or k not in midnights) and not _no_midnight(present):
                    if midnights is None:
                        ok = False
                    else:
                        midnights.add(k)
            if gone is not None:
                ns[gone] = np.iinfo(np.int64).min   # NaT
    return ok


def _no_midnight(secs: np.ndarray) -> bool:
    """Whether no time of ``secs`` lies at a midnight: a value written as a date alone (``2025-06-02``) parses as its
    day's 00:00 here, where the text path marks it as a date alone (``calendar.DATE_ONLY_NS``: no minute or hour limit
    is proved met by it; session 43, review43's find: an attendance file's clock-ins written as dates passed the
    10-minute rule).  A column holding a midnight is read by the text path, which tells a date alone from a written
    00:00.

    A midnight is a multiple of 86,400 = 2^7 x 675 seconds, so its low seven bits are zero (two's complement: before
    1970 too): only those values are divided (the base layer's one test, :func:`windoweval.calendar.at_time_of_day`).

    Examples
    --------
    >>> _no_midnight(np.array([1, 128, 43_200])), _no_midnight(np.array([5, -86_400])), _no_midnight(np.array([], int))
    (True, False, True)
    """
    from ..calendar import at_time_of_day

    return not len(at_time_of_day(secs, 0, 86_400))


def seconds_as_ns(col, ns: np.ndarray, pos: int) -> None:
    """A ``timestamp[s]`` column's seconds (pyarrow, chunked, within range) written as nanoseconds into ``ns`` from
    ``pos``, each chunk at once, missing values as NaT's integer (used here and by ``validate._iso_piece``)."""
    for ch in col.chunks:
        m = len(ch)
        if m:
            secs = np.frombuffer(ch.buffers()[1], dtype=np.int64, count=m, offset=ch.offset * 8)
            np.multiply(secs, 1_000_000_000, out=ns[pos:pos + m])
            if ch.null_count:
                ns[pos:pos + m][ch.is_null().to_numpy(zero_copy_only=False)] = np.iinfo(np.int64).min   # NaT
        pos += m


#: Values a piece of :func:`longest_value`: its differences of offsets stay in the caches and in memory the allocator
#: reuses, never fresh memory as long as the column.
_PIECE = 1 << 16


def _text_chunks(arr):
    """The chunks of a pyarrow string or binary array (chunked or not), each with its offsets as numpy (no copy) and
    its data buffer; None for any other type."""
    import pyarrow as pa

    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    if arr.type not in (pa.large_string(), pa.large_binary(), pa.string(), pa.binary()):
        return None
    wide = arr.type in (pa.large_string(), pa.large_binary())
    out = []
    for ch in chunks:
        n = len(ch)
        if n:
            bufs = ch.buffers()
            out.append((np.frombuffer(bufs[1], dtype=np.int64 if wide else np.int32, count=n + 1,
                                      offset=ch.offset * (8 if wide else 4)), bufs[2]))
    return out


def longest_value(arr) -> int | None:
    """The byte length of the longest value of a pyarrow text array (a missing value: 0), from its offsets alone,
    piece by piece: no array of lengths as long as the column (``pc.max(pc.binary_length(arr))`` makes one, eight
    bytes a value, in fresh memory the kernel zeroes).  At least the characters of each value (UTF-8), so a bound
    that holds for it holds for their number.  None for an array that is not text.

    Examples
    --------
    >>> import pyarrow as pa
    >>> longest_value(pa.chunked_array([["PW01", None], ["受理时间", ""]])), longest_value(pa.array([], pa.string()))
    (12, 0)
    >>> longest_value(pa.array([1, 2])) is None
    True
    """
    chunks = _text_chunks(arr)
    if chunks is None:
        return None
    best = 0
    for offs, _data in chunks:
        for b in range(0, len(offs) - 1, _PIECE):
            o = offs[b:b + _PIECE + 1]
            best = max(best, int((o[1:] - o[:-1]).max()))
    return best


def longer_than(arr, limit: int) -> bool | None:
    """Whether a value of a pyarrow text array is longer than ``limit`` bytes (``longest_value(arr) > limit``), from
    its offsets, mostly without a value's length: the values are taken in runs whose bytes together are about half
    ``limit`` (at the column's mean length), and a run of at most ``limit`` bytes in all holds no value longer; only
    a run of more is looked at value by value.  One offset in a few thousand read for a column of ids or dates,
    where :func:`longest_value` read every one (the CSV's check of every column, session 36).  None for an array that
    is not text.

    Examples
    --------
    >>> import pyarrow as pa
    >>> a = pa.chunked_array([["PW01", None] * 50, ["受理时间", ""]])
    >>> longer_than(a, 12), longer_than(a, 11), longer_than(pa.array([1]), 5)
    (False, True, None)
    """
    chunks = _text_chunks(arr)
    if chunks is None:
        return None
    for offs, _data in chunks:
        n = len(offs) - 1
        total = int(offs[-1]) - int(offs[0])
        if total <= limit:   # every value of the chunk together: none longer
            continue
        run = max(1, min(n, (limit // 2) * n // total))   # values a run, about limit / 2 bytes at the mean length
        ends = np.append(offs[::run], offs[-1:])   # each run's first offset, and the chunk's end (a run may be short)
        over = np.flatnonzero(ends[1:] - ends[:-1] > limit)
        for k in over.tolist():   # a run of more than limit bytes: its values' own lengths
            o = offs[k * run:min(n, (k + 1) * run) + 1]
            if int((o[1:] - o[:-1]).max()) > limit:
                return True
    return False


def all_ascii(arr) -> bool | None:
    """Whether every byte of a pyarrow text array's values is ASCII: one pass over each chunk's bytes (numpy), not a
    test per value (``pc.all(pc.string_is_ascii(arr))``).  A missing value's bytes, if it had any, would count too
    (an answer of False then only sends the caller the longer way).  None for an array that is not text.

    Examples
    --------
    >>> import pyarrow as pa
    >>> all_ascii(pa.chunked_array([["PW01", None], ["GD003"]])), all_ascii(pa.array(["PW01", "ＧＤ００３"]))
    (True, False)
    """
    chunks = _text_chunks(arr)
    if chunks is None:
        return None
    for offs, data in chunks:
        lo, hi = int(offs[0]), int(offs[-1])
        if hi > lo and np.frombuffer(data, dtype=np.uint8, count=hi - lo, offset=lo).max() >= 0x80:
            return False
    return True
