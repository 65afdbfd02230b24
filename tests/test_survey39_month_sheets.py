"""survey39, as a firm: a workbook of one sheet a month (the spec reads every sheet under the same header as one
delivery, row keys apart).  A problem found while a later sheet was read (a value right of its header: ragged_row)
kept that sheet's row number alone, so it was taken for the FIRST sheet's row: the respondent on 1月 row 3 was
refused for a cell of 2月 row 3, and 2月's own respondent was kept, without a word.  The sheet's problems now carry
its row keys: 2月!3 is refused, 1月!3 is read."""
from pathlib import Path

import openpyxl
import pandas as pd

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _months(tmp_path, extra_at: tuple[str, int]):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    cols = list(df.columns)
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "1月"
    sheets = {"1月": (first, df.iloc[:6]), "2月": (wb.create_sheet("2月"), df.iloc[6:])}
    for ws, part in sheets.values():
        ws.append(cols)
        for _, r in part.iterrows():
            ws.append([int(r[c]) if c in INS.coded_columns else r[c] for c in cols])
    name, row = extra_at
    sheets[name][0].cell(row, len(cols) + 2).value = "多余"
    p = tmp_path / "交付.xlsx"
    wb.save(p)
    return D.parse_delivery(p, INS, year=2025, screen=False)


def test_a_later_sheets_refusal_names_its_own_row(tmp_path):
    checked = _months(tmp_path, ("2月", 3))
    assert checked.rejected_shown == ["2月!3"]                            # before: ['1月!3']
    err = checked.problems[checked.problems.code == "ragged_row"].iloc[0]
    assert err.file.endswith("[2月]") and err.row == 3 and err.record_id == "000008"
    kept = checked.valid.respondent_id.tolist()
    assert "000002" in kept and "000008" not in kept                     # before: 000002 refused, 000008 kept


def test_the_first_sheets_refusal_is_as_before(tmp_path):
    checked = _months(tmp_path, ("1月", 3))
    assert checked.rejected_shown == ["1月!3"]
    assert "000002" not in checked.valid.respondent_id.tolist()


def test_a_workbooks_value_right_of_the_header_gets_a_workbooks_fix(tmp_path):
    checked = _months(tmp_path, ("2月", 3))
    err = checked.problems[checked.problems.code == "ragged_row"].iloc[0]
    assert "列名" in err.fix_zh and "header" in err.fix_en              # before: the CSV's fix, quotes and delimiters
    assert "引号" not in err.fix_zh and "quote" not in err.fix_en
