"""Reading a kind's files (CSV, XLSX, Parquet) through the workspace's mapping, validated together."""
from __future__ import annotations

import difflib
import json
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, notes_once
from .contract import Contract, RecordsError, contracts
from .validate import PARALLEL_ROWS as _PARALLEL_ROWS, FileLabels, empty, validate
from .problems import Problems


def workspace_mapping(kind: str, data_dir):
    """The ``kind`` section of the mapping of the workspace in ``data_dir`` (None without one): the default mapping.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> _ = (d / "mapping.yaml").write_text("work_orders:\\n  columns: {工单号: order_id}\\n", encoding="utf-8")
    >>> _ = (d / "windoweval.toml").write_text('name = "示例"\\nmapping_file = "mapping.yaml"\\n[[windows]]\\nid = "PW01"\\n'
    ...                                        'name = "城东营业厅"\\nkind = "power_hall"\\n', encoding="utf-8")
    >>> workspace_mapping("work_orders", d).columns, workspace_mapping("outages", d)
    ({'工单号': 'order_id'}, None)
    """
    d = Path(data_dir)
    if not (d / "windoweval.toml").is_file():
        return None
    from .workspace import load_workspace

    return load_workspace(d).mapping().get(kind)


def find_file(kind: str, data_dir: str | os.PathLike, mapping=None) -> Path | None:
    """The file (or Parquet dataset directory) holding ``kind`` in ``data_dir``, if any (the first, if several).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> find_file("work_orders", d).name, find_file("outages", d)
    ('work_orders.csv', None)
    """
    got = find_files(kind, data_dir, mapping)
    return got[0] if got else None


def find_files(kind: str, data_dir: str | os.PathLike, mapping=None) -> list[Path]:
    """The files holding ``kind``: those the mapping's ``file`` names (kept inside ``data_dir``), else ``<kind>.*``.

    Without ``mapping``, the mapping of the workspace in ``data_dir`` (if any) is used.

    Examples
    --------
    >>> find_files("work_orders", "/nonexistent")
    []
    """
    from .io import SUFFIXES
    from .mapping import KindMapping, MappingError

    d = Path(data_dir)
    if mapping is None:
        mapping = workspace_mapping(kind, d)
    km = KindMapping.of(kind, mapping) if mapping else None
    if km is not None and km.file:
        root = d.resolve()
        # the store records import wrote for the kind in this folder: the files the mapping names stand for it
        # when it holds them (:func:`_store_in_place`), never passed over without a word (left39)
        store = root / kind if _store_dataset(root / kind, kind) else None
        out, absent = [], []
        for pat in km.file:
            got = sorted(root.glob(pat)) if any(ch in pat for ch in "*?[") else [root / pat]
            for g in got:
                r = g.resolve()
                if not r.is_relative_to(root):
                    raise MappingError(f"{km.source}: {kind}.file: {pat!r} 指向数据目录之外;请把文件放进 {root} / "
                                       f"{pat!r} points outside the data directory; "
                                       f"put the file in {root}")
                _readable(g)
                if not r.exists():
                    if store is not None:
                        absent.append(pat)
                        continue
                    raise MappingError(f"{km.source}: {kind}.file: 找不到文件 {r} / file not found: {r}")
            if not got:
                if store is not None:
                    absent.append(pat)
                    continue
                raise MappingError(f"{km.source}: {kind}.file: 没有文件与 {pat!r} 相符 / no file matches {pat!r} in {root}")
            out += [g for g in got if g not in out and g.exists()]
        if store is not None and not any(o.resolve() == store for o in out):
            return _store_in_place(kind, km, store, out, absent)
        return out
    found = []
    for cand in [d / kind] + [d / f"{kind}{suf}" for suf in SUFFIXES]:
        _readable(cand)
        if cand.exists():
            _kept_inside(cand, d)
            found.append(cand)
    if len(found) > 1:
        # work_orders.parquet beside work_orders.csv (or the store's work_orders/ beside a delivery): only the first
        # had been read and the others left out without a word; which to read, or whether to read them together,
        # only the organisation knows
        names = ", ".join(f.name + ("/" if f.is_dir() else "") for f in found)
        raise InputError(f"{d}: {kind} 有多个记录文件({names}),无法确定读取哪一个;请只保留一个(其余移出数据目录),"
                         f"或在 mapping.yaml 中用 {kind}.file 写明要一起读取的文件(如 file: [{found[0].name}, "
                         f"{found[1].name}]) / "
                         f"several files hold {kind} records ({names}), and which to read is not known; keep "
                         f"one (move the others out of the data folder), or name the files read together under "
                         f"{kind}.file in mapping.yaml (such as file: [{found[0].name}, {found[1].name}])")
    return found


def store_holds(store: Path) -> dict:
    """The deliveries ``records import`` wrote into the store dataset ``store``: ``{"sha256": {...}, "names": {...}}``
    (each delivery's content hash and its file's name), from the dataset's ``_windoweval.json``; empty sets for a
    folder without one.

    Examples
    --------
    >>> import json, tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> store_holds(d)
    {'sha256': set(), 'names': set()}
    >>> _ = (d / "_windoweval.json").write_text(json.dumps({"imports": [
    ...     {"sha256": "ab12", "source": "/exports/工单2025.csv"}]}), encoding="utf-8")
    >>> store_holds(d)
    {'sha256': {'ab12'}, 'names': {'工单2025.csv'}}
    """
    import json

    from ..paths import STORE_MARKER

    try:
        log = json.loads((Path(store) / STORE_MARKER).read_text(encoding="utf-8")).get("imports") or []
    except (OSError, ValueError, RecursionError, AttributeError):
        log = []
    log = [e for e in log if isinstance(e, dict)]
    return {"sha256": {e.get("sha256") for e in log if e.get("sha256")},
            "names": {e.get("file_name") or Path(str(e.get("source", ""))).name for e in log} - {""}}


#: The store's own record of the named exports' hashes (in the kind's store folder, beside its marker): each file's
#: resolved path -> ``[size, mtime_ns, inode, ctime_ns, sha256]``, so that ``_store_in_place`` hashes a named export
#: once, not on every run (left40), as :func:`windoweval.records.store.record_checked` spares a Parquet file's walk.
HASHED = "_windoweval_hashed.json"


def _known_sha256(store: Path, f: Path) -> str:
    """The SHA-256 of the export ``f``, from the store's record (:data:`HASHED`) while the file's size, modification
    time, inode and change time are those recorded; else hashed, and recorded (a store that cannot be written to is
    only not spared the next time).  A file changed, replaced or touched back has another footprint: hashed again.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "工单.csv"; _ = f.write_text("order_id\\n1\\n", encoding="utf-8")
    >>> a = _known_sha256(d, f); sorted(json.loads((d / HASHED).read_text()))[0].endswith("工单.csv")
    True
    >>> _known_sha256(d, f) == a, len(a)
    (True, 64)
    """
    from ..atomic import write_text
    from .raw import sha256_file

    def footprint():
        st = os.stat(f)
        return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]

    key = str(Path(f).resolve())
    rec = Path(store) / HASHED
    try:
        known = json.loads(rec.read_text(encoding="utf-8"))
        known = known if isinstance(known, dict) else {}
    except (OSError, ValueError, RecursionError):
        known = {}
    before = footprint()
    got = known.get(key)
    if isinstance(got, list) and len(got) == 5 and got[:4] == before and isinstance(got[4], str):
        return got[4]
    sha = sha256_file(f)
    if footprint() != before:   # written into while it was hashed: not recorded
        return sha
    known = {k: v for k, v in known.items() if Path(k).exists()}   # files gone since: forgotten
    known[key] = [*before, sha]
    try:
        write_text(rec, json.dumps(known, ensure_ascii=False, indent=0))
    except OSError:
        pass
    return sha


def _store_in_place(kind: str, km, store: Path, named: list, absent: list) -> list[Path]:
    """The files to read for ``kind`` when the mapping's ``file`` names ``named`` (found; ``absent``: entries no file
    answers) and the data folder also holds the store ``records import`` wrote for the kind (``store``).

    Read before without a word were the named files alone, the store passed over (score and check blind to every
    import), or the run refused for a named export no longer there.  Now: every named file the store holds (its
    bytes imported, by their hash; an absent one by its name) -> the store, which holds them and every other
    import (reading the export too would count its records twice); a named file the store does not hold -> refused
    (exit 3), both named, with the fixes: which of the two to read only the organisation knows."""
    from .io import ExportError

    held = store_holds(store)
    new = [f for f in named if f.is_dir() or _known_sha256(store, f) not in held["sha256"]]
    import fnmatch

    # an absent entry the store's log names (a glob: some import's name it matches): imported, its export since moved
    gone = [p for p in absent if not any(fnmatch.fnmatchcase(n, Path(p).name) for n in held["names"])]
    if not new and not gone:
        return [store]
    what = ", ".join([f.name for f in new] + gone)
    raise ExportError(store, (
        f"mapping.yaml 的 {kind}.file 列出的 {what} 未导入这个存储(records import 写入的 {kind}/),两者都在数据目录中,无法确定读取"
        f"哪一个;要读取存储(已导入的记录),请把 {what} 也用 windoweval records import {kind} 导入,或从 {kind}.file 中删去;"
        f"只读取导出文件,请把存储 {kind}/ 移出数据目录"),
        (f"{what}, named under {kind}.file in mapping.yaml, was never imported into this store (the {kind}/ records "
         f"import wrote), and both are in the data folder, so which to read is not known; to read the store (the "
         f"records imported), import {what} too (windoweval records import {kind} …) or take it out of {kind}.file; "
         f"to read the export alone, move the store {kind}/ out of the data folder"))


def find_punch_files(data_dir, km) -> list[Path]:
    """The punch log files the attendance section's ``punches.file`` names (kept inside ``data_dir`` as ``file`` is),
    or none when the section has no ``punches``.

    Examples
    --------
    >>> find_punch_files("/nonexistent", None)
    []
    """
    if km is None or not getattr(km, "punches", None):
        return []
    import dataclasses

    from .mapping import MappingError

    try:
        return find_files("attendance", data_dir, dataclasses.replace(km, file=[km.punches["file"]], punches={}))
    except MappingError as e:   # named as the entry the user wrote: punches.file, not the schedule's file
        raise MappingError(str(e).replace("attendance.file:", "attendance.punches.file:")) from None


def _kept_inside(f: Path, d: Path) -> None:
    """Refuse (exit 3) a records file that is a symbolic link to a file outside the data directory: the file read
    would be one nobody delivered (``/etc/passwd``), and its lines would be echoed in the problems."""
    from .io import ExportError

    try:
        escapes = not f.resolve().is_relative_to(d.resolve())
    except OSError:      # a loop of links: _readable names it
        return
    if escapes:
        raise ExportError(f, "这是一个指向数据目录之外的符号链接,不会被读取;请把导出文件本身复制到数据目录中",
                          "a symbolic link to a file outside the data directory, which is not read; copy the export "
                          "itself into the data directory")


