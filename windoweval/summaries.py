"""Compact summaries of a Scorecard and an Evaluation: what JupyterLab and a console show instead of a wall of text.

计分卡与年度评价的简要显示:JupyterLab 与控制台中显示摘要及主要表格,而不是全部数据。

:class:`windoweval.scoring.Scorecard` and :class:`windoweval.evaluation.Evaluation`
call these from their ``__repr__`` and ``_repr_html_``; the whole tables
stay on the object (``card.results``, ``card.windows``, ``ev.ranking``, …).
Numbers are shown by the package's one rule (:mod:`windoweval.numbers`).

Examples
--------
>>> import windoweval as we
>>> card = we.score("power_window", year=2025)
>>> text = repr(card)
>>> text.splitlines()[0] == (f"Scorecard power_window 2025: 13 个窗口 windows × "
...                          f"{counted(card.results)['measure'].nunique()} 个测量项 measures")
True
>>> len(text) < 3000 and len(card._repr_html_()) < 20000
True
"""
from __future__ import annotations

import math

import html

import numpy as np
import pandas as pd

from . import numbers
# what a scorecard row counts (records or units) and which rows count: defined beside the engine's accounting, where
# score() reads them without this module (its HTML and number formatting compiled and imported) on its path
from .engine.account import (RECORDS_LABEL, UNIT_LABELS, counted, records_missing, unit_kernels,  # noqa: F401
                             unit_label, units_missing)

__all__ = ["scorecard_text", "scorecard_html", "evaluation_text", "evaluation_html", "explain", "narrow",
           "missed_for_people", "MISSED_COLUMNS"]

#: Rows of each table a summary shows.
ROWS = 10


