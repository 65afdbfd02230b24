"""The missed records of scored measures, one piece at a time (what ``windoweval score`` writes).

:meth:`windoweval.scoring.Scorecard.drilldown` takes one measure's drill-down whole; writing every missed
record of a year that way holds every failed measure's drill-down, and the kind's full records, at once.
Here each measure is a :class:`MissedSource`: its missed rows are found on integer positions (the kernel's
mask, the population's row positions), and its drill-down is given in pieces that, one after another, are
the drill-down row for row (every step of it works row by row).

A kind read from the store with only the columns the measures read keeps a way to read its full records
again (:class:`windoweval.engine.local._Loader`); the missed rows' other columns are then read piece by piece
(:func:`windoweval.records.store.iter_validated`), and only the rows some failed measure missed are kept:
one read of the dataset for every measure of the kind, never the whole frame.

Examples
--------
>>> import tempfile
>>> from windoweval.scoring import score
>>> from windoweval.demo import tiny_records
>>> ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
>>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
>>> src = dict(sources(card, ["power_window.10.2.5"], rows=10))["power_window.10.2.5"]
>>> src.head(5)["order_id"].tolist(), [len(p) for p in src.pieces()]
(['2'], [1])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..kernels import KERNELS
from .frame import _FramePopulation
from .local import _first_frames, _Loader, _PiecePopulation, _typed

__all__ = ["MissedSource", "sources"]


class MissedSource:
    """One measure's drill-down (missed rows only), as ``head(n)`` and as ``pieces()``.

    ``raw(limit)`` gives ``(population rows, their verdicts)`` pairs of missed rows; the scorecard's own
    ``_finish`` turns each pair into drill-down rows.  A source whose pairs give nothing gives the
    scorecard's drill-down instead (an empty frame, typed as the measure's drill-down is).

    Examples
    --------
    >>> import tempfile
    >>> from windoweval import score
    >>> from windoweval.demo import tiny_records
    >>> ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
    >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    >>> (m, src), = sources(card, [card._measure("power_window.10.2.5")])
    >>> type(src).__name__, len(src.head(5)), len(src.whole())
    ('MissedSource', 1, 1)
    """

    def __init__(self, card, measure: str, raw, done=None):
        self.card, self.measure, self._raw, self._done = card, measure, raw, done

    def _finished(self, limit=None):
        any_ = False
        for pop, mask in self._raw(limit):
            if len(mask):
                any_ = True
                yield _plain(self.card._finish(self.measure, pop, mask))
        if not any_:
            yield self.card.drilldown(self.measure)

    def head(self, n: int) -> pd.DataFrame:
        """The first ``n`` rows of the measure's drill-down."""
        got = _first_frames(self._finished(n), n)
        return (pd.concat(got, ignore_index=True) if len(got) > 1 else got[0]).head(n)

    def whole(self) -> pd.DataFrame:
        """The measure's drill-down at once (:meth:`windoweval.scoring.Scorecard.drilldown`)."""
        return self.card.drilldown(self.measure)

    def pieces(self):
        """The measure's drill-down in pieces, in order; nothing is kept once given."""
        try:
            yield from self._finished()
        finally:
            if self._done is not None:
                self._done(self.measure)


def _plain(piece: pd.DataFrame) -> pd.DataFrame:
    """A piece without the mask's attributes (a kernel's open cases, an array of the whole population's length)."""
    piece.attrs = {}
    return piece


class _PassSource(MissedSource):
    """A measure judged piece by piece: its drill-down from the pass that reads the dataset once for every such
    measure (:class:`~windoweval.engine.missed_pass.SharedPass`); ``prepared`` when the pass applied the
    export's ``prepare`` to the pieces (``head`` gives the first rows as they were)."""

    def __init__(self, card, measure: str, shared, rows: int):
        super().__init__(card, measure, None)
        self.shared, self.rows = shared, rows
        self.prepared = shared.prepare is not None

    def head(self, n: int) -> pd.DataFrame:
        got = self.shared.first(self.measure, n)
        if not got:
            return self.card.drilldown(self.measure).head(n)
        return (pd.concat(got, ignore_index=True) if len(got) > 1 else got[0]).head(n)

    def pieces(self):
        try:
            any_ = False
            for f in self.shared.frames(self.measure):
                for part in _split(f, self.rows):
                    any_ = True
                    yield part
            if not any_:
                yield self.card.drilldown(self.measure)
        finally:
            self.shared.done(self.measure)

    def tables(self, refs=(), coded: bool = False):
        """:meth:`pieces` as put aside (``prepared``): Arrow tables of at most ``rows`` rows, or pandas frames where
        a piece was kept as one; None when nothing of the measure was put aside (then :meth:`pieces`).  Rows that
        repeat those of a measure of ``refs`` (a promise's missed occurrences, its time limit's missed rows) are
        given as one reference each (``rows``, ``of_measure``, ``of_row``, ``copied``, ``template``, ``table()``:
        :class:`windoweval.engine.missed_pass.SharedPass`).  ``coded``: a column of few values kept as put aside, an
        Arrow dictionary of its text."""
        if not self.prepared or not hasattr(self.shared, "tables"):
            return None
        return self._tables(refs, coded)

    def _tables(self, refs=(), coded: bool = False):
        try:
            any_ = False
            for t in self.shared.tables(self.measure, refs, coded=coded):
                if hasattr(t, "of_measure"):   # a reference: one piece, whatever its rows
                    any_ = True
                    yield t
                    continue
                if isinstance(t, pd.DataFrame):
                    parts = _split(t, self.rows)
                else:
                    parts = (t.slice(a, self.rows) for a in range(0, max(t.num_rows, 1), self.rows))
                for part in parts:
                    any_ = True
                    yield part
            if not any_:
                yield self.card.drilldown(self.measure)
        finally:
            self.shared.done(self.measure)


