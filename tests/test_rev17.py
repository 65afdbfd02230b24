"""Review rev17 of the five fix merges of round 16 (git diff 2c33c7a..75fe096): defects confirmed, each as a test
that failed on main (d7bc204) before the fix on branch rev17."""
from __future__ import annotations

import numpy as np

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery

INS = "power_hall"


def _delivery(n=50, seed=4):
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=n, seed=seed,
                                  careless_share=0).astype(object)


# ---------------------------------------------------------------- deliveries (fix16x)

def test_another_questionnaires_missing_codes_on_two_items_keep_the_respondent():
    """A respondent who answered 99 (another questionnaire's "don't know") on two items, every other answer on the
    1-5 scale.  survey/delivery.py:1985-2004 (fix16x) counts every answer off the codes toward "interviewed on another
    scale" -- 98, 99, 4.5 and inf as much as 6-10 -- and refuses the respondent whole on two of them, so their valid
    1-5 answers are dropped though nothing shows another scale (the file's own rule, _longer_scale, counts only whole
    codes up to LONGER_SCALE_MAX above the scale or a scale's length below it; the code's own comment reads 98, 99 as
    another questionnaire's missing codes).  Right: such answers are refused one by one (warnings), the respondent
    kept; only answers a scale of another length would give (6-10, 0 down to -3 for 1-5) count toward refusing the
    row."""
    df = _delivery(n=100)
    for col in ("env1", "staff2"):
        df.loc[0, col] = "99"
    df.loc[1, "env1"], df.loc[1, "staff2"] = "98", "4.5"
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    for row in (2, 3):
        assert row not in chk.rejected_rows, chk.problems[chk.problems["row"] == row][["column", "severity"]]
        kept = chk.valid[chk.valid["row"] == row]
        assert len(kept) == 1 and np.isnan(kept["env1"].iloc[0]) and kept["overall"].notna().all()
    off = chk.problems[chk.problems["row"].isin([2, 3])]
    assert set(off["severity"]) == {"warning"} and len(off) == 4


def test_a_respondent_with_codes_of_a_longer_scale_on_two_items_is_still_refused():
    """The rule kept: 6 and 7 on two items (a 1-10 interview) refuse the row (the review16 test's case, smaller)."""
    df = _delivery(n=100)
    from windoweval.survey import load_instrument

    df.loc[0, "env1"], df.loc[0, "staff2"] = "6", "7"
    cols = list(load_instrument(INS).coded_columns)           # row 3: coded 0-4 throughout (no 5), two 0s
    df.loc[1, cols] = [str(x) for x in ([0, 0] + [1, 2, 3, 4] * 4)[:len(cols)]]
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    assert 2 in chk.rejected_rows and chk.valid[chk.valid["row"] == 2].empty
    assert 3 in chk.rejected_rows



def test_zero_as_not_applicable_beside_fives_is_no_0_to_4_scale():
    """A firm that codes "not applicable" 0 (this questionnaire's missing code is 9): in `env3` a tenth of the
    answers are 0, the rest 1-5 with plenty of 5s.  survey/delivery.py:1413-1440 (fix16x) reads any 5 % of answers
    just below the scale as "the 1-5 scale coded 0-4" and refuses the whole file, and :1985-2004 refuses a respondent
    with 0 on two items whole -- though a 0-4 coding has no 5 at all, so the column (and the respondent) with 5s is
    on the 1-5 scale and its 0s are another code for a missing answer.  Before fix16x each 0 was refused alone (a
    warning), the respondent and the file kept.  Right: codes below the scale are evidence of a shifted scale only
    where answers at the top of the scale are fewer than them; here each 0 is refused alone."""
    df = _delivery(n=100)
    rng = np.random.default_rng(3)
    df["env3"] = [str(x) for x in rng.choice([5, 5, 4, 4, 3, 2, 1], len(df))]
    df.loc[df.index[::10], "env3"] = "0"
    df.loc[0, "env2"] = "0"                                  # row 2: 0 on two items, 5s elsewhere in the row
    df.loc[0, "overall"] = "5"
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].head()
    assert 2 not in chk.rejected_rows
    assert int((chk.problems["column"] == "env3").sum()) == 20


def test_a_column_coded_0_to_4_is_still_refused():
    """The rule kept: `overall` coded 0-4 (no 5 at all) refuses the file (the review16 test's case)."""
    df = _delivery()
    df["overall"] = [str(c) for c in np.random.default_rng(1).choice([0, 1, 2, 3, 4], len(df))]
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    assert not chk.errors.empty

# ---------------------------------------------------------------- verdicts (fix16w): a blank 付数 and the bands' limits

def _pharmacy(finished, doses, params=None):
    import pandas as pd
    from _workspace import workspace

    from windoweval.records import validate
    from windoweval.scoring import score

    n = len(finished)
    ev = validate(pd.DataFrame({
        "event_id": [f"E{i}" for i in range(n)], "window_id": "HPHA", "patient_kind": "outpatient",
        "event_type": "prescription_chinese", "doses": doses, "started_at": ["2025-03-03 09:00"] * n,
        "finished_at": finished}), "hospital_events", file="药房.csv")
    card = score("hospital_commitments", 2025, data="/nonexistent-rev17", records={"hospital_events": ev},
                 workspace=workspace([("HPHA", "门诊药房", "hospital_pharmacy")], params=params or {}))
    return card.results.set_index("measure")


UP_TO_5 = "hospital_commitments.pharmacy.7#chinese_up_to_5"
OVER_5 = "hospital_commitments.pharmacy.7#chinese_over_5"


