"""Building ``reports/<year>/``: run the notebooks with papermill, write every page and table, swap in atomically."""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .. import i18n, paths
from ..atomic import make_temp_dir, published_mode, recover, swap_dir
from ..errors import EXIT_INPUT
from ..pools import gc_frozen
from .settings import BuildError, JOBS, KERNEL_ARGS, NOTEBOOKS, SHEET_PREFIX, ensure_kernel, log, parameters
from .collect import Collected, _keep_failed, _scrub, collect
from .pages import _index, _page, _warnings, bilingual, languages, write_assets
from .pdf import combine_pdf


class BuildBusy(BuildError):
    """Another build of the same year holds the lock (exit 4): nothing of this build is written, not even a line in
    ``build-<year>.log``, which is the running build's (a refused second build had appended its refusal there).

    Examples
    --------
    >>> BuildBusy("busy").exit_code
    4
    """


def _lock_file(path: Path, year: int):
    """The lock file ``path``, opened for the lock without following a link and without waiting on a pipe: a
    ``.2025.lock`` linked to another file (``ln -s /etc/passwd``: a build run by cron as root truncated it, as
    ``open(path, "w")`` does) or made a FIFO (the build waited for ever) is refused (exit 4), not opened; nothing
    in it is read or written, the lock is all.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); (d / ".2025.lock").symlink_to(d / "victim")
    >>> try:
    ...     _lock_file(d / ".2025.lock", 2025)
    ... except BuildError as e:
    ...     print(e.exit_code, (d / "victim").exists())
    4 False
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    # (a read-only or full file system: said as any failed write of the build is)
    fd = _regular_fd(path, flags, 0o600, lambda: BuildError(
        f"{path.name}: 报告目录中的锁文件不是普通文件(是链接、管道或文件夹),不会被打开;请删除它后重新生成 / "
        f"{path.name}: the lock file in the report folder is not a regular file (a link, a pipe or a "
        f"folder) and is not opened: delete it, then build again"))
    return os.fdopen(fd, "w")


def _regular_fd(path: Path, flags: int, mode: int, refused) -> int:
    """``os.open(path, flags, mode)`` where ``path`` is (or is made) a regular file: a link (``O_NOFOLLOW`` in
    ``flags``), a pipe (``O_NONBLOCK``: never waited on) or a folder raises ``refused()`` (a :class:`BuildError`,
    exit 4) instead, the file it names untouched; any other failure (a read-only or full file system) as it is.
    The lock file's and the build log's one opening (:func:`_lock_file`, :func:`_log_stream`).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); os.mkdir(d / "x")
    >>> try:
    ...     _regular_fd(d / "x", os.O_RDONLY, 0o600, lambda: BuildError("refused"))
    ... except BuildError as e:
    ...     print(e.exit_code, e)
    4 refused
    """
    import errno
    import stat

    try:
        fd = os.open(path, flags, mode)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(0, "not a regular file")
    except OSError as e:
        if e.errno not in (0, errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK):
            raise
        raise refused() from None
    return fd


@contextmanager
def _lock(out: Path, year: int):
    """One build of a year at a time in ``out``; the lock file is removed when the build ends, whatever its end.

    The file is unlinked while still locked, so a build that opened it meanwhile finds its inode gone and opens
    the path again instead of locking a file nobody else sees.
    """
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    path = out / f".{year}.lock"
    while True:
        f = _lock_file(path, year)
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            f.close()
            raise BuildBusy(f"{year} 年的报告正在由另一进程生成;请等它结束后再运行(它的进度见 build-{year}.log),"
                             f"调度器请勿同时启动同一年度的两次生成 / another build of the {year} report is running: "
                             f"wait for it to end, then run again (its progress is in build-{year}.log); a scheduler "
                             f"should not start two builds of one year at once") from e
        try:
            same = os.fstat(f.fileno()).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        f.close()       # the build before removed it between our open and our lock: take the path afresh
    try:
        yield
    finally:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        f.close()


def _say(progress, msg: str):
    log.info(msg)
    if progress:
        progress(msg)


def _source(name: str) -> Path:
    src = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
    if not src.exists():
        raise BuildError(f"找不到笔记本 / notebook not found: {src}", notebook=name)
    return src


def _table_csv(name: str, table: dict) -> str:
    return f"tables/{name}--{table['name']}.csv"


def _sheet(name: str, table: dict) -> str:
    return f"{SHEET_PREFIX.get(name, name)}-{table['name']}"


def table_frame(table: dict):
    """A collected table (``{"columns": [...], "data": [[...], ...]}``) as a frame, whole numbers kept whole.

    JSON carries a count with a gap as ``[282, null]``; read plainly that column would become floats and the
    CSV would say ``282.0``.  A column whose values are all whole numbers (or missing) stays integer, where they
    fit in 64 bits (a larger one is left as pandas reads it).

    Examples
    --------
    >>> table_frame({"columns": ["case", "days_overdue", "rate"], "data": [["C1", 282, 0.5], ["C2", None, None]]}).dtypes.astype(str).tolist()[1:]
    ['Int64', 'float64']
    """
    import pandas as pd

    df = pd.DataFrame(table["data"], columns=table["columns"])
    for i, dt in enumerate(df.dtypes):
        if dt == float or dt == object:     # JSON's rows are Python values already: their types decide
            given = [r[i] for r in table["data"] if r[i] is not None]
            if given and all(type(v) is int and -2**63 <= v < 2**63 for v in given):   # Int64 holds them
                df.isetitem(i, pd.array([r[i] for r in table["data"]], dtype="Int64"))
    return df


def export_header(table: dict) -> list[str]:
    """A collected table's header for its CSV and its workbook sheet: each column's label in the build's languages,
    the first language's first (``窗口编号 / Window id``); a label the languages write alike once (``PW01``).

    The page shows each language's table in its own language; the exports carry one table, so its header names each
    column in every language of the build (a zh+en build's CSV had Chinese headers alone).

    Examples
    --------
    >>> export_header({"columns": ["窗口编号", "95%区间下限", "PW01"], "columns_en": ["Window id", "95% CI low", "PW01"]})
    ['窗口编号 / Window id', '95%区间下限 / 95% CI low', 'PW01']
    >>> export_header({"columns": ["窗口编号"]})
    ['窗口编号']
    """
    cols = [str(c) for c in table["columns"]]
    others = [v for k, v in table.items() if k.startswith("columns_") and isinstance(v, list) and len(v) == len(cols)]
    out = []
    for i, c in enumerate(cols):
        labels = [c]
        for o in others:
            if str(o[i]) not in labels:
                labels.append(str(o[i]))
        out.append(" / ".join(labels))
    return out


def export_values(table: dict, df):
    """A collected table's frame (:func:`table_frame`) with each of the package's words (a verdict, a kind, yes/no)
    in the build's languages, the first language's first (``达标 / Pass``), as :func:`export_header` names the
    columns: the pairs ``values_<lang>`` the notebook kept (:func:`windoweval.present._words_in`); other cells, a
    number and a name from data, as they are.  A build in one language has no pairs: its frame is returned as it is.

    Examples
    --------
    >>> import pandas as pd
    >>> t = {"columns": ["窗口编号", "结论", "得分"], "values_en": {"1": {"达标": "Pass", "未达标": "Fail"}}}
    >>> export_values(t, pd.DataFrame({"窗口编号": ["PW01", "PW02", "PW03"], "结论": ["达标", "未达标", None],
    ...                                "得分": [-1.5, 90.0, None]})).to_dict("list")
    {'窗口编号': ['PW01', 'PW02', 'PW03'], '结论': ['达标 / Pass', '未达标 / Fail', nan], '得分': [-1.5, 90.0, nan]}

    Texts written in each language (``cells_<lang>``, :func:`windoweval.present._cells_in`: a ``*_zh``/``*_en`` pair,
    a table written in each language) read in each, one column holding both:

    >>> t = {"columns": ["测量项", "记录数"], "cells_en": {"0": {"0": "Payments within 5 minutes"}}}
    >>> export_values(t, pd.DataFrame({"测量项": ["5分钟内缴费", "无英文"], "记录数": [3, 4]}))["测量项"].tolist()
    ['5分钟内缴费 / Payments within 5 minutes', '无英文']
    """
    pairs = [v for k, v in table.items() if k.startswith("values_") and isinstance(v, dict)]
    cells = [v for k, v in table.items() if k.startswith("cells_") and isinstance(v, dict)]
    if not pairs and not cells:
        return df
    out = df.copy()
    for key in {k for p in pairs for k in p}:
        i = int(key) if str(key).isdigit() else -1
        if not 0 <= i < out.shape[1]:
            continue
        s = out.iloc[:, i]
        words = {}
        for p in pairs:
            for a, b in p.get(key, {}).items():
                words[a] = f"{words.get(a, a)} / {b}"
        got = s.map(words)
        # a cell with no pair (missing, a number, a name) as it is
        out.isetitem(i, s.where(got.isna(), got))
    if cells:
        import pandas as pd
    for p in cells:     # texts written in each language (a *_zh/*_en pair, a unit): each cell in every one (public43)
        for key, said in p.items():
            i = int(key) if str(key).isdigit() else -1
            if not 0 <= i < out.shape[1] or not isinstance(said, dict):
                continue
            rows = [int(r) for r in said if str(r).isdigit() and int(r) < len(out)]
            if not rows:
                continue
            s = out.iloc[:, i].astype(object).copy()
            other = pd.Series([said[str(r)] for r in rows], index=s.index[rows], dtype=object)
            first = s.iloc[rows]
            s.iloc[rows] = other.where(first.isna(), first.astype(str) + " / " + other)
            out.isetitem(i, s)
    return out


def export_frame(table: dict):
    """A collected table as its CSV and its workbook sheet carry it (before :func:`windoweval.exports.safe_frame`): the
    header and the package's words in the build's languages, the first language's first (``窗口编号 / Window id``,
    ``达标 / Pass``: :func:`export_header`, :func:`export_values`); numbers as numbers, whole numbers whole.

    Examples
    --------
    >>> t = {"columns": ["窗口编号", "结论", "记录数"], "columns_en": ["Window id", "Verdict", "Records"],
    ...      "values_en": {"1": {"达标": "Pass"}}, "data": [["PW01", "达标", 12], ["PW02", None, None]]}
    >>> export_frame(t).to_dict("list")
    {'窗口编号 / Window id': ['PW01', 'PW02'], '结论 / Verdict': ['达标 / Pass', nan], '记录数 / Records': [12, None]}
    """
    df = export_values(table, table_frame(table))
    df.columns = export_header(table)
    return df


def _page_parts(name: str, dst: Path, tmp: Path, language: str) -> tuple[list, Collected, list]:
    """An executed notebook's scrub, page, tables as CSV, and collected parts: ``(warnings, collected, sheets)``,
    the scrub's warnings (stderr, for the log), the parts, and each table's sheet as ``(sheet name, safe frame)``
    (masked and neutralised once, for the CSV and the workbook: :func:`windoweval.exports.safe_frame`)."""
    import nbformat

    from ..exports import safe_frame, write_csv

    nb = nbformat.read(dst, as_version=4)
    warnings = _scrub(nb)
    nbformat.write(nb, dst)
    got = collect(nb)
    (tmp / f"{name}.html").write_text(_page(nb, language, bilingual(f"notebook.{name}", language)), encoding="utf-8")
    sheets = []
    for tb in got.tables:
        df = export_frame(tb)
        safe = safe_frame(df)
        write_csv(df, tmp / _table_csv(name, tb), safe=safe)
        sheets.append((_sheet(name, tb), safe))
    return warnings, got, sheets


#: Where a kernel leaves what it made of a notebook for the command (:func:`kernel_page`, :func:`_take`), inside the
#: build folder; removed before the folder goes in.
PAGES_DIR = ".pages"

#: The hand-off's format, named in each ``<name>.json`` (:func:`_hand_over`); any other is refused.
PAGES_FORMAT = "windoweval.page-parts/1"

#: An object column's missing cells and other cells as Parquet carries them (:func:`_frame_to_arrow`): a kind per
#: cell (``k<i>``) beside its text (``c<i>``) where the column is not text with one kind of gap.
_KINDS = ("str", "none", "na", "nan", "int", "float", "bool")


def _missing_kind(v) -> str:
    import pandas as pd

    if v is None:
        return "none"
    if v is pd.NA:
        return "na"
    return "nan"


def _frame_to_arrow(df):
    """A sheet's safe frame as an Arrow table (columns ``c0``, ``c1`` …) and what restores it (:func:`_frame_back`):
    its column labels and, per object column, its gaps' kind (``{"missing": "na"}``), or ``{"kinds": true}`` where a
    column mixes text with numbers or true/false (each cell's kind in ``k<i>``, its text in ``c<i>``)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    arrays, names, objects, dtypes = [], [], {}, {}
    for i in range(df.shape[1]):
        s = df.iloc[:, i]
        if s.dtype != object:
            arrays.append(pa.Array.from_pandas(s))
            names.append(f"c{i}")
            dtypes[str(i)] = str(s.dtype)        # restored as it was (Int64 read back as float64 otherwise)
            continue
        miss = s.isna().to_numpy()
        gaps = {_missing_kind(v) for v in s[miss]}
        if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty") and len(gaps) <= 1:
            arrays.append(pa.array(s.to_numpy(dtype=object), type=pa.string(), from_pandas=True))
            names.append(f"c{i}")
            objects[str(i)] = {"missing": next(iter(gaps), "none")}
            continue
        kinds, text = [], []      # a column mixing kinds (rare: a table's cell a number in a column of text)
        for v in s.tolist():
            if isinstance(v, np.generic):
                v = v.item()
            if isinstance(v, str):
                kinds.append(0); text.append(v)
            elif v is None or v is pd.NA or (isinstance(v, float) and v != v):
                kinds.append(_KINDS.index(_missing_kind(v))); text.append(None)
            elif isinstance(v, bool):
                kinds.append(6); text.append("1" if v else "0")
            elif isinstance(v, int):
                kinds.append(4); text.append(str(v))
            elif isinstance(v, float):
                kinds.append(5); text.append(repr(v))
            else:
                raise TypeError(f"a sheet's cell of type {type(v).__name__} cannot be handed over: {df.columns[i]!r}")
        arrays += [pa.array(text, type=pa.string()), pa.array(kinds, type=pa.int8())]
        names += [f"c{i}", f"k{i}"]
        objects[str(i)] = {"kinds": True}
    return pa.table(arrays, names=names), {"columns": [str(c) for c in df.columns], "objects": objects,
                                           "dtypes": dtypes}


def _frame_back(table, meta: dict, why):
    """The frame :func:`_frame_to_arrow` handed over, from its Arrow ``table`` and ``meta``; ``why(text)`` makes the
    refusal of a part that does not hold what its meta says."""
    import numpy as np
    import pandas as pd

    labels, objects, dtypes = meta.get("columns"), meta.get("objects"), meta.get("dtypes")
    if not isinstance(labels, list) or not all(isinstance(c, str) for c in labels) or not isinstance(objects, dict) \
            or not isinstance(dtypes, dict) or not all(isinstance(t, str) for t in dtypes.values()):
        raise why("columns / objects / dtypes")
    want = []
    for i in range(len(labels)):
        o = objects.get(str(i))
        want += [f"c{i}", f"k{i}"] if isinstance(o, dict) and o.get("kinds") is True else [f"c{i}"]
    if table.column_names != want:
        raise why(f"columns {table.column_names[:5]} …")
    df = table.to_pandas()
    cols = {}
    for i in range(len(labels)):
        o = objects.get(str(i))
        s = df[f"c{i}"]
        if o is None:
            want = dtypes.get(str(i))
            if want is None:
                raise why(f"column {i}'s dtype")
            cols[i] = s if str(s.dtype) == want else s.astype(pd.api.types.pandas_dtype(want))
            continue
        if not isinstance(o, dict):
            raise why(f"column {i}")
        if o.get("kinds") is True:
            kinds = df[f"k{i}"].to_numpy()
            if kinds.dtype.kind not in "iu" or (len(kinds) and not 0 <= kinds.min() <= kinds.max() < len(_KINDS)):
                raise why(f"column {i}'s kinds")
            text = s.astype(object).to_numpy()
            out = np.empty(len(s), dtype=object)
            for k, name in enumerate(_KINDS):
                at = kinds == k
                if not at.any():
                    continue
                if name in ("none", "na", "nan"):
                    out[at] = {"none": None, "na": pd.NA, "nan": float("nan")}[name]
                elif name == "str":
                    out[at] = text[at]
                elif name == "bool":
                    out[at] = [t == "1" for t in text[at]]
                else:
                    out[at] = [(int if name == "int" else float)(t) for t in text[at]]
            cols[i] = pd.Series(out, dtype=object)
        elif o.get("missing") in ("none", "na", "nan"):
            vals = s.to_numpy(dtype=object, na_value=None).copy()
            vals[s.isna().to_numpy()] = {"none": None, "na": pd.NA, "nan": float("nan")}[o["missing"]]
            cols[i] = pd.Series(vals, dtype=object)
        else:
            raise why(f"column {i}")
    back = pd.DataFrame({i: cols[i] for i in range(len(labels))})
    back.columns = pd.Index(labels, dtype=object)
    return back


def _error_parts(e: BaseException) -> dict:
    """The error that stopped a page, as data: its type's name and module, its message and arguments (where JSON
    holds them), an OS error's number and file, and its exit code (:func:`_error_back` raises it again)."""
    args = list(e.args)
    try:
        json.dumps(args)
    except (TypeError, ValueError):
        args = None
    got = {"type": type(e).__name__, "module": type(e).__module__, "message": str(e), "args": args,
           "exit_code": getattr(e, "exit_code", None)}
    if isinstance(e, OSError):
        got.update(errno=e.errno, strerror=e.strerror, filename=None if e.filename is None else str(e.filename))
    return got


def _error_back(err: dict) -> BaseException:
    """The error :func:`_error_parts` handed over, as the command raises it: a built-in exception or one of
    :mod:`windoweval.errors` rebuilt by its name (nothing else is looked up), any other as a ``RuntimeError`` that
    says its type and text, as the command said it when it made the pages itself.

    Examples
    --------
    >>> e = _error_back(_error_parts(ValueError("2 columns passed, passed data had 3 columns")))
    >>> type(e).__name__, str(e)
    ('ValueError', '2 columns passed, passed data had 3 columns')
    >>> e = _error_back(_error_parts(OSError(28, "No space left on device", "t.csv")))
    >>> type(e).__name__, e.errno, str(e)
    ('OSError', 28, "[Errno 28] No space left on device: 't.csv'")
    >>> type(_error_back({"type": "system", "module": "os", "message": "x", "args": ["rm -rf /"]})).__name__
    'RuntimeError'
    """
    import builtins

    from .. import errors

    name, module, message = str(err.get("type")), err.get("module"), str(err.get("message"))
    cls = None
    if module == "builtins":
        cls = getattr(builtins, name, None)
    elif module == errors.__name__:
        cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            if issubclass(cls, OSError) and isinstance(err.get("errno"), int):
                more = (err["filename"],) if isinstance(err.get("filename"), str) else ()
                return cls(err["errno"], str(err.get("strerror")), *more)
            e = cls(*err["args"]) if isinstance(err.get("args"), list) else cls(message)
            if str(e) == message:
                return e
        except Exception:       # noqa: BLE001  (one that is not rebuilt so: said as below)
            pass
    e = RuntimeError(f"{name}: {message}")
    if isinstance(err.get("exit_code"), int):
        e.exit_code = err["exit_code"]
    return e


def _hand_over(folder: Path, name: str, got: tuple) -> None:
    """Leave ``got`` (``("ok", (warnings, collected, sheets))`` or ``("error", exception)``) in ``folder`` as data:
    each sheet's safe frame as Parquet (``<name>.<k>.parquet``), the rest as JSON (``<name>.json``, written last and
    renamed into place, so that the command finds it whole or not at all)."""
    import pyarrow.parquet as pq

    folder.mkdir(exist_ok=True)
    status, what = got
    if status == "ok":
        warnings, collected, sheets = what
        metas = []
        for k, (sheet, safe) in enumerate(sheets):
            table, meta = _frame_to_arrow(safe)
            pq.write_table(table, folder / f"{name}.{k}.parquet", compression="none")
            metas.append({"sheet": str(sheet), **meta})
        doc = {"format": PAGES_FORMAT, "status": "ok", "warnings": [str(w) for w in warnings],
               "collected": {k: list(getattr(collected, k)) for k in ("tables", "headlines", "figures", "warnings")},
               "sheets": metas}
    else:
        doc = {"format": PAGES_FORMAT, "status": "error", "error": _error_parts(what)}
    part = folder / f".{name}.json.part"
    part.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    os.replace(part, folder / f"{name}.json")


def _handed(folder: Path, name: str):
    """What :func:`_hand_over` left for notebook ``name``: ``(warnings, collected, [(sheet, frame)])``, or the error
    that stopped its page raised; its files removed.  Only JSON and Parquet are read: a part that is anything else
    (a pickle planted there), is missing, or does not hold what it must, is refused with a
    :class:`~windoweval.report.settings.BuildError` naming it, and never run or unpickled."""
    import nbformat
    import pyarrow.parquet as pq

    where = f"{PAGES_DIR}/{name}.json"

    def why(text: str) -> BuildError:
        return BuildError(f"笔记本 {name} 交给报告的页面部件无法使用({where}:{text});该部件只由报告自己的内核写出,"
                          f"请重新生成报告 / the page parts notebook {name} handed to the build cannot be used "
                          f"({where}: {text}); only the build's own kernel writes them: build the report again",
                          notebook=name)

    path = folder / f"{name}.json"
    if not path.is_file():
        others = sorted(p.name for p in folder.glob(f"{name}.*")) if folder.is_dir() else []
        raise why(f"缺失,另有 {others} / missing, found {others} instead" if others else "缺失 / missing")
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise why(f"不是 JSON / not JSON: {type(e).__name__}") from None
    if not isinstance(doc, dict) or doc.get("format") != PAGES_FORMAT or doc.get("status") not in ("ok", "error"):
        raise why(f"格式不符 / not in the format {PAGES_FORMAT}")
    if doc["status"] == "error":
        if not isinstance(doc.get("error"), dict):
            raise why("error")
        path.unlink()
        raise _error_back(doc["error"])
    warnings, parts, metas = doc.get("warnings"), doc.get("collected"), doc.get("sheets")
    keys = ("tables", "headlines", "figures", "warnings")
    if not (isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)
            and isinstance(parts, dict) and sorted(parts) == sorted(keys)
            and all(isinstance(parts[k], list) and all(isinstance(x, dict) for x in parts[k]) for k in keys)
            and isinstance(metas, list) and all(isinstance(m, dict) and isinstance(m.get("sheet"), str) for m in metas)):
        raise why("内容不符 / its content is not what the kernel writes")
    # as collect() made them in the kernel: each part a dict, what is inside it a notebook node
    collected = Collected(**{k: [dict(nbformat.from_dict(x)) for x in parts[k]] for k in keys})
    sheets = []
    for k, meta in enumerate(metas):
        file = folder / f"{name}.{k}.parquet"
        try:
            table = pq.read_table(file)
        except Exception as e:   # noqa: BLE001  (not Parquet, or missing: refused, said)
            raise why(f"{PAGES_DIR}/{file.name}: 不是 Parquet / not Parquet ({type(e).__name__})") from None
        try:
            frame = _frame_back(table, meta, lambda t, f=file.name: why(f"{PAGES_DIR}/{f}: {t}"))
        except BuildError:
            raise
        except Exception as e:   # noqa: BLE001  (a part that does not hold what its meta says: refused, said)
            raise why(f"{PAGES_DIR}/{file.name}: {type(e).__name__}") from None
        sheets.append((meta["sheet"], frame))
    for k in range(len(metas)):
        (folder / f"{name}.{k}.parquet").unlink()
    path.unlink()
    return warnings, collected, sheets


