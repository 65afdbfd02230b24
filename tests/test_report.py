"""``windoweval report``: the built report, offline pages, safe exports, the failure that leaves the old report, --prepare-only.

The full build on the demo data runs once per session (tests/_report_build.py).
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from _report_build import built_report, run_cli
from windoweval import i18n, paths
from windoweval.report import NOTEBOOKS, collect

PHONE_OR_ID = re.compile(r"(?<![0-9A-Za-z])(?:1[3-9]\d{9}|[1-9]\d{16}[0-9Xx]|0\d{2,3}-\d{7,8})(?![0-9A-Za-z])")


@pytest.fixture(scope="module")
def build():
    b = built_report()
    assert b.code == 0, f"the report build failed ({b.code}):\n{b.stdout}\n{b.stderr}"
    return b


def test_report_has_every_part(build):
    r = build.report
    assert (r / "index.html").is_file()
    for name in NOTEBOOKS:
        assert (r / f"{name}.html").is_file(), name
        nb = nbformat.read(r / "notebooks" / f"{name}.ipynb", as_version=4)
        assert nb.metadata["papermill"]["parameters"]["year"] == 2025
        assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
        if build.pdf:
            assert (r / "pdf" / f"{name}.pdf").read_bytes()[:4] == b"%PDF"
    if build.pdf:
        assert (r / "pdf" / "index.pdf").read_bytes()[:4] == b"%PDF"
    summary = json.loads((r / "summary.json").read_text(encoding="utf-8"))
    assert summary["year"] == 2025 and [n["name"] for n in summary["notebooks"]] == NOTEBOOKS
    # every table as CSV, and all of them in the workbook
    csvs = sorted(p.relative_to(r).as_posix() for p in (r / "tables").glob("*.csv"))
    assert csvs == sorted(t["csv"] for t in summary["tables"]) and len(csvs) >= 5
    from openpyxl import load_workbook
    wb = load_workbook(r / "tables.xlsx")
    assert len(wb.sheetnames) == len(csvs)
    assert "annual-ranking" in wb.sheetnames
    for t in summary["tables"]:
        df = pd.read_csv(r / t["csv"], encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert len(df) == t["rows"], t["csv"]
    # progress per notebook on the console, and the log
    for name in NOTEBOOKS:      # on stderr: stdout holds the result (the report's path)
        assert f"{name}" in build.stderr
    log = (build.out / "build-2025.log").read_text(encoding="utf-8")
    assert all(n in log for n in NOTEBOOKS) and "done" in log


def test_summary_holds_the_package_numbers(build):
    """The headline figures are the package's own: same inputs, same numbers."""
    import windoweval as we

    summary = json.loads((build.report / "summary.json").read_text(encoding="utf-8"))
    got = {k: v["value"] for k, v in summary["headlines"]["annual_evaluation"].items()}
    expected = we.evaluate(2025, baseline_year=2024).headlines
    assert {k: got[k] for k in expected} == expected


def test_report_numbers_equal_the_stored_notebook_outputs(build):
    """Two independent runs on the demo data (the stored notebooks, this build) give the same tables."""
    for name in NOTEBOOKS:
        stored = collect(nbformat.read(paths.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4))
        built = collect(nbformat.read(build.report / "notebooks" / f"{name}.ipynb", as_version=4))
        assert [t["name"] for t in built.tables] == [t["name"] for t in stored.tables], name
        for a, b in zip(built.tables, stored.tables):
            assert a["data"] == b["data"], f"{name}: table {a['name']} differs from the stored outputs " \
                                           f"(refresh them with `windoweval report --update-notebooks`)"
        def one_language(headlines):   # a bilingual build carries the other language's labels too
            return [{**h, "items": [{k: v for k, v in i.items() if not k.startswith(("label_", "display_"))}
                                    for i in h["items"]]}
                    for h in headlines]
        assert one_language(built.headlines) == one_language(stored.headlines), name


