"""Public service promises: the register, fulfilment, and the table published to the public.

服务承诺:登记册、兑现率,以及向社会公布的承诺兑现情况表。

The power-supply standard asks for 100 % of service promises kept (第五条(二))
and for the rate to be published regularly (第十三条(六)).  The promises are
data: ``windoweval/promises.yaml`` lists each one (the time limits of
第十条(二), the reply limits of 第十三条(五), the hospital windows' time
promises) with the clause it comes from, its wording, a plain-Chinese
public wording, English, and the catalog measure that tests it.

An *occurrence* of a promise is one record the promise applies to (one
payment, one connection, one call, one planned outage, one complaint …),
judged by the promise's measure through the same engine as the scorecards
(:func:`windoweval.scoring.score`), so the art. 203 option, the working-day
calendar and each measure's population apply unchanged.  Fulfilment =
occurrences that met the promise / occurrences assessed; the target is
100 %.  A promise no record tests (抄表, 第十条(二)3) is listed with its
rate missing, never as kept.

Examples
--------
>>> reg = load_promises()
>>> reg.set_index("promise_id").loc["pw_complaint_reply_5d", "public_zh"]
'您的投诉,5天内给您答复'
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from .promise_register import REGISTER_FILE, PromiseRegisterError, load_promises, promise_measures  # noqa: F401

__all__ = ["REGISTER_FILE", "load_promises", "promise_measures", "occurrences", "fulfilment",
           "publication_table", "read_ledger", "ledger_check", "LEDGER_STATES", "LEDGER_FINDINGS",
           "PromiseRegisterError"]

def _sub_catalog(measure_ids: set):
    from .catalog import Catalog, load_catalog

    cat = load_catalog()
    clauses = {}
    for cid, c in cat.clauses.items():
        ms = [m for m in c.get("measures") or [] if (f"{cid}#{m['id']}" if m.get("id") else cid) in measure_ids]
        if ms and c.get("status", "active") == "active":
            clauses[cid] = {**c, "measures": ms}
    return Catalog(standards=cat.standards, clauses=clauses, aliases={}, checklist_items=cat.checklist_items,
                   part=True)


def _register(register, data, workspace):
    """The register asked for, else the workspace's own (``promises`` in windoweval.toml), else the bundled one."""
    if register is not None:
        return register
    from .records.workspace import load_workspace

    return (workspace if workspace is not None else load_workspace(data)).promise_register()


def occurrences(year: int | None = None, data=None, standard: str | None = None, workspace=None,
                register: str | os.PathLike | None = None, card=None) -> pd.DataFrame:
    """Every occurrence of every measured promise, kept or not.

    Parameters
    ----------
    year : int, optional
        Keep the records of this year (by each record kind's period column).
    data : path, optional
        The records directory (the demo data by default).
    standard : str, optional
        Only the promises of this standard (``power_window``, ``hospital_commitments``).
    workspace : Workspace, optional
        An already loaded workspace (its ``art203`` and calendar apply).
    register : path, optional
        Another promise register (default: the workspace's ``promises``, else the bundled one).
    card : Scorecard, optional
        A scorecard the caller has of ``year``, for this workspace (and its register), that holds every
        standard of the promises' measures, e.g. :func:`windoweval.evaluate`'s ``card``: the occurrences are
        its drill-downs, the same rows, instead of scoring the promises' measures again.  Ignored (the measures
        scored here) when it is of another year or lacks one of those standards.

    Returns
    -------
    pandas.DataFrame
        One row per promise and record it applies to: ``promise_id``,
        ``measure``, ``record_kind``, ``record_id``, ``window_id``,
        ``month`` (``YYYY-MM`` of the record's period column), ``passed``
        (True kept, False broken, <NA> not assessable, open or excused), ``open``
        (not completed and not yet due at the cut-off: neither kept nor broken), ``excused`` (a record the
        promise's own clause excuses, 临时加工造成超时的 or a call given up within 12 s: an occurrence counted
        apart, not in the rate, never dropped), ``withdrawn_in_limit`` (a record the promise's rule leaves out: a
        case or order the customer withdrew within the limit, owed nothing after it; <NA> in ``passed``, neither kept,
        broken nor missing evidence) and ``reason`` (why it is excused, Chinese and English, as
        :meth:`~windoweval.scoring.Scorecard.exempted` gives it; empty for the others).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> occ = occurrences(2025, data=d, standard="power_window")
    >>> occ[["promise_id", "record_id", "month", "passed"]].to_dict("records")
    [{'promise_id': 'pw_fault_repair_45min', 'record_id': '2', 'month': '2025-06', 'passed': True}]

    A scorecard of the year that holds the standard gives the same occurrences without scoring again:

    >>> from windoweval.scoring import score
    >>> card = score("power_window", 2025, data=d)
    >>> occurrences(2025, data=d, standard="power_window", card=card).equals(occ)
    True
    """
    from .records import contracts
    from .scoring import score
    from .records.workspace import load_workspace

    register = _register(register, data, workspace)
    pm = promise_measures(standard=standard, register=register)
    cols = ["promise_id", "measure", "record_kind", "record_id", "window_id", "month", "passed", "open", "excused",
            "withdrawn_in_limit", "reason"]
    if not pm:
        return pd.DataFrame(columns=cols)
    ws = workspace or load_workspace(data)
    stds = sorted({m["standard"] for _, m in pm})
    if card is None or card.year != (None if year is None else int(year)) \
            or not set(stds) <= set(card.results["standard"]):
        card = score(stds, year=year, data=data, workspace=ws, catalog=_sub_catalog({m["measure"] for _, m in pm}))
    parts = []
    res = card.results
    scored = set(res["measure"])
    lacking = _kinds_without_records(card, pm, scored, register, year)
    exempt = res.groupby("measure", sort=False)["exempt"].sum() if len(res) else pd.Series(dtype=int)
    for pid, m in pm:  # one pass per promise
        if m["measure"] not in scored:  # no window of this workspace is subject to it
            continue
        c = contracts()[m["records"]]
        d = _in_force(_occurrence_rows(card, m["measure"], [*c.key, "window_id", c.period]), m, c)
        parts.append(_occurrence_frame(pid, m, c, d, excused=False))
        if int(exempt.get(m["measure"], 0)) > 0:
            # the records the measure's own clause excuses (临时加工造成超时, a call given up within 12 s) are
            # occurrences of the promise too: counted as excused, with why, never dropped (not in the rate)
            ex = _in_force(card.exempted([m["measure"]]), m, c)
            if len(ex):
                parts.append(_occurrence_frame(pid, m, c, ex.assign(passed=pd.NA, open=False), excused=True))
    out = pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
    out["passed"] = out["passed"].astype("boolean")
    # the promises whose records' kind holds no record at all in the year (the file absent or empty): no evidence
    # either way, read by fulfilment as insufficient evidence, never as kept (第五条(二))
    out.attrs[NO_RECORDS] = lacking
    return out


