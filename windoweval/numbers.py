"""One rounding rule for every figure the package shows: pages, index, command line, XLSX, CSV and ``summary.json``.

数值的唯一取舍规则:页面、索引页、命令行、XLSX、CSV 和 ``summary.json`` 用同一规则。

Each kind of quantity has its own precision (:data:`KINDS`):

==========  =====================================  ===========  ============
kind        what                                   stored as    shown as
==========  =====================================  ===========  ============
``rate``    a share 0–1 (rates, met shares)        0.903        90.3%
``index``   an index, a score, an estimate (0–100)  65.1         65.1
``change``  a change in points                     2.8          +2.8
``se``      a standard error, a coefficient        0.0123       0.0123
``p``       a p-value                              0.000412     0.000412, <0.0001
``count``   a count                                25           25
==========  =====================================  ===========  ============

A value is rounded once (:func:`rounded`), and what is shown is formatted
from the rounded value (:func:`display`), so a figure reads the same wherever
it appears.  A rate just under its target never shows as the target: it is
cut (not rounded) to the precision, so 99.96 % against 100 % shows 99.9 %
(the target of a rate is 100 % unless given).  Missing values stay missing
(``None`` / NaN) and show as ``—``; never as 0.

Examples
--------
>>> display(0.9034, "rate"), display(0.99996, "rate"), display(0.89996, "rate", target=0.9)
('90.3%', '99.9%', '89.9%')
>>> rounded(0.99996, "rate"), rounded(1.0, "rate"), rounded(0.9005, "rate", target=0.9)
(0.999, 1.0, 0.901)
>>> display(2.84, "change"), display(-0.04, "change"), display(65.15, "index"), display(None, "index")
('+2.8', '+0.0', '65.2', '—')
>>> display(0.0123456, "se"), display(2.0, "se"), display(0.00004, "p"), display(0.0412345, "p"), display(1234567, "count")
('0.0123', '2.00', '<0.0001', '0.0412', '1,234,567')
>>> kind_of("met_share"), kind_of("se_diff"), kind_of("p_value"), kind_of("composite_index"), kind_of("importance")
('rate', 'se', 'p', 'index', 'se')
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

__all__ = ["KINDS", "kind_of", "rounded", "display", "round_series", "round_frame", "display_series",
           "round_figure", "MISSING", "CHART_DIGITS"]

#: Decimals (``("dp", n)``) or significant digits (``("sig", n)``) of each kind, in the unit it is stored in.
KINDS = {
    "rate": ("dp", 3),       # a share: 0.903 (= 90.3 %)
    "index": ("dp", 1),
    "change": ("dp", 1),
    "se": ("sig", 3),
    "p": ("sig", 3),
    "count": ("dp", 0),
}
#: What a missing value shows as.
MISSING = "—"
#: Significant digits kept in chart data (positions, bar lengths, error bars).
CHART_DIGITS = 4
#: p-values below this show as "<0.0001".
P_FLOOR = 1e-4

_RATE = re.compile(r"(^|_)(rate|share|fulfilment|ci_low|ci_high|target|gap|evidence)(_|$)")
_SE = re.compile(r"(^|_)(se|stderr|std_err|sd|coef|importance|odds_ratio|deff|element_var|weight|z)(_|$)")
_P = re.compile(r"(^|_)(p|p_value|pvalue)(_|$)")
_CHANGE = re.compile(r"(^|_)(change|diff)(_|$)")
_COUNT = re.compile(r"(^|_)(n|count|records|met|passed|failed|no_data|windows|respondents|cases|occurrences|"
                    r"promises|broken|eligible|reviewed|measures|rank)(_|$)")


def kind_of(name: str) -> str:
    """The kind of a column or headline named ``name`` (``index`` when the name says nothing else).

    Examples
    --------
    >>> kind_of("promise_fulfilment"), kind_of("p_value"), kind_of("n_records"), kind_of("satisfaction")
    ('rate', 'p', 'count', 'index')
    """
    name = str(name)
    if _P.search(name):
        return "p"
    if _SE.search(name):
        return "se"
    if _RATE.search(name):
        return "rate"
    if _CHANGE.search(name):
        return "change"
    if _COUNT.search(name):
        return "count"
    return "index"


def _scaled_round(x: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """``x`` rounded half away from zero to ``decimals`` (an array: one per value); the nearest double to k/10^d."""
    with np.errstate(invalid="ignore", over="ignore"):
        pos = decimals >= 0
        scale = np.power(10.0, np.abs(decimals))
        k = np.where(pos, x * scale, x / scale)
        k = np.sign(k) * np.floor(np.abs(k) + 0.5)
        return np.where(pos, k / scale, k * scale) + 0.0   # + 0.0: no -0.0


def _sig_decimals(x: np.ndarray, digits: int) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.floor(np.log10(np.abs(x)))
    mag = np.where(np.isfinite(mag), mag, 0)
    return (digits - 1 - mag).astype(int)


def _round_array(x: np.ndarray, kind: str, target=None) -> np.ndarray:
    mode, n = KINDS[kind]
    x = np.asarray(x, dtype=float)
    if mode == "sig":
        return _scaled_round(x, _sig_decimals(x, n))
    out = _scaled_round(x, np.full(x.shape, n))
    if kind == "rate":   # just under the target (100 % unless given): cut, never shown as the target
        t = np.full(x.shape, 1.0) if target is None else np.broadcast_to(np.asarray(target, dtype=float), x.shape)
        t = np.where(np.isnan(t), 1.0, t)
        under = (x < t) & (out >= t)
        if under.any():
            scale = 10.0 ** n
            out = np.where(under, np.floor(x * scale) / scale, out)
            out = np.where(under & (out >= t), t - 1 / scale, out)
    return out


def rounded(value, kind: str, target=None):
    """``value`` at its kind's precision (a float, an int for counts, None for a missing value).

    Examples
    --------
    >>> rounded(0.98456, "rate"), rounded(0.99996, "rate"), rounded(65.15, "index"), rounded(float("nan"), "index")
    (0.985, 0.999, 65.2, None)
    >>> rounded(25.0, "count"), rounded(0.0001234567, "se")
    (25, 0.000123)
    """
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return value
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return None
    if isinstance(value, (int, np.integer)) or (kind == "count" and float(value).is_integer()):
        return int(value)
    out = float(_round_array(np.array([value], dtype=float), kind, target)[0])
    return int(out) if kind == "count" else out


def display(value, kind: str, target=None) -> str:
    """``value`` as shown: rounded by :func:`rounded`, rates as percentages, changes signed, missing as —.

    Examples
    --------
    >>> display(0.98456, "rate"), display(0.99996, "rate"), display(-1.25, "change"), display(None, "rate")
    ('98.5%', '99.9%', '-1.3', '—')
    """
    return _shown(rounded(value, kind, target), kind)


def _shown(v, kind: str) -> str:
    """:func:`display` of ``v``, a value already :func:`rounded`."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return MISSING
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return str(v)
    mode, n = KINDS[kind]
    if kind == "rate":
        return f"{v * 100:.{max(n - 2, 0)}f}%"
    if kind == "change":
        return f"{v:+.{n}f}"
    if kind == "p" and v < P_FLOOR:
        return f"<{P_FLOOR:.4f}"
    if mode == "sig":
        return np.format_float_positional(v, precision=n, unique=False, fractional=False, trim="k").rstrip(".")
    if kind == "count":
        return f"{v:,}"
    if isinstance(v, int):      # a whole number that is not a count (a year, a month)
        return str(v)
    return f"{v:.{n}f}"


