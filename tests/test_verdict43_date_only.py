"""verdict43: a time written as a date alone (2025-06-01, no time) in a column whose limits are in minutes or hours is
never read as that day's 00:00 and passed: its record is missing evidence (证据不足), or missed when even the most
favourable time of those days misses the limit; a day-counted limit is unaffected.  The mark travels with the value
(records.cutoff.DATE_ONLY_NS) from the read, through the store, into the kernel."""
from __future__ import annotations

import pathlib

import numpy as np
import pandas as pd

import windoweval as we
from windoweval.kernels.base import open_of
from windoweval.kernels.time import time_limit
from windoweval.records import validate
from windoweval.records.cutoff import date_only

WS = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
HEAD = "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
ROWS = ("a,PW01,fault_repair,2025-06-01 10:00,2025-06-01 10:30,2025-06-01 12:00\n"   # timed: met
        "b,PW01,fault_repair,2025-06-01 10:00,2025-06-01,2025-06-01\n"               # arrived that day: unknown
        "c,PW01,fault_repair,2025-06-01 10:00,2025-06-03,2025-06-03\n"               # two days on: missed anyway
        "d,PW01,fault_repair,2025-06-01,2025-06-01 10:00,2025-06-01 12:00\n")        # received that day: unknown


def _orders(rows=ROWS):
    return validate(pd.read_csv(pd.io.common.StringIO(HEAD + rows), dtype=str), "work_orders", file="工单.csv")


def test_the_read_marks_each_value_written_as_a_date_alone():
    df = _orders()
    assert date_only(df["arrived_at"].to_numpy()).tolist() == [False, True, True, False]
    assert date_only(df["received_at"].to_numpy()).tolist() == [False, False, False, True]
    # the day itself is as written
    assert df["arrived_at"].dt.normalize().dt.strftime("%Y-%m-%d").tolist()[1:3] == ["2025-06-01", "2025-06-03"]


def test_a_minute_limit_on_a_date_alone_is_missing_evidence_or_missed():
    df = _orders()
    m = time_limit(df, "received_at", "arrived_at", 45, "minutes")
    assert m.tolist() == [True, pd.NA, False, pd.NA]


def test_a_midnight_written_with_its_time_is_a_time():
    df = _orders("e,PW01,fault_repair,2025-05-31 23:40,2025-06-01 00:00,2025-06-01 02:00\n")
    assert not date_only(df["arrived_at"].to_numpy()).any()
    assert time_limit(df, "received_at", "arrived_at", 45, "minutes").tolist() == [True]


def test_an_open_order_received_on_a_day_alone_is_open_until_its_last_moment_has_run_out():
    df = _orders("f,PW01,fault_repair,2025-06-01,,\n")
    m = time_limit(df, "received_at", "arrived_at", 45, "minutes", horizon="2025-06-01 20:00")
    assert open_of(m).tolist() == [True]     # received perhaps at 23:59: not yet overdue at 20:00
    m = time_limit(df, "received_at", "arrived_at", 45, "minutes", horizon="2025-06-02 01:00")
    assert m.tolist() == [False] and open_of(m).tolist() == [False]


def test_a_day_counted_limit_is_unaffected():
    df = _orders("g,PW01,fault_repair,2025-06-02,2025-06-04,2025-06-04\n")
    assert time_limit(df, "received_at", "completed_at", 2, "days").tolist() == [True]
    assert time_limit(df, "received_at", "completed_at", 1, "days").tolist() == [False]
    # answered the day it came in, the day alone written: within 1 working day, not "before its start"
    same = _orders("h,PW01,billing_query,2025-06-03 16:31,,2025-06-03\n")
    assert time_limit(same, "received_at", "completed_at", 1, "working_days").tolist() == [True]
    assert time_limit(same, "received_at", "completed_at", 0, "days").tolist() == [True]
    assert time_limit(same, "received_at", "completed_at", 1, "working_days", not_before="received_at").tolist() == [True]


def _data(d: pathlib.Path) -> pathlib.Path:
    (d / "windoweval.toml").write_text(WS, encoding="utf-8")
    (d / "work_orders.csv").write_text(HEAD + ROWS, encoding="utf-8")
    return d


def _repair(card):
    r = card.results.set_index("measure").loc["power_window.10.2.5"]
    return int(r["records"]), int(r["n"]), int(r["met"]), int(r["missing_evidence"])


def test_the_scorecard_counts_them_as_missing_evidence(tmp_path):
    card = we.score("power_window", 2025, data=_data(tmp_path))
    assert _repair(card) == (4, 2, 1, 2)   # a met, c missed, b and d missing evidence: none passed on a date


def test_the_mark_travels_through_the_store(tmp_path):
    src = _data(tmp_path)
    store = tmp_path / "store"
    store.mkdir()
    (store / "windoweval.toml").write_text(WS, encoding="utf-8")
    we.import_records("work_orders", src / "work_orders.csv", store)
    assert list(store.glob("work_orders/**/*.parquet"))
    card = we.score("power_window", 2025, data=store)
    assert _repair(card) == (4, 2, 1, 2)


def test_a_store_imported_before_the_mark_is_read_as_before_and_said_once(tmp_path):
    import json
    import warnings

    from windoweval.records.read import read_records
    from windoweval.records.store import StoreNote

    src = _data(tmp_path)
    store = tmp_path / "store"
    store.mkdir()
    (store / "windoweval.toml").write_text(WS, encoding="utf-8")
    we.import_records("work_orders", src / "work_orders.csv", store)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        read_records("work_orders", store)
    assert not [w for w in got if issubclass(w.category, StoreNote)]   # imported now: nothing to say
    marker = store / "work_orders" / "_windoweval.json"
    m = json.loads(marker.read_text(encoding="utf-8"))
    for i in m["imports"]:
        del i["dates_alone"]                                             # as an import of session 42 wrote it
    marker.write_text(json.dumps(m), encoding="utf-8")
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("default")
        read_records("work_orders", store, year=2025)
        read_records("work_orders", store, year=2024)
    notes = [str(w.message) for w in got if issubclass(w.category, StoreNote)]
    assert len(notes) == 1, notes
    assert "00:00" in notes[0] and "records import" in notes[0] and "_raw" in notes[0]
