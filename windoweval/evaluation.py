"""The annual evaluation: every standard scored for a year, the windows ranked, compared with a baseline year.

年度评价:按全部标准对各窗口计分、排名,并与基准年比较。

This is what the ``annual_evaluation`` notebook shows and the report's index
headlines; the notebook only charts it.

Examples
--------
>>> select_windows(pd.DataFrame({"window_id": ["PW01", "HBIL"], "kind": ["power_hall", "hospital_billing"]}),
...                ["power_hall"])["window_id"].tolist()
['PW01']
>>> select_windows(pd.DataFrame({"window_id": ["PW01"], "kind": ["power_hall"]}), "PW01,PW1")
Traceback (most recent call last):
...
windoweval.evaluation.UnknownWindow: 未知的窗口或窗口类型 / unknown window(s) or kind(s): PW1 (是否为 / did you mean: PW01)
"""
from __future__ import annotations

import contextlib
import shlex
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import paths
from .errors import InputError, UsageError, notes_once
from .numbers import rounded
from .records import contracts
from .scoring import Scorecard
from .scoring import score as _score
from .summaries import counted, other_years_said, records_missing

__all__ = ["Evaluation", "evaluate", "score", "verdicts_by_standard", "BY_STANDARD_VERDICTS", "UnknownWindow", "check_year", "as_year", "select_windows", "parse_windows", "survey_responses", "survey_instrument", "years_covered", "other_years", "other_years_said", "other_year_counts", "other_years_words",
           "covered_years", "covered_of", "kind_year_counts", "NoRecords"]


class UnknownWindow(UsageError, ValueError):
    """A window id or kind that the workspace does not have (exit 2); the message suggests the nearest names.

    Examples
    --------
    >>> try:
    ...     select_windows(pd.DataFrame({"window_id": ["PW01", "PW02"], "kind": ["power_hall"] * 2}), ["PW03"])
    ... except UnknownWindow as e:
    ...     print(e.exit_code)
    2
    """


def _nearest(name: str, choices) -> str:
    """``是否为 / did you mean: a, b`` (difflib's nearest names), or every name when none is near."""
    import difflib

    choices = sorted(str(c) for c in choices)
    close = difflib.get_close_matches(str(name), choices, n=3, cutoff=0.5)
    if close:
        return "是否为 / did you mean: " + ", ".join(close)
    return "可选 / choose from: " + ", ".join(choices)


@notes_once()       # a read note said once in a call (tidy45), the years' check and the scoring reading alike
def score(standard=None, year: int | None = None, data=None, **kw) -> Scorecard:
    """:func:`windoweval.scoring.score`, for analysts: a misspelt standard suggests the nearest ids, and a year
    the data holds no records for is refused (:class:`NoRecords`) instead of being scored from stray records.

    Examples
    --------
    >>> score("power_windw", year=2025)
    Traceback (most recent call last):
    ...
    windoweval.catalog.UnknownName: 没有标准 power_windw / no standard power_windw; 是否为 / did you mean: power_window
    >>> score("power_window", year=2031)
    Traceback (most recent call last):
    ...
    windoweval.evaluation.NoRecords: 数据中没有 2031 年的任何记录;数据覆盖 2024–2025 (...) / the data holds no records for 2031; it covers 2024–2025 (...); give one of those years (--year)
    """
    from .catalog import UnknownName, load_catalog
    from .records.shared import shared_reads

    year = as_year(year)
    if standard is not None:
        known = load_catalog().standards
        for s in [standard] if isinstance(standard, str) else list(standard):
            if s not in known:
                raise UnknownName(f"没有标准 {s} / no standard {s}; {_nearest(s, known)}")
    # a year: each records file read once for the scoring and the year's check, as evaluate() (no year: one read,
    # no scope to keep its frames in)
    with shared_reads() if year is not None else contextlib.nullcontext():
        ws = None
        if year is not None:
            from .records.workspace import load_workspace

            ws = kw.get("workspace") or load_workspace(data)
            check_kinds(ws)
        card = _score(standard, year=year, data=data, **kw)
        if year is not None:   # the records of other years left out, said by the card's repr (as `score --year` says)
            counts = read_year_counts(card, year, data, ws, kw.get("records"))
            card.other_year_counts = other_year_counts(year, counts=counts, kinds=_kinds_read(card))
    return card


