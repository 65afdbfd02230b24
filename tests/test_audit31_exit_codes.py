"""Every exit code of the README's table, each from a real failure through the real command line (thirty-first audit).

One row per case: the command, its input, the code a scheduler reads, a phrase of the message in Chinese and one in
English, and no traceback (but for 5, a bug, whose traceback is the report to send, masked).  Seen failing before:
argparse's own usage errors were English only (``unrecognized arguments``, ``invalid choice``, ``invalid float
value``); ``complaints --as-of '{{7*7}}'`` reached pandas (a traceback, exit 5); ``review --min-improvement nan``,
``complaints --repeat-days -5`` and ``promises --standard`` of no standard were taken (exit 0, nothing judged); ``-p standard X`` with any text (a
YAML tag, template braces) built a report whose explore page scored nothing, exit 0; and a parameter or option
carrying code never runs it (a probe file would appear).
"""
from __future__ import annotations

import contextlib
import fcntl
from pathlib import Path

import pytest

from _workspace import run_cli

PROBE = "windoweval-audit31-probe"


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    from windoweval.demo import tiny_data_dir
    from windoweval.demo.survey import generate_delivery

    root = tmp_path_factory.mktemp("codes")
    import shutil
    d = root / "d"
    shutil.copytree(tiny_data_dir(), d)
    bad = root / "bad_toml"
    bad.mkdir()
    (bad / "windoweval.toml").write_text('name = "x\n[[windows]\n', encoding="utf-8")
    (root / "bad_dates.csv").write_text("order_id,window_id,order_type,received_at\n"
                                        "1,PW01,fault_repair,2025-13-45 09:00\n", encoding="utf-8")
    sv = generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=10).astype(object)
    sv.loc[0, "env1"] = "8"   # two items on another scale (6-10 on 1-5): the respondent is refused (one alone is a warning)
    sv.loc[0, "env2"] = "8"
    sv.to_csv(root / "survey_bad.csv", index=False)
    (root / "a_file").write_text("x")
    breaker = root / "breaker"
    breaker.mkdir()
    (breaker / "broken_cli.py").write_text(
        "import sys\nimport windoweval.catalog as C\n"
        "def coverage(*a, **k):\n    raise RuntimeError('planted bug, caller 13812345678')\n"
        "C.coverage = coverage\nfrom windoweval.cli import main\nsys.exit(main())\n", encoding="utf-8")
    return root


