"""Scorecards: clauses × records → one row per window and measure, and each window's 100-point score.

Examples
--------
>>> wilson_interval([9], [10])[0].round(4).tolist()
[0.5958]
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .calendar import date_only, surely_before
from .catalog import Catalog, UnknownName, load_catalog
from .errors import notes_once
from .i18n import prefixed
from .engine import AGG_COLUMNS, Item, evaluate
from .kernels import KERNELS, Measure, excluded_of, open_of
from .kernels.base import CHOICES, RATE_TOLERANCE, UNIT_WORDS, sure_verdict
from .population import apply_where  # noqa: F401  (kept here for callers of scoring.apply_where)
from .promise_register import expand
from .records import contracts
from .records.workspace import Workspace, WorkspaceError, load_workspace

__all__ = ["score", "plan_measures", "needs_review", "Scorecard", "wilson_interval", "apply_where", "VERDICT_LABELS"]

VERDICT_LABELS = {"pass": "达标 / met", "fail": "未达标 / not met", "no_data": "无数据 / no evidence",
                  "open": "未结(未到期)/ open, not yet due", "insufficient": "证据不足 / insufficient evidence",
                  "report": "仅报告 / reported beside, not scored"}


#: The normal quantile of the 95 % interval, ``scipy.stats.norm.isf(0.025)`` to the last bit (tests/test_wilson.py).
_Z_975 = 1.9599639845400545


def wilson_interval(met, n, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion met / n (95 % by default); NaN where n = 0.

    statsmodels' ``proportion_confint(method="wilson")``, vectorised over the
    windows, computed here with its very operations (the same floats to the last
    bit, checked in ``tests/test_wilson.py``) so that scoring imports neither
    statsmodels nor scipy.stats (~60 MiB and ~0.75 s); another ``alpha`` takes
    its quantile from scipy.  R: ``prop.test(met, n, correct = FALSE)$conf.int``.

    Examples
    --------
    >>> lo, hi = wilson_interval([0, 10], [10, 10])
    >>> [round(float(x), 4) for x in (lo[0], hi[0], lo[1], hi[1])]
    [0.0, 0.2775, 0.7225, 1.0]
    """
    met = np.asarray(met, dtype=float)
    n = np.asarray(n, dtype=float)
    none = n == 0
    nobs = np.where(none, 1, n)
    if alpha == 0.05:
        crit = _Z_975
    else:  # another level: the quantile from scipy (imported only then)
        from scipy import stats
        crit = stats.norm.isf(alpha / 2.0)
    # statsmodels.stats.proportion.proportion_confint, method="wilson", operation for operation
    q_ = met / nobs
    crit2 = crit**2
    denom = 1 + crit2 / nobs
    center = (q_ + crit2 / (2 * nobs)) / denom
    dist = crit * np.sqrt(q_ * (1.0 - q_) / nobs + crit2 / (4.0 * nobs**2))
    dist /= denom
    lo, hi = np.clip(center - dist, 0, 1), np.clip(center + dist, 0, 1)
    lo[none] = np.nan
    hi[none] = np.nan
    return lo, hi



def _one_or_many(measures):
    """``measures`` as a list: one measure id given as a string is that measure (never its characters, each refused
    as "no measure h": ``card.missing_evidence("hospital_commitments.lab.5#routine")`` as an analyst writes it).

    Examples
    --------
    >>> _one_or_many("power_window.10.2.5"), _one_or_many(["a", "b"])
    (['power_window.10.2.5'], ['a', 'b'])
    """
    return [measures] if isinstance(measures, str) else list(measures)

@dataclass
class Scorecard:
    """The result of :func:`score`.

    Attributes
    ----------
    results : DataFrame
        One row per window and measure: ``standard``, ``clause_id``, ``measure``,
        ``label_zh``, ``label_en``, ``window_id``, ``window_name``, ``records``
        (in the population; <NA> for a measure judged over units), ``units`` (a unit-level measure's units
        judged: hour slots, crowded queue snapshots, window-years …; <NA> for a record-level one), ``unit`` (what
        ``n``, ``met``, ``not_assessed`` and ``missing_evidence`` count: 记录 / records, or the units'
        name), ``n`` (assessed), ``met``, ``not_assessed``
        (neither assessed nor open: left out by the clause's rule, such as a
        checklist item marked not applicable, a callback not yet owed, a
        transcript awaiting review (:meth:`needs_review`), or without evidence),
        ``missing_evidence`` (those of ``not_assessed`` whose evidence is
        missing: no time or value the measure needs), ``exempt`` (the clause's own exceptions, e.g.
        documented instrument faults; not in ``records``),
        ``open`` (no completion yet, deadline not passed by the cut-off:
        neither met nor missed), ``visits`` (checklists: inspection visits),
        ``rate``, ``ci_low``, ``ci_high`` (Wilson 95 %), ``target``,
        ``verdict`` (pass: the rate meets the target even with every record of
        ``missing_evidence`` counted as missed | fail: the rate misses it even
        with every record of ``missing_evidence`` counted as met, as far as it
        can be (one known to miss in part at its bound,
        :func:`~windoweval.kernels.base.with_bound`) |
        no_data: no record in the population | open: only open cases |
        insufficient: the rate meets the target only on the records with
        evidence, or misses it only on them (the records without evidence could lift
        it over a target under 100 %), or every record lacks evidence (none assessed), or fewer assessed records,
        or visits, than the workspace's ``min_records`` / ``min_visits`` |
        report: a figure reported beside
        another, not scored), ``weight``.
    windows : DataFrame
        One row per window: ``window_id``, ``window_name``, ``kind``,
        ``measures``, ``passed``, ``failed``, ``no_data``, ``open``, ``insufficient``,
        ``fail_missing_evidence`` (the records missing evidence in the failed (records only, not a unit
        measure's hours or promise occurrences) measures: a fail stands on the assessed records, and these could not
        be assessed), ``score`` (0–100), ``evidence`` (share of weight with
        data), ``rank``.

    Examples
    --------
    >>> import tempfile
    >>> from windoweval.demo import tiny_records
    >>> ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
    >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    >>> card.year, sorted(card.results["verdict"].unique())
    (2025, ['fail', 'insufficient', 'no_data'])
    >>> card.drilldown("power_window.10.2.5")[["order_id", "window_id"]].to_dict("records")
    [{'order_id': '2', 'window_id': 'PW01'}]
    """

    results: pd.DataFrame
    windows: pd.DataFrame
    year: int | None
    workspace: Workspace
    catalog: Catalog
    _masks: dict = field(default_factory=dict, repr=False)
    unscored: pd.DataFrame = field(default_factory=pd.DataFrame)
    _plan: dict = field(default_factory=dict, repr=False)
    #: ``{records kind: {year: records}}``: the records of other years than ``year`` each kind the measures read holds,
    #: left out of the year's scorecard, as the year's read leaves them out
    #: (:func:`windoweval.evaluation.other_year_counts`); its repr says them as ``windoweval score --year`` does.
    #: None: not counted (no year, or a scorecard made by :func:`score` itself, which does not read other years)
    other_year_counts: dict | None = None

    def release(self) -> None:
        """Remove the temporary folders of the missed records put aside while scoring (``keep_missed``) now, not when
        the scorecard is collected or the interpreter ends; the scorecard still answers (a drill-down or its missed
        pieces read the records again).  ``windoweval score`` calls it before its process ends at once.

        Examples
        --------
        >>> import tempfile
        >>> from windoweval.demo import tiny_records
        >>> ws, orders = tiny_records()
        >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
        >>> card.release()   # nothing put aside (records handed in): nothing to do
        """
        for pop, _, _ in self._masks.values():
            kept = getattr(pop, "kept", None)
            if kept is not None:
                kept.cleanup()

    def needs_review(self) -> pd.DataFrame:
        """The 需人工复核 list: the records the kernels left for a person to judge, and why (see :func:`needs_review`)."""
        return needs_review(self)

    def __repr__(self) -> str:   # a summary, not every table in full (windoweval.summaries)
        from .summaries import scorecard_text
        return scorecard_text(self)

    def _repr_html_(self) -> str:
        from .summaries import scorecard_html
        return scorecard_html(self)

    def drilldown(self, measure: str, window: str | None = None, include_passed: bool = False,
                  include_exempt: bool = False) -> pd.DataFrame:
        """The records (or units) behind one measure that missed it, with the clause's message.

        Columns: the records' own columns (or the unit's keys), ``passed``,
        ``open`` (record kernels: an open case, not yet due), ``message``,
        and for time limits ``elapsed_min``.  ``include_exempt``: the records the clause itself excuses
        (:meth:`exempted`) after them, ``passed`` <NA>, ``excused`` True and their ``reason``: whoever signs the
        verdict sees which records were left out and why.  The marker is ``excused``, never the records' own
        ``exempt`` (a hospital event's 特殊情况 flag), which every row keeps as the records hold it (a flagged record
        that still missed its longer limit shows its flag).
        """
        measure = self._measure(measure)
        pop, mask, m = self._masks[measure]
        if hasattr(pop, "materialise"):  # a population kept by reference (windoweval.engine): taken now
            pop, mask = pop.materialise(mask, include_passed)
        out = self._finish(measure, pop, mask, include_passed, window)
        if not include_exempt:
            return out
        ex = self.exempted([measure])
        if window is not None and len(ex):
            ex = ex[ex["window_id"] == window]
        out = out.assign(excused=False, reason="")
        if not len(ex):
            return out
        ex = ex.assign(passed=pd.array([pd.NA] * len(ex), dtype="boolean"), open=False)
        return pd.concat([out, ex], ignore_index=True)[list(dict.fromkeys([*out.columns, *ex.columns]))]

    def exempted(self, measures=None) -> pd.DataFrame:
        """The records a clause itself excuses (its stated exceptions, counted as ``exempt``): in the measure's
        population, left out of its rate, each with why, in Chinese and English.

        A record flagged as a documented special circumstance (``exempt``; with ``exempt_overrun`` one that also
        ran over the limit: 造成超时的), a call the caller gave up within the time limit (``abandoned``), a record
        received after the last cut-off of a same-day promise (``cutoff``).  ``measures``: default every measure
        with an exempt record.  Columns: the records' own columns (private text masked, as in :meth:`drilldown`),
        ``measure``, ``excused`` (True; the records' own ``exempt`` flag, where they have one, as they hold it),
        ``message`` (豁免 and the clause's wording), ``reason``.  Read from the
        records again (the population kept, or the pieces, or the Dask partitions), judged by the same rule.

        Unit-level measures list nothing, and none can excuse a unit: no unit kernel takes a clause's own exception
        (``applies``; hour slots, crowded queue snapshots, counts, rosters and reliability judge every unit of their
        population, and one their rule leaves out is counted in ``not_assessed``, never ``exempt``).  A promise
        measure's occurrences are its promises' measures' records after those measures' own exceptions; a record
        such a measure excuses is counted in the promise measure's ``exempt`` (its row accounts for every
        occurrence) and listed under that measure itself (a call given up within 12 s under
        power_window.10.2.6), and in the promise's own table as excused, with this reason
        (:func:`windoweval.promises.occurrences`, ``excused`` in :func:`windoweval.promises.fulfilment`).  A unit-level measure asked for by name is named with this
        reason in the frame's ``attrs["unlisted"]`` (measure -> why, Chinese then English), never skipped unsaid.

        Examples
        --------
        >>> import tempfile
        >>> from windoweval.records import validate
        >>> from windoweval.records.workspace import Workspace
        >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "HPHA", "name": "药房", "kind": "hospital_pharmacy"}]})
        >>> ev = validate(pd.DataFrame({"event_id": ["1", "2"], "window_id": "HPHA", "event_type": "prescription_western",
        ...                             "started_at": "2025-04-08 10:00", "finished_at": ["2025-04-08 10:04", "2025-04-08 10:12"],
        ...                             "exempt": [False, True]}), "hospital_events")
        >>> card = score("hospital_commitments", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"hospital_events": ev})
        >>> ex = card.exempted(["hospital_commitments.pharmacy.7#western"])
        >>> ex["event_id"].tolist(), ex["reason"].str.contains("超出时限").tolist()
        (['2'], [True])
        """
        if measures is None:
            res = self.results
            measures = res.loc[res["exempt"] > 0, "measure"].unique() if len(res) else []
        frames, unlisted = [], {}
        for key in (self._measure(x) for x in _one_or_many(measures)):
            it = self._plan.get(key)
            if it is not None and it.kernel.level != "record":
                unlisted[key] = _PROMISE_EXCUSED if it.kernel.name == "promises_kept" else _UNIT_NOT_EXCUSED
            if it is None or it.kernel.level != "record" or it.kernel.applies is None:
                continue
            pop, _, m = self._masks[key]
            parts = [_excused(it, f) for f in _record_sources(pop)]
            parts = [x for x in parts if len(x)]
            if not parts:
                continue
            out = pd.concat(parts, ignore_index=True)
            private = [c for c, sp in contracts()[m["records"]].columns.items() if sp.get("private") and c in out]
            if private:
                from .privacy import mask_text
                out = out.assign(**{c: mask_text(out[c], free_text=True) for c in private})
            p = m.get("params") or {}
            frames.append(out.assign(measure=key, excused=True,
                                     message=f"豁免(条款所述例外),不计入达标率 / exempt (the clause's own exception), "
                                             f"not in the rate: {KERNELS[m['kernel']].message(p, m)}",
                                     reason=_exempt_reason(out, it.params, m["records"])).reset_index(drop=True))
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=["measure", "excused", "message", "reason"])
        if unlisted:
            out.attrs["unlisted"] = unlisted
        return out

    def missed_pieces(self, measures=None, rows: int = 100_000, prepare=None):
        """The drill-downs of ``measures`` (default: every measure with a fail), one piece at a time.

        Yields ``(measure, source)`` in order, where ``source`` (:class:`windoweval.engine.drill.MissedSource`)
        gives ``head(n)`` (the first ``n`` rows of :meth:`drilldown`) and ``pieces()`` (frames of at most
        about ``rows`` rows that, one after another, are :meth:`drilldown` of the measure row for row).  The
        missed records are taken on integer positions; a kind read from the store is read once more, piece by
        piece, for the missed rows' other columns only; no piece is kept after it is given.  Measures judged
        piece by piece are read once for all of them, their pieces put aside in a temporary folder after
        ``prepare`` (e.g. :func:`windoweval.exports.prepare_missed`: masked before anything is written; such
        a source says ``prepared``).

        Examples
        --------
        >>> import tempfile
        >>> from windoweval.demo import tiny_records
        >>> ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
        >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
        >>> [(m, [len(p) for p in src.pieces()]) for m, src in card.missed_pieces(["power_window.10.2.5"])]
        [('power_window.10.2.5', [1])]
        """
        from .engine.drill import sources

        if measures is None:
            res = self.results
            measures = res.loc[res["verdict"] == "fail", "measure"].unique()
        keys = [self._measure(m) for m in _one_or_many(measures)]
        yield from sources(self, keys, rows, prepare=prepare)

    def missing_evidence(self, measures=None) -> pd.DataFrame:
        """The records whose evidence is missing: the rows behind the ``missing_evidence`` counts, which hold a pass
        back (insufficient), each with its measure and why.

        ``measures`` (default: every record-level measure with such a record) as for :meth:`missed_pieces`.
        Columns: the records' own columns (private text masked, as in :meth:`drilldown`), ``measure``,
        ``message`` (缺少证据 and the clause's wording), ``reason`` (why, where the record says it: marked
        closed with the time blank).  The records are judged again on the measure's
        population, column by column (the same verdicts as scoring gave).  A unit-level measure's units missing
        evidence (an hour of a window, a queue snapshot, a customer's year, a window's roster) are listed too,
        one row each with the unit's keys as columns (``window_id`` and ``hour``, ``time``, ``customer_id`` …),
        ``unit`` (what the unit is) and the same ``measure``, ``message``, ``reason``, so that a reader finds
        each one; a promise measure's occurrences are not (each is a record of the promise's own measure,
        listed there).

        Examples
        --------
        >>> import tempfile
        >>> from windoweval.records.workspace import Workspace
        >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
        >>> from windoweval.records import validate
        >>> orders = validate(pd.DataFrame({"order_id": ["1", "2"], "window_id": "PW01", "order_type": "fault_repair",
        ...                                 "filed_at": ["2025-06-01 18:00", "2025-06-02 09:00"],
        ...                                 "received_at": ["2025-06-01 18:00", None],   # when the call came: blank
        ...                                 "arrived_at": ["2025-06-01 18:20", "2025-06-02 10:00"]}), "work_orders")
        >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
        >>> card.missing_evidence(["power_window.10.2.5"])[["order_id", "measure"]].values.tolist()
        [['2', 'power_window.10.2.5']]
        """
        if measures is None:
            res = self.results
            measures = res.loc[res["missing_evidence"] > 0, "measure"].unique()
        frames = []
        for key in (self._measure(x) for x in _one_or_many(measures)):
            it = self._plan.get(key)
            if it is None:
                continue
            if it.kernel.level != "record":
                # the inspection items of the measure's own clause (service_24h, open_all_week): what judges a slot
                # nobody asked for service in
                clause = it.m.get("clause_id") or key.split("#")[0]
                items = tuple(dict.fromkeys(i for x in self._plan.values() if x.kernel.name == "checklist"
                                            and (x.m.get("clause_id") or x.measure.split("#")[0]) == clause
                                            for i in (x.params or {}).get("items") or ()))
                units = _lacking_units(key, it, self._masks[key][1], items, pop=self._masks[key][0])
                if units is not None and len(units):
                    frames.append(units)
                continue
            pop, mask, m = self._masks[key]
            out = _lacking(it, pop, mask)
            if not len(out):
                continue
            private = [c for c, sp in contracts()[m["records"]].columns.items() if sp.get("private") and c in out]
            if private:
                from .privacy import mask_text
                out = out.assign(**{c: mask_text(out[c], free_text=True) for c in private})
            p = m.get("params") or {}
            k = KERNELS[m["kernel"]]
            frames.append(out.assign(measure=key, message=prefixed(*_LACKING, k.message_halves(p, m)),
                                     reason=_lacking_reason(out, p, m["records"], key,
                                                            horizon=it.params.get("horizon"),
                                                            kernel=k)).reset_index(drop=True))
        if not frames:
            return pd.DataFrame(columns=["measure", "message", "reason"])
        return pd.concat(frames, ignore_index=True)

    def blank_columns(self, measures=None) -> pd.DataFrame:
        """The columns a measure reads that are blank on every record of its population: why a measure fails or
        lacks evidence when an export never carried a column (a complaint export without 答复时间 fails
        13.5's reply measures at 0 %: every complaint is unanswered as far as the records say).

        ``measures`` (default: every measure whose verdict is ``fail`` or ``insufficient``; one judged per unit is
        looked at for its unit's column alone: 6.2.1's customer_id, blank in an outage export per event).  Columns:
        ``measure``, ``records`` (its kind), ``column``, ``rows`` (the population's records, every one blank
        there).  A population kept in memory is looked at in place; one judged piece by piece (a store) or on
        Dask has those columns alone read again, and a column blank in it only, filled on the kind's other
        records, is not found so.

        Examples
        --------
        >>> import tempfile
        >>> from windoweval.records.workspace import Workspace
        >>> from windoweval.records import validate
        >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
        >>> orders = validate(pd.DataFrame({"order_id": ["1", "2"], "window_id": "PW01", "order_type": "fault_repair",
        ...                                 "filed_at": ["2025-06-01 18:00", "2025-06-02 09:00"],
        ...                                 "received_at": ["2025-06-01 18:00", "2025-06-02 09:00"]}), "work_orders")
        >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
        >>> card.blank_columns(["power_window.10.2.5"])["column"].tolist()   # when the crew arrived: never recorded
        ['arrived_at']
        """
        if measures is None:
            res = self.results
            measures = res.loc[res["verdict"].isin(["fail", "insufficient"]), "measure"].unique() if len(res) else []
        rows = []
        res = self.results
        apart: dict = {}   # kind -> (a population read piece by piece or on Dask, [(measure, n, names)])
        for key in (self._measure(x) for x in _one_or_many(measures)):
            it = self._plan.get(key)
            pop = self._masks[key][0] if key in self._masks else None
            if it is None:
                continue
            # the columns its evidence comes from (a time limit's start and end, a value, a text), not those that
            # only qualify it (a state, an exception, a step's order: often blank in an export, and rightly so); a
            # measure judged per unit, its unit's (the customer of a reliability: an outage export per event)
            named = [it.params.get(p) for p in it.kernel.columns
                     if p in (_EVIDENCE_PARAMS if it.kernel.level == "record" else _UNIT_PARAMS)]
            names = {x for v in named for x in (v if isinstance(v, (list, tuple)) else [v]) if isinstance(x, str)}
            if isinstance(pop, pd.DataFrame):   # kept as rows
                df, pos = pop, None
            elif hasattr(pop, "pos") and hasattr(pop, "df"):   # kept by reference: its rows looked at, not copied
                df, pos = pop.df, pop.pos
            else:   # judged piece by piece (a store) or on Dask: those columns alone read again (review32), once
                # for every measure of the kind (the source is the kind's: 8 failed measures at 10 M had read it 8 times)
                n = int(res.loc[res["measure"] == key, "n"].sum()) if len(res) else 0
                if n and names:
                    apart.setdefault(it.m["records"], (pop, []))[1].append((key, n, names))
                continue
            n = len(df) if pos is None else len(pos)
            if not n:
                continue
            for c in (c for c in df.columns if c in names):
                said = df[c].notna().to_numpy(dtype=bool)
                if not (said if pos is None else said[pos]).any():
                    rows.append({"measure": key, "records": it.m["records"], "column": c, "rows": n})
        for kind, (pop, wanted) in apart.items():
            blank = set(_blank_in_source(pop, sorted(set().union(*(names for _k, _n, names in wanted)))))
            rows += [{"measure": key, "records": kind, "column": c, "rows": n}
                     for key, n, names in wanted for c in sorted(names & blank)]
        return pd.DataFrame(rows, columns=["measure", "records", "column", "rows"])

    def _measure(self, measure: str) -> str:
        """The key of ``measure`` in the scorecard (a clause id or alias with one measure resolves to it)."""
        if measure not in self._masks:
            cid = self.catalog.aliases.get(measure, measure)
            cands = [k for k in self._masks if k == cid or k.startswith(cid + "#")]
            if len(cands) != 1:
                import difflib

                # the nearest ids (never the first ones in alphabetical order)
                near = cands or difflib.get_close_matches(measure, list(self._masks), n=5, cutoff=0.0)
                raise UnknownName(f"没有测量 {measure} / no measure {measure}; "
                                  f"最接近的 / nearest: {', '.join(near)}")
            measure = cands[0]
        return measure

    def _finish(self, measure: str, pop, mask, include_passed: bool = False, window: str | None = None) -> pd.DataFrame:
        """The drill-down of ``measure`` from its population rows ``pop`` and their verdicts ``mask`` (all of
        them, or some rows of them: every step is row by row, so pieces give the whole's rows)."""
        return _drill_rows(measure, self._masks[measure][2], pop, mask, include_passed, window)


