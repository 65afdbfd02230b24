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


@pytest.mark.parametrize("page, charts", [("index", 1), ("annual_evaluation", 3)])
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
