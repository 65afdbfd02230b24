"""The Dask engine gets exactly the pandas results (issue 6).

A 2-worker ``LocalCluster`` with threads (``processes=False``) keeps it light;
what a process cluster adds, pickling, is tested on its own.
"""
from __future__ import annotations

import pickle
import shutil

import pandas as pd
import pytest

from windoweval import paths
from windoweval.calendar import CalendarError, WorkCalendar
from windoweval.demo import DEMO_YEAR, ensure_demo
from windoweval.engine import Item
from windoweval.kernels import KERNELS
from windoweval.records import RecordsError, contracts, find_file, read_records
from windoweval.records.problems import COLUMNS as PROBLEM_COLUMNS
from windoweval.records.problems import Problems
from windoweval.scoring import score
from windoweval.records.store import import_records, is_validated

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:dask.*", "ignore:The inplace keyword:Warning")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def pandas_card():
    ensure_demo()
    return score(year=DEMO_YEAR)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The demo data imported into a Parquet store (year / month partitions)."""
    src = ensure_demo()
    dst = tmp_path_factory.mktemp("store")
    for f in ("windoweval.toml", "calendar.csv", "mapping.yaml"):
        if (src / f).exists():
            shutil.copy(src / f, dst / f)
    for kind in contracts():
        f = find_file(kind, src)
        if f is None:
            continue
        if f.is_dir():  # a dataset in the demo: deliver it as one Parquet file
            one = dst.parent / f"{dst.name}-{kind}.parquet"
            pd.read_parquet(f).drop(columns=["year"], errors="ignore").to_parquet(one)
            f = one
        import_records(kind, f, dst)
    return dst


@pytest.fixture(scope="module")
def dask_card(client):
    return score(year=DEMO_YEAR, scheduler=client)


def test_dask_cluster_matches_pandas(dask_card, pandas_card):
    pd.testing.assert_frame_equal(dask_card.results, pandas_card.results)
    pd.testing.assert_frame_equal(dask_card.windows, pandas_card.windows)


def _same_rows(a: pd.DataFrame, b: pd.DataFrame):
    assert list(a.columns) == list(b.columns)
    key = [c for c in a.columns if c not in ("passed", "message", "measure", "hits", "elapsed_min")]
    a = a.sort_values(key, ignore_index=True)
    b = b.sort_values(key, ignore_index=True)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("measure", ["power_window.10.2.2#resident", "power_window.10.2.6",
                                     "power_window.6.1.1#kv35_plus", "power_window.6.2.2#kv10", "power_window.8.1"])
def test_dask_drilldown_matches_pandas(dask_card, pandas_card, measure):
    _same_rows(dask_card.drilldown(measure), pandas_card.drilldown(measure))


def test_store_gives_the_same_scores_on_both_engines(store, client, pandas_card):
    assert is_validated(store / "work_orders", "work_orders")
    assert (store / "work_orders" / f"year={DEMO_YEAR}" / "month=10").is_dir()
    on_pandas = score(year=DEMO_YEAR, data=store)
    pd.testing.assert_frame_equal(on_pandas.results, pandas_card.results)
    on_dask = score(year=DEMO_YEAR, data=store, scheduler=client)
    pd.testing.assert_frame_equal(on_dask.results, pandas_card.results)
    # the store is read column by column; the drill-down still shows every column of the records
    d = on_pandas.drilldown("power_window.10.2.2#resident")
    _same_rows(d, pandas_card.drilldown("power_window.10.2.2#resident"))
    assert "customer_id" in d


def test_import_replaces_only_the_months_delivered(store, tmp_path):
    before = read_records("work_orders", store, year=DEMO_YEAR)
    march = before[before["received_at"].dt.month == 3].copy()
    march["completed_at"] = pd.NaT
    f = tmp_path / "march.csv"
    march.to_csv(f, index=False, date_format="%Y-%m-%d %H:%M:%S")
    import_records("work_orders", f, store)
    after = read_records("work_orders", store, year=DEMO_YEAR)
    assert len(after) == len(before)
    is_march = after["received_at"].dt.month == 3
    assert after.loc[is_march, "completed_at"].isna().all()
    assert after.loc[~is_march, "completed_at"].notna().sum() == before.loc[
        before["received_at"].dt.month != 3, "completed_at"].notna().sum()


def test_a_refused_delivery_leaves_the_store_as_it_was(store, tmp_path):
    f = tmp_path / "bad.csv"
    pd.DataFrame({"staff_id": ["1", "1"], "window_id": ["PW01", "PW01"], "english": ["是", "maybe"],
                  "sign_language": ["否", "否"]}).to_csv(f, index=False)
    before = read_records("staff_roster", store)
    with pytest.raises(RecordsError) as e:
        import_records("staff_roster", f, store)
    assert set(e.value.problems["row"]) == {2, 3}
    pd.testing.assert_frame_equal(read_records("staff_roster", store), before)
    assert not [p for p in store.iterdir() if p.name.startswith(".staff_roster")]


def test_a_bad_row_found_on_a_worker_reaches_the_caller(tmp_path):
    src = ensure_demo()
    for f in ("windoweval.toml", "calendar.csv", "mapping.yaml"):
        if (src / f).exists():
            shutil.copy(src / f, tmp_path / f)
    pd.DataFrame({"staff_id": ["1"], "window_id": ["PW01"], "english": ["maybe"], "sign_language": ["否"]}) \
        .to_csv(tmp_path / "staff_roster.csv", index=False)
    with pytest.raises(RecordsError) as e:
        score("power_window", year=DEMO_YEAR, data=tmp_path, scheduler="sync")
    assert e.value.kind == "staff_roster"


def test_what_travels_to_process_workers_pickles():
    cal = WorkCalendar()
    it = Item({"measure": "m", "records": "work_orders"}, ["PW01"], KERNELS["time_limit"],
              {"start": "received_at", "end": "completed_at", "limit": 5, "unit": "working_days", "calendar": cal})
    back = pickle.loads(pickle.dumps(it))
    assert back.kernel.func is KERNELS["time_limit"].func
    assert (back.params["calendar"].cum == cal.cum).all()
    err = pickle.loads(pickle.dumps(CalendarError(["2099-01-01"], cal.years)))
    assert err.dates == ["2099-01-01"] and "2099-01-01" in str(err)
    probs = pd.DataFrame({"file": ["f"], "row": [2], "column": ["english"], "value": ["maybe"],
                          "problem_zh": ["x"], "problem_en": ["y"]})
    sent = RecordsError("staff_roster", "f", probs)
    rerr = pickle.loads(pickle.dumps(sent))
    # the problems come back whole (with the fix every records refusal carries since session 19), in the one problem
    # table's layout (windoweval.records.problems)
    assert rerr.kind == "staff_roster" and rerr.problems.equals(sent.problems)
    assert (rerr.problems[["file", "row", "column", "value", "problem_zh", "problem_en"]]
            .equals(Problems.conform(probs)[["file", "row", "column", "value", "problem_zh", "problem_en"]]))
    assert rerr.problems["fix_zh"].iloc[0] and rerr.problems["fix_en"].iloc[0]
    assert isinstance(rerr.problems, Problems) and list(rerr.problems.columns) == PROBLEM_COLUMNS


def test_an_unknown_scheduler_is_refused():
    with pytest.raises(ValueError, match="scheduler"):
        score("power_window", year=DEMO_YEAR, scheduler=42)


def test_the_demo_store_lives_outside_the_repository(store):
    assert paths.ROOT not in store.parents
