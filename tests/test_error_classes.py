"""One bad input per error class (issue 9): every refusal exits with the code the README's table gives.

Every subclass of :class:`windoweval.errors.WindowevalError` the package defines is found (every module
imported with ``pkgutil.walk_packages``, then ``__subclasses__()`` walked); each has a case in ``CASES`` below
that feeds ONE real bad input through the real command line, ``windoweval.cli.main([...])`` in-process, and
checks:

- the exit code is the one the README's exit-code table gives for that kind of refusal (the table is read from
  README.md: a case names the words of its row, e.g. "wrong command line", never the number);
- the class itself carries the same code (``exit_code``);
- the refusal is that class: a trace function (``sys.settrace``: it patches nothing) sees every exception raised
  while the command runs, and the last ``WindowevalError`` among them, the one that decided the exit, must be
  an instance of exactly the named class;
- no traceback, the message is bilingual (Chinese and English words), and the fragments the case names (the
  class's own wording and the bad value) reach the user's screen.

A class no command can reach is fed its bad input through the public Python function instead (``api``), and
the case says why no command reaches it (``no_command``).  ``test_every_error_class_has_a_case`` fails naming
any class without a case, so a new error class must come with its bad input.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import windoweval
from windoweval import paths
from windoweval.errors import WindowevalError

# ----------------------------------------------------------------------------------------------- the inputs
TOML = 'name = "测试单位"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
ORDERS = "工单号,窗口编号,工单类型,受理时间\nW1,PW01,fault_repair,2025-03-01 08:00\n"
TOML_MAPPED = TOML.replace("\n", '\nmapping_file = "mapping.yaml"\n', 1)


def _delivery(seed=1, change=None, drop=()):
    """A survey delivery (CSV) of the power_hall instrument, 10 respondents, written by the demo generator."""
    def write(path: Path):
        from windoweval.demo import survey as demo

        df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=5, seed=seed,
                                    careless_share=0)
        if change:
            change(df)
        df.drop(columns=list(drop)).to_csv(path, index=False)
    return write


def _lone_stratum(df):
    df.loc[df.index[-1], "stratum"] = "LONE"      # a stratum holding one PSU only


STANDARD_MISNAMED = """\
standard: {id: toy_wait, source_file: toy.txt, title_zh: 排队等候时限, title_en: Queue waiting limit, window_kinds: [power_hall]}
clauses: []
"""


def _api_standards(tmp: Path):
    from windoweval.catalog import load_catalog

    (tmp / "std").mkdir()
    (tmp / "std" / "toy.yaml").write_text(STANDARD_MISNAMED, encoding="utf-8")
    load_catalog(extra_dirs=(tmp / "std",))


def _api_pls(tmp: Path):
    import pandas as pd

    from windoweval.survey.pls import pls_path_model

    df = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 3, 4, 5]})
    pls_path_model(df, {"quality": ["q1"], "satisfaction": ["q9"]}, [("quality", "satisfaction")])


def _api_browser(tmp: Path):
    from windoweval.browser import print_pdf

    (tmp / "page.html").write_text("<p>页面 page</p>", encoding="utf-8")
    print_pdf(tmp / "page.html", tmp / "page.pdf")


def _api_kept(tmp: Path):
    import pandas as pd

    from windoweval import sections

    s = sections.Section("complaints", {"open": pd.DataFrame({"case_id": ["C1"]})}, {"cases": 1})
    d = sections.keep({"complaints": s}, tmp / "kept", sections.parameters_key(2025))
    (d / "complaints" / "meta.json").write_text('{"meta": {"cases"', encoding="utf-8")   # cut short
    sections.load(d, "complaints", sections.parameters_key(2025))


WS = "{tmp}/ws"
REPORT = ["report", "--year", "2025", "--data", WS, "--out", "{tmp}/reports"]

#: One bad input per error class.  ``readme``: words of the README exit-code row this refusal belongs to;
#: ``files``: written under the temporary folder (``ws/`` is a workspace: TOML and ORDERS unless replaced;
#: text, bytes or a function of the path); ``before``: commands that must succeed first; ``env``: variables;
#: ``says``: fragments the user must see (the class's own wording and the bad value).
CASES: dict[str, dict] = {
    # ---- wrong command line (exit 2)
    "UsageError": dict(readme="wrong command line", files={"afile": "x"},
                       args=["report", "--year", "2025", "--data", WS, "--out", "{tmp}/afile"],
                       says=["这是一个文件,不是目录", "this is a file, not a directory", "afile"]),
    "UnknownParameter": dict(readme="wrong command line", args=[*REPORT, "-p", "colour", "red"],
                             says=["未知的报告参数", "unknown report parameter", "colour"]),
    "BadParameter": dict(readme="wrong command line", args=[*REPORT, "-p", "baseline_year", "last year"],
                         says=["应为整数", "is not an integer", "last year"]),
    "UnknownWindow": dict(readme="wrong command line", args=[*REPORT, "--windows", "PW99"],
                          says=["未知的窗口或窗口类型", "unknown window", "PW99", "did you mean: PW01"]),
    "UnknownName": dict(readme="wrong command line", args=["standards", "show", "power_window.99"],
                        says=["没有条款", "no clause", "power_window.99"]),
    "UnsafeName": dict(readme="wrong command line", files={"d.csv": _delivery()},
                       args=["survey", "import", "{tmp}/d.csv", "--instrument", "power_hall", "--year", "2025",
                             "--store", "{tmp}/store", "--survey", "../../x"],
                       says=["不安全的 survey 名称", "unsafe survey name", "../../x"]),
    "UnknownInstrument": dict(readme="wrong command line", files={"d.csv": _delivery()},
                              args=["survey", "check", "{tmp}/d.csv", "--instrument", "power_hal", "--year", "2025"],
                              says=["找不到问卷 'power_hal'", "instrument 'power_hal' not found", "power_hall"]),
    "UnknownScreen": dict(readme="wrong command line", files={"d.csv": _delivery()},
                          args=["survey", "check", "{tmp}/d.csv", "--instrument", "power_hall", "--year", "2025",
                                "--screens", "speeder,straightlining"],
                          says=["未知的筛查", "unknown screen(s)", "straightlining", "choose from straightline"]),
    "SchedulerError": dict(readme="wrong command line",
                           args=["score", "--standard", "power_window", "--year", "2025", "--data", WS,
                                 "--out", "{tmp}/out", "--scheduler", "10.0.0.5"],
                           says=["无法使用 Dask 调度器 '10.0.0.5'", "missing port number", "tcp://host:8786"]),
    # ---- input refused (exit 3)
    "InputError": dict(readme="input refused: records",
                       files={"ws/work_orders.csv": "工单号,窗口编号,工单号\nW1,PW01,W1\n"},
                       args=["records", "check", "--data", WS], says=["表头重复", "duplicate header", "工单号"]),
    "RecordsError": dict(readme="input refused: records",
                         files={"ws/work_orders.csv": ORDERS.replace("2025-03-01", "2025-13-45")},
                         args=["records", "check", "--data", WS], says=["不符合“业务工单”的数据约定", "problem(s) against the work_orders contract",
                               "第 2 行", "row 2", "received_at", "2025-13-45"]),
    "ExportError": dict(readme="input refused: records",
                        files={"ws/windoweval.toml": TOML_MAPPED,
                               "ws/mapping.yaml": "work_orders:\n  encoding: utf-8\n",
                               "ws/work_orders.csv": ORDERS.encode("gbk")},
                        args=["records", "check", "--data", WS], says=["文件不是 mapping.yaml 所写的 utf-8 编码", "not in the encoding 'utf-8'",
                              "work_orders.csv(第 1 行)"]),
    "MappingError": dict(readme="mapping", files={"ws/windoweval.toml": TOML_MAPPED,
                                                 "ws/mapping.yaml": 'work_orders:\n  file: "工单*.csv"\n'},
                         args=["records", "check", "--data", WS], says=["没有文件与", "no file matches", "工单*.csv"]),
    "WorkspaceError": dict(readme="workspace", files={"ws/windoweval.toml": 'name = "测试单位"\n'},
                           args=["records", "check", "--data", WS], says=["没有定义任何窗口", "no [[windows]] defined"]),
    "PathEscapes": dict(readme="workspace",
                        files={"ws/windoweval.toml": TOML.replace("\n", '\nmapping_file = "../../etc/passwd"\n', 1)},
                        args=["records", "check", "--data", WS], says=["路径跳出了", "the path leaves", "etc/passwd"]),
    "CalendarError": dict(readme="calendar",
                          files={"ws/work_orders.csv": "工单号,窗口编号,工单类型,受理时间,完成时间\n"
                                                       "W1,PW01,billing_query,2031-03-02 08:00,2031-03-04 08:00\n"},
                          args=["score", "--standard", "power_window", "--year", "2031", "--data", WS,
                                "--out", "{tmp}/out"],
                          says=["不在已知的工作日历内", "outside the working-day calendar", "2031-03-02"]),
    "CalendarFileError": dict(readme="calendar",
                              files={"ws/windoweval.toml": TOML.replace("\n", '\ncalendar_file = "calendar.csv"\n', 1),
                                     "ws/calendar.csv": "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n"},
                              args=["score", "--standard", "power_window", "--year", "2025", "--data", WS,
                                    "--out", "{tmp}/out"],
                              says=["第 3 行", "row 3", "2027-02-30", "calendar.csv"]),
    "NoRecords": dict(readme="input refused: records", args=["report", "--year", "2031", "--data", WS,
                                                             "--out", "{tmp}/reports"],
                      says=["没有 2031 年的任何记录", "no records for 2031", "covers 2025"]),
    "PromiseRegisterError": dict(readme="promise register",
                                 files={"ws/windoweval.toml": TOML.replace("\n", '\npromises = "promises.yaml"\n', 1),
                                        "ws/promises.yaml": "promises: []\n"},
                                 args=["promises", "--year", "2025", "--data", WS],
                                 says=["登记册中没有承诺", "the register lists no promises", "promises.yaml"]),
    "InstrumentError": dict(readme="survey instrument", files={"d.csv": _delivery(), "i.yaml": "id: x\ndimensions: [\n"},
                            args=["survey", "check", "{tmp}/d.csv", "--instrument", "{tmp}/i.yaml", "--year", "2025"],
                            says=["问卷文件不是有效的 UTF-8 YAML", "i.yaml"]),
    "DeliveryError": dict(readme="delivery", files={"d.csv": b""},
                          args=["survey", "check", "{tmp}/d.csv", "--instrument", "power_hall", "--year", "2025"],
                          says=["文件为空或缺少表头行", "the file is empty", "d.csv"]),
    "ImportRefused": dict(readme="delivery", files={"d.csv": _delivery(drop=["overall"])},
                          args=["survey", "import", "{tmp}/d.csv", "--instrument", "power_hall", "--year", "2025",
                                "--store", "{tmp}/store"],
                          says=["未导入任何数据", "nothing imported", "overall"]),
    "DeliveryExists": dict(readme="delivery", files={"d1.csv": _delivery(seed=1), "d2.csv": _delivery(seed=2)},
                           before=[["survey", "import", "{tmp}/d1.csv", "--instrument", "power_hall", "--year", "2025",
                                    "--store", "{tmp}/store"]],
                           args=["survey", "import", "{tmp}/d2.csv", "--instrument", "power_hall", "--year", "2025",
                                 "--store", "{tmp}/store"],
                           says=["已有交付", "already has delivery", "--replace"]),
    "SurveyExists": dict(readme="delivery", files={"d1.csv": _delivery(seed=1), "d2.csv": _delivery(seed=2)},
                         before=[["survey", "import", "{tmp}/d1.csv", "--instrument", "power_hall", "--year", "2025",
                                  "--store", "{tmp}/store"]],
                         args=["survey", "import", "{tmp}/d2.csv", "--instrument", "power_hall", "--year", "2025",
                               "--store", "{tmp}/store", "--survey", "hall_wave2"],
                         says=["已在数据仓中", "already in the store", "--survey power_hall_2025 --replace"]),
    "StoreDamaged": dict(readme="delivery", files={"d.csv": _delivery(), "store/surveys/manifest.json": "{"},
                         args=["survey", "import", "{tmp}/d.csv", "--instrument", "power_hall", "--year", "2025",
                               "--store", "{tmp}/store"],
                         says=["清单文件已损坏", "manifest is damaged", "surveys/manifest.json", "raw/"]),
    "DesignError": dict(readme="design", files={"d.csv": _delivery()},
                        args=["survey", "estimate", "{tmp}/d.csv", "--instrument", "power_hall", "--fpc", "popsize"],
                        says=["没有列 'popsize'", "no column 'popsize'"]),
    "LonelyPSUError": dict(readme="design", files={"d.csv": _delivery(change=_lone_stratum)},
                           args=["survey", "estimate", "{tmp}/d.csv", "--instrument", "power_hall",
                                 "--measures", "overall"],
                           says=["抽样层 LONE 只有一个初级抽样单元", "stratum LONE has a single PSU", "lonely_psu"]),
    # ---- the report build failed (exit 4)
    "BuildBusy": dict(readme="report build failed", locked=["{tmp}/reports/.2025.lock"], args=REPORT,
                      says=["正在由另一进程生成", "another build of the 2025 report is running", "run again"]),
    "BuildError": dict(readme="report build failed", env={"WINDOWEVAL_CHROMIUM": "{tmp}/no-such-browser"},
                       args=[*REPORT, "--pdf"], says=["--pdf 需要 Chromium", "--pdf needs Chromium", "apt-get install"]),
    # ---- no command reaches these: the public Python function takes the bad input
    "StandardsError": dict(readme="standards", api=_api_standards, says=["toy.yaml", "toy_wait", "file name"],
                           no_command="the bundled standards are checked when the package is built and tested; a "
                                      "standards file of one's own is only read by load_catalog(extra_dirs=...): "
                                      "no command takes a standards folder"),
    "PLSError": dict(readme="survey instrument", api=_api_pls,
                     says=["指标列不存在", "not in the data", "q9"],
                     no_command="PLS path models (windoweval.survey.pls) are an analyst's tool for notebooks; "
                                "`survey estimate` offers index, rate, alpha, drivers and margins, no PLS"),
    "BrowserError": dict(readme="report build failed", api=_api_browser,
                         env={"WINDOWEVAL_CHROMIUM": "{tmp}/no-such-browser"},
                         says=["找不到 Chromium", "Chromium not found"],
                         no_command="only `report --pdf` runs Chromium, after every notebook has run, and it "
                                    "reports a browser failure as BuildError (this class's message inside); a "
                                    "missing browser is refused before that as BuildError (the BuildError case)"),
    "KeptDamaged": dict(readme="report build failed", api=_api_kept,
                        says=["保存的计算结果已损坏", "kept result is damaged", "kept/complaints/meta.json",
                              "windoweval report"],
                        no_command="a build reads the kept/ folder it has just written; a notebook's section() "
                                   "given a damaged kept/ computes the section again with a warning (msgs44), so "
                                   "only sections.load() itself raises it"),
}

#: Bases that no code raises by themselves (checked below on the package's source): their subclasses' cases
#: stand for them.
ABSTRACT = {"BuildFailed": "the base of the report-build failures; BuildError and BrowserError are raised"}


# ----------------------------------------------------------------------------------------------- discovery
def _discover() -> dict[str, type]:
    """``{name: class}`` of every WindowevalError subclass the package's modules define (not tests, not doctests)."""
    for m in pkgutil.walk_packages(windoweval.__path__, "windoweval."):
        if m.name.rsplit(".", 1)[-1] != "__main__":          # cli/__main__ runs the command on import
            importlib.import_module(m.name)

    def walk(c):
        for s in c.__subclasses__():
            yield s
            yield from walk(s)

    found: dict[str, type] = {}
    for c in walk(WindowevalError):
        mod = sys.modules.get(c.__module__)
        if not c.__module__.startswith("windoweval.") or getattr(mod, c.__qualname__, None) is not c:
            continue                                         # defined in a test or a doctest, not in the package
        assert found.get(c.__name__, c) is c, f"two error classes named {c.__name__}: {found[c.__name__]} and {c}"
        found[c.__name__] = c
    return found


