"""survey40: two firms' deliveries, read as each sends them, estimated end to end with `windoweval survey estimate`
and pinned to R's survey package (R 4.2.2, survey 4.1.1) to 1e-10; golden values from
tests/golden/survey40_survey_r.R (stored JSON; reruns under WINDOWEVAL_RERUN_R=1) on tests/golden/survey40_data.csv.

* firm one, an SPSS .sav: window ids stored as numbers with value labels, respondent ids as N6, SPSS dates, item value
  labels (agreement labels on the reverse items), 99 = 拒答 declared user-missing, blanks system-missing; stratified
  by quarter with window-day PSUs, the firm's own weights (summing to no population) and ``--fpc N_psu``, the
  stratum's population of PSUs: R's svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~N_psu,
  nest = TRUE).
* firm two, an XLSX whose answers are the labels' text (非常满意 ... 非常不满意, 非常同意 ... on the reverse items,
  不清楚), a stratum with one respondent: ``--lonely-psu adjust`` and ``average`` are R's
  options(survey.lonely.psu = ...); without a rule the estimate is refused (exit 3) naming the stratum, as R stops.

Per window and overall: the satisfaction index of overall, each dimension and the composite (svymean, normal
interval) and the satisfaction rate of every item and overall (svyciprop, method = "beta")."""
import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.survey.instrument import load_instrument

from _survey_r import close, rerun_r_test

HERE = Path(__file__).parent / "golden"
G = json.loads((HERE / "survey40_survey_r.json").read_text(encoding="utf-8"))
INS = load_instrument("power_hall")
ITEMS = [c for c in INS.coded_columns if c != "overall"]
RATE_MEASURES = ITEMS + ["overall"]
INDEX_MEASURES = ["overall", *(d.id for d in INS.dimensions), "composite"]
REVERSE = {"staff3", "eff3"}

test_rerun_r_gives_the_stored_values = rerun_r_test("survey40", "about twenty seconds")


def _data(which):
    d = pd.read_csv(HERE / "survey40_data.csv", dtype=str, keep_default_na=False)
    return d[d["set"] == which].drop(columns=["set"]).reset_index(drop=True)


def _labels(item):
    kind = "agreement" if item in REVERSE else "satisfaction"
    return {int(c): zh for c, (zh, _) in INS.label_sets[kind].items()}


def _firm_one_sav(tmp_path) -> Path:
    import pyreadstat

    d = _data("A")
    sav = pd.DataFrame({
        "respondent_id": d["respondent_id"].astype(float),
        "window_id": d["window_id"].str[-2:].astype(float),
        "interview_date": pd.to_datetime(d["interview_date"]).dt.date,
        "stratum": d["stratum"], "psu": d["psu"],
        "weight": d["weight"].astype(float), "N_psu": d["N_psu"].astype(float)})
    for it in INS.coded_columns:
        sav[it] = pd.to_numeric(d[it].replace("", np.nan))
    value_labels = {it: {**{float(c): zh for c, zh in _labels(it).items()}, 9.0: "不清楚", 99.0: "拒答"}
                    for it in INS.coded_columns}
    value_labels["window_id"] = {1.0: "PW01", 2.0: "PW02", 3.0: "PW03"}
    p = tmp_path / "满意度调查_2025.sav"
    pyreadstat.write_sav(sav, str(p), variable_value_labels=value_labels,
                         missing_ranges={it: [99.0] for it in INS.coded_columns},
                         variable_format={"respondent_id": "N6", "interview_date": "SDATE10"},
                         column_labels={"N_psu": "各层总体PSU数"})
    return p


def _firm_two_xlsx(tmp_path) -> Path:
    from openpyxl import Workbook

    d = _data("B").drop(columns=["N_psu"])
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(list(d.columns))
    for _, r in d.iterrows():
        row = [r.respondent_id, r.window_id, datetime.strptime(r.interview_date, "%Y-%m-%d"), r.stratum, r.psu,
               float(r.weight)]
        for it in INS.coded_columns:
            v = r[it]
            row.append(None if v == "" else "不清楚" if v == "9" else _labels(it)[int(v)])
        ws.append(row)
    p = tmp_path / "满意度调查_2025.xlsx"
    wb.save(p)
    return p


def _estimate(capsys, path, *extra):
    rc = main(["survey", "estimate", str(path), "--instrument", "power_hall", "--year", "2025", "--by", "window_id",
               "--format", "json", *extra])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    return pd.DataFrame(json.loads(cap.out)), cap.err


