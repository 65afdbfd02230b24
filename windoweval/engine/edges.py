"""The rows across the year's edge that a kernel looking ahead (or behind) needs: read once, bound to its measures.

A kernel that declares ``reach`` (:func:`windoweval.kernels.kernel`) judges a record by the records within some
time after (or before) it: 标准4 八、排队超过10人时及时分流 reads a crowded snapshot as relieved when, within 10
minutes, the queue system logs a window more or the queue back at 10.  A queue of 11 at 23:55 on 31 December is
relieved by the third window logged at 00:05 on 1 January; that snapshot belongs to the next year, so the year's
records alone leave the 23:55 one without its evidence.  :func:`attach_edges` reads those few rows of the next
(or previous) year (the same file, store dataset or records handed in) and binds them to each such measure
(``Measure.edge``); :meth:`windoweval.kernels.Measure.apply` judges with them and keeps the verdicts of the year's
own records only.  Nothing else sees the rows: every other measure, the counts of records and the records no
measure took are the year's alone, on the pandas, store and Dask paths alike (the measures are bound before
the paths part).
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from ..records import contracts, read_records


def _bounds(year: int, like: pd.Series | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The year's first instant and the next year's, in the time zone of ``like`` (naive when it is naive)."""
    lo, hi = pd.Timestamp(year=int(year), month=1, day=1), pd.Timestamp(year=int(year) + 1, month=1, day=1)
    tz = getattr(getattr(like, "dt", None), "tz", None) if like is not None else None
    if tz is not None:
        lo, hi = lo.tz_localize("Asia/Shanghai").tz_convert(tz), hi.tz_localize("Asia/Shanghai").tz_convert(tz)
    return lo, hi


def reach_of(items) -> dict[str, tuple[pd.Timedelta, pd.Timedelta]]:
    """``{kind: (behind, ahead)}``: the farthest any measure of the kind looks before and after a record.

    Examples
    --------
    >>> from windoweval.kernels import Measure
    >>> m = Measure.of({"measure": "m", "records": "queue_snapshots", "kernel": "diverted_within",
    ...                 "params": {"queue": "queue_length", "time": "observed_at", "minutes": 10}}, ["A"])
    >>> reach_of([m])
    {'queue_snapshots': (Timedelta('0 days 00:00:00'), Timedelta('0 days 00:10:00'))}
    """
    out: dict[str, tuple[pd.Timedelta, pd.Timedelta]] = {}
    for it in items:
        if it.kernel.reach is None:
            continue
        _, behind, ahead = it.kernel.reach(it.params)
        b, a = out.get(it.kind, (pd.Timedelta(0), pd.Timedelta(0)))
        out[it.kind] = (max(b, pd.Timedelta(behind)), max(a, pd.Timedelta(ahead)))
    return out


def near_year(df: pd.DataFrame, kind: str, year: int, behind, ahead) -> pd.DataFrame:
    """The rows of ``df`` outside ``year`` whose period time lies within ``behind`` before its start or ``ahead``
    after its end (the year itself excluded).

    Examples
    --------
    >>> df = pd.DataFrame({"window_id": ["A"] * 3, "observed_at": pd.to_datetime(
    ...     ["2025-12-31 23:55", "2026-01-01 00:05", "2026-01-01 00:15"]), "queue_length": [11, 11, 11]})
    >>> near_year(df, "queue_snapshots", 2025, pd.Timedelta(0), pd.Timedelta(minutes=10))["observed_at"].astype(str).tolist()
    ['2026-01-01 00:05:00']
    """
    c = contracts()[kind]
    per = c.period
    if per is None or per not in df or not len(df) or c.columns[per]["type"] not in ("datetime", "date"):
        return df.iloc[0:0]
    t = pd.to_datetime(df[per])
    lo, hi = _bounds(year, t)
    keep = ((t >= lo - behind) & (t < lo)) | ((t >= hi) & (t <= hi + ahead))
    return df[keep.to_numpy(dtype=bool, na_value=False)]


def _read_edge(kind: str, data, year: int, behind, ahead, mapping, dataset) -> pd.DataFrame:
    """The rows near ``year`` of the kind's file or store dataset: of the adjacent years, the few that lie near."""
    parts = []
    for y, need in ((int(year) + 1, ahead), (int(year) - 1, behind)):
        if need <= pd.Timedelta(0):
            continue
        if dataset is not None:   # a store dataset: the adjacent year's partition, only the rows near the edge
            from ..records.store import read_validated
            per = contracts()[kind].period
            lo, hi = _bounds(year)
            rows = [(per, "<=", hi + ahead)] if y > year else [(per, ">=", lo - behind)]
            import pyarrow as pa
            try:
                df = read_validated(kind, dataset, year=y, rows=rows)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, TypeError):
                df = read_validated(kind, dataset, year=y)   # a filter the stored type does not take: filtered here
        else:                     # a file is read whole whatever the year (kept once in a shared scope)
            df = read_records(kind, data, year=y, mapping=mapping)
        parts.append(near_year(df, kind, year, behind, ahead))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts) if len(parts) > 1 else (parts[0] if parts else None)


def attach_edges(items: list, data=None, year: int | None = None, mapping: dict | None = None,
                 records: dict | None = None, datasets: dict | None = None) -> list:
    """``items`` with the rows across the year's edge bound to each measure whose kernel looks ahead or behind.

    ``records`` (frames handed in) give their own rows near the year (the kinds not among them are left as
    they are); without ``records`` the kind's file or store
    dataset (``datasets``: kind -> the validated dataset, else None for a file) is read for them.  Without a
    year, or when no row lies near, the items are returned as they are.

    Examples
    --------
    >>> from windoweval.kernels import Measure
    >>> m = Measure.of({"measure": "m", "records": "queue_snapshots", "kernel": "diverted_within",
    ...                 "params": {"queue": "queue_length", "time": "observed_at", "minutes": 10}}, ["A"])
    >>> q = pd.DataFrame({"window_id": ["A"] * 2, "observed_at": pd.to_datetime(["2025-12-31 23:55", "2026-01-01 00:05"]),
    ...                   "queue_length": [11, 11], "open_windows": [2, 3]})
    >>> [it] = attach_edges([m], year=2025, records={"queue_snapshots": q})
    >>> it.edge[0]["observed_at"].astype(str).tolist(), it.apply(q.iloc[:1]).mask.tolist()
    (['2026-01-01 00:05:00'], [True])
    """
    if year is None:
        return items
    reach = reach_of(items)
    if not reach:
        return items
    mapping = mapping or {}
    edges = {}
    for kind, (behind, ahead) in reach.items():
        if records is not None and kind not in records:
            continue     # frames handed in for other kinds: this one is read on its path (its own call)
        if records is not None:
            e = near_year(records[kind], kind, year, behind, ahead)
            edges[kind] = e if len(e) else None
        else:
            edges[kind] = _read_edge(kind, data, year, behind, ahead, mapping.get(kind),
                                     (datasets or {}).get(kind))
    lo_hi = _bounds(year)
    return [dataclasses.replace(it, edge=(edges[it.kind], *lo_hi))
            if it.kernel.reach is not None and edges.get(it.kind) is not None else it for it in items]
