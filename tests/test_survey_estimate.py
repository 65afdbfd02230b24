"""Design-based estimates against golden values from R's survey package (no R needed to run).

Golden values: tests/golden/survey_golden.R on tests/golden/survey_fixture.csv -> survey_golden.json.
Every comparison is at 1e-8 relative or better; each names the R call that made its value.
"""
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, example
from hypothesis import strategies as st

from windoweval.survey import estimate as E
from windoweval.survey.delivery import parse_delivery

GOLDEN = Path(__file__).parent / "golden"
G = json.loads((GOLDEN / "survey_golden.json").read_text(encoding="utf-8"))
RTOL = 1e-8


@pytest.fixture(scope="module")
def fixture():
    chk = parse_delivery(GOLDEN / "survey_fixture.csv", "power_hall", year=2025)
    assert chk.errors.empty
    return chk.valid


def close(a, b, rtol=RTOL, atol=0.0):
    a = np.asarray(a, dtype=float)
    b = np.asarray([np.nan if x == "NaN" else x for x in np.atleast_1d(b)], dtype=float)
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=True)


def test_fixture_is_what_r_read(fixture):
    assert len(fixture) == G["meta"]["n"] == 300
    assert fixture["stratum"].nunique() == 3
    assert (fixture[["env1", "info2", "overall"]] == 9).any().all()  # missing codes present


def test_index_overall_dimensions_composite(fixture):
    t = E.satisfaction_index(fixture, "power_hall").set_index("measure")
    for g in G["index"]:
        r = t.loc[g["measure"]]
        # R: svymean(~<measure>_idx, des, na.rm = TRUE); confint(...)
        close(r["estimate"], g["estimate"])
        close(r["se"], g["se"])
        close([r["ci_low"], r["ci_high"]], [g["ci_low"], g["ci_high"]])
        assert r["n"] == g["n"]


def test_index_by_window(fixture):
    for g in G["index_by_window"]:
        t = E.satisfaction_index(fixture, "power_hall", by="window_id", measures=[g["measure"]])
        # R: svyby(~<measure>_idx, ~window_id, des, svymean, na.rm = TRUE)
        assert t["window_id"].tolist() == g["window_id"]
        close(t["estimate"], g["estimate"])
        close(t["se"], g["se"])


def test_index_by_customer_type_and_domain(fixture):
    t = E.satisfaction_index(fixture, "power_hall", by="customer_type", measures=["overall"])
    g = G["index_by_customer_type"]
    # R: svyby(~overall_idx, ~customer_type, des, svymean, na.rm = TRUE)
    assert t["customer_type"].tolist() == g["customer_type"]
    close(t["estimate"], g["estimate"])
    close(t["se"], g["se"])
    # R: svymean(~overall_idx, subset(des, customer_type == "business"), na.rm = TRUE)
    b = t.set_index("customer_type").loc["business"]
    close(b["estimate"], G["domain_business"]["estimate"])
    close(b["se"], G["domain_business"]["se"])


def test_domain_is_not_a_subset_analysis(fixture):
    """Dropping the other rows before estimating loses their PSUs: a different (wrong) SE."""
    sub = fixture[fixture["customer_type"] == "business"]
    t = E.satisfaction_index(sub, "power_hall", measures=["overall"], lonely_psu="certainty")
    assert t["estimate"].iloc[0] == pytest.approx(G["domain_business"]["estimate"], rel=1e-10)
    assert not math.isclose(t["se"].iloc[0], G["domain_business"]["se"], rel_tol=1e-6)


def test_design_effect_and_element_variance(fixture):
    d = E.survey_design(fixture)
    sc = E.score_responses(d.frame, "power_hall")[["overall"]]
    t = E.design_mean(d, sc, deff=True)
    # R: deff(svymean(~overall_idx, des, na.rm = TRUE, deff = "replace")); coef(svyvar(~overall_idx, subset(des, !is.na(overall_idx))))
    close(t["deff"], G["deff"]["deff"])
    close(t["element_var"], G["deff"]["element_var"])
    tb = E.design_mean(d, sc, by="window_id", deff=True)
    # R: svyby(~overall_idx, ~window_id, des, svymean, na.rm = TRUE, deff = "replace")
    close(tb["deff"], G["deff_by_window"]["deff"])


