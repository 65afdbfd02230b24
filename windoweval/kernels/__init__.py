"""Metric kernels: small pure functions that return a pass mask.

Every kernel takes the records (a DataFrame, already narrowed to the clause's
population) and its parameters, and returns a nullable boolean Series named
``passed``: True met, False missed, <NA> not assessable: missing evidence, unless the kernel marks the
record open (:func:`with_open`: not yet due) or left out by the clause's rule (:func:`with_excluded`).
Record-level kernels return one value per record, on the records' index;
unit-level kernels (counts, rosters) return one value per unit, on an index
that carries a ``window_id`` level.

Each kernel is registered by its decorator, :func:`kernel`, which declares
everything about it: its message (Chinese and English), which the drill-down
shows beside every missed record; its level; the parameters that name
columns and any other columns it reads; whether its verdict for a record
depends on that record alone; the clause's own exceptions (``applies``) and
the drill-down's extra columns (``detail``).  The catalog, the engine and the
drill-down read that from the :class:`Kernel`: a new kernel is registered
nowhere else.  A clause's parameters are checked against the kernel's
signature when a standards file loads.

The kernels live by family: ``time``, ``values``, ``text``, ``counts`` (with ``waiting_time``) and ``promises``; the machinery
(:class:`Kernel`, :func:`kernel`, :class:`Measure`) in ``base``.

A :class:`Measure` (a catalog measure with its kernel and bound parameters)
meets records only through :meth:`Measure.apply`.

The context arguments ``calendar``, ``windows`` and ``year`` are supplied by
the scorer, never by a standards file.

No kernel loops over rows in Python: all work is column arithmetic.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"a": pd.to_datetime(["2025-01-02 08:00:00"] * 3),
...                    "b": pd.to_datetime(["2025-01-02 08:45:00", "2025-01-02 08:45:01", None])})
>>> time_limit(df, start="a", end="b", limit=45, unit="minutes").tolist()
[True, False, <NA>]
"""
from __future__ import annotations

from .base import (CONTEXT_ARGS, KERNELS, Applied, Kernel, Measure, bound_of, excluded_of, kernel, open_of, share_of,
                   with_bound, with_excluded, with_open, with_share)
from .time import callback_made, cutoff, data_horizon, deadline_day, lead_time, not_exempt, on_day, reply_within, time_limit
from .values import band, band_minutes, band_span, band_span_extremes, checklist, flag, recorded, reliability
from .text import normalise_text, phrase_hits, phrases_forbidden, phrases_required
from .counts import count_at_least, count_limit, diverted_within, every_slot, roster_any, waiting_time
from .promises import promises_kept

__all__ = ["KERNELS", "Kernel", "kernel", "Measure", "Applied", "normalise_text", "CONTEXT_ARGS"]
