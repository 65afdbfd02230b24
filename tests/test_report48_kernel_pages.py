"""Issue 14, item 2 (session 48): a notebook's page, CSVs and sheets are made by the kernel that ran it, right after
it, while the command still computes the year's evaluation.  Before, the command made every page itself once its
last section was kept (nbconvert imported, its templates and the masking rules compiled there, then each page),
beside the annual notebook: the build's tail (benchmarks/README.md, "Session 48 — report48").

The build: the tiny data, one notebook (a stand-in for the complaints' notebook showing a table), and the sections'
computation replaced by a stand-in that hands that notebook over and then waits for its page while it "computes".
"""
from __future__ import annotations

import importlib
import time
from pathlib import Path

import nbformat

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)


def _notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year = 2024\ndata = None", metadata={"tags": ["parameters"]})
    body = ("from IPython.display import display\nfrom windoweval.present import TABLE_MIME\n"
            "display({TABLE_MIME: {'name': 't', 'title': 't', 'columns': ['窗口编号', 'n'], "
            "'data': [['PW01', 2], ['=1+1', 3]]}}, raw=True)\nprint('shown')")
    nb.cells = [params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir()
    nbformat.write(nb, str(folder / "complaint_callbacks.ipynb"))


def test_the_page_is_made_while_the_sections_still_compute_and_the_report_is_the_same(monkeypatch, tmp_path):
    from windoweval import paths
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    _notebook(tmp_path / "notebooks")
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path / "notebooks")
    out = tmp_path / "reports"
    seen = {}

    def keep_sections(year, params, folder, survey, progress, names=None, covered=None, kept=None):
        kept("complaints")              # the notebook is handed to the kernel and runs, while this still computes
        page, csv = folder.parent / "complaint_callbacks.html", folder.parent / "tables" / "complaint_callbacks--t.csv"
        t = time.monotonic()
        while not (page.exists() and csv.exists()) and time.monotonic() - t < 240:
            time.sleep(0.1)
        seen.update(page=page.exists(), csv=csv.exists())

    monkeypatch.setattr(build_mod, "_keep_sections", keep_sections)
    d = tiny_data_dir()
    final = build_mod.build(2025, data=d, out=out, progress=None, survey=survey_source("power_hall", d),
                            notebooks=["complaint_callbacks"])
    assert seen == {"page": True, "csv": True}, "the page and its CSV were not made before the last section was kept"
    # the report as the command made it: the page, the CSV (a formula neutralised), the sheet, the shipped notebook,
    # and nothing the kernel handed over left in it
    assert sorted(p.name for p in final.iterdir() if not p.name.startswith("assets")) == [
        "complaint_callbacks.html", "index.html", "notebooks", "summary.json", "tables", "tables.xlsx"]
    assert "'=1+1" in (final / "tables" / "complaint_callbacks--t.csv").read_text(encoding="utf-8-sig")
    from openpyxl import load_workbook

    ws = load_workbook(final / "tables.xlsx")["complaints-t"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["窗口编号", "n"], ["PW01", 2], ["'=1+1", 3]]
    shipped = nbformat.read(final / "notebooks" / "complaint_callbacks.ipynb", as_version=4)
    assert any("shown" in o.get("text", "") for c in shipped.cells for o in c.get("outputs", []))
    assert "shown" in (final / "complaint_callbacks.html").read_text(encoding="utf-8")
