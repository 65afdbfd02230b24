"""The standards as data: load, check and look up clauses.

One YAML file per standard in ``windoweval/standards/`` (schema:
``windoweval/standards/SCHEMA.md``).  Loading checks every clause: ids
unique and stable, every measure's records a known contract, its kernel a
known kernel, its parameters the kernel's own (so a typo fails loudly with
the file and clause named), every column it names in the contract.

Examples
--------
>>> cat = load_catalog()
>>> sorted(cat.standards)[:2]
['etiquette', 'hospital_commitments']
>>> cat.clause("power_window.10.2.6")["source"]["article"]
'第十条'
"""
from __future__ import annotations

from .errors import InputError, UsageError
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from . import paths
from .kernels import KERNELS
from .records import contracts

__all__ = ["Catalog", "load_catalog", "StandardsError", "UnknownName", "coverage", "measures_frame"]

#: libyaml's safe loader when PyYAML was built with it (ten times faster on the standards), else the pure-Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ASSESSMENTS = ("records", "checklist", "document_review", "interview", "not_measurable")
_OPS = {"gt", "ge", "lt", "le", "eq", "ne", "notna", "isna", "in"}


class UnknownName(UsageError, KeyError):
    """A clause, measure or standard id that does not exist (the message suggests close ones).

    Examples
    --------
    >>> try:
    ...     load_catalog().clause("power_window.10.2.55")
    ... except UnknownName as e:
    ...     print(e.exit_code, isinstance(e, KeyError))
    2 True
    """

    def __str__(self):
        return str(self.args[0]) if self.args else ""


class StandardsError(InputError):
    """A standards file that does not meet the clause schema (file and clause named).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "broken.yaml").write_text("standard: {id: broken}\\nclauses: [{id: broken.1}]\\n", encoding="utf-8")
    >>> try:
    ...     load_catalog(extra_dirs=(d,))
    ... except StandardsError as e:
    ...     print(e.exit_code, "broken.yaml" in str(e))
    3 True
    """

    def __init__(self, file, clause, zh, en):
        self.file, self.clause = str(file), clause
        super().__init__(f"{file}: 条款 / clause {clause}: {zh}\n{file}: clause {clause}: {en}")


@dataclass
class Catalog:
    """Every standard and clause, with the measures that score them.

    Examples
    --------
    >>> cat = load_catalog()
    >>> "power_window" in cat.standards, cat.clause("power_window.10.2.5")["id"]
    (True, 'power_window.10.2.5')
    >>> all(m["standard"] == "etiquette" for m in cat.measures("etiquette"))
    True
    """

    standards: dict = field(default_factory=dict)   # id -> standard header (+ file)
    clauses: dict = field(default_factory=dict)     # clause id -> clause dict (+ standard)
    aliases: dict = field(default_factory=dict)     # old id -> id
    checklist_items: dict = field(default_factory=dict)  # code -> {zh, en, standard}

    def clause(self, cid: str) -> dict:
        """One clause by id (or by an old id that a renumbering left as an alias)."""
        cid = self.aliases.get(cid, cid)
        if cid not in self.clauses:
            import difflib
            close = difflib.get_close_matches(cid, list(self.clauses), n=3)
            raise UnknownName(f"没有条款 {cid} / no clause {cid}" + (f";是否为 / did you mean: {', '.join(close)}" if close else ""))
        return self.clauses[cid]

    def measures(self, standard: str | None = None) -> list[dict]:
        """Every active measure (with its clause's fields), optionally of one standard."""
        out = []
        for cid, c in self.clauses.items():
            if standard and c["standard"] != standard:
                continue
            if c.get("status", "active") != "active":
                continue
            ms = c.get("measures") or []
            for m in ms:
                key = cid if not m.get("id") else f"{cid}#{m['id']}"
                if m["kernel"] == "checklist" and "item" not in (m.get("where") or {}):
                    # a checklist measure's population is its own items
                    m = {**m, "where": {**(m.get("where") or {}), "item": list(m["params"]["items"])}}
                out.append({**m, "measure": key, "clause_id": cid, "standard": c["standard"],
                            "window_kinds": c.get("window_kinds") or self.standards[c["standard"]].get("window_kinds", []),
                            "text_zh": c.get("text_zh", ""), "summary_en": c.get("summary_en", "")})
        return out


