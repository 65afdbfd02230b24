"""A kernel's verdicts from the frame's codes (``kernel(..., codes=)``, the checklist's): the engine gives the same
counts, masks and rule flags as the kernel called on a frame of each measure's own, and does not call the kernel."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from windoweval.engine.frame import evaluate_frame
from windoweval.engine.plan import Item
from windoweval.kernels import KERNELS, excluded_of, open_of


def _inspections(item_dtype="string", result_dtype="string"):
    rng = np.random.default_rng(7)
    n = 400
    df = pd.DataFrame({
        "visit_id": rng.choice(["V1", "V2", "V3", None, "V5"], n),
        "window_id": rng.choice(["PW01", "PW02", "PW03", "HB01", None], n),
        "item": rng.choice(["a", "b", "c", None, "d"], n),
        "result": rng.choice(["pass", "fail", "na", None, "", "PASS"], n),
    })
    df["visit_id"] = df["visit_id"].astype("string")
    df["window_id"] = df["window_id"].astype("string")
    df["item"] = df["item"].astype(item_dtype)
    df["result"] = df["result"].astype(result_dtype)
    return df.set_index(pd.RangeIndex(100, 100 + n) if item_dtype == "string" else pd.Index(np.arange(n) * 3))


def _items(kernel):
    out = []
    for i, (items, wins) in enumerate([(["a"], ["PW01", "PW02"]), (["a", "b"], ["PW01", "PW03", "HB01"]),
                                       (["d"], ["PW02"]), (["zz"], ["PW01"]), (["c"], ["PW01", "PW02", "PW03", "HB01"])]):
        m = {"measure": f"m{i}", "records": "inspections", "where": {"item": items}}
        out.append(Item(m, wins, kernel, {"items": items}))
    return out


def _plain(items):
    """The same measures with a kernel that has no ``codes``: the kernel called on each measure's rows."""
    k = dataclasses.replace(KERNELS["checklist"], codes=None)
    return [Item(it.m, it.wins, k, it.params) for it in items]


@pytest.mark.parametrize("item_dtype,result_dtype", [("string", "string"), ("category", "category"),
                                                     ("string", "category"), ("object", "object")])
def test_checklist_codes_same_as_the_kernel(item_dtype, result_dtype):
    df = _inspections(item_dtype, result_dtype)
    items = _items(KERNELS["checklist"])
    for full in (None, lambda: df):
        sub = df[["visit_id", "window_id", "item", "result"]]
        fast = evaluate_frame(sub, items, full=full)
        plain = evaluate_frame(sub, _plain(items), full=full)
        assert list(fast) == list(plain)
        for m in fast:
            pd.testing.assert_frame_equal(fast[m].agg, plain[m].agg, check_exact=True)
            pd.testing.assert_series_equal(fast[m].mask, plain[m].mask, check_exact=True)
            assert excluded_of(fast[m].mask).tolist() == excluded_of(plain[m].mask).tolist()
            assert open_of(fast[m].mask).tolist() == open_of(plain[m].mask).tolist()


def test_checklist_measures_do_not_call_the_kernel(monkeypatch):
    """The checklist's many measures on one frame (141 a year in the demo) are judged on the frame's codes: the
    kernel function is not called once per measure (it was before)."""
    df = _inspections()
    items = _items(KERNELS["checklist"])
    calls = []
    k = KERNELS["checklist"]
    spy = dataclasses.replace(k, func=lambda *a, **kw: calls.append(1) or k.func(*a, **kw))
    got = evaluate_frame(df, [Item(it.m, it.wins, spy, it.params) for it in items])
    assert calls == []
    assert int(sum(ev.agg["n"].sum() for ev in got.values())) > 0


@pytest.mark.parametrize("values", [["a", "b"], ["zz"], [1, "a"], [1.0], ["c", "c"], []])
def test_codes_isin_same_as_pandas(values):
    """The frame's codes match values as ``Series.isin`` does (missing values never), for text, categories of
    numbers and mixed objects alike."""
    from windoweval.engine.plan import _Codes

    df = pd.DataFrame({"s": pd.array(["a", "b", None, "c", "a"], dtype="string"),
                       "c": pd.Categorical([1, 2, None, 1, 3]),
                       "o": pd.Series(["a", 1, None, 1.0, "c"], dtype=object)})
    codes = _Codes(df)
    for col in df:
        want = df[col].isin(values).to_numpy(dtype=bool)
        assert codes.isin(col, values).tolist() == want.tolist(), (col, values)
        assert codes.isin(col, values, np.array([4, 0, 3])).tolist() == want[[4, 0, 3]].tolist()
