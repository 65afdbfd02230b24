"""Value kernels: measured values within a band (readings, or a monitor's statistics by time), flags, checklist items, what was recorded, supply reliability."""
from __future__ import annotations


import numpy as np
import pandas as pd

from ..population import closed_of
from .base import _apply_missing, _mask, bound_of, excluded_of, kernel, share_of, with_bound, with_excluded, with_share  # noqa: F401 - the examples
from .base import unlisted_units
from .time import horizon_of


@kernel("band", "偏差超出 {low}~{high}", "deviation outside {low} to {high}", columns=("value", "nominal"),
        row_local=True)
def band(df: pd.DataFrame, value: str, nominal: str, low: float, high: float) -> pd.Series:
    """Relative deviation (value − nominal) / nominal within [low, high].

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"v": [235.4, 235.5, 198.0, 197.9], "n": [220.0] * 4})
    >>> band(df, "v", "n", -0.10, 0.07).tolist()
    [True, False, True, False]
    """
    dev = _deviation(df, value, nominal)
    eps = 1e-12
    ok = (dev >= low - eps) & (dev <= high + eps)
    return _mask(ok, df.index, np.isnan(dev))


def _deviation(df, value, nominal) -> np.ndarray:
    v = df[value].to_numpy(dtype=float, na_value=np.nan)
    n = df[nominal].to_numpy(dtype=float, na_value=np.nan)
    return (v - n) / n


@kernel("band_span", "正负偏差绝对值之和超过 {max_span}",
        "positive and negative deviations together exceed {max_span}", columns=("value", "nominal", "by", "time"))
def band_span(df: pd.DataFrame, value: str, nominal: str, max_span: float,
              by: list | None = None, period: str = "D", time: str = "read_at") -> pd.Series:
    """The largest positive and largest negative deviation of a point in a period, together ≤ ``max_span``.

    第六条(一)1(1): for 35 kV and above, |max positive| + |max negative|
    deviation ≤ 10 %.  Every reading of a point-period shares that verdict,
    so the rate by time is the share of time in compliant periods.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"p": ["a"] * 2 + ["b"] * 2, "v": [36.4, 35.0, 37.5, 33.6], "n": [35.0] * 4,
    ...                    "t": pd.to_datetime(["2025-01-01 01:00", "2025-01-01 02:00"] * 2)})
    >>> band_span(df, "v", "n", 0.10, by=["p"], time="t").tolist()
    [True, True, False, False]
    """
    dev = pd.Series(_deviation(df, value, nominal), index=df.index)
    keys = [df[c] for c in (by or [])] + [df[time].dt.to_period(period)]
    g = dev.groupby(keys, sort=False)
    span = g.transform("max").clip(lower=0) + (-g.transform("min")).clip(lower=0)
    return _mask((span <= max_span + 1e-12).to_numpy(), df.index, dev.isna().to_numpy())


def _floats(df: pd.DataFrame, col: str | None) -> np.ndarray:
    """``df[col]`` as floats (NaN where blank); all NaN when no column is named or the records lack it."""
    if not col or col not in df:
        return np.full(len(df), np.nan)
    return df[col].to_numpy(dtype=float, na_value=np.nan)


def _minutes_detail(df: pd.DataFrame, params: dict) -> pd.DataFrame:
    """:func:`band_minutes`'s drill-down columns: ``minutes_outside`` (over + under the monitor's limits) and
    ``share_within`` (the minutes within over the minutes monitored).

    Examples
    --------
    >>> _minutes_detail(pd.DataFrame({"r": [1440.0], "o": [30.0], "u": [10.0]}), {"run": "r", "over": "o", "under": "u"}
    ...                 )[["minutes_outside", "share_within"]].round(4).values.tolist()
    [[40.0, 0.9722]]
    """
    r, o, u = (_floats(df, params.get(x)) for x in ("run", "over", "under"))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(r > 0, (r - o - u) / np.where(r > 0, r, 1), np.nan)
    return df.assign(minutes_outside=o + u, share_within=share)


def _monitor_limits(df: pd.DataFrame, nominal, upper_v, lower_v, upper_pct, lower_pct) -> tuple:
    """The monitor's upper and lower limits of each record as fractions of nominal (+0.07, -0.10): in volts with
    the nominal voltage, else in percent (the lower of either sign); NaN where neither is shown.

    Examples
    --------
    >>> df = pd.DataFrame({"n": [220.0, np.nan], "hi": [235.4, 235.4], "lo": [198.0, np.nan], "lp": [np.nan, 10.0]})
    >>> [a.round(4).tolist() for a in _monitor_limits(df, "n", "hi", "lo", None, "lp")]
    [[0.07, nan], [-0.1, -0.1]]
    """
    n = _floats(df, nominal)
    with np.errstate(invalid="ignore", divide="ignore"):
        up = (_floats(df, upper_v) - n) / n
        up = np.where(np.isnan(up), _floats(df, upper_pct) / 100, up)
        lo = (_floats(df, lower_v) - n) / n
        lo = np.where(np.isnan(lo), -np.abs(_floats(df, lower_pct)) / 100, lo)
    return up, lo


