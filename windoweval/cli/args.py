"""Argument types shared by the commands: a year is checked where it is typed, in both languages (exit 2).

A year outside :data:`YEARS` used to reach pandas and end in a traceback (``--year 99999``: exit 5);
argparse's own ``invalid int value`` was English only.
"""
from __future__ import annotations

import argparse

#: The years a command accepts: every date the records can hold (pandas' nanosecond times end in 2262).
from ..years import YEARS  # noqa: E402  (the years the package evaluates: one range for every caller)


def year(text: str) -> int:
    """A ``--year`` value: a whole year in :data:`YEARS`, else argparse's usage error (exit 2) in both languages.

    Examples
    --------
    >>> year("2025"), year(" 2026 ")
    (2025, 2026)
    >>> year("99999")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 年份 99999 超出范围(应为 1900–2200 之间的四位数年份,如 2025) / year 99999 is out of range (a four-digit year from 1900 to 2200, e.g. 2025)
    >>> year("2025; import os")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '2025; import os' 不是年份;请写四位数的年份,如 2025 / '2025; import os' is not a year: write a four-digit year such as 2025
    """
    from ..years import recognise_year

    y = recognise_year(str(text))   # the one recogniser (the API's and the notebooks' too): the text of a whole number
    if y is None:
        raise argparse.ArgumentTypeError(f"{text!r} 不是年份;请写四位数的年份,如 2025 / "
                                         f"{text!r} is not a year: write a four-digit year such as 2025")
    if y not in YEARS:
        lo, hi = YEARS[0], YEARS[-1]
        raise argparse.ArgumentTypeError(f"年份 {y} 超出范围(应为 {lo}–{hi} 之间的四位数年份,如 2025) / "
                                         f"year {y} is out of range (a four-digit year from {lo} to {hi}, e.g. 2025)")
    return y


def baseline_before(year_: int, baseline: int | None, flag: str) -> None:
    """Refuse (:class:`windoweval.errors.UsageError`, exit 2) a baseline year that is not before the year evaluated:
    compared with itself every window read "not shortened" (+0.0) and every change 0; compared with a later year,
    the change ran backwards.  None (the year before, by default) passes.

    Examples
    --------
    >>> baseline_before(2025, 2024, "--baseline"), baseline_before(2025, None, "--baseline")
    (None, None)
    >>> baseline_before(2025, 2025, "--baseline")
    Traceback (most recent call last):
    ...
    windoweval.errors.UsageError: --baseline 2025: 基准年应早于评价年度 2025(默认为上一年 2024)/ the baseline year must be before the year evaluated, 2025 (by default the year before, 2024)
    """
    if baseline is None or year_ is None or int(baseline) < int(year_):
        return
    from ..errors import UsageError

    raise UsageError(f"{flag} {baseline}: 基准年应早于评价年度 {year_}(默认为上一年 {int(year_) - 1})/ the baseline year "
                     f"must be before the year evaluated, {year_} (by default the year before, {int(year_) - 1})")