def read_year_counts(card, year: int, data=None, workspace=None, handed: dict | None = None) -> dict:
    """``{kind: {year: records}}`` (:func:`kind_year_counts`) of the kinds ``card``'s measures read, after a
    :class:`NoRecords` check of ``year``: the year is refused only when no kind of the data holds it, and every kind
    is counted only then (a year the kinds read hold passes at once).  Counted after the scoring, in its scope of
    shared reads (each file read whole is not read again), as ``windoweval score`` counts them: another kind's files
    (a CSV folder's complaints under ``power_window``) had their date columns read for nothing, and a line of their
    other years was said (msgs46).  ``handed``: records given to the scorer (``{kind: DataFrame}``), counted as the
    data's own (the year's filter's rule, :meth:`~windoweval.records.contract.Contract.year_counts`).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> card = score("power_window", 2025, data=tiny_data_dir())
    >>> read_year_counts(card, 2025, tiny_data_dir())        # two work orders, 2024 and 2025
    {'work_orders': {2024: 1, 2025: 1}}
    >>> read_year_counts(card, 2031, tiny_data_dir())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    windoweval.evaluation.NoRecords: 数据中没有 2031 年的任何记录...
    """
    kinds = _kinds_read(card)

    def counted(which):
        counts = kind_year_counts(data, workspace, which)
        covered = covered_of(counts)
        for kind, df in (handed or {}).items():   # records handed in count as the data's own
            c = contracts().get(kind)
            if (which is None or kind in which) and c is not None and c.period is not None and c.period in df \
                    and len(df):
                got = c.year_counts(df)   # the one rule (year_of), as the year's filter keeps them
                covered[kind] = sorted({*covered.get(kind, []), *got})
                counts[kind] = got        # what this kind's scorecard reads: its other years are these
        return counts, covered

    counts, covered = counted(kinds)
    if int(year) not in covered_years(covered):
        check_year(year, covered=counted(None)[1])   # every kind: refused only when none holds the year
    return counts


def _kinds_read(card, measures=None) -> set:
    """The records kinds a scorecard's measures read (of ``measures`` only, when given: one standard's of a card of
    several)."""
    plan = getattr(card, "_plan", None) or {}
    return {it.kind for m, it in plan.items() if measures is None or m in measures}


class NoRecords(InputError):
    """No records at all for the year asked for (exit 3): the message names the year and the years the data covers.

    Examples
    --------
    >>> try:
    ...     check_year(2031, covered={"work_orders": [2024, 2025]})
    ... except NoRecords as e:
    ...     print(e.exit_code, "2031" in str(e))
    3 True
    """


def years_covered(data=None, workspace=None) -> dict[str, list[int]]:
    """``{records kind: [years]}``: the years each records file of the data directory holds records for, by the year
    filter's own rule (:meth:`~windoweval.records.contract.Contract.year_of`: the filing year, else the year the clock
    started), from :func:`kind_year_counts`, the one source of which years a kind holds.

    A work order filed on 31 December 2024 and received in 2025 is 2024's here as in every year's read (years45:
    the clock-start years alone refused ``score --year 2024`` on a store whose 2024 orders were all received in 2025).
    A file that is refused raises as it would when scored.

    Examples
    --------
    >>> years_covered()["work_orders"]
    [2024, 2025]
    """
    from .records.workspace import load_workspace

    ws = workspace or load_workspace(data)
    check_kinds(ws)        # where every command reads the workspace: a window no standard applies to is refused
    return covered_of(kind_year_counts(data, ws))


def covered_of(counts: dict[str, dict[int, int]]) -> dict[str, list[int]]:
    """``{kind: [years]}`` of :func:`kind_year_counts` (``{kind: {year: records}}``): the years with a record, the
    kinds with a year.

    Examples
    --------
    >>> covered_of({"work_orders": {2024: 3, 2025: 0, 2026: 1}, "complaints": {}})
    {'work_orders': [2024, 2026]}
    """
    out = {k: sorted(int(y) for y, n in ns.items() if n) for k, ns in counts.items()}
    return {k: ys for k, ys in out.items() if ys}


