"""The report's HTML: each notebook's page (inputs hidden, plotly.js local) and the index."""
from __future__ import annotations

import functools
import html
import re
import time
from pathlib import Path

from .. import i18n
from ..html import CSP_META, LANG_CSS, SWITCH_HTML, SWITCH_JS, figure_html
from .settings import TEMPLATES_DIR


def languages(language: str) -> tuple[str, ...]:
    """The languages of a build: ``zh``, ``en`` or both (``zh+en``, the default: one build, a switch on each page).

    Examples
    --------
    >>> languages("zh+en"), languages("zh")
    (('zh', 'en'), ('zh',))
    """
    from ..present import languages as _languages

    return _languages(language)


def _lang_attr(language: str) -> str:
    """The ``<html lang>`` of a page of a ``language`` build: its first language (``zh-CN`` or ``en``); in a
    bilingual page each language's blocks carry their own ``lang`` too.

    Examples
    --------
    >>> _lang_attr("zh+en"), _lang_attr("zh"), _lang_attr("en")
    ('zh-CN', 'zh-CN', 'en')
    """
    return "zh-CN" if languages(language)[0] == "zh" else languages(language)[0]


_IMG_NO_ALT = re.compile(r"<img\b(?![^>]*\balt=)([^>]*?)(/?)>")
_FOCUSABLE = re.compile(r'(<div\b(?![^>]*\btabindex=)[^>]*\bclass="[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b'
                        r'[^"]*"[^>]*?)(/?)>')


def _accessible(page: str) -> str:
    """What nbconvert's HTML exporter adds to a page after rendering it, without parsing the page again: a
    description on each image without one, and each input and output area focusable (``tabindex="0"``)."""
    page = _IMG_NO_ALT.sub(r'<img\1 alt="No description has been provided for this image"\2>', page)
    return _FOCUSABLE.sub(r'\1 tabindex="0"\2>', page)


@functools.lru_cache(maxsize=1)
def _exporter_class():
    """nbconvert's HTML exporter, rendering a page once: the stock one parses each rendered page again with
    BeautifulSoup (as long as rendering it) only to add image descriptions and ``tabindex``; :func:`_accessible`
    adds the same to the text."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):    # HTMLExporter's, but for the second parse
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                                     resources=resources)
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _accessible(page), resources

    return PageExporter


@functools.lru_cache(maxsize=4)
def _exporter(language: str):
    """The pages' HTML exporter for ``language``: made once (its templates compiled once), used for every page.

    Its page carries ``<html lang>`` of the build's first language (:func:`_lang_attr`): nbconvert takes only a
    two-letter ISO 639-1 ``language_code`` (``zh-CN`` became ``en``), so the exporter sets it on the page's
    resources itself.
    """
    class LangExporter(_exporter_class()):
        def _init_resources(self, resources):
            resources = super()._init_resources(resources)
            resources["language_code"] = _lang_attr(language)
            return resources

    return LangExporter(template_name="lab", template_file="report_page.html.j2",
                        extra_template_paths=[str(TEMPLATES_DIR)], exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True, exclude_markdown=True,
                        exclude_raw=True)


def bilingual(key: str, language: str, **fmt) -> str:
    """The string ``key`` in each language of the build, joined ``中文 / English``.

    Examples
    --------
    >>> bilingual("index.back", "zh+en")
    '← 返回报告目录 / ← Back to the report'
    """
    return " / ".join(i18n.text(key, x, **fmt) for x in languages(language))


def _page(nb, language: str, title: str) -> str:
    langs = languages(language)
    nb.metadata["title"] = title
    two = len(langs) > 1
    body, _ = _exporter(language).from_notebook_node(nb, resources={"windoweval": {
        "plotly_src": "assets/plotly.min.js", "back": bilingual("index.back", language), "csp": CSP_META,
        "switch_src": "assets/windoweval.js" if two else "", "switch": SWITCH_HTML if two else "",
        "lang_css": LANG_CSS if two else ""}})
    # a control character from the data (a NUL, an ESC in a text a notebook shows) is no text a reader sees: an HTML
    # parser reads it as an error; the page carries none (hostile47: a NUL reached a heading)
    return _PAGE_CONTROLS.sub("", body)


_PAGE_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def write_assets(folder: Path) -> None:
    """``assets/``: plotly.js (one local copy shared by the pages) and the language switch.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> write_assets(d)
    >>> sorted(p.name for p in (d / "assets").iterdir())
    ['plotly.min.js', 'windoweval.js']
    """
    import shutil

    (folder / "assets").mkdir(exist_ok=True)
    shutil.copyfile(_plotly_js(), folder / "assets" / "plotly.min.js")
    (folder / "assets" / "windoweval.js").write_text(SWITCH_JS, encoding="utf-8")


def _figure_html(fig: dict, div_id: str) -> str:
    """A chart of the index: drawn from its JSON data block by the one hashed drawing script (no other inline script)."""
    from ..present import PLOTLY_CONFIG

    h = (fig.get("layout") or {}).get("height") or 440
    return figure_html({**fig, "config": PLOTLY_CONFIG}, div_id, h)


_INDEX_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "Helvetica Neue", Arial, sans-serif;
       margin: 2em auto; max-width: 1100px; padding: 0 1.5em; color: #222; line-height: 1.55; }
h1 { font-size: 1.7em; margin-bottom: .2em; } h2 { font-size: 1.25em; border-bottom: 1px solid #d0d7e2; padding-bottom: .2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em 0; }
a { color: #1f5fa8; } .muted { color: #666; font-size: .9em; }
.cards { display: flex; flex-wrap: wrap; gap: .6em; }
.card { min-width: 9em; padding: .5em .8em; border: 1px solid #d0d7e2; border-radius: 6px; background: #f6f8fb; }
.card .label { font-size: .85em; color: #555; } .card .value { font-size: 1.5em; font-weight: bold; }
ul.parts li { margin: .3em 0; }
.demo { background: #fff4e0; border: 1px solid #e0a040; padding: .5em .8em; border-radius: 6px; }
.warnings { background: #fdf0f0; border: 1px solid #e3b3b3; padding: 0 .8em .3em .8em; border-radius: 6px; }
.warnings h2 { border: 0; margin-top: .6em; } ul.tables { columns: 2; font-size: .92em; }
@page { size: A4; margin: 14mm 12mm; }
@media print { a { color: #222; text-decoration: none; } ul.tables { columns: 1; } .windoweval-nav { display: none; }
               .modebar, .modebar-container { display: none !important; }
               .js-plotly-plot, .plotly-graph-div { max-width: 100% !important; overflow: hidden; break-inside: avoid; } }
"""


