"""The annual evaluation: every standard scored for a year, the windows ranked, compared with a baseline year.

年度评价:按全部标准对各窗口计分、排名,并与基准年比较。

This is what the ``annual_evaluation`` notebook shows and the report's index
headlines; the notebook only charts it.

Examples
--------
>>> select_windows(pd.DataFrame({"window_id": ["PW01", "HBIL"], "kind": ["power_hall", "hospital_billing"]}),
...                ["power_hall"])["window_id"].tolist()
['PW01']
>>> select_windows(pd.DataFrame({"window_id": ["PW01"], "kind": ["power_hall"]}), "PW01,HBIL")
Traceback (most recent call last):
...
ValueError: 未知的窗口或窗口类型 / unknown window(s) or kind(s): ['HBIL']
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .numbers import rounded
from .scoring import Scorecard, score

__all__ = ["Evaluation", "evaluate", "select_windows", "parse_windows", "survey_responses"]


def parse_windows(windows) -> list[str] | None:
    """``None``, a list, or a comma-separated string (as a command line gives it) → a list of ids, or None."""
    if windows is None:
        return None
    if isinstance(windows, str):
        items = [w.strip() for w in windows.replace(",", ",").split(",")]
    else:
        items = [str(w).strip() for w in windows]
    items = [w for w in items if w]
    return items or None


def select_windows(frame: pd.DataFrame, windows, workspace=None) -> pd.DataFrame:
    """The rows of ``frame`` of the windows ``windows`` names (ids or kinds; all rows when None).

    Kinds are looked up in ``frame``'s own ``kind`` column, or in the
    ``workspace``'s windows when given (for tables without one).  A name that
    matches no window is an error, never an empty table.
    """
    wanted = parse_windows(windows)
    if wanted is None:
        return frame
    ref = workspace.windows if workspace is not None else frame
    ids = set(ref["window_id"].astype(str))
    kinds = set(ref["kind"].astype(str)) if "kind" in ref else set()
    if workspace is not None:
        ids |= set(frame["window_id"].dropna().astype(str))
    unknown = [w for w in wanted if w not in ids | kinds]
    if unknown:
        raise ValueError(f"未知的窗口或窗口类型 / unknown window(s) or kind(s): {unknown}")
    keep = set(w for w in wanted if w in ids)
    if kinds:
        keep |= set(ref.loc[ref["kind"].astype(str).isin(wanted).to_numpy(), "window_id"].astype(str))
    return frame[frame["window_id"].astype(str).isin(keep).to_numpy()]


def survey_responses(year: int, instrument: str, data=None, store_dir=None) -> tuple[pd.DataFrame | None, str]:
    """The responses of the ``instrument`` survey of ``year`` in the survey store, and where they came from.

    ``(responses, "store")`` when the store (``windoweval survey import``)
    holds that survey, otherwise ``(None, "")``.  The demo organisation's
    seeded survey is added at the edge (:func:`windoweval.datadir.survey_responses`,
    which ``windoweval.survey_responses`` is).  ``data`` names the workspace: its
    survey store (beside its records) is read unless ``store_dir`` is given.
    """
    from .survey import store

    if store_dir is None and data is not None:
        store_dir = data  # the survey store lives in the workspace (issue 12)
    try:
        s = store.list_surveys(store_dir=store_dir)
    except FileNotFoundError:
        s = pd.DataFrame(columns=["survey", "instrument", "year"])
    s = s[(s["instrument"] == instrument) & (pd.to_numeric(s["year"], errors="coerce") == int(year))]
    if len(s):
        return store.load_responses(str(s["survey"].iloc[0]), store_dir=store_dir), "store"
    return None, ""


@dataclass
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    ranking : DataFrame
        One row per window, best first: ``rank``, ``window_id``, ``window_name``,
        ``kind``, ``score``, ``baseline_score``, ``change``, ``passed``,
        ``failed``, ``no_data``, ``evidence``.
    by_standard : DataFrame
        Per standard: ``standard``, ``title_zh``, ``title_en``, ``pass``,
        ``fail``, ``no_data`` (window × measure cells), ``met_share``.
    missed : DataFrame
        Every window × measure below its target, worst first.
    headlines : dict
        ``windows``, ``mean_score``, ``mean_change``, ``met_share``, ``failed``,
        ``no_data``, ``top_window``.
    """

    year: int
    baseline_year: int | None
    card: Scorecard
    baseline: Scorecard | None
    ranking: pd.DataFrame
    by_standard: pd.DataFrame
    missed: pd.DataFrame
    headlines: dict = field(default_factory=dict)

    def organisation(self, language: str = "zh") -> str:
        """The organisation's name in ``language`` (its Chinese name when it has no English one)."""
        ws = self.card.workspace
        return ws.name if language == "zh" else (ws.name_en or ws.name)