def kernel_page(name: str, dst, tmp, language: str) -> None:
    """Run in the kernel that ran notebook ``name`` (:class:`windoweval.report.run.Runner`'s ``after``), right after
    it: its page, CSVs and parts (:func:`_page_parts`), left as data in ``<tmp>/.pages/`` for the command
    (:func:`_hand_over`: the sheets' frames as Parquet, the rest as JSON; :func:`_take`), or the error that stopped
    them (raised there, as the command raised it when it made the pages itself).  The kernel makes them while the command still computes the year's evaluation and in each
    kernel's idle time; the command made every page after its last section, beside the annual notebook (the build's
    tail), with nbconvert and the masking rules to import and compile once more (session 48).  Only masked frames
    are handed over (the sheets' safe frames), never a record as it came; never a pickle (session 49: a parameter
    is data, never code).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> kernel_page("explore", d / "notebooks" / "explore.ipynb", d, "zh+en")   # no notebook there: the error is kept
    >>> try:
    ...     _take("explore", d)
    ... except FileNotFoundError as e:
    ...     print(type(e).__name__, (d / PAGES_DIR / "explore.json").exists())
    FileNotFoundError False
    """
    dst, tmp = Path(dst), Path(tmp)
    try:
        got = ("ok", _page_parts(name, dst, tmp, language))
    except Exception as e:      # noqa: BLE001  (the command raises it: the build fails as it did)
        got = ("error", e)
    try:
        _hand_over(tmp / PAGES_DIR, name, got)
    except Exception as e:      # noqa: BLE001  (a part that cannot be written as data: the error said instead)
        _hand_over(tmp / PAGES_DIR, name, ("error", e))


