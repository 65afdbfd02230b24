"""``evaluate``: read each kind of record once and apply every measure that reads it, in pandas or on Dask."""
from __future__ import annotations

import pandas as pd

from .. import paths
from ..records import contracts, find_files, read_records
from ..records.validate import empty
from .plan import Evaluated, Item, read_columns, row_filters
from .frame import Results, _empty_agg, _prepare, evaluate_frame, unscored
from .local import _Loader, _PiecePopulation, _each_piece, _store_dataset, _sum_aggs, distinct_rows
from .dask import _evaluate_dask
from .byvalue import score_by_value
from .pieces import from_store_pieces, gathered, piecewise
from .edges import attach_edges, reach_of
from .account import TURN_COLUMNS, add_up, known_windows, refuse_unknown, selection_columns, tally


#: Rows of a piece when a store dataset with measures that are not row-local is read piece by piece.
PIECE_ROWS = 250_000

#: When the missed records are put aside by the same read (``keep``: ``windoweval score``), a piece is
#: :data:`PIECE_ROWS` divided by this (166,666 rows): the pieces then hold every column, and their missed rows are
#: made on the judging threads, so the process's peak is a few such pieces at once.  Halved (125,000 rows), the
#: command's peak at 10 million work orders was ~520 -> ~430 MiB (benchmarks/README.md, thirteenth round); with
#: Arrow's jemalloc pool since, it is ~400 MiB at 125,000 rows and ~410 at 166,666, while the drill-down of a
#: piece costs ~37 ms of CPU whatever its rows (session 21): a third fewer pieces.  The counts and the files
#: written do not depend on the size of a piece.
KEPT_PIECE_SHARE = 1.5


def evaluate(items: list[Item], data=None, year: int | None = None, mapping: dict | None = None,
             records: dict | None = None, scheduler=None, keep=None) -> dict[str, Evaluated]:
    """Evaluate planned measures, reading each kind of record once.

    Parameters
    ----------
    items : list of Item
        The measures (see :func:`windoweval.scoring.score`).
    data : path, optional
        The records directory (the demo data by default).
    year : int, optional
        Keep the records of this year.
    mapping : dict, optional
        The workspace's header and code mapping, by kind.
    records : dict, optional
        ``{kind: DataFrame}`` already read (evaluated in pandas).
    scheduler : optional
        None for pandas; else a Dask scheduler (see the module docstring).
    keep : windoweval.engine.missed_pass.Keep, optional
        Put aside the missed records of the measures a store dataset is judged for piece by piece, with the
        scoring read (see :func:`windoweval.scoring.score`, ``keep_missed``).

    Returns
    -------
    dict
        measure -> :class:`Evaluated`.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"window_id": ["A"], "ok": pd.array([True], dtype="boolean")})
    >>> it = Item({"measure": "m", "records": "x"}, ["A"], KERNELS["flag"], {"column": "ok"})
    >>> evaluate([it], records={"x": df}, scheduler="sync")["m"].agg["met"].tolist()
    [1]
    """
    mapping = {} if mapping is None else mapping  # an empty mapping may still carry the workspace's default (known windows)
    records = records or {}
    if year is not None and scheduler is None:
        # a kernel that looks across the year's edge, its kind in a file (read whole whatever the year): read once,
        # every year, and taken as frames handed in (the year's rows and the edge's from the same read); without
        # this the edge and the year were two reads wherever the open scope keeps no frames (`windoweval score`)
        whole = {}
        for kind in reach_of(items):
            if kind in records:
                continue
            found = find_files(kind, paths.data_dir(data), mapping.get(kind))
            if found and _store_dataset(kind, data, found) is None:
                whole[kind] = read_records(kind, data, mapping=mapping.get(kind))
        if whole:
            records = {**records, **whole}
    if year is not None and records:   # frames handed in: the year's records, as a read of the year gives them
        items = attach_edges(items, data, year, mapping, records)
        records = {k: (contracts()[k].rows_of_year(v, year) if k in contracts() else v) for k, v in records.items()}
    by_kind: dict[str, list[Item]] = {}
    for it in items:
        by_kind.setdefault(it.kind, []).append(it)
    out: dict[str, Evaluated] = Results()
    found: dict[str, list] = {}  # find_files without a mapping (the data directory's own), looked up once
    for kind in [k for k in by_kind if k not in records and _absent(k, data, mapping.get(k), found)]:
        _no_evidence(out, kind, by_kind.pop(kind))
    if not by_kind:
        return out
    reach = reach_of(it for its in by_kind.values() for it in its)
    if year is not None and any(k not in records for k in reach):
        # a kernel that looks across the year's edge: the next (previous) year's rows near it, read once and
        # bound to its measures before the paths part (pandas, store pieces, Dask)
        for kind in [k for k in reach if k not in records]:
            ds = _store_dataset(kind, data, found.get(kind))
            by_kind[kind] = attach_edges(by_kind[kind], data, year, mapping, datasets={kind: ds})
    if scheduler is None:
        for kind, its in by_kind.items():
            if kind in records:
                df = _prepare(kind, records[kind])
                out.update(evaluate_frame(df, its))
                out.unscored.append(unscored(df, its, kind))
                continue
            f = _store_dataset(kind, data, found.get(kind))
            plan = read_columns(its, list(contracts()[kind].columns)) if f is not None else None
            if plan is None:
                df = _prepare(kind, read_records(kind, data, year=year, mapping=mapping.get(kind)))
                out.update(evaluate_frame(df, its))
                out.unscored.append(unscored(df, its, kind))
            else:  # a store dataset: only the columns the measures read; the rest if a drill-down asks
                _from_store(out, kind, its, f, plan, year, known_windows(mapping.get(kind)), keep)
        return out
    res = _evaluate_dask(by_kind, data, year, mapping, records, scheduler)
    res.update(out)          # the kinds with no file: no evidence, as on the pandas path
    return res


