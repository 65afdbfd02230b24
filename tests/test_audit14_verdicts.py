"""Missing and partial evidence, worked by hand (fourteenth audit): a verdict is pass, fail, open or insufficient
evidence, never a pass on missing evidence, and the same blank is read the same way in every standard.

- 标准1 第十条(二)6 (铃响4声(12秒)内接听): an unanswered call with no hang-up time is missing evidence (whether the
  caller gave up within the 12 s, then not counted, is unknown), not a miss; with ``abandoned_within = "missed"``
  every unanswered call is missed.
- 标准2 第十条1, 标准5 一、1, 标准4 准时到岗: a shift with no clock-in (缺卡) is missing evidence in all three (it was
  a miss under 标准2 alone), open while the shift has not started by the cut-off.
- 标准1 第十三条(五) 回访率: a callback with no result recorded may not have reached the customer (回访时间 holds
  attempts too): missing evidence under the rule (unreachable = not called back), not a callback made; the
  complaint tables count it apart (``result_unknown``) and never pass on it.
- What is shown: ``windoweval score`` marks a rate of insufficient evidence (?) and a cell of open cases only (○),
  and the scorecard's summary line counts the open cells.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import workspace, write_workspace

from windoweval.records import RecordsError, validate
from windoweval.scoring import score

_WINDOWS = (("CC95598", "95598客服中心", "call_centre"), ("PW01", "城东营业厅", "power_hall"))


def _calls(n_ok: int, n_blank: int) -> pd.DataFrame:
    """``n_ok`` calls answered in 5 s and ``n_blank`` with neither an answer nor a hang-up time, in June 2025."""
    t = pd.Timestamp("2025-06-02 09:00:00")
    rows = [{"call_id": f"C{i:03d}", "window_id": "CC95598", "offered_at": t + pd.Timedelta(minutes=i),
             "answered_at": t + pd.Timedelta(minutes=i, seconds=5), "hung_up_at": None} for i in range(n_ok)]
    rows += [{"call_id": f"X{i:03d}", "window_id": "CC95598", "offered_at": t + pd.Timedelta(hours=1, minutes=i),
              "answered_at": None, "hung_up_at": None} for i in range(n_blank)]
    return pd.DataFrame(rows)


def _orders() -> pd.DataFrame:
    """Two fault repairs of PW01: one on site in 20 min; one received at 23:30 on 31 December, nobody on site by
    the year's end (its 45 minutes end at 00:15 of 2026: open)."""
    return pd.DataFrame({"order_id": ["W1", "W2"], "window_id": "PW01", "order_type": "fault_repair",
                         "received_at": ["2025-06-01 18:00", "2025-12-31 23:30"],
                         "arrived_at": ["2025-06-01 18:20", None]})


@pytest.fixture(scope="module")
def card_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("org14")
    write_workspace(d, _WINDOWS, name="某供电公司")
    _calls(9, 1).to_csv(d / "calls_95598.csv", index=False)
    _orders().to_csv(d / "work_orders.csv", index=False)
    return d


def test_an_unanswered_call_without_a_hang_up_time_is_missing_evidence_not_a_miss(card_dir):
    """9 calls answered in 5 s and one with neither answer nor hang-up: met 9 of the 9 assessed, 1 missing evidence.
    Every missing one counted as missed gives 9 of 10 < 100 %: insufficient evidence, not a fail (it was 9 of 10,
    fail) and never a pass."""
    card = score("power_window", 2025, data=card_dir)
    r = card.results.set_index(["measure", "window_id"]).loc[("power_window.10.2.6", "CC95598")]
    got = tuple(int(r[c]) for c in ("records", "n", "met", "open", "missing_evidence", "exempt"))
    assert got == (10, 9, 9, 0, 1, 0)
    assert r["verdict"] == "insufficient" and r["rate"] == 1.0


def test_the_workspace_option_missed_counts_every_unanswered_call_as_missed():
    ws = workspace([("CC95598", "95598", "call_centre")], abandoned_within="missed")
    calls = validate(_calls(9, 1), "calls_95598", file="acd.csv")
    card = score("power_window", 2025, data=".", workspace=ws, records={"calls_95598": calls})
    r = card.results.set_index("measure").loc["power_window.10.2.6"]
    assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"]) == (10, 9, 0, "fail")


def _attendance(arrived) -> pd.DataFrame:
    return pd.DataFrame({"staff_id": ["0012"] * len(arrived), "window_id": "ZW01",
                         "shift_start": [f"2025-09-{d} 08:30" for d in (28, 29, 30)][:len(arrived)],
                         "arrived_at": arrived})


