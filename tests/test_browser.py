"""The built report in a real browser: headless Chromium, network off, charts drawn, no script error.

Screenshots go to test-artifacts/.  Without Chromium the tests are skipped with the install command.
"""
from __future__ import annotations

import re

import pytest

from _report_build import built_report
from windoweval import paths
from windoweval.browser import INSTALL_HINT, dump_dom, find_chromium, screenshot

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason=f"Chromium is not installed; to run the browser tests: {INSTALL_HINT}")

ARTIFACTS = paths.ROOT / "test-artifacts"
SCRIPT_ERRORS = re.compile(r"Uncaught|is not defined|ERR_NAME_NOT_RESOLVED|ERR_PROXY_CONNECTION_FAILED|"
                           r"ERR_FILE_NOT_FOUND|Failed to load resource", re.I)


@pytest.fixture(scope="module")
def report():
    b = built_report()
    assert b.code == 0, f"the report build failed ({b.code}):\n{b.stdout}\n{b.stderr}"
    return b.report


#: Every page of the report and the charts its Chinese side draws at least (issue 13: a screenshot of each page).
PAGES = [("index", 1), ("annual_evaluation", 3), ("satisfaction_survey", 3), ("complaint_callbacks", 2),
         ("promise_fulfilment", 1), ("explore", 1)]


@pytest.mark.parametrize("page, charts", PAGES)
def test_page_draws_its_charts_offline(report, page, charts):
    run = dump_dom(report / f"{page}.html")
    dom = run.stdout
    assert "<html" in dom, f"no DOM dumped: {run.stderr[-1500:]}"
    drawn = dom.count('class="main-svg"')
    # plotly draws two main-svg layers per chart
    assert drawn >= 2 * charts, f"{page}: {drawn // 2} chart(s) drawn, expected {charts}"
    console = [ln for ln in run.stderr.splitlines() if "CONSOLE" in ln or SCRIPT_ERRORS.search(ln)]
    errors = [ln for ln in console if SCRIPT_ERRORS.search(ln)]
    assert not errors, f"{page}: script errors in the browser:\n" + "\n".join(errors[:10])
    ARTIFACTS.mkdir(exist_ok=True)
    png = screenshot(report / f"{page}.html", ARTIFACTS / f"report-{page}.png")
    assert png.stat().st_size > 10_000


def test_pdf_has_chinese_fonts(report):
    pdf = report / "pdf" / "index.pdf"
    assert pdf.exists(), "the session build ran with --pdf when Chromium is installed"
    data = pdf.read_bytes()
    assert data[:4] == b"%PDF"
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+Noto\w*CJK", data), \
        "no Noto CJK font embedded: the Chinese text did not print (apt-get install fonts-noto-cjk)"


def test_pdfs_are_a4(report):
    """Every PDF page is A4 (595 × 842 pt, as Chromium prints it from the pages' @page rule)."""
    pdfs = sorted((report / "pdf").glob("*.pdf"))
    assert pdfs, "no PDFs"
    for pdf in pdfs:
        boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
        assert boxes, pdf.name
        for box in boxes:
            x0, y0, x1, y1 = (float(v) for v in box)
            assert abs((x1 - x0) - 595.3) < 3 and abs((y1 - y0) - 841.9) < 3, f"{pdf.name}: page {x1 - x0} × {y1 - y0} pt"


def test_combined_pdf_has_contents_and_every_page(report):
    """report.pdf: a contents page, then index and every notebook page in order; A4 throughout; bookmarks for filing."""
    pypdf = pytest.importorskip("pypdf")
    import json

    combined = pypdf.PdfReader(str(report / "report.pdf"))
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    names = ["index", *(n["name"] for n in summary["notebooks"])]
    counts = [len(pypdf.PdfReader(str(report / "pdf" / f"{n}.pdf")).pages) for n in names]
    contents = len(combined.pages) - sum(counts)
    assert contents >= 1, f"{len(combined.pages)} pages for parts of {counts} pages: no contents page"
    outline = combined.outline
    assert [o.title for o in outline][0] == "目录 / Contents"
    assert len(outline) == len(names) + 1
    # each bookmark points at its part's first page, and the contents page names that page number
    import unicodedata
    # NFKC: the extracted text has the fonts' Kangxi radicals (⽰ for 示) and ligatures (ﬁ); no spaces, as lines wrap
    toc_text = re.sub(r"\s+", "", unicodedata.normalize(
        "NFKC", "".join(combined.pages[i].extract_text() for i in range(contents))))
    first = contents
    for o, n, c in zip(outline[1:], names, counts):
        assert combined.get_destination_page_number(o) == first, (n, o.title)
        assert "/" in o.title and o.title.split(" / ")[0].strip(), o.title     # Chinese first, English alongside
        # the title's ASCII letters and the page number (some radicals, ⺠ for 民, have no NFKC form: CJK is not compared)
        ascii_only = lambda t: re.sub(r"[^\x21-\x7e]", "", t)  # noqa: E731
        assert ascii_only(o.title) + str(first + 1) in ascii_only(toc_text), (o.title, first + 1, toc_text[:800])
        first += c
    for i, page in enumerate(combined.pages):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595.3) < 3 and abs(h - 841.9) < 3, f"report.pdf page {i + 1}: {w} × {h} pt"


def test_charts_fit_the_a4_page(report):
    """Each chart, laid out as the page is printed, is no wider than the A4 content box (so nothing is cut)."""
    # A4 is 210 mm = 793.7 css px; the pages' @page margins are 12 mm a side (45.4 px each)
    content_px = 793.7 - 2 * 45.4
    for page, _ in PAGES:
        dom = dump_dom(report / f"{page}.html", as_printed=True).stdout
        widths = [float(w) for w in re.findall(r'<svg[^>]*class="main-svg"[^>]*?width="([\d.]+)"', dom)]
        widths += [float(w) for w in re.findall(r'<svg[^>]*width="([\d.]+)"[^>]*class="main-svg"', dom)]
        assert widths, f"{page}: no chart drawn"
        too_wide = [w for w in widths if w > content_px + 1]
        assert not too_wide, f"{page}: charts wider than the A4 content box ({content_px:.0f} px): {too_wide}"


def test_no_pdf_page_is_blank(report):
    """Every page of every PDF (each part, in each language, and the combined ones) carries text: no blank page, no
    first page left empty by a chart pushed to the next one."""
    pypdf = pytest.importorskip("pypdf")
    pdfs = sorted((report / "pdf").glob("*.pdf")) + sorted(report.glob("report*.pdf"))
    assert len(pdfs) >= 2 * len(PAGES), [p.name for p in pdfs]
    for pdf in pdfs:
        for i, page in enumerate(pypdf.PdfReader(str(pdf)).pages, 1):
            assert len(page.extract_text().strip()) >= 50, f"{pdf.name}: page {i} is (almost) blank"
