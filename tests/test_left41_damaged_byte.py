"""A damaged byte in a UTF-8 (or ASCII) export is named as such, with its row, column and the fix; "GB18030 with a
UTF-8 row" is said only when a line really holds GB18030 text (left41, session 40 left it)."""
import pytest

from windoweval.records.io import ExportError, decode

UTF8_ROWS = "A2,PW02,客户反映服务很好\nA3,PW03,营业厅排队太久了啊\n".encode()


def _refusal(b):
    with pytest.raises(ExportError) as e:
        decode(b, "工单.csv")
    return e.value


@pytest.mark.parametrize("damaged", [b"caf\xe9x ok", b"ab\xffcd", b"x\xe8\x90,y"])
def test_damaged_byte_in_an_ascii_row_before_utf8_rows(damaged):
    e = _refusal(b"id,name,note\nA1,PW01," + damaged + b"\n" + UTF8_ROWS)
    text = str(e)
    assert "GB18030 编码,第" not in text and "is GB18030 but" not in text
    assert e.row == 2 and e.column == "note"
    assert "损坏" in text and "damaged" in text and "UTF-8" in text
    assert text.index("损坏") < text.index("damaged")     # Chinese first


def test_damaged_byte_after_utf8_rows_is_not_a_second_encoding():
    e = _refusal("id,name,note\nA2,PW02,客户反映服务很好\n".encode() + b"A1,PW01,caf\xe9x ok\n" + UTF8_ROWS)
    assert e.row == 3 and e.column == "note" and e.value == "e9"
    assert "不是(文件混用了编码" not in str(e)


def test_damaged_byte_where_the_whole_file_reads_as_gb18030():
    e = _refusal(b"id,name,note\nA1,PW01,caf\xe9x ok\n" + "A2,PW02,客户\n".encode())
    assert e.row == 2 and "damaged" in str(e) and "is GB18030" not in str(e)


def test_gb18030_row_then_utf8_row_still_says_the_file_mixes_encodings():
    e = _refusal("id,name,note\nA1,PW01,城东营业厅\n".encode("gbk") + UTF8_ROWS)
    assert "GB18030" in str(e) and "UTF-8" in str(e) and "damaged" not in str(e)
    e = _refusal("id,name,note\nA2,PW02,客户反映服务很好\n".encode() + "A1,PW01,城东营业厅\n".encode("gbk"))
    assert "mixes encodings" in str(e) and "damaged" not in str(e)
