"""Survey deliveries, round five: Stata files, and the same respondent interviewed in two quarters.

Fixed here, each test failing on the code before:

* a Stata ``.dta`` delivery was refused ("unsupported file type '.dta'") though pyreadstat reads it. It is read
  with the same checks as an SPSS ``.sav``: value labels of identifier columns are what surveyors mean (1 ->
  PW01), item labels must agree with the instrument (a reversed scale refused), and Stata's extended missing values
  ``.a``-``.z`` are an item not answered (blank, warned about), never a score;
* the same respondent id in two quarters was refused as "duplicate respondent id with different answers" with no
  word of quarters. **Decided:** a respondent interviewed again in another quarter (a panel) is a valid interview,
  counted in its own quarter, but each interview is one row and needs its own id (the id keys the row in the
  store); the refusal now names both quarters and suggests an id (``000001-Q3``).
"""
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
LABELS = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意", 9: "不清楚"}


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=8, seed=5, careless_share=0)


def _dta(base, path, labels=LABELS):
    pyreadstat = pytest.importorskip("pyreadstat")
    s = base.drop(columns=["comment"]).copy()
    s["window_id"] = s["window_id"].map({"PW01": 1, "PW02": 2, "PW03": 3}).astype(float)
    items = list(INS.coded_columns)
    for c in items:
        s[c] = s[c].astype(object)
    s.loc[0, "env1"], s.loc[1, "env2"], s.loc[2, "overall"] = "a", "z", "b"     # Stata's .a, .z, .b
    s["interview_date"] = pd.to_datetime(s["interview_date"])                  # a Stata date (%td)
    vl = {c: labels for c in items}
    vl["window_id"] = {1: "PW01", 2: "PW02", 3: "PW03"}
    pyreadstat.write_dta(s, path, variable_value_labels=vl, missing_user_values={c: ["a", "b", "z"] for c in items})
    return path


def test_a_stata_delivery_is_read_with_its_labels_and_its_missing_values_never_a_score(base, tmp_path, capsys):
    p = _dta(base, tmp_path / "满意度.dta")
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty and len(chk.valid) == len(base)
    v = chk.valid
    assert v["window_id"].tolist() == base["window_id"].tolist()                 # 1 -> PW01, by its value label
    assert pd.isna(v.loc[0, "env1"]) and pd.isna(v.loc[1, "env2"]) and pd.isna(v.loc[2, "overall"])
    assert v.loc[3, "env1"] == float(base.loc[3, "env1"])
    assert v["interview_date"].astype(str).tolist() == base["interview_date"].tolist()
    blanks = chk.problems[chk.problems["code"] == "blank_answer"]
    assert sorted(blanks["row"].tolist()) == [1, 2, 3]                          # Stata's case numbers, warned
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
    assert "DTA" in capsys.readouterr().out
    store = tmp_path / "store"
    assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025", "--store", str(store)]) == 0


def test_a_stata_file_whose_labels_reverse_the_scale_is_refused_as_an_spss_one_is(base, tmp_path, capsys):
    # survey42: labels mirrored in the instrument's own words, every code of the scale, declare the codes reversed
    # (as a workbook's codes sheet does) and are read recoded; one code moved (3 = 满意) is still refused as reversed
    rev = {k: LABELS[6 - k] if k <= 5 else v for k, v in LABELS.items()}
    rev[3] = "满意"
    p = _dta(base, tmp_path / "reversed.dta", rev)
    chk = parse_delivery(p, INS, year=2025)
    bad = chk.errors[chk.errors["code"] == "label_mismatch"]
    assert len(bad) and "量表方向是否反了" in bad["problem_zh"].iloc[0] and "reversed" in bad["problem_en"].iloc[0]
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 1


def test_a_file_that_is_not_stata_inside_says_so_with_exit_3(tmp_path, capsys):
    p = tmp_path / "broken.dta"
    p.write_bytes(b"not a stata file at all")
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 3
    out = capsys.readouterr()
    assert "无法读取 Stata 文件" in out.out + out.err and "Traceback" not in out.out + out.err


def test_the_same_respondent_in_two_quarters_is_told_to_give_each_interview_its_own_id(base, tmp_path, capsys):
    s = base.copy()
    s.loc[5, "respondent_id"] = s.loc[0, "respondent_id"]
    s.loc[0, "interview_date"], s.loc[5, "interview_date"] = "2025-02-10", "2025-08-03"
    s.loc[6, "respondent_id"] = s.loc[1, "respondent_id"]                       # same quarter: a plain duplicate
    s.loc[6, "interview_date"] = s.loc[1, "interview_date"]
    p = tmp_path / "d.csv"
    s.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025)
    e = chk.errors.set_index("row")
    rid = s.loc[0, "respondent_id"]
    assert e.loc[7, "code"] == "duplicate_id"
    assert "2025 年第 1 季度" in e.loc[7, "problem_zh"] and "2025 年第 3 季度" in e.loc[7, "problem_zh"]
    assert f"{rid}-Q3" in e.loc[7, "problem_zh"] and "Q1 2025" in e.loc[7, "problem_en"]
    assert "valid interview" in e.loc[7, "problem_en"] and "its own id" in e.loc[7, "problem_en"]
    assert e.loc[7, "problem_en"].startswith("duplicate respondent id with different answers: row 2 is kept")
    assert "季度" not in e.loc[8, "problem_zh"] and "quarter" not in e.loc[8, "problem_en"]
    assert len(chk.valid) == len(s) - 2
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 1
