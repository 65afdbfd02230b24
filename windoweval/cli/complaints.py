"""Commands ``windoweval complaints``, ``windoweval promises`` and ``windoweval review``.

投诉回访、服务承诺兑现与示范窗口评审的命令::

    windoweval complaints --year 2025 [--data DIR] [--by window|month|channel|category] [--as-of 2025-12-31]
                          [--repeat-days 30] [--art203 on|off] [--out DIR]
    windoweval promises   --year 2025 [--data DIR] [--lang zh|en] [--freq Y|Q|M] [--standard power_window] [--out DIR]
    windoweval review     --year 2025 [--data DIR] [--min-improvement 0.05] [--store DIR] [--out DIR]
    windoweval waiting    --year 2025 [--data DIR] [--baseline 2024] [--out DIR]

Each handler returns an exit code (see :mod:`windoweval.cli`): 0 done; input
errors are turned into 3 by ``windoweval.cli.main``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..console import print_table as _print
from ..errors import EXIT_OK
from ..exports import write_csv
from ..numbers import display, display_series
from .args import days, moment, share, year

__all__ = ["register", "cmd_complaints", "cmd_promises", "cmd_review", "cmd_waiting"]

_LABELS = {
    "window_id": "窗口 window", "window_name": "名称 name", "kind": "类型 kind", "month": "月份 month",
    "channel": "渠道 channel", "category": "业务类别 category", "limit_days": "时限(天) limit (days)",
    "cases": "件数 cases", "assessed": "应答复 due", "in_time": "按时 in time", "late": "超时 late",
    "overdue": "逾期未答复 overdue", "open": "未到期 open", "rate": "比率 rate", "target": "目标 target",
    "verdict": "结论 verdict", "needing": "应回访 due", "called_back": "已回访 called back",
    "unreachable": "未联系上 unreachable", "result_unknown": "回访结果未记录 result not recorded",
    "undetermined": "无法判断(未记录办结或回访时间)undetermined (conclusion or callback time not recorded)",
    "not_called_back": "未回访 not called back",
    "withdrawn_cases": "其中撤诉(同样须回访)of which withdrawn (owed one too)",
    "rate_incl_unreachable": "比率(未联系上计为已回访) rate incl. unreachable",
    "verdict_incl_unreachable": "结论(同上) verdict (ditto)", "satisfied": "满意 satisfied",
    "dissatisfied": "不满意 dissatisfied", "no_result": "无结果 no result",
    "complaint": "投诉 complaints", "report": "举报 reports", "fault_repair": "故障报修 fault repairs",
    "replies_assessed": "应答复 replies due", "replied_in_time": "按时答复 in time", "replied_late": "超时答复 late",
    "reply_rate": "按时答复率 reply rate", "callbacks_due": "应回访 callbacks due", "callback_rate": "回访率 callback rate",
    "callback_rate_incl_unreachable": "回访率(未联系上计为已回访) incl. unreachable",
    "satisfaction_rate": "满意率 satisfaction", "promise_id": "承诺 promise id", "clause_id": "条款 clause",
    "occurrences": "应兑现 occurrences", "met": "兑现 kept", "broken": "未兑现 broken",
    "not_assessed": "无法判定 not assessed", "excused": "条款例外 excused",
    "withdrawn_in_limit": "期限内撤销 withdrawn within the limit",
    "missing_evidence": "缺少证据 missing evidence",
    # the open cases and the repeat complaints
    "case_id": "工单编号 case", "received_at": "受理时间 received", "deadline": "答复期限 deadline",
    "days_open": "已开天数 days open", "days_overdue": "逾期天数 days overdue",
    "customer_key": "客户代码(化名) customer (pseudonym)", "previous_case_id": "前次工单 previous case",
    "previous_window_id": "前次窗口 previous window", "previous_received_at": "前次受理时间 previous received",
    "days_since_previous": "间隔天数 days since previous",
    # the supervision record and the demonstration-window review
    "symposiums": "座谈会(次) symposiums", "symposiums_ok": "座谈会达标 symposiums met",
    "third_party_survey": "第三方调查 third-party survey", "reception_days": "领导接待日 reception days",
    "complaint_reply_rate": "投诉按时答复率 complaints in time", "report_reply_rate": "举报按时答复率 reports in time",
    "callback_ok": "回访达标 callbacks met", "callback_verdict": "回访结论 callback verdict", "eligible": "具备条件 eligible", "decision_label": "结论 decision",
    "passed": "达标条件 met", "failed": "未达标条件 not met", "missing": "缺少证据的条件 without evidence",
    "failed_criteria": "未达标的条件 conditions not met", "missing_criteria": "缺少证据的条件 conditions without evidence",
    "criterion": "条件 criterion", "article": "条款 article", "requirement_zh": "要求 requirement",
    "status_label": "状态 status", "evidence_zh": "依据 evidence", "evidence_en": "依据(英文)evidence (English)",
}


def _labelled(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a case's kind as its label (:data:`windoweval.complaints.KIND_LABELS`), for the console, which
    heads it in both languages (:func:`windoweval.console.bilingual` with :data:`_LABELS`)."""
    from ..complaints import KIND_LABELS
    from ..scoring import VERDICT_LABELS

    out = df.assign(kind=df["kind"].map(KIND_LABELS).fillna(df["kind"])) if "kind" in df else df
    # a verdict shown in words, Chinese first (达标 / met, 证据不足 / insufficient evidence), not its code (review32)
    verdicts = [c for c in ("verdict", "verdict_incl_unreachable", "callback_verdict") if c in out]
    return out.assign(**{c: out[c].map(VERDICT_LABELS).fillna(out[c]) for c in verdicts}) if verdicts else out


