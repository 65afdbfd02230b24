"""Review of 1629722..8105068 (csv14, audit28, audit27): defects found, each as a test that fails on main."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml


# --- mixed-encoding check: a wholly GBK file refused -------------------------------------------------------------

GBK_ROWS = [
    "票号,窗口,业务\nT1,PW01,ETC签约\n",          # ETC 签约: 签 is c7 a9 in GBK, a "Latin letter" after C
    "工单号,窗口,客户称谓\nT1,PW01,VIP女士\n",     # 女士 c5 ae ca bf after P
    "工单号,窗口,内容\nT1,PW01,APP取票\n",         # 取票 c8 a1 c6 b1 after P
]


@pytest.mark.parametrize("text", GBK_ROWS)
@pytest.mark.parametrize("encoding", [None, "gb18030"])
def test_a_wholly_gbk_export_with_latin_letters_is_not_refused_as_mixed(text, encoding):
    """records.io.decode (audit27's _LATIN_IN_WORD as UTF-8 evidence): a CSV exported wholly in GBK, one of whose
    rows holds an ASCII word written against Chinese (ETC签约, VIP女士, APP取票), is refused as "row 1 is GB18030 but
    row 2 is UTF-8 (the file mixes encodings)".  About 216 common GB2312 characters (签 女 取 票 全 前 平 每 ...) are
    GBK byte pairs that read as a 2-byte UTF-8 Latin letter; one next to an ASCII letter, in a row whose other
    characters are such pairs too, is what a GBK export makes by chance.  Declaring `encoding: gb18030` in
    mapping.yaml (the fix the message names) is refused the same way, so such an export cannot be read at all.
    Right: the file decodes as GB18030 to its own text (as before the change)."""
    from windoweval.records.io import decode

    assert decode(text.encode("gbk"), "x.csv", encoding) == text


def test_a_gbk_survey_delivery_with_an_ascii_word_beside_chinese_is_read(tmp_path):
    """survey.delivery._decode now shares records.io.mixed_encoding: a GBK survey CSV (Excel "CSV (comma delimited)"
    on a Chinese Windows) whose comment says APP取票 is refused whole as mixing encodings (DeliveryError), every
    respondent lost.  Right: read as GB18030, as before."""
    from windoweval.survey.delivery import _decode

    text = "respondent_id,window_id,comment\nR1,PW01,态度很好\nR2,PW01,APP取票\n"
    got, enc, _ = _decode(text.encode("gbk"))
    assert got == text and enc in ("gbk", "gb18030")


# --- reversed-scale check: a negatively worded item's label set refused ------------------------------------------

def _raw(name="power_hall"):
    from windoweval import paths
    return yaml.safe_load((paths.INSTRUMENTS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def test_an_agreement_label_set_for_negatively_worded_items_is_not_refused_as_reversed():
    """survey.instrument._parse (audit27): a label set for negatively worded statements ("为办一件事需要来回跑多次":
    1 = 非常同意 / Strongly agree ... 5 = 非常不同意 / Strongly disagree) runs from least satisfied (1) to most
    satisfied (5), exactly as the software requires (codes rise with satisfaction), yet _polarity takes 同意/agree
    for satisfaction and refuses the whole questionnaire as "runs opposite to the scale ... the dissatisfied would
    count as satisfied".  Right: agreement is no satisfaction; such a label set loads (it did before)."""
    from windoweval.survey.instrument import load_instrument

    raw = _raw()
    agree = raw["scale"]["labels"]["agreement"]
    raw["scale"]["labels"]["agreement_negative"] = {6 - k: v for k, v in agree.items()}
    ins = load_instrument(raw)
    assert ins.scale_max == 5


# --- no-answer words: a real scale option recoded to the missing code --------------------------------------------

def test_an_spss_midpoint_labelled_buhaoshuo_is_not_recoded_to_missing(tmp_path):
    """survey.delivery._check_labels with audit27's new no-answer words: an SPSS delivery whose 5-point items carry
    the value labels 1 很不满意, 2 不满意, 3 不好说, 4 满意, 5 很满意 (不好说 as the scale's midpoint is a common
    wording of Chinese questionnaires) has every answer 3 recoded to the missing code 9 because 不好说 is now a
    "no answer" word: real answers dropped from every item's base, the satisfaction rate's denominator shrinks and
    the rate rises.  Right: a code the file labels as one of the scale's five options, on the scale (3 of 1-5), is
    the answer 3 (before the change it was kept as 3); only a code off the scale may be a missing code."""
    pyreadstat = pytest.importorskip("pyreadstat")
    from windoweval.demo import survey as demo
    from windoweval.survey.delivery import parse_delivery
    from windoweval.survey.instrument import load_instrument

    base = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=10, seed=7, careless_share=0)
    s = base.drop(columns=["comment"]).copy()
    s["window_id"] = s["window_id"].map({"PW01": 1, "PW02": 2}).astype(float)
    ins = load_instrument("power_hall")
    items = list(ins.coded_columns)
    for c in items:
        s[c] = s[c].astype(float)
    s.loc[0:3, "env1"] = 3.0
    lab = {1: "很不满意", 2: "不满意", 3: "不好说", 4: "满意", 5: "很满意", 9: "不清楚"}
    vl = {c: lab for c in items}
    vl["window_id"] = {1.0: "PW01", 2.0: "PW02"}
    p = tmp_path / "d.sav"
    pyreadstat.write_sav(s, str(p), variable_value_labels=vl)
    chk = parse_delivery(p, ins, year=2025)
    assert len(chk.valid) == len(base)
    assert chk.valid.loc[0:3, "env1"].tolist() == [3.0] * 4


