"""A laboratory's LIS export with the report's date and time in two columns (报告日期, 报告时刻), one row with the
date filled and the time blank (newuser44b, a hospital's own export).

The report was sent that day, the time is not written.  ``combine`` read the row as no report at all: the 30-minute
routine promise (检验科文明服务承诺 5(1)) judged it missed, "overdue, not done", on a record that says the report was
sent, a verdict the evidence does not carry.  A date alone of a date column that serves one time only is that time
written as a date alone (as a single date-time column holding 2025-03-09 is): marked, so a limit in minutes is missing
evidence on it, never met nor missed; a date column several times share (a call's date: rang, answered) keeps its
blank time as no such event.
"""
from __future__ import annotations

import pandas as pd
from _workspace import write_workspace

from windoweval.calendar import date_only
from windoweval.records import read_records

MAPPING = """hospital_events:
  columns: {科室代码: window_id, 检验类别: event_type}
  combine:
    started_at: {date: 接收日期, time: 接收时刻}
    finished_at: {date: 报告日期, time: 报告时刻}
  values:
    event_type: {三大常规: lab_routine}
  sequence: {event_id: null}
"""


def _lab(tmp_path, rows):
    d = write_workspace(tmp_path / "ws", (("0301", "检验科", "hospital_lab"),))
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    pd.DataFrame(rows, columns=["科室代码", "检验类别", "接收日期", "接收时刻", "报告日期", "报告时刻"]).to_csv(
        d / "hospital_events.csv", index=False, encoding="utf-8")
    return d


ROWS = [["0301", "三大常规", "2025-03-09", "10:00", "2025-03-09", ""],       # the report's day, no time
        ["0301", "三大常规", "2025-03-09", "10:00", "", ""],                 # no report at all
        ["0301", "三大常规", "2025-03-09", "10:00", "2025-03-09", "10:20"]]  # timed: met


def test_a_report_date_without_its_time_is_a_date_alone_never_no_report(tmp_path):
    df = read_records("hospital_events", _lab(tmp_path, ROWS)).sort_values("event_id")
    fin = df["finished_at"]
    assert str(fin.iloc[0].normalize()) == "2025-03-09 00:00:00"
    assert date_only(fin.to_numpy()).tolist() == [True, False, False]
    assert fin.isna().tolist() == [False, True, False]


def test_the_routine_promise_reads_it_as_missing_evidence_not_missed(tmp_path):
    import windoweval as we

    card = we.score("hospital_commitments", year=2025, data=_lab(tmp_path, ROWS))
    r = card.results
    row = r[(r["measure"] == "hospital_commitments.lab.5#routine") & (r["window_id"] == "0301")].iloc[0]
    # the timed report met; the one never sent missed (its 30 minutes long past); the dated one missing evidence
    assert (int(row["n"]), int(row["met"])) == (2, 1)
    m = card.missing_evidence(["hospital_commitments.lab.5#routine"])
    assert len(m) == 1 and str(m["finished_at"].iloc[0].normalize()) == "2025-03-09 00:00:00"


def test_a_required_start_with_its_date_alone_is_still_refused_with_its_row(tmp_path):
    from windoweval.records.contract import RecordsError
    import pytest

    rows = ROWS[:1] + [["0301", "三大常规", "2025-03-09", "", "2025-03-09", "10:20"]]
    with pytest.raises(RecordsError) as e:
        read_records("hospital_events", _lab(tmp_path, rows))
    assert [3, "started_at"] in e.value.problems[["row", "column"]].values.tolist()


def test_a_date_alone_is_never_moved_a_day_by_after(tmp_path):
    """A report's own date with `after: started_at` (a report past midnight is the next day's): the date alone, read
    as the day's 00:00, is before the receipt's time, yet it is that day, never the next."""
    d = _lab(tmp_path, [ROWS[0], ROWS[2]])
    (d / "mapping.yaml").write_text(MAPPING.replace("time: 报告时刻}", "time: 报告时刻, after: started_at}"),
                                    encoding="utf-8")
    df = read_records("hospital_events", d).sort_values("event_id")
    assert str(df["finished_at"].iloc[0].normalize()) == "2025-03-09 00:00:00"
    assert date_only(df["finished_at"].to_numpy()).tolist() == [True, False]
