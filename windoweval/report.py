"""``windoweval report``: run the notebooks with papermill and build ``reports/<year>/``.

生成年度报告:用 papermill 运行全部笔记本,写出 ``reports/<年度>/``。

::

    windoweval report --year 2025 [--data DIR] [--out reports/] [--pdf] [--prepare-only] [--log FILE]
                      [--language zh|en] [--baseline-year 2024] [--instrument power_hall] [--windows PW01,PW02]
                      [--scheduler local|local:N|tcp://host:8786] [--jobs 2] [-p NAME VALUE ...]

What it writes (``reports/2025/``)::

    index.html                 the year's headline figures and chart, links to every part
    <notebook>.html            one page per notebook, inputs hidden
    notebooks/<notebook>.ipynb the executed notebooks
    tables/<notebook>--<table>.csv   every table (UTF-8 with BOM), and
    tables.xlsx                all of them in one workbook
    summary.json               the headline figures
    assets/plotly.min.js       plotly.js, one local copy shared by the pages (nothing from a CDN)
    pdf/*.pdf                  with --pdf: the index and the pages printed by headless Chromium

The notebooks run two at a time (``--jobs``; each in a kernel of its own),
and each one's page is written as it finishes.  ``--scheduler`` reaches the
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

from .errors import BuildFailed
import functools
import html
import json
import logging
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import make_temp_dir, recover, swap_dir
from .html import CSP_META
from . import i18n, paths

__all__ = ["NOTEBOOKS", "KERNEL_NAME", "BuildError", "build", "prepare", "ensure_kernel", "collect",
           "refresh_stored_outputs", "register"]

#: The notebooks of the report, in the order they run and are listed.
NOTEBOOKS = ["annual_evaluation", "satisfaction_survey", "complaint_callbacks", "promise_fulfilment", "explore"]
#: Short names for the workbook's sheets.
SHEET_PREFIX = {"annual_evaluation": "annual", "satisfaction_survey": "survey", "complaint_callbacks": "complaints",
                "promise_fulfilment": "promises", "explore": "explore"}
KERNEL_NAME = "windoweval"
TEMPLATES_DIR = paths.PACKAGE_DIR / "templates"
DEFAULTS = {"instrument": "power_hall", "language": "zh"}
#: Notebooks run at once by default: two (the development machine's cores), one on a one-core machine.
JOBS = max(1, min(2, os.cpu_count() or 1))
#: The kernel's own log says only errors (not its TCP transport warning) on the build's console.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]

log = logging.getLogger("windoweval.report")


class BuildError(BuildFailed):
    """The build failed; the previous report is untouched. ``notebook`` and ``cell`` say where, when a notebook failed."""

    def __init__(self, message: str, notebook: str | None = None, cell: int | None = None):
        super().__init__(message)
        self.notebook, self.cell = notebook, cell


# ---------------------------------------------------------------- kernel
def ensure_kernel(name: str = KERNEL_NAME) -> str:
    """A Jupyter kernel ``name`` that runs this interpreter, installed into ``sys.prefix`` when missing or stale.

    A fresh virtual environment has none; ``python -m ipykernel install
    --sys-prefix --name windoweval`` does the same by hand.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    def current() -> bool:
        try:
            spec = KernelSpecManager().get_kernel_spec(name)
        except NoSuchKernel:
            return False
        return bool(spec.argv) and os.path.abspath(spec.argv[0]) == os.path.abspath(sys.executable)

    if current():
        return name
    from ipykernel.kernelspec import install

    where = install(kernel_name=name, display_name="Python (windoweval)", prefix=sys.prefix)
    log.info("kernel %s installed: %s", name, where)
    if not current():
        spec = KernelSpecManager().get_kernel_spec(name)
        raise BuildError(f"内核 {name} 指向另一个解释器 {spec.argv[0]} ({spec.resource_dir}),请删除它 / "
                         f"a kernel named {name} at {spec.resource_dir} runs {spec.argv[0]}, not {sys.executable}; "
                         f"remove it (jupyter kernelspec remove {name})")
    return name


