"""Record contracts: what each kind of record must look like (``contracts.yaml``), and the refusal of a file that does not.

Examples
--------
>>> c = contracts()["work_orders"]
>>> c.period, c.columns["received_at"]["type"]
('received_at', 'datetime')
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import paths
from ..errors import InputError
from .problems import Problems


@dataclass
class Contract:
    """One kind of record: its columns, key and period column.

    Examples
    --------
    >>> wo = contracts()["work_orders"]
    >>> wo.kind, wo.zh, wo.periods[0]
    ('work_orders', '业务工单', 'filed_at')
    >>> list(wo.columns)[:4]
    ['order_id', 'window_id', 'customer_id', 'order_type']
    """

    kind: str
    zh: str
    en: str
    columns: dict
    key: list[str]
    example: dict = field(default_factory=dict)
    periods: tuple = ()  # the contract's own ``period``: columns whose first recorded value places a record in a year
    not_before: dict = field(default_factory=dict)  # end column -> the columns it must not precede (refused when read)
    #: end column -> the columns it should not precede, where a row that does is kept, not refused: only the rules
    #: reading both columns cannot judge it (missing evidence); ``records check`` lists such rows
    flag_before: dict = field(default_factory=dict)
    #: pairs of columns a record may have one of written, not both (a call answered yet abandoned): the row is kept,
    #: the rules reading them count it as missing evidence; ``records check`` lists such rows
    flag_both: tuple = ()
    #: total column -> the columns that are parts of it (a monitor's minutes over and under its limits, within its
    #: minutes monitored): a record whose parts together exceed the total is refused when read
    sum_within: dict = field(default_factory=dict)
    #: month column -> the day column it is the month of (a monitor's 统计月份 and 统计日期): a blank month takes the
    #: month of its day (every row then carries its month: the year's column), a month written that is not the
    #: day's is refused when read
    month_of: dict = field(default_factory=dict)
    #: (zh, en): the fix of a record none of whose ``periods`` holds a date, where the contract words its own (a
    #: monitor's day or month); else a filing's (:func:`~windoweval.records.validate._undated_problems`)
    undated_fix: tuple = ()
    #: rate column -> (total, parts, less): a rate a system states from the row's own numbers, ``sum(parts) / total``
    #: (``less``: ``(total - sum(parts)) / total``), in percent or as a fraction (a monitor's 电压合格率(%), 超上限率):
    #: a record whose stated rate contradicts them beyond its rounding is refused when read; the rate is never read
    #: in their place (:func:`~windoweval.records.order.rate_problems`)
    rate_of: dict = field(default_factory=dict)
    #: value column -> the column whose text names it (a monitor's 额定电压 from its 电压等级, 10kV): where the file
    #: has no value column, each row's is read from the other's text as written; a text that names none is refused
    #: (:func:`~windoweval.records.validate._nominal_from`)
    nominal_from: dict = field(default_factory=dict)

    def year_of(self, df: pd.DataFrame, turns: bool = True) -> pd.Series:
        """The year each record belongs to: of the first recorded ``periods`` column (filing before clock start);
        a dialogue's turns their first turn's (:meth:`of_first_turn`), each row its own with ``turns=False``."""
        cols = [c for c in (self.periods or (self.period,)) if c in df]
        timed = self.columns[cols[0]]["type"] in ("datetime", "date")
        per = pd.to_datetime(df[cols[0]]) if timed else df[cols[0]]
        for c in cols[1:]:
            per = per.fillna(pd.to_datetime(df[c]) if timed else df[c])
        years = per.dt.year if pd.api.types.is_datetime64_any_dtype(per) else pd.to_numeric(per)
        return self.of_first_turn(df, years) if turns else years

    def of_first_turn(self, df: pd.DataFrame, values: pd.Series) -> pd.Series:
        """``values`` (one per row of ``df``) with each turn of a dialogue exported one turn per row (a ``speaker``
        column: transcripts) given its recording's first turn's value: such a dialogue belongs whole to the year of
        its first turn, as one record (:func:`windoweval.dialogue.join_turns` dates it so), is stored whole in that
        year's partition, and its turns after midnight on 31 December are not cut off it, nor is one begun the year
        before judged without its first turn (diff41: the year filter and the store took each row by its own time).
        Other records: their own values."""
        if "speaker" not in self.columns or "speaker" not in df or not self.key or self.key[0] not in df:
            return values
        turned = df["speaker"].notna().to_numpy(dtype=bool)
        if not turned.any():
            return values
        at = np.flatnonzero(turned)
        order = pd.DataFrame({"_id": df[self.key[0]].to_numpy()[turned], "_pos": at})
        if "turn" in df:
            order["_turn"] = pd.to_numeric(df["turn"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)[turned]
        keys = ["_id"] + (["_turn"] if "turn" in df else []) + ["_pos"]
        first = order.sort_values(keys, kind="stable").groupby("_id", sort=False, dropna=False).head(1)
        of = pd.Series(first["_pos"].to_numpy(), index=first["_id"].to_numpy())
        src = order["_id"].map(of).to_numpy(dtype=np.int64)
        out = values.astype(float) if pd.api.types.is_integer_dtype(values.dtype) else values.copy()
        out.iloc[at] = out.iloc[src].to_numpy()
        return out

    def year_counts(self, df: pd.DataFrame) -> dict[int, int]:
        """``{year: records}``: how many records of ``df`` each year holds, as :meth:`rows_of_year` keeps them (by
        :meth:`year_of`); ``{}`` for a kind without a period or a frame without its column.  A year's scorecard says
        from it how many records of other years it left out (years44: every row counted, none dropped unsaid).

        Examples
        --------
        >>> c = contracts()["work_orders"]
        >>> df = pd.DataFrame({"filed_at": pd.to_datetime(["2024-12-31 16:00", None, None]),
        ...                    "received_at": pd.to_datetime(["2025-01-02 10:00", "2025-01-06 09:00", "2024-05-01 08:00"])})
        >>> c.year_counts(df)       # the first filed in 2024 belongs to 2024
        {2024: 2, 2025: 1}
        """
        if self.period is None or self.period not in df or not len(df):
            return {}
        y = pd.to_numeric(self.year_of(df), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        y = y[~np.isnan(y)].astype(np.int64)
        if not len(y):
            return {}
        lo = int(y.min())
        n = np.bincount(y - lo)
        return {lo + int(i): int(n[i]) for i in np.flatnonzero(n)}

    def rows_of_year(self, df: pd.DataFrame, year: int | None) -> pd.DataFrame:
        """The records of ``df`` that belong to ``year`` (:meth:`year_of`); all of them without a year or a period.

        The one year filter: records read from files, from the store and on Dask partitions all pass here.

        Examples
        --------
        >>> c = contracts()["work_orders"]
        >>> df = pd.DataFrame({"filed_at": pd.to_datetime(["2025-12-31 16:00", None]),
        ...                    "received_at": pd.to_datetime(["2026-01-05 10:00", "2026-01-06 09:00"])})
        >>> c.rows_of_year(df, 2025)["received_at"].dt.year.tolist()   # filed in 2025, the clock starts in 2026
        [2026]
        """
        if year is None or self.period is None or self.period not in df or not len(df):
            return df
        keep = (self.year_of(df) == int(year)).to_numpy(dtype=bool, na_value=False)
        return df if keep.all() else df[keep]

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


def _nominal_from(spec, columns: dict, kind: str) -> dict:
    """A contract's ``nominal_from`` (``{value column: text column}``), both columns of the contract.

    Examples
    --------
    >>> _nominal_from({"v": "t"}, {"v": {"type": "float"}, "t": {"type": "category"}}, "k")
    {'v': 't'}
    """
    for col, src in (spec or {}).items():
        if col not in columns or columns[col]["type"] != "float" or src not in columns:
            raise ValueError(f"contracts.yaml {kind}.nominal_from: {col!r} from {src!r} are not columns of {kind}")
    return dict(spec or {})


@functools.lru_cache(maxsize=None)
def _load(path: str) -> dict:
    # the C parser where PyYAML has it: the same data (the same safe constructor), several times faster
    raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    out = {}
    for kind, spec in raw.items():
        key = spec["key"] if isinstance(spec["key"], list) else [spec["key"]]
        per = spec.get("period") or ()
        from .order import parse_pairs, parse_rates, parse_rules
        out[kind] = Contract(kind, spec["zh"], spec["en"], spec["columns"], key, spec.get("example", {}),
                             tuple([per] if isinstance(per, str) else per),
                             parse_rules(spec.get("not_before"), spec["columns"], kind),
                             parse_rules(spec.get("flag_before"), spec["columns"], kind, "flag_before"),
                             parse_pairs(spec.get("flag_both"), spec["columns"], kind),
                             parse_rules(spec.get("sum_within"), spec["columns"], kind, "sum_within", ("int", "float")),
                             parse_rules(spec.get("month_of"), spec["columns"], kind, "month_of"),
                             tuple(spec.get("undated_fix") or ()),
                             parse_rates(spec.get("rate_of"), spec["columns"], kind),
                             _nominal_from(spec.get("nominal_from"), spec["columns"], kind))
    return out


def contracts(path: str | os.PathLike | None = None) -> dict[str, Contract]:
    """All record contracts, by kind.

    Examples
    --------
    >>> c = contracts()
    >>> c["work_orders"].required, c["work_orders"].key
    (['order_id', 'window_id', 'order_type', 'received_at'], ['order_id'])
    """
    return _load(str(path or paths.CONTRACTS_FILE))


@functools.lru_cache(maxsize=None)
def _not_personal(path: str) -> frozenset:
    named: dict = {}     # column name -> whether every contract holding it declares it not personal
    for c in _load(path).values():
        for col, spec in c.columns.items():
            named[col] = named.get(col, True) and spec.get("personal") is False
    return frozenset(col for col, ok in named.items() if ok)


def not_personal_columns(path: str | os.PathLike | None = None) -> frozenset:
    """The columns the record contracts declare not personal (``personal: false``), though named like a person's
    field: a service offering's ``name`` (柜台缴费) is a service, no one's name.  A name counts only when every
    contract that has a column of that name declares it so; every other column named like a person's field stays
    masked whole (:func:`windoweval.privacy.whole_personal_columns`).  The outputs of records read through their
    contract pass this set to the gate; a mapping cannot put a person's column under such a name
    (:func:`windoweval.records.mapping.parse_section` refuses it).

    Examples
    --------
    >>> sorted(not_personal_columns())
    ['name']
    """
    return _not_personal(str(path or paths.CONTRACTS_FILE))


#: The fix of each records refusal whose message says only what is wrong (Chinese, English), by code: every refusal a
#: user reads says what to do (left19 #3); a code not here gets :data:`FIX_OTHER`.
RECORD_FIXES = {
    "bad_date": ("请在导出系统中改正这个时间,以年在前的格式导出(如 2025-03-04 09:05);若这一列另有写法,在 mapping.yaml 中对应",
                 "correct this time in the exporting system and export it year first (such as 2025-03-04 09:05); if the "
                 "column is written another way, map it in mapping.yaml"),
    "missing_value": ("请在导出系统中补上这个值后重新导出;若这一行不是记录(合计、说明)或是没有发生的服务(状态列写着已登记未检查、"
                      "未接收、已取消),在 mapping.yaml 的 drop 中跳过(如 drop: {状态表头: [该状态]})",
                      "fill in this value in the exporting system and export again; if the row is no record (a total, "
                      "a note) or a service that never took place (its status column says registered but not examined, "
                      "not received, cancelled), skip it with `drop` in mapping.yaml (drop: {status header: [that "
                      "status]})"),
    "not_yes_no": ("请写 是/否(或 true/false、1/0);若导出系统另有写法,在 mapping.yaml 的 values 中对应",
                   "write 是/否 (or true/false, 1/0); if the export writes it another way, map it under `values` in "
                   "mapping.yaml"),
    "non_numeric": ("请改为数字(不带文字;单位只可写在数字之后,如 30分钟)后重新导出",
                    "write a number (no words; a unit only after the number, such as 30分钟) and export again"),
    "ambiguous_duration": ("请写成 时:分:秒(01:20:00 即 80 分钟,00:01:20 即 80 秒)或带单位(80分钟、1小时20分)后重新导出",
                           "write it as h:m:s (01:20:00 is 80 minutes, 00:01:20 is 80 seconds) or with a unit (80分钟, "
                           "1小时20分) and export again"),
    "not_finite": ("请改为实际的有限数值后重新导出", "write the actual, finite value and export again"),
    "not_whole": ("请改为整数后重新导出", "write a whole number and export again"),
    "out_of_range": ("请在导出系统中核对并改正这个值后重新导出", "check and correct this value in the exporting system, "
                     "then export again"),
    "id_too_long": ("请在导出系统或表格软件中改正该单元格(闭合引号,或把文本移回它的列)后重新导出",
                    "correct that cell in the exporting system or the spreadsheet (close the quote, or move the text "
                    "back to its column) and export again"),
    "missing_column": ("请在 mapping.yaml 中把导出的表头对应到这些列(windoweval records map 可提议),或在导出中加上这些列",
                       "map the export's headers onto these columns in mapping.yaml (windoweval records map proposes "
                       "it), or add the columns to the export"),
}
FIX_OTHER = ("请在导出系统中改正这个值后重新导出(数据约定见 data/README.md)",
             "correct the value in the exporting system and export again (the contracts: data/README.md)")


def with_fixes(problems: Problems) -> Problems:
    """``problems`` with every error that states no fix given its code's (:data:`RECORD_FIXES`, else
    :data:`FIX_OTHER`), vectorised.

    Examples
    --------
    >>> p = Problems.of(file="a.csv", row=[2], column="received_at", value="2025-13-01", code="bad_date",
    ...                 problem_zh="不是日期", problem_en="not a date")
    >>> with_fixes(p)["fix_en"].iloc[0][:30]
    'correct this time in the expor'
    """
    if not len(problems):
        return problems
    bare = ((problems["fix_zh"] == "") & (problems["fix_en"] == "") & (problems["severity"] == "error")).to_numpy()
    if not bare.any():
        return problems
    out = problems.copy()
    code = out["code"].astype(str)
    for k, lang in ((0, "fix_zh"), (1, "fix_en")):
        fixes = code.map({c: f[k] for c, f in RECORD_FIXES.items()}).fillna(FIX_OTHER[k])
        out.loc[bare, lang] = fixes[bare].to_numpy()
    return Problems(out)


class RecordsError(InputError):
    """A records file that does not meet its contract.

    ``problems`` is the package's one problem table (:class:`~windoweval.records.problems.Problems`,
    as the survey's delivery checks give it): file, row (as the spreadsheet shows it), line, record_id,
    column, value, severity, code, problem_zh, problem_en, fix_zh, fix_en.

    Examples
    --------
    >>> from windoweval.records import validate
    >>> try:
    ...     validate(pd.DataFrame({"order_id": ["1"], "window_id": ["PW01"], "order_type": ["fault_repair"],
    ...                            "received_at": ["2025-13-01 08:00"]}), "work_orders", file="工单.csv")
    ... except RecordsError as e:
    ...     print(e.exit_code, e.problems[["row", "column", "value"]].to_dict("records"))
    3 [{'row': 2, 'column': 'received_at', 'value': '2025-13-01 08:00'}]
    """

    def __init__(self, kind: str, file: str, problems: pd.DataFrame, headers: dict | None = None):
        problems = with_fixes(Problems.conform(problems))
        self.kind, self.file, self.problems, self.headers = kind, file, problems, headers
        # a column the contracts declare not personal (a service's name) shown as every output shows it (safety22);
        # a column named by the export's header it was read from, where the mapping tells (``headers``)
        shown = problems.lines(limit=20, file=str(file), not_personal=not_personal_columns(), headers=headers)
        zh = contracts()[kind].zh if kind in contracts() else kind
        super().__init__(
            f"{file}: {len(problems)} 处不符合“{zh}”的数据约定,整个文件未被读入;"
            f"请改正后重试(约定见 data/README.md)。 / "
            f"{len(problems)} problem(s) against the {kind} contract; the file was not read. "
            f"Fix them and run again (contracts: data/README.md).\n" + "\n".join("  " + x for x in shown.splitlines())
        )

    def __reduce__(self):  # picklable, so a Dask worker's refusal reaches the caller whole
        return (type(self), (self.kind, self.file, self.problems, self.headers))



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
                   + (f"Year from / 年度依据: `{c.period or '-'}`." if len(c.periods) < 2 else
                      "Year from / 年度依据: " + ", else / 否则 ".join(f"`{p}`" for p in c.periods) + ".")
                   + (" Not before / 时间先后: " + "; ".join(f"`{e}` ≥ " + ", ".join(f"`{x}`" for x in xs)
                                                          for e, xs in c.not_before.items())
                      + "(结束早于开始的记录被拒绝 / a record whose end precedes its start is refused)."
                      if c.not_before else "")
                   + (" Flagged / 提示: " + "; ".join(f"`{e}` ≥ " + ", ".join(f"`{x}`" for x in xs)
                                                      for e, xs in c.flag_before.items())
                      + "(不符的记录保留,只有同时读这两个时间的时限记为缺少证据,`records check` 列出这些行 / a record that "
                        "breaks it is kept; only the rules reading both times count it as missing evidence, and "
                        "`records check` lists its rows)." if c.flag_before else "")
                   + (" Both written / 同时填写: " + "; ".join(f"`{b}` ≥ `{a}`" for a, b in c.flag_both)
                      + "(两者都填而后者早于前者的记录保留,读它们的时限记为缺少证据,`records check` 列出这些行;"
                        "后者不早于前者时按前者判断 / a record with both written and the second before the first is "
                        "kept; the rules reading them count it as missing evidence, and `records check` lists its "
                        "rows; with the second at or after the first, the first decides)." if c.flag_both else "")
                   + (" Parts within / 部分不超过总数: " + "; ".join(" + ".join(f"`{x}`" for x in xs) + f" ≤ `{t}`"
                                                           for t, xs in c.sum_within.items())
                      + "(超过的记录被拒绝 / a record whose parts exceed the total is refused)." if c.sum_within else "")
                   + (" Month of / 所在月份: " + "; ".join(f"`{m}` = " + ", ".join(f"`{x}`" for x in xs) + " 的月份 / its month"
                                                        for m, xs in c.month_of.items())
                      + "(为空时按日期补上,不一致的记录被拒绝 / blank: taken from the day; a month that is not the day's "
                        "is refused)." if c.month_of else "")
                   + (" Stated rates / 所报的率: " + "; ".join(
                       f"`{r}` = " + (f"(`{t}` − " + " − ".join(f"`{x}`" for x in xs) + f") / `{t}`" if less
                                      else " + ".join(f"`{x}`" for x in xs) + f" / `{t}`")
                       for r, (t, xs, less) in c.rate_of.items())
                      + "(百分数或小数均可;与分钟数不符、超出其小数位的记录被拒绝,率从不代替分钟数 / in percent or as a "
                        "fraction; a record whose rate contradicts its minutes beyond its decimals is refused; a rate "
                        "never replaces the minutes)." if c.rate_of else "")
                   + (" Read from / 由…读出: " + "; ".join(f"`{v}` ← `{t}`" for v, t in c.nominal_from.items())
                      + "(文件无该列时按后者所写读出,如 10kV → 10000;读不出的被拒绝 / where the file has no such "
                        "column, read from the other as written, 10kV → 10000; one that names none is refused)."
                      if c.nominal_from else "")
                   + "\n")
        out.append("| column 列 | 中文表头 | type 类型 | required 必填 | meaning 含义 |")
        out.append("|---|---|---|---|---|")
        for n, s in c.columns.items():
            t = s["type"] + (f": {', '.join(s['values'])}" if s.get("values") else "") + (f" ({s['unit']})" if s.get("unit") else "")
            al = "、".join(s.get("aliases") or [s.get("zh", "")])
            out.append(f"| `{n}` | {al} | {t} | {('是 yes(可空 may be blank)' if s.get('blank') else '是 yes') if s.get('required', True) else '否 no'} | {s.get('en', '')} |")
        ex = ", ".join(f"{k}={v}" for k, v in c.example.items())
        out.append(f"\nExample / 示例: {ex}\n")
    return "\n".join(out)
