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
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from .calendar import WorkCalendar
from .kernels import KERNELS, deadline_day

__all__ = ["read_complaints", "assess_cases", "timeliness", "callback_rate", "satisfaction", "open_cases",
           "repeat_complainants", "breakdown", "complaint_summary", "CALLBACK_RULE", "KIND_LABELS",
           "CHANNEL_LABELS", "PLANTED", "BOUNDARY_CASES", "write_demo"]

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
                "not_applicable": "无答复时限 / no reply limit"}

#: The callback rule, stated (第十三条(五)).
CALLBACK_RULE = {
    "zh": ("回访口径:投诉、举报、故障报修办结后(已答复或已办结;故障报修为修复后)均须回访,建议、咨询不要求回访;"
           "回访时间不早于办结时间才算回访。未联系上客户的,默认计为未回访;“未联系上计为已回访”的口径同时列出,供参考。"
           "回访率不低于90%(第十三条(五))。"),
    "en": ("Callback rule: every complaint, report and fault repair needs a callback once concluded (replied or "
           "resolved; a fault repair once repaired); suggestions and enquiries need none. A callback counts only when "
           "made at or after that moment. A customer who could not be reached counts as not called back by default; "
           "the rate counting such attempts as callbacks is shown alongside. Target: at least 90 % (第十三条(五))."),
}


@functools.lru_cache(maxsize=None)
def _measure(mid: str) -> dict:
    from .catalog import load_catalog

    for m in load_catalog().measures("power_window"):
        if m["measure"] == mid:
            return m
    raise KeyError(f"目录中没有测量 {mid} / the catalog has no measure {mid}")


def _apply(m: dict, df: pd.DataFrame, calendar, art203: bool, as_of=None, **override) -> pd.Series:
    """The measure ``m`` applied to ``df`` as the scorer applies it: population, kernel, parameters, context."""
    from .scoring import apply_where

    k = KERNELS[m["kernel"]]
    pop = apply_where(df, m.get("where"))
    params = k.bind({**(m.get("params") or {}), **override}, calendar=calendar, art203=art203)
    if as_of is not None and "as_of" in k.parameters:
        params["as_of"] = as_of
    return k(pop, **params)


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
    """
    from .records import read_records
    from .workspace import load_workspace

    if data is None:
        _ensure_demo()
    ws = workspace or load_workspace(data)
    return read_records("complaints", data, year=year, mapping=ws.mapping().get("complaints"))


# -- case by case ----------------------------------------------------------


def assess_cases(cases: pd.DataFrame, calendar: WorkCalendar | None = None, art203: bool = False,
                 as_of=None) -> pd.DataFrame:
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
        When a case without a reply is judged overdue; by default the records'
        own horizon (their latest timestamp), as the scorecard does.

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
    for kind in ("complaint", "report"):
        m = _measure(MEASURES[kind])
        mask = _apply(m, df, cal, art203, as_of)
        if len(mask):
            in_time.loc[mask.index] = mask
            days = int(m["params"]["days"])
            limit.loc[mask.index] = days
            deadline.loc[mask.index] = deadline_day(df.loc[mask.index, "received_at"], days,
                                                    bool(m["params"].get("working_days", False)), cal, art203).to_numpy()
    has_limit = limit.notna().to_numpy()
    replied = df["replied_at"].notna().to_numpy()
    ok = in_time.to_numpy(dtype=bool, na_value=False)
    bad = in_time.eq(False).to_numpy(dtype=bool, na_value=False)
    status = np.select([~has_limit, replied & ok, replied & bad, ~replied & bad],
                       ["not_applicable", "in_time", "late", "overdue"], default="open")
    cb = _measure(MEASURES["callback_rate"])
    strict = _apply(cb, df, cal, art203)
    lenient = _apply(cb, df, cal, art203, unreachable="called_back")
    fr = _apply(_measure(MEASURES["fault_repair_callback"]), df, cal, art203)

    def on_all(s: pd.Series) -> pd.Series:
        out = pd.Series(pd.array([pd.NA] * n, dtype="boolean"), index=df.index)
        out.loc[s.index] = s
        return out

    res = df["callback_result"].astype("string")
    called = on_all(strict)
    return df.assign(
        month=df["received_at"].dt.strftime("%Y-%m"),
        reply_limit_days=limit, deadline=deadline, replied_in_time=in_time,
        reply_status=pd.Series(status, index=df.index, dtype="string"),
        needs_callback=called.notna().to_numpy(),
        called_back=called, called_back_incl_unreachable=on_all(lenient),
        fault_repair_called_back=on_all(fr),
        unreachable=(called.notna() & (res == "unreachable").fillna(False)).to_numpy(dtype=bool),
        reached=called.fillna(False).to_numpy(dtype=bool) & res.isin(["satisfied", "dissatisfied"]).to_numpy(dtype=bool),
        satisfied=called.fillna(False).to_numpy(dtype=bool) & (res == "satisfied").to_numpy(dtype=bool, na_value=False),
    )


def _by(by) -> list[str]:
    if by is None:
        return []
    by = [by] if isinstance(by, str) else list(by)
    return ["window_id" if b == "window" else b for b in by]


def _group(df: pd.DataFrame, by: list[str], cols: dict) -> pd.DataFrame:
    frame = df[by].copy() if by else pd.DataFrame(index=df.index)
    for name, values in cols.items():
        frame[name] = np.asarray(values, dtype=int)
    if by:
        return frame.groupby(by, dropna=False, sort=True).sum().reset_index()
    return frame.sum().to_frame().T.reset_index(drop=True)


def _rate(num, den) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


# -- tables ----------------------------------------------------------------


def timeliness(cases: pd.DataFrame, by=None, calendar: WorkCalendar | None = None, art203: bool = False,
               as_of=None) -> pd.DataFrame:
    """Complaints answered within 5 days and reports within 10, per kind (and ``by``).

    Parameters
    ----------
    cases : DataFrame
        Complaint records, or :func:`assess_cases` output.
    by : str or list of str, optional
        ``window_id`` (or ``window``), ``month``, ``channel``, ``category``.
    calendar, art203, as_of
        As for :func:`assess_cases`.

    Returns
    -------
    pandas.DataFrame
        ``kind``, the ``by`` columns, ``limit_days``, ``cases``,
        ``assessed`` (replied, or overdue without reply), ``in_time``,
        ``late``, ``overdue`` (no reply, deadline passed), ``open`` (no reply,
        not yet due), ``rate`` = in_time / assessed, ``target`` (1.0),
        ``verdict`` (pass | fail | no_data).

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
    a = assess_cases(cases, calendar, art203, as_of)
    a = a[a["reply_status"] != "not_applicable"]
    b = ["kind"] + _by(by)
    st = a["reply_status"]
    out = _group(a, b, {"cases": np.ones(len(a)), "in_time": st == "in_time", "late": st == "late",
                        "overdue": st == "overdue", "open": st == "open"})
    if out.empty:
        out = pd.DataFrame(columns=b + ["cases", "in_time", "late", "overdue", "open"])
    out["assessed"] = out["in_time"] + out["late"] + out["overdue"]
    out["rate"] = _rate(out["in_time"], out["assessed"])
    lim = {k: int(_measure(MEASURES[k])["params"]["days"]) for k in ("complaint", "report")}
    out["limit_days"] = out["kind"].map(lim).astype("Int64")
    out["target"] = 1.0
    out["verdict"] = np.where(out["assessed"] == 0, "no_data", np.where(out["in_time"] == out["assessed"], "pass", "fail"))
    cols = b + ["limit_days", "cases", "assessed", "in_time", "late", "overdue", "open", "rate", "target", "verdict"]
    return out[cols].reset_index(drop=True)


