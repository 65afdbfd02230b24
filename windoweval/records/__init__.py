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

__all__ = ["Contract", "contracts", "read_records", "validate", "RecordsError", "find_file", "find_files", "load", "load_files", "Loaded", "workspace_mapping"]


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
        lines = [f"  {(str(r.file) + ' ') if str(r.file) != str(file) else ''}第 {r.row} 行 / row {r.row}, 列 / column {r.column}: "
                 f"{r.value!r}: {r.problem_zh} / {r.problem_en}" for r in head.itertuples()]
        more = f"\n  … 另有 {len(problems) - 20} 处 / and {len(problems) - 20} more" if len(problems) > 20 else ""
        zh = contracts()[kind].zh if kind in contracts() else kind
        super().__init__(
            f"{file}: {len(problems)} 处不符合“{zh}”的数据约定,整个文件未被读入;"
            f"请改正后重试(约定见 data/README.md)。\n"
            f"{file}: {len(problems)} problem(s) against the {kind} contract; the file was not read. "
            f"Fix them and run again (contracts: data/README.md).\n" + "\n".join(lines) + more
        )

    def __reduce__(self):  # picklable, so a Dask worker's refusal reaches the caller whole
        return (type(self), (self.kind, self.file, self.problems))


def workspace_mapping(kind: str, data_dir):
    """The ``kind`` section of the mapping of the workspace in ``data_dir`` (None without one): the default mapping."""
    d = Path(data_dir)
    if not (d / "windoweval.toml").is_file():
        return None
    from ..workspace import load_workspace

    return load_workspace(d).mapping().get(kind)


def find_file(kind: str, data_dir: str | os.PathLike, mapping=None) -> Path | None:
    """The file (or Parquet dataset directory) holding ``kind`` in ``data_dir``, if any (the first, if several)."""
    got = find_files(kind, data_dir, mapping)
    return got[0] if got else None


def find_files(kind: str, data_dir: str | os.PathLike, mapping=None) -> list[Path]:
    """The files holding ``kind``: those the mapping's ``file`` names (kept inside ``data_dir``), else ``<kind>.*``.

    Without ``mapping``, the mapping of the workspace in ``data_dir`` (if any) is used.

    Examples
    --------
    >>> find_files("work_orders", "/nonexistent")
    []
    """
    from .io import SUFFIXES
    from .mapping import KindMapping, MappingError

    d = Path(data_dir)
    if mapping is None:
        mapping = workspace_mapping(kind, d)
    km = KindMapping.of(kind, mapping) if mapping else None
    if km is not None and km.file:
        root = d.resolve()
        out = []
        for pat in km.file:
            got = sorted(root.glob(pat)) if any(ch in pat for ch in "*?[") else [root / pat]
            for g in got:
                r = g.resolve()
                if not r.is_relative_to(root):
                    raise MappingError(f"{km.source}: {kind}.file: {pat!r} 指向数据目录之外;请把文件放进 {root}\n"
                                       f"{km.source}: {kind}.file: {pat!r} points outside the data directory; "
                                       f"put the file in {root}")
                if not r.exists():
                    raise MappingError(f"{km.source}: {kind}.file: 找不到文件 {r} / file not found: {r}")
            if not got:
                raise MappingError(f"{km.source}: {kind}.file: 没有文件与 {pat!r} 相符 / no file matches {pat!r} in {root}")
            out += [g for g in got if g not in out]
        return out
    for cand in [d / kind] + [d / f"{kind}{suf}" for suf in SUFFIXES]:
        if cand.exists():
            return [cand]
    return []


def _problem(file, rows, column, values, zh, en) -> pd.DataFrame:
    return pd.DataFrame({"file": file if isinstance(file, np.ndarray) else str(file), "row": rows, "column": column,
                         "value": values,
                         "problem_zh": zh, "problem_en": en})


_TZ_RE = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$"
_TRUE = ["true", "1", "yes", "y", "是", "有", "t", "√", "✓", "对"]
_FALSE = ["false", "0", "no", "n", "否", "无", "f", "×", "✗", "错"]


