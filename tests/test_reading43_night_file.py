"""reading43: the 12-hour check (export42) refused a file of times never past 12 nor at 0 o'clock with one in twenty
or more between 1:00 and 6:59 -- which a night shift's export is too (1:00-6:59, or on to 7:59): a genuine night
file was refused as a 12-hour clock without AM/PM.  What tells them apart: a 12-hour clock writes the day's morning
as it is (8:00-12:59) beside its afternoon in 1:00-6:59; a night file has no morning.  Both are tested.  A file of
the small hours alone is read, and `records check` says so with the 12-hour fix (an afternoon-only 12-hour export
looks the same)."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

HEAD = "票号,窗口编号,业务类型,取号时间,开始办理时间,办结时间\n"


def _write(tmp_path, times, fmt):
    rows = [f"T{i},PW01,resident_payment,{fmt(t)},{fmt(t + pd.Timedelta(minutes=2))},"
            f"{fmt(t + pd.Timedelta(minutes=6))}" for i, t in enumerate(times)]
    f = tmp_path / "counter_transactions.csv"
    f.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    return f


def _plain(t):   # as written, no AM/PM: 3:05
    return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"


@pytest.mark.parametrize("start, step, n", [("2025-03-04 01:05", 14, 24),     # 1:05 to 6:27
                                            ("2025-03-04 01:30", 15, 25)])    # 1:30 to 7:36 (a shift's end)
def test_a_night_file_is_read(tmp_path, start, step, n):
    times = [pd.Timestamp(start) + pd.Timedelta(minutes=step * i) for i in range(n)]
    got = load_files("counter_transactions", [_write(tmp_path, times, _plain)]).frame   # before: refused
    assert got["ticket_at"].tolist() == times


def test_a_hall_day_on_a_12_hour_clock_is_still_refused(tmp_path):
    times = [pd.Timestamp("2025-03-04 08:10") + pd.Timedelta(minutes=25 * i) for i in range(24)]   # to 17:45

    def twelve(t):
        return f"{t.year}/{t.month}/{t.day} {t.hour % 12 or 12}:{t.minute:02d}"
    with pytest.raises(RecordsError) as e:
        load_files("counter_transactions", [_write(tmp_path, times, twelve)])
    assert (e.value.problems["code"] == "twelve_hour_clock").sum() == 3


def test_an_afternoon_only_file_on_a_12_hour_clock_has_no_morning_and_is_read_as_written(tmp_path):
    # the edge the rule gives up: an afternoon shift's 12-hour file (1:00-5:59 for 13:00-17:59) has no morning
    # either; read as the small hours, and `records check` says so (the next test) -- never in silence
    times = [pd.Timestamp("2025-03-04 13:05") + pd.Timedelta(minutes=12 * i) for i in range(24)]
    twelve = [t - pd.Timedelta(hours=12) for t in times]
    got = load_files("counter_transactions", [_write(tmp_path, twelve, _plain)]).frame
    assert got["ticket_at"].tolist() == twelve


def test_records_check_says_a_file_of_the_small_hours_was_read_so(tmp_path, capsys):
    from windoweval.cli import main

    (tmp_path / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\n'
                                              'kind = "power_hall"\n', encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(
        "counter_transactions:\n  columns: {票号: ticket_id, 窗口编号: window_id, 业务类型: business_type, "
        "取号时间: ticket_at, 开始办理时间: started_at, 办结时间: ended_at}\n", encoding="utf-8")
    times = [pd.Timestamp("2025-03-04 01:05") + pd.Timedelta(minutes=14 * i) for i in range(24)]
    _write(tmp_path, times, _plain)
    main(["records", "check", "--data", str(tmp_path)])
    out = capsys.readouterr().out
    assert "read as the small hours" in out and "12-hour clock" in out