def kind_year_counts(data=None, workspace=None, kinds=None) -> dict[str, dict[int, int]]:
    """``{records kind: {year: records}}``: how many records of each year each kind of the data directory (of
    ``kinds``; every kind when None) holds, exactly as a year's read keeps them
    (:meth:`~windoweval.records.contract.Contract.rows_of_year`, :func:`~windoweval.records.store.year_filter`: the
    filing year, else the clock-start year).  The one source of which years a kind holds: :func:`years_covered`,
    :func:`check_year`, :func:`other_year_counts`, the scorecard's ``other_year_counts`` and the report's checks take
    theirs from here.

    A file read whole in the open scope of shared reads is not read again (its counts were noted as it was read); a
    store dataset is counted from its files' metadata, reading the filing column only where that cannot say
    (:func:`windoweval.records.store.year_counts`); any other file is read, only the columns that date a record.

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> kind_year_counts(tiny_data_dir())   # two work orders, 2024 and 2025
    {'work_orders': {2024: 1, 2025: 1}}
    """
    from .records import find_files, read_records
    from .records.read import year_counts_read
    from .records.store import is_validated
    from .records.store import year_counts as store_counts
    from .records.workspace import load_workspace

    ws = workspace or load_workspace(data)
    mapping = ws.mapping()
    d = paths.data_dir(data)
    out = {}
    for kind, c in contracts().items():
        if not c.period or (kinds is not None and kind not in kinds):
            continue
        found = find_files(kind, d, mapping.get(kind))   # the file read_records would read
        if not found:
            continue
        counts = year_counts_read(kind, data, mapping.get(kind))   # read whole in this scope already: noted
        if counts is None and found[0].is_dir() and is_validated(found[0], kind):
            counts = store_counts(kind, found[0])
        if counts is None:   # read: the columns that date a record (and a dialogue's turns), the file as scored
            cols = [x for x in dict.fromkeys([*(c.periods or (c.period,)),
                                              *(["speaker", "turn", *c.key] if "speaker" in c.columns else [])])
                    if x in c.columns]
            counts = c.year_counts(read_records(kind, data, columns=cols, mapping=mapping.get(kind)))
        counts = {int(y): int(n) for y, n in sorted(counts.items()) if n}
        if counts:
            out[kind] = counts
    return out


def known_kinds() -> list[str]:
    """The window kinds some standard's measures apply to (``kind`` in ``windoweval.toml`` is one of them).

    Examples
    --------
    >>> "power_hall" in known_kinds(), "power_hal" in known_kinds()
    (True, False)
    """
    from .catalog import load_catalog

    return load_catalog().window_kinds()


def check_kinds(workspace) -> None:
    """Refuse (exit 3) a workspace window whose ``kind`` no standard applies to: its records would be scored
    nowhere and vanish from every page (a typo such as ``power_hal``).  The message names the window, the kind,
    the nearest kinds and the fix.

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东", "kind": "power_hal"}]})
    >>> check_kinds(ws)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: windoweval.toml: 窗口 PW01 的 kind = 'power_hal' 不是任何标准适用的窗口类型...
    """
    from .catalog import load_catalog

    load_catalog().check_kinds(workspace)   # the one check (score() makes it too, against its own catalog)


def covered_years(covered: dict[str, list[int]]) -> list[int]:
    """The years any records kind of :func:`years_covered` holds.

    Examples
    --------
    >>> covered_years({"work_orders": [2024, 2025], "complaints": [2025, 2026], "outages": []})
    [2024, 2025, 2026]
    """
    return sorted({y for ys in covered.values() for y in ys})


def describe_coverage(covered: dict[str, list[int]]) -> str:
    """``2024–2025 (work_orders 2024–2025, …)`` for a message."""
    def span(ys):
        return f"{ys[0]}–{ys[-1]}" if len(ys) > 1 and ys[-1] - ys[0] == len(ys) - 1 else ", ".join(map(str, ys))
    years = covered_years(covered)
    if not years:
        return "无 / none"
    if all(v == years for v in covered.values()):
        return f"{span(years)} ({len(covered)} 类记录 / kinds of records)"
    return f"{span(years)} (" + ", ".join(f"{k} {span(v)}" for k, v in covered.items()) + ")"


def other_years(covered: dict[str, list[int]], year: int, kinds=None) -> dict[str, list[int]]:
    """``{records kind: [years]}``: the years other than ``year`` that each kind of ``covered`` (of ``kinds``, those a
    scorecard read; every kind when None) holds records for.  A year's scorecard leaves those records out, as it
    should; this says they were there, so that a row of 2024 in a 2025 export is never left out unsaid (newuser44,
    newuser44b: the records of another year had been dropped without a word).

    Examples
    --------
    >>> other_years({"work_orders": [2024, 2025], "complaints": [2025]}, 2025)
    {'work_orders': [2024]}
    >>> other_years({"work_orders": [2024, 2025], "complaints": [2026]}, 2025, kinds={"complaints"})
    {'complaints': [2026]}
    """
    return {k: [y for y in ys if y != int(year)] for k, ys in covered.items()
            if (kinds is None or k in kinds) and any(y != int(year) for y in ys)}