def _records_by_year(standards, ws, data, years: list[int]) -> dict[int, dict]:
    """``{year: {kind: records}}`` for the kinds the standards' measures read whose file holds every year."""
    from .catalog import load_catalog
    from .engine import read_years
    from .scoring import plan_measures

    kinds = dict.fromkeys(it.kind for it in plan_measures(standards, ws, load_catalog()))
    mapping = ws.mapping()
    out: dict[int, dict] = {y: {} for y in years}
    for kind in kinds:
        split = read_years(kind, data, years, mapping.get(kind))
        for y, df in (split or {}).items():
            out[y][kind] = df
    return out


def evaluate(year: int, data=None, baseline_year: int | None = None, windows=None,
             standards=None, scheduler=None) -> Evaluation:
    """Score every standard (or ``standards``) for ``year`` and ``baseline_year``; rank and compare the windows.

    A records file that holds every year (CSV, XLSX, one Parquet file) is
    read and validated once for both years; a dataset directory is read per
    year, only that year's partitions.

    Parameters
    ----------
    year : int
    data : path, optional
        The records directory (the demo data by default).
    baseline_year : int, optional
        The year to compare with (no comparison when None).
    windows : list or comma-separated str, optional
        Window ids or kinds to keep (all by default).
    standards : str or list, optional
        Standard ids (all by default).
    scheduler : optional
        Score on Dask (see :func:`windoweval.scoring.score`, docs/scale.md);
        None (default): pandas in this process.
    """
    from .workspace import load_workspace

    ws = load_workspace(data)
    select_windows(ws.windows, windows)          # an unknown window stops here, before any scoring
    years = [int(year)] + ([int(baseline_year)] if baseline_year else [])
    records = _records_by_year(standards, ws, data, years) if len(years) > 1 and scheduler is None else {}
    card = score(standards, year=int(year), data=data, workspace=ws, records=records.get(int(year)),
                 scheduler=scheduler)
    base = score(standards, year=int(baseline_year), data=data, workspace=ws, records=records.get(int(baseline_year)),
                 scheduler=scheduler) if baseline_year else None
    wins = select_windows(card.windows, windows)
    ids = set(wins["window_id"])
    res = card.results[card.results["window_id"].isin(ids).to_numpy()]

    ranking = wins.copy()
    if base is not None:
        b = base.windows.set_index("window_id")["score"]
        ranking["baseline_score"] = ranking["window_id"].map(b)
        ranking["change"] = (ranking["score"] - ranking["baseline_score"]).round(1)
    else:
        ranking["baseline_score"] = np.nan
        ranking["change"] = np.nan
    ranking["rank"] = ranking["score"].rank(ascending=False, method="min").astype(int)
    ranking = ranking.sort_values(["rank", "window_id"]).reset_index(drop=True)
    ranking = ranking[["rank", "window_id", "window_name", "kind", "score", "baseline_score", "change",
                       "passed", "failed", "no_data", "evidence"]]

    cat = card.catalog
    counts = (res.groupby(["standard", "verdict"]).size().unstack(fill_value=0)
              .reindex(columns=["pass", "fail", "no_data"], fill_value=0))
    by_std = counts.reset_index()
    by_std.insert(1, "title_zh", by_std["standard"].map(lambda s: cat.standards[s].get("title_zh", "")))
    by_std.insert(2, "title_en", by_std["standard"].map(lambda s: cat.standards[s].get("title_en", "")))
    decided = by_std["pass"] + by_std["fail"]
    by_std["met_share"] = (by_std["pass"] / decided.where(decided > 0)).round(4)
    by_std = by_std.sort_values("standard").reset_index(drop=True)
    by_std.columns.name = None

    missed = res[res["verdict"] == "fail"].assign(gap=lambda d: d["rate"] - d["target"])
    missed = missed.sort_values(["gap", "standard", "measure", "window_id"]).reset_index(drop=True)
    missed = missed[["standard", "measure", "label_zh", "label_en", "window_id", "window_name",
                     "n", "met", "rate", "ci_low", "ci_high", "target", "gap"]]

    n_pass, n_fail = int((res["verdict"] == "pass").sum()), int((res["verdict"] == "fail").sum())
    top = ranking.iloc[0] if len(ranking) else None
    change = ranking["change"].dropna()
    headlines = {
        "windows": int(len(ranking)),
        "mean_score": rounded(float(ranking["score"].mean()), "index") if len(ranking) else None,
        "mean_change": rounded(float(change.mean()), "change") if len(change) else None,
        "met_share": rounded(n_pass / (n_pass + n_fail), "rate") if n_pass + n_fail else None,
        "failed": n_fail,
        "no_data": int((res["verdict"] == "no_data").sum()),
        "top_window": f"{top['window_name']} ({top['window_id']})" if top is not None else None,
    }
    return Evaluation(int(year), int(baseline_year) if baseline_year else None, card, base,
                      ranking, by_std, missed, headlines)