def _pct(df: pd.DataFrame, cols) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        if c in out:
            v = pd.to_numeric(out[c], errors="coerce").astype(float)
            # the package's one rule (windoweval.numbers): a rate just short of its target never reads as the target
            out[c] = display_series(v, "rate")
    return out


def _show(title: str, df: pd.DataFrame, pct=("rate", "rate_incl_unreachable", "target")):
    print(f"\n== {title} ==")
    if df.empty:
        print("(无 / none)")
        return
    _print(_labelled(_pct(df, [c for c in df.columns if c in pct or "rate" in str(c)])), _LABELS)


def _write(out: str | None, tables: dict[str, pd.DataFrame], group: str):
    """The tables as CSV into ``out``, put in place as one group (``group``: the command's name): written aside,
    then moved in together, so that a run killed at any instruction leaves the former run's files or this run's,
    never half a file or some of each, and a second run into the same folder waits for the first
    (:func:`windoweval.atomic.publishing_files`; the CSVs used to be written one by one in place)."""
    if not out:
        return
    import re

    from ..atomic import publishing_files
    from ..safepath import out_dir

    d = out_dir(out, out)   # a file, a missing parent or no permission: exit 2, not a traceback
    pattern = "(?:" + "|".join(re.escape(name) for name in tables) + r")\.csv"
    with publishing_files(d, group, pattern) as stage:
        for name, df in tables.items():
            write_csv(df, stage / f"{name}.csv")
    print(f"\n已写入 / written: {d}")