CLASSES = _discover()


def _readme_exit_codes() -> list[tuple[int, str]]:
    """``[(code, meaning)]``: the rows of the README's exit-code table."""
    lines = (paths.ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if re.match(r"\|\s*exit code\s*\|", ln))
    rows = []
    for ln in lines[start + 2:]:
        m = re.match(r"\|\s*(\d+)\s*\|(.*)\|\s*$", ln)
        if not m:
            break
        rows.append((int(m.group(1)), m.group(2).strip()))
    return rows


def _readme_code(words: str) -> int:
    rows = [(code, text) for code, text in _readme_exit_codes() if words.lower() in text.lower()]
    assert len(rows) == 1, f"the README's exit-code table must have one row saying {words!r}; rows: {rows}"
    return rows[0][0]


_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"(?<![\w./\\-])[A-Za-z]{2,}(?![\w./\\-])")      # an English word, not part of a path or id


def _bilingual(msg: str) -> bool:
    return bool(_CJK.search(msg)) and len(_WORD.findall(msg)) >= 2


def _fill(value, tmp: Path):
    return value.replace("{tmp}", str(tmp)) if isinstance(value, str) else value


def _write_inputs(spec: dict, tmp: Path):
    files = {"ws/windoweval.toml": TOML, "ws/work_orders.csv": ORDERS, **spec.get("files", {})}
    for rel, content in files.items():
        f = tmp / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(f)
        elif isinstance(content, bytes):
            f.write_bytes(content)
        else:
            f.write_text(content, encoding="utf-8")