def _pct(a: np.ndarray) -> np.ndarray:
    """Fractions of nominal written as signed percentages (+10.00%), for a reason's text."""
    return pd.Series(a).map(lambda x: f"{x * 100:+.2f}%").to_numpy(dtype=object)


def _with_reason(zh: np.ndarray, en: np.ndarray, where: np.ndarray, say_zh, say_en) -> None:
    """Add a reason (a text, or one per row) to the rows ``where`` of the ``zh`` / ``en`` lists, in place."""
    for i, at in enumerate(np.flatnonzero(where)):
        zh[at] = zh[at] + ("。" if zh[at] else "") + (say_zh if isinstance(say_zh, str) else say_zh[i])
        en[at] = en[at] + ("; " if en[at] else "") + (say_en if isinstance(say_en, str) else say_en[i])


def _joined(zh: np.ndarray, en: np.ndarray) -> np.ndarray:
    """``zh / en`` per row, blank where neither has a reason."""
    return np.asarray([f"{a} / {b}" if a else "" for a, b in zip(zh, en)], dtype=object)


def _minutes_lacking(rows: pd.DataFrame, params: dict) -> np.ndarray:
    """Why each of :func:`band_minutes`'s records without evidence has none, with the fix (the ``lacking`` of
    :func:`~windoweval.kernels.base.kernel`): the minutes monitored blank or 0, the over or under minutes blank, a
    limit not shown (or in volts without the nominal voltage), a limit looser than the standard's, or tighter with
    minutes beyond it.  Run on those records only.

    Examples
    --------
    >>> rows = pd.DataFrame({"r": [1440.0, 1440.0], "o": [0.0, 0.0], "u": [0.0, 0.0], "n": [220.0, 220.0],
    ...                      "hi": [np.nan, 242.0], "lo": [198.0, 198.0]})
    >>> why = _minutes_lacking(rows, {"run": "r", "over": "o", "under": "u", "nominal": "n", "upper_v": "hi",
    ...                               "lower_v": "lo", "low": -0.10, "high": 0.07})
    >>> why[0].split(" / ")[1][:38], why[1].split(" / ")[1][:56]
    ('no upper limit shown (hi blank): minut', "the monitor's upper limit +10.00% is looser than the sta")
    """
    p = params
    zh = np.full(len(rows), "", dtype=object)
    en = np.full(len(rows), "", dtype=object)
    if not len(rows):
        return zh
    r, o, u = (_floats(rows, p.get(x)) for x in ("run", "over", "under"))
    up, lo = _monitor_limits(rows, p.get("nominal"), p.get("upper_v"), p.get("lower_v"), p.get("upper_pct"),
                             p.get("lower_pct"))
    n = _floats(rows, p.get("nominal"))
    low, high, tol = float(p.get("low", np.nan)), float(p.get("high", np.nan)), float(p.get("tolerance", 5e-4))
    fix_zh = "请在监测系统中补全后重新导出"
    _with_reason(zh, en, ~(r > 0), f"运行时间为空或为 0:合格率按时间计,无从计算;{fix_zh}",
                 f"{p.get('run')} blank or 0: the rate is by time and cannot be worked out; complete it in the "
                 f"monitoring system and export again")
    for col, name in ((p.get("over"), "超上限时间"), (p.get("under"), "超下限时间")):
        _with_reason(zh, en, np.isnan(_floats(rows, col)), f"{name}为空:越限分钟数未知;{fix_zh}",
                     f"{col} blank: the minutes beyond the limit are unknown; complete it in the monitoring system "
                     f"and export again")
    for side, lim, std, beyond, zs, ze, vcol, pcol in (
            ("upper", up, high, o, "上", "upper", p.get("upper_v"), p.get("upper_pct")),
            ("lower", lo, low, u, "下", "lower", p.get("lower_v"), p.get("lower_pct"))):
        volts = ~np.isnan(_floats(rows, vcol)) & np.isnan(n)
        none = np.isnan(lim)
        _with_reason(zh, en, none & volts,
                     f"{zs}限值以伏计而额定电压为空:监测仪的{zs}限是否为标准的无从判断;请导出额定电压,或在 mapping.yaml 中用 "
                     f"constant 设定 nominal_v",
                     f"the {ze} limit is in volts and the nominal voltage is blank: whether the monitor's {ze} limit "
                     f"is the standard's cannot be told; export the nominal voltage, or set nominal_v with constant in "
                     f"mapping.yaml")
        _with_reason(zh, en, none & ~volts,
                     f"未给出{zs}限({zs}限值与{zs}限(%)均为空):越出标准的分钟可能被算作合格;请导出监测仪的{zs}限,或在 "
                     f"mapping.yaml 中用 constant 设定",
                     f"no {ze} limit shown ({' or '.join(c for c in (vcol, pcol) if c)} blank): minutes outside the standard's band may be counted "
                     f"within; export the monitor's {ze} limit, or set it with constant in mapping.yaml")
        sign = 1.0 if side == "upper" else -1.0
        with np.errstate(invalid="ignore"):
            looser = ~none & (sign * (lim - std) > tol)
            tighter = ~none & (sign * (std - lim) > tol) & ~(beyond == 0)
        std_txt = f"{std * 100:+g}%"
        if looser.any():
            g = _pct(lim[looser])
            _with_reason(zh, en, looser,
                         [f"监测仪{zs}限 {x} 宽于标准的 {std_txt}:越出标准而未越出监测仪{zs}限的分钟被算作合格;请按标准限值"
                          f"({std_txt})统计后重新导出" for x in g],
                         [f"the monitor's {ze} limit {x} is looser than the standard's {std_txt}: minutes outside the "
                          f"standard's band but within the monitor's are counted within; count by the standard's "
                          f"limit ({std_txt}) and export again" for x in g])
            with np.errstate(invalid="ignore", divide="ignore"):
                sure = looser & (beyond > 0) & (r > 0)
                at_most = (r - beyond) / np.where(r > 0, r, 1)
            if sure.any():   # the minutes beyond the looser limit: beyond the standard's too (kernel's bound)
                m, b = beyond[sure], at_most[sure]
                _with_reason(zh, en, sure,
                             [f"其中越出监测仪{zs}限的 {k:g} 分钟也越出标准的{zs}限:至少这些分钟不合格,合格时间至多 {x:.2%}"
                              for k, x in zip(m, b)],
                             [f"its {k:g} minutes beyond the monitor's {ze} limit are beyond the standard's too: "
                              f"certainly outside, at most {x:.2%} of the time within" for k, x in zip(m, b)])
        if tighter.any():
            g, m = _pct(lim[tighter]), beyond[tighter]
            _with_reason(zh, en, tighter,
                         [f"监测仪{zs}限 {x} 严于标准的 {std_txt},且有 {k:g} 分钟越出它:这些分钟可能仍在标准之内;请按"
                          f"标准限值({std_txt})统计后重新导出" for x, k in zip(g, m)],
                         [f"the monitor's {ze} limit {x} is tighter than the standard's {std_txt}, with {k:g} minutes "
                          f"beyond it: they may be within the standard's band; count by the standard's limit "
                          f"({std_txt}) and export again" for x, k in zip(g, m)])
    return _joined(zh, en)