def cmd_complaints(args) -> int:
    """``windoweval complaints``: reply timeliness, callbacks both ways, satisfaction, open cases, repeats."""
    _default_year(args)
    from ..complaints import callback_rule, complaint_summary

    by = {"window": "window_id"}.get(args.by, args.by)
    art203 = None if args.art203 is None else args.art203 == "on"
    apart: dict = {}   # the cases of windows no reply limit applies to: counted, not judged
    stray: dict = {}   # the cases of window ids the workspace does not know: counted, not judged (not scored either)
    t = complaint_summary(args.year, args.data, by=by, art203=art203, as_of=args.as_of, repeat_days=args.repeat_days,
                          apart=apart, unknown=stray)
    print(f"== 投诉举报答复与回访 {args.year} / Complaint replies and callbacks {args.year} ==")
    from ..complaints import rule_measures
    from ..records.workspace import load_workspace as _load_ws
    # the limits the tables applied: the organisation's stricter [params] days where it sets them (session 47 printed
    # the standard's 5 and 10 whatever the workspace said)
    days = {k: int(m["params"]["days"]) for k, m in rule_measures(_load_ws(args.data)).items() if k in ("complaint", "report")}
    print(f"时限:投诉{days['complaint']}天、举报{days['report']}天,自然日,受理当日不计(民法典第二百零一条)"
          + (";期限末日为休息日或法定节假日的顺延至其后第一个工作日(第二百零三条)" if art203 else "")
          + f"。\nLimits: complaints {days['complaint']} days, reports {days['report']}, calendar days, the day of "
          "receipt not counted (Civil Code art. 201)"
          + ("; a last day on a rest day or holiday moves to the next working day (art. 203)." if art203 else "."))
    # the callback target the tables applied: the organisation's stricter [targets] one where it sets it (session 48
    # printed 90 % whatever the workspace said)
    rule = callback_rule(_load_ws(args.data))
    print(rule["zh"])
    print(rule["en"])
    from ..complaints import ruled_windows
    from ..i18n import text
    from ..records.workspace import load_workspace
    if not ruled_windows(load_workspace(args.data)):   # a hospital's, a hall's: not applicable, no data missing
        print(text("complaints.not_applicable", "zh"))
        print(text("complaints.not_applicable", "en"))
    else:
        from ..evaluation import kind_year_counts
        if not (kind_year_counts(args.data, kinds=["complaints"]).get("complaints") or {}).get(int(args.year)):
            # no complaints file, or none of the year's cases: the empty tables below are missing evidence, said so
            # as the report's section says it (complaints.missing), never read as no complaint (small46); exit 0,
            # as the report's: missing evidence is no refused input (README's exit codes)
            print(f"\n缺少证据:数据中没有 {args.year} 年的客户诉求记录(complaints),以下各表为空,不是没有投诉,也没有答复及时率与"
                  "回访率。请把客户诉求台账放入数据目录(文件名 complaints.csv 或 .xlsx,字段见 data/README.md)后重新运行 / "
                  f"Missing evidence: the data holds no {args.year} customer requests (complaints), so the tables below "
                  "are empty, which is not 'no complaints', and there are no reply or callback rates. Put the "
                  "complaints register in the records directory (complaints.csv or .xlsx; columns in data/README.md) "
                  "and run again")
    if apart:   # counted, not judged: no written reply limit applies to these windows
        listed = ", ".join(f"{w} {n}" for w, n in apart.items())
        print(f"另有 {sum(apart.values())} 件诉求属于答复时限与回访要求(供电标准第十三条(五))不适用的窗口,未按其评价 / "
              f"{sum(apart.values())} more cases belong to windows the reply limits and callbacks (the power-supply standard, "
              f"第十三条(五)) do not apply to, and are not judged by them: {listed}")
    if stray:   # counted, not judged: records check lists them, the scorecard does not score them
        listed = ", ".join(f"{w} {n}" for w, n in stray.items())
        print(f"另有 {sum(stray.values())} 件诉求的窗口编号不在工作区中({listed}),未计入以下各表(评分同样不计);"
              "请在 windoweval.toml 的 [[windows]] 中加上这些窗口,或改正导出中的编号(records check 列出)/ "
              f"{sum(stray.values())} more cases are of window ids the workspace does not know ({listed}): not in the "
              "tables below (nor scored); add the windows to [[windows]] in windoweval.toml or correct the ids in the "
              "export (records check lists them)")
    _show("答复时限 / Replies within the limit", t["timeliness"])
    _show("回访率(两种口径)/ Callback rate, both ways", t["callbacks"])
    _show("回访满意率 / Satisfaction among those called back", t["satisfaction"])
    bd = t["breakdown"][[c for c in t["breakdown"].columns if c not in ("suggestion", "enquiry")]]
    _show(f"分项汇总(按 {args.by})/ Breakdown by {args.by}", bd)
    o = t["open"]
    if args.as_of:
        cut = args.as_of
    else:   # the cut-off the tables used: the workspace's extraction time, else the year's end
        from ..records.workspace import load_workspace
        cut = str(load_workspace(args.data).horizon(args.year))
    n_over = int(o["overdue"].fillna(False).astype(bool).sum())
    print(f"\n== 截至 {cut} 未办结 {len(o)} 件,其中逾期 {n_over} 件 / open at {cut}: {len(o)}, overdue: {n_over} ==")
    unknown = o.attrs.get("undetermined") or {}
    if unknown:   # counted apart, never listed as open for a year
        kinds = ", ".join(f"{k} {n}" for k, n in unknown.items())
        print(f"另有 {sum(unknown.values())} 件({kinds})记录中该类诉求从未记录办结或答复时间、也无状态,无法判断是否办结,"
              f"未计入 / {sum(unknown.values())} more cases ({kinds}) whose kind's conclusion the records never give "
              "(no reply or resolution time on any of them, no state): whether they are open cannot be said; not counted")
    shown = o[o["overdue"].fillna(False).astype(bool).to_numpy()].drop(columns=["description"], errors="ignore")
    if len(shown):
        _print(_labelled(shown.head(50)), _LABELS)
    r = t["repeats"]
    print(f"\n== {args.repeat_days} 天内重复投诉:{r['customer_key'].nunique()} 位客户、{len(r)} 件 / "
          f"customers complaining again within {args.repeat_days} days: {r['customer_key'].nunique()}, cases: {len(r)} ==")
    if len(r):
        _print(_labelled(r.head(50)), _LABELS)
    _write(args.out, t, "complaints")
    return EXIT_OK


