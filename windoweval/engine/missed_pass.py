"""The missed records of the measures a store dataset was judged for piece by piece, in one read.

A measure judged piece by piece (:class:`~windoweval.engine.local._PiecePopulation`) keeps no mask: its
drill-down reads the records again and judges them again.  When several such measures failed, reading the
dataset once per measure would read it many times; here the dataset is read once (every column), each piece
is judged for every failed measure of it, and each measure's drill-down rows (``Scorecard._finish``, row by
row) are put aside in a temporary folder (``prepare``, e.g. the export's masking, applied first; a prepared
piece as Arrow IPC, written to Parquet from there without pandas, else a pickled frame), measure by measure
and, for the promise measure, promise by promise, so that each measure's pieces are then given in the
drill-down's own order: the records' order, and the promises' order for the promise measure.  The memory is
that of a few pieces; the folder is removed once every measure's pieces were given (or when the pass is let
go).

Examples
--------
>>> import tempfile
>>> from windoweval.scoring import score, plan_measures
>>> from windoweval.demo import tiny_records
>>> ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
>>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
>>> it = next(i for i in plan_measures("power_window", ws, card.catalog, 2025) if i.measure == "power_window.10.2.5")
>>> one = SharedPass(card, [(it.measure, it)], lambda batch_rows: iter([orders]))   # the records as one piece
>>> [f["order_id"].tolist() for f in one.frames(it.measure)]
[['2']]
"""
from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import weakref

import numpy as np
import pandas as pd

from .frame import evaluate_frame
from .local import _each_piece, _first_frames, _typed
from .pieces import promise_entries

__all__ = ["SharedPass", "Keep", "KeptPass", "HEAD_ROWS"]

#: Rows of a piece read for the missed records.
PASS_ROWS = 200_000

#: Threads judging the pieces (one: the main thread reads the next piece and puts the last aside meanwhile).
PASS_THREADS = 1


def _judge(card, piece: pd.DataFrame, items: list, prepare, head_rows: int) -> list:
    """Every failed measure of ``items`` on one piece: ``[(key, drill-down rows (prepared), first rows as they
    were)]``, key ``(measure, promise entry)`` (entry 0 for a record-level measure)."""
    evs = evaluate_frame(piece, items)
    out = []
    for it in items:
        ev = evs[it.measure]
        # what this piece adds to the scorecard's counts: checked against it once every piece is read
        out.append(((it.measure, -1), int(ev.agg["records"].sum()),
                    int(ev.mask.eq(False).to_numpy(dtype=bool, na_value=False).sum())))
    return out + _drill(piece, items, evs, lambda measure, m, pop, mk: card._finish(measure, pop, mk), prepare,
                        head_rows)


def _drill(piece: pd.DataFrame, items: list, evs: dict, finish, prepare, head_rows: int, texts: bool = False,
           full=frozenset(), plain=frozenset()) -> list:
    """The drill-down rows of each of ``items`` on one piece judged (``evs``: :func:`evaluate_frame` with its
    masks): ``[(key, rows (prepared), first rows as they were)]`` (see :func:`_judge`); ``finish(measure, m, pop,
    mask)`` makes drill-down rows.  ``texts``: the piece holds categoricals (the scoring read), made the
    contract's text again in the rows taken, as a read of every column gives them.  ``prepare`` is given each
    frame, or the list of them when it says ``batch``.  ``full``: the keys whose first rows were all kept already
    (by earlier pieces): no first rows are copied for them.  ``plain``: the piece's text columns no masking rule
    could change a value of (their stored values found so: :func:`windoweval.records.store.plain_text_columns`)."""
    if prepare is not None and getattr(prepare, "arrow", None) is not None:
        got = _drill_arrow(piece, items, evs, finish, prepare.arrow, head_rows, texts, full, plain)
        if got is not None:
            return got
    out = []
    for it in items:
        ev = evs[it.measure]
        mask = ev.mask
        if it.kernel.level == "record":
            if hasattr(ev.pop, "materialise"):
                rows, mk = ev.pop.materialise(mask, include_passed=False)
            else:
                keep = mask.eq(False).to_numpy(dtype=bool, na_value=False)
                rows, mk = ev.pop[keep], mask[keep]
            if not len(mk):
                continue
            parts = [((it.measure, 0), finish(it.measure, it.m, _texts(rows, it.kind) if texts else rows, mk))]
        else:
            entries = promise_entries(mask)
            keep = mask.eq(False).to_numpy(dtype=bool, na_value=False)
            mk = mask[keep]
            if not len(mk):
                continue
            if entries is None:
                entries = np.zeros(len(mask), dtype=np.int64)
            e = entries[keep]
            mk.attrs = {}
            # the piece's drill-down rows made once (row for row with the missed occurrences), then split into
            # the runs of one promise each, in the promises' order
            f = finish(it.measure, it.m, None, mk)
            f = _texts(f, it.kind) if texts else f
            which = pd.unique(e)
            if len(which) == 1:
                parts = [((it.measure, int(which[0])), f)]
            else:   # one take in the promises' order (stable: each run in the records' order), then its runs
                order = np.argsort(e, kind="stable")
                f = f.take(order).reset_index(drop=True)
                ends = np.cumsum(np.bincount(e[order] - int(e.min()))) if len(e) else np.array([], dtype=np.int64)
                lo = 0
                parts = []
                for entry in np.unique(e):
                    hi = int(ends[int(entry) - int(e.min())])
                    parts.append(((it.measure, int(entry)), f.iloc[lo:hi].reset_index(drop=True)))
                    lo = hi
        out += parts
    if prepare is None:
        return [(key, f, None) for key, f in out]
    frames = [f for _, f in out]
    # a ``prepare`` that says ``batch`` takes the piece's frames at once (the export's masking: one scan)
    done = prepare(frames) if getattr(prepare, "batch", False) else [prepare(f) for f in frames]
    # prepared pieces as Arrow tables, made here on the judging thread: put aside as Arrow IPC, written to Parquet
    # from there without pandas (a frame Arrow cannot hold stays a frame, pickled)
    done = [_as_table(d) for d in done]
    return [(key, d, None if key in full else f.head(head_rows).copy()) for (key, f), d in zip(out, done)]


class _Part:
    """Rows ``lo:hi`` of the Arrow table of a piece's missed rows (every measure's, :func:`_drill_arrow`): one key's
    drill-down rows, its columns ``schema`` (names, types and the pandas metadata its frame would have)."""

    __slots__ = ("table", "lo", "hi", "schema")

    def __init__(self, table, lo: int, hi: int, schema):
        self.table, self.lo, self.hi, self.schema = table, lo, hi, schema

    def __len__(self) -> int:
        return self.hi - self.lo


def _text_kind(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.CategoricalDtype) or s.dtype == object or pd.api.types.is_string_dtype(s.dtype)


