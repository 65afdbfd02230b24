"""The promise register: the public service promises and the catalog measure that tests each.

承诺登记册:每项服务承诺及检验它的目录测量。

Part of the rules (beside :mod:`windoweval.catalog`): the engine's planner
reads it to expand a ``promises_kept`` measure into the measures of its
promises (:func:`expand`), so no kernel reaches for it; fulfilment
and the published table are :mod:`windoweval.promises`.

Examples
--------
>>> reg = load_promises()
>>> reg.set_index("promise_id").loc["pw_complaint_reply_5d", "public_zh"]
'您的投诉,5天内给您答复'
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .errors import InputError

__all__ = ["REGISTER_FILE", "load_promises", "promise_measures", "expand", "in_force", "PromiseRegisterError"]

REGISTER_FILE = paths.PACKAGE_DIR / "promises.yaml"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FIELDS = ("id", "clause", "measure", "zh", "public_zh", "public_en")
#: an older spelling a register may use for a field: ``en`` is ``public_en`` (the published promise in English), as
#: registers written before ``public_en`` have it
_ALIASES = {"en": "public_en"}
#: The optional period a promise is in force (a promise made or withdrawn mid-year), by either spelling: the first and
#: the last day it applies, each day whole; a record is its occurrence when its period column (the day a case was
#: received, a payment made …) falls in it.  Dates in the spellings records are read in (2025-07-01, 2025/7/1,
#: 2025年7月1日).
_PERIOD_FIELDS = {"from": "from", "起始日期": "from", "until": "until", "终止日期": "until"}


class PromiseRegisterError(InputError):
    """A promise register that cannot be used (file and promise named).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> f = Path(tempfile.mkdtemp()) / "promises.yaml"
    >>> _ = f.write_text("promises:\\n  - id: p1\\n    clause: power_window.10.2.5\\n", encoding="utf-8")
    >>> try:
    ...     load_promises(f)
    ... except PromiseRegisterError as e:
    ...     print(e.exit_code, "'measure'" in str(e))    # the message names the file, the promise and the field
    3 True
    """


def _refuse(path, entry, field, value, zh, en, fix_zh, fix_en):
    """A promise register refused, naming the file, the entry, the field, its value and the fix."""
    at_zh = f"第 {entry[0]} 条承诺" + (f"(id {entry[1]})" if entry[1] else "") if entry else "文件"
    at_en = f"promise #{entry[0]}" + (f" (id {entry[1]})" if entry[1] else "") if entry else "the file"
    f_zh = f" 字段 {field} = {value!r}" if field else ""
    f_en = f" field {field} = {value!r}" if field else ""
    raise PromiseRegisterError(f"{path}: {at_zh}{f_zh}:{zh};{fix_zh} / {at_en}{f_en}: {en}; {fix_en}")


def _read(path: str):
    """The register file's YAML, or a refusal naming the place of the error."""
    f = Path(path)
    if not f.is_file():
        _refuse(path, None, None, None, "找不到承诺登记册", "the promise register is not there",
                "请创建该文件,或在 windoweval.toml 中改正 promises", "create it, or correct promises in windoweval.toml")
    _not_a_table(path, f)
    try:
        text = f.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = f.read_bytes()[:e.start].count(10) + 1
        _refuse(path, None, None, None, f"不是 UTF-8 文本(第 {line} 行起)", f"not UTF-8 text (from line {line})",
                "请另存为 UTF-8", "save it as UTF-8")
    from .safepath import yaml_problem

    problem = yaml_problem(text)
    try:
        # the C parser where PyYAML has it (the same safe constructor, the same data): ~10x faster on the bundled
        # register, read by every score and report before the records are (score49); a register it refuses is parsed
        # again by the Python one, whose place and words the message has always given
        doc = _parsed(text) if problem is None else None
        problem = problem or yaml_problem(text, doc)
        if problem is None:
            return doc
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "?"
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        _refuse(path, None, None, None, f"YAML 格式错误(行:列 {where}:{what})", f"invalid YAML (line:column {where}: {what})",
                "请检查缩进、冒号和引号(含全角冒号“\uff1a”)", "check the indentation, colons and quotes")
    _refuse(path, None, None, None, problem[0], problem[1], "请修正后重试", "correct it and try again")