def _page_code(name: str, dst: Path, tmp: Path, language: str) -> str:
    """The cell a kernel runs after notebook ``name``: :func:`kernel_page` with these arguments as literals."""
    args = ", ".join(repr(str(a)) for a in (name, dst, tmp, language))
    return f"from windoweval.report.build import kernel_page as _we_page\n_we_page({args})\ndel _we_page"


def _take(name: str, tmp: Path, book=None) -> Collected:
    """What the kernel made of notebook ``name`` (:func:`kernel_page`): the scrub's warnings logged, the sheets added
    to ``book`` (the workbook saved at the end: :class:`windoweval.exports.Workbook`), the collected parts returned;
    the error that stopped its page raised."""
    return _received(name, *_handed(tmp / PAGES_DIR, name), book)


def _received(name: str, warnings, collected: Collected, sheets, book=None) -> Collected:
    """A page's parts as :func:`_take` and :func:`_made_here` receive them: the scrub's warnings logged, the sheets
    added to ``book``, the collected parts returned."""
    for w in warnings:
        log.warning("%s: %s", name, w.strip()[:2000])
    if book is not None:
        for sheet, safe in sheets:
            book.add(sheet, safe, safe=safe)
    return collected


def _failure(name: str, e: Exception) -> BuildError:
    from .run import NotebookFailed

    if isinstance(e, BuildError):
        return e
    if isinstance(e, NotebookFailed):
        return BuildError(
            f"笔记本 {name} 第 {e.cell_index} 个单元格(In [{e.exec_count}])出错 / notebook {name} failed in cell "
            f"{e.cell_index} (In [{e.exec_count}]: {e.source.strip()[:80]}): {e.ename}: {e.evalue}",
            notebook=name, cell=e.cell_index)
    return BuildError(f"笔记本 {name} 运行失败 / notebook {name} failed: {type(e).__name__}: {e}", notebook=name)


