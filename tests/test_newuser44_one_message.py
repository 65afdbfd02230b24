"""newuser44: a work order whose 受理时间 is written and 受理日期 left blank (combine: received_at from the two) got two
messages for one mistake: the right one (有时间但日期为空 / a time without a date, at 受理日期) and a second, "登记受理时间、
受理时间均为空:记录无法归入任何年度 / filed_at, received_at are all empty", naming a column (filed_at) the export does
not have and calling the written time empty.  One mistake, one message."""
from __future__ import annotations

import pytest

from windoweval.records import read_records
from windoweval.records.contract import RecordsError

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
MAPPING = ("work_orders:\n  file: 工单.csv\n"
           "  columns: {工单编号: order_id, 供电所: window_id, 业务类别: order_type, 到达现场时间: arrived_at}\n"
           "  combine:\n    received_at: {date: 受理日期, time: 受理时间}\n"
           "  values:\n    order_type: {故障报修: fault_repair}\n")


def test_a_time_without_its_date_is_named_once(tmp_path):
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "工单.csv").write_text("工单编号,供电所,业务类别,受理日期,受理时间,到达现场时间\n"
                                     "R1,PW01,故障报修,2025-03-03,09:00,2025-03-03 09:40\n"
                                     "R2,PW01,故障报修,,09:00,2025-03-03 09:40\n", encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", tmp_path)
    p = e.value.problems
    at = p[p["row"] == 3]
    assert len(at) == 1, at[["column", "code", "problem"]].to_string() if "problem" in at else at.to_string()
    assert at["code"].iloc[0] == "time_without_date"
    assert "filed_at" not in str(e.value) and "无法归入任何年度" not in str(e.value), str(e.value)
