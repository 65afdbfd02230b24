"""csv44: a midnight in a column of type ``date`` (抄表例日 ``2024-01-05 00:00:00``, a day by contract) no longer sends
the CSV body to the text path.  Session 43 read every typed column holding a midnight by the text path, to tell a
date alone from a written 00:00:00; a date column's midnights are its days (the text path marks nothing there), so
the demo's meter readings (every 抄表例日 a midnight, 1.44 M rows at x100) and activities were parsed twice and
validated as text: the same frame, at ~1.8x the CPU.  A date-time column's midnight still takes the text path."""
import numpy as np
import pandas as pd
import pytest

from windoweval.calendar import date_only
from windoweval.records import csvfast
from windoweval.records.files import load_files

HEAD = "reading_id,window_id,customer_id,scheduled_on,read_at\n"


def _rows(n, scheduled, read_at=None):
    return HEAD + "".join(
        f"R{i:05d},PW01,M{i:05d},{scheduled.format(d=1 + i % 28)},"
        f"{(read_at or '2024-01-{d:02d} 10:{m:02d}:07').format(d=1 + i % 28, m=i % 60)}\n" for i in range(n))


@pytest.fixture
def parses(monkeypatch):
    """Each parse of a body: the columns typed in it."""
    seen = []
    real = csvfast._read_body

    def spy(data, start, names, typed, *a, **k):
        seen.append(list(typed))
        return real(data, start, names, typed, *a, **k)

    monkeypatch.setattr(csvfast, "_read_body", spy)
    return seen


@pytest.mark.parametrize("scheduled", ["2024-01-{d:02d} 00:00:00", "2024-01-{d:02d}", "2024-01-{d:02d}T00:00"])
def test_a_date_columns_midnights_keep_the_typed_parse(tmp_path, parses, scheduled):
    f = tmp_path / "meter_readings.csv"
    f.write_text(_rows(300, scheduled), encoding="utf-8")
    got = load_files("meter_readings", [f]).frame
    assert parses == [[3, 4]]   # one parse, both columns typed (session 43: then a second, every column text)
    assert got["scheduled_on"].dt.day.tolist()[:3] == [1, 2, 3]
    assert not date_only(got["scheduled_on"]).any() and not date_only(got["read_at"]).any()
    parses.clear()
    text = load_files("meter_readings", [f], _text=True).frame   # every column read as text: the same frame
    assert parses == [[]]
    pd.testing.assert_frame_equal(got, text)


def test_a_datetime_columns_midnight_still_tells_a_date_alone(tmp_path, parses):
    rows = _rows(300, "2024-01-{d:02d}").splitlines(keepends=True)
    rows[1] = rows[1].rsplit(",", 1)[0] + ",2024-01-01\n"     # read_at written as a date alone
    rows[2] = rows[2].rsplit(",", 1)[0] + ",2024-01-02 00:00:00\n"   # a written midnight: a time
    f = tmp_path / "meter_readings.csv"
    f.write_text("".join(rows), encoding="utf-8")
    got = load_files("meter_readings", [f]).frame
    assert date_only(got["read_at"]).tolist()[:3] == [True, False, False]
    assert not date_only(got["scheduled_on"]).any()
    assert str(got["read_at"].iloc[1]) == "2024-01-02 00:00:00"


def test_datetimes64_asks_only_the_clock_columns():
    import pyarrow as pa

    ts = pa.timestamp("s")
    day, noon = pa.chunked_array([[86_400, None], [172_800]], ts), pa.chunked_array([[43_200], [None, 50]], ts)
    assert csvfast._datetimes64([day, noon]) is None            # every column asked (as before)
    got = csvfast._datetimes64([day, noon], clock=[1])          # the date column's midnights not asked
    assert [np.datetime_as_string(a, "s").tolist() for a in got] == [
        ["1970-01-02T00:00:00", "NaT", "1970-01-03T00:00:00"], ["1970-01-01T12:00:00", "NaT", "1970-01-01T00:00:50"]]
    assert csvfast._datetimes64([noon, day], clock=[1]) is None  # a midnight in a column asked
