"""Hostile demo data, built once a session: script payloads and personal data in every free-text field.

Shared by tests/test_planted_payloads.py and tests/test_planted_pii.py.  The demo organisation is
written to a temporary folder; every free-text field of its records (inspection and activity notes,
transcripts, service details, complaint categories and descriptions, demonstration documents and
notes, staff roles) and of its workspace (the organisation's names, every window's name and region)
gets, appended to what it held, one of the HTML/script :data:`PAYLOADS` and one of the personal-data
:data:`PII` forms, in turn, so that every field carries every payload and every form somewhere.
A survey delivery of the organisation's power halls, its comments planted the same way and its file name holding
a phone number and a name, is checked and imported into the data's survey store.  Every planted text also carries
a bidi override or isolate (:data:`BIDI`), and two forms hide a number or a name behind one.
Then the report is built (with PDFs where Chromium is installed) and the ``score``, ``complaints``,
``promises`` and ``records check`` commands write their outputs beside it.
"""
from __future__ import annotations

import atexit
import functools
import io
import re
import shutil
import tempfile
import time
from html.parser import HTMLParser
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

MARK = "WEVPWN"
#: A local file a payload tries to read (it logs a marker to the console when it is loaded).
PROBE_NAME = "probe.html"


def payloads(probe: str) -> dict[str, str]:
    """The hostile texts, by kind; each would log ``MARK-<kind>`` to the console if it ran."""
    m = MARK
    return {
        "script": f"<script>console.log('{m}-script');document.documentElement.setAttribute('data-pwned','script')</script>",
        "img_onerror": f'<img src=x onerror="console.log(\'{m}-img\');document.documentElement.setAttribute(\'data-pwned\',\'img\')">',
        "svg_onload": f"<svg onload=\"console.log('{m}-svg')\"><circle r=9></circle></svg>",
        "iframe_file": f'<iframe src="file://{probe}"></iframe>',
        "iframe_passwd": '<iframe src="file:///etc/passwd"></iframe>',
        "object_file": f'<object data="file://{probe}"></object>',
        "javascript_link": f"<a href=\"javascript:console.log('{m}-jslink')\">点击 click</a>",
        "markdown_link": f"[点击 click](javascript:console.log('{m}-mdlink'))",
        "attr_breakout": f"\"><script>console.log('{m}-breakout')</script><b x=\"",
        "style": f"<style>body{{background:url(\"javascript:console.log('{m}-style')\")}}</style>",
        "details_ontoggle": f"<details open ontoggle=\"console.log('{m}-toggle')\">x</details>",
    }


