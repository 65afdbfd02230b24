"""The kernel machinery: :class:`Kernel`, the :func:`kernel` decorator that registers one with all the engine needs, and :class:`Measure`, the one way a measure meets records."""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd



CONTEXT_ARGS = ("calendar", "windows", "year", "horizon", "promises", "in_population")

#: The parameters that take one of a few words, and their words (the same in every kernel that takes one): an
#: organisation's value outside them (``empty = "Fail"`` under ``[params."measure"]``) is refused with the file, the
#: measure and the fix before any scoring (``scoring._check_param``), never the kernel's ValueError, exit 5 (review46).
CHOICES = {"missing": ("na", "fail"), "empty": ("fail", "na"), "slot": ("hour", "weekday"),
           "makeup_days": ("count", "skip"), "abandoned_within": ("excluded", "missed"), "early": ("na", "met"),
           "unstarted": ("na", "open"), "unreachable": ("not_called_back", "called_back"),
           "neither": ("fail", "missing"), "never_called": ("compare", "ignore")}


def with_open(mask: pd.Series, open_) -> pd.Series:
    """Mark the records of ``mask`` that are open: no completion yet and the deadline not passed by the cut-off.

    An open record is <NA> in the mask (neither met nor missed) and is
    counted apart as ``open`` by the engine; see :func:`open_of`.

    Examples
    --------
    >>> m = with_open(pd.Series(pd.array([True, None, False], dtype="boolean")), [False, True, False])
    >>> m.attrs["open"].tolist(), open_of(m).tolist()
    ([False, True, False], [False, True, False])
    """
    mask.attrs["open"] = np.asarray(open_, dtype=bool)
    return mask


def unlisted_units(known: pd.Series, index: pd.MultiIndex) -> pd.Series:
    """A unit-level mask ``known`` with a unit of no verdict (<NA>: missing evidence) at each entry of ``index``: the
    records whose unit is blank (an outage exported per event, its customers not listed), each one unknown unit.
    Such a record is never dropped as a unit of nobody, and never judged as one customer: whose hours or outages it
    adds to is not known, so a window with one is insufficient evidence unless a known unit already fails it.

    Examples
    --------
    >>> known = pd.Series(pd.array([True], dtype="boolean"), name="passed",
    ...                   index=pd.MultiIndex.from_tuples([("w", "c1")], names=["window_id", "c"]))
    >>> unlisted_units(known, pd.MultiIndex.from_arrays([["w", "v"], [None, None]], names=["window_id", "c"])).tolist()
    [True, <NA>, <NA>]
    """
    add = pd.Series(pd.array([pd.NA] * len(index), dtype="boolean"), index=index, name="passed")
    if not len(known):
        return add
    out = pd.concat([known, add])
    out.name = "passed"
    return out


def open_of(mask: pd.Series) -> np.ndarray:
    """Which values of a kernel's mask are open cases (all False when the kernel marks none).

    Examples
    --------
    >>> import pandas as pd
    >>> m = with_open(pd.Series(pd.array([True, None], dtype="boolean")), [False, True])
    >>> open_of(m).tolist(), open_of(pd.Series([True])).tolist()
    ([False, True], [False])
    """
    o = mask.attrs.get("open")
    if o is None or len(o) != len(mask):
        return np.zeros(len(mask), dtype=bool)
    return np.asarray(o, dtype=bool)


def with_excluded(mask: pd.Series, excluded) -> pd.Series:
    """Mark the records of ``mask`` that the clause's rule leaves out, though they are in its population.

    Such a record is <NA> in the mask like a record without evidence, but
    nothing is missing: the rule does not speak of it (a checklist item
    marked not applicable, a callback not yet due because the case is not
    concluded).  The engine counts it in ``not_assessed`` but not in
    ``missing_evidence``, so it never stands in the way of a pass; every
    other <NA> that is not open is missing evidence (see :func:`excluded_of`).

    Examples
    --------
    >>> m = with_excluded(pd.Series(pd.array([True, None, None], dtype="boolean")), [False, True, False])
    >>> excluded_of(m).tolist()
    [False, True, False]
    """
    mask.attrs["excluded"] = np.asarray(excluded, dtype=bool)
    return mask