@pytest.mark.parametrize("measure", ["etiquette.10.1#attendance", "window_staff.1.1"])
def test_a_missing_clock_in_is_read_the_same_way_in_every_standard(measure):
    """Three shifts (28 September 2025 a 调休 Sunday, a shift like any other): 08:10 (20 min early: meets both),
    08:25 (meets 标准2's 提前到岗, not 标准5's 提前10分钟) and no clock-in: missing evidence under both (标准2 read
    it as missed), so neither can pass; the cut-off is the year's end."""
    ws = workspace([("ZW01", "政务大厅", "service_hall")], name="政务中心")
    att = validate(_attendance(["2025-09-28 08:10", "2025-09-29 08:25", None]), "attendance", file="考勤.xlsx")
    card = score(measure.split(".")[0], 2025, data=".", workspace=ws, records={"attendance": att})
    r = card.results.set_index("measure").loc[measure]
    met = 2 if measure.startswith("etiquette") else 1
    assert (int(r["records"]), int(r["n"]), int(r["met"]), int(r["missing_evidence"]), int(r["open"])) == (3, 2, met, 1, 0)
    assert r["verdict"] == ("insufficient" if met == 2 else "fail")


def _cases(results: list) -> pd.DataFrame:
    n = len(results)
    return pd.DataFrame({"case_id": [str(i) for i in range(n)], "channel": "95598", "kind": "complaint",
                         "window_id": "PW01", "category": None,
                         "received_at": pd.to_datetime(["2025-03-05 10:00"] * n),
                         "replied_at": pd.to_datetime(["2025-03-07 16:00"] * n),
                         "resolved_at": pd.to_datetime(["2025-03-07 16:00"] * n),
                         "callback_at": pd.to_datetime(["2025-03-08 10:00"] * n),
                         "callback_result": results, "customer_key": None})


def test_a_callback_without_its_result_is_counted_apart_and_never_passes():
    """Ten complaints replied in time and called back the next day: 8 reached (satisfied), 2 with no result
    recorded.  The rule (未联系上计为未回访): 8 of the 8 known reached, but 8 of 10 were every unknown one an
    unreached customer, below 90 %: insufficient (it was 10 of 10 called back, pass).  Counted any attempt, the
    10 are all called back."""
    from windoweval.complaints import callback_rate

    t = callback_rate(_cases(["satisfied"] * 8 + [None] * 2)).iloc[0]
    assert (t["needing"], t["called_back"], t["unreachable"], t["result_unknown"], t["not_called_back"]) == (10, 8, 0, 2, 0)
    assert t["rate"] == 1.0 and t["verdict"] == "insufficient"
    assert t["rate_incl_unreachable"] == 1.0 and t["verdict_incl_unreachable"] == "pass"


def test_the_supervision_record_does_not_pass_a_callback_rate_on_missing_results(tmp_path):
    """第十三条 in the demonstration review: the callback rate shown is that of the known results (100 %), and the
    callback is not met (callback_ok) while the unknown ones could bring it below 90 % (it was met)."""
    from windoweval.review import supervision_record

    write_workspace(tmp_path, _WINDOWS, name="某供电公司")
    _cases(["satisfied"] * 8 + [None] * 2).to_csv(tmp_path / "complaints.csv", index=False)
    pd.DataFrame({"activity_id": ["A1"], "window_id": ["PW01"], "kind": ["customer_symposium"],
                  "held_on": ["2025-04-01"]}).to_csv(tmp_path / "activities.csv", index=False)
    rec = supervision_record(2025, data=tmp_path).set_index("window_id")
    assert rec.loc["PW01", "callback_rate"] == 1.0 and not rec.loc["PW01", "callback_ok"]
    assert not rec.loc["ALL", "callback_ok"]


def test_score_shows_insufficient_and_open_cells_apart(card_dir, tmp_path, capsys):
    """The printed grid: 10.2.6 at CC95598 is 100 % of the assessed with one call missing evidence (100?), not a
    plain 100; 10.2.5 at PW01 has one order met and one open (100); the year's end cut-off leaves the open one
    neither met nor missed.  The CSV keeps every count apart."""
    from windoweval.cli import main

    code = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(card_dir),
                 "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    line = next(ln for ln in out.splitlines() if "power_window.10.2.6 " in ln or ln.strip().startswith("power_window.10.2.6 "))
    assert line.rstrip().endswith("?")   # 100 % of the assessed, one missing: insufficient, not a plain 100
    res = pd.read_csv(tmp_path / "power_window_results.csv", dtype={"window_id": str})
    r = res.set_index(["measure", "window_id"])
    assert r.loc[("power_window.10.2.5", "PW01"), ["n", "met", "open"]].tolist() == [1, 1, 1]
    assert r.loc[("power_window.10.2.6", "CC95598"), ["n", "met", "missing_evidence"]].tolist() == [9, 9, 1]
    assert "? 证据不足" in out and "○" in out


def test_a_cell_of_open_cases_only_is_marked_open_not_no_evidence(tmp_path, capsys):
    """One fault repair received at 23:30 on 31 December, nobody on site by the year's end: the cell is open
    (○), not "—" (no evidence); the summary line counts it."""
    from windoweval.cli import main
    from windoweval.summaries import scorecard_text

    d = tmp_path / "org"
    d.mkdir()
    write_workspace(d, _WINDOWS, name="某供电公司")
    _orders().iloc[1:].to_csv(d / "work_orders.csv", index=False)
    code = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == 0
    line = next(ln for ln in out.splitlines() if "power_window.10.2.5 " in ln)
    assert "○" in line and "—" not in line.split("45分钟")[-1]
    card = score("power_window", 2025, data=d)
    assert card.results.set_index(["measure", "window_id"]).loc[("power_window.10.2.5", "PW01"), "verdict"] == "open"
    assert "仅有未到期案件 open cases only 2" in scorecard_text(card)   # 10.2.5 and its promise (5.2)


