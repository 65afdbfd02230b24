"""The organisation's configuration: ``windoweval.toml`` beside its records.

::

    name = "示例供电公司"            # the organisation
    name_en = "Example Power Supply Co."
    calendar_file = "calendar.csv"  # holidays / 调休 working days beyond the library (optional)
    mapping_file = "mapping.yaml"   # export headers and codes -> contracts (optional; mapping.yaml beside this
                                    # file is read when mapping_file is not given)
    promises = "promises.yaml"      # the organisation's own promise register (optional; default the bundled one)
    art203 = false                  # move a calendar-day deadline off a rest day (Civil Code art. 203)
    unknown_windows = "list"        # records of window ids not below: "list" them (default) or "refuse" (exit 3)

    [[windows]]
    id = "PW01"
    name = "城东营业厅"
    kind = "power_hall"
    region = "城东"

    [applies]                       # standard -> window ids (default: every window of a kind it names)
    window_staff = ["PW01", "HREG"]

    [targets]                       # measure -> a stricter target
    "power_window.10.2.1#resident_payment" = 0.98

    [weights]                       # measure or clause -> weight in the 100-point score (default 1)
    "power_window.10.2.5" = 3

    extracted_at = "2026-01-10 08:00"  # when the data were extracted: the cut-off for open cases
                                       # (a date alone, "2026-01-10", is the end of that day;
                                       # default: the end of the year scored)
    abandoned_within = "excluded"   # a call abandoned within the answer limit: excluded | missed
    min_records = 0                 # fewer records than this in a measure: 证据不足 (insufficient evidence)
    min_visits = 0                  # the same for checklist measures, counted in visits
    lonely_psu = "fail"             # the year's report's survey estimates with a stratum of one PSU: "fail" (refused,
                                    # as R by default) | "certainty" | "remove" | "adjust" | "average" (R's
                                    # options(survey.lonely.psu = ...)); the page says which rule was used

    [params."hospital_commitments.lab.5#routine"]  # a measure's parameter set by the organisation:
    extended_limit = 60             # e.g. the longer limit of 适当延长 (never shorter than the standard's)

Examples
--------
>>> ws = Workspace.from_dict({"name": "x", "windows": [{"id": "A1", "name": "a", "kind": "power_hall"}]})
>>> ws.windows["window_id"].tolist()
['A1']
"""
from __future__ import annotations

from ..cells import INVISIBLE
from ..errors import InputError
import os
import re
import tomllib
from dataclasses import dataclass, field
import datetime as dt
from pathlib import Path

import pandas as pd
import yaml

from .. import paths
from ..calendar import WorkCalendar
from .cutoff import cut_off

__all__ = ["Workspace", "load_workspace", "WorkspaceError"]


#: Characters nobody sees in a window id (zero-width, direction marks and overrides, controls): refused there.
#: The mapping file read when ``windoweval.toml`` names none: the one ``windoweval records map`` says to write.
DEFAULT_MAPPING = "mapping.yaml"

_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f" + INVISIBLE + "]")


class WorkspaceError(InputError):
    """A workspace file that cannot be used, with the file and the fix named.

    Examples
    --------
    >>> try:
    ...     Workspace.from_dict({"name": "示例", "windows": []})
    ... except WorkspaceError as e:
    ...     print(e.exit_code)
    3
    """


#: The rules for a survey stratum with a single PSU (R's ``options(survey.lonely.psu = ...)``), the first the default.
LONELY_PSU_RULES = ("fail", "certainty", "remove", "adjust", "average")