def callback_rate(cases: pd.DataFrame, by=None, calendar: WorkCalendar | None = None, art203: bool = False,
                  as_of=None) -> pd.DataFrame:
    """The callback rate both ways: unreachable counted as not called back (the rule), and as called back.

    Which cases need a callback, and what counts, is :data:`CALLBACK_RULE`
    (the measure ``power_window.13.5#callback_rate``).

    Parameters
    ----------
    cases : DataFrame
        Complaint records, or :func:`assess_cases` output.
    by : str or list of str, optional
        ``window_id``, ``month``, ``channel``, ``category``, ``kind``.
    calendar, art203, as_of
        As for :func:`assess_cases`.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``needing`` (cases due a callback), ``called_back``
        (reached, after conclusion), ``unreachable`` (attempted, customer not
        reached), ``not_called_back`` (no callback, or one before the case was
        concluded), ``rate`` = called_back / needing (the rule),
        ``rate_incl_unreachable`` = (called_back + unreachable) / needing,
        ``target`` (0.9), ``verdict`` and ``verdict_incl_unreachable``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = lambda *v: pd.to_datetime(list(v))
    >>> cases = pd.DataFrame({"case_id": list("abc"), "channel": ["95598"] * 3, "kind": ["fault_repair"] * 3,
    ...     "window_id": ["PW01"] * 3, "category": [None] * 3, "received_at": t("2025-05-01 08:00", "2025-05-01 08:00", "2025-05-01 08:00"),
    ...     "replied_at": pd.NaT, "resolved_at": t("2025-05-01 10:00", "2025-05-01 10:00", "2025-05-01 10:00"),
    ...     "callback_at": t("2025-05-02 09:00", "2025-05-02 09:00", None),
    ...     "callback_result": ["satisfied", "unreachable", None], "customer_key": None})
    >>> callback_rate(cases)[["needing", "called_back", "unreachable", "not_called_back"]].values.tolist()
    [[3, 1, 1, 1]]
    >>> r = callback_rate(cases)
    >>> round(float(r.rate[0]), 3), round(float(r.rate_incl_unreachable[0]), 3)
    (0.333, 0.667)
    """
    a = assess_cases(cases, calendar, art203, as_of)
    a = a[a["needs_callback"]]
    b = _by(by)
    called = a["called_back"].fillna(False).to_numpy(dtype=bool)
    lenient = a["called_back_incl_unreachable"].fillna(False).to_numpy(dtype=bool)
    out = _group(a, b, {"needing": np.ones(len(a)), "called_back": called, "unreachable": lenient & ~called,
                        "not_called_back": ~lenient})
    target = float(_measure(MEASURES["callback_rate"])["target"])
    out["rate"] = _rate(out["called_back"], out["needing"])
    out["rate_incl_unreachable"] = _rate(out["called_back"] + out["unreachable"], out["needing"])
    out["target"] = target
    for col, r in (("verdict", "rate"), ("verdict_incl_unreachable", "rate_incl_unreachable")):
        out[col] = np.where(out["needing"] == 0, "no_data", np.where(out[r] >= target - 1e-12, "pass", "fail"))
    return out.reset_index(drop=True)