def test_pages_are_offline_and_hide_inputs(build):
    import plotly

    r = build.report
    js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert (r / "assets" / "plotly.min.js").read_bytes() == js.read_bytes()
    for page in ["index", *NOTEBOOKS]:
        text = (r / f"{page}.html").read_text(encoding="utf-8")
        assert "cdn" not in text.lower(), f"{page}.html names a CDN"
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), f"{page}.html loads from the network"
        assert text.count('<script src="assets/plotly.min.js"></script>') == 1, page
        assert len(text) < 2_000_000, f"{page}.html carries its own plotly.js copy"
        assert "wp.setup(" not in text and "import windoweval" not in text, f"{page}.html shows code"
    annual = (r / "annual_evaluation.html").read_text(encoding="utf-8")
    assert annual.count('class="we-plot-spec"') >= 3       # charts as data, drawn by the one hashed script
    assert i18n.text("annual.fig.window_scores", "zh", year=2025) in annual
    index = (r / "index.html").read_text(encoding="utf-8")
    assert 'class="we-plot-spec"' in index
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in index


def test_no_personal_data_and_no_formulas_in_exports(build):
    r = build.report
    for p in [*r.glob("*.html"), *(r / "tables").glob("*.csv"), *(r / "notebooks").glob("*.ipynb")]:
        hits = PHONE_OR_ID.findall(p.read_text(encoding="utf-8"))
        assert not hits, f"{p.name} shows phone or ID numbers: {hits[:3]}"
    for p in (r / "tables").glob("*.csv"):
        df = pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for c in [*df.columns, *df.to_numpy().ravel().tolist()]:
            if re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", str(c)):
                continue                      # a number is written as a number
            assert not str(c).startswith(("=", "+", "-", "@", "\t", "\r")), f"{p.name}: {c!r}"
    from openpyxl import load_workbook
    wb = load_workbook(r / "tables.xlsx")
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"


def test_an_unknown_window_is_refused_before_any_notebook(tmp_path):
    code, stdout, stderr = run_cli("report", "--year", "2025", "--out", str(tmp_path), "--windows", "PW0l")
    assert code == 2 and "PW0l" in stderr and "did you mean" in stderr, stderr     # the nearest names suggested
    assert "[1/" not in stdout + stderr and not (tmp_path / "2025").exists()


def test_a_failing_notebook_leaves_the_previous_report(build, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    shutil.copytree(build.report, out / "2025")
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "2025").rglob("*") if p.is_file()}
    notebooks = tmp_path / "notebooks"        # the annual notebook with a cell that raises
    shutil.copytree(paths.NOTEBOOKS_DIR, notebooks)
    nb = nbformat.read(notebooks / "annual_evaluation.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("NOPE: a planted failure")'))
    nbformat.write(nb, notebooks / "annual_evaluation.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", notebooks)
    code, stdout, stderr = run_cli("report", "--year", "2025", "--out", str(out))
    assert code == 4
    assert "annual_evaluation" in stderr and "cell" in stderr and "NOPE" in stderr
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "2025").rglob("*") if p.is_file()}
    assert after.keys() == before.keys()
    assert after["2025/index.html"] == before["2025/index.html"]
    assert after == before
    assert (out / "2025.failed" / "annual_evaluation.ipynb").is_file()
    assert not list(out.glob(".2025.building-*")), "the build directory was left behind"
    assert "NOPE" in (out / "build-2025.log").read_text(encoding="utf-8")


def test_a_refused_records_directory_exits_3(tmp_path):
    code, _, stderr = run_cli("report", "--year", "2025", "--out", str(tmp_path), "--data", str(tmp_path / "nowhere"))
    assert code == 3 and "数据目录不存在" in stderr and "does not exist" in stderr   # (session 31: said, not "create windoweval.toml")
    assert not (tmp_path / "2025").exists()


def test_prepare_only_writes_parameterised_notebooks(tmp_path):
    code, stdout, _ = run_cli("report", "--year", "2024", "--out", str(tmp_path), "--prepare-only", "--language", "en",
                              "--windows", "PW01,PW02")
    assert code == 0
    assert not (tmp_path / "2024").exists()
    for name in NOTEBOOKS:
        nb = nbformat.read(tmp_path / "2024.prepared" / f"{name}.ipynb", as_version=4)
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(injected) == 1, name
        src = injected[0].source
        assert "year = 2024" in src and 'language = "en"' in src and "baseline_year = 2023" in src
        assert 'windows = "PW01,PW02"' in src
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), name


