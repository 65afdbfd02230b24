"""``every_slot`` counts on integer codes: the same verdicts as counting with ``pd.crosstab`` (the kernel before),
and a gathered population reduced to one row per window and slot judged as the whole population."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from windoweval.kernels import KERNELS
from windoweval.kernels.counts import every_slot


def _crosstab(df, time, slot="hour", windows=None):
    """The kernel as it was: ``pd.crosstab`` of window and slot (with diff39's reading of a record of blank time)."""
    t = df[time]
    n, s = (24, t.dt.hour) if slot == "hour" else (7, t.dt.day_of_week)
    wins = list(windows) if windows is not None else sorted(df["window_id"].dropna().unique())
    seen = pd.crosstab(df["window_id"], s).reindex(index=wins, columns=range(n), fill_value=0) if len(df) \
        else pd.DataFrame(0, index=wins, columns=range(n))
    idx = pd.MultiIndex.from_product([wins, range(n)], names=["window_id", slot])
    counts = seen.to_numpy()
    none = np.repeat(counts.sum(axis=1) == 0, n)
    # (diff39) a window with a record of blank time: its empty slots unknown, not missed (the record may be in one)
    blank = df.loc[t.isna(), "window_id"].dropna().unique() if len(df) else []
    none |= ((counts == 0) & pd.Index(wins, dtype=object).isin(pd.Index(blank, dtype=object))[:, None]).ravel()
    return pd.Series(pd.arrays.BooleanArray((counts > 0).ravel() & ~none, none), index=idx, name="passed")


WINS = ["A", "B", "C", "D"]


@st.composite
def frames(draw):
    n = draw(st.integers(0, 60))
    w = draw(st.lists(st.sampled_from(WINS[:3] + [None, "Z"]), min_size=n, max_size=n))
    hours = draw(st.lists(st.one_of(st.none(), st.integers(0, 24 * 14 - 1)), min_size=n, max_size=n))
    t = pd.to_datetime([None if h is None else pd.Timestamp("2025-03-03") + pd.Timedelta(hours=h) for h in hours])
    df = pd.DataFrame({"window_id": pd.Series(w, dtype=object), "t": pd.Series(t, dtype="datetime64[ns]")})
    how = draw(st.sampled_from(["object", "category", "string"]))
    if how != "object":
        df["window_id"] = df["window_id"].astype(how)
    return df


@settings(max_examples=200, deadline=None)
@given(frames(), st.sampled_from(["hour", "weekday"]), st.sampled_from([None, WINS, ["B", "A"]]))
def test_counts_on_codes_are_crosstab(df, slot, windows):
    got, want = every_slot(df, "t", slot, windows=windows), _crosstab(df, "t", slot, windows=windows)
    pd.testing.assert_series_equal(got, want)


def test_gathered_population_reduced_per_slot():
    """One row per window and slot of each piece (what the engine gathers) judges as every row did."""
    from windoweval.engine.pieces import _reduce

    it = type("It", (), {"kernel": KERNELS["every_slot"], "params": {"time": "t", "slot": "hour"}})()
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"window_id": pd.Categorical(rng.choice(["A", "B", "C"], 5000)),
                       "t": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 10**6, 5000), unit="min")})
    df.loc[rng.choice(5000, 50), "t"] = pd.NaT
    df = df[~((df["window_id"] == "C") & (df["t"].dt.hour == 3))]
    small = _reduce(df, it)
    assert len(small) <= 3 * (24 + 24)   # a slot of each window and hour, and its first 24 blank times (diff40)
    pd.testing.assert_series_equal(every_slot(small, "t", "hour", windows=WINS), every_slot(df, "t", "hour", windows=WINS))
    other = type("It", (), {"kernel": KERNELS["count_limit"], "params": {}})()
    assert _reduce(df, other) is df
