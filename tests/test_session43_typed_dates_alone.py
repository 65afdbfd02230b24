"""session 43 (review43's find): a time written as a date alone in a file that takes the CSV reader's typed path was
read as its day's 00:00 and not marked (``calendar.DATE_ONLY_NS``): pyarrow parses ``2025-06-02`` as a timestamp, so
an attendance file with some clock-ins written as dates alone kept ``window_staff.1.1`` met on them (a pass on
missing evidence).  A typed column holding a midnight is now read by the text path, which tells a date alone from a
written 00:00:00; a file with neither reads as before (typed), and a written 00:00:00 stays a time."""
import numpy as np

from tests._workspace import HALL, write_workspace
from windoweval.calendar import date_only
from windoweval.records.read import read_records

HEAD = "staff_id,window_id,shift_start,arrived_at,shift_end,left_at\n"


def _rows(n, first_arrival):
    rows = [f"S01,PW01,2025-06-{d:02d} 08:30:00,2025-06-{d:02d} 08:1{d % 10}:00,2025-06-{d:02d} 17:30:00,"
            f"2025-06-{d:02d} 17:40:00" for d in range(2, 2 + n)]
    rows[0] = rows[0].replace("2025-06-02 08:12:00", first_arrival)
    return HEAD + "\n".join(rows) + "\n"


def _read(tmp_path, text):
    d = write_workspace(tmp_path / "data", HALL)
    (d / "attendance.csv").write_text(text, encoding="utf-8")
    return read_records("attendance", d).sort_values("shift_start")


def test_a_clock_in_written_as_a_date_alone_is_marked(tmp_path):
    df = _read(tmp_path, _rows(20, "2025-06-02"))
    marked = date_only(df["arrived_at"])
    assert marked.tolist() == [True] + [False] * 19
    assert not date_only(df["shift_start"]).any()


def test_a_written_midnight_stays_a_time_and_plain_files_read_alike(tmp_path):
    df = _read(tmp_path, _rows(20, "2025-06-02 00:00:00"))
    assert not date_only(df["arrived_at"]).any()
    assert str(df["arrived_at"].iloc[0]) == "2025-06-02 00:00:00"
    plain = _read(tmp_path / "b", _rows(20, "2025-06-02 08:12:00"))
    assert not date_only(plain["arrived_at"]).any()
    assert np.array_equal(plain["arrived_at"].to_numpy()[1:], df["arrived_at"].to_numpy()[1:])


def test_iso_dates_alone_in_every_row_are_refused_as_the_text_path_refuses_them(tmp_path):
    """``2025-06-02`` in every row of a time-of-day column took the typed path, which skipped session 42's refusal of
    a column of dates alone (it refused ``2025/6/2`` only): refused alike now."""
    import pytest

    from windoweval.records.contract import RecordsError

    rows = _rows(20, "2025-06-02 08:12:00")
    rows = "\n".join(",".join(f[:10] if i == 3 else f for i, f in enumerate(r.split(",")))
                     for r in rows.splitlines()) + "\n"
    with pytest.raises(RecordsError) as e:
        _read(tmp_path, rows)
    assert (e.value.problems["code"] == "dates_alone").any()