def test_year_defaults_to_the_last_year_the_data_covers(tmp_path):
    """No --year: the last year the demo data covers (2025), said on the console; the same for promises/review/complaints."""
    code, _, stderr = run_cli("report", "--out", str(tmp_path), "--prepare-only")
    assert code == 0, stderr
    assert "--year" in stderr and "2025" in stderr and "未给出" in stderr
    assert (tmp_path / "2025.prepared").is_dir() and not (tmp_path / "2024.prepared").exists()
    for cmd in ("promises", "review", "complaints"):
        code, stdout, stderr = run_cli(cmd)
        assert code == 0, (cmd, stderr)
        assert "2025" in stderr and "2025" in stdout, cmd


def test_pdf_without_chromium_fails_before_touching_anything(tmp_path, monkeypatch):
    monkeypatch.setenv("WINDOWEVAL_CHROMIUM", str(tmp_path / "no-such-browser"))
    code, _, stderr = run_cli("report", "--year", "2025", "--out", str(tmp_path), "--pdf")
    assert code == 4 and "apt-get install chromium fonts-noto-cjk" in stderr
    assert not (tmp_path / "2025").exists()


def test_the_kernel_runs_this_interpreter():
    from jupyter_client.kernelspec import KernelSpecManager

    from windoweval.report import KERNEL_NAME, ensure_kernel

    assert ensure_kernel() == KERNEL_NAME
    assert KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0] == sys.executable


def test_notebooks_run_in_english(tmp_path):
    """language="en": titles, headers and sentences come out in English."""
    import papermill

    from windoweval.report.settings import KERNEL_ARGS, ensure_kernel

    kernel = ensure_kernel()
    for name in ("complaint_callbacks", "explore"):
        dst = tmp_path / f"{name}.ipynb"
        papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / f"{name}.ipynb"), str(dst),
                                   parameters={"language": "en"}, kernel_name=kernel, progress_bar=False,
                                   cwd=str(tmp_path), extra_arguments=KERNEL_ARGS)
        nb = nbformat.read(dst, as_version=4)
        md = [o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "text/markdown" in o.get("data", {})]
        title = {"complaint_callbacks": "complaints.title", "explore": "explore.title"}[name]
        assert md[0] == "# " + i18n.text(title, "en", year=2025)
        tables = collect(nb).tables
        assert tables and all(not re.search(r"[\u4e00-\u9fff]", c) for t in tables for c in t["columns"]), name


# ---------------------------------------------------------------- issue 13: every year the data covers
def test_a_year_without_records_exits_3_before_any_notebook(tmp_path):
    code, stdout, stderr = run_cli("report", "--year", "2031", "--out", str(tmp_path))
    assert code == 3, stderr
    assert "2031" in stderr and "2024–2025" in stderr and "--year" in stderr
    assert "[1/" not in stdout + stderr, "a notebook started"
    assert not (tmp_path / "2031").exists() and not list(tmp_path.glob(".2031.*-*"))
    assert "previous report" not in stderr
    assert "2031" in (tmp_path / "build-2031.log").read_text(encoding="utf-8")


def _warnings_everywhere(report: Path, out: Path, year: int, key: str, console: str, notebook: str) -> str:
    """The warning ``key`` is on the page, the index, the console, the log and in summary.json; returns its text."""
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    found = [w for w in summary["warnings"] if w["key"] == key]
    assert len(found) == 1, summary["warnings"]
    text = found[0]["text"]
    assert found[0]["notebook"] == notebook and found[0]["text_en"]
    import html as _html
    assert _html.escape(text) in (report / "index.html").read_text(encoding="utf-8")
    page = (report / f"{notebook}.html").read_text(encoding="utf-8")
    assert text.split("`")[0][:30] in page
    assert text in console
    assert text in (out / f"build-{year}.log").read_text(encoding="utf-8")
    return text


