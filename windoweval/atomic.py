"""Replace a directory all at once, so that a kill at any instruction leaves a complete version in place.

整目录替换：先在旁边写好新目录，再一次换入；任何时刻被强行终止（kill -9），原目录或新目录总有一个完整在位。

A reader sees the old directory or the new one, never half of either and never nothing:

* the new directory is written beside the target (same parent, so the same file system) in a
  temporary folder of mode 0700 (nobody else can read a half-written dataset or report); it is
  made readable (``mode``) just before it goes in;
* on Linux the two are exchanged by one ``renameat2(RENAME_EXCHANGE)`` system call: the target
  path never stops pointing at a complete directory; the old content, now in the temporary
  folder, is removed afterwards;
* where the exchange is not available (another system, a file system without it) a journal
  (``.<name>.swap-journal``, written and synced before anything moves) records the two renames;
  :func:`recover` finishes or undoes them on the next run, so a kill between the two renames
  leaves the previous version restored at start-up;
* :func:`recover` also removes the temporary folders a killed run left behind (those whose
  process is gone), and brings back an old version a former release left in a hidden
  ``.<name>.old-*`` folder when the target is missing.

Whatever goes wrong before the swap (an exception, an interrupt) removes the new directory and
leaves the target as it was.

For the crash test, ``WINDOWEVAL_KILL_AT=<step>`` makes the process kill itself (SIGKILL) at
that step (:data:`STEPS`, :data:`FILE_STEPS`, and ``bytes_written``: :func:`write_bytes` between writing aside and
moving in); nothing else reads it.  A file :func:`write_bytes` left aside when killed (``.tmp-<pid>-h<host>-<random>``)
is removed by the next write into the same folder once its process is gone (one of another machine's, once old).

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
import ctypes
import errno
import json
import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

__all__ = ["swap_dir", "replacing_dir", "make_temp_dir", "recover", "STEPS", "write_text", "write_bytes", "publishing_files",
           "recover_files", "FILE_STEPS", "folder_lock", "published_mode"]

#: The steps of a swap at which the crash test kills the process (``WINDOWEVAL_KILL_AT``).
STEPS = ("temp_made", "temp_written", "before_swap", "exchanged", "old_half_removed", "old_removed",
         "journal_written", "target_moved_aside", "new_in_place", "journal_removed", "done")

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = None


def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it (``/proc/self/status``), else set back at
    once."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    m = os.umask(0o022)
    os.umask(m)
    return m


def published_mode(folder: bool = False, replacing: str | os.PathLike | None = None) -> int:
    """The permissions a file (or, with ``folder``, a folder) the program publishes gets: what the user's umask gives a
    new one (0o666 or 0o777 without the umask's bits), as every other file the program writes gets them.  Never wider:
    an administrator's ``umask 077`` (the store and its kept deliveries hold personal data) is kept, not undone when a
    file or folder written aside at 0o600/0o700 is moved in.  With ``replacing`` (the file or folder the new one takes
    the place of), its permissions are kept, as ``open(path, "w")`` keeps an existing file's: a report folder an
    administrator closed to 0o700, or opened to its group at 0o770, stays so when it is built again.

    Examples
    --------
    >>> old = os.umask(0o077)
    >>> oct(published_mode()), oct(published_mode(folder=True))
    ('0o600', '0o700')
    >>> _ = os.umask(0o022)
    >>> oct(published_mode()), oct(published_mode(folder=True))
    ('0o644', '0o755')
    >>> d = tempfile.mkdtemp(); os.chmod(d, 0o750)
    >>> oct(published_mode(folder=True, replacing=d)), oct(published_mode(folder=True, replacing=d + "/none"))
    ('0o750', '0o755')
    >>> _ = os.umask(old)
    """
    if replacing is not None:
        try:
            return os.stat(replacing).st_mode & 0o777      # what it replaces (a link: what the link names)
        except (OSError, ValueError):
            pass
    return (0o777 if folder else 0o666) & ~_umask()


def _step(name: str):
    """Kill this process here (SIGKILL) when the crash test asks for it."""
    if os.environ.get("WINDOWEVAL_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_dir(path: Path):
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` in one system call; False where the system cannot."""
    global _libc
    if os.environ.get("WINDOWEVAL_ATOMIC_NO_EXCHANGE") or not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(_libc, "renameat2", None)
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _journal(target: Path) -> Path:
    return target.with_name(f".{target.name}.swap-journal")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner() -> str:
    """``<pid>-h<host>``: who writes a temporary file or folder, as its name carries it (:func:`_host_tag`)."""
    return f"{os.getpid()}-h{_host_tag()}"


#: How old another machine's temporary folder is before it is taken for a killed run's (its process cannot be looked
#: up from here; no run writes for a day).
FOREIGN_AGE = 86_400.0


def _left_by_dead(pid: int, host: str | None, path) -> bool:
    """Whether the temporary file or folder ``path``, written by process ``pid`` of machine ``host`` (None: a name of
    a former release, written on this machine), was left by a process that is gone: this machine's process is looked
    up; another machine's (a folder shared over NFS) is judged by age alone (:data:`FOREIGN_AGE`), never by this
    machine's process table (safety20)."""
    if host is None or host == _host_tag():
        return not _pid_alive(pid)
    try:
        return time.time() - os.lstat(path).st_mtime > FOREIGN_AGE
    except OSError:
        return False


def _leftover_re(name: str) -> re.Pattern:
    # .<name>.<tag>-<pid>[-h<host>]-<random>, .<name>-<pid>[-h<host>]-<random> (and the old .<name>.old-<pid>-<ns>)
    return re.compile(rf"^\.{re.escape(name)}[.-](?:[a-z]+-)?(\d+)-(?:h([0-9a-f]{{8}})-)?[A-Za-z0-9_]+$")


def make_temp_dir(target: str | os.PathLike, tag: str = "new") -> Path:
    """A new empty folder of mode 0700 beside ``target``, named ``.<name>.<tag>-<pid>-<random>``.

    :func:`recover` removes it on a later run once this process is gone.

    Examples
    --------
    >>> import tempfile
    >>> d = make_temp_dir(Path(tempfile.mkdtemp()) / "report", tag="new")
    >>> d.name.startswith(".report.new-"), d.is_dir(), oct(d.stat().st_mode & 0o777)
    (True, True, '0o700')
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{tag}-{_owner()}-", dir=target.parent))
    tmp.chmod(0o700)
    return tmp


def recover(target: str | os.PathLike) -> list[str]:
    """Finish or undo a swap a killed process left half-done, and remove its temporary folders.

    启动时恢复：完成或撤销被中断的替换，删除残留的临时目录。

    Returns what was done (one line each), for the log.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / ".data.old-999999999-1").mkdir(); _ = (root / ".data.old-999999999-1" / "x").write_text("old")
    >>> recover(root / "data"), (root / "data" / "x").read_text()
    (['restored data from .data.old-999999999-1'], 'old')
    """
    target = Path(target)
    parent = target.parent
    done: list[str] = []
    if not parent.is_dir():
        return done
    journal = _journal(target)
    if journal.exists():
        try:
            j = json.loads(journal.read_text(encoding="utf-8"))
            old, new = parent / j["old"], parent / j["new"]
        except (OSError, ValueError, RecursionError, KeyError, TypeError):
            old = new = None
        if old is not None and not target.exists():
            if old.exists():       # killed between the two renames: the previous version goes back
                os.replace(old, target)
                done.append(f"restored {target.name} from {old.name}")
            elif new.exists():
                os.replace(new, target)
                done.append(f"put {new.name} in place of {target.name}")
        _fsync_dir(parent)
        journal.unlink(missing_ok=True)
        done.append(f"removed {journal.name}")
    pat = _leftover_re(target.name)
    leftovers = []
    for p in parent.iterdir():
        m = pat.match(p.name)
        if m and _left_by_dead(int(m.group(1)), m.group(2), p):
            leftovers.append(p)
    if not target.exists():        # a former release's old copy, never restored: bring back the newest
        olds = sorted((p for p in leftovers if ".old-" in p.name and p.is_dir()), key=lambda p: p.stat().st_mtime)
        if olds:
            os.replace(olds[-1], target)
            leftovers.remove(olds[-1])
            done.append(f"restored {target.name} from {olds[-1].name}")
    for p in leftovers:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        done.append(f"removed {p.name}")
    for p in parent.glob(f".{target.name}.swap-journal.*"):
        p.unlink(missing_ok=True)
    return done


def swap_dir(new: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Put the directory ``new`` where ``target`` is, replacing it; a complete one is in place at every instant.

    把 ``new`` 目录换到 ``target`` 的位置：Linux 上一次系统调用原子交换；否则两次改名并记日志，
    中断后由 :func:`recover` 恢复。

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
    parent = target.parent
    _step("before_swap")
    if not target.exists():
        os.replace(new, target)
        _fsync_dir(parent)
        _step("done")
        return target
    if _exchange(new, target):     # ``new`` now holds the previous version
        _fsync_dir(parent)
        _step("exchanged")
        _remove(new)
        _step("old_removed")
        _step("done")
        return target
    # the journal: written in full (temporary file, fsync, rename) before anything moves
    old = target.with_name(f".{target.name}.old-{_owner()}-{os.urandom(4).hex()}")
    journal = _journal(target)
    tmpj = journal.with_name(journal.name + f".{os.getpid()}")
    with open(tmpj, "w", encoding="utf-8") as f:
        json.dump({"target": target.name, "old": old.name, "new": new.name}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmpj, journal)
    _fsync_dir(parent)
    _step("journal_written")
    os.replace(target, old)
    _step("target_moved_aside")
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        journal.unlink(missing_ok=True)
        raise
    _fsync_dir(parent)
    _step("new_in_place")
    journal.unlink(missing_ok=True)
    _fsync_dir(parent)
    _step("journal_removed")
    _remove(old)
    _step("old_removed")
    _step("done")
    return target


def _remove(path: Path):
    """Remove a directory; the crash test may kill half-way (after the first file)."""
    if os.environ.get("WINDOWEVAL_KILL_AT") == "old_half_removed":
        files = sorted(p for p in path.rglob("*") if p.is_file())
        if files:
            files[0].unlink()
        _step("old_half_removed")
    if path.is_symlink():      # the target was a link (reports/2025 -> elsewhere): the link goes, never what it names
        path.unlink(missing_ok=True)
        return
    shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def replacing_dir(target: str | os.PathLike, *, prefix: str | None = None, mode: int | None = None):
    """Build a directory aside; when the block ends without error, swap it in for ``target``.

    在 ``target`` 旁建新目录供写入（权限 0700）；代码块正常结束时换入，出错时删除新目录、原目录不变。

    Parameters
    ----------
    target : path
        The directory to replace (its parent is created if missing).
    prefix : str, optional
        Name prefix of the directory built aside; default ``.<name>.new-`` (the process id and a
        random part follow, so that :func:`recover` can tell a dead run's folder from a live one).
    mode : int, optional
        Permissions the new directory gets just before it is swapped in (0o700 until then); default
        :func:`published_mode` (what the user's umask gives a new folder: 0o755 under umask 022, 0o700 under 077; the
        former ``target``'s own permissions when there is one).

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
    ...     print(target.exists(), oct(new.stat().st_mode & 0o777))
    False 0o700
    >>> sorted(p.name for p in target.iterdir()), target.stat().st_mode & 0o777 == published_mode(folder=True)
    (['a.txt'], True)
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    pre = prefix or f".{target.name}.new-"
    tmp = Path(tempfile.mkdtemp(prefix=f"{pre}{_owner()}-", dir=target.parent))
    try:
        tmp.chmod(0o700)
        _step("temp_made")
        yield tmp
        _step("temp_written")
        tmp.chmod(published_mode(folder=True, replacing=target) if mode is None else mode)
        swap_dir(tmp, target)
    finally:
        if tmp.is_symlink():   # after exchanging a target that was a link: the link, never what it names
            tmp.unlink(missing_ok=True)
        elif tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)  # gone already once swapped in; after an exchange, the old one


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` all at once: written aside in the same directory, then moved into place.

    Examples
    --------
    >>> import tempfile
    >>> p = write_text(Path(tempfile.mkdtemp()) / "summary.txt", "合格率 98.5 %")
    >>> p.read_text(encoding="utf-8"), [f.name for f in p.parent.iterdir()]
    ('合格率 98.5 %', ['summary.txt'])
    """
    return write_bytes(path, text.encode(encoding))


#: The file :func:`write_bytes` writes aside: ``.tmp-<pid>-h<host>-<random>`` (``<host>``: :func:`_host_tag`, the
#: machine whose process table the pid belongs to); ``.tmp-<pid>-<random>`` (left19s, no host) and a former release's
#: ``.tmp-<8 random>``.
_ASIDE = re.compile(r"\.tmp-(\d+)-(?:h([0-9a-f]{8})-)?[a-z0-9_]{8}")
_ASIDE_FORMER = re.compile(r"\.tmp-[a-z0-9_]{8}")
#: How old a file written aside is before it is taken for a killed write's whatever its process id says (a process
#: id is reused; no write of bytes held in memory takes this long).
ASIDE_AGE = 3600.0
#: The folders whose files written aside this process has looked at (once a folder: a folder of many exports is
#: listed once, not once a file).
_ASIDE_SEEN: set[str] = set()


def _host_tag() -> str:
    """This machine, as the name of a file written aside carries it (8 hex digits of its host name's digest): a
    folder on a network share is written by processes of several machines, and a process id says whether a process
    is alive on its own machine only."""
    import hashlib
    import socket

    return hashlib.sha256(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:8]


def _clean_written_aside(folder: Path) -> list[str]:
    """Remove from ``folder`` the files a killed :func:`write_bytes` left (``.tmp-<pid>-h<host>-<random>`` of this
    machine whose process is gone, or any of them older than :data:`ASIDE_AGE`; a former release's ``.tmp-<random>`` once that old), only regular
    files of this user: never another program's file, never a write under way.  Once a folder per process; returns
    the names removed.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / ".tmp-999999999-abcdefgh").write_bytes(b"half")
    >>> _ = (d / ".tmp-notours.txt").write_bytes(b"x")
    >>> _clean_written_aside(d), sorted(p.name for p in d.iterdir())
    (['.tmp-999999999-abcdefgh'], ['.tmp-notours.txt'])
    """
    import stat
    import time

    key = os.fspath(folder)
    if key in _ASIDE_SEEN:
        return []
    _ASIDE_SEEN.add(key)
    removed: list[str] = []
    now, uid, host = time.time(), getattr(os, "getuid", lambda: None)(), _host_tag()
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(".tmp-")]
    except OSError:
        return removed
    for e in entries:
        m = _ASIDE.fullmatch(e.name)
        if m is None and not _ASIDE_FORMER.fullmatch(e.name):
            continue
        try:
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
            continue
        old = now - st.st_mtime > ASIDE_AGE
        # a process id is looked up on this machine only: another machine's write (a shared folder) may be under
        # way whatever this machine's process table says, and is removed once old (rev19x)
        if old or (m is not None and _left_by_dead(int(m.group(1)), m.group(2), e.path)):
            try:
                os.unlink(e.path)
                removed.append(e.name)
            except OSError:
                pass
    return removed


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` all at once: written aside in the same directory, synced, then moved into place;
    a write the machine stops (a full disk) leaves the former file whole and nothing aside, and its error names
    ``path`` (the error of a write names no file).

    Examples
    --------
    >>> import tempfile
    >>> p = write_bytes(Path(tempfile.mkdtemp()) / "t.xlsx", b"PK")
    >>> p.read_bytes(), [f.name for f in p.parent.iterdir()]
    (b'PK', ['t.xlsx'])
    """
    path = Path(path)
    tmp = None
    try:
        _clean_written_aside(path.parent)
        fd, name = tempfile.mkstemp(prefix=f".tmp-{os.getpid()}-h{_host_tag()}-", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        tmp.chmod(published_mode(replacing=path))   # as open() would: a new one under the umask, an old one's kept
        _step("bytes_written")
        os.replace(tmp, path)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from e
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return path


#: The steps of publishing a group of files (:func:`publishing_files`) at which the crash test kills the process.
FILE_STEPS = ("files_staged", "files_journal_written", "files_half_moved", "files_moved", "files_done")


def _files_journal(out: Path, group: str) -> Path:
    return out / f".{group}.files-journal"


def _roll_forward(out: Path, journal: Path) -> list[str]:
    """Finish publishing the group a journal names: its staged files moved in (those not moved yet), the group's
    other files (a former run's, matching its pattern) removed, the journal and the staging folder last."""
    try:
        j = json.loads(journal.read_text(encoding="utf-8"))
        stage, names, pattern = out / j["stage"], list(j["files"]), re.compile(j["pattern"])
    except (OSError, ValueError, RecursionError, KeyError, TypeError, re.error):
        journal.unlink(missing_ok=True)   # a journal written half: nothing was moved yet (it is written whole first)
        return []
    for i, name in enumerate(names):
        if (stage / name).exists():
            os.replace(stage / name, out / name)
        if i == 0:
            _step("files_half_moved")
    for p in out.iterdir():
        if p.is_file() and pattern.fullmatch(p.name) and p.name not in names:
            p.unlink(missing_ok=True)
    _step("files_moved")
    _fsync_dir(out)
    journal.unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)
    return [f"published {len(names)} files of {journal.name[1:-len('.files-journal')]}"]


def recover_files(out: str | os.PathLike) -> list[str]:
    """Finish publishing a group of files a killed process left half-done in ``out`` (its journal), and remove the
    staging folders of killed processes that had not finished writing (the group as it was stays).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> (out / ".all.files-999999999-x").mkdir(); _ = (out / ".all.files-999999999-x" / "all_results.csv").write_text("new")
    >>> recover_files(out), sorted(p.name for p in out.iterdir())
    ([], [])
    """
    out = Path(out)
    if not out.is_dir() or not _to_recover(out):
        return []         # nothing left by a killed run: no lock taken (a reader never waits for a writer)
    with folder_lock(out):
        return _recover_files(out)


def _to_recover(out: Path) -> bool:
    """Whether a killed run left something in ``out`` for :func:`recover_files`: a journal, or a staging folder
    whose process is gone."""
    if any(True for _ in out.glob(".*.files-journal")):
        return True
    for d in out.glob(".*.files-*-*"):
        m = _STAGE.match(d.name)
        if m and d.is_dir() and _left_by_dead(int(m.group(2)), m.group(3), d):
            return True
    return False


#: A staging folder of :func:`publishing_files`: ``.<group>.files-<pid>[-h<host>]-<random>``.
_STAGE = re.compile(r"\.(.+)\.files-(\d+)-(?:h([0-9a-f]{8})-)?")


def _recover_files(out: Path) -> list[str]:
    """:func:`recover_files` under the folder's lock."""
    done: list[str] = []
    for j in sorted(out.glob(".*.files-journal")):
        done += _roll_forward(out, j)
    for d in out.glob(".*.files-*-*"):
        m = _STAGE.match(d.name)
        if (d.is_dir() and m and not _files_journal(out, m.group(1)).exists()
                and _left_by_dead(int(m.group(2)), m.group(3), d)):
            shutil.rmtree(d, ignore_errors=True)
    return done


def _pending(out: Path) -> list[tuple[str, Path, set, re.Pattern]]:
    """The groups a run is publishing (or a killed run left) in ``out``: (journal text, staging folder, the files it
    names, its pattern) for each whole journal; a journal written half is no publication yet."""
    got = []
    for journal in sorted(out.glob(".*.files-journal")):
        try:
            text = journal.read_text(encoding="utf-8")
            j = json.loads(text)
            got.append((text, out / j["stage"], set(j["files"]), re.compile(j["pattern"])))
        except (OSError, ValueError, RecursionError, KeyError, TypeError, re.error):
            continue
    return got


def published(out: str | os.PathLike, names, read):
    """``read`` (a function of a list of paths) given where the files ``names`` of folder ``out`` are in one complete
    generation: a group a run is still putting in place (or a killed run left half-moved, :func:`publishing_files`)
    is read as the journal has it, each file from the staging folder where it is not moved yet, a former run's file
    the journal removes as absent (its path None); nothing is written, so a reader may read while a run publishes.
    Read again if a publication moved on while reading (at most a few times).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "x_a.csv").write_text("former a"); _ = (out / "x_b.csv").write_text("former b")
    >>> stage = out / ".x.files-1-s"; stage.mkdir(); _ = (stage / "x_b.csv").write_text("new b")
    >>> _ = (out / "x_a.csv").write_text("new a")     # a run killed half-way: x_a moved, x_b still staged
    >>> _ = (out / ".x.files-journal").write_text('{"stage": ".x.files-1-s", "files": ["x_a.csv", "x_b.csv"], '
    ...                                            '"pattern": "x_.*"}')
    >>> published(out, ["x_a.csv", "x_b.csv"], lambda ps: [p.read_text() for p in ps])
    ['new a', 'new b']
    """
    out = Path(out)
    for attempt in range(5):
        before = _pending(out)
        paths = []
        for name in names:
            path = out / name
            for _, stage, files, pattern in before:
                if name in files:
                    path = stage / name if (stage / name).exists() else out / name
                elif pattern.fullmatch(name):
                    path = None             # the former run's: the publication removes it
            paths.append(path)
        try:
            got = read(paths)
        except FileNotFoundError:
            if attempt == 4:
                raise
            continue                        # moved while reading: read where it is now
        if [t for t, *_ in _pending(out)] == [t for t, *_ in before]:
            return got
    return got


@contextlib.contextmanager
def publishing_files(out: str | os.PathLike, group: str, pattern: str):
    """Write a group of files into the folder ``out`` as one: all of this run's, or all of the former run's.

    The block writes the files into a private staging folder inside ``out`` (given to it); when it ends, a journal
    naming them is written, they are moved into place, the group's files of a former run that this run did not
    write (their names match ``pattern``, a regular expression) are removed, then the journal.  A kill before the
    journal leaves the former files untouched (the staging folder is removed by the next run); a kill after it is
    finished by the next run (:func:`recover_files`, at start-up): a reader finds one run's files, never a mixture.
    An error in the block leaves the former files as they were.  ``out`` may hold other files: only the group's
    are touched.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "x_old.csv").write_text("former run"); _ = (out / "other.txt").write_text("kept")
    >>> with publishing_files(out, "x", r"x_.*\\.csv") as stage:
    ...     _ = (stage / "x_results.csv").write_text("this run")
    >>> sorted(p.name for p in out.iterdir())
    ['other.txt', 'x_results.csv']
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # one run at a time writes into ``out`` (two ``score`` runs into one folder used to interleave their journals and
    # both exit 0 with a mixture): a second run waits here, then publishes its own group whole after the first's
    with folder_lock(out):
        _recover_files(out)
        stage = Path(tempfile.mkdtemp(prefix=f".{group}.files-{_owner()}-", dir=out))
        journal = _files_journal(out, group)
        try:
            yield stage
            _step("files_staged")
            names = sorted(p.name for p in stage.iterdir() if p.is_file())
            # from the journal (the commit point) on, a stop signal waits until the group is in place: a caught
            # stop is no kill, and never leaves some of each (it is then raised, saying the group was published)
            with _stops_deferred(out):
                write_text(journal, json.dumps({"stage": stage.name, "files": names, "pattern": pattern}))
                _fsync_dir(out)
                _step("files_journal_written")
                _roll_forward(out, journal)
            _step("files_done")
        finally:
            if stage.exists() and not journal.exists():
                shutil.rmtree(stage, ignore_errors=True)


_STOP_SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")


@contextlib.contextmanager
def _stops_deferred(out: Path):
    """Hold the stop signals (SIGTERM, SIGHUP, SIGINT) back while the block runs, then act on the first that came as
    the process's own handler would (``windoweval.cli``'s raises ``Stopped``), the exception marked ``published``
    (the folder ``out``: what the block finished is in place).  Outside the main thread, nothing is held back."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got = []
    saved = {}
    for name in _STOP_SIGNALS:
        s = getattr(signal, name, None)
        if s is None:
            continue
        try:
            saved[s] = signal.signal(s, lambda signum, frame: got.append(signum))
        except (ValueError, OSError):
            pass
    try:
        yield
    finally:
        for s, h in saved.items():
            signal.signal(s, h)
    if got:
        handler = saved.get(got[0])
        try:
            if callable(handler):
                handler(got[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), got[0])
        except BaseException as e:
            e.published = str(out)
            raise