@dataclass
class Workspace:
    """One organisation: its windows, which standards apply, targets, weights, calendar and mapping.

    Examples
    --------
    >>> ws = Workspace.from_dict({"name": "示例", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"},
    ...                                                      {"id": "HBIL", "name": "收费处", "kind": "hospital_billing"}],
    ...                           "targets": {"power_window.10.2.5": 0.98}})
    >>> ws.windows[["window_id", "kind"]].to_dict("records")
    [{'window_id': 'PW01', 'kind': 'power_hall'}, {'window_id': 'HBIL', 'kind': 'hospital_billing'}]
    >>> ws.targets, ws.known_window(pd.Series(["PW01", "PW09"])).tolist()
    ({'power_window.10.2.5': 0.98}, [True, False])
    """

    name: str
    windows: pd.DataFrame
    root: Path | None = None
    name_en: str = ""
    applies: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)
    weights: dict = field(default_factory=dict)
    calendar_file: str | None = None
    mapping_file: str | None = None
    art203: bool = False
    unknown_windows: str = "list"
    extracted_at: str | None = None
    abandoned_within: str = "excluded"
    min_records: int = 0
    min_visits: int = 0
    params: dict = field(default_factory=dict)
    promises: str | None = None
    lonely_psu: str = "fail"

    def promise_register(self) -> Path | None:
        """The organisation's promise register (``promises`` in the workspace), kept inside its folder; None: the bundled one.

        The file itself is checked when it is read
        (:func:`windoweval.promise_register.load_promises`: file, promise,
        field, value and the fix named, exit 3).
        """
        if not self.promises:
            return None
        from ..safepath import inside
        if self.root is None:
            raise WorkspaceError(f"promises = {self.promises!r}:没有工作区文件夹,无法定位登记册 / "
                                 f"no workspace folder to find the register in")
        f = inside(self.root, self.promises, "promises")   # kept inside the data directory (outside: refused)
        why = not_regular(f)
        if why is not None:      # a pipe or a folder: said as such, not "not found"
            raise WorkspaceError(f"{f}: 承诺登记册{why[0]};请改正 windoweval.toml 中的 promises / "
                                 f"the promise register {why[1]}; correct promises in windoweval.toml")
        if not f.is_file():
            raise WorkspaceError(f"{f}: 找不到承诺登记册;请创建它(格式同 windoweval/promises.yaml)或删去 windoweval.toml 中的 promises / "
                                 f"promise register not found; create it (format of windoweval/promises.yaml) "
                                 f"or remove promises from windoweval.toml")
        return f

    @property
    def options(self) -> dict:
        """Workspace options that kernels take as parameters of the same name."""
        return {"abandoned_within": self.abandoned_within}

    def horizon(self, year: int | None):
        """The cut-off for open cases: the extraction time if given, else the end of ``year`` (None without)."""
        if self.extracted_at:
            # a date alone is the end of that day (records.cutoff: as --as-of and the API's as_of read it)
            return cut_off(self.extracted_at, "extracted_at")
        if year is not None:
            return pd.Timestamp(int(year) + 1, 1, 1) - pd.Timedelta(seconds=1)
        return None

    @classmethod
    def from_dict(cls, d: dict, root: Path | None = None, file: str = "windoweval.toml") -> "Workspace":
        # names and texts past their limits first: no message below echoes (or looks for the nearest spelling of) a
        # text of megabytes (msgs44)
        for key in ("name", "name_en"):
            if isinstance(d.get(key), str) and len(d[key]) > MAX_NAME:
                raise _too_long(file, f"单位名称 {key} ", f"the organisation's {key}", d[key], MAX_NAME,
                                "请写单位的正式名称(报告的标题和每一页都用它)", "write the organisation's official "
                                "name (the report's title and every page show it)")
        for i, w in enumerate(d.get("windows") if isinstance(d.get("windows"), list) else []):
            if not isinstance(w, dict):
                continue
            for k in ("id", "name", "region", "name_en"):     # (kind: one of the known kinds, checked below)
                limit = MAX_ID if k == "id" else MAX_NAME
                if isinstance(w.get(k), str) and len(w[k]) > limit:
                    raise _too_long(file, f"第 {i + 1} 个窗口([[windows]])的 {k} ", f"window #{i + 1}'s {k}", w[k], limit,
                                    "窗口编号应是导出文件中的编号(如 PW01),请改为该编号" if k == "id" else
                                    "请写窗口的名称(报告的每个表格、图和工作表都用它),如 城东营业厅",
                                    "a window id is the code the exports use (such as PW01): write that code" if k == "id"
                                    else "write the window's name (every table, chart and sheet of the report shows "
                                    "it), such as 城东营业厅")
        long = _long_text(d, MAX_CONFIG_TEXT)
        if long is not None:     # a text no one writes by hand (a file pasted into a value): refused before it is used
            raise _too_long(file, f"“{long[0]}”的文字", f"the text at '{long[0]}'", long[1], MAX_CONFIG_TEXT,
                            "请改短它(是否把别的文件粘贴进来了?)", "shorten it (was another file pasted in?)")
        _known_keys(d, WORKSPACE_KEYS, file, "")
        if "art203" in d and not isinstance(d["art203"], bool):
            # art203 = "no" was read as true (a text is true), moving deadlines in silence
            raise WorkspaceError(f"{file}: art203 = {d['art203']!r}:应写成不加引号的 true 或 false,如 art203 = false;"
                                 f"请改正 windoweval.toml / art203 = {d['art203']!r} must be true or false "
                                 f"without quotes, such as art203 = false: correct it in windoweval.toml")
        wins = d.get("windows") or []
        if not wins:
            raise WorkspaceError(f"{file}: 没有定义任何窗口([[windows]])/ no [[windows]] defined")
        if not isinstance(wins, list) or not all(isinstance(w, dict) for w in wins):
            raise WorkspaceError(f"{file}: windows 应写成 [[windows]] 表的数组(每个窗口一段 [[windows]]);示例见 data/README.md / "
                                 f"windows must be [[windows]] tables, one [[windows]] section per window, "
                                 f"not {type(wins).__name__}: {str(wins)[:80]}")
        for key in ("name", "name_en", "mapping_file", "calendar_file", "promises"):
            if key in d and not isinstance(d[key], str):
                raise WorkspaceError(f"{file}: {key} = {d[key]!r}:应为带引号的文本 / must be a quoted text")
        if "promises" in d and not d["promises"].strip():
            # an empty register name had fallen back to the bundled register without a word
            raise WorkspaceError(f"{file}: promises = {d['promises']!r}:为空;请写本单位承诺登记册的文件名(如 "
                                 f"promises = \"promises.yaml\"),或删去这一行使用内置的登记册 / is empty: name the "
                                 f"organisation's promise register (such as promises = \"promises.yaml\"), or delete "
                                 f"the line to use the bundled register")
        for i, w in enumerate(wins):
            _known_keys(w, WINDOW_KEYS, file, f"第 {i + 1} 个窗口([[windows]])的 / window #{i + 1}'s ")
            bad = [k for k in ("id", "name", "kind", "region", "name_en") if k in w and not isinstance(w[k], (str, int))]
            if bad:
                raise WorkspaceError(f"{file}: 第 {i + 1} 个窗口的 {bad[0]} 应为文本 / window #{i + 1}: {bad[0]} "
                                     f"= {w[bad[0]]!r} must be a text")
            for k in ("id", "name", "kind"):
                if k not in w:
                    raise WorkspaceError(f"{file}: 第 {i + 1} 个窗口缺少 {k} / window #{i + 1} lacks {k!r}")
                if not isinstance(w[k], (str, int)) or isinstance(w[k], bool) or not str(w[k]).strip():
                    raise WorkspaceError(f"{file}: 第 {i + 1} 个窗口的 {k} = {w[k]!r}:应为非空文本 / "
                                         f"window #{i + 1}: {k} must be a non-empty text")
            hidden = _UNSEEN.search(str(w["id"]))
            if hidden:    # PW01 and PW01<U+200B> look the same: records of PW01 would belong to no window
                shown = _UNSEEN.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", str(w["id"]))
                raise WorkspaceError(f"{file}: 第 {i + 1} 个窗口的 id = '{shown}' 含有看不见的字符 <U+{ord(hidden.group(0)):04X}>"
                                     f"(零宽字符、方向控制符或控制字符),与记录中的窗口编号看起来相同却对不上;请删去它,"
                                     f"只保留看得见的字符 / "
                                     f"window #{i + 1}: id = '{shown}' holds a character nobody sees "
                                     f"<U+{ord(hidden.group(0)):04X}> (zero-width, direction or control), so it looks "
                                     f"like the records' window id and never matches it; delete it, keeping the "
                                     f"visible characters")
        for sec in ("applies", "targets", "weights"):
            if sec in d and not isinstance(d[sec], dict):
                raise WorkspaceError(f"{file}: {sec} 应写成 [{sec}] 表 / must be a [{sec}] table")
        frame = pd.DataFrame([{"window_id": str(w["id"]), "window_name": w["name"], "kind": w["kind"],
                               "region": w.get("region", ""), "name_en": w.get("name_en", "")} for w in wins])
        dup = frame["window_id"][frame["window_id"].duplicated()].tolist()
        if dup:
            raise WorkspaceError(f"{file}: 窗口编号重复 {dup} / duplicate window ids {dup}")
        uw = d.get("unknown_windows", "list")
        if uw not in ("list", "refuse"):
            raise WorkspaceError(f"{file}: unknown_windows = {uw!r}:应为 \"list\"(列出)或 \"refuse\"(拒绝)/ "
                                 f"must be \"list\" or \"refuse\"")
        mf = d.get("mapping_file")
        if mf is not None and not isinstance(mf, str):
            raise WorkspaceError(f"{file}: mapping_file = {mf!r}:应为文件名 / must be a file name")
        if mf is None and root is not None and (Path(root) / DEFAULT_MAPPING).is_file():
            # the file `windoweval records map` tells the user to write, beside windoweval.toml: read without naming it
            # (before, a mapping.yaml not named here was left unread in silence: every mapped file "no file")
            mf = DEFAULT_MAPPING
        for t, v in (d.get("targets") or {}).items():
            if not isinstance(v, (int, float)) or not 0 <= v <= 1:
                raise WorkspaceError(f"{file}: [targets] {t} = {v!r}:应为 0–1 / must be a rate in 0–1")
        for t, v in (d.get("weights") or {}).items():
            # a weight in the 100-point score: a number, never text (a traceback, exit 5, at the score: review48),
            # never below 0, never inf or nan, never true/false (read as 1 or 0)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < float("inf"):
                raise WorkspaceError(f"{file}: [weights] \"{t}\" = {v!r}:权重应为不小于 0 的数(百分制得分中该测量的权重,"
                                     f"默认 1),请改写,如 \"{t}\" = 2 / a weight must be a number of at least 0 (the "
                                     f"measure's weight in the 100-point score, 1 by default): write it so, e.g. "
                                     f"\"{t}\" = 2")
        ext = d.get("extracted_at")
        if ext is not None:
            try:   # a date alone (2026-01-10, quoted or a TOML date) is the end of that day, a date-time as given
                ext = str(cut_off(ext if isinstance(ext, (dt.date, str)) else str(ext), "extracted_at"))
            except (ValueError, TypeError) as e:
                raise WorkspaceError(f"{file}: extracted_at = {d.get('extracted_at')!r}:不是日期时间,应如 "
                                     f"\"2026-01-10 08:00\"(只写日期即该日结束时)/ not a date-time; write e.g. "
                                     f"\"2026-01-10 08:00\" (a date alone is the end of that day)") from e
        aw = d.get("abandoned_within", "excluded")
        if aw not in ("excluded", "missed"):
            raise WorkspaceError(f"{file}: abandoned_within = {aw!r}:应为 \"excluded\" 或 \"missed\" / "
                                 f"must be \"excluded\" or \"missed\"")
        for k in ("min_records", "min_visits"):
            v = d.get(k, 0)
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise WorkspaceError(f"{file}: {k} = {v!r}:应为非负整数 / must be a whole number ≥ 0")
        lonely = d.get("lonely_psu", "fail")
        if lonely not in LONELY_PSU_RULES:
            raise WorkspaceError(f"{file}: lonely_psu = {lonely!r}:应为 " + "、".join(f'"{r}"' for r in LONELY_PSU_RULES)
                                 + "之一(与 R 的 options(survey.lonely.psu=...) 相同) / must be one of "
                                 + ", ".join(f'"{r}"' for r in LONELY_PSU_RULES)
                                 + " (as R's options(survey.lonely.psu=...))")
        params = d.get("params") or {}
        if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
            raise WorkspaceError(f"{file}: [params] 应为 [params.\"测量\"] 表 / must be tables "
                                 f"[params.\"measure\"] of parameter = value")
        return cls(name=d.get("name", ""), extracted_at=ext, abandoned_within=aw,
                   min_records=int(d.get("min_records", 0)), min_visits=int(d.get("min_visits", 0)), params=params, name_en=d.get("name_en", ""), windows=frame, root=root,
                   applies=d.get("applies") or {}, targets=d.get("targets") or {},
                   weights=d.get("weights") or {}, calendar_file=d.get("calendar_file"),
                   mapping_file=mf, art203=bool(d.get("art203", False)), unknown_windows=uw,
                   promises=d.get("promises") or None, lonely_psu=lonely)

    def calendar(self) -> WorkCalendar:
        """The working-day calendar: chinese-calendar plus the organisation's file."""
        if self.calendar_file and self.root is not None:
            from ..safepath import inside
            f = inside(self.root, self.calendar_file, "calendar_file")   # kept inside the data directory
            why = not_regular(f)
            if why is not None:
                raise WorkspaceError(f"{f}: 日历文件{why[0]};请改正 windoweval.toml 中的 calendar_file / the calendar "
                                     f"file {why[1]}: correct calendar_file in windoweval.toml")
            if not f.exists():
                raise WorkspaceError(f"{f}: 找不到日历文件;请改正 windoweval.toml 中的 calendar_file(数据目录内的相对路径),"
                                     f"或把日历文件放到那里 / calendar file not found: correct calendar_file in "
                                     f"windoweval.toml (a path inside the data folder) or put the calendar there")
            if not f.is_file():
                raise WorkspaceError(f"{f}: 日历文件应是一个文件,这里是文件夹;请改正 windoweval.toml 中的 calendar_file / "
                                     f"the calendar file is a folder, not a file: correct calendar_file in windoweval.toml")
            return _calendar(str(f))
        return _calendar(None)

    def mapping(self) -> dict:
        """``{kind: KindMapping}`` from the mapping file (checked), or empty.

        Each entry is a :class:`windoweval.records.mapping.KindMapping`; the
        file's format is in ``data/README.md``.  A YAML error, an unknown kind,
        key or contract column is refused (exit 3) naming the place and the fix.
        """
        m = _Mapping(self._mapping_file())
        if self.unknown_windows == "refuse":
            from dataclasses import replace

            from .mapping import KindMapping
            known = frozenset(self.windows["window_id"]) | {"ORG"}
            m.default = lambda kind: KindMapping(kind, known_windows=known)
            for k in list(m):
                m[k] = replace(m[k], known_windows=known)
        return m

    def mapping_written(self) -> bool:
        """Whether the mapping file windoweval.toml names exists (or none is named): ``records map`` proposes the
        first one, before there is any to keep from."""
        f = self._mapping_path()
        return f is None or f.is_file()

    def _mapping_path(self) -> Path | None:
        """The mapping file windoweval.toml names, kept inside the data directory (outside: refused), or None."""
        if not (self.mapping_file and self.root is not None):
            return None
        from ..safepath import inside
        return inside(self.root, self.mapping_file, "mapping_file")

    def _mapping_file(self) -> dict:
        f = self._mapping_path()
        if f is None:
            return {}
        key = (str(self.root), self.mapping_file)
        why = not_regular(f)
        if why is not None:
            raise WorkspaceError(f"{f}: 映射文件{why[0]};请改正 windoweval.toml 中的 mapping_file / "
                                 f"the mapping file {why[1]}; correct mapping_file in windoweval.toml")
        if not f.is_file():
            raise WorkspaceError(f"{f}: 找不到映射文件;请创建它或删去 windoweval.toml 中的 mapping_file / "
                                 f"mapping file not found; create it or remove mapping_file from windoweval.toml")
        st = f.stat()
        hit = _MAP_CACHE.get(key)
        if hit is not None and hit[0] == (st.st_mtime_ns, st.st_size):
            return hit[1]
        from .mapping import parse_mapping

        doc = _load_yaml(f, strings=True)
        long = _long_text(doc, MAX_CONFIG_TEXT)
        if long is not None:     # a header, a code or a file name no export has: refused before it is used
            raise _too_long(f, f"“{long[0]}”的文字", f"the text at '{long[0]}'", long[1], MAX_CONFIG_TEXT,
                            "请改为导出文件中的表头或取值(是否把别的文件粘贴进来了?)",
                            "write the export's header or value there (was another file pasted in?)")
        out = parse_mapping(doc, f)
        _MAP_CACHE[key] = ((st.st_mtime_ns, st.st_size), out)
        return out

    def known_window(self, ids: pd.Series) -> pd.Series:
        """Whether each window id is the workspace's (``ORG``, the whole organisation, is known)."""
        return ids.isin(set(self.windows["window_id"]) | {"ORG"})

    def windows_for(self, standard: str, kinds: list[str]) -> list[str]:
        """The window ids a standard's measure applies to."""
        w = self.windows
        if standard in self.applies:
            chosen = set(map(str, self.applies[standard]))
            w = w[w["window_id"].isin(chosen) | w["kind"].isin(chosen)]
        return w.loc[w["kind"].isin(kinds), "window_id"].tolist()


