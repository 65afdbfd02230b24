"""survey38, as a firm: in an XLSX a clerk merged one respondent's equal answers across the questions they answer
(a 5 over env1-env3, 不适用 over a section).  Excel shows the value over each question; the reader took the range's
first cell and the others as blank, so the answers were lost as "not answered" (a blank_answer warning that never
said why).  A range merged across coded question columns within the respondents' rows is now read into each of them
as the sheet shows it, with a merged_across warning naming the range and columns (as cells merged down are); a range
over other columns (a window and a stratum) is left as it was."""
from pathlib import Path

import openpyxl
import pandas as pd

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _book(tmp_path, merge: tuple[str, str], value):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    cols = list(df.columns)
    ws.append(cols)
    for _, r in df.iterrows():
        ws.append([int(r[c]) if c in INS.coded_columns else r[c] for c in cols])
    a, b = cols.index(merge[0]) + 1, cols.index(merge[1]) + 1
    for j in range(a, b + 1):
        ws.cell(2, j).value = None
    ws.cell(2, a).value = value
    ws.merge_cells(start_row=2, start_column=a, end_row=2, end_column=b)
    p = tmp_path / "交付.xlsx"
    wb.save(p)
    return D.parse_delivery(p, INS, year=2025, screen=False)


def test_an_answer_merged_across_questions_is_read_into_each(tmp_path):
    checked = _book(tmp_path, ("env1", "env3"), 5)
    first = checked.responses.iloc[0]
    assert [first.env1, first.env2, first.env3] == [5, 5, 5]              # before: [5, nan, nan]
    assert not (checked.problems.code == "blank_answer").any()
    w = checked.problems[checked.problems.code == "merged_across"]
    assert len(w) == 1 and "H2:J2" in w.value.item() and "env1、env2、env3" in w.problem_zh.item()
    assert "merged across" in w.problem_en.item()


def test_a_missing_word_merged_across_a_section(tmp_path):
    checked = _book(tmp_path, ("info1", "info3"), "不适用")
    first = checked.responses.iloc[0]
    assert [first.info1, first.info2, first.info3] == [9, 9, 9]           # before: [9, nan, nan]


def test_a_merge_over_other_columns_is_left_as_it_was(tmp_path):
    checked = _book(tmp_path, ("window_id", "stratum"), "PW01")
    assert not (checked.problems.code == "merged_across").any()
    assert 2 in checked.rejected_rows                                       # stratum blank: refused as before
