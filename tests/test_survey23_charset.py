"""survey23 #2: one rule for an .xls web page's <meta charset>, records and survey deliveries alike
(records.io.declared_charset, _page_encoding, used by records' html_grids and delivery.read_delivery):

* gb2312 is read as GBK, its superset, as browsers do: a page declaring gb2312 whose rows hold GBK-only names
  (张喆, 王堃) failed GB2312 decoding and fell back to guessing (survey22: encoding judged from the bytes);
* Big5 declared over GBK bytes decodes without an error but as mojibake (营业厅 read as 茠珛泐): it is refused naming the
  <meta> and the fix, Chinese first, never read so; a true Big5 page is read in Big5 as before."""
import sys
from pathlib import Path

import pytest

from windoweval.records.io import ExportError, html_grids
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
sys.path.insert(0, str(Path(__file__).parent))
from test_rev22a_charset import _page, _rows  # noqa: E402  (one page and row maker for the charset tests)


def test_gb2312_declared_with_gbk_only_names_is_read_as_gbk(tmp_path):
    p = tmp_path / "r.xls"
    p.write_bytes(_page([["工单号", "受理人备注"], ["WO1", "张喆办理很快"], ["WO2", "王堃态度好"]], "gb2312", "gbk"))
    grids, encoding = html_grids(p)
    assert grids[0].rows[1:] == [["WO1", "张喆办理很快"], ["WO2", "王堃态度好"]]
    assert encoding == "gbk"                      # before: gb18030, guessed from the bytes, the <meta> ignored
    d = tmp_path / "d.xls"
    rows = _rows("张喆办理很快")
    d.write_bytes(_page(rows, "GB2312", "gbk"))
    assert D.read_delivery(d, INS).frame["comment"].tolist() == ["张喆办理很快"] * (len(rows) - 1)


def test_big5_declared_over_gbk_bytes_is_refused_naming_the_meta(tmp_path):
    d = tmp_path / "d.xls"
    d.write_bytes(_page(_rows("营业厅窗口办理业务很快"), "big5", "gbk"))
    with pytest.raises(D.DeliveryError) as e:
        D.read_delivery(d, INS)                   # before: read, the comments as mojibake
    msg = str(e.value)
    assert msg.index("<meta> 声明编码为 big5") < msg.index("<meta> declares big5") and "charset=gbk" in msg
    r = tmp_path / "r.xls"
    r.write_bytes(_page([["工单号", "备注"]] + [[f"WO{i}", "营业厅窗口办理业务很快"] for i in range(5)], "Big5", "gbk"))
    with pytest.raises(ExportError) as e:
        html_grids(r)
    assert "<meta>" in e.value.zh and "mojibake" in e.value.en


def test_a_true_big5_page_is_still_read_in_big5(tmp_path):
    d = tmp_path / "d.xls"
    rows = _rows("營業廳窗口辦理業務很快")
    d.write_bytes(_page(rows, "big5", "big5"))
    assert D.read_delivery(d, INS).frame["comment"].tolist() == ["營業廳窗口辦理業務很快"] * (len(rows) - 1)


def test_the_command_line_exits_3_on_the_big5_page(tmp_path, capsys):
    from windoweval.cli import main

    d = tmp_path / "d.xls"
    d.write_bytes(_page(_rows("营业厅窗口办理业务很快"), "big5", "gbk"))
    assert main(["survey", "check", str(d), "--instrument", "power_hall"]) == 3
    err = capsys.readouterr().err
    assert "<meta>" in err and "Traceback" not in err