def test_a_year_without_its_baseline_builds_and_says_so(tmp_path, capsys):
    """2024 on the demo data: no 2023 records, so no baseline (not 0), no review, and every place says so."""
    from windoweval.report.build import _setup_log, build

    out = tmp_path / "reports"
    handler = _setup_log(out / "build-2024.log")
    try:
        report = build(2024, out=out, notebooks=["annual_evaluation"], progress=print)
    finally:
        import logging
        logging.getLogger("windoweval.report").removeHandler(handler)
        handler.close()
    console = capsys.readouterr()
    console = console.out + console.err
    text = _warnings_everywhere(report, out, 2024, "annual.baseline_missing", console, "annual_evaluation")
    assert "2023" in text
    _warnings_everywhere(report, out, 2024, "annual.review.no_previous", console, "annual_evaluation")
    ranking = pd.read_csv(report / "tables" / "annual_evaluation--ranking.csv", encoding="utf-8-sig")
    assert ranking.shape[0] > 0 and ranking.iloc[:, 5].isna().all() and ranking.iloc[:, 6].isna().all()
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    assert summary["headlines"]["annual_evaluation"]["mean_change"]["value"] is None
    assert summary["headlines"]["annual_evaluation"]["mean_change"]["display"] == "—"
    assert summary["demo"] is True and summary["data_covers"]["work_orders"] == [2024, 2025]
    assert i18n.text("index.demo_banner", "zh") in (report / "index.html").read_text(encoding="utf-8")


def test_no_survey_says_so_on_the_page_console_log_and_summary(tmp_path, capsys):
    from windoweval.report.build import _setup_log, build
    from windoweval.survey import store

    try:
        held = store.list_surveys()
    except FileNotFoundError:
        held = pd.DataFrame(columns=["instrument", "year"])
    if ((held["instrument"] == "power_hall") & (held["year"].astype(str) == "2025")).any():
        pytest.skip("the survey store holds a 2025 power_hall survey")
    data = tmp_path / "records"
    shutil.copytree(paths.DEMO_DIR, data)
    out = tmp_path / "reports"
    handler = _setup_log(out / "build-2025.log")
    try:
        report = build(2025, data=data, out=out, notebooks=["satisfaction_survey"], progress=print)
    finally:
        import logging
        logging.getLogger("windoweval.report").removeHandler(handler)
        handler.close()
    console = capsys.readouterr()
    text = _warnings_everywhere(report, out, 2025, "survey.no_responses", console.out + console.err,
                                "satisfaction_survey")
    assert "windoweval survey import" in text
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    assert summary["demo"] is False


# ---------------------------------------------------------------- issue 13: one set of numbers
def _chinese_header(df):
    """A report table's frame with each column named by its Chinese label (the first of ``窗口编号 / Window id``)."""
    df.columns = [str(c).split(" / ")[0] for c in df.columns]
    return df


