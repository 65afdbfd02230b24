"""survey39, as a firm: a workbook of one sheet a window whose respondent ids restart on each sheet (001, 002 … on
PW01's sheet, 001, 002 … again on PW02's).  With two sheets of as many rows, the same ids in the same order made
them look like one sheet of codes and one of labels: compared cell by cell, they were refused as "2 sheets look
like data … deliver one data sheet", advice that drops a window's respondents.  Other PSUs, dates and weights on
most rows are other interviews: the sheets are read as two parts of the data, and the repeated ids refused row by
row (duplicate_id), each naming the row kept on the other sheet and the fix (one numbering over the workbook,
such as PW02-001).  Three or more such sheets, which never looked like twins, now name the sheets in the same way."""
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _book(tmp_path, parts):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    wb = openpyxl.Workbook()
    for k, (name, idx) in enumerate(parts):
        ws = wb.active if k == 0 else wb.create_sheet(name)
        ws.title = name
        ws.append(list(df.columns))
        part = df.iloc[idx].copy()
        part["window_id"] = name
        part["respondent_id"] = [f"{i:03d}" for i in range(1, len(part) + 1)]
        for _, r in part.iterrows():
            ws.append([int(r[c]) if c in INS.coded_columns else r[c] for c in df.columns])
    p = tmp_path / "交付.xlsx"
    wb.save(p)
    return D.parse_delivery(p, INS, year=2025, screen=False)


@pytest.mark.parametrize("parts", [
    [("PW01", slice(0, 6)), ("PW02", slice(6, 12))],
    [("PW01", slice(0, 4)), ("PW02", slice(4, 8)), ("PW03", slice(8, 12))],
])
def test_ids_restarting_on_each_window_sheet_are_named_as_such(tmp_path, parts):
    checked = _book(tmp_path, parts)            # before (two sheets): DeliveryError "deliver one data sheet"
    n = len(range(12)[parts[0][1]])
    assert len(checked.responses) == 12 and len(checked.valid) == n
    dup = checked.problems[checked.problems.code == "duplicate_id"]
    assert len(dup) == 12 - n and dup.severity.eq("error").all()
    first = dup.iloc[0]
    assert first.file.endswith("[PW02]") and first.row == 2 and first.value == "001"
    assert "PW01!2" in first.problem_zh and "PW01!2" in first.problem_en
    assert "PW02-001" in first.problem_zh and "different sheets" in first.problem_en   # before: no word of the sheets


def _twin_book(tmp_path, psu=lambda v: v):
    """A workbook of a 代码 sheet and a 标签 sheet of the same interviews (env1, env2 as labels; ``psu`` of each PSU
    as the labels sheet shows it)."""
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    labels = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意", 9: "不适用"}
    wb = openpyxl.Workbook()
    codes = wb.active
    codes.title = "代码"
    words = wb.create_sheet("标签")
    for ws in (codes, words):
        ws.append(list(df.columns))
    for _, r in df.iterrows():
        codes.append([int(r[c]) if c in INS.coded_columns else r[c] for c in df.columns])
        words.append([labels[int(r[c])] if c in ("env1", "env2") else
                      (int(r[c]) if c in INS.coded_columns else psu(r[c]) if c == "psu" else r[c])
                      for c in df.columns])
    p = tmp_path / "交付.xlsx"
    wb.save(p)
    return p


def test_a_sheet_of_labels_of_the_same_interviews_is_still_a_twin(tmp_path):
    checked = D.parse_delivery(_twin_book(tmp_path), INS, year=2025, screen=False)
    assert (checked.problems.code == "codes_and_labels").sum() == 1 and len(checked.valid) == 12