@pytest.mark.parametrize("method", ["beta", "logit"])
def test_rate_overall(fixture, method):
    t = E.satisfaction_rate(fixture, "power_hall", method=method).iloc[0]
    g = next(x for x in G["rate"] if x["method"] == method)
    # R: svyciprop(~sat, subset(des, !is.na(sat)), method = <method>)
    close(t["rate"], g["rate"])
    close(t["se"], g["se"])
    close([t["ci_low"], t["ci_high"]], [g["ci_low"], g["ci_high"]])
    assert t["df"] == g["df"] and t["n"] == g["n"]


@pytest.mark.parametrize("method", ["beta", "logit"])
def test_rate_by_window(fixture, method):
    t = E.satisfaction_rate(fixture, "power_hall", by="window_id", method=method)
    g = next(x for x in G["rate_by_window"] if x["method"] == method)
    # R: svyby(~sat, ~window_id, subset(des, !is.na(sat)), svyciprop, method = <method>, vartype = c("se", "ci"))
    assert t["window_id"].tolist() == g["window_id"]
    close(t["rate"], g["rate"])
    close(t["se"], g["se"])
    close(t["ci_low"], g["ci_low"])
    close(t["ci_high"], g["ci_high"])


def _lonely(fixture):
    first = G["lonely"][0]["first_d1_psu"]
    keep = ~((fixture["stratum"] == "D1") & (fixture["psu"] != first))
    return fixture[keep].reset_index(drop=True)


def test_lonely_psu_refused_with_a_clear_message(fixture):
    dl = _lonely(fixture)
    with pytest.raises(E.LonelyPSUError) as e:
        E.satisfaction_index(dl, "power_hall")
    msg = str(e.value)
    assert "D1" in msg and "lonely_psu" in msg and "只有一个初级抽样单元" in msg and "single PSU" in msg


@pytest.mark.parametrize("rule", ["adjust", "certainty", "remove", "average"])
def test_lonely_psu_rules_match_r(fixture, rule):
    dl = _lonely(fixture)
    g = next(x for x in G["lonely"] if x["rule"] == rule)
    assert len(dl) == g["n"]
    t = E.satisfaction_index(dl, "power_hall", measures=["overall"], lonely_psu=rule).iloc[0]
    # R: options(survey.lonely.psu = <rule>); svymean(~overall_idx, desl, na.rm = TRUE)
    close(t["estimate"], g["estimate"])
    close(t["se"], g["se"])
    tb = E.satisfaction_index(dl, "power_hall", by="window_id", measures=["overall"], lonely_psu=rule)
    # R: options(survey.lonely.psu = <rule>); svyby(~overall_idx, ~window_id, desl, svymean, na.rm = TRUE)
    assert tb["window_id"].tolist() == g["window_id"]
    close(tb["estimate"], g["by_estimate"])
    close(tb["se"], g["by_se"], atol=1e-9)  # R gives 1.8e-15 where the exact value is 0


def test_unknown_lonely_rule_and_bad_weights():
    f = pd.DataFrame({"stratum": ["A", "A"], "psu": ["1", "2"], "weight": [1.0, 0.0]})
    with pytest.raises(ValueError, match="lonely_psu"):
        E.survey_design(f.assign(weight=1.0), lonely_psu="drop")
    with pytest.raises(ValueError, match="weight"):
        E.survey_design(f)


def test_scores_follow_the_rules():
    ins_items = ["staff1", "staff2", "staff3", "staff4"]
    df = pd.DataFrame({c: [4, 4, 9] for c in ins_items})
    df.loc[0, "staff3"] = 1   # reverse item: 1 -> 5
    df.loc[1, ["staff1", "staff2", "staff3"]] = 9  # 1 of 4 answered: below half, no score
    df.loc[2, ["staff1", "staff2"]] = [5, 3]       # 2 of 4 answered: exactly half, scored
    s = E.score_responses(df.reindex(columns=list(df.columns) + ["overall"]), "power_hall", scale="points")
    assert s["staff3"].tolist()[0] == 5
    assert s.loc[0, "staff"] == pytest.approx((4 + 4 + 5 + 4) / 4)
    assert math.isnan(s.loc[1, "staff"])
    assert s.loc[2, "staff"] == pytest.approx(4.0)
    idx = E.score_responses(pd.DataFrame({"overall": [1, 3, 5, 9]}), "power_hall")["overall"]
    assert idx.tolist()[:3] == [0.0, 50.0, 100.0] and math.isnan(idx.iloc[3])