def _split(f: pd.DataFrame, rows: int):
    if len(f) <= rows:
        yield f
        return
    for a in range(0, len(f), rows):
        yield f.iloc[a:a + rows].reset_index(drop=True)


class _Rows:
    """The full records of a kind at the rows some failed measures missed (positions ``at``), read once,
    piece by piece, when first asked for; let go once every measure that needs them is written."""

    def __init__(self, pop: _FramePopulation, at: np.ndarray, measures: set):
        self.pop, self.at, self.waiting, self.frame = pop, at, set(measures), None

    def get(self) -> pd.DataFrame:
        if self.frame is None:
            self.frame = _read_rows(self.pop, self.at)
        return self.frame

    def done(self, measure: str) -> None:
        self.waiting.discard(measure)
        if not self.waiting:
            self.frame = None


def _streamable(pop: _FramePopulation) -> bool:
    """The full records can be read again piece by piece, row for row with the scored frame."""
    full = pop.full
    return (isinstance(full, _Loader) and full.df is None and full.pieces is not None and full.kind is not None
            and isinstance(pop.df.index, pd.RangeIndex) and pop.df.index.start == 0 and pop.df.index.step == 1)


def _read_rows(pop: _FramePopulation, at: np.ndarray) -> pd.DataFrame:
    """Rows ``at`` (ascending positions) of the kind's full records, labelled as ``full().take(at)`` labels
    them: the columns the scored frame holds are taken from it, the others read again piece by piece (with
    ``window_id``, as a categorical, to check that the rows are the same).  Refuses records that changed
    since they were scored."""
    from ..records import contracts

    df = pop.df
    kind = pop.full.kind
    spec = contracts()[kind].columns
    every = list(spec)
    rest = [c for c in every if c not in df]
    check = "window_id" in spec and "window_id" in df
    read = list(dict.fromkeys(rest + (["window_id"] if check else [])))
    parts, off = [], 0
    if read:
        for piece in pop.full.pieces(columns=read, categorical=["window_id"] if check else None):
            n = len(piece)
            lo, hi = np.searchsorted(at, [off, off + n])
            if hi > lo:
                part = piece.take(at[lo:hi] - off)
                part.index = pd.Index(at[lo:hi])
                parts.append(part)
            off += n
        if off != len(df):
            raise RuntimeError("the records changed since they were scored / 评分后记录已改变: score again")
    got = pd.concat(parts) if len(parts) > 1 else (parts[0] if parts else None)
    if check and got is not None:  # the same records, row for row
        a = got["window_id"].astype("string").reset_index(drop=True)
        b = df["window_id"].take(at).astype("string").reset_index(drop=True)
        if not a.equals(b):
            raise RuntimeError("the records changed since they were scored / 评分后记录已改变: score again")
    kept = df.take(at)
    kept.index = pd.Index(at)
    cols = {}
    for c in every:
        if c in rest:
            cols[c] = got[c]
        else:  # a column scored as a categorical is text in the full records
            s = kept[c]
            cols[c] = s.astype(_typed(kind, c)) if isinstance(s.dtype, pd.CategoricalDtype) else s
    return pd.DataFrame(cols, index=pd.Index(at))


def _missed(mask: pd.Series) -> np.ndarray:
    return mask.eq(False).to_numpy(dtype=bool, na_value=False)


def _chunks(n: int, rows: int, limit=None):
    stop = n if limit is None else min(n, int(limit))
    for a in range(0, stop, rows):
        yield a, min(a + rows, stop)


