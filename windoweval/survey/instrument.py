"""Questionnaires as data: load and validate a survey instrument.

调查问卷即数据：读取并校验问卷定义文件。
An instrument is a YAML file in ``surveys/instruments/`` (see ``surveys/README.md``):
its items (id, dimension, Chinese and English wording), the answer scale, the
missing codes, the reverse-coded items, the overall-satisfaction item and the
dimension weights.

Examples
--------
>>> from windoweval.survey.instrument import load_instrument
>>> ins = load_instrument("power_hall")
>>> ins.id, ins.scale_min, ins.scale_max, ins.overall_id
('power_hall', 1, 5, 'overall')
"""
from __future__ import annotations

from ..errors import InputError, UsageError
from ..safepath import yaml_problem
import difflib
import functools
import math
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import yaml

from windoweval import paths

__all__ = [
    "InstrumentError",
    "UnknownInstrument",
    "Instrument",
    "Item",
    "Dimension",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "load_instrument",
    "list_instruments",
    "resolve_instrument_path",
]

#: Columns every delivery must carry (besides the instrument's items and overall item).
#: 每份交付文件必须包含的列（另加问卷题目列与总体满意度列）。
REQUIRED_COLUMNS = ("respondent_id", "window_id", "interview_date", "stratum", "psu", "weight")
#: Columns a delivery may carry. 可选列。
OPTIONAL_COLUMNS = ("customer_type", "duration_s", "comment")

#: Chinese and English meaning of the fixed columns, for messages and the template.
COLUMN_LABELS = {
    "respondent_id": ("受访者编号（文本，唯一）", "Respondent id (text, unique)"),
    "window_id": ("窗口编号", "Window id"),
    "interview_date": ("访问日期 YYYY-MM-DD", "Interview date YYYY-MM-DD"),
    "stratum": ("抽样层", "Sampling stratum"),
    "psu": ("初级抽样单元（层内编号）", "Primary sampling unit (numbered within its stratum)"),
    "weight": ("抽样权重（大于0）", "Sampling weight (greater than 0)"),
    "customer_type": ("客户类型", "Customer type"),
    "duration_s": ("访问时长（秒）", "Interview duration (seconds)"),
    "comment": ("意见建议（原文）", "Comments (verbatim)"),
}

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class InstrumentError(InputError):
    """An instrument file that cannot be used. 问卷定义文件有误，无法使用。

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "my_hall.yaml"
    >>> _ = p.write_text("id: my_hall\\nitems: []\\n", encoding="utf-8")
    >>> try:
    ...     load_instrument(p)
    ... except InstrumentError as e:
    ...     print(type(e).__name__, e.exit_code)
    InstrumentError 3
    >>> issubclass(UnknownInstrument, InstrumentError)   # a misspelt name: a usage error (exit 2)
    True
    """


class UnknownInstrument(UsageError, InstrumentError):
    """An instrument name (not a file) that names no bundled instrument: the command line is wrong (exit 2).
    问卷名称不存在（命令行用法错误）。

    Examples
    --------
    >>> try:
    ...     load_instrument("power_hal")
    ... except UnknownInstrument as e:
    ...     print(e.exit_code, "power_hall" in str(e))
    2 True
    """


@dataclass(frozen=True)
class Item:
    """One coded question. 一道编码题。

    Examples
    --------
    >>> q = load_instrument("power_hall").question("eff3")
    >>> type(q).__name__, q.id, q.dimension, q.reverse
    ('Item', 'eff3', 'efficiency', True)
    """

    id: str
    dimension: str | None
    zh: str
    en: str
    labels: str = "satisfaction"
    reverse: bool = False
    #: the question's own scale ``(min, max, satisfied_min)`` where it declares one (a 0-10 recommendation item in an
    #: instrument of 1-5 items); None: the instrument's
    scale: tuple | None = None


