"""rev23b: a true Big5 page whose Chinese is a few common characters repeated (a district column, 中正區 in every
row) has every trail byte at 0xA1-0xFE and decodes as GBK, so survey23's rule (twenty double-byte characters, all
in GB2312's rows) refused it as "GBK bytes under a Big5 <meta>" (exit 3).  Big5's common characters are all in its
frequent block (lead bytes 0xA4-0xC6); simplified Chinese in GBK has characters with lead bytes 0xC7 and above
(的 是 在 务 ...), which in Big5 would be its rarely used block or nothing."""
import html

from windoweval.records.io import _gb_bytes, html_grids


def _page(rows, charset, encoding):
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in rows)
    return (f'<html><head><meta charset="{charset}"></head><body><table>\n{body}</table></body></html>'
            ).encode(encoding)


def test_a_big5_page_of_one_repeated_district_is_read_in_big5(tmp_path):
    p = tmp_path / "r.xls"
    rows = [["ticket", "district"]] + [[f"WO{i}", "中正區"] for i in range(10)]
    p.write_bytes(_page(rows, "big5", "big5"))
    grids, encoding = html_grids(p)
    assert encoding == "big5"
    assert grids[0].rows[1:] == rows[1:]


def test_repeated_common_big5_characters_are_not_taken_for_gbk():
    for text in ("中正區 " * 10, "中國 民眾 " * 5, "滿" * 25):
        assert not _gb_bytes(text.encode("big5")), text


def test_gbk_pages_are_still_told():
    for text in ("营业厅窗口办理业务很快" * 2, "是否 " * 20, "营业厅受理窗口办理业务的群众满意度调查结果汇总表"):
        assert _gb_bytes(text.encode("gbk")), text


def test_big5_given_by_mapping_over_gbk_bytes_names_mapping_not_a_meta(tmp_path):
    """The refusal of Big5 over GBK bytes ran for an encoding the user gave too (mapping.yaml's ``encoding: big5``)
    and said "the page's <meta> declares big5" of a page with no <meta> at all: the fix it gave (change the <meta>)
    was to a line the file does not have."""
    import pytest

    from windoweval.records.io import ExportError

    p = tmp_path / "r.xls"
    body = "".join(f"<tr><td>WO{i}</td><td>营业厅窗口办理业务很快</td></tr>" for i in range(5))
    p.write_bytes(f"<html><body><table><tr><td>工单号</td><td>备注</td></tr>{body}</table></body></html>".encode("gbk"))
    with pytest.raises(ExportError) as e:
        html_grids(p, "BIG5")
    zh, en = e.value.zh, e.value.en
    assert "<meta>" not in zh and "<meta>" not in en
    assert "mapping.yaml" in zh and "mapping.yaml" in en and "gbk" in en


def test_the_big5_check_holds_no_copy_of_a_large_page():
    """Every page declaring Big5 went through _gb_bytes, which listed each double-byte pair of the whole page as a
    bytes object and decoded the whole page as GBK: 22 MB of a true Big5 page took ~3 s and some 400 MB (an 85 MB
    export, the size records23 made readable, ~1.5 GB), where the page itself is read in pieces.  A megabyte of the
    page tells as well; the refusal is the same."""
    import tracemalloc

    row = "<tr><td>WO123</td><td>中正區</td><td>2025-01-01</td><td>辦理完成</td></tr>\n"
    b = (row * 200000).encode("big5")
    tracemalloc.start()
    try:
        assert not _gb_bytes(b)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20e6, peak
    gbk = ("<tr><td>WO1</td><td>营业厅窗口办理业务很快</td></tr>\n" * 200000).encode("gbk")
    assert _gb_bytes(gbk)
