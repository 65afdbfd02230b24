"""`records map` on a laboratory system's export (LIS) with both 审核时间 and 报告时间 filled (session 34).

Before, finished_at was proposed as a `pick` by 病人类型 choosing 审核时间 (the audit, before the report is sent) for
every code: two headers filled as often tied, and the first won; an inpatient code whose rows filled neither forced
the pick. Read so, every report would have looked faster than it was: a pass the standard's 发送报告 does not give.
Now a tie goes to the header the contract names (报告时间, finished_at's own word), and a code that fills no header says
nothing of which header it is, so one column is proposed. Failed before.
"""
from __future__ import annotations

from tests._workspace import map_in_process, write_workspace

LIS = """标本条码,病人类型,检验项目,检验组合,申请科室,采集时间,接收时间,审核时间,报告时间,执行科室
B250303001,门诊,血常规,三大常规,内科门诊,2025-03-03 08:01:00,2025-03-03 08:20:00,2025-03-03 08:41:00,2025-03-03 08:45:00,检验科
B250303002,急诊,肝功能,生化,急诊科,2025-03-03 09:10:00,2025-03-03 09:15:00,2025-03-03 10:55:00,2025-03-03 11:00:00,检验科
B250303003,门诊,肝功能,生化,内科门诊,2025-03-03 09:20:00,2025-03-03 09:29:59,2025-03-03 14:00:00,2025-03-03 14:10:00,检验科
B250303004,住院,尿常规,三大常规,外科病房,2025-03-03 07:30:00,2025-03-03 08:00:00,,,检验科
B250303005,门诊,甲功,免疫,内分泌门诊,2025-03-03 09:31:00,2025-03-03 09:35:00,2025-03-04 10:00:00,2025-03-04 10:05:00,检验科
"""


def test_the_report_time_not_the_audit_time_is_proposed_as_the_finish(tmp_path):
    d = write_workspace(tmp_path / "data", (("HLAB", "检验科", "hospital_lab"),))
    (d / "LIS导出.csv").write_text(LIS, encoding="utf-8")
    got = map_in_process(d, d / "LIS导出.csv", "hospital_events")
    assert got["columns"]["报告时间"] == "finished_at"
    assert "finished_at" not in (got.get("pick") or {}) and "审核时间" not in got["columns"]
