"""Careless-responding screens: each screen, the two-screen rule, the cut-offs as parameters."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from windoweval.demo import survey as demo
from windoweval.survey.instrument import load_instrument
from windoweval.survey.screening import SCREENS, screen_responses

INS = load_instrument("power_hall")
K = len(INS.item_ids)


def frame(answers, *, overall=None, durations=None, windows=None, dates=None):
    df = pd.DataFrame(answers, columns=list(INS.item_ids)).astype(float)
    n = len(df)
    df["overall"] = overall if overall is not None else 4
    df["respondent_id"] = [f"r{i}" for i in range(n)]
    df["row"] = np.arange(2, n + 2)
    df["window_id"] = windows if windows is not None else [f"W{i}" for i in range(n)]
    df["interview_date"] = dates if dates is not None else "2025-03-01"
    df["duration_s"] = durations if durations is not None else 300.0
    return df


VARIED = [4, 5, 3, 4, 2, 1, 5, 3, 4, 2, 5, 4, 3, 5, 2, 4, 3]  # a attentive respondent


def test_straightline_and_low_irv_fire_together_and_flag():
    s = screen_responses(frame([[5] * K, VARIED]), INS)
    assert s["straightline"].tolist() == [True, False]
    assert s["low_irv"].tolist() == [True, False]
    assert s["flagged"].tolist() == [True, False]
    assert s.loc[0, "longest_run"] == K and s.loc[0, "irv"] == 0.0
    assert s.loc[0, "screens_fired"] == "straightline,low_irv"


def test_longest_run_counts_consecutive_answers_and_blanks_break_runs():
    a = [1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 5]
    b = list(a)
    b[12] = np.nan  # splits the run of six 4s into 2 and 3: the five 2s are now the longest
    s = screen_responses(frame([a, b]), INS, screens=("straightline",))
    assert s["longest_run"].tolist() == [6, 5]


def test_missing_codes_count_for_the_run_but_not_for_variability():
    a = [9] * 12 + [1, 5, 1, 5, 3]
    s = screen_responses(frame([a]), INS)
    assert s.loc[0, "longest_run"] == 12
    assert s.loc[0, "irv"] == pytest.approx(np.std([1, 5, 1, 5, 3], ddof=1))


def test_speeders_are_under_40_percent_of_the_median():
    d = [300, 310, 290, 305, 100, 117]  # median 295: 40 % is 118
    s = screen_responses(frame([VARIED] * 6, durations=d), INS, screens=("speeder",))
    assert s["speeder"].tolist() == [False, False, False, False, True, True]
    s = screen_responses(frame([VARIED] * 6, durations=d), INS, screens=("speeder",), speed_ratio=0.3)
    assert not s["speeder"].any()


def test_no_durations_no_speeders():
    df = frame([VARIED, [5] * K]).drop(columns="duration_s")
    s = screen_responses(df, INS)
    assert not s["speeder"].any() and s["duration_ratio"].isna().all()


def test_identical_patterns_only_within_window_and_day():
    ans = [VARIED, VARIED, VARIED, VARIED]
    s = screen_responses(frame(ans, windows=["A", "A", "A", "B"], dates=["2025-03-01", "2025-03-01", "2025-03-02",
                                                                       "2025-03-01"]), INS)
    assert s["identical"].tolist() == [True, True, False, False]
    assert s["n_identical"].tolist() == [2, 2, 1, 1]
    assert not s["flagged"].any()  # one screen is not enough
    s = screen_responses(frame(ans, windows=["A"] * 4, dates="2025-03-01"), INS, identical_min=5)
    assert not s["identical"].any()


def test_min_screens_and_screen_selection_are_parameters():
    df = frame([VARIED, [5] * K], durations=[300, 100])
    assert screen_responses(df, INS)["n_screens"].tolist() == [0, 2]
    assert screen_responses(df, INS, min_screens=3)["flagged"].tolist() == [False, False]
    s = screen_responses(df, INS, screens=("straightline",), min_screens=1)
    assert s["flagged"].tolist() == [False, True] and not s["low_irv"].any()
    with pytest.raises(ValueError):
        screen_responses(df, INS, screens=("psychic",))
    assert screen_responses(df, INS, longstring_min=K + 1)["straightline"].tolist() == [False, False]
    assert screen_responses(df, INS, irv_max=2.0)["low_irv"].tolist() == [True, True]


def test_planted_careless_respondents_are_found_and_honest_ones_rarely():
    df = demo.generate_delivery(INS, 2025, ["PW01", "PW02", "PW03", "PW04"], n_per_window=100, seed=21,
                                careless_share=0.05)
    s = screen_responses(df, INS)
    fast = df["duration_s"] < 0.4 * df["duration_s"].median()
    straight = df[list(INS.item_ids)].nunique(axis=1) == 1
    planted = fast & (straight | s["identical"])
    assert planted.sum() >= 15
    assert s.loc[planted, "flagged"].all()
    assert s.loc[~planted, "flagged"].mean() < 0.02


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, np.nan]), min_size=K, max_size=K),
                min_size=2, max_size=12), st.randoms(use_true_random=False))
def test_screens_do_not_depend_on_row_order(answers, rnd):
    df = frame(answers, windows=["A"] * len(answers), durations=np.linspace(50, 500, len(answers)))
    s = screen_responses(df, INS).set_index("respondent_id")
    order = list(range(len(df)))
    rnd.shuffle(order)
    t = screen_responses(df.iloc[order], INS).set_index("respondent_id").loc[s.index]
    pd.testing.assert_frame_equal(s[list(SCREENS) + ["n_screens", "flagged", "longest_run"]],
                                  t[list(SCREENS) + ["n_screens", "flagged", "longest_run"]])
    assert (s["longest_run"] <= K).all() and (s["flagged"] == (s["n_screens"] >= 2)).all()
