"""The year's evaluation computed once and kept: what every notebook of the report presents.

年度评价只计算一次并保存在报告目录中(Parquet/JSON),各笔记本读取后展示;单独在 JupyterLab 中打开时,
没有保存的结果就当场计算。

Compute once, present many: ``windoweval report`` computes every section
(:data:`SECTIONS`) before the notebooks run and keeps them in the build
folder (``kept/``: one Parquet file per table, ``meta.json`` per section);
each notebook reads its section and only presents it.  A notebook opened
alone (no ``kept`` folder, or one kept for other parameters) computes its
own section, and only that one.

Sections, and what they hold (tables; meta):

==============  ===========================================================================================
``annual``      ``ranking``, ``by_standard``, ``missed``, ``review_summary``, ``review_criteria``;
                ``headlines``, ``baseline_year``, ``baseline_missing``, ``organisation``, ``covered``, ``other_years``,
                ``other_years_said``,
                ``standards``, ``review`` (``"ok"`` or ``"no_previous"``)
``complaints``  ``overall_<t>``, ``window_<t>`` for t in timeliness, callbacks, satisfaction, open, repeats;
                ``monthly``; ``present``
``promises``    ``per_promise``, ``overall``, ``by_window``, ``publication_zh``, ``publication_en``
``survey``      ``index``, ``rate``, ``index_by_window``, ``rate_by_window``, ``progress``, ``ipa``,
                ``terms``; ``source``, ``respondents``, ``title``
``explore``     ``coverage``, ``windows``, ``results`` (the standard's window × measure rows),
                ``drilldown``, ``exempt`` (the records its clause excuses, with why); ``standard``, ``measure``, ``scorecard`` (the standard's Scorecard summary,
                ``{"html", "text"}``: its ``_repr_html_`` and ``repr``)
==============  ===========================================================================================

Window tables carry ``window_name_en`` beside ``window_name`` where the workspace gives an English name.

Examples
--------
>>> import windoweval as we
>>> s = we.yearbook("promises", 2025)
>>> sorted(s.tables)[:3], s.meta["present"]
(['by_window', 'overall', 'per_promise'], True)
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["SECTIONS", "Section", "compute", "keep", "load", "section", "parameters_key", "code_digest",
           "KeptDamaged"]

#: The sections, in the notebooks' order.
SECTIONS = ("annual", "survey", "complaints", "promises", "explore")
#: The parameters a kept section must have been computed with (the scheduler changes no number).
KEY_PARAMETERS = ("year", "data", "baseline_year", "instrument", "windows", "standard")
COMPLAINT_TABLES = ("timeliness", "callbacks", "satisfaction", "open", "repeats")
#: The number of what :func:`keep` writes (the sections' tables, their columns, the meta's facts): raised whenever that
#: changes, so that a kept folder written before is computed again, never read with its old columns.  The key carries
#: it beside the digest of the package's code (:func:`code_digest`), which tells two builds of one dev version apart.
KEPT_SCHEMA = 2


@dataclass
class Section:
    """One section of the year's evaluation: named tables (None when not there) and JSON-able facts.

    Examples
    --------
    >>> s = Section("complaints", {"timeliness": pd.DataFrame({"kind": ["complaint"], "rate": [0.98]})}, {"cases": 1})
    >>> s["timeliness"]["rate"].tolist(), s.get("callbacks"), s.meta["cases"], s.origin
    ([0.98], None, 1, 'computed')
    """

    name: str
    tables: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    #: "kept" when read from a build folder, "computed" when computed here
    origin: str = "computed"

    def __getitem__(self, key):
        return self.tables[key]

    def get(self, key, default=None):
        return self.tables.get(key, default)


def code_digest() -> str:
    """The digest of the package's own code and data (every ``.py``, ``.yaml``, ``.j2`` of :mod:`windoweval`, by path
    and contents), computed once per process: a section kept by one build of a version (``0.1.0``, a dev tree) is not
    read by another build of it whose code (a table's columns, a standard's clauses) differs.

    Examples
    --------
    >>> code_digest().startswith("sha256:"), code_digest() == code_digest()
    (True, True)
    """
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        import hashlib

        root = Path(__file__).resolve().parent
        h = hashlib.sha256()
        for folder, subs, names in os.walk(root):
            subs[:] = sorted(d for d in subs if d != "__pycache__")
            for n in sorted(names):
                if n.endswith((".py", ".yaml", ".j2")):
                    f = Path(folder) / n
                    h.update(f.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
                    h.update(f.read_bytes() + b"\0")
        _CODE_DIGEST = "sha256:" + h.hexdigest()
    return _CODE_DIGEST


_CODE_DIGEST: str | None = None


def parameters_key(year: int, data=None, *, baseline_year=None, instrument="power_hall", windows=None,
                   standard="power_window", **_) -> dict:
    """The parameters that decide a section's numbers, normalised (the data folder as the digest of its absolute path,
    windows as a list), with the digest of the instrument's text, the package's version, the number of what is kept
    (:data:`KEPT_SCHEMA`) and the digest of the package's code (:func:`code_digest`: a kept folder of an earlier build
    of the same dev version, its tables of other columns, is computed again, never read).  The key is kept in the
    report (``kept/key.json``): the digest tells one data folder from another as the path did, without the folders
    above it, which can carry a person's name (``/home/张三/…``).  An instrument is keyed by its contents (an
    organisation's own YAML by them alone, never by its path): one changed under the same path, or a new release of
    the package, never reads the sections kept for the former.

    Examples
    --------
    >>> k = parameters_key(2025, windows="PW01,PW02")
    >>> k["year"], k["data"], k["instrument"], k["windows"], k["standard"], k["instrument_sha256"][:7]
    (2025, None, 'power_hall', ['PW01', 'PW02'], 'power_window', 'sha256:')
    >>> parameters_key(2025, "/home/张三/records")["data"].startswith("sha256:")
    True
    """
    import hashlib
    import re

    from ._version import __version__
    from .evaluation import parse_windows

    def digest(b: bytes) -> str:
        return "sha256:" + hashlib.sha256(b).hexdigest()

    def path_digest(path) -> str:
        return digest(str(Path(path).resolve()).encode("utf-8", "surrogateescape"))

    text = None
    if isinstance(instrument, (str, os.PathLike)):
        from .survey.instrument import resolve_instrument_path
        try:
            text = digest(resolve_instrument_path(instrument).read_bytes())
        except Exception:  # noqa: BLE001 - no such instrument (the section refuses it when computed): keyed as given
            text = None
        if re.search(r"[/\\]", str(instrument)):   # an organisation's own YAML: by its contents, never its path
            instrument = text or path_digest(instrument)
    return {"year": int(year), "data": path_digest(data) if data else None,
            "baseline_year": int(baseline_year) if baseline_year else None, "instrument": instrument,
            "instrument_sha256": text, "windows": parse_windows(windows), "standard": standard,
            "version": __version__, "schema": KEPT_SCHEMA, "code": code_digest()}


def _jsonable(o):
    import numpy as np

    if isinstance(o, dict):
        return {str(k): _jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_jsonable(v) for v in o]
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return None if np.isnan(o) else float(o)
    if isinstance(o, float) and o != o:
        return None
    if isinstance(o, np.bool_):
        return bool(o)
    return o


def _english_names(frame: pd.DataFrame | None, ws) -> pd.DataFrame | None:
    """``frame`` with ``window_name_en`` beside ``window_name`` (the workspace's English name, else the name)."""
    if frame is None or "window_id" not in frame.columns or "window_name" not in frame.columns \
            or "window_name_en" in frame.columns:
        return frame
    names = ws.windows.set_index("window_id")["name_en"].astype("string")
    en = frame["window_id"].astype(str).map(names).astype("string")
    en = en.where(en.fillna("") != "", frame["window_name"].astype("string"))
    out = frame.copy()
    out.insert(list(out.columns).index("window_name") + 1, "window_name_en", en)
    return out


# ---------------------------------------------------------------- computing
class _Context:
    """What the sections share while they are computed: the workspace, the years covered, the evaluation."""

    def __init__(self, year, data, *, baseline_year=None, instrument="power_hall", windows=None,
                 standard="power_window", scheduler=None, survey=None, covered=None):
        from .evaluation import select_windows, years_covered
        from .records.workspace import load_workspace

        self.year, self.data, self.instrument, self.windows = int(year), data, instrument, windows
        self.baseline_year, self.standard, self.scheduler = baseline_year, standard, scheduler
        self.ws = load_workspace(data)
        select_windows(self.ws.windows, windows)          # an unknown window stops here
        self._covered = covered
        self._ev = None
        self._occ = None
        if survey is None:       # the survey store (windoweval.datadir.survey_source adds the demo's at the edge)
            from .evaluation import survey_responses
            cache: dict = {}

            def survey(y):
                if int(y) not in cache:
                    cache[int(y)] = survey_responses(int(y), instrument, data=data)
                return cache[int(y)]
        self.survey = survey
        self._years_covered = years_covered

    @property
    def covered(self) -> dict:
        if self._covered is None:
            self._covered = self._years_covered(self.data, self.ws)
        return self._covered

    def evaluation(self):
        if self._ev is None:
            from .evaluation import evaluate
            self._ev = evaluate(self.year, data=self.data, baseline_year=self.baseline_year, windows=self.windows,
                                scheduler=self.scheduler, covered=self._covered)
            self._covered = self._ev.covered
        return self._ev

    def occurrences(self):
        """The year's promise occurrences of every standard, computed once (the promises and the review): the
        drill-downs of the evaluation's scorecard when it is computed already (in pandas), else the promises'
        measures scored on their own."""
        if self._occ is None:
            from .promises import occurrences
            card = self._ev.card if self._ev is not None and self.scheduler is None else None
            self._occ = occurrences(self.year, data=self.data, workspace=self.ws, card=card)
        return self._occ

    def select(self, frame):
        from .evaluation import select_windows
        return select_windows(frame, self.windows, self.ws)


def _unknown_windows(unscored: pd.DataFrame, ws) -> dict:
    """Records whose window id the workspace does not know (scored nowhere): how many, and the first ids.

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
    >>> u = pd.DataFrame({"record_kind": ["work_orders"] * 2, "reason": ["window"] * 2, "column": ["window_id"] * 2,
    ...                   "value": ["PW01", "ＰＷ02"], "records": [3, 2]})
    >>> _unknown_windows(u, ws)
    {'records': 2, 'ids': ['ＰＷ02']}
    """
    if unscored is None or not len(unscored):
        return {"records": 0, "ids": []}
    unk = unscored[(unscored["reason"] == "window")
                   & ~unscored["value"].astype(str).isin(set(ws.windows["window_id"].astype(str)))]
    return {"records": int(unk["records"].sum()), "ids": sorted(unk["value"].astype(str).unique().tolist())[:20]}


def _unread_files(ws) -> list:
    """The names of the files in the data folder no kind of records reads (:func:`windoweval.records.check.
    unread_files`): said beside the report, never passed over."""
    from .records.check import unread_files

    return [f.name for f in unread_files(ws)]


def _blank_population(card) -> pd.DataFrame:
    """The records no measure took because a column their population selects on is blank (a radiology exam with no
    patient kind), and those other measures took but the ones selecting on that column left out (a Chinese
    prescription with no 付数: in the 24-hour measure, in neither dispensing band), per standard whose measures
    select on it: ``standard``, ``record_kind``, ``column``, ``reason_zh``, ``reason_en``, ``records``.  Empty when
    there are none.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from windoweval.catalog import load_catalog
    >>> u = pd.DataFrame({"record_kind": ["hospital_events", "complaints"], "reason": ["blank", "value"],
    ...                   "column": ["patient_kind", "kind"], "value": ["", "enquiry"], "records": [3, 100]})
    >>> card = SimpleNamespace(unscored=u, catalog=load_catalog(),
    ...                        results=pd.DataFrame({"standard": ["hospital_commitments"]}))
    >>> _blank_population(card)[["standard", "column", "records"]].values.tolist()
    [['hospital_commitments', 'patient_kind', 3]]
    """
    cols = ["standard", "record_kind", "column", "reason_zh", "reason_en", "records"]
    u = card.unscored
    blank = ("blank", "blank_elsewhere")
    if u is None or not len(u) or not u["reason"].isin(blank).any():
        return pd.DataFrame(columns=cols)
    scored = set(card.results["standard"].unique()) if len(card.results) else set()
    words = {"blank": ("{col} 为空:不在任何测量的适用范围内,未计分", "{col} is blank: in no measure's population, not scored"),
             "blank_elsewhere": ("{col} 为空:已计入其他测量,但不在按 {col} 划分的测量内,该项未计分",
                                 "{col} is blank: scored by other measures, but in none of those that select on {col}")}
    rows = []
    sums = u[u["reason"].isin(blank)].groupby(["reason", "record_kind", "column"], sort=True)["records"].sum()
    for (reason, kind, col), n in sums.items():
        stds = sorted({m["standard"] for s in scored for m in card.catalog.measures(s)
                       if m.get("records") == kind and col in (m.get("where") or {})})
        zh, en = words[reason]
        for std in stds or [""]:
            rows.append({"standard": std, "record_kind": kind, "column": col, "reason_zh": zh.format(col=col),
                         "reason_en": en.format(col=col), "records": int(n)})
    return pd.DataFrame(rows, columns=cols)


def _other_years(c: _Context, ev) -> dict:
    """``other_years`` (``{kind: {year: records}}``) and ``other_years_said`` (``{"zh": …, "en": …}``, or None): the
    records of other years the year's scorecard leaves out, counted per kind of the records it read and per year
    (:func:`windoweval.evaluation.other_year_counts`), for the annual page to say (years44: a 2024 row in a 2025
    export had been left out unsaid)."""
    from .evaluation import _kinds_read, other_year_counts, other_years_words

    others = getattr(ev.card, "other_year_counts", None)   # counted as the evaluation scored (evaluate)
    if others is None:
        others = other_year_counts(c.year, c.data, c.ws, _kinds_read(ev.card))
    return {"other_years": others,
            "other_years_said": other_years_words(others, ev.baseline_year) if others else None}


def _annual(c: _Context) -> Section:
    from .evaluation import covered_years
    from .review import demonstration_review

    ev = c.evaluation()
    t = {"ranking": _english_names(ev.ranking, c.ws), "by_standard": ev.by_standard,
         "missed": _english_names(ev.missed, c.ws), "review_summary": None, "review_criteria": None,
         "unscored": _blank_population(ev.card)}
    meta = {"headlines": ev.headlines, "baseline_year": ev.baseline_year, "baseline_missing": ev.baseline_missing,
            "organisation": {"zh": ev.organisation("zh"), "en": ev.organisation("en")}, "covered": ev.covered,
            "standards": len(ev.by_standard), "windows": len(ev.ranking), "review": "no_previous",
            "unknown_windows": _unknown_windows(ev.card.unscored, c.ws), "unread_files": _unread_files(c.ws),
            **_other_years(c, ev)}
    if c.year - 1 in covered_years(ev.covered):
        cards = {ev.year: ev.card, **({ev.baseline_year: ev.baseline} if ev.baseline is not None else {})}
        rv = demonstration_review(c.year, data=c.data, workspace=c.ws, survey=c.survey, occ=c.occurrences(),
                                  cards=cards)
        summary = c.select(rv.summary)
        t["review_summary"] = _english_names(summary, c.ws)
        t["review_criteria"] = _english_names(c.select(rv.criteria), c.ws)
        meta["review"] = "ok"
        meta["review_headlines"] = {"eligible": int(summary["eligible"].sum()), "reviewed": len(summary)}
    return Section("annual", t, _jsonable(meta))


def _verdict(verdict) -> dict | None:
    """A verdict (``pass``, ``fail``, ``insufficient`` …) as a headline shows it, in each language (``verdict.<v>``):
    ``{"zh": "达标", "en": "met"}``; None where there is none (no case of the kind).

    Examples
    --------
    >>> _verdict("insufficient"), _verdict(None)
    ({'zh': '证据不足', 'en': 'insufficient evidence'}, None)
    """
    from .i18n import LANGUAGES, text

    if verdict is None or (isinstance(verdict, float) and pd.isna(verdict)):
        return None
    return {lang: text(f"verdict.{verdict}", lang) for lang in LANGUAGES}


def _complaints(c: _Context) -> Section:
    t: dict = {}
    from .complaints import ruled_windows

    present = c.year in c.covered.get("complaints", [])
    # none of the report's windows is one 第十三条(五) applies to (a hospital's, a government hall's): the section is
    # not applicable, said as such, never "missing evidence, put the complaints register in" (newuser46)
    ruled = c.select(pd.DataFrame({"window_id": pd.Series(ruled_windows(c.ws), dtype="string")}))
    meta = {"present": present, "applies": bool(len(ruled))}
    if present:
        from .complaints import complaint_summaries

        # the cases read and assessed once for the three breakdowns (the year, its months, its windows)
        apart: dict = {}   # the cases of windows no reply limit applies to (a hospital's): said on the page
        stray: dict = {}   # the cases of window ids the workspace does not know (not scored): said on the page
        overall, by_month, per_window = complaint_summaries(c.year, data=c.data, bys=[None, "month", "window_id"],
                                                            workspace=c.ws, apart=apart, unknown=stray)
        for name in COMPLAINT_TABLES:
            t[f"overall_{name}"] = overall[name]
        timeliness = overall["timeliness"].set_index("kind")
        replies, said = timeliness["rate"], timeliness["verdict"]
        callbacks = overall["callbacks"].iloc[0]
        # each rate with its verdict beside it (met, not met, insufficient evidence: a rate alone reads as a pass)
        meta["headlines"] = {
            "complaint_reply_rate": replies.get("complaint"), "complaint_reply_verdict": _verdict(said.get("complaint")),
            "report_reply_rate": replies.get("report"), "report_reply_verdict": _verdict(said.get("report")),
            "callback_rate": callbacks["rate"], "callback_verdict": _verdict(callbacks["verdict"]),
            "callback_rate_incl_unreachable": callbacks["rate_incl_unreachable"],
            "satisfaction_rate": overall["satisfaction"]["rate"].iloc[0],
            "overdue_cases": int(overall["open"]["overdue"].fillna(False).sum()),
            "repeat_complainants": len(overall["repeats"])}
        # the cases whose being open cannot be said (their kind's conclusion never recorded): said on the page
        meta["undetermined_open"] = overall["open"].attrs.get("undetermined") or {}
        t["monthly"] = by_month["breakdown"]
        for name in COMPLAINT_TABLES:
            t[f"window_{name}"] = _english_names(c.select(per_window[name]), c.ws)
        shown = set(c.select(pd.DataFrame({"window_id": list(apart)}))["window_id"].astype(str)) if apart else set()
        meta["apart"] = {w: n for w, n in apart.items() if w in shown}   # the windows the report is built for
        meta["unknown_windows"] = stray   # no window of the report: said whatever windows it is built for
    return Section("complaints", t, _jsonable(meta))


def _promises(c: _Context) -> Section:
    from . import promises
    from .evaluation import check_year

    # a year the data holds no records for is refused, as `windoweval promises` and the report refuse it: alone in
    # JupyterLab this section would otherwise show 25 promises, none broken, for a year nothing was recorded
    check_year(c.year, covered=c.covered)
    occ = c.select(c.occurrences())
    if c.windows is not None:
        # the promises without records, each with the windows subject to it, as the occurrences are: at the windows
        # selected (a promise lacking records only at other windows says nothing of these; at a selected window it
        # still makes them insufficient, never a pass on missing evidence)
        from .promises import NO_RECORDS

        shown = set(c.select(c.ws.windows[["window_id", "kind"]])["window_id"].astype(str))
        lacking = {p: kept for p, ws in (c.occurrences().attrs.get(NO_RECORDS) or {}).items()
                   if (kept := tuple(w for w in ws if str(w) in shown))}
        occ = occ.copy(deep=False)
        occ.attrs = {**c.occurrences().attrs, NO_RECORDS: lacking}
    # the workspace names its own promise register (``promises`` in windoweval.toml): the occurrences were counted
    # by it, so its promises are listed and its words shown (without ``workspace`` the bundled register's were)
    ws = c.ws
    per = promises.fulfilment(c.year, data=c.data, occ=occ, workspace=ws)
    kept = promises.fulfilment(c.year, data=c.data, by=(), occ=occ, workspace=ws)
    by_window = promises.fulfilment(c.year, data=c.data, by=("window_id",), occ=occ, workspace=ws)
    if not int(kept["withdrawn_in_limit"].sum()):   # withdrawn within the limit: a column where any occurrence is so
        per, kept, by_window = (x.drop(columns=["withdrawn_in_limit"]) for x in (per, kept, by_window))
    t = {"per_promise": per, "overall": kept,
         "by_window": _english_names(by_window, c.ws),
         "publication_zh": promises.publication_table(c.year, data=c.data, lang="zh", occ=occ, workspace=ws),
         "publication_en": promises.publication_table(c.year, data=c.data, lang="en", occ=occ, workspace=ws)}
    k = kept.iloc[0] if len(kept) else None
    meta = {"present": True, "headlines": {
        "fulfilment": None if k is None else k["rate"], "promises": len(per),
        "promises_broken": int((per["broken"] > 0).sum()), "occurrences": 0 if k is None else int(k["occurrences"])}}
    return Section("promises", t, _jsonable(meta))


def _survey(c: _Context) -> Section:
    from .evaluation import survey_instrument
    from .survey import load_instrument
    from .survey import analysis, estimate

    if c.instrument is None:   # no bundled instrument for these windows (a service hall's): said, none asked for
        kinds = sorted(set(c.ws.windows["kind"].astype(str))) if len(c.ws.windows) else []
        return Section("survey", {}, _jsonable({"instrument": None, "present": False, "source": "", "kinds": kinds,
                                                "title": {"zh": "(未指定问卷)", "en": "(no instrument given)"},
                                                "instrument_notes": []}))
    responses, source = c.survey(c.year)
    # a stored survey is read with the instrument it was imported with (the organisation's own file, kept in the
    # store), as `survey estimate` reads it; the bundled one of the same id only for the demo's survey
    ins = survey_instrument(c.year, c.instrument, data=c.data) if source == "store" else load_instrument(c.instrument)
    meta = {"instrument": c.instrument, "title": {"zh": ins.title_zh, "en": ins.title_en}, "source": source,
            "present": responses is not None,
            # what today's rules say of the store's copy (read as imported): shown on the page, as survey estimate
            # prints it, in each language (the page escapes it)
            "instrument_notes": [{"zh": zh, "en": en} for zh, en in getattr(ins, "note_pairs", ())]}
    t: dict = {}
    if responses is None:
        return Section("survey", t, _jsonable(meta))
    # the windows asked for are a domain of the whole design (R's subset(des, window_id %in% ...)), never a design of
    # their rows alone: a window's figures are the ones the full page and `survey estimate --by window_id` give
    # (its strata keep their other PSUs; a stratum of halls is not made lonely by choosing one hall)
    shown = None
    if c.windows is not None:
        shown = set(c.select(responses)["window_id"])     # an unknown window refused here, naming the nearest
    # respondents of windows the workspace does not know (a delivery imported without --data, so never checked
    # against its roster): outside the estimates, as import with --data refuses them, and said on the page
    known = set(c.ws.windows["window_id"]) if len(c.ws.windows) else None
    if known is not None:
        unknown = responses.loc[~responses["window_id"].isin(known), "window_id"].astype(str)
        if len(unknown):
            meta["unknown_windows"] = {str(k): int(v) for k, v in unknown.value_counts().sort_index().items()}
            # the workspace's windows (not this year's alone): the baseline year's windows not surveyed this year stay
            # in its overall and its rows, as they are without an unknown window (review41)
            shown = (shown if shown is not None else {str(w) for w in known}) - set(unknown)
    if shown is not None:
        responses = analysis.windows_domain(responses, shown)
    previous = None
    if c.baseline_year:
        previous, _ = c.survey(int(c.baseline_year))
    rule = c.ws.lonely_psu   # a stratum with one PSU: the workspace's rule (lonely_psu), else refused as R refuses it
    try:
        design = estimate.survey_design(responses, lonely_psu=rule)
    except estimate.LonelyPSUError as e:
        raise estimate.LonelyPSUError(
            f"{c.year} 年的满意度调查（{c.instrument}）：{str(e).split(' / ')[0]} 年度报告不替调查选择规则：请调查公司合并"
            f"抽样层后重新交付，用 windoweval survey import 文件 --instrument {c.instrument} --year {c.year} --survey 已有编号 "
            "--replace 替换数据仓中的交付；或在 windoweval.toml 中写 lonely_psu = \"adjust\"（或 certainty、remove、average，"
            "与 R 的 options(survey.lonely.psu=...) 相同）让年度报告按该规则估计；需要时可用 windoweval survey estimate 调查编号 "
            "--lonely-psu adjust 等单独估计 / "
            f"the {c.year} satisfaction survey ({c.instrument}): {str(e).split(' / ', 1)[-1]} The year's report chooses no "
            "rule for the survey: have the survey firm merge the stratum and deliver again, replacing the store's "
            f"delivery with windoweval survey import FILE --instrument {c.instrument} --year {c.year} --survey "
            "EXISTING_ID --replace; or write lonely_psu = \"adjust\" (or certainty, remove, average, as R's "
            "options(survey.lonely.psu=...)) in windoweval.toml for the year's report to estimate under that rule; an "
            "estimate of its own can take windoweval survey estimate SURVEY_ID --lonely-psu adjust (or another rule)") from None
    lonely = [str(x) for x in design.strata[design.n_psu < 2]]
    # notes on the sample design, apart from the notes on the store's copy of the instrument (whose words on the page
    # say that copy would be refused today: no words for a design)
    meta["design_notes"] = []
    if lonely:   # estimated under the workspace's rule: the page says so
        meta["design_notes"].append({
            "zh": f"抽样层 {'、'.join(lonely)} 只有一个初级抽样单元；方差按工作区的 lonely_psu = \"{rule}\" 估计"
                  f"（与 R 的 options(survey.lonely.psu = \"{rule}\") 相同）",
            "en": f"stratum {', '.join(lonely)} has a single PSU; its variance is estimated under the workspace's "
                  f"lonely_psu = \"{rule}\" (as R's options(survey.lonely.psu = \"{rule}\"))"})
    one = estimate.one_psu_groups(responses if shown is None else responses[responses["window_id"].isin(shown)],
                                  ["window_id"])
    if one:   # halls as clusters: a window is one PSU, its SE 0 the design's (as R's), no precise figure
        meta["design_notes"].append({
            "zh": f"{len(one)} 个窗口（{'、'.join(one)}）各自只有一个初级抽样单元（整群为营业厅时，窗口即一个群）：按设计其标准误"
                  "为 0、区间收缩为一点或无法估计（与 R 相同），这不是精确的估计，而是这一设计估计不了窗口内的抽样误差",
            "en": f"each of {len(one)} windows ({', '.join(one)}) is a single PSU (with halls as clusters a window is one "
                  "cluster): by the design its standard error is 0 and its interval a point or not estimable (as R "
                  "gives them), which is no precise figure but a sampling error this design cannot estimate within a "
                  "window"})
    meta["lonely_psu"] = rule
    progress = None if previous is None else analysis.progress_table(previous, responses, ins, lonely_psu=rule,
                                                                      windows=shown)
    # the design built once above serves every estimate (and the window domains found once for the index and rate)
    if shown is None:
        index = estimate.satisfaction_index(design, ins)
        rate = estimate.satisfaction_rate(design, ins)
    else:   # the chosen windows' domain: its one group (the other rows' key is blank, outside every domain)
        index = estimate.satisfaction_index(design, ins, by=analysis.SHOWN).drop(columns=analysis.SHOWN)
        rate = estimate.satisfaction_rate(design, ins, by=analysis.SHOWN).drop(columns=analysis.SHOWN)
    overall = index.set_index("measure")["estimate"]
    by_window = {name: f(design, ins, by="window_id") for name, f in
                 (("index_by_window", estimate.satisfaction_index), ("rate_by_window", estimate.satisfaction_rate))}
    # the importance-performance table of the windows' domain of the whole design too (review41: on their rows alone
    # one hall of a district was a lonely PSU, the page refused)
    ipa = analysis.importance_performance(responses if shown is None else responses.drop(columns=analysis.SHOWN), ins,
                                          lonely_psu=rule, windows=shown)
    nps = _nps_table(responses, ins, shown, rule)   # a 0-10 question's net promoter score (none: None)
    if shown is not None:
        by_window = {k: v[v["window_id"].isin(shown)].reset_index(drop=True) for k, v in by_window.items()}
        responses = responses[responses["window_id"].isin(shown)].drop(columns=analysis.SHOWN)
    t.update({"index": index, "rate": rate, **by_window, "nps": nps,
              "progress": progress, "ipa": ipa,
              "terms": analysis.complaint_terms(responses, ins)})
    not_improved = None if progress is None else int(progress.loc[progress["scope"] == "window", "not_improved"].sum())
    meta["respondents"] = len(responses)
    meta["headlines"] = {
        "composite_index": round(float(overall["composite"]), 1), "overall_index": round(float(overall[ins.overall_id]), 1),
        "satisfied_share": round(float(rate["rate"].iloc[0]), 4), "respondents": len(responses),
        "windows_not_improved": not_improved}
    return Section("survey", t, _jsonable(meta))


def _nps_table(responses: pd.DataFrame, ins, shown, rule: str) -> pd.DataFrame | None:
    """The net promoter score of each 0-10 question of ``ins`` (a scale of its own), all windows (``window_id``
    ``全部 all``, the chosen windows' domain when ``shown``) then each window, as ``survey estimate --stat nps --by
    window_id`` gives it (:func:`~windoweval.survey.design.net_promoter` on the declared design R's svydesign makes,
    the workspace's lonely-PSU ``rule``); None for an instrument without such a question (the page shows no table)."""
    from .survey import analysis
    from .survey.design import net_promoter, svydesign

    tens = [q for q, (lo, hi, _) in ins.own_scales.items() if (lo, hi) == (0, 10)]
    if not tens:
        return None
    design = domain = svydesign(responses, ids="psu", strata="stratum", weights="weight", lonely_psu=rule)
    if shown is not None:
        # the chosen windows: a domain of the whole design, as the index's (R's subset(des, ...), which na.rm = TRUE
        # is: the other windows' answers no answer here, their rows kept in the design)
        inside = responses[analysis.SHOWN].eq("shown").to_numpy()
        domain = svydesign(
            responses.assign(**{q: pd.to_numeric(responses[q], errors="coerce").where(inside) for q in tens}),
            ids="psu", strata="stratum", weights="weight", lonely_psu=rule)
    parts = []
    for q in tens:
        whole = net_promoter(domain, q)
        whole.insert(0, "window_id", "全部 all")
        per = net_promoter(design, q, by="window_id")
        if shown is not None:
            per = per[per["window_id"].isin(shown)]
        for x in (whole, per):
            x.insert(1, "measure", q)
        parts += [whole, per]
    t = pd.concat(parts, ignore_index=True)
    return t.assign(n=t["n"].astype(int)).reset_index(drop=True)


def _exempt_shown(card, measure: str, windows, drilled: pd.DataFrame, n: int = 20) -> pd.DataFrame | None:
    """The records the shown measure's clause itself excuses (:meth:`~windoweval.scoring.Scorecard.exempted`: its
    stated exceptions) in the selected windows, the first ``n``, with the drill-down's columns and why (``reason``):
    whoever signs the verdict sees what was left out of the rate.  None when there is none (nothing shown).

    Examples
    --------
    >>> class Card:
    ...     def exempted(self, ms):
    ...         return pd.DataFrame({"event_id": ["E2", "E9"], "window_id": ["HPHA", "HX"], "text": ["…", "…"],
    ...                              "measure": ms[0], "excused": True, "message": "豁免 / exempt", "reason": "r / r"})
    >>> _exempt_shown(Card(), "m", pd.Series(["HPHA"]), pd.DataFrame(columns=["event_id", "window_id", "passed",
    ...                                                                        "message"])).values.tolist()
    [['E2', 'HPHA', '豁免 / exempt', 'r / r']]
    >>> _exempt_shown(Card(), "m", pd.Series(["PW01"]), pd.DataFrame()) is None
    True
    """
    ex = card.exempted([measure])
    if not len(ex):
        return None
    if "window_id" in ex:
        ex = ex[ex["window_id"].isin(set(windows)).to_numpy(dtype=bool)]
    if not len(ex):
        return None
    cols = [x for x in drilled.columns if x in ex.columns and x not in ("passed", "open", "excused", "reason")]
    cols = list(dict.fromkeys([*(cols or [x for x in ex.columns if x not in ("measure", "excused", "reason")]),
                               "reason"]))
    return ex[cols].head(n).reset_index(drop=True)


def _explore(c: _Context) -> Section:
    from .catalog import coverage
    from .evaluation import _kinds_read, score
    from .scoring import window_scores
    from .summaries import explain

    if c._ev is not None:          # the evaluation of every standard holds this one's rows: no second scoring
        card = c._ev.card
        res = card.results[(card.results["standard"] == c.standard).to_numpy()].reset_index(drop=True)
        wins = window_scores(res, c.ws, card.catalog)
        # the other years' records of the kinds this standard's measures read, as its own score() says them
        kinds = _kinds_read(card, set(res["measure"].unique()))
        other = {k: v for k, v in (card.other_year_counts or {}).items() if k in kinds} \
            if card.other_year_counts is not None else None
    else:
        card = score(c.standard, year=c.year, data=c.data, scheduler=c.scheduler, workspace=c.ws)
        res, wins = card.results, card.windows
    wins = c.select(wins)
    res = res[res["window_id"].isin(wins["window_id"]).to_numpy()]
    missed = res[res["verdict"] == "fail"]
    measure = missed["measure"].value_counts().sort_index().idxmax() if len(missed) else None
    t = {"coverage": coverage(), "windows": _english_names(wins.reset_index(drop=True), c.ws),
         "results": None, "drilldown": None, "exempt": None}
    if measure is not None:
        t["results"] = _english_names(res[res["measure"] == measure].reset_index(drop=True), c.ws)
        t["drilldown"] = explain(card, measure).head(20).reset_index(drop=True)
        t["exempt"] = _exempt_shown(card, measure, wins["window_id"], t["drilldown"])
    # the standard's scorecard (these windows) as JupyterLab shows a Scorecard: its compact summary, kept as shown
    view = replace(card, results=res.reset_index(drop=True), windows=wins.reset_index(drop=True))
    if c._ev is not None:
        view.other_year_counts = other
    shown = {"html": view._repr_html_(), "text": repr(view)}
    return Section("explore", t, _jsonable({"standard": c.standard, "measure": measure, "scorecard": shown}))


#: The sections that take the year's evaluation (its scorecard: the promises' occurrences are its drill-downs, explore
#: its standard's rows) when ``annual`` is computed too, wherever they come in the order (:func:`compute` computes the
#: evaluation before the first of them); alone they score what they show themselves.
_TAKE_EVALUATION = ("promises", "explore")

_COMPUTE = {"annual": _annual, "survey": _survey, "complaints": _complaints, "promises": _promises,
            "explore": _explore}


def compute(year: int, data=None, *, sections=SECTIONS, survey=None, progress=None, covered=None, done=None,
            **params) -> dict[str, Section]:
    """Every section of ``sections`` for ``year``, computed once (the evaluation shared by ``annual`` and ``explore``).

    ``params``: ``baseline_year``, ``instrument``, ``windows``, ``standard``,
    ``scheduler``; ``survey(year) -> (responses, source)`` is the survey's one
    source (the store when None).  ``progress(message)`` hears each section; ``covered``: the years the data
    covers (:func:`windoweval.evaluation.years_covered`) when the caller read them already.  The sections are
    computed in the order given (what they share is computed once, by the first that needs it: the evaluation,
    the promise occurrences, the records read; with ``annual`` among them, the evaluation before ``promises`` or
    ``explore``, whichever comes first, so that they take its scorecard); ``done(name, section)`` hears each one as
    soon as it is computed (the report keeps it and starts its notebook while the next is computed).

    Examples
    --------
    >>> got = compute(2025, None, sections=("complaints",))     # the demo organisation's complaint tables
    >>> list(got), got["complaints"].origin, "monthly" in got["complaints"].tables
    (['complaints'], 'computed', True)
    """
    import time

    from .records.shared import shared_reads

    out = {}
    sections = list(sections)
    with shared_reads():      # every records file read and validated once for all the sections
        c = _Context(year, data, survey=survey, covered=covered, **params)
        for name in sections:
            t = time.monotonic()
            if name in _TAKE_EVALUATION and "annual" in sections and c._ev is None:
                c.evaluation()    # computed once, for ``annual`` too: its scorecard, not a scoring of their own
                if progress:
                    progress(f"    · evaluation: {time.monotonic() - t:.1f} s")
                t = time.monotonic()
            out[name] = _COMPUTE[name](c)
            if progress:
                progress(f"    · {name}: {time.monotonic() - t:.1f} s")
            if done is not None:
                done(name, out[name])
    return out


# ---------------------------------------------------------------- keeping and reading
def keep(sections: dict[str, Section], folder, key: dict) -> Path:
    """Write ``sections`` into ``folder`` (``<section>/<table>.parquet``, ``<section>/meta.json``), with ``key``
    (:func:`parameters_key`) in ``folder/key.json``; returns the folder.

    What is kept goes through the privacy gate first (:func:`windoweval.privacy.mask_frame`, ``mask_json``):
    the build folder holds no phone number, ID-card number or name, like every other output.

    Examples
    --------
    >>> import tempfile
    >>> s = Section("complaints", {"open": pd.DataFrame({"case_id": ["C1"], "note": ["客户:张三 13912345678"]})})
    >>> d = keep({"complaints": s}, Path(tempfile.mkdtemp()) / "kept", parameters_key(2025))
    >>> pd.read_parquet(d / "complaints" / "open.parquet")["note"].str.contains("13912345678").any()
    np.False_
    """
    from .privacy import mask_frame, mask_json

    folder = Path(folder)
    for name, s in sections.items():
        d = folder / name
        d.mkdir(parents=True, exist_ok=True)
        tables = []
        for tname, df in s.tables.items():
            if df is None:
                continue
            df = mask_frame(df.reset_index(drop=True))
            try:      # attributes a table carries (a fit's n and thresholds) kept when they are JSON
                df.attrs = json.loads(json.dumps(_jsonable(dict(df.attrs))))
            except (TypeError, ValueError):
                df.attrs = {}
            df.to_parquet(d / f"{tname}.parquet", index=False)
            tables.append(tname)
        (d / "meta.json").write_text(json.dumps({"meta": mask_json(s.meta), "tables": tables, "all": list(s.tables)},
                                                ensure_ascii=False, indent=1), encoding="utf-8")
    _write_key(folder, key)
    return folder


def _write_key(folder: Path, key: dict) -> None:
    """``folder/key.json``, replaced whole and only when it differs: each section is kept while the notebooks of the
    sections kept before it run and read this file (a file rewritten in place can be read empty in between)."""
    import os
    import threading

    path, text = folder / "key.json", json.dumps(_jsonable(key), ensure_ascii=False)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    tmp = folder / f".key.json.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


#: The sections whose numbers depend on the parameter ``standard`` (the standard explored); the others are the same
#: whatever it is, and their notebooks (which do not pass it) read them kept for any (review rev21c: a build with
#: ``-p standard hospital_commitments`` had every other notebook compute its section again in the kernel).
_BY_STANDARD = ("explore",)


def _same_key(name: str, kept: dict, key: dict) -> bool:
    """Whether section ``name`` kept under ``kept`` (a :func:`parameters_key`) was computed for ``key``: every
    parameter the same, ``standard`` only for the sections that depend on it (:data:`_BY_STANDARD`).

    Examples
    --------
    >>> k = parameters_key(2025, standard="hospital_commitments")
    >>> _same_key("complaints", k, parameters_key(2025)), _same_key("explore", k, parameters_key(2025))
    (True, False)
    """
    if name in _BY_STANDARD:
        return kept == key
    return {k: v for k, v in kept.items() if k != "standard"} == {k: v for k, v in key.items() if k != "standard"}


from .errors import BuildFailed  # noqa: E402


class KeptDamaged(BuildFailed):
    """A section kept in a build folder (``kept/``: ``key.json``, ``<section>/meta.json``, its Parquet tables) that
    cannot be read: not JSON, cut short, not the structure :func:`keep` writes, a table missing or damaged.  It had
    ended in a JSONDecodeError or KeyError traceback.  Exit 4 (the build's own folder); :func:`section` computes the
    section again instead, saying so.

    Examples
    --------
    >>> import tempfile
    >>> s = Section("complaints", {"open": pd.DataFrame({"case_id": ["C1"]})}, {"cases": 1})
    >>> d = keep({"complaints": s}, Path(tempfile.mkdtemp()) / "kept", parameters_key(2025))
    >>> _ = (d / "key.json").write_text('{"year": 20', encoding="utf-8")
    >>> try:
    ...     load(d, "complaints", parameters_key(2025))
    ... except KeptDamaged as e:
    ...     print(e.exit_code, str(e).split("：")[0])
    4 kept/key.json
    """


def _damaged(path: Path, why: str) -> KeptDamaged:
    from .privacy import shown_paths

    rel = f"{path.parent.name}/{path.name}" if path.name == "key.json" else \
        f"{path.parent.parent.name}/{path.parent.name}/{path.name}"
    where = shown_paths(str(path.parent.parent if path.name != "key.json" else path.parent))
    return KeptDamaged(
        f"{rel}：保存的计算结果已损坏,无法读取({why});请删除保存结果的文件夹 {where} 后重新生成报告(windoweval report),"
        f"或不给 kept 参数直接计算 / {rel}: the kept result is damaged and cannot be read ({why}); delete the folder of "
        f"kept results {where} and build the report again (windoweval report), or compute without the kept parameter")


def _read_json(path: Path, want: type):
    """The kept JSON file ``path``, a ``want`` (dict) at its top, or :class:`KeptDamaged` naming it."""
    why = "不是保存时的结构 / not the structure kept"
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (ValueError, RecursionError) as e:      # not JSON (cut short by a full disk, edited), not UTF-8
        why, doc = f"{type(e).__name__}" + (f": {e}"[:160] if isinstance(e, ValueError) else ""), None
    except OSError as e:                           # a folder, no permission
        why, doc = f"{type(e).__name__}: {e.strerror or e}", None
    if not isinstance(doc, want):
        raise _damaged(path, why)
    return doc


def load(folder, name: str, key: dict | None = None) -> Section | None:
    """Section ``name`` kept in ``folder``, or None when it is not there or was kept for other parameters
    than ``key`` (:func:`parameters_key`).

    Examples
    --------
    >>> import tempfile
    >>> s = Section("complaints", {"open": pd.DataFrame({"case_id": ["C1"]})}, {"cases": 1})
    >>> d = keep({"complaints": s}, Path(tempfile.mkdtemp()) / "kept", parameters_key(2025))
    >>> back = load(d, "complaints", parameters_key(2025))
    >>> back.origin, back["open"]["case_id"].tolist(), load(d, "complaints", parameters_key(2024))   # other year: None
    ('kept', ['C1'], None)
    """
    if not folder:
        return None
    folder = Path(folder)
    d = folder / name
    if not (d / "meta.json").is_file() or not (folder / "key.json").is_file():
        return None
    # each kept file read with its damage said (file named, the fix: delete the folder), never a traceback (msgs44)
    if key is not None and not _same_key(name, _read_json(folder / "key.json", dict), _jsonable(key)):
        return None
    doc = _read_json(d / "meta.json", dict)
    if not (isinstance(doc.get("meta"), dict) and isinstance(doc.get("tables"), list)
            and isinstance(doc.get("all", []), list)
            and all(isinstance(t, str) and "/" not in t and "\\" not in t for t in doc["tables"] + doc.get("all", []))):
        raise _damaged(d / "meta.json", "不是保存时的结构 / not the structure kept")
    tables = {t: None for t in doc.get("all", [])}
    for t in doc["tables"]:
        try:
            tables[t] = pd.read_parquet(d / f"{t}.parquet")
        except (OSError, ValueError) as e:   # missing, cut short (ArrowInvalid is a ValueError), not Parquet
            raise _damaged(d / f"{t}.parquet", f"{type(e).__name__}: {str(e)[:120]}") from None
    return Section(name, tables, doc["meta"], origin="kept")


def section(name: str, year: int, data=None, *, kept=None, survey=None, **params) -> Section:
    """Section ``name``: read from ``kept`` (a build's ``kept/`` folder) when it holds it for these parameters,
    computed here otherwise (only this section).

    Examples
    --------
    >>> import tempfile
    >>> s = Section("complaints", {"open": pd.DataFrame({"case_id": ["C1"]})}, {"cases": 1})
    >>> d = keep({"complaints": s}, Path(tempfile.mkdtemp()) / "kept", parameters_key(2025))
    >>> section("complaints", 2025, kept=d).origin       # kept for these parameters: read, not computed
    'kept'
    """
    if name not in _COMPUTE:
        from .catalog import UnknownName
        raise UnknownName(f"没有这一部分 {name} / no section {name}; 可选 / choose from: {', '.join(SECTIONS)}")
    key = parameters_key(year, data, **params)
    try:
        got = load(kept, name, key) if kept else None
    except KeptDamaged as e:   # a kept file damaged: the section computed again from the data, said (a warning the
        import warnings        # notebook shows and the build logs), never a traceback

        warnings.warn(f"{e}\n已重新计算这一部分 / this section was computed again", stacklevel=2)
        got = None
    if got is not None:
        return got
    return compute(year, data, sections=(name,), survey=survey, **params)[name]
