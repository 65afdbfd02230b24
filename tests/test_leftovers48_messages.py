"""leftovers48: a missing-evidence message reads ``缺少证据,无法判断:<中文> / evidence missing, cannot tell: <English>``
(one line 中文 / English), not ``缺少证据,无法判断 / evidence missing, cannot tell: 中文 / English`` (the label's two
halves before the clause message's two, zh / en / zh / en: session 47), for a record (``Scorecard.missing_evidence``,
the score command's ``*_missing_evidence.csv``) and for a unit (a customer's year of planned outages)."""
from __future__ import annotations

import tempfile

import pandas as pd

from windoweval.records import validate
from windoweval.records.workspace import Workspace
from windoweval.scoring import score

WS = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})


def _one_line(message: str) -> tuple[str, str]:
    zh, sep, en = message.partition(" / ")
    assert sep and " / " not in en, message                     # one " / ": Chinese, then English
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.replace("适当延长", "")), message
    return zh, en


def test_a_records_missing_evidence_message_is_one_line():
    orders = validate(pd.DataFrame({"order_id": ["1", "2"], "window_id": "PW01", "order_type": "fault_repair",
                                    "filed_at": ["2025-06-01 18:00", "2025-06-02 09:00"],
                                    "received_at": ["2025-06-01 18:00", None],
                                    "arrived_at": ["2025-06-01 18:20", "2025-06-02 10:00"]}), "work_orders")
    card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=WS, records={"work_orders": orders})
    msg = card.missing_evidence(["power_window.10.2.5"])["message"].iloc[0]
    zh, en = _one_line(msg)                                      # before: zh / en: zh / en
    assert zh.startswith("缺少证据,无法判断:") and en.startswith("evidence missing, cannot tell: ")


def test_a_units_missing_evidence_message_is_one_line():
    outages = validate(pd.DataFrame({"outage_id": ["O1", "O2"], "customer_id": ["C1", None], "window_id": "PW01",
                                     "voltage_class": "kv10", "outage_kind": "planned",
                                     "start_at": ["2025-03-09 08:00", "2025-04-09 08:00"],
                                     "restored_at": ["2025-03-09 12:00", "2025-04-09 12:00"]}), "outages")
    card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=WS, records={"outages": outages})
    lack = card.missing_evidence(["power_window.6.2.2#kv10"]) if "power_window.6.2.2#kv10" in set(
        card.results["measure"]) else card.missing_evidence()
    lack = lack[lack["measure"].str.endswith("#kv10")]
    assert len(lack), card.results[["measure", "missing_evidence"]]
    zh, en = _one_line(lack["message"].iloc[0])
    assert zh.startswith("缺少证据,无法判断:") and en.startswith("evidence missing, cannot tell: ")


def test_prefixed_sets_each_half_before_its_own():
    from windoweval.i18n import prefixed

    assert prefixed("甲", "a", "乙 / b") == "甲:乙 / a: b"
    assert prefixed("甲", "a", ("乙 / 丙", "b")) == "甲:乙 / 丙 / a: b"   # halves given: never split again


def test_the_mapping_proposals_withdrawal_comment_is_one_line():
    """records map: the comment on a withdrawal time it could not read read 'zh / en: zh / en' too."""
    from windoweval.records.contract import contracts
    from windoweval.records.propose import _withdrawal_pick

    lines, picked = _withdrawal_pick(None, {}, None, {}, {}, {}, set(), contracts()["complaints"], "case_status",
                                     ["撤诉时间"])
    assert not picked
    zh, en = _one_line(lines[0].split(": ", 1)[1])               # after the header the comment is on
    assert zh.startswith("撤销时间未读入:导出中没有") and en.startswith("the time of withdrawal is not read: the export")
