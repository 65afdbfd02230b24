"""A survey firm's delivery as firms send it (audit 2): missing-answer labels, other scales' labels,
two-row and titled headers, columns outside the template.

Each test fails on the code before the audit: the answer was refused (or refused with no reason the
surveyor could act on), or the file could not be read.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest

from windoweval.cli import main
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

GOLDEN = Path(__file__).parent / "golden"
INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)
SAT = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意"}
AGREE = {1: "非常不同意", 2: "不同意", 3: "一般", 4: "同意", 5: "非常同意"}


@pytest.fixture(scope="module")
def fixture():
    df = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str, keep_default_na=False).head(40)
    return df.reset_index(drop=True)


def _labelled_instrument(tmp_path) -> Path:
    """power_hall with ``value_labels: true`` (the instrument accepts its own labels typed in)."""
    src = (Path(__file__).parents[1] / "surveys" / "instruments" / "power_hall.yaml").read_text(encoding="utf-8")
    p = tmp_path / "labelled.yaml"
    p.write_text(src.replace("\nmissing_codes:", "\nvalue_labels: true\nmissing_codes:", 1), encoding="utf-8")
    return p


def test_sav_missing_codes_labelled_all_at_once_are_missing(fixture, tmp_path):
    """98 and 99 labelled "不适用/不清楚/拒答" (one label for every kind of no answer) are don't-knows."""
    d = fixture.copy()
    for c in ITEMS + ["weight", "duration_s"]:
        d[c] = pd.to_numeric(d[c].replace("", np.nan))
    d.loc[0, "env1"], d.loc[1, "overall"], d.loc[2, "staff3"] = 98, 99, 99
    lab = {**{float(k): v for k, v in SAT.items()}, 98.0: "不适用/不清楚/拒答", 99.0: "不适用/不清楚/拒答"}
    labels = {c: {**lab, **({float(k): v for k, v in AGREE.items()} if INS.question(c).labels == "agreement" else {})}
              for c in ITEMS}
    p = tmp_path / "d.sav"
    pyreadstat.write_sav(d, str(p), variable_value_labels=labels)
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].to_dict("records")
    assert len(chk.valid) == len(d)
    r = chk.responses
    assert r.loc[0, "env1"] == 9 and r.loc[1, "overall"] == 9 and r.loc[2, "staff3"] == 9
    assert set(chk.problems.loc[chk.problems["code"] == "recoded_missing", "column"]) == {"env1", "overall", "staff3"}


def test_typed_no_answer_words_are_the_missing_code(fixture, tmp_path):
    """拒答 and 不适用/不清楚/拒答 typed into an item: the missing code when the instrument takes labels."""
    d = fixture.copy()
    d.loc[0, "env1"], d.loc[1, "env2"], d.loc[2, "overall"] = "拒答", "不适用/不清楚/拒答", " 不清楚 "
    d.loc[3, "staff1"] = "非常满意"
    p = tmp_path / "d.csv"
    p.write_bytes(d.to_csv(index=False, lineterminator="\r\n").encode("gb18030"))
    chk = D.parse_delivery(p, _labelled_instrument(tmp_path), year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].to_dict("records")
    r = chk.responses
    assert (r.loc[0, "env1"], r.loc[1, "env2"], r.loc[2, "overall"], r.loc[3, "staff1"]) == (9, 9, 9, 5)
    mapped = chk.problems[chk.problems["code"] == "label_mapped"]["value"].tolist()
    assert "拒答 -> 9" in mapped and "不适用/不清楚/拒答 -> 9" in mapped
    # the instrument's own labels are read without declaring anything (its labels are the template's)
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty
    assert (chk.responses.loc[0, "env1"], chk.responses.loc[3, "staff1"]) == (9, 5)
    # with value_labels: false the same words are refused as labels, saying the code they were not read as
    y = tmp_path / "codes_only.yaml"
    y.write_text(INS.path.read_text(encoding="utf-8").replace("\nmissing_codes:", "\nvalue_labels: false\nmissing_codes:", 1),
                 encoding="utf-8")
    chk = D.parse_delivery(p, y, year=2025, screen=False)
    e = chk.errors.set_index("column")
    assert e.loc["env1", "code"] == "typed_label" and "代码 9" in e.loc["env1", "problem_zh"]
    assert e.loc["env2", "code"] == "typed_label" and "code 9" in e.loc["env2", "problem_en"]


