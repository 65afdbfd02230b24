"""``windoweval records check | import | map``: records read as scoring reads them, imported, or mapped."""
from __future__ import annotations

import glob
import sys
from pathlib import Path


from ..privacy import shown_paths   # a file named in a message: never its folders (a user's name)
from ..errors import EXIT_BUG, EXIT_BUILD, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE  # noqa: F401


def cmd_records(args) -> int:
    """``records check`` (every file read as scoring reads it, and explained), ``import`` or ``map``."""
    if args.action == "import":
        return cmd_records_import(args)
    if args.action == "map":
        return cmd_records_map(args)
    if args.kind or args.file:
        print("records check 只接受 --data / records check takes only --data", file=sys.stderr)
        return EXIT_USAGE
    from ..evaluation import check_kinds
    from ..records.check import check_records
    from ..records.workspace import load_workspace
    from ..scoring import check_params

    ws = load_workspace(args.data)
    check_kinds(ws)    # a window no standard applies to: its records would be scored nowhere
    check_params(ws)   # a parameter of the workspace scoring refuses (a typo): refused here too, before any file is read
    return check_records(args.data)


def cmd_records_map(args) -> int:
    """``records map FILE --kind KIND [--out FILE]``: propose a mapping.yaml section from an export, for review."""
    from ..records import contracts
    from ..records.propose import propose

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
    from ..records.propose import GLOB_CHARS

    # a pattern (2025-*.csv: a month a file): every export it names, proposed as one section (newuser48)
    many = sorted(Path(g) for g in glob.glob(file) if Path(g).is_file()) if GLOB_CHARS & set(file) else None
    if many == [] or (many is None and not src.exists()):
        from ..records.io import NOT_FOUND   # as every command says a file that is not there, with the fix

        shown = shown_paths(str(src))
        print(f"错误 / error: {shown}: {NOT_FOUND[0]} / {NOT_FOUND[1]}", file=sys.stderr)
        return EXIT_INPUT
    ws = None
    if args.data:   # a workspace's windows: the export's hall names proposed as their window ids
        from .. import paths
        from ..records.workspace import load_workspace

        if paths.workspace_file(args.data).exists():
            ws = load_workspace(args.data)
    from ..catalog import load_catalog

    # the standards' checklist items: a wide checklist's columns are proposed with the codes their names give
    opts = {"header_row": args.header_row, "workspace": ws, "checklist_items": load_catalog().checklist_items}
    if many is not None:
        from ..records.propose import propose_files

        text = propose_files(file, many, kind, **opts)
    else:
        text = propose(src, kind, **opts)
    if args.out:
        from ..safepath import out_file

        out = out_file(args.out)
        # named as given (a relative path), or relative to the workspace or the project's folder, else by its name
        # alone, as records import names its store: never the user's folders (/home/张三/…: left39), nor a phone
        from ..privacy import mask_message   # (a name given with a phone number in it: masked, as every message)

        shown = mask_message(str(args.out))
        if out.exists():
            print(f"错误 / error: {shown} 已存在,不覆盖 / exists, not overwritten", file=sys.stderr)
            return EXIT_USAGE
        from ..atomic import write_text

        write_text(out, text)     # aside, then moved in: a full disk leaves no empty file behind
        print(f"已写入提议,请核对 / proposal written, please review: {shown}")
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
    >>> from windoweval.cli import main
    >>> main(["records", "import", "staff_roster", f"{d}/roster.csv", "--data", d])  # doctest: +ELLIPSIS
    ✓ staff_roster: 1 条记录 / records → staff_roster
      原始文件已保存 / delivery kept: _raw/staff_roster/....csv (sha256 ...…)
    0
    """
    import json

    from ..records import contracts
    from ..records.store import MARKER, import_records

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
        from ..records.workspace import not_regular

        why = not_regular(src)      # a folder or a pipe said as such: "not found" sent the user looking for a file
        print(f"错误 / error: {shown_paths(str(src))}: " + (
            f"交付{why[0]};请给出导出文件本身 / the delivery {why[1]}: give the export file itself" if why else
            "找不到交付文件;请检查文件名和路径 / delivery file not found: check its name and path"), file=sys.stderr)
        return EXIT_INPUT
    def progress(msg):   # on stderr: stdout keeps the result line; the file's name masked, as records check does
        from ..privacy import mask_message

        print(mask_message(msg, terminal=True), file=sys.stderr, flush=True)

    if args.data:   # the store is written there: a file, a missing parent or no permission is exit 2, not a traceback
        from ..safepath import out_dir
        out_dir(args.data, args.data, flag="--data")
    flagged = []

    def inspect(got):   # the rows kept but flagged (steps out of order), listed after the result as records check does
        from ..records.check import flagged_rows
        flagged.append(flagged_rows(args.kind, got))

    from .. import paths
    from ..records.contract import RecordsError

    try:
        dest = import_records(args.kind, src, store_dir=args.data,   # a refused delivery: RecordsError, exit 3
                              progress=None if getattr(args, "quiet", False) else progress,
                              replace=bool(getattr(args, "replace", False)), inspect=inspect)
    except RecordsError as e:
        store = Path(args.data) if args.data else paths.STORE_DIR
        if (e.problems["code"] == "missing_column").any() and not paths.workspace_file(store).exists():
            # the export's headers read with no mapping at all: the store has no windoweval.toml, so the mapping.yaml
            # the user wrote (beside the export, in another folder) was never read; the refusal said only "write it
            # in mapping.yaml" (left41)
            e.args = (str(e) + f"\n注意:存储目录 {shown_paths(str(store))} 中没有 windoweval.toml,因此没有读取任何 mapping.yaml"
                      "(导出表头须与约定列同名);请把工作区配置(windoweval.toml 及其 mapping.yaml)放进该目录,或用 --data "
                      "指向工作区的数据目录(docs/scale.md)\n"
                      f"note: the store {shown_paths(str(store))} holds no windoweval.toml, so no mapping.yaml was read "
                      "(the export's headers must be the contract's own names); put the workspace's windoweval.toml "
                      "and its mapping.yaml into that folder, or point --data at the workspace's data folder "
                      "(docs/scale.md)",)
        raise
    last = (json.loads((dest / MARKER).read_text(encoding="utf-8")).get("imports") or [{}])[-1]
    parts = [p for p in last.get("partitions", []) if p and p != "."]
    # the records stored (a process log's orders, a list's customers, a wide checklist's items: not the file's rows)
    print(f"✓ {args.kind}: {last.get('rows', '?')} 条记录 / records → {shown_paths(str(dest))}" + (f" ({', '.join(parts)})" if parts else ""))
    if last.get("sha256"):
        print(f"  原始文件已保存 / delivery kept: {last['raw']} (sha256 {last['sha256'][:12]}…)")
    if flagged and len(flagged[0]):
        from ..records.check import _FLAGGED_SHOWN
        f = flagged[0]
        print(f"  ! 时间先后颠倒(或挂机早于接听)的记录(已导入;读这两个时间的时限记为缺少证据)/ records with two "
              f"steps out of order (or hung up before the answer; imported; the time limit reading them is missing "
              f"evidence): {len(f)} 条 / records")
        from ..privacy import mask_message
        from ..records.contract import not_personal_columns

        # the data's own words (a record id that is a caller's number), masked as records check masks every line; a
        # column the contracts declare not personal shown as the outputs show it
        lines = f.lines(limit=_FLAGGED_SHOWN, not_personal=not_personal_columns())
        print(mask_message("    " + lines.replace("\n", "\n    "), terminal=True))
    return EXIT_OK


def register(sub) -> None:
    """Add this module's commands to ``windoweval``'s subparsers."""
    s = sub.add_parser("records", help="检查、导入记录或提议映射 / check records, import a delivery, propose a mapping",
                       description="records check [--data DIR]: read every record file as scoring would, list the "
                                   "headers used and ignored, the contract columns not found and the unknown window "
                                   "ids. records import KIND FILE [--data DIR]: validate a delivery (CSV, XLSX, "
                                   "Parquet) and write it into the Parquet store DIR (default data/store; "
                                   "docs/scale.md). records map FILE --kind KIND: propose a mapping.yaml section "
                                   "from an export's headers and codes, for review (data/README.md); with --data DIR, "
                                   "the window names of DIR's windoweval.toml are proposed as window ids.")
    s.add_argument("action", choices=["check", "import", "map"])
    s.add_argument("kind", nargs="?", help="import: 记录类型 / the kind of records, e.g. work_orders; map: the export file")
    s.add_argument("file", nargs="?", help="import: 交付文件 / the delivery file")
    s.add_argument("--data", help="数据目录 / records directory (check: default the demo data; "
                                  "import: the store, default data/store; map: the workspace whose window names "
                                  "to propose as ids, and whose mapping.yaml sheets and header_row are kept)")
    s.add_argument("--kind", dest="map_kind", help="map: 记录类型 / the kind of records")
    s.add_argument("--header-row", dest="header_row", type=int, default=None,
                   help="map: 表头所在行 / the row holding the headers (default: the workspace mapping.yaml's "
                        "header_row, else 1)")
    s.add_argument("--out", help="map: 把提议写入此文件(默认打印)/ write the proposal here (default: print it)")
    s.add_argument("--replace", action="store_true",
                   help="import: 允许删去交付所覆盖分区中、交付里没有的已存记录 / import: allow removing the stored records "
                        "of the partitions the delivery covers that the delivery lacks")
    s.set_defaults(func=cmd_records)
