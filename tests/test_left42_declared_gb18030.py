"""left42: a damaged byte in a file mapping.yaml declares ``encoding: gb18030`` is named where it is, as GB18030.

Before: a GB18030 file with one damaged byte was told "the file is not in the encoding 'gb18030' mapping.yaml gives
... fix `encoding`" (no column; the encoding was right), and a UTF-8 file declared GB18030 with a character cut short
was told "UTF-8 up to row 2 but not from row 3 on (it mixes encodings)".  Now the row, the column (its header read
in the declared encoding) and the bytes are named, and the fix: export again or correct the text (the encoding
right), or set ``encoding: utf-8`` where the rest of the file is UTF-8.
"""
import pytest

from windoweval.records.io import ExportError, decode

HEAD = "票号,窗口,备注\n"


def _refusal(b, encoding="gb18030"):
    with pytest.raises(ExportError) as e:
        decode(b, "流水.csv", encoding)
    return e.value


@pytest.mark.parametrize("damaged", [b"\xff", b"\x80"])
def test_a_damaged_byte_in_a_gb18030_file(damaged):
    b = (HEAD + "A1,城东,服务很好\n").encode("gb18030") + "A2,城西,".encode("gb18030") + damaged + "态度\n".encode("gb18030")
    e = _refusal(b)
    text = str(e)
    assert (e.row, e.column, e.value) == (3, "备注", damaged.hex()), text
    assert "不是有效的 gb18030 编码" in text and "not valid gb18030" in text
    assert "重新导出" in text and "export the file again" in text and "correct the text at row 3, column 备注" in text
    assert "fix `encoding`" not in text and "UTF-8 up to row" not in text
    assert text.index("损坏") < text.index("damaged")     # Chinese first


def test_a_utf8_file_declared_gb18030_with_a_character_cut_short():
    b = (HEAD + "A1,城东,服务很好\n").encode() + "A2,城西,".encode() + "态".encode()[:2] + b",x\n"
    e = _refusal(b)
    text = str(e)
    assert "UTF-8 up to row" not in text and "混用" not in text, text
    assert (e.row, e.column, e.value) == (3, "备注", "e6 80"), text
    assert "encoding: utf-8" in text and "encoding 改为 utf-8" in text


def test_a_file_of_another_encoding_is_still_said_so():
    """Many bytes that GB18030 cannot read: not one damaged byte, the declared encoding is wrong."""
    e = _refusal(HEAD.encode("gb18030") + b"\xff\xfe" * 10 + b"\n")
    assert "不是 mapping.yaml 所写的 gb18030 编码" in str(e) and "fix `encoding`" in str(e)