def other_year_counts(year: int, data=None, workspace=None, kinds=None, counts=None) -> dict[str, dict[int, int]]:
    """``{records kind: {year: records}}``: how many records of each year other than ``year`` each kind (of ``kinds``,
    those a scorecard read; every kind when None) holds, exactly as a year's read leaves them out: of
    :func:`kind_year_counts` (``counts``, when the caller has them already).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> other_year_counts(2025, tiny_data_dir())   # two work orders, one of 2024
    {'work_orders': {2024: 1}}
    >>> other_year_counts(2025, counts={"work_orders": {2024: 2, 2025: 5}, "complaints": {2025: 1}})
    {'work_orders': {2024: 2}}
    """
    counts = counts if counts is not None else kind_year_counts(data, workspace, kinds)
    out = {}
    for kind, ns in counts.items():
        if kinds is not None and kind not in kinds:
            continue
        others = {int(y): int(n) for y, n in sorted(ns.items()) if int(y) != int(year) and n}
        if others:
            out[kind] = others
    return out


def other_years_words(others: dict[str, dict[int, int]], baseline_year: int | None = None) -> dict[str, str]:
    """:func:`other_year_counts` in a reader's words, ``{"zh": …, "en": …}``: each year (the baseline year marked as
    such: its records are compared with, not scored in, the year's scorecard), the kinds of records by their names and
    how many records of each.  The annual report's page says it (``annual.other_years``).

    Examples
    --------
    >>> w = other_years_words({"work_orders": {2024: 12}, "complaints": {2024: 1, 2026: 2}}, baseline_year=2024)
    >>> print(w["zh"])
    2024 年(基准年):业务工单 12 条、客户诉求 1 条;2026 年:客户诉求 2 条
    >>> print(w["en"])
    2024 (the baseline year): work orders 12 records, customer cases 1 record; 2026: customer cases 2 records
    """
    import re

    by_year: dict[int, list] = {}
    for kind, ns in others.items():
        c = contracts().get(kind)
        zh = re.split(r"[(（]", c.zh)[0].strip() if c is not None else kind
        en = re.split(r"\s*\(", c.en)[0].strip() if c is not None else kind
        for y, n in ns.items():
            by_year.setdefault(int(y), []).append((zh, en[:1].lower() + en[1:] if en[:2] != en[:2].upper() else en,
                                                   int(n)))
    base = int(baseline_year) if baseline_year is not None else None
    zh = ";".join(f"{y} 年{'(基准年)' if y == base else ''}:" + "、".join(f"{a} {n} 条" for a, _, n in kn)
                  for y, kn in sorted(by_year.items()))
    en = "; ".join(f"{y}{' (the baseline year)' if y == base else ''}: "
                   + ", ".join(f"{b} {n} record{'s' if n != 1 else ''}" for _, b, n in kn)
                   for y, kn in sorted(by_year.items()))
    return {"zh": zh, "en": en}


def as_year(value, name: str = "year"):
    """A year handed to :func:`score` or :func:`evaluate` as an integer (an ``int``, a NumPy integer, the digits of one
    as text, ``2025.0``); anything else is refused (:class:`~windoweval.errors.UsageError`, exit 2) naming the value and
    the fix.  ``None`` stays None (no year: every year the records hold).

    A year of ``2025.5`` had been scored as 2025, ``True`` as the year 1 and ``"2025; import os"`` ended in ``int()``'s
    bare ``ValueError``: a parameter is data, checked as such.

    Examples
    --------
    >>> as_year("2025"), as_year(2025.0), as_year(None)
    (2025, 2025, None)
    >>> as_year(2025.5)
    Traceback (most recent call last):
    ...
    windoweval.errors.UsageError: year 的值 2025.5 不是年份（整数）;请写成 year=2025 / year: 2025.5 is not a year (an integer); write year=2025
    """
    from .years import YEARS, recognise_year

    if value is None:
        return None
    ok = recognise_year(value)   # the one recogniser, the notebooks' parameters' too
    if ok is None or ok not in YEARS:
        shown = repr(value) if isinstance(value, str) else str(value)
        raise UsageError(f"{name} 的值 {shown[:80]} 不是年份（整数）;请写成 {name}=2025 / {name}: {shown[:80]} is not a "
                         f"year (an integer); write {name}=2025")
    return ok


