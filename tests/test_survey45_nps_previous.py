"""survey45: ``survey estimate --stat nps --previous`` gives the change between two years' net promoter scores with
its standard error, as ``--previous`` does for the index and the rate (it was refused: "not yet compared").

Pinned to R 4.2.2 / survey 4.1.1: the two years stacked in strata and clusters of their own (independent samples),
this year's score minus last year's, on tests/golden/survey41_data.csv with x = (k * 7) %% 11 for respondent k in
2025 (99 where k %% 13 == 0, blank where k %% 17 == 0) and x = (k * 5 + 3) %% 11 in 2024 (99 where k %% 11 == 0,
blank where k %% 19 == 0, weights times 1.1); printed with %.15g:

    d <- rbind(d2024, d2025); d$st <- paste(d$year, d$stratum); d$cl <- paste(d$year, d$psu)
    d$pro <- ifelse(d$x %in% 0:10, as.numeric(d$x >= 9), NA); d$det <- ifelse(d$x %in% 0:10, as.numeric(d$x <= 6), NA)
    des <- svydesign(ids = ~cl, strata = ~st, weights = ~weight, data = d, nest = TRUE)
    s <- subset(des, !is.na(pro))
    b <- svyby(~pro + det, ~year, s, svymean, covmat = TRUE)
    svycontrast(b, list(diff = c("2024:pro" = -100, "2025:pro" = 100, "2024:det" = 100, "2025:det" = -100)))
    b2 <- svyby(~pro + det, ~year + customer_type, s, svymean, covmat = TRUE)
    # the same contrast of "2025.business:pro" ... "2024.business:det", and of resident
"""
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from windoweval.cli import main

from _nps import RAW  # the NPS instrument, shared

HERE = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nps")
    raw = RAW   # the NPS instrument, shared (tests/_nps.py)
    ins = tmp / "hall_nps.yaml"
    ins.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    d = pd.read_csv(HERE / "survey41_data.csv", dtype=str, keep_default_na=False)
    k = d.respondent_id.str[1:].astype(int)
    out = {}
    for year, x, w, miss, blank in ((2025, (k * 7) % 11, 1.0, 13, 17), (2024, (k * 5 + 3) % 11, 1.1, 11, 19)):
        x = x.astype(str)
        x[k % miss == 0] = "99"
        x[k % blank == 0] = ""
        e = d.copy()
        e.insert(e.columns.get_loc("overall"), "recommend", x)
        e["interview_date"] = e.interview_date.str.replace("2025-", f"{year}-")
        e["weight"] = (e.weight.astype(float) * w).map(repr)
        p = tmp / f"d{year}.csv"
        e.to_csv(p, index=False)
        out[year] = p
    return ins, out


def _run(files, capsys, *extra):
    ins, p = files
    rc = main(["survey", "estimate", str(p[2025]), "--instrument", str(ins), "--year", "2025", "--stat", "nps",
               "--previous", str(p[2024]), "--format", "json", *extra])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    return pd.DataFrame(json.loads(cap.out)), cap.err


def test_the_change_of_the_score_and_its_se_equal_rs(files, capsys):
    t, _ = _run(files, capsys)
    assert t.measure.tolist() == ["recommend"]
    row = t.iloc[0]
    assert row.estimate_prev == pytest.approx(-41.4734249712983, rel=1e-10)
    assert row.se_prev == pytest.approx(2.90539441028467, rel=1e-8)
    assert row.estimate == pytest.approx(-42.6433918007231, rel=1e-10)
    assert row["diff"] == pytest.approx(-1.16996682942477, rel=1e-9)
    assert row.se_diff == pytest.approx(5.45476482234695, rel=1e-8)
    assert not row.significant


def test_the_change_by_a_column_equals_rs(files, capsys):
    t, _ = _run(files, capsys, "--by", "customer_type")
    t = t.set_index("customer_type")
    assert t.loc[["business", "resident"], "diff"].tolist() == pytest.approx(
        [17.4075913490225, -17.1663260548399], rel=1e-9)
    assert t.loc[["business", "resident"], "se_diff"].tolist() == pytest.approx(
        [17.3642341952196, 8.02190376596787], rel=1e-8)
    assert t.loc["全部 all", "diff"] == pytest.approx(-1.16996682942477, rel=1e-9)


def test_previous_is_read_as_its_own_year_when_year_is_given(tmp_path, capsys):
    """``--year 2025 --previous last_year.csv`` read last year's file as 2025: every row refused as of another year,
    the previous estimate NaN and the change "not significant", exit 0 (the index and the rate as well)."""
    from windoweval.demo import survey as demo
    from windoweval.survey.instrument import load_instrument

    ins = load_instrument("power_hall")
    for year in (2024, 2025):
        demo.generate_delivery(ins, year, ["PW01", "PW02"], n_per_window=20, seed=year).to_csv(
            tmp_path / f"d{year}.csv", index=False)
    rc = main(["survey", "estimate", str(tmp_path / "d2025.csv"), "--instrument", "power_hall", "--year", "2025",
               "--previous", str(tmp_path / "d2024.csv"), "--measures", "overall", "--format", "json"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    t = pd.DataFrame(json.loads(cap.out))
    assert t.estimate_prev.notna().all() and t.se_diff.notna().all(), t
    assert "40 行有错误" not in cap.err


def test_previous_with_a_design_option_is_refused_as_for_the_index(files, capsys):
    ins, p = files
    rc = main(["survey", "estimate", str(p[2025]), "--instrument", str(ins), "--year", "2025", "--stat", "nps",
               "--previous", str(p[2024]), "--fpc", "npop"])
    err = capsys.readouterr().err
    assert rc == 2 and "--previous" in err and "cannot be combined with the design options" in err
    assert "Traceback" not in err
