"""A measure's population: the rows of a record table a clause speaks of.

One rule for every caller (the engine, the kernels that apply other measures,
the complaint and promise tables): ``where`` maps a column to a value, a list
of values, or comparisons.  Imports nothing of the package.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["apply_where", "closed_of", "CLOSED"]

#: The values of a status column (a work order's ``order_status``, an outage's ``outage_status``, a complaint's
#: ``case_status``) saying the system holds the record done: its steps happened, at times the export may lack.  A
#: 95598 call's ``hang_up`` answered (正常结束, 坐席挂机) says so of its answer: answered, when the export may not say.
CLOSED = ("closed", "withdrawn", "answered")


def closed_of(col) -> np.ndarray:
    """Whether each value of a status column says the record is closed (:data:`CLOSED`: 已办结, 归档, 撤单 …),
    as a bool array; a blank status says nothing (False).  One ``isin`` per column (on a categorical, on its
    categories), never a test per row.

    Examples
    --------
    >>> closed_of(pd.Series(["closed", "open", None, "withdrawn"], dtype="category")).tolist()
    [True, False, False, True]
    >>> closed_of(pd.Series(["answered", "abandoned", "other"])).tolist()     # a call's hang_up
    [True, False, False]
    """
    return np.asarray(pd.Series(col).isin(CLOSED).to_numpy(dtype=bool, na_value=False), dtype=bool)


def apply_where(df: pd.DataFrame, where: dict | None) -> pd.DataFrame:
    """The rows of ``df`` in a measure's population.

    ``where`` maps a column to a value, a list of values, or comparisons
    ``{gt|ge|lt|le|eq|ne: x, in: [...], notna: true, isna: true}``.  A missing
    value passes ``ne`` (it is distinct from x) and fails every other test;
    ``blank: true`` beside comparisons takes a missing value in as well (a
    record that cannot be placed: the measure's kernel reads it as missing
    evidence, e.g. ``time_limit``'s ``needs``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"k": ["a", "b", "c"], "q": [5, 11, 12]})
    >>> apply_where(df, {"k": ["b", "c"], "q": {"gt": 11}})["k"].tolist()
    ['c']
    >>> flags = pd.DataFrame({"ok": pd.array([True, False, None], dtype="boolean")})
    >>> apply_where(flags, {"ok": {"ne": False}}).index.tolist()
    [0, 2]
    >>> apply_where(pd.DataFrame({"doses": pd.array([3, 7, None], dtype="Int64")}),
    ...             {"doses": {"le": 5, "blank": True}}).index.tolist()
    [0, 2]
    """
    if not where:
        return df
    keep = np.ones(len(df), dtype=bool)
    for col, cond in where.items():
        s = df[col]
        if isinstance(cond, dict):
            here = np.ones(len(df), dtype=bool)
            for op, v in cond.items():
                if op == "blank":
                    continue
                if op == "notna":
                    m = s.notna() if v else s.isna()
                elif op == "isna":
                    m = s.isna() if v else s.notna()
                elif op == "in":
                    m = s.isin(v)
                else:
                    m = getattr(s, op)(v)
                # a missing value is "distinct from" v: it passes ne and fails every other comparison
                here &= m.to_numpy(dtype=bool, na_value=(op == "ne"))
            if cond.get("blank"):   # a blank taken in too: the measure cannot place it, its kernel says so
                here |= s.isna().to_numpy(dtype=bool)
            keep &= here
        else:
            vals = cond if isinstance(cond, list) else [cond]
            keep &= s.isin(vals).to_numpy(dtype=bool, na_value=False)
    return df[keep]
