"""Review of the thirteenth round (review14): a date guessed under 晚上12点 and a year's outage counted on missing
evidence.

- records/validate.py _day_period moved a date to the next day for 晚上12点 (midnight at the end of that day) by
  reading it with pandas' month-first guess before the day/month check: 05/03/2025 晚上12:00 became 2025-05-04, 25/3/5
  晚上12点 2005-03-26, while 05/03/2025 20:00 is refused.  The day is now added after the date is read by the rules of
  every date (the same refusals, with row, value and the fix), on the per-value path and the CSV read alike.
- kernels/values.py reliability ignored ``outage_status``: an outage marked closed (or withdrawn) with no restored
  time was filled to the cut-off (a previous year's one counted 8,760 hours out in this year) and failed the
  customer.  Such a customer is missing evidence, unless the hours the records show already fail it.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import write_workspace

from windoweval.errors import InputError
from windoweval.records import read_records, validate
from windoweval.records.contract import RecordsError


def _tickets(ticket_at: str) -> pd.DataFrame:
    return pd.DataFrame({"ticket_id": ["A1"], "window_id": ["PW01"], "business_type": ["enquiry"],
                         "ticket_at": [ticket_at], "started_at": ["2027-01-01 00:00"],
                         "ended_at": ["2027-01-02 00:00"]})


@pytest.mark.parametrize("value", ["05/03/2025 晚上12:00", "5.3.2025 晚上12点", "05-03-2025 晚上12点",
                                   "25/3/5 晚上12点"])
def test_midnight_word_does_not_guess_the_day_month_order(value):
    """(reviewer's test) refused as 05/03/2025 20:00 is, never read month first and moved a day."""
    with pytest.raises(InputError):
        validate(_tickets("05/03/2025 20:00"), "counter_transactions", file="c.csv")   # control: refused
    with pytest.raises(InputError):
        validate(_tickets(value), "counter_transactions", file="c.csv")


@pytest.mark.parametrize("value", ["05/03/2025 晚上12:00", "25/3/5 晚上12点"])
def test_midnight_word_on_an_unclear_date_is_refused_with_its_row_and_the_fix(value):
    with pytest.raises(RecordsError) as e:
        validate(_tickets(value), "counter_transactions", file="c.csv")
    p = e.value.problems
    p = p[p["column"] == "ticket_at"]
    assert p[["row", "value", "code"]].values.tolist() == [[2, value, "ambiguous_day_month"]]
    assert "年在前" in p["problem_zh"].iloc[0] and "year first" in p["problem_en"].iloc[0]


def test_a_csv_read_refuses_the_unclear_date_and_reads_the_clear_one(tmp_path):
    d = write_workspace(tmp_path / "d", (("W0", "药房", "hospital_pharmacy"), ("W1", "收费", "hospital_pharmacy")))
    f = d / "queue_snapshots.csv"
    f.write_text("窗口编号,观测时间,排队人数\nW0,2025/3/5 晚上12:00,3\nW1,2025/12/31 夜里12点,3\n", encoding="utf-8")
    got = read_records("queue_snapshots", d)["observed_at"].astype(str).tolist()
    assert got == ["2025-03-06", "2026-01-01"]   # midnights only: printed as dates
    for value in ("05/03/2025 晚上12:00", "25/3/5 晚上12点"):
        f.write_text(f"窗口编号,观测时间,排队人数\nW0,{value},3\nW1,2025/3/5 中午12:00,3\n", encoding="utf-8")
        with pytest.raises(RecordsError) as e:
            read_records("queue_snapshots", d)
        p = e.value.problems
        assert p[["row", "column", "value", "code"]].values.tolist() == [[2, "observed_at", value,
                                                                          "ambiguous_day_month"]]


def test_the_weekday_beside_midnight_is_that_of_the_date_written():
    """2025-03-05 星期三 晚上12点: Wednesday is the 5th's weekday (the midnight is the 6th's 00:00), not a mismatch."""
    df = pd.DataFrame({"window_id": ["W0", "W1"], "observed_at": ["2025-03-05 星期三 晚上12点", "2025-03-04 09:00"],
                       "queue_length": [1, 1]})
    got = validate(df, "queue_snapshots", file="q.csv")["observed_at"].astype(str).tolist()
    assert got == ["2025-03-06 00:00:00", "2025-03-04 09:00:00"]


def _outages(tmp_path, rows: dict):
    from windoweval.scoring import score

    rel = "power_window.6.2.1"
    files = write_workspace(tmp_path / "files", (("PW01", "城东营业厅", "power_hall"),))
    (files / "windoweval.toml").write_text((files / "windoweval.toml").read_text(encoding="utf-8")
                                           + f'\n[params."{rel}"]\nmin_rate = 0.999\n', encoding="utf-8")
    n = len(rows["customer_id"])
    pd.DataFrame({"outage_id": [f"O{i}" for i in range(n)], "window_id": ["PW01"] * n, "voltage_class": ["lv220"] * n,
                  "outage_kind": ["fault"] * n, **rows}).to_csv(files / "outages.csv", index=False)
    return score("power_window", 2025, data=files).results.set_index(["measure", "window_id"]).loc[(rel, "PW01")]


def test_a_previous_years_outage_closed_without_a_restored_time_is_no_miss_of_this_year(tmp_path):
    """(reviewer's test) 2024-12-31 20:00, closed, no restored time: was 8,760 h out in 2025 and C1 failed."""
    r = _outages(tmp_path, {"customer_id": ["C1", "C2"], "start_at": ["2024-12-31 20:00:00", "2025-03-01 10:00:00"],
                            "restored_at": [None, "2025-03-01 11:00:00"], "outage_status": ["closed", "closed"]})
    assert r["verdict"] == "pass", r[["records", "n", "met", "missing_evidence", "verdict"]].to_dict()
    assert int(r["n"]) - int(r["met"]) == 0


@pytest.mark.parametrize("status,n,met,missing,verdict", [
    ("closed", 1, 1, 1, "insufficient"),  # C1's end unknown: missing evidence, never a fail (nor a pass)
    ("open", 2, 1, 0, "fail"),            # still out: to the cut-off, as before
    (None, 2, 1, 0, "fail"),              # a blank status says nothing: as before
])
def test_this_years_outage_closed_without_a_restored_time_is_missing_evidence(tmp_path, status, n, met, missing,
                                                                               verdict):
    r = _outages(tmp_path, {"customer_id": ["C1", "C2"], "start_at": ["2025-06-01 10:00:00", "2025-03-01 10:00:00"],
                            "restored_at": [None, "2025-03-01 11:00:00"], "outage_status": [status, "closed"]})
    got = (int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"])
    assert got == (n, met, missing, verdict), r[["records", "n", "met", "missing_evidence", "verdict"]].to_dict()


def test_an_earlier_years_outage_of_unknown_end_leaves_a_customer_of_this_year_unproven(tmp_path):
    """C1 has a 2025 outage of 1 h and one from 2024-12-31 20:00 closed with no restored time (it may have reached
    into 2025): missing evidence, not a pass on the 1 h alone; C2 passes."""
    r = _outages(tmp_path, {"customer_id": ["C1", "C1", "C2"],
                            "start_at": ["2024-12-31 20:00:00", "2025-06-01 10:00:00", "2025-03-01 10:00:00"],
                            "restored_at": [None, "2025-06-01 11:00:00", "2025-03-01 11:00:00"],
                            "outage_status": ["closed", "closed", "closed"]})
    assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"]) == (1, 1, 1, "insufficient")


def test_the_hours_known_that_fail_the_customer_fail_it_whatever_the_unknown_end(tmp_path):
    """C1: 20 h out on record (rate 0.9977 < 0.999) and another outage closed with no restored time: a fail on the
    hours shown, which the unknown end can only add to."""
    r = _outages(tmp_path, {"customer_id": ["C1", "C1", "C2"],
                            "start_at": ["2025-02-01 00:00:00", "2025-06-01 10:00:00", "2025-03-01 10:00:00"],
                            "restored_at": ["2025-02-01 20:00:00", None, "2025-03-01 11:00:00"],
                            "outage_status": ["closed", "closed", "closed"]})
    assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"]) == (2, 1, 0, "fail")
