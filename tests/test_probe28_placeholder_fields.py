"""probe28: a dash, a slash or 无 written in a delivery's fixed or optional columns, as fieldwork sheets write a cell
left empty (``-``, ``—``, ``/``, ``无``; records.validate reads them so, and probe27 did for answers).

Before, a weight so written was "weight is not a number" (a message about a number, for a cell with none); a PSU,
stratum, window or respondent id so written was taken as the value ``-``: every such respondent one PSU named ``-``
(a variance computed on a cluster nobody drew) or one window ``-``; a customer type or duration so written was an
"unknown customer type" / "not a number" warning.  Now such a cell is the blank it stands for: a fixed column's is the
missing required value a blank cell is (the same message and code, the value shown as written and said to stand for a
blank; a stratum whose every weight is so written is a stratum without weights); an optional column's is blank.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests._workspace import clean_delivery
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _delivery(tmp_path, cells: dict):
    return clean_delivery(tmp_path, cells, "fields.csv")


@pytest.mark.parametrize("text", ["-", "—", "/", "无", "－", " - "])
@pytest.mark.parametrize("col", ["weight", "psu", "stratum", "window_id", "respondent_id", "interview_date"])
def test_a_placeholder_in_a_fixed_column_is_a_missing_value_as_a_blank_is(tmp_path, col, text):
    blank = D.parse_delivery(_delivery(tmp_path, {(1, col): ""}), INS, year=2025)
    chk = D.parse_delivery(_delivery(tmp_path, {(1, col): text}), INS, year=2025)
    assert chk.rejected_rows == blank.rejected_rows == [2]
    e = chk.errors[chk.errors["row"] == 2]
    b = blank.errors[blank.errors["row"] == 2]
    assert e[["column", "code"]].values.tolist() == b[["column", "code"]].values.tolist() == [[col, "missing_value"]]
    assert e["problem_zh"].iloc[0].startswith(b["problem_zh"].iloc[0])     # the blank's message, then what it was
    assert e["problem_en"].iloc[0].startswith(b["problem_en"].iloc[0])
    assert "空白" in e["problem_zh"].iloc[0] and "blank" in e["problem_en"].iloc[0]
    assert e["value"].iloc[0] == text.strip().replace("－", "-")
    assert e["fix_zh"].iloc[0] == b["fix_zh"].iloc[0] and e["fix_en"].iloc[0]
    assert "不是数字" not in e["problem_zh"].iloc[0]


def test_a_stratum_whose_every_weight_is_a_dash_is_a_stratum_without_weights(tmp_path):
    lines = (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    strata = {lines[i].split(",")[head.index("stratum")] for i in range(1, len(lines))}
    one = sorted(strata)[0]
    cells = {(i, "weight"): "-" for i in range(1, len(lines)) if lines[i].split(",")[head.index("stratum")] == one}
    chk = D.parse_delivery(_delivery(tmp_path, cells), INS, year=2025)
    assert (chk.errors["code"] == "stratum_without_weights").sum() == 1
    assert not chk.file_ok


@pytest.mark.parametrize("text", ["-", "/", "无", "—"])
def test_a_placeholder_in_an_optional_column_is_blank(tmp_path, text):
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "customer_type"): text, (2, "duration_s"): text}), INS,
                           year=2025)
    assert chk.rejected_rows == []
    got = chk.responses.set_index("row")
    assert pd.isna(got.loc[2, "customer_type"]) and np.isnan(got.loc[3, "duration_s"])
    assert not chk.problems["column"].isin(["customer_type", "duration_s"]).any(), chk.problems
    assert chk.refused_values.empty
