"""Deliveries as survey firms write them: answers as the instrument's labels, scores with their unit.

"Valid survey answers refused" was reported. Decision: an instrument's own option labels (the template's codes
sheet shows them: 非常满意 … 非常不满意, 非常同意 …, 不清楚/不适用) are read as their codes unless the instrument
says ``value_labels: false``; a score written with its unit (5分, 5 分, 5.0分, full-width ５分) is its number; each
reading is listed once per text as a warning. Ambiguous text (很满意, 5/满意, 9分 — the missing code, not a score) is
refused with the file, row, column, value and the fix, Chinese first. Every data row is imported or refused.
Each test fails on the code before (the labels and 5分 were refused as errors).
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
CODED = list(INS.coded_columns)
SAT = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意", 9: "不清楚"}
AGR = {1: "非常不同意", 2: "不同意", 3: "一般", 4: "同意", 5: "非常同意", 9: "不适用"}


@pytest.fixture(scope="module")
def codes():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=20, seed=1, careless_share=0)


def as_labels(df):
    lab = df.copy()
    for c in CODED:
        lab[c] = lab[c].map(AGR if INS.question(c).labels == "agreement" else SAT)
    return lab


def accounted(chk):
    """Every data row imported, refused with a reason, or counted as an exact repeat."""
    n = len(chk.delivery.frame) + len(chk.delivery.raw_records)
    return len(chk.valid) + len(chk.rejected_rows) + len(chk.dropped_rows) == n


def same_answers(chk, df):
    got = chk.valid.set_index("respondent_id")[CODED].astype(float)
    want = df.set_index("respondent_id")[CODED].astype(float)
    pd.testing.assert_frame_equal(got.loc[want.index], want, check_names=False)


def test_a_csv_in_utf8_bom_written_in_the_instruments_labels_is_read(codes, tmp_path):
    p = tmp_path / "labels.csv"
    as_labels(codes).to_csv(p, index=False, encoding="utf-8-sig")
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].head().to_dict("records")
    same_answers(chk, codes)
    w = chk.problems[chk.problems["code"] == "label_mapped"]
    assert len(w) == len(set(SAT.values()) | set(AGR.values()))   # one warning per text (一般 once, in both scales)
    one = w[w["value"] == "非常满意 -> 5"].iloc[0]
    assert "读作代码 5" in one["problem_zh"] and "read as code 5" in one["problem_en"] and "env1" in one["problem_zh"]
    assert accounted(chk)


def test_an_xlsx_with_a_notes_sheet_labels_an_extra_column_and_columns_reordered(codes, tmp_path):
    x = as_labels(codes)
    x.insert(3, "访问员", "张三")
    x = x[list(x.columns[::-1])]
    p = tmp_path / "delivery.xlsx"
    with pd.ExcelWriter(p) as w:
        pd.DataFrame({"说明": ["2025年满意度调查", "1-5分"]}).to_excel(w, sheet_name="说明", index=False)
        x.to_excel(w, sheet_name="数据", index=False)
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty
    assert chk.delivery.sheets == {"说明": chk.delivery.sheets["说明"], "数据": "read"}
    assert chk.valid["respondent_id"].str.startswith("0000").all()     # leading zeros kept
    same_answers(chk, codes)
    assert "unknown_column" in set(chk.problems["code"]) and accounted(chk)


def test_a_gbk_csv_with_scores_written_with_their_unit_and_no_answer_words(codes, tmp_path):
    v = codes.astype({c: object for c in CODED})
    v.loc[0, "env1"], v.loc[1, "env1"], v.loc[2, "env1"] = "5分", "4.0", "５"
    v.loc[3, "env2"], v.loc[4, "env2"], v.loc[5, "env2"] = "不适用", "不清楚", "拒答"
    v.loc[6, "overall"], v.loc[7, "env3"], v.loc[8, "env1"] = "５分", "4分 ", "5.0 分"
    p = tmp_path / "mixed.csv"
    v.to_csv(p, index=False, encoding="gbk")
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].to_dict("records")
    r = chk.responses
    assert [r.loc[i, c] for i, c in [(0, "env1"), (1, "env1"), (2, "env1"), (3, "env2"), (4, "env2"), (5, "env2"),
                                      (6, "overall"), (7, "env3"), (8, "env1")]] == [5, 4, 5, 9, 9, 9, 5, 4, 5]
    read = chk.problems[chk.problems["code"] == "points_read"]
    assert set(read["value"]) == {"5分 -> 5", "4分 -> 4", "5.0 分 -> 5"}
    assert accounted(chk)


def test_ambiguous_text_is_refused_with_row_column_value_and_fix(codes, tmp_path):
    v = codes.astype({c: object for c in CODED})
    v.loc[0, "env1"], v.loc[1, "env1"], v.loc[2, "env3"], v.loc[3, "overall"] = "9分", "很满意", "5/满意", "7分"
    p = tmp_path / "ambiguous.csv"
    v.to_csv(p, index=False)
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    e = chk.errors
    assert e[["row", "column", "value", "code"]].values.tolist() == [
        [2, "env1", "9分", "points_missing_code"], [3, "env1", "很满意", "non_numeric"],
        [4, "env3", "5/满意", "non_numeric"]]
    assert (e["file"] == "ambiguous.csv").all() and (e["fix_zh"] != "").all() and (e["fix_en"] != "").all()
    assert "5=非常满意" in e["problem_zh"].iloc[1] and "5=Very satisfied" in e["problem_en"].iloc[1]
    assert "缺失代码" in e["problem_zh"].iloc[0] and "missing code" in e["problem_en"].iloc[0]
    # 7分 is a number off the scale: that answer alone is refused, a warning (audit30), the respondent kept
    w = chk.problems[chk.problems["code"] == "out_of_range"]
    assert w[["row", "column", "value", "severity"]].values.tolist() == [[5, "overall", "7分", "warning"]]
    assert w["fix_zh"].iloc[0] and w["fix_en"].iloc[0]
    assert chk.rejected_rows == [2, 3, 4] and accounted(chk)


def test_the_check_command_exits_as_the_readme_says(codes, tmp_path, capsys):
    from windoweval.cli import main

    p = tmp_path / "labels.csv"
    as_labels(codes).to_csv(p, index=False, encoding="utf-8-sig")
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
    v = as_labels(codes)
    v.loc[0, "env1"] = "很满意"
    v.to_csv(p, index=False, encoding="utf-8-sig")
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and "很满意" in out.out


def test_spss_files_with_string_labels_or_labelled_codes_and_user_missing(codes, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    p = tmp_path / "strings.sav"
    pyreadstat.write_sav(as_labels(codes), str(p))
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty
    same_answers(chk, codes)
    s = codes.copy()
    s.loc[0, "env1"] = 99
    vl = {c: ({**(AGR if INS.question(c).labels == "agreement" else SAT), 99: "拒答"}) for c in CODED}
    p = tmp_path / "codes.sav"
    pyreadstat.write_sav(s, str(p), variable_value_labels=vl, missing_ranges={"env1": [99]})
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and chk.responses.loc[0, "env1"] == 9
    same_answers(chk, codes.assign(env1=codes["env1"].where(codes.index != 0, 9)))


def test_a_code_written_with_its_label_is_read_when_they_agree(codes, tmp_path):
    # SPSS's "values and labels" export: 5 非常满意, 4=满意, 2.不同意, 9 不清楚; 4 非常满意 disagrees and is refused
    v = codes.astype({c: object for c in CODED})
    v.loc[0, "env1"], v.loc[1, "env1"], v.loc[2, "staff3"], v.loc[3, "overall"] = "5 非常满意", "4=满意", "2.不同意", "9 不清楚"
    v.loc[4, "env2"] = "4 非常满意"
    p = tmp_path / "values_and_labels.csv"
    v.to_csv(p, index=False)
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    r = chk.responses
    assert [r.loc[0, "env1"], r.loc[1, "env1"], r.loc[2, "staff3"], r.loc[3, "overall"]] == [5, 4, 2, 9]
    e = chk.errors
    assert e[["row", "column", "value", "code"]].values.tolist() == [[6, "env2", "4 非常满意", "code_label_mismatch"]]
    assert "代码是 5，不是 4" in e["problem_zh"].iloc[0] and "is code 5, not 4" in e["problem_en"].iloc[0]
    assert e["fix_zh"].iloc[0] and e["fix_en"].iloc[0] and accounted(chk)
    assert set(chk.problems.loc[chk.problems["code"] == "code_label_read", "value"]) == {
        "5 非常满意 -> 5", "4=满意 -> 4", "2.不同意 -> 2", "9 不清楚 -> 9"}


def test_an_spss_user_missing_range_is_the_missing_code(codes, tmp_path):
    # MISSING VALUES env1 (97 THRU 99): 97 and 98 were refused as out of range (only single values were read)
    pyreadstat = pytest.importorskip("pyreadstat")
    s = codes.copy()
    s.loc[0, "env1"], s.loc[1, "env1"] = 98, 97
    p = tmp_path / "range.sav"
    pyreadstat.write_sav(s, str(p), missing_ranges={"env1": [{"lo": 97, "hi": 99}]})
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and chk.responses.loc[:1, "env1"].tolist() == [9, 9]
    w = chk.problems[chk.problems["code"] == "recoded_missing"]
    assert w[["column", "value"]].values.tolist() == [["env1", "97->9, 98->9"]]
