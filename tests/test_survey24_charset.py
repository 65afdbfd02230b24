"""survey24 #2, #3: one byte rule telling GB from Big5 (records.io.han_bytes) for survey deliveries' CSVs and HTML
pages alike, both ways.

* #2: a delivery CSV was judged by character frequency (delivery._common_share): a GB delivery repeating a district
  of GB2312's second level (亳州 in every row) was refused as 'encoding doubtful, 50% common characters'; now the
  byte rule of HTML pages reads it, and a Big5 one (中正區 in every row) is refused naming Big5, Chinese first.
* #3: a true Big5 page declaring a GB charset (gb2312, gbk, gb18030) was read as GB18030 mojibake without a word;
  it is refused naming the <meta> (or mapping.yaml, where that gave the encoding) and the fix."""
import sys
from pathlib import Path

import pytest

from windoweval.records import io as RIO
from windoweval.records.io import ExportError, html_grids
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
sys.path.insert(0, str(Path(__file__).parent))
from test_rev22a_charset import _page, _rows  # noqa: E402  (one page and row maker for the charset tests)


def _csv(rows) -> str:
    return "\n".join(",".join(r) for r in rows) + "\n"


@pytest.mark.parametrize("value", ["亳州", "亳州谯城", "濮阳县", "营业厅办理很快"])
def test_a_gb_delivery_repeating_a_value_is_read_as_csv_and_page(tmp_path, value):
    rows = _rows(value)
    c = tmp_path / "d.csv"
    c.write_bytes(_csv(rows).encode("gbk"))
    assert D.read_delivery(c, INS).frame["comment"].tolist() == [value] * (len(rows) - 1)   # before: 亳州 refused
    p = tmp_path / "d.xls"
    p.write_bytes(_page(rows, "gbk", "gbk"))
    assert D.read_delivery(p, INS).frame["comment"].tolist() == [value] * (len(rows) - 1)


@pytest.mark.parametrize("value", ["中正區", "區公所", "臺北市", "新竹縣竹北市"])
def test_a_big5_delivery_is_judged_by_the_same_rule_as_a_page(tmp_path, value):
    rows = _rows(value)
    data = _csv(rows).encode("big5")
    assert RIO.han_bytes(data) == "big5"
    c = tmp_path / "d.csv"
    c.write_bytes(data)
    with pytest.raises(D.DeliveryError) as e:
        D.read_delivery(c, INS)
    msg = str(e.value)
    assert msg.index("Big5（繁体中文）") < msg.index("Big5 (Traditional Chinese)") and "CSV UTF-8" in msg
    p = tmp_path / "d.xls"
    p.write_bytes(_page(rows, "big5", "big5"))        # a page declaring Big5 over Big5 bytes is read so
    assert D.read_delivery(p, INS).frame["comment"].tolist() == [value] * (len(rows) - 1)


def test_the_csv_reader_uses_the_page_rule_not_a_frequency():
    # the same function judges both: a GB value the frequency rule doubted, a Big5 value it happened to catch
    assert RIO.han_bytes(("亳州," * 12).encode("gbk")) == "gbk"
    assert RIO.han_bytes(("中正區," * 12).encode("big5")) == "big5"


@pytest.mark.parametrize("charset", ["gb2312", "GBK", "gb18030"])
def test_a_big5_page_declaring_gb_is_refused_naming_the_meta(tmp_path, charset):
    rows = _rows("中正區戶政事務所")
    d = tmp_path / "d.xls"
    d.write_bytes(_page(rows, charset, "big5"))
    with pytest.raises(D.DeliveryError) as e:
        D.read_delivery(d, INS)                  # before: read, the comments as GB18030 mojibake
    msg = str(e.value)
    assert msg.index(f"<meta> 声明编码为 {charset.lower()}") < msg.index(f"<meta> declares {charset.lower()}")
    assert "charset=big5" in msg and "mojibake" in msg
    r = tmp_path / "r.xls"
    r.write_bytes(_page([["工單號", "備註"]] + [[f"WO{i}", "中正區戶政事務所"] for i in range(5)], charset, "big5"))
    with pytest.raises(ExportError) as e:
        html_grids(r)
    assert "<meta>" in e.value.zh and "Big5" in e.value.en


def test_mapping_yaml_naming_gb_over_big5_bytes_is_refused_naming_mapping_yaml(tmp_path):
    r = tmp_path / "r.xls"
    r.write_bytes(_page([["工單號", "備註"]] + [[f"WO{i}", "中正區戶政事務所"] for i in range(5)], "big5", "big5"))
    with pytest.raises(ExportError) as e:
        html_grids(r, encoding="gbk")
    assert "mapping.yaml" in e.value.zh and "encoding: big5" in e.value.en


def test_a_gb_page_declaring_gb_is_still_read(tmp_path):
    r = tmp_path / "r.xls"
    r.write_bytes(_page([["工单号", "备注"]] + [[f"WO{i}", "北京营业厅"] for i in range(5)], "gb2312", "gbk"))
    grids, enc = html_grids(r)
    assert grids[0].rows[1] == ["WO0", "北京营业厅"]


def test_the_command_line_exits_3_on_the_big5_page_declaring_gb(tmp_path, capsys):
    from windoweval.cli import main

    d = tmp_path / "d.xls"
    d.write_bytes(_page(_rows("中正區戶政事務所"), "gb2312", "big5"))
    assert main(["survey", "check", str(d), "--instrument", "power_hall"]) == 3
    err = capsys.readouterr().err
    assert "<meta>" in err and "Traceback" not in err
