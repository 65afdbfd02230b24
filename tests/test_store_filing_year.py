"""The store's year is the filing year too: a record filed in one year whose clock starts in another.

The store partitions work orders ``year=`` by the clock start (``received_at``), while a record
belongs to the year it was filed (``filed_at``, the contract's ``period: [filed_at, received_at]``).
Scoring a year from the store (piece by piece, read whole, on Dask) must count the same records
as scoring the CSV: filed in December, clock started in January -> the old year; filed in 2025,
clock started in 2026 -> 2025, though it sits in the 2026 partition.  The scan filter
(``records.store.year_filter``) says so inside the Parquet scan.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.records.store import import_records, read_validated, iter_validated
from windoweval.scoring import score

WS = '[[windows]]\nid = "PW01"\nname = "营业厅"\nkind = "power_hall"\n'


@pytest.fixture(scope="module")
def dirs(tmp_path_factory):
    d = tmp_path_factory.mktemp("fy")
    df = pd.DataFrame({
        "order_id": ["a", "b", "c", "d", "e"], "window_id": "PW01", "order_type": "new_connection_other",
        "received_at": pd.to_datetime(["2025-01-03 10:00", "2025-06-02 10:00", "2026-01-05 10:00",
                                       "2025-12-30 10:00", "2024-12-30 10:00"]),
        "filed_at": pd.to_datetime(["2024-12-28 10:00", None, "2025-12-29 10:00", None, None]),
        "completed_at": pd.to_datetime(["2025-01-05 10:00", "2025-06-03 10:00", "2026-02-20 10:00", None,
                                        "2024-12-31 10:00"]),
    })
    out = {}
    for name in ("csv", "store"):
        (d / name).mkdir()
        (d / name / "windoweval.toml").write_text(WS, encoding="utf-8")
    df.to_csv(d / "csv" / "work_orders.csv", index=False)
    df.to_csv(d / "src.csv", index=False)
    import_records("work_orders", d / "src.csv", d / "store")
    out["csv"], out["store"] = d / "csv", d / "store"
    return out


def _counts(card):
    r = card.results
    r = r[(r.records > 0) & r.measure.str.startswith("power_window.10.2.2")]
    return r[["measure", "records", "n", "met"]].reset_index(drop=True)


@pytest.mark.parametrize("year, ids", [(2025, ["b", "c", "d"]), (2024, ["a", "e"]), (2026, [])])
def test_the_store_reads_the_filing_year(dirs, year, ids):
    ds = dirs["store"] / "work_orders"
    assert sorted(read_validated("work_orders", ds, year=year)["order_id"]) == ids
    assert sorted(x for p in iter_validated("work_orders", ds, year=year) for x in p["order_id"]) == ids


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_scoring_the_store_counts_as_scoring_the_csv(dirs, scheduler):
    want = _counts(score("power_window", year=2025, data=dirs["csv"]))
    got = _counts(score("power_window", year=2025, data=dirs["store"], scheduler=scheduler))
    pd.testing.assert_frame_equal(got, want)
    # b met, c (filed 2025, powered 34 working days later) missed, d open at the year's end
    row = want[want.measure == "power_window.10.2.2#other"].iloc[0]
    assert (row["records"], row["n"], row["met"]) == (3, 2, 1)