def test_a_label_of_another_scale_is_refused_naming_the_questions_answers(fixture, tmp_path):
    """满意 in an agree/disagree question is not silently read, and the message lists the question's answers."""
    d = fixture.copy()
    assert INS.question("staff3").labels == "agreement"
    d.loc[4, "staff3"] = "满意"
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    chk = D.parse_delivery(p, _labelled_instrument(tmp_path), year=2025, screen=False)
    e = chk.errors
    assert e[["row", "column", "value", "code"]].values.tolist() == [[6, "staff3", "满意", "label_of_other_scale"]]
    assert "4=同意" in e["problem_zh"].iloc[0] and "4=Agree" in e["problem_en"].iloc[0]
    assert chk.rejected_rows == [6]


def _two_row_sheet(df):
    """The layout a firm's Excel gives: fixed columns merged down over two rows, item groups merged across."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.cell(1, 1, "2025年供电营业厅满意度调查")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(df.columns))
    col = {c: j for j, c in enumerate(df.columns, 1)}
    for c, j in col.items():
        if c in ITEMS:
            ws.cell(3, j, c)
        else:
            ws.cell(2, j, c)
            ws.merge_cells(start_row=2, start_column=j, end_row=3, end_column=j)
    for dim in INS.dimensions:
        js = [col[it.id] for it in INS.items if it.dimension == dim.id]
        ws.cell(2, min(js), dim.zh)
        ws.merge_cells(start_row=2, start_column=min(js), end_row=2, end_column=max(js))
    for i, r in enumerate(df.itertuples(index=False), start=4):
        for j, v in enumerate(r, start=1):
            ws.cell(i, j, v)
    return wb


def test_xlsx_with_a_title_and_a_two_row_merged_header_is_read(fixture, tmp_path):
    p = tmp_path / "d.xlsx"
    _two_row_sheet(fixture).save(p)
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].head().to_dict("records")
    assert chk.responses["row"].tolist() == list(range(4, 4 + len(fixture)))
    assert chk.responses["respondent_id"].tolist() == fixture["respondent_id"].tolist()
    codes = set(chk.problems["code"])
    assert {"two_row_header", "title_rows"} <= codes
    # the same sheet saved as CSV by Excel (GB18030, CRLF): read alike
    wb = openpyxl.load_workbook(p)
    c = tmp_path / "d.csv"
    with c.open("w", newline="", encoding="gb18030") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        for r in wb.active.iter_rows(values_only=True):
            w.writerow(["" if v is None else v for v in r])
    chk2 = D.parse_delivery(c, INS, year=2025, screen=False)
    assert chk2.errors.empty and chk2.responses["row"].tolist() == chk.responses["row"].tolist()
    np.testing.assert_array_equal(chk2.responses[ITEMS].to_numpy(float), chk.responses[ITEMS].to_numpy(float))


def test_rows_above_the_header_are_named_not_dropped_in_silence(fixture, tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("2025年调查数据（第三方）\n" + fixture.to_csv(index=False), encoding="utf-8-sig")
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and chk.responses["row"].iloc[0] == 3
    t = chk.problems[chk.problems["code"] == "title_rows"]
    assert len(t) == 1 and "2025年调查数据" in t["value"].iloc[0] and "第 1 行" in t["problem_zh"].iloc[0]


def test_estimate_by_a_column_outside_the_template(fixture, tmp_path, capsys):
    """--by a column the firm added (区县) works on a delivery file, as the help says ("any column")."""
    d = fixture.copy()
    d["区县"] = np.where(d["stratum"] == "D1", "东城", "西城")
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    assert main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--measures", "overall",
                 "--by", "区县", "--format", "json"]) == 0
    t = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert t["区县"].tolist() == ["全部 all", "东城", "西城"]
    assert t["n"].iloc[1] + t["n"].iloc[2] == t["n"].iloc[0]


def test_interview_dates_as_excel_day_numbers_are_read(fixture, tmp_path):
    """45720 in a cell formatted General (the template's date validation lets it in) is 2025-03-04, with a warning."""
    d = fixture.copy()
    serial = (pd.to_datetime(d["interview_date"]) - pd.Timestamp("1899-12-30")).dt.days
    d["interview_date"] = serial.astype(str)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(d.columns))
    for r in d.itertuples(index=False):
        ws.append([int(v) if c == "interview_date" else v for c, v in zip(d.columns, r)])
    p = tmp_path / "d.xlsx"
    wb.save(p)
    for src in (p, tmp_path / "d.csv"):
        if src.suffix == ".csv":
            d.to_csv(src, index=False)
        chk = D.parse_delivery(src, INS, year=2025, screen=False)
        assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].head(3).to_dict("records")
        got = pd.to_datetime(chk.responses["interview_date"]).dt.strftime("%Y-%m-%d").tolist()
        assert got == fixture["interview_date"].tolist()
        assert (chk.problems["code"] == "date_serial").sum() == 1


