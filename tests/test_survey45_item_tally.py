"""survey45: a row's "another scale" tally is kept per scale (session 44's left item, delivery.py ~:4311).

A 0-10 item of its own (``scale:`` in the instrument) answered -1 counted toward the row's tally of answers another
scale would give, beside the 1-5 items' 0s, and the row's "top" was the 1-5 scale's 5 alone: one 0 on a 1-5 item and a
-1 on the 0-10 item refused the respondent as "interviewed on another scale", though each answer is only off its own
item's scale.  Each item now counts with the items of its own scale, and a scale shifted below counts only in a row
with no answer at the top of that same scale."""
import numpy as np
import pytest
import yaml

from windoweval.demo import survey as demo
from windoweval.paths import INSTRUMENTS_DIR
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

OWN = {"min": 0, "max": 10, "satisfied_min": 9,
       "labels": {0: {"zh": "完全不可能", "en": "Not at all likely"}, 10: {"zh": "非常可能", "en": "Extremely likely"}}}
REC = [{"id": "recommend", "zh": "您向亲友推荐本营业厅的可能性有多大？", "en": "How likely are you to recommend this hall?",
        "scale": OWN},
       {"id": "revisit", "zh": "您下次办理业务仍选择本营业厅的可能性有多大？", "en": "How likely are you to come back?",
        "scale": OWN}]


@pytest.fixture(scope="module")
def ins():
    raw = yaml.safe_load((INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    raw["items"].extend(REC)
    return load_instrument(raw)


def _parse(ins, tmp_path, row):
    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02"], n_per_window=8, seed=7,
                               careless_share=0).astype(object)
    for r in REC:
        b.insert(b.columns.get_loc("overall"), r["id"], "8")
    on = [c for c in ins.coded_columns if c not in ("recommend", "revisit")]
    b.loc[0, on] = "3"                       # no 5 on the 1-5 items: a 0 there may be a 0-4 coding
    for col, val in row.items():
        b.loc[0, col] = val
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False)
    chk = parse_delivery(p, ins, year=2025, screen=False)
    off = chk.problems[chk.problems.code == "out_of_range"]
    kept = b.loc[0, "respondent_id"] in set(chk.valid.respondent_id.astype(str))
    return off, kept


def test_a_negative_answer_on_the_0_10_item_beside_a_0_on_a_1_5_item_keeps_the_respondent(ins, tmp_path):
    off, kept = _parse(ins, tmp_path, {"env1": "0", "recommend": "-1"})
    assert sorted(off.column) == ["env1", "recommend"]
    assert (off.severity == "warning").all(), off[["column", "severity"]]   # before: two errors, the row refused
    assert kept


def test_two_off_answers_on_the_0_10_items_with_a_10_on_neither_are_counted_on_their_own_scale(ins, tmp_path):
    # the other way: both 0-10 items below their scale and no 10 among them: a scale shifted below (-5..5), refused,
    # whatever the 1-5 items say (a 5 there is no top of the 0-10 scale)
    off, kept = _parse(ins, tmp_path, {"recommend": "-1", "revisit": "-3", "env3": "5"})
    assert sorted(off.column) == ["recommend", "revisit"]
    assert (off.severity == "error").all(), off[["column", "severity"]]
    assert "其在 0–10 之间的答案" in off.problem_zh.iloc[0]
    assert not kept


def test_a_10_on_a_0_10_item_makes_its_scales_negatives_no_shift(ins, tmp_path):
    off, kept = _parse(ins, tmp_path, {"recommend": "-1", "revisit": "10", "env1": "0"})
    assert (off.severity == "warning").all() and kept


def test_two_0s_on_the_1_5_items_are_still_another_scale(ins, tmp_path):
    off, kept = _parse(ins, tmp_path, {"env1": "0", "env2": "0", "recommend": "10"})
    assert sorted(off.column) == ["env1", "env2"] and (off.severity == "error").all() and not kept