def _drill_arrow(piece: pd.DataFrame, items: list, evs: dict, finish, mask_arrow, head_rows: int, texts: bool,
                 full, plain=frozenset()) -> list | None:
    """:func:`_drill` with the export's ``prepare`` (``prepare.arrow`` masks one Arrow text column), made as one
    Arrow table for every measure of the piece: each key's rows (a measure's missed records; for the promise
    measure, one promise's missed occurrences) one after another, each text column taken from the piece at the
    missed rows' positions (a categorical, an index level or a column of few values by its codes, its distinct
    values masked), put end to end across the keys and masked once (a column of few values in every key's rows kept
    as codes into its masked values, an Arrow dictionary, made text as the rows are given back: :func:`_coded`,
    :func:`_plain`); the other columns are the scorecard's own
    drill-down rows (``finish``) of the piece's other columns.  Every step is value by value or row by row, so
    each key's rows are those :func:`_drill` makes, masks and converts.  Gives ``[(key, _Part, first rows as they
    were or None)]``; None when some measure's rows cannot be made so (a kernel whose drill-down reads text, a
    population that is not the piece): then :func:`_drill` makes them frame by frame.  ``plain``: the piece's
    text columns no masking rule could change a value of: their values (a piece's column, not a categorical) are
    kept as they are, not scanned (:func:`_masked_but`).  When every text column of the piece is so (or a
    categorical), the record-level measures' rows are a table of their own (:func:`_records_arrow`, score47), made
    straight from the piece's columns, and the table here holds the promise measure's rows alone.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..privacy import free_text_column, id_column, personal_column
    from ..records.contract import not_personal_columns

    from ..kernels import KERNELS
    from ..kernels.time import _elapsed

    cols = [c for c in piece.columns if c != "text"]
    if not texts and any(isinstance(piece[c].dtype, pd.CategoricalDtype) for c in cols):
        return None   # a categorical stays one in :func:`_drill`'s rows
    textual = [c for c in cols if _text_kind(piece[c])]
    typed = [c for c in cols if c not in textual]
    kind = items[0].kind
    from ..records import contracts

    spec_ = contracts()[kind].columns
    if any(spec_.get(c, {}).get("private") for c in textual):
        return None   # free text the drill-down masks before the export masks it again: frame by frame
    segs = []   # (key, n, {column: pandas rows, or (dictionary, codes) of text}, column order)
    heads = {}
    recs = {}   # a record-level measure -> its seg: what a promise's missed occurrences may repeat
    runs = []   # a promise's runs: (seg, its item's promises, the entry), decided once every measure is made
    cache: dict = {}
    as_stored: set = set()   # the values (arrays) of the piece's columns of ``plain``, by their ids

    def piece_col(c):
        """A text column of the piece as (values, None) or, a categorical, (its categories as text, codes)."""
        if c not in cache:
            s_ = piece[c]
            if isinstance(s_.dtype, pd.CategoricalDtype):
                cats = pd.Series(s_.cat.categories).astype(_typed(kind, c))
                cache[c] = (_arrow_text(cats), s_.cat.codes.to_numpy())
            else:
                cache[c] = _text_codes(s_)
                if c in plain:   # the stored values (or their distinct ones): none a masking rule could change
                    as_stored.add(id(cache[c][0]))
        return cache[c]

    # the record-level measures' missed rows, found first: each column of the piece a measure's rows take as they
    # are is taken once at all of them (one take, made Arrow once below), each measure's rows a slice of it
    missed_at: dict = {}   # measure -> (missed, their places in the mask, their rows in the piece, start in ``at_all``)
    size = 0
    for it in items:
        ev = evs[it.measure]
        if it.kernel.level != "record" or getattr(ev.pop, "df", None) is not piece \
                or getattr(ev.pop, "full", None) is not None:
            continue
        keep = _missed(ev.mask)
        if keep.any():
            where = np.flatnonzero(keep)
            at = where if ev.pop.pos is None else np.asarray(ev.pop.pos)[keep]
            missed_at[it.measure] = (keep, where, at, size)
            size += len(at)
    at_all = np.concatenate([v[2] for v in missed_at.values()]) if missed_at else np.zeros(0, dtype=np.int64)
    taken: dict = {}     # column -> its values at ``at_all`` (one take)
    sliced: dict = {}    # (column, start) -> the rows of one measure given as a slice of it (by identity, below)
    rec_segs = []        # (place in ``segs``, start in ``at_all``) of each record-level measure's rows

    def take_of(c, lo, hi):
        whole = taken.get(c)
        if whole is None:
            whole = taken[c] = piece[c].array.take(at_all)
        s_ = sliced[(c, lo)] = pd.Series(whole[lo:hi], name=c)
        return s_

    if any(it.kernel.detail not in (None, _elapsed) or KERNELS.get(it.m.get("kernel")) is not it.kernel
           for it in items):
        return None
    # the record-level measures' rows made as one Arrow table of their own, straight from the piece's columns
    # (score47: no pandas frame, Series or text plan per measure and piece), when every text column is kept as it is
    # or is a categorical whose categories are masked once; else below, with the other keys
    fast = _records_arrow(piece, items, evs, finish, mask_arrow, missed_at, at_all, cols, textual, typed, plain,
                          piece_col, head_rows, texts, full)
    rec_out = []
    if fast is not None:
        rec_out, heads_, recs_ = fast
        heads.update(heads_)
        recs.update(recs_)
    for it in items:
        ev = evs[it.measure]
        mask = ev.mask
        k = it.kernel
        if k.level == "record":
            pop = ev.pop
            if fast is not None and it.measure in missed_at:
                continue   # made above
            if it.measure not in missed_at:
                if getattr(pop, "df", None) is piece and getattr(pop, "full", None) is None or not _missed(mask).any():
                    continue   # no missed rows
                return None
            keep, where, at, lo = missed_at[it.measure]
            # the drill-down's columns made one by one from the piece's columns at the missed rows (the scorecard's
            # own rule, ``finish.record_columns``), its one-valued columns as their value: no frame of the rows
            by_col = getattr(finish, "record_columns", None)
            # each column taken by its array (no index of the rows made: the rows go to Arrow without it), the
            # verdicts too (every one False; no labels, nor the mask's attributes copied: their open cases are
            # none of these rows)
            got = None if by_col is None else by_col(it.measure, it.m, typed,
                                                     lambda c, lo=lo, hi=lo + len(at): take_of(c, lo, hi),
                                                     pd.Series(mask.array.take(where), name=mask.name))
            mk = None   # the missed rows' verdicts with their labels: where a frame of the rows is made with them
            if got is None:
                mk = mask[keep]
                f = finish(it.measure, it.m, piece[typed].take(at), mk)
                if len(f) != len(at) or any(c in f for c in textual) or not all(c in f for c in typed):
                    return None
                got = {c: f[c] for c in f.columns}
            spec = {}
            for c in textual:
                values, codes = piece_col(c)
                spec[c] = (values, at if codes is None else codes[at])
            for c, v in got.items():
                if isinstance(v, str):   # one value: the value, each row its code
                    spec[c] = (pa.array([v], pa.large_string()), np.zeros(len(at), dtype=np.int64))
                else:
                    spec[c] = v if isinstance(v, pd.Series) else pd.Series(v)
            order = [c for c in cols if c in got or c in textual] + [c for c in got if c not in cols]
            key = (it.measure, 0)
            rec_segs.append((len(segs), lo))
            segs.append((key, len(at), spec, order))
            recs[it.measure] = segs[-1]
            if key not in full:
                n = min(head_rows, len(at))
                rows = piece.take(at[:n])
                first = mask.iloc[where[:n]] if mk is None else mk.iloc[:n]
                heads[key] = finish(it.measure, it.m, _texts(rows, it.kind) if texts else rows, first).copy()
            continue
        keep = _missed(mask)
        if not keep.any():
            continue
        idx = mask.index
        if not isinstance(idx, pd.MultiIndex) or any(n is None for n in idx.names):
            return None
        entries = promise_entries(mask)
        if entries is None:
            entries = np.zeros(len(mask), dtype=np.int64)
        e = entries[keep]
        where = np.flatnonzero(keep)
        order_e = np.argsort(e, kind="stable")   # the promises' order, each in the records' order
        at_u = where[order_e]                    # the missed occurrences in that order, by their place in the mask

        def sub_of(lo, hi):
            """The missed occurrences ``lo:hi`` (in that order) with their keys, as the mask holds them."""
            got_ = mask.iloc[at_u[lo:hi]]
            got_.attrs = {}
            return got_

        # the drill-down rows of the units without their keys (a plain index), the keys taken from the levels:
        # the verdicts taken by position, no index of the occurrences' keys made
        plain_sub = pd.Series(mask.array.take(at_u), index=pd.RangeIndex(len(at_u), name="__unit__"),
                              name=mask.name, dtype=mask.dtype)
        # column by column (the scorecard's own rule, ``finish.unit_columns``), its one-valued columns (the
        # measure, its message) as their value: no frame of the rows
        by_unit = getattr(finish, "unit_columns", None)
        got = None if by_unit is None else by_unit(it.measure, it.m, plain_sub)
        if got is None:
            f = finish(it.measure, it.m, None, plain_sub)
            if len(f) != len(at_u) or "__unit__" not in f or any(n in f for n in idx.names):
                return None
            got = {c: f[c] for c in f.columns if c != "__unit__"}
        elif any(n in got for n in idx.names):
            return None
        levels = []
        for lev, name in enumerate(idx.names):
            values = idx.levels[lev]
            if not _text_kind(pd.Series(values[:0])):
                return None
            arr = _arrow_text(pd.Series(values))
            if name in plain:
                # a key's level holds the piece's own values of that column (the promises' index: a column's values
                # as they are, or its categories), every one stored so: none a masking rule could change, kept as they
                # are like the piece's column (score46: a repeated run's one template row of ``order_id`` was scanned
                # on every piece, ~1.3 ms a call, for values the store's claim already vouches for)
                as_stored.add(id(arr))
            levels.append((name, arr, idx.codes[lev][at_u]))
        es = e[order_e]
        bounds = np.flatnonzero(np.diff(es)) + 1
        for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(es)]):
            key = (it.measure, int(es[lo]))
            spec = {name: (values, codes[lo:hi]) for name, values, codes in levels}
            spec |= {c: (pa.array([v], pa.large_string()), np.zeros(hi - lo, dtype=np.int64)) if isinstance(v, str)
                     else v.iloc[lo:hi] for c, v in got.items()}
            runs.append(((key, int(hi - lo), spec, list(idx.names) + list(got)),
                         (it.params or {}).get("promises") or (), int(es[lo])))
            # the measure's first rows are its promises' in order: once this piece's earlier promises alone hold
            # ``head_rows`` missed occurrences (``lo``), none of this promise's can be among them (no first rows made),
            # and of a promise that starts before, only those up to the ``head_rows``-th (drill45: a piece of 10 M
            # work orders made 10,000 first rows for each of five promises after the third, for none to read them)
            if key not in full and lo < head_rows:
                g = finish(it.measure, it.m, None, sub_of(lo, min(hi, head_rows)))
                heads[key] = (_texts(g, it.kind) if texts else g).copy()
    memo: dict = {}   # what _repeats works out once per piece
    refs = {}   # a promise's run that repeats a time limit's missed rows of the piece: one template row and a _Ref
    for seg, promises, entry in runs:
        of = _repeats(seg, promises, entry, recs, memo)
        if of is None:
            segs.append(seg)
            continue
        key, n, spec, order = seg
        segs.append((key, 1, {c: (v[0], v[1][:1]) if isinstance(v, tuple) else v.iloc[:1] for c, v in spec.items()},
                     order))
        refs[key] = (n, of[0], of[1])
    if not segs:
        return rec_out

    def is_text(v):
        return isinstance(v, tuple) or v.dtype == object or pd.api.types.is_string_dtype(v.dtype)

    text_cols = list(dict.fromkeys(c for _, _, spec, _ in segs for c, v in spec.items() if is_text(v)))
    # every text column: the values to mask of every key's rows (a few-valued column's distinct values, the rest
    # row by row) put end to end and masked in one scan (each call compiles the pattern again), then taken back
    # (a free-text column is scanned apart, under its name: the masking decides what a token alone in it is)
    # a free-text column and a column of personal data are scanned apart, under their names: the masking hook decides
    # by the name (a token alone is a document in a note; a column of names is masked whole, as in the CSV's gate);
    # and an id column is masked only whole (a key is never cut into); every other text column is scanned under None
    # (safety21: a personal column was scanned under None, unmasked)
    unlike_np = not_personal_columns()

    def scan_of(c):
        return c if free_text_column(c) or personal_column(c, unlike_np) or id_column(c) else None

    scans: dict = {}      # None (every other text column) or a free-text column's name -> arrays to mask, in order
    kept_as: dict = {}    # the same -> whether each array is kept as it is (values of a plain column, stored so)
    at_values: dict = {}  # (scan, id of a few-valued column's values) -> (the values, their place in the scan)
    plan = {}             # column -> [(place in its scan, indices or None)]
    for c in text_cols:
        parts = []
        sc = scan_of(c)
        scan = scans.setdefault(sc, [])
        as_is = kept_as.setdefault(sc, [])
        # a column of names and a free-text column are masked by more than the values a scan finds: always masked
        stored_plain = c in plain and not free_text_column(c) and not personal_column(c, unlike_np)
        for _, n, spec, _ in segs:
            v = spec.get(c)
            if v is None:
                parts.append((None, n))
                continue
            if not isinstance(v, tuple):   # a column of the drill-down rows (the measure, its message): few values
                arr = _arrow_text(v)
                if _constant(arr):
                    v = (arr.slice(0, 1), np.zeros(len(arr), dtype=np.int64))
                else:
                    d = arr.dictionary_encode()
                    v = (d.dictionary, d.indices)
            values, codes = v
            ix = codes if isinstance(codes, pa.Array) else pa.array(codes, mask=codes < 0)
            keep_ = stored_plain and id(values) in as_stored
            if len(values) <= max(64, len(ix) // 4):   # few distinct values: each masked once, then taken
                got_ = at_values.get((sc, id(values)))
                if got_ is None:
                    scan.append(values.cast(pa.large_string()))
                    as_is.append(keep_)
                    got_ = at_values[(sc, id(values))] = (values, len(scan) - 1)
                parts.append((got_[1], ix))
            else:
                scan.append(values.cast(pa.large_string()).take(ix))
                as_is.append(keep_)
                parts.append((len(scan) - 1, None))
        plan[c] = parts
    done = {sc: (_masked_but(scan, kept_as[sc], lambda whole, sc=sc: mask_arrow(whole, sc)),
                 np.cumsum([0] + [len(x) for x in scan]))
            for sc, scan in scans.items() if scan}
    masked = {}
    for c, parts in plan.items():
        if all(where_ is None or ix is not None for where_, ix in parts):
            # a column of few values in every key (the window, the measure, its message): kept as its codes into its
            # masked values (an Arrow dictionary), not written out row by row; made text when the rows are given back
            whole, bounds = done[scan_of(c)]
            masked[c] = _coded(parts, whole, bounds)
            continue
        got_ = []
        for where_, ix in parts:
            if where_ is None:
                got_.append(pa.nulls(ix, pa.large_string()))
                continue
            whole, bounds = done[scan_of(c)]
            m_ = whole.slice(int(bounds[where_]), int(bounds[where_ + 1] - bounds[where_]))
            got_.append(m_ if ix is None else m_.take(ix))
        masked[c] = pa.concat_arrays(got_) if len(got_) > 1 else got_[0]
    at = np.cumsum([0] + [n for _, n, _, _ in segs])
    out = []
    for (key, n, spec, order), lo, hi in zip(segs, at[:-1], at[1:]):
        out.append((key, _schema_of(order, masked, spec), int(lo), int(hi), spec))
    arrays = {}
    for c in dict.fromkeys(c for _, schema, _, _, _ in out for c in schema.names):
        types = {schema.field(c).type for _, schema, _, _, _ in out if c in schema.names}
        if len(types) != 1:
            return None
        t = types.pop()
        if c in masked:
            m_ = masked[c]
            if pa.types.is_dictionary(m_.type):   # its values of the key's type, its codes as they are
                arrays[c] = m_ if m_.type.value_type == t else pa.DictionaryArray.from_arrays(m_.indices,
                                                                                              m_.dictionary.cast(t))
            else:
                arrays[c] = m_.cast(t)
            continue
        parts = []
        rest = out
        if c in taken and rec_segs and [j for j, _ in rec_segs] == list(range(len(rec_segs))) \
                and out[len(rec_segs) - 1][3] == len(taken[c]) and all(out[j][4].get(c) is sliced.get((c, lo)) and out[j][2] == lo for j, lo in rec_segs):
            # every record-level measure's rows of this column are their slices of its one take, in order from the
            # table's first row: made Arrow at once
            parts.append(pa.Array.from_pandas(pd.Series(taken[c]), type=t))
            rest = out[len(rec_segs):]
        for key, schema, lo, hi, spec in rest:
            parts.append(pa.Array.from_pandas(spec[c], type=t) if c in schema.names else pa.nulls(hi - lo, t))
        arrays[c] = pa.concat_arrays(parts) if len(parts) > 1 else parts[0]
    table = pa.Table.from_arrays(list(arrays.values()), names=list(arrays))
    return rec_out + [(key, _Part(table, lo, hi, schema) if key not in refs
                       else _Ref(_Part(table, lo, hi, schema), *refs[key]), heads.get(key))
                      for key, schema, lo, hi, _ in out]


def _schema_of(order: list, masked, spec: dict):
    """The Arrow schema (with its pandas metadata) of a key's drill-down rows as the Parquet writer would make them:
    its columns ``order``, those of ``masked`` text, the others of their values' dtype (``spec[c]``, a Series)."""
    import pyarrow as pa

    sig = tuple((c, "text" if c in masked else str(spec[c].dtype)) for c in order)
    schema = _SCHEMAS.get(sig)
    if schema is None:
        proto = {c: (pd.Series(pd.array([], dtype="string")) if c in masked else spec[c].iloc[:0]) for c in order}
        schema = pa.Schema.from_pandas(pd.DataFrame(proto), preserve_index=False)
        if len(_SCHEMAS) > 1000:
            _SCHEMAS.clear()
        _SCHEMAS[sig] = schema
    return schema


