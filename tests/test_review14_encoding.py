"""A file mixing encodings on one line is still refused (the thirteenth round's review)."""
import pytest

from windoweval.records.io import ExportError, decode


def test_utf8_and_gbk_on_the_first_non_ascii_line_is_still_refused_as_mixed():
    """A UTF-8 export whose first Chinese text (客户反映服务很好) shares its line with GBK text (态度好) was decoded whole
    as GBK, the UTF-8 text garbled (瀹㈡埛鍙嶆槧…) without a word, once only whole earlier lines counted as UTF-8
    evidence.  A run of Chinese in UTF-8 before the bad byte on its own line is evidence too: refused at that row."""
    b = "order_id,window_id,note\nA1,PW01,ok\nA2,PW01,客户反映服务很好".encode("utf-8") + "态度好\n".encode("gbk")
    with pytest.raises(ExportError) as e:
        decode(b, "x.csv")
    assert "第 3 行" in str(e.value) and "row 3" in str(e.value)


@pytest.mark.parametrize("text", ["票号,窗口\nA1,营业厅\n", "女士,窗口\nA1,营业厅\n", "order_id,note\nA1,客户反映服务很好\n"])
def test_a_wholly_gbk_file_is_read(text):
    """GBK whose first bytes happen to be valid UTF-8 (票 c6 b1, 女 c5 ae) is read as GB18030, not refused."""
    assert decode(text.encode("gbk"), "x.csv") == text
