"""map38 item 3: a pilot's small export is proposed as a large one is.

On fewer than about six rows `records map` read 业务类型 (投诉, 举报, 咨询 …) as free text: a column of codes was one
whose distinct values were at most half its rows, so five cases of five kinds were the business category (业务类别,
free text) and the required ``kind`` was "not found"; 回访满意度 with one row (满意) was ignored, with two read.  A
header that names a category (类型, 分类, 方式, 状态, 结果, 满意度 …) now holds codes however few rows repeat them, and
one value read under it is enough for a column no other header gives.  The same export of 1, 2, 5 or 7 rows gets the
same columns.  A header that names no category keeps the old caution (one value alone, or as many values as rows, is
too little to tell a column by), and a category header holding sentences is still free text.
"""
from __future__ import annotations

import pytest
import yaml

from windoweval.records.propose import propose

_HEAD = "工单编号,受理方式,受理单位,业务类型,受理时间,答复时间,回访满意度"
_ROWS = ["TS1,电话,CC95598,投诉,2025-03-03 09:00,2025-03-04 10:00,满意",
         "TS2,柜台,CC95598,举报,2025-03-03 09:30,2025-03-04 10:00,不满意",
         "TS3,网站,CC95598,咨询,2025-03-03 10:00,2025-03-04 10:00,未回访",
         "TS4,信函,CC95598,建议,2025-03-03 11:00,2025-03-05 10:00,满意",
         "TS5,传真,CC95598,故障报修,2025-03-04 09:00,2025-03-05 10:00,无法联系",
         "TS6,柜台,CC95598,投诉,2025-03-04 09:00,2025-03-05 10:00,满意",
         "TS7,柜台,CC95598,举报,2025-03-04 09:00,2025-03-05 10:00,满意"]
_KIND = {"投诉": "complaint", "举报": "report", "咨询": "enquiry", "建议": "suggestion", "故障报修": "fault_repair"}


def _proposed(tmp_path, head, rows, kind="complaints"):
    f = tmp_path / f"95598工单{len(rows)}.csv"
    f.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return yaml.safe_load(propose(f, kind))[kind]


@pytest.mark.parametrize("n", [1, 2, 5, 7])
def test_the_same_export_of_any_size_gets_the_same_columns(tmp_path, n):
    got = _proposed(tmp_path, _HEAD, _ROWS[:n])
    assert got["columns"] == {"工单编号": "case_id", "受理方式": "channel", "受理单位": "window_id", "业务类型": "kind",
                              "受理时间": "received_at", "答复时间": "replied_at", "回访满意度": "callback_result"}
    seen = {r.split(",")[3] for r in _ROWS[:n]}
    assert got["values"]["kind"] == {k: v for k, v in _KIND.items() if k in seen}
    assert got["values"]["callback_result"]["满意"] == "satisfied"
    assert "ignore" not in got


def test_a_header_naming_no_category_keeps_the_caution(tmp_path):
    # one value alone under 备注 (no category named): too little to tell a column by, at 1 row as at 7
    head = "工单编号,受理渠道,受理单位,业务类型,受理时间,备注"
    for n in (1, 7):
        rows = [f"TS{i},95598,CC95598,投诉,2025-03-03 09:00,满意" for i in range(n)]
        got = _proposed(tmp_path, head, rows)
        assert "备注" not in got["columns"] and got["columns"]["业务类型"] == "kind", got


def test_a_category_header_holding_sentences_is_free_text(tmp_path):
    # sentences that hold a kind's words (投诉, 咨询, 举报) under 问题类型: the business category (free text), never the kind
    head = "工单编号,受理渠道,受理单位,受理时间,问题类型"
    rows = [f"TS{i},95598,CC95598,2025-03-03 09:00,{t}" for i, t in enumerate(
        ["客户投诉本月电费比上月高出很多请核实处理", "客户咨询峰谷分时电价的执行时段和价格", "客户举报邻居私拉电线存在安全隐患请处理"])]
    got = _proposed(tmp_path, head, rows)
    assert got["columns"]["问题类型"] == "category" and "kind" not in got["columns"].values()