def _check_where(where, contract, file, cid):
    for col, cond in (where or {}).items():
        if col not in contract.columns:
            raise StandardsError(file, cid, f"筛选列 {col!r} 不在记录约定 {contract.kind} 中",
                                 f"population column {col!r} is not in the {contract.kind} contract; "
                                 f"columns are {sorted(contract.columns)}")
        allowed = contract.columns[col].get("values")
        if isinstance(cond, dict):
            bad = set(cond) - _OPS
            if bad:
                raise StandardsError(file, cid, f"未知的比较 {sorted(bad)}", f"unknown comparison(s) {sorted(bad)}; use {sorted(_OPS)}")
            vals = cond.get("in", [])
        else:
            vals = cond if isinstance(cond, list) else [cond]
        if allowed:
            bad = [v for v in vals if v not in allowed]
            if bad:
                raise StandardsError(file, cid, f"列 {col} 的取值 {bad} 不在约定取值 {allowed} 中",
                                     f"value(s) {bad} of {col} are not among the contract's {allowed}")


def _check_measure(m, file, cid, contr):
    where = f"{cid}#{m.get('id', '')}"
    for k in ("records", "kernel", "target"):
        if k not in m:
            raise StandardsError(file, where, f"测量缺少字段 {k}", f"measure lacks field {k!r}")
    if m["records"] not in contr:
        raise StandardsError(file, where, f"未知的记录类型 {m['records']!r}",
                             f"unknown records {m['records']!r}; known: {sorted(contr)}")
    if m["kernel"] not in KERNELS:
        raise StandardsError(file, where, f"未知的算子 {m['kernel']!r}",
                             f"unknown kernel {m['kernel']!r}; known: {sorted(KERNELS)}")
    k = KERNELS[m["kernel"]]
    params = m.get("params") or {}
    unknown = set(params) - set(k.parameters)
    if unknown:
        raise StandardsError(file, where, f"算子 {k.name} 没有参数 {sorted(unknown)}(可用参数 {k.parameters})",
                             f"kernel {k.name} has no parameter(s) {sorted(unknown)}; its parameters are {k.parameters}")
    lacking = set(k.required) - set(params)
    if lacking:
        raise StandardsError(file, where, f"算子 {k.name} 缺少参数 {sorted(lacking)}",
                             f"kernel {k.name} needs parameter(s) {sorted(lacking)}")
    contract = contr[m["records"]]
    for p, v in params.items():  # the parameters the kernel's decorator declares as naming columns
        if p not in k.columns:
            continue
        for x in (v if isinstance(v, list) else [v]):
            if isinstance(x, str) and x not in contract.columns:
                raise StandardsError(file, where, f"参数 {p}={x!r} 不是 {contract.kind} 的列",
                                     f"parameter {p}={x!r} is not a column of {contract.kind}; "
                                     f"columns are {sorted(contract.columns)}")
    _check_where(m.get("where"), contract, file, where)
    t = m["target"]
    if not isinstance(t, (int, float)) or not 0 <= t <= 1:
        raise StandardsError(file, where, f"目标应为 0–1 之间的达标率,实际为 {t!r}",
                             f"target must be a pass rate between 0 and 1, found {t!r}")
    wc = m.get("weight_column")
    if wc and wc not in contract.columns:
        raise StandardsError(file, where, f"权重列 {wc!r} 不在约定中", f"weight column {wc!r} not in contract")


