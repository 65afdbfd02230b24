"""A survey delivery's separator row (only its first cell filled: 二月份, 第二批, a firm's month or batch heading) was
refused as five missing values (or, alone on its line, as a ragged row): now it is named as a separator row, one
warning, and skipped: never counted as a refused respondent (a survey firm writes them to find its batches, and
expects the delivery to stand).  A summary label (平均, 合计) written in an answer column names the row as a totals
row, as the same word in an id column does (left40)."""
from pathlib import Path

import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
SRC = (Path(__file__).parent / "data" / "survey" / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
WIDTH = len(SRC[0].split(","))


def _with(tmp_path, line: str):
    f = tmp_path / "d.csv"
    f.write_text("\n".join(SRC[:4] + [line] + SRC[4:8]) + "\n", encoding="utf-8")
    return D.parse_delivery(f, INS, year=2025)


@pytest.mark.parametrize("line", ["二月份" + "," * (WIDTH - 1), "第二批" + "," * (WIDTH - 1), "第二批",
                                  "2025年3月" + "," * (WIDTH - 1)])
def test_a_separator_row_is_named_and_skipped(tmp_path, line):
    chk = _with(tmp_path, line)
    assert chk.rejected_rows == [] and len(chk.valid) == 7
    p = chk.problems
    assert p[["row", "column", "severity", "code"]].values.tolist() == [[5, "respondent_id", "warning", "separator_row"]]
    assert p["value"].iloc[0] == line.strip(",")
    assert "分隔行" in p["problem_zh"].iloc[0] and "separator row" in p["problem_en"].iloc[0]
    assert p["fix_zh"].iloc[0] and p["fix_en"].iloc[0]
    assert 5 in chk.dropped_rows


def test_a_respondent_with_only_an_id_is_still_refused_for_what_it_lacks(tmp_path):
    chk = _with(tmp_path, "000099" + "," * (WIDTH - 1))
    assert chk.rejected_rows == [5]
    assert "separator_row" not in set(chk.problems["code"])
    assert "missing_value" in set(chk.problems["code"])


def test_a_summary_label_in_an_answer_column_names_a_totals_row(tmp_path):
    cells = [""] * WIDTH
    cells[7] = "平均"
    cells[8:WIDTH - 2] = ["3.5"] * (WIDTH - 10)
    chk = _with(tmp_path, ",".join(cells))
    assert chk.rejected_rows == [5]
    p = chk.problems[chk.problems["row"] == 5]
    assert p[["column", "value", "code"]].values.tolist() == [["env1", "平均", "totals_row"]]
