"""survey39, as a firm: a CSV ending with the firm's summary block (平均分, 总平均, 最高值/最低值, 标准差 under the
answers, as a spreadsheet's descriptive statistics are laid out).  合计/平均/均值 rows were named as totals rows; these
were refused as "required value window_id is empty" five times over with out-of-range warnings for the 3.5s,
naming nothing the firm can act on.  They are now one totals_row error each, naming the word; a respondent whose id
merely holds such a word inside (R平均01) is not one."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


@pytest.mark.parametrize("word", ["平均分", "总平均", "平均得分", "均分", "最高值", "最低值", "标准差", "Std. Dev."])
def test_a_summary_row_is_named_as_one(tmp_path, word):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    row = {c: "" for c in df.columns}
    row["respondent_id"] = word
    row.update({c: "3.5" for c in INS.coded_columns})
    p = tmp_path / "交付.csv"
    pd.concat([df, pd.DataFrame([row])], ignore_index=True).to_csv(p, index=False)
    checked = D.parse_delivery(p, INS, year=2025, screen=False)
    assert checked.rejected_rows == [14] and len(checked.valid) == 12
    e = checked.problems[checked.problems.row == 14]
    assert e.code.tolist() == ["totals_row"] and e.value.item() == word   # before: missing_value x5, out_of_range


def test_an_id_holding_the_word_is_a_respondent(tmp_path):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df.loc[0, "respondent_id"] = "R平均01"
    p = tmp_path / "交付.csv"
    df.to_csv(p, index=False)
    checked = D.parse_delivery(p, INS, year=2025, screen=False)
    assert checked.rejected_rows == [] and "R平均01" in checked.valid.respondent_id.tolist()
