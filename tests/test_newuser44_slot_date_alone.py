"""newuser44: 故障报修每个时段均有受理 (power_window.10.1.2#repair: a repair received in every hour of the day) counted a
repair whose receipt was written as a date alone (受理日期 2025-03-07, its hour not written) as served in hour 0: the
mark of a date alone is the day's 00:00, so the hour-0 slot passed on a time nobody wrote.  A date alone says the
day, not the hour: for ``slot: hour`` it is an untimed record (it may have filled any empty slot: missing evidence),
for ``slot: weekday`` its day is known and counted."""
from __future__ import annotations

import pandas as pd

import windoweval as we
from windoweval.calendar import DATE_ONLY_NS
from windoweval.kernels.counts import every_slot

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'


def test_a_date_alone_fills_no_hour_but_its_weekday():
    t = pd.Series(pd.to_datetime(["2025-03-07 00:00", "2025-03-03 09:00"])
                  + pd.to_timedelta([DATE_ONLY_NS, 0], unit="ns"))
    df = pd.DataFrame({"window_id": ["a", "a"], "t": t})
    hours = every_slot(df, "t", "hour")
    assert hours.loc[("a", 9)] == True         # noqa: E712  the timed one
    assert pd.isna(hours.loc[("a", 0)]), hours.loc[("a", 0)]   # never passed on the date alone
    days = every_slot(df, "t", "weekday")
    assert days.loc[("a", 4)] == True          # noqa: E712  Friday 7 March: the day is known
    assert days.loc[("a", 0)] == True          # noqa: E712  Monday 3 March


def test_the_hour_zero_slot_is_not_served_by_a_receipt_day(tmp_path):
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,arrived_at\n"
        "R1,PW01,fault_repair,2025-03-07,2025-03-07 10:00\n"
        "R2,PW01,fault_repair,2025-03-03 09:00,2025-03-03 09:30\n", encoding="utf-8")
    card = we.score("power_window", 2025, data=tmp_path)
    r = card.results
    row = r[(r["measure"] == "power_window.10.1.2#repair") & (r["window_id"] == "PW01")].iloc[0]
    assert row["met"] == 1, row.to_dict()      # hour 9 only; hour 0 was counted as served before
