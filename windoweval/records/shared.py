"""Read once, share: a scope within which each records file is read and validated once.

一次读取,多处共用:在同一作用域内,每个记录文件只读取、校验一次。

A report computes the year's evaluation, the demonstration review, the complaints, the promises and
the years the data covers; each of them calls :func:`~windoweval.records.read_records` (and loads the workspace,
kept in the scope too: :func:`kept_value`), and a CSV
holds every year, so without a scope the same file is read, mapped and validated again for each
(about 75 times for the demo's report).  Inside :func:`shared_reads` the first read of a kind keeps
the validated frame and every later one takes it from there:

* a file that is read whole whatever is asked (CSV, XLSX, a Parquet file read for all its columns):
  one validated frame for every year and every choice of columns (the year and the columns are taken
  from it exactly as a read of its own would take them);
* a validated store dataset (read by year partition and columns): kept per year and columns.

The key holds the kind, the data directory, the kind's mapping (as the read applies it) and each
file's size and modification time, so a file changed inside a scope is read again.  Reads that are
refused are not kept (the next read raises again).  Nothing is kept outside a scope: every public
function still reads on its own when called alone, and a scope frees what it kept when it closes.
Frames are handed out as shallow copies (pandas copy-on-write): a caller that changes its frame
changes nobody else's.  A scope keeps at most :data:`LIMIT_BYTES` of frames; beyond that a read is
simply not kept.

Examples
--------
>>> from windoweval.demo import tiny_data_dir
>>> from windoweval.records import read_records
>>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
>>> with shared_reads() as reads:
...     a = read_records("work_orders", d, year=2025)
...     b = read_records("work_orders", d, year=2024, columns=["order_id"])
>>> a["order_id"].tolist(), b["order_id"].tolist(), reads.reads, reads.hits
(['2'], ['1'], 1, 1)
>>> active() is None          # closed: nothing kept
True
"""
from __future__ import annotations

import contextvars
import dataclasses
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import pandas as pd

__all__ = ["SharedReads", "shared_reads", "active", "kept_or_read", "kept_value", "mapping_key", "files_key",
           "LIMIT_BYTES"]

#: The most a scope keeps (bytes of frames, as ``DataFrame.memory_usage`` counts them).
LIMIT_BYTES = 2 * 1024 ** 3

_ACTIVE: contextvars.ContextVar["SharedReads | None"] = contextvars.ContextVar("windoweval_shared_reads",
                                                                              default=None)


