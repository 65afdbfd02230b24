"""survey39: a delivery CSV in UTF-16 without a byte-order mark whose first 4 KB are mostly Chinese (Chinese headers,
the answers written as their labels, a Chinese stratum and long comments, as a firm's "Unicode" export of a Chinese
questionnaire is) has few zero bytes: only its commas, digits and line breaks carry one.  records.io's rule (more
than a quarter of the bytes zero) missed it, and the delivery was refused as "cannot decode the file: save it as
UTF-8 or GB18030".  It is now told by decoding in each byte order: the one that gives a table's text (no unpaired
surrogate, delimiters and line breaks, Chinese and ASCII characters) is read.  UTF-8 and GB18030 files, which never
hold a zero byte, are never taken for it; a damaged one with a stray NUL is not either."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.records.io import decode, utf16_without_bom
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
SAT = {"1": "非常不满意", "2": "不满意", "3": "一般", "4": "满意", "5": "非常满意", "9": "不适用"}
AGR = {"1": "非常不同意", "2": "不同意", "3": "一般", "4": "同意", "5": "非常同意", "9": "不适用"}
FIXED = {"respondent_id": "受访者编号", "window_id": "窗口编号", "interview_date": "访问日期", "stratum": "抽样层",
         "psu": "初级抽样单元", "weight": "权重", "customer_type": "客户类型", "duration_s": "访问时长",
         "comment": "意见建议"}
COMMENT = "工作人员态度很好，办理业务很快，环境整洁舒适，希望以后继续保持，停电通知能再提前一些。"


def _chinese_text() -> str:
    """clean_utf8.csv as a Chinese questionnaire's export: Chinese headers (the questions' text), labels for codes."""
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    names = dict(FIXED)
    for _, it in INS.items_frame().iterrows():
        df[it["column"]] = df[it["column"]].map(AGR if it["labels"] == "agreement" else SAT)
        names[it["column"]] = it["zh"]
    df["customer_type"] = df["customer_type"].map({"resident": "居民客户", "business": "企业客户", "other": "其他"})
    df["stratum"] = df["stratum"].map({"D1": "城区"})
    df["comment"] = COMMENT
    return df.rename(columns=names).to_csv(index=False, lineterminator="\r\n")


def _utf8_delivery(tmp_path):
    p = tmp_path / "utf8.csv"
    p.write_text(_chinese_text(), encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False)


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_a_mostly_chinese_utf16_delivery_without_a_bom_is_read(tmp_path, enc):
    b = _chinese_text().encode(enc)
    assert b[:4096].count(0) <= 4096 // 4                                # the old rule's threshold is not reached
    p = tmp_path / "交付.csv"
    p.write_bytes(b)
    got = D.parse_delivery(p, INS, year=2025, screen=False)             # before: DeliveryError 无法识别文件编码
    want = _utf8_delivery(tmp_path)
    assert got.delivery.encoding == enc
    assert got.responses.equals(want.responses)
    assert len(got.responses) == 12 and (got.problems.severity == "error").sum() == 0
    assert got.responses["stratum"].eq("城区").all() and got.responses["comment"].eq(COMMENT).all()


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_records_decode_reads_it_too(enc):
    text = _chinese_text()
    assert utf16_without_bom(text.encode(enc)[:4096]) == enc            # before: None
    assert decode(text.encode(enc), "x.csv") == text                  # before: GB18030 mojibake or refused


@pytest.mark.parametrize("enc", ["utf-8", "gb18030"])
def test_utf8_and_gb18030_are_never_taken_for_it(enc):
    b = _chinese_text().encode(enc)
    assert utf16_without_bom(b[:4096]) is None
    for i in range(0, 4000, 97):                                         # a damaged file: one stray NUL anywhere
        assert utf16_without_bom((b[:i] + b"\x00" + b[i:])[:4096]) is None, i


def test_a_head_cut_inside_a_character_or_a_surrogate_pair_still_reads():
    text = "意见建议,受访者编号\r\n" + "很满意😀,R1\r\n" * 300
    for enc in ("utf-16-le", "utf-16-be"):
        b = text.encode(enc)
        for cut in range(4090, 4097):
            assert utf16_without_bom(b[:cut]) == enc, (enc, cut)


def test_the_command_line_checks_it_with_exit_0(tmp_path):
    from windoweval.cli import main

    p = tmp_path / "d.csv"
    p.write_bytes(_chinese_text().encode("utf-16-le"))
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_a_records_export_in_mostly_chinese_utf16_reads_as_its_utf8(tmp_path, enc):
    from windoweval.records.csvfast import utf8_start
    from windoweval.records.io import read_tables

    text = "受理时间,工单号,窗口名称,诉求内容\r\n" + "二〇二五年三月五日,工单一,城东营业厅,客户反映营业厅排队时间过长希望增加窗口\r\n" * 80
    p, q = tmp_path / "u16.csv", tmp_path / "u8.csv"
    p.write_bytes(text.encode(enc))
    q.write_bytes(text.encode("utf-8"))
    assert utf8_start(p.read_bytes(), check=False) is None                # before: 0, the UTF-8 fast path
    got, want = read_tables(p)[0], read_tables(q)[0]                     # before: ExportError, a NUL in cell B1
    assert got.headers == want.headers and got.frame.equals(want.frame)
