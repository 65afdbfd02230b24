"""Design-based satisfaction statistics, as R's survey package computes them.

基于抽样设计的满意度统计，与 R 语言 survey 包的结果一致。

The design is R's ``svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE)``:
a stratified one-stage cluster sample with replacement at the first stage, Taylor
linearisation, no finite-population correction. A mean is the ratio
``sum(w y) / sum(w)``; its variance is

    sum over strata h of  n_h / (n_h - 1) * sum over PSUs j of (z_hj - mean_h(z))^2

where ``z_hj`` is the PSU total of the linearised values ``w (y - mean) / sum(w)`` and
``n_h`` the number of PSUs of stratum ``h`` in the whole sample.

Missing answers and missing codes, and any domain (a window, a customer type), are
estimated as domains: the rows outside contribute zero but keep their PSUs, exactly as
``svymean(..., na.rm = TRUE)`` and ``svyby`` do. A stratum with a single PSU has no
variance estimate; it is refused unless a rule is chosen, with R's names for
``options(survey.lonely.psu = ...)``:

``"fail"`` (default)
    refuse, naming the strata;
``"certainty"`` / ``"remove"``
    the stratum contributes no variance (the same for a one-stage design);
``"adjust"``
    the single PSU's total is centred at zero (the population mean of the linearised
    values) rather than at the stratum's mean, a conservative choice;
``"average"``
    the variance is scaled up by (strata) / (strata with more than one PSU), i.e. each
    lonely stratum is given the average variance of the others.

Scores: a respondent's answer ``s`` on an ``a``–``b`` scale becomes ``(s - a) / (b - a) * 100``;
reverse-coded items are mirrored first; a dimension score is the mean of the answered
items of the dimension when at least half are answered; the composite is the weighted
mean of the dimension scores present, when they carry at least half of the weight.

Examples
--------
>>> from windoweval.demo import survey as demo
>>> from windoweval.survey import estimate
>>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03", "PW04"], seed=5)
>>> t = estimate.satisfaction_index(df, "power_hall", measures=["overall"])
>>> t[["measure", "n"]].to_dict("records")
[{'measure': 'overall', 'n': 237}]
"""
from __future__ import annotations

from ..errors import InputError
from ..records.workspace import LONELY_PSU_RULES
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .instrument import Instrument, load_instrument

__all__ = [
    "LONELY_PSU",
    "LonelyPSUError",
    "Design",
    "survey_design",
    "design_mean",
    "score_responses",
    "satisfied_indicators",
    "satisfaction_index",
    "satisfaction_rate",
    "proportion_ci",
]

LONELY_PSU = LONELY_PSU_RULES   # the rules for a stratum of one PSU, R's options(survey.lonely.psu = ...)


class LonelyPSUError(InputError):
    """A stratum with a single PSU and no rule chosen. 抽样层只有一个初级抽样单元且未选择处理规则。

    Examples
    --------
    >>> f = pd.DataFrame({"stratum": ["A", "A", "B"], "psu": ["1", "2", "1"], "weight": 1.0})
    >>> try:
    ...     survey_design(f)
    ... except LonelyPSUError as e:
    ...     print(e.exit_code)
    3
    >>> survey_design(f, lonely_psu="adjust").lonely_psu
    'adjust'
    """


@dataclass(frozen=True)
class Design:
    """A stratified one-stage cluster design (``nest = TRUE``).

    Attributes
    ----------
    frame : pandas.DataFrame
        The rows, index reset.
    weight : numpy.ndarray
    stratum : numpy.ndarray
        Stratum code of each row (0..H-1).
    psu : numpy.ndarray
        PSU code of each row, unique across strata (0..P-1).
    psu_stratum : numpy.ndarray
        Stratum code of each PSU.
    n_psu : numpy.ndarray
        PSUs per stratum in the whole sample.
    strata : numpy.ndarray
        Stratum labels by code.
    lonely_psu : str

    Examples
    --------
    >>> f = pd.DataFrame({"stratum": list("AABB"), "psu": ["1", "2", "1", "2"], "weight": [1.0, 1, 2, 2], "x": [1.0, 2, 3, 4]})
    >>> d = survey_design(f)
    >>> d.strata.tolist(), d.stratum.tolist(), d.psu.tolist(), d.n_psu.tolist()
    (['A', 'B'], [0, 0, 1, 1], [0, 1, 2, 3], [2, 2])
    """

    frame: pd.DataFrame
    weight: np.ndarray
    stratum: np.ndarray
    psu: np.ndarray
    psu_stratum: np.ndarray
    n_psu: np.ndarray
    strata: np.ndarray
    lonely_psu: str
    #: the domain codes of each ``by`` asked so far (:func:`_group_codes`): an index and a rate by window share them
    _groups: dict = field(default_factory=dict, repr=False, compare=False)


def _rows_shown(f: pd.DataFrame, idx: np.ndarray, most: int = 5) -> str:
    """The rows ``idx`` of a design's frame as the delivery shows them: its ``row`` column (the firm's own numbering,
    ``sheet!row`` where the frame has a ``sheet``), else from 1; the first ``most``, then how many more.

    Examples
    --------
    >>> _rows_shown(pd.DataFrame({"sheet": ["1月", "2月"], "row": [6, 7]}), np.array([0, 1]))
    '1月!6, 2月!7'
    >>> _rows_shown(pd.DataFrame({"x": range(9)}), np.arange(8), most=3)
    '1, 2, 3 …(+5)'
    """
    at = np.asarray(idx)[:most]
    rows = (f["row"].to_numpy()[at] if "row" in f.columns else at + 1).tolist()
    if "sheet" in f.columns:
        rows = [f"{sh}!{r}" for sh, r in zip(f["sheet"].to_numpy()[at], rows)]
    more = len(idx) - len(at)
    return ", ".join(str(r) for r in rows) + (f" …(+{more})" if more > 0 else "")


