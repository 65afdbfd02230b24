"""What the satisfaction figures say: progress, reliability, drivers, planning, comments.

满意度分析：年度进步、信度、驱动因素、重要性—表现分析、样本量规划、意见文本。

Examples
--------
>>> from windoweval.demo import survey as demo
>>> from windoweval.survey import analysis
>>> w = ["PW01", "PW02", "PW03", "PW04"]
>>> y24 = demo.generate_delivery("power_hall", 2024, w, seed=1)
>>> y25 = demo.generate_delivery("power_hall", 2025, w, seed=1)
>>> t = analysis.progress_table(y24, y25, "power_hall")
>>> t.loc[t.scope == "window", ["window_id", "not_improved"]].to_dict("records")[-1]
{'window_id': 'PW04', 'not_improved': True}
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from windoweval.privacy import mask_text

from .estimate import _by_list, design_mean, satisfaction_index, score_responses, survey_design
from .instrument import Instrument, load_instrument

__all__ = [
    "year_on_year",
    "progress_table",
    "cronbach_alpha",
    "drivers",
    "importance_performance",
    "ipa_chart",
    "sample_plan",
    "mask_pii",
    "search_comments",
    "complaint_terms",
    "SHOWN",
    "windows_domain",
]

#: The column :func:`windows_domain` adds: "shown" on the rows of the windows a notebook shows, blank elsewhere.
SHOWN = "_windows_shown"


def windows_domain(frame: pd.DataFrame, windows, by: str = "window_id") -> pd.DataFrame:
    """``frame`` with :data:`SHOWN` marking the rows of ``windows`` ("shown"; blank elsewhere, so outside every
    group): estimated ``by=SHOWN``, the windows are a domain of the whole design (R's ``subset(des, window_id %in%
    windows)``), never a design of their rows alone.

    Examples
    --------
    >>> windows_domain(pd.DataFrame({"window_id": ["PW01", "PW02"]}), {"PW01"})[SHOWN].fillna("-").tolist()
    ['shown', '-']
    """
    return frame.assign(**{SHOWN: np.where(frame[by].isin(set(windows)), "shown", None)})


def year_on_year(previous: pd.DataFrame, current: pd.DataFrame, *, by="window_id", value: str | None = None,
                 alpha: float = 0.05) -> pd.DataFrame:
    """Change between two years' estimates, with its standard error and test.

    同比变化：差值、标准误 √(se₁² + se₂²)、z 值与双侧 p 值（两年样本相互独立）；标准误为 0（如一年只有一位受访者，或答案
    全部相同）时没有检验：z 与 p 为 NaN，不判为显著 / with an SE of 0 there is no test: z and p are NaN, never significant.

    With two independent yearly samples this is R's ``svycontrast`` of the two years stacked in strata of their own
    (``svyby(~y, ~window + year, des, svymean, covmat = TRUE)``, this year minus last: the covariance between the
    years is 0 there), checked in ``tests/test_survey15_r.py``. Where the years share PSUs (a panel of the same
    clusters), the years are not independent: stack them in one design and use
    :func:`~windoweval.survey.design.svymean` with ``by=["year", "window_id"], covmat=True`` and
    :func:`~windoweval.survey.design.svycontrast`.

    Parameters
    ----------
    previous, current : pandas.DataFrame
        Estimate tables of the two years, as :func:`~windoweval.survey.estimate.satisfaction_index`
        or :func:`~windoweval.survey.estimate.satisfaction_rate` return them (with the same ``by``).
    by : str or list of str or None
        The key columns besides ``measure``.
    value : str, optional
        The estimate column: ``estimate`` or ``rate``; found by itself when omitted.
    alpha : float
        Significance level of ``significant``.

    Returns
    -------
    pandas.DataFrame
        Columns ``*by``, ``measure``, ``estimate_prev``, ``se_prev``, ``estimate``, ``se``,
        ``diff``, ``se_diff``, ``z``, ``p_value``, ``significant``; a key present in
        only one year has missing change.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"window_id": ["A", "B"], "measure": "overall", "estimate": [70.0, 80.0], "se": [3.0, 1.0]})
    >>> b = pd.DataFrame({"window_id": ["A", "B"], "measure": "overall", "estimate": [74.0, 77.0], "se": [4.0, 1.0]})
    >>> t = year_on_year(a, b)
    >>> t[["window_id", "diff", "se_diff", "z", "significant"]].round(4).values.tolist()
    [['A', 4.0, 5.0, 0.8, False], ['B', -3.0, 1.4142, -2.1213, True]]
    """
    keys = _by_list(by) + ["measure"]
    if value is None:
        value = "estimate" if "estimate" in current else "rate"
    p = previous[keys + [value, "se"]].rename(columns={value: "estimate_prev", "se": "se_prev"})
    c = current[keys + [value, "se"]].rename(columns={value: "estimate"})
    t = p.merge(c, on=keys, how="outer", sort=True)
    t["diff"] = t["estimate"] - t["estimate_prev"]
    t["se_diff"] = np.sqrt(t["se_prev"] ** 2 + t["se"] ** 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        # an SE of 0 (a window of one respondent, or all answering alike, both years) estimates no variance: no test,
        # never an infinite z and a "significant" change on one answer
        t["z"] = (t["diff"] / t["se_diff"]).where(t["se_diff"] > 0)
    from ._dist import norm_sf   # scipy.stats' own, without importing scipy.stats (0.3-0.9 s)
    t["p_value"] = 2 * norm_sf(np.abs(t["z"]))
    t["significant"] = (t["p_value"] < alpha).fillna(False).astype(bool)
    return t.reset_index(drop=True)


def progress_table(previous: pd.DataFrame, current: pd.DataFrame, instrument: Instrument | str, *,
                   by: str = "window_id", measure: str | None = None, alpha: float = 0.05,
                   lonely_psu: str = "fail", windows=None) -> pd.DataFrame:
    """The standard's "progress every year" as a table, overall and per window.

    「每年都有进步」（第十二条(二)）：逐窗口及总体的同比表，标出未进步的窗口和显著下降的窗口。

    Parameters
    ----------
    previous, current : pandas.DataFrame
        Last year's and this year's responses.
    instrument : Instrument or str
    by : str
        Column of the windows.
    measure : str, optional
        Default the overall item; a dimension or ``composite`` is allowed.
    alpha : float
    lonely_psu : str
    windows : set of str, optional
        Only these windows (a notebook's ``windows``): ``all`` is their domain of each year's whole design (R's
        ``subset(des, window_id %in% windows)``) and the window rows theirs, each estimated in the whole design, as
        without ``windows``; never a design of their rows alone.

    Returns
    -------
    pandas.DataFrame
        Columns ``scope`` (``all`` or ``window``), ``<by>`` (missing for ``all``), ``measure``,
        ``estimate_prev``, ``se_prev``, ``estimate``, ``se``, ``diff``, ``se_diff``, ``z``,
        ``p_value``, ``improved`` (rose), ``not_improved`` (did not rise, or no comparison),
        ``fell_significantly``, ``verdict_zh``, ``verdict_en``.

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> w = ["PW01", "PW02", "PW03", "PW04"]
    >>> t = progress_table(demo.generate_delivery("power_hall", 2024, w, seed=2),
    ...                    demo.generate_delivery("power_hall", 2025, w, seed=2), "power_hall")
    >>> t.columns.tolist()[:4]
    ['scope', 'window_id', 'measure', 'estimate_prev']
    >>> t["verdict_en"].iloc[0] in {"improved", "improved significantly", "did not improve", "fell significantly"}
    True
    """
    ins = load_instrument(instrument)
    m = [measure or ins.overall_id]
    parts = []
    if windows is not None:   # the windows' domain: the other rows' key blank, outside every group
        previous, current = (windows_domain(f, windows, by) for f in (previous, current))
    for scope, b in (("all", None), ("window", by)):
        if windows is not None and b is None:
            prev, cur = (satisfaction_index(f, ins, by=SHOWN, measures=m, lonely_psu=lonely_psu).drop(columns=SHOWN)
                         for f in (previous, current))
        else:
            prev = satisfaction_index(previous, ins, by=b, measures=m, lonely_psu=lonely_psu)
            cur = satisfaction_index(current, ins, by=b, measures=m, lonely_psu=lonely_psu)
        if windows is not None and b is not None:
            prev, cur = (x[x[b].isin(set(windows))].reset_index(drop=True) for x in (prev, cur))
        t = year_on_year(prev, cur, by=b, alpha=alpha)
        t.insert(0, "scope", scope)
        if b is None:
            t.insert(1, by, pd.NA)
        parts.append(t)
    t = pd.concat(parts, ignore_index=True)
    t["improved"] = (t["diff"] > 0).fillna(False).astype(bool)
    t["not_improved"] = ~t["improved"]
    t["fell_significantly"] = ((t["diff"] < 0) & t["significant"]).astype(bool)
    up_sig = t["improved"] & t["significant"]
    t["verdict_zh"] = np.select(
        [t["diff"].isna(), t["fell_significantly"], t["not_improved"], up_sig],
        ["无可比数据", "显著下降", "未进步", "显著进步"], "有进步")
    t["verdict_en"] = np.select(
        [t["diff"].isna(), t["fell_significantly"], t["not_improved"], up_sig],
        ["no comparison", "fell significantly", "did not improve", "improved significantly"], "improved")
    return t.drop(columns="significant")


def cronbach_alpha(responses: pd.DataFrame, instrument: Instrument | str) -> pd.DataFrame:
    """Cronbach's alpha of each dimension, on complete cases.

    各维度的克朗巴赫 α 系数（仅用该维度各题均有作答的受访者；反向题先反转）。

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the item sum)``,
    sample variances (ddof = 1), unweighted.

    Parameters
    ----------
    responses : pandas.DataFrame
    instrument : Instrument or str

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension``, ``dimension_zh``, ``dimension_en``, ``n_items``, ``n`` (complete cases),
        ``alpha`` (missing for a one-item dimension).

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=80, seed=3)
    >>> a = cronbach_alpha(df, "power_hall")
    >>> a.columns.tolist()
    ['dimension', 'dimension_zh', 'dimension_en', 'n_items', 'n', 'alpha']
    >>> bool((a.alpha > 0.5).all())
    True
    """
    ins = load_instrument(instrument)
    pts = score_responses(responses, ins, scale="points")
    rows = []
    for d in ins.dimensions:
        X = pts[list(d.items)].to_numpy()
        X = X[~np.isnan(X).any(axis=1)]
        k = X.shape[1]
        if k < 2 or len(X) < 2:
            a = math.nan
        else:
            a = k / (k - 1) * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1))
        rows.append({"dimension": d.id, "dimension_zh": d.zh, "dimension_en": d.en, "n_items": k, "n": len(X),
                     "alpha": a})
    return pd.DataFrame(rows)


def drivers(responses: pd.DataFrame, instrument: Instrument | str, *, exclude_flagged: bool = False,
            weighted: bool = True, lonely_psu: str = "fail", windows=None) -> pd.DataFrame:
    """Key drivers: an ordered logit of overall satisfaction on the dimension scores.

    驱动因素分析：以各维度得分（1–5 分）为自变量、总体满意度为因变量的有序 logit 模型，仅用完整个案。
    默认按抽样设计加权（R 的 ``survey::svyolr``，设计的三明治标准误）；``weighted=False`` 为不加权的
    ``MASS::polr(method="logistic")``（statsmodels ``OrderedModel``）。

    Parameters
    ----------
    responses : pandas.DataFrame
    instrument : Instrument or str
    exclude_flagged : bool
        Leave out respondents flagged as careless (needs a ``flagged`` column or runs the screens).
    windows : set of str, optional
        Only these windows' respondents fitted, as their domain of the whole design (the other rows kept in the
        design with no weight in the fit, as ``exclude_flagged`` leaves rows out: R's ``svyolr(..., subset(des,
        window_id %in% windows))``); unweighted, their rows alone.
    weighted : bool
        Design-weighted fit (``svyolr`` on ``svydesign(ids=~psu, strata=~stratum, weights=~weight,
        nest=TRUE)``); needs the design columns.
    lonely_psu : str
        For the weighted fit's variance.

    Returns
    -------
    pandas.DataFrame
        One row per dimension: ``dimension``, ``dimension_zh``, ``dimension_en``, ``coef``
        (log-odds per scale point), ``se``, ``z``, ``p_value``, ``odds_ratio``, ``importance``
        (share of the positive coefficients). ``attrs`` holds ``thresholds``, ``n`` and ``loglik``.

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=100, seed=4)
    >>> d = drivers(df, "power_hall")
    >>> d.columns.tolist()[:4]
    ['dimension', 'dimension_zh', 'dimension_en', 'coef']
    >>> round(float(d.importance.sum()), 6), d.attrs["n"] > 200
    (1.0, True)
    """
    ins = load_instrument(instrument)
    pts = score_responses(responses, ins, scale="points")
    dims = [d.id for d in ins.dimensions]
    if weighted:
        from .design import svydesign, svyolr

        frame = responses.reset_index(drop=True)
        data = pts.reset_index(drop=True)[[ins.overall_id] + dims].copy()
        if exclude_flagged:
            from .estimate import _exclusions

            data.loc[_exclusions(frame, ins, True)] = np.nan
        if windows is not None:   # the windows' domain: the other rows in the design, outside the fit (review41)
            data.loc[~frame["window_id"].isin(set(windows)).to_numpy(dtype=bool)] = np.nan
        frame = frame.drop(columns=[c for c in data.columns if c in frame.columns]).join(data)
        fit = svyolr(svydesign(frame, ids="psu", strata="stratum", weights="weight", lonely_psu=lonely_psu),
                     ins.overall_id, dims)
        k = len(dims)
        out = _driver_table(ins, dims, fit["estimate"].to_numpy()[:k], fit["se"].to_numpy()[:k],
                            fit["p_value"].to_numpy()[:k])
        out.attrs["thresholds"] = fit["estimate"].to_numpy()[k:].tolist()
        out.attrs["n"] = fit.attrs["n"]
        out.attrs["loglik"] = fit.attrs["loglik"]
        out.attrs["weighted"] = True
        return out
    data = pts[[ins.overall_id] + dims]
    if exclude_flagged:
        from .estimate import _exclusions

        data = data[~_exclusions(responses, ins, True)]
    if windows is not None:
        data = data[responses.loc[data.index, "window_id"].isin(set(windows)).to_numpy(dtype=bool)]
    data = data.dropna()
    from statsmodels.miscmodels.ordinal_model import OrderedModel   # only here: the weighted fit is svyolr's

    levels = np.sort(data[ins.overall_id].unique())
    y = pd.Series(pd.Categorical(data[ins.overall_id], categories=levels, ordered=True), index=data.index)
    model = OrderedModel(y, data[dims], distr="logit")
    # a tight gradient tolerance, so the estimates agree with R's polr to many digits
    res = model.fit(method="bfgs", disp=False, maxiter=5000, gtol=1e-8)
    if not res.mle_retvals.get("converged", True):
        raise RuntimeError("有序 logit 模型未收敛 / the ordered logit did not converge")
    k = len(dims)
    coef = res.params.iloc[:k].to_numpy()
    se = res.bse.iloc[:k].to_numpy()
    from scipy import stats   # at first use (~0.5 s to import): a notebook presenting kept estimates needs none
    out = _driver_table(ins, dims, coef, se, 2 * stats.norm.sf(np.abs(coef / se)))
    out.attrs["thresholds"] = model.transform_threshold_params(res.params.to_numpy())[1:-1].tolist()
    out.attrs["n"] = int(len(data))
    out.attrs["loglik"] = float(res.llf)
    return out


_QUADRANTS = {
    (True, False): ("重点改进", "Concentrate here"),
    (True, True): ("继续保持", "Keep up the good work"),
    (False, False): ("低优先", "Low priority"),
    (False, True): ("可能过度投入", "Possible overkill"),
}


def _driver_table(ins: Instrument, dims: list[str], coef, se, p_value) -> pd.DataFrame:
    """The drivers' table from an ordered logit's slopes: one row per dimension, importance the positive share."""
    pos = np.clip(coef, 0, None)
    return pd.DataFrame({
        "dimension": dims,
        "dimension_zh": [d.zh for d in ins.dimensions],
        "dimension_en": [d.en for d in ins.dimensions],
        "coef": coef,
        "se": se,
        "z": coef / se,
        "p_value": p_value,
        "odds_ratio": np.exp(coef),
        "importance": pos / pos.sum() if pos.sum() > 0 else np.nan,
    })


def importance_performance(responses: pd.DataFrame, instrument: Instrument | str, *, lonely_psu: str = "fail",
                           exclude_flagged: bool = False, windows=None) -> pd.DataFrame:
    """Importance–performance analysis of the dimensions.

    重要性—表现分析（IPA）：重要性取自驱动因素模型，表现取自维度满意度指数；以两者的均值划分四个象限。

    Parameters
    ----------
    responses : pandas.DataFrame
    instrument : Instrument or str
    lonely_psu : str
    exclude_flagged : bool
    windows : set of str, optional
        Only these windows (a notebook's ``windows``): the drivers and the performance of their domain of the whole
        design (:func:`drivers`, :func:`progress_table`), never a design of their rows alone.

    Returns
    -------
    pandas.DataFrame
        Columns ``dimension``, ``dimension_zh``, ``dimension_en``, ``importance``, ``coef``,
        ``performance`` (index 0–100), ``se``, ``quadrant_zh``, ``quadrant_en``.

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=100, seed=4)
    >>> t = importance_performance(df, "power_hall")
    >>> t.set_index("dimension").loc["efficiency", "quadrant_en"]
    'Concentrate here'
    """
    ins = load_instrument(instrument)
    drv = drivers(responses, ins, exclude_flagged=exclude_flagged, lonely_psu=lonely_psu, windows=windows)
    if windows is None:
        idx = satisfaction_index(responses, ins, measures=[d.id for d in ins.dimensions], lonely_psu=lonely_psu,
                                 exclude_flagged=exclude_flagged)
    else:   # the windows' domain: the other rows' key blank, outside every group
        idx = satisfaction_index(windows_domain(responses, windows), ins, by=SHOWN,
                                 measures=[d.id for d in ins.dimensions], lonely_psu=lonely_psu,
                                 exclude_flagged=exclude_flagged).drop(columns=SHOWN)
    t = drv[["dimension", "dimension_zh", "dimension_en", "importance", "coef"]].merge(
        idx.rename(columns={"measure": "dimension", "estimate": "performance"})[["dimension", "performance", "se"]],
        on="dimension")
    hi_imp = t["importance"] >= t["importance"].mean()
    hi_perf = t["performance"] >= t["performance"].mean()
    q = [_QUADRANTS[(a, b)] for a, b in zip(hi_imp, hi_perf)]
    t["quadrant_zh"] = [x[0] for x in q]
    t["quadrant_en"] = [x[1] for x in q]
    return t


def ipa_chart(ipa: pd.DataFrame, *, title: str | None = None):
    """The importance–performance quadrant chart.

    重要性—表现象限图（plotly）。

    Parameters
    ----------
    ipa : pandas.DataFrame
        As :func:`importance_performance` returns it.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"dimension": ["a", "b"], "dimension_zh": ["甲", "乙"], "dimension_en": ["A", "B"],
    ...                   "importance": [0.7, 0.3], "performance": [60.0, 80.0],
    ...                   "quadrant_zh": ["重点改进", "可能过度投入"], "quadrant_en": ["Concentrate here", "Possible overkill"]})
    >>> fig = ipa_chart(t)
    >>> fig.data[0].text
    ('甲 A', '乙 B')
    """
    import plotly.graph_objects as go

    x, y = ipa["importance"], ipa["performance"]
    mx, my = float(x.mean()), float(y.mean())
    fig = go.Figure(go.Scatter(
        x=x, y=y, mode="markers+text", text=(ipa["dimension_zh"] + " " + ipa["dimension_en"]).tolist(),
        textposition="top center", marker={"size": 12},
        customdata=np.stack([ipa["quadrant_zh"], ipa["quadrant_en"]], axis=1),
        hovertemplate="%{text}<br>重要性 importance %{x:.2f}<br>表现 performance %{y:.1f}"
                      "<br>%{customdata[0]} / %{customdata[1]}<extra></extra>",
    ))
    fig.add_vline(x=mx, line_dash="dash", line_color="grey")
    fig.add_hline(y=my, line_dash="dash", line_color="grey")
    xr = [min(float(x.min()), mx) - 0.05, max(float(x.max()), mx) + 0.05]
    yr = [min(float(y.min()), my) - 5, max(float(y.max()), my) + 5]
    for (hi_i, hi_p), (zh, en) in _QUADRANTS.items():
        fig.add_annotation(x=xr[1] if hi_i else xr[0], y=yr[1] if hi_p else yr[0], text=f"{zh}<br>{en}",
                           showarrow=False, xanchor="right" if hi_i else "left",
                           yanchor="top" if hi_p else "bottom", font={"color": "grey"})
    fig.update_layout(
        title=title or "重要性—表现分析 Importance–performance analysis",
        xaxis_title="重要性（驱动因素）Importance (drivers)", yaxis_title="表现（满意度指数）Performance (index 0–100)",
        xaxis_range=xr, yaxis_range=yr, template="plotly_white",
    )
    return fig


def sample_plan(responses: pd.DataFrame, instrument: Instrument | str, *, margin: float = 3.0,
                measure: str | None = None, by: str = "window_id", level: float = 0.95, min_deff: float = 1.0,
                lonely_psu: str = "fail") -> pd.DataFrame:
    """Respondents each window needs next year for a chosen margin of error.

    样本量规划：按今年的方差与设计效应，计算明年每个窗口为达到给定误差界（指数点）所需的受访者人数。

    ``n_required = ceil(z^2 * element_var * max(deff, min_deff) / margin^2)``, with
    ``element_var`` the weighted variance of the index among the window's respondents and
    ``deff`` its design effect this year (against simple random sampling with replacement).

    Parameters
    ----------
    responses : pandas.DataFrame
        This year's responses.
    instrument : Instrument or str
    margin : float
        Wanted half-width of the interval, in index points (0–100 scale).
    measure : str, optional
        Default the overall item.
    by : str
    level : float
    min_deff : float
        Floor of the design effect used (1.0: never plan on less than simple random sampling).
    lonely_psu : str

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>``, ``n``, ``estimate``, ``se``, ``margin_now`` (z se), ``element_var``, ``deff``,
        ``margin``, ``n_required``, ``n_more`` (beyond this year's n, at least 0).

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=60, seed=5)
    >>> p = sample_plan(df, "power_hall", margin=3.0)
    >>> p.columns.tolist()
    ['window_id', 'n', 'estimate', 'se', 'margin_now', 'element_var', 'deff', 'margin', 'n_required', 'n_more']
    >>> bool((p.n_required > p.n).all())
    True
    """
    ins = load_instrument(instrument)
    measure = measure or ins.overall_id
    design = survey_design(responses, lonely_psu=lonely_psu)
    sc = score_responses(design.frame, ins, measures=[measure])  # only the items the measure needs
    t = design_mean(design, sc, by=by, level=level, deff=True)
    from scipy import stats   # at first use (~0.5 s to import): a notebook presenting kept estimates needs none
    z = stats.norm.ppf(1 - (1 - level) / 2)
    deff = np.maximum(t["deff"].to_numpy(), min_deff)
    need = np.ceil(z ** 2 * t["element_var"].to_numpy() * deff / margin ** 2)
    out = pd.DataFrame({
        by: t[by],
        "n": t["n"],
        "estimate": t["mean"],
        "se": t["se"],
        "margin_now": z * t["se"],
        "element_var": t["element_var"],
        "deff": t["deff"],
        "margin": float(margin),
        "n_required": need.astype(int),
    })
    out["n_more"] = np.maximum(out["n_required"] - out["n"], 0)
    return out


# --- comments -------------------------------------------------------------------------------

def mask_pii(text, names=()) -> pd.Series:
    """Mask phone numbers, ID-card numbers and names in free text.

    遮蔽意见文本中的个人信息：手机和固定电话号码、身份证号、电子邮箱、9 位以上的其他号码（户号、卡号），
    以及姓名（“王师傅”“工作人员李丽”“我叫张三”等常见写法，及给定名单中的姓名）。

    The rules are :func:`windoweval.privacy.mask_text`'s, with its ``survey`` profile
    (bilingual tokens, and any run of 9 or more digits masked as well).

    Parameters
    ----------
    text : str, sequence of str or pandas.Series
    names : sequence of str
        Further names to mask wherever they occur (e.g. the staff roster).

    Returns
    -------
    pandas.Series
        The masked text (same index as a Series input); missing stays missing.

    Examples
    --------
    >>> mask_pii("工作人员王小明态度不好，请回电13812345678，身份证110101199003071234。").iloc[0]
    '工作人员[姓名/name]态度不好，请回电[电话/phone]，身份证[身份证号/ID]。'
    >>> mask_pii(["李师傅很耐心", None, "我叫张伟，电话 010-62345678"]).tolist()
    ['[姓名/name]师傅很耐心', None, '我叫[姓名/name]，电话 [电话/phone]']
    """
    s = pd.Series([text]) if isinstance(text, str) else pd.Series(text)
    s = s.astype(object)
    present = s.notna()
    t = mask_text(s[present].astype(str), profile="survey", names=names, free_text=True).astype(object)
    s = s.copy()
    s[present] = t
    return s.where(present, None)


def search_comments(responses: pd.DataFrame, query: str = "", *, window=None, regex: bool = False,
                    names=()) -> pd.DataFrame:
    """Search the comments; what is returned is always masked.

    检索意见建议：在已遮蔽个人信息的文本中检索，返回的文本均已遮蔽。

    Parameters
    ----------
    responses : pandas.DataFrame
        With ``comment`` (and ``respondent_id``, ``window_id``, ``interview_date``, ``overall`` when present).
    query : str
        Text to look for (case-insensitive); empty returns every comment.
    window : str or collection of str, optional
        Only these windows.
    regex : bool
        Treat ``query`` as a regular expression.
    names : sequence of str
        Further names to mask.

    Returns
    -------
    pandas.DataFrame
        Columns ``respondent_id``, ``window_id``, ``interview_date``, ``overall``, ``comment`` (masked).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"respondent_id": ["1", "2"], "window_id": "PW01", "interview_date": "2025-03-01",
    ...                    "overall": [2, 5], "comment": ["排队太久，电话13912345678", "很好"]})
    >>> search_comments(df, "排队")["comment"].tolist()
    ['排队太久，电话[电话/phone]']
    >>> len(search_comments(df, "13912345678"))
    0
    """
    cols = ["respondent_id", "window_id", "interview_date", "overall", "comment"]
    t = responses.reindex(columns=cols)
    t = t[t["comment"].notna() & t["comment"].astype(str).str.strip().ne("")]
    if window is not None:
        t = t[t["window_id"].isin([window] if isinstance(window, str) else list(window))]
    t = t.assign(comment=mask_pii(t["comment"], names=names).to_numpy())
    if query:
        t = t[t["comment"].str.contains(query, case=False, regex=regex)]
    return t.reset_index(drop=True)


_NEGATIONS = ("不用", "无需", "不必", "没有", "不需")


def complaint_terms(responses: pd.DataFrame, instrument: Instrument | str, *, by: str = "window_id", top: int = 5,
                    only_dissatisfied: bool = False) -> pd.DataFrame:
    """The most frequent complaint terms in the comments of each window.

    各窗口意见中最常见的投诉词（按问卷定义的投诉词表及其同义词计数；“不用排队”之类的否定说法不计）。

    Parameters
    ----------
    responses : pandas.DataFrame
    instrument : Instrument or str
        Its ``complaint_terms`` are the lexicon.
    by : str
    top : int
        Terms kept per window.
    only_dissatisfied : bool
        Count only comments of respondents whose overall answer is below ``satisfied_min``.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>``, ``term``, ``term_zh``, ``term_en``, ``n_comments`` (comments mentioning it),
        ``share`` (of the window's comments), ``rank``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["A", "A", "A", "B"], "overall": [2, 3, 5, 2],
    ...     "comment": ["排队太久", "等了一个小时，态度冷漠", "不用排队，很好", "电费多收了"]})
    >>> complaint_terms(df, "power_hall")[["window_id", "term", "n_comments"]].values.tolist()
    [['A', 'queue', 2], ['A', 'attitude', 1], ['B', 'charges', 1]]
    """
    ins = load_instrument(instrument)
    cols = ["window_id", "term", "term_zh", "term_en", "n_comments", "share", "rank"]
    cols[0] = by
    t = responses[responses["comment"].notna()].copy()
    t["comment"] = t["comment"].astype(str)
    t = t[t["comment"].str.strip().ne("")]
    if only_dissatisfied:
        o = pd.to_numeric(t[ins.overall_id], errors="coerce")
        t = t[o < ins.satisfied_min]
    if t.empty:
        return pd.DataFrame(columns=cols)
    neg = "".join(f"(?<!{n})" for n in _NEGATIONS)
    hits = pd.DataFrame(index=t.index)
    for term in ins.complaint_terms:
        pat = neg + "(?:" + "|".join(re.escape(m) for m in term["match"]) + ")"
        hits[term["id"]] = t["comment"].str.contains(pat, regex=True)
    hits[by] = t[by].to_numpy()
    n_comments = t.groupby(by).size()
    long = hits.groupby(by).sum().stack().rename("n_comments").reset_index().rename(columns={"level_1": "term"})
    long.columns = [by, "term", "n_comments"]
    long = long[long["n_comments"] > 0]
    if long.empty:  # comments, none naming a term: no table (the share's division failed on the empty frame)
        return pd.DataFrame(columns=cols)
    meta = {x["id"]: (x["zh"], x["en"]) for x in ins.complaint_terms}
    long["term_zh"] = long["term"].map(lambda k: meta[k][0])
    long["term_en"] = long["term"].map(lambda k: meta[k][1])
    long["share"] = long["n_comments"] / long[by].map(n_comments)
    order = {x["id"]: i for i, x in enumerate(ins.complaint_terms)}
    long = long.assign(_o=long["term"].map(order)).sort_values([by, "n_comments", "_o"], ascending=[True, False, True])
    long["rank"] = long.groupby(by).cumcount() + 1
    long = long[long["rank"] <= top]
    return long[cols].reset_index(drop=True).astype({"n_comments": int})
