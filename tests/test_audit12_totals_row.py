"""A 合计 / 总计 row below a delivery's data is named as a totals row, with its fix.

Before, such a row was refused as a bad respondent: four "required value is empty" errors (window, date,
stratum, PSU) and a warning that its weight (the sum of the weights) sways the estimates, none saying what the
row is or what to do. Now it is one error, ``totals_row``, naming the row, the column, the word and the fix in
Chinese and English; the row is still refused (never read as a respondent) and ``survey check`` exits 1.
Each test fails on the code before.
"""
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery


@pytest.fixture
def delivery():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=10, seed=4, careless_share=0)


def with_row(df, **cells):
    row = {c: "" for c in df.columns}
    row.update(cells)
    return pd.concat([df.astype(object), pd.DataFrame([row])], ignore_index=True)


@pytest.mark.parametrize("cells,column,word", [
    (dict(respondent_id="合计"), "respondent_id", "合计"),
    (dict(window_id="总计"), "window_id", "总计"),
    (dict(respondent_id="小计（PW01）"), "respondent_id", "小计(PW01)"),   # full-width folded, as every cell
    (dict(respondent_id="Total"), "respondent_id", "Total"),
    (dict(respondent_id="合 计"), "respondent_id", "合 计"),
])
def test_a_totals_row_is_named_with_its_fix(delivery, cells, column, word):
    df = with_row(delivery, weight=round(float(delivery["weight"].sum()), 2), overall=4, **cells)
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, "power_hall", year=2025)
    row = len(df) + 1                                  # the header is row 1
    mine = chk.problems[chk.problems["row"] == row]
    assert mine[["column", "value", "severity", "code"]].values.tolist() == [[column, word, "error", "totals_row"]]
    p = mine.iloc[0]
    assert "汇总行" in p["problem_zh"] and "totals row" in p["problem_en"]
    assert "删去" in p["fix_zh"] and "delete" in p["fix_en"]
    assert chk.rejected_rows == [row] and len(chk.valid) == len(delivery)


def test_survey_check_exits_1_and_prints_the_totals_row(delivery, capsys):
    from windoweval.cli import main

    df = with_row(delivery, window_id="合计", weight=round(float(delivery["weight"].sum()), 2))
    with demo.delivery_file(df) as p:
        code = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr().out
    assert code == 1
    assert "本行是汇总行（「合计」）" in out and "this row is a totals row ('合计')" in out
    assert "必填项" not in out and "20 倍" not in out       # no blank-value or extreme-weight noise for it


def test_a_respondent_whose_id_merely_starts_alike_is_a_respondent(delivery):
    df = delivery.astype(object).copy()
    df.loc[0, "respondent_id"] = "合计001"            # no separator: an id, not a totals row
    df.loc[1, "comment"] = "平均等了半小时"
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, "power_hall", year=2025)
    assert "totals_row" not in set(chk.problems["code"]) and len(chk.valid) == len(delivery)
