"""Survey deliveries as survey firms write them (audit27): a bad value in an optional column refuses the value, not
the respondent."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.store import import_delivery, load_responses

INS = "power_hall"


def _delivery(n=12, seed=2):
    return demo.generate_delivery(INS, 2025, ["PW01"], n_per_window=n, seed=seed, careless_share=0).astype(object)


BAD = [("customer_type", "外星人", "unknown_customer_type"), ("duration_s", "三分钟", "non_numeric"),
       ("duration_s", "4:30", "non_numeric"), ("duration_s", "-5", "out_of_range"), ("duration_s", "inf", "not_finite")]


@pytest.mark.parametrize("col,value,code", BAD)
def test_an_optional_value_is_refused_alone(col, value, code, tmp_path):
    """Decided: a survey firm's slip in an optional column (customer type, duration) is no reason to lose the
    respondent's answers, which the estimates rest on; the value alone is left out (blank), with a warning naming row,
    column, value and fix, so the firm can still correct it.  Before, the respondent was refused whole."""
    df = _delivery()
    df.loc[3, col] = value
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025)
    assert chk.rejected_rows == [] and len(chk.valid) == len(df)          # accepted + refused = delivered
    w = chk.problems[chk.problems["column"] == col]
    assert w[["row", "value", "severity", "code"]].values.tolist() == [[5, value, "warning", code]]
    r = w.iloc[0]
    assert "该值不导入" in r["problem_zh"] and "not imported" in r["problem_en"]
    assert r["fix_zh"] and r["fix_en"] and r["record_id"] == str(df.loc[3, "respondent_id"])
    assert pd.isna(chk.valid.loc[3, col])
    assert chk.valid.loc[3, "overall"] == df.loc[3, "overall"]           # the answers are kept


def test_the_respondent_is_imported_with_the_value_blank(tmp_path):
    df = _delivery()
    df.loc[0, "duration_s"] = "三分钟"
    df.loc[1, "customer_type"] = "外星人"
    with demo.delivery_file(df, "a.csv") as p:
        rec = import_delivery(p, INS, 2025, store_dir=tmp_path)
    got = load_responses(rec.loc[0, "survey"], store_dir=tmp_path)
    assert len(got) == len(df)
    assert pd.isna(got.loc[got["row"] == 2, "duration_s"]).all() and got.loc[got["row"] == 3, "customer_type"].isna().all()


def test_survey_check_exits_0_and_lists_the_warning(tmp_path):
    from tests._workspace import run_cli

    df = _delivery()
    df.loc[2, "duration_s"] = "三分钟"
    f = tmp_path / "d.csv"
    df.to_csv(f, index=False)
    r = run_cli("survey", "check", str(f), "--instrument", INS, "--year", "2025", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "三分钟" in r.stdout and "该值不导入" in r.stdout and "not imported" in r.stdout


@pytest.mark.parametrize("word", ["不好说", "说不好", "难说", "无法评价", "不愿回答", "未作答", "not sure", "prefer not to say"])
def test_a_no_answer_word_as_interviewers_write_it_is_the_missing_code(word, tmp_path):
    """不好说 (hard to say) and the like refused the whole respondent as non_numeric; like 说不清 and 拒答, they are
    the missing code: that item is missing, the respondent kept."""
    df = _delivery()
    df.loc[2, "env1"] = word
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025)
    assert chk.rejected_rows == [] and chk.valid.loc[2, "env1"] == 9
    assert (chk.problems["code"] == "label_mapped").any()


@pytest.mark.parametrize("word", ["不确定", "没意见", "无所谓"])
def test_words_that_may_be_an_answer_stay_refused(word, tmp_path):
    df = _delivery()
    df.loc[2, "env1"] = word
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025)
    assert chk.rejected_rows == [4]


def test_a_delivery_whose_weights_are_all_zero_is_not_imported(tmp_path):
    """Every respondent refused (weights summing to zero): the delivery was imported as the year's current survey with
    no respondent (n_valid 0), and with --replace it put an earlier good delivery aside.  Refused now, store unchanged."""
    from windoweval.survey.store import ImportRefused

    good = _delivery()
    with demo.delivery_file(good, "good.csv") as p:
        first = import_delivery(p, INS, 2025, store_dir=tmp_path)
    zero = _delivery(seed=3)
    zero["weight"] = 0
    with demo.delivery_file(zero, "zero.csv") as p:
        with pytest.raises(ImportRefused) as e:
            import_delivery(p, INS, 2025, store_dir=tmp_path, replace=True)
    assert "12 位受访者全部被拒" in str(e.value) and "nonpositive_weight 12" in str(e.value)
    assert e.value.exit_code == 3
    got = load_responses(first.loc[0, "survey"], store_dir=tmp_path)
    assert len(got) == 12 and got["respondent_id"].tolist() == good["respondent_id"].astype(str).tolist()
