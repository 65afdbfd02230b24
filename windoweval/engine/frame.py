"""One frame, every measure of its kind: populations, the kernel's mask, the counts per window; and the records no measure took."""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..kernels import bound_of, excluded_of, open_of, share_of, with_bound, with_excluded, with_open, with_share
from ..kernels.base import _mask
from .plan import AGG_COLUMNS, Evaluated, Item, _Codes, _positions, kernel_positions, needed_columns, where_mask


def _counts(codes: np.ndarray, k: int, sel: np.ndarray | None = None, weights=None) -> np.ndarray:
    c = codes if sel is None else codes[sel]
    w = None if weights is None else (weights if sel is None else weights[sel])
    return np.bincount(c, weights=w, minlength=k)


def _agg_frame(wcodes, uniq: pd.Index, mask: pd.Series, weights: np.ndarray | None,
               exempt_codes: np.ndarray | None = None, units: np.ndarray | None = None) -> pd.DataFrame:
    """Counts per window; ``units`` (codes, e.g. a checklist's visits) adds how many distinct units each window has."""
    # the mask's three flags: assessed, met, open (no completion yet, deadline not passed by the cut-off: apart)
    arr = mask.array
    if isinstance(arr, pd.arrays.BooleanArray):     # a kernel's mask: its values and gaps read once, no Series made
        na = np.asarray(arr.isna(), dtype=bool)
        met = arr.to_numpy(dtype=bool, na_value=False)
        ex = mask.attrs.get("excluded")             # excluded_of(mask), from the gaps read here
        excluded = np.zeros(len(mask), dtype=bool) if ex is None or len(ex) != len(mask) \
            else np.asarray(ex, dtype=bool) & na
    else:
        na, met, excluded = np.asarray(mask.isna()), mask.to_numpy(dtype=bool, na_value=False), excluded_of(mask)
    share = share_of(mask) if weights is not None else None   # partial credit (a monitor's minutes within)
    return _agg_flags(wcodes, uniq, ~na, met, open_of(mask), weights, exempt_codes, units, excluded=excluded,
                      share=share, bound=bound_of(mask))


def _packed_key(wcodes: np.ndarray, assessed: np.ndarray, met: np.ndarray, opened: np.ndarray) -> np.ndarray:
    """Each row's window code and its three flags as one integer (``code * 8 + opened * 4 + met * 2 + assessed``):
    counted by ``np.bincount(..., minlength=8 * windows)``, what :func:`_agg_flags` counts (``packed``).

    Examples
    --------
    >>> _packed_key(np.array([0, 2]), np.array([True, False]), np.array([True, False]), np.array([False, True])).tolist()
    [3, 20]
    """
    flags = np.asarray(met, dtype=np.uint8) << 1           # the three flags in one byte a row
    flags |= np.asarray(assessed, dtype=np.uint8)
    flags |= np.asarray(opened, dtype=np.uint8) << 2
    key = np.asarray(wcodes).astype(np.int64)
    key <<= 3
    key |= flags
    return key