def _warnings(names: list[str], collected: dict, language: str) -> list[dict]:
    """Every section's missing evidence (:func:`windoweval.present.missing`), once each, in the notebooks' order."""
    out, seen = [], set()
    for name in names:
        for w in collected[name].warnings:
            if (w.get("key"), w.get("text")) in seen:
                continue
            seen.add((w.get("key"), w.get("text")))
            langs = languages(language)
            out.append({"notebook": name, "title": i18n.text(f"notebook.{name}", langs[0]),
                        **{f"title_{x}": i18n.text(f"notebook.{name}", x) for x in langs[1:]}, **w})
    return out


def _terms(year: int, language: str, collected: dict, baseline: int | None, present: bool = True) -> list[str]:
    """The index's "how to read this report": what a measure, a score and a change are, how numbers are shown,
    and why no hall is eligible when none is."""
    import re

    def inline(text: str) -> str:     # the strings' only markup: **bold**
        return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text))

    keys = [("index.term_measure", {}), ("index.term_score", {}),
            ("index.term_change" if present else "index.term_no_baseline", {"year": year, "baseline": baseline}),
            ("index.term_rates", {})]
    eligible = [i["value"] for got in collected.values() for h in got.headlines if h.get("group") == "review"
                for i in h.get("items", []) if i["key"] == "eligible"]
    if eligible and eligible[0] == 0:
        keys.append(("index.term_none_eligible", {}))
    items = "".join(f"<li>{inline(i18n.text(k, language, **kw))}</li>" for k, kw in keys)
    return [f'<h2>{html.escape(i18n.text("index.terms", languages(language)[0]))}</h2>', f'<ul class="terms">{items}</ul>']


