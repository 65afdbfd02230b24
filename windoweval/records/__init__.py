"""Record contracts: what each kind of record must look like, and reading records against them.

The contracts live in ``contracts.yaml`` beside this module (documented for
people in ``data/README.md``).  :func:`read_records` finds a kind's file in a
data directory (Parquet dataset, Parquet, CSV or XLSX), maps the export's
own headers and codes onto the contract, coerces types and validates with
pandera.  A bad file is refused with *every* bad row named: file, row as
the clerk sees it, column, value, and what was expected, in Chinese and
English.

Examples
--------
>>> c = contracts()["work_orders"]
>>> c.period, c.columns["received_at"]["type"]
('received_at', 'datetime')
"""
from __future__ import annotations

from ..errors import InputError
import difflib
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import paths

__all__ = ["Contract", "contracts", "read_records", "validate", "RecordsError", "find_file"]


@dataclass
class Contract:
    """One kind of record: its columns, key and period column."""

    kind: str
    zh: str
    en: str
    columns: dict
    key: list[str]
    example: dict = field(default_factory=dict)
    periods: tuple = ()  # the contract's own ``period``: columns whose first recorded value places a record in a year

    def year_of(self, df: pd.DataFrame) -> pd.Series:
        """The year each record belongs to: of the first recorded ``periods`` column (filing before clock start)."""
        cols = [c for c in (self.periods or (self.period,)) if c in df]
        timed = self.columns[cols[0]]["type"] in ("datetime", "date")
        per = pd.to_datetime(df[cols[0]]) if timed else df[cols[0]]
        for c in cols[1:]:
            per = per.fillna(pd.to_datetime(df[c]) if timed else df[c])
        return per.dt.year if pd.api.types.is_datetime64_any_dtype(per) else pd.to_numeric(per)

    @property
    def period(self) -> str:
        """The column that places a record in a year (first required date/time, else ``year``, else None)."""
        if self.periods:
            return self.periods[-1]
        for name, spec in self.columns.items():
            if spec["type"] in ("datetime", "date") and spec.get("required", True):
                return name
        return "year" if "year" in self.columns else None

    @property
    def required(self) -> list[str]:
        return [n for n, s in self.columns.items() if s.get("required", True)]

    def header_map(self, extra: dict | None = None) -> dict:
        """Source header -> contract column: the contract's aliases, then the organisation's mapping."""
        m = {}
        for name, spec in self.columns.items():
            for a in spec.get("aliases", []) or []:
                m[a] = name
            m[spec.get("zh", name)] = name
        m.update(extra or {})
        return m


@functools.lru_cache(maxsize=None)
def _load(path: str) -> dict:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = {}
    for kind, spec in raw.items():
        key = spec["key"] if isinstance(spec["key"], list) else [spec["key"]]
        per = spec.get("period") or ()
        out[kind] = Contract(kind, spec["zh"], spec["en"], spec["columns"], key, spec.get("example", {}),
                             tuple([per] if isinstance(per, str) else per))
    return out


def contracts(path: str | os.PathLike | None = None) -> dict[str, Contract]:
    """All record contracts, by kind."""
    return _load(str(path or paths.CONTRACTS_FILE))


class RecordsError(InputError):
    """A records file that does not meet its contract.

    ``problems`` is a DataFrame with columns file, row, column, value, problem_zh, problem_en.
    """

    def __init__(self, kind: str, file: str, problems: pd.DataFrame):
        self.kind, self.file, self.problems = kind, file, problems
        head = problems.head(20)
        lines = [f"  第 {r.row} 行 / row {r.row}, 列 / column {r.column}: {r.value!r}: {r.problem_zh} / {r.problem_en}"
                 for r in head.itertuples()]
        more = f"\n  … 另有 {len(problems) - 20} 处 / and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"{file}: {len(problems)} 处不符合“{contracts()[kind].zh}”的数据约定,整个文件未被读入;"
            f"请改正后重试(约定见 data/README.md)。\n"
            f"{file}: {len(problems)} problem(s) against the {kind} contract; the file was not read. "
            f"Fix them and run again (contracts: data/README.md).\n" + "\n".join(lines) + more
        )

    def __reduce__(self):  # picklable, so a Dask worker's refusal reaches the caller whole
        return (type(self), (self.kind, self.file, self.problems))