def excluded_of(mask: pd.Series) -> np.ndarray:
    """Which values of a kernel's mask the rule leaves out (<NA> without missing evidence; all False when none).

    Examples
    --------
    >>> import pandas as pd
    >>> m = with_excluded(pd.Series(pd.array([None, None], dtype="boolean")), [True, False])
    >>> excluded_of(m).tolist(), excluded_of(pd.Series([True])).tolist()
    ([True, False], [False])
    """
    o = mask.attrs.get("excluded")
    if o is None or len(o) != len(mask):
        return np.zeros(len(mask), dtype=bool)
    return np.asarray(o, dtype=bool) & np.asarray(mask.isna(), dtype=bool)


def with_share(mask: pd.Series, share) -> pd.Series:
    """Give each record of ``mask`` the share of its weight that is met: partial credit (a monitor's day, 1,400 of
    its 1,440 minutes within the band, weighs 1,440 and is credited 1,400).

    The mask stays a verdict per record (True: the whole record met; False: some of it missed); the engine's
    weighted counts (``w_met``, the rate by weight) take ``share`` × the weight of each assessed record instead of
    the weight of the records met.  Without a weight column the share is not read (a count of records).

    Examples
    --------
    >>> m = with_share(pd.Series(pd.array([True, False, None], dtype="boolean")), [1.0, 0.75, 0.0])
    >>> share_of(m).tolist()
    [1.0, 0.75, 0.0]
    """
    mask.attrs["share"] = np.asarray(share, dtype=float)
    return mask


def share_of(mask: pd.Series) -> np.ndarray | None:
    """The share of each record's weight that is met (:func:`with_share`); None when the kernel gives none (a
    record met is met whole, one missed missed whole).

    Examples
    --------
    >>> share_of(pd.Series([True])) is None
    True
    """
    return _per_record(mask, "share")


#: How near a rate may fall below its target and still reach it (floating-point sums of weights, never a real gap).
RATE_TOLERANCE = 1e-12


def sure_verdict(worst, best, target, could=None) -> np.ndarray:
    """A rate's verdict against its ``target`` when some records lack evidence, as sure one way as the other:
    ``pass`` where the rate reaches the target even with every such record counted as missed (``worst``), ``fail``
    where it stays below even with every one counted as met (``best``), else ``insufficient`` (the missing evidence
    decides).  ``could`` (optional) says for each cell whether the missing records could lift the rate to the target
    where ``best`` cannot say it alone (a weight not known).  The one rule of the scorecard and the callback rate.

    Examples
    --------
    >>> sure_verdict(np.array([0.95, 0.85, 0.80]), np.array([0.97, 0.92, 0.85]), 0.9).tolist()
    ['pass', 'insufficient', 'fail']
    """
    worst, best, target = np.asarray(worst, dtype=float), np.asarray(best, dtype=float), np.asarray(target, dtype=float)
    could = best >= target - RATE_TOLERANCE if could is None else np.asarray(could, dtype=bool)
    return np.where(worst >= target - RATE_TOLERANCE, "pass", np.where(could, "insufficient", "fail"))


def with_bound(mask: pd.Series, bound) -> pd.Series:
    """Give each record of ``mask`` whose evidence is missing (<NA>) the most of its weight that could be met: 1
    where nothing is known (it may be met whole), less where some of it is known to miss (a monitor whose limit is
    looser than the standard's, with minutes beyond it: those minutes are beyond the standard's too).

    The record stays missing evidence; the engine counts what it certainly loses (``w_lost``: its weight × (1 -
    bound) where the measure credits shares, :func:`with_share`; its whole weight where a record is met whole and its
    bound is below 1), and a measure that cannot reach its target even with every such record at its bound reads
    fail, not insufficient.  The bound of a record assessed is not read.

    Examples
    --------
    >>> m = with_bound(pd.Series(pd.array([True, None], dtype="boolean")), [1.0, 0.9])
    >>> bound_of(m).tolist()
    [1.0, 0.9]
    """
    mask.attrs["bound"] = np.asarray(bound, dtype=float)
    return mask


def bound_of(mask: pd.Series) -> np.ndarray | None:
    """The most of each record's weight that could be met (:func:`with_bound`); None when the kernel gives none
    (every record missing evidence may be met whole).

    Examples
    --------
    >>> bound_of(pd.Series([True])) is None
    True
    """
    return _per_record(mask, "bound")