# ---------------------------------------------------------------- parameters
def parameters(year: int, data=None, *, language: str = "zh", baseline_year: int | None = None,
               instrument: str | None = None, windows=None, scheduler: str | None = None,
               extra: dict | None = None) -> dict:
    """The notebooks' parameters: ``year``, ``data`` (absolute), ``instrument``, ``baseline_year``, ``windows``,
    ``language``, ``scheduler`` (a Dask scheduler for the scoring, None for pandas), plus ``extra``.

    Examples
    --------
    >>> p = parameters(2025, scheduler="tcp://10.0.0.5:8786")
    >>> p["baseline_year"], p["scheduler"]
    (2024, 'tcp://10.0.0.5:8786')
    """
    p = {"year": int(year), "data": str(Path(data).resolve()) if data else None,
         "instrument": instrument or DEFAULTS["instrument"],
         "baseline_year": int(baseline_year) if baseline_year else int(year) - 1,
         "windows": windows, "language": i18n.check_language(language or DEFAULTS["language"]),
         "scheduler": scheduler or None}
    p.update(extra or {})
    return p


# ---------------------------------------------------------------- reading the executed notebooks
@dataclass
class Collected:
    """What a report takes out of an executed notebook."""

    tables: list = field(default_factory=list)      # [{name, title, columns, data}]
    headlines: list = field(default_factory=list)   # [{group, items: [{key, label, value, display}]}]
    figures: list = field(default_factory=list)     # [{name, caption, spec}] marked headline
    warnings: list = field(default_factory=list)    # [{key, text, text_<other language>}]: missing evidence


def collect(nb) -> Collected:
    """The tables, headline figures and headline charts that :mod:`windoweval.present` put in ``nb``'s outputs."""
    from .present import HEADLINES_MIME, PLOTLY_MIME, TABLE_MIME, WARNING_MIME

    got = Collected()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data") or {}
            if TABLE_MIME in data:
                got.tables.append(dict(data[TABLE_MIME]))
            if HEADLINES_MIME in data:
                got.headlines.append(dict(data[HEADLINES_MIME]))
            if WARNING_MIME in data:
                got.warnings.append(dict(data[WARNING_MIME]))
            meta = (out.get("metadata") or {}).get("windoweval") or {}
            if PLOTLY_MIME in data and meta.get("headline"):
                got.figures.append({"name": meta.get("figure"), "caption": meta.get("caption", ""),
                                    "spec": data[PLOTLY_MIME]})
    return got


def _scrub(nb) -> list[str]:
    """Mask personal data in every text output left outside tables and figures; drop stderr (returned, for the log)."""
    import pandas as pd

    from .present import PLOTLY_MIME, TABLE_MIME
    from .privacy import mask_text

    warnings, texts = [], []   # texts: (where, key) of every text to mask, masked at once below
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        keep = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                if out.get("name") == "stderr":
                    warnings.append(out.get("text", ""))
                    continue
                out["text"] = out.get("text", "")
                texts.append((out, "text"))
            data = out.get("data") or {}
            if data and PLOTLY_MIME not in data and TABLE_MIME not in data:
                for mime in ("text/plain", "text/markdown", "text/html"):
                    if isinstance(data.get(mime), str):
                        texts.append((data, mime))
            keep.append(out)
        cell["outputs"] = keep
    if texts:
        masked = mask_text(pd.Series([where[key] for where, key in texts], dtype="string"))
        for (where, key), text in zip(texts, masked.tolist()):
            where[key] = str(text)
    return warnings