def _extremes_lacking(rows: pd.DataFrame, params: dict) -> np.ndarray:
    """Why each of :func:`band_span_extremes`'s records without evidence has none, with the fix: the highest, the
    lowest or the nominal voltage blank, or a month's span over the limit (which days were cannot be told).

    Examples
    --------
    >>> rows = pd.DataFrame({"hi": [37100.0, np.nan], "lo": [33250.0] * 2, "n": [35000.0] * 2, "d": [None, "x"]})
    >>> [w.split(" / ")[1][:30] for w in _extremes_lacking(rows, {"max_value": "hi", "min_value": "lo",
    ...                                                               "nominal": "n", "day": "d", "max_span": 0.1})]
    ["a month's row whose span (11.0", 'hi blank: the span cannot be w']
    """
    p = params
    zh = np.full(len(rows), "", dtype=object)
    en = np.full(len(rows), "", dtype=object)
    if not len(rows):
        return zh
    names = {"max_value": "最高电压", "min_value": "最低电压", "nominal": "额定电压"}
    for key, name in names.items():
        _with_reason(zh, en, np.isnan(_floats(rows, p.get(key))),
                     f"{name}为空:正负偏差之和无从计算;请在监测系统中补全后重新导出,额定电压也可在 mapping.yaml 中用 constant 设定",
                     f"{p.get(key)} blank: the span cannot be worked out; complete it in the monitoring system and "
                     f"export again (the nominal voltage may be set with constant in mapping.yaml)")
    n = _floats(rows, p.get("nominal"))
    with np.errstate(invalid="ignore", divide="ignore"):
        span = np.clip((_floats(rows, p.get("max_value")) - n) / n, 0, None) + \
            np.clip((n - _floats(rows, p.get("min_value"))) / n, 0, None)
    day = p.get("day")
    month = ~(rows[day].notna().to_numpy(dtype=bool) if day in rows else np.zeros(len(rows), dtype=bool))
    over = month & (span > float(p.get("max_span", np.nan)) + 1e-12)
    if over.any():
        g = pd.Series(span[over]).map(lambda x: f"{x * 100:.2f}%").to_numpy(dtype=object)
        lim = f"{float(p['max_span']) * 100:g}%"
        _with_reason(zh, en, over,
                     [f"月统计行的正负偏差之和({x})超过 {lim},但不知是哪几天:标准按监测点、日计;请导出日统计行" for x in g],
                     [f"a month's row whose span ({x}) is over {lim}, but on which days cannot be told (the standard "
                      f"takes it per point and day); export the day rows" for x in g])
    return _joined(zh, en)


@kernel("band_minutes", "超出 {low}~{high} 的分钟(监测仪统计)", "minutes outside {low} to {high} (a monitor's statistics)",
        columns=("run", "over", "under", "nominal", "upper_v", "lower_v", "upper_pct", "lower_pct"), row_local=True,
        detail=_minutes_detail, lacking=_minutes_lacking)
