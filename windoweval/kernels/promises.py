"""The promise kernel: every occurrence of a registered service promise, kept or not."""
from __future__ import annotations


import numpy as np
import pandas as pd

from ..calendar import WorkCalendar
from .base import KERNELS, Measure, excluded_of, kernel, open_of, with_excluded, with_open


@kernel("promises_kept", "未兑现服务承诺", "service promise not kept", level="unit", reads=None)
def promises_kept(df: pd.DataFrame, kind: str, standard: str = "power_window", promises=(),
                  calendar: WorkCalendar | None = None, extend_to_workday: bool = False,
                  horizon=None) -> pd.Series:
    """Every occurrence of a registered promise in ``df``: kept or not.

    ``promises`` are ``(promise_id, measure)`` pairs: the promises of
    ``standard`` whose measure reads records of ``kind`` (the records ``df``
    holds).  The planner (:func:`windoweval.scoring.plan_measures`) expands
    them from the register ``windoweval/promises.yaml`` when the measures are
    planned (:func:`windoweval.promise_register.promise_measures`); this
    kernel only applies them.  Each promise's measure population and kernel
    are applied to ``df``, so an occurrence is judged exactly as the measure
    judges it.  A record two promises apply to (a planned outage: notice and
    restoration) is two occurrences.

    Returns one value per occurrence, on an index (window_id, promise_id,
    the record's key): the fulfilment rate is occurrences met / occurrences
    assessed (第五条(二): 100 %).

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.promise_register import promise_measures
    >>> df = pd.DataFrame({"order_id": ["1", "2"], "window_id": ["PW01", "PW01"], "order_type": ["fault_repair"] * 2,
    ...                    "received_at": pd.to_datetime(["2025-06-01 10:00"] * 2),
    ...                    "arrived_at": pd.to_datetime(["2025-06-01 10:40", "2025-06-01 11:00"])})
    >>> pm = promise_measures("power_window", "work_orders")
    >>> promises_kept(df, "work_orders", promises=pm).droplevel("window_id").to_dict()
    {('pw_fault_repair_45min', '1'): True, ('pw_fault_repair_45min', '2'): False}
    """
    return occurrences(df, kind, standard, promises, calendar, extend_to_workday, horizon)