def _readable(f: Path) -> None:
    """Refuse (exit 3) a records file name that is there but cannot be read: a symbolic link to nothing (or a loop),
    a folder named like a file (``work_orders.csv/``), a FIFO or a device (never waited on, never read without end):
    never taken for "no file" or a crash."""
    from .io import ExportError

    if f.is_symlink() and not f.exists():
        raise ExportError(f, "这是一个指向不存在文件的符号链接(或链接成环);请把导出文件本身放在这里",
                          "a symbolic link to a file that does not exist (or a loop of links); put the export itself here")
    import stat

    from .io import NOT_REGULAR

    # opened once without blocking and the descriptor checked (fstat): a FIFO is refused at once, never waited on,
    # also one put in the file's place after a stat (safety22); the readers open the file again the same way
    # (:func:`windoweval.records.io.open_regular`)
    try:
        fd = os.open(f, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        mode = None
    else:
        try:
            mode = os.fstat(fd).st_mode
        finally:
            os.close(fd)
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        # a FIFO waited on for ever (a scheduler's run hung until its timeout), a device read without end (safety21)
        raise ExportError(f, *NOT_REGULAR)
    if mode is not None and stat.S_ISDIR(mode):
        # a year-partitioned dataset's folder: a FIFO or a device among its files hung the read the same way (rev21d)
        for top, _, names in os.walk(f):
            for n in names:
                g = Path(top) / n
                try:
                    m = os.stat(g).st_mode
                except OSError:
                    continue
                if not stat.S_ISREG(m):
                    raise ExportError(g, "这不是普通文件(是管道、设备或套接字),不会被读取;请把导出文件本身放在这里,"
                                      "或把它移出数据文件夹",
                                      "this is not a regular file (it is a pipe, a device or a socket) and is not "
                                      "read; put the export itself here, or move it out of the data folder")
    if f.is_dir() and f.suffix.lower() not in ("", ".parquet"):
        raise ExportError(f, "这是一个文件夹,不是文件;请把导出文件本身放在这里(按年分区的 Parquet 数据集用不带后缀的文件夹名)",
                          "this is a folder, not a file; put the export itself here (a year-partitioned Parquet "
                          "dataset is a folder named without a suffix)")


@dataclass
class Loaded:
    """What reading one kind's files found: the records, and how each table's headers were used.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> got = load("work_orders", d)
    >>> got.kind, len(got.frame), len(got.plans)
    ('work_orders', 2, 1)
    """

    kind: str
    frame: pd.DataFrame
    files: list
    plans: list = field(default_factory=list)      # mapping.Plan per table read
    ignored: list = field(default_factory=list)    # (table, why) for sheets not read
    tables: list = field(default_factory=list)     # (label, headers, frame, row numbers) of each table read, as text
    rows: np.ndarray | None = None                 # each record's row as the user's spreadsheet shows it
    labels: object = None                          # each record's file or sheet (validate.FileLabels)
    flagged: object = None                         # the rows kept but flagged (steps out of order), values as written: a
    #                                                Problems table, or a function giving it (made only when asked)


def _store_dataset(f: Path, kind: str) -> bool:
    """Whether ``f`` is a dataset folder ``records import`` wrote for ``kind`` (its ``_windoweval.json`` names the
    kind), under any contract: its columns are the contract's, not the export's.

    >>> _store_dataset(Path("/nonexistent"), "work_orders")
    False
    """
    import json

    from ..paths import STORE_MARKER

    m = Path(f) / STORE_MARKER
    if not Path(f).is_dir() or not m.is_file():
        return False
    try:
        return json.loads(m.read_text(encoding="utf-8")).get("kind") == kind
    except (OSError, ValueError, RecursionError, AttributeError):
        return False


@notes_once()       # a read note said once in a call (tidy45), by each call
def load(kind: str, data_dir, mapping=None, year: int | None = None, read_cols: list[str] | None = None) -> Loaded:
    """Read every table of the ``kind`` files of ``data_dir`` through the mapping, and validate them together.

    Every sheet of a workbook whose headers supply the kind's required columns is
    read (rows named ``file[sheet]``); a sheet with none of them is listed in
    ``ignored``; a sheet with some but not all is refused like a file.

    Raises
    ------
    RecordsError, ExportError, MappingError, InputError
        Each naming the file, the row, the column, the value and the fix.

    Examples
    --------
    >>> from pathlib import Path
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> got = load("work_orders", d)     # ``year`` only prunes a Parquet dataset; read_records keeps the year's rows
    >>> got.frame["order_id"].tolist(), [Path(f).name for f in got.files], got.ignored
    (['1', '2'], ['work_orders.csv'], [])
    """
    from .mapping import KindMapping

    c = contracts()[kind]
    d = Path(data_dir)
    if mapping is None:
        mapping = workspace_mapping(kind, d)
    km = KindMapping.of(kind, mapping)
    files = find_files(kind, d, km)
    if not files:
        return Loaded(kind, empty(kind, file=str(d / kind)), [])
    if len(files) == 1 and _store_dataset(files[0], kind):
        # the store's dataset holds the contract's columns, mapped when it was imported: read as they are (the
        # workspace's mapping names the export's headers, 代煎单号, which the store has none of); its windows checked
        km = KindMapping(kind, known_windows=km.known_windows)
    if len(files) == 1 and (files[0].is_dir() or files[0].suffix == ".parquet") and read_cols:
        import contextlib

        import pyarrow.parquet as pq

        from .io import open_regular

        # one file: opened once, its schema and footer checked and its columns read from that descriptor (a file
        # swapped in between the check and a read by path was read unchecked: safety23)
        try:
            fh = open_regular(files[0]) if files[0].is_file() else None
        except OSError:      # cannot be opened: the general path below says why
            fh, opened_ok = None, False
        else:
            opened_ok = True
        with fh if fh is not None else contextlib.nullcontext():
            try:   # a dataset directory: its schema (partition columns are not records: read_tables drops them too)
                names = (set(pq.read_schema(fh).names) if fh is not None
                         else set(pq.ParquetDataset(files[0]).schema.names) - {"year", "month"}) if opened_ok \
                    else None
            except Exception:  # noqa: BLE001 - a broken file is refused by the general path below
                names = None
            fast = names is not None and set(read_cols) <= names and not (km.pick or km.combine or km.constant
                                                                          or km.columns or km.speakers or km.punches)
            if fast:
                from ..safepath import parquet_problem

                # refused by the general path below (read_tables)
                fast = parquet_problem(files[0], read_cols, opened=fh) is None
            df = None
            if fast:
                try:
                    if fh is not None:
                        fh.seek(0)
                    df = pd.read_parquet(files[0] if fh is None else fh, columns=read_cols)
                except Exception:  # noqa: BLE001 - a broken piece: refused by the general path below, as before
                    df = None
            if df is not None:
                out = validate(df, kind, file=str(files[0]), only=read_cols)
                if km.known_windows is not None and "window_id" in out:   # as load_files refuses them
                    from .mapping import unknown_window_problems
                    n = len(out)
                    pr = unknown_window_problems(out, km.known_windows, np.arange(2, n + 2),
                                                 FileLabels.of(str(files[0]), n))
                    if len(pr):
                        raise RecordsError(kind, str(files[0]), pr)
                return Loaded(kind, out, files, rows=np.arange(2, len(out) + 2), labels=FileLabels.of(str(files[0]), len(out)))
    label = str(files[0]) if len(files) == 1 else f"{d / kind} ({len(files)} files)"
    if km.punches and read_cols:   # the shifts' staff and times, to give each its punches (records.punches)
        read_cols = list(dict.fromkeys(list(read_cols) + ["staff_id", "shift_start", "shift_end"]))
    got = load_files(kind, files, km, label, read_cols)
    if km.punches:   # a raw punch log beside the schedule: each shift's clock-in and clock-out (records.punches)
        from .punches import attach
        attach(got, km, d, find_punch_files(d, km))
    return got


def _missing_problems(t, plan, c: Contract, km, miss: list, multi: bool = False) -> Problems:
    """One problem per required column the export lacks, with the closest unused headers and the fix.

    In a workbook of several sheets, one more problem says that a sheet which is not records (a
    summary, 汇总) must leave the workbook: every sheet with a required column is read as records.
    """
    from .mapping import norm

    spare = {norm(h): h for h in plan.ignored}
    rows = []
    # a delimited text file: the delimiter it was read with (sniff_delimiter), so a wrong one can be seen
    zh_sep, en_sep = {",": ("逗号", "comma"), "\t": ("制表符", "tab"), ";": ("分号", "semicolon")}.get(
        getattr(t, "sep", None) or "", ("", ""))
    how_zh = f";文件按{zh_sep}分隔读取,得到 {len(t.headers)} 列" if zh_sep else ""
    how_en = f"; the file was read as {en_sep}-separated, giving {len(t.headers)} columns" if en_sep else ""
    def own_names(x):
        s = c.columns[x]
        return [norm(y) for y in [x, s.get("zh", x), *(s.get("aliases") or [])]]

    for col in miss:
        names = own_names(col)
        spec = c.columns[col]
        # a header that is another column's own name (叫号时间, called_at's) is never offered for this one (the call
        # as the ticket taken: newuser46)
        others = {y for x in c.columns if x != col for y in own_names(x)} - set(names)
        free = [x for x in spare if x not in others]
        close = []
        for nm in names:
            close += [spare[x] for x in difflib.get_close_matches(nm, free, n=2, cutoff=0.5) if spare[x] not in close]
        hint_zh = f"导出中最接近的表头:{'、'.join(close[:3])};" if close else ""
        hint_en = f"closest headers in the export: {', '.join(close[:3])}; " if close else ""
        ex = close[0] if close else "导出表头"
        rows.append({"file": t.label, "row": t.first_row - 1, "column": col, "value": "", "code": "missing_column",
                     "problem_zh": f"缺少必需的列 {col}({spec.get('zh', col)}),没有一个表头对应到它{how_zh}",
                     "fix_zh": f"{hint_zh}请在 mapping.yaml 的 {c.kind}.columns 中写 `{ex}: {col}`(或用 pick/combine/constant)",
                     "problem_en": f"required column {col} is missing: no header maps onto it{how_en}",
                     "fix_en": f"{hint_en}write `{ex}: {col}` under {c.kind}.columns in mapping.yaml "
                               f"(or use pick/combine/constant)"})
        _per_event_hint(rows[-1], c, col)
    rows += _detail_problem(t, km, c, miss)
    if multi:
        rows.append({"file": t.label, "row": t.first_row - 1, "column": "", "value": ", ".join(map(str, t.headers))[:200],
                     "code": "sheet_not_records",
                     "problem_zh": f"工作簿的每个含有必需列的工作表都按“{c.zh}”记录读取,这个工作表缺少 {len(miss)} 个必需列",
                     "fix_zh": "若它不是记录(如汇总、统计表),请在 mapping.yaml 中用 sheets 列出要读的记录表(如 sheets: [3月, 4月]),"
                               "或把它从工作簿中删除后重试",
                     "problem_en": f"every sheet of the workbook with a required column is read as {c.kind} records; "
                                   f"this sheet lacks {len(miss)} of them",
                     "fix_en": "if it is not records (a summary or totals sheet), name the records sheets under "
                               "sheets in mapping.yaml (sheets: [3月, 4月]), or delete it from the workbook, and run "
                               "again"})
    return Problems.from_records(rows)


def _per_event_hint(row: dict, c: Contract, col: str) -> None:
    """The fix of a missing key column that may be blank (an outage's customer_id) told for an export of one row per
    event: the ids listed in one cell (``split``), or none at all (``constant: {col: null}``, its clauses per unit
    then insufficient evidence), never a header of something else mapped onto it (停电线路 is no customer)."""
    spec = c.columns[col]
    if col not in c.key or not spec.get("blank") or spec.get("type") != "string":
        return
    zh = spec.get("zh", col)
    row["fix_zh"] += (f"。导出每件事一行时:{zh}在一格中列出(以 ; 、 , 或换行分隔)写 `split: {{{col}: 该列表头}}`;"
                      f"没有{zh}(只有户数)写 `constant: {{{col}: null}}`,按{zh}计的条款将为证据不足;"
                      f"不要把别的列(线路、户数)对应为 {col}")
    row["fix_en"] += (f". For an export of one row per event: with the ids listed in one cell (separated by ; 、 , or "
                      f"line breaks) write `split: {{{col}: <its header>}}`; with none (a count only) write "
                      f"`constant: {{{col}: null}}`, and the clauses counted per {col} read insufficient evidence; "
                      f"never map another column (a line, a count) onto {col}")


def _detail_problem(t, km, c: Contract, miss: list) -> list:
    """A problem more for a table whose headers give nothing but the key (停电编号 and 户号: a customer detail meant to
    be joined to the outage export on 停电编号): a kind's files are read whole, each a part of its records, never
    joined to one another, so it says what to export instead.

    Examples
    --------
    >>> from types import SimpleNamespace as T
    >>> from windoweval.records.contract import contracts
    >>> t = T(label="停电用户明细.csv", first_row=2, headers=["停电编号", "户号"])
    >>> [r["code"] for r in _detail_problem(t, None, contracts()["outages"], ["window_id", "start_at"])]
    ['detail_file']
    """
    from .mapping import norm

    # a kind whose key has a part that may be blank (an outage's customer): the others' keys are no customer detail
    if len(c.key) < 2 or not miss or not any(c.columns[k].get("blank") for k in c.key):
        return []
    # each header's column: as mapped (columns), else by the contract's own names
    named = {norm(x): col for col in (*c.key, "window_id") for x in
             (col, c.columns[col].get("zh", col), *(c.columns[col].get("aliases") or []))}
    named.update({norm(h): cc for h, cc in ((km.columns if km is not None else {}) or {}).items()})
    made = {named.get(norm(h)) for h in t.headers if norm(h)}
    if not set(c.key) <= made or not made <= set(c.key) | {"window_id"}:
        return []
    keys = "、".join(c.columns[k].get("zh", k) for k in c.key)
    return [{"file": t.label, "row": t.first_row - 1, "column": "", "value": "", "code": "detail_file",
             "problem_zh": f"这个文件只有编号列({keys}),是一份明细;同一类记录的几个文件各是记录的一部分,一并读入,"
                           "不会按编号相互拼接",
             "fix_zh": "请导出每户一行、同时含有停电信息(开始、送电时间等)的明细;或在停电事件表的一格中列出各户号,"
                       "用 mapping.yaml 的 split 拆分(data/README.md)",
             "problem_en": f"the file holds the ids alone ({', '.join(c.key)}): a detail list; the files of one kind are "
                           "each a part of its records, read together, never joined to one another by id",
             "fix_en": "export one row per customer with the outage's own columns (start, restored …) on it; or list "
                       "the customers' ids in one cell of the outage export and split it with mapping.yaml's split "
                       "(data/README.md)"}]


def _serials_from_1904(t, plan, c: Contract):
    """The table ``t`` of a workbook in the 1904 date system with the serial days (45000, 45000.5) of the headers
    read as dates or times written as the 1900 system's (1,462 days more), which every reader of serial days here
    counts from; None when it has none.  A cell formatted as a date is a date already (the workbook reader knew the
    system); only a plain number is a serial."""
    import re

    cols = []
    pos = {str(h): i for i, h in enumerate(t.headers)}
    for h, uses in plan.used.items():
        for u in uses:
            m = re.match(r"^([a-z_0-9]+)(?:\(|$)", str(u))
            if m and c.columns.get(m.group(1), {}).get("type") in ("datetime", "date") and str(h) in pos:
                cols.append(pos[str(h)])
    frame, changed = t.frame, False
    for j in dict.fromkeys(cols):
        if j >= frame.shape[1]:
            continue
        num = pd.to_numeric(frame.iloc[:, j].astype("string").str.strip(), errors="coerce")
        serial = num.between(20000 - 1462, 80000).fillna(False).to_numpy(dtype=bool)
        if serial.any():
            if not changed:
                frame, changed = frame.copy(), True
            col = frame.iloc[:, j].astype(object)
            col[serial] = [repr(float(v)) for v in (num[serial] + 1462).to_numpy()]
            frame[frame.columns[j]] = col
    if not changed:
        return None
    from dataclasses import replace
    return replace(t, frame=frame)


def _slipped_masked(problems: pd.DataFrame, raws: list, plans: list) -> pd.DataFrame:
    """``problems`` with the value of a row cut short masked where it may be a column of names' cell moved left.

    A row with fewer cells than the header (a line break inside a value, not quoted, cuts a record in two) has each
    cell after the cut moved left by up to the cells missing, ``d``; which cell is whose is unknown, so a cell at
    header ``j`` may be the cell of any header from ``j`` to ``j + d``.  Where one of those holds personal data
    (:func:`windoweval.privacy.personal_column`: 客户姓名, 联系人 …) the problem's value is masked whole, as the value of
    such a column always is (:func:`windoweval.cells.personal_fields`, the same rule for a raw row's fields); the row
    and the column stay, so the row can be found.  Only the refused rows are looked at (a refusal, never the read).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> heads = ["工单号", "窗口", "业务类型", "客户姓名"]
    >>> frame = pd.DataFrame([["WO1", "PW01", "故障报修", "张三"], ["PW01", "赵六", None, None]])
    >>> raws = [("w.csv", heads, frame, np.array([2, 3]))]
    >>> plans = [SimpleNamespace(used={"工单号": ["order_id"], "窗口": ["window_id"], "业务类型": ["order_type"]})]
    >>> p = pd.DataFrame({"file": "w.csv", "row": [3, 3], "column": ["order_id", "window_id"], "value": ["PW01", "赵六"]})
    >>> _slipped_masked(p, raws, plans)["value"].tolist()
    ['PW01', '[已遮蔽 masked]']
    """
    import re

    from ..cells import MASKED
    from ..privacy import personal_column

    if not len(problems) or "value" not in problems:
        return problems
    files = problems["file"].astype(str).to_numpy()
    rows = pd.to_numeric(problems["row"], errors="coerce").to_numpy(dtype=float)
    cols = problems["column"].astype(str).to_numpy()
    vals = problems["value"].to_numpy(dtype=object).copy()
    hit = np.zeros(len(problems), dtype=bool)
    for (label, headers, frame, rownums), plan in zip(raws, plans):
        heads = [str(h) for h in headers]
        personal = [j for j, h in enumerate(heads) if personal_column(h)]
        sel = np.flatnonzero((files == str(label)) & ~np.isnan(rows))
        if not personal or not len(sel):
            continue
        at = {}       # contract column -> the header it is read from
        for h, uses in getattr(plan, "used", {}).items():
            for u in uses:
                m = re.match(r"^([a-z_0-9]+)(?:\(|$)", str(u))
                if m and str(h) in heads:
                    at.setdefault(m.group(1), heads.index(str(h)))
        pos = pd.Index(np.asarray(rownums)).get_indexer(rows[sel].astype("int64"))
        j = pd.Series(cols[sel]).map(at).to_numpy(dtype=float)
        ok = (pos >= 0) & ~np.isnan(j)
        sel, pos, j = sel[ok], pos[ok], j[ok].astype("int64")
        if not len(sel):
            continue
        # each refused row's width: its last cell written, all rows at once
        filled = frame.iloc[pos].notna().to_numpy(dtype=bool)
        width = np.where(filled.any(axis=1), filled.shape[1] - np.argmax(filled[:, ::-1], axis=1), 0)
        d = len(heads) - width
        reach = np.zeros(len(sel), dtype=bool)
        for p in personal:
            reach |= (j <= p) & (p <= j + d)
        written = pd.Series(vals[sel], dtype=object).fillna("").astype(str).str.strip().ne("").to_numpy(dtype=bool)
        m = (d > 0) & (j < width) & reach & written
        hit[sel[m]] = True
    vals[hit] = MASKED
    if not hit.any():
        return problems
    out = problems.copy()
    out["value"] = vals
    return out


def _typed_dtype(ty) -> bool:
    """A column a reader typed (a Parquet export's date-time, number or yes/no; a CSV date-time pyarrow typed)."""
    return (pd.api.types.is_datetime64_any_dtype(ty) or pd.api.types.is_bool_dtype(ty)
            or (pd.api.types.is_numeric_dtype(ty) and not isinstance(ty, pd.CategoricalDtype)))


def _as_text(col: pd.Series) -> pd.Series:
    """A typed column written as text, vectorised: a date-time in Beijing wall-clock time as ISO text
    (``2025-01-02 10:00:00``; a fraction of a second kept), a number or a yes/no as pandas writes it; missing stays
    missing."""
    from ..calendar import wall_clock

    if pd.api.types.is_datetime64_any_dtype(col):
        import pyarrow as pa
        import pyarrow.compute as pc

        wall = wall_clock(col).astype("datetime64[ns]")
        ns = wall.to_numpy().view(np.int64)
        whole = bool((ns[wall.notna().to_numpy()] % 1_000_000_000 == 0).all())
        arr = pa.array(wall.to_numpy().astype("datetime64[s]") if whole else wall.to_numpy(),
                       mask=wall.isna().to_numpy())
        return pd.Series(pc.strftime(arr, format="%Y-%m-%d %H:%M:%S").to_numpy(zero_copy_only=False),
                         index=col.index, name=col.name, dtype=object)
    from .validate import whole_numbers_as_integers

    return whole_numbers_as_integers(col).astype("string").astype(object).where(col.notna(), None)


def _dtypes_by_column(read_: list) -> dict:
    """Each column's dtypes over the tables with rows of ``read_`` (``(file, tables read, typed by the parse)``
    each), in the order the tables come: what :func:`_alike` decides from."""
    seen: dict = {}
    for _f, got, _a in read_:
        for df, *_ in got:
            if len(df):
                for col, ty in df.dtypes.items():
                    seen.setdefault(col, []).append(ty)
    return seen


def _alike(read_: list, read) -> list:
    """The tables of one kind (``(file, tables read, typed by the parse)`` each; ``read(file, typed)`` reads one
    again) with each column of one kind, for the concatenation (``read_`` changed in place).  One rule, from the
    columns' types in the tables with rows: where a column is typed in some tables and text in others, the typed
    tables are made text, each from its cells as written, and ``pd.concat`` never makes an object column of boxed
    values (which validate would read one value at a time, and where a refusal would show the typed value's text):

    1. a table the CSV parse typed (a date-time column, every value ISO: ``datetime64[ns]``) beside a table where the
       column is not a date-time (the parse fell back: another form of date, a zone; a text column of a Parquet
       export): its file is read again with every column as text (one more parse, in this rare case), so its
       frames are the ones the text path reads, value for value (``tests/test_review16_csv.py``);
    2. a table without rows (a month with no records) takes a date-time column's type where a table with rows has
       it typed (it holds no value to read), so an empty month leaves the others typed;
    3. a column an export typed itself (a Parquet export's date-time, number or yes/no) beside text (a monthly CSV's
       2025/6/2 10:00): the typed tables' column is written as text (:func:`_as_text`, vectorised; a Parquet
       export's text stored as categories read as plain text) and the whole column is read by the text path, once:
       every refusal of a CSV row shows its cell as written and of a Parquet row its value.  Date-time columns typed
       in every table but with different zones (a zoned Parquet export, a naive one) are put in Beijing wall-clock
       time, typed (``tests/test_left17_records.py``, ``tests/test_rev18.py``).

    The CSV parse's date-times are never written as text by step 3: step 1 has read their cells as written.
    ``tests/test_csv19_alike.py`` shows each case.
    """
    from ..calendar import wall_clock

    if sum(len(got) for _f, got, _a in read_) < 2:
        return read_
    dt = np.dtype("datetime64[ns]")
    is_dt = pd.api.types.is_datetime64_any_dtype
    seen = _dtypes_by_column(read_)
    split = {col for col, tys in seen.items() if len({is_dt(t) for t in tys}) > 1}
    again = False
    for i, (f, got, asked) in enumerate(read_):   # 1. in place: a file's typed tables let go before its text is read
        if asked and split and any(col in df.columns and df[col].dtype == dt for df, *_ in got for col in split):
            read_[i] = got = None
            read_[i] = (f, read(f, False)[0], False)   # every column as text, as before the parse typed any
            again = True
    if again:
        seen = _dtypes_by_column(read_)
    typed = {col for col, tys in seen.items() if any(is_dt(t) for t in tys)}
    text_of: dict = {}
    typed_of: dict = {}
    for col, tys in seen.items():
        for ty in tys:
            if _typed_dtype(ty):
                typed_of.setdefault(col, set()).add(str(ty))
            elif isinstance(ty, pd.CategoricalDtype):
                # a Parquet export's text stored as categories: its categories are that table's values only, so
                # the typed table's values written as text are cast to plain text, never to those categories
                # (which made every value not among them missing without a word: review rev18)
                text_of[col] = object
            else:
                text_of.setdefault(col, ty)
    mixed = set(typed_of) & set(text_of)
    zones = {col for col, tys in typed_of.items() if col not in mixed and len(tys) > 1
             and any("datetime64" in t and "," in t for t in tys)}   # datetime64[ns, Asia/...] beside a naive one
    for i, (f, got, asked) in enumerate(read_):
        kept = []
        for df, *rest in got:
            if not len(df):   # 2. a table without rows: its date-time columns as the others'
                for col in typed & set(df.columns):
                    if not is_dt(df[col]):
                        df[col] = df[col].astype(dt)
            cols = [c for c in df.columns if (c in mixed and _typed_dtype(df[c].dtype))
                    or (c in zones and is_dt(df[c]))]
            if cols:          # 3. an export's typed column beside text: written as text; zones to wall-clock time
                df = df.copy(deep=False)
                for c in cols:
                    df[c] = (_as_text(df[c]).astype(text_of[c]) if c in mixed
                             else wall_clock(df[c]).astype("datetime64[ns]"))
            kept.append((df, *rest))
        read_[i] = (f, kept, asked)
    return read_


def _refuse_sheets_not_found(kind: str, km, files: list, sheets_seen: list) -> None:
    """Refuse (:class:`InputError`) an entry of mapping.yaml's ``sheets`` that names none of the sheets looked at
    (``sheets_seen``): a typo, a month not exported, read as nothing without a word otherwise."""
    from .mapping import sheet_matches

    lost = [p for p in km.sheets if not any(sheet_matches(x, p) for x in sheets_seen)]
    if not lost:
        return
    shown = "、".join(dict.fromkeys(sheets_seen)) or "—"
    raise InputError(f"{km.source}: {kind}.sheets 中的 {', '.join(map(repr, lost))} 与 {', '.join(map(str, files))} "
                     f"的任何工作表都不符(工作表有:{shown});请按工作表标签上的名称改正 sheets,或删去这一项"
                     f"(sheets 只用于工作簿) / "
                     f"{kind}.sheets entry {', '.join(map(repr, lost))} matches no sheet of "
                     f"{', '.join(map(str, files))} (its sheets: {shown.replace('、', ', ')}); correct it to the "
                     "name on the sheet's tab, or remove it (sheets applies to workbooks only)")


HIDDEN_SHEET = ("隐藏的工作表,未读入(Excel 中看不到它,常是旧副本或查找表);若其中是要读的记录,请在 mapping.yaml 的 sheets 中写上它的名称 / "
                "a hidden sheet, not read (nobody sees it in Excel: often an old copy or a lookup sheet); if it holds "
                "records to read, name it under sheets in mapping.yaml")


def _hidden_sheets_left(f: Path, kind: str, km, tables: list) -> tuple[list, list]:
    """``(tables, ignored)``: a workbook's ``tables`` without its hidden sheets (``Table.sheet_state``, hidden or very
    hidden), each of those listed as not read (:data:`HIDDEN_SHEET`), for a mapping naming no ``sheets``.  Where no
    visible sheet has a column the kind requires and a hidden one has, refused (:class:`InputError`) naming the
    hidden sheet and the fix: records read from a sheet nobody sees, or nothing read without a word, are both wrong.

    Examples
    --------
    >>> from windoweval.records.io import Table
    >>> from windoweval.records.mapping import KindMapping
    >>> import pandas as pd
    >>> ts = [Table("w.xlsx[3月]", ["工单号"], pd.DataFrame(), 2, sheet="3月"),
    ...       Table("w.xlsx[旧]", ["工单号"], pd.DataFrame(), 2, sheet="旧", sheet_state="hidden")]
    >>> kept, left = _hidden_sheets_left(Path("w.xlsx"), "work_orders", KindMapping("work_orders"), ts)
    >>> [t.sheet for t in kept], [lbl for lbl, _ in left]
    (['3月'], ['w.xlsx[旧]'])
    """
    from .mapping import required_found

    hid = [t for t in tables if t.sheet_state]
    vis = [t for t in tables if not t.sheet_state]
    if not hid or not vis:   # no hidden sheet; or every sheet hidden (no spreadsheet program saves one so): read,
        return tables, []    # and said so by `records check` (Plan.hidden_sheet)
    if not any(t.headers and required_found(t.headers, kind, km) for t in vis):
        holds = [t.sheet for t in hid if t.headers and required_found(t.headers, kind, km)]
        if holds:
            names = "、".join(holds)
            raise InputError(f"{f}: 记录只在隐藏的工作表“{names}”中(Excel 中看不到它),没有读入;若它正是要读的记录,请在 mapping.yaml 的 "
                             f"{kind} 下写 sheets: [{holds[0]}],或在 Excel 中右键任一工作表标签选“取消隐藏”后保存 / "
                             f"the records are only on the hidden sheet {', '.join(holds)} (nobody sees it in "
                             f"Excel), which is not read; if it holds the records to read, write sheets: [{holds[0]}] "
                             f"under {kind} in mapping.yaml, or unhide it in Excel (right-click a sheet tab, Unhide) "
                             "and save")
    return vis, [(t.label, HIDDEN_SHEET) for t in hid]


def _refusal_as_written(e: RecordsError, kind: str, plans: list, raws: list, found: dict | None = None) -> RecordsError:
    """The records' refusal ``e`` as the user must see it: a value ``after`` moved a day shown as its cells wrote it,
    a name moved into another column by a row cut short masked (:func:`_slipped_masked`), and a 合计 row whose word
    lies in a column not read (序号) named, with its drop entry; ``e`` itself when nothing changes."""
    from .mapping import as_written
    from .totals import totals_in_tables

    shown = _span_named(e.problems, plans)   # (before as_written: it matches the values as validated)
    shown = as_written(shown, plans)
    shown = _slipped_masked(shown, raws, plans)
    shown = _status_said(shown, raws, plans)
    shown = _wide_named(shown, kind, raws, plans)
    if any(getattr(p, "steps", None) for p in plans):   # a process log's step: at its own row and header
        from .steps import steps_named
        shown = steps_named(shown, plans)
    heads = _headers_read(plans) or None
    t = totals_in_tables(raws, shown, found, [p.used for p in plans] if len(plans) == len(raws) else None)
    if t is None:
        return e if shown is e.problems and not heads else RecordsError(kind, e.file, Problems(shown), heads)
    return RecordsError(kind, e.file, Problems.concat([shown, t]), heads)


#: A status column the mapping does not read (就诊状态, 办件状态, 处方状态, 状态): a refused row's code there may say it was
#: no service at all (未签到, 停诊, 补正中), which the fix of an empty required value then names with its drop entry.
_STATUS_HEADER = r"(?i)状态$|^状态|^status$"


def _status_said(problems: pd.DataFrame, raws: list, plans: list) -> pd.DataFrame:
    """``problems`` with the fix of each empty required value (``missing_value``) naming the row's code in a status
    column no contract column reads, and the ``drop`` entry that leaves such rows out (newuser46: an outpatient queue's
    未签到 rows, blank sign-in time, were refused with a fix that named no status); the rest as they were.  Only the
    refused rows are looked at; a code longer than 20 characters (free text) is not quoted, and a code is masked as
    any text is (:func:`windoweval.privacy.mask_lines`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> heads = ["流水号", "签到时间", "就诊状态"]
    >>> frame = pd.DataFrame([["G1", "08:10", "已就诊"], ["G2", None, "未签到"]])
    >>> raws = [("q.csv", heads, frame, np.array([2, 3]))]
    >>> plans = [SimpleNamespace(used={"流水号": ["ticket_id"], "签到时间": ["ticket_at"]})]
    >>> p = pd.DataFrame({"file": ["q.csv"], "row": [3], "column": ["ticket_at"], "code": ["missing_value"],
    ...                   "fix_zh": ["请补上"], "fix_en": ["fill it in"]})
    >>> print(_status_said(p, raws, plans)["fix_en"].iloc[0])
    fill it in; the row's 就诊状态 is 未签到: if it is a service that never took place, skip such rows with drop: {"就诊状态": ["未签到"]}
    """
    import re

    from ..privacy import mask_lines

    if not len(problems) or "code" not in problems or "fix_zh" not in problems:
        return problems
    empty = (problems["code"].astype(str) == "missing_value").to_numpy()
    if not empty.any():
        return problems
    files = problems["file"].astype(str).to_numpy()
    rows = pd.to_numeric(problems["row"], errors="coerce").to_numpy(dtype=float)
    zh = problems["fix_zh"].to_numpy(dtype=object).copy()
    en = problems["fix_en"].to_numpy(dtype=object).copy()
    changed = False
    for (label, headers, frame, rownums), plan in zip(raws, plans):
        read = {str(h) for h in getattr(plan, "used", {})}
        js = [j for j, h in enumerate(map(str, headers)) if re.search(_STATUS_HEADER, h.strip()) and h not in read
              and j < frame.shape[1]]
        sel = np.flatnonzero(empty & (files == str(label)) & ~np.isnan(rows))
        if not js or not len(sel):
            continue
        pos = pd.Index(np.asarray(rownums)).get_indexer(rows[sel].astype("int64"))
        ok = pos >= 0
        sel, pos = sel[ok], pos[ok]
        # every status column the mapping leaves unread, each with its code (状态 and 退号状态: either may say the
        # service never took place; small46: only the first was named), one drop entry for each. Each distinct
        # combination of codes is said (and masked) once and the refused rows given theirs by a lookup: a year's
        # outpatient queue refuses every 未签到 row, 300,000 of them (review46: ~57 s of CPU row by row)
        hs = [str(headers[j]).strip() for j in js]
        cells = [frame.iloc[pos, j].astype("string").str.strip().fillna("").reset_index(drop=True) for j in js]
        key = cells[0].str.cat(cells[1:], sep="\x1f") if len(cells) > 1 else cells[0]
        add_zh, add_en = {}, {}
        for kv in key.unique().tolist():
            said = [(h, mask_lines(v)) for h, v in zip(hs, kv.split("\x1f")) if v and len(v) <= 20]
            if not said:
                continue
            entries = [f"drop: {{{json.dumps(h, ensure_ascii=False)}: [{json.dumps(v, ensure_ascii=False)}]}}"
                       for h, v in said]
            codes_zh = "、".join(f"“{h}”为“{v}”" for h, v in said)
            codes_en = ", ".join(f"{h} is {v}" for h, v in said)
            add_zh[kv] = f";该行的{codes_zh}:若这是没有发生的服务,在 mapping.yaml 中写 {' 或 '.join(entries)} 去掉这类行"
            add_en[kv] = (f"; the row's {codes_en}: if it is a service that never took place, skip such rows "
                          f"with {' or '.join(entries)}")
        if not add_zh:
            continue
        more_zh = key.map(add_zh).to_numpy(dtype=object, na_value=None)
        hit = np.flatnonzero(pd.notna(more_zh))
        if not len(hit):
            continue
        more_en = key.map(add_en).to_numpy(dtype=object, na_value=None)
        at = sel[hit]
        zh[at] = (pd.Series(zh[at], dtype=object).astype(str) + pd.Series(more_zh[hit], dtype=object)).to_numpy()
        en[at] = (pd.Series(en[at], dtype=object).astype(str) + pd.Series(more_en[hit], dtype=object)).to_numpy()
        changed = True
    if not changed:
        return problems
    out = problems.copy()
    out["fix_zh"], out["fix_en"] = zh, en
    return out


def _headers_read(plans: list) -> dict:
    """``{(file, contract column): header}``: the export's header (or headers, a combine's date and time) each
    column was read from, file by file, for a refusal to name the column the user sees (收方时间, not started_at).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> pl = SimpleNamespace(label="药房.csv", used={"收方时间": ["started_at"], "日期": ["called_at(日期 / date)"],
    ...                                              "时刻": ["called_at(时间 / time)"], "类型": ["doses 的依据 / decides doses"]})
    >>> _headers_read([pl])
    {('药房.csv', 'started_at'): '收方时间', ('药房.csv', 'called_at'): '日期、时刻'}
    """
    import re

    out: dict = {}
    for plan in plans:
        for h, uses in getattr(plan, "used", {}).items():
            for u in uses:
                m = re.match(r"^([a-z_0-9]+)(?:\(|$)", str(u))
                if m:
                    got = out.setdefault((str(plan.label), m.group(1)), [])
                    if str(h) not in got:
                        got.append(str(h))
    return {k: "、".join(v) for k, v in out.items()}


def _wide_named(problems: pd.DataFrame, kind: str, raws: list, plans: list) -> pd.DataFrame:
    """``problems`` with each one of a wide checklist's cell (its column the contract's ``value`` column, ``result``)
    named by the file's own item header (在岗在位), the column the user sees, with the fix; the rest as they were.

    The cell is found in its visit's row of the raw table by its text (stripped); where a row holds the same bad text
    under two items (one problem from the validation, its row and value alike), each cell is a problem of its own,
    in the file's order of the items.  Vectorised over the problems: the refusal
    path only, each table's cells looked up at once."""
    if not len(problems) or "row" not in problems:
        return problems
    out = None
    for (lbl, _heads, frame, rownum), plan in zip(raws, plans):
        items = getattr(plan, "wide_items", None)
        if not items:
            continue
        value_col = plan.wide_value
        cur = problems if out is None else out
        rows = pd.to_numeric(cur["row"], errors="coerce").to_numpy(dtype=float)
        mine = np.flatnonzero((cur["file"].astype(str).to_numpy() == str(lbl))
                              & (cur["column"].astype(str).to_numpy() == value_col) & ~np.isnan(rows))
        if not len(mine):
            continue
        rn = np.asarray(rownum, dtype=np.int64)
        if not len(rn):
            continue
        order = np.argsort(rn, kind="stable")
        want = rows[mine].astype(np.int64)
        pos = np.minimum(np.searchsorted(rn[order], want), len(rn) - 1)
        found = rn[order][pos] == want
        at_row = order[pos]
        cols = [i for i, _h, _c in items]
        cells = frame.iloc[:, cols].astype("string").to_numpy(dtype=object, na_value=None)[at_row]
        vals = cur["value"].astype(str).str.strip().to_numpy(dtype=object)[mine]
        stripped = pd.DataFrame(cells).apply(lambda c: c.astype("string").str.strip()).to_numpy(dtype=object,
                                                                                                 na_value=None)
        match = (stripped == vals[:, None]) & found[:, None]
        pi, j = np.nonzero(match)   # every item cell of the row holding the bad text: one problem each
        if not len(pi):
            continue
        m = len(items)
        heads = np.array([h for _i, h, _c in items], dtype=object)[j]
        codes = np.array([c for _i, _h, c in items], dtype=object)[j]
        # the cell's text is the problem's value alone (masked there where personal), never copied into the fix
        h, code = (pd.Series(x, dtype=str) for x in (heads, codes))
        made = cur.iloc[mine[pi]].copy()
        made["column"] = h.to_numpy(dtype=object)
        made["fix_zh"] = ("这是宽表检查项“" + h + "”(检查项 " + code + f")的一格,记为 {kind}.{value_col};请在文件中改正"
                          f"这一格,或在 mapping.yaml 的 {kind}.values.{value_col} 中写 `这种写法: 取值`"
                          ).to_numpy(dtype=object)
        made["fix_en"] = ("this is a cell of the checklist item '" + h + "' (item " + code + f"), read as "
                          f"{kind}.{value_col}; correct the cell in the file, or write `<this text>: value` under "
                          f"{kind}.values.{value_col} in mapping.yaml").to_numpy(dtype=object)
        left = np.ones(len(cur), dtype=bool)
        left[mine[np.unique(pi)]] = False
        # each problem replaced in its place by the cells it stands for, in the file's order of the items
        key = np.concatenate([np.flatnonzero(left) * (m + 1) + m, mine[pi] * (m + 1) + j])
        both = pd.concat([cur[left], made], ignore_index=True)
        out = both.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)
    return problems if out is None else Problems.conform(out)