def satisfaction(cases: pd.DataFrame, by=None, calendar: WorkCalendar | None = None, art203: bool = False,
                 as_of=None) -> pd.DataFrame:
    """Satisfaction among the customers called back (reached, after the case was concluded).

    Parameters
    ----------
    cases : DataFrame
        Complaint records, or :func:`assess_cases` output.
    by : str or list of str, optional
    calendar, art203, as_of
        As for :func:`assess_cases`.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``called_back``, ``satisfied``, ``dissatisfied``,
        ``no_result`` (called back, result not recorded: not in the rate),
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
    """
    a = assess_cases(cases, calendar, art203, as_of)
    a = a[a["called_back"].fillna(False).to_numpy(dtype=bool)]
    res = a["callback_result"].astype("string")
    out = _group(a, _by(by), {"called_back": np.ones(len(a)), "satisfied": (res == "satisfied").fillna(False),
                              "dissatisfied": (res == "dissatisfied").fillna(False), "no_result": res.isna()})
    out["rate"] = _rate(out["satisfied"], out["satisfied"] + out["dissatisfied"])
    return out.reset_index(drop=True)


def open_cases(cases: pd.DataFrame, as_of, calendar: WorkCalendar | None = None, art203: bool = False) -> pd.DataFrame:
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
        The cut-off (a date means its start, 00:00).
    calendar, art203
        As for :func:`assess_cases`.

    Returns
    -------
    pandas.DataFrame
        One row per open case: ``case_id``, ``window_id``, ``kind``,
        ``channel``, ``category``, ``received_at``, ``deadline``,
        ``days_open`` (calendar days since the day of receipt),
        ``overdue``, ``days_overdue`` (whole days since the limit ended), and ``description`` masked when the
        records carry it; overdue cases first, oldest first.

    Examples
    --------
    >>> import pandas as pd
    >>> cases = pd.DataFrame({"case_id": ["1", "2", "3"], "kind": ["complaint", "complaint", "fault_repair"],
    ...     "window_id": ["PW01"] * 3, "channel": ["95598"] * 3, "category": [None] * 3,
    ...     "received_at": pd.to_datetime(["2025-06-01 09:00", "2025-06-08 09:00", "2025-06-09 09:00"]),
    ...     "replied_at": pd.to_datetime(["2025-06-20", None, None]), "resolved_at": pd.NaT,
    ...     "description": ["王先生 13812345678", None, None]})
    >>> o = open_cases(cases, "2025-06-10")
    >>> o[["case_id", "days_open", "overdue", "days_overdue", "description"]].values.tolist()
    [['1', 9, True, 3, '某先生 [手机号]'], ['2', 2, False, <NA>, <NA>], ['3', 1, <NA>, <NA>, <NA>]]
    """
    from .privacy import mask_text

    cal = calendar or WorkCalendar()
    cut = pd.Timestamp(as_of)
    df = cases.reset_index(drop=True)
    received = df["received_at"]
    replied = df["replied_at"]
    resolved = df["resolved_at"] if "resolved_at" in df else pd.Series(pd.NaT, index=df.index)
    has_limit = df["kind"].isin(["complaint", "report"]).to_numpy()
    rep_by = (replied.notna() & (replied <= cut)).to_numpy()
    res_by = (resolved.notna() & (resolved <= cut)).to_numpy()
    is_open = (received <= cut).to_numpy() & np.where(has_limit, ~rep_by, ~(rep_by | res_by))
    o = df[is_open].copy()
    limit = pd.Series(np.nan, index=o.index)
    for kind in ("complaint", "report"):
        m = _measure(MEASURES[kind])
        limit[(o["kind"] == kind).to_numpy()] = int(m["params"]["days"])
    dl = pd.Series(pd.NaT, index=o.index, dtype="datetime64[ns]")
    for days in limit.dropna().unique():  # one or two limits
        sel = (limit == days).to_numpy()
        dl[sel] = deadline_day(o.loc[sel, "received_at"], int(days), False, cal, art203).to_numpy()
    due_end = dl + pd.Timedelta(days=1)
    overdue = pd.Series(pd.array((cut >= due_end).to_numpy(), dtype="boolean"), index=o.index)
    overdue[dl.isna().to_numpy()] = pd.NA
    days_over = pd.Series(pd.array((cut - due_end).dt.days.to_numpy(dtype=float, na_value=np.nan)), index=o.index)
    days_over = days_over.where(overdue.fillna(False).to_numpy(dtype=bool)).astype("Int64")
    out = pd.DataFrame({
        "case_id": o["case_id"], "window_id": o["window_id"], "kind": o["kind"],
        "channel": o.get("channel"), "category": o.get("category"), "received_at": o["received_at"],
        "deadline": dl, "days_open": (cut.normalize() - o["received_at"].dt.normalize()).dt.days.astype(int),
        "overdue": overdue, "days_overdue": days_over})
    if "description" in o:
        out["description"] = mask_text(o["description"])
    out = out.assign(_o=out["overdue"].fillna(False).astype(bool))
    out = out.sort_values(["_o", "received_at"], ascending=[False, True], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


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
    if year is not None:
        keep = keep & (c["received_at"].dt.year == int(year)).to_numpy()
    out = pd.DataFrame({"customer_key": c["customer_key"], "case_id": c["case_id"], "window_id": c["window_id"],
                        "received_at": c["received_at"], "previous_case_id": prev_id, "previous_window_id": prev_w,
                        "previous_received_at": prev_t, "days_since_previous": gap})[keep]
    out["days_since_previous"] = out["days_since_previous"].astype(int)
    return out.reset_index(drop=True)


def breakdown(cases: pd.DataFrame, by="window_id", calendar: WorkCalendar | None = None, art203: bool = False,
              as_of=None) -> pd.DataFrame:
    """One row per group: cases by kind, replies in time, callbacks both ways, satisfaction.

    Parameters
    ----------
    cases : DataFrame
        Complaint records, or :func:`assess_cases` output.
    by : str or list of str
        ``window_id`` (or ``window``), ``month``, ``channel``, ``category``, ``kind``.
    calendar, art203, as_of
        As for :func:`assess_cases`.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``cases``, one count per kind (``complaint``,
        ``report``, ``suggestion``, ``fault_repair``, ``enquiry``),
        ``replies_assessed``, ``replied_in_time``, ``replied_late``,
        ``overdue``, ``open``, ``reply_rate``, ``callbacks_due``,
        ``called_back``, ``unreachable``, ``callback_rate``,
        ``callback_rate_incl_unreachable``, ``satisfied``, ``dissatisfied``,
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
    a = assess_cases(cases, calendar, art203, as_of)
    b = _by(by)
    st = a["reply_status"]
    called = a["called_back"].fillna(False).to_numpy(dtype=bool)
    lenient = a["called_back_incl_unreachable"].fillna(False).to_numpy(dtype=bool)
    res = a["callback_result"].astype("string")
    cols = {"cases": np.ones(len(a))}
    cols.update({k: (a["kind"] == k).to_numpy() for k in KIND_LABELS})
    cols.update({"replied_in_time": st == "in_time", "replied_late": st == "late", "overdue": st == "overdue",
                 "open": st == "open", "callbacks_due": a["needs_callback"], "called_back": called,
                 "unreachable": lenient & ~called,
                 "satisfied": called & (res == "satisfied").to_numpy(dtype=bool, na_value=False),
                 "dissatisfied": called & (res == "dissatisfied").to_numpy(dtype=bool, na_value=False)})
    out = _group(a, b, cols)
    out["replies_assessed"] = out["replied_in_time"] + out["replied_late"] + out["overdue"]
    out["reply_rate"] = _rate(out["replied_in_time"], out["replies_assessed"])
    out["callback_rate"] = _rate(out["called_back"], out["callbacks_due"])
    out["callback_rate_incl_unreachable"] = _rate(out["called_back"] + out["unreachable"], out["callbacks_due"])
    out["satisfaction_rate"] = _rate(out["satisfied"], out["satisfied"] + out["dissatisfied"])
    order = b + ["cases", *KIND_LABELS, "replies_assessed", "replied_in_time", "replied_late", "overdue", "open",
                 "reply_rate", "callbacks_due", "called_back", "unreachable", "callback_rate",
                 "callback_rate_incl_unreachable", "satisfied", "dissatisfied", "satisfaction_rate"]
    return out[order].reset_index(drop=True)


