"""SPSS and Stata deliveries whose variables are named Q1, Q2 … with the question's text in the variable label.

That is how survey firms build a .sav (SPSS names are short codes; the wording lives in the label, which SPSS shows
as the header): every answer column was a "missing required column" and the file was refused (exit 1), though each
variable said which question it held. Now a variable whose name is no column of the delivery is read by its label
where the label is one (a question's text, a fixed column's Chinese name such as 窗口编号), with one warning naming
every variable so read; a column another variable holds by its own name keeps it; two variables labelled as one
column by one label (a question's text) are refused, naming both (not guessed); two labelled with two names of
one column (窗口编号, 窗口) are read as two such headers are. All six tests failed before (the file refused for
missing columns; the last, after the first commit of this rule, refused both variables).
"""
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey import load_instrument
from windoweval.survey.delivery import parse_delivery

pyreadstat = pytest.importorskip("pyreadstat")
INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)
FIXED = {"respondent_id": ("V1", "受访者编号"), "window_id": ("V2", "窗口编号"), "interview_date": ("V3", "访问日期"),
         "stratum": ("V4", "抽样层"), "psu": ("V5", "初级抽样单元"), "weight": ("V6", "权重")}
LABELS = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意", 98: "不知道", 99: "拒答"}


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=10, seed=31,
                                  careless_share=0)


def _q_named(base: pd.DataFrame) -> tuple[pd.DataFrame, dict, dict]:
    """The delivery as a firm's SPSS syntax writes it: V1-V6, Q1-Q18, the wording in the variable labels."""
    out, var_labels = pd.DataFrame(), {}
    for c, (v, zh) in FIXED.items():
        out[v] = base[c]
        var_labels[v] = zh
    out["V2"] = base["window_id"].map({"PW01": 1, "PW02": 2, "PW03": 3}).astype(float)
    out["V6"] = base["weight"].astype(float)
    names = {}
    for k, c in enumerate(ITEMS, 1):
        names[c] = f"Q{k}"
        out[f"Q{k}"] = base[c].astype(float).replace(9, 99)
        var_labels[f"Q{k}"] = INS.question(c).zh
    return out, var_labels, names


def _write(tmp_path, out, var_labels, names, kind="sav"):
    vvl = {q: LABELS for q in names.values() if q in out}
    vvl["V2"] = {1.0: "PW01", 2.0: "PW02", 3.0: "PW03"}
    labels = [var_labels.get(c, "") for c in out.columns]
    if kind == "dta":
        p = tmp_path / "d.dta"
        pyreadstat.write_dta(out, p, column_labels=labels, variable_value_labels=vvl)
    else:
        p = tmp_path / "d.sav"
        pyreadstat.write_sav(out, p, column_labels=labels, variable_value_labels=vvl,
                             missing_ranges={q: [{"lo": 98, "hi": 99}] for q in names.values() if q in out})
    return p


@pytest.mark.parametrize("kind", ["sav", "dta"])
def test_variables_read_by_their_labels(base, tmp_path, kind):
    out, var_labels, names = _q_named(base)
    if kind == "dta":
        out = out.replace({q: {99.0: 9.0} for q in names.values()})
    chk = parse_delivery(_write(tmp_path, out, var_labels, names, kind), INS, year=2025)
    assert chk.errors.empty, chk.errors[["column", "problem_en"]].to_string()
    v = chk.valid.set_index("respondent_id").loc[base["respondent_id"]]
    assert len(v) == len(base)
    for c in ITEMS:     # every answer as delivered, the missing code 9 where the firm wrote 99
        want = base[c].astype(float).to_numpy()
        assert (v[c].to_numpy(dtype=float) == want).all(), c
    assert v["window_id"].tolist() == base["window_id"].tolist()
    assert v["weight"].astype(float).tolist() == base["weight"].astype(float).tolist()
    warn = chk.problems[chk.problems["code"] == "column_by_label"]
    assert len(warn) == 1
    text = warn.iloc[0]["problem_zh"] + warn.iloc[0]["problem_en"]
    assert "Q1（营业厅环境整洁、舒适）→ env1" in text and f"Q{len(ITEMS)}（" in text and "V2（窗口编号）→ window_id" in text


def test_check_passes_on_the_command_line(base, tmp_path, capsys):
    out, var_labels, names = _q_named(base)
    p = _write(tmp_path, out, var_labels, names)
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025", "--no-screen"])
    said = capsys.readouterr().out
    assert rc == 0, said
    assert "按其变量标签" in said and "read by their variable labels" in said
    assert said.index("按其变量标签") < said.index("read by their variable labels")


def test_a_column_held_by_its_own_name_keeps_it(base, tmp_path):
    out, var_labels, names = _q_named(base)
    out.insert(6, "env1", base["env1"].astype(float))      # env1 by name; Q1 labelled as env1 stays an extra column
    out["Q1"] = 1.0
    chk = parse_delivery(_write(tmp_path, out, var_labels, names), INS, year=2025)
    assert chk.errors.empty
    assert (chk.valid.set_index("respondent_id").loc[base["respondent_id"], "env1"].to_numpy(dtype=float)
            == base["env1"].astype(float).to_numpy()).all()
    unknown = chk.problems[chk.problems["code"] == "unknown_column"]
    assert "Q1" in unknown["column"].tolist()


def test_two_variables_labelled_as_one_column_are_refused(base, tmp_path):
    out, var_labels, names = _q_named(base)
    out["Q1b"] = out["Q1"]
    var_labels["Q1b"] = var_labels["Q1"]
    names["env1b"] = "Q1b"
    chk = parse_delivery(_write(tmp_path, out, var_labels, names), INS, year=2025)
    dup = chk.problems[(chk.problems["code"] == "duplicate_column") & (chk.problems["column"] == "env1")]
    assert len(dup) == 1 and dup.iloc[0]["severity"] == "error"
    assert "Q1, Q1b" in dup.iloc[0]["problem_zh"] and "Q1, Q1b" in dup.iloc[0]["problem_en"]
    assert dup.iloc[0]["fix_zh"] and dup.iloc[0]["fix_en"]


def test_two_names_of_one_column_the_better_known_read(base, tmp_path):
    # WIN labelled 窗口编号 (the column's Chinese name) and WNAME labelled 窗口 (an alias): 窗口编号 read, as two headers
    out, var_labels, names = _q_named(base)
    out["WNAME"] = base["window_id"].map({"PW01": "城东", "PW02": "城西", "PW03": "城北"})
    var_labels["WNAME"] = "窗口"
    chk = parse_delivery(_write(tmp_path, out, var_labels, names), INS, year=2025)
    assert chk.errors.empty, chk.errors[["column", "problem_en"]].to_string()
    assert chk.valid.set_index("respondent_id").loc[base["respondent_id"], "window_id"].tolist() == \
        base["window_id"].tolist()
    syn = chk.problems[chk.problems["code"] == "synonym_column"]
    assert syn["column"].tolist() == ["WNAME"] and "V2" in syn.iloc[0]["problem_en"]
