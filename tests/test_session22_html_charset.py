"""Records read an HTML ``.xls`` streaming (records22) and honour its ``<meta charset>`` by one rule with the
whole-page read (rev22a, ``records.io._page_encoding``): before the two merged, the streamed read of records guessed
the encoding from the bytes and never looked at the declaration, so a GBK page whose bytes happen to be valid UTF-8
(一一 is b'\\xd2\\xbb\\xd2\\xbb', also UTF-8 for Cyrillic һһ) read as mojibake there while the survey side read it
right, and a GB-declared page with UTF-8 rows was not refused naming its <meta>."""
import html

import pytest

from windoweval.records.io import ExportError, html_grids, read_tables


def _page(rows, charset, encoding) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in rows)
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f"<body><table>\n{body}</table></body></html>").encode(encoding)


def _utf8_by_chance() -> str:
    """A two-character word whose GBK bytes also decode as UTF-8 (so only the <meta> tells which it is)."""
    for a in range(0x4E00, 0x9FA5):
        w = chr(a) + chr(a)
        try:
            b = w.encode("gbk")
            if b.decode("utf-8") != w:
                return w
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    pytest.skip("no such word")


def test_the_streamed_records_read_honours_a_gbk_meta_as_the_whole_page_read_does(tmp_path):
    word = _utf8_by_chance()
    rows = [["order_id", "note"]] + [[f"A{i:03d}", word] for i in range(5)]
    p = tmp_path / "x.xls"
    p.write_bytes(_page(rows, "gbk", "gbk"))
    (t,) = read_tables(p)
    assert t.frame.iloc[:, 1].tolist() == [word] * 5         # read as GBK, not as the UTF-8 the bytes also are
    grids, enc = html_grids(p)
    assert enc == "gbk" and grids[0].rows[1][1] == word


def test_a_gbk_meta_over_utf8_rows_is_refused_naming_the_meta_on_the_streamed_read(tmp_path):
    rows = [["order_id", "note"], ["A001", "伟业很好"], ["A002", "伟业很好"]]
    page = _page(rows, "gbk", "gbk").decode("gbk")
    at = page.index("伟业很好", page.index("伟业很好") + 4)            # the second row's note
    p = tmp_path / "x.xls"
    p.write_bytes(page[:at].encode("gbk") + "客户".encode() + page[at + 4:].encode("gbk"))   # 客户 in UTF-8 reads as GBK too
    with pytest.raises(ExportError) as e:
        read_tables(p)
    assert e.value.exit_code == 3 and "<meta>" in str(e.value) and "mapping.yaml" not in str(e.value)
