"""Paths taken from a user are resolved and kept inside the place they belong.

用户给出的路径先解析，再限制在其应在的目录之内：调查编号不能含 ``..`` 或 ``/``，映射文件、日历文件不能跳出数据目录，
输出目录不能是一个已有文件。

* :func:`safe_name`: an id that becomes one path component (a survey id, a table name):
  letters, digits, ``_``, ``-``, ``.``, at most 64 characters, not starting with a dot;
  otherwise :class:`UnsafeName` (exit 2).
* :func:`inside`: ``base / relative``, resolved (symbolic links followed), refused
  (:class:`PathEscapes`, exit 3) when it leaves ``base``.
* :func:`out_dir`: an output directory given on the command line, resolved and created;
  an existing file there is refused (exit 2).
* :func:`archive_problem`: what is wrong with a zip archive (an XLSX) from its directory alone, before any reader
  inflates it: too many entries, too large once inflated, or inflating far more than any spreadsheet does (a zip bomb).
* :func:`parquet_problem`: the same for a Parquet file, from its footer (and, for a column kept as a dictionary, its
  dictionary and indices): rows that take memory without taking file space, a dictionary bomb, a huge value; and a
  footer that says less than its pages' own headers (their inflated sizes, their number of values).
* :func:`yaml_problem`: a configuration file (mapping, promise register, instrument) too large to be one, or whose
  anchors and aliases make it expand beyond any configuration (a "billion laughs"), or refer to themselves.

Examples
--------
>>> safe_name("power_hall_2025", "survey")
'power_hall_2025'
>>> safe_name("../../x", "survey")
Traceback (most recent call last):
...
windoweval.safepath.UnsafeName: 不安全的 survey 名称 '../../x':只能含字母、数字、_ - .,不能以 . 开头,最多 64 个字符 / unsafe survey name '../../x': letters, digits, _ - . only, not starting with a dot, at most 64 characters
>>> import tempfile, pathlib
>>> base = pathlib.Path(tempfile.mkdtemp())
>>> inside(base, "mapping.yaml", "mapping_file") == (base / "mapping.yaml").resolve()
True
>>> inside(base, "../../etc/passwd", "mapping_file")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
windoweval.safepath.PathEscapes: mapping_file = '../../etc/passwd': 路径跳出了 ... / the path leaves ...
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import InputError, UsageError

__all__ = ["safe_name", "inside", "out_dir", "out_file", "archive_problem", "parquet_problem", "yaml_problem", "UnsafeName",
           "PathEscapes", "ARCHIVE_LIMITS", "PARQUET_LIMITS", "YAML_LIMITS"]

_NAME = re.compile(r"^[A-Za-z0-9_\u4e00-\u9fff][A-Za-z0-9_.\-\u4e00-\u9fff]{0,63}$")


class UnsafeName(UsageError):
    """A name given on the command line that would not stay one path component (exit 2).

    Examples
    --------
    >>> try:
    ...     safe_name("../etc", "instrument")
    ... except UnsafeName as e:
    ...     print(e.exit_code)
    2
    """


class PathEscapes(InputError):
    """A path in a configuration file that leads outside its directory (exit 3).

    Examples
    --------
    >>> try:
    ...     inside("/srv/records", "../../etc/passwd", "calendar_file")
    ... except PathEscapes as e:
    ...     print(e.exit_code)
    3
    """


def safe_name(name, what: str = "name") -> str:
    """``name`` when it is safe as one path component, else :class:`UnsafeName`.

    Examples
    --------
    >>> safe_name("power_hall"), safe_name("城东营业厅_2025")
    ('power_hall', '城东营业厅_2025')
    >>> safe_name(".hidden", "instrument")
    Traceback (most recent call last):
    ...
    windoweval.safepath.UnsafeName: 不安全的 instrument 名称 '.hidden':只能含字母、数字、_ - .,不能以 . 开头,最多 64 个字符 / unsafe instrument name '.hidden': letters, digits, _ - . only, not starting with a dot, at most 64 characters
    """
    s = str(name)
    if not _NAME.match(s) or ".." in s:
        raise UnsafeName(f"不安全的 {what} 名称 {s!r}:只能含字母、数字、_ - .,不能以 . 开头,最多 64 个字符 / "
                         f"unsafe {what} name {s!r}: letters, digits, _ - . only, not starting with a dot, "
                         f"at most 64 characters")
    return s


def inside(base: str | os.PathLike, relative: str | os.PathLike, what: str = "path") -> Path:
    """``base / relative`` resolved; :class:`PathEscapes` when it is not inside ``base``.

    Examples
    --------
    >>> inside("/srv/records", "calendars/2031.csv").as_posix()
    '/srv/records/calendars/2031.csv'
    >>> inside("/srv/records", "../secrets.csv", "calendar_file")
    Traceback (most recent call last):
    ...
    windoweval.safepath.PathEscapes: calendar_file = '../secrets.csv': 路径跳出了 /srv/records,请使用该目录内的相对路径 / the path leaves /srv/records: give a path relative to, and inside, that directory
    """
    root = Path(base).resolve()
    p = (root / Path(relative)).resolve()
    if p != root and root not in p.parents:
        raise PathEscapes(f"{what} = {str(relative)!r}: 路径跳出了 {root},请使用该目录内的相对路径 / "
                          f"the path leaves {root}: give a path relative to, and inside, that directory")
    return p


def out_dir(arg: str | os.PathLike | None, default: str | os.PathLike, flag: str = "--out") -> Path:
    """The output directory ``arg`` (or ``default``), resolved and created; a file there is refused (exit 2).

    Examples
    --------
    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> out_dir(None, base / "reports" / "2025").relative_to(base.resolve()).as_posix()
    'reports/2025'
    >>> _ = (base / "a_file").write_text("x")
    >>> try:
    ...     out_dir(base / "a_file", base)
    ... except UsageError as e:
    ...     print(e.exit_code, "这是一个文件" in str(e))
    2 True
    """
    p = Path(arg if arg else default).expanduser().resolve()
    fix = "请换一个可以写入的目录 / choose a directory you can write to"
    if p.exists() and not p.is_dir():
        raise UsageError(f"{flag} {arg}: 这是一个文件,不是目录 / this is a file, not a directory; {fix}")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        # the file standing where a folder of the path should be, named (a message shows a path by its name alone)
        block = next((a for a in reversed(p.parents) if a.exists() and not a.is_dir()), None)
        where = (f";{block.name} 是一个文件,不是目录 / {block.name} is a file, not a directory" if block else "")
        raise UsageError(f"{flag} {arg}: 无法创建输出目录({e.strerror})/ cannot create the output directory "
                         f"({e.strerror}){where}; {fix}") from e
    if not os.access(p, os.W_OK | os.X_OK):
        raise UsageError(f"{flag} {arg}: 没有写入权限 / the directory is not writable; {fix}")
    return p


def out_file(arg: str | os.PathLike, flag: str = "--out") -> Path:
    """An output file the user named: its folder made (as :func:`out_dir`), a folder in its place refused (exit 2).

    Examples
    --------
    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> out_file(base / "new" / "t.xlsx").relative_to(base.resolve()).as_posix()
    'new/t.xlsx'
    >>> try:
    ...     out_file(base / "new")
    ... except UsageError as e:
    ...     print(e.exit_code, "是一个目录" in str(e))
    2 True
    """
    p = Path(arg).expanduser().resolve()
    if p.is_dir():
        raise UsageError(f"{flag} {arg}: 这是一个目录,不是文件 / this is a directory, not a file; "
                         f"请写出文件名 / name a file")
    out_dir(p.parent, p.parent, flag=f"{flag} {arg}:")
    return p


#: What a zip archive (an XLSX workbook) may hold, read from its directory before it is opened: ``entries``, the
#: ``total`` bytes once inflated, and ``ratio``, how many times its compressed size an entry larger than
#: ``ratio_from`` bytes may inflate to.  A sheet's XML as a spreadsheet program saves it inflates 10 to 20 times
#: (200,000 rows: 10.6 times for varied values, 18 for one value repeated in every cell, 14 for blank styled cells;
#: each cell names its own reference, which keeps the ratio low); a zip bomb 300 to 1,000 times.  An export of a
#: million rows inflates to about 1-2 GB, which is taken.
ARCHIVE_LIMITS = {"entries": 10_000, "total": 4 * 2**30, "ratio": 200, "ratio_from": 32 * 2**20}


def archive_problem(path: str | os.PathLike, limits: dict | None = None) -> tuple[str, str] | None:
    """Why the zip archive ``path`` must not be opened, in Chinese and English, or ``None`` when it may be.

    Only the archive's directory is read (each entry's compressed and inflated size), so a zip bomb is
    refused in milliseconds instead of being inflated by the reader (minutes, gigabytes).  A file that is
    no zip archive at all is left to its reader (which refuses it as a broken file).  Python's zip reader
    stops an entry at the size its directory gives, so a directory that lies about it cannot inflate more.

    Parameters
    ----------
    path : path
        The archive (``.xlsx``, ``.xlsm``).
    limits : dict, optional
        :data:`ARCHIVE_LIMITS` by default.

    Returns
    -------
    tuple of str or None
        ``(zh, en)``: what is wrong and the fix; ``None`` when the archive is within the limits.

    Examples
    --------
    >>> import tempfile, zipfile
    >>> p = Path(tempfile.mkdtemp()) / "bomb.xlsx"
    >>> with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 2_000_000)
    >>> archive_problem(p) is None
    True
    >>> zh, en = archive_problem(p, {**ARCHIVE_LIMITS, "ratio_from": 2**20})
    >>> en  # doctest: +ELLIPSIS
    'xl/worksheets/sheet1.xml inflates from ... KB to 11 MB (... times; a sheet saved by a spreadsheet program inflates 10-20 times): ...'
    """
    import zipfile

    lim = {**ARCHIVE_LIMITS, **(limits or {})}
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None   # not a zip archive, or a broken one: its reader refuses it as such
    fix_zh = "这不是表格软件保存的工作簿(可能是压缩炸弹);请在表格软件中打开并另存为 .xlsx,或导出为 CSV(UTF-8)"
    fix_en = ("no spreadsheet program saves a workbook so (it may be a zip bomb); open it in a spreadsheet program and "
              "save it again as .xlsx, or export CSV (UTF-8)")
    if len(infos) > lim["entries"]:
        return (f"压缩包内有 {len(infos):,} 个文件(上限 {lim['entries']:,}):{fix_zh}",
                f"the archive holds {len(infos):,} files (at most {lim['entries']:,}): {fix_en}")
    total = sum(i.file_size for i in infos)
    if total > lim["total"]:
        return (f"解压后共 {_size(total)}(上限 {_size(lim['total'])}):{fix_zh};或按月分成几个文件",
                f"it inflates to {_size(total)} in all (at most {_size(lim['total'])}): {fix_en}; or split it by month")
    # each entry, and the whole archive (many entries, each small, may inflate far together)
    sizes = [(i.filename, i.file_size, i.compress_size) for i in infos]
    sizes.append((None, total, sum(i.compress_size for i in infos)))
    for name, size, packed in sizes:
        if size > lim["ratio_from"] and size > lim["ratio"] * max(packed, 1):
            times = size // max(packed, 1)
            return (f"{name or '压缩包'} 从 {_size(packed)} 解压为 {_size(size)}({times:,} 倍;"
                    f"表格软件保存的工作表约 10-20 倍):{fix_zh}",
                    f"{name or 'the archive'} inflates from {_size(packed)} to {_size(size)} ({times:,} times; "
                    f"a sheet saved by a spreadsheet program inflates 10-20 times): {fix_en}")
    return None


#: What a Parquet file may take in memory once read: more than ``ratio`` times its own size, when that is more than
#: ``ratio_from`` bytes, is refused (a bomb: a billion rows of nulls in a few kilobytes, one long text repeated by a
#: dictionary, a value declared gigabytes long).  Records read into memory take 5 to 40 times their Parquet file
#: (ids and times: 8 bytes a cell, texts as Python strings); a bomb thousands of times.
PARQUET_LIMITS = {"ratio": 400, "ratio_from": 1 * 2**30}


def parquet_problem(path: str | os.PathLike, columns=None, limits: dict | None = None,
                    deep: bool = True, opened=None) -> tuple[str, str] | None:
    """Why the Parquet file (or dataset directory) ``path`` must not be read into memory, or ``None`` when it may be.

    From each file's footer: its rows times its columns (8 bytes a cell at least) and the inflated size of its
    pages, against :data:`PARQUET_LIMITS`.  A column stored as a dictionary (one text repeated by its index) can
    inflate far beyond its pages: when the footer allows that, the column is read as the dictionary and its indices
    (4 bytes a row) and the texts it would become are counted without making them.  A file that is no Parquet at
    all is left to its reader (which refuses it as a broken file).

    Parameters
    ----------
    path : path
        A ``.parquet`` file or a directory of them.
    columns : list of str, optional
        Only these columns will be read.
    limits : dict, optional
        :data:`PARQUET_LIMITS` by default.
    deep : bool
        Also weigh a dictionary column's texts (reads the column's dictionary and indices); False: the footer and the
        pages' headers only (a store's own files, read on every scan).
    opened : binary file, optional
        The file ``path`` names, already open (:func:`windoweval.records.io.open_regular`): read from it, never by
        name again, so that the reader that then reads the same descriptor reads the file checked (a file swapped in
        between is never read: safety23).  Its position is moved: seek before reading it again.

    Returns
    -------
    tuple of str or None
        ``(zh, en)``: what is wrong and the fix.

    Examples
    --------
    >>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> f = Path(tempfile.mkdtemp()) / "bomb.parquet"
    >>> pq.write_table(pa.table({"note": pa.array(["x" * 1000] * 100_000)}), f)   # 100 MB of text in a few KB
    >>> parquet_problem(f) is None
    True
    >>> zh, en = parquet_problem(f, limits={"ratio_from": 2**20})
    >>> en  # doctest: +ELLIPSIS
    'note: its texts take 95 MB once read, ... times the file ...: ...'
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    lim = {**PARQUET_LIMITS, **(limits or {})}
    p = Path(path)
    files = sorted(p.rglob("*.parquet")) if p.is_dir() else [p]
    fix_zh = "这不是导出程序写出的 Parquet 文件(可能是为耗尽内存而构造的);请从原系统重新导出,或导出为 CSV(UTF-8)"
    fix_en = ("no export program writes a Parquet file so (it may be built to exhaust memory); export it again from "
              "its system, or export CSV (UTF-8)")
    for f in files:
        src = f if opened is None else opened
        try:
            md = pq.read_metadata(src)
            size = f.stat().st_size if opened is None else os.fstat(opened.fileno()).st_size
        except Exception:  # noqa: BLE001 - not Parquet, or broken: its reader refuses it as such
            return None
        allowed = max(lim["ratio_from"], lim["ratio"] * size)
        names = [md.schema.column(j).path.split(".")[0] for j in range(md.num_columns)]
        want = [j for j, n in enumerate(names) if columns is None or n in columns]
        lie = _footer_lie(src, md, want)     # the footer's sizes and counts against the pages' own headers
        if lie is not None:
            return (f"{f.name}:{lie[0]}:{fix_zh}", f"{f.name}: {lie[1]}: {fix_en}")
        inflated = sum(md.row_group(i).column(j).total_uncompressed_size
                       for i in range(md.num_row_groups) for j in want)
        cells = md.num_rows * max(len(want), 1) * 8
        if cells + inflated > allowed:
            return (f"{f.name}:{md.num_rows:,} 行 × {len(want)} 列,读入后约 {_size(cells + inflated)},"
                    f"是文件({_size(size)})的 {(cells + inflated) // max(size, 1):,} 倍:{fix_zh}",
                    f"{f.name}: {md.num_rows:,} rows x {len(want)} columns take about {_size(cells + inflated)} once "
                    f"read, {(cells + inflated) // max(size, 1):,} times the file ({_size(size)}): {fix_en}")
        if not deep:
            continue
        # a dictionary column: its texts may inflate far beyond its pages (each row one more copy of a long text)
        bound = {}
        for i in range(md.num_row_groups):
            for j in want:
                c = md.row_group(i).column(j)
                if c.has_dictionary_page:
                    bound[names[j]] = bound.get(names[j], 0) + c.num_values * c.total_uncompressed_size
        for name, most in bound.items():
            if most <= allowed:
                continue
            try:
                col = pq.read_table(src, columns=[name], read_dictionary=[name]).column(0)
            except Exception:  # noqa: BLE001 - a broken column: its reader refuses it
                return None
            total = 0
            for chunk in col.chunks:
                if hasattr(chunk, "dictionary") and hasattr(chunk, "indices"):
                    lengths = pc.binary_length(chunk.dictionary) if chunk.dictionary.type in (
                        "string", "large_string", "binary", "large_binary") else None
                    if lengths is not None:
                        total += pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0
            if total > allowed:
                return (f"{name}:读入后文本共 {_size(total)},是文件({_size(size)})的 {total // max(size, 1):,} 倍"
                        f"(同一段文本按字典重复):{fix_zh}",
                        f"{name}: its texts take {_size(total)} once read, {total // max(size, 1):,} times the file "
                        f"({_size(size)}; one text repeated by a dictionary): {fix_en}")
    return None


