"""The Dask path: the same frame evaluation on every partition, counts summed with a Dask groupby."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..errors import UsageError
from ..records import contracts, find_file, read_records
from .plan import AGG_COLUMNS, Evaluated, Item, LOCAL_SCHEDULERS, read_columns
from .frame import _empty_agg, _failing, _population, evaluate_frame


class SchedulerError(UsageError, ValueError):
    """``--scheduler`` names no Dask scheduler: not local or local:N, not an address, or none answers there (exit 2).

    Examples
    --------
    >>> from windoweval.errors import UsageError
    >>> issubclass(SchedulerError, UsageError), SchedulerError("--scheduler foo").exit_code
    (True, 2)
    """


def _refuse(scheduler, zh: str, en: str) -> SchedulerError:
    return SchedulerError(f"无法使用 Dask 调度器 {scheduler!r}:{zh};请给出 local、local:N 或地址(如 tcp://10.0.0.5:8786)/ "
                          f"cannot use the Dask scheduler {scheduler!r}: {en}; give 'local', 'local:N', an address "
                          f"(tcp://host:8786), a distributed.Client, or one of {LOCAL_SCHEDULERS}")


class _Session:
    """Where Dask computes: an in-process scheduler, a client given, or a cluster started and closed here."""

    def __init__(self, scheduler):
        self.client = self.cluster = None
        self.scheduler = None
        self.own = False
        if isinstance(scheduler, str) and scheduler in LOCAL_SCHEDULERS:
            self.scheduler = scheduler
        elif hasattr(scheduler, "compute") and hasattr(scheduler, "submit"):  # a distributed.Client
            self.client = scheduler
        elif isinstance(scheduler, str) and (scheduler == "local" or scheduler.startswith("local:")):
            from distributed import Client, LocalCluster

            try:
                n = int(scheduler.split(":", 1)[1]) if ":" in scheduler else max(1, min(4, os.cpu_count() or 1))
            except ValueError:
                raise _refuse(scheduler, "local: 后应为工作进程数", "local: takes a number of workers") from None
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
            self.own = True
        elif isinstance(scheduler, str):
            from distributed import Client

            try:
                self.client = Client(scheduler)
            except (ValueError, OSError) as e:     # a malformed address, or no scheduler answers there
                raise _refuse(scheduler, f"连接失败({type(e).__name__})", f"{type(e).__name__}: {e}") from None
        else:
            raise _refuse(scheduler, "未知的调度器", "unknown scheduler")

    def compute(self, *objs):
        import dask

        try:
            if self.client is not None and self.client.status == "running":
                return dask.compute(*objs, scheduler=self.client)
            return dask.compute(*objs, scheduler=self.scheduler or "threads")
        except UnicodeDecodeError as e:     # a block not in the encoding the whole file was judged in: a user's file
            raise _undecodable_block(e) from None

    def close(self):
        if self.own:
            self.client.close()
            self.cluster.close()


#: The CSV files this process reads in partitions, with the encoding each is read in (judged over the whole file,
#: :func:`_encoding`): named when a block fails to decode all the same (the file changed after it was judged), which
#: Dask reports without its file.
_CSV_READ: dict[str, str] = {}


def _undecodable_block(e: UnicodeDecodeError, read: dict | None = None):
    """The refusal (exit 3) of a CSV a block of which is not in the encoding the whole file was judged in
    (:func:`_encoding`: the file changed after, or is damaged), naming the files read in partitions (``read``, else those this process read): Dask's
    error names none.

    Examples
    --------
    >>> e = UnicodeDecodeError("gb18030", b"\\x85", 0, 1, "illegal multibyte sequence")
    >>> print(_undecodable_block(e, {"/d/work_orders.csv": "gb18030"}).en)
    a file read in partitions (/d/work_orders.csv, read as gb18030) holds bytes that are not in that encoding (the file changed while it was read, or is damaged); export it again from the source system in one encoding (UTF-8), or read it without --scheduler to be shown the row
    """
    from ..records.io import ExportError

    # at compute, the files of this process (the last five read: a long JupyterLab session reads many), one of them
    read_in = read if read is not None else dict(list(_CSV_READ.items())[-5:])
    one_zh, one_en = ("之一", "one of ") if len(read_in) > 1 else ("", "")
    shown = one_en + ("; ".join(f"{f}, read as {enc}" for f, enc in read_in.items()) or "CSV")
    read_zh = "、".join(f"{f}(按 {enc} 读)" for f, enc in read_in.items()) + one_zh or "CSV"
    files = ", ".join(read_in) or "CSV"
    return ExportError(files, f"分块读取的文件 {read_zh} 有不属于该编码的字节(文件在读取中被改动,或已损坏);请从原系统把整个文件"
                              "重新导出为同一种编码(UTF-8),或不加 --scheduler 运行以查看出错的行",
                       f"a file read in partitions ({shown}) holds bytes that are not in that encoding "
                       "(the file changed while it was read, or is damaged); export it again from the source system in one "
                       "encoding (UTF-8), or read it without --scheduler to be shown the row")


def _encoding(f: Path, declared: str | None = None) -> str:
    """The encoding of a CSV read in partitions, judged over the whole file as the pandas reader judges it
    (:func:`~windoweval.records.io.file_encoding`, with its refusals: a GB18030 file with UTF-8 rows past the first
    block, or the other way round, refused naming the row; a file whose few Chinese bytes could be GB18030 or Big5;
    mapping.yaml's encoding over bytes of another), a piece at a time over a map of the file: a block Dask reads
    later never decodes as mojibake in silence (judged on the first 64 KB only, it did)."""
    from ..records.io import _mapped, file_encoding

    return file_encoding(_mapped(f), f, declared)    # the map closed when the last view of it goes, as read_tables'


def _validate_part(part: pd.DataFrame, kind: str, file: str, mapping: dict, only, year, cols, blocks=None,
                   partition_info=None) -> pd.DataFrame:
    """One partition of a file Dask reads, mapped and validated as the pandas path validates the file.  ``blocks``:
    for a CSV file ``dd.read_csv`` cut into byte blocks, ``(blocksize, partitions)``; Dask gives ``partition_info``
    (the partition's number).  The last such partition is read without the notes under the table (制表人：…), as the
    pandas path reads the file; a partition after the first whose records are refused is validated again numbered
    from its first line in the file (:func:`_first_line`), so that each refusal names the file's row: the rows had
    been numbered from 2 in every partition (a bad row 200,002 named as row 14,780)."""
    from ..records.contract import RecordsError

    number = (partition_info or {}).get("number") if blocks else None
    if number is not None and number == blocks[1] - 1 and len(part):
        from ..records.io import trailing_note_rows

        notes = trailing_note_rows(part)
        if notes:
            part = part.iloc[:len(part) - notes]
    try:
        return _validated(part, kind, file, mapping, only, year, cols)
    except RecordsError:
        if not number:
            raise
        first = _first_line(file, blocks[0], number)
        return _validated(part, kind, file, mapping, only, year, cols, first)   # raises again, with the file's rows


def _first_line(path: str, blocksize, number: int) -> int:
    """The line of ``path`` (from 1, the header's) that partition ``number`` of ``dd.read_csv(path,
    blocksize=blocksize)`` begins with: Dask's byte offsets (:func:`dask.bytes.read_bytes`: the file's size spread
    over whole blocks), each moved past the next line end (:func:`fsspec.utils.read_block`), the line ends before it
    counted.  Read only when a partition's records are refused.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "w.csv")
    >>> _ = open(f, "w").write("a,b\\n" + "".join(f"{i},x\\n" for i in range(1000)))
    >>> _first_line(f, 1000, 1), _first_line(f, 1000, 0)
    (217, 2)
    """
    from dask.utils import parse_bytes

    if not number:
        return 2
    size = os.path.getsize(path)
    bs = parse_bytes(blocksize) if isinstance(blocksize, str) else int(blocksize)
    bs1 = size / (size // bs) if (size % bs and size > bs) else bs
    place, off = 0, [0]
    while size - place > (bs1 * 2) - 1:
        place += bs1
        off.append(int(place))
    lines = 0
    with open(path, "rb") as f:
        f.seek(off[number])
        while True:   # the first line end at or after the block's offset: the partition starts after it
            chunk = f.read(1 << 16)
            if not chunk:
                start = size
                break
            i = chunk.find(b"\n")
            if i >= 0:
                start = f.tell() - len(chunk) + i + 1
                break
        f.seek(0)
        left = start
        while left > 0:
            chunk = f.read(min(left, 1 << 24))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            left -= len(chunk)
    return lines + 1


def _validated(part: pd.DataFrame, kind: str, file: str, mapping: dict, only, year, cols,
               first: int | None = None) -> pd.DataFrame:
    """:func:`_validate_part`'s mapping and validation of one partition, its rows numbered from ``first`` (the
    file's line of its first record) when given."""
    import numpy as np

    from ..records import validate

    from ..records.mapping import apply_mapping

    c = contracts()[kind]
    from ..records.mapping import KindMapping

    km = KindMapping.of(kind, mapping)
    if km.wide:   # a wide checklist is made one row per item by the pandas reader only
        from ..errors import InputError
        raise InputError(f"{file}: mapping.yaml 中 {kind} 的 wide(宽表检查表)不能在 Dask 上读取;检查表很小,请不用 "
                         f"--scheduler 运行 / the wide checklist (wide) of {kind} in mapping.yaml is not read on "
                         f"Dask; a checklist is small: run without --scheduler")
    if km.steps:   # a process log: an order's steps may lie in two partitions; pivoted by the pandas reader only
        from ..errors import InputError
        raise InputError(f"{file}: mapping.yaml 中 {kind} 的 steps(流程日志,每个环节一行)不能在 Dask 上读取:同一工单的各环节可能"
                         f"分在两个分区;请不用 --scheduler 运行,或先用 `windoweval records import {kind} 文件` 导入数据仓(导入时"
                         f"按整个文件转为每张工单一行) / the steps (a process log, a row per step) of {kind} in "
                         f"mapping.yaml are not read on Dask: an order's steps may lie in two partitions; run without "
                         f"--scheduler, or import the file into the store first with `windoweval records import {kind} "
                         f"FILE` (pivoted over the whole file)")
    if km.sequence:   # rows numbered in file order: a partition knows neither the rows before it nor a group's start
        from ..errors import InputError
        cols = ", ".join(km.sequence)
        raise InputError(f"{file}: mapping.yaml 中 {kind} 的 sequence({cols},按文件中的行序编号)不能在 Dask 上读取:"
                         f"每个分区只看到自己的行,编号会从 1 重新开始;请不用 --scheduler 运行,或先用 `windoweval records "
                         f"import {kind} 文件` 导入数据仓(导入时按整个文件编号) / the sequence ({cols}, rows "
                         f"numbered in file order) of {kind} in mapping.yaml is not read on Dask: each partition sees only "
                         f"its own rows and would number from 1 again; run without --scheduler, or import the file into "
                         f"the store first with `windoweval records import {kind} FILE` (numbered over the whole file)")
    _refuse_split_on_dask(km, kind, file)
    if km.attempts:   # a case's attempts may lie in two partitions: made one row per case by the pandas reader only
        from ..errors import InputError
        raise InputError(f"{file}: mapping.yaml 中 {kind} 的 attempts(每次回访尝试一行)不能在 Dask 上读取:同一工单的几次回访"
                         f"可能分在两个分区;请不用 --scheduler 运行,或先用 `windoweval records import {kind} 文件` 导入数据仓 / "
                         f"the attempts (a row per callback attempt) of {kind} in mapping.yaml are not read on "
                         f"Dask: a case's attempts may lie in two partitions; run without --scheduler, or import the file "
                         f"into the store first with `windoweval records import {kind} FILE`")
    if km.punches:   # a punch log joined to the schedule's shifts (records.punches): by the pandas reader only
        from ..errors import InputError
        raise InputError(f"{file}: mapping.yaml 中 {kind} 的 punches(打卡记录与排班表一并读取)不能在 Dask 上读取:一个员工的"
                         f"打卡与班次可能分在两个分区;考勤记录不大,请不用 --scheduler 运行 / the punches (a punch log "
                         f"read with the schedule) of {kind} in mapping.yaml are not read on Dask: a staff member's punches "
                         f"and shifts may lie in two partitions; attendance is small: run without --scheduler")
    part = part.drop(columns=[x for x in ("year", "month") if x in part and x not in c.columns])
    rows = np.arange(2 if first is None else first, (2 if first is None else first) + len(part))
    # a split shift's cell (早班 08:30-12:00 14:00-17:30) made a record per span, each keeping its row, as the pandas
    # reader makes it: a row's spans lie in its partition (files._shift_halves, vectorised)
    from ..records.files import _apply_spans, _shift_halves
    from ..records.io import Table

    t, halves = _shift_halves(Table(file, list(part.columns), part.set_axis(range(part.shape[1]), axis=1),
                                    int(rows[0]) if len(rows) else 2, rows=rows), kind, km)
    if any(spec.get("spans") for spec in km.combine.values()):   # a header per span (上班1 … 上班2)
        mapped, plan = _apply_spans(t, halves, kind, km, 1)
    else:
        mapped, plan = apply_mapping(t.frame, t.headers, kind, km, file, rows=np.asarray(t.row_numbers()))
    if halves is not None and halves.get("problems") is not None:
        plan.problems.append(halves["problems"])
    df = validate(mapped, kind, file=file, first_row=2 if first is None else first, only=only, extra=plan.problems,
                  rows=None if halves is None else np.asarray(plan.row_numbers))
    df = c.rows_of_year(df, year)
    return df[cols] if cols else df


def _refuse_split_on_dask(km, kind: str, file: str) -> None:
    """A list cell made a record per id (``split``: an outage's 户号) is read by the pandas reader only: on Dask the
    list would be one customer.  Refused, with the two ways that read it (without --scheduler, or imported first)."""
    if not km.split:
        return
    from ..errors import InputError
    (col, spec), = km.split.items()
    raise InputError(f"{file}: mapping.yaml 中 {kind} 的 split({spec['from']} → {col},一格中的列表拆成每个一条记录)不能在 "
                     f"Dask 上读取;请不用 --scheduler 运行,或先用 `windoweval records import {kind} 文件` 导入数据仓"
                     f"(导入时拆分) / the split ({spec['from']} → {col}, a list in one cell made a record each) of "
                     f"{kind} in mapping.yaml is not read on Dask; run without --scheduler, or import the file into the "
                     f"store first with `windoweval records import {kind} FILE` (split as it is imported)")


#: Parquet bytes of a store dataset in one Dask partition (its files grouped in order up to this size).
PARTITION_BYTES = 96 << 20

#: Bytes of a CSV file in one Dask partition (``dd.read_csv``'s blocksize) when read_dask is given none.
CSV_BLOCKSIZE = "64MB"


def _store_part(files: list[str], kind: str, dataset: str, year, cols: list[str], cats) -> pd.DataFrame:
    """One partition of a store dataset: some of its files, read as the pandas path reads its pieces."""
    from ..records.store import read_validated

    return read_validated(kind, dataset, year=year, columns=cols, categorical=cats, files=files)


def _file_groups(files: list[tuple[str, int]], size: int) -> list[list[str]]:
    """Consecutive files grouped up to ``size`` bytes each (a file larger alone)."""
    groups, cur, n = [], [], 0
    for f, b in files:
        if cur and n + b > size:
            groups.append(cur)
            cur, n = [], 0
        cur.append(f)
        n += b
    return groups + ([cur] if cur else [])


def read_dask(kind: str, data=None, year: int | None = None, columns: list[str] | None = None,
              mapping: dict | None = None, blocksize: str | int | None = None, categorical: list[str] | None = None):
    """The ``kind`` records of a data directory as a Dask DataFrame, typed and checked per partition.

    A store dataset (see :mod:`windoweval.records.store`) is read as it is, as
    the pandas path reads its pieces (:func:`~windoweval.records.store.read_validated`):
    only ``columns`` (those in ``categorical`` as categoricals, from Parquet's
    dictionaries), only the ``year`` (the filing year inside the scan), its
    files grouped into partitions of about :data:`PARTITION_BYTES`.  Another Parquet file or CSV
    file is validated partition by partition (its key's uniqueness within
    each partition only: import it to check the whole delivery).  An XLSX
    file is read with pandas.

    Examples
    --------
    >>> ddf = read_dask("calls_95598", year=2025, columns=["window_id", "offered_at"])
    >>> list(ddf.columns), ddf.npartitions >= 1
    (['window_id', 'offered_at'], True)
    """
    import dask.dataframe as dd

    from ..records.store import is_validated

    c = contracts()[kind]
    blocksize = blocksize or CSV_BLOCKSIZE
    mapping = mapping or {}
    d = paths.data_dir(data)
    f = find_file(kind, d, mapping or None)
    cols = list(columns) if columns else list(c.columns)
    from ..records.mapping import KindMapping

    km = KindMapping.of(kind, mapping) if mapping else None
    head = b""
    if f is not None and f.is_file():
        with open(f, "rb") as fh:
            head = fh.read(4)
    if (f is None or f.suffix not in (".csv", ".parquet", "") or (km is not None and (km.file or km.header_row != 1))
            or head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) == 4 and 0 in head)):
        # workbooks, UTF-16, several files, a renamed export or headers below the first row: the pandas reader
    # (every sheet, every file, the header row mapping.yaml gives)
        return dd.from_pandas(read_records(kind, data, year=year, columns=cols, mapping=mapping), npartitions=1)
    if f.is_dir() or f.suffix == ".parquet":
        by_year = f.is_dir() and any(p.name.startswith("year=") for p in f.iterdir())
        filters = [("year", "==", int(year))] if (year is not None and by_year) else None
        per = list(c.periods or [c.period]) if (c.period and year is not None) else []
        if f.is_dir() and is_validated(f, kind):
            from ..records.store import store_files

            groups = _file_groups(store_files(f), PARTITION_BYTES)
            args = (kind, str(f), year, cols, categorical)
            meta = _store_part([], *args)
            if not groups:
                return dd.from_pandas(meta, npartitions=1)
            return dd.from_map(_store_part, groups, args=list(args), meta=meta, enforce_metadata=False)
        from ..records.io import ExportError
        from ..safepath import parquet_problem

        problem = parquet_problem(f)   # a delivery's footer checked as read_tables checks it, before Dask reads it
        if problem is not None:
            raise ExportError(f, *problem)
        ddf = dd.read_parquet(str(f), filters=filters)
        read_cols = list(dict.fromkeys(cols + c.key + per))
        only = None
        if columns and set(read_cols) <= set(ddf.columns):  # contract names in the file: read just those
            ddf, only = ddf[read_cols], read_cols
    else:
        enc = _encoding(f, km.encoding if km is not None else None)
        _CSV_READ.pop(str(f), None)
        _CSV_READ[str(f)] = enc     # the latest last
        try:
            ddf = dd.read_csv(str(f), dtype=str, encoding=enc, keep_default_na=False, na_values=[""],
                              blocksize=blocksize)
        except Exception as e:  # noqa: BLE001 - Dask re-raises a reader's error as its own type, or fails to
            bad = e if isinstance(e, UnicodeDecodeError) else e.__context__   # (a TypeError for this one)
            if not isinstance(bad, UnicodeDecodeError):
                raise
            raise _undecodable_block(bad, {str(f): enc}) from None   # the sample Dask reads for the columns
        only = None
    meta = _validated(ddf._meta, kind, str(f), mapping, only, year, cols)
    blocks = (blocksize, ddf.npartitions) if only is None and f.suffix == ".csv" else None   # dd.read_csv's blocks
    return ddf.map_partitions(_validate_part, kind, str(f), mapping, only, year, cols, blocks, meta=meta)


