"""newuser44: a time exported as a date alone (发药日期 2025-03-03, 发药时间 blank) is kept internally as the day's
00:00 plus one nanosecond (calendar.DATE_ONLY_NS), "never shown".  The score command's CSV of records missing evidence
showed it as `2025-03-03 00:00:00.000000001`, and with it every other time of that column to the nanosecond: a reader
saw a midnight that nobody wrote.  A date alone is written as the date; the other times to the second."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.calendar import DATE_ONLY_NS
from windoweval.cli import main
from windoweval.exports import write_csv

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'


def test_write_csv_shows_a_date_alone_as_its_date(tmp_path):
    t = pd.to_datetime(["2025-03-03 00:00", "2025-03-03 09:04"]) + pd.to_timedelta([DATE_ONLY_NS, 0], unit="ns")
    p = write_csv(pd.DataFrame({"finished_at": t, "n": [1, 2]}), tmp_path / "t.csv")
    rows = p.read_text(encoding="utf-8-sig").splitlines()
    assert rows[1:] == ["2025-03-03,1", "2025-03-03 09:04:00,2"], rows


def test_the_score_command_s_missing_evidence_csv_shows_no_nanosecond(tmp_path):
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text(
        "order_id,window_id,order_type,received_at,arrived_at\n"
        "R1,PW01,fault_repair,2025-03-03 09:00,2025-03-03\n"
        "R2,PW01,fault_repair,2025-03-03 10:00,2025-03-03 10:30\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(tmp_path),
                   "--out", str(tmp_path / "out")])
    assert rc in (0, 1), (out.getvalue(), err.getvalue())
    text = (tmp_path / "out" / "power_window_missing_evidence.csv").read_text(encoding="utf-8-sig")
    assert ".000000001" not in text and "00:00:00" not in text, text
    # R1's row shows its arrival as the date alone (since clauses45 the hours with no fault report are listed too, as
    # units: the CSV's columns start with window_id, hour, unit)
    r1 = [line for line in text.splitlines() if ",R1," in line]
    assert len(r1) == 1 and ",2025-03-03," in r1[0], text
