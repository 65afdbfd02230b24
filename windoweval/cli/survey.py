"""``windoweval survey ...``: template, check, import, estimate, demo.

命令行：``windoweval survey template | check | import | estimate | demo``。
The project's ``windoweval/cli.py`` calls :func:`register` with its subparsers; every
handler takes the parsed namespace and returns the exit code. Standalone:
``python -m windoweval.survey.cli survey check FILE --instrument power_hall``.

Exit codes, as the project's command line uses them: 0 done (warnings do not count);
1 ``check`` found errors in the file; 2 bad usage (unknown instrument, bad option);
3 input refused: an import with file-level errors or a second delivery without
``--replace``, an unreadable file, an estimate that cannot be made (a single-PSU stratum
with no rule chosen, an unknown survey).

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(prog="windoweval")
>>> register(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["survey", "check", "x.csv", "--instrument", "power_hall", "--year", "2025"])
>>> args.func.__name__, args.year
('cmd_check', 2025)
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from windoweval import paths

__all__ = ["register", "main", "cmd_template", "cmd_check", "cmd_import", "cmd_estimate", "cmd_demo"]

from ..errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_USAGE, InputError
from ..cells import people_frame
from ..records.problems import personal_values_masked
from ..privacy import mask_message
from .args import year


def _out(text: str) -> None:
    sys.stdout.write(text + ("\n" if not text.endswith("\n") else ""))


def _err(text: str) -> None:
    text = mask_message(text)   # messages only (the problems of a delivery echo its values): masked
    sys.stderr.write(text + ("\n" if not text.endswith("\n") else ""))


def _store_dir(args):
    """The survey store of the workspace: ``--store`` if given, else beside the records of ``--data``."""
    return getattr(args, "store", None) or getattr(args, "data", None)


def _workspace_of(args):
    """The workspace whose windows a delivery is checked against: ``--data``, else a ``--store`` that is a workspace
    (holds windoweval.toml), whose year's report reads this store: a delivery put there is checked against its
    windows as ``--data`` would check it, never imported unchecked (its unknown windows then estimated in silence)."""
    data = getattr(args, "data", None)
    store = getattr(args, "store", None)
    if not data and store and (Path(store) / "windoweval.toml").is_file():
        return store
    return data


def _windows(arg, data=None):
    """Known window ids: ``--windows`` (a list or a file), else the workspace's (``--data``: id -> its names, so a
    window written by its name is read as its id), else None."""
    if not arg and data:
        from windoweval.records.workspace import load_workspace

        w = load_workspace(data).windows
        names = [c for c in ("window_name", "name_en") if c in w.columns]
        return {str(r["window_id"]): [str(r[c]) for c in names if pd.notna(r[c])] for _, r in w.iterrows()}
    if not arg:
        return None
    p = Path(arg)
    if p.exists():
        return [x.strip() for x in p.read_text(encoding="utf-8-sig").splitlines() if x.strip()]
    return [x.strip() for x in arg.split(",") if x.strip()]


def _screen_params(args) -> dict:
    out = {}
    for k in ("min_screens", "speed_ratio", "irv_max", "longstring_min"):
        v = getattr(args, k, None)
        if v is not None:
            out[k] = v
    if getattr(args, "screens", None):
        out["screens"] = tuple(x.strip() for x in args.screens.split(",") if x.strip())
    return out


#: Columns of the typed responses that group nothing (row numbers, ids, free text, numbers): never offered to --by.
_NOT_GROUPS = ("row", "line", "sheet", "respondent_id", "weight", "duration_s", "comment")


def _no_by_column(missing: list, data: pd.DataFrame, ins) -> str:
    """The message of a --by naming no column: the columns it can group by (no answer, id, free text or personal
    column) and the nearest name, Chinese first.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> d = pd.DataFrame(columns=["row", "respondent_id", "window_id", "stratum", "env1", "comment"])
    >>> print(_no_by_column(["window"], d, SimpleNamespace(coded_columns=("env1",))))  # doctest: +NORMALIZE_WHITESPACE
    没有列 window（是否应为 window_id？）；--by 可按交付中的这些列分组：window_id、stratum，或交付中模板之外的列（如区县） /
    no column window (did you mean window_id?); --by groups by these columns of the delivery: window_id, stratum, or
    a column of the delivery outside the template (a district, say)
    """
    import difflib

    from ..privacy import personal_column

    items = set(getattr(ins, "coded_columns", ()))
    ok = [str(c) for c in data.columns
          if c not in _NOT_GROUPS and c not in items and not personal_column(str(c)) and not str(c).startswith("_")]
    near = {m: difflib.get_close_matches(m, ok, n=1, cutoff=0.6) for m in missing}
    zh = "、".join(f"{m}（是否应为 {near[m][0]}？）" if near[m] else m for m in missing)
    en = ", ".join(f"{m} (did you mean {near[m][0]}?)" if near[m] else m for m in missing)
    return (f"没有列 {zh}；--by 可按交付中的这些列分组：{'、'.join(ok)}，或交付中模板之外的列（如区县） / no column {en}; "
            f"--by groups by these columns of the delivery: {', '.join(ok)}, or a column of the delivery outside the "
            "template (a district, say)")


#: The endings of a delivery file's name: a source of ``survey estimate`` so named is a file, never a survey id (the
#: one set, :data:`windoweval.paths.DELIVERY_SUFFIXES`, which the reader takes too; the command line starts without
#: importing the reader).
_FILE_SUFFIXES = paths.DELIVERY_SUFFIXES


def _resolve_file(name: str) -> Path:
    p = Path(name)
    if not p.exists() and (paths.INCOMING_DIR / name).exists():
        return paths.INCOMING_DIR / name
    return p


#: Heads of the survey commands' tables on a terminal (``--format table``); CSV and JSON keep the column names.
_LABELS = {
    "measure": "测量项 measure", "n": "样本量 n", "estimate": "估计值 estimate", "rate": "满意率 rate",
    "promoters": "推荐者比例 promoters", "promoters_se": "推荐者比例标准误 promoters SE",
    "detractors": "贬损者比例 detractors", "detractors_se": "贬损者比例标准误 detractors SE",
    "se": "标准误 SE", "ci_low": "置信下限 CI low", "ci_high": "置信上限 CI high", "df": "自由度 df",
    "method": "区间方法 method", "deff": "设计效应 deff", "deff_replace": "设计效应(有放回)deff (with replacement)",
    "dimension": "维度 dimension", "dimension_zh": "维度名称 name", "dimension_en": "维度名称(英文)name (English)",
    "n_items": "题数 items", "alpha": "克隆巴赫系数 Cronbach's alpha", "coef": "系数 coef", "z": "z值 z",
    "p_value": "p值 p value", "odds_ratio": "比值比 odds ratio", "importance": "重要性 importance",
    "margin": "误差界 margin of error", "plan": "计划样本量 planned", "plan_met": "达到计划 plan met",
    "contacts": "接触数 contacts", "response_rate": "应答率 response rate",
    "estimate_prev": "上年估计值 previous estimate", "se_prev": "上年标准误 previous SE", "rate_prev": "上年满意率 previous rate",
    "diff": "差值 difference", "se_diff": "差值标准误 SE of the difference", "significant": "显著 significant",
    "id": "编号 id", "title_zh": "名称 title", "title_en": "名称(英文)title (English)", "path": "文件 path",
    "instrument": "问卷 instrument", "year": "年度 year", "n_rows": "行数 rows", "window_id": "窗口编号 window",
    "step": "加权步骤 step", "source": "依据 source", "variable": "变量 variable", "level": "类别 level",
    "target": "总体数 target", "before": "调整前 before", "after": "调整后 after",
}


def _emit(table: pd.DataFrame, fmt: str) -> None:
    # the values a delivery's problems echo and the groups of --by are the file's own text: masked and no cell a
    # formula, as every output people open (a check written with --format csv > problems.csv goes to Excel)
    table = people_frame(personal_values_masked(table))
    if fmt == "csv":
        _out(table.to_csv(index=False))
    elif fmt == "json":
        _out(table.to_json(orient="records", force_ascii=False, date_format="iso", indent=1, double_precision=15))
    else:   # for people: heads in Chinese with English alongside, yes/no as 是/否
        from ..console import bilingual

        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                               "display.unicode.east_asian_width", True):
            _out(bilingual(table, _LABELS).to_string(index=False))


def _instrument(name):
    """The instrument ``name`` (an id or a YAML path), or the exit code of its refusal: 2 for a name no instrument
    has (:class:`UnknownInstrument`), 3 for an instrument file that is wrong (:class:`InstrumentError`)."""
    from ..survey.instrument import InstrumentError, load_instrument

    try:
        return load_instrument(name)
    except InstrumentError as e:
        _err(str(e))
        return e.exit_code


def _folder_refused(path: Path) -> bool:
    """Whether ``path`` is a folder (or a link to nothing), refused as a delivery (said on stderr): the one message of
    :func:`windoweval.survey.delivery.delivery_file`, the files the folder holds and the fix (a link: what it is, not
    "not found").  Before, ``survey
    import`` of a folder ended in a traceback (exit 5), ``survey check`` called it a file type '' and ``survey
    estimate`` a file not found; and the commands and the library said it in two ways (msgs44).

    Examples
    --------
    >>> import tempfile, contextlib, io
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for n in ("PW01.csv", "PW02.csv", "说明.txt"):
    ...         _ = (Path(d) / n).write_text("x", encoding="utf-8")
    ...     err = io.StringIO()
    ...     with contextlib.redirect_stderr(err):
    ...         refused = _folder_refused(Path(d))
    >>> refused, "3 个文件" in err.getvalue(), "PW01.csv、PW02.csv" in err.getvalue(), "a sheet each" in err.getvalue()
    (True, True, True, True)
    """
    if not (path.is_dir() or (path.is_symlink() and not path.exists())):
        return False
    from ..survey.delivery import DeliveryError, delivery_file

    try:
        delivery_file(path)
    except DeliveryError as e:
        _err(str(e))
    return True


def _instrument_and_file(args):
    """``(instrument, path)`` of a command taking ``--instrument`` and a file; the exit code if either is wrong."""
    ins = _instrument(args.instrument)
    if isinstance(ins, int):
        return ins
    path = _resolve_file(args.file)
    if _folder_refused(path):
        return EXIT_INPUT
    if not path.exists():
        _err(f"找不到文件 {path};请核对文件名与所在文件夹 / file not found: {path}; check the file's name and its folder")
        return EXIT_INPUT
    return ins, path


def cmd_template(args) -> int:
    """``survey template``: write the XLSX template. 生成 XLSX 交付模板。

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     main(["survey", "template", "--instrument", "power_hall", "--out", str(pathlib.Path(d) / "t.xlsx"),
    ...           "--rows", "5"])  # doctest: +ELLIPSIS
    已写出模板 template written: .../t.xlsx
    0
    """
    from ..survey.instrument import list_instruments
    from ..survey.template import write_template

    if not args.instrument:
        t = list_instruments(args.instruments_dir)
        _out("可用的问卷（用 --instrument 选择，可写问卷 id 或 YAML 文件路径）/ "
             "instruments available (choose one with --instrument, an id or a YAML path):")
        _emit(t[["id", "title_zh", "title_en", "n_items", "path"]], "table")
        return EXIT_OK
    ins = _instrument(args.instrument)
    if isinstance(ins, int):
        return ins
    from ..safepath import out_file

    out = out_file(args.out) if args.out else paths.INCOMING_DIR / f"{ins.id}_template{'_' + str(args.year) if args.year else ''}.xlsx"
    write_template(ins, out, year=args.year, rows=args.rows)
    _out(f"已写出模板 template written: {out}")
    return EXIT_OK


def cmd_check(args) -> int:
    """``survey check``: report every problem; exit 1 on any error. 检查交付文件；有错误时退出码为 1。

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=6, seed=2, careless_share=0)
    >>> df.loc[0, "weight"] = -1
    >>> with demo.delivery_file(df) as p:
    ...     main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])  # doctest: +ELLIPSIS
    文件 file: ...d.csv (CSV, utf-8); 数据行 data rows: 6; 调查年度 survey year: 2025
    窗口编号未与工作区核对（未给 --data 或 --windows）/ window ids not checked against a workspace (no --data or --windows)
    第 2 行 row 2 | 受访者 respondent 000001 | 列 column weight | 值 value '-1.0' | 错误 error: 权重必须大于 0;请填写调查公司给出的大于 0 的抽样权重 / weight must be greater than 0; enter the sampling weight, greater than 0
    结果 result: 1 个错误 errors, 0 个警告 warnings; 有错误的行 rows with errors: 2
    1
    """
    from ..survey.delivery import DeliveryError, format_problems, parse_delivery, respondents_in

    got = _instrument_and_file(args)
    if isinstance(got, int):
        return got
    ins, path = got
    try:
        chk = parse_delivery(path, ins, year=args.year, windows=_windows(args.windows, args.data),
                             screen=not args.no_screen, screen_params=_screen_params(args))
    except DeliveryError as e:
        _err(f"无法读取 cannot read {path}: {e}")
        return EXIT_INPUT
    probs = chk.problems
    n_err = int((probs["severity"] == "error").sum())
    n_warn = int((probs["severity"] == "warning").sum())
    if args.format != "table":
        _emit(probs, args.format)
    else:
        dl = chk.delivery
        enc = f", {dl.encoding}" if dl.encoding else ""
        n_rows = len(chk.responses) + len(dl.raw_records)
        _out(f"文件 file: {mask_message(str(path))} ({dl.format.upper()}{enc}); 数据行 data rows: {n_rows}; 调查年度 survey year: {chk.year}")
        for sheet, what in dl.sheets.items():
            _out(f"工作表 sheet「{mask_message(sheet)}」: " + ("已读取 read" if what == "read" else
                                                              f"已读作代码表 read as the {what}" if what.startswith("codes sheet")
                                                              else f"未读取 {what}"))
        if not args.windows and not args.data:
            _out("窗口编号未与工作区核对（未给 --data 或 --windows）/ window ids not checked against a workspace "
                 "(no --data or --windows)")
        if chk.dropped_rows:
            from ..survey.delivery import _shown_rows
            # the rows, said as rows: "exact repeats dropped: 362" read as a count of 362 (one row, row 362, dropped)
            rows = _shown_rows(pd.Series(chk.dropped_rows), chk.delivery).tolist()
            shown = ', '.join(rows[:20]) + (' …' if len(rows) > 20 else '')   # a delivery sent twice: not 5,000 rows
            _out(f"完全重复的行已删除 {len(chk.dropped_rows)} 行(第 {shown} 行)/ exact repeats dropped: "
                 f"{len(chk.dropped_rows)} (rows {shown})")
        if not chk.file_ok:
            # the file refused whole (a column missing, a column on another scale, a long-format file): that refusal
            # first and alone; the rows' problems (an answer refused alone, a bad weight) would suggest the rest can
            # be imported, which it cannot: counted, listed once the file-level errors are put right (left19 #4)
            level = _file_level(chk)
            whole = probs[level]
            _out(mask_message(format_problems(whole, limit=args.limit)))
            rest = probs[~level]
            n_rest_err = int((rest["severity"] == "error").sum())
            _out(f"结果 result: 文件被拒 file refused: {int((whole['severity'] == 'error').sum())} 个文件级错误 "
                 "file-level errors; 整个文件无法导入，请先改正以上问题后再检查 / the file cannot be imported: correct "
                 "the above and check again"
                 + (f"; 各行的问题未列出 row problems not listed: {len(rest)}（{n_rest_err} 个错误 errors, "
                    f"{len(rest) - n_rest_err} 个警告 warnings）" if len(rest) else ""))
            return EXIT_FINDINGS
        if len(probs):
            _out(mask_message(format_problems(probs, limit=args.limit)))   # the values echoed: masked
        rejected = chk.rejected_shown   # sheet!row for a workbook delivered one sheet a month
        alone = chk.refused_answers   # answers off the scale refused alone: counted, never read as a clean file
        alone_in = respondents_in(alone)   # the respondents they belong to
        _out(f"结果 result: {n_err} 个错误 errors, {n_warn} 个警告 warnings"
             + (f"; 有错误的行 rows with errors: {', '.join(map(str, rejected))}" if rejected else "")
             + (f"; 单独被拒的答案 answers refused alone: {len(alone)}（在 {alone_in} 位受访者中 in "
                f"{alone_in} respondents; 该题按缺失处理 that item missing）" if len(alone) else "")
             + _values_alone(chk.refused_values)
             + ("" if chk.file_ok else "; 存在文件级错误，无法导入 / file-level errors: the file cannot be imported"))
    return EXIT_FINDINGS if n_err else EXIT_OK


def _file_level(chk):
    """Which of ``chk.problems`` are the file's own (no row, or the header's row of a CSV or workbook), as
    :attr:`~windoweval.survey.delivery.CheckedDelivery.file_ok` counts them; warnings of the file too."""
    p = chk.problems
    head = p["row"].eq(1).fillna(False) & (chk.delivery.format not in ("sav", "dta"))
    return (p["row"].isna() | head).to_numpy(dtype=bool)


def _values_alone(vals) -> str:
    """The result line's count of the optional values refused alone (an unknown customer type, a duration 三分钟):
    the value taken as blank, the respondent kept; said as the answers refused alone are, never a clean file."""
    if not len(vals):
        return ""
    from ..survey.delivery import respondents_in

    n_in = respondents_in(vals)
    return (f"; 单独被拒的可选值 optional values refused alone: {len(vals)}（在 {n_in} 位受访者中 in {n_in} respondents; "
            f"按空白处理 taken as blank; {'、'.join(sorted(vals['column'].unique()))}）")


def cmd_import(args) -> int:
    """``survey import``: import into the store. 导入数据仓。

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=5, careless_share=0)
    >>> with demo.delivery_file(df) as p:
    ...     main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
    ...           "--store", str(p.parent)])  # doctest: +ELLIPSIS
    已导入 imported: power_hall_2025 <- d.csv (sha256 ...)
    数据行 rows 10; 有效 valid 10; 被拒 rejected 0; 疑似随意作答 flagged 0
    注意 / note: 权重按交付的 weight 列...
    0
    """
    from ..survey.delivery import DeliveryError, format_problems
    from ..survey.store import DeliveryExists, ImportRefused, import_delivery

    got = _instrument_and_file(args)
    if isinstance(got, int):
        return got
    ins, path = got
    try:
        rec = import_delivery(path, ins, args.year, survey=args.survey, replace=args.replace,
                              replaces=args.replaces,
                              store_dir=_store_dir(args), windows=_windows(args.windows, _workspace_of(args)),
                              screen_params=_screen_params(args))
    except ImportRefused as e:
        _err(str(e))
        errs = e.problems[e.problems["severity"] == "error"]
        _err(format_problems(errs, limit=50))
        return EXIT_INPUT
    except DeliveryError as e:   # named with its file, as survey check names it
        _err(f"无法读取 cannot read {path}: {e}")
        return EXIT_INPUT
    except DeliveryExists as e:
        _err(str(e))
        return EXIT_INPUT
    r = rec.iloc[0]
    status = {"imported": "已导入 imported", "replaced": "已替换 replaced (原交付保留 earlier kept)",
              "unchanged": "未变（同一文件已导入）unchanged (this file was already imported)"}[r["status"]]
    _out(f"{status}: {r['survey']} <- {mask_message(r['file_name'])} (sha256 {r['sha256'][:12]}…)")   # a name in it
    dropped = int(r["n_dropped"]) if pd.notna(r.get("n_dropped")) else 0   # earlier stores did not count them
    # answers off the scale refused alone (the respondent kept, valid): said, or 400 of them read as a clean delivery
    alone = int(r["n_answers_refused"]) if pd.notna(r.get("n_answers_refused")) else 0
    alone_in = int(r["n_answers_refused_respondents"]) if pd.notna(r.get("n_answers_refused_respondents")) else 0
    # values of optional columns refused alone (customer type, duration): the value blank, the respondent kept
    values = int(r["n_values_refused"]) if pd.notna(r.get("n_values_refused")) else 0
    values_in = int(r["n_values_refused_respondents"]) if pd.notna(r.get("n_values_refused_respondents")) else 0
    _out(f"数据行 rows {r['n_rows']}; 有效 valid {r['n_valid']}; 被拒 rejected {r['n_rejected']}; "
         + (f"完全重复已删除 exact repeats dropped {dropped}; " if dropped else "")
         + (f"单独被拒的答案 answers refused alone {alone}（在 {alone_in} 位受访者中 in {alone_in} respondents; "
            "该题按缺失处理 that item missing）; " if alone else "")
         + (f"单独被拒的可选值 optional values refused alone {values}（在 {values_in} 位受访者中 in {values_in} "
            "respondents; 按空白处理 taken as blank）; " if values else "")
         + f"疑似随意作答 flagged {r['n_flagged']}")
    from ..privacy import shown_paths
    from ..survey.store import ANSWERS_REFUSED, VALUES_REFUSED, store_root

    # relative to --store / --data, as every message names a file (the folders above can name a person)
    if int(r["n_rejected"]):
        _out(f"被拒行及原因 refused rows and reasons: {shown_paths(str(store_root(_store_dir(args)) / r['dir'] / 'rejects.csv'))}")
    if alone:
        _out(f"单独被拒的答案 answers refused alone: "
             f"{shown_paths(str(store_root(_store_dir(args)) / r['dir'] / ANSWERS_REFUSED))}")
    if values:
        _out(f"单独被拒的可选值 optional values refused alone: "
             f"{shown_paths(str(store_root(_store_dir(args)) / r['dir'] / VALUES_REFUSED))}")
    if r["status"] != "unchanged":
        for line in _readings(store_root(_store_dir(args)) / r["dir"] / "problems.csv"):
            _out(line)
    note = r.get("weights_note")
    if r["status"] != "unchanged" and isinstance(note, str):
        # once per delivery: what estimates take its weights for, kept in its record (meta.json, the manifest)
        _out(note)
    return EXIT_OK


def _said_at_import(args) -> bool:
    """Whether the stored delivery ``survey estimate`` reads said its weights note at import (kept in its record)."""
    from ..survey.store import weights_note_kept

    try:
        return weights_note_kept(args.source, store_dir=_store_dir(args))
    except KeyError:
        return True


def _readings(problems_csv) -> list[str]:
    """What an import took the delivery for, said once: each kind of the delivery's whole-file warnings (a question
    read by its variable label, codes read reversed by the file's value labels, 98/99 recoded as missing, a window
    read by its name …: the problems without a row) as one line, its first message with how many more of the kind
    (one per column); the row-level warnings stay in problems.csv and ``survey check``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d) / "problems.csv"
    ...     _ = pd.DataFrame({"row": [None, None, 3], "severity": ["warning"] * 3, "code": ["recoded_missing"] * 3,
    ...                       "problem_zh": ["甲", "乙", "丙"], "problem_en": ["a", "b", "c"]}).to_csv(f, index=False)
    ...     _readings(f)
    ['读作 read as: 甲（另有 1 处同类 1 more of the kind） / a']
    """
    try:
        p = pd.read_csv(problems_csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError):
        return []
    if not {"row", "severity", "code", "problem_zh", "problem_en"} <= set(p.columns):
        return []
    p = p[p["severity"].eq("warning") & p["row"].eq("")]
    out = []
    for code, g in p.groupby("code", sort=False):
        more = len(g) - 1
        zh = f"（另有 {more} 处同类 {more} more of the kind）" if more else ""
        out.append(f"读作 read as: {g['problem_zh'].iloc[0]}{zh} / {g['problem_en'].iloc[0]}")
    return out


def cmd_list(args) -> int:
    """``survey list``: the surveys in the store, one line each. 列出数据仓中的调查。

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=4, careless_share=0)
    >>> with demo.delivery_file(df) as p:  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    ...     _ = main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025", "--store", str(p.parent)])
    ...     main(["survey", "list", "--store", str(p.parent)])
    已导入 imported: ...
    ...
    调查编号 survey  问卷 instrument  年度 year  当前交付 current file  有效 valid  被拒 rejected  单独被拒的答案 answers refused alone  单独被拒的可选值 values refused alone  交付数 deliveries  导入时间 imported at
    power_hall_2025  power_hall  2025  d.csv  4  0  0  0  1  ...
    0
    """
    from ..survey.store import list_surveys

    s = list_surveys(store_dir=_store_dir(args))
    if s.empty:
        _out("数据仓中没有调查 / no survey in the store")
        return EXIT_OK
    cols = {"survey": "调查编号 survey", "instrument": "问卷 instrument", "year": "年度 year",
            "file_name": "当前交付 current file", "n_valid": "有效 valid", "n_rejected": "被拒 rejected",
            "n_answers_refused": "单独被拒的答案 answers refused alone",
            "n_values_refused": "单独被拒的可选值 values refused alone",
            "n_deliveries": "交付数 deliveries", "imported_at": "导入时间 imported at"}
    from ..privacy import mask_frame

    s = s.assign(file_name=mask_frame(s[["file_name"]])["file_name"])   # a file's name may carry a person's
    # a store imported before these were counted: shown as not counted (-), never as none refused (0)
    s = s.assign(**{c: s[c].map(lambda v: "-" if v is None or pd.isna(v) else str(int(v)))
                    for c in ("n_answers_refused", "n_values_refused")})
    _out(s[list(cols)].rename(columns=cols).to_string(index=False))
    return EXIT_OK


def cmd_remove(args) -> int:
    """``survey remove``: remove a survey id and its deliveries from the store. 从数据仓删去一个调查编号。

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=4, careless_share=0)
    >>> with demo.delivery_file(df) as p:  # doctest: +ELLIPSIS
    ...     _ = main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
    ...               "--survey", "hall_typo", "--store", str(p.parent)])
    ...     main(["survey", "remove", "hall_typo", "--store", str(p.parent)])
    已导入 imported: hall_typo <- d.csv (sha256 ...)
    数据行 rows 4; 有效 valid 4; 被拒 rejected 0; 疑似随意作答 flagged 0
    注意 / note: 权重按交付的 weight 列...
    已删除 removed: hall_typo (power_hall 2025), 1 份交付 deliveries: d.csv
    0
    """
    from ..survey.store import remove_survey

    try:
        gone = remove_survey(args.survey, store_dir=_store_dir(args))
    except InputError as e:
        _err(str(e))
        return EXIT_INPUT
    first = gone.iloc[0]
    _out(f"已删除 removed: {args.survey} ({first['instrument']} {first['year']}), {len(gone)} 份交付 deliveries: "
         + ", ".join(gone["file_name"].astype(str)))
    return EXIT_OK


def _nps_columns(ins, measures) -> list | str:
    """The 0-10 questions a net promoter score is of: those named (each must be one), else every question of the
    instrument on a 0-10 scale of its own; a message (Chinese, then English) where there is none."""
    tens = [q for q, (lo, hi, _) in ins.own_scales.items() if (lo, hi) == (0, 10)]
    if measures:
        bad = [m for m in measures if m not in tens]
        if bad:
            return (f"净推荐值只对 0–10 分的推荐意愿题计算：{'、'.join(bad)} 不是（本问卷的 0–10 分题：{'、'.join(tens) or '无'}）"
                    f" / the net promoter score is of a 0-10 recommendation question only: {', '.join(bad)} is not "
                    f"one (this instrument's 0-10 questions: {', '.join(tens) or 'none'})")
        return list(measures)
    if not tens:
        return ("本问卷没有 0–10 分的推荐意愿题，无法计算净推荐值；请在问卷中为该题写 scale: {min: 0, max: 10}"
                "（见 surveys/README.md）/ the instrument has no 0-10 recommendation question, so there is no net "
                "promoter score; give that item scale: {min: 0, max: 10} in the instrument (see surveys/README.md)")
    return tens


def _nps_estimate(data: pd.DataFrame, ins, columns: list, by, args) -> tuple:
    """``survey estimate --stat nps``: :func:`windoweval.survey.design.net_promoter` of each 0-10 question on the
    delivery's design as the design options make it (``--fpc``, ``--poststratify``, ``--rake``, ``--calibrate``,
    ``--trim-upper/--trim-lower``: :func:`_adjusted_design`, as the index and the rate), R's
    ``svymean(~pro + det, design)`` and ``svycontrast``, overall and by ``by``, flagged respondents left out with
    ``--exclude-flagged``; ``(table, the weighting account or None)``."""
    import numpy as np

    from ..survey.design import net_promoter
    from ..survey.estimate import _exclusions

    data = data.copy()
    out = _exclusions(data, ins, args.exclude_flagged)
    if out.any():
        data.loc[out, columns] = np.nan
    d, steps = _adjusted_design(data, args)
    parts = []
    for c in columns:
        for b in ([None, by] if by else [None]):
            t = net_promoter(d, c, by=b, level=args.level)
            if b is None and by:
                for col in reversed(by):
                    t.insert(0, col, "全部 all")
            t.insert(len(by or []), "measure", c)
            parts.append(t)
    t = pd.concat(parts, ignore_index=True).rename(columns={"nps": "estimate"})
    return t.assign(n=t["n"].astype(int)), (weighting_account(steps, d) if steps or args.fpc else None)


def cmd_estimate(args) -> int:
    """``survey estimate``: index or rate, overall and by a column. 估计满意度指数或满意率。

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=30, seed=1)
    >>> with demo.delivery_file(df) as p:
    ...     main(["survey", "estimate", str(p), "--instrument", "power_hall", "--measures", "overall",
    ...           "--format", "csv"])  # doctest: +ELLIPSIS
    measure,n,estimate,se,ci_low,ci_high
    overall,...
    0
    """
    from ..survey.delivery import DeliveryError, parse_delivery
    from ..survey.estimate import LonelyPSUError, satisfaction_index, satisfaction_rate
    from ..survey.store import load_responses, load_survey_instrument

    from ..privacy import personal_column, shown_paths

    personal = [b.strip() for b in (args.by or "").split(",") if personal_column(b.strip())]
    if personal:    # each group's label would print a respondent's name or phone number
        cols = "、".join(f"「{c}」" for c in personal)
        _err(f"分组列 {cols} 是个人信息（姓名、电话、证件号等），估计结果不能按它分组；请按窗口、抽样层或区县等分组"
             f"（--by window_id）/ the --by column {cols} holds personal data (a name, phone or ID number) and cannot "
             "group the estimates; group by window, stratum, district or the like (--by window_id)")
        return EXIT_USAGE
    store = _store_dir(args)
    # columns of the delivery outside the template (a district, a population count for --fpc) that --by or
    # --fpc name: the check does not type them, estimation takes them as the file has them
    wanted = [b.strip() for b in (args.by or "").split(",") if b.strip()] + ([args.fpc] if args.fpc else [])

    def load(source, instrument_name, year=args.year, previous=False):
        # (--previous is read with year=None, the year of most of its dates: --year is this year's, and with it every
        # row of last year's file was refused as of another year, its estimates NaN and the change "not significant")
        path = _resolve_file(source)
        # last year's warnings say whose they are (they read as this year's: nps45b); the file's name, not its folders
        tell = (lambda m: _err(f"上年 / previous {shown_paths(path.name if path.exists() else str(source))}: {m}")) \
            if previous else _err
        if _folder_refused(path):   # a folder: its delivery files listed and the fix (survey43)
            return EXIT_INPUT
        # a pipe named as a delivery (交付.csv) read as one: refused for what it is (read_delivery), not said to be
        # "not found" beside a file list that shows it (hostile43)
        if path.exists() and (path.is_file() or path.suffix.lower() in _FILE_SUFFIXES):
            if not instrument_name:
                _err("估计交付文件需要 --instrument / --instrument is needed to estimate from a file")
                return EXIT_USAGE
            ins = _instrument(instrument_name)
            if isinstance(ins, int):
                return ins
            try:
                chk = parse_delivery(path, ins, year=year, windows=_windows(None, args.data))
            except DeliveryError as e:
                _err(f"无法读取 cannot read {path}: {e}")
                return EXIT_INPUT
            if not chk.file_ok:
                tell("文件有文件级错误，请先运行 survey check / the file has file-level errors: run survey check first")
                return EXIT_INPUT
            if chk.rejected_rows:
                tell(f"注意：{len(chk.rejected_rows)} 行有错误，未计入（survey check 列出原因）/ note: "
                     f"{len(chk.rejected_rows)} rows with errors left out (survey check lists why)")
            refused = chk.refused_answers
            if len(refused):   # answers off the scale (99, 6 on 1-5): missing in these figures, said as import says
                n_resp = len(refused[[c for c in ("sheet", "row") if c in refused.columns]].drop_duplicates())
                tell(f"注意：{len(refused)} 个答案不在量表上（涉及 {n_resp} 位受访者），按缺失处理、未计入（survey check "
                     f"列出行、列与值）/ note: {len(refused)} answers off the scale (of {n_resp} respondents) are taken "
                     "as missing, not counted (survey check lists their rows, columns and values)")
            from ..survey.delivery import rows_as_shown   # a sheet a month: each row named by its sheet and row
            return rows_as_shown(_with_delivery_columns(chk, wanted, numbers=[args.fpc] if args.fpc else []),
                                 chk.delivery), ins
        try:
            data = load_responses(source, store_dir=store)
        except KeyError as e:
            if Path(source).suffix.lower() in _FILE_SUFFIXES or "/" in source or "\\" in source:
                # a file's name (a typo, the wrong folder), not a survey id: said as a file not found
                shown = shown_paths(str(path))
                _err(f"找不到文件 {shown}（它也不是数据仓中的调查编号）；请核对文件名与所在文件夹，或用 windoweval survey list "
                     f"列出数据仓中的调查编号 / file not found: {shown} (nor is it a survey id of the store); check the "
                     "file's name and folder, or list the store's survey ids with windoweval survey list")
            else:
                _err(str(e.args[0]))
            return EXIT_INPUT
        ins = _instrument(instrument_name) if instrument_name else load_survey_instrument(source, store_dir=store)
        if isinstance(ins, int):
            return ins
        for note in getattr(ins, "notes", ()):   # a stored copy a newer rule would refuse: read as imported, said so
            tell("注意 / note: 数据仓中此调查的问卷副本按导入时的规则读取;以现行规则它不会被接受,重新导入交付时须先改正问卷文件"
                 " / the store's copy of this survey's instrument is read under the rules it was imported with; "
                 "today's rules would not accept it, so correct the instrument file before importing the delivery "
                 "again: " + note)
        return data, ins

    got = load(args.source, args.instrument)
    if isinstance(got, int):
        return got
    data, ins = got
    from_file = _resolve_file(args.source).is_file()
    by = [b.strip() for b in args.by.split(",")] if args.by else None
    measures = [m.strip() for m in args.measures.split(",")] if args.measures else None
    if by:
        missing = [b for b in by if b not in data.columns]
        if missing:
            _err(_no_by_column(missing, data, ins))
            return EXIT_USAGE
    if not 0 < args.level < 1:
        _err("--level 必须在 0 与 1 之间 / --level must lie between 0 and 1")
        return EXIT_USAGE
    trim = args.trim_upper is not None or args.trim_lower is not None
    if args.trim_strict and not trim:
        _err("--trim-strict 需要 --trim-upper 或 --trim-lower（没有界限就没有可截的权重）/ --trim-strict needs "
             "--trim-upper or --trim-lower (without a bound no weight is trimmed)")
        return EXIT_USAGE
    design_opts = args.fpc or args.poststratify or args.deff or args.rake or args.calibrate or trim
    if args.weighting and not design_opts:
        _err("--weighting 写出权重的调整步骤，需与 --poststratify、--rake、--calibrate、--trim-upper 或 --trim-lower（或 "
             "--fpc、--deff）同用；不用这些选项时权重就是交付的 weight 列，未作调整 / --weighting writes how the weights "
             "were adjusted and goes with --poststratify, --rake, --calibrate, --trim-upper or --trim-lower (or --fpc, "
             "--deff); without them the weights are the delivery's weight column as it is")
        return EXIT_USAGE
    if args.weighting:
        bad = _weighting_target_problem(args)
        if bad:
            _err(bad)
            return EXIT_USAGE
    if design_opts:
        other = [o for o, on in (("--alpha", args.alpha), ("--drivers", args.drivers), ("--margins", args.margins),
                                 ("--previous", args.previous)) if on]
        if other:   # each would be computed on the basic design, the design options dropped in silence
            given = [o for o, on in (("--fpc", args.fpc), ("--poststratify", args.poststratify), ("--deff", args.deff),
                                     ("--rake", args.rake), ("--calibrate", args.calibrate),
                                     ("--trim-upper", args.trim_upper is not None),
                                     ("--trim-lower", args.trim_lower is not None)) if on]
            _err(f"{'、'.join(other)} 不能与设计选项 {'、'.join(given)} 同时使用（它们按基本设计计算，设计选项会被忽略）："
                 f"请分开运行 / {', '.join(other)} cannot be combined with the design options {', '.join(given)} "
                 "(they are computed on the basic design and the design options would be ignored): run them separately")
            return EXIT_USAGE
    if not (args.poststratify or args.rake or args.calibrate or trim or args.alpha) and from_file:
        # what the estimate assumes of a firm's weights: said once per delivery, by its import and kept in its record;
        # a file estimated without an import has only this run to say it in
        from ..survey.store import weights_note

        note = weights_note(data)
        if note:
            _err(note)
    elif not (args.poststratify or args.rake or args.calibrate or trim or args.alpha) and not _said_at_import(args):
        # a delivery imported before its record kept the note (session 42): its import never said it, so this does
        from ..survey.store import weights_note

        note = weights_note(data)
        if note:
            _err(note)
    from ..survey.estimate import one_psu_groups

    one_psu = one_psu_groups(data, by) if not args.alpha else []
    if one_psu:
        what_zh, what_en = ("窗口", "windows") if by == ["window_id"] else ("组", "groups")
        shown = "、".join(one_psu[:10]) + (f" 等 {len(one_psu)} 个" if len(one_psu) > 10 else "")
        shown_en = ", ".join(one_psu[:10]) + (f" … ({len(one_psu)})" if len(one_psu) > 10 else "")
        _err(f"注意：{len(one_psu)} 个{what_zh}（{shown}）各自只有一个初级抽样单元（如整群为营业厅时，窗口即一个群）："
             "按设计其标准误为 0、满意率的区间无法估计（与 R 相同），这不是精确的估计，而是这一设计估计不了它内部的抽样误差；"
             f"需要各{what_zh}的区间时，请以{what_zh}内的单元（如窗口-日期）作初级抽样单元交付 / note: each of "
             f"{len(one_psu)} {what_en} is a single PSU ({shown_en}; with halls as clusters a window is one cluster): "
             "by the design its standard error is 0 and its rate's interval not estimable (as R gives them), which is "
             "no precise figure but a sampling error this design cannot estimate within it; for their intervals, "
             f"deliver PSUs within the {what_en} (window-days)")
    if args.lonely_psu != "fail" and not args.alpha and {"stratum", "psu"} <= set(data.columns):
        # the rule chosen for a stratum of one PSU, said with the strata it applies to (before: the estimate was
        # silent on it, the chosen rule and the strata it changed nowhere in the output)
        n_psu = data.groupby(data["stratum"].astype(str), sort=True)["psu"].nunique()
        lone = n_psu.index[n_psu < 2].tolist()
        if lone:
            shown = "、".join(lone[:10]) + (f" 等 {len(lone)} 个" if len(lone) > 10 else "")
            shown_en = ", ".join(lone[:10]) + (f" … ({len(lone)})" if len(lone) > 10 else "")
            _err(f"注意：抽样层 {shown} 只有一个初级抽样单元，其方差按 --lonely-psu {args.lonely_psu} 估计（R 的 "
                 f"options(survey.lonely.psu = \"{args.lonely_psu}\")），这些层的受访者照常计入 / note: stratum "
                 f"{shown_en} has a single PSU; its variance is estimated by --lonely-psu {args.lonely_psu} (R's "
                 f"options(survey.lonely.psu = \"{args.lonely_psu}\")), its respondents counted as any")
    weighting = None
    if args.stat == "nps":
        # the design options (--fpc, --poststratify, --rake, --calibrate, trimming) make the design the score is
        # estimated on, as for the index and the rate; these are other statistics or not computed for the score
        other = [o for o, on in (("--alpha", args.alpha), ("--drivers", args.drivers), ("--margins", args.margins))
                 if on]
        if other:   # each would be dropped in silence
            _err(f"--stat nps 不能与 {'、'.join(other)} 同时使用（它们是另一种统计量）；请分开运行 / --stat nps cannot be "
                 f"combined with {', '.join(other)} (they are other statistics); run them separately")
            return EXIT_USAGE
        if args.deff:
            _err("--stat nps 不给设计效应：净推荐值是两个比例之差（R 的 svycontrast），R 也不给它的设计效应；请去掉 --deff，"
                 "或用 --stat rate --deff 得到各题满意率的设计效应 / --stat nps gives no design effect: the score is a "
                 "difference of two shares (R's svycontrast), for which R gives none either; drop --deff, or run "
                 "--stat rate --deff for the items' rates")
            return EXIT_USAGE
        got = _nps_columns(ins, measures)
        if isinstance(got, str):
            _err(got)
            return EXIT_USAGE
        try:
            table, weighting = _nps_estimate(data, ins, got, by, args)
        except (ValueError, InputError) as e:
            _err(str(e))
            return EXIT_INPUT
        if args.previous:
            # the change from last year's score, as --previous gives the index's and the rate's: each year on its
            # own design (the design options are refused with --previous above), the years independent samples
            # (R's svycontrast of svyby(~pro + det, ~year) with the years in strata of their own; test_survey45)
            prev = load(args.previous, args.instrument or ins.path, year=None, previous=True)
            if isinstance(prev, int):
                return prev
            missing = [c for c in got if c not in prev[0].columns or c not in prev[1].coded_columns]
            if missing:
                _err(f"上年数据（--previous {args.previous}）没有 0–10 分题 {'、'.join(missing)}，无法比较两年的净推荐值；"
                     "请给出含该题的上年交付或调查编号，或用 --measures 只比较两年都有的题 / last year's data "
                     f"(--previous {args.previous}) has no 0-10 question {', '.join(missing)}, so the two years' net "
                     "promoter scores cannot be compared; give last year's delivery or survey id with that question, "
                     "or compare with --measures only the questions both years have")
                return EXIT_INPUT
            try:
                prev_table, _ = _nps_estimate(prev[0], prev[1], got, by, args)
            except (ValueError, InputError) as e:
                _err(f"上年数据 previous year's data: {e}")
                return EXIT_INPUT
            from ..survey.analysis import year_on_year

            table = year_on_year(prev_table, table, by=by or None, alpha=1 - args.level)
    try:
        if args.stat == "nps":
            pass
        elif args.alpha:
            from ..survey.analysis import cronbach_alpha

            table = cronbach_alpha(data, ins)
        elif args.drivers:
            from ..survey.analysis import drivers

            table = drivers(data, ins, exclude_flagged=args.exclude_flagged)
        elif args.margins:
            from ..survey.fieldwork import window_margins

            plan = args.plan
            if plan is not None:
                plan = float(plan) if plan.replace(".", "").isdigit() else pd.read_csv(plan, dtype={"window_id": str})
            contacts = pd.read_csv(args.contacts, dtype={"window_id": str}) if args.contacts else None
            table = window_margins(data, ins, by=(by or ["window_id"])[0], stat=args.stat, plan=plan,
                                   contacts=contacts, level=args.level, lonely_psu=args.lonely_psu,
                                   measure=(measures or [None])[0])
        elif design_opts:
            table, weighting = _design_estimate(data, ins, args, by, measures)
        else:
            kw = dict(measures=measures, lonely_psu=args.lonely_psu, exclude_flagged=args.exclude_flagged,
                      level=args.level)

            def fn(d, b):
                if args.stat == "rate":
                    return satisfaction_rate(d, ins, by=b, method=args.method, **kw)
                return satisfaction_index(d, ins, by=b, **kw)

            table = fn(data, None)
            if by:
                for b in reversed(by):
                    table.insert(0, b, "全部 all")
                table = pd.concat([table, fn(data, by)], ignore_index=True)
            if args.previous:
                got = load(args.previous, args.instrument or ins.path, year=None, previous=True)
                if isinstance(got, int):
                    return got
                from ..survey.analysis import year_on_year

                prev = fn(got[0], None)
                if by:
                    for b in reversed(by):
                        prev.insert(0, b, "全部 all")
                    prev = pd.concat([prev, fn(got[0], by)], ignore_index=True)
                table = year_on_year(prev, table, by=by or None, alpha=1 - args.level)
    except LonelyPSUError as e:
        # the rule as this command spells it (the error names the API's lonely_psu=), and where the report takes it
        _err(f"{e}\n命令行上的写法：--lonely-psu certainty、remove、adjust 或 average；年度报告：在 windoweval.toml 中写 "
             "lonely_psu = \"adjust\"（或其他规则）/ on this command line: --lonely-psu certainty, remove, adjust or "
             "average; for the year's report: lonely_psu = \"adjust\" (or another rule) in windoweval.toml")
        return EXIT_INPUT
    except (ValueError, InputError) as e:
        _err(str(e))
        return EXIT_INPUT
    if args.format == "table":
        table = table.copy()
        num = table.select_dtypes("number").columns
        if args.stat == "rate" and not (args.alpha or args.drivers or args.previous or args.margins):
            for c in ("rate", "se", "ci_low", "ci_high"):
                if c in table:
                    table[c] = table[c] * 100
            _out("满意率以百分比表示 / rates in per cent")
        if args.stat == "nps" and args.previous:    # the year-on-year table: no promoter or detractor columns
            _out("净推荐值以分表示（−100 至 100）：上年与今年的估计值及标准误、两年之差（今年减上年）及其标准误、z 与 p 值（两年为"
                 "独立样本，同 R 的 svycontrast）/ net promoter scores in points (-100 to 100): last year's and this "
                 "year's estimate and SE, the change (this year minus last) and its SE, z and p-value (the years "
                 "independent samples, as R's svycontrast)")
        elif args.stat == "nps":
            _out("净推荐值以分表示（−100 至 100，区间为正态区间，同 R 的 svycontrast），推荐者与贬损者为比例（0–1）/ the net "
                 "promoter score in points (-100 to 100, a normal interval as R's svycontrast), promoters and "
                 "detractors as shares (0-1)")
        table[num.difference(["n", "df"])] = table[num.difference(["n", "df"])].round(4)
    point = next((c for c in ("rate", "estimate") if c in table.columns), None)
    unanswered = (table["n"].eq(0) & table[point].isna()) if point and "n" in table.columns else pd.Series(False)
    if args.format == "table" and unanswered.any():   # a group nobody answered: its row, the estimate in words
        table[point] = table[point].astype(object).mask(unanswered, "无回答 no answers")
    if args.weighting and weighting is not None:
        try:    # before the estimates are printed: a file that cannot be written stops the run, nothing half done
            _write_weighting(weighting, args.weighting)
        except OSError as e:
            _err(f"--weighting {shown_paths(args.weighting)}：无法写入（{e.strerror or e}）；请给出可写的文件路径 / "
                 f"--weighting {shown_paths(args.weighting)}: cannot be written ({e.strerror or e}); give a file path "
                 "that can be written")
            return EXIT_INPUT
    _emit(table, args.format)
    if args.format == "table" and weighting is not None and len(weighting) > 4:
        # the weights adjusted: how, after the estimates, for the reader of the table
        _out("\n权重的调整 / how the weights were made:")
        _emit(weighting.assign(**{c: weighting[c].round(6) for c in ("target", "before", "after")}), "table")
    if args.format == "table" and unanswered.any():
        _out(f"注意：{int(unanswered.sum())} 行无人作答（n = 0），没有估计值（R 的 svyby 在此给出 0 与标准误 0，并非估计）/ "
             f"note: nobody answered in {int(unanswered.sum())} row(s) (n = 0), so there is no estimate (R's svyby "
             "gives 0 with SE 0 there, which is no estimate)")
    if args.format == "table" and {"deff", "deff_replace"} <= set(table.columns):
        # R's svymean(deff = TRUE) is NA where the weights sum to less than the respondents: said, not a bare NaN
        small = pd.to_numeric(table["deff"], errors="coerce").isna() & \
            pd.to_numeric(table["deff_replace"], errors="coerce").notna()
        if small.any():
            _out(f"注意：{int(small.sum())} 行的设计效应 deff（对不放回简单随机抽样）无法计算：这些行的权重之和小于受访人数，"
                 "总体不能小于样本（权重看来是按比例缩放的，而非各受访者代表的总体人数），与 R 的 svymean(deff = TRUE) "
                 "相同为 NaN；deff_replace 不需要总体规模，照常给出 / note: in "
                 f"{int(small.sum())} row(s) the design effect deff (against sampling without replacement) cannot be "
                 "computed: the weights sum to less than the respondents, and a population cannot be smaller than its "
                 "sample (the weights look scaled, not the number of people each respondent stands for); NaN, as R's "
                 "svymean(deff = TRUE) gives it; deff_replace needs no population size and is given")
    if args.format == "table" and {"rate", "ci_low", "se"} <= set(table.columns):
        # a rate of 0 or 1 (every respondent alike): R's svyciprop gives no interval (NaN), said in words
        flat = table["rate"].notna() & table["ci_low"].isna() & table["se"].eq(0) & ~unanswered
        if one_psu and len(by or []) == 1 and by[0] in table.columns:   # their SE 0 is the design's, said above
            flat &= ~table[by[0]].astype(str).isin(one_psu)
        if flat.any():
            _out(f"注意：{int(flat.sum())} 行的满意率为 0 或 100%（受访者答案全部相同），置信区间无法估计（方差为 0），"
                 "与 R 的 svyciprop 相同，显示为 NaN / note: in "
                 f"{int(flat.sum())} row(s) the rate is 0 or 100% (every respondent answered alike), so the interval "
                 "is not estimable (variance 0), as R's svyciprop gives it; shown as NaN")
    return EXIT_OK


def _population_csv(path: str, flag: str) -> pd.DataFrame:
    """A population file given on the command line (``--poststratify``, ``--rake``, ``--calibrate``) read as text:
    a file that is missing, unreadable, not UTF-8 or not a CSV is refused (``ValueError``, exit 3) naming the option,
    the file and the fix, in Chinese then English, not a traceback (review rev18).  Its encoding is found as a
    records export's is (UTF-8, GB18030 as Excel saves a CSV in Chinese Windows, UTF-16; :func:`records.io.decode`)."""
    import io

    from ..records.io import decode

    try:
        text = decode(Path(path).read_bytes(), path)
        got = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        # a row of empty cells only (",,", a blank row Excel saved) is left out, as a records export's is; the
        # others keep their row numbers for the messages
        return got[got.apply(lambda c: c.str.strip().ne("")).any(axis=1)] if len(got.columns) else got
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        why_zh, why_en = (("找不到或无法读取该文件", "the file is missing or cannot be read") if isinstance(e, OSError)
                          else ("不是可读的 CSV（空文件或列数不齐）", "it is not a readable CSV (empty, or ragged rows)"))
        raise ValueError(f"{flag} {path}：{why_zh}；请给出存在的 CSV 文件（第一行为列名）/ {flag} {path}: {why_en}; "
                         "give an existing CSV file (column names in the first row)") from None