@contextlib.contextmanager
def year_lock(root: Path):
    out = root / "reports_locked"
    out.mkdir(exist_ok=True)
    with open(out / ".2025.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def _probe(root):
    return f"touch {root}/{PROBE}"


#: (id, arguments ({r}: the module's folder), code, Chinese phrase, English phrase, set-up or None, module)
CASES = [
    ("done", ["standards", "coverage"], 0, "标准条款覆盖情况", "Clause coverage", None, None),
    ("survey errors", ["survey", "check", "{r}/survey_bad.csv", "--instrument", "power_hall"], 1,
     "答案超出范围", "answer out of range", None, None),
    ("unknown option", ["score", "--yaer", "2025"], 2, "无法识别的参数", "unrecognized arguments", None, None),
    ("no command", [], 2, "缺少必需的参数", "the following arguments are required", None, None),
    ("bad choice", ["complaints", "--by", "xx", "--year", "2025", "--data", "{r}/d"], 2, "无效", "invalid choice",
     None, None),
    ("not a share", ["review", "--min-improvement", "0.05; import os"], 2, "不是 0 到 1 之间的比例", "is not a share",
     None, None),
    ("a share that is nan", ["review", "--year", "2025", "--data", "{r}/d", "--min-improvement", "nan"], 2,
     "不是 0 到 1 之间的比例", "is not a share", None, None),
    ("negative days", ["complaints", "--year", "2025", "--data", "{r}/d", "--repeat-days", "-5"], 2, "不是天数",
     "is not a number of days", None, None),
    ("promises of no standard", ["promises", "--year", "2025", "--data", "{r}/d", "--standard", "{{{{x}}}}"], 2,
     "没有标准", "no standard", None, None),
    ("year as code", ["score", "--year", "__import__('os').system('{probe}')", "--data", "{r}/d"], 2, "不是年份",
     "is not a year", None, None),
    ("as-of as a template", ["complaints", "--year", "2025", "--data", "{r}/d", "--as-of", "{{{{7*7}}}}"], 2,
     "不是日期或时间", "is not a date or time", None, None),
    ("misspelt clause", ["standards", "show", "power_window.10.2.55"], 2, "没有条款", "no clause", None, None),
    ("out under a file", ["score", "--year", "2025", "--data", "{r}/d", "--out", "{r}/a_file/out"], 2,
     "无法创建输出目录", "cannot create the output directory", None, None),
    ("parameter name as code", ["report", "--year", "2025", "--data", "{r}/d", "--out", "{r}/rep",
                                "-p", "__import__('os').system('{probe}')", "1"], 2,
     "未知的报告参数", "unknown report parameter", None, None),
    ("own option as parameter", ["report", "--year", "2025", "--data", "{r}/d", "--out", "{r}/rep",
                                 "-p", "year", "2031"], 2, "请改用 --year", "use --year instead", None, None),
    ("parameter with a YAML tag", ["report", "--year", "2025", "--data", "{r}/d", "--out", "{r}/rep", "-p",
                                   "standard", "!!python/object/apply:os.system ['{probe}']"], 2,
     "没有标准", "no standard", None, None),
    ("parameter with template braces", ["report", "--year", "2025", "--data", "{r}/d", "--out", "{r}/rep", "-p",
                                        "standard", "{{{{ cycler.__init__.__globals__.os.system('{probe}') }}}}"], 2,
     "没有标准", "no standard", None, None),
    ("window as code", ["report", "--year", "2025", "--data", "{r}/d", "--out", "{r}/rep", "--windows",
                        "__import__('os').system('{probe}')"], 2, "未知的窗口", "unknown window", None, None),
    ("bad workspace", ["score", "--year", "2025", "--data", "{r}/bad_toml"], 3, "TOML 格式错误", "invalid TOML",
     None, None),
    ("year without records", ["score", "--year", "2031", "--data", "{r}/d"], 3, "没有 2031 年的任何记录",
     "holds no records for 2031", None, None),
    ("records refused", ["records", "import", "work_orders", "{r}/bad_dates.csv", "--data", "{r}/d"], 3,
     "不是有效的日期时间", "not a valid date/time", None, None),
    ("report running", ["report", "--year", "2025", "--data", "{r}/d", "--out", "{r}/reports_locked"], 4,
     "正在由另一进程生成", "another build of the 2025 report is running", year_lock, None),
    ("a bug", ["standards", "coverage"], 5, "内部错误", "internal error", None, "broken_cli"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_exit_code(case, org):
    name, args, code, zh, en, setup, module = case
    args = [a.format(r=org, probe=_probe(org)) for a in args]
    try:
        with (setup(org) if setup else contextlib.nullcontext()):
            r = run_cli(*args, cwd=org, module=module or "windoweval.cli", path=[org / "breaker"] if module else ())
        built = (org / "rep" / "2025").exists()
    finally:
        import shutil
        shutil.rmtree(org / "rep", ignore_errors=True)       # a report built by mistake fails this case only
    said = r.stdout + r.stderr
    assert r.returncode == code, (name, r.returncode, said[-3000:])
    assert zh in said and en in said, (name, said[-3000:])
    if code == 5:
        assert "13812345678" not in said and "Traceback" in r.stderr     # the bug's report, masked
    else:
        assert "Traceback" not in said, said[-3000:]
    assert not (org / PROBE).exists()
    assert not built
