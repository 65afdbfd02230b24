"""A date written with 号 for the day (2025年3月5号, as people say and type it; 號 in traditional script) is the date.

It was refused as "unreadable date: use YYYY-MM-DD" in a survey delivery and in records, while 2025年3月5日 was read:
a valid interview refused. One rule for both (records.validate's writing out of 年月日, per value and vectorised):
号/號 after the day's digits is 日. A two-digit year (25年3月5号) is refused with the short-year message 25年3月5日
gets, not the generic one; a day that is no day (3月35号) is refused as before. Each test failed before.
"""
import importlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from windoweval.demo import survey as demo
from windoweval.survey import load_instrument
from windoweval.survey.delivery import parse_delivery

V = importlib.import_module("windoweval.records.validate")


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=6, seed=31, careless_share=0)


def test_survey_dates_with_hao(base, tmp_path):
    d = base.copy()
    written = ["2025年3月5号", "2025年3月5號", "２０２５年３月５号", "2025年3月5号 下午3点", "2025年3月5号 星期三",
               "25年3月5号", "2025年3月35号"]
    d.loc[: len(written) - 1, "interview_date"] = written
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False, encoding="utf-8")
    chk = parse_delivery(p, load_instrument("power_hall"), year=2025)
    v = chk.valid.set_index("respondent_id")
    for i in range(5):
        assert str(v.loc[d.loc[i, "respondent_id"], "interview_date"])[:10] == "2025-03-05", written[i]
    err = chk.errors.set_index("value")
    assert set(chk.errors["column"]) == {"interview_date"} and len(chk.errors) == 2
    assert "年份只写了两位" in err.loc["25年3月5号", "problem_zh"] and "two digits" in err.loc["25年3月5号", "problem_en"]
    assert "2025年3月35号" in err.index


@pytest.mark.parametrize("t", ["datetime", "date"])
def test_records_dates_with_hao(t):
    vals = ["2025年3月5号 9点05分", "2025年3月6號 14时", None]
    want = ["2025-03-05 09:05:00", "2025-03-06 14:00:00", "NaT"] if t == "datetime" else \
        ["2025-03-05 00:00:00", "2025-03-06 00:00:00", "NaT"]
    raw = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(vals, pa.large_string())]),
                                               dtype=pd.StringDtype("pyarrow", na_value=np.nan)))
    probs: list = []
    slow = V._coerce_column(raw, {"type": t}, "x", np.full(len(raw), "f.csv", dtype=object),
                            np.arange(2, len(raw) + 2), probs)
    assert not probs, probs
    assert [str(pd.Timestamp(x)) for x in slow] == want
    fast = V._fast_column(raw, {"type": t}, "x")
    assert fast is not None   # the vectorised path takes it, as it takes 2025年3月5日
    pd.testing.assert_series_equal(fast, slow, check_names=False)


def test_records_two_digit_year_with_hao_refused_as_with_ri():
    raw = pd.Series(["25年3月5号 9:05", "25年3月5日 9:05"], dtype="string")
    probs: list = []
    V._coerce_column(raw, {"type": "datetime"}, "x", np.full(2, "f.csv", dtype=object), np.arange(2, 4), probs)
    t = pd.concat([pd.DataFrame(p) for p in probs], ignore_index=True)
    assert t["row"].tolist() == [2, 3]
    assert t["code"].tolist() == ["ambiguous_day_month"] * 2
    assert t.loc[0, "problem_zh"] == t.loc[1, "problem_zh"] and "年份只写了两位" in t.loc[0, "problem_zh"]