class SharedReads:
    """The frames read in one scope, by key; ``reads`` (read here) and ``hits`` (taken from here) count them.

    Activate it with :meth:`active` (several times if need be: the report activates it while it checks the
    year and again while it computes); :func:`shared_reads` opens one for a ``with`` block.

    Examples
    --------
    >>> import pandas as pd
    >>> s = SharedReads()
    >>> with s.active():
    ...     a = kept_or_read(("k",), lambda: pd.DataFrame({"x": [1, 2]}))
    ...     b = kept_or_read(("k",), lambda: pd.DataFrame({"x": [9]}))   # kept: not read again
    >>> b["x"].tolist(), s.reads, s.hits
    ([1, 2], 1, 1)
    """

    def __init__(self, limit_bytes: int = LIMIT_BYTES):
        self._frames: dict = {}
        self._values: dict = {}
        self._lock = threading.Lock()
        self.limit_bytes, self.bytes, self.reads, self.hits = limit_bytes, 0, 0, 0

    def get(self, key, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The frame kept under ``key``, else ``read()`` (kept when it fits); always a shallow copy."""
        with self._lock:
            hit = self._frames.get(key)
            if hit is not None:
                self.hits += 1
                return hit.copy(deep=False)
        df = read()                       # outside the lock: a refusal raises here and nothing is kept
        size = int(df.memory_usage(index=True, deep=False).sum())
        with self._lock:
            self.reads += 1
            if key not in self._frames and self.bytes + size <= self.limit_bytes:
                self._frames[key] = df
                self.bytes += size
        return df.copy(deep=False)

    def value(self, key, make: Callable[[], object]):
        """The object kept under ``key`` (a parsed configuration: the workspace), else ``make()``, kept; the same
        object every time (it is not to be changed by its callers).

        Examples
        --------
        >>> s = SharedReads()
        >>> a, b = s.value(("w",), lambda: ["x"]), s.value(("w",), lambda: ["y"])
        >>> a is b, b
        (True, ['x'])
        """
        with self._lock:
            if key in self._values:        # not counted in ``hits`` (those are frames)
                return self._values[key]
        got = make()                      # a refusal raises here and nothing is kept
        with self._lock:
            return self._values.setdefault(key, got)

    def known(self, key):
        """The object kept under ``key`` by :meth:`value`, or None (nothing is made).

        Examples
        --------
        >>> s = SharedReads()
        >>> s.known(("w",)), s.value(("w",), lambda: 1), s.known(("w",))
        (None, 1, 1)
        """
        with self._lock:
            return self._values.get(key)

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()
            self._values.clear()
            self.bytes = 0

    @contextmanager
    def active(self):
        """Make this the scope of :func:`read_records` (in this thread and context) for a ``with`` block."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


def active() -> SharedReads | None:
    """The scope open here, if any.

    Examples
    --------
    >>> active() is None
    True
    >>> with shared_reads() as s:
    ...     active() is s
    True
    """
    return _ACTIVE.get()


@contextmanager
def shared_reads():
    """Open a scope of shared reads for a ``with`` block, or join the one already open (it stays its owner's).

    Examples
    --------
    >>> with shared_reads() as outer:
    ...     with shared_reads() as inner:
    ...         inner is outer
    True
    """
    from ..errors import notes_once

    cur = _ACTIVE.get()
    if cur is not None:
        yield cur
        return
    s = SharedReads()
    try:
        with s.active(), notes_once():    # a read note said once in the scope, as each file is read once
            yield s
    finally:
        s.clear()


def kept_or_read(key, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``read()``, or the frame the open scope keeps under ``key`` (no scope: ``read()``).

    Examples
    --------
    >>> import pandas as pd
    >>> kept_or_read(("k",), lambda: pd.DataFrame({"x": [1]}))["x"].tolist()   # no scope: read
    [1]
    >>> with shared_reads() as s:
    ...     _ = kept_or_read(("k",), lambda: pd.DataFrame({"x": [1]}))
    ...     kept_or_read(("k",), lambda: pd.DataFrame({"x": [2]}))["x"].tolist()
    [1]
    """
    s = _ACTIVE.get()
    return read() if s is None else s.get(key, read)


def kept_value(key, make: Callable[[], object]):
    """``make()``, or the object the open scope keeps under ``key`` (no scope: ``make()``).

    Examples
    --------
    >>> kept_value(("k",), lambda: 1)
    1
    >>> with shared_reads():
    ...     _ = kept_value(("k",), lambda: 1)
    ...     kept_value(("k",), lambda: 2)
    1
    """
    s = _ACTIVE.get()
    return make() if s is None else s.value(key, make)


def mapping_key(km) -> tuple:
    """A kind mapping (:class:`~windoweval.records.mapping.KindMapping`) as a key: every field, as read.

    Examples
    --------
    >>> import dataclasses
    >>> @dataclasses.dataclass
    ... class M:
    ...     columns: dict
    ...     drop: frozenset
    >>> mapping_key(M({"工单号": "order_id"}, frozenset({"b", "a"})))
    (('columns', "{'工单号': 'order_id'}"), ('drop', ('a', 'b')))
    """
    out = []
    for f in dataclasses.fields(km):
        v = getattr(km, f.name)
        out.append((f.name, tuple(sorted(map(str, v))) if isinstance(v, (set, frozenset)) else repr(v)))
    return tuple(out)


def files_key(files) -> tuple:
    """Each file's path, size and modification time (a file changed inside a scope is read again).

    Examples
    --------
    >>> import os, tempfile
    >>> f = os.path.join(tempfile.mkdtemp(), "a.csv")
    >>> _ = open(f, "w").write("x\\n1\\n")
    >>> [(os.path.basename(p), size) for p, size, _ in files_key([f])]
    [('a.csv', 4)]
    """
    out = []
    for f in files:
        st = Path(f).stat()
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)