def survey_design(frame: pd.DataFrame, *, stratum: str = "stratum", psu: str = "psu", weight: str = "weight",
                  lonely_psu: str = "fail") -> Design:
    """Declare the sample design of a set of responses.

    声明抽样设计：分层、一阶段整群、按权重加权（等同 R 的
    ``svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE)``）。

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per respondent.
    stratum, psu, weight : str
        Column names. PSU labels need only be unique within a stratum.
    lonely_psu : {"fail", "certainty", "remove", "adjust", "average"}
        What to do with a stratum that has a single PSU (see the module notes).

    Returns
    -------
    Design

    Raises
    ------
    LonelyPSUError
        A stratum has a single PSU and ``lonely_psu="fail"``.
    InputError
        Missing design values, or weights that are not positive (a ``ValueError`` too): the rows are named, by
        the delivery's own ``row`` (and ``sheet``) where the frame has them.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"stratum": ["A", "A", "B", "B"], "psu": ["1", "2", "1", "1"], "weight": 1.0})
    >>> survey_design(f)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    windoweval.survey.estimate.LonelyPSUError: 抽样层 B 只有一个初级抽样单元...
    >>> d = survey_design(f, lonely_psu="certainty")
    >>> d.n_psu.tolist()
    [2, 1]
    """
    if lonely_psu not in LONELY_PSU:
        raise ValueError(f"lonely_psu 必须是 must be one of {LONELY_PSU}, not {lonely_psu!r}")
    f = frame.reset_index(drop=True)
    for c in (stratum, psu, weight):
        if c not in f:
            raise ValueError(f"缺少设计列 missing design column: {c}")
    w = pd.to_numeric(f[weight], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(w) | (w <= 0) | f[stratum].isna().to_numpy() | f[psu].isna().to_numpy()
    if bad.any():
        at = np.flatnonzero(bad)
        own = "row" in f.columns           # the delivery's own numbering (sheet!row); else from 1, and said so
        where = _rows_shown(f, at, 10)
        raise InputError(
            f"{len(at)} 行的抽样设计值（{stratum}、{psu}）缺失或权重（{weight}）不是大于 0 的数（"
            f"{'' if own else '行号从 1 起，'}行: {where}）。请补上抽样层和初级抽样单元，权重写为正数，或删去这些行 / "
            f"{len(at)} rows have a missing design value ({stratum}, {psu}) or a weight ({weight}) that is not a "
            f"positive number ({'rows' if own else 'rows from 1'}: {where}). Fill in the stratum and the PSU, write the "
            "weight as a positive number, or remove those rows"
        )
    h_codes, strata = pd.factorize(f[stratum].astype(str), sort=True)
    # a PSU is its (stratum, label) pair, numbered in order of first appearance; as integers, not joined texts
    l_codes, l_uniques = pd.factorize(f[psu].astype(str), sort=False)
    p_codes, p_uniques = pd.factorize(h_codes.astype(np.int64) * max(len(l_uniques), 1) + l_codes, sort=False)
    psu_stratum = np.zeros(len(p_uniques), dtype=np.int64)
    psu_stratum[p_codes] = h_codes
    n_psu = np.bincount(psu_stratum, minlength=len(strata))
    lonely = np.asarray(strata)[n_psu < 2]
    if len(lonely) and lonely_psu == "fail":
        names = "、".join(map(str, lonely))
        raise LonelyPSUError(
            f"抽样层 {names} 只有一个初级抽样单元，无法估计方差。请合并抽样层，或明确选择规则 "
            f"lonely_psu=\"certainty\"、\"remove\"、\"adjust\" 或 \"average\"（与 R 的 options(survey.lonely.psu=...) 相同）。 / "
            f"stratum {', '.join(map(str, lonely))} has a single PSU, so its variance cannot be estimated. Merge strata, or "
            f"choose a rule: lonely_psu=\"certainty\", \"remove\", \"adjust\" or \"average\" (as R's options(survey.lonely.psu=...))."
        )
    return Design(f, w, h_codes.astype(np.int64), p_codes.astype(np.int64), psu_stratum, n_psu,
                  np.asarray(strata), lonely_psu)


def _group_codes(frame: pd.DataFrame, by) -> tuple[np.ndarray, pd.DataFrame]:
    if not by:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=[0])
    by = [by] if isinstance(by, str) else list(by)
    keys = frame[by]
    codes = keys.groupby(by, sort=True, dropna=True).ngroup().to_numpy()
    codes = np.where(keys.isna().any(axis=1).to_numpy(), -1, codes).astype(np.int64)
    labels = keys[codes >= 0].assign(_g=codes[codes >= 0]).drop_duplicates("_g").sort_values("_g")
    return codes, labels.drop(columns="_g").reset_index(drop=True)


def _domain_moments(design: Design, Y: np.ndarray, g: np.ndarray, n_groups: int, want_deff: bool = False,
                    centre: np.ndarray | None = None) -> dict:
    """Domain means and linearisation variances for every (group, column) at once; ``centre`` (one value per
    (group, column), flattened) centres the linearised values there instead of at the domain's mean."""
    n, M = Y.shape
    K = n_groups * M
    mask = ~np.isnan(Y) & (g >= 0)[:, None]
    r, m = np.nonzero(mask)
    key = g[r] * M + m
    w = design.weight[r]
    y = Y[r, m]
    W = np.bincount(key, w, minlength=K)
    rows = np.bincount(key, minlength=K)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(key, w * y, minlength=K) / W
    # answers all alike: their mean is that answer exactly, so the linearised values are exact zeros (SE 0, a design
    # effect 0/0 = NaN, as R's) rather than a few ulps of rounding noise
    lo = np.full(K, np.inf)
    hi = np.full(K, -np.inf)
    np.minimum.at(lo, key, y)
    np.maximum.at(hi, key, y)
    mean = np.where((lo == hi) & (W > 0), lo, mean)
    z = w * (y - (mean if centre is None else centre)[key]) / W[key]

    P = len(design.psu_stratum)
    H = len(design.n_psu)
    pinv, pk = pd.factorize(key * P + design.psu[r], sort=True)  # np.unique's keys and inverse, by hashing
    t = np.bincount(pinv, z)
    p_dom = pk // P
    p_str = design.psu_stratum[pk % P]
    hk, hinv = np.unique(p_dom * H + p_str, return_inverse=True)
    h_dom = hk // H
    h_str = hk % H
    n_h = design.n_psu[h_str].astype(float)
    k_h = np.bincount(hinv)
    sum_t = np.bincount(hinv, t)
    tbar = sum_t / n_h
    ss = np.bincount(hinv, (t - tbar[hinv]) ** 2) + (n_h - k_h) * tbar ** 2
    lonely = n_h < 2
    with np.errstate(invalid="ignore", divide="ignore"):
        contrib = np.where(lonely, 0.0, n_h / (n_h - 1) * ss)
    if design.lonely_psu == "adjust":
        contrib = np.where(lonely, sum_t ** 2, contrib)
    var = np.bincount(h_dom, contrib, minlength=K)
    if design.lonely_psu == "average":
        nstrat = np.bincount(h_dom, minlength=K)
        nok = np.bincount(h_dom, ~lonely, minlength=K)
        with np.errstate(invalid="ignore", divide="ignore"):
            var = var * nstrat / nok
    degf = np.bincount(p_dom, minlength=K) - np.bincount(h_dom, minlength=K)
    var = np.where(rows > 0, var, np.nan)
    out = {"n": rows, "W": W, "mean": mean, "var": var, "degf": degf}
    if want_deff:
        with np.errstate(invalid="ignore", divide="ignore"):
            s2 = np.bincount(key, w * (y - mean[key]) ** 2, minlength=K) / W * rows / (rows - 1)
            out["element_var"] = s2
            out["deff"] = var / (s2 / rows)
    return {k: v.reshape(n_groups, M) for k, v in out.items()}