def _population_numbers(col: pd.Series, path: str, flag: str, *, count: bool = True) -> pd.Series:
    """The numbers of a population file's column (``Freq``, ``total``), as floats: thousands separators read
    (``1,200``); a blank, a word or (for a count) a negative number refused (``ValueError``, exit 3) naming the option,
    the file, the rows (as the spreadsheet numbers them), the values and the fix, in Chinese then English; pandas had
    said only "Unable to parse string 'abc' at position 0" (review rev18).

    Examples
    --------
    >>> _population_numbers(pd.Series(["1,200", " 300 ", "2.5"]), "p.csv", "--poststratify").tolist()
    [1200.0, 300.0, 2.5]
    >>> try:
    ...     _population_numbers(pd.Series(["100", "abc", ""], name="Freq"), "p.csv", "--poststratify")
    ... except ValueError as e:
    ...     print(str(e).split(" / ")[1][:70])
    --poststratify p.csv: column Freq, row 3 'abc', row 4 '' is not a numb
    """
    import numpy as np

    text = col.astype("string").str.strip()
    plain = text.str.replace(r"^([+-]?\d{1,3}(?:,\d{3})+)(\.\d*)?$", lambda m: m.group(1).replace(",", "")
                             + (m.group(2) or ""), regex=True)
    num = pd.to_numeric(plain, errors="coerce").astype(float)
    bad = num.isna() | (num < 0 if count else False) | num.abs().eq(float("inf"))
    if bad.any():
        at = bad.to_numpy().nonzero()[0]
        line = np.asarray(col.index)[at] + 2   # the file's row (its header row 1), blank rows left out or not
        shown = ", ".join(f"row {r} {text.iloc[i]!r}" for i, r in zip(at[:5], line)) + (
            f" … ({len(at)})" if len(at) > 5 else "")
        shown_zh = "，".join(f"第 {r} 行 {text.iloc[i]!r}" for i, r in zip(at[:5], line)) + (
            f" …（共 {len(at)} 行）" if len(at) > 5 else "")
        what_zh, what_en = ("不是非负数", "is not a number of 0 or more") if count else ("不是数", "is not a number")
        raise ValueError(f"{flag} {path}：{col.name} 列 {shown_zh} {what_zh}；请填写总体数（如 1200），不要留空或写文字 / "
                         f"{flag} {path}: column {col.name}, {shown} {what_en}; write the population figure (such as "
                         "1200), never a blank or a word")
    return num


