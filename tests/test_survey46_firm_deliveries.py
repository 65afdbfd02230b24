"""survey46, as a survey firm delivering a year's survey (round four): an SPSS .sav under the firm's own variable
names (labels in Chinese), 98/99 declared missing, a 0-10 recommendation item beside the 1-5 items, text strata and
PSUs, a respondent with every item blank; and a GBK CSV with blank 0-10 answers.  What was wrong:

1. a 0-10 item's 99 = 不知道 (declared missing in the .sav) was read as blank and said so once for the column, then
   again on every such row as an "unanswered (blank) item" whose fix said to "use the missing code": on 0-10 the
   missing code 9 is a rating (a promoter's), so the advice would have turned "did not know" into a 9;
2. a blank 0-10 answer's warning gave the same advice; it now says that item has no such code: leave it blank.
"""
import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.paths import INSTRUMENTS_DIR
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

RAW = yaml.safe_load((INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
RAW["items"].append({"id": "recommend", "zh": "您向亲友推荐本营业厅的可能性有多大？",
                     "en": "How likely are you to recommend this hall?",
                     "scale": {"min": 0, "max": 10, "satisfied_min": 9,
                               "labels": {0: {"zh": "完全不可能", "en": "Not at all likely"},
                                          10: {"zh": "非常可能", "en": "Extremely likely"}}}})
INS = load_instrument(RAW)
QS = [i.id for i in INS.items if i.id != "recommend"] + ["overall", "recommend"]


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02", "PW03"], n_per_window=6,
                               seed=46, careless_share=0)
    b["recommend"] = np.random.default_rng(46).integers(0, 11, len(b))
    return b


def _sav(base, path):
    b = base.copy()
    b.loc[[3, 9], "recommend"] = 99
    b.loc[5, "recommend"] = 98
    b.loc[2, "env1"] = 98
    sav = pd.DataFrame({"ID": b["respondent_id"].astype(str), "HALL": b["window_id"].str[-1].astype(float),
                        "INTDATE": pd.to_datetime(b["interview_date"]).dt.date, "STRAT": "城区" + b["stratum"].astype(str),
                        "CLUSTER": b["psu"].astype(str), "FINALWT": b["weight"].astype(float)})
    for k, q in enumerate(QS, 1):
        sav[f"Q{k}"] = b[q].astype(float)
        sav.loc[10, f"Q{k}"] = np.nan                   # a respondent with every item blank
    texts = {i.id: i.zh for i in INS.items} | {"overall": "总体满意度"}
    labels = ["受访者编号", "窗口编号", "访问日期", "抽样层", "初级抽样单元", "权重"] + [texts[q] for q in QS]
    five = {1.0: "非常不满意", 2.0: "不满意", 3.0: "一般", 4.0: "满意", 5.0: "非常满意", 98.0: "不适用", 99.0: "不知道"}
    ten = {0.0: "完全不可能", 10.0: "非常可能", 98.0: "不适用", 99.0: "不知道"}
    vl = {f"Q{k}": (ten if q == "recommend" else five) for k, q in enumerate(QS, 1)} | {
        "HALL": {1.0: "PW01", 2.0: "PW02", 3.0: "PW03"}}
    pyreadstat.write_sav(sav, str(path), column_labels=labels, variable_value_labels=vl,
                         missing_ranges={f"Q{k}": [98.0, 99.0] for k in range(1, len(QS) + 1)},
                         variable_format={"INTDATE": "DATE11"})
    return b


def test_a_firms_sav_is_read_and_a_0_10_no_answer_said_once(base, tmp_path):
    p = tmp_path / "firm.sav"
    b = _sav(base, p)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.code.tolist() == ["no_answers"] and chk.errors.row.tolist() == [11]   # the all-blank row
    assert len(chk.valid) == len(b) - 1                                                  # every other counted
    v = chk.valid.set_index("respondent_id")
    assert np.isnan(v.loc[["000004", "000006", "000010"], "recommend"]).all()          # 99/98: blank, not 9
    assert v.loc["000003", "env1"] == 9                                                  # 98 on 1-5: the missing code
    assert v["stratum"].str.startswith("城区").all() and v["psu"].str.startswith("PW0").all()
    ok = b.drop(index=[3, 5, 9, 10]).set_index("respondent_id")["recommend"]
    assert v.loc[ok.index, "recommend"].tolist() == ok.astype(float).tolist()          # 0-10 answers as given
    w = chk.problems[chk.problems.severity == "warning"]
    assert (w.code == "recoded_missing").sum() == 2
    blank = w[w.code == "blank_answer"]
    assert not blank["value"].astype(str).str.contains("recommend").any()     # before: rows 4, 6, 10 again


def test_a_blank_0_10_answer_is_not_told_to_take_the_missing_code(base, tmp_path, capsys):
    b = base.astype(object).copy()
    b.loc[1, ["recommend", "env2"]] = ""
    b.loc[4, "recommend"] = ""
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False, encoding="gbk")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    w = chk.problems[chk.problems.code == "blank_answer"]
    assert w["value"].tolist() == ["env2,recommend", "recommend"]
    m_zh, m_en = w.problem_zh.iloc[0], w.problem_en.iloc[0]
    assert "recommend 自带量表，9 是它的评分，不清楚时留空即可，不要填 9" in m_zh
    assert "leave it blank when the respondent did not know, never 9" in m_en
    assert len(chk.valid) == len(b)
    rc = main(["survey", "check", str(p), "--instrument", str(_yaml(tmp_path)), "--year", "2025"])
    assert rc == 0 and "Traceback" not in capsys.readouterr().err


def _yaml(tmp_path):
    y = tmp_path / "ph_nps.yaml"
    y.write_text(yaml.safe_dump(RAW, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return y
