"""The printed report: one PDF behind a contents page with bookmarks."""
from __future__ import annotations

import html
from pathlib import Path

from ..html import CSP_META


_TOC_CSS = ("body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", sans-serif; margin: 0; } "
            "@page { size: A4; margin: 20mm 18mm; } h1 { font-size: 20pt; } "
            "table { width: 100%; border-collapse: collapse; font-size: 12pt; } "
            "td { padding: 6pt 0; border-bottom: 1px dotted #999; } td.p { text-align: right; width: 4em; }")


def combine_pdf(tmp: Path, parts: list[tuple[str, str]], dst: Path, *, title: str) -> Path:
    """``pdf/<name>.pdf`` of every part in order, behind a printed table of contents, as one PDF with bookmarks.

    ``parts``: (page name, title shown in the contents). The contents page is printed by Chromium
    like the pages (A4); each part's first page is named in it with its page number, and the PDF's
    outline (the bookmarks a filing system or a reader's side bar shows) holds the same entries.
    Every title is escaped on its way into the contents page.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from pypdf import PdfReader, PdfWriter
    >>> tmp = Path(tempfile.mkdtemp())
    >>> (tmp / "pdf").mkdir()
    >>> for name, pages in (("annual_evaluation", 2), ("complaint_callbacks", 1)):
    ...     w = PdfWriter()
    ...     for _ in range(pages):
    ...         _ = w.add_blank_page(595, 842)
    ...     _ = w.write(tmp / "pdf" / f"{name}.pdf")
    >>> parts = [("annual_evaluation", "年度评价 / Annual evaluation"), ("complaint_callbacks", "投诉与回访 / Complaints")]
    >>> from unittest import mock
    >>> from windoweval.errors import BuildFailed
    >>> with mock.patch.dict("os.environ", {"WINDOWEVAL_CHROMIUM": "/nonexistent/chromium"}):   # no Chromium: refused, exit 4
    ...     try:
    ...         combine_pdf(tmp, parts, tmp / "report.pdf", title="2025 年度报告")
    ...     except BuildFailed as e:
    ...         print(e.exit_code)
    4

    With Chromium (it prints the contents page, a few seconds; tests/test_browser.py builds the real one):

    >>> r = PdfReader(combine_pdf(tmp, parts, tmp / "report.pdf", title="2025 年度报告"))  # doctest: +SKIP
    >>> len(r.pages), [o.title for o in r.outline]  # doctest: +SKIP
    (4, ['目录 / Contents', '年度评价 / Annual evaluation', '投诉与回访 / Complaints'])
    """
    from pypdf import PdfReader, PdfWriter

    from ..browser import print_pdf

    readers = [(name, t, PdfReader(str(tmp / "pdf" / f"{name}.pdf"))) for name, t in parts]

    def toc_html(first: int) -> str:
        rows, page = [], first
        for _, t, r in readers:
            rows.append(f'<tr><td>{html.escape(t)}</td><td class="p">{page}</td></tr>')
            page += len(r.pages)
        head = html.escape("目录 / Contents")
        return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n{CSP_META}\n'
                f"<title>{html.escape(title)}</title><style>{_TOC_CSS}</style>\n</head>\n<body>\n"
                f"<h1>{html.escape(title)}</h1>\n<h2>{head}</h2>\n<table>{''.join(rows)}</table>\n</body>\n</html>\n")

    toc_page, toc_pdf = tmp / "pdf" / "_contents.html", tmp / "pdf" / "_contents.pdf"
    toc_page.write_text(toc_html(2), encoding="utf-8")
    print_pdf(toc_page, toc_pdf)
    n_toc = len(PdfReader(str(toc_pdf)).pages)
    if n_toc != 1:                            # a long contents: number the parts after all its pages
        toc_page.write_text(toc_html(n_toc + 1), encoding="utf-8")
        print_pdf(toc_page, toc_pdf)
    w = PdfWriter()
    w.append(str(toc_pdf), outline_item="目录 / Contents")
    for _, t, r in readers:
        w.append(r, outline_item=t)
    w.add_metadata({"/Title": title})
    with open(dst, "wb") as fh:
        w.write(fh)
    toc_page.unlink()
    toc_pdf.unlink()
    return dst


# ---------------------------------------------------------------- stored outputs for nbval