def _poststratum_keys(pop: pd.DataFrame, variables, path: str) -> list:
    """The post-stratum columns of a ``--poststratify`` file: every column but ``Freq``, each of which must be a
    variable of the delivery, as R's ``postStratify`` requires of ``population`` (all its columns but ``Freq`` are
    the ``strata`` variables, else "stratifying variables don't match").  A label, a note or a second name column
    (窗口名称, 备注) is refused (``ValueError``, exit 3) naming it, the delivery's columns it could be and the fix,
    never taken as a key (which would cross the post-strata with the labels) nor left out unsaid; a totals row
    (合计, 总计, Total) is refused naming its row, never read as a post-stratum.  (left19 #5)

    Examples
    --------
    >>> pop = pd.DataFrame({"window_id": ["PW01", "PW02"], "Freq": ["10", "20"]})
    >>> _poststratum_keys(pop, ["window_id", "weight"], "p.csv")
    ['window_id']
    >>> try:
    ...     _poststratum_keys(pop.assign(窗口名称=["城东", "城西"]), ["window_id", "weight"], "p.csv")
    ... except ValueError as e:
    ...     print(str(e).split(" / ")[1][:64])
    --poststratify p.csv: column '窗口名称' is not a column of the deliv
    """
    from ..survey.delivery import _TOTALS

    if "Freq" not in pop.columns:
        raise ValueError(f"--poststratify {path}：没有 Freq 列；文件需要事后分层列和 Freq 列（如 window_id,Freq）/ "
                         f"--poststratify {path}: no Freq column; the file needs the post-stratum column(s) and Freq "
                         "(e.g. window_id,Freq)")
    key = [c for c in pop.columns if c != "Freq"]
    if not key:
        raise ValueError(f"--poststratify {path}：只有 Freq 列；请在 Freq 前加上事后分层列（如 window_id,Freq）/ "
                         f"--poststratify {path}: Freq alone; put the post-stratum column(s) before it "
                         "(e.g. window_id,Freq)")
    have = [str(v) for v in variables if str(v) not in ("row", "line")]
    other = [c for c in key if c not in have]
    if other:
        shown = "、".join(f"'{c}'" for c in other)
        shown_en = ", ".join(f"'{c}'" for c in other)
        raise ValueError(
            f"--poststratify {path}：列 {shown} 不是交付中的列，不能作为事后分层变量（Freq 以外的每一列都是分层变量，"
            f"与 R 的 postStratify 相同）；请删去这一列（说明、名称、备注另存），或把列名改为交付中的列名（如 "
            f"{'、'.join(have[:6])}） / --poststratify {path}: column{'s' if len(other) > 1 else ''} {shown_en} "
            f"{'are' if len(other) > 1 else 'is'} not a column of the delivery, so cannot be a post-stratum variable "
            f"(every column but Freq is one, as in R's postStratify); delete it (keep labels and notes elsewhere), or "
            f"name it as the delivery's column (such as {', '.join(have[:6])})")
    text = pop[key].astype(str).apply(lambda c: c.str.strip().str.fullmatch(_TOTALS.pattern, case=False))
    hit = text.fillna(False).any(axis=1).to_numpy(dtype=bool)
    if hit.any():
        rows = [int(i) + 2 for i in pop.index[hit]]   # the file's rows (its header row 1)
        raise ValueError(
            f"--poststratify {path}：第 {'、'.join(map(str, rows))} 行是合计行，不是一个事后分层；请删去合计行 / "
            f"--poststratify {path}: row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))} "
            f"{'are totals rows' if len(rows) > 1 else 'is a totals row'}, not a post-stratum; delete it")
    return key