def design_mean(design: Design, values, *, by=None, level: float = 0.95, deff: bool = False,
                empty: bool = False) -> pd.DataFrame:
    """Weighted means with linearisation standard errors, overall or by domain.

    加权均值及其泰勒线性化标准误（整体或按子总体）；等同 R 的
    ``svymean(~x, design, na.rm=TRUE)`` 与 ``svyby(~x, ~g, design, svymean, na.rm=TRUE)``。

    Parameters
    ----------
    design : Design
    values : pandas.DataFrame, dict or str
        Columns of numbers, one row per design row; NaN is outside the domain. A str
        or list of str takes those columns of ``design.frame``.
    by : str or list of str, optional
        Domain columns of ``design.frame``; rows with a missing key are left out.
    level : float
        Confidence level of the normal interval ``mean +/- z se`` (R's ``confint``).
    deff : bool
        Add ``element_var`` (the weighted element variance, R's ``svyvar``) and ``deff``
        (design effect against simple random sampling with replacement,
        R's ``deff = "replace"``).
    empty : bool
        Keep the domains where nobody answered (a window whose respondents all left the item blank): ``n`` 0 and
        every figure NaN. R's ``svyby(..., na.rm = TRUE)`` gives them a mean of 0 with SE 0; by default they have
        no row.

    Returns
    -------
    pandas.DataFrame
        Columns ``*by``, ``variable``, ``n`` (respondents in the domain), ``mean``,
        ``se``, ``ci_low``, ``ci_high``, ``df`` (PSUs minus strata of the domain), and
        with ``deff``, ``element_var`` and ``deff``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"stratum": list("AAAABBBB"), "psu": list("11221122"),
    ...                   "weight": [1, 2, 1, 2, 1, 1, 3, 1.0], "x": [1, 2, 3, None, 5, 6, 7, 8]})
    >>> t = design_mean(survey_design(f), "x")
    >>> t[["variable", "n", "mean", "se", "df"]].round(6)
      variable  n  mean        se  df
    0        x  7   4.8  1.132784   2

    A domain where nobody answered is kept with ``empty=True``, every figure NaN:

    >>> f["g"] = list("pqpqpqpq")
    >>> f.loc[f["g"] == "q", "x"] = None
    >>> design_mean(survey_design(f), "x", by="g", empty=True)[["g", "n", "mean", "se"]].round(6)
       g  n  mean        se
    0  p  4   5.0  1.054093
    1  q  0   NaN       NaN
    """
    if isinstance(values, str):
        values = [values]
    if isinstance(values, list):
        values = design.frame[values]
    vals = pd.DataFrame(values).reset_index(drop=True)
    Y = vals.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    key = tuple(_by_list(by))
    if key not in design._groups:
        design._groups[key] = _group_codes(design.frame, by)
    g, labels = design._groups[key]
    G = len(labels)
    mom = _domain_moments(design, Y, g, G, want_deff=deff)
    from ._dist import norm_ppf   # scipy.stats' own quantile, without importing scipy.stats (0.3-0.9 s)
    z = norm_ppf(1 - (1 - level) / 2)
    M = Y.shape[1]
    out = labels.loc[np.repeat(np.arange(G), M)].reset_index(drop=True) if by else pd.DataFrame(index=range(M))
    out["variable"] = np.tile(np.asarray(vals.columns, dtype=object), G)
    out["n"] = mom["n"].ravel()
    out["mean"] = mom["mean"].ravel()
    out["se"] = np.sqrt(mom["var"].ravel())
    out["ci_low"] = out["mean"] - z * out["se"]
    out["ci_high"] = out["mean"] + z * out["se"]
    out["df"] = mom["degf"].ravel()
    if deff:
        out["element_var"] = mom["element_var"].ravel()
        out["deff"] = mom["deff"].ravel()
    if empty:
        return out
    return out[out["n"] > 0].reset_index(drop=True)


def _recoded(responses: pd.DataFrame, ins: Instrument, columns=None) -> pd.DataFrame:
    """Item codes on the scale, missing codes and invalid codes as NaN, reverse items mirrored (only ``columns``)."""
    cols = list(ins.coded_columns) if columns is None else list(columns)
    X = responses.reindex(columns=cols).apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    lo, hi = _column_scales(ins, cols)
    X = np.where((X >= lo) & (X <= hi) & (X == np.floor(X)), X, np.nan)
    rev = np.isin(np.array(cols), list(ins.reverse_items))
    X[:, rev] = (lo + hi)[rev] - X[:, rev]
    return pd.DataFrame(X, columns=cols, index=responses.index)


def _column_scales(ins: Instrument, cols, what: int = 2):
    """Each column's scale as arrays ``(min, max)`` (``what=3``: and ``satisfied_min``): a question's own where it
    declares one (a 0-10 recommendation item), the instrument's for every other column (dimensions, composite)."""
    own = ins.own_scales
    rows = [own.get(c, (ins.scale_min, ins.scale_max, ins.satisfied_min)) for c in cols]
    arr = np.array(rows, dtype=float).reshape(len(rows), 3)
    return tuple(arr[:, k] for k in range(what))


