"""``windoweval report``: compute the year's evaluation once, run the notebooks on it, build ``reports/<year>/``.

生成年度报告:年度评价只计算一次(保存在 ``kept/``),各笔记本读取后展示,写出 ``reports/<年度>/``。

::

    windoweval report --year 2025 [--data DIR] [--out reports/] [--pdf] [--prepare-only] [--log FILE]
                      [--language zh+en|zh|en] [--baseline-year 2024] [--instrument power_hall] [--windows PW01,PW02]
                      [--scheduler local|local:N|tcp://host:8786] [--jobs 2] [-p NAME VALUE ...]

What it writes (``reports/2025/``)::

    index.html                 the year's headline figures and chart, links to every part
    <notebook>.html            one page per notebook, inputs hidden; both languages with a switch (zh+en)
    kept/<section>/            the year's evaluation, computed once (windoweval.sections): Parquet and JSON
    notebooks/<notebook>.ipynb the executed notebooks
    tables/<notebook>--<table>.csv   every table (UTF-8 with BOM), and
    tables.xlsx                all of them in one workbook
    summary.json               the headline figures
    assets/plotly.min.js       plotly.js, one local copy shared by the pages (nothing from a CDN)
    assets/windoweval.js       the language switch
    pdf/*.pdf                  with --pdf: the index and the pages printed by headless Chromium

The year's evaluation is computed once, in this process, while ``--jobs``
kernels (one by default) start and import the package; then the kernels run
the notebooks, each one after another, and each one's page is written as it
finishes.  Progress goes to stderr; stdout carries the report's path.  ``--scheduler`` reaches the
notebooks as their ``scheduler`` parameter: the scoring runs on that Dask
scheduler (docs/scale.md).

The build runs in a directory beside the report (``reports/.2025.building-*``)
and replaces ``reports/2025`` only when every notebook ran and every file was
written; a failure leaves the last complete report as it was, keeps the
failed notebook in ``reports/2025.failed/`` for inspection, and names the
notebook, the cell and the error.  The first failure stops the build: no
other notebook starts (one already running is let finish).

Exit codes (as for every ``windoweval`` command, see :mod:`windoweval.cli`):

====  =====================================================================
0     the report was built (or, with --prepare-only, the notebooks prepared)
2     wrong command line
3     the records directory or its workspace file was refused
4     the build failed (a notebook, an export, or --pdf without Chromium);
      the previous report is untouched
5     internal error
====  =====================================================================

A log of every build (start, parameters, each notebook with its time, the
error) is appended to ``--log`` (default ``reports/build-<year>.log``).
Same inputs give the same numbers: the notebooks hold no randomness, tables
are sorted, and ``summary.json`` carries no time stamp.
"""
from __future__ import annotations

from .settings import DEFAULTS, JOBS, KERNEL_NAME, NOTEBOOKS, SHEET_PREFIX, TEMPLATES_DIR, BuildError, ensure_kernel, parameters
from .collect import Collected, collect
from .pdf import combine_pdf
from .build import build, default_year, prepare, refresh_stored_outputs

__all__ = ["NOTEBOOKS", "KERNEL_NAME", "BuildError", "build", "prepare", "ensure_kernel", "collect",
           "refresh_stored_outputs", "default_year", "parameters", "combine_pdf"]
