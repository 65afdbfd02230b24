"""The cut-off of an evaluation (open and overdue cases are judged at it), read one way wherever it is given.

The command's ``--as-of``, the Python API's ``as_of`` and the workspace's ``extracted_at`` all come here
(:func:`cut_off`): a date alone is the end of that day (23:59:59, as the default cut-off, 31 December at its end,
and the reading guide's "the year's end" are), a date and time the moment as given (a zone converted to Beijing
wall-clock time).  Before, the command read ``2025-12-31`` as the end of the day but the API and the workspace read
it as its first second, so a case received that day was not yet received, and the same data gave two answers.
"""
from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from ..calendar import DATE_ONLY_NS, date_only, wall_clock  # noqa: F401 - the mark of a date alone, said here too
from ..errors import InputError

__all__ = ["cut_off", "END_OF_DAY", "DATE_ONLY_NS", "date_only"]

#: What a date alone stands for: the last second of that day.
END_OF_DAY = pd.Timedelta(days=1) - pd.Timedelta(seconds=1)

_MOMENT_RE = re.compile(r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{8})(?:[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
                        r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?")


def _refused(value, what: str) -> InputError:
    return InputError(f"{what} = {value!r}:不是日期或时间;请写如 2025-12-31(该日结束时)或 2025-12-31 18:00 / "
                      f"{what} = {value!r} is not a date or time: write one such as 2025-12-31 (the end of that day) "
                      f"or 2025-12-31 18:00")


def cut_off(value, what: str = "as_of") -> pd.Timestamp | None:
    """A cut-off as a moment: a date alone (``datetime.date``, ``numpy.datetime64`` of days, or text such as
    ``2025-12-31``, ``2025/12/31``, ``20251231``, ``2025年12月31日``) is the end of that day; a date and time
    (``datetime.datetime``, ``pandas.Timestamp``, ``2025-12-31 18:00``) is that moment, a zone converted to Beijing
    time.  None stays None.  Anything else is refused (:class:`~windoweval.errors.InputError`, exit 3) naming
    ``what`` (the parameter or key) and the value, in Chinese and English.

    Examples
    --------
    >>> import datetime as dt
    >>> [str(cut_off(v)) for v in ("2025-12-31", dt.date(2025, 12, 31), "2025年12月31日", "20251231")]
    ['2025-12-31 23:59:59', '2025-12-31 23:59:59', '2025-12-31 23:59:59', '2025-12-31 23:59:59']
    >>> [str(cut_off(v)) for v in ("2025-12-31 18:00", dt.datetime(2025, 12, 31), pd.Timestamp("2025-12-31 10:00Z"))]
    ['2025-12-31 18:00:00', '2025-12-31 00:00:00', '2025-12-31 18:00:00']
    >>> cut_off("{{7*7}}")
    Traceback (most recent call last):
    ...
    windoweval.errors.InputError: as_of = '{{7*7}}':不是日期或时间;请写如 2025-12-31(该日结束时)或 2025-12-31 18:00 / as_of = '{{7*7}}' is not a date or time: write one such as 2025-12-31 (the end of that day) or 2025-12-31 18:00
    """
    if value is None:
        return None
    try:
        if isinstance(value, (pd.Timestamp, _dt.datetime)):
            if pd.isna(value):
                raise _refused(value, what)
            return wall_clock(pd.Timestamp(value))
        if isinstance(value, _dt.date):
            return pd.Timestamp(value) + END_OF_DAY
        if isinstance(value, np.datetime64):
            if np.isnat(value):
                raise _refused(value, what)
            day = np.datetime_data(value.dtype)[0] in ("D", "W", "M", "Y")
            t = pd.Timestamp(value)
            return t + END_OF_DAY if day else t
        if not isinstance(value, str):
            raise _refused(value, what)
        from .validate import _datetime_text

        s = value.strip()
        if len(s) > 64:
            raise _refused(value, what)
        s = str(_datetime_text(pd.Series([s], dtype="string")).iloc[0]).strip()
        m = _MOMENT_RE.fullmatch(s)
        if not m:
            raise _refused(value, what)
        day = re.sub(r"[/.]", "-", m.group(1))
        t = wall_clock(pd.Timestamp(f"{day} {m.group(2) or '00:00'}{m.group(3) or ''}"))
        return t + END_OF_DAY if m.group(2) is None and m.group(3) is None else t
    except InputError:
        raise
    except (ValueError, TypeError, OverflowError) as e:
        raise _refused(value, what) from e
