"""A store dataset read piece by piece when some of its measures are not row-local.

Every measure of the kind is judged as it would be on the whole frame, but no whole frame is held:

* the row-local measures (time limits, flags) are judged on each piece and their counts summed, as
  :func:`windoweval.engine.run.evaluate` does when every measure is row-local;
* the promise measure (5.2, ``promises_kept``) whose promises are all row-local measures of this kind is
  judged on each piece too: each occurrence of a promise is one record judged by that promise's measure,
  so the occurrences of the pieces, one after another, are the occurrences of the whole (counts summed);
  only its drill-down needs them in the whole's order (promise after promise), and that order is kept by
  the promise's entry (:func:`promise_entries`);
* a unit-level measure that needs its whole population (``every_slot``: every hour of a window) gets its
  population gathered from the pieces, only its rows and the columns it reads, and is judged on that at
  the end; of ``every_slot``'s rows only the first of each window and slot is kept (:func:`_reduce`: a slot
  is served or not whatever the number of records).

The peak is that of a few pieces and the gathered populations, not the kind's records with every measure's
copies.

Examples
--------
>>> import tempfile
>>> from windoweval.scoring import score
>>> from windoweval.demo import tiny_records
>>> ws, orders = tiny_records()
>>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
>>> it = next(i for i in __import__("windoweval.scoring", fromlist=["x"]).plan_measures(
...     "power_window", ws, card.catalog, 2025) if i.measure == "power_window.5.2#work_orders")
>>> piecewise(it), gathered(it)
(True, False)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..records.validate import empty
from .plan import Evaluated, Item, _Codes, kernel_positions, needed_columns
from .frame import evaluate_frame
from .local import _PiecePopulation, _each_piece, _sum_aggs

__all__ = ["piecewise", "gathered", "promise_entries", "from_store_pieces"]


def _promise_piecewise(it: Item) -> bool:
    """A promise measure whose every promise is a row-local measure of the records it is given."""
    if it.kernel.name != "promises_kept":
        return False
    proms = it.params.get("promises") or ()
    if not proms:
        return False
    from ..kernels import KERNELS

    for _, m in proms:
        k = KERNELS[m["kernel"]]
        if k.level != "record" or not k.row_local or m.get("records", it.kind) != it.kind:
            return False
    return True


def piecewise(it: Item) -> bool:
    """``it`` may be judged piece by piece, its counts summed: row-local, or a promise measure of row-local promises.

    Examples
    --------
    >>> from windoweval.engine.plan import Item
    >>> from windoweval.kernels import KERNELS
    >>> t = Item({"measure": "m", "records": "work_orders"}, ["A"], KERNELS["time_limit"],
    ...          {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"})
    >>> piecewise(t)
    True
    """
    return it.row_local or _promise_piecewise(it)


def gathered(it: Item) -> bool:
    """``it`` is a unit-level measure that reads known columns: its population may be gathered from the pieces.

    Examples
    --------
    >>> from windoweval.engine.plan import Item
    >>> from windoweval.kernels import KERNELS
    >>> t = Item({"measure": "m", "records": "work_orders"}, ["A"], KERNELS["time_limit"],
    ...          {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"})
    >>> gathered(t)           # row-local: judged piece by piece, never gathered
    False
    """
    return (not piecewise(it) and it.kernel.level != "record" and it.kernel.name != "promises_kept"
            and it.kernel.reads is not None)


def promise_entries(mask: pd.Series) -> np.ndarray | None:
    """For each occurrence of a promise kernel's mask (as it returned it), which of its promises (the position in
    the measure's list of promises) it is an occurrence of; None when the kernel did not say.

    Examples
    --------
    >>> import pandas as pd
    >>> mask = pd.Series([True, False, True])
    >>> mask.attrs["segments"] = [(0, 2), (1, 1)]      # two occurrences of promise 0, then one of promise 1
    >>> promise_entries(mask).tolist()
    [0, 0, 1]
    >>> promise_entries(pd.Series([True])) is None
    True
    """
    seg = mask.attrs.get("segments")
    if seg is None:
        return None
    ids, sizes = (np.asarray([s[0] for s in seg], dtype=np.int64), np.asarray([s[1] for s in seg], dtype=np.int64))
    if int(sizes.sum()) != len(mask):
        return None
    return np.repeat(ids, sizes)


class _UnitPiecePopulation(_PiecePopulation):
    """A promise measure judged piece by piece: a drill-down reads the pieces again, judges them again, and
    puts the occurrences in the whole's order (promise after promise, each in the records' order)."""

    def materialise(self, mask=None, include_passed: bool = True):
        masks, entries = [], []
        for p in self.pieces():
            ev = evaluate_frame(p, [self.item])[self.item.measure]
            m = ev.mask
            e = promise_entries(m)
            if e is None:
                raise RuntimeError("promise occurrences without their promises / 承诺发生未标明承诺")
            if not include_passed:
                keep = m.eq(False).to_numpy(dtype=bool, na_value=False)
                m, e = m[keep], e[keep]
            if len(m):
                masks.append(m)
                entries.append(e)
        if not masks:  # no occurrence: the kernel's own empty mask
            from ..records import contracts
            names = ["window_id", "promise_id", *contracts()[self.item.params.get("kind", self.item.kind)].key]
            return None, pd.Series(pd.array([], dtype="boolean"), name="passed",
                                   index=pd.MultiIndex.from_arrays([[] for _ in names], names=names))
        whole = pd.concat(masks) if len(masks) > 1 else masks[0]
        order = np.argsort(np.concatenate(entries), kind="stable")
        whole = whole.iloc[order]
        whole.attrs = {}
        return None, whole


def _gather_piece(p: pd.DataFrame, it: Item, codes: _Codes) -> pd.DataFrame:
    """The rows of ``it``'s windows and population in piece ``p``, with the columns it reads and selects by."""
    pos = kernel_positions(p, it, codes)
    cols = needed_columns(it, list(p.columns)) or []
    keep = [c for c in p.columns if c in set(cols) | {"window_id"} | set(it.m.get("where") or {})]
    sub = p[keep]
    return _reduce(sub if pos is None else sub.take(pos), it)


def _reduce(frame: pd.DataFrame, it: Item) -> pd.DataFrame:
    """``frame`` (a piece's gathered rows of ``it``) less the rows that cannot change ``it``'s verdicts: for
    ``every_slot`` (a window and slot served or not, whatever the number of records; no exceptions of its
    own), the first row of each window and slot, and of the rows whose time is blank the first as many as the
    window has slots (each may have filled one slot: how many there are tells whether a window surely misses one,
    up to that many); any other kernel, every row."""
    k = it.kernel
    if k.name != "every_slot" or k.applies is not None or not len(frame):
        return frame
    from ..kernels.counts import slot_of

    p = it.params
    n, s = slot_of(frame[p["time"]], p.get("slot", "hour"))
    w = pd.factorize(frame["window_id"], use_na_sentinel=True)[0].astype(np.int64)
    key = (w + 1) * (n + 1) + (s + 1)
    from ..kernels.counts import slot_classes_of

    cls = slot_classes_of(frame, p)
    if cls is not None:   # a served record, an owed, an unsure and an uncounted one (a call given up within the
        # limit, a 调休 day's transaction) of a slot all count: the first of each class kept (kernels.counts.slot_classes)
        key = key * 4 + cls.astype(np.int64)
    _, first = np.unique(key, return_index=True)
    untimed = np.flatnonzero(s < 0)
    if len(untimed):   # the blank times of each window, numbered in their order: the first n kept
        nth = pd.Series(w[untimed]).groupby(w[untimed]).cumcount().to_numpy()
        first = np.union1d(first, untimed[nth < n])
    return frame.take(np.sort(first))


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [x for x in parts if len(x)] or parts[:1]
    if not parts:
        return pd.DataFrame()
    cats = [c for c in parts[0].columns if isinstance(parts[0][c].dtype, pd.CategoricalDtype)]
    if cats and len(parts) > 1:  # one set of categories for all (each piece has its own)
        from pandas.api.types import union_categoricals
        joined = {c: union_categoricals([x[c] for x in parts]) for c in cats}
        out = pd.concat([x.drop(columns=cats) for x in parts], ignore_index=True)
        for c in cats:
            out[c] = pd.Categorical(joined[c])
        return out[list(parts[0].columns)]
    return pd.concat(parts, ignore_index=True)


class _Writer:
    """``put(x)`` called on a thread of its own, in the order given, at most one call waiting or running at once:
    a piece's missed rows written aside (Arrow IPC: the write lets go of the GIL) while the main thread reads and
    hands out the next piece.  An error of a call is raised by the next :meth:`put` or by :meth:`close`.

    Examples
    --------
    >>> got = []
    >>> w = _Writer(got.append)
    >>> for i in range(3):
    ...     w.put(i)
    >>> w.close(); got
    [0, 1, 2]
    """

    def __init__(self, fn):
        from concurrent.futures import ThreadPoolExecutor

        self.fn, self.last = fn, None
        self.ex = ThreadPoolExecutor(1, thread_name_prefix="windoweval-put")

    def put(self, x) -> None:
        if self.last is not None:
            self.last.result()     # the previous piece's rows are written (and any error of it raised) first
        self.last = self.ex.submit(self.fn, x)

    def close(self, wait_only: bool = False) -> None:
        last, self.last = self.last, None
        try:
            if last is not None:
                if wait_only:
                    last.exception()   # waited for; its error, if any, gives way to the one being raised
                else:
                    last.result()
        finally:
            self.ex.shutdown(wait=True)


def from_store_pieces(out, kind: str, its: list[Item], pieces, again, rows, light, tally, keep=None,
                      plain=frozenset()):
    """Judge ``its`` (each :func:`piecewise` or :func:`gathered`) on ``pieces`` of a store dataset.

    ``again`` reads the pieces again (every column) for a drill-down; ``rows`` the row filters of the read;
    ``light()`` counts the records no measure took when rows were filtered out on reading; ``tally(piece,
    items, kind)`` counts them on a piece.  Fills ``out`` and returns ``(unscored, records per window)``.
    ``keep`` (:class:`~windoweval.engine.missed_pass.Keep`, the pieces then hold every column): the missed
    records of the measures judged piece by piece are put aside from the same judging
    (:class:`~windoweval.engine.missed_pass.KeptPass`), for the drill-downs without a second read; ``plain``: the
    dataset's text columns no masking rule could change a value of (:func:`windoweval.records.store.plain_text_columns`),
    not scanned again when those rows are masked.

    Called by the engine for a store dataset (``windoweval.engine.run``); :func:`windoweval.score` on a store
    takes this path for the work orders, whose promise measure is not row-local.

    Examples
    --------
    >>> from windoweval import score
    >>> from windoweval.demo import tiny_data_dir
    >>> from windoweval.records.store import import_records
    >>> d = tiny_data_dir()            # one hall, PW01; a fault repair in 2024 and one in 2025
    >>> _ = import_records("work_orders", d / "work_orders.csv", store_dir=d)
    >>> (d / "work_orders.csv").unlink()   # the store only
    >>> card = score("power_window", 2025, data=d)
    >>> type(card._masks["power_window.10.2.5"][0]).__name__   # judged piece by piece, read again to drill down
    '_PiecePopulation'
    >>> int(card.results.query("measure == 'power_window.10.2.5'")["met"].sum())
    1
    """
    from .account import add_up

    local = [it for it in its if piecewise(it)]
    gather = [it for it in its if not piecewise(it)]
    parts: dict[str, list] = {it.measure: [] for it in local}
    got: dict[str, list] = {it.measure: [] for it in gather}
    seen = []
    kept = keep.pass_for(local, again, plain) if (keep is not None and local) else None

    def fn(p):
        # with ``kept``: the masks too (not a unit-level population's copy), for the missed rows
        evs = evaluate_frame(p, local, kept is not None, unit_rows=False) if local else {}
        codes = _Codes(p)
        g = {it.measure: _gather_piece(p, it, codes) for it in gather}
        missed = None
        if kept is not None:   # the missed rows taken, then only the counts returned: the piece let go sooner
            missed = kept.judge(p, evs)
            evs = {m: Evaluated(ev.agg, None, None) for m, ev in evs.items()}
        return evs, g, (None if rows else tally(p, its, kind)), missed

    # with ``kept``: each piece's missed rows are put aside (written to the temporary folder) on a thread of their
    # own, in the pieces' order, while the main thread reads the next piece; at most one piece's rows wait there
    writer = _Writer(kept.put) if kept is not None else None
    try:
        # with ``kept``, a piece holds every column and its missed rows are made on the thread: none waits queued
        for evs, g, acc, missed in _each_piece(pieces, its, fn=fn, queued=0 if kept is not None else 1):
            for measure, ev in evs.items():
                parts[measure].append(ev.agg)
            for measure, frame in g.items():
                got[measure].append(frame)
            if acc is not None:
                seen.append(acc)
            if missed is not None:
                writer.put(missed)
            del evs, g, missed
        if writer is not None:
            writer.close()
    except BaseException:
        if writer is not None:
            writer.close(wait_only=True)   # nothing is written into the folder once it is removed
            kept.cleanup()
        raise
    if kept is not None:
        kept.close()
    for it in local:
        pop = (_UnitPiecePopulation if it.kernel.level != "record" else _PiecePopulation)(it, again)
        pop.kept = kept
        out[it.measure] = Evaluated(_sum_aggs(parts[it.measure]), pop, None)
    for it in gather:
        gathered_ = got.pop(it.measure)
        # no piece at all (a year the store holds no record of): the kind's records, none, typed as the contract
        # says, as a file's empty year gives them (never a frame without the columns the measure reads)
        df = _concat(gathered_) if gathered_ else empty(kind)
        out.update(evaluate_frame(df, [it]))
    return light() if rows else add_up(seen)