#: The parameters of 适当延长 (a longer time for special circumstances), one per kernel that takes one: a time
#: limit's longer limit, a cut-off's minutes added.
EXTENSION_PARAMS = ("extended_limit", "extended_minutes")


def extension_param(kernel) -> str | None:
    """The parameter of 适当延长 the kernel takes (``extended_limit`` or ``extended_minutes``), None when none: every
    message that names it names this one.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> extension_param(KERNELS["cutoff"]), extension_param(KERNELS["time_limit"]), extension_param(KERNELS["flag"])
    ('extended_minutes', 'extended_limit', None)
    """
    return next((x for x in EXTENSION_PARAMS if x in kernel.signature), None)


def _before(a: pd.Series, b: pd.Series) -> np.ndarray:
    """``a < b`` where both are times, a time written as a date alone lying anywhere in its day
    (:func:`windoweval.calendar.surely_before`, as the kernels judge it): an arrival written 2025-03-03 is not before
    a receipt at 09:00 that day."""
    av = a.to_numpy(dtype="datetime64[ns]").view(np.int64)
    bv = b.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return surely_before(av, bv) & a.notna().to_numpy() & b.notna().to_numpy()


def _lacking_reason(rows: pd.DataFrame, params: dict, kind: str, measure: str = "", horizon=None,
                    kernel=None) -> np.ndarray:
    """Why each record without evidence has none, where the record says it: one the system marks closed or withdrawn
    (its status column, ``status`` or a reply limit's ``withdrawn``) with the time the rule reads blank (done, when
    unknown); one flagged as a special circumstance (``special``: 适当延长) done after the ordinary limit, or not done
    when the records were cut (``horizon``, the evaluation's cut-off: only such a one past the ordinary limit is
    without evidence, one within it is open), while the workspace sets no longer one (the fix: ``extended_limit`` in
    ``[params."<measure>"]``); else blank (the message says what the rule needs).  Run on those records only, never
    on a population.  A kernel that says why itself (``lacking=`` in its decorator) is asked first; the rules
    below fill what it leaves blank.

    Examples
    --------
    >>> rows = pd.DataFrame({"order_status": ["closed", None], "completed_at": pd.to_datetime([None, None])})
    >>> _lacking_reason(rows, {"end": "completed_at", "status": "order_status"}, "work_orders").tolist()[1]
    ''
    >>> _lacking_reason(rows, {"end": "completed_at", "status": "order_status"}, "work_orders").tolist()[0][:9]
    '系统标为已办结或撤'
    >>> calls = pd.DataFrame({"hang_up": ["answered"], "answered_at": pd.to_datetime([None])})
    >>> _lacking_reason(calls, {"end": "answered_at", "status": "hang_up"}, "calls_95598").tolist()[0][:9]
    '挂机原因表明已接听'
    """
    out = np.full(len(rows), "", dtype=object)
    if kernel is not None and kernel.lacking is not None and len(rows):   # the kernel's own (a monitor's limits)
        out = np.asarray(kernel.lacking(rows, params), dtype=object).copy()
    spec = contracts()[kind].columns
    st, en = params.get("start"), params.get("end")
    if len(rows) and isinstance(st, str) and isinstance(en, str) and st in rows and en in rows \
            and pd.api.types.is_datetime64_any_dtype(rows[st]) and pd.api.types.is_datetime64_any_dtype(rows[en]):
        # both times there, the end before the start (restored before the cause was cleared): the steps out of order
        flip = _before(rows[en], rows[st])
        zs, ze = spec.get(st, {}).get("zh", st), spec.get(en, {}).get("zh", en)
        out[flip] = (f"{ze}早于{zs}:两步先后颠倒,时限无从判断;请在导出系统中核对 / {en} before {st}: the steps are "
                     f"out of order, the time limit cannot be judged; check both in the exporting system")
    if len(rows) and isinstance(en, str) and en in rows:
        # the steps around the end out of order (completed before the arrival), or hung up before the answer
        e = rows[en]
        ze = spec.get(en, {}).get("zh", en)
        for key, later in (("not_before", False), ("not_after", True)):
            cols = params.get(key)
            for c in ([cols] if isinstance(cols, str) else list(cols or [])):
                if c not in rows:
                    continue
                bad = _before(rows[c], e) if later else _before(e, rows[c])
                zc = spec.get(c, {}).get("zh", c)
                out[bad & (out == "")] = (
                    f"{ze}{'晚于' if later else '早于'}{zc}:两步先后颠倒,时限无从判断;请在导出系统中核对 / {en} "
                    f"{'after' if later else 'before'} {c}: the steps are out of order, the time limit cannot be "
                    f"judged; check both in the exporting system")
        # the end blank, a later step written past the limit (a decoction picked up after the due time, no ready
        # time): the end came no later than it, whether within the limit is unknown (time_limit, cutoff: not_after)
        cols = params.get("not_after")
        started = rows[st].notna().to_numpy() if isinstance(st, str) and st in rows else np.ones(len(rows), bool)
        for c in ([cols] if isinstance(cols, str) else list(cols or [])):
            if c not in rows:
                continue
            zc = spec.get(c, {}).get("zh", c)
            if isinstance(st, str) and st in rows:   # the later step before the start: the steps out of order
                zs = spec.get(st, {}).get("zh", st)
                flip = e.isna().to_numpy() & _before(rows[c], rows[st]) & (out == "")
                out[flip] = (f"{zc}早于{zs}:两步先后颠倒,时限无从判断;请在导出系统中核对 / {c} before {st}: the steps "
                             f"are out of order, the time limit cannot be judged; check both in the exporting system")
            late = e.isna().to_numpy() & rows[c].notna().to_numpy() & started & (out == "")
            hint = "、".join(spec.get(en, {}).get("aliases") or [ze])
            out[late] = (f"{ze}为空,{zc}已过时限:{ze}不晚于{zc},是否在时限内无从判断(不计未达标,也不计达标);"
                         f"请一并导出{ze}({hint}),或在 mapping.yaml 中把表示{ze}的表头映射为 {en} / {en} blank and "
                         f"{c} past the limit: {en} came no later than {c}, so whether it was within the limit "
                         f"cannot be told (neither missed nor met); export {en} too ({hint}), or map the header that "
                         f"holds it to {en} in mapping.yaml")
        ab = params.get("abandoned")
        if isinstance(ab, str) and ab in rows:
            bad = _before(rows[ab], e)
            za = spec.get(ab, {}).get("zh", ab)
            out[bad & (out == "")] = (f"{za}早于{ze}:接听之前已挂机却又记有接听,时限无从判断;请在导出系统中核对 / {ab} "
                                      f"before {en}: hung up before the answer yet answered, the time limit cannot be "
                                      f"judged; check both in the exporting system")
    for col in (en, st):   # a time written as a date alone: the day known, not the hour a limit in minutes needs
        # (a limit counted in days or working days judges a date alone: its missing evidence has another cause)
        if params.get("unit") in ("days", "working_days") or not (len(rows) and isinstance(col, str) and col in rows
                and pd.api.types.is_datetime64_any_dtype(rows[col])):
            continue
        alone = date_only(rows[col].to_numpy(dtype="datetime64[ns]")) & (out == "")
        if alone.any():
            zx = spec.get(col, {}).get("zh", col)
            day = rows[col][alone].dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
            out[alone] = (f"{zx}只有日期(" + day + f"),没有时刻:按分钟或小时计的时限无从判断(不计未达标,也不计达标);"
                          f"请在导出系统中导出含时刻的{zx} / {col} is a date alone (" + day + "), no time of day: a "
                          f"limit in minutes or hours cannot be judged (neither missed nor met); export {col} with its "
                          f"time of day")
    sp = params.get("special")
    name = extension_param(kernel) if kernel is not None else (
        "extended_minutes" if "rules" in params else "extended_limit")
    if len(rows) and isinstance(sp, str) and sp in rows and isinstance(en, str) and en in rows \
            and params.get(name) is None and isinstance(st, str) and st in rows:
        # 适当延长 with no longer limit set: done after the ordinary limit, whether within the longer one is unknown;
        # not done by the cut-off (a special case within the ordinary limit is open, so this one is past it): whether
        # the longer limit has passed is unknown.  Without a cut-off a blank end says nothing of the limit (as for any)
        flagged = rows[sp].astype("boolean").fillna(False).to_numpy(dtype=bool) & rows[st].notna().to_numpy()
        done = rows[en].notna().to_numpy()
        fix_zh, fix_en = (f"请在 windoweval.toml 的 [params.\"{measure}\"] 中设 {name}",
                          f"set {name} in [params.\"{measure}\"] of windoweval.toml")
        out[flagged & done & (out == "")] = (
            f"特殊情况(适当延长),超过常规时限,而工作区未设延长后的时限,无从判断;{fix_zh} / a special circumstance "
            f"(适当延长) done after the ordinary limit, and the workspace sets no longer limit: it cannot be judged; "
            f"{fix_en}")
        if horizon is not None:
            out[flagged & ~done & (out == "")] = (
                f"特殊情况(适当延长),截止时仍未完成且已超过常规时限,而工作区未设延长后的时限,是否逾期无从判断;{fix_zh} / "
                f"a special circumstance (适当延长) not done by the cut-off and past the ordinary limit, and the "
                f"workspace sets no longer limit: whether it is overdue cannot be judged; {fix_en}")
    if len(rows) and isinstance(st, str) and st in rows and isinstance(en, str) and en in rows:
        # the limit's start not recorded (an HIS billing export's one 收费时间, no 叫号时间): named with the fix
        zs = spec.get(st, {}).get("zh", st)
        hint = "、".join(spec.get(st, {}).get("aliases") or [zs])
        out[rows[st].isna().to_numpy(dtype=bool) & (out == "")] = (
            f"{zs}为空:时限的起点未记录,无从判断;请一并导出{zs}({hint})并在 mapping.yaml 中映射为 {st} / {st} blank: "
            f"the limit's start is not recorded, it cannot be judged; export {st} too ({hint}) and map it to {st} "
            f"in mapping.yaml")
    nd = params.get("needs")
    if len(rows) and isinstance(nd, str) and nd in rows:
        zn = spec.get(nd, {}).get("zh", nd)
        out[rows[nd].isna().to_numpy(dtype=bool) & (out == "")] = (
            f"{zn}为空:无法确定适用哪一时限 / {nd} blank: which limit applies cannot be told")
    col = params.get("status") or params.get("withdrawn")
    ends = params.get("end") or params.get("after")
    ends = [ends] if isinstance(ends, str) else list(ends or [])
    if not len(rows) or not col or col not in rows or not ends or any(e not in rows for e in ends):
        return out
    from .population import closed_of

    blank = rows[ends].isna().all(axis=1).to_numpy()
    names = "、".join(spec.get(e, {}).get("zh", e) for e in ends)
    if kind == "hospital_events":   # a report released (已发布, 已审核): no case is withdrawn here
        out[closed_of(rows[col]) & blank] = (f"系统标为已完成(已发布、已审核),但{names}为空:已完成,何时完成未知 / "
                                             f"marked closed (released) with {', '.join(ends)} blank: done, "
                                             f"when is unknown")
        return out
    if kind == "calls_95598":   # 挂机原因 says answered (正常结束, 坐席挂机), no answer time: answered, when unknown
        out[closed_of(rows[col]) & blank] = (f"挂机原因表明已接听(正常结束、坐席挂机),但{names}为空:已接听,何时接听未知,"
                                             f"是否在时限内无从判断 / hang-up reason says answered with "
                                             f"{', '.join(ends)} blank: answered, when is unknown, so whether within "
                                             f"the limit cannot be told")
        return out
    out[closed_of(rows[col]) & blank] = (f"系统标为已办结或撤销,但{names}为空:已完成,何时完成未知 / "
                                         f"marked closed or withdrawn with {', '.join(ends)} blank: done, "
                                         f"when is unknown")
    return out


