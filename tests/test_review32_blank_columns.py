"""Review 32 of Scorecard.blank_columns (session 32): a work-order export without 到达时间 fails 10.2.5 at 0 %, and the
pandas path names the blank column; the same records in the Parquet store (judged piece by piece) or on Dask said
nothing, so the message depended on how the records were read."""
import pandas as pd
import pytest

from windoweval import score
from windoweval.demo import tiny_data_dir
from windoweval.records.store import import_records

EXPECTED = [{"measure": "power_window.10.2.5", "records": "work_orders", "column": "arrived_at", "rows": 1}]


def _without_arrivals(stored: bool):
    d = tiny_data_dir()
    f = d / "work_orders.csv"
    pd.read_csv(f, dtype=str).drop(columns=["arrived_at"]).to_csv(f, index=False)
    if stored:
        import_records("work_orders", f, store_dir=d)
        f.unlink()
    return d


@pytest.mark.parametrize("stored, scheduler", [(False, None), (True, None), (False, "sync"), (True, "sync")])
def test_the_blank_column_is_named_however_the_records_are_read(stored, scheduler):
    card = score("power_window", 2025, data=_without_arrivals(stored), scheduler=scheduler)
    assert card.results.query("measure == 'power_window.10.2.5'")["verdict"].tolist() == ["fail"]
    assert card.blank_columns().to_dict("records") == EXPECTED


@pytest.mark.parametrize("stored, scheduler", [(True, None), (False, "sync")])
def test_nothing_said_where_the_column_is_there(stored, scheduler):
    d = tiny_data_dir()
    if stored:
        import_records("work_orders", d / "work_orders.csv", store_dir=d)
        (d / "work_orders.csv").unlink()
    assert card_blank(d, scheduler).empty


def card_blank(d, scheduler):
    return score("power_window", 2025, data=d, scheduler=scheduler).blank_columns(["power_window.10.2.5"])
