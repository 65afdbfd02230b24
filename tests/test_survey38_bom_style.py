"""survey38 #1: the message a survey delivery with a UTF-8 byte-order mark over GBK text is told mixed half-width
punctuation (records.io.BOM_OVER_GBK's "BOM(字节顺序标记)开头,但" ...) with full-width (the delivery's fix:
"「CSV UTF-8」，或删去文件开头的 BOM（如用记事本另存为 ANSI），然后"). The house style of the messages
(windoweval/locale/strings.yaml: "此处显示前 {shown} 行,共 {total} 行;", "未结(未到期)", quotes “…”) is half-width
punctuation in the Chinese; the whole message now keeps it, as records' own message does."""
import codecs
import re
from pathlib import Path

import pytest

from windoweval.records import io as RIO
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
FULL_WIDTH = re.compile("[，；（）：「」]")


def _zh_of_survey_message(tmp_path) -> str:
    p = tmp_path / "交付.csv"
    p.write_bytes(codecs.BOM_UTF8 + (DATA / "clean_gbk.csv").read_bytes())
    with pytest.raises(D.DeliveryError) as e:
        D.read_delivery(p, load_instrument("power_hall"))
    return str(e.value).split(" / ", 1)[0]


def test_the_survey_message_keeps_one_width_of_punctuation(tmp_path):
    zh = _zh_of_survey_message(tmp_path)
    assert "GBK" in zh and "删去文件开头的 BOM" in zh and "CSV UTF-8" in zh
    assert FULL_WIDTH.findall(zh) == []                       # before: ['「', '」', '，', '（', '）', '，']
    assert "," in zh and "(" in zh                            # the house style's half-width marks


def test_records_message_keeps_it_too():
    with pytest.raises(RIO.ExportError) as e:
        RIO._decode(codecs.BOM_UTF8 + "工单号,受理人\nWO1,营业厅\n".encode("gbk"), "x.csv", None, False)
    assert FULL_WIDTH.findall(e.value.zh) == [] and "BOM" in e.value.zh