def complaint_summary(year: int, data=None, by="window_id", art203: bool | None = None, as_of=None,
                      repeat_days: int = 30, workspace=None) -> dict[str, pd.DataFrame]:
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
        The cut-off for open and overdue cases (default: 31 December of ``year``, end of day).
    repeat_days : int
        The window for repeat complainants.
    workspace : Workspace, optional

    Returns
    -------
    dict
        ``timeliness``, ``callbacks``, ``satisfaction``, ``breakdown``,
        ``open`` (open cases at the cut-off), ``repeats``: DataFrames.
    """
    from .workspace import load_workspace

    if data is None:
        _ensure_demo()
    ws = workspace or load_workspace(data)
    a203 = ws.art203 if art203 is None else bool(art203)
    cal = ws.calendar()
    allc = read_complaints(None, data, ws)
    cases = allc[(allc["received_at"].dt.year == int(year)).to_numpy()]
    assessed = assess_cases(cases, cal, a203)
    cut = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp(f"{int(year)}-12-31 23:59:59")
    prev = allc[(allc["received_at"].dt.year.isin([int(year) - 1, int(year)])).to_numpy()]
    return {
        "timeliness": timeliness(assessed, by=by),
        "callbacks": callback_rate(assessed, by=by),
        "satisfaction": satisfaction(assessed, by=by),
        "breakdown": breakdown(assessed, by=by),
        "open": open_cases(cases, cut, cal, a203),
        "repeats": repeat_complainants(prev, days=repeat_days, year=int(year)),
    }


# -- demo records ----------------------------------------------------------

#: Violations planted in the demo year's complaint records (the previous year is worse, not exact).
PLANTED = {
    "complaint_reply_late": 9,            # 8 replied ≥ 12 days after the deadline + boundary CS25-B2 (00:00 of day 6)
    "complaint_unreplied_overdue": 2,     # never replied, received March–October
    "report_reply_late": 5,               # without art. 203: 4 + boundary CS25-B3 (10th day on National Day)
    "report_reply_late_art203": 4,        # with art. 203 the boundary reply on the next working day is in time
    "callbacks_missing": 15,              # due, none recorded: complaints 5, reports 3, fault repairs 7
    "callbacks_unreachable": 20,          # attempted, customer not reached: complaints 6, reports 2, fault repairs 12
    "callbacks_before_repair": 3,         # fault repairs "called back" before the repair was completed
    "callbacks_dissatisfied": 40,         # reached after conclusion, dissatisfied
    "repeat_complainants_30d": 7,         # 6 pairs within the year (one exactly 30 days) + one across the new year
}
_MISSING = {"complaint": 5, "report": 3, "fault_repair": 7}
_UNREACHABLE = {"complaint": 6, "report": 2, "fault_repair": 12}
#: Planted fails of each scorecard measure in the demo year (art. 203 off).
PLANTED_FAILS = {
    "power_window.13.5#complaint_reply": PLANTED["complaint_reply_late"] + PLANTED["complaint_unreplied_overdue"],
    "power_window.13.5#report_reply": PLANTED["report_reply_late"],
    "power_window.13.5#fault_repair_callback": _MISSING["fault_repair"] + _UNREACHABLE["fault_repair"]
    + PLANTED["callbacks_before_repair"],
    "power_window.13.5#callback_rate": PLANTED["callbacks_missing"] + PLANTED["callbacks_unreachable"]
    + PLANTED["callbacks_before_repair"],
}
#: Case ids of the boundary cases (demo year 2025).
BOUNDARY_CASES = {
    "complaint_end_of_day5": "CS25-B1",    # received 2025-03-05 10:00, replied 2025-03-10 23:59:59: in time
    "complaint_start_of_day6": "CS25-B2",  # received 2025-03-05 11:00, replied 2025-03-11 00:00:00: late
    "report_day10_holiday": "CS25-B3",     # received 2025-09-22, 10th day 2025-10-02 (National Day), replied 2025-10-09
}

_SEED = 4_20251231
_KIND_ZH = {"complaint": "投诉", "report": "举报", "suggestion": "建议", "fault_repair": "故障报修", "enquiry": "咨询"}
_CHANNEL_ZH = {"counter": "柜台", "95598": "95598", "letter": "信函", "fax": "传真", "online": "网络"}
_RESULT_ZH = {"satisfied": "满意", "dissatisfied": "不满意", "unreachable": "无法联系"}
_CATEGORIES = np.array(["电费电价", "业扩报装", "停电", "计量装置", "服务态度", "供电质量", "营业厅环境"])
_SURNAMES = np.array(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"))
_GIVEN = np.array(["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明"])
_MAPPING = """
# 诉求工单导出的代码 -> 数据约定 / the case system's codes -> the complaints contract (windoweval.complaints)
complaints:
  columns: {}
  values:
    kind: {投诉: complaint, 举报: report, 建议: suggestion, 故障报修: fault_repair, 咨询: enquiry}
    channel: {柜台: counter, 信函: letter, 传真: fax, 网络: online}
    callback_result: {满意: satisfied, 不满意: dissatisfied, 无法联系: unreachable}