def find_file(kind: str, data_dir: str | os.PathLike) -> Path | None:
    """The file (or Parquet dataset directory) holding ``kind`` in ``data_dir``, if any."""
    d = Path(data_dir)
    for cand in (d / kind, d / f"{kind}.parquet", d / f"{kind}.csv", d / f"{kind}.xlsx"):
        if cand.exists():
            return cand
    return None


def _problem(file, rows, column, values, zh, en) -> pd.DataFrame:
    return pd.DataFrame({"file": str(file), "row": rows, "column": column, "value": values,
                         "problem_zh": zh, "problem_en": en})


def _coerce(df: pd.DataFrame, c: Contract, file, rownum: np.ndarray) -> tuple[pd.DataFrame, list]:
    probs = []
    out = pd.DataFrame(index=df.index)
    for name, spec in c.columns.items():
        if name not in df:
            out[name] = pd.Series(pd.NA, index=df.index, dtype="object")
            continue
        raw = df[name]
        t = spec["type"]
        typed = (pd.api.types.is_datetime64_any_dtype(raw) or pd.api.types.is_bool_dtype(raw)
                 or (pd.api.types.is_numeric_dtype(raw) and not isinstance(raw.dtype, pd.CategoricalDtype)))
        # a typed column (Parquet) has no blank text: skip turning every value into a string
        blank = raw.isna() if typed else raw.isna() | (raw.astype("string").str.strip() == "")
        if t in ("datetime", "date"):
            col = raw
            if pd.api.types.is_datetime64_any_dtype(col):
                if getattr(col.dt, "tz", None) is not None:
                    col = col.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
                conv = col
            else:
                s = raw.astype("string").str.strip()
                conv = pd.to_datetime(s, errors="coerce", format="mixed")
                if getattr(conv.dt, "tz", None) is not None:
                    conv = conv.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
            conv = conv.astype("datetime64[ns]")
            if t == "date":
                conv = conv.dt.normalize()
            bad = conv.isna() & ~blank
            if bad.any():
                probs.append(_problem(file, rownum[bad.to_numpy()], name, raw[bad].astype(str).tolist(),
                                      "不是有效的日期时间(应如 2025-03-04 09:05:12)",
                                      "not a valid date/time (expected like 2025-03-04 09:05:12)"))
            out[name] = conv
        elif t in ("int", "float"):
            conv = pd.to_numeric(raw, errors="coerce")
            bad = conv.isna() & ~blank
            if t == "int":
                frac = conv.notna() & (conv != conv.round())
                bad |= frac
            if bad.any():
                probs.append(_problem(file, rownum[bad.to_numpy()], name, raw[bad].astype(str).tolist(),
                                      "应为整数" if t == "int" else "应为数字",
                                      "expected a whole number" if t == "int" else "expected a number"))
            out[name] = conv.where(~bad).astype("Int64" if t == "int" else "Float64")
        elif t == "bool":
            s = raw.astype("string").str.strip().str.lower()
            truthy = s.isin(["true", "1", "yes", "y", "是", "有", "t"])
            falsy = s.isin(["false", "0", "no", "n", "否", "无", "f"])
            bad = ~(truthy | falsy) & ~blank
            if bad.any():
                probs.append(_problem(file, rownum[bad.to_numpy()], name, raw[bad].astype(str).tolist(),
                                      "应为 是/否", "expected yes/no (是/否, true/false, 1/0)"))
            col = pd.Series(pd.array(truthy.to_numpy(), dtype="boolean"), index=df.index)
            col[(~(truthy | falsy)).to_numpy()] = pd.NA
            out[name] = col
        else:  # string, category
            s = raw.astype("string").str.strip()
            out[name] = s.where(~blank)
    return out, probs


