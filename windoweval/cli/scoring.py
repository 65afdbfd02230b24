"""``windoweval standards`` and ``windoweval score``: the clauses, and scorecards from records."""
from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from ..console import print_table as _print
from ..exports import _Beside
from ..errors import EXIT_BUG, EXIT_BUILD, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE  # noqa: F401
from .args import year

#: Heads the score and standards commands print where a column means something particular there (the rest come
#: from the package's strings, :func:`windoweval.console.bilingual`).
_LABELS = {
    "measure": "测量项编号 measure", "clauses": "条款数 clauses", "records": "按业务记录计量 from records",
    "checklist": "按检查表 from checklists", "not_measured": "不可计量 not measured", "withdrawn": "已废止 withdrawn",
    "measures": "测量项数 measures", "title_en": "标准名称(英文)title", "text_zh": "条文 text",
}
_UNSCORED_LABELS = {"record_kind": "记录类型 record kind", "reason": "原因 reason", "column": "列 column",
                    "header": "表头 header",
                    "value": "取值 value", "records": "记录数 records"}
#: Why a record is in no measure's population (:func:`windoweval.engine.frame.unscored`).
_UNSCORED_REASONS = {"window": "窗口不在任何测量项中 window in no measure",
                     "blank": "筛选列为空 the selecting column is blank",
                     "value": "取值无测量项选取 a value no measure selects",
                     "blank_elsewhere": "筛选列为空,仅部分测量项未纳入 blank, left out by some measures",
                     "exempt": "条款自身的例外 the clause's own exception",
                     "no_measure": "没有适用于该类窗口的测量项 no measure for the window's kind"}


def cmd_standards(args) -> int:
    from ..catalog import UnknownName, coverage, load_catalog

    cat = load_catalog()
    if args.action == "coverage":
        cov = coverage(cat)
        print("标准条款覆盖情况 / Clause coverage by standard")
        print("records=按业务记录计量 measured from records; checklist=按检查表 from checklists; "
              "not_measured=文件审查/访谈/不可计量 document review, interview or not measurable\n")
        total = cov.sum(numeric_only=True).to_frame().T.assign(standard="合计 total", title_zh="", title_en="")
        _print(pd.concat([cov, total], ignore_index=True), _LABELS)
        return EXIT_OK
    if args.action == "show":
        if not args.clause:
            print("请给出条款编号 / give a clause id, e.g. power_window.10.2.6", file=sys.stderr)
            return EXIT_USAGE
        try:
            c = cat.clause(args.clause)
        except UnknownName as e:
            print(e, file=sys.stderr)
            return EXIT_USAGE
        import yaml
        std = cat.standards[c["standard"]]
        print(f"{c['id']}  {std.get('title_zh', '')} / {std.get('title_en', '')}")
        print(f"出处 / source: {std.get('source_file', '')} {c['source'].get('article', '')} {c['source'].get('item', '') or ''}")
        print(f"原文 / text: {c['text_zh']}")
        if c.get("reading"):
            print(f"勘误读法 / reading: {c['reading']}")
        print(f"摘要 / summary: {c['summary_en']}")
        print(f"评价方式 / assessment: {c['assessment']}  状态 / status: {c.get('status', 'active')}")
        if c.get("assessed_by"):
            print(f"如何评价 / assessed by: {c['assessed_by']}")
        for m in c.get("measures") or []:
            print("测量 / measure:")
            print("  " + yaml.safe_dump(m, allow_unicode=True, sort_keys=False).replace("\n", "\n  ").rstrip())
        return EXIT_OK
    if args.action == "list":
        rows = [{"clause_id": cid, "assessment": c["assessment"], "measures": len(c.get("measures") or []),
                 "text_zh": c["text_zh"][:40]} for cid, c in cat.clauses.items()
                if not args.clause or c["standard"] == args.clause]
        _print(pd.DataFrame(rows), _LABELS)
        return EXIT_OK
    return EXIT_USAGE