_CAL_CACHE: dict = {}
_MAP_CACHE: dict = {}


class _Mapping(dict):
    """``{kind: KindMapping}``; ``get`` of a kind the file does not name gives the workspace's default for it."""

    default = None

    def get(self, kind, fallback=None):
        if kind in self:
            return self[kind]
        return self.default(kind) if self.default is not None else fallback


def _load_yaml(f: Path, strings: bool = False):
    """A YAML configuration file, or a refusal naming the line and column of the error.

    ``strings``: every scalar as the text written (YAML's BaseLoader), so that codes such as ``01``, ``010``,
    ``1.0``, ``on`` or ``no`` in a mapping file stay the codes the export has, not numbers or booleans.
    """
    try:
        text = f.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = f.read_bytes()[:e.start].count(10) + 1
        raise WorkspaceError(f"{f}: 配置文件应为 UTF-8 编码(第 {line} 行起不是);请另存为 UTF-8 / "
                             f"the file must be UTF-8 (from line {line} on it is not); save it as UTF-8") from None
    from ..safepath import yaml_problem

    problem = yaml_problem(text)   # too long to be a configuration: refused before it is parsed
    try:
        if problem is None:
            doc = yaml.load(text, Loader=getattr(yaml, "CBaseLoader" if strings else "CSafeLoader",
                                                 yaml.BaseLoader if strings else yaml.SafeLoader))
            problem = yaml_problem(text, doc)   # aliases expanding to billions of values, or a loop
            if problem is None:
                return doc
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where_zh = f"第 {mark.line + 1} 行第 {mark.column + 1} 列: " if mark else ""
        where_en = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        if isinstance(e, yaml.reader.ReaderError):   # a control character (NUL): no mark, a position (fuzz45)
            ch = chr(e.character) if isinstance(e.character, int) else str(e.character)
            at = text.find(ch)   # the C reader counts its position in bytes: the character itself found instead
            line = text[:at if at >= 0 else e.position].count("\n") + 1
            code = f"U+{ord(ch[:1] or chr(0)):04X}"
            raise WorkspaceError(f"{f}: 第 {line} 行有控制字符 {code}(如 NUL):文件已损坏或是二进制文件;请删去该字符,"
                                 f"或从原文件重新复制后另存为 UTF-8 / "
                                 f"line {line} holds the control character {code} (such as NUL): the file "
                                 f"is damaged or binary; delete the character, or copy the file again and save it as "
                                 f"UTF-8") from None
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise WorkspaceError(f"{f}: {where_zh}YAML 格式错误({what});请检查缩进、冒号和引号(含中文全角冒号“\uff1a”) / "
                             f"{where_en}invalid YAML ({what}); check the indentation, colons and quotes") from None
    raise WorkspaceError(f"{f}: {problem[0]} / {problem[1]}")