@dataclass(frozen=True)
class Dimension:
    """A group of items with a weight in the composite. 维度及其在综合指数中的权重。

    Examples
    --------
    >>> d = load_instrument("power_hall").dimensions[0]
    >>> type(d).__name__, d.id, 0 < d.weight <= 1, len(d.items) > 0
    ('Dimension', 'environment', True, True)
    """

    id: str
    zh: str
    en: str
    weight: float
    source: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instrument:
    """A validated questionnaire. 已校验的问卷。

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> ins.valid_codes, ins.coded_columns[-1], ins.expected_columns[:3]
    ((1, 2, 3, 4, 5, 9), 'overall', ('respondent_id', 'window_id', 'interview_date'))
    """

    id: str
    version: int
    title_zh: str
    title_en: str
    scale_min: int
    scale_max: int
    satisfied_min: int
    label_sets: dict
    missing_codes: dict
    overall: Item
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    customer_types: dict = field(default_factory=dict)
    complaint_terms: tuple = ()
    standard: str | None = None
    clause: str | None = None
    path: Path | None = None
    value_labels: dict | None = None
    text: str | None = None
    #: what a rule newer than a stored copy says of it (a copy in the store is read as it was imported: warned
    #: about, never refused; :func:`load_instrument` with ``stored=True``)
    notes: tuple = ()
    #: the same notes as ``(zh, en)`` pairs, for a page that shows each language apart (the report)
    note_pairs: tuple = ()

    @property
    def overall_id(self) -> str:
        """Column name of the overall-satisfaction item."""
        return self.overall.id

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Item column names in questionnaire order (without the overall item)."""
        return tuple(i.id for i in self.items)

    @property
    def coded_columns(self) -> tuple[str, ...]:
        """Every column holding an answer code: the items, then the overall item."""
        return self.item_ids + (self.overall.id,)

    @property
    def valid_codes(self) -> tuple[int, ...]:
        """Scale codes then missing codes, e.g. ``(1, 2, 3, 4, 5, 9)``."""
        return tuple(range(self.scale_min, self.scale_max + 1)) + tuple(sorted(self.missing_codes))

    def scale_of(self, column: str) -> tuple[int, int, int]:
        """A question's scale ``(min, max, satisfied_min)``: its own where it declares one, else the instrument's.

        Examples
        --------
        >>> load_instrument("power_hall").scale_of("env1")
        (1, 5, 4)
        """
        own = self.question(column).scale if column in self.coded_columns else None
        return tuple(own) if own else (self.scale_min, self.scale_max, self.satisfied_min)

    @property
    def own_scales(self) -> dict:
        """The questions that declare a scale of their own, id to ``(min, max, satisfied_min)``."""
        return {q.id: tuple(q.scale) for q in self.items + (self.overall,) if q.scale}

    def item_codes(self, column: str) -> tuple[int, ...]:
        """A question's codes: its scale's, then the missing codes off that scale (a missing code 9 of the 1-5
        questions is the answer 9 on a 0-10 question's own scale).

        Examples
        --------
        >>> load_instrument("power_hall").item_codes("overall")
        (1, 2, 3, 4, 5, 9)
        """
        lo, hi, _ = self.scale_of(column)
        return tuple(range(lo, hi + 1)) + tuple(sorted(k for k in self.missing_codes if not lo <= k <= hi))

    def on_scale_of(self, column: str) -> "Instrument":
        """The instrument as one question reads it: its own scale (and the missing codes off it) in place of the
        instrument's; the instrument itself for a question on the instrument's scale."""
        own = self.question(column).scale if column in self.coded_columns else None
        if not own:
            return self
        lo, hi, sat = own
        return replace(self, scale_min=lo, scale_max=hi, satisfied_min=sat,
                       missing_codes={k: v for k, v in self.missing_codes.items() if not lo <= k <= hi})

    @property
    def reverse_items(self) -> tuple[str, ...]:
        """Ids of reverse-coded items."""
        return tuple(i.id for i in self.items if i.reverse)

    @property
    def expected_columns(self) -> tuple[str, ...]:
        """Required columns of a delivery, in template order."""
        return REQUIRED_COLUMNS + self.coded_columns

    def question(self, column: str) -> Item:
        """The item (or the overall item) of a column.

        Examples
        --------
        >>> load_instrument("power_hall").question("eff3").reverse
        True
        """
        if column == self.overall.id:
            return self.overall
        for it in self.items:
            if it.id == column:
                return it
        raise KeyError(column)

    def label_to_code(self, column: str) -> dict[str, int]:
        """Answer label text (Chinese or English, lower-cased) to its code, for one column.

        Examples
        --------
        >>> m = load_instrument("power_hall").label_to_code("staff3")
        >>> m["非常同意"], m["strongly agree"], m["不清楚"]
        (5, 5, 9)
        """
        it = self.question(column)
        out: dict[str, int] = {}
        for code, (zh, en) in self.label_sets[it.labels].items():
            out[zh.lower()] = code
            out[en.lower()] = code
        for code, (zh, en) in self.missing_codes.items():
            out[zh.lower()] = code
            out[en.lower()] = code
            for part in re.split(r"[/／]", zh):
                out[part.strip().lower()] = code
        return out

    def items_frame(self) -> pd.DataFrame:
        """The questions as a table.

        Returns
        -------
        pandas.DataFrame
            Columns ``column``, ``dimension``, ``zh``, ``en``, ``labels``, ``reverse``,
            ``dimension_weight``; one row per item, the overall item last.

        Examples
        --------
        >>> ins = load_instrument("hospital_window")
        >>> t = ins.items_frame()
        >>> list(t.columns)
        ['column', 'dimension', 'zh', 'en', 'labels', 'reverse', 'dimension_weight']
        >>> t.loc[t.reverse, "column"].tolist()
        ['staff3', 'eff4']
        """
        weights = {d.id: d.weight for d in self.dimensions}
        rows = [
            {
                "column": q.id,
                "dimension": q.dimension,
                "zh": q.zh,
                "en": q.en,
                "labels": q.labels,
                "reverse": q.reverse,
                "dimension_weight": weights.get(q.dimension, math.nan),
            }
            for q in self.items + (self.overall,)
        ]
        return pd.DataFrame(rows)


def _bi(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def resolve_instrument_path(name: str | os.PathLike) -> Path:
    """The YAML file of an instrument given by name or by path.

    按名称（如 ``power_hall``）或文件路径找到问卷定义文件。

    Examples
    --------
    >>> resolve_instrument_path("power_hall").name
    'power_hall.yaml'
    """
    p = Path(name)
    if p.is_file():
        return p
    candidate = paths.INSTRUMENTS_DIR / f"{name}.yaml"
    if candidate.exists():
        return candidate
    known = sorted(x.stem for x in paths.INSTRUMENTS_DIR.glob("*.yaml"))
    if os.path.lexists(p):   # something there that is no file (a folder, a pipe, a link to nothing): said as what
        # it is and the fix, not "not found" (msgs44); an id first: a folder power_hall/ where the command runs is none
        from ..records.workspace import not_regular

        why = not_regular(p) or ("无法读取", "cannot be read")
        raise InstrumentError(_bi(
            f"{name}: 问卷文件{why[0]};请用 --instrument 给出问卷 YAML 文件本身,或问卷 id(可用:{', '.join(known) or '无'})",
            f"{name}: the instrument file {why[1]}; give --instrument the instrument's YAML file itself, or an "
            f"instrument id (available: {', '.join(known) or 'none'})"))
    # a file that is not there is an input refused (exit 3); a name no instrument has, a wrong command line (exit 2)
    looks_like_file = str(name).endswith((".yaml", ".yml"))
    raise (InstrumentError if looks_like_file else UnknownInstrument)(
        _bi(
            f"找不到问卷 '{name}'；可用的问卷：{', '.join(known) or '无'}",
            f"instrument '{name}' not found; available: {', '.join(known) or 'none'}",
        )
    )


#: The keys of an instrument's ``scale`` mapping; any other is refused (a ``reversed: true`` was ignored).
SCALE_KEYS = ("min", "max", "satisfied_min", "labels")
#: The keys an instrument file may have at its top level, and under ``instrument:`` (anything else is refused).
TOP_KEYS = ("instrument", "scale", "missing_codes", "overall", "dimensions", "items", "customer_types",
            "complaint_terms", "value_labels")
HEAD_KEYS = ("id", "version", "title_zh", "title_en", "standard", "clause", "window_kinds")

#: Words of dissatisfaction and satisfaction (a quality scale's 差 / 好 too: 非常差 is the least satisfied), the only
#: ones that tell a label set's direction.  Agreement (同意 / agree) is not satisfaction: 1 = 非常同意 ... 5 = 非常不同意
#: is right for a negatively worded statement whose labels already turn it (为办一件事需要来回跑多次), and is refused
#: only on an item marked ``reverse`` (the software would turn it a second time).
_NEGATIVE = re.compile(r"不.?满意|差(?!不多)|不好(?!说)|dissatisf|unsatisf|unhappy|\bpoor\b|\bbad\b", re.IGNORECASE)
_POSITIVE = re.compile(r"满意|好(?!说)|satisf|\bgood\b|excellent|\bhappy\b", re.IGNORECASE)
_DISAGREE = re.compile(r"不.?同意|不.?赞同|反对|disagree", re.IGNORECASE)
_AGREE = re.compile(r"同意|赞同|agree", re.IGNORECASE)


def _polarity(pair: tuple[str, str]) -> int:
    """-1 for a label of dissatisfaction (非常不满意, Very dissatisfied, 很差), 1 for one of satisfaction (非常满意,
    Very satisfied, 很好), 0 for neither (一般, Neutral, and agreement: 非常同意 is no satisfaction).

    Examples
    --------
    >>> [_polarity(p) for p in [("非常不满意", "Very dissatisfied"), ("非常满意", "Very satisfied"), ("一般", "Neutral")]]
    [-1, 1, 0]
    >>> _polarity(("不太满意", "Rather dissatisfied")), _polarity(("很不同意", "Strongly disagree")), _polarity(("非常同意", "Strongly agree"))
    (-1, 0, 0)
    >>> _polarity(("很差", "Very poor")), _polarity(("不好说", "Hard to say"))
    (-1, 0)
    """
    text = " ".join(pair)
    if _NEGATIVE.search(text):
        return -1
    return 1 if _POSITIVE.search(text) else 0


def _agreement(pair: tuple[str, str]) -> int:
    """-1 for a label of disagreement, 1 for one of agreement, 0 for neither.

    Examples
    --------
    >>> _agreement(("非常不同意", "Strongly disagree")), _agreement(("同意", "Agree")), _agreement(("满意", "Satisfied"))
    (-1, 1, 0)
    """
    text = " ".join(pair)
    if _DISAGREE.search(text):
        return -1
    return 1 if _AGREE.search(text) else 0


#: The most characters a text of an instrument holds (a title, a question, a label): a question is a sentence, and a
#: text of megabytes (a file pasted in) would reach every page and template that shows it.
MAX_TEXT = 2000

#: The widest scale an instrument may have, in codes (0-100 at most): the label sets name every code, and a scale of
#: a billion codes (max: 1000000000) was built code by code until the machine ran out of memory (fuzz46).
MAX_SCALE_CODES = 101

_HIDDEN = None


class _TextRule(str):
    """A problem of a text (:func:`_text_problem`), with its Chinese and English apart: it refuses an instrument being
    checked or imported, and is only a note on the copy a store kept of one accepted before the rule (stored=True)."""

    pair: tuple = ("", "")


def _rule(zh: str, en: str) -> "_TextRule":
    r = _TextRule(_bi(zh, en))
    r.pair = (zh, en)
    return r


def _text_problem(v, where: str) -> str | None:
    """What is wrong with ``v`` as a text of the instrument at ``where`` (a title, a question, a label), or None:
    not text (``zh: 1``, a list), longer than :data:`MAX_TEXT`, or holding a control character (a NUL, a bell; not a
    tab or a line end), which no workbook can hold (the template ended in a traceback) and no page shows.  A bidi
    control or a zero-width space is let through: every output neutralises and escapes them as it does the records'
    (tests/test_audit28_hostile.py plants them in an instrument).

    Examples
    --------
    >>> _text_problem("营业厅环境整洁", "items.env1.zh") is None
    True
    >>> print(_text_problem(1, "scale.labels.satisfaction.1.zh").split(" / ")[1])
    scale.labels.satisfaction.1.zh must be text (in quotes), not a number: 1
    >>> print(_text_problem("一\\x00般", "x.zh").split(" / ")[1])
    x.zh holds a control character (U+0000, character 2), which no workbook holds: delete it
    >>> _text_problem("\\u202e非常满意", "x.zh") is None
    True
    """
    global _HIDDEN
    if _HIDDEN is None:
        _HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    if not isinstance(v, str):
        what_zh, what_en = (("数字", "a number") if isinstance(v, (int, float)) and not isinstance(v, bool) else
                            ("真假值", "true/false") if isinstance(v, bool) else
                            ("列表", "a list") if isinstance(v, list) else ("映射", "a mapping") if isinstance(v, dict)
                            else (type(v).__name__, type(v).__name__))
        shown = repr(v)[:60]
        return _rule(f"{where} 必须是文字(加引号),而不是{what_zh}:{shown}", f"{where} must be text (in quotes), not {what_en}: {shown}")
    if len(v) > MAX_TEXT:
        return _rule(f"{where} 有 {len(v):,} 个字符,超过上限 {MAX_TEXT:,}:题目和标签是一句话,请检查是否误粘贴了整段内容",
                   f"{where} is {len(v):,} characters long, more than {MAX_TEXT:,}: a question or a label is a sentence; "
                   "check that nothing was pasted into it by mistake")
    m = _HIDDEN.search(v)
    if m:
        code = f"U+{ord(m.group()):04X}"
        return _rule(f"{where} 含控制字符({code},第 {m.start() + 1} 个字符),工作簿无法保存它;请删去它",
                     f"{where} holds a control character ({code}, character {m.start() + 1}), which no workbook holds: "
                     "delete it")
    return None


def _shape(raw: dict) -> list[str]:
    """The problems of an instrument's structure, before anything is read from it: each part of the kind it must be
    (``items`` a list of mappings, ``scale.labels`` a mapping of label sets, a label's code a whole number,
    ``reverse`` true or false, ``version`` a whole number, a weight a finite number), and the scale no wider than
    :data:`MAX_SCALE_CODES`.  A part of another kind had stopped the reading with an internal error (exit 5), or
    been read as something else in silence (``reverse: 'maybe'`` as true); each is named with its place and fix.

    Examples
    --------
    >>> for e in _shape({"items": "env1", "scale": {"min": 1, "max": 10**9, "labels": {"s": {"one": {}}}}}):
    ...     print(e.split(" / ")[1])
    items must be a list (each entry starting with -), not text: 'env1'
    the scale runs over 1,000,000,000 codes (1-1000000000); at most 101 (such as 1-5, 0-10): check min and max
    scale.labels.s: the code 'one' is not a whole number; write the label's code (1, 2, ...) before its colon
    """
    errs: list[str] = []

    def kind(v):
        return (("文字", "text") if isinstance(v, str) else ("数字", "a number") if isinstance(v, (int, float)) else
                ("列表", "a list") if isinstance(v, list) else ("映射", "a mapping") if isinstance(v, dict) else
                (type(v).__name__, type(v).__name__))

    def whole(v) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    def code(k) -> bool:
        return whole(k) or (isinstance(k, str) and re.fullmatch(r"\s*-?\d+\s*", k) is not None)

    for key, want in (("instrument", dict), ("scale", dict), ("missing_codes", dict), ("overall", dict),
                      ("customer_types", dict), ("dimensions", list), ("items", list), ("complaint_terms", list)):
        v = raw.get(key)
        if v is None or isinstance(v, want):
            continue
        k_zh, k_en = kind(v)
        shown = repr(v)[:60]
        if want is dict:
            errs.append(_bi(f"{key} 必须是映射(每行“键: 值”),而不是{k_zh}:{shown}",
                            f"{key} must be a mapping (key: value lines), not {k_en}: {shown}"))
        else:
            errs.append(_bi(f"{key} 必须是列表(每项以 - 开头),而不是{k_zh}:{shown}",
                            f"{key} must be a list (each entry starting with -), not {k_en}: {shown}"))
    for key in ("dimensions", "items", "complaint_terms"):
        v = raw.get(key)
        for n, e in enumerate(v if isinstance(v, list) else [], start=1):
            if not isinstance(e, dict):
                shown = repr(e)[:60]
                errs.append(_bi(f"{key} 第 {n} 项必须是映射(id: …, zh: …, en: …),而不是{kind(e)[0]}:{shown}",
                                f"{key} entry {n} must be a mapping (id: ..., zh: ..., en: ...), not {kind(e)[1]}: {shown}"))
            elif key == "items" and "reverse" in e and not isinstance(e["reverse"], bool):
                errs.append(_bi(f"items 第 {n} 题(id {e.get('id')!r})的 reverse 必须是 true 或 false,而不是 {e['reverse']!r:.40}",
                                f"item {n} (id {e.get('id')!r}): reverse must be true or false, not {e['reverse']!r:.40}"))
            elif key == "dimensions" and isinstance(e.get("weight"), float) and not math.isfinite(e["weight"]):
                errs.append(_bi(f"维度 {e.get('id')} 的权重必须是有限的正数,而不是 {e['weight']}",
                                f"dimension {e.get('id')}: weight must be a finite positive number, not {e['weight']}"))
    head = raw.get("instrument")
    if isinstance(head, dict) and "version" in head and not whole(head["version"]):
        errs.append(_bi(f"instrument.version 必须是整数(如 1、2),而不是 {head['version']!r:.40}",
                        f"instrument.version must be a whole number (such as 1, 2), not {head['version']!r:.40}"))
    scale = raw.get("scale")
    if isinstance(scale, dict):
        lo, hi = scale.get("min"), scale.get("max")
        if whole(lo) and whole(hi) and hi - lo + 1 > MAX_SCALE_CODES:
            errs.append(_bi(f"量表有 {hi - lo + 1:,} 个代码({lo}–{hi}),最多 {MAX_SCALE_CODES} 个(如 1–5、0–10):请检查 min 与 max",
                            f"the scale runs over {hi - lo + 1:,} codes ({lo}-{hi}); at most {MAX_SCALE_CODES} "
                            f"(such as 1-5, 0-10): check min and max"))
        labels = scale.get("labels")
        if labels is not None and not isinstance(labels, dict):
            errs.append(_bi(f"scale.labels 必须是映射(标签组名: 代码与文字),而不是{kind(labels)[0]}",
                            f"scale.labels must be a mapping (label set name: codes and texts), not {kind(labels)[1]}"))
        for name, set_ in (labels.items() if isinstance(labels, dict) else ()):
            if set_ is not None and not isinstance(set_, dict):
                errs.append(_bi(f"scale.labels.{name} 必须是映射(代码: {{zh: …, en: …}}),而不是{kind(set_)[0]}",
                                f"scale.labels.{name} must be a mapping (code: {{zh: ..., en: ...}}), not {kind(set_)[1]}"))
                continue
            for k in (set_ or {}):
                if not code(k):
                    errs.append(_bi(f"scale.labels.{name}:代码 {k!r:.40} 不是整数;请在冒号前写标签的代码(1、2 …)",
                                    f"scale.labels.{name}: the code {k!r:.40} is not a whole number; write the label's "
                                    "code (1, 2, ...) before its colon"))
    mc = raw.get("missing_codes")
    for k in (mc if isinstance(mc, dict) else {}):
        if not code(k):
            errs.append(_bi(f"missing_codes:代码 {k!r:.40} 不是整数(如 9、99)",
                            f"missing_codes: the code {k!r:.40} is not a whole number (such as 9, 99)"))
    for key in ("title_zh", "title_en"):
        if isinstance(head, dict) and head.get(key) is not None:
            bad = _text_problem(head[key], f"instrument.{key}")
            if bad:
                errs.append(bad)
    return errs


def _pair(d, where: str, errors: list[str]) -> tuple[str, str]:
    if not isinstance(d, dict) or not d.get("zh") or not d.get("en"):
        errors.append(_bi(f"{where} 缺少中文(zh)或英文(en)文字", f"{where} lacks Chinese (zh) or English (en) text"))
        return ("", "")
    bad = [e for e in (_text_problem(d["zh"], f"{where}.zh"), _text_problem(d["en"], f"{where}.en")) if e]
    errors.extend(bad)   # (a copy the store kept is read as it was: its texts as they were, the problems noted)
    return (str(d["zh"]), str(d["en"]))


#: The keys of an item's own ``scale``.
ITEM_SCALE_KEYS = ("min", "max", "satisfied_min", "labels")


def _own_scale(it: dict, iid: str, errors: list) -> tuple | None:
    """An item's own scale, ``scale: {min: 0, max: 10, satisfied_min: 9, labels: {0: {zh, en}, 10: {zh, en}}}``:
    ``(min, max, satisfied_min, labels)``; its labels name at least its two ends.  None (and the problem listed)
    where it cannot be read."""
    sc = it.get("scale")
    where = f"items.{iid}.scale"
    if not isinstance(sc, dict):
        errors.append(_bi(f"{where} 必须是映射（min、max、satisfied_min、labels）",
                          f"{where} must be a mapping (min, max, satisfied_min, labels)"))
        return None
    odd = [str(k) for k in sc if k not in ITEM_SCALE_KEYS]
    if odd:
        errors.append(_bi(f"{where} 中的键 {', '.join(odd)} 无法识别（可用：{', '.join(ITEM_SCALE_KEYS)}）",
                          f"unknown key(s) {', '.join(odd)} in {where} (known: {', '.join(ITEM_SCALE_KEYS)})"))
    lo, hi = sc.get("min"), sc.get("max")
    if not (isinstance(lo, int) and isinstance(hi, int) and not isinstance(lo, bool) and lo < hi):
        errors.append(_bi(f"{where} 的 min/max 必须是整数且 min < max（如 0 与 10）",
                          f"{where}: min/max must be integers with min < max (such as 0 and 10)"))
        return None
    sat = sc.get("satisfied_min", hi - 1)
    if not (isinstance(sat, int) and lo < sat <= hi):
        errors.append(_bi(f"{where} 的 satisfied_min 必须在 {lo}–{hi} 之内", f"{where}: satisfied_min must lie within {lo}-{hi}"))
    labels = {}
    raw = sc.get("labels") or {}
    if not isinstance(raw, dict):
        raw = {}
    for k, v in raw.items():
        try:
            code = int(k)
        except (TypeError, ValueError):
            code = None
        if code is None or not lo <= code <= hi:
            errors.append(_bi(f"{where}.labels 的代码 {k!r} 不在 {lo}–{hi} 之内", f"{where}.labels: code {k!r} is off {lo}-{hi}"))
            continue
        labels[code] = _pair(v, f"{where}.labels.{k}", errors)
    if lo not in labels or hi not in labels:
        errors.append(_bi(f"{where}.labels 至少要写出两端 {lo} 与 {hi} 的说法（如 {lo} = 完全不可能，{hi} = 非常可能）",
                          f"{where}.labels must word at least its two ends {lo} and {hi} (such as {lo} = not at all "
                          f"likely, {hi} = extremely likely)"))
    return (lo, hi, int(sat) if isinstance(sat, int) else hi - 1, dict(sorted(labels.items())))


def _parse(raw: dict, path: Path | None, stored: bool = False) -> Instrument:
    errors: list[str] = []
    # the rules of audit27 and later on an instrument's scale (unknown keys, a label set running the other way, an
    # agreement set turned twice): an instrument being imported or checked is refused by them; a copy already in
    # the store, imported when they were not yet rules, is read as it was and they only note it (stored=True)
    rules: list[tuple[str, str]] = []   # (zh, en)
    if not isinstance(raw, dict):
        raise InstrumentError(_bi("问卷文件不是一个映射", "instrument file is not a mapping"))
    shape = _shape(raw)   # each part of the kind it must be, before anything is read from it (fuzz46)
    if stored:   # a title's text problem in a copy the store kept: a note (below), as the other texts'
        rules += [e.pair for e in shape if isinstance(e, _TextRule)]
        shape = [e for e in shape if not isinstance(e, _TextRule)]
    if shape:
        raise InstrumentError((f"{path}: " if path else "") + "\n".join(shape))
    # a key no instrument has (dimensons: for dimensions, a typo) was ignored without a word, and the dimensions,
    # customer types or value labels it meant went missing: refused naming the key, the nearest known key and the
    # fix (audit30); a copy already in the store only notes it, as the scale's rules (stored=True)
    for where, keys, known in (("", list(raw), TOP_KEYS),
                               ("instrument.", list(raw.get("instrument") or {}) if isinstance(raw.get("instrument"), dict)
                                else [], HEAD_KEYS)):
        for k in keys:
            if k in known:
                continue
            near = difflib.get_close_matches(str(k), known, n=1, cutoff=0.5)
            near_zh = f"是否应为 '{where}{near[0]}'？请改为 '{where}{near[0]}'" if near else "请删去这个键"
            near_en = f"did you mean '{where}{near[0]}'? rename it '{where}{near[0]}'" if near else "delete the key"
            rules.append((
                f"问卷中的键 '{where}{k}' 无法识别(可用:{', '.join(known)});{near_zh}",
                f"unknown key '{where}{k}' in the instrument (known: {', '.join(known)}); {near_en}"))
    head = raw.get("instrument") or {}
    iid = str(head.get("id", ""))
    if not _ID.match(iid):
        errors.append(_bi(f"问卷 id '{iid}' 无效（小写字母、数字、下划线）", f"invalid instrument id '{iid}' (lower-case letters, digits, underscores)"))

    scale = raw.get("scale") or {}
    if not isinstance(scale, dict):
        errors.append(_bi("scale 必须是映射(min、max、satisfied_min、labels)",
                          "scale must be a mapping (min, max, satisfied_min, labels)"))
        scale = {}
    odd = [str(k) for k in scale if k not in SCALE_KEYS]
    if odd:
        # scale: {reversed: true} (or direction: descending) was ignored without a word, and a delivery coded
        # 5 = 很不满意 counted as satisfied: no such key exists, so it is refused with the way to say it
        rules.append((
            f"scale 中的键 {', '.join(odd)} 无法识别(可用:{', '.join(SCALE_KEYS)});本软件不换算反向的量表:"
            f"代码须从最不满意(min)到最满意(max)递增,按反向量表(5 = 很不满意)收集的答案请调查公司在交付前换算为 "
            f"(min + max − 代码)",
            f"unknown key(s) {', '.join(odd)} in scale (known: {', '.join(SCALE_KEYS)}); no reversed scale is "
            f"converted: codes rise from least satisfied (min) to most satisfied (max), and answers collected on a "
            f"reversed scale (5 = very dissatisfied) are converted to (min + max - code) by the survey firm before "
            f"delivery"))
    smin, smax = scale.get("min"), scale.get("max")
    if not (isinstance(smin, int) and isinstance(smax, int) and smin < smax):
        errors.append(_bi("量表 min/max 必须是整数且 min < max", "scale min/max must be integers with min < max"))
        smin, smax = 1, 5
    sat = scale.get("satisfied_min", smax - 1)
    if not (isinstance(sat, int) and smin < sat <= smax):
        errors.append(_bi("satisfied_min 必须在量表范围内", "satisfied_min must lie within the scale"))
    label_sets: dict[str, dict[int, tuple[str, str]]] = {}
    for name, labels in (scale.get("labels") or {}).items():
        labels = labels or {}
        codes = sorted(int(k) for k in labels)
        if codes != list(range(smin, smax + 1)):
            errors.append(_bi(f"标签组 '{name}' 必须恰好覆盖 {smin}–{smax}", f"label set '{name}' must cover exactly {smin}-{smax}"))
        label_sets[str(name)] = {int(k): _pair(v, f"scale.labels.{name}.{k}", errors) for k, v in labels.items()}
        ends = label_sets[str(name)]
        if smin in ends and smax in ends and _polarity(ends[smin]) > 0 > _polarity(ends[smax]):
            # 1 = 非常满意 … 5 = 非常不满意: a satisfaction rate (codes >= satisfied_min) would count the dissatisfied
            lo, hi = ends[smin], ends[smax]
            rules.append((
                f"标签组 '{name}' 的方向与量表相反:{smin} = {lo[0]},{smax} = {hi[0]};满意率按代码 ≥ satisfied_min "
                f"计算,照此会把不满意算作满意。请把标签写成 {smin} = 最不满意 … {smax} = 最满意;按反向量表收集的答案"
                f"请调查公司在交付前换算为 ({smin} + {smax} − 代码)",
                f"label set '{name}' runs opposite to the scale: {smin} = {lo[1]}, {smax} = {hi[1]}; the satisfaction "
                f"rate counts codes >= satisfied_min, so the dissatisfied would count as satisfied. Write the labels "
                f"{smin} = least satisfied ... {smax} = most satisfied; answers collected on a reversed scale are "
                f"converted to ({smin} + {smax} - code) by the survey firm before delivery"))
    if not label_sets:
        errors.append(_bi("量表缺少标签(labels)", "scale has no labels"))

    missing: dict[int, tuple[str, str]] = {}
    for k, v in (raw.get("missing_codes") or {}).items():
        k = int(k)
        if smin <= k <= smax:
            errors.append(_bi(f"缺失代码 {k} 落在量表范围内", f"missing code {k} lies inside the scale"))
        missing[k] = _pair(v, f"missing_codes.{k}", errors)

    dims_raw = raw.get("dimensions") or []
    dim_ids = [str(d.get("id", "")) for d in dims_raw]
    if len(set(dim_ids)) != len(dim_ids):
        errors.append(_bi("维度 id 重复", "duplicate dimension ids"))
    if not dims_raw:
        errors.append(_bi("至少需要一个维度", "at least one dimension is needed"))

    items: list[Item] = []
    for n, it in enumerate(raw.get("items") or []):
        iid_ = str(it.get("id", ""))
        if not _ID.match(iid_):
            errors.append(_bi(f"第 {n + 1} 题 id '{iid_}' 无效", f"item {n + 1}: invalid id '{iid_}'"))
        own = _own_scale(it, iid_, errors) if isinstance(it, dict) and "scale" in it else None
        if own is not None:
            # a question on a scale of its own (0-10 推荐意愿 in a 1-5 questionnaire) is scored on it alone: it stands
            # outside the dimensions, whose means and the composite would mix two scales
            if it.get("dimension") is not None:
                errors.append(_bi(
                    f"题目 {iid_} 有自己的量表（scale: {own[0]}–{own[1]}），不能属于维度 '{it.get('dimension')}'：维度得分与"
                    "综合指数按问卷量表计算，不混用两种量表；请删去该题的 dimension（它单独计分、单独报告）",
                    f"item {iid_} has a scale of its own (scale: {own[0]}-{own[1]}) and cannot belong to dimension "
                    f"'{it.get('dimension')}': dimension scores and the composite are on the instrument's scale, never "
                    "two scales mixed; delete the item's dimension (it is scored and reported alone)"))
            lab = f"{iid_}_scale"
            label_sets[lab] = own[3]
            own = own[:3]
        else:
            if it.get("dimension") not in dim_ids:
                errors.append(_bi(f"题目 {iid_} 的维度 '{it.get('dimension')}' 未定义", f"item {iid_}: dimension '{it.get('dimension')}' is not defined"))
            lab = str(it.get("labels", "satisfaction"))
            if lab not in label_sets:
                errors.append(_bi(f"题目 {iid_} 的标签组 '{lab}' 未定义", f"item {iid_}: label set '{lab}' is not defined"))
        zh, en = _pair(it, f"item {iid_}", errors)
        items.append(Item(iid_, it.get("dimension"), zh, en, lab, bool(it.get("reverse", False)), own))
    turned = {}   # label sets running from agreement (min) to disagreement (max), on items the software turns round
    for q in items:
        ends = label_sets.get(q.labels, {})
        if q.reverse and smin in ends and smax in ends and _agreement(ends[smin]) > 0 > _agreement(ends[smax]):
            turned.setdefault(q.labels, []).append(q.id)
    for name, ids in turned.items():
        lo, hi = label_sets[name][smin], label_sets[name][smax]
        rules.append((
            f"标签组 '{name}' 从同意({smin} = {lo[0]})到不同意({smax} = {hi[0]}),已把否定说法的题目反了过来;而题目 "
            f"{', '.join(ids)} 标为反向题(reverse: true),软件还会再反一次,不满意就算成了满意。请二选一:标签写成 "
            f"{smin} = 最不同意 … {smax} = 最同意并保留 reverse: true,或保留这组标签并删去这些题目的 reverse: true",
            f"label set '{name}' runs from agreement ({smin} = {lo[1]}) to disagreement ({smax} = {hi[1]}), which already "
            f"turns a negatively worded statement round, and items {', '.join(ids)} are marked reverse: true, which "
            f"the software turns round again: the dissatisfied would count as satisfied. Do one of the two: labels "
            f"{smin} = strongly disagree ... {smax} = strongly agree with reverse: true kept, or these labels with "
            f"reverse: true taken off those items"))
    if not items:
        errors.append(_bi("问卷没有题目", "the instrument has no items"))

    ov = raw.get("overall") or {}
    ov_id = str(ov.get("id", "overall"))
    if isinstance(ov, dict) and "scale" in ov:
        # the overall question is the satisfaction rate's and the report's headline, on the instrument's scale: a
        # scale of its own there was ignored without a word
        errors.append(_bi(
            "总体满意度题（overall）按问卷的量表（scale）作答，不能有自己的量表；0–10 分的推荐意愿等题目请写在 items 中，"
            "带自己的 scale",
            "the overall question is answered on the instrument's scale and cannot have one of its own; put a 0-10 "
            "recommendation question (or the like) under items, with its own scale"))
    ozh, oen = _pair(ov, "overall", errors)
    ov_lab = str(ov.get("labels", "satisfaction"))
    if ov_lab not in label_sets:
        errors.append(_bi(f"总体满意度题的标签组 '{ov_lab}' 未定义", f"overall item: label set '{ov_lab}' is not defined"))
    overall = Item(ov_id, None, ozh, oen, ov_lab, False)

    all_ids = [i.id for i in items] + [ov_id]
    dup = sorted({x for x in all_ids if all_ids.count(x) > 1})
    if dup:
        errors.append(_bi(f"题目 id 重复：{', '.join(dup)}", f"duplicate item ids: {', '.join(dup)}"))
    clash = sorted(set(all_ids) & set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS))
    if clash:
        errors.append(_bi(f"题目 id 与固定列重名：{', '.join(clash)}", f"item ids clash with fixed columns: {', '.join(clash)}"))

    weights = []
    for d in dims_raw:
        w = d.get("weight")
        if not isinstance(w, (int, float)) or isinstance(w, bool) or not (w > 0 and math.isfinite(w)):
            errors.append(_bi(f"维度 {d.get('id')} 的权重必须大于 0", f"dimension {d.get('id')}: weight must be greater than 0"))
            w = 1.0
        weights.append(float(w))
    total = sum(weights) or 1.0
    dimensions = []
    for d, w in zip(dims_raw, weights):
        zh, en = _pair(d, f"dimension {d.get('id')}", errors)
        members = tuple(i.id for i in items if i.dimension == d.get("id"))
        if not members:
            errors.append(_bi(f"维度 {d.get('id')} 没有题目", f"dimension {d.get('id')} has no items"))
        dimensions.append(Dimension(str(d.get("id")), zh, en, w / total, str(d.get("source") or ""), members))

    ctypes = {str(k): _pair(v, f"customer_types.{k}", errors) for k, v in (raw.get("customer_types") or {}).items()}
    terms = []
    for t in raw.get("complaint_terms") or []:
        zh, en = _pair(t, f"complaint_terms.{t.get('id')}", errors)
        match = tuple(str(m) for m in (t.get("match") or [zh]))
        terms.append({"id": str(t.get("id")), "zh": zh, "en": en, "match": match})

    vl = raw.get("value_labels")
    value_labels: dict | None
    # answers written as the instrument's own labels (非常满意 … 非常不满意, the template's drop-down shows them)
    # are read as their codes unless the instrument says value_labels: false; a mapping adds labels of its own
    if vl is False:
        value_labels = None
    elif vl is None or vl is True:
        value_labels = {}
    elif isinstance(vl, dict):
        value_labels = {}
        valid = set(range(smin, smax + 1)) | set(missing)
        for k, v in vl.items():
            if not isinstance(v, int) or v not in valid:
                errors.append(_bi(f"value_labels 中「{k}」的代码 {v!r} 不是量表代码或缺失代码",
                                  f"value_labels: code {v!r} of '{k}' is neither a scale code nor a missing code"))
            else:
                value_labels[str(k)] = v
    else:
        errors.append(_bi("value_labels 必须是 true/false 或「标签: 代码」映射",
                          "value_labels must be true/false or a mapping 'label: code'"))
        value_labels = None

    if stored:   # a text the rules of fuzz46 refuse, in a copy accepted before them: noted, read as it was
        rules += [e.pair for e in errors if isinstance(e, _TextRule)]
        errors = [e for e in errors if not isinstance(e, _TextRule)]
    if not stored:
        errors = [_bi(*r) for r in rules] + errors
    if errors:
        where = f"{path}: " if path else ""
        raise InstrumentError(where + "\n".join(errors))
    return Instrument(
        id=iid,
        version=int(head.get("version", 1)),
        title_zh=str(head.get("title_zh", "")),
        title_en=str(head.get("title_en", "")),
        scale_min=smin,
        scale_max=smax,
        satisfied_min=int(sat),
        label_sets=label_sets,
        missing_codes=missing,
        overall=overall,
        dimensions=tuple(dimensions),
        items=tuple(items),
        customer_types=ctypes,
        complaint_terms=tuple(terms),
        standard=head.get("standard"),
        clause=head.get("clause"),
        path=path,
        value_labels=value_labels,
        notes=tuple(_bi(*r) for r in rules) if stored else (),
        note_pairs=tuple(rules) if stored else (),
    )


def load_instrument(name: str | os.PathLike | Instrument | dict, *, stored: bool = False) -> Instrument:
    """Load and validate an instrument.

    读取并校验问卷；所有问题一次列出。

    Parameters
    ----------
    name : str, path, Instrument or dict
        An instrument id in ``surveys/instruments/`` (``"power_hall"``), a path to a
        YAML file, an already loaded :class:`Instrument` (returned as is) or the
        parsed YAML mapping.
    stored : bool
        ``name`` is the copy the store kept of the instrument a delivery was imported with: it is read as it was
        accepted then, and the rules on a scale added since (unknown ``scale`` keys, a label set running opposite
        to the scale, an agreement set turned twice) go to :attr:`Instrument.notes` instead of refusing it.  They
        refuse an instrument being imported or checked.

    Returns
    -------
    Instrument

    Raises
    ------
    InstrumentError
        Listing every problem found, in Chinese and English.

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> [d.id for d in ins.dimensions]
    ['environment', 'staff', 'efficiency', 'information', 'convenience']
    >>> round(sum(d.weight for d in ins.dimensions), 12)
    1.0
    >>> ins.reverse_items
    ('staff3', 'eff3')
    >>> try:
    ...     load_instrument({"instrument": {"id": "x"}, "scale": {"min": 1, "max": 5}})
    ... except InstrumentError as e:
    ...     print(str(e).splitlines()[0])
    量表缺少标签(labels) / scale has no labels
    """
    if isinstance(name, Instrument):
        return name
    if isinstance(name, dict):
        import dataclasses

        return dataclasses.replace(_parse(name, None, stored),
                                   text=yaml.safe_dump(name, allow_unicode=True, sort_keys=False))
    path = resolve_instrument_path(name).resolve()
    st = path.stat()
    return _load_cached(path, st.st_mtime_ns, st.st_size, bool(stored))


def duplicate_keys(text: str) -> list[tuple[str, int, int]]:
    """Each key written twice in one mapping of the YAML ``text`` (``items:`` twice, a label's code twice): ``(key,
    first line, line)``, lines counted from 1.  A YAML reader keeps the later value and drops the earlier in silence
    (a second ``items:`` block dropping the first one's questions).  Read from the composed node tree (aliases
    not expanded: each node looked at once); ``[]`` for text that does not compose (its error is said elsewhere).

    Examples
    --------
    >>> duplicate_keys("scale:\\n  min: 1\\n  min: 2\\nitems: []\\n")
    [('min', 2, 3)]
    >>> duplicate_keys("a: 1\\nb: {a: 2}\\n")
    []
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    out, seen, stack = [], set(), [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    key = (k.tag, k.value)
                    if key in first:
                        out.append((k.value, first[key], k.start_mark.line + 1))
                    else:
                        first[key] = k.start_mark.line + 1
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(out, key=lambda t: t[2])


@functools.lru_cache(maxsize=32)
def _load_cached(path: Path, mtime_ns: int, size: int, stored: bool = False) -> Instrument:
    """Parse a file once per (path, modification time, size)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:     # (a ValueError: said as the YAML's errors are below)
        raise InstrumentError(_bi(f"{path}: 问卷文件不是有效的 UTF-8 YAML：{e}",
                                  f"{path}: the instrument file is not valid UTF-8 YAML: {e}")) from e
    except OSError as e:     # no permission (a file of another user's, 0600): said with the fix, never a traceback
        why = e.strerror or type(e).__name__
        raise InstrumentError(_bi(f"{path}: 问卷文件无法读取({why});请检查文件的读取权限,或复制一份自己可读的",
                                  f"{path}: the instrument file cannot be read ({why}); check its read permission, "
                                  "or copy it to a file you can read")) from None
    try:
        problem = yaml_problem(text)
        raw = yaml.safe_load(text) if problem is None else None
        problem = problem or yaml_problem(text, raw)
    except (UnicodeDecodeError, yaml.YAMLError) as e:
        raise InstrumentError(_bi(f"{path}: 问卷文件不是有效的 UTF-8 YAML：{e}",
                                  f"{path}: the instrument file is not valid UTF-8 YAML: {e}")) from e
    if problem is not None:
        raise InstrumentError(_bi(f"{path}: {problem[0]}", f"{path}: {problem[1]}"))
    twice = [] if stored else duplicate_keys(text)   # a copy the store kept is read as it was accepted
    if twice:
        raise InstrumentError(f"{path}: " + "\n".join(
            _bi(f"第 {line} 行:键 '{key}' 在同一层中重复出现(第 {first} 行已有);YAML 只保留后一个,前一个下的内容会被悄悄丢弃。"
                "请合并这两处,或删去多余的一个",
                f"line {line}: the key '{key}' appears twice at the same level (first on line {first}); YAML keeps "
                "only the later one and drops what the first held in silence. Merge the two, or delete the extra one")
            for key, first, line in twice[:10]))
    import dataclasses

    try:
        parsed = _parse(raw, path, stored)
    except InstrumentError as e:
        if str(path) in str(e):
            raise
        raise InstrumentError(f"{path}: {e}") from e   # the file named, always
    return dataclasses.replace(parsed, text=text)


def list_instruments(directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """The instruments available.

    列出可用的问卷。

    Parameters
    ----------
    directory : path, optional
        Where to look; default ``paths.INSTRUMENTS_DIR``.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``title_zh``, ``title_en``, ``n_items``, ``dimensions``, ``path``.

    Examples
    --------
    >>> t = list_instruments()
    >>> sorted(t["id"])
    ['hospital_window', 'power_hall']
    >>> int(t.set_index("id").loc["power_hall", "n_items"])
    17
    """
    d = Path(directory) if directory else paths.INSTRUMENTS_DIR
    rows = []
    for p in sorted(d.glob("*.yaml")):
        ins = load_instrument(p)
        rows.append(
            {
                "id": ins.id,
                "title_zh": ins.title_zh,
                "title_en": ins.title_en,
                "n_items": len(ins.items),
                "dimensions": ",".join(x.id for x in ins.dimensions),
                "path": str(p),
            }
        )
    return pd.DataFrame(rows, columns=["id", "title_zh", "title_en", "n_items", "dimensions", "path"])
