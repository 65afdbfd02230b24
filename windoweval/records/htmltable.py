"""The tables of an HTML page saved under an ``.xls`` name (many Chinese government and hospital systems' "export to
Excel"), read with the standard library's :mod:`html.parser`: no new dependency, nothing run or fetched.

Each ``<table>`` becomes a grid of cell texts as a spreadsheet shows the page: ``rowspan``/``colspan`` spread (the
value in the range's first cell, the others blank, as a workbook's merged cells read; the ranges returned so the
reader fills a range merged down over records as it does a workbook's), entities decoded, ``<br>`` a line break
inside the cell, numbers as text exactly as written (``000123``, ``1,234``).  A nested table is a table of its own.
Script, style and comment text is never a cell.  A hostile page is refused before it costs memory: more cells, more
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
#: The largest page read, in bytes.  A page's cells are held as text while it is read, about nine times the page's
#: size at the peak (a 100 MB page of 480,000 rows of ten cells: 0.92 GB); a larger page is refused before it is
#: read (a 1 GB page would need some 9 GB), with the fix: export CSV or XLSX, or split the export.
MAX_BYTES = 128 * 1024 * 1024


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
        self.rows.append(row)
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
            raise HtmlTableError(f"表格第 {len(self.rows) + 1} 行超过 {MAX_COLUMNS} 列", f"row {len(self.rows) + 1} "
                                 f"of the table is wider than {MAX_COLUMNS} columns")
        row.append(text)
        row.extend([""] * (cs - 1))
        if rs > 1 or cs > 1:
            r = len(self.rows) + 1
            self.spans.append((r, col + 1, r + rs - 1, col + cs))
        if rs > 1:
            for c in range(col, col + cs):
                self._down[c] = rs   # this row and the rs - 1 below it (counted down at each row's end)
        self._cell = None

    def finish(self) -> "Grid":
        self.end_row()
        n = len(self.rows)
        # a span past the table's last row ends there (rowspan="1000000" on a short table)
        self.spans = [(a, b, min(c, n), d) for a, b, c, d in self.spans]
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
    def __init__(self):
        super().__init__(convert_charrefs=True)
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
            self.open.append(Grid())
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