def test_weights_and_durations_with_thousands_separators_are_numbers(fixture, tmp_path):
    """Excel saves a cell formatted #,##0.00 as "4,532.96" in its CSV: the weight 4532.96, not a refusal."""
    d = fixture.copy()
    w = d["weight"].astype(float)
    d["weight"] = (w * 10).map(lambda x: f"{x:,.3f}")
    d["duration_s"] = d["duration_s"].astype(int).map(lambda x: f"{x * 10:,}")
    assert d["weight"].str.contains(",").all()
    p = tmp_path / "d.csv"
    p.write_bytes(d.to_csv(index=False).encode("gb18030"))
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].head(3).to_dict("records")
    np.testing.assert_allclose(chk.responses["weight"], w * 10, rtol=1e-12)
    # a comma that is not between groups of three digits is still refused
    d.loc[0, "weight"] = "4,53"
    d.to_csv(p, index=False)
    e = D.parse_delivery(p, INS, year=2025, screen=False).errors
    assert e[["row", "column", "code"]].values.tolist() == [[2, "weight", "non_numeric"]]


def test_import_accounts_for_every_row(fixture, tmp_path, capsys):
    """rows = valid + rejected + exact repeats dropped: the import says how many repeats it dropped (was: 50 = 48 + 1)."""
    d = pd.concat([fixture, fixture.iloc[[3]]], ignore_index=True)            # an exact repeat
    other = fixture.iloc[[5]].copy()
    other["env1"] = "1" if other["env1"].iloc[0] != "1" else "2"               # same id, other answers
    d = pd.concat([d, other], ignore_index=True)
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out
    assert f"数据行 rows {len(d)}; 有效 valid {len(fixture)}; 被拒 rejected 1; 完全重复已删除 exact repeats dropped 1" in out
    from windoweval.survey.store import import_delivery
    r = import_delivery(p, INS, 2025, store_dir=tmp_path / "store").iloc[0]    # unchanged: the record as kept
    assert r["n_valid"] + r["n_rejected"] + r["n_dropped"] == r["n_rows"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_check_as_csv_or_json_is_masked_and_formula_safe(fixture, tmp_path, capsys, fmt):
    """`survey check --format csv > problems.csv` is opened in Excel: the echoed values pass the privacy gate as
    the table format does (was: a phone number and a live formula printed as the file had them)."""
    d = fixture.copy()
    d.loc[0, "comment"] = "x"
    d.loc[0, "respondent_id"] = "客户张三13812345678"
    d.loc[1, "env1"] = '=HYPERLINK("http://x","9")'
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025", "--no-screen",
               "--format", fmt])
    out = capsys.readouterr().out
    assert rc == 1
    assert "13812345678" not in out and "张三" not in out
    t = pd.read_csv(io.StringIO(out), dtype=str) if fmt == "csv" else pd.read_json(io.StringIO(out), dtype=str)
    v = t.loc[t["column"] == "env1", "value"].iloc[0]
    assert v.startswith("'=HYPERLINK")
