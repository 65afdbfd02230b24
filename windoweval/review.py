"""The annual demonstration-window review (第三条–第五条) and the supervision record (第十二条、第十三条).

示范窗口年度评审(第三条至第五条)与服务监督情况表。

Management decides once a year which business halls may apply to be
demonstration windows.  :func:`demonstration_review` lists, per hall, every
condition with its own verdict and the evidence behind it:

==========================  ===========  ==============================================================
criterion                   article      evidence
==========================  ===========  ==============================================================
standard_window_met         第三条       document review (``demonstration_evidence`` records)
support_system_built        第四条       document review
systems_rated_good          第四条       document review
conduct_rating_top          第五条(一)   document review (the local government's 行风测评)
promise_fulfilment          第五条(二)   :mod:`windoweval.promises`: every occurrence kept (100 %)
connection_time             第五条(三)   work orders ``new_connection_*``: mean working days, this year vs last
supply_reliability          第五条(三)   outages: customer-interruption hours, this year vs last
voltage_quality             第五条(三)   voltage readings: share of time within the 第六条(一)1 bands
customer_satisfaction       第五条(三)   the third-party survey's satisfaction rate (:mod:`windoweval.survey`)
no_major_incident           第五条(四)   document review
==========================  ===========  ==============================================================

Every verdict is ``pass``, ``fail`` or ``missing``; missing evidence is shown
as missing and is never a pass, so a hall is eligible only when every
condition passes.  明显改善 (a clear improvement) has no number in the text;
the reading here (an argument, ``min_improvement``, 5 % by default) is that
the gap to the best possible value (0 hours, 0 days, 100 %) shrinks by at
least that share, or that the indicator stays at its best in both years.

Examples
--------
>>> improvement([2.0, 2.0, 0.0, None], [1.8, 1.95, 0.0, 1.0], higher_is_better=False)[0].tolist()
['pass', 'fail', 'pass', 'missing']
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["demonstration_review", "Review", "supervision_record", "key_indicators", "improvement",
           "survey_satisfaction", "CRITERIA"]

#: The conditions of a demonstration window: code -> (article, Chinese, English).
CRITERIA = {
    "standard_window_met": ("第三条", "已达到《城市供电营业规范化服务窗口标准》",
                            "Already meets the Standard for standardised urban power-supply windows"),
    "support_system_built": ("第四条", "已建成客户服务技术支持系统", "Customer-service support system built"),
    "systems_rated_good": ("第四条", "营销管理信息系统、95598客户服务系统达到“较好”等级",
                           "Marketing MIS and 95598 system rated 'good' (较好)"),
    "conduct_rating_top": ("第五条(一)", "地方政府行风测评名列前茅", "Among the best in the local government's conduct evaluation"),
    "promise_fulfilment": ("第五条(二)", "供电服务承诺兑现率100%", "100 % of service promises kept"),
    "connection_time": ("第五条(三)", "报装接电时间明显改善", "Connection time clearly improved"),
    "supply_reliability": ("第五条(三)", "供电可靠性明显改善", "Supply reliability clearly improved"),
    "voltage_quality": ("第五条(三)", "电能质量(电压合格率)明显改善", "Power quality (voltage compliance) clearly improved"),
    "customer_satisfaction": ("第五条(三)", "客户满意率明显改善", "Customer satisfaction clearly improved"),
    "no_major_incident": ("第五条(四)", "未发生影响公司形象的重大事件", "No major incident damaging the company's image"),
}
_DOCUMENT_ITEMS = ("standard_window_met", "support_system_built", "systems_rated_good", "conduct_rating_top",
                   "no_major_incident")
STATUS_LABELS = {"pass": "达标 / met", "fail": "未达标 / not met", "missing": "缺少证据 / evidence missing"}
DECISION_LABELS = {"eligible": "具备示范窗口条件 / eligible",
                   "not_eligible": "不具备示范窗口条件 / not eligible",
                   "incomplete": "证据不全,暂不能认定 / evidence incomplete: not eligible until supplied"}

@dataclass
class Review:
    """The result of :func:`demonstration_review`.

    Attributes
    ----------
    criteria : DataFrame
        One row per hall and condition: ``window_id``, ``window_name``,
        ``criterion``, ``article``, ``requirement_zh``, ``requirement_en``,
        ``status`` (pass | fail | missing), ``status_label``, ``last_year``,
        ``this_year`` (the indicator's values, where there are any),
        ``evidence_zh``, ``evidence_en``.
    summary : DataFrame
        One row per hall: ``window_id``, ``window_name``, ``eligible``,
        ``decision`` (eligible | not_eligible | incomplete),
        ``decision_label``, ``passed``, ``failed``, ``missing``,
        ``failed_criteria``, ``missing_criteria``.
    year : int
    parameters : dict

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "windoweval.toml").write_text('name = "示例"\\n[[windows]]\\nid = "PW01"\\nname = "城东营业厅"\\n'
    ...                                        'kind = "power_hall"\\n', encoding="utf-8")
    >>> _ = (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,completed_at\\n"
    ...     "1,PW01,new_connection_resident,2024-06-03 09:00,2024-06-06 09:00\\n"
    ...     "2,PW01,new_connection_resident,2025-06-03 09:00,2025-06-05 09:00\\n", encoding="utf-8")
    >>> rev = demonstration_review(2025, data=d, store_dir=d / "store")
    >>> rev.year, rev.summary["eligible"].tolist(), sorted(rev.criteria["status"].unique())
    (2025, [False], ['missing', 'pass'])
    """

    criteria: pd.DataFrame
    summary: pd.DataFrame
    year: int
    parameters: dict = field(default_factory=dict)


def improvement(last, this, higher_is_better: bool, best: float | None = None,
                min_improvement: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Whether an indicator clearly improved from ``last`` to ``this`` year.

    The gap to ``best`` (1.0 for a rate where higher is better, 0 where lower
    is better) must shrink by at least ``min_improvement`` of itself; an
    indicator at its best in both years counts as kept at best.  A missing
    year is ``missing``.

    Returns
    -------
    (status, change) : arrays
        ``status`` pass | fail | missing; ``change`` the relative shrinking of
        the gap (NaN where undefined).

    Examples
    --------
    >>> s, c = improvement([0.98, 0.98, 1.0], [0.99, 0.9805, 1.0], higher_is_better=True)
    >>> s.tolist(), [round(float(x), 3) for x in c[:2]]
    (['pass', 'fail', 'pass'], [0.5, 0.025])
    """
    last = pd.to_numeric(pd.Series(last, dtype="object"), errors="coerce").to_numpy(dtype=float)
    this = pd.to_numeric(pd.Series(this, dtype="object"), errors="coerce").to_numpy(dtype=float)
    best = (1.0 if higher_is_better else 0.0) if best is None else float(best)
    gl = best - last if higher_is_better else last - best
    gt = best - this if higher_is_better else this - best
    eps = 1e-12
    with np.errstate(invalid="ignore", divide="ignore"):
        change = np.where(gl > eps, (gl - gt) / np.where(gl > eps, gl, 1), np.nan)
    missing = np.isnan(last) | np.isnan(this)
    at_best = (gl <= eps) & (gt <= eps)
    ok = at_best | (change >= min_improvement - 1e-12)
    status = np.where(missing, "missing", np.where(ok, "pass", "fail"))
    return status, change


