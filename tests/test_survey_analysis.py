"""Progress, reliability, drivers, importance-performance, sample planning, comments."""
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from windoweval.survey import analysis as A
from windoweval.demo import survey as demo
from windoweval.survey import estimate as E
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

GOLDEN = Path(__file__).parent / "golden"
G = json.loads((GOLDEN / "survey_golden.json").read_text(encoding="utf-8"))
INS = load_instrument("power_hall")
WINDOWS = ["PW01", "PW02", "PW03", "PW04", "PW05", "PW06"]


@pytest.fixture(scope="module")
def fixture():
    return parse_delivery(GOLDEN / "survey_fixture.csv", INS, year=2025).valid


@pytest.fixture(scope="module")
def years():
    return (demo.generate_delivery(INS, 2024, WINDOWS, n_per_window=80, seed=3),
            demo.generate_delivery(INS, 2025, WINDOWS, n_per_window=80, seed=3))


# --- golden: reliability and drivers ---------------------------------------------------------

def test_cronbach_alpha_matches_r(fixture):
    t = A.cronbach_alpha(fixture, INS).set_index("dimension")
    for g in G["alpha"]:
        # R: k / (k - 1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m))) on na.omit(items of the dimension)
        assert t.loc[g["dimension"], "n"] == g["n"]
        assert t.loc[g["dimension"], "alpha"] == pytest.approx(g["alpha"], rel=1e-10)


def test_drivers_weighted_match_svyolr(fixture):
    d = A.drivers(fixture, INS).set_index("dimension")
    g = G["svyolr"]
    # R: svyolr(factor(overall) ~ environment + staff + efficiency + information + convenience, des,
    #           control = list(reltol = 1e-15, ndeps = 1e-6)); R's BFGS stops short of the optimum by ~1e-8
    for k, v in g["coef"].items():
        assert d.loc[k, "coef"] == pytest.approx(v, rel=1e-7)
        assert d.loc[k, "se"] == pytest.approx(g["se"][k], rel=1e-7)
    np.testing.assert_allclose(d.attrs["thresholds"], g["zeta"], rtol=1e-7)
    assert d.attrs["weighted"] and d["importance"].sum() == pytest.approx(1.0)


def test_drivers_match_polr(fixture):
    d = A.drivers(fixture, INS, weighted=False).set_index("dimension")
    g = G["polr"]
    # R: MASS::polr(overall ~ environment + staff + efficiency + information + convenience,
    #               method = "logistic", Hess = TRUE), complete cases, dimension scores on the 1-5 scale
    assert d.attrs["n"] == g["n"]
    for k, v in g["coef"].items():
        assert d.loc[k, "coef"] == pytest.approx(v, rel=1e-6)  # coef(fit)
    np.testing.assert_allclose(d.attrs["thresholds"], g["zeta"], rtol=1e-6)  # fit$zeta
    assert d.attrs["loglik"] == pytest.approx(g["loglik"], rel=1e-10)  # logLik(fit)
    for k, v in g["se"].items():
        # sqrt(diag(vcov(fit))): both sides use a numerical Hessian, so agreement is to ~1e-6
        assert d.loc[k, "se"] == pytest.approx(v, rel=1e-5)
    assert d["importance"].sum() == pytest.approx(1.0)


def test_alpha_of_a_one_item_dimension_is_missing():
    raw = {"instrument": {"id": "tiny"}, "scale": {"min": 1, "max": 5, "labels": {"s": {
        i: {"zh": str(i), "en": str(i)} for i in range(1, 6)}}}, "missing_codes": {9: {"zh": "不清楚", "en": "DK"}},
        "overall": {"id": "overall", "zh": "总体", "en": "Overall", "labels": "s"},
        "dimensions": [{"id": "a", "zh": "甲", "en": "A", "weight": 1}, {"id": "b", "zh": "乙", "en": "B", "weight": 1}],
        "items": [{"id": "a1", "dimension": "a", "zh": "1", "en": "1", "labels": "s"},
                  {"id": "b1", "dimension": "b", "zh": "1", "en": "1", "labels": "s"},
                  {"id": "b2", "dimension": "b", "zh": "2", "en": "2", "labels": "s"}]}
    ins = load_instrument(raw)
    df = pd.DataFrame({"a1": [1, 2, 3, 4], "b1": [1, 2, 3, 5], "b2": [2, 2, 4, 5]})
    t = A.cronbach_alpha(df, ins).set_index("dimension")
    assert math.isnan(t.loc["a", "alpha"])
    v = df[["b1", "b2"]]
    assert t.loc["b", "alpha"] == pytest.approx(2 * (1 - v.var().sum() / v.sum(axis=1).var()))


