"""The waiting kernel: minutes from taking a queue ticket (取号) to being called (叫号), per window.

The hospital promises ask to 缩短病人等待时间 (shorten patients' waiting) and state no limit, so no
single ticket passes or fails: the kernel measures each window's waiting (median and 90th percentile,
tickets never called counted apart) and gives no verdict of its own; whether the waiting was shortened
is judged against a baseline year by :mod:`windoweval.waiting`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .base import kernel

#: The levels of the kernel's index after ``window_id``: the figures it measured for the window.
FIGURES = ("tickets", "called", "not_called", "median_min", "p90_min")


def wait_minutes(df: pd.DataFrame, start: str, end: str) -> np.ndarray:
    """Minutes from ``start`` to ``end`` per record (NaN when either is missing or the end is before the start)."""
    s = pd.to_datetime(df[start]).to_numpy(dtype="datetime64[ns]")
    e = pd.to_datetime(df[end]).to_numpy(dtype="datetime64[ns]")
    with np.errstate(invalid="ignore"):
        m = (e - s).astype("timedelta64[ns]").astype(np.int64) / 60e9
    bad = np.isnat(s) | np.isnat(e)
    m = np.where(bad, np.nan, m)
    return np.where(m < 0, np.nan, m)


@kernel("waiting_time", "等待时间(取号至叫号)仅计量,无单张票的判定",
        "waiting time (ticket to call) is measured, no ticket passes or fails", level="unit",
        columns=("start", "end"))
def waiting_time(df: pd.DataFrame, start: str = "ticket_at", end: str = "called_at") -> pd.Series:
    """Each window's waiting: one unit per window, its figures in the index, no verdict (<NA>).

    Per window: ``tickets`` (in the population), ``called`` (with a call time
    not before the ticket; one before it is refused when the records are read,
    see the contract's ``not_before``), ``not_called`` (no call time: left or
    still waiting), ``median_min`` and ``p90_min`` of the called tickets' waits in
    minutes (linear interpolation between order statistics, R's
    ``quantile(type = 7)``).  The value is <NA>: the clause names no limit, so
    a window is measured, not judged; :func:`windoweval.waiting.waiting_times`
    compares the figures with a baseline year's (缩短: shortened).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.Timestamp("2025-04-08 09:00")
    >>> df = pd.DataFrame({"window_id": ["A"] * 4, "ticket_at": [t] * 4,
    ...                    "called_at": [t + pd.Timedelta(minutes=m) for m in (2, 4, 10)] + [pd.NaT]})
    >>> r = waiting_time(df).reset_index()
    >>> r[["window_id", "tickets", "called", "not_called", "median_min", "p90_min"]].values.tolist()
    [['A', 4, 3, 1, 4.0, 8.8]]
    >>> bool(r["passed"].isna().all())
    True
    """
    w = wait_minutes(df, start, end)
    win = df["window_id"].astype("string").to_numpy(dtype=object, na_value=None)
    uncalled = df[end].isna().to_numpy()
    frame = pd.DataFrame({"window_id": win, "wait": w, "uncalled": uncalled}).dropna(subset=["window_id"])
    g = frame.groupby("window_id", sort=True)["wait"]
    figs = pd.DataFrame({"tickets": g.size(), "called": g.count(),
                         "not_called": frame.groupby("window_id", sort=True)["uncalled"].sum().astype(np.int64)})
    figs["median_min"] = g.quantile(0.5)
    figs["p90_min"] = g.quantile(0.9)
    figs = figs.reset_index()
    idx = pd.MultiIndex.from_frame(figs[["window_id", *FIGURES]])
    return pd.Series(pd.array([pd.NA] * len(idx), dtype="boolean"), index=idx, name="passed")