class _Thrift:
    """Just enough of Thrift's compact protocol to read a Parquet page header (``parquet.thrift``'s ``PageHeader``):
    the fields wanted are kept, every other field skipped by its type; past ``limit`` bytes it gives up."""

    def __init__(self, buf: bytes, limit: int = 1 << 20):
        self.b, self.i, self.limit = buf, 0, limit

    def byte(self) -> int:
        if self.i >= len(self.b) or self.i > self.limit:
            raise ValueError("truncated")
        self.i += 1
        return self.b[self.i - 1]

    def varint(self) -> int:
        n = shift = 0
        while True:
            c = self.byte()
            n |= (c & 0x7F) << shift
            shift += 7
            if not c & 0x80:
                return n
            if shift > 70:
                raise ValueError("varint")

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def skip(self, t: int, depth: int = 0) -> None:
        if depth > 32:
            raise ValueError("nested")
        if t in (1, 2):
            return
        if t == 3:
            self.byte()
        elif t in (4, 5, 6):
            self.varint()
        elif t == 7:
            self.i += 8
        elif t == 8:
            n = self.varint()
            self.i += n
        elif t in (9, 10):
            h = self.byte()
            n = h >> 4 if h >> 4 != 15 else self.varint()
            for _ in range(n):
                self.skip(h & 0x0F if h & 0x0F not in (1, 2) else 3, depth + 1)
        elif t == 11:
            n = self.varint()
            if n:
                kv = self.byte()
                for _ in range(n):
                    self.skip(kv >> 4, depth + 1)
                    self.skip(kv & 0x0F, depth + 1)
        elif t == 12:
            self.struct({}, depth + 1)
        else:
            raise ValueError(f"type {t}")

    def struct(self, want: dict, depth: int = 0) -> dict:
        """The fields of one struct: ``want`` maps a field id to None (an integer kept) or a dict (a struct)."""
        got, last = {}, 0
        while True:
            h = self.byte()
            t = h & 0x0F
            if t == 0:
                return got
            fid = last + (h >> 4) if h >> 4 else self.zigzag()
            last = fid
            if fid in want and want[fid] is None and t in (4, 5, 6):
                got[fid] = self.zigzag()
            elif fid in want and isinstance(want[fid], dict) and t == 12:
                got[fid] = self.struct(want[fid], depth + 1)
            else:
                self.skip(t, depth)


