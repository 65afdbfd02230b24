"""Reading and checking deliveries: every defect kind, every accepted format, the template.

The files under tests/data/survey/ are written by make_cases.py there: a clean 12-respondent
delivery (file rows 2-13) with the defects of each file's name planted at known rows.
"""
import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from windoweval.survey import delivery as D
from windoweval.cli.survey import main
from windoweval.survey.instrument import load_instrument
from windoweval.survey.template import template_columns

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def errors(name, **kw):
    p = D.check_delivery(DATA / name, INS, year=2025, **kw)
    e = p[p["severity"] == "error"]
    return {(None if pd.isna(r.row) else int(r.row), r.column, r.code) for r in e.itertuples()}, p


@pytest.fixture(scope="module")
def clean():
    chk = D.parse_delivery(DATA / "clean_utf8.csv", INS, year=2025)
    assert chk.problems.empty, chk.problems
    return chk.responses


# --- the accepted formats give the same typed rows ------------------------------------------

@pytest.mark.parametrize("name, fmt, encoding", [
    ("clean_utf8.csv", "csv", "utf-8"),
    ("clean_utf8_bom.csv", "csv", "utf-8-sig"),
    ("clean_gbk.csv", "csv", "gb18030"),
    ("clean.xlsx", "xlsx", None),
    ("clean.sav", "sav", None),
])
def test_formats_read_the_same(clean, name, fmt, encoding):
    chk = D.parse_delivery(DATA / name, INS, year=2025)
    assert chk.delivery.format == fmt and chk.delivery.encoding == encoding
    assert chk.problems.empty, chk.problems
    got = chk.responses
    cols = ["respondent_id", "window_id", "interview_date", "stratum", "psu", "weight", "customer_type",
            *INS.coded_columns, "duration_s"]
    pd.testing.assert_frame_equal(got[cols].reset_index(drop=True), clean[cols].reset_index(drop=True),
                                  check_dtype=False)
    assert got["respondent_id"].iloc[0] == "000001"  # ids stay text: leading zeros kept
    if fmt == "sav":
        assert got["row"].tolist() == list(range(1, 13))  # SPSS case numbers
    else:
        assert got["row"].tolist() == list(range(2, 14))  # spreadsheet rows