def test_rate_interval_at_the_edges():
    f = pd.DataFrame({"stratum": list("AAAABBBB"), "psu": list("12341234"), "weight": 1.0, "overall": 5})
    # every respondent satisfied: R's svyciprop(~I(overall >= 4), svydesign(ids = ~psu, strata = ~stratum,
    # weights = ~weight, nest = TRUE, data = f), method = "beta") -> 1 with ci c(NaN, NaN) (variance 0: not
    # estimable); the interval was (0.63, 1) here, from n taken as the effective sample size
    t = E.satisfaction_rate(f, "power_hall").iloc[0]
    assert t["rate"] == 1.0 and t["se"] == 0.0 and np.isnan(t["ci_low"]) and np.isnan(t["ci_high"])
    lo, hi = E.proportion_ci([0.0], [0.0], [50], [10])
    assert np.isnan(lo[0]) and np.isnan(hi[0])


def test_exclude_flagged_is_a_domain(fixture):
    f = fixture.assign(flagged=False)
    f.loc[:9, "flagged"] = True
    a = E.satisfaction_index(f, "power_hall", measures=["overall"], exclude_flagged=True).iloc[0]
    masked = f.copy()
    masked.loc[:9, "overall"] = 9
    b = E.satisfaction_index(masked, "power_hall", measures=["overall"]).iloc[0]
    assert a["estimate"] == pytest.approx(b["estimate"], rel=1e-12)
    assert a["se"] == pytest.approx(b["se"], rel=1e-12)


# --- properties -------------------------------------------------------------------------------

@st.composite
def samples(draw):
    n_strata = draw(st.integers(1, 3))
    rows = []
    for h in range(n_strata):
        for p in range(draw(st.integers(2, 4))):
            for _ in range(draw(st.integers(1, 4))):
                rows.append((f"S{h}", f"P{p}", draw(st.floats(0.5, 20)), draw(st.sampled_from([1, 2, 3, 4, 5, 9]))))
    f = pd.DataFrame(rows, columns=["stratum", "psu", "weight", "overall"])
    if (f["overall"] == 9).all():
        f.loc[0, "overall"] = 3
    return f


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(samples(), st.floats(0.01, 1000))
@example(pd.DataFrame({"stratum": ["S0", "S0"], "psu": ["P0", "P1"], "weight": [1.762607, 8.800111],
                       "overall": [5, 5]}), 1.0)   # every answer 5: an index of 100 up to rounding
def test_weights_scale_free(f, c):
    """Multiplying every weight by a constant changes neither the index nor its SE."""
    a = E.satisfaction_index(f, "power_hall", measures=["overall"]).iloc[0]
    b = E.satisfaction_index(f.assign(weight=f["weight"] * c), "power_hall", measures=["overall"]).iloc[0]
    assert b["estimate"] == pytest.approx(a["estimate"], rel=1e-9, abs=1e-9)
    assert b["se"] == pytest.approx(a["se"], rel=1e-7, abs=1e-9)
    # within [0, 100] up to rounding: every answer 5 gives 100 in exact arithmetic, 100.00000000000001 in floating point
    assert -1e-9 <= a["estimate"] <= 100 + 1e-9 and a["se"] >= 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(samples())
def test_by_equals_masking(f):
    """A by-domain equals the whole-sample estimate with the other rows treated as missing."""
    f = f.assign(group=np.where(np.arange(len(f)) % 2 == 0, "a", "b"))
    t = E.satisfaction_index(f, "power_hall", by="group", measures=["overall"]).set_index("group")
    for gname in t.index[t["n"] > 0]:   # a group nobody answered has its row, n 0 and no estimate
        m = f.assign(overall=f["overall"].where(f["group"] == gname, 9))
        one = E.satisfaction_index(m, "power_hall", measures=["overall"]).iloc[0]
        assert one["estimate"] == pytest.approx(t.loc[gname, "estimate"], rel=1e-12)
        assert one["se"] == pytest.approx(t.loc[gname, "se"], rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(samples(), st.sampled_from(["beta", "logit"]))
def test_rate_interval_inside_unit(f, method):
    t = E.satisfaction_rate(f, "power_hall", method=method).iloc[0]
    assert 0 <= t["rate"] <= 1
    if not (np.isnan(t["ci_low"]) or np.isnan(t["ci_high"])):
        assert 0 <= t["ci_low"] <= t["rate"] + 1e-12 and t["rate"] - 1e-12 <= t["ci_high"] <= 1