def _load_file(f: Path, cat: Catalog, contr):
    doc = yaml.load(f.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506 - a safe loader
    if not isinstance(doc, dict) or "standard" not in doc or "clauses" not in doc:
        raise StandardsError(f, "-", "文件应有 standard 与 clauses 两部分", "file must have 'standard' and 'clauses'")
    std = doc["standard"]
    sid = std.get("id")
    if sid != f.stem:
        raise StandardsError(f, "-", f"standard.id {sid!r} 应与文件名 {f.stem!r} 相同",
                             f"standard.id {sid!r} must equal the file name {f.stem!r}")
    if sid in cat.standards:
        raise StandardsError(f, "-", f"标准 {sid} 重复", f"standard {sid} defined twice")
    cat.standards[sid] = {**std, "file": str(f)}
    for item in doc.get("checklist_items") or []:
        cat.checklist_items[item["code"]] = {**item, "standard": sid}
    for c in doc["clauses"]:
        cid = c.get("id")
        if not cid or not str(cid).startswith(sid + "."):
            raise StandardsError(f, cid, f"条款编号应以 {sid}. 开头", f"clause id must start with {sid}.")
        if cid in cat.clauses or cid in cat.aliases:
            raise StandardsError(f, cid, "条款编号重复", "clause id used twice")
        for k in ("source", "text_zh", "summary_en", "assessment"):
            if k not in c:
                raise StandardsError(f, cid, f"缺少字段 {k}", f"missing field {k!r}")
        if c["assessment"] not in ASSESSMENTS:
            raise StandardsError(f, cid, f"assessment 应为 {ASSESSMENTS} 之一", f"assessment must be one of {ASSESSMENTS}")
        if c.get("status", "active") not in ("active", "withdrawn"):
            raise StandardsError(f, cid, "status 应为 active 或 withdrawn", "status must be active or withdrawn")
        if c["assessment"] in ("records", "checklist") and not c.get("measures") and c.get("status", "active") == "active":
            raise StandardsError(f, cid, "按记录或检查表评价的条款须至少有一个测量",
                                 "a clause assessed from records or checklists needs at least one measure")
        for m in c.get("measures") or []:
            _check_measure(m, f, cid, contr)
        cat.clauses[cid] = {**c, "standard": sid}
        for a in c.get("aliases") or []:
            if a in cat.clauses or a in cat.aliases:
                raise StandardsError(f, cid, f"别名 {a} 已被使用", f"alias {a} already in use")
            cat.aliases[a] = cid


@functools.lru_cache(maxsize=8)
def _load_catalog(dirs: tuple[str, ...]) -> Catalog:
    cat = Catalog()
    contr = contracts()
    for d in dirs:
        for f in sorted(Path(d).glob("*.yaml")):
            _load_file(f, cat, contr)
    return cat


def load_catalog(extra_dirs: tuple[str | os.PathLike, ...] = ()) -> Catalog:
    """Load and check every standards file (the bundled ones, then ``extra_dirs``).

    Examples
    --------
    >>> cat = load_catalog()
    >>> sorted(cat.standards)[:3]
    ['etiquette', 'hospital_commitments', 'hospital_departments']
    """
    return _load_catalog(tuple(str(d) for d in (paths.STANDARDS_DIR, *extra_dirs)))


def coverage(cat: Catalog | None = None) -> pd.DataFrame:
    """How each standard's clauses are assessed.

    Returns
    -------
    DataFrame, one row per standard, columns ``standard``, ``title_zh``,
    ``clauses``, ``records``, ``checklist``, ``not_measured`` (document
    review, interview, not measurable), ``withdrawn``, ``measures``.

    Examples
    --------
    >>> cov = coverage()
    >>> int(cov["clauses"].sum()) == len(load_catalog().clauses)
    True
    """
    cat = cat or load_catalog()
    rows = []
    for sid, std in cat.standards.items():
        cl = [c for c in cat.clauses.values() if c["standard"] == sid]
        active = [c for c in cl if c.get("status", "active") == "active"]
        rows.append({
            "standard": sid, "title_zh": std.get("title_zh", ""), "clauses": len(cl),
            "records": sum(c["assessment"] == "records" for c in active),
            "checklist": sum(c["assessment"] == "checklist" for c in active),
            "not_measured": sum(c["assessment"] not in ("records", "checklist") for c in active),
            "withdrawn": len(cl) - len(active),
            "measures": sum(len(c.get("measures") or []) for c in active),
        })
    return pd.DataFrame(rows)


def measures_frame(cat: Catalog | None = None, standard: str | None = None) -> pd.DataFrame:
    """Every measure as a row: measure, clause_id, standard, label_zh, label_en, records, kernel, target.

    Examples
    --------
    >>> m = measures_frame(standard="power_window")
    >>> r = m.set_index("measure").loc["power_window.10.2.5"]
    >>> r["records"], r["kernel"], float(r["target"])
    ('work_orders', 'time_limit', 1.0)
    """
    cat = cat or load_catalog()
    ms = cat.measures(standard)
    cols = ["measure", "clause_id", "standard", "label_zh", "label_en", "records", "kernel", "target"]
    return pd.DataFrame([{k: m.get(k) for k in cols} for m in ms], columns=cols)