def test_the_exports_name_each_column_in_both_languages(build):
    """Chinese first, English alongside: a zh+en build's CSV and workbook headers name each column in both languages
    (they had the Chinese label alone: user41); a label both write alike appears once."""
    import openpyxl

    header = (build.report / "tables" / "annual_evaluation--ranking.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "窗口编号 / Window" in header, header
    cols = header.split(",")
    assert all(" / " in c for c in cols if any("\u4e00" <= ch <= "\u9fff" for ch in c)), cols
    sheet = openpyxl.load_workbook(build.report / "tables.xlsx", read_only=True)["complaints-open"]
    first = next(sheet.iter_rows(values_only=True))
    assert any(str(h).startswith("逾期天数 / ") for h in first), first
    # and the package's words in them, Chinese first (达标 / met: hostile42), as the header is
    head = f"{i18n.text('col.verdict', 'zh')} / {i18n.text('col.verdict', 'en')}"
    words = {f"{i18n.text(f'verdict.{v}', 'zh')} / {i18n.text(f'verdict.{v}', 'en')}"
             for v in ("pass", "fail", "open", "insufficient")}
    seen = set()
    for f in (build.report / "tables").glob("*.csv"):
        df = pd.read_csv(f, encoding="utf-8-sig", dtype=str)
        if head in df.columns:
            got = set(df[head].dropna()) - {"—"}
            assert got and all(" / " in v for v in got), (f.name, got)    # 有进步 / improved on the survey's too
            seen |= got
    assert seen & words, seen


def test_every_index_figure_is_one_value_on_the_page_csv_and_summary(build):
    """Each figure the index shows reads the same on its page, in summary.json (value and display, by the one
    rounding rule of windoweval.numbers) and, where a table holds it, in the CSV."""
    import html as _html

    from windoweval import numbers

    r = build.report
    summary = json.loads((r / "summary.json").read_text(encoding="utf-8"))
    index = (r / "index.html").read_text(encoding="utf-8")
    # the exports' header names each column in the build's languages, Chinese first (report.build.export_header)
    col = lambda c: i18n.text(f"col.{c}", "zh")  # noqa: E731
    shown = 0
    for nb, items in summary["headlines"].items():
        page = (r / f"{nb}.html").read_text(encoding="utf-8")
        for key, h in items.items():
            if isinstance(h["value"], dict):        # a name in each language: each side shows its own
                assert (h["display"], h["display_en"]) == (h["value"]["zh"], h["value"]["en"]), (nb, key, h)
            else:
                assert h["display"] == numbers.display(h["value"], numbers.kind_of(key)), (nb, key, h)
            for x in ("", "_en"):                   # the Chinese side and the English side of the index and the page
                label, display = h["label" + x], h.get("display" + x, h["display"])
                card = f'{_html.escape(label)}</div><div class="value">{_html.escape(str(display))}</div>'
                assert card in index, (nb, key, x, h)
                assert _html.escape(label) in page and _html.escape(str(display)) in page, (nb, key, x, h)
            shown += 1
    assert shown >= 15
    # the exports' header names each column in the build's languages, Chinese first (窗口编号 / Window id): read
    # here by its Chinese label
    csv = lambda name: _chinese_header(pd.read_csv(r / "tables" / f"{name}.csv", encoding="utf-8-sig"))  # noqa: E731
    annual = {k: v["value"] for k, v in summary["headlines"]["annual_evaluation"].items()}
    ranking = csv("annual_evaluation--ranking")
    assert annual["windows"] == len(ranking)
    top = ranking[col('window_id')].iloc[0]
    # the CSV writes a name in both languages, the Chinese first (public43)
    assert annual["top_window"]["zh"] == f"{ranking[col('window_name')].iloc[0].split(' / ')[0]} ({top})"
    from windoweval.records.workspace import load_workspace
    name_en = load_workspace().windows.set_index("window_id")["name_en"][top]
    assert name_en and annual["top_window"]["en"] == f"{name_en} ({top})"     # the English side names it in English
    assert annual["failed"] == len(csv("annual_evaluation--missed"))
    promises = summary["headlines"]["promise_fulfilment"]
    per_promise = csv("promise_fulfilment--fulfilment")
    assert promises["promises"]["value"] == len(per_promise)
    assert promises["promises_broken"]["value"] == int((per_promise[col("broken")] > 0).sum())
    publication = csv("promise_fulfilment--publication")
    assert publication.iloc[-1, 3] == promises["fulfilment"]["display"]      # 全部承诺: the index's figure (the counts follow, public43)
    # a zh+en build writes each promise in both languages, the Chinese first (public43): matched by its Chinese
    published = dict(zip(publication.iloc[:, 0].str.split(" / ").str[0], publication.iloc[:, 3]))
    assert set(per_promise[per_promise.columns[-2]].str.split(" / ").str[0]) <= set(published)
    public = per_promise.columns[-2]                                            # 承诺(对外表述)
    for wording, rate in zip(per_promise[public].str.split(" / ").str[0], per_promise[col("rate")]):
        if wording in published and pd.notna(rate):
            assert published[wording] == numbers.display(rate, "rate"), wording
    # a rate just under its target never shows as the target
    under = per_promise[per_promise[col("broken")] > 0]
    assert (under[col("rate")] < 1).all()


def test_counts_and_days_in_the_exports_are_whole_numbers(build):
    """A count or a number of days with gaps (open cases not yet overdue) reads ``282``, not ``282.0``, in the CSV
    and the workbook: JSON's ``[282, null]`` is kept integer when the report writes its tables."""
    import openpyxl

    csv = (build.report / "tables" / "complaint_callbacks--open.csv").read_text(encoding="utf-8-sig")
    rows = [line.split(",") for line in csv.splitlines()]
    header = rows[0]
    header = [h.split(" / ")[0] for h in header]          # 逾期天数 / Days overdue: its Chinese label
    for col in ("逾期天数", "已开天数"):
        i = header.index(col)
        given = [r[i] for r in rows[1:] if len(r) > i and r[i]]
        assert given and all(v.lstrip("-").isdigit() for v in given), (col, given[:5])
    sheet = openpyxl.load_workbook(build.report / "tables.xlsx", read_only=True)["complaints-open"]
    cells = list(sheet.iter_rows(values_only=True))
    j = [str(h).split(" / ")[0] for h in cells[0]].index("逾期天数")
    assert all(isinstance(r[j], int) for r in cells[1:] if r[j] is not None)