# -- evidence --------------------------------------------------------------


def survey_satisfaction(year: int, instrument: str = "power_hall", store_dir=None,
                        survey=None) -> tuple[pd.DataFrame | None, str]:
    """The third-party survey's satisfaction rate by window, from :mod:`windoweval.survey`, if there is one.

    ``survey``: where the responses come from, ``survey(year) -> (responses or None, source)`` (the report's
    one source, e.g. :func:`windoweval.datadir.survey_source`); the survey store by default.

    Returns
    -------
    (table, note)
        ``table`` has ``window_id``, ``rate`` (0–1), ``ci_low``, ``ci_high``,
        ``n``; it is None when the survey package, the store or the year's
        survey is not there, and ``note`` says why (Chinese / English).

    Examples
    --------
    >>> import tempfile
    >>> table, note = survey_satisfaction(2025, "power_hall", store_dir=tempfile.mkdtemp())
    >>> table is None, bool(note)
    (True, True)
    """
    if survey is not None:          # the caller's source: the same responses the survey page estimates from
        resp, _ = survey(int(year))
        if resp is None:
            return None, f"没有 {year} 年的 {instrument} 调查 / no {instrument} survey of {year}"
        from .survey.estimate import satisfaction_rate
        t = satisfaction_rate(resp, instrument, by="window_id")
        t = t[t["measure"] == t["measure"].iloc[0]] if "measure" in t and len(t) else t
        return t[["window_id", "rate", "ci_low", "ci_high", "n"]].reset_index(drop=True), ""
    try:
        from .survey import store
        list_surveys, load_responses = store.list_surveys, store.load_responses
    except (ImportError, AttributeError) as e:
        return None, f"调查模块不可用 / the survey package is not available ({e})"
    try:
        s = list_surveys(store_dir=store_dir)
    except (OSError, ValueError, KeyError) as e:
        return None, f"无法读取调查数据仓 / cannot read the survey store ({e})"
    s = s[(s["instrument"] == instrument) & (pd.to_numeric(s["year"], errors="coerce") == int(year))]
    if s.empty:
        return None, f"数据仓中没有 {year} 年的 {instrument} 调查 / no {instrument} survey of {year} in the store"
    try:  # the estimator (and scipy) only when there is a survey to estimate
        from .survey.estimate import satisfaction_rate as rate
    except (ImportError, AttributeError) as e:
        return None, f"调查估计模块不可用 / the survey estimator is not available ({e})"
    try:
        resp = load_responses(str(s["survey"].iloc[0]), store_dir=store_dir)
        t = rate(resp, instrument, by="window_id")
    except (OSError, ValueError, KeyError) as e:
        return None, f"调查估计失败 / the survey estimate failed ({e})"
    t = t[t["measure"] == t["measure"].iloc[0]] if "measure" in t and len(t) else t
    return t[["window_id", "rate", "ci_low", "ci_high", "n"]].reset_index(drop=True), ""


