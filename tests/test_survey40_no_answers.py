"""survey40, as a firm: a respondent row with every answer blank (an interview broken off before its first question,
a paper form keyed with its header only).  It was kept as a respondent with one warning listing its blank items: it
added to no estimate, yet counted among the window's respondents, toward the planned sample and in the response rate
(fieldwork.window_margins counts the rows).  It is now refused as ``no_answers``, naming why and the fix, Chinese
first; a respondent who answered "don't know" (the missing code) everywhere is an answer and stays."""
from pathlib import Path

import pandas as pd

from windoweval.survey import delivery as D
from windoweval.survey.fieldwork import window_margins
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)


def _clean():
    return pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)


def _parse(tmp_path, df, name="交付.csv"):
    p = tmp_path / name
    df.to_csv(p, index=False, encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False)


def test_a_row_with_every_answer_blank_is_refused_naming_why(tmp_path):
    df = _clean()
    df.loc[2, ITEMS] = ""                        # spreadsheet row 4, respondent 000003 (window PW01)
    df.loc[5, ITEMS[:-1]] = ""                   # row 7 answers the overall question alone: a respondent
    got = _parse(tmp_path, df)
    assert got.rejected_rows == [4]              # before: [] (kept, counted as a respondent)
    e = got.problems[got.problems.row == 4]
    assert e.code.tolist() == ["no_answers"] and e.severity.item() == "error"
    assert "不是一份完成的问卷" in e.problem_zh.item() and "no completed interview" in e.problem_en.item()
    assert "接触数" in e.fix_zh.item() and "contacts" in e.fix_en.item()
    assert "000003" not in set(got.valid.respondent_id)
    assert "000006" in set(got.valid.respondent_id)
    blank = got.problems[got.problems.code == "blank_answer"]
    assert blank.row.tolist() == [7]             # the refused row is not also told its items are blank


def test_the_margins_count_only_respondents_who_answered(tmp_path):
    df = _clean()
    df.loc[2, ITEMS] = ""
    got = _parse(tmp_path, df)
    full = _parse(tmp_path, _clean(), "full.csv")
    n_pw01 = int((full.valid.window_id == "PW01").sum())
    t = window_margins(got.valid, INS, plan=n_pw01, contacts={"PW01": 10, "PW02": 10, "PW03": 10},
                       lonely_psu="certainty")
    row = t[t.window_id == "PW01"].iloc[0]
    assert not bool(row.plan_met)                # one of the planned interviews has no answer: the plan is not met
    assert row.response_rate == (n_pw01 - 1) / 10


def test_every_answer_dont_know_or_refused_one_by_one(tmp_path):
    df = _clean()
    df.loc[2, ITEMS] = "9"                       # the missing code everywhere: answered "don't know", kept
    df.loc[3, ITEMS] = "98"                      # another questionnaire's code, refused answer by answer
    got = _parse(tmp_path, df)
    assert got.rejected_rows == [5]
    assert "000003" in set(got.valid.respondent_id)
    codes = got.problems[got.problems.row == 5].code.value_counts().to_dict()
    assert codes == {"out_of_range": len(ITEMS), "no_answers": 1}


def test_the_command_line_check_fails_with_exit_1_and_both_languages(tmp_path, capsys):
    from windoweval.cli import main

    df = _clean()
    df.loc[2, ITEMS] = ""
    p = tmp_path / "交付.csv"
    df.to_csv(p, index=False)
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr()
    msg = out.out + out.err
    assert rc == 1
    assert "没有一个可计入的答案" in msg and "no answer to count" in msg and "Traceback" not in msg
