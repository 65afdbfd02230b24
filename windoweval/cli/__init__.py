"""The ``windoweval`` command.

Exit codes (for schedulers):

====  =====================================================================
0     done / 完成
1     the checked input has errors (survey check) / 被检查的文件有错误
2     wrong command line / 命令行用法错误
3     input refused: records (checked, imported or scored), mapping, standards, workspace or calendar / 输入数据被拒绝
4     the report build failed, the machine stopped the writing (a full disk, read-only), or the process was
      stopped by a signal (SIGTERM: a scheduler's timeout; SIGHUP; SIGINT: Ctrl-C); the previous report, output
      or store is untouched, unless the message says an import went in before the stop /
      报告生成失败、输出未能写完(磁盘已满、只读)或进程被信号中止(SIGTERM、SIGHUP、SIGINT),原有内容未动(提示导入已完成者除外)
5     internal error (a bug: please report it) / 内部错误
====  =====================================================================
"""
from __future__ import annotations

import sys

if sys.argv[:1] == ["-m"]:
    # ``python -m windoweval.cli``: Python imports this package while it locates the module to run (``sys.argv[0]``
    # is "-m" until then), so here, before the imports below load pyarrow, is the one place that can choose Arrow's
    # default pool for the program's process as the console script does (``windoweval.program``); a process that
    # imports the command line otherwise keeps its pool
    from ..pools import choose_pool

    choose_pool(sys.argv[1:])

import argparse
import errno
import logging
import re
from pathlib import Path

from ..datadir import resolve
from ..errors import EXIT_BUG, EXIT_BUILD, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE, WindowevalError  # noqa: F401
from ..privacy import TERMINAL_CONTROL as _TERMINAL_CONTROL, mask_lines, shown_control as _shown  # noqa: F401 - shown as codes
from . import complaints, demo, records, report, scoring, survey
from .args import Parser

#: The modules that add subcommands, in the order ``windoweval --help`` lists them.
COMMANDS = (scoring, records, demo, survey, complaints, report)


def build_parser() -> argparse.ArgumentParser:
    """The ``windoweval`` argument parser: the global options and one sub-command per command family.

    Examples
    --------
    >>> p = build_parser()
    >>> args = p.parse_args(["-q", "score", "--standard", "power_window", "--year", "2025"])
    >>> args.command, args.standard, args.year, args.quiet
    ('score', ['power_window'], 2025, True)
    """
    p = Parser(prog="windoweval", description="窗口服务标准评价 / evaluate service windows against their standards",
                                epilog=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    from .._version import __version__

    p.add_argument("--version", action="version", version=f"windoweval {__version__}")
    p.add_argument("-q", "--quiet", action="store_true", help="只输出结果和错误,不显示进度 / results and errors only, no progress")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="显示日志(-vv 更详细)/ show the log on stderr (-vv: debug)")
    sub = p.add_subparsers(dest="command", required=True)
    for mod in COMMANDS:
        mod.register(sub)
    return p


def _recover(args):
    """At start-up: finish or undo a swap a killed run left half-done (its journal) in the folders this run uses."""
    from .. import paths
    from ..atomic import recover, recover_files

    dirs = {paths.STORE_DIR, paths.REPORTS_DIR}
    for key in ("data", "out", "store"):
        v = getattr(args, key, None)
        if v:
            dirs.update({Path(v), Path(v).parent})
    for d in dirs:
        try:
            journals = list(Path(d).glob(".*.swap-journal")) if Path(d).is_dir() else []
        except OSError:
            continue
        for j in journals:
            recover(j.parent / j.name[1:-len(".swap-journal")])
        recover_files(d)    # a group of files a killed run was putting in place (windoweval score's outputs)
    data = getattr(args, "data", None)
    if data and Path(data).is_dir():    # a kept copy a killed import had not named yet (its dataset went in)
        from ..records.store import settle_raw
        try:
            settle_raw(data)
        except OSError:
            pass
        if getattr(args, "command", None) in ("score", "report"):
            _reclaim(data, quiet=getattr(args, "quiet", False))


