"""``read_records``: a kind's records of a data directory, from the validated store or from its files."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .. import paths
from .contract import RecordsError, contracts
from .files import find_files, load, workspace_mapping
from .shared import active, files_key, kept_or_read, kept_value, mapping_key
from .store import is_validated, read_validated
from ..errors import InputError, notes_once


@notes_once()       # a read note said once in a call (tidy45), by each call
def _contract_of(kind):
    """The contract named ``kind``, or a refusal naming the kinds there are (a user's mistake, never a ``KeyError``).

    Examples
    --------
    >>> _contract_of("work_orders").key
    ['order_id']
    >>> try:
    ...     _contract_of("work_order")
    ... except InputError as e:
    ...     print(e.exit_code, "did you mean work_orders?" in str(e))
    3 True
    """
    import difflib
    known = contracts()
    if isinstance(kind, str) and kind in known:
        return known[kind]
    near = difflib.get_close_matches(str(kind), list(known), n=1)
    names = ", ".join(known)
    hint_zh = f"是否指 {near[0]}？" if near else ""
    hint_en = f" did you mean {near[0]}?" if near else ""
    raise InputError(f"没有名为 {kind!r} 的记录种类，{hint_zh}可用：{'、'.join(known)}；第一个参数是记录种类，数据目录是第二个 / "
                     f"no kind of records is named {kind!r}:{hint_en} The kinds: {names}; the first argument is the "
                     f"kind of records, the data directory the second")


def read_records(kind: str, data_dir: str | os.PathLike | None = None, year: int | None = None,
                 columns: list[str] | None = None, mapping: dict | None = None) -> pd.DataFrame:
    """Read, map and validate the ``kind`` records of a data directory.

    Parameters
    ----------
    kind : str
        A contract name (see :func:`contracts`).
    data_dir : path, optional
        The organisation's records; the bundled demo data by default.
    year : int, optional
        Keep the records whose period column falls in this year (Parquet
        datasets partitioned by ``year=`` are pruned without being read).
    columns : list of str, optional
        Read only these contract columns (columnar files only read those).
    mapping : dict or KindMapping, optional
        This kind's section of the workspace's mapping file (see
        :mod:`windoweval.records.mapping`): ``columns``, ``pick``, ``combine``,
        ``constant``, ``values``, ``file``, ...; by default the mapping of the
        workspace in ``data_dir`` (``{}``: none).

    Returns
    -------
    DataFrame with the contract's columns (or ``columns``), typed; empty with
    those columns when the directory holds no file of this kind.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> df = read_records("work_orders", d, year=2025)
    >>> df["order_id"].tolist(), str(df["received_at"].dtype)
    (['2'], 'datetime64[ns]')
    >>> read_records("outages", d).empty       # no file of that kind: an empty, typed table
    True
    """
    c = _contract_of(kind)
    d, mapping, found, mkey = _what_is_read(kind, data_dir, mapping)
    f = found[0] if found else None
    if f is not None and f.is_dir():
        if is_validated(f, kind):  # imported through validate() under this contract: not again
            _note_unmarked(f, kind)
            def validated():
                df = read_validated(kind, f, year=year, columns=columns)
                km = mapping if hasattr(mapping, "known_windows") else None
                if km is not None and km.known_windows is not None and "window_id" in df:
                    from .mapping import unknown_window_problems
                    n = len(df)
                    pr = unknown_window_problems(df, km.known_windows, np.arange(1, n + 1),
                                                 np.full(n, str(f), dtype=object))
                    if len(pr):
                        raise RecordsError(kind, str(f), pr.assign(row=0))
                return df
            return kept_or_read(("store", kind, str(d), mkey, str(f), year, tuple(columns) if columns else None,
                                 files_key(found)), validated)
    read_cols = None
    if columns and f is not None and (f.is_dir() or f.suffix == ".parquet"):
        per = list(getattr(c, "periods", ()) or ([c.period] if c.period else []))
        read_cols = list(dict.fromkeys(list(columns) + c.key + per))
    # a file is read whole (every year) whatever the year asked: one read serves every year and set of columns
    key = files_key(found)
    df = kept_or_read(("files", kind, str(d), mkey, tuple(read_cols) if read_cols else None, key),
                      lambda: load(kind, d, mapping, None, read_cols).frame)
    if c.period is not None and c.period in df and active() is not None:
        # how many records each year holds, as rows_of_year keeps them: the year's check and the other years' counts
        # take them from here (evaluation.kind_year_counts, the one rule) instead of reading the file again
        kept_value(("year_counts", kind, str(d), mkey, key), lambda: c.year_counts(df))
    df = c.rows_of_year(df, year)
    return df[columns].copy() if columns else df


def _what_is_read(kind: str, data_dir, mapping):
    """The directory, the mapping (the workspace's by default), the files and the mapping's key of a read of
    ``kind``: inside a scope of shared reads (records.shared) each file is read and validated once, and the key says
    what the read depends on (the kind, the directory, the mapping as applied, the files as they are now)."""
    d = paths.data_dir(data_dir)
    if mapping is None:  # the workspace's own mapping, as every command gives it
        mapping = workspace_mapping(kind, d)
        if mapping is None:  # none for this kind: say so, so that the workspace is not read again below
            mapping = {}
    found = find_files(kind, d, mapping)
    mkey = mapping_key(mapping) if hasattr(mapping, "known_windows") else repr(mapping)
    return d, mapping, found, mkey


@notes_once()       # a read note said once in a call (tidy45), by each call
def year_counts_read(kind: str, data_dir=None, mapping=None) -> dict[int, int] | None:
    """``{year: records}`` of the ``kind`` records of ``data_dir`` (:meth:`Contract.year_counts`), when the open scope
    of shared reads has read them whole already (noted as they were read); None otherwise.

    A year's check after scoring (``windoweval score --year``) and its other years' line take them from here instead
    of reading and validating every file again (:func:`windoweval.evaluation.kind_year_counts`).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> from windoweval.records.shared import SharedReads
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> with SharedReads(limit_bytes=0).active():
    ...     _ = read_records("work_orders", d, year=2025)
    ...     year_counts_read("work_orders", d)
    {2024: 1, 2025: 1}
    """
    return _noted("year_counts", kind, data_dir, mapping)


def _noted(what: str, kind: str, data_dir, mapping):
    """What the open scope of shared reads noted as ``what`` (``year_counts``) when it read the ``kind``
    records of ``data_dir`` whole; None with no scope, no file, or nothing noted."""
    s = active()
    if s is None:
        return None
    d, mapping, found, mkey = _what_is_read(kind, data_dir, mapping)
    if not found:
        return None
    return s.known((what, kind, str(d), mkey, files_key(found)))


def _note_unmarked(dataset, kind: str) -> None:
    """Say once (a :class:`~windoweval.records.store.StoreNote`, shown once per dataset) that a store dataset imported
    before dates alone were marked reads them as the day's 00:00, as before (:func:`store.unmarked_dates_alone`)."""
    import warnings

    from .store import StoreNote, unmarked_dates_alone

    note = unmarked_dates_alone(dataset, kind)
    if note and note not in _SAID:
        _SAID.add(note)
        warnings.warn(note, StoreNote, stacklevel=2)


_SAID: set = set()   # the notes given: each once per process