#: The pages looked at in one file before :func:`_footer_lie` stops counting (a file of millions of tiny pages).
_MAX_PAGES = 1_000_000


def _footer_lie(f, md, want: list) -> tuple[str, str] | None:
    """Where the footer of the Parquet file ``f`` (a path, or the file open for reading) says less than its pages do,
    or None.

    The footer gives each column chunk's inflated size and number of values, which :func:`parquet_problem` weighs;
    the reader allocates what each page's own header gives (its inflated size) and reads the values the headers
    count.  A footer that says a few kilobytes for pages that inflate to gigabytes, or fewer rows than the pages
    hold (the reader would drop the rest without a word), or more, is a file no writer makes: refused.
    """
    want_hdr = {2: None, 3: None, 5: {1: None}, 7: {1: None}, 8: {1: None}}
    pages = 0
    import contextlib

    with (contextlib.nullcontext(f) if hasattr(f, "read") else open(f, "rb")) as fh:
        for i in range(md.num_row_groups):
            rg = md.row_group(i)
            for j in want:
                c = rg.column(j)
                start = c.dictionary_page_offset if c.has_dictionary_page and c.dictionary_page_offset else \
                    c.data_page_offset
                end = start + c.total_compressed_size
                inflated, values, pos = 0, 0, start
                while pos < end:
                    pages += 1
                    if pages > _MAX_PAGES:
                        return None
                    h = None
                    for n in (4096, 1 << 16, 1 << 20):   # a header is some tens of bytes, its statistics maybe more
                        fh.seek(pos)
                        r = _Thrift(fh.read(n))
                        try:
                            h = r.struct(want_hdr)
                            break
                        except (ValueError, IndexError):
                            continue
                    if h is None:
                        return None   # a page header that cannot be read: the reader refuses the file itself
                    if h.get(3, -1) < 0 or h.get(2, -1) < 0:
                        return None
                    inflated += r.i + h[2]
                    values += (h.get(5) or h.get(8) or {}).get(1, 0)
                    pos += r.i + h[3]
                name = md.schema.column(j).path
                if inflated > c.total_uncompressed_size + 4096 and inflated > 2 * c.total_uncompressed_size:
                    return (f"列 {name} 的页面解压后共 {_size(inflated)},而文件尾声明只有 {_size(c.total_uncompressed_size)}",
                            f"column {name}: its pages inflate to {_size(inflated)}, while the footer says "
                            f"{_size(c.total_uncompressed_size)}")
                if values != c.num_values or (md.schema.column(j).max_repetition_level == 0
                                              and c.num_values != rg.num_rows):
                    return (f"列 {name} 的页面共有 {values:,} 个值,而文件尾声明 {rg.num_rows:,} 行",
                            f"column {name}: its pages hold {values:,} values, while the footer says "
                            f"{rg.num_rows:,} rows")
    return None