def occurrences(df: pd.DataFrame, kind: str, standard: str = "power_window", promises=(),
                calendar: WorkCalendar | None = None, extend_to_workday: bool = False, horizon=None,
                judged=None) -> pd.Series:
    """:func:`promises_kept`'s occurrences, with ``judged`` (the engine's, never a parameter of the catalog):
    ``(at, {measure: (kernel, params, rows, kept, mask)})``, the verdicts the same frame's measures were given
    already (:func:`windoweval.engine.frame.evaluate_frame`): ``at`` the positions of ``df``'s rows in that frame
    (None: the frame itself), ``rows`` a measure's population there (ascending positions), ``kept`` those left after
    the clause's own exceptions, ``mask`` their verdicts.  A promise whose measure was judged with
    the same kernel and parameters on exactly the promise's own population takes those verdicts (the same values,
    open cases and rule flags) instead of applying its measure again; any other is applied as before.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.promise_register import promise_measures
    >>> df = pd.DataFrame({"order_id": ["1", "2"], "window_id": ["PW01", "PW01"], "order_type": ["fault_repair"] * 2,
    ...                    "received_at": pd.to_datetime(["2025-06-01 10:00"] * 2),
    ...                    "arrived_at": pd.to_datetime(["2025-06-01 10:40", "2025-06-01 11:00"])})
    >>> pm = promise_measures("power_window", "work_orders")
    >>> m = dict(pm)["pw_fault_repair_45min"]
    >>> own = Measure.of(m)
    >>> wrong = pd.Series(pd.array([False, True], dtype="boolean"))   # verdicts said to be judged already
    >>> both = np.arange(2)
    >>> judged = (None, {m["measure"]: (own.kernel, own.params, both, both, wrong)})
    >>> occurrences(df, "work_orders", promises=pm, judged=judged).droplevel("window_id").to_dict()
    {('pw_fault_repair_45min', '1'): False, ('pw_fault_repair_45min', '2'): True}
    """
    from ..records import contracts

    key = contracts()[kind].key
    names = ["window_id", "promise_id", *key]
    # integer codes, never per-row text: the windows' codes once per frame; a record's key by its row
    # position when it is one column (no hashing of millions of ids), else factorised once per frame
    # ``judged``'s third part (if any) gives the engine's codes of a column of the frame it judged: a column's
    # factorisation made once per frame, not again here (the same codes and values as ``pd.factorize``)
    coded = judged[2] if judged is not None and len(judged) > 2 and judged[0] is None else None
    w = df["window_id"]
    if coded is not None:
        wcodes, wlevel = coded("window_id")
    elif isinstance(w.dtype, pd.CategoricalDtype):
        wcodes, wlevel = np.asarray(w.array.codes), w.cat.categories
    else:
        wcodes, wlevel = pd.factorize(w)
    if len(key) == 1:
        kcodes, klevels = [np.arange(len(df))], [pd.Index(df[key[0]].array, name=None)]
    else:
        kcodes, klevels = [], []
        for c in key:
            kc, kl = pd.factorize(df[c])
            kcodes.append(kc)
            klevels.append(kl)
    pids, at, vals, nas, opens, entries, excl = [], [], [], [], [], [], []
    exempt = []   # the positions of records a promise's own clause excuses: occurrences too, counted as exempt
    named = {x for _, m in promises for v in (m.get("params") or {}).values()
             for x in (v if isinstance(v, (list, tuple)) else [v]) if isinstance(x, str)}
    named |= {c for _, m in promises for c in (m.get("where") or {})}
    if any(KERNELS[m["kernel"]].reads is None for _, m in promises):
        base = df.drop(columns=[c for c in key if c not in named])  # the key is not copied row by row
    else:  # only the columns the promises' measures name or read: each population is taken on those alone
        reads = {c for _, m in promises for c in (KERNELS[m["kernel"]].reads or ())}
        base = df[[c for c in df.columns if c in named or c in reads]]
    codes: dict = {} if coded is None else {c: (np.asarray(coded(c)[0]), pd.Index(coded(c)[1]))
                                            for c in {c for _, m in promises for c in (m.get("where") or {})}
                                            if c in df and _textual(df[c])}
    for entry, (pid, m) in enumerate(promises):  # a handful of promises, not rows
        k = KERNELS[m["kernel"]]
        if k.level != "record" or k.name == "promises_kept":
            continue
        where = m.get("where") or {}
        if not set(where).issubset(df.columns):
            continue
        # the promise's measure as the scorer applies it (its own stated exceptions are not occurrences),
        # on the frame without the key: the rows' positions stand for it
        meas = Measure.of(m, calendar=calendar, art203=extend_to_workday, horizon=horizon)
        sel = _population(df, where, codes)
        got = None if judged is None else _judged(judged, meas, sel, len(df))
        if got is not None:   # the same measure on the same rows, judged already: its verdicts
            mask, rows_ = got
            every = np.arange(len(df)) if sel is None else np.asarray(sel)
            if rows_ is not None and len(rows_) < len(every):   # the rows its exceptions set aside
                exempt.append(np.setdiff1d(every, np.asarray(rows_)))
            if not len(mask):
                continue
        else:
            mask, pop, rows_, ex = meas.apply(base, sel, selected=True)[:4]
            if ex is not None and len(ex):
                exempt.append(np.asarray(ex))
            if pop.empty:
                continue
        pids.append(pid)
        entries.append(entry)
        at.append(np.arange(len(df)) if rows_ is None else np.asarray(rows_))
        vals.append(mask.to_numpy(dtype=bool, na_value=False))
        nas.append(np.asarray(mask.isna()))
        opens.append(open_of(mask))
        excl.append(excluded_of(mask))
    exempt = np.concatenate(exempt).astype(np.int64) if exempt else np.zeros(0, dtype=np.int64)
    if not pids:
        idx = pd.MultiIndex.from_arrays([[] for _ in names], names=names)
        out = pd.Series(pd.array([], dtype="boolean"), index=idx, name="passed")
        out.attrs["exempt"] = exempt
        return out
    rows = np.concatenate(at)
    pcodes, plevel = pd.factorize(pd.Index(pids))  # a promise with two measures of this kind: one promise_id
    codes = [np.asarray(wcodes)[rows], np.repeat(pcodes, [len(a) for a in at])]
    codes += [np.asarray(c)[rows] for c in kcodes]
    levels = [pd.Index(wlevel), pd.Index(plevel), *klevels]
    # one key column: its level is the frame's column itself (its codes the rows), unique as the contract's key is
    idx = pd.MultiIndex(levels=levels, codes=codes, names=names, verify_integrity=False)
    out = pd.Series(pd.arrays.BooleanArray(np.concatenate(vals), np.concatenate(nas)), index=idx, name="passed")
    # which promise (its place in ``promises``) each run of occurrences is of: pieces judged one by one are put
    # back in the whole's order by it (windoweval.engine.pieces)
    out.attrs["segments"] = [(e, len(a)) for e, a in zip(entries, at)]
    out = with_excluded(with_open(out, np.concatenate(opens)), np.concatenate(excl))
    # the records (positions in ``df``) the promises' own clauses excuse, one per excused occurrence: the engine
    # counts them as the row's ``exempt`` (fulfilment's ``excused``), so the row accounts for every occurrence
    out.attrs["exempt"] = exempt
    return out


