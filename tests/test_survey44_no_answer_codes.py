"""survey44, as a firm: answers exported as SPSS's "values and labels" of another questionnaire's missing codes --
99=不知道, 98 不适用, 99(不知道) -- were refused as neither a code nor a label, and with each the respondent's every
other answer (exit 1).  A code off the scale written with a no-answer label is no answer: read as the question's
missing code (the item not counted, never a 99 averaged as a rating), said once per spelling; on a 0-10 item with
no missing code off its scale, blank.  A code on the scale with a no-answer label (3=不知道) says two things and is
refused as before."""
import numpy as np
import pandas as pd

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.estimate import score_responses
from windoweval.survey.instrument import load_instrument

from _nps import INS as NPS  # the NPS instrument, shared

INS = load_instrument("power_hall")


def _file(tmp_path, cells, extra=None):
    b = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=4, seed=3, careless_share=0).astype(str)
    if extra:
        b.insert(b.columns.get_loc("overall"), extra, ["7"] * len(b))
    for (i, col), text in cells.items():
        b.loc[i, col] = text
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False)
    return p


def test_a_missing_code_with_its_label_is_no_answer_and_the_respondent_kept(tmp_path, capsys):
    p = _file(tmp_path, {(0, "env1"): "99=不知道", (1, "env2"): "98 不适用", (2, "overall"): "99(不知道)"})
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr().out
    assert rc == 0, out                                                 # before: exit 1, three rows refused
    assert "读作本题的缺失代码 9" in out and "never as a rating" in out
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == 8
    assert [chk.valid.env1[0], chk.valid.env2[1], chk.valid.overall[2]] == [9, 9, 9]
    s = score_responses(chk.valid, INS)
    assert np.isnan([s.env1[0], s.env2[1], s.overall[2]]).all()         # not counted, no 99 or 9 as a score
    assert (chk.problems.code == "code_label_no_answer").sum() == 3


def test_a_code_on_the_scale_with_a_no_answer_label_is_still_refused(tmp_path):
    chk = parse_delivery(_file(tmp_path, {(0, "env1"): "3=不知道"}), INS, year=2025, screen=False)
    assert chk.errors.code.tolist() == ["non_numeric"] and chk.errors.value.tolist() == ["3=不知道"]


def test_on_a_0_10_item_without_a_missing_code_it_is_blank(tmp_path):
    ins = NPS   # the NPS instrument, shared (tests/_nps.py)
    p = _file(tmp_path, {(0, "recommend"): "99=不知道", (1, "env1"): "99=不知道"}, extra="recommend")
    chk = parse_delivery(p, ins, year=2025, screen=False)
    assert chk.errors.empty and np.isnan(chk.valid.recommend[0]) and chk.valid.env1[1] == 9
    assert chk.valid.recommend[1:].tolist() == [7.0] * 7
