"""hosp37: a hospital's own exports through `records map`, as a new user runs it.

A decoction register (中药代煎登记表: 代煎单号, 药房, 送煎时间, 取药时间, no event type column) had its 代煎单号 left unread
(the rows numbered 1, 2, 3 … instead) and no event type proposed, though every row is a decoction; a laboratory
system's export (LIS: 条码号, 检验项目 血常规 / 肝功能 / 急诊生化) had 检验项目 left unread, so the required event type
was missing and the file refused until the user wrote the codes by hand."""
from __future__ import annotations

import yaml

from windoweval.records.propose import propose
from windoweval.records.workspace import Workspace


def _ws(wid, name, kind):
    return Workspace.from_dict({"name": "x", "windows": [{"id": wid, "name": name, "kind": kind}]})


def test_a_decoction_register_gets_its_id_and_its_event_type(tmp_path):
    f = tmp_path / "中药代煎登记表.csv"
    f.write_text("代煎单号,药房,患者姓名,付数,送煎时间,取药时间\n"
                 "DJ001,HPHA,王五,7,2025-04-08 09:10:00,2025-04-08 11:50:00\n"
                 "DJ002,HPHA,赵六,5,2025-04-08 09:40:00,2025-04-08 15:20:00\n", encoding="utf-8")
    got = yaml.safe_load(propose(f, "hospital_events", workspace=_ws("HPHA", "门诊药房", "hospital_pharmacy")))
    sec = got["hospital_events"]
    assert sec["columns"]["代煎单号"] == "event_id" and "sequence" not in sec
    assert sec["constant"] == {"event_type": "decoction"}
    assert sec["columns"]["取药时间"] == "collected_at"


def test_one_constant_entry_holds_the_window_and_the_event_type(tmp_path):
    f = tmp_path / "代煎.csv"
    f.write_text("代煎单号,送煎时间,取药时间\nDJ001,2025-04-08 09:10:00,2025-04-08 11:50:00\n", encoding="utf-8")
    text = propose(f, "hospital_events", workspace=_ws("HPHA", "门诊药房", "hospital_pharmacy"))
    assert text.count("constant:") == 1, text
    assert yaml.safe_load(text)["hospital_events"]["constant"] == {"window_id": "HPHA", "event_type": "decoction"}


def test_a_laboratory_export_has_its_tests_read_as_event_types(tmp_path):
    f = tmp_path / "LIS报告明细.csv"
    f.write_text("条码号,检验项目,执行科室,接收时间,审核时间\n"
                 "1001,血常规,HLAB,2025-04-08 09:00:00,2025-04-08 09:25:00\n"
                 "1002,肝功能,HLAB,2025-04-08 09:20:00,2025-04-08 14:10:00\n"
                 "1003,急诊生化,HLAB,2025-04-08 10:05:00,2025-04-08 12:30:00\n", encoding="utf-8")
    sec = yaml.safe_load(propose(f, "hospital_events"))["hospital_events"]
    assert sec["columns"]["检验项目"] == "event_type"
    assert sec["values"]["event_type"] == {"血常规": "lab_routine", "肝功能": "lab_biochem_immuno",
                                           "急诊生化": "lab_emergency"}


def test_a_registration_export_is_billing_its_time_the_start_and_a_refund_dropped(tmp_path):
    """An HIS registration export (挂号明细: 业务类型 挂号 / 退号, 叫号时间, 挂号时间): 挂号 was TODO (the billing office is
    挂号收费室), 退号 TODO though a refunded registration is no service (as 已退号 in a status column is dropped), and
    挂号时间, the only time of the registration, left unread: the required started_at missing, the file refused."""
    f = tmp_path / "挂号明细.csv"
    f.write_text("挂号流水号,业务类型,挂号窗口,叫号时间,挂号时间\n"
                 "GH1,挂号,HBIL,2025-04-08 08:00:00,2025-04-08 08:02:00\n"
                 "GH2,退号,HBIL,2025-04-08 08:10:00,2025-04-08 08:11:00\n", encoding="utf-8")
    sec = yaml.safe_load(propose(f, "hospital_events"))["hospital_events"]
    assert sec["values"]["event_type"] == {"挂号": "billing"}
    assert sec["drop"] == {"业务类型": ["退号"]}
    assert sec["columns"]["挂号时间"] == "started_at" and sec["columns"]["叫号时间"] == "called_at"