# --- progress ---------------------------------------------------------------------------------

def test_year_on_year_arithmetic():
    a = pd.DataFrame({"window_id": ["A", "B", "C"], "measure": "overall", "estimate": [70.0, 80.0, 60.0],
                      "se": [3.0, 1.0, 2.0]})
    b = pd.DataFrame({"window_id": ["A", "B", "D"], "measure": "overall", "estimate": [74.0, 77.0, 50.0],
                      "se": [4.0, 1.0, 2.0]})
    t = A.year_on_year(a, b).set_index("window_id")
    assert t.loc["A", "se_diff"] == 5.0 and t.loc["A", "z"] == pytest.approx(0.8)
    assert t.loc["A", "p_value"] == pytest.approx(0.4237107971, rel=1e-9)  # 2 * (1 - pnorm(0.8))
    assert t.loc["B", "z"] == pytest.approx(-3 / math.sqrt(2)) and bool(t.loc["B", "significant"])
    assert math.isnan(t.loc["C", "diff"]) and math.isnan(t.loc["D", "diff"])


def test_progress_table_flags_windows(years):
    prev, cur = years
    t = A.progress_table(prev, cur, INS)
    assert t["scope"].tolist() == ["all"] + ["window"] * 6
    w = t[t["scope"] == "window"].set_index("window_id")
    # PW06 is the demo's declining window; the others improve a little
    assert bool(w.loc["PW06", "not_improved"]) and bool(w.loc["PW06", "fell_significantly"])
    assert w.loc["PW06", "verdict_en"] == "fell significantly" and w.loc["PW06", "verdict_zh"] == "显著下降"
    assert (w["not_improved"] == ~(w["diff"] > 0)).all()
    assert (w["fell_significantly"] == ((w["diff"] < 0) & (w["p_value"] < 0.05))).all()
    # the numbers are those of the index tables
    i24 = E.satisfaction_index(prev, INS, by="window_id", measures=["overall"]).set_index("window_id")
    i25 = E.satisfaction_index(cur, INS, by="window_id", measures=["overall"]).set_index("window_id")
    assert w.loc["PW03", "diff"] == pytest.approx(i25.loc["PW03", "estimate"] - i24.loc["PW03", "estimate"])
    assert w.loc["PW03", "se_diff"] == pytest.approx(math.hypot(i25.loc["PW03", "se"], i24.loc["PW03", "se"]))


def test_progress_on_a_window_without_last_year(years):
    prev, cur = years
    t = A.progress_table(prev[prev["window_id"] != "PW02"], cur, INS).set_index("window_id")
    assert t.loc["PW02", "verdict_en"] == "no comparison" and bool(t.loc["PW02", "not_improved"])


# --- importance-performance ---------------------------------------------------------------------

def test_importance_performance_and_chart(years):
    _, cur = years
    t = A.importance_performance(cur, INS)
    assert t["dimension"].tolist() == [d.id for d in INS.dimensions]
    perf = E.satisfaction_index(cur, INS, measures=[d.id for d in INS.dimensions]).set_index("measure")
    assert np.allclose(t.set_index("dimension")["performance"], perf["estimate"])
    hi_i = t["importance"] >= t["importance"].mean()
    hi_p = t["performance"] >= t["performance"].mean()
    assert (t.loc[hi_i & ~hi_p, "quadrant_en"] == "Concentrate here").all()
    assert (t.loc[hi_i & hi_p, "quadrant_zh"] == "继续保持").all()
    fig = A.ipa_chart(t)
    assert len(fig.data) == 1 and len(fig.data[0].x) == 5
    assert any("重点改进" in a.text for a in fig.layout.annotations)
    assert "重要性" in fig.layout.xaxis.title.text and "Importance" in fig.layout.xaxis.title.text


# --- sample planning ------------------------------------------------------------------------------

def test_sample_plan_reaches_the_margin(years):
    _, cur = years
    p = A.sample_plan(cur, INS, margin=4.0).set_index("window_id")
    z = 1.959963984540054
    for w, r in p.iterrows():
        assert r["n_required"] == math.ceil(z * z * r["element_var"] * max(r["deff"], 1.0) / 16.0)
        # with this year's n the margin is z * se; the planned n scales it to the target
        assert r["margin_now"] == pytest.approx(z * r["se"])
        assert r["se"] ** 2 == pytest.approx(r["element_var"] * r["deff"] / r["n"], rel=1e-9)
    loose = A.sample_plan(cur, INS, margin=8.0).set_index("window_id")
    assert (loose["n_required"] <= np.ceil(p["n_required"] / 4) + 1).all()


