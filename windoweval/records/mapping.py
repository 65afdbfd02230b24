"""The mapping file: how one organisation's exports become the contracts' columns, with no reshaping by hand.

One section per kind of records in ``mapping.yaml`` (named by ``mapping_file`` in
``windoweval.toml``); every key is optional (full reference and a worked example
in ``data/README.md``)::

    work_orders:
      file: 营销工单导出.xlsx          # the export (default: work_orders.csv/.xlsx/.parquet/...); a glob or a list
      sheets: [3月, 4月]               # the workbook's sheets to read (names or globs: 2025*); unset: every sheet
      header_row: 1                    # the row holding the headers, as the spreadsheet numbers it
      encoding: gb18030                # force the text encoding (default: detected)
      columns: {工单编号: order_id}     # export header -> contract column (as before)
      ignore: [备注]                    # headers deliberately not read
      drop: {工单编号: [合计, 总计]}      # rows that are not records (a total row), counted by records check
      pick:                            # a contract column taken from a different header per code
        received_at:
          by: 工单类型                   # the code column (an export header, or a contract column)
          cases: {高压新装: 验收合格及签订合同时间, 居民新装: 受理时间}
          default: 受理时间              # other codes (omit it: an unlisted code is refused; null: left empty)
      combine:                         # a date header and a time header make one date-time
        offered_at: {date: 来电日期, time: 来电时刻}
        answered_at: {date: 来电日期, time: 应答时刻, after: offered_at}   # before offered_at: the next day
        shift_start: {date: 考勤日期, time: 班次, part: start}   # a time range (09:00-17:00): its start ...
        shift_end: {date: 考勤日期, time: 班次, part: end, after: shift_start}   # ... and its end (22:00-06:00: next day)
        arrived_at: {date: 考勤日期, time: [上班1打卡时间, 上班2打卡时间], near: shift_start}   # a header per span
      derive:                          # a date-time from another plus a duration (an ACD's ring duration)
        answered_at: {from: offered_at, add: 振铃时长, unit: seconds, when: {呼叫结果: [接通]}}
      epoch:                           # a date-time written as a Unix time (1741137900): its unit and zone stated
        received_at: {unit: seconds, zone: UTC}   # milliseconds for 13 digits; zone UTC or Asia/Shanghai
      wide:                            # a checklist with one column per item: each filled cell one record
        {item: item, value: result, headers: {佩戴工牌: badge_worn, 在岗在位: at_post_on_task}}
      split: {customer_id: 停电用户}     # a cell listing several (户号 separated by ; 、 , or line breaks): a record each
      constant: {channel: phone}       # the same value in every record of the file
      sheet_as: window_id              # each workbook sheet's name the value of its records (a sheet per window)
      sequence: {turn: 录音编号}         # rows numbered 1, 2, ... within each 录音编号, in file order
      join: {visit_id: [检查日期, 被检查单位, 检查方式]}   # an id the export lacks: several headers' values, joined
      steps:                           # a process log, one row per step: one row per order (records.steps)
        {key: 工单编号, step: 环节名称, time: 环节时间, as: {受理: received_at, 竣工: completed_at}, ignore: [归档],
         repeated: {completed_at: last}}
      values:                          # codes -> the contract's values; an unmapped code is refused
        order_type: {居民新装: new_connection_resident}

Headers and codes are compared after trimming, Unicode NFKC (full-width letters,
NBSP) and case folding, with inner spaces ignored.  Two headers that land on one
contract column are refused, naming both.  Everything is vectorised: codes are
compared once per distinct code (``factorize``), rows then taken by integer code
and ``Series.mask``; no Python runs per row.

Examples
--------
>>> norm(" 受理\\u00a0时间 "), norm("ＰＷ０１")
('受理时间', 'pw01')
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .problems import Problems
from .totals import _count_shape
from .validate import _PERIOD_WORDS, _nominal_from, _placeholder

#: The code columns that hold a record's own outcome (a complaint's callback result): a row is a record whatever its
#: code, so a code no value stands for (回访结果 一般: a callback made, with a neutral view) is never proposed under
#: ``drop``; the organisation decides which value it is (:func:`_decide_code`).
OUTCOME_COLUMNS = ("callback_result", "hang_up")


def _decide_code(col: str, code: str, allowed) -> tuple[str, str]:
    """What the organisation must decide about ``code``, a code of ``col`` (:data:`OUTCOME_COLUMNS`: a record's own
    outcome) that no value of the contract stands for: which allowed value it is; its rows are records and are never
    dropped for it.  A callback's neutral result (一般, 基本满意) is a callback made, with a view: satisfied or
    dissatisfied by the organisation's own rule for its satisfaction rate, never a callback that did not happen.

    Examples
    --------
    >>> zh, en = _decide_code("callback_result", "一般", ["satisfied", "dissatisfied", "unreachable"])
    >>> "drop:" in zh + en, "回访已做" in zh, "satisfied or dissatisfied" in en
    (False, True, True)
    """
    one_of = ", ".join(map(str, allowed))
    if col == "hang_up":   # a call's own end: mapped to a value first; drop only for rows that are no calls at all
        return (f"代码 {code!r} 是来电的挂机原因,这些行是来电记录:请在 values.{col} 中写出它对应的取值——abandoned(接听前挂机、"
                f"放弃)、answered(已接听)或 other(不说明是否接听,按空白读取);挂机原因只在接听时间为空时读取。只有这些行根本"
                f"不是来电(如合计行)时,才在 drop 中去掉它们",
                f"Code {code!r} is a call's hang-up reason, so its rows are calls: write the value it stands for under "
                f"values.{col}: abandoned (hung up before an answer), answered (an agent answered) or other (says "
                f"nothing of an answer: read as blank); hang_up is read only where answered_at is blank. Only if "
                f"these rows are no calls at all (a total row) drop them with drop")
    if col == "callback_result":
        return (f"代码 {code!r} 是回访结果本身:回访已做、客户给出了评价,这些行是本类记录,不能去掉,也不是未回访;请由本单位按自己的"
                f"满意率口径决定它算 satisfied 还是 dissatisfied,写在 values.{col} 中({code}: satisfied 或 "
                f"{code}: dissatisfied)",
                f"Code {code!r} is a callback's own result: the callback was made and the customer gave a view, so its "
                f"rows are records, never dropped and never a callback not made; your organisation decides, by its own "
                f"rule for the satisfaction rate, whether it counts as satisfied or dissatisfied, and writes that "
                f"under values.{col} ({code}: satisfied or {code}: dissatisfied)")
    return (f"代码 {code!r} 是 {col} 本身的取值,这些行仍是本类记录,不能因此去掉;请由本单位决定它对应哪一个允许取值({one_of}),"
            f"写在 values.{col} 中",
            f"Code {code!r} is a value of {col} itself, so its rows are still records of this kind and are never dropped "
            f"for it: your organisation decides which allowed value it stands for ({one_of}) and writes that under "
            f"values.{col}")

__all__ = ["MappingError", "KindMapping", "parse_mapping", "norm", "norm_series", "Plan", "apply_mapping",
           "SECTION_KEYS"]

SECTION_KEYS = ("file", "sheets", "header_row", "encoding", "columns", "ignore", "drop", "pick", "combine", "derive", "epoch", "wide",
                "constant", "sequence", "join", "values", "speakers", "steps", "split", "attempts", "punches",
                "sheet_as")
#: The units a ``derive`` duration may be counted in, in seconds.
_DERIVE_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600}
_STRIP = dict.fromkeys(map(ord, " \t\r\n\u200b\u200c\u200d\u2060\ufeff"), None)


def norm(s) -> str:
    """A header or code as compared: NFKC, case-folded, with no whitespace.

    Examples
    --------
    >>> norm("Order ID"), norm("ＯＲＤＥＲ\\u3000id")
    ('orderid', 'orderid')
    """
    if s is None or (isinstance(s, float) and s != s):
        return ""
    return unicodedata.normalize("NFKC", str(s)).casefold().translate(_STRIP)


def norm_series(s: pd.Series) -> pd.Series:
    """:func:`norm` over a column: once per distinct value (codes repeat), then spread back by position.

    Examples
    --------
    >>> norm_series(pd.Series([" 居民新装", "居民新装", None, "ＡＢ"])).tolist()
    ['居民新装', '居民新装', <NA>, 'ab']
    """
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    normed = np.array([norm(u) for u in uniq] + [None], dtype=object)   # the last slot: missing (-1)
    return pd.Series(normed[codes], index=s.index, dtype="string")


class MappingError(InputError):
    """A mapping file that cannot be used as written: the file, the place in it and the fix (exit 3).

    Examples
    --------
    >>> try:
    ...     parse_mapping({"work_orders": {"columns": {"工单号": "no_such_column"}}}, "mapping.yaml")
    ... except MappingError as e:
    ...     print(e.exit_code, "no_such_column" in str(e))
    3 True
    """


def _bi(file, where, zh, en):
    """A :class:`MappingError` in both languages, its place in the mapping in corner brackets: a place ends in the
    user's header (``work_orders.drop.客户姓名``), and a label followed by ``: `` and the message's own words read as
    a label and a name to the privacy gate (``客户姓名: 应是取值列表`` became ``客户姓名: 某某列表``: leaks45).

    Examples
    --------
    >>> print(_bi("m.yaml", "work_orders.drop.客户姓名", "应是取值列表", "must be a list of values"))
    m.yaml: 「work_orders.drop.客户姓名」: 应是取值列表 / must be a list of values
    """
    return MappingError(f"{file}: 「{where}」: {zh} / {en}")


def sheet_matches(sheet, entry) -> bool:
    """Whether the workbook sheet ``sheet`` is the one a ``sheets`` entry names: compared as headers are (trimmed,
    NFKC, case folded, inner spaces ignored), ``*`` and ``?`` as wildcards.  Brackets are part of a name, never a
    character class: ``工单[3月]`` names the sheet 工单[3月], never 工单3.

    Examples
    --------
    >>> [sheet_matches(x, "工单[3月]") for x in ["工单[3月]", "工单3", "工单月"]]
    [True, False, False]
    >>> [sheet_matches(x, "2025-*") for x in ["2025-04", "２０２５－０５", "2024-12"]]
    [True, True, False]
    """
    import fnmatch
    return fnmatch.fnmatchcase(norm(sheet), norm(entry).replace("[", "[[]"))


@dataclass
class KindMapping:
    """The mapping of one kind of records (see the module docstring).

    Examples
    --------
    >>> km = parse_mapping({"work_orders": {"columns": {"工单号": "order_id"}, "header_row": 2}}, "mapping.yaml")["work_orders"]
    >>> km.kind, km.columns, km.header_row
    ('work_orders', {'工单号': 'order_id'}, 2)
    """

    kind: str
    columns: dict = field(default_factory=dict)
    ignore: list = field(default_factory=list)
    pick: dict = field(default_factory=dict)
    combine: dict = field(default_factory=dict)
    constant: dict = field(default_factory=dict)
    sequence: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    file: list = field(default_factory=list)
    header_row: int = 1
    encoding: str | None = None
    source: str = "mapping.yaml"
    known_windows: frozenset | None = None   # set by a workspace with unknown_windows = "refuse"
    drop: dict = field(default_factory=dict)
    derive: dict = field(default_factory=dict)
    sheets: list = field(default_factory=list)   # the workbook sheets to read (names or globs); empty: every sheet
    speakers: dict = field(default_factory=dict)   # a transcript's speaker labels: {label: staff | customer}
    wide: dict = field(default_factory=dict)   # one column per checklist item: {item, value, headers: {header: code},
    #                                            values: {header: {cell: result}} of an item asked as a fault}
    join: dict = field(default_factory=dict)   # a text column from several headers' values: {column: [header, ...]}
    steps: dict = field(default_factory=dict)  # a process log, one row per step: pivoted to one row per order (_steps_of)
    split: dict = field(default_factory=dict)  # a cell listing several values, a record each: {column: {from, count}}
    punches: dict = field(default_factory=dict)  # a raw punch log beside a schedule: {file, staff, time, date, type,
    #                                              types} (records.punches gives each shift its clock-in and -out)
    # a checklist written long whose item is asked as a fault (是否使用服务忌语: 是 fails): the result's own codes on
    # that item's rows, read before the section's: {result column: {"by": item column, "cases": {item text: {cell:
    # result}}}} (item text and cells as norm() writes them)
    own_values: dict = field(default_factory=dict)
    attempts: str | None = None  # "callback": a row per callback attempt, read as one row per case (records.attempts)
    epoch: dict = field(default_factory=dict)  # a date-time written as a Unix time: {column: {unit, zone}} (dates44)
    sheet_as: str | None = None  # the contract column each workbook sheet's name gives its records (a sheet a window)

    def for_sheet(self, sheet) -> "KindMapping":
        """The mapping of one workbook sheet: with ``sheet_as``, the sheet's name that column's value in every record
        (a constant read through ``values`` as the column's codes are); else the mapping itself.

        >>> km = KindMapping("hospital_events", sheet_as="window_id", values={"window_id": {"西药房": "HWEST"}})
        >>> km.for_sheet("西药房").constant, km.for_sheet(None) is km
        ({'window_id': '西药房'}, True)
        """
        if not self.sheet_as or sheet is None:
            return self
        import dataclasses
        return dataclasses.replace(self, constant={**self.constant, self.sheet_as: str(sheet)})

    def header_of(self, col: str) -> str | None:
        """The export's header(s) ``col`` is read from (a combine's date and time headers joined by 、), or None
        where the mapping does not name one (a contract alias, a pick, a constant): for a table to show the header
        the user sees beside the contract's name.

        Examples
        --------
        >>> KindMapping("hospital_events", columns={"病人类型": "patient_kind"}).header_of("patient_kind")
        '病人类型'
        >>> KindMapping("attendance", combine={"shift_start": {"date": "日期", "time": "班次", "part": "start"}}).header_of("shift_start")
        '日期、班次'
        """
        hs = [str(h) for h, c in self.columns.items() if c == col]
        if col in self.combine:
            hs += [self.combine[col]["date"], self.combine[col]["time"], *self.combine[col].get("spans", ())]
        return "、".join(dict.fromkeys(hs)) or None

    def reads_sheet(self, sheet) -> bool:
        """Whether a workbook sheet named ``sheet`` is read: every sheet when ``sheets`` is unset, else one whose name
        matches an entry (a name or a glob such as ``2025*``, compared as headers are: trimmed, NFKC, case folded,
        inner spaces ignored).  A CSV's table (``sheet`` None) is always read.

        Examples
        --------
        >>> km = KindMapping("work_orders", sheets=["3月", "2025-*"])
        >>> [km.reads_sheet(x) for x in ["3月", " ３月", "2025-04", "作废工单", None]]
        [True, True, True, False, True]
        """
        if not self.sheets or sheet is None:
            return True
        return any(sheet_matches(sheet, p) for p in self.sheets)

    @classmethod
    def of(cls, kind: str, m) -> "KindMapping":
        """Accept a KindMapping, a raw dict (the old ``{"columns", "values"}`` form included) or None."""
        if isinstance(m, KindMapping):
            return m
        return parse_section(kind, m or {}, "mapping.yaml")

    def explicit_targets(self) -> set:
        return (set(self.columns.values()) | set(self.pick) | set(self.combine) | set(self.constant) | set(self.sequence)
                | set(self.derive) | set(self.join) | ({self.sheet_as} if self.sheet_as else set()))


_NULLS = {"null", "Null", "NULL", "~", ""}


def _none(v):
    """YAML's null, also when the file was read with every scalar as text."""
    return None if v is None or (isinstance(v, str) and v in _NULLS) else v


def _close(name, options, n=3):
    got = difflib.get_close_matches(str(name), [str(o) for o in options], n=n, cutoff=0.5)
    return f"(是否为 / did you mean {', '.join(map(repr, got))}?)" if got else ""


