"""The tables of an HTML page saved under an ``.xls`` name (many Chinese government and hospital systems' "export to
Excel"), read with the standard library's :mod:`html.parser`: no new dependency, nothing run or fetched.

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
            self.filled = self.filled or any(c.strip() for c in row)
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
        text = "\n".join(re.sub(r"[ \t\r\n\f\xa0]+", " ", part).strip(" ") for part in text.split("\x00")).strip("\n")
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

    def finish(self) -> "Grid":
        self.end_row()
        n = self.n
        # a span past the table's last row ends there (rowspan="1000000" on a short table)
        self.spans = [(a, b, min(c, n), d) for a, b, c, d in self.spans]
        if self.sink is None:
            width = max((len(r) for r in self.rows), default=0)
            self.rows = [r + [""] * (width - len(r)) for r in self.rows]
        return self


def _span(attrs: list, name: str) -> int:
    v = dict(attrs).get(name)
    try:
        n = int(str(v).strip()) if v is not None else 1
    except ValueError:
        return 1
    return n if n >= 1 else 1


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
                raise HtmlTableError(f"网页表格的单元格超过 {MAX_CELLS:,} 个", f"the page's tables hold more than "
                                     f"{MAX_CELLS:,} cells")
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
    p.feed(text)
    p.close()
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
    for piece in pieces:
        p.feed(piece)
    p.close()
    while p.open:   # a table never closed (a cut file): what it holds
        p.done.append(p.open.pop().finish())
    return p.done
