"""records23: an HTML ``.xls`` page not in UTF-8 (GBK, GB18030, UTF-16, a BOM, a declared charset) is decoded a piece
at a time within the streaming read (io.decode(pieces=True)), never whole: the same cells and the same refusals."""
from __future__ import annotations

import codecs
import tracemalloc

import pytest

from windoweval.records import htmltable
from windoweval.records import io as rio
from windoweval.records.io import ExportError, decode


def _page(rows: int, meta: str = "") -> str:
    style = "mso-number-format:'\\@';border:.5pt solid windowtext;" * 6     # markup as Excel exports write it
    body = "".join(f'<tr><td style="{style}">{i:06d}</td><td style="{style}">受理窗口{i % 9}</td></tr>'
                   for i in range(rows))
    return f"<html><head>{meta}</head><body><table><tr><th>工单号</th><th>窗口</th></tr>{body}</table></body></html>"


@pytest.mark.parametrize("codec,meta,bom", [("gbk", '<meta charset="gbk">', b""), ("gb18030", "", b""),
                                            ("utf-16-le", "", codecs.BOM_UTF16_LE), ("utf-8", "", codecs.BOM_UTF8)])
def test_streamed_page_never_decoded_whole(tmp_path, codec, meta, bom, monkeypatch):
    """The page's text (markup most of it) is never held: the peak is its bytes (read whole) and well under half
    its decoded text more.  Before, a non-UTF-8 page was decoded whole (the bytes and all the text) before the
    streaming read."""
    text = _page(6000, meta)
    f = tmp_path / "x.xls"
    f.write_bytes(bom + text.encode(codec))
    whole = len(text) * 2 if any(ord(c) > 255 for c in text) else len(text)   # the str's size (UCS-2)
    monkeypatch.setattr(htmltable, "CHUNK", 1 << 16)
    rio._html_streamed(f, None)     # warm (imports)
    tracemalloc.start()
    try:
        grids = rio._html_streamed(f, None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert grids[0].n == 6001
    assert grids[0].sink.text().splitlines()[:2] == ["工单号,窗口", "000000,受理窗口0"]
    assert peak < f.stat().st_size + whole / 2, (peak, f.stat().st_size, whole)


@pytest.mark.parametrize("chunk", [1, 3, 64, 1 << 20])
@pytest.mark.parametrize("b,enc", [
    ("工单号,窗口\n1,受理\n".encode("gbk"), None),
    ("工单号\n".encode() + "受理\n".encode("gbk"), None),                       # mixed: refused, row 2
    (codecs.BOM_UTF8 + "工单号\n".encode() + "受理\n".encode("gbk"), None),     # a BOM, then not UTF-8: refused
    (codecs.BOM_UTF16_LE + "工单号\n受理\n".encode("utf-16-le"), None),
    ("工单号\n受理\n".encode("utf-16-le"), None),                                # UTF-16 without a BOM
    ("工单号\n受理\n".encode("gbk") + b"\xff\n", None),                          # not GB18030 either
    ("工单号\n受理\n".encode("gbk"), "gbk"),
    ("工单号\n受理\n".encode(), "gb18030"),                                     # declared GB, is UTF-8: refused
    ("工单号\n".encode("gbk") + b"\x81\n", "gbk"),                              # not the declared encoding
    ("工单号\n受理\n".encode("utf-16-le"), "utf-16"),                            # declared, no BOM
])
def test_pieces_same_text_and_refusal_as_whole(b, enc, chunk, monkeypatch):
    monkeypatch.setattr(htmltable, "CHUNK", chunk)

    def outcome(pieces):
        try:
            got = decode(b, "x.xls", enc, pieces=pieces)
            return "".join(got) if pieces else got
        except ExportError as e:
            return (str(e), e.row)

    assert outcome(True) == outcome(False)
