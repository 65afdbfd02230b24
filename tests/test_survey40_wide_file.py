"""survey40, as a firm: a wide file, each question once per window (env1_PW01, env1_PW02, env1_PW03: a respondent's
answers in their window's columns, the other windows' blank).  The three headers read as env1 (an id, then text), so
the first was read and the others warned about as synonyms "neither checked nor imported": every respondent of PW02
and PW03 went in with no answer (the check passed, exit 0).  Several columns read as one question that hold different
answers now refuse the file, once, naming the questions, their columns and a row, with the fix; two copies of one
column (the id and the question's text over the same answers) stay a warning."""
from pathlib import Path

import numpy as np
import pandas as pd

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)
FIXED = ["respondent_id", "window_id", "interview_date", "stratum", "psu", "weight"]


def _clean():
    return pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)


def _wide():
    df = _clean()
    wide = df[FIXED].copy()
    for c in ITEMS:
        for w in ("PW01", "PW02", "PW03"):
            wide[f"{c}_{w}"] = np.where(df["window_id"] == w, df[c], "")
    return wide


def _parse(tmp_path, df, name="交付.csv"):
    p = tmp_path / name
    df.to_csv(p, index=False, encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False)


def test_a_question_spread_over_a_column_per_window_refuses_the_file(tmp_path):
    got = _parse(tmp_path, _wide())
    assert not got.file_ok                       # before: True, PW02's and PW03's respondents imported blank
    e = got.problems[got.problems.code == "item_split_columns"]
    assert len(e) == 1 and e.severity.item() == "error" and pd.isna(e.row.item())
    zh, en = e.problem_zh.item(), e.problem_en.item()
    assert "18 道题" in zh and "env1：env1_PW01、env1_PW02、env1_PW03" in zh and "宽格式" in zh
    assert "env1: env1_PW01, env1_PW02, env1_PW03" in en and "wide file" in en
    first = _clean().index[_clean().window_id != "PW01"][0] + 2          # the first respondent of another window
    assert f"第 {first} 行" in zh and f"row {first}:" in en
    assert "window_id" in e.fix_zh.item() and "one column a question" in e.fix_en.item()
    assert not (got.problems.code == "synonym_column").any()            # said once, not 36 header warnings


def test_two_copies_of_one_question_stay_a_warning(tmp_path):
    df = _clean()
    df.insert(len(df.columns), INS.question("env1").zh, df["env1"])     # the id and the question's text, one answer
    got = _parse(tmp_path, df)
    assert got.file_ok and got.rejected_rows == []
    w = got.problems[got.problems.code == "synonym_column"]
    assert w.severity.tolist() == ["warning"]
    assert not (got.problems.code == "item_split_columns").any()


def test_a_copy_that_differs_in_one_answer_is_refused(tmp_path):
    df = _clean()
    df.insert(len(df.columns), INS.question("env1").zh, df["env1"])
    col = INS.question("env1").zh
    df.loc[4, col] = "5" if df.loc[4, "env1"] != "5" else "4"
    got = _parse(tmp_path, df)
    e = got.problems[got.problems.code == "item_split_columns"]
    assert len(e) == 1 and "第 6 行" in e.problem_zh.item() and e.column.item() == col


def test_the_command_line_check_exits_1_in_both_languages(tmp_path, capsys):
    from windoweval.cli import main

    p = tmp_path / "交付.csv"
    _wide().to_csv(p, index=False)
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    cap = capsys.readouterr()
    msg = cap.out + cap.err
    assert rc == 1 and "Traceback" not in msg
    assert "宽格式" in msg and "wide file" in msg


def test_a_window_in_brackets_after_the_question_is_the_same_wide_file(tmp_path):
    # session 40 (survey40 left it): env1(PW01), env1（PW02）, env1[PW03] had not read as env1: the file was refused
    # with suggestions to rename staff4(PW01) to staff1; it is the wide file above, named as such
    df = _wide()
    marks = {"PW01": "({})", "PW02": "（{}）", "PW03": "[{}]"}
    df.columns = [c if "_PW" not in c else c.split("_PW")[0] + marks["PW" + c.split("_PW")[1]].format(
        "PW" + c.split("_PW")[1]) for c in df.columns]
    got = _parse(tmp_path, df)
    assert not got.file_ok
    e = got.problems[got.problems.code == "item_split_columns"]
    assert len(e) == 1 and "env1：env1(PW01)、env1（PW02）、env1[PW03]" in e.problem_zh.item()
    assert not got.problems.problem_zh.str.contains("是否应为").any()
