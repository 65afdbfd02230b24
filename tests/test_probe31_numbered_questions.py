"""Answer columns headed by the question's number and text, as survey platforms (问卷星 and the like) export them.

``1、营业厅环境整洁、舒适``, ``Q1.营业厅…``, ``第1题 营业厅…``, a matrix question's ``8、请您对以下方面打分—营业厅…`` or
``8(营业厅…)``: the header holds the question's whole text, yet every answer column was a "missing required column"
and the file was refused (exit 1). Now a header that ends with one question's text after a number or a separator
is that question, with one warning naming every column so read; words before the text that are no number and end in
no separator (很好营业厅…) are no prefix, and a column named by its id beside one read so keeps the id's column (the
synonym warning). The tests of reading failed before.
"""
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey import load_instrument
from windoweval.survey.delivery import parse_delivery

INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)
SHAPES = {"dun": "{k}、{t}", "q": "Q{k}.{t}", "ti": "第{k}题 {t}", "matrix": "8、请您对以下方面打分—{t}",
          "paren": "8({t})", "full_width": "Q{k}．{t}"}


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=8, seed=31,
                                  careless_share=0).drop(columns=["comment"])


def _renamed(base, shape):
    return base.rename(columns={c: SHAPES[shape].format(k=k, t=INS.question(c).zh) for k, c in enumerate(ITEMS, 1)})


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_numbered_question_headers_are_read(base, tmp_path, shape, kind):
    d = _renamed(base, shape)
    p = tmp_path / f"d.{kind}"
    d.to_csv(p, index=False) if kind == "csv" else d.to_excel(p, index=False)
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty, chk.errors[["column", "problem_en"]].head().to_string()
    v = chk.valid.set_index("respondent_id").loc[base["respondent_id"]]
    for c in ITEMS:
        assert (v[c].to_numpy(dtype=float) == base[c].astype(float).to_numpy()).all(), c
    warn = chk.problems[chk.problems["code"] == "numbered_question"]
    assert len(warn) == 1 and warn.iloc[0]["severity"] == "warning"
    assert f"→ {ITEMS[0]}" in warn.iloc[0]["problem_zh"] and f"{len(ITEMS)} columns" in warn.iloc[0]["problem_en"]


def test_answers_written_as_labels_under_numbered_headers(base, tmp_path, capsys):
    # the platform's default export: the option's words, not its code
    words = {"satisfaction": {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意", 9: "不清楚"},
             "agreement": {1: "非常不同意", 2: "不同意", 3: "一般", 4: "同意", 5: "非常同意", 9: "不清楚"}}
    d = _renamed(base, "dun")
    for k, c in enumerate(ITEMS, 1):
        col = f"{k}、{INS.question(c).zh}"
        d[col] = base[c].astype(int).map(words[INS.question(c).labels])
    p = tmp_path / "wjx.csv"
    d.to_csv(p, index=False, encoding="utf-8-sig")
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025", "--no-screen"])
    said = capsys.readouterr().out
    assert rc == 0, said
    assert "题号之后的题目原文" in said


def test_words_before_the_text_are_no_number(base, tmp_path):
    d = base.rename(columns={"env1": "很好" + INS.question("env1").zh})
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025)
    assert "env1" in chk.errors.loc[chk.errors["code"].isin(["missing_column", "misspelled_column"]), "column"].tolist()
    assert chk.problems[chk.problems["code"] == "numbered_question"].empty


def test_an_id_column_beside_a_numbered_one_keeps_the_id(base, tmp_path):
    d = base.copy()
    # the same answers under the platform's numbered header (survey40: a numbered column whose answers differ from
    # env1's refuses the file, item_split_columns, since which column holds the answers cannot be told;
    # tests/test_survey40_wide_file.py)
    d["1、" + INS.question("env1").zh] = d["env1"]
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty
    assert (chk.valid.set_index("respondent_id").loc[base["respondent_id"], "env1"].to_numpy(dtype=float)
            == base["env1"].astype(float).to_numpy()).all()
    assert not chk.problems[chk.problems["code"] == "synonym_column"].empty