def _absent(kind: str, data, mapping, found: dict | None = None) -> bool:
    """True when the data directory holds no file (and no dataset) of ``kind`` at all."""
    got = find_files(kind, paths.data_dir(data), mapping)
    if mapping is None and found is not None:
        found[kind] = got
    return not got


def _no_evidence(out: Results, kind: str, its: list[Item]) -> None:
    """Measures of a kind the data directory holds no file of: no evidence (``no_data``) for every window.

    Never a verdict on missing evidence: a count or roster kernel would judge an empty frame (no roster: nobody
    has the skill; no activity: fewer than required) and fail every window; with no file delivered at all the
    records were not looked at, so no window is judged.
    """
    pop = empty(kind)   # no records, typed as the contract says
    for it in its:
        out[it.measure] = Evaluated(_empty_agg(), pop, pd.Series(pd.array([], dtype="boolean"), name="passed"))


def _from_store(out: Results, kind: str, its: list[Item], f, plan: tuple, year, known, keep=None) -> None:
    """A validated store dataset: only the columns the measures read, piece by piece when every measure is
    row-local; every record accounted for (``unscored``) and unknown window ids refused as on the pandas path.

    Transcripts exported one turn per row are read whole (a dialogue's turns may lie in two pieces) and
    joined into dialogues before they are judged, as the pandas path joins them.
    """
    from ..records.store import count_distinct, iter_validated, plain_text_columns, read_validated

    cols, cats = plan
    turns = kind == "transcripts"
    rows = [] if turns else row_filters(its, kind)  # a dialogue is counted whole, never some of its turns
    sel = selection_columns(its, kind)
    if turns:  # the columns that make turns a dialogue
        cols = list(dict.fromkeys([*cols, *(c for c in TURN_COLUMNS if c in contracts()[kind].columns)]))
    # the records no measure took: counted on what is read, or (rows filtered out on reading) on the
    # selecting columns alone, read once more as categoricals, each distinct combination judged once
    def light():
        got = count_distinct(kind, f, year=year, columns=sel)  # on Parquet's codes, no frame of the records
        if got is not None:
            return add_up([tally(got[0], its, kind, weights=got[1])])
        parts = []
        for p in iter_validated(kind, f, year=year, columns=sel, categorical=sel):
            d, n = distinct_rows(p)
            parts.append(tally(d, its, kind, weights=n))
        return add_up(parts)
    got = score_by_value(kind, f, year, its, plan, rows) if not turns else None
    if got is not None:  # a sorted store: row group by row group, each read for the measures of its one value
        parts, (u, counts) = got
        refuse_unknown(counts, known, kind, f)
        # one reader for every measure of the kind (its missed records read in one pass: engine.missed_pass)
        again = (lambda kind=kind, f=f, rows=rows, **kw: iter_validated(kind, f, year=year, rows=rows, **kw))
        for it in its:
            out[it.measure] = Evaluated(_sum_aggs(parts[it.measure]), _PiecePopulation(it, again), None)
    elif all(it.row_local for it in its) and not turns:  # piece by piece: the memory of a piece, counts summed
        pieces = iter_validated(kind, f, year=year, columns=cols, categorical=cats, rows=rows)
        parts: dict[str, list] = {it.measure: [] for it in its}
        seen = []
        for evs, acc in _each_piece(pieces, its, fn=lambda p: (evaluate_frame(p, its, False),
                                                               None if rows else tally(p, its, kind))):
            for measure, ev in evs.items():
                parts[measure].append(ev.agg)
            if acc is not None:
                seen.append(acc)
        u, counts = light() if rows else add_up(seen)
        refuse_unknown(counts, known, kind, f)
        # one reader for every measure of the kind: their missed records are read in one pass (engine.missed_pass)
        again = (lambda kind=kind, f=f, rows=rows, **kw: iter_validated(kind, f, year=year, rows=rows, **kw))
        for it in its:
            out[it.measure] = Evaluated(_sum_aggs(parts[it.measure]), _PiecePopulation(it, again), None)
    elif not turns and all(piecewise(it) or gathered(it) for it in its):
        # not every measure row-local, yet each judged piece by piece or on its population gathered from the
        # pieces (windoweval.engine.pieces): never the kind's records whole
        again = (lambda kind=kind, f=f, rows=rows, **kw: iter_validated(kind, f, year=year, rows=rows, **kw))
        # the missed records put aside with this read (keep): every column read, the same rows; the window ids
        # from Parquet's dictionaries (a categorical: each piece's window codes come with the read, not factorised
        # from the text by the measures, the drill-down's masking and the promises' repeats; the same verdicts,
        # rows and files, the text given back where the rows are taken; ~5 % of the command's CPU, fifteenth round)
        pieces = iter_validated(kind, f, year=year, columns=cols if keep is None else list(contracts()[kind].columns),
                                categorical=cats if keep is None else list(dict.fromkeys([*cats, "window_id"])),
                                rows=rows,
                                batch_rows=PIECE_ROWS if keep is None else max(1, int(PIECE_ROWS / KEPT_PIECE_SHARE)))
        # the text columns whose every stored value no masking rule changes (found when the files were written):
        # the missed rows' values of those are not scanned again for masking
        plain = plain_text_columns(f) if keep is not None else frozenset()
        u, counts = from_store_pieces(out, kind, its, pieces, again, rows, light, tally, keep=keep, plain=plain)
        refuse_unknown(counts, known, kind, f)
    else:
        if turns:
            full = _Loader(lambda: _prepare(kind, read_validated(kind, f, year=year, rows=rows)))
            df = _prepare(kind, read_validated(kind, f, year=year, columns=cols, categorical=cats, rows=rows))
        else:
            full = _Loader(lambda: read_validated(kind, f, year=year, rows=rows),
                           pieces=lambda columns=None, categorical=None: iter_validated(
                               kind, f, year=year, columns=columns, categorical=categorical, rows=rows,
                               batch_rows=100_000), kind=kind)
            df = read_validated(kind, f, year=year, columns=cols, categorical=cats, rows=rows)
        u, counts = light() if rows else tally(df, its, kind)
        refuse_unknown(counts, known, kind, f)
        out.update(evaluate_frame(df, its, full=full))
    out.unscored.append(u)
