"""Times on a 12-hour clock without 上午/下午 (export42).

An export set to a 12-hour clock and saved without its AM/PM (a regional setting, a cell format ``h:mm``) writes
3:05 for 15:05.  It was read as written: every afternoon record became one of the small hours, in silence (a ticket
taken at 2:50 and ended at 3:05 is still 15 minutes, so no limit saw it; the hour slots, the hours of service and
the days' order were all wrong).  Now a file whose times are never past 12 nor at 0 o'clock, one in twenty or more
of them between 1:00 and 6:59, is refused with the fix; the same records with 24-hour times or with 下午 are read."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

HEAD = "票号,窗口编号,业务类型,取号时间,开始办理时间,办结时间\n"


def _times():
    day = pd.Timestamp("2025-03-04 08:10")
    return [day + pd.Timedelta(minutes=25 * i) for i in range(24)]   # 08:10 to 17:45


def _write(tmp_path, fmt):
    rows = []
    for i, t in enumerate(_times()):
        cells = [fmt(t), fmt(t + pd.Timedelta(minutes=2)), fmt(t + pd.Timedelta(minutes=6))]
        rows.append(f"T{i},PW01,resident_payment," + ",".join(cells))
    f = tmp_path / "counter_transactions.csv"
    f.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    return f


def _twelve(t):
    return f"{t.year}/{t.month}/{t.day} {t.hour % 12 or 12}:{t.minute:02d}"


def test_a_twelve_hour_file_without_am_pm_is_refused(tmp_path):
    with pytest.raises(RecordsError) as e:
        load_files("counter_transactions", [_write(tmp_path, _twelve)])
    p = e.value.problems
    got = p[p["code"] == "twelve_hour_clock"]
    assert set(got["column"]) == {"ticket_at", "started_at", "ended_at"}
    row = got[got["column"] == "ticket_at"]
    first = next(i for i, t in enumerate(_times()) if 13 <= t.hour <= 18)   # 13:00 written 1:00
    assert row["row"].tolist() == [first + 2] and row["value"].tolist() == [_twelve(_times()[first])]
    text = str(e.value)
    assert "12 小时制" in text and "12-hour clock" in text and "15:05" in text


@pytest.mark.parametrize("fmt", [lambda t: t.strftime("%Y-%m-%d %H:%M"),
                                 lambda t: f"{t.year}/{t.month}/{t.day} {'上午' if t.hour < 12 else '下午'}"
                                           f"{t.hour % 12 or 12}:{t.minute:02d}",
                                 lambda t: t.strftime("%Y/%m/%d %I:%M %p")])
def test_the_same_times_on_a_24_hour_clock_or_with_am_pm_are_read(tmp_path, fmt):
    got = load_files("counter_transactions", [_write(tmp_path, fmt)]).frame
    assert got["ticket_at"].tolist() == _times()


def test_a_morning_only_file_is_read(tmp_path):
    """A hall open 8:00 to 12:00: no time past 12, none in the small hours either; nothing to doubt."""
    day = pd.Timestamp("2025-03-04 08:00")
    rows = [f"T{i},PW01,resident_payment,{(day + pd.Timedelta(minutes=9 * i)):%Y-%m-%d %H:%M},"
            f"{(day + pd.Timedelta(minutes=9 * i + 2)):%Y-%m-%d %H:%M},{(day + pd.Timedelta(minutes=9 * i + 6)):%Y-%m-%d %H:%M}"
            for i in range(25)]
    f = tmp_path / "counter_transactions.csv"
    f.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    assert len(load_files("counter_transactions", [f]).frame) == 25


def test_records_import_exits_3_without_a_traceback(tmp_path):
    f = _write(tmp_path, _twelve)
    r = subprocess.run([sys.executable, "-m", "windoweval", "records", "import", "counter_transactions", str(f),
                        "--data", str(tmp_path / "store")], capture_output=True, text=True, timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 3 and "Traceback" not in out and "12 小时制" in out
