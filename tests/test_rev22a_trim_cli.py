"""rev22a: trim_weights (R's trimWeights, survey22) offered on the command line beside the other design options:
``survey estimate --trim-upper U [--trim-lower L] [--trim-strict]`` trims the design's weights after --poststratify,
--rake and --calibrate (R's order: trimWeights of the calibrated design) and equals the library's estimate; bounds
that cannot hold are refused with exit code 3 and the option named, zh/en; --trim-strict without a bound is a usage
error (it would do nothing)."""
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from windoweval.cli import main
from windoweval.survey.design import svydesign, svymean, trim_weights
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.estimate import _exclusions, score_responses
from windoweval.survey.instrument import load_instrument

GOLDEN = Path(__file__).parent / "golden"


def _delivery(tmp_path):
    f = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str, keep_default_na=False)
    p = tmp_path / "delivery.csv"
    f.to_csv(p, index=False)
    return p


def _run(capsys, p, extra):
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--measures", "overall",
               "--format", "json", *extra])
    out = capsys.readouterr()
    return rc, out


def _library(p, **trim):
    """What the command line computes (cli/survey.py _design_estimate), by the library's own calls."""
    ins = load_instrument("power_hall")
    d = svydesign(parse_delivery(p, ins, year=2025).responses, ids="psu", strata="stratum", weights="weight")
    if trim:
        d = trim_weights(d, **trim)
    values = score_responses(d.frame, ins)[["overall"]].reset_index(drop=True)
    values.loc[_exclusions(d.frame, ins, False)] = float("nan")
    return svymean(d, values)["mean"].iloc[0], d


def test_trim_on_the_command_line_equals_trim_weights(tmp_path, capsys):
    p = _delivery(tmp_path)
    rc, out = _run(capsys, p, ["--deff"])
    assert rc == 0, out.err
    base = pd.read_json(io.StringIO(out.out))["estimate"].iloc[0]
    plain, d = _library(p)
    np.testing.assert_allclose(base, plain, rtol=1e-12)                    # the same computation as the CLI's
    upper = float(np.quantile(d.weights, 0.8))
    rc, out = _run(capsys, p, ["--trim-upper", repr(upper), "--trim-strict"])
    assert rc == 0, out.err
    got = pd.read_json(io.StringIO(out.out))["estimate"].iloc[0]
    want, t = _library(p, upper=upper, strict=True)
    assert t.weights.max() <= upper and abs(want - plain) > 1e-9           # the trimming changed the estimate
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_bounds_that_cannot_hold_exit_3_naming_the_option(tmp_path, capsys):
    p = _delivery(tmp_path)
    rc, out = _run(capsys, p, ["--trim-upper", "1e-6", "--trim-strict"])
    assert rc == 3
    assert "--trim-upper" in out.err and "trim_weights" in out.err and " / " in out.err


def test_strict_without_a_bound_is_a_usage_error(tmp_path, capsys):
    p = _delivery(tmp_path)
    rc, out = _run(capsys, p, ["--trim-strict"])
    assert rc == 2 and "--trim-strict" in out.err
