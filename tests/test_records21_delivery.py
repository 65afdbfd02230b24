"""Session 21 (records21): survey deliveries read as records exports are.

- An ``.xls`` that is a web page's table (many systems' "export to Excel") was refused; it is read by the records'
  HTML reader and then as the CSV of it: the same frame and the same problems.
- The delimiter was the commonest of , tab ; on the first line: a title line above the header, or commas inside a
  quoted first header, split a tab or semicolon file on commas.  Judged now as records exports' is.
"""
from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pandas as pd
import pytest

from windoweval.survey.delivery import DeliveryError, check_delivery, read_delivery

GOLDEN = Path(__file__).parent / "golden"


def _fixture(n: int = 40) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO((GOLDEN / "survey_fixture.csv").read_text(encoding="utf-8"))))
    rows = rows[: n + 1]
    rows[3][7] = "7"          # out of the 1-5 scale: a problem both readings must name alike
    rows[5][1] = "PW99"       # a window no list has
    return rows


def _csv(rows, sep=",", title=None) -> str:
    buf = io.StringIO()
    if title is not None:
        buf.write(title + "\n")
    csv.writer(buf, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buf.getvalue()


def _same(a, b, lines=True):
    fa, fb = a.frame, b.frame
    if not lines:
        fa, fb = fa.drop(columns=["line"], errors="ignore"), fb.drop(columns=["line"], errors="ignore")
    pd.testing.assert_frame_equal(fa.reset_index(drop=True), fb.reset_index(drop=True))


def _problems(p):
    return sorted(map(tuple, p[["row", "column", "value", "code"]].astype(object).fillna("").astype(str).values.tolist()))


@pytest.mark.parametrize("sep", ["\t", ";"])
@pytest.mark.parametrize("shape", ["title", "quoted_first_header"])
def test_a_tab_or_semicolon_delivery_with_a_title_or_a_quoted_header_reads_as_the_comma_file(tmp_path, sep, shape):
    rows = _fixture()
    title = None
    if shape == "title":
        title = "2025年度供电营业厅满意度调查（第一季度）"     # no delimiter in it: the old rule took a comma
    else:
        # question texts as headers, their scale in them: quoted, with more commas than the line has tabs
        for j in range(10, 18):
            rows[0][j] = f"Q{j} 您对本项服务是否满意(1=非常不满意,2=不满意,3=一般,4=满意,5=非常满意)"
    want = tmp_path / "comma.csv"
    want.write_text(_csv(rows, ",", title), encoding="utf-8")
    got = tmp_path / "other.csv"
    got.write_text(_csv(rows, sep, title), encoding="utf-8")
    a, b = read_delivery(want, "power_hall"), read_delivery(got, "power_hall")
    assert len(b.frame) == 40 and "env1" in b.frame.columns
    _same(a, b)
    assert _problems(check_delivery(got, "power_hall", year=2025)) == _problems(check_delivery(want, "power_hall",
                                                                                               year=2025))


def _html(rows, encoding="utf-8") -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in rows)
    page = (f'<html><head><meta charset="{encoding}"><style>td {{mso-number-format:"\\@"}}</style></head>'
            f"<body><table border=1>\n{body}</table></body></html>")
    return page.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_an_html_xls_delivery_reads_as_the_csv_of_it(tmp_path, encoding):
    rows = _fixture()
    rows[0][0] = "受访者编号"                 # a Chinese header, in the page's encoding
    want = tmp_path / "d.csv"
    want.write_text(_csv(rows), encoding="utf-8")
    got = tmp_path / "d.xls"
    got.write_bytes(_html(rows, encoding))
    a, b = read_delivery(want, "power_hall"), read_delivery(got, "power_hall")
    _same(a, b, lines=False)
    pa, pb = check_delivery(want, "power_hall", year=2025), check_delivery(got, "power_hall", year=2025)
    assert _problems(pb) == _problems(pa) and len(pb)
    assert (pb["file"].astype(str) == "d.xls").all() or pb["file"].astype(str).str.contains("d.xls").all()


def test_an_html_xls_of_several_tables_is_refused_with_what_to_do(tmp_path):
    rows = _fixture(5)
    got = tmp_path / "d.xls"
    got.write_bytes(_html(rows) + _html(rows))
    with pytest.raises(DeliveryError) as e:
        read_delivery(got, "power_hall")
    msg = str(e.value)
    assert "2 个表格" in msg and "2 tables" in msg and "d.xls" in msg and e.value.exit_code == 3


def test_an_html_xls_without_a_table_is_refused(tmp_path):
    got = tmp_path / "d.xls"
    got.write_bytes(b"<html><body><p>no data</p></body></html>")
    with pytest.raises(DeliveryError) as e:
        read_delivery(got, "power_hall")
    assert "没有表格" in str(e.value) and "without a table" in str(e.value) and e.value.exit_code == 3
