"""survey22: a survey delivery read as the records read their exports -- Excel's text mark (a leading apostrophe,
'PW01, '000001, '5) taken off id and number cells and never off a quoted value or free text (records'
_excel_text_mark, session 21's rule); an .xls that is a web page recorded as what it is and read in the charset
its <meta> declares."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _clean_lines():
    return (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()


def _marked(tmp_path):
    lines = _clean_lines()
    head = lines[0].split(",")
    cells = lines[1].split(",")
    at = {c: head.index(c) for c in ("respondent_id", "window_id", "stratum", "psu", "weight", "env1", "duration_s",
                                      "comment", "customer_type")}
    for c in ("respondent_id", "window_id", "stratum", "psu", "weight", "env1", "duration_s"):
        cells[at[c]] = "'" + cells[at[c]]
    cells[at["comment"]] = "'很满意'"                     # a quoted value in free text: kept as written
    lines[1] = ",".join(cells)
    cells = lines[2].split(",")
    cells[at["comment"]] = "'12号窗口好"                   # free text: never touched
    lines[2] = ",".join(cells)
    p = tmp_path / "marked.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_excel_text_mark_off_ids_and_numbers_never_off_free_text(tmp_path):
    clean = D.parse_delivery(DATA / "clean_utf8.csv", INS, year=2025)
    chk = D.parse_delivery(_marked(tmp_path), INS, year=2025)
    assert chk.problems.empty, chk.problems          # before survey22: 'PW01 an unknown window, '5 no answer
    cols = ["respondent_id", "window_id", "stratum", "psu", "weight", "env1", "duration_s"]
    pd.testing.assert_frame_equal(chk.responses[cols], clean.responses[cols], check_dtype=False)
    assert chk.responses["respondent_id"].iloc[0] == "000001"
    assert chk.responses["comment"].tolist()[:2] == ["'很满意'", "'12号窗口好"]


def test_a_quoted_id_is_left_as_written(tmp_path):
    # records: 'A1' (quoted, not Excel's mark) is left as written -- here an unknown window, refused with its value
    lines = _clean_lines()
    head = lines[0].split(",")
    cells = lines[1].split(",")
    cells[head.index("window_id")] = "'PW01'"
    lines[1] = ",".join(cells)
    p = tmp_path / "quoted.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chk = D.parse_delivery(p, INS, year=2025, windows=["PW01", "PW02", "PW03"])
    assert "'PW01'" in chk.problems["value"].tolist()


def _page(rows, charset: str, encoding: str) -> bytes:
    import html
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n" for r in rows)
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f"<body><table>\n{body}</table></body></html>").encode(encoding)


@pytest.mark.parametrize("charset", ["gbk", "GB2312", "utf-8"])
def test_an_html_xls_is_recorded_as_html_and_read_in_its_declared_charset(tmp_path, charset):
    # before survey22: format "csv", the encoding guessed (a page whose GBK comment is valid UTF-8 by chance --
    # 伟业 as 'ΰҵ' -- read as UTF-8)
    rows = [r.split(",") for r in _clean_lines()]
    at = rows[0].index("comment")
    for r in rows[1:]:
        r[at] = "伟业之乒"                              # GBK bytes c6b0 d2b5 d6ae c6b9: valid UTF-8 too
    p = tmp_path / "d.xls"
    p.write_bytes(_page(rows, charset, "gbk" if charset != "utf-8" else "utf-8"))
    dl = D.read_delivery(p, INS)
    assert dl.format == "html"
    assert dl.encoding == {"GB2312": "gbk"}.get(charset, charset.lower())   # GB2312 read as GBK, its superset (survey23)
    assert dl.frame["comment"].tolist() == ["伟业之乒"] * (len(rows) - 1)
    chk = D.parse_delivery(p, INS, year=2025)
    assert chk.problems.empty, chk.problems