def score_responses(responses: pd.DataFrame, instrument: Instrument | str, *, scale: str = "index",
                    measures=None) -> pd.DataFrame:
    """Each respondent's scores: items, dimensions, composite, overall.

    计算每位受访者的得分：题目、维度、综合、总体满意度。

    Parameters
    ----------
    responses : pandas.DataFrame
        Responses with the coded columns (codes as delivered).
    instrument : Instrument or str
    scale : {"index", "points"}
        ``"index"``: 0–100, ``(s - min) / (max - min) * 100``; ``"points"``: the answer scale.
    measures : list of str, optional
        Only these scores (items, ``overall``, dimensions, ``composite``), computed from
        only the items they need, with the same values as the full table; default all.

    Returns
    -------
    pandas.DataFrame
        Same index as ``responses``; columns: every item id, ``overall`` (the overall
        item), every dimension id and ``composite``; missing where not scored. With
        ``measures``, those columns in that order.

    Examples
    --------
    >>> import pandas as pd
    >>> ins = load_instrument("power_hall")
    >>> row = {c: 4 for c in ins.item_ids} | {"staff3": 2, "eff3": 2, "env1": 9, "env2": 9,
    ...                                    "overall": 5}
    >>> s = score_responses(pd.DataFrame([row]), ins)
    >>> s.loc[0, ["staff3", "overall", "environment", "staff", "composite"]].tolist()
    [75.0, 100.0, nan, 75.0, 75.0]
    """
    ins = load_instrument(instrument)
    dims = list(ins.dimensions)
    if measures is None:
        pts = _recoded(responses, ins)
    else:  # only the items the measures need (a dimension its items, the composite every dimension)
        measures = list(measures)
        unknown = set(measures) - set(_measure_ids(ins))
        if unknown:
            raise ValueError(f"未知指标 unknown measures: {sorted(unknown)}")
        if "composite" not in measures:
            dims = [d for d in dims if d.id in measures]
        items = [m for m in measures if m in ins.coded_columns] + [i for d in dims for i in d.items]
        pts = _recoded(responses, ins, dict.fromkeys(items))
    out = pts.copy()
    total_w = 0.0
    comp_num = np.zeros(len(pts))
    comp_w = np.zeros(len(pts))
    for d in dims:
        X = pts[list(d.items)].to_numpy()
        cnt = (~np.isnan(X)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            sc = np.nansum(X, axis=1) / cnt
        sc = np.where(2 * cnt >= len(d.items), sc, np.nan)
        out[d.id] = sc
        ok = ~np.isnan(sc)
        comp_num += np.where(ok, d.weight * sc, 0.0)
        comp_w += np.where(ok, d.weight, 0.0)
        total_w += d.weight
    if measures is None or "composite" in measures:
        with np.errstate(invalid="ignore", divide="ignore"):
            out["composite"] = np.where(2 * comp_w >= total_w - 1e-12, comp_num / comp_w, np.nan)
    if scale == "index":
        if ins.own_scales:   # a question on its own scale (0-10) to 0-100 on it; every other score as before
            lo, hi = _column_scales(ins, list(out.columns))
            out = (out - lo) / (hi - lo) * 100.0
        else:
            out = (out - ins.scale_min) / (ins.scale_max - ins.scale_min) * 100.0
    elif scale != "points":
        raise ValueError("scale 必须是 must be 'index' or 'points'")
    return out if measures is None else out[measures]


def _measure_ids(ins: Instrument) -> list[str]:
    """Every score :func:`score_responses` gives: items, ``overall``, dimensions, ``composite``."""
    return [*ins.coded_columns, *(d.id for d in ins.dimensions), "composite"]


def satisfied_indicators(responses: pd.DataFrame, instrument: Instrument | str, measures=None) -> pd.DataFrame:
    """1 when a respondent is satisfied (answer or score at least ``satisfied_min``), 0 when not, NaN when unanswered.

    满意指示变量：回答（或得分）不低于 ``satisfied_min``（通常为 4）记 1，否则记 0，未作答为缺失。

    Parameters
    ----------
    responses : pandas.DataFrame
    instrument : Instrument or str
    measures : list of str, optional
        Items, ``overall``, dimensions or ``composite``; default ``["overall"]``.

    Returns
    -------
    pandas.DataFrame
        One column per measure, values 0, 1 or NaN.

    Examples
    --------
    >>> import pandas as pd
    >>> s = satisfied_indicators(pd.DataFrame({"overall": [5, 3, 9, 4]}), "power_hall")
    >>> s["overall"].tolist()
    [1.0, 0.0, nan, 1.0]
    """
    ins = load_instrument(instrument)
    measures = list(measures or [ins.overall_id])
    pts = score_responses(responses, ins, scale="points", measures=measures)  # only what the measures need
    X = pts[measures].to_numpy()
    sat = _column_scales(ins, measures, 3)[2] if ins.own_scales else ins.satisfied_min
    return pd.DataFrame(np.where(np.isnan(X), np.nan, (X >= sat - 1e-12).astype(float)),
                        columns=measures, index=responses.index)


def _exclusions(responses: pd.DataFrame, ins: Instrument, exclude_flagged: bool) -> np.ndarray:
    if not exclude_flagged:
        return np.zeros(len(responses), dtype=bool)
    if "flagged" in responses:
        return responses["flagged"].fillna(False).to_numpy(dtype=bool)
    from .screening import screen_responses

    return screen_responses(responses, ins)["flagged"].to_numpy(dtype=bool)


def _domain_means(design: Design, values: pd.DataFrame, ins: Instrument, *, by, level: float,
                  exclude_flagged: bool) -> pd.DataFrame:
    """:func:`design_mean` of ``values``, flagged respondents left out (as a domain) when asked; by a column, a
    group where nobody answered keeps its row (``n`` 0, no estimate): nothing valid vanishes from a table."""
    values.loc[_exclusions(design.frame, ins, exclude_flagged)] = np.nan
    return design_mean(design, values, by=by, level=level, empty=bool(by))


def _design_of(responses, lonely_psu: str) -> Design:
    """The design of ``responses``: built here, or the one given (a :class:`Design` from :func:`survey_design`)."""
    if isinstance(responses, Design):
        if lonely_psu != "fail" and lonely_psu != responses.lonely_psu:
            raise ValueError(f"lonely_psu={lonely_psu!r}: 设计已按 {responses.lonely_psu!r} 建立 / the design was built "
                             f"with lonely_psu={responses.lonely_psu!r}; build it again with the rule wanted")
        return responses
    return survey_design(responses, lonely_psu=lonely_psu)


def one_psu_groups(data: pd.DataFrame, by) -> list[str]:
    """The groups of ``by`` (one column) whose respondents are all one PSU (one stratum, one ``psu``): their domain's
    linearised total is zero in every PSU, so R's (and this) standard error is 0 there -- the design's, not a precise
    figure.

    Examples
    --------
    >>> f = pd.DataFrame({"window_id": ["A", "A", "B", "B", "C"], "stratum": ["s"] * 4 + ["t"],
    ...                   "psu": ["A", "A", "B1", "B2", "C"]})
    >>> one_psu_groups(f, ["window_id"])
    ['A', 'C']
    >>> one_psu_groups(f, None)
    []
    """
    if not by or len(by) != 1 or not {"stratum", "psu", by[0]} <= set(data.columns):
        return []
    g = data.groupby(data[by[0]].astype("string"), dropna=True)[["stratum", "psu"]].nunique()
    return sorted(g.index[(g["stratum"] == 1) & (g["psu"] == 1)].astype(str))


def _by_list(by) -> list[str]:
    """The grouping columns as a list: ``None`` none, a string one.

    Examples
    --------
    >>> _by_list(None), _by_list("window_id"), _by_list(("a", "b"))
    ([], ['window_id'], ['a', 'b'])
    """
    return [by] if isinstance(by, str) else list(by or [])


def default_index_measures(ins: Instrument) -> list:
    """The index's measures when none are named: ``overall``, every dimension, ``composite``, then each item on a
    scale of its own (outside the dimensions and the composite, so its 0-100 index is reported on its own row).

    Examples
    --------
    >>> default_index_measures(load_instrument("power_hall"))[-2:]
    ['convenience', 'composite']
    """
    own = [q for q in ins.own_scales if q != ins.overall_id]
    return [ins.overall_id, *(d.id for d in ins.dimensions), "composite", *own]


def satisfaction_index(
    responses: pd.DataFrame,
    instrument: Instrument | str,
    *,
    by=None,
    measures=None,
    lonely_psu: str = "fail",
    level: float = 0.95,
    exclude_flagged: bool = False,
) -> pd.DataFrame:
    """Satisfaction index 0–100 with its standard error and 95 % interval.

    满意度指数（0–100）及标准误、95% 置信区间（估计值 ± 1.96 倍标准误），整体或按任意列分组。

    Parameters
    ----------
    responses : pandas.DataFrame or Design
        Responses with ``stratum``, ``psu``, ``weight`` and the coded columns; or their
        design from :func:`survey_design`, built once for several estimates (an index and a
        rate by window share it, and the domains found for ``by``).
    instrument : Instrument or str
    by : str or list of str, optional
        E.g. ``"window_id"`` or ``"customer_type"``.
    measures : list of str, optional
        Default: ``overall``, every dimension, ``composite``, then each item on a scale of its own (a 0-10
        recommendation item stands outside the dimensions: its 0-100 index is its own row, never dropped); item ids
        are allowed.
    lonely_psu : str
        See :func:`survey_design`.
    level : float
        The interval is ``estimate +/- z se`` with ``z`` the normal quantile (1.959964 for 95 %).
    exclude_flagged : bool
        Leave out respondents flagged by the careless-responding screens (as a domain).

    Returns
    -------
    pandas.DataFrame
        Columns ``*by``, ``measure``, ``n`` (respondents scored), ``estimate``, ``se``,
        ``ci_low``, ``ci_high``. By a column, a group where nobody answered a measure has its row with ``n`` 0
        and no estimate (NaN; R's ``svyby`` gives 0 with SE 0), shown as "无回答 / no answers".

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=40, seed=1)
    >>> t = satisfaction_index(df, "power_hall", by="window_id", measures=["overall", "composite"])
    >>> t.columns.tolist()
    ['window_id', 'measure', 'n', 'estimate', 'se', 'ci_low', 'ci_high']
    >>> bool(((t.estimate > 0) & (t.estimate < 100) & (t.se > 0)).all())
    True
    """
    ins = load_instrument(instrument)
    measures = list(measures or default_index_measures(ins))
    design = _design_of(responses, lonely_psu)
    sc = score_responses(design.frame, ins, measures=measures)  # only the items these measures need
    t = _domain_means(design, sc, ins, by=by, level=level, exclude_flagged=exclude_flagged)
    return t.rename(columns={"variable": "measure", "mean": "estimate"})[
        [*_by_list(by), "measure", "n", "estimate", "se", "ci_low", "ci_high"]
    ]


_EPS = float(np.finfo(float).eps)


def _linkinv(eta):
    """R's ``binomial()$linkinv``: expit with its thresholds at +/-30."""
    tmp = np.where(eta < -30, _EPS, np.where(eta > 30, 1 / _EPS, np.exp(np.clip(eta, -30, 30))))
    return tmp / (1 + tmp)


def _mu_eta(eta):
    """R's ``binomial()$mu.eta``: the derivative of expit, ``eps`` beyond +/-30."""
    e = np.exp(np.clip(eta, -700, 700))
    return np.where((eta > 30) | (eta < -30), _EPS, e / ((1 + e) * (1 + e)))


def _glm_logit_mean(y: np.ndarray, w: np.ndarray, n_rows: float, *, start: float | None = None,
                    coef: bool = False, info: bool = False):
    """The fitted proportion of R's ``svyglm(y ~ 1, design, family = quasibinomial)``, as ``glm.fit`` reaches it.

    R's ``svyciprop(method = "logit")`` takes its rate and interval from that fit, not from the weighted mean:
    ``glm.fit`` stops when the deviance changes by less than ``1e-8`` of itself, so its proportion differs from
    the mean in the 11th digit. This is ``glm.fit``'s iteration for one intercept (prior weights ``w`` scaled to
    mean 1 over ``n_rows``, R's ``.survey.prob.weights``; starting values ``(w y + 0.5) / (w + 1)``; R's logit
    link with its thresholds at +/-30; at most 25 iterations), which gives R's value to the last digits.

    Examples
    --------
    >>> y = np.array([1.0, 1, 0, 1, 0, 1, 1, 0])
    >>> m = _glm_logit_mean(y, np.ones(8), 8)
    >>> abs(m - 0.625) < 1e-9, m != 0.625
    (True, True)

    ``start`` is a starting coefficient (``glm.fit(start = )``, as R's ``svyglm`` refits each replicate from
    the full-sample fit, its weights ``w / sum(w)``: ``n_rows`` 1); ``coef=True`` returns the coefficient
    (the logit) rather than the proportion; ``info=True`` returns ``(coefficient, proportion, the sum of the last
    iteration's working weights)`` -- the inverse of that sum is ``summary.glm``'s ``cov.unscaled`` (R's
    ``naive.cov``), which glm.fit leaves at the weights of the iterate before its last.
    """
    wt = w * (n_rows / w.sum())
    if start is None:
        mu = (wt * y + 0.5) / (wt + 1)
        eta = np.log(mu / (1 - mu))
    else:
        eta = np.full(len(y), float(start))
        mu = _linkinv(eta)
    dev_old = float(np.sum(_binomial_dev_resids(y, mu, wt)))
    for _ in range(25):
        me = _mu_eta(eta)
        good = (wt > 0) & (me != 0)
        z = eta[good] + (y - mu)[good] / me[good]
        sw = np.sqrt(wt[good] * me[good] ** 2 / (mu * (1 - mu))[good])
        swsum = float(np.dot(sw, sw))
        eta = np.full(len(y), np.dot(sw, z * sw) / np.dot(sw, sw))    # the one-column least squares
        mu = _linkinv(eta)
        dev = float(np.sum(_binomial_dev_resids(y, mu, wt)))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-8:
            break
        dev_old = dev
    if info:
        return float(eta[0]), float(mu[0]), swsum
    return float(eta[0]) if coef else float(mu[0])


def _glm_logit_means(y: np.ndarray, w: np.ndarray, d: np.ndarray, K: int, n_rows) -> tuple:
    """:func:`_glm_logit_mean` (``info=True``) of every domain at once: ``d`` (rows,) each row's domain in ``0..K-1``,
    ``n_rows`` (K,) each domain's ``n_rows``. Returns the coefficients, proportions and last working-weight sums
    (K,), NaN for a domain without rows. Each domain runs ``glm.fit``'s own iteration and stops when its own
    deviance settles (a domain that has stopped is not moved again): the sums by domain are bincounts, no pass over
    the rows per domain (survey48).

    Examples
    --------
    >>> y = np.array([1.0, 1, 0, 1, 0, 1, 1, 0, 1, 1])
    >>> d = np.array([0, 0, 0, 0, 0, 0, 0, 0, 2, 2])
    >>> b, m, s = _glm_logit_means(y, np.ones(10), d, 3, np.array([8.0, 0, 2]))
    >>> bool(abs(m[0] - _glm_logit_mean(y[:8], np.ones(8), 8)) < 1e-15), bool(np.isnan(m[1])), bool(m[2] > 0.99)
    (True, True, True)
    """
    d = np.asarray(d, dtype=np.intp)
    y, w = np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    b, m, sws = np.full(K, np.nan), np.full(K, np.nan), np.full(K, np.nan)
    if not len(d):
        return b, m, sws
    with np.errstate(divide="ignore", invalid="ignore"):
        wt = w * (np.asarray(n_rows, dtype=float) / np.bincount(d, w, minlength=K))[d]
        mu = (wt * y + 0.5) / (wt + 1)
        eta = np.log(mu / (1 - mu))
    dev_old = np.bincount(d, _binomial_dev_resids(y, mu, wt), minlength=K)
    active = np.bincount(d, minlength=K) > 0
    for _ in range(25):
        if not active.any():
            break
        ra = active[d]
        dd, yy, ww, ee, mm = d[ra], y[ra], wt[ra], eta[ra], mu[ra]
        with np.errstate(divide="ignore", invalid="ignore"):
            me = _mu_eta(ee)
            good = (ww > 0) & (me != 0)
            z = ee + (yy - mm) / me
            sw = np.sqrt(ww * me ** 2 / (mm * (1 - mm)))
            s2 = np.bincount(dd[good], (sw * sw)[good], minlength=K)
            new = np.bincount(dd[good], (sw * (z * sw))[good], minlength=K) / s2   # each domain's least squares
        sws[active], b[active] = s2[active], new[active]
        m[active] = _linkinv(new[active])
        eta[ra], mu[ra] = b[dd], m[dd]
        dev = np.bincount(dd, _binomial_dev_resids(yy, mu[ra], ww), minlength=K)
        with np.errstate(invalid="ignore"):
            done = active & (np.abs(dev - dev_old) / (np.abs(dev) + 0.1) < 1e-8)
        dev_old[active] = dev[active]
        active &= ~done
    return b, m, sws


def _binomial_dev_resids(y, mu, wt):
    """R's ``binomial()$dev.resids``: ``2 wt (y log(y / mu) + (1 - y) log((1 - y) / (1 - mu)))``, a term 0 where its
    ``y`` is -- the one formula behind ``glm.fit``'s stopping rule here (summed over rows, axis 0: a column of ``mu``
    and ``wt`` a replicate when they are matrices) and svyglm's binomial deviance in ``design``.

    Examples
    --------
    >>> y = np.array([1.0, 0.0, 1.0])
    >>> round(float(_binomial_dev_resids(y, np.full(3, 2 / 3), np.ones(3)).sum()), 12)   # 2 (2 log 1.5 + log 3)
    3.819085009769
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(y > 0, y * np.log(y / mu), 0.0) + np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return 2 * wt * r


def _glm_logit_coefs(y: np.ndarray, W: np.ndarray, start: float) -> np.ndarray:
    """:func:`_glm_logit_mean`'s coefficient (``coef=True``, ``n_rows`` 1) refitted on every column of ``W`` at once.

    R's ``svyglm`` refits the intercept on each replicate's weights (``W[:, r] / sum(W[:, r])``) from the full-sample
    fit ``start``: the same ``glm.fit`` iteration, one column a replicate, each column stopping when its own
    deviance settles (a column that has stopped is not moved again). A column of weights summing to 0 is NaN.

    Examples
    --------
    >>> y = np.array([1.0, 1, 0, 1, 0, 1, 1, 0])
    >>> W = np.column_stack([np.ones(8), np.r_[0.0, 2, 1, 1, 1, 1, 1, 1], np.zeros(8)])
    >>> b = _glm_logit_coefs(y, W, 0.5)
    >>> [bool(abs(b[r] - _glm_logit_mean(y, W[:, r], 1.0, start=0.5, coef=True)) < 1e-15) for r in (0, 1)]
    [True, True]
    >>> bool(np.isnan(b[2]))
    True
    """
    tot = W.sum(axis=0)
    live = tot > 0
    out = np.full(W.shape[1], np.nan)
    if not live.any():
        return out
    wt = W[:, live] * (1.0 / tot[live])
    yc = y[:, None]

    eta = np.full(wt.shape[1], float(start))
    mu = _linkinv(eta)
    dev_old = np.sum(_binomial_dev_resids(yc, mu, wt), axis=0)
    active = np.ones(wt.shape[1], dtype=bool)
    for _ in range(25):
        a = np.nonzero(active)[0]
        if not len(a):
            break
        e_a, m_a, w_a = eta[a], mu[a], wt[:, a]
        me = _mu_eta(e_a)
        z = e_a + (yc - m_a) / me
        sw = np.sqrt(w_a * me ** 2 / (m_a * (1 - m_a)))
        new = np.sum(sw * (z * sw), axis=0) / np.sum(sw * sw, axis=0)    # each column's one-column least squares
        eta[a] = new
        mu[a] = _linkinv(new)
        dev = np.sum(_binomial_dev_resids(yc, mu[a], w_a), axis=0)
        done = np.abs(dev - dev_old[a]) / (np.abs(dev) + 0.1) < 1e-8
        dev_old[a] = dev
        active[a[done]] = False
    out[live] = eta
    return out


def _logit_interval(mu, var_at_mu, degf, level, coef=None):
    """R's ``confint(svyglm(...), ddf = degf)`` on the logit scale, back through ``expit``; NaN at 0 and 1.

    ``coef`` (optional): the fitted logits. Where one is far out (|b| > 15: a domain whose answers are all 1 or all
    0, fitted to ~2e-11 from the edge), ``1 - mu`` has lost its digits, so the interval is R's ``b +/- t * SE(b)``
    with ``SE(b)`` the SE of the mean over ``mu.eta(b) = e^b / (1 + e^b)^2`` computed from the coefficient."""
    from ._dist import t_ppf

    mu, var_at_mu, degf = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (mu, var_at_mu, degf))
    if coef is not None:
        b = np.atleast_1d(np.asarray(coef, dtype=float))
        far = np.isfinite(b) & (np.abs(b) > 15)
        if far.any():
            lo, hi = _logit_interval(mu, var_at_mu, degf, level)
            e = np.exp(-np.abs(b[far]))
            with np.errstate(invalid="ignore", divide="ignore"):
                q = t_ppf(1 - (1 - level) / 2, degf[far])
                se_b = np.sqrt(var_at_mu[far]) * (1 + e) ** 2 / e
                lo[far] = 1 / (1 + np.exp(-(b[far] - q * se_b)))
                hi[far] = 1 / (1 + np.exp(-(b[far] + q * se_b)))
            return lo, hi
    with np.errstate(invalid="ignore", divide="ignore"):
        se_l = np.sqrt(var_at_mu) / (mu * (1 - mu))
        q = t_ppf(1 - (1 - level) / 2, degf)
        eta = np.log(mu / (1 - mu))
        lo = 1 / (1 + np.exp(-(eta - q * se_l)))
        hi = 1 / (1 + np.exp(-(eta + q * se_l)))
    edge = (mu <= 0) | (mu >= 1)
    return np.where(edge, np.nan, lo), np.where(edge, np.nan, hi)


def _qbeta(q, a, b) -> np.ndarray:
    """R's ``qbeta(q, a, b)``: scipy's beta quantile, and R's values where a shape is 0 or infinite.

    R reads a shape of 0 or infinity as a point mass (``qbeta.c``): both 0, mass 1/2 at 0 and at 1; ``a``
    0 (or ``a / b`` 0) the point 0; ``b`` 0 (or ``b / a`` 0) the point 1; both infinite the point 1/2.
    A NaN or negative shape gives NaN.

    Examples
    --------
    >>> _qbeta(0.025, [np.inf, 0.0, 1.0, np.nan, 2.0], [np.inf, 1.0, 0.0, 1.0, 3.0]).round(6).tolist()
    [0.5, 0.0, 1.0, nan, 0.067586]
    """
    from ._dist import beta_ppf

    q, a, b = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (q, a, b)))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = beta_ppf(q, a, b)
        a_zero = (a == 0) | ((a / b) == 0)
        b_zero = (b == 0) | ((b / a) == 0)
        out = np.where(a_zero, 0.0, np.where(b_zero, 1.0, out))
        out = np.where((a == 0) & (b == 0), np.where(q < 0.5, 0.0, np.where(q > 0.5, 1.0, 0.5)), out)
        out = np.where(np.isinf(a) & np.isinf(b), 0.5, out)
        out = np.where(np.isnan(a) | np.isnan(b) | (a < 0) | (b < 0) | np.isnan(q), np.nan, out)
    return np.atleast_1d(out)


def proportion_ci(p, var, n, degf, *, method: str = "beta", level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Interval for a proportion from a complex sample.

    复杂抽样下比例的置信区间：Korn–Graubard（R ``svyciprop(method="beta")``）或 logit（``method="logit"``）。

    Parameters
    ----------
    p, var : array-like
        Estimated proportion and its design-based variance.
    n : array-like
        Respondents in the domain (R's ``nrow(design)``).
    degf : array-like
        Design degrees of freedom, PSUs minus strata of the domain (R's ``degf(design)``).
    method : {"beta", "logit"}
    level : float

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper limits, within [0, 1]. Where the interval is not estimable both limits
        are NaN, as R gives them: ``p`` at 0 or 1 (every respondent of the domain answered alike,
        so the variance is 0 and R's effective sample size ``p (1 - p) / var`` is 0/0) for
        ``beta``, and for ``logit`` too (R's ``svyglm`` gives there an unconverged fitted value
        near 0 or 1, not an interval); no design degrees of freedom (``degf`` 0, or ``n`` 1).
        A variance of 0 with ``p`` inside (0, 1) gives R's ``qbeta`` limits for infinite shapes
        (both 0.5 at ``p`` 0.5).

    Examples
    --------
    >>> lo, hi = proportion_ci([0.9], [0.0004], [400], [39], method="beta")
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.8515, 0.9368)

    Every respondent satisfied: R's ``svyciprop(~sat, design, method = "beta")`` gives the rate 1
    and the interval ``(NaN, NaN)``, not estimable (variance 0):

    >>> proportion_ci([1.0, 0.0], [0.0, 0.0], [30, 30], [29, 29], method="beta")
    (array([nan, nan]), array([nan, nan]))
    """
    from ._dist import t_ppf   # scipy.stats' own, without importing scipy.stats (0.3-0.9 s)
    p, var, n, degf = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (p, var, n, degf))
    a = 1 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "beta":
            # R's svyciprop(method = "beta") as written: n.eff <- coef * (1 - coef) / vcov, scaled by the ratio of
            # t quantiles; 0/0 (a rate of 0 or 1, variance 0) is NaN and so is the interval, at both ends
            n_eff = p * (1 - p) / var
            n_eff = n_eff * (t_ppf(a / 2, n - 1) / t_ppf(a / 2, degf)) ** 2
            lo = _qbeta(a / 2, n_eff * p, n_eff * (1 - p) + 1)
            hi = _qbeta(1 - a / 2, n_eff * p + 1, n_eff * (1 - p))
        elif method == "logit":
            se_l = np.sqrt(var) / (p * (1 - p))
            q = t_ppf(1 - a / 2, degf)
            eta = np.log(p / (1 - p))
            lo = 1 / (1 + np.exp(-(eta - q * se_l)))
            hi = 1 / (1 + np.exp(-(eta + q * se_l)))
        else:
            raise ValueError("method 必须是 must be 'beta' or 'logit'")
    return lo, hi


