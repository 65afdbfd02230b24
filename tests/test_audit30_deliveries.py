"""Survey deliveries as survey firms write them (audit30): an item's answer off the question's codes (6 on a 1-5
scale, 98, inf) refuses that answer, not the respondent."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from _workspace import long_delivery
from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.store import import_delivery, load_responses

INS = "power_hall"


def _delivery(n=12, seed=2):
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=n, seed=seed, careless_share=0).astype(object)


@pytest.mark.parametrize("col,value", [("env1", "6"), ("overall", "7"), ("staff2", "4.5"), ("env1", "98"),
                                       ("info1", "0"), ("env1", "inf"), ("conv1", "7分")])
def test_an_answer_off_the_scale_is_refused_alone(col, value):
    """Decided: a survey firm's slip in one answer is no reason to lose the respondent's other answers, which the
    estimates rest on; the answer alone is left out (that item missing, as a blank item is), with a warning naming
    row, column, value and fix, so the firm can still correct it.  Before, the respondent was refused whole."""
    df = _delivery()
    df.loc[3, col] = value
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.rejected_rows == [] and len(chk.valid) == len(df)          # accepted + refused = delivered
    w = chk.problems[chk.problems["column"] == col]
    assert w[["row", "value", "severity"]].values.tolist() == [[5, value, "warning"]]
    r = w.iloc[0]
    assert "该答案不导入" in r["problem_zh"] and "其他答案照常计入" in r["problem_zh"]
    assert "answer is not imported" in r["problem_en"] and "other answers count" in r["problem_en"]
    assert r["fix_zh"] and r["fix_en"] and r["record_id"] == str(df.loc[3, "respondent_id"])
    assert pd.isna(chk.valid.loc[3, col])
    others = [c for c in ("env2", "staff1", "overall", "info2") if c != col]
    assert (chk.valid.loc[3, others].astype(float).to_numpy() == df.loc[3, others].astype(float).to_numpy()).all()


def test_every_answer_is_counted_read_refused_or_missing():
    """Per item: answers read + answers refused + blank or missing code = respondents accepted."""
    df = _delivery(n=20)
    df.loc[[1, 4, 9], "env1"] = ["6", "", "9"]
    df.loc[[2, 4], "overall"] = ["10", "0"]
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    v = chk.valid
    assert len(v) == len(df) and not chk.rejected_rows
    refused = chk.problems[chk.problems["code"] == "out_of_range"].groupby("column").size()
    assert refused.to_dict() == {"env1": 1, "overall": 2}
    for col in ("env1", "overall"):
        read = int(v[col].between(1, 5).sum())
        missing = int(v[col].eq(9).sum())
        blank = int((df[col].astype(str) == "").sum())
        assert read + missing + blank + int(refused.get(col, 0)) == len(v), col


def test_the_import_keeps_the_respondent_and_the_check_exits_zero(tmp_path, capsys):
    df = _delivery()
    df.loc[0, "env1"] = "6"
    with demo.delivery_file(df, "firm.csv") as p:
        assert main(["survey", "check", str(p), "--instrument", INS, "--year", "2025"]) == 0
        out = capsys.readouterr().out
        assert "'6'" in out and "其他答案照常计入" in out and "Traceback" not in out
        rec = import_delivery(p, INS, 2025, store_dir=tmp_path)
    r = rec.iloc[0]
    assert (int(r["n_valid"]), int(r["n_rejected"]), int(r["n_rows"])) == (len(df), 0, len(df))
    got = load_responses(r["survey"], store_dir=tmp_path)
    row = got[got["respondent_id"] == str(df.loc[0, "respondent_id"])]
    assert len(row) == 1 and pd.isna(row["env1"].iloc[0]) and np.isfinite(float(row["overall"].iloc[0]))


def test_a_column_on_a_longer_scale_still_refuses_the_file():
    """Many answers of several kinds above the scale (a 1-10 question) are no typos: the file stays refused."""
    df = _delivery(n=20)
    df.loc[range(0, 30, 2), "env2"] = ["6", "7", "8", "10", "6"] * 3
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    assert "longer_scale" in set(chk.errors["code"]) and not chk.file_ok


# ---------------------------------------------------------------- deliveries as survey firms' systems write them

def test_a_semicolon_delivery_with_decimal_comma_weights_is_read(tmp_path):
    """Excel where the list separator is ; writes 8822,17: every respondent was refused, 'weight is not a number'.
    The file here also has a byte-order mark, a comment with a line break and a ; inside quotes, and an empty
    column at the end of every row, as such an export has."""
    df = _delivery(n=6)
    d = df.copy()
    d["weight"] = d["weight"].map(lambda w: f"{float(w):.2f}".replace(".", ","))
    d.loc[2, "comment"] = "第一行\n第二行; 有分号"
    txt = d.to_csv(index=False, sep=";", lineterminator="\r\n")
    txt = "\r\n".join(x + ";" if x else x for x in txt.split("\r\n"))
    p = tmp_path / "semi.csv"
    p.write_bytes(b"\xef\xbb\xbf" + txt.encode())
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(df)
    assert np.allclose(chk.valid["weight"].to_numpy(dtype=float), df["weight"].astype(float).round(2).to_numpy())
    assert chk.valid.loc[2, "comment"] == "第一行\n第二行; 有分号"


def test_a_weight_whose_comma_reads_both_ways_is_refused():
    df = _delivery(n=6)
    df["weight"] = ["1,5", "1,200", "2", "2", "2", "2", "2", "2", "2", "2", "2", "2"]
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    e = chk.errors[chk.errors["column"] == "weight"]
    assert e[["row", "value"]].values.tolist() == [[3, "1,200"]]
    assert chk.valid.loc[0, "weight"] == 1.5 and len(chk.valid) + len(chk.rejected_rows) == len(df)


def test_a_long_delivery_is_refused_once_naming_its_question_and_answer_columns(tmp_path, capsys):
    df = _delivery(n=4)
    p, _ = long_delivery(df, tmp_path / "long.csv")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    e = chk.errors
    lf = e[e["code"] == "long_format"]
    assert len(lf) == 1 and not chk.file_ok
    r = lf.iloc[0]
    assert r["column"] == "题目" and "长格式" in r["problem_zh"] and "'得分' 是答案" in r["problem_zh"]
    assert "one row per answer" in r["problem_en"] and "pivot" in r["fix_en"] and "数据透视表" in r["fix_zh"]
    assert not (e["code"] == "missing_column").any()          # no missing column per question
    assert main(["survey", "check", str(p), "--instrument", INS, "--year", "2025"]) == 1
    assert "Traceback" not in capsys.readouterr().out


def test_an_unknown_window_names_the_nearest_window():
    df = _delivery(n=4)
    df.loc[0, "window_id"] = "城东营业"          # a character left out
    df.loc[1, "window_id"] = "ＰＷ０２"          # full width: read as PW02
    windows = {"PW01": "城东营业厅", "PW02": "城西营业厅"}
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, windows=windows, screen=False)
    e = chk.errors[chk.errors["code"] == "unknown_window"]
    assert e["row"].tolist() == [2]
    assert "是否应为 城东营业厅（PW01）" in e["problem_zh"].iloc[0] and "did you mean 城东营业厅（PW01）" in e["problem_en"].iloc[0]
    assert chk.valid.loc[0, "window_id"] == "PW02"       # row 3 (ＰＷ０２) kept, read as PW02
    assert len(chk.valid) + len(chk.rejected_rows) == len(df)