def _traced(fn):
    """Run ``fn()``; returns its result and every WindowevalError raised meanwhile, in order (sys.settrace)."""
    seen: list[BaseException] = []

    def local(frame, event, arg):
        if event == "exception" and isinstance(arg[1], WindowevalError) and not any(arg[1] is s for s in seen):
            seen.append(arg[1])
        return local

    def call(frame, event, arg):
        frame.f_trace_lines = False
        return local

    old = sys.gettrace()
    sys.settrace(call)
    try:
        result = fn()
    finally:
        sys.settrace(old)
    return result, seen


# ----------------------------------------------------------------------------------------------- the tests
def test_every_error_class_has_a_case():
    assert len(CLASSES) >= 20, sorted(CLASSES)
    missing = sorted(set(CLASSES) - set(CASES) - set(ABSTRACT))
    assert not missing, ("error classes without a bad-input case in tests/test_error_classes.py: "
                         + ", ".join(f"{n} ({CLASSES[n].__module__})" for n in missing))
    stale = sorted((set(CASES) | set(ABSTRACT)) - set(CLASSES))
    assert not stale, f"cases for classes the package no longer defines: {stale}"


def test_abstract_bases_are_never_raised_themselves():
    """A class listed in ABSTRACT has no case of its own; that is only right while no code raises it."""
    made = {}
    for f in Path(windoweval.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ABSTRACT:
                    made.setdefault(name, []).append(f"{f.name}:{node.lineno}")
    assert not made, f"these bases are raised: give each a case of its own in CASES: {made}"
    for name in ABSTRACT:
        assert any(issubclass(CLASSES[c], CLASSES[name]) for c in CASES), f"no case stands for {name}"


def test_the_readme_table_is_read():
    codes = dict(_readme_exit_codes())
    assert sorted(codes) == [0, 1, 2, 3, 4, 5], codes
    assert _readme_code("wrong command line") == 2 and _readme_code("report build failed") == 4


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_bad_input(name, tmp_path, capsys, monkeypatch):
    spec = CASES[name]
    cls = CLASSES[name]
    code = _readme_code(spec["readme"])
    assert cls.exit_code == code, f"{name}.exit_code is {cls.exit_code}; the README gives {code} ({spec['readme']})"
    for k, v in spec.get("env", {}).items():
        monkeypatch.setenv(k, _fill(v, tmp_path))
    _write_inputs(spec, tmp_path)
    if "api" in spec:
        assert spec.get("no_command"), f"{name}: say why no command reaches this class (no_command)"
        with pytest.raises(WindowevalError) as e:
            spec["api"](tmp_path)
        assert type(e.value) is cls, f"{name}: the bad input raised {type(e.value).__name__}: {e.value}"
        assert e.value.exit_code == code
        shown = msg = str(e.value)
    else:
        from windoweval.cli import main

        for before in spec.get("before", []):
            assert main([_fill(a, tmp_path) for a in before]) == 0, capsys.readouterr()
        capsys.readouterr()
        argv = [_fill(a, tmp_path) for a in spec["args"]]
        held = []          # a lock another process holds (a build of the same year running)
        for p in spec.get("locked", []):
            import fcntl

            lock = Path(_fill(p, tmp_path))
            lock.parent.mkdir(parents=True, exist_ok=True)
            held.append(open(lock, "w"))
            fcntl.flock(held[-1], fcntl.LOCK_EX)
        try:
            rc, seen = _traced(lambda: main(argv))
        finally:
            for f in held:
                f.close()
        out = capsys.readouterr()
        shown = out.out + out.err
        where = f"windoweval {' '.join(argv)}\n--- output ---\n{shown[-3000:]}"
        assert "Traceback" not in shown and rc != 5, f"{name}: a traceback: {where}"
        assert seen, f"{name}: no WindowevalError was raised (exit {rc}): {where}"
        assert type(seen[-1]) is cls, \
            f"{name}: the refusal was {type(seen[-1]).__name__} ({seen[-1]}), not {name}: {where}"
        assert rc == code, f"{name}: exit {rc}, the README gives {code} for '{spec['readme']}': {where}"
        msg = str(seen[-1])
    assert _bilingual(msg), f"{name}: the message is not Chinese and English: {msg!r}"
    missing = [f for f in spec["says"] if _fill(f, tmp_path) not in shown]
    assert not missing, f"{name}: {missing} not shown to the user: {shown[-3000:]}"
