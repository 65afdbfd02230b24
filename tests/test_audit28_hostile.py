"""The report built end to end on data hostile everywhere (twenty-eighth audit).

tests/_hostile.py plants, at the start of every text that can reach an output (the records' free text, the
complaints export's own columns, the workspace's names, the organisation's promise register, its own survey instrument,
the delivery's comments and a column the firm added, the delivery's file name), a spreadsheet formula, a bidi control,
an HTML/script payload and a form of personal data; then ``report --pdf --log`` and ``score``, ``complaints``,
``promises``, ``review`` and ``records check`` run on it.  Checked here, every output file and everything printed:

* every HTML page: no payload live (parsed), and in headless Chromium (opened and as printed) no payload runs, no local
  file is read;
* every XLSX cell by cell and every CSV cell: no formula (a cell a spreadsheet reads as one starts with ``'``);
* every file (pages, notebooks, CSV, XLSX, JSON, Parquet, the log, the PDFs' text) and everything printed: no planted
  phone number, ID number or name in any written form, no bidi control;
* the planted texts reach the outputs (so each check can fail): the payloads the pages, the formulas the tables, the
  promise register's and the instrument's own words their pages.

Found by it and fixed (each fails on the code before):

* the report's promise page listed the *bundled* register's promises and words, not the organisation's own
  (``promises = "promises.yaml"`` in windoweval.toml): :func:`windoweval.sections._promises` called ``fulfilment``
  with the occurrences but without the workspace, which falls back to the bundled register (the ``promises``
  command had it right);
* the report's survey page estimated a stored survey with the bundled instrument of the same id, not the one the
  delivery was checked and stored with (``survey import --instrument my.yaml``: its titles, labels and dimension
  weights), which ``survey estimate`` reads; :func:`windoweval.evaluation.survey_instrument` gives the stored copy.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from _hostile import INJECTED, hostile
from _planted import MARK, PII, Live, normalise

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


@pytest.fixture(scope="module")
def built():
    h = hostile()
    assert h.code == 0, h.printed["report"][-3000:]
    assert all(c == 0 for c in h.codes.values()), h.codes
    return h


def _text(f: Path) -> str:
    """What a person can read in ``f`` (a PDF: nothing here, its pages are the HTML pages checked)."""
    if f.suffix == ".xlsx":
        with zipfile.ZipFile(f) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    if f.suffix == ".parquet":
        import pyarrow.parquet as pq
        return pq.read_table(f).to_pandas().astype(str).to_csv()
    if f.suffix == ".pdf":
        return ""
    return f.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def texts(built):
    got = {str(f.relative_to(built.root)): _text(f) for f in built.files()}
    got.update({f"printed by {k}": v for k, v in built.printed.items()})
    return got


@pytest.fixture(scope="module")
def normalised(texts):
    return {name: normalise(t) for name, t in texts.items()}


def test_every_kind_of_output_was_written(built, texts):
    names = list(texts)
    for end in (".html", ".csv", ".xlsx", ".json", ".parquet", ".ipynb", ".log"):
        assert any(n.endswith(end) for n in names), end
    if built.pdf:
        assert len(list((built.report / "pdf").glob("*.pdf"))) == 12


def test_the_planted_texts_reach_the_outputs(built, texts):
    """Each check below could fail: the payloads, the formulas and the organisation's own words are there."""
    assert all(n > 0 for n in built.planted.values()), built.planted
    pages = {p.name: p.read_text(encoding="utf-8") for p in built.report.glob("*.html")}
    assert sum(t.count(MARK) for t in pages.values()) > 100
    assert texts["reports/2025/tables.xlsx"].count(INJECTED) > 100
    assert any(INJECTED in t for n, t in texts.items() if n.endswith(".csv"))
    # the organisation's promise register and its survey instrument reach their own pages
    assert MARK in pages["promise_fulfilment.html"] and INJECTED in pages["promise_fulfilment.html"]
    assert MARK in pages["satisfaction_survey.html"] and INJECTED in pages["satisfaction_survey.html"]