#: Each record-level measure's drill-down columns on no rows (the scorecard's own rule, ``finish.record_columns``):
#: ``id(item) -> (item, piece's columns and dtypes, {column: empty Series or its one value})``, made once per pass.
_REC_COLUMNS: dict = {}


class _TextSpec:
    """A record-level measure's columns on a piece as :func:`_repeats` reads them (``c in spec``, ``spec[c]``), as
    :func:`_drill_arrow` holds them: a text column's ``(values, codes)`` at the measure's missed rows (``piece_col``),
    a one-valued column of ``extra`` (the measure, its message) as its value and each row's code 0, made when asked;
    any other column None (not text)."""

    __slots__ = ("names", "textual", "piece_col", "at", "extra", "got")

    def __init__(self, names, textual, piece_col, at, extra):
        self.names, self.textual, self.piece_col, self.at = set(names), set(textual), piece_col, at
        self.extra, self.got = extra, {}

    def __contains__(self, c) -> bool:
        return c in self.names

    def __getitem__(self, c):
        import pyarrow as pa

        v = self.got.get(c)
        if v is None:
            if c in self.textual:
                values, codes = self.piece_col(c)
                v = (values, self.at if codes is None else codes[self.at])
            elif isinstance(self.extra.get(c), str):
                v = (pa.array([self.extra[c]], pa.large_string()), np.zeros(len(self.at), dtype=np.int64))
            else:
                return None
            self.got[c] = v
        return v


