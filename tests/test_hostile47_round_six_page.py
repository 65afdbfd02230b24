"""Round six of the hostile inputs (hostile47): the payloads the earlier rounds lacked — ``</textarea>`` and a bare
``</script>`` closing what a page holds open, ``<svg onload>``, ``javascript:`` links (HTML and markdown), an
attribute break-out ``"><img onerror>``, a ``{{`` template marker, a bidi override, a NUL and a 100 KB name — each
in every text column a page shows from data (window names, the organisation's clause messages, complaint texts,
survey labels, promise texts), shown the ways the notebooks show data (title, say, note, table, chart, a pivot's
headers), the page built as the report builds it and opened in headless Chromium, as a reader opens it and as the
PDF printer does (over the loopback, network allowed).

Every payload, if it ran, would set ``window.__pwned`` and ``data-pwned`` on the page and ask a local canary
server for a URL: none may happen, no ``javascript:`` href may exist, the page's text must carry the payloads as
text (escaped), and the table's CSV and XLSX (written as the report writes them) hold no cell a spreadsheet reads as
a formula (=, +, -, @, tab, CR, full-width ＝＋－＠).
"""
from __future__ import annotations

import csv
import http.server
import io
import re
import threading

import pandas as pd
import pytest

MARK = "WEV47"
FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=1", "\r=1", "＝1", "＋1", "－1", "＠SUM(1)"]


class _Canary(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):   # noqa: N802
        _Canary.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def canary():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def payloads(url: str) -> dict[str, str]:
    def js(k):
        return (f"window.__pwned=1;document.documentElement.setAttribute('data-pwned','{k}');"
                f"new Image().src='{url}/{MARK}-{k}'")
    return {
        "textarea": f"</textarea><script>{js('textarea')}</script>",
        "script_close": f"</script><script>{js('script_close')}</script>",
        "svg_onload": f'<svg onload="{js("svg")}"><circle r=9></circle></svg>',
        "js_link": f'<a href="javascript:{js("jslink")}">点此 click</a>',
        "md_link": f"[点此 click](javascript:{js('mdlink')})",
        "breakout": f'"><img src=x onerror="{js("breakout")}">',
        "template": "{{7*7}}{{constructor.constructor('" + js("template") + "')()}}{% raw %}",
        "net_img": f'<img src="{url}/{MARK}-netimg">',
        "net_css": f"<style>@import url({url}/{MARK}-css);</style>",
        "bidi": f"\u202e{MARK}-bidi\u202c",
        "nul": f"城东\x00{MARK}-nul",
        "long": "长" * 100_000 + f"{MARK}-long",
    }


def _frame(url: str) -> pd.DataFrame:
    pay = list(payloads(url).values())
    n = len(pay)
    rows = []
    for i in range(n):
        rows.append({
            "window_id": f"PW{i:02d}",
            "window_name": FORMULAS[i % len(FORMULAS)] + pay[i] + MARK,
            "message": pay[(i + 1) % n] + " 未达标",
            "description": pay[(i + 2) % n],
            "label_zh": FORMULAS[(i + 3) % len(FORMULAS)] + pay[(i + 3) % n],
            "public_zh": pay[(i + 4) % n],
            "rate": 0.9,
        })
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def built(tmp_path_factory, canary):
    import nbformat
    import plotly.express as px

    from windoweval import present
    from windoweval.report.pages import _page

    shown = []
    real = present._show
    present._show = lambda bundle, metadata=None: shown.append(bundle)
    try:
        present.setup("zh+en")
        df = _frame(canary)
        for v in df["window_name"]:
            present.title("annual.title", org=v, year=2025)
            present.say("annual.title", org=v, year=2025)
            present.note("annual.title", org=v, year=2025)
        present.table(df, "hostile", "annual.table.ranking")
        # a pivot: the window names become headers
        present.table(df.set_index("window_name")[["rate"]].T, "hostile_pivot", "annual.table.ranking")
        present.figure(lambda: px.bar(df, x="window_name", y="rate", hover_data=["message", "description"],
                                      title=df["label_zh"].iloc[0]), "hostile_fig", "annual.fig.window_scores",
                       year=2025)
    finally:
        present._show = real
        present.setup("zh")
    outs = [nbformat.v4.new_output("display_data", data=b) for b in shown]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", outputs=outs)])
    d = tmp_path_factory.mktemp("round6")
    page = d / "hostile.html"
    page.write_text(_page(nb, "zh+en", "t"), encoding="utf-8")
    return page, nb, d