def test_no_payload_is_live_in_any_page(built):
    live = {}
    for page in sorted(built.report.glob("*.html")):
        parser = Live()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            live[page.name] = parser.found[:5]
    assert not live, live


@pytest.mark.parametrize("as_printed", [False, True], ids=["opened", "as-printed"])
def test_no_script_runs_in_chromium(built, as_printed):
    from windoweval.browser import dump_dom, find_chromium

    if find_chromium() is None:
        pytest.skip("Chromium not installed (the static check above still runs)")
    ran = {}
    for page in sorted(built.report.glob("*.html")):
        r = dump_dom(page, as_printed=as_printed)
        assert r.returncode == 0 and "<body" in r.stdout, r.stderr[-500:]
        hits = sorted(set(re.findall(rf"{MARK}-[A-Za-z-]+", "\n".join(
            ln for ln in r.stderr.splitlines() if "CONSOLE" in ln and "violates" not in ln
            and "Not allowed" not in ln))))
        if re.search(r"<html[^>]*data-pwned", r.stdout):
            hits.append("data-pwned")
        if "root:x:0:0" in r.stdout:
            hits.append("/etc/passwd read")
        if hits:
            ran[page.name] = hits
    assert not ran, ran


def test_no_xlsx_cell_is_a_formula(built):
    import openpyxl

    from windoweval.cells import FORMULA

    books = [f for f in built.files() if f.suffix == ".xlsx"]
    assert books
    bad, quoted = [], 0
    for f in books:
        for ws in openpyxl.load_workbook(f):
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type == "f" or (isinstance(c.value, str) and FORMULA.match(c.value)):
                        bad.append((f.name, ws.title, c.coordinate, c.value))
                    quoted += isinstance(c.value, str) and c.value.startswith("'") and INJECTED in c.value
    assert not bad, bad[:5]
    assert quoted > 100        # the planted formulas are there, written as text


def test_no_csv_cell_is_a_formula(built):
    from windoweval.cells import FORMULA

    tables = [f for f in built.files() if f.suffix == ".csv"]
    assert len(tables) > 20
    bad = []
    for f in tables:
        for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"))):
            # a negative number is a number (a spreadsheet reads -1.5 as the same number, no formula)
            bad += [(f.name, c) for c in row if FORMULA.match(c) and not NUMBER.fullmatch(c)]
    assert not bad, bad[:5]


@pytest.mark.parametrize("form", list(PII))
def test_no_personal_data_in_any_output(normalised, form):
    needles = PII[form][1]
    leaks = [name for name, t in normalised.items() if any(n in t for n in needles)]
    assert not leaks, f"{PII[form][0]!r} leaked into {leaks[:5]}"


def test_no_bidi_control_in_any_output(texts):
    assert [n for n, t in texts.items() if BIDI.search(t)] == []


def test_the_pdfs_hold_no_personal_data_and_the_planted_text_as_text(built):
    """Each PDF's text (pypdf): the planted markers are there as text, no personal data, no bidi control."""
    if not built.pdf:
        pytest.skip("Chromium not installed")
    import pypdf

    marks, leaks = 0, []
    for f in sorted((built.report / "pdf").glob("*.pdf")):
        t = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(f).pages)
        marks += t.count(MARK)
        n = normalise(t)
        leaks += [(f.name, form) for form, (_, needles) in PII.items() if any(x in n for x in needles)]
        leaks += [(f.name, "bidi")] if BIDI.search(t) else []
    assert marks > 100 and not leaks, (marks, leaks[:5])


def test_json_outputs_parse_and_carry_the_planted_names_as_text(built):
    """summary.json and the kept sections' meta stay JSON with the planted window names in them (as strings)."""
    held = 0
    for f in built.files():
        if f.suffix == ".json":
            held += json.dumps(json.loads(f.read_text(encoding="utf-8")), ensure_ascii=False).count(INJECTED)
    assert held > 0


# ---------------------------------------------------------------- the two defects, quickly

