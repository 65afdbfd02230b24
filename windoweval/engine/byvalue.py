"""A store dataset scored row group by row group, each read for the measures its one order type concerns.

A store file is sorted by the contract's first category column, one row group per
value (:func:`windoweval.records.store.write_part`), and each row group's statistics
say which value it holds (``order_type`` is ``fault_repair``).  Scoring some of the
measures of work orders (the two minute limits) then needs:

* of a row group some measure selects: the window and the columns *those* measures'
  kernels read (the arrival-time limit of fault repairs reads ``received_at`` and
  ``arrived_at``, the appointments' ``due_at`` and ``arrived_at``), without the
  order type itself (it is the row group's one value) — a narrower read than one
  scan with the union of every measure's columns;
* of a row group no measure selects: only its window ids, counted, for the records
  no measure took (:func:`~windoweval.engine.frame.unscored`) — counted here once,
  with the row groups read for the measures counted from what they read, instead
  of a second scan of window and order type of every record.

Row groups are grouped into tasks of about :data:`TASK_ROWS` rows of one value and
run on a few threads (pyarrow and numpy let go of the GIL); a task holds only its
rows, so the memory is that of a few tasks, whatever the size of the dataset.  Each
task's frame goes through :func:`~windoweval.engine.frame.evaluate_frame`, the same
populations, kernels and counts as every other path: the counts are the same as a
read of the whole dataset (``tests/test_engine_byvalue.py``).

A dataset whose row groups do not each hold one value (written before the store was
sorted), a year that is not a date column, measures that are not row-local, or
populations selected by more than window and that one column: :func:`score_by_value`
returns None and the caller reads as before.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import pandas as pd
import pyarrow as pa

from ..records import contracts
from .account import add_up, selection_columns, tally
from .frame import evaluate_frame
from .plan import Item, needed_columns

__all__ = ["score_by_value", "combine", "TASK_ROWS", "COUNT_ROWS"]

#: Rows (by the row groups' sizes) of one task that measures read: a task's memory.
TASK_ROWS = 400_000

#: Rows of one task whose window ids are only counted (four bytes a row).
COUNT_ROWS = 2_000_000

#: Files a task thread keeps open for the tasks after it (each file holds a row group of every value).
OPEN_FILES = 64

#: Rows judged at once on a task's arrays (:func:`_on_arrays`): a block's temporaries (up to 8 bytes a row, half
#: a MiB) stay in the cache between the verdict's passes; smaller blocks pay the verdict's fixed cost too often.
BLOCK_ROWS = 65_536


def _values(cond) -> set:
    return set(map(str, cond if isinstance(cond, (list, tuple)) else [cond]))


def _window_counts(col) -> list[tuple[np.ndarray, np.ndarray]]:
    """The window ids of a (dictionary) column and how many rows have each: one ``(ids, counts)`` for the column,
    each chunk's codes counted on its own dictionary and the counts added up by id (a task's row groups, each with
    its dictionary, give one short list of windows to add up, not one per row group: :func:`_pairs` on the main
    thread factorizes fewer ids).  The ids in the order their dictionaries first give them (as
    ``unify_dictionaries`` numbers them, without rewriting every code to the unified numbers).  A missing window id
    is a value of its own (None).

    Examples
    --------
    >>> a = pa.DictionaryArray.from_arrays(pa.array([0, 1, 1, None], pa.int32()), pa.array(["W1", "W2"]))
    >>> b = pa.DictionaryArray.from_arrays(pa.array([0, 1], pa.int32()), pa.array(["W3", "W1"]))
    >>> [(ids.tolist(), n.tolist()) for ids, n in _window_counts(pa.chunked_array([a, b]))]
    [([None, 'W1', 'W2', 'W3'], [1, 2, 2, 1])]
    """
    import pyarrow.compute as pc

    chunks = [ch for ch in (col.chunks if isinstance(col, pa.ChunkedArray) else [col]) if len(ch)]
    if not chunks:
        return []
    chunks = [ch if pa.types.is_dictionary(ch.type) else ch.dictionary_encode() for ch in chunks]
    # every chunk's dictionary values numbered at once, in the order they first occur (as unify_dictionaries numbers
    # them): a few hundred values a chunk, never a row; a value left blank in a dictionary is a missing id
    values = pc.dictionary_encode(pa.concat_arrays([ch.dictionary for ch in chunks]))
    number = pc.fill_null(values.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64) + 1
    missing = 0
    counts = []
    for ch in chunks:
        size = len(ch.dictionary)
        if ch.null_count == 0:   # no missing window id: the codes counted as they are (one pass, no copies)
            counts.append(np.bincount(ch.indices.to_numpy(), minlength=size))
        else:                    # a missing id coded past the dictionary's end, counted apart
            c = np.bincount(_filled(ch.indices, size), minlength=size + 1)
            missing += int(c[size])
            counts.append(c[:size])
    # each chunk's counts added to its values' numbers (whole numbers far below 2**53: exact as floats)
    n = np.bincount(number, weights=np.concatenate(counts), minlength=len(values.dictionary) + 1).astype(np.int64)
    n[0] += missing
    names = np.empty(len(n), dtype=object)
    names[0] = None  # a missing window id: a value of its own
    names[1:] = values.dictionary.to_numpy(zero_copy_only=False)
    nz = np.flatnonzero(n)
    return [(names[nz], n[nz])]


def _filled(indices, value: int) -> np.ndarray:
    """A dictionary column's codes with ``value`` where the id is missing (an int64 array)."""
    import pyarrow.compute as pc

    return pc.fill_null(indices, value).to_numpy(zero_copy_only=False).astype(np.int64)


