"""A 95598 case export without 修复时间 (no conclusion time for any fault repair, no state column): whether a repair
was owed its callback is unknown (session 31).

Before, every fault repair was "not yet due": the callback rate was judged on the complaints and reports alone and
passed (10 of 10) while the five repairs' callbacks went uncounted, and ``windoweval complaints`` showed 10 due, pass.
Now those repairs are missing evidence: the scorecard's verdict is insufficient evidence (10 of 15 would fail), the
complaint table counts them due and ``undetermined``, and the fault-repair measure says insufficient, not "no data".
"""
import csv

import pandas as pd
import pytest

import windoweval as we
from windoweval.complaints import callback_rate

MAPPING = """complaints:
  file: "95598工单.csv"
  columns: {"工单编号": case_id, "受理渠道": channel, "诉求类型": kind, "责任单位": window_id, "受理时间": received_at,
            "答复时间": replied_at, "回访时间": callback_at, "回访结果": callback_result}
  values:
    kind: {"投诉": complaint, "举报": report, "故障报修": fault_repair, "咨询": enquiry}
    callback_result: {"满意": satisfied, "未回访": not_called_back}
    window_id: {"城东营业厅": PW01}
"""


def _workspace(d, repairs_resolved=False):
    head = ["工单编号", "受理渠道", "诉求类型", "责任单位", "受理时间", "答复时间", "回访时间", "回访结果"]
    rows = []
    for i, k in enumerate(["投诉", "举报", "故障报修", "咨询"] * 5):
        day = i + 1
        called = k != "咨询"
        rows.append([f"GD{i:04d}", "95598", k, "城东营业厅", f"2025-03-{day:02d} 09:00:00",
                     f"2025-03-{day + 1:02d} 10:00:00" if k != "故障报修" else "",
                     f"2025-03-{day + 1:02d} 15:00:00" if called else "", "满意" if called else ""])
    if repairs_resolved:
        head.append("修复时间")
        rows = [r + ([r[4].replace("09:00", "12:00")] if r[2] == "故障报修" else [""]) for r in rows]
    with open(d / "95598工单.csv", "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([head, *rows])
    (d / "windoweval.toml").write_text('name = "x"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\n'
                                       'name = "城东营业厅"\nkind = "power_hall"\n', encoding="utf-8")
    m = MAPPING if not repairs_resolved else MAPPING.replace('"回访结果": callback_result}',
                                                             '"回访结果": callback_result, "修复时间": resolved_at}')
    (d / "mapping.yaml").write_text(m, encoding="utf-8")
    return d


def _verdicts(d):
    r = we.score("power_window", year=2025, data=d).results.set_index("measure")
    return {m: r.loc[f"power_window.13.5#{m}", "verdict"] for m in ("callback_rate", "fault_repair_callback")}


def test_repairs_never_concluded_in_the_records_are_missing_evidence(tmp_path):
    v = _verdicts(_workspace(tmp_path))
    assert v["callback_rate"] == "insufficient" and v["fault_repair_callback"] == "insufficient", v


def test_the_complaint_table_counts_them_due_and_undetermined(tmp_path):
    from windoweval.complaints import complaint_summary

    cb = complaint_summary(2025, data=_workspace(tmp_path))["callbacks"].iloc[0]
    assert (cb["needing"], cb["called_back"], cb["undetermined"]) == (15, 10, 5)
    assert cb["verdict"] == "insufficient" and cb["verdict_incl_unreachable"] == "insufficient"


def test_with_the_repair_times_the_repairs_are_judged(tmp_path):
    assert _verdicts(_workspace(tmp_path, repairs_resolved=True)) == {"callback_rate": "pass",
                                                                       "fault_repair_callback": "pass"}


def test_a_case_not_yet_concluded_among_concluded_ones_is_still_not_due():
    """One repair of three with no repair time while the others have theirs: not yet repaired, no callback owed
    (the rule, unchanged); the column shows only where a case is undetermined."""
    t = pd.to_datetime
    cases = pd.DataFrame({"case_id": list("abc"), "channel": "95598", "kind": "fault_repair", "window_id": "PW01",
                          "category": None, "received_at": t(["2025-05-01 08:00"] * 3), "replied_at": pd.NaT,
                          "resolved_at": t(["2025-05-01 10:00", "2025-05-01 10:00", None]),
                          "callback_at": t(["2025-05-02 09:00", "2025-05-02 09:00", None]),
                          "callback_result": ["satisfied", "satisfied", None], "customer_key": None})
    r = callback_rate(cases)
    assert r[["needing", "called_back"]].values.tolist() == [[2, 2]] and "undetermined" not in r
    assert r["verdict"].tolist() == ["pass"]