@notes_once()       # a read note said once in a call (tidy45), by each call
def load_files(kind: str, files: list, mapping=None, label: str | None = None,
               read_cols: list[str] | None = None, _text: bool = False) -> Loaded:
    """:func:`load` for files given (a delivery being imported, say).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> got = load_files("work_orders", [d / "work_orders.csv"])
    >>> len(got.frame), str(got.frame["received_at"].dtype)
    (2, 'datetime64[ns]')
    """
    from .io import ExportError, _mapped

    try:
        return _load_files(kind, files, mapping, label, read_cols, _text)
    except RecordsError as e:   # a text file's rows with the line each starts on, where the two differ
        shown = _with_lines(e.problems, files)
        if shown is e.problems:
            raise
        raise RecordsError(e.kind, e.file, shown, getattr(e, "headers", None)) from None
    except ExportError as e:    # a row of a text file refused as it was read (a cell past the header): its line too
        f = Path(e.file)
        if not (getattr(e, "by_record", False) or getattr(e, "by_line", False)) or not f.is_file() or f.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et", ".ett"):
            raise
        again = e.with_line(_mapped(f), f.suffix.lower())
        if again is e:
            raise
        raise again from None


def _with_lines(problems: pd.DataFrame, files: list) -> pd.DataFrame:
    """``problems`` with ``line`` (the line of the text file a row starts on, as a text editor shows it) where it
    differs from ``row`` (the spreadsheet's row): below a quoted value spanning lines; the file's bytes read again
    only here, on a refusal (:func:`~.io.file_lines`, vectorised).  A workbook's or Parquet file's rows have no
    lines of their own."""
    from .io import _mapped, file_lines

    if not len(problems) or "row" not in problems:
        return problems
    labels = problems["file"].astype(str).to_numpy()
    rows = pd.to_numeric(problems["row"], errors="coerce").to_numpy(dtype=float)
    line = problems["line"].to_numpy(dtype=object).copy() if "line" in problems else np.full(len(problems), None)
    changed = False
    for f in dict.fromkeys(Path(x) for x in files):
        if f.is_dir() or f.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et", ".ett", ".parquet") or not f.is_file():
            continue
        at = np.flatnonzero((labels == str(f)) & ~np.isnan(rows) & pd.isna(line))
        if not len(at):
            continue
        got = file_lines(_mapped(f), rows[at].astype(np.int64), suffix=f.suffix.lower())
        differ = got != rows[at].astype(np.int64)
        if differ.any():
            line[at[differ]] = got[differ]
            changed = True
    if not changed:
        return problems
    out = problems.copy()
    out["line"] = pd.array(pd.to_numeric(pd.Series(line, dtype=object), errors="coerce"), dtype="Int64")
    return Problems.conform(out)