def cmd_score(args) -> int:
    # the process ends at once when the command is done (windoweval.cli._exit_now): its files are in place and the
    # folders of the missed records it put aside removed by then (_score's finally), and the interpreter's teardown
    # of pandas, pyarrow and the scorecard's frames (~0.2 s at 10 million work orders) is spared; not with a Dask
    # scheduler (its cluster closes at the interpreter's exit), as ``windoweval report`` does
    args.exit_now = not args.scheduler
    held: list = []   # the scorecard, once made: let go however the command ends (done, refused, stopped, a bug)
    try:
        # the modules scoring and writing use imported first, then what the process holds so far kept out of the
        # garbage collector's full collections (pools.gc_frozen): they walked it several times while scoring
        from .. import exports, scoring  # noqa: F401
        from ..pools import gc_frozen

        with gc_frozen():
            return _score(args, held)
    finally:
        for card in held:
            card.release()


def _score(args, held: list) -> int:
    """``windoweval score`` itself (the scorecard it makes put in ``held``); the exit code."""
    from .. import paths
    from ..scoring import score

    if args.out:   # a file, a missing parent or no permission: refused before scoring, not after (exit 2)
        from ..safepath import out_dir
        out_dir(args.out, args.out)
    from ..exports import prepare_missed

    from ..records.shared import SharedReads

    # a scope that keeps no records, only the years each file read whole covers: the year's check below takes them
    # from there instead of reading and validating every file again (keeping the records would raise the peak)
    # every --standard given, each once in the order given (argparse used to keep the last, the others dropped unsaid)
    standards = list(dict.fromkeys(args.standard)) if args.standard else None
    reads = SharedReads(limit_bytes=0)
    with reads.active():
        # the missed records put aside, masked, while scoring reads the records (one read, each piece judged once)
        card = score(standards, year=args.year, data=args.data, scheduler=args.scheduler,  # workspace checked first
                     keep_missed=prepare_missed)
        held.append(card)
        if args.year is not None:  # a year the data holds no records for is refused (exit 3), as `report` refuses it
            # the years each kind holds, counted by the year filter's own rule (files noted as they were read for
            # scoring, a store from its metadata): the year's check and the other years' line from the same counts
            # (the kinds the standards read; every kind only when none of those holds the year: msgs46)
            from ..evaluation import _kinds_read, other_year_counts, other_years_said, read_year_counts
            counts = read_year_counts(card, args.year, args.data, card.workspace)   # the workspace scoring read
            # the records of other years each kind read holds: left out, as a year's scorecard should, and said so
            # with how many of each year
            card.other_year_counts = other_year_counts(args.year, counts=counts, kinds=_kinds_read(card))
            others_said = other_years_said(card.other_year_counts, args.year)
        else:
            others_said = None
    res = card.results
    if res.empty:
        print("没有适用的测量 / no measure applies to these windows")
        return EXIT_OK
    import re

    from ..atomic import publishing_files
    from ..exports import write_csv   # the privacy gate: masked, formulas neutralised
    from ..safepath import out_dir
    from ..scoring import RESULTS_WRITTEN

    name = "+".join(standards) if standards else "all"
    out = out_dir(args.out, paths.REPORTS_DIR / "scorecards" / str(args.year or "all"))
    # this run's files (scorecards, missed records, unscored, needs review) written aside, then put in place as one:
    # a run killed at any point leaves the former run's files or this run's, never some of each, and a file the
    # former run wrote that this one does not (no missed records now) goes with them
    group = re.escape(name) + r"_(?:results|windows|unscored|needs_review|missing_evidence|exempt|blank_columns" \
        r"|missed(?:_repeats)?(?:_README)?)\.(?:csv|parquet|md)"
    with publishing_files(out, f"score-{name}", group) as stage:
        failed = res.loc[res["verdict"] == "fail", "measure"].unique()
        # the missed records written on a thread of their own while the tables are printed and the scorecards
        # written (Parquet's encoding lets go of the GIL): the same files, the console's text in the same order
        writing = None
        try:
            writing = _Background(lambda: _write_missed(card, failed, stage, name)) if len(failed) else None
            _print_tables(res, card, name, args)
            if others_said:
                print("\n" + others_said)
            # the catalog's text, the unit words and verdicts sent through no masking rule (scoring.RESULTS_WRITTEN)
            write_csv(res, stage / f"{name}_results.csv", written=RESULTS_WRITTEN)
            write_csv(card.windows, stage / f"{name}_windows.csv")
            # the columns a failed measure reads that are blank on every record: found while the writer encodes (a
            # store's named columns read again, a piece at a time, mostly its first piece alone: a few MiB), said
            # after it with the rest, in the same place (after45: 0.06 s of main-thread CPU at 10 M work orders, 0.025 s
            # in scoring._blank_in_source's smaller pieces, that had run once the writer was done: the critical path)
            blank = card.blank_columns()
            if writing is not None:
                # its error, if any, raised here: no line after the tables said.  The rest is made after it, not
                # beside it: made beside it (score42) the rest's frames lived beside the writer's row groups and the
                # command's peak rose 12 % (2.02x DuckDB's, over the 2x target) for no measurable time
                writing.result()
            _score_rest(card, res, failed, stage, name, blank=blank)
        except BaseException:
            # a stop signal (cli.Stopped, KeyboardInterrupt) may come while the tables print or while waiting for
            # the writer: nothing is written into the folder once it is let go, so the writer is waited for first
            if writing is not None:
                writing.wait()
            raise
    _say_unread_files(card)
    _say_stale_store(card)
    print(f"\n已写入 / written: {out}")
    return EXIT_OK