#: Why a slot of ``every_slot`` with ``empty: na`` lacks evidence (24小时不间断, 24小时服务, 无周休日: nobody asked for
#: service in it); ``{items}`` the clause's inspection items (service_24h, open_all_week), else the inspection.
_EMPTY_SLOT_REASON = (
    "本年度该时段没有写明时间的服务记录(如报修、来电、就诊、业务办理;无人求助,或只有时间为空的记录):记录只显示有人求助时的服务,"
    "不能说明该时段无人值守;请以{items_zh}判断,或补全记录的时间",
    "no service record (a fault report, a call, a patient's event, a transaction) with its time in this slot during "
    "the year (nobody asked, or only records whose time is blank): the records show service only where someone asked "
    "and cannot tell the slot was unstaffed; judge it by {items_en}, or fill in the records' times")

#: Why a unit of a unit-level kernel lacks evidence (:func:`_lacking_units`), by kernel; ``{unit}`` its keys.
_UNIT_REASONS = {
    "every_slot": ("该时段没有写明时间的服务记录,而该窗口有时间为空的记录,可能就在此时段;请补全记录的时间",
                   "no record with its time in this slot, and the window has records whose time is blank that may "
                   "be in it; fill in the records' times"),
    "count_limit": ("记录的客户编号为空:该次停电计入哪位客户未知;请在导出中补全客户编号",
                    "a record's customer is blank: whose count it adds to is unknown; fill in the customer in the "
                    "export"),
    "reliability": ("客户编号为空,或停电标为已结束但恢复供电时间为空:停电时长未知;请补全客户编号或恢复供电时间",
                    "the customer is blank, or an outage marked closed has no restoration time: its hours are "
                    "unknown; fill in the customer or the restoration time"),
    "roster_any": ("名册上本年度无在岗人员,或候选人员该项能力未填写;请补全人员名册",
                   "nobody on the roster during the year, or the skill left blank for its candidates; complete the "
                   "staff roster"),
    "count_at_least": ("登记的条目不足,缺少的可能是未写明数值或类别的条目;请补全登记",
                       "too few entries counted, and entries without the value or category counted could make up the "
                       "rest; complete the register"),
    "diverted_within": ("排队超过上限后,时限内没有后续快照,或前后都未记录开放窗口数;请补全排队快照",
                        "after the queue went over the limit there is no later snapshot within the time, or the "
                        "windows open are not logged at either moment; complete the queue snapshots"),
    "waiting_time": ("该窗口的等候时间无法计算(取号或叫号时间为空);请补全排队记录",
                     "the window's waiting times cannot be computed (ticket or call times blank); complete the queue "
                     "records"),
}


#: Why a slot of ``every_slot`` with ``served`` and ``abandoned`` (95598 calls, 24小时不间断) lacks evidence when calls
#: were offered in it: unanswered with no hang-up time (``unsure``: the caller may have given up within the limit), or
#: only given up within the limit (``early``); ``{limit}`` the clause's ``abandoned_limit`` in seconds.
_UNANSWERED_SLOT_REASONS = {
    "unsure": (
        "该时段的来电都未接听且挂机时间为空:来电者可能在 {limit} 秒内放弃(未到应答时限,不计),无从判断该时段是否中断服务;"
        "请在导出中补全挂机时间(挂机时间、放弃时间),或以{items_zh}判断",
        "the calls offered in this slot were all unanswered with no hang-up time: each caller may have given up within "
        "{limit} s (not yet owed an answer, not counted), so whether service was interrupted cannot be told; export "
        "the hang-up time (挂机时间, 放弃时间), or judge it by {items_en}"),
    "early": (
        "该时段的来电都在 {limit} 秒内放弃(未到应答时限,不计):没有中断服务的迹象,也没有服务的记录;请以{items_zh}判断",
        "the calls offered in this slot were all given up within {limit} s (not yet owed an answer, not counted): no "
        "sign of an interruption, and no record of service; judge it by {items_en}"),
}


def _unanswered_slots(it, pop, keys: pd.DataFrame, slot: str) -> tuple[np.ndarray, np.ndarray]:
    """For each unit of ``keys`` (``window_id`` and ``slot``) of an ``every_slot`` measure with ``served`` and
    ``abandoned``: whether its slot holds a call unanswered with no hang-up time (unsure), and whether it holds one
    given up within ``abandoned_limit`` (early).  The population ``pop`` (a frame, a store's pieces, Dask partitions)
    read again, a frame at a time, vectorised."""
    from .kernels.counts import NOT_COUNTED, UNSURE, slot_classes, slot_of

    p = it.params or {}
    t = p.get("time")
    found = {UNSURE: [], NOT_COUNTED: []}
    frames = [pop] if isinstance(pop, pd.DataFrame) else _record_sources(pop)
    for fr in frames:
        if not isinstance(pop, pd.DataFrame) or all(c in fr for c in (it.m.get("where") or {})):
            rows = it.population(fr)
            fr = fr if rows is None else fr.take(rows)
        if not len(fr) or t not in fr or "window_id" not in fr:
            continue
        cls = slot_classes(fr, t, p.get("served"), p.get("abandoned"), p.get("abandoned_limit", 12),
                           p.get("abandoned_within", "excluded"), p.get("status"))
        _, s = slot_of(fr[t], slot)
        w = fr["window_id"].to_numpy(dtype=object)
        for c in found:
            sel = (cls == c) & (s >= 0)
            if sel.any():
                found[c].append(pd.DataFrame({"window_id": w[sel], slot: s[sel]}).drop_duplicates())
    at = pd.MultiIndex.from_frame(keys[["window_id", slot]].astype({slot: np.int64}))
    out = []
    for c in (UNSURE, NOT_COUNTED):
        if not found[c]:
            out.append(np.zeros(len(keys), dtype=bool))
            continue
        got = pd.concat(found[c], ignore_index=True).astype({slot: np.int64})
        out.append(at.isin(pd.MultiIndex.from_frame(got)))
    return out[0], out[1]


def _lacking_units(measure: str, it, mask: pd.Series, items: tuple = (), pop=None) -> pd.DataFrame | None:
    """:meth:`Scorecard.missing_evidence` of one unit-level measure: its units of no verdict that are neither open
    nor left out by the rule (the units its ``missing_evidence`` count counts), each with the unit's keys as columns,
    ``unit``, ``measure``, ``message`` and ``reason``.  None for a promise measure (its occurrences are records of
    the promises' own measures, listed there) or a mask without the units' keys.  A slot of calls (``every_slot``
    with ``served`` and ``abandoned``) whose calls were all unanswered says so, from the population ``pop``: with no
    hang-up time, each may have been given up within the clause's ``abandoned_limit``; given up within it, not yet
    owed an answer (:data:`_UNANSWERED_SLOT_REASONS`), never "no service record"."""
    from .engine.account import unit_label

    k = it.kernel
    if k.name == "promises_kept" or mask is None or not len(mask):
        return None
    lacks = mask.isna().to_numpy(dtype=bool) & ~open_of(mask) & ~excluded_of(mask)
    if not lacks.any():
        return None
    names = [n for n in mask.index.names if n is not None]
    if not names:
        return None
    keys = mask.index[np.flatnonzero(lacks)].to_frame(index=False)[names]
    p = it.params or {}
    zh, en = _UNIT_REASONS.get(k.name, ("该单元的记录不足以判断", "the unit's records cannot tell"))
    if k.name == "every_slot" and p.get("empty") == "na":   # a slot nobody asked for service in (clauses45)
        names = "、".join(items)
        zh = _EMPTY_SLOT_REASON[0].format(items_zh=f"检查项 {names}" if items else "检查或暗访")
        en = _EMPTY_SLOT_REASON[1].format(items_en=f"the inspection item {', '.join(items)}" if items
                                          else "an inspection or a mystery-shopper visit")
    message = prefixed(*_LACKING, k.message_halves(p, it.m))
    reason = np.full(len(keys), f"{zh} / {en}", dtype=object)
    slot = p.get("slot", "hour")
    if (k.name == "every_slot" and p.get("served") and p.get("abandoned") and pop is not None
            and p.get("abandoned_within", "excluded") == "excluded" and {"window_id", slot} <= set(keys.columns)):
        unsure, early = _unanswered_slots(it, pop, keys, slot)
        limit = f"{float(p.get('abandoned_limit', 12)):g}"
        names_ = "、".join(items)
        by = {"items_zh": f"检查项 {names_}" if items else "检查或暗访",
              "items_en": f"the inspection item {', '.join(items)}" if items else "an inspection or a mystery-shopper visit"}
        for hit, (z, e) in ((early & ~unsure, _UNANSWERED_SLOT_REASONS["early"]),
                            (unsure, _UNANSWERED_SLOT_REASONS["unsure"])):
            reason[hit] = z.format(limit=limit, **by) + " / " + e.format(limit=limit, **by)
    rows = keys.assign(unit=unit_label(k.name), measure=measure, message=message, reason=reason,
                       units=pd.array(np.ones(len(keys), dtype=np.int64), dtype="Int64"))
    if k.name == "reliability" and p.get("min_rate") is None and "window_id" in keys:
        # no record lacks: the province's figure is not set, the one cause of every customer-year of the window (could
        # be millions): one row per window with the count of units it stands for (diff40); a unit whose customer is
        # blank has a cause of its own as well (fixed in the export, not by min_rate) and keeps its row
        zr, er = (f'省公司规定的可靠率标准未设置;请在 windoweval.toml 的 [params."{measure}"] 写 min_rate(如 0.999)',
                  f'the provincial reliability standard is not set; write min_rate (such as 0.999) under '
                  f'[params."{measure}"] in windoweval.toml')
        own = keys.drop(columns=["window_id"]).isna().any(axis=1).to_numpy(dtype=bool)
        per = keys.loc[~own, "window_id"].value_counts(sort=False, dropna=False)
        whole = pd.DataFrame({"window_id": per.index.to_numpy(dtype=object)}).reindex(columns=names).assign(
            unit=unit_label(k.name), measure=measure, message=message, reason=f"{zr} / {er}",
            units=pd.array(per.to_numpy(dtype=np.int64), dtype="Int64"))
        rows = pd.concat([whole, rows[own].assign(reason=f"{zr};{zh} / {er}; {en}")], ignore_index=True)
    return rows