def _agg_meta() -> pd.DataFrame:
    meta = _empty_agg().reset_index()
    meta["window_id"] = meta["window_id"].astype(str)
    meta.insert(0, "measure", pd.Series(dtype=str))
    return meta


def _partition_aggs(part: pd.DataFrame, items: list[Item]) -> pd.DataFrame:
    frames = []
    for measure, ev in evaluate_frame(part, items, detail=False).items():
        a = ev.agg.reset_index()
        a["window_id"] = a["window_id"].astype(str)
        a.insert(0, "measure", measure)
        frames.append(a)
    if not frames:
        return _agg_meta()
    out = pd.concat(frames, ignore_index=True)
    out["measure"] = out["measure"].astype(str)
    return out


class _DaskPopulation:
    """A record-level measure's population on Dask: read again (all columns) when a drill-down asks."""

    def __init__(self, item: Item, reader: tuple, session: _Session):
        self.item, self.reader, self.session = item, reader, session

    def materialise(self, mask=None, include_passed: bool = True):
        import dask

        ddf = read_dask(*self.reader)
        parts = [dask.delayed(_failing)(p, self.item, include_passed) for p in ddf.to_delayed()]
        frames = self.session.compute(*parts) if parts else []
        frames = [f for f in frames if len(f)]
        if not frames:
            empty = ddf._meta.assign(passed=pd.Series(pd.array([], dtype="boolean"), index=ddf._meta.index))
            return empty.drop(columns="passed"), empty["passed"]
        out = pd.concat(frames, ignore_index=True)
        return out.drop(columns="passed"), out["passed"]