def _score_rest(card, res, failed, stage, name: str, blank: pd.DataFrame | None = None) -> None:
    """The score command's files and lines after the scorecards (:func:`_score`): the records missing evidence, the
    exempt ones, the blank columns (``blank``: :meth:`Scorecard.blank_columns`, when made already), the records no
    measure took, those that need review; written into ``stage``."""
    from ..exports import write_csv

    # the records behind the insufficient verdicts: whose evidence is missing, beside the missed ones (whose files
    # hold misses only), and both counts said
    from ..exports import write_missing_evidence

    lacking = card.missing_evidence()
    write_missing_evidence(lacking, stage, name)
    n_missed = int((res["n"] - res["met"]).where(res["verdict"] != "report", 0).sum())
    n_records, n_units = _lacking_counts(card, res)
    print(f"\n未达标记录 / records that missed: {n_missed}"
          + (f"(见 / see {name}_missed.parquet)" if len(failed) else "")
          + f";缺少证据的记录 / records missing evidence: {n_records}"
          + (f"(逐条见 / listed in {name}_missing_evidence.parquet)" if n_records else ""))   # units: their line
    _say_withdrawn_blank(card, lacking)
    _say_too_few(res, card.workspace)
    # the records the clauses themselves excuse (their stated exceptions), each with why: shown, never dropped
    from ..exports import write_exempted

    excused = card.exempted()
    write_exempted(excused, stage, name)
    if len(excused):
        print(f"条款所述例外而豁免的记录 / records exempt by the clause's own exceptions: {len(excused)}"
              f"(逐条及原因见 / listed with why in {name}_exempt.parquet)")
    if n_units:   # units are no records: counted apart, by kind, as the scorecard counts them; each listed
        # (its keys: window, hour, customer …) in the same file, a promise's occurrences under their own measures
        print("缺少证据的单元(按单元计于计分卡,逐个列于 " + f"{name}_missing_evidence.parquet)/ units missing "
              f"evidence (counted by unit in the scorecard, each listed in {name}_missing_evidence.parquet): "
              + ";".join(f"{label} {n}" for label, n in n_units.items()))
    _say_blank_columns(card, stage, name, blank)
    if len(card.unscored):  # every record accounted for: those no measure took, and why
        print("\n== 未纳入任何测量的记录 / records in no measure's population ==")
        unscored = _with_headers(card.unscored, card.workspace)
        shown = unscored.assign(reason=_reasons_shown(unscored, card.workspace))
        shown = _named_windows(shown, unscored, card.workspace)
        _print(shown, _UNSCORED_LABELS)
        write_csv(unscored, stage / f"{name}_unscored.csv")
    review = card.needs_review()
    if len(review):  # 需人工复核: phrase hits the rules cannot decide (they fail nothing until confirmed)
        write_csv(review, stage / f"{name}_needs_review.csv")