def _load_files(kind: str, files: list, mapping=None, label: str | None = None,
                read_cols: list[str] | None = None, _text: bool = False) -> Loaded:
    from .io import _error_refused, _formula_refused, _linked_refused, _trailing_notes, _trailing_numbered, read_tables
    from .mapping import KindMapping, apply_mapping, handed_on, required_found, values_columns

    c = contracts()[kind]
    km = KindMapping.of(kind, mapping)
    files = [Path(f) for f in files]
    frames, rows, labels, plans, ignored, raws = [], [], [], [], [], []
    sheets_seen: list = []   # every workbook sheet looked at, for a `sheets` entry that names none of them

    def read(f: Path, typed: bool = True):
        """Export ``f`` read as records of the kind: one (frame, raw table, row numbers, labels, plan) a table kept,
        the tables ignored, the workbook sheets looked at, and whether the CSV parse was asked to type date-time
        columns (``typed``: the columns :func:`~.mapping.plain_datetimes` names; off, every column read as text)."""
        got: list = []
        ignored: list = []
        sheets_seen: list = []
        asked: list = []
        plain: list = []   # (headers, the columns the mapping hands on as they are) of the CSV parsed

        coded: dict = {}   # {headers: the columns the mapping recodes through `values`}, found with the plain ones
        days: dict = {}    # {headers: the typed columns of type date}

        def timestamps(h):   # the date-time columns the mapping takes as they are: typed by the CSV parse itself
            handed = handed_on(h, kind, km)   # (when every value is ISO; plain_datetimes): the mapping applied to
            got = [(i, name) for i, name in handed if name not in km.values]   # the headers once for both
            coded[tuple(h)] = [i for i, name in handed if name in km.values] if km.values and not km.drop else []
            plain.append((list(h), got))
            cols = [i for i, name in got if c.columns[name]["type"] in ("datetime", "date")]
            # a date by contract: its midnights are its days, never a date alone to tell from a time (csv44)
            days[tuple(h)] = [i for i, name in got if c.columns[name]["type"] == "date"]
            asked.append(bool(cols))
            return cols

        # the columns the mapping recodes through `values` (values_columns): parsed as dictionaries, their text made
        # from them
        timestamps.categories = lambda h: coded[tuple(h)] if tuple(h) in coded else values_columns(h, kind, km)
        timestamps.days = lambda h: days.get(tuple(h), [])   # (asked after the columns themselves)

        tables = read_tables(f, km.header_row, km.encoding, timestamps=timestamps if typed else None)
        multi = len(tables) > 1
        if km.sheets:   # the sheets mapping.yaml names, read as a one-sheet workbook's is: a missing column refused
            sheets_seen += [t.sheet for t in tables if t.sheet is not None]
            named = [t for t in tables if km.reads_sheet(t.sheet)]
            ignored += [(t.label, "未在 mapping.yaml 的 sheets 中列出 / not named under sheets in mapping.yaml")
                        for t in tables if not km.reads_sheet(t.sheet)]
            own = [t.sheet for t in tables if t.sheet is not None]
            # one workbook of several (a month's file under `file: '*.xlsx'`) with none of the named sheets: refused,
            # never read as nothing (a single workbook's entry that matches nothing is refused below, naming the entry)
            if own and not named and len(files) > 1:
                shown = "、".join(own)
                want = ", ".join(map(repr, km.sheets))
                raise InputError(f"{f}: 工作簿中没有 mapping.yaml 中 {kind}.sheets({want})所列的工作表(工作表有:{shown}),"
                                 f"其中的记录不会被读入;请在 sheets 中写上它的工作表名称,或从数据目录中删去这个文件 / "
                                 f"the workbook has none of the sheets {kind}.sheets names in mapping.yaml ({want}; "
                                 f"its sheets: {shown.replace('、', ', ')}), so none of its records would be read; name "
                                 "its sheet under `sheets`, or remove the file from the data folder")
            tables, multi = named, False
        else:           # a hidden sheet (an old copy, a lookup): read only where sheets names it
            tables, hid = _hidden_sheets_left(f, kind, km, tables)
            ignored += hid
            multi = multi and len(tables) > 1
        kept = 0
        for t in tables:
            if not t.headers or (not len(t.frame) and multi):
                ignored.append((t.label, "空表 / empty sheet"))
                continue
            if multi and required_found(t.headers, kind, km) == 0:
                ignored.append((t.label, "表头中没有这类记录的必需列 / no required column of this kind among its headers"))
                continue
            t = _trailing_notes(t)   # 制表人：…, 打印时间：… under the table: left out, counted
            if km.sheet_as and t.sheet is None:   # a CSV (a one-table file) has no sheet to name its records by
                raise InputError(
                    f"{t.label}: mapping.yaml 中 {kind}.sheet_as: {km.sheet_as} 取工作簿各工作表的名称,而这个文件没有工作表"
                    f"(CSV 或单表文件);一个窗口一个文件时,请为它写 constant: {{{km.sheet_as}: 取值}},或去掉 sheet_as / "
                    f"{kind}.sheet_as: {km.sheet_as} in mapping.yaml takes each workbook sheet's name, and "
                    f"this file has no sheets (a CSV or a one-table file); write constant: {{{km.sheet_as}: <value>}} "
                    "for it, or remove sheet_as")
            kt = km.for_sheet(t.sheet)   # sheet_as: the sheet's name its records' value (a sheet a window)
            numbered = _trailing_numbered(t)   # rows a template numbered in advance, nothing else filled: left out,
            if len(files) == 1 and not multi and plain and not (km.steps or km.attempts):   # counted; the key's check begun while the mapping runs
                ahead.update(_key_ahead(numbered, c, plain[-1]))
            df, plan = _apply(numbered, kind, kt)
            if numbered.numbered_rows and any(u.split("(")[0] in c.key for u in plan.used.get(
                    numbered.headers[numbered.numbered_col], [])):
                df, plan = _apply(t, kind, kt)   # numbered by the record's own id (工单号 1003, the rest blank): records,
            else:                                # refused for their missing values as before, never left out unseen
                t = numbered
            if t.date1904:   # Excel for Mac's dates: serial days counted from 1904, not 1900
                shifted = _serials_from_1904(t, plan, c)
                if shifted is not None:
                    t = shifted
                    df, plan = _apply(t, kind, kt)
            plan.blank_rows = t.blank_rows
            plan.note_rows = t.note_rows
            plan.numbered_rows = t.numbered_rows
            plan.hidden_rows, plan.hidden_cols, plan.filtered = t.hidden_rows, t.hidden_cols, t.filtered
            plan.hidden_sheet = t.sheet_state   # read although hidden: every sheet hidden, or mapping.yaml names it
            plan.merged_down = t.merged_down
            miss = [col for col in c.required if col not in df.columns and (not read_cols or col in read_cols)]
            # a formula without a cached value, read as blank: refused where a record's used column or the header's
            # row holds one (a header read as blank leaves its column unmapped: an optional column such as 完成时间
            # would be blank on every record, a required one missing); in a sheet or a record's column not read it
            # is left alone
            refused = _formula_refused(t, plan.used_cols, plan.row_numbers, header=True)
            # a cell holding a spreadsheet error (#N/A), read as blank the same way: refused by the same rule
            refused = refused or _error_refused(t, plan.used_cols, plan.row_numbers, header=True)
            # a formula reading another workbook: that file's value, not this delivery's (the same rule)
            refused = refused or _linked_refused(t, plan.used_cols, plan.row_numbers, header=True)
            if refused is not None:
                raise refused
            if miss:
                raise RecordsError(kind, t.label, _missing_problems(t, plan, c, kt, miss, multi))
            # the raw table kept by reference, for a totals row
            got.append((df, (t.label, t.headers, t.frame, t.row_numbers()), plan.row_numbers,
                        FileLabels.of(t.label, len(df)), plan))
            kept += 1
        if multi and not kept:
            names = "、".join(lbl for lbl, _ in ignored[-len(tables):])
            raise InputError(f"{f}: 工作簿中没有一个工作表含有“{c.zh}”的必需列({', '.join(c.required)});"
                             f"请检查表头,或在 mapping.yaml 中对应(已查看的工作表:{names}) / "
                             f"no sheet of the workbook has the required columns of {kind} "
                             f"({', '.join(c.required)}); check the headers or map them in mapping.yaml (sheets looked "
                             f"at: {names})")
        return got, ignored, sheets_seen, any(asked)

    read_: list = []
    ahead: dict = {}   # {key column: key_ahead(...)} of a single table's key (_key_ahead)
    for f in files:
        got, ign, seen, asked = read(f, not _text)   # _text: every column as text (the cells as written)
        ignored += ign
        sheets_seen += seen
        read_.append((f, got, asked))
    if km.sheets:       # an entry naming no sheet (a typo, a month not exported): refused, never read as nothing
        _refuse_sheets_not_found(kind, km, files, sheets_seen)
    _refuse_drop_nowhere(kind, km, [g for _f, got, _a in read_ for g in got])
    read_ = _alike(read_, read)   # each column of one kind in every table: typed, or text as written
    # a CSV column pyarrow typed (every value ISO) has no text left: where a problem must show its cells as written
    # (an end before its start, steps out of order), the files are read again as text, only then
    typed_any = any(asked for _f, _got, asked in read_)
    # the tables whose date-times the CSV parse typed (never a Parquet store's, a workbook's: the parse is asked of
    # delimited text alone): their times were written as text, a 12-hour clock looked for there too (twelve44)
    parsed = {raw[0] for _f, got, asked in read_ if asked for _df, raw, _n, _l, _p in got}
    for _f, got, _asked in read_:
        for df, raw, nums, lbl, plan in got:
            frames.append(df)
            raws.append(raw)
            rows.append(nums)
            labels.append(lbl)
            plans.append(plan)
    if not frames:      # an empty Parquet dataset folder: nothing to read is said, never a crash
        from .io import ExportError
        raise ExportError(files[0], "没有可读的表(文件夹中没有 Parquet 文件,或文件中没有表);请放入导出文件,或删去这个文件夹",
                          "no table to read (no Parquet file in the folder, or no table in the file); put the export "
                          "there, or remove the folder")
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    if any(f.attrs.get("attempts_unsettled") for f in frames):   # one file's mark kept (concat keeps only a shared one)
        df.attrs["attempts_unsettled"] = True
    label = label or str(files[0])
    rows, labels = np.concatenate(rows), FileLabels.concat(labels)
    # the header written again (two exports put together), looked for in every row read, not only in the rows refused
    # for something else: one whose cells are valid text in every column read (ids and windows) is no record either
    from .totals import totals_in_tables
    # searched while the records are validated (pyarrow's search lets go of the interpreter): its answer is waited
    # for before either is used, so a refusal is the one it was
    repeated = _alongside(_repeated_headers, raws, plans, big=len(df) >= _PARALLEL_ROWS)
    try:
        try:
            out = validate(df, kind, file=label, rows=rows, files=labels, only=read_cols,
                           extra=[p for pl in plans for p in pl.problems],
                           distinct=plans[0].distinct if len(plans) == 1 else None,   # the codes the mapping found
                           ahead=ahead if len(plans) == 1 else None, parsed=parsed)
        except Exception:
            found = repeated()   # the search's own error first, as when it ran before the validation
            raise
        except BaseException:
            # a stop (Ctrl-C, cli.Stopped) is raised as it came: the search waited for (nothing runs on after it),
            # its error never taken for the stop (review rev20b)
            try:
                repeated()
            except Exception:
                pass
            raise
        found = repeated()
    except RecordsError as e:   # a 合计 row whose word lies in a column not read (序号): named, with its drop entry
        if typed_any and e.problems["code"].isin(["end_before_start", "twelve_hour_clock"]).any():
            # an end before its start in a column the parse typed: refused as the text path refuses it, both times as
            # the file wrote them (2025-03-04 08:00, not 08:00:00); the same problems, read again as text (a 12-hour
            # clock the same: its row's time as written, twelve44)
            del df, frames
            return load_files(kind, files, mapping, label, read_cols, _text=True)
        again = _refusal_as_written(e, kind, plans, raws, found)
        if again is e:
            raise
        raise again from None
    if found:   # every other check passed: the repeated header alone refuses the file, named with its drop entry
        raise RecordsError(kind, label, totals_in_tables(raws, None, found))
    if km.known_windows is not None and "window_id" in out:
        from .mapping import unknown_window_problems
        pr = unknown_window_problems(out, km.known_windows, rows, labels)
        if len(pr):
            raise RecordsError(kind, label, pr)
    # the rows kept but flagged (flag_before, flag_both), found now while the cells as written are at hand: only
    # those rows kept (typed and as written), their messages made when asked (records check, records import), so a
    # read that scores pays nothing per flagged row (review rev18)
    from .order import flag_mask
    from .problems import Problems
    hit = (np.flatnonzero(flag_mask(c, out)) if (c.flag_before or c.flag_both) and len(out)
           else np.zeros(0, dtype=np.int64))
    if not len(hit):
        flagged = Problems.concat([])
    elif typed_any:
        # some of these times were typed by the parse (no text kept): the rows are listed (records check, import)
        # from the files read again as text, only when asked, so a read that lists none pays nothing
        flagged = functools.partial(_flagged_as_written, kind, files, mapping, label, read_cols)
    else:
        written = df.iloc[hit].reset_index(drop=True) if len(df) == len(out) else None
        flagged = functools.partial(_flagged_of, c, out.iloc[hit].reset_index(drop=True), np.asarray(rows)[hit],
                                    np.asarray(labels[hit], dtype=object), written, plans)
    return Loaded(kind, out, files, plans, ignored, raws, rows, labels, flagged)