def _logit_by_glm(design: Design, values: pd.DataFrame, by, t: pd.DataFrame, level: float):
    """R's ``svyciprop(method = "logit")`` for the domains of ``t`` (rows of :func:`design_mean`): the rate of
    :func:`_glm_logit_mean` and the interval from the variance of ``w (y - mu) / W`` (R's ``svy.varcoef``).
    A rate of 0 or 1 is fitted too (R's fit stops ~2e-11 from the edge) with its interval from the coefficient."""
    Y = values.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    g, labels = design._groups[tuple(_by_list(by))]
    G, M = len(labels), Y.shape[1]
    # every (domain, column)'s answered rows at once, keyed domain * M + column, and each domain's glm fit by
    # _glm_logit_means: no mask of all rows per domain (survey48)
    r, m = np.nonzero(~np.isnan(Y) & (g >= 0)[:, None])
    key = g[r] * M + m
    y, w = Y[r, m], design.weight[r]
    n = np.bincount(key, minlength=G * M)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, np.bincount(key, w * y, minlength=G * M) / np.bincount(key, w, minlength=G * M),
                        np.nan)
    fit = (0 <= mean) & (mean <= 1)
    sel = fit[key]
    b0, glm, _ = _glm_logit_means(y[sel], w[sel], key[sel], G * M, n.astype(float))
    b0[~fit] = np.nan
    glm = np.where(fit, glm, mean)
    mom = _domain_moments(design, Y, g, G, centre=glm)
    # the domains design_mean keeps, in its order: by a column every one (empty=True), else those answered
    shown = np.arange(G * M) if by else np.flatnonzero(mom["n"].ravel() > 0)
    mu, var = glm[shown], mom["var"].ravel()[shown]
    lo, hi = _logit_interval(mu, var, t["df"].to_numpy(), level, b0[shown])
    return mu, lo, hi


