"""probe32: a queue system's ticket export writes the daily queue number (排队号 A001, again from 1 each day) and the
date apart from the times, and no serial number.  `records map` proposed no ticket_id at all (the required column
missing, and the number passed over in silence), so the user was left to find `join`.  A number that repeats only
across days, unique with the date the ticket's time is combined with, is now proposed joined with that date."""
import yaml

from windoweval.records.files import load_files
from windoweval.records.propose import propose

QUEUE = ("日期,排队号,队列,窗口号,取号时间,叫号时间\n"
         "2025-03-04,A001,挂号收费,1,08:00:00,08:05:00\n"
         "2025-03-04,A002,挂号收费,1,08:01:00,08:10:00\n"
         "2025-03-05,A001,挂号收费,1,08:00:00,08:20:00\n")


def _export(tmp_path, text):
    (f := tmp_path / "排队叫号.csv").write_text(text, encoding="utf-8")
    return f


def test_a_daily_number_is_joined_with_its_date(tmp_path):
    got = yaml.safe_load(propose(f := _export(tmp_path, QUEUE), "queue_tickets"))["queue_tickets"]
    assert got["join"] == {"ticket_id": ["日期", "排队号"]}
    got["constant"] = {"window_id": "HBIL"}
    ids = load_files("queue_tickets", [f], got).frame["ticket_id"].tolist()
    assert ids == ["2025-03-04 / A001", "2025-03-04 / A002", "2025-03-05 / A001"]


def test_a_number_repeated_within_a_day_is_not_joined(tmp_path):
    f = _export(tmp_path, QUEUE + "2025-03-05,A001,药房,2,08:02:00,08:09:00\n")
    got = yaml.safe_load(propose(f, "queue_tickets"))["queue_tickets"]
    assert "join" not in got