def _too_few(res: pd.DataFrame, ws) -> pd.DataFrame:
    """The scorecard's cells (``res``) that are insufficient evidence because fewer records were assessed than the
    workspace's ``min_records`` (checklists: fewer visits than ``min_visits``), as the engine rules them
    (:func:`windoweval.scoring._results`): ``measure``, ``window_id``, ``count`` and ``minimum``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> res = pd.DataFrame({"measure": ["a", "b", "c"], "window_id": ["PW01"] * 3, "n": [3, 40, 0],
    ...                     "visits": [0, 0, 0], "verdict": ["insufficient", "pass", "insufficient"]})
    >>> _too_few(res, SimpleNamespace(min_records=30, min_visits=0)).values.tolist()
    [['a', 'PW01', 3, 30]]
    """
    if not len(res) or (ws.min_records <= 0 and ws.min_visits <= 0):
        return pd.DataFrame(columns=["measure", "window_id", "count", "minimum"])
    n = pd.to_numeric(res["n"], errors="coerce").fillna(0).astype(int).to_numpy()
    visits = pd.to_numeric(res["visits"], errors="coerce").fillna(0).astype(int).to_numpy()
    check = visits > 0
    count = np.where(check, visits, n)
    minimum = np.where(check, ws.min_visits, ws.min_records)
    few = (res["verdict"] == "insufficient").to_numpy() & (n > 0) & (count < minimum)
    return pd.DataFrame({"measure": res["measure"].to_numpy()[few], "window_id": res["window_id"].to_numpy()[few],
                         "count": count[few], "minimum": minimum[few]})


def _say_too_few(res: pd.DataFrame, ws) -> None:
    """One line naming the cells that are insufficient evidence for too few records (their counts and the minimum
    the workspace sets): the scorecard's ``?`` said nothing of why where no record lacked evidence."""
    few = _too_few(res, ws)
    if not len(few):
        return
    cells = "; ".join(f"{m} @ {w}: {c} < {k}" for m, w, c, k in few.head(20).itertuples(index=False))
    more = f" …(+{len(few) - 20})" if len(few) > 20 else ""
    print(f"已评价记录少于工作区最少记录数(min_records / min_visits)而证据不足的单元格 {len(few)} 个 / cells insufficient "
          f"evidence for fewer records assessed than the workspace's minimum (min_records / min_visits): {len(few)}: "
          + cells + more)


def _named_windows(shown: pd.DataFrame, unscored: pd.DataFrame, ws) -> pd.DataFrame:
    """``shown`` with the reason of a window written by its name (城东营业厅, the name windoweval.toml gives PW01) saying
    so, and the mapping line that reads it as its id: "window in no measure" said nothing of why, and the records
    looked scored nowhere for a reason of the standard's (export42)."""
    if ws is None or not len(unscored) or "window_name" not in getattr(ws, "windows", pd.DataFrame()):
        return shown
    wins = ws.windows
    names = dict(zip(wins["window_name"].astype(str), wins["window_id"].astype(str)))
    named = (unscored["reason"].eq("window") & unscored["value"].astype(str).isin(names.keys())
             & ~unscored["value"].astype(str).isin(set(wins["window_id"].astype(str)))).to_numpy(dtype=bool)
    if not named.any():
        return shown
    out = shown.copy()
    v = unscored["value"].astype(str)[named]
    ids = v.map(names)
    out.loc[named, "reason"] = ("窗口名称而非窗口编号(windoweval.toml 中 " + ids + " 的名称),请在 mapping.yaml 的 values.window_id 中写 `"
                                + v + ": " + ids + "` / a window's name, not its id (the name of " + ids
                                + " in windoweval.toml): write `" + v + ": " + ids + "` under values.window_id in "
                                "mapping.yaml")
    return out