def _connection_days(wo: pd.DataFrame, cal, cut) -> pd.DataFrame:
    """Mean working days to power on per hall; a connection not powered on by the cut-off ``cut`` counts the working
    days up to it (at least that long: a hall cannot shorten its mean by leaving connections undone)."""
    c = wo[wo["order_type"].isin(["new_connection_resident", "new_connection_other"]).to_numpy()
           & wo["received_at"].notna().to_numpy()]
    end = c["completed_at"]
    if end.isna().any():
        # the cut-off, kept inside the calendar's known days (a lower bound either way)
        last = min(pd.Timestamp(cut), pd.Timestamp(cal.end) - pd.Timedelta(days=1))
        end = end.fillna(last).where(lambda e: e >= c["received_at"], c["received_at"])
    days = cal.workdays_between(c["received_at"], end)
    return pd.DataFrame({"window_id": c["window_id"].to_numpy(), "days": days}).groupby("window_id")["days"] \
        .agg(["mean", "size"]).rename(columns={"mean": "connection_days", "size": "connections"})


def _interruption_hours(out: pd.DataFrame) -> pd.DataFrame:
    """Customer-interruption hours per hall; NaN (missing evidence) for a hall with an outage whose restoration
    time is not recorded: its hours are unknown, never counted as none."""
    h = (out["restored_at"] - out["start_at"]).dt.total_seconds() / 3600
    g = pd.DataFrame({"window_id": out["window_id"].to_numpy(), "h": h.to_numpy(),
                      "unknown": h.isna().to_numpy()}).groupby("window_id")
    res = g["h"].agg(["sum", "size"]).rename(columns={"sum": "interruption_hours", "size": "customer_interruptions"})
    res.loc[g["unknown"].any().to_numpy(), "interruption_hours"] = np.nan
    return res


def _voltage_compliance(year: int, data, ws, card=None) -> pd.DataFrame:
    from .promises import _sub_catalog
    from .scoring import score

    ids = {m["measure"] for m in _catalog_measures() if m["clause_id"] == "power_window.6.1.1"}
    if card is None or card.year != int(year) or "power_window" not in set(card.results["standard"]):
        card = score("power_window", year=year, data=data, workspace=ws, catalog=_sub_catalog(ids))
    weights = {m["measure"]: m.get("weight_column") for m in _catalog_measures()}
    parts = []
    # three supplies (220 V, 10 kV, 35 kV), each from readings or from a monitor's statistics (volt33)
    for mid in sorted(ids & set(card.results["measure"])):
        d = card.drilldown(mid, include_passed=True)
        wc = weights.get(mid)
        w = d[wc].fillna(0).to_numpy(dtype=float) if wc else np.ones(len(d))
        passed = d["passed"].astype("boolean")
        assessed = passed.notna().to_numpy()
        met = passed.fillna(False).to_numpy(dtype=bool).astype(float)
        if "share_within" in d:   # a monitor's row: its minutes within credited, as the scorecard's rate does
            met = np.where(assessed, d["share_within"].to_numpy(dtype=float, na_value=0.0), 0.0)
        parts.append(pd.DataFrame({"window_id": d["window_id"].to_numpy(), "w_n": w * assessed, "w_met": w * met}))
    if not parts:
        return pd.DataFrame(columns=["voltage_compliance", "voltage_missing_evidence"])
    g = pd.concat(parts).groupby("window_id").sum()
    # the readings whose evidence is missing (no voltage, or no duration to weigh them by): counted, never
    # left out in silence; a hall with some has a figure over the rest only, which the review does not pass
    r = card.results
    r = r[r["measure"].isin(ids)]
    miss = r.groupby("window_id")["missing_evidence"].sum().rename("voltage_missing_evidence")
    rate = (g["w_met"] / g["w_n"].where(g["w_n"] > 0)).rename("voltage_compliance")
    out = pd.concat([rate, miss], axis=1)
    out["voltage_missing_evidence"] = out["voltage_missing_evidence"].fillna(0).astype("int64")
    return out[out["voltage_compliance"].notna() | (out["voltage_missing_evidence"] > 0)]


def _catalog_measures():
    from .catalog import load_catalog

    return load_catalog().measures("power_window")