# --- a per-line Python loop added to every declared-GB18030 records file ------------------------------------------

def test_a_declared_gb18030_export_is_not_scanned_line_by_line_in_python():
    """records.io.decode with `encoding: gb18030` in mapping.yaml (audit27, 8ef4656) now runs mixed_encoding on the
    whole file: a Python loop over every line (b.split(b"\\n"), a generator over each line's bytes, and a
    UnicodeDecodeError raised and caught for every GBK line).  On a 500,000-row, 36 MB work-order export that takes
    about 2.5 s against 0.3 s for the decode itself (measured on this machine, old tree 0.29 s, main 2.54 s): a
    per-row Python loop on the hot path of every import of a declared-GB18030 file.  Right: decoding a declared
    encoding costs about what the decode costs (the check, if kept, vectorised or limited to the lines that can
    be UTF-8).  Measured here without timing: Python-level calls made in records/io.py while decoding 20,001 lines
    (main: about 340,000; 1629722: none)."""
    import sys

    from windoweval.records import io

    row = "WO{0:07d},PW01,故障报修,2025-03-01 08:00:00,客户反映窗口服务态度很好,已办结\n"
    b = ("工单编号,窗口编号,工单类型,受理时间,内容,状态\n"
         + "".join(row.format(i) for i in range(20_000))).encode("gb18030")
    calls = [0]

    def prof(frame, event, arg):   # Python-level calls made in records/io.py while decoding (a genexpr per line)
        if event == "call" and frame.f_code.co_filename == io.__file__:
            calls[0] += 1

    sys.setprofile(prof)
    try:
        text = io.decode(b, "x.csv", "gb18030")
    finally:
        sys.setprofile(None)
    assert text.count("\n") == 20_001
    assert calls[0] < 100, f"{calls[0]} Python calls for 20,001 lines: a per-line loop"


# --- a survey stored by the previous version cannot be read any more ----------------------------------------------

