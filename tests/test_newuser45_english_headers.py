"""`records map` on a vendor system's export with English headers (newuser45: a pharmacy's RxNo, AcceptTime,
FinishTime; a marketing system's OrderNo, AcceptTime, FinishTime).

Before: the prescription number was put under `ignore` and the rows proposed to be numbered by `sequence`, so every
missed record would be named by its place in the file (event_id=7), not by the number the pharmacy's system shows: a
signer could not find it there; and neither time was proposed (the required start left "not found").  The common
English headers are now proposed, each marked for review, as the Chinese ones and the queue and ACD systems' English
ones are.
"""
from __future__ import annotations

import yaml

from windoweval.records.propose import propose

PHARMACY = """RxNo,Window,RxType,Doses,AcceptTime,FinishTime
9001,HPHA,西药,,2025-12-31T15:58:00Z,2026-01-01T00:03:00+08:00
9002,HPHA,中药,6,2025-05-06T01:00:00Z,2025-05-06T09:20:00+08:00
9003,HPHA,中药,5,2025-05-06T01:00:00Z,2025-05-06T09:10:00+08:00
"""
ORDERS = """OrderNo,Dept,BizType,AcceptTime,FinishTime
250001,PW01,居民新装,2025-01-24T10:00:00+08:00,2025-02-07T16:00:00+08:00
250002,PW01,电费查询,2025-01-27T09:00:00+08:00,2025-02-05T17:00:00+08:00
"""


def _section(tmp_path, name, text, kind):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return yaml.safe_load(propose(f, kind))[kind]


def test_a_pharmacy_export_in_english_gets_its_prescription_number_and_times(tmp_path):
    s = _section(tmp_path, "rx.csv", PHARMACY, "hospital_events")
    assert s["columns"]["RxNo"] == "event_id" and "sequence" not in s, s
    assert s["columns"]["AcceptTime"] == "started_at" and s["columns"]["FinishTime"] == "finished_at", s
    assert "RxNo" not in s.get("ignore", []), s


def test_a_work_order_export_in_english_gets_its_clock_start_and_completion(tmp_path):
    s = _section(tmp_path, "wo.csv", ORDERS, "work_orders")
    assert s["columns"]["AcceptTime"] == "received_at" and s["columns"]["FinishTime"] == "completed_at", s


CASES = """CaseNo,Type,责任单位,AcceptTime,ReplyTime,CallbackTime
2512280001,投诉,PW01,2025-12-28T02:00:00Z,2026-01-02T16:00:00+08:00,2026-01-03T10:00:00+08:00
2503010003,举报,PW01,2025-03-01T02:00:00Z,2025-03-11T10:00:00+08:00,
"""


def test_a_hotline_export_in_english_gets_its_reply_and_callback_times(tmp_path):
    """ReplyTime, put under ignore before, is the reply 第十三条(五) times: left out, every reply reads as missing."""
    s = _section(tmp_path, "cases.csv", CASES, "complaints")
    assert s["columns"]["ReplyTime"] == "replied_at" and s["columns"]["CallbackTime"] == "callback_at", s
    assert s["columns"]["AcceptTime"] == "received_at" and s["columns"]["CaseNo"] == "case_id", s
