"""records23: an unlabelled totals row's fix (records/totals.unlabelled_totals) prefers a column read for a column the
contract requires, a combined one too (``combine: observed_at: {date: 日期, time: 时间}`` reads 日期 for
``observed_at(日期 / date)``), over an optional column blank there that would skip another month's records."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.records.problems import Problems
from windoweval.records.totals import unlabelled_totals

FRAME = pd.DataFrame({0: ["甲", "乙", "丙", None], 1: ["2025-03-05", "2025-03-05", "2025-03-06", None],
                      2: ["09:00", "10:00", "09:30", None], 3: ["3", "2", "4", "9"]})
HEADERS = ["备注", "日期", "时间", "排队人数"]
FOUND = Problems.of(file="q.csv", row=[5], column="observed_at", value=[""], code="missing_value",
                    problem_zh="必填项为空", problem_en="required value is empty")


@pytest.mark.parametrize("used,key", [
    ({"备注": ["remark"], "日期": ["observed_at(日期 / date)"], "时间": ["observed_at(时间 / time)"],
      "排队人数": ["queue_length"]}, "日期"),                                     # combined: the date column
    ({"备注": ["remark"], "日期": ["observed_at"], "排队人数": ["queue_length"]}, "日期"),   # read directly
    ({"备注": ["remark"], "日期": ["x 的依据 / decides observed_at"]}, "备注"),   # decides it: not read for it
])
def test_required_column_through_a_combination_comes_first(used, key):
    t = unlabelled_totals([("q.csv", HEADERS, FRAME, np.array([2, 3, 4, 5]))], FOUND, [used])
    assert t[["row", "column", "value", "code"]].values.tolist() == [[5, "排队人数", "9", "totals_row"]]
    assert f'drop: {{{key}: [""]}}' in t["fix_en"].iloc[0] and f'drop: {{{key}: [""]}}' in t["fix_zh"].iloc[0]
