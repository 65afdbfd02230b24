"""survey37 #1: a file that starts with a UTF-8 byte-order mark and goes on in GBK (a firm's tool writing the mark,
then the system's code page) was told it "mixes encodings" with the fix "save every row in one encoding"; it is one
encoding under a wrong mark, and is now told so: the mark, GBK, the row, and the fix (save as UTF-8 or remove the
BOM), Chinese first, exit 3. Records' CSVs share the rule (records.io.bom_over_gb18030). A file that does mix (UTF-8
rows after the mark, then GBK) keeps the mixing message."""
import codecs
from pathlib import Path

import pytest

from windoweval.records import io as RIO
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _bom_gbk(tmp_path, lead: bytes = b"") -> Path:
    p = tmp_path / "交付.csv"
    p.write_bytes(codecs.BOM_UTF8 + lead + (DATA / "clean_gbk.csv").read_bytes())
    return p


@pytest.mark.parametrize("lead,row", [(b"", 1), (b"title line\r\n", 2)])
def test_a_bom_over_gbk_delivery_is_told_the_mark_is_wrong(tmp_path, lead, row):
    with pytest.raises(D.DeliveryError) as e:
        D.read_delivery(_bom_gbk(tmp_path, lead), INS)
    msg = str(e.value)
    zh, en = msg.split(" / ", 1)
    assert "混用" not in msg and "mixes" not in msg                    # before: "文件混用了编码" / "it mixes encodings"
    assert "UTF-8 BOM" in zh and "GBK" in zh and f"第 {row} 行" in zh and "删去文件开头的 BOM" in zh
    assert "byte-order mark" in en and "GBK" in en and f"row {row}" in en and "remove the BOM" in en


def test_the_command_line_names_the_file_and_exits_3(tmp_path, capsys):
    from windoweval.cli import main

    p = _bom_gbk(tmp_path)
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 3
    err = capsys.readouterr().err
    assert "交付.csv" in err and "GBK" in err and "Traceback" not in err and str(tmp_path) not in err


def test_a_file_that_does_mix_keeps_the_mixing_message(tmp_path):
    lines = (DATA / "clean_utf8.csv").read_bytes().splitlines(keepends=True)
    gbk = (DATA / "clean_gbk.csv").read_bytes().splitlines(keepends=True)
    p = tmp_path / "d.csv"
    p.write_bytes(codecs.BOM_UTF8 + b"".join(lines[:4]) + b"".join(gbk[4:]))   # UTF-8 rows, then GBK ones
    with pytest.raises(D.DeliveryError) as e:
        D.read_delivery(p, INS)
    assert "混用" in str(e.value) and "GBK" not in str(e.value)


def test_records_csv_gets_the_same_message(tmp_path):
    b = codecs.BOM_UTF8 + "工单号,受理人\nWO1,营业厅\n".encode("gbk")
    with pytest.raises(RIO.ExportError) as e:
        RIO._decode(b, "x.csv", None, False)
    assert "GBK" in e.value.zh and "BOM" in e.value.zh and "remove the BOM" in e.value.en and e.value.row == 1
