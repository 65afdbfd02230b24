"""survey44: the net promoter score of a 0-10 recommendation question (promoters 9-10, detractors 0-6), one
function (windoweval.survey.design.net_promoter), a tidy table out, its standard error for a design pinned to R
4.2.2 / survey 4.1.1 on tests/golden/survey41_data.csv with x = (k * 7) %% 11 for respondent k, 99 (a missing code)
where k %% 13 == 0 and blank where k %% 17 == 0.  The reference call (R, printed with %.15g):

    des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
    d$pro <- ifelse(d$x %in% 0:10, as.numeric(d$x >= 9), NA); d$det <- ifelse(d$x %in% 0:10, as.numeric(d$x <= 6), NA)
    m <- svymean(~pro + det, des, na.rm = TRUE); svycontrast(m, list(nps = c(pro = 100, det = -100)))
    b <- svyby(~pro + det, ~customer_type, subset(des, !is.na(pro)), svymean, covmat = TRUE)
    svycontrast(b, list(business = c(100, 0, -100, 0), resident = c(0, 100, 0, -100)))

(svyby's na.rm = TRUE with covmat = TRUE stops in R 4.2.2 / survey 4.1.1; subset() is the same domain.)"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey.design import DesignError, net_promoter, svydesign

HERE = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def des():
    d = pd.read_csv(HERE / "survey41_data.csv", dtype=str, keep_default_na=False)
    k = d.respondent_id.str[1:].astype(int)
    x = ((k * 7) % 11).astype(float)
    x[k % 13 == 0] = 99
    x[k % 17 == 0] = np.nan
    d = d.assign(weight=d.weight.astype(float), x=x)
    return svydesign(d, ids="psu", strata="stratum", weights="weight", nest=True)


def test_the_whole_sample_equals_r(des):
    t = net_promoter(des, "x")
    assert list(t.columns) == ["n", "promoters", "promoters_se", "detractors", "detractors_se", "nps", "se",
                               "ci_low", "ci_high"]
    row = t.iloc[0]
    assert row.promoters == pytest.approx(0.188376991216169, rel=1e-10)
    assert row.detractors == pytest.approx(0.6148109092234, rel=1e-10)
    assert row.promoters_se == pytest.approx(0.024544610244107, rel=1e-8)
    assert row.detractors_se == pytest.approx(0.0221994458530626, rel=1e-8)
    assert row.nps == pytest.approx(-42.6433918007231, rel=1e-10)
    assert row.se == pytest.approx(4.61661592379096, rel=1e-8)     # the covariance counted: not sqrt(a^2 + b^2)
    assert row.se != pytest.approx(100 * np.hypot(row.promoters_se, row.detractors_se), rel=1e-3)
    assert row.ci_low == pytest.approx(row.nps - 1.959963984540054 * row.se, rel=1e-10)


def test_by_customer_type_equals_r(des):
    t = net_promoter(des, "x", by="customer_type")
    assert t.customer_type.tolist() == ["business", "resident"]
    assert t.nps.tolist() == pytest.approx([-35.08610862248, -49.0913903447207], rel=1e-10)
    assert t.se.tolist() == pytest.approx([13.8146273808657, 3.74725663700903], rel=1e-8)
    assert t.promoters.tolist() == pytest.approx([0.205683239206206, 0.17361101524175], rel=1e-10)
    assert t.promoters_se.tolist() == pytest.approx([0.067243095229793, 0.0151457825297496], rel=1e-8)


def test_a_missing_code_is_no_answer_and_never_a_promoter(des):
    t = net_promoter(des, "x")
    f = des.frame
    answered = f.x.between(0, 10)
    assert t.n.item() == answered.sum() and (f.x == 99).sum() > 0       # the 99s are not counted at all


def test_thresholds_off_the_scale_are_refused(des):
    with pytest.raises(DesignError, match="promoters"):
        net_promoter(des, "x", promoters=6, detractors=6)


def test_the_cli_gives_rs_score_from_a_firms_delivery(tmp_path, capsys):
    """``survey estimate --stat nps`` on the same data delivered as a firm would: the 0-10 item in the instrument's
    YAML (scale: {min: 0, max: 10}), 99 written where the respondent did not know (refused alone, no rating), blanks;
    the same numbers as R's above."""
    import json

    import yaml

    from windoweval.cli import main
    from _nps import RAW

    raw = RAW   # the NPS instrument, shared (tests/_nps.py)
    ins = tmp_path / "hall_nps.yaml"
    ins.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    d = pd.read_csv(HERE / "survey41_data.csv", dtype=str, keep_default_na=False)
    k = d.respondent_id.str[1:].astype(int)
    x = ((k * 7) % 11).astype(str)
    x[k % 13 == 0] = "99"
    x[k % 17 == 0] = ""
    d.insert(d.columns.get_loc("overall"), "recommend", x)
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    rc = main(["survey", "estimate", str(p), "--instrument", str(ins), "--year", "2025", "--stat", "nps",
               "--by", "customer_type", "--format", "json"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    t = pd.DataFrame(json.loads(cap.out))
    assert t.customer_type.tolist() == ["全部 all", "business", "resident"] and set(t.measure) == {"recommend"}
    assert t.estimate.tolist() == pytest.approx([-42.6433918007231, -35.08610862248, -49.0913903447207], rel=1e-10)
    assert t.se.tolist() == pytest.approx([4.61661592379096, 13.8146273808657, 3.74725663700903], rel=1e-8)
    assert "不在量表上" in cap.err                                     # the 99s said, as missing


def test_the_cli_refuses_nps_without_a_0_10_question(capsys):
    from windoweval.cli import main

    p = HERE / "survey41_data.csv"
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--stat", "nps"])
    err = capsys.readouterr().err
    assert rc == 2 and "没有 0–10 分的推荐意愿题" in err and "no 0-10 recommendation question" in err