def _take_lacking(rows: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """The rows of ``rows`` whose verdict in ``mask`` (the kernel's, its flags in hand) is missing evidence: <NA>,
    neither open nor left out by the rule."""
    lacks = mask.isna().to_numpy(dtype=bool) & ~open_of(mask) & ~excluded_of(mask)
    return rows.drop(columns=["open"], errors="ignore").reset_index(drop=True).take(np.flatnonzero(lacks))


#: The kernel parameters that name the columns a verdict's evidence comes from (:meth:`Scorecard.blank_columns`).
_EVIDENCE_PARAMS = ("start", "end", "time", "value", "column", "text", "callback", "result", "notice", "event",
                    "planned", "actual", "nominal")
#: The parameters naming the unit a measure judged per unit counts (a reliability's customer, a count's unit): blank on
#: every record, the measure has no unit to judge (an outage export per event, its customers not listed).
_UNIT_PARAMS = ("customer", "unit")


#: Rows of a piece :func:`_blank_in_source` reads a store's named columns in (the reading stops at the first piece in
#: which each of them is filled somewhere).
BLANK_PIECE_ROWS = 131_072


def _blank_in_source(pop, names: list) -> list:
    """Which of the columns ``names`` are blank on every record a population judged piece by piece (a store's
    pieces) or on Dask was read from: those columns alone read again, a piece or a partition at a time (never the
    population whole).  Blank there is blank in the population; a column blank in the population only (filled on
    the kind's other records) is not found so.  A population of another kind gives none."""
    if hasattr(pop, "pieces") and hasattr(pop, "item") and callable(pop.pieces):
        said = dict.fromkeys(names, False)
        # in pieces of BLANK_PIECE_ROWS (the store's own read gives 1,000,000): a column filled somewhere is mostly
        # found in the first piece, and only that piece is read (after45: ~35 MiB less at 10 M work orders, read
        # while the missed records' writer encodes)
        for p in pop.pieces(columns=names, batch_rows=BLANK_PIECE_ROWS):
            for c in names:
                said[c] = said[c] or (c in p and bool(p[c].notna().any()))
            if all(said.values()):
                break
        return [c for c in names if not said[c]]
    if hasattr(pop, "reader") and hasattr(pop, "session"):
        from .engine.dask import read_dask

        kind, data, year, _, mapping = pop.reader
        ddf = read_dask(kind, data, year, names, mapping)
        got = [c for c in names if c in ddf.columns]
        (said,) = pop.session.compute(ddf[got].notnull().any()) if got else (pd.Series(dtype=bool),)
        return [c for c in names if not bool(said.get(c, False))]
    return []


def _record_sources(pop):
    """The frames of a record-level measure's kind that its kept population ``pop`` came from, whole rows: the frame
    kept by reference (all its columns), the pieces read again, or the Dask partitions read again; a population
    kept as rows (the clause's exceptions already taken out) gives none."""
    if hasattr(pop, "pieces") and hasattr(pop, "item") and callable(pop.pieces):
        yield from pop.pieces()
    elif hasattr(pop, "reader") and hasattr(pop, "session"):
        import dask

        from .engine.dask import read_dask
        ddf = read_dask(*pop.reader)
        yield from pop.session.compute(*ddf.to_delayed())
    elif hasattr(pop, "full") and hasattr(pop, "df"):
        yield pop.full() if pop.full is not None else pop.df


def _excused(it: Item, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` in ``it``'s population that the clause's own exceptions leave out (what
    :meth:`Measure.apply` counts as ``exempt``)."""
    if not len(frame):
        return frame.iloc[:0]
    rows = it.population(frame)
    pop = frame if rows is None else frame.take(rows)
    if not len(pop):
        return pop
    ok = it.kernel.applicable(pop, **it.params)
    return pop[~ok]


#: Why :meth:`Scorecard.exempted` lists no unit of a unit-level measure (its docstring says it at length).
_UNIT_NOT_EXCUSED = ("按单元评判的测量没有条款所述例外:其规则未列出的单元计入“未评估”;承诺的例外记录列在该承诺自身的测量下 / "
                     "a measure judged over units has no clause exception: a unit its rule leaves out is counted in "
                     "not_assessed; a promise's excused records are listed under the promise's own measure")

#: Why :meth:`Scorecard.exempted` lists no occurrence of a promise measure: its excused ones are listed under the
#: promise's own measure.
_PROMISE_EXCUSED = ("承诺测量的豁免次数(条款所述例外)逐条列在该承诺自身的测量下,并在承诺兑现表中记为“例外” / "
                    "a promise measure's exempt occurrences (the clause's own exceptions) are listed one by one under "
                    "the promise's own measure, and as excused in the promise table")



def _exempt_reason(rows: pd.DataFrame, params: dict, kind: str) -> np.ndarray:
    """Why each excused record is left out, Chinese then English: flagged as a documented special circumstance
    (and, with ``exempt_overrun``, over the limit), a call given up within the limit, received after the last
    cut-off; else the clause's own exception.

    Examples
    --------
    >>> rows = pd.DataFrame({"exempt": [True], "started_at": pd.to_datetime(["2025-04-08 10:00"])})
    >>> _exempt_reason(rows, {"exempt": "exempt", "start": "started_at", "limit": 5, "unit": "minutes",
    ...                       "exempt_overrun": True}, "hospital_events")[0][:19]
    '“特殊情况”已标记且超出时限 5 分钟'
    """
    spec = contracts()[kind].columns if kind in contracts() else {}
    zh = (lambda c: spec.get(c, {}).get("zh", c))
    out = np.full(len(rows), "", dtype=object)
    if not len(rows):
        return out
    unit = params.get("unit", "")
    # each half in its own words (5 个工作日 / 5 working days)
    lim = f"{params.get('limit')} {UNIT_WORDS['en'].get(unit, unit)}".strip()
    lim_zh = f"{params.get('limit')} {UNIT_WORDS['zh'].get(unit, unit)}".strip()
    ex = params.get("exempt")
    if isinstance(ex, str) and ex in rows:
        flagged = rows[ex].astype("boolean").fillna(False).to_numpy(dtype=bool)
        if params.get("exempt_overrun"):
            out[flagged] = (f"“{zh(ex)}”已标记且超出时限 {lim_zh}:条款所述造成超时的例外,不计入 / flagged as a "
                            f"special circumstance ({ex}) and over the limit of {lim}: the clause's own exception "
                            f"for an overrun it caused, not counted")
        else:
            out[flagged] = (f"“{zh(ex)}”已标记:条款所述的特殊情况,不计入 / flagged as a special circumstance "
                            f"({ex}): the clause's own exception, not counted")
    ab, st = params.get("abandoned"), params.get("start")
    if isinstance(ab, str) and ab in rows and isinstance(st, str) and st in rows:
        gave_up = rows[ab].notna().to_numpy() & (out == "")
        out[gave_up] = (f"来电者在 {lim_zh} 内挂机({zh(ab)}),尚未到应接听之时,不计入 / the caller hung up within {lim} "
                        f"({ab}), before an answer was owed: not counted")
    rules = params.get("rules")
    if isinstance(rules, list) and rules and isinstance(st, str) and st in rows:
        from .kernels.time import _cutoff_minute
        last = max(rules, key=_cutoff_minute)   # as times: "9:30" before "17:00", "08:30" the same as "8:30"
        cut = last.get("before") or last.get("until")
        word_zh, word_en = ("之后", "after") if "until" in last else ("或之后", "at or after")
        late = rows[st].notna().to_numpy() & (out == "")
        out[late] = (f"{zh(st)}在最后截止时间 {cut}{word_zh}:不在当天承诺之内,不计入 / {st} {word_en} the last "
                     f"cut-off {cut}: outside the same-day promise, not counted")
    out[out == ""] = "条款所述例外,不计入 / the clause's own exception, not counted"
    return out


def _lacking(it: Item, pop, mask) -> pd.DataFrame:
    """:meth:`Scorecard.missing_evidence` of one record-level measure: its population's rows without evidence.

    Judged piece by piece (a store read in pieces): each piece judged again and only its rows without evidence
    kept, one piece in memory at a time.  A population kept by reference: its rows and the verdicts scoring gave
    (their flags in hand).  Rows that lost the flags on the way (Dask partitions put together): judged again."""
    from .engine import evaluate_frame

    if hasattr(pop, "pieces") and hasattr(pop, "item"):
        parts = []
        for piece in pop.pieces():
            ev = evaluate_frame(piece, [it])[it.measure]
            rows, mk = ev.pop.materialise(ev.mask) if hasattr(ev.pop, "materialise") else (ev.pop, ev.mask)
            part = _take_lacking(rows, mk)
            if len(part):
                parts.append(part)
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if hasattr(pop, "materialise"):
        pop, mask = pop.materialise(mask, True)
    if "open" in pop or len(mask) != len(pop):   # the rule's flags not carried: judged again on the rows
        pop = pop.drop(columns=["open"], errors="ignore").reset_index(drop=True)
        if not len(pop):
            return pop
        mask = it.apply(pop).mask
        return _take_lacking(pop.take(mask.index.to_numpy()) if len(mask) != len(pop) else pop, mask)
    return _take_lacking(pop, mask)


def _drill_rows(measure: str, m: dict, pop, mask, include_passed: bool = False, window: str | None = None) -> pd.DataFrame:
    """:meth:`Scorecard._finish` for the measure ``m`` (its catalog entry): what scoring gives the engine to put
    the missed records of a piece aside while it scores (``score(keep_missed=...)``)."""
    k = KERNELS[m["kernel"]]
    if k.level == "record":
        # open cases (no completion, not yet due): neither met nor missed; a population read again
        # (Dask, pieces) carries them as a column, one kept in memory on its mask
        opened = pop["open"].to_numpy(dtype=bool) if "open" in pop else open_of(mask)
        out = pop.drop(columns=["open"], errors="ignore").assign(passed=mask, open=opened)
        private = [c for c, s in contracts()[m["records"]].columns.items() if s.get("private") and c in out]
        if private:  # free text that may name people: masked in every drill-down (windoweval.privacy)
            from .privacy import mask_text
            out = out.assign(**{c: mask_text(out[c], free_text=True) for c in private})
    else:  # the missed units first, then their keys as columns (not every unit's)
        out = (mask if include_passed else mask[mask.eq(False).to_numpy(dtype=bool, na_value=False)]).reset_index()
    if not include_passed:
        out = out[out["passed"].eq(False).to_numpy(dtype=bool, na_value=False)]
    if window is not None:
        out = out[out["window_id"] == window]
    p = m.get("params") or {}
    if k.detail is not None:  # the kernel's own columns: elapsed time, phrase hits in their sentences
        out = k.detail(out, p)
    return out.assign(measure=measure, message=k.message(p, m)).reset_index(drop=True)


def _drill_record_columns(measure: str, m: dict, columns: list, take, mask) -> dict | None:
    """:func:`_drill_rows` of a record-level measure's missed rows column by column, without the frame: ``{column:
    values}`` in the drill-down's order, where ``columns`` are the population's columns (each given as it is by
    ``take(column)``: the missed rows' values), ``mask`` their verdicts (every one False).  A column the rows
    hold one value of (the measure, its message) is given as that value (a ``str``).  None when the drill-down
    is not made so (a unit-level kernel, private text, open cases as a column, a row not missed): then
    :func:`_drill_rows` itself.  What the engine uses to put the missed rows of a piece aside in Arrow
    (:mod:`windoweval.engine.missed_pass`), the same rows :func:`_drill_rows` makes.

    Examples
    --------
    >>> from windoweval.kernels import with_open
    >>> m = {"kernel": "flag", "records": "work_orders", "params": {"column": "ok"}}
    >>> pop = pd.DataFrame({"order_id": ["2"], "ok": [False]})
    >>> mk = pd.Series(pd.array([False], dtype="boolean"), name="passed")
    >>> got = _drill_record_columns("m", m, list(pop.columns), lambda c: pop[c], mk)
    >>> list(got), got["measure"]
    (['order_id', 'ok', 'passed', 'open', 'measure', 'message'], 'm')
    >>> list(_drill_rows("m", m, pop, mk).columns) == list(got)
    True
    """
    k = KERNELS[m["kernel"]]
    if k.level != "record" or "open" in columns or "passed" in columns:
        return None
    if any(s.get("private") and c in columns for c, s in contracts()[m["records"]].columns.items()):
        return None
    if mask.dtype != "boolean" or mask.isna().any() or mask.any():
        return None
    p = m.get("params") or {}
    out = {c: take(c) for c in columns}
    out["passed"] = mask
    out["open"] = open_of(mask)
    if k.detail is not None:  # the kernel's own columns, from the columns its parameters name
        read = [p[x] for x in k.columns if isinstance(p.get(x), str) and p[x] in out]
        # a kernel's detail that takes the columns apart (the elapsed minutes: no frame made for each piece)
        by_cols = getattr(k.detail, "columns", None)
        got = None if by_cols is None else by_cols({c: pd.Series(out[c]) for c in read}, p)
        if got is None:
            got = k.detail(pd.DataFrame({c: pd.Series(out[c]).array for c in read}, index=pd.RangeIndex(len(mask))), p)
        for c in got.columns if isinstance(got, pd.DataFrame) else got:
            if c in read:
                continue
            if c in out:
                return None
            out[c] = got[c]
    for c, v in (("measure", measure), ("message", k.message(p, m))):
        if c in out or not isinstance(v, str):
            return None
        out[c] = v
    return out


def _drill_unit_columns(measure: str, m: dict, mask) -> dict | None:
    """:func:`_drill_rows` of a unit-level measure's missed units (``mask``: their verdicts, every one False, on a
    plain index: the units' keys are not asked for) column by column, without the frame: ``{column: values}`` in
    the drill-down's order after the index's column, the measure and its message as one value each (a ``str``).
    None when the drill-down is not made so (a record-level kernel, a kernel's own columns, a unit that did not
    miss): then :func:`_drill_rows` itself.  What the engine uses to put a promise measure's missed occurrences
    aside in Arrow (:mod:`windoweval.engine.missed_pass`).

    Examples
    --------
    >>> m = {"kernel": "promises_kept", "records": "work_orders", "params": {"kind": "work_orders"}}
    >>> mk = pd.Series(pd.array([False, False], dtype="boolean"), name="passed")
    >>> got = _drill_unit_columns("m", m, mk)
    >>> list(got), got["measure"]
    (['passed', 'measure', 'message'], 'm')
    >>> list(_drill_rows("m", m, None, mk).columns)[1:] == list(got)
    True
    """
    k = KERNELS[m["kernel"]]
    if k.level == "record" or k.detail is not None or mask.name != "passed" or isinstance(mask.index, pd.MultiIndex):
        return None
    if mask.index.name in ("passed", "measure", "message") or mask.dtype != "boolean" or mask.isna().any() \
            or mask.any():
        return None
    p = m.get("params") or {}
    out = {"passed": pd.Series(mask.array, index=pd.RangeIndex(len(mask)), name="passed")}
    for c, v in (("measure", measure), ("message", k.message(p, m))):
        if not isinstance(v, str):
            return None
        out[c] = v
    return out


#: The drill-down of a record-level measure's missed rows column by column (the engine's Arrow path).
_drill_rows.record_columns = _drill_record_columns
#: The drill-down of a unit-level measure's missed units column by column, the keys left out (the same).
_drill_rows.unit_columns = _drill_unit_columns


def needs_review(card: "Scorecard") -> pd.DataFrame:
    """The 需人工复核 (needs review) list: every record a kernel left for a person to judge, and why.

    A kernel that can leave records undecided declares how to say why
    (``review=`` in its decorator, :func:`windoweval.kernels.kernel`); such a
    record is <NA> in the kernel's mask without being an open case, and is not
    assessed (it neither passes nor fails a window) until an inspector
    confirms it.  Columns: ``measure``, ``window_id``, the kernel's own
    columns (a forbidden phrase's ``phrase`` and ``sentence``), the records' key.

    Examples
    --------
    >>> import tempfile
    >>> from windoweval.demo import tiny_records
    >>> ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
    >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    >>> needs_review(card).empty
    True
    """
    frames = []
    for measure, (pop, mask, m) in card._masks.items():
        k = KERNELS[m["kernel"]]
        if k.review is None:
            continue
        d = card.drilldown(measure, include_passed=True)
        undecided = d["passed"].isna().to_numpy().copy()
        if "open" in d:
            undecided &= ~d["open"].to_numpy(dtype=bool, na_value=False)
        d = d[undecided]
        if not len(d):
            continue
        why = k.review(d, m.get("params") or {})
        if not len(why):
            continue
        key = [c for c in contracts()[m["records"]].key if c in d and c != "window_id"]
        got = d.loc[why.index, ["window_id", *key]].reset_index(drop=True)
        frames.append(pd.concat([got.assign(measure=measure), why.reset_index(drop=True)], axis=1)
                      [["measure", "window_id", *why.columns, *key]])
    if not frames:
        return pd.DataFrame(columns=["measure", "window_id"])
    return pd.concat(frames, ignore_index=True)


def plan_measures(standard: str | list[str] | None, ws: Workspace, catalog: Catalog,
                  year: int | None = None) -> list[Item]:
    """The measures of ``standard`` (one, several, or all) that apply to some window of ``ws``, ready to evaluate.

    Each :class:`~windoweval.engine.Item` carries the windows the measure
    applies to and the kernel's parameters with the context filled in
    (:meth:`windoweval.kernels.Kernel.bind`).

    Examples
    --------
    >>> plan = plan_measures("power_window", load_workspace(None), load_catalog(), 2025)
    >>> it = next(i for i in plan if i.measure == "power_window.10.2.5")   # 45 minutes to a fault
    >>> it.kind, it.wins[:2], sorted(it.params)
    ('work_orders', ['PW01', 'PW02'], ['abandoned_within', 'calendar', 'end', 'horizon', 'limit', 'missing', 'not_after', 'start', 'status', 'unit'])
    """
    stds = [standard] if isinstance(standard, str) else (standard or list(catalog.standards))
    for s in stds:
        if s not in catalog.standards:
            raise UnknownName(f"没有标准 {s} / no standard {s}; 可选 / choose from {sorted(catalog.standards)}")
    cal = ws.calendar()
    register = ws.promise_register()  # the organisation's own promises, else the bundled register
    if ws.params or ws.targets or ws.weights:
        _unknown_sections(ws, catalog)   # a section or key naming no measure: refused, never unused in silence
    plan, applies = [], {}
    horizon = ws.horizon(year)
    bands = _needs_bands([m for s in stds for m in catalog.measures(s)], ws)
    for m in (m for s in stds for m in catalog.measures(s)):
        key = (m["standard"], tuple(m["window_kinds"]))
        if key not in applies:  # the measures of a standard mostly share their window kinds
            applies[key] = ws.windows_for(m["standard"], m["window_kinds"])
        # a measure narrowed to some of its clause's kinds (标准1 第十条(一)2 #calls, #repair) still judges the records
        # of a window of the clause's other kinds: narrowing only spares such a window a no_data cell (_results)
        wide = (m["standard"], tuple(dict.fromkeys([*m["window_kinds"], *(m.get("judged_kinds") or ())])))
        if wide not in applies:
            applies[wide] = ws.windows_for(m["standard"], list(wide[1]))
        if not applies[wide]:
            continue
        wins = list(applies[wide])
        if len(applies[wide]) != len(applies[key]):
            m = {**m, "charged_windows": list(applies[key])}
        params = _params(m, ws, KERNELS[m["kernel"]])
        if "needs_range" in params and m["measure"] in bands:
            params = {**params, "needs_range": bands[m["measure"]]}
        if params != (m.get("params") or {}):
            # the organisation's own parameters are the ones the verdicts use: the drill-down's message and detail
            # read them from the measure too (供电可靠率低于 0.999, not the placeholder)
            m = {**m, "params": params}
        # a measure of promises is expanded here, once, into its promises' own measures (the register)
        plan.append(Measure.of(m, wins, params, calendar=cal, year=year, art203=ws.art203, horizon=horizon,
                               options=ws.options,
                               promises=expand(m, own=lambda x: _own_params(x, ws), register=register)))
    return plan


@notes_once()       # a read note said once in a call (tidy45: the records read twice said it twice)
def score(standard: str | list[str] | None = None, year: int | None = None, data=None,
          workspace: Workspace | None = None, catalog: Catalog | None = None,
          records: dict | None = None, scheduler=None, keep_missed=None) -> Scorecard:
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
    keep_missed : callable or True, optional
        Put the missed records aside while scoring, for :meth:`Scorecard.missed_pieces` (what ``windoweval
        score`` writes): the measures a store dataset is judged for piece by piece keep no mask, and their
        drill-downs would otherwise read and judge the records again.  Each piece is judged once; each
        measure's missed rows (its drill-down rows, row for row) go through this function (e.g.
        :func:`windoweval.exports.prepare_missed`, the export's masking: nothing unmasked is put aside)
        into a temporary folder, removed once they are given (or when the scorecard is let go); ``True``:
        put aside as they are.  ``missed_pieces(prepare=<the same function>)`` then gives them without a
        second read.  The scorecard is the same either way.

    Returns
    -------
    Scorecard
        ``.results`` (window × measure), ``.windows`` (100-point scores) and
        ``.drilldown(measure)``; ``.unscored``: per record kind, the records
        that fell in no measure's population and why (see
        :func:`windoweval.engine.unscored`).

    Examples
    --------
    >>> import tempfile
    >>> from windoweval.records import validate
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "示例", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    >>> orders = validate(pd.DataFrame({"order_id": ["1", "2"], "window_id": "PW01", "order_type": "fault_repair",
    ...                                 "received_at": ["2025-06-01 18:00", "2025-06-02 09:00"],
    ...                                 "arrived_at": ["2025-06-01 18:20", "2025-06-02 11:00"]}), "work_orders", file="工单.csv")
    >>> card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    >>> r = card.results.set_index("measure").loc["power_window.10.2.5"]   # 第十条(二)5: fault-repair arrival
    >>> int(r["records"]), int(r["met"]), float(r["rate"]), r["verdict"]
    (2, 1, 0.5, 'fail')
    >>> card.windows[["window_id", "score", "passed", "failed", "no_data"]].to_dict("records")  # no other file: no evidence
    [{'window_id': 'PW01', 'score': 0.0, 'passed': 0, 'failed': 2, 'no_data': 54}]
    """
    ws = workspace or load_workspace(data)
    cat = catalog or load_catalog()
    # a window of a kind no measure applies to would be scored nowhere: refused (exit 3); a part of the bundled
    # catalog (the promises' measures) is checked against the kinds of the whole
    cat.check_kinds(ws, also=() if catalog is None else load_catalog().window_kinds())
    plan = plan_measures(standard, ws, cat, year)
    keep = None
    if keep_missed is not None and keep_missed is not False and scheduler is None:
        from .engine.missed_pass import Keep
        keep = Keep(prepare=None if keep_missed is True else keep_missed, finish=_drill_rows)
    # each kind read once; populations, exceptions, kernels and counts per window: windoweval.engine
    evaluated = evaluate(plan, data, year, ws.mapping(), records=records, scheduler=scheduler, keep=keep)
    masks = {}
    for it in plan:
        _, pop, mask = evaluated[it.measure]
        masks[it.measure] = (pop, mask, it.m)
    res = _results(plan, evaluated, ws)
    from .engine import UNSCORED_COLUMNS
    parts = [u for u in getattr(evaluated, "unscored", []) if len(u)]
    uns = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=UNSCORED_COLUMNS)
    # the catalog in use says which kinds of window a kind of records is measured for: a user's own catalog (one that
    # adds or drops a measure) is the one that scores the records, not the bundled one (verdict43)
    # (a part of the bundled catalog, the promises' measures, counts against the whole, as its kinds are checked)
    whole = load_catalog() if cat.part else cat
    uns = _no_measure(uns, plan, whole, ws, data, year, records,
                      also=() if catalog is None or cat.part else {m["records"] for m in load_catalog().measures()})
    return Scorecard(res, window_scores(res, ws, cat), year, ws, cat, masks, uns, {it.measure: it for it in plan})


def _no_measure(uns: pd.DataFrame, plan: list[Item], cat: Catalog, ws: Workspace, data, year,
                records: dict | None, also=()) -> pd.DataFrame:
    """``uns`` (the records in no measure's population) with the records of a window whose kind no measure of any
    standard reads that kind of records for, reason ``no_measure`` (by window): a government service hall's 办件 read
    as ``counter_transactions`` had been scored by nothing and said nowhere, its file never read since no measure of
    the plan reads the kind.  Such a kind's file is read (its window column, the year's rows) only when no window of
    the workspace is of a kind measured on it (else it is read when that standard is scored); a window already counted as ``window`` (in no measure's windows) is said ``no_measure``
    where no standard has a measure for its kind.  ``cat`` is the catalog that scores the records (a user's own, or
    the bundled one); ``also``: kinds of records the bundled catalog measures, accounted for here too when a user's
    catalog drops every measure of them (their rows are then in no measure, never dropped in silence).

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "SH01", "name": "政务大厅", "kind": "service_hall"}]})
    >>> ct = pd.DataFrame({"window_id": ["SH01", "SH01"], "ticket_at": pd.to_datetime(["2025-03-03", "2025-03-04"])})
    >>> _no_measure(pd.DataFrame(columns=["record_kind", "reason", "column", "value", "records"]), [], load_catalog(),
    ...             ws, None, 2025, {"counter_transactions": ct}).values.tolist()
    [['counter_transactions', 'no_measure', 'window_id', 'SH01', 2]]
    """
    from .engine import UNSCORED_COLUMNS
    from .records.files import find_file
    from .records.read import read_records

    w = ws.windows
    if not len(w):
        return uns
    kind_of = dict(zip(w["window_id"].astype(str), w["kind"].astype(str)))
    measured: dict[str, set] = {}   # record kind -> the window kinds some measure of it judges
    for m in cat.measures():
        measured.setdefault(m["records"], set()).update([*m["window_kinds"], *(m.get("judged_kinds") or ())])
    read = {it.kind for it in plan}
    extra = []
    for k in contracts():
        if k in read or "window_id" not in contracts()[k].columns or (k not in measured and k not in also):
            # (a kind no measure reads at all, the demonstration-window review's evidence: read by its evaluation,
            # not the scorecard's to account for; review42)
            continue
        bare = {wid for wid, kd in kind_of.items() if kd not in measured.get(k, set())}
        if not bare or len(bare) < len(kind_of):
            # a file of the kind some window here is measured on is another standard's (read when it is scored, its
            # rows of these windows then said as ``window``): not read again here for a scorecard of some standards
            continue
        if records is not None and k in records:
            df = records[k]
        else:
            if data is None and ws.root is None:
                continue
            d = data if data is not None else ws.root
            if find_file(k, d, ws.mapping().get(k) or None) is None:
                continue
            df = read_records(k, d, year=year, columns=["window_id"], mapping=ws.mapping().get(k))
        counts = df["window_id"].astype(str).value_counts().sort_index()
        # a window of the workspace: no measure for its kind; an id the workspace does not know: ``window``, as the
        # kinds read count it
        extra += [(k, "no_measure" if wid in bare else "window", "window_id", wid, int(n)) for wid, n in counts.items()]
    out = uns
    if len(out):
        # a window of the workspace counted as ``window`` (in no measure's windows) in a kind read for other windows
        # (a service hall's 办件 beside a power hall's, read for the hall's measures): no measure of the catalog reads
        # that kind for its kind of window, said as the service-hall-only workspace says it (verdict43)
        kinds = out["value"].astype(str).map(kind_of)
        pairs = pd.MultiIndex.from_tuples([(k, wk) for k, wks in measured.items() for wk in wks] or [("", "")])
        read_for = pd.MultiIndex.from_arrays([out["record_kind"].astype(str), kinds.fillna("")]).isin(pairs)
        none = ((out["reason"] == "window") & (out["column"] == "window_id") & kinds.notna()).to_numpy(dtype=bool) \
            & ~read_for
        if none.any():
            out = out.copy()
            out.loc[none, "reason"] = "no_measure"
    if extra:
        add = pd.DataFrame(extra, columns=UNSCORED_COLUMNS)
        out = pd.concat([out, add], ignore_index=True) if len(out) else add
    return out


def _own_params(m: dict, ws: Workspace) -> dict:
    """A promise's measure with the organisation's parameters and options, as its own scorecard row has them.

    The promise kernel applies the measure without the scorer's options, so
    the workspace options the kernel takes (``abandoned_within``) are written
    into the parameters here, where the clause leaves them unset.
    """
    k = KERNELS[m["kernel"]]
    out = _params(m, ws, k)
    for name, v in ws.options.items():
        if name in k.signature and name not in out:
            out[name] = v
    return out


def _toml(v) -> str:
    """``v`` as windoweval.toml writes it (``"99.9%"``, ``0.999``, ``true``, ``["a", "b"]``)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return repr(v)


def _as_number(v) -> float | None:
    """The number a text such as ``"99.9%"`` or ``"0.999"`` stands for (a percent as a rate), else None."""
    if isinstance(v, str):
        t = v.strip().replace("％", "%")
        try:
            x = float(t[:-1]) / 100 if t.endswith("%") else float(t)
        except ValueError:
            return None
        return x if math.isfinite(x) else None
    return None


def _check_param(where: str, name: str, v, k, standard) -> None:
    """Refuse a workspace parameter ``name = v`` of a type the kernel ``k`` does not take (a number as text, a text
    where a list goes …), or a rate outside 0-1 (99.9 for 99.9 %), naming ``where`` (file, measure, name, value)
    and the fix, in Chinese then English.  What it takes: the kernel's annotation (``float``, ``int | None``,
    ``str | list`` …) and a number wherever the catalog's own value (``standard``) is one.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> _check_param('w.toml: [params."m"] min_rate = "99.9%"', "min_rate", "99.9%", KERNELS["reliability"], None)
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: w.toml: [params."m"] min_rate = "99.9%":应写成不加引号的数,如 min_rate = 0.999;请改正 windoweval.toml / must be a number without quotes, such as min_rate = 0.999: correct it in windoweval.toml
    >>> _check_param('w.toml: [params."m"] min_rate = 99.9', "min_rate", 99.9, KERNELS["reliability"], None)
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: w.toml: [params."m"] min_rate = 99.9:这是百分数的写法,比率应在 0–1 之间,如 min_rate = 0.999;请改正 windoweval.toml / this is a rate written as a percent; a rate must be within 0-1, such as min_rate = 0.999: correct it in windoweval.toml
    >>> _check_param('w.toml: [params."m"] min_rate = 0.999', "min_rate", 0.999, KERNELS["reliability"], None)
    >>> _check_param('w.toml: [params."m"] empty = "Fail"', "empty", "Fail", KERNELS["every_slot"], "na")
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: w.toml: [params."m"] empty = "Fail":应为 "fail"、"na" 之一,如 empty = "fail";请改正 windoweval.toml / must be "fail" or "na", such as empty = "fail": correct it in windoweval.toml
    """
    ann = k.signature[name].annotation
    kinds = {t.strip() for t in (ann if isinstance(ann, str) else getattr(ann, "__name__", "")).split("|")}
    number = bool(kinds & {"float", "int"}) or (isinstance(standard, (int, float)) and not isinstance(standard, bool))
    rate = number and "rate" in name
    fix = "请改正 windoweval.toml / "
    if number:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            if rate and not 0 <= v <= 1:
                if 1 < v <= 100:
                    raise WorkspaceError(f"{where}:这是百分数的写法,比率应在 0–1 之间,如 {name} = {v / 100:.10g};{fix}"
                                         f"this is a rate written as a percent; a rate must be within 0-1, such as "
                                         f"{name} = {v / 100:.10g}: correct it in windoweval.toml")
                raise WorkspaceError(f"{where}:比率应在 0–1 之间,如 {name} = 0.999;{fix}a rate must be within 0-1, "
                                     f"such as {name} = 0.999: correct it in windoweval.toml")
            if kinds == {"int"} and v != int(v):
                raise WorkspaceError(f"{where}:应为整数,如 {name} = {int(v)};{fix}must be a whole number, such as "
                                     f"{name} = {int(v)}: correct it in windoweval.toml")
            return
        x = _as_number(v)
        if rate:
            x = x / 100 if x is not None and 1 < x <= 100 else x
            x = x if x is not None and 0 <= x <= 1 else 0.999
        elif x is None:
            x = standard if isinstance(standard, (int, float)) and not isinstance(standard, bool) else 3
        example = f"{name} = {round(x) if kinds == {'int'} else x:.10g}"
        if isinstance(v, float):        # nan, inf
            raise WorkspaceError(f"{where}:应为有限的数,如 {example};{fix}must be a finite number, such as "
                                 f"{example}: correct it in windoweval.toml")
        raise WorkspaceError(f"{where}:应写成不加引号的数,如 {example};{fix}must be a number without quotes, "
                             f"such as {example}: correct it in windoweval.toml")
    choices = CHOICES.get(name)
    if choices and isinstance(v, str) and v not in choices:   # a word the kernel does not know: refused here (review46)
        import difflib

        near = difflib.get_close_matches(v.strip().lower(), choices, n=1, cutoff=0.0)[0]
        listed_zh, listed_en = "、".join(f'"{c}"' for c in choices), " or ".join(f'"{c}"' for c in choices)
        raise WorkspaceError(f"{where}:应为 {listed_zh} 之一,如 {name} = \"{near}\";{fix}must be {listed_en}, such "
                             f"as {name} = \"{near}\": correct it in windoweval.toml")
    wants = [(t, zh, en) for t, zh, en in (("str", "带引号的文本", "a quoted text"), ("bool", "true 或 false", "true or false"),
                                          ("list", "列表 [\"…\", \"…\"]", "a list [\"…\", \"…\"]"),
                                          ("dict", "表 {…}", "a table {…}")) if t in kinds]
    types = {"str": str, "bool": bool, "list": list, "dict": dict}
    if wants and not any(isinstance(v, types[t]) and (t == "bool" or not isinstance(v, bool)) for t, _, _ in wants):
        raise WorkspaceError(f"{where}:应为" + "或".join(zh for _, zh, _ in wants) + f";{fix}must be "
                             + " or ".join(en for _, _, en in wants) + ": correct it in windoweval.toml")


def _needs_bands(measures: list, ws: Workspace) -> dict:
    """``{measure: [shortest, longest]}``: the ``needs_range`` of each measure that has one (the bands of a clause a
    record with its ``needs`` column blank could be in, hospital_commitments.yaml's 付数 bands), from the limits in
    force: each band's ``limit`` with the workspace's own (``[params."measure"] limit``), the bands being the measures
    of the clause with a ``needs_range`` on the same ``needs`` column and unit.  A range the workspace sets itself
    is kept, widened to the limits in force.  The standard's range is its bands' limits; an organisation promising 8
    minutes where the standard says 10 must not see a record without 付数 met at 9 (a pass on missing evidence).

    Examples
    --------
    >>> from windoweval.catalog import load_catalog
    >>> from windoweval.records.workspace import Workspace
    >>> ms = load_catalog().measures("hospital_commitments")
    >>> win = [{"id": "HPHA", "name": "门诊药房", "kind": "hospital_pharmacy"}]
    >>> ws = Workspace.from_dict({"name": "x", "windows": win, "params": {
    ...     "hospital_commitments.pharmacy.7#chinese_up_to_5": {"limit": 8}}})
    >>> _needs_bands(ms, ws)["hospital_commitments.pharmacy.7#chinese_over_5"]
    [8, 20]
    >>> _needs_bands(ms, Workspace.from_dict({"name": "x", "windows": win}))["hospital_commitments.pharmacy.7#chinese_up_to_5"]
    [10, 20]
    """
    def own(m: dict) -> dict:
        return own_section(m, ws)[1] or {}

    groups: dict = {}
    for m in measures:
        p = m.get("params") or {}
        if "needs_range" not in p:
            continue
        q = {**p, **own(m)}
        key = (m["standard"], m["clause_id"], str(q.get("needs")), str(q.get("unit")))
        groups.setdefault(key, []).append((m, q))
    out = {}
    for members in groups.values():
        limits = [q["limit"] for _, q in members if isinstance(q.get("limit"), (int, float))]
        for m, q in members:
            rng = own(m).get("needs_range")
            rng = list(rng) if isinstance(rng, (list, tuple)) and rng else (m.get("params") or {})["needs_range"]
            if "needs_range" not in own(m) and len(members) > 1:   # (a band alone in its group: the standard's
                rng = limits or rng                                 # range, widened to its own limit)
            vals = [v for v in [*rng, *limits] if isinstance(v, (int, float))]
            if vals:
                out[m["measure"]] = [min(vals), max(vals)]
    return out


def _what_is_wrong(bad: str, near: str | None, empty: tuple[str, str], unknown: tuple[str, str],
                   nearest_zh: str) -> tuple[str, str]:
    """What is wrong with a workspace parameter's value, in Chinese and in English: ``empty`` when ``bad`` is ``""``,
    else ``unknown``; then the standard's own setting (empty) or the nearest known value (``nearest_zh`` its Chinese
    words), when there is one (``near``).  The one wording of :func:`_check_column_param` and
    :func:`_check_promise_param`.

    >>> _what_is_wrong("x", "y", ("为空", "is empty"), ("x 不对", "x is wrong"), "最接近的为")
    ('x 不对,最接近的为 y', 'x is wrong (the nearest is y)')
    >>> _what_is_wrong("", "y", ("为空", "is empty"), ("", ""), "最接近的为")
    ('为空(标准的设置为 y)', "is empty (the standard's is y)")
    """
    zh, en = empty if bad == "" else unknown
    if near and bad == "":
        return zh + f"(标准的设置为 {near})", en + f" (the standard's is {near})"
    if near:
        return zh + f",{nearest_zh} {near}", en + f" (the nearest is {near})"
    return zh, en


def _check_column_param(where: str, name: str, v, m: dict, standard) -> None:
    """Refuse a workspace value for a parameter naming a column (the kernel's ``columns``: ``not_after``, ``needs``,
    ``end`` …) that is not a column of the measure's record kind: an empty text or list, or a misspelt name would
    switch the evidence rule off without a word.  Names ``where`` (file, measure, parameter, value), the nearest
    column and the fix, in Chinese then English.

    Examples
    --------
    >>> m = {"measure": "power_window.10.2.5", "records": "work_orders"}
    >>> _check_column_param('w.toml: [params."m"] not_after = "completd_at"', "not_after", "completd_at", m,
    ...                     "completed_at")
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: w.toml: [params."m"] not_after = "completd_at":"completd_at" 不是记录类型 work_orders 的列,最接近的列为 completed_at;请改为 work_orders 的列名(如 not_after = "completed_at"),或删去这一行沿用标准的设置 / "completd_at" is not a column of work_orders records (the nearest is completed_at): set a column of work_orders (such as not_after = "completed_at"), or delete the line to keep the standard's setting
    >>> _check_column_param("w", "not_after", ["completed_at"], m, "completed_at")
    """
    import difflib

    cols = sorted(contracts()[m["records"]].columns)
    names = v if isinstance(v, list) else [v]
    bad = next((x for x in names if not isinstance(x, str) or x not in cols), None) if names else ""
    if bad is None:
        return
    own = standard[0] if isinstance(standard, list) and standard else standard
    near = difflib.get_close_matches(str(bad), cols, n=1, cutoff=0.5) if bad else []
    near = near[0] if near else (own if isinstance(own, str) and own in cols else None)
    kind = m["records"]
    example = f"{name} = {_toml([near] if isinstance(v, list) else near)}" if near else f"{name} = \"{cols[0]}\""
    zh, en = _what_is_wrong(bad, near, ("为空,会关闭该证据规则", "is empty, which would switch the evidence rule off"),
                            (f"{_toml(bad)} 不是记录类型 {kind} 的列", f"{_toml(bad)} is not a column of {kind} records"),
                            "最接近的列为")
    raise WorkspaceError(f"{where}:{zh};请改为 {kind} 的列名(如 {example}),或删去这一行沿用标准的设置 / {en}: "
                         f"set a column of {kind} (such as {example}), or delete the line to keep the standard's "
                         f"setting")


def _check_promise_param(where: str, name: str, v, m: dict, params: dict, ws: Workspace) -> None:
    """Refuse a workspace value for what a measure of promises (``promises_kept``) reads the register by: ``kind``
    (the record kind whose promises it judges: only the measure's own records, the rows it is handed) and
    ``standard`` (the standard whose promises: one the register has promises of for that kind).  A misspelt or empty
    value had stopped the command with an internal error (``kind``) or judged no promise at all without a word
    (``standard``: no evidence).  Names ``where`` (file, measure, parameter, value), the nearest value and the fix,
    in Chinese then English; a configuration error (exit 3).

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    >>> m = {"measure": "power_window.5.2#work_orders", "records": "work_orders"}
    >>> p = {"kind": "work_orders", "standard": "power_window"}
    >>> _check_promise_param('w.toml: [params."m"] standard = "power_windw"', "standard", "power_windw", m, p, ws)
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: w.toml: [params."m"] standard = "power_windw":"power_windw" 不是承诺登记册中有 work_orders 承诺的标准,最接近的为 power_window;请改为 standard = "power_window",或删去这一行沿用标准的设置 / "power_windw" is not a standard the promise register has work_orders promises of (the nearest is power_window): set standard = "power_window", or delete the line to keep the standard's setting
    >>> _check_promise_param("w", "standard", "power_window", m, p, ws)
    """
    import difflib

    from .promise_register import promise_measures

    kind = m["records"]
    if name == "kind":
        known = [kind]   # the measure is handed its own records: a promise of another kind reads none of them
        what_zh, what_en = "该测量读取的记录类型", "the record kind this measure reads"
    else:
        known = sorted({x["standard"] for _, x in promise_measures(kind=kind, register=ws.promise_register())})
        what_zh, what_en = f"承诺登记册中有 {kind} 承诺的标准", f"a standard the promise register has {kind} promises of"
    if isinstance(v, str) and v in known:
        return
    bad = v if isinstance(v, str) else _toml(v)
    near = difflib.get_close_matches(bad, known, n=1, cutoff=0.5) if bad else []
    own = params.get(name) if params.get(name) in known else (known[0] if len(known) == 1 else None)
    near = near[0] if near else own
    example = f"{name} = {_toml(near)}" if near else None
    zh, en = _what_is_wrong(bad, near, ("为空", "is empty"),
                            (f"{_toml(v)} 不是{what_zh}", f"{_toml(v)} is not {what_en}"), "最接近的为")
    if not near and not known:
        zh, en = zh + "(登记册中没有这类承诺)", en + " (the register has none)"
    fix_zh = f"请改为 {example},或删去这一行沿用标准的设置" if example else "请删去这一行沿用标准的设置"
    fix_en = (f"set {example}, or delete the line to keep the standard's setting" if example
              else "delete the line to keep the standard's setting")
    raise WorkspaceError(f"{where}:{zh};{fix_zh} / {en}: {fix_en}")


def _unknown_param(where: str, name: str, k) -> WorkspaceError:
    """The refusal (exit 3) of a parameter ``name`` the measure's kernel ``k`` does not take: its parameters named, the
    nearest proposed (a typo: ``limt`` -> ``limit``; an extension's other name), in Chinese then English, with the fix.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> print(_unknown_param('w.toml: [params."m"] limt', "limt", KERNELS["time_limit"]))  # doctest: +ELLIPSIS
    w.toml: [params."m"] limt:该测量的算子 time_limit 没有此参数;请改为 limit(最接近的参数),或删去这一行沿用标准的设置(此测量可设的参数:...limit...) / kernel time_limit of this measure has no parameter 'limt': write limit instead (the nearest), or delete the line to keep the standard's setting (this measure's parameters: ...limit...)
    """
    import difflib

    known = list(k.parameters)
    other = [x for x in EXTENSION_PARAMS if x != name and x in known] if name in EXTENSION_PARAMS else []
    near = other or difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    listed = ", ".join(known)
    zh = f"{where}:该测量的算子 {k.name} 没有此参数;"
    en = f"kernel {k.name} of this measure has no parameter {name!r}: "
    if other:
        zh += f"此测量的适当延长参数为 {other[0]},请改为 {other[0]},"
        en += f"this measure's parameter for 适当延长 is {other[0]}: write {other[0]} instead, "
    elif near:
        zh += f"请改为 {near[0]}(最接近的参数),"
        en += f"write {near[0]} instead (the nearest), "
    else:
        zh += "请"
    zh += "或删去这一行沿用标准的设置" if near else "删去这一行沿用标准的设置"
    en += "or delete the line to keep the standard's setting" if near else "delete the line to keep the standard's setting"
    zh += f"(此测量可设的参数:{listed})" if known else "(此测量没有可设的参数)"
    en += f" (this measure's parameters: {listed})" if known else " (this measure takes no parameter)"
    return WorkspaceError(f"{zh} / {en}")


def check_params(ws: Workspace, catalog=None) -> None:
    """Refuse (exit 3) the organisation's parameters (``[params."measure"]`` in the workspace) that scoring refuses,
    before any scoring: ``records check`` says what ``score`` would (msgs46: an unknown parameter passed the check,
    exit 0, and was refused by the score, exit 3).  Each measure of ``catalog`` (the standards) with parameters of the
    workspace and a window of the workspace to judge, as :func:`plan_measures` reads them (:func:`_params`).

    Examples
    --------
    >>> ws = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}],
    ...                           "params": {"power_window.10.2.5": {"limt": 3}}})
    >>> check_params(ws)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: windoweval.toml: [params."power_window.10.2.5"] limt:...请改为 limit...
    """
    catalog = catalog or load_catalog()
    if ws.params or ws.targets or ws.weights:
        _unknown_sections(ws, catalog)   # a [params] section, a [targets] or [weights] key naming no measure
    if not ws.params:
        return
    applies: dict = {}
    for m in catalog.measures():
        if own_section(m, ws)[0] is None:
            continue
        kinds = tuple(dict.fromkeys([*m["window_kinds"], *(m.get("judged_kinds") or ())]))
        key = (m["standard"], kinds)
        if key not in applies:
            applies[key] = ws.windows_for(m["standard"], list(kinds))
        if applies[key]:
            _params(m, ws, KERNELS[m["kernel"]])


def _unknown_sections(ws: Workspace, catalog: Catalog) -> None:
    """Refuse (exit 3) a ``[params."…"]`` section, or a ``[targets]`` or ``[weights]`` key, naming no measure of
    ``catalog``: neither a measure id, nor a clause id, nor a clause's old id (an alias) with or without its measure's
    ``#part`` (msgs46b: such a section passed ``records check`` and ``score`` in silence, its parameters never used;
    session 47: a misspelled target or weight too).  The nearest measure ids are proposed.

    Examples
    --------
    >>> ws = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}],
    ...                           "params": {"power_window.10.2.55": {"limit": 3}}})
    >>> _unknown_sections(ws, load_catalog())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: windoweval.toml: [params."power_window.10.2.55"]:目录中没有这一测量;...power_window.10.2.5...
    """
    import difflib

    # the catalog given (a plan's may be the promises' own, or a user's) and the bundled one: a section for a measure
    # of another catalog (the demo's [params."power_window.6.2.1"] while the promises are planned) is not unknown
    cats = [catalog] if catalog is load_catalog() else [catalog, load_catalog()]
    measures = list(dict.fromkeys(m["measure"] for c in cats for m in c.measures()))
    known = set(measures).union(*(set(c.clauses) for c in cats))
    for sec, name in [("params", n) for n in ws.params] + [("targets", n) for n in ws.targets] + \
            [("weights", n) for n in ws.weights]:
        base, sep, part = str(name).partition("#")
        if name in known or any(c.aliases.get(base, base) + sep + part in known for c in cats):
            continue
        near = difflib.get_close_matches(str(name), measures, n=3, cutoff=0.6)
        f = ws.root / "windoweval.toml" if ws.root is not None else "windoweval.toml"
        zh_fix = (f"请改为 {near[0]}(最接近的测量;其他相近:{', '.join(near[1:]) or '无'})" if near
                  else "请写目录中的测量编号(we.measures_frame() 列出)")
        en_fix = (f"write {near[0]} instead (the nearest measure; others close: {', '.join(near[1:]) or 'none'})"
                  if near else "write a measure id of the catalog (we.measures_frame() lists them)")
        zh_entry, en_used, en_entry = _ENTRY_WORDS[sec]
        raise WorkspaceError(f"{f}: {_entry_name(sec, name)}:目录中没有这一测量;{zh_fix},或删去{zh_entry} / "
                             f"the catalog has no such measure, so {en_used} would never be used: {en_fix}, "
                             f"or delete {en_entry}")


def own_section(m: dict, ws: Workspace) -> tuple[str | None, dict]:
    """The organisation's own parameters of the measure ``m`` (``[params."…"]`` in the workspace) and the section's
    name: the measure's id, else its clause's id, each also by an old id of the clause (its ``aliases``, with the
    measure's ``#part`` or without), since a renumbered clause keeps its old id and what that id keys must keep
    working (readings47: an old id's section passed the check and was never applied).  A measure's own section
    comes before its clause's.  Two sections naming the measure at the same level (its new id and an old id) are
    refused (exit 3) naming both, unless they say the same.  ``(None, {})`` where no section names it.

    Examples
    --------
    >>> m = {"measure": "s.2#calls", "clause_id": "s.2", "clause_aliases": ["s.1"]}
    >>> ws = lambda params: Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}],
    ...                                          "params": params})
    >>> own_section(m, ws({"s.1#calls": {"limit": 3}}))
    ('s.1#calls', {'limit': 3})
    >>> own_section(m, ws({"s.1": {"limit": 3}, "s.2#calls": {"limit": 2}}))
    ('s.2#calls', {'limit': 2})
    >>> own_section(m, ws({"s.1": {"limit": 3}, "s.2": {"limit": 2}}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    windoweval.records.workspace.WorkspaceError: windoweval.toml: [params."s.2"] 与 [params."s.1"] ...
    """
    return _own_entry(m, ws, ws.params, "params", {})


def _own_entry(m: dict, ws: Workspace, table: dict, sec: str, default):
    """``(key, value)`` of the entry of the workspace's ``table`` (``[params]``, ``[targets]``, ``[weights]``: ``sec``)
    that names the measure ``m``, looked up as :func:`own_section` says; ``(None, default)`` where none names it.

    Examples
    --------
    >>> m = {"measure": "s.2#calls", "clause_id": "s.2", "clause_aliases": ["s.1"]}
    >>> ws = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    >>> _own_entry(m, ws, {"s.1": 2}, "weights", 1), _own_entry(m, ws, {}, "weights", 1)
    (('s.1', 2), (None, 1))
    """
    if not table:
        return None, default
    cid, mid = m["clause_id"], m["measure"]
    part = mid[len(cid):] if mid.startswith(cid) else ""
    old = list(m.get("clause_aliases") or ())
    levels = ([mid, *(a + part for a in old)], [cid, *old]) if part else ([mid, cid, *old],)
    for names in levels:
        found = [n for n in dict.fromkeys(names) if n in table]
        if not found:
            continue
        differ = [n for n in found[1:] if table[n] != table[found[0]]]
        if differ:
            f = ws.root / "windoweval.toml" if ws.root is not None else "windoweval.toml"
            both = " 与 ".join(_entry_name(sec, n) for n in (found[0], *differ))
            both_en = " and ".join(_entry_name(sec, n) for n in (found[0], *differ))
            raise WorkspaceError(f"{f}: {both} 都指测量 {mid}(条款的旧编号仍指它),但设置不同,不知该用哪一节;请只保留一节"
                                 f"(建议用新编号 {found[0]}) / {both_en} both name the measure {mid} (a clause's old "
                                 f"id still names it) with different settings, so which applies is ambiguous: keep one "
                                 f"section (the new id {found[0]} is the one to keep)")
        return found[0], table[found[0]]
    return None, default


#: How a refusal names an entry of each workspace table: (中文, what English says goes unused, English).
_ENTRY_WORDS = {"params": ("这一节", "these parameters", "the section"),
                "targets": ("这一行", "this target", "the line"),
                "weights": ("这一行", "this weight", "the line")}


def _entry_name(sec: str, name: str) -> str:
    """How the workspace file writes an entry: ``[params."x"]`` is a section, ``[targets] x`` a key of a table."""
    return f'[{sec}."{name}"]' if sec == "params" else f'[{sec}] "{name}"'


def measure_in_force(m: dict, ws: Workspace) -> dict:
    """The measure ``m`` as the organisation's workspace sets it, read as :func:`plan_measures` reads it: its
    parameters with the organisation's own (``[params."…"]``, found by :func:`own_section`, alias-aware; a key the
    kernel does not take, or a limit longer than the standard's, refused: exit 3) and its target (the standard's,
    or the organisation's stricter ``[targets]`` one).  For the evaluations that apply a scorecard measure case by
    case (the complaints' reply limits and callbacks: session 47 left them reading the bundled catalog's, so a
    stricter ``days`` passed ``records check`` and was ignored by ``windoweval complaints``).

    Examples
    --------
    >>> m = next(x for x in load_catalog().measures("power_window") if x["measure"] == "power_window.13.5#report_reply")
    >>> ws = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}],
    ...                           "params": {"power_window.13.5#report_reply": {"days": 5}}})
    >>> measure_in_force(m, ws)["params"]["days"], m["params"]["days"]
    (5, 10)
    """
    return {**m, "params": _params(m, ws, KERNELS[m["kernel"]]), "target": _target(m, ws)}


def _params(m: dict, ws: Workspace, k) -> dict:
    """The measure's parameters with the organisation's own (``[params."measure"]`` in the workspace).

    A limit may only be made longer where the clause allows it (``extended_limit``,
    适当延长); a parameter the kernel does not take is refused, naming it.
    """
    params = dict(m.get("params") or {})
    section, own = own_section(m, ws)
    if not own:
        return params
    f = f"{ws.root / 'windoweval.toml' if ws.root is not None else 'windoweval.toml'}: "
    # a section under a clause's old id is named as the organisation wrote it; else by the measure, as before
    sec = m["measure"] if section in (m["measure"], m["clause_id"]) else section
    for name, v in own.items():
        if name not in k.parameters:
            raise _unknown_param(f + f"[params.\"{sec}\"] {name}", name, k)
        _check_param(f + f"[params.\"{sec}\"] {name} = {_toml(v)}", name, v, k, params.get(name))
        if name in k.columns:
            _check_column_param(f + f"[params.\"{sec}\"] {name} = {_toml(v)}", name, v, m, params.get(name))
        if "promises" in k.signature and name in ("kind", "standard"):
            _check_promise_param(f + f"[params.\"{sec}\"] {name} = {_toml(v)}", name, v, m, params, ws)
        if name in EXTENSION_PARAMS:
            if "special" not in params:
                raise WorkspaceError(f + f"[params.\"{sec}\"] {name} = {_toml(v)}:该条款没有“适当延长”的特殊情况;"
                                     f"请删去这一行 / this clause allows no extension (适当延长): delete the line")
            if name == "extended_limit" and (not isinstance(v, (int, float)) or v < float(params.get("limit", 0))):
                raise WorkspaceError(f + f"[params.\"{sec}\"] {name} = {_toml(v)}:适当延长的时限须不短于标准的 "
                                     f"{params.get('limit', 0)};请改为不小于该值的数 / the extended limit must not be "
                                     f"shorter than the standard's {params.get('limit', 0)}: set a number at least that")
            if name == "extended_minutes" and (not isinstance(v, (int, float)) or v < 0):
                raise WorkspaceError(f + f"[params.\"{sec}\"] {name} = {_toml(v)}:适当延长是在截止时间后加的分钟数,"
                                     f"不能为负;请改为 0 或更大的数 / extended_minutes are the minutes added to the due "
                                     f"time (适当延长) and cannot be negative: set 0 or more")
        elif _looser(name, v, params.get(name)):
            bound_zh, bound_en = ("不大于", "at most") if LOOSER_WHEN[name] > 0 else ("不小于", "at least")
            raise WorkspaceError(f + f"[params.\"{sec}\"] {name} = {v}:组织只能定得更严(标准为 {params[name]});"
                                 f"请改为{bound_zh} {params[name]} 的数,或删去这一行 / an organisation may only set a "
                                 f"stricter {name} (the standard's is {params[name]}): set {bound_en} "
                                 f"{params[name]}, or delete the line")
        params[name] = v
    return params


#: The parameters whose number is the standard's own words, by the side on which a value is looser: a longer time
#: limit (不超过 N, N 以内), more days to reply, more outages allowed, a wider voltage band (+7%/-10%, ±7%, ±10%: its
#: ``high`` higher, its ``low`` lower), a wider span; fewer minutes or days of notice (提前10分钟, 提前7天, 准时 0), fewer
#: entries a year (每年至少三次) or months of bills (不少于24个月), a longer queue before relief is owed (排队超过10人).
#: The standard is a floor: an organisation may set these stricter only (verdicts49: ``min = 1`` for 12.2's
#: 每年至少召开三次 was taken, and one symposium passed).  The numbers that are our reading of a word without one
#: (左右's ``tolerance_minutes``, 及时's ``minutes``, 10.1.2's ``abandoned_limit``) are the organisation's to read either
#: way, as the clauses' readings say, and are not listed.
LOOSER_WHEN = {"limit": 1, "days": 1, "max": 1, "high": 1, "max_span": 1, "max_queue": 1,
               "low": -1, "min": -1, "value_min": -1}


def _looser(name: str, v, standard) -> bool:
    """Whether the organisation's ``name = v`` is looser than the standard's own number ``standard``
    (:data:`LOOSER_WHEN`); False where the standard sets none, or the value is no number (refused elsewhere).

    Examples
    --------
    >>> _looser("min", 1, 3), _looser("min", 4, 3), _looser("low", -0.12, -0.1), _looser("high", 0.05, 0.07)
    (True, False, True, False)
    >>> _looser("limit", 45, 30), _looser("tolerance_minutes", 60, 30), _looser("min", 5, None)
    (True, False, False)
    """
    side = LOOSER_WHEN.get(name)
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (v, standard))
    return bool(side and numbers and (v - standard) * side > 0)


#: The label of a missing-evidence row's message, before each half of the clause's message (:func:`prefixed`).
_LACKING = ("缺少证据,无法判断", "evidence missing, cannot tell")

#: The columns of :attr:`Scorecard.results`, in order.
RESULT_COLUMNS = ["standard", "clause_id", "measure", "label_zh", "label_en", "record_kind", "window_id",
                  "window_name", "records", "units", "unit", "n", "met", "open", "not_assessed", "missing_evidence", "exempt", "visits", "rate",
                  "ci_low", "ci_high",
                  "target", "verdict", "weight"]

#: The columns of :attr:`Scorecard.results` whose text is the program's own, never the records': the catalog's
#: (the standard, clause and measure ids, the measure's labels, the kind of records it reads), what its counts count
#: (:func:`windoweval.engine.account.unit_label`) and the verdict.  A CSV of the results sends them through no
#: masking rule (:func:`windoweval.exports.write_csv`'s ``written``; neutralised still): no rule changes any of them
#: (``tests/test_after45_results_written.py`` masks every one), and at 10 M work orders the scan of their 12,400 rows
#: was 0.04 s of the score command's 0.07 s of masking the results (after45).  The window's id and name are the
#: workspace's and are scanned.
RESULTS_WRITTEN = ("standard", "clause_id", "measure", "label_zh", "label_en", "record_kind", "unit", "verdict")


def _target(m: dict, ws: Workspace) -> float:
    """The measure's target: the standard's, or the organisation's stricter one."""
    target = float(m["target"])
    override = _own_entry(m, ws, ws.targets, "targets", None)[1]   # by an old id of the clause too (as [params])
    if override is not None:
        if override < target:
            raise WorkspaceError(
                f"[targets] {m['measure']} = {override}:组织只能把目标定得更严(标准为 {target})/ "
                f"an organisation may only set a stricter target (the standard's is {target})")
        target = float(override)
    return target


def _results(plan: list[Item], evaluated: dict, ws: Workspace) -> pd.DataFrame:
    """The scorecard rows of every planned measure and its windows, built in one step from the counts."""
    if not plan:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    targets = np.array([_target(it.m, ws) for it in plan], dtype=float)
    weights = np.array([float(_own_entry(it.m, ws, ws.weights, "weights", 1)[1]) for it in plan], dtype=float)
    # one row per measure and window it applies to, in plan order
    sizes = np.array([len(it.wins) for it in plan])
    item = np.repeat(np.arange(len(plan)), sizes)
    wins = np.concatenate([np.asarray(it.wins, dtype=object) for it in plan])
    # the counts per window of every measure, stacked, then looked up by (measure, window) once
    aggs = [evaluated[it.measure].agg for it in plan]
    agg_item = np.repeat(np.arange(len(plan)), [len(a) for a in aggs])
    agg_wins = np.concatenate([np.asarray(a.index, dtype=object) for a in aggs])
    known = pd.Index(wins).unique()
    agg_code = known.get_indexer(agg_wins)
    kept = np.flatnonzero(agg_code >= 0)  # counts of a window the measure does not apply to are not shown
    at = pd.Index(agg_item[kept] * len(known) + agg_code[kept]).get_indexer(item * len(known) + known.get_indexer(wins))
    found = at >= 0  # a window without records has no counts: zeros
    at = np.where(found, kept[np.where(found, at, 0)] if len(kept) else -1, -1)  # no counts at all: none found
    # counts are whole numbers far below 2**53: exact as floats, one array for all
    stacked = np.concatenate([(a if list(a.columns) == AGG_COLUMNS else a[AGG_COLUMNS]).to_numpy(dtype=float)
                              for a in aggs])
    vals = np.zeros((len(item), len(AGG_COLUMNS)))
    vals[found] = stacked[at[found]]
    col = {c: vals[:, i] for i, c in enumerate(AGG_COLUMNS)}
    n, met, records_, exempt, open_, visits = (col[c].astype(np.int64)
                                               for c in ("n", "met", "records", "exempt", "open", "visits"))
    excluded = col["excluded"].astype(np.int64)
    missing = records_ - n - open_ - excluded
    w_n, w_met, w_miss, w_lost = col["w_n"], col["w_met"], col["w_miss"], col["w_lost"]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(w_n > 0, w_met / np.where(w_n > 0, w_n, 1), np.nan)
        # every record whose evidence is missing counted as missed: the rate a pass must still reach
        worst = np.where(w_n > 0, w_met / np.where(w_n > 0, w_n + w_miss, 1), np.nan)
        # every one of them counted as met, as far as it can be (one known to miss in part, kernels.with_bound, at
        # its bound): the rate a fail must still miss (a fail is as sure as a pass: below a target under 100 %,
        # records without evidence could lift the rate over it, and then the cell is insufficient)
        best = np.where(np.isinf(w_lost), 0.0,
                        (w_met + w_miss - w_lost) / np.where(w_n + w_miss > 0, w_n + w_miss, 1))
    lo, hi = wilson_interval(met, n)
    target = targets[item]
    # whether the records without evidence could lift the rate to the target: a weight not known (w_miss infinite:
    # a reading of no duration) lifts it as near 100 % as any target under it, but never to 100 % where some weight
    # is known to have missed (an hour out of band stays out of band)
    # (a weight not known surely lost in part, w_lost infinite: 100 % out of reach)
    could = np.where(np.isinf(w_miss), ((w_met >= w_n) & ~np.isinf(w_lost)) | (target < 1 - RATE_TOLERANCE),
                     best >= target - RATE_TOLERANCE)
    # n > 0 with no weight (time-weighted readings: none with a duration) is no evidence, never a fail at NaN.
    # Nothing assessed: records whose evidence is missing make the cell insufficient (records there are, without
    # what the rule needs), apart from no_data (no record at all) and open (every record an open case, not yet due)
    verdict = np.where((n == 0) | ~(w_n > 0),
                       np.where(missing > 0, "insufficient", np.where(open_ > 0, "open", "no_data")),
                       sure_verdict(worst, best, target, could))
    # thin evidence: fewer assessed records (visits, for checklists) than the workspace asks for
    is_check = np.asarray([it.kernel.units is not None for it in plan], dtype=bool)[item]  # units: visits
    thin = np.where(is_check, visits < ws.min_visits, n < ws.min_records) & (n > 0)
    verdict = np.where(thin, "insufficient", verdict)
    # a certain fail where records missing evidence are known to miss in part (a monitor's minutes beyond a looser
    # limit are beyond the standard's too), none assessed or few: short of the target even at their best, never
    # insufficient
    verdict = np.where((w_lost > 0) & (best < target - RATE_TOLERANCE) & (~np.isinf(w_lost) | (target >= 1 - RATE_TOLERANCE)),
                       "fail", verdict)
    report_only = np.asarray([bool(it.m.get("report_only")) for it in plan], dtype=bool)[item]
    verdict = np.where(report_only, "report", verdict)
    # a measure narrowed to some window kinds (catalog: window_kinds) has a row in a window of its clause's other
    # kinds only where that window has records it reads (judged as before); without any, no no_data cell there
    narrowed = [i for i, it in enumerate(plan) if it.m.get("charged_windows") is not None]
    if narrowed:
        charged = pd.Index([f"{i}\x1f{w}" for i in narrowed for w in plan[i].m["charged_windows"]])
        cell = pd.Index(pd.Series(item).astype(str).str.cat(pd.Series(wins, dtype=object).astype(str), sep="\x1f"))
        # (units a kernel lays out for a window without any record, e.g. every_slot's hours, are excluded: not records)
        keep = ~np.isin(item, narrowed) | (records_ - excluded > 0) | cell.isin(charged)
        if not keep.all():
            item, wins, verdict, target = item[keep], wins[keep], verdict[keep], target[keep]
            records_, n, met, open_, missing, exempt, visits, excluded = (a[keep] for a in (
                records_, n, met, open_, missing, exempt, visits, excluded))
            rate, lo, hi = rate[keep], lo[keep], hi[keep]
    w_row = _alternatives_once(plan, item, wins, verdict, weights[item])

    def per_measure(c: str, default="") -> np.ndarray:
        return np.asarray([it.m.get(c, default) for it in plan], dtype=object)[item]

    wnames = ws.windows.set_index("window_id")["window_name"]
    from .engine.account import unit_label
    unit_row = np.asarray([it.kernel.level != "record" for it in plan], dtype=bool)[item]
    unit_of = np.asarray([unit_label(it.kernel.name) for it in plan], dtype=object)[item]
    res = pd.DataFrame({
        "standard": per_measure("standard"), "clause_id": per_measure("clause_id"),
        "measure": per_measure("measure"), "label_zh": per_measure("label_zh"), "label_en": per_measure("label_en"),
        "record_kind": per_measure("records"), "window_id": wins,
        "window_name": pd.Series(wins).map(wnames).to_numpy(),
        # what the counts count: a record-level measure's records; a unit-level one's units (hour slots, crowded
        # snapshots, window-years ...) under a head of their own, never under "records" (records is <NA> there)
        "records": pd.arrays.IntegerArray(np.where(unit_row, 0, records_).astype(np.int64), unit_row.copy()),
        "units": pd.arrays.IntegerArray(np.where(unit_row, records_, 0).astype(np.int64), ~unit_row),
        "unit": unit_of,
        "n": n, "met": met, "open": open_, "not_assessed": records_ - n - open_,
        "missing_evidence": missing, "exempt": exempt, "visits": visits,
        "rate": rate, "ci_low": lo, "ci_high": hi, "target": target, "verdict": verdict, "weight": w_row,
    }, columns=RESULT_COLUMNS)
    return res


def _alternatives_once(plan: list[Item], item: np.ndarray, wins: np.ndarray, verdict: np.ndarray,
                       weight: np.ndarray) -> np.ndarray:
    """The weight each scorecard row carries in its window's score: a clause's alternative measures share one weight.

    Measures marked ``alternative: true`` (SCHEMA.md) are ways of measuring the same clause from different records
    (标准1 第十条(二)9: outage records or restoration work orders, whichever the organisation keeps).  An alternative
    is *in use* when the organisation keeps its records at all: some window of this scorecard has a verdict other
    than ``no_data`` for it.  Each in-use alternative carries its own weight divided by the number of in-use
    alternatives of its clause, in every window it applies to (one clause, one weight per window); an alternative
    not in use carries 0.  Where none is in use, the first keeps its weight (earning nothing) and the others 0.
    A window lacking records of a kind the organisation keeps has ``no_data`` for that share and earns nothing for
    it: withholding one window's records never raises its score, and keeping both kinds never counts the clause
    twice.

    Examples
    --------
    >>> from types import SimpleNamespace as N
    >>> plan = [N(m={"clause_id": "c", "alternative": True}), N(m={"clause_id": "c", "alternative": True})]
    >>> item, wins = np.array([0, 0, 1, 1]), np.array(["A", "B", "A", "B"], dtype=object)
    >>> _alternatives_once(plan, item, wins, np.array(["pass", "no_data", "no_data", "no_data"]), np.ones(4)).tolist()
    [1.0, 1.0, 0.0, 0.0]
    >>> _alternatives_once(plan, item, wins, np.array(["fail", "pass", "no_data", "pass"]), np.ones(4)).tolist()
    [0.5, 0.5, 0.5, 0.5]
    >>> _alternatives_once(plan, item, wins, np.array(["no_data"] * 4), np.ones(4)).tolist()
    [1.0, 1.0, 0.0, 0.0]

    Alternatives named (``alternative: a``) are those of one part of the clause: the others of the clause keep
    their own weight.

    >>> plan = [N(m={"clause_id": "c", "alternative": "a"}), N(m={"clause_id": "c", "alternative": "a"}),
    ...         N(m={"clause_id": "c", "alternative": "b"}), N(m={"clause_id": "c", "alternative": "b"})]
    >>> _alternatives_once(plan, np.arange(4), np.array(["A"] * 4, dtype=object),
    ...                    np.array(["pass", "no_data", "no_data", "fail"]), np.ones(4)).tolist()
    [1.0, 0.0, 0.0, 1.0]
    """
    alt = np.asarray([bool(it.m.get("alternative")) for it in plan], dtype=bool)[item]
    if not alt.any():
        return weight
    at = np.flatnonzero(alt)
    # the alternatives of one thing: a clause's (alternative: true), or of one part of it named by the measures
    # (alternative: lv220_single_phase: a clause of three supplies, each measured from readings or statistics)
    clause = pd.Series(np.asarray([str(it.m.get("clause_id", "")) + (
        "\x1f" + it.m["alternative"] if isinstance(it.m.get("alternative"), str) else "") for it in plan],
        dtype=object)[item][at])
    order = pd.Series(item[at])
    # in use: the organisation keeps the alternative's records (some window has evidence for it)
    in_use = (pd.Series(verdict[at] != "no_data").groupby(order).transform("any")).to_numpy(dtype=bool)
    # the number of in-use alternatives of the clause (each measure counted once, not once per window)
    used = pd.DataFrame({"clause": clause, "order": order, "in_use": in_use}).drop_duplicates(["clause", "order"])
    n_used = clause.map(used.groupby("clause")["in_use"].sum()).to_numpy(dtype=float)
    first = (order == order.groupby(clause).transform("min")).to_numpy(dtype=bool)
    w = np.asarray(weight, dtype=float)
    out = w.copy()
    out[at] = np.where(in_use, w[at] / np.where(n_used > 0, n_used, 1), np.where((n_used == 0) & first, w[at], 0.0))
    return out


def window_scores(results: pd.DataFrame, ws: Workspace, catalog=None) -> pd.DataFrame:
    """Each window's 100-point score: the weight of the measures it met over the weight of all that apply.

    A measure without evidence earns nothing (missing evidence is never a
    pass); ``evidence`` shows the share of the weight that had data.  A window
    with no evidence at all has no score and no rank (missing, never 0).
    """
    from .engine.account import counted, records_missing

    results = counted(results[results["verdict"] != "report"])  # figures reported beside another: not scored
    v = results["verdict"]
    wt = results["weight"]
    one = (lambda x: x.to_numpy(dtype=np.int64))  # counted by sums, not a function per window: one groupby for all
    g = pd.DataFrame({"window_id": results["window_id"], "measures": np.ones(len(results), dtype=np.int64),
                      "passed": one(v == "pass"), "failed": one(v == "fail"), "no_data": one(v == "no_data"),
                      "open": one(v == "open"), "insufficient": one(v == "insufficient"),
                      # records missing evidence in the failed cells (records only: a unit measure's promise
                      # occurrences or hours are the same records again, summaries.records_missing)
                      "fail_missing_evidence": (records_missing(results, catalog) * (v == "fail")).to_numpy(dtype=np.int64)
                      if "missing_evidence" in results else np.zeros(len(results), dtype=np.int64),
                      "w": wt, "w_pass": wt * (v == "pass"), "w_data": wt * v.isin(["pass", "fail"])}
                     ).groupby("window_id").sum()
    # a window without any evidence has no score and no rank (not a score of 0 ranked among the others), as in the
    # year's evaluation
    g["score"] = (100 * g["w_pass"] / g["w"]).round(1).where(g["w_data"] > 0)
    g["evidence"] = (g["w_data"] / g["w"]).round(3)
    out = ws.windows[["window_id", "window_name", "kind"]].merge(g.reset_index(), on="window_id", how="inner")
    out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
    return out.drop(columns=["w", "w_pass", "w_data"]).sort_values(["rank", "window_id"]).reset_index(drop=True)
