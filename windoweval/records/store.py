"""The columnar store: deliveries (CSV, XLSX) imported once into Parquet datasets.

Records arrive as CSV or XLSX exports.  :func:`import_records` reads a
delivery through the contract's validation (:func:`windoweval.records.validate`,
with the workspace's header and code mapping), and writes it as a Parquet
dataset partitioned by year, and by month for the large kinds::

    <store>/work_orders/year=2025/month=03/part-0.parquet
    <store>/staff_roster/part-0.parquet          (a kind without a period column)
    <store>/<kind>/_windoweval.json              (what was imported, and the contract it met)
    <store>/_raw/<kind>/<sha256>.<ext>           (each delivery byte for byte, named by its content hash)

The partitions (years, or months) that a delivery covers replace the stored
ones; the others stay.  The new dataset is built beside the old one and moved
into place at the end, so a failed import leaves the store as it was and a
reader never sees half a delivery.

Each delivery is kept as it came, byte for byte, under its SHA-256 (as the
survey store keeps its deliveries, :mod:`windoweval.survey.store`): the same
bytes are kept once, and the import's entry in ``_windoweval.json`` names the
hash and the kept file, so a score can be traced to the exact file it came
from (:func:`list_deliveries`) and the kept files checked (:func:`verify_raw`).
The raw copy is written before the dataset is swapped in and removed if the
import fails; it sits outside the dataset directory, where no Parquet reader
looks.

A dataset that carries ``_windoweval.json`` for the current contract was
validated when it was written: :func:`windoweval.records.read_records` (and
the Dask engine) read it without validating again, only the columns asked
for, and only the year asked for.

Examples
--------
>>> MONTHLY_KINDS >= {"work_orders", "calls_95598"}
True
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import paths
from ..paths import STORE_MARKER, readable
from ..atomic import _fsync_dir, _step, replacing_dir
from ..calendar import wall_clock
from .contract import Contract, RecordsError, contracts
from .files import load_files
from .mapping import KindMapping
from .problems import Problems
from .raw import private_dir, raw_name as raw_name_of, settle_pending, sha256_file, stage_raw

__all__ = ["import_records", "check_store_files", "record_checked", "CHECKED", "read_validated", "iter_validated", "is_validated", "conform", "contract_signature",
           "year_filter", "count_distinct", "year_counts", "store_files", "to_frame", "write_part", "with_plain_text", "plain_text_columns", "stale_plain_files", "refresh_plain_claims", "refresh_store_claims", "PLAIN_CLAIMS", "PLAIN_TEXT_KEY", "cluster_column", "list_deliveries", "verify_raw", "stale_partitions", "STALE_READINGS", "MONTHLY_KINDS", "MARKER", "RAW_DIR"]

#: The file in a dataset directory that records its imports (pyarrow and Dask skip ``_`` files).
MARKER = STORE_MARKER

#: The folder of the store that keeps every delivery as it came (``<RAW_DIR>/<kind>/<sha256>.<ext>``).
RAW_DIR = "_raw"

#: The steps of ``records import`` around its kept copy at which the crash test kills it (``WINDOWEVAL_KILL_AT``),
#: besides the swap's own (:data:`windoweval.atomic.STEPS`): the copy staged under its pending name, and named.
RAW_STEPS = ("raw_staged", "raw_named")

#: Kinds large enough to be partitioned by month as well as by year.
MONTHLY_KINDS = frozenset({"work_orders", "calls_95598", "voltage_readings", "counter_transactions",
                           "hospital_events"})

_ARROW = {"string": pa.string(), "category": pa.string(), "datetime": pa.timestamp("ns"),
          "date": pa.timestamp("ns"), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
_PANDAS = {"string": "string", "category": "string", "datetime": "datetime64[ns]", "date": "datetime64[ns]",
           "int": "Int64", "float": "Float64", "bool": "boolean"}


def contract_signature(kind: str) -> str:
    """A short hash of the ``kind`` contract's columns, types, allowed values and ``not_before`` rules.

    A stored dataset is trusted only while its contract is unchanged.

    Examples
    --------
    >>> len(contract_signature("work_orders"))
    16
    """
    c = contracts()[kind]
    spec = {n: [s["type"], sorted(map(str, s.get("values") or [])), bool(s.get("required", True))]
            for n, s in c.columns.items()}
    raw = json.dumps([kind, spec, c.key] + ([c.not_before] if c.not_before else [])
                     + ([{"sum_within": c.sum_within}] if c.sum_within else []), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _schema(c: Contract) -> pa.Schema:
    return pa.schema([pa.field(n, _ARROW[s["type"]]) for n, s in c.columns.items()])


def _marker(dataset: Path) -> dict | None:
    f = Path(dataset) / MARKER
    if not f.is_file():
        return None
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def is_validated(dataset: str | os.PathLike, kind: str) -> bool:
    """Whether ``dataset`` is a store dataset of ``kind`` written under the current contract.

    Examples
    --------
    >>> is_validated("/nonexistent", "work_orders")
    False
    """
    m = _marker(Path(dataset))
    return bool(m) and m.get("kind") == kind and m.get("contract") == contract_signature(kind)


class StoreNote(UserWarning):
    """A note on a store dataset written by an older version: shown once, the data read as it was written."""


def unmarked_dates_alone(dataset: str | os.PathLike, kind: str) -> str | None:
    """The note for a store dataset holding an import made before times written as a date alone were marked
    (:data:`windoweval.records.cutoff.DATE_ONLY_NS`, session 43), None for one without: such a dataset is read as it
    was (those times as the day's 00:00), and the note says how to mark them (import the kept delivery again).

    Examples
    --------
    >>> unmarked_dates_alone("/nonexistent", "work_orders") is None
    True
    """
    m = _marker(Path(dataset)) or {}
    old = [i for i in m.get("imports", []) if isinstance(i, dict) and not i.get("dates_alone")]
    if not old or not any(s["type"] == "datetime" for s in contracts()[kind].columns.values()):
        return None
    when = max(str(i.get("imported_at", "")) for i in old)
    return (f"说明:{dataset} 中有 {len(old)} 次导入早于本版本(最近一次 {when}),其中只写日期、未写时刻的时间未作标记,"
            f"仍按当日 00:00 读取(与此前相同),以分钟或小时计的时限可能据此判为达标;请用 windoweval records import "
            f"重新导入这些交付(原件保存在存储的 _raw 目录下),即可把它们判为证据不足。/ Note: {dataset} holds {len(old)} "
            f"import(s) made before this version (the latest {when}): times written there as a date alone are not "
            f"marked and are read as the day's 00:00, as before, so a limit in minutes or hours may be judged met on "
            f"them; import those deliveries again with windoweval records import (the originals are kept under the "
            f"store's _raw folder) to have them judged as missing evidence.")


def conform(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Give the contract's dtypes to the columns of ``df`` (already validated records), in contract order.

    Examples
    --------
    >>> import pandas as pd
    >>> conform(pd.DataFrame({"staff_id": ["7"], "english": [True]}), "staff_roster").dtypes.astype(str).tolist()
    ['string', 'boolean']
    """
    c = contracts()[kind]
    names = [n for n in c.columns if n in df]
    fix = {}
    for name in names:
        col = df[name]
        want = _PANDAS[c.columns[name]["type"]]
        if str(col.dtype) != want:
            if want == "datetime64[ns]":
                col = wall_clock(col)
            fix[name] = col.astype(want)
    out = df[names]  # no copy of the columns already right (copy-on-write)
    return out.assign(**fix) if fix else out


def _partitioned(dataset: Path) -> tuple[bool, bool]:
    """(by year, by month) of an existing dataset directory."""
    years = [p for p in dataset.iterdir() if p.is_dir() and p.name.startswith("year=")] if dataset.is_dir() else []
    months = any(q.is_dir() and q.name.startswith("month=") for p in years for q in p.iterdir())
    return bool(years), months


def _types_mapper(t: pa.DataType):
    # strings arrive as pandas' Arrow-backed str (made "string" by conform() without a copy);
    # timestamps as datetime64[ns]: both faster left to pyarrow's own conversion
    if pa.types.is_integer(t):
        return pd.Int64Dtype()
    if pa.types.is_boolean(t):
        return pd.BooleanDtype()
    if pa.types.is_floating(t):
        return pd.Float64Dtype()
    return None


def read_validated(kind: str, dataset: str | os.PathLike, year: int | None = None,
                   columns: list[str] | None = None, categorical: list[str] | None = None,
                   rows: list[tuple] | None = None, files: list[str] | None = None) -> pd.DataFrame:
    """Read a store dataset of ``kind`` (see :func:`is_validated`): only ``columns``, only ``year``.

    Returns the same frame as :func:`windoweval.records.read_records` would,
    without validating again; the text columns named in ``categorical`` come
    as pandas categoricals instead (read from Parquet's dictionaries, which is
    cheaper: the scorer uses it for the columns it only selects rows by).
    ``rows`` are further row filters in pyarrow's form, e.g.
    ``[("order_type", "in", ["fault_repair"])]``.  ``files`` (paths as
    :func:`store_files` lists them) reads only those files of the dataset (a
    Dask partition).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> src = f"{d}/roster.csv"
    >>> pd.DataFrame({"staff_id": ["0012"], "window_id": ["PW01"], "english": ["是"],
    ...               "sign_language": ["否"]}).to_csv(src, index=False)
    >>> ds = import_records("staff_roster", src, d)
    >>> read_validated("staff_roster", ds, columns=["staff_id", "english"]).values.tolist()
    [['0012', True]]
    """
    scan = _Scan(kind, dataset, year, columns, categorical, rows)
    return scan.frame(scan.source(files).to_table(columns=scan.stored(), filter=scan.filters))


#: Store files found sound by :func:`check_store_files`, by (path, size, modification time): checked once a process.
_SOUND: set = set()

#: The file of a store dataset naming the Parquet files ``records import`` wrote and found sound
#: (:func:`record_checked`), each by its footprint (:func:`_footprint`): a later process does not walk their pages again.
CHECKED = "_windoweval_checked.json"

#: The records of :data:`CHECKED` read in this process, by the dataset folder and the record file's own stat.
_RECORDS: dict = {}


def _footprint_fd(fd: int, st) -> list | None:
    """A Parquet file's footprint from its open descriptor and its ``fstat``: ``[size, modification time, change time,
    inode, hash of the footer's bytes]`` (ns), or None when its tail is not a Parquet footer.

    A file replaced (another inode), written into (its change time, which no program sets, moves on; its footer's
    bytes differ once its sizes or counts do) or touched back to its former modification time has another footprint.
    """
    size = st.st_size
    if size < 12:
        return None
    tail = os.pread(fd, 8, size - 8)
    if len(tail) != 8 or tail[4:] != b"PAR1":
        return None
    n = int.from_bytes(tail[:4], "little")
    if n <= 0 or n > size - 12 or n > 64 * 2**20:
        return None
    foot = os.pread(fd, n, size - 8 - n)
    if len(foot) != n:
        return None
    return [size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, hashlib.blake2b(foot, digest_size=16).hexdigest()]


def _footprint(path) -> list | None:
    """:func:`_footprint_fd` of the file at ``path`` (None: it cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return _footprint_fd(fd, os.fstat(fd))
    except OSError:
        return None
    finally:
        os.close(fd)


def record_checked(dataset: str | os.PathLike) -> int:
    """Check every Parquet file of the store dataset ``dataset`` as :func:`check_store_files` does (its footer and
    every page header, :func:`windoweval.safepath.parquet_problem`), and write the footprint of each found sound to
    :data:`CHECKED`: a later process reading the store skips the page walk of a file whose footprint is the same,
    and walks any other (a file swapped in or written into by hand, copied, restored).  Called by ``records import``
    once it has swapped the dataset in; a file that is not sound is left out (every reader refuses it, as before).

    The record is the store's own, as its marker (which lets a reader skip the contract's validation) and its
    files' plain-text claim are: a program that writes the store can write it too.

    Returns the number of files recorded.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> write_part(pa.table({"order_id": ["WO1"], "window_id": ["PW01"]}), d / "part-0.parquet",
    ...            contracts()["work_orders"])
    >>> record_checked(d), sorted(json.loads((d / CHECKED).read_text())["files"])
    (1, ['part-0.parquet'])
    """
    from ..atomic import write_text
    from ..safepath import parquet_problem

    root = Path(dataset)
    files = {}
    for f in sorted(root.rglob("*.parquet")):
        try:
            with open(f, "rb") as fh:
                fd = fh.fileno()
                before = _footprint_fd(fd, os.fstat(fd))
                if before is None or parquet_problem(f, deep=False, opened=fh) is not None:
                    continue
                if _footprint_fd(fd, os.fstat(fd)) != before:   # written into while it was checked
                    continue
        except OSError:
            continue
        files[f.relative_to(root).as_posix()] = before
    write_text(root / CHECKED, json.dumps({"files": files}, indent=0))
    return len(files)


def _records_of(folder: Path) -> dict | None:
    """The footprints :data:`CHECKED` in ``folder`` records (None: there is none), read once while it is unchanged."""
    f = folder / CHECKED
    try:
        st = os.stat(f)
    except OSError:
        return None
    key = (st.st_size, st.st_mtime_ns, st.st_ino)
    got = _RECORDS.get(folder)
    if got is not None and got[0] == key:
        return got[1]
    try:
        files = json.loads(f.read_text(encoding="utf-8")).get("files")
    except (OSError, ValueError, RecursionError, AttributeError):
        files = None
    files = files if isinstance(files, dict) else {}
    _RECORDS[folder] = (key, files)
    return files


def _recorded(f, st) -> bool:
    """Whether the store file ``f`` (its ``stat`` ``st``) is the one :func:`record_checked` found sound: the record
    of its dataset (its folder, or the year's or the dataset's above it) names it with its footprint of now."""
    p = Path(f)
    for up in range(1, 4):
        if len(p.parts) <= up:
            return False
        folder = p.parents[up - 1]
        files = _records_of(folder)
        if files is None:
            continue
        rec = files.get(p.relative_to(folder).as_posix())
        if not isinstance(rec, list) or len(rec) != 5 or rec[:4] != [st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                                                                      st.st_ino]:
            return False
        return _footprint(p) == rec
    return False


def check_store_files(kind: str, files, again: tuple[str, str] = ("用 records import 重新导入该年度",
                                                                  "import that year again (records import)")) -> None:
    """Refuse (:class:`~windoweval.errors.InputError`, exit 3) a store file whose footer lies (it says
    fewer bytes or rows than its pages hold, :func:`windoweval.safepath.parquet_problem`) or that would take far more
    memory than its size; each file is looked at once a process (its footer and its pages' headers only).

    Examples
    --------
    >>> check_store_files("work_orders", [])
    """
    from ..safepath import parquet_problem

    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            continue
        key = (str(f), st.st_size, st.st_mtime_ns)
        if key in _SOUND:
            continue
        if _recorded(f, st):   # found sound by the import that wrote it, and the same file since
            _SOUND.add(key)
            continue
        problem = parquet_problem(f, deep=False)
        if problem is not None:
            from ..errors import InputError
            raise InputError(f"{kind} 的存储文件 {f}:{problem[0]};或{again[0]} / "
                             f"a stored file of {kind}, {f}: {problem[1]}; or {again[1]}")
        _SOUND.add(key)


def store_files(dataset: str | os.PathLike) -> list[tuple[str, int]]:
    """The Parquet files of a store dataset, in the order a scan reads them, with their sizes in bytes.

    Examples
    --------
    >>> store_files("/nonexistent")
    []
    """
    import pyarrow.dataset as pads

    if not Path(dataset).is_dir():
        return []
    ds_ = pads.dataset(str(dataset), format="parquet", partitioning="hive")
    check_store_files(Path(dataset).name, ds_.files)
    return [(f, os.path.getsize(f)) for f in ds_.files]


def iter_validated(kind: str, dataset: str | os.PathLike, year: int | None = None, columns: list[str] | None = None,
                   categorical: list[str] | None = None, rows: list[tuple] | None = None,
                   batch_rows: int = 1_000_000):
    """:func:`read_validated` in pieces of about ``batch_rows`` rows, file by file: the memory of a piece at a time.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> pd.DataFrame({"staff_id": ["1", "2", "3"], "window_id": ["PW01"] * 3, "english": ["是", "否", "否"],
    ...               "sign_language": ["否"] * 3}).to_csv(f"{d}/r.csv", index=False)
    >>> [len(p) for p in iter_validated("staff_roster", import_records("staff_roster", f"{d}/r.csv", d))]
    [3]
    """
    scan = _Scan(kind, dataset, year, columns, categorical, rows)
    buf, n = [], 0
    # a piece at a time is the point: the fragments (files, or row groups) are scanned one after another, each
    # when the last is used (a dataset's scan reads ahead, and buffers without bound when its reader is slow:
    # 700 MiB of batches behind a reader judging 200,000 rows at a time)
    src = scan.source()
    frags = src.get_fragments(filter=scan.filters)
    for batch in (b for fr in frags for b in fr.to_batches(schema=src.schema, columns=scan.stored(), filter=scan.filters,
                                                            batch_readahead=1)):
        if batch.num_rows:
            buf.append(batch)
            n += batch.num_rows
        if n >= batch_rows:
            yield scan.frame(pa.Table.from_batches(buf))
            buf, n = [], 0
    if buf:
        yield scan.frame(pa.Table.from_batches(buf))


def year_counts(kind: str, dataset: str | os.PathLike) -> dict[int, int]:
    """``{year: records}`` of a store dataset of ``kind``: how many records each year holds, as the year's scan keeps
    them (:func:`year_filter`: a record in the ``year=Y`` partition belongs to Y unless it was filed in another year,
    :meth:`Contract.year_counts` of the records read whole).  From the files' metadata where it can say (each row
    group's rows, its partition, the filing column's statistics: empty, or of one year); the filing column alone is
    read of a row group whose statistics cannot say; a dataset not partitioned by a date's year is read piece by piece,
    only its period columns (:func:`iter_validated`).  A year's scorecard says from it how many records of other years
    it left out (years44).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> pd.DataFrame({"工单号": ["W1", "W2", "W3"], "窗口编号": ["PW01"] * 3, "工单类型": ["fault_repair"] * 3,
    ...               "登记受理时间": ["2024-12-31 22:00", "", ""],
    ...               "受理时间": ["2025-01-02 08:00", "2025-03-01 08:00", "2024-06-01 08:00"]}).to_csv(f"{d}/w.csv", index=False)
    >>> year_counts("work_orders", import_records("work_orders", f"{d}/w.csv", d))   # W1 filed in 2024
    {2024: 2, 2025: 1}
    """
    import pyarrow.compute as pc
    import pyarrow.dataset as pads

    c = contracts()[kind]
    if c.period is None or not Path(dataset).is_dir():
        return {}
    cols = list(c.periods or (c.period,))
    by_year, _ = _partitioned(Path(dataset))
    dated = all(c.columns[x]["type"] in ("datetime", "date") for x in cols)
    out: dict[int, int] = {}

    def add(y: int, n: int):
        if n:
            out[int(y)] = out.get(int(y), 0) + int(n)

    if not (by_year and dated and len(cols) <= 2):   # read: only the columns that date a record, piece by piece
        read = [x for x in dict.fromkeys([*cols, *(["speaker", "turn", *c.key] if "speaker" in c.columns else [])])
                if x in c.columns]
        for p in iter_validated(kind, dataset, columns=read):
            for y, n in c.year_counts(p).items():
                add(y, n)
        return dict(sorted(out.items()))
    ds_ = pads.dataset(str(dataset), format="parquet", partitioning="hive")
    check_store_files(kind, ds_.files)
    first = cols[0] if len(cols) == 2 else None   # the filing: a record filed in another year belongs to that year
    for f in ds_.get_fragments():
        part = pads.get_partition_keys(f.partition_expression).get("year")
        md = f.metadata
        names = md.schema.names
        j = names.index(first) if first is not None and first in names else None
        for i in range(md.num_row_groups):
            rg = md.row_group(i)
            n = rg.num_rows
            if not n:
                continue
            if j is None:
                add(part, n)
                continue
            st = rg.column(j).statistics
            if st is not None and st.has_null_count:
                if st.null_count == n:
                    add(part, n)
                    continue
                if st.has_min_max and hasattr(st.min, "year") and st.min.year == st.max.year and (
                        st.null_count == 0 or st.min.year == int(part)):
                    add(part, st.null_count)
                    add(st.min.year, n - st.null_count)
                    continue
            got = f.subset(row_group_ids=[i]).to_table(columns=[first]).column(first)
            filed = pc.year(got.filter(pc.is_valid(got))).to_numpy(zero_copy_only=False).astype(np.int64)
            add(part, n - len(filed))
            if len(filed):
                lo = int(filed.min())
                cnt = np.bincount(filed - lo)
                for k in np.flatnonzero(cnt):
                    add(lo + int(k), int(cnt[k]))
    return dict(sorted(out.items()))


#: Readings the contracts changed after stores had been written: a stored file of ``kind`` written before the column
#: ``since`` existed (its Parquet schema lacks it) holds, in its rows whose ``where`` column has that value, in
#: ``column`` what is now read as ``since``.  hosp37: a decoction's 取药时间 (the patient's pick-up) had been read
#: as finished_at (the ready time), an alias of it then; it is collected_at now, the latest the medicine can have
#: been ready.  Such a file keeps a late pick-up as a miss until the delivery is imported again.
STALE_READINGS = {
    "hospital_events": {"since": "collected_at", "where": ("event_type", "decoction"), "column": "finished_at",
                        "header": "取药时间", "records_zh": "代煎记录", "records_en": "decoction records",
                        "zh": "代煎记录的取药时间当时读作完成时间(finished_at,煎好时间),取药晚于承诺时间的记为未达标;"
                              "现在取药时间读作 collected_at(药煎好不晚于此),无煎好时间而取药较晚的为缺少证据",
                        "en": "a decoction's pick-up time (取药时间) was then read as finished_at (the ready time), a late "
                              "pick-up a miss; it is now read as collected_at (the medicine was ready no later), a late "
                              "pick-up with no ready time missing evidence"},
}


def stale_partitions(kind: str, dataset: str | os.PathLike) -> list[dict]:
    """The partitions of a store dataset of ``kind`` whose files were written before a reading :data:`STALE_READINGS`
    names changed, and that hold rows it reads otherwise now: ``{partition, rows, files}`` each (``files``: the
    deliveries last imported into it, as the dataset's log names them), in the store's order.  ``[]`` for a kind
    with no such change, a dataset written since (every file carries the column), or one with no such row.  Each
    file's footer is read, and of a file without the column two columns of the rows it names.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> pd.DataFrame({"事件编号": ["D1"], "窗口编号": ["HPHA"], "事件类型": ["decoction"], "开始时间": ["2025-04-08 09:00"],
    ...               "取药时间": ["2025-04-08 15:00"]}).to_csv(f"{d}/代煎.csv", index=False)
    >>> ds = import_records("hospital_events", f"{d}/代煎.csv", d)
    >>> stale_partitions("hospital_events", ds)     # written with collected_at: nothing to say
    []
    """
    spec = STALE_READINGS.get(kind)
    if spec is None or not Path(dataset).is_dir():
        return []
    where, value = spec["where"]
    imports = (_marker(Path(dataset)) or {}).get("imports", [])
    out = []
    for f, _size in store_files(dataset):
        names = pq.read_schema(f).names
        if spec["since"] in names or where not in names or spec["column"] not in names:
            continue
        t = pq.read_table(f, columns=[where, spec["column"]], filters=[(where, "==", value)])
        n = t.num_rows - t.column(spec["column"]).null_count
        if not n:
            continue
        part = Path(f).parent.relative_to(Path(dataset)).as_posix()
        part = "" if part == "." else part
        last = next((e for e in reversed(imports) if part in e.get("partitions", []) or not part), None)
        name = (last.get("file_name") or Path(last.get("source", "")).name) if last else ""
        got = next((x for x in out if x["partition"] == part), None)
        if got is None:
            out.append({"partition": part, "rows": int(n), "files": [name] if name else []})
        else:
            got["rows"] += int(n)
    return out


def count_distinct(kind: str, dataset: str | os.PathLike, year: int | None = None,
                   columns: list[str] | None = None) -> tuple[pd.DataFrame, np.ndarray] | None:
    """The distinct rows of a store dataset's text ``columns`` in ``year``, and how many records have each.

    Counted batch by batch on Parquet's dictionary codes (one ``bincount`` per
    batch, no pandas frame of the records): the memory of a batch.  The rows
    come as pandas categoricals, a missing value a row of its own.  None when a
    column is not text (then read the records, :func:`iter_validated`).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> pd.DataFrame({"工单号": ["W1", "W2", "W3"], "窗口编号": ["PW01", "PW02", "PW01"],
    ...               "工单类型": ["fault_repair", "appointment", "fault_repair"],
    ...               "受理时间": ["2025-03-01 08:00"] * 3}).to_csv(f"{d}/w.csv", index=False)
    >>> rows, n = count_distinct("work_orders", import_records("work_orders", f"{d}/w.csv", d), 2025,
    ...                          ["window_id", "order_type"])
    >>> sorted(zip(rows["window_id"], rows["order_type"], n.tolist()))
    [('PW01', 'fault_repair', 2), ('PW02', 'appointment', 1)]
    """
    import pyarrow.compute as pc

    scan = _Scan(kind, dataset, year, columns, columns, None)
    if scan.post_year or set(scan.cats) != set(scan.cols):
        return None
    tables = []
    for b in scan.source().to_batches(columns=scan.cols, filter=scan.filters):
        if not b.num_rows:
            continue
        key = np.zeros(b.num_rows, dtype=np.int64)
        radix, dicts = [], []
        for name in scan.cols:
            a = b.column(name)
            if not pa.types.is_dictionary(a.type):
                a = a.dictionary_encode()
            k = len(a.dictionary)
            if (int(key.max(initial=0)) + 1) * (k + 1) >= 1 << 62:
                return None  # too many combinations to number (never for windows and order types)
            idx = a.indices if a.null_count == 0 else pc.fill_null(a.indices, -1)
            key = key * (k + 1) + idx.to_numpy(zero_copy_only=False).astype(np.int64) + 1
            radix.append(k + 1)
            dicts.append(a.dictionary)
        span = math.prod(radix)
        if span <= 4 * b.num_rows + (1 << 16):
            cnt = np.bincount(key, minlength=span)
            nz = np.flatnonzero(cnt)
            cnt = cnt[nz]
        else:
            nz, cnt = np.unique(key, return_counts=True)
        cols = {}
        for name, r, d in reversed(list(zip(scan.cols, radix, dicts))):
            i = nz % r - 1
            nz = nz // r
            cols[name] = (pa.nulls(len(i), pa.string()) if not len(d) else
                          d.take(pa.array(np.maximum(i, 0), mask=i < 0)).cast(pa.string()))
        tables.append(pa.table({**{x: cols[x] for x in scan.cols}, "__n": pa.array(cnt.astype(np.int64))}))
    if not tables:
        empty = pd.DataFrame({x: pd.Categorical([]) for x in scan.cols})
        return empty, np.zeros(0, dtype=np.int64)
    g = pa.concat_tables(tables).group_by(scan.cols, use_threads=False).aggregate([("__n", "sum")])
    df = g.to_pandas()
    n = df.pop("__n_sum").to_numpy(dtype=np.int64)
    return df[scan.cols].astype({x: "category" for x in scan.cols}).reset_index(drop=True), n


def year_filter(c: Contract, year: int, by_year: bool):
    """The records of ``year`` as a scan filter (a pyarrow expression), or None when the period is not a date.

    A record belongs to the year of the first recorded of the contract's period
    columns (``period: [filed_at, received_at]``: the filing year, else the year
    the clock started, :meth:`Contract.year_of`).  A dataset partitioned ``year=``
    by its last period column (as :func:`import_records` writes it) holds in the
    ``year=Y`` partition the records whose clock started in Y; those filed in
    another year belong to that year, and a record filed in Y whose clock started
    in another year sits in that year's partition.  The filter says so in one
    expression that the scan simplifies per file: in ``year=Y`` it is ``filed_at``
    empty or in Y (nothing to test where the file's statistics say the column is
    empty), elsewhere ``filed_at`` in Y (files whose statistics say otherwise are
    not read).

    Examples
    --------
    >>> e = year_filter(contracts()["work_orders"], 2025, by_year=True)
    >>> "filed_at" in str(e) and "year" in str(e)
    True
    >>> year_filter(contracts()["demonstration_evidence"], 2025, by_year=False) is None
    True
    """
    import datetime as _dt
    import functools
    import operator

    import pyarrow.compute as pc

    cols = list(c.periods or ((c.period,) if c.period else ()))
    if not cols or any(c.columns[x]["type"] not in ("datetime", "date") for x in cols):
        return None
    lo, hi = (pa.scalar(_dt.datetime(int(year) + k, 1, 1), _ARROW[c.columns[cols[0]]["type"]]) for k in (0, 1))
    parts, before_empty = [], None
    for i, col in enumerate(cols):
        if i == len(cols) - 1 and by_year:
            here = pc.field("year") == int(year)
        else:
            here = (pc.field(col) >= lo) & (pc.field(col) < hi)
        parts.append(here if before_empty is None else before_empty & here)
        empty = pc.field(col).is_null()
        before_empty = empty if before_empty is None else before_empty & empty
    return functools.reduce(operator.or_, parts)


def _is_text(t: pa.DataType) -> bool:
    """A string column, or one read as a dictionary of strings (a categorical)."""
    return pa.types.is_string(t) or (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type))


class RowGroup(NamedTuple):
    """One row group of a store dataset as :meth:`_Scan.row_groups` lists it."""

    fragment: object      # a pyarrow fragment whose partition expression is what the statistics guarantee
    eq: dict              # {column: its one value} for the guarded text columns with one value and none missing
    rows: int             # rows in the row group
    path: str             # its file
    index: int | None     # its number in the file (None: the whole file)
    metadata: object      # the file's Parquet metadata
    key: tuple = ()       # what its guarantee says (row groups with one key have one guarantee): (partition, conditions)
    file: object = None   # the file's fragment (a lazy listing: the row group's fragment made on demand)


class _Scan:
    """What to read of a store dataset, and how its pieces become contract-typed frames.

    ``filters`` is one pyarrow expression: the year (:func:`year_filter`) and the row
    filters (e.g. the order types the measures select), applied inside the scan.
    """

    def __init__(self, kind, dataset, year, columns, categorical, rows):
        c = contracts()[kind]
        self.kind, self.c, self.year = kind, c, year
        self.dataset = Path(dataset)
        self.cols = list(columns) if columns else list(c.columns)
        self.by_year, _ = _partitioned(self.dataset)
        expr = year_filter(c, int(year), self.by_year) if year is not None else None
        # a period that is not a date (a year column): the year is kept after reading, as before
        self.post_year = year is not None and expr is None and c.period is not None and not self.by_year
        year_rows = [("year", "=", int(year))] if (year is not None and expr is None and self.by_year) else []
        self.read = list(dict.fromkeys(self.cols + ([c.period] if self.post_year else [])))
        dnf = year_rows + list(rows or [])
        if dnf:
            expr = pq.filters_to_expression(dnf) if expr is None else expr & pq.filters_to_expression(dnf)
        self.filters = expr
        self.cats = [x for x in (categorical or []) if x in self.read and c.columns[x]["type"] in ("string", "category")]
        # the columns whose row-group statistics may say the filter holds for every row (see source())
        self.guard = [x for x in dict.fromkeys([*(r[0] for r in rows or ()), *(c.periods or ((c.period,) if c.period else ()))])
                      if x in c.columns] if expr is not None else []

    def source(self, files: list[str] | None = None):
        """The dataset to scan, each row group a fragment that carries what its statistics guarantee.

        pyarrow skips the row groups whose statistics exclude the filter, but it evaluates the
        filter (and copies the columns kept) on every row of the others.  A store file sorted by its
        first category column, one value per row group (:func:`write_part`), tells in each row
        group's statistics that the value is the same on every row (``order_type`` is
        ``fault_repair``) and that a column is empty on every row (no ``filed_at``); given to pyarrow
        as the fragment's guarantee, the filter simplifies to true there (the rows are read as they
        are, unfiltered) or to false (the row group is not read).  A row group whose statistics say
        neither, as in a file written before (several order types in one row group), is filtered
        row by row, as before: the same rows either way, in the same order.
        """
        ds_ = self.whole()
        keep = None if files is None else set(map(str, files))
        if (self.filters is None or not self.guard) and keep is None:
            return ds_
        return self.dataset_of([r.fragment for r in self.row_groups(files, ds_)], ds_)

    def whole(self):
        """The dataset directory as pyarrow finds it (made once per scan)."""
        import pyarrow.dataset as pads

        if getattr(self, "_ds", None) is None:
            self._ds = pads.dataset(str(self.dataset), format=self.format(), partitioning="hive")
            check_store_files(self.kind, self._ds.files)
            # pyarrow takes the schema of the first file: an older year's, written before the contract gained an
            # optional column (collected_at), would drop that column from every newer file too (review37); the
            # columns of every file, those a file lacks read blank there
            # (each file's names from its fragment, whose footer the row groups' listing then reads no more; the
            # type of a column the first file lacks from the file's own schema, as pq.read_schema gives it)
            schema = self._ds.schema
            for frag in self._ds.get_fragments():
                if any(name not in schema.names for name in frag.physical_schema.names):
                    for field in pq.read_schema(frag.path):
                        if field.name not in schema.names:
                            schema = schema.append(field)
            if schema.names != self._ds.schema.names:
                self._ds = pads.dataset(str(self.dataset), format=self.format(), partitioning="hive", schema=schema)
        return self._ds

    def format(self):
        """The Parquet format of this scan: the ``categorical`` columns read as dictionaries."""
        import pyarrow.dataset as pads

        return pads.ParquetFileFormat(read_options=pads.ParquetReadOptions(dictionary_columns=self.cats))

    def dataset_of(self, frags: list, ds_=None):
        """A dataset of some of :meth:`row_groups`' fragments (a subset of this scan's row groups)."""
        import pyarrow.dataset as pads

        ds_ = self.whole() if ds_ is None else ds_
        return pads.FileSystemDataset(frags, ds_.schema, ds_.format, ds_.filesystem)

    def row_groups(self, files: list[str] | None = None, ds_=None, lazy: bool = False) -> list["RowGroup"]:
        """Each row group of the files the partitions leave, as a fragment carrying its guarantee (see
        :meth:`source`), with what its statistics say (:class:`RowGroup`; a whole file when nothing is guarded).

        The dict names the guarded text columns whose every value in the row group is the same (no missing
        one): the order type of a row group of a store file sorted by it.  A column that is empty on every
        row is not in it.  ``lazy``: no fragment is made (``fragment`` None); :meth:`fragment` makes a row
        group's when it is asked for, the same one (a reader that reads most row groups straight from their
        files needs few: making one for each of hundreds of row groups is most of the listing's time).
        """
        ds_ = self.whole() if ds_ is None else ds_
        keep = None if files is None else set(map(str, files))
        schema = ds_.schema
        out = []
        for f in ds_.get_fragments(filter=self.filters):  # the partitions' values prune whole files first
            if keep is not None and f.path not in keep:
                continue
            md = f.metadata
            if self.filters is None or not self.guard:
                out.append(RowGroup(f, {}, md.num_rows, f.path, None, md, (f.path,), f))
                continue
            names = md.schema.names
            where = [(x, names.index(x), _is_text(schema.field(x).type)) for x in self.guard
                     if x in names and x in schema.names]
            part = str(f.partition_expression)
            for i in range(md.num_row_groups):
                rg = md.row_group(i)
                n = rg.num_rows
                conds = []
                eq = {}
                for x, j, text in where:
                    st = rg.column(j).statistics
                    if st is None or not st.has_null_count:
                        continue
                    nulls = st.null_count
                    if nulls == n:
                        conds.append((x, None))
                    elif text and nulls == 0 and st.has_min_max and (lo := st.min) == st.max:
                        conds.append((x, lo))
                        eq[x] = lo
                r = RowGroup(None, eq, n, f.path, i, md, (part, tuple(conds)), f)
                out.append(r if lazy else r._replace(fragment=self.fragment(r, ds_)))
        return out

    def fragment(self, r: "RowGroup", ds_=None):
        """The fragment of the row group ``r`` (of :meth:`row_groups`): its file's partition and what its
        statistics guarantee (a column empty on every row, a text column with one value on every row)."""
        import pyarrow.compute as pc

        if r.fragment is not None:
            return r.fragment
        ds_ = self.whole() if ds_ is None else ds_
        schema = ds_.schema
        g = r.file.partition_expression
        for x, v in r.key[1]:
            g = g & (pc.field(x).is_null() if v is None else (pc.field(x) == pa.scalar(v, schema.field(x).type)))
        return ds_.format.make_fragment(r.path, r.file.filesystem, partition_expression=g, row_groups=[r.index])

    def stored(self) -> list[str]:
        """The columns of :attr:`read` the store's files hold: a store written before a contract gained an optional
        column (hospital_events' ``collected_at``) lacks it, and :meth:`frame` gives it blank."""
        names = set(self.whole().schema.names)
        return [x for x in self.read if x in names]

    def frame(self, table: pa.Table) -> pd.DataFrame:
        df = to_frame(table, self.kind, self.cats)
        c, year = self.c, self.year
        if self.post_year:  # a year column (not a date): the one year filter, after reading
            df = c.rows_of_year(df, year)
        lacking = [x for x in self.cols if x not in df.columns]
        if lacking:   # (blank on every row, typed as the contract types it: the records say nothing of it)
            from .validate import empty
            blank = empty(self.kind)[lacking]
            df = df.assign(**{x: pd.Series(pd.array([None] * len(df), dtype=blank[x].dtype), index=df.index)
                              for x in lacking})
        return df[self.cols]


def to_frame(table: pa.Table, kind: str, categorical=()) -> pd.DataFrame:
    """A table read from a store dataset of ``kind`` as the contract's frame (:func:`conform`); the columns
    named in ``categorical`` (read as dictionaries) as pandas categoricals, in the table's column order.

    Examples
    --------
    >>> t = pa.table({"staff_id": ["7"], "english": [True]})
    >>> to_frame(t, "staff_roster").dtypes.astype(str).tolist()
    ['string', 'boolean']
    """
    lean = _lean_frame(table, kind, categorical)
    if lean is not None:
        return lean
    df = table.to_pandas(types_mapper=_types_mapper)
    cats = [x for x in categorical if x in df]
    if not cats:
        return conform(df, kind)
    return conform(df.drop(columns=cats), kind).assign(**{x: df[x] for x in cats})


def _lean_frame(table: pa.Table, kind: str, categorical=()) -> pd.DataFrame | None:
    """:func:`to_frame` of a table of timestamps and dictionary-read text only (what the time limits read), built
    from its columns' arrays: the frame ``to_frame`` makes (the same dtypes, values, categories in the same order,
    columns in the same order), at about half the cost (no pandas metadata, no block of the timestamps copied
    together, no frame rebuilt by ``conform``).  None for any other table."""
    if not table.num_rows:
        return None
    c = contracts()[kind]
    names = table.column_names
    cats = [x for x in dict.fromkeys(categorical) if x in names]
    ns = pa.timestamp("ns")
    for name in names:
        t = table.schema.field(name).type
        if name in cats:
            if not (pa.types.is_dictionary(t) and pa.types.is_string(t.value_type)):
                return None
        elif not (t == ns and c.columns.get(name, {}).get("type") in ("datetime", "date")):
            return None
    if len(set(names)) != len(names):
        return None
    out = {}
    for name in [n for n in c.columns if n in names and n not in cats]:   # conform's order, then the categoricals
        a = table.column(name).to_numpy()                     # datetime64[ns], NaT where missing
        out[name] = a if a.flags.writeable else a.copy()     # a view of Arrow's buffer is read-only: the caller's own
    for name in cats:
        col = table.column(name).unify_dictionaries()       # one dictionary for every chunk, as to_pandas makes it
        chunks = col.chunks
        codes = (np.concatenate([ch.indices.to_numpy(zero_copy_only=False) for ch in chunks]) if len(chunks) > 1
                 else chunks[0].indices.to_numpy(zero_copy_only=False))
        if col.null_count:                                   # a missing value: code -1
            codes = np.where(col.is_null().to_numpy(zero_copy_only=False), -1, codes)
        if chunks[0].dictionary.null_count:
            return None
        values = pd.Index(chunks[0].dictionary.to_numpy(zero_copy_only=False))
        cat = pd.Categorical.from_codes(codes, categories=values, validate=False)
        out[name] = cat if cat.codes.flags.writeable else cat.copy()
    return pd.DataFrame(out, copy=False)


#: The most rows in one row group of a store file (pyarrow's default).
ROW_GROUP_ROWS = 1 << 20


def cluster_column(c: Contract) -> str | None:
    """The column the rows of a store file are sorted by: the contract's first category column (not one marked
    ``cluster: false``).

    It is the column measures select their populations by (the order type of
    work orders, the event type of hospital events).

    Examples
    --------
    >>> cluster_column(contracts()["work_orders"]), cluster_column(contracts()["calls_95598"])
    ('order_type', None)
    """
    # a category column that only says how a record ended, where a time is blank, is no population (calls_95598's
    # hang_up: ``cluster: false`` in the contract), so the calls stay unsorted as before it
    return next((n for n, s in c.columns.items() if s["type"] == "category" and s.get("cluster", True)), None)


def write_part(table: pa.Table, path: str | os.PathLike, c: Contract, row_group_rows: int = ROW_GROUP_ROWS) -> None:
    """Write one file of a store dataset: sorted by :func:`cluster_column` (stable), one row group per value.

    Each row group then holds one value of that column (split further above
    ``row_group_rows``), and its statistics say so: a scan of some values skips
    the other row groups and reads the ones it keeps without filtering them row
    by row (:meth:`_Scan.source`).  Within one value the records keep the order
    they came in.  Files written before (one row group of every value) read the
    same, only without that saving.

    Examples
    --------
    >>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> f = tempfile.mkdtemp() + "/part-0.parquet"
    >>> t = pa.table({"order_id": ["1", "2", "3"], "order_type": ["b", "a", "b"]})
    >>> write_part(t, f, contracts()["work_orders"])
    >>> pq.read_table(f)["order_id"].to_pylist(), pq.ParquetFile(f).metadata.num_row_groups
    (['2', '1', '3'], 2)
    """
    import pyarrow.compute as pc

    table = with_plain_text(table)
    key = cluster_column(c)
    if key is None or key not in table.column_names or table.num_rows == 0:
        pq.write_table(table, path, compression="zstd", row_group_size=row_group_rows)
        return
    table = table.take(pc.sort_indices(table, sort_keys=[(key, "ascending")]))
    codes = pc.fill_null(table[key].combine_chunks().dictionary_encode().indices, -1).to_numpy(zero_copy_only=False)
    cuts = [0, *(np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist(), len(codes)]
    with pq.ParquetWriter(path, table.schema, compression="zstd") as w:
        for a, b in zip(cuts[:-1], cuts[1:]):
            w.write_table(table.slice(a, b - a), row_group_size=row_group_rows)


#: The key of a store file's metadata naming its text columns no value of which the export's masking could change
#: (``{"rules": the masking scan's fingerprint, "columns": [...]}``, :func:`with_plain_text`).
PLAIN_TEXT_KEY = b"windoweval.plain_text"


def _masking_fingerprint() -> str:
    """A short hash of the pattern that finds every text some masking rule could change
    (:func:`windoweval.privacy.candidate_pattern`): a file's plain columns hold under the rules they were found with."""
    from ..privacy import _NAME_ALONE, _PERSON_KEY_COLUMN, candidate_pattern

    # and the rule of a name where a person's key belongs (safe38): a file's claim under another is not trusted
    rules = candidate_pattern("records") + "\n" + _PERSON_KEY_COLUMN.pattern + "\n" + _NAME_ALONE.pattern
    return hashlib.sha256(rules.encode("utf-8")).hexdigest()[:16]


def with_plain_text(table: pa.Table) -> pa.Table:
    """``table`` with its plain text columns named in its metadata (:data:`PLAIN_TEXT_KEY`): those of which no value
    is found by the masking's scan (:func:`windoweval.privacy.candidate_pattern`), so that no masking rule changes
    any of their values.  Worked out once, when a store file is written (:func:`write_part`), so that an export of
    the records' rows (the score command's missed records) need not scan them again on every run
    (:func:`plain_text_columns`); a column of few distinct values is scanned by its distinct values.

    Examples
    --------
    >>> t = with_plain_text(pa.table({"order_id": ["WO1", "WO2"], "note": ["ok", "电话 13812345678"], "n": [1, 2]}))
    >>> json.loads(t.schema.metadata[PLAIN_TEXT_KEY])["columns"]
    ['order_id']
    """
    meta = dict(table.schema.metadata or {})
    meta[PLAIN_TEXT_KEY] = json.dumps({"rules": _masking_fingerprint(), "columns": _plain_of(table)}).encode("utf-8")
    return table.replace_schema_metadata(meta)


def _plain_of(table: pa.Table) -> list:
    """The text columns of ``table`` no value of which the masking's scan finds (:func:`with_plain_text`)."""
    import pyarrow.compute as pc

    from ..privacy import candidate_pattern, names_in_key_values, person_key_column

    pattern = candidate_pattern("records")
    plain = []
    for name, col in zip(table.column_names, table.columns):
        if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
            continue
        values = col
        if len(col) > 4096 and pc.count_distinct(col.slice(0, 4096)).as_py() <= 256:
            values = pc.unique(col)   # few distinct values (a window, a type): each scanned once
        if pc.any(pc.match_substring_regex(values, pattern)).as_py():
            continue
        if person_key_column(name) and names_in_key_values(col) is not None:
            continue    # a name where a person's key belongs (李小龙 for S0101): masked whole on output, never plain
        plain.append(name)
    return plain


def plain_text_columns(dataset: str | os.PathLike) -> frozenset:
    """The text columns of a store dataset no value of which a masking rule could change: those every file of it
    names so in its metadata (:func:`with_plain_text`), under the masking rules of now (a file written under other
    rules, or before files said so, names none).  The store's files are trusted as written by ``records import``
    (their contract is not checked again on reading either).

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> write_part(pa.table({"order_id": ["WO1"], "window_id": ["PW01"], "note": ["王先生"]}), d + "/p.parquet",
    ...            contracts()["work_orders"])
    >>> sorted(plain_text_columns(d))
    ['order_id', 'window_id']
    >>> plain_text_columns("/nonexistent")
    frozenset()
    """
    import pyarrow.dataset as pads

    if not Path(dataset).is_dir():
        return frozenset()
    got = _file_claims(dataset)
    if not got or any(cols is None for cols in got.values()):
        return frozenset()      # a file written under other rules, or before files said so, and not claimed since
    return frozenset.intersection(*got.values())


#: The file of a store dataset that claims again, under the masking rules of now, the plain text columns of files
#: whose own claim (their metadata, :func:`with_plain_text`) was written under other rules: ``{"rules": the
#: fingerprint, "files": {file: [its footprint (:func:`_footprint`), [column, ...]]}}`` (:func:`refresh_plain_claims`).
PLAIN_CLAIMS = "_windoweval_plain.json"


def _sidecar_claims(dataset: Path, fingerprint: str) -> dict:
    """The entries of ``dataset``'s :data:`PLAIN_CLAIMS` written under ``fingerprint`` (``{}``: none, or other rules)."""
    try:
        got = json.loads((Path(dataset) / PLAIN_CLAIMS).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(got, dict) or got.get("rules") != fingerprint or not isinstance(got.get("files"), dict):
        return {}
    return got["files"]


def _claimed(entry, footprint) -> frozenset | None:
    """The columns a :data:`PLAIN_CLAIMS` entry claims for the file whose footprint of now is ``footprint`` (None:
    no entry, a malformed one, or one of another file: a file written into, replaced, copied or restored since)."""
    if (footprint is None or not isinstance(entry, list) or len(entry) != 2 or entry[0] != footprint
            or not isinstance(entry[1], list)):
        return None
    return frozenset(str(x) for x in entry[1])


def _file_claims(dataset: str | os.PathLike) -> dict:
    """``{file: its plain text columns}`` of every Parquet file of a store dataset under the masking rules of now:
    its own metadata's claim, else the claim :data:`PLAIN_CLAIMS` holds for it while it is the same file; None for
    a file neither claims (it is scanned on every export of its rows until :func:`refresh_plain_claims` claims it)."""
    import pyarrow.dataset as pads

    fingerprint = _masking_fingerprint()
    side = None
    out: dict = {}
    for f in pads.dataset(str(dataset), format="parquet", partitioning="hive").files:
        try:
            raw = (pq.read_schema(f).metadata or {}).get(PLAIN_TEXT_KEY)
            got = json.loads(raw) if raw is not None else None
        except (OSError, ValueError, RecursionError, pa.ArrowException):
            got = None
        if isinstance(got, dict) and got.get("rules") == fingerprint and isinstance(got.get("columns"), list):
            out[f] = frozenset(str(x) for x in got["columns"])
            continue
        if side is None:
            side = _sidecar_claims(Path(dataset), fingerprint)
        out[f] = _claimed(side.get(Path(f).relative_to(dataset).as_posix()), _footprint(f)) if side else None
    return out


def stale_plain_files(dataset: str | os.PathLike) -> list[str]:
    """The Parquet files of a store dataset whose plain text columns no claim of now names (:func:`_file_claims`):
    written under other masking rules (an older release) or before files said so, and not claimed again since.
    While there is one, every export of the dataset's missed records scans every text column of those rows again.

    Examples
    --------
    >>> stale_plain_files("/nonexistent")
    []
    """
    if not Path(dataset).is_dir():
        return []
    return [f for f, cols in _file_claims(dataset).items() if cols is None]


def refresh_plain_claims(dataset: str | os.PathLike, wait: bool = True) -> int:
    """Claim again, under the masking rules of now, the plain text columns of the files of the store dataset
    ``dataset`` that no claim of now names (:func:`stale_plain_files`): each such file's text columns scanned once,
    as :func:`with_plain_text` scans them when a file is written, and the columns found plain written to
    :data:`PLAIN_CLAIMS` with the file's footprint (:func:`_footprint`: its size, times, inode and footer), taken
    before and after the scan from the open file.  A claim is trusted only while the file keeps that footprint and
    the rules that fingerprint: a file written into, swapped, copied or restored, or rules changed again, is
    scanned as before.  The files themselves are not rewritten.

    Under the store's lock (the folder above the dataset, as ``records import`` holds it; ``wait=False``:
    :class:`BlockingIOError` while another holds it); the claims are written aside and moved into place in one
    step, so a stop at any point leaves the former claims whole.  Returns the number of files claimed again.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()) / "work_orders"
    >>> d.mkdir()
    >>> pq.write_table(pa.table({"order_id": ["WO1"], "note": ["王先生"]}), d / "p.parquet")   # no claim of its own
    >>> len(stale_plain_files(d)), refresh_plain_claims(d), stale_plain_files(d), sorted(plain_text_columns(d))
    (1, 1, [], ['order_id'])
    """
    from ..atomic import folder_lock, write_text

    root = Path(dataset)
    if not root.is_dir():
        return 0
    with folder_lock(root.parent, wait=wait):
        fingerprint = _masking_fingerprint()
        stale = stale_plain_files(root)
        if not stale:
            return 0
        side = _sidecar_claims(root, fingerprint)
        files = {}
        for f, entry in side.items():   # the claims still true of their files: kept
            if _claimed(entry, _footprint(root / f)) is not None:
                files[f] = entry
        done = 0
        for f in stale:
            try:
                with open(f, "rb") as fh:
                    fd = fh.fileno()
                    before = _footprint_fd(fd, os.fstat(fd))
                    if before is None:
                        continue
                    schema = pq.read_schema(fh)
                    text = [x.name for x in schema if pa.types.is_string(x.type) or pa.types.is_large_string(x.type)]
                    # a column the file's own claim left out (free text, a phone found in it) stays out: a claim
                    # names fewer columns safely, and the long texts are most of a scan's time
                    text = [x for x in text if x in _old_claim(schema, text)]
                    fh.seek(0)
                    table = pq.read_table(fh, columns=text)
                    if _footprint_fd(fd, os.fstat(fd)) != before:   # written into while it was scanned
                        continue
            except (OSError, pa.ArrowException):
                continue
            files[Path(f).relative_to(root).as_posix()] = [before, _plain_of(table)]
            done += 1
            del table
        write_text(root / PLAIN_CLAIMS, json.dumps({"rules": fingerprint, "files": files}, indent=0))
        return done


def _old_claim(schema: pa.Schema, text: list) -> set:
    """The columns a file's own claim names plain, under whatever rules it was written (all of ``text``: it has none)."""
    try:
        got = json.loads((schema.metadata or {})[PLAIN_TEXT_KEY])
        return {str(x) for x in got["columns"]} if isinstance(got, dict) and isinstance(got.get("columns"), list) \
            else set(text)
    except (KeyError, TypeError, ValueError, RecursionError):
        return set(text)


def refresh_store_claims(store_dir: str | os.PathLike, wait: bool = False) -> dict:
    """:func:`refresh_plain_claims` of every dataset of the store ``store_dir`` that ``records import`` wrote (its
    marker) and that has files no claim of now names: ``{kind: files claimed again}``.  Called by ``windoweval
    score`` and ``report`` at start-up and by ``records check``, never waiting (``wait=False``: while an import holds
    the lock nothing is done; :class:`BlockingIOError`), so that after an upgrade that changed the masking rules the
    first command pays the scan, once, and the later ones do not.

    Examples
    --------
    >>> import tempfile
    >>> refresh_store_claims(tempfile.mkdtemp())
    {}
    """
    root = Path(store_dir)
    done = {}
    for kind in contracts():
        d = root / kind
        if (d / MARKER).is_file() and stale_plain_files(d):
            done[kind] = refresh_plain_claims(d, wait=wait)
    return done


def import_records(kind: str, source_file: str | os.PathLike, store_dir: str | os.PathLike | None = None,
                   mapping: dict | None = None, by_month: bool | None = None, progress=None,
                   replace: bool = False, inspect=None) -> Path:
    """Validate a delivery of ``kind`` records and write it into the store as Parquet.

    Parameters
    ----------
    kind : str
        A contract name (see :func:`windoweval.records.contracts`).
    source_file : path
        The delivery: CSV (UTF-8 or GB18030), XLSX or Parquet, with the
        export's own headers.
    store_dir : path, optional
        The store (a workspace's data directory); ``data/store`` by default.
        The dataset is written to ``<store_dir>/<kind>/``.
    mapping : dict, optional
        ``{"columns": {...}, "values": {...}}`` for this kind; by default the
        mapping file of the workspace in ``store_dir``, if it has one.
    by_month : bool, optional
        Partition by month as well as year; by default as the stored dataset
        already is, else for the kinds in :data:`MONTHLY_KINDS`.
    progress : callable, optional
        Called with each progress line.
    replace : bool
        Allow the import to remove stored records of the partitions it covers
        that the delivery lacks; without it such an import is refused (a
        month's export of a kind stored by year would drop the other months).
    inspect : callable, optional
        Called with the checked delivery (:class:`~windoweval.records.files.Loaded`) before it is written: the
        command line lists from it the rows kept but flagged (steps out of order), as ``records check`` does.

    Returns
    -------
    Path
        The dataset directory.

    Raises
    ------
    RecordsError
        When the delivery breaks its contract (every bad row named), or would
        remove stored records without ``replace``; the store is left as it was.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> src = f"{d}/工单.csv"
    >>> pd.DataFrame({"工单号": ["W1", "W2"], "窗口编号": ["PW01", "PW01"], "工单类型": ["fault_repair"] * 2,
    ...               "受理时间": ["2025-03-01 08:00", "2025-04-02 09:00"],
    ...               "到达现场时间": ["2025-03-01 08:30", ""]}).to_csv(src, index=False)
    >>> ds = import_records("work_orders", src, d)
    >>> sorted(p.relative_to(ds).as_posix() for p in ds.rglob("*.parquet"))
    ['year=2025/month=03/part-0.parquet', 'year=2025/month=04/part-0.parquet']
    >>> from windoweval.records import read_records
    >>> read_records("work_orders", d, year=2025)["arrived_at"].isna().tolist()
    [False, True]
    """
    c = contracts()[kind]
    src = Path(source_file)
    store = Path(store_dir) if store_dir is not None else paths.STORE_DIR
    if mapping is None and (store / "windoweval.toml").exists():
        from .workspace import load_workspace
        mapping = load_workspace(store).mapping().get(kind)
    if not src.exists():
        from ..errors import InputError
        raise InputError(f"{src}: 找不到交付文件 / delivery file not found")
    if getattr(mapping, "punches", None) or (isinstance(mapping, dict) and mapping.get("punches")):
        # a schedule whose clock-ins come from a punch log beside it (records.punches): imported alone, every shift
        # would be stored without its punches, judged as missing evidence; refused, never stored half read
        from ..errors import InputError
        raise InputError(f"{src.name}: mapping.yaml 的 {kind} 写有 punches(打卡记录与排班表一并读取),不能单独导入排班表:"
                         "请把排班表与打卡记录放在数据目录中直接评分(--data),或导入已含上班、下班打卡时间的考勤表 / "
                         f"mapping.yaml's {kind} has punches (the punch log read with the schedule): the "
                         "schedule cannot be imported alone; score the data folder holding both (--data), or import an "
                         "attendance table that holds the clock-in and clock-out times")
    t0 = time.monotonic()
    say = progress or (lambda msg: None)      # progress lines (the command line prints them on stderr)
    say(f"读取并检查 / reading and checking {src.name} …")
    sha = sha256_file(src)
    got = load_files(kind, [src], mapping)
    df = got.frame
    say(f"    ✓ {len(df):,} 条记录 / records ({time.monotonic() - t0:.1f} s)")   # records, not rows: a split shift's row holds two
    if inspect is not None:
        inspect(got)
    del got

    dest = store / kind
    # a key the mapping numbers in file order (sequence: {pause_id: null}): 1, 2, 3 in every file, so the next
    # month's file names the stored records' ids too; compared with the period's value as well
    seq = KindMapping.of(kind, mapping).sequence   # {column: None} numbers the whole file
    file_order = [k for k in c.key if k in seq and seq[k] is None]
    with _importing(store, kind):   # one import of a kind at a time: each builds on the stored partitions it reads
        return _import_locked(kind, c, src, store, dest, df, sha, by_month, replace, say, file_order)


@contextlib.contextmanager
def _importing(store: Path, kind: str):
    """Hold the store's import lock (an exclusive ``flock`` of the store folder itself: no file is left behind; another
    import into the store waits).

    An import reads the stored dataset (its partitions, to keep those the delivery does not cover, and its log of
    deliveries), builds the new one aside and swaps it in.  Two imports of a kind at once (a 2024 and a 2025 delivery
    started together) each built on the dataset as it was before either, and the one swapped in last dropped the
    other's partitions, both reporting success; the second now waits and builds on the first's.  (Imports of other
    kinds into the same store wait too: imports are rare, and one lock cannot be taken in two orders.)
    """
    from ..atomic import folder_lock

    store.mkdir(parents=True, exist_ok=True)
    with folder_lock(store):    # the folder's own flock, as every command that writes a folder holds it
        yield


def _import_locked(kind, c, src: Path, store: Path, dest: Path, df: pd.DataFrame, sha: str, by_month, replace: bool,
                   say, file_order=()) -> Path:
    """:func:`import_records` from the checked delivery ``df`` on, under the kind's lock."""
    first = 2
    period = c.period
    partition = period is not None and period not in ("year", "month") and "year" not in c.columns
    had_year, had_month = _partitioned(dest)
    if by_month is None:
        by_month = had_month if had_year else kind in MONTHLY_KINDS
    if not partition:
        by_month = False
    if period is not None and partition:
        per = df[period]
        # a clock not yet started (a work order filed, not yet accepted: its received_at blank) sits in the partition
        # of the year it was filed, which is the year it belongs to (year_filter reads it there)
        for other in [x for x in (c.periods or ()) if x != period and x in df]:
            if per.isna().any():
                per = per.fillna(df[other])
        if per.isna().any():  # a required period column cannot be empty after validation; be safe
            bad = np.flatnonzero(per.isna().to_numpy())[:20] + first
            raise RecordsError(kind, str(src), Problems.of(
                file=str(src), row=bad, column=period, value="", code="missing_value",
                problem_zh="缺少日期,无法分区", problem_en="no date to partition by"))
        # a dialogue exported one turn per row is stored whole in the partition of its first turn (its turns after
        # midnight on 31 December with it: the year's scan reads the partition; diff41)
        per = c.of_first_turn(df, per)
        years = per.dt.year.to_numpy()
        months = per.dt.month.to_numpy() if by_month else np.zeros(len(df), dtype=int)
        keys = sorted(set(zip(years.tolist(), months.tolist())))
    else:
        keys = [None]

    if keys != [None] and not replace:   # a month's export into a year's partition: the other months would go
        _refuse_dropping(kind, c, src, df, dest, keys, by_month, file_order)
    # the delivery as it came, by its hash: copied under a pending name before the dataset that names it goes in,
    # named after (a kill in between used to leave a kept copy no import named, which the next import of the same
    # bytes adopted unchecked); a killed import's pending copy is named or removed here, under the lock
    raw_dir = store / RAW_DIR / kind
    private_dir(store / RAW_DIR)   # the kept deliveries hold personal data: their folders 0700, files 0600
    named = _named_raws(store, kind)
    settle_pending(raw_dir, named)
    raw_name, pending = stage_raw(src, raw_dir, sha, trusted=raw_name_of(sha, src) in named)
    before = _marker(dest)
    try:
        _step("raw_staged")
        _write_dataset(kind, c, df, dest, keys, years if keys != [None] else None,
                       months if keys != [None] else None, by_month,
                       {"source": readable(src), "file_name": readable(src.name), "sha256": sha,
                        "raw": f"{RAW_DIR}/{kind}/{raw_name}"}, say)
    except BaseException as e:
        # a stop (SIGTERM) or an error after the dataset was swapped in (while the former one was removed): the
        # dataset in place names the copy, which takes its name, never removed; the exception says the data went in
        try:
            went_in = _marker(dest) != before
            if pending is not None:
                if raw_name in _named_raws(store, kind):
                    os.replace(pending, raw_dir / raw_name)
                    _fsync_dir(raw_dir)
                else:
                    pending.unlink(missing_ok=True)
        except OSError:         # left pending: settle_pending names or removes it under the next lock
            went_in = False
        if went_in:
            e.imported = str(dest)
        raise
    if pending is not None:   # the dataset names it now: the copy takes its name
        try:
            os.replace(pending, raw_dir / raw_name)
            _fsync_dir(raw_dir)
        except BaseException as e:   # the dataset is in; the copy, if still pending, is named by the next settle
            e.imported = str(dest)
            raise
    _step("raw_named")
    return dest


def _named_raws(store: Path, kind: str) -> set:
    """The kept copies (their names in ``_raw/<kind>/``) the stored dataset's imports name."""
    return {Path(e.get("raw", "")).name for e in ((_marker(store / kind) or {}).get("imports") or [])
            if str(e.get("raw", "")).startswith(f"{RAW_DIR}/{kind}/")}


def settle_raw(store_dir: str | os.PathLike | None = None) -> list[str]:
    """Name or remove the pending kept copies killed imports left in the store (:func:`windoweval.records.raw.
    settle_pending`), under the store's lock; nothing is locked when no import left one (a reader never waits).

    Called by the next import and at the command line's start-up (never waiting: while an import holds the lock
    nothing is done): a kill after the dataset went in and before its copy was named leaves the store complete.
    Every pending copy under the lock is a dead import's, whatever its process id (:func:`settle_pending`).

    Examples
    --------
    >>> import tempfile
    >>> settle_raw(tempfile.mkdtemp())
    []
    """
    from ..atomic import folder_lock
    from .raw import _PENDING

    store = Path(store_dir) if store_dir is not None else paths.STORE_DIR
    root = store / RAW_DIR
    if not root.is_dir():
        return []
    kinds = []
    for d in root.iterdir():
        if d.is_dir() and any(_PENDING.match(p.name) for p in d.iterdir()):
            kinds.append(d.name)
    done = []
    if kinds:
        try:
            with folder_lock(store, wait=False):   # an import holds the lock: its copy is no dead one; it or the
                for kind in kinds:                 # next run settles the others
                    done += settle_pending(root / kind, _named_raws(store, kind))
        except BlockingIOError:
            return []
    return done


def _refuse_dropping(kind, c, src: Path, df: pd.DataFrame, dest: Path, keys, by_month: bool, file_order=()) -> None:
    """Refuse a delivery that would take stored records out of the partitions it covers (``replace`` allows it).

    The partitions a delivery covers replace the stored ones. A month's export of a kind stored by year (95598
    complaints exported month by month) would so drop every other month of that year, without a word; it is
    refused instead, naming the partition, how many stored records would go and the first of their keys.  A key
    ``file_order`` names is numbered 1, 2, 3 … in each file (``sequence: {pause_id: null}``): the next month's file
    holds the stored ids too, so a stored record counts as kept only where its key and its period's value are both
    in the delivery.
    """
    if not dest.is_dir() or not c.key or any(k not in df.columns for k in c.key):
        return
    cols = [*c.key, c.period] if file_order and c.period in df.columns and c.period not in c.key else list(c.key)
    had_year, had_month = _partitioned(dest)
    if not had_year or had_month != bool(by_month):
        return
    import pyarrow.compute as pc

    new = _joined_keys(df, cols)
    lost = []
    for y, mth in keys:
        sub = dest / f"year={y}" / (f"month={mth:02d}" if by_month else "")
        files = sorted(sub.glob("*.parquet"))
        if not files:
            continue
        check_store_files(kind, files)     # the stored files' footers, as every reader of the store checks them
        old = pd.concat([pq.read_table(f, columns=cols).to_pandas() for f in files], ignore_index=True)
        ids = _joined_keys(old, cols)
        kept = pc.is_in(pa.array(ids.to_numpy(dtype=object), type=pa.string()),
                        value_set=pa.array(new.to_numpy(dtype=object), type=pa.string()))
        gone = ids[~kept.to_numpy(zero_copy_only=False)]
        if len(gone):
            lost.append((sub.relative_to(dest).as_posix().rstrip("/"), len(gone), len(ids),
                         [g.replace("\x1f", " / ") for g in gone.head(5)]))
    if not lost:
        return
    where = "; ".join(f"{p}: {n}/{m} ({', '.join(ex)}{' …' if n > len(ex) else ''})" for p, n, m, ex in lost)
    total = sum(n for _, n, _, _ in lost)
    unit_zh, unit_en = ("月", "month") if by_month else ("年", "year")
    raise RecordsError(kind, str(src), Problems.of(
        file=src.name, column=", ".join(c.key), value=where, code="would_drop_stored",
        problem_zh=f"数据仓中已有的 {total} 条记录不在本次交付中，导入会把它们删去（交付覆盖的分区整体替换已存分区，按{unit_zh}分区）："
                   f"{where}。分月导出的文件（如 95598 逐月导出的诉求）不能逐个导入"
                   + (f"（{'、'.join(file_order)} 由 mapping.yaml 的 sequence 在每个文件中按行序编为 1、2、3……，"
                      f"故连同 {c.period} 一起比较）" if cols != list(c.key) else ""),
        problem_en=f"{total} stored records are not in this delivery and the import would remove them (the partitions "
                   f"a delivery covers replace the stored ones, by {unit_en}): {where}. Files exported month by month "
                   "(such as a 95598 office's monthly case exports) cannot be imported one by one"
                   + (f" ({', '.join(file_order)}: numbered 1, 2, 3 … in each file by mapping.yaml's sequence, so "
                      f"compared with {c.period} too)" if cols != list(c.key) else ""),
        fix_zh=f"把该{unit_zh}的全部记录（各月文件合并，同一编号只留最新的一行）作为一个文件交付；确实要删去这些记录时加 --replace",
        fix_en=f"deliver the whole {unit_en}'s records as one file (the monthly files joined, each id once, its latest "
               "row); to remove those records on purpose, add --replace"))


def _joined_keys(df: pd.DataFrame, key) -> pd.Series:
    """One text per row from the ``key`` columns (joined by a unit separator), column by column, not row by row."""
    out = pd.Series("", index=df.index, dtype="string")
    for i, k in enumerate(key):
        part = df[k].astype("string").fillna("")
        out = part if i == 0 else out.str.cat(part, sep="\x1f")
    return out


def _write_dataset(kind, c, df, dest, keys, years, months, by_month, delivery: dict, say=lambda msg: None) -> None:
    """Write ``df`` as the partitions ``keys`` of ``dest``, keeping the stored ones it does not cover, at once."""
    with replacing_dir(dest, prefix=f".{kind}.import-") as tmp:
        schema = _schema(c)
        new_dirs = set()
        for i, key in enumerate(keys, 1):
            if len(keys) > 1:
                say(f"    写入分区 / writing partition {i}/{len(keys)}"
                    + ("" if key is None else f" (year={key[0]}" + (f", month={key[1]:02d})" if by_month else ")")))
            if key is None:
                part, sub = df, tmp
            else:
                y, mth = key
                sel = (years == y) & (months == mth)
                part = df[sel]
                sub = tmp / f"year={y}" / (f"month={mth:02d}" if by_month else "")
            sub.mkdir(parents=True, exist_ok=True)
            new_dirs.add(sub.relative_to(tmp).as_posix())
            table = pa.Table.from_pandas(part, schema=schema, preserve_index=False)
            write_part(table, sub / "part-0.parquet", c)
        # keep the stored partitions this delivery does not cover (hard links, no copy)
        fingerprint = _masking_fingerprint()
        side = _sidecar_claims(dest, fingerprint) if dest.is_dir() else {}
        carried = {}    # the kept files' plain-text claims (PLAIN_CLAIMS) still true of them: {file: (footprint, entry)}
        if dest.is_dir() and keys != [None]:
            for f in dest.rglob("*.parquet"):
                rel = f.parent.relative_to(dest).as_posix()
                if rel in new_dirs or rel == ".":
                    continue
                name = f.relative_to(dest).as_posix()
                if name in side:
                    now = _footprint(f)
                    if _claimed(side[name], now) is not None:
                        carried[name] = (now, side[name][1])
                target = tmp / f.relative_to(dest)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(f, target)
                except OSError:
                    shutil.copy2(f, target)     # another inode: its claim is not carried (_carry_claims)
        old = _marker(dest) or {}
        log = list(old.get("imports", [])) if old.get("kind") == kind else []
        # dates_alone: times written as a date alone carry records.cutoff.DATE_ONLY_NS (session 43); an import
        # without the key was made before, its dates alone stored as the day's 00:00 (read as before, said once)
        log.append({**delivery, "rows": int(len(df)), "imported_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                    "partitions": sorted(new_dirs), "dates_alone": True})
        (tmp / MARKER).write_text(json.dumps({
            "kind": kind, "contract": contract_signature(kind), "by_year": keys != [None],
            "by_month": bool(by_month), "imports": log[-200:]}, ensure_ascii=False, indent=1), encoding="utf-8")
    # every file of the dataset in place checked once more and its footprint recorded, so that each later reader
    # need not walk its pages again (after the swap: the kept partitions' hard links, made and the former folder's
    # removed, move their files' change times); a stop before it leaves no record, and readers walk every file
    try:
        record_checked(dest)
    except OSError:
        pass
    if carried:
        try:
            _carry_claims(dest, fingerprint, carried)
        except OSError:     # not carried: the next score or records check claims those files again, as before
            pass


def _carry_claims(dest: Path, fingerprint: str, carried: dict) -> int:
    """Write to the dataset ``dest`` just swapped in the :data:`PLAIN_CLAIMS` entries of the former dataset's files it
    kept (``carried``: ``{file: (its footprint when the claim was found true of it, its columns)}``), each only while
    it is the same file: its size, modification time, inode and footer as then.  Its change time alone is not
    compared: the hard link into the new dataset and the former folder's removal move it, and nothing else may (the
    store's lock is held from the check to here).  Written aside and moved into place in one step, after the swap (a
    claim written before it would name the change time of before); a stop in between leaves no claim, and the next
    ``score`` or ``records check`` claims those files again.  Returns the number of entries carried.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> write_part(pa.table({"order_id": ["WO1"]}), d / "p.parquet", contracts()["work_orders"])
    >>> fp = _footprint(d / "p.parquet")
    >>> _carry_claims(d, "f", {"p.parquet": (fp, ["order_id"])}), _carry_claims(d, "f", {"p.parquet": (fp[:3] + [0, fp[4]], [])})
    (1, 0)
    """
    from ..atomic import write_text

    files = {}
    for name, (then, cols) in carried.items():
        now = _footprint(dest / name)
        if now is not None and then is not None and now[:2] == then[:2] and now[3:] == then[3:]:
            files[name] = [now, cols]
    if files:
        write_text(dest / PLAIN_CLAIMS, json.dumps({"rules": fingerprint, "files": files}, indent=0))
    return len(files)


DELIVERY_COLUMNS = ["kind", "sha256", "file_name", "source", "rows", "imported_at", "raw", "partitions"]


def list_deliveries(store_dir: str | os.PathLike | None = None, kind: str | None = None) -> pd.DataFrame:
    """Every delivery imported into the store (the last 200 of each kind), oldest first.

    Columns :data:`DELIVERY_COLUMNS`: ``kind``, ``sha256`` (the delivery's
    hash; empty for one imported before deliveries were kept), ``file_name``,
    ``source`` (the path it was imported from), ``rows``, ``imported_at``,
    ``raw`` (the kept copy, relative to the store) and ``partitions``.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> pd.DataFrame({"staff_id": ["1"], "window_id": ["PW01"], "english": ["是"],
    ...               "sign_language": ["否"]}).to_csv(f"{d}/r.csv", index=False)
    >>> _ = import_records("staff_roster", f"{d}/r.csv", d)
    >>> _ = import_records("staff_roster", f"{d}/r.csv", d)      # the same bytes again: kept once
    >>> t = list_deliveries(d)
    >>> len(t), t["sha256"].nunique(), t["raw"].iloc[0] == f"_raw/staff_roster/{t['sha256'].iloc[0]}.csv"
    (2, 1, True)
    >>> verify_raw(d)["ok"].tolist()
    [True]
    """
    store = Path(store_dir) if store_dir is not None else paths.STORE_DIR
    rows = []
    for k in sorted(contracts()) if kind is None else [kind]:
        m = _marker(store / k)
        if not m or m.get("kind") != k:
            continue
        for e in m.get("imports", []):
            rows.append({**{c: e.get(c, "") for c in DELIVERY_COLUMNS}, "kind": k,
                         "file_name": e.get("file_name") or Path(e.get("source", "")).name,
                         "partitions": ", ".join(e.get("partitions", []))})
    return pd.DataFrame(rows, columns=DELIVERY_COLUMNS)


def verify_raw(store_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Check that every kept delivery is still there with the hash it is named by.

    校验原始交付文件：仍在，且哈希与文件名一致。

    Returns
    -------
    DataFrame
        One row per kept delivery the store's imports name: ``kind``,
        ``sha256``, ``raw``, ``ok``, ``problem`` (Chinese / English).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "工单.csv").write_text("order_id,window_id,order_type,received_at\\n1,PW01,fault_repair,2025-06-01 18:00\\n",
    ...                                 encoding="utf-8")
    >>> _ = import_records("work_orders", d / "工单.csv", d / "store")
    >>> verify_raw(d / "store")[["kind", "ok", "problem"]].to_dict("records")
    [{'kind': 'work_orders', 'ok': True, 'problem': ''}]
    >>> raw = d / "store" / verify_raw(d / "store")["raw"].iloc[0]
    >>> _ = raw.write_bytes(b"altered")
    >>> verify_raw(d / "store")[["ok", "problem"]].to_dict("records")
    [{'ok': False, 'problem': '原始文件已被改动(哈希不符)/ raw file altered (hash mismatch)'}]
    """
    store = Path(store_dir) if store_dir is not None else paths.STORE_DIR
    # a reader: nothing is written (a read-only mount, an auditor's view); a killed import's copy still pending
    # (its dataset went in before it was named: settle_raw names it at the next import or run) is reported
    t = list_deliveries(store)
    t = t[t["sha256"].astype(bool)].drop_duplicates(["kind", "sha256"])
    out = []
    for k, sha, raw in zip(t["kind"], t["sha256"], t["raw"]):
        f = store / raw
        pending = [] if f.is_file() else sorted(f.parent.glob(f".{f.name}.pending-*")) if f.parent.is_dir() else []
        problem = ("原始文件缺失 / raw file missing" if not f.is_file() and not pending
                   else (f"原始文件尚待命名(被终止的导入留下,下次导入或运行时命名):{pending[0].name}"
                         f"{'' if sha256_file(pending[0]) == sha else ',且哈希不符'} / raw file pending under "
                         f"{pending[0].name} (a killed import's; named by the next import or run)"
                         f"{'' if sha256_file(pending[0]) == sha else ', hash mismatch'}") if not f.is_file()
                   else "原始文件已被改动(哈希不符)/ raw file altered (hash mismatch)" if sha256_file(f) != sha else "")
        out.append({"kind": k, "sha256": sha, "raw": raw, "ok": problem == "", "problem": problem})
    return pd.DataFrame(out, columns=["kind", "sha256", "raw", "ok", "problem"])