@functools.lru_cache(maxsize=1)
def _index_template():
    """The index's Jinja template (``templates/report_index.html.j2``), autoescaped: data never becomes markup."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    return env.get_template("report_index.html.j2")


def _index(year: int, language: str, org, pages: list[dict], collected: dict, tables: list[dict],
           data_label: str, pdf: bool, warnings: list | None = None, demo: bool = False,
           baseline: int | None = None, baseline_present: bool = True) -> str:
    """The index page: in one language, or in both (``zh+en``) with the switch (``org`` may be ``{lang: name}``).

    The page is the template ``templates/report_index.html.j2``; this function gathers what it shows.
    """
    from markupsafe import Markup

    langs = languages(language)
    names = org if isinstance(org, dict) else {x: org for x in langs}
    two = len(langs) > 1
    bodies = [_index_body(year, x, names.get(x) or names.get("zh"), pages, collected, tables, data_label, pdf,
                          warnings, demo, baseline, baseline_present, first=x == langs[0]) for x in langs]
    page = _index_template().render(
        lang_attr=_lang_attr(language), csp=Markup(CSP_META), two=two, switch=Markup(SWITCH_HTML), pdf=pdf,
        titles=" / ".join(i18n.text("index.title", x, org=names.get(x) or names.get("zh"), year=year) for x in langs),
        css=Markup(_INDEX_CSS + (LANG_CSS if two else "")), bodies=bodies)
    # the index shows texts from data as the pages do (the organisation's name, cards, table titles, warnings): no
    # control character either, in text or attribute (review48: hostile47's strip covered the notebook pages only)
    return _PAGE_CONTROLS.sub("", page)


def _index_body(year: int, language: str, org: str, pages: list[dict], collected: dict, tables: list[dict],
                data_label: str, pdf: bool, warnings: list | None, demo: bool, baseline: int | None,
                baseline_present: bool, first: bool = True) -> dict:
    """What the index shows in one language (the template escapes every text of it)."""
    from markupsafe import Markup

    from .._version import __version__

    def t(key, **kw):
        return i18n.text(key, language, **kw)

    def nb(name):
        return t("notebook." + name)

    sections = []
    for page in pages:
        got = collected[page["name"]]
        items = [i for h in got.headlines for i in h.get("items", [])]
        if not items and not got.figures:
            continue
        figures = []
        for f in got.figures:
            spec = f["spec"] if first else (f.get("specs") or {}).get(language, f["spec"])
            caption = f["caption"] if first else (f.get("captions") or {}).get(language, f["caption"])
            figures.append({"html": Markup(_figure_html(spec, f"index-{page['name']}-{f['name']}"
                                                        + ("" if first else f"-{language}"))), "caption": caption})
        sections.append({"href": page["page"], "name": nb(page["name"]), "figures": figures,
                         "cards": [{"label": i["label"] if first else i.get("label_" + language, i["label"]),
                                    "value": str(i["display"] if first else i.get("display_" + language, i["display"]))}
                                   for i in items]})
    return {
        "lang": language, "lang_attr": "zh-CN" if language == "zh" else language,
        "index_pdf": "pdf/index.pdf" if first else f"pdf/index.{language}.pdf",
        "title": t("index.title", org=org, year=year), "demo": demo,
        "t": {k: t("index." + k) for k in ("demo_banner", "warnings", "warnings_intro", "pages", "notebook",
                                            "downloads", "workbook", "summary", "tables", "report_pdf", "report_pdf_zh",
                                            "report_pdf_en")}
             | {"headlines": t("common.headlines")},
        "warnings": [{"href": f'{w["notebook"]}.html', "name": nb(w["notebook"]),
                      "text": w["text"] if first else (w.get("text_" + language) or w["text"])} for w in warnings or []],
        "terms": [Markup(x) for x in _terms(year, language, collected, baseline, baseline_present)],
        "sections": sections,
        "pages": [{"href": p["page"], "name": nb(p["name"]), "pdf": (p["pdf"] if first else p["pdf"][:-len(".pdf")] + f".{language}.pdf") if pdf else None,
                   "notebook": p["notebook"]} for p in pages],
        "tables": [{"csv": tb["csv"], "title": tb["title"] if first else tb.get("title_" + language, tb["title"]),
                    "notebook": nb(tb["notebook"]), "rows": tb["rows"]} for tb in tables or []],
        "built": t("index.built", when=time.strftime("%Y-%m-%d %H:%M"), version=__version__,
                   data=data_label.get(language) or data_label.get("zh") if isinstance(data_label, dict) else data_label),
    }


# ---------------------------------------------------------------- the build
