"""A government service hall's 办件 export (办件编号, 事项名称, 受理时间, 办结时间, 承诺时限(工作日), 办件类型 即办件/承诺件:
newuser48).  No clause of the five standards judges a case by its own promised limit (window_staff.5.5 is a document
review; data/README.md, 办件时限); before, ``records map --kind work_orders`` proposed it as work orders without a
word, the 承诺时限 quietly under ``ignore``.  The proposal now says what it cannot be used for and why, in one line,
Chinese then English; an export with only a 办件编号 (a hall's 居民用电新装, hostile47) gets no such note."""
from __future__ import annotations

import yaml

from windoweval.records.propose import propose

CASES = ("办件编号,事项名称,受理窗口,受理时间,办结时间,承诺时限(工作日),办件类型\n"
         "BJ2025000001,个体工商户设立登记,综合窗口1,2025-03-03 09:10,2025-03-03 09:40,0,即办件\n"
         "BJ2025000002,食品经营许可,综合窗口2,2025-03-03 10:00,2025-03-10 16:00,5,承诺件\n")


def test_a_case_export_is_said_to_be_judged_by_no_clause(tmp_path):
    f = tmp_path / "办件明细.csv"
    f.write_text(CASES, encoding="utf-8")
    text = propose(f, "work_orders")
    note = [ln for ln in text.splitlines() if ln.startswith("# 注意:这像是政务服务大厅的办件导出")]
    assert len(note) == 1, text
    line = note[0]
    assert line.index("window_staff.5.5") < line.index(" / Note:"), line          # Chinese first, then English
    for part in ("承诺时限不被读取", "data/README.md 办件时限", "no clause judges a case by it", "document review"):
        assert part in line, (part, line)
    # still a proposal to review, its YAML intact
    sec = yaml.safe_load(text)["work_orders"]
    assert sec["columns"]["办件编号"] == "order_id"


def test_a_matter_number_alone_gets_no_note(tmp_path):
    f = tmp_path / "政务大厅办件.csv"
    f.write_text("办件编号,窗口名称,事项名称,受理时间,办结时间,办理状态\n"
                 "BJ202500001,综合受理窗口1,居民用电新装,2025-05-06 09:00,2025-05-06 09:29,已办结\n", encoding="utf-8")
    assert "办件导出" not in propose(f, "work_orders")
