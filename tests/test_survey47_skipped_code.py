"""survey47, a firm's delivery round five: a question the interview skipped, coded 97 and labelled 跳过 in a .sav
(beside 9 = 不知道), or written 跳过 in a CSV's answer cell. Before, the .sav's 97 was an off-scale answer told to
use 9 instead (the label the firm gave it unread), and the CSV's 跳过 refused the whole respondent as no number. A
skip is no answer, as 不适用 is: the labelled code is recoded to the missing code as the firm's 98/99 = 不知道 are
(said once with its rows), on a 0-10 item read as blank (9 is a rating there), and 跳过 written out reads as the
missing code, the respondent kept.
"""
import numpy as np
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery

from _nps import INS  # the NPS instrument, shared

pyreadstat = pytest.importorskip("pyreadstat")


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=6, seed=247, careless_share=0)
    b["recommend"] = 7
    return b.drop(columns=["comment"])


def test_a_sav_code_labelled_skipped_is_the_missing_code(base, tmp_path):
    s = base.copy()
    s.loc[2, "env2"] = 97
    s.loc[3, "recommend"] = 97
    labels = {c: {1: "非常不满意", 5: "非常满意", 9: "不知道", 97: "跳过"} for c in INS.coded_columns if c != "recommend"}
    labels["recommend"] = {0: "完全不可能", 10: "非常可能", 97: "跳过"}
    p = tmp_path / "d.sav"
    pyreadstat.write_sav(s, str(p), variable_value_labels=labels)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(s)
    v = chk.valid.set_index("respondent_id")
    assert v.loc[s.respondent_id[2], "env2"] == 9                  # the missing code, as 98/99 = 不知道 are
    assert np.isnan(v.loc[s.respondent_id[3], "recommend"])        # blank on 0-10: 9 is a rating there
    assert not (chk.problems.code == "out_of_range").any()         # before: 97 off the scale, told to write 9


def test_skipped_written_in_a_csv_answer_keeps_the_respondent(base, tmp_path):
    c = base.astype(object)
    c.loc[4, "staff2"] = "跳过"
    p = tmp_path / "d.csv"
    c.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(c)           # before: the respondent refused, no number
    assert chk.valid.set_index("respondent_id").loc[c.respondent_id[4], "staff2"] == 9