#: Personal data in the forms the issue lists, each with the needles that must not reach any output.
PII: dict[str, tuple[str, list[str]]] = {
    "mobile_fullwidth": ("电话１３９８７６５０４２１", ["13987650421", "87650421"]),
    "mobile_spaces": ("手机 139 7654 0432", ["76540432"]),
    "mobile_dashes": ("手机139-6543-0443", ["65430443"]),
    "mobile_plus86": ("+86 13954320454", ["54320454"]),
    "landline_dashes": ("座机0571-8111-0008", ["81110008"]),
    "landline_fullwidth": ("电话０１０ 6111 0007", ["61110007"]),
    "landline_paren": ("(0755)83216549", ["83216549"]),
    "id18": ("身份证33010619850612203X", ["33010619850612203"]),
    "id15": ("身份证号330106850612203", ["330106850612203"]),
    "name_xingming": ("姓名：张三丰", ["张三丰"]),
    "name_xingming_ascii": ("姓名:李四光", ["李四光"]),
    "name_kehu": ("客户：王小明", ["王小明"]),
    "name_kehu_ascii": ("客户:赵六奇", ["赵六奇"]),
    "name_lianxiren": ("联系人：钱七宝", ["钱七宝"]),
    "name_huanzhe": ("患者：孙八斗", ["孙八斗"]),
    "name_huanzhe_ascii": ("患者:周九龄", ["周九龄"]),
    "email": ("邮箱 wang.ming77@example.org", ["wang.ming77", "ming77@"]),
    "address_street": ("住中山路128号3栋2单元501室", ["128号3栋", "2单元501"]),
    "address_estate": ("幸福小区5栋1单元302室", ["5栋1单元302"]),
    # the forms the fourth audit closed (tests/test_audit7_privacy.py)
    "mobile_words": ("电话一三八七六五四三二一〇", ["一三八七六五四三二一〇", "七六五四三二一〇"]),
    "mobile_yao": ("手机幺三九 八七六五 四三二一", ["幺三九八七六五四三二一", "八七六五四三二一"]),
    "landline_area": ("区号0571电话86427531", ["86427531"]),
    "landline_local": ("座机：8642 7539", ["86427539"]),
    "landline_extension": ("电话010-62345671转8765", ["62345671", "转8765"]),
    "email_at": ("邮箱 li.ming88(at)example.org", ["li.ming88", "liming88"]),
    "id18_lower_x": ("身份证33010619850612207x", ["33010619850612207"]),
    "name_bracket": ("客户（柏青松）来电", ["柏青松"]),
    "name_bracket_ascii": ("患者(蒲云舒)", ["蒲云舒"]),
    "name_spaced": ("客户 柯明远 来电", ["柯明远"]),
    "name_pinyin": ("客户：Qiao Yunfei", ["QiaoYunfei", "Yunfei"]),
    "name_pinyin_en": ("Name: Zhuang Mingyue", ["ZhuangMingyue", "Mingyue"]),
    # the forms the fifth audit closed (tests/test_audit10_privacy.py)
    "name_before_cue": ("，柏青松反映窗口排队久", ["柏青松"]),
    "name_before_cue_2": ("（蒲云舒来电称）", ["蒲云舒"]),
    "name_kin_title": ("甘露华师傅上门", ["甘露华"]),
    "name_auntie": ("，岑阿姨投诉", ["岑阿姨"]),
    "id18_split": ("身份证3301 0619 8506 1220 5X", ["33010619850612205"]),
    "id18_dashes": ("证件 330-106-198-506-122-07x", ["33010619850612207"]),
    "mobile_dashes_any": ("电话1398-765-0465", ["13987650465"]),
    "mobile_paren86": ("(86)13987650476", ["13987650476"]),
    "passport": ("护照号E87654321", ["E87654321", "87654321"]),
    "hk_permit": ("港澳通行证：C87654329", ["C87654329", "87654329"]),
    "bank_card": ("卡号6222 0212 3456 7890 128", ["6222021234567890128", "34567890128"]),
    # the forms the sixth audit closed (tests/test_audit13_privacy.py)
    "name_after_date": ("3月5日柏青松反映窗口排队久", ["柏青松"]),
    "name_split": ("客户蒲 云舒来电", ["蒲云舒"]),
    "name_dotted": ("姓名：阿卜杜·热合曼", ["热合曼", "阿卜杜"]),
    "name_relative": ("家属甘露华陪同", ["甘露华"]),
    "name_pinyin_said": ("Name: Qiao Yunfei said", ["QiaoYunfei", "Yunfei"]),
}

#: Bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069): planted beside every payload and form, and inside some
#: numbers (``138\u202e12345678`` reads as another number); none may reach an output (the privacy gate drops them).
BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069"]
#: Personal data split by a bidi control: the needles must not reach any output either.
PII.update({
    "mobile_bidi": ("电话139\u202e87650498", ["13987650498", "87650498"]),
    "name_bidi": ("客户：\u2067柏青\u2069松", ["柏青松"]),
})

#: The free-text fields planted, by record kind (ids, codes, dates and numbers are left alone).
TEXT_FIELDS = {
    "inspections": ["note"], "activities": ["note"], "transcripts": ["text"], "service_offerings": ["detail"],
    "complaints": ["description", "category"], "demonstration_evidence": ["document", "note"],
    "staff_roster": ["role"],
}


def normalise(text: str) -> str:
    """Text with full-width digits folded and separators removed, to search for a needle in any written form."""
    from windoweval.privacy import _FOLD

    from windoweval.privacy import drop_bidi

    return re.sub(r"[\s\-()（）.+]", "", drop_bidi(text.translate(_FOLD)))