"""


def _keys(start: int, n: int) -> np.ndarray:
    """Distinct pseudonymous customer keys (a bijective hash of a running number)."""
    i = (np.arange(start, start + n, dtype=np.int64) * 2654435761) % (16 ** 7)
    return np.array([f"K{v:07x}" for v in i])


def _descriptions(rng: np.random.Generator, kind: np.ndarray, category: np.ndarray) -> np.ndarray:
    n = len(kind)
    sur = _SURNAMES[rng.integers(0, len(_SURNAMES), n)]
    given = _GIVEN[rng.integers(0, len(_GIVEN), n)]
    title = np.where(rng.random(n) < 0.5, "先生", "女士")
    mobile = pd.Series(rng.integers(3_000_000_000, 9_999_999_999, n)).astype(str).radd("1").to_numpy()
    land = pd.Series(rng.integers(82_000_000, 89_999_999, n)).astype(str).radd("0571-").to_numpy()
    idno = pd.Series(rng.integers(100, 999, n)).astype(str).radd("33010619850612").to_numpy() + "X"
    t = rng.integers(0, 5, n)
    body = np.where(kind == "fault_repair", "家中停电,请求抢修", np.char.add(np.char.add("反映", category.astype(str)), "问题"))
    d = np.select(
        [t == 0, t == 1, t == 2, t == 3],
        [np.char.add(np.char.add(np.char.add(sur, title), "来电"), np.char.add(body, np.char.add(",联系电话", mobile))),
         np.char.add(np.char.add("姓名:", np.char.add(sur, given)), np.char.add(",", body)),
         np.char.add(np.char.add("客户", body), np.char.add(",座机", land)),
         np.char.add(np.char.add(np.char.add(sur, given), title), np.char.add(body, np.char.add(",身份证号", idno)))],
        default=np.char.add("客户", body))
    return d


def _year_cases(year: int, windows: pd.DataFrame, exact: bool, key_start: int) -> pd.DataFrame:
    rng = np.random.default_rng(_SEED + year)
    halls = windows.loc[windows["kind"] == "power_hall", "window_id"].tolist()
    centres = windows.loc[windows["kind"] == "call_centre", "window_id"].tolist()
    per_hall = {"complaint": 40, "report": 8, "suggestion": 15, "fault_repair": 60, "enquiry": 40}
    per_centre = {"complaint": 20, "report": 6, "fault_repair": 150, "enquiry": 100}
    wins, kinds = [], []
    for w in halls:
        for k, c in per_hall.items():
            wins += [w] * c
            kinds += [k] * c
    for w in centres:
        for k, c in per_centre.items():
            wins += [w] * c
            kinds += [k] * c
    wins, kinds = np.array(wins), np.array(kinds)
    n = len(kinds)
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    centre = np.isin(wins, centres)
    chan = np.array(list(_CHANNEL_ZH))[rng.choice(5, n, p=[0.35, 0.35, 0.08, 0.04, 0.18])]
    chan = np.where(centre, "95598", chan)
    chan = np.where((kinds == "fault_repair") & ~centre, np.where(rng.random(n) < 0.5, "counter", "online"), chan)
    hours = np.where(chan == "counter", rng.uniform(8.5, 17.5, n), rng.uniform(0, 24, n))
    recv = pd.DatetimeIndex(days[rng.integers(0, len(days), n)]) + pd.to_timedelta((hours * 3600).round(), unit="s")
    cat = _CATEGORIES[rng.integers(0, len(_CATEGORIES), n)]
    cat = np.where(kinds == "fault_repair", "故障抢修", np.where(kinds == "enquiry", "用电咨询", cat))
    df = pd.DataFrame({"kind": kinds, "window_id": wins, "channel": chan, "category": cat,
                       "received_at": recv, "customer_key": _keys(key_start, n)})
    # planted repeat complaints: another complaint by the same customer 1–30 days later; decoys at 31 days
    # and an enquiry right after a complaint (an enquiry is not a complaint)
    base = np.flatnonzero((kinds == "complaint") & (recv.month >= 2) & (recv.month <= 10))
    gaps = [1, 5, 12, 20, 29, 30] if exact else [3, 9, 25]
    picks = rng.choice(base, size=len(gaps) + 2, replace=False)
    extra = df.iloc[picks].copy()
    extra["received_at"] = extra["received_at"].to_numpy() + pd.to_timedelta(gaps + [31, 2], unit="D").to_numpy()
    extra.iloc[-1, extra.columns.get_loc("kind")] = "enquiry"
    extra["category"] = np.where(extra["kind"] == "enquiry", "用电咨询", extra["category"])
    df = pd.concat([df, extra], ignore_index=True)
    n = len(df)
    kinds = df["kind"].to_numpy()
    recv = df["received_at"]
    day0 = recv.dt.normalize()

    def at(offset_days, lo=9.0, hi=18.0):
        t = day0 + pd.to_timedelta(offset_days, unit="D") + pd.to_timedelta((rng.uniform(lo, hi, n) * 3600).round(), unit="s")
        return t.where(t > recv, recv + pd.Timedelta(minutes=40))

    limit = np.select([kinds == "complaint", kinds == "report", kinds == "suggestion"], [5, 10, 15], default=0)
    replied = at(rng.integers(0, limit + 1))
    replied[kinds == "enquiry"] = recv[kinds == "enquiry"] + pd.to_timedelta(rng.integers(2, 20, (kinds == "enquiry").sum()), unit="min")
    resolved = replied + pd.to_timedelta(rng.uniform(0, 48, n).round(1), unit="h")
    fr = kinds == "fault_repair"
    replied[fr] = pd.NaT
    resolved[fr] = recv[fr] + pd.to_timedelta(rng.uniform(60, 360, fr.sum()).round(), unit="min")
    concluded = replied.where(replied.notna(), resolved)
    needs = np.isin(kinds, ["complaint", "report", "fault_repair"])
    cb = concluded + pd.to_timedelta(rng.uniform(2, 72, n).round(2), unit="h")
    cb[~needs] = pd.NaT
    result = np.where(needs, "satisfied", None).astype(object)
    df = df.assign(replied_at=replied, resolved_at=resolved, callback_at=cb, callback_result=result)

    # -- plants ---------------------------------------------------------
    free = np.ones(n, dtype=bool)
    free[len(df) - len(extra):] = False  # leave the repeat rows alone

    def take(mask, k):
        idx = rng.choice(np.flatnonzero(mask & free), size=k, replace=False)
        free[idx] = False
        return idx

    mid_year = ((recv.dt.month >= 3) & (recv.dt.month <= 10)).to_numpy()
    late_c = take(kinds == "complaint", 8 if exact else 20)
    late_r = take(kinds == "report", 4 if exact else 8)
    for idx, lim in ((late_c, 5), (late_r, 10)):  # ≥ 12 days past the deadline: late whatever art. 203 does
        t = day0[idx] + pd.to_timedelta(lim + rng.integers(12, 26, len(idx)), unit="D") + pd.Timedelta(hours=10)
        df.loc[idx, "replied_at"] = t.to_numpy()
        df.loc[idx, "resolved_at"] = t.to_numpy()
        df.loc[idx, "callback_at"] = (t + pd.Timedelta(days=1)).to_numpy()
    unreplied = take((kinds == "complaint") & mid_year, 2 if exact else 4)
    df.loc[unreplied, ["replied_at", "resolved_at", "callback_at"]] = pd.NaT
    df.loc[unreplied, "callback_result"] = None
    for kind in ("complaint", "report", "fault_repair"):
        miss = take(kinds == kind, _MISSING[kind] if exact else 2 * _MISSING[kind])
        df.loc[miss, "callback_at"] = pd.NaT
        df.loc[miss, "callback_result"] = None
        unr = take(kinds == kind, _UNREACHABLE[kind] if exact else 2 * _UNREACHABLE[kind])
        df.loc[unr, "callback_result"] = "unreachable"
    early = take(fr, PLANTED["callbacks_before_repair"] if exact else 5)
    df.loc[early, "callback_at"] = (df.loc[early, "resolved_at"] - pd.Timedelta(minutes=30)).to_numpy()
    ok_cb = needs & free
    ok_cb[len(df) - len(extra):] = needs[len(df) - len(extra):]
    dis = take(ok_cb, PLANTED["callbacks_dissatisfied"] if exact else 70)
    df.loc[dis, "callback_result"] = "dissatisfied"
    df["description"] = _descriptions(rng, df["kind"].to_numpy(), df["category"].to_numpy())
    df = df.sort_values("received_at", kind="stable").reset_index(drop=True)
    df.insert(0, "case_id", [f"CS{year % 100}{i:06d}" for i in range(1, len(df) + 1)])
    return df


def _boundaries(year: int, windows: pd.DataFrame) -> pd.DataFrame:
    """The boundary cases of 2025 (the National Day dates are 2025's)."""
    if year != 2025:
        return pd.DataFrame()
    t = pd.to_datetime
    return pd.DataFrame({
        "case_id": list(BOUNDARY_CASES.values()), "kind": ["complaint", "complaint", "report"],
        "window_id": ["PW01", "PW01", "PW02"], "channel": ["95598", "counter", "letter"],
        "category": ["电费电价", "服务态度", "营业厅环境"],
        "received_at": t(["2025-03-05 10:00:00", "2025-03-05 11:00:00", "2025-09-22 09:30:00"]),
        "customer_key": ["KB000001", "KB000002", "KB000003"],
        "replied_at": t(["2025-03-10 23:59:59", "2025-03-11 00:00:00", "2025-10-09 10:00:00"]),
        "resolved_at": t(["2025-03-10 23:59:59", "2025-03-11 00:00:00", "2025-10-09 10:00:00"]),
        "callback_at": t(["2025-03-12 10:00:00", "2025-03-12 10:30:00", "2025-10-10 10:00:00"]),
        "callback_result": ["satisfied"] * 3,
        "description": ["客户反映电费异常", "客户反映工作人员态度", "来信举报营业厅收费不规范"]})


def _carry_over(year: int) -> pd.DataFrame:
    """One customer who complains on 20 December and again on 5 January (a repeat across the new year)."""
    t = pd.to_datetime
    return pd.DataFrame({
        "case_id": [f"CS{(year - 1) % 100}-X1", f"CS{year % 100}-X1"], "kind": "complaint", "window_id": "PW05",
        "channel": "95598", "category": "停电问题",
        "received_at": t([f"{year - 1}-12-20 10:00", f"{year}-01-05 10:00"]), "customer_key": "KX000001",
        "replied_at": t([f"{year - 1}-12-22 15:00", f"{year}-01-07 15:00"]),
        "resolved_at": t([f"{year - 1}-12-22 15:00", f"{year}-01-07 15:00"]),
        "callback_at": t([f"{year - 1}-12-23 10:00", f"{year}-01-08 10:00"]),
        "callback_result": ["satisfied", "satisfied"], "description": ["客户反映频繁停电", "客户再次反映频繁停电"]})


def _atomic_write(path: Path, text: str):
    fd, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o644)
    os.replace(tmp, path)


