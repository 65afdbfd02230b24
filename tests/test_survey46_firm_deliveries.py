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
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

from _nps import INS, RAW  # the NPS instrument, shared
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


def test_a_second_round_whose_period_meets_the_first_is_not_taken_as_a_correction(base, tmp_path, capsys):
    """user41 caught a second wave only when its interviews all fell outside the first's period. A firm whose first
    round ran all year and whose second ran in November-December (ids from 000001 again, other answers) met the
    first's period, so ``--replace`` replaced the year's first round with the second, silently: now most of the
    ids both hold being other interviews (another day, other answers) says another round, refused with the fix;
    a correction of the same interviews (dates fixed, answers as they were) still replaces (user41's test)."""
    y = _yaml(tmp_path)
    r1 = base.copy()
    r1["interview_date"] = pd.to_datetime(r1["interview_date"]).apply(
        lambda d: d.replace(month=1 + d.month % 12)).dt.strftime("%Y-%m-%d")
    r2 = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02", "PW03"], n_per_window=6,
                                seed=99, careless_share=0)
    r2["recommend"] = 8
    r2["interview_date"] = pd.to_datetime(r2["interview_date"]).apply(
        lambda d: d.replace(month=11 + d.month % 2, day=min(d.day, 28))).dt.strftime("%Y-%m-%d")
    assert r2["interview_date"].min() < r1["interview_date"].max()           # the periods meet
    p1, p2, store = tmp_path / "r1.csv", tmp_path / "r2.csv", tmp_path / "store"
    r1.to_csv(p1, index=False)
    r2.to_csv(p2, index=False, encoding="utf-8-sig")
    imp = ["--instrument", str(y), "--year", "2025", "--store", str(store)]
    assert main(["survey", "import", str(p1), *imp]) == 0
    capsys.readouterr()
    for extra in ([], ["--replace"]):
        rc = main(["survey", "import", str(p2), *imp, *extra])
        cap = capsys.readouterr()
        msg = cap.out + cap.err
        assert rc == 3 and "Traceback" not in msg
        assert "是另一轮访问，不是改正交付" in msg and "another round of interviews, not a corrected delivery" in msg
        assert "W2-000001" in msg and "--replaces" in msg
    from windoweval.survey.store import load_responses
    got = load_responses(f"power_hall_2025", store_dir=store)
    assert sorted(got["interview_date"].astype(str)) == sorted(r1["interview_date"])        # the first round kept


def test_a_workbook_with_merged_header_rows_and_a_0_10_item_s_99(base, tmp_path):
    """Fixed columns merged over two header rows, dimension names merged above the item ids, the weight under 权数,
    text strata and PSUs; 98/99 typed (no labels in a workbook): on a 1-5 item refused alone naming the missing code
    9; on the 0-10 item refused alone with the fix to leave it blank -- before, its fix said to enter the missing
    code, 9, a promoter's rating on 0-10."""
    import openpyxl
    b = base.copy()
    b.loc[3, "recommend"] = 99
    b.loc[2, "env1"] = 98
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    fixed = [("respondent_id", "受访者编号"), ("window_id", "窗口编号"), ("interview_date", "访问日期"),
             ("stratum", "抽样层"), ("psu", "初级抽样单元"), ("weight", "权数")]
    for c, (_, name) in enumerate(fixed, 1):
        ws.cell(1, c, name)
        ws.merge_cells(start_row=1, start_column=c, end_row=2, end_column=c)
    col = len(fixed) + 1
    order = []
    for dim in ("environment", "staff", "efficiency", "information", "convenience", None):
        ids = [i.id for i in INS.items if getattr(i, "dimension", None) == dim]
        ws.cell(1, col, dim or "推荐")
        for i in ids:
            ws.cell(2, col, i)
            order.append(i)
            col += 1
        if len(ids) > 1:
            ws.merge_cells(start_row=1, start_column=col - len(ids), end_row=1, end_column=col - 1)
    ws.cell(1, col, "总体满意度")
    ws.merge_cells(start_row=1, start_column=col, end_row=2, end_column=col)
    order.append("overall")
    for r, (_, row) in enumerate(b.iterrows(), 3):
        for c, v in enumerate([row[k] for k, _ in fixed] + [int(row[i]) for i in order], 1):
            ws.cell(r, c, v)
    p = tmp_path / "merged.xlsx"
    wb.save(p)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(b)
    v = chk.valid.set_index("respondent_id")
    assert np.isnan(v.loc["000004", "recommend"]) and np.isnan(v.loc["000003", "env1"])
    assert v["weight"].tolist() == pytest.approx(b["weight"].tolist())
    w = chk.problems[chk.problems.code == "out_of_range"].set_index("column")
    assert "不要填 9（9 在本题是评分）" in w.loc["recommend", "problem_zh"]
    assert w.loc["recommend", "fix_zh"].endswith("受访者不清楚或不适用时留空")
    assert "leave it blank" in w.loc["recommend", "fix_en"] and "missing code" not in w.loc["recommend", "fix_en"]
    assert "缺失代码是 9" in w.loc["env1", "problem_zh"]                  # the 1-5 item's as before
