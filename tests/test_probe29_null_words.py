"""probe29: N/A, NULL, None in a survey delivery's fixed or optional columns, as a person types a blank or a database
export writes one: the blank they stand for (the blank's message and code, the spelling named), as probe28 made of a
dash.  Before, a weight so written was "not a number" and a PSU, stratum, window or respondent id so written was taken
as the value: one PSU named "NULL" for every such respondent.  ``#N/A`` stays the spreadsheet's error (excel_error).
``NA`` is a blank only where it can be nothing else (weight, duration, interview date); in a column of codes (stratum
NA, North Area) it is read as written.

And the placeholder and no-answer checks per distinct value (no Python per row): the same answers as the old
row-by-row rule on a mixed delivery."""
import re
import unicodedata

import numpy as np
import pandas as pd
import pytest

from tests._workspace import clean_delivery
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
FIXED = ["weight", "psu", "stratum", "window_id", "respondent_id", "interview_date"]


@pytest.mark.parametrize("text", ["N/A", "n/a", "NULL", "null", "None", "NONE", " N/A "])
@pytest.mark.parametrize("col", FIXED)
def test_a_null_word_in_a_fixed_column_is_a_missing_value_as_a_blank_is(tmp_path, col, text):
    blank = D.parse_delivery(clean_delivery(tmp_path, {(1, col): ""}, "b.csv"), INS, year=2025)
    chk = D.parse_delivery(clean_delivery(tmp_path, {(1, col): text}, "n.csv"), INS, year=2025)
    assert chk.rejected_rows == blank.rejected_rows == [2]
    e, b = chk.errors[chk.errors["row"] == 2], blank.errors[blank.errors["row"] == 2]
    assert e[["column", "code"]].values.tolist() == b[["column", "code"]].values.tolist() == [[col, "missing_value"]]
    assert e["problem_zh"].iloc[0].startswith(b["problem_zh"].iloc[0])
    assert f"「{text.strip()}」表示空白" in e["problem_zh"].iloc[0] and "blank" in e["problem_en"].iloc[0]
    assert e["value"].iloc[0] == text.strip() and e["fix_zh"].iloc[0] == b["fix_zh"].iloc[0]


@pytest.mark.parametrize("col", ["psu", "stratum"])
def test_excel_na_error_stays_refused_as_such(tmp_path, col):
    chk = D.parse_delivery(clean_delivery(tmp_path, {(1, col): "#N/A"}), INS, year=2025)
    e = chk.errors[chk.errors["row"] == 2]
    assert e["code"].tolist() == ["excel_error"] and chk.rejected_rows == [2]


def test_na_is_blank_for_a_weight_but_a_code_for_a_stratum(tmp_path):
    chk = D.parse_delivery(clean_delivery(tmp_path, {(1, "weight"): "NA"}), INS, year=2025)
    e = chk.errors[chk.errors["row"] == 2]
    assert e["code"].tolist() == ["missing_value"] and "「NA」表示空白" in e["problem_zh"].iloc[0]
    chk = D.parse_delivery(clean_delivery(tmp_path, {(1, "stratum"): "NA"}, "s.csv"), INS, year=2025)
    assert 2 not in chk.errors["row"].tolist()
    assert chk.responses.set_index("row").loc[2, "stratum"] == "NA"


@pytest.mark.parametrize("text", ["N/A", "NULL", "None"])
def test_a_null_word_in_an_optional_column_is_blank(tmp_path, text):
    chk = D.parse_delivery(clean_delivery(tmp_path, {(1, "customer_type"): text, (2, "duration_s"): text}), INS,
                           year=2025)
    got = chk.responses.set_index("row")
    assert chk.rejected_rows == [] and pd.isna(got.loc[2, "customer_type"]) and np.isnan(got.loc[3, "duration_s"])
    assert not chk.problems["column"].isin(["customer_type", "duration_s"]).any(), chk.problems


def _old_placeholder_cells(s, keep=frozenset()):
    """The rule as it was before probe29 (pandas string methods, a Python call per row)."""
    t = s.astype("string").str.strip()
    if not t.str.isascii().fillna(True).all():
        t = t.str.normalize("NFKC").str.strip()
    words = [w for w in D._ANSWER_PLACEHOLDERS if w not in keep]
    return t.isin(words).fillna(False).astype(bool)


MIXED = pd.Series(["-", " 无 ", "—", "－", "5", "", "-5", "不适用", "N/A", "na", "／", "//", "\\", "暂无", "空",
                   "无 意见", "\u3000-\u3000", "——", "–", "---", "非常满意", "5分", None, "#N/A", "NULL", "-"] * 40)


@pytest.mark.parametrize("keep", [frozenset(), frozenset({"无", "-"})])
def test_placeholders_per_distinct_value_as_the_old_rule(keep):
    assert D._placeholder_cells(MIXED, keep).tolist() == _old_placeholder_cells(MIXED, keep).tolist()


def test_squeeze_per_distinct_value_as_the_old_rule():
    s = D._clean_text(MIXED)
    old = s.astype(str).str.replace(r"\s+", "", regex=True).str.lower()
    assert D._squeeze_series(s, lower=True).tolist() == old.tolist()


def test_a_mixed_delivery_reads_as_the_old_rules_read_it(tmp_path, monkeypatch):
    """Placeholders, no-answer words, labels and spaced labels in the answers of one delivery: the responses and the
    problems identical to those the old row-by-row rules give (patched back in)."""
    q = list(INS.coded_columns)
    words = ["-", "无", "N/A", "不适用", "拒答", " 5 ", "非常 满意", "—", "", "不清楚/拒答", "／", "暂无", "na", "x"]
    cells = {(i, q[(i * 7 + k) % len(q)]): words[(i + k) % len(words)] for i in range(1, 13) for k in range(6)}
    path = clean_delivery(tmp_path, cells)
    new = D.parse_delivery(path, INS, year=2025)
    monkeypatch.setattr(D, "_placeholder_cells", lambda s, keep=frozenset(), words=None: _old_placeholder_cells(s, keep))
    monkeypatch.setattr(D, "_squeeze_series",
                        lambda s, lower=False: (lambda t: t.str.lower() if lower else t)(
                            s.astype(str).str.replace(r"\s+", "", regex=True)))
    old = D.parse_delivery(path, INS, year=2025)
    pd.testing.assert_frame_equal(new.responses, old.responses)
    pd.testing.assert_frame_equal(new.problems.reset_index(drop=True), old.problems.reset_index(drop=True))
    assert len(new.problems) > 0 and new.responses[q].isna().any().any()