@pytest.mark.parametrize("kind, row, end", [
    ("work_orders", {"order_id": "W1", "window_id": "PW01", "order_type": "meter_fault",
                     "received_at": "2025-06-03 10:00", "completed_at": "2025-06-03 09:59:59"}, "completed_at"),
    ("calls_95598", {"call_id": "C1", "window_id": "CC95598", "offered_at": "2025-06-03 10:00:00",
                     "answered_at": "2025-06-03 09:59:59"}, "answered_at"),
    ("hospital_events", {"event_id": "L1", "window_id": "HLAB", "event_type": "lab_emergency",
                         "started_at": "2025-06-03 10:00", "finished_at": "2025-06-03 09:00"}, "finished_at"),
    ("attendance", {"staff_id": "0012", "window_id": "ZW01", "shift_start": "2025-06-03 08:30",
                    "arrived_at": "2025-06-03 08:20", "left_at": "2025-06-03 08:10"}, "left_at"),
    ("complaints", {"case_id": "T1", "channel": "95598", "kind": "complaint", "window_id": "PW01",
                    "received_at": "2025-06-03 10:00", "replied_at": "2025-06-02 10:00"}, "replied_at"),
])
def test_an_end_before_its_start_is_refused_never_judged(kind, row, end):
    """标准1 (orders, calls, complaints), 标准3 (hospital events), 标准2/4/5 (attendance): an end before its start
    is refused when read, naming the column, so no limit is met by a negative duration."""
    with pytest.raises(RecordsError) as e:
        validate(pd.DataFrame([row]), kind, file="x.csv")
    assert end in str(e.value)


@pytest.mark.parametrize("kind, row, col", [
    ("inspections", {"visit_id": "V1", "window_id": "PW01", "visited_at": "2025-06-03 10:00", "method": "inspection",
                     "item": "dress_neat", "result": "?"}, "result"),
    ("inspections", {"visit_id": "V1", "window_id": "PW01", "visited_at": "2025-06-03 10:00", "method": "inspection",
                     "item": "dress_neat", "result": None}, "result"),
    ("work_orders", {"order_id": "W1", "window_id": "PW01", "order_type": "repair?",
                     "received_at": "2025-06-03 10:00"}, "order_type"),
    ("complaints", {"case_id": "T1", "channel": "95598", "kind": "complaint", "window_id": "PW01",
                    "received_at": "2025-06-03 10:00", "callback_result": "maybe"}, "callback_result"),
])
def test_a_status_blank_or_unknown_is_refused_where_it_decides_the_verdict(kind, row, col):
    """A checklist result blank or unknown, an order type or a callback result no list knows: refused when read
    (file, row, column, value), never read as a pass or a fail."""
    with pytest.raises(RecordsError) as e:
        validate(pd.DataFrame([row]), kind, file="x.csv")
    assert col in str(e.value)


def test_a_late_clock_in_and_an_early_leave_say_what_happened_and_by_how_many_minutes():
    """The clock-in and clock-out measures moved to lead_time this round; their missed rows had lost their minutes
    (elapsed_min) and read "announced less than 0 minutes ahead" (an outage notice's words). A clock-in 14 minutes
    late and a clock-out 14 minutes early say so, with the minutes, in the drill-down and the explained rows."""
    from windoweval.summaries import narrow

    ws = workspace([("ZW01", "政务大厅", "service_hall")], name="政务中心")
    att = validate(pd.DataFrame({"staff_id": ["0012"], "window_id": "ZW01", "shift_start": ["2025-09-29 08:30"],
                                 "arrived_at": ["2025-09-29 08:44"], "shift_end": ["2025-09-29 17:30"],
                                 "left_at": ["2025-09-29 17:16"]}), "attendance", file="考勤.xlsx")
    cases = {"etiquette.10.1#attendance": ("未在班次开始前到岗打卡", "2025-09-29 08:30:00"),
             "window_staff.6.5#early_leave": ("早于班次结束离岗", "2025-09-29 17:16:00")}
    for measure, (words, deadline) in cases.items():
        card = score(measure.split(".")[0], 2025, data=".", workspace=ws, records={"attendance": att})
        d = card.drilldown(measure)
        assert len(d) == 1 and words in d["message"].iloc[0] and "announced" not in d["message"].iloc[0]
        assert float(d["elapsed_min"].iloc[0]) == 14.0
        spec = card._masks[card._measure(measure)][2]
        shown = narrow(d, spec)
        assert (str(shown["deadline"].iloc[0]), shown["elapsed"].iloc[0]) == (deadline, "14 分钟 min")
