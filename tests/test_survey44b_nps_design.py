"""survey44b: ``survey estimate --stat nps`` on the design the design options make, as the index and the rate are
(before: --fpc, --poststratify, --rake, --calibrate and trimming were refused with --stat nps).  Pinned to R 4.1.1 /
survey 4.1.1 on tests/golden/survey41_data.csv with x = (k * 7) %% 11 for respondent k, 99 where k %% 13 == 0 and
blank where k %% 17 == 0 (as tests/test_survey44_nps_r.py), post-stratified to customer types.  The reference call
(R, printed with %.15g):

    des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
    d$pro <- ifelse(d$x %in% 0:10, as.numeric(d$x >= 9), NA); d$det <- ifelse(d$x %in% 0:10, as.numeric(d$x <= 6), NA)
    pop <- data.frame(customer_type = c("business", "resident"), Freq = c(5200, 24800))
    ps <- postStratify(des, ~customer_type, pop)
    m <- svymean(~pro + det, ps, na.rm = TRUE); svycontrast(m, list(nps = c(pro = 100, det = -100)))

With the fpc, the PSUs in each stratum's population (npsu: 东区 10, 西区 8, 南区 6), the same data, no post-strata:

    des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~npsu, data = d, nest = TRUE)
    m <- svymean(~pro + det, des, na.rm = TRUE); svycontrast(m, list(nps = c(pro = 100, det = -100)))

(By a group, svyby(~pro + det, ~g, subset(ps, !is.na(pro)), svymean, covmat = TRUE) stops in R 4.1.1 on a
post-stratified design: the whole sample is pinned.)"""
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from windoweval.cli import main

from _nps import RAW  # the NPS instrument, shared

HERE = Path(__file__).parent / "golden"
R_PRO, R_DET = 0.179373035852737, 0.64512537830696
R_PRO_SE, R_DET_SE = 0.00843159236089223, 0.0150894435381487
R_NPS, R_SE = -46.5752342454223, 1.95694536460227


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nps")
    raw = RAW   # the NPS instrument, shared (tests/_nps.py)
    ins = tmp / "hall_nps.yaml"
    ins.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    d = pd.read_csv(HERE / "survey41_data.csv", dtype=str, keep_default_na=False)
    k = d.respondent_id.str[1:].astype(int)
    x = ((k * 7) % 11).astype(str)
    x[k % 13 == 0] = "99"
    x[k % 17 == 0] = ""
    d.insert(d.columns.get_loc("overall"), "recommend", x)
    d["npsu"] = d.stratum.map({"东区": "10", "西区": "8", "南区": "6"})
    p = tmp / "d.csv"
    d.to_csv(p, index=False)
    pop = tmp / "types.csv"
    pd.DataFrame({"customer_type": ["business", "resident"], "Freq": [5200, 24800]}).to_csv(pop, index=False)
    return p, ins, pop


def _run(files, capsys, *extra):
    p, ins, _ = files
    rc = main(["survey", "estimate", str(p), "--instrument", str(ins), "--year", "2025", "--stat", "nps",
               "--format", "json", *extra])
    cap = capsys.readouterr()
    return rc, cap


def test_nps_post_stratified_equals_r(files, capsys, tmp_path):
    w = tmp_path / "weighting.csv"
    rc, cap = _run(files, capsys, "--poststratify", str(files[2]), "--weighting", str(w))
    assert rc == 0, cap.err
    t = pd.DataFrame(json.loads(cap.out)).iloc[0]
    assert t.estimate == pytest.approx(R_NPS, rel=1e-10) and t.se == pytest.approx(R_SE, rel=1e-8)
    assert t.promoters == pytest.approx(R_PRO, rel=1e-10) and t.detractors == pytest.approx(R_DET, rel=1e-10)
    assert t.promoters_se == pytest.approx(R_PRO_SE, rel=1e-8)
    assert t.detractors_se == pytest.approx(R_DET_SE, rel=1e-8)
    assert t.ci_low == pytest.approx(t.estimate - 1.959963984540054 * t.se, rel=1e-10)
    a = pd.read_csv(w)          # the weighting account is written as for the index
    assert {"business", "resident"} <= set(a.astype(str).stack())


def test_nps_with_the_fpc_equals_r(files, capsys):
    rc, cap = _run(files, capsys, "--fpc", "npsu")
    assert rc == 0, cap.err
    t = pd.DataFrame(json.loads(cap.out)).iloc[0]
    assert t.estimate == pytest.approx(-42.6433918007231, rel=1e-10)          # the fpc leaves the point as it is
    assert t.se == pytest.approx(3.95123311439344, rel=1e-8)                  # without it: 4.61661592379096
    assert t.promoters_se == pytest.approx(0.0209357261433305, rel=1e-8)
    assert t.detractors_se == pytest.approx(0.0190429123736966, rel=1e-8)


def test_the_post_stratified_score_is_not_the_plain_one(files, capsys):
    rc, cap = _run(files, capsys)
    assert rc == 0, cap.err
    plain = pd.DataFrame(json.loads(cap.out)).iloc[0]
    assert plain.estimate == pytest.approx(-42.6433918007231, rel=1e-10)     # tests/test_survey44_nps_r.py
    assert plain.estimate != pytest.approx(R_NPS, rel=1e-3)


@pytest.mark.parametrize("opt, said", [(["--deff"], "design effect"), (["--alpha"], "other statistics")])
# (--previous is no longer refused with --stat nps: survey45 built it, tests/test_survey45_nps_previous.py)
def test_what_does_not_apply_is_refused_with_the_way_out(files, capsys, opt, said):
    rc, cap = _run(files, capsys, *opt)
    assert rc == 2 and said in cap.err and "Traceback" not in cap.err