def _adjusted_design(data, args):
    """The delivery's design as the command's design options make it: ``(design, steps)``, the design with its fpc
    (``--fpc``), then post-stratified, raked, calibrated and trimmed as asked; ``steps`` as :func:`weighting_account`
    reads them.  Every statistic on a declared design (index, rate, net promoter score) is estimated on it."""
    from ..survey.design import DesignError, post_stratify, svydesign

    try:
        d = svydesign(data, ids="psu", strata="stratum", weights="weight", fpc=args.fpc, lonely_psu=args.lonely_psu)
    except DesignError as e:    # say which delivery (or stored survey) the design's columns are in
        from ..privacy import shown_paths

        path = _resolve_file(args.source)
        raise DesignError(f"{shown_paths(str(path)) if path.is_file() else args.source}：{e}") from None
    steps = []      # (kind, option, the design before, after, targets): the account --weighting writes
    if args.poststratify:
        pop = _population_csv(args.poststratify, "--poststratify")
        key = _poststratum_keys(pop, d.frame.columns, args.poststratify)
        pop["Freq"] = _population_numbers(pop["Freq"], args.poststratify, "--poststratify")
        from ..survey.design import DesignError

        try:
            before, d = d, post_stratify(d, key, pop)
        except DesignError as e:    # say which file holds the population, as --rake and --calibrate do
            raise DesignError(f"--poststratify {args.poststratify}：{e}") from None
        steps.append(("post", f"--poststratify {args.poststratify}", before, d, (key, pop)))
    if args.rake:
        from ..survey.design import RAKE_ADVICE, DesignError, rake

        m = _population_csv(args.rake, "--rake")
        if not {"variable", "level", "Freq"} <= set(m.columns):
            raise ValueError("--rake 文件需要 variable、level、Freq 三列 / the --rake file needs columns variable, level, Freq")
        m["Freq"] = _population_numbers(m["Freq"], args.rake, "--rake")
        margins = {v: dict(zip(g["level"], g["Freq"])) for v, g in m.groupby("variable", sort=False)}
        import warnings

        with warnings.catch_warnings(record=True) as caught:     # R warns when raking does not converge: shown, not lost
            warnings.simplefilter("always", RuntimeWarning)
            try:
                before, d = d, rake(d, margins, maxit=100, epsilon=1e-10)   # to convergence: R's control(maxit=100, epsilon=1e-10)
            except DesignError as e:    # say which file: the margins file (or the delivery's rows it cites)
                raise DesignError(f"--rake {args.rake}：{e}") from None
        steps.append(("rake", f"--rake {args.rake}", before, d, margins))
        for wn in caught:   # on stderr: stdout holds the table alone, parseable as --format json / csv
            msg = str(wn.message)
            # the command line has no maxit: its rake already runs 100 sweeps, so say what a user can do there
            msg = msg.replace(RAKE_ADVICE[0], "请核对各边际的总数与取值（边际的交叉分类过于稀疏时收敛很慢）").replace(
                RAKE_ADVICE[1], "check the margins' totals and levels (a sparse cross-classification of the margins "
                "converges slowly)")
            _err(f"警告 warning: {msg}")
    if args.calibrate:
        from ..survey.design import DesignError, calibrate

        c = _population_csv(args.calibrate, "--calibrate")
        if not {"term", "total"} <= set(c.columns):
            raise ValueError("--calibrate 文件需要 term、total 两列（term 为 (Intercept) 或列名）/ the --calibrate file "
                             "needs columns term, total (term: (Intercept) or a column name)")
        totals = dict(zip(c["term"], _population_numbers(c["total"], args.calibrate, "--calibrate", count=False)))
        cols = [t for t in totals if t != "(Intercept)" and t in d.frame.columns]
        try:
            before, d = d, calibrate(d, cols, totals, intercept="(Intercept)" in totals)
        except DesignError as e:        # say which file holds the totals
            raise DesignError(f"--calibrate {args.calibrate}：{e}") from None
        steps.append(("greg", f"--calibrate {args.calibrate}", before, d, (cols, totals)))
        neg = d.weights < 0
        if neg.any():   # R's linear calibration allows them, and so do its means: a rate can leave 0-100 %; said
            _err(f"警告 warning: 校准后 {int(neg.sum())} 行为负权重（最小 {d.weights.min():.6g}）：线性校准（R 的 calibrate("
                 "calfun = \"linear\")）允许负权重，均值与满意率因此可能越出量表范围（如满意率低于 0 或高于 100%），logit "
                 "区间无法计算。请核对 --calibrate 的总量（与样本的加权总量相差过大时常见），或改用 --rake（权重保持为正）/ "
                 f"{int(neg.sum())} rows have negative weights after calibration (the least {d.weights.min():.6g}): linear "
                 "calibration (R's calibrate(calfun = \"linear\")) allows them, so a mean or a satisfaction rate can leave "
                 "its scale (a rate below 0 or above 100 %), and no logit interval can be computed. Check the --calibrate "
                 "totals (common when they are far from the sample's weighted totals), or use --rake (weights stay "
                 "positive)")
    if args.trim_upper is not None or args.trim_lower is not None:
        # R's trimWeights(design, upper, lower, strict) of the design as adjusted above (R's order: trim the
        # calibrated weights); a replicate design is never built here
        from ..survey.design import DesignError, trim_weights

        bounds = " ".join(f"{o} {v:g}" for o, v in (("--trim-upper", args.trim_upper), ("--trim-lower", args.trim_lower))
                          if v is not None)
        try:
            t = trim_weights(d, upper=float("inf") if args.trim_upper is None else args.trim_upper,
                             lower=float("-inf") if args.trim_lower is None else args.trim_lower,
                             strict=args.trim_strict)
        except DesignError as e:        # say which options gave the bounds
            raise DesignError(f"{bounds}：{e}") from None
        _err(_trim_note(t, d, bounds + (" --trim-strict" if args.trim_strict else "")))
        # the bounds as given: trim_weights returns the design untouched (no record) when no weight is outside them
        steps.append(("trim", bounds + (" --trim-strict" if args.trim_strict else ""), d, t,
                      (args.trim_upper, args.trim_lower)))
        d = t
    return d, steps


