"""Scorecards: clauses × records → one row per window and measure, and each window's 100-point score.

Examples
--------
>>> wilson_interval([9], [10])[0].round(4).tolist()
[0.5958]
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .catalog import Catalog, UnknownName, load_catalog
from .engine import Item, evaluate
from .kernels import KERNELS
from .records import contracts
from .workspace import Workspace, WorkspaceError, load_workspace

__all__ = ["score", "Scorecard", "wilson_interval", "apply_where", "VERDICT_LABELS"]

VERDICT_LABELS = {"pass": "达标 / met", "fail": "未达标 / not met", "no_data": "无数据 / no evidence"}


def wilson_interval(met, n, z: float = 1.959963984540054) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion met / n (95 % by default); NaN where n = 0.

    Examples
    --------
    >>> lo, hi = wilson_interval([0, 10], [10, 10])
    >>> [round(float(x), 4) for x in (lo[0], hi[0], lo[1], hi[1])]
    [0.0, 0.2775, 0.7225, 1.0]
    """
    met = np.asarray(met, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = met / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        lo, hi = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    lo[n == 0] = np.nan
    hi[n == 0] = np.nan
    return lo, hi


def apply_where(df: pd.DataFrame, where: dict | None) -> pd.DataFrame:
    """The rows of ``df`` in a measure's population.

    ``where`` maps a column to a value, a list of values, or comparisons
    ``{gt|ge|lt|le|eq|ne: x, in: [...], notna: true, isna: true}``.  A missing
    value passes ``ne`` (it is distinct from x) and fails every other test.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"k": ["a", "b", "c"], "q": [5, 11, 12]})
    >>> apply_where(df, {"k": ["b", "c"], "q": {"gt": 11}})["k"].tolist()
    ['c']
    >>> flags = pd.DataFrame({"ok": pd.array([True, False, None], dtype="boolean")})
    >>> apply_where(flags, {"ok": {"ne": False}}).index.tolist()
    [0, 2]
    """
    if not where:
        return df
    keep = np.ones(len(df), dtype=bool)
    for col, cond in where.items():
        s = df[col]
        if isinstance(cond, dict):
            for op, v in cond.items():
                if op == "notna":
                    m = s.notna() if v else s.isna()
                elif op == "isna":
                    m = s.isna() if v else s.notna()
                elif op == "in":
                    m = s.isin(v)
                else:
                    m = getattr(s, op)(v)
                # a missing value is "distinct from" v: it passes ne and fails every other comparison
                keep &= m.to_numpy(dtype=bool, na_value=(op == "ne"))
        else:
            vals = cond if isinstance(cond, list) else [cond]
            keep &= s.isin(vals).to_numpy(dtype=bool, na_value=False)
    return df[keep]


@dataclass
class Scorecard:
    """The result of :func:`score`.

    Attributes
    ----------
    results : DataFrame
        One row per window and measure: ``standard``, ``clause_id``, ``measure``,
        ``label_zh``, ``label_en``, ``window_id``, ``window_name``, ``records``
        (in the population), ``n`` (assessed), ``met``, ``not_assessed``
        (missing evidence), ``exempt`` (the clause's own exceptions, e.g.
        documented instrument faults; not in ``records``),
        ``rate``, ``ci_low``, ``ci_high`` (Wilson 95 %), ``target``,
        ``verdict`` (pass | fail | no_data), ``weight``.
    windows : DataFrame
        One row per window: ``window_id``, ``window_name``, ``kind``,
        ``measures``, ``passed``, ``failed``, ``no_data``, ``score`` (0–100),
        ``evidence`` (share of weight with data), ``rank``.
    """

    results: pd.DataFrame
    windows: pd.DataFrame
    year: int | None
    workspace: Workspace
    catalog: Catalog
    _masks: dict = field(default_factory=dict, repr=False)

    def drilldown(self, measure: str, window: str | None = None, include_passed: bool = False) -> pd.DataFrame:
        """The records (or units) behind one measure that missed it, with the clause's message.

        Columns: the records' own columns (or the unit's keys), ``passed``,
        ``message``, and for time limits ``elapsed_min``.
        """
        if measure not in self._masks:
            cid = self.catalog.aliases.get(measure, measure)
            cands = [k for k in self._masks if k == cid or k.startswith(cid + "#")]
            if len(cands) != 1:
                raise UnknownName(f"没有测量 {measure} / no measure {measure}; 可选 / choose from: {cands or sorted(self._masks)[:10]}")
            measure = cands[0]
        pop, mask, m = self._masks[measure]
        if hasattr(pop, "materialise"):  # a population kept by reference (windoweval.engine): taken now
            pop, mask = pop.materialise(mask, include_passed)
        k = KERNELS[m["kernel"]]
        if k.level == "record":
            out = pop.assign(passed=mask)
            private = [c for c, s in contracts()[m["records"]].columns.items() if s.get("private") and c in out]
            if private:  # free text that may name people: masked in every drill-down (windoweval.privacy)
                from .privacy import mask_text
                out = out.assign(**{c: mask_text(out[c]) for c in private})
        else:
            out = mask.reset_index()
        if not include_passed:
            out = out[out["passed"].eq(False).to_numpy(dtype=bool, na_value=False)]
        if window is not None:
            out = out[out["window_id"] == window]
        p = m.get("params") or {}
        if m["kernel"] == "time_limit" and p.get("unit") in ("seconds", "minutes", "hours"):
            out = out.assign(elapsed_min=(out[p["end"]] - out[p["start"]]).dt.total_seconds() / 60)
        if m["kernel"] in ("phrases_forbidden",) and len(out):
            from .kernels import phrase_hits
            hits = phrase_hits(out[p.get("text", "text")], p["phrases"])
            ctx = hits.groupby("row")["context"].agg(" | ".join)
            out = out.assign(hits=ctx.reindex(out.index))
        return out.assign(measure=measure, message=k.message(p)).reset_index(drop=True)


def _aggregate(mask: pd.Series, window_ids: pd.Series, weights: pd.Series | None) -> pd.DataFrame:
    assessed = mask.notna().to_numpy()
    met = mask.fillna(False).to_numpy(dtype=bool)
    w = np.ones(len(mask)) if weights is None else weights.fillna(0).to_numpy(dtype=float)
    frame = pd.DataFrame({"window_id": window_ids.to_numpy(), "records": 1, "n": assessed.astype(int),
                          "met": met.astype(int), "w_n": w * assessed, "w_met": w * met})
    g = frame.groupby("window_id", sort=False).sum()
    return g


def score(standard: str | list[str] | None = None, year: int | None = None, data=None,
          workspace: Workspace | None = None, catalog: Catalog | None = None,
          records: dict | None = None, scheduler=None) -> Scorecard:
    """Score the windows of a workspace against one standard, several, or all.

    Parameters
    ----------
    standard : str or list of str, optional
        Standard id(s), e.g. ``"power_window"``; all when omitted.
    year : int, optional
        Keep the records of this year.
    data : path, optional
        The records directory (the bundled demo data by default).
    workspace, catalog : optional
        Already loaded ones (the data directory's and the bundled ones by default).
    records : dict, optional
        ``{kind: DataFrame}`` already read and validated (skips reading those kinds).
    scheduler : optional
        Run on Dask: ``"local"`` (a local cluster, ``"local:N"`` for N
        workers), a scheduler address (``"tcp://host:8786"``), a
        ``distributed.Client``, or ``"threads"``/``"sync"``.  None (default):
        pandas in this process.  The results are the same (docs/scale.md).

    Returns
    -------
    Scorecard
        ``.results`` (window × measure), ``.windows`` (100-point scores) and
        ``.drilldown(measure)``.
    """
    ws = workspace or load_workspace(data)
    cat = catalog or load_catalog()
    stds = [standard] if isinstance(standard, str) else (standard or list(cat.standards))
    for s in stds:
        if s not in cat.standards:
            raise UnknownName(f"没有标准 {s} / no standard {s}; 可选 / choose from {sorted(cat.standards)}")
    measures = [m for s in stds for m in cat.measures(s)]
    cal = ws.calendar()
    mapping = ws.mapping()
    rows, masks, plan = [], {}, []
    wnames = ws.windows.set_index("window_id")["window_name"]
    for m in measures:
        wins = ws.windows_for(m["standard"], m["window_kinds"])
        if not wins:
            continue
        k = KERNELS[m["kernel"]]
        params = dict(m.get("params") or {})
        sig = inspect.signature(k.func).parameters
        if "calendar" in sig:
            params["calendar"] = cal
        if "windows" in sig:
            params["windows"] = wins
        if "year" in sig:
            params["year"] = year
        # art. 203 applies to calendar-day limits: time_limit with unit days, and kernels without a unit
        # whose limits are calendar days (reply_within, promises_kept)
        if "extend_to_workday" in sig and (params.get("unit") == "days" or "unit" not in sig) \
                and "extend_to_workday" not in (m.get("params") or {}):
            params["extend_to_workday"] = ws.art203
        plan.append(Item(m, wins, k, params))
    # each kind read once; populations, exceptions, kernels and counts per window: windoweval.engine
    evaluated = evaluate(plan, data, year, mapping, records=records, scheduler=scheduler)
    for it in plan:
        m, wins = it.m, it.wins
        agg, pop, mask = evaluated[m["measure"]]
        masks[m["measure"]] = (pop, mask, m)
        agg = agg.reindex(pd.Index(wins, name="window_id"), fill_value=0)
        target = float(m["target"])
        override = ws.targets.get(m["measure"], ws.targets.get(m["clause_id"]))
        if override is not None:
            if override < target:
                raise WorkspaceError(
                    f"[targets] {m['measure']} = {override}:组织只能把目标定得更严(标准为 {target})/ "
                    f"an organisation may only set a stricter target (the standard's is {target})")
            target = float(override)
        weight = float(ws.weights.get(m["measure"], ws.weights.get(m["clause_id"], 1)))
        part = agg.reset_index()
        part["not_assessed"] = part["records"] - part["n"]
        with np.errstate(invalid="ignore", divide="ignore"):
            part["rate"] = np.where(part["w_n"] > 0, part["w_met"] / part["w_n"].where(part["w_n"] > 0, 1), np.nan)
        lo, hi = wilson_interval(part["met"], part["n"])
        part["ci_low"], part["ci_high"] = lo, hi
        part["target"] = target
        part["verdict"] = np.where(part["n"] == 0, "no_data",
                                   np.where(part["rate"] >= target - 1e-12, "pass", "fail"))
        for c in ("standard", "clause_id", "measure", "label_zh", "label_en", "records"):
            part[c if c != "records" else "record_kind"] = m.get(c, "")
        part["weight"] = weight
        rows.append(part)
    cols = ["standard", "clause_id", "measure", "label_zh", "label_en", "record_kind", "window_id", "window_name",
            "records", "n", "met", "not_assessed", "exempt", "rate", "ci_low", "ci_high", "target", "verdict", "weight"]
    if rows:
        res = pd.concat(rows, ignore_index=True)
        res["window_name"] = res["window_id"].map(wnames)
        res = res[cols]
        for c in ("records", "n", "met", "not_assessed", "exempt"):
            res[c] = res[c].astype(int)
    else:
        res = pd.DataFrame(columns=cols)
    return Scorecard(res, window_scores(res, ws), year, ws, cat, masks)


def window_scores(results: pd.DataFrame, ws: Workspace) -> pd.DataFrame:
    """Each window's 100-point score: the weight of the measures it met over the weight of all that apply.

    A measure without evidence earns nothing (missing evidence is never a
    pass); ``evidence`` shows the share of the weight that had data.
    """
    v = results["verdict"]
    r = results.assign(w_pass=results["weight"] * (v == "pass"), w_data=results["weight"] * (v != "no_data"),
                       _pass=(v == "pass").astype(np.int64), _fail=(v == "fail").astype(np.int64),
                       _none=(v == "no_data").astype(np.int64))  # counted by sums, not a function per window
    g = r.groupby("window_id").agg(measures=("measure", "size"), passed=("_pass", "sum"), failed=("_fail", "sum"),
                                   no_data=("_none", "sum"),
                                   w=("weight", "sum"), w_pass=("w_pass", "sum"), w_data=("w_data", "sum"))
    g["score"] = (100 * g["w_pass"] / g["w"]).round(1)
    g["evidence"] = (g["w_data"] / g["w"]).round(3)
    out = ws.windows[["window_id", "window_name", "kind"]].merge(g.reset_index(), on="window_id", how="inner")
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    return out.drop(columns=["w", "w_pass", "w_data"]).sort_values(["rank", "window_id"]).reset_index(drop=True)
