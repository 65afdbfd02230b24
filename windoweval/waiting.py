"""Patients' waiting, from queue tickets (取号 → 叫号), and whether it was shortened against a baseline year.

病人等待时间:取号至叫号,与基准年比较是否缩短。

The hospital billing office and pharmacy promise to 缩短病人等待时间 (shorten patients' waiting) and
state no limit (3-hospital-window-commitments.zh.txt, lines 11 and 21).  The reading, stated in the
clause file: per window, the median and 90th percentile minutes from taking a queue ticket to being
called (the scorecard's ``waiting_time`` measure, reported beside, not scored).  The verdict is a
comparison, so it needs the baseline year:

* ``shortened`` (已缩短): this year's median is below the baseline year's, and its 90th percentile
  not above it (a shorter typical wait must not hide a longer tail);
* ``not_shortened`` (未缩短): otherwise;
* ``measured`` (仅计量): the window has no called tickets in the baseline year: the figures are
  shown, with no verdict (never a pass on missing evidence);
* ``insufficient`` (证据不足): fewer called tickets than the workspace's ``min_records`` in either year; or
  the called tickets' waits shortened while the share of tickets never called rose above the baseline year's
  (a ticket never called is a patient who waited and was not served, or still waited when the data were
  extracted: how long is unknown, so it is counted apart, never as a wait; a shorter median of the called
  could be the longest waiters having left, so it is no evidence of 缩短, nor of a longer wait).  This reading
  is a choice: ``never_called = "ignore"`` under ``[params."<measure>"]`` in windoweval.toml judges by the called
  tickets' waits alone (the never-called still counted and shown); the default is ``"compare"``;
* ``no_data`` (无数据): no called ticket this year;
* ``not_in_workspace`` (窗口不在工作区中): a row per window id of the tickets that is no window of the workspace
  (a window left out of windoweval.toml, an id written otherwise, a blank one): its tickets counted (``tickets``,
  ``baseline_tickets``), never judged, never dropped in silence; the fix is to add the window to the workspace or
  map its id (mapping.yaml ``values.window_id``).

Each row says the never-called rule applied to its measure (``never_called``: ``compare`` or ``ignore``).

Examples
--------
>>> t = waiting_times(2025)
>>> t.set_index("window_id").loc["HBIL", "verdict"]
'shortened'
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["waiting_times", "VERDICTS", "COLUMNS"]

#: The verdicts of :func:`waiting_times`, Chinese and English.
VERDICTS = {"shortened": "已缩短 / shortened", "not_shortened": "未缩短 / not shortened",
            "measured": "仅计量(无基准年)/ measured, no baseline", "insufficient": "证据不足 / insufficient evidence",
            "no_data": "无数据 / no evidence",
            "not_in_workspace": "窗口不在工作区中,未评价 / window not in the workspace, not judged"}

#: The never-called rules (``never_called`` under ``[params."<measure>"]``), as the command states them.
NEVER_CALLED = {
    "compare": ("未叫号比例高于基准年而已叫号者等候缩短的,判为证据不足(默认)",
                "shorter waits of the called with a larger share never called than the baseline year's: insufficient "
                "evidence (the default)"),
    "ignore": ("只按已叫号者的等候判定,未叫号的票单列、不影响结论(never_called = \"ignore\")",
               "judged by the called tickets' waits alone; the never-called counted apart, not changing the verdict "
               "(never_called = \"ignore\")"),
}

#: What to do about tickets of a window id the workspace does not know.
#: Why :func:`waiting_times` judges nothing when no window of the workspace (of the standards asked for) is subject
#: to a waiting measure, Chinese and English (its ``attrs["not_judged"]``).
NO_MEASURE = ("工作区中没有窗口适用(所选标准的)排队等候测量(医院收费处、药房的“缩短病人等待时间”),排队票据(queue_tickets)"
              "均未评价;窗口编号不在工作区中的票仍按编号清点(见下);如需评价,请在 windoweval.toml 的 [[windows]] "
              "中加上这类窗口",
              "no window of the workspace is subject to a waiting measure (of the standards asked for: the hospital "
              "billing and pharmacy windows' 缩短病人等待时间), so no queue ticket (queue_tickets) is judged; those of "
              "window ids the workspace does not know are still counted by id (below); to judge them, add such "
              "windows to [[windows]] in windoweval.toml")

UNKNOWN_FIX = ("请在 windoweval.toml 的 [[windows]] 中加上这一窗口,或在 mapping.yaml 的 values.window_id 中把导出的编号映射到"
               "工作区的窗口编号",
               "add the window to [[windows]] in windoweval.toml, or map the export's id to the workspace's window id "
               "under values.window_id in mapping.yaml")

#: The columns of :func:`waiting_times`, in order.
COLUMNS = ["standard", "clause_id", "measure", "window_id", "window_name", "tickets", "called", "not_called",
           "median_min", "p90_min", "baseline_year", "baseline_called", "baseline_not_called", "baseline_median_min",
           "baseline_p90_min", "change_median_min", "never_called", "verdict"]

_FIG = ["tickets", "called", "not_called", "median_min", "p90_min"]


def _figures(evaluated, items) -> pd.DataFrame:
    """The figures the waiting kernel measured, one row per measure and window."""
    frames = []
    for it in items:
        mask = evaluated[it.measure].mask
        if mask is None or not len(mask):
            continue
        f = mask.index.to_frame(index=False)
        frames.append(f.assign(measure=it.measure)[["measure", "window_id", *_FIG]])
    if not frames:
        return pd.DataFrame(columns=["measure", "window_id", *_FIG])
    return pd.concat(frames, ignore_index=True)


def _unknown_windows(res, ws) -> dict:
    """``{window id: tickets}`` of the tickets whose window id is no window of the workspace (``res``: the
    evaluation's records no measure took, ``Results.unscored``); a blank id as the accounting writes it."""
    frames = [u for u in getattr(res, "unscored", []) if len(u)]
    if not frames:
        return {}
    u = pd.concat(frames, ignore_index=True)
    u = u[(u["reason"] == "window").to_numpy()
          & ~u["value"].astype(str).isin(set(ws.windows["window_id"].astype(str))).to_numpy()]
    return {str(k): int(v) for k, v in u.groupby(u["value"].astype(str), sort=True)["records"].sum().items() if v}


def _with_unknown(out: pd.DataFrame, stray: dict, base_year: int) -> pd.DataFrame:
    """``out`` with a row per window id of ``stray`` (``{id: tickets}``): verdict ``not_in_workspace``, its tickets
    counted, the other figures blank."""
    extra = pd.DataFrame({"window_id": list(stray), "window_name": "(不在工作区中) / (not in the workspace)",
                          "tickets": list(stray.values()), "baseline_year": base_year,
                          "verdict": "not_in_workspace"})
    out = pd.concat([out, extra], ignore_index=True) if len(out) else extra.reindex(columns=COLUMNS)
    for c in ("tickets", "called", "not_called", "baseline_called", "baseline_not_called"):
        out[c] = out[c].astype("Int64")   # blank, not 0, where the tickets' figures are not measured
    return out[COLUMNS]


def _unknown_tickets(data, year: int, ws, records: dict | None) -> dict:
    """``{window id: tickets}`` of the ``year``'s queue tickets (``records["queue_tickets"]``, else read from ``data``
    with the workspace's mapping: the window column alone) whose window id is no window of the workspace; a blank id
    as the accounting writes it (:data:`~windoweval.engine.frame.BLANK_VALUE`).  Counted on the column's codes, no
    loop over the tickets."""
    from .engine.frame import BLANK_VALUE
    from .records import contracts, read_records

    if records is not None and "queue_tickets" in records:
        df = records["queue_tickets"]
        df = contracts()["queue_tickets"].rows_of_year(df, year) if len(df) else df
    else:
        df = read_records("queue_tickets", data, year=year, columns=["window_id"],
                          mapping=ws.mapping().get("queue_tickets"))
    if not len(df) or "window_id" not in df:
        return {}
    ids = df["window_id"].astype("string")
    off = ~ids.isin(set(ws.windows["window_id"].astype(str))).to_numpy(dtype=bool, na_value=False) | ids.isna().to_numpy()
    got = ids[off].fillna(BLANK_VALUE).value_counts(sort=False)
    return {str(k): int(v) for k, v in sorted(got.items()) if v}


def waiting_times(year: int, data=None, baseline_year: int | None = None, workspace=None, standard=None,
                  records: dict | None = None, baseline_records: dict | None = None) -> pd.DataFrame:
    """Each window's waiting from queue tickets in ``year``, and whether it was shortened since ``baseline_year``.

    Parameters
    ----------
    year : int
        The year evaluated.
    data : path, optional
        The records directory (the demo data by default).
    baseline_year : int, optional
        The year compared with (default ``year - 1``); a window with no called
        ticket in it is ``measured``, with no verdict.
    workspace : Workspace, optional
        An already loaded workspace (its windows, mapping and ``min_records``).
    standard : str or list, optional
        The standards whose waiting measures are read (all by default).
    records, baseline_records : dict, optional
        ``{kind: DataFrame}`` already read for the year and the baseline year.

    Returns
    -------
    pandas.DataFrame
        One row per waiting measure and window it applies to, columns :data:`COLUMNS`, ``never_called`` the rule
        its measure applies; then one row per window id of the year's tickets that is no window of the workspace
        (``verdict`` ``not_in_workspace``; no measure; its ``tickets`` counted, the other figures blank; the fix:
        :data:`UNKNOWN_FIX`).  ``attrs["unknown_windows"]``: ``{"tickets": {id: n}, "baseline_tickets": {id: n}}``
        of such ids in either year (empty when there are none).
        Minutes are from R's ``quantile(type = 7)`` (linear interpolation).

    Examples
    --------
    >>> import tempfile
    >>> from windoweval.records import validate
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "示例", "windows": [{"id": "HBIL", "name": "收费处", "kind": "hospital_billing"}]})
    >>> def tickets(year, minutes):
    ...     t0 = pd.Timestamp(f"{year}-03-02 09:00")
    ...     return validate(pd.DataFrame({"ticket_id": [f"{year}-{i}" for i in range(len(minutes))], "window_id": "HBIL",
    ...                                   "ticket_at": t0, "called_at": [t0 + pd.Timedelta(minutes=m) for m in minutes]}),
    ...                     "queue_tickets", file="排队.csv")
    >>> t = waiting_times(2025, data=tempfile.mkdtemp(), workspace=ws, records={"queue_tickets": tickets(2025, [5, 10, 15])},
    ...                   baseline_records={"queue_tickets": tickets(2024, [20, 30, 40])})
    >>> t[["window_id", "median_min", "baseline_median_min", "verdict"]].to_dict("records")
    [{'window_id': 'HBIL', 'median_min': 10.0, 'baseline_median_min': 30.0, 'verdict': 'shortened'}]
    """
    from .catalog import load_catalog
    from .engine import evaluate
    from .records.workspace import load_workspace
    from .scoring import plan_measures

    ws = workspace or load_workspace(data)
    cat = load_catalog()
    base_year = int(year) - 1 if baseline_year is None else int(baseline_year)
    plan = [it for it in plan_measures(standard, ws, cat, int(year)) if it.kernel.name == "waiting_time"]
    if not plan:
        # nothing to judge: said why (attrs["not_judged"]), never an empty table alone; the tickets of a window id the
        # workspace does not know still counted, a row each, as with a plan (leftovers49: they were not counted)
        stray = _unknown_tickets(data, int(year), ws, records)
        stray_base = _unknown_tickets(data, base_year, ws, baseline_records)
        out = pd.DataFrame(columns=COLUMNS)
        if stray:
            out = _with_unknown(out, stray, base_year)
        out.attrs["unknown_windows"] = {"tickets": stray, "baseline_tickets": stray_base}
        out.attrs["not_judged"] = NO_MEASURE
        return out
    res = evaluate(plan, data, int(year), ws.mapping(), records=records)
    now = _figures(res, plan)
    base_plan = [it for it in plan_measures(standard, ws, cat, base_year) if it.kernel.name == "waiting_time"]
    base_res = evaluate(base_plan, data, base_year, ws.mapping(), records=baseline_records)
    base = _figures(base_res, base_plan)
    rows = pd.DataFrame([(it.m["standard"], it.m["clause_id"], it.measure, w) for it in plan for w in it.wins],
                        columns=["standard", "clause_id", "measure", "window_id"])
    out = rows.merge(now, on=["measure", "window_id"], how="left")
    b = base[["measure", "window_id", "called", "not_called", "median_min", "p90_min"]].rename(
        columns={"called": "baseline_called", "not_called": "baseline_not_called", "median_min": "baseline_median_min",
                 "p90_min": "baseline_p90_min"})
    out = out.merge(b, on=["measure", "window_id"], how="left")
    for c in ("tickets", "called", "not_called", "baseline_called", "baseline_not_called"):
        out[c] = out[c].fillna(0).astype(np.int64)
    for c in ("median_min", "p90_min", "baseline_median_min", "baseline_p90_min"):
        out[c] = out[c].astype(float)
    out["baseline_year"] = base_year
    out["change_median_min"] = out["median_min"] - out["baseline_median_min"]
    thin = ws.min_records > 0
    has_base = out["baseline_called"].to_numpy() > 0
    shortened = ((out["median_min"] < out["baseline_median_min"]) & (out["p90_min"] <= out["baseline_p90_min"])).to_numpy()
    verdict = np.where(shortened, "shortened", "not_shortened").astype(object)
    # the share of tickets never called above the baseline's: the called tickets' shorter waits may be the longest
    # waiters having left uncalled (their waits unknown): no evidence of 缩短, nor of a longer wait (verdicts47)
    now_t = out["called"].to_numpy() + out["not_called"].to_numpy()
    base_t = out["baseline_called"].to_numpy() + out["baseline_not_called"].to_numpy()
    more_left = out["not_called"].to_numpy() * base_t > out["baseline_not_called"].to_numpy() * now_t
    # the reading is a choice (the standards' guide): never_called = "ignore" under [params."<measure>"] judges by the
    # called tickets alone, as before verdicts47; "compare" (the default) as above
    rule = {it.measure: str((it.params or {}).get("never_called", "compare")) for it in plan}
    out["never_called"] = out["measure"].map(rule)
    more_left &= ~(out["never_called"] == "ignore").to_numpy()
    verdict = np.where(shortened & more_left, "insufficient", verdict)
    verdict = np.where(has_base, verdict, "measured")
    if thin:
        few = (out["called"].to_numpy() < ws.min_records) | (has_base & (out["baseline_called"].to_numpy() < ws.min_records))
        verdict = np.where(few, "insufficient", verdict)
    verdict = np.where(out["called"].to_numpy() == 0, "no_data", verdict)
    out["verdict"] = verdict
    out["window_name"] = out["window_id"].map(ws.windows.set_index("window_id")["window_name"])
    # the tickets of a window id the workspace does not know: counted, a row each, never judged nor dropped in silence
    stray, stray_base = _unknown_windows(res, ws), _unknown_windows(base_res, ws)
    if stray:
        out = _with_unknown(out, stray, base_year)
    out = out[COLUMNS]
    out.attrs["unknown_windows"] = {"tickets": stray, "baseline_tickets": stray_base}
    return out
