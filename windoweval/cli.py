"""The ``windoweval`` command.

Exit codes (for schedulers):

====  =====================================================================
0     done / 完成
1     the checked input has errors (survey check) / 被检查的文件有错误
2     wrong command line / 命令行用法错误
3     input refused: records (checked, imported or scored), mapping, standards, workspace or calendar / 输入数据被拒绝
4     the report build failed; the previous report is untouched / 报告生成失败,原报告未动
5     internal error (a bug: please report it) / 内部错误
====  =====================================================================
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import pandas as pd

from . import complaints_cli, report
from .console import print_table as _print
from .datadir import resolve
from .errors import EXIT_BUG, EXIT_BUILD, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE, WindowevalError  # noqa: F401
from .survey import cli as survey_cli


def cmd_standards(args) -> int:
    from .catalog import UnknownName, coverage, load_catalog

    cat = load_catalog()
    if args.action == "coverage":
        cov = coverage(cat)
        print("标准条款覆盖情况 / Clause coverage by standard")
        print("records=按业务记录计量 measured from records; checklist=按检查表 from checklists; "
              "not_measured=文件审查/访谈/不可计量 document review, interview or not measurable\n")
        total = cov.sum(numeric_only=True).to_frame().T.assign(standard="合计 total", title_zh="")
        _print(pd.concat([cov, total], ignore_index=True))
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
        _print(pd.DataFrame(rows))
        return EXIT_OK
    return EXIT_USAGE


def cmd_score(args) -> int:
    from . import paths
    from .scoring import score

    card = score(args.standard, year=args.year, data=args.data, scheduler=args.scheduler)
    res = card.results
    if res.empty:
        print("没有适用的测量 / no measure applies to these windows")
        return EXIT_OK
    from .numbers import display_series

    # the package's one rounding rule: a rate just under its target never reads as the target
    cell = display_series(res["rate"], "rate", target=res["target"].to_numpy()).str.rstrip("%")
    cell = cell.where(res["verdict"] != "fail", cell + "✗")
    grid = res.assign(cell=cell).pivot_table(index=["measure", "label_zh"], columns="window_id", values="cell",
                                             aggfunc="first", sort=False).fillna("")
    grid = grid.reset_index().rename(columns={"label_zh": "测量项 / measure"})
    name = args.standard or "all"
    print(f"== {name} {args.year or ''}: 达标率 % (✗ 未达目标, — 无数据) / pass rate % (✗ below target, — no evidence) ==")
    _print(grid)
    print("\n== 窗口得分(百分制)/ Window scores (0–100) ==")
    _print(card.windows)
    from .exports import write_csv   # the privacy gate: masked, formulas neutralised
    from .safepath import out_dir

    out = out_dir(args.out, paths.REPORTS_DIR / "scorecards" / str(args.year or "all"))
    write_csv(res, out / f"{name}_results.csv")
    write_csv(card.windows, out / f"{name}_windows.csv")
    missed = [card.drilldown(m).assign(measure=m) for m in res.loc[res["verdict"] == "fail", "measure"].unique()]
    if missed:  # all of them as Parquet, the first rows as CSV for people (windoweval.exports)
        from .exports import write_missed
        write_missed(missed, out, name)
    if len(card.unscored):  # every record accounted for: those no measure took, and why
        print("\n== 未纳入任何测量的记录 / records in no measure's population ==")
        _print(card.unscored)
        write_csv(card.unscored, out / f"{name}_unscored.csv")
    review = card.needs_review()
    if len(review):  # 需人工复核: phrase hits the rules cannot decide (they fail nothing until confirmed)
        write_csv(review, out / f"{name}_needs_review.csv")
    print(f"\n已写入 / written: {out}")
    return EXIT_OK


def cmd_demo(args) -> int:
    from .demo import generate

    out = generate(args.out, year=args.year, scale=args.scale)
    print(f"示例数据已生成 / demo data written: {out}")
    return EXIT_OK


def cmd_records(args) -> int:
    """``records check`` (every file read as scoring reads it, and explained), ``import`` or ``map``."""
    if args.action == "import":
        return cmd_records_import(args)
    if args.action == "map":
        return cmd_records_map(args)
    if args.kind or args.file:
        print("records check 只接受 --data / records check takes only --data", file=sys.stderr)
        return EXIT_USAGE
    from .records.check import check_records

    return check_records(args.data)


def cmd_records_map(args) -> int:
    """``records map FILE --kind KIND [--out FILE]``: propose a mapping.yaml section from an export, for review."""
    from .records import contracts
    from .records.propose import propose

    file = args.kind if args.file is None else args.file  # `records map FILE` puts FILE in the first slot
    kind = args.map_kind
    if not file or not kind:
        print("用法 / usage: windoweval records map 导出文件 --kind work_orders [--out mapping.proposed.yaml]",
              file=sys.stderr)
        return EXIT_USAGE
    if kind not in contracts():
        print(f"未知的记录类型 / unknown kind of records {kind!r}; 可选 / choose from: {', '.join(sorted(contracts()))}",
              file=sys.stderr)
        return EXIT_USAGE
    src = Path(file)
    if not src.exists():
        print(f"错误 / error: {src}: 找不到文件 / file not found", file=sys.stderr)
        return EXIT_INPUT
    text = propose(src, kind, header_row=args.header_row)
    if args.out:
        out = Path(args.out)
        if out.exists():
            print(f"错误 / error: {out} 已存在,不覆盖 / exists, not overwritten", file=sys.stderr)
            return EXIT_USAGE
        out.write_text(text, encoding="utf-8")
        print(f"已写入提议,请核对 / proposal written, please review: {out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_records_import(args) -> int:
    """``records import KIND FILE [--data DIR]``: validate a delivery and write it into the Parquet store.

    The store is ``--data`` (a workspace's data directory, whose ``windoweval.toml``
    mapping applies), ``data/store`` by default.  A delivery that breaks its
    contract is refused with every bad row named and the store left as it was
    (exit 3).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> pd.DataFrame({"staff_id": ["7"], "window_id": ["PW01"], "english": ["是"],
    ...               "sign_language": ["否"]}).to_csv(f"{d}/roster.csv", index=False)
    >>> main(["records", "import", "staff_roster", f"{d}/roster.csv", "--data", d])  # doctest: +ELLIPSIS
    ✓ staff_roster: 1 行 / rows → .../staff_roster
    0
    """
    import json

    from .records import contracts
    from .records.store import MARKER, import_records

    if not args.kind or not args.file:
        print("请给出记录类型和文件 / give the kind of records and the file, e.g. "
              "windoweval records import work_orders 工单.csv --data data/store", file=sys.stderr)
        return EXIT_USAGE
    if args.kind not in contracts():
        print(f"未知的记录类型 / unknown kind of records {args.kind!r}; 可选 / choose from: "
              f"{', '.join(sorted(contracts()))}", file=sys.stderr)
        return EXIT_USAGE
    src = Path(args.file)
    if not src.is_file():
        print(f"错误 / error: {src}: 找不到交付文件 / delivery file not found", file=sys.stderr)
        return EXIT_INPUT
    dest = import_records(args.kind, src, store_dir=args.data)   # a refused delivery: RecordsError, exit 3
    last = (json.loads((dest / MARKER).read_text(encoding="utf-8")).get("imports") or [{}])[-1]
    parts = [p for p in last.get("partitions", []) if p and p != "."]
    print(f"✓ {args.kind}: {last.get('rows', '?')} 行 / rows → {dest}" + (f" ({', '.join(parts)})" if parts else ""))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="windoweval", description="窗口服务标准评价 / evaluate service windows against their standards",
                                epilog=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    from ._version import __version__

    p.add_argument("--version", action="version", version=f"windoweval {__version__}")
    p.add_argument("-q", "--quiet", action="store_true", help="只输出结果和错误,不显示进度 / results and errors only, no progress")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="显示日志(-vv 更详细)/ show the log on stderr (-vv: debug)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("standards", help="标准条款 / the standards' clauses")
    s.add_argument("action", choices=["coverage", "show", "list"])
    s.add_argument("clause", nargs="?", help="条款编号 / clause id (show), or a standard id (list)")
    s.set_defaults(func=cmd_standards)

    s = sub.add_parser("score", help="计分卡 / scorecards")
    s.add_argument("--standard", help="标准 / standard id (default: all)")
    s.add_argument("--year", type=int, help="年度 / year")
    s.add_argument("--data", help="数据目录 / records directory (default: the demo data)")
    s.add_argument("--out", help="输出目录 / where to write the CSVs")
    s.add_argument("--scheduler", help="Dask 调度器地址或 local / Dask scheduler address, or 'local'")
    s.set_defaults(func=cmd_score)

    s = sub.add_parser("records", help="检查、导入记录或提议映射 / check records, import a delivery, propose a mapping",
                       description="records check [--data DIR]: read every record file as scoring would, list the "
                                   "headers used and ignored, the contract columns not found and the unknown window "
                                   "ids. records import KIND FILE [--data DIR]: validate a delivery (CSV, XLSX, "
                                   "Parquet) and write it into the Parquet store DIR (default data/store; "
                                   "docs/scale.md). records map FILE --kind KIND: propose a mapping.yaml section "
                                   "from an export's headers and codes, for review (data/README.md).")
    s.add_argument("action", choices=["check", "import", "map"])
    s.add_argument("kind", nargs="?", help="import: 记录类型 / the kind of records, e.g. work_orders; map: the export file")
    s.add_argument("file", nargs="?", help="import: 交付文件 / the delivery file")
    s.add_argument("--data", help="数据目录 / records directory (check: default the demo data; "
                                  "import: the store, default data/store)")
    s.add_argument("--kind", dest="map_kind", help="map: 记录类型 / the kind of records")
    s.add_argument("--header-row", dest="header_row", type=int, default=1,
                   help="map: 表头所在行 / the row holding the headers (default 1)")
    s.add_argument("--out", help="map: 把提议写入此文件(默认打印)/ write the proposal here (default: print it)")
    s.set_defaults(func=cmd_records)

    s = sub.add_parser("demo", help="生成示例数据 / write the demo data")
    s.add_argument("--out", help="输出目录 / output directory (default data/demo)")
    s.add_argument("--year", type=int, default=2025)
    s.add_argument("--scale", type=int, default=1, help="记录份数(基准测试用)/ copies of every kind of record (benchmarks)")
    s.set_defaults(func=cmd_demo)

    for mod in (survey_cli, complaints_cli, report):  # the commands other modules define
        mod.register(sub)
    return p


def _recover(args):
    """At start-up: finish or undo a swap a killed run left half-done (its journal) in the folders this run uses."""
    from . import paths
    from .atomic import recover

    dirs = {paths.STORE_DIR, paths.REPORTS_DIR}
    for key in ("data", "out", "store"):
        v = getattr(args, key, None)
        if v:
            dirs.update({Path(v), Path(v).parent})
    for d in dirs:
        try:
            journals = list(Path(d).glob(".*.swap-journal")) if Path(d).is_dir() else []
        except OSError:
            continue
        for j in journals:
            recover(j.parent / j.name[1:-len(".swap-journal")])


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _recover(args)
    handler = _console_log(args)
    try:
        if getattr(args, "data", "") is None and not (args.command == "records" and args.action in ("import", "map")):
            resolve(None)  # no --data: the demo organisation, generated on first use (the store import has its own)
        return int(args.func(args) or 0)
    except WindowevalError as e:  # every refusal carries its exit code (windoweval/errors.py)
        from .privacy import mask_message   # a refusal may echo a value from the data: masked like every output

        print(f"错误 / error: {mask_message(e)}", file=sys.stderr)
        return e.exit_code
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # a bug: the traceback, then exit 5 (not Python's 1, which a scheduler would misread)
        import traceback

        traceback.print_exc()
        print("内部错误,请连同以上信息报告 / internal error: please report it with the lines above", file=sys.stderr)
        return EXIT_BUG
    finally:
        if handler is not None:
            logging.getLogger("windoweval").removeHandler(handler)


def _console_log(args):
    """``-v``: the package's log on stderr (INFO; ``-vv`` DEBUG)."""
    if not getattr(args, "verbose", 0):
        return None
    h = logging.StreamHandler(sys.stderr)
    h.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    lg = logging.getLogger("windoweval")
    lg.addHandler(h)
    lg.setLevel(logging.DEBUG if args.verbose > 1 else logging.INFO)
    return h


if __name__ == "__main__":
    sys.exit(main())