def _context(ws, **kw):
    # as sections._Context: no windows chosen, the years the data covers (user41: the promises section refuses a year
    # without records, the survey section takes chosen windows as a domain)
    kw = {"windows": None, "covered": {"work_orders": [2025]}, **kw}
    return SimpleNamespace(select=lambda f: f, year=2025, data=ws.root, ws=ws, baseline_year=None, **kw)


def test_the_report_lists_the_organisations_own_promise_register(tmp_path):
    """sections._promises: occurrences counted by the workspace's register were listed against the bundled one."""
    import yaml

    from windoweval import sections
    from windoweval.promises import REGISTER_FILE
    from windoweval.records.workspace import Workspace

    reg = yaml.safe_load(Path(REGISTER_FILE).read_text(encoding="utf-8"))
    mine = [dict(p, id="org_" + p["id"], zh="本单位承诺:" + p["zh"]) for p in reg["promises"][:3]]
    (tmp_path / "promises.yaml").write_text(yaml.safe_dump({"promises": mine}, allow_unicode=True), encoding="utf-8")
    ws = Workspace.from_dict({"name": "x", "promises": "promises.yaml",
                              "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]}, root=tmp_path)
    occ = pd.DataFrame({"promise_id": [mine[0]["id"]] * 2, "window_id": ["PW01"] * 2, "month": ["2025-03"] * 2,
                        "passed": pd.array([True, False], dtype="boolean"), "open": [False, False]})
    t = sections._promises(_context(ws, occurrences=lambda: occ)).tables
    per = t["per_promise"]
    assert per["promise_id"].tolist() == [p["id"] for p in mine]
    assert per["text_zh"].tolist() == [p["zh"] for p in mine]
    assert per.loc[0, ["occurrences", "met", "verdict"]].tolist() == [2, 1, "fail"]
    assert per.loc[1:, "verdict"].tolist() == ["no_data", "no_data"]
    pub = t["publication_zh"]
    assert pub["承诺内容"].tolist() == [p["zh"] for p in mine] + ["—"]
    assert pub["兑现率"].tolist() == ["50.0%", "无数据", "无数据", "50.0%"]   # none assessed: no data (public43)


def test_the_report_estimates_a_stored_survey_with_the_instrument_it_was_imported_with(tmp_path):
    """sections._survey read a stored survey with the bundled instrument of the same id: another title, other labels,
    other dimension weights than the organisation's file the delivery was checked with."""
    import yaml

    from windoweval import sections
    from windoweval.demo import survey as demo
    from windoweval.records.workspace import Workspace
    from windoweval.survey import estimate, load_instrument
    from windoweval.survey.store import import_delivery, load_responses

    src = Path(load_instrument("power_hall").path)
    doc = yaml.safe_load(src.read_text(encoding="utf-8"))
    doc["instrument"]["title_zh"] = "本单位营业厅满意度问卷"
    w = [0.6, 0.1, 0.1, 0.1, 0.1]
    for d, x in zip(doc["dimensions"], w):
        d["weight"] = x
    mine = tmp_path / "mine.yaml"
    mine.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=20, seed=3)
    with demo.delivery_file(df, "d.csv") as p:
        import_delivery(p, str(mine), 2025, store_dir=tmp_path)
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"},
                                                      {"id": "PW02", "name": "b", "kind": "power_hall"}]},
                             root=tmp_path)
    responses = load_responses("power_hall_2025", store_dir=tmp_path)
    c = _context(ws, instrument="power_hall", survey=lambda y: (responses, "store") if y == 2025 else (None, ""))
    s = sections._survey(c)
    assert s.meta["title"]["zh"] == "本单位营业厅满意度问卷"
    want = estimate.satisfaction_index(responses, load_instrument(mine))
    bundled = estimate.satisfaction_index(responses, load_instrument("power_hall"))
    got = s.tables["index"].set_index("measure")["estimate"]
    assert got["composite"] == pytest.approx(want.set_index("measure").loc["composite", "estimate"], rel=1e-12)
    assert got["composite"] != pytest.approx(bundled.set_index("measure").loc["composite", "estimate"], rel=1e-6)
