"""records24 #7: an HTML ``.xls`` page in UTF-8 is read from its file a piece at a time (io._html_streamed): before,
its bytes were read whole (85 MB of page held beside the rows it gave; /usr/bin/time -v on an 85 MB page: peak
283.7 MB before, 197.8 MB after).  The same cells as the whole-page read; a page with a byte that is not UTF-8
anywhere (after the first piece) is read again as before, its encoding judged from its bytes."""
from __future__ import annotations

import pytest

from windoweval.records import htmltable
from windoweval.records import io as rio

from test_records23_html_decode import _page


def _cells(grids):
    return [g.sink.text() for g in grids]


@pytest.mark.parametrize("meta", ["", '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'])
def test_a_utf8_page_is_never_read_whole(tmp_path, monkeypatch, meta):
    f = tmp_path / "x.xls"
    f.write_bytes(_page(3000, meta).encode("utf-8"))
    monkeypatch.setattr(htmltable, "CHUNK", 1 << 14)
    want = _cells(rio._html_streamed(f, None))
    sizes = []
    real = rio.open_regular

    class Reads:
        def __init__(self, fh):
            self.fh = fh

        def read(self, n=-1):
            sizes.append(n)
            return self.fh.read(n)

        def __getattr__(self, a):
            return getattr(self.fh, a)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return self.fh.__exit__(*a)

    monkeypatch.setattr(rio, "open_regular", lambda p: Reads(real(p)))
    got = rio._html_streamed(f, None)
    assert sizes and all(0 < n <= 1 << 16 for n in sizes), sizes[:5]      # never read() whole
    texts = _cells(got)       # (a sink's text is given once)
    assert texts == want and got[0].n == 3001
    whole, _ = rio.html_grids(f)          # the whole-page read: the same rows
    lines = texts[0].splitlines()
    assert len(whole[0].rows) == got[0].n == len(lines)
    assert [",".join(r) for r in whole[0].rows[:3]] + [",".join(whole[0].rows[-1])] == lines[:3] + lines[-1:]


def test_a_byte_not_utf8_late_in_the_page_is_read_as_before(tmp_path, monkeypatch):
    """GB18030 text after the first pieces: the streamed UTF-8 read stops at it, and the page is read whole and
    decoded as decode() judges it (the cells as the GB18030 page's)."""
    text = _page(3000)
    f = tmp_path / "x.xls"
    b = text.encode("utf-8")
    cut = b.rindex(b"</table>")
    f.write_bytes(b[:cut] + "<tr><td>999999</td><td>喆</td></tr>".encode("gb18030") + b[cut:])
    monkeypatch.setattr(htmltable, "CHUNK", 1 << 14)
    try:
        got = rio._html_streamed(f, None)
    except rio.ExportError as e:     # refused as a mixed page (UTF-8 rows, then GB18030): as before
        assert "x.xls" in str(e)
        return
    assert got[0].n == 3002
