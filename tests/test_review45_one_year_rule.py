"""The year a record belongs to is read by one rule, Contract.year_of (review45, years45's leftovers): the Dask
path's own-period years (engine.dask._own_years) and the complaint tables' year filters (repeat_complainants,
complaint_tables) call it instead of a second copy of the rule."""
import pandas as pd
import pytest

from windoweval import complaints
from windoweval.engine.dask import _own_years
from windoweval.records import contracts
from windoweval.records.contract import Contract


def test_own_years_is_the_contracts_rule_for_every_kind_of_period():
    # a year column (service_offerings): its value is the year, not nanoseconds since 1970
    assert _own_years("service_offerings", pd.DataFrame({"year": [2025, 2024]})).tolist() == [2025.0, 2024.0]
    # filing before clock start (work_orders), a row without either: NaN
    wo = pd.DataFrame({"filed_at": pd.to_datetime(["2024-12-31 16:00", None, None]),
                       "received_at": pd.to_datetime(["2025-01-02 10:00", "2025-01-06 09:00", None])})
    got = _own_years("work_orders", wo)
    assert got.tolist()[:2] == [2024.0, 2025.0] and pd.isna(got.iloc[2])
    # a transcript's turns: each row its own year here (the first turn's is joined over partitions elsewhere)
    tr = pd.DataFrame({"recording_id": ["r", "r"], "speaker": ["agent", "customer"], "turn": [1, 2],
                       "recorded_at": pd.to_datetime(["2024-12-31 23:59", "2025-01-01 00:01"])})
    assert _own_years("transcripts", tr).tolist() == [2024.0, 2025.0]
    assert _own_years("work_orders", pd.DataFrame({"order_id": ["1"]})) is None   # nothing dates it


def test_the_year_filters_follow_the_contracts_rule(monkeypatch):
    """Shift the one rule by a year: every filter reading it follows (a second copy of the rule would not)."""
    cases = pd.DataFrame({"case_id": list("abc"), "kind": ["complaint"] * 3, "window_id": ["PW01"] * 3,
                          "customer_key": ["K1", "K1", "K1"],
                          "received_at": pd.to_datetime(["2024-12-20 09:00", "2024-12-30 09:00", "2025-01-05 09:00"])})
    assert complaints.repeat_complainants(cases, year=2025)["case_id"].tolist() == ["c"]
    assert complaints.repeat_complainants(cases, year=2024)["case_id"].tolist() == ["b"]
    real = Contract.year_of
    monkeypatch.setattr(Contract, "year_of", lambda self, df, turns=True: real(self, df, turns) + 1)
    assert complaints.repeat_complainants(cases, year=2025)["case_id"].tolist() == ["b"]
    own = _own_years("work_orders", pd.DataFrame({"received_at": pd.to_datetime(["2025-03-01"])}))
    assert own.tolist() == [2026.0]


def test_complaint_summaries_take_the_year_by_the_rule(monkeypatch):
    """The demo's 2025 complaints, with the rule shifted a year, are the summaries of 2026, table for table."""
    (before,) = complaints.complaint_summaries(2025, bys=["window_id"])
    assert len(before["breakdown"]) and before["breakdown"].select_dtypes("number").to_numpy().sum() > 0
    real = Contract.year_of
    monkeypatch.setattr(Contract, "year_of", lambda self, df, turns=True: real(self, df, turns) + 1)
    (after,) = complaints.complaint_summaries(2026, bys=["window_id"], as_of="2025-12-31 23:59:59")
    (again,) = _unshifted(monkeypatch, real, as_of="2025-12-31 23:59:59")
    pd.testing.assert_frame_equal(after["breakdown"], again["breakdown"])
    pd.testing.assert_frame_equal(after["repeats"], again["repeats"])


def _unshifted(monkeypatch, real, **kw):
    monkeypatch.setattr(Contract, "year_of", real)
    return complaints.complaint_summaries(2025, bys=["window_id"], **kw)