class _HandOver:
    """The notebooks ``names`` handed to ``runner``'s kernels, each as soon as :meth:`section_kept` says that the
    section it presents is kept (the others at once); ``started`` holds when each began."""

    def __init__(self, names: list[str], params: dict, runner, progress, language: str):
        self.names, self.params, self.runner, self.progress, self.language = names, params, runner, progress, language
        self.started: dict[str, float] = {}
        self.given: set = set()
        self.give([nm for nm in names if nm not in SECTION_OF], more=True)

    def _announce(self, i, name):
        def say():
            self.started[name] = time.monotonic()
            _say(self.progress, f"[{i}/{len(self.names)}] {name} "
                                f"({i18n.text(f'notebook.{name}', languages(self.language)[0])}) …")
        return say

    def give(self, names, more: bool):
        import nbformat

        from .run import inject_parameters

        items = [(nm, inject_parameters(nbformat.read(_source(nm), as_version=4), self.params),
                  self._announce(self.names.index(nm) + 1, nm)) for nm in names if nm not in self.given]
        self.given |= {it[0] for it in items}
        self.runner.run(items, more=more)

    def section_kept(self, section: str):
        self.give([nm for nm in self.names if SECTION_OF.get(nm) == section], more=True)

    def rest(self):
        """Every notebook not handed over yet; the kernels then know there is no more."""
        self.give(self.names, more=False)


#: The parameters that can name a file or folder (the records directory, an organisation's own instrument YAML).
_PATH_PARAMETERS = ("data", "instrument")


def shown_parameters(params: dict) -> dict:
    """The report's parameters as the report shows them (``summary.json``, the index, the notebooks it ships): a
    path by the name of its file or folder (:func:`windoweval.privacy.shown_paths`), never the folders above it,
    which can carry a person's name (``/home/张三/records``); the notebooks ran with the path itself.

    Examples
    --------
    >>> shown_parameters({"year": 2025, "data": "/home/张三/records", "instrument": "power_hall"})
    {'year': 2025, 'data': 'records', 'instrument': 'power_hall'}
    """
    from ..privacy import shown_paths

    return {k: (shown_paths(str(Path(v))) if k in _PATH_PARAMETERS and isinstance(v, str) and v else v)
            for k, v in params.items()}


