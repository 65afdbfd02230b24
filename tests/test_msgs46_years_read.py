"""msgs46 (session 45's note): ``score(standard, year=...)`` counted the years of every kind of the data folder
(``kind_year_counts(data, ws)``) for its year's check and its other years' line, so a CSV folder's files of kinds the
standard never reads had their date columns read and checked: a hospital's queue tickets (of its billing window) with a bad date stopped
``we.score("power_window", 2025)`` (and ``windoweval score --standard power_window``), which reads none of them.  The
kinds the standard's measures read are counted (``evaluation.read_year_counts``), every kind only when none of
those holds the year (a year is still refused only when no kind of the data holds it)."""
from __future__ import annotations

import pytest

import windoweval as we
from windoweval.cli import main
from windoweval.records.contract import RecordsError

from _workspace import write_workspace

ORDERS = ("order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
          "a,PW01,fault_repair,2025-03-01 10:00,2025-03-01 10:30,2025-03-01 12:00\n")
TICKETS = "ticket_id,window_id,queue,ticket_at,called_at,counter_id\n"


#: a power hall and a hospital's billing window: the tickets are the hospital standard's (read when it is scored)
WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("HBIL", "门诊收费", "hospital_billing"))


def _data(tmp_path, tickets: str):
    d = write_workspace(tmp_path / "data", WINDOWS)
    (d / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    (d / "queue_tickets.csv").write_text(TICKETS + tickets, encoding="utf-8")
    return d


BROKEN = "T1,HBIL,挂号,2025-13-45 08:00,2025-03-01 08:05,C1\n"


def test_a_kind_the_standard_never_reads_is_not_read(tmp_path):
    d = _data(tmp_path, BROKEN)
    card = we.score("power_window", 2025, data=d)
    assert "queue_tickets" not in (card.other_year_counts or {})
    assert not card.results.empty


def test_the_command_reads_it_no_more(tmp_path, capsys):
    d = _data(tmp_path, BROKEN)
    rc = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "o")])
    assert rc == 0, capsys.readouterr().err[-2000:]


def test_a_year_no_kind_read_holds_counts_every_kind(tmp_path):
    d = _data(tmp_path, "T1,HBIL,挂号,2024-03-01 08:00,2024-03-01 08:05,C1\n")
    card = we.score("power_window", 2024, data=d)        # the tickets hold 2024: not refused, as before
    assert card.other_year_counts == {"work_orders": {2025: 1}}
    with pytest.raises(we.NoRecords, match="queue_tickets"):   # no kind holds 2031: every kind named
        we.score("power_window", 2031, data=d)
    d2 = _data(tmp_path / "b", BROKEN)
    with pytest.raises(RecordsError):                      # counting every kind reads the broken file: refused
        we.score("power_window", 2031, data=d2)