def parse_section(kind: str, raw, file) -> KindMapping:
    """Check one kind's section of the mapping file and return it as a :class:`KindMapping`."""
    from .contract import contracts

    c = contracts()[kind]
    cols = list(c.columns)
    if not isinstance(raw, dict):
        raise _bi(file, kind, "这一节应是“键: 值”的映射(columns、pick、values 等)",
                  "this section must be a mapping of keys (columns, pick, values, ...)")
    for k in raw:
        if k not in SECTION_KEYS:
            raise _bi(file, f"{kind}.{k}", f"未知的键 {k!r}{_close(k, SECTION_KEYS)};可用的键: {', '.join(SECTION_KEYS)}",
                      f"unknown key {k!r}; the keys are {', '.join(SECTION_KEYS)}")

    def mapping_of(key):
        v = _none(raw.get(key)) or {}
        if not isinstance(v, dict):
            wide = isinstance(v, str) and ("\uff1a" in v or ":" in v)
            raise _bi(file, f"{kind}.{key}", f"应是“键: 值”的映射,现在是 {v!r}" + ("(冒号用了全角“\uff1a”或后面缺空格,请写成半角冒号加空格“: ”)" if wide else ""),
                      f"must be a mapping of `key: value`, not {v!r}" + (" (a full-width colon, or a colon with no space after it: write ': ')" if wide else ""))
        return v

    def check_col(col, where):
        if col not in c.columns:
            raise _bi(file, where, f"“{c.zh}”的数据约定中没有列 {col!r}{_close(col, cols)};可用的列: {', '.join(cols)}",
                      f"the {kind} contract has no column {col!r}; its columns are {', '.join(cols)}")

    def check_not_unmasked(header, col, where):
        # a column the contract declares not personal (personal: false, a service offering's name) is shown as written
        # in every output: a header that names a person's field (客户姓名, 联系人, customer_name) must not reach it
        # hostile45: nor any other column but one masked whole where a name stands (a person's key: customer_id,
        # staff_id), or a private free-text column under a header that names free text too (患者意见): a column of
        # names under category (客户姓名: category) or description showed 张三 as written, no cue to mask it by
        from ..privacy import free_text_column, person_key_column, personal_column

        # the header as it is compared with the export's (norm: 姓 名, 姓\u200b名, ＮＡＭＥ find 姓名, name: rev21d)
        if not (personal_column(str(header)) or personal_column(norm(header))):
            return
        spec = c.columns[col]
        if spec.get("personal") is False:
            raise _bi(file, where, f"{str(header)!r} 这一表头看来是个人信息(姓名、电话等),不能对应到列 {col!r}:该列在数据约定中"
                      f"不是个人信息,会原样显示;请对应存放{spec.get('zh', col)}的表头",
                      f"the header {str(header)!r} looks like personal data (a name, a phone …) and cannot be mapped "
                      f"onto {col!r}: the contract declares that column not personal, so it is shown as written; map "
                      f"the header that holds the {spec.get('en', col)}")
        if person_key_column(col) or (spec.get("private") and (free_text_column(str(header))
                                                               or free_text_column(norm(header)))):
            return
        raise _bi(file, where, f"{str(header)!r} 这一表头看来是个人信息(姓名、电话等),不能对应到列 {col!r}:该列只按文字中的"
                  f"提示遮蔽,无提示的人名将原样显示在报告与导出中;请对应存放{spec.get('zh', col)}的表头,"
                  f"个人信息列不必对应(未对应的表头不被读取)",
                  f"the header {str(header)!r} looks like personal data (a name, a phone …) and cannot be mapped "
                  f"onto {col!r}: that column is masked only where its text gives a cue, so a bare name would be "
                  f"shown as written in the reports and exports; map the header that holds the "
                  f"{spec.get('en', col)}, and leave a column of personal data unmapped (an unmapped header is not read)")

    columns = {}
    for h, col in mapping_of("columns").items():
        if _none(col) is None:
            continue
        check_col(str(col), f"{kind}.columns.{h}")
        check_not_unmasked(h, str(col), f"{kind}.columns.{h}")
        columns[str(h)] = str(col)
    pick = {}
    for col, spec in mapping_of("pick").items():
        where = f"{kind}.pick.{col}"
        check_col(str(col), where)
        if not isinstance(spec, dict) or "by" not in spec or not isinstance(spec.get("cases"), dict):
            raise _bi(file, where, "应写成 {by: 代码列表头, cases: {代码: 表头, ...}, default: 表头(可选)}",
                      "write it as {by: code header, cases: {code: header, ...}, default: header (optional)}")
        extra = set(spec) - {"by", "cases", "default"}
        if extra:
            raise _bi(file, where, f"未知的键 {sorted(extra)};只可有 by、cases、default",
                      f"unknown keys {sorted(extra)}; only by, cases and default")
        for h in [*spec["cases"].values(), spec.get("default")]:
            if _none(h) is not None:
                check_not_unmasked(h, str(col), where)
        pick[str(col)] = {"by": str(spec["by"]),
                          "cases": {str(k): (None if _none(v) is None else str(v)) for k, v in spec["cases"].items()},
                          **({"default": (None if _none(spec["default"]) is None else str(spec["default"]))}
                             if "default" in spec else {})}
    combine = {}
    for col, spec in mapping_of("combine").items():
        where = f"{kind}.combine.{col}"
        check_col(str(col), where)
        if (not isinstance(spec, dict) or not {"date", "time"} <= set(spec)
                or set(spec) - {"date", "time", "after", "near", "part"}):
            raise _bi(file, where, "应写成 {date: 日期表头, time: 时间表头, after: 约定列(可选), near: 约定列(可选), "
                      "part: start 或 end(可选)}",
                      "write it as {date: date header, time: time header, after: contract column (optional), "
                      "near: contract column (optional), part: start or end (optional)}")
        if _none(spec.get("after")) is not None and _none(spec.get("near")) is not None:
            raise _bi(file, where, "after 与 near 只能写一个:after 把早于该列的时间算作次日,near 把时间放在最接近该列的"
                      "那一天", "write after or near, not both: after moves a time before that column to the next day, "
                      "near puts the time on the day nearest that column")
        times = spec["time"] if isinstance(spec["time"], list) else [spec["time"]]
        if not times or any(_none(x) is None or isinstance(x, (list, dict)) for x in times):
            raise _bi(file, f"{where}.time", "应是一个表头,或两段班次每段一个表头的列表([上班1打卡时间, 上班2打卡时间])",
                      "must be a header, or a list of one header per span of a split shift "
                      "([上班1打卡时间, 上班2打卡时间])")
        combine[str(col)] = {"date": str(spec["date"]), "time": str(times[0])}
        if len(times) > 1:   # a daily report's pairs (上班1 下班1 上班2 下班2): span k of a split shift reads header k
            combine[str(col)]["spans"] = [str(x) for x in times[1:]]
        if _none(spec.get("part")) is not None:
            if str(spec["part"]) not in ("start", "end"):
                raise _bi(file, f"{where}.part", f"应为 start(时段的开始)或 end(结束),而不是 {spec['part']!r}",
                          f"must be start (the range's start) or end (its end), not {spec['part']!r}")
            combine[str(col)]["part"] = str(spec["part"])
        for rule in ("after", "near"):
            if _none(spec.get(rule)) is not None:
                check_col(str(spec[rule]), f"{where}.{rule}")
                combine[str(col)][rule] = str(spec[rule])
    listed = [col for col, spec in combine.items() if spec.get("spans")]
    if listed and not any(spec.get("part") for spec in combine.values()):
        raise _bi(file, f"{kind}.combine.{listed[0]}.time", "表头的列表按段读取两段班次的打卡(上班1打卡时间、上班2打卡时间),"
                  "须有一项用 part 从班次的时段取开始或结束;否则请只写一个表头",
                  "a list of headers reads a split shift's punches span by span (上班1打卡时间, 上班2打卡时间) and needs "
                  "an entry taking a shift's range with part; else write one header")
    derive = {}
    for col, spec in mapping_of("derive").items():
        where = f"{kind}.derive.{col}"
        check_col(str(col), where)
        if (not isinstance(spec, dict) or not {"from", "add"} <= set(spec)
                or set(spec) - {"from", "add", "unit", "when"}):
            raise _bi(file, where, "应写成 {from: 约定列, add: 时长表头, unit: seconds|minutes|hours(可选), "
                      "when: {代码表头: [代码, ...]}(可选)}",
                      "write it as {from: contract column, add: duration header, unit: seconds|minutes|hours "
                      "(optional), when: {code header: [code, ...]} (optional)}")
        if c.columns[str(col)]["type"] != "datetime":
            raise _bi(file, where, f"{col} 不是日期时间列,不能由时长推算", f"{col} is not a date-time column")
        check_col(str(spec["from"]), f"{where}.from")
        if c.columns[str(spec["from"])]["type"] != "datetime" or str(spec["from"]) == str(col):
            raise _bi(file, f"{where}.from", f"{spec['from']} 应是另一个日期时间列", f"{spec['from']} must be another "
                      "date-time column")
        unit = str(_none(spec.get("unit")) or "seconds")
        if unit not in _DERIVE_UNITS:
            raise _bi(file, f"{where}.unit", f"未知的单位 {unit!r};可用: {', '.join(_DERIVE_UNITS)}",
                      f"unknown unit {unit!r}; use one of {', '.join(_DERIVE_UNITS)}")
        when = _none(spec.get("when"))
        if when is not None:
            if (not isinstance(when, dict) or len(when) != 1
                    or not all(isinstance(v, (list, str)) for v in when.values())):
                raise _bi(file, f"{where}.when", "应写成 {代码表头: [代码, ...]}(一个表头)",
                          "write it as {code header: [code, ...]} (one header)")
            (wh, codes), = when.items()
            when = {"header": str(wh), "codes": [str(x) for x in ([codes] if isinstance(codes, str) else codes)]}
        derive[str(col)] = {"from": str(spec["from"]), "add": str(spec["add"]), "unit": unit, "when": when}
    epoch = _epoch_of(kind, c, mapping_of("epoch"), file, check_col)
    constant = {}
    for col, v in mapping_of("constant").items():
        check_col(str(col), f"{kind}.constant.{col}")
        constant[str(col)] = _blank_constant(kind, c, str(col), v, file)
    sheet_as = _none(raw.get("sheet_as"))
    if sheet_as is not None:
        if not isinstance(sheet_as, str):
            raise _bi(file, f"{kind}.sheet_as", "应写成一个约定列名,如 window_id", "name one contract column, e.g. window_id")
        check_col(sheet_as, f"{kind}.sheet_as")
    sequence = {}
    for col, by in mapping_of("sequence").items():
        check_col(str(col), f"{kind}.sequence.{col}")
        if c.columns[str(col)]["type"] not in ("int", "string"):
            raise _bi(file, f"{kind}.sequence.{col}", f"{col} 不是整数或文本列,不能编号", f"{col} is not a whole-number or text column")
        if isinstance(by, dict):   # {by: 录音编号, order: 开始时间}: numbered by a time or seconds column, not file order
            if set(by) - {"by", "order"} or _none(by.get("order")) is None:
                raise _bi(file, f"{kind}.sequence.{col}", "应写成 {by: 分组表头, order: 开始时间表头}(by 可省略)",
                          "write it as {by: group header, order: start-time header} (by may be left out)")
            sequence[str(col)] = {"by": None if _none(by.get("by")) is None else str(by["by"]),
                                  "order": str(by["order"])}
            continue
        sequence[str(col)] = None if _none(by) is None else str(by)
    join = {}
    for col, hs in mapping_of("join").items():   # an id the export does not write: a visit by its date and place
        check_col(str(col), f"{kind}.join.{col}")
        if c.columns[str(col)]["type"] != "string":
            raise _bi(file, f"{kind}.join.{col}", f"{col} 不是文本列,不能由几列拼成", f"{col} is not a text column: "
                      "it cannot be made by joining headers")
        if (not isinstance(hs, list) or len(hs) < 2 or any(_none(h) is None for h in hs)
                or any(isinstance(h, (list, dict)) for h in hs) or len({str(h) for h in hs}) < len(hs)):
            raise _bi(file, f"{kind}.join.{col}", "应写成 [表头, 表头, ...](两个或更多不同的表头)",
                      "write it as [header, header, ...] (two or more different headers)")
        for h in hs:
            check_not_unmasked(h, str(col), f"{kind}.join.{col}")
        join[str(col)] = [str(h) for h in hs]
    values = {}
    own_values: dict = {}
    for col, m in mapping_of("values").items():
        check_col(str(col), f"{kind}.values.{col}")
        if _none(m) is None:   # a column with comments alone under it (records map's hints, none taken yet): no code to read
            m = {}
        if not isinstance(m, dict):
            raise _bi(file, f"{kind}.values.{col}", "应是“代码: 取值”的映射", "must be a mapping of `code: value`")
        allowed = c.columns[str(col)].get("values")
        m = _own_codes(kind, c, str(col), m, own_values, file)   # an item asked as a fault: its result's own codes
        for code, v in m.items():
            if allowed is not None and _none(v) is not None and str(v) not in map(str, allowed):
                # rows of a code no value stands for (挂号 in a billing export): not records of this kind, dropped
                # where they are counted (drop), never given a value they are not
                hdr = next((h for h, cc in columns.items() if cc == str(col)), str(col))
                drop = f"drop: {{{json.dumps(str(hdr), ensure_ascii=False)}: [{json.dumps(str(code), ensure_ascii=False)}]}}"
                if str(col) not in OUTCOME_COLUMNS:
                    fix_zh = f"若代码 {code!r} 的行不是本类记录,在 {kind} 下写 {drop} 去掉它们(records check 列出行数)"
                    fix_en = (f"If the rows of code {code!r} are no records of this kind, write {drop} under {kind} to "
                              f"drop them (records check counts them)")
                else:   # a record's own outcome (a callback's result 一般): the row is a record, never dropped for it
                    fix_zh, fix_en = _decide_code(str(col), str(code), allowed)
                raise _bi(file, f"{kind}.values.{col}.{code}",
                          f"取值 {v!r} 不是 {col} 的允许取值{_close(v, allowed)};允许: {', '.join(map(str, allowed))}。"
                          + fix_zh,
                          f"{v!r} is not a value {col} allows; allowed: {', '.join(map(str, allowed))}. " + fix_en)
        values[str(col)] = {str(k): (None if _none(v) is None else str(v)) for k, v in m.items()}   # null: blank
    for col in constant:
        allowed = c.columns[col].get("values")
        if allowed is not None and constant[col] is not None and str(constant[col]) not in map(str, allowed):
            raise _bi(file, f"{kind}.constant.{col}", f"取值 {constant[col]!r} 不被允许;允许: {', '.join(map(str, allowed))}",
                      f"{constant[col]!r} is not allowed; allowed: {', '.join(map(str, allowed))}")
    # one contract column, one way of making it
    ways: dict[str, list[str]] = {}
    for h, col in columns.items():
        ways.setdefault(col, []).append(f"columns.{h}")
    for sec, d in (("pick", pick), ("combine", combine), ("derive", derive), ("constant", constant),
                   ("sequence", sequence), ("join", join), ("sheet_as", [sheet_as] if sheet_as else [])):
        for col in d:
            ways.setdefault(col, []).append(f"{sec}.{col}")
    # several exports read together (file a list or a glob: an LIS writing RecvDate + RecvHHMM, a pharmacy one
    # AcceptTime): a column may be made by a header under columns in some and by a combine in others, each file
    # taking the way whose headers it holds (apply_mapping refuses a file holding both, or neither)
    raw_files = _none(raw.get("file"))
    several = ((isinstance(raw_files, list) and len(raw_files) > 1)
               or (isinstance(raw_files, str) and any(ch in raw_files for ch in "*?[")))
    for col, w in ways.items():
        if several and sum(x.startswith("combine.") for x in w) == 1 and all(
                x.startswith(("columns.", "combine.")) for x in w):
            continue   # (a combine with a time header per span too: msgs46)
        if len(w) > 1 and any(not x.startswith("columns.") for x in w):
            raise _bi(file, f"{kind}: {', '.join(w)}", f"列 {col} 被定义了 {len(w)} 次;请只保留一种写法",
                      f"column {col} is defined {len(w)} times; keep one of them")
    ignore = _none(raw.get("ignore")) or []
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list):
        raise _bi(file, f"{kind}.ignore", "应是表头列表", "must be a list of headers")
    files = _none(raw.get("file")) or []
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(x, str) for x in files):
        raise _bi(file, f"{kind}.file", "应是文件名或文件名列表", "must be a file name or a list of them")
    sheets = _none(raw.get("sheets")) or []
    if isinstance(sheets, (str, int)) and not isinstance(sheets, bool):
        sheets = [sheets]
    if (not isinstance(sheets, list) or not all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in sheets)
            or any(not str(x).strip() for x in sheets)):
        raise _bi(file, f"{kind}.sheets", "应是工作表名称或名称列表(可用通配符,如 [3月, 4月] 或 \"2025*\")",
                  "must be a sheet name or a list of them (globs allowed, e.g. [3月, 4月] or \"2025*\")")
    hr = raw.get("header_row", 1)
    if isinstance(hr, str) and hr.strip().isdigit():
        hr = int(hr)
    if not isinstance(hr, int) or isinstance(hr, bool) or hr < 1:
        raise _bi(file, f"{kind}.header_row", f"{hr!r}: 应为不小于 1 的整数(表头所在行)",
                  f"{hr!r}: must be a whole number ≥ 1 (the row holding the headers)")
    enc = _none(raw.get("encoding"))
    if enc is not None:
        import codecs
        try:
            codecs.lookup(str(enc))
        except LookupError:
            raise _bi(file, f"{kind}.encoding", f"无法识别的编码 {enc!r};可用 utf-8、gb18030、utf-16",
                      f"unknown encoding {enc!r}; use utf-8, gb18030 or utf-16") from None
    speakers = _speakers(kind, c, raw, file)
    drop = {}
    for h, vals in mapping_of("drop").items():
        vals = [vals] if isinstance(vals, str) else vals
        if not isinstance(vals, list) or not vals:
            raise _bi(file, f"{kind}.drop.{h}", "应是取值列表,如 [合计, 总计]", "must be a list of values, e.g. [合计, 总计]")
        drop[str(h)] = ["" if v is None else str(v) for v in vals]   # "" or null: a blank cell (an unlabelled total)
    wide = {}
    raw_wide = mapping_of("wide")
    if raw_wide:   # a checklist exported wide: one row per visit, one column per item
        where = f"{kind}.wide"
        heads = raw_wide.get("headers")
        if set(raw_wide) != {"item", "value", "headers"} or not isinstance(heads, dict) or not heads:
            raise _bi(file, where, "应写成 {item: 检查项列, value: 结果列, headers: {表头: 检查项代码, ...}}",
                      "write it as {item: item column, value: result column, headers: {header: item code, ...}}")
        check_col(str(raw_wide["item"]), f"{where}.item")
        check_col(str(raw_wide["value"]), f"{where}.value")
        if str(raw_wide["item"]) == str(raw_wide["value"]):
            raise _bi(file, where, "item 与 value 应是两个不同的列", "item and value must be two different columns")
        for col in (str(raw_wide["item"]), str(raw_wide["value"])):
            if col in columns.values() or col in pick or col in combine or col in constant or col in derive:
                raise _bi(file, f"{where}.{col}", f"列 {col} 已由宽表的检查项列给出,不能再由其他表头或规则给出",
                          f"{col} is made by the wide checklist: no other header or rule may make it too")
        allowed = c.columns[str(raw_wide["item"])].get("values")
        own = {}   # an item asked as a fault (是否使用服务忌语: 是 fails): its own codes, read before the section's
        results = [str(x) for x in (c.columns[str(raw_wide["value"])].get("values") or [])]
        heads = dict(heads)   # the user's mapping is read, never changed (it may be parsed again)
        for h, code in list(heads.items()):
            if isinstance(code, dict):
                own[str(h)] = _fault_codes(code, str(raw_wide["value"]), results, file, f"{where}.headers.{h}")
                heads[h] = code = code["item"]
            if _none(code) is None or str(code).strip().upper() == "TODO":   # records map's TODO, left unfilled
                raise _bi(file, f"{where}.headers.{h}", f"请写出表头 {h!r} 对应的检查项代码(见各标准的 checklist_items)",
                          f"write the checklist item's code of the header {h!r} (the standards' checklist_items)")
            if allowed is not None and str(code) not in map(str, allowed):
                raise _bi(file, f"{where}.headers.{h}", f"取值 {code!r} 不是 {raw_wide['item']} 的允许取值"
                          f"{_close(code, allowed)};允许: {', '.join(map(str, allowed))}",
                          f"{code!r} is not a value {raw_wide['item']} allows; allowed: {', '.join(map(str, allowed))}")
        wide = {"item": str(raw_wide["item"]), "value": str(raw_wide["value"]),
                "headers": {str(h): str(v) for h, v in heads.items()}, "values": own}
    _one_reshaping(kind, raw, file)
    km = KindMapping(kind, columns, [str(x) for x in ignore], pick, combine, constant, sequence, values, files, hr,
                     str(enc) if enc else None, str(file), drop=drop, derive=derive,
                     sheets=[str(x) for x in sheets], speakers=speakers, wide=wide, join=join, own_values=own_values,
                     steps=_steps_of(kind, c, raw, file, set(columns.values()) | set(pick) | set(combine)
                                     | set(constant) | set(derive) | {wide.get("item"), wide.get("value")}))
    _parse_split(km, c, _none(raw.get("split")), file)
    km.attempts = _attempts_of(kind, _none(raw.get("attempts")), file)
    km.epoch = epoch
    km.sheet_as = sheet_as
    km.punches = _punches_of(kind, c, raw, file, km.explicit_targets())
    return km


def _attempts_of(kind: str, raw, file) -> str | None:
    """``attempts: callback``: an export one row per callback attempt (a 95598 回访记录), read as one row per case
    (:mod:`windoweval.records.attempts`); only the complaints have callbacks.

    >>> _attempts_of("complaints", "callback", "m.yaml"), _attempts_of("complaints", None, "m.yaml")
    ('callback', None)
    >>> try:
    ...     _attempts_of("work_orders", "callback", "m.yaml")
    ... except MappingError as e:
    ...     print(str(e).split(" / ", 1)[1])
    attempts is for the complaints (their callbacks) only
    """
    if raw is None:
        return None
    if kind != "complaints":
        raise _bi(file, f"{kind}.attempts", "attempts 只用于 complaints(回访尝试)",
                  "attempts is for the complaints (their callbacks) only")
    if str(raw).strip() != "callback":
        raise _bi(file, f"{kind}.attempts", f"取值 {raw!r} 无效;请写 attempts: callback(每次回访尝试一行)",
                  f"{raw!r} is not a value it takes; write attempts: callback (a row per callback attempt)")
    return "callback"