def _unscored_part(part: pd.DataFrame, items: list[Item], kind: str) -> pd.DataFrame:
    from .account import tally

    u = tally(part, items, kind)[0]
    return u.astype({"records": "int64"}) if len(u) else _unscored_meta()


def _windows_part(part: pd.DataFrame, items: list[Item], kind: str) -> pd.DataFrame:
    from .account import tally

    w = tally(part, items, kind)[1]
    return pd.DataFrame({"window_id": w.index.astype(str), "records": w.to_numpy(dtype="int64")})


def _unscored_meta() -> pd.DataFrame:
    from .frame import UNSCORED_COLUMNS

    return pd.DataFrame({c: pd.Series(dtype=object if c != "records" else "int64") for c in UNSCORED_COLUMNS})


def _by_value(kind: str, data, year, its: list[Item], plan_cols: tuple):
    """A validated store dataset sorted by its first category column, measures that allow it
    (:func:`~windoweval.engine.byvalue.score_by_value`): one Dask task per group of files (about
    :data:`PARTITION_BYTES`), each scoring its files row group by row group on the worker (its reads on two
    threads), the counts added up in one last task.  None otherwise (read with :func:`read_dask`)."""
    import dask

    from ..records.store import store_files
    from .byvalue import combine, score_by_value
    from .local import _store_dataset
    from .plan import row_filters

    f = _store_dataset(kind, data)
    if f is None:
        return None
    rows = row_filters(its, kind)
    if score_by_value(kind, f, year, its, plan_cols, rows, check=True) is None:
        return None
    groups = _file_groups(store_files(f), PARTITION_BYTES)
    parts = [dask.delayed(score_by_value, pure=False)(kind, str(f), year, its, plan_cols, rows, files=g) for g in groups]
    return dask.delayed(combine, pure=False)(parts)