def write_demo(out_dir, year: int, windows: pd.DataFrame) -> Path:
    """Write the demo organisation's complaint records (``year - 1`` and ``year``) into ``out_dir``.

    Exported as a case system would: Chinese headers and codes, which the
    contract's aliases and the mapping file (appended here) map.  The
    violations of ``year`` are exactly :data:`PLANTED`.
    """
    out = Path(out_dir)
    frames = [_year_cases(year - 1, windows, False, key_start=1), _year_cases(year, windows, True, key_start=500_000),
              _boundaries(year, windows), _carry_over(year)]
    df = pd.concat([f for f in frames if len(f)], ignore_index=True)
    df = df[["case_id", "channel", "kind", "window_id", "category", "received_at", "replied_at", "resolved_at",
             "callback_at", "callback_result", "customer_key", "description"]]
    df = df.assign(kind=df["kind"].map(_KIND_ZH), channel=df["channel"].map(_CHANNEL_ZH),
                   callback_result=df["callback_result"].map(_RESULT_ZH))
    headers = {"case_id": "工单编号", "channel": "受理渠道", "kind": "诉求类型", "window_id": "窗口编号",
               "category": "业务类别", "received_at": "受理时间", "replied_at": "答复时间", "resolved_at": "办结时间",
               "callback_at": "回访时间", "callback_result": "回访结果", "customer_key": "客户标识",
               "description": "诉求内容"}
    text = df.rename(columns=headers).to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S")
    _atomic_write(out / "complaints.csv", text)
    mp = out / "mapping.yaml"
    current = mp.read_text(encoding="utf-8") if mp.exists() else ""
    if "\ncomplaints:" not in "\n" + current:
        _atomic_write(mp, current.rstrip("\n") + "\n" + _MAPPING)
    return out / "complaints.csv"


def _ensure_demo() -> Path:
    """The demo directory with the complaint records in it (added to an older demo directory if missing)."""
    from . import paths
    from .demo import DEMO_YEAR, ensure_demo
    from .records import find_file

    d = ensure_demo()
    if find_file("complaints", d) is None:
        from .workspace import load_workspace

        write_demo(d, DEMO_YEAR, load_workspace(d).windows)
    if find_file("demonstration_evidence", d) is None:
        from .review import write_demo as review_demo
        from .workspace import load_workspace

        review_demo(d, DEMO_YEAR, load_workspace(d).windows)
    return paths.DEMO_DIR