def _mark(e) -> str:
    """`` (行 line N, 列 column M)`` of a YAML error, when it has one."""
    m = getattr(e, "problem_mark", None)
    return f" (行 line {m.line + 1}, 列 column {m.column + 1})" if m is not None else ""


def _calendar(path):
    """The calendar of ``path`` (None: the library's alone), read again once the file changed (its size or
    modification time), as the mapping file is."""
    key = None
    if path is not None:
        st = os.stat(path)
        key = (st.st_mtime_ns, st.st_size)
    hit = _CAL_CACHE.get(path)
    if hit is None or hit[0] != key:
        _CAL_CACHE[path] = hit = (key, WorkCalendar(extra=path))
    return hit[1]


def load_workspace(data: str | os.PathLike | None = None) -> Workspace:
    """The workspace of a data directory (the demo directory's by default; :mod:`windoweval.datadir` generates it).

    Examples
    --------
    >>> from windoweval.demo import tiny_data_dir
    >>> d = tiny_data_dir()   # a workspace (one hall, PW01) and two work orders, 2024 and 2025
    >>> ws = load_workspace(d)
    >>> ws.name, ws.windows["window_id"].tolist(), ws.root == d.resolve()
    ('示例', ['PW01'], True)
    >>> load_workspace().windows["kind"].nunique() > 1    # the demo organisation
    True
    """
    f = paths.workspace_file(data)
    _kept_inside(f)
    _regular_workspace_file(f)
    if f.exists():      # inside a scope of shared reads (a report, an evaluation) parsed once, while unchanged
        from .shared import kept_value

        st = f.stat()
        try:
            stamp = _include_stamp(f, f.read_bytes())
        except OSError:       # a folder named windoweval.toml, a file nobody may read: refused by the parse
            stamp = None
        return kept_value(("workspace", str(f.resolve()), st.st_size, st.st_mtime_ns, stamp, _default_mapping(f)),
                          lambda: _parsed_once(f))
    return _load_workspace(f, data)


