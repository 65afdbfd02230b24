"""newuser46: a hospital's queue export (分诊叫号) writes the sign-in as a date-time (签到时间 2025-03-04 08:10:00) and
the call as a time of day alone (叫号时间 08:25:00), with no date column.  `records map` mapped neither: 签到时间 (the
patient's ticket, as a hospital names it) was not known as ticket_at, and 叫号时间, called_at's own header, was put
under ignore, so every ticket would have been read as never called; `records check` then offered `叫号时间:
ticket_at` (the call as the ticket).  And a `combine` taking the date from 签到时间 was refused on every row (the
date cell's 08:10 "disagrees" with the time 08:25).  Now 签到时间 is proposed as ticket_at and the call as
`combine: called_at: {date: 签到时间, time: 叫号时间, after: ticket_at}`; a date header read whole as another column
gives its date only (its time is that event's), a call past midnight the next day.  A date header that is not read as
another column and whose time disagrees is still refused."""
import pytest
import yaml

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.records.propose import propose

QUEUE = ("挂号流水号,科室,签到时间,叫号时间,就诊状态\n"
         "GH1,HBIL,2025-03-04 08:10:00,08:25:00,已就诊\n"
         "GH2,HBIL,2025-03-04 23:50:00,00:10:00,已就诊\n"
         "GH3,HPHA,2025-03-05 09:00:00,,过号\n"
         "GH4,HPHA,2025-03-05 09:10:00,09:12:30,已就诊\n")


@pytest.fixture
def export(tmp_path):
    f = tmp_path / "分诊叫号.csv"
    f.write_text(QUEUE, encoding="utf-8")
    return f


def test_sign_in_and_call_time_are_proposed(export):
    got = yaml.safe_load(propose(export, "queue_tickets"))["queue_tickets"]
    assert got["columns"].get("签到时间") == "ticket_at"
    assert got["combine"] == {"called_at": {"date": "签到时间", "time": "叫号时间", "after": "ticket_at"}}
    assert "叫号时间" not in got.get("ignore", [])


def test_the_proposal_taken_reads_each_call_on_its_day(export):
    got = yaml.safe_load(propose(export, "queue_tickets"))["queue_tickets"]
    df = load_files("queue_tickets", [export], got).frame.set_index("ticket_id")
    assert {k: str(v) for k, v in df["called_at"].items()} == {
        "GH1": "2025-03-04 08:25:00", "GH2": "2025-03-05 00:10:00",   # past midnight: the next day
        "GH3": "NaT", "GH4": "2025-03-05 09:12:30"}
    assert str(df.loc["GH1", "ticket_at"]) == "2025-03-04 08:10:00"   # the sign-in read whole, as it was


def test_a_date_cell_time_that_is_no_other_column_still_disagrees(export):
    # 签到时间 read only as the call's date: its 08:10 says the call was then, the time cell 08:25 otherwise
    m = {"columns": {"挂号流水号": "ticket_id", "科室": "window_id"},
         "combine": {"ticket_at": {"date": "签到时间", "time": "叫号时间"}}, "ignore": ["就诊状态"]}
    with pytest.raises(RecordsError) as e:
        load_files("queue_tickets", [export], m)
    p = e.value.problems
    assert sorted(p.loc[p["code"] == "date_disagrees", "row"]) == [2, 3, 5], p


def test_another_columns_own_header_is_never_offered_for_a_missing_one(export):
    # the ticket time not found: 叫号时间 is called_at's own header, never the fix `叫号时间: ticket_at` (the call as
    # the ticket taken); 签到时间, no other column's name, is
    # (the mapping the proposal made before: both times under ignore)
    m = {"columns": {"挂号流水号": "ticket_id", "科室": "window_id"}, "ignore": ["签到时间", "叫号时间", "就诊状态"]}
    with pytest.raises(RecordsError) as e:
        load_files("queue_tickets", [export], m)
    p = e.value.problems
    fix = " ".join(p.loc[p["code"] == "missing_column", "fix_zh"])
    assert "叫号时间: ticket_at" not in fix and "签到时间: ticket_at" in fix, fix
