"""A single id written as a placeholder for a blank (``-``, ``--``, ``—``, ``/``, ``无``, ``N/A``) was accepted as an
id: only two rows sharing one were named (left39).  Now such an id is no id in every key/id column path: a required
id is refused as missing with the fix "give each its own id, delete none", an optional one is missing evidence
(counted by ``records check``), rows so written are never merged as one case's callback attempts nor as one order's
process steps, and a survey respondent so written is refused with the same fix (left40)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from tests._workspace import clean_delivery
from windoweval.records.attempts import merge_attempts
from windoweval.records.check import placeholder_counts
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

PLACEHOLDERS = ["-", "--", "—", "/", "无", "N/A", "－"]


def _problems(tmp_path, kind, text):
    f = tmp_path / f"{kind}.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        load_files(kind, [f])
    return e.value.problems


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_one_work_order_with_a_placeholder_id_is_refused_as_no_id(tmp_path, text):
    p = _problems(tmp_path, "work_orders", "order_id,window_id,order_type,received_at\n"
                  f"W1,PW01,fault_repair,2025-03-03 09:00\n{text},PW01,fault_repair,2025-03-03 09:00\n")
    assert p[["row", "column", "code"]].values.tolist() == [[3, "order_id", "missing_value"]]
    assert p["value"].iloc[0] == text
    assert "不是编号" in p["problem_zh"].iloc[0] and "no id" in p["problem_en"].iloc[0]
    assert "各自的编号" in p["fix_zh"].iloc[0] and "不要删去" in p["fix_zh"].iloc[0]
    assert "its own id" in p["fix_en"].iloc[0] and "delete none" in p["fix_en"].iloc[0]


def test_one_complaint_with_a_placeholder_case_id_is_refused(tmp_path):
    p = _problems(tmp_path, "complaints", "case_id,channel,kind,window_id,received_at\n"
                  "无,95598,complaint,PW01,2025-03-01 08:00\nT2,95598,complaint,PW01,2025-03-01 08:00\n")
    assert p[["row", "column", "code"]].values.tolist() == [[2, "case_id", "missing_value"]]
    assert "delete none" in p["fix_en"].iloc[0]


def test_a_placeholder_window_id_is_refused_too(tmp_path):
    p = _problems(tmp_path, "work_orders", "order_id,window_id,order_type,received_at\n"
                  "W1,N/A,fault_repair,2025-03-03 09:00\n")
    assert p[["row", "column", "code"]].values.tolist() == [[2, "window_id", "missing_value"]]


def test_an_optional_id_so_written_is_missing_and_counted(tmp_path):
    f = tmp_path / "counter_transactions.csv"
    f.write_text("ticket_id,window_id,staff_id,business_type,ticket_at,started_at,ended_at\n"
                 "A1,PW01,-,resident_payment,2025-03-03 09:00,2025-03-03 09:05,2025-03-03 09:10\n"
                 "A2,PW01,S01,resident_payment,2025-03-03 09:00,2025-03-03 09:05,2025-03-03 09:10\n", encoding="utf-8")
    got = load_files("counter_transactions", [f])
    assert got.frame["staff_id"].isna().tolist() == [True, False]
    assert placeholder_counts(got.plans[0], got.tables[0], "counter_transactions") == [
        ("staff_id", "staff_id", 1, ["-"])]


def test_two_cases_written_with_a_placeholder_id_are_no_attempts_of_one_case():
    df = pd.DataFrame({"case_id": ["-", "-", "A", "A"], "kind": ["complaint"] * 4,
                       "callback_at": ["2025-03-04 09:00", "2025-03-04 15:00"] * 2,
                       "callback_result": ["unreachable", "satisfied"] * 2}, dtype="string")
    plan = SimpleNamespace(rows=4, row_numbers=np.arange(2, 6), attempts=None)
    out = merge_attempts(df, plan, "complaints")
    assert out["case_id"].tolist() == ["-", "-", "A"] and plan.row_numbers.tolist() == [2, 3, 5]


def test_a_survey_respondent_written_with_a_placeholder_id_is_refused_with_the_fix(tmp_path):
    ins = load_instrument("power_hall")
    chk = D.parse_delivery(clean_delivery(tmp_path, {(1, "respondent_id"): "-"}, "d.csv"), ins, year=2025)
    assert chk.rejected_rows == [2]
    e = chk.errors
    assert e[["row", "column", "code"]].values.tolist() == [[2, "respondent_id", "missing_value"]]
    assert "delete none" in e["fix_en"].iloc[0] and "不要删去" in e["fix_zh"].iloc[0]


def test_steps_of_orders_written_with_a_placeholder_id_are_no_one_order(tmp_path):
    """A process log whose order id is ``-`` on the steps of two orders (on different days, different customers):
    pivoted into one order ``-`` (its steps contradicting each other) before; now each row its own record, each
    refused at its row as no id."""
    from windoweval.records.mapping import parse_mapping

    steps = {"key": "工单编号", "step": "环节名称", "time": "环节时间",
             "as": {"受理": "received_at", "到达现场": "arrived_at"}, "ignore": []}
    section = {"columns": {"业务类型": "order_type", "营业厅编号": "window_id"}, "ignore": ["处理人"],
               "values": {"order_type": {"故障报修": "fault_repair"}}, "steps": steps}
    km = parse_mapping({"work_orders": section}, "mapping.yaml")["work_orders"]
    f = tmp_path / "流程日志.csv"
    f.write_text("工单编号,业务类型,营业厅编号,客户编号,环节名称,环节时间,处理人\n"
                 "G1,故障报修,PW01,C1,受理,2025-03-03 09:00,甲\n"
                 "-,故障报修,PW01,C2,受理,2025-03-04 09:00,甲\n"
                 "-,故障报修,PW02,C3,受理,2025-03-05 09:00,乙\n", encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        load_files("work_orders", [f], km)
    p = e.value.problems
    assert sorted(p["row"].tolist()) == [3, 4] and set(p["code"]) == {"missing_value"}
    assert set(p["column"]) == {"order_id"}


def test_a_customer_key_written_as_a_placeholder_is_no_customer(tmp_path):
    """Two complaints of two customers whose customer_key the export writes ``-``: read as one customer (the
    repeat-complaint count groups by the key); now no key, missing, counted by records check."""
    from windoweval.complaints import repeat_complainants

    f = tmp_path / "complaints.csv"
    f.write_text("case_id,channel,kind,window_id,received_at,customer_key\n"
                 "T1,95598,complaint,PW01,2025-03-01 08:00,-\nT2,95598,complaint,PW01,2025-03-05 08:00,-\n"
                 "T3,95598,complaint,PW01,2025-03-06 08:00,K1\n", encoding="utf-8")
    got = load_files("complaints", [f])
    assert got.frame["customer_key"].isna().tolist() == [True, True, False]
    assert placeholder_counts(got.plans[0], got.tables[0], "complaints") == [("customer_key", "customer_key", 2, ["-"])]
    assert len(repeat_complainants(got.frame)) == 0