def _textual(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s.dtype)


def _population(df: pd.DataFrame, where: dict, codes: dict) -> np.ndarray | None:
    """The rows of ``df`` in a promise's population (``where``), as :func:`windoweval.population.apply_where`
    selects them; a value or list of values on a text column is matched on the column's codes, worked out once
    per frame (``codes``); None for every row.

    Examples
    --------
    >>> df = pd.DataFrame({"t": ["a", "b", None, "a"], "q": [1, 2, 3, 4]})
    >>> _population(df, {"t": "a"}, {}).tolist(), _population(df, {"t": ["a", "b"], "q": {"gt": 1}}, {}).tolist()
    ([0, 3], [1, 3])
    >>> _population(df, {}, {}) is None
    True
    """
    from ..population import apply_where

    keep = None
    rest = {}
    for col, cond in where.items():
        s = df[col]
        text = _textual(s)
        if isinstance(cond, dict) or not text:
            rest[col] = cond
            continue
        if col not in codes:
            if isinstance(s.dtype, pd.CategoricalDtype):
                codes[col] = (np.asarray(s.array.codes), pd.Index(s.cat.categories))
            else:
                c, u = pd.factorize(s)
                codes[col] = (c, pd.Index(u))
        c, u = codes[col]
        lut = np.append(np.asarray(u.isin(cond if isinstance(cond, list) else [cond]), dtype=bool), False)
        hit = lut[c]  # a missing value (-1) takes the last entry: False
        keep = hit if keep is None else keep & hit
    if rest:
        sel = np.zeros(len(df), dtype=bool)
        sel[apply_where(df[list(rest)].reset_index(drop=True), rest).index.to_numpy()] = True
        keep = sel if keep is None else keep & sel
    return None if keep is None or keep.all() else np.flatnonzero(keep)


def _judged(judged, meas: Measure, sel: np.ndarray | None, n: int):
    """``(mask, rows)`` of the promise's measure ``meas`` on a frame of ``n`` rows, its population ``sel`` (None:
    every row), from the verdicts the engine made already (:func:`occurrences`' ``judged``); None unless that
    measure was judged with the same kernel and parameters on exactly these rows (then it is applied).

    Examples
    --------
    >>> m = Measure.of({"measure": "m", "records": "work_orders", "kernel": "flag", "params": {"column": "ok"}})
    >>> mask = pd.Series(pd.array([True, False], dtype="boolean"))
    >>> judged = (np.array([1, 3, 4]), {"m": (m.kernel, m.params, np.array([3, 4]), np.array([3, 4]), mask)})
    >>> _judged(judged, m, np.array([1, 2]), 3)[1].tolist()      # rows 1 and 2 of the frame: 3 and 4 judged
    [1, 2]
    >>> _judged(judged, m, None, 3) is None                     # every row of the frame: 1 was not judged
    True
    """
    at, by = judged[0], judged[1]
    got = by.get(meas.measure)
    if got is None:
        return None
    k, params, rows, kept, mask = got
    try:
        if k is not meas.kernel or bool(params != meas.params):
            return None
    except (TypeError, ValueError):   # parameters that do not compare as a whole: applied again
        return None
    want = np.arange(n) if sel is None else np.asarray(sel)
    if at is not None:
        want = np.asarray(at)[want]
    if len(rows) != len(want) or not np.array_equal(rows, want) or len(kept) != len(mask):
        return None
    return mask, (kept if at is None else np.searchsorted(np.asarray(at), kept))