#: ``occurrences(...).attrs[NO_RECORDS]``: ``{promise_id: (window ids, ...)}``, the promises some window is subject
#: to (those windows) whose measure's kind of records holds no record at all in the year (:func:`_kinds_without_records`)
NO_RECORDS = "promises_without_records"


def _kinds_without_records(card, pm, scored: set, register, year) -> dict:
    """``{promise_id: windows}``: the promises of ``pm`` scored for some window (``scored``: the card's measures), in
    force in ``year``, none of whose record kinds holds a record in the year's scorecard ``card`` (neither in any
    measure's population, excused, nor among the records no measure took: ``card.unscored``).  Such a promise has
    no evidence at all: not kept, not broken (第五条(二) 供电服务承诺兑现率100%: a rate of the promises that have
    records is no rate of every promise).  ``windows``: the windows subject to the promise (its measures' rows)."""
    res, uns = card.results, card.unscored
    present = set()
    if len(res):
        held = (pd.to_numeric(res["records"], errors="coerce").fillna(0)
                + pd.to_numeric(res["exempt"], errors="coerce").fillna(0)
                + pd.to_numeric(res["units"], errors="coerce").fillna(0)) > 0
        present |= set(res.loc[held.to_numpy(dtype=bool), "record_kind"].astype(str))
    if len(uns):
        present |= set(uns.loc[(pd.to_numeric(uns["records"], errors="coerce").fillna(0) > 0).to_numpy(dtype=bool),
                               "record_kind"].astype(str))
    reg = load_promises(register).set_index("promise_id")
    y0, y1 = (pd.Timestamp(f"{int(year)}-01-01"), pd.Timestamp(f"{int(year)}-12-31")) if year is not None else (None, None)
    kinds: dict = {}
    wins = res.groupby("measure", sort=False)["window_id"].agg(lambda w: set(w.astype(str))) if len(res) else {}
    for pid, m in pm:
        if m["measure"] in scored:
            ks, ws = kinds.setdefault(pid, (set(), set()))
            ks.add(m["records"])
            ws |= wins[m["measure"]]
    out = {}
    for pid, (ks, ws) in kinds.items():
        if ks & present:
            continue
        start, end = reg.at[pid, "from"], reg.at[pid, "until"]
        if y0 is not None and ((not pd.isna(start) and start > y1) or (not pd.isna(end) and end < y0)):
            continue   # not in force in the year: nothing was owed, said so by the publication table
        out[pid] = tuple(sorted(ws))
    return out


def _in_force(d: pd.DataFrame, m: dict, c) -> pd.DataFrame:
    """The rows of the measure's records ``d`` in the promise's period (:func:`windoweval.promise_register.in_force`
    puts it in the promise's measure as a condition on the period column): a promise made or withdrawn mid-year is
    judged on the records of its days only, as the engine's 5.2 takes them."""
    cond = (m.get("where") or {}).get(c.period)
    if not cond or c.period not in d:
        return d
    from .population import apply_where

    return apply_where(d, {c.period: cond})


def _occurrence_frame(pid: str, m: dict, c, d: pd.DataFrame, excused: bool) -> pd.DataFrame:
    """One promise's occurrences from its measure's rows ``d`` (a drill-down's, or the records it excuses, with
    ``reason``), in :func:`occurrences`' columns."""
    per = d[c.period] if c.period in d else pd.Series(pd.NaT, index=d.index)
    month = per.dt.strftime("%Y-%m") if pd.api.types.is_datetime64_any_dtype(per) else pd.Series(pd.NA, index=d.index)
    rid = d[c.key[0]].astype("string")
    for k in c.key[1:]:
        rid = rid + "/" + d[k].astype("string")
    return pd.DataFrame({"promise_id": pid, "measure": m["measure"], "record_kind": m["records"],
                         "record_id": rid.to_numpy(), "window_id": d["window_id"].to_numpy(),
                         "month": month.astype("string").to_numpy(),
                         "passed": pd.array(d["passed"].to_numpy(), dtype="boolean"),
                         "open": (d["open"].to_numpy(dtype=bool) if "open" in d else np.zeros(len(d), dtype=bool)),
                         "excused": np.full(len(d), excused, dtype=bool),
                         # left out by the promise's rule (withdrawn within the limit): the drill-down's flag
                         "withdrawn_in_limit": (d["withdrawn_in_limit"].to_numpy(dtype=bool)
                                                if "withdrawn_in_limit" in d and not excused
                                                else np.zeros(len(d), dtype=bool)),
                         "reason": (d["reason"].astype(str).to_numpy() if excused and "reason" in d
                                    else np.full(len(d), "", dtype=object))})


def _occurrence_rows(card, measure: str, columns: list) -> pd.DataFrame:
    """The rows of ``card.drilldown(measure, include_passed=True)`` that occurrences read: ``columns`` (those the
    records have), ``passed``, ``open`` and ``withdrawn_in_limit`` (the rows the measure's rule leaves out,
    :func:`~windoweval.kernels.excluded_of`: for a promise's time limit, withdrawn within it), row for row.  A
    record-level measure's population kept by reference (:mod:`windoweval.engine`) is taken for these columns
    alone, without the drill-down's other columns, its masked free text and the kernel's own columns; any other
    measure gives its drill-down."""
    from .engine.frame import _FramePopulation
    from .kernels import KERNELS, excluded_of, open_of

    pop, mask, m = card._masks[card._measure(measure)]
    if KERNELS[m["kernel"]].level != "record" or not isinstance(pop, _FramePopulation):
        rows = card.drilldown(measure, include_passed=True)
        # the drill-down with every row is the mask's rows in its order: the rule's flags read from the mask
        out = excluded_of(mask) if mask is not None and len(mask) == len(rows) else np.zeros(len(rows), dtype=bool)
        return rows.assign(withdrawn_in_limit=out)
    rows, mask = pop.materialise(mask, True, columns=[*dict.fromkeys(columns), "open"])
    opened = rows["open"].to_numpy(dtype=bool) if "open" in rows else open_of(mask)   # as the drill-down takes it
    return rows.drop(columns=["open"], errors="ignore").assign(passed=mask, open=opened,
                                                               withdrawn_in_limit=excluded_of(mask)).reset_index(drop=True)