def _agg_flags(wcodes, uniq: pd.Index, assessed: np.ndarray, met: np.ndarray, opened: np.ndarray,
               weights: np.ndarray | None = None, exempt_codes: np.ndarray | None = None,
               units: np.ndarray | None = None, packed: np.ndarray | None = None,
               excluded: np.ndarray | None = None, share: np.ndarray | None = None,
               bound: np.ndarray | None = None) -> pd.DataFrame:
    """:func:`_agg_frame` from a mask's flags as bool arrays (``assessed``: not missing; ``met``: True; ``opened``:
    :func:`~windoweval.kernels.open_of`), for a reader that judged the records on arrays without a mask.
    ``packed``: the caller counted the rows already (the ``bincount`` of :func:`_packed_key`, every row with a
    window, no weights): ``wcodes`` and the flags are not read.  ``excluded``: the rows <NA> by the clause's
    rule (:func:`~windoweval.kernels.excluded_of`; None: none); every other row <NA> and not open is missing
    evidence, its weight counted in ``w_miss`` (a weight that is NaN, unknown, counts as infinite).  ``share``
    (with ``weights``; :func:`~windoweval.kernels.share_of`): the share of each assessed row's weight that is met,
    counted in ``w_met`` instead of the weight of the rows met (a monitor's day: its minutes within the band).
    ``bound`` (:func:`~windoweval.kernels.bound_of`): the most of each missing row's weight that could be met; what
    it certainly loses is counted in ``w_lost`` (× (1 - bound) with ``share``, else the whole weight of a row whose
    bound is below 1; an unknown weight loses nothing known)."""
    k = len(uniq)
    if packed is not None:
        wcodes = assessed = met = opened = np.zeros(0, dtype=np.int64)
    if units is not None and len(units):
        w, u = np.asarray(wcodes, dtype=np.int64), np.asarray(units, dtype=np.int64)
        ok = (w >= 0) & (u >= 0)
        span = int(u[ok].max()) + 1 if ok.any() else 1
        pairs = np.unique(w[ok] * span + u[ok])     # each (window, unit) pair once, as one number
        nunits = np.bincount(pairs // span, minlength=k)
    else:
        nunits = np.zeros(k, dtype=np.int64)
    wcodes = np.asarray(wcodes)
    if len(wcodes) and wcodes.min() < 0:  # rows without a window (a unit kernel's NaN key): not counted
        ok = wcodes >= 0
        wcodes, assessed, met, opened = wcodes[ok], assessed[ok], met[ok], opened[ok]
        weights = None if weights is None else weights[ok]
        excluded = None if excluded is None else excluded[ok]
        share = None if share is None else share[ok]
        bound = None if bound is None else bound[ok]
    nexcl = (np.zeros(k, dtype=np.int64) if excluded is None or not np.any(excluded)
             else np.bincount(np.asarray(wcodes, dtype=np.int64)[excluded], minlength=k))
    if (weights is None and len(wcodes)) or packed is not None:
        # one pass: each row's window and its three flags as one number, counted once (the same integers as
        # a count per flag: records, assessed, met, open)
        c = (np.bincount(_packed_key(wcodes, assessed, met, opened), minlength=8 * k) if packed is None
             else np.asarray(packed, dtype=np.int64)).reshape(-1, 8)
        records = c.sum(axis=1)
        n, nmet, nopen = c[:, 1::2].sum(axis=1), c[:, 2::4].sum(axis=1) + c[:, 3::4].sum(axis=1), c[:, 4:].sum(axis=1)
    else:
        records = np.bincount(wcodes, minlength=k)
        n = _counts(wcodes, k, assessed)
        nmet = _counts(wcodes, k, met)
        nopen = _counts(wcodes, k, opened)
    lost = None   # each missing row's share certainly not met (None: nothing known of any)
    if bound is not None and packed is None and len(wcodes):
        b = np.clip(np.nan_to_num(np.asarray(bound, dtype=float), nan=1.0), 0.0, 1.0)
        gone = ~np.asarray(assessed, dtype=bool) & ~np.asarray(opened, dtype=bool)
        if excluded is not None:
            gone &= ~np.asarray(excluded, dtype=bool)
        lost = np.where(gone, (1.0 - b) if (weights is not None and share is not None) else (b < 1.0), 0.0)
    if weights is None:
        w_n, w_met = n.astype(float), nmet.astype(float)
        w_miss = (records - n - nopen - nexcl).astype(float)
        w_lost = np.zeros(k) if lost is None else _counts(wcodes, k, None, lost)
    else:
        unknown = np.isnan(weights)
        known = np.where(unknown, 0.0, weights)
        w_n = _counts(wcodes, k, None, known * assessed)
        w_met = _counts(wcodes, k, None, known * (met if share is None
                                                  else np.where(np.asarray(assessed, dtype=bool), share, 0.0)))
        missing = ~np.asarray(assessed, dtype=bool) & ~np.asarray(opened, dtype=bool)
        if excluded is not None:
            missing &= ~np.asarray(excluded, dtype=bool)
        w_miss = _counts(wcodes, k, None, np.where(missing, np.where(unknown, np.inf, known), 0.0))
        # a weight not known but surely lost in part (its row surely misses): infinite, as its w_miss is; a target of
        # 100 % cannot be reached (scoring reads it)
        w_lost = np.zeros(k) if lost is None else _counts(wcodes, k, None, np.where(
            unknown & (lost > 0), np.inf, known * lost))
    if exempt_codes is not None and len(exempt_codes):
        ex = np.bincount(exempt_codes[exempt_codes >= 0], minlength=k)
    else:
        ex = np.zeros(k, dtype=np.int64)
    keep = (records > 0) | (ex > 0)  # the windows with records, as a groupby would give them
    return pd.DataFrame({"records": records[keep].astype(np.int64), "n": n[keep].astype(np.int64),
                         "met": nmet[keep].astype(np.int64), "w_n": w_n[keep].astype(float),
                         "w_met": w_met[keep].astype(float), "exempt": ex[keep].astype(np.int64),
                         "open": nopen[keep].astype(np.int64), "visits": nunits[keep].astype(np.int64),
                         "excluded": nexcl[keep].astype(np.int64), "w_miss": w_miss[keep].astype(float),
                         "w_lost": w_lost[keep].astype(float)},
                        index=pd.Index(uniq[keep], name="window_id"))


def _empty_agg() -> pd.DataFrame:
    """The counts of a measure with no records (a frame of its own each call: a copy of one made once).

    Examples
    --------
    >>> a, b = _empty_agg(), _empty_agg()
    >>> a is b, a.equals(b), len(a), a.index.name, str(a["n"].dtype), str(a["w_n"].dtype)
    (False, True, 0, 'window_id', 'int64', 'float64')
    """
    # copied (~20 us), not built (~0.9 ms of pandas calls): the score command makes one for every measure of a kind
    # the data holds no file of (55 of power_window's on a work-order store), on one core before its pass (score49)
    return _empty_agg_made().copy(deep=True)


@functools.lru_cache(maxsize=1)
def _empty_agg_made() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c.startswith("w_") else np.int64) for c in AGG_COLUMNS},
                        index=pd.Index([], name="window_id", dtype=object))


