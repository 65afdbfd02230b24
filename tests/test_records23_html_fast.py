"""records23: HTML ``.xls`` pages read by one compiled pattern a row at a time (htmltable._Tokens), the same cells as
the standard library's html.parser (htmltable._Parser.feed) on every shape exports write; a ``<br/>`` one line break."""
from __future__ import annotations

import pytest

from windoweval.records import htmltable
from windoweval.records.htmltable import _Parser, html_tables, html_tables_streamed


def _stdlib(page: str):
    """The grids html.parser's own tokenizer gives (the reader before records23)."""
    p = _Parser()
    p.feed(page)
    p.close()
    while p.open:
        p.done.append(p.open.pop().finish())
    return [(g.rows, g.spans) for g in p.done]


HEAD = '<html><head><meta charset="utf-8"><title>导出<table><tr><td>x</td></tr></table></title>' \
       '<style>td {mso-number-format:"\\@"} <table></style><script>if (a<b) {"<td>"}</script></head><body>'
PAGES = {
    "plain": "<table><tr><th>工单号</th><th>时间</th></tr><tr><td>001</td><td>2025-03-05 09:00</td></tr></table>",
    "rowspan colspan": '<table><tr><td rowspan="2">A</td><td colspan=2>B</td></tr><tr><td>1</td><td>2</td></tr>'
                       '<tr><td ROWSPAN=\'3\'>C</td><td>x</td><td>y</td></tr><tr><td>p</td></tr></table>',
    "entities": "<table><tr><td>a &amp; b &lt;c&gt; &#x41;&#66; &nbsp; &amp</td><td>&copy;2025&nbsp;</td></tr></table>",
    "nested tags": "<table><tr><td><b>粗</b><font color=red>红</font></td><td><span>x</span> y</td></tr></table>",
    "nested table": "<table><tr><td>外<table><tr><td>内</td></tr></table></td><td>o</td></tr></table>",
    "comments": "<table><!--[if gte mso 9]><xml><x:Name>Sheet1</x:Name></xml><![endif]--><tr><td>a<!-- <td>no</td> -->b"
                "</td></tr><![if !supportMisalignedColumns]><tr><td>c</td></tr><![endif]></table>",
    "br": "<table><tr><td>x<br>y</td><td>p<BR >q</td><td>r<br/>s</td><td>a<p>b</p></td></tr></table>",
    "white space": "<table>\n <tr>\n  <td>  a \t b\n c  </td>\n  <td>\xa0</td><td> </td>\n </tr>\n</table>",
    "unclosed cells": "<table><tr><td>a<td>b<tr><td>c</td><td>d</table>",
    "unclosed table": "<table><tr><td>a</td><td>b</td></tr><tr><td>c",
    "attributes": '<table border=1><tr class="r" style=\'x\'><td class=x style="mso-number-format:\'\\@\'" x:num>'
                  '000123</td><td title="a>b">t</td><td span="q">s</td></tr></table>',
    "lone lt": "<table><tr><td>a < b</td><td>1 <= 2</td><td>x</ td></td></tr></table>",
    "upper case": "<TABLE><TR><TD>A</TD><TH>B</TH></TR></TABLE>",
    "text outside cells": "<table>junk<tr>more<td>a</td>between<td>b</td>after</tr></table>",
    "bad spans": '<table><tr><td rowspan="x" colspan="-1">a</td><td rowspan="1000000">b</td></tr><tr><td>c</td></tr></table>',
    "nul": "<table><tr><td>a\x00b</td></tr></table>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_same_cells_as_html_parser(name):
    page = HEAD + PAGES[name].replace("<br/>", "<br>") + "</body></html>"   # <br/>: below
    assert [(g.rows, g.spans) for g in html_tables(page)] == _stdlib(page)


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_streamed_in_any_pieces_same_cells(name, chunk, monkeypatch):
    """A piece may end inside a tag, a comment, a script, an entity or a row: the cells are those read whole."""
    page = HEAD + PAGES[name] + "</body></html>"
    monkeypatch.setattr(htmltable, "CHUNK", chunk)
    grids = html_tables_streamed(page, lambda: [].append)
    whole = html_tables(page)
    # each grid's rows as its sink got them (a list's append), ragged rows padded as the whole read pads them
    assert [[r + [""] * (g.width - len(r)) for r in g.sink.__self__] for g in grids] == [g.rows for g in whole]
    assert [(g.n, g.spans) for g in grids] == [(len(g.rows), g.spans) for g in whole]


def test_br_self_closed_is_one_line_break():
    """``<br/>`` (XHTML exports) is one line break as Excel shows it; html.parser read it as a start and an end tag,
    two breaks: ``r\\n\\ns``."""
    assert html_tables("<table><tr><td>r<br/>s</td><td>t<br />u</td></tr></table>")[0].rows == [["r\ns", "t\nu"]]


FRAGMENTS = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>", '<td rowspan="2">',
             "<td colspan=3>", "<TD ROWSPAN=2 COLSPAN='2'>", "<br>", "<BR >", "<p>", "</p>", "<b>", "</b>", "工单",
             "a&amp;b", "&nbsp;", "  x  ", "\n", "\t", "<!-- c -->", "<script>x<td>y</script>", "001", "a < b",
             "<tr class='r'>", "<td style=\"mso-number-format:'\\@'\">", "</ td>", "<![if x]>", "<div>", "</div>", "&lt;"]


@pytest.mark.parametrize("seed", range(100))
def test_random_markup_same_cells_as_html_parser(seed):
    """Markup put together at random from the pieces exports write (broken nesting included): the cells html.parser
    read, whole and in pieces of any size."""
    import random

    rng = random.Random(seed)
    page = "<table>" + "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(5, 120)))
    assert [(g.rows, g.spans) for g in html_tables(page)] == _stdlib(page)
    for chunk in (1, 5, 13):
        htmltable.CHUNK, old = chunk, htmltable.CHUNK
        try:
            grids = html_tables_streamed(page, lambda: [].append)
        finally:
            htmltable.CHUNK = old
        assert [(g.n, g.spans) for g in grids] == [(len(g.rows), g.spans) for g in html_tables(page)]
