"""``windoweval report``: build the annual report (see :mod:`windoweval.report`)."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import i18n, paths
from ..report import BuildError, build, default_year, prepare, refresh_stored_outputs
from ..report import __doc__ as REPORT_DOC
from ..report.build import BuildBusy, _setup_log
from ..report.settings import JOBS, NOTEBOOKS, log
from .args import year


def cmd_report(args) -> int:
    from ..errors import EXIT_BUILD, EXIT_OK, InputError

    # the process ends at once when the command is done (windoweval.cli._exit_now): its kernels are shut down and
    # the report swapped in by then; not with a Dask scheduler (its cluster closes at the interpreter's exit)
    args.exit_now = not args.scheduler
    if args.update_notebooks:
        refresh_stored_outputs()
        return EXIT_OK
    if args.year is None:
        args.year = default_year(args.data)
    from .args import baseline_before
    from ..params import validate

    baseline_before(args.year, args.baseline_year, "--baseline-year")
    from ..safepath import out_dir, out_file

    extra = validate(args.parameter or [], NOTEBOOKS)   # names and types the notebooks declare; data, never code (exit 2)
    _refuse_own_options(extra)
    out = out_dir(args.out, paths.REPORTS_DIR)
    logfile = out_file(args.log, flag="--log") if args.log else out / f"build-{args.year}.log"
    try:
        handler = _setup_log(logfile, follow_link=bool(args.log))   # the default log: never through a link
    except OSError as e:   # /proc/x.log: the folder is there, the file cannot be made
        from ..errors import UsageError
        raise UsageError(f"--log {args.log}: 无法写入日志文件({e.strerror})/ cannot write the log file ({e.strerror}); "
                         f"请换一个可以写入的位置 / choose a place you can write to") from e
    kw = dict(data=args.data, language=args.language, baseline_year=args.baseline_year,
              instrument=args.instrument, windows=args.windows, scheduler=args.scheduler, extra=extra,
              progress=None if getattr(args, "quiet", False) else progress)
    try:
        if args.prepare_only:
            print(prepare(args.year, out=out, **kw))
        else:
            from ..datadir import survey_source
            from ..report.settings import default_instrument
            # one survey source for every page: the survey page and the demonstration review (the demo's seeded
            # survey for the demo organisation, the workspace's survey store otherwise); the instrument chosen once
            kw["instrument"] = args.instrument or default_instrument(args.data)
            final = build(args.year, out=out, pdf=args.pdf, timeout=args.timeout, jobs=args.jobs,
                          survey=survey_source(kw["instrument"], args.data), **kw)
            print(final / "index.html")
        return EXIT_OK
    except BuildBusy as e:     # the running build's log is its own: nothing of this one goes there
        from ..privacy import mask_message
        log.removeHandler(handler)
        print(f"✗ {mask_message(e)}", file=sys.stderr)
        return EXIT_BUILD
    except BuildError as e:
        from ..privacy import mask_message
        log.error("%s", e)
        print(f"✗ {mask_message(e)}", file=sys.stderr)
        final = paths.report_dir(args.year, out)
        lost = getattr(handler, "failed", None)
        log_note = (f"(日志未能写完:{lost.strerror} / the log could not be written in full: {lost.strerror})"
                    if lost is not None else "")
        if final.exists():
            print(f"原报告未改动 / the previous report is untouched: {final}; 日志 / log: {logfile}{log_note}",
                  file=sys.stderr)
        else:
            print(f"未生成报告 / no report was written; 日志 / log: {logfile}{log_note}", file=sys.stderr)
        return EXIT_BUILD
    except InputError as e:       # refused before any notebook ran (a year without records, a records directory)
        log.error("%s", e)
        raise
    except Exception as e:
        log.exception("%s", e)
        raise
    finally:
        log.removeHandler(handler)
        handler.close()


def progress(msg) -> None:
    """One line of the build's progress on stderr (stdout keeps the result a scheduler reads: the report's path),
    written at once: the kernel's thread says which notebook starts while the build's thread says what it computed,
    and ``print`` wrote a line and its end apart, so two lines could run into one (``[1/5] annual_evaluation …    ✓
    kept/: 15.1 s``).

    Examples
    --------
    >>> import contextlib, io
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     progress("    ✓ kept/: 3.2 s")
    >>> err.getvalue()
    '    ✓ kept/: 3.2 s\\n'
    """
    err = sys.stderr
    err.write(f"{msg}\n")
    err.flush()


#: Notebook parameters the command sets itself: each from its own option (checked there: a year's range, a data
#: directory that exists, a window that the workspace names), ``kept`` by the build.  ``-p year 2031`` used to
#: reach the notebooks unchecked, after the year's check, and fill ``<out>/2025/`` with another year's figures.
OWN_OPTIONS = {"year": "--year", "data": "--data", "baseline_year": "--baseline-year", "instrument": "--instrument",
               "windows": "--windows", "scheduler": "--scheduler", "language": "--language", "kept": None}


def _refuse_own_options(extra: dict) -> None:
    """``-p NAME VALUE`` for a parameter the command sets itself: refused (exit 2), naming the option to use."""
    from ..errors import UsageError

    for name, value in extra.items():
        if name not in OWN_OPTIONS:
            continue
        flag = OWN_OPTIONS[name]
        if flag is None:
            raise UsageError(f"-p {name}:由报告生成过程自己设定,不能指定 / set by the build itself; 请去掉 -p {name} / "
                             f"drop -p {name}")
        raise UsageError(f"-p {name} {value!r}:请改用 {flag}(在那里检查)/ use {flag} instead (it is checked there), "
                         f"e.g. {flag} {value if not isinstance(value, list) else ','.join(value)}")


def register(subparsers):
    """Add ``windoweval report`` to the command line."""
    s = subparsers.add_parser(
        "report", help="生成年度报告 / build the annual report (papermill → HTML, CSV, XLSX, PDF)",
        description=REPORT_DOC.split("::")[0].strip(), epilog="Exit codes: 0 built; 2 usage; 3 records refused; "
        "4 build failed (the previous report is untouched); 5 internal error.")
    s.add_argument("--year", type=year, help="年度 / the year to report on, e.g. 2025 "
                                            "(default: the last year the data covers, stated on the console)")
    s.add_argument("--data", help="数据目录 / records directory (default: the demo data)")
    s.add_argument("--out", help="输出目录 / where <year>/ goes (default: reports/)")
    s.add_argument("--pdf", action="store_true", help="同时打印 PDF(需要 chromium)/ also print PDFs with headless Chromium")
    s.add_argument("--prepare-only", action="store_true",
                   help="只写出参数化的笔记本,不运行 / write the parameterised notebooks into <out>/<year>.prepared/ without running them")
    s.add_argument("--log", help="日志文件 / log file (default: <out>/build-<year>.log)")
    s.add_argument("--language", choices=["zh+en", *i18n.LANGUAGES], default="zh+en",
                   help="报告语言 / language: zh+en (default: both in one build, a switch on every page), zh or en")
    s.add_argument("--baseline-year", type=year, help="基准年 / year to compare with (default: year - 1)")
    s.add_argument("--instrument", help="问卷 / survey instrument (default power_hall)")
    s.add_argument("--windows", help="只评价这些窗口或窗口类型,逗号分隔 / only these window ids or kinds, comma-separated")
    s.add_argument("--scheduler", help="Dask 调度器:local、local:N 或地址 / score on Dask: 'local', 'local:N' or a "
                                       "scheduler address such as tcp://10.0.0.5:8786 (default: pandas; docs/scale.md)")
    s.add_argument("--jobs", type=int, default=None,
                   help=f"同时运行的笔记本数 / notebooks run at once (default {JOBS})")
    s.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="其他笔记本参数(须为笔记本声明的参数,按其类型检查)/ another notebook parameter: a name the notebooks declare, VALUE checked against its type (windoweval/params.py)")
    s.add_argument("--timeout", type=int, default=900, help="单个单元格超时秒数 / seconds a cell may run (default 900)")
    s.add_argument("--update-notebooks", action="store_true",
                   help="维护用:在示例数据上重新运行 notebooks/ 并保存输出(nbval 的基准)/ maintainers: re-run "
                        "notebooks/ in place on the demo data, refreshing the outputs nbval compares against")
    s.set_defaults(func=cmd_report)