def band_minutes(df: pd.DataFrame, run: str, over: str, under: str, low: float, high: float,
                 nominal: str | None = None, upper_v: str | None = None, lower_v: str | None = None,
                 upper_pct: str | None = None, lower_pct: str | None = None, tolerance: float = 5e-4) -> pd.Series:
    """A monitor's statistics of a period by time: the minutes within [low, high] of ``run`` minutes monitored.

    Each record (a point's day or month) is met whole where no minute was ``over`` the upper or ``under`` the lower
    limit, missed otherwise, and carries the share of its minutes within (:func:`~windoweval.kernels.base.with_share`):
    weighed by its minutes monitored (the measure's ``weight_column``) the rate is the minutes within over the
    minutes monitored, 电压合格率 by time.

    The over and under minutes count against the *monitor's* limits, the standard's evidence only where they are
    the standard's band.  A side's limit (``upper_v`` / ``lower_v`` in volts with ``nominal``, else ``upper_pct`` /
    ``lower_pct`` in percent of nominal, the lower of either sign: -10 and 10 are 10 % below) is the standard's
    within ``tolerance`` (0.05 % of nominal: 235.4 V of 220 V is +7 %).  A side set looser than the standard's, or
    not shown, could count a minute outside the standard's band as within: the record is missing evidence (<NA>),
    never met.  A side set tighter with minutes beyond it could count a minute within the standard's band as
    outside: missing evidence too, never missed; with no minute beyond it that side is met.  No minutes monitored
    (blank or 0), a blank over or under, or over + under beyond the minutes monitored: missing evidence.  The minutes
    beyond a side set looser are beyond the standard's too: such a record, missing evidence, is bounded
    (:func:`~windoweval.kernels.base.with_bound`: at most (run - beyond) / run within), and a measure that cannot
    reach its target with it at that bound fails.

    Examples
    --------
    >>> df = pd.DataFrame({"r": [1440.0, 1440.0, 1440.0, 1440.0], "o": [0.0, 30.0, 0.0, 0.0], "u": [0.0, 10.0, 20.0, 0.0],
    ...                    "n": [220.0] * 4, "hi": [235.4, 235.4, 235.4, 242.0], "lo": [198.0, 198.0, 204.6, 198.0]})
    >>> m = band_minutes(df, "r", "o", "u", -0.10, 0.07, nominal="n", upper_v="hi", lower_v="lo")
    >>> m.tolist(), share_of(m).round(4).tolist()   # the 3rd: tighter lower with minutes under; the 4th: looser upper
    ([True, False, <NA>, <NA>], [1.0, 0.9722, 0.0, 0.0])
    >>> bound_of(band_minutes(df.assign(o=[0.0, 30.0, 0.0, 30.0]), "r", "o", "u", -0.10, 0.07, nominal="n", upper_v="hi",
    ...                       lower_v="lo")).round(4).tolist()   # the 4th: 30 minutes over 242 V are over 235.4 V
    [1.0, 1.0, 1.0, 0.9792]
    """
    r, o, u = _floats(df, run), _floats(df, over), _floats(df, under)
    up, lo = _monitor_limits(df, nominal, upper_v, lower_v, upper_pct, lower_pct)
    with np.errstate(invalid="ignore", divide="ignore"):
        # each side: the standard's limit, or a tighter one with no minute beyond it (NaN: no limit shown)
        up_ok = (np.abs(up - high) <= tolerance) | ((up < high - tolerance) & (o == 0))
        lo_ok = (np.abs(lo - low) <= tolerance) | ((lo > low + tolerance) & (u == 0))
        minutes = (r > 0) & (o >= 0) & (u >= 0) & (o + u <= r)
        missing = ~(minutes & up_ok & lo_ok)
        share = np.where(missing, 0.0, (r - o - u) / np.where(r > 0, r, 1))
        # a side looser than the standard's: its minutes beyond it are beyond the standard's too, certainly outside
        beyond = np.where(up > high + tolerance, o, 0.0) + np.where(lo < low - tolerance, u, 0.0)
        bound = np.where(minutes & (beyond > 0), (r - beyond) / np.where(r > 0, r, 1), 1.0)
        # the minutes monitored not written (some time, how long unknown) and minutes beyond a limit at or looser than
        # the standard's: some of the row surely outside, how much unknown: a bound just under 1 (diff40)
        sure_out = ((o > 0) & (up >= high - tolerance)) | ((u > 0) & (lo <= low + tolerance))
        bound = np.where(np.isnan(r) & sure_out, np.nextafter(1.0, 0.0), bound)
    return with_bound(with_share(_mask((o + u == 0) & ~missing, df.index, missing), share), bound)


@kernel("band_span_extremes", "正负偏差绝对值之和超过 {max_span}(按最高、最低电压)",
        "positive and negative deviations together exceed {max_span} (by the highest and lowest voltage)",
        columns=("max_value", "min_value", "nominal", "day"), row_local=True, lacking=_extremes_lacking)