def _per_record(mask: pd.Series, key: str) -> np.ndarray | None:
    """The array a kernel set on ``mask``'s ``attrs[key]`` (:func:`with_share`, :func:`with_bound`), one value a
    record; None where it set none (or the mask was cut since)."""
    o = mask.attrs.get(key)
    if o is None or len(o) != len(mask):
        return None
    return np.asarray(o, dtype=float)


@dataclass(frozen=True)
class Kernel:
    """A registered kernel: the function, its level, its message and what it reads (see :func:`kernel`).

    Examples
    --------
    >>> k = KERNELS["time_limit"]
    >>> k.name, k.level, "start" in k.parameters
    ('time_limit', 'record', True)
    >>> k.message_en
    'over the limit of {limit} {unit} (or overdue, not done)'
    """

    name: str
    func: Callable
    level: str  # "record" | "unit"
    message_zh: str
    message_en: str
    applies: Callable | None = None  # records the clause itself leaves out (its stated exceptions)
    columns: tuple = ()  # the parameters that name columns of the records
    reads: tuple | None = ()  # other columns it reads; None: any column (it is handed the whole frame)
    row_local: bool = False  # a record's verdict depends on that record alone (safe per partition)
    units: str | None = None  # a column whose distinct values per window are its units of evidence (visits)
    detail: Callable | None = None  # detail(drilldown, params) -> the drill-down with the kernel's own columns
    review: Callable | None = None  # review(undecided, params) -> why each needs review (需人工复核), by row label
    population: tuple = ()  # (column, parameter) pairs: the population is the records whose column is in the parameter
    #: codes(codes, rows, **params) -> (met, missing, excluded) bool arrays, or None: the verdicts from the frame's
    #: integer codes (``windoweval.engine.plan._Codes``), the same as the kernel's mask gives, without a frame per measure
    codes: Callable | None = None
    #: reach(params) -> (time column, behind, ahead): a kernel that judges a record by the records up to ``ahead``
    #: after it or ``behind`` before it in its time column (a queue relieved within 10 minutes).  Near the edge of
    #: the evaluated year it must see the rows of the next or the previous year that lie so near: the engine reads
    #: them (:func:`windoweval.engine.edges.attach_edges`) and :meth:`Measure.apply` judges with them, keeping the
    #: verdicts of the year's own records only.
    reach: Callable | None = None
    #: lacking(rows, params) -> why each record without evidence has none, with the fix ("zh / en", blank where the
    #: kernel cannot say), handed those records only (:meth:`windoweval.scoring.Scorecard.missing_evidence`)
    lacking: Callable | None = None

    @functools.cached_property
    def signature(self) -> dict:
        """The function's parameters (``inspect.signature(func).parameters``), worked out once."""
        return dict(inspect.signature(self.func).parameters)

    @property
    def parameters(self) -> list[str]:
        """Parameter names a standards file may set."""
        return [p for p in list(self.signature)[1:] if p not in CONTEXT_ARGS]

    @property
    def required(self) -> list[str]:
        """Parameters without a default."""
        return [n for n, p in list(self.signature.items())[1:]
                if p.default is inspect.Parameter.empty and n not in CONTEXT_ARGS]

    def bind(self, params: dict, *, calendar=None, windows=None, year=None, art203: bool = False,
             horizon=None, options: dict | None = None, promises=()) -> dict:
        """A measure's parameters with the scorer's context filled in, as the kernel takes them.

        ``calendar``, ``windows`` and ``year`` are passed when the kernel takes
        them.  ``art203`` (the workspace's option: a last day on a rest day or
        holiday moves to the next working day, Civil Code art. 203) becomes
        ``extend_to_workday`` for calendar-day limits only: ``time_limit`` in
        days and the kernels without a unit whose limits are calendar days
        (``reply_within``, ``promises_kept``); a measure that sets
        ``extend_to_workday`` itself keeps its own.  ``horizon`` (the
        evaluation's cut-off: the workspace's extraction time, else the end of
        the year) is passed to the kernels that judge open cases.
        ``options`` (workspace options such as ``abandoned_within``) fill the
        parameters of the same name the kernel takes and the clause leaves
        unset.  ``promises`` (the ``(promise_id, measure)`` pairs the planner
        expanded) is passed to a kernel that takes it.  ``params`` is not changed.

        Examples
        --------
        >>> tl = KERNELS["time_limit"]
        >>> tl.bind({"start": "a", "end": "b", "limit": 3, "unit": "days"}, art203=True)
        {'start': 'a', 'end': 'b', 'limit': 3, 'unit': 'days', 'calendar': None, 'horizon': None, 'extend_to_workday': True}
        >>> tl.bind({"start": "a", "end": "b", "limit": 45, "unit": "minutes"}, art203=True)
        {'start': 'a', 'end': 'b', 'limit': 45, 'unit': 'minutes', 'calendar': None, 'horizon': None}
        >>> KERNELS["roster_any"].bind({"column": "english"}, windows=["PW01"], year=2025)
        {'column': 'english', 'windows': ['PW01'], 'year': 2025}
        """
        sig = self.signature
        out = dict(params)
        if "calendar" in sig:
            out["calendar"] = calendar
        if "windows" in sig:
            out["windows"] = windows
        if "year" in sig:
            out["year"] = year
        if "horizon" in sig:
            out["horizon"] = horizon
        for k, v in (options or {}).items():
            if k in sig and k not in params and k not in CONTEXT_ARGS:
                out[k] = v
        if "promises" in sig:
            out["promises"] = tuple(promises)
        if "extend_to_workday" in sig and "extend_to_workday" not in params \
                and ("unit" not in sig or params.get("unit") == "days"):
            out["extend_to_workday"] = art203
        return out

    def message(self, params: dict, measure: dict | None = None) -> str:
        """The kernel's message with the clause's parameters filled in, Chinese then English (its halves:
        :meth:`message_halves`).

        A measure may word its own (``message_zh`` and ``message_en`` beside its ``params``: a clock-in late is
        not an announcement made too late, though both are :func:`lead_time`); its placeholders are filled the same
        way.

        Examples
        --------
        >>> k = KERNELS["lead_time"]
        >>> k.message({"min": 7, "unit": "days"})
        '提前量不足 7 天 / announced less than 7 days ahead'
        >>> k.message({"min": 0, "unit": "minutes"}, {"message_zh": "未按时到岗", "message_en": "not clocked in on time"})
        '未按时到岗 / not clocked in on time'
        >>> KERNELS["time_limit"].message({"limit": 30, "unit": "minutes", "extended_limit": 60})
        '超过时限 30 分钟(含逾期未完成)(特殊情况适当延长为 60 分钟) / over the limit of 30 minutes (or overdue, not done) (60 minutes for a special circumstance, 适当延长)'
        """
        return " / ".join(self.message_halves(params, measure))

    def message_halves(self, params: dict, measure: dict | None = None) -> tuple[str, str]:
        """:meth:`message` as its two halves ``(中文, English)``, for a label set before each half
        (:func:`windoweval.i18n.prefixed`).

        Examples
        --------
        >>> KERNELS["lead_time"].message_halves({"min": 7, "unit": "days"})
        ('提前量不足 7 天', 'announced less than 7 days ahead')
        """
        zh, en = self.message_zh, self.message_en
        if measure and measure.get("message_zh") and measure.get("message_en"):
            zh, en = str(measure["message_zh"]), str(measure["message_en"])
        zh, en = zh.format_map(_SafeDict(_zh_params(params, measure))), en.format_map(_SafeDict(en_params(params)))
        if params.get("extended_limit") is not None and "extended_limit" in self.parameters:
            # 适当延长: a flagged record is held to the longer limit the workspace sets; the message names both, so a
            # flagged record that missed reads the limit it was held to (diff38: it read the ordinary 30 minutes)
            longer = {**params, "limit": params["extended_limit"]}
            zh += "(特殊情况适当延长为 {limit} {unit})".format_map(_SafeDict(_zh_params(longer, measure)))
            en += " ({limit} {unit} for a special circumstance, 适当延长)".format_map(_SafeDict(en_params(longer)))
        return zh, en

    def __call__(self, df, **kw):
        return self.func(df, **kw)

    def applicable(self, df, **kw) -> np.ndarray:
        """Which records the clause speaks of (its own exceptions removed); all by default."""
        if self.applies is None:
            return np.ones(len(df), dtype=bool)
        return np.asarray(self.applies(df, **kw), dtype=bool)