#: The options that reshape an export's table (a row per visit into a record per item, a row per step into one per
#: order, a cell listing several into a record each): one per section, or the others would be left unread in silence.
_RESHAPING = ("wide", "steps", "split")


#: How an item asked as a fault is written (wide.headers, values.item), Chinese and English.
_FAULT_SHAPE = ("应写成 检查项代码,或 {item: 检查项代码, values: {单元格: 结果, ...}}",
                "write an item code, or {item: item code, values: {cell: result, ...}}")


def _fault_codes(entry: dict, result: str, allowed: list, file, where: str) -> dict:
    """An item asked as a fault, ``{item: code, values: {cell: result}}`` (``wide.headers`` or ``values.item``), its
    own codes as ``{cell (norm): value}``; refused (exit 3) at ``where`` unless written so with each value one of
    ``allowed`` (the ``result`` column's; none: any).

    >>> _fault_codes({"item": "no_smoking", "values": {"是": "fail", "否": "pass"}}, "result", ["pass", "fail"],
    ...              "m.yaml", "inspections.values.item.有无吸烟")
    {'是': 'fail', '否': 'pass'}
    """
    if set(entry) != {"item", "values"} or not isinstance(entry["values"], dict) or not entry["values"]:
        raise _bi(file, where, *_FAULT_SHAPE)
    for cell, v in entry["values"].items():
        if _none(v) is not None and allowed and str(v) not in allowed:
            raise _bi(file, f"{where}.values.{cell}",
                      f"取值 {v!r} 不是 {result} 的允许取值{_close(v, allowed)};允许: {', '.join(allowed)}",
                      f"{v!r} is not a value {result} allows; allowed: {', '.join(allowed)}")
    return {norm(str(cell)): _none(v) for cell, v in entry["values"].items()}


def _own_coded(result: pd.Series, by: pd.Series, cases: dict) -> pd.Series:
    """``result`` (the cells as written) with each row whose ``by`` text (normalised) is one of ``cases`` read by
    that case's own codes (``{cell: result}``, normalised cells); a cell its case does not name stays as written (the
    section's ``values`` read it next).  Each distinct item text and cell looked up once.

    Examples
    --------
    >>> r = pd.Series(["是", "是", "否", None], dtype="string")
    >>> by = pd.Series(["佩戴工牌", "是否使用服务忌语", "是否使用服务忌语", "是否使用服务忌语"], dtype="string")
    >>> _own_coded(r, by, {"是否使用服务忌语": {"是": "fail", "否": "pass"}}).tolist()
    ['是', 'fail', 'pass', <NA>]
    """
    codes, uniq = pd.factorize(by, use_na_sentinel=True)
    hit = [cases.get(norm(u)) for u in uniq]
    if not any(h is not None for h in hit):
        return result
    out = result.astype("string").copy()
    for i, case in enumerate(hit):
        if case is None:
            continue
        rows = codes == i
        part = out[rows]
        read = {x: case[norm(x)] for x in part.dropna().unique() if norm(x) in case}
        if read:
            named = part.isin(list(read)).to_numpy(dtype=bool, na_value=False)
            out[rows] = part.map(read).astype("string").where(named, part)
    return out


def _own_codes(kind: str, c, col: str, m: dict, own_values: dict, file) -> dict:
    """``values.<col>`` of a checklist written long (a row per item) with each entry that carries its own result
    codes, ``是否使用服务忌语: {item: no_forbidden_phrases, values: {是: fail, 否: pass}}`` (an item asked as a fault,
    as ``wide.headers`` allows), made a plain code (given back) and its codes put in ``own_values`` under the kind's
    result column (the one other column whose values are pass and fail): read on that item's rows before the
    section's ``values``.  Anything else written as a mapping is refused (exit 3), naming the entry.

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> own = {}
    >>> _own_codes("inspections", contracts()["inspections"], "item",
    ...            {"佩戴工牌": "badge_worn", "是否使用服务忌语": {"item": "no_forbidden_phrases", "values": {"是": "fail"}}},
    ...            own, "mapping.yaml")
    {'佩戴工牌': 'badge_worn', '是否使用服务忌语': 'no_forbidden_phrases'}
    >>> own
    {'result': {'by': 'item', 'cases': {'是否使用服务忌语': {'是': 'fail'}}}}
    """
    if not any(isinstance(v, dict) for v in m.values()):
        return m
    results = [k for k, spec in c.columns.items() if k != col and {"pass", "fail"} <= set(map(str, spec.get("values") or []))]
    out = {}
    for code, v in m.items():
        if not isinstance(v, dict):
            out[code] = v
            continue
        where = f"{kind}.values.{col}.{code}"
        if len(results) != 1:
            raise _bi(file, where, f"{kind} 没有合格/不合格的结果列,不能为 {code!r} 写自己的取值;请写一个代码",
                      f"{kind} has no pass/fail result column: {code!r} cannot carry codes of its own; write a code")
        if isinstance(v.get("item"), (dict, list)):
            raise _bi(file, where, *_FAULT_SHAPE)
        allowed = [str(x) for x in c.columns[results[0]].get("values") or []]
        got = own_values.setdefault(results[0], {"by": col, "cases": {}})
        got["cases"][norm(str(code))] = _fault_codes(v, results[0], allowed, file, where)
        out[code] = v["item"]
    return out


def _one_reshaping(kind: str, raw: dict, file) -> None:
    """Refuse a section that gives more than one of :data:`_RESHAPING` (an export is one shape or the other).

    >>> try:
    ...     _one_reshaping("outages", {"split": {"customer_id": "户号"}, "steps": {}}, "m.yaml")
    ... except MappingError as e:
    ...     print(str(e).split(" / ", 1)[1])
    steps and split cannot share a section; an export is one or the other
    """
    given = [k for k in _RESHAPING if _none(raw.get(k)) is not None]
    if len(given) > 1:
        a, b = given[:2]
        raise _bi(file, f"{kind}.{b}", f"{a} 与 {b} 不能写在同一节;一个导出只能是其中一种",
                  f"{a} and {b} cannot share a section; an export is one or the other")


#: How a step met twice for one order is read (``steps.repeated``): the earliest time or the latest.
STEP_REPEATS = ("first", "last")


def _steps_of(kind: str, c, raw: dict, file, taken: set) -> dict:
    """``steps``: a process log (流程日志, 环节记录: one row per step of an order) read as one row per order, checked.

    ``key`` the order's header, ``step`` the step name's header, ``time`` the step time's header, ``as`` each step name
    onto the contract's time column, ``ignore`` the step names that carry no time the contract reads (派工, 归档),
    ``repeated`` per contract column ``first`` or ``last`` (a step met twice for one order; unset: refused).

    Examples
    --------
    >>> m = {"work_orders": {"steps": {"key": "工单编号", "step": "环节名称", "time": "环节时间",
    ...                                "as": {"受理": "received_at", "竣工": "completed_at"}, "ignore": ["归档"],
    ...                                "repeated": {"completed_at": "last"}}}}
    >>> st = parse_mapping(m, "mapping.yaml")["work_orders"].steps
    >>> st["as"], st["ignore"], st["repeated"]
    ({'受理': 'received_at', '竣工': 'completed_at'}, ['归档'], {'completed_at': 'last'})
    """
    st = _none(raw.get("steps"))
    if st is None:
        return {}
    where = f"{kind}.steps"
    form_zh = ("应写成 {key: 工单编号表头, step: 环节名称表头, time: 环节时间表头, as: {环节名称: 时间列, ...}, "
               "ignore: [不计时的环节](可选), repeated: {时间列: first 或 last}(可选)}")
    form_en = ("write it as {key: order id header, step: step name header, time: step time header, as: {step name: "
               "time column, ...}, ignore: [steps with no time read] (optional), repeated: {time column: first or "
               "last} (optional)}")
    if not isinstance(st, dict) or not {"key", "step", "time", "as"} <= set(st) \
            or set(st) - {"key", "step", "time", "as", "ignore", "repeated"} or not isinstance(st["as"], dict) \
            or not st["as"]:
        raise _bi(file, where, form_zh, form_en)
    heads = [str(st[k]).strip() for k in ("key", "step", "time")]
    if any(not h for h in heads) or len({norm(h) for h in heads}) < 3:
        raise _bi(file, where, "key、step、time 应是导出中三个不同的表头", "key, step and time must be three different headers")
    as_ = {}
    for name, col in st["as"].items():
        if _none(col) is None or str(col).strip().upper() == "TODO":   # records map's TODO, left unfilled
            raise _bi(file, f"{where}.as.{name}", f"请写出环节 {name!r} 的时间对应的列(如 received_at),或把它移到 ignore",
                      f"write the column the step {name!r}'s time is read as (received_at …), or move it to ignore")
        col = str(col)
        if col not in c.columns or c.columns[col]["type"] not in ("datetime", "date"):
            times = [k for k, v in c.columns.items() if v["type"] in ("datetime", "date")]
            raise _bi(file, f"{where}.as.{name}", f"{col!r} 不是“{c.zh}”的时间列{_close(col, times)};可用: {', '.join(times)}",
                      f"{col!r} is not a time column of {kind}; the time columns are {', '.join(times)}")
        if col in taken:
            raise _bi(file, f"{where}.as.{name}", f"列 {col} 已由 columns、pick、combine 等给出,不能再由环节给出",
                      f"{col} is made by columns, pick, combine …: no step may make it too")
        as_[str(name)] = col
    ignore = _none(st.get("ignore")) or []
    ignore = [ignore] if isinstance(ignore, str) else ignore
    if not isinstance(ignore, list):
        raise _bi(file, f"{where}.ignore", "应是环节名称的列表,如 [派工, 归档]", "must be a list of step names, e.g. [派工, 归档]")
    both = {norm(x) for x in ignore} & {norm(x) for x in as_}
    if both:
        raise _bi(file, f"{where}.ignore", f"环节 {sorted(both)} 既在 as 中又在 ignore 中;请只写在一处",
                  f"the steps {sorted(both)} are under both as and ignore; keep each in one place")
    rep = _none(st.get("repeated")) or {}
    if not isinstance(rep, dict):
        raise _bi(file, f"{where}.repeated", "应写成 {时间列: first 或 last},如 {arrived_at: first, completed_at: last}",
                  "write it as {time column: first or last}, e.g. {arrived_at: first, completed_at: last}")
    for col, how in rep.items():
        if str(col) not in as_.values():
            raise _bi(file, f"{where}.repeated.{col}", f"{col!r} 不是 as 中的时间列;可用: {', '.join(dict.fromkeys(as_.values()))}",
                      f"{col!r} is none of the time columns under as: {', '.join(dict.fromkeys(as_.values()))}")
        if str(how) not in STEP_REPEATS:
            raise _bi(file, f"{where}.repeated.{col}", f"应是 first(取最早一次)或 last(取最晚一次),现在是 {how!r}",
                      f"must be first (the earliest time) or last (the latest), not {how!r}")
    return {"key": heads[0], "step": heads[1], "time": heads[2], "as": as_, "ignore": [str(x) for x in ignore],
            "repeated": {str(k): str(v) for k, v in rep.items()}}


#: The words a punch log's type column (打卡类型) writes, compared as headers are (:func:`norm`): a clock-in, a
#: clock-out; ``punches.types`` adds the export's own (``{外勤签到: in}``) or reads a word as either (``any``).
PUNCH_TYPES = {"in": ("上班", "上班打卡", "签到", "签入", "到岗", "in", "clockin", "clock in", "check in", "checkin"),
               "out": ("下班", "下班打卡", "签退", "签出", "离岗", "out", "clockout", "clock out", "check out", "checkout")}


def _punches_of(kind: str, c, raw: dict, file, taken: set) -> dict:
    """``punches``: a raw punch log (原始打卡记录, one row per punch) beside a schedule (排班表, the section's file),
    checked: ``file`` the log, ``staff`` and ``time`` its headers, ``date`` a header when the date stands apart,
    ``type`` the 上班/下班 header (optional), ``types`` the export's own type words ({word: in, out or any}).

    Examples
    --------
    >>> m = {"attendance": {"punches": {"file": "打卡记录.csv", "staff": "工号", "time": "打卡时间", "type": "打卡类型"}}}
    >>> p = parse_mapping(m, "m.yaml")["attendance"].punches
    >>> p["file"], p["staff"], p["time"], p["type"], p["types"]["下班"]
    ('打卡记录.csv', '工号', '打卡时间', '打卡类型', 'out')
    >>> try:
    ...     parse_mapping({"work_orders": {"punches": {"file": "x.csv", "staff": "a", "time": "b"}}}, "m.yaml")
    ... except MappingError as e:
    ...     print(str(e).split(" / ", 1)[1])
    punches are read for attendance only (a schedule's shifts)
    """
    p = _none(raw.get("punches"))
    if p is None:
        return {}
    where = f"{kind}.punches"
    if kind != "attendance":
        raise _bi(file, where, "打卡记录只用于考勤(attendance,排班表的班次)", "punches are read for attendance only (a schedule's shifts)")
    keys = {"file", "staff", "time", "date", "type", "types"}
    if not isinstance(p, dict) or not {"file", "staff", "time"} <= set(p) or set(p) - keys:
        raise _bi(file, where, "应写成 {file: 打卡记录文件, staff: 工号表头, time: 打卡时间表头, type: 打卡类型表头(可选), "
                  "date: 打卡日期表头(日期单列时,可选), types: {导出的类型写法: in、out 或 any}(可选)}",
                  "write it as {file: the punch log, staff: the staff id's header, time: the punch time's header, type: "
                  "the 上班/下班 header (optional), date: the date's header where it stands apart (optional), types: "
                  "{the export's type word: in, out or any} (optional)}")
    for col in ("arrived_at", "left_at"):
        if col in taken:
            raise _bi(file, where, f"列 {col} 已由 columns、combine 等从排班表给出;打卡记录给出它时请从那里删去",
                      f"{col} is made from the schedule by columns, combine …: with punches giving it, remove it there")
    heads = {k: str(p[k]).strip() for k in ("file", "staff", "time", "date", "type") if _none(p.get(k)) is not None}
    if any(not heads.get(k) for k in ("file", "staff", "time")):
        raise _bi(file, where, "file、staff、time 都应写出", "file, staff and time must each be given")
    named = [heads[k] for k in ("staff", "time", "date", "type") if k in heads]
    if len({norm(h) for h in named}) < len(named):
        raise _bi(file, where, "staff、time、date、type 应是打卡记录中不同的表头",
                  "staff, time, date and type must be different headers of the punch log")
    types = {norm(w): side for side, words in PUNCH_TYPES.items() for w in words}
    own = _none(p.get("types")) or {}
    if not isinstance(own, dict):
        raise _bi(file, f"{where}.types", "应写成 {导出的类型写法: in、out 或 any},如 {外勤签到: in}",
                  "write it as {the export's type word: in, out or any}, e.g. {外勤签到: in}")
    for w, side in own.items():
        if str(side) not in ("in", "out", "any"):
            raise _bi(file, f"{where}.types.{w}", f"应是 in(上班)、out(下班)或 any(两者皆可),现在是 {side!r}",
                      f"must be in (a clock-in), out (a clock-out) or any (either), not {side!r}")
        types[norm(str(w))] = str(side)
    return {**heads, "types": types}


#: What separates the values of a cell ``split`` reads (户号 lists as OMS exports write them): ; ； 、 , ， | ｜ / and
#: white space, line breaks (Alt+Enter) included.
SPLIT_SEPARATORS = r"[;；、,，|｜/\s]+"


def _parse_split(km: KindMapping, c, spec, file) -> None:
    """``split`` of ``km``'s section checked and set: ``{column: header}`` or ``{column: {from: header, count:
    header}}``, a cell listing several values (an outage's 户号, :data:`SPLIT_SEPARATORS`) read as a record each, the
    other cells repeated (``files._split_rows``); ``count`` names the header that says how many the cell lists
    (影响户数), each row's list checked against it.  The header is mapped onto the column as ``columns`` would map it.

    Examples
    --------
    >>> km = parse_mapping({"outages": {"split": {"customer_id": "停电用户"}}}, "m.yaml")["outages"]
    >>> km.split, km.columns
    ({'customer_id': {'from': '停电用户', 'count': None}}, {'停电用户': 'customer_id'})
    >>> try:
    ...     parse_mapping({"outages": {"split": {"customer_id": "停电用户"}, "columns": {"户号": "customer_id"}}}, "m.yaml")
    ... except MappingError as e:
    ...     print(str(e).split(" / ", 1)[1])
    customer_id is made by columns.户号 already: keep one of them
    """
    if spec is None:
        return
    kind, where = km.kind, f"{km.kind}.split"
    if not isinstance(spec, dict) or len(spec) != 1:
        raise _bi(file, where, "应写成 {列: 表头} 或 {列: {from: 表头, count: 户数表头}}(只拆分一列)",
                  "write it as {column: header} or {column: {from: header, count: count header}} (one column)")
    (col, h), = spec.items()
    col = str(col)
    if col not in c.columns:
        raise _bi(file, f"{where}.{col}", f"“{c.zh}”的数据约定中没有列 {col!r}{_close(col, list(c.columns))}",
                  f"the {kind} contract has no column {col!r}")
    if c.columns[col]["type"] != "string":
        raise _bi(file, f"{where}.{col}", f"{col} 不是文本列(编号),不能按分隔符拆分",
                  f"{col} is not a text column (an id): it cannot be split")
    count = None
    if isinstance(h, dict):
        if set(h) - {"from", "count"} or _none(h.get("from")) is None:
            raise _bi(file, f"{where}.{col}", "应写成 {from: 列表所在表头, count: 户数表头(可省略)}",
                      "write it as {from: the header of the list, count: the count's header (optional)}")
        h, count = h["from"], _none(h.get("count"))
    if _none(h) is None or isinstance(h, (list, dict)):
        raise _bi(file, f"{where}.{col}", "应写成导出中列表所在的表头,如 停电用户", "name the export's header of the list")
    h = str(h)
    made = [f"columns.{x}" for x, cc in km.columns.items() if cc == col and norm(x) != norm(h)]
    made += [f"{sec}.{col}" for sec in ("pick", "combine", "derive", "constant", "sequence", "join")
             if col in getattr(km, sec)]
    if made:
        raise _bi(file, f"{where}.{col}", f"列 {col} 已由 {made[0]} 给出;请只保留一种写法",
                  f"{col} is made by {made[0]} already: keep one of them")
    km.columns = {**{x: cc for x, cc in km.columns.items() if norm(x) != norm(h)}, h: col}
    km.split = {col: {"from": h, "count": None if count is None else str(count)}}


