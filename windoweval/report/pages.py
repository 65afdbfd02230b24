"""The report's HTML: each notebook's page (inputs hidden, plotly.js local) and the index."""
from __future__ import annotations

import functools
import html
import time
from pathlib import Path

from .. import i18n
from ..html import CSP_META
from .settings import TEMPLATES_DIR


@functools.lru_cache(maxsize=4)
def _exporter(language: str):
    """The pages' HTML exporter for ``language``: made once (its templates compiled once), used for every page."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file="report_page.html.j2",
                        extra_template_paths=[str(TEMPLATES_DIR)], exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True, exclude_markdown=True,
                        exclude_raw=True, language_code="zh-CN" if language == "zh" else language)


def _page(nb, language: str, title: str) -> str:
    nb.metadata["title"] = title
    body, _ = _exporter(language).from_notebook_node(nb, resources={"windoweval": {
        "plotly_src": "assets/plotly.min.js", "back": i18n.text("index.back", language), "csp": CSP_META}})
    return body


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _figure_html(fig: dict, div_id: str) -> str:
    import plotly.io as pio

    from ..present import PLOTLY_CONFIG

    h = (fig.get("layout") or {}).get("height") or 440
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id, config=PLOTLY_CONFIG,
                       default_height=f"{h}px", default_width="100%", validate=False)


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
@media print { a { color: #222; text-decoration: none; } ul.tables { columns: 1; }
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
            out.append({"notebook": name, "title": i18n.text(f"notebook.{name}", language), **w})
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
    return [f'<h2>{html.escape(i18n.text("index.terms", language))}</h2>', f'<ul class="terms">{items}</ul>']


def _index(year: int, language: str, org: str, pages: list[dict], collected: dict, tables: list[dict],
           data_label: str, pdf: bool, warnings: list | None = None, demo: bool = False,
           baseline: int | None = None, baseline_present: bool = True) -> str:
    from .._version import __version__

    t = lambda key, **kw: html.escape(i18n.text(key, language, **kw))  # noqa: E731
    title = i18n.text("index.title", language, org=org, year=year)
    parts = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if language == "zh" else language}">\n<head>\n<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1.0">', CSP_META,
             f"<title>{html.escape(title)}</title>", '<script src="assets/plotly.min.js"></script>',
             f"<style>{_INDEX_CSS}</style>\n</head>\n<body>", f"<h1>{html.escape(title)}</h1>"]
    if demo:
        parts.append(f'<p class="demo">{t("index.demo_banner")}</p>')
    if warnings:
        parts.append(f'<div class="warnings"><h2>{t("index.warnings")}</h2><p>{t("index.warnings_intro")}</p><ul>')
        parts.extend(f'<li><a href="{w["notebook"]}.html">{html.escape(w["title"])}</a>: {html.escape(w["text"])}</li>'
                     for w in warnings)
        parts.append("</ul></div>")
    parts.extend(_terms(year, language, collected, baseline, baseline_present))
    parts.append(f"<h2>{t('common.headlines')}</h2>")
    for page in pages:
        got = collected[page["name"]]
        items = [i for h in got.headlines for i in h.get("items", [])]
        figs = got.figures
        if not items and not figs:
            continue
        parts.append(f'<h3><a href="{page["page"]}">{html.escape(page["title"])}</a></h3>')
        if items:
            parts.append('<div class="cards">' + "".join(
                f'<div class="card"><div class="label">{html.escape(i["label"])}</div>'
                f'<div class="value">{html.escape(str(i["display"]))}</div></div>' for i in items) + "</div>")
        for f in figs:
            parts.append(_figure_html(f["spec"], f"index-{page['name']}-{f['name']}"))
            parts.append(f'<p class="muted">{html.escape(f["caption"])}</p>')
    parts.append(f"<h2>{t('index.pages')}</h2>\n<ul class=\"parts\">")
    for page in pages:
        links = [f'<a href="{page["page"]}">{html.escape(page["title"])}</a>']
        if pdf:
            links.append(f'<a href="{page["pdf"]}">PDF</a>')
        links.append(f'<a href="{page["notebook"]}">{t("index.notebook")} (.ipynb)</a>')
        parts.append("<li>" + " · ".join(links) + "</li>")
    parts.append("</ul>")
    parts.append(f"<h2>{t('index.downloads')}</h2>\n<ul>")
    parts.append(f'<li><a href="tables.xlsx">{t("index.workbook")}</a></li>')
    parts.append(f'<li><a href="summary.json">{t("index.summary")}</a></li>')
    if pdf:
        parts.append('<li><a href="pdf/index.pdf">PDF</a></li>')
        parts.append(f'<li><a href="report.pdf">{html.escape("全部页面合订 PDF(含目录)/ the whole report as one PDF, with contents")}</a></li>')
    parts.append("</ul>")
    if tables:
        parts.append(f"<h3>{t('index.tables')}</h3>\n<ul class=\"tables\">")
        titles = {p["name"]: p["title"] for p in pages}
        for tb in tables:
            parts.append(f'<li><a href="{tb["csv"]}">{html.escape(tb["title"])}</a> <span class="muted">'
                         f'· {html.escape(titles.get(tb["notebook"], tb["notebook"]))} ({tb["rows"]})</span></li>')
        parts.append("</ul>")
    when = time.strftime("%Y-%m-%d %H:%M")
    parts.append(f'<p class="muted">{t("index.built", when=when, version=__version__, data=data_label)}</p>')
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


# ---------------------------------------------------------------- the build
