"""Deliveries as survey firms send them, round four: labels typed with spaces, another questionnaire's missing codes.

Fixed here, each test failing on the code before:

* an answer written as its label with a space inside (非常　满意 with a full-width space, as a Chinese input method
  types it, or 不 满 意 typed apart) was refused as "neither a code nor a label", while 满意 with the same spaces
  around it was read; now the label is matched with its spaces taken out, read as its code with a warning that
  shows the text as written;
* 98 or 99 (another questionnaire's "don't know / refused") in a CSV was refused as out of range without saying
  which code this instrument declares for it; the message now names the missing code (9 = 不清楚/不适用) and says
  that don't know, not applicable and refused all take it. The answer stays refused: it is never a score.

Pinned as they are (they pass on the code before): no-answer words (不知道, 拒答, 不适用, 不清楚) are the missing
code; a hidden sheet is still a sheet (see test_audit15_sheets.py).
"""
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
CODED = list(INS.coded_columns)


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=10, seed=3, careless_share=0)


def test_labels_with_spaces_inside_are_read_as_their_codes(base, tmp_path):
    v = base.astype({c: object for c in CODED})
    v.loc[0, "env1"], v.loc[1, "env1"], v.loc[2, "env2"] = "非常\u3000满意", "\u3000满意\u3000", "不 满 意"
    v.loc[3, "staff3"], v.loc[4, "overall"], v.loc[5, "env3"] = "非常\u3000同意", "一\u3000般", "不\u3000知\u3000道"
    v.loc[6, "env1"] = "5\u3000非常\u3000满意"
    p = tmp_path / "spaces.csv"
    v.to_csv(p, index=False, encoding="utf-8-sig")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].to_dict("records")
    r = chk.responses
    assert [r.loc[0, "env1"], r.loc[1, "env1"], r.loc[2, "env2"], r.loc[3, "staff3"], r.loc[4, "overall"],
            r.loc[5, "env3"], r.loc[6, "env1"]] == [5, 4, 2, 5, 3, 9, 5]
    w = chk.problems[chk.problems["code"] == "label_mapped"]
    assert "非常 满意 -> 5" in set(w["value"]) and "不 满 意 -> 2" in set(w["value"])   # shown as written (NFKC)
    assert len(chk.valid) == len(base)


def test_a_label_of_another_scale_with_a_space_is_still_named_as_such(base, tmp_path):
    v = base.astype({c: object for c in CODED})
    v.loc[0, "staff3"] = "满\u3000意"                         # an agree/disagree question
    p = tmp_path / "other.csv"
    v.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors[["row", "column", "code"]].values.tolist() == [[2, "staff3", "label_of_other_scale"]]


@pytest.mark.parametrize("code", ["98", "99", "8"])
def test_another_questionnaires_missing_code_is_refused_naming_this_ones(base, tmp_path, capsys, code):
    v = base.astype({c: object for c in CODED})
    v.loc[0, "env1"] = code
    p = tmp_path / "m.csv"
    v.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    e = chk.problems[chk.problems["code"] == "out_of_range"]      # that answer refused alone, a warning (audit30)
    assert e[["row", "column", "value", "severity"]].values.tolist() == [[2, "env1", code, "warning"]]
    assert "缺失代码是 9（不清楚/不适用）" in e["problem_zh"].iloc[0] and "拒答都填 9" in e["problem_zh"].iloc[0]
    assert "missing code is 9" in e["problem_en"].iloc[0] and e["fix_zh"].iloc[0] and e["fix_en"].iloc[0]
    assert chk.rejected_rows == [] and pd.isna(chk.valid.loc[0, "env1"])       # never a score
    # a warning (the answer refused alone) does not fail the check, as the README's exit codes say (audit30)
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Traceback" not in out and "其他答案照常计入" in out and "other answers count" in out


@pytest.mark.parametrize("word", ["不知道", "拒答", "不适用", "不清楚", "不适用/不知道/拒答"])
def test_no_answer_words_are_the_missing_code(base, tmp_path, word):
    v = base.astype({c: object for c in CODED})
    v.loc[0, "env1"] = word
    p = tmp_path / "w.csv"
    v.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and chk.responses.loc[0, "env1"] == 9 and len(chk.valid) == len(base)


def test_a_delivery_split_over_two_files_is_named_as_parts(base, tmp_path, capsys):
    # one quarter delivered in two files: the second was refused with only "pass --replace", which would have left
    # only its respondents in the year's figures; it is now named as another part, with the fix (join, then replace)
    from windoweval.survey.store import load_responses

    store = str(tmp_path / "store")
    a, b, joined, fixed = (tmp_path / n for n in ("part1.csv", "part2.csv", "joined.csv", "fixed.csv"))
    base.iloc[:10].to_csv(a, index=False)
    base.iloc[10:].to_csv(b, index=False)
    base.to_csv(joined, index=False)
    base.iloc[:10].assign(weight=base["weight"].iloc[:10] * 1.01).to_csv(fixed, index=False)
    imp = ["--instrument", "power_hall", "--year", "2025", "--store", store]
    assert main(["survey", "import", str(a), *imp]) == 0
    capsys.readouterr()
    assert main(["survey", "import", str(b), *imp]) == 3
    err = capsys.readouterr()
    msg = err.out + err.err
    assert "另一部分" in msg and "合并成一个文件" in msg and "another part of the same delivery" in msg
    assert "Traceback" not in msg
    assert main(["survey", "import", str(fixed), *imp]) == 3                 # a corrected file: the same people
    msg = "".join(capsys.readouterr())
    assert "another part" not in msg and "--replace" in msg
    assert main(["survey", "import", str(joined), *imp, "--replace"]) == 0
    assert len(load_responses("power_hall_2025", store_dir=store)) == len(base)
