"""Complaints, reports and callbacks: replies in time, callback rate, satisfaction, open cases.

投诉举报与回访:答复时限、回访率、回访满意率、未办结与逾期工单、重复投诉。

第十三条(五) of the power-supply standard: 对客户投诉在5天内、举报在10天内答复;
对故障报修,修复后要及时回访 …… 回访率不低于90%.  The scorecard measures are
``power_window.13.5#complaint_reply``, ``#report_reply``,
``#fault_repair_callback`` and ``#callback_rate``; this module applies the
*same* measures (their populations, kernels and parameters, read from the
catalog) case by case, so every table here adds up to the scorecard.

Day counting (``../shared/standards/README.md``): 5天 / 10天 are calendar
days; the day of receipt is not counted and the limit ends at the end of the
N-th day after it (Civil Code art. 201).  With the workspace's ``art203``
option a last day that falls on a rest day or holiday moves to the next
working day (art. 203).

The callback rule (:data:`CALLBACK_RULE`): complaints, reports and fault
repairs need a callback once concluded; a customer who could not be reached
counts as not called back, and every rate is shown the other way too.

The ``description`` column may name people; nothing here shows it unmasked
(:func:`windoweval.privacy.mask_text`).

Examples
--------
>>> import pandas as pd
>>> cases = pd.DataFrame({"case_id": ["1", "2"], "channel": ["95598", "counter"], "kind": ["complaint", "complaint"],
...     "window_id": ["PW01", "PW01"], "category": ["电费电价", "服务态度"],
...     "received_at": pd.to_datetime(["2025-03-05 10:00", "2025-03-05 11:00"]),
...     "replied_at": pd.to_datetime(["2025-03-10 23:59:59", "2025-03-11 00:00:00"]),
...     "resolved_at": pd.NaT, "callback_at": pd.to_datetime(["2025-03-12 09:00", None]),
...     "callback_result": ["satisfied", None], "customer_key": ["K1", "K2"]})
>>> timeliness(cases)[["kind", "assessed", "in_time", "late", "rate"]].values.tolist()
[['complaint', 2, 1, 1, 0.5]]
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .calendar import WorkCalendar
from .kernels import KERNELS, Measure, deadline_day, excluded_of, open_of
from .kernels.base import sure_verdict
from .kernels.time import withdrawn_of
from .records.contract import contracts
from .records.cutoff import cut_off

__all__ = ["read_complaints", "outside_the_rule", "assess_cases", "timeliness", "callback_rate", "satisfaction", "open_cases",
           "repeat_complainants", "breakdown", "complaint_summary", "complaint_summaries", "CALLBACK_RULE", "callback_rule", "KIND_LABELS",
           "CHANNEL_LABELS"]

#: The scorecard measures this module applies case by case.
MEASURES = {
    "complaint": "power_window.13.5#complaint_reply",
    "report": "power_window.13.5#report_reply",
    "fault_repair_callback": "power_window.13.5#fault_repair_callback",
    "callback_rate": "power_window.13.5#callback_rate",
}

KIND_LABELS = {"complaint": "投诉 / complaint", "report": "举报 / report", "suggestion": "建议 / suggestion",
               "fault_repair": "故障报修 / fault repair", "enquiry": "咨询 / enquiry"}
CHANNEL_LABELS = {"counter": "柜台 / counter", "95598": "95598热线 / 95598 hotline", "letter": "信函 / letter",
                  "fax": "传真 / fax", "online": "网络 / online"}
REPLY_STATUS = {"in_time": "按时答复 / replied in time", "late": "超时答复 / replied late",
                "overdue": "逾期未答复 / overdue, no reply", "open": "未到期未答复 / open, not yet due",
                "not_applicable": "无答复时限 / no reply limit",
                "withdrawn": "时限内撤诉,无需答复 / withdrawn within the limit, no reply owed",
                "no_evidence": "缺少证据(撤诉时间未记录,或标为办结而无答复时间)/ evidence missing (withdrawn, when not "
                               "recorded; or marked closed with no reply time)"}

def callback_rule(workspace=None) -> dict[str, str]:
    """The callback rule, stated (第十三条(五)), with the callback-rate target actually applied: the standard's 90 %,
    or the organisation's stricter ``[targets]`` one (:func:`rule_measures`, the one the tables judge by; session 48
    printed 90 % whatever the workspace said).  ``{"zh": ..., "en": ...}``.

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}],
    ...                           "targets": {"power_window.13.5#callback_rate": 0.95}})
    >>> callback_rule(ws)["zh"][-19:], callback_rule()["en"][-23:]
    ('回访率不低于95%(第十三条(五))。', 'at least 90% (第十三条(五)).')
    """
    # as a percentage with no digit rounded away (0.955: 95.5%, never 96%)
    target = f"{float(rule_measures(workspace)['callback_rate']['target']) * 100:g}%"
    return {
        "zh": ("回访口径:投诉、举报、故障报修办结后(已答复或已办结;故障报修为修复后)均须回访,建议、咨询不要求回访;"
               "回访时间不早于办结时间才算回访。客户撤诉的投诉、举报以撤诉为办结,同样须回访(标准未对撤诉设例外;撤诉只免去其后的答复),"
               "回访表中另列“其中撤诉”。未联系上客户的,默认计为未回访;“未联系上计为已回访”的口径同时列出,供参考。"
               f"回访率不低于{target}(第十三条(五))。"),
        "en": ("Callback rule: every complaint, report and fault repair needs a callback once concluded (replied or "
               "resolved; a fault repair once repaired); suggestions and enquiries need none. A callback counts only when "
               "made at or after that moment. A case the customer withdrew (撤诉) is concluded by the withdrawal and needs a "
               "callback too (the standard makes no exception for it; the withdrawal ends only the reply owed), counted "
               "apart in the callback table (of which withdrawn). "
               "A customer who could not be reached counts as not called back by default; "
               f"the rate counting such attempts as callbacks is shown alongside. Target: at least {target} (第十三条(五))."),
    }




@functools.lru_cache(maxsize=None)
def _measure(mid: str) -> dict:
    from .catalog import load_catalog

    for m in load_catalog().measures("power_window"):
        if m["measure"] == mid:
            return m
    raise KeyError(f"目录中没有测量 {mid} / the catalog has no measure {mid}")


def rule_measures(workspace=None) -> dict[str, dict]:
    """``{kind: measure}`` of :data:`MEASURES` as in force for ``workspace``: each with the organisation's own
    parameters and target (``[params."power_window.13.5#report_reply"] days = 5``, stricter than the standard's 10),
    read by the scorer's one reader (:func:`windoweval.scoring.measure_in_force`, through ``own_section``: by an old
    id of the clause too; an unknown key refused, exit 3), so the complaint tables judge what the scorecard judges
    (session 47: they read the bundled catalog's and ignored it).  The standard's measures without a workspace.

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}],
    ...                           "params": {"power_window.13.5#report_reply": {"days": 5}}})
    >>> rule_measures(ws)["report"]["params"]["days"], rule_measures()["report"]["params"]["days"]
    (5, 10)
    """
    if workspace is None:
        return {k: _measure(mid) for k, mid in MEASURES.items()}
    from .scoring import measure_in_force

    return {k: measure_in_force(_measure(mid), workspace) for k, mid in MEASURES.items()}


#: The callback rule as the standard states it (90 %); a workspace's: :func:`callback_rule`.
CALLBACK_RULE = callback_rule()


def _apply(m: dict, df: pd.DataFrame, calendar, art203: bool, as_of=None, **override) -> pd.Series:
    """The measure ``m`` applied to ``df`` as the scorer applies it: population, kernel, parameters, context."""
    if as_of is not None and "as_of" in KERNELS[m["kernel"]].parameters:
        override["as_of"] = as_of
    # the cut-off is the kernels' horizon too, as the scorecard binds it (a callback owed only once concluded by it)
    context = {"horizon": cut_off(as_of)} if as_of is not None else {}
    return Measure.of(m, params={**(m.get("params") or {}), **override}, calendar=calendar, art203=art203,
                      **context).apply(df).mask


# -- reading ---------------------------------------------------------------


def read_complaints(year: int | None = None, data=None, workspace=None) -> pd.DataFrame:
    """The complaint records of a data directory, validated against the ``complaints`` contract.

    Parameters
    ----------
    year : int, optional
        Keep the cases received in this year (all years when omitted).
    data : path, optional
        The records directory (the demo data by default).
    workspace : Workspace, optional
        Its mapping file maps the export's headers and codes.

    Returns
    -------
    pandas.DataFrame
        The contract's columns, typed.  ``description`` is returned as
        recorded: mask it (:func:`windoweval.privacy.mask_text`) before
        showing it; the tables of this module never include it unmasked.

    Examples
    --------
    >>> df = read_complaints(2025)                     # the demo organisation's register
    >>> {"case_id", "window_id", "received_at"} <= set(df.columns), bool((df["received_at"].dt.year == 2025).all())
    (True, True)
    """
    from .records import read_records
    from .records.workspace import load_workspace

    ws = workspace or load_workspace(data)
    return read_records("complaints", data, year=year, mapping=ws.mapping().get("complaints"))


# -- case by case ----------------------------------------------------------


def assess_cases(cases: pd.DataFrame, calendar: WorkCalendar | None = None, art203: bool = False,
                 as_of=None, workspace=None) -> pd.DataFrame:
    """Each case with its reply deadline and verdicts, by the scorecard's own measures.

    Parameters
    ----------
    cases : DataFrame
        Complaint records (:func:`read_complaints`).
    calendar : WorkCalendar, optional
        The working-day calendar (for the art. 203 option); the library's by default.
    art203 : bool
        Move a last day falling on a rest day or holiday to the next working day.
    as_of : date-like, optional
        When a case without a reply is judged overdue (a date alone: the end of that day); by default the records'
        own horizon (their latest timestamp), as the scorecard does.
    workspace : Workspace, optional
        Its own parameters of the measures (a stricter ``days``: :func:`rule_measures`); the standard's without.

    Returns
    -------
    pandas.DataFrame
        The records without ``description``, plus ``month``,
        ``reply_limit_days``, ``deadline`` (the last day), ``replied_in_time``
        (<NA> where no limit applies or not yet due), ``reply_status`` (see
        :data:`REPLY_STATUS`), ``needs_callback``, ``called_back`` (unreachable
        = not called back), ``called_back_incl_unreachable``,
        ``fault_repair_called_back``, ``unreachable``, ``reached``,
        ``satisfied``.

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case_id": ["R1"], "channel": ["letter"], "kind": ["report"], "window_id": ["PW01"],
    ...     "category": [None], "received_at": pd.to_datetime(["2025-09-22 09:30"]),
    ...     "replied_at": pd.to_datetime(["2025-10-09 10:00"]), "resolved_at": pd.NaT, "callback_at": pd.NaT,
    ...     "callback_result": [None], "customer_key": ["K9"]})
    >>> a, b = assess_cases(cases), assess_cases(cases, art203=True)
    >>> (str(a.deadline[0].date()), a.reply_status[0]), (str(b.deadline[0].date()), b.reply_status[0])
    (('2025-10-02', 'late'), ('2025-10-09', 'in_time'))
    """
    if "reply_status" in cases.columns:  # already assessed
        return cases
    cal = calendar or WorkCalendar()
    df = cases.drop(columns=["description"], errors="ignore").reset_index(drop=True).copy()
    n = len(df)
    limit = pd.Series(pd.array([pd.NA] * n, dtype="Int64"), index=df.index)
    deadline = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    in_time = pd.Series(pd.array([pd.NA] * n, dtype="boolean"), index=df.index)
    left_out = np.zeros(n, dtype=bool)    # withdrawn (撤诉) within the limit: no reply owed
    opened = np.zeros(n, dtype=bool)
    rule = rule_measures(workspace)
    for kind in ("complaint", "report"):
        m = rule[kind]
        mask = _apply(m, df, cal, art203, as_of)
        if len(mask):
            in_time.loc[mask.index] = mask
            at = df.index.get_indexer(mask.index)
            left_out[at] = excluded_of(mask)
            opened[at] = open_of(mask)
            days = int(m["params"]["days"])
            limit.loc[mask.index] = days
            # a last day past the calendar's known years: NaT (the case is open or judged without it)
            deadline.loc[mask.index] = deadline_day(df.loc[mask.index, "received_at"], days,
                                                    bool(m["params"].get("working_days", False)), cal, art203,
                                                    beyond="nat").to_numpy()
    has_limit = limit.notna().to_numpy()
    replied = df["replied_at"].notna().to_numpy()
    ok = in_time.to_numpy(dtype=bool, na_value=False)
    bad = in_time.eq(False).to_numpy(dtype=bool, na_value=False)
    status = np.select([~has_limit, replied & ok, replied & bad, ~replied & bad, left_out, ~opened],
                       ["not_applicable", "in_time", "late", "overdue", "withdrawn", "no_evidence"], default="open")
    cb = rule["callback_rate"]
    strict = _apply(cb, df, cal, art203, as_of)
    lenient = _apply(cb, df, cal, art203, as_of, unreachable="called_back")
    fr = _apply(rule["fault_repair_callback"], df, cal, art203, as_of)

    def on_all(s: pd.Series) -> pd.Series:
        out = pd.Series(pd.array([pd.NA] * n, dtype="boolean"), index=df.index)
        out.loc[s.index] = s
        return out

    res = df["callback_result"].astype("string")
    called = on_all(strict)
    # a case the rule keeps whose callback neither way can judge (its kind's conclusion never recorded in the records,
    # or closed at an unknown time with a callback made): due one, missing evidence, never left out of the count
    gap = (strict.isna().to_numpy() & lenient.isna().to_numpy() & ~excluded_of(strict) & ~open_of(strict))
    undetermined = on_all(pd.Series(gap, index=strict.index, dtype="boolean")).fillna(False).to_numpy(dtype=bool)
    # due a callback: concluded (and not open); a callback with no result recorded is still due one, its
    # called_back <NA> (missing evidence: it may not have reached the customer), never dropped
    # not owed one at the cut-off (concluded after it, or not concluded): left out by the rule, even where an attempt
    # that did not reach the customer came after the conclusion (the lenient count would take it)
    owed_later = on_all(pd.Series(excluded_of(strict), index=strict.index, dtype="boolean")).fillna(False)
    due = (on_all(lenient).notna() & ~owed_later) | called.notna() | undetermined
    return df.assign(
        month=df["received_at"].dt.strftime("%Y-%m"),
        reply_limit_days=limit, deadline=deadline, replied_in_time=in_time,
        reply_status=pd.Series(status, index=df.index, dtype="string"),
        needs_callback=due.to_numpy(dtype=bool), callback_undetermined=undetermined,
        called_back=called, called_back_incl_unreachable=on_all(lenient),
        fault_repair_called_back=on_all(fr),
        unreachable=(called.notna() & (res == "unreachable").fillna(False)).to_numpy(dtype=bool),
        reached=called.fillna(False).to_numpy(dtype=bool)
        & res.isin(["satisfied", "dissatisfied", "declined"]).to_numpy(dtype=bool),
        satisfied=called.fillna(False).to_numpy(dtype=bool) & (res == "satisfied").to_numpy(dtype=bool, na_value=False),
    )


def _by(by) -> list[str]:
    if by is None:
        return []
    by = [by] if isinstance(by, str) else list(by)
    return ["window_id" if b == "window" else b for b in by]


def _group(df: pd.DataFrame, by: list[str], cols: dict, windows=None, kinds=()) -> pd.DataFrame:
    """The counts ``cols`` summed by ``by``; with ``windows`` (by window), every one of them listed, its counts 0 where
    it had no case (a window the rule applies to with no case in the year is a row of no data, never left out: each
    rate on it is then 0/0, no value, and its verdict ``no_data``), once for each of the other keys' values found (or
    ``kinds``, for a ``kind`` key no case gave); a window listed for one kind is listed for every kind found.

    Examples
    --------
    >>> df = pd.DataFrame({"kind": ["complaint"], "window_id": ["PW01"]})
    >>> _group(df, ["kind", "window_id"], {"cases": [1]}, windows=["PW01", "PW02"]).values.tolist()
    [['complaint', 'PW01', 1], ['complaint', 'PW02', 0]]
    >>> df = pd.DataFrame({"kind": ["complaint", "report"], "window_id": ["PW01", "PW02"]})
    >>> _group(df, ["kind", "window_id"], {"cases": [1, 1]}, windows=["PW01", "PW02"]).values.tolist()
    [['complaint', 'PW01', 1], ['complaint', 'PW02', 0], ['report', 'PW01', 0], ['report', 'PW02', 1]]
    """
    frame = df[by].copy() if by else pd.DataFrame(index=df.index)
    for name, values in cols.items():
        frame[name] = np.asarray(values, dtype=int)
    if not by:
        return frame.sum().to_frame().T.reset_index(drop=True)
    out = frame.groupby(by, dropna=False, sort=True).sum().reset_index()
    if windows is None or "window_id" not in by:
        return out
    ruled = list(dict.fromkeys(str(w) for w in windows))
    found = set(out["window_id"].astype(str))    # made once, not again for each window of the rule
    gone = [w for w in ruled if w not in found]
    keys = pd.DataFrame({"window_id": pd.Series(gone, dtype=out["window_id"].dtype if len(out) else object)})
    rest = [k for k in by if k not in ("window_id", "kind")]
    for k in rest:
        keys = keys.merge(pd.DataFrame({k: out[k].drop_duplicates().to_numpy()}), how="cross")
    if "kind" in by:
        # each kind found, for every window: one with a case of one kind only (a 举报, no 投诉) is listed for the other
        # kind too, 0 cases and no data, as a window with no case is (review42)
        seen = out["kind"].drop_duplicates()
        if not len(seen):
            seen = pd.Series(list(kinds), dtype=object)
        present = out.loc[out["window_id"].astype(str).isin(ruled), ["window_id"] + rest].drop_duplicates()
        keys = (pd.concat([present, keys], ignore_index=True) if len(present) else keys).merge(
            pd.DataFrame({"kind": seen.to_numpy()}), how="cross")
        keys = keys.merge(out[by], on=by, how="left", indicator=True)
        keys = keys[(keys["_merge"] == "left_only").to_numpy()].drop(columns="_merge")
    if not len(keys):
        return out
    empty = keys[by].assign(**{name: 0 for name in cols})
    out = pd.concat([out, empty], ignore_index=True) if len(out) else empty
    return out.sort_values(by, kind="stable").reset_index(drop=True)


def _rate(num, den) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


# -- tables ----------------------------------------------------------------


def timeliness(cases: pd.DataFrame, by=None, calendar: WorkCalendar | None = None, art203: bool = False,
               as_of=None, windows=None, workspace=None) -> pd.DataFrame:
    """Complaints answered within 5 days and reports within 10, per kind (and ``by``).

    Parameters
    ----------
    cases : DataFrame
        Complaint records, or :func:`assess_cases` output.
    by : str or list of str, optional
        ``window_id`` (or ``window``), ``month``, ``channel``, ``category``.
    calendar, art203, as_of, workspace
        As for :func:`assess_cases`.
    windows : list of str, optional
        By window: every window listed, with 0 cases and no rate (verdict ``no_data``) where it had none.

    Returns
    -------
    pandas.DataFrame
        ``kind``, the ``by`` columns, ``limit_days``, ``cases``,
        ``assessed`` (replied, or overdue without reply), ``in_time``,
        ``late``, ``overdue`` (no reply, deadline passed), ``open`` (no reply,
        not yet due), ``missing_evidence`` (withdrawn at an unrecorded time: neither assessed nor open),
        ``rate`` = in_time / assessed, ``target`` (1.0),
        ``verdict`` (pass | fail | no_data | insufficient: cases withdrawn at an unrecorded time, counted in
        ``cases`` only, hold a pass back). Cases withdrawn (撤诉) within the limit owe no reply: not in
        ``cases``, counted apart in ``withdrawn_in_limit`` (only where a case is so; a kind whose only cases are
        such has its row, ``no_data``).

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case_id": ["1", "2", "3"], "channel": ["95598"] * 3, "kind": ["report"] * 3,
    ...     "window_id": ["PW01"] * 3, "category": [None] * 3,
    ...     "received_at": pd.to_datetime(["2025-09-22 09:30", "2025-05-06 10:00", "2025-05-06 10:00"]),
    ...     "replied_at": pd.to_datetime(["2025-10-09 10:00", "2025-05-10 10:00", None]),
    ...     "resolved_at": pd.NaT, "callback_at": pd.NaT, "callback_result": [None] * 3, "customer_key": None})
    >>> timeliness(cases)[["assessed", "in_time", "late", "overdue"]].values.tolist()
    [[3, 1, 1, 1]]
    >>> timeliness(cases, art203=True)[["assessed", "in_time", "late", "overdue"]].values.tolist()
    [[3, 2, 0, 1]]
    """
    a = assess_cases(cases, calendar, art203, as_of, workspace)
    a = a[(a["reply_status"] != "not_applicable").to_numpy()]   # no reply limit applies
    b = ["kind"] + _by(by)
    st = a["reply_status"]
    # withdrawn (撤诉) within the limit: owed no reply, counted apart (never dropped in silence), not in ``cases``
    gone = (st == "withdrawn").to_numpy(dtype=bool)
    out = _group(a, b, {"cases": ~gone, "in_time": st == "in_time", "late": st == "late",
                        "overdue": st == "overdue", "open": st == "open", "withdrawn_in_limit": gone},
                 windows=windows, kinds=("complaint", "report"))
    if out.empty:
        out = pd.DataFrame(columns=b + ["cases", "in_time", "late", "overdue", "open", "withdrawn_in_limit"])
    out["assessed"] = out["in_time"] + out["late"] + out["overdue"]
    out["rate"] = _rate(out["in_time"], out["assessed"])
    # the limits in force (the organisation's stricter days too), as the cases were assessed by
    lim = {k: int(m["params"]["days"]) for k, m in rule_measures(workspace).items() if k in ("complaint", "report")}
    lim.update({str(k): int(v) for k, v in a.groupby("kind", observed=True)["reply_limit_days"].max().dropna().items()})
    out["limit_days"] = out["kind"].map(lim).astype("Int64")
    out["target"] = 1.0
    # cases whose evidence is missing (withdrawn, when not recorded): in ``cases`` but neither assessed nor open;
    # they hold a pass back (insufficient), as on the scorecard
    lacking = out["cases"] - out["assessed"] - out["open"]
    out["verdict"] = np.where(out["assessed"] == 0, np.where(lacking > 0, "insufficient", "no_data"),
                              np.where(out["in_time"] < out["assessed"], "fail",
                                       np.where(lacking > 0, "insufficient", "pass")))
    out["missing_evidence"] = lacking   # said beside the verdict: a fail stands on the assessed cases alone
    cols = b + ["limit_days", "cases", "assessed", "in_time", "late", "overdue", "open", "missing_evidence",
                *(["withdrawn_in_limit"] if gone.any() else []),   # shown only where a case is so
                "rate", "target", "verdict"]
    return out[cols].reset_index(drop=True)


def callback_rate(cases: pd.DataFrame, by=None, calendar: WorkCalendar | None = None, art203: bool = False,
                  as_of=None, windows=None, workspace=None) -> pd.DataFrame:
    """The callback rate both ways: unreachable counted as not called back (the rule), and as called back.

    Which cases need a callback, and what counts, is :data:`CALLBACK_RULE`
    (the measure ``power_window.13.5#callback_rate``).

    Parameters
    ----------
    cases : DataFrame
        Complaint records, or :func:`assess_cases` output.
    by : str or list of str, optional
        ``window_id``, ``month``, ``channel``, ``category``, ``kind``.
    calendar, art203, as_of, workspace
        As for :func:`assess_cases`.
    windows : list of str, optional
        By window: every window listed, with 0 cases and no rate (verdict ``no_data``) where it had none.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``needing`` (cases due a callback), ``called_back``
        (reached, after conclusion), ``unreachable`` (attempted, customer not
        reached), ``result_unknown`` (a callback made after conclusion with
        no result recorded: whether it reached the customer is unknown, so it
        is missing evidence under the rule), ``undetermined`` (only where a
        case is so: one whose kind's conclusion the records never give - no
        conclusion time on any case of its kind and no state, a 95598 export
        without 修复时间 - or one closed at an unknown time with a callback
        made, or one whose result says the customer was reached with no
        callback time: whether a callback was owed, or came after the
        conclusion, is unknown; missing evidence), ``not_called_back`` (no callback,
        or one before the case was concluded), ``withdrawn_cases`` (only where a case is so: of ``needing``, the
        cases the customer withdrew, 撤诉, concluded by the withdrawal and due a callback as any other: the
        standard makes no exception for them; said apart so a reader sees why they count), ``rate`` = called_back /
        (needing - result_unknown - undetermined) (the rule, on the cases with
        evidence, as the scorecard counts it), ``rate_incl_unreachable`` =
        (called_back + unreachable + result_unknown) / (needing - undetermined)
        (any attempt counts), ``target`` (0.9), ``verdict`` (pass, fail,
        ``insufficient``: the rate meets the target but would not were every
        case without evidence one not called back, or misses it but would not
        were every such case one called back: a fail is as sure as a pass,
        ``no_data``) and
        ``verdict_incl_unreachable`` (the same, any attempt counted).

    Examples
    --------
    >>> import pandas as pd
    >>> t = lambda *v: pd.to_datetime(list(v))
    >>> cases = pd.DataFrame({"case_id": list("abc"), "channel": ["95598"] * 3, "kind": ["fault_repair"] * 3,
    ...     "window_id": ["PW01"] * 3, "category": [None] * 3, "received_at": t("2025-05-01 08:00", "2025-05-01 08:00", "2025-05-01 08:00"),
    ...     "replied_at": pd.NaT, "resolved_at": t("2025-05-01 10:00", "2025-05-01 10:00", "2025-05-01 10:00"),
    ...     "callback_at": t("2025-05-02 09:00", "2025-05-02 09:00", None),
    ...     "callback_result": ["satisfied", "unreachable", None], "customer_key": None})
    >>> callback_rate(cases)[["needing", "called_back", "unreachable", "result_unknown", "not_called_back"]].values.tolist()
    [[3, 1, 1, 0, 1]]
    >>> r = callback_rate(cases)
    >>> round(float(r.rate[0]), 3), round(float(r.rate_incl_unreachable[0]), 3)
    (0.333, 0.667)
    >>> ten = pd.concat([cases.iloc[:1]] * 8 + [cases.iloc[:1].assign(callback_result=None)] * 2, ignore_index=True)
    >>> callback_rate(ten.assign(case_id=[str(i) for i in range(10)]))[["called_back", "result_unknown", "rate", "verdict"]].values.tolist()
    [[8, 2, 1.0, 'insufficient']]
    """
    a = assess_cases(cases, calendar, art203, as_of, workspace)
    a = a[a["needs_callback"]]
    b = _by(by)
    unknown, gap = _callback_gaps(a)
    called = a["called_back"].fillna(False).to_numpy(dtype=bool)
    lenient = a["called_back_incl_unreachable"].fillna(False).to_numpy(dtype=bool)
    # due one though the customer withdrew (撤诉): counted as every case is, and said apart (the rule's reading)
    gone = withdrawn_of(a["case_status"]) if "case_status" in a else np.zeros(len(a), dtype=bool)
    out = _group(a, b, {"needing": np.ones(len(a)), "called_back": called,
                        "unreachable": lenient & ~called & ~unknown, "result_unknown": unknown,
                        "undetermined": gap, "not_called_back": ~lenient & ~gap, "withdrawn_cases": gone},
                 windows=windows)
    target = float(rule_measures(workspace)["callback_rate"]["target"])   # the organisation's stricter one too

    def verdict(made, known):   # sure either way only if every unknown case going the other way would not change it
        worst = _rate(made, out["needing"])                             # every unknown not called back
        best = _rate(made + out["needing"] - known, out["needing"])     # every unknown called back
        return np.select([out["needing"] == 0, known == 0], ["no_data", "insufficient"],
                         sure_verdict(worst, best, target))

    known = out["needing"] - out["result_unknown"] - out["undetermined"]
    out["rate"] = _rate(out["called_back"], known)
    lenient_made = out["called_back"] + out["unreachable"] + out["result_unknown"]
    out["rate_incl_unreachable"] = _rate(lenient_made, out["needing"] - out["undetermined"])
    out["target"] = target
    out["verdict"] = verdict(out["called_back"], known)
    out["verdict_incl_unreachable"] = verdict(lenient_made, out["needing"] - out["undetermined"])
    if not gap.any():   # the column shown only where a case is so (the demo's tables as they were)
        out = out.drop(columns="undetermined")
    if not gone.any():   # likewise the withdrawn cases due a callback
        out = out.drop(columns="withdrawn_cases")
    return out.reset_index(drop=True)


def _callback_gaps(a: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Of the cases :func:`assess_cases` gives, those due a callback without evidence, apart: a callback made with no
    result recorded (whether it reached the customer is unknown) and a case whose callback neither way can judge
    (``callback_undetermined``); what :func:`callback_rate` and :func:`breakdown` both leave out of their rates."""
    gap = a["callback_undetermined"].to_numpy(dtype=bool)
    no_result = a["needs_callback"].to_numpy(dtype=bool) & a["called_back"].isna().to_numpy(dtype=bool) & ~gap
    return no_result, gap


def satisfaction(cases: pd.DataFrame, by=None, calendar: WorkCalendar | None = None, art203: bool = False,
                 as_of=None, windows=None, workspace=None) -> pd.DataFrame:
    """Satisfaction among the customers called back (reached, after the case was concluded).

    Parameters
    ----------
    cases : DataFrame
        Complaint records, or :func:`assess_cases` output.
    by : str or list of str, optional
    calendar, art203, as_of, workspace
        As for :func:`assess_cases`.
    windows : list of str, optional
        By window: every window listed, with 0 cases and no rate (verdict ``no_data``) where it had none.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``called_back``, ``satisfied``, ``dissatisfied``,
        ``no_result`` (called back, no view recorded: blank, or ``declined``; not in the rate),
        ``rate`` = satisfied / (satisfied + dissatisfied).  The standard sets
        no target for it.

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case_id": list("ab"), "channel": ["counter"] * 2, "kind": ["complaint"] * 2,
    ...     "window_id": ["PW01"] * 2, "category": [None] * 2, "received_at": pd.to_datetime(["2025-05-01"] * 2),
    ...     "replied_at": pd.to_datetime(["2025-05-02"] * 2), "resolved_at": pd.NaT,
    ...     "callback_at": pd.to_datetime(["2025-05-03"] * 2), "callback_result": ["satisfied", "dissatisfied"],
    ...     "customer_key": None})
    >>> r = satisfaction(cases)
    >>> r[["called_back", "satisfied", "dissatisfied"]].values.tolist(), float(r.rate[0])
    ([[2, 1, 1]], 0.5)
    >>> blank = pd.concat([cases, cases.iloc[:1].assign(case_id="c", callback_result=None)], ignore_index=True)
    >>> satisfaction(blank)[["called_back", "satisfied", "dissatisfied", "no_result"]].values.tolist()
    [[3, 1, 1, 1]]
    """
    a = assess_cases(cases, calendar, art203, as_of, workspace)
    # called back: reached after conclusion, or a callback made after it with no result recorded (the rule counts
    # that one as missing evidence; here it is a callback with no view, in no_result, never dropped)
    made = a["called_back"].fillna(False).to_numpy(dtype=bool) | (
        a["called_back"].isna().to_numpy(dtype=bool) & a["called_back_incl_unreachable"].fillna(False).to_numpy(dtype=bool))
    a = a[made]
    res = a["callback_result"].astype("string")
    out = _group(a, _by(by), {"called_back": np.ones(len(a)), "satisfied": (res == "satisfied").fillna(False),
                              "dissatisfied": (res == "dissatisfied").fillna(False),
                              "no_result": ~res.isin(["satisfied", "dissatisfied"]).fillna(False)}, windows=windows)
    out["rate"] = _rate(out["satisfied"], out["satisfied"] + out["dissatisfied"])
    return out.reset_index(drop=True)


def open_cases(cases: pd.DataFrame, as_of, calendar: WorkCalendar | None = None, art203: bool = False,
               workspace=None) -> pd.DataFrame:
    """The cases open at a cut-off, and which of them are overdue.

    A complaint or report is open while it has no reply by ``as_of``; it is
    overdue once the end of its last day has passed.  Other cases are open
    while neither replied nor resolved; they have no reply limit
    (``overdue`` is <NA>).

    Parameters
    ----------
    cases : DataFrame
        Complaint records (:func:`read_complaints`), with or without ``description``.
    as_of : date-like
        The cut-off: a date alone (``"2025-12-31"``, a ``datetime.date``) is the end of that day, a date and time
        the moment given (:func:`windoweval.records.cutoff.cut_off`, as ``--as-of`` and ``extracted_at`` are read).
    calendar, art203, workspace
        As for :func:`assess_cases`.

    Returns
    -------
    pandas.DataFrame
        One row per open case: ``case_id``, ``window_id``, ``kind``,
        ``channel``, ``category``, ``received_at``, ``deadline``,
        ``days_open`` (calendar days since the day of receipt),
        ``overdue``, ``days_overdue`` (calendar days after the limit's last day, counted as ``days_open`` is: by
        date, the cut-off's day included, so a case is 1 day overdue on the first day after its limit), and
        ``description`` masked when the
        records carry it; overdue cases first, oldest first.  ``attrs["undetermined"]`` counts by kind the cases
        left out because the records never say when a case of their kind concludes (no reply limit, replied and
        resolved blank on every case of the kind, no state): their being open cannot be said.

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case_id": ["1", "2", "3", "4"], "kind": ["complaint", "complaint"] + ["fault_repair"] * 2,
    ...     "window_id": ["PW01"] * 4, "channel": ["95598"] * 4, "category": [None] * 4,
    ...     "received_at": pd.to_datetime(["2025-06-01 09:00", "2025-06-08 09:00", "2025-06-09 09:00", "2025-06-09 08:00"]),
    ...     "replied_at": pd.to_datetime(["2025-06-20", None, None, None]),
    ...     "resolved_at": pd.to_datetime([None, None, None, "2025-06-09 11:00"]),
    ...     "description": ["王先生 13812345678", None, None, None]})
    >>> o = open_cases(cases, "2025-06-10")
    >>> o[["case_id", "days_open", "overdue", "days_overdue", "description"]].values.tolist()
    [['1', 9, True, 4, '某先生 [手机号]'], ['2', 2, False, <NA>, <NA>], ['3', 1, <NA>, <NA>, <NA>]]

    Without 修复时间 in the export no repair is ever said to conclude: none is listed as open, each is counted apart

    >>> open_cases(cases.assign(resolved_at=pd.NaT), "2025-06-10").attrs["undetermined"]
    {'fault_repair': 2}
    """
    from .privacy import mask_text

    cal = calendar or WorkCalendar()
    cut = cut_off(as_of)   # a date alone: the end of that day (records.cutoff), as --as-of reads it
    df = cases.reset_index(drop=True)
    received = df["received_at"]
    replied = df["replied_at"]
    resolved = df["resolved_at"] if "resolved_at" in df else pd.Series(pd.NaT, index=df.index)
    has_limit = df["kind"].isin(["complaint", "report"]).to_numpy()
    rep_by = (replied.notna() & (replied <= cut)).to_numpy()
    res_by = (resolved.notna() & (resolved <= cut)).to_numpy()
    is_open = (received <= cut).to_numpy() & np.where(has_limit, ~rep_by, ~(rep_by | res_by))
    status = next((c for c in ("case_status", "status") if c in df), None)
    if status is not None:
        # a case its state says concluded (已办结, 撤诉) is not open, whatever times are blank: a closed complaint without
        # its reply time is missing evidence (assess_cases' no_evidence), a withdrawn one is owed no reply after it
        from .population import closed_of

        is_open &= ~closed_of(df[status])
    # a kind with no reply limit whose conclusion the records never give (replied and resolved blank on every case of
    # it, no state said: an export without 修复时间): whether its cases are open cannot be said; counted apart, never
    # listed as open for a year (session 32), as callback_rate counts them undetermined
    from .kernels.time import _never_concluded

    unknown = _never_concluded(df.assign(_replied=replied, _resolved=resolved), ["_replied", "_resolved"], None,
                               status) & ~has_limit & is_open
    is_open &= ~unknown
    o = df[is_open].copy()
    limit = pd.Series(np.nan, index=o.index)
    rule = rule_measures(workspace)   # the organisation's stricter days too, as assess_cases judges them
    for kind in ("complaint", "report"):
        m = rule[kind]
        limit[(o["kind"] == kind).to_numpy()] = int(m["params"]["days"])
    dl = pd.Series(pd.NaT, index=o.index, dtype="datetime64[ns]")
    for days in limit.dropna().unique():  # one or two limits
        sel = (limit == days).to_numpy()
        # a last day past the calendar's known years (art. 203) is not passed by a cut-off inside them
        dl[sel] = deadline_day(o.loc[sel, "received_at"], int(days), False, cal, art203,
                               beyond="nat" if cut < pd.Timestamp(cal.end) else "raise").to_numpy()
    due_end = dl + pd.Timedelta(days=1)
    overdue = pd.Series(pd.array((cut >= due_end).to_numpy(), dtype="boolean"), index=o.index)
    overdue[dl.isna().to_numpy()] = pd.NA
    overdue[(dl.isna() & limit.notna()).to_numpy()] = False   # open: its last day lies past the cut-off
    # days as dates, as days open are counted (the reading guide: calendar days, the day of receipt not counted):
    # the days after the limit's last day up to the cut-off's day, at least 1 once overdue (overdue from the first
    # day after the last); whole 24-hour spans to a cut-off at 23:59:59 were a day fewer than the dates said
    days_over = pd.Series(pd.array((cut.normalize() - dl.dt.normalize()).dt.days.to_numpy(dtype=float,
                                                                                          na_value=np.nan)),
                          index=o.index)
    days_over = days_over.where(overdue.fillna(False).to_numpy(dtype=bool)).astype("Int64")
    out = pd.DataFrame({
        "case_id": o["case_id"], "window_id": o["window_id"], "kind": o["kind"],
        "channel": o.get("channel"), "category": o.get("category"), "received_at": o["received_at"],
        "deadline": dl, "days_open": (cut.normalize() - o["received_at"].dt.normalize()).dt.days.astype(int),
        "overdue": overdue, "days_overdue": days_over})
    if "description" in o:
        out["description"] = mask_text(o["description"], free_text=True)
    out = out.assign(_o=out["overdue"].fillna(False).astype(bool))
    out = out.sort_values(["_o", "received_at"], ascending=[False, True], kind="stable").drop(columns="_o")
    out = out.reset_index(drop=True)
    out.attrs["undetermined"] = {str(k): int(n) for k, n in df.loc[unknown, "kind"].astype(str).value_counts().items()}
    return out


def repeat_complainants(cases: pd.DataFrame, days: int = 30, kinds=("complaint",), year: int | None = None) -> pd.DataFrame:
    """Customers who complain again within ``days`` calendar days of their previous complaint.

    Parameters
    ----------
    cases : DataFrame
        Complaint records with ``customer_key``; pass the previous year's too
        to catch a repeat across the new year.
    days : int
        The window: a complaint received at most this many calendar days
        after the same customer's previous one is a repeat (30 days apart
        counts, 31 does not).
    kinds : sequence of str
        The kinds that count as complaining (``complaint`` by default; add
        ``report`` to include reports).
    year : int, optional
        Keep the repeats received in this year.

    Returns
    -------
    pandas.DataFrame
        One row per repeat: ``customer_key``, ``case_id``, ``window_id``,
        ``received_at``, ``previous_case_id``, ``previous_window_id``,
        ``previous_received_at``, ``days_since_previous``.

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case_id": list("abcd"), "kind": ["complaint"] * 4, "window_id": ["PW01"] * 4,
    ...     "customer_key": ["K1", "K1", "K2", "K2"],
    ...     "received_at": pd.to_datetime(["2025-01-01 18:00", "2025-01-31 08:00", "2025-03-01 09:00", "2025-04-01 09:00"])})
    >>> repeat_complainants(cases)[["customer_key", "case_id", "previous_case_id", "days_since_previous"]].values.tolist()
    [['K1', 'b', 'a', 30]]
    """
    c = cases[cases["kind"].isin(list(kinds)).to_numpy() & cases["customer_key"].notna().to_numpy()]
    c = c.sort_values(["customer_key", "received_at", "case_id"], kind="stable")
    g = c.groupby("customer_key", sort=False)
    prev_t, prev_id, prev_w = g["received_at"].shift(), g["case_id"].shift(), g["window_id"].shift()
    gap = (c["received_at"].dt.normalize() - prev_t.dt.normalize()).dt.days
    keep = (gap <= days).to_numpy(dtype=bool, na_value=False)
    if year is not None:   # the year a case belongs to by the one rule (Contract.year_of), as a year's read keeps it
        keep = keep & (contracts()["complaints"].year_of(c) == int(year)).to_numpy(dtype=bool, na_value=False)
    out = pd.DataFrame({"customer_key": c["customer_key"], "case_id": c["case_id"], "window_id": c["window_id"],
                        "received_at": c["received_at"], "previous_case_id": prev_id, "previous_window_id": prev_w,
                        "previous_received_at": prev_t, "days_since_previous": gap})[keep]
    out["days_since_previous"] = out["days_since_previous"].astype(int)
    return out.reset_index(drop=True)


def breakdown(cases: pd.DataFrame, by="window_id", calendar: WorkCalendar | None = None, art203: bool = False,
              as_of=None, windows=None, workspace=None) -> pd.DataFrame:
    """One row per group: cases by kind, replies in time, callbacks both ways, satisfaction.

    Parameters
    ----------
    cases : DataFrame
        Complaint records, or :func:`assess_cases` output.
    by : str or list of str
        ``window_id`` (or ``window``), ``month``, ``channel``, ``category``, ``kind``.
    calendar, art203, as_of, workspace
        As for :func:`assess_cases`.
    windows : list of str, optional
        By window: every window listed, with 0 cases and no rate (verdict ``no_data``) where it had none.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``cases``, one count per kind (``complaint``,
        ``report``, ``suggestion``, ``fault_repair``, ``enquiry``),
        ``replies_assessed``, ``replied_in_time``, ``replied_late``,
        ``overdue``, ``open``, ``reply_rate``, ``callbacks_due``,
        ``called_back``, ``unreachable``, ``result_unknown`` (only where a case is so: a callback made with no
        result recorded, not counted as unreachable), ``callback_rate``,
        ``callback_rate_incl_unreachable`` (all as :func:`callback_rate`
        counts them), ``satisfied``, ``dissatisfied``,
        ``satisfaction_rate``.

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case_id": ["1", "2"], "channel": ["95598", "fax"], "kind": ["complaint", "enquiry"],
    ...     "window_id": ["PW01", "PW01"], "category": ["电费电价", None],
    ...     "received_at": pd.to_datetime(["2025-03-05 10:00", "2025-04-01 09:00"]),
    ...     "replied_at": pd.to_datetime(["2025-03-06 00:00", "2025-04-01 09:10"]), "resolved_at": pd.NaT,
    ...     "callback_at": pd.to_datetime(["2025-03-07", None]), "callback_result": ["satisfied", None], "customer_key": None})
    >>> breakdown(cases, "channel")[["channel", "cases", "complaint", "enquiry", "reply_rate", "callback_rate"]].values.tolist()
    [['95598', 1, 1, 0, 1.0, 1.0], ['fax', 1, 0, 1, nan, nan]]
    """
    a = assess_cases(cases, calendar, art203, as_of, workspace)
    b = _by(by)
    st = a["reply_status"]
    called = a["called_back"].fillna(False).to_numpy(dtype=bool)
    lenient = a["called_back_incl_unreachable"].fillna(False).to_numpy(dtype=bool)
    res = a["callback_result"].astype("string")
    no_result, gap = _callback_gaps(a)
    cols = {"cases": np.ones(len(a))}
    cols.update({k: (a["kind"] == k).to_numpy() for k in KIND_LABELS})
    cols.update({"replied_in_time": st == "in_time", "replied_late": st == "late", "overdue": st == "overdue",
                 "open": st == "open", "callbacks_due": a["needs_callback"], "called_back": called,
                 # as the callback table counts them: a callback of no recorded result is not a customer unreached
                 "unreachable": lenient & ~called & ~no_result,
                 "_undetermined": gap, "_no_result": no_result,
                 "satisfied": called & (res == "satisfied").to_numpy(dtype=bool, na_value=False),
                 "dissatisfied": called & (res == "dissatisfied").to_numpy(dtype=bool, na_value=False)})
    out = _group(a, b, cols, windows=windows)
    out["replies_assessed"] = out["replied_in_time"] + out["replied_late"] + out["overdue"]
    out["reply_rate"] = _rate(out["replied_in_time"], out["replies_assessed"])
    # the callback table's rates (:func:`callback_rate`): on the cases with evidence, a callback of no recorded result
    # and a case whose callback cannot be judged (callback_undetermined) left out as there, not counted as missed
    out["callback_rate"] = _rate(out["called_back"], out["callbacks_due"] - out["_no_result"] - out["_undetermined"])
    out["callback_rate_incl_unreachable"] = _rate(out["called_back"] + out["unreachable"] + out["_no_result"],
                                                  out["callbacks_due"] - out["_undetermined"])
    out["result_unknown"] = out["_no_result"]
    out["satisfaction_rate"] = _rate(out["satisfied"], out["satisfied"] + out["dissatisfied"])
    order = b + ["cases", *KIND_LABELS, "replies_assessed", "replied_in_time", "replied_late", "overdue", "open",
                 "reply_rate", "callbacks_due", "called_back", "unreachable",
                 *(["result_unknown"] if out["_no_result"].any() else []),   # shown only where a case is so
                 "callback_rate", "callback_rate_incl_unreachable", "satisfied", "dissatisfied", "satisfaction_rate"]
    return out[order].reset_index(drop=True)


def complaint_summary(year: int, data=None, by="window_id", art203: bool | None = None, as_of=None,
                      repeat_days: int = 30, workspace=None, apart: dict | None = None,
                      unknown: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every complaint table of a year, as the ``windoweval complaints`` command shows them.

    Parameters
    ----------
    year : int
    data : path, optional
        The records directory (the demo data by default).
    by : str or list of str
        The breakdown (``window_id``, ``month``, ``channel``, ``category``).
    art203 : bool, optional
        Override the workspace's ``art203`` option.
    as_of : date-like, optional
        The cut-off for open and overdue cases, in every table (a date alone: the end of that day; default: the
        scorecard's, the workspace's
        ``extracted_at``, else 31 December of ``year``, end of day).
    repeat_days : int
        The window for repeat complainants.
    workspace : Workspace, optional
    apart : dict, optional
        Receives the year's cases of windows no reply limit applies to (:func:`outside_the_rule`), by window: left
        out of every table.
    unknown : dict, optional
        Receives the year's cases of window ids the workspace does not know, by id: left out of every table (the
        scorecard does not score them either), never judged here alone.

    Returns
    -------
    dict
        ``timeliness``, ``callbacks``, ``satisfaction``, ``breakdown``,
        ``open`` (open cases at the cut-off), ``repeats``: DataFrames.

    Examples
    --------
    >>> tables = complaint_summary(2025)
    >>> sorted(tables)
    ['breakdown', 'callbacks', 'open', 'repeats', 'satisfaction', 'timeliness']
    >>> bool(tables["timeliness"]["rate"].between(0, 1).all())
    True
    """
    return complaint_summaries(year, data, bys=[by], art203=art203, as_of=as_of, repeat_days=repeat_days,
                               workspace=workspace, apart=apart, unknown=unknown)[0]


def outside_the_rule(cases: pd.DataFrame, workspace) -> np.ndarray:
    """Which cases belong to a window of the workspace whose kind no complaint rule applies to: 第十三条(五)'s reply
    limits and callbacks are the power-supply standard's, for the kinds its measures name (business halls, the 95598
    centre); a hospital window's complaint has no written limit, so it is not judged by that one (a case at a window
    the workspace does not know is not this rule's business: :func:`complaint_summaries` counts it apart, as the
    scorecard does).

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"},
    ...                                                     {"id": "H01", "name": "b", "kind": "hospital_billing"}]})
    >>> outside_the_rule(pd.DataFrame({"window_id": ["PW01", "H01", "X9"]}), ws).tolist()
    [False, True, False]
    """
    kinds = set(_measure(MEASURES["complaint"]).get("window_kinds") or [])
    w = workspace.windows
    other = set(w.loc[~w["kind"].isin(kinds), "window_id"].astype(str))
    return cases["window_id"].astype(str).isin(other).to_numpy(dtype=bool) if other else np.zeros(len(cases), bool)


def ruled_windows(workspace) -> list[str]:
    """The workspace's window ids whose kind 第十三条(五)'s reply limits and callbacks apply to (the kinds the
    power-supply standard's measure names: business halls, the 95598 centre), sorted; empty for an organisation
    with none (a hospital, a government hall): there the rule is not applicable, never evidence missing (newuser46).

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"},
    ...                                                     {"id": "H01", "name": "b", "kind": "hospital_billing"}]})
    >>> ruled_windows(ws)
    ['PW01']
    """
    kinds = set(_measure(MEASURES["complaint"]).get("window_kinds") or [])
    w = workspace.windows
    return sorted(w.loc[w["kind"].isin(kinds), "window_id"].astype(str))


def complaint_summaries(year: int, data=None, bys=("window_id",), art203: bool | None = None, as_of=None,
                        repeat_days: int = 30, workspace=None, apart: dict | None = None,
                        unknown: dict | None = None) -> list[dict[str, pd.DataFrame]]:
    """:func:`complaint_summary` for each breakdown of ``bys``, in order: the records read, the cases assessed, the
    open cases and the repeat complainants once for all of them (they do not depend on the breakdown).  ``apart``, if
    given, receives the year's cases of windows no reply limit applies to (:func:`outside_the_rule`), by window;
    ``unknown`` the year's cases of window ids the workspace does not know, by id: left out of every table, as the
    scorecard and ``records check`` leave them out (not scored), never judged here alone, counted and said instead.

    Each summary is the one :func:`complaint_summary` gives for its ``by``, table for table (its own frames: the
    ``open`` and ``repeats`` of one are not those of another).

    Examples
    --------
    >>> overall, monthly = complaint_summaries(2025, bys=[None, "month"])
    >>> len(overall["timeliness"]), "month" in monthly["breakdown"].columns
    (2, True)
    >>> monthly["open"].equals(complaint_summary(2025, by="month")["open"])
    True
    """
    from .records.workspace import load_workspace

    ws = workspace or load_workspace(data)
    a203 = ws.art203 if art203 is None else bool(art203)
    cal = ws.calendar()
    allc = read_complaints(None, data, ws)
    out = outside_the_rule(allc, ws)   # a hospital window's cases: no written reply limit to judge them by
    # a window id the workspace does not know (records check lists it, the scorecard does not score it): its cases
    # are not judged here either; counted by id for the caller to say
    stray = ~ws.known_window(allc["window_id"].astype("string")).to_numpy(dtype=bool, na_value=False) & ~out
    of_year = contracts()["complaints"].year_of(allc)   # the one rule (Contract.year_of), as a year's read keeps them
    this_year = (of_year == int(year)).to_numpy(dtype=bool, na_value=False)
    for into, which in ((apart, out), (unknown, stray)):
        if into is not None:
            into.update({str(w): int(n) for w, n in allc.loc[which & this_year, "window_id"].astype(str)
                         .value_counts().items()})
    judged = ~(out | stray)
    allc, of_year = allc[judged], of_year[judged]
    cases = allc[(of_year == int(year)).to_numpy(dtype=bool, na_value=False)]
    # one cut-off for every table, the scorecard's: the workspace's extraction time, else the year's end
    cut = cut_off(as_of) if as_of is not None else ws.horizon(int(year))
    assessed = assess_cases(cases, cal, a203, as_of=cut, workspace=ws)
    prev = allc[of_year.isin([int(year) - 1, int(year)]).to_numpy(dtype=bool, na_value=False)]
    still_open = open_cases(cases, cut, cal, a203, workspace=ws)
    repeats = repeat_complainants(prev, days=repeat_days, year=int(year))
    # every window the rule applies to is a row of the window tables, one with no case in the year too (0 cases, no
    # rate, no data): never left out, as if it had not been evaluated
    ruled = ruled_windows(ws)
    return [{
        "timeliness": timeliness(assessed, by=by, windows=ruled, workspace=ws),
        "callbacks": callback_rate(assessed, by=by, windows=ruled, workspace=ws),
        "satisfaction": satisfaction(assessed, by=by, windows=ruled, workspace=ws),
        "breakdown": breakdown(assessed, by=by, windows=ruled, workspace=ws),
        "open": still_open if i == 0 else still_open.copy(),
        "repeats": repeats if i == 0 else repeats.copy(),
    } for i, by in enumerate(bys)]