#: The largest windoweval.toml read (a workspace of 200 windows is ~20 KB; ten thousand windows fit in 2 MB): a larger
#: file is no workspace file, and was read whole into memory (and parsed) before anything was said.
MAX_WORKSPACE = 10_000_000


def not_regular(f: Path) -> tuple[str, str] | None:
    """Why ``f`` (followed through links) cannot be read as a file, Chinese and English, or None (a regular file,
    or nothing there: each caller says "not found" its own way).  A link whose target is gone is said as such (msgs44:
    "not found" sent the user looking for a file the listing shows).

    >>> import tempfile
    >>> not_regular(Path(tempfile.mkdtemp()))
    ('是文件夹,不是文件', 'is a folder, not a file')
    """
    import stat

    try:
        mode = os.stat(f).st_mode
    except (FileNotFoundError, NotADirectoryError):   # nothing there (a file where its folder should be: the caller
        if os.path.islink(f):                          # says so, review31's "is a file, not a folder"); but a link
            return ("是符号链接,但它指向的文件已不存在", "is a symbolic link whose target no longer exists")   # to nothing
        return None
    except (OSError, RuntimeError) as e:      # a loop of links, a name too long
        return (f"无法读取({getattr(e, 'strerror', None) or e})", f"cannot be read ({getattr(e, 'strerror', None) or e})")
    if stat.S_ISDIR(mode):
        return ("是文件夹,不是文件", "is a folder, not a file")
    if not stat.S_ISREG(mode):
        return ("不是普通文件(是管道、设备或套接字),不会被读取", "is not a regular file (it is a pipe, a device or a "
                "socket) and is not read")
    return None


def _regular_workspace_file(f: Path) -> None:
    """Refuse (exit 3) a ``windoweval.toml`` that is a pipe, a device or a socket (it was read as a file: a FIFO
    left the command waiting for ever, a scheduler's job with it) or larger than :data:`MAX_WORKSPACE`; a folder of
    that name is refused by the parse, as before."""
    why = not_regular(f)
    if why is not None and "folder" not in why[1]:
        raise WorkspaceError(f"{f}: 工作区配置文件{why[0]};请把 windoweval.toml 本身(文本文件)放在数据目录中 / "
                             f"the workspace file {why[1]}; put windoweval.toml itself (a text file) in the data "
                             "folder")
    try:
        size = f.stat().st_size if why is None and f.exists() else 0
    except OSError:
        size = 0
    if size > MAX_WORKSPACE:
        raise WorkspaceError(f"{f}: 工作区配置文件过大({size:,} 字节,上限 {MAX_WORKSPACE:,}),不是配置文件;请检查是否放错了文件 / "
                             f"the workspace file is too large ({size:,} bytes, at most {MAX_WORKSPACE:,}) to be "
                             "one; check that the right file is there")


def _kept_inside(f: Path) -> None:
    """Refuse (exit 3) a ``windoweval.toml`` that is a symbolic link to a file outside its data folder, as a records
    file linked out is refused (``records.files._kept_inside``): the windows and settings would come from a file
    nobody put in the data folder.  The link's target is named by its file name alone (the folders above it can
    carry a person's name)."""
    if not f.is_symlink():
        return
    try:
        target = f.resolve()
        escapes = not target.is_relative_to(f.parent.resolve())
    except (OSError, RuntimeError):     # a loop of links: reading it names it
        return
    if escapes:
        raise WorkspaceError(
            f"{f}: 这是一个指向数据目录之外的符号链接(指向 {target.name}),不会被读取;请把工作区配置文件本身复制到数据目录中"
            f"(或让链接指向数据目录内的文件) / "
            f"a symbolic link to a file outside the data folder (to {target.name}), which is not read; copy the "
            f"workspace file itself into the data folder (or link to a file inside it)\n"
            f"共用一个配置文件:在数据目录自己的 windoweval.toml 中写 include = \"<共享文件的路径>\"(见 docs/usage.md)/ "
            f"to share one file: write include = \"<path of the shared file>\" in the data folder's own windoweval.toml "
            f"(see docs/usage.md)")


