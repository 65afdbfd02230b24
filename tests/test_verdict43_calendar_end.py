"""verdict43: a day count that crosses past the calendar's last known year (chinese-calendar stops at 2026) is refused
with a message naming the missing year and how to supply it (the workspace calendar file), never counted on a guessed
calendar; with the year supplied it is counted."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

import windoweval as we
from windoweval.calendar import WorkCalendar
from windoweval.cli import main

LAST = WorkCalendar().years[-1]          # 2026 with today's chinese-calendar
NEXT = LAST + 1
TOML = ('name = "x"\nextracted_at = "{next}-01-10"\n{cal}[[windows]]\nid = "PW01"\nname = "城东营业厅"\n'
        'kind = "power_hall"\n')
# received 28 December of the last known year, not completed: its working days run into the next year
ORDERS = f"order_id,window_id,order_type,received_at,arrived_at,completed_at\nx,PW01,new_connection_resident," \
         f"{LAST}-12-28 10:00,,\n"


def _data(d, cal=""):
    (d / "windoweval.toml").write_text(TOML.format(next=NEXT, cal=cal), encoding="utf-8")
    (d / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    return d


def _run(d, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["score", "--standard", "power_window", "--year", str(LAST), "--data", str(d),
                   "--out", str(tmp_path / "out")])
    return rc, out.getvalue(), err.getvalue()


def test_a_count_into_an_unknown_year_is_refused_naming_the_year_and_the_fix(tmp_path):
    rc, out, err = _run(_data(tmp_path), tmp_path)
    assert rc == 3, (out, err)
    assert "Traceback" not in err
    for said in (f"缺少 {NEXT} 年的节假日安排", f"the holidays of {NEXT} are missing", "不按猜测的日历",
                 "calendar_file = \"calendar.csv\"", "date,kind,name", "holiday", "workday",
                 f"{NEXT}-01-01,holiday,元旦"):
        assert said in err, (said, err)


def test_the_year_supplied_in_the_calendar_file_is_counted(tmp_path):
    d = _data(tmp_path, 'calendar_file = "calendar.csv"\n')
    days = [f"{NEXT}-01-01"] + [str(x.date()) for x in pd.date_range(f"{NEXT}-02-10", periods=8)] \
        + [f"{NEXT}-05-0{i}" for i in range(1, 5)]          # 13 days off: the year whole
    (d / "calendar.csv").write_text("date,kind,name\n" + "".join(f"{x},holiday,假日\n" for x in days),
                                    encoding="utf-8")
    rc, out, err = _run(d, tmp_path)
    assert rc in (0, 1), (out, err)     # scored (1: a measure failed)
    card = we.score("power_window", LAST, data=d)
    r = card.results
    got = r[(r["records"] > 0) & r["measure"].str.startswith("power_window.10.2")]
    assert len(got) and (got["met"] == 0).all(), got   # not completed within its working days by 10 January: missed
