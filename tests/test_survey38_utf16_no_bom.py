"""survey38: a delivery CSV in UTF-16 without a byte-order mark (SQL Server's ``bcp -w``, some survey platforms'
"Unicode" export) was refused as "cannot decode the file: save it as UTF-8 or GB18030", while records' CSVs read
it (records.io._decode: the NUL bytes beside ASCII).  It is now read the same way, either byte order, each answer
as the UTF-8 delivery's; a file that only looks like UTF-16 is refused saying so, Chinese first, exit 3."""
import codecs
from pathlib import Path

import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("tab", [False, True])
def test_utf16_without_a_bom_reads_as_the_utf8_delivery(tmp_path, enc, tab):
    text = (DATA / "clean_utf8.csv").read_text("utf-8")
    if tab:   # Excel's "Unicode text" is tab-separated (the comments hold no comma of their own here)
        text = text.replace(",", "\t")
    p = tmp_path / "交付.csv"
    p.write_bytes(text.encode(enc))
    assert not p.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    got = D.parse_delivery(p, INS, year=2025, screen=False)           # before: DeliveryError 无法识别文件编码
    want = D.parse_delivery(DATA / "clean_utf8.csv", INS, year=2025, screen=False)
    assert got.delivery.encoding == enc
    assert got.responses.drop(columns=["comment"]).equals(want.responses.drop(columns=["comment"]))
    assert got.responses["comment"].fillna("").str.replace("\t", ",").tolist() \
        == want.responses["comment"].fillna("").tolist()
    assert (got.problems.severity == "error").sum() == 0


def test_the_command_line_checks_it_with_exit_0(tmp_path, capsys):
    from windoweval.cli import main

    p = tmp_path / "d.csv"
    p.write_bytes((DATA / "clean_utf8.csv").read_text("utf-8").encode("utf-16-le"))
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0


def test_a_file_that_only_looks_utf16_is_refused_saying_so(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes("respondent_id,window_id\nR1,PW01\n".encode("utf-16-le") + b"\x00\xd8\x41\x00")   # a lone surrogate
    with pytest.raises(D.DeliveryError) as e:
        D.read_delivery(p, INS)
    zh, en = str(e.value).split(" / ", 1)
    assert "UTF-16" in zh and "BOM" in zh and "CSV UTF-8" in zh
    assert "UTF-16 without a byte-order mark" in en and "CSV UTF-8" in en