def _parsed(text: str):
    """``yaml.safe_load(text)``, by the C parser when PyYAML has it; a YAML error is raised as the Python parser
    raises it (its line, column and words).

    Examples
    --------
    >>> _parsed("promises:\\n  - id: a\\n")
    {'promises': [{'id': 'a'}]}
    >>> try:
    ...     _parsed("a: [b\\n")
    ... except yaml.YAMLError as e:
    ...     print(e.problem_mark.line + 1, e.problem)
    2 expected ',' or ']', but got '<stream end>'
    """
    try:
        return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        if _YAML_LOADER is yaml.SafeLoader:
            raise
    return yaml.safe_load(text)


#: What a table saved as a file is called by: a workbook's first bytes (XLSX is a zip, XLS an OLE file) or its name.
_TABLE_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".ods", ".parquet")


def _not_a_table(path, f: Path):
    """Refuse a table (a 服务承诺台账 kept as a workbook or CSV) named as the register, saying what the register is:
    without this a workbook read as "not UTF-8 text; save it as UTF-8", and the UTF-8 CSV saved so was refused again."""
    with open(f, "rb") as fh:
        head = fh.read(4)
    if not (head.startswith(_TABLE_MAGIC) or f.suffix.lower() in _TABLE_SUFFIXES):
        return
    _refuse(path, None, None, None,
            "这是一份表格(如服务承诺台账),不是承诺登记册:登记册是 YAML 文本文件,格式同 windoweval/promises.yaml,"
            "每项承诺写明条款(clause)与检验它的测量(measure);兑现率由业务记录计算,台账中填写的兑现情况不作为兑现的依据"
            "(可用 windoweval promises --ledger 台账文件 与记录对照,标出矛盾)",
            "this is a table (a ledger of promises, 服务承诺台账, as a spreadsheet), not the promise register: the "
            "register is a YAML text file in the format of windoweval/promises.yaml, each promise with its clause and "
            "the measure that tests it; fulfilment is computed from the records, a ledger's own 兑现情况 is never taken as "
            "evidence (windoweval promises --ledger FILE sets it beside the records, contradictions flagged)",
            "请把台账中的各项承诺写成 promises.yaml(id 可用台账的承诺编号),并在 windoweval.toml 的 promises 中指向它",
            "write the ledger's promises as a promises.yaml (its promise numbers may be the ids) and name that file "
            "under promises in windoweval.toml")


def _text(path, entry, name, v):
    if not isinstance(v, str) or not v.strip():
        _refuse(path, entry, name, v, "应为非空文本", "must be a non-empty text",
                "请写上带引号的文字", "write a quoted text")


def _period(path, entry, p: dict) -> tuple:
    """The promise's ``from`` and ``until`` (起始日期/终止日期) as days (NaT where not given), read as records read a
    date; a value that is not a date, a field given in both spellings, or an ``until`` before ``from``: refused."""
    import numpy as np

    from .records.validate import _parse_datetimes

    got = {}
    for name, field in _PERIOD_FIELDS.items():
        if name not in p:
            continue
        if field in got:
            other = next(n for n, f in _PERIOD_FIELDS.items() if f == field and n != name)
            _refuse(path, entry, name, p[name], f"与 {other} 是同一字段,写了两次", f"is the same field as {other}, given twice",
                    "只保留一个", "keep one of them")
        v = p[name]
        text = v.isoformat() if hasattr(v, "isoformat") else v
        day = pd.NaT
        if isinstance(text, str) and text.strip():
            probs: list = []
            raw = pd.Series([text], dtype=object)
            day = _parse_datetimes(raw, raw.isna(), name, np.array([str(path)]), np.array([entry[0]]), probs).iloc[0]
            day = pd.NaT if probs else day
        if pd.isna(day) or day != day.normalize():
            _refuse(path, entry, name, v, "不是日期", "is not a date",
                    "写成年在前的日期,如 2025-07-01、2025/7/1 或 2025年7月1日(不带时刻)",
                    "write a date year first, e.g. 2025-07-01, 2025/7/1 or 2025年7月1日 (no time of day)")
        got[field] = (name, v, day)
    if "from" in got and "until" in got and got["until"][2] < got["from"][2]:
        name, v, _ = got["until"]
        _refuse(path, entry, name, v, f"终止日期早于起始日期({got['from'][1]})",
                f"the last day comes before the first ({got['from'][0]} = {got['from'][1]!r})",
                "改正其中一个日期(两者都含当日:同一天起止的承诺只在那一天有效)",
                "correct one of the dates (both days count: a promise from and until the same day holds that day)")
    return tuple(got[f][2] if f in got else pd.NaT for f in ("from", "until"))