def check_year(year: int, data=None, workspace=None, covered=None) -> dict[str, list[int]]:
    """:func:`years_covered`, or :class:`NoRecords` when no records kind holds ``year``.

    Examples
    --------
    >>> check_year(2031)
    Traceback (most recent call last):
    ...
    windoweval.evaluation.NoRecords: 数据中没有 2031 年的任何记录;数据覆盖 2024–2025 (...) / the data holds no records for 2031; it covers 2024–2025 (...); give one of those years (--year)
    """
    covered = covered if covered is not None else years_covered(data, workspace)
    if int(year) not in covered_years(covered):
        where = describe_coverage(covered)
        raise NoRecords(f"数据中没有 {int(year)} 年的任何记录;数据覆盖 {where} / the data holds no records for "
                        f"{int(year)}; it covers {where}; give one of those years (--year)")
    return covered


def parse_windows(windows) -> list[str] | None:
    """``None``, a list, or a comma-separated string (as a command line gives it) → a list of ids, or None.

    Examples
    --------
    >>> parse_windows("PW01, PW02,"), parse_windows(["PW01"]), parse_windows(None)
    (['PW01', 'PW02'], ['PW01'], None)
    """
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

    Examples
    --------
    >>> frame = pd.DataFrame({"window_id": ["PW01", "PW02", "HBIL"], "kind": ["power_hall", "power_hall", "hospital_billing"]})
    >>> select_windows(frame, "hospital_billing,PW02")["window_id"].tolist()
    ['PW02', 'HBIL']
    >>> len(select_windows(frame, None))
    3
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
        raise UnknownWindow("未知的窗口或窗口类型 / unknown window(s) or kind(s): " + "; ".join(
            f"{w} ({_nearest(w, ids | kinds)})" for w in unknown))
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

    Examples
    --------
    >>> import tempfile
    >>> survey_responses(2025, "power_hall", store_dir=tempfile.mkdtemp())
    (None, '')
    """
    from .survey import store

    if store_dir is None and data is not None:
        store_dir = data  # the survey store lives in the workspace (issue 12)
    sid = _stored_survey(year, instrument, store_dir)
    if sid is not None:
        return store.load_responses(sid, store_dir=store_dir), "store"
    return None, ""


def survey_instrument(year: int, instrument: str, data=None, store_dir=None):
    """The instrument the store's ``instrument`` survey of ``year`` was imported with (its copy kept in the store:
    an organisation's own instrument file, its labels and weights as they were), else the bundled ``instrument``.

    The responses :func:`survey_responses` reads were checked against that copy, so the year's estimates and the
    report's labels read it too, never the bundled file of the same id.

    Examples
    --------
    >>> import tempfile
    >>> survey_instrument(2025, "power_hall", store_dir=tempfile.mkdtemp()).path.name
    'power_hall.yaml'
    """
    from .survey import load_instrument, store

    if store_dir is None and data is not None:
        store_dir = data
    sid = _stored_survey(year, instrument, store_dir)
    return load_instrument(instrument) if sid is None else store.load_survey_instrument(sid, store_dir=store_dir)


def _stored_survey(year: int, instrument: str, store_dir) -> str | None:
    """The store's one survey id of ``instrument`` and ``year`` (None: none; refused: more than one)."""
    from .survey import store

    try:
        s = store.list_surveys(store_dir=store_dir)
    except FileNotFoundError:
        s = pd.DataFrame(columns=["survey", "instrument", "year"])
    s = s[(s["instrument"] == instrument) & (pd.to_numeric(s["year"], errors="coerce") == int(year))]
    if len(s) > 1:   # a store filled before imports refused a second id: never pick one silently
        ids = [str(x) for x in s["survey"]]
        where = f" --store {shlex.quote(str(store_dir))}" if store_dir else ""
        rm = "; ".join(f"`windoweval survey remove {shlex.quote(i)}{where}`" for i in ids[1:])
        raise InputError(
            f"数据仓中问卷 {instrument} 的 {year} 年调查有 {len(ids)} 个编号（{'、'.join(ids)}），无法确定年度评价用哪一个。"
            f"请只保留一个：把要用的交付文件以 `windoweval survey import 文件 --instrument {instrument} --year {year} "
            f"--survey {ids[0]} --replace` 导入，并删去其他编号：{rm} / "
            f"the store holds {len(ids)} survey ids for instrument {instrument} and year {year} ({', '.join(ids)}), so "
            f"the year's evaluation cannot tell which to read. Keep one: import the delivery wanted with "
            f"`windoweval survey import FILE --instrument {instrument} --year {year} --survey {ids[0]} --replace`, "
            f"and remove the other ids: {rm}")
    return str(s["survey"].iloc[0]) if len(s) else None