def _datetime_text(s: pd.Series) -> pd.Series:
    """Date-time text as pandas parses it: full-width digits (NFKC) and 2025年3月4日 9时05分 written out."""
    if s.str.isascii().fillna(True).all():
        return s
    s = s.str.normalize("NFKC")
    if s.str.contains("[年月日时時分秒]", regex=True).any():
        s = (s.str.replace(r"(\d)\s*年\s*(\d)", r"\1-\2", regex=True).str.replace(r"(\d)\s*月\s*(\d)", r"\1-\2", regex=True)
             .str.replace(r"(\d)\s*日", r"\1 ", regex=True).str.replace(r"(\d)\s*[时時点]\s*", r"\1:", regex=True)
             .str.replace(r"(\d)\s*分\s*", r"\1:", regex=True).str.replace("秒", "", regex=False)
             .str.replace(r":\s*$", "", regex=True).str.strip())
    if s.str.contains("上午|下午|晚上|中午|凌晨|早上", regex=True).any():  # 下午 3:05 -> 3:05 PM
        s = (s.str.replace(r"^(.*?)\s*(上午|凌晨|早上)\s*(.*)$", r"\1 \3 AM", regex=True)
             .str.replace(r"^(.*?)\s*(下午|晚上|中午)\s*(.*)$", r"\1 \3 PM", regex=True))
    return s


def _parse_datetimes(raw: pd.Series, blank: pd.Series, name, files, rownum, probs) -> pd.Series:
    col = raw
    if pd.api.types.is_datetime64_any_dtype(col):
        if getattr(col.dt, "tz", None) is not None:
            col = col.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        return col.astype("datetime64[ns]")
    s = _datetime_text(raw.astype("string").str.strip())
    # a zone written after the time (Z, +08:00, -0500, UTC): cheap tests first, the pattern on the candidates only
    tail = s.str[-6:]
    cand = (s.str.contains("+", regex=False) | s.str.upper().str.endswith(("Z", "UTC", "GMT"))
            | ((s.str.len() > 10) & tail.str.contains("-", regex=False))).fillna(False).to_numpy(dtype=bool)
    zoned = np.zeros(len(s), dtype=bool)
    if cand.any():
        zoned[cand] = s[cand].str.contains(_TZ_RE, regex=True).fillna(False).to_numpy(dtype=bool)
    zoned &= ~blank.to_numpy()
    conv = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if zoned.any():
        naive = ~zoned & ~blank.to_numpy()
        if naive.any():  # one column, two readings of the clock: refuse the fewer
            few = naive if naive.sum() <= zoned.sum() else zoned
            probs.append(_problem(files[few], rownum[few], name, raw[few].astype(str).tolist(),
                                  f"同一列中有 {int(zoned.sum())} 个带时区的时间和 {int(naive.sum())} 个不带时区的时间,"
                                  f"无法确定这些值是哪个时区;请统一为北京时间(不带时区)或全部带上时区",
                                  f"the column mixes {int(zoned.sum())} times with a zone and {int(naive.sum())} without; "
                                  f"the zone of these is unknown: write all as Beijing time without zone, or all with zones"))
            blank = blank | pd.Series(few, index=raw.index)
        z = pd.to_datetime(s.where(pd.Series(zoned, index=s.index)), errors="coerce", utc=True, format="mixed")
        conv[zoned] = z[zoned].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None).astype("datetime64[ns]")
        rest = ~zoned
    else:
        rest = np.ones(len(s), dtype=bool)
    if rest.any():
        sub = s[rest]
        try:
            parsed = pd.to_datetime(sub, errors="coerce", format="mixed")
        except (ValueError, OverflowError, TypeError):
            parsed = pd.to_datetime(sub, errors="coerce", format="mixed", utc=True).dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
        plain = (parsed.isna() & sub.notna()).to_numpy(dtype=bool)   # only what did not parse can be a serial
        num = pd.Series(np.nan, index=sub.index)
        if plain.any():
            num[plain] = pd.to_numeric(sub[plain].astype(object), errors="coerce")
        serial = num.between(20000, 80000).to_numpy()  # an Excel serial day number (1954..2119)
        if serial.any():
            parsed = parsed.astype("datetime64[ns]")
            parsed[serial] = (pd.Timestamp("1899-12-30") + pd.to_timedelta(num[serial] * 86400, unit="s")).dt.round("s")
        conv[rest] = parsed.astype("datetime64[ns]")
    return conv