def _blank_constant(kind: str, c, col: str, v, file):
    """A ``constant``'s value: None for YAML's null (blank in every record: an outage export per event that lists no
    customer, ``constant: {customer_id: null}``), allowed only where the contract lets the column be blank; never the
    text "None" (that was one made-up customer for every outage).

    Examples
    --------
    >>> parse_mapping({"outages": {"constant": {"customer_id": None}}}, "m.yaml")["outages"].constant
    {'customer_id': None}
    >>> try:
    ...     parse_mapping({"outages": {"constant": {"outage_id": None}}}, "m.yaml")
    ... except MappingError as e:
    ...     print(str(e).split(":")[:2])
    ['m.yaml', ' 「outages.constant.outage_id」']
    """
    if _none(v) is not None:
        return v
    spec = c.columns[col]
    if spec.get("required", True) and not spec.get("blank"):
        raise _bi(file, f"{kind}.constant.{col}", f"{col} 不可为空,null 只用于可空的列;请写出它的值,或在 columns 中对应导出的表头",
                  f"{col} may not be blank: null is for a column that may be; write its value, or map the export's "
                  "header under columns")
    return None


def _speakers(kind: str, c, raw: dict, file) -> dict:
    """``speakers``: the export's speaker labels of a dialogue column (``{A: staff, B: customer}``), checked.

    Examples
    --------
    >>> parse_mapping({"transcripts": {"speakers": {"A": "staff", "甲": "customer"}}}, "m.yaml")["transcripts"].speakers
    {'A': 'staff', '甲': 'customer'}
    """
    from .speakers import ROLES

    sp = _none(raw.get("speakers"))
    if sp is None:
        return {}
    if not any(s.get("dialogue") for s in c.columns.values()):
        raise _bi(file, f"{kind}.speakers", f"{kind} 没有对话文本列,说话人标签只用于 transcripts",
                  f"{kind} has no dialogue text: speaker labels are for transcripts only")
    if not isinstance(sp, dict) or not sp:
        raise _bi(file, f"{kind}.speakers", "应是“标签: staff 或 customer”的映射,如 {A: staff, B: customer}",
                  "must be a mapping of `label: staff or customer`, such as {A: staff, B: customer}")
    out = {}
    for label, role in sp.items():
        label = str(label).strip().rstrip(":：").strip()
        if not label or label.strip("*") == "" or str(role) not in ROLES:
            raise _bi(file, f"{kind}.speakers.{label}", f"{role!r}: 应为 staff(工作人员)或 customer(客户),标签不可为空",
                      f"{role!r}: must be staff or customer, and the label not empty")
        out[label] = str(role)
    return out


def parse_mapping(raw, file) -> dict[str, KindMapping]:
    """The whole mapping file (already parsed YAML) checked: ``{kind: KindMapping}``.

    Examples
    --------
    >>> m = parse_mapping({"work_orders": {"columns": {"工单号": "order_id", "受理时间": "received_at"},
    ...                                   "values": {"order_type": {"故障报修": "fault_repair"}}}}, "mapping.yaml")
    >>> m["work_orders"].columns, m["work_orders"].values
    ({'工单号': 'order_id', '受理时间': 'received_at'}, {'order_type': {'故障报修': 'fault_repair'}})
    >>> try:
    ...     parse_mapping({"work_order": {}}, "mapping.yaml")
    ... except MappingError as e:
    ...     print("did you mean 'work_orders'" in str(e))
    True
    """
    from .contract import contracts

    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _bi(file, "(文件 / file)", "映射文件应以记录类型为键(如 work_orders:)", "the mapping file must be keyed by kinds of records "
                  "(e.g. work_orders:)")
    kinds = contracts()
    out = {}
    for kind, sec in raw.items():
        if kind not in kinds:
            raise _bi(file, str(kind), f"未知的记录类型 {kind!r}{_close(kind, kinds)};可用: {', '.join(kinds)}",
                      f"unknown kind of records {kind!r}; the kinds are {', '.join(kinds)}")
        out[kind] = parse_section(kind, _none(sec) or {}, file)
    return out


@dataclass
class Plan:
    """What a mapping makes of one table's headers (for ``records check``).

    Examples
    --------
    >>> from windoweval.records.files import load_files
    >>> import tempfile
    >>> from pathlib import Path
    >>> f = Path(tempfile.mkdtemp()) / "工单.csv"
    >>> _ = f.write_text("order_id,window_id,order_type,received_at,备注\\n1,PW01,fault_repair,2025-06-01 18:00,x\\n",
    ...                  encoding="utf-8")
    >>> plan = load_files("work_orders", [f]).plans[0]
    >>> plan.rows, plan.ignored, plan.missing[:2]
    (1, ['备注'], ['customer_id', 'filed_at'])
    """

    label: str
    used: dict = field(default_factory=dict)      # header -> [what for]
    ignored: list = field(default_factory=list)   # headers read for nothing
    missing: list = field(default_factory=list)   # contract columns found nowhere
    unused_entries: list = field(default_factory=list)  # mapping headers absent from the file
    rows: int = 0
    problems: list = field(default_factory=list)  # frames of rows a pick or combine could not make
    dropped: dict = field(default_factory=dict)   # "header=value" -> rows dropped by the mapping's drop (the file's)
    dropped_records: int = 0                      # records those rows held (a wide checklist's row: one per item)
    row_numbers: np.ndarray | None = None         # the file's row number of each record kept
    distinct: dict = field(default_factory=dict)  # contract column -> its values (not missing), where codes were mapped
    blank_rows: int = 0                           # rows of empty cells between records, left out by the reader
    hidden_rows: int = 0                          # records on rows the workbook hides (read all the same)
    hidden_cols: list | None = None               # headers of columns the workbook hides (read all the same)
    merged_down: list | None = None               # ranges merged down over records, read into every row (B2:B4 窗口)
    used_cols: list = field(default_factory=list)  # positions (0-based) of the headers used, as in ``used``
    filtered: bool = False                        # the sheet has a filter set
    hidden_sheet: str | None = None               # "hidden"/"veryHidden": the sheet read is one Excel does not show
    moved: list = field(default_factory=list)     # frames of row, column, shown, written: values `after` moved a day
    wide: tuple | None = None                     # a wide checklist: (the file's rows, its items), for records check
    wide_items: list | None = None                # a wide checklist: (position, header, item code) of each item column
    wide_value: str | None = None                 # a wide checklist: the contract column its cells are read as
    wide_blank: dict = field(default_factory=dict)  # a wide checklist: item header -> its cells left blank (no record)
    numbered_rows: list | None = None             # rows a template numbered in advance (序号 only), left out
    steps: dict | None = None                     # a process log pivoted (records.steps): rows, orders, steps, repeats
    split: dict | None = None                     # a list cell made a record per value: {header, rows, records, blank}
    attempts: tuple | None = None                 # callback attempts made one row per case: (cases, rows left out)
    punches: dict | None = None                   # a punch log read beside the schedule: punches → shifts (records.punches)
    halves: dict | None = None                    # a split shift's cell made a record per span: {header, rows, records}
    span_cells: pd.DataFrame | None = None        # a combine's header per span: each record's cell (files._span_cells)
    span_dates: dict | None = None                # and every combine's date header, by its column (files._span_named)


def _letters(i):
    from .io import col_letter
    return col_letter(i)


def _shown(h) -> str:
    r"""A header as a message shows it: a line break (Alt+Enter), a tab or an invisible space written as its escape
    (``完成\n时间``, ``完成时间\u3000``), the rest as written.

    >>> _shown("完成\n时间"), _shown("完成时间\u3000"), _shown("受理时间（系统）")
    ('完成\\n时间', '完成时间\\u3000', '受理时间（系统）')
    """
    return repr(str(h))[1:-1]


class _Headers:
    def __init__(self, headers, label, kind, row: int = 1):
        self.headers = list(headers)
        self.label, self.kind = label, kind
        self.normed = [norm(h) for h in self.headers]
        self.pos: dict[str, int] = {}
        for i, n in enumerate(self.normed):
            if not n:
                continue
            if n in self.pos:
                j = self.pos[n]
                a, b = self.headers[j], self.headers[i]
                raise InputError(
                    f"{label}: 第 {row} 行 / row {row}: 表头重复:列 {_letters(j)} “{_shown(a)}” 与列 {_letters(i)} “{_shown(b)}”"
                    f"{'(去掉空格、全角与大小写差异后相同)' if a != b else ''};无法确定用哪一列。请删除或改名其中一列后重新导出,"
                    f"再在 mapping.yaml 中对应。 / "
                    f"duplicate header: column {_letters(j)} {a!r} and column {_letters(i)} {b!r}"
                    f"{' (the same after trimming, NFKC and case folding)' if a != b else ''}; which one to read is "
                    f"unclear. Delete or rename one of them, then map it in mapping.yaml.")
            self.pos[n] = i
        # a header over two rows whose names clash is joined with '/' (受理/开始, io.HEADER_JOIN) since records25; a
        # mapping.yaml written when it was joined without one (受理开始) still finds it, where no header is so named
        self.loose: dict[str, int] = {}
        for n, i in self.pos.items():
            k = n.replace("/", "")
            if k != n and k not in self.pos:
                self.loose[k] = -1 if k in self.loose else i

    def find(self, h) -> int | None:
        n = norm(h)
        i = self.pos.get(n)
        if i is None and "/" not in n:
            i = self.loose.get(n)
            i = None if i == -1 else i
        return i

    def need(self, h, where, file) -> int:
        i = self.find(h)
        if i is None:
            raise _bi(file, where, f"表头 {h!r} 不在 {self.label} 中{_close(h, self.headers)};{_NEED_FIX[0]}",
                      f"header {h!r} is not in {self.label}; {_NEED_FIX[1]}")
        return i


#: The fix of a header a mapping names that an export lacks (newuser45): the mapping's spelling or the export, and
#: which headers of several exports read together may be missing from some (columns, drop, pick) and which not.
_NEED_FIX = ("请按导出中的写法改正 mapping.yaml 的这一项(各文件的表头见 windoweval records check);几个导出一起读入"
             "(file 为列表或通配符)时,columns、drop 的表头(及 pick 中某代码的表头,文件中没有该代码的行时)只需在其中一个"
             "文件中,pick 的 by 与 default、combine、derive 等规则的表头须在每个文件中;某列在一些文件中由 combine 组成、"
             "在另一些文件中是一个表头时,可同时写在 columns 与 combine 下(各文件用其表头所在的一种):其他格式不同的导出请"
             "从导出系统按同一格式导出后再一起读入",
             "correct this entry of mapping.yaml as the export spells the header (each file's headers: windoweval records "
             "check); of several exports read together (file a list or a glob), a header under columns or drop (or a pick "
             "case's, in a file with no row of its code) need be in one of them only, one a pick's by or default, a "
             "combine or a derive reads must be in every file; a column made by a combine in some files and read from one "
             "header in others may be written under both columns and combine (each file takes the way whose headers it "
             "holds): export other files of different shapes in one shape from the exporting system, then read them "
             "together")


#: A time range in one cell (班次 09:00-17:00, 8:30~12:00, 9点至17点 not: times of day with a colon), its two times;
#: the shift's name may stand before or after it (早班 08:30-17:30, A 08:30-17:30, 白班(08:30-17:30), 08:30-17:30 早班,
#: as attendance systems' daily reports write 班次) and 次日 before the end (22:00-次日06:00).
_TIME_RANGE = (r"^\s*(?:[^\d:：()（）\[\]【】]{1,12}?\s*[(（\[【]?\s*)?"
               r"(\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)\s*(?:-|~|～|—|–|－|至|到)\s*(?:次日|翌日|\+1\s*)?"
               r"(\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)\s*(?:\(\s*\+1\s*\)|（\s*\+1\s*）|\+1)?"
               r"\s*[)）\]】]?\s*[^\d:：]{0,12}$")


#: One time range of a split shift's cell (早班 08:30-12:00 14:00-17:30, 08:30-12:00/14:00-17:30): its start, 次日, its
#: end.
_RANGE_IN_CELL = (r"(\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)\s*(?:-|~|～|—|–|－|至|到)\s*((?:次日|翌日)?)\s*"
                  r"(\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)")


#: A split shift's whole cell: the shift's name (as :data:`_TIME_RANGE` allows it), then two ranges or more, apart by
#: white space or , ， 、 ; ； / |, and nothing else (a cell holding other text is refused as no range, as before).
_SPLIT_SHIFT = (r"^\s*(?:[^\d:：()（）\[\]【】]{1,12}?\s*[(（\[【]?\s*)?" + _RANGE_IN_CELL
                + r"(?:\s*[,，、;；/|]?\s*" + _RANGE_IN_CELL + r")+\s*[)）\]】]?\s*[^\d:：]{0,12}$")


#: 次日 written before or after a time of day (次日 06:05, 次日06:05, (次日)06:05, 06:05(次日)), as attendance systems
#: write a night shift's clock-out: taken off, the time put on the next day (:func:`apply_mapping`'s ``combine``).
_NEXT_DAY_MARK = r"^\s*[(（\[]?\s*次日\s*[)）\]]?\s*|\s*[(（\[]\s*次日\s*[)）\]]\s*$"


#: A midnight written after a date (2025-03-03 0:00, 00:00:00.000, T00:00:00: a workbook's date cell): the date alone.
_MIDNIGHT = r"[\sT]+0?0:00(?::00(?:\.0+)?)?$"


