"""An end before its start: the contract's ``not_before`` rules, checked when records are read.

A record completed before it was received, called before its ticket was taken or answered before the
call rang cannot be judged: any time limit would be met by a negative duration, or the record would be
left out as not assessable, unseen.  ``contracts.yaml`` names, per contract, which column must not
precede which (``not_before: {completed_at: received_at}``, or a list of columns); a record that breaks
a rule is refused with the rest of the file's problems: file, row as the clerk sees it, column, both
values and the fix, in Chinese and English (exit 3 on ``records check`` and ``records import``).

Examples
--------
>>> import numpy as np, pandas as pd
>>> df = pd.DataFrame({"ticket_at": pd.to_datetime(["2025-04-08 09:00:00", "2025-04-08 09:00:00"]),
...                    "called_at": pd.to_datetime(["2025-04-08 09:00:00", "2025-04-08 08:59:59"])})
>>> pr = order_problems(df, {"called_at": ["ticket_at"]}, np.array(["q.csv"] * 2, dtype=object), np.array([2, 3]),
...                     {"called_at": "叫号时间", "ticket_at": "取号时间"})
>>> pr[["file", "row", "column", "value"]].values.tolist()
[['q.csv', 3, 'called_at', '2025-04-08 08:59:59']]
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .problems import Problems

__all__ = ["order_problems", "parse_rules", "parse_pairs", "parse_rates", "sum_problems", "rate_problems",
           "both_problems", "flag_problems", "flag_mask"]


#: Values compared at a time by :func:`earlier`: both pieces and the answer's stay in the caches.
_PIECE = 1 << 16
_NS = np.dtype("datetime64[ns]")
_NAT = np.iinfo(np.int64).min


def earlier(e: pd.Series, s: pd.Series) -> np.ndarray:
    """Where ``e`` is earlier than ``s``, row by row, as a boolean array: a missing value on either side is not
    earlier.  The answer of ``(e < s).to_numpy(dtype=bool, na_value=False)``; for two ``datetime64[ns]`` columns
    of one frame, computed on their integers in pieces of 64 Ki values (NaT is the smallest integer: a missing ``s``
    is never above an ``e``, a missing ``e`` is ruled out), one pass where pandas makes a mask of each side's NaT and
    a comparison of the whole columns (4.3 million date-times: 3 ms instead of 10-20 ms); columns of any other type
    by pandas' comparison (where both are present, ``e < s``; where either is missing, not earlier).

    Examples
    --------
    >>> e = pd.Series(pd.to_datetime(["2025-06-01 17:50", None, "2025-06-01 18:30", "2025-06-01 18:00"]))
    >>> s = pd.Series(pd.to_datetime(["2025-06-01 18:00", "2025-06-01 18:00", None, "2025-06-01 18:00"]))
    >>> earlier(e, s).tolist()
    [True, False, False, False]
    >>> day = pd.Series(pd.to_datetime(["2025-06-01", "2025-05-31"]) + pd.Timedelta(1, "ns"))   # dates alone
    >>> earlier(day, pd.Series(pd.to_datetime(["2025-06-01 18:00", "2025-06-01 18:00"]).astype("datetime64[ns]"))).tolist()
    [False, True]
    """
    if not (e.dtype == _NS and s.dtype == _NS and len(e) == len(s)
            and (e.index is s.index or e.index.equals(s.index))):
        return (e < s).to_numpy(dtype=bool, na_value=False)   # as before
    ev = e.to_numpy().view(np.int64)
    sv = s.to_numpy().view(np.int64)
    out = np.empty(len(ev), dtype=bool)
    for i in range(0, len(ev), _PIECE):
        a, o = ev[i:i + _PIECE], out[i:i + _PIECE]
        np.less(a, sv[i:i + _PIECE], out=o)
        o &= a != _NAT
    at = np.flatnonzero(out)   # the few earlier ones: a time written as a date alone lies anywhere in its day
    if len(at):
        from ..calendar import _DAY_NS, DATE_ONLY_NS, date_only

        a, b = ev[at], sv[at]
        ea, sb = date_only(a), date_only(b)
        if ea.any() or sb.any():
            s_lo = b - sb * DATE_ONLY_NS    # the earliest the start can have been (its day's 00:00 if a date alone)
            # an end written as a date alone is earlier only if its whole day is (compared by days: no overflow)
            out[at] = np.where(ea, a // _DAY_NS < s_lo // _DAY_NS, a < s_lo)
    return out


def parse_rules(spec, columns: dict, kind: str = "", name: str = "not_before",
                types: tuple = ("datetime", "date")) -> dict[str, list[str]]:
    """A contract's ``not_before`` (or another rule ``name`` of the same form: ``flag_before``, ``month_of``;
    ``sum_within`` of number columns, ``types``) as ``{end: [start, ...]}``, every column checked against the
    contract.

    Examples
    --------
    >>> parse_rules({"b": "a"}, {"a": {"type": "datetime"}, "b": {"type": "datetime"}})
    {'b': ['a']}
    >>> parse_rules({"t": ["a", "b"]}, {c: {"type": "float"} for c in "tab"}, "k", "sum_within", ("int", "float"))
    {'t': ['a', 'b']}
    """
    out: dict[str, list[str]] = {}
    for end, starts in (spec or {}).items():
        starts = [starts] if isinstance(starts, str) else list(starts)
        for col in (end, *starts):
            if col not in columns or columns[col]["type"] not in types:
                raise ValueError(f"contracts.yaml {kind}.{name}: {col!r} is not a {' or '.join(types)} column of {kind}")
        out[end] = starts
    return out


def parse_pairs(spec, columns: dict, kind: str = "") -> tuple:
    """A contract's ``flag_both`` as a tuple of column pairs, every column checked against the contract.

    Examples
    --------
    >>> parse_pairs([["a", "b"]], {"a": {"type": "datetime"}, "b": {"type": "datetime"}})
    (('a', 'b'),)
    """
    out = []
    for pair in spec or ():
        pair = tuple(pair)
        if len(pair) != 2 or any(c not in columns for c in pair):
            raise ValueError(f"contracts.yaml {kind}.flag_both: {pair!r} is not a pair of columns of {kind}")
        out.append(pair)
    return tuple(out)


def sum_problems(df: pd.DataFrame, rules: dict, files: np.ndarray, rownum: np.ndarray, names: dict | None = None,
                 written: pd.DataFrame | None = None) -> Problems:
    """The rows of ``df`` (typed) whose parts of a ``sum_within`` rule together exceed their total, as errors
    (``parts_exceed_total``): a monitor's row with more minutes over and under its limits than it was monitoring is
    no statistics, and is refused (file, row, the total as written, every value in the message and the fix), never
    judged.  A part or the total blank is not checked (its evidence is missing, the rules say so).

    Examples
    --------
    >>> df = pd.DataFrame({"run": [1440.0, 40.0, None], "over": [30.0, 30.0, 5.0], "under": [10.0, 20.0, 0.0]})
    >>> pr = sum_problems(df, {"run": ["over", "under"]}, np.array(["s.csv"] * 3, dtype=object), np.array([2, 3, 4]),
    ...                   {"run": "运行时间", "over": "超上限时间", "under": "超下限时间"})
    >>> pr[["file", "row", "column", "value"]].values.tolist()
    [['s.csv', 3, 'run', '40.0']]
    >>> pr["problem_zh"].iloc[0]
    '超上限时间与超下限时间之和(30 + 20 = 50)超过运行时间 40'
    """
    # a column's Chinese name without its unit (运行时间(分钟) -> 运行时间): the message gives the numbers
    names = {k: re.sub(r"\s*[((][^()()]*[))]$", "", v) for k, v in (names or {}).items()}
    frames = []
    for total, parts in rules.items():
        if total not in df or any(p not in df for p in parts):
            continue
        t = df[total].to_numpy(dtype=float, na_value=np.nan)
        vals = [df[p].to_numpy(dtype=float, na_value=np.nan) for p in parts]
        s = np.sum(vals, axis=0)
        with np.errstate(invalid="ignore"):
            bad = np.isfinite(t) & np.isfinite(s) & (s > t + 1e-9)
        if not bad.any():
            continue
        num = (lambda a: pd.Series(a[bad]).map(lambda x: f"{x:g}").to_numpy(dtype=object))
        said = " + ".join(["{}"] * len(parts))
        zh_parts = "与".join(names.get(p, p) for p in parts)
        pv = [num(v) for v in vals]
        tv, sv = num(t), num(s)
        each = [said.format(*(v[i] for v in pv)) for i in range(int(bad.sum()))]
        zh = [f"{zh_parts}之和({e} = {sv[i]})超过{names.get(total, total)} {tv[i]}" for i, e in enumerate(each)]
        en = [f"{' and '.join(parts)} together ({e} = {sv[i]}) exceed the minutes monitored, {total} = {tv[i]}"
              if total.endswith("_min") else f"{' and '.join(parts)} together ({e} = {sv[i]}) exceed {total} = {tv[i]}"
              for i, e in enumerate(each)]
        frames.append(Problems.of(
            file=files[bad], row=rownum[bad], column=total, value=_shown(df, written, total, bad),
            code="parts_exceed_total", problem_zh=zh, problem_en=en,
            fix_zh=f"请在导出系统中核对这一行的{names.get(total, total)}与{'、'.join(names.get(p, p) for p in parts)}"
                   f"(后者是前者的一部分),改正后重新导出",
            fix_en=f"check the row's {total} and its {' and '.join(parts)} (a part of it) in the exporting system, "
                   f"correct them and export again"))
    return Problems.concat(frames)


def parse_rates(spec, columns: dict, kind: str = "") -> dict[str, tuple]:
    """A contract's ``rate_of`` (``{rate: {of: total, part: [cols]}}`` or ``{of: total, less: [cols]}``) as
    ``{rate: (total, parts, less)}``, every column a number column of the contract.

    Examples
    --------
    >>> parse_rates({"q": {"of": "t", "less": ["a", "b"]}}, {c: {"type": "float"} for c in "qtab"})
    {'q': ('t', ['a', 'b'], True)}
    """
    out: dict[str, tuple] = {}
    for rate, rule in (spec or {}).items():
        less = "less" in rule
        parts = rule.get("less" if less else "part")
        parts = [parts] if isinstance(parts, str) else list(parts or [])
        for col in (rate, rule.get("of"), *parts):
            if col not in columns or columns[col]["type"] not in ("int", "float"):
                raise ValueError(f"contracts.yaml {kind}.rate_of: {col!r} is not a number column of {kind}")
        out[rate] = (rule["of"], parts, less)
    return out


def _decimals(v: np.ndarray) -> int:
    """The most decimals any of the finite numbers ``v`` carries (at most 6): the rounding an export wrote them to
    (97.2 written 97.20 counts one: never more than it carries).

    Examples
    --------
    >>> _decimals(np.array([97.22, 100.0, np.nan])), _decimals(np.array([100.0])), _decimals(np.array([0.0069]))
    (2, 0, 4)
    """
    v = v[np.isfinite(v)]
    for d in range(7):
        if np.all(np.abs(np.round(v, d) - v) <= 1e-9):
            return d
    return 6


def rate_problems(df: pd.DataFrame, rules: dict, files: np.ndarray, rownum: np.ndarray, names: dict | None = None,
                  written: pd.DataFrame | None = None) -> Problems:
    """The rows of ``df`` (typed) whose stated rate of a ``rate_of`` rule contradicts the numbers it is stated from
    (a monitor's 电压合格率 = (运行 - 超上限 - 超下限) / 运行 × 100), as errors (``rate_contradicts``): refused with
    file, row, the rate as written, the value the numbers give and the fix, never judged (which of the two is wrong
    cannot be told), and never read in place of the numbers.

    The rate is read to the export's rounding: it agrees within one unit of the last decimal its column carries
    (:func:`_decimals`; rounding and truncation alike).  The column's scale is recognised, not refused: percent
    where a value is above 1, else (every value at most 1: a fraction, or 超上限率 in percent below 1 %) the scale
    more of its rows agree in; where as many agree in either, percent if a rate beside it is in percent, else a
    fraction.  A row without the numbers (a blank or zero total, a blank part) is not checked.

    Examples
    --------
    >>> df = pd.DataFrame({"r": [1440.0, 1440.0, 1440.0], "o": [30.0, 30.0, 0.0], "u": [10.0, 10.0, 0.0],
    ...                    "q": [97.22, 99.5, 100.0]})
    >>> pr = rate_problems(df, {"q": ("r", ["o", "u"], True)}, np.array(["s.csv"] * 3, dtype=object),
    ...                    np.array([2, 3, 4]), {"q": "电压合格率", "r": "运行时间", "o": "超上限时间", "u": "超下限时间"})
    >>> pr[["row", "column", "value"]].values.tolist()
    [[3, 'q', '99.5']]
    >>> pr["problem_zh"].iloc[0]
    '电压合格率写为 99.5,按本行分钟数算得 97.22((1440 − 30 − 10) / 1440 × 100)'
    >>> len(rate_problems(df.assign(q=[0.9722, 0.9722, 1.0]), {"q": ("r", ["o", "u"], True)},
    ...                   np.array(["s.csv"] * 3, dtype=object), np.array([2, 3, 4])))   # fractions
    0
    """
    names = {k: re.sub(r"\s*[((][^()()]*[))]$", "", v) for k, v in (names or {}).items()}
    frames = []
    # a column a value above 1 shows in percent speaks for the rates beside it that cannot tell (超上限率 0.08 beside
    # 电压合格率 97.22)
    beside_pct = any(bool((df[r].to_numpy(dtype=float, na_value=np.nan) > 1 + 1e-9).any()) for r in rules if r in df)
    for rate, (total, parts, less) in rules.items():
        if rate not in df or total not in df or any(p not in df for p in parts):
            continue
        s = df[rate].to_numpy(dtype=float, na_value=np.nan)
        if not np.isfinite(s).any():
            continue
        t = df[total].to_numpy(dtype=float, na_value=np.nan)
        vals = [df[p].to_numpy(dtype=float, na_value=np.nan) for p in parts]
        ps = np.sum(vals, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            f = ((t - ps) if less else ps) / np.where(t > 0, t, np.nan)
        valid = np.isfinite(s) & np.isfinite(f)
        if not valid.any():
            continue
        d = _decimals(s[valid])
        tol = 10.0 ** -d + 1e-9
        agree_pct, agree_frac = np.abs(s - 100 * f) <= tol, np.abs(s - f) <= tol
        votes = int(agree_pct[valid].sum()) - int(agree_frac[valid].sum())
        pct = bool((s[valid] > 1 + 1e-9).any()) or votes > 0 or (votes == 0 and beside_pct)
        bad = valid & ~(agree_pct if pct else agree_frac)
        if not bad.any():
            continue
        scale = 100.0 if pct else 1.0
        num = (lambda a: pd.Series(a[bad]).map(lambda x: f"{x:g}").to_numpy(dtype=object))
        got = pd.Series(np.round(f[bad] * scale, max(d, 2))).map(lambda x: f"{x:.{max(d, 2)}f}").to_numpy(dtype=object)
        tv, pv = num(t), [num(v) for v in vals]
        tail = " × 100" if pct else ""
        formula = [(f"({tv[i]} − " + " − ".join(v[i] for v in pv) + f") / {tv[i]}" if less
                    else " + ".join(v[i] for v in pv) + f" / {tv[i]}") + tail for i in range(int(bad.sum()))]
        shown = _shown(df, written, rate, bad)
        zr = names.get(rate, rate)
        zh_cols = "、".join(names.get(c, c) for c in (total, *parts))
        frames.append(Problems.of(
            file=files[bad], row=rownum[bad], column=rate, value=shown, code="rate_contradicts",
            problem_zh=[f"{zr}写为 {w},按本行分钟数算得 {g}({x})" for w, g, x in zip(shown, got, formula)],
            problem_en=[f"{rate} = {w} contradicts the row's own figures, which give {g} ({x})"
                        for w, g, x in zip(shown, got, formula)],
            fix_zh=f"请在导出系统中核对这一行的{zh_cols}与{zr}(率由前者算出;评价只读前者,不以率代替),改正后重新导出;"
                   f"该列若不是这样算出的率,请勿在 mapping.yaml 中把它映射为 {rate}",
            fix_en=f"check the row's {', '.join((total, *parts))} and {rate} (the rate is computed from them; the "
                   f"evaluation reads them, never the rate in their place) in the exporting system, correct them and "
                   f"export again; if the column is not a rate so computed, do not map it to {rate} in mapping.yaml"))
    return Problems.concat(frames)


def both_problems(df: pd.DataFrame, pairs, files: np.ndarray, rownum: np.ndarray, names: dict | None = None,
                  ids=None, written: pd.DataFrame | None = None) -> Problems:
    """The rows of ``df`` with both columns of a ``flag_both`` pair ``(a, b)`` written and ``b`` before ``a`` (a call
    hung up before it was answered, yet answered), as warnings (``both_written``): kept, the rules reading them count
    the row as missing evidence.  Both written with ``b`` at or after ``a`` is an answered call whose ``b`` is the
    call's end (many 95598 exports write 挂机时间 for every call): read by ``a``, not listed.

    Examples
    --------
    >>> df = pd.DataFrame({"answered_at": pd.to_datetime(["2025-01-02 08:00:05", None, "2025-01-02 08:00:05"]),
    ...                    "hung_up_at": pd.to_datetime([None, "2025-01-02 08:00:20", "2025-01-02 08:03:00"])})
    >>> pr = both_problems(df, (("answered_at", "hung_up_at"),), np.array(["c.csv"] * 3, dtype=object), np.array([2, 3, 4]))
    >>> pr[["row", "column", "value", "severity", "code"]].values.tolist()   # row 4: the call's end, after the answer
    []
    >>> df.loc[2, "hung_up_at"] = pd.Timestamp("2025-01-02 08:00:03")     # hung up at 3 s, answered at 5 s
    >>> both_problems(df, (("answered_at", "hung_up_at"),), np.array(["c.csv"] * 3, dtype=object),
    ...               np.array([2, 3, 4]))[["row", "value", "code"]].values.tolist()
    [[4, '2025-01-02 08:00:03', 'both_written']]
    """
    names = names or {}
    frames = []
    for a, b in pairs:
        if a not in df or b not in df:
            continue
        bad = earlier(df[b], df[a])
        if not bad.any():
            continue
        az, bz = names.get(a, a), names.get(b, b)
        shown = _shown(df, written, a, bad)
        zh = [f"{bz}早于{az}({a} = {v}):来电在接听之前已挂机,却又记有接听时间;该行保留,读这两个时间的时限记为"
              f"缺少证据(不算达标);请在导出系统中核对这两个时间" for v in shown]
        en = [f"{b} is before {a} ({v}): the caller hung up before the call was answered, yet an answer is recorded; "
              f"the row is kept, but the time limit reading them is missing evidence (never met); check both times "
              f"in the exporting system" for v in shown]
        val = _shown(df, written, b, bad)
        frames.append(pd.DataFrame({"file": files[bad], "row": rownum[bad], "column": b, "value": val,
                                    **({"record_id": _ids_at(ids, bad)} if ids is not None else {}),
                                    "severity": "warning", "code": "both_written", "problem_zh": zh,
                                    "problem_en": en}))
    return Problems.concat(frames)


def _fmt(values: pd.Series) -> np.ndarray:
    s = values.dt.strftime("%Y-%m-%d %H:%M:%S").str.replace(" 00:00:00", "", regex=False)
    return s.to_numpy(dtype=object, na_value="")


def _shown(typed: pd.DataFrame, written: pd.DataFrame | None, col: str, bad: np.ndarray) -> np.ndarray:
    """The ``bad`` rows' values of ``col`` as a refusal shows them: the cells as the file wrote them (``written``, the
    records before they were typed, row for row: a zoned time as written, not converted; a Chinese date as written,
    not re-formatted), as every other refusal shows them; where ``written`` has no text of the column (none given,
    or a column typed by the reader itself: a Parquet export's, a CSV column pyarrow typed, every value ISO), the
    typed value written out."""
    if written is not None and col in written and len(written) == len(typed) \
            and not pd.api.types.is_datetime64_any_dtype(written[col]):
        cells = written[col].iloc[np.flatnonzero(bad)].astype("string").str.strip()
        return cells.to_numpy(dtype=object, na_value="")
    v = typed[col][bad]
    return _fmt(v) if pd.api.types.is_datetime64_any_dtype(v) else v.astype(str).to_numpy()


def _ids_at(ids, bad: np.ndarray) -> np.ndarray:
    """The record ids of the ``bad`` rows: ``ids`` an array of every row's, or a function giving those of a mask
    (taken only where some row is flagged)."""
    return np.asarray(ids(bad) if callable(ids) else np.asarray(ids, dtype=object)[bad], dtype=object)


def order_problems(df: pd.DataFrame, rules: dict, files: np.ndarray, rownum: np.ndarray,
                   names: dict | None = None, kept: bool = False, ids=None,
                   written: pd.DataFrame | None = None) -> Problems:
    """The rows of ``df`` (typed) whose ``end`` is earlier than a ``start`` of ``rules``, as problems.

    ``kept``: the rules are a contract's ``flag_before`` (the row is kept, its time limit missing evidence): the
    problems are warnings (``end_before_step``) that say so.  ``ids``: each row's record id (its key), shown beside the
    row (a store dataset's rows are not the export's); a function of a row mask gives those rows' ids.  ``written``:
    the same rows before they were typed (the mapped export's cells), so both values are shown as the file wrote them
    (a zoned time as written, not as converted to Beijing time).

    ``names`` gives the columns' Chinese names for the message.  Columns not
    in ``df`` (a read of some columns) are not checked; a blank value breaks
    no rule.  Vectorised: one comparison per rule.

    Examples
    --------
    >>> import numpy as np
    >>> df = pd.DataFrame({"received_at": pd.to_datetime(["2025-06-01 18:00", "2025-06-01 18:00"]),
    ...                    "arrived_at": pd.to_datetime(["2025-06-01 18:20", "2025-06-01 17:50"])})
    >>> pr = order_problems(df, {"arrived_at": ["received_at"]}, np.array(["工单.csv"] * 2, dtype=object), np.array([2, 3]))
    >>> pr[["row", "column", "value", "severity"]].values.tolist()
    [[3, 'arrived_at', '2025-06-01 17:50:00', 'error']]
    >>> order_problems(df, {"arrived_at": ["received_at"]}, np.array(["工单.csv"] * 2, dtype=object), np.array([2, 3]),
    ...                kept=True)[["row", "severity", "code"]].values.tolist()
    [[3, 'warning', 'end_before_step']]
    """
    names = names or {}
    frames = []
    for end, starts in rules.items():
        if end not in df:
            continue
        e = df[end]
        for start in starts:
            if start not in df:
                continue
            s = df[start]
            bad = earlier(e, s)
            if not bad.any():
                continue
            ez, sz = names.get(end, end), names.get(start, start)
            shown = _shown(df, written, start, bad)
            if kept:   # a flag_before rule: kept, its time limit missing evidence
                zh = [f"{ez}早于{sz}({start} = {v}):两步先后颠倒;该行保留,其他时间照常使用,读这两个时间的时限记为缺少证据"
                      f"(不算达标);请在导出系统中核对这两个时间并改正" for v in shown]
                en = [f"{end} is earlier than {start} ({v}): the steps are out of order; the row is kept and its other "
                      f"times used, but the time limit between these two is missing evidence (never met); check both "
                      f"times in the exporting system and correct them" for v in shown]
            else:
                zh = [f"{ez}早于{sz}({start} = {v}):结束不能早于开始;请在导出系统中核对这两个时间并改正(或更正映射中对应的表头)"
                      for v in shown]
                en = [f"{end} is earlier than {start} ({v}): an end cannot precede its start; check both times in the "
                      f"exporting system and correct them (or the headers mapped onto them)" for v in shown]
            frames.append(pd.DataFrame({"file": files[bad], "row": rownum[bad], "column": end,
                                        "value": _shown(df, written, end, bad),
                                        **({"record_id": _ids_at(ids, bad)} if ids is not None else {}),
                                        "severity": "warning" if kept else "error",
                                        "code": "end_before_step" if kept else "end_before_start",
                                        "problem_zh": zh, "problem_en": en}))
    return Problems.concat(frames)


def flag_mask(c, frame: pd.DataFrame) -> np.ndarray:
    """The rows of ``frame`` (typed records of the contract ``c``) that :func:`flag_problems` lists: an end before a
    step of a ``flag_before`` rule, or both times of a ``flag_both`` pair written out of order.  Vectorised, no text
    made: a read keeps only these rows for the list, built when asked (``records check``, ``records import``), so a
    read that scores pays nothing per flagged row (review rev18: reading 1 M calls, 333,334 of them flagged, took 22 s
    and 1.8 GB with the messages, 7 s and 0.7 GB without).

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> f = pd.DataFrame({"arrived_at": pd.to_datetime(["2025-06-02 10:20", "2025-06-02 10:20", None]),
    ...                   "completed_at": pd.to_datetime(["2025-06-02 10:10", "2025-06-02 10:30", "2025-06-02 10:00"])})
    >>> flag_mask(contracts()["work_orders"], f).tolist()
    [True, False, False]
    """
    bad = np.zeros(len(frame), dtype=bool)
    for end, starts in (c.flag_before or {}).items():
        if end not in frame:
            continue
        for start in starts:
            if start in frame:   # the comparison order_problems makes
                bad |= earlier(frame[end], frame[start])
    for a, b in (c.flag_both or ()):
        if a in frame and b in frame:   # the comparison both_problems makes
            bad |= earlier(frame[b], frame[a])
    return bad


def flag_problems(c, frame: pd.DataFrame, rows: np.ndarray, labels: np.ndarray,
                  written: pd.DataFrame | None = None) -> Problems:
    """The rows of ``frame`` (typed records of the contract ``c``) that break a ``flag_before`` or ``flag_both`` rule
    of it: kept, not refused, as warnings with file, row, the record's own id, column, both values as the file wrote
    them (``written``: the records before they were typed, row for row) and the fix.  A person's id (客户编号) is
    never echoed, as every output leaves it out.  (:func:`windoweval.records.check.flagged_rows`.)

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> f = pd.DataFrame({"order_id": ["W1"], "arrived_at": pd.to_datetime(["2025-06-02 10:20"]),
    ...                   "completed_at": pd.to_datetime(["2025-06-02 10:10"])})
    >>> written = pd.DataFrame({"order_id": ["W1"], "arrived_at": ["2025/6/2 10:20"], "completed_at": ["2025/6/2 10:10"]})
    >>> pr = flag_problems(contracts()["work_orders"], f, np.array([2]), np.array(["工单.csv"], dtype=object), written)
    >>> pr[["row", "record_id", "column", "value", "code"]].values.tolist()
    [[2, 'W1', 'completed_at', '2025/6/2 10:10', 'end_before_step']]
    """
    if not (c.flag_before or c.flag_both) or not len(frame):
        return Problems.concat([])
    names = {k: sp.get("zh", k) for k, sp in c.columns.items()}
    own = [k for k in c.key if k in frame and not any(w in k for w in ("customer", "patient", "staff", "respondent"))]

    def ids(bad):   # the flagged rows' own ids alone: no text made of every row's key
        out = frame[own[0]][bad].astype("string").fillna("")
        for k in own[1:]:
            out = out + " / " + frame[k][bad].astype("string").fillna("")
        return out.to_numpy(dtype=object)

    rows, labels = np.asarray(rows), np.asarray(labels, dtype=object)
    return Problems.concat([order_problems(frame, c.flag_before, labels, rows, names, kept=True,
                                           ids=ids if own else None, written=written),
                            both_problems(frame, c.flag_both, labels, rows, names, ids=ids if own else None,
                                          written=written)])