def _shipped(nb):
    """The executed notebook ``nb`` as the report ships it: its injected parameters as :func:`shown_parameters`."""
    import copy

    from .run import inject_parameters

    given = (nb.metadata.get("papermill") or {}).get("parameters")
    if not given:
        return nb
    shown = shown_parameters(dict(given))
    if shown == given:
        return nb
    out = copy.deepcopy(nb)
    text = inject_parameters(nb, shown)
    for cell in out.cells:      # the cell as it ran (its execution count, its id), its text the shown one
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = next(c["source"] for c in text.cells
                                  if "injected-parameters" in c.get("metadata", {}).get("tags", []))
    out.metadata["papermill"]["parameters"] = shown
    return out


def _after(tmp: Path, language: str, left: set):
    """What a kernel's thread does right after a notebook ran (:class:`windoweval.report.run.Runner`'s ``after``): the
    notebook written as the report ships it (:func:`_shipped`), then its page made by the kernel (:func:`kernel_page`);
    not when another notebook waits to start (``waiting``): the kernel goes on to it, and the command makes the page
    (:func:`_run_all`; the notebook's name added to ``left``).  Session 49: the annual notebook, the build's tail,
    waited for the explore notebook's page and the kernel's reset once its section was kept (0.45-0.6 s at load ~9,
    session 48), while the command sat idle."""
    def after(kernel, name: str, nb, waiting: bool = False) -> None:
        import nbformat

        dst = tmp / "notebooks" / f"{name}.ipynb"
        nbformat.write(_shipped(nb), dst)     # the records directory by its name, not the folders above it
        if waiting:
            left.add(name)
            return
        kernel.call(_page_code(name, dst, tmp, language))
    return after


def _made_here(name: str, tmp: Path, language: str, book=None) -> Collected:
    """Notebook ``name``'s page made by the command (:func:`_page_parts`, as the kernel makes it in
    :func:`kernel_page`), when its kernel went on to a notebook that waited (:func:`_after`): taken as :func:`_take`
    takes the kernel's."""
    return _received(name, *_page_parts(name, tmp / "notebooks" / f"{name}.ipynb", tmp, language), book)


def _run_all(names: list[str], runner, started: dict, tmp: Path, out: Path, year: int, language: str,
             progress, book=None, left=frozenset()) -> dict[str, Collected]:
    """Receive the notebooks from ``runner``'s kernels (handed over by :class:`_HandOver`); each one's page, made by
    its kernel right after it (:func:`kernel_page`), is taken as it arrives (:func:`_take`); one whose kernel went on
    to a waiting notebook (named in ``left``: :func:`_after`) has its page made here (:func:`_made_here`).

    On a failure no further notebook starts; those running finish; the
    failed notebooks are kept in ``<out>/<year>.failed/`` and the first
    failure in the notebooks' order is raised.
    """
    import nbformat

    n = len(names)
    failures: dict[str, BuildError] = {}
    collected: dict[str, Collected] = {}
    import queue

    received = 0
    while received < n:
        if runner.stop.is_set() and received >= len(started):
            break                                 # after a failure: every notebook that started has finished
        try:
            name, nb, err = runner.done.get(timeout=0.2)
        except queue.Empty:
            continue
        received += 1
        dst = tmp / "notebooks" / f"{name}.ipynb"
        if err is not None:
            nbformat.write(_shipped(nb), dst)     # (one that ran was written by its kernel's thread: _after)
            runner.stop.set()                     # nothing starts after a failure
            failures[name] = _failure(name, err)
            failed = out / f"{int(year)}.failed"
            if len(failures) == 1:
                shutil.rmtree(failed, ignore_errors=True)
            failed.mkdir(exist_ok=True)
            _keep_failed(dst, failed / dst.name)   # through the privacy gate
            log.error("the failed notebook is kept in %s", failed / dst.name)
            continue
        if not failures:
            collected[name] = _made_here(name, tmp, language, book) if name in left else _take(name, tmp, book)
            _say(progress, f"    ✓ {name}: {time.monotonic() - started.get(name, time.monotonic()):.1f} s, "
                           f"{len(collected[name].tables)} 表 tables")
    if failures:
        first = next(nm for nm in names if nm in failures)
        for nm in failures:
            if nm != first:  # ran beside the first one and failed too
                log.error("%s", failures[nm])
        raise failures[first]
    return collected