def key_indicators(year: int, data=None, workspace=None, store_dir=None, survey=None, card=None) -> pd.DataFrame:
    """The 第五条(三) key indicators of every business hall in one year.

    Parameters
    ----------
    year : int
    data : path, optional
        The records directory (the demo data by default).
    workspace : Workspace, optional
    store_dir : path, optional
        The survey store (``data/store`` by default).
    survey : callable, optional
        ``survey(year) -> (responses or None, source)``: the survey's responses from the caller's one source
        (the survey store when None).
    card : Scorecard, optional
        A scorecard of ``year`` that holds the ``power_window`` standard (the voltage compliance is taken from it
        instead of scoring its measures again).

    Returns
    -------
    pandas.DataFrame
        One row per power hall: ``window_id``, ``connection_days`` (mean
        working days from application, or acceptance and contract, to power
        on, a connection not yet powered on counted up to the evaluation's
        cut-off; lower is better), ``connections``, ``interruption_hours``
        (customer-interruption hours: the sum over affected customers of the
        hours without supply; lower is better; 0 for a hall without outages
        when the organisation has outage records that year; NaN, missing, for
        a hall with an outage whose restoration time is not recorded),
        ``customer_interruptions``, ``voltage_compliance`` (share of time
        within the 第六条(一)1 bands, over the readings whose voltage and duration
        are known, and the monitors' statistics rows whose minutes and limits
        are), ``voltage_missing_evidence`` (readings or rows without them: a hall
        with any is not passed by the review), ``satisfaction`` (the survey's rate, NaN
        when there is none) with ``satisfaction_ci_low`` / ``_ci_high`` (its 95 % interval).  Missing evidence is NaN; ``notes`` says why
        for the survey.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "windoweval.toml").write_text('name = "示例"\\n[[windows]]\\nid = "PW01"\\nname = "城东营业厅"\\n'
    ...                                        'kind = "power_hall"\\n', encoding="utf-8")
    >>> ki = key_indicators(2025, data=d, store_dir=d / "store")
    >>> ki["window_id"].tolist(), ki[["connection_days", "satisfaction"]].isna().all().tolist()
    (['PW01'], [True, True])
    """
    from .records import find_file, read_records
    from .records.workspace import load_workspace

    ws = workspace or load_workspace(data)
    cal = ws.calendar()
    mapping = ws.mapping()
    halls = ws.windows.loc[ws.windows["kind"] == "power_hall", "window_id"].tolist()
    out = pd.DataFrame(index=pd.Index(halls, name="window_id"))
    root = ws.root
    if root is not None and find_file("work_orders", root) is not None:
        wo = read_records("work_orders", data, year=year, mapping=mapping.get("work_orders"))
        out = out.join(_connection_days(wo, cal, ws.horizon(int(year))))
    if root is not None and find_file("outages", root) is not None:
        og = read_records("outages", data, year=year, mapping=mapping.get("outages"))
        if len(og):
            ih = _interruption_hours(og)
            out = out.join(ih)
            none = ~out.index.isin(ih.index)   # a hall without outages that year: 0 (one with unknown hours stays NaN)
            out.loc[none, ["interruption_hours", "customer_interruptions"]] = 0
    if root is not None and (find_file("voltage_readings", root) is not None
                             or find_file("voltage_statistics", root) is not None):
        out = out.join(_voltage_compliance(year, data, ws, card))
    sat, note = survey_satisfaction(year, store_dir=store_dir if store_dir is not None else data,  # workspace store
                                    survey=survey)
    if sat is not None:
        out = out.join(sat.set_index("window_id")[["rate", "ci_low", "ci_high"]].rename(
            columns={"rate": "satisfaction", "ci_low": "satisfaction_ci_low", "ci_high": "satisfaction_ci_high"}))
    for c in ("connection_days", "connections", "interruption_hours", "customer_interruptions",
              "voltage_compliance", "voltage_missing_evidence", "satisfaction", "satisfaction_ci_low",
              "satisfaction_ci_high"):
        if c not in out:
            out[c] = np.nan
    out["notes"] = note
    return out.reset_index()


def _promises_without_records(year: int, data, ws, halls: pd.DataFrame, occ=None) -> pd.DataFrame:
    """Per hall, the promises of the register that bind a business hall and lack assessed evidence there, each
    with what is true of its records (:func:`_promise_gaps`): ``zh`` and ``en`` texts ("" when every promise is
    evidenced), one row per hall in ``halls``' order."""
    from .catalog import load_catalog
    from .promises import fulfilment, load_promises

    reg = load_promises(ws.promise_register())   # the organisation's own register when its workspace names one
    reg = reg[reg["standard"] == "power_window"]
    kinds = {m["measure"]: m["window_kinds"] for m in load_catalog().measures("power_window")}
    binds = [r.promise_id for r in reg.itertuples()
             if not r.measured or any("power_hall" in kinds.get(mid, []) for mid in r.measures)]
    names = reg.set_index("promise_id")["public_zh"]
    per = fulfilment(year, data, by=["window_id", "promise_id"], standard="power_window", workspace=ws,
                     register=ws.promise_register(), occ=occ)
    return _promise_gaps(per, halls["window_id"], binds, names)


_COUNTS = ["occurrences", "open", "not_assessed", "excused", "withdrawn_in_limit"]


