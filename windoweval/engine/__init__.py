"""Evaluating the measures: one code path, on pandas in memory or on Dask partitions.

:func:`windoweval.scoring.score` plans its measures (population, kernel,
parameters, windows) and hands them to :func:`evaluate`, which reads each
kind of record once and applies every measure that reads it:

* without a scheduler, on one pandas DataFrame per kind
  (:func:`windoweval.records.read_records`);
* with a scheduler (``"local"``, ``"local:N"``, a scheduler address such as
  ``"tcp://10.0.0.5:8786"``, a :class:`distributed.Client`, or one of Dask's
  in-process schedulers ``"threads"`` / ``"sync"``), on a Dask DataFrame per
  kind: Parquet through :func:`dask.dataframe.read_parquet` (only the
  columns the measures need, only the year's partitions), CSV through
  :func:`dask.dataframe.read_csv`.

A store dataset (:mod:`windoweval.records.store`) is read column by column: only
the columns the measures read, those only selected by (``window_id``, the
population columns) as categoricals; a drill-down reads the rest when it
asks.

Both run the same function, :func:`evaluate_frame`, which for each measure
keeps the windows it applies to and its population (``where``), sets aside
the clause's own exceptions, calls the kernel and counts per window.  On
Dask it runs on every partition and the counts are summed with a Dask
groupby; the kernels, the calendar and the counting are the pandas ones, so
the results are the same.  Kernels whose verdict for a record depends on
other records (unit-level counts and rosters, ``band_span``) need the whole
population: their populations (the measure's rows and columns only) are
computed into pandas and evaluated there.

Examples
--------
>>> import pandas as pd
>>> from windoweval.kernels import KERNELS
>>> df = pd.DataFrame({"window_id": ["A", "A", "B"], "s": pd.to_datetime(["2025-01-02 08:00"] * 3),
...                    "e": pd.to_datetime(["2025-01-02 08:30", "2025-01-02 09:30", None])})
>>> it = Item({"measure": "m", "records": "x"}, ["A", "B"], KERNELS["time_limit"],
...           {"start": "s", "end": "e", "limit": 45, "unit": "minutes"})
>>> evaluate_frame(df, [it])["m"].agg[["records", "n", "met"]].to_dict("index")
{'A': {'records': 2, 'n': 2, 'met': 1}, 'B': {'records': 1, 'n': 0, 'met': 0}}
"""
from __future__ import annotations

from .plan import AGG_COLUMNS, Evaluated, Item, LOCAL_SCHEDULERS, needed_columns, read_columns, row_filters, where_mask
from .frame import Results, UNSCORED_COLUMNS, evaluate_frame, unscored
from .local import read_years
from .dask import read_dask
from .run import evaluate

__all__ = ['Item', 'Evaluated', 'evaluate', 'evaluate_frame', 'where_mask', 'read_dask', 'read_years', 'needed_columns', 'read_columns', 'row_filters', 'AGG_COLUMNS', 'LOCAL_SCHEDULERS', 'unscored', 'UNSCORED_COLUMNS', 'Results']
