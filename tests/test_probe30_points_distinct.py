"""probe30: a score written with its unit (5分) and a code written with its label (满意(4)) in a survey delivery are
read per distinct answer (no regular expression per row: an answer column of 1 M respondents holds a handful of
values), with the same results as the old row-by-row rules, on the helpers and on a whole mixed delivery."""
import numpy as np
import pandas as pd
import pytest

from tests._workspace import clean_delivery
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")

SHAPES = ["5分", "5 分", "5.0分", "5.5分", "10分", "9分", "0分", "分", "5分 非常满意", "满意(4)", "满意(5)", "非常满意(5分)",
          "[5]非常满意", "5=非常满意", "一般 3", "5/满意", "", "5", "x", "-", "98分", "4分", " 4分", "４分", "05分",
          "5.00分", "5分分", "不满意[2]", "【5】非常满意", "非常 满意(5)"]
MIXED = pd.Series((SHAPES + [None]) * 37, dtype=object)


def _old_points(s, stars=None):
    """The rule before probe30: a regular expression per row (no star ratings or Chinese numerals: survey43)."""
    return D._num(s.str.extract(D._POINTS, expand=False))


def _old_codes_with_labels(s, labels):
    said, means, label = [], [], []
    for u in s:
        c, lab = D._code_and_label(u) if isinstance(u, str) and u and not u.isdigit() else (np.nan, "")
        said.append(c if lab else np.nan)
        means.append(labels.get(D._squeeze(lab).lower(), np.nan) if lab else np.nan)
        label.append(lab)
    return said, means, label


def test_points_per_distinct_value_as_the_old_rule():
    pd.testing.assert_series_equal(D._points_of(MIXED), _old_points(MIXED), check_names=False)


def test_points_of_an_empty_or_all_missing_column():
    assert D._points_of(pd.Series([], dtype=object)).tolist() == []
    assert np.isnan(D._points_of(pd.Series([None, None], dtype=object))).all()


def test_codes_with_labels_as_the_row_by_row_rule():
    labels = {"非常满意": 5, "满意": 4, "一般": 3, "不满意": 2}
    said, means, label = D._codes_with_labels(MIXED, labels)
    o_said, o_means, o_label = _old_codes_with_labels(MIXED, labels)
    np.testing.assert_array_equal(said.to_numpy(), np.array(o_said, dtype=float))
    np.testing.assert_array_equal(means.to_numpy(), np.array(o_means, dtype=float))
    assert label.tolist() == o_label


def test_a_mixed_delivery_reads_as_the_old_rules_read_it(tmp_path, monkeypatch):
    """Scores with their unit, codes with labels (agreeing and not), typed labels and plain codes in one delivery:
    the responses and the problems identical to those the old row-by-row rule gives (patched back in)."""
    q = list(INS.coded_columns)
    words = ["5分", "4 分", "满意(4)", "满意(5)", "5 非常满意", "非常满意", "3", "9分", "98分", "", "5.5分", "一般 3", "x"]
    cells = {(i, q[(i * 5 + k) % len(q)]): words[(i + k) % len(words)] for i in range(1, 13) for k in range(7)}
    path = clean_delivery(tmp_path, cells)
    new = D.parse_delivery(path, INS, year=2025)
    assert len(new.responses) and (new.problems["code"] == "code_label_mismatch").any()
    monkeypatch.setattr(D, "_points_of", _old_points)
    old = D.parse_delivery(path, INS, year=2025)
    pd.testing.assert_frame_equal(new.responses, old.responses)
    pd.testing.assert_frame_equal(new.problems.reset_index(drop=True), old.problems.reset_index(drop=True))
