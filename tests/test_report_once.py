"""Issue 13/14: the year's evaluation computed once and kept; both languages in one build; the pages' CSP without
'unsafe-inline'; one survey source; charts under ``jupyter nbconvert --execute``; progress on stderr."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from _report_build import built_report, run_cli
from windoweval import html as wh
from windoweval import paths, present, sections
from windoweval.browser import dump_dom, find_chromium

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def build():
    b = built_report()
    assert b.code == 0, f"the report build failed ({b.code}):\n{b.stdout}\n{b.stderr}"
    return b


# ---------------------------------------------------------------- computed once, kept
@pytest.fixture(scope="module")
def computed():
    from windoweval.datadir import survey_source
    from windoweval.demo import ensure_demo

    ensure_demo()   # the core reads data=None as the demo's place; generating it is the entry points' work

    return sections.compute(2025, None, survey=survey_source("power_hall", None), baseline_year=2024)


def _same_missing(df):
    """Values as objects, every missing value None (Parquet keeps a text column's missing as NA, not NaN)."""
    return df.astype(object).where(df.notna(), None)


def test_kept_sections_read_back_equal_to_the_computed(computed, tmp_path):
    """What is kept reads back as computed (through the privacy gate, as every output)."""
    from windoweval.privacy import mask_frame, mask_json

    key = sections.parameters_key(2025, None, baseline_year=2024)
    sections.keep(computed, tmp_path, key)
    for name, sec in computed.items():
        got = sections.load(tmp_path, name, key)
        assert got is not None and got.origin == "kept", name
        assert got.meta == json.loads(json.dumps(mask_json(sec.meta))), name
        assert set(got.tables) == set(sec.tables), name
        for t, df in sec.tables.items():
            if df is None:
                assert got.tables[t] is None, (name, t)
            else:
                pd.testing.assert_frame_equal(_same_missing(got.tables[t]), _same_missing(mask_frame(df.reset_index(drop=True))),
                                              check_dtype=False, obj=f"{name}.{t}")


def test_a_section_kept_for_other_parameters_is_computed_again(computed, tmp_path):
    sections.keep(computed, tmp_path, sections.parameters_key(2025, None, baseline_year=2024))
    assert sections.load(tmp_path, "promises", sections.parameters_key(2025, None, baseline_year=2023)) is None
    assert sections.load(tmp_path, "promises", sections.parameters_key(2025, None, baseline_year=2024)) is not None
    import windoweval as we
    alone = we.yearbook("promises", 2025, baseline_year=2023, kept=tmp_path)      # a notebook opened alone
    assert alone.origin == "computed"
    pd.testing.assert_frame_equal(alone["per_promise"], computed["promises"]["per_promise"])


def test_the_review_and_the_survey_page_read_one_survey(computed):
    """The demonstration review's satisfaction criterion is the survey page's rate by window (one source)."""
    crit = computed["annual"]["review_criteria"]
    sat = crit[crit["criterion"] == "customer_satisfaction"].set_index("window_id")["this_year"]
    rate = computed["survey"]["rate_by_window"]
    rate = rate[rate["measure"] == rate["measure"].iloc[0]].set_index("window_id")["rate"]
    assert computed["survey"].meta["source"] == "demo"
    assert sat.notna().sum() >= 10, "the review found no survey figures"
    common = sat.dropna().index.intersection(rate.index)
    assert len(common) == sat.notna().sum()
    assert (sat[common] - rate[common]).abs().max() < 1e-12
    import windoweval as we       # the public entry point takes the same source
    rv = we.demonstration_review(2025)
    c = rv.criteria[rv.criteria["criterion"] == "customer_satisfaction"].set_index("window_id")["this_year"]
    assert (c[common] - rate[common]).abs().max() < 1e-12


# ---------------------------------------------------------------- CSP, charts as data
def test_csp_allows_no_inline_script_but_the_drawing_script():
    script_src = re.search(r"script-src ([^;]*);", wh.CSP).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert script_src.split() == ["'self'", wh.script_hash(wh.DRAW_JS)]


def test_a_chart_is_data_and_one_fixed_script():
    payload = "</script><script>alert('x')</script><!--"
    h = wh.figure_html({"data": [{"type": "bar", "x": [payload], "y": [1]}]}, "fig-x", 300)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", h, re.S)
    assert [a for a, _ in scripts] == [' type="application/json" class="we-plot-spec" data-div="fig-x"', ""]
    assert scripts[1][1] == wh.DRAW_JS
    assert json.loads(scripts[0][1])["data"][0]["x"] == [payload]


def test_every_inline_script_of_the_pages_is_data_or_the_hashed_one(build):
    for page in sorted(build.report.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "'unsafe-inline'" not in re.search(r"script-src[^;]*;", text).group(0), page.name
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S):
            if "src=" in attrs:
                assert re.search(r'src="assets/(plotly\.min|windoweval)\.js"', attrs), (page.name, attrs)
            elif "application/json" in attrs:
                assert "</" not in body, page.name
            else:
                assert body == wh.DRAW_JS, (page.name, body[:80])


# ---------------------------------------------------------------- both languages in one build
def test_one_build_holds_both_languages(build):
    assert (build.report / "assets" / "windoweval.js").read_text(encoding="utf-8") == wh.SWITCH_JS
    for page in sorted(build.report.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert re.search(r'class="we-switch"', text) and 'data-lang="en"' in text, page.name
        assert 'class="we-l we-l-zh"' in text and 'class="we-l we-l-en"' in text, page.name
    annual = (build.report / "annual_evaluation.html").read_text(encoding="utf-8")
    assert "Annual evaluation of service windows" in annual or "annual evaluation" in annual.lower()
    assert "East City business hall" in annual, "the workspace's English window names on the English page"
    assert json.loads((build.report / "summary.json").read_text(encoding="utf-8"))["language"] == "zh+en"


@needs_chromium
@pytest.mark.parametrize("page", ["index", "annual_evaluation"])
def test_the_language_switch_works_offline(build, page):
    url = (build.report / f"{page}.html").as_uri()
    for lang, other in (("zh", "en"), ("en", "zh")):
        run = dump_dom(url + f"#lang={lang}")
        dom = run.stdout
        assert re.search(rf'<html[^>]*data-we-lang="{lang}"', dom), (page, lang, run.stderr[-800:])
        links = re.findall(r'class="we-page" href="([^"]+)"', dom)
        assert links and all(h.endswith(f"#lang={lang}") for h in links), (page, lang, links[:3])
        # the charts of the language shown are drawn across the page, not at plotly's default width
        shown = re.findall(r'id="(?:fig|index)-[a-z_-]+?' + ("-en" if lang == "en" else "") +
                           r'"[^>]*>.{0,600}?<svg class="main-svg"[^>]*width="(\d+)"', dom, re.S)
        assert shown, (page, lang)
        errors = [ln for ln in run.stderr.splitlines() if re.search(r"Uncaught|Refused|violates", ln)]
        assert not errors, errors[:5]


# ---------------------------------------------------------------- progress on stderr
def test_progress_goes_to_stderr_and_stdout_holds_the_result(build):
    assert build.stdout.strip().splitlines() == [str(build.report / "index.html")]
    assert "[1/" in build.stderr and "✓" in build.stderr


def test_records_import_prints_progress(tmp_path):
    from windoweval.datadir import resolve

    src = tmp_path / "work_orders.csv"
    lines = (resolve(None) / "work_orders.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    src.write_text("".join(lines[:501]), encoding="utf-8")
    code, out, err = run_cli("records", "import", "work_orders", str(src), "--data", str(tmp_path / "store"))
    assert code == 0, err
    assert "✓ work_orders" in out and "条记录 / records" in out
    assert "读取并检查 / reading and checking" in err and "500 条记录 / records" in err
    code, out, err = run_cli("-q", "records", "import", "work_orders", str(src), "--data", str(tmp_path / "store"))
    assert code == 0 and "reading and checking" not in err


# ---------------------------------------------------------------- charts under nbconvert --execute
@needs_chromium
def test_charts_draw_in_a_page_written_by_nbconvert_execute(tmp_path):
    nb = paths.NOTEBOOKS_DIR / "promise_fulfilment.ipynb"
    env = {k: v for k, v in os.environ.items() if k != present.PAGE_PLOTLYJS_ENV}
    exe = Path(sys.executable).parent / "jupyter"
    r = subprocess.run([str(exe), "nbconvert", "--execute", "--to", "html", "--output-dir", str(tmp_path), str(nb)],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    page = tmp_path / "promise_fulfilment.html"
    assert page.stat().st_size > 3_000_000, "plotly.js is carried inline, so the page draws offline"
    dom = dump_dom(page).stdout
    assert dom.count('class="main-svg"') >= 2, "the chart did not draw"


def test_one_build_of_a_year_at_a_time_and_no_lock_file_left(tmp_path):
    """A second build of the same year while one runs is refused (exit 4); when a build ends, whatever its end,
    its lock file is gone from ``--out`` (before: ``.<year>.lock`` stayed, even for a refused year)."""
    from windoweval.report.build import _lock
    from windoweval.report.settings import BuildError

    with _lock(tmp_path, 2025):
        assert (tmp_path / ".2025.lock").exists()
        with pytest.raises(BuildError) as e:
            with _lock(tmp_path, 2025):
                pass
        assert e.value.exit_code == 4 and "another build" in str(e.value)
        with _lock(tmp_path, 2024):          # another year is its own build
            pass
    assert not list(tmp_path.glob(".*.lock"))
    with pytest.raises(RuntimeError):
        with _lock(tmp_path, 2025):
            raise RuntimeError("a build that fails")
    assert not list(tmp_path.glob(".*.lock"))
    with _lock(tmp_path, 2025):              # and the year can be built again
        pass