@dataclass
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    ranking : DataFrame
        One row per window, best first: ``rank``, ``window_id``, ``window_name``,
        ``kind``, ``score``, ``baseline_score``, ``change``, ``passed``,
        ``failed``, ``insufficient``, ``open``, ``no_data`` (its measures by
        verdict), ``evidence``.
    by_standard : DataFrame
        Per standard: ``standard``, ``title_zh``, ``title_en``, ``pass``,
        ``fail``, ``insufficient``, ``open``, ``no_data`` (window × measure
        cells by verdict; cells only reported, not scored, are not counted),
        ``met_share`` (``pass`` over ``pass`` + ``fail``).
    missed : DataFrame
        Every window × measure below its target, worst first.
    headlines : dict
        ``windows``, ``mean_score``, ``mean_change``, ``met_share``, ``failed``,
        ``no_data``, ``top_window`` (the best window named in each language: ``{"zh": …, "en": …}``).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "windoweval.toml").write_text('name = "示例"\\n[[windows]]\\nid = "PW01"\\nname = "城东营业厅"\\n'
    ...                                        'name_en = "East City hall"\\n'
    ...                                        'kind = "power_hall"\\n', encoding="utf-8")
    >>> _ = (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\\n"
    ...     "1,PW01,fault_repair,2024-06-01 18:00,2024-06-01 18:20\\n"
    ...     "2,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\\n"
    ...     "3,PW01,fault_repair,2025-06-02 09:00,2025-06-02 11:00\\n", encoding="utf-8")
    >>> ev = evaluate(2025, data=d, baseline_year=2024, standards="power_window")
    >>> ev.ranking[["window_id", "score", "baseline_score", "change"]].to_dict("records")
    [{'window_id': 'PW01', 'score': 0.0, 'baseline_score': 3.5, 'change': -3.5}]
    >>> ev.headlines["windows"], ev.headlines["top_window"], ev.baseline_missing
    (1, {'zh': '城东营业厅 (PW01)', 'en': 'East City hall (PW01)'}, None)
    """

    year: int
    baseline_year: int | None
    card: Scorecard
    baseline: Scorecard | None
    ranking: pd.DataFrame
    by_standard: pd.DataFrame
    missed: pd.DataFrame
    headlines: dict = field(default_factory=dict)
    #: the baseline year asked for when the data holds no records for it (no comparison was made)
    baseline_missing: int | None = None
    #: ``{records kind: [years]}`` the data covers (:func:`years_covered`)
    covered: dict = field(default_factory=dict)

    def __repr__(self) -> str:   # a summary, not every table in full (windoweval.summaries)
        from .summaries import evaluation_text
        return evaluation_text(self)

    def _repr_html_(self) -> str:
        from .summaries import evaluation_html
        return evaluation_html(self)

    def organisation(self, language: str = "zh") -> str:
        """The organisation's name in ``language`` (its Chinese name when it has no English one)."""
        ws = self.card.workspace
        return ws.name if language == "zh" else (ws.name_en or ws.name)


def _named_window(row, ws) -> dict:
    """``{"zh": "城东营业厅 (PW01)", "en": "East City hall (PW01)"}``: a window named in each language (the workspace's
    ``name_en``; its Chinese name where it has none), as a headline value :func:`windoweval.present.headlines` shows
    in each language."""
    wid = str(row["window_id"])
    en = ws.windows.loc[ws.windows["window_id"].astype(str) == wid, "name_en"]
    en = str(en.iloc[0]).strip() if len(en) and pd.notna(en.iloc[0]) else ""
    return {"zh": f"{row['window_name']} ({wid})", "en": f"{en or row['window_name']} ({wid})"}


def _records_by_year(standards, ws, data, years: list[int]) -> dict[int, dict]:
    """``{year: {kind: records}}`` for the kinds the standards' measures read whose file holds every year."""
    from .catalog import load_catalog
    from .engine import read_years
    from .scoring import plan_measures

    plan = plan_measures(standards, ws, load_catalog())
    # a kind some measure of which looks across the year's edge (its kernel's reach) is left to the engine, which
    # reads the next or previous year's rows near the edge with the year's (windoweval.engine.edges)
    reach = {it.kind for it in plan if it.kernel.reach is not None}
    kinds = dict.fromkeys(it.kind for it in plan if it.kind not in reach)
    mapping = ws.mapping()
    out: dict[int, dict] = {y: {} for y in years}
    for kind in kinds:
        split = read_years(kind, data, years, mapping.get(kind))
        for y, df in (split or {}).items():
            out[y][kind] = df
    return out


