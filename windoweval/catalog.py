"""The standards as data: load, check and look up clauses.

One YAML file per standard in ``windoweval/standards/`` (schema:
``windoweval/standards/SCHEMA.md``).  Loading checks every clause: ids
unique and stable, every measure's records a known contract, its kernel a
known kernel, its parameters the kernel's own (so a typo fails loudly with
the file and clause named), every column it names in the contract.

The schema is written as pydantic models (:class:`StandardsFileSchema`,
:class:`ClauseSchema`, :class:`MeasureSchema`); the first thing they find
wrong becomes a :class:`StandardsError` naming the file, the clause and the
measure, in Chinese and English.  Only what one file cannot know (ids unique
across the catalog) is checked by the loader itself.

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

from typing import Annotated, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from . import paths
from .kernels import KERNELS
from .records import contracts

__all__ = ["Catalog", "load_catalog", "StandardsError", "UnknownName", "coverage", "measures_frame"]

#: libyaml's safe loader when PyYAML was built with it (ten times faster on the standards), else the pure-Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ASSESSMENTS = ("records", "checklist", "document_review", "interview", "not_measurable")
_OPS = {"gt", "ge", "lt", "le", "eq", "ne", "notna", "isna", "in", "blank"}


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
        super().__init__(f"{file}: 条款 / clause {clause}: {zh} / {en}")


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
    #: a part of the bundled catalog (the promises' measures): the records it leaves unread are the whole's to
    #: account for, not its own; a user's own catalog (``part=False``) is the one that scores the records
    part: bool = False

    def clause(self, cid: str) -> dict:
        """One clause by id (or by an old id that a renumbering left as an alias)."""
        cid = self.aliases.get(cid, cid)
        if cid not in self.clauses:
            import difflib
            close = difflib.get_close_matches(cid, list(self.clauses), n=3)
            raise UnknownName(f"没有条款 {cid} / no clause {cid}" + (f";是否为 / did you mean: {', '.join(close)}" if close else ""))
        return self.clauses[cid]

    def window_kinds(self) -> list[str]:
        """The window kinds some measure of the catalog applies to.

        Examples
        --------
        >>> "power_hall" in load_catalog().window_kinds()
        True
        """
        return sorted({k for m in self.measures() for k in m["window_kinds"]})

    def check_kinds(self, workspace, also=()) -> None:
        """Refuse (:class:`~windoweval.records.workspace.WorkspaceError`, exit 3) a workspace window whose
        ``kind`` no measure of this catalog applies to: its records would be scored nowhere and the window would
        vanish from every page (a typo such as ``power_hal``).  The message names the window, the kind, the
        nearest kinds and the fix.  ``also``: more kinds to take as known (a part of the catalog, such as the
        promises' measures, checks a workspace against the kinds of the whole).

        Examples
        --------
        >>> from windoweval.records.workspace import Workspace
        >>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东", "kind": "power_hal"}]})
        >>> load_catalog().check_kinds(ws)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        windoweval.records.workspace.WorkspaceError: windoweval.toml: 窗口 PW01 的 kind = 'power_hal' 不是任何标准适用的窗口类型...
        """
        import difflib

        from .records.workspace import WorkspaceError

        known = sorted(set(self.window_kinds()) | set(also))
        w = workspace.windows
        bad = w[~w["kind"].astype(str).isin(known)]
        if bad.empty:
            return
        lines = []
        for r in bad.itertuples():
            close = difflib.get_close_matches(str(r.kind), known, n=3, cutoff=0.5)
            near = ("是否为 / did you mean: " + ", ".join(close)) if close else ("可选 / choose from: " + ", ".join(known))
            lines.append(f"窗口 {r.window_id} 的 kind = {r.kind!r} 不是任何标准适用的窗口类型,其记录不会被评价 / window "
                         f"{r.window_id}: kind {r.kind!r} is no kind a standard applies to, so its records would be "
                         f"scored nowhere; {near}")
        where = f"{workspace.root / 'windoweval.toml'}" if getattr(workspace, "root", None) is not None else "windoweval.toml"
        raise WorkspaceError(where + ": " + "\n".join(lines) + "\n请在 windoweval.toml 中改正 kind(可选值见 "
                             "data/README.md) / correct the kind in windoweval.toml (the kinds: data/README.md)")

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
                # a population the kernel declares (a checklist's: its own items), unless the measure says otherwise
                own = {col: list(m["params"][par]) for col, par in KERNELS[m["kernel"]].population
                       if col not in (m.get("where") or {}) and par in (m.get("params") or {})}
                if own:
                    m = {**m, "where": {**(m.get("where") or {}), **own}}
                out.append({**m, "measure": key, "clause_id": cid, "standard": c["standard"],
                            # a measure may narrow its clause's kinds (标准1 第十条(一)2: 95598 calls at the call
                            # centre, fault repairs at the halls): a window it cannot apply to is not charged its weight
                            "window_kinds": m.get("window_kinds") or c.get("window_kinds")
                            or self.standards[c["standard"]].get("window_kinds", []),
                            # ... but only spares them a no_data cell: a window of the clause's other kinds that
                            # has records the measure reads is judged by it as before (records never left unjudged)
                            "judged_kinds": c.get("window_kinds") or self.standards[c["standard"]].get(
                                "window_kinds", []),
                            "text_zh": c.get("text_zh", ""), "summary_en": c.get("summary_en", ""),
                            # the clause's old ids (a renumbering's): an organisation's [params."old id"] still
                            # keys its measures (scoring.own_section); only where the clause has any
                            **({"clause_aliases": list(c["aliases"])} if c.get("aliases") else {})})
        return out


class _Says(ValueError):
    """A schema check's refusal, in Chinese and English (turned into a :class:`StandardsError`)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def _ctx(info: ValidationInfo) -> dict:
    return info.context or {}


def _check_where(where: dict, contract) -> None:
    for col, cond in (where or {}).items():
        if col not in contract.columns:
            raise _Says(f"筛选列 {col!r} 不在记录约定 {contract.kind} 中",
                        f"population column {col!r} is not in the {contract.kind} contract; "
                        f"columns are {sorted(contract.columns)}")
        allowed = contract.columns[col].get("values")
        if isinstance(cond, dict):
            bad = set(cond) - _OPS
            if bad:
                raise _Says(f"未知的比较 {sorted(bad)}", f"unknown comparison(s) {sorted(bad)}; use {sorted(_OPS)}")
            vals = cond.get("in", [])
        else:
            vals = cond if isinstance(cond, list) else [cond]
        bad = [v for v in vals if v not in allowed] if allowed else []
        if bad:
            raise _Says(f"列 {col} 的取值 {bad} 不在约定取值 {allowed} 中",
                        f"value(s) {bad} of {col} are not among the contract's {allowed}")


class MeasureSchema(BaseModel):
    """A measure of a clause: what records, which kernel with which parameters, what target (SCHEMA.md).

    Validated with the context ``{"contracts": ...}``: the records must be a
    contract, the kernel a registered one, its parameters the kernel's own
    (the required ones given), every column they name, the population
    (``where``) and the weight column in the contract.
    """

    model_config = ConfigDict(extra="allow")

    id: str | None = ""
    records: str
    kernel: str
    target: Annotated[float, Field(strict=True, ge=0, le=1)]
    params: dict | None = None
    where: dict | None = None
    weight_column: str | None = None

    @field_validator("records")
    @classmethod
    def _a_contract(cls, v: str, info: ValidationInfo) -> str:
        contr = _ctx(info).get("contracts") or {}
        if v not in contr:
            raise _Says(f"未知的记录类型 {v!r}", f"unknown records {v!r}; known: {sorted(contr)}")
        return v

    @field_validator("kernel")
    @classmethod
    def _a_kernel(cls, v: str) -> str:
        if v not in KERNELS:
            raise _Says(f"未知的算子 {v!r}", f"unknown kernel {v!r}; known: {sorted(KERNELS)}")
        return v

    @model_validator(mode="after")
    def _the_kernels_parameters_and_the_contracts_columns(self, info: ValidationInfo) -> "MeasureSchema":
        k = KERNELS[self.kernel]
        params = self.params or {}
        unknown = set(params) - set(k.parameters)
        if unknown:
            raise _Says(f"算子 {k.name} 没有参数 {sorted(unknown)}(可用参数 {k.parameters})",
                        f"kernel {k.name} has no parameter(s) {sorted(unknown)}; its parameters are {k.parameters}")
        lacking = set(k.required) - set(params)
        if lacking:
            raise _Says(f"算子 {k.name} 缺少参数 {sorted(lacking)}", f"kernel {k.name} needs parameter(s) {sorted(lacking)}")
        contract = _ctx(info)["contracts"][self.records]
        for p, v in params.items():  # the parameters the kernel's decorator declares as naming columns
            if p not in k.columns:
                continue
            for x in (v if isinstance(v, list) else [v]):
                if isinstance(x, str) and x not in contract.columns:
                    raise _Says(f"参数 {p}={x!r} 不是 {contract.kind} 的列",
                                f"parameter {p}={x!r} is not a column of {contract.kind}; "
                                f"columns are {sorted(contract.columns)}")
        _check_where(self.where, contract)
        if self.weight_column and self.weight_column not in contract.columns:
            raise _Says(f"权重列 {self.weight_column!r} 不在约定中", f"weight column {self.weight_column!r} not in contract")
        return self


class ClauseSchema(BaseModel):
    """A clause: its id (``<standard>.``...), source, words, how it is assessed, and its measures."""

    model_config = ConfigDict(extra="allow")

    id: str
    source: dict
    text_zh: str
    summary_en: str
    assessment: Literal[ASSESSMENTS]
    status: Literal["active", "withdrawn"] = "active"
    aliases: list[str] | None = None
    measures: list[MeasureSchema] | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _of_its_standard(cls, v, info: ValidationInfo):
        sid = _ctx(info).get("standard", "")
        if not v or not str(v).startswith(sid + "."):
            raise _Says(f"条款编号应以 {sid}. 开头", f"clause id must start with {sid}.")
        return v

    @model_validator(mode="after")
    def _measured_when_it_says_so(self) -> "ClauseSchema":
        if self.assessment in ("records", "checklist") and not self.measures and self.status == "active":
            raise _Says("按记录或检查表评价的条款须至少有一个测量",
                        "a clause assessed from records or checklists needs at least one measure")
        return self


class StandardSchema(BaseModel):
    """A standard's header: its id is the file's name."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, validate_default=True)

    @field_validator("id", mode="before")
    @classmethod
    def _the_files_name(cls, v, info: ValidationInfo):
        stem = _ctx(info).get("stem")
        if v != stem:
            raise _Says(f"standard.id {v!r} 应与文件名 {stem!r} 相同", f"standard.id {v!r} must equal the file name {stem!r}")
        return v


class StandardsFileSchema(BaseModel):
    """One standards file: ``standard`` (the header), ``checklist_items`` and ``clauses``."""

    model_config = ConfigDict(extra="allow")

    standard: StandardSchema
    checklist_items: list[dict] | None = None
    clauses: list[ClauseSchema]


#: The words of pydantic's own refusals (a missing field, a value not among the choices, a target out of range),
#: by the field's name and pydantic's error type: Chinese, English ({field}, {value}, {choices}).
_SAID = {
    ("missing", "file"): ("文件应有 standard 与 clauses 两部分", "file must have 'standard' and 'clauses'"),
    ("missing", "measure"): ("测量缺少字段 {field}", "measure lacks field {field!r}"),
    ("missing", "clause"): ("缺少字段 {field}", "missing field {field!r}"),
    ("assessment", None): ("assessment 应为 {choices} 之一", "assessment must be one of {choices}"),
    ("status", None): ("status 应为 active 或 withdrawn", "status must be active or withdrawn"),
    ("target", None): ("目标应为 0–1 之间的达标率,实际为 {value!r}", "target must be a pass rate between 0 and 1, found {value!r}"),
    None: ("字段 {field} 不符合条款格式:{value!r}(见 windoweval/standards/SCHEMA.md)",
           "{field}: {msg}, found {value!r} (see windoweval/standards/SCHEMA.md)"),
}


def _refusal(err: ValidationError, doc: dict, f: Path) -> StandardsError:
    """The first of pydantic's findings as a :class:`StandardsError` naming the file, the clause and the measure."""
    e = err.errors()[0]
    loc = list(e["loc"])
    where = "-"
    if loc[:1] == ["clauses"] and len(loc) > 1 and isinstance(loc[1], int):
        c = doc["clauses"][loc[1]]
        where = c.get("id") if isinstance(c, dict) else "-"
        if loc[2:3] == ["measures"] and len(loc) > 3 and isinstance(loc[3], int):
            m = (c.get("measures") or [])[loc[3]]
            where = f"{where}#{m.get('id', '') if isinstance(m, dict) else ''}"
            rest, level = loc[4:], "measure"
        else:
            rest, level = loc[2:], "clause"
    else:
        rest, level = loc, "file"
    said = (e.get("ctx") or {}).get("error")
    if isinstance(said, _Says):
        return StandardsError(f, where, said.zh, said.en)
    field_ = ".".join(map(str, rest)) if rest else ""
    zh, en = _SAID.get(("missing", level) if e["type"] == "missing" else (field_, None), _SAID[None])
    fmt = {"field": field_ or level, "value": e.get("input"), "choices": ASSESSMENTS, "msg": e["msg"]}
    return StandardsError(f, where, zh.format(**fmt), en.format(**fmt))


def _load_file(f: Path, cat: Catalog, contr):
    from .safepath import yaml_problem

    text = f.read_text(encoding="utf-8")
    problem = yaml_problem(text)   # too long to be a standards file: refused before it is parsed
    if problem is None:
        try:
            doc = yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            zh, en = ((f"第 {mark.line + 1} 行", f"line {mark.line + 1}") if mark is not None else ("", "the file"))
            raise StandardsError(f, "-", f"{zh}不是有效的 YAML,请按 windoweval/standards/SCHEMA.md 改正",
                                 f"{en} is not valid YAML ({getattr(e, 'problem', None) or 'syntax'}): correct it as "
                                 "windoweval/standards/SCHEMA.md shows") from None
        problem = yaml_problem(text, doc)   # aliases expanding to billions of values, or a loop
    if problem is not None:
        raise StandardsError(f, "-", problem[0], problem[1])
    if not isinstance(doc, dict):
        raise StandardsError(f, "-", "文件应有 standard 与 clauses 两部分", "file must have 'standard' and 'clauses'")
    try:  # the schema (SCHEMA.md) as pydantic models; the first finding names file, clause and measure
        StandardsFileSchema.model_validate(doc, context={"contracts": contr, "stem": f.stem,
                                                         "standard": (doc.get("standard") or {}).get("id", "")
                                                         if isinstance(doc.get("standard"), dict) else ""})
    except ValidationError as err:
        raise _refusal(err, doc, f) from None
    # what one file cannot know: ids unique across the whole catalog
    std = doc["standard"]
    sid = std["id"]
    if sid in cat.standards:
        raise StandardsError(f, "-", f"标准 {sid} 重复", f"standard {sid} defined twice")
    cat.standards[sid] = {**std, "file": str(f)}
    for item in doc.get("checklist_items") or []:
        cat.checklist_items[item["code"]] = {**item, "standard": sid}
    for c in doc["clauses"]:
        cid = c["id"]
        if cid in cat.clauses or cid in cat.aliases:
            raise StandardsError(f, cid, "条款编号重复", "clause id used twice")
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
    ``title_en`` (the Chinese title where a standard has no English one), ``clauses``, ``records``, ``checklist``, ``not_measured`` (document
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
            "standard": sid, "title_zh": std.get("title_zh", ""), "title_en": std.get("title_en") or std.get("title_zh", ""),
            "clauses": len(cl),
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