def validate(df: pd.DataFrame, kind: str, file: str = "<data>", value_map: dict | None = None,
             first_row: int = 2, only: list[str] | None = None) -> pd.DataFrame:
    """Coerce and check ``df`` (already carrying contract column names) against the ``kind`` contract.

    Parameters
    ----------
    df : DataFrame
        Records with the contract's column names (see :meth:`Contract.header_map`).
    kind : str
        The contract.
    file : str
        Where the records came from, for messages.
    value_map : dict, optional
        ``{column: {source code: contract value}}`` from the organisation's mapping file.
    first_row : int
        The row number the first record has in its file (2 under a header row).
    only : list of str, optional
        Check only these contract columns (a columnar read of some columns).

    Returns
    -------
    DataFrame with exactly the contract's columns, typed.

    Raises
    ------
    RecordsError
        Listing every bad row, with the row number as the file shows it.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"staff_id": ["0012"], "window_id": ["PW01"], "english": ["是"], "sign_language": ["0"]})
    >>> validate(df, "staff_roster")[["staff_id", "english"]].values.tolist()
    [['0012', True]]
    >>> try:
    ...     validate(df.assign(english="maybe"), "staff_roster", file="roster.csv")
    ... except RecordsError as e:
    ...     print(e.problems[["row", "column", "value"]].values.tolist())
    [[2, 'english', 'maybe']]
    """
    import pandera.pandas as pa

    c = contracts()[kind]
    if only:
        c = Contract(c.kind, c.zh, c.en, {k: v for k, v in c.columns.items() if k in only},
                     [k for k in c.key if k in only], c.example)
    df = df.reset_index(drop=True)
    rownum = np.arange(first_row, first_row + len(df))
    problems = []
    missing = [n for n in c.required if n not in df.columns]
    if missing:
        sugg = []
        for m in missing:
            close = difflib.get_close_matches(m, [str(x) for x in df.columns], n=1)
            sugg.append(f"{m}" + (f"(是否为 / did you mean {close[0]!r}?)" if close else ""))
        problems.append(_problem(file, [1], ", ".join(sugg), [""],
                                 "缺少必需的列;请在映射文件中把导出表头对应到这些列",
                                 "required column(s) missing; map the export's headers onto them in the mapping file"))
        raise RecordsError(kind, file, pd.concat(problems, ignore_index=True))
    if value_map:
        df = df.copy()
        for col, m in value_map.items():
            if col in df:
                df[col] = df[col].astype("string").replace(m)
    typed, probs = _coerce(df, c, file, rownum)
    problems.extend(probs)
    schema_cols = {}
    for name, spec in c.columns.items():
        checks = []
        if spec["type"] == "category":
            checks.append(pa.Check.isin(spec["values"], error=f"取值应为 / value must be one of {spec['values']}"))
        schema_cols[name] = pa.Column(nullable=not spec.get("required", True), checks=checks, required=True)
    schema = pa.DataFrameSchema(schema_cols, unique=c.key if len(c.key) else None)
    try:
        schema.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as err:
        fc = err.failure_cases
        fc = fc[fc["index"].notna()].copy()
        if len(fc):  # turn pandera's failure cases into clerk's words, column at a time
            i = fc["index"].astype(int).to_numpy()
            check = fc["check"].astype(str)
            col = fc["column"].astype(str).to_numpy().copy()
            uniq = check.str.contains("uniqueness").to_numpy()
            nulls = (check == "not_nullable").to_numpy()
            col[uniq] = ",".join(c.key)
            allowed = pd.Series(col).map(lambda k: str(c.columns.get(k, {}).get("values"))).astype(str)
            zh = pd.Series("取值不在允许范围内 ", index=allowed.index) + allowed
            en = "value not allowed; expected one of " + allowed
            zh[nulls], en[nulls] = "必填项为空", "required value is empty"
            zh[uniq], en[uniq] = f"与其他行重复(键 {c.key})", f"duplicates another row (key {c.key})"
            zh, en = zh.to_numpy(), en.to_numpy()
            value = fc["failure_case"].astype(str).to_numpy()
            if uniq.any():
                key0 = c.key[0]
                value[uniq] = df[key0].astype(str).to_numpy()[i[uniq]]
            pr = pd.DataFrame({"file": str(file), "row": rownum[i], "column": col, "value": value,
                               "problem_zh": zh, "problem_en": en})
            if problems:  # a value that failed to parse is already named
                seen = pd.concat(problems)[["row", "column"]]
                pr = pr.merge(seen.assign(_s=1), on=["row", "column"], how="left")
                pr = pr[pr["_s"].isna()].drop(columns="_s")
            problems.append(pr)
    if problems:
        pr = pd.concat(problems, ignore_index=True).drop_duplicates().sort_values(["row", "column"], kind="stable")
        raise RecordsError(kind, file, pr.reset_index(drop=True))
    for name, spec in c.columns.items():
        if spec["type"] in ("string", "category"):
            typed[name] = typed[name].astype("string")
    return typed