def _overall_words(tot, occ) -> str:
    """What the overall fulfilment line says of its verdict: met only on a pass; a broken promise is below 100 %;
    kept in every occurrence judged with promises whose kind of records holds none this year (or occurrences not
    assessable), insufficient evidence, naming them; only occurrences not yet due, not yet due."""
    from ..promises import NO_RECORDS

    v = tot["verdict"]
    if v == "pass":
        return "达到 100% / met"
    if v == "fail":
        return "未达到 100% / below 100%"
    if v == "open":
        return "未到期 / not yet due"
    if v == "no_data":
        return "无数据 / no data"
    none = sorted(occ.attrs.get(NO_RECORDS) or {})
    if none:
        return (f"证据不足:{len(none)} 项承诺本年没有其所需种类的任何记录({', '.join(none)}),不能认定全部兑现 / "
                f"insufficient evidence: {len(none)} promise(s) have no record of the kind they need this year "
                f"({', '.join(none)}), so not all can be shown kept")
    return (f"证据不足:{int(tot['not_assessed'])} 次无法判定 / insufficient evidence: "
            f"{int(tot['not_assessed'])} not assessable")


def cmd_promises(args) -> int:
    """``windoweval promises``: fulfilment per promise and overall, and the table to publish."""
    _default_year(args)
    if args.standard is not None:   # given twice: the publication is one standard's, never the last one's unsaid
        given = list(dict.fromkeys(args.standard))
        if len(given) > 1:
            from ..errors import UsageError
            raise UsageError(f"--standard 只能写一个标准,收到 {', '.join(given)};请每个标准各运行一次(或不写,看全部承诺)"
                             f" / --standard takes one standard, got {', '.join(given)}; run once per standard (or "
                             "leave it out for every promise)")
        args.standard = given[0]
    if args.standard is not None:   # a standard the catalog does not know: exit 2 with the nearest ids (it printed
        from ..catalog import UnknownName, load_catalog   # empty tables and exited 0)
        from ..evaluation import _nearest

        known = load_catalog().standards
        if args.standard not in known:
            raise UnknownName(f"--standard: 没有标准 {args.standard} / no standard {args.standard}; "
                              f"{_nearest(args.standard, known)}")
    from ..promises import fulfilment, occurrences, publication_table, read_ledger

    from ..records.workspace import load_workspace

    # the ledger read and its columns checked first: a missing file or one without its columns is refused (exit 3,
    # the file and the fix) before any table is printed, not after the tables as if the run had gone through
    led = read_ledger(args.ledger) if args.ledger else None

    reg = load_workspace(args.data).promise_register()   # the organisation's own register, if it names one
    occ = occurrences(args.year, args.data, standard=args.standard, register=reg)
    per = fulfilment(by=["promise_id"], occ=occ, standard=args.standard, register=reg)
    total = fulfilment(by=[], occ=occ, standard=args.standard, register=reg)
    by_window = fulfilment(by=["window_id"], occ=occ, standard=args.standard, register=reg)
    text = "public_zh" if args.lang == "zh" else "public_en"
    print(f"== 服务承诺兑现率 {args.year}(目标 100%)/ Service promises kept {args.year} (target 100%) ==")
    # withdrawn within the limit (owed nothing by the rule): a column of its own where any is, never "not assessed"
    gone = ["withdrawn_in_limit"] if int(total["withdrawn_in_limit"].sum()) else []
    show = per[["promise_id", text, "clause_id", "occurrences", "met", "broken", "open", "not_assessed", "excused", *gone,
                "rate", "verdict", *[c for c in ("from", "until") if c in per]]]   # a register's dates: the days judged
    _show("各项承诺 / per promise", show.rename(columns={"public_zh": "承诺 promise", "public_en": "promise"}))
    _show("各窗口 / per window", by_window if gone else by_window.drop(columns=["withdrawn_in_limit"], errors="ignore"))
    tot = total.iloc[0]
    rate = display(tot["rate"], "rate")
    print(f"\n总兑现率 / overall: {rate}({int(tot['met'])}/{int(tot['occurrences'])}),"
          f"未兑现 {int(tot['broken'])} 次 / broken {int(tot['broken'])} times: "
          + _overall_words(tot, occ))
    pub = publication_table(args.year, lang=args.lang, freq=args.freq, standard=args.standard, occ=occ, register=reg)
    title = "向社会公布的承诺兑现情况 / Table for publication" if args.lang == "zh" else \
        "Table for publication / 向社会公布的承诺兑现情况"
    print(f"\n== {title} ==")
    _print(pub)
    tables = {"promise_fulfilment": per, "promise_fulfilment_by_window": by_window,
              f"promise_publication_{args.lang}": pub}
    if args.ledger:   # the organisation's 服务承诺台账: its own statement, set beside the records, never evidence
        from ..promises import ledger_check

        chk = ledger_check(led, per, occ=occ)   # a ledger one row per order: checked order by order
        n = int((chk["finding"] == "contradicted").sum())
        print(f"\n== 台账核对:台账所填兑现情况与记录对照,{n} 项矛盾(兑现率只按记录计算,台账不作为兑现的依据)/ "
              f"The ledger checked against the records: {n} contradicted (the rates come from the records alone; "
              "the ledger is never taken as evidence) ==")
        shown = chk.drop(columns=["finding"]).astype(object)
        shown["declared"] = shown["declared"].where(shown["declared"].notna(), "(未填写 / blank)")
        _print(shown.where(shown.notna(), "—").rename(columns={
            "row": "行 row", "record_id": "工单编号 order", "promise_id": "承诺编号 promise", "declared": "台账兑现情况 declared",
            "records_verdict": "记录结论 records", "occurrences": "应兑现 occurrences", "broken": "未兑现 broken",
            "finding_zh": "核对", "finding_en": "finding"}))
        tables["promise_ledger_check"] = chk
    _write(args.out, tables, "promises")
    return EXIT_OK


