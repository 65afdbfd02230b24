"""Survey statistics against R's survey package on designs the demo does not exercise.

The R numbers are held here (no R needed at test time); tests/golden/audit6_survey_edges.R makes every
one of them from tests/golden/survey_fixture.csv (R 4.2.2, survey 4.1.1), and each test names its R call.
Agreement is to 1e-12 relative. Fixed here, each failing on the code before:

* a two-stage design (fpc at both stages) with a cluster of one sampled unit at stage 2: with
  ``lonely_psu="fail"`` R stops ("has only one PSU at stage 2"), the package gave that cluster no variance
  without a word; with ``"average"`` R's variance is NaN for every estimate reaching that cluster, the
  package gave a number;
* a satisfaction rate of a one-respondent domain (no degrees of freedom): R's ``svyciprop`` interval is
  NaN at both ends, the package gave (NaN, 1.0).
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D
from windoweval.survey import estimate as E

FIX = __import__("pathlib").Path(__file__).parent / "golden" / "survey_fixture.csv"
RTOL = 1e-12


def close(a, b):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=RTOL, atol=0)


@pytest.fixture(scope="module")
def fixture():
    d = pd.read_csv(FIX, dtype={"respondent_id": str, "window_id": str, "stratum": str, "psu": str,
                                "customer_type": str})
    ov = pd.to_numeric(d["overall"]).where(pd.to_numeric(d["overall"]).between(1, 5))
    return d.assign(y=(ov - 1) / 4 * 100, npsu=d["stratum"].map({"D1": 150, "D2": 200, "D3": 260}), nssu=80)


@pytest.fixture(scope="module")
def lonely(fixture):
    """Stratum D1 cut to its first PSU: first_d1 <- sort(unique(d$psu[d$stratum == "D1"]))[1]."""
    first = sorted(fixture.loc[fixture["stratum"] == "D1", "psu"].unique())[0]
    return fixture[~((fixture["stratum"] == "D1") & (fixture["psu"] != first))].reset_index(drop=True)


@pytest.fixture(scope="module")
def two_stage(fixture):
    """PSU PW01-0527 (the third in sort order) cut to its first respondent, 000001: one unit at stage 2."""
    p1 = sorted(fixture["psu"].unique())[2]
    assert p1 == "PW01-0527"
    keep = fixture.loc[fixture["psu"] == p1, "respondent_id"].iloc[0]
    return fixture[(fixture["psu"] != p1) | (fixture["respondent_id"] == keep)].reset_index(drop=True)


def two(frame, rule):
    # svydesign(ids=~psu+respondent_id, strata=~stratum, fpc=~npsu+nssu, weights=~weight, nest=TRUE, data=d2)
    return D.svydesign(frame, ids=["psu", "respondent_id"], strata="stratum", fpc=["npsu", "nssu"],
                       weights="weight", lonely_psu=rule)


def test_two_stage_single_unit_cluster_is_refused_under_fail_as_r_does(two_stage):
    # options(survey.lonely.psu="fail"); svymean(~y, des, na.rm=TRUE)
    #   -> Error in onestrat(...): Stratum (D1.D1.PW01-0527) has only one PSU at stage 2
    with pytest.raises(D.DesignError) as e:
        two(two_stage, "fail")
    msg = str(e.value)
    assert e.value.exit_code == 3 and "PW01-0527" in msg and "lonely_psu" in msg
    assert msg.index("第 2 阶段") < msg.index("stage 2")
    # without an fpc at stage 1, R never reaches stage 2: no refusal
    D.svydesign(two_stage, ids=["psu", "respondent_id"], strata="stratum", weights="weight")


def test_two_stage_average_rule_gives_r_nan_where_the_lonely_cluster_is(two_stage):
    # options(survey.lonely.psu="average"); SE(svymean(~y, des, na.rm=TRUE)) -> NaN
    # SE(svyby(~y, ~customer_type, des, svymean, na.rm=TRUE)) -> 2.41398185122366 4.90402382091015 NaN
    des = two(two_stage, "average")
    m = D.svymean(des, "y").iloc[0]
    close(m["mean"], 66.8254996976627)
    assert np.isnan(m["se"])
    b = D.svymean(des, "y", by="customer_type")
    assert b["customer_type"].tolist() == ["business", "other", "resident"]
    close(b["se"][:2], [2.41398185122366, 4.90402382091015])
    assert np.isnan(b["se"].iloc[2])


@pytest.mark.parametrize("rule, se, by_se", [
    ("adjust", 1.37282603703387, [2.41398185122366, 4.90402382091015, 1.54922249807068]),
    ("certainty", 1.37278659329172, [2.41398185122366, 4.90402382091015, 1.54913545139267]),
    ("remove", 1.37278659329172, [2.41398185122366, 4.90402382091015, 1.54913545139267]),
])
def test_two_stage_other_rules_match_r(two_stage, rule, se, by_se):
    # options(survey.lonely.psu=rule); svymean(~y, des, na.rm=TRUE); svyby(~y, ~customer_type, des, svymean, na.rm=TRUE)
    des = two(two_stage, rule)
    close(D.svymean(des, "y")["se"], [se])
    close(D.svymean(des, "y", by="customer_type")["se"], by_se)


def test_a_one_respondent_domain_has_no_rate_interval_as_in_r(fixture):
    # d$grp: "A" for PW01, "B" otherwise, "solo" for the first satisfied respondent of PW02
    # svyby(~sat, ~grp, subset(des, !is.na(sat)), svyciprop, method="beta"|"logit", vartype=c("se","ci"))
    #   -> solo: rate 1, ci_l NaN, ci_u NaN (degf 0); A: 0.569727244553962-0.878217674109924 (beta)
    sat = fixture["y"].ge(75).astype(float).where(fixture["y"].notna())
    grp = np.where(fixture["window_id"] == "PW01", "A", "B").astype(object)
    solo = fixture.loc[(fixture["window_id"] == "PW02") & (sat == 1), "respondent_id"].iloc[0]
    grp[fixture["respondent_id"] == solo] = "solo"
    f = fixture.assign(grp=grp)
    for method in ("beta", "logit"):
        t = E.satisfaction_rate(f, "power_hall", by="grp", method=method).set_index("grp")
        assert t.loc["solo", "n"] == 1 and t.loc["solo", "df"] == 0
        assert np.isnan(t.loc["solo", "ci_low"]) and np.isnan(t.loc["solo", "ci_high"]), method
    t = E.satisfaction_rate(f, "power_hall", by="grp").set_index("grp")
    close(t.loc[["A", "B"], "ci_low"], [0.569727244553962, 0.462132733324182])
    close(t.loc[["A", "B"], "ci_high"], [0.878217674109924, 0.607572576096937])
    # svyby(~overall_idx, ~grp, des, svymean, na.rm=TRUE) -> solo 75 with SE 0
    close(E.satisfaction_index(f, "power_hall", by="grp", measures=["overall"])["se"],
          [2.14878734232382, 1.44235077367648, 0.0])


# options(survey.lonely.psu=rule); desl <- svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE, data=dl)
# svyby(~overall_idx, ~customer_type, desl, svymean, na.rm=TRUE); svytotal(~overall_idx, desl, na.rm=TRUE)
# svyby(~sat, ~customer_type, subset(desl, !is.na(sat)), svyciprop, method="beta", vartype=c("se","ci"))
LONELY_BY_TYPE = {
    "adjust": ([2.43930213660978, 7.05244830370168, 2.11164288981904], 1565461.55765713,
               [0.0784642853349946, 0.141144165500265, 0.0410880911338594],
               [0.342150297185798, 0.332852014136052, 0.458183995392499],
               [0.680436186183657, 0.919448962154863, 0.632963130032283]),
    "certainty": ([2.41294928673634, 7.04353427793024, 1.86331360170144], 1167639.63408969,
                  [0.0768206277651284, 0.136727111144755, 0.0391001875373641],
                  [0.345748052006481, 0.343878838024907, 0.462607659563245],
                  [0.676924353273468, 0.914243820765996, 0.628742155805124]),
    "average": ([2.95524726385833, 8.62653248336592, 2.28208377747803], 1430060.6534849,
                [0.0940856698724233, 0.167455828154726, 0.047887754156836],
                [0.308282100983172, 0.269691087012754, 0.442981404832802],
                [0.713402911591227, 0.946338022930681, 0.64739404602805]),
}


@pytest.mark.parametrize("rule", sorted(LONELY_BY_TYPE))
def test_lonely_stratum_with_domains_across_strata_matches_r(lonely, rule):
    se, total_se, rate_se, lo, hi = LONELY_BY_TYPE[rule]
    t = E.satisfaction_index(lonely, "power_hall", by="customer_type", measures=["overall"], lonely_psu=rule)
    close(t["estimate"], [64.0844671914543, 71.7366069028719, 64.8062885531985])
    close(t["se"], se)
    r = E.satisfaction_rate(lonely, "power_hall", by="customer_type", lonely_psu=rule)
    close(r["rate"], [0.512325776551726, 0.67746788037343, 0.546631650652852])
    close(r["se"], rate_se)
    close(r["ci_low"], lo)
    close(r["ci_high"], hi)
    tot = D.svytotal(D.svydesign(lonely, ids="psu", strata="stratum", weights="weight", lonely_psu=rule), "y")
    close(tot[["total", "se"]].iloc[0], [13897214.5, total_se])


def test_fpc_census_stratum_post_stratified_and_average_match_r(lonely):
    # a lonely stratum fully sampled (fpc 1 for D1) is no lonely stratum: options(survey.lonely.psu="fail");
    # svymean(~y, svydesign(ids=~psu, strata=~stratum, fpc=~npsu, weights=~weight, nest=TRUE, data=dl), na.rm=TRUE)
    f = lonely.assign(npsu=lonely["npsu"].where(lonely["stratum"] != "D1", 1))
    des = D.svydesign(f, ids="psu", strata="stratum", fpc="npsu", weights="weight")
    close(D.svymean(des, "y")[["mean", "se"]].iloc[0], [65.0966576059251, 1.54213109910025])
    close(D.svymean(des, "y", by="window_id")["se"],
          [0, 1.80669853680797, 2.86228162673115, 2.37623188558145, 2.07594537251354])
    # options(survey.lonely.psu=rule); the same design with fpc 150 for D1; svyby(~y, ~customer_type, ...)
    for rule, se, by_se in [("average", 1.88871715463651, [2.87587824805347, 8.40989814719075, 2.22396332776867]),
                            ("adjust", 1.72941466254266, [2.37503725880324, 6.87573551239488, 2.06829866893188])]:
        des = D.svydesign(lonely, ids="psu", strata="stratum", fpc="npsu", weights="weight", lonely_psu=rule)
        close(D.svymean(des, "y")["se"], [se])
        close(D.svymean(des, "y", by="customer_type")["se"], by_se)
    # postStratify(svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE, data=dl), ~window_id,
    #              pop[pop$window_id %in% dl$window_id, ]) with options(survey.lonely.psu=rule)
    pop = pd.DataFrame({"window_id": [f"PW{i:02d}" for i in range(1, 7)],
                        "Freq": [52000, 61000, 43000, 80000, 39000, 70000]})
    pop = pop[pop["window_id"].isin(lonely["window_id"])]
    for rule, se, by_se in [("average", 1.3079156425197, [2.8825556314513, 6.44103513139015, 1.45253533370003]),
                            ("adjust", 1.06790865025922, [2.35359681741395, 5.25908316241542, 1.18599013364279])]:
        ps = D.post_stratify(D.svydesign(lonely, ids="psu", strata="stratum", weights="weight", lonely_psu=rule),
                             "window_id", pop)
        close(D.svymean(ps, "y")[["mean", "se"]].iloc[0], [66.400285338148, se])
        close(D.svymean(ps, "y", by="customer_type")["se"], by_se)


def test_a_rate_near_one_matches_r(fixture):
    # every answered overall 5 but the fifth answered, which is 1:
    # svyciprop(~one, subset(des, !is.na(one)), method="beta") -> 0.995893735508636 (0.976397133481138, 0.99991427104207)
    f = fixture.copy()
    ans = np.flatnonzero(f["y"].notna().to_numpy())
    f.loc[ans, "overall"] = 5
    f.loc[ans[4], "overall"] = 1
    r = E.satisfaction_rate(f, "power_hall", method="beta").iloc[0]
    close([r["rate"], r["ci_low"], r["ci_high"]], [0.995893735508636, 0.976397133481138, 0.99991427104207])
