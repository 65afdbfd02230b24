"""The fast paths of issue 14 give what the plain paths give: promise occurrences on integer codes,
the promise measure's narrowed columns, the missed records as Parquet plus a CSV head, the scaled demo."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from windoweval import cli
from windoweval.demo import DEMO_YEAR, _scaled
from windoweval.engine import read_columns
from windoweval.exports import MISSED_CSV_ROWS
from windoweval.kernels import promises_kept
from windoweval.population import apply_where
from windoweval.promise_register import promise_measures
from windoweval.records import contracts
from windoweval.catalog import load_catalog
from windoweval.datadir import resolve
from windoweval.scoring import plan_measures
from windoweval.records.workspace import load_workspace


def _orders(n=40, seed=3, categorical=False):
    rng = np.random.default_rng(seed)
    types = np.array(["fault_repair", "appointment", "billing_query", "meter_fault"])
    rec = pd.Timestamp("2025-06-02 09:00") + pd.to_timedelta(rng.integers(0, 10_000, n), unit="min")
    df = pd.DataFrame({
        "order_id": [f"W{i}" for i in rng.permutation(n)],
        "window_id": rng.choice(["PW02", "PW01", "PW03"], n), "order_type": rng.choice(types, n),
        "received_at": rec, "due_at": rec + pd.Timedelta(hours=30),
        "arrived_at": rec + pd.to_timedelta(rng.integers(5, 90, n), unit="min"),
        "completed_at": (rec + pd.to_timedelta(rng.integers(0, 6 * 24 * 60, n), unit="min")).where(rng.random(n) > .2),
    })
    if categorical:
        df = df.astype({"window_id": "category", "order_type": "category"})
    return df


def _reference(df, promises):
    """The occurrences as the kernel built them before (per-row text, MultiIndex.from_frame)."""
    from windoweval.kernels import KERNELS

    parts = []
    for pid, m in promises:
        k = KERNELS[m["kernel"]]
        params = k.bind(m.get("params") or {})
        pop = apply_where(df, m.get("where"))
        pop = pop[k.applicable(pop, **params)]
        if pop.empty:
            continue
        mask = k(pop, **params)
        parts.append(pd.DataFrame({"window_id": pop["window_id"].astype(str).to_numpy(), "promise_id": pid,
                                   "order_id": pop["order_id"].to_numpy(), "passed": mask.to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def test_promise_occurrences_on_codes_equal_the_per_row_text_ones():
    pm = promise_measures("power_window", "work_orders")
    for categorical in (False, True):
        df = _orders(categorical=categorical)
        got = promises_kept(df, "work_orders", promises=pm).reset_index()
        want = _reference(df, pm)
        assert len(got) == len(want) > 0
        assert got["window_id"].astype(str).tolist() == want["window_id"].tolist()
        assert got["promise_id"].tolist() == want["promise_id"].tolist()
        assert got["order_id"].tolist() == want["order_id"].tolist()
        assert got["passed"].astype("boolean").equals(want["passed"].astype("boolean"))


def test_promise_measure_reads_only_its_columns_and_selects_on_categoricals():
    ws = load_workspace(resolve(None))
    plan = [it for it in plan_measures("power_window", ws, load_catalog(), DEMO_YEAR) if it.kind == "work_orders"]
    assert any(it.kernel.name == "promises_kept" for it in plan)
    cols, cats = read_columns(plan, list(contracts()["work_orders"].columns))
    assert "order_id" in cols and "customer_id" not in cols  # the key for the occurrences; nothing else unread
    assert "order_type" in cats and "window_id" in cols  # promises only select rows by order type


def test_score_writes_every_missed_record_as_parquet_and_the_first_as_csv(tmp_path, capsys):
    assert cli.main(["score", "--standard", "power_window", "--year", str(DEMO_YEAR), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    res = pd.read_csv(tmp_path / "power_window_results.csv")
    table = pq.read_table(tmp_path / "power_window_missed.parquet").to_pandas()
    head = pd.read_csv(tmp_path / "power_window_missed.csv", encoding="utf-8-sig", dtype=str)
    failed = set(res.loc[res["verdict"] == "fail", "measure"])
    assert set(table["measure"]) == failed and not table["passed"].any()
    assert len(head) <= min(len(table), MISSED_CSV_ROWS)              # the narrow CSV for people: a share per measure
    assert set(head["measure"]) == failed
    assert "text" not in table


def test_scaled_demo_copies_records_with_unique_keys():
    df = pd.DataFrame({"工单号": ["W1", "W2"], "窗口编号": ["PW01", "PW02"], "客户编号": ["C1", "C1"],
                       "受理时间": pd.to_datetime(["2025-01-02", "2025-01-03"])})
    out = _scaled(df, "work_orders", 3)
    assert len(out) == 6 and out["工单号"].is_unique
    assert out["窗口编号"].tolist() == ["PW01", "PW02"] * 3          # windows stay the organisation's
    assert out["客户编号"].tolist()[2:4] == ["C1~1", "C1~1"]         # references follow their copy
    snaps = pd.DataFrame({"window_id": ["PW01"], "observed_at": pd.to_datetime(["2025-01-02 09:00"])})
    assert len(_scaled(snaps, "queue_snapshots", 3)) == 1            # no id of its own: not copied
