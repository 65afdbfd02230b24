"""left40's survey rows against ordinary deliveries (review40):
- a summary word in an answer column names a totals row, but an instrument whose scale labels its middle answer
  "Average" (Poor, Fair, Average, Good, Excellent) gets that label from real respondents: their rows were refused
  as totals rows.  An answer that is one of the column's own labels is an answer;
- a row with only its first cell filled by a label is a separator row (二月份, 第二批), but a respondent id with a
  Chinese prefix (问卷0099, 样本0012: a serial) on a row whose answers are all blank is a respondent who answered
  nothing, refused for what it lacks as 000099 is, never skipped as a heading."""
from pathlib import Path

import pytest
import yaml

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

HERE = Path(__file__).parent
SRC = (HERE / "data" / "survey" / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
WIDTH = len(SRC[0].split(","))
ROOT = HERE.parent / "surveys" / "instruments" / "power_hall.yaml"


def _average_instrument():
    doc = yaml.safe_load(ROOT.read_text(encoding="utf-8"))
    doc["scale"]["labels"]["satisfaction"][3]["en"] = "Average"
    return load_instrument(doc)


def test_the_label_average_in_an_answer_column_is_an_answer(tmp_path):
    ins = _average_instrument()
    cells = SRC[4].split(",")
    cells[7] = "Average"    # env1 answered by its label
    f = tmp_path / "d.csv"
    f.write_text("\n".join(SRC[:4] + [",".join(cells)] + SRC[5:8]) + "\n", encoding="utf-8")
    chk = D.parse_delivery(f, ins, year=2025)
    assert "totals_row" not in set(chk.problems["code"]), chk.problems[["row", "column", "value", "code"]]
    assert chk.rejected_rows == [] and len(chk.valid) == 7


@pytest.mark.parametrize("rid", ["问卷0099", "样本0012"])
def test_a_respondent_id_with_a_chinese_prefix_is_no_separator(tmp_path, rid):
    f = tmp_path / "d.csv"
    f.write_text("\n".join(SRC[:4] + [rid + "," * (WIDTH - 1)] + SRC[4:8]) + "\n", encoding="utf-8")
    chk = D.parse_delivery(f, load_instrument("power_hall"), year=2025)
    assert "separator_row" not in set(chk.problems["code"])
    assert chk.rejected_rows == [5] and "missing_value" in set(chk.problems["code"])


@pytest.mark.parametrize("extra", ["备注2", "customer_type"])
def test_a_summary_word_outside_the_answer_columns_is_the_respondents(tmp_path, extra):
    # session 40 (review40 left it): with the instrument known, only its coded (answer) columns are searched for a
    # summary word beside the fixed columns; a firm's own free-text column, or the customer type, may hold 平均 as a
    # respondent wrote it ("收入水平: 平均"), and the row was refused as a totals row
    head = SRC[0].split(",")
    rows = [r.split(",") for r in SRC[1:8]]
    if extra in head:
        rows[3][head.index(extra)] = "平均"
        lines = [SRC[0]] + [",".join(r) for r in rows]
    else:
        lines = [SRC[0] + "," + extra] + [",".join(r) + ("," + ("平均" if i == 3 else "无")) for i, r in enumerate(rows)]
    f = tmp_path / "d.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chk = D.parse_delivery(f, load_instrument("power_hall"), year=2025)
    assert "totals_row" not in set(chk.problems["code"]), chk.problems[["row", "column", "value", "code"]]