def band_span_extremes(df: pd.DataFrame, max_value: str, min_value: str, nominal: str, max_span: float,
                       day: str) -> pd.Series:
    """第六条(一)1(1) from a monitor's statistics: the positive deviation of the period's highest voltage and the
    negative of its lowest, together at most ``max_span`` of nominal.

    The standard takes them per point and day (as :func:`band_span` does over readings).  A row of one day
    (``day`` written) is met or missed whole.  A row of a month is met when its span is within (no day's highest is
    above the month's, nor its lowest below): a month over the span cannot say which days were, and is missing
    evidence, never missed.  Without the highest, the lowest or the nominal voltage: missing evidence.

    Examples
    --------
    >>> df = pd.DataFrame({"hi": [36750.0, 37100.0, 36000.0, 37100.0], "lo": [33250.0] * 2 + [34000.0, 33250.0],
    ...                    "n": [35000.0] * 4, "d": pd.to_datetime(["2025-05-01", "2025-05-01", None, None])})
    >>> band_span_extremes(df, "hi", "lo", "n", 0.10, "d").tolist()
    [True, False, True, <NA>]
    """
    n = _floats(df, nominal)
    with np.errstate(invalid="ignore", divide="ignore"):
        span = np.clip((_floats(df, max_value) - n) / n, 0, None) + np.clip((n - _floats(df, min_value)) / n, 0, None)
    met = span <= max_span + 1e-12
    a_day = df[day].notna().to_numpy(dtype=bool) if day in df else np.zeros(len(df), dtype=bool)
    missing = np.isnan(span) | (~a_day & ~met)
    return _mask(met & ~missing, df.index, missing)


@kernel("flag", "未做到", "not done", columns=("column",), row_local=True)
def flag(df: pd.DataFrame, column: str, missing: str = "na") -> pd.Series:
    """A recorded yes/no: passed where ``column`` is true.

    Examples
    --------
    >>> import pandas as pd
    >>> flag(pd.DataFrame({"x": pd.array([True, False, None], dtype="boolean")}), "x").tolist()
    [True, False, <NA>]
    """
    col = df[column].astype("boolean")
    mask = _mask(col.fillna(False).to_numpy(), df.index, col.isna().to_numpy())
    return _apply_missing(mask, col.isna().to_numpy(), missing)


def _checklist_codes(codes, rows, items: list, makeup_days: str = "count", calendar=None):
    """:func:`checklist`'s verdicts at the rows ``rows`` from the frame's integer codes (the ``codes`` of
    :func:`~windoweval.kernels.base.kernel`): ``(met, missing, excluded)``, or None when ``item`` and ``result``
    are not text (or categories) columns.

    Examples
    --------
    >>> import numpy as np
    >>> from windoweval.engine.plan import _Codes
    >>> df = pd.DataFrame({"item": ["a", "a", "b", "a", "a"], "result": ["pass", "fail", "pass", "na", None]},
    ...                   dtype="string")
    >>> met, missing, excluded = _checklist_codes(_Codes(df), np.array([0, 1, 2, 3, 4]), ["a"])
    >>> met.tolist(), missing.tolist(), excluded.tolist()
    ([True, False, True, False, False], [False, False, True, True, True], [False, False, True, True, False])
    """
    if makeup_days != "count" or not ("item" in codes.df and "result" in codes.df and codes.factorizable("item")
                                      and codes.factorizable("result")):
        return None     # the visits on 调休 days need their times: the kernel itself
    rc = codes.get("result")[0]
    missing = (rc if rows is None else rc[rows]) < 0          # no result recorded
    met = codes.isin("result", ("pass",), rows)
    ruled = ~codes.isin("item", items, rows) | codes.isin("result", ("na",), rows)   # not applicable: the rule's
    return met, ruled | missing, ruled


def _checklist_lacking(rows: pd.DataFrame, params: dict) -> np.ndarray:
    """Why each of :func:`checklist`'s records without evidence has none, with the fix (the ``lacking`` of
    :func:`~windoweval.kernels.base.kernel`): its result (结果) blank, so the item was not found passed, failed or not
    applicable at that visit.  Run on those records only.

    Examples
    --------
    >>> rows = pd.DataFrame({"item": ["open_all_week", "x"], "result": [None, "pass"], "visit_id": ["V1", "V2"]})
    >>> why = _checklist_lacking(rows, {"items": ["open_all_week"]})
    >>> why[0].split(" / ")[1][:44], why[1]
    ('result blank: checklist item open_all_week a', '')
    """
    zh = np.full(len(rows), "", dtype=object)
    en = np.full(len(rows), "", dtype=object)
    if not len(rows) or "result" not in rows:
        return zh
    blank = rows["result"].isna().to_numpy(dtype=bool)
    item = (rows["item"].astype("string").fillna("") if "item" in rows else pd.Series([""] * len(rows))).to_numpy(
        dtype=object)
    visit = (rows["visit_id"].astype("string").fillna("") if "visit_id" in rows else pd.Series([""] * len(rows))
             ).to_numpy(dtype=object)
    at = np.flatnonzero(blank)
    _with_reason(zh, en, blank,
                 [f"结果为空:检查 {visit[i]} 未记录检查项 {item[i]} 合格、不合格或不适用,无从判断(不计达标,也不计未达标);"
                  f"请在检查表中补填结果(pass、fail 或 na)后重新导出,或在 mapping.yaml 的 inspections.values.result "
                  f"中映射表示结果的代码" for i in at],
                 [f"result blank: checklist item {item[i]} at visit {visit[i]} is recorded neither passed, failed "
                  f"nor not applicable, so it cannot be judged (neither met nor missed); fill the result (pass, fail "
                  f"or na) in the checklist and export again, or map the codes that write it under "
                  f"inspections.values.result in mapping.yaml" for i in at])
    return _joined(zh, en)


