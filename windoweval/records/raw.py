"""Deliveries kept byte for byte, named by their content hash (SHA-256): the records' store and the survey store.

原始交付文件按字节保存，以内容的 SHA-256 命名：同一文件只存一份，日后可核对是否被改动。

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "工单.csv").write_bytes(b"a,b\\n1,2\\n")
>>> rel, new = keep_raw(d / "工单.csv", d / "raw")
>>> rel, new, keep_raw(d / "工单.csv", d / "raw")[1]
('492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470.csv', True, False)
"""
from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path

from ..atomic import _owner, recover

__all__ = ["sha256_file", "keep_raw", "stage_raw", "settle_pending", "raw_name", "private_dir", "private_file", "PRIVATE_DIR",
           "PRIVATE_FILE"]


def sha256_file(path: str | os.PathLike) -> str:
    """The SHA-256 of a file's bytes, as 64 hex digits (read a megabyte at a time).

    Examples
    --------
    >>> import tempfile, pathlib, hashlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "工单.csv"
    >>> _ = f.write_bytes(b"order_id\\n1\\n")
    >>> sha256_file(f) == hashlib.sha256(b"order_id\\n1\\n").hexdigest(), len(sha256_file(f))
    (True, 64)
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def raw_name(sha: str, source: str | os.PathLike) -> str:
    """The name a delivery is kept under: its hash and its own suffix (``<sha256>.csv``).

    Examples
    --------
    >>> raw_name("ab" * 32, "exports/工单 2025.CSV")
    'abababababababababababababababababababababababababababababababab.csv'
    >>> raw_name("ab" * 32, "exports/工单.<b>")
    'abababababababababababababababababababababababababababababababab'
    """
    suffix = Path(source).suffix.lower()
    # a suffix that is no file type (bytes that are not UTF-8, markup, spaces): none, never a name no writer can encode
    return f"{sha}{suffix if re.fullmatch(r'[.][a-z0-9]{1,10}', suffix) else ''}"


def _clear_leftovers(d: Path) -> None:
    """Remove the copies killed imports left half-written in ``d`` (:func:`windoweval.atomic.recover`: only those
    whose process is gone; a copy another import is writing now stays)."""
    for t in d.glob(".*.new-*"):     # (a pending copy is named or removed by settle_pending, under the lock)
        m = re.match(r"^\.(.+)\.new-\d+-(?:h[0-9a-f]{8}-)?[A-Za-z0-9_]+$", t.name)
        if m:
            recover(d / m.group(1))


#: The modes of the kept deliveries (``_raw/``: each file as it came, personal data in it): readable and writable by
#: their owner alone, whatever the umask (``os.chmod`` is not masked by it).
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:      # a file system without modes (a mounted share): the copy is kept all the same
        pass


def private_dir(d: str | os.PathLike) -> Path:
    """``d`` made (with its parents) and set readable by its owner alone (mode 0700, whatever the umask), for the
    kept deliveries; a folder made before (0755) is set so too.

    Examples
    --------
    >>> import tempfile, stat
    >>> d = private_dir(Path(tempfile.mkdtemp()) / "_raw" / "work_orders")
    >>> oct(stat.S_IMODE(d.stat().st_mode))
    '0o700'
    """
    d = Path(d)
    d.mkdir(parents=True, exist_ok=True)
    _chmod(d, PRIVATE_DIR)
    return d


def private_file(path: str | os.PathLike, *, create: bool = False) -> Path:
    """``path`` set readable and writable by its owner alone (mode 0600, whatever the umask), for a copy of a delivery
    as it came (names, phones in it); with ``create`` made so first, empty, when it is not there, so the caller writes
    into a file that was never readable by others (``shutil.copyfile`` into it keeps its mode), not one set so after
    its bytes are in.  A file system without modes (a mounted share) keeps the file all the same.

    Examples
    --------
    >>> import tempfile, stat
    >>> f = private_file(Path(tempfile.mkdtemp()) / "raw", create=True)
    >>> oct(stat.S_IMODE(f.stat().st_mode)), f.stat().st_size
    ('0o600', 0)
    """
    path = Path(path)
    if create:     # (a file there already keeps its bytes: set so below)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE))
    _chmod(path, PRIVATE_FILE)
    return path


def keep_raw(source: str | os.PathLike, directory: str | os.PathLike, sha: str | None = None) -> tuple[str, bool]:
    """Copy ``source`` into ``directory`` as ``<sha256><suffix>``, once; (its name, whether it was written now).

    The copy is written beside its final name, its hash checked against
    ``sha`` (the hash the caller validated, so a file changed while it was
    being read is refused), synced, and renamed into place in one step: a kill
    leaves the copy whole or absent, never half.  Bytes already kept are not
    written again.

    Raises
    ------
    OSError
        When the file's bytes changed between hashing and copying.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "工单.csv").write_bytes(b"order_id\\n1\\n")
    >>> name, written = keep_raw(d / "工单.csv", d / "raw")
    >>> name == sha256_file(d / "工单.csv") + ".csv", written, keep_raw(d / "工单.csv", d / "raw")[1]   # kept once
    (True, True, False)
    """
    name, staged = stage_raw(source, directory, sha)
    if staged is None:
        return name, False
    os.replace(staged, Path(directory) / name)
    return name, True


def stage_raw(source: str | os.PathLike, directory: str | os.PathLike, sha: str | None = None, *,
              trusted: bool = True) -> tuple[str, Path | None]:
    """Copy ``source`` into ``directory`` under a pending name, hash checked and synced, not yet named: (its final
    name, the pending copy), or (its final name, None) when the same bytes are kept there already.

    The caller puts the pending copy in place (``os.replace`` to ``directory / name``) once the dataset that names it
    is in: a kill before leaves no copy that no import names (a pending copy of a process that is gone is removed by
    :func:`settle_pending`, or named when the dataset that names it went in).  ``trusted=False``: a copy found under
    the final name is kept only when its bytes still hash to ``sha`` (one no import names: a former release's killed
    import left it), else it is written again.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "工单.csv").write_bytes(b"order_id\\n1\\n")
    >>> name, pending = stage_raw(d / "工单.csv", d / "raw")
    >>> pending.name.startswith(f".{name}.pending-"), (d / "raw" / name).exists()
    (True, False)
    """
    src = Path(source)
    sha = sha or sha256_file(src)
    d = Path(directory)
    private_dir(d)
    _clear_leftovers(d)
    name = raw_name(sha, src)
    final = d / name
    if final.exists() and final.stat().st_size == src.stat().st_size and (trusted or sha256_file(final) == sha):
        private_file(final)   # a copy kept before the copies were private (public43) made so too
        return name, None
    tmp = d / f".{name}.pending-{_owner()}-{uuid.uuid4().hex}"   # the leftover layout recover() knows
    try:
        # readable by its owner alone, whatever the umask (the delivery holds personal data): created 0600
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
        private_file(tmp)
        with open(src, "rb") as fi, open(fd, "wb") as fo:
            h = hashlib.sha256()
            for chunk in iter(lambda: fi.read(1 << 20), b""):
                h.update(chunk)
                fo.write(chunk)
            fo.flush()
            os.fsync(fo.fileno())
        if h.hexdigest() != sha:
            raise OSError(f"{src}: 文件在导入过程中被修改 / the file changed while it was being imported")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return name, tmp


_PENDING = re.compile(r"^\.(.+)\.pending-(\d+)-(?:h[0-9a-f]{8}-)?[0-9a-f]+$")   # the machine since safety20


def settle_pending(directory: str | os.PathLike, named) -> list[str]:
    """The pending copies (:func:`stage_raw`) killed imports left: put in place when ``named`` (the names the stored
    datasets' imports name: the dataset went in before the copy was named), else removed (the import was killed
    before its dataset went in: nothing names the copy).  Returns what was done, for the log.

    Called only under the store's lock (an import's, :func:`windoweval.records.store.settle_raw`'s): a pending copy
    exists only while its import holds that lock, so under it every pending copy is a dead import's, whatever its
    process id (a container's windoweval started again under the same low pid is another process).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / ".a.csv.pending-999999999-ab").write_text("a"); _ = (d / ".b.csv.pending-999999999-cd").write_text("b")
    >>> settle_pending(d, {"a.csv"}), sorted(p.name for p in d.iterdir())
    (['named a.csv', 'removed .b.csv.pending-999999999-cd'], ['a.csv'])
    """
    d = Path(directory)
    done = []
    if not d.is_dir():
        return done
    for p in sorted(d.iterdir()):
        m = _PENDING.match(p.name)
        if not m:
            continue
        if m.group(1) in named and not (d / m.group(1)).exists():
            os.replace(p, d / m.group(1))
            done.append(f"named {m.group(1)}")
        else:
            p.unlink(missing_ok=True)
            done.append(f"removed {p.name}")
    return done