def test_a_survey_stored_with_an_instrument_the_previous_version_accepted_still_reads(tmp_path):
    """survey.instrument._parse now refuses any `scale` key but min/max/satisfied_min/labels (and label sets it takes
    for reversed).  The store keeps a copy of the instrument each delivery was imported with, and since audit28 the
    year's report (sections._survey -> evaluation.survey_instrument) reads that copy, as `survey estimate` does: a
    survey imported by 1629722 with an organisation's file holding a harmless `scale: {type: likert}` (accepted then)
    now fails with "unknown key(s) type in scale" naming the store's own
    surveys/imports/<id>/<sha>/instrument.yaml, a file the user must not edit (the store is addressed by hash) -- the
    stored survey can no longer be estimated nor reported.  (The copy is written here as 1629722 wrote it.)  Right:
    a copy already in the store loads as it did (the new rule applies to instruments being imported), or the refusal
    says how to re-import; it never turns a stored survey unreadable."""
    import glob

    from windoweval import paths
    from windoweval.demo import survey as demo
    from windoweval.survey.store import import_delivery, load_survey_instrument
    try:
        from windoweval.evaluation import survey_instrument
    except ImportError:   # 1629722: the report read the bundled instrument
        def survey_instrument(year, name, store_dir):
            from windoweval.survey import load_instrument
            return load_instrument(name)

    raw = yaml.safe_load((paths.INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    ip = tmp_path / "org.yaml"
    ip.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=5, seed=4)
    store = tmp_path / "ws"
    store.mkdir()
    with demo.delivery_file(df, "a.csv") as p:
        import_delivery(p, str(ip), 2025, store_dir=store)
    (copy,) = glob.glob(str(store / "surveys" / "imports" / "*" / "*" / "instrument.yaml"))
    old = yaml.safe_load(open(copy, encoding="utf-8"))
    old["scale"]["type"] = "likert"           # what 1629722 accepted and stored
    open(copy, "w", encoding="utf-8").write(yaml.safe_dump(old, allow_unicode=True))
    assert load_survey_instrument("power_hall_2025", store_dir=store).scale_max == 5      # survey estimate's read
    assert survey_instrument(2025, "power_hall", store_dir=store).scale_max == 5         # the year's report's read


# --- fix15x: the decisions made, pinned ---------------------------------------------------------------------------

def test_a_typed_buhaoshuo_is_the_missing_code_and_the_warning_says_how_to_count_it_as_a_midpoint(tmp_path):
    """Decision (fix15x): a typed 不好说 where the questionnaire words its midpoint 一般 stays the missing code (no label
    set of the file says it is a scale point; audit27's rule for typed text), and the warning says so and names the
    way to count it as the midpoint (write the code, or value_labels in the instrument)."""
    from windoweval.demo import survey as demo
    from windoweval.survey.delivery import parse_delivery

    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=12, seed=2, careless_share=0)
    df = df.astype({"env1": object})
    df.loc[2, "env1"] = "不好说"
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, "power_hall", year=2025)
    assert chk.rejected_rows == [] and chk.valid.loc[2, "env1"] == 9
    w = chk.problems[chk.problems["value"] == "不好说 -> 9"].iloc[0]
    assert "未作答" in w["problem_zh"] and "value_labels" in w["problem_zh"] and "value_labels" in w["problem_en"]
    assert "第 4 行" in w["problem_zh"]


def test_an_spss_midpoint_labelled_buhaoshuo_is_kept_with_a_warning_and_an_off_scale_code_is_still_missing(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    from windoweval.demo import survey as demo
    from windoweval.survey.delivery import parse_delivery
    from windoweval.survey.instrument import load_instrument

    base = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=10, seed=7, careless_share=0)
    s = base.drop(columns=["comment"]).copy()
    s["window_id"] = s["window_id"].map({"PW01": 1, "PW02": 2}).astype(float)
    ins = load_instrument("power_hall")
    items = list(ins.coded_columns)
    for c in items:
        s[c] = s[c].astype(float)
    s.loc[0:3, "env1"] = 3.0
    s.loc[4, "env2"] = 98.0
    lab = {1: "很不满意", 2: "不满意", 3: "不好说", 4: "满意", 5: "很满意", 98: "不好说"}
    vl = {c: lab for c in items}
    vl["window_id"] = {1.0: "PW01", 2.0: "PW02"}
    p = tmp_path / "d.sav"
    pyreadstat.write_sav(s, str(p), variable_value_labels=vl)
    chk = parse_delivery(p, ins, year=2025)
    assert chk.valid.loc[0:3, "env1"].tolist() == [3.0] * 4
    assert chk.valid.loc[4, "env2"] == 9                           # 98, off the scale: the missing code
    w = chk.problems[chk.problems["code"] == "scale_point_labelled_no_answer"]
    assert len(w) and "3=不好说" in w["value"].iloc[0] and "98" not in w["value"].iloc[0]


