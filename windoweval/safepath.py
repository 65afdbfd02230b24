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

__all__ = ["safe_name", "inside", "out_dir", "out_file", "UnsafeName", "PathEscapes"]

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
        raise UsageError(f"{flag} {arg}: 无法创建输出目录({e.strerror})/ cannot create the output directory "
                         f"({e.strerror}); {fix}") from e
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