class _FramePopulation:
    """A measure's population kept by reference (the kind's frame and a row selection), taken on demand.

    ``full`` (when the frame holds only the columns the measures read) gives
    the kind's records with all their columns, row for row.
    """

    def __init__(self, df: pd.DataFrame, pos: np.ndarray | None, full=None):
        self.df, self.pos, self.full = df, pos, full

    def materialise(self, mask: pd.Series, include_passed: bool = True, columns: list | None = None):
        """The population's rows (with every column, or those of ``columns`` the records have, in the records'
        order) and their verdicts."""
        src, pos = self.df, self.pos
        if self.full is not None:
            src = self.full()
            if len(src) != len(self.df) or not src.index.equals(self.df.index):
                raise RuntimeError("the records changed since they were scored / 评分后记录已改变: score again")
        if columns is not None:
            src = src[[c for c in src.columns if c in set(columns)]]
        if not include_passed and mask is not None:  # only the missed rows are taken (rows in proportion)
            keep = mask.eq(False).to_numpy(dtype=bool, na_value=False)
            pos, mask = (np.flatnonzero(keep) if pos is None else pos[keep]), mask[keep]
        return (src if pos is None else src.take(pos)), mask


def _on_codes(it: Item, codes: _Codes, rows: np.ndarray | None, by_reference: bool):
    """``(mask, None, rows, None)`` for a record-level measure whose kernel gives its verdicts from the frame's
    codes (:func:`~windoweval.kernels.base.kernel`'s ``codes``): the mask :meth:`Item.apply` would give, the same
    values, index and rule flags, without taking the population's rows into a frame; None otherwise (no such
    kernel, the clause's own exceptions, weights, a population kept as rows, or no rows: the kernel as usual)."""
    k = it.kernel
    if k.codes is None or k.level != "record" or k.applies is not None or it.m.get("weight_column") \
            or not by_reference or (rows is not None and not len(rows)) or (k.units and k.units in codes.df
                                                                             and not codes.factorizable(k.units)):
        return None
    got = k.codes(codes, rows, **it.params)
    if got is None:
        return None
    met, missing, excluded = got
    index = codes.df.index if rows is None else codes.df.index.take(rows)
    return with_excluded(_mask(np.asarray(met, dtype=bool), index, np.asarray(missing, dtype=bool)), excluded), \
        None, rows, None