def _key_ahead(t, c: Contract, plain: tuple) -> dict:
    """``{key column: key_ahead(...)}``: a long table's one-column text key, as the file gave it (the column
    the mapping hands on as it is: ``plain``, the headers and :func:`~.mapping.plain_columns` the parse was given),
    checked for distinct values on a thread of its own while the caller maps the table; ``{}`` when there is no such
    column, or few rows, or one core.  Only the answer moves earlier: :func:`~.validate._key_distinct` takes it for the
    typed column only when that is the same text (nothing trimmed, folded or dropped), so what is refused, and in
    which order, is as before.

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> from windoweval.records.io import Table
    >>> t = Table("w.csv", ["工单号"], pd.DataFrame({0: pd.Series(["1"] * 3, dtype="string[pyarrow]")}), 2)
    >>> _key_ahead(t, contracts()["work_orders"], (["工单号"], [(0, "order_id")]))   # three rows: not worth a thread
    {}
    """
    from .validate import PARALLEL_ROWS, _text, _workers

    heads, cols = plain
    if len(c.key) != 1 or c.columns[c.key[0]]["type"] != "string" or list(t.headers) != heads \
            or len(t.frame) < PARALLEL_ROWS or _workers() is None:
        return {}
    at = [i for i, name in cols if name == c.key[0]]
    if len(at) != 1 or at[0] >= t.frame.shape[1]:
        return {}
    raw = t.frame.iloc[:, at[0]]
    if not (isinstance(raw.dtype, pd.StringDtype) and raw.dtype.storage == "pyarrow"):
        return {}
    arr = _text(raw)
    if arr.null_count or len(arr) < 2:   # a missing key: refused by the validation, never checked for twins
        return {}
    return {c.key[0]: key_ahead(arr)}


def key_ahead(arr, big: bool = True):
    """``(arr, wait)``: whether no value of a key column as parsed (``arr``, pyarrow text, no missing value) occurs
    twice (``validate._all_distinct``), begun on a thread of its own (:func:`_alongside`) while the caller maps the
    table (one core, the other idle: the demo x100's 4.3 million ticket ids were checked for 0.3 s at the end of the
    validation, the other core idle; session 34); ``wait()`` gives the answer, or None where the check failed (then
    ``validate._key_distinct`` checks the typed column itself, as it does for any other text).

    Examples
    --------
    >>> import pyarrow as pa
    >>> arr, wait = key_ahead(pa.chunked_array([["GD1", "GD2"], ["GD1"]]), big=False)
    >>> wait()
    False
    """
    def distinct():
        from .validate import _all_distinct

        try:
            return _all_distinct(arr)
        except Exception:   # noqa: BLE001 - no answer: the typed column is checked as before
            return None
    return arr, _alongside(distinct, big=big)


def _repeated_headers(raws: list, plans: list) -> dict:
    """The rows of each table read that are its header written again (:func:`~.totals.repeated_headers`), by the
    table's label; the tables without one left out."""
    from .totals import repeated_headers

    found = {}
    for (lbl, heads, raw_frame, rownum), plan in zip(raws, plans):
        hit = repeated_headers(heads, raw_frame, rownum, keep=plan.row_numbers)
        if len(hit):
            found[str(lbl)] = hit
    return found