def cmd_waiting(args) -> int:
    """``windoweval waiting``: patients' waiting from queue tickets, shortened or not against the baseline year."""
    _default_year(args)
    from .args import baseline_before
    from ..waiting import VERDICTS, waiting_times

    baseline_before(args.year, args.baseline, "--baseline")

    t = waiting_times(args.year, args.data, baseline_year=args.baseline)
    base = t["baseline_year"].iloc[0] if len(t) else (args.baseline or args.year - 1)
    print(f"== 病人等待时间(取号至叫号){args.year},与 {base} 年比较 / Waiting from ticket to call {args.year}, "
          f"against {base} ==")
    print("“缩短病人等待时间”没有时限:按中位数低于基准年且90%分位不高于基准年认定“已缩短”;基准年没有叫号记录的窗口只计量、不判定。 / "
          "缩短 states no limit: shortened when the median is below the baseline year's and the 90th percentile not "
          "above it; a window without the baseline year's tickets is measured, not judged.\n"
          "未叫号的票(病人离开或导出时仍在等候,等候多久不得而知)单列,不计为等候;各测量所用的口径见下一行(windoweval.toml 的 "
          "[params.\"<measure>\"] 中写 never_called = \"ignore\" 则只按已叫号者判定,默认 \"compare\")。 / A ticket never "
          "called (the patient left, or still waited when the data were extracted: for how long is unknown) is counted "
          "apart, never as a wait; the rule each measure applied is on the next line (never_called = \"ignore\" under "
          "[params.\"<measure>\"] in windoweval.toml judges by the called alone; the default is \"compare\").")
    # the never-called rule each measure applied (never_called under [params."<measure>"]), never the default said
    # whatever the workspace set (session 47)
    from ..waiting import NEVER_CALLED, UNKNOWN_FIX
    rules = t.dropna(subset=["measure"]).drop_duplicates("measure")[["measure", "never_called"]]
    for rule, ms in rules.groupby("never_called", sort=False)["measure"]:
        zh, en = NEVER_CALLED.get(rule, (rule, rule))
        print(f"未叫号口径({', '.join(ms)}):{zh} / never-called rule ({', '.join(ms)}): {en}")
    if t.attrs.get("not_judged"):   # no waiting measure planned: why nothing is judged, never an empty table alone
        zh, en = t.attrs["not_judged"]
        print(f"{zh} / {en}")
    unknown = t.attrs.get("unknown_windows") or {}
    for key, yr in (("tickets", args.year), ("baseline_tickets", base)):
        got = unknown.get(key) or {}
        if got:   # counted, never judged nor dropped in silence
            listed = ", ".join(f"{w} {n}" for w, n in got.items())
            print(f"另有 {yr} 年 {sum(got.values())} 张票的窗口编号不在工作区中({listed}),未评价;{UNKNOWN_FIX[0]} / "
                  f"{sum(got.values())} more tickets of {yr} are of window ids the workspace does not know ({listed}), "
                  f"not judged: {UNKNOWN_FIX[1]}")
    shown = t.drop(columns=["standard", "measure", "baseline_year"]).assign(verdict=t["verdict"].map(VERDICTS))
    for c in ("median_min", "p90_min", "baseline_median_min", "baseline_p90_min", "change_median_min"):
        # minutes to one decimal; the change with its sign
        shown[c] = display_series(shown[c].astype(float), "change" if c.startswith("change") else "index")
    # a window not in the workspace: its tickets counted, nothing else measured, shown as a dash (never <NA>)
    for c in ("clause_id", "called", "not_called", "baseline_called", "baseline_not_called", "never_called"):
        shown[c] = shown[c].astype(object).where(shown[c].notna().to_numpy(), "—")
    _show("各窗口 / per window", shown.rename(columns={"median_min": "中位数(分)median min", "p90_min": "90%分位 p90 min",
                                                    "baseline_median_min": "基准中位数 baseline median",
                                                    "baseline_p90_min": "基准90%分位 baseline p90",
                                                    "change_median_min": "中位数变化 change",
                                                    "tickets": "取号 tickets", "called": "已叫号 called",
                                                    "not_called": "未叫号 not called",
                                                    "baseline_called": "基准年已叫号 baseline called",
                                                    "baseline_not_called": "基准年未叫号 baseline not called",
                                                    "never_called": "未叫号口径 never-called rule"}), pct=())
    _write(args.out, {"waiting": t}, "waiting")
    return EXIT_OK