@pytest.mark.parametrize("text,declared,refused_row", [
    ("hall\nA1,城东\nA2,Café de Paris\n", False, 3),      # GBK then a UTF-8 French word: refused
    ("hall\nA1,城东\nA2,Café de Paris\n", True, None),    # declared GB18030: é at a word's end is not enough
    ("hall\nA1,城东\nA2,Müller\n", True, 3),              # declared: ü between letters still is
    ("hall\nA1,城东\nA2,客户反映\n", True, 3),             # declared: Chinese in UTF-8 still is
    ("hall\nA1,Müller\nA2,城东\n", True, 3),              # declared: UTF-8 rows before the GB18030 ones count too
])
def test_what_counts_as_utf8_in_a_gbk_file(text, declared, refused_row):
    """fix15x: a UTF-8 row in a GBK file is refused on strong evidence only; with `encoding: gb18030` declared the
    user has spoken, so an accented letter must sit inside a word (letters both sides)."""
    from windoweval.records.io import ExportError, decode

    lines = text.splitlines(True)
    b = b"".join(ln.encode() if ("é" in ln or "ü" in ln or "客户" in ln) else ln.encode("gbk") for ln in lines)
    if refused_row is None:
        assert decode(b, "x.csv", "gb18030" if declared else None).startswith("hall")
    else:
        with pytest.raises(ExportError) as e:
            decode(b, "x.csv", "gb18030" if declared else None)
        assert e.value.row == refused_row


@pytest.mark.parametrize("row", ["T1,VIP每", "T1,ETC茅", "T1,APP目录", "T1,QQ号", "T1,女士"])
def test_more_gbk_rows_that_are_utf8_by_chance_are_read(row):
    """A lower-case accented letter after capitals only (VIPÿ, ETCé) is an acronym and a Chinese word, not French."""
    from windoweval.records.io import decode

    text = "工单号,内容\n" + row + "\n"
    assert decode(text.encode("gbk"), "x.csv") == text


def test_a_stored_copy_is_read_with_a_note_while_importing_the_same_file_is_refused(tmp_path):
    """fix15x: the rules on a scale refuse an instrument being imported or checked; a copy in the store is read as
    it was imported, the rule's words kept in Instrument.notes (survey estimate prints them), never a refusal that
    names the store's own file."""
    import glob

    from windoweval import paths
    from windoweval.demo import survey as demo
    from windoweval.survey.instrument import InstrumentError, load_instrument
    from windoweval.survey.store import import_delivery, load_survey_instrument

    raw = yaml.safe_load((paths.INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    ip = tmp_path / "org.yaml"
    ip.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=5, seed=4)
    store = tmp_path / "ws"
    store.mkdir()
    with demo.delivery_file(df, "a.csv") as p:
        import_delivery(p, str(ip), 2025, store_dir=store)
    (copy,) = glob.glob(str(store / "surveys" / "imports" / "*" / "*" / "instrument.yaml"))
    old = yaml.safe_load(open(copy, encoding="utf-8"))
    old["scale"]["type"] = "likert"
    open(copy, "w", encoding="utf-8").write(yaml.safe_dump(old, allow_unicode=True))
    ins = load_survey_instrument("power_hall_2025", store_dir=store)
    assert any("type" in n for n in ins.notes)
    with pytest.raises(InstrumentError):
        load_instrument(copy)            # the same file given as an instrument to import or check: refused
    assert load_instrument("power_hall").notes == ()


@pytest.mark.parametrize("lo,hi", [(("非常好", "Very good"), ("非常差", "Very poor")),
                                   (("非常满意", "Very satisfied"), ("非常不满意", "Very dissatisfied"))])
def test_a_reversed_quality_or_satisfaction_set_is_still_refused(lo, hi):
    from windoweval.survey.instrument import InstrumentError, load_instrument

    raw = _raw()
    sat = raw["scale"]["labels"]["satisfaction"]
    sat[1] = {"zh": lo[0], "en": lo[1]}
    sat[5] = {"zh": hi[0], "en": hi[1]}
    with pytest.raises(InstrumentError):
        load_instrument(raw)


def test_survey_estimate_of_a_stored_survey_with_an_old_copy_notes_it_and_exits_0(tmp_path, capsys):
    import glob

    from windoweval.cli import main
    from windoweval.demo import survey as demo
    from windoweval.survey.store import import_delivery

    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=5, seed=4)
    store = tmp_path / "ws"
    store.mkdir()
    with demo.delivery_file(df, "a.csv") as p:
        import_delivery(p, "power_hall", 2025, store_dir=store)
    (copy,) = glob.glob(str(store / "surveys" / "imports" / "*" / "*" / "instrument.yaml"))
    old = yaml.safe_load(open(copy, encoding="utf-8"))
    old["scale"]["type"] = "likert"
    open(copy, "w", encoding="utf-8").write(yaml.safe_dump(old, allow_unicode=True))
    assert main(["survey", "estimate", "power_hall_2025", "--store", str(store), "--by", "window_id"]) == 0
    err = capsys.readouterr().err
    assert "note" in err and "type" in err and "Traceback" not in err