def _read_raw(f: Path, columns=None, year: int | None = None, period: str | None = None) -> tuple[pd.DataFrame, int]:
    if f.is_dir() or f.suffix == ".parquet":
        filters = None
        if year is not None and f.is_dir() and any(p.name.startswith("year=") for p in f.iterdir()):
            filters = [("year", "=", int(year))]
        df = pd.read_parquet(f, columns=columns, filters=filters)
        return df.drop(columns=[c for c in ("year", "month") if c in df and c not in (columns or [])]), 2
    if f.suffix == ".xlsx":
        return pd.read_excel(f, dtype=str), 2
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(f, dtype=str, encoding=enc, keep_default_na=False, na_values=[""]), 2
        except UnicodeDecodeError:
            continue
    raise RecordsError("", str(f), _problem(f, [1], "", [""], "无法识别的文件编码(应为 UTF-8 或 GB18030)",
                                            "unknown encoding (expected UTF-8 or GB18030)"))


def read_records(kind: str, data_dir: str | os.PathLike | None = None, year: int | None = None,
                 columns: list[str] | None = None, mapping: dict | None = None) -> pd.DataFrame:
    """Read, map and validate the ``kind`` records of a data directory.

    Parameters
    ----------
    kind : str
        A contract name (see :func:`contracts`).
    data_dir : path, optional
        The organisation's records; the bundled demo data by default.
    year : int, optional
        Keep the records whose period column falls in this year (Parquet
        datasets partitioned by ``year=`` are pruned without being read).
    columns : list of str, optional
        Read only these contract columns (columnar files only read those).
    mapping : dict, optional
        ``{"columns": {header: column}, "values": {column: {code: value}}}``
        for this kind, from the workspace's mapping file.

    Returns
    -------
    DataFrame with the contract's columns (or ``columns``), typed; empty with
    those columns when the directory holds no file of this kind.
    """
    c = contracts()[kind]
    d = paths.data_dir(data_dir)
    f = find_file(kind, d)
    mapping = mapping or {}
    if f is None:
        empty = validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), kind, file=str(d / kind))
        return empty[columns] if columns else empty
    if f.is_dir():
        from ..store import is_validated, read_validated
        if is_validated(f, kind):  # imported through validate() under this contract: not again
            return read_validated(kind, f, year=year, columns=columns)
    read_cols = None
    if columns and (f.is_dir() or f.suffix == ".parquet"):
        read_cols = list(dict.fromkeys(list(columns) + c.key + ([c.period] if c.period else [])))
    raw, first = _read_raw(f, read_cols, year, c.period)
    raw = raw.rename(columns=c.header_map(mapping.get("columns")))
    df = validate(raw, kind, file=str(f), value_map=mapping.get("values"), first_row=first, only=read_cols)
    if year is not None and c.period is not None:
        yr = c.year_of(df)
        df = df[(yr == int(year)).to_numpy(dtype=bool, na_value=False)]
    return df[columns].copy() if columns else df


def contracts_markdown() -> str:
    """The contracts as Markdown, for ``data/README.md`` (a test keeps the file in step).

    Examples
    --------
    >>> "### work_orders" in contracts_markdown()
    True
    """
    out = []
    for kind, c in contracts().items():
        out.append(f"### {kind}: {c.zh} / {c.en}\n")
        out.append(f"File / 文件: `{kind}.csv`, `{kind}.xlsx`, `{kind}.parquet` or a Parquet dataset `{kind}/year=YYYY/`. "
                   f"Key / 主键: {', '.join(f'`{k}`' for k in c.key)}. "
                   f"Year from / 年度依据: `{c.period or '-'}`.\n")
        out.append("| column 列 | 中文表头 | type 类型 | required 必填 | meaning 含义 |")
        out.append("|---|---|---|---|---|")
        for n, s in c.columns.items():
            t = s["type"] + (f": {', '.join(s['values'])}" if s.get("values") else "") + (f" ({s['unit']})" if s.get("unit") else "")
            al = "、".join(s.get("aliases") or [s.get("zh", "")])
            out.append(f"| `{n}` | {al} | {t} | {'是 yes' if s.get('required', True) else '否 no'} | {s.get('en', '')} |")
        ex = ", ".join(f"{k}={v}" for k, v in c.example.items())
        out.append(f"\nExample / 示例: {ex}\n")
    return "\n".join(out)
