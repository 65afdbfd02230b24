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