def _code_counts(codes: np.ndarray, values: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`_window_counts` from a column's :func:`_codes` (one dictionary, -1 where missing): the same ids and
    counts, the codes counted once.

    Examples
    --------
    >>> [(a.tolist(), b.tolist()) for a, b in _code_counts(np.array([1, 0, 1, -1]), np.array(["W1", "W2"], dtype=object))]
    [([None, 'W1', 'W2'], [1, 1, 2])]
    """
    if not len(codes):
        return []
    n = np.bincount(codes.astype(np.int64) + 1, minlength=len(values) + 1)
    names = np.empty(len(n), dtype=object)
    names[0] = None  # a missing window id: a value of its own
    names[1:] = values
    nz = np.flatnonzero(n)
    return [(names[nz], n[nz])]


#: The parameters of ``time_limit`` that :func:`_on_arrays` takes as they are (the others name columns, or are
#: settings of its ``applies``, which leaves no record out without ``exempt`` or ``abandoned``).
_VERDICT_PARAMS = ("limit", "unit", "missing", "early", "extended_limit", "calendar", "extend_to_workday", "horizon",
                   "unstarted")


def _arrays_ok(it: Item, columns: list[str]) -> bool:
    """Whether ``it`` is judged on a task's Arrow arrays (:func:`_on_arrays`): a ``time_limit`` of the record's start
    and end that sets no record apart (no ``exempt``, ``abandoned`` or ``special`` column), counted per record,
    selected by windows (and the row group's one value), without weights."""
    p = it.params
    return (it.kernel.name == "time_limit" and it.kernel.level == "record" and it.wins is not None
            and not it.m.get("weight_column") and it.kernel.units is None
            and not p.get("exempt") and not p.get("abandoned") and not p.get("special")
            and p.get("start") in columns and p.get("end") in columns
            and all(c in columns for c in _order_columns(p))
            and set(p) <= {"start", "end", "exempt", "abandoned", "abandoned_within", "special", "status",
                           "not_before", "not_after", "withdrawn_ends", *_VERDICT_PARAMS})


_NAT_NS = np.iinfo(np.int64).min   # NaT as int64 nanoseconds


def _order_columns(p: dict) -> list[str]:
    """The columns of a time limit's ``not_before`` / ``not_after`` (the steps around its end), in that order."""
    out = []
    for key in ("not_before", "not_after"):
        v = p.get(key)
        out += [v] if isinstance(v, str) else list(v or [])
    return out


def _arrays_read(t: pa.Table, its: list[Item], blank: dict | None = None) -> bool:
    """Whether a task's table holds what :func:`_on_arrays` reads as the store's frame would give it: the window ids
    as text dictionaries without a missing value among their values, the start and end as timestamps in
    nanoseconds without a time zone (a zone's wall-clock time is the frame's business).  ``blank``: the columns
    left unread, missing on every row (:func:`_blank`), with their type in the dataset."""
    blank = blank or {}
    w = t.schema.field("window_id").type if "window_id" in t.column_names else None
    if w is None or not (pa.types.is_dictionary(w) and pa.types.is_string(w.value_type)):
        return False
    if any(ch.dictionary.null_count for ch in t.column("window_id").chunks):
        return False
    ns = pa.timestamp("ns")
    if any(_withdrawn_in(t, it.params) for it in its):   # a withdrawn order's end read as its withdrawal: the frame's
        return False
    return all((c in t.column_names and t.schema.field(c).type == ns) or blank.get(c) == ns
               for it in its for c in (it.params["start"], it.params["end"], *_order_columns(it.params)))


def _withdrawn_in(t: pa.Table, p: dict) -> bool:
    """Whether a time limit with ``withdrawn_ends`` may find a record its status marks withdrawn in the table (the
    status column holds the value, or cannot be told without reading it): such a task is judged on its frame
    (:func:`~windoweval.kernels.time.time_limit`), which leaves the withdrawn ones within the limit out."""
    import pyarrow.compute as pc

    st = p.get("status")
    if not p.get("withdrawn_ends") or not st or st not in t.column_names:
        return False
    col = t.column(st)
    if all(pa.types.is_dictionary(ch.type) for ch in col.chunks):
        return any(pc.any(pc.equal(ch.dictionary, "withdrawn")).as_py() for ch in col.chunks if len(ch.dictionary))
    return bool(pc.any(pc.equal(col, "withdrawn")).as_py())


def _blank(rgs: list, columns: list[str]) -> set[str]:
    """The columns of ``columns`` (other than the window) missing on every row of every row group of ``rgs``, by
    the row groups' statistics (a null count equal to the rows, as :meth:`~windoweval.records.store._Scan.row_groups`
    reads a guarded column's): not read, each judged as a column of NaT (:func:`_on_arrays`).  A column a file
    lacks, or whose statistics do not count its nulls, is read."""
    out = None
    for r in rgs:
        if r.index is None:
            return set()
        names = r.metadata.schema.names
        rg = r.metadata.row_group(r.index)
        got = set()
        for c in (columns if out is None else out):
            if c == "window_id" or c not in names:
                continue
            st = rg.column(names.index(c)).statistics
            if st is not None and st.has_null_count and st.null_count == r.rows:
                got.add(c)
        out = got
        if not out:
            break
    return out or set()


def _codes(col) -> tuple[np.ndarray, np.ndarray]:
    """A dictionary column's codes (one dictionary for every chunk, -1 where missing) and its values (an object
    array), as the store's frame gives them (:func:`windoweval.records.store.to_frame`: a categorical's codes and
    categories)."""
    import pyarrow.compute as pc

    col = col.unify_dictionaries()
    chunks = col.chunks
    codes = [(pc.fill_null(ch.indices, -1) if ch.null_count else ch.indices).to_numpy(zero_copy_only=False)
             for ch in chunks]
    return (np.concatenate(codes) if len(codes) > 1 else codes[0]), chunks[0].dictionary.to_numpy(zero_copy_only=False)


def _on_arrays(t: pa.Table, its: list[Item], blank=(), codes: tuple | None = None,
               counted: list | None = None) -> dict[str, pd.DataFrame]:
    """The counts per window of each measure of ``its`` (each :func:`_arrays_ok`) on a task's table, judged on its
    arrays: the rows of the measure's windows, :func:`~windoweval.kernels.time.time_limit_verdicts` on their start
    and end as int64 nanoseconds, counted per window by the engine's own counting
    (:func:`~windoweval.engine.frame._agg_flags`).  What :func:`~windoweval.engine.frame.evaluate_frame` gives on the
    task's frame (the same populations, verdicts and counts), without building the frame, its masks and its
    population frames.  ``blank``: columns not read, missing on every row (:func:`_blank`): NaT throughout, a step
    among them never out of order nor done.  ``codes``: the window column's :func:`_codes`, when the caller has them.
    ``counted`` (a list): the task's records per window (:func:`_code_counts`' ``(ids, counts)``) appended to it when
    a measure judged every row (each of its windows, none missing): the sums of that measure's packed counts, so the
    window codes are not counted a second time; left empty otherwise (the caller counts them).

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> it = Item({"measure": "m", "records": "work_orders"}, ["W1", "W2"], KERNELS["time_limit"],
    ...           {"start": "s", "end": "e", "limit": 1, "unit": "minutes"})
    >>> t = pa.table({"window_id": pa.array(["W1", "W2", "W1"]).dictionary_encode(),
    ...               "s": pa.array([0, 0, 0], pa.timestamp("ns")), "e": pa.array([10**6, 10**11, 2 * 10**6], pa.timestamp("ns"))})
    >>> seen = []
    >>> _on_arrays(t, [it], counted=seen)["m"][["records", "n", "met"]].values.tolist()
    [[2, 2, 2], [1, 1, 0]]
    >>> [(a.tolist(), b.tolist()) for a, b in seen] == [(a.tolist(), b.tolist()) for a, b in _code_counts(*_codes(t["window_id"]))]
    True
    """
    import pyarrow.compute as pc

    from ..kernels.time import CLOSED, _surely_before, by_later_step, closed_of, done_by_steps, time_limit_verdicts
    from .frame import _agg_flags

    wcodes, values = codes if codes is not None else _codes(t.column("window_id"))
    uniq = pd.Index(values)   # as the frame's categories (pandas' text dtype)
    missing = None
    ns = {}

    def col(name: str) -> np.ndarray:
        if name not in ns and name in blank:
            ns[name] = np.full(t.num_rows, _NAT_NS, dtype=np.int64)
        if name not in ns:
            a = t.column(name).to_numpy()                  # datetime64[ns], NaT where missing
            ns[name] = (a if a.dtype == np.dtype("datetime64[ns]") else a.astype("datetime64[ns]")).view(np.int64)
        return ns[name]
    shut: dict = {}

    def closed(name: str | None) -> np.ndarray | None:
        """The rows a status column marks closed (:func:`~windoweval.kernels.time.closed_of`), once per column: its
        dictionary's values tested, then looked up by code (None: no such column in the store)."""
        if not name or name not in t.column_names:
            return None
        if name not in shut:
            st = t.column(name)
            if st.null_count == len(st):
                shut[name] = None        # every status blank: none says closed (closed_of's False on every row)
            elif all(pa.types.is_dictionary(ch.type) for ch in st.chunks) and st.num_chunks:
                vals = [ch.dictionary.to_numpy(zero_copy_only=False) for ch in st.chunks]
                if not any(np.isin(v.astype(object), CLOSED).any() for v in vals):
                    shut[name] = None    # no value says closed (every status open or blank): nothing to read
                else:
                    codes, vals = _codes(st)
                    lut = np.append(np.isin(vals.astype(object), CLOSED), False)   # -1 (missing): not closed
                    shut[name] = lut[codes]
            elif pa.types.is_string(st.type) or pa.types.is_large_string(st.type):
                # closed_of's isin on the text, in Arrow (a blank: False), without a pandas copy of the column
                got = pc.is_in(st, value_set=pa.array(list(CLOSED), type=st.type))
                shut[name] = pc.fill_null(got, False).to_numpy(zero_copy_only=False)
            else:
                shut[name] = closed_of(st.to_pandas())
        return shut[name]
    out = {}
    rows: dict = {}
    for it in its:
        key = tuple(it.wins)
        if key not in rows:   # the rows of the measure's windows, as the engine selects them on the codes
            wins = set(it.wins)
            lut = np.fromiter((w in wins for w in values), dtype=bool, count=len(values))
            if missing is None:
                missing = bool(len(wcodes)) and int(wcodes.min()) < 0
            if lut.all() and not missing:
                rows[key] = None
            else:
                rows[key] = np.flatnonzero(np.append(lut, False)[wcodes])   # -1 (missing): not selected
        pos = rows[key]
        p = it.params
        if pos is not None and not len(pos):   # no record of its windows: no verdicts (the kernel is not called)
            empty = np.zeros(0, dtype=bool)
            out[it.measure] = _agg_flags(wcodes[pos], uniq, empty, empty, empty)
            continue
        sv_all, ev_all = col(p["start"]), col(p["end"])
        wc = wcodes if pos is None else wcodes[pos]
        kw = {k: p[k] for k in _VERDICT_PARAMS if k in p}
        cl_all = closed(p.get("status"))
        # (a step missing on every row is never out of order, nor done before the end: left out)
        order = [(c, key == "not_after") for key in ("not_before", "not_after")
                 for c in ([p[key]] if isinstance(p.get(key), str) else list(p.get(key) or [])) if c not in blank]
        counts = np.zeros(8 * len(uniq), dtype=np.int64)
        # in blocks of BLOCK_ROWS rows, each counted as it is judged (the verdicts are the record's own)
        for a in range(0, len(wc), BLOCK_ROWS):
            at = slice(a, a + BLOCK_ROWS) if pos is None else pos[a:a + BLOCK_ROWS]
            e = ev_all[at]
            # an end left blank with a later step done: judged by that step (time_limit's not_after)
            done = done_by_steps(e, [col(c)[at] for c, later in order if later])
            gap = None if done is None else done != _NAT_NS
            ok, na, opened = time_limit_verdicts(sv_all[at], e if done is None else np.where(gap, done, e),
                                                 **kw, closed=None if cl_all is None else cl_all[at])
            if done is not None:
                ok, na, opened = by_later_step(ok, na, opened, gap)
            if order:   # the steps around the end out of order: missing evidence (time_limit's not_before/after)
                for c, later in order:
                    o = col(c)[at]
                    # NaT is the smallest int64: an end after a step is written, the step written where it is after
                    # the end (the two tests of (e != NaT) & (o != NaT) & ..., each by the one that can fail)
                    # (a time written as a date alone is before another only if its whole day is: _surely_before)
                    na |= ((o != _NAT_NS) & (e != _NAT_NS) & _surely_before(o, e)) if later \
                        else ((e != _NAT_NS) & (o != _NAT_NS) & _surely_before(e, o))
            ok &= ~na
            opened &= na
            np.logical_not(na, out=na)
            # _packed_key: the window's code * 8 and its flags, met * 2 + assessed + opened * 4, made on the block alone
            # (a block's codes widened and shifted in the cache, not the task's whole column at once)
            packed = wc[a:a + BLOCK_ROWS].astype(np.int64)
            packed <<= 3
            packed |= ok.view(np.uint8) << 1
            packed |= na.view(np.uint8)
            packed |= opened.view(np.uint8) << 2
            counts += np.bincount(packed, minlength=len(counts))
        out[it.measure] = _agg_flags(wc, uniq, None, None, None, packed=counts)
        if counted is not None and pos is None and not counted:
            # every row judged, none without a window: the records per window are the packed counts' sums
            n = counts.reshape(-1, 8).sum(axis=1)
            nz = np.flatnonzero(n)
            counted.append((np.asarray(values, dtype=object)[nz], n[nz]))
    return out


def _always(scan, ds_, rgs: list, expr) -> set:
    """``(file, row group)`` of the row groups of ``rgs`` where ``expr`` holds on every row, by their guarantees.

    pyarrow drops a fragment whose guarantee makes a filter false (or null: no row kept).  A row group is
    read as it is when pyarrow drops it asked for *not* ``expr`` (``expr`` true on every row, or null) and
    keeps it asked for ``expr`` (so not null: a record of 2024 whose filing date is empty, where the test is
    null, is filtered, not read).  Row groups with one guarantee (the same partition and statistics' key,
    :meth:`~windoweval.records.store._Scan.row_groups`) are asked about once, through one of them.
    """
    if expr is None:
        return {(r.path, r.index) for r in rgs}
    if not rgs:
        return set()
    first: dict = {}
    for r in rgs:
        first.setdefault(r.key, r)
    keys, frags = list(first), [scan.fragment(r, ds_) for r in first.values()]

    def kept(e) -> set:
        """The keys of the fragments pyarrow keeps under ``e``: it gives them in their order, some left out."""
        got, i = set(), 0
        for f in scan.dataset_of(frags, ds_).get_fragments(filter=e):
            while i < len(frags) and not (frags[i].path == f.path
                                          and frags[i].partition_expression.equals(f.partition_expression)):
                i += 1
            if i == len(frags):   # not in their order after all: found by what they are
                at = {(g.path, str(g.partition_expression)): k for g, k in zip(frags, keys)}
                return {at[(g.path, str(g.partition_expression))]
                        for g in scan.dataset_of(frags, ds_).get_fragments(filter=e)}
            got.add(keys[i])
            i += 1
        return got
    may_fail, may_hold = kept(~expr), kept(expr)
    return {(r.path, r.index) for r in rgs if r.key not in may_fail and r.key in may_hold}


def score_by_value(kind: str, f, year, its: list[Item], plan: tuple, rows: list[tuple] | None = None,
                   threads: int | None = None, files: list[str] | None = None, check: bool = False):
    """Score ``its`` (row-local measures of one kind) on a sorted store dataset, row group by row group.

    Parameters
    ----------
    kind, f, year
        The kind, its validated store dataset and the year (None: every record).
    its : list of Item
        The measures; every one selects its population by values of the
        dataset's sort column (``row_filters`` gave ``rows``) and windows.
    plan : tuple
        ``(columns, categorical)`` from :func:`~windoweval.engine.plan.read_columns`.
    rows : list of tuple, optional
        The row filter, ``[(column, "in", values)]`` (none when the measures
        take every value).
    threads : int, optional
        Tasks run at once (by default up to four, as many as there are cores).
    files : list of str, optional
        Only these files of the dataset (a Dask partition, see
        :func:`~windoweval.records.store.store_files`).
    check : bool
        Only say whether the dataset and the measures allow it: True, or None.

    Returns
    -------
    tuple or None
        ``({measure: [counts per window of each task]}, (unscored, records per window))``,
        or None when the dataset or the measures do not allow it (then read as before).
        Those of several partitions add up (:func:`combine`).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> from windoweval.records.store import import_records
    >>> d = tiny_data_dir()            # one hall, PW01; a fault repair in 2024 and one in 2025
    >>> _ = import_records("work_orders", d / "work_orders.csv", store_dir=d)
    >>> (d / "work_orders.csv").unlink()   # the store alone: a store beside a CSV of the same kind is refused
    >>> from windoweval.engine.local import _store_dataset
    >>> from windoweval.engine.plan import Item, read_columns, row_filters
    >>> from windoweval.kernels import KERNELS
    >>> from windoweval.records.contract import contracts
    >>> it = Item({"measure": "m", "records": "work_orders", "where": {"order_type": "fault_repair"}}, ["PW01"],
    ...           KERNELS["time_limit"], {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"})
    >>> plan = read_columns([it], list(contracts()["work_orders"].columns))
    >>> parts, (unscored, n) = score_by_value("work_orders", _store_dataset("work_orders", d), 2025, [it], plan,
    ...                                       row_filters([it], "work_orders"))
    >>> parts["m"][0][["records", "n", "met"]].values.tolist(), n.to_dict()
    ([[1, 1, 1]], {'PW01': 1})
    """
    from ..records.store import _Scan, cluster_column, to_frame
    from .local import _each_piece

    c = contracts()[kind]
    key = cluster_column(c)
    if key is None or "window_id" not in c.columns or not its:
        return None
    if rows and (len(rows) != 1 or rows[0][0] != key or rows[0][1] != "in"):
        return None
    if not all(it.row_local and it.kernel.level == "record" for it in its):
        return None
    if not set(selection_columns(its, kind)) <= {"window_id", key}:
        return None
    conds = [(it.m.get("where") or {}).get(key) for it in its]
    if any(x is None or isinstance(x, dict) for x in conds):
        return None  # a measure of every value, or of a comparison: one scan of every row (as before)
    chosen = set().union(*map(_values, conds))
    cols, cats = plan
    scan = _Scan(kind, f, year, cols, cats, rows)
    count = _Scan(kind, f, year, ["window_id"], ["window_id"], None)  # the year alone: every record of it
    if scan.post_year or count.post_year or scan.filters is None:
        return None
    if key not in scan.guard:  # no row filter (every value is some measure's): the row groups' values still tell
        scan.guard = [*scan.guard, key]
    groups = scan.row_groups(files, lazy=True)   # fragments made only for the row groups read through the scan
    if any(key not in r.eq or r.index is None for r in groups):
        return None  # a row group of several values (a file written before the store was sorted)
    if check:
        return True
    by_value: dict[str, tuple[list[Item], list[str]]] = {}
    for v in {r.eq[key] for r in groups} & chosen:
        its_v = [it for it in its if v in _values((it.m.get("where") or {}).get(key, ()))]
        need = {"window_id"}
        for it in its_v:
            got = needed_columns(it, cols)
            if got is None:
                return None
            need.update(got)
        need.discard(key)
        by_value[v] = (its_v, [x for x in cols if x in need])
    arrays = {v: all(_arrays_ok(it, columns) for it in its_v) for v, (its_v, columns) in by_value.items()}
    ds_ = scan.whole()
    # the row groups where the filter holds on every row, by what their statistics guarantee: read as they are
    main_plain = _always(scan, ds_, [r for r in groups if r.eq[key] in by_value], scan.filters)
    count_plain = _always(scan, ds_, [r for r in groups if r.eq[key] not in by_value], count.filters)

    def tasks():
        """Consecutive row groups of one value, in the scan's order, about TASK_ROWS (COUNT_ROWS) rows each."""
        pending: dict[str, tuple[list, int]] = {}
        for r in groups:
            v = r.eq[key]
            got, size = pending.get(v, ([], 0))
            got.append(r)
            size += r.rows
            if size >= (TASK_ROWS if v in by_value else COUNT_ROWS):
                yield v, got
                got, size = [], 0
            pending[v] = (got, size)
        for v, (got, _) in pending.items():
            if got:
                yield v, got

    idle, readers, lock = OrderedDict(), [], threading.Lock()

    def reader(path, md, dicts):
        """A reader of the file no thread is using (:func:`give_back` returns it), opened when there is none: the
        threads share the readers, so a file is opened about once, not once per thread (a file holds a row group
        of each value: tasks of several values, on either thread, read it; opening it anew was ~7 % of their CPU).
        A reader is used by one thread at a time."""
        import pyarrow.parquet as pq

        key = (path, tuple(dicts))
        with lock:
            got = idle.get(key)
            if got:
                pf = got.pop()
                if not got:
                    del idle[key]
                return key, pf
        # no pre-buffering: it reads on pyarrow's I/O threads, whose allocator keeps what they freed
        # (the peak: 445 -> 390 MiB, working-day limits over 10 million work orders)
        pf = pq.ParquetFile(path, metadata=md, read_dictionary=dicts, pre_buffer=False)
        with lock:
            readers.append(pf)
        return key, pf

    def give_back(key, pf) -> None:
        """``pf`` free for the next task that reads its file; at most :data:`OPEN_FILES` readers a thread (as many
        as four threads) kept open, the least recently used closed first."""
        with lock:
            idle.setdefault(key, []).append(pf)
            idle.move_to_end(key)
            if sum(map(len, idle.values())) > 4 * OPEN_FILES:
                old_key, old = next(iter(idle.items()))
                old.pop(0).close()
                if not old:
                    del idle[old_key]

    def read(rgs, columns, expr, plain) -> pa.Table:
        """The rows of ``rgs`` the filter keeps: a row group where it holds on every row read from its file as
        it is (no filter, no dataset layer), the others through the scan with the filter."""
        import pyarrow.parquet as pq

        tables, rest, by_file = [], [], {}
        for r in rgs:
            if (r.path, r.index) in plain:
                by_file.setdefault(r.path, (r.metadata, []))[1].append(r.index)
            else:
                rest.append(scan.fragment(r, ds_))
        dicts = [x for x in scan.cats if x in columns]
        for path, (md, idx) in by_file.items():
            got, pf = reader(path, md, dicts)
            try:
                tables.append(pf.read_row_groups(idx, columns=columns, use_threads=False))
            finally:
                give_back(got, pf)
        if rest:
            # nor here: a scan pre-buffers on the I/O threads by default (the row groups whose statistics do not
            # say the filter holds, filtered row by row: connections filed in another year), and the pages their
            # allocator kept resident were most of the working-day subset's peak (10 M work orders: 361 -> 289 MiB)
            import pyarrow.dataset as pads

            tables.append(scan.dataset_of(rest, ds_).to_table(
                columns=columns, filter=expr, use_threads=False,
                fragment_scan_options=pads.ParquetFragmentScanOptions(pre_buffer=False)))
        if len(tables) == 1:
            return tables[0]
        schema = tables[-1].schema
        return pa.concat_tables([t if t.schema.equals(schema) else t.cast(schema) for t in tables])

    def run(task):
        v, rgs = task
        if v not in by_value:  # no measure reads these: their windows counted
            t = read(rgs, ["window_id"], count.filters, count_plain)
            return v, {}, _window_counts(t.column("window_id"))
        its_v, columns = by_value[v]
        # on arrays, a column its row groups' statistics say is missing on every row is not read (NaT throughout)
        blank = {c: ds_.schema.field(c).type for c in _blank(rgs, columns)} if arrays[v] else {}
        t = read(rgs, [x for x in columns if x not in blank], scan.filters, main_plain)
        if not t.num_rows:
            return v, {}, _window_counts(t.column("window_id"))
        if arrays[v] and _arrays_read(t, its_v, blank):  # time limits on the task's arrays: no frame
            codes = _codes(t.column("window_id"))   # the window ids' codes once: the verdicts' and the counts'
            counted: list = []   # the records per window, from a measure that judged every row (else counted here)
            aggs = _on_arrays(t, its_v, blank, codes, counted)
            return v, aggs, counted or _code_counts(*codes)
        wc = _window_counts(t.column("window_id"))
        if blank:   # the frame reads every column: read again with them (a status saying withdrawn, an odd type)
            t = read(rgs, columns, scan.filters, main_plain)
        df = to_frame(t, kind, [x for x in scan.cats if x in columns])
        del t
        # the row group's one value, as the scan reads a categorical column
        df[key] = pd.Categorical.from_codes(np.zeros(len(df), dtype=np.int8), categories=[v])
        return v, {m: ev.agg for m, ev in evaluate_frame(df, its_v, False).items()}, wc

    parts: dict[str, list] = {it.measure: [] for it in its}
    seen: list[tuple[str, np.ndarray, np.ndarray]] = []
    try:
        for v, aggs, wc in _each_piece(tasks(), its, threads=threads, fn=run):
            for m, agg in aggs.items():
                parts[m].append(agg)
            seen += [(v, names, n) for names, n in wc]
    finally:   # every file the threads opened closed (the threads are done with them)
        for pf in readers:
            pf.close()
    # every record of the year by (window, value), each distinct pair judged once with its count
    if not seen:
        return parts, add_up([])
    d, n = _pairs(seen, key)
    return parts, add_up([tally(d, its, kind, weights=n)])


def _pairs(seen: list, key: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct (window, value) pairs of ``seen`` (``(value, window ids, counts)`` per chunk read), in the
    order they first occur, as categoricals, and the records of each, added up on integer codes.

    Examples
    --------
    >>> seen = [("a", np.array(["W1", "W2"], dtype=object), np.array([3, 1])),
    ...         ("b", np.array(["W1", None], dtype=object), np.array([2, 5])),
    ...         ("a", np.array(["W2"], dtype=object), np.array([4]))]
    >>> d, n = _pairs(seen, "t")
    >>> d.astype(object).where(d.notna(), None).values.tolist(), n.tolist()
    ([['W1', 'a'], ['W2', 'a'], ['W1', 'b'], [None, 'b']], [3, 5, 2, 5])
    """
    w = np.concatenate([names for _, names, _ in seen])
    n = np.concatenate([np.asarray(c, dtype=np.int64) for _, _, c in seen])
    values = list(dict.fromkeys(v for v, _, _ in seen))
    vcode = np.repeat(np.asarray([values.index(v) for v, _, _ in seen], dtype=np.int64),
                      [len(names) for _, names, _ in seen])
    wcode, _ = pd.factorize(w, use_na_sentinel=True)   # a missing window id: -1, a value of its own
    code, _ = pd.factorize((wcode.astype(np.int64) + 1) * len(values) + vcode)   # in the order pairs first occur
    total = np.bincount(code, weights=n).astype(np.int64)     # counts far below 2**53: exact as floats
    top = np.maximum.accumulate(code)
    first = np.flatnonzero(np.r_[True, top[1:] > top[:-1]])   # where each pair first occurs
    d = pd.DataFrame({"window_id": pd.Categorical(w[first]),
                      key: pd.Categorical(np.asarray(values, dtype=object)[vcode[first]])})
    return d, total


def combine(results: list) -> tuple:
    """The results of :func:`score_by_value` on several partitions (files) of a dataset, added up:
    ``({measure: counts per window}, (unscored, records per window))``.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> from windoweval.records.store import import_records
    >>> d = tiny_data_dir()            # one hall, PW01; a fault repair in 2024 and one in 2025
    >>> _ = import_records("work_orders", d / "work_orders.csv", store_dir=d)
    >>> (d / "work_orders.csv").unlink()   # the store alone: a store beside a CSV of the same kind is refused
    >>> from windoweval.engine.local import _store_dataset
    >>> from windoweval.engine.plan import Item, read_columns, row_filters
    >>> from windoweval.kernels import KERNELS
    >>> from windoweval.records.contract import contracts
    >>> it = Item({"measure": "m", "records": "work_orders", "where": {"order_type": "fault_repair"}}, ["PW01"],
    ...           KERNELS["time_limit"], {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"})
    >>> plan, f = read_columns([it], list(contracts()["work_orders"].columns)), _store_dataset("work_orders", d)
    >>> one = score_by_value("work_orders", f, 2025, [it], plan, row_filters([it], "work_orders"))
    >>> aggs, (unscored, n) = combine([one, one, None])     # two partitions' counts (None: a partition without it)
    >>> aggs["m"][["records", "met"]].values.tolist(), n.to_dict()
    ([[2, 2]], {'PW01': 2})
    """
    from .local import _sum_aggs

    results = [r for r in results if r is not None]
    measures = list(dict.fromkeys(m for parts, _ in results for m in parts))
    aggs = {m: _sum_aggs([a for parts, _ in results for a in parts.get(m, [])]) for m in measures}
    return aggs, add_up([acc for _, acc in results])