def _alongside(fn, *args, big: bool = True):
    """``fn(*args)`` started on a thread of its own, while the caller goes on; returns a function that waits for it
    and gives its result (or raises what it raised).  Done at once, on the caller's thread, when ``big`` is false
    (a few rows: a thread costs more than it saves) or on a machine of one core.

    For work that lets go of the interpreter (pyarrow's kernels): at the demo x100 the repeated-header search
    (0.9 s of CPU on one thread) ran after the parse and before the validation, the second core idle
    (benchmarks/README.md, "Session 20 — reading CSV records").

    Examples
    --------
    >>> _alongside(sum, [1, 2, 3])()
    6
    >>> _alongside(sum, [1, 2], big=False)()
    3
    """
    import threading

    if not big or (os.cpu_count() or 1) < 2:
        # an error of the work raised where it is waited for, as from the thread; a stop (Ctrl-C, a scheduler's
        # SIGTERM: cli.Stopped; SystemExit) is no answer of the work: raised here, at once, never held while the
        # caller's work runs on (review rev20b)
        try:
            got = fn(*args)
        except Exception as e:
            err = e

            def fail():
                raise err
            return fail
        return lambda: got
    box: dict = {}

    def run():
        try:
            box["got"] = fn(*args)
        except BaseException as e:   # handed to the caller, raised where it waits
            box["err"] = e

    import contextvars

    # in a copy of the caller's context, as the validation's threads run (validate._submit): its read-notes scope
    t = threading.Thread(target=contextvars.copy_context().run, args=(run,), name="windoweval-alongside", daemon=True)
    t.start()

    def wait():
        t.join()
        if "err" in box:
            raise box["err"]
        return box["got"]
    return wait


def _flagged_of(c, frame: pd.DataFrame, rows: np.ndarray, labels: np.ndarray, written, plans):
    """The flagged rows' problems (:func:`~.order.flag_problems`) from those rows alone, typed and as written; a value
    `after` moved a day shown as its cells wrote it."""
    from .order import flag_problems

    flagged = flag_problems(c, frame, rows, labels, written=written)
    if len(flagged) and plans:
        from .mapping import as_written
        flagged = as_written(flagged, plans)
        if any(getattr(p, "steps", None) for p in plans):   # a process log's step: at its own row and header
            from .steps import steps_named
            flagged = steps_named(flagged, plans)
    return flagged


def _flagged_as_written(kind: str, files: list, mapping, label, read_cols):
    """The flagged rows of these files read with every column as text: both times as the file wrote them."""
    fl = load_files(kind, files, mapping, label, read_cols, _text=True).flagged
    return fl() if callable(fl) else fl


def _refuse_drop_nowhere(kind: str, km, got: list) -> None:
    """A ``drop`` header, or a ``pick`` case's header, that no table read has (a typo: it would drop nothing, take
    nothing) refused, as a one-file read always refused it; one that some of the exports read together have (each
    system's own status or finish header) is kept, listed by records check as absent from the others."""
    from .mapping import _Headers

    wanted = [(h, f"{kind}.drop.{h}") for h in km.drop]
    wanted += [(h, f"{kind}.pick.{col}.cases.{code}") for col, spec in km.pick.items()
               for code, h in spec["cases"].items() if h is not None]
    if not wanted or not got:
        return
    heads = [_Headers(raw[1], raw[0], kind) for _df, raw, _n, _l, _p in got]
    for h, where in wanted:
        if all(H.find(h) is None for H in heads):
            heads[0].need(h, where, km.source)


def _apply(t, kind: str, km):
    """:func:`~.mapping.apply_mapping` of table ``t``; a checklist exported wide (``wide`` in mapping.yaml: one row per
    visit, one column per item) is first made one row per item (:func:`_melted`), and the plan then speaks of ``t``'s
    own headers, positions and rows (which headers were used, the blank items left out and counted)."""
    from .mapping import apply_mapping

    first = max(1, int(t.first_row) - 1)
    if km.steps:   # a process log, one row per step: one row per order (records.steps)
        from .steps import apply_steps
        return apply_steps(t, kind, km, first)
    if km.split:
        return _split_apply(t, kind, km, first)
    if not km.wide:
        t, halves = _shift_halves(t, kind, km)   # a split shift (早班 08:30-12:00 14:00-17:30): a record per half
        if any(spec.get("spans") for spec in km.combine.values()):   # a header per span: 上班1 下班1 上班2 下班2
            df, plan = _apply_spans(t, halves, kind, km, first)
        else:
            df, plan = apply_mapping(t.frame, t.headers, kind, km, t.label, t.row_numbers(), first,
                                     drop_elsewhere=True)
        _lists_unsplit(df, plan, kind, t)
        if km.attempts:   # a row per callback attempt: one row per case (records.attempts)
            from .attempts import merge_attempts
            df = merge_attempts(df, plan, kind)
        if halves is not None:
            plan.halves = halves
            if halves.get("problems") is not None:
                plan.problems.append(halves.pop("problems"))
        return df, plan
    m, back, at, blanks = _melted(t, km, kind)
    df, plan = apply_mapping(m.frame, m.headers, kind, km, t.label, m.rows, first, drop_elsewhere=True)
    item, value = km.wide["item"], km.wide["value"]
    by_pos = dict(zip(at, km.wide["headers"].values()))
    used = {}
    melted_used = dict(plan.used)
    for i, h in enumerate(t.headers):
        if i in by_pos:
            used[h] = [f"{item}={by_pos[i]} → {value}"]
        elif h in melted_used and h not in (item, value):
            used[h] = melted_used[h]
    plan.used = used
    plan.used_cols = sorted({back[i] for i in plan.used_cols if back[i] is not None} | set(at))
    # an item left blank on a visit: no record of it (not checked), counted where records check shows it (cells, not
    # rows dropped by the mapping's drop)
    plan.wide_blank = {t.headers[i]: int(n) for i, n in zip(at, blanks) if n}
    plan.wide = (len(t.frame), len(at))   # the file's rows and the items: records check shows the cells' count
    plan.wide_items = [(i, t.headers[i], by_pos[i]) for i in at]
    plan.wide_value = value   # a bad cell named by its header (_wide_named)
    return df, plan


def _span_cells(t, H, km, k: int, df: pd.DataFrame, row_numbers) -> list:
    """The records of span ``k`` (0 the first) that a ``combine`` with a header per span made (``time: [上班1打卡时间,
    上班2打卡时间]``), for a refusal to name the one cell a bad value came from: a frame of ``row`` (the file's),
    ``column`` (the contract's), ``value`` (the date-time text validated), ``header`` (the span's time header),
    ``span`` (1, 2 …), ``written`` (the time cell as written) and ``date`` (the date header), of the values not
    blank; ``[]`` where no combine lists a header per span, or span ``k`` has no header of it."""
    out = []
    pos = t.frame.index.get_indexer(df.index)
    for col, spec in km.combine.items():
        spans = spec.get("spans") or ()
        if not spans or col not in df or spec.get("part") or k > len(spans):
            continue
        ti = H.find(spec["time"] if k == 0 else spans[k - 1])
        if ti is None:
            continue
        v = df[col].astype("string")
        keep = (v.notna() & (v.str.strip() != "")).to_numpy(dtype=bool, na_value=False) & (pos >= 0)
        if not keep.any():
            continue
        written = t.frame.iloc[pos[keep], ti].astype("string").str.strip().to_numpy(dtype=object, na_value="")
        out.append(pd.DataFrame({"row": np.asarray(row_numbers)[keep], "column": col,
                                 "value": v[keep].to_numpy(dtype=object), "header": str(t.headers[ti]), "span": k + 1,
                                 "written": written, "date": str(spec["date"])}))
    return out


def _span_named(problems: pd.DataFrame, plans: list) -> pd.DataFrame:
    """``problems`` with each bad date-time of a ``combine`` that lists a header per span (上班1打卡时间, 上班2打卡时间)
    named by the one time header that holds it, its row and its cell as written, where the date is not in doubt: the
    refusal named the date and every span's header at once (日期、上班1打卡时间、上班2打卡时间) and the value as made
    (2025-03-03 1x:55).  The date is in doubt where another column made of the same date is refused on that row (the
    shift's start), or where every record the row's date makes is; such a problem is left as it was.  The refusal path
    only; vectorised over the problems (a merge on file, row, column and value).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> cells = pd.DataFrame({"row": [2, 2], "column": "arrived_at", "value": ["2025-03-03 08:15", "2025-03-03 1x:55"],
    ...                       "header": ["上班1", "上班2"], "span": [1, 2], "written": ["08:15", "1x:55"], "date": "日期"})
    >>> p = pd.DataFrame({"file": ["日报.csv"], "row": [2], "column": ["arrived_at"], "value": ["2025-03-03 1x:55"],
    ...                   "fix_zh": ["改正"], "fix_en": ["correct it"]})
    >>> _span_named(p, [SimpleNamespace(label="日报.csv", span_cells=cells)])[["row", "column", "value"]].values.tolist()
    [[2, '上班2', '1x:55']]
    """
    if not len(problems) or "row" not in problems:
        return problems
    out = problems
    for plan in plans:
        cells = getattr(plan, "span_cells", None)
        if cells is None or not len(cells):
            continue
        cur = out
        rows = pd.to_numeric(cur["row"], errors="coerce")
        mine = (cur["file"].astype(str) == str(plan.label)).to_numpy() & rows.notna().to_numpy()
        if not mine.any():
            continue
        key = pd.DataFrame({"i": np.flatnonzero(mine), "row": rows[mine].astype("int64").to_numpy(),
                            "column": cur["column"].astype(str).to_numpy()[mine],
                            "value": cur["value"].astype(str).str.strip().to_numpy()[mine]})
        c = cells.astype({"column": str, "value": str})
        c = c.assign(row=c["row"].astype("int64"), value=c["value"].str.strip())
        hit = key.merge(c, on=["row", "column", "value"], how="inner")
        if not len(hit):
            continue
        # the date in doubt: another column made of the same date refused on the row (a bad date refuses the shift's
        # start too), or every record the row's date makes refused
        n_made = c.groupby(["row", "date"]).size()
        n_refused = hit.drop_duplicates(["row", "column", "value"]).groupby(["row", "date"]).size()
        all_refused = (n_refused.reindex(n_made.index).fillna(0) >= n_made) & (n_made > 1)
        dates = getattr(plan, "span_dates", None) or {}   # every combine's date header, by its column
        others = key[~key["column"].isin(set(c["column"])) & key["column"].isin(set(dates))]
        others = pd.MultiIndex.from_arrays([others["row"].to_numpy(), others["column"].map(dates).to_numpy()])
        at = hit.set_index(["row", "date"]).index
        doubt = at.isin(all_refused[all_refused].index) | at.isin(others)
        hit = hit[~doubt].drop_duplicates(["i", "header"])
        if not len(hit):
            continue
        made = cur.iloc[hit["i"].to_numpy()].copy()
        made["column"] = hit["header"].to_numpy(dtype=object)
        made["value"] = hit["written"].to_numpy(dtype=object)
        lead_zh = ("“" + hit["header"].astype(str) + "”是 " + hit["column"].astype(str) + " 第 " + hit["span"].astype(str)
                   + " 段的时间,与日期列“" + hit["date"].astype(str) + "”拼成;").to_numpy(dtype=object)
        lead_en = ("'" + hit["header"].astype(str) + "' is span " + hit["span"].astype(str) + "'s time of "
                   + hit["column"].astype(str) + ", joined with the date column '" + hit["date"].astype(str)
                   + "'; ").to_numpy(dtype=object)
        if "fix_zh" in made:
            made["fix_zh"] = lead_zh + made["fix_zh"].astype(str).to_numpy(dtype=object)
        if "fix_en" in made:
            made["fix_en"] = lead_en + made["fix_en"].astype(str).to_numpy(dtype=object)
        left = np.ones(len(cur), dtype=bool)
        left[hit["i"].unique()] = False
        # each problem replaced in its place by the cell (or cells) it stands for
        order = np.concatenate([np.flatnonzero(left) * 2.0, hit["i"].to_numpy() * 2.0 + hit["span"].to_numpy() / 100])
        both = pd.concat([cur[left], made], ignore_index=True)
        out = both.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    if out is problems:
        return problems
    from .problems import Problems
    return Problems.conform(out)