def _promise_gaps(per: pd.DataFrame, halls: pd.Series, binds: list, names: pd.Series) -> pd.DataFrame:
    """Per hall (``halls``, window ids), the binding promises (``binds``) without complete assessed evidence in
    ``per`` (:func:`windoweval.promises.fulfilment` by window and promise), each named ``id(公开承诺)`` with what is
    true of its records there: none at all; all open (not yet due at the cut-off); not assessable (no time or
    value the promise needs - with assessed ones too, as fulfilment's ``insufficient``: never a pass on missing
    evidence); only excused by the promise's own clause; only withdrawn within the limit (never "no records").  Open records beside assessed ones are no gap.

    Examples
    --------
    >>> per = pd.DataFrame({"window_id": ["PW01", "PW01", "PW02"], "promise_id": ["a", "b", "a"],
    ...                     "occurrences": [0, 5, 0], "open": [3, 1, 0], "not_assessed": [0, 2, 0],
    ...                     "excused": [0, 0, 4]})
    >>> g = _promise_gaps(per, pd.Series(["PW01", "PW02", "PW03"]), ["a", "b"], pd.Series({"a": "甲", "b": "乙"}))
    >>> g["zh"].tolist()
    ['a(甲):3 条未到期(截至统计截止日尚未到期)、b(乙):2 条无法判定(缺少承诺所需的时间或数值)', 'a(甲):4 条属承诺条款的除外情形、b(乙):本厅无记录', 'a(甲):本厅无记录、b(乙):本厅无记录']
    >>> g["en"].tolist()[0]
    'a(甲): 3 not yet due at the cut-off; b(乙): 2 not assessable (no time or value the promise needs)'
    """
    grid = pd.DataFrame({"window_id": halls.to_numpy()}).merge(pd.DataFrame({"promise_id": binds}), how="cross")
    cols = [c for c in _COUNTS if c in per]
    grid = grid.merge(per[["window_id", "promise_id", *cols]], on=["window_id", "promise_id"], how="left")
    for c in _COUNTS:
        grid[c] = pd.to_numeric(grid[c], errors="coerce").fillna(0).astype(int) if c in grid else 0
    none = grid["occurrences"] == 0
    gap = grid[none | (grid["not_assessed"] > 0)]
    n = {c: gap[c].astype(str) for c in _COUNTS}
    parts_zh, parts_en = [], []
    for c, zh, en, where in (
            ("open", " 条未到期(截至统计截止日尚未到期)", " not yet due at the cut-off", gap["occurrences"] == 0),
            ("not_assessed", " 条无法判定(缺少承诺所需的时间或数值)", " not assessable (no time or value the promise needs)",
             None),
            ("excused", " 条属承诺条款的除外情形", " excused by the promise's own clause", gap["occurrences"] == 0),
            ("withdrawn_in_limit", " 条在期限内撤销(无需兑现)", " withdrawn within the limit (nothing owed)",
             gap["occurrences"] == 0)):
        on = (gap[c] > 0) if where is None else (gap[c] > 0) & where
        parts_zh.append((n[c] + zh).where(on, ""))
        parts_en.append((n[c] + en).where(on, ""))
    nothing = (gap[["open", "not_assessed", "excused", "withdrawn_in_limit"]].sum(axis=1) == 0)
    parts_zh.append(pd.Series(np.where(nothing, "本厅无记录", ""), index=gap.index))
    parts_en.append(pd.Series(np.where(nothing, "no records at this hall", ""), index=gap.index))

    def joined(parts, sep):   # a gap's few states, as columns: "" where a state does not hold
        text = parts[0]
        for x in parts[1:]:
            text = text + "\x00" + x
        return text.str.replace("\x00+", "\x00", regex=True).str.strip("\x00").str.replace("\x00", sep)

    label = gap["promise_id"] + "(" + gap["promise_id"].map(names).fillna("") + ")"
    zh = (label + ":" + joined(parts_zh, ",")).groupby(gap["window_id"]).agg("、".join)
    en = (label + ": " + joined(parts_en, ", ")).groupby(gap["window_id"]).agg("; ".join)
    return pd.DataFrame({"zh": halls.map(zh).astype(object).fillna("").to_numpy(),
                         "en": halls.map(en).astype(object).fillna("").to_numpy()})


def _evidence_rows(year: int, data, ws) -> pd.DataFrame:
    from .records import read_records

    ev = read_records("demonstration_evidence", data, year=year, mapping=ws.mapping().get("demonstration_evidence"))
    return ev


def _fmt(v: pd.Series, digits: int, pct: bool = False) -> pd.Series:
    x = pd.to_numeric(v, errors="coerce").astype(float)
    s = (x * 100).round(digits).astype(str) + "%" if pct else x.round(digits).astype(str)
    return s.where(x.notna(), "—")


def demonstration_review(year: int, data=None, workspace=None, min_improvement: float = 0.05,
                         store_dir=None, survey=None, occ: pd.DataFrame | None = None,
                         cards: dict | None = None) -> Review:
    """Per business hall: may it be a demonstration window this year, and why (第三条–第五条).

    Parameters
    ----------
    year : int
        The year reviewed (compared with the year before for 第五条(三)).
    data : path, optional
        The records directory (the demo data by default).
    workspace : Workspace, optional
    min_improvement : float
        The reading of 明显改善: the gap to the best value must shrink by at
        least this share (0.05 = 5 %).
    store_dir : path, optional
        The survey store.
    survey : callable, optional
        ``survey(year) -> (responses or None, source)``: where the satisfaction criterion takes its responses,
        the same source as the survey page (:func:`windoweval.datadir.survey_source`; the entry point
        ``windoweval.demonstration_review`` passes it); the survey store when None.
    occ : DataFrame, optional
        The year's promise occurrences (:func:`windoweval.promises.occurrences` of every standard or of
        ``power_window``, for this workspace and its register) when the caller has them; computed otherwise.
    cards : dict, optional
        ``{year: Scorecard}``: scorecards the caller has for ``year`` and ``year - 1`` that hold the
        ``power_window`` standard (:func:`windoweval.evaluate`'s ``card`` and ``baseline``); the voltage
        compliance is taken from them instead of scoring its measures again.

    Returns
    -------
    Review
        ``.criteria`` (hall × condition, with the evidence) and ``.summary``
        (one row per hall: eligible or not, and which conditions failed or
        lack evidence).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "windoweval.toml").write_text('name = "示例"\\n[[windows]]\\nid = "PW01"\\nname = "城东营业厅"\\n'
    ...                                        'kind = "power_hall"\\n', encoding="utf-8")
    >>> _ = (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,completed_at\\n"
    ...     "1,PW01,new_connection_resident,2024-06-03 09:00,2024-06-06 09:00\\n"
    ...     "2,PW01,new_connection_resident,2025-06-03 09:00,2025-06-05 09:00\\n", encoding="utf-8")
    >>> rev = demonstration_review(2025, data=d, store_dir=d / "store")
    >>> rev.summary[["window_id", "decision", "passed", "failed", "missing"]].to_dict("records")
    [{'window_id': 'PW01', 'decision': 'incomplete', 'passed': 1, 'failed': 0, 'missing': 9}]
    >>> rev.criteria.loc[rev.criteria["criterion"] == "connection_time", ["last_year", "this_year", "status"]].to_dict("records")
    [{'last_year': 3.0, 'this_year': 2.0, 'status': 'pass'}]
    """
    from .records.shared import shared_reads

    with shared_reads():        # each records file read and validated once for both years' evidence
        return _demonstration_review(year, data, workspace, min_improvement, store_dir, survey, occ, cards or {})


