"""newuser44: a ``combine`` whose date header serves that one time only (到达日期 + 到达时刻, 完成日期 + 完成时刻), the
date written and the time blank, was read as "no such event": the order was taken as never arrived or never
completed, so a reply sent within the limit (its day known, its hour not) was a miss, and a repair crew whose arrival
time nobody wrote was a miss too, where the evidence is missing.  The date is that event's own: it happened that day,
the hour unknown, read as a date alone (as the same value in one column is): judged as lying anywhere in its day.
A date header several times share (a call's 来电日期: offered, answered) keeps "no such event" (test_merge_review)."""
from __future__ import annotations

import windoweval as we
from windoweval.records import read_records

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
MAPPING = """work_orders:
  file: 工单.csv
  columns: {工单编号: order_id, 供电所: window_id, 业务类别: order_type, 受理时间: received_at}
  combine:
    arrived_at: {date: 到达日期, time: 到达时刻}
    completed_at: {date: 完成日期, time: 完成时刻}
  values:
    order_type: {故障报修: fault_repair, 电费查询: billing_query}
"""
HEAD = "工单编号,供电所,业务类别,受理时间,到达日期,到达时刻,完成日期,完成时刻\n"
ROWS = [
    # a written bill query received Monday 3 March, replied on Tuesday 4 March (hour not written): within 1 working day
    "Q1,PW01,电费查询,2025-03-03 09:00,,,2025-03-04,\n",
    # replied on Wednesday 5 March: after the working day, whatever the hour
    "Q2,PW01,电费查询,2025-03-03 09:00,,,2025-03-05,\n",
    # a repair whose crew arrived on 3 March, the minute not written: 45 minutes cannot be judged
    "R1,PW01,故障报修,2025-03-03 09:00,2025-03-03,,,\n",
    # a repair with its arrival time written: judged as always (40 minutes)
    "R2,PW01,故障报修,2025-03-03 10:00,2025-03-03,10:40,,\n",
]


def _data(d):
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (d / "工单.csv").write_text(HEAD + "".join(ROWS), encoding="utf-8")
    return d


def _row(card, measure):
    r = card.results
    return r[(r["measure"] == measure) & (r["window_id"] == "PW01")].iloc[0]


def test_a_completion_day_with_its_hour_blank_is_judged_by_its_day(tmp_path):
    card = we.score("power_window", 2025, data=_data(tmp_path))
    q = _row(card, "power_window.10.2.4")
    assert (q["records"], q["met"]) == (2, 1), q.to_dict()      # Q1 met (the 4th is within), Q2 missed
    missed = card.drilldown("power_window.10.2.4")
    assert list(missed["order_id"]) == ["Q2"], missed


def test_an_arrival_day_with_its_minute_blank_is_missing_evidence_not_a_miss(tmp_path):
    card = we.score("power_window", 2025, data=_data(tmp_path))
    r = _row(card, "power_window.10.2.5")
    assert r["met"] == 1, r.to_dict()                           # R2
    assert r["verdict"] == "insufficient", r.to_dict()          # R1: arrived that day, the minute unknown
    assert card.drilldown("power_window.10.2.5").empty          # nobody missed


def test_the_date_is_read_as_a_date_alone_never_as_midnight(tmp_path):
    df = read_records("work_orders", _data(tmp_path))
    got = df.set_index("order_id")
    # a date alone is marked (the day's 00:00 plus 1 ns), never the plain midnight a written 00:00 is
    assert str(got.loc["Q1", "completed_at"].date()) == "2025-03-04"
    assert got.loc["Q1", "completed_at"].value % 10**9 == 1, got.loc["Q1", "completed_at"]
    assert got.loc["R2", "arrived_at"].strftime("%H:%M") == "10:40"


def test_a_receipt_day_with_its_hour_blank_is_read_not_refused_as_belonging_to_no_year(tmp_path):
    """受理日期 written, 受理时间 blank: the record was refused as 'filed_at, received_at are all empty: the record
    belongs to no year', naming a column the export does not have, though the user sees the date.  The day is read."""
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(
        "work_orders:\n  file: 工单.csv\n"
        "  columns: {工单编号: order_id, 供电所: window_id, 业务类别: order_type, 完成时间: completed_at}\n"
        "  combine:\n    received_at: {date: 受理日期, time: 受理时间}\n"
        "  values:\n    order_type: {电能表故障: meter_fault}\n", encoding="utf-8")
    (tmp_path / "工单.csv").write_text(
        "工单编号,供电所,业务类别,受理日期,受理时间,完成时间\n"
        # Friday 7 March, hour unknown; fixed Tuesday 11 March: the 2nd working day whatever the hour, met
        "M1,PW01,电能表故障,2025-03-07,,2025-03-11 10:00\n"
        # fixed Wednesday 12 March: the 3rd working day, missed whatever the hour
        "M2,PW01,电能表故障,2025-03-07,,2025-03-12 10:00\n", encoding="utf-8")
    card = we.score("power_window", 2025, data=tmp_path)
    r = _row(card, "power_window.10.2.8")
    assert (r["records"], r["met"]) == (2, 1), r.to_dict()
    assert list(card.drilldown("power_window.10.2.8")["order_id"]) == ["M2"]
