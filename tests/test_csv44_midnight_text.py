"""csv44: a date-time column holding a midnight is read again alone as text, the file's other date-times staying
typed.  Session 43 sent such a body whole to the text path (every column parsed again as text and validated as text)
so that a date alone (``2025-06-02``, marked ``calendar.DATE_ONLY_NS``) is told from a written ``2025-06-02
00:00:00``; only the column holding the midnight needs its text: it is parsed again with that column alone converted
(pyarrow's ``include_columns``) and handed on as text, so the text path reads it exactly as before (its marks, a
column of dates alone refused, a 12-hour clock), and the other columns keep the typed parse."""
import pandas as pd
import pytest

from windoweval.calendar import date_only
from windoweval.records import csvfast
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

HEAD = "staff_id,window_id,shift_start,arrived_at,shift_end,left_at\n"


def _rows(n, first_arrival, quote=False):
    sid = '"S01"' if quote else "S01"
    rows = [f"{sid},PW01,2025-06-{d:02d} 08:30:00,2025-06-{d:02d} 08:1{d % 10}:00,2025-06-{d:02d} 17:30:00,"
            f"2025-06-{d:02d} 17:40:00" for d in range(2, 2 + n)]
    rows[0] = rows[0].replace("2025-06-02 08:12:00", first_arrival)
    return HEAD + "\n".join(rows) + "\n"


@pytest.fixture
def parses(monkeypatch):
    """Each parse of a body: (the columns typed, the columns converted: None for all)."""
    seen = []
    real = csvfast._read_body

    def spy(data, start, names, typed, *a, **k):
        seen.append((list(typed), k.get("only")))
        return real(data, start, names, typed, *a, **k)

    monkeypatch.setattr(csvfast, "_read_body", spy)
    return seen


def _both(tmp_path, text, kind="attendance"):
    f = tmp_path / f"{kind}.csv"
    f.write_text(text, encoding="utf-8")
    return load_files(kind, [f]), load_files(kind, [f], _text=True)


@pytest.mark.parametrize("quote", [False, True])
@pytest.mark.parametrize("arrival", ["2025-06-02", "2025-06-02 00:00:00", "2025-06-02 00:00", "2025-06-02T00:00:00",
                                     "2025-06-02 00"])
def test_only_the_column_with_a_midnight_is_read_again_as_text(tmp_path, parses, quote, arrival):
    got, text = _both(tmp_path, _rows(20, arrival, quote))
    # the typed parse, then arrived_at alone as text (session 43: then the whole body, every column text); then the
    # text path's read (_text=True) to compare with
    assert parses == [([2, 3, 4, 5], None), ([], ["c3"]), ([], None)]
    pd.testing.assert_frame_equal(got.frame, text.frame)
    alone = arrival in ("2025-06-02", "2025-06-02 00")   # the text path's rule: no time of day written
    marked = date_only(got.frame.sort_values("shift_start")["arrived_at"])
    assert marked.tolist() == [alone] + [False] * 19
    assert not date_only(got.frame["shift_start"]).any()


def test_the_other_date_times_stay_typed(tmp_path):
    from windoweval.records.io import read_tables

    f = tmp_path / "attendance.csv"
    f.write_text(_rows(20, "2025-06-02"), encoding="utf-8")

    def ts(h):
        return [2, 3, 4, 5]
    ts.days = lambda h: []
    t = read_tables(f, 1, None, timestamps=ts)[0]
    kinds = [str(t.frame[i].dtype) for i in t.frame.columns]
    assert kinds[2] == kinds[4] == kinds[5] == "datetime64[ns]"
    assert kinds[3] != "datetime64[ns]" and t.frame[3].tolist()[:2] == ["2025-06-02", "2025-06-03 08:13:00"]


def test_a_column_of_dates_alone_is_refused_as_the_text_path_refuses_it(tmp_path):
    rows = "\n".join(",".join(v[:10] if i == 3 else v for i, v in enumerate(r.split(",")))
                     for r in _rows(20, "2025-06-02 08:12:00").splitlines()) + "\n"
    f = tmp_path / "attendance.csv"
    f.write_text(rows, encoding="utf-8")
    with pytest.raises(RecordsError) as typed:
        load_files("attendance", [f])
    with pytest.raises(RecordsError) as text:
        load_files("attendance", [f], _text=True)
    pd.testing.assert_frame_equal(typed.value.problems, text.value.problems)
    assert (typed.value.problems["code"] == "dates_alone").any()


@pytest.mark.parametrize("bad", ["2025-06-05 17:40:00+08:00", "2025/6/5 17:40", "2025-06-05 17:40:00.5"])
def test_a_midnight_and_a_value_the_typed_parse_refuses_read_as_the_text_path_reads_them(tmp_path, bad):
    f = tmp_path / "attendance.csv"
    f.write_text(_rows(20, "2025-06-02").replace("2025-06-05 17:40:00", bad), encoding="utf-8")
    try:
        got = load_files("attendance", [f]).frame
    except RecordsError as e:
        got = e.problems
    try:
        text = load_files("attendance", [f], _text=True).frame
    except RecordsError as e:
        text = e.problems
    pd.testing.assert_frame_equal(got, text)


def test_texts_of_refuses_a_parse_that_does_not_line_up():
    data = b"a,2025-06-02\nb,2025-06-03 10:00:00\n"
    names = ["c0", "c1"]
    got = csvfast._texts_of(data, 0, names, [1], False, ",", False, 2)
    assert got[1].to_pylist() == ["2025-06-02", "2025-06-03 10:00:00"]
    assert csvfast._texts_of(data, 0, names, [1], False, ",", False, 3) is None   # not the typed parse's rows
