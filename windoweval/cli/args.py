"""Argument types shared by the commands: a year is checked where it is typed, in both languages (exit 2).

A year outside :data:`YEARS` used to reach pandas and end in a traceback (``--year 99999``: exit 5);
argparse's own ``invalid int value`` was English only.
"""
from __future__ import annotations

import argparse

#: The years a command accepts: every date the records can hold (pandas' nanosecond times end in 2262).
YEARS = range(1900, 2201)


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
    s = str(text).strip()
    if not (s.isascii() and s.lstrip("-").isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} 不是年份;请写四位数的年份,如 2025 / "
                                         f"{text!r} is not a year: write a four-digit year such as 2025")
    y = int(s)
    if y not in YEARS:
        lo, hi = YEARS[0], YEARS[-1]
        raise argparse.ArgumentTypeError(f"年份 {y} 超出范围(应为 {lo}–{hi} 之间的四位数年份,如 2025) / "
                                         f"year {y} is out of range (a four-digit year from {lo} to {hi}, e.g. 2025)")
    return y


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
    Its sub-commands' parsers are of this class too (``add_subparsers`` takes the parser's class)."""

    def error(self, message):
        import sys

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 错误 / error: {bilingual_usage_error(message)}\n"
                     f"用法见 / see: {self.prog} --help\n")
