"""survey40, as a firm: an SPSS file whose items carry a 7-point label set (1 非常不满意 … 4 一般 … 7 非常满意) where
the instrument is on 1-5, its answers this year all within 1-5 (so no answer 6 or 7 shows the longer scale).  The
file was refused, rightly, but for the wrong reason: "code 4 is labelled 一般, which is code 3: is the scale
reversed?", sending the firm to reverse a scale that was never reversed.  A label set that gives codes beyond the
scale's ends the scale's options is now named as another scale's (codes 1-7) in each of its mismatches, with the
fix of a longer scale: deliver on the instrument's 1-5 (agree a conversion with the client), never rescaled here."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

from pathlib import Path

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)
SEVEN = {1.0: "非常不满意", 2.0: "不满意", 3.0: "比较不满意", 4.0: "一般", 5.0: "比较满意", 6.0: "满意", 7.0: "非常满意"}


def _sav(tmp_path, labels):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    for c in ITEMS + ["weight", "duration_s"]:
        df[c] = pd.to_numeric(df[c])
    for c in ITEMS:                         # answers within 1-5 only: nothing in the data says 7-point
        df[c] = df[c].where(df[c].between(1, 5), 3).astype(float)
    p = tmp_path / "七分.sav"
    pyreadstat.write_sav(df, str(p), variable_value_labels={c: labels for c in ITEMS})
    return D.parse_delivery(p, INS, year=2025, screen=False)


def test_a_seven_point_label_set_is_named_another_scale_not_a_reversed_one(tmp_path):
    got = _sav(tmp_path, SEVEN)
    assert not got.file_ok
    e = got.problems[(got.problems.code == "label_mismatch") & (got.problems.column == "env1")]
    assert set(e.value) == {"4=一般", "6=满意", "7=非常满意"}
    for zh, en, fz, fe in zip(e.problem_zh, e.problem_en, e.fix_zh, e.fix_en):
        assert "量表方向是否反了" not in zh and "reversed" not in en      # before: 4=一般 asked "is the scale reversed?"
        assert "另一种量表" in zh and "another scale" in en
        assert "1–5" in fz and "1-5" in fe and "换算" in fz and "conversion" in fe
    four = e[e.value == "4=一般"]
    assert "代码 1–7" in four.problem_zh.item() and "codes 1-7" in four.problem_en.item()


def test_a_reversed_five_point_label_set_is_still_asked_whether_reversed(tmp_path):
    # survey42: every code mirrored in the instrument's words declares the codes reversed and is read recoded
    # (test_survey42_sav_mirrored); a set that leaves a code unlabelled declares nothing and is still asked
    rev = {1.0: "非常满意", 2.0: "满意", 4.0: "不满意", 5.0: "非常不满意"}
    got = _sav(tmp_path, rev)
    e = got.problems[(got.problems.code == "label_mismatch") & (got.problems.column == "env1")]
    assert len(e) and all("量表方向是否反了" in z for z in e.problem_zh)
