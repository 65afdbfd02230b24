"""exports20 #7: an ``.xls`` that is really an HTML table (many government and hospital systems' "export to Excel")
is read with the standard library's html.parser as the same frame a CSV of it gives, with the same refusals; a
hostile page (scripts, tables nested without end, spans past a spreadsheet) is refused cleanly, exit 3."""
from __future__ import annotations

import pytest

HEAD = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>导出</title>' \
       "<script>document.write('<table><tr><td>1</td></tr></table>')</script><style>td{{mso-number-format:'\\@'}}" \
       "</style></head><body>"
PAGE = HEAD + """<table border="1">
<tr><td colspan="6" align="center"><b>2025年3月 工单明细</b></td></tr>
<tr><th>工单编号</th><th>受理渠道</th><th>诉求类型</th><th>窗口编号</th><th>受理时间</th><th>诉求内容</th></tr>
<tr><td>000123</td><td>95598</td><td>complaint</td><td rowspan="2">PW01</td><td>2025-03-01 10:00</td><td>电费&amp;账单 &lt;多收&gt;</td></tr>
<tr><td>C2&nbsp;</td><td>95598</td><td>complaint</td><td>2025-03-02 10:00</td><td>第一行<br>第二行<br></td></tr>
<tr><td>&nbsp;</td><td>&nbsp;</td><td></td><td>&nbsp;</td><td> </td><td>&nbsp;</td></tr>
<tr><td>C3</td><td>95598</td><td>complaint</td><td>PW02</td><td>{date}</td><td>&#20013;&#25991;</td></tr>
</table></body></html>"""
CSV = ("2025年3月 工单明细,,,,,\n工单编号,受理渠道,诉求类型,窗口编号,受理时间,诉求内容\n"
       "000123,95598,complaint,PW01,2025-03-01 10:00,电费&账单 <多收>\n"
       'C2,95598,complaint,PW01,2025-03-02 10:00,"第一行\n第二行"\n,,,,,\n'
       "C3,95598,complaint,PW02,{date},中文\n")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_an_html_xls_reads_as_the_csv_of_it(tmp_path, encoding):
    from windoweval.records.files import load_files

    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    x = tmp_path / "a" / "complaints.xls"
    x.write_bytes(PAGE.format(date="2025-03-03 10:00").encode(encoding))
    c = tmp_path / "b" / "complaints.csv"
    c.write_text(CSV.format(date="2025-03-03 10:00"), encoding="utf-8")
    got, want = load_files("complaints", [x]).frame, load_files("complaints", [c]).frame
    assert got.equals(want)
    assert got["case_id"].tolist() == ["000123", "C2", "C3"] and got["window_id"].tolist() == ["PW01", "PW01", "PW02"]


def test_an_html_xls_is_refused_as_its_csv_is(tmp_path):
    from windoweval.records.contract import RecordsError
    from windoweval.records.files import load_files

    x = tmp_path / "complaints.xls"
    x.write_bytes(PAGE.format(date="2025-13-03 10:00").encode("utf-8"))
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [x])
    p = e.value.problems
    assert p["row"].tolist() == [6] and p["value"].tolist() == ["2025-13-03 10:00"] and e.value.exit_code == 3
    assert p["fix_zh"].iloc[0] and p["fix_en"].iloc[0]


@pytest.mark.parametrize("page, said", [
    ("<table>" * 5000 + "<tr><td>x</td></tr>", "nests tables"),
    ('<table><tr><td colspan="99999999">a</td></tr></table>', "spans 99999999 columns"),
    ("<html><body><p>没有表格</p><script>var t='<table>';</script></body></html>", "without a table"),
])
def test_a_hostile_html_xls_is_refused_cleanly(tmp_path, page, said):
    from windoweval.records.files import load_files
    from windoweval.records.io import ExportError

    x = tmp_path / "complaints.xls"
    x.write_text(page, encoding="utf-8")
    with pytest.raises(ExportError) as e:
        load_files("complaints", [x])
    assert said in str(e.value) and e.value.exit_code == 3


def test_a_rowspan_past_the_table_and_many_entities_cost_nothing(tmp_path):
    from windoweval.records.io import read_tables

    x = tmp_path / "complaints.xls"
    x.write_text('<table><tr><th>工单编号</th><th>窗口编号</th></tr><tr><td>C1</td><td rowspan="1000000000">PW01</td>'
                 "</tr><tr><td>" + "&amp;" * 100_000 + "</td></tr></table>", encoding="utf-8")
    t = read_tables(x)[0]
    assert t.frame.shape == (2, 2) and t.frame.iloc[1, 1] == "PW01" and len(t.frame.iloc[1, 0]) == 100_000