def round_series(s: pd.Series, kind: str | None = None, target=None) -> pd.Series:
    """A numeric Series at its kind's precision (kind from its name unless given); other Series as they are.

    Examples
    --------
    >>> round_series(pd.Series([0.98456, 0.99996, None], name="pass_rate")).tolist()
    [0.985, 0.999, nan]
    >>> round_series(pd.Series([0.000123456], name="p_value")).tolist()
    [0.000123]
    """
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        return s
    kind = kind or kind_of(s.name)
    if pd.api.types.is_integer_dtype(s.dtype):
        return s
    vals = _round_array(s.to_numpy(dtype=float, na_value=np.nan), kind, target)
    return pd.Series(vals, index=s.index, name=s.name)


def display_series(s: pd.Series, kind: str | None = None, target=None) -> pd.Series:
    """A Series as shown (strings), by :func:`display`.

    Examples
    --------
    >>> display_series(pd.Series([0.98456, 0.99996, None], name="pass_rate")).tolist()
    ['98.5%', '99.9%', '—']
    >>> display_series(pd.Series([0.9, 0.89996]), "rate", target=0.9).tolist()
    ['90.0%', '89.9%']
    """
    kind = kind or kind_of(s.name)
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        return s
    if pd.api.types.is_float_dtype(s.dtype) and kind != "count":
        # a column of floats rounded at once (as :func:`rounded` rounds each: the same array rule, value by value),
        # then each value written: no array made per value (the scorecard's grid: ~10,000 rates)
        try:
            t = None if target is None else np.broadcast_to(np.asarray(target, dtype=float), (len(s),))
        except (TypeError, ValueError):   # a target that is not a number: value by value, as display does
            t = None
        else:
            vals = _round_array(s.to_numpy(dtype=float, na_value=np.nan), kind, t)
            return pd.Series([_shown(None if v != v else v, kind) for v in vals.tolist()], index=s.index,
                             name=s.name, dtype=object)
    t = target if target is not None else [None] * len(s)
    t = list(np.broadcast_to(np.asarray(t, dtype=object), (len(s),)))
    return pd.Series([display(v, kind, tt) for v, tt in zip(s.tolist(), t)], index=s.index, name=s.name,
                     dtype=object)