# --- comments ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, masked", [
    ("请回电13812345678", "请回电[电话/phone]"),
    ("电话 +86 139-1234-5678 谢谢", "电话 [电话/phone] 谢谢"),
    ("座机010-62345678", "座机[电话/phone]"),
    ("身份证号11010119900307123X", "身份证号[身份证号/ID]"),
    ("黄静师傅态度很好", "[姓名/name]师傅态度很好"),
    ("工作人员王小明态度不好", "工作人员[姓名/name]态度不好"),
    ("我叫张伟，住在附近", "我叫[姓名/name]，住在附近"),
    ("排队时间太长，等了一个多小时。", "排队时间太长，等了一个多小时。"),
    ("等待小于5分钟", "等待小于5分钟"),
    ("户号 1234567890 电费不对", "户号 [号码/number] 电费不对"),
    ("2025年3月4日来办", "2025年3月4日来办"),
    # the forms complaint records have masked too (windoweval.privacy)
    ("座机(0571)88886666转", "座机[电话/phone]转"),
    ("分机 021-62345678-123", "分机 [电话/phone]"),
    ("欧阳明先生", "[姓名/name]先生"),
    ("联系人 欧阳娜娜", "联系人 [姓名/name]"),
    ("身份证 330106185006121234", "身份证 [身份证号/ID]"),
])
def test_mask_pii(text, masked):
    assert A.mask_pii(text).iloc[0] == masked


def test_comments_are_masked_at_least_as_records_are():
    """The survey's masking is windoweval.privacy's: what a complaint record would lose, a comment loses too."""
    from windoweval.privacy import RULES

    assert {r[0] for r in RULES if "records" in r[4]} <= {r[0] for r in RULES if "survey" in r[4]}


def test_mask_names_from_a_roster():
    assert A.mask_pii(["欧阳娜娜很热情"], names=["欧阳娜娜"]).tolist() == ["[姓名/name]很热情"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="排队太久请联系我谢谢好的，。 ", max_size=10), st.text(alphabet="排队太久请联系谢谢，。", max_size=10),
       st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9),
       st.text(alphabet="0123456789", min_size=3, max_size=3))
def test_no_phone_or_id_survives_masking(before, after, second, rest, tail):
    phone = "1" + second + rest
    idcard = "110101" + "1985" + "0612" + tail + "X"
    out = A.mask_pii(before + phone + after + idcard).iloc[0]
    assert phone not in out and idcard not in out
    assert not re.search(r"\d{9}", out)


def test_comments_are_searchable_and_always_masked(years):
    _, cur = years
    hits = A.search_comments(cur, "回电")
    assert len(hits) > 0 and hits["comment"].str.contains(r"\[电话/phone\]").all()
    assert not hits["comment"].str.contains(r"1[3-9]\d{9}").any()
    allc = A.search_comments(cur)
    assert len(allc) == cur["comment"].str.strip().ne("").sum()
    assert not allc["comment"].str.contains(r"1[3-9]\d{9}").any()
    one = A.search_comments(cur, "态度", window="PW01")
    assert set(one["window_id"]) <= {"PW01"}
    assert A.search_comments(cur, r"排队|等待", regex=True)["comment"].str.contains("排队|等待").all()


def test_complaint_terms_per_window(years):
    _, cur = years
    t = A.complaint_terms(cur, INS, top=3)
    assert list(t.columns) == ["window_id", "term", "term_zh", "term_en", "n_comments", "share", "rank"]
    assert (t.groupby("window_id")["rank"].max() <= 3).all()
    assert (t.groupby("window_id")["n_comments"].apply(lambda s: s.is_monotonic_decreasing)).all()
    every = A.complaint_terms(cur, INS, top=100)
    for w in WINDOWS:
        sub = cur[(cur["window_id"] == w) & cur["comment"].str.strip().ne("")]
        queue = sub["comment"].str.contains("排队|等候|等待|等了|人太多|人多") & ~sub["comment"].str.contains("不用排队")
        row = every[(every.window_id == w) & (every.term == "queue")]
        assert (row["n_comments"].sum()) == queue.sum()
        if len(row):
            assert row["share"].item() == pytest.approx(queue.sum() / len(sub))
    df = pd.DataFrame({"window_id": "A", "overall": [5, 2], "comment": ["不用排队，很快", "排队太久"]})
    assert A.complaint_terms(df, INS)[["term", "n_comments"]].values.tolist() == [["queue", 1]]
    assert A.complaint_terms(df, INS, only_dissatisfied=True)["n_comments"].tolist() == [1]
