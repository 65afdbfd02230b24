"""survey23 #1: ``survey estimate --weighting FILE`` delivers, beside the estimates, how the weights were made: the
delivery's design weights, then each post-stratification, raking, calibration and trim in the order run, with the
population figures, the weighted totals before and after each step and the weights' range; the table format prints it
after the estimates.  Before survey23 the output carried no account (only a trim noted itself on stderr), so a
reader of the delivered estimates could not tell how the weights were made."""
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.design import post_stratify, rake, svydesign, trim_weights
from windoweval.survey.instrument import load_instrument

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def files(tmp_path):
    f = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str, keep_default_na=False)
    (tmp_path / "delivery.csv").write_text(f.to_csv(index=False), encoding="utf-8")
    wins = sorted(f["window_id"].unique())
    pd.DataFrame({"window_id": wins, "Freq": [60000 + 1000 * i for i in range(len(wins))]}).to_csv(
        tmp_path / "post.csv", index=False)
    pd.DataFrame({"variable": ["customer_type"] * 3 + ["stratum"] * 3,
                  "level": ["resident", "business", "other", "D1", "D2", "D3"],
                  "Freq": [250000, 95000, 20000, 120000, 125000, 120000]}).to_csv(tmp_path / "rake.csv", index=False)
    return tmp_path


def _run(capsys, p, extra, fmt="json"):
    rc = main(["survey", "estimate", str(p / "delivery.csv"), "--instrument", "power_hall", "--year", "2025",
               "--measures", "overall", "--format", fmt, *extra])
    return rc, capsys.readouterr()


def _design(p):
    ins = load_instrument("power_hall")
    return svydesign(parse_delivery(p / "delivery.csv", ins, year=2025).responses, ids="psu", strata="stratum",
                     weights="weight")


def test_the_weighting_file_accounts_for_each_step(files, capsys):
    f = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str)
    assert set(f["customer_type"]) == {"resident", "business", "other"}
    out = files / "weighting.json"
    rc, got = _run(capsys, files, ["--poststratify", str(files / "post.csv"), "--rake", str(files / "rake.csv"),
                                   "--trim-upper", "1900", "--weighting", str(out)])
    assert rc == 0, got.err
    acc = pd.DataFrame(json.loads(out.read_text(encoding="utf-8")))
    assert list(acc["step"].unique()) == ["抽样权重 design weights", "事后分层 post-stratification",
                                          "多边际加权 raking", "截尾 trimming"]
    # the same steps by the library: every figure traced to the weights
    d0 = _design(files)
    pop = pd.read_csv(files / "post.csv", dtype={"window_id": str})
    d1 = post_stratify(d0, ["window_id"], pop)
    m = pd.read_csv(files / "rake.csv", dtype=str)
    margins = {v: dict(zip(g["level"], g["Freq"].astype(float))) for v, g in m.groupby("variable", sort=False)}
    d2 = rake(d1, margins, maxit=100, epsilon=1e-10)
    d3 = trim_weights(d2, upper=1900.0)

    def row(step, variable, level):
        r = acc[acc["step"].str.startswith(step) & acc["variable"].eq(variable) & acc["level"].eq(level)]
        assert len(r) == 1, (step, variable, level)
        return r.iloc[0]

    assert row("抽样权重", "权重 weights", "合计 sum")["after"] == pytest.approx(d0.weights.sum(), rel=1e-12)
    pw = row("事后分层", "window_id", "PW02")
    assert pw["target"] == 61000
    assert pw["before"] == pytest.approx(d0.weights[d0.frame["window_id"].eq("PW02").to_numpy()].sum(), rel=1e-12)
    assert pw["after"] == pytest.approx(61000, rel=1e-12)
    ct = row("多边际加权", "customer_type", "business")
    ok = d1.frame["customer_type"].eq("business").to_numpy()
    assert ct["target"] == 95000 and ct["before"] == pytest.approx(d1.weights[ok].sum(), rel=1e-12)
    assert ct["after"] == pytest.approx(d2.weights[ok].sum(), rel=1e-12)
    assert row("多边际加权", "权重 weights", "最大 max")["after"] == pytest.approx(d2.weights.max(), rel=1e-12)
    assert row("截尾 trimming", "界限 bound", "上限 upper")["target"] == 1900
    assert row("截尾", "截尾 trim", "设为界限的行 rows set to a bound")["after"] == d3.calibration[-1][1]["rows"] > 0
    assert row("截尾", "权重 weights", "最大 max")["after"] == pytest.approx(1900, rel=1e-12)
    assert row("截尾", "权重 weights", "权重改变的行 rows changed")["after"] == np.count_nonzero(d3.weights != d2.weights)
    # the estimates are on stdout as before
    assert "estimate" in pd.read_json(io.StringIO(got.out)).columns


def test_calibration_terms_and_a_csv_account(files, capsys):
    out = files / "weighting.csv"
    d0 = _design(files)
    dur = pd.to_numeric(d0.frame["duration_s"]).to_numpy()
    total = float(d0.weights.sum()) * 1.05
    pd.DataFrame({"term": ["(Intercept)", "duration_s"], "total": [total, float(dur @ d0.weights)]}).to_csv(
        files / "cal.csv", index=False)
    rc, got = _run(capsys, files, ["--calibrate", str(files / "cal.csv"), "--weighting", str(out)], fmt="csv")
    assert rc == 0, got.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                         # Excel reads it as UTF-8
    acc = pd.read_csv(out, encoding="utf-8-sig")
    cal = acc[acc["step"].eq("校准 calibration") & acc["variable"].eq("(Intercept)")].iloc[0]
    assert cal["target"] == pytest.approx(total) and cal["after"] == pytest.approx(total, rel=1e-10)
    assert cal["before"] == pytest.approx(d0.weights.sum(), rel=1e-12)


def test_the_table_prints_the_account_after_the_estimates(files, capsys):
    rc, got = _run(capsys, files, ["--poststratify", str(files / "post.csv")], fmt="table")
    assert rc == 0, got.err
    assert "how the weights were made" in got.out and "事后分层 post-stratification" in got.out
    # the estimates first (their head and the measure's row), then the account (rev23b: this read `... > index("PW")
    # or "估计值" in got.out`, true whatever the order, as the estimates' head always holds 估计值)
    assert got.out.index("估计值 estimate") < got.out.index("overall") < got.out.index("how the weights were made")
    assert got.out.index("how the weights were made") < got.out.index("PW01")


def test_weighting_without_a_weighting_step_is_a_usage_error(files, capsys):
    rc, got = _run(capsys, files, ["--weighting", str(files / "w.json")])
    assert rc == 2 and "--weighting" in got.err and " / " in got.err
    assert not (files / "w.json").exists()


def test_a_failed_run_leaves_the_previous_account(files, capsys):
    out = files / "weighting.json"
    out.write_text("previous", encoding="utf-8")
    rc, got = _run(capsys, files, ["--trim-upper", "1e-6", "--trim-strict", "--weighting", str(out)])
    assert rc == 3
    assert out.read_text(encoding="utf-8") == "previous"