def _coerce(df: pd.DataFrame, c: Contract, files: np.ndarray, rownum: np.ndarray) -> tuple[pd.DataFrame, list]:
    probs = []
    out = pd.DataFrame(index=df.index)
    for name, spec in c.columns.items():
        if name not in df:  # an optional column the export lacks: empty, with the contract's type
            dt = {"datetime": "datetime64[ns]", "date": "datetime64[ns]", "int": "Int64", "float": "Float64",
                  "bool": "boolean"}.get(spec["type"], "string")
            out[name] = pd.Series(pd.NA if dt != "datetime64[ns]" else pd.NaT, index=df.index, dtype=dt)
            continue
        raw = df[name]
        t = spec["type"]
        typed = (pd.api.types.is_datetime64_any_dtype(raw) or pd.api.types.is_bool_dtype(raw)
                 or (pd.api.types.is_numeric_dtype(raw) and not isinstance(raw.dtype, pd.CategoricalDtype)))
        # a typed column (Parquet) has no blank text: skip turning every value into a string
        blank = raw.isna() if typed else raw.isna() | (raw.astype("string").str.strip() == "")
        if t in ("datetime", "date"):
            conv = _parse_datetimes(raw, blank, name, files, rownum, probs)
            if t == "date":
                conv = conv.dt.normalize()
            bad = (conv.isna() & ~blank).to_numpy()
            if probs and name in set(probs[-1]["column"]):  # rows already named (mixed zones)
                bad &= ~np.isin(rownum, probs[-1]["row"].to_numpy())
            if bad.any():
                probs.append(_problem(files[bad], rownum[bad], name, raw[bad].astype(str).tolist(),
                                      "不是有效的日期时间(应如 2025-03-04 09:05:12)",
                                      "not a valid date/time (expected like 2025-03-04 09:05:12)"))
            out[name] = conv
        elif t in ("int", "float"):
            src = raw
            if not typed:
                src = raw.astype("string").str.strip()
                if not src.str.isascii().fillna(True).all():
                    src = src.str.normalize("NFKC")
                if src.str.contains(",", regex=False).any():
                    src = src.str.replace(",", "", regex=False)
            conv = pd.to_numeric(src.astype(object) if not typed else src, errors="coerce")
            conv = pd.Series(pd.Series(conv).astype("Float64").to_numpy(dtype=float, na_value=np.nan), index=df.index)
            nan = conv.isna().to_numpy()
            bad = nan & ~blank.to_numpy()
            inf = np.isinf(conv.to_numpy())
            frac = (~nan & ~inf & (conv != conv.round()).to_numpy()) if t == "int" else np.zeros(len(conv), bool)
            lo, hi = spec.get("min", 0), spec.get("max")
            vals = conv.to_numpy()
            low = ~nan & ~inf & (vals < lo) if lo is not None else np.zeros(len(conv), bool)
            high = ~nan & ~inf & (vals > hi) if hi is not None else np.zeros(len(conv), bool)
            for mask, zh, en in (
                    (bad, "应为整数" if t == "int" else "应为数字", "expected a whole number" if t == "int" else "expected a number"),
                    (inf, "不是有限的数值(inf/无穷大不可用)", "not a finite number (inf cannot be used)"),
                    (frac, "应为整数", "expected a whole number"),
                    (low, f"不能小于 {lo}" + ("(不能为负数)" if lo == 0 else ""), f"must not be below {lo}"
                     + (" (negative)" if lo == 0 else "")),
                    (high, f"不能大于 {hi}", f"must not be above {hi}")):
                if mask.any():
                    probs.append(_problem(files[mask], rownum[mask], name, raw[mask].astype(str).tolist(), zh, en))
            bad = bad | inf | frac | low | high
            conv = conv.where(~bad)
            out[name] = conv.astype("Int64" if t == "int" else "Float64")
        elif t == "bool":
            s = raw.astype("string").str.strip().str.normalize("NFKC").str.casefold()
            truthy = s.isin(_TRUE)
            falsy = s.isin(_FALSE)
            bad = (~(truthy | falsy) & ~blank).to_numpy()
            if bad.any():
                probs.append(_problem(files[bad], rownum[bad], name, raw[bad].astype(str).tolist(),
                                      "应为 是/否", "expected yes/no (是/否, true/false, 1/0)"))
            col = pd.Series(pd.array(truthy.to_numpy(), dtype="boolean"), index=df.index)
            col[(~(truthy | falsy)).to_numpy()] = pd.NA
            out[name] = col
        else:  # string, category
            s = raw.astype("string").str.strip()
            out[name] = s.where(~blank)
    return out, probs