def prepare(year: int, *, out=None, progress=print, notebooks=None, **kw) -> Path:
    """Write the parameterised notebooks, not run, into ``<out>/<year>.prepared/``; returns that directory.

    Examples
    --------
    >>> import tempfile, nbformat
    >>> d = prepare(2025, out=tempfile.mkdtemp(), progress=None, notebooks=["explore"])
    >>> d.name, sorted(p.name for p in d.iterdir())
    ('2025.prepared', ['explore.ipynb'])
    >>> nb = nbformat.read(d / "explore.ipynb", as_version=4)
    >>> [c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])][0].count("year = 2025")
    1
    """
    import nbformat
    import papermill

    params = parameters(year, **kw)
    _check_choices(params, instrument=True)   # as a build checks them (the notebooks only quote them: leaks45)
    _check_standard(params.get("standard"))
    out = Path(out) if out else paths.REPORTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    final = out / f"{int(year)}.prepared"
    kernel = ensure_kernel()
    with _lock(out, year):
        recover(final)
        tmp = make_temp_dir(final, "preparing")
        try:
            for name in notebooks or NOTEBOOKS:
                nb = nbformat.read(_source(name), as_version=4)
                for cell in nb.cells:          # the stored outputs (nbval's) are not this year's
                    if cell.cell_type == "code":
                        cell.outputs, cell.execution_count = [], None
                papermill.execute_notebook(nb, str(tmp / f"{name}.ipynb"), parameters=params,
                                           prepare_only=True, kernel_name=kernel, language="python",
                                           progress_bar=False)
                _say(progress, f"✓ {name}.ipynb")
            tmp.chmod(published_mode(folder=True, replacing=final))   # the umask's, or the former report's kept
            swap_dir(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    _say(progress, f"已写出参数化笔记本 / parameterised notebooks written: {final}")
    return final


PAGE_PLOTLYJS_ENV = "WINDOWEVAL_PAGE_PLOTLYJS"     # windoweval.present.PAGE_PLOTLYJS_ENV


#: The section of the year's evaluation (:mod:`windoweval.sections`) each notebook presents.
SECTION_OF = {"annual_evaluation": "annual", "satisfaction_survey": "survey", "complaint_callbacks": "complaints",
              "promise_fulfilment": "promises", "explore": "explore"}


#: The order the sections are computed in, so that the one kernel (:data:`JOBS`) presents while the command computes:
#: first the two that need no evaluation (``complaints``, ``survey``), their notebooks presented while the two years
#: are scored; then ``promises`` and ``explore``, which take the evaluation's scorecard (computed once, before them:
#: :func:`windoweval.sections.compute`; the promises' occurrences are its drill-downs, not a scoring of their own),
#: their notebooks presented while the rest of ``annual`` (the review) is computed; ``annual`` last, its notebook the
#: only one left to present once every section is kept.  (Before session 21 ``annual`` came first, and the kernel sat
#: idle through the scoring, then presented all five notebooks one after another: the build's tail.)
COMPUTE_ORDER = ("complaints", "survey", "promises", "explore", "annual")


def _keep_sections(year: int, params: dict, folder: Path, survey, progress, names=None, covered=None, kept=None):
    """The year's evaluation (:mod:`windoweval.sections`: the sections the notebooks ``names`` present), computed
    once for every notebook, kept in ``folder``, each section as soon as it is computed (``kept(section)`` hears
    it: its notebooks may start)."""
    from .. import sections

    wanted = [SECTION_OF[n] for n in (names or SECTION_OF) if n in SECTION_OF]

    t = time.monotonic()
    _say(progress, "年度评价计算(一次)/ computing the year's evaluation, once …")
    p = dict(baseline_year=params["baseline_year"], instrument=params["instrument"], windows=params["windows"],
             standard=params.get("standard", "power_window"))
    key = sections.parameters_key(year, params["data"], **p)

    def done(name, sec):
        sections.keep({name: sec}, folder, key)
        if kept is not None:
            kept(name)
    order = [x for x in COMPUTE_ORDER if x in wanted] + [x for x in sections.SECTIONS if x in wanted
                                                         and x not in COMPUTE_ORDER]
    sections.compute(year, params["data"], sections=order, survey=survey, scheduler=params.get("scheduler"),
                     covered=covered, progress=lambda m: _say(progress, m), done=done, **p)
    _say(progress, f"    ✓ kept/: {time.monotonic() - t:.1f} s")


def _unknown_windows_warning(kept, language: str) -> list[dict]:
    """Records of window ids the workspace does not know were scored nowhere: said on the console, in the log, the
    index and summary.json, never left out unseen (the pages only show the windows the workspace names)."""
    from ..privacy import mask_message

    got = _annual_meta(kept, "unknown_windows") or {}
    if not got.get("records"):
        return []
    return _annual_warning("annual.unknown_windows", language,
                           records=got["records"], ids=mask_message(", ".join(got["ids"])))


def _unread_files_warning(kept, language: str) -> list[dict]:
    """Files of the data folder no kind of records reads (``annual`` meta ``unread_files``): said on the console, in
    the log, the index and summary.json as the unknown windows are (a 工单2025.xlsx left beside the exports)."""
    from ..privacy import mask_message

    got = _annual_meta(kept, "unread_files") or []
    if not got:
        return []
    return _annual_warning("annual.unread_files", language, n=len(got),
                           files=mask_message(", ".join(got[:20]) + (" …" if len(got) > 20 else "")))


def _annual_meta(kept, key: str):
    """One value of the kept ``annual`` section's meta (None when the section or the value is not there)."""
    from .. import sections

    sec = sections.load(kept, "annual")
    return sec.meta.get(key) if sec is not None else None


def _annual_warning(key: str, language: str, **fmt) -> list[dict]:
    """A warning of the annual evaluation's data (``key`` in the package's strings), in each language the report is
    built in, Chinese first."""
    langs = languages(language)
    return [{"notebook": "annual_evaluation", "title": i18n.text("notebook.annual_evaluation", langs[0]),
             **{f"title_{x}": i18n.text("notebook.annual_evaluation", x) for x in langs[1:]},
             "key": key, "text": i18n.text(key, langs[0], **fmt),
             **{f"text_{x}": i18n.text(key, x, **fmt) for x in langs[1:]}}]


def _stderr(msg: str):
    print(msg, file=sys.stderr, flush=True)


def _os_fix(e: BaseException, out) -> str:
    """The cause and the fix of a build stopped by the machine (a full disk, no permission), in both languages."""
    import errno

    if not isinstance(e, OSError):
        return ""
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"\n磁盘空间不足:请在 {out} 所在的磁盘上腾出空间(报告约需 20 MB),或用 --out 换一个位置 / the disk is "
                f"full: free space on the disk of {out} (a report needs about 20 MB) or choose another --out")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"\n没有写入权限:请用 --out 选择可以写入的目录 / no permission to write there: choose a directory you "
                f"can write to with --out")
    return ""


def _check_standard(standard) -> None:
    """``-p standard X`` (the explore page's standard): a standard of the catalog, else refused before any notebook
    runs (exit 2, the nearest ids named).  Any text passed as a ``str`` parameter, and an unknown one used to build a
    report whose explore page scored nothing, exit 0.

    >>> _check_standard("power_windw")
    Traceback (most recent call last):
    ...
    windoweval.catalog.UnknownName: -p standard: 没有标准 power_windw / no standard power_windw; 是否为 / did you mean: power_window
    """
    if standard is None:
        return
    from ..catalog import UnknownName, load_catalog
    from ..evaluation import _nearest

    known = load_catalog().standards
    if standard not in known:
        raise UnknownName(f"-p standard: 没有标准 {standard} / no standard {standard}; {_nearest(standard, known)}")


def build(year: int, *, data=None, out=None, pdf: bool = False, language: str = "zh+en", baseline_year=None,
          instrument=None, windows=None, scheduler=None, extra: dict | None = None, progress=_stderr,
          timeout: int = 900, notebooks=None, jobs: int | None = None, survey=None) -> Path:
    """Compute the year's evaluation once, run every notebook on it and write ``<out>/<year>/`` (see the module
    docstring); returns that directory.

    The evaluation (:mod:`windoweval.sections`) is computed here while the
    kernels start, and kept in the build folder (``kept/``); the notebooks read
    it and present.  ``jobs`` kernels (default :data:`JOBS`: one; ``--jobs 2`` where
    the notebooks present much more than the demo's) run the notebooks, each kernel one after another.  The
    first notebook that fails stops the build: no other one starts, those
    running are let finish and the failure is the first one in the notebooks'
    order, as it would be one at a time.  ``survey(year) -> (responses,
    source)`` is the survey's one source for every page (the survey store when
    None; the command line gives :func:`windoweval.datadir.survey_source`).
    Progress goes to ``progress`` (stderr by default; stdout is left for results).

    Raises :class:`BuildError` when a notebook or an export fails (the
    previous report stays), and the workspace's own errors when ``data`` is
    refused.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> from windoweval.evaluation import NoRecords
    >>> try:                                 # a year without records is refused before any notebook runs
    ...     build(2031, data=d, out=d / "reports", progress=None)
    ... except NoRecords as e:
    ...     print(e.exit_code, (d / "reports" / "2031").exists())
    3 False
    """
    from .run import light_nbformat

    light_nbformat()           # before anything imports nbformat (its validator's IRI grammar is not needed)
    with gc_frozen():          # what is alive now (the package, pandas, ...) lives on: no collection walks it again
        return _build(year, data=data, out=out, pdf=pdf, language=language, baseline_year=baseline_year,
                      instrument=instrument, windows=windows, scheduler=scheduler, extra=extra, progress=progress,
                      timeout=timeout, notebooks=notebooks, jobs=jobs, survey=survey)


def _check_choices(params: dict, ws=None, instrument: bool = False) -> None:
    """The windows and the instrument a build is asked for, checked before any notebook is written or run:
    ``windows`` an id or kind the workspace names (an unknown one: exit 2); with ``instrument``, the instrument a
    name or a file (an unknown name: exit 2; a file missing or refused: exit 3).  ``report --prepare-only`` wrote
    both into the notebooks as quoted strings unchecked (exit 0), the error left to whoever ran them (leaks45).
    """
    if params.get("windows") is not None:
        from ..evaluation import select_windows
        from ..records.workspace import load_workspace
        ws = ws if ws is not None else load_workspace(params["data"])
        select_windows(ws.windows, params["windows"], ws)
    if instrument and params.get("instrument") is not None:
        from ..survey.instrument import load_instrument
        load_instrument(params["instrument"])


