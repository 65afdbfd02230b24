"""A delivery's codes recoded to the missing code (SPSS user-missing 99, a value label 拒答) are named with their
rows and a fix (rev21a noticed the warning gave neither): the surveyor can find each answer and, if it was a
real answer, knows what to change.
"""
from __future__ import annotations

from windoweval.survey import delivery as D

from test_survey_delivery import DATA, INS


def test_recoded_missing_names_rows_and_fix():
    chk = D.parse_delivery(DATA / "sav_missing_99.sav", INS, year=2025)
    w = chk.problems[chk.problems["code"] == "recoded_missing"]
    assert len(w)
    for r in w.itertuples():
        assert "第 " in r.problem_zh and " 行" in r.problem_zh, r.problem_zh
        assert "rows " in r.problem_en, r.problem_en
        assert r.fix_zh.startswith("若这些代码是有效答案") and "value labels" in r.fix_en