def test_a_blank_doses_record_is_not_met_past_the_organisations_own_shorter_limit():
    """An organisation promising 8 minutes up to 5 付 (``[params."...#chinese_up_to_5"] limit = 8``): a prescription
    with 3 付 dispensed in 9 minutes misses, yet one with no 付数 dispensed in 9 minutes is *met* in that band.
    kernels/time.py:472-490 (fix16w) places a blank record by ``needs_range`` alone, the standard's [10, 20]
    (hospital_commitments.yaml:426), which the workspace's limit does not change: within 10 minutes it 'meets every
    band', though the band it may be in has 8.  A pass on missing evidence; leaving 付数 blank turns the miss into
    a pass.  Right: the bands' limits are the ones in force (the organisation's own), so a blank record is met only
    within the shortest of them (8 here) and missing evidence between 8 and 20."""
    r = _pharmacy(["2025-03-03 09:09", "2025-03-03 09:09"], [3, None], {UP_TO_5: {"limit": 8}}).loc[UP_TO_5]
    assert (int(r["met"]), int(r["missing_evidence"])) == (0, 1), r.to_dict()


def test_a_blank_doses_record_past_both_bands_own_limits_is_missed():
    """The other side: with 15 minutes promised above 5 付 (``limit = 15`` on #chinese_over_5) and 10 up to 5, a
    prescription with no 付数 dispensed in 18 minutes misses whichever band it is in, but the standard's
    needs_range [10, 20] keeps it missing evidence (not past 20): withholding 付数 avoids a fail.  Right: missed in
    both bands (past the longest limit in force, 15)."""
    r = _pharmacy(["2025-03-03 09:18", "2025-03-03 09:05"], [None, 8], {OVER_5: {"limit": 15}})
    for m in (UP_TO_5, OVER_5):
        assert int(r.loc[m, "missing_evidence"]) == 0 and r.loc[m, "verdict"] == "fail", (m, r.loc[m].to_dict())


# ---------------------------------------------------------------- survey statistics (fix16s)

def _jk1(n=12):
    """A JK1 design of ``n`` one-respondent PSUs (R: as.svrepdesign(svydesign(ids = ~psu, weights = ~w, data = d),
    type = "JK1", compress = FALSE)): replicate r drops PSU r, the others times n / (n - 1)."""
    import pandas as pd

    from windoweval.survey.design import replicate_design

    rng = np.random.default_rng(17)
    d = pd.DataFrame({"psu": np.arange(n), "sex": np.where(np.arange(n) % 2 == 0, "F", "M"),
                      "y": rng.normal(5, 2, n).round(3), "w": rng.uniform(5, 15, n).round(2)})
    d.loc[0, "sex"] = "X"                  # a post-stratum of one respondent: the replicate dropping it has none
    R = np.where(np.eye(n, dtype=bool), 0.0, d["w"].to_numpy()[:, None] * n / (n - 1))
    for r in range(n):
        d[f"rw{r + 1}"] = R[:, r]
    return replicate_design(d, [f"rw{r + 1}" for r in range(n)], type="JK1", weights="w")


def test_post_stratifying_a_replicate_design_with_a_post_stratum_one_replicate_empties_is_refused():
    """survey/design.py:1405-1411, 1456 (fix16s): post_stratify on a replicate design scales each replicate within each
    post-stratum; a replicate that leaves a post-stratum without weight gets NaN weights there, every estimate's
    replicate is NaN and _rep_vcov drops it without a word: the standard error comes from the other replicates, a
    number R never gives.  R 4.2.2 / survey 4.1.1 stops: postStratify(r, ~g, pop) -> 'Error in qr.default(weights(
    design, "analysis"), tol = 1e-05): NA/NaN/Inf in foreign function call' (rake the same), as calibrate here
    refuses a replicate that leaves a level without data.  Right: refused in both languages, naming the column and
    the post-stratum, with the fix (merge it with another)."""
    import pytest

    from windoweval.survey.design import DesignError, post_stratify, rake

    d = _jk1()
    with pytest.raises(DesignError, match="X") as e:
        post_stratify(d, "sex", {"F": 200, "M": 250, "X": 10})
    assert "sex" in str(e.value) and " / " in str(e.value)
    with pytest.raises(DesignError, match="X"):
        rake(d, {"sex": {"F": 200, "M": 250, "X": 10}})


def test_post_stratifying_to_a_population_level_no_respondent_has_is_refused():
    """survey/design.py:1439-1457: post_stratify leaves out, without a word, a population post-stratum that no
    respondent is in (the weights then sum to less than the population: 450 - 10 here), where R's postStratify stops
    ('Some strata absent from sample: use partial=TRUE to ignore them'; R 4.2.2 / survey 4.1.1:
    postStratify(svydesign(ids = ~psu, weights = ~w, data = d), ~sex, data.frame(sex = c("F", "M", "X"),
    Freq = c(200, 250, 10)))), as rake here has refused since fix16s.  A level of population 0 is accepted (R too).
    Right: refused, naming the level and its count."""
    import pandas as pd
    import pytest

    from windoweval.survey.design import DesignError, post_stratify, svydesign

    f = pd.DataFrame({"sex": ["F", "M", "F", "M"], "y": [1.0, 2, 3, 4], "w": 1.0})
    d = svydesign(f, ids=None, strata=None, weights="w")
    with pytest.raises(DesignError, match="X"):
        post_stratify(d, "sex", {"F": 200, "M": 250, "X": 10})
    assert post_stratify(d, "sex", {"F": 200, "M": 250, "X": 0}).weights.sum() == 450
