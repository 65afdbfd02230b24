"""Careless-responding screens, the way survey firms run them.

无效问卷（随意作答）筛查：直线作答、个体内变异过低、作答过快、同一窗口同一天答案完全相同。
A respondent is *flagged* when at least ``min_screens`` screens fire (default two).
Flags are reported, never silently dropped: estimation keeps flagged respondents
unless asked to leave them out.

The screens, all vectorised over respondents:

``straightline``
    the longest run of one identical answer across the items, in questionnaire order,
    is at least ``longstring_min`` (default: 80 % of the items, rounded up);
``low_irv``
    intra-individual response variability (the standard deviation of a respondent's
    own answered items, missing codes left out) is at most ``irv_max``;
``speeder``
    ``duration_s`` is under ``speed_ratio`` (default 0.4) times the median duration
    of the delivery; only when durations are given;
``identical``
    at least ``identical_min`` respondents of the same window and interview day gave
    exactly the same answers to every item and the overall item.

Examples
--------
>>> from windoweval.demo import survey as demo
>>> from windoweval.survey import screening
>>> from windoweval.survey.instrument import load_instrument
>>> ins = load_instrument("power_hall")
>>> df = demo.generate_delivery(ins, 2025, ["PW01", "PW02"], n_per_window=40, seed=3)
>>> s = screening.screen_responses(df, ins)
>>> bool(s["flagged"].any())
True
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import UsageError
from .instrument import Instrument, load_instrument

__all__ = ["SCREENS", "SCREEN_LABELS", "screen_responses", "answer_matrix", "UnknownScreen"]


class UnknownScreen(UsageError, ValueError):
    """A careless-responding screen that does not exist (``--screens`` on the command line): exit 2.

    Examples
    --------
    >>> try:
    ...     screen_responses(pd.DataFrame(), "power_hall", screens=["longstring", "speedy"])
    ... except UnknownScreen as e:
    ...     print(e.exit_code, "speedy" in str(e))
    2 True
    """

SCREENS = ("straightline", "low_irv", "speeder", "identical")
SCREEN_LABELS = {
    "straightline": ("直线作答", "straight-lining"),
    "low_irv": ("个体内变异过低", "low intra-individual variability"),
    "speeder": ("作答过快", "speeder"),
    "identical": ("同窗口同日答案雷同", "identical answers within window and day"),
}


def answer_matrix(responses: pd.DataFrame, instrument: Instrument, *, include_missing_codes: bool = True,
                  columns=None) -> np.ndarray:
    """The answers as a float matrix (respondents x items), blanks as NaN.

    取出作答矩阵（受访者 × 题目），空白为 NaN。

    Parameters
    ----------
    responses : pandas.DataFrame
        Typed responses with the instrument's item columns.
    instrument : Instrument
    include_missing_codes : bool
        Keep missing codes (e.g. 9) as values; when False they become NaN.
    columns : sequence of str, optional
        Columns to take; default the items in questionnaire order.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.survey.instrument import load_instrument
    >>> ins = load_instrument("power_hall")
    >>> df = pd.DataFrame({c: [5, 9] for c in ins.item_ids})
    >>> answer_matrix(df, ins, include_missing_codes=False)[:, 0].tolist()
    [5.0, nan]
    """
    cols = list(columns) if columns is not None else list(instrument.item_ids)
    m = responses[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if not include_missing_codes:
        m = np.where(np.isin(m, list(instrument.missing_codes)), np.nan, m)
    return m


def _longest_run(m: np.ndarray) -> np.ndarray:
    """Longest run of equal consecutive values per row (NaN breaks a run); loops over columns only."""
    n, k = m.shape
    if k == 0:
        return np.zeros(n, dtype=int)
    valid = ~np.isnan(m)
    cur = valid[:, 0].astype(int)
    best = cur.copy()
    for j in range(1, k):
        same = (m[:, j] == m[:, j - 1]) & valid[:, j]
        cur = np.where(same, cur + 1, valid[:, j].astype(int))
        best = np.maximum(best, cur)
    return best


def screen_responses(
    responses: pd.DataFrame,
    instrument: Instrument | str,
    *,
    screens=SCREENS,
    longstring_min: int | None = None,
    irv_max: float = 0.5,
    speed_ratio: float = 0.4,
    identical_min: int = 2,
    min_screens: int = 2,
) -> pd.DataFrame:
    """Run the careless-responding screens.

    运行随意作答筛查；触发 ``min_screens`` 项及以上者标记为可疑。

    Parameters
    ----------
    responses : pandas.DataFrame
        Typed responses: ``respondent_id``, the item columns and the overall item;
        ``window_id`` and ``interview_date`` for ``identical``; ``duration_s`` for
        ``speeder``; ``row`` (the file's row number) is carried through when present.
    instrument : Instrument or str
    screens : sequence of str
        Which of ``straightline``, ``low_irv``, ``speeder``, ``identical`` to run.
    longstring_min : int, optional
        Run length that fires ``straightline``; default ``ceil(0.8 * n_items)``.
    irv_max : float
        ``low_irv`` fires when the respondent's item standard deviation (ddof=1) is
        at most this.
    speed_ratio : float
        ``speeder`` fires when ``duration_s < speed_ratio * median(duration_s)``.
    identical_min : int
        Group size of identical answer patterns within a window and day that fires
        ``identical``.
    min_screens : int
        Screens that must fire for a respondent to be flagged.

    Returns
    -------
    pandas.DataFrame
        One row per respondent, in input order, with columns ``respondent_id``, ``row``,
        ``longest_run``, ``irv``, ``duration_ratio``, ``n_identical``, one boolean column
        per screen (``straightline``, ``low_irv``, ``speeder``, ``identical``),
        ``n_screens``, ``flagged`` and ``screens_fired`` (comma-separated names).

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.survey.instrument import load_instrument
    >>> ins = load_instrument("power_hall")
    >>> k = len(ins.item_ids)
    >>> rows = [dict(zip(ins.item_ids, [5] * k)), dict(zip(ins.item_ids, [4, 2, 5, 3] * 5))]
    >>> df = pd.DataFrame(rows).assign(overall=[5, 4], respondent_id=["a", "b"],
    ...     window_id="PW01", interview_date="2025-03-01", duration_s=[300, 400])
    >>> s = screen_responses(df, ins)
    >>> s[["respondent_id", "straightline", "low_irv", "n_screens", "flagged"]]
      respondent_id  straightline  low_irv  n_screens  flagged
    0             a          True     True          2     True
    1             b         False    False          0    False
    """
    ins = load_instrument(instrument)
    unknown = set(screens) - set(SCREENS)
    if unknown:
        raise UnknownScreen(f"未知的筛查 {sorted(unknown)};可选 {', '.join(SCREENS)} / unknown screen(s) "
                            f"{sorted(unknown)}; choose from {', '.join(SCREENS)}")
    n = len(responses)
    # the runs and the spread of answers are taken on the instrument's scale: a question on a scale of its own (0-10
    # 推荐意愿) would break a run of 5s with a 10 and widen the spread, and its 9 is a rating, not the missing code
    on_scale = [c for c in ins.item_ids if c not in ins.own_scales]
    k = len(on_scale)
    m = answer_matrix(responses, ins, columns=on_scale)  # raw codes, missing codes kept
    if longstring_min is None:
        longstring_min = math.ceil(0.8 * k)

    out = pd.DataFrame(
        {
            "respondent_id": responses["respondent_id"].to_numpy() if "respondent_id" in responses else np.arange(n),
            "row": responses["row"].to_numpy() if "row" in responses else np.arange(1, n + 1),
        }
    )
    run = _longest_run(m)
    answered = np.where(np.isin(m, list(ins.missing_codes)), np.nan, m)
    cnt = (~np.isnan(answered)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(answered, axis=1) / cnt
        irv = np.sqrt(np.nansum((answered - mean[:, None]) ** 2, axis=1) / (cnt - 1))
    irv = np.where(cnt >= 2, irv, np.nan)
    out["longest_run"] = run
    out["irv"] = irv

    if "duration_s" in responses:
        dur = pd.to_numeric(responses["duration_s"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    else:
        dur = np.full(n, np.nan)
    med = np.nanmedian(dur) if np.isfinite(dur).any() else np.nan
    out["duration_ratio"] = dur / med if np.isfinite(med) and med > 0 else np.nan

    if {"window_id", "interview_date"} <= set(responses.columns):
        full = answer_matrix(responses, ins, columns=ins.coded_columns)
        pattern = pd.Series(
            pd.util.hash_pandas_object(pd.DataFrame(np.nan_to_num(full, nan=-1.0)), index=False).to_numpy()
        )
        key = pd.DataFrame(
            {
                "w": responses["window_id"].astype(str).to_numpy(),
                "d": responses["interview_date"].astype(str).to_numpy(),
                "p": pattern.to_numpy(),
            }
        )
        n_ident = key.groupby(["w", "d", "p"], sort=False)["p"].transform("size").to_numpy()
        n_ident = np.where(np.isnan(full).all(axis=1), 1, n_ident)
    else:
        n_ident = np.ones(n, dtype=int)
    out["n_identical"] = n_ident

    fired = {
        "straightline": run >= longstring_min,
        "low_irv": np.nan_to_num(irv, nan=np.inf) <= irv_max,
        "speeder": np.nan_to_num(out["duration_ratio"].to_numpy(dtype=float), nan=np.inf) < speed_ratio,
        "identical": n_ident >= identical_min,
    }
    for s in SCREENS:
        out[s] = fired[s] if s in screens else False
    flags = out[list(SCREENS)].to_numpy()
    out["n_screens"] = flags.sum(axis=1)
    out["flagged"] = out["n_screens"] >= min_screens
    fired_names = pd.Series([""] * n, index=out.index, dtype=object)
    for s in SCREENS:
        fired_names = fired_names + np.where(out[s].to_numpy(), s + ",", "")
    out["screens_fired"] = fired_names.str.rstrip(",").astype(object)
    return out