def _apply_spans(t, halves: dict | None, kind: str, km, first: int):
    """:func:`~.mapping.apply_mapping` of table ``t`` (its split shifts already a row per span, :func:`_shift_halves`)
    whose ``combine`` lists a time header per span (a daily report's 上班1 下班1 上班2 下班2:
    ``time: [上班1打卡时间, 上班2打卡时间]``): the mapping read once per span, the k-th span's rows reading the k-th
    header, so a cell is judged, and named in a message, under its own header.  The records come back in the file's
    order (the morning span before the afternoon's), in one plan.  A span header filled on a row holding fewer spans
    (上班2 on a day of one shift: no span to give it) is refused by row, header and value, never dropped.

    Examples
    --------
    >>> from windoweval.records.io import Table
    >>> from windoweval.records.mapping import parse_mapping
    >>> km = parse_mapping({"attendance": {"columns": {"工号": "staff_id"}, "combine": {
    ...     "shift_start": {"date": "日期", "time": "班次", "part": "start"},
    ...     "arrived_at": {"date": "日期", "time": ["上班1", "上班2"]}}}}, "m.yaml")["attendance"]
    >>> t = Table("日报.csv", ["工号", "日期", "班次", "上班1", "上班2"], pd.DataFrame({
    ...     0: ["S1", "S2"], 1: ["2025-03-03"] * 2, 2: ["08:30-12:00 14:00-17:30", "08:30-17:30"],
    ...     3: ["08:15", "08:20"], 4: ["13:50", None]}), 2)
    >>> t2, halves = _shift_halves(t, "attendance", km)
    >>> df, plan = _apply_spans(t2, halves, "attendance", km, 1)
    >>> (df["shift_start"] + " " + df["arrived_at"]).tolist(), plan.row_numbers.tolist()
    (['2025-03-03 08:30 2025-03-03 08:15', '2025-03-03 14:00 2025-03-03 13:50', '2025-03-03 08:30 2025-03-03 08:20'], [2, 2, 3])
    """
    import dataclasses

    from .mapping import _Headers, _placeholder, apply_mapping
    from .problems import Problems

    n = len(t.frame)
    span = halves.pop("span") if halves else np.zeros(n, dtype=np.int64)
    of = halves.pop("of") if halves else np.ones(n, dtype=np.int64)
    rows = np.asarray(t.row_numbers())
    H = _Headers(t.headers, t.label, kind)
    problems = []
    for col, spec in km.combine.items():   # 上班2 filled on a day of one span: which shift's punch? refused
        if any(cc == col for cc in km.columns.values()) and not all(
                H.find(h) is not None for h in [spec["date"], spec["time"], *spec.get("spans", ())]):
            continue   # the column from its header under columns in this file, or from neither way: refused as such
            # (mapping._combine_here, shapes45's rule; msgs46)
        for k, h in enumerate(spec.get("spans", ()), start=1):
            i = H.need(h, f"{kind}.combine.{col}.time", km.source)
            cell = t.frame.iloc[:, i].astype("string").str.strip()
            filled = ~(cell.isna() | cell.eq("") | _placeholder(cell)).to_numpy(dtype=bool, na_value=False)
            bad = filled & (span == 0) & (of <= k)
            if bad.any():
                problems.append(Problems.of(
                    file=t.label, row=rows[bad], column=str(h), value=cell.to_numpy(dtype=object, na_value="")[bad],
                    code="span_without_shift",
                    problem_zh=f"第 {k + 1} 段的打卡时间有值,而这一天的班次不足 {k + 1} 段,不知是哪个班次的打卡",
                    problem_en=f"a punch time for span {k + 1}, on a day whose shift has fewer spans: no shift to "
                               "give it to",
                    fix_zh="核对这一天的班次(两段班次写在一格中,如 早班 08:30-12:00 14:00-17:30)或打卡,在导出系统中改正",
                    fix_en="check the day's shift (a split shift in one cell: 早班 08:30-12:00 14:00-17:30) or the "
                           "punch, and correct it in the exporting system"))
    dfs, plans, index, cells = [], [], [], []
    for k in range(int(span.max()) + 1 if n else 1):
        at = np.flatnonzero(span == k)
        combine = {}
        for col, spec in km.combine.items():
            if k == 0 or spec.get("part") or not ({"spans"} & set(spec)):
                combine[col] = spec   # a shift's range (its cell already this span's) or one header for the day
            elif k <= len(spec["spans"]):
                combine[col] = {**spec, "time": spec["spans"][k - 1]}
            # (more spans than headers: refused by _shift_halves; the column left blank here)
        km_k = km if k == 0 else dataclasses.replace(km, combine=combine)
        df, plan = apply_mapping(t.frame.iloc[at], t.headers, kind, km_k, t.label, rows[at], first, drop_elsewhere=True)
        cells += _span_cells(t, H, km, k, df, plan.row_numbers)
        if k:   # a column this span has no header for: blank, as the first span's column is typed
            df = df.assign(**{c: pd.Series(pd.NA, index=df.index, dtype=dfs[0][c].dtype)
                              for c in dfs[0].columns if c not in df.columns})[list(dfs[0].columns)]
        dfs.append(df)
        plans.append(plan)
    plan = plans[0]
    used: dict = {}
    for p in plans:
        plan.problems = plan.problems if p is plan else plan.problems + p.problems
        plan.moved = plan.moved if p is plan else plan.moved + p.moved
        for h, v in p.used.items():
            used.setdefault(h, [])
            used[h] += [x for x in v if x not in used[h]]
        for col, vals in p.distinct.items():
            if p is not plan:
                plan.distinct[col] = list(plan.distinct.get(col, [])) + list(vals)
    for k, p in enumerate(plans[1:], start=1):
        plan.rows += p.rows
        plan.dropped_records += p.dropped_records
    spans_at = {str(h) for spec in km.combine.values() for h in spec.get("spans", ())}
    for col, spec in km.combine.items():   # a span's header is used, even where no row holds that span
        for k, h in enumerate(spec.get("spans", ()), start=2):
            if H.find(h) is None:   # a file making the column from its header under columns (msgs46)
                continue
            hh = t.headers[H.find(h)]
            used.setdefault(hh, [])
            tag = f"{col}(第 {k} 段时间 / span {k}'s time)"
            used[hh] = [x if not x.startswith(f"{col}(") else tag for x in used[hh]] or [tag]
    plan.used = {h: used[h] for h in t.headers if h in used}
    plan.used_cols = sorted({i for i, h in enumerate(t.headers) if h in used})
    plan.ignored = [h for h in plan.ignored if h not in used and str(h) not in spans_at]
    df = pd.concat(dfs) if len(dfs) > 1 else dfs[0]
    order = np.argsort(df.index.to_numpy(), kind="stable")   # the file's order: each row's spans in turn
    df = df.iloc[order]
    plan.row_numbers = np.concatenate([p.row_numbers for p in plans])[order]
    plan.problems += problems
    plan.span_cells = pd.concat(cells, ignore_index=True) if cells else None
    plan.span_dates = {col: str(spec["date"]) for col, spec in km.combine.items()}
    return df, plan


def _shift_halves(t, kind: str, km):
    """Table ``t`` with each cell of a shift's range header (``combine``'s ``part``) that holds two ranges or more (a
    split shift: 早班 08:30-12:00 14:00-17:30) made a row per range, the other cells repeated, each row keeping its
    row in the file; and ``{header, rows, records}`` for records check (None when no cell holds two).  A clock-in
    or clock-out read from the row itself (one column for the day: 上班1打卡时间) cannot say which half it is: such a
    row is refused (``problems``), with the fix (a punch log under ``punches``, or a row per half); with ``punches``
    each half gets its own punches.  Vectorised: ``str.extractall``, ``numpy.repeat``.

    Examples
    --------
    >>> from windoweval.records.io import Table
    >>> from windoweval.records.mapping import parse_mapping
    >>> km = parse_mapping({"attendance": {"combine": {"shift_start": {"date": "日期", "time": "班次", "part": "start"}}}},
    ...                    "m.yaml")["attendance"]
    >>> t = Table("排班.csv", ["工号", "日期", "班次"], pd.DataFrame({0: ["S1", "S2"], 1: ["2025-03-03"] * 2,
    ...           2: ["早班 08:30-12:00 14:00-17:30", "08:30-17:30"]}), 2)
    >>> new, info = _shift_halves(t, "attendance", km)
    >>> new.frame[2].tolist(), new.rows.tolist(), info["rows"], info["records"]
    (['08:30-12:00', '14:00-17:30', '08:30-17:30'], [2, 2, 3], 1, 2)
    """
    import dataclasses

    from .mapping import _RANGE_IN_CELL, _SPLIT_SHIFT, _Headers
    from .problems import Problems

    heads = {spec["time"] for spec in km.combine.values() if spec.get("part")}
    if len(heads) != 1:
        return t, None
    head, = heads
    at = _Headers(t.headers, t.label, kind).find(head)
    if at is None or not len(t.frame):
        return t, None
    cells = t.frame.iloc[:, at].astype("string").reset_index(drop=True)
    # two ranges hold four times of day at least: only those cells are searched (a schedule of a million plain shifts
    # pays one count per cell)
    maybe = cells.str.count(r"[:：]").fillna(0).to_numpy() >= 4
    if maybe.any():   # only a cell shaped as a split shift, nothing else in it (a phone number, a formula: refused)
        maybe[maybe] = cells[maybe].str.match(_SPLIT_SHIFT).fillna(False).to_numpy(dtype=bool)
    if not maybe.any():
        return t, None
    found = cells[maybe].str.extractall(_RANGE_IN_CELL).fillna("")
    if not len(found):
        return t, None
    per_row = found.groupby(level=0).size().reindex(cells.index, fill_value=0).to_numpy()
    many = per_row >= 2
    if not many.any():
        return t, None
    reps = np.where(many, per_row, 1)
    pos = np.repeat(np.arange(len(cells)), reps)
    frame = t.frame.take(pos).reset_index(drop=True)
    # the halves' own ranges, in order, where the row holds two or more; the other rows' cells as written
    ranges = (found[0].str.replace(r"\s+", "", regex=True) + "-" + found[1] + found[2].str.replace(r"\s+", "", regex=True))
    lvl = found.index.get_level_values(0).to_numpy()
    take = many[cells.index.get_indexer(lvl)]
    new_cells = frame.iloc[:, at].astype("string").to_numpy(dtype=object, na_value=None)
    starts = np.concatenate([[0], np.cumsum(reps)[:-1]])
    within = found.index.get_level_values(1).to_numpy()
    new_cells[(starts[cells.index.get_indexer(lvl)] + within)[take]] = ranges.to_numpy(dtype=object)[take]
    frame[frame.columns[at]] = pd.array(new_cells, dtype="string")
    rows = np.asarray(t.row_numbers())[pos]
    new = dataclasses.replace(t, frame=frame, rows=rows)
    info = {"header": t.headers[at], "rows": int(many.sum()), "records": int(reps[many].sum()),
            # each new row's span (0: the first, or the row's only one) and how many spans its file row holds
            "span": np.arange(len(pos)) - np.repeat(starts, reps), "of": np.repeat(reps, reps)}
    # the spans in the order of the day, none before the previous one's end (08:30-12:00 11:00-17:30 overlap; a span
    # after midnight, 20:00-23:00 01:00-03:00, would be put on the shift's date): refused, never read as written
    def minutes(x):
        hm = x.str.extract(r"(\d{1,2})\s*[:：]\s*(\d{2})").astype(float)
        return (hm[0] * 60 + hm[1]).to_numpy()
    s_, e_ = minutes(found[0]), minutes(found[2])
    e_ = np.where((found[1] != "").to_numpy() | (e_ <= s_), e_ + 1440, e_)
    prev_e = pd.Series(e_).groupby(lvl).shift(1).to_numpy()
    out_of_order = np.zeros(len(cells), dtype=bool)
    out_of_order[lvl[s_ < np.nan_to_num(prev_e, nan=-1)]] = True
    problems = []
    if out_of_order.any():
        problems.append(Problems.of(
            file=t.label, row=np.asarray(t.row_numbers())[out_of_order], column=str(t.headers[at]),
            value=cells.to_numpy(dtype=object, na_value="")[out_of_order], code="split_shift_order",
            problem_zh="两段班次有重叠或不按先后(后一段早于前一段的结束,或跨过午夜)",
            problem_en="the spans of the split shift overlap or are out of order (one starts before the previous "
                       "ends, or past midnight)",
            fix_zh="在导出系统中改正这个班次;跨过午夜的一段请按次日另导出一行",
            fix_en="correct the shift in the exporting system; export a span past midnight as a row of the next day"))
    # a clock-in or -out the row gives once for the day (or for fewer spans than it holds): which span's? refused on
    # those rows, never given to two spans; a combine's list of headers (上班1打卡时间, 上班2打卡时间) gives one a span
    own = [c for c in ("arrived_at", "left_at") if c in set(km.columns.values()) | set(km.combine) | set(km.pick)]
    if own:
        src = {**{c: h for h, c in km.columns.items()}, **{c: "、".join([s["time"], *s.get("spans", ())]) for c, s in km.combine.items()},
               **{c: "/".join(map(str, s.get("cases", {}).values())) for c, s in km.pick.items()}}
        for c in own:
            n_heads = 1 + len(km.combine[c].get("spans", ())) if c in km.combine else 1
            too_many = per_row > n_heads
            if not too_many.any():
                continue
            n = per_row[too_many]
            zh = np.array(list("零一两三四五六七八九") + ["多"], dtype=object)[np.minimum(n, 10)]
            en = np.array("no one two three four five six seven eight nine many".split(), dtype=object)[np.minimum(n, 10)]
            problems.append(Problems.of(
                file=t.label, row=np.asarray(t.row_numbers())[too_many], column=str(t.headers[at]),
                value=cells.to_numpy(dtype=object, na_value="")[too_many], code="split_shift_one_punch",
                problem_zh="一格中有" + zh + f"段班次,而 {src[c]} " + ("每天只有一个" if n_heads == 1 else
                                                               f"只列出 {n_heads} 段的表头") + ",不知是哪一段的打卡",
                problem_en="the cell holds " + en + f" spans of a split shift, and {src[c]} " + (
                    "one a day" if n_heads == 1 else f"names headers for {n_heads} spans") +
                    ": which span's punch it is cannot be told",
                fix_zh=f"在 mapping.yaml 的 combine.{c}.time 中按段加上其余各段的表头(如 上班3打卡时间)" if n_heads > 1 else
                       "日报中每段有自己的打卡列(上班1、下班1、上班2、下班2)时,在 mapping.yaml 的 combine 中按段列出表头:"
                       "time: [上班1打卡时间, 上班2打卡时间];否则导出原始打卡记录并写 punches(每段班次取自己的打卡,"
                       "data/README.md),或把各段班次导出为各一行、各带自己的打卡时间",
                fix_en=f"add the other spans' headers (such as 上班3打卡时间) to combine.{c}.time in mapping.yaml, one "
                       "per span" if n_heads > 1 else
                       "where the daily report gives each span its own punch columns (上班1, 下班1, 上班2, 下班2), list "
                       "the headers span by span under combine in mapping.yaml: time: [上班1打卡时间, 上班2打卡时间]; "
                       "else export the raw punch log and read it with punches in mapping.yaml (each span gets its own "
                       "punches, data/README.md), or export the spans as a row each, each with its own punch times"))
    if problems:
        info["problems"] = Problems.concat(problems)
    return new, info