def _overlap(s0, e0, s1, e1) -> bool:
    """Whether two periods (NaT: open at that end) share a day."""
    return (pd.isna(s0) or pd.isna(e1) or s0 <= e1) and (pd.isna(s1) or pd.isna(e0) or s1 <= e0)


@functools.lru_cache(maxsize=8)
def _load(path: str) -> pd.DataFrame:
    import difflib

    from .catalog import load_catalog

    doc = _read(path)
    if not isinstance(doc, dict) or "promises" not in doc:
        _refuse(path, None, "promises", None if not isinstance(doc, dict) else sorted(doc)[:5],
                "文件应以 promises: 开头,其下列出各项承诺", "the file must hold a list under promises:",
                "格式见 windoweval/promises.yaml", "see windoweval/promises.yaml for the format")
    items = doc.get("promises")
    if not isinstance(items, list) or not items:
        _refuse(path, None, "promises", items, "登记册中没有承诺(应为列表,每项以 - 开头)",
                "the register lists no promises (a list, each item starting with -)",
                "至少登记一项承诺", "register at least one promise")
    cat = load_catalog()
    known = {m["measure"]: m for m in cat.measures()}
    rows, seen, tested = [], set(), {}
    for i, p in enumerate(items):
        if not isinstance(p, dict):
            _refuse(path, (i + 1, None), None, p, "每项承诺应为“字段: 值”的映射", "each promise must be a mapping of field: value",
                    f"写出字段 {', '.join(_FIELDS)}", f"write the fields {', '.join(_FIELDS)}")
        pid = p.get("id")
        entry = (i + 1, pid if isinstance(pid, str) else None)
        for alias, name in _ALIASES.items():
            if alias in p and name in p:
                _refuse(path, entry, alias, p[alias], f"与 {name} 是同一字段(已发布承诺的英文),二者只能写一个",
                        f"is {name} (the published promise in English) under its older name: give one of them",
                        f"删去 {alias},保留 {name}", f"remove {alias} and keep {name}")
            if alias in p:
                p = {(name if k == alias else k): v for k, v in p.items()}
        lacking = [f for f in _FIELDS if f not in p]
        if lacking:
            _refuse(path, entry, lacking[0], None, f"缺少字段 {lacking}", f"lacks the field(s) {lacking}",
                    "补上这些字段(measure 没有测量时写 null)", "add them (measure: null when no record tests the promise)")
        unknown = sorted(set(p) - set(_FIELDS) - {"reading", "text_en"} - set(_PERIOD_FIELDS))
        if unknown:
            _refuse(path, entry, unknown[0], p[unknown[0]], "不是登记册的字段", "is not a field of the register",
                    f"字段为 {', '.join(_FIELDS)}(或其旧名 en), text_en, reading, from(起始日期), until(终止日期)",
                    f"the fields are {', '.join(_FIELDS)} (or its older name en), text_en, reading, from (起始日期), until (终止日期)")
        for name in ("id", "clause", "zh", "public_zh", "public_en"):
            _text(path, entry, name, p[name])
        if "text_en" in p:       # the standard's words in English (optional: without it the English table shows zh)
            _text(path, entry, "text_en", p["text_en"])
        if p["id"] in seen:
            _refuse(path, entry, "id", p["id"], "承诺编号重复", "the promise id is used twice",
                    "每项承诺用不同的 id", "give each promise its own id")
        seen.add(p["id"])
        if p["clause"] not in cat.clauses and p["clause"] not in cat.aliases:
            near = difflib.get_close_matches(p["clause"], list(cat.clauses), n=3)
            _refuse(path, entry, "clause", p["clause"], "没有这一条款", "no such clause",
                    f"最接近的:{', '.join(near) or '无'}", f"nearest: {', '.join(near) or 'none'}")
        ms = p["measure"]
        if ms is not None and not (isinstance(ms, str) or (isinstance(ms, list) and all(isinstance(x, str) for x in ms))):
            _refuse(path, entry, "measure", ms, "应为测量编号、编号列表或 null", "must be a measure id, a list of them, or null",
                    "如 \"power_window.10.2.5\"", "e.g. \"power_window.10.2.5\"")
        ms = [] if ms is None else ([ms] if isinstance(ms, str) else list(ms))
        for m in ms:
            if m not in known:
                near = difflib.get_close_matches(m, list(known), n=3)
                _refuse(path, entry, "measure", m, "目录中没有这一测量", "the catalog has no such measure",
                        f"最接近的:{', '.join(near) or '无'};没有记录可检验的承诺写 null",
                        f"nearest: {', '.join(near) or 'none'}; a promise no record tests has measure: null")
        start, end = _period(path, entry, p)
        for m in ms:
            for k, first, s0, e0 in tested.get(m, ()):
                if not _overlap(s0, e0, start, end):
                    continue   # one measure, periods apart (CN-06 until 30 June, CN-08 from 1 July): each record once
                # one record an occurrence of two promises: the overall rate and 5.2 would count it twice
                _refuse(path, entry, "measure", m,
                        f"与第 {k} 条承诺(id {first})由同一测量检验且有效期重叠,同一批记录会被计算两次(全部承诺的兑现率与"
                        "第五条(二))",
                        f"is the measure of promise #{k} (id {first}) too, in force at the same time: the same records "
                        "would be counted twice (in the rate of all promises and in 5.2)",
                        "每项承诺只登记一次:重新编号的承诺改写原条目的 id 与公布用语;年中撤销后重新编号的,给原条目写 until"
                        "(终止日期)、新条目写 from(起始日期),两段不重叠",
                        "register each promise once: a renumbered promise is its old entry with the new id and wording; "
                        "one renumbered mid-year is two entries whose periods do not overlap: until (终止日期) on the old "
                        "one, from (起始日期) on the new")
            tested.setdefault(m, []).append((i + 1, p["id"], start, end))
        found = [m for m in ms if m in known]
        if found and not (pd.isna(start) and pd.isna(end)):
            from .records import contracts

            c = contracts()[known[found[0]]["records"]]
            if c.period is None or c.columns[c.period]["type"] not in ("datetime", "date"):
                _refuse(path, entry, "from" if not pd.isna(start) else "until", str((start if not pd.isna(start)
                        else end).date()), f"其测量所读的记录({c.zh})没有日期,无法按有效期取记录",
                        f"the records its measure reads ({c.en}) carry no date to place them in the period",
                        "删去起止日期,在公布用语中注明有效期", "remove the dates and say the period in the public wording")
        rows.append({
            "promise_id": p["id"], "standard": cat.clause(p["clause"])["standard"], "clause_id": p["clause"],
            "measures": tuple(ms), "zh": p["zh"], "public_zh": p["public_zh"],
            "public_en": p["public_en"], "en": p["public_en"],   # en: public_en under its older name, for older code
            "text_en": p.get("text_en") or None,
            "reading": p.get("reading"), "records": known[found[0]]["records"] if found else None,
            "measured": bool(found),
            "unknown_measures": tuple(m for m in ms if m not in known),
            "from": start, "until": end,
        })
    return pd.DataFrame(rows)