def cmd_review(args) -> int:
    """``windoweval review``: the supervision record and the demonstration-window review."""
    _default_year(args)
    from ..review import demonstration_review, supervision_record

    sup = supervision_record(args.year, args.data)
    from ..complaints import rule_measures
    from ..records.workspace import load_workspace
    # the limits and target the record applied: the organisation's stricter ones where it sets them (session 47
    # printed the standard's whatever the workspace said)
    rule = rule_measures(load_workspace(args.data))
    cd, rd = int(rule["complaint"]["params"]["days"]), int(rule["report"]["params"]["days"])
    cbt = f"{float(rule['callback_rate']['target']) * 100:g}%"   # no digit rounded away (0.955: 95.5%, never 96%)
    print(f"== 服务监督情况 {args.year} / Supervision record {args.year} ==")
    print("座谈会每年不少于3次(第十二条(二));第三方满意度调查;领导接待日(第十三条(三));"
          f"投诉{cd}天、举报{rd}天内答复,回访率不低于{cbt}(第十三条(五))。\n"
          "At least 3 customer symposiums a year; a third-party survey; leadership reception days; "
          f"complaints answered within {cd} days, reports within {rd}; callback rate at least {cbt}.")
    _show("监督情况表 / Supervision record", sup)
    from ..datadir import survey_source
    # without --store: the survey the report's survey page shows (one source; the demo's seeded survey on the demo)
    rv = demonstration_review(args.year, args.data, min_improvement=args.min_improvement, store_dir=args.store,
                              survey=None if args.store else survey_source("power_hall", args.data))
    print(f"\n== 示范窗口评审 {args.year}(第三条至第五条)/ Demonstration-window review {args.year} ==")
    print(f"“明显改善”按与最优值差距缩小不少于 {args.min_improvement:.0%} 认定;缺少证据的条件不视为达标。\n"
          f"'Clear improvement' read as the gap to the best value closing by at least {args.min_improvement:.0%}; "
          "a condition without evidence is never met.")
    summ = rv.summary.drop(columns=["decision"])
    _show("结论 / Decision per hall", summ)
    crit = rv.criteria[["window_id", "criterion", "article", "requirement_zh", "status_label", "evidence_zh", "evidence_en"]]
    _show("逐项依据 / Each condition and its evidence", crit)
    _write(args.out, {"supervision_record": sup, "demonstration_review": rv.summary,
                      "demonstration_review_criteria": rv.criteria}, "review")
    return EXIT_OK


