"""A government service hall's 办件 export read as work orders (居民用电新装 handled at the hall, round six, hostile47):
its 办件编号 (the matter's number, one a record) is proposed as the order's id.  Before, ``records map`` left it under
``ignore`` and proposed ``sequence: {order_id: null}`` (rows numbered 1, 2, 3 … within the file) although the export
carries the system's own id: a month's next file would number its records 1, 2, 3 … again."""
from __future__ import annotations

import pytest
import yaml

from windoweval.records.propose import propose


@pytest.mark.parametrize("header", ["办件编号", "办件号", "受理编号"])
def test_a_matter_number_is_proposed_as_the_order_id(tmp_path, header):
    f = tmp_path / "政务大厅办件.csv"
    f.write_text(f"{header},窗口名称,事项名称,受理时间,办结时间,办理状态\n"
                 "BJ202500001,综合受理窗口1,居民用电新装,2025-05-06 09:00,2025-05-06 09:29,已办结\n"
                 "BJ202500002,综合受理窗口2,居民用电新装,2025-05-06 09:13,,办理中\n", encoding="utf-8")
    text = propose(f, "work_orders")
    sec = yaml.safe_load(text)["work_orders"]
    assert sec["columns"].get(header) == "order_id", text
    assert "sequence" not in sec and header not in sec.get("ignore", []), text