def test_gbk_file_is_really_gbk_with_chinese_headers():
    raw = (DATA / "clean_gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("gbk").startswith("受访者编号,窗口编号")
    chk = D.parse_delivery(DATA / "clean_gbk.csv", INS, year=2025)
    assert chk.responses["comment"].str.contains("营业厅").any()


def test_bom_is_not_part_of_the_first_column():
    assert (DATA / "clean_utf8_bom.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    dl = D.read_delivery(DATA / "clean_utf8_bom.csv", INS)
    assert "respondent_id" in dl.frame.columns


def test_sav_value_labels_are_honoured():
    chk = D.parse_delivery(DATA / "clean.sav", INS, year=2025)
    assert set(chk.responses["window_id"]) == {"PW01", "PW02"}          # 1 -> "PW01" by its label
    assert set(chk.responses["customer_type"]) <= {"resident", "business", "other"}  # 1 -> 居民客户 -> resident
    chk = D.parse_delivery(DATA / "sav_missing_99.sav", INS, year=2025)
    assert chk.errors.empty
    w = chk.problems[chk.problems["code"] == "recoded_missing"]
    assert set(w["column"]) == {"env1", "info2"}
    assert chk.responses.loc[2, "env1"] == 9 and chk.responses.loc[5, "info2"] == 9


def test_sav_with_reversed_labels_is_refused():
    errs, p = errors("sav_reversed_labels.sav")
    assert {(r, c, code) for r, c, code in errs} == {(None, "overall", "label_mismatch")}
    assert len(p[p["code"] == "label_mismatch"]) == 4  # codes 1, 2, 4, 5 contradict
    chk = D.parse_delivery(DATA / "sav_reversed_labels.sav", INS, year=2025)
    assert not chk.file_ok


# --- each defect kind -------------------------------------------------------------------------

CASES = {
    "duplicate_id.csv": {(7, "respondent_id", "duplicate_id")},  # the first occurrence (row 3) is kept
    # an answer off the scale is refused alone, as a warning, the respondent kept (audit30): no error; the rows are
    # checked by test_off_scale_answers_are_refused_alone below
    "out_of_range.csv": set(),
    # row 6's duration 三分钟 is refused as a value with a warning, the respondent kept (audit27)
    "non_numeric.csv": {(3, "staff2", "non_numeric"), (5, "weight", "non_numeric")},
    "missing_required.csv": {(2, "window_id", "missing_value"), (4, "stratum", "missing_value"),
                             (8, "respondent_id", "missing_value")},
    "zero_weight.csv": {(3, "weight", "nonpositive_weight"), (9, "weight", "nonpositive_weight")},
    "bad_date.csv": {(2, "interview_date", "bad_date"), (5, "interview_date", "bad_date"),
                     (7, "interview_date", "bad_date")},
    "date_outside_year.csv": {(3, "interview_date", "date_outside_year"), (10, "interview_date", "date_outside_year")},
    "misspelled_column.csv": {(None, "weight", "misspelled_column"), (None, "overall", "misspelled_column")},
    "missing_column.csv": {(None, "psu", "missing_column")},
    "ragged_row.csv": {(4, "", "ragged_row"), (6, "", "ragged_row")},
    "truncated.csv": {(13, "", "truncated")},
    "errors.xlsx": {(6, "respondent_id", "duplicate_id"), (9, "weight", "nonpositive_weight")},
}

OFF_SCALE = {"out_of_range.csv": {(4, "env1"), (5, "overall"), (6, "staff2")}, "errors.xlsx": {(3, "env1")}}


@pytest.mark.parametrize("name", sorted(OFF_SCALE))
def test_off_scale_answers_are_refused_alone(name):
    _, p = errors(name)
    w = p[p["code"] == "out_of_range"]
    assert {(int(r.row), r.column) for r in w.itertuples()} == OFF_SCALE[name]
    assert set(w["severity"]) == {"warning"} and w["fix_zh"].str.len().gt(0).all() and w["fix_en"].str.len().gt(0).all()
    assert w["problem_zh"].str.contains("其他答案照常计入").all() and w["problem_en"].str.contains("other answers count").all()


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_defect_is_found_at_its_row(name):
    errs, p = errors(name)
    assert errs == CASES[name]
    assert (p["problem_zh"].str.len() > 0).all() and (p["problem_en"].str.len() > 0).all()


def test_values_and_reasons_are_reported():
    _, p = errors("out_of_range.csv")
    r = p[p["row"] == 6].iloc[0]
    assert r["value"] == "4.5" and "超出范围" in r["problem_zh"] and "out of range" in r["problem_en"]
    _, p = errors("duplicate_id.csv")
    assert p.loc[p["row"] == 7, "problem_en"].iloc[0] == ("duplicate respondent id with different answers: row 3 is kept and this row is refused; "
                                                            "check it, then give it a new id or delete it; row 3 is an "
                                                            "interview in Q3 2025 and this row one in Q1 2025: a "
                                                            "respondent interviewed again in another quarter is a valid "
                                                            "interview, counted in its own quarter, but each interview "
                                                            "is one row with its own id (such as 000002-Q1)")


def test_misspelled_columns_suggest_the_expected_name():
    _, p = errors("misspelled_column.csv")
    m = p[p["code"] == "misspelled_column"].set_index("column")
    assert m.loc["weight", "value"] == "wieght" and "'weight'" in m.loc["weight", "problem_en"]
    assert m.loc["overall", "value"] == "overal"
    assert not D.parse_delivery(DATA / "misspelled_column.csv", INS, year=2025).file_ok


def test_blank_item_is_a_warning_not_an_error():
    _, p = errors("missing_required.csv")
    w = p[(p["code"] == "blank_answer")]
    # a blank overall item is item nonresponse too: the respondent is kept for every other item
    assert w[["row", "value", "severity"]].values.tolist() == [[6, "overall", "warning"], [9, "eff1", "warning"]]


def test_valid_rows_and_rejected_rows_partition_the_file():
    chk = D.parse_delivery(DATA / "ragged_row.csv", INS, year=2025)
    assert chk.rejected_rows == [4, 6]
    assert sorted(chk.valid["row"].tolist() + chk.rejected_rows) == list(range(2, 14))
    assert set(chk.delivery.raw_records) == {4, 6}


def test_no_final_newline_is_a_warning(tmp_path):
    f = tmp_path / "d.csv"
    f.write_bytes((DATA / "clean_utf8.csv").read_bytes().rstrip(b"\r\n"))
    p = D.check_delivery(f, INS, year=2025)
    assert p[["row", "code", "severity"]].values.tolist() == [[13, "no_final_newline", "warning"]]


def test_unterminated_quote_at_the_end_is_truncation(tmp_path):
    text = (DATA / "clean_utf8.csv").read_text(encoding="utf-8").rstrip("\r\n")
    text = text[: text.rindex(",") + 1] + '"收费不清楚，\r\n希望'  # cut inside a quoted, two-line comment
    f = tmp_path / "d.csv"
    f.write_text(text, encoding="utf-8")
    p = D.check_delivery(f, INS, year=2025)
    assert p[["row", "code", "severity"]].values.tolist() == [[13, "truncated", "error"]]


def test_unknown_window_and_customer_type(tmp_path):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df.loc[0, "customer_type"] = "alien"
    df.loc[1, "customer_type"] = "企业客户"  # a Chinese label is accepted
    f = tmp_path / "d.csv"
    df.to_csv(f, index=False)
    p = D.check_delivery(f, INS, year=2025, windows=["PW01"])
    e = p[p["severity"] == "error"]
    assert set(zip(e["row"], e["code"])) == {
        (int(r), "unknown_window") for r in df.index[df["window_id"] == "PW02"] + 2}
    w = p[p["code"] == "unknown_customer_type"]   # the value refused, the respondent kept (audit27)
    assert w[["row", "severity"]].values.tolist() == [[2, "warning"]]
    chk = D.parse_delivery(f, INS, year=2025)
    assert chk.responses.loc[1, "customer_type"] == "business"


def test_single_psu_stratum_is_warned(tmp_path):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df.loc[0, "stratum"] = "D9"
    f = tmp_path / "d.csv"
    df.to_csv(f, index=False)
    p = D.check_delivery(f, INS, year=2025)
    assert p[["code", "value", "severity"]].values.tolist() == [["single_psu", "D9", "warning"]]


def test_empty_file_and_unknown_format(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text(",".join(INS.expected_columns) + "\r\n", encoding="utf-8")
    assert D.check_delivery(f, INS, year=2025)["code"].tolist() == ["empty"]
    g = tmp_path / "d.json"
    g.write_text("{}")
    with pytest.raises(D.DeliveryError, match="unsupported"):
        D.read_delivery(g)
    h = tmp_path / "d2.csv"
    h.write_bytes(b"id,\xff\xff\r\n")  # neither UTF-8 nor GB18030
    with pytest.raises(D.DeliveryError):
        D.read_delivery(h)


def test_kitchen_sink_on_the_command_line_names_every_bad_row(capsys):
    rc = main(["survey", "check", str(DATA / "kitchen_sink.csv"), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr().out
    assert rc == 1
    for row in (2, 3, 5, 7, 10, 11, 12):  # row 7: a blank overall, a warning; row 10 repeats row 9's id
        assert f"第 {row} 行 row {row}" in out
    # row 3's env1 = 8 is refused as that answer alone, a warning (audit30): the respondent is kept
    assert "rows with errors: 2, 5, 10, 11, 12" in out


def test_clean_file_on_the_command_line_exits_zero(capsys):
    rc = main(["survey", "check", str(DATA / "clean_gbk.csv"), "--instrument", "power_hall", "--year", "2025"])
    assert rc == 0
    assert "0 个错误 errors" in capsys.readouterr().out


def test_warnings_do_not_fail_the_check(tmp_path, capsys):
    from windoweval.demo import survey as demo

    df = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=40, seed=9, careless_share=0.1)
    f = tmp_path / "d.csv"
    df.to_csv(f, index=False)
    rc = main(["survey", "check", str(f), "--instrument", "power_hall", "--year", "2025", "--format", "json"])
    out = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert rc == 0 and (out["code"] == "careless").sum() >= 4 and (out["severity"] == "warning").all()


# --- the template -----------------------------------------------------------------------------

def test_template_has_instructions_and_dropdowns_on_every_coded_column(tmp_path):
    p = tmp_path / "t.xlsx"
    assert main(["survey", "template", "--instrument", "power_hall", "--out", str(p), "--year", "2025",
                 "--rows", "30"]) == 0
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["说明 Instructions", "数据 data", "代码 codes"]
    info = "\n".join(str(c.value) for row in wb["说明 Instructions"].iter_rows() for c in row if c.value)
    assert "填写说明" in info and "How to fill in" in info
    ws = wb["数据 data"]
    header = [c.value for c in ws[1]]
    assert header == template_columns(INS)["column"].tolist()
    lists = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            lists[header[openpyxl.utils.column_index_from_string(rng.split(":")[0].rstrip("0123456789")) - 1]] = dv
    coded = set(INS.coded_columns) | {"customer_type"}
    for c in coded:
        assert lists[c].type == "list", c
        assert lists[c].showErrorMessage and lists[c].errorStyle == "stop"
        start, end = str(lists[c].sqref).split(":")
        assert start.endswith("2") and end.endswith("31")  # rows 2..31: every data row prepared
    assert lists["overall"].formula1 == '"1,2,3,4,5,9"'
    assert lists["weight"].type == "decimal" and lists["interview_date"].type == "date"
    assert ws["A2"].number_format == "@"  # ids typed as text keep their leading zeros


def test_filled_template_checks_clean():
    chk = D.parse_delivery(DATA / "clean.xlsx", INS, year=2025)
    assert chk.delivery.format == "xlsx" and chk.problems.empty and len(chk.responses) == 12


# --- properties -------------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 11), min_size=1, max_size=4, unique=True), st.sampled_from(["utf-8", "gb18030"]))
def test_ragged_rows_are_found_wherever_they_are(rows, encoding):
    with open(DATA / "clean_utf8.csv", encoding="utf-8", newline="") as fh:
        recs = list(csv.reader(fh))
    for i in rows:
        recs[i + 1] = recs[i + 1] + ["extra"]
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(recs)
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "d.csv"
        f.write_bytes(buf.getvalue().encode(encoding))
        chk = D.parse_delivery(f, INS, year=2025, screen=False)
    assert chk.rejected_rows == sorted(i + 2 for i in rows)
    assert len(chk.valid) == 12 - len(rows)


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_any_answer_text_is_either_accepted_as_a_code_or_reported(value):
    import tempfile

    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df.loc[0, "env2"] = value
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "d.csv"
        df.to_csv(f, index=False, encoding="utf-8")
        chk = D.parse_delivery(f, INS, year=2025, screen=False)
    e = chk.errors
    bad = e[(e["row"] == 2) & (e["column"] == "env2")]
    got = chk.responses.loc[chk.responses["row"] == 2, "env2"]
    if len(got) == 0:  # the text broke the row itself (e.g. a line break): the row is refused
        assert 2 in chk.rejected_rows
    elif len(bad):
        assert np.isnan(got.iloc[0])
    else:
        assert got.iloc[0] in INS.valid_codes or (np.isnan(got.iloc[0]) and value.strip() == "")
