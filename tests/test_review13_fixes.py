"""What a review of the twelfth round's merged change found (each test fails on the merged code before its fix)."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from windoweval.kernels.time import callback_made
from windoweval.privacy import free_text_column, mask_frame
from windoweval.records.check import evidence_counts
from windoweval.records.propose import _guess_value

_STATES = {"order_status": ["open", "closed", "withdrawn"], "case_status": ["open", "closed", "withdrawn"],
           "outage_status": ["open", "closed"]}


@pytest.mark.parametrize("col, word, want", [
    ("order_status", "未完成", "open"), ("order_status", "未关闭", "open"), ("order_status", "未归档", "open"),
    ("order_status", "未完结", "open"), ("order_status", "待归档", "open"), ("case_status", "未办结", "open"),
    ("outage_status", "恢复中", "open"), ("outage_status", "未复电", "open"), ("outage_status", "未恢复", "open"),
    # the words that do say closed or withdrawn are proposed as before
    ("order_status", "已办结", "closed"), ("order_status", "归档", "closed"), ("order_status", "撤单", "withdrawn"),
    ("case_status", "撤诉办结", "withdrawn"), ("outage_status", "已恢复", "closed"), ("outage_status", "已复电", "closed"),
])
def test_records_map_never_proposes_a_negated_closing_word_as_closed(col, word, want):
    # before: the first keyword found inside the value won, so 未完成 was "closed" (完成) and an overdue open order
    # accepted that way became missing evidence instead of missed
    assert _guess_value(word, col, _STATES[col], "")[0] == want


def test_records_check_counts_as_scoring_reads_a_withdrawn_complaint_and_an_arrival():
    t = pd.to_datetime
    cases = pd.DataFrame({"case_status": ["withdrawn", "closed"], "received_at": t(["2025-03-03 09:00"] * 2),
                          "resolved_at": t(["2025-03-04 09:00", None]), "replied_at": t([None, None])})
    # a withdrawn case owes no reply after its withdrawal (reply_within leaves it out): one closed case counted
    assert [n for _, n in evidence_counts("complaints", cases)] == [1]
    orders = pd.DataFrame({"order_type": ["fault_repair", "fault_repair", "billing_query"],
                           "order_status": ["closed"] * 3, "received_at": t(["2025-03-03 09:00"] * 3),
                           "arrived_at": t(["2025-03-03 09:30", None, None]),
                           "completed_at": t([None, "2025-03-03 12:00", None])})
    # a repair is judged on its arrival on site (10.2.5): the first arrived (not missing evidence though never
    # marked complete), the second never arrived; the billing query has no completion
    got = dict(evidence_counts("work_orders", orders))
    assert [n for label, n in got.items() if label.startswith("标为已办结")] == [2]


def test_an_unreachable_callback_of_a_case_closed_without_its_time_is_missed():
    t = pd.to_datetime
    df = pd.DataFrame({"done": t([None, "2025-05-01 09:00"]), "cb": t(["2025-05-02 09:00"] * 2),
                       "res": ["unreachable"] * 2, "st": ["closed", "closed"]})
    # by the default rule an unreached customer is not called back, whatever the time: missed, as with the
    # conclusion time known (before: missing evidence for the case without its time)
    assert callback_made(df, "cb", "res", ["done"], status="st").tolist() == [False, False]


@pytest.mark.parametrize("name", ["note_id_2", "feedback_id_2", "note_id2", "comment_id_old", "memo_no_2",
                                  "remark_code_v2", "备注type", "反馈kind", "note_type"])
def test_an_id_column_with_a_suffix_is_no_free_text(name):
    assert not free_text_column(name)
    got = mask_frame(pd.DataFrame({name: ["E12345678"]}))
    assert got[name].tolist() == ["E12345678"]


@pytest.mark.parametrize("name", ["note", "备注2", "comment 2", "description_subtype", "处理意见"])
def test_free_text_columns_stay_free_text(name):
    assert free_text_column(name)


def test_submodules_are_attributes_after_a_bare_import_and_pandas_stays_unloaded_until_asked():
    code = ("import sys, windoweval as we; print('pandas' in sys.modules); "
            "print(we.complaints.__name__, we.privacy.__name__, we.paths.__name__, we.records.store.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "windoweval.complaints", "windoweval.privacy", "windoweval.paths",
                   "windoweval.records.store"]
