"""review39: a sheet of codes and its sheet of labels (the same interviews) where the labels sheet shows the PSU by
its value label (the window's name, as SPSS writes a labelled variable) differs from the codes sheet in the PSU on
every row.  survey39's rule read "another PSU, date or weight on most rows" as other respondents (a sheet a window
whose ids restart): the pair was read as two parts, the labels sheet's respondents all refused as duplicate ids
with the advice to number them once over the workbook.  The answers, the same by code on every row, say the
interviews are the same: the pair is a twin, refused as before (deliver one sheet, naming row, column and the two
values)."""
import pytest

from test_survey39_sheet_ids import INS, _twin_book
from windoweval.survey import delivery as D


def test_a_labels_sheet_naming_the_psu_by_its_label_is_still_a_twin(tmp_path):
    p = _twin_book(tmp_path, psu=lambda v: "网点" + v)
    with pytest.raises(D.DeliveryError) as e:   # before: read as two parts, 12 duplicate ids on the labels sheet
        D.parse_delivery(p, INS, year=2025, screen=False)
    msg = str(e.value)
    assert "deliver one data sheet" in msg and "请只交付一个数据表" in msg and "psu" in msg


def test_two_window_sheets_whose_respondents_all_answered_alike_stay_two_parts(tmp_path):
    """The answers alone cannot tell a twin: satisfaction surveys sit at the ceiling (every answer 5 on most rows), so
    two window sheets whose ids restart would agree on every answer.  A labels sheet shows its answers as labels; two
    sheets of codes that agree digit for digit are other interviews when their PSU, date or weight differ."""
    import openpyxl
    import pandas as pd

    from test_survey39_sheet_ids import DATA

    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    wb = openpyxl.Workbook()
    for k, name in enumerate(("PW01", "PW02")):
        ws = wb.active if k == 0 else wb.create_sheet(name)
        ws.title = name
        ws.append(list(df.columns))
        part = df.iloc[k * 6:(k + 1) * 6].copy()
        part["window_id"] = name
        part["respondent_id"] = [f"{i:03d}" for i in range(1, 7)]
        for _, r in part.iterrows():
            ws.append([5 if c in INS.coded_columns else r[c] for c in df.columns])   # everyone very satisfied
    p = tmp_path / "交付.xlsx"
    wb.save(p)
    checked = D.parse_delivery(p, INS, year=2025, screen=False)
    assert len(checked.responses) == 12 and len(checked.valid) == 6
    dup = checked.problems[checked.problems.code == "duplicate_id"]
    assert len(dup) == 6 and "PW02-001" in dup.iloc[0].problem_zh