def _reasons_shown(unscored: pd.DataFrame, ws) -> pd.Series:
    """Each row's reason as printed, in Chinese and English; ``no_measure`` with the window's kind (a government service
    hall's 办件: 没有适用于政务服务大厅(service_hall)的测量项 no measure for service_hall).

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "SH01", "name": "政务大厅", "kind": "service_hall"}]})
    >>> u = pd.DataFrame({"record_kind": ["counter_transactions"], "reason": ["no_measure"], "column": ["window_id"],
    ...                   "value": ["SH01"], "records": [2]})
    >>> _reasons_shown(u, ws).tolist()
    ['没有适用于政务服务大厅(service_hall)的测量项 no measure for service_hall']
    """
    from ..i18n import text

    out = unscored["reason"].map(_UNSCORED_REASONS).fillna(unscored["reason"])
    none = (unscored["reason"] == "no_measure").to_numpy()
    if none.any() and ws is not None and len(ws.windows):
        kinds = unscored["value"].astype(str).map(dict(zip(ws.windows["window_id"].astype(str),
                                                           ws.windows["kind"].astype(str))))
        said = {k: f"没有适用于{text(f'kind.{k}', 'zh')}({k})的测量项 no measure for {k}"
                for k in kinds[none].dropna().unique()}
        out = out.where(~none, kinds.map(said).fillna("没有适用的测量项 no measure for the window's kind"))
    return out


def _with_headers(unscored: pd.DataFrame, ws) -> pd.DataFrame:
    """``unscored`` with, after its ``column`` (the contract's name, patient_kind), the ``header`` the user's export
    gives it (病人类型: the workspace mapping's header, else the contract's Chinese name; blank for a window)."""
    from ..records import contracts

    mapping = ws.mapping() if ws is not None else {}   # read (and checked) when scoring read the records

    def header(kind, col) -> str:
        if not isinstance(col, str) or not col:
            return ""
        km = mapping.get(kind)
        got = km.header_of(col) if km is not None else None
        spec = contracts()[kind].columns if kind in contracts() else {}
        return got or spec.get(col, {}).get("zh", "")

    out = unscored.copy()
    out.insert(list(out.columns).index("column") + 1, "header",
               [header(k, c) for k, c in zip(out["record_kind"], out["column"])])
    return out


def _say_blank_columns(card, stage, name: str, blank: pd.DataFrame | None = None) -> None:
    """The columns a failed or insufficient measure reads that no record of it carries (:meth:`Scorecard.blank_columns`),
    printed with the fix and written to ``{name}_blank_columns.csv``: an export without 答复时间 fails 13.5's reply
    measures at 0 %, which reads as a fact about the windows unless the reader is told the column was never there."""
    from ..exports import write_csv
    from ..records import contracts

    blank = card.blank_columns() if blank is None else blank   # ``blank``: made by the caller already
    if not len(blank):
        return
    spec = {k: contracts()[k].columns for k in blank["records"].unique()}
    shown = blank.assign(header=[spec[k].get(c, {}).get("zh", "") for k, c in zip(blank["records"], blank["column"])])
    print("\n== 未达标或证据不足的测量项所读的列在全部记录中均为空 / columns blank on every record of a measure that failed "
          "or lacks evidence ==\n"
          "若导出文件含此列,请在 mapping.yaml 的 columns 中映射(windoweval records map --data 目录 可给出建议);"
          "若确实未记录,结论照此给出。\n"
          "If your export has the column, map it under columns in mapping.yaml (windoweval records map --data DIR "
          "proposes one); if it was never recorded, the verdict stands as given.")
    _print(shown[["measure", "records", "column", "header", "rows"]],
           {"measure": "测量项 measure", "records": "记录 records", "column": "列 column", "header": "表头 header",
            "rows": "记录数 rows"})
    _say_blank_units(card, blank)
    write_csv(shown[["measure", "records", "column", "header", "rows"]], stage / f"{name}_blank_columns.csv")


def _say_blank_units(card, blank) -> None:
    """Under the blank columns, the fix for a measure judged per unit whose unit column is blank (an outage export
    per event, no 户号: 6.2.1 and 6.2.2 are 证据不足): what to export, and how mapping.yaml reads it."""
    units = sorted({c for m, c in zip(blank["measure"], blank["column"])
                    if (it := card._plan.get(m)) is not None and it.kernel.level != "record"})
    if not units:
        return
    from ..records import contracts

    zh = "、".join(next((k.columns[u]["zh"] for k in contracts().values() if u in k.columns), u) for u in units)
    cols = ", ".join(units)
    print(f"{cols}: 按{zh}计的测量项没有可评价的单元(导出每件事一行,未列出{zh}),证据不足。请导出每个{zh}一行的明细,"
          f"或在一格中列出全部编号(以 ; 、 , 或换行分隔)并在 mapping.yaml 中写 split: {{{units[0]}: 该列表头}}"
          f"(data/README.md)。\n"
          f"{cols}: the measures counted per {cols} have no unit to judge (an export of one row per event, no {cols} "
          f"listed): insufficient evidence. Export a row per {cols}, or list them all in one cell (separated by ; 、 , "
          f"or line breaks) and write split: {{{units[0]}: <its header>}} in mapping.yaml (data/README.md).")