@kernel("checklist", "检查项不合格", "checklist item failed", reads=("item", "result", "visit_id", "visited_at"),
        row_local=True, units="visit_id", population={"item": "items"}, codes=_checklist_codes,
        lacking=_checklist_lacking)
def checklist(df: pd.DataFrame, items: list, makeup_days: str = "count", calendar=None) -> pd.Series:
    """Inspection / mystery-shopper items: passed where result is 'pass'; 'na' is not applicable.

    The population is the rows whose ``item`` is one of ``items``; other rows are <NA>.  A result marked
    ``na`` (and a row of another item) is left out by rule (:func:`~windoweval.kernels.base.excluded_of`);
    a blank result is <NA> as missing evidence.  With ``makeup_days="skip"`` (an item about the weekend, 无周休日)
    a pass found on a make-up working day (调休: a Saturday or Sunday the State Council's notice makes a working
    day, by ``calendar``) is left out by rule, never a pass: the hall was open on an official working day, which
    says nothing of its weekend (neither evidence for it nor a gap in it: the window is judged by its other visits,
    and with none it has no evidence); a fail found that day stays a fail (shut even on a working weekend day).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"item": ["a", "a", "b", "a"], "result": ["pass", "fail", "pass", "na"]})
    >>> m = checklist(df, ["a"])
    >>> m.tolist(), excluded_of(m).tolist()
    ([True, False, <NA>, <NA>], [False, False, True, True])
    >>> from windoweval.calendar import WorkCalendar
    >>> w = pd.DataFrame({"item": "a", "result": ["pass", "pass", "fail"],      # 调休 Sunday, ordinary Sunday, 调休
    ...                   "visited_at": pd.to_datetime(["2025-09-28 10:00", "2025-09-21 10:00", "2025-09-28 11:00"])})
    >>> m = checklist(w, ["a"], makeup_days="skip", calendar=WorkCalendar())
    >>> m.tolist(), excluded_of(m).tolist()
    ([<NA>, True, False], [True, False, False])
    """
    res = df["result"].astype("string")
    inpop = df["item"].isin(items).to_numpy()
    ruled = ~inpop | (res == "na").to_numpy(dtype=bool, na_value=False)   # not applicable: the rule's, not a gap
    passed = (res == "pass").to_numpy(dtype=bool, na_value=False)
    if makeup_days not in ("count", "skip"):
        raise ValueError(f"makeup_days 应为 count 或 skip / makeup_days must be 'count' or 'skip', got {makeup_days!r}")
    if makeup_days == "skip":
        if calendar is None or "visited_at" not in df:
            raise ValueError("makeup_days = skip 需要日历与检查时间 / makeup_days = skip needs the calendar and visited_at")
        from .counts import makeup_days_of

        ruled = ruled | (passed & makeup_days_of(df["visited_at"], calendar))   # open on a working day: not the rule's
    out = _mask(passed & ~ruled, df.index, ruled | res.isna().to_numpy())   # no result recorded: missing evidence
    return with_excluded(out, ruled)


# -- phrases ---------------------------------------------------------------


@kernel("recorded", "未记录 {column}", "{column} not recorded",
        columns=("column", "or_recorded", "unless", "other_than", "status"), row_local=True)
