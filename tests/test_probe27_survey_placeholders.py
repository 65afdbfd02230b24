"""probe27: a survey delivery whose interviewers wrote a dash, a slash or 无 for a question not asked or not answered
(``-``, ``—``, ``/``, ``无``, ``--``), as fieldwork sheets and exports do.

Before, each such answer was an error ("neither a numeric code nor a label") and the whole respondent was refused:
their valid answers lost for an item nobody answered.  Now such a placeholder is the blank cell it stands for, as the
records read it (records.validate._PLACEHOLDERS): that item missing only, the respondent's other answers counted, one
warning per spelling naming its columns and rows.  A placeholder the instrument itself uses as an option's label
(value_labels) keeps that meaning; any other text is refused as before; a placeholder in a fixed column (weight) is
still a missing required value.
"""
from pathlib import Path

import numpy as np
import pytest

from tests._workspace import clean_delivery
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _delivery(tmp_path, cells: dict):
    return clean_delivery(tmp_path, cells, "dashes.csv")


@pytest.mark.parametrize("text", ["-", "—", "/", "无", "--", "－", "——", "／", " - "])
def test_a_placeholder_answer_is_that_item_missing_the_respondent_kept(tmp_path, text):
    clean = D.parse_delivery(DATA / "clean_utf8.csv", INS, year=2025)
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "env1"): text, (3, "overall"): text}), INS, year=2025)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]]
    assert chk.rejected_rows == [] and len(chk.valid) == 12
    got = chk.responses.set_index("row")
    assert np.isnan(got.loc[2, "env1"]) and np.isnan(got.loc[4, "overall"])
    # the respondents' other answers as delivered
    want = clean.responses.set_index("row")
    assert got.loc[2, "env2"] == want.loc[2, "env2"] and got.loc[4, "env1"] == want.loc[4, "env1"]
    w = chk.problems[chk.problems["code"] == "placeholder_answer"]
    assert len(w) == 1 and (w["severity"] == "warning").all()
    zh, en = w["problem_zh"].iloc[0], w["problem_en"].iloc[0]
    assert "env1" in zh and "overall" in zh and "第 2, 4 行" in zh
    assert "env1" in en and "overall" in en and "rows 2, 4" in en
    assert "空白" in zh and "blank" in en


def test_other_text_is_still_refused(tmp_path):
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "env1"): "-x", (2, "env1"): "无所谓"}), INS, year=2025)
    assert chk.errors[["row", "column", "code"]].values.tolist() == [[2, "env1", "non_numeric"],
                                                                      [3, "env1", "non_numeric"]]


def test_a_placeholder_weight_is_still_a_missing_required_value(tmp_path):
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "weight"): "-"}), INS, year=2025)
    assert chk.rejected_rows == [2]


def test_an_instrument_label_that_looks_like_a_placeholder_keeps_its_meaning(tmp_path):
    import yaml

    raw = yaml.safe_load((Path(D.__file__).parents[2] / "surveys" / "instruments" / "power_hall.yaml")
                         .read_text(encoding="utf-8"))
    raw["value_labels"] = {"无": 3}
    p = tmp_path / "power_hall_x.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    own = load_instrument(p)
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "env1"): "无"}), own, year=2025)
    assert chk.errors.empty
    assert chk.responses.set_index("row").loc[2, "env1"] == 3
    assert not (chk.problems["code"] == "placeholder_answer").any()
