"""``read_records``: a kind's records of a data directory, from the validated store or from its files."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .. import paths
from .contract import RecordsError, contracts
from .files import find_files, load, workspace_mapping
from .shared import files_key, kept_or_read, mapping_key
from .store import is_validated, read_validated


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
    c = contracts()[kind]
    d = paths.data_dir(data_dir)
    if mapping is None:  # the workspace's own mapping, as every command gives it
        mapping = workspace_mapping(kind, d)
        if mapping is None:  # none for this kind: say so, so that the workspace is not read again below
            mapping = {}
    found = find_files(kind, d, mapping)
    f = found[0] if found else None
    # inside a scope of shared reads (records.shared) each file is read and validated once: the key says
    # what the read depends on (the kind, the directory, the mapping as applied, the files as they are now)
    mkey = mapping_key(mapping) if hasattr(mapping, "known_windows") else repr(mapping)
    if f is not None and f.is_dir():
        if is_validated(f, kind):  # imported through validate() under this contract: not again
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
    df = kept_or_read(("files", kind, str(d), mkey, tuple(read_cols) if read_cols else None, files_key(found)),
                      lambda: load(kind, d, mapping, None, read_cols).frame)
    df = c.rows_of_year(df, year)
    return df[columns].copy() if columns else df