#: What a YAML configuration file may be: ``bytes`` long, and ``nodes`` values once its aliases are expanded (a mapping
#: file of every kind with every code is a few thousand).
YAML_LIMITS = {"bytes": 16 * 2**20, "nodes": 1_000_000}


def yaml_problem(text: str | bytes, doc=None, limits: dict | None = None) -> tuple[str, str] | None:
    """Why a YAML configuration (its ``text``, and ``doc`` as loaded) must not be used, or ``None``.

    Too long a text is refused before it is parsed; a loaded document is counted as it would be once every alias
    is expanded (each shared value counted once per use, without expanding it), so that walking it, printing
    it or copying it cannot run for hours; an alias inside its own anchor (a loop) is refused too.

    Examples
    --------
    >>> import yaml
    >>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
    ...     f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\\n" for p, c in zip("abcdefgh", "bcdefghi"))
    >>> yaml_problem(bomb) is None
    True
    >>> yaml_problem(bomb, yaml.safe_load(bomb))[1].startswith("its anchors and aliases (&name, *name) expand to more")
    True
    """
    lim = {**YAML_LIMITS, **(limits or {})}
    fix_zh = "请不要用锚点与别名(&名称、*名称)重复大段内容,写出所需的内容即可"
    fix_en = "do not repeat large parts with anchors and aliases (&name, *name): write out what is needed"
    if len(text) > lim["bytes"]:
        return (f"配置文件有 {_size(len(text))},远超任何配置(上限 {_size(lim['bytes'])}):请检查是否选错了文件",
                f"the configuration file is {_size(len(text))}, far beyond any configuration (at most "
                f"{_size(lim['bytes'])}): check that it is the right file")
    if doc is None:
        return None
    memo: dict = {}
    busy: set = set()
    stack = [(doc, False)]
    while stack:
        o, done = stack.pop()
        kids = [*o.keys(), *o.values()] if isinstance(o, dict) else o
        if done:
            busy.discard(id(o))
            memo[id(o)] = n = 1 + sum(memo.get(id(c), 1) if isinstance(c, (dict, list)) else 1 for c in kids)
            if n > lim["nodes"]:
                return (f"锚点与别名(&名称、*名称)展开后超过 {lim['nodes']:,} 个值(“十亿笑声”):{fix_zh}",
                        f"its anchors and aliases (&name, *name) expand to more than {lim['nodes']:,} values "
                        f"(a 'billion laughs'): {fix_en}")
            continue
        if id(o) in memo:
            continue
        if id(o) in busy:
            return ("别名指向包含它自身的锚点(循环引用):" + fix_zh,
                    "an alias refers to the anchor that holds it (a loop): " + fix_en)
        busy.add(id(o))
        stack.append((o, True))
        stack.extend((c, False) for c in kids if isinstance(c, (dict, list)))
    return None


def _size(n: int) -> str:
    """``n`` bytes as people read them (``12 MB``, ``4 GB``)."""
    for unit, k in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= k:
            return f"{n / k:.0f} {unit}"
    return f"{n} B"