def _design_estimate(data, ins, args, by, measures):
    """Index or rate on a declared design: fpc, post-stratification to window visit counts, design effects."""
    from ..survey.design import svyciprop, svymean
    from ..survey.estimate import _exclusions, default_index_measures, satisfied_indicators, score_responses

    d, steps = _adjusted_design(data, args)
    if args.stat == "rate":
        values = satisfied_indicators(d.frame, ins, measures)
    else:
        sc = score_responses(d.frame, ins)
        values = sc[list(measures or default_index_measures(ins))]
    values = values.reset_index(drop=True)
    values.loc[_exclusions(d.frame, ins, args.exclude_flagged)] = float("nan")   # flagged respondents: outside the domain

    def est(b):
        if args.stat == "rate":   # R's svyciprop: an interval inside 0-1 by --method, as without design options
            t = svyciprop(d, values, by=b, method=args.method, level=args.level)
            if args.deff:
                dd = svymean(d, values, by=b, level=args.level, deff=True)
                t["deff"], t["deff_replace"] = dd["deff"].to_numpy(), dd["deff_replace"].to_numpy()
            return t.assign(method=args.method)
        return svymean(d, values, by=b, level=args.level, deff=args.deff)

    parts = [est(None)]
    if by:
        for b in reversed(by):
            parts[0].insert(0, b, "全部 all")
        parts.append(est(by))
    t = pd.concat(parts, ignore_index=True)
    t = t.rename(columns={"variable": "measure", "mean": "rate" if args.stat == "rate" else "estimate"})
    return t, weighting_account(steps, d)


