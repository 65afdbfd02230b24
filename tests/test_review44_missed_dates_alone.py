"""review44: the people's CSV of missed records (``windoweval score``: ``*_missed.csv``, summaries.narrow) showed a
time limit's deadline and elapsed time from a start or end written as a date alone as if its day's 00:00 were written:
a receipt dated 2025-03-03 (no hour) and an arrival 2025-03-05 10:00 read ``2025-03-03 00:45:00.000000001`` and
``58.0 小时 h``, and every other deadline of the column to the nanosecond (``10:45:00.000000000``).  The record is
missed whenever that day it came in (the verdict is right); the CSV now says what the day proves: the deadline at the
latest (``不晚于 / by``), the time taken at the least (``至少 / at least``), the other deadlines to the second
(newuser44 did so for the CSVs of typed times, exports._dates_alone_shown; this column is text the program writes)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.cli import main

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'


def _missed(tmp_path, rows):
    (tmp_path / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\n" + rows,
                                              encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(tmp_path),
                   "--out", str(tmp_path / "out")])
    assert rc in (0, 1), (out.getvalue(), err.getvalue())
    t = pd.read_csv(tmp_path / "out" / "power_window_missed.csv", encoding="utf-8-sig", dtype=str)
    return t[t["measure"] == "power_window.10.2.5"].set_index("record")[["deadline", "elapsed"]]


def test_a_receipt_dated_only_gives_the_latest_deadline_and_the_least_time(tmp_path):
    t = _missed(tmp_path, "R1,PW01,fault_repair,2025-03-03,2025-03-05 10:00\n"
                          "R3,PW01,fault_repair,2025-03-03 10:00,2025-03-03 12:30\n")
    assert t.loc["order_id=R1"].tolist() == ["不晚于 / by 2025-03-04 00:45:00", "至少 / at least 34.0 小时 h"]
    assert t.loc["order_id=R3"].tolist() == ["2025-03-03 10:45:00", "2.5 小时 h"]


def test_an_arrival_dated_only_gives_the_least_time(tmp_path):
    t = _missed(tmp_path, "R2,PW01,fault_repair,2025-03-03 10:00,2025-03-05\n")
    assert t.loc["order_id=R2"].tolist() == ["2025-03-03 10:45:00", "至少 / at least 38.0 小时 h"]


def test_without_a_date_alone_the_csv_is_as_before(tmp_path):
    t = _missed(tmp_path, "R3,PW01,fault_repair,2025-03-03 10:00,2025-03-03 12:30\n")
    assert t.loc["order_id=R3"].tolist() == ["2025-03-03 10:45:00", "2.5 小时 h"]
