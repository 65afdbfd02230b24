"""``evaluate``: read each kind of record once and apply every measure that reads it, in pandas or on Dask."""
from __future__ import annotations



from ..records import contracts, read_records
from .plan import Evaluated, Item, read_columns, row_filters
from .frame import Results, _prepare, evaluate_frame, unscored
from .local import _Loader, _PiecePopulation, _each_piece, _store_dataset, _sum_aggs
from .dask import _evaluate_dask


def evaluate(items: list[Item], data=None, year: int | None = None, mapping: dict | None = None,
             records: dict | None = None, scheduler=None) -> dict[str, Evaluated]:
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
    mapping = mapping or {}
    records = records or {}
    by_kind: dict[str, list[Item]] = {}
    for it in items:
        by_kind.setdefault(it.kind, []).append(it)
    out: dict[str, Evaluated] = Results()
    if scheduler is None:
        for kind, its in by_kind.items():
            if kind in records:
                df = _prepare(kind, records[kind])
                out.update(evaluate_frame(df, its))
                out.unscored.append(unscored(df, its, kind))
                continue
            f = _store_dataset(kind, data)
            plan = read_columns(its, list(contracts()[kind].columns)) if f is not None else None
            if plan is None:
                df = _prepare(kind, read_records(kind, data, year=year, mapping=mapping.get(kind)))
                out.update(evaluate_frame(df, its))
                out.unscored.append(unscored(df, its, kind))
            else:  # a store dataset: only the columns the measures read; the rest if a drill-down asks
                from ..records.store import iter_validated, read_validated
                cols, cats = plan
                rows = row_filters(its, kind)
                full = _Loader(lambda kind=kind, f=f, rows=rows: read_validated(kind, f, year=year, rows=rows))
                if all(it.row_local for it in its):  # piece by piece: the memory of a piece, counts summed
                    pieces = iter_validated(kind, f, year=year, columns=cols, categorical=cats, rows=rows)
                    parts: dict[str, list] = {it.measure: [] for it in its}
                    for evs in _each_piece(pieces, its):
                        for measure, ev in evs.items():
                            parts[measure].append(ev.agg)
                    for it in its:
                        again = (lambda kind=kind, f=f, rows=rows: iter_validated(kind, f, year=year, rows=rows))
                        out[it.measure] = Evaluated(_sum_aggs(parts[it.measure]), _PiecePopulation(it, again), None)
                else:
                    df = read_validated(kind, f, year=year, columns=cols, categorical=cats, rows=rows)
                    out.update(evaluate_frame(df, its, full=full))
                    if not rows:  # every row read: the ones no measure took can be counted
                        out.unscored.append(unscored(df, its, kind))
        return out
    return _evaluate_dask(by_kind, data, year, mapping, records, scheduler)
