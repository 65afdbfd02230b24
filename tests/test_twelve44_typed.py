"""twelve44: the 12-hour-clock check (``twelve_hour_clock``) on the CSV's typed path.  An ISO CSV written on a
12-hour clock without AM/PM (afternoons 01:30-05:30, mornings 08:00-12:59, nothing from 13:00 on) was refused by the
text path but read by the typed one: pyarrow parses ISO date-times during the parse, and ``validate._dates_alone``
skipped every typed column as a store's (csv44's find).  The CSV parse's date-times were written as text: the check
runs on them (``validate(parsed=...)``, the tables whose date-times the parse typed); a Parquet store's typed times
are as stored, read as before."""
import numpy as np
import pandas as pd
import pytest

from windoweval.records import csvfast
from windoweval.records.contract import RecordsError, contracts
from windoweval.records.files import load_files
from windoweval.records.validate import _dates_alone

HEAD = "staff_id,window_id,shift_start,arrived_at,shift_end,left_at\n"


def _rows(twelve=True, minutes=""):
    out = []
    for d in range(2, 32):
        if d % 2 and twelve:   # an afternoon shift, 13:30-17:30 written 01:30-05:30
            out.append(f"S01,PW01,2025-07-{d:02d} 01:30{minutes},2025-07-{d:02d} 01:1{d % 10}{minutes},"
                       f"2025-07-{d:02d} 05:30{minutes},2025-07-{d:02d} 05:4{d % 10}{minutes}")
        elif d % 2:            # the same on a 24-hour clock
            out.append(f"S01,PW01,2025-07-{d:02d} 13:30{minutes},2025-07-{d:02d} 13:1{d % 10}{minutes},"
                       f"2025-07-{d:02d} 17:30{minutes},2025-07-{d:02d} 17:4{d % 10}{minutes}")
        else:
            out.append(f"S01,PW01,2025-07-{d:02d} 08:30{minutes},2025-07-{d:02d} 08:1{d % 10}{minutes},"
                       f"2025-07-{d:02d} 12:30{minutes},2025-07-{d:02d} 12:4{d % 10}{minutes}")
    return HEAD + "\n".join(out) + "\n"


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


def _refusal(f, text):
    with pytest.raises(RecordsError) as e:
        load_files("attendance", [f], _text=text)
    p = e.value.problems
    return p[p["code"] == "twelve_hour_clock"][["file", "row", "column", "value"]].values.tolist(), e.value


@pytest.mark.parametrize("minutes", [":00", ""])
def test_both_paths_refuse_a_12_hour_clock_at_the_same_row_and_value(tmp_path, parses, minutes):
    f = tmp_path / "attendance.csv"
    f.write_text(_rows(minutes=minutes), encoding="utf-8")
    typed, err = _refusal(f, False)
    assert parses[0] != []   # the first parse typed the date-times (the typed path was taken)
    text, _ = _refusal(f, True)
    assert typed == text
    # each time-of-day column at its first afternoon row (row 3: 2025-07-03), its value as the file wrote it
    assert {(r, v) for _f, r, c, v in typed if c == "shift_start"} == {(3, f"2025-07-03 01:30{minutes}")}
    assert all(r == 3 and v.startswith("2025-07-03 0") for _f, r, _c, v in typed)
    assert {fl for fl, *_ in typed} == {str(f)}
    msg = str(err)
    assert "12 小时制" in msg and "12-hour clock" in msg and "24 小时制" in msg


def test_a_24_hour_csv_keeps_the_typed_parse_and_is_read(tmp_path, parses):
    f = tmp_path / "attendance.csv"
    f.write_text(_rows(twelve=False, minutes=":00"), encoding="utf-8")
    got = load_files("attendance", [f]).frame
    assert len(parses) == 1 and parses[0] != []   # one parse, typed: no second read
    assert len(got) == 30 and got["shift_start"].dt.hour.max() == 13


def test_a_parquet_stores_typed_times_are_as_stored(tmp_path):
    # the same 12-hour times typed by the store itself: read as stored, as before (a store's times are not text)
    f = tmp_path / "attendance.csv"
    f.write_text(_rows(minutes=":00"), encoding="utf-8")
    df = pd.read_csv(f, dtype=str)
    for n in ("shift_start", "arrived_at", "shift_end", "left_at"):
        df[n] = pd.to_datetime(df[n])
    pq = tmp_path / "attendance.parquet"
    df.to_parquet(pq, index=False)
    got = load_files("attendance", [pq]).frame
    assert len(got) == 30


def test_dates_alone_looks_at_a_typed_column_only_in_the_parsed_files():
    t = pd.to_datetime(["2025-01-05 09:05", "2025-01-05 03:05"] * 10)
    typed = pd.DataFrame({"ended_at": t})
    files = np.array(["a.csv"] * 20, dtype=object)
    c = contracts()["counter_transactions"]
    assert _dates_alone(typed, c, files, np.arange(2, 22), typed) is None   # a store's: as stored
    p = _dates_alone(typed, c, files, np.arange(2, 22), typed, parsed={"a.csv"})
    assert p[["file", "row", "column", "value", "code"]].values.tolist() == [
        ["a.csv", 3, "ended_at", "2025-01-05 03:05:00", "twelve_hour_clock"]]
    # a store's file beside the parsed one: only the parsed file's rows are looked at
    two = pd.DataFrame({"ended_at": t.append(t)})
    files2 = np.array(["s.parquet"] * 20 + ["a.csv"] * 20, dtype=object)
    p = _dates_alone(two, c, files2, np.r_[np.arange(2, 22), np.arange(2, 22)], two, parsed={"a.csv"})
    assert p[["file", "row"]].values.tolist() == [["a.csv", 3]]