def evaluate_frame(df: pd.DataFrame, items: list[Item], detail: bool = True, full=None,
                   unit_rows: bool = True) -> dict[str, Evaluated]:
    """Evaluate measures of one kind of record on one frame (all the records, or one partition).

    For each measure: the rows of its windows and population, less the
    clause's own exceptions (counted as ``exempt``), go to its kernel with
    the columns it reads; the verdicts are counted per window.

    Parameters
    ----------
    df : DataFrame
        Records of one kind.
    items : list of Item
        Measures reading that kind.
    detail : bool
        Keep each measure's population and mask (for the drill-down).
    full : callable, optional
        The kind's records with all their columns, row for row with ``df``,
        when ``df`` holds only some (for the drill-down).
    unit_rows : bool
        With ``detail``: also keep a unit-level measure's population (a copy of its rows); False keeps
        only its mask (a drill-down of units reads the mask alone).

    Returns
    -------
    dict
        measure -> :class:`Evaluated`.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"window_id": ["A", "B"], "ok": pd.array([True, None], dtype="boolean")})
    >>> ev = evaluate_frame(df, [Item({"measure": "m", "records": "x"}, ["A", "B"], KERNELS["flag"], {"column": "ok"})])
    >>> ev["m"].agg[["records", "n", "met"]].values.tolist()
    [[1, 1, 1], [1, 0, 0]]
    """
    codes = _Codes(df)
    has_w = "window_id" in df
    columns = list(df.columns)
    out = {}
    # a promise measure after the others: the verdicts they were given here are its promises' (``judged``)
    judged: dict = {}
    for it in sorted(items, key=lambda it: it.kernel.name == "promises_kept"):
        cols = needed_columns(it, columns)
        # the population found on integer codes (None: every row), then the measure's one way to meet records
        rows = kernel_positions(df, it, codes)
        got = _on_codes(it, codes, rows, cols is not None or full is not None)
        if got is not None:     # the kernel's verdicts from the frame's codes: the same mask, no frame of its own
            mask, pop, pos, exempt = got
        elif judged and it.kernel.name == "promises_kept" and it.kernel.applies is None and it.edge is None:
            mask, pop, pos, exempt = _promises_judged(it, codes.columns(cols), rows, judged, codes.get)
        else:
            mask, pop, pos, exempt = it.apply(codes.columns(cols), rows, selected=True)
        k = it.kernel
        if k.level == "record" and k.row_local and (it.edge is None or k.reach is None):
            every = np.arange(len(df))
            judged[it.measure] = (k, it.params, every if rows is None else np.asarray(rows),
                                  (every if rows is None else np.asarray(rows)) if pos is None else np.asarray(pos),
                                  mask)
        if exempt is None and k.name == "promises_kept" and len(mask.attrs.get("exempt", ())):
            # the occurrences its promises' own clauses excuse (positions in the population it was given)
            ex = np.asarray(mask.attrs["exempt"], dtype=np.int64)
            exempt = ex if rows is None else np.asarray(rows)[ex]
        exempt_codes = codes.get("window_id")[0][exempt] if (exempt is not None and has_w) else None
        if k.level == "record":
            wcodes, uniq = codes.get("window_id")
            wc = it.m.get("weight_column")
            weights = None
            if wc:
                weights = pop[wc].to_numpy(dtype=float, na_value=np.nan)
                # a reading whose duration is not recorded, or is none (zero or less): it gives no share of the
                # time, so it is not assessed (never met, never missed) and its evidence is missing
                unweighed = ~(weights > 0)
                if unweighed.any():
                    # one whose duration is not recorded (some time, how much unknown) and that surely misses (a 35 kV
                    # day's span over 10 %, minutes outside the band): a weight surely lost, its size unknown (diff40)
                    bound = bound_of(mask)
                    na = np.asarray(mask.isna(), dtype=bool)
                    missed = ~na & ~mask.to_numpy(dtype=bool, na_value=True)
                    if bound is not None:
                        missed |= na & (np.nan_to_num(bound, nan=1.0) < 1.0)
                    lost_unknown = unweighed & np.isnan(weights) & missed & ~open_of(mask) & ~excluded_of(mask)
                    weights = np.where(unweighed, np.nan, weights)
                    opened, excl, share = open_of(mask) & ~unweighed, excluded_of(mask) & ~unweighed, share_of(mask)
                    mask = with_excluded(with_open(mask.mask(pd.Series(unweighed, index=mask.index)), opened), excl)
                    if share is not None:
                        mask = with_share(mask, np.where(unweighed, 0.0, share))
                    if bound is not None or lost_unknown.any():   # an unknown weight: nothing known lost but those
                        b = np.ones(len(mask)) if bound is None else np.where(unweighed, 1.0, bound)
                        mask = with_bound(mask, np.where(lost_unknown, 0.0, b))
            if got is not None:     # the units' codes of the frame, at the population's rows (the same pairs)
                units = None if not (k.units and k.units in df) else \
                    (codes.get(k.units)[0] if pos is None else codes.get(k.units)[0][pos])
            else:
                units = pd.factorize(pop[k.units])[0] if (k.units and k.units in pop) else None
            agg = _agg_frame(wcodes if pos is None else wcodes[pos], uniq, mask, weights, exempt_codes, units)
        else:
            wcodes, uniq = pd.factorize(pd.Series(mask.index.get_level_values("window_id")))
            ex_codes = None
            if exempt_codes is not None:  # re-code the exempt rows' windows onto the mask's windows
                _, wu = codes.get("window_id")
                ex_ids = pd.Index(wu[exempt_codes])
                uniq = pd.Index(uniq).append(ex_ids.difference(pd.Index(uniq))).unique()
                wcodes = uniq.get_indexer(mask.index.get_level_values("window_id"))
                ex_codes = uniq.get_indexer(ex_ids)
            agg = _agg_frame(wcodes, pd.Index(uniq), mask, None, ex_codes)
        if detail:
            if k.level == "record":
                kept = _FramePopulation(df, pos, full) if (cols is not None or full is not None) else pop
            else:
                kept = (df if pos is None else df.take(pos)) if unit_rows else None
            out[it.measure] = Evaluated(agg, kept, mask)
        else:
            out[it.measure] = Evaluated(agg, None, None)
    return {it.measure: out[it.measure] for it in items}