def recorded(df: pd.DataFrame, column: str, values: list | None = None, or_recorded: str | None = None,
             unless: str | None = None, other_than: str | None = None, neither: str = "fail",
             status: str | None = None, status_yes: list | None = None, status_no: list | None = None) -> pd.Series:
    """Passed where ``column`` holds a value (and, with ``values``, one of them), or where the column
    ``or_recorded`` holds any value; a blank fails.  With ``unless``, a record where that column holds a value
    fails whatever ``column`` holds (a call answered is not abandoned, even where the export writes its hang-up
    time: the call's end); with ``neither = "missing"`` a record where neither ``column`` nor ``unless`` holds a
    value is <NA>, missing evidence (a call with no answer and no hang-up time: abandoned or its answer not
    written, which is unknown), not a fail.  With ``other_than`` (a column naming the person the record is about: the staff member
    who paused), a value of ``column`` or ``or_recorded`` equal to that person's counts as blank: 由他人临时顶替
    needs someone else (a queue system that fills the logged-in user in as the cover names nobody); where
    ``other_than`` is blank any name counts.  ``status`` names a code column read where ``unless`` is blank (or
    on every row without ``unless``), before ``column``: a code in ``status_yes`` passes whatever ``column`` holds, one
    in ``status_no`` fails (a 95598 call's hang_up: abandoned, with no hang-up time, is abandoned; answered, with no
    answer time, is not); any other code, or a blank, leaves ``column`` to decide.

    Examples
    --------
    >>> import pandas as pd
    >>> recorded(pd.DataFrame({"c": ["S1", None, "x"]}), "c").tolist()
    [True, False, True]
    >>> recorded(pd.DataFrame({"c": ["approved", None, "none"], "by": [None, "S2", None]}), "c", ["approved"], "by").tolist()
    [True, True, False]
    >>> recorded(pd.DataFrame({"h": ["08:03", "08:01", None], "a": ["08:00", None, None]}), "h", unless="a").tolist()
    [False, True, False]
    >>> recorded(pd.DataFrame({"by": ["S2", "S1", "S1"], "who": ["S1", "S1", None]}), "by", other_than="who").tolist()
    [True, False, True]
    >>> recorded(pd.DataFrame({"h": ["08:03", None, None], "a": [None, "08:00", None]}), "h", unless="a",
    ...          neither="missing").tolist()
    [True, False, <NA>]
    >>> hu = pd.DataFrame({"h": [None, "08:03", None, "08:00"], "a": [None, None, None, "07:59"],
    ...                    "r": ["abandoned", "answered", "other", "abandoned"]})
    >>> recorded(hu, "h", unless="a", neither="missing", status="r", status_yes=["abandoned"],
    ...          status_no=["answered"]).tolist()
    [True, False, <NA>, False]
    """
    def named(c: str) -> np.ndarray:   # a value, and not the person the record is about (other_than)
        has = df[c].notna().to_numpy(dtype=bool).copy()
        if other_than:
            same = df[c].astype("string").str.strip() == df[other_than].astype("string").str.strip()
            has &= ~same.to_numpy(dtype=bool, na_value=False)
        return has

    col = df[column]
    ok = named(column)
    if values is not None:
        ok &= col.astype("string").isin([str(v) for v in values]).to_numpy(dtype=bool, na_value=False)
    if or_recorded:
        ok |= named(or_recorded)
    if neither not in ("fail", "missing"):
        raise ValueError(f"neither 应为 fail 或 missing / neither must be 'fail' or 'missing', got {neither!r}")
    free = df[unless].isna().to_numpy(dtype=bool) if unless else np.ones(len(df), dtype=bool)
    yes = no = np.zeros(len(df), dtype=bool)
    if status and status in df:   # the code says it, where no answer (``unless``) decides
        code = df[status].astype("string")
        yes = free & code.isin([str(v) for v in status_yes or []]).to_numpy(dtype=bool, na_value=False)
        no = free & code.isin([str(v) for v in status_no or []]).to_numpy(dtype=bool, na_value=False) & ~yes
        ok = (ok | yes) & ~no
    if unless:
        ok &= free | yes
        if neither == "missing":
            return _mask(ok, df.index, free & df[column].isna().to_numpy(dtype=bool) & ~yes & ~no)
    return _mask(ok, df.index)


@kernel("reliability", "供电可靠率低于 {min_rate}", "supply reliability below {min_rate}", level="unit",
        columns=("customer", "start", "end", "status"), reads=None,
        # an outage of the previous year still on at the year's start takes hours of this year too
        reach=lambda p: (p["start"], pd.Timedelta(days=366), pd.Timedelta(0)))
