"""exports44: a time written as a date alone in the workbook as the CSV shows it.

A record's time written as a date alone (``2025-03-03``, kept as the day's 00:00 and one nanosecond:
:data:`windoweval.calendar.DATE_ONLY_NS`) was shown as its date by the CSV writer (``exports._dates_alone_shown``,
newuser44) but :meth:`windoweval.exports.Workbook.add` (``write_xlsx``) wrote it as a date-time cell reading
``2025-03-03 00:00:00``, a time the record never gave.  Both writers now use the one rule: such a time is its date,
the other times of its column to the second; a column without one stays dates.  (The report's ``tables.xlsx`` gets
its tables' times as text already written by the page's rule, ``present._times_as_written``: checked here too.)
"""
import openpyxl
import pandas as pd

from windoweval.calendar import date_only
from windoweval.exports import Workbook, write_csv, write_xlsx

T = pd.to_datetime(["2025-03-03 00:00:00", "2025-03-04 09:05:07", None]) + pd.to_timedelta([1, 0, 0], "ns")


def _missing_evidence():
    # a missing-evidence table: one record's reply time written as a date alone, one to the second, one blank
    return pd.DataFrame({"window_id": ["PW01", "PW02", "PW03"], "reply_at": T,
                         "received_at": pd.to_datetime(["2025-03-01 08:00:00", "2025-03-02 10:30:00",
                                                        "2025-03-02 11:00:00"]), "n": [1, 2, 3]})


def _cells(path, col):
    ws = openpyxl.load_workbook(path)["missing"]
    return [c.value for c in ws[col]][1:]


def test_the_frame_holds_a_time_written_as_a_date_alone():
    assert date_only(_missing_evidence()["reply_at"].to_numpy()).tolist() == [True, False, False]


def test_the_workbook_shows_a_date_alone_as_its_date_as_the_csv_does(tmp_path):
    df = _missing_evidence()
    write_xlsx({"missing": df}, tmp_path / "t.xlsx")
    write_csv(df, tmp_path / "t.csv")
    assert _cells(tmp_path / "t.xlsx", "B") == ["2025-03-03", "2025-03-04 09:05:07", None]
    csv = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert csv["reply_at"].tolist()[:2] == _cells(tmp_path / "t.xlsx", "B")[:2]


def test_a_column_without_a_date_alone_stays_dates(tmp_path):
    book = Workbook()
    book.add("missing", _missing_evidence())
    book.save(tmp_path / "t.xlsx")
    got = _cells(tmp_path / "t.xlsx", "C")
    assert [v.strftime("%Y-%m-%d %H:%M:%S") for v in got] == ["2025-03-01 08:00:00", "2025-03-02 10:30:00",
                                                              "2025-03-02 11:00:00"]
    assert _cells(tmp_path / "t.xlsx", "D") == [1, 2, 3]


def test_the_reports_workbook_shows_the_date_as_the_page_does(tmp_path, monkeypatch):
    from windoweval import present
    from windoweval.report.build import export_frame

    got = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append(bundle))
    present.setup("zh")
    present.table(_missing_evidence(), "missing", "promises.table.fulfilment")
    book = Workbook()
    book.add("missing", export_frame(got[-1][present.TABLE_MIME]))
    book.save(tmp_path / "r.xlsx")
    assert _cells(tmp_path / "r.xlsx", "B")[:2] == ["2025-03-03", "2025-03-04 09:05:07"]