#: The last workspace parsed from each file, by its path: (the file's bytes, the Workspace).
_WS_CACHE: dict = {}


def _default_mapping(f: Path) -> bool:
    """Whether :data:`DEFAULT_MAPPING` lies beside the workspace file ``f`` (read when ``mapping_file`` names none)."""
    try:
        return (f.parent / DEFAULT_MAPPING).is_file()
    except OSError:
        return False


def _parsed_once(f: Path) -> Workspace:
    """The workspace of ``f``, parsed once per process while its bytes are the same (the file is read each time:
    its bytes, not its modification time, decide); each caller gets its own copy, so a change one caller makes to
    its workspace is nobody else's.  ``score()`` loads the workspace, and looks up the data directory's files
    through its mapping: the second parse of a 200-window file cost ~15-30 ms of a cold score."""
    import copy

    key = (str(f), str(f.resolve()))   # the path as given (the workspace's root and file name) and the file
    try:
        raw = f.read_bytes()
    except OSError:
        return _load_workspace(f)
    hit = _WS_CACHE.get(key)
    stamp = _include_stamp(f, raw)     # a shared file it includes, changed since: parsed again
    beside = _default_mapping(f)       # a mapping.yaml put beside it (or taken away) since: parsed again
    if hit is None or hit[0] != raw or hit[2] != stamp or stamp == "refused" or hit[3] != beside:
        ws = _load_workspace(f, raw=raw)   # a refusal raises here: nothing kept
        _WS_CACHE[key] = hit = (raw, ws, stamp, beside)
    return copy.deepcopy(hit[1])


#: The largest shared workspace file ``include`` reads (a configuration is a few KB; a larger file is no configuration).
MAX_INCLUDE = 1_000_000
#: Tables of a workspace file merged key by key with the shared file's (the folder's own key wins).
_MERGED_TABLES = ("applies", "targets", "weights", "params")

#: The longest name windoweval.toml takes (the workspace's ``name`` / ``name_en``, a window's ``name``, ``name_en``
#: and ``region``): a service hall's full official name is some 20-40 characters (国网某某省电力有限公司某某市
#: 供电公司某某区营业厅); 200 holds any of them five times over.  A name is written into every page title, table cell,
#: chart axis and sheet of the report: a window name of 3 M characters was accepted and made each page megabytes long.
MAX_NAME = 200
#: The longest window id: ids are the exports' codes (PW01, 0012, 3301-02-A); 64 characters hold any of them.
MAX_ID = 64
#: The longest text anywhere else in windoweval.toml or a mapping file (a header, a code and what it reads as, a file
#: name, a parameter): an export's longest header is a survey question's text (~100 characters), a file name at most
#: 255 bytes.  What is longer is no configuration written by hand.
MAX_CONFIG_TEXT = 1000


def _long_text(doc, limit: int):
    """``(where, text)`` of the first text (a value or a key) in ``doc`` (a parsed TOML or YAML document, aliases
    already bounded by :func:`windoweval.safepath.yaml_problem`) longer than ``limit`` characters, ``where`` the
    keys and positions down to it; None when there is none.

    >>> _long_text({"a": [{"b": "x" * 5}], "c": "y"}, 4)
    ('a → #1 → b', 'xxxxx')
    """
    stack = [(doc, ())]
    while stack:
        o, path = stack.pop()
        if isinstance(o, str):
            if len(o) > limit:
                return " → ".join(path), o
        elif isinstance(o, dict):
            for k, v in reversed(list(o.items())):
                if isinstance(k, str) and len(k) > limit:
                    return " → ".join(path) or "(顶层 top level)", k
                stack.append((v, (*path, str(k))))
        elif isinstance(o, list):
            stack.extend((v, (*path, f"#{i + 1}")) for i, v in reversed(list(enumerate(o))))
    return None


def _too_long(file, where_zh: str, where_en: str, text: str, limit: int, fix_zh: str, fix_en: str) -> WorkspaceError:
    """The refusal (exit 3) of a text longer than ``limit``: the file, the place, its length and its first characters
    (never the whole of it), the limit and the fix."""
    head = _UNSEEN.sub("", text[:20]).replace("\n", " ")
    return WorkspaceError(f"{file}: {where_zh}有 {len(text):,} 个字符(以“{head}…”开头),超过上限 {limit:,};{fix_zh} / "
                          f"{where_en} is {len(text):,} characters long (it begins '{head}…'), more than the "
                          f"{limit:,} allowed; {fix_en}")


#: The keys of ``windoweval.toml``'s top level and of a ``[[windows]]`` table: any other is refused (a misspelt
#: ``art230 = true`` was read as nothing, the setting it meant left at its default in silence).
WORKSPACE_KEYS = ("name", "name_en", "calendar_file", "mapping_file", "promises", "art203", "unknown_windows",
                  "windows", "applies", "targets", "weights", "params", "extracted_at", "abandoned_within",
                  "min_records", "min_visits", "lonely_psu", "include")
WINDOW_KEYS = ("id", "name", "kind", "region", "name_en")