def _records_arrow(piece, items, evs, finish, mask_arrow, missed_at: dict, at_all, cols, textual, typed,
                   plain, piece_col, head_rows: int, texts: bool, full):
    """The drill-down rows of the record-level measures of ``items`` with missed rows on the piece (``missed_at``,
    their rows one after another in ``at_all``), as :func:`_drill_arrow` makes them, but as one Arrow table of their
    own made straight from the piece's columns: each of the piece's columns taken once at ``at_all`` (a categorical by
    its codes into its categories masked once, an Arrow dictionary; a text column of ``plain`` as stored), the
    measure's own columns (``passed``, ``open``, a kernel's detail: the elapsed minutes) made by the scorecard's rule
    (``finish.record_columns``) from the columns they read, the measure and its message masked once, as one-valued
    dictionaries.  Every value is the one :func:`_drill_arrow` gives.  ``([(key, _Part, first rows as they were or
    None)], {key: first rows}, {measure: what :func:`_repeats` reads of its rows})``; None when a column would need the
    masking scan (a text column not claimed plain, free text, a column of personal data) or the rule makes the rows
    otherwise: then :func:`_drill_arrow` makes them with the other keys."""
    import pyarrow as pa

    from ..privacy import free_text_column, id_column, personal_column
    from ..records.contract import not_personal_columns

    by_col = getattr(finish, "record_columns", None)
    recs_items = [it for it in items if it.kernel.level == "record" and it.measure in missed_at]
    if by_col is None or not recs_items:
        return None
    unlike_np = not_personal_columns()
    for c in textual:
        if isinstance(piece[c].dtype, pd.CategoricalDtype):
            if not texts:
                return None
        elif c not in plain or free_text_column(c) or personal_column(c, unlike_np):
            return None
    if any(piece[c].dtype == object or pd.api.types.is_string_dtype(piece[c].dtype) for c in typed):
        return None

    def scan_of(c):
        return c if free_text_column(c) or personal_column(c, unlike_np) or id_column(c) else None

    sig = (tuple(cols), tuple(str(piece[c].dtype) for c in cols))
    taken: dict = {}   # a column of the piece (not text) taken once at every measure's rows, each a slice of it

    def take_of(c):
        got_ = taken.get(c)
        if got_ is None:
            got_ = taken[c] = piece[c].array.take(at_all)
        return got_

    keys = []   # (item, its columns in order, {column: empty Series or value}, where, at, lo, extra columns)
    for it in recs_items:
        keep, where, at, lo = missed_at[it.measure]
        mask = evs[it.measure].mask
        if mask.dtype != "boolean":
            return None
        got = _REC_COLUMNS.get(id(it))
        if got is None or got[0] is not it or got[1] != sig:
            empty = by_col(it.measure, it.m, typed, lambda c: pd.Series(piece[c].array[:0], name=c),
                           pd.Series(mask.array[:0], name=mask.name))
            if empty is None:
                return None
            empty = {c: v if isinstance(v, str) else (v if isinstance(v, pd.Series) else pd.Series(v)).iloc[:0]
                     for c, v in empty.items()}
            if len(_REC_COLUMNS) > 1000:
                _REC_COLUMNS.clear()
            got = _REC_COLUMNS[id(it)] = (it, sig, empty)
        empty = got[2]
        if any(c in textual for c in empty) or not all(c in empty for c in typed):
            return None
        # the measure's own columns from the columns its rule reads (the elapsed minutes: its start and end)
        p = it.m.get("params") or {}
        read = [p[x] for x in it.kernel.columns if isinstance(p.get(x), str) and p[x] in typed]
        own = by_col(it.measure, it.m, read,
                     lambda c, lo=lo, hi=lo + len(at): pd.Series(take_of(c)[lo:hi], name=c),
                     pd.Series(mask.array.take(where), name=mask.name))
        if own is None or [c for c in own if c not in cols] != [c for c in empty if c not in cols] \
                or {c for c in own if c in cols} != set(read):
            return None
        order = [c for c in cols if c in empty or c in textual] + [c for c in empty if c not in cols]
        keys.append((it, order, empty, where, at, lo, {c: v for c, v in own.items() if c not in cols}))
    # the schema of each key's rows: text columns (the piece's and the one-valued ones) as text, the others their dtype
    schemas = []
    for it, order, empty, *_ in keys:
        masked = set(textual) | {c for c, v in empty.items() if isinstance(v, str)}
        schemas.append(_schema_of(order, masked, {c: v for c, v in empty.items() if not isinstance(v, str)}))
    names = list(dict.fromkeys(c for schema in schemas for c in schema.names))
    types = {}
    for schema in schemas:
        for f in schema:
            if types.setdefault(f.name, f.type) != f.type:
                return None
    n_all = len(at_all)
    arrays = {}
    ix_all = pa.array(at_all)
    for c in names:
        t = types[c]
        if c in cols:   # a column of the piece: every key has it, taken once at every key's rows
            s = piece[c]
            if isinstance(s.dtype, pd.CategoricalDtype):   # by its codes into its categories, masked once
                cats = pd.Series(s.cat.categories).astype(_typed(items[0].kind, c))
                values = mask_arrow(_arrow_text(cats).cast(pa.large_string()), scan_of(c)).cast(t)
                codes = s.cat.codes.to_numpy()[at_all].astype(np.int32)
                arrays[c] = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), values)
            elif c in textual:   # stored text no masking rule changes: as it is
                whole = getattr(s.array, "_pa_array", None)
                got_ = (whole if whole is not None else _arrow_text(s)).take(ix_all)
                got_ = got_.combine_chunks() if isinstance(got_, pa.ChunkedArray) else got_
                arrays[c] = got_.cast(t)
            else:
                arrays[c] = pa.Array.from_pandas(pd.Series(take_of(c)), type=t)
            continue
        parts, one = [], []
        for (it, order, empty, where, at, lo, extra), schema in zip(keys, schemas):
            if c not in schema.names:
                parts.append(pa.nulls(len(at), t))
            elif isinstance(extra[c], str):   # one value (the measure, its message): its code
                one.append(extra[c])
                parts.append(None)
            else:
                v = extra[c]
                parts.append(pa.Array.from_pandas(v if isinstance(v, pd.Series) else pd.Series(v), type=t))
        if one:   # the one values masked once, each key's rows their code (nulls where a key has none)
            if any(isinstance(x, pa.Array) and not x.null_count == len(x) for x in parts):
                return None
            values = mask_arrow(pa.array(one, pa.large_string()), scan_of(c)).cast(t)
            codes, k_ = [], 0
            for (it, _, _, _, at, _, extra), x in zip(keys, parts):
                if x is None:
                    codes.append(np.full(len(at), k_, dtype=np.int32))
                    k_ += 1
                else:
                    codes.append(np.full(len(at), -1, dtype=np.int32))
            codes = np.concatenate(codes)
            arrays[c] = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), values)
            continue
        arrays[c] = pa.concat_arrays(parts) if len(parts) > 1 else parts[0]
    if any(len(a) != n_all for a in arrays.values()):
        return None
    table = pa.Table.from_arrays(list(arrays.values()), names=list(arrays))
    out, heads, recs = [], {}, {}
    for (it, order, empty, where, at, lo, extra), schema in zip(keys, schemas):
        key = (it.measure, 0)
        out.append((key, _Part(table, lo, lo + len(at), schema), None))
        recs[it.measure] = (key, len(at), _TextSpec(order, textual, piece_col, at, extra), order)
        if key not in full:
            n = min(head_rows, len(at))
            rows = piece.take(at[:n])
            first = evs[it.measure].mask.iloc[where[:n]]
            heads[key] = finish(it.measure, it.m, _texts(rows, it.kind) if texts else rows, first).copy()
    return [(key, part, heads.get(key)) for key, part, _ in out], heads, recs