def load_promises(register: str | os.PathLike | None = None) -> pd.DataFrame:
    """The promise register as a table.

    Parameters
    ----------
    register : path, optional
        A register file (the bundled ``windoweval/promises.yaml`` by default).

    Returns
    -------
    pandas.DataFrame
        One row per promise: ``promise_id``, ``standard``, ``clause_id``,
        ``measures`` (tuple of measure ids), ``zh``, ``public_zh``, ``public_en`` (the published promise in
        English, ``public_zh``'s twin; ``en`` in a register written before, read as it; also kept as the column
        ``en``, the same values, for code written before),
        ``text_en`` (the standard's words in English; None where the register has none),
        ``reading``, ``records`` (the record kind its measure reads),
        ``measured`` (a measure of the catalog tests it) and
        ``unknown_measures`` (always empty: a measure id the catalog does not
        have is refused, naming the nearest ones), ``from`` and ``until`` (the
        first and last day the promise is in force, both whole, ``from``/``until``
        or 起始日期/终止日期 in the file; NaT where not given: in force throughout).

    Raises
    ------
    PromiseRegisterError
        (exit 3) a register that cannot be used: the file, the promise (its
        number and id), the field, its value and the fix, in Chinese and English.

    Examples
    --------
    >>> reg = load_promises()
    >>> reg.loc[reg["promise_id"] == "pw_meter_reading_on_schedule", "measured"].item()
    True
    """
    return _load(str(register or REGISTER_FILE)).copy()


