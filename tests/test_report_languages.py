"""Issue 13: each side of a bilingual report in its own language (the best window named in English on the English
side, the data label, the PDF links), each written page's ``<html lang>``, and the explore notebook's compact
Scorecard summary (``_repr_html_``: a few KB, every text from data escaped)."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from windoweval import i18n, paths, present
from windoweval.report.collect import collect
from windoweval.report.pages import _index, _page

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


class _Blocks(HTMLParser):
    """The ``<html lang>`` of a page, every ``we-l-<language>`` block's ``lang``, and the text inside each language's
    blocks (scripts and styles left out)."""

    VOID = {"br", "meta", "link", "img", "input", "hr", "col", "source", "wbr", "area", "base", "embed", "param"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang, self.blocks, self.text = None, [], {"zh": [], "en": []}
        self._stack, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag in ("script", "style"):
            self._skip += 1
        if tag in self.VOID:
            return
        lang = next((c[len("we-l-"):] for c in (a.get("class") or "").split() if c.startswith("we-l-")), None)
        if lang:
            self.blocks.append((lang, a.get("lang")))
        self._stack.append((tag, lang))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        inside = [lang for _, lang in self._stack if lang]
        if inside and not self._skip and data.strip():
            self.text[inside[-1]].append(data.strip())


def _parse(text: str) -> _Blocks:
    p = _Blocks()
    p.feed(text)
    return p


def _collected(values: dict, group: str = "annual"):
    """What the report collects from a zh+en notebook that showed ``present.headlines(group, values)``."""
    shown = []
    present._show = lambda bundle, metadata=None: shown.append(bundle)   # noqa: E731 (restored by the fixture)
    present.setup("zh+en")
    present.headlines(group, values)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("...", outputs=[
        nbformat.v4.new_output("display_data", data=b) for b in shown])])
    return collect(nb), shown


@pytest.fixture(autouse=True)
def _restore_present():
    show = present._show
    yield
    present._show = show
    present.setup("zh")


def _index_of(collected, data_label, pdf=True):
    pages = [{"name": "annual_evaluation", "page": "annual_evaluation.html", "notebook": "notebooks/a.ipynb",
              "pdf": "pdf/annual_evaluation.pdf"}]
    return _index(2025, "zh+en", {"zh": "示例供电公司", "en": "Example Power Supply Co."}, pages,
                  {"annual_evaluation": collected}, [], data_label, pdf, warnings=[], demo=True)


# ---------------------------------------------------------------- the best window, in each language
def test_the_best_window_is_named_in_each_language_on_the_index():
    got, shown = _collected({"windows": 2, "top_window": {"zh": "城东营业厅 (PW01)", "en": "East City hall (PW01)"}})
    html = _index_of(got, {"zh": i18n.text("index.demo_data", "zh"), "en": i18n.text("index.demo_data", "en")})
    page = _parse(html)
    en, zh = " ".join(page.text["en"]), " ".join(page.text["zh"])
    assert "East City hall (PW01)" in en and "城东营业厅" not in en
    assert "城东营业厅 (PW01)" in zh and "East City hall" not in zh
    # the notebook's own page shows it the same way, through the same headline output
    body = shown[0]["text/html"]
    assert "East City hall (PW01)" in body.split('class="we-l we-l-en"')[1]
    assert "East City hall" not in body.split('class="we-l we-l-en"')[0]


def test_the_english_side_of_the_index_holds_no_chinese_only_text():
    """Every text on the English side of the index is English (the organisation, the cards, the data label, the PDF
    links): numbers and window ids aside, no Chinese character."""
    got, _ = _collected({"windows": 2, "met_share": 0.9, "top_window": {"zh": "城东营业厅 (PW01)",
                                                                       "en": "East City hall (PW01)"}})
    html = _index_of(got, {"zh": i18n.text("index.demo_data", "zh"), "en": i18n.text("index.demo_data", "en")})
    en = [t for t in _parse(html).text["en"] if CJK.search(t)]
    assert en == [], en
    assert "records from the demo data" in html


def test_a_window_without_an_english_name_keeps_its_chinese_name_on_the_english_side(tmp_path):
    import windoweval as we

    (tmp_path / "windoweval.toml").write_text(
        'name = "示例"\nname_en = "Example"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nname_en = "East City hall"\n'
        'kind = "power_hall"\n[[windows]]\nid = "PW02"\nname = "城西营业厅"\nkind = "power_hall"\n', encoding="utf-8")
    rows = "order_id,window_id,order_type,received_at,arrived_at\n"
    orders = tmp_path / "work_orders.csv"
    orders.write_text(rows + "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n"
                             "2,PW02,fault_repair,2025-06-01 18:00,2025-06-01 20:20\n", encoding="utf-8")
    top = we.evaluate(2025, data=tmp_path, standards="power_window").headlines["top_window"]
    assert top == {"zh": "城东营业厅 (PW01)", "en": "East City hall (PW01)"}
    orders.write_text(rows + "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 20:20\n"
                             "2,PW02,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n", encoding="utf-8")
    top = we.evaluate(2025, data=tmp_path, standards="power_window").headlines["top_window"]
    assert top == {"zh": "城西营业厅 (PW02)", "en": "城西营业厅 (PW02)"}


def test_a_headline_name_goes_through_the_privacy_gate_in_each_language():
    got, shown = _collected({"top_window": {"zh": "张三 13912345678", "en": "Zhang 13912345678"}})
    item = got.headlines[0]["items"][0]
    assert "13912345678" not in json.dumps(item, ensure_ascii=False)
    assert "13912345678" not in shown[0]["text/html"]


# ---------------------------------------------------------------- <html lang> of every page
@pytest.mark.parametrize("language, lang", [("zh+en", "zh-CN"), ("zh", "zh-CN"), ("en", "en")])
def test_a_page_carries_its_language_in_the_file(language, lang):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", outputs=[])])
    page = _parse(_page(nb, language, "t"))
    assert page.html_lang == lang
    index = _parse(_index(2025, language, "示例", [], {}, [], "d", False))
    assert index.html_lang == lang


def test_every_page_the_build_writes_carries_the_right_lang():
    """Parsed from the written files: ``<html lang="zh-CN">`` (the build's first language), and each language's
    blocks their own ``lang``, before any script runs."""
    from _report_build import built_report

    b = built_report()
    assert b.code == 0, b.stderr[-2000:]
    pages = sorted(b.report.glob("*.html"))
    assert len(pages) >= 6
    for p in pages:
        got = _parse(p.read_text(encoding="utf-8"))
        assert got.html_lang == "zh-CN", (p.name, got.html_lang)
        assert {lang for lang, _ in got.blocks} == {"zh", "en"}, p.name
        assert all(attr == ("zh-CN" if lang == "zh" else lang) for lang, attr in got.blocks), (p.name, got.blocks[:5])
    index = _parse((b.report / "index.html").read_text(encoding="utf-8"))
    en = [t for t in index.text["en"] if CJK.search(t)]
    assert en == [], en          # the English side of the index: no Chinese-only value (the best window, the data)
    summary = json.loads((b.report / "summary.json").read_text(encoding="utf-8"))
    top = summary["headlines"]["annual_evaluation"]["top_window"]
    assert top["display_en"] == top["value"]["en"] and not CJK.search(top["display_en"])
    assert summary["organisation_en"] and all("title_en" in n for n in summary["notebooks"])


# ---------------------------------------------------------------- compact summaries in JupyterLab
@pytest.fixture(scope="module")
def evil_data(tmp_path_factory):
    d = tmp_path_factory.mktemp("evil")
    (d / "windoweval.toml").write_text(
        f'name = "示例"\n[[windows]]\nid = "PW01"\nname = "{EVIL}"\nkind = "power_hall"\n', encoding="utf-8")
    (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\n"
                                       "1,PW01,fault_repair,2024-06-01 18:00,2024-06-01 20:20\n"
                                       "2,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n"
                                       "3,PW01,fault_repair,2025-06-02 09:00,2025-06-02 11:00\n", encoding="utf-8")
    return d


def test_scorecard_and_evaluation_summaries_escape_every_text_from_data(evil_data):
    import windoweval as we

    card = we.score("power_window", year=2025, data=evil_data)
    ev = we.evaluate(2025, data=evil_data, baseline_year=2024, standards="power_window")
    for obj in (card, ev):
        h = obj._repr_html_()
        assert "<script>" not in h and "<img" not in h, type(obj).__name__
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in h, type(obj).__name__
        assert h.startswith('<div class="windoweval-summary">') and len(h) < 20_000
        assert len(repr(obj)) < 3000


def test_summaries_of_the_demo_are_compact():
    import windoweval as we

    card = we.score("power_window", year=2025)
    ev = we.evaluate(2025, baseline_year=2024)
    for obj in (card, ev):
        assert len(obj._repr_html_()) < 20_000 and len(repr(obj)) < 3000, type(obj).__name__
        assert "<table" in obj._repr_html_()


def test_the_explore_section_keeps_the_scorecards_summary():
    """The explore notebook shows the standard's Scorecard as JupyterLab does (display(card)); the report's kept
    section holds that very summary, computed with it (no second scoring)."""
    import windoweval as we
    from windoweval import sections

    card = we.score("power_window", year=2025)
    got = sections.compute(2025, None, sections=("explore",), baseline_year=2024)["explore"]
    assert got.meta["scorecard"] == {"html": card._repr_html_(), "text": repr(card)}
    # the report's way: taken from the evaluation of every standard (no second scoring), the same summary
    both = sections.compute(2025, None, sections=("annual", "explore"), baseline_year=2024)["explore"]
    assert both.meta["scorecard"] == got.meta["scorecard"]
    some = sections.compute(2025, None, sections=("explore",), windows="PW01,PW02")["explore"]
    assert "PW01" in some.meta["scorecard"]["html"] and "PW03" not in some.meta["scorecard"]["html"]


def test_the_stored_explore_notebook_shows_the_scorecard_summary():
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "explore.ipynb", as_version=4)
    htmls = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
             if "text/html" in (o.get("data") or {})]
    summaries = [h for h in htmls if h.startswith('<div class="windoweval-summary"><h4>Scorecard power_window')]
    assert len(summaries) == 1, "explore.ipynb does not show the Scorecard's summary"
    assert len(summaries[0]) < 20_000 and "<table" in summaries[0]


def test_the_standards_titles_are_english_on_the_english_side():
    import windoweval as we

    cov = we.coverage()
    present.setup("en")
    titles = present.localise(cov)["Title"]
    assert len(titles) == len(cov) and not titles.str.contains(CJK).any(), titles.tolist()
    present.setup("zh")
    assert present.localise(cov)[i18n.text("col.title", "zh")].tolist() == cov["title_zh"].tolist()


def test_a_misspelt_measure_suggests_the_nearest_ids_not_the_first_ten():
    import windoweval as we
    from windoweval.catalog import UnknownName

    card = we.score("power_window", year=2025)
    with pytest.raises(UnknownName) as e:
        card.drilldown("10.2.5")           # the clause number without its standard
    near = str(e.value).split("nearest: ")[1].split(", ")
    assert near[0] == "power_window.10.2.5" and len(near) <= 5