def _masked_but(arrays: list, as_is: list, mask):
    """``arrays`` (Arrow text) put end to end and masked by ``mask`` in one call, but those ``as_is`` says no masking
    rule could change (the stored values of a plain column), kept as they are: ``mask`` of them all, as masking is
    value by value, without scanning those.

    Examples
    --------
    >>> import pyarrow as pa
    >>> arrays = [pa.array(["a", "b"]), pa.array(["WO1"]), pa.array(["c"])]
    >>> _masked_but(arrays, [False, True, False], lambda a: pa.array([v.upper() for v in a.to_pylist()])).to_pylist()
    ['A', 'B', 'WO1', 'C']
    """
    import pyarrow as pa

    if not any(as_is):
        return mask(pa.concat_arrays(arrays))
    todo = [a for a, kept in zip(arrays, as_is) if not kept]
    masked = iter([])
    if todo:
        whole = mask(pa.concat_arrays(todo))
        at = np.cumsum([0] + [len(a) for a in todo])
        masked = iter([whole.slice(int(lo), int(hi - lo)) for lo, hi in zip(at[:-1], at[1:])])
    return pa.concat_arrays([a if kept else next(masked) for a, kept in zip(arrays, as_is)])


def _coded(parts: list, whole, bounds):
    """A text column of :func:`_drill_arrow`'s piece table whose every key's rows are codes into few masked values
    (``parts``: ``(place in the scan, codes)``, or ``(None, rows)`` for a key without the column), as one Arrow
    dictionary array: the masked values of the places it uses (``whole`` sliced at ``bounds``) put end to end once,
    each key's codes moved to where its values start.  Decoded (:func:`_plain`), it is the column taken row by row.

    Examples
    --------
    >>> import pyarrow as pa
    >>> whole = pa.array(["某先生", "PW01", "PW02", "m"], type=pa.large_string())
    >>> parts = [(1, pa.array([0, 1, None])), (None, 2), (2, pa.array([0, 0]))]
    >>> got = _coded(parts, whole, np.array([0, 1, 3, 4]))
    >>> got.type.value_type, got.dictionary_decode().to_pylist()
    (DataType(large_string), ['PW01', 'PW02', None, None, None, 'm', 'm'])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    places: dict = {}   # a place in the scan -> where its values start in the dictionary
    values, codes, size = [], [], 0
    for where_, ix in parts:
        if where_ is None:
            codes.append(pa.nulls(ix, pa.int32()))
            continue
        start = places.get(where_)
        if start is None:
            lo, hi = int(bounds[where_]), int(bounds[where_ + 1])
            values.append(whole.slice(lo, hi - lo))
            start = places[where_] = size
            size += hi - lo
        ix = ix.cast(pa.int32())
        codes.append(ix if start == 0 else pc.add(ix, pa.scalar(start, pa.int32())))
    return pa.DictionaryArray.from_arrays(pa.concat_arrays(codes) if len(codes) > 1 else codes[0],
                                          pa.concat_arrays(values) if len(values) > 1 else values[0])


def _plain(columns: list, schema) -> list:
    """``columns`` of a piece table put aside (a column of few values kept as a dictionary, :func:`_coded`) as the
    types of ``schema``, a key's columns: each dictionary decoded (its values taken at its codes)."""
    import pyarrow as pa

    return [c.cast(f.type) if pa.types.is_dictionary(c.type) and not pa.types.is_dictionary(f.type) else c
            for c, f in zip(columns, schema)]


def _missed(mask) -> np.ndarray:
    """Where a kernel's ``mask`` is False (a missing value is not missed): ``mask.eq(False)`` as a bool array, made
    from a boolean mask's values without the Series of the comparison.

    Examples
    --------
    >>> _missed(pd.Series(pd.array([True, False, None], dtype="boolean"))).tolist()
    [False, True, False]
    >>> _missed(pd.Series([0.0, 1.0, np.nan])).tolist()
    [True, False, False]
    """
    arr = mask.array
    if isinstance(arr, pd.arrays.BooleanArray):
        return ~arr.to_numpy(dtype=bool, na_value=True)
    return mask.eq(False).to_numpy(dtype=bool, na_value=False)


#: Rows of a text column looked at to tell one of few distinct values (a window, a status), and the most it may hold.
_FEW_HEAD, _FEW_VALUES = 4096, 256