def _promises_judged(it: Item, df: pd.DataFrame, rows: np.ndarray | None, judged: dict, coded):
    """:meth:`Item.apply` of a promise measure (``promises_kept``) on ``df`` at ``rows``, its promises' measures
    judged on this frame already taking those verdicts (``judged``: measure -> (kernel, parameters, population,
    rows after the exceptions, mask); :func:`windoweval.kernels.promises.occurrences`); ``coded(column)``: the
    frame's codes of a column (:meth:`_Codes.get`), read there when the population is every row."""
    from ..kernels.base import Applied
    from ..kernels.promises import occurrences

    pop = df if rows is None else df.take(rows)
    mask = occurrences(pop, **it.params, judged=(rows, judged, coded))
    return Applied(mask, pop, rows, None)


# -- engines -----------------------------------------------------------------


def _prepare(kind: str, df: pd.DataFrame) -> pd.DataFrame:
    """A kind's records as the measures read them: transcripts exported one turn per row become one
    dialogue per transcript (:func:`windoweval.dialogue.join_turns`)."""
    if kind == "transcripts" and "speaker" in df and df["speaker"].notna().any():
        from ..dialogue import join_turns
        return join_turns(df)
    return df


class Results(dict):
    """measure -> :class:`Evaluated`, with ``unscored``: per kind, the records no measure's population took
    (frames of :func:`unscored`; a kind read piece by piece or on Dask is not listed).

    Examples
    --------
    >>> from windoweval.engine import evaluate
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"window_id": ["A", "B", "Z"], "ok": pd.array([True, False, True], dtype="boolean")})
    >>> res = evaluate([Item({"measure": "m", "records": "work_orders"}, ["A", "B"], KERNELS["flag"], {"column": "ok"})],
    ...                records={"work_orders": df})
    >>> list(res), res["m"].agg[["n", "met"]].to_dict("index")
    (['m'], {'A': {'n': 1, 'met': 1}, 'B': {'n': 1, 'met': 0}})
    >>> [u[["reason", "records"]].values.tolist() for u in res.unscored]   # Z: a window no measure covers
    [[['window', 1]]]
    """

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.unscored: list = []


