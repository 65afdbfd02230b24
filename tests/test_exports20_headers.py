"""exports20 #5: a header written again mid-file is found however its cells are written, as the read matches headers
(NFKC: full-width letters; case; spaces inside), in whichever of its columns the header's cells stand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _exports import complaints_with_header_again

HEADS = ["工单编号", "受理渠道", "诉求类型", "窗口编号", "受理时间"]


def _frame(again: list) -> pd.DataFrame:
    rows = [["C1", "95598", "complaint", "PW01", "2025-03-01 10:00"], again,
            ["C2", "95598", "complaint", "PW01", "2025-03-02 10:00"]]
    return pd.DataFrame(rows, dtype="str").rename(columns=dict(enumerate(range(5))))


@pytest.mark.parametrize("again", [
    ["工 单 编 号", "受理 渠道", "诉求类型", "窗口编号", "受理时间"],      # spaces inside the first two
    ["工单编号\u3000", "\u3000受理渠道", "诉求类型", "窗口编号", "受理时间"],   # ideographic spaces around
    ["", "", "诉求类型", "窗口编号", "受理时间"],                              # the first two cells left blank
    ["", "", "诉求类型", "窗口 编号", "受理时间"],
])
def test_a_repeated_header_is_found_as_the_read_matches_headers(again):
    from windoweval.records.totals import repeated_headers

    assert repeated_headers(HEADS, _frame(again), np.array([2, 3, 4])).tolist() == [3]


def test_a_repeated_latin_header_in_full_width_letters_is_found():
    from windoweval.records.totals import repeated_headers

    heads = ["order_id", "Channel", "type", "window"]
    frame = pd.DataFrame([["C1", "95598", "complaint", "PW01"], ["ＯＲＤＥＲ＿ＩＤ", "ｃｈａｎｎｅｌ", "TYPE", "Window "],
                          ["C2", "95598", "complaint", "PW01"]], dtype="str")
    assert repeated_headers(heads, frame, np.array([2, 3, 4])).tolist() == [3]


def test_data_that_only_looks_alike_is_no_header():
    from windoweval.records.totals import repeated_headers

    frame = _frame(["工单编号123", "受理渠道", "诉求", "窗口", "受理时间x"])   # one cell equal: not a header
    assert repeated_headers(HEADS, frame, np.array([2, 3, 4])).tolist() == []


def test_load_files_refuses_a_header_repeated_with_spaces_inside(tmp_path):
    from windoweval.records.contract import RecordsError
    from windoweval.records.files import load_files

    f = complaints_with_header_again(tmp_path, "工单 编号,受理 渠道,诉求类型,窗口 编号,受理时间")
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [f], read_cols=["case_id", "window_id"])
    assert e.value.problems["code"].tolist() == ["header_repeated"] and e.value.problems["row"].tolist() == [3]
