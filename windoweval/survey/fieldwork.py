"""Per-window fieldwork figures in the GB/T 19038 manner: margin of error, the sample plan, response rate.

逐窗口的调查执行情况：95% 置信水平下的误差界、样本量是否达到计划、应答率（交付附有接触数时）。

Examples
--------
>>> from windoweval.demo import survey as demo
>>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=40, seed=3)
>>> t = window_margins(df, "power_hall", plan=30, contacts={"PW01": 80, "PW02": 50})
>>> t[["window_id", "plan_met"]].values.tolist()
[['PW01', True], ['PW02', True]]
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .estimate import design_mean, satisfied_indicators, score_responses, survey_design
from .instrument import Instrument, load_instrument

__all__ = ["window_margins"]


def _per_window(value, windows, name):
    if value is None:
        return pd.Series(np.nan, index=windows, dtype=float)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return pd.Series(float(value), index=windows)
    if isinstance(value, pd.DataFrame):
        key = value.columns[0]
        col = name if name in value else value.columns[-1]
        value = dict(zip(value[key].astype(str), pd.to_numeric(value[col], errors="coerce")))
    return pd.Series({str(w): float(value[w]) if w in value else np.nan for w in windows})


def window_margins(responses: pd.DataFrame, instrument: Instrument | str, *, by: str = "window_id",
                   measure: str | None = None, stat: str = "index", plan=None, contacts=None,
                   level: float = 0.95, lonely_psu: str = "fail") -> pd.DataFrame:
    """Each window's estimate, margin of error, whether the sample met the plan, and response rate.

    逐窗口：估计值、误差界（``z × 标准误``，默认 95%）、样本量是否达到计划、应答率（受访者 / 接触数）。

    Parameters
    ----------
    responses : pandas.DataFrame
    instrument : Instrument or str
    by : str
    measure : str, optional
        Default the overall item.
    stat : {"index", "rate"}
        Index points (0–100) or the satisfaction rate (0–1).
    plan : int, dict or DataFrame, optional
        Planned respondents: one number for every window, or per window.
    contacts : dict or DataFrame, optional
        People approached per window (``window_id``, ``contacts``); the response rate is
        respondents over contacts.
    level : float
    lonely_psu : str

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``n``, ``estimate``, ``se``, ``margin`` (half-width of the interval), ``plan``,
        ``plan_met`` (True / False; missing without a plan: not judged), ``contacts``,
        ``response_rate`` (missing without contacts).

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=40, seed=3)
    >>> t = window_margins(df, "power_hall", plan={"PW01": 30, "PW02": 60})
    >>> t["plan_met"].tolist(), bool((t["margin"] > 0).all())
    ([True, False], True)
    """
    ins = load_instrument(instrument)
    measure = measure or ins.overall_id
    design = survey_design(responses, lonely_psu=lonely_psu)
    if stat == "rate":
        vals = satisfied_indicators(design.frame, ins, [measure])
    else:
        vals = score_responses(design.frame, ins)[[measure]]
    t = design_mean(design, vals, by=by, level=level)
    z = stats.norm.ppf(1 - (1 - level) / 2)
    wins = t[by].astype(str).tolist()
    p = _per_window(plan, wins, "plan")
    c = _per_window(contacts, wins, "contacts")
    n_all = design.frame.groupby(by).size().reindex(t[by]).to_numpy()
    out = pd.DataFrame({
        by: t[by].to_numpy(),
        "n": t["n"].to_numpy(),
        "estimate": t["mean"].to_numpy(),
        "se": t["se"].to_numpy(),
        "margin": z * t["se"].to_numpy(),
        "plan": p.to_numpy(),
    })
    met = pd.array([pd.NA if np.isnan(pl) else bool(nn >= pl) for nn, pl in zip(n_all, p.to_numpy())],
                   dtype="boolean")
    out["plan_met"] = met
    out["contacts"] = c.to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["response_rate"] = n_all / c.to_numpy()
    return out