def satisfaction_rate(
    responses: pd.DataFrame,
    instrument: Instrument | str,
    *,
    by=None,
    measures=None,
    method: str = "beta",
    lonely_psu: str = "fail",
    level: float = 0.95,
    exclude_flagged: bool = False,
) -> pd.DataFrame:
    """Satisfaction rate (满意率): the share satisfied, with an interval inside 0–1.

    满意率：回答 4 或 5（不低于 ``satisfied_min``）者所占比例（以 0–1 表示），及其标准误与置信区间。

    Equals R's ``svyciprop(~I(overall >= 4), subset(design, !is.na(overall)), method = "beta")``
    (and ``svyby(..., svyciprop, ...)`` by domain): the domain is the respondents who answered.

    Parameters
    ----------
    responses : pandas.DataFrame or Design
        As :func:`satisfaction_index` takes them.
    instrument : Instrument or str
    by : str or list of str, optional
    measures : list of str, optional
        Default ``["overall"]``; items, dimensions and ``composite`` are allowed (a
        dimension or composite score of at least ``satisfied_min`` counts as satisfied).
    method : {"beta", "logit"}
        Korn–Graubard (``beta``) or logit interval.
    lonely_psu : str
    level : float
    exclude_flagged : bool

    Returns
    -------
    pandas.DataFrame
        Columns ``*by``, ``measure``, ``n``, ``rate``, ``se``, ``ci_low``, ``ci_high``,
        ``df``, ``method``. By a column, a group where nobody answered has its row with ``n`` 0 and no rate
        (NaN), shown as "无回答 / no answers".

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("hospital_window", 2025, ["HW01", "HW02"], n_per_window=50, seed=2)
    >>> t = satisfaction_rate(df, "hospital_window", by="window_id")
    >>> t.columns.tolist()
    ['window_id', 'measure', 'n', 'rate', 'se', 'ci_low', 'ci_high', 'df', 'method']
    >>> bool(((t.ci_low >= 0) & (t.ci_low <= t.rate) & (t.rate <= t.ci_high) & (t.ci_high <= 1)).all())
    True
    """
    ins = load_instrument(instrument)
    design = _design_of(responses, lonely_psu)
    ind = satisfied_indicators(design.frame, ins, measures)
    t = _domain_means(design, ind, ins, by=by, level=level, exclude_flagged=exclude_flagged)
    var = t["se"].to_numpy() ** 2
    lo, hi = proportion_ci(t["mean"].to_numpy(), var, t["n"].to_numpy(), t["df"].to_numpy(), method=method, level=level)
    if method == "logit":   # R's rate and interval are svyglm's: its fitted proportion, the variance centred there
        t["mean"], lo, hi = _logit_by_glm(design, ind, by, t, level)
    t = t.rename(columns={"variable": "measure", "mean": "rate"})
    t["ci_low"], t["ci_high"] = lo, hi
    t["method"] = method
    return t[[*_by_list(by), "measure", "n", "rate", "se", "ci_low", "ci_high", "df", "method"]]
