"""survey43: answers written as a web form or an interviewer writes a score were refused, every answer of the
delivery so written ("neither a numeric code nor a label"): 五分 (the score in a Chinese numeral with its unit, as
5分 is read since session 36) and ★★★★☆ (a web form's star rating exported as its stars: four filled of the
scale's five).  They are read, each spelling warned once with its columns and rows, and the estimates equal those
of the same answers written as codes.  Written otherwise they are still refused: stars that number another scale
(three of ten), stars out of order, 十分满意 (very satisfied, no score), 九分 (no score on a 1-5 scale: 9 is the
missing code, not a "9 points")."""
import numpy as np
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.estimate import satisfaction_index
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
ITEMS = [q.id for q in INS.items] + ["overall"]
ZH = dict(zip("012345", "零一二三四五"))


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02", "PW03"], n_per_window=12, seed=43, careless_share=0)


def _written(base, fn):
    d = base.copy()
    for c in ITEMS:
        d[c] = [fn(str(v)) if str(v) in "12345" else str(v) for v in d[c]]
    return d


def _read(d, tmp_path, name):
    p = tmp_path / name
    d.to_csv(p, index=False, encoding="utf-8-sig")
    return parse_delivery(p, INS, year=2025, screen=False)


@pytest.mark.parametrize("name,fn", [("zh", lambda v: ZH[v] + "分"), ("zh_space", lambda v: ZH[v] + " 分"),
                                     ("stars", lambda v: "★" * int(v) + "☆" * (5 - int(v))),
                                     ("stars_filled_only", lambda v: "★" * int(v))])
def test_a_score_written_in_words_or_stars_is_read_as_its_code(base, tmp_path, name, fn):
    ref = _read(base, tmp_path, "codes.csv")
    chk = _read(_written(base, fn), tmp_path, f"{name}.csv")
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]].head()   # before: every such answer
    assert len(chk.valid) == len(ref.valid) == len(base)
    for c in ITEMS:
        assert chk.valid[c].tolist() == ref.valid[c].tolist(), c
    got = satisfaction_index(chk.valid, INS, by="window_id")
    want = satisfaction_index(ref.valid, INS, by="window_id")
    pd.testing.assert_frame_equal(got, want)
    said = chk.problems[chk.problems.code == "points_read"]
    assert len(said) == len({fn(str(v)) for c in ITEMS for v in base[c] if str(v) in "12345"})  # once a spelling
    if name.startswith("stars"):
        assert said.problem_zh.str.contains("星级").all() and said.problem_en.str.contains("stars").all()


@pytest.mark.parametrize("text", ["★★★☆☆☆☆☆☆☆", "★☆★☆☆", "十分满意", "九分", "☆★★★★"])
def test_a_score_not_on_the_scale_stays_refused(base, tmp_path, text):
    d = base.copy()
    d["env1"] = d["env1"].astype(str)
    d.loc[1, "env1"] = text
    chk = _read(d, tmp_path, "one.csv")
    bad = chk.problems
    hit = bad[(bad.row == 3) & (bad.column == "env1")]
    assert len(hit) == 1 and hit.value.iloc[0] == text
    kept = chk.valid.loc[chk.valid.respondent_id == base.respondent_id[1], "env1"]
    assert kept.empty or np.isnan(float(kept.iloc[0]))   # refused (the row, as any text not a code), never a score