def next_day_marked(t: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Time cells ``t`` with 次日 taken off (次日 06:05, 06:05(次日): a punch past midnight, as DingTalk writes it) and
    the rows it marked, whose time is the next day's.

    Examples
    --------
    >>> t, m = next_day_marked(pd.Series(["次日 06:05", "06:05(次日)", "06:05", None], dtype="string"))
    >>> t.tolist(), m.tolist()
    (['06:05', '06:05', '06:05', <NA>], [True, True, False, False])
    """
    marked = np.zeros(len(t), dtype=bool)
    has = t.str.contains("次日", regex=False).to_numpy(dtype=bool, na_value=False)
    if has.any():
        bare = t.str.replace(_NEXT_DAY_MARK, "", regex=True)
        marked = has & (bare != t).to_numpy(dtype=bool, na_value=False)
        t = bare.mask(bare == "")
    return t, marked


def short_years_read(d: pd.Series) -> pd.Series:
    """Dates as written (a ``combine`` entry's date column), those with a two-digit year written year first where
    the weekday written beside each settles which part is the year
    (:func:`windoweval.records.validate._short_years_by_weekday`), each with what followed its date; the others, and
    all of them when the weekdays settle nothing, as written (validate() names them).

    Examples
    --------
    >>> short_years_read(pd.Series(["25-03-03 星期一", "2025-03-04", None], dtype="string")).tolist()
    ['2025-03-03 星期一', '2025-03-04', <NA>]
    >>> short_years_read(pd.Series(["25-03-03"], dtype="string")).tolist()
    ['25-03-03']
    """
    from .validate import _datetime_text, _short_years_by_weekday

    s = d.astype("string").str.strip()
    short = s.str.match(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{1,2}(?![\d/.\-])").to_numpy(dtype=bool, na_value=False)
    if not short.any():
        return d
    read = _short_years_by_weekday(_datetime_text(s[short]), s[short])
    if read is None:
        return d
    # the date part replaced, the weekday and whatever followed kept as written (validate() checks the weekday)
    rest = s[short].str.replace(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{1,2}", "", regex=True)
    out = s.copy()
    out[short] = read.str.slice(0, 10) + rest
    return out


def excel_day_and_time(d: pd.Series, t: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A date header's cells ``d`` and a time header's ``t`` with Excel's own forms written as a date and a time of
    day: a serial day number (45717 = 2025-03-01), a time-only cell's day (1899-12-30 08:15:00) left out, a fraction
    of a day (0.375 = 09:00:00).

    Examples
    --------
    >>> d, t = excel_day_and_time(pd.Series(["45717", "2025-03-01"], dtype="string"),
    ...                           pd.Series(["0.375", "1899-12-30 08:15:00"], dtype="string"))
    >>> d.tolist(), t.tolist()
    (['2025-03-01', '2025-03-01'], ['09:00:00', '08:15:00'])
    """
    serial = pd.to_numeric(d.where(d.str.fullmatch(r"\d{5}(?:\.0*)?").fillna(False)).astype(object), errors="coerce")
    serial = serial.where(serial.between(20000, 80000))
    if serial.notna().any():   # a date cell read as Excel's serial day number (45717 = 2025-03-01)
        day = (pd.Timestamp("1899-12-30") + pd.to_timedelta(serial, unit="D")).dt.strftime("%Y-%m-%d")
        d = d.where(serial.isna(), day.astype("string"))
    t = t.str.replace(r"^1899-12-3[01]\s+|^1900-01-0[01]\s+", "", regex=True)  # Excel's time-only cells
    frac = pd.to_numeric(t.where(t.str.fullmatch(r"0?\.\d+|0").fillna(False)).astype(object), errors="coerce")
    if frac.notna().any():  # a time cell read as the fraction of a day (0.375 = 09:00:00)
        secs = (frac * 86400).round()
        hhmmss = (pd.to_datetime(secs, unit="s").dt.strftime("%H:%M:%S")).astype("string")
        t = t.where(frac.isna(), hhmmss)
    return d, t


_HHMM = r"\d{1,4}(?:\.0*)?"


def hhmm_times(t: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """A ``combine`` time column's bare numbers read as HHMM (an HIS/LIS export's `RecvHHMM`: 915 is 09:15, 5 is
    00:05, the time kept as a number and its leading zeros lost), where one of them has three or four digits (the
    column is HHMM, so 12 there is 00:12); the cells written as ``HH:MM``. Returned with the cells refused: numbers
    that are no HHMM time (1260, 2500), and, where every bare number is below 100, all of them (12: noon, or 00:12
    with its zeros lost? never guessed). Other cells (09:15, 0.375, a date-time) are left as they are.

    Examples
    --------
    >>> t, bad, unclear = hhmm_times(pd.Series(["915", "5", "12", "2330", "1260", "09:15", None], dtype="string"))
    >>> t.tolist()[:4], t.tolist()[5], bad.tolist(), bool(unclear.any())
    (['09:15', '00:05', '00:12', '23:30'], '09:15', [False, False, False, False, True, False, False], False)
    >>> hhmm_times(pd.Series(["12", "9"], dtype="string"))[2].tolist()
    [True, True]
    """
    bare = t.str.fullmatch(_HHMM).fillna(False).to_numpy(dtype=bool)
    none = np.zeros(len(t), dtype=bool)
    if not bare.any():
        return t, none, none
    n = pd.to_numeric(t[bare].astype(object), errors="coerce").to_numpy()
    if not (n >= 100).any():
        return t, none, bare
    h, m = n // 100, n % 100
    ok = (m < 60) & ((h < 24) | ((h == 24) & (m == 0)))   # 2400: the day's end, read as 24:00 is (data/README.md)
    at = np.flatnonzero(bare)
    t = t.copy()
    two = lambda v: pd.Series(v.astype(np.int64), dtype="string").str.zfill(2).to_numpy()   # noqa: E731
    t.iloc[at[ok]] = two(h[ok]) + ":" + two(m[ok])
    bad = none.copy()
    bad[at[~ok]] = True
    return t, bad, none


def hhmm_read(t: pd.Series, label, rows, column: str, made: str) -> tuple[pd.Series, list]:
    """:func:`hhmm_times` of a time column joined to its date (a ``combine``, a punch log's ``date``), with the
    problems of the cells refused, each by its row, ``column``, the value as written and the fix; those cells blank.
    """
    written = t
    t, bad, unclear = hhmm_times(t)
    problems = []
    for odd, code, zh, en in (
            (bad, "not_hhmm", "是数字但不是 HHMM 形式的时刻(时 00–23、分 00–59,如 915 即 09:15)",
             "a number that is no HHMM time (hours 00-23, minutes 00-59: 915 is 09:15)"),
            (unclear, "ambiguous_hhmm", "这一列的时刻都是两位以内的数字,无法确定是钟点还是丢了前导零的 HHMM"
             "(12 是 12:00 还是 00:12?),不作猜测",
             "every time in this column is a number below 100: whole hours, or HHMM with its leading zeros "
             "lost (12: 12:00 or 00:12?); not guessed")):
        if odd.any():
            problems.append(Problems.of(
                file=label, row=np.asarray(rows)[odd], column=column, value=written.astype(str).to_numpy()[odd],
                code=code, problem_zh=f"{zh},无法组成 {made}", problem_en=f"{en}: {made} cannot be made",
                fix_zh="请在导出系统中把时刻导出为 时:分(如 09:15),或导出为四位的 HHMM 文本(0915)",
                fix_en="export the time as hours:minutes (09:15), or as four-digit HHMM text (0915)"))
            t = t.mask(pd.Series(odd, index=t.index))
    return t, problems


def time_range_part(t: pd.Series, part: str) -> tuple[pd.Series, np.ndarray]:
    """The start or end (``part``) of each time range in ``t`` (``09:00-17:00``), and where a filled cell holds no
    range (to be refused; a blank cell stays blank).

    Examples
    --------
    >>> v, bad = time_range_part(pd.Series(["09:00-17:00", "22:00~06:00", None, "9:00"], dtype="string"), "end")
    >>> v.tolist()[:2], bad.tolist()
    (['17:00', '06:00'], [False, False, False, True])
    >>> time_range_part(pd.Series(["早班 08:30-17:30", "白班(08:30-17:30)", "夜班 22:00-次日06:00", "休息"]), "start")[0].tolist()
    ['08:30', '08:30', '22:00', <NA>]
    """
    got = t.str.extract(_TIME_RANGE)
    v = got[0 if part == "start" else 1].astype("string").str.replace("：", ":", regex=False).str.replace(
        r"\s+", "", regex=True)
    bad = (v.isna() & ~_blank(t)).to_numpy(dtype=bool)
    return v, bad


def _start_seconds(t: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each cell of ``t`` as seconds from the recording's start (``12.5``, ``00:01:02.5``, ``1:02``, ``12.5s``, a
    millisecond count ``12500ms``), NaN where blank; and where a filled cell is none of these (to be refused).

    Examples
    --------
    >>> v, bad = _start_seconds(pd.Series(["12.5", "00:01:02.5", "1:02", "3500ms", "2s", None, "abc"]))
    >>> v.tolist()[:5], bad.tolist()
    ([12.5, 62.5, 62.0, 3.5, 2.0], [False, False, False, False, False, False, True])
    """
    x = t.astype("string").str.strip().str.replace("：", ":", regex=False)
    blank = (x.isna() | (x == "")).to_numpy(dtype=bool)
    ms = x.str.fullmatch(r"\d+(?:\.\d+)?\s*ms", case=False).to_numpy(dtype=bool, na_value=False)
    num = pd.to_numeric(x.str.replace(r"(?i)\s*(?:ms|s|秒)$", "", regex=True), errors="coerce").to_numpy(dtype=float)
    num = np.where(ms, num / 1000, num)
    parts = x.str.extract(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")
    hms = (pd.to_numeric(parts[0], errors="coerce").fillna(0).to_numpy(dtype=float) * 3600
           + pd.to_numeric(parts[1], errors="coerce").to_numpy(dtype=float) * 60
           + pd.to_numeric(parts[2], errors="coerce").to_numpy(dtype=float))
    v = np.where(np.isnan(num), hms, num)
    bad = ~blank & np.isnan(v)
    return np.where(blank, np.nan, v), bad


def _blank(s: pd.Series) -> pd.Series:
    return s.isna() | (s.astype("string").str.strip() == "")


#: A time of day inside a date cell (2025-06-04 10:03, 2025/3/5 晚上12点, 2025年3月5日 下午3点): the date cell is then a
#: date-time (a part of the day before the hour is a time as much as a colon is; validate() reads it).
_DATE_CELL_TIME = (r"(?:(?<=\d)[\sT]+|(?<=\d)\s*(?=(?:" + _PERIOD_WORDS + r"))|(?<=日)\s*)(?:(?:" + _PERIOD_WORDS
                   + r")\s*)?\d{1,2}(?::\d{2}|\s*[点时])")

#: :data:`_DATE_CELL_TIME` on ASCII text (no part of the day, no 日 or 点): a time after the date
_ASCII_CELL_TIME = r"\d[\sT]+\d{1,2}:\d{2}"


def _date_cell_time(d: pd.Series) -> np.ndarray:
    """Which date cells hold a time of day too (:data:`_DATE_CELL_TIME`), as a boolean array.

    The wide pattern (parts of the day, 年月日) is searched only in the cells with a character outside ASCII; an
    ASCII cell can hold a time only after a colon, so the cheap colon pattern is searched only in the cells with a
    colon: a column of plain dates (2025-03-05) costs two literal tests.

    Examples
    --------
    >>> _date_cell_time(pd.Series(["2025-03-05", "2025-03-05 10:03", "2025/3/5 晚上12点", "2025年3月5日", None],
    ...                           dtype="string")).tolist()
    [False, True, True, False, False]
    """
    out = np.zeros(len(d), dtype=bool)
    wide = (~d.str.isascii()).to_numpy(dtype=bool, na_value=False)
    colon = d.str.contains(":", regex=False).to_numpy(dtype=bool, na_value=False) & ~wide
    if colon.any():
        out[colon] = d[colon].str.contains(_ASCII_CELL_TIME, regex=True).to_numpy(dtype=bool, na_value=False)
    if wide.any():
        out[wide] = d[wide].str.contains(_DATE_CELL_TIME, regex=True).to_numpy(dtype=bool, na_value=False)
    return out


def _naive(s: pd.Series) -> pd.Series:
    """Text read as times in Beijing wall-clock time (a zoned value converted, as validate() converts it); NaT where
    it does not read or where the type cannot hold it (a year mistyped 3025 or 1025: validate() refuses it).  Where
    zoned and plain values mix (validate() refuses the column) each is read as itself: a plain value is never read
    as UTC (00:00:05 shown as 08:00:05).

    Examples
    --------
    >>> [str(x) for x in _naive(pd.Series(["3025-03-05 10:00", "2025-03-05 10:00", None], dtype="string"))]
    ['NaT', '2025-03-05 10:00:00', 'NaT']
    >>> [str(x) for x in _naive(pd.Series(["2025-03-05 00:00:05", "2025-03-05 10:00+08:00"], dtype="string"))]
    ['2025-03-05 00:00:05', '2025-03-05 10:00:00']
    >>> [str(x) for x in _naive(pd.Series(["2025-03-05 02:00Z", "2025-03-05 10:00+08:00"], dtype="string"))]
    ['2025-03-05 10:00:00', '2025-03-05 10:00:00']
    """
    from ..calendar import wall_clock
    from .validate import _TZ_RE, _ns

    def read(x, utc):
        try:
            t = wall_clock(pd.to_datetime(x, errors="coerce", format="mixed", utc=utc))
        except (ValueError, TypeError, OverflowError):
            return None
        return _ns(t) if pd.api.types.is_datetime64_any_dtype(t) else None

    t = read(s, False)   # plain values, or zoned ones of one offset
    if t is not None:
        return t
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    zoned = s.str.contains(_TZ_RE, regex=True).to_numpy(dtype=bool, na_value=False)
    for part, utc in ((~zoned, False), (zoned, True)):   # zones of several offsets (Z, +08:00): through UTC
        if part.any():
            got = read(s[part], utc)
            if got is not None:
                out[part] = got.to_numpy()
    return out


def _order_unclear(s: pd.Series) -> np.ndarray:
    """Which values of ``s`` (stripped text) write day and month before the year (05/03/2025), their order unclear
    by themselves (the first characters say which values may be: a column of ISO dates costs three literal tests).

    Examples
    --------
    >>> _order_unclear(pd.Series(["05/03/2025", "2025-03-05", "13.03.2025 10:00", None], dtype="string")).tolist()
    [True, False, True, False]
    """
    from .validate import _DAY_MONTH_RE

    head = s.str.slice(0, 3)
    cand = (head.str.contains("/", regex=False) | head.str.contains(".", regex=False)
            | head.str.contains("-", regex=False)).to_numpy(dtype=bool, na_value=False)
    amb = np.zeros(len(s), dtype=bool)
    if cand.any():
        amb[cand] = s[cand].str.match(_DAY_MONTH_RE).to_numpy(dtype=bool, na_value=False)
    return amb


def _day_first_dates(d: pd.Series, label, rows: np.ndarray, header: str) -> pd.Series:
    """A ``combine`` date column (one table's, so one file's) read as validate() reads a single column of the same
    dates (:func:`~windoweval.records.validate._day_first`, the one rule): where the file's own values settle the order
    (a first part over 12, 13.03.2025, and no second part over 12), every date written day and month first is written
    year first (03.04.2025 -> 2025-04-03), said once (a note naming the file and the header); otherwise left as it is
    (an unclear or contradicting file is refused by validate(), each value with its row).  Year first before the
    times are put on it, so a time moved to the next day (``after``, ``near``, 次日) keeps its file's order (twelve44:
    the combined column had been refused as "order unclear" once a day-first value was moved).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     _day_first_dates(pd.Series(["13.03.2025", "03.04.2025", None], dtype="string"), "x.csv",
    ...                      np.array([2, 3, 4]), "来电日期").tolist()
    ['2025-03-13', '2025-04-03', <NA>]
    >>> _day_first_dates(pd.Series(["03.04.2025"], dtype="string"), "x.csv", np.array([2]), "来电日期").tolist()
    ['03.04.2025']
    """
    from .validate import _day_first, _say_once

    amb = _order_unclear(d)
    if not amb.any():
        return d
    got, done, _contra, _probs, note = _day_first(d, amb, np.full(len(d), str(label), dtype=object), rows, header, d)
    if note:
        _say_once(note)
    return got if done.any() else d


def _combined_times(text: pd.Series) -> pd.Series:
    """Combined date-time text read as :func:`windoweval.records.validate.validate` reads it, for comparing two of
    them: a part of the day before the hour (下午11:59:50 is 23:59:50), 晚上12点 the next day's 00:00 once the date
    is read; a day/month order validate() refuses (05/03/2025) and what does not read are NaT (validate() names them).

    Vectorised: pandas reads the plain values at once; only those it cannot read go through the date rules' text
    (:func:`~windoweval.records.validate._datetime_text`), so an export of plain times costs what it did.

    Examples
    --------
    >>> [str(x) for x in _combined_times(pd.Series(["2025/3/5 下午11:59:50", "2025/3/5 晚上12点", "2025-03-05 00:00:05",
    ...                                            None, "05/03/2025 23:00"], dtype="string"))]
    ['2025-03-05 23:59:50', '2025-03-06 00:00:00', '2025-03-05 00:00:05', 'NaT', 'NaT']
    """
    from .validate import _datetime_text, _next_day

    s = text.astype("string").str.strip()
    t = _naive(s)
    amb = _order_unclear(s)   # day and month before the year: never read on pandas' guess
    rest = (t.isna() & s.notna()).to_numpy(dtype=bool) & ~amb
    if rest.any():   # what pandas cannot read: a part of the day, 年月日, full-width digits - the date rules' text
        sub = s[rest]
        nxt = np.zeros(len(sub), dtype=bool)
        got = _naive(_datetime_text(sub, nxt))
        got = _next_day(got, nxt)   # past what the type holds (2262/4/11 晚上12点): NaT, refused by validate()
        t = t.copy()
        t[rest] = got.to_numpy()
    if amb.any():
        t = t.mask(pd.Series(amb, index=t.index))
    return t


def _whole_date_problems(d: pd.Series, t: pd.Series, whole: pd.Series, spec: dict, col: str, rows: np.ndarray,
                         label, time_header, date_header) -> list:
    """Problems for the time cells of a ``combine`` that hold a whole date-time whose date is not the date column's
    (the next day is allowed when the column has ``after``: a call answered past midnight; the day before or after
    when it has ``near``).

    Examples
    --------
    >>> d = pd.Series(["2025-03-02", "2025-03-01", "2025-03-01"], dtype="string")
    >>> t = pd.Series(["2025-03-01 23:59", "2025-03-01 12:00", "2025-03-02 00:00:05"], dtype="string")
    >>> p = _whole_date_problems(d, t, pd.Series([True, True, True]), {"date": "日期", "time": "时刻"}, "offered_at",
    ...                          np.array([2, 3, 4]), "x.csv", "时刻", "日期")
    >>> p[0][["row", "column", "value"]].values.tolist()
    [[2, '时刻', '2025-03-01 23:59'], [4, '时刻', '2025-03-02 00:00:05']]
    """
    from .validate import _datetime_text

    w = whole.to_numpy(dtype=bool)
    if not w.any():
        return []
    # 晚上12点 in the cell (midnight at the end of the day written): its date as written or the next day's agrees
    nxt = np.zeros(int(w.sum()), dtype=bool)
    cell = pd.to_datetime(_datetime_text(t[w], nxt), errors="coerce", format="mixed").dt.normalize()
    day = pd.to_datetime(_datetime_text(d[w]), errors="coerce", format="mixed").dt.normalize()
    off = ((cell - day).dt.days).to_numpy(dtype=float, na_value=np.nan)
    # unparsable: validate() names it; the date written the date column's, or (晚上12点) the instant on it; with
    # `after` the next day too (never two days on: 晚上12点 of the next day)
    # with `near` the day before or after (a clock-in past midnight, or before a shift starting after it)
    near = bool(spec.get("near"))
    ok = (np.isnan(off) | (off == 0) | (nxt & (off == -1)) | ((off == 1) & bool(spec.get("after") or near) & ~nxt)
          | ((off == -1) & near & ~nxt))
    if ok.all():
        return []
    bad = np.flatnonzero(w)[~ok]
    vals = t.iloc[bad].astype(str).to_numpy()
    dates = d.iloc[bad].astype(str).to_numpy().astype(object)
    nxt = "(也不是其次日)" if spec.get("after") else "(也不是其前一日或次日)" if near else ""
    nxt_en = " (nor the next day)" if spec.get("after") else " (nor the day before or after)" if near else ""
    return [Problems.of(
        file=label, row=rows[bad], column=str(time_header), value=vals, code="date_disagrees",
        problem_zh="时间单元格中的日期与日期列“" + str(date_header) + "”的 " + dates + " 不一致" + nxt + f",无法确定 {col} 是哪一天",
        problem_en="the date in the time cell disagrees with " + dates + " in the date column " + repr(str(date_header))
                   + nxt_en + f": which day {col} fell on is unclear",
        fix_zh="请在导出系统中核对并改正其中之一;若时间列本身就是完整的日期时间,请在 mapping.yaml 的 columns 中直接对应它"
               f"(`{time_header}: {col}`),不用 combine",
        fix_en="check both in the exporting system and correct one; if the time column holds the whole date-time "
               f"itself, map it directly under columns (`{time_header}: {col}`) instead of combine")]


def _durations(s: pd.Series, unit: str) -> pd.Series:
    """Durations in seconds: a number counted in ``unit``, a number with its own unit (``12秒``, ``1.5分钟``) or a
    clock reading (``00:00:12``, ``0:12``); blank and placeholders NaN; anything else (or negative) -1.  A reading of
    two parts (``1:20``) is minutes:seconds in a column counted in seconds (an ACD's ring time) and -2 in one counted
    in minutes or hours: hours:minutes or minutes:seconds, never guessed (a turnaround of 1:20 read as 80 seconds).

    Examples
    --------
    >>> _durations(pd.Series(["12", "00:00:13", "0:20", "1分钟", "-", None, "abc", "-3"]), "seconds").tolist()
    [12.0, 13.0, 20.0, 60.0, nan, nan, -1.0, -1.0]
    >>> _durations(pd.Series(["20秒", "1分5秒", "1.5分钟"]), "seconds").tolist()
    [20.0, 65.0, 90.0]
    >>> _durations(pd.Series(["1:20", "01:20:00", "80"]), "minutes").tolist()
    [-2.0, 4800.0, 4800.0]
    """
    from .validate import _with_unit

    s = s.astype("string").str.strip()
    if not s.str.isascii().fillna(True).all():
        s = s.str.normalize("NFKC")
    blank = (s.isna() | (s == "") | _placeholder(s)).to_numpy(dtype=bool)
    out = pd.to_numeric(s.astype(object), errors="coerce").astype(float) * _DERIVE_UNITS[unit]
    left = out.isna().to_numpy() & ~blank
    two = None
    if left.any():
        hms = s[left].str.extract(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$").astype(float)
        clock = hms[0].fillna(0) * 3600 + hms[1] * 60 + hms[2]
        clock = clock.where(hms[1].notna())
        # minutes back to seconds, to the microsecond: 20秒 is 20 s, never 19.999999 (a third of a minute in floats)
        clock = clock.fillna((_with_unit(s[left], "min", "duration") * 60).round(6))
        out[left] = clock.to_numpy()
        two = (hms[0].isna() & hms[1].notna()).to_numpy(dtype=bool) if unit != "seconds" else None
    out[~blank & (out.isna().to_numpy() | (out < 0).to_numpy())] = -1.0
    if two is not None and two.any():
        at = np.flatnonzero(left)[two]
        out.iloc[at] = -2.0
    out[blank] = np.nan
    return out


def _derive(frame: pd.DataFrame, H, km: KindMapping, out: dict, used: dict, rows: np.ndarray, label) -> list:
    """Each ``derive`` column made (``from`` + the duration of ``add``, on the rows ``when`` names) into ``out``;
    the problems: a duration that is not one, a code of a ``when`` header that no ``derive`` entry names."""
    from .validate import _datetime_text

    kind, mfile, problems = km.kind, km.source, []
    covered: dict[int, set] = {}
    for col, spec in km.derive.items():
        where = f"{kind}.derive.{col}"
        if spec["from"] not in out:
            raise _bi(mfile, f"{where}.from", f"{spec['from']} 不由这份导出得到(先用 columns 或 combine 对应它)",
                      f"{spec['from']} is not made from this export (map it first with columns or combine)")
        ai = H.need(spec["add"], f"{where}.add", mfile)
        used.setdefault(ai, []).append(f"{col}(时长 / duration, {spec['unit']})")
        start = pd.to_datetime(_datetime_text(out[spec["from"]].astype("string").str.strip()), errors="coerce",
                               format="mixed")
        secs = _durations(frame.iloc[:, ai], spec["unit"])
        sel = np.ones(len(frame), dtype=bool)
        if spec["when"] is not None:
            wi = H.need(spec["when"]["header"], f"{where}.when", mfile)
            used.setdefault(wi, []).append(f"{col} 的依据 / decides {col}")
            codes = norm_series(frame.iloc[:, wi])
            sel = codes.isin([norm(x) for x in spec["when"]["codes"]]).to_numpy(dtype=bool, na_value=False)
            covered.setdefault(wi, set()).update(norm(x) for x in spec["when"]["codes"])
        two = sel & (secs == -2).to_numpy()
        if two.any():   # 1:20 in a column of minutes or hours: an hour and twenty minutes, or 80 seconds?
            problems.append(Problems.of(
                file=label, row=rows[two], column=H.headers[ai], value=frame.iloc[:, ai][two].astype(str).to_numpy(),
                code="ambiguous_clock_duration",
                problem_zh=f"两段的钟面时长不明是“时:分”还是“分:秒”(单位 {spec['unit']}),无法推算 {col}",
                problem_en=f"a clock reading of two parts: hours:minutes or minutes:seconds? ({spec['unit']}): "
                           f"{col} cannot be made",
                fix_zh="请导出为“时:分:秒”(如 1 小时 20 分写作 01:20:00)、带单位的时长(1小时20分、80分钟)或按单位计的数字(80)",
                fix_en="export it as hours:minutes:seconds (an hour and twenty minutes: 01:20:00), with its unit "
                       "(1小时20分, 80分钟) or as a number in the unit (80)"))
        bad = sel & (secs < 0).to_numpy() & ~two
        if bad.any():
            problems.append(Problems.of(
                file=label, row=rows[bad], column=H.headers[ai], value=frame.iloc[:, ai][bad].astype(str).to_numpy(),
                code="bad_duration",
                problem_zh=f"不是时长(应如 12、00:00:12 或 12秒,单位 {spec['unit']}),无法推算 {col}",
                problem_en=f"not a duration (like 12, 00:00:12 or 12秒, in {spec['unit']}): {col} cannot be made",
                fix_zh="请在导出系统中改正该值", fix_en="correct the value in the exporting system"))
        ok = sel & (secs >= 0).to_numpy() & start.notna().to_numpy()
        val = (start + pd.to_timedelta(secs.where(ok), unit="s")).dt.strftime("%Y-%m-%d %H:%M:%S.%f")
        out[col] = val.astype("string").where(ok)
    for wi, codes in covered.items():   # a status no derive entry names: its rows get nothing, so refused
        raw = frame.iloc[:, wi]
        n = norm_series(raw)
        bad = (~n.isin(list(codes)) & n.notna() & (n != "")).to_numpy(dtype=bool)
        if bad.any():
            problems.append(_code_problems(
                raw, bad, rows, label, H.headers[wi],
                f"代码 “{{code}}” 不在 mapping.yaml 的 {kind}.derive 任何一项的 when 中(共 {{n}} 行,如第 {{rows}} 行),"
                f"这些记录推算不出时间;请把它加入相应一项的 when 列表",
                f"code {{code!r}} is in no `when` list under {kind}.derive in mapping.yaml ({{n}} rows, e.g. rows "
                f"{{rows}}), so nothing is made for them; add it to the right entry's when list"))
    return problems


def _code_problems(codes: pd.Series, bad: np.ndarray, rows: np.ndarray, label, column, zh, en):
    """One problem line per distinct bad code: its first row, how many rows, and the fix.  Rows are the file's, each
    once (a wide checklist's visit row holds a record per item: rows 3, 3, 3 are one row)."""
    sub = pd.DataFrame({"code": codes[bad].astype(str).to_numpy(), "row": rows[bad]}).drop_duplicates()
    g = sub.groupby("code", sort=False)["row"].agg(["min", "count", lambda r: "、".join(map(str, r.iloc[:5]))])
    g.columns = ["first", "n", "some"]
    return Problems.of(file=label, row=g["first"].to_numpy(), column=column, value=g.index.to_numpy(),
                       code="unmapped_code",
                       problem_zh=[zh.format(code=k, n=n, rows=s) for k, n, s in zip(g.index, g["n"], g["some"])],
                       problem_en=[en.format(code=k, n=n, rows=s.replace("、", ", "))
                                   for k, n, s in zip(g.index, g["n"], g["some"])])


#: A counter's number written in Chinese (三号窗, 第十二窗口, 窗口三): the numeral after 第 or 窗口, or before 号 or 窗.
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_COUNTER = re.compile(r"(?:(?<=第)|(?<=窗口))[〇零一二两三四五六七八九十]{1,4}|[〇零一二两三四五六七八九十]{1,4}(?=号|窗)")


def _cn_number(s: str) -> int:
    """A Chinese numeral below 100 (三 3, 十二 12, 二十一 21, 二〇 20) as an int."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    n = 0
    for ch in s:
        n = n * 10 + _CN_DIGITS.get(ch, 0)
    return n


def window_by_number(written, known) -> str | None:
    """The one workspace window whose id carries the same number as a window id written as a counter's name
    (``窗口 01``, ``01号窗口``, ``第1窗口``, full-width ``０１号窗口``): a hint for the declared rule in mapping.yaml
    (``values.window_id``), never applied without it.  None when the written id holds no number, or more or fewer
    than one window's id carries it (PW01 and HP01 both: which?).

    Examples
    --------
    >>> window_by_number("01号窗口", ["PW01", "PW02"]), window_by_number("窗口 ２", ["PW01", "PW02"])
    ('PW01', 'PW02')
    >>> window_by_number("窗口 01", ["PW01", "HP01"]) is None, window_by_number("城东", ["PW01"]) is None
    (True, True)

    A number written in Chinese beside 号, 窗 or after 第 (三号窗, 第十二窗口, 窗口三, as a pharmacy's staff type it beside
    3号窗口 and 3; newuser49) is that number; a Chinese numeral elsewhere (一站式服务厅) is no number:

    >>> window_by_number("三号窗", ["3", "4"]), window_by_number("第十二窗口", ["12", "2"]), window_by_number("窗口三", ["3"])
    ('3', '12', '3')
    >>> window_by_number("二十一号窗口", ["21"]), window_by_number("一站式服务厅", ["1"]) is None
    ('21', True)
    """
    text = _CN_COUNTER.sub(lambda m: str(_cn_number(m.group(0))), unicodedata.normalize("NFKC", str(written)))
    nums = re.findall(r"\d+", text)
    if len(nums) != 1:
        return None
    n = int(nums[0])
    hits = [k for k in known if [int(x) for x in re.findall(r"\d+", str(k))] == [n]]
    return hits[0] if len(hits) == 1 else None


def unknown_window_problems(df: pd.DataFrame, known, rows: np.ndarray, files: np.ndarray) -> Problems:
    """One refusal line per window id not in the workspace: its first row, how many records, a likely fix."""
    ids = df["window_id"].astype("string")
    bad = (~ids.isin(set(known)) & ids.notna()).to_numpy()
    if not bad.any():
        return Problems.of()
    near = {norm(k): k for k in known}
    sub = pd.DataFrame({"id": ids[bad].to_numpy(), "row": rows[bad], "file": np.asarray(files, dtype=object)[bad]})
    n_records = sub.groupby("id", sort=False).size()
    # the file's rows, each once: a wide checklist's visit is one row, a record per item (rows 3, 3, 4 said 3, 4)
    g = sub.drop_duplicates().groupby("id", sort=False).agg(
        first=("row", "min"), n=("row", "size"), file=("file", "first"),
        some=("row", lambda r: "、".join(map(str, r.iloc[:5]))))
    out = []
    for wid, r in g.sort_values("first").iterrows():
        hint = near.get(norm(wid))
        num = None if hint else window_by_number(wid, known)
        zh = (f"写法不同(全角、空格或大小写),规范化后即 {hint};请改正导出,或在 mapping.yaml 的 values.window_id 中写 `{wid}: {hint}`"
              if hint else f"编号中的数字与窗口 {num} 相同,可能就是它(不会自动改读);若是,请在 mapping.yaml 的 "
              f"values.window_id 中写 `{wid}: {num}`,不必改动导出;否则在 windoweval.toml 中加上这个窗口([[windows]])"
              if num else "请在 windoweval.toml 中加上这个窗口([[windows]]),或改正导出")
        en = (f"written differently (full-width, spaces or case): it normalises to {hint}; fix the export or write "
              f"`{wid}: {hint}` under values.window_id in mapping.yaml" if hint else
              f"its number is window {num}'s, which it may be (it is not read so unless declared): if so, write "
              f"`{wid}: {num}` under values.window_id in mapping.yaml, the export left as it is; else add the window "
              "to windoweval.toml ([[windows]])" if num else
              "add the window to windoweval.toml ([[windows]]) or fix the export")
        k = int(n_records[wid])
        many_zh = f"共 {r['n']} 条记录" if k == r["n"] else f"共 {r['n']} 行、{k} 条记录"
        many_en = f"{r['n']} records" if k == r["n"] else f"{r['n']} rows, {k} records"
        out.append({"file": r["file"], "row": r["first"], "column": "window_id", "value": wid, "code": "unknown_window",
                    "problem_zh": f"窗口编号不在工作区中({many_zh},如第 {r['some']} 行);{zh}"
                                  f"(工作区设置 unknown_windows = \"refuse\")",
                    "problem_en": f"window id not in the workspace ({many_en}, e.g. rows {r['some'].replace('、', ', ')}); {en} "
                                  f"(the workspace sets unknown_windows = \"refuse\")"})
    return Problems.from_records(out)


def required_found(headers, kind, km: KindMapping) -> int:
    """How many of the contract's required columns a table with these headers supplies (to tell data sheets)."""
    from .contract import contracts

    c = contracts()[kind]
    normed = {norm(h) for h in headers}
    n = 0
    for col in c.required:
        names = [col, c.columns[col].get("zh", col), *(c.columns[col].get("aliases") or [])]
        names += [h for h, t in km.columns.items() if t == col]
        made = ((col in km.pick and norm(km.pick[col]["by"]) in normed)
                or (col in km.combine and {norm(km.combine[col]["date"]), norm(km.combine[col]["time"])} <= normed)
                or (col in km.derive and norm(km.derive[col]["add"]) in normed))
        if made or any(norm(x) in normed for x in names):  # a constant alone does not make a sheet data
            n += 1
    return n


#: A year-first date as exports write it (2025-3-10, 2025/03/10, 2025.3.10, 2025年3月10日), with midnight at most
#: after it (an XLSX date cell read as 2025-03-10 00:00:00): one day, whatever its spelling.
_YEAR_FIRST_DAY = (r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?$")


def _one_day_spelling(v: pd.Series) -> pd.Series:
    """A ``join`` part that holds dates only, each written as ``YYYY-MM-DD``; any other part as written.

    An id joined from a visit's date and place must name one visit once: ``2025-3-10`` and ``2025-03-10`` in one
    register are the same day (two visits were made of it).  Only when every value of the part is a year-first date
    (a day-first or two-digit year is a guess the house never makes); matched once per distinct value.

    Examples
    --------
    >>> _one_day_spelling(pd.Series(["2025-3-10", "2025年03月10日", None], dtype="string")).tolist()
    ['2025-03-10', '2025-03-10', <NA>]
    >>> _one_day_spelling(pd.Series(["2025-3-10", "城东"], dtype="string")).tolist()
    ['2025-3-10', '城东']
    """
    distinct = pd.Series(v.dropna().unique(), dtype="string")
    if distinct.empty:
        return v
    ymd = distinct.str.extract(_YEAR_FIRST_DAY)
    if ymd.isna().any(axis=None):
        return v
    year, month, day = (ymd[i].map(int) for i in range(3))   # int() reads a full-width digit (２０２５) as Python does
    if not (month.between(1, 12) & day.between(1, 31)).all():
        return v
    iso = [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in zip(year, month, day)]   # one per distinct value
    return v.map(dict(zip(distinct.tolist(), iso))).astype("string")


def _combine_here(km: KindMapping, H: "_Headers", src: dict, plan: "Plan", label) -> dict:
    """The ``combine`` entries this table makes: all of them, but one whose column a header under ``columns`` makes in
    this table (several exports of one kind read together, each in its own shape: an LIS's ``RecvDate`` + ``RecvHHMM``,
    a pharmacy's one ``AcceptTime``; :func:`parse_section` lets both ways stand only where ``file`` names several).

    A table holding the headers of both ways is refused as ambiguous, one holding neither's naming the file, the
    column and both ways (:class:`MappingError`, exit 3); a way whose headers the table lacks is listed in
    ``plan.unused_entries`` (records check shows them).

    Examples
    --------
    >>> km = parse_mapping({"hospital_events": {"file": ["lis.csv", "rx.csv"], "columns": {"AcceptTime": "started_at"},
    ...     "combine": {"started_at": {"date": "RecvDate", "time": "RecvHHMM"}}}}, "m.yaml")["hospital_events"]
    >>> H = _Headers(["RxNo", "AcceptTime"], "rx.csv", "hospital_events")
    >>> plan = Plan("rx.csv")
    >>> _combine_here(km, H, {"started_at": 1}, plan, "rx.csv"), plan.unused_entries
    ({}, ['RecvDate', 'RecvHHMM'])
    """
    here = dict(km.combine)
    for col, spec in km.combine.items():
        alt = [h for h, cc in km.columns.items() if cc == col]
        if not alt:
            continue   # the combine is the one way: its headers are needed (H.need, as before)
        # a time header per span (time: [上班1打卡时间, 上班2打卡时间]): every span's header is the combine's (msgs46)
        heads = [spec["date"], spec["time"], *spec.get("spans", ())]
        has_combine = all(H.find(h) is not None for h in heads)
        by_columns = f"columns: {{{', '.join(f'{h}: {col}' for h in alt)}}}"
        times = f"[{', '.join(heads[1:])}]" if spec.get("spans") else spec["time"]
        by_combine = f"combine.{col}: {{date: {spec['date']}, time: {times}}}"
        if col in src and has_combine:
            h = H.headers[src[col]]
            raise MappingError(
                f"{label}: 列 {col} 在此文件中有两种取法:表头 {h!r}(mapping.yaml 的 {by_columns})与表头 "
                f"{'、'.join(map(repr, heads))}({by_combine}),无法确定用哪一种;请在导出中删去其中一种的表头,"
                f"或把这个文件单独写成一节读入 / "
                f"column {col} can be made in two ways in this file: from the header {h!r} ({by_columns} in "
                f"mapping.yaml) and from the headers {', '.join(map(repr, heads[:-1]))} and {heads[-1]!r} "
                f"({by_combine}); which one to use is unclear. Remove one way's headers from the export, or read this "
                f"file on its own")
        if col in src:
            del here[col]
            plan.unused_entries.extend(h for h in heads if H.find(h) is None)
            continue
        if not has_combine:
            missing = "、".join(repr(h) for h in heads if H.find(h) is None)
            raise MappingError(
                f"{label}: 列 {col} 在此文件中无从取得:既没有 {by_columns} 的表头 "
                f"{'、'.join(map(repr, alt))},也没有 {by_combine} 的表头(缺 {missing});{_close(alt[0], H.headers)}"
                f"请按导出中的写法改正 {km.source} 的其中一种(各文件的表头见 windoweval records check) / "
                f"column {col} cannot be made in this file: it has neither the header of {by_columns} "
                f"({', '.join(map(repr, alt))}) nor the headers of {by_combine} (missing {missing.replace('、', ', ')}); "
                f"correct one of them in {km.source} as the export spells its headers (each file's headers: "
                f"windoweval records check)")
    return here


def apply_mapping(frame: pd.DataFrame, headers: list, kind: str, km: KindMapping | dict | None,
                  label: str = "<data>", rows: np.ndarray | None = None,
                  header_row: int = 1, drop_elsewhere: bool = False) -> tuple[pd.DataFrame, Plan]:
    """The table's columns as the contract's columns (still text), and the :class:`Plan` that says how.

    Parameters
    ----------
    frame : DataFrame
        The table, columns by position (``headers[i]`` names column ``i``).
    headers : list
        The export's headers, as written.
    kind : str
        The contract.
    km : KindMapping or dict
        The mapping of this kind.
    label : str
        The file (and sheet) for messages.
    rows : array, optional
        Each record's row number in the file (default 2, 3, ...).
    drop_elsewhere : bool
        A ``drop`` header this table lacks, or a ``pick`` case's header whose code no row of it holds, is listed in
        ``plan.unused_entries`` instead of refused: one of several exports read together (an LIS's 标本状态 and 报告时间,
        a pharmacy's 处方状态 and 发药时间), whose reader refuses a header none of them has.

    Raises
    ------
    InputError
        Two headers landing on one contract column; a duplicate header.

    A code no ``pick`` case names, or a date without its time, is not raised here:
    it is in ``plan.problems``, for :func:`windoweval.records.validate` to report
    with every other problem of the file.

    Examples
    --------
    >>> f = pd.DataFrame([["W1", "居民新装", "2025-03-01 08:00", "2025-03-02 08:00"],
    ...                   ["W2", "高压新装", "2025-03-01 08:00", "2025-03-05 10:00"]])
    >>> km = {"pick": {"received_at": {"by": "类型", "cases": {"居民新装": "受理时间", "高压新装": "签约时间"}}}}
    >>> out, plan = apply_mapping(f, ["工单号", "类型", "受理时间", "签约时间"], "work_orders", km)
    >>> out["received_at"].tolist()
    ['2025-03-01 08:00', '2025-03-05 10:00']
    """
    from .contract import contracts

    c = contracts()[kind]
    km = KindMapping.of(kind, km)
    mfile = km.source
    H = _Headers(headers, label, kind, header_row)   # header_row: the header's row, as the spreadsheet numbers it
    rows = rows if rows is not None else np.arange(2, 2 + len(frame))
    dropped, absent_drop = {}, []
    if km.drop:  # rows the mapping says are not records (a total row): dropped, and counted
        gone = np.zeros(len(frame), dtype=bool)
        for h, vals in km.drop.items():
            if drop_elsewhere and H.find(h) is None:   # another export's status header: that file's rows it drops
                absent_drop.append(h)
                continue
            hi = H.need(h, f"{kind}.drop.{h}", mfile)
            v = norm_series(frame.iloc[:, hi])
            hit = v.isin([norm(x) for x in vals]).to_numpy(dtype=bool, na_value=False).copy()
            if any(norm(x) == "" for x in vals):   # drop: {窗口编号: [""]}: a blank cell (a total row with no label)
                hit |= v.isna().to_numpy(dtype=bool) | v.eq("").to_numpy(dtype=bool, na_value=False)
            shapes = _count_shape(pd.Series(vals, dtype=object)).dropna()
            if len(shapes):   # a count footer (共 3 条) written once matches every month's count (共 1,200 条)
                hit |= _count_shape(frame.iloc[:, hi]).isin(set(shapes)).to_numpy(dtype=bool, na_value=False)
            now = hit & ~gone
            # counted by the file's rows, not the records: a wide checklist's totals row is one row, however many items
            seen = pd.DataFrame({"v": pd.Series(frame.iloc[:, hi].to_numpy()[now], dtype=object).fillna("").to_numpy(),
                                 "r": np.asarray(rows)[now]}).drop_duplicates()
            for x, k in seen["v"].value_counts().items():
                dropped[f"{h}={x}"] = int(k)
            gone |= hit
        frame, rows = frame[~gone], rows[~gone]
        dropped_records = int(gone.sum())
    else:
        dropped_records = 0
    n = len(frame)
    plan = Plan(label, rows=n)
    plan.dropped, plan.row_numbers, plan.dropped_records = dropped, rows, dropped_records
    plan.unused_entries.extend(absent_drop)
    used: dict[int, list[str]] = {}
    src: dict[str, int] = {}          # contract column -> header position
    explicit_pos: dict[int, str] = {}
    for h, col in km.columns.items():
        i = H.find(h)
        if i is None:
            plan.unused_entries.append(h)
            continue
        if col in src and src[col] != i:
            j = src[col]
            raise _conflict(label, mfile, kind, col, H.headers[j], j, H.headers[i], i, explicit=True)
        src[col] = i
        explicit_pos[i] = col
    ignored = {H.find(h) for h in km.ignore} - {None}
    explicit = km.explicit_targets()
    for col, spec in c.columns.items():
        if col in src or col in explicit:
            continue
        names = [col, spec.get("zh", col), *(spec.get("aliases") or [])]
        cands = sorted({i for i in (H.find(x) for x in names) if i is not None and i not in ignored
                        and i not in explicit_pos})
        if len(cands) > 1:
            raise _conflict(label, mfile, kind, col, H.headers[cands[0]], cands[0], H.headers[cands[1]], cands[1])
        if cands:
            src[col] = cands[0]
    out = {}
    for col, i in src.items():
        out[col] = frame.iloc[:, i]
        used.setdefault(i, []).append(col)
    problems = []
    # a contract column from a different header per code
    for col, spec in km.pick.items():
        where = f"{kind}.pick.{col}.by"
        bi = H.find(spec["by"])
        if bi is None and spec["by"] in src:  # `by` names a contract column
            bi = src[spec["by"]]
        if bi is None:
            bi = H.need(spec["by"], where, mfile)
        used.setdefault(bi, []).append(f"{col} 的依据 / decides {col}")
        raw_codes = frame.iloc[:, bi]
        # codes compared once per distinct code, rows by their integer code (no per-row strings)
        ic, uniq = pd.factorize(raw_codes, use_na_sentinel=True)
        un = [norm(u) for u in uniq]
        by_col = next((k for k, v in src.items() if v == bi), None)
        um = [None] * len(un)
        if by_col is not None and by_col in km.values:
            vm = {norm(k): v for k, v in km.values[by_col].items()}
            um = [vm.get(u) for u in un]
        which = np.full(len(un) + 1, -1)          # distinct code -> the case that takes it (first listed wins)
        cases = list(spec["cases"].items())
        for k, (code, h) in reversed(list(enumerate(cases))):
            nc = norm(code)
            for j, (u, m) in enumerate(zip(un, um)):
                if u == nc or m == code:
                    which[j] = k
        row_case = which[ic]                       # -1 (missing code) indexes the last slot: no case
        blank_code = np.array([u == "" for u in un] + [True])[ic]
        if "default" in spec and spec["default"] is not None:
            di = H.need(spec["default"], f"{kind}.pick.{col}.default", mfile)
            used.setdefault(di, []).append(f"{col}(其他 / other {spec['by']})")
            res = frame.iloc[:, di].astype("string")
        else:
            res = pd.Series(pd.NA, index=frame.index, dtype="string")
        for k, (code, h) in enumerate(cases):
            sel = row_case == k
            if h is None:
                res = res.mask(sel)
                continue
            if drop_elsewhere and not sel.any() and H.find(h) is None:   # another export's header, no row of it here
                plan.unused_entries.append(h)
                continue
            hi = H.need(h, f"{kind}.pick.{col}.cases.{code}", mfile)
            used.setdefault(hi, []).append(f"{col}({spec['by']}={code})")
            if sel.any():
                res = res.mask(sel, frame.iloc[:, hi].astype("string"))
        if "default" not in spec:
            bad = (row_case < 0) & ~blank_code
            if bad.any():
                problems.append(_code_problems(
                    raw_codes, bad, rows, label, H.headers[bi],
                    f"代码 “{{code}}” 在 mapping.yaml 的 {kind}.pick.{col}.cases 中没有对应的表头(共 {{n}} 行,如第 {{rows}} 行),"
                    f"这些记录的 {col} 无从取得;请为它加一项 `{{code}}: 表头`,或写 default",
                    f"code {{code!r}} has no header under {kind}.pick.{col}.cases in mapping.yaml ({{n}} rows, e.g. "
                    f"rows {{rows}}), so their {col} cannot be taken; add `{{code}}: <header>` or a default"))
        out[col] = res
    # a date header and a time header
    from .validate import _datetime_text, _next_day
    whole_cells: dict[str, np.ndarray] = {}   # rows whose time cell held its own date: never moved to the next day
    marks: dict = {}   # each combined column's rows whose time said 次日, and their date and time as written
    parts: dict = {}                          # each combined column's date and time text, for the `after` rule
    date_uses: dict = {}                      # a date header several entries share (a call's date: offered, answered)
    combine = _combine_here(km, H, src, plan, label)   # a column made by columns in this file: no combine here
    for spec in combine.values():
        date_uses[spec["date"]] = date_uses.get(spec["date"], 0) + 1
    # a date header read whole as another column too (签到时间 2025-03-04 08:10 → ticket_at, beside 叫号时间 08:25 of
    # the call): its time of day is that event's, never compared with this time; its date serves this one (newuser46)
    read_whole = {norm(h) for h, cc in (km.columns or {}).items() if cc not in combine}
    for h in list(date_uses):
        if norm(h) in read_whole:
            date_uses[h] += 1
    for col, spec in combine.items():
        di = H.need(spec["date"], f"{kind}.combine.{col}.date", mfile)
        ti = H.need(spec["time"], f"{kind}.combine.{col}.time", mfile)
        used.setdefault(di, []).append(f"{col}(日期 / date)")
        used.setdefault(ti, []).append(f"{col}(时间 / time)")
        # a midnight however written (0:00, 00:00:00.000, T00:00:00) is the date alone
        d = frame.iloc[:, di].astype("string").str.strip().str.replace(_MIDNIGHT, "", regex=True)
        t = frame.iloc[:, ti].astype("string").str.strip()
        d, t = d.mask(_placeholder(d)), t.mask(_placeholder(t))   # - / 无 written for a blank cell: blank
        if spec.get("part"):   # a time range (班次 09:00-17:00): its start or its end
            written = t
            t, bad = time_range_part(t, spec["part"])
            if bad.any():
                problems.append(Problems.of(
                    file=label, row=rows[bad], column=H.headers[ti], value=written.astype(str).to_numpy()[bad],
                    code="not_a_time_range",
                    problem_zh=f"不是“开始-结束”形式的时段,无法取其{'开始' if spec['part'] == 'start' else '结束'}作为 {col}",
                    problem_en=f"not a time range (start-end): its {spec['part']} cannot be taken as {col}",
                    fix_zh="请写成如 09:00-17:00 的时段,或把开始、结束时间分列导出并分别对应;没有班次的行(休息、请假)"
                           "不是记录,在 mapping.yaml 的 drop 中跳过",
                    fix_en="write the range as e.g. 09:00-17:00, or export the start and end as two columns and map each; "
                           "a row with no shift (休息, 请假: a day off or on leave) is no record: skip it with drop in "
                           "mapping.yaml"))
                t = t.mask(pd.Series(bad, index=t.index))
        written_t = t
        marked = np.zeros(len(t), dtype=bool)
        if not spec.get("part"):   # 次日 06:05, 06:05(次日): a time of day the export itself puts on the next day
            t, marked = next_day_marked(t)
        d, t = excel_day_and_time(d, t)
        if not spec.get("part"):   # 915 for 09:15 (an HHMM number, its zeros lost): read, or refused when unclear
            t, found = hhmm_read(t, label, rows, col, col)   # (shown as 日期表头、时间表头 (col))
            problems += found
        d = short_years_read(d)   # 25-03-03 星期一 (DingTalk): the year first where the weekdays say so
        d = _day_first_dates(d, label, rows, H.headers[di])   # 13.03.2025 beside 03.04.2025: its file's order
        db, tb = _blank(d).to_numpy(), _blank(t).to_numpy()
        # a date without a time is no event where one date column serves several times (a call never answered;
        # a required column left so is refused by validate() as empty), its own day where it serves this time
        # alone (own_day below). A time without a date is refused here.
        for bad, zh, en, hdr, vals in (
                (db & ~tb, "有时间但日期为空", "a time without a date", H.headers[di], t),):
            if bad.any():
                problems.append(Problems.of(file=label, row=rows[bad], column=hdr,
                                            value=vals[bad].astype(str).to_numpy(), code="time_without_date",
                                            problem_zh=f"{zh},无法组成 {col}", fix_zh="请补上日期",
                                            problem_en=f"{en}: {col} cannot be made", fix_en="fill in the date"))
        whole = t.str.match(r"\s*\d{4}\s*[-/.年]\s*\d").fillna(False)   # the time cell holds the date too: taken whole
        if whole.any():   # ... unless its date is not the date column's (the next day allowed after `after`)
            problems += _whole_date_problems(d, t, whole & ~db & ~tb, spec, col, rows, label, H.headers[ti],
                                             H.headers[di])
        # the date cell holds a time of day too (2025-06-04 10:03): with the time cell empty it is the whole date-time
        # (never "no event"), unless other entries share the date header: its time is then another event's (the
        # call's arrival), and an empty time cell stays "no event" (a call never answered); beside a time of day
        # that says otherwise, refused
        dtime = _date_cell_time(d) & ~whole.to_numpy(dtype=bool) & ~db   # the cheap tests first
        if dtime.any():
            d_day = d.str.replace(_DATE_CELL_TIME + ".*$", "", regex=True)
            # a midnight written with a part of the day (上午12:00:00 as a zh-CN export writes 00:00, 凌晨0:00) or in
            # 点 (0点) is the date alone too, as 0:00 is; 晚上12点 is not (the day's end: the next day's 00:00)
            cjk = dtime & (~d.str.isascii()).to_numpy(dtype=bool, na_value=False)
            if cjk.any():
                nxt = np.zeros(int(cjk.sum()), dtype=bool)
                at = pd.to_datetime(_datetime_text(d[cjk], nxt), errors="coerce", format="mixed")
                zero = ((at == at.dt.normalize()) & at.notna()).to_numpy(dtype=bool) & ~nxt
                if zero.any():
                    start = np.flatnonzero(cjk)[zero]
                    d = d.copy()
                    d.iloc[start] = d_day.iloc[start]
                    dtime[start] = False
            clash = dtime & ~tb & (norm(spec["date"]) not in read_whole)   # another column's time: not this one's
            if clash.any():
                a = pd.to_datetime(_datetime_text(d[clash]), errors="coerce", format="mixed")
                b = pd.to_datetime(_datetime_text(d_day[clash] + " " + t[clash]), errors="coerce", format="mixed")
                differ = np.flatnonzero(clash)[(a != b).to_numpy(dtype=bool) & a.notna().to_numpy() & b.notna().to_numpy()]
                if len(differ):
                    problems.append(Problems.of(
                        file=label, row=rows[differ], column=H.headers[ti], value=t.iloc[differ].astype(str).to_numpy(),
                        code="date_disagrees",
                        problem_zh="日期列“" + str(H.headers[di]) + "”已含时刻 " + d.iloc[differ].astype(str).to_numpy()
                                   .astype(object) + f",与时间列不一致,无法确定 {col}",
                        problem_en="the date column " + repr(str(H.headers[di])) + " holds a time too ("
                                   + d.iloc[differ].astype(str).to_numpy().astype(object)
                                   + f") that disagrees with the time column: {col} is unclear",
                        fix_zh="请在导出系统中核对并改正其中之一", fix_en="check both in the exporting system and correct one"))
            alone = dtime & tb if date_uses[spec["date"]] == 1 else np.zeros_like(dtime)
            d = d.mask(pd.Series(dtime & ~alone, index=d.index), d_day)  # beside a time, or shared: its date only
            t = t.mask(pd.Series(alone, index=t.index), "")              # alone: the date cell is the date-time
            tb = tb & ~alone
        else:
            alone = dtime
        # a date header serving this time alone (到达日期 beside 到达时刻, 完成日期 beside 完成时刻) is the event's own
        # day: with the time blank the event happened that day, its hour not written, read as a date alone (judged
        # as lying anywhere in its day, as the same date in one column is), never as no event (an arrival nobody
        # timed is missing evidence, not a crew that never came); a date several times share (a call's 来电日期) is
        # the call's, and a blank time there stays no event (a call never answered)
        # (a required time left so stays refused as empty, as before: its record cannot be judged without it)
        from .contract import contracts
        spec_c = contracts()[kind].columns.get(col, {})
        may_blank = not spec_c.get("required", True) or bool(spec_c.get("blank"))
        own_day = ((~db & tb & ~alone) if date_uses[spec["date"]] == 1 and may_blank and not spec.get("part")
                   else np.zeros(len(db), dtype=bool))
        # never moved a day by `after`: a time cell that held its own date, a date cell taken whole (the date written)
        whole_cells[col] = whole.to_numpy(dtype=bool) | alone | own_day
        parts[col] = (d, t)
        made = (d + " " + t).str.strip()
        out[col] = made.where(~whole, t).where(~(db | tb)).mask(pd.Series(own_day, index=d.index), d)
        marks[col] = (marked & ~whole_cells[col] & ~(db | tb), (d + " " + written_t).str.strip())

    def move(col, at_mask, days: int, written=None) -> None:
        """The rows ``at_mask`` of combined column ``col`` put ``days`` (1 or -1) from their date, the time as written
        (a zone, a part of the day kept for validate), each listed in ``plan.moved`` with the value as written."""
        d, t = parts[col]
        day = _combined_times(d[at_mask]).dt.normalize()
        if days > 0:
            to = _next_day(day, np.ones(len(day), dtype=bool))
        else:   # before 1677-09-22 (a year mistyped): left as written, refused
            to = day.where(day > pd.Timestamp.min + pd.Timedelta(days=1)) - pd.Timedelta(days=1)
        fits = to.notna().to_numpy()   # past 2262-04-11 (a year mistyped): left as written, refused
        at = np.flatnonzero(at_mask)[fits]
        moved = (to[fits].dt.strftime("%Y-%m-%d").astype("string") + " " + t.iloc[at]).str.strip()
        col_text = out[col].astype("string").copy()
        plan.moved.append(pd.DataFrame({"row": rows[at], "column": col, "shown": moved.to_numpy(),
                                        "written": (col_text if written is None else written).iloc[at].to_numpy()}))
        col_text.iloc[at] = moved.to_numpy()
        out[col] = col_text

    for col in combine:   # 次日 written with the time: the next day, whatever the rules below say
        at_mask, written = marks[col]
        if at_mask.any():
            move(col, at_mask, 1, written)
    for col, spec in combine.items():  # one date for several times: a time before `after`'s is the next day
        ref = spec.get("after") or spec.get("near")
        if not ref or ref not in out:
            continue
        # both read as validate() reads them (下午11:59:50, 晚上12点 the next day's 00:00); a time cell holding its own
        # date, or marked 次日, stays where it was put
        a = _combined_times(out[ref])
        v = _combined_times(out[col])
        free = ~whole_cells.get(col, False) & ~marks[col][0]
        if spec.get("after"):
            nxt = (v < a).to_numpy(dtype=bool, na_value=False) & free
            if nxt.any():
                move(col, nxt, 1)
            continue
        # near: the day that puts the time within 12 hours of the reference's (a night shift's clock-in at 00:05 is
        # the next day's, 2 hours late, never 22 hours early; a clock-in of 23:50 for a shift from 00:30, the day before)
        gap = (v - a).to_numpy(dtype="timedelta64[ns]")
        half = np.timedelta64(12, "h")
        ok = ~np.isnat(gap) & free
        fwd, back = ok & (gap < -half), ok & (gap >= half)
        for at_mask, days in ((fwd, 1), (back, -1)):
            if at_mask.any():
                move(col, at_mask, days)
    if km.derive:   # a date-time from another plus a duration (ring duration -> the answer or the hang-up)
        problems += _derive(frame, H, km, out, used, rows, label)
    for col, v in km.constant.items():   # null: blank in every record (an export per event without its customers)
        out[col] = pd.Series(pd.NA if v is None else str(v), index=frame.index, dtype="string")
    for col, by in km.sequence.items():  # 1, 2, ... within each value of `by`, in file order (or by `order`)
        order = None
        if isinstance(by, dict):
            by, oi = by["by"], H.need(by["order"], f"{kind}.sequence.{col}.order", mfile)
            used.setdefault(oi, []).append(f"{col} 的次序 / orders {col}")
            order, bad = _start_seconds(frame.iloc[:, oi])
            if bad.any():
                problems.append(Problems.of(
                    file=label, row=rows[bad], column=H.headers[oi],
                    value=frame.iloc[:, oi].astype(str).to_numpy()[bad], code="not_a_start_time",
                    problem_zh=f"不是开始时刻(秒数,或 时:分:秒、分:秒),无法据此给 {col} 编号",
                    problem_en=f"not a start time (seconds, or h:mm:ss, m:ss): {col} cannot be numbered by it",
                    fix_zh="请导出每一句的开始时刻(如 12.5 或 00:00:12.5);没有时刻时去掉 order,按文件中的行序编号",
                    fix_en="export each turn's start time (e.g. 12.5 or 00:00:12.5); without one, leave out order "
                           "and the rows are numbered in file order"))
        g = None   # the whole file one group
        if by is not None:
            bi = H.need(by, f"{kind}.sequence.{col}", mfile)
            used.setdefault(bi, []).append(f"{col} 的分组 / groups {col}")
            g = frame.iloc[:, bi].to_numpy(dtype=object)
        if order is None:
            seq = (np.arange(1, n + 1) if g is None else
                   pd.Series(g).groupby(g, sort=False, dropna=False).cumcount().to_numpy() + 1)
        else:   # within each group by the start time, a tie (or a time refused above) in file order
            codes = np.zeros(n, dtype=np.int64) if g is None else pd.factorize(g, use_na_sentinel=False)[0]
            at = np.lexsort((np.arange(n), np.nan_to_num(order, nan=np.inf), codes))   # group, time, file order
            ranked = codes[at]
            seq = np.empty(n, dtype=np.int64)
            seq[at] = np.arange(n) - np.searchsorted(ranked, ranked, side="left") + 1
        out[col] = pd.Series(seq.astype(str), index=frame.index, dtype="string")
    for col, hs in km.join.items():   # the headers' values joined with " / " (trimmed; a placeholder is a blank)
        at = [H.need(h, f"{kind}.join.{col}", mfile) for h in hs]
        parts = []
        for i in at:
            used.setdefault(i, []).append(f"{col}(拼接 / joined)")
            v = frame.iloc[:, i].astype("string").str.strip()
            parts.append(_one_day_spelling(v.mask(_placeholder(v) | (v == ""))))
        blank = np.zeros(n, dtype=bool)
        for i, v in zip(at, parts):
            b = v.isna().to_numpy(dtype=bool)
            if b.any() and col in c.required:   # a part of a required id missing: that row's header named
                problems.append(Problems.of(
                    file=label, row=rows[b & ~blank], column=H.headers[i], value="", code="join_part_blank",
                    problem_zh=f"为空;{col} 由 {'、'.join(hs)} 拼成,缺少一部分即无法确定",
                    problem_en=f"is empty: {col} is made by joining {', '.join(hs)}, and cannot be made without it",
                    fix_zh="填写该单元格,或在 mapping.yaml 中改用导出系统的编号",
                    fix_en="fill the cell, or map the system's own id in mapping.yaml instead"))
            blank |= b
        joined = parts[0].str.cat(parts[1:], sep=" / ")
        out[col] = joined.mask(pd.Series(blank, index=joined.index)).astype("string")
    for col, spec in km.epoch.items():   # a Unix time in its stated unit and zone: Beijing time as text (dates44)
        if col in out:
            out[col] = from_epoch(out[col], spec["unit"], spec["zone"])
    # a value column the file lacks read from another's text as written, before the codes replace it (a monitor's
    # 额定电压 from its 电压等级: 10kV); a text that names none refused (validate._nominal_from)
    # a level set by constant is no level as written (a nominal voltage set so is the file's own)
    written = {k: v for k, v in out.items() if k not in km.constant or k in c.nominal_from} if c.nominal_from else {}
    derived = _nominal_from(pd.DataFrame(written, index=frame.index, copy=False), c, label, rows, None) \
        if written else None
    if derived is not None:
        out.update({k: pd.Series(v, index=frame.index) for k, v in derived[0].items()})
        problems.extend(derived[1])
    for col, spec in km.own_values.items():   # an item asked as a fault: its result's own codes on its rows first
        if col in out and spec["by"] in out:
            out[col] = _own_coded(out[col], out[spec["by"]], spec["cases"])
    # codes -> the contract's values; an unmapped code refused, naming it
    for col in list(out):
        spec = c.columns[col]
        allowed = spec.get("values")
        m = km.values.get(col)
        if allowed is None and not m:
            continue
        mm = {norm(k): v for k, v in (m or {}).items()}
        if allowed is not None:  # a code left unmapped stays as written: validate() names it and its rows
            for a in allowed:
                mm.setdefault(norm(a), str(a))
        found: dict = {}
        same = _as_written(out[col], mm, found)
        if same is not None:   # arrow text: as written (nothing copied), or each code looked up once
            out[col] = same
            if "values" in found:   # validate() checks a category by these, without reading the column again
                plan.distinct[col] = found["values"]
            continue
        ic, uniq = pd.factorize(out[col], use_na_sentinel=True)   # once per distinct code
        got = [mm.get(norm(u), u) for u in uniq]
        out[col] = _by_code(got, ic, frame.index)
    dialogues = [x for x in out if c.columns[x].get("dialogue")]
    if dialogues:   # one turn a line, a label and a space or a timestamp (坐席 09:01:02 您好): the labels as read
        from .speakers import line_labels
        for col in dialogues:
            out[col] = line_labels(out[col], dict(km.speakers or {}))
    if km.speakers:   # the export's speaker labels written as the known ones (员工: / 客户:)
        from .speakers import apply_speakers
        for col in dialogues:
            out[col] = apply_speakers(out[col], km.speakers)
    plan.problems = problems
    df = pd.DataFrame(out, index=frame.index, copy=False)   # the columns themselves (copy-on-write), not copies
    plan.used = {H.headers[i]: v for i, v in sorted(used.items())}
    plan.used_cols = sorted(used)
    plan.ignored = [h for i, h in enumerate(H.headers) if i not in used and str(h).strip()]
    plan.ignored += [f"(列 {_letters(i)} 无表头 / column {_letters(i)} has no header)" for i, h in enumerate(H.headers)
                     if not str(h).strip() and i < frame.shape[1] and frame.iloc[:, i].notna().any()]
    plan.missing = [col for col in c.columns if col not in df.columns]
    return df, plan


#: The units a Unix time may be stated in (``epoch``), in nanoseconds, and the zones it may be stated to count in
#: (hours east of UTC): UTC as Unix time is defined, or Asia/Shanghai for a system that counted Beijing's wall clock.
_EPOCH_UNITS = {"seconds": 10**9, "milliseconds": 10**6}
_EPOCH_ZONES = {"UTC": 0, "Asia/Shanghai": 8}


def _epoch_of(kind: str, c, raw: dict, file, check_col) -> dict:
    """The ``epoch`` section: ``{column: {unit, zone}}``, both stated (a time zone is never guessed), the column a
    date or date-time column of the contract."""
    out = {}
    for col, spec in raw.items():
        where = f"{kind}.epoch.{col}"
        check_col(str(col), where)
        if c.columns[str(col)]["type"] not in ("datetime", "date"):
            raise _bi(file, where, f"{col} 不是日期或日期时间列", f"{col} is not a date or date-time column")
        if not isinstance(spec, dict) or set(spec) != {"unit", "zone"}:
            raise _bi(file, where, "应写成 {unit: seconds 或 milliseconds, zone: UTC 或 Asia/Shanghai},单位与时区都须写明"
                      "(时区不作猜测)",
                      "write it as {unit: seconds or milliseconds, zone: UTC or Asia/Shanghai}, both stated (a "
                      "time zone is never guessed)")
        unit, zone = str(spec["unit"]), str(spec["zone"])
        if unit not in _EPOCH_UNITS:
            raise _bi(file, f"{where}.unit", f"未知的单位 {unit!r};可用: {', '.join(_EPOCH_UNITS)}",
                      f"unknown unit {unit!r}; use one of {', '.join(_EPOCH_UNITS)}")
        if zone not in _EPOCH_ZONES:
            raise _bi(file, f"{where}.zone", f"未知的时区 {zone!r};可用: {', '.join(_EPOCH_ZONES)}(Unix 时间按定义是 UTC)",
                      f"unknown zone {zone!r}; use one of {', '.join(_EPOCH_ZONES)} (Unix time is UTC by definition)")
        out[str(col)] = {"unit": unit, "zone": zone}
    return out


def from_epoch(col: pd.Series, unit: str, zone: str) -> pd.Series:
    """The values of ``col`` written as a Unix time (whole digits, ``1741137900`` or ``1741137900.0``) in the stated
    ``unit`` and ``zone``, as Beijing wall-clock text (``2025-03-05 09:25:00``; milliseconds kept where written); any
    other value, and a number whose time would fall outside 1990-2100 (a unit stated wrong: milliseconds read as
    seconds), left as written for the reader to judge.  Vectorised.

    Examples
    --------
    >>> from_epoch(pd.Series(["1741137900", "1741137900123", "", None, "2025-03-05 09:00"]), "seconds", "UTC").tolist()
    ['2025-03-05 09:25:00', '1741137900123', '', <NA>, '2025-03-05 09:00']
    >>> from_epoch(pd.Series(["1741137900123"]), "milliseconds", "UTC").tolist()
    ['2025-03-05 09:25:00.123']
    >>> from_epoch(pd.Series([1741137900]), "seconds", "Asia/Shanghai").tolist()
    ['2025-03-05 01:25:00']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    # in Arrow, column-wise (tidy45): the digits as numbers, the times as text by Arrow's cast (a time to the second
    # as 2025-03-05 09:25:00, one to the millisecond with its .123), and the text put back by one mask; pandas'
    # to_numeric, strftime and positional assignment had written each value in Python (~4 µs a row)
    text = col.astype("string").str.strip()
    arr = pa.array(text, type=pa.large_string())
    digits = pc.match_substring_regex(arr, r"^\d{1,15}(?:\.0+)?$").fill_null(False).to_numpy(zero_copy_only=False)
    if not digits.any():
        return col.astype("string")
    # at most 15 digits (and .0…): below 2**53, so parsed as a double exactly, then whole
    ns = pc.cast(arr.filter(pa.array(digits)), pa.float64()).to_numpy(zero_copy_only=False).astype(np.int64)
    lo, hi = pd.Timestamp("1990-01-01").value, pd.Timestamp("2100-01-01").value
    per = _EPOCH_UNITS[unit]
    fits = (ns <= hi // per) & (ns >= lo // per)
    if not fits.any():
        return col.astype("string")
    t = ns[fits] * per + (8 - _EPOCH_ZONES[zone]) * 3_600 * 10**9      # Beijing wall clock, in nanoseconds

    def as_text(every: int, kind: str):
        return pa.array(t // every, type=pa.timestamp(kind)).cast(pa.large_string())

    shown = as_text(10**9, "s")
    if unit == "milliseconds":
        frac = ns[fits] % 1000
        shown = pc.if_else(pa.array(frac == 0), shown, as_text(10**6, "ms"))
    at = np.zeros(len(text), dtype=bool)
    at[np.flatnonzero(digits)[fits]] = True
    out = pc.replace_with_mask(arr, pa.array(at), shown)
    return pd.Series(pd.array(out, dtype=text.dtype), index=text.index, name=text.name)


def plain_datetimes(headers: list, kind: str, km: KindMapping | dict | None) -> list[int]:
    """The columns (0-based) of an export with these ``headers`` that :func:`apply_mapping` hands on as they are to
    one date or date-time column of the contract: not combined, picked, derived, dropped by, nor mapped through
    ``values``.  The CSV reader may type those in its parse (:func:`windoweval.records.io.read_tables`); any other
    column stays text.  Found by applying the mapping to the headers alone (no rows): a mapping that fails there
    types nothing (the read proper raises as before).

    Examples
    --------
    >>> plain_datetimes(["工单号", "受理时间", "备注"], "work_orders", {})
    [1]
    >>> plain_datetimes(["工单号", "日期", "时间"], "work_orders",
    ...                 {"combine": {"received_at": {"date": "日期", "time": "时间"}}})
    []
    """
    from .contract import contracts

    c = contracts()[kind]
    return [i for i, name in plain_columns(headers, kind, km)
            if c.columns[name]["type"] in ("datetime", "date")]


def plain_columns(headers: list, kind: str, km: KindMapping | dict | None) -> list[tuple[int, str]]:
    """``(position, contract column)`` of each column (0-based) of an export with these ``headers`` that
    :func:`apply_mapping` hands on as it is to one column of the contract: not combined, picked, derived, dropped by,
    nor mapped through ``values``; found by applying the mapping to the headers alone (no rows), as
    :func:`plain_datetimes` (the date-time ones) does; none when the mapping fails there.

    Examples
    --------
    >>> plain_columns(["工单号", "受理时间", "备注"], "work_orders", {})
    [(0, 'order_id'), (1, 'received_at')]
    >>> plain_columns(["工单号", "日期", "时间"], "work_orders",
    ...               {"combine": {"received_at": {"date": "日期", "time": "时间"}}})
    [(0, 'order_id')]
    """
    km = KindMapping.of(kind, km)
    return [(i, name) for i, name in handed_on(headers, kind, km) if name not in km.values]


def values_columns(headers: list, kind: str, km: KindMapping | dict | None) -> list[int]:
    """The columns (0-based) of an export with these ``headers`` that :func:`apply_mapping` hands to one column of
    the contract through its ``values`` alone (codes recoded: not combined, picked, derived, nor dropped by); none
    where a ``drop`` entry cuts the rows first.  The CSV reader parses those as dictionaries
    (:func:`windoweval.records.csvfast.parse_body`), and the recode (:func:`_as_written`) reads the codes there.

    Examples
    --------
    >>> values_columns(["票号", "业务类型", "取号时间"], "counter_transactions",
    ...                {"values": {"business_type": {"居民缴费": "resident_payment"}}})
    [1]
    >>> values_columns(["票号", "业务类型"], "counter_transactions", {})
    []
    """
    km = KindMapping.of(kind, km)
    if km.drop or not km.values:
        return []
    return [i for i, name in handed_on(headers, kind, km) if name in km.values]


def handed_on(headers: list, kind: str, km: KindMapping | dict | None) -> list[tuple[int, str]]:
    """``(position, contract column)`` of each column of an export with these ``headers`` that :func:`apply_mapping`
    reads for one column of the contract alone (not combined, picked, derived, dropped by), whether or not through
    ``values`` (:func:`plain_columns` leaves those out, :func:`values_columns` keeps only those); none when the
    mapping fails on the headers alone.

    Examples
    --------
    >>> handed_on(["票号", "业务类型"], "counter_transactions", {"values": {"business_type": {"A": "enquiry"}}})
    [(0, 'ticket_id'), (1, 'business_type')]
    """
    from .contract import contracts

    c = contracts()[kind]
    km = KindMapping.of(kind, km)
    if km.derive or km.wide:   # a derived date-time reads its `from` column as text; a wide checklist is made anew
        return []
    try:
        frame = pd.DataFrame({i: pd.Series(dtype="string") for i in range(len(headers))})
        _out, plan = apply_mapping(frame, headers, kind, km, "<headers>", np.zeros(0, dtype=np.int64))
        H = _Headers(headers, "<headers>", kind)
    except Exception:  # noqa: BLE001 - nothing typed: the read proper says what is wrong, as before
        return []
    dropped = {H.find(h) for h in km.drop}
    got = []
    for i, h in enumerate(H.headers):
        labels = plan.used.get(h)
        if not labels or len(labels) != 1 or i in dropped:
            continue
        if labels[0] in c.columns and labels[0] not in km.epoch:   # a Unix time: converted as text first
            got.append((i, labels[0]))
    return got


def as_written(problems: pd.DataFrame, plans: list) -> pd.DataFrame:
    """``problems`` with each value the ``after`` rule of a ``combine`` moved a day (2025-03-06 00:00:05) shown as
    its cells wrote it (2025/3/5 00:00:05), where a problem shows that text; a date-time read (an end before its
    start) is left as read.

    Examples
    --------
    >>> pl = Plan("话单.csv", moved=[pd.DataFrame({"row": [2], "column": "answered_at",
    ...                                           "shown": ["2025-03-06 00:00:05"], "written": ["2025/3/5 00:00:05"]})])
    >>> p = pd.DataFrame({"file": ["话单.csv", "话单.csv"], "row": [2, 2], "column": ["answered_at", "answered_at"],
    ...                   "value": ["2025-03-06 00:00:05", "2025-03-06 00:00:05+08:00"]})
    >>> as_written(p, [pl])["value"].tolist()
    ['2025/3/5 00:00:05', '2025-03-06 00:00:05+08:00']
    """
    moved = [m.assign(file=pl.label) for pl in plans for m in pl.moved if len(m)]
    if not moved or not len(problems):
        return problems
    m = pd.concat(moved, ignore_index=True)
    key = ["file", "row", "column", "value"]
    m = m.rename(columns={"shown": "value"}).astype({"file": str, "column": str, "value": str})
    m["row"] = m["row"].astype("int64")
    left = problems[key].astype({"file": str, "column": str, "value": str})
    left["row"] = pd.to_numeric(left["row"], errors="coerce").astype("Int64").astype("float").fillna(-1).astype("int64")
    got = left.merge(m.drop_duplicates(key), on=key, how="left")["written"].to_numpy(dtype=object)
    hit = pd.notna(got)
    if not hit.any():
        return problems
    out = problems.copy()
    vals = out["value"].to_numpy(dtype=object).copy()
    vals[hit] = got[hit]
    out["value"] = vals
    return out


def _as_written(col: pd.Series, mm: dict, found: dict | None = None) -> pd.Series | None:
    """The text column ``col`` with its codes mapped by ``mm`` (normalised code -> value), as the contract's text type;
    None when it is not arrow text (then :func:`_by_code` maps it).

    Each distinct value is looked up once; a column whose every value stays as written is returned without a
    copy, else each record takes its value by position among the distinct values (pyarrow, no per-row Python), in
    the parse's memory pool (:func:`windoweval.records.csvfast.parse_pool`): the column made is the frame's and is
    freed with it before the next file is parsed, as the parsed table is (in Arrow's default pool its 4,320,000
    values at the demo x100 took 1.1 s of CPU, 0.3 s in ``malloc``'s; benchmarks/README.md, session 24).
    ``found``, if given, receives under ``"values"`` the values the column returned holds (not missing; a value
    may come twice).

    Examples
    --------
    >>> import pyarrow as pa
    >>> col = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([["counter", None, "柜台"]])))
    >>> _as_written(col, {"counter": "counter", "柜台": "counter"}).tolist()
    ['counter', <NA>, 'counter']
    >>> _as_written(col.astype(object), {}) is None
    True
    """
    if not (isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow"):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    from .csvfast import dictionary_of, parse_pool

    pool = parse_pool()   # the parse's pool: the mapped column is the frame's, freed with it before the next file
    arr = col.array._pa_array
    coded = dictionary_of(arr)   # the column as the parse read it, a dictionary: its codes, once each, in row order
    if arr.type != pa.large_string():
        arr = pc.cast(arr, pa.large_string(), memory_pool=pool)
    if coded is not None:   # the distinct values are the dictionary (no search of the rows for them)
        vals = coded.chunk(0).dictionary.to_pylist()
    else:
        uniq = pc.unique(arr, memory_pool=pool).drop_null()   # once per distinct value
        vals = uniq.to_pylist()
    got = [mm.get(norm(u), u) for u in vals]
    if found is not None:
        found["values"] = [g for g in got if g is not None]   # a code mapped to null is blank, not a value
    if got != vals:   # some code mapped: each record's value by its position among the distinct ones, chunk by
        table = pa.array(got, type=pa.large_string())   # chunk (a take by the whole column's positions at once took
        if coded is not None:   # the positions are the indices (the counter's business_type 0.14 -> 0.03 s)
            arr = pa.chunked_array([pc.take(table, ch.indices, memory_pool=pool) for ch in coded.chunks],
                                   type=pa.large_string())
        else:
            arr = pa.chunked_array([pc.take(table, pc.index_in(ch, value_set=uniq, memory_pool=pool),
                                            memory_pool=pool)
                                    for ch in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr])],
                                   type=pa.large_string())   # 0.17 s at the demo x100's counter, chunk by chunk 0.08)
    return pd.Series(pd.arrays.ArrowStringArray(arr, dtype=pd.StringDtype("pyarrow")), index=col.index)


def _by_code(values: list, codes: np.ndarray, index) -> pd.Series:
    """``values[code]`` for each row (code -1: missing) as a text column, taken by pyarrow (no Python per row)."""
    if not all(isinstance(v, str) for v in values):
        vals = np.array(values + [None], dtype=object)
        return pd.Series(vals[codes], index=index, dtype="string")
    import pyarrow as pa

    taken = pa.array(values + [None], type=pa.large_string()).take(pa.array(np.where(codes < 0, len(values), codes)))
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([taken]), dtype=pd.StringDtype("pyarrow")),
                     index=index)


def _conflict(label, mfile, kind, col, a, i, b, j, explicit=False):
    how_zh = "mapping.yaml 中两个表头都写成了" if explicit else "两个表头都对应"
    how_en = "mapping.yaml maps both headers onto" if explicit else "both headers map onto"
    return InputError(
        f"{label}: 第 1 行 / row 1: 列 {_letters(i)} “{a}” 与列 {_letters(j)} “{b}”:{how_zh} {col},无法确定用哪一个。"
        f"请在 {mfile} 的 {kind}.columns 中只保留其一(如 `{a}: {col}`),另一个写入 {kind}.ignore,"
        f"或按代码分别取用(pick)。 / "
        f"column {_letters(i)} {a!r} and column {_letters(j)} {b!r}: {how_en} {col}; which one to read is "
        f"unclear. In {mfile} keep one under {kind}.columns (e.g. `{a}: {col}`) and list the other under "
        f"{kind}.ignore, or take each by code with pick.")
