"""A CSV mixing UTF-8 and GBK is refused when its UTF-8 part is accented Latin (a French or German hall name), and
survey deliveries get the records' mixed-encoding check (audit27, items 1 and 4)."""
from __future__ import annotations

import pytest

from windoweval.demo import survey as demo
from windoweval.records.io import ExportError, decode, read_tables
from windoweval.survey.delivery import DeliveryError, parse_delivery

HEAD = "order_id,window_id,hall\n"


@pytest.mark.parametrize("name", ["Café de Paris", "Müllerstraße", "Łódź Centrum", "Éric"])
def test_utf8_accented_latin_then_gbk_is_refused_as_mixed(name, tmp_path):
    """UTF-8 rows whose only non-ASCII is an accented Latin letter (2-byte sequences, é c3 a9), then GBK rows: read
    whole as GB18030 before, every é came out as 茅 and ü as 眉 without a word."""
    b = (HEAD + "".join(f"A{i},PW01,{name}\n" for i in range(3))).encode() + "A9,PW01,城东营业厅\n".encode("gbk")
    with pytest.raises(ExportError) as e:
        decode(b, "x.csv")
    assert e.value.row == 5 and "混用了编码" in str(e.value) and "mixes encodings" in str(e.value)
    f = tmp_path / "x.csv"
    f.write_bytes(b)
    with pytest.raises(ExportError):
        read_tables(f)


def test_gbk_then_utf8_accented_latin_is_refused_as_mixed():
    b = (HEAD + "A1,PW01,城东营业厅\n").encode("gbk") + "A2,PW01,Müller\n".encode()
    with pytest.raises(ExportError) as e:
        decode(b, "x.csv")
    assert e.value.row == 3


@pytest.mark.parametrize("text", [HEAD + "A1,PW01,城东营业厅\n", "女士,窗口\nA1,营业厅\n", "票号,窗口\nA1,营业厅\n",
                                  "每,眉\nA1,营业厅\n"])
def test_wholly_gbk_files_are_still_read(text):
    """GBK whose first line is valid UTF-8 by chance (每 c3 bf, 眉 c3 bc is ü) is no evidence: the pair does not sit
    against an ASCII letter."""
    assert decode(text.encode("gbk"), "x.csv") == text


@pytest.mark.parametrize("text", ["hall\nCafé de Paris\n", "hall\nMüller\n城东\n"])
def test_wholly_utf8_accented_files_are_read(text):
    assert decode(text.encode(), "x.csv") == text


def _delivery_bytes(first, k, then, latin=False):
    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=12, seed=2, careless_share=0)
    df["comment"] = "态度很好"
    if latin:
        df.loc[:2, "comment"] = "Café Müller"
    lines = df.to_csv(index=False).splitlines(True)
    return "".join(lines[:k]).encode(first) + "".join(lines[k:]).encode(then)


@pytest.mark.parametrize("first,k,then,latin,row", [("utf-8", 4, "gbk", True, 5), ("utf-8", 4, "gbk", False, 5),
                                                    ("gbk", 11, "utf-8", False, 12)])
def test_a_survey_delivery_mixing_encodings_is_refused(first, k, then, latin, row, tmp_path):
    """Survey CSVs had no mixed-encoding check: UTF-8 rows then GBK ones, or the other way round, were read as
    GB18030 with the minority rows garbled (Caf茅 M眉ller, 鎬佸害寰堝ソ) whenever most characters were common."""
    f = tmp_path / "d.csv"
    f.write_bytes(_delivery_bytes(first, k, then, latin))
    with pytest.raises(DeliveryError) as e:
        parse_delivery(f, "power_hall", year=2025)
    msg = str(e.value)
    assert f"第 {row} 行" in msg and f"row {row}" in msg and "CSV UTF-8" in msg and "d.csv" in msg


@pytest.mark.parametrize("enc", ["utf-8", "gbk", "utf-8-sig"])
def test_a_survey_delivery_in_one_encoding_is_read(enc, tmp_path):
    f = tmp_path / "d.csv"
    f.write_bytes(_delivery_bytes(enc, 4, enc))
    assert parse_delivery(f, "power_hall", year=2025).valid["comment"].eq("态度很好").all()


def test_survey_check_names_the_row_of_a_mixed_delivery(tmp_path):
    from tests._workspace import run_cli

    f = tmp_path / "d.csv"
    f.write_bytes(_delivery_bytes("utf-8", 4, "gbk", True))
    r = run_cli("survey", "check", str(f), "--instrument", "power_hall", "--year", "2025", cwd=tmp_path)
    assert r.returncode == 3, r.stderr
    assert "第 5 行" in r.stderr and "row 5" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("tail", ["客户反映服务很好", "Müller"])
def test_a_utf8_row_in_a_file_mapping_yaml_says_is_gb18030_is_refused(tail):
    """With `encoding: gb18030` in mapping.yaml the file was decoded as told, with no mixed-encoding check: a UTF-8 row
    that happens to decode as GB18030 came out garbled (瀹㈡埛鍙嶆槧…, M眉ller)."""
    b = (HEAD + "A1,PW01,城东营业厅\n").encode("gbk") + f"A2,PW01,{tail}\n".encode()
    with pytest.raises(ExportError) as e:
        decode(b, "x.csv", "gb18030")
    assert e.value.row == 3 and "同一种编码" in str(e.value) and "one encoding" in str(e.value)


@pytest.mark.parametrize("enc", ["gb18030", "gbk", "GBK"])
def test_a_wholly_gbk_file_with_its_encoding_declared_is_read(enc):
    text = HEAD + "A1,PW01,城东营业厅\n女士,票号,每\n"
    assert decode(text.encode("gbk"), "x.csv", enc) == text


def test_a_bom_utf8_delivery_with_gbk_rows_names_the_line(tmp_path):
    """The refusal named a byte offset only (第 14 字节); it names the line now, and the fix."""
    import codecs

    f = tmp_path / "d.csv"
    f.write_bytes(codecs.BOM_UTF8 + _delivery_bytes("utf-8", 4, "gbk"))
    with pytest.raises(DeliveryError) as e:
        parse_delivery(f, "power_hall", year=2025)
    assert "第 5 行起" in str(e.value) and "from line 5 on" in str(e.value) and "CSV UTF-8" in str(e.value)
