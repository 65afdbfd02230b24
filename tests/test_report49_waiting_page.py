"""Issue 14, item 2 (session 49): a kernel that ran a notebook while another handed over waits to start goes on to
that one at once, and the command, idle then, makes the first one's page (its CSVs, its sheets) itself.  In session
48 the kernel made every page: the annual notebook, the build's tail, waited for the explore notebook's page and the
kernel's reset after its section was kept (benchmarks/README.md, "Session 48 — report48": 0.45-0.6 s at load ~9).

The build: the tiny data, two stand-in notebooks showing a table each, and the sections' computation replaced by a
stand-in that hands both over at once, so that the second waits while the first runs.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import nbformat

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)


def _notebook(folder: Path, name: str, table: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year = 2024\ndata = None", metadata={"tags": ["parameters"]})
    body = ("from IPython.display import display\nfrom windoweval.present import TABLE_MIME\n"
            f"display({{TABLE_MIME: {{'name': '{table}', 'title': '{table}', 'columns': ['窗口编号', 'n'], "
            "'data': [['PW01', 2], ['=1+1', 3]]}}, raw=True)\nprint('shown 13812345678')")
    nb.cells = [params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(folder / f"{name}.ipynb"))


def test_the_kernel_goes_on_to_a_waiting_notebook_and_the_command_makes_the_page(monkeypatch, tmp_path):
    from windoweval import paths
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    (tmp_path / "notebooks").mkdir()
    _notebook(tmp_path / "notebooks", "complaint_callbacks", "t")
    _notebook(tmp_path / "notebooks", "promise_fulfilment", "p")
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path / "notebooks")

    def keep_sections(year, params, folder, survey, progress, names=None, covered=None, kept=None):
        kept("complaints")
        kept("promises")                # handed over at once: it waits while the complaints' notebook runs

    made_here = []
    page_parts = build_mod._page_parts

    def recorded(name, *a, **k):
        made_here.append(name)
        return page_parts(name, *a, **k)

    monkeypatch.setattr(build_mod, "_keep_sections", keep_sections)
    monkeypatch.setattr(build_mod, "_page_parts", recorded)
    d = tiny_data_dir()
    final = build_mod.build(2025, data=d, out=tmp_path / "reports", progress=None,
                            survey=survey_source("power_hall", d),
                            notebooks=["complaint_callbacks", "promise_fulfilment"])
    # the first one's page made by the command (the second waited); the last one's by its kernel (nothing waited)
    assert made_here == ["complaint_callbacks"], made_here
    # the report as ever: both pages (the phone masked), the CSVs (a formula neutralised), the sheets in the
    # notebooks' order, the shipped notebooks, nothing handed over left in it
    assert sorted(p.name for p in final.iterdir() if not p.name.startswith("assets")) == [
        "complaint_callbacks.html", "index.html", "notebooks", "promise_fulfilment.html", "summary.json", "tables",
        "tables.xlsx"]
    for name, table in (("complaint_callbacks", "t"), ("promise_fulfilment", "p")):
        assert "'=1+1" in (final / "tables" / f"{name}--{table}.csv").read_text(encoding="utf-8-sig")
        page = (final / f"{name}.html").read_text(encoding="utf-8")
        assert "shown" in page and "13812345678" not in page
    from openpyxl import load_workbook

    book = load_workbook(final / "tables.xlsx")
    assert book.sheetnames == ["complaints-t", "promises-p"]
    assert [[c.value for c in row] for row in book["complaints-t"].iter_rows()] == [
        ["窗口编号", "n"], ["PW01", 2], ["'=1+1", 3]]