def _keep_failed(src: Path, dst: Path):
    """Copy a failed notebook for inspection with every output text (tracebacks too) masked."""
    import nbformat

    from .privacy import mask_json

    nb = nbformat.read(src, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell["outputs"] = nbformat.from_dict(mask_json(list(cell.get("outputs", []))))
    nbformat.write(nb, dst)


# ---------------------------------------------------------------- writing
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

    from .present import PLOTLY_CONFIG

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
    from ._version import __version__

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
@contextmanager
def _lock(out: Path, year: int):
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    f = open(out / f".{year}.lock", "w")
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            raise BuildError(f"{year} 年的报告正在由另一进程生成 / another build of the {year} report is running") from e
        yield
    finally:
        f.close()


def _say(progress, msg: str):
    log.info(msg)
    if progress:
        progress(msg)


def _run_notebook(name: str, src: Path, dst: Path, params: dict, kernel: str, cwd: Path, timeout: int):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        # the kernel starts in ``cwd`` (nbclient's resources path) rather than through papermill's cwd=, which
        # changes this process's directory and so cannot serve two notebooks running at once
        papermill.execute_notebook(str(src), str(dst), parameters=params, kernel_name=kernel, language="python",
                                   progress_bar=False, log_output=False, start_timeout=120,
                                   request_save_on_cell_execute=False, execution_timeout=timeout,
                                   extra_arguments=KERNEL_ARGS, resources={"metadata": {"path": str(cwd)}})
    except PapermillExecutionError as e:
        first = next((ln for ln in (e.source or "").splitlines() if ln.strip()), "")
        raise BuildError(
            f"笔记本 {name} 第 {e.cell_index} 个单元格(In [{e.exec_count}])出错 / notebook {name} failed in cell "
            f"{e.cell_index} (In [{e.exec_count}]: {first.strip()[:80]}): {e.ename}: {e.evalue}",
            notebook=name, cell=e.cell_index) from e
    except Exception as e:  # kernel died, timeout, unreadable notebook
        raise BuildError(f"笔记本 {name} 运行失败 / notebook {name} failed: {type(e).__name__}: {e}",
                         notebook=name) from e


def _source(name: str) -> Path:
    src = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
    if not src.exists():
        raise BuildError(f"找不到笔记本 / notebook not found: {src}", notebook=name)
    return src


def _table_csv(name: str, table: dict) -> str:
    return f"tables/{name}--{table['name']}.csv"


def _finish(name: str, dst: Path, tmp: Path, language: str) -> Collected:
    """An executed notebook's scrub, page, tables as CSV, and collected parts (while the others still run)."""
    import nbformat
    import pandas as pd

    from .exports import write_csv

    nb = nbformat.read(dst, as_version=4)
    for w in _scrub(nb):
        log.warning("%s: %s", name, w.strip()[:2000])
    nbformat.write(nb, dst)
    got = collect(nb)
    (tmp / f"{name}.html").write_text(_page(nb, language, i18n.text(f"notebook.{name}", language)), encoding="utf-8")
    for tb in got.tables:
        write_csv(pd.DataFrame(tb["data"], columns=tb["columns"]), tmp / _table_csv(name, tb))
    return got


def _run_all(names: list[str], params: dict, kernel: str, tmp: Path, out: Path, year: int, language: str,
             timeout: int, jobs: int, progress) -> dict[str, Collected]:
    """Run the notebooks ``jobs`` at a time (in their order); each one's page is written as it finishes.

    On a failure no further notebook starts; those running finish; the
    failed notebooks are kept in ``<out>/<year>.failed/`` and the first
    failure in the notebooks' order is raised.
    """
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    n = len(names)
    jobs = max(1, int(jobs))
    queue = deque(enumerate(names, 1))
    running: dict = {}
    failures: dict[str, BuildError] = {}
    collected: dict[str, Collected] = {}

    def start(pool):
        while queue and len(running) < jobs and not failures:
            i, name = queue.popleft()
            _say(progress, f"[{i}/{n}] {name} ({i18n.text(f'notebook.{name}', language)}) …")
            dst = tmp / "notebooks" / f"{name}.ipynb"
            fut = pool.submit(_run_notebook, name, _source(name), dst, params, kernel, tmp, timeout)
            running[fut] = (name, dst, time.monotonic())

    with ThreadPoolExecutor(jobs, thread_name_prefix="windoweval-notebook") as pool:
        start(pool)
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            finished = []
            for fut in done:
                name, dst, t1 = running.pop(fut)
                try:
                    fut.result()
                except BuildError as e:
                    failures[name] = e
                    if dst.exists():
                        failed = out / f"{int(year)}.failed"
                        if len(failures) == 1:
                            shutil.rmtree(failed, ignore_errors=True)
                        failed.mkdir(exist_ok=True)
                        _keep_failed(dst, failed / dst.name)   # through the privacy gate
                        log.error("the failed notebook is kept in %s", failed / dst.name)
                else:
                    finished.append((name, dst, t1))
            start(pool)  # the next notebooks start before this one's page is written (nothing starts after a failure)
            for name, dst, t1 in finished:
                if not failures:
                    collected[name] = _finish(name, dst, tmp, language)
                    _say(progress, f"    ✓ {name}: {time.monotonic() - t1:.1f} s, "
                                   f"{len(collected[name].tables)} 表 tables")
    if failures:
        first = next(nm for nm in names if nm in failures)
        for nm in failures:
            if nm != first:  # ran beside the first one and failed too
                log.error("%s", failures[nm])
        raise failures[first]
    return collected


def prepare(year: int, *, out=None, progress=print, notebooks=None, **kw) -> Path:
    """Write the parameterised notebooks, not run, into ``<out>/<year>.prepared/``; returns that directory."""
    import nbformat
    import papermill

    params = parameters(year, **kw)
    out = Path(out) if out else paths.REPORTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    final = out / f"{int(year)}.prepared"
    kernel = ensure_kernel()
    with _lock(out, year):
        recover(final)
        tmp = make_temp_dir(final, "preparing")
        try:
            for name in notebooks or NOTEBOOKS:
                nb = nbformat.read(_source(name), as_version=4)
                for cell in nb.cells:          # the stored outputs (nbval's) are not this year's
                    if cell.cell_type == "code":
                        cell.outputs, cell.execution_count = [], None
                papermill.execute_notebook(nb, str(tmp / f"{name}.ipynb"), parameters=params,
                                           prepare_only=True, kernel_name=kernel, language="python",
                                           progress_bar=False)
                _say(progress, f"✓ {name}.ipynb")
            tmp.chmod(0o755)
            swap_dir(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    _say(progress, f"已写出参数化笔记本 / parameterised notebooks written: {final}")
    return final


def build(year: int, *, data=None, out=None, pdf: bool = False, language: str = "zh", baseline_year=None,
          instrument=None, windows=None, scheduler=None, extra: dict | None = None, progress=print,
          timeout: int = 900, notebooks=None, jobs: int | None = None) -> Path:
    """Run every notebook and write ``<out>/<year>/`` (see the module docstring); returns that directory.

    ``jobs`` notebooks run at once (default :data:`JOBS`: two, or one on a
    one-core machine); each is a kernel of its own.  The first notebook that
    fails stops the build: no other one starts, those running are let finish
    and the failure is the first one in the notebooks' order, as it would be
    one at a time.

    Raises :class:`BuildError` when a notebook or an export fails (the
    previous report stays), and the workspace's own errors when ``data`` is
    refused.
    """
    from ._version import __version__
    from .exports import write_xlsx
    from .records.workspace import load_workspace

    params = parameters(year, data, language=language, baseline_year=baseline_year, instrument=instrument,
                        windows=windows, scheduler=scheduler, extra=extra)
    language = params["language"]
    ws = load_workspace(params["data"])          # a refused records directory stops here (exit 3)
    from .evaluation import check_year, covered_years
    covered = check_year(year, params["data"], ws)   # a year without any records: exit 3, before any notebook runs
    from .privacy import mask_message
    org = mask_message(ws.name if language == "zh" else (ws.name_en or ws.name))   # the privacy gate
    names = list(notebooks or NOTEBOOKS)
    if pdf:
        from .browser import INSTALL_HINT, find_chromium
        if find_chromium() is None:
            raise BuildError(f"--pdf 需要 Chromium / --pdf needs Chromium: {INSTALL_HINT}")
    out = Path(out) if out else paths.REPORTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    final = paths.report_dir(year, out)
    t0 = time.monotonic()
    _say(progress, f"== windoweval report {year} → {final} ==")
    log.info("parameters: %s", json.dumps(params, ensure_ascii=False))
    log.info("the data covers: %s", json.dumps(covered, ensure_ascii=False))
    if params["baseline_year"] not in covered_years(covered):
        _say(progress, f"基准年 {params['baseline_year']} 没有记录,不作比较 / no records for the baseline year "
                       f"{params['baseline_year']}: no baseline, no comparison")
    kernel = ensure_kernel()
    with _lock(out, year):
        for line in recover(final):                # what a killed build left: restored, temp folders removed
            log.info("recovered: %s", line)
        tmp = make_temp_dir(final, "building")     # mode 0700 until it goes in
        old_seed = os.environ.get("PYTHONHASHSEED")
        os.environ["PYTHONHASHSEED"] = "0"
        try:
            (tmp / "notebooks").mkdir()
            (tmp / "assets").mkdir()
            shutil.copyfile(_plotly_js(), tmp / "assets" / "plotly.min.js")
            collected = _run_all(names, params, kernel, tmp, out, year, language, timeout,
                                 jobs or JOBS, progress)
            pages = [{"name": name, "title": i18n.text(f"notebook.{name}", language), "page": f"{name}.html",
                      "notebook": f"notebooks/{name}.ipynb", "pdf": f"pdf/{name}.pdf"} for name in names]

            import pandas as pd
            tables, sheets = [], {}
            for name in names:
                for tb in collected[name].tables:  # the CSVs are written as each notebook finishes
                    df = pd.DataFrame(tb["data"], columns=tb["columns"])
                    csv = _table_csv(name, tb)
                    sheets[f"{SHEET_PREFIX.get(name, name)}-{tb['name']}"] = df
                    tables.append({"notebook": name, "name": tb["name"], "title": tb["title"], "csv": csv,
                                   "rows": len(df)})
            write_xlsx(sheets, tmp / "tables.xlsx")
            warnings = _warnings(names, collected, language)
            for w in warnings:
                log.warning("%s: %s", w["notebook"], w["text"])
                print(f"⚠ {w['notebook']}: {w['text']}", file=sys.stderr)   # also with -q: a report missing a part
            summary = {
                "year": int(year), "organisation": org, "language": language, "parameters": params,
                "demo": params["data"] is None, "data_covers": covered, "warnings": warnings,
                "windoweval_version": __version__,
                "notebooks": [{k: p[k] for k in ("name", "title", "page", "notebook")} for p in pages],
                "headlines": {n: {i["key"]: {"label": i["label"], "value": i["value"], "display": i["display"]}
                                  for h in collected[n].headlines for i in h.get("items", [])} for n in names},
                "tables": tables,
            }
            (tmp / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                              encoding="utf-8")
            data_label = params["data"] or i18n.text("index.demo_data", language)
            (tmp / "index.html").write_text(_index(int(year), language, org, pages, collected, tables, data_label, pdf,
                                                   warnings=warnings, demo=params["data"] is None,
                                                   baseline=params["baseline_year"],
                                                   baseline_present=params["baseline_year"] in covered_years(covered)),
                                            encoding="utf-8")
            if pdf:
                from .browser import BrowserError, print_pdf
                _say(progress, "PDF …")
                try:
                    for page in ["index", *names]:
                        print_pdf(tmp / f"{page}.html", tmp / "pdf" / f"{page}.pdf")
                        _say(progress, f"    ✓ pdf/{page}.pdf")
                    parts = [("index", f"{i18n.text('index.title', 'zh', org=org, year=year)} / "
                                       f"{i18n.text('index.title', 'en', org=org, year=year)}")]
                    parts += [(n, f"{i18n.text(f'notebook.{n}', 'zh')} / {i18n.text(f'notebook.{n}', 'en')}")
                              for n in names]
                    combine_pdf(tmp, parts, tmp / "report.pdf", title=parts[0][1])
                    _say(progress, "    ✓ report.pdf")
                except BrowserError as e:
                    raise BuildError(str(e)) from e
            tmp.chmod(0o755)
            swap_dir(tmp, final)
            shutil.rmtree(out / f"{int(year)}.failed", ignore_errors=True)
        except BuildError:
            raise
        except Exception as e:
            log.exception("the build failed")
            raise BuildError(f"报告生成失败 / the build failed: {type(e).__name__}: {e}") from e
        finally:
            if old_seed is None:
                os.environ.pop("PYTHONHASHSEED", None)
            else:
                os.environ["PYTHONHASHSEED"] = old_seed
            shutil.rmtree(tmp, ignore_errors=True)
    _say(progress, f"完成 / done: {final / 'index.html'} ({time.monotonic() - t0:.1f} s)")
    return final


# ---------------------------------------------------------------- one PDF for filing
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
    """
    from pypdf import PdfReader, PdfWriter

    from .browser import print_pdf

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
def refresh_stored_outputs(notebooks=None, progress=print) -> list[Path]:
    """Re-run ``notebooks/*.ipynb`` in place on the demo data with their default parameters.

    The notebooks reach the demo through the package's entry points
    (:mod:`windoweval.datadir`), which generate it on first use.

    The stored outputs are what ``pytest --nbval`` compares against: run this
    after a deliberate change of numbers (a standard, the demo data), review
    the diff, commit.  Cell timings are not recorded, so an unchanged result
    leaves the files unchanged.
    """
    import nbformat
    from nbclient import NotebookClient

    kernel = ensure_kernel()
    done = []
    for name in notebooks or NOTEBOOKS:
        src = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
        nb = nbformat.read(src, as_version=4)
        t1 = time.monotonic()
        NotebookClient(nb, kernel_name=kernel, timeout=900, record_timing=False, extra_arguments=KERNEL_ARGS,
                       resources={"metadata": {"path": str(paths.NOTEBOOKS_DIR)}}).execute()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        nbformat.validate(nb)
        nbformat.write(nb, src)
        done.append(src)
        _say(progress, f"✓ {src.name} ({time.monotonic() - t1:.1f} s)")
    return done


# ---------------------------------------------------------------- the command
def _setup_log(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    h = logging.FileHandler(path, encoding="utf-8")
    h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    from .privacy import MaskingFilter
    h.addFilter(MaskingFilter())     # the log is read by people too: masked like every output
    log.addHandler(h)
    log.setLevel(logging.INFO)
    return h


def default_year(data=None) -> int:
    """The year a command reports on when ``--year`` is not given: the last calendar year the data covers.

    Said on stderr (Chinese first) so the reader knows which year was taken; :class:`~.evaluation.NoRecords`
    (exit 3) when the data holds no records at all.
    """
    from .evaluation import NoRecords, covered_years, years_covered

    years = covered_years(years_covered(data))
    if not years:
        raise NoRecords("数据中没有任何记录,无法确定年度 / the data holds no records: no year to report on; "
                        "import records first (windoweval records import)")
    year = int(years[-1])
    print(f"未给出 --year,取数据覆盖的最后一年 {year} / no --year given: taking {year}, "
          f"the last year the data covers", file=sys.stderr)
    return year


def cmd_report(args) -> int:
    from .errors import EXIT_BUILD, EXIT_OK, EXIT_USAGE, InputError

    if args.update_notebooks:
        refresh_stored_outputs()
        return EXIT_OK
    if args.year is None:
        args.year = default_year(args.data)
    from .params import validate
    from .safepath import out_dir

    extra = validate(args.parameter or [], NOTEBOOKS)   # names and types the notebooks declare; data, never code (exit 2)
    out = out_dir(args.out, paths.REPORTS_DIR)
    logfile = Path(args.log) if args.log else out / f"build-{args.year}.log"
    handler = _setup_log(logfile)
    kw = dict(data=args.data, language=args.language, baseline_year=args.baseline_year,
              instrument=args.instrument, windows=args.windows, scheduler=args.scheduler, extra=extra,
              progress=None if getattr(args, "quiet", False) else print)
    try:
        if args.prepare_only:
            prepare(args.year, out=out, **kw)
        else:
            build(args.year, out=out, pdf=args.pdf, timeout=args.timeout, jobs=args.jobs, **kw)
        return EXIT_OK
    except BuildError as e:
        from .privacy import mask_message
        log.error("%s", e)
        print(f"✗ {mask_message(e)}", file=sys.stderr)
        final = paths.report_dir(args.year, out)
        if final.exists():
            print(f"原报告未改动 / the previous report is untouched: {final}; 日志 / log: {logfile}", file=sys.stderr)
        else:
            print(f"未生成报告 / no report was written; 日志 / log: {logfile}", file=sys.stderr)
        return EXIT_BUILD
    except InputError as e:       # refused before any notebook ran (a year without records, a records directory)
        log.error("%s", e)
        raise
    except Exception as e:
        log.exception("%s", e)
        raise
    finally:
        log.removeHandler(handler)
        handler.close()


def register(subparsers):
    """Add ``windoweval report`` to the command line."""
    s = subparsers.add_parser(
        "report", help="生成年度报告 / build the annual report (papermill → HTML, CSV, XLSX, PDF)",
        description=__doc__.split("::")[0].strip(), epilog="Exit codes: 0 built; 2 usage; 3 records refused; "
        "4 build failed (the previous report is untouched); 5 internal error.")
    s.add_argument("--year", type=int, help="年度 / the year to report on, e.g. 2025 "
                                            "(default: the last year the data covers, stated on the console)")
    s.add_argument("--data", help="数据目录 / records directory (default: the demo data)")
    s.add_argument("--out", help="输出目录 / where <year>/ goes (default: reports/)")
    s.add_argument("--pdf", action="store_true", help="同时打印 PDF(需要 chromium)/ also print PDFs with headless Chromium")
    s.add_argument("--prepare-only", action="store_true",
                   help="只写出参数化的笔记本,不运行 / write the parameterised notebooks into <out>/<year>.prepared/ without running them")
    s.add_argument("--log", help="日志文件 / log file (default: <out>/build-<year>.log)")
    s.add_argument("--language", choices=list(i18n.LANGUAGES), default="zh", help="报告语言 / language (default zh)")
    s.add_argument("--baseline-year", type=int, help="基准年 / year to compare with (default: year - 1)")
    s.add_argument("--instrument", help="问卷 / survey instrument (default power_hall)")
    s.add_argument("--windows", help="只评价这些窗口或窗口类型,逗号分隔 / only these window ids or kinds, comma-separated")
    s.add_argument("--scheduler", help="Dask 调度器:local、local:N 或地址 / score on Dask: 'local', 'local:N' or a "
                                       "scheduler address such as tcp://10.0.0.5:8786 (default: pandas; docs/scale.md)")
    s.add_argument("--jobs", type=int, default=None,
                   help=f"同时运行的笔记本数 / notebooks run at once (default {JOBS})")
    s.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="其他笔记本参数(须为笔记本声明的参数,按其类型检查)/ another notebook parameter: a name the notebooks declare, VALUE checked against its type (windoweval/params.py)")
    s.add_argument("--timeout", type=int, default=900, help="单个单元格超时秒数 / seconds a cell may run (default 900)")
    s.add_argument("--update-notebooks", action="store_true",
                   help="维护用:在示例数据上重新运行 notebooks/ 并保存输出(nbval 的基准)/ maintainers: re-run "
                        "notebooks/ in place on the demo data, refreshing the outputs nbval compares against")
    s.set_defaults(func=cmd_report)