def _population(part: pd.DataFrame, item: Item) -> pd.DataFrame:
    pos = kernel_positions(part, item, _Codes(part))
    return part if pos is None else part.take(pos)


def _failing(part: pd.DataFrame, item: Item, include_passed: bool) -> pd.DataFrame:
    ev = evaluate_frame(part, [item])[item.measure]
    pop = ev.pop.materialise(ev.mask)[0] if hasattr(ev.pop, "materialise") else ev.pop
    out = pop.assign(passed=ev.mask, open=open_of(ev.mask))
    if not include_passed:
        out = out[out["passed"].eq(False).to_numpy(dtype=bool, na_value=False)]
    return out


# -- every record accounted for -------------------------------------------------

#: The columns of :func:`unscored`.
UNSCORED_COLUMNS = ["record_kind", "reason", "column", "value", "records"]


#: How the accounting writes a missing value (a blank window id of records handed in as frames): a word a reader
#: understands, never ``nan``, ``None`` or ``<NA>`` (leftovers48).
BLANK_VALUE = "(空) / (blank)"


def _as_text(miss: np.ndarray) -> pd.Series:
    """Missing values as :data:`BLANK_VALUE` (they were written as ``str()`` writes them, ``nan``, ``None``, in the
    ``unscored`` table, its CSV and the messages built on it): counted under it, never dropped (pandas 3's
    ``astype(str)`` keeps them missing, and a count by value would then drop those records in silence).  Only the
    few rows without a value pass here.

    Examples
    --------
    >>> _as_text(np.array([None, float("nan"), pd.NA], dtype=object)).tolist()
    ['(空) / (blank)', '(空) / (blank)', '(空) / (blank)']
    """
    return pd.Series([BLANK_VALUE] * len(miss), dtype=object)