_STEP_NAMES = {"design": "抽样权重 design weights", "post": "事后分层 post-stratification", "rake": "多边际加权 raking",
               "greg": "校准 calibration", "trim": "截尾 trimming"}


def weighting_account(steps, design) -> pd.DataFrame:
    """How ``survey estimate`` made the weights, for the reader of the delivered estimates (``--weighting``): one block
    per step in the order run -- the delivery's design weights, then post-stratification, raking, calibration and
    trimming as asked -- each with the weights' sum, smallest and largest before and after and the rows whose weight
    it changed; a post-stratum, a raking margin's level or a calibration term with its population figure (``target``)
    and the weighted total before and after the step; a trim with its bounds, the rows set to a bound, the weight
    shared and the rounds.  Every figure from the weights the estimates used.

    ``steps``: ``(kind, option, before, after, targets)`` as :func:`_design_estimate` records them; ``design``: the
    design the estimates were made on (its design weights are the first block when no step ran).

    Examples
    --------
    >>> from windoweval.survey.design import post_stratify, svydesign
    >>> d = svydesign(pd.DataFrame({"g": ["a", "a", "b"], "w": [1.0, 1, 2]}), ids=None, strata=None, weights="w")
    >>> pop = pd.DataFrame({"g": ["a", "b"], "Freq": [4.0, 2.0]})
    >>> a = weighting_account([("post", "--poststratify p.csv", d, post_stratify(d, ["g"], pop), (["g"], pop))], d)
    >>> a[a["variable"] == "g"][["level", "target", "before", "after"]].to_dict("records")
    [{'level': 'a', 'target': 4.0, 'before': 2.0, 'after': 4.0}, {'level': 'b', 'target': 2.0, 'before': 2.0, 'after': 2.0}]
    >>> a[a["level"] == "权重改变的行 rows changed"]["after"].tolist()
    [0.0, 2.0]
    """
    import numpy as np

    from ..privacy import shown_paths
    from ..survey.design import _model_matrix

    def weights_rows(step, source, w0, w1):
        w1 = np.asarray(w1, dtype=float)
        w0 = None if w0 is None else np.asarray(w0, dtype=float)
        changed = float(np.count_nonzero(w0 != w1)) if w0 is not None else 0.0
        rows = [("合计 sum", np.sum), ("最小 min", np.min), ("最大 max", np.max)]
        out = [(step, source, "权重 weights", name, np.nan, np.nan if w0 is None else float(f(w0)), float(f(w1)))
               for name, f in rows]
        return out + [(step, source, "权重 weights", "权重改变的行 rows changed", np.nan, np.nan, changed)]

    def totals_by(frame, col, w):
        return pd.Series(np.asarray(w, dtype=float)).groupby(frame[col].astype(str).str.strip().to_numpy()).sum()

    first = steps[0][2] if steps else design
    out = weights_rows(_STEP_NAMES["design"], "weight", None, first.weights)
    for kind, option, before, after, targets in steps:
        step, source = _STEP_NAMES[kind], shown_paths(option)
        if source.startswith("-"):      # "--rake r.csv" would reach Excel as a formula and be shown as '--rake
            source = f"命令行 command line: {source}"
        out += weights_rows(step, source, before.weights, after.weights)
        if kind == "post":
            key, pop = targets
            lab = pop[key].astype(str).apply(lambda c: c.str.strip()).agg(" × ".join, axis=1)
            fk = before.frame[key].astype(str).apply(lambda c: c.str.strip()).agg(" × ".join, axis=1).to_numpy()
            b = pd.Series(np.asarray(before.weights, float)).groupby(fk).sum()
            a = pd.Series(np.asarray(after.weights, float)).groupby(fk).sum()
            out += [(step, source, " × ".join(key), lv, float(f), float(b.get(lv, 0.0)), float(a.get(lv, 0.0)))
                    for lv, f in zip(lab, pop["Freq"])]
        elif kind == "rake":
            for var, levels in targets.items():
                b, a = totals_by(before.frame, var, before.weights), totals_by(after.frame, var, after.weights)
                out += [(step, source, var, str(lv).strip(), float(f), float(b.get(str(lv).strip(), 0.0)),
                         float(a.get(str(lv).strip(), 0.0))) for lv, f in levels.items()]
        elif kind == "greg":
            cols, totals = targets
            mm = _model_matrix(before.frame, cols, "(Intercept)" in totals)
            A = mm.to_numpy(dtype=float)
            b, a = A.T @ np.asarray(before.weights, float), A.T @ np.asarray(after.weights, float)
            out += [(step, source, term, "总量 total", float(totals.get(term, np.nan)), float(x0), float(x1))
                    for term, x0, x1 in zip(mm.columns, b, a)]
        elif kind == "trim":
            # the bounds as given (``targets``: upper, lower; None where not given); trim_weights records a trim only
            # when some weight was outside them, else nothing was set to a bound, shared or run
            upper, lower = targets if targets is not None else (None, None)
            last = after.calibration[-1] if after.calibration and after is not before else None
            t = last[1] if last is not None and last[0] == "trim" else {"rows": 0, "shared": 0.0, "rounds": 0}
            bound = [("上限 upper", upper), ("下限 lower", lower)]
            out += [(step, source, "界限 bound", lv, float(v), np.nan, np.nan) for lv, v in bound
                    if v is not None and np.isfinite(v)]
            out += [(step, source, "截尾 trim", "设为界限的行 rows set to a bound", np.nan, np.nan, float(t["rows"])),
                    (step, source, "截尾 trim", "分给其余行的权重 weight shared", np.nan, np.nan, float(t["shared"])),
                    (step, source, "截尾 trim", "轮数 rounds", np.nan, np.nan, float(t["rounds"]))]
    return pd.DataFrame(out, columns=["step", "source", "variable", "level", "target", "before", "after"])