def evaluate(year: int, data=None, baseline_year: int | None = None, windows=None,
             standards=None, scheduler=None, covered: dict | None = None) -> Evaluation:
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
        The year to compare with (no comparison when None).  A baseline year
        without any records gives no comparison (``baseline_missing`` says
        so; baseline scores and changes stay missing, never 0).
    windows : list or comma-separated str, optional
        Window ids or kinds to keep (all by default).
    standards : str or list, optional
        Standard ids (all by default).
    scheduler : optional
        Score on Dask (see :func:`windoweval.scoring.score`, docs/scale.md);
        None (default): pandas in this process.
    covered : dict, optional
        :func:`years_covered` of ``data`` when the caller has it already (it is read otherwise).

    Raises :class:`NoRecords` (exit 3) when the data holds no records for ``year``.

    Examples
    --------
    >>> ev = evaluate(2025, baseline_year=2031)
    >>> ev.baseline is None, ev.baseline_missing, ev.headlines["mean_change"], bool(ev.ranking["change"].isna().all())
    (True, 2031, None, True)
    """
    from .records.shared import shared_reads

    year = as_year(year)
    if year is None:
        raise UsageError("evaluate 需要评价年度 year（整数，如 2025） / evaluate needs the year evaluated (an integer, "
                         "such as 2025)")
    baseline_year = as_year(baseline_year, "baseline_year")
    with shared_reads():        # each records file read and validated once for the years and the checks
        return _evaluate(year, data, baseline_year, windows, standards, scheduler, covered)


#: The verdicts counted per standard in :attr:`Evaluation.by_standard`, in order: every verdict a scored
#: window × measure cell can have (a cell only reported beside another is not scored), so none goes unseen.
BY_STANDARD_VERDICTS = ("pass", "fail", "insufficient", "open", "no_data")


def verdicts_by_standard(results: pd.DataFrame, standards: dict, catalog=None) -> pd.DataFrame:
    """Count a scorecard's window × measure cells by verdict, one row per standard.

    Every verdict a scored cell can have has its column (:data:`BY_STANDARD_VERDICTS`), so a cell of
    insufficient evidence or an open one is counted where the reader sees it, never left out of the table;
    a cell only reported beside another (verdict ``report``) is not scored and not counted.

    Parameters
    ----------
    results : DataFrame
        :attr:`windoweval.scoring.Scorecard.results` (or rows of it): ``standard`` and ``verdict``.
    standards : dict
        The catalog's standards by id (``title_zh`` and ``title_en`` are taken from each).

    Returns
    -------
    DataFrame
        ``standard``, ``title_zh``, ``title_en``, one count per verdict of :data:`BY_STANDARD_VERDICTS`,
        ``fail_missing_evidence`` (the records missing evidence in the failed cells: a fail stands on the records
        assessed, and a reader sees beside it how many could not be), ``met_share`` (``pass`` over ``pass`` +
        ``fail``, NaN when neither), sorted by standard.

    Examples
    --------
    >>> res = pd.DataFrame({"standard": ["s"] * 5, "verdict": ["pass", "pass", "insufficient", "open", "report"]})
    >>> verdicts_by_standard(res, {"s": {"title_zh": "标准", "title_en": "Standard"}}).iloc[0].to_dict()
    {'standard': 's', 'title_zh': '标准', 'title_en': 'Standard', 'pass': 2, 'fail': 0, 'insufficient': 1, \
'open': 1, 'no_data': 0, 'fail_missing_evidence': 0, 'met_share': 1.0}
    """
    results = counted(results)   # a clause's unused alternative measure (no records, another has them): not a cell
    counts = (results.groupby(["standard", "verdict"]).size().unstack(fill_value=0)
              .reindex(columns=list(BY_STANDARD_VERDICTS), fill_value=0))
    by_std = counts.reset_index()
    by_std.insert(1, "title_zh", by_std["standard"].map(lambda s: standards[s].get("title_zh", "")))
    by_std.insert(2, "title_en", by_std["standard"].map(lambda s: standards[s].get("title_en", "")))
    if "missing_evidence" in results and len(results):
        # records missing evidence in the failed cells (records only, not a unit measure's promise occurrences)
        fm = (records_missing(results, catalog).where(results["verdict"] == "fail", 0).groupby(results["standard"]).sum())
        by_std["fail_missing_evidence"] = by_std["standard"].map(fm).fillna(0).astype("int64")
    else:
        by_std["fail_missing_evidence"] = 0
    decided = by_std["pass"] + by_std["fail"]
    by_std["met_share"] = (by_std["pass"] / decided.where(decided > 0)).round(4)
    by_std = by_std.sort_values("standard").reset_index(drop=True)
    by_std.columns.name = None
    return by_std


def _evaluate(year, data, baseline_year, windows, standards, scheduler, covered) -> Evaluation:
    from .records.workspace import load_workspace

    ws = load_workspace(data)
    select_windows(ws.windows, windows)          # an unknown window stops here, before any scoring
    counts = None
    if covered is None:   # the years from the records' counts, kept for the other years' line below
        check_kinds(ws)
        counts = kind_year_counts(data, ws)
        covered = covered_of(counts)
    covered = check_year(year, data, ws, covered)   # a year without any records is refused, never scored as zeros
    baseline_missing = None
    if baseline_year and int(baseline_year) not in covered_years(covered):
        baseline_missing, baseline_year = int(baseline_year), None     # "no baseline", never a baseline of 0
    years = [int(year)] + ([int(baseline_year)] if baseline_year else [])
    records = _records_by_year(standards, ws, data, years) if len(years) > 1 and scheduler is None else {}
    card = _score(standards, year=int(year), data=data, workspace=ws, records=records.get(int(year)),
                 scheduler=scheduler)
    base = _score(standards, year=int(baseline_year), data=data, workspace=ws, records=records.get(int(baseline_year)),
                 scheduler=scheduler) if baseline_year else None
    # the records of other years the year's scorecard left out (the baseline year's among them: compared with, not
    # scored in, the year's), counted once: noted as they were read in this scope of shared reads, a store's metadata
    card.other_year_counts = other_year_counts(year, data, ws, _kinds_read(card), counts)
    wins = select_windows(card.windows, windows)
    ids = set(wins["window_id"])
    res = card.results[card.results["window_id"].isin(ids).to_numpy()]

    ranking = wins.copy()
    # a window without any evidence this year has no score and no rank (not a score of 0)
    ranking["score"] = ranking["score"].where(ranking["evidence"] > 0)
    if base is not None:
        bw = base.windows.set_index("window_id")
        b = bw["score"].where(bw["evidence"] > 0)
        ranking["baseline_score"] = ranking["window_id"].map(b)
        ranking["change"] = (ranking["score"] - ranking["baseline_score"]).round(1)
    else:
        ranking["baseline_score"] = np.nan
        ranking["change"] = np.nan
    ranking["rank"] = ranking["score"].rank(ascending=False, method="min").astype("Int64")
    ranking = ranking.sort_values(["rank", "window_id"]).reset_index(drop=True)
    ranking = ranking[["rank", "window_id", "window_name", "kind", "score", "baseline_score", "change",
                       "passed", "failed", "fail_missing_evidence", "insufficient", "open", "no_data", "evidence"]]

    by_std = verdicts_by_standard(res, card.catalog.standards, card.catalog)

    missed = res[res["verdict"] == "fail"].assign(gap=lambda d: d["rate"] - d["target"])
    missed = missed.sort_values(["gap", "standard", "measure", "window_id"]).reset_index(drop=True)
    # "records missing evidence" (缺少证据的记录): records only, as in every other summary (a unit measure's hour
    # slots or promise occurrences are not records; summaries.records_missing)
    missed = missed.assign(missing_evidence=records_missing(missed, card.catalog).to_numpy())
    missed = missed[["standard", "measure", "label_zh", "label_en", "window_id", "window_name",
                     "n", "met", "missing_evidence", "rate", "ci_low", "ci_high", "target", "gap"]]

    n_pass, n_fail = int((res["verdict"] == "pass").sum()), int((res["verdict"] == "fail").sum())
    top = ranking.iloc[0] if len(ranking) and pd.notna(ranking["score"].iloc[0]) else None
    change = ranking["change"].dropna()
    headlines = {
        "windows": int(len(ranking)),
        "mean_score": rounded(float(ranking["score"].mean()), "index") if ranking["score"].notna().any() else None,
        "mean_change": rounded(float(change.mean()), "change") if len(change) else None,
        "met_share": rounded(n_pass / (n_pass + n_fail), "rate") if n_pass + n_fail else None,
        "failed": n_fail,
        "no_data": int((counted(res)["verdict"] == "no_data").sum()),
        "top_window": _named_window(top, ws) if top is not None else None,
    }
    return Evaluation(int(year), int(baseline_year) if baseline_year else None, card, base,
                      ranking, by_std, missed, headlines, baseline_missing=baseline_missing, covered=covered)