def _demonstration_review(year, data, workspace, min_improvement, store_dir, survey, occ_all, cards) -> Review:
    from .promises import fulfilment
    from .records.workspace import load_workspace

    ws = workspace or load_workspace(data)
    halls = ws.windows.loc[ws.windows["kind"] == "power_hall", ["window_id", "window_name"]].reset_index(drop=True)
    rows = []

    def add(criterion, status, evidence_zh, evidence_en, last=None, this=None):
        art, zh, en = CRITERIA[criterion]
        n = len(halls)
        rows.append(pd.DataFrame({
            "window_id": halls["window_id"], "window_name": halls["window_name"], "criterion": criterion,
            "article": art, "requirement_zh": zh, "requirement_en": en, "status": np.asarray(status),
            "last_year": np.full(n, np.nan) if last is None else np.asarray(last, dtype=float),
            "this_year": np.full(n, np.nan) if this is None else np.asarray(this, dtype=float),
            "evidence_zh": np.asarray(evidence_zh, dtype=object), "evidence_en": np.asarray(evidence_en, dtype=object)}))

    # document review (第三条, 第四条, 第五条(一)(四))
    ev = _evidence_rows(year, data, ws)
    ev = ev.sort_values("reviewed_on", na_position="first").drop_duplicates(["window_id", "item"], keep="last")
    for item in _DOCUMENT_ITEMS:
        e = halls[["window_id"]].merge(ev[ev["item"] == item], on="window_id", how="left")
        res = e["result"].astype("string")
        status = np.select([(res == "pass").fillna(False), (res == "fail").fillna(False)], ["pass", "fail"], "missing")
        doc = e["document"].astype("string").fillna("")
        note = e["note"].astype("string").fillna("")
        zh = np.where(res.isna(), f"无{year}年度审查记录", np.where((res == "na").fillna(False), "审查未作结论(na)",
                      "审查结论:" + res.fillna("").map({"pass": "符合", "fail": "不符合"}).fillna("")))
        en = np.where(res.isna(), f"no review record for {year}", np.where((res == "na").fillna(False),
                      "review reached no conclusion (na)", "review found: " + res.fillna("")))
        extra = (" " + doc + np.where(note != "", " " + note, "")).str.rstrip()
        add(item, status, pd.Series(zh) + extra.to_numpy(), pd.Series(en) + extra.to_numpy())

    # 第五条(二) promise fulfilment: every promise of the register that binds a hall, measured at that hall
    from .promises import occurrences
    if occ_all is None:        # read once for both below (each takes the power_window promises of it)
        occ_all = occurrences(year, data, standard="power_window", workspace=ws)
    f = fulfilment(year, data, by=["window_id"], standard="power_window", workspace=ws, occ=occ_all)
    f = halls[["window_id"]].merge(f, on="window_id", how="left")
    occ = f["occurrences"].fillna(0).astype(int)
    broken = f["broken"].fillna(0).astype(int)
    lacking = _promises_without_records(year, data, ws, halls, occ_all)
    # a promise with no assessed occurrence at a hall (none, all open, not assessable, only excused) or with some
    # not assessable keeps the item from passing: never a pass on evidence not yet there
    has_lack = (lacking["zh"] != "").to_numpy()
    status = np.where(broken > 0, "fail", np.where((occ == 0) | has_lack, "missing", "pass"))
    rate = _fmt(f["rate"], 2, pct=True)
    add("promise_fulfilment", status,
        ("兑现率 " + rate + "(" + occ.astype(str) + " 次中未兑现 " + broken.astype(str) + " 次)"
         + np.where(has_lack, ";缺少证据:" + lacking["zh"], "")).to_numpy(),
        ("kept " + rate + " (" + broken.astype(str) + " of " + occ.astype(str) + " occurrences broken)"
         + np.where(has_lack, "; evidence missing: " + lacking["en"], "")).to_numpy(),
        this=f["rate"])

    # 第五条(三) key indicators, year on year
    this = key_indicators(year, data, ws, store_dir, survey, card=cards.get(int(year))) \
        .set_index("window_id").reindex(halls["window_id"])
    last = key_indicators(year - 1, data, ws, store_dir, survey, card=cards.get(int(year) - 1)) \
        .set_index("window_id").reindex(halls["window_id"])
    specs = [("connection_time", "connection_days", False, 2, False, "个工作日", " working days"),
             ("supply_reliability", "interruption_hours", False, 1, False, " 时户", " customer-hours"),
             ("voltage_quality", "voltage_compliance", True, 3, True, "", ""),
             ("customer_satisfaction", "satisfaction", True, 1, True, "", "")]
    for crit, col, higher, digits, pct, unit_zh, unit_en in specs:
        status, change = improvement(last[col].to_numpy(), this[col].to_numpy(), higher, min_improvement=min_improvement)
        a, b = _fmt(last[col], digits, pct), _fmt(this[col], digits, pct)
        ch = pd.Series(change * 100).round(1).astype(str).fillna("—").to_numpy(dtype=object)
        has = ~np.isnan(change)
        zh = (f"{year - 1}年 " + a + unit_zh + " → " + f"{year}年 " + b + unit_zh).to_numpy()
        en = (f"{year - 1}: " + a + unit_en + " → " + f"{year}: " + b + unit_en).to_numpy()
        zh = np.where(has, zh + "(差距缩小 " + ch + "%)", zh)
        en = np.where(has, en + " (gap closed by " + ch + "%)", en)
        # the evidence a missing verdict lacked, named
        no_last, no_this = last[col].isna().to_numpy(), this[col].isna().to_numpy()
        lack_zh = np.where(no_last & no_this, f";缺少证据:{year - 1}、{year}年均无数据",
                           np.where(no_last, f";缺少证据:{year - 1}年无数据", np.where(no_this, f";缺少证据:{year}年无数据", "")))
        lack_en = np.where(no_last & no_this, f"; evidence missing: no {year - 1} or {year} figure",
                           np.where(no_last, f"; evidence missing: no {year - 1} figure",
                                    np.where(no_this, f"; evidence missing: no {year} figure", "")))
        zh, en = zh + lack_zh, en + lack_en
        if crit == "voltage_quality":  # readings that cannot be assessed: the figure is partial, never a pass
            nl = last["voltage_missing_evidence"].fillna(0).to_numpy(dtype=float)
            nt = this["voltage_missing_evidence"].fillna(0).to_numpy(dtype=float)
            partial = (nl > 0) | (nt > 0)
            status = np.where(partial & (status == "pass"), "missing", status)   # a fail on the rest stays a fail
            for n_, y_ in ((nl, year - 1), (nt, year)):
                k = pd.Series(n_).astype(int).astype(str).to_numpy(dtype=object)
                zh = np.where(n_ > 0, zh + f";缺少证据:{y_}年 " + k + " 条电压读数无法判定(如无时长)", zh)
                en = np.where(n_ > 0, en + "; evidence missing: " + k
                              + f" voltage readings of {y_} that cannot be assessed (e.g. no duration)", en)
        if crit == "customer_satisfaction":  # the survey's uncertainty, and why a figure is missing, if it is
            ci = ("95%CI " + _fmt(this["satisfaction_ci_low"], 1, True) + "–"
                  + _fmt(this["satisfaction_ci_high"], 1, True)).to_numpy(dtype=object)
            has_ci = this["satisfaction_ci_low"].notna().to_numpy()
            zh = np.where(has_ci, zh + ";" + f"{year}年 " + ci, zh)
            en = np.where(has_ci, en + "; " + f"{year} " + ci, en)
            # a rate of 0 or 1 has no interval (variance 0, R's svyciprop gives NaN): said, not left out
            sat = this["satisfaction"].to_numpy(dtype=float, na_value=np.nan)
            flat = ~has_ci & np.isin(sat, [0.0, 1.0])
            zh = np.where(flat, zh + f";{year}年 95%CI 无法估计（方差为 0）", zh)
            en = np.where(flat, en + f"; {year} 95% CI not estimable (variance 0)", en)
            notes = pd.concat([this["notes"], last["notes"]]).fillna("")
            notes = notes[notes != ""].drop_duplicates()
            nzh = ";".join(notes.str.split(" / ", n=1).str[0])
            nen = "; ".join(notes.str.split(" / ", n=1).str[-1])
            zh = zh + (";" + nzh if nzh else "")
            en = en + ("; " + nen if nen else "")
        add(crit, status, zh, en, last=last[col], this=this[col])

    crit = pd.concat(rows, ignore_index=True)
    crit["status_label"] = crit["status"].map(STATUS_LABELS)
    order = {c: i for i, c in enumerate(CRITERIA)}
    crit = crit.sort_values(["window_id", "criterion"], key=lambda s: s.map(order) if s.name == "criterion" else s,
                            kind="stable").reset_index(drop=True)
    crit = crit[["window_id", "window_name", "criterion", "article", "requirement_zh", "requirement_en", "status",
                 "status_label", "last_year", "this_year", "evidence_zh", "evidence_en"]]
    g = crit.assign(p=crit["status"] == "pass", f=crit["status"] == "fail", m=crit["status"] == "missing")
    fails = g[g["f"]].groupby("window_id")["criterion"].agg(", ".join)
    misses = g[g["m"]].groupby("window_id")["criterion"].agg(", ".join)
    s = g.groupby("window_id", sort=False).agg(window_name=("window_name", "first"), passed=("p", "sum"),
                                               failed=("f", "sum"), missing=("m", "sum")).reset_index()
    s["decision"] = np.where(s["failed"] > 0, "not_eligible", np.where(s["missing"] > 0, "incomplete", "eligible"))
    s["eligible"] = s["decision"] == "eligible"
    s["decision_label"] = s["decision"].map(DECISION_LABELS)
    s["failed_criteria"] = s["window_id"].map(fails).astype(object).fillna("")
    s["missing_criteria"] = s["window_id"].map(misses).astype(object).fillna("")
    s = s[["window_id", "window_name", "eligible", "decision", "decision_label", "passed", "failed", "missing",
           "failed_criteria", "missing_criteria"]]
    for c in ("passed", "failed", "missing"):
        s[c] = s[c].astype(int)
    return Review(crit, s, int(year), {"min_improvement": min_improvement, "art203": ws.art203})