@dataclass
class Planted:
    root: Path
    data: Path
    out: Path
    report: Path
    probe: Path
    code: int
    seconds: float
    stdout: str
    stderr: str
    pdf: bool
    planted_payloads: int = 0
    planted_pii: int = 0
    planted_survey: int = 0
    planted_bidi: int = 0
    outputs: dict = field(default_factory=dict)     # name -> text of every output for people


def _cell(i: int, kinds: list[str], texts: dict[str, str]) -> str:
    return texts[kinds[i % len(kinds)]]


def _plant_frame(df: pd.DataFrame, cols: list[str], pay: dict[str, str], counts: dict) -> pd.DataFrame:
    pk, ik = list(pay), list(PII)
    n = len(df)
    for j, c in enumerate(cols):
        if c not in df or n == 0:
            continue
        base = df[c].astype("string").fillna("")
        idx = pd.RangeIndex(n)
        p = pd.Series([pay[pk[(i + j) % len(pk)]] for i in idx], index=df.index, dtype="string")
        q = pd.Series([PII[ik[(i + j) % len(ik)]][0] for i in idx], index=df.index, dtype="string")
        b = pd.Series([BIDI[(i + j) % len(BIDI)] for i in idx], index=df.index, dtype="string")
        df[c] = base + b + " " + p + " ；" + q + "；" + b
        counts["bidi"] = counts.get("bidi", 0) + 2 * n
        counts["payloads"] += n
        counts["pii"] += n
    return df


def _workspace(toml: str, pay: dict[str, str], counts: dict) -> str:
    pk, ik = list(pay), list(PII)
    esc = lambda s: s.replace("\\", "\\\\").replace('"', '\\"')  # noqa: E731
    out, i = [], 0
    for line in toml.splitlines():
        m = re.match(r'^(name|name_en|region) = "(.*)"$', line)
        if m:
            extra = f"{BIDI[i % len(BIDI)]} {pay[pk[i % len(pk)]]} ；{PII[ik[i % len(ik)]][0]}；"
            line = f'{m.group(1)} = "{esc(m.group(2) + extra)}"'
            counts["payloads"] += 1
            counts["pii"] += 1
            i += 1
        out.append(line)
    return "\n".join(out) + "\n"


@functools.lru_cache(maxsize=None)
def planted() -> Planted:
    from windoweval.browser import find_chromium
    from windoweval.cli import main
    from windoweval.demo import generate

    root = Path(tempfile.mkdtemp(prefix="windoweval-planted-"))
    atexit.register(shutil.rmtree, root, True)
    probe = root / "outside" / PROBE_NAME
    probe.parent.mkdir()
    probe.write_text(f"<html><body>probe<script>console.log('{MARK}-FILE-READ')</script></body></html>",
                     encoding="utf-8")
    pay = payloads(str(probe))
    data = generate(root / "data", year=2025)
    counts = {"payloads": 0, "pii": 0}
    for kind, cols in TEXT_FIELDS.items():
        f = data / f"{kind}.csv"
        if not f.exists():
            continue
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        _plant_frame(df, cols, pay, counts).to_csv(f, index=False, encoding="utf-8")
    ws = data / "windoweval.toml"
    ws.write_text(_workspace(ws.read_text(encoding="utf-8"), pay, counts), encoding="utf-8")
    survey_outputs = _plant_survey(root, data, pay, counts)

    out = root / "reports"
    pdf = find_chromium() is not None
    so, se = io.StringIO(), io.StringIO()
    t0 = time.monotonic()
    with redirect_stdout(so), redirect_stderr(se):
        code = main(["report", "--year", "2025", "--data", str(data), "--out", str(out), *(["--pdf"] if pdf else [])])
    p = Planted(root, data, out, out / "2025", probe, code, time.monotonic() - t0, so.getvalue(), se.getvalue(), pdf,
                counts["payloads"], counts["pii"])
    p.outputs["report console"] = p.stdout + p.stderr
    p.outputs.update(survey_outputs)
    p.planted_survey = counts.get("survey", 0)
    p.planted_bidi = counts.get("bidi", 0)
    for cmd, sub in (["score", "--year", "2025"], "score"), (["complaints", "--year", "2025"], "complaints"), \
                     (["promises", "--year", "2025"], "promises"), (["review", "--year", "2025"], "review"):
        so, se = io.StringIO(), io.StringIO()
        with redirect_stdout(so), redirect_stderr(se):
            rc = main([*cmd, "--data", str(data), "--out", str(root / "cli" / sub)])
        p.outputs[f"{sub} console (exit {rc})"] = so.getvalue() + se.getvalue()
    so, se = io.StringIO(), io.StringIO()
    with redirect_stdout(so), redirect_stderr(se):
        rc = main(["records", "check", "--data", str(data)])
    p.outputs[f"records check console (exit {rc})"] = so.getvalue() + se.getvalue()
    for f in sorted([*out.rglob("*"), *(root / "cli").rglob("*")]):
        if f.is_file():
            p.outputs[str(f.relative_to(root))] = _text_of(f)
    return p


