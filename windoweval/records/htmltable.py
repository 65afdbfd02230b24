"""The tables of an HTML page saved under an ``.xls`` name (many Chinese government and hospital systems' "export to
Excel"), read with the standard library alone: no new dependency, nothing run or fetched.  The page is cut into
:mod:`html.parser`'s events by compiled patterns (:class:`_Tokens`): a plain row (``<tr>``, its cells with no span,
their text with no tag but ``<br>``: most of an export) matched whole, any other markup a token at a time; the
cells are those :class:`html.parser.HTMLParser` reads (tests/test_records23_html_fast.py holds the two side by
side), at about a sixth of its time.

Each ``<table>`` becomes a grid of cell texts as a spreadsheet shows the page: ``rowspan``/``colspan`` spread (the
value in the range's first cell, the others blank, as a workbook's merged cells read; the ranges returned so the
reader fills a range merged down over records as it does a workbook's), entities decoded, ``<br>`` a line break
inside the cell, numbers as text exactly as written (``000123``, ``1,234``).  A nested table is a table of its own.
Script, style and comment text is never a cell.  :func:`html_tables_streamed` reads a page in pieces and hands each
row on as it closes (records read so: a page's cells are never all held).  A hostile page is refused before it costs memory: more cells, more
open tags or a larger span than a spreadsheet could hold.

Examples
--------
>>> grids = html_tables('<table><tr><th>工单号</th><th colspan="2">时间</th></tr>'
...                     '<tr><td>001</td><td>a&amp;b</td><td>x<br>y</td></tr></table>')
>>> grids[0].rows, grids[0].spans
([['工单号', '时间', ''], ['001', 'a&b', 'x\\ny']], [(1, 2, 1, 3)])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

#: A spreadsheet's limits (Excel): no page read here holds more.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
#: Tables open at once (tables within tables): a page deeper than this is no export.
MAX_DEPTH = 256
#: Cells in all the page's tables together.
MAX_CELLS = 50_000_000
#: The largest page read whole (:func:`html_tables`: a survey delivery), in bytes.  Its cells are held as text while it
#: is read, about nine times the page's size at the peak (a 100 MB page of 480,000 rows of ten cells: 0.92 GB); a
#: larger page is refused before it is read, with the fix: export CSV or XLSX, or split the export.  Records read a
#: page streaming (:func:`html_tables_streamed`), up to :data:`STREAM_MAX_BYTES`.
MAX_BYTES = 128 * 1024 * 1024
#: About how many times its size a page held whole takes in memory at the peak (:data:`MAX_BYTES`' message).
HELD_TIMES = 9
#: The largest page read streaming (:func:`html_tables_streamed`: records), in bytes, and about how many times its
#: size it takes in memory at the peak: an 85 MB page of 400,000 rows of ten cells peaked 2.8 times its size above
#: the import (0.35 GB RSS; read whole: 7.9 times, 0.78 GB), the frame of its records most of it (the same rows as
#: a CSV: 286 MB); a 512 MB page some 1.5 GB.
STREAM_MAX_BYTES = 512 * 1024 * 1024
STREAM_TIMES = 3


class HtmlTableError(ValueError):
    """The page cannot be read as tables: ``zh``, ``en`` say why and what to do.

    Examples
    --------
    >>> e = HtmlTableError("表格嵌套过深", "tables nested too deep")
    >>> str(e), e.en
    ('表格嵌套过深 / tables nested too deep', 'tables nested too deep')
    """

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass
class Grid:
    """One table: ``rows`` of cell texts (ragged rows padded to the widest), ``spans`` the ranges merged (first row,
    first column, last row, last column; 1-based) as a workbook names them.

    Examples
    --------
    >>> g = html_tables('<table><tr><td rowspan="2">A</td><td>1</td></tr><tr><td>2</td></tr></table>')[0]
    >>> g.rows, g.spans
    ([['A', '1'], ['', '2']], [(1, 1, 2, 1)])
    """

    rows: list = field(default_factory=list)
    spans: list = field(default_factory=list)
    #: Streaming (:func:`html_tables_streamed`): each row handed to ``sink`` as it closes, never kept in ``rows``;
    #: ``n`` rows so far, ``width`` the widest, ``filled``: a cell held text.
    sink: object = None
    n: int = 0
    width: int = 0
    filled: bool = False
    # being built
    _row: list | None = None
    _cell: list | None = None
    _span: tuple = (1, 1)
    _down: dict = field(default_factory=dict)   # column -> rows it is still covered by a rowspan from above

    def start_row(self) -> None:
        self.end_row()
        self._row = []

    def end_row(self) -> None:
        self.end_cell()
        if self._row is None:
            return
        row = self._row
        # columns still covered by a rowspan from above at the row's end
        while len(row) in self._down:
            row.append("")
        if self.sink is None:
            self.rows.append(row)
        else:   # handed on as it closes: the page's cells are never all held at once
            self.width = max(self.width, len(row))
            if not self.filled:
                self.filled = any(c.strip() for c in row)
            self.sink(row)
        self.n += 1
        self._row = None
        self._down = {c: n - 1 for c, n in self._down.items() if n > 1}

    def start_cell(self, rowspan: int, colspan: int) -> None:
        self.end_cell()
        if self._row is None:
            self.start_row()
        self._cell, self._span = [], (rowspan, colspan)

    def text(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def end_cell(self) -> None:
        if self._cell is None:
            return
        row = self._row
        while len(row) in self._down:   # a column covered by a rowspan from above: blank, as a merged cell reads
            row.append("")
        text = "".join(self._cell)
        # white space as a browser shows it: runs of spaces (&nbsp; one too: <td>&nbsp;</td> is an empty cell) one,
        # a <br> a line break, the ends trimmed
        if "  " in text or _PLAIN(text) is None:   # a tab, line break, no-break space, double space or <br>: the runs made one
            text = "\n".join(_SPACES(" ", part).strip(" ") for part in text.split("\x00")).strip("\n")
        else:
            text = text.strip(" ")
        rs, cs = self._span
        col = len(row)
        if col + cs > MAX_COLUMNS:
            raise HtmlTableError(f"表格第 {self.n + 1} 行超过 {MAX_COLUMNS} 列", f"row {self.n + 1} "
                                 f"of the table is wider than {MAX_COLUMNS} columns")
        row.append(text)
        row.extend([""] * (cs - 1))
        if rs > 1 or cs > 1:
            r = self.n + 1
            self.spans.append((r, col + 1, r + rs - 1, col + cs))
        if rs > 1:
            for c in range(col, col + cs):
                self._down[c] = rs   # this row and the rs - 1 below it (counted down at each row's end)
        self._cell = None

    def add_row(self, cells: list) -> None:
        """A whole row of cells without spans, their texts as the parser's events would hold them (entities decoded,
        ``\\x00`` a ``<br>``), made at once (:class:`_Tokens`' run of plain rows): the row a ``<tr>``, its cells'
        ``<td>…</td>`` and its ``</tr>`` make one event at a time."""
        self.end_row()
        if self._down or len(cells) > MAX_COLUMNS:   # a rowspan from above, or too wide: a cell at a time
            self.start_row()
            for c in cells:
                self.start_cell(1, 1)
                self.text(c)
            self.end_row()
            return
        whole = "\x01".join(cells)   # the row's cells checked at once: most hold nothing to fold
        if "  " not in whole and _PLAIN(whole) is not None:
            self._row = [c.strip(" ") for c in cells]
        else:
            self._row = [c.strip(" ") if "  " not in c and _PLAIN(c) is not None else
                         "\n".join(_SPACES(" ", part).strip(" ") for part in c.split("\x00")).strip("\n")
                         for c in cells]
        self.end_row()

    def finish(self) -> "Grid":
        self.end_row()
        n = self.n
        # a span past the table's last row ends there (rowspan="1000000" on a short table)
        self.spans = [(a, b, min(c, n), d) for a, b, c, d in self.spans]
        if self.sink is None:
            width = max((len(r) for r in self.rows), default=0)
            self.rows = [r + [""] * (width - len(r)) for r in self.rows]
        return self


#: A cell's text with nothing for :meth:`Grid.end_cell` to fold but its ends (no tab, line break, no-break space, double
#: space or ``<br>`` mark): stripped only.
_PLAIN = re.compile(r"[^\t\r\n\f\xa0\x00]*\Z").match
_SPACES = re.compile(r"[ \t\r\n\f\xa0]+").sub


def _span(attrs: list, name: str) -> int:
    v = dict(attrs).get(name)
    try:
        n = int(str(v).strip()) if v is not None else 1
    except ValueError:
        return 1
    return n if n >= 1 else 1


def _too_many_cells() -> HtmlTableError:
    return HtmlTableError(f"网页表格的单元格超过 {MAX_CELLS:,} 个", f"the page's tables hold more than {MAX_CELLS:,} cells")


class _Parser(HTMLParser):
    def __init__(self, sinks=None):
        super().__init__(convert_charrefs=True)
        self.sinks = sinks   # streaming: a function giving each table's row sink as the table opens
        self.open: list[Grid] = []
        self.done: list[Grid] = []
        self.cells = 0
        self.skip = 0   # inside <script>, <style>, <head> <title>: never a cell

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "hr", "img", "meta", "link", "input", "col", "wbr", "base", "area", "param", "source"):
            if tag == "br" and self.open:
                self.open[-1].text("\x00")
            return
        if tag in ("script", "style", "title", "template", "textarea", "select"):
            self.skip += 1
        elif tag == "table":
            if len(self.open) >= MAX_DEPTH:   # tables within tables (no export nests them so deep)
                raise HtmlTableError(f"网页中的表格嵌套超过 {MAX_DEPTH} 层", f"the page nests tables more than "
                                     f"{MAX_DEPTH} deep")
            self.open.append(Grid() if self.sinks is None else Grid(sink=self.sinks()))
        elif self.open and tag == "tr":
            self.open[-1].start_row()
        elif self.open and tag in ("td", "th"):
            rs, cs = _span(attrs, "rowspan"), _span(attrs, "colspan")
            if cs > MAX_COLUMNS:
                raise HtmlTableError(f"单元格横跨 {cs} 列,超过表格软件的上限 {MAX_COLUMNS} 列",
                                     f"a cell spans {cs} columns, more than a spreadsheet's {MAX_COLUMNS}")
            self.cells += cs
            if self.cells > MAX_CELLS:
                raise _too_many_cells()
            self.open[-1].start_cell(min(rs, MAX_ROWS), cs)
        elif self.open and tag in ("p", "div") and self.open[-1]._cell:   # a paragraph after text: a new line
            self.open[-1].text("\x00")

    def handle_endtag(self, tag):
        if tag in ("br", "hr", "img", "meta", "link", "input", "col", "wbr", "base", "area", "param", "source"):
            if tag == "br" and self.open:
                self.open[-1].text("\x00")
            return
        if tag in ("script", "style", "title", "template", "textarea", "select"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.open:
            self.done.append(self.open.pop().finish())
        elif self.open and tag == "tr":
            self.open[-1].end_row()
        elif self.open and tag in ("td", "th"):
            self.open[-1].end_cell()

    def handle_data(self, data):
        if not self.skip and self.open:
            self.open[-1].text(data.replace("\x00", ""))


#: One token of a page, matched where the text stands (:class:`_Tokens`): text up to the next ``<``; a start tag (name,
#: attributes -- a quoted value may hold ``>`` --, a closing ``/``); an end tag; a comment (Excel's ``<!--[if gte mso
#: 9]>…<![endif]-->`` too); ``</ td>`` an end tag too; an end tag naming nothing (``</ 1>``, ``</>``: dropped, as HTMLParser drops it); CDATA, a declaration (``<!DOCTYPE>``, ``<![if …]>``) or a processing instruction.
_TOKEN = re.compile(r"""
    (?P<data>[^<]+)
  | <(?P<tag>[a-zA-Z][^\t\n\r\f />\x00]*)(?P<attrs>(?>(?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*
        (?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?\s*))(?P<close>/?)>
  | </(?P<end>[a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>
  | </\s+(?P<end2>[a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
  | </[^>]*>
  | <!--.*?--\s*>
  | <!\[CDATA\[.*?\]\]>
  | <!(?!--|\[CDATA\[)[^>]*>
  | <\?[^>]*>
""", re.S | re.X).match
#: One attribute of a start tag as html.parser reads it (its ``attrfind_tolerant``): a quote opens a value only
#: right after ``=`` (``title=O'Brien`` is one bare value), and a ``colspan=3`` inside a quoted value is no attribute.
_ATTR = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""").match
_ATTR_GAP = re.compile(r"(?:\s|/(?!>))*").match


def _spans(text: str, k: int, end: int) -> tuple[list, bool]:
    """A start tag's ``rowspan`` and ``colspan`` pairs and whether it closes itself, its attributes read from
    ``text[k:end]`` (the tag's text after its name) as :meth:`html.parser.HTMLParser.parse_starttag` reads them: it
    closes itself when what follows its attributes is ``/>`` (``<td/>``, ``<br class=x />``; not ``<td rowspan=2/>``,
    whose bare value is ``2/``).

    >>> t = "<td title='a colspan=3 b' ROWSPAN=2>"
    >>> _spans(t, 3, len(t))
    ([('rowspan', '2')], False)
    >>> [_spans(t, 3, len(t))[1] for t in ("<td/>", "<td x:str />", "<td rowspan=2/>")]
    [True, True, False]
    """
    k = _ATTR_GAP(text, k).end()
    pairs = []
    while k < end:
        m = _ATTR(text, k)
        if m is None or m.end() == k:
            break
        name, rest, value = m.group(1, 2, 3)
        k = m.end()
        name = name.lower()
        if name == "rowspan" or name == "colspan":
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            pairs.append((name, unescape(value) if value else value))
    return pairs, text[k:end].strip() == "/>"
#: A tag that may start a token not yet whole at the end of the text read so far.
_MAY_GROW = re.compile(r"<(?:[a-zA-Z/!?]|\Z)").match
#: The text a ``<`` that starts no token (``a < b``) may run on for before it is read as text: no tag is this long.
MAX_TAG = 1 << 20
#: Elements whose content is raw text, never markup (a ``<table>`` in a script is no table).
_RAW = {"script": re.compile(r"</script[\s/>]", re.I).search, "style": re.compile(r"</style[\s/>]", re.I).search}
_VOID = frozenset(("br", "hr", "img", "meta", "link", "input", "col", "wbr", "base", "area", "param", "source"))


#: A plain row (:meth:`_Tokens.feed`): ``<tr>`` closed by ``</tr>``, holding only ``<td>``/``<th>`` cells
#: closed by their end tags, with no span, their text holding no tag but ``<br>``: the rows most exports are made of,
#: read a row at a time rather than a token at a time.  A quote pairs only right after ``=`` (as html.parser reads a value):
#: ``title=O'B colspan=2 alt=d'`` holds a span, and is no plain row; nor is a cell tag ending ``/>`` (it may close itself).
_PLAIN_ROW = re.compile(r"""<tr(?:\s[^<>]*+)?>\s*+((?:<t[dh](?:\s(?:[^<>sS'"=]++|[sS](?![pP][aA][nN])|=\s*+(?:"[^"<>]*+"|'[^'<>]*+')?)*+)?(?<!/)>"""
                        r"""[^<]*+(?:<br\s*+/?>[^<]*+)*+</t[dh]\s*+>\s*+)*+)</tr\s*+>\s*+""", re.I).match
#: The texts of a plain row's cells (:data:`_PLAIN_ROW`'s first group).
_PLAIN_CELLS = re.compile(r"<t[dh][^>]*+>([^<]*+(?:<br\s*+/?>[^<]*+)*+)</t[dh]\s*+>", re.I).findall
_BR = re.compile(r"<br\s*/?>", re.I).split


def _cell_text(t: str) -> str:
    """A plain cell's text as :class:`_Parser` holds it: NUL dropped, entities decoded, a ``<br>`` ``\x00``."""

    if "<" in t:
        return "\x00".join(_cell_text(x) for x in _BR(t))
    if "\x00" in t:
        t = t.replace("\x00", "")
    return unescape(t) if "&" in t else t


class _Tokens:
    """The page's text read into the parser's events (:class:`_Parser`'s handlers) by one compiled pattern
    (:data:`_TOKEN`) a token at a time, text fed in pieces: what a piece ends in the middle of (a tag, a comment, text
    whose entity may be cut) is kept for the next.  The events :class:`html.parser.HTMLParser` gives for a page as
    exports write it, at a fraction of its cost; a ``<br/>`` is one line break (HTMLParser gave it two: a start and an
    end tag).  Entities decoded as :func:`html.unescape` does, in cell text and span values."""

    def __init__(self, parser: _Parser):
        self.p, self.rest = parser, ""

    def feed(self, piece: str, final: bool = False) -> None:
        from html import unescape

        text = self.rest + piece if self.rest else piece
        p, pos, n, match = self.p, 0, len(text), _TOKEN
        starttag, endtag, data = p.handle_starttag, p.handle_endtag, p.handle_data
        while pos < n:
            if (text.startswith("<tr", pos) or text.startswith("<TR", pos)) and p.open and not p.skip:
                grid, row = p.open[-1], _PLAIN_ROW(text, pos)
                while row is not None and (row.end() < n or final):
                    cells = [_cell_text(c) if "&" in c or "<" in c or "\x00" in c else c
                             for c in _PLAIN_CELLS(row.group(1))]
                    p.cells += len(cells)
                    if p.cells > MAX_CELLS:
                        raise _too_many_cells()
                    grid.add_row(cells)
                    pos = row.end()
                    row = _PLAIN_ROW(text, pos)
                if pos >= n or not text.startswith("<", pos):
                    continue
            m = match(text, pos)
            if m is None:   # a "<" starting no whole token: wait for more of the page, else it is text
                if not final and n - pos < MAX_TAG and _MAY_GROW(text, pos):
                    break
                data("<")
                pos += 1
                continue
            end = m.end()
            kind = m.lastgroup
            if kind == "data":
                if end == n and not final:   # text may run on (an entity cut in two)
                    break
                t = m.group("data")
                data(unescape(t) if "&" in t else t)
            elif kind == "close" or kind == "attrs" or kind == "tag":
                tag = m.group("tag").lower()
                attrs = m.group("attrs")
                raw = _RAW.get(tag)
                if attrs and (text[end - 2] == "/" or (tag == "td" or tag == "th") and "span" in attrs.lower()):
                    pairs, closed = _spans(text, m.start("attrs"), end)
                    if tag != "td" and tag != "th":
                        pairs = []
                else:
                    pairs, closed = [], bool(m.group("close"))
                if raw is not None and not closed:   # a script's or style's text: to its end tag, unread
                    hit = raw(text, end)
                    if hit is None:
                        if not final:
                            break
                        pos = n
                        continue
                    starttag(tag, [])
                    endtag(tag)
                    close = text.find(">", hit.end() - 1)
                    pos = n if close < 0 else close + 1
                    continue
                starttag(tag, pairs)
                if closed and tag not in _VOID:   # <td/>: opened and closed; <br/>: one line break
                    endtag(tag)
            elif kind == "end" or kind == "end2":
                endtag(m.group(kind).lower())
            pos = end
        self.rest = text[pos:]

    def close(self) -> None:
        self.feed("", final=True)


def html_tables(text: str) -> list[Grid]:
    """Every table of the page ``text``, in the order they close (a nested table before the one holding it), each a
    :class:`Grid`.  Raises :class:`HtmlTableError` for a page past a spreadsheet's size or nested too deep.

    Examples
    --------
    >>> [g.rows for g in html_tables('<script>x</script><table><tr><td>&lt;b&gt;</td></tr></table>')]
    [[['<b>']]]
    >>> html_tables('<p>no table</p>')
    []
    """
    p = _Parser()
    t = _Tokens(p)
    t.feed(text)
    t.close()
    while p.open:   # a table never closed (a cut file): what it holds
        p.done.append(p.open.pop().finish())
    return p.done


#: The text fed to the parser at a time when streaming (characters).
CHUNK = 1 << 20


def html_tables_streamed(text, sinks) -> list[Grid]:
    """Every table of the page ``text`` as :func:`html_tables` reads it, but streaming: the text (a string, or its
    pieces in order) fed to the parser :data:`CHUNK` characters at a time, and each row handed to its table's sink (``sinks()`` is called as a table
    opens and gives a function taking one row, a list of cell texts, ragged: a short row is not padded) as the row
    closes, so the page's cells are never all held.  The grids returned hold no ``rows``: their ``sink``, ``n``
    rows, ``width`` (the widest row), ``filled`` (any text) and ``spans``.

    Examples
    --------
    >>> got = []
    >>> def sinks():
    ...     rows = []
    ...     got.append(rows)
    ...     return rows.append
    >>> g = html_tables_streamed('<table><tr><td rowspan="2">A</td><td>1</td></tr><tr><td>2</td></tr></table>', sinks)
    >>> got, [(x.n, x.width, x.filled, x.spans, x.rows) for x in g]
    ([[['A', '1'], ['', '2']]], [(2, 2, True, [(1, 1, 2, 1)], [])])
    """
    p = _Parser(sinks)
    pieces = (text[i:i + CHUNK] for i in range(0, len(text), CHUNK)) if isinstance(text, str) else text
    t = _Tokens(p)
    for piece in pieces:
        t.feed(piece)
    t.close()
    while p.open:   # a table never closed (a cut file): what it holds
        p.done.append(p.open.pop().finish())
    return p.done