def validate(df: pd.DataFrame, kind: str, file: str = "<data>", value_map: dict | None = None,
             first_row: int = 2, only: list[str] | None = None, rows: np.ndarray | None = None,
             files: np.ndarray | None = None, extra: list | None = None) -> pd.DataFrame:
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
    rows, files : arrays, optional
        Each record's row number and file (or sheet), when the records come from several
        tables or skip rows (default ``first_row``, ``first_row + 1``, ... of ``file``).
    extra : list of DataFrame, optional
        Problems found before (a mapping's), reported with these.

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
    rownum = np.asarray(rows) if rows is not None else np.arange(first_row, first_row + len(df))
    files = np.asarray(files, dtype=object) if files is not None else np.full(len(df), str(file), dtype=object)
    problems = [p for p in (extra or []) if len(p)]
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
    typed, probs = _coerce(df, c, files, rownum)
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
            cs = pd.Series(col, index=allowed.index)
            zh = ("取值不在允许范围内 " + allowed + ";若这是导出系统的代码,请在 mapping.yaml 的 " + c.kind + ".values." + cs
                  + " 中写 `代码: 取值`")
            en = ("value not allowed; expected one of " + allowed + "; if it is the export's code, write `code: value` "
                  "under " + c.kind + ".values." + cs + " in mapping.yaml")
            zh[nulls], en[nulls] = "必填项为空", "required value is empty"
            zh[uniq], en[uniq] = f"与其他行重复(键 {c.key})", f"duplicates another row (key {c.key})"
            zh, en = zh.to_numpy(), en.to_numpy()
            value = fc["failure_case"].astype(str).to_numpy()
            if uniq.any():
                key0 = c.key[0]
                value[uniq] = df[key0].astype(str).to_numpy()[i[uniq]]
            pr = pd.DataFrame({"file": files[i], "row": rownum[i], "column": col, "value": value,
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


@dataclass
class Loaded:
    """What reading one kind's files found: the records, and how each table's headers were used."""

    kind: str
    frame: pd.DataFrame
    files: list
    plans: list = field(default_factory=list)      # mapping.Plan per table read
    ignored: list = field(default_factory=list)    # (table, why) for sheets not read


def load(kind: str, data_dir, mapping=None, year: int | None = None, read_cols: list[str] | None = None) -> Loaded:
    """Read every table of the ``kind`` files of ``data_dir`` through the mapping, and validate them together.

    Every sheet of a workbook whose headers supply the kind's required columns is
    read (rows named ``file[sheet]``); a sheet with none of them is listed in
    ``ignored``; a sheet with some but not all is refused like a file.

    Raises
    ------
    RecordsError, ExportError, MappingError, InputError
        Each naming the file, the row, the column, the value and the fix.
    """
    from .mapping import KindMapping

    c = contracts()[kind]
    d = Path(data_dir)
    if mapping is None:
        mapping = workspace_mapping(kind, d)
    km = KindMapping.of(kind, mapping)
    files = find_files(kind, d, km)
    if not files:
        empty = validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), kind, file=str(d / kind))
        return Loaded(kind, empty, [])
    if len(files) == 1 and (files[0].is_dir() or files[0].suffix == ".parquet") and read_cols:
        import pyarrow.parquet as pq
        try:
            names = set(pq.read_schema(files[0]).names) if files[0].is_file() else None
        except Exception:  # noqa: BLE001 - a broken file is refused by the general path below
            names = None
        if names is not None and set(read_cols) <= names and not (km.pick or km.combine or km.constant or km.columns):
            df = pd.read_parquet(files[0], columns=read_cols)
            return Loaded(kind, validate(df, kind, file=str(files[0]), only=read_cols), files)
    label = str(files[0]) if len(files) == 1 else f"{d / kind} ({len(files)} files)"
    return load_files(kind, files, km, label, read_cols)


def _missing_problems(t, plan, c: Contract, km, miss: list) -> pd.DataFrame:
    """One problem per required column the export lacks, with the closest unused headers and the fix."""
    from .mapping import norm

    spare = {norm(h): h for h in plan.ignored}
    rows = []
    for col in miss:
        spec = c.columns[col]
        names = [norm(x) for x in [col, spec.get("zh", col), *(spec.get("aliases") or [])]]
        close = []
        for nm in names:
            close += [spare[x] for x in difflib.get_close_matches(nm, list(spare), n=2, cutoff=0.5) if spare[x] not in close]
        hint_zh = f"导出中最接近的表头:{'、'.join(close[:3])};" if close else ""
        hint_en = f"closest headers in the export: {', '.join(close[:3])}; " if close else ""
        ex = close[0] if close else "导出表头"
        rows.append({"file": t.label, "row": t.first_row - 1, "column": col, "value": "",
                     "problem_zh": f"缺少必需的列 {col}({spec.get('zh', col)}),没有一个表头对应到它;{hint_zh}"
                                   f"请在 mapping.yaml 的 {c.kind}.columns 中写 `{ex}: {col}`(或用 pick/combine/constant)",
                     "problem_en": f"required column {col} is missing: no header maps onto it; {hint_en}"
                                   f"write `{ex}: {col}` under {c.kind}.columns in mapping.yaml (or use pick/combine/constant)"})
    return pd.DataFrame(rows)


def load_files(kind: str, files: list, mapping=None, label: str | None = None,
               read_cols: list[str] | None = None) -> Loaded:
    """:func:`load` for files given (a delivery being imported, say)."""
    from .io import read_tables
    from .mapping import KindMapping, apply_mapping, required_found

    c = contracts()[kind]
    km = KindMapping.of(kind, mapping)
    files = [Path(f) for f in files]
    frames, rows, labels, plans, ignored = [], [], [], [], []
    for f in files:
        tables = read_tables(f, km.header_row, km.encoding)
        multi = len(tables) > 1
        kept = 0
        for t in tables:
            if not t.headers or (not len(t.frame) and multi):
                ignored.append((t.label, "空表 / empty sheet"))
                continue
            if multi and required_found(t.headers, kind, km) == 0:
                ignored.append((t.label, "表头中没有这类记录的必需列 / no required column of this kind among its headers"))
                continue
            df, plan = apply_mapping(t.frame, t.headers, kind, km, t.label, t.row_numbers())
            miss = [col for col in c.required if col not in df.columns and (not read_cols or col in read_cols)]
            if miss:
                raise RecordsError(kind, t.label, _missing_problems(t, plan, c, km, miss))
            frames.append(df)
            rows.append(plan.row_numbers)
            labels.append(np.full(len(df), t.label, dtype=object))
            plans.append(plan)
            kept += 1
        if multi and not kept:
            names = "、".join(lbl for lbl, _ in ignored[-len(tables):])
            raise InputError(f"{f}: 工作簿中没有一个工作表含有“{c.zh}”的必需列({', '.join(c.required)});"
                             f"请检查表头,或在 mapping.yaml 中对应。已查看 / sheets looked at: {names}\n"
                             f"{f}: no sheet of the workbook has the required columns of {kind} "
                             f"({', '.join(c.required)}); check the headers or map them in mapping.yaml")
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    label = label or str(files[0])
    rows, labels = np.concatenate(rows), np.concatenate(labels)
    out = validate(df, kind, file=label, rows=rows, files=labels, only=read_cols,
                   extra=[p for pl in plans for p in pl.problems])
    if km.known_windows is not None and "window_id" in out:
        from .mapping import unknown_window_problems
        pr = unknown_window_problems(out, km.known_windows, rows, labels)
        if len(pr):
            raise RecordsError(kind, label, pr)
    return Loaded(kind, out, files, plans, ignored)


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
    mapping : dict or KindMapping, optional
        This kind's section of the workspace's mapping file (see
        :mod:`windoweval.records.mapping`): ``columns``, ``pick``, ``combine``,
        ``constant``, ``values``, ``file``, ...; by default the mapping of the
        workspace in ``data_dir`` (``{}``: none).

    Returns
    -------
    DataFrame with the contract's columns (or ``columns``), typed; empty with
    those columns when the directory holds no file of this kind.
    """
    c = contracts()[kind]
    d = paths.data_dir(data_dir)
    if mapping is None:  # the workspace's own mapping, as every command gives it
        mapping = workspace_mapping(kind, d)
    f = find_file(kind, d, mapping)
    if f is not None and f.is_dir():
        from ..store import is_validated, read_validated
        if is_validated(f, kind):  # imported through validate() under this contract: not again
            df = read_validated(kind, f, year=year, columns=columns)
            km = mapping if hasattr(mapping, "known_windows") else None
            if km is not None and km.known_windows is not None and "window_id" in df:
                from .mapping import unknown_window_problems
                n = len(df)
                pr = unknown_window_problems(df, km.known_windows, np.arange(1, n + 1), np.full(n, str(f), dtype=object))
                if len(pr):
                    raise RecordsError(kind, str(f), pr.assign(row=0))
            return df
    read_cols = None
    if columns and f is not None and (f.is_dir() or f.suffix == ".parquet"):
        per = list(getattr(c, "periods", ()) or ([c.period] if c.period else []))
        read_cols = list(dict.fromkeys(list(columns) + c.key + per))
    df = load(kind, d, mapping, year, read_cols).frame
    if year is not None and c.period is not None and len(df):
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
