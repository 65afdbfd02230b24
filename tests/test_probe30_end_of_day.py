"""24:00 as the end of a day, and AM/PM beside a 24-hour hour (probe 30).

Decided (data/README.md): a year-first date at exactly 24:00 (24:00, 24:00:00, 24:00:00.000, 24时; a space or T
before it) is ISO 8601's end of that day, the next day's 00:00, as 晚上12点 is read (Chinese systems write 停电至24:00);
read without a warning (a defined notation, nothing guessed).  24:01 and a day-first date at 24:00 stay refused.
An AM/PM marker after an hour that says it already (21:05 PM, as 13:00 下午 is read) is read as the 24-hour time;
one the hour contradicts (13:00 AM, 00:30 PM, which pandas read as 12:30, 24:00 PM) is refused with its own message
(code contradictory_am_pm) naming the row, column, value and the fix.  In CSV, XLSX text cells, the store import, a
combined date + time, and a survey's interview date alike.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import run_cli, write_workspace

from windoweval.records import read_records, validate
from windoweval.records.contract import RecordsError

READ = [
    ("2025-03-10 24:00", "2025-03-11 00:00:00"),
    ("2025-03-10 24:00:00", "2025-03-11 00:00:00"),
    ("2025/3/10 24:00", "2025-03-11 00:00:00"),
    ("2025-03-10T24:00:00", "2025-03-11 00:00:00"),
    ("2025-03-10 24:00:00.000", "2025-03-11 00:00:00"),
    ("2025年3月10日 24时", "2025-03-11 00:00:00"),
    ("２０２５-０３-１０ ２４：００", "2025-03-11 00:00:00"),
    ("2025-12-31 24:00", "2026-01-01 00:00:00"),
    ("2025-03-10 星期一 24:00", "2025-03-11 00:00:00"),
    ("2025-03-10 21:05 PM", "2025-03-10 21:05:00"),
    ("2025-03-10 21:05:30 p.m.", "2025-03-10 21:05:30"),
    ("2025-03-10 13:00 下午", "2025-03-10 13:00:00"),
    ("2025-03-10 00:30 AM", "2025-03-10 00:30:00"),
    ("2025-03-10 12:30 AM", "2025-03-10 00:30:00"),
    ("2025-03-10 9:05 PM", "2025-03-10 21:05:00"),
]

CONTRADICTORY = ["2025-03-10 13:00 AM", "2025-03-10 00:30 PM", "2025-03-10 24:00 PM", "2025-03-10 21:05 am"]


def _frame(values) -> pd.DataFrame:
    return pd.DataFrame({"window_id": [f"W{i}" for i in range(len(values))], "observed_at": values,
                         "queue_length": [1] * len(values)})


@pytest.mark.parametrize("text,expected", READ)
def test_end_of_day_and_agreeing_marks_are_read(text, expected):
    got = validate(_frame(["2025-03-10 09:00", text]), "queue_snapshots", file="q.csv")["observed_at"]
    assert str(got.iloc[1]) == expected


def test_a_whole_column_of_them_is_read_at_once():
    values = [t for t, _ in READ] * 3
    got = validate(_frame(values), "queue_snapshots", file="q.csv")["observed_at"].astype(str).tolist()
    assert got == [e for _, e in READ] * 3


@pytest.mark.parametrize("text", ["2025-03-10 24:01", "2025-03-10 24:00:01", "2025-03-10 25:00"])
def test_past_24_00_stays_refused(text):
    with pytest.raises(RecordsError) as e:
        validate(_frame(["2025-03-10 09:00", text]), "queue_snapshots", file="q.csv")
    p = e.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[3, "observed_at", text]]


def test_a_day_first_date_at_24_00_stays_refused_as_unclear():
    with pytest.raises(RecordsError) as e:
        validate(_frame(["2025-03-10 09:00", "05/03/2025 24:00"]), "queue_snapshots", file="q.csv")
    p = e.value.problems
    assert p[["row", "value", "code"]].values.tolist() == [[3, "05/03/2025 24:00", "ambiguous_day_month"]]


@pytest.mark.parametrize("text", CONTRADICTORY)
def test_a_contradicting_marker_is_refused_with_its_own_message(text):
    with pytest.raises(RecordsError) as e:
        validate(_frame(["2025-03-10 09:00", text]), "queue_snapshots", file="q.csv")
    p = e.value.problems
    assert p[["row", "column", "value", "code"]].values.tolist() == [[3, "observed_at", text, "contradictory_am_pm"]]
    assert "AM/PM" in p["problem_zh"].iloc[0] and "24 小时制" in p["problem_zh"].iloc[0]
    assert "contradicts its AM/PM" in p["problem_en"].iloc[0] and "24-hour clock" in p["problem_en"].iloc[0]


def _queue(d):
    return d / "queue_tickets.csv"


def test_csv_check_reads_24_00_and_names_the_contradiction(tmp_path):
    d = write_workspace(tmp_path / "d", (("HBIL", "挂号收费", "hospital_billing"),))
    _queue(d).write_text("票号流水号,窗口编号,取号时间,叫号时间\nQ1,HBIL,2025-03-10 23:50,2025-03-10 24:00\n"
                         "Q2,HBIL,2025/3/10 23:50,2025/3/10 24:00:00\nQ3,HBIL,2025-03-10 20:50,2025-03-10 21:05 PM\n",
                         encoding="gbk")
    got = read_records("queue_tickets", d)["called_at"].astype(str).tolist()
    assert got == ["2025-03-11 00:00:00", "2025-03-11 00:00:00", "2025-03-10 21:05:00"]
    with open(_queue(d), "a", encoding="gbk") as f:
        f.write("Q4,HBIL,2025-03-10 10:50,2025-03-10 13:00 AM\n")
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 3, out
    assert "第 5 行 row 5" in out and "2025-03-10 13:00 AM" in out and "AM/PM" in out and "Traceback" not in out


def test_xlsx_text_cells_and_the_store_import_read_24_00(tmp_path):
    from windoweval.records.store import import_records

    d = write_workspace(tmp_path / "d", (("HBIL", "挂号收费", "hospital_billing"),))
    pd.DataFrame({"票号流水号": ["Q1", "Q2"], "窗口编号": ["HBIL", "HBIL"],
                  "取号时间": ["2025-03-10 23:50", "2025-03-10 20:00"],
                  "叫号时间": ["2025-03-10 24:00", "2025-03-10 21:05 PM"]}).to_excel(d / "queue_tickets.xlsx", index=False)
    got = read_records("queue_tickets", d)["called_at"].astype(str).tolist()
    assert got == ["2025-03-11 00:00:00", "2025-03-10 21:05:00"]
    store = tmp_path / "store"
    import_records("queue_tickets", d / "queue_tickets.xlsx", store)
    back = pd.read_parquet(store / "queue_tickets").sort_values("ticket_id")["called_at"].astype(str).tolist()
    assert back == ["2025-03-11 00:00:00", "2025-03-10 21:05:00"]


def test_a_combined_time_of_24_00_is_the_end_of_its_date(tmp_path):
    d = write_workspace(tmp_path / "d", (("HBIL", "挂号收费", "hospital_billing"),))
    (d / "mapping.yaml").write_text(
        "queue_tickets:\n  combine:\n    ticket_at: {date: 日期, time: 取号}\n"
        "    called_at: {date: 日期, time: 叫号, after: ticket_at}\n", encoding="utf-8")
    _queue(d).write_text("票号流水号,窗口编号,日期,取号,叫号\nQ1,HBIL,2025-03-10,23:50,24:00\n"
                         "Q2,HBIL,2025-03-10,20:50,21:05 PM\n", encoding="utf-8")
    got = read_records("queue_tickets", d)["called_at"].astype(str).tolist()
    assert got == ["2025-03-11 00:00:00", "2025-03-10 21:05:00"]


def test_a_survey_interview_at_24_00_is_on_the_next_day():
    from windoweval.survey.delivery import _parse_dates

    got = _parse_dates(pd.Series(["2025-03-10 24:00", "2025/3/10 24:00:00", "2025-03-10 21:05 PM", "2025-03-10 24:01"]))
    assert [str(x)[:10] for x in got] == ["2025-03-11", "2025-03-11", "2025-03-10", "NaT"]