def _weighting_target_problem(args) -> str | None:
    """Why ``--weighting PATH`` cannot be written, or None: its name must say the format (``.json`` or ``.csv``: an
    ``.xlsx`` name holding a CSV would mislead the firm's Excel), and it must not be one of the command's inputs (the
    delivery, a ``--poststratify`` / ``--rake`` / ``--calibrate`` table): raw data is never overwritten.

    Examples
    --------
    >>> from argparse import Namespace
    >>> a = Namespace(weighting="w.xlsx", source="d.csv", poststratify=None, rake=None, calibrate=None)
    >>> print(_weighting_target_problem(a).split(" / ")[1][:59])
    --weighting w.xlsx: the name must end in .json or .csv (the
    >>> a = Namespace(weighting="./d.csv", source="d.csv", poststratify=None, rake=None, calibrate=None)
    >>> print(_weighting_target_problem(a).split(" / ")[1][:52])
    --weighting ./d.csv is an input of this command (the
    >>> _weighting_target_problem(Namespace(weighting="w.json", source="d.csv", poststratify=None, rake=None,
    ...                                     calibrate=None)) is None
    True
    """
    from ..privacy import shown_paths

    target = str(args.weighting)
    shown = shown_paths(target)
    if not target.lower().endswith((".json", ".csv")):
        return (f"--weighting {shown}：文件名须以 .json 或 .csv 结尾（写出的格式由文件名决定）；请改名，如 "
                f"weighting.csv / --weighting {shown}: the name must end in .json or .csv (the format written follows "
                "the name); rename it, e.g. weighting.csv")
    inputs = [getattr(args, k, None) for k in ("source", "file", "poststratify", "rake", "calibrate")]
    here = os.path.realpath(target)
    for given in inputs:
        if given and os.path.realpath(str(given)) == here:
            return (f"--weighting {shown} 是本命令的输入文件（交付或总体表），不能被覆盖；请给出另一个文件名 / "
                    f"--weighting {shown} is an input of this command (the delivery or a population table) and is "
                    "never overwritten; give another file name")
    return None


def _write_weighting(account: pd.DataFrame, path: str) -> None:
    """The weighting account written to ``path`` all at once (:func:`windoweval.atomic.write_text`: a crash leaves
    the file as it was): JSON records for a ``.json`` name, else a CSV with a byte-order mark (Excel reads it as
    UTF-8); personal values masked and no cell a formula, as :func:`_emit`'s tables."""
    from ..atomic import write_text

    table = people_frame(personal_values_masked(account))
    if str(path).lower().endswith(".json"):
        write_text(path, table.to_json(orient="records", force_ascii=False, indent=1, double_precision=15))
    else:
        write_text(path, "\ufeff" + table.to_csv(index=False))


def _trim_note(trimmed, before, bounds: str) -> str:
    """What ``--trim-upper`` / ``--trim-lower`` did to the weights, for stderr (stdout holds the table alone): the rows
    set to a bound and the weight shared, from the trim the design records
    (:func:`windoweval.survey.design.trim_weights`); or that no weight was outside the bounds, so nothing was trimmed
    -- never a trim asked for and silently idle.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.survey.design import svydesign, trim_weights
    >>> d = svydesign(pd.DataFrame({"w": [1.0, 2, 3, 10]}), ids=None, strata=None, weights="w")
    >>> _trim_note(trim_weights(d, upper=6), d, "--trim-upper 6").split(" / ")[-1]
    'weights trimmed (--trim-upper 6): 1 row set to a bound, a weight of 4 shared by the rows inside (1 round)'
    >>> _trim_note(d, d, "--trim-upper 60").split(" / ")[-1]
    'no weight lies outside the bounds (--trim-upper 60): the weights are as they were'
    """
    if trimmed is before or not trimmed.calibration or trimmed.calibration[-1][0] != "trim":
        return (f"注意 / note: 没有权重在截尾界限之外（{bounds}），权重未变 / no weight lies outside the bounds ({bounds}): "
                "the weights are as they were")
    t = trimmed.calibration[-1][1]
    n, k = t["rows"], t["rounds"]
    return (f"注意 / note: 权重已截尾（{bounds}）：{n} 行的权重设为界限，{t['shared']:.6g} 的权重分给界内其余受访者（{k} 轮） / "
            f"weights trimmed ({bounds}): {n} row{'s' if n != 1 else ''} set to a bound, a weight of {t['shared']:.6g} "
            f"shared by the rows inside ({k} round{'s' if k != 1 else ''})")


def _with_delivery_columns(chk, names, numbers=()):
    """The valid rows with the delivery's own columns among ``names`` (outside the template) joined by row; those
    among ``numbers`` (``--fpc``) with a thousands separator or a decimal comma read as the delivery's weights are
    (1,200 is 1200; :func:`windoweval.survey.delivery._num_grouped`), a percentage as the fraction it says (2.5% is
    0.025), any other text left for the design to refuse.

    按行号把交付文件中模板之外的列（如区县、各层总体数）并入有效行，供 ``--by`` 与 ``--fpc`` 使用。

    Parameters
    ----------
    chk : CheckedDelivery
    names : list of str
        Columns asked for (``--by``, ``--fpc``); those the valid rows already have, or that the
        delivery does not have, are left alone.
    numbers : list of str
        Columns among ``names`` that hold numbers (``--fpc``).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> from windoweval.survey.delivery import parse_delivery
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=3, seed=1).assign(npsu="400")
    >>> with demo.delivery_file(df) as p:
    ...     chk = parse_delivery(p, "power_hall", year=2025, screen=False)
    >>> "npsu" in chk.valid, _with_delivery_columns(chk, ["npsu", "window_id"])["npsu"].tolist()
    (False, ['400', '400', '400'])
    >>> df["npsu"] = ["1,200", "400", "两百"]
    >>> with demo.delivery_file(df) as p:
    ...     chk = parse_delivery(p, "power_hall", year=2025, screen=False)
    >>> _with_delivery_columns(chk, ["npsu"], numbers=["npsu"])["npsu"].tolist()
    ['1200.0', '400', '两百']
    >>> df["npsu"] = ["2.5%", "２．５％", "0.025"]
    >>> with demo.delivery_file(df) as p:
    ...     chk = parse_delivery(p, "power_hall", year=2025, screen=False)
    >>> _with_delivery_columns(chk, ["npsu"], numbers=["npsu"])["npsu"].tolist()
    ['0.025', '0.025', '0.025']
    """
    from ..survey.delivery import _norm_header, _num_grouped

    valid = chk.valid
    raw = chk.delivery.frame
    # a column as the file heads it (N, District): the frame holds it under its folded name (n, district)
    by_header = {str(h): k for k, h in chk.delivery.columns.items()}
    extra = {}
    for c in dict.fromkeys(names):
        k = c if c in raw.columns else by_header.get(c, _norm_header(c))
        if c not in valid.columns and k in raw.columns and k not in valid.columns:
            extra[k] = c
    if not extra:
        return valid
    got = raw[["row", *extra]].rename(columns=extra)
    # a --by column an SPSS or Stata file labels (1 = 城东区): its groups by their labels, as the package shows them
    # and as R's read.spss(use.value.labels = TRUE) or haven's as_factor() gives them, not by the bare codes
    # (survey40); a code without a label stays as written
    labels = getattr(chk.delivery, "value_labels", None) or {}
    for k, c in extra.items():
        if c not in numbers and labels.get(k):
            shown = got[c].astype(object).map(labels[k])
            got[c] = shown.where(shown.notna(), got[c].astype(object))
    for c in set(numbers) & set(got.columns):
        txt = got[c].astype("string")
        comma = txt.str.contains(",", regex=False).fillna(False)
        if comma.any():
            v = _num_grouped(got[c].astype(object).fillna(""))   # the whole column: its decimal marks decide
            read = (comma & v.notna()).to_numpy(dtype=bool)
            got[c] = got[c].astype(object).where(~read, v.map(repr))
        # a sampling fraction written as a percentage (2.5%, ２．５％): the fraction it says
        pct = got[c].astype("string").str.normalize("NFKC").str.strip().str.extract(r"^(\d+(?:\.\d+)?)\s*%$")[0]
        if pct.notna().any():
            got[c] = got[c].astype(object).where(pct.isna(), (pct.astype(float) / 100).map(repr))
    return valid.merge(got, on="row", how="left", validate="one_to_one")


