"""One error base for the whole package, carrying the exit code a scheduler reads.

Every refusal of a user's input, configuration or command line subclasses :class:`WindowevalError`;
``cli.main`` prints the message (Chinese first, English alongside) and exits with ``exit_code``.
Anything else that escapes is a bug: exit 5 with the traceback.

====  =====================================================================
0     done / 完成
1     the checked input has errors (survey check) / 被检查的文件有错误
2     wrong command line / 命令行用法错误
3     input refused: records (also records check), mapping, standards, workspace, calendar, survey / 输入被拒绝
4     the report build failed, the machine stopped the writing (a full disk, read-only), or the process was
      stopped by a signal (SIGTERM: a scheduler's timeout; SIGHUP; SIGINT: Ctrl-C); the previous report, output
      or store is untouched, unless the message says an import went in before the stop /
      报告生成失败、输出未能写完(磁盘已满、只读)或进程被信号中止(SIGTERM、SIGHUP、SIGINT),原有内容未动(提示导入已完成者除外)
5     internal error (a bug: please report it) / 内部错误
====  =====================================================================

This module imports nothing of the package (it is the base layer).

Examples
--------
>>> class MyRefusal(InputError):
...     pass
>>> MyRefusal("坏 / bad").exit_code
3
>>> issubclass(UsageError, WindowevalError), UsageError.exit_code
(True, 2)
"""
from __future__ import annotations

import contextlib
import contextvars

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_BUILD = 4
EXIT_BUG = 5


class WindowevalError(Exception):
    """Base of every refusal windoweval raises on purpose; ``exit_code`` is what the CLI exits with.

    Examples
    --------
    >>> [c.exit_code for c in (UsageError, InputError, BuildFailed)]
    [2, 3, 4]
    >>> issubclass(InputError, WindowevalError) and issubclass(InputError, ValueError)
    True
    """

    exit_code: int = EXIT_BUG

    def _render_traceback_(self) -> list[str]:
        """What IPython (a JupyterLab or papermill kernel) shows for a refusal: its message (Chinese first, English
        alongside), as the command line prints it, never a traceback through the package's code (IPython's
        ``_render_traceback_`` protocol; the cell still fails, so a notebook run stops there).

        Examples
        --------
        >>> InputError("文件 工单.csv 第 3 行 / file 工单.csv row 3: bad date")._render_traceback_()
        ['InputError: 文件 工单.csv 第 3 行 / file 工单.csv row 3: bad date']
        """
        return [f"{type(self).__name__}: {self}"]


class UsageError(WindowevalError):
    """The command line (or a parameter given on it) is wrong: exit 2.

    Examples
    --------
    >>> UsageError("未知的选项 / unknown option: --yaer").exit_code
    2
    """

    exit_code = EXIT_USAGE


class InputError(WindowevalError, ValueError):
    """An input (records, standards, workspace, calendar, survey, configuration) is refused: exit 3.

    Examples
    --------
    >>> try:
    ...     raise InputError("文件 工单.csv 第 3 行 / file 工单.csv row 3: bad date")
    ... except ValueError as e:
    ...     print(e.exit_code, e)
    3 文件 工单.csv 第 3 行 / file 工单.csv row 3: bad date
    """

    exit_code = EXIT_INPUT


class BuildFailed(WindowevalError, RuntimeError):
    """The report build failed; the previous report, if any, is untouched: exit 4.

    Examples
    --------
    >>> e = BuildFailed("报告生成失败 / the build failed")
    >>> e.exit_code, isinstance(e, RuntimeError)
    (4, True)
    """

    exit_code = EXIT_BUILD


#: The notes said in the open scope (:func:`notes_once`), None outside one.
_NOTES_SAID: contextvars.ContextVar = contextvars.ContextVar("windoweval_notes", default=None)


@contextlib.contextmanager
def notes_once():
    """A scope (``with``, or a function decorated) in which each note (a reading's: dates read day first) is said once:
    a command, a call of a public read (``records.read_records``, ``records.validate``, a scope of shared reads).  One
    already open is joined.  A note belongs to each read that needs it: it had been said once per process (tidy45: the
    second reading of a day-first file in a Jupyter kernel said nothing).

    Examples
    --------
    >>> import warnings
    >>> def read():
    ...     with notes_once():
    ...         say_once("按日在前读取 / read day first", UserWarning)
    ...         say_once("按日在前读取 / read day first", UserWarning)      # one read: said once
    >>> with warnings.catch_warnings(record=True) as got:
    ...     warnings.simplefilter("default")
    ...     read(); read()                                                    # two reads: said by each
    >>> len(got)
    2
    """
    if _NOTES_SAID.get() is not None:
        yield
        return
    token = _NOTES_SAID.set(set())
    try:
        yield
    finally:
        _NOTES_SAID.reset(token)


def say_once(note: str, category: type, depth: int = 1) -> None:
    """Warn ``note`` as ``category``, once in the open scope (:func:`notes_once`), every time outside one; named at
    the place ``depth`` frames above the caller (as ``warnings.warn(stacklevel=depth + 1)``), with a registry of its
    own each time: Python's default action (once per place and text) would keep a second read's note to itself.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as got:
    ...     warnings.simplefilter("default")
    ...     for _ in range(2):
    ...         say_once("按日在前读取 / read day first", UserWarning)     # no scope open: said each time
    >>> [str(w.message) for w in got]
    ['按日在前读取 / read day first', '按日在前读取 / read day first']
    """
    import sys
    import warnings

    said = _NOTES_SAID.get()
    if said is not None:
        if note in said:
            return
        said.add(note)
    frame = sys._getframe(depth + 1)
    warnings.warn_explicit(note, category, frame.f_code.co_filename, frame.f_lineno,
                           module=frame.f_globals.get("__name__", "windoweval"), registry=None,
                           module_globals=frame.f_globals)