def _known_keys(d: dict, known: tuple, file: str, where: str) -> None:
    """Refuse (exit 3) a key of ``d`` not in ``known``, naming it, the nearest known spelling and the fix.

    >>> try:
    ...     _known_keys({"art230": True}, WORKSPACE_KEYS, "windoweval.toml", "")
    ... except WorkspaceError as e:
    ...     print(e.exit_code, "art203" in str(e))
    3 True
    """
    import difflib

    for k in d:
        if k in known:
            continue
        near = difflib.get_close_matches(str(k), known, n=1, cutoff=0.6)
        hint_zh = f"(是否想写 {near[0]}?)" if near else ""
        hint_en = f" (did you mean {near[0]}?)" if near else ""
        where_en = where.split(" / ", 1)[1] if " / " in where else where
        raise WorkspaceError(
            f"{file}: {where.split(' / ')[0]}未知的键 {k}{hint_zh},不会被读取;请改正拼写或删去这一行(可用的键:"
            f"{'、'.join(known)}) / {where_en}unknown key {k}{hint_en}, which nothing reads; correct its "
            f"spelling or delete the line (the keys: {', '.join(known)})")


def _included(f: Path, d: dict) -> tuple[dict, Path | None]:
    """``d`` (the folder's own windoweval.toml) with the shared file it names (``include = "<path>"``, absolute or
    relative to the data folder) under it: the shared file's settings, each overridden by the folder's own (its
    ``[[windows]]`` whole; ``[applies]``, ``[targets]``, ``[weights]``, ``[params]`` key by key); and the shared
    file, or None.  The shared file is refused (exit 3) when settings must not be taken from it: missing, not a
    regular file (a folder, a FIFO, a device), writable by anyone on the machine, larger than :data:`MAX_INCLUDE`,
    naming another file to include, or no TOML (safety20: a link to a shared file is refused, an explicit line in
    the folder's own file is the way)."""
    if "include" not in d:
        return d, None
    inc = d["include"]
    if not isinstance(inc, str) or not inc.strip():
        raise WorkspaceError(f"{f}: include = {inc!r}:应为带引号的文本,即共享配置文件的路径 / must be a quoted text, "
                             f"the path of the shared workspace file")
    s = Path(os.path.expanduser(inc))
    s = s if s.is_absolute() else f.parent / s
    fix_zh, fix_en = "请改正 include 的路径或该文件", "correct the include path or that file"
    # opened once, the open file checked (fstat) and read: a file put in its place between a check and a read
    # (mv, ln -sf) is never the one read (safety21); not blocking, so that a FIFO is refused, not waited on
    try:
        fd = os.open(s, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise WorkspaceError(f"{f}: include = {inc!r}:找不到或无法读取共享配置文件({e.strerror});{fix_zh} / "
                             f"include = {inc!r}: the shared workspace file cannot be found or read "
                             f"({e.strerror}); {fix_en}") from None
    try:
        _checked_include(f, inc, s, os.fstat(fd), fix_zh, fix_en)   # what a link names: its own mode and size
        chunks, got = [], 0
        while got <= MAX_INCLUDE:
            b = os.read(fd, MAX_INCLUDE + 1 - got)
            if not b:
                break
            chunks.append(b)
            got += len(b)
        raw = b"".join(chunks)
    except OSError as e:
        raise WorkspaceError(f"{f}: include = {inc!r}:无法读取共享配置文件({e.strerror});{fix_zh} / "
                             f"include = {inc!r}: the shared workspace file cannot be read ({e.strerror}); "
                             f"{fix_en}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_INCLUDE:       # grown since the check
        raise WorkspaceError(f"{f}: include = {inc!r}:共享配置文件过大(上限 {MAX_INCLUDE:,} 字节),不是配置文件;{fix_zh} / "
                             f"include = {inc!r}: the shared workspace file is too large (at most "
                             f"{MAX_INCLUDE:,} bytes) to be a workspace file; {fix_en}")
    shared = _read_toml(s, raw)
    if "include" in shared:
        raise WorkspaceError(f"{s}: 共享配置文件不能再 include 其他文件(只允许一层);请把设置直接写在其中 / "
                             f"a shared workspace file cannot include another (one level only); write the "
                             f"settings into it")
    merged = {**shared, **{k: v for k, v in d.items() if k != "include"}}
    for sec in _MERGED_TABLES:
        if isinstance(shared.get(sec), dict) and isinstance(d.get(sec), dict):
            merged[sec] = {**shared[sec], **d[sec]}
    return merged, s


def _checked_include(f: Path, inc: str, s: Path, st, fix_zh: str, fix_en: str) -> None:
    """Refuses the shared file ``s`` whose open file's status is ``st`` when settings must not be taken from it
    (:func:`_included`); None when they may."""
    import stat

    problem = None
    if not stat.S_ISREG(st.st_mode):
        problem = ("不是普通文件(是目录、管道或设备)", "is not a regular file (it is a folder, a pipe or a device)")
    elif st.st_mode & stat.S_IWOTH:
        problem = ("可被本机任何人修改(其他用户可写),不能从中读取设置;请执行 chmod o-w",
                   "can be changed by anyone on the machine (writable by others), so no settings are taken from it; "
                   "run chmod o-w on it")
    elif any(_replaceable_in(folder) for folder in {s.parent, Path(os.path.realpath(s)).parent}):
        # the file's own mode is not all: in a folder anyone may write (no sticky bit), anyone can put another file
        # under its name (mv, ln -sf), whatever the file's mode says (rev20c)
        problem = ("所在的目录可被本机任何人修改(其他用户可写,且未设粘滞位),任何人都能用别的文件替换它;请执行 chmod o-w "
                   "于该目录,或把共享文件移到只有团队可写的目录",
                   "is in a folder anyone on the machine can write (writable by others, no sticky bit), so anyone can "
                   "put another file in its place; run chmod o-w on that folder, or move the shared file to a folder "
                   "only the team can write")
    elif st.st_size > MAX_INCLUDE:
        problem = (f"过大({st.st_size:,} 字节,上限 {MAX_INCLUDE:,}),不是配置文件",
                   f"is too large ({st.st_size:,} bytes, at most {MAX_INCLUDE:,}) to be a workspace file")
    if problem is not None:
        raise WorkspaceError(f"{f}: include = {inc!r}:共享配置文件{problem[0]};{fix_zh} / "
                             f"include = {inc!r}: the shared workspace file {problem[1]}; {fix_en}")
    return None


def _replaceable_in(folder: Path) -> bool:
    """Whether anyone on the machine can put another file in ``folder`` under a name it holds: the folder writable by
    others without the sticky bit (``/tmp``, mode 1777, is not: only a file's owner may replace it there)."""
    import stat

    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return False
    return bool(mode & stat.S_IWOTH) and not mode & stat.S_ISVTX


def _read_toml(f: Path, raw: bytes | None = None) -> dict:
    """The TOML document of ``f`` (or of its bytes ``raw``), or a refusal naming the file and the fix."""
    text = None
    try:
        text = (f.read_bytes() if raw is None else raw).decode("utf-8-sig")
        return tomllib.loads(text)
    except OSError as e:         # a folder named windoweval.toml, a file nobody may read
        raise WorkspaceError(f"{f}: 无法读取工作区配置文件({e.strerror});它应是一个可读的文本文件(示例见 data/README.md) / "
                             f"the workspace file cannot be read ({e.strerror}); it must be a readable text file "
                             f"(example in data/README.md)") from None
    except UnicodeDecodeError as e:
        raise WorkspaceError(f"{f}: 配置文件应为 UTF-8 编码(第 {e.start} 字节起不是);请另存为 UTF-8 / not UTF-8 text "
                             f"(byte {e.start}): save it as UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        hidden = _hidden_characters(text or "")
        if hidden is not None:   # a character no one sees: name it and its line, not the quotes and brackets
            (zh, en), line = hidden
            raise WorkspaceError(f"{f}: 第 {line} 行有{zh[0]};{zh[1]}(TOML 读到:{e}) / "
                                 f"line {line} holds {en[0]}; {en[1]} (TOML says: {e})") from None
        raise WorkspaceError(f"{f}: TOML 格式错误({e});请检查引号、等号和方括号(示例见 data/README.md) / "
                             f"invalid TOML ({e}); check the quotes, equals signs and brackets "
                             f"(example in data/README.md)") from None


#: Characters a text editor does not show that TOML refuses, each with what it is and the fix (Chinese, English):
#: a lone carriage return (an old Mac line end, or line ends mixed), a NUL byte, a byte-order mark after the start.
_HIDDEN = (
    ("\x00", ("空字符(NUL,\\x00)", "文件已损坏或是二进制文件:请删去该字符或从原文件重新复制"),
     ("a NUL character (\\x00)", "the file is damaged or binary: delete the character or copy the file again")),
    ("\ufeff", ("看不见的字节顺序标记(BOM,U+FEFF;多是把另一个文件的内容粘贴进来时带入的)",
                "请删去该字符(在编辑器中删掉该行行首再重新输入),另存为 UTF-8"),
     ("an invisible byte-order mark (BOM, U+FEFF; often pasted in with another file's text)",
      "delete the character (delete the line's start and type it again) and save as UTF-8")),
    ("\r", ("单独的回车符(CR)作行尾(行尾写法混杂)",
            "请在编辑器中把行尾统一为 LF 或 CRLF(如 VS Code 右下角的 CRLF/LF)后保存"),
     ("a lone carriage return (CR) as a line end (line ends mixed)",
      "set every line end to LF or CRLF in the editor (such as CRLF/LF at the bottom right of VS Code) and save")),
)


def _hidden_characters(text: str):
    """The first character of :data:`_HIDDEN` in ``text`` (a CR only where no LF follows), as ``((zh, en), line)``,
    or None: a TOML refusal over a character no one sees names it, its line and the fix (fuzz45).

    Examples
    --------
    >>> _hidden_characters('a = 1\\rb = 2\\n')[1], _hidden_characters('a = 1\\r\\nb = 2\\n') is None
    (1, True)
    >>> _hidden_characters('a = 1\\n\\ufeffb = 2\\n')[0][1][0][:13]
    'an invisible '
    """
    found = []
    for ch, zh, en in _HIDDEN:
        at = text.replace("\r\n", "\n\n").find(ch) if ch == "\r" else text.find(ch)
        if at >= 0:
            found.append((at, (zh, en)))
    if not found:
        return None
    at, words = min(found)
    return words, text[:at].replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def _include_stamp(f: Path, raw: bytes):
    """What decides whether a workspace parsed from ``raw`` (the bytes of ``f``) is still what the files say: the
    shared file it includes, by its size and modification time (None: it includes none)."""
    if b"include" not in raw:
        return None
    try:
        s = _included(f, _read_toml(f, raw))[1]
        if s is None:
            return None
        st = os.stat(s)
        return (str(s), st.st_size, st.st_mtime_ns)
    except (WorkspaceError, OSError):
        return "refused"      # parsed again: the refusal is raised there


def _load_workspace(f: Path, data=None, raw: bytes | None = None) -> Workspace:
    if not f.exists() and data is not None and not f.parent.is_dir():
        # a data directory mistyped (--data /srv/recrods): said so, not "create windoweval.toml" in a folder that is
        # not there; a file given in its place (--data 95598工单.csv: review31) said to be one
        if f.parent.exists():
            raise WorkspaceError(
                f"{f.parent}: 是文件,不是文件夹;--data 应给出数据目录(windoweval.toml 所在的文件夹) / is a file, not a "
                "folder: give --data the data directory (the folder that holds windoweval.toml)")
        raise WorkspaceError(
            f"{f.parent}: 数据目录不存在;请检查 --data 给出的路径 / the data directory does not exist: check the path "
            "given with --data")
    if not f.exists():
        demo = ("\n示例数据尚未生成:运行 windoweval demo,或经公开函数(import windoweval as we)调用。"
                " / the demo data is not generated yet: run `windoweval demo`, or call through the package's "
                "functions (import windoweval as we).") if data is None else ""
        raise WorkspaceError(
            f"{f}: 找不到工作区配置文件;请在数据目录中创建 windoweval.toml(示例见 data/README.md) / "
            f"no workspace file; create windoweval.toml in the data directory (example in data/README.md)." + demo)
    d, _shared = _included(f, _read_toml(f, raw))
    return Workspace.from_dict(d, root=f.parent, file=str(f))
