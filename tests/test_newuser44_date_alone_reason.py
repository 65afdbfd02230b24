"""newuser44: a repair whose arrival was exported as a date alone (到达现场时间 2025-03-03, the crew's minute not
written), received at 09:00 that day, is rightly missing evidence under the 45-minute limit, but the file of records
missing evidence told the user why as "到达现场时间早于受理时间:两步先后颠倒 / arrived_at before received_at: the steps
are out of order": the date alone was compared as that day's 00:00.  The kernel reads such a time as lying anywhere
in its day (review43); the reason must too, and say what is missing instead (the time of day) with the fix."""
from __future__ import annotations

import windoweval as we

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
ORDERS = ("order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
          "R1,PW01,fault_repair,2025-03-03 09:00,2025-03-03,\n"          # the same day, minute unknown
          "R2,PW01,fault_repair,2025-03-03 09:00,2025-03-03 09:30,2025-03-03 09:20\n"   # done before arriving
          "R3,PW01,fault_repair,2025-03-03 09:00,2025-03-03 09:30,\n")   # met


def _lacking(tmp_path):
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    card = we.score("power_window", 2025, data=tmp_path)
    me = card.missing_evidence(["power_window.10.2.5"])
    return card, me.set_index("order_id")["reason"]


def test_a_date_alone_on_the_start_s_day_is_not_called_out_of_order(tmp_path):
    card, why = _lacking(tmp_path)
    assert set(why.index) == {"R1", "R2"}, why
    assert "两步先后颠倒" not in why["R1"] and "out of order" not in why["R1"], why["R1"]
    for said in ("只有日期", "2025-03-03", "a date alone", "时刻", "time of day"):
        assert said in why["R1"], (said, why["R1"])


def test_a_time_truly_before_the_start_is_still_called_out_of_order(tmp_path):
    card, why = _lacking(tmp_path)
    assert "两步先后颠倒" in why["R2"] and "out of order" in why["R2"], why["R2"]
    r = card.results
    row = r[(r["measure"] == "power_window.10.2.5") & (r["window_id"] == "PW01")].iloc[0]
    assert (row["met"], row["verdict"]) == (1, "insufficient"), row.to_dict()   # never a pass, never a miss
