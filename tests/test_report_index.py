"""The report's index is a Jinja template (templates/report_index.html.j2), autoescaped: data never becomes markup."""
from windoweval.report.collect import Collected
from windoweval.report.pages import _index

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def _page():
    got = Collected(tables=[], figures=[], headlines=[{"group": "annual", "items": [
        {"key": "k", "label": EVIL, "display": EVIL}]}])
    pages = [{"name": "annual_evaluation", "page": "annual_evaluation.html", "notebook": "notebooks/a.ipynb",
              "pdf": "pdf/a.pdf"}]
    tables = [{"csv": "tables/a.csv", "title": EVIL, "notebook": "annual_evaluation", "rows": 3}]
    warnings = [{"notebook": "annual_evaluation", "text": EVIL}]
    return dict(pages=pages, collected={"annual_evaluation": got}, tables=tables, data_label=EVIL, pdf=True,
                warnings=warnings)


def test_every_text_from_data_is_escaped_in_both_languages():
    html = _index(2025, "zh+en", {"zh": EVIL, "en": EVIL}, **_page())
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(1)") >= 8      # title, org, card, table, warning, data label ... in zh and en
    assert html.count('class="we-l we-l-') == 2 and '<script src="assets/windoweval.js"></script>' in html


def test_one_language_has_no_switch_and_lists_the_pdf_links():
    html = _index(2025, "zh", "示例", **_page())
    assert "we-l we-l-" not in html and "windoweval.js" not in html
    assert '<a href="pdf/a.pdf">PDF</a>' in html and '<a href="report.pdf">' in html