def _reclaim(data, quiet: bool = False) -> None:
    """At the start of a command that exports records: the store's files whose plain-text claim was written under
    other masking rules (an older release) claimed again, once (:func:`windoweval.records.store.refresh_store_claims`),
    never waiting for an import; a store that cannot be written (read-only, another's) is left as it is, scanned as
    before, and ``records check`` says so."""
    import pyarrow as pa

    from ..records.store import refresh_store_claims
    try:
        done = refresh_store_claims(data, wait=False)
    except (OSError, ValueError, pa.ArrowException):   # BlockingIOError (an import holds the lock) is an OSError
        return
    n = sum(done.values())
    if n and not quiet:
        kinds = ", ".join(f"{k}/" for k, v in done.items() if v)
        print(f"已按现行屏蔽规则重新确认数据仓 {kinds} 中 {n} 个文件的纯文本列(一次性;此后导出未达标记录不再逐次扫描这些列)"
              f" / re-claimed the plain text columns of {n} stored file(s) in {kinds} under the masking rules of now "
              "(once; exports of the missed records no longer scan those columns each run)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring).

    Examples
    --------
    >>> main(["standards", "show", "power_window.10.2.55"])   # a misspelt clause: the message on stderr, exit 2
    2
    """
    parser = build_parser()
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(out), _Printable(err, messages=True)   # argparse's errors echo values: masked
    try:
        args = parser.parse_args(argv)
    finally:
        sys.stdout, sys.stderr = out, err
    if argv is None and getattr(args, "arrow_pool", False):
        _arrow_pool()
    if argv is None:      # the program itself (never a caller in the same process): a scheduler's SIGTERM unwinds
        _stop_on_signals()
    from ..errors import notes_once

    with _notes_said(), notes_once():     # a read note said once in the command, by each command (tidy45)
        code = _run(args)
    # the program ends at once when its command opts in (score, report), and after a refusal of the user's input or
    # command line (exit 1, 2, 3: the message said, every ``finally`` run), unless a Dask cluster of its own is to be
    # closed at the interpreter's exit: the teardown had once ended a refused ``records import`` with "terminate
    # called without an active exception" (SIGABRT, exit -6) after the refusal was printed (a C++ library's thread at
    # exit; once in session 33's two suite runs, not again in 120 runs of the case alone)
    refused = code in (EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT) and not getattr(args, "scheduler", None)
    if argv is None and (getattr(args, "exit_now", False) or refused):
        _exit_now(code)
    return code



def _notes_said():
    """While a command runs, a reading's notes (:class:`~windoweval.records.validate.ReadNote`: dates read day first;
    :class:`~windoweval.records.store.StoreNote`) are said on stderr as ``注意 / note: …``, without Python's file and
    line of the warning; any other warning as Python shows it.

    Examples
    --------
    >>> import io, contextlib, warnings
    >>> from windoweval.records.validate import ReadNote
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err), _notes_said(), warnings.catch_warnings():
    ...     warnings.simplefilter("always")
    ...     warnings.warn("按日在前读取 / read day first", ReadNote)
    >>> err.getvalue()
    '注意 / note: 按日在前读取 / read day first\\n'
    """
    import contextlib
    import warnings

    from ..records.store import StoreNote
    from ..records.validate import ReadNote

    @contextlib.contextmanager
    def said():
        before = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if isinstance(category, type) and issubclass(category, (ReadNote, StoreNote)):
                # masked like every message the program prints: the file without its folders (a user's name in
                # /home/张三/…), a value from the data masked (review44: the note printed the whole path)
                from ..privacy import mask_message

                print(f"注意 / note: {mask_message(message)}", file=file or sys.stderr)
            else:
                before(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        try:
            yield
        finally:
            warnings.showwarning = before
    return said()


class Stopped(BaseException):
    """The process was asked to stop (SIGTERM: a scheduler's timeout, systemd stopping the unit; SIGHUP; SIGINT:
    Ctrl-C), raised where the program is, so that every ``finally`` runs: the build folder aside is removed, the
    kernels are shut down, the lock is let go; what was in place before stays (exit 4).

    Examples
    --------
    >>> import signal
    >>> Stopped(signal.SIGTERM).name
    'SIGTERM'
    """

    def __init__(self, signum: int):
        import signal

        self.signum = signum
        try:
            self.name = signal.Signals(signum).name
        except ValueError:
            self.name = str(signum)
        super().__init__(self.name)


def _stop_on_signals() -> None:
    """SIGTERM, SIGHUP and SIGINT raise :class:`Stopped` in the main thread (Python's default for SIGTERM ended the
    process at once: exit 143, the half-built report folder, its lock and running kernels left behind).  The first
    signal is acted on; those that follow while the program unwinds are ignored (SIGKILL still ends it)."""
    import signal

    def stop(signum, frame):
        for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(s, signal.SIG_IGN)
        raise Stopped(signum)

    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        try:
            if signal.getsignal(s) in (signal.SIG_DFL, signal.default_int_handler):
                signal.signal(s, stop)
        except (ValueError, OSError):     # not the main thread, or a system without the signal
            pass


def _arrow_pool() -> None:
    """Arrow's jemalloc pool for the process, unless the user chose one (``ARROW_DEFAULT_MEMORY_POOL``): a command
    that opts in (``args.arrow_pool``: ``score``, which reads a store piece by piece) reads and frees the same
    sizes of buffers piece after piece, and the default pool (mimalloc) keeps what was freed resident: at 10
    million work orders ~590 MiB at the peak against ~350 with jemalloc.  Only for the program itself (``main()``
    without ``argv``), never for a caller in the same process."""
    import os

    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except (NotImplementedError, pa.ArrowException):  # a build without jemalloc: Arrow's default
        pass


def _exit_now(code: int) -> None:
    """End the process at once with ``code``, its output flushed and its log closed: a command that opts in
    (``args.exit_now``: the report, its kernels shut down and its folder swapped in by then; ``score``, its files in
    place and its scorecard's temporary folders removed by then) spares the interpreter's
    finalisation of the modules it imported (pandas, pyarrow, scipy, plotly, nbconvert …: 0.3-1 s).  Only for the
    program itself (``main()`` without ``argv``), never for a caller in the same process."""
    import os
    import signal

    # the command is done (or refused) and unwound: a stop signal from here (a scheduler's timeout as it ends) has
    # nothing left to stop; raised as cli.Stopped out of main() it gave a traceback and exit 1 instead of ``code``
    # (review rev20b)
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        try:
            signal.signal(s, signal.SIG_IGN)
        except (ValueError, OSError):     # not the main thread, or a system without the signal
            pass
    logging.shutdown()
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


_SURROGATE = re.compile("[\udc80-\udcff]")


class _Printable:
    """A text stream that writes what it is given with :data:`_TERMINAL_CONTROL` shown as codes, never acted on;
    with ``messages`` (stderr: the messages' channel), every line masked too (:func:`windoweval.privacy.mask_lines`).

    stdout carries tables and data (``--format csv/json``), masked where they are made: a gate there would read a
    decimal's digits (``"se": 1.507409760222698``) as an ID-card number."""

    def __init__(self, stream, messages: bool = False):
        self._stream = stream
        self._messages = messages

    def write(self, s):
        if isinstance(s, str):
            s = _TERMINAL_CONTROL.sub(_shown, s)
            if _SURROGATE.search(s):     # a file name that is not UTF-8: read (GB18030) or shown as U+FFFD, never a crash
                from ..paths import readable
                s = readable(s)
            if self._messages:   # the messages' one privacy gate: a message echoing a command-line value (a year,
                s = mask_lines(s)    # a clause id, a file's name) or a cell, whoever wrote it, masked (safe38)
        return self._stream.write(s)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _run(args) -> int:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(out), _Printable(err, messages=True)   # no escape sequence reaches a terminal
    try:
        return _run_printable(args)
    finally:
        sys.stdout, sys.stderr = out, err


def _run_printable(args) -> int:
    from .. import paths
    from ..privacy import roots_for   # a message names a file within the data folder or store relative to it

    # the project's folder too: the demo, the default store and reports are named as data/demo/…, data/store/…; for
    # this run only (a second run in the same process, a notebook, the tests after it: not relative to this --data)
    with roots_for(getattr(args, "data", None), getattr(args, "store", None), paths.ROOT):
        return _run_printable_in(args)


def _demo_notice() -> None:
    """Said on stderr when a command without --data runs in a folder holding a windoweval.toml (a user's own
    workspace, not the demo's): the demo data were read, not this folder's - never a ✓ on the demo taken for theirs."""
    from .. import paths

    here = Path.cwd()
    if (here / "windoweval.toml").is_file() and here.resolve() != paths.DEMO_DIR.resolve():
        print("提示:未指定 --data,读取的是示例数据(data/demo),不是当前目录中的 windoweval.toml 与记录;读取当前目录请加 "
              "--data . / note: no --data, so the demo data (data/demo) were read, not the windoweval.toml and records "
              "of this folder; add --data . to read them", file=sys.stderr)


def _run_printable_in(args) -> int:
    handler = _console_log(args)
    try:
        # in the try: a stop while waiting for a folder's lock here, or a full or read-only disk, is answered as
        # anywhere else (exit 4, both languages), never a traceback
        _recover(args)
        if getattr(args, "data", "") is None and not (args.command == "records" and args.action in ("import", "map")):
            resolve(None)  # no --data: the demo organisation, generated on first use (the store import has its own)
            _demo_notice()
        return int(args.func(args) or 0)
    except WindowevalError as e:  # every refusal carries its exit code (windoweval/errors.py)
        from ..privacy import mask_message   # a refusal may echo a value from the data: masked like every output

        print(f"错误 / error: {mask_message(e)}", file=sys.stderr)
        return e.exit_code
    except BrokenPipeError:
        return EXIT_OK
    except (Stopped, KeyboardInterrupt) as e:   # a scheduler's timeout, Ctrl-C: unwound, the former state in place
        from ..privacy import mask_message   # a folder named here may carry a person's data: masked like every output

        what = e.name if isinstance(e, Stopped) else "SIGINT"
        if getattr(e, "imported", None):   # stopped after the import's dataset was swapped in: the new data are in
            msg = (f"已中止({what}):中止前本次导入已完成,新数据已存入 {e.imported},原有数据已被替换 / stopped ({what}) "
                   f"after the import went in: the new records are stored in {e.imported}, replacing the former ones")
        elif getattr(e, "published", None):   # stopped while its output was moved in: finished first, then stopped
            msg = (f"已中止({what}):中止前本次输出已完整写入 {e.published},命令的其余步骤未执行 / stopped ({what}) after "
                   f"this run's output was put in place whole in {e.published}; the rest of the command did not run")
        else:
            msg = (f"已中止({what}):未完成的输出已删除,原有的报告、输出与数据未改动 / stopped ({what}): the unfinished "
                   f"output was removed; the previous report, output and data are untouched")
        print(mask_message(msg), file=sys.stderr)
        return EXIT_BUILD
    except Exception as e:  # a bug, unless the machine stopped the writing (a full disk, a read-only file system)
        # the import's dataset may have gone in before the machine stopped the writing (``imported``: where)
        stopped = _write_stopped(e, getattr(e, "imported", None))
        if stopped is None:
            return _bug()
        from ..privacy import mask_message

        print(f"错误 / error: {mask_message(stopped)}", file=sys.stderr)
        return EXIT_BUILD
    finally:
        if handler is not None:
            logging.getLogger("windoweval").removeHandler(handler)


#: The errors of a write the machine refused, not the program: the disk (or the user's quota) full, a file too large
#: for the file system, a file system mounted read-only.
_STOPPED = {errno.ENOSPC: ("磁盘空间不足", "the disk is full"), errno.EDQUOT: ("磁盘配额已用完", "the disk quota is used up"),
            errno.EFBIG: ("文件超过文件系统允许的大小", "the file is too large for the file system"),
            errno.EROFS: ("文件系统是只读的", "the file system is read-only")}


def _write_stopped(e: BaseException, imported: str | None = None) -> str | None:
    """The message (both languages) for a command whose writing the machine stopped (:data:`_STOPPED`, anywhere in
    the exception's chain), else None.  Every writing command writes aside and swaps, publishes a group of files
    whole or imports under a pending name: what was there before is untouched, which the message says; unless an
    import's dataset went in before the stop (``imported``: where its records are stored), which it says instead.
    Exit 4: the output failed and the previous one stands, as for a report build (README's table).

    Examples
    --------
    >>> import errno
    >>> _write_stopped(OSError(errno.EROFS, "Read-only file system", "/s;1/w"), imported="/s;1/w")
    '无法写入 /s;1/w:文件系统是只读的;本次导入已在此前完成,新数据已存入 /s;1/w / cannot write /s;1/w: the file system is read-only; the import went in before that: the new records are stored in /s;1/w'
    """
    seen = 0
    while e is not None and seen < 10:
        if isinstance(e, OSError) and e.errno in _STOPPED:
            zh, en = _STOPPED[e.errno]
            where = f" {e.filename}" if e.filename else ""
            if imported:
                return (f"无法写入{where}:{zh};本次导入已在此前完成,新数据已存入 {imported} / cannot write{where}: {en}; "
                        f"the import went in before that: the new records are stored in {imported}")
            return (f"无法写入{where}:{zh};原有的输出与数据未改动。请腾出空间或用 --out"
                    f"(导入:--data / --store)换一个可以写入的位置后重试 / cannot write{where}: "
                    f"{en}; the previous output and data are untouched. Free space, or choose a place you can write to "
                    f"with --out (imports: --data / --store), and run again")
        e = e.__cause__ or e.__context__
        seen += 1
    return None


def _bug() -> int:
    """A bug: the traceback (masked), then exit 5 (not Python's 1, which a scheduler would misread)."""
    import traceback

    from ..privacy import mask_message   # the exception's words may quote a cell (a phone, an ID number)

    print(mask_message(traceback.format_exc()).rstrip("\n"), file=sys.stderr)
    print("内部错误,请连同以上信息报告 / internal error: please report it with the lines above", file=sys.stderr)
    return EXIT_BUG


def _console_log(args):
    """``-v``: the package's log on stderr (INFO; ``-vv`` DEBUG)."""
    if not getattr(args, "verbose", 0):
        return None
    from ..privacy import MaskingFilter

    h = logging.StreamHandler(sys.stderr)
    h.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    # the handler masks itself (public43): stderr's wrapper masks what the commands print, but a record written to a
    # stream the wrapper does not hold (a library's, a test's, an embedding program's) must not leak either
    h.addFilter(MaskingFilter())
    lg = logging.getLogger("windoweval")
    lg.addHandler(h)
    lg.setLevel(logging.DEBUG if args.verbose > 1 else logging.INFO)
    return h