def _say_unread_files(card) -> None:
    """The files of the data folder no kind of records reads (:func:`windoweval.records.check.unread_files`): a
    ``工单2025.xlsx`` beside the exports had been passed over in silence, its kind scored without it."""
    from ..privacy import mask_message
    from ..records.check import unread_files, unread_lines

    lines = unread_lines(unread_files(card.workspace), calendar_file=card.workspace.calendar_file)
    if lines:
        print("\n" + "\n".join(mask_message(x, terminal=True) for x in lines))


def _say_stale_store(card) -> None:
    """The store's partitions written before a reading changed (:func:`windoweval.records.check.stale_lines`): a
    hospital's decoctions imported before collected_at existed keep a late pick-up as a miss until imported again,
    and the scorecard alone would not say so."""
    from ..privacy import mask_message
    from ..records import find_files
    from ..records.check import stale_lines
    from ..records.store import STALE_READINGS

    ws = card.workspace
    if ws is None:
        return
    mapping = ws.mapping()
    lines = [x for kind in STALE_READINGS for x in stale_lines(kind, find_files(kind, ws.root, mapping.get(kind)), ws.root)]
    if lines:
        print("\n" + "\n".join(mask_message(x.strip(), terminal=True) for x in lines))


def _print_tables(res, card, name: str, args) -> None:
    """The scorecard's grid (measure x window) and the window scores, printed."""
    from ..numbers import display_series

    # the package's one rounding rule: a rate just under its target never reads as the target
    cell = display_series(res["rate"], "rate", target=res["target"].to_numpy()).str.rstrip("%")
    cell = cell.where(res["verdict"] != "fail", cell + "✗")
    # the rate is met / assessed: a rate that meets the target on the records with evidence but not with the
    # missing ones counted as missed is no pass (证据不足), and a cell of open cases only is no "no evidence"
    cell = cell.where(res["verdict"] != "insufficient", cell + "?")
    # records there are, every one without the evidence the rule needs (none assessed): "?", never "—" (no record)
    cell = cell.where(~((res["verdict"] == "insufficient") & res["rate"].isna()).to_numpy(), "?")
    cell = cell.where(res["verdict"] != "open", "○")
    grid = res.assign(cell=cell).pivot_table(index=["measure", "label_zh"], columns="window_id", values="cell",
                                             aggfunc="first", sort=False).fillna("")
    grid = grid.reset_index().rename(columns={"label_zh": "测量项 / measure"})
    print(f"== {name} {args.year or ''}: 达标率 %(已评价记录中达标的比例;✗ 未达目标,? 证据不足(单独的 ? 为记录均缺少证据),"
          f"○ 仅有未到期案件,— 无记录)/ pass rate % of the records assessed (✗ below target, ? insufficient "
          f"evidence (? alone: every record lacks evidence), ○ open cases only, — no records) ==")
    _print(grid, _LABELS)
    print("\n== 窗口得分(百分制;— 无任何证据,不计分、不排名)/ Window scores (0–100; — no evidence at all: no score, "
          "no rank) ==")
    wins = card.windows.copy()
    for col in ("score", "rank"):
        wins[col] = wins[col].astype(object).where(wins[col].notna(), "—")
    _print(wins, {"measures": "测量项数 measures", "kind": "窗口类型 kind"})


