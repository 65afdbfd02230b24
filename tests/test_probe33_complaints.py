"""probe33: a 95598 回访记录 export played as a new user, worked out by hand from 标准1 第十三条(五).

- A case the export marks 已办结 or 撤诉 (case_status closed / withdrawn) was listed among the open cases (未办结) of
  ``windoweval complaints`` and the report's complaint page: a suggestion closed without a reply open for 244 days, a
  complaint closed without a reply time "open, overdue 238 days" while the reply table rightly called it missing
  evidence (no_evidence). A case whose state says it concluded is not open.
- ``records check`` counted a closed suggestion and a closed (repaired) fault repair as "marked closed, no reply
  time (evidence missing)": no reply limit applies to them (only complaints and reports, 5 and 10 days), and
  ``windoweval complaints`` showed no missing evidence.
"""
import pandas as pd

from windoweval.complaints import assess_cases, open_cases
from windoweval.records.check import evidence_counts

T = pd.to_datetime
CUT = "2025-12-31 23:59:59"


def _cases():
    return pd.DataFrame({
        "case_id": ["A", "B", "C", "D", "E", "F"], "channel": "95598",
        "kind": ["complaint", "suggestion", "suggestion", "fault_repair", "complaint", "suggestion"],
        "window_id": "PW01", "category": None, "received_at": T(["2025-05-01 09:00"] * 6),
        "replied_at": pd.NaT, "resolved_at": T([None, None, None, "2025-05-02", None, None]),
        "case_status": ["closed", "closed", "withdrawn", "closed", "open", None],
        "callback_at": pd.NaT, "callback_result": None})


def test_a_case_marked_closed_or_withdrawn_is_not_open():
    o = open_cases(_cases(), CUT)
    # by hand: A closed (its reply time missing: evidence missing, as the reply table says), B closed, C withdrawn,
    # D repaired: none open; E says open and was never replied to: open and overdue (due 05-06); F says nothing
    assert sorted(o["case_id"]) == ["E", "F"], o
    assert o.set_index("case_id").loc["E", "overdue"]
    assert assess_cases(_cases(), as_of=CUT).set_index("case_id").loc["A", "reply_status"] == "no_evidence"


def test_records_check_counts_only_cases_owed_a_reply():
    f = _cases()
    got = dict(evidence_counts("complaints", f))
    # by hand: only A (a complaint, closed, no reply time) lacks the evidence its reply limit needs
    assert list(got.values()) == [1], got
