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
    df.loc[0, "env1"], df.loc[0, "staff2"] = "6", "7"
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    assert 2 in chk.rejected_rows and chk.valid[chk.valid["row"] == 2].empty