def unscored(df: pd.DataFrame, items: list[Item], kind: str, weights: np.ndarray | None = None) -> pd.DataFrame:
    """The records of one kind that fell in no measure's population, counted by why.

    Reasons: ``window`` (the record's window is none that a measure of this
    kind applies to: a window of a kind no clause covers, or not in the
    workspace), ``blank`` (a column a population selects on is empty), and
    ``value`` (the column holds a value no measure selects, e.g. an order
    type no clause speaks of).  A record set aside as a clause's own
    exception is in that measure's population (counted as ``exempt``).
    ``blank_elsewhere`` counts records some measure took that a measure
    selecting on a column left out only because the column is blank there
    (a Chinese prescription with no 付数: in the 24-hour measure, in
    neither dispensing band); the other reasons count records no measure took.
    ``weights`` (integers, one per row) counts a row as that many records:
    the distinct rows of a store's selecting columns, with how often each
    occurs, give the same table as the rows themselves.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"window_id": ["A", "A", "A", "Z"], "t": ["x", "y", None, "x"],
    ...                    "ok": pd.array([True] * 4, dtype="boolean")})
    >>> it = Item({"measure": "m", "records": "k", "where": {"t": "x"}}, ["A"], KERNELS["flag"], {"column": "ok"})
    >>> unscored(df, [it], "k")[["reason", "column", "value", "records"]].values.tolist()
    [['blank', 't', '', 1], ['value', 't', 'y', 1], ['window', 'window_id', 'Z', 1]]

    With a second measure that takes every record of window A, the blank one is in a population, but not in
    the first measure's:

    >>> every = Item({"measure": "e", "records": "k", "where": {}}, ["A"], KERNELS["flag"], {"column": "ok"})
    >>> unscored(df, [it, every], "k")[["reason", "column", "value", "records"]].values.tolist()
    [['blank_elsewhere', 't', '', 1], ['window', 'window_id', 'Z', 1]]
    """
    if not len(df) or not items:
        return pd.DataFrame(columns=UNSCORED_COLUMNS)
    codes = _Codes(df)
    inside = np.zeros(len(df), dtype=bool)
    taken = []
    for it in items:
        pos = _positions(df, it, codes)
        if pos is None:      # every row
            pos = np.arange(len(df))
        inside[pos] = True
        taken.append((it, pos))
    groups: list[tuple[str, str, str, int]] = _blank_elsewhere(df, taken, inside, codes, weights)
    rest = np.flatnonzero(~inside)
    if not len(rest):
        return _unscored_table(groups, kind)
    wr = None if weights is None else np.asarray(weights, dtype=np.int64)[rest]

    def total(mask: np.ndarray) -> int:
        return int(mask.sum()) if wr is None else int(wr[mask].sum())
    wins = sorted({w for it in items for w in it.wins})
    # (reason, column, value, records), counted on codes
    todo = np.ones(len(rest), dtype=bool)

    def by_value(col: str, mask: np.ndarray):
        """Counts of the values of ``col`` at ``rest[mask]``, by the column's codes; NaN counted as text."""
        cat = df[col].iloc[rest].astype("category")
        codes = cat.cat.codes.to_numpy()
        labels = [str(v) for v in cat.cat.categories]
        hit = mask & (codes >= 0)
        n = np.bincount(codes[hit], weights=None if wr is None else wr[hit], minlength=len(labels))
        out = [(labels[i], int(k)) for i, k in enumerate(n) if k]
        if (mask & (codes < 0)).any():  # a missing value, as str() writes it
            miss = df[col].iloc[rest].to_numpy(dtype=object)[mask & (codes < 0)]
            if wr is None:
                out += [(v, int(k)) for v, k in _as_text(miss).value_counts(sort=False).items()]
            else:
                out += [(v, int(k)) for v, k in pd.Series(wr[mask & (codes < 0)]).groupby(
                    _as_text(miss).to_numpy(), sort=False).sum().items() if k]
        return out, codes, cat

    if "window_id" in df:
        cat = df["window_id"].iloc[rest].astype("category")
        codes = cat.cat.codes.to_numpy()
        known = np.asarray(pd.Index(cat.cat.categories).isin(wins), dtype=bool)
        off = np.where(codes >= 0, ~known[np.maximum(codes, 0)] if len(known) else True, True)
        counts, _, _ = by_value("window_id", off)
        groups += [("window", "window_id", v, k) for v, k in counts]
        todo &= ~off
    sel_cols = list(dict.fromkeys(c for it in items for c in (it.m.get("where") or {}) if c in df))
    for col in sel_cols:
        blank = df[col].iloc[rest].isna().to_numpy() & todo
        if blank.any():
            groups.append(("blank", col, "", total(blank)))
        todo &= ~blank
    if todo.any():  # the value no measure chose, in the column that left the record out
        if sel_cols:
            for col, m in _leaving_column(df.iloc[rest], items, sel_cols, todo):
                counts, _, _ = by_value(col, m)
                groups += [("value", col, v, k) for v, k in counts]
        else:
            groups.append(("value", "", "", total(todo)))
    return _unscored_table(groups, kind)


