"""``benchmarks/bench_report.py --before SRC``: the report built by two source trees in the same rounds, and whether
they built the same report (session 47, report47).  The builds themselves are the benchmark's; here the comparison
of two report folders (the index's build time aside, every other byte counted) and the refusal of a folder with no
package."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _bench():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_report", BENCH / "bench_report.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(BENCH))


def _write(root: Path, files: dict) -> Path:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


INDEX = ('<p class="muted">生成时间 2026-12-07 {t};windoweval 0.1.0;数据目录 示例数据。</p>\n'
         '<p class="muted">Built 2026-12-07 {t}; windoweval 0.1.0; records from the demo data.</p>\n')


def test_two_builds_of_the_same_report_differ_only_in_their_build_time(tmp_path):
    b = _bench()
    files = {"annual_evaluation.html": "<h1>年度评价</h1>", "tables/annual--scores.csv": "窗口编号,得分\nPW01,91.2\n",
             "kept/key.json": "{}"}
    a = _write(tmp_path / "a", {**files, "index.html": INDEX.format(t="11:52")})
    c = _write(tmp_path / "c", {**files, "index.html": INDEX.format(t="11:53")})
    assert b.differing_files(a, c) == []


def test_any_other_difference_is_named(tmp_path):
    b = _bench()
    a = _write(tmp_path / "a", {"index.html": INDEX.format(t="11:52") + "<p>91.2</p>", "t.csv": "PW01,91.2\n",
                                "only_a.html": "x"})
    c = _write(tmp_path / "c", {"index.html": INDEX.format(t="11:52") + "<p>91.3</p>", "t.csv": "PW01,91.2\n",
                                "sub/only_c.json": "{}"})
    # a figure changed beside the build time, a page in one build only: each named, relative to its folder
    assert b.differing_files(a, c) == ["index.html", "only_a.html", "sub/only_c.json"]
    # the build time is set aside only where the index says it: a date elsewhere counts
    _write(a, {"t.csv": "2026-12-07 11:52\n"})
    _write(c, {"t.csv": "2026-12-07 11:53\n"})
    assert "t.csv" in b.differing_files(a, c)


def test_before_needs_a_source_tree_with_the_package(tmp_path, capsys):
    b = _bench()
    with pytest.raises(SystemExit) as e:
        b.main(["--before", str(tmp_path), "--rounds", "1"])
    assert e.value.code == 2
    assert "no windoweval package" in capsys.readouterr().err