def _check_index(t, g, measures=INDEX_MEASURES):
    for m in measures:
        e = g[m]
        rows = t[t.measure == m]
        top = rows[rows.window_id == "全部 all"]
        assert int(top.n.item()) == e["all"]["n"], m
        for col, key in (("estimate", "est"), ("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
            close(top[col], e["all"][key])
            win = rows[rows.window_id != "全部 all"]
            assert win.window_id.tolist() == e["win"], m
            close(win[col], e[key])


def _check_rate(t, g, measures=RATE_MEASURES):
    for m in measures:
        e = g[m]
        rows = t[t.measure == m]
        top, win = rows[rows.window_id == "全部 all"], rows[rows.window_id != "全部 all"]
        assert win.window_id.tolist() == e["win"], m
        for col, key in (("rate", "est"), ("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
            close(top[col], e["all"][key])
            close(win[col], e[key])


@pytest.fixture(scope="module")
def sav(tmp_path_factory):
    return _firm_one_sav(tmp_path_factory.mktemp("firm_one"))


@pytest.fixture(scope="module")
def xlsx(tmp_path_factory):
    return _firm_two_xlsx(tmp_path_factory.mktemp("firm_two"))


def test_firm_one_sav_index_with_fpc_equals_r(sav, capsys):
    # R: des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~N_psu, data = A, nest = TRUE)
    #    svymean(~i_m, sub); svyby(~i_m, ~window_id, sub, svymean); confint(); sub <- des[!is.na(i_m), ]
    t, _ = _estimate(capsys, sav, "--fpc", "N_psu")
    _check_index(t, G["A"]["index"])


def test_firm_one_sav_item_rates_with_fpc_equal_r(sav, capsys):
    # R: svyby(~s_m, ~window_id, sub, svyciprop, method = "beta", vartype = c("se", "ci")), sub the answerers of m
    t, _ = _estimate(capsys, sav, "--fpc", "N_psu", "--stat", "rate", "--measures", ",".join(RATE_MEASURES))
    _check_rate(t, G["A"]["rate"])


def test_without_the_fpc_the_estimate_is_the_same_and_its_error_larger(sav, capsys):
    # R: svydesign(..., fpc = ~N_psu) against the same design without fpc: a point estimate does not depend on the
    # fpc, its standard error does (here by more than 5 %: 6 PSUs of 10 to 20 in each stratum)
    t, _ = _estimate(capsys, sav)
    g = G["A"]["index"]["overall"]
    top = t[(t.measure == "overall") & (t.window_id == "全部 all")]
    close(top.estimate, g["all"]["est"])
    assert float(top.se.item()) > g["all"]["se"] * 1.05


@pytest.mark.parametrize("rule", ["adjust", "average"])
def test_firm_two_labels_lonely_stratum_index_equals_r(xlsx, capsys, rule):
    # R: options(survey.lonely.psu = rule); des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight,
    #    data = B, nest = TRUE); svyby(~i_m, ~window_id, des[!is.na(i_m), ], svymean) -- stratum S4 one respondent
    t, err = _estimate(capsys, xlsx, "--lonely-psu", rule)
    _check_index(t, G["B"][rule]["index"])


@pytest.mark.parametrize("rule", ["adjust", "average"])
def test_firm_two_labels_lonely_stratum_rates_equal_r(xlsx, capsys, rule):
    # R: options(survey.lonely.psu = rule); svyby(~s_m, ~window_id, sub, svyciprop, method = "beta",
    #    vartype = c("se", "ci"))
    t, _ = _estimate(capsys, xlsx, "--lonely-psu", rule, "--stat", "rate", "--measures", ",".join(RATE_MEASURES))
    _check_rate(t, G["B"][rule]["rate"])


def test_firm_two_without_a_rule_is_refused_naming_the_stratum_as_r_stops(xlsx, capsys):
    # R: options(survey.lonely.psu = "fail") -> svymean stops ("Stratum (S4) has only one PSU at stage 1")
    assert "S4" in G["B"]["fail"]["error"]
    rc = main(["survey", "estimate", str(xlsx), "--instrument", "power_hall", "--year", "2025", "--by", "window_id"])
    cap = capsys.readouterr()
    assert rc == 3
    msg = cap.out + cap.err
    assert "抽样层 S4 只有一个初级抽样单元" in msg and "stratum S4 has a single PSU" in msg
    assert "--lonely-psu" in msg or "lonely_psu" in msg
    assert "Traceback" not in msg