def reliability(df: pd.DataFrame, customer: str, start: str, end: str, min_rate: float | None = None,
                year: int | None = None, horizon=None, status: str | None = None) -> pd.Series:
    """Supply reliability per customer and year: 1 − hours without supply / hours in the year ≥ ``min_rate``.

    Each outage counts from ``start`` to ``end`` (supply restored), clipped
    to the year; an outage not restored counts to the ``horizon`` (the
    evaluation's cut-off).  Overlapping outages of one customer are counted
    once.  ``min_rate`` is the province's standard (第六条(二)1: 不低于省公司规定
    的标准), set by the organisation in the workspace; while it is not set,
    every customer is <NA> (not assessed).  One value per (window_id, customer).

    ``status`` names the outage's state column (``outage_status``), read as the time-limit kernels read it: an
    outage it marks closed or withdrawn with no ``end`` ended, when is unknown (never open to the cut-off).  It
    counts for no hour, and its customer is <NA> (missing evidence) unless the hours the records do show already
    fail the customer (the unknown end can only add hours: a fail on evidence).  One that began before the year
    shows no hour of the year: it makes no customer a unit of the year by itself (its gap is its own year's
    missing evidence), but a customer of the year with one is <NA> as well (it may have reached into the year).
    A blank or open status changes nothing.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["w", "w", "w"], "c": ["x", "x", "y"],
    ...                    "s": pd.to_datetime(["2025-03-01 08:00", "2025-03-01 09:00", "2025-03-01 08:00"]),
    ...                    "e": pd.to_datetime(["2025-03-01 10:00", "2025-03-01 12:00", "2025-03-02 08:00"])})
    >>> reliability(df, "c", "s", "e", min_rate=0.9995, year=2025).tolist()   # 4 h and 24 h out of 8760
    [True, False]
    >>> reliability(df, "c", "s", "e", min_rate=0.9995, year=2026).tolist()   # none reaches into 2026
    []
    >>> shut = df.assign(e=df["e"].where(df["s"] != pd.Timestamp("2025-03-01 09:00")), st=["open", "closed", "closed"])
    >>> reliability(shut, "c", "s", "e", min_rate=0.9995, year=2025, status="st").tolist()  # x: 2 h known, then?
    [<NA>, False]
    >>> reliability(shut, "c", "s", "e", min_rate=0.9995, year=2025).tolist()   # no status: out to the year's end
    [False, False]
    >>> reliability(shut, "c", "s", "e", min_rate=0.9995, year=2026, status="st").tolist()   # x's no unit of 2026
    []
    """
    if not len(df):
        idx = pd.MultiIndex.from_arrays([[], []], names=["window_id", customer])
        return pd.Series(pd.array([], dtype="boolean"), index=idx, name="passed")
    if year is None:
        y = df[start].dt.year.min()
        year = int(y) if pd.notna(y) else 2000
    y0, y1 = pd.Timestamp(int(year), 1, 1), pd.Timestamp(int(year) + 1, 1, 1)
    hours = (y1 - y0).total_seconds() / 3600
    cap = min(horizon_of(horizon), y1) if horizon is not None else y1   # a date alone: the end of that day
    # an outage of another year that does not reach into this one (restored before it began, or begun after it)
    # takes no hour of it and makes no customer a unit of it
    touches = ~((df[start] < y0) & (df[end] <= y0)).to_numpy(dtype=bool, na_value=False) \
        & ~(df[start] >= y1).to_numpy(dtype=bool, na_value=False)
    if not touches.all():
        df = df[touches]
        if not len(df):
            return reliability(df, customer, start, end, min_rate, year, horizon)
    unlisted = df[customer].isna().to_numpy()
    if unlisted.any():   # an outage whose customers the export does not list: whose hours are unknown
        blank = df[unlisted]
        return unlisted_units(reliability(df[~unlisted], customer, start, end, min_rate, year, horizon, status),
                              pd.MultiIndex.from_arrays([blank["window_id"].to_numpy(), blank[customer].to_numpy()],
                                                        names=["window_id", customer]))
    s = df[start].clip(lower=y0, upper=y1)
    # closed (or withdrawn) with no end: it ended, when is unknown; counted for no hour (the least it took), its
    # customer missing evidence below unless the hours known already fail it.  Open or blank: out to the cut-off
    unknown = (closed_of(df[status]) & df[end].isna().to_numpy() if status and status in df
               else np.zeros(len(df), dtype=bool))
    e = df[end].fillna(cap).clip(lower=y0, upper=y1)
    prior = np.zeros(len(df), dtype=bool)
    if unknown.any():
        e = e.mask(pd.Series(unknown, index=e.index), s)
        prior = unknown & (df[start] < y0).to_numpy(dtype=bool, na_value=False)
    d = pd.DataFrame({"window_id": df["window_id"].to_numpy(), "c": df[customer].to_numpy(),
                      "s": s.to_numpy(), "e": e.to_numpy(), "u": unknown, "p": ~prior}).dropna(subset=["s"])
    d = d.sort_values(["window_id", "c", "s"])
    # merge overlapping intervals per customer: the running end of earlier outages
    key = ["window_id", "c"]
    run_end = d.groupby(key, sort=False)["e"].cummax()  # cython, no Python per group
    prev_end = run_end.groupby([d["window_id"], d["c"]], sort=False).shift()
    start_eff = d["s"].where(prev_end.isna() | (d["s"] > prev_end), prev_end)
    dur = (d["e"] - start_eff).dt.total_seconds().clip(lower=0) / 3600
    out_h = dur.groupby([d["window_id"], d["c"]], sort=True).sum()
    rate = 1 - out_h / hours
    ok = (rate >= (min_rate if min_rate is not None else 0) - 1e-12).to_numpy()
    na = np.full(len(rate), min_rate is None)
    if unknown.any():   # an end unknown: a pass on the hours known is no pass (a fail on them stays a fail)
        g = d.groupby(key, sort=True)[["u", "p"]].any().reindex(rate.index)
        na |= ok & g["u"].to_numpy(dtype=bool)
        if prior.any():   # customers with only earlier years' outages of unknown end: no units of this year
            own = g["p"].to_numpy(dtype=bool)
            rate, ok, na = rate[own], ok[own], na[own]
    idx = rate.index.set_names(["window_id", customer])
    return pd.Series(pd.arrays.BooleanArray(ok & ~na, na), index=idx, name="passed")