def sources(card, measures: list[str], rows: int = 250_000, prepare=None):
    """``(measure, MissedSource)`` for each of ``measures`` (keys of ``card._masks``), in order.

    See the module docstring; ``rows`` is the most rows of one piece.  The measures judged piece by piece
    from one store dataset are read once for all of them (:class:`~windoweval.engine.missed_pass.SharedPass`);
    ``prepare`` (the export's masking) is applied to their pieces before they are put aside, and their
    sources then say ``prepared``.  Called through
    :meth:`windoweval.scoring.Scorecard.missed_pieces`, which turns clause ids into keys.

    Examples
    --------
    >>> import tempfile
    >>> from windoweval import score
    >>> from windoweval.demo import tiny_records
    >>> ws, orders = tiny_records()
    >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    >>> [(m, [len(p) for p in src.pieces()]) for m, src in sources(card, [card._measure("power_window.10.2.5")])]
    [('power_window.10.2.5', [1])]
    """
    rows = max(1, int(rows))
    # the rows each failed measure of a re-readable kind missed, gathered per kind: one read for all of them
    groups: dict[int, tuple[_FramePopulation, list, set]] = {}
    plan = {}
    for m in measures:
        pop, mask, spec = card._masks[m]
        if KERNELS[spec["kernel"]].level == "record" and isinstance(pop, _FramePopulation) and mask is not None:
            keep = _missed(mask)
            at = np.flatnonzero(keep) if pop.pos is None else np.asarray(pop.pos)[keep]
            plan[m] = (at, keep)
            if pop.full is not None and _streamable(pop):
                g = groups.setdefault(id(pop.full), (pop, [], set()))
                g[1].append(at)
                g[2].add(m)
    passes: dict = {}
    pass_of: dict = {}
    for m in measures:
        pop = card._masks[m][0]
        if isinstance(pop, _PiecePopulation) and m not in plan:
            kept = pop.kept
            # put aside while scoring, as ``prepare`` makes them: no second read (engine.missed_pass.KeptPass)
            src = kept if (kept is not None and kept.serves(m, prepare)) else pop.pieces
            pass_of[m] = id(src)
            passes.setdefault(id(src), (src, []))[1].append((m, pop.item))
    from .missed_pass import KeptPass, SharedPass
    shared_pass = {}
    for key, (read, ms) in passes.items():
        if isinstance(read, KeptPass):
            read.serve(card, [m for m, _ in ms])
            shared_pass[key] = read
        else:
            shared_pass[key] = SharedPass(card, ms, read, prepare)
    shared = {key: _Rows(pop, np.unique(np.concatenate(ats)) if ats else np.array([], dtype=np.int64), ms)
              for key, (pop, ats, ms) in groups.items()}

    for m in measures:
        pop, mask, spec = card._masks[m]
        level = KERNELS[spec["kernel"]].level
        if m in plan:
            at, keep = plan[m]
            got = shared.get(id(pop.full)) if pop.full is not None else None
            yield m, MissedSource(card, m, _frame_raw(pop, mask, at, keep, got, rows),
                                  done=got.done if got is not None else None)
        elif isinstance(pop, _PiecePopulation):
            yield m, _PassSource(card, m, shared_pass[pass_of[m]], rows)
        elif level == "record" and isinstance(pop, pd.DataFrame) and mask is not None and len(pop) == len(mask):
            yield m, MissedSource(card, m, _plain_raw(pop, mask, rows))
        elif level != "record" and mask is not None and isinstance(mask.index, pd.MultiIndex | pd.Index):
            yield m, MissedSource(card, m, _unit_raw(mask, rows))
        else:  # anything else (a Dask population): the drill-down whole, as one piece
            yield m, MissedSource(card, m, lambda limit, m=m: iter(()))


def _frame_raw(pop: _FramePopulation, mask: pd.Series, at: np.ndarray, keep: np.ndarray, got: _Rows | None,
               rows: int):
    """A measure kept by reference: its missed rows, from the frame, the shared rows read again, or the full
    records (read whole, as :meth:`_FramePopulation.materialise` reads them, when they cannot be read in pieces)."""
    def raw(limit=None):
        if not len(at):
            return
        mk = mask[keep]
        if got is not None:
            src = got.get()
            where = np.searchsorted(src.index.to_numpy(), at)
            take = lambda a, b: src.take(where[a:b])  # noqa: E731
        else:
            full = pop.df if pop.full is None else pop.full()
            if pop.full is not None and (len(full) != len(pop.df) or not full.index.equals(pop.df.index)):
                raise RuntimeError("the records changed since they were scored / 评分后记录已改变: score again")
            take = lambda a, b: full.take(at[a:b])  # noqa: E731
        for a, b in _chunks(len(at), rows, limit):
            yield take(a, b), mk.iloc[a:b]
    return raw


def _plain_raw(pop: pd.DataFrame, mask: pd.Series, rows: int):
    def raw(limit=None):
        keep = np.flatnonzero(_missed(mask))
        for a, b in _chunks(len(keep), rows, limit):
            yield pop.take(keep[a:b]), mask.take(keep[a:b])
    return raw


def _unit_raw(mask: pd.Series, rows: int):
    def raw(limit=None):
        keep = np.flatnonzero(_missed(mask))
        for a, b in _chunks(len(keep), rows, limit):
            yield None, mask.take(keep[a:b])
    return raw
