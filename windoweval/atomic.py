"""Replace a directory all at once: build the new one aside, then swap it in.

整目录替换：先在旁边写好新目录，再一次换入；失败时原目录保持不变。

A reader sees the old directory or the new one, never half of either: the new
directory is written beside the target (same parent, so the same file system),
and put in place by two renames, the second undone if it fails. Whatever goes
wrong before the swap (an exception, an interrupt) removes the new directory
and leaves the target as it was.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with replacing_dir(root / "data") as new:
...     _ = (new / "a.txt").write_text("one")
>>> try:
...     with replacing_dir(root / "data") as new:
...         _ = (new / "a.txt").write_text("two")
...         raise RuntimeError("failed half-way")
... except RuntimeError:
...     pass
>>> (root / "data" / "a.txt").read_text(), sorted(p.name for p in root.iterdir())
('one', ['data'])
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

__all__ = ["swap_dir", "replacing_dir", "write_text"]


def swap_dir(new: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Put the directory ``new`` where ``target`` is, replacing it.

    把 ``new`` 目录换到 ``target`` 的位置：同一目录内两次改名，第二次失败则撤销第一次。

    Parameters
    ----------
    new : path
        A complete directory beside ``target`` (on the same file system).
    target : path
        Need not exist.

    Returns
    -------
    Path
        ``target``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "new").mkdir(); (root / "cur").mkdir()
    >>> _ = (root / "new" / "x").write_text("new")
    >>> swap_dir(root / "new", root / "cur").name, (root / "cur" / "x").read_text(), len(list(root.iterdir()))
    ('cur', 'new', 1)
    """
    new, target = Path(new), Path(target)
    if not target.exists():
        os.replace(new, target)
        return target
    old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target


@contextlib.contextmanager
def replacing_dir(target: str | os.PathLike, *, prefix: str | None = None, mode: int = 0o755):
    """Build a directory aside; when the block ends without error, swap it in for ``target``.

    在 ``target`` 旁建新目录供写入；代码块正常结束时换入，出错时删除新目录、原目录不变。

    Parameters
    ----------
    target : path
        The directory to replace (its parent is created if missing).
    prefix : str, optional
        Name prefix of the directory built aside; default ``.<name>.new-``.
    mode : int
        Permissions of the new directory (a temporary directory starts as 0o700).

    Yields
    ------
    Path
        The new, empty directory to fill.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with replacing_dir(target) as new:
    ...     _ = (new / "a.txt").write_text("a")
    ...     print(target.exists())
    False
    >>> sorted(p.name for p in target.iterdir())
    ['a.txt']
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=prefix or f".{target.name}.new-", dir=target.parent))
    try:
        tmp.chmod(mode)
        yield tmp
        swap_dir(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # gone already once swapped in


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` all at once: written aside in the same directory, then moved into place."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.write_text(text, encoding=encoding)
        tmp.chmod(0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