#: A time unit as each half of a message writes it (超过时限 5 个工作日 / over the limit of 5 working days; never
#: the program's spelling working_days in either half).
UNIT_WORDS = {"zh": {"seconds": "秒", "minutes": "分钟", "hours": "小时", "days": "天", "working_days": "个工作日"},
              "en": {"working_days": "working days"}}
#: A parameter's value as the Chinese half of a message writes it (超过时限 5 个工作日, never 5 working_days).
_ZH_WORDS = {"unit": UNIT_WORDS["zh"], "slot": {"hour": "(按小时)", "weekday": "(按星期)"}}
#: ... and as the English half writes it (5 working days; a slot as "an hour", "a weekday").
_EN_WORDS = {"unit": UNIT_WORDS["en"], "slot": {"hour": "an hour", "weekday": "a weekday"}}


def en_params(params: dict) -> dict:
    """``params`` for the English half of a message: a unit and a slot in words (:data:`_EN_WORDS`); the rest as given.

    Examples
    --------
    >>> en_params({"limit": 5, "unit": "working_days"})
    {'limit': 5, 'unit': 'working days'}
    """
    return {k: _EN_WORDS[k].get(v, v) if k in _EN_WORDS and isinstance(v, str) else v for k, v in params.items()}
#: The parameters that name a column of the measure's records: written by the contract's Chinese name.
_COLUMN_PARAMS = ("column", "or_recorded", "unless")


