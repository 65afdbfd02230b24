"""``benchmarks/bench_commands.py csv --before SRC``: the two trees' reads compared by their records, not by their row
counts alone (session 48, csv48).  A kind's fingerprint is its rows, its columns and dtypes in order and a digest of
every row's values in order; a changed value, dtype, column order or row order with the same count differs."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _bench():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_commands_csv48", BENCH / "bench_commands.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(BENCH))


def _frame():
    return pd.DataFrame({"order_id": pd.Series(["0012", "0013", "0014"], dtype="str"),
                         "received_at": pd.to_datetime(["2025-01-02 08:00", "2025-01-03 09:30", None]),
                         "n": [1.0, 2.0, np.nan]})


def test_the_same_records_have_the_same_fingerprint():
    b = _bench()
    assert b.fingerprint(_frame()) == b.fingerprint(_frame().copy())


def test_a_value_a_dtype_an_order_or_a_missing_value_with_the_same_rows_differs():
    b = _bench()
    base = b.fingerprint(_frame())
    value = _frame()
    value.loc[1, "order_id"] = "013"    # "0013" read as a number and back: the same count, another value
    assert b.fingerprint(value) != base
    typed = _frame().astype({"n": "float32"})
    assert b.fingerprint(typed) != base
    assert b.fingerprint(_frame()[["n", "order_id", "received_at"]]) != base
    assert b.fingerprint(_frame().iloc[[1, 0, 2]].reset_index(drop=True)) != base
    filled = _frame()
    filled.loc[2, "n"] = 0.0
    assert b.fingerprint(filled) != base


def _run(kinds):
    return {"rows": sum(v[0] for v in kinds.values()), "kinds": kinds}


def test_same_records_names_the_kinds_that_differ_in_any_round():
    b = _bench()
    one = b.fingerprint(_frame())
    other = _frame()
    other.loc[0, "order_id"] = "12"
    two = b.fingerprint(other)
    a = [_run({"work_orders": one, "outages": one}), _run({"work_orders": one, "outages": one})]
    assert b.same_records(a, [_run({"work_orders": one, "outages": one})] * 2) == []
    # the same row counts in every round, a value changed in the second round's outages: named
    assert b.same_records(a, [_run({"work_orders": one, "outages": one}), _run({"work_orders": one, "outages": two})]) \
        == ["outages"]
    # a kind one side did not read, or a side without fingerprints: never taken as the same
    assert b.same_records(a, [_run({"work_orders": one})] * 2) == ["outages"]
    assert b.same_records(a, [{"rows": 6}, {"rows": 6}]) == ["(no fingerprints)"]


def test_the_validate_child_fingerprints_every_csv_kind_off_its_clock():
    from windoweval.demo import tiny_data_dir

    b = _bench()
    d = tiny_data_dir()
    got = b.child_validate(str(d))
    from windoweval.records import read_records
    assert got["kinds"]["work_orders"] == b.fingerprint(read_records("work_orders", d))
    assert got["rows"] == sum(v[0] for v in got["kinds"].values())
    assert 0 <= got["fingerprint_s"] and got["call_s"] >= 0
