"""tidy22: a trimmed design records that it was trimmed (bounds, strict, rows moved) beside its other weighting steps
(post-stratify, rake, calibrate: ``design.calibration``), the variance as it was; the command line says so."""
import numpy as np
import pandas as pd

from windoweval.survey import design as S


def _trimmed():
    f = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "g": list("aabbab"), "w": [1.0, 2, 3, 10, 2, 12]})
    d = S.svydesign(f, ids=None, strata=None, weights="w")
    return f, d, S.trim_weights(d, upper=6, strict=True)


def test_a_trimmed_design_records_the_trim():
    f, d, t = _trimmed()
    kind, step = t.calibration[-1]          # before tidy22: () -- nothing showed the weights were trimmed
    assert kind == "trim"
    assert step["upper"] == 6 and step["lower"] == -np.inf and step["strict"] is True
    assert step["rows"] == 2 and step["rounds"] >= 1
    assert S.trim_weights(d, upper=100).calibration == ()     # nothing outside: the same design, nothing recorded


def test_recording_the_trim_leaves_the_variance_as_it_was():
    # the trim is no calibration: the variance, the domains and the degrees of freedom are those of a design
    # declared with the trimmed weights (R: trimWeights keeps a svydesign2 a svydesign2)
    f, d, t = _trimmed()
    plain = S.svydesign(f.assign(w=t.weights), ids=None, strata=None, weights="w")
    pd.testing.assert_frame_equal(S.svymean(t, "y", by="g"), S.svymean(plain, "y", by="g"))
    pd.testing.assert_frame_equal(S.svytotal(t, "y"), S.svytotal(plain, "y"))


def test_a_calibrated_design_trimmed_records_both_steps_in_order():
    f = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "g": list("aabbab"), "w": [1.0, 2, 3, 10, 2, 12]})
    d = S.post_stratify(S.svydesign(f, ids=None, strata=None, weights="w"), "g",
                        pd.DataFrame({"g": ["a", "b"], "Freq": [20.0, 20.0]}))
    t = S.trim_weights(d, lower=5.5)
    assert [k for k, _ in t.calibration] == ["post", "trim"]
    assert t.calibration[-1][1]["rows"] == int((d.weights < 5.5).sum()) and t.calibration[-1][1]["shared"] < 0


def test_the_command_line_says_what_the_trim_did(tmp_path, capsys):
    from pathlib import Path

    from windoweval.cli import main

    p = tmp_path / "delivery.csv"
    pd.read_csv(Path(__file__).parent / "golden" / "survey_fixture.csv", dtype=str,
                keep_default_na=False).to_csv(p, index=False)

    def run(*extra):
        rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--measures",
                   "overall", "--format", "json", *extra])
        return rc, capsys.readouterr()
    rc, out = run("--trim-upper", "1e9")
    assert rc == 0 and "no weight lies outside the bounds (--trim-upper 1e+09)" in out.err, out.err
    from windoweval.survey.delivery import parse_delivery
    w = S.svydesign(parse_delivery(p, "power_hall", year=2025).responses, ids="psu", strata="stratum",
                    weights="weight").weights
    upper = float(np.quantile(w, 0.8))
    rc, out = run("--trim-upper", repr(upper))
    n = int((w > upper).sum())
    assert rc == 0 and f"weights trimmed (--trim-upper {upper:g}): {n} rows set to a bound" in out.err, out.err
    assert out.err.index("权重已截尾") < out.err.index("weights trimmed")      # Chinese first
    assert out.out.lstrip().startswith("[")                                    # stdout: the table alone