def _plant_survey(root: Path, data: Path, pay: dict[str, str], counts: dict) -> dict:
    """A survey delivery of the organisation's power halls, every comment planted (a payload, a personal-data form, a
    bidi control), in a file whose name holds a phone number and a name: checked and imported into the data's survey
    store (where the report reads it).  What ``survey check`` and ``survey import`` printed, by name."""
    from windoweval.cli import main
    from windoweval.demo.survey import generate_delivery
    from windoweval.records.workspace import load_workspace

    w = load_workspace(data).windows
    halls = sorted(w.loc[w["kind"].astype(str).eq("power_hall").to_numpy(), "window_id"].astype(str))
    df = generate_delivery("power_hall", 2025, halls, n_per_window=30)
    df["comment"] = df["comment"].astype("string").fillna("")
    _plant_frame(df, ["comment"], pay, counts)
    counts["survey"] = len(df)
    f = root / "incoming" / "满意度_联系人张三_13812345678.csv"
    f.parent.mkdir()
    df.to_csv(f, index=False, encoding="utf-8")
    outputs = {}
    for name, cmd in (("survey check", ["survey", "check", str(f), "--instrument", "power_hall"]),
                      ("survey import", ["survey", "import", str(f), "--instrument", "power_hall", "--year", "2025",
                                         "--store", str(data)])):
        so, se = io.StringIO(), io.StringIO()
        with redirect_stdout(so), redirect_stderr(se):
            rc = main(cmd)
        outputs[f"{name} console (exit {rc})"] = so.getvalue() + se.getvalue()
    return outputs


def _text_of(f: Path) -> str:
    """The text a person could read in ``f`` (an XLSX's sheets and strings, a PDF's bytes, else the file)."""
    if f.suffix == ".xlsx":
        import zipfile
        with zipfile.ZipFile(f) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    if f.suffix == ".pdf":
        return f.read_bytes().decode("latin-1")
    return f.read_text(encoding="utf-8", errors="replace")


class Live(HTMLParser):
    """Elements and attributes a payload would have made live (a page fed to it: ``found``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._tag = None

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        for k, v in attrs:
            v = v or ""
            if k.startswith("on") and MARK in v:
                self.found.append(f"<{tag} {k}=…{MARK}>")
            if k in ("href", "src", "data", "action", "formaction", "xlink:href") and \
                    re.match(r"\s*(javascript|file|data):", v, re.I) and (MARK in v or "passwd" in v or "probe" in v):
                self.found.append(f"<{tag} {k}={v[:40]}>")
        if tag in ("iframe", "object", "embed", "frame") and any("passwd" in (v or "") or "probe" in (v or "")
                                                               for _, v in attrs):
            self.found.append(f"<{tag}>")

    def handle_data(self, data):
        # a chart's data sits in JSON strings (drawn as text by plotly.js): code outside them must not carry the marker
        if self._tag in ("script", "style") and MARK in re.sub(r'"(?:[^"\\]|\\.)*"', '""', data):
            self.found.append(f"<{self._tag}>{data[:60]}")

    def handle_endtag(self, tag):
        self._tag = None
