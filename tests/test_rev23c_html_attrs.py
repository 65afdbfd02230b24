"""rev23c: the compiled tokenizer (htmltable._Tokens) reads a start tag's attributes as html.parser does -- a quote
opens a value only right after ``=`` -- so a cell whose tag holds a quote in a bare value is not lost, a span written
inside a quoted value is no span, and ``<td/>`` is a closed cell."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from windoweval.records import htmltable
from windoweval.records.htmltable import html_tables, html_tables_streamed

sys.path.insert(0, str(Path(__file__).parent))
from test_records23_html_fast import _stdlib  # noqa: E402  (html.parser's grids: the one reference)


PAGES = {
    # a name in a title (O'Brien), an inch mark in a width: the cell and its row were dropped, the columns shifted
    "apostrophe in a bare value": "<table><tr><td title=O'Brien>x</td><td>y</td></tr>"
                                  "<tr><td title='q'>z</td><td>w</td></tr></table>",
    "quote in a bare value": '<table><tr><td style=width:5">x</td><td>y</td></tr><tr><td>p</td><td title="q">z</td>'
                             '</tr></table>',
    "quote in a bare value, span after": '<table><tr><td title=a"b colspan=2>x</td><td>y</td></tr></table>',
    # a span inside a quoted value (a tooltip, a script's argument) is no attribute
    "span inside a quoted value": "<table><tr><td title='a colspan=3 b'>x</td><td><b>y</b></td></tr></table>",
    # quotes pairing across a bare value hid a real span from the plain-row pattern
    "span between stray quotes": "<table><tr><td title=O'B colspan=2 alt=d'>x</td><td>y</td></tr></table>",
    "self-closed cell after a slash value": "<table><tr><td class=a/b>x</td><td/>y</tr></table>",
    # a bare value ending in "/" takes the slash (rowspan=2/ is no self-closed cell); x:str/> closes the cell
    "bare value ending in a slash": "<table><tr><th \r\n rowspan=2/>x<TD \r\n>y</td></tr><tr><td>z</td></tr></table>",
    "self-closed cell with an attribute": "<table><tr><td x:str/>x</td><td>y</td></tr></table>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_attributes_read_as_html_parser_reads_them(name):
    page = PAGES[name]
    assert [(g.rows, g.spans) for g in html_tables(page)] == _stdlib(page)


@pytest.mark.parametrize("chunk", [1, 5, 64])
def test_streamed_apostrophe_cell_kept(chunk, monkeypatch):
    monkeypatch.setattr(htmltable, "CHUNK", chunk)
    rows = []
    html_tables_streamed(PAGES["apostrophe in a bare value"], lambda: rows.append)
    assert [r for r in rows if any(r)][:2] == [["x", "y"], ["z", "w"]]