def _of_standard(occ: pd.DataFrame, standard: str | None, register=None) -> pd.DataFrame:
    if not standard:
        return occ
    reg = load_promises(register)
    return occ[occ["promise_id"].isin(reg.loc[reg["standard"] == standard, "promise_id"]).to_numpy()]


def _without_records(occ: pd.DataFrame, standard: str | None, register) -> dict:
    """The promises of ``standard`` (all: None) whose kind of records holds none in the year, as
    :func:`occurrences` found them (``attrs[NO_RECORDS]``; a frame made otherwise: none known)."""
    lacking = dict(occ.attrs.get(NO_RECORDS) or {})
    if lacking and standard:
        reg = load_promises(register)
        ours = set(reg.loc[reg["standard"] == standard, "promise_id"])
        lacking = {p: k for p, k in lacking.items() if p in ours}
    return lacking


def _rates(g: pd.DataFrame, by: list) -> pd.DataFrame:
    assessed = g["passed"].notna()
    opened = g["open"].fillna(False).astype(bool) if "open" in g else pd.Series(False, index=g.index)
    excused = g["excused"].fillna(False).astype(bool) if "excused" in g else pd.Series(False, index=g.index)
    # left out by the promise's rule (a case or order withdrawn within the limit): counted apart, never "not
    # assessed" (no evidence is missing), so it never holds a pass back, as the scorecard counts it
    gone = (g["withdrawn_in_limit"].fillna(False).astype(bool) if "withdrawn_in_limit" in g
            else pd.Series(False, index=g.index)) & ~assessed & ~opened & ~excused
    frame = g[by].assign(occurrences=assessed.astype(int),
                         met=g["passed"].fillna(False).astype(bool).astype(int),
                         open=opened.astype(int),
                         not_assessed=(~assessed & ~opened & ~excused & ~gone).astype(int),
                         excused=(excused & ~assessed).astype(int),
                         withdrawn_in_limit=gone.astype(int))
    out = frame.groupby(by, dropna=False, sort=True).sum().reset_index() if by else \
        frame.sum(numeric_only=True).to_frame().T
    out["broken"] = out["occurrences"] - out["met"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rate"] = np.where(out["occurrences"] > 0, out["met"] / out["occurrences"].where(out["occurrences"] > 0, 1), np.nan)
    out["target"] = 1.0
    # a promise kept in every occurrence assessed, with some not assessable (no time or value the promise needs):
    # counted as broken they would break it, so it is not shown kept (insufficient evidence), never a pass
    # none assessed but some without evidence: records there are, without what the promise needs (insufficient),
    # then only open ones (open: not yet due, as a scorecard cell of open cases), apart from no occurrence at all or
    # only excused ones (no_data)
    out["verdict"] = np.where(out["occurrences"] == 0,
                              np.where(out["not_assessed"] > 0, "insufficient",
                                       np.where(out["open"] > 0, "open", "no_data")),
                              np.where(out["met"] < out["occurrences"], "fail",
                                       np.where(out["not_assessed"] > 0, "insufficient", "pass")))
    return out


def fulfilment(year: int | None = None, data=None, by=("promise_id",), standard: str | None = None,
               workspace=None, register=None, occ: pd.DataFrame | None = None) -> pd.DataFrame:
    """Promise fulfilment: occurrences that met the promise / occurrences assessed, against 100 %.

    Parameters
    ----------
    year, data, standard, workspace, register
        As for :func:`occurrences`.
    by : sequence of str
        Any of ``promise_id``, ``window_id``, ``month``; ``()`` for the
        overall rate.
    occ : DataFrame, optional
        :func:`occurrences` already computed (they are read otherwise).

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, then ``occurrences`` (assessed), ``met``, ``broken``,
        ``open`` (not yet due at the cut-off), ``not_assessed`` (no time or value the promise needs), ``excused``
        (records the promise's own clause excuses, each in :func:`occurrences` with its reason; not in the rate),
        ``withdrawn_in_limit`` (cases or orders the customer withdrew within the limit: the promise's rule owes
        them nothing; not in the rate, never missing evidence): ``met + broken + open + not_assessed + excused +
        withdrawn_in_limit`` is every occurrence the records hold; ``rate``,
        ``target`` (1.0), ``verdict`` (pass | fail | open | no_data | insufficient: kept in every occurrence
        assessed, with some not assessable: never a pass on missing evidence; open: none assessed, some not yet
        due; no_data: none at all, or only excused or withdrawn ones).  With ``promise_id`` in ``by`` the promise's
        ``clause_id``, ``public_zh`` and ``public_en`` (the promise as published, in Chinese and English), ``text_zh`` and
        ``text_en`` (the standard's words, the register's ``zh`` and ``text_en``; its Chinese where the register has
        no English) follow (then ``from`` and ``until``, the first and last day
        each promise is in force, when the register dates any: its occurrences are the records of those days), and
        every promise of the register is listed: one that no record tests has
        ``verdict`` no_data.

    Examples
    --------
    >>> import pandas as pd
    >>> occ = pd.DataFrame({"promise_id": ["pw_fault_repair_45min"] * 3, "window_id": ["PW01", "PW01", "PW02"],
    ...                     "month": ["2025-01"] * 3, "passed": pd.array([True, False, True], dtype="boolean")})
    >>> t = fulfilment(by=["window_id"], occ=occ)
    >>> t[["window_id", "occurrences", "met", "broken", "verdict"]].values.tolist()
    [['PW01', 2, 1, 1, 'fail'], ['PW02', 1, 1, 0, 'pass']]
    """
    by = list(by or [])
    if occ is None or workspace is not None:
        register = _register(register, data, workspace)
    if occ is None:
        occ = occurrences(year, data, standard=standard, workspace=workspace, register=register)
    lacking = _without_records(occ, standard, register)
    occ = _of_standard(occ, standard, register)
    out = _rates(occ, by)
    if "promise_id" in by:
        reg = load_promises(register)
        if standard:
            reg = reg[reg["standard"] == standard]
        missing = reg.loc[~reg["promise_id"].isin(out["promise_id"]), ["promise_id"]]
        if len(missing):
            filler = missing.assign(occurrences=0, met=0, open=0, not_assessed=0, excused=0, withdrawn_in_limit=0,
                                    broken=0, rate=np.nan,
                                    target=1.0, verdict="no_data")
            out = pd.concat([out, filler], ignore_index=True)
        # a promise whose kind of records holds none at all in the year: insufficient evidence, never no data (a
        # promise with records of its kind but no occurrence, 无数据, had nothing owed)
        none = out["promise_id"].isin(list(lacking)).to_numpy() & (out["verdict"] == "no_data").to_numpy()
        out["verdict"] = np.where(none, "insufficient", out["verdict"])
        # a promise in force for part of the year: the days it was judged on, beside it (the register's dates)
        dated = ["from", "until"] if reg[["from", "until"]].notna().any().any() else []
        # the pairs in each language: the promise as published (public_zh, public_en) and the standard's words
        # (text_zh, text_en: the register's zh and text_en, its Chinese where a register has no English), each pair
        # its own, so the zh+en page and exports set each English beside its own Chinese
        words = reg[["promise_id", "clause_id", "public_zh", "public_en", *dated]].assign(
            text_zh=reg["zh"], text_en=reg["text_en"].where(reg["text_en"].notna(), reg["zh"]))
        out = out.merge(words[["promise_id", "clause_id", "public_zh", "public_en", "text_zh", "text_en", *dated]],
                        on="promise_id", how="left")
        order = {p: i for i, p in enumerate(reg["promise_id"])}
        out = out.sort_values(by=[c for c in by if c != "promise_id"] + ["promise_id"],
                              key=lambda s: s.map(order) if s.name == "promise_id" else s, kind="stable")
    elif lacking:
        # all promises together (at a window: those it is subject to): a rate of the promises that have records is no
        # rate of every promise (第五条(二) 供电服务承诺兑现率100%); unless one is broken, insufficient, never kept
        at = {str(w) for ws in lacking.values() for w in ws}
        short = (out["window_id"].astype(str).isin(at).to_numpy()
                 if "window_id" in by else np.ones(len(out), dtype=bool))
        out["verdict"] = np.where(short & (out["verdict"] != "fail"), "insufficient", out["verdict"])
        if "window_id" in by:
            # a window subject only to promises without records has no occurrence: a row of its own all the same,
            # insufficient evidence (证据不足(本年无此类记录)), never left out as if nothing were owed there
            bare = sorted(at - set(out["window_id"].astype(str)))
            if bare:
                filler = pd.DataFrame({"window_id": bare}).assign(
                    **{c: pd.NA for c in by if c != "window_id"}, occurrences=0, met=0, open=0, not_assessed=0,
                    excused=0, withdrawn_in_limit=0, broken=0, rate=np.nan, target=1.0, verdict="insufficient")
                out = pd.concat([out, filler[[c for c in out.columns if c in filler]]], ignore_index=True)
                out = out.sort_values("window_id", key=lambda w: w.astype(str), kind="stable")
    for c in ("occurrences", "met", "broken", "open", "not_assessed", "excused", "withdrawn_in_limit"):
        out[c] = out[c].astype(int)
    return out.reset_index(drop=True)


def _floor_pct(rate: pd.Series) -> pd.Series:
    """A rate as a percentage by the package's one rule (:func:`windoweval.numbers.display`): 0.1 %, and a rate
    just under 100 % never reads 100.0%."""
    from .numbers import display_series

    return display_series(rate.astype(float), "rate").where(rate.notna(), "")


_PERIOD_FREQ = {"Y": "Y", "Q": "Q", "M": "M"}


def publication_table(year: int, data=None, lang: str = "zh", freq: str = "Y", standard: str | None = None,
                      workspace=None, register=None, occ: pd.DataFrame | None = None) -> pd.DataFrame:
    """The promise-fulfilment table to publish (第十三条(六): 定期向社会公布承诺兑现率).

    Parameters
    ----------
    year : int
    data, standard, workspace, register
        As for :func:`occurrences`.
    lang : {"zh", "en"}
        Chinese (the published table) or English.
    freq : {"Y", "Q", "M"}
        One row per promise for the year, each quarter, or each month.
    occ : DataFrame, optional
        :func:`occurrences` already computed.

    Returns
    -------
    pandas.DataFrame
        Chinese: ``承诺事项`` (plain Chinese), ``承诺内容`` (the standard's
        wording), ``期间``, ``兑现率``; English: ``Promise``, ``Wording in
        the standard``, ``Period``, ``Rate kept``; then the counts beside the rate (:data:`PUBLICATION_COUNTS`:
        ``已判定(次)`` assessed, ``兑现(次)`` kept, ``未兑现(次)`` broken, ``未到期(次)`` not yet due at the cut-off,
        ``无法判定(次)`` not assessable; English ``Assessed``, ``Kept``, ``Broken``, ``Not yet due``, ``Not
        assessable``), and the excused and the withdrawn within the limit where any row has some: a 100 % with cases
        still open, or with most not assessable, never reads as kept on its own.  The last row is all
        promises together.  A rate is shown to 0.1 % (:mod:`windoweval.numbers`), and only
        a promise kept every time reads 100.0 %; one kept in every occurrence judged with some not
        assessable reads 证据不足 / insufficient evidence with both counts, never 100.0 %; one with only
        occurrences not yet due reads 未到期 / not yet due; one whose only occurrences were withdrawn within the
        limit reads 无需兑现(N 次在期限内撤销)/ nothing owed (N withdrawn within the limit); a promise no record tests
        reads 未按记录计量 / not measured from records; a measured one with no occurrence at all reads 无数据 / no
        data: a rate with none assessed is never 0 % or 100 %.  A promise in force for part of the year (the register's
        ``from``/``until``) has its days after its wording (有效期 2025-01-01 至 2025-06-30 / in force … to …), its
        rate of their records; one not in force in the year reads 本年不在有效期内 / not in force this year.

    Examples
    --------
    >>> import pandas as pd
    >>> occ = pd.DataFrame({"promise_id": ["pw_fault_repair_45min"] * 3, "window_id": ["PW01"] * 3,
    ...                     "month": ["2025-01", "2025-02", "2025-02"],
    ...                     "passed": pd.array([True, True, False], dtype="boolean")})
    >>> t = publication_table(2025, occ=occ, standard="power_window")
    >>> t.iloc[[0, 6, -1], [0, 3, 4, 5, 6, 7, 8]].values.tolist()
    [['居民交电费,每笔一般不超过5分钟', '无数据', 0, 0, 0, 0, 0], ['故障报修后,抢修人员45分钟内到达现场', '66.7%', 3, 2, 1, 0, 0], ['全部承诺', '66.7%', 3, 2, 1, 0, 0]]
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang 应为 zh 或 en / lang must be zh or en, got {lang!r}")
    if freq not in _PERIOD_FREQ:
        raise ValueError(f"freq 应为 Y、Q 或 M / freq must be Y, Q or M, got {freq!r}")
    if occ is None or workspace is not None:
        register = _register(register, data, workspace)
    if occ is None:
        occ = occurrences(year, data, standard=standard, workspace=workspace, register=register)
    no_records = _without_records(occ, standard, register)
    occ = _of_standard(occ, standard, register)
    occ = occ[occ["month"].astype("string").str.startswith(str(year)).fillna(False).to_numpy()]
    months = pd.Series(occ["month"].astype("string").dropna().unique())
    per = pd.PeriodIndex(months.astype(str), freq="M").asfreq(_PERIOD_FREQ[freq]).astype(str)
    occ = occ.assign(period=occ["month"].map(dict(zip(months, per))))  # a dozen months, mapped
    occ.attrs[NO_RECORDS] = no_records   # (this frame's own, made above: the caller's is not touched)
    table = fulfilment(by=["promise_id", "period"], occ=occ, standard=standard, register=register)
    overall = _rates(occ, ["period"]).assign(promise_id="__all__")
    if no_records:   # all promises together, some with no record of their kind: never kept (as fulfilment says it)
        overall["verdict"] = np.where(overall["verdict"] == "fail", "fail", "insufficient")
    table = pd.concat([table, overall], ignore_index=True)

    def label(p: str) -> str:
        if p != p or p is None:
            return f"{year}年" if lang == "zh" else str(year)
        if freq == "Y":
            return f"{p}年" if lang == "zh" else p
        if freq == "Q":
            return f"{p[:4]}年第{p[-1]}季度" if lang == "zh" else f"{p[:4]} Q{p[-1]}"
        return f"{p[:4]}年{int(p[5:7])}月" if lang == "zh" else p

    if freq == "Y":  # a promise with no occurrence still has its year (a column of no period at all is float: as text)
        period = table["period"]
        if not (period.dtype == object or pd.api.types.is_string_dtype(period.dtype)):
            period = period.astype(object)
        table["period"] = period.fillna(str(year))
    reg = load_promises(register)
    if standard:
        reg = reg[reg["standard"] == standard]
    info = reg.set_index("promise_id")
    is_all = table["promise_id"] == "__all__"
    measured = table["promise_id"].map(info["measured"]).fillna(True).astype(bool)
    # a promise in force for part of the year says its days (its rate is of their records); one not in force in the
    # year at all says so, never 无记录 (no records)
    y0, y1 = pd.Timestamp(f"{int(year)}-01-01"), pd.Timestamp(f"{int(year)}-12-31")
    start, end = table["promise_id"].map(info["from"]), table["promise_id"].map(info["until"])
    off = ((start > y1) | (end < y0)).to_numpy(dtype=bool)
    part = ~off & ((start > y0) | (end < y1)).to_numpy(dtype=bool)
    first = start.where(start > y0, y0).dt.strftime("%Y-%m-%d")
    last = end.where(end < y1, y1).dt.strftime("%Y-%m-%d")
    rate = _floor_pct(table["rate"])
    # never a rate that reads kept on missing evidence: kept in every occurrence judged, some not assessable (a repair
    # closed without its arrival time) is insufficient evidence, with the counts; only occurrences not yet due: open
    verdict = table["verdict"].astype(str).to_numpy()
    insufficient, opened = verdict == "insufficient", verdict == "open"
    judged = table["occurrences"].astype(int).astype(str).to_numpy(dtype=object)
    lacking = table["not_assessed"].astype(int).astype(str).to_numpy(dtype=object)
    some = table["occurrences"].to_numpy() > 0
    # none judged, some withdrawn within the limit (owed nothing): said so, never 无记录 (no records)
    gone = (~some & (table["withdrawn_in_limit"].to_numpy() > 0) & (verdict == "no_data"))
    withdrawn = table["withdrawn_in_limit"].astype(int).astype(str).to_numpy(dtype=object)
    # a promise whose kind of records holds none in the year; all promises together when some such promise is listed
    unrecorded = insufficient & table["promise_id"].isin(list(no_records)).to_numpy() & ~some
    many = str(len(no_records))
    all_short = insufficient & is_all.to_numpy() & (len(no_records) > 0)
    if lang == "zh":
        rate = rate.mask(insufficient, np.where(some, "证据不足(已判定的 " + judged + " 次均兑现," + lacking + " 次无法判定)",
                                                "证据不足(" + lacking + " 次无法判定)"))
        rate = rate.mask(unrecorded, "证据不足(本年无此类记录)")
        rate = rate.mask(all_short, "证据不足(已判定的 " + judged + " 次均兑现;" + many + " 项承诺本年无此类记录)")
        rate = rate.mask(opened, "未到期")
        rate = rate.mask(gone, "无需兑现(" + withdrawn + " 次在期限内撤销)")
        rate = rate.mask(off, "本年不在有效期内")
        rate = rate.mask(rate == "", np.where(measured, "无数据", "未按记录计量"))
        public = table["promise_id"].map(info["public_zh"]).astype(object)
        public = public.mask(part, public + "(有效期 " + first + " 至 " + last + ")")
        out = pd.DataFrame({
            "承诺事项": np.where(is_all, "全部承诺", public),
            "承诺内容": np.where(is_all, "—", table["promise_id"].map(info["zh"])),
            "期间": table["period"].map(label), "兑现率": rate})
    else:
        rate = rate.mask(insufficient, np.where(some, "insufficient evidence (kept in all " + judged + " judged, " + lacking
                                                + " not assessable)", "insufficient evidence (" + lacking
                                                + " not assessable)"))
        rate = rate.mask(unrecorded, "insufficient evidence (no records of its kind this year)")
        rate = rate.mask(all_short, "insufficient evidence (kept in all " + judged + " judged; " + many
                         + " promises without any record of their kind this year)")
        rate = rate.mask(opened, "not yet due")
        rate = rate.mask(gone, "nothing owed (" + withdrawn + " withdrawn within the limit)")
        rate = rate.mask(off, "not in force this year")
        rate = rate.mask(rate == "", np.where(measured, "no data", "not measured from records"))
        public = table["promise_id"].map(info["public_en"]).astype(object)
        public = public.mask(part, public + " (in force " + first + " to " + last + ")")
        out = pd.DataFrame({
            "Promise": np.where(is_all, "All promises", public),
            # the standard's words in English (text_en; a register without it: the Chinese words, as written)
            "Wording in the standard": np.where(is_all, "—", table["promise_id"].map(
                info["text_en"].where(info["text_en"].notna(), info["zh"]) if "text_en" in info else info["zh"])),
            "Period": table["period"].map(label), "Rate kept": rate})
    out = pd.concat([out, _publication_counts(table, lang)], axis=1)
    order = {p: i for i, p in enumerate(list(reg["promise_id"]) + ["__all__"])}
    key = table["promise_id"].map(order).to_numpy() * 10000 + \
        pd.Series(table["period"]).rank(method="dense").fillna(0).to_numpy()
    return out.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)


#: The counts the published table sets beside each rate (fulfilment's column: Chinese header, English header): a
#: 100 % with cases still open, or with most of them not assessable, never reads as kept on its own.  The excused and
#: the withdrawn within the limit follow when the table holds any.
PUBLICATION_COUNTS = {"occurrences": ("已判定(次)", "Assessed"), "met": ("兑现(次)", "Kept"),
                      "broken": ("未兑现(次)", "Broken"), "open": ("未到期(次)", "Not yet due"),
                      "not_assessed": ("无法判定(次)", "Not assessable")}
_PUBLICATION_APART = {"excused": ("例外(次,不计入兑现率)", "Excused (not in the rate)"),
                      "withdrawn_in_limit": ("期限内撤销(次,不计入兑现率)", "Withdrawn within the limit (not in the rate)")}


def _publication_counts(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published table's count columns of ``table`` (:func:`fulfilment`'s rows, by promise and period): assessed,
    kept, broken, not yet due, not assessable (:data:`PUBLICATION_COUNTS`), then the excused and the withdrawn within
    the limit where any row has some; headed in ``lang``.

    >>> t = pd.DataFrame({"occurrences": [3], "met": [3], "broken": [0], "open": [2], "not_assessed": [1],
    ...                   "excused": [0], "withdrawn_in_limit": [0]})
    >>> _publication_counts(t, "zh").to_dict("records")
    [{'已判定(次)': 3, '兑现(次)': 3, '未兑现(次)': 0, '未到期(次)': 2, '无法判定(次)': 1}]
    """
    at = 0 if lang == "zh" else 1
    cols = dict(PUBLICATION_COUNTS)
    cols.update({c: h for c, h in _PUBLICATION_APART.items() if c in table and int(table[c].fillna(0).sum()) > 0})
    return pd.DataFrame({h[at]: table[c].fillna(0).astype(int).to_numpy() for c, h in cols.items()}, index=table.index)


#: A 服务承诺台账's 兑现情况 as the organisation writes it, read as what it declares (never as evidence).
LEDGER_STATES = {"已兑现": "kept", "兑现": "kept", "按时兑现": "kept", "已按时兑现": "kept", "是": "kept",
                 "未兑现": "broken", "未按时兑现": "broken", "超时兑现": "broken", "超时": "broken", "逾期": "broken",
                 "否": "broken", "部分兑现": "partly", "不适用": "not_applicable", "免责": "exempt"}
#: The columns of a ledger that name a promise and its declared state, by the spellings ledgers use.
_LEDGER_ID = ("承诺编号", "编号", "promise_id", "id")
_LEDGER_STATE = ("兑现情况", "兑现状态", "是否兑现", "兑现结果", "state")
#: The column of a ledger one row per order (a marketing system's 承诺兑现明细: 工单编号, 承诺事项, 兑现情况 …) that
#: names the record each row speaks for, by the spellings the records' own ids have.
_LEDGER_RECORD = ("工单编号", "工单号", "诉求编号", "案件编号", "record_id", "order_id", "case_id")

#: What the cross-check says of each ledger row (Chinese, English).
LEDGER_FINDINGS = {
    "agrees": ("与记录一致", "agrees with the records"),
    "contradicted": ("与记录矛盾", "contradicted by the records"),
    "unconfirmed": ("记录无法证实(不作为兑现的依据)", "the records cannot confirm it (not taken as kept)"),
    "not_in_register": ("登记册中没有此承诺", "no such promise in the register"),
    "not_in_ledger": ("台账中没有此承诺", "the ledger does not list this promise"),
    "unknown_state": ("兑现情况无法识别(可写:已兑现、未兑现、超时兑现、部分兑现、不适用、免责,或是/否)",
                      "the state written is not one a ledger uses (已兑现, 未兑现, 超时兑现, 部分兑现, 不适用, 免责, or 是/否)"),
    "ledger_silent": ("台账未填兑现情况", "the ledger leaves its state blank"),
    "not_in_records": ("记录中没有此工单(未导出、作为重复工单去掉,或不属于任何承诺)",
                       "no record of this order among the promises' (not exported, dropped as a duplicate, or no "
                       "promise's)"),
}


def read_ledger(ledger, orders: bool = True) -> pd.DataFrame:
    """A 服务承诺台账 read and its columns checked, before anything is computed (``promises --ledger`` reads it first:
    a missing file or a ledger without its columns is refused, exit 3, before any table is printed).

    Parameters
    ----------
    ledger : path
        The ledger as exported (XLSX or CSV, any encoding :func:`windoweval.records.io.read_tables` reads).
    orders : bool
        Take a ledger with an order column (工单编号 …) as one row per order.

    Returns
    -------
    pandas.DataFrame
        ``row`` (as a spreadsheet numbers it), ``record_id`` (one row per order) or ``promise_id``, and
        ``declared`` (兑现情况 as written, stripped; <NA> where the ledger leaves it blank); rows blank in both
        left out.

    Raises
    ------
    windoweval.records.io.ExportError
        (exit 3) the file is missing or cannot be read, or lacks a promise or a state column: the file, the
        headers it has and the fix.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> f = Path(tempfile.mkdtemp()) / "台账.csv"
    >>> _ = f.write_text("承诺编号,兑现情况\\nP1,已兑现\\nP2, \\n,\\n", encoding="utf-8")
    >>> read_ledger(f).values.tolist()
    [[2, 'P1', '已兑现'], [3, 'P2', <NA>]]
    """
    from pathlib import Path

    from .records.io import ExportError, read_tables

    from .privacy import looks_like_a_record

    f = Path(ledger)
    t = read_tables(f)[0]
    heads = [str(h).strip() for h in t.headers]
    # the headers listed in a refusal, unless the first row is a record (a ledger exported without its header row:
    # an order id, a date, a state word 已兑现): its cells are a person's data, a bare name among them that no
    # masking finds (hostile45: 现有表头 ['WO2025030501', '柏青松', …] printed the name)
    if looks_like_a_record(heads) or any(h in LEDGER_STATES for h in heads):
        had_zh = "第一行看来是一条记录(日期、长数字或兑现情况)而不是表头行,其内容不列出"
        had_en = "its first row looks like a record (a date, a long number or a state), not a header row, and is not listed"
    else:
        had_zh, had_en = f"现有表头 {heads}", f"its headers are {heads}"

    def column(names, what_zh, what_en):
        at = next((heads.index(n) for n in names if n in heads), None)
        if at is None:
            raise ExportError(f.name, f"台账没有{what_zh}列(应为 {' 或 '.join(names[:2])};{had_zh});请加上该列或改正表头",
                              f"the ledger has no {what_en} column ({' or '.join(names[:2])}; {had_en}); "
                              "add it or correct the header")
        v = t.frame.iloc[:, at].astype("string").str.strip()
        return v.mask(v == "")   # a cell of spaces is a blank one

    rows = t.rows if t.rows is not None else np.arange(t.first_row, t.first_row + len(t.frame))
    by_order = orders and any(n in heads for n in _LEDGER_RECORD)
    if not by_order and not any(n in heads for n in _LEDGER_ID):
        raise ExportError(f.name, f"台账没有承诺编号列(应为 承诺编号 或 编号),也没有工单编号列(每个工单一行的台账;应为 工单编号 或 "
                                  f"工单号);{had_zh};请加上其中一列或改正表头",
                          f"the ledger has no promise id column (承诺编号 or 编号) and no order column (a ledger one row "
                          f"per order: 工单编号 or 工单号); {had_en}; add one or correct the header")
    said = column(_LEDGER_STATE, "兑现情况", "state (兑现情况)")
    key = "record_id" if by_order else "promise_id"
    ids = column(_LEDGER_RECORD, "工单编号", "order") if by_order else column(_LEDGER_ID, "承诺编号", "promise id")
    led = pd.DataFrame({"row": pd.array(rows, dtype="Int64"), key: ids.array, "declared": said.array})
    return led[led[key].notna().to_numpy() | led["declared"].notna().to_numpy()].reset_index(drop=True)


def ledger_check(ledger, per: pd.DataFrame, occ: pd.DataFrame | None = None) -> pd.DataFrame:
    """A 服务承诺台账 (the organisation's own ledger: 承诺编号, 兑现情况 …) cross-checked against the records.

    The ledger's 兑现情况 is the organisation's own statement, not evidence: fulfilment (``per``, from
    :func:`fulfilment` by promise) is computed from the records alone and never changed by it.  Each ledger row is
    set beside the records' verdict: a 已兑现 the records contradict (a broken occurrence) is flagged, as is a
    未兑现/部分兑现 where the records show every occurrence kept, and a 不适用/免责 where they show one broken (an
    exemption is read from the record, 特殊情况, not from the ledger); a 已兑现 the records cannot judge (insufficient
    evidence, none due, no records, a promise no record tests) is unconfirmed, never a pass.  A ledger row of a
    promise the register lacks and a promise of the register the ledger lacks are listed too, never dropped.

    A ledger one row per order (a marketing system's 承诺兑现明细: 工单编号, 承诺事项, 兑现情况, 延期原因), with ``occ``
    (:func:`occurrences` of the same year), is checked order by order (:func:`_order_ledger_check`): each row beside
    its own record's verdict.

    Parameters
    ----------
    ledger : path or DataFrame
        The ledger as exported (XLSX or CSV, any encoding :func:`windoweval.records.io.read_tables` reads), with a
        promise column (承诺编号 or 编号: the register's ids) and a state column (兑现情况); or :func:`read_ledger`'s
        frame of it.  A row whose 兑现情况 is blank is one the ledger did not fill in (``ledger_silent``), neither an
        unknown state nor a contradiction.
    per : DataFrame
        :func:`fulfilment` by ``promise_id`` for the same register and year.
    occ : DataFrame, optional
        :func:`occurrences` of the same register and year: a ledger with an order column (工单编号 …) is then
        checked order by order.

    Returns
    -------
    pandas.DataFrame
        ``row`` (the ledger's row, as a spreadsheet numbers it; <NA> for a promise it lacks), ``promise_id``,
        ``declared`` (as written), ``records_verdict``, ``occurrences``, ``broken``, ``finding`` (a key of
        :data:`LEDGER_FINDINGS`), ``finding_zh``, ``finding_en``; contradicted rows first.

    Raises
    ------
    windoweval.records.io.ExportError
        (exit 3) the file cannot be read, or lacks a promise or a state column: the file, the headers it has and
        the fix.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> f = Path(tempfile.mkdtemp()) / "台账.csv"
    >>> _ = f.write_text("承诺编号,兑现情况\\nP1,已兑现\\nP2,已兑现\\nP3,未兑现\\n", encoding="utf-8")
    >>> per = pd.DataFrame({"promise_id": ["P1", "P2", "P3"], "verdict": ["fail", "insufficient", "fail"],
    ...                     "occurrences": [4, 2, 3], "broken": [1, 0, 2]})
    >>> ledger_check(f, per)[["row", "promise_id", "finding"]].values.tolist()
    [[2, 'P1', 'contradicted'], [3, 'P2', 'unconfirmed'], [4, 'P3', 'agrees']]
    """
    led = ledger if isinstance(ledger, pd.DataFrame) else read_ledger(ledger, orders=occ is not None)
    if "record_id" in led:
        if occ is None:
            raise ValueError("一个工单一行的台账需要 occ / a ledger one row per order needs occ (occurrences)")
        return _order_ledger_check(led, occ)
    facts = per.set_index("promise_id")[["verdict", "occurrences", "broken"]]
    missing = facts.index.difference(pd.Index(led["promise_id"].dropna()), sort=False)
    led = pd.concat([led, pd.DataFrame({"row": pd.array([pd.NA] * len(missing), dtype="Int64"),
                                        "promise_id": list(missing), "declared": pd.NA})], ignore_index=True)
    got = led.join(facts, on="promise_id")
    state = got["declared"].map(LEDGER_STATES)
    verdict = got["verdict"].astype(object)
    broken = got["broken"].fillna(0).to_numpy() > 0
    judged_all_kept = (verdict == "pass").to_numpy()
    finding = np.select(
        [verdict.isna().to_numpy() & got["row"].notna().to_numpy(), got["row"].isna().to_numpy(),
         got["declared"].isna().to_numpy(), state.isna().to_numpy(),
         (state == "kept").to_numpy() & broken, (state == "kept").to_numpy() & judged_all_kept,
         (state == "kept").to_numpy(),
         state.isin(["broken", "partly"]).to_numpy() & judged_all_kept,
         state.isin(["broken", "partly"]).to_numpy() & broken,
         state.isin(["not_applicable", "exempt"]).to_numpy() & broken,
         (state == "not_applicable").to_numpy() & (got["occurrences"].fillna(0).to_numpy() > 0)],
        ["not_in_register", "not_in_ledger", "ledger_silent", "unknown_state", "contradicted", "agrees", "unconfirmed",
         "contradicted", "agrees", "contradicted", "contradicted"], "unconfirmed")
    out = got.assign(records_verdict=verdict, occurrences=got["occurrences"].astype("Int64"),
                     broken=got["broken"].astype("Int64"), finding=finding)
    out["finding_zh"] = out["finding"].map({k: v[0] for k, v in LEDGER_FINDINGS.items()})
    out["finding_en"] = out["finding"].map({k: v[1] for k, v in LEDGER_FINDINGS.items()})
    out = out.assign(_c=out["finding"] != "contradicted").sort_values("_c", kind="stable")
    return out[["row", "promise_id", "declared", "records_verdict", "occurrences", "broken", "finding", "finding_zh",
                "finding_en"]].reset_index(drop=True)


def _order_ledger_check(led: pd.DataFrame, occ: pd.DataFrame) -> pd.DataFrame:
    """:func:`ledger_check` of a ledger one row per order (``led``, :func:`read_ledger`'s): each row's 兑现情况
    (``declared``) beside the verdict the records give its order (``record_id``, matched to :func:`occurrences`'): ``fail`` where an occurrence
    of it is broken, ``pass`` where all are kept, else ``open`` (not yet due), ``excused`` (the clause's own
    exception), ``withdrawn`` (withdrawn within the limit: owed nothing; 不适用 agrees) or ``insufficient``
    (evidence missing).  A blank 兑现情况 is ``ledger_silent``.  已兑现 on a broken order and 未兑现/部分兑现 on a kept one are
    contradicted, as 不适用 on a judged one and 免责 on a broken one are; a 已兑现 the records cannot judge is
    unconfirmed, never a pass; an order no occurrence has is listed (``not_in_records``), never dropped.  The
    records' orders the ledger lacks are not listed (a ledger may cover a month or a promise).  Vectorised.

    Examples
    --------
    >>> occ = pd.DataFrame({"record_id": ["A", "B", "C"], "promise_id": ["P"] * 3,
    ...                     "passed": pd.array([True, False, pd.NA], dtype="boolean"), "open": [False, False, True],
    ...                     "excused": [False] * 3})
    >>> led = pd.DataFrame({"row": [2, 3, 4, 5], "record_id": ["A", "B", "C", "D"],
    ...                     "declared": ["已兑现", "已兑现", "已兑现", "未兑现"]})
    >>> _order_ledger_check(led, occ)[["record_id", "records_verdict", "finding"]].values.tolist()
    [['B', 'fail', 'contradicted'], ['A', 'pass', 'agrees'], ['C', 'open', 'unconfirmed'], ['D', <NA>, 'not_in_records']]
    """
    o = occ[["record_id", "promise_id"]].assign(
        broken=(occ["passed"] == False).fillna(False).to_numpy(dtype=bool),   # noqa: E712 (a nullable mask)
        kept=(occ["passed"] == True).fillna(False).to_numpy(dtype=bool),     # noqa: E712
        open=occ["open"].to_numpy(dtype=bool), excused=occ["excused"].to_numpy(dtype=bool),
        withdrawn=(occ["withdrawn_in_limit"].to_numpy(dtype=bool) if "withdrawn_in_limit" in occ
                   else np.zeros(len(occ), dtype=bool)))
    g = o.groupby("record_id", sort=False).agg(promise_id=("promise_id", lambda p: "、".join(dict.fromkeys(p))),
                                               occurrences=("kept", "size"), broken=("broken", "sum"),
                                               kept=("kept", "sum"), open=("open", "any"), excused=("excused", "all"),
                                               withdrawn=("withdrawn", "all"))
    got = led.join(g, on="record_id")
    known = got["occurrences"].notna().to_numpy()
    broken = got["broken"].fillna(0).to_numpy() > 0
    all_kept = known & (got["kept"].fillna(-1).to_numpy() == got["occurrences"].fillna(0).to_numpy())
    opened = got["open"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    excused = got["excused"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    gone = got["withdrawn"].astype("boolean").fillna(False).to_numpy(dtype=bool)   # withdrawn within the limit
    verdict = pd.Series(np.select([~known, broken, all_kept, opened, excused, gone],
                                  [None, "fail", "pass", "open", "excused", "withdrawn"], "insufficient"),
                        dtype="string")
    state = got["declared"].map(LEDGER_STATES)
    kept, nay = (state == "kept").to_numpy(), state.isin(["broken", "partly"]).to_numpy()
    finding = np.select(
        [~known, got["declared"].isna().to_numpy(), state.isna().to_numpy(), kept & broken, kept & all_kept, nay & all_kept, nay & broken,
         (state == "not_applicable").to_numpy() & (broken | all_kept), (state == "exempt").to_numpy() & broken,
         (state == "not_applicable").to_numpy() & gone],
        ["not_in_records", "ledger_silent", "unknown_state", "contradicted", "agrees", "contradicted", "agrees",
         "contradicted", "contradicted", "agrees"], "unconfirmed")
    out = got.assign(records_verdict=verdict.array, occurrences=got["occurrences"].astype("Int64"),
                     broken=got["broken"].astype("Int64"), finding=finding)
    out["finding_zh"] = out["finding"].map({k: v[0] for k, v in LEDGER_FINDINGS.items()})
    out["finding_en"] = out["finding"].map({k: v[1] for k, v in LEDGER_FINDINGS.items()})
    out = out.assign(_c=out["finding"] != "contradicted").sort_values("_c", kind="stable")
    return out[["row", "record_id", "promise_id", "declared", "records_verdict", "occurrences", "broken", "finding",
                "finding_zh", "finding_en"]].reset_index(drop=True)