def _write_missed(card, failed, stage, name: str) -> None:
    """Every missed record of the ``failed`` measures as Parquet, one piece at a time; the first rows as CSV
    (:func:`windoweval.exports.write_missed`)."""
    from ..exports import MISSED_CSV_ROWS, prepare_missed, write_missed
    from ..summaries import MISSED_WRITTEN, missed_for_people

    # the CSV a person opens: one narrow table (measure, window, record, deadline, elapsed, why), made from
    # the first rows of each failed measure's drill-down
    # (pieces put aside on the way are masked first: prepare_missed)
    write_missed([src for _, src in card.missed_pieces(failed, prepare=prepare_missed)], stage, name,
                 for_people=lambda heads: missed_for_people(card, heads, MISSED_CSV_ROWS), written=MISSED_WRITTEN)


class _Background(_Beside):
    """``fn()`` run on the ``windoweval-missed`` thread (:class:`windoweval.exports._Beside`): :meth:`result` waits
    for it and raises its error (or gives what it returned), :meth:`wait` only waits."""

    def __init__(self, fn):
        super().__init__(fn, name="windoweval-missed")


def _say_withdrawn_blank(card, lacking: pd.DataFrame) -> None:
    """Of the records missing evidence, those marked withdrawn (撤诉, 撤单) whose withdrawal time is blank, counted
    by kind and pointed to ``records check``, which names each with its file and row (left40): as the score command
    says other missing evidence, so that the count is seen where the scorecard is read."""
    from ..records import contracts
    from ..records.check import withdrawn_blank

    if not len(lacking) or "measure" not in lacking:
        return
    kinds = {m["measure"]: m["records"] for m in card.catalog.measures()}
    of = lacking["measure"].map(kinds)
    counted = []
    for kind in ("complaints", "work_orders"):
        key = contracts()[kind].key
        sub = lacking[(of == kind).to_numpy(dtype=bool)]
        if not len(sub) or any(k not in sub for k in key):
            continue
        sub = sub.drop_duplicates(subset=key)   # one record under several measures: once
        n = int(withdrawn_blank(kind, sub).sum())
        if n:
            counted.append((contracts()[kind].zh, kind, n))
    if counted:
        print("  其中标为撤销但撤销时间为空的记录(其时限记为缺少证据)/ of which marked withdrawn with the withdrawal "
              "time blank (their time limit is missing evidence): "
              + ";".join(f"{zh} {kind} {n} 条 / records" for zh, kind, n in counted)
              + "\n  逐条(文件、行号)及补填方法见 windoweval records check / each with its file and row, and how to fill "
              "the time in: windoweval records check")


def _lacking_counts(card, res) -> tuple[int, dict]:
    """The missing-evidence counts the command prints, apart: records (of record-level measures, the rows of the
    ``_missing_evidence`` files) and units by kind (hour slots, promise occurrences …), once per measure; told
    apart by the one rule every summary uses (:func:`windoweval.summaries.records_missing`)."""
    from ..summaries import records_missing, unit_kernels, unit_label, units_missing

    records = int(records_missing(res, card.catalog).sum())
    unit = units_missing(res, card.catalog)
    kernels = unit_kernels(card.catalog)
    units = {}
    for measure, n in unit[unit > 0].groupby(res.loc[unit > 0, "measure"], sort=False).sum().items():
        name = kernels[measure]
        label = unit_label(name)
        units[label] = units.get(label, 0) + int(n)
    return records, units


def register(sub) -> None:
    """Add this module's commands to ``windoweval``'s subparsers."""
    s = sub.add_parser("standards", help="标准条款 / the standards' clauses")
    s.add_argument("action", choices=["coverage", "show", "list"])
    s.add_argument("clause", nargs="?", help="条款编号 / clause id (show), or a standard id (list)")
    s.set_defaults(func=cmd_standards)

    s = sub.add_parser("score", help="计分卡 / scorecards")
    s.add_argument("--standard", action="append",
                   help="标准,可写多次 / standard id, may be given more than once (default: all)")
    s.add_argument("--year", type=year, help="年度 / year")
    s.add_argument("--data", help="数据目录 / records directory (default: the demo data)")
    s.add_argument("--out", help="输出目录 / where to write the CSVs")
    s.add_argument("--scheduler", help="Dask 调度器地址或 local / Dask scheduler address, or 'local'")
    s.set_defaults(func=cmd_score, arrow_pool=True)   # the program's Arrow pool: windoweval.cli._arrow_pool