def promise_measures(standard: str | None = None, kind: str | None = None,
                     register: str | os.PathLike | None = None) -> list[tuple[str, dict]]:
    """``(promise_id, measure)`` for every measured promise, optionally of one standard and record kind.

    ``measure`` is the catalog's measure dict (records, where, kernel, params, …).

    Examples
    --------
    >>> [p for p, m in promise_measures("power_window", "complaints")]
    ['pw_complaint_reply_5d', 'pw_report_reply_10d']
    """
    from .catalog import load_catalog

    known = {m["measure"]: m for m in load_catalog().measures()}
    reg = load_promises(register)
    out = []
    for r in reg.itertuples():  # one row per promise (a register of a few dozen), not per record
        if standard and r.standard != standard:
            continue
        for mid in r.measures:
            m = known.get(mid)
            if m is not None and (kind is None or m["records"] == kind):
                out.append((r.promise_id, in_force(m, reg.at[r.Index, "from"], reg.at[r.Index, "until"])))
    return out


def in_force(measure: dict, start, end) -> dict:
    """A promise's measure limited to the records of the days it is in force (``start`` to ``end``, each whole; NaT:
    open at that end): a condition on its record kind's period column (the day a case was received …) added to its
    population (``where``), so the engine's 5.2 and :func:`windoweval.promises.occurrences` take the same records.

    Examples
    --------
    >>> m = {"measure": "m", "records": "complaints", "where": {"kind": "complaint"}}
    >>> in_force(m, pd.Timestamp("2025-01-01"), pd.NaT)["where"]
    {'kind': 'complaint', 'received_at': {'ge': Timestamp('2025-01-01 00:00:00')}}
    >>> in_force(m, pd.NaT, pd.Timestamp("2025-06-30"))["where"]["received_at"]
    {'lt': Timestamp('2025-07-01 00:00:00')}
    >>> in_force(m, pd.NaT, pd.NaT) is m
    True
    """
    if pd.isna(start) and pd.isna(end):
        return measure
    from .records import contracts

    col = contracts()[measure["records"]].period
    cond = dict((measure.get("where") or {}).get(col) or {})
    if not pd.isna(start):
        cond["ge"] = max(start, cond.get("ge", start))
    if not pd.isna(end):
        cond["lt"] = min(end + pd.Timedelta(days=1), cond.get("lt", end + pd.Timedelta(days=1)))
    return {**measure, "where": {**(measure.get("where") or {}), col: cond}}


def expand(measure: dict, own=None, register: str | os.PathLike | None = None) -> tuple[tuple[str, dict], ...]:
    """The ``(promise_id, measure)`` pairs a measure of promises expands into when measures are planned; else ().

    A measure expands when its kernel takes ``promises`` (``promises_kept``):
    the promises of its ``standard`` whose measure reads its record ``kind``.

    ``own`` (optional) gives a promise's measure its parameters as the
    organisation sets them (``own(measure) -> params``: the workspace's
    ``[params."measure"]``, checked as for any measure, and its options such as
    ``abandoned_within``), so that promise 5.2 judges an occurrence exactly as
    the measure's own scorecard row does.  ``register``: the organisation's own
    promise register (the bundled one by default).

    Examples
    --------
    >>> from windoweval.catalog import load_catalog
    >>> m = next(x for x in load_catalog().measures() if x["measure"] == "power_window.5.2#complaints")
    >>> [p for p, _ in expand(m)]
    ['pw_complaint_reply_5d', 'pw_report_reply_10d']
    >>> longer = lambda inner: {**inner["params"], "days": 4} if inner["kernel"] == "reply_within" else inner["params"]
    >>> [x["params"]["days"] for _, x in expand(m, own=longer)]
    [4, 4]
    """
    from .kernels import KERNELS

    if "promises" not in KERNELS[measure["kernel"]].signature:
        return ()
    p = measure.get("params") or {}
    pairs = promise_measures(p.get("standard", measure["standard"]), p.get("kind", measure["records"]),
                             register=register)
    if own is None:
        return tuple(pairs)
    return tuple((pid, {**m, "params": dict(own(m))}) for pid, m in pairs)
