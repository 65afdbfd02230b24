"""One problem table: the record exports' contract checks and the survey's delivery checks give the same layout."""
import pickle

import pandas as pd
import pytest

from windoweval.demo import survey as sdemo
from windoweval.records import RecordsError, validate
from windoweval.records.problems import COLUMNS, Problems
from windoweval.survey.delivery import check_delivery, format_problems, parse_delivery
from windoweval.survey.instrument import load_instrument


@pytest.fixture(scope="module")
def survey_problems():
    ins = load_instrument("power_hall")
    df = sdemo.generate_delivery(ins, 2025, ["PW01"], n_per_window=8, seed=2, careless_share=0)
    df.loc[2, "env1"] = 7
    with sdemo.delivery_file(df, "firm.csv") as p:
        return check_delivery(p, ins, year=2025)


@pytest.fixture(scope="module")
def records_problems():
    df = pd.DataFrame({"staff_id": ["0012", "0013"], "window_id": ["PW01", "PW01"], "english": ["maybe", "是"],
                       "sign_language": ["0", "-"]})
    with pytest.raises(RecordsError) as e:
        validate(df, "staff_roster", file="roster.csv")
    return e.value.problems


def test_records_and_surveys_give_the_same_columns(survey_problems, records_problems):
    assert isinstance(survey_problems, Problems) and isinstance(records_problems, Problems)
    assert list(survey_problems.columns) == list(records_problems.columns) == COLUMNS
    assert dict(survey_problems.dtypes) == dict(records_problems.dtypes)


def test_each_names_file_row_column_value_and_what_is_wrong(survey_problems, records_problems):
    s = survey_problems[survey_problems["code"] == "out_of_range"].iloc[0]
    assert (s["file"], s["row"], s["column"], s["value"], s["severity"]) == ("firm.csv", 4, "env1", "7", "warning")
    assert s["problem_zh"] and s["problem_en"] and s["record_id"]
    r = records_problems.iloc[0]
    assert (r["file"], r["row"], r["column"], r["value"], r["code"]) == ("roster.csv", 2, "english", "maybe", "not_yes_no")
    assert r["problem_zh"] == "应为 是/否" and "yes/no" in r["problem_en"]


def test_a_refusal_of_records_is_shown_as_the_survey_firm_sees_its_own(records_problems):
    line = records_problems.lines().splitlines()[0]
    # the fix follows the problem in each language, as a survey firm's lines give it (every records refusal carries
    # one since session 19: records.contract.with_fixes)
    assert line == "第 2 行 row 2 | 列 column english | 值 value 'maybe' | 错误 error: 应为 是/否;请写 是/否(或 " \
                   "true/false、1/0);若导出系统另有写法,在 mapping.yaml 的 values 中对应 / expected yes/no (是/否, " \
                   "true/false, 1/0); write 是/否 (or true/false, 1/0); if the export writes it another way, map it " \
                   "under `values` in mapping.yaml"
    err = RecordsError("staff_roster", "roster.csv", records_problems)
    assert "  " + line in str(err)
    back = pickle.loads(pickle.dumps(err))
    assert back.problems.equals(records_problems) and isinstance(back.problems, Problems)


def test_a_fix_stated_apart_is_shown_after_the_problem():
    p = Problems.of(file="a.csv", row=[3], column="x", value="", problem_zh="为空", problem_en="empty",
                    fix_zh="请填写", fix_en="fill it in")
    assert p.message_zh.tolist() == ["为空;请填写"] and p.message_en.tolist() == ["empty; fill it in"]
    assert p.lines().endswith("错误 error: 为空;请填写 / empty; fill it in")


def test_the_table_refuses_an_unknown_column_and_ragged_lengths():
    with pytest.raises(TypeError, match="message_zh"):
        Problems.of(message_zh="x")
    with pytest.raises(ValueError, match="lengths"):
        Problems.of(row=[1, 2], column=["a"])


def test_conform_keeps_the_layout_of_an_empty_or_partial_frame():
    assert list(Problems.concat([]).columns) == COLUMNS and Problems.concat([]).empty
    p = Problems.conform(pd.DataFrame({"row": [2, None], "problem_en": ["a", None]}))
    assert p["row"].tolist()[0] == 2 and pd.isna(p["row"].iloc[1]) and p["problem_en"].tolist() == ["a", ""]
    assert p["severity"].tolist() == ["error", "error"] and str(p["row"].dtype) == "Int64"


def test_the_survey_store_writes_the_same_layout(tmp_path):
    from windoweval.survey.store import import_delivery, store_root

    df = sdemo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=6, seed=3, careless_share=0)
    df.loc[1, "overall"] = 7
    with sdemo.delivery_file(df, "firm.csv") as p:
        rec = import_delivery(p, "power_hall", 2025, store_dir=tmp_path)
        chk = parse_delivery(p, "power_hall", year=2025)
    got = pd.read_csv(store_root(tmp_path) / rec.loc[0, "dir"] / "problems.csv", encoding="utf-8-sig",
                      keep_default_na=False, dtype=str)
    assert list(got.columns) == COLUMNS
    assert got.loc[got["code"] == "out_of_range", ["file", "row", "column"]].values.tolist() == [["firm.csv", "3", "overall"]]
    assert "第 3 行 row 3" in format_problems(chk.problems)


def test_the_table_sits_on_the_base_layer_alone():
    from test_layers import GRAPH, _layer

    assert all(_layer(m)[1] == "base" for m in GRAPH["windoweval.records.problems"])
    assert "windoweval.records.problems" in GRAPH["windoweval.survey.delivery"]
