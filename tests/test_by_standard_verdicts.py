"""The table of verdicts by standard counts every verdict a scored cell can have (``Evaluation.by_standard``).

Before, it counted pass, fail and no data only: a standard whose cells were insufficient evidence (a pass on the
records with evidence alone) or open showed fewer cells than it has, and the reader never saw them.
"""
import pandas as pd

from windoweval.evaluation import BY_STANDARD_VERDICTS, evaluate, verdicts_by_standard
from windoweval.summaries import counted

STANDARDS = {"a": {"title_zh": "甲", "title_en": "A"}, "b": {"title_zh": "乙", "title_en": "B"}}


def test_insufficient_and_open_cells_are_counted_beside_pass_and_fail():
    res = pd.DataFrame({"standard": ["a", "a", "a", "a", "b", "b", "b"],
                        "verdict": ["pass", "insufficient", "insufficient", "open", "fail", "no_data", "report"]})
    got = verdicts_by_standard(res, STANDARDS).set_index("standard")
    assert got.loc["a", ["pass", "fail", "insufficient", "open", "no_data"]].tolist() == [1, 0, 2, 1, 0]
    assert got.loc["b", ["pass", "fail", "insufficient", "open", "no_data"]].tolist() == [0, 1, 0, 0, 1]
    # met share over the decided cells only: insufficient evidence is not a pass
    assert got.loc["a", "met_share"] == 1.0 and got.loc["b", "met_share"] == 0.0


def test_every_scored_cell_of_the_demo_is_counted_once():
    ev = evaluate(2025)
    shown = ev.by_standard.set_index("standard")[list(BY_STANDARD_VERDICTS)].sum(axis=1)
    # the cells every summary counts (summaries.counted): an alternative without records where another alternative of
    # its part of the clause has evidence is no measure of the window (volt33's statistics beside the readings)
    res = counted(ev.card.results[ev.card.results["window_id"].isin(ev.ranking["window_id"])])
    scored = res[res["verdict"] != "report"].groupby("standard").size()
    pd.testing.assert_series_equal(shown.sort_index(), scored.sort_index(), check_names=False)
    assert set(res["verdict"]) <= set(BY_STANDARD_VERDICTS) | {"report"}
