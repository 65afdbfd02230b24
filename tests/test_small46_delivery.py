"""small46, survey deliveries: what other helpers found.

1. A logical cell (TRUE/FALSE: a checkbox, ``=B2>3``) in a workbook's answer column was read as 1 or 0 in silence
   (``_cell_str``), so TRUE on a 1-5 question counted as "very dissatisfied". Each such cell is now refused alone, as
   an answer off the question's codes is (a warning naming sheet, row, column and value; that item missing, the
   respondent's other answers kept), never read as a number; a logical cell in a column of the firm's own stays, as
   Excel shows it (TRUE).
2. A placeholder answer (``-``, ``无``) and a row with no answer told the firm to enter the missing code, with no
   exception for a 0-10 item (the missing code 9 is a rating there): they now say to leave it blank there, as the
   blank and off-scale answers' messages do (survey46).
"""
import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

from _nps import INS, RAW  # the NPS instrument, shared


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02"], n_per_window=6, seed=146,
                               careless_share=0)
    b["recommend"] = np.random.default_rng(146).integers(0, 11, len(b))
    return b


def _book(frames: dict, path, cells=()):
    """A workbook of one sheet per frame; ``cells``: (sheet, frame row, column, value) written over the frame."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, fr in frames.items():
        ws = wb.create_sheet(name)
        cols = list(fr.columns)
        ws.append(cols)
        for _, r in fr.iterrows():
            ws.append([int(r[c]) if c in INS.coded_columns else r[c] for c in cols])
        for sheet, i, c, v in cells:
            if sheet == name:
                ws.cell(i + 2, cols.index(c) + 1).value = v
    wb.save(path)
    return path


def test_a_logical_answer_cell_is_refused_alone_never_read_as_1_or_0(base, tmp_path):
    b = base.copy()
    b["已核实"] = True                                       # a checkbox column of the firm's own: stays
    p = _book({"数据": b}, tmp_path / "d.xlsx",
              [("数据", 1, "env1", True), ("数据", 3, "overall", False), ("数据", 4, "recommend", True)])
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(b)      # every respondent kept
    v = chk.valid.set_index("respondent_id")
    ids = b["respondent_id"]
    assert np.isnan(v.loc[ids[1], "env1"])                    # before: 1.0 ("very dissatisfied")
    assert np.isnan(v.loc[ids[3], "overall"])                 # before: 0.0, counted off the scale
    assert np.isnan(v.loc[ids[4], "recommend"])               # before: 1.0 on 0-10
    assert v.loc[ids[1], "env2"] == b.loc[1, "env2"]          # the respondent's other answers count
    w = chk.problems[chk.problems.code == "logical_answer"].set_index("column")
    assert sorted(w.index) == ["env1", "overall", "recommend"]
    assert (w.severity == "warning").all()
    assert w.loc["env1", "row"] == 3 and w.loc["env1", "value"] == "TRUE" and w.loc["overall", "value"] == "FALSE"
    assert w["file"].eq("d.xlsx").all()
    zh, en = w.loc["env1", "problem_zh"], w.loc["env1", "problem_en"]
    assert "工作表「数据」" in zh and "逻辑值 TRUE" in zh and "不按 1 或 0 读取" in zh
    assert "sheet '数据'" in en and "logical value, TRUE" in en and "not read as 1 or 0" in en
    assert "缺失代码 9" in w.loc["env1", "fix_zh"] and "missing code 9" in w.loc["env1", "fix_en"]
    assert "（1–5）" in w.loc["env1", "fix_zh"] and "(0-10)" in w.loc["recommend", "fix_en"]
    # on the 0-10 item "did not know" is blank: 9 is a rating there
    assert "留空" in w.loc["recommend", "fix_zh"] and "不要填 9" in w.loc["recommend", "fix_zh"]
    assert "leave it blank" in w.loc["recommend", "fix_en"] and "enter the missing code" not in w.loc["recommend", "fix_en"]
    # no second word for the same cell (blank, non-numeric or off the scale)
    said = chk.problems[chk.problems.row.isin([3, 5, 6])]
    assert not said.code.isin(["blank_answer", "non_numeric", "out_of_range"]).any()


def test_a_typed_true_is_not_taken_for_a_logical_cell(base, tmp_path):
    """A cell of text TRUE (typed, or a CSV) stays what it was: neither a code nor a label, refused as such."""
    p = _book({"数据": base}, tmp_path / "d.xlsx", [("数据", 2, "env1", "TRUE")])
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert not (chk.problems.code == "logical_answer").any()
    assert chk.problems.loc[chk.problems.column == "env1", "code"].tolist() == ["non_numeric"]


def test_a_logical_cell_on_a_later_months_sheet_is_named_by_its_sheet(base, tmp_path):
    p = _book({"1月": base.iloc[:6], "2月": base.iloc[6:]}, tmp_path / "m.xlsx", [("2月", 1, "env3", True)])
    chk = parse_delivery(p, INS, year=2025, screen=False)
    w = chk.problems[chk.problems.code == "logical_answer"]
    assert len(w) == 1 and w.file.iloc[0].endswith("[2月]") and w.row.iloc[0] == 3
    assert "工作表「2月」" in w.problem_zh.iloc[0]
    v = chk.valid.set_index("respondent_id")
    assert np.isnan(v.loc[base.respondent_id[7], "env3"]) and v.loc[base.respondent_id[1], "env3"] == base.env3[1]


def test_survey_check_lists_a_logical_answer_without_a_traceback(base, tmp_path, capsys):
    p = _book({"数据": base}, tmp_path / "d.xlsx", [("数据", 0, "env1", True)])
    y = tmp_path / "ph.yaml"
    y.write_text(yaml.safe_dump(RAW, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rc = main(["survey", "check", str(p), "--instrument", str(y), "--year", "2025"])
    cap = capsys.readouterr()
    assert rc == 0 and "Traceback" not in cap.err
    out = cap.out + cap.err
    assert "列 column env1 | 值 value 'TRUE'" in out and "逻辑值 TRUE" in out and "logical value, TRUE" in out


def test_a_placeholder_answer_on_a_0_10_item_is_told_to_stay_blank_never_the_missing_code(base, tmp_path):
    b = base.astype(object).copy()
    b.loc[1, "recommend"] = "-"                # on the 0-10 item alone
    b.loc[[2, 3], ["env2", "recommend"]] = "无"  # on a 1-5 item and the 0-10 item
    b.loc[4, "env1"] = "/"                     # on a 1-5 item alone: as before
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(b)
    w = chk.problems[chk.problems.code == "placeholder_answer"].set_index("value")
    zh, en = w.loc["-", "fix_zh"], w.loc["-", "fix_en"]
    assert "recommend 自带量表，没有缺失代码（9 是它的评分）" in zh and "不要填 9" in zh and "填缺失代码" not in zh
    assert "leave it blank too, never 9" in en and "enter the missing code" not in en      # before: "enter the missing code"
    zh, en = w.loc["无", "fix_zh"], w.loc["无", "fix_en"]
    assert zh.startswith("交付时这些格请留空；受访者不清楚或不适用时填缺失代码")                  # env2's rule kept
    assert "（recommend 自带量表，9 是它的评分：不清楚时该题留空，不要填 9）" in zh
    assert "(recommend has a scale of its own on which 9 is a rating: leave it blank" in en and en.endswith("never 9)")
    assert w.loc["/", "fix_zh"] == "交付时这些格请留空；受访者不清楚或不适用时填缺失代码"           # no 0-10 item: unchanged
    assert "never 9" not in w.loc["/", "fix_en"]


def test_a_row_with_no_answer_is_not_told_to_put_the_missing_code_in_a_0_10_item(base, tmp_path):
    b = base.astype(object).copy()
    b.loc[5, list(INS.coded_columns)] = ""
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    e = chk.errors
    assert e.code.tolist() == ["no_answers"] and e.row.tolist() == [7]
    assert e.fix_zh.iloc[0].endswith("受访者对各题都不清楚时填缺失代码（recommend 自带量表，9 是它的评分：不清楚时该题留空，不要填 9）")
    assert "(recommend has a scale of its own on which 9 is a rating: leave it blank when the respondent did not " \
           "know, never 9)" in e.fix_en.iloc[0]                                           # before: the missing code
    # an instrument without a 0-10 item: the fix as it was
    plain = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01"], n_per_window=6, seed=146,
                                   careless_share=0).astype(object)
    plain.loc[2, list(load_instrument("power_hall").coded_columns)] = ""
    plain.to_csv(p, index=False)
    e = parse_delivery(p, "power_hall", year=2025, screen=False).errors
    assert e.code.tolist() == ["no_answers"] and e.fix_zh.iloc[0].endswith("受访者对各题都不清楚时填缺失代码")