def test_the_payloads_reach_the_page_as_text(built):
    page, _, _ = built
    html = page.read_text(encoding="utf-8")
    assert html.count(MARK) > 10, "the planted texts must reach the page, or the test proves nothing"
    for raw in ("</textarea><script>", "<svg onload", '"><img src=x', "<a href=\"javascript:", "<style>@import"):
        assert raw not in html, raw        # escaped
    assert "\x00" not in html and "\u202e" not in html


@pytest.mark.parametrize("as_printed", [False, True], ids=["opened", "as-printed"])
def test_no_payload_runs_or_reaches_the_network_in_chromium(built, canary, as_printed):
    from windoweval.browser import dump_dom, find_chromium

    if find_chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium fonts-noto-cjk)")
    page, _, _ = built
    _Canary.hits.clear()
    r = dump_dom(page, as_printed=as_printed)
    assert r.returncode == 0 and "<body" in r.stdout, r.stderr[-800:]
    dom = r.stdout
    assert not re.search(r"<html[^>]*data-pwned", dom), "a payload ran"
    live = _live(dom)
    assert not live, live
    assert "{{7*7}}" in dom and "49" not in re.sub(r"\d{3,}|[\d.]+%", "", dom.split("{{7*7}}")[1][:5]), \
        "the template marker is text, never evaluated"
    assert MARK in dom
    assert not [h for h in _Canary.hits if MARK in h], _Canary.hits


def _live(dom: str) -> list:
    """Elements a payload would have made live in a DOM: a ``javascript:`` URL, an event handler or a script carrying
    the marker, a textarea or svg element the page did not make (as parsed, never its escaped text)."""
    from html.parser import HTMLParser

    found = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for k, v in attrs:
                v = v or ""
                if re.match(r"\s*javascript:", v, re.I):
                    found.append(f"<{tag} {k}={v[:40]}>")
                if k.startswith("on") and MARK in v:
                    found.append(f"<{tag} {k}>")
            if tag == "textarea":
                found.append("<textarea>")

        def handle_data(self, data):
            if self.lasttag == "script" and MARK in re.sub(r'"(?:[^"\\]|\\.)*"', '""', data):
                found.append(f"<script>{data[:60]}")

    P(convert_charrefs=True).feed(dom)
    return found


def test_the_tables_csv_and_xlsx_hold_no_formula(built, tmp_path):
    import openpyxl

    from windoweval.cells import FORMULA
    from windoweval.exports import Workbook, safe_frame, write_csv
    from windoweval.report.build import export_frame
    from windoweval.report.collect import collect

    _, nb, _ = built
    got = collect(nb)
    assert {t["name"] for t in got.tables} >= {"hostile", "hostile_pivot"}
    book = Workbook()
    for tb in got.tables:
        df = export_frame(tb)
        safe = safe_frame(df)
        write_csv(df, tmp_path / f"{tb['name']}.csv", safe=safe)
        book.add(tb["name"], df, safe=safe)
    book.save(tmp_path / "t.xlsx")
    bad, cells = [], 0
    for f in tmp_path.glob("*.csv"):
        text = f.read_text(encoding="utf-8-sig")
        assert "\x00" not in text and "\u202e" not in text, f.name
        for row in csv.reader(io.StringIO(text)):
            cells += len(row)
            bad += [(f.name, c[:30]) for c in row if FORMULA.match(c) and not re.fullmatch(r"-?[\d.]+%?", c)]
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and FORMULA.match(c.value)):
                    bad.append((ws.title, c.coordinate, str(c.value)[:30]))
                if isinstance(c.value, str):
                    assert "\x00" not in c.value and "\u202e" not in c.value
    assert cells > 20
    assert not bad, bad[:10]