def _own_years(kind: str, part: pd.DataFrame) -> pd.Series | None:
    """Each row's year by its own period (no first turn's): :meth:`Contract.year_of` before ``of_first_turn``."""
    c = contracts()[kind]
    if not any(x and x in part for x in (c.periods or (c.period,))):   # nothing dates a record: every year's
        return None
    return c.year_of(part, turns=False).astype(float)   # the one rule, each row by its own period


def _first_turns(part: pd.DataFrame, kind: str, partition_info=None) -> pd.DataFrame:
    """One row per recording exported one turn per row in ``part`` (its first turn there, by turn then position):
    its id, turn, the partition's number, position and the year of that turn (:func:`_recording_years` joins them)."""
    c = contracts()[kind]
    key = c.key[0]
    cols = {"_id": pd.Series(dtype=object), "_turn": pd.Series(dtype=float), "_part": pd.Series(dtype="int64"),
            "_pos": pd.Series(dtype="int64"), "_year": pd.Series(dtype=float)}
    if "speaker" not in part or key not in part or not len(part):
        return pd.DataFrame(cols)
    turned = part["speaker"].notna().to_numpy(dtype=bool)
    if not turned.any():
        return pd.DataFrame(cols)
    at = np.flatnonzero(turned)
    f = pd.DataFrame({
        "_id": part[key].to_numpy()[at].astype(object),
        "_turn": (pd.to_numeric(part["turn"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)[at]
                  if "turn" in part else np.zeros(len(at))),
        "_part": np.int64((partition_info or {}).get("number", 0)),
        "_pos": at.astype(np.int64),
        "_year": (own.to_numpy(dtype=float)[at] if (own := _own_years(kind, part)) is not None
                  else np.full(len(at), np.nan))})
    return f.sort_values(["_id", "_turn", "_pos"], kind="stable").groupby("_id", sort=False, dropna=False).head(1)


def _recording_years(kind: str, data, mapping, session) -> pd.Series:
    """The year of each recording's first turn over every partition of ``kind`` (its id -> the year), read with the
    columns that date a turn only: the first by turn, then by partition and position, as
    :meth:`Contract.of_first_turn` orders the joined rows."""
    c = contracts()[kind]
    cols = [x for x in dict.fromkeys([*c.key, "turn", "speaker", *(c.periods or [c.period])]) if x and x in c.columns]
    few = read_dask(kind, data, None, cols, mapping)
    meta = _first_turns(few._meta, kind)
    (got,) = session.compute(few.map_partitions(_first_turns, kind, meta=meta))
    if not len(got):
        return pd.Series(dtype=float)
    first = got.sort_values(["_id", "_turn", "_part", "_pos"], kind="stable").groupby("_id", sort=False).head(1)
    return pd.Series(first["_year"].to_numpy(), index=first["_id"].to_numpy())


def _turns_of_year(part: pd.DataFrame, kind: str, year: int, firsts: pd.Series) -> pd.DataFrame:
    """The rows of ``part`` in ``year``: a turn by its recording's first turn's year (``firsts``), any other row by
    its own period, as :meth:`Contract.rows_of_year` reads the joined rows (reading43: filtered inside the read)."""
    if not len(part):
        return part
    years = _own_years(kind, part)
    if years is None:
        return part
    c = contracts()[kind]
    if "speaker" in part and c.key and c.key[0] in part and len(firsts):
        turned = part["speaker"].notna().to_numpy(dtype=bool)
        if turned.any():
            of = part[c.key[0]].astype(object).map(firsts).to_numpy(dtype=float, na_value=np.nan)
            years = pd.Series(np.where(turned, of, years.to_numpy(dtype=float)), index=part.index)
    keep = (years == year).to_numpy(dtype=bool)
    return part if keep.all() else part[keep]


def _evaluate_dask(by_kind: dict, data, year, mapping, records, scheduler) -> dict[str, Evaluated]:
    from .account import TURN_COLUMNS, add_up, known_windows, refuse_unknown, tally
    from .frame import Results, _prepare, unscored

    session = _Session(scheduler)
    try:
        out: dict[str, Evaluated] = Results()
        lazy, plan = [], []
        for kind, its in by_kind.items():
            if kind in records:  # already in memory: pandas
                df = _prepare(kind, records[kind])
                out.update(evaluate_frame(df, its))
                out.unscored.append(unscored(df, its, kind))
                continue
            plan_cols = read_columns(its, list(contracts()[kind].columns))
            read, cats = plan_cols if plan_cols else (None, None)
            if kind == "transcripts":  # turns of one dialogue may lie in two partitions: joined whole, in pandas
                if read is not None:
                    ct = contracts()[kind]   # the turns' columns, and those that date a recording (its key, its period)
                    read = list(dict.fromkeys([*read, *(c for c in TURN_COLUMNS if c in ct.columns),
                                               *(c for c in [*ct.key, *(ct.periods or [ct.period])]
                                                 if c and c in ct.columns)]))
                # kept whole by its first turn's year (contract.of_first_turn, as the local path does): filtered per
                # partition alone, a recording split across two blocks was dated per block (left42).  Each
                # recording's first turn is found over every partition first (a row per recording and partition),
                # then each partition keeps the year's rows as it is read: what is held grows with the year's turns,
                # never with every year the files hold (reading43)
                whole = read_dask(kind, data, None, read, mapping.get(kind))
                if year is not None:
                    firsts = _recording_years(kind, data, mapping.get(kind), session)
                    whole = whole.map_partitions(_turns_of_year, kind, int(year), firsts, meta=whole._meta)
                lazy.append(whole)
                plan.append(("whole", kind, its))
                continue
            lz = _by_value(kind, data, year, its, plan_cols) if plan_cols else None
            if lz is not None:  # a sorted store: each partition's row groups read for the measures of their value
                lazy.append(lz)
                plan.append(("byvalue", kind, its))
                continue
            ddf = read_dask(kind, data, year, read, mapping.get(kind), categorical=cats)
            local = [it for it in its if it.row_local]
            if local:
                aggs = ddf.map_partitions(_partition_aggs, local, meta=_agg_meta())
                lazy.append(aggs.groupby(["measure", "window_id"]).sum(split_out=1))  # tiny: no shuffle
                plan.append(("aggs", kind, local))
            for it in its:
                if not it.row_local:
                    lazy.append(ddf.map_partitions(_population, it, meta=ddf._meta))
                    plan.append(("pop", kind, it))
            # every record accounted for, per partition (the same partitions: read once in one compute)
            lazy.append(ddf.map_partitions(_unscored_part, its, kind, meta=_unscored_meta()))
            plan.append(("unscored", kind, its))
            lazy.append(ddf.map_partitions(_windows_part, its, kind,
                                           meta=pd.DataFrame({"window_id": pd.Series(dtype=object),
                                                              "records": pd.Series(dtype="int64")})))
            plan.append(("windows", kind, its))
        done = session.compute(*lazy) if lazy else []
        for (what, kind, x), res in zip(plan, done):
            file = find_file(kind, paths.data_dir(data), mapping.get(kind) or None)
            known = known_windows(mapping.get(kind))
            if what == "aggs":
                for it in x:
                    if len(res) and it.measure in res.index.get_level_values("measure"):
                        agg = res.xs(it.measure, level="measure")[AGG_COLUMNS]
                    else:
                        agg = _empty_agg()
                    reader = (kind, data, year, None, mapping.get(kind))
                    out[it.measure] = Evaluated(agg, _DaskPopulation(it, reader, session), None)
            elif what == "whole":
                df = _prepare(kind, contracts()[kind].rows_of_year(res.reset_index(drop=True), year))
                u, counts = tally(df, x, kind)
                refuse_unknown(counts, known, kind, file)
                out.update(evaluate_frame(df, x))
                out.unscored.append(u)
            elif what == "byvalue":
                aggs, (u, counts) = res
                refuse_unknown(counts, known, kind, file)
                out.unscored.append(u)
                for it in x:
                    reader = (kind, data, year, None, mapping.get(kind))
                    out[it.measure] = Evaluated(aggs.get(it.measure, _empty_agg()), _DaskPopulation(it, reader, session),
                                                None)
            elif what == "unscored":
                out.unscored.append(add_up([(res, pd.Series(dtype="int64"))])[0])
            elif what == "windows":
                counts = res.groupby("window_id", sort=True)["records"].sum() if len(res) else pd.Series(dtype="int64")
                refuse_unknown(counts, known, kind, file)
            else:
                out.update(evaluate_frame(res.reset_index(drop=True), [x]))
        return out
    finally:
        session.close()