def _zh_params(params: dict, measure: dict | None) -> dict:
    """``params`` for the Chinese half of a message: units and slots in Chinese (:data:`_ZH_WORDS`), a column by its
    contract's Chinese name (``covered_by`` as 顶岗人员) where the measure names its records; the rest as given.

    Examples
    --------
    >>> _zh_params({"limit": 5, "unit": "working_days"}, None)
    {'limit': 5, 'unit': '个工作日'}
    >>> _zh_params({"column": "covered_by"}, {"records": "counter_pauses"})
    {'column': '顶岗人员'}
    """
    out = {k: _ZH_WORDS[k].get(v, v) if k in _ZH_WORDS and isinstance(v, str) else v for k, v in params.items()}
    kind = (measure or {}).get("records")
    if kind and any(isinstance(params.get(k), str) for k in _COLUMN_PARAMS):
        from ..records.contract import contracts
        cols = contracts()[kind].columns if kind in contracts() else {}
        for k in _COLUMN_PARAMS:
            if isinstance(params.get(k), str) and params[k] in cols:
                out[k] = cols[params[k]].get("zh", params[k])
    return out


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


KERNELS: dict[str, Kernel] = {}


def kernel(name: str, message_zh: str, message_en: str, level: str = "record", applies: Callable | None = None, *,
           columns: tuple = (), reads: tuple | None = (), row_local: bool = False, units: str | None = None,
           detail: Callable | None = None, review: Callable | None = None, population: dict | None = None,
           codes: Callable | None = None, reach: Callable | None = None, lacking: Callable | None = None):
    """Register a kernel under ``name``, declaring everything the catalog, the engine and the drill-down need.

    Parameters
    ----------
    name, message_zh, message_en : str
        The kernel's name in standards files and its message (``{param}``
        placeholders are filled from the clause's parameters).
    level : {"record", "unit"}
        One verdict per record, or per unit (on an index with a ``window_id`` level).
    applies : callable, optional
        ``applies(df, **params)``: which records the clause speaks of at all
        (e.g. not the documented special circumstances, not a sample received
        after the last cut-off); the scorer counts the others as ``exempt``
        rather than as missing evidence.
    columns : tuple of str
        The parameters whose values (a column name or a list of them) name
        columns of the records: the catalog checks them against the contract,
        and the kernel is handed those columns only.
    reads : tuple of str or None
        The columns it reads that no parameter names (a checklist's
        ``item``, ``result``); None when it may read any column (it is then
        handed every column, and a store dataset is read whole).
    row_local : bool
        A record-level kernel whose verdict for a record depends on that
        record alone: evaluated piece by piece and per Dask partition.
    units : str, optional
        A column whose distinct values per window are counted as the units of
        evidence (a checklist's inspection visits, held to ``min_visits``).
    detail : callable, optional
        ``detail(drilldown, params)``: the drill-down with the kernel's own
        columns added (e.g. the elapsed time).
    review : callable, optional
        The kernel can leave records undecided for a person to judge
        (需人工复核, needs review): <NA> in its mask without being open.
        ``review(undecided, params)`` is handed those records of the
        drill-down and gives, for each, why: a frame indexed by their row
        labels (a label may repeat, one row a reason) with the kernel's own
        columns (e.g. ``phrase`` and ``sentence``).
        :meth:`windoweval.scoring.Scorecard.needs_review` lists them for every
        kernel that declares it.
    population : dict, optional
        ``{column: parameter}``: a measure's population is the records whose
        ``column`` takes one of the values of its ``parameter`` (a
        checklist's ``item`` column and its ``items``), unless the measure's
        own ``where`` says otherwise; the catalog adds that to the measure.
    codes : callable, optional
        ``codes(codes, rows, **params) -> (met, missing, excluded)``: a record-level kernel's verdicts at the
        rows ``rows`` of a frame (None: every row), worked out on the frame's integer codes
        (:class:`windoweval.engine.plan._Codes`, each column factorised once per frame) instead of on a frame
        of the measure's own: the engine's fast way for a kernel met by many measures on one frame (a
        checklist's items).  Bool arrays, one value a row, what the kernel's mask says (``met`` where True,
        ``missing`` where <NA>, ``excluded`` as :func:`with_excluded`); None when the columns are not what it
        expects (the kernel is called as usual).
    reach : callable, optional
        ``reach(params) -> (column, behind, ahead)``: the kernel judges a
        record by the records within ``ahead`` after it or ``behind`` before it
        (Timedeltas) in ``column`` (a queue relieved within 10 minutes); near
        the year's edge the engine hands it those rows of the next or previous
        year as well, and only the year's own records (units) are kept.
    lacking : callable, optional
        ``lacking(rows, params) -> array of str``: why each of ``rows`` (a
        record-level kernel's records whose evidence is missing) has none, and
        the fix, ``"zh / en"`` (blank where it cannot say): a monitor's row
        without its upper limit, or with one looser than the standard's.
        :meth:`windoweval.scoring.Scorecard.missing_evidence` shows it as the
        record's ``reason``.

    Examples
    --------
    >>> k = KERNELS["checklist"]
    >>> k.reads, k.row_local, k.units
    (('item', 'result', 'visit_id', 'visited_at'), True, 'visit_id')
    >>> KERNELS["reply_within"].reads is None   # its horizon is the latest date of any column
    True
    >>> KERNELS["checklist"].population, KERNELS["phrases_forbidden"].review is not None
    ((('item', 'items'),), True)
    >>> KERNELS["checklist"].codes is not None, KERNELS["flag"].codes is None
    (True, True)
    """

    def deco(func):
        KERNELS[name] = Kernel(name, func, level, message_zh, message_en, applies, tuple(columns),
                               None if reads is None else tuple(reads), row_local, units, detail, review,
                               tuple((population or {}).items()), codes, reach, lacking)
        return func

    return deco


