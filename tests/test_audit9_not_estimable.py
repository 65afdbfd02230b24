"""A rate's interval that cannot be estimated (a window where every respondent is satisfied) is said in words.

R's ``svyciprop(~sat, design, method = "beta")`` gives a rate of 1 (or 0) with the interval ``c(NaN, NaN)``:
variance 0, not estimable. The package now gives NaN there too (tests/test_audit9_survey_r.py); where an
interval is shown, the reader sees "无法估计（方差为 0）" / "not estimable (variance 0)", never a blank cell,
a dropped clause or a number. Each test fails on the code before (a blank "—", nothing, nothing).
"""
import numpy as np
import pandas as pd
import pytest

from windoweval import present as wp
from windoweval.demo import survey as demo


@pytest.fixture
def all_satisfied_pw03():
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=30, seed=4)
    df.loc[(df["window_id"] == "PW03") & df["overall"].between(1, 5), "overall"] = 5
    return df


def test_the_rate_table_says_not_estimable_in_each_language(all_satisfied_pw03, capsys):
    from windoweval.survey.estimate import satisfaction_rate

    t = satisfaction_rate(all_satisfied_pw03, "power_hall", by="window_id")
    assert np.isnan(t.loc[t["window_id"] == "PW03", ["ci_low", "ci_high"]].to_numpy()).all()
    shown = {}

    def grab(bundle, metadata=None):
        shown.update(bundle)

    real = wp._show
    wp._show = grab
    try:
        wp.setup("zh+en")
        wp.table(t, "rate_by_window", "survey.table.rate")
    finally:
        wp._show = real
        wp.setup("zh")
    html = shown["text/html"]
    assert html.count("无法估计（方差为 0）") == 2 and html.count("not estimable (variance 0)") == 2
    rows = shown[wp.TABLE_MIME]["data"]
    pw03 = [r for r in rows if r[0] == "PW03"][0]
    assert pw03.count("无法估计（方差为 0）") == 2          # the CSV / XLSX export carries the words too
    others = [r for r in rows if r[0] != "PW03"]
    assert all(isinstance(v, float) for r in others for v in r[5:7])


def test_one_respondent_domain_says_no_degrees_of_freedom():
    wp.setup("en")
    try:
        t = pd.DataFrame({"rate": [1.0], "se": [0.0], "ci_low": [np.nan], "ci_high": [np.nan], "df": [0]})
        assert wp._not_estimable(t)[["ci_low", "ci_high"]].iloc[0].tolist() == ["not estimable (no degrees of freedom)"] * 2
    finally:
        wp.setup("zh")


def test_the_cli_estimate_says_why_an_interval_is_nan(all_satisfied_pw03, capsys):
    from windoweval.cli import main

    with demo.delivery_file(all_satisfied_pw03) as p:
        code = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--stat", "rate", "--by", "window_id"])
    out = capsys.readouterr().out
    assert code == 0
    assert "置信区间无法估计（方差为 0）" in out and "not estimable (variance 0)" in out
    assert out.index("无法估计") < out.index("not estimable")


def test_the_review_names_the_interval_not_estimable():
    from windoweval import review as R
    from windoweval.demo import DEMO_YEAR, ensure_demo

    ensure_demo()
    halls = [f"PW{i:02d}" for i in range(1, 13)]

    def survey(year):
        df = demo.generate_delivery("power_hall", year, halls, n_per_window=20, seed=year)
        if year == DEMO_YEAR:
            df.loc[(df["window_id"] == "PW03") & df["overall"].between(1, 5), "overall"] = 5
        return df, "test"

    c = R.demonstration_review(DEMO_YEAR, survey=survey).criteria
    row = c[(c["criterion"] == "customer_satisfaction") & (c["window_id"] == "PW03")].iloc[0]
    assert "95%CI 无法估计（方差为 0）" in row["evidence_zh"]
    assert "95% CI not estimable (variance 0)" in row["evidence_en"]
    other = c[(c["criterion"] == "customer_satisfaction") & (c["window_id"] == "PW02")].iloc[0]
    assert "95%CI" in other["evidence_zh"] and "无法估计" not in other["evidence_zh"]
