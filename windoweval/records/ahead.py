"""Reading ahead: the next kind's CSV parsed on a thread while this kind is mapped, validated (and scored).

一次读一类记录时,下一类记录的 CSV 在另一线程上先行解析;读取、校验的结果与先后次序不变。

A caller that reads several kinds one after another (the years a data directory covers, the engine's loop over
kinds, the benchmark's read of every CSV) says which, in order: :func:`windoweval.records.read.reading_in_order`.
Once a kind's files are parsed (:func:`parsed`), the first file of the next kind of that list not read yet is parsed
on a thread of its own (pyarrow's parse keeps both cores busy; the mapping and the validation after it run mostly on
one), and :func:`take` hands that parse to the read of that kind.  Without a list, nothing changes.

What may be read ahead cannot differ from what the read would find itself:

* the same call: :func:`parse` of the same path, header row, encoding and date-time columns (the mapping as the read
  applies it), on pyarrow's path only (a UTF-8 ``.csv``/``.tsv``/``.txt`` file: no decoding, no workbook, no
  ``warnings`` filter, which a thread would change for the whole process);
* taken only when the file's size, modification time and inode are those it had before and after that parse;
* any failure, a refusal included, is never raised there: the read then parses the file on the caller's thread,
  as without the list, so every refusal, warning and their order are those of a read without it.

At most one file is parsed ahead (a new one starts only after the last is taken or let go), and a list's block waits
for the parse it started before it ends (no thread outlives the block).  The parse runs in a copy of the caller's
context (:func:`contextvars.copy_context`): a context variable set by the caller (the scope of shared reads) is seen
there as in the caller.

Examples
--------
>>> from windoweval.demo import tiny_data_dir
>>> from windoweval.records.read import read_records, reading_in_order
>>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
>>> with reading_in_order(["work_orders", "outages"], d) as plan:
...     n = len(read_records("work_orders", d))
>>> n, active() is None
(2, True)
"""
from __future__ import annotations

import contextvars
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from .shared import mapping_key

__all__ = ["parse", "parsed", "take", "active", "ahead_of", "TEXT_SUFFIXES"]

#: The files that may be read ahead: delimited text (pyarrow's parse of UTF-8).
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")

_PLAN: contextvars.ContextVar["_Plan | None"] = contextvars.ContextVar("windoweval_reading_ahead", default=None)


def parse(f: Path, kind: str, km, typed: bool = True, fast_only: bool = False) -> tuple[list | None, bool]:
    """The tables of ``f`` as :func:`~.io.read_tables` reads them for the ``kind`` records under the kind mapping
    ``km`` (its header row and encoding; ``typed``: the date-time columns the mapping takes as they are typed by the
    parse, :func:`~.mapping.plain_datetimes`), and whether any such column was asked for.  ``fast_only``: None where
    the file would leave pyarrow's path (a read ahead gives up there).

    Examples
    --------
    >>> import tempfile
    >>> from windoweval.records.mapping import KindMapping
    >>> f = Path(tempfile.mkdtemp()) / "work_orders.csv"
    >>> _ = f.write_text("工单号,窗口编号,受理时间\\nWO1,PW01,2025-06-01 18:00:00\\n", encoding="utf-8")
    >>> tables, asked = parse(f, "work_orders", KindMapping.of("work_orders", {}))
    >>> str(tables[0].frame[2].dtype), asked
    ('datetime64[ns]', True)
    """
    from .io import read_tables   # looked up at each call, as the read looked it up (a test may stand in for it)
    from .mapping import plain_datetimes

    asked: list = []

    def timestamps(h):   # the date-time columns the mapping takes as they are: typed by the CSV parse itself
        cols = plain_datetimes(h, kind, km)   # when every value is ISO
        asked.append(bool(cols))
        return cols

    tables = read_tables(f, km.header_row, km.encoding, timestamps=timestamps if typed else None,
                         _fast_only=fast_only)
    return tables, any(asked)


def _stamp(f: Path):
    st = os.stat(f)
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev


class _Ahead:
    """One file parsed on a thread: ``wait()`` gives (tables, asked) or None (given up, failed, changed)."""

    def __init__(self, kind: str, f: Path, km):
        self.kind, self.f, self.key = kind, f, mapping_key(km)
        self._box: dict = {}

        def work():
            try:
                before = _stamp(f)
                tables, asked = parse(f, kind, km, True, fast_only=True)
                if tables is not None and _stamp(f) == before:
                    self._box["got"] = (tables, asked, before)
            except Exception:  # noqa: BLE001 - never raised here: the read parses the file itself and says why
                pass

        ctx = contextvars.copy_context()
        self._thread = threading.Thread(target=ctx.run, args=(work,), name="windoweval-ahead", daemon=True)
        self._thread.start()

    def wait(self):
        self._thread.join()
        return self._box.pop("got", None)


class _Plan:
    """The kinds a caller reads, in order, each with the file that may be read ahead and its kind mapping."""

    def __init__(self, entries: list):
        self.order = [kind for kind, _f, _km in entries]
        self.files = {kind: (f, km) for kind, f, km in entries if f is not None}
        self.done: set = set()
        self.job: _Ahead | None = None

    def parsed(self, kind: str) -> None:
        if kind not in self.order:
            return
        self.done.add(kind)
        at = self.order.index(kind)
        nxt = next((k for k in self.order[at + 1:] if k not in self.done and k in self.files), None)
        if self.job is not None and self.job.kind == nxt:
            return
        self.drop()                      # at most one file ahead: the last let go before the next starts
        if nxt is not None:
            f, km = self.files[nxt]
            self.job = _Ahead(nxt, f, km)

    def take(self, kind: str, f: Path, km):
        job = self.job
        if job is None or job.kind != kind or Path(f) != job.f:
            return None
        self.job = None
        got = job.wait()
        if got is None:
            return None
        tables, asked, stamp = got
        try:
            same = _stamp(f) == stamp and mapping_key(km) == job.key
        except (OSError, TypeError):
            same = False
        return (tables, asked) if same else None

    def drop(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.wait()


def active() -> "_Plan | None":
    """The list of kinds being read in order here, if any.

    Examples
    --------
    >>> active() is None
    True
    """
    return _PLAN.get()


@contextmanager
def ahead_of(entries: list):
    """Read ahead, for a ``with`` block, along ``entries``: ``(kind, file or None, kind mapping)`` in the order the
    caller reads the kinds (:func:`windoweval.records.read.reading_in_order` makes them).  A block inside another's
    joins it (the outer list stays in force).

    Examples
    --------
    >>> with ahead_of([("work_orders", None, None)]) as plan:
    ...     plan.order, active() is plan
    (['work_orders'], True)
    """
    cur = _PLAN.get()
    if cur is not None:
        yield cur
        return
    plan = _Plan(entries)
    token = _PLAN.set(plan)
    try:
        yield plan
    finally:
        _PLAN.reset(token)
        plan.drop()      # no parse outlives the block (nor the process's exit): waited for, let go


def parsed(kind: str) -> None:
    """The ``kind`` files were parsed (:func:`~.files.load_files`): the next kind's file starts to be read ahead.

    Examples
    --------
    >>> parsed("work_orders")          # no kinds read in order here: nothing happens
    >>> with ahead_of([("work_orders", None, None), ("outages", None, None)]) as plan:
    ...     parsed("work_orders")      # outages has no file to read ahead
    ...     sorted(plan.done), plan.job
    (['work_orders'], None)
    """
    plan = _PLAN.get()
    if plan is not None:
        plan.parsed(kind)


def take(kind: str, f: Path, km):
    """``(tables, asked)`` of :func:`parse` of ``f`` read ahead for the ``kind`` records under ``km``, when it was
    and nothing changed since; None otherwise (the caller parses the file itself).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> from windoweval.records.mapping import KindMapping
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> km = KindMapping.of("work_orders", {})
    >>> take("work_orders", d / "work_orders.csv", km) is None      # nothing read ahead here
    True
    >>> with ahead_of([("outages", None, None), ("work_orders", d / "work_orders.csv", km)]):
    ...     parsed("outages")                                       # work_orders' file parsed on a thread
    ...     tables, asked = take("work_orders", d / "work_orders.csv", km)
    >>> len(tables[0].frame), asked
    (2, True)
    """
    plan = _PLAN.get()
    return None if plan is None else plan.take(kind, f, km)