def _melted(t, km, kind: str):
    """Table ``t`` of a wide checklist made one row per (visit, item): the other columns repeated, the item's code
    (``km.wide["headers"]``) and its cell as the contract's ``item`` and ``value`` columns; a blank cell is no row.
    Gives the new table (each row's number the visit's row in the file), each new column's position in ``t``
    (None: the two made), the positions of the items' headers and the blank cells of each."""
    import dataclasses

    from .mapping import norm

    at_of = {}
    for i, h in enumerate(t.headers):
        at_of.setdefault(norm(h), i)
    at, codes = [], []
    for h, code in km.wide["headers"].items():
        i = at_of.get(norm(h))
        if i is None:
            # the file's headers nearest the one named (a group's name written before it, 检查项目/佩戴工牌; a typo)
            close = [t.headers[at_of[x]] for x in difflib.get_close_matches(norm(h), list(at_of), n=3, cutoff=0.5)]
            near = [x for x in at_of if x and (x in norm(h) or norm(h) in x) and t.headers[at_of[x]] not in close]
            close = (close + [t.headers[at_of[x]] for x in near])[:3]
            hint_zh = f"文件中最接近的表头:{'、'.join(map(str, close))};" if close else ""
            hint_en = f"the closest headers in the file: {', '.join(map(str, close))}; " if close else ""
            raise InputError(f"{t.label}: mapping.yaml 的 {kind}.wide.headers 中的表头 {h!r} 不在文件中;{hint_zh}请按文件中"
                             f"的写法写表头(表头占两行时写第二行的名称),或从 wide.headers 中删去它 / the header "
                             f"{h!r} of {kind}.wide.headers in mapping.yaml is not in the file; {hint_en}write the header "
                             f"as the file writes it (under a two-row header, the second row's name), or remove it "
                             f"from wide.headers")
        at.append(i)
        codes.append(code)
    others = [j for j in range(len(t.headers)) if j not in set(at)]
    n, m = len(t.frame), len(at)
    cells = t.frame.iloc[:, at].astype("string")
    flat = pd.Series(cells.to_numpy(dtype=object, na_value=None).reshape(-1), dtype="string")
    blank = (flat.isna() | flat.str.strip().eq("")).to_numpy(dtype=bool, na_value=True)
    for k, h in enumerate(km.wide["headers"]):   # an item asked as a fault (是否使用服务忌语): its own codes first
        own = km.wide.get("values", {}).get(h)
        if own:
            part = flat.iloc[k::m]
            read = {x: own[norm(x)] for x in part.dropna().unique() if norm(x) in own}   # each distinct cell once
            if read:
                flat.iloc[k::m] = part.replace(read)
    keep = ~blank
    cols = {k: pd.array(np.repeat(t.frame.iloc[:, j].astype("string").to_numpy(dtype=object, na_value=None), m)[keep],
                        dtype="string") for k, j in enumerate(others)}
    cols[len(others)] = pd.array(np.tile(np.array(codes, dtype=object), n)[keep], dtype="string")
    cols[len(others) + 1] = pd.array(flat.to_numpy(dtype=object, na_value=None)[keep], dtype="string")
    frame = pd.DataFrame(cols)
    headers = [t.headers[j] for j in others] + [km.wide["item"], km.wide["value"]]
    rows = np.repeat(t.row_numbers(), m)[keep]
    new = dataclasses.replace(t, frame=frame, headers=headers, rows=rows)
    return new, others + [None, None], at, blank.reshape(n, m).sum(axis=0) if n else np.zeros(m, dtype=np.int64)


#: The most characters an Excel cell holds: a list cell (停电用户) this long was most likely cut off by the export.
EXCEL_CELL_MAX = 32767
#: A Chinese character: a list of ids holding one holds a name or a word (等), not an id.
_HAN = "[\u3400-\u9fff\uf900-\ufaff]"   # the characters themselves: RE2 (pyarrow) reads no \\u escape
#: What separates the ids of a list cell read without ``split`` (not white space, / or |: an id may hold them).
_LIST_SEPARATOR = r"[;；、,，\n]"


def _lists_unsplit(df: pd.DataFrame, plan, kind: str, t) -> None:
    """A key part that may be blank (an outage's customer_id) whose cells hold lists (3001;3002, 3001、3002, one per
    line) although the mapping reads them as one id each: a problem per row, named by its header, with the fix
    (``split``), appended to the plan's problems; never a list judged as one customer.  The cell's text is not shown.

    Examples
    --------
    >>> from types import SimpleNamespace as P
    >>> plan = P(problems=[], used={"停电用户": ["customer_id"]}, row_numbers=np.array([2, 3]))
    >>> _lists_unsplit(pd.DataFrame({"customer_id": ["3001;3002", "3003"]}), plan, "outages", P(label="停电.csv"))
    >>> plan.problems[0][["row", "column", "code"]].values.tolist()
    [[2, '停电用户', 'unsplit_list']]
    """
    c = contracts()[kind]
    for col in (k for k in c.key if c.columns[k].get("blank") and k in df.columns):
        v = df[col]
        if not (pd.api.types.is_string_dtype(v) or v.dtype == object):
            continue
        many = v.astype("string").str.strip().str.contains(_LIST_SEPARATOR, regex=True).to_numpy(dtype=bool, na_value=False)
        if not many.any():
            continue
        head = next((h for h, what in plan.used.items() if any(str(u).split("(")[0].strip() == col for u in what)), col)
        plan.problems.append(Problems.of(
            file=t.label, row=np.asarray(plan.row_numbers)[many], column=str(head),
            value=np.array([""] * int(many.sum()), dtype=object), code="unsplit_list",
            problem_zh=f"一格中列出了多个{c.columns[col].get('zh', col)},却按一个读取",
            problem_en=f"the cell lists several {col}s but is read as one",
            fix_zh=f"在 mapping.yaml 的 {kind} 下写 split: {{{col}: {head}}},每个成一条记录(data/README.md)",
            fix_en=f"write split: {{{col}: {head}}} under {kind} in mapping.yaml: a record each (data/README.md)"))


def _split_apply(t, kind: str, km, first: int):
    """:func:`~.mapping.apply_mapping` of table ``t`` whose ``split`` header (``km.split``: an outage's 户号 listed in
    one cell) is first made a row per value (:func:`_split_rows`): each row keeps the file's row number, so a refusal
    names the file's own row and the list's header; the plan says how many rows became how many records
    (``Plan.split``) and, with ``count``, refuses a row whose list is not as long as its count says (影响户数)."""
    from .mapping import apply_mapping, norm

    (col, spec), = km.split.items()
    new, info, problems = _split_rows(t, kind, col, spec)
    df, plan = apply_mapping(new.frame, new.headers, kind, km, t.label, new.rows, first, drop_elsewhere=True)
    plan.split = info
    h = info["header"]
    plan.used[h] = [f"{col}(拆分 / split)"]
    if spec.get("count"):   # the count each list is checked against: read, not ignored
        ch = next((x for x in t.headers if norm(x) == norm(spec["count"])), spec["count"])
        plan.used[ch] = [f"{col} 的个数 / the count of {col}"]
        plan.ignored = [x for x in plan.ignored if x != ch]
    if problems is not None and len(problems):
        plan.problems.append(problems)
    return df, plan


def _split_rows(t, kind: str, col: str, spec: dict):
    """Table ``t`` with the cells of the header ``spec["from"]`` split (:data:`~.mapping.SPLIT_SEPARATORS`) into a row
    per value, the other cells repeated, each row numbered as its row in the file (vectorised: pyarrow's
    ``split_pattern_regex`` and ``list_parent_indices``).  A blank cell stays one row with the cell blank (an outage
    whose customers are not listed: the clauses per customer read it as missing evidence).  Gives the new table, ``{rows, records, blank, header}`` for
    records check, and the problems of rows whose list is not what ``count`` says or was cut off at Excel's cell
    limit (:data:`EXCEL_CELL_MAX`), each named by its row and the list's header, never by the list itself.

    Examples
    --------
    >>> from windoweval.records.io import Table
    >>> t = Table("停电.csv", ["停电编号", "停电用户"], pd.DataFrame({0: ["T1", "T2", "T3"], 1: ["3001；3002、3003", None, "3004\\n3005"]}), 2)
    >>> new, info, probs = _split_rows(t, "outages", "customer_id", {"from": "停电用户", "count": None})
    >>> new.frame[1].tolist(), new.rows.tolist(), info["records"], info["blank"]
    (['3001', '3002', '3003', <NA>, '3004', '3005'], [2, 2, 2, 3, 4, 4], 6, 1)
    """
    import dataclasses

    from .mapping import SPLIT_SEPARATORS, _Headers

    H = _Headers(t.headers, t.label, kind)
    src = spec["from"]
    at = H.find(src)
    if at is None:
        H.need(src, f"{kind}.split.{col}", "mapping.yaml")
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = t.frame.iloc[:, at].astype("string")
    n = len(cells)
    # the lists split in pyarrow's kernels (no Python per cell or per id): the ids and the row each stands on
    text = pc.utf8_trim_whitespace(pa.array(cells.to_numpy(dtype=object, na_value=None), type=pa.string()))
    lists = pc.split_pattern_regex(text, SPLIT_SEPARATORS)
    ids = pc.list_flatten(lists)
    at_row = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False).astype(np.int64)
    filled = pc.not_equal(ids, "").to_numpy(zero_copy_only=False)   # a separator at an end: no value
    ids = ids.filter(pa.array(filled))
    at_row = at_row[filled]
    # a row holding a Chinese character (a name, 等): refused below as words, its text never shown nor counted twice
    han = pc.match_substring_regex(text, _HAN).to_numpy(zero_copy_only=False)
    han = np.asarray(pd.array(han, dtype="boolean").to_numpy(dtype=bool, na_value=False))
    # an id listed twice in one cell: refused below as the row's own problem, read once (the key's check would call
    # it a row exported twice)
    codes = pc.dictionary_encode(ids).indices.to_numpy(zero_copy_only=False)
    order = np.lexsort((codes, at_row))
    again = np.zeros(len(ids), dtype=bool)
    again[order[1:]] = (at_row[order][1:] == at_row[order][:-1]) & (codes[order][1:] == codes[order][:-1])
    twice = again & ~han[at_row]
    twice_at = at_row[twice]
    twice_v = np.array(ids.filter(pa.array(twice)).to_pylist(), dtype=object)
    n_listed = np.bincount(at_row, minlength=n)
    keep_at = at_row[~twice]
    # a row listing nothing (blank, or separators only) stays one row, its cell blank
    none = np.flatnonzero(n_listed == 0)
    n_blank = len(none)
    pos = np.concatenate([keep_at, none])
    by_row = np.argsort(pos, kind="stable")
    pos = pos[by_row]
    vals = pa.concat_arrays([ids.filter(pa.array(~twice)), pa.nulls(len(none), pa.string())]).take(pa.array(by_row))
    frame = t.frame.take(pos).reset_index(drop=True)
    frame[frame.columns[at]] = pd.array(vals, dtype=pd.StringDtype("pyarrow"))
    rownum = np.asarray(t.row_numbers())
    rows = rownum[pos]
    info = {"header": t.headers[at], "rows": int(len(t.frame)), "records": int(len(frame)),
            "blank": n_blank, "column": col}
    bad_zh, bad_en, bad_at = [], [], []
    cut = (cells.str.len() >= EXCEL_CELL_MAX).to_numpy(dtype=bool, na_value=False)
    if cut.any():
        bad_at.append(np.flatnonzero(cut))
        bad_zh.append(np.full(int(cut.sum()), f"列表长达 {EXCEL_CELL_MAX} 个字符(Excel 单元格的上限),很可能被导出截断"))
        bad_en.append(np.full(int(cut.sum()), f"the list is {EXCEL_CELL_MAX} characters long (Excel's cell limit): "
                                              "most likely cut off by the export"))
    if spec.get("count"):
        ci = H.need(spec["count"], f"{kind}.split.{col}.count", "mapping.yaml")
        from .validate import _placeholder

        # 65, 65户 or 65 户 (a unit written after it); blank or a placeholder (-, 无): not checked; anything else (约65户,
        # 六十五) is refused, never passed over as if the count agreed
        raw = t.frame.iloc[:, ci].astype("string").str.strip()
        said = pd.to_numeric(raw.str.replace(r"\s*[户人个]$", "", regex=True), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan)
        unread = np.isnan(said) & ~(raw.isna() | (raw == "") | _placeholder(raw)).to_numpy(dtype=bool)
        if unread.any():
            i = np.flatnonzero(unread)
            bad_at.append(i)
            shown = raw.to_numpy(dtype=object)[i]
            bad_zh.append(np.array([f"{t.headers[ci]} 为 {v!r},不是个数,无法核对列出的个数" for v in shown], dtype=object))
            bad_en.append(np.array([f"{t.headers[ci]} is {v!r}, not a count: the list cannot be checked against it"
                                    for v in shown], dtype=object))
        off = ~np.isnan(said) & (said != n_listed) & ~cut
        if off.any():
            i = np.flatnonzero(off)
            bad_at.append(i)
            bad_zh.append(np.array([f"列出 {n} 个,{t.headers[ci]} 为 {int(m) if m == int(m) else m}"
                                    for n, m in zip(n_listed[i], said[i])], dtype=object))
            bad_en.append(np.array([f"lists {n}, {t.headers[ci]} says {int(m) if m == int(m) else m}"
                                    for n, m in zip(n_listed[i], said[i])], dtype=object))
    problems = []
    if bad_at:
        i = np.concatenate(bad_at)
        problems.append(Problems.of(
            file=t.label, row=rownum[i], column=t.headers[at], value=np.array([""] * len(i), dtype=object),
            code="split_count", problem_zh=np.concatenate(bad_zh), problem_en=np.concatenate(bad_en),
            fix_zh="请导出完整的名单,或改为每户一行的明细导出,使这一格所列的个数与户数相符;户数不是数字时请改正它,"
                   "或从 mapping.yaml 的 split 中去掉 count",
            fix_en="export the whole list, or a per-customer export (a row per customer), so that the cell lists as "
                   "many as the count says; where the count is no number, correct it, or leave count out of split in "
                   "mapping.yaml"))
    if twice.any():
        problems.append(Problems.of(
            file=t.label, row=rownum[twice_at], column=t.headers[at], value=twice_v, code="split_twice",
            problem_zh="同一格中列出了两次", problem_en="listed twice in the one cell",
            fix_zh="请在导出中删去重复的一个(或核对是否应为另一户)",
            fix_en="delete the repeated one in the export (or check whether another was meant)"))
    if han.any():   # a name (3001张三) or a word (3001等) among the values: never read as a customer, never shown
        w_at = np.flatnonzero(han)
        problems.append(Problems.of(
            file=t.label, row=rownum[w_at], column=t.headers[at], value=np.array([""] * len(w_at), dtype=object),
            code="split_words", problem_zh="列表中有汉字(姓名,或“等”之类未列全的写法),不是编号",
            problem_en="the list holds Chinese characters (a name, or 等 and the like for a list not given whole), "
                       "not ids",
            fix_zh="请只导出编号,以 ; 、 , 或换行分隔;名单未列全时请导出完整的名单或每户一行的明细",
            fix_en="export the ids alone, separated by ; 、 , or line breaks; where the list is not whole, export it "
                   "whole or a row per customer"))
    problems = Problems.concat(problems) if problems else None
    new = dataclasses.replace(t, frame=frame, rows=rows)
    return new, info, problems