def _fmt(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every numeric column as shown (:func:`windoweval.numbers.display`)."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_numeric_dtype(out[c].dtype) and not pd.api.types.is_bool_dtype(out[c].dtype):
            # records missing evidence are counts (the name's "evidence" would read as the share of evidence)
            out[c] = numbers.display_series(out[c], "rate" if c in ("rate", "target", "evidence", "met_share")
                                            else "count" if str(c).endswith("missing_evidence")
                                            else numbers.kind_of(c))
    return out


def _counts(results: pd.DataFrame, catalog=None) -> dict:
    results = counted(results)
    v = results["verdict"]
    n_pass, n_fail, n_none = int((v == "pass").sum()), int((v == "fail").sum()), int((v == "no_data").sum())
    # records missing evidence: records only (records_missing), as every other place that says so; the units a
    # unit measure lacks (hour slots, promise occurrences) are said apart, never added to the records
    rec, unit = records_missing(results, catalog), units_missing(results, catalog)
    thin, fail = (v == "insufficient").to_numpy(), (v == "fail").to_numpy()
    return {"pass": n_pass, "fail": n_fail, "no_data": n_none, "insufficient": int(thin.sum()),
            "open": int((v == "open").sum()),
            "missing": int(rec[thin].sum()), "missing_units": int(unit[thin].sum()),
            "fail_missing": int(rec[fail].sum()), "fail_missing_units": int(unit[fail].sum()),
            "met": numbers.display(n_pass / (n_pass + n_fail) if n_pass + n_fail else None, "rate")}


def _standards(card) -> str:
    s = sorted(card.results["standard"].unique()) if len(card.results) else []
    return ", ".join(s) if len(s) <= 3 else f"{len(s)} 项标准 standards"


def _worst(results: pd.DataFrame, catalog=None) -> pd.DataFrame:
    """The measures missed at most windows."""
    miss = results[results["verdict"] == "fail"]
    if not len(miss):
        return pd.DataFrame(columns=["measure", "label_zh", "windows_missed", "missing_evidence"])
    # beside the windows missed, the records missing evidence in those failed cells (records only)
    miss = miss.assign(missing_evidence=records_missing(miss, catalog).to_numpy())
    g = (miss.groupby(["measure", "label_zh"], observed=True)
         .agg(windows_missed=("measure", "size"), missing_evidence=("missing_evidence", "sum")).reset_index()
         .sort_values(["windows_missed", "measure"], ascending=[False, True]))
    return g.head(ROWS).reset_index(drop=True)


def _head_line(card) -> str:
    year = card.year if card.year is not None else "—"
    # the measures counted as the verdicts below are (summaries.counted): an unused alternative is no measure of it
    return (f"Scorecard {_standards(card)} {year}: {card.windows['window_id'].nunique()} 个窗口 windows × "
            f"{counted(card.results)['measure'].nunique()} 个测量项 measures")


def _lacking(records: int, units: int) -> str:
    """"(其中缺少证据的记录 records missing evidence N; 缺少证据的单元 units missing evidence M)", each part only where
    there are some; "" where neither."""
    parts = ([f"其中缺少证据的记录 records missing evidence {records}"] if records else []) + \
        ([f"缺少证据的单元 units missing evidence {units}"] if units else [])
    return f"({'; '.join(parts)})" if parts else ""


def _verdict_line(c: dict) -> str:
    # the records missing evidence (records only) and, apart, the units, said only where there are some
    thin = (f", 证据不足 insufficient evidence {c['insufficient']}"
            f"{_lacking(c['missing'], c.get('missing_units', 0))}" if c.get("insufficient") else "")
    opened = f", 仅有未到期案件 open cases only {c['open']}" if c.get("open") else ""
    # a fail stands on the records assessed; how many could not be is said beside it (only where there are some)
    failed = _lacking(c.get("fail_missing", 0), c.get("fail_missing_units", 0))
    return (f"达标 met {c['pass']}, 未达标 not met {c['fail']}{failed}, 无数据 no evidence {c['no_data']}{thin}{opened}; "
            f"达标占比 share met {c['met']}")


def other_years_said(others: dict, year: int, baseline_year: int | None = None) -> str | None:
    """The line a year's scorecard says of :func:`windoweval.evaluation.other_year_counts` (``{kind: {year:
    records}}``: each year with the kinds and how many records of each) or of
    :func:`windoweval.evaluation.other_years` (``{kind: [years]}``: the kinds of each set of years), Chinese, then
    English; None when there are none.  ``baseline_year``: that year marked as the baseline (an evaluation compares
    with its records; the year's scorecard does not count them).  ``windoweval score --year`` prints it; a
    scorecard's and an evaluation's repr in JupyterLab say it.

    Examples
    --------
    >>> print(other_years_said({"work_orders": {2024: 12}, "complaints": {2024: 1}, "outages": {2024: 2, 2026: 3}}, 2025))
    数据中另有其他年份的记录,不在 2025 年的评价内:2024 年:work_orders 12 条、complaints 1 条、outages 2 条;2026 年:outages 3 条 / the data also holds records of other years, outside the 2025 evaluation: 2024: work_orders 12 records, complaints 1 record, outages 2 records; 2026: outages 3 records
    >>> print(other_years_said({"work_orders": [2024], "complaints": [2024], "outages": [2024, 2026]}, 2025))
    数据中另有其他年份的记录,不在 2025 年的评价内:2024 年:work_orders、complaints;2024, 2026 年:outages / the data also holds records of other years, outside the 2025 evaluation: 2024: work_orders, complaints; 2024, 2026: outages
    >>> print(other_years_said({"work_orders": {2024: 1}}, 2025, baseline_year=2024))
    数据中另有其他年份的记录,不在 2025 年的评价内:2024 年(基准年):work_orders 1 条 / the data also holds records of other years, outside the 2025 evaluation: 2024 (the baseline year): work_orders 1 record
    """
    if not others:
        return None
    base = int(baseline_year) if baseline_year is not None else None

    def zh_y(y):
        return f"{y} 年(基准年)" if y == base else f"{y} 年"

    def en_y(y):
        return f"{y} (the baseline year)" if y == base else f"{y}"
    head = (f"数据中另有其他年份的记录,不在 {int(year)} 年的评价内:", f" / the data also holds records of other years, "
            f"outside the {int(year)} evaluation: ")
    if all(isinstance(v, dict) for v in others.values()):   # counted: each year, its kinds and their records
        by_year: dict[int, list] = {}
        for k, ns in others.items():
            for y, n in ns.items():
                by_year.setdefault(int(y), []).append((k, int(n)))
        zh = ";".join(f"{zh_y(y)}:" + "、".join(f"{k} {n} 条" for k, n in kn) for y, kn in sorted(by_year.items()))
        en = "; ".join(f"{en_y(y)}: " + ", ".join(f"{k} {n} record{'s' if n != 1 else ''}" for k, n in kn)
                       for y, kn in sorted(by_year.items()))
        return head[0] + zh + head[1] + en
    by_years: dict[tuple, list[str]] = {}   # kinds of the same other years said together
    for k, ys in others.items():
        by_years.setdefault(tuple(ys), []).append(k)
    zh = ";".join(f"{', '.join(map(str, ys))} 年:{'、'.join(ks)}" for ys, ks in by_years.items())
    en = "; ".join(f"{', '.join(map(str, ys))}: {', '.join(ks)}" for ys, ks in by_years.items())
    return head[0] + zh + head[1] + en


def _others_line(card, baseline_year=None) -> str | None:
    """:func:`other_years_said` of a scorecard's ``other_year_counts`` (None when not counted or none)."""
    others = getattr(card, "other_year_counts", None)
    if not others or getattr(card, "year", None) is None:
        return None
    return other_years_said(others, card.year, baseline_year)


def scorecard_text(card) -> str:
    """A few lines: standards, year, windows and measures, verdict counts, the windows ranked (first rows).

    Examples
    --------
    >>> import tempfile
    >>> from windoweval.scoring import score
    >>> from windoweval.demo import tiny_records
    >>> ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
    >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    >>> print(scorecard_text(card))
    Scorecard power_window 2025: 1 个窗口 windows × 57 个测量项 measures
    达标 met 0, 未达标 not met 2, 无数据 no evidence 54, 证据不足 insufficient evidence 1(缺少证据的单元 units missing evidence 22); 达标占比 share met 0.0%
    rank window_id window_name score evidence
       1      PW01       城东营业厅   0.0     3.5%
    (card.results: 窗口×测量项 window × measure; card.drilldown(measure): 未达标的记录 the records that missed)
    """
    cols = [c for c in ("rank", "window_id", "window_name", "score", "evidence") if c in card.windows]
    ranked = _fmt(card.windows[cols].head(ROWS)).to_string(index=False)
    more = f"\n… {len(card.windows) - ROWS} more: card.windows" if len(card.windows) > ROWS else ""
    counts = _counts(card.results, getattr(card, "catalog", None))
    others = _others_line(card)
    return (f"{_head_line(card)}\n{_verdict_line(counts)}\n{ranked}{more}\n" + (f"{others}\n" if others else "") +
            f"(card.results: 窗口×测量项 window × measure; card.drilldown(measure): 未达标的记录 the records that missed)")


def _table(df: pd.DataFrame, caption: str, named: tuple = ()) -> str:
    """``df`` as an HTML table under ``caption``; the columns ``named`` headed in Chinese and English
    (``col.<name>`` of strings.yaml), the others by their names; every header and cell escaped."""
    from . import i18n

    shown = _fmt(df).rename(columns={c: f"{i18n.text('col.' + c, 'zh')} {i18n.text('col.' + c, 'en')}"
                                     for c in named if c in df and i18n.has("col." + c)})
    body = shown.to_html(index=False, escape=True, border=0, na_rep=numbers.MISSING)
    return f"<p><b>{html.escape(caption)}</b></p>{body}"


def scorecard_html(card) -> str:
    """A heading, the verdict counts, the windows ranked and the measures missed most (first rows of each).

    Examples
    --------
    >>> import tempfile
    >>> from windoweval.scoring import score
    >>> from windoweval.demo import tiny_records
    >>> ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
    >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    >>> page = scorecard_html(card)
    >>> page.startswith("<div"), "城东营业厅" in page, len(page) < 20000
    (True, True, True)
    """
    cols = [c for c in ("rank", "window_id", "window_name", "score", "passed", "failed", "fail_missing_evidence",
                        "insufficient", "open", "no_data", "evidence")
            if c in card.windows]
    cat = getattr(card, "catalog", None)
    parts = [f"<div class=\"windoweval-summary\"><h4>{html.escape(_head_line(card))}</h4>",
             f"<p>{html.escape(_verdict_line(_counts(card.results, cat)))}</p>",
             # missing evidence beside the fails, headed in both languages (strings.yaml)
             _table(card.windows[cols].head(ROWS), f"窗口排名 windows ranked (前 first {ROWS}; card.windows)",
                    named=("fail_missing_evidence",)),
             _table(_worst(card.results, cat), "未达标窗口最多的测量项 measures missed at most windows (card.drilldown)",
                    named=("missing_evidence",)),
             _others_html(card),
             "</div>"]
    return "\n".join(parts)


def _others_html(card, baseline_year=None) -> str:
    """The other years' line as a paragraph (escaped), or nothing."""
    others = _others_line(card, baseline_year)
    return f"<p class=\"windoweval-other-years\">{html.escape(others)} (card.other_year_counts)</p>" if others else ""


def _evaluation_head(ev) -> str:
    base = ev.baseline_year if ev.baseline is not None else (
        f"无基准 no baseline ({ev.baseline_missing} 无记录 no records)" if ev.baseline_missing else "无基准 no baseline")
    return (f"Evaluation {ev.year} (基准年 baseline {base}): {len(ev.ranking)} 个窗口 windows, "
            f"{len(ev.by_standard)} 项标准 standards")


def _headline_value(key: str, value) -> str:
    """A headline value as shown; one named in each language (``{"zh": …, "en": …}``) in both, ``中文 / English``."""
    if isinstance(value, dict):
        return " / ".join(dict.fromkeys(str(v) for v in value.values() if v)) or numbers.MISSING
    return numbers.display(value, numbers.kind_of(key))


def _headline_line(ev) -> str:
    return "; ".join(f"{k} {_headline_value(k, v)}" for k, v in ev.headlines.items())


def evaluation_text(ev) -> str:
    """A few lines: the year and baseline, the headline figures, the ranking (first rows).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "windoweval.toml").write_text('name = "示例"\\n[[windows]]\\nid = "PW01"\\nname = "城东营业厅"\\n'
    ...                                        'kind = "power_hall"\\n', encoding="utf-8")
    >>> _ = (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\\n"
    ...     "1,PW01,fault_repair,2024-06-01 18:00,2024-06-01 18:20\\n"
    ...     "2,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\\n"
    ...     "3,PW01,fault_repair,2025-06-02 09:00,2025-06-02 11:00\\n", encoding="utf-8")
    >>> import windoweval as we
    >>> print(evaluation_text(we.evaluate(2025, data=d, baseline_year=2024, standards="power_window")))
    Evaluation 2025 (基准年 baseline 2024): 1 个窗口 windows, 1 项标准 standards
    windows 1; mean_score 0.0; mean_change -3.5; met_share 0.0%; failed 2; no_data 54; top_window 城东营业厅 (PW01)
    rank window_id window_name score baseline_score change
       1      PW01       城东营业厅   0.0            3.5   -3.5
    数据中另有其他年份的记录,不在 2025 年的评价内:2024 年(基准年):work_orders 1 条 / the data also holds records of other years, outside the 2025 evaluation: 2024 (the baseline year): work_orders 1 record
    (ev.ranking, ev.by_standard, ev.missed, ev.card)
    """
    cols = ["rank", "window_id", "window_name", "score", "baseline_score", "change"]
    ranked = _fmt(ev.ranking[cols].head(ROWS)).to_string(index=False)
    others = _others_line(ev.card, ev.baseline_year)
    return (f"{_evaluation_head(ev)}\n{_headline_line(ev)}\n{ranked}\n" + (f"{others}\n" if others else "")
            + "(ev.ranking, ev.by_standard, ev.missed, ev.card)")


def evaluation_html(ev) -> str:
    """A heading, the headline figures, the ranking, the standards and the worst misses (first rows of each).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "windoweval.toml").write_text('name = "示例"\\n[[windows]]\\nid = "PW01"\\nname = "城东营业厅"\\n'
    ...                                        'kind = "power_hall"\\n', encoding="utf-8")
    >>> _ = (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\\n"
    ...     "1,PW01,fault_repair,2024-06-01 18:00,2024-06-01 18:20\\n"
    ...     "2,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\\n"
    ...     "3,PW01,fault_repair,2025-06-02 09:00,2025-06-02 11:00\\n", encoding="utf-8")
    >>> import windoweval as we
    >>> page = evaluation_html(we.evaluate(2025, data=d, standards="power_window"))
    >>> page.startswith("<div"), "城东营业厅" in page, len(page) < 20000
    (True, True, True)
    """
    cols = ["rank", "window_id", "window_name", "score", "baseline_score", "change", "evidence"]
    std = ev.by_standard[["standard", "title_zh", "pass", "fail", "fail_missing_evidence", "insufficient", "open",
                          "no_data", "met_share"]]
    missed = ev.missed[["measure", "label_zh", "window_id", "n", "missing_evidence", "rate", "target"]].head(ROWS)
    parts = [f"<div class=\"windoweval-summary\"><h4>{html.escape(_evaluation_head(ev))}</h4>",
             f"<p>{html.escape(_headline_line(ev))}</p>",
             _table(ev.ranking[cols].head(ROWS), f"窗口排名 windows ranked (前 first {ROWS}; ev.ranking)"),
             _table(std, "各标准 standards (ev.by_standard)"),
             _table(missed, f"差距最大的未达标项 worst misses (前 first {ROWS}; ev.missed)"),
             _others_html(ev.card, ev.baseline_year), "</div>"]
    return "\n".join(parts)


# ---------------------------------------------------------------- drill-downs a reader understands
#: Columns every drill-down keeps when present (ids, the window, the verdict, the message).
_KEEP = ("window_id", "passed", "message")


def explain(card, measure: str, window: str | None = None, include_passed: bool = False) -> pd.DataFrame:
    """The records behind ``measure`` that missed it, with only the columns the measure used, the computed deadline
    and the elapsed time (time limits), and the clause's words.

    Columns: the records' id column(s), ``window_id``, the columns the measure
    reads (its parameters and population filter), ``deadline`` and
    ``elapsed`` (time limits in minutes or hours), ``passed``, ``message``,
    ``clause_id``, ``clause_zh``, ``clause_en``.

    Examples
    --------
    >>> import windoweval as we
    >>> d = explain(we.score("power_window", year=2025), "power_window.10.2.5")
    >>> list(d.columns)
    ['order_id', 'window_id', 'received_at', 'arrived_at', 'order_status', 'completed_at', 'order_type', 'deadline', 'elapsed', 'passed', 'message', 'clause_id', 'clause_zh', 'clause_en']
    >>> bool((d["arrived_at"] > d["deadline"]).all()), d["elapsed"].iloc[0]
    (True, '57 分钟 min')
    """
    d = card.drilldown(measure, window=window, include_passed=include_passed)
    mid = d["measure"].iloc[0] if len(d) else measure
    return narrow(d, card._masks[mid][2] if mid in card._masks else {}, *_calendar_of(card))


def _calendar_of(card) -> tuple:
    """The scorecard's working calendar and art. 203 option (for the deadlines of day limits)."""
    ws = getattr(card, "workspace", None)
    if ws is None:
        return None, False
    return ws.calendar(), bool(getattr(ws, "art203", False))


def _ids(d: pd.DataFrame, spec: dict, used=()) -> list[str]:
    """The record's id column(s) of a drill-down: the contract's key, else its first ``*_id`` column."""
    from .records import contracts

    kind = spec.get("records")
    ids = []
    if kind in contracts():
        ids = [c for c in (contracts()[kind].key or []) if c in d.columns and c != "window_id"]
    ids += [c for c in d.columns if c.endswith("_id") and c not in ("window_id", *ids) and c not in used
            and c != "measure"][:1] if not ids else []
    return ids


def narrow(d: pd.DataFrame, spec: dict, calendar=None, extend_to_workday: bool = False) -> pd.DataFrame:
    """:func:`explain` of a drill-down frame ``d`` already taken, for the measure ``spec`` (a catalog measure).

    A time limit gives each record its ``deadline`` and ``elapsed`` time: in minutes and hours, the instant the
    limit ran out; in days and working days, the last day of the limit (it ends at the end of that day; working
    days from ``calendar``, the scorecard's, and calendar days moved off a rest day when ``extend_to_workday``,
    the workspace's art. 203 option) and the (working) days counted after the day of receipt.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"order_id": ["7"], "window_id": ["PW01"], "received_at": pd.to_datetime(["2025-06-02 09:00"]),
    ...                   "arrived_at": pd.to_datetime(["2025-06-02 10:10"]), "note": ["x"],
    ...                   "passed": [False], "message": ["超过时限 45 分钟"]})
    >>> spec = {"records": "work_orders", "kernel": "time_limit", "clause_id": "power_window.10.2.5",
    ...         "params": {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"}}
    >>> narrow(d, spec)[["order_id", "deadline", "elapsed"]].astype(str).values.tolist()
    [['7', '2025-06-02 09:45:00', '70 分钟 min']]
    >>> from windoweval.calendar import WorkCalendar
    >>> d = pd.DataFrame({"order_id": ["8"], "window_id": ["PW01"], "received_at": pd.to_datetime(["2025-09-30 16:00"]),
    ...                   "completed_at": pd.to_datetime(["2025-10-15 10:00"]), "passed": [False], "message": ["x"]})
    >>> spec = {"records": "work_orders", "kernel": "time_limit", "clause_id": "power_window.10.2.2",
    ...         "params": {"start": "received_at", "end": "completed_at", "limit": 5, "unit": "working_days"}}
    >>> narrow(d, spec, calendar=WorkCalendar())[["deadline", "elapsed"]].astype(str).values.tolist()  # 国庆 off
    [['2025-10-14', '6 个工作日 working days']]
    """
    params = spec.get("params") or {}
    used = [v for v in params.values() if isinstance(v, str) and v in d.columns]
    used += [c for c in (spec.get("where") or {}) if c in d.columns]
    ids = _ids(d, spec, used)
    cols = list(dict.fromkeys([*ids, "window_id", *used]))
    out = d[[c for c in cols if c in d.columns]].copy()
    if spec.get("kernel") == "time_limit" and params.get("unit") in ("minutes", "hours") \
            and params.get("start") in d.columns and params.get("end") in d.columns:
        limit = pd.to_timedelta(params["limit"], unit="min" if params["unit"] == "minutes" else "h")
        out["deadline"] = d[params["start"]] + limit
        out["elapsed"] = _minutes_text((d[params["end"]] - d[params["start"]]).dt.total_seconds() / 60)
        _dates_alone_bounds(out, d[params["start"]], d[params["end"]], limit)
    elif spec.get("kernel") == "lead_time" and params.get("unit") in ("minutes", "hours") \
            and params.get("notice") in d.columns and params.get("event") in d.columns:
        # the latest the notice (a clock-in) could come, and how long after the event it came (a clock-out's
        # "notice" is the shift's end: the minutes it came before the shift ended)
        lead = pd.to_timedelta(params.get("min", 0), unit="min" if params["unit"] == "minutes" else "h")
        out["deadline"] = d[params["event"]] - lead
        out["elapsed"] = _minutes_text((d[params["notice"]] - d[params["event"]]).dt.total_seconds() / 60)
    elif spec.get("kernel") == "time_limit" and params.get("unit") in ("days", "working_days") \
            and params.get("start") in d.columns and params.get("end") in d.columns and len(d):
        out["deadline"], out["elapsed"] = _days(d[params["start"]], d[params["end"]], params, calendar,
                                                extend_to_workday)
    elif spec.get("kernel") == "cutoff" and params.get("start") in d.columns and params.get("rules"):
        # a same-day cut-off (检验 5(2): 9点30分前的标本当天14点30分): the due time of the rule the start falls under
        from .kernels.time import cutoff_deadlines
        sp = params.get("special")
        special = (d[sp].astype("boolean").fillna(False).to_numpy(dtype=bool) if sp and sp in d.columns else None)
        out["deadline"] = cutoff_deadlines(d[params["start"]], params["rules"], params.get("tolerance_minutes", 0),
                                           special, params.get("extended_minutes"))[0].to_numpy()
    out["passed"] = d["passed"].to_numpy()
    out["message"] = d["message"].to_numpy()
    out["clause_id"] = spec.get("clause_id", "")
    out["clause_zh"] = spec.get("text_zh", "")
    out["clause_en"] = spec.get("summary_en", "")
    return out.reset_index(drop=True)


def _dates_alone_bounds(out: pd.DataFrame, start: pd.Series, end: pd.Series, limit: pd.Timedelta) -> None:
    """``out``'s ``deadline`` and ``elapsed`` (a limit in minutes or hours) as far as a start or an end written as a
    date alone (:data:`windoweval.calendar.DATE_ONLY_NS`: anywhere in its day) says them, in place: the latest the
    deadline can be (``不晚于 / by``: the start's day ends, then the limit) and the least the time taken can be
    (``至少 / at least``: the end at its day's start, the start at its day's end), the other deadlines to the second;
    never the day's 00:00 and a nanosecond as if it were written (review44: the people's CSV of missed records read
    ``2025-03-03 00:45:00.000000001`` and 58 hours for a receipt dated 2025-03-03 and an arrival 2025-03-05 10:00).
    Nothing changed where no time is a date alone.

    Examples
    --------
    >>> from windoweval.calendar import DATE_ONLY_NS
    >>> s = pd.to_datetime(["2025-03-03 00:00", "2025-03-03 10:00"]) + pd.to_timedelta([DATE_ONLY_NS, 0], unit="ns")
    >>> e = pd.Series(pd.to_datetime(["2025-03-05 10:00", "2025-03-03 12:30"]))
    >>> o = pd.DataFrame({"deadline": pd.Series(s) + pd.Timedelta(minutes=45), "elapsed": ["", "2.5 小时 h"]})
    >>> _dates_alone_bounds(o, pd.Series(s), e, pd.Timedelta(minutes=45))
    >>> o.values.tolist()
    [['不晚于 / by 2025-03-04 00:45:00', '至少 / at least 34.0 小时 h'], ['2025-03-03 10:45:00', '2.5 小时 h']]
    """
    from .calendar import DATE_ONLY_NS, date_only

    sa = date_only(start.to_numpy(dtype="datetime64[ns]"))
    ea = date_only(end.to_numpy(dtype="datetime64[ns]"))
    if not (sa.any() or ea.any()):
        return
    day = 86_400 * 10**9
    # a start dated only: its day's end; an end dated only: its day's start
    s_last = start + pd.to_timedelta(sa.astype(np.int64) * (day - DATE_ONLY_NS), unit="ns").to_numpy()
    e_first = end - pd.to_timedelta(ea.astype(np.int64) * DATE_ONLY_NS, unit="ns").to_numpy()
    due = (s_last + limit).dt.strftime("%Y-%m-%d %H:%M:%S")
    out["deadline"] = due.mask(pd.Series(sa, index=due.index), "不晚于 / by " + due).to_numpy()
    least = (e_first - s_last).dt.total_seconds() / 60
    bound = pd.Series((sa | ea), index=least.index) & least.notna()
    if bound.any():
        out.loc[bound.to_numpy(), "elapsed"] = ("至少 / at least " + _minutes_text(least[bound])).to_numpy()


def _minutes_text(minutes: pd.Series) -> pd.Series:
    """Elapsed minutes as a reader sees them: rounded up, never to the nearest (45 min 01 s over a 45-minute limit
    reads 46, not 45: the limit it missed), in hours past two; before the start (a clock-in 8 minutes before the
    shift, against a limit of 10 minutes before it) as ``提前 8 分钟 / 8 min early``, never a minus sign (a cell
    starting with ``-`` is a formula to a spreadsheet: the export would prefix it with ``'``).

    Examples
    --------
    >>> _minutes_text(pd.Series([45.02, -8.0, 150.0, None])).tolist()
    ['46 分钟 min', '提前 8 分钟 / 8 min early', '2.5 小时 h', '—']
    """
    def one(m):
        if pd.isna(m):
            return numbers.MISSING
        up = math.ceil(m - 1e-9)
        if up < 0:
            return f"提前 {-up:.0f} 分钟 / {-up:.0f} min early"
        return f"{up:.0f} 分钟 min" if m < 120 else f"{math.ceil(m / 6 - 1e-9) / 10:.1f} 小时 h"

    return minutes.map(one)


def _days(start: pd.Series, end: pd.Series, params: dict, calendar, extend_to_workday: bool):
    """The last day of a limit in (working) days, as text, and the (working) days elapsed after the day of receipt
    (blank where the calendar does not reach, or the record has no end yet)."""
    from .calendar import CalendarError, WorkCalendar
    from .kernels.time import deadline_day

    working = params["unit"] == "working_days"
    start, end = pd.to_datetime(start).reset_index(drop=True), pd.to_datetime(end).reset_index(drop=True)
    try:
        cal = calendar or WorkCalendar()
        last = deadline_day(start, int(params["limit"]), working, cal, bool(extend_to_workday))
        deadline = last.dt.strftime("%Y-%m-%d").astype(object).where(last.notna(), numbers.MISSING)
        if working:
            n = pd.Series(cal.workdays_between(start, end.fillna(start)))
            label = "个工作日 working days"
        else:
            n = (end.dt.normalize() - start.dt.normalize()).dt.days.astype(float)
            label = "天 days"
    except CalendarError:
        return numbers.MISSING, numbers.MISSING
    n = n.where(end.notna().to_numpy())
    elapsed = n.map(lambda v: numbers.MISSING if pd.isna(v) else f"{v:.0f} {label}")
    return deadline.to_numpy(), elapsed.to_numpy()


def _unit_keys(d: pd.DataFrame) -> list[str]:
    """The key columns of a unit measure's drill-down rows (those before ``passed``: the unit's index, as the
    scorecard writes it), the window left out; [] for a frame without ``passed``.

    Examples
    --------
    >>> _unit_keys(pd.DataFrame(columns=["window_id", "hour", "passed", "measure"]))
    ['hour']
    """
    cols = list(d.columns)
    return [c for c in cols[:cols.index("passed")] if c != "window_id"] if "passed" in cols else []


def _key_text(s: pd.Series) -> pd.Series:
    """A key column as text for :func:`missed_for_people`'s ``record``: whole numbers without ``.0`` (an hour slot
    read back as a float), a missing value as ``""``.

    Examples
    --------
    >>> _key_text(pd.Series([7.0, None, 12.0])).tolist()
    ['7', '', '12']
    """
    if pd.api.types.is_float_dtype(s.dtype):
        v = s.to_numpy(dtype=float, na_value=np.nan)
        ok = np.isnan(v) | (v == np.round(v))
        if ok.all():
            s = pd.Series(pd.array(np.where(np.isnan(v), 0, v).astype("int64"), dtype="Int64"), index=s.index
                          ).mask(np.isnan(v))
    return s.astype("string").fillna("")


#: The columns of :func:`missed_for_people`.
MISSED_COLUMNS = ["measure", "clause_id", "window_id", "record", "deadline", "elapsed", "message", "clause_zh"]

#: The columns of :func:`missed_for_people` the program writes itself from typed values (a time limit's deadline from
#: a typed time, its elapsed time from two, in the program's words; a value a drill-down's own column of that name
#: gave, masked there): the people's CSV scans them for no personal data (:func:`windoweval.exports.write_csv`).
MISSED_WRITTEN = ("deadline", "elapsed")


def missed_for_people(card, frames, rows: int) -> pd.DataFrame:
    """The first ``rows`` missed records of a scorecard as one narrow table a reader can follow: which measure and
    clause, which window, which record (``order_id=…``), its deadline and elapsed time (time limits) and why.

    ``frames`` are the scorecard's drill-downs, one per failed measure (as ``windoweval score`` takes them); each
    measure gives an equal share of the ``rows`` (its first records), so every failed measure is seen; only those
    rows are explained.  Columns: :data:`MISSED_COLUMNS`.

    Examples
    --------
    >>> import windoweval as we
    >>> card = we.score("power_window", year=2025)
    >>> t = missed_for_people(card, [card.drilldown("power_window.10.2.5").assign(measure="power_window.10.2.5")], 2)
    >>> list(t.columns) == MISSED_COLUMNS, len(t), bool(t["record"].str.startswith("order_id=").all())
    (True, 2, True)
    """
    frames = [f for f in frames if len(f)]
    cal = _calendar_of(card) if frames else (None, False)
    parts, left, share = [], int(rows), max(1, int(rows) // max(1, len(frames)))
    for f in frames:
        if left <= 0:
            break
        mid = f["measure"].iloc[0]
        spec = card._masks[mid][2] if mid in card._masks else {}
        head = f.head(min(left, share))
        n = narrow(head, spec, *cal)
        ids = _ids(head, spec)
        if not ids or all(head[k].isna().all() for k in ids):
            # no record behind these rows: the units a unit measure judged (an hour slot, a day, a promise), named by
            # their own key (hour=7), never left blank (a reader could not tell one missed hour from another)
            ids = _unit_keys(head) or ids
        rec = pd.Series("", index=n.index, dtype="string")
        for k in ids:   # the key's columns, a handful: "order_id=WO1" or "visit_id=V3; item=queue"
            part = k + "=" + _key_text(n[k] if k in n else head[k])
            rec = part if k == ids[0] else rec + "; " + part
        t = pd.DataFrame({"measure": mid, "clause_id": n["clause_id"], "window_id": n["window_id"], "record": rec,
                          "deadline": n["deadline"].astype("string") if "deadline" in n else "",
                          "elapsed": n["elapsed"] if "elapsed" in n else "", "message": n["message"],
                          "clause_zh": n["clause_zh"]})
        data = [c for c in MISSED_WRITTEN if c in head]
        if data:   # a column of the records' own under that name (not a time limit's): text from data, masked here
            from .privacy import mask_text

            t = t.assign(**{c: mask_text(t[c].astype("string")) for c in data})
        parts.append(t)
        left -= len(t)
    return pd.concat(parts, ignore_index=True)[MISSED_COLUMNS] if parts else pd.DataFrame(columns=MISSED_COLUMNS)