def _build(year: int, *, data, out, pdf, language, baseline_year, instrument, windows, scheduler, extra, progress,
           timeout, notebooks, jobs, survey) -> Path:
    from .._version import __version__
    from ..records.workspace import load_workspace

    params = parameters(year, data, language=language, baseline_year=baseline_year, instrument=instrument,
                        windows=windows, scheduler=scheduler, extra=extra)
    language = params["language"]
    ws = load_workspace(params["data"])          # a refused records directory stops here (exit 3)
    _check_choices(params, ws)                    # an unknown window id or kind: exit 2, before any notebook runs
    _check_standard(params.get("standard"))
    names = list(notebooks or NOTEBOOKS)
    if pdf:
        from ..browser import INSTALL_HINT, find_chromium
        if find_chromium() is None:
            raise BuildError(f"--pdf 需要 Chromium / --pdf needs Chromium: {INSTALL_HINT}")
    out = Path(out) if out else paths.REPORTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    final = paths.report_dir(year, out)
    t0 = time.monotonic()
    kernel = ensure_kernel()
    from ..evaluation import check_year, covered_years
    from ..records.shared import SharedReads
    with _lock(out, year):
        for line in recover(final):                # what a killed build left: restored, temp folders removed
            log.info("recovered: %s", line)
        tmp = make_temp_dir(final, "building")     # mode 0700 until it goes in
        old_env = {k: os.environ.get(k) for k in ("PYTHONHASHSEED", PAGE_PLOTLYJS_ENV)}
        os.environ["PYTHONHASHSEED"] = "0"
        os.environ[PAGE_PLOTLYJS_ENV] = "1"      # the pages load plotly.js themselves: none inline in the notebooks
        checked = False                            # the year's check passed
        try:
            (tmp / "notebooks").mkdir()
            from .run import Runner
            left: set = set()      # the notebooks whose page the command makes (:func:`_after`)
            # the kernels start (and import the package) at once: while the year is checked and its evaluation
            # is computed, once; a refused year shuts them down before any notebook runs
            runner = Runner(kernel, tmp, min(jobs or JOBS, len(names)), extra_arguments=KERNEL_ARGS, timeout=timeout,
                            after=_after(tmp, language, left))
            try:
                reads = SharedReads()   # each records file read and validated once: the year's check, then the sections
                with reads.active():
                    covered = check_year(year, params["data"], ws)   # a year without any records: exit 3
                checked = True
                from ..privacy import mask_message
                langs = languages(language)
                orgs = {x: mask_message(ws.name if x == "zh" else (ws.name_en or ws.name))
                        for x in ("zh", "en")}  # the privacy gate
                org = orgs[langs[0]]
                _say(progress, f"== windoweval report {year} → {final} ==")
                log.info("parameters: %s", json.dumps(params, ensure_ascii=False))
                log.info("the data covers: %s", json.dumps(covered, ensure_ascii=False))
                if params["baseline_year"] not in covered_years(covered):
                    _say(progress, f"基准年 {params['baseline_year']} 没有记录,不作比较 / no records for the baseline "
                                   f"year {params['baseline_year']}: no baseline, no comparison")
                write_assets(tmp)
                # each notebook starts as soon as the section it presents is kept (in COMPUTE_ORDER: annual last)
                hand = _HandOver(names, {**params, "kept": "kept"}, runner, progress, language)
                with reads.active():
                    _keep_sections(year, params, tmp / "kept", survey, progress, names, covered,
                                   kept=hand.section_kept)
                reads.clear()                      # the notebooks read what is kept, not the records
                hand.rest()
                from ..exports import Workbook
                book = Workbook()      # each notebook's tables added as it arrives; saved once they all have
                collected = _run_all(names, runner, hand.started, tmp, out, year, language, progress, book,
                                     left)
            finally:
                runner.close()
            pages = [{"name": name, "title": i18n.text(f"notebook.{name}", langs[0]), "page": f"{name}.html",
                      "notebook": f"notebooks/{name}.ipynb", "pdf": f"pdf/{name}.pdf"} for name in names]

            tables, sheets = [], {}
            for name in names:
                for tb in collected[name].tables:  # the CSVs and sheets are made as each notebook finishes
                    csv = _table_csv(name, tb)
                    sheets[_sheet(name, tb)] = None
                    tables.append({"notebook": name, "name": tb["name"], "title": tb["title"], "csv": csv,
                                   "rows": len(tb["data"]), **{k: v for k, v in tb.items() if k.startswith("title_")}})
            book.save(tmp / "tables.xlsx", order=list(sheets))   # the sheets in the notebooks' order
            warnings = _warnings(names, collected, language) + _unknown_windows_warning(tmp / "kept", language) \
                + _unread_files_warning(tmp / "kept", language)
            for w in warnings:    # each language the report is built in, Chinese first (text, then text_en)
                said = " / ".join([w["text"], *(w[k] for k in sorted(w) if k.startswith("text_") and w[k])])
                log.warning("%s: %s", w["notebook"], said)
                print(f"⚠ {w['notebook']}: {said}", file=sys.stderr)   # also with -q: a report missing a part
            summary = {
                "year": int(year), "organisation": org, **{f"organisation_{x}": orgs[x] for x in langs[1:]},
                "language": language, "parameters": shown_parameters(params),
                "demo": params["data"] is None, "data_covers": covered, "warnings": warnings,
                "windoweval_version": __version__,
                "notebooks": [{**{k: p[k] for k in ("name", "title", "page", "notebook")},
                               **{f"title_{x}": i18n.text(f"notebook.{p['name']}", x) for x in langs[1:]}} for p in pages],
                # each figure as the index shows it, in every language of the build (label_en, display_en beside)
                "headlines": {n: {i["key"]: {"label": i["label"], "value": i["value"], "display": i["display"],
                                             **{k: v for k, v in i.items() if k.startswith(("label_", "display_"))}}
                                  for h in collected[n].headlines for i in h.get("items", [])} for n in names},
                "tables": tables,
            }
            (tmp / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                              encoding="utf-8")
            data_label = (shown_parameters(params)["data"]           # by its name (a folder can name a person)
                          or {x: i18n.text("index.demo_data", x) for x in langs})   # in each language
            (tmp / "index.html").write_text(_index(int(year), language, orgs, pages, collected, tables, data_label, pdf,
                                                   warnings=warnings, demo=params["data"] is None,
                                                   baseline=params["baseline_year"],
                                                   baseline_present=params["baseline_year"] in covered_years(covered)),
                                            encoding="utf-8")
            if pdf:
                from ..browser import BrowserError, print_pdf
                _say(progress, "PDF …")
                langs = languages(language)
                try:
                    # paper in each language of the build: report.pdf (the first), report.en.pdf (English beside)
                    for lang in langs:
                        sfx = "" if lang == langs[0] else f".{lang}"
                        frag = f"lang={lang}" if len(langs) > 1 else ""
                        for page in ["index", *names]:
                            print_pdf(tmp / f"{page}.html", tmp / "pdf" / f"{page}{sfx}.pdf", fragment=frag)
                            _say(progress, f"    ✓ pdf/{page}{sfx}.pdf")
                        both = len(langs) > 1 and lang == langs[0]
                        title = (f"{i18n.text('index.title', 'zh', org=orgs['zh'], year=year)} / "
                                 f"{i18n.text('index.title', 'en', org=orgs['en'], year=year)}") if both else \
                            i18n.text('index.title', lang, org=orgs.get(lang) or orgs['zh'], year=year)
                        parts = [(f"index{sfx}", title)]
                        parts += [(f"{n}{sfx}", f"{i18n.text(f'notebook.{n}', 'zh')} / {i18n.text(f'notebook.{n}', 'en')}"
                                   if both else i18n.text(f"notebook.{n}", lang)) for n in names]
                        combine_pdf(tmp, parts, tmp / f"report{sfx}.pdf", title=title)
                        _say(progress, f"    ✓ report{sfx}.pdf")
                except BrowserError as e:
                    raise BuildError(str(e)) from e
            shutil.rmtree(tmp / PAGES_DIR, ignore_errors=True)     # what the kernels handed over (read already)
            tmp.chmod(published_mode(folder=True, replacing=final))   # the umask's, or the former report's kept
            swap_dir(tmp, final)
            shutil.rmtree(out / f"{int(year)}.failed", ignore_errors=True)
        except BuildError:
            raise
        except Exception as e:
            if not checked:         # raised by the year's check (a refused year or records: exit 3), as it was
                raise               # before the kernels started here; no notebook ran
            if getattr(e, "exit_code", None) == EXIT_INPUT:   # an input refused while a section computed (the
                raise       # promise register, the calendar): exit 3 as README's table says; nothing was published
            log.exception("the build failed")
            raise BuildError(f"报告生成失败 / the build failed: {type(e).__name__}: {e}{_os_fix(e, out)}") from e
        finally:
            for k, v in old_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            shutil.rmtree(tmp, ignore_errors=True)
    _say(progress, f"完成 / done: {final / 'index.html'} ({time.monotonic() - t0:.1f} s)")
    return final