def cmd_demo(args) -> int:
    """``survey demo``: write demo deliveries. 写出演示交付文件。

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     main(["survey", "demo", "--out", d, "--years", "2025", "--n-per-window", "5"])  # doctest: +ELLIPSIS
    问卷 instrument  年度 year ...  行数 rows
         power_hall       2025 ...         30
    hospital_window       2025 ...         20
    0
    """
    from ..demo.survey import write_demo

    if args.out:
        from ..safepath import out_dir
        out_dir(args.out, args.out)
    t = write_demo(args.out, years=tuple(args.years), n_per_window=args.n_per_window, seed=args.seed, fmt=args.fmt)
    _emit(t, "table")
    return EXIT_OK


def register(subparsers) -> None:
    """Add the ``survey`` command and its subcommands to an argparse subparsers object.

    向命令行注册 ``survey`` 命令及其子命令。

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        From ``parser.add_subparsers()``.

    Returns
    -------
    None

    Examples
    --------
    >>> import argparse
    >>> p = argparse.ArgumentParser(prog="windoweval")
    >>> register(p.add_subparsers(dest="command"))
    >>> p.parse_args(["survey", "import", "a.csv", "--instrument", "power_hall", "--year", "2025"]).replace
    False
    """
    sp = subparsers.add_parser(
        "survey", help="第三方满意度调查 / third-party satisfaction surveys",
        description="第三方满意度调查：模板、检查、导入、列出、删去、估计 / third-party satisfaction surveys: template, check, "
                    "import, list, remove, estimate",
    )
    sub = sp.add_subparsers(dest="survey_command", metavar="{template,check,import,list,remove,estimate,demo}")
    sub.required = True

    def _screening_opts(p):
        g = p.add_argument_group("随意作答筛查 careless-responding screens")
        g.add_argument("--min-screens", type=int, help="标记所需触发的筛查项数（默认 2）/ screens that must fire to flag (default 2)")
        g.add_argument("--speed-ratio", type=float, help="作答过快阈值：低于中位时长的比例（默认 0.4）/ speeder cut-off as a share of the median duration (default 0.4)")
        g.add_argument("--irv-max", type=float, help="个体内标准差阈值（默认 0.5）/ intra-individual SD cut-off (default 0.5)")
        g.add_argument("--longstring-min", type=int, help="直线作答的最长相同答案串（默认题数的 80%%）/ run length for straight-lining (default 80%% of items)")
        g.add_argument("--screens", help="要运行的筛查，逗号分隔 / screens to run, comma-separated: straightline,low_irv,speeder,identical")

    def _store_opts(p, data=True):
        p.add_argument("--store", help="数据仓目录（默认：--data 工作区内，否则 data/store）/ store directory "
                       "(default: in the --data workspace, else data/store)")
        if data:
            p.add_argument("--data", help="工作区：调查数据仓放在其中 / the workspace the survey store lives in")

    p = sub.add_parser("template", help="生成 XLSX 交付模板 / write the XLSX delivery template")
    p.add_argument("--instrument", help="问卷名或 YAML 路径；省略时列出可用问卷 / instrument id or YAML path; "
                   "without it, the instruments available are listed")
    p.add_argument("--instruments-dir", help="列出此目录下的问卷 / list the instruments of this folder")
    p.add_argument("--out", help="输出文件（默认 surveys/incoming/<问卷>_template.xlsx）/ output file")
    p.add_argument("--year", type=year, help="调查年度（限制日期）/ survey year (limits dates)")
    p.add_argument("--rows", type=int, default=2000, help="带验证的数据行数 / rows with validation (default 2000)")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("check", help="检查交付文件（不导入）/ check a delivery without importing it")
    p.add_argument("file", help="交付文件 CSV/XLSX/SAV / the delivery")
    p.add_argument("--instrument", required=True)
    p.add_argument("--year", type=year, help="调查年度（默认取多数日期所在年）/ survey year (default: the year of most dates)")
    p.add_argument("--windows", help="已知窗口编号，逗号分隔或文件 / known window ids, comma-separated or a file")
    p.add_argument("--data", help="工作区（记录所在目录，含 windoweval.toml）：窗口编号据此核对 / "
                   "the workspace (records folder with windoweval.toml): window ids are checked against it")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--limit", type=int, default=None, help="最多显示的问题条数 / show at most this many problems")
    p.add_argument("--no-screen", action="store_true", help="不做随意作答筛查 / skip the careless-responding screens")
    _screening_opts(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("import", help="导入数据仓 / import into the store")
    p.add_argument("file")
    p.add_argument("--instrument", required=True)
    p.add_argument("--year", type=year, required=True)
    p.add_argument("--survey", help="调查编号（默认 <问卷>_<年度>）/ survey id (default <instrument>_<year>)")
    p.add_argument("--replace", action="store_true", help="替换该调查已有的交付（原交付保留）/ replace the survey's delivery (the earlier one is kept)")
    p.add_argument("--replaces", metavar="SHA256",
                   help="本文件是改正交付，替换这一份现有交付（SHA-256 前 8 位以上，导入时显示）：访问日期全部改动的改正交付也被接受、"
                        "不当作另一轮访问（原交付保留）/ this file is a corrected delivery replacing this current one "
                        "(8 or more leading digits of its SHA-256, as the import showed them): accepted even when every "
                        "interview date moved, not taken for another wave (the earlier one is kept)")
    _store_opts(p, data=False)
    p.add_argument("--data", help="工作区（记录所在目录）：调查数据仓放在其中，窗口编号据此核对 / the workspace: the "
                   "survey store lives in it and window ids are checked against it")
    p.add_argument("--windows")
    _screening_opts(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", help="列出数据仓中的调查 / list the surveys in the store")
    _store_opts(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("remove", help="从数据仓删去一个调查编号及其交付 / remove a survey id and its deliveries from the store")
    p.add_argument("survey", help="调查编号 / survey id")
    _store_opts(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("estimate", help="满意度指数或满意率 / satisfaction index or rate")
    p.add_argument("source", help="交付文件或已导入的调查编号 / a delivery file or an imported survey id")
    p.add_argument("--instrument", help="问卷（交付文件时必填）/ instrument (needed for a file)")
    p.add_argument("--year", type=year)
    p.add_argument("--by", help="分组列，逗号分隔，如 window_id / columns to group by, e.g. window_id")
    p.add_argument("--measures", help="指标，逗号分隔（默认 overall、各维度、composite）/ measures, comma-separated")
    p.add_argument("--stat", choices=["index", "rate", "nps"], default="index",
                   help="指数、满意率或净推荐值（0–10 分推荐意愿题：9–10 分推荐者比例 − 0–6 分贬损者比例）/ index, rate or "
                        "net promoter score (a 0-10 recommendation question: promoters 9-10 less detractors 0-6)")
    p.add_argument("--method", choices=["beta", "logit"], default="beta", help="满意率区间 / rate interval")
    p.add_argument("--lonely-psu", choices=["fail", "certainty", "remove", "adjust", "average"], default="fail")
    p.add_argument("--exclude-flagged", action="store_true", help="剔除疑似随意作答者 / leave out flagged respondents")
    p.add_argument("--level", type=float, default=0.95, help="置信水平（默认 0.95）/ confidence level (default 0.95)")
    p.add_argument("--previous", help="上年交付文件或调查编号：给出同比变化与检验 / last year's delivery or survey id: "
                   "year-on-year change and its test")
    p.add_argument("--alpha", action="store_true", help="各维度的 Cronbach α / Cronbach's alpha of each dimension")
    p.add_argument("--drivers", action="store_true", help="驱动因素（有序 logit）/ key drivers (ordered logit)")
    p.add_argument("--deff", action="store_true", help="设计效应（R 的 deff=TRUE 与 deff=\"replace\"）/ design effects "
                   "(R's deff=TRUE and deff=\"replace\")")
    p.add_argument("--fpc", help="有限总体校正列：各层 PSU 总数或抽样比 / finite population correction column: PSUs "
                   "in the stratum's population, or the sampling fraction")
    p.add_argument("--poststratify", help="事后分层总体数 CSV（如 window_id,Freq：各窗口全年办件量）/ post-stratification "
                   "totals CSV (e.g. window_id,Freq: each window's visits in the year)")
    p.add_argument("--rake", help="raking 边际总体数 CSV（variable,level,Freq）/ raking margins CSV (variable,level,Freq)")
    p.add_argument("--calibrate", help="线性校准总体总量 CSV（term,total；term 为 (Intercept) 或数值列）/ linear "
                   "calibration totals CSV (term,total; term is (Intercept) or a numeric column)")
    p.add_argument("--trim-upper", type=float, help="权重截尾上限：高于它的权重截到它，截下的量分给其余受访者（R 的 "
                   "trimWeights，在 --poststratify、--rake、--calibrate 之后）/ trim weights above this bound to it, the "
                   "excess shared by the other respondents (R's trimWeights, after --poststratify, --rake, --calibrate)")
    p.add_argument("--trim-lower", type=float, help="权重截尾下限（权重为 0 的行保持为 0）/ raise weights below this bound "
                   "to it (a weight of 0 stays 0)")
    p.add_argument("--trim-strict", action="store_true", help="反复截尾直到没有权重越界（R 的 strict=TRUE）/ trim "
                   "again until no weight is outside the bounds (R's strict=TRUE)")
    p.add_argument("--weighting", help="把权重的调整步骤（事后分层、raking、校准、截尾各自的总体数、调整前后的加权总数与"
                   "权重范围）写到此文件（.json 或 .csv），随估计结果交付 / write how the weights were made (each "
                   "post-stratification, raking, calibration and trim with its population figures, the weighted totals "
                   "before and after and the weights' range) to this file (.json or .csv), to deliver with the estimates")
    p.add_argument("--margins", action="store_true", help="逐窗口误差界、样本计划与应答率 / per-window margin of "
                   "error, sample plan and response rate")
    p.add_argument("--plan", help="计划样本量：一个数或 CSV（window_id,plan）/ planned respondents: a number or a CSV")
    p.add_argument("--contacts", help="接触数 CSV（window_id,contacts），用于应答率 / contacts CSV for the response rate")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--store", help="数据仓目录 / store directory")
    p.add_argument("--data", help="工作区（其中的调查数据仓）/ the workspace (its survey store)")
    p.set_defaults(func=cmd_estimate)

    p = sub.add_parser("demo", help="写出演示交付文件 / write demo deliveries")
    p.add_argument("--out", help="输出目录（默认 data/demo/surveys）/ output folder")
    p.add_argument("--years", type=year, nargs="+", default=[2024, 2025])
    p.add_argument("--n-per-window", type=int, default=60)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fmt", choices=["csv", "xlsx"], default="csv")
    p.set_defaults(func=cmd_demo)


def main(argv=None) -> int:
    """Run ``survey ...`` on its own (the project's CLI does the same through :func:`register`).

    单独运行 survey 命令。

    Examples
    --------
    >>> main(["survey", "check", "/nonexistent.csv", "--instrument", "power_hall"])
    3
    """
    from .args import Parser

    parser = Parser(prog="windoweval")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return EXIT_USAGE
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