def round_frame(df: pd.DataFrame, kinds: dict | None = None) -> pd.DataFrame:
    """Every numeric column of ``df`` at its kind's precision (``kinds`` overrides the kind by name).

    A rate column is rounded against the frame's ``target`` column when it has one.

    Examples
    --------
    >>> df = pd.DataFrame({"window": ["PW01", "PW02"], "pass_rate": [0.89996, 0.95049], "target": [0.9, 0.9],
    ...                    "score": [71.25, 80.04]})
    >>> round_frame(df).to_dict("list")
    {'window': ['PW01', 'PW02'], 'pass_rate': [0.899, 0.95], 'target': [0.9, 0.9], 'score': [71.3, 80.0]}
    """
    kinds = kinds or {}
    out = df.copy()
    target = df["target"] if "target" in df.columns and pd.api.types.is_numeric_dtype(df["target"].dtype) else None
    for c in out.columns:
        k = kinds.get(c) or kind_of(c)
        tgt = target.to_numpy(dtype=float, na_value=np.nan) if (target is not None and k == "rate"
                                                               and c != "target") else None
        out[c] = round_series(out[c], k, tgt)
    return out


def _round_any(obj, digits: int):
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f":
            return _scaled_round(obj, _sig_decimals(obj, digits))
        if obj.dtype.kind == "O":
            return np.array([_round_any(v, digits) for v in obj], dtype=object)
        return obj
    if isinstance(obj, (float, np.floating)) and not isinstance(obj, bool):
        return float(obj) if not math.isfinite(obj) else \
            float(_scaled_round(np.array([obj]), _sig_decimals(np.array([obj]), digits))[0])
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:     # plotly's typed array: base64 of the values
            import base64

            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if "shape" in obj:
                arr = arr.reshape(tuple(int(n) for n in str(obj["shape"]).split(",")))
            return _round_any(arr.copy(), digits) if arr.dtype.kind == "f" else obj
        return {k: _round_any(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_round_any(v, digits) for v in obj)
    return obj


def round_figure(fig, digits: int = CHART_DIGITS):
    """A plotly figure (``go.Figure`` or its dict) with every float, data and layout, at ``digits`` significant
    digits: what a chart stores is what it can show, the same on every machine.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> f = round_figure(go.Figure(go.Bar(x=[0.138548077159182, 2.0], y=["a", "b"])).add_vline(x=0.3333333))
    >>> list(f.data[0].x), f.layout.shapes[0].x0
    ([0.1385, 2.0], 0.3333)
    >>> x = round_figure(go.Figure(go.Bar(x=np.array([65.05688267998234]), y=["a"]))).to_dict()["data"][0]["x"]
    >>> x["dtype"], np.frombuffer(__import__("base64").b64decode(x["bdata"])).tolist()   # plotly's typed array
    ('f8', [65.06])
    """
    import plotly.graph_objects as go

    d = fig.to_dict() if isinstance(fig, go.Figure) else fig
    d = _round_any(d, digits)
    return go.Figure(d) if isinstance(fig, go.Figure) else d