# ---------------------------------------------------------------- one PDF for filing


def refresh_stored_outputs(notebooks=None, progress=print) -> list[Path]:
    """Re-run ``notebooks/*.ipynb`` in place on the demo data with their default parameters.

    The notebooks reach the demo through the package's entry points
    (:mod:`windoweval.datadir`), which generate it on first use.

    The stored outputs are what ``pytest --nbval`` compares against: run this
    after a deliberate change of numbers (a standard, the demo data), review
    the diff, commit.  Cell timings are not recorded, so an unchanged result
    leaves the files unchanged.

    Examples
    --------
    >>> sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS)   # the notebooks it re-runs
    True

    It rewrites the files under ``notebooks/`` (a minute or more), so it is shown, not run here:

    >>> [p.name for p in refresh_stored_outputs(["explore"], progress=None)]  # doctest: +SKIP
    ['explore.ipynb']
    """
    import nbformat
    from nbclient import NotebookClient

    kernel = ensure_kernel()
    done = []
    # stored outputs hold no inline plotly.js (3.5 MB a notebook): the test session sets the same (conftest.py)
    old = os.environ.get(PAGE_PLOTLYJS_ENV)
    os.environ[PAGE_PLOTLYJS_ENV] = "1"
    try:
        return _refresh(notebooks, kernel, done, progress)
    finally:
        if old is None:
            os.environ.pop(PAGE_PLOTLYJS_ENV, None)
        else:
            os.environ[PAGE_PLOTLYJS_ENV] = old


def _refresh(notebooks, kernel, done, progress) -> list[Path]:
    import nbformat
    from nbclient import NotebookClient

    for name in notebooks or NOTEBOOKS:
        src = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
        nb = nbformat.read(src, as_version=4)
        t1 = time.monotonic()
        NotebookClient(nb, kernel_name=kernel, timeout=900, record_timing=False, extra_arguments=KERNEL_ARGS,
                       resources={"metadata": {"path": str(paths.NOTEBOOKS_DIR)}}).execute()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        nbformat.validate(nb)
        nbformat.write(nb, src)
        done.append(src)
        _say(progress, f"✓ {src.name} ({time.monotonic() - t1:.1f} s)")
    return done


# ---------------------------------------------------------------- the command
class _BuildLog(logging.FileHandler):
    """The build's log file.  A line the machine cannot write (the disk full, the file system made read-only while
    the build runs) is not said with logging's traceback on stderr, which a scheduler reads ("--- Logging error ---"
    and a Python stack, left41): the file stops being written, and ``failed`` keeps the cause for the last message."""

    failed: OSError | None = None

    def handleError(self, record):
        import sys

        e = sys.exc_info()[1]
        if isinstance(e, OSError):
            self.failed = self.failed or e
            try:
                self.close()
            except OSError:
                pass
            self.setLevel(logging.CRITICAL + 1)   # nothing more written to it
            return
        super().handleError(record)

    def emit(self, record):
        if self.failed is not None:
            return
        super().emit(record)


def _log_stream(path: Path, follow_link: bool):
    """The build log ``path`` opened for appending, never waiting on a pipe, and (the default log in the report
    folder, ``follow_link=False``) never through a link: a ``build-2025.log`` planted as a link to another file had
    every build (cron, perhaps as root) append to that file, and one made a FIFO left the build waiting for ever.
    Refused (exit 4) naming the file and the fix; a ``--log`` the user names may be a link they made.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); os.mkfifo(d / "build-2025.log")
    >>> try:
    ...     _log_stream(d / "build-2025.log", follow_link=False)
    ... except BuildError as e:
    ...     print(e.exit_code, str(e)[:26])
    4 build-2025.log: 日志文件不是普通文件
    """
    flags = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
             | (0 if follow_link else getattr(os, "O_NOFOLLOW", 0)))
    # created with what the umask gives (0644 under 022), as FileHandler made it and as every file the program
    # writes (README; review43): a log shipper or an operator reading it keeps it.  (A read-only or full file system:
    # said by the caller)
    fd = _regular_fd(path, flags, 0o666, lambda: BuildError(
        f"{path.name}: 日志文件不是普通文件(是链接、管道或文件夹),不会被写入;请删除它后重新生成,或用 "
        f"--log 指定另一个文件 / {path.name}: the log file is not a regular file (a link, a pipe or "
        f"a folder) and is not written: delete it and build again, or name another file with --log"))
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "a", encoding="utf-8")


def _setup_log(path: Path, follow_link: bool = False):
    path.parent.mkdir(parents=True, exist_ok=True)
    stream = _log_stream(path, follow_link)
    h = _BuildLog(path, encoding="utf-8", delay=True)
    h.stream = stream
    h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    from ..privacy import MaskingFilter
    h.addFilter(MaskingFilter())     # the log is read by people too: masked like every output
    log.addHandler(h)
    log.setLevel(logging.INFO)
    return h


def default_year(data=None) -> int:
    """The year a command reports on when ``--year`` is not given: the last calendar year the data covers.

    Said on stderr (Chinese first) so the reader knows which year was taken; :class:`~.evaluation.NoRecords`
    (exit 3) when the data holds no records at all.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> default_year(d)                      # the last year the records cover (said on stderr)
    2025
    """
    from ..evaluation import NoRecords, covered_years, years_covered

    years = covered_years(years_covered(data))
    if not years:
        raise NoRecords("数据中没有任何记录,无法确定年度 / the data holds no records: no year to report on; "
                        "import records first (windoweval records import)")
    year = int(years[-1])
    print(f"未给出 --year,取数据覆盖的最后一年 {year} / no --year given: taking {year}, "
          f"the last year the data covers", file=sys.stderr)
    return year