def supervision_record(year: int, data=None, workspace=None) -> pd.DataFrame:
    """The year's supervision record: one table (第十二条(二), 第十三条(三)(五)).

    Parameters
    ----------
    year : int
    data : path, optional
        The records directory (the demo data by default).
    workspace : Workspace, optional

    Returns
    -------
    pandas.DataFrame
        One row per power-supply window (halls and call centre) and a last
        row ``ALL`` for the organisation: ``window_id``, ``window_name``,
        ``symposiums`` (customer symposiums held; at least 3),
        ``symposiums_ok``, ``third_party_survey`` (held in the year),
        ``reception_days`` (leadership reception days), ``complaint_reply_rate``
        (within 5 days), ``report_reply_rate`` (within 10 days),
        ``callback_rate`` (unreachable = not called back; at least 90 %),
        ``callback_rate_incl_unreachable``, ``callback_ok`` (met: at least 90 %, or the workspace's stricter target, with
        every callback of unknown result counted as not reaching the customer),
        ``callback_verdict`` (``pass``, ``fail``, ``insufficient`` where the
        records cannot say, ``no_data``: why ``callback_ok`` is False).  Activities
        recorded for window ``ORG`` count in the organisation's row only.

    Examples
    --------
    >>> rec = supervision_record(2025)                # the demo organisation
    >>> rec["window_id"].iloc[-1], bool(rec["callback_rate"].dropna().between(0, 1).all())
    ('ALL', True)
    """
    from .complaints import assess_cases, callback_rate, outside_the_rule, read_complaints, rule_measures, timeliness
    from .records import read_records
    from .records.workspace import load_workspace

    ws = workspace or load_workspace(data)
    wins = ws.windows.loc[ws.windows["kind"].isin(["power_hall", "call_centre"]), ["window_id", "window_name"]]
    act = read_records("activities", data, year=year, mapping=ws.mapping().get("activities"))

    def count(kind, col="activity_id"):
        a = act[act["kind"] == kind]
        per = a.groupby("window_id")[col].nunique()
        return per, a[col].nunique()

    sym, sym_all = count("customer_symposium")
    sur, sur_all = count("third_party_survey")
    rec, rec_all = count("leadership_reception", "held_on")
    allc = read_complaints(year, data, ws)
    # the cases the rule judges, as the complaint evaluation takes them (windoweval.complaints.complaint_summaries):
    # a hospital window's (no written reply limit, 第十三条(五) is the power-supply standard's) and a window id the
    # workspace does not know (not scored) are no case of the organisation's row (they made its rates other than
    # the complaints page's; diff41)
    judged = ~outside_the_rule(allc, ws) & ws.known_window(allc["window_id"].astype("string")).to_numpy(
        dtype=bool, na_value=False)
    # the organisation's own limits and callback target (its stricter [params] days, [targets]), as the complaints
    # page judges them (session 47 left both reading the standard's alone)
    cases = assess_cases(allc[judged], ws.calendar(), ws.art203, as_of=ws.horizon(year), workspace=ws)
    t = timeliness(cases, by="window_id", workspace=ws)
    t_all = timeliness(cases, workspace=ws)
    cb = callback_rate(cases, by="window_id", workspace=ws).set_index("window_id")
    cb_all = callback_rate(cases, workspace=ws)
    out = wins.reset_index(drop=True).copy()
    w = out["window_id"]
    out["symposiums"] = w.map(sym).fillna(0).astype(int)
    out["third_party_survey"] = w.map(sur).fillna(0).astype(int) > 0
    out["reception_days"] = w.map(rec).fillna(0).astype(int)
    for kind, col in (("complaint", "complaint_reply_rate"), ("report", "report_reply_rate")):
        out[col] = w.map(t[t["kind"] == kind].set_index("window_id")["rate"])
    out["callback_rate"] = w.map(cb["rate"])
    out["callback_rate_incl_unreachable"] = w.map(cb["rate_incl_unreachable"])
    total = {"window_id": "ALL", "window_name": "全部 / all", "symposiums": int(sym_all),
             "third_party_survey": bool(sur_all > 0), "reception_days": int(rec_all),
             "complaint_reply_rate": t_all.loc[t_all["kind"] == "complaint", "rate"].max(),
             "report_reply_rate": t_all.loc[t_all["kind"] == "report", "rate"].max(),
             "callback_rate": cb_all["rate"].max(), "callback_rate_incl_unreachable": cb_all["rate_incl_unreachable"].max()}
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    out["symposiums_ok"] = out["symposiums"] >= 3
    # met only where it holds with every callback of unknown result counted as not reaching the customer
    verdict = pd.concat([w.map(cb["verdict"]), pd.Series([cb_all["verdict"].max()])], ignore_index=True)
    out["callback_ok"] = (out["callback_rate"] >= float(rule_measures(ws)["callback_rate"]["target"])) & ~verdict.isin(["insufficient"]).to_numpy()
    # which "not met" it is: below 90 % (fail) or not judged for want of evidence (insufficient; session 32)
    out["callback_verdict"] = verdict.to_numpy()
    return out[["window_id", "window_name", "symposiums", "symposiums_ok", "third_party_survey", "reception_days",
                "complaint_reply_rate", "report_reply_rate", "callback_rate", "callback_rate_incl_unreachable",
                "callback_ok", "callback_verdict"]]


# -- demo records ----------------------------------------------------------
