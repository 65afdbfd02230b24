"""rev22a: an .xls web page's <meta charset> is honoured only where it can be evidence. A single-byte charset
(ISO-8859-1, the default a Java export template writes; windows-1252) decodes any bytes without an error, and a
UTF-16 declaration cannot be true of a page whose <meta> is ASCII: survey22 read a UTF-8 or GBK page declaring one
as mojibake in silence (伟业 as ä¼\\x9fä¸\\x9a), where it had guessed right before. Records' reader of such pages
(records.io.html_grids) follows the same rule (it ignored the declaration: a GBK page valid UTF-8 by chance was
read as mojibake there)."""
import html
from pathlib import Path

import pytest

from windoweval.records.io import html_grids
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _page(rows, charset: str, encoding: str) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in rows)
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f"<body><table>\n{body}</table></body></html>").encode(encoding)


def _rows(comment):
    rows = [r.split(",") for r in (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()]
    at = rows[0].index("comment")
    for r in rows[1:]:
        r[at] = comment
    return rows


@pytest.mark.parametrize("charset,encoding", [("ISO-8859-1", "utf-8"), ("windows-1252", "utf-8"),
                                              ("iso-8859-1", "gbk"), ("utf-16", "utf-8"), ("UTF-16LE", "gbk")])
def test_a_declaration_that_any_bytes_satisfy_is_not_honoured(tmp_path, charset, encoding):
    rows = _rows("伟业很好")
    p = tmp_path / "d.xls"
    p.write_bytes(_page(rows, charset, encoding))
    dl = D.read_delivery(p, INS)
    assert dl.format == "html"
    assert dl.frame["comment"].tolist() == ["伟业很好"] * (len(rows) - 1)     # survey22: ä¼\x9f… / Î°Òµ…


@pytest.mark.parametrize("charset", ["gbk", "utf-8"])
def test_a_true_declaration_is_still_honoured(tmp_path, charset):
    rows = _rows("伟业之乒")                                # GBK bytes valid UTF-8 by chance
    p = tmp_path / "d.xls"
    p.write_bytes(_page(rows, charset, "gbk" if charset == "gbk" else "utf-8"))
    assert D.read_delivery(p, INS).frame["comment"].tolist() == ["伟业之乒"] * (len(rows) - 1)


def test_records_html_grids_reads_a_page_in_its_declared_charset(tmp_path):
    p = tmp_path / "r.xls"
    p.write_bytes(_page([["order_id", "note"], ["WO1", "伟业之乒"]], "gbk", "gbk"))    # valid UTF-8 by chance
    grids, encoding = html_grids(p)
    assert grids[0].rows[1] == ["WO1", "伟业之乒"] and encoding == "gbk"     # before: 'ΰҵ֮ƹ', utf-8-sig
    p.write_bytes(_page([["工单号", "备注"], ["WO1", "伟业很好"]], "ISO-8859-1", "utf-8"))
    assert html_grids(p)[0][0].rows[1] == ["WO1", "伟业很好"]


def test_a_page_mixing_encodings_under_a_gbk_declaration_names_the_meta_not_mapping_yaml(tmp_path):
    # survey22 passed the <meta> charset to records' decode as if the user had declared it: the refusal's fix told
    # a survey firm "mapping.yaml says GB18030" (a delivery has no mapping.yaml; records' page had no such line)
    rows = _rows("伟业很好")
    page = _page(rows, "gbk", "gbk").decode("gbk")
    at = page.index("伟业很好", page.index("伟业很好") + 10)               # the second row's comment
    b = page[:at].encode("gbk") + "客户".encode() + page[at + 4:].encode("gbk")   # 客户 in UTF-8 reads as GBK too
    p = tmp_path / "d.xls"
    p.write_bytes(b)
    with pytest.raises(D.DeliveryError) as e:
        D.read_delivery(p, INS)
    msg = str(e.value)
    assert "mapping.yaml" not in msg and "UTF-8" in msg
    assert msg.index("网页的 <meta> 声明的是 gbk") < msg.index("its <meta> declares gbk")     # Chinese first, English after
