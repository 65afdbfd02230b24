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


def _refused(rows, note=False):
    from windoweval.records import validate
    from windoweval.records.contract import RecordsError

    df = pd.DataFrame(rows, columns=["case_id", "channel", "kind", "window_id", "received_at", "replied_at",
                                     "callback_at", "callback_result"] + ["description"] * note).astype(object)
    try:
        validate(df, "complaints", file="95598回访记录.csv",
                 value_map={"callback_result": {"满意": "satisfied", "未接通": "unreachable"}})
    except RecordsError as e:
        return e.problems.set_index("row")
    raise AssertionError("not refused")


def test_a_row_exported_twice_and_a_cases_callback_attempts_are_told_apart():
    # a 95598 回访记录 export: a row per callback attempt, and a row repeated by the export
    base = ["95598", "complaint", "PW01", "2025-03-03 09:00", "2025-03-04 10:00"]
    p = _refused([["A", *base, "2025-03-05 10:00", "满意"], ["A", *base, "2025-03-05 10:00", "满意"],
                  ["B", *base, "2025-03-05 10:00", "满意"], ["B", *base, "2025-03-06 10:00", "未接通"],
                  ["C", *base[:4], "2025-03-05 10:00", "", ""], ["C", *base[:4], "2025-03-04 16:00", "", ""]])
    # A: the same row twice: delete one (before: "keep the latest row", as for two months' exports)
    assert "完全相同" in p.loc[3, "problem_zh"] and "第 2、3 行" in p.loc[3, "problem_zh"], p.loc[3].to_dict()
    assert "identical" in p.loc[3, "problem_en"] and "删去" in p.loc[3, "fix_zh"], p.loc[3].to_dict()
    # B: two callback attempts of one case: keep the one that reached the customer (keeping the latest, as the
    # message said before, would turn this satisfied callback into an unreachable one: not called back)
    for r in (4, 5):
        assert "callback_at" in p.loc[r, "problem_zh"] and "callback_result" in p.loc[r, "problem_zh"], p.loc[r].to_dict()
        assert "联系上" in p.loc[r, "fix_zh"] and "reached" in p.loc[r, "fix_en"], p.loc[r].to_dict()
    # C: two states of one case (a later export's reply time): the columns that differ are named, the advice as before
    assert "replied_at" in p.loc[6, "problem_zh"] and "保留最新的一行" in p.loc[6, "fix_zh"], p.loc[6].to_dict()
    # D: an attempt with a note the other lacks is an attempt still; E: a reply time that differs is not
    p = _refused([["D", *base, "2025-03-05 10:00", "未接通", None], ["D", *base, "2025-03-06 10:00", "满意", "已解决"],
                  ["E", *base, "2025-03-05 10:00", "满意", None], ["E", *base[:4], "2025-03-07 10:00",
                                                                  "2025-03-06 10:00", "满意", None],
                  # F: January's export before the reply, February's after it and its callback: two states
                  ["F", *base[:4], None, None, None, None], ["F", *base, "2025-03-06 10:00", "满意", None]], note=True)
    assert "联系上" in p.loc[2, "fix_zh"] and "联系上" not in p.loc[4, "fix_zh"], p.to_dict("records")
    assert "保留最新的一行" in p.loc[6, "fix_zh"] and "replied_at" in p.loc[6, "problem_zh"], p.loc[6].to_dict()


def _called(results, times):
    n = len(results)
    return pd.DataFrame({"case_id": [f"K{i}" for i in range(n)], "channel": "95598", "kind": "complaint",
                         "window_id": "PW01", "category": None, "received_at": T(["2025-05-05 09:00"] * n),
                         "replied_at": T(["2025-05-06 09:00"] * n), "resolved_at": pd.NaT,
                         "callback_at": T(times), "callback_result": results, "customer_key": None})


def test_a_callback_result_without_its_time_is_missing_evidence_not_no_callback():
    from windoweval.complaints import callback_rate
    from windoweval.kernels.time import callback_made

    # a 95598 export with 回访结果 满意 (or 拒访) and 回访时间 blank: a callback was made, when is not recorded, so
    # whether it came after the reply is unknown (missing evidence); counted before as "not called back"
    cases = _called(["satisfied"] * 8 + ["satisfied", "declined", None, "unreachable"],
                    ["2025-05-07 10:00"] * 8 + [None] * 4)
    cb = callback_rate(cases).iloc[0]
    # by hand: 12 due; 8 called back; 2 without the time (K8 satisfied, K9 declined): missing evidence; K10 (nothing)
    # and K11 (not reached, no time) not called back. Rate 8 / 10 (80 %) on the evidence; were both made, 10 / 12
    # (83.3 %): both fail 90 % either way
    assert [int(cb[k]) for k in ("needing", "called_back", "undetermined", "not_called_back")] == [12, 8, 2, 2], cb
    assert abs(cb["rate"] - 0.8) < 1e-9 and cb["verdict"] == "fail", cb
    # 8 of 8 on the evidence, 8 of 9 (88.9 %) were the timeless one not after the reply: insufficient evidence (before:
    # counted not called back, 8 of 9, fail)
    nine = _called(["satisfied"] * 9, ["2025-05-07 10:00"] * 8 + [None])
    cb = callback_rate(nine).iloc[0]
    assert (int(cb["called_back"]), cb["verdict"]) == (8, "insufficient"), cb
    # the kernel itself: <NA> (missing evidence) for a reached result without its time, both ways of counting
    m = callback_made(cases, "callback_at", "callback_result", ["replied_at"])
    assert m.iloc[8:].tolist() == [pd.NA, pd.NA, False, False], m.tolist()
    m = callback_made(cases, "callback_at", "callback_result", ["replied_at"], unreachable="called_back")
    assert m.iloc[8:].tolist() == [pd.NA, pd.NA, False, pd.NA], m.tolist()