def _default_year(args):
    if getattr(args, "out", None):   # refused before the year is computed, not after
        from ..safepath import out_dir
        out_dir(args.out, args.out)
    if args.year is None:
        from ..report import default_year
        args.year = default_year(args.data)
    else:  # a year the data holds no records for is refused (exit 3) as `report` and `we.score` refuse it
        from ..evaluation import check_year
        check_year(args.year, args.data)


def _year(p):
    p.add_argument("--year", type=year, default=None,
                   help="年度 / year (default: the last year the data covers, as for `report`)")
    p.add_argument("--data", help="数据目录 / records directory (default: the demo data)")
    p.add_argument("--out", help="把表格写成 CSV 的目录 / write the tables as CSV into this directory")


def register(subparsers) -> None:
    """Add ``complaints``, ``promises`` and ``review`` to the ``windoweval`` command."""
    s = subparsers.add_parser("complaints", help="投诉举报答复与回访 / complaint replies and callbacks (第十三条(五))")
    _year(s)
    s.add_argument("--by", default="window", choices=["window", "month", "channel", "category", "kind"],
                   help="分项汇总口径 / breakdown by")
    s.add_argument("--as-of", dest="as_of", type=moment, help="未办结、逾期的截止时点;只写日期即该日结束时 / cut-off for open and overdue "
                                                  "cases; a date alone is the end of that day (default: 31 December, "
                                                  "end of day)")
    s.add_argument("--repeat-days", dest="repeat_days", type=days, default=30,
                   help="重复投诉的天数窗口 / days within which a second complaint is a repeat (default 30)")
    s.add_argument("--art203", choices=["on", "off"],
                   help="期限末日顺延(民法典第二百零三条),默认按工作区配置 / art. 203 option (default: the workspace's)")
    s.set_defaults(func=cmd_complaints)

    s = subparsers.add_parser("promises", help="服务承诺兑现率与公布表 / promise fulfilment and the publication table")
    _year(s)
    s.add_argument("--lang", default="zh", choices=["zh", "en"], help="公布表语言 / language of the table")
    s.add_argument("--freq", default="Y", choices=["Y", "Q", "M"], help="公布周期:年、季、月 / period: year, quarter, month")
    s.add_argument("--standard", action="append",
                   help="只看某一标准的承诺 / only the promises of one standard (e.g. power_window)")
    s.add_argument("--ledger", help="服务承诺台账(XLSX/CSV,承诺编号、兑现情况;或每个工单一行:工单编号、兑现情况):与记录对照,"
                                    "标出矛盾;不作为兑现的依据 / the organisation's ledger of promises (or one row per "
                                    "order: 工单编号, 兑现情况), checked against the records (contradictions flagged); "
                                    "never taken as evidence")
    s.set_defaults(func=cmd_promises)

    s = subparsers.add_parser("waiting", help="病人等待时间(取号至叫号)是否缩短 / waiting from queue tickets, "
                                              "shortened or not")
    _year(s)
    s.add_argument("--baseline", type=year, default=None, help="比较的基准年 / the year compared with (default: the year before)")
    s.set_defaults(func=cmd_waiting)

    s = subparsers.add_parser("review", help="示范窗口评审与服务监督情况 / demonstration-window review and supervision record")
    _year(s)
    s.add_argument("--min-improvement", dest="min_improvement", type=share, default=0.05,
                   help="“明显改善”的最小幅度 / smallest share of the gap closed that is a clear improvement (default 0.05)")
    s.add_argument("--store", help="满意度调查数据仓目录 / survey store directory (default data/store)")
    s.set_defaults(func=cmd_review)

