"""survey44b: a delivery read where an instrument item has a 0-10 scale of its own (survey44's leftovers).

1. long-format detection measured the answer column against the instrument's 1-5 codes, so a 0-10 item's 6-10
   lowered the share and the answer column went unnamed in the refusal;
2. a row with several off-scale answers was told of the instrument's 1-5 scale only, and a 10 on a 0-10 item counted
   as an answer at the top of the (1-5) scale, so 0s on 1-5 items beside it were not read as a shifted scale."""
import numpy as np
import pandas as pd
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
        "scale": OWN},
       {"id": "online", "zh": "您向亲友推荐网上国网的可能性有多大？", "en": "How likely are you to recommend the app?",
        "scale": OWN}]


@pytest.fixture(scope="module")
def ins():
    raw = yaml.safe_load((INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    raw["items"].extend(REC)
    return load_instrument(raw)


def _wide(ins, n=8, seed=5):
    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02"], n_per_window=n, seed=seed,
                               careless_share=0).astype(object)
    rng = np.random.default_rng(seed)
    for r in REC:
        b.insert(b.columns.get_loc("overall"), r["id"], rng.choice([6, 7, 8, 9, 10], size=len(b)).astype(str))
    return b


def test_a_long_delivery_names_its_answer_column_though_0_10_items_answer_6_to_10(ins, tmp_path):
    b = _wide(ins)
    items = ["env1", "env2", "env3", "staff1", "staff2", "staff3", "eff1", "eff2"] + [r["id"] for r in REC]
    assert all(c in ins.coded_columns for c in items)
    fixed = [c for c in b.columns if c not in ins.coded_columns]
    long = b.melt(id_vars=fixed, value_vars=items, var_name="题目", value_name="得分")
    # the 0-10 answers are off the 1-5 codes in more than a fifth of the rows: the old share fell below 0.8
    assert (~pd.to_numeric(long["得分"]).isin(list(ins.valid_codes))).mean() > 0.2
    p = tmp_path / "long.csv"
    long.to_csv(p, index=False)
    e = parse_delivery(p, ins, year=2025, screen=False).errors
    lf = e[e.code == "long_format"]
    assert len(lf) == 1
    assert "列 '得分' 是答案" in lf.problem_zh.item() and "column '得分' the answers" in lf.problem_en.item()
    assert "'得分'" in lf.fix_en.item()


def _one_nps_ins():
    raw = yaml.safe_load((INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    raw["items"].append(REC[0])
    return load_instrument(raw)


def _rows(tmp_path, edits):
    ins = _one_nps_ins()
    b = _wide(ins).drop(columns=["revisit", "online"])
    for row, col, val in edits:
        b.loc[row, col] = val
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False)
    return parse_delivery(p, ins, year=2025, screen=False)


def test_a_row_off_the_scale_names_each_columns_own_scale(tmp_path):
    chk = _rows(tmp_path, [(0, "env1", "7"), (0, "env2", "8"), (0, "recommend", "11")])
    e = chk.problems[(chk.problems.severity == "error") & (chk.problems.code == "out_of_range")]
    rec, env = e[e.column == "recommend"], e[e.column == "env1"]
    assert len(rec) == 1 and len(env) == 1
    assert "其在 0–10 之间的答案" in rec.problem_zh.item() and "their answers 0-10 cannot" in rec.problem_en.item()
    assert "其在 1–5 之间的答案" in env.problem_zh.item() and "their answers 1-5 cannot" in env.problem_en.item()
    assert "题目 recommend 按它自己的 0–10 分量表" in rec.fix_zh.item()
    assert "item recommend on its own 0-10 scale" in env.fix_en.item()


def test_a_ten_on_the_0_10_item_is_no_answer_at_the_top_of_the_1_5_scale(tmp_path):
    # 0 on two 1-5 items and no 5 among them: coded 0-4; the 10 on the 0-10 item is not the 1-5 scale's top
    ins = _one_nps_ins()
    b = _wide(ins).drop(columns=["revisit", "online"])
    on = [c for c in ins.coded_columns if c != "recommend"]
    b.loc[0, on] = "3"
    b.loc[0, ["env1", "env2"]] = "0"
    b.loc[0, "recommend"] = "10"
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False)
    chk = parse_delivery(p, ins, year=2025, screen=False)
    e = chk.problems[(chk.problems.severity == "error") & (chk.problems.code == "out_of_range")]
    assert sorted(e.column) == ["env1", "env2"]            # before: two warnings, the respondent kept
    assert b.loc[0, "respondent_id"] not in set(chk.valid.respondent_id.astype(str))
    # the same row with a 5 on a 1-5 item: 0 is another code for not applicable, the respondent kept
    b.loc[0, "env3"] = "5"
    b.to_csv(p, index=False)
    chk = parse_delivery(p, ins, year=2025, screen=False)
    assert (chk.problems.severity[chk.problems.code == "out_of_range"] == "warning").all()