class Applied(NamedTuple):
    """What :meth:`Measure.apply` gives: the kernel's ``mask``, the records it judged (``pop``), their
    positions in the frame (``rows``; None: every row) and the positions of the population's records the
    clause itself leaves out (``exempt``; None: none).

    Examples
    --------
    >>> m = Measure.of({"measure": "m", "records": "work_orders", "kernel": "flag", "params": {"column": "ok"}}, ["A"])
    >>> a = m.apply(pd.DataFrame({"window_id": ["A", "B", "A"], "ok": [True, True, False]}))
    >>> type(a).__name__, a.rows.tolist(), a.mask.tolist(), a.exempt
    ('Applied', [0, 2], [True, False], None)
    """

    mask: pd.Series
    pop: pd.DataFrame
    rows: np.ndarray | None
    exempt: np.ndarray | None


@dataclass
class Measure:
    """A catalog measure ready to meet records: the measure ``m``, its windows, kernel and bound parameters.

    ``params`` are the kernel's arguments with the scorer's context
    (``calendar``, ``windows``, ``year``, ...) filled in; ``wins`` None
    applies it to every window.  :meth:`apply` is the only way a measure
    meets records: the engine, the complaint tables, the promises and the
    case tests all go through it.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Measure.of({"measure": "m", "records": "work_orders", "kernel": "flag", "params": {"column": "ok"},
    ...                 "where": {"t": "x"}}, ["A"])
    >>> m.kind, m.row_local
    ('work_orders', True)
    >>> df = pd.DataFrame({"window_id": ["A", "A", "B"], "t": ["x", "y", "x"], "ok": [True, True, False]})
    >>> a = m.apply(df)
    >>> a.rows.tolist(), a.mask.tolist()
    ([0], [True])
    """

    m: dict
    wins: list | None
    kernel: Kernel
    params: dict = field(default_factory=dict)
    #: (rows, start, end): for a kernel with ``reach``, the rows of the next or previous year near the evaluated
    #: year [start, end) (:func:`windoweval.engine.edges.attach_edges`); the kernel sees them, only the verdicts
    #: of the year's own records are kept
    edge: tuple | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, m: dict, wins: list | None = None, params: dict | None = None, **context) -> "Measure":
        """The measure ``m`` with its kernel and parameters (``params``, else the measure's own) bound to
        ``context`` (see :meth:`Kernel.bind`)."""
        k = KERNELS[m["kernel"]]
        return cls(m, wins, k, k.bind(dict(m.get("params") or {}) if params is None else params,
                                      windows=wins, **context))

    @property
    def measure(self) -> str:
        return self.m["measure"]

    @property
    def kind(self) -> str:
        return self.m["records"]

    @property
    def row_local(self) -> bool:
        return self.kernel.level == "record" and self.kernel.row_local

    @property
    def register(self) -> bool:
        """A kernel that judges a window by its whole register of the kind (``in_population`` in its signature:
        :func:`~windoweval.kernels.counts.count_at_least`): it is handed every row of its windows and told which
        are the population (``where``), so a window whose register lists other entries but none of the
        population's shows none (a fail), and only a window with no entry of the kind at all lacks evidence."""
        return "in_population" in self.kernel.signature and bool(self.m.get("where"))

    def in_population(self, pop: pd.DataFrame) -> np.ndarray:
        """Which rows of ``pop`` (a :attr:`register` kernel's rows) are in the measure's population (``where``); a
        population column ``pop`` lacks is blank on every row."""
        from ..population import apply_where

        where = self.m.get("where") or {}
        sel = np.zeros(len(pop), dtype=bool)
        if len(pop):
            sub = pop.reindex(columns=list(where)).reset_index(drop=True)
            sel[apply_where(sub, where).index.to_numpy()] = True
        return sel

    def population(self, df: pd.DataFrame) -> np.ndarray | None:
        """The positions of the rows of ``df`` in the measure's windows and population (``where``); None: all.
        A :attr:`register` kernel's rows are every row of its windows (it selects the population itself)."""
        from ..population import apply_where

        keep = None
        if self.wins is not None and "window_id" in df:
            keep = df["window_id"].isin(self.wins).to_numpy(dtype=bool, na_value=False)
        where = None if self.register else self.m.get("where")
        if where:
            sel = np.zeros(len(df), dtype=bool)
            sel[apply_where(df[list(where)].reset_index(drop=True), where).index.to_numpy()] = True
            keep = sel if keep is None else keep & sel
        return None if keep is None or keep.all() else np.flatnonzero(keep)

    def apply(self, df: pd.DataFrame, rows: np.ndarray | None = None, *, selected: bool = False) -> Applied:
        """The measure applied to ``df``: its population, the clause's own exceptions set aside, the kernel.

        The population is selected here (:meth:`population`) unless the
        caller has (``selected=True``; ``rows`` its positions, None every
        row), as the engine does on integer codes.  ``df`` may hold only the
        columns the kernel reads.  A record-level kernel is not called on no records.
        """
        if not selected:
            rows = self.population(df)
        pop = df if rows is None else df.take(rows)
        exempt = None
        if self.kernel.applies is not None:
            ok = self.kernel.applicable(pop, **self.params)
            if not ok.all():
                at = np.arange(len(df)) if rows is None else rows
                exempt, rows, pop = at[~ok], at[ok], pop[ok]
        if self.kernel.level == "record" and not len(pop):  # no records: no verdicts (the kernel is not called)
            return Applied(pd.Series(pd.array([], dtype="boolean"), index=pop.index, name="passed"), pop, rows, exempt)
        if self.edge is not None and self.kernel.reach is not None:
            return Applied(self._across_edge(pop), pop, rows, exempt)
        if self.register:
            return Applied(self.kernel(pop, **self.params, in_population=self.in_population(pop)), pop, rows, exempt)
        return Applied(self.kernel(pop, **self.params), pop, rows, exempt)

    def _across_edge(self, pop: pd.DataFrame) -> pd.Series:
        """The kernel on ``pop`` with the rows near the year's edge (``edge``) after it, in the same population:
        a record-level mask for ``pop``'s rows, a unit-level one for the units of the year.

        Examples
        --------
        >>> m = Measure.of({"measure": "m", "records": "queue_snapshots", "kernel": "diverted_within",
        ...                 "params": {"queue": "queue_length", "time": "observed_at", "minutes": 10}}, ["A"])
        >>> t = pd.to_datetime(["2025-12-31 23:55", "2026-01-01 00:05"])
        >>> df = pd.DataFrame({"window_id": ["A"] * 2, "observed_at": t, "queue_length": [11, 11], "open_windows": [2, 3]})
        >>> m.apply(df.iloc[:1]).mask.tolist()                         # the year alone: the relief unseen
        [<NA>]
        >>> m.edge = (df.iloc[1:], pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01"))
        >>> m.apply(df.iloc[:1]).mask.tolist()                         # relieved at 00:05 on 1 January
        [True]
        """
        frame, lo, hi = self.edge
        col = self.kernel.reach(self.params)[0]
        at = self.population(frame)
        near = frame if at is None else frame.take(at)
        if self.kernel.applies is not None and len(near):
            near = near[self.kernel.applicable(near, **self.params)]
        near = near[[c for c in pop.columns if c in near.columns]]
        n = len(pop)
        both = pd.concat([pop.reset_index(drop=True), near.reset_index(drop=True)], ignore_index=True)
        for c in pop.columns:   # categories of two reads united, never a column turned to objects half-way
            if isinstance(pop[c].dtype, pd.CategoricalDtype) and not isinstance(both[c].dtype, pd.CategoricalDtype):
                both[c] = both[c].astype("category")
        out = self.kernel(both, **self.params)
        opened, excl = open_of(out), excluded_of(out)
        if self.kernel.level == "record":
            keep = np.arange(len(out)) < n
            kept = pd.Series(out.iloc[:n].array, index=pop.index, name=out.name)
        else:
            if col not in out.index.names:
                return out
            t = pd.to_datetime(pd.Series(out.index.get_level_values(col)))
            if t.dt.tz is not None and lo.tz is None:
                lo, hi = (lo.tz_localize("Asia/Shanghai").tz_convert(t.dt.tz),
                          hi.tz_localize("Asia/Shanghai").tz_convert(t.dt.tz))
            keep = ((t >= lo) & (t < hi)).to_numpy(dtype=bool, na_value=True)
            kept = out[keep].copy()
        kept.attrs = {}
        if opened.any():
            with_open(kept, opened[keep])
        if excl.any():
            with_excluded(kept, excl[keep])
        return kept


def _mask(values, index, missing=None) -> pd.Series:
    miss = None if missing is None else np.asarray(missing)
    if miss is not None and miss.dtype == bool and isinstance(values, np.ndarray) and values.dtype == bool:
        # the common case, built in one go (no item assignment)
        return pd.Series(pd.arrays.BooleanArray(values & ~miss, miss.copy()), index=index, name="passed")
    out = pd.Series(pd.array(values, dtype="boolean"), index=index, name="passed")
    if miss is not None:
        out[miss] = pd.NA
    return out


def _apply_missing(mask: pd.Series, missing_rows, missing: str) -> pd.Series:
    if missing == "fail":
        mask[np.asarray(missing_rows)] = False
    elif missing != "na":
        raise ValueError(f"missing 应为 'na' 或 'fail' / missing must be 'na' or 'fail', got {missing!r}")
    return mask