#: The folders this process holds the lock of (:func:`folder_lock`), with how many times: a holder that takes the lock
#: again (publishing_files recovers the folder first) is not made to wait for itself.
_HELD: dict[str, list] = {}


def _waiting_message(out: Path) -> str:
    return (f"{out}: 另一个 windoweval 进程正在写入此目录,等待其完成 / another windoweval run is writing into this "
            f"folder; waiting for it to finish")


@contextlib.contextmanager
def folder_lock(out: str | os.PathLike, say=None, wait: bool = True):
    """Hold the write lock of the folder ``out``: an exclusive ``flock`` of the folder itself (no lock file is left
    behind, and a killed holder's lock goes with its process); another process that wants it waits, and says so once
    on stderr (``say``: where else to say it).  ``wait=False``: :class:`BlockingIOError` instead of a wait.

    写目录锁：同一时刻只有一个进程写入该目录，另一个等待（并提示一次），进程被终止时锁随之释放。

    The same lock as ``records import`` holds on its store (:func:`windoweval.records.store._importing`), so a command
    writing into the store's folder waits for an import too.  Taken again by its holder, it is held once more, not
    waited for.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> with folder_lock(d):
    ...     with folder_lock(d):          # the holder again: no wait
    ...         print(sorted(_HELD[str(d.resolve())][1:]))
    [2]
    >>> str(d.resolve()) in _HELD, list(d.iterdir())
    (False, [])
    """
    import fcntl
    import sys

    key = str(Path(out).resolve())
    held = _HELD.get(key)
    if held is not None:
        held[1] += 1
        try:
            yield
        finally:
            held[1] -= 1
        return
    fd = os.open(key, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise
            msg = _waiting_message(Path(key))
            print(msg, file=sys.stderr, flush=True)
            if say is not None:
                say(msg)
            fcntl.flock(fd, fcntl.LOCK_EX)
        _HELD[key] = [fd, 1]
        try:
            yield
        finally:
            del _HELD[key]
    finally:
        os.close(fd)          # closing the folder releases the lock