def _leaving_column(rows: pd.DataFrame, items: list[Item], cols: list[str], todo: np.ndarray) -> list[tuple]:
    """``(column, mask)`` for the records of ``rows`` at ``todo`` (in no measure's population, their windows and
    selecting columns written): each named by the first of ``cols`` whose value no measure of its window takes, the
    column that left it out (a 220 V monitor's day with power_factor_ok false, 第六条(一)3: power_factor_ok, never
    its supply type, which the 220 V measures take); a record every column of which some measure takes, yet no
    measure all of them, by the first column.  One mask per column and measure, never a loop over the rows.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> it = Item({"measure": "m", "records": "k", "where": {"t": "x", "ok": {"ne": False}}}, ["A"], KERNELS["flag"],
    ...           {"column": "ok"})
    >>> rows = pd.DataFrame({"window_id": ["A", "A"], "t": ["x", "y"], "ok": [False, True]})
    >>> [(c, m.tolist()) for c, m in _leaving_column(rows, [it], ["t", "ok"], np.array([True, True]))]
    [('t', [False, True]), ('ok', [True, False])]
    """
    at = np.flatnonzero(todo)
    sub = rows.iloc[at]
    codes = _Codes(sub)
    if "window_id" in sub:   # each measure's windows on the window column's codes, once a measure
        cat = sub["window_id"].astype("category")
        wcodes, wcats = cat.cat.codes.to_numpy(), pd.Index(cat.cat.categories)
    heres = []
    for it in items:
        if "window_id" not in sub:
            heres.append(np.ones(len(sub), dtype=bool))
            continue
        known = np.append(np.asarray(wcats.isin(list(it.wins)), dtype=bool), False)   # code -1 (blank): no window
        heres.append(known[wcodes])
    named = np.full(len(sub), -1)
    for j, col in enumerate(cols):
        taken = np.zeros(len(sub), dtype=bool)
        for it, here in zip(items, heres):
            where = it.m.get("where") or {}
            taken |= here & (where_mask(sub, {col: where[col]}, codes) if col in where else True)
        named = np.where((named < 0) & ~taken, j, named)
    named = np.where(named < 0, 0, named)
    full = np.full(len(rows), -1)
    full[at] = named
    named = full
    return [(col, todo & (named == j)) for j, col in enumerate(cols) if (todo & (named == j)).any()]


def _blank_elsewhere(df: pd.DataFrame, taken: list, inside: np.ndarray, codes, weights) -> list[tuple]:
    """``("blank_elsewhere", column, "", records)``: records some measure took (``inside``) that a measure selecting
    on ``column`` left out only because it is blank there (a Chinese prescription with no 付数 is in the 24-hour
    measure, but in neither dispensing band): counted, never dropped in silence.  ``taken``: (item, its rows)."""
    blanks: dict = {}
    hit: dict = {}
    for it, pos in taken:
        where = dict(it.m.get("where") or {})
        for col, cond in where.items():
            if col not in df or (isinstance(cond, dict) and ("notna" in cond or "isna" in cond or cond.get("blank"))):
                continue   # a population of the records where it is (not) written: a blank is chosen, not missing
            if col not in blanks:
                blanks[col] = df[col].isna().to_numpy(dtype=bool) & inside
            cand = blanks[col]
            if not cand.any():
                continue
            others = {c: v for c, v in where.items() if c != col}
            if "window_id" in df:
                others["window_id"] = list(it.wins)
            sel = cand & where_mask(df, others, codes)
            sel[pos] = False      # a blank the measure itself takes (isna, ne): in its population
            if sel.any():
                hit[col] = hit[col] | sel if col in hit else sel
    w = None if weights is None else np.asarray(weights, dtype=np.int64)
    return [("blank_elsewhere", col, "", int(m.sum()) if w is None else int(w[m].sum())) for col, m in hit.items()]


def _unscored_table(groups: list, kind: str) -> pd.DataFrame:
    """The :func:`unscored` table of ``groups`` ((reason, column, value, records)), summed per key and sorted."""
    groups = [g for g in groups if g[3]]  # weights of 0: no records
    if not groups:
        return pd.DataFrame(columns=UNSCORED_COLUMNS)
    out = pd.DataFrame(groups, columns=["reason", "column", "value", "records"]).astype({"records": np.int64})
    out.insert(0, "record_kind", kind)
    # as a groupby of the four texts gives it: summed per key, sorted
    return (out.groupby(["record_kind", "reason", "column", "value"], sort=True)["records"].sum().astype(np.int64)
            .reset_index()[UNSCORED_COLUMNS])