def _few_codes(arr):
    """A text column of a piece (Arrow) as ``(values, codes)`` of :func:`_drill_arrow`'s ``piece_col``: when its
    first rows hold few distinct values (a window, a status) and so does the whole column, its distinct values and
    each row's code (-1: missing), so that the masking scan reads each distinct value once, not every missed row;
    else ``(the column, None)`` (an order's id: masked row by row).  Masking is value by value, so both give the
    same text.

    Examples
    --------
    >>> import pyarrow as pa
    >>> v, c = _few_codes(pa.array(["W1", "W2", None] * 100, type=pa.large_string()))
    >>> v.to_pylist(), c[:4].tolist()
    (['W1', 'W2'], [0, 1, -1, 0])
    >>> _few_codes(pa.array([f"WO{i}" for i in range(300)]))[1] is None
    True
    """
    import pyarrow.compute as pc

    n = len(arr)
    if n > 64 and pc.count_distinct(arr.slice(0, _FEW_HEAD)).as_py() <= _FEW_VALUES:
        d = arr.dictionary_encode()
        if len(d.dictionary) <= max(64, n // 4):
            return d.dictionary, d.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return arr, None


def _text_codes(s):
    """:func:`_few_codes` of a text column of a piece (pandas, as :func:`_arrow_text` makes it Arrow), but a column
    every value of which is missing (a column the records leave empty: an order's status not yet written) found so
    from its Arrow chunks' null counts, without putting its chunks together and encoding them: no values, each row's
    code -1, as :func:`_few_codes` gives it.

    Examples
    --------
    >>> import pyarrow as pa
    >>> s = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([pa.nulls(50, pa.large_string())] * 2)))
    >>> v, c = _text_codes(s)
    >>> v.type, len(v), set(c.tolist())
    (DataType(large_string), 0, {-1})
    """
    import pyarrow as pa

    arr = getattr(getattr(s, "array", None), "_pa_array", None)
    if arr is not None and len(arr) > 64 and arr.null_count == len(arr) \
            and (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return pa.array([], type=arr.type), np.full(len(arr), -1, dtype=np.int64)
    return _few_codes(_arrow_text(s))


def _repeats(seg, promises, entry: int, recs: dict, memo: dict | None = None):
    """Whether a promise's run of missed occurrences on a piece (``seg`` of :func:`_drill_arrow`) repeats the
    missed rows of the promise's own measure on that piece, row for row: ``(the measure, the columns taken from its
    rows)``, else None.  It does when that measure's missed rows are as many, their values of every key column of
    the run (the window, the record's key) are the run's, in the same order, and every other column of the run holds
    one value (the promise, ``passed``, the measure, its message): the run is then those rows with these values.
    The text is compared by its codes (:func:`_same_text`); ``memo`` keeps what is worked out once per piece."""
    key, n, spec, order = seg
    if not 0 <= entry < len(promises):
        return None
    of = (promises[entry][1] or {}).get("measure")
    rec = recs.get(of)
    if rec is None or rec[1] != n or not n:
        return None
    memo = {} if memo is None else memo
    copied = []
    for c in order:
        v = spec[c]
        if isinstance(v, tuple):
            values, codes = v
            codes = np.asarray(codes)
            if c in rec[2] and isinstance(rec[2][c], tuple):
                rv, rc = rec[2][c]
                if _same_text(values, codes, rv, np.asarray(rc), memo):
                    copied.append(c)
                    continue
            if not (codes == codes[0]).all():
                return None
        elif not _one_value(v):
            return None
    return (of, tuple(copied)) if copied else None


def _one_value(v: pd.Series) -> bool:
    """``v`` (not empty) holds one value and no missing one; a boolean column by its arrays, not row by row."""
    if v.dtype == "boolean":
        arr = v.array
        if arr.isna().any():
            return False
        x = arr.to_numpy(dtype=bool, na_value=False)
        return bool((x == x[0]).all())
    return not (v.isna().any() or not (v == v.iloc[0]).all())


def _same_text(values, codes: np.ndarray, rv, rc: np.ndarray, memo: dict) -> bool:
    """``values`` taken at ``codes`` equal ``rv`` taken at ``rc``, row for row (a code below 0: missing; a missing
    value equals a missing one), compared as integers where the values allow: the same values on both sides (the
    piece's column, its positions) by the codes themselves; else each value of ``rv`` by its place among
    ``values`` (worked out once per pair, ``memo``).  When the integers differ and ``values`` could hold a text
    twice or a missing value, the text itself is compared, so the answer is always that of the text.

    Examples
    --------
    >>> import pyarrow as pa
    >>> cats, col = pa.array(["A", "B"]), pa.array(["B", "A", "B", None])
    >>> _same_text(cats, np.array([1, 0, -1]), col, np.array([2, 1, 3]), {})     # B A missing
    True
    >>> _same_text(cats, np.array([1, 1, -1]), col, np.array([2, 1, 3]), {})
    False
    >>> _same_text(cats, np.array([-2, 1]), cats, np.array([-1, 1]), {})   # a missing code is any one below 0
    True
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    k = (id(values), id(rv))
    got = memo.get(k)
    if got is None:
        a, b = values.cast(pa.large_string()), rv.cast(pa.large_string())
        if values is rv or (len(a) == len(b) and a.equals(b)):
            got = (None, False)    # the same values: the same codes are the same text
        else:
            at = pc.index_in(b, value_set=a).fill_null(-2).to_numpy(zero_copy_only=False).astype(np.int64)
            if b.null_count:
                at[b.is_null().to_numpy(zero_copy_only=False)] = -1
            # each text of ``values`` once and none missing: the places decide, without the text
            unique = not a.null_count and len(a) <= 65_536 and pc.count_distinct(a).as_py() == len(a)
            got = (at, unique)
        memo[k] = got
    at, unique = got
    if len(codes) != len(rc):
        return False
    mapped = rc if at is None else np.where(rc < 0, -1, at[np.maximum(rc, 0)] if len(at) else -1)
    # the codes as they are first (a run that repeats its time limit's rows: the piece's own positions on both sides),
    # then with every missing code made -1: equal codes are equal once made so (score46: two copies fewer a run)
    same = np.array_equal(codes, mapped) or \
        np.array_equal(np.where(codes < 0, -1, codes), np.where(mapped < 0, -1, mapped))
    if same and (at is None or not (mapped == -2).any()):
        return True
    if unique:
        return False
    a = values.take(pa.array(codes, mask=codes < 0)).cast(pa.large_string())
    b = rv.take(pa.array(rc, mask=rc < 0)).cast(pa.large_string())
    return a.equals(b)


class _Ref:
    """A key's rows on a piece that repeat another key's rows of the same piece (a promise's missed occurrences,
    the missed rows of its time limit): ``template``, a one-row :class:`_Part` with the key's columns and the values
    every row holds, ``n`` rows, ``of`` the measure whose rows they repeat, ``copied`` the columns taken from them."""

    __slots__ = ("template", "n", "of", "copied")

    def __init__(self, template: _Part, n: int, of: str, copied: tuple):
        self.template, self.n, self.of, self.copied = template, n, of, copied

    def __len__(self) -> int:
        return self.n


class _Repeat:
    """A piece of a promise measure's drill-down given as a reference (:meth:`SharedPass.tables` with ``refs``):
    ``rows`` rows that repeat rows ``of_row`` .. ``of_row + rows`` of measure ``of_measure``'s drill-down (as
    given, prepared), its columns ``copied`` taken from them, the others the one-row Arrow table ``template``
    (every column of the piece, with its schema).  :meth:`table` makes the rows."""

    __slots__ = ("template", "rows", "of_measure", "of_row", "copied", "_make")

    def __init__(self, template, rows: int, of_measure: str, of_row: int, copied: tuple, make):
        self.template, self.rows, self.of_measure, self.of_row, self.copied = template, rows, of_measure, of_row, copied
        self._make = make

    def __len__(self) -> int:
        return self.rows

    def table(self):
        """The rows themselves, as an Arrow table of the template's schema."""
        return _repeated(self.template, self._make(), self.copied)


def _repeated(template, source, copied):
    """The rows a :class:`Repeat` stands for: ``source`` (an Arrow table of the repeated rows) gives the columns
    ``copied``, ``template`` (one row) the others, each repeated; the template's schema.

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = pa.table({"w": ["A"], "p": ["promise"], "ok": [False]})
    >>> _repeated(t, pa.table({"w": ["B", "C"], "x": [1, 2]}), ["w"]).to_pylist()
    [{'w': 'B', 'p': 'promise', 'ok': False}, {'w': 'C', 'p': 'promise', 'ok': False}]
    """
    import pyarrow as pa

    n = source.num_rows
    zeros = pa.array(np.zeros(n, dtype=np.int64))
    cols = [source.column(f.name).cast(f.type) if f.name in copied else template.column(f.name).take(zeros)
            for f in template.schema]
    return pa.Table.from_arrays([c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in cols],
                                schema=template.schema)


#: The columns of a key's drill-down rows as the Parquet writer would make them: (column, dtype) pairs -> schema.
_SCHEMAS: dict = {}


def _constant(arr) -> bool:
    """``arr`` (Arrow text, not empty) holds one value, no missing one: its bytes compared at once."""
    import pyarrow as pa

    n = len(arr)
    if not n or arr.null_count:
        return False
    wide = pa.types.is_large_string(arr.type)
    off = np.frombuffer(arr.buffers()[1], dtype=np.int64 if wide else np.int32)[arr.offset:arr.offset + n + 1]
    first = off[1] - off[0]
    if not (np.diff(off) == first).all():
        return False
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[off[0]:off[-1]].reshape(n, int(first))
    return bool((data == data[0]).all())


def _arrow_text(s):
    """Text (a pandas column or index) as an Arrow array."""
    import pyarrow as pa

    arr = getattr(getattr(s, "array", None), "_pa_array", None)
    if arr is None:
        arr = pa.array(s, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_null(arr.type):
        arr = arr.cast(pa.large_string())
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        raise TypeError("not text")
    return arr


def _as_table(f: pd.DataFrame):
    """``f`` (a prepared piece) as the Arrow table the Parquet writer makes of it (``from_pandas``, no index), if
    it converts and converts back to the same dtypes; else ``f`` itself."""
    import pyarrow as pa

    if not isinstance(f, pd.DataFrame) or f.attrs or not f.columns.is_unique \
            or not all(isinstance(c, str) for c in f.columns):
        return f
    try:
        t = pa.Table.from_pandas(f, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return f
    # back to pandas with the very dtypes (the pandas metadata decides them: checked once per schema)
    key = (t.schema, tuple(map(str, f.dtypes)))
    same = _ROUND_TRIP.get(key)
    if same is None:
        back = t.slice(0, 0).to_pandas()
        same = list(back.columns) == list(f.columns) and back.dtypes.equals(f.dtypes)
        if len(_ROUND_TRIP) > 1000:
            _ROUND_TRIP.clear()
        _ROUND_TRIP[key] = same
    return t if same else f


#: Whether a schema of a prepared piece comes back to pandas with its frame's dtypes: (schema, dtypes) -> bool.
_ROUND_TRIP: dict = {}


def _template(part: _Part):
    """The first row of ``part`` (a run of rows that repeat another key's: every row holds its values but the copied
    columns'), with the key's columns and schema, copied out of the piece's table."""
    t = part.table.slice(part.lo, 1).select(part.schema.names).take([0])
    return _pa_table(_plain(t.columns, part.schema), part.schema)


def _coded_as(part, schema):
    """``schema`` (a key's columns, its pandas metadata) with the types of ``part``'s dictionary columns (a column of
    few values put aside as its codes, :func:`_coded`): the key's rows as put aside."""
    import pyarrow as pa

    return pa.schema([f.with_type(c.type) if pa.types.is_dictionary(c.type) else f
                      for c, f in zip(part.columns, schema)], metadata=schema.metadata)


def _pa_table(columns: list, schema):
    """An Arrow table of ``columns`` with ``schema`` (its pandas metadata too)."""
    import pyarrow as pa

    return pa.Table.from_arrays(columns, schema=schema)


def _read_ipc(path: str):
    import pyarrow as pa

    with pa.memory_map(path) as src:
        return pa.ipc.open_file(src).read_all()


def _texts(f: pd.DataFrame, kind: str) -> pd.DataFrame:
    """``f`` with its categorical columns of the ``kind`` contract as the contract's text (a store read of every
    column types them so: :func:`windoweval.engine.local._typed`)."""
    from ..records import contracts

    spec = contracts()[kind].columns
    cats = {c: _typed(kind, c) for c in f.columns if c in spec and isinstance(f[c].dtype, pd.CategoricalDtype)}
    # a key column a unit's index holds (a promise occurrence's window) made from a categorical's categories: text of
    # another string type than the contract's, made the contract's (the same values; a read of every column's type)
    other = {c: _typed(kind, c) for c in f.columns if c in spec and c not in cats
             and spec[c]["type"] in ("string", "category") and isinstance(f[c].dtype, pd.StringDtype)
             and f[c].dtype != pd.api.types.pandas_dtype(_typed(kind, c))}
    if other:
        f = f.assign(**{c: f[c].astype(t) for c, t in other.items()})
    if not cats:
        return f
    # each category made text once, the column taken from its codes (``astype`` of a categorical, cheaper)
    return f.assign(**{c: pd.Series(pd.Series(f[c].cat.categories).astype(t).array.take(
        f[c].cat.codes.to_numpy(), allow_fill=True), index=f.index, name=c) for c, t in cats.items()})


class SharedPass:
    """One read of a store dataset for the missed records of several measures judged piece by piece.

    ``pieces(batch_rows=...)`` reads the dataset (every column); ``measures`` are ``(measure, item)`` pairs;
    ``prepare`` (optional) is applied to each drill-down piece before it is put aside (the export's masking:
    nothing unmasked is written to the temporary folder), the first rows of each measure are then kept as
    they were for ``head``.

    Examples
    --------
    >>> from windoweval import score
    >>> from windoweval.demo import tiny_data_dir
    >>> from windoweval.records.store import import_records
    >>> d = tiny_data_dir()
    >>> _ = (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\\n"
    ...     "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\\n"
    ...     "2,PW01,fault_repair,2025-06-02 09:00,2025-06-02 11:00\\n", encoding="utf-8")   # 20 min, 2 h
    >>> _ = import_records("work_orders", d / "work_orders.csv", store_dir=d)
    >>> (d / "work_orders.csv").unlink()
    >>> card = score("power_window", 2025, data=d)
    >>> pop = card._masks["power_window.10.2.5"][0]
    >>> sp = SharedPass(card, [("power_window.10.2.5", pop.item)], pop.pieces)
    >>> [f["order_id"].tolist() for f in sp.frames("power_window.10.2.5")]   # the late one
    [['2']]
    >>> sp.done("power_window.10.2.5"); sp.dir is None                      # its temporary folder removed
    True
    """

    def __init__(self, card, measures: list, pieces, prepare=None):
        self.card, self.items, self.read = card, dict(measures), pieces
        self.prepare = prepare
        self.dir: str | None = None
        self.files: dict = {}
        self.heads: dict = {}
        self.head_rows = 0
        self.waiting: set = set()
        self._fin = None
        self._counted: dict = {}
        self._n = 0
        self._full: set = set()   # the keys whose first rows were all kept (KeptPass.judge copies none more)
        self._rows: dict = {}     # rows put aside so far, per key
        self._cut: dict = {}      # a measure -> the entry whose key completes its first rows (_cut_heads)

    def run(self, head_rows: int = 0) -> None:
        if self.dir is not None:
            return
        self.head_rows = head_rows
        self.dir = tempfile.mkdtemp(prefix="windoweval-missed-")
        self._fin = weakref.finalize(self, shutil.rmtree, self.dir, True)
        self.files, self.heads, self._counted, self._n, self._full, self._rows = {}, {}, {}, 0, set(), {}
        self._cut = {}
        items = list(self.items.values())
        try:
            pieces = self.read(batch_rows=PASS_ROWS)
            for got in _each_piece(pieces, items, threads=PASS_THREADS,
                                   fn=lambda p: _judge(self.card, p, items, self.prepare, head_rows)):
                self.put(got)
            self._check(self._counted)
        except BaseException:
            self.cleanup()
            raise
        self.waiting = set(self.items)

    def put(self, got: list) -> None:
        """Put one piece's drill-down rows aside (in the temporary folder), each key's after its earlier ones."""
        written: dict = {}   # the piece's one Arrow table (every key's rows, _drill_arrow): written once
        before = dict(self._rows)   # each key's rows put aside before this piece: where a repeat's rows start
        for key, f, head in got:
            if key[1] == -1:   # counts, not rows
                c = self._counted.setdefault(key[0], [0, 0])
                c[0] += f
                c[1] += head
                continue
            ref = f if isinstance(f, _Ref) else None
            if ref is not None:
                f = ref.template
            if key[1] != -1:
                self._rows[key] = self._rows.get(key, 0) + (len(f) if ref is None else ref.n)
                self._cut_heads([key[0]])   # the keys of a piece come in their order: a later one's cut in time
            if isinstance(f, _Part) and ref is not None:
                # the repeated measure's rows of this piece: those after its earlier pieces' rows; the one row every
                # row of the run holds kept here (copied: no slice holds the piece's table), not read back from the
                # piece's file (a file opened again per promise and piece only for it, when the file is written)
                of = (ref.of, 0)
                self.files.setdefault(key, []).append(
                    (_template(f), f.lo, f.hi, f.schema, ref.n, of, before.get(of, 0), ref.copied))
            elif isinstance(f, _Part):
                import pyarrow as pa

                path = written.get(id(f.table))
                if path is None:
                    path = os.path.join(self.dir, f"{self._n}.arrow")
                    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, f.table.schema) as w:
                        w.write_table(f.table)
                    self._n += 1
                    written[id(f.table)] = path
                self.files.setdefault(key, []).append((path, f.lo, f.hi, f.schema))
            elif isinstance(f, pd.DataFrame):
                path = os.path.join(self.dir, f"{self._n}.pkl")
                with open(path, "wb") as fh:
                    pickle.dump(f, fh, protocol=5)
            else:   # an Arrow table (a prepared piece): Arrow IPC, read back memory-mapped
                import pyarrow as pa

                path = os.path.join(self.dir, f"{self._n}.arrow")
                with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, f.schema) as w:
                    w.write_table(f)
            if not isinstance(f, _Part):
                self._n += 1
                self.files.setdefault(key, []).append(path)
            got_ = self.heads.setdefault(key, [])
            if head is not None and not self._past(key) and sum(len(h) for h in got_) < self.head_rows:
                got_.append(head)
                if sum(len(h) for h in got_) >= self.head_rows:
                    self._full.add(key)

    def _cut_heads(self, measures) -> None:
        """A measure's first rows are its keys' in order (:meth:`first`: a promise measure's promise after promise):
        once its keys up to one hold ``head_rows`` rows put aside, no later key's rows can be among its first
        ``head_rows``, so no first rows are kept (nor, :class:`KeptPass`, made on the later pieces) for the later
        keys, seen yet or not.  A record-level measure has one key: nothing to cut."""
        for m in measures:
            total = 0
            for key in self._keys(m):
                total += self._rows.get(key, 0)
                if total >= self.head_rows:
                    self._cut[m] = key[1]
                    break

    def _past(self, key) -> bool:
        """No first rows are wanted of ``key``: its own were all kept, or it lies after its measure's cut."""
        return key in _Wanted(self._full, self._cut)

    def _check(self, counted: dict) -> None:
        """The records read again are those scored: per measure, as many records and as many missed."""
        res = self.card.results
        for m in self.items:
            r = res[res["measure"] == m]
            # a unit measure's count is under units (records <NA> there): what the pass counts is either
            counted_ = r["records"].fillna(0) + (r["units"].fillna(0) if "units" in r else 0)
            want = (int(counted_.sum()), int((r["n"] - r["met"]).sum()))
            if tuple(counted.get(m, (0, 0))) != want:
                raise RuntimeError("the records changed since they were scored / 评分后记录已改变: score again")

    def _keys(self, measure: str) -> list:
        return sorted(k for k in self.files if k[0] == measure and k[1] >= 0)

    def frames(self, measure: str):
        """The measure's drill-down pieces (prepared), in order."""
        if self.dir is None:
            self.run(self.head_rows)
        for f in self._stored(measure):
            yield f if isinstance(f, pd.DataFrame) else f.to_pandas()

    def tables(self, measure: str, refs=(), coded: bool = False):
        """The measure's drill-down pieces (prepared), in order, as put aside: Arrow tables (frames Arrow could not
        hold as they are: pandas frames).  A piece that repeats the rows of a measure of ``refs`` (a promise's
        missed occurrences, those of its time limit) is given as a ``_Repeat`` (see :meth:`_stored`).  ``coded``:
        a column of few values as it was put aside, an Arrow dictionary of its text (the writer's), not decoded."""
        yield from self._stored(measure, refs, coded)

    def _stored(self, measure: str, refs=(), coded: bool = False):
        if self.dir is None:
            self.run(self.head_rows)
        last = (None, None)
        for key in self._keys(measure):
            for path in self.files[key]:
                if isinstance(path, tuple) and len(path) > 4:   # rows repeating another key's rows of the piece
                    template, lo, hi, schema, n, of, of_row, copied = path
                    rep = _Repeat(template, n, of[0], of_row, copied,
                                  lambda of=of, of_row=of_row, n=n: self._rows_of(of, of_row, n))
                    yield rep if of[0] in refs else rep.table()
                elif isinstance(path, tuple):   # one key's rows of a piece's table, with the key's columns
                    path, lo, hi, schema = path
                    if last[0] != path:
                        last = (path, _read_ipc(path))
                    part = last[1].slice(lo, hi - lo).select(schema.names)
                    yield _pa_table(part.columns, _coded_as(part, schema)) if coded else \
                        _pa_table(_plain(part.columns, schema), schema)
                elif path.endswith(".arrow"):
                    yield _read_ipc(path)
                else:
                    with open(path, "rb") as fh:
                        yield pickle.load(fh)

    def _rows_of(self, key, at: int, n: int):
        """Rows ``at`` .. ``at + n`` of ``key`` as put aside (one piece's rows: a repeat's), as an Arrow table."""
        import pyarrow as pa

        off = 0
        for path in self.files.get(key, []):
            size = (path[2] - path[1]) if isinstance(path, tuple) else None
            if size is None:
                if path.endswith(".arrow"):
                    got = _read_ipc(path)
                else:
                    with open(path, "rb") as fh:
                        got = pa.Table.from_pandas(pickle.load(fh), preserve_index=False)
                size = got.num_rows
            if off == at and size == n:
                if isinstance(path, tuple):
                    return _read_ipc(path[0]).slice(path[1], n)
                return got
            off += size
        raise RuntimeError("未找到承诺未兑现记录所重复的时限记录 / the rows a promise's occurrences repeat were not found")

    def first(self, measure: str, n: int) -> list:
        """The first ``n`` rows of the measure's drill-down as they were (before ``prepare``), as frames."""
        if self.dir is None:
            self.run(max(n, self.head_rows))
        if self.prepare is None:
            return _first_frames(self.frames(measure), n)
        if n > self.head_rows:
            self.cleanup()        # more first rows than were kept: read again
            self.run(n)
        # each key's first rows were kept; the measure's first rows are its keys' in order
        return _first_frames((h for key in self._keys(measure) for h in self.heads.get(key, [])), n)

    def done(self, measure: str) -> None:
        self.waiting.discard(measure)
        if not self.waiting:
            self.cleanup()

    def cleanup(self) -> None:
        if self._fin is not None:
            self._fin()
        self.dir, self.files, self.heads, self._fin = None, {}, {}, None


#: First rows of each measure's drill-down kept as they were (before ``prepare``), for the people's CSV.
HEAD_ROWS = 10_000


class _Wanted:
    """The keys no first rows are made for (``full`` of :func:`_drill`): those whose first rows were all kept
    (``full``) and those after their measure's cut (``cut``: a measure -> an entry, :meth:`SharedPass._cut_heads`).

    Examples
    --------
    >>> w = _Wanted(frozenset({("a", 0)}), {"p": 1})
    >>> [k in w for k in [("a", 0), ("a", 1), ("p", 1), ("p", 2), ("q", 5)]]
    [True, False, False, True, False]
    """

    __slots__ = ("full", "cut")

    def __init__(self, full: frozenset, cut: dict):
        self.full, self.cut = full, cut

    def __contains__(self, key) -> bool:
        return key in self.full or key[1] > self.cut.get(key[0], key[1])


class Keep:
    """What :func:`windoweval.scoring.score` is asked to put aside while it scores (``keep_missed``): the missed
    records of the measures a store dataset is judged for piece by piece, each piece's drill-down rows made by
    ``finish(measure, m, pop, mask)`` (the scorecard's own) and given to ``prepare`` (the export's masking)
    before they are put aside; the first ``head_rows`` of each measure are kept as they were.

    Examples
    --------
    >>> from windoweval import score
    >>> from windoweval.demo import tiny_data_dir
    >>> from windoweval.records.store import import_records
    >>> d = tiny_data_dir()
    >>> _ = (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\\n"
    ...     "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\\n"
    ...     "2,PW01,fault_repair,2025-06-02 09:00,2025-06-02 11:00\\n", encoding="utf-8")   # 20 min, 2 h
    >>> _ = import_records("work_orders", d / "work_orders.csv", store_dir=d)
    >>> (d / "work_orders.csv").unlink()
    >>> card = score("power_window", 2025, data=d, keep_missed=True)      # the missed records put aside meanwhile
    >>> kept = card._masks["power_window.10.2.5"][0].kept
    >>> type(kept).__name__, [f["order_id"].tolist() for f in kept.frames("power_window.10.2.5")]
    ('KeptPass', [['2']])
    """

    def __init__(self, prepare=None, finish=None, head_rows: int = HEAD_ROWS):
        self.prepare, self.finish, self.head_rows = prepare, finish, head_rows

    def pass_for(self, items: list, again, plain=frozenset()) -> "KeptPass":
        """A :class:`KeptPass` for ``items`` (measures of one dataset judged piece by piece); ``again`` reads the
        dataset again (every column) should a drill-down need more than was kept; ``plain`` the dataset's text
        columns no masking rule could change a value of (:func:`windoweval.records.store.plain_text_columns`)."""
        return KeptPass(self, items, again, plain)


class KeptPass(SharedPass):
    """A :class:`SharedPass` filled while the records were scored: each piece judged once, for its counts and for
    its missed rows (:meth:`judge` on the scoring's thread, :meth:`put` as the pieces come back in order).  Once
    closed (:meth:`close`), it gives each measure's pieces as the pass would (:meth:`frames`, :meth:`first`), without
    reading the records again; anything it did not keep (more first rows, a second use after it was let go) is
    read again as the pass reads it.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.engine.plan import Item
    >>> from windoweval.engine.frame import evaluate_frame
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"order_id": ["1", "2"], "window_id": ["A", "A"], "ok": pd.array([True, False], dtype="boolean")})
    >>> it = Item({"measure": "m", "records": "work_orders", "kernel": "flag"}, ["A"], KERNELS["flag"], {"column": "ok"})
    >>> kp = Keep(finish=lambda measure, m, pop, mask: pop.assign(passed=mask)).pass_for([it], None)
    >>> kp.put(kp.judge(df, evaluate_frame(df, [it])))
    >>> kp.close()
    >>> [f["order_id"].tolist() for f in kp.frames("m")]
    [['2']]
    >>> kp.cleanup(); kp.dir is None
    True
    """

    def __init__(self, keep: Keep, items: list, again, plain=frozenset()):
        super().__init__(None, [(it.measure, it) for it in items], again, keep.prepare)
        self.plain = frozenset(plain)
        self.finish, self.head_rows, self.ready = keep.finish, keep.head_rows, False
        self.dir = tempfile.mkdtemp(prefix="windoweval-missed-")
        self._fin = weakref.finalize(self, shutil.rmtree, self.dir, True)

    def judge(self, piece: pd.DataFrame, evs: dict) -> list:
        """The drill-down rows of every measure on ``piece``, judged (``evs``, masks kept); thread-safe."""
        # the keys whose first rows earlier pieces filled (put in order: never a later piece's): none copied for them
        return _drill(piece, list(self.items.values()), evs, self.finish, self.prepare, self.head_rows, texts=True,
                      full=_Wanted(frozenset(self._full), dict(self._cut)), plain=self.plain)

    def close(self) -> None:
        """Every piece was put aside: the measures' pieces may now be given."""
        self.ready = True

    def serves(self, measure: str, prepare) -> bool:
        """True when ``measure``'s pieces were put aside as ``prepare`` makes them, and are still there."""
        return self.ready and self.dir is not None and prepare is self.prepare and measure in self.items

    def serve(self, card, measures: list) -> None:
        """Give ``measures`` of ``card``; the folder is removed once each was given."""
        self.card, self.waiting = card, set(measures)

    def run(self, head_rows: int = 0) -> None:
        if self.dir is not None and self.ready:
            return
        self.ready = False
        if self.waiting:   # read again for the measures still to be given only: the folder goes once they are
            self.items = {m: it for m, it in self.items.items() if m in self.waiting}
        super().run(head_rows)