#: argparse's own messages (English only) and their Chinese, as regular expressions of the English text.
_ARGPARSE_ZH = (
    (r"unrecognized arguments: (.*)", "无法识别的参数:{0}"),
    (r"the following arguments are required: (.*)", "缺少必需的参数:{0}"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", "参数 {0} 的值 {1} 无效,可选:{2}"),
    (r"argument (\S+): invalid (?:float|int) value: (.*)", "参数 {0} 的值 {1} 不是数字"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面需要一个值"),
    (r"argument (\S+): expected (.*) arguments?", "参数 {0} 后面需要 {1} 个值"),
    (r"argument (\S+): not allowed with argument (.*)", "参数 {0} 不能与 {1} 同时使用"),
    (r"argument (\S+): ignored explicit argument (.*)", "参数 {0} 不接受值 {1}"),
    (r"ambiguous option: (\S+) could match (.*)", "选项 {0} 有歧义,可能是:{1}"),
    (r"one of the arguments (.*) is required", "以下参数须给出其一:{0}"),
)


def bilingual_usage_error(message: str) -> str:
    """argparse's error ``message`` with its Chinese first (a message already in both languages, from an argument
    type such as :func:`year`, is kept as it is).

    Examples
    --------
    >>> bilingual_usage_error("unrecognized arguments: --yaer 2025")
    '无法识别的参数:--yaer 2025 / unrecognized arguments: --yaer 2025'
    >>> bilingual_usage_error("argument --min-improvement: invalid float value: 'abc'")
    "参数 --min-improvement 的值 'abc' 不是数字 / argument --min-improvement: invalid float value: 'abc'"
    >>> bilingual_usage_error("something new")
    '命令行用法错误 / wrong command line: something new'
    """
    import re

    if re.search(r"[\u4e00-\u9fff]", message):
        return message
    for pattern, zh in _ARGPARSE_ZH:
        m = re.fullmatch(pattern, message, flags=re.S)
        if m:
            return f"{zh.format(*m.groups())} / {message}"
    return f"命令行用法错误 / wrong command line: {message}"


class Parser(argparse.ArgumentParser):
    """argparse's parser whose usage errors (exit 2) say what is wrong in Chinese first and English alongside, and
    how to see the options (argparse's own were English only: ``unrecognized arguments``, ``invalid choice`` …).
    Its sub-commands' parsers are of this class too (``add_subparsers`` takes the parser's class).

    Examples
    --------
    >>> p = Parser(prog="t")
    >>> _ = p.add_argument("--year", type=int)
    >>> p.parse_args(["--year", "2025"]).year
    2025
    """

    def error(self, message):
        import sys

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 错误 / error: {bilingual_usage_error(message)}\n"
                     f"用法见 / see: {self.prog} --help\n")


def moment(text: str) -> str:
    """An ``--as-of`` value: a date (``2025-12-31``: the end of that day) or a date and time (``2025-12-31 18:00``) in
    :data:`YEARS`,
    written as the records' date columns are read (records/validate.py: ``2025/12/31``, ``20251231``,
    ``2025年12月31日 18时``, full-width digits; a zone converted to Beijing time as :func:`windoweval.calendar.wall_clock`
    does), returned as ``YYYY-MM-DD[ HH:MM[:SS]]`` (the evaluation reads it); a date with the day before the year
    (unclear) or anything else is argparse's usage error (exit 2) in both languages (``--as-of '{{7*7}}'`` reached
    pandas and ended in a traceback, exit 5).

    Examples
    --------
    >>> moment("2025-12-31"), moment("2025-12-31 18:00"), moment("2025/12/31"), moment("20251231")
    ('2025-12-31 23:59:59', '2025-12-31 18:00', '2025-12-31 23:59:59', '2025-12-31 23:59:59')
    >>> moment("2025年12月31日"), moment("2025-12-31 10:00Z"), moment("2025-12-31T18:00:30+08:00")
    ('2025-12-31 23:59:59', '2025-12-31 18:00', '2025-12-31 18:00:30')
    >>> moment("{{7*7}}")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '{{7*7}}' 不是日期或时间;请写如 2025-12-31 或 2025-12-31 18:00 / '{{7*7}}' is not a date or time: write one such as 2025-12-31 or 2025-12-31 18:00
    """
    from ..errors import InputError
    from ..records.cutoff import cut_off

    bad = argparse.ArgumentTypeError(f"{text!r} 不是日期或时间;请写如 2025-12-31 或 2025-12-31 18:00 / "
                                     f"{text!r} is not a date or time: write one such as 2025-12-31 or 2025-12-31 18:00")
    # one reading of a cut-off for the command, the API and the workspace (records.cutoff): a date alone is the end
    # of that day, as the default cut-off (31 December, end of day) and the reading guide's (the year's end) are
    try:
        t = cut_off(str(text))
    except InputError as e:
        raise bad from e
    if t.year not in YEARS:
        raise bad
    return t.strftime("%Y-%m-%d %H:%M:%S" if t.second else "%Y-%m-%d %H:%M")


def share(text: str) -> float:
    """A share of a whole (``--min-improvement``): a number from 0 to 1, else a usage error (exit 2) in both languages
    (``nan``, ``inf`` and ``-3`` were taken, and every comparison with them decided the review silently).

    Examples
    --------
    >>> share("0.05"), share("1")
    (0.05, 1.0)
    >>> share("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'nan' 不是 0 到 1 之间的比例(如 0.05)/ 'nan' is not a share from 0 to 1 (e.g. 0.05)
    """
    import math

    bad = argparse.ArgumentTypeError(f"{text!r} 不是 0 到 1 之间的比例(如 0.05)/ {text!r} is not a share from 0 to 1 "
                                     f"(e.g. 0.05)")
    try:
        v = float(str(text).strip())
    except ValueError as e:
        raise bad from e
    if not math.isfinite(v) or not 0 <= v <= 1:
        raise bad
    return v


def days(text: str) -> int:
    """A number of days (``--repeat-days``): a whole number from 1 to 3660, else a usage error (exit 2) in both
    languages (``-5`` was taken and counted no repeat at all).

    Examples
    --------
    >>> days("30")
    30
    >>> days("-5")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '-5' 不是天数;请写 1 到 3660 之间的整数,如 30 / '-5' is not a number of days: write a whole number from 1 to 3660, e.g. 30
    """
    s = str(text).strip()
    if not (s.isascii() and s.isdigit()) or not 1 <= int(s) <= 3660:
        raise argparse.ArgumentTypeError(f"{text!r} 不是天数;请写 1 到 3660 之间的整数,如 30 / {text!r} is not a number of "
                                         f"days: write a whole number from 1 to 3660, e.g. 30")
    return int(s)
