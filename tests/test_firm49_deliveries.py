"""Deliveries as survey firms send them (firm49, a round after survey48's GB18030 / two-row header / .sav 98-99-1).

A 问卷星 / 腾讯问卷 export words its "not applicable" option for the question: 未接触该服务, 未使用过, 没用过,
不涉及. Before, each such answer was an error ("neither a numeric code nor the label of one of the question's
options") and refused the respondent; it is read as the instrument's missing code (9 = 不清楚/不适用) with a warning
naming the column and rows, never a score and never dissatisfied."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.estimate import satisfied_indicators

INS = "power_hall"
NOT_USED = ["未接触该服务", "未使用过", "没用过", "不涉及", "未办理该业务", "未体验过"]


def _delivery(n=12, seed=3):
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=n, seed=seed, careless_share=0).astype(object)


@pytest.mark.parametrize("word", NOT_USED)
def test_a_service_not_used_is_not_applicable(word):
    df = _delivery()
    df.loc[[2, 5], "conv3"] = word
    df.loc[7, "conv2"] = f" {word} "
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.rejected_rows == [] and len(chk.valid) == len(df)
    assert (chk.problems["severity"] == "error").sum() == 0
    assert chk.valid.loc[[2, 5], "conv3"].astype(float).tolist() == [9.0, 9.0]
    assert float(chk.valid.loc[7, "conv2"]) == 9.0
    said = chk.problems[chk.problems["value"].astype(str).str.startswith(word)]
    assert len(said) == 1 and said.iloc[0]["severity"] == "warning"
    assert word in said.iloc[0]["problem_zh"] and "missing code 9" in said.iloc[0]["problem_en"]
    assert "conv2, conv3" in said.iloc[0]["problem_en"] and "rows 4, 7, 9" in said.iloc[0]["problem_en"]
    # not a score, not dissatisfied: the item's satisfied indicator is missing there, the others' rows unchanged
    sat = satisfied_indicators(chk.valid, INS, ["conv3"])["conv3"]
    assert sat.loc[[2, 5]].isna().all()
    rest = df.drop(index=[2, 5])["conv3"].astype(float)
    np.testing.assert_array_equal(sat.drop(index=[2, 5]).to_numpy(), np.where(rest == 9, np.nan, (rest >= 4) * 1.0))


def test_check_exits_0_on_a_not_used_answer(capsys):
    df = _delivery()
    df.loc[1, "conv3"] = "未接触该服务"
    with demo.delivery_file(df) as p:
        code = main(["survey", "check", str(p), "--instrument", INS, "--year", "2025"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "未接触该服务" in out and "missing code 9" in out


def test_a_second_half_repeating_a_respondent_is_named_another_part(tmp_path, capsys):
    """A firm's 上半年 and 下半年 files, one respondent in both (the same interview): the second import is refused as
    before (exit 3), and the message now says it is another part of the delivery, names the respondent in both and
    the fix (join, each respondent once, --replace the joined file). Before, the shared id silenced that hint: the
    message offered --replace alone, which leaves only the second half in the year's figures."""
    df = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=10, seed=5, careless_share=0)
    month = pd.to_datetime(df["interview_date"]).dt.month
    h1, h2 = df[month <= 6], pd.concat([df[month > 6], df[month <= 6].iloc[[0]]])
    first, second = tmp_path / "上半年.csv", tmp_path / "下半年.csv"
    h1.to_csv(first, index=False)
    h2.to_csv(second, index=False)
    store = tmp_path / "store"
    args = ["survey", "import", "--instrument", INS, "--year", "2025", "--store", str(store)]
    assert main(args[:2] + [str(first)] + args[2:]) == 0
    capsys.readouterr()
    assert main(args[:2] + [str(second)] + args[2:]) == 3
    err = capsys.readouterr().err
    rid = str(h1.iloc[0]["respondent_id"])
    fresh = len(h2) - 1
    assert f"本文件 {len(h2)} 位受访者中有 {fresh} 位不在现有交付（{len(h1)} 位）中，只有 1 位（{rid}）两份都有" in err
    assert "两份都有的受访者只保留一行" in err and "--replace" in err
    assert f"{fresh} of this file's {len(h2)} respondents are not in the current delivery ({len(h1)}), and 1 ({rid}) " \
           "is in both" in err
    assert "each respondent in both kept once" in err and "Traceback" not in err


@pytest.mark.parametrize("text,masked", [
    ("张伟 13812345678 说排队太久", "[姓名/name] [电话/phone] 说排队太久"),
    ("请联系我：王秀英，电话139-1234-5678，身份证110101199003071234",
     "请联系我：[姓名/name]，电话[电话/phone]，身份证[身份证号/ID]"),
    ("服务很好。刘洋13912345678", "服务很好。[姓名/name][电话/phone]"),
    ("有问题请联系我 13912345678，谢谢。", "有问题请联系我 [电话/phone]，谢谢。"),
    ("电话打不通，请回电 13912345678。", "电话打不通，请回电 [电话/phone]。"),
    ("排队太久，电话13912345678", "排队太久，电话[电话/phone]"),
])
def test_a_name_left_before_a_phone_in_an_open_answer_is_masked(text, masked):
    """An open answer a firm transcribes: the respondent's name right before the number left for a call back. Before,
    the number alone was masked (张伟 [电话/phone]): the name reached every page and table of comments."""
    from windoweval.survey.analysis import mask_pii, search_comments

    assert mask_pii(pd.Series([text])).iloc[0] == masked
    df = pd.DataFrame({"respondent_id": ["000001"], "window_id": ["PW01"], "interview_date": ["2025-03-02"],
                       "overall": [2], "comment": [text]})
    assert search_comments(df)["comment"].tolist() == [masked]
