"""Read a survey firm's delivery and check it, row by row, as the surveyor sees it.

读取调查公司交付的数据文件并逐行检查；行号即调查员在自己文件中看到的行号。

Accepted files (see ``surveys/README.md``): CSV in UTF-8 (with or without BOM) or
GB18030/GBK as Chinese Excel saves it, XLSX, SPSS ``.sav`` and Stata ``.dta`` (value labels honoured).
A CSV is read with the :mod:`csv` module first, so rows with too many or too few
fields and a truncated last line are caught before pandas sees the data.

Row numbers: in a CSV or XLSX the spreadsheet row (the header is row 1, the first
respondent row 2, as Excel shows it); in a ``.sav`` or ``.dta`` the case number (first case 1).

Every problem is one row of the package's one problem table,
:class:`windoweval.records.problems.Problems` (the record exports' too): ``file``,
``row``, ``line``, ``record_id`` (the respondent id), ``column``, ``value``,
``severity`` (``error`` or ``warning``), ``code``, ``problem_zh``, ``problem_en``,
``fix_zh`` and ``fix_en``.
Errors make a row (or, for file-level problems with no row, the whole file) unusable;
warnings, such as careless-responding flags, do not.

Examples
--------
>>> from windoweval.demo import survey as demo
>>> from windoweval.survey import delivery
>>> from windoweval.survey.instrument import load_instrument
>>> ins = load_instrument("power_hall")
>>> df = demo.generate_delivery(ins, 2025, ["PW01"], n_per_window=20, seed=1, careless_share=0)
>>> with demo.delivery_file(df) as p:
...     probs = delivery.check_delivery(p, ins, year=2025)
>>> int((probs["severity"] == "error").sum())
0
"""
from __future__ import annotations

from ..errors import InputError
import codecs
import csv
import difflib
import io
import itertools
import math
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..cells import INVISIBLE, personal_fields
from ..privacy import looks_like_a_record
from ..records.ids import SCIENTIFIC_ID_RE, decimal_id_text, decimal_ids
from ..records.problems import COLUMNS as PROBLEM_COLUMNS
from ..records.problems import Problems
from .instrument import COLUMN_LABELS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Instrument, load_instrument
from .screening import SCREEN_LABELS, screen_responses

__all__ = [
    "PROBLEM_COLUMNS",
    "Delivery",
    "CheckedDelivery",
    "DeliveryError",
    "read_delivery",
    "parse_delivery",
    "check_delivery",
    "format_problems",
    "summarise_problems",
]


#: Chinese headers (and common variants) accepted for the fixed columns.
ALIASES = {
    "respondent_id": ["受访者编号", "样本编号", "问卷编号", "respondent", "id"],
    "window_id": ["窗口编号", "营业厅编号", "窗口", "营业厅", "营业网点", "网点", "窗口名称", "营业厅名称"],
    # 访问时间 is when the interview took place (its length is 访问时长)
    "interview_date": ["访问日期", "调查日期", "日期", "date", "访问时间", "调查时间", "受访日期", "访谈日期"],
    # the numbered forms firms write (PSU编号, 初级抽样单元编号, 抽样层编号: survey47); an ASCII part in any case
    "stratum": ["抽样层", "层", "分层", "strata", "抽样层编号", "层编号", "分层编号"],
    "psu": ["初级抽样单元", "抽样单元", "群", "psu编号", "初级抽样单元编号", "抽样单元编号", "群编号"],
    "weight": ["权重", "weights", "抽样权重", "样本权重", "最终权重", "权数", "加权系数", "权重系数", "wt", "wgt",
               "final_weight", "sampling_weight"],
    "overall": ["总体满意度"],
    "customer_type": ["客户类型", "患者类型"],
    "duration_s": ["访问时长", "访问时长(秒)", "时长", "时长(秒)", "duration", "所用时间", "答题时长", "作答时长", "答题用时"],
    # not 备注 (remarks): a firm's own notes, often a phone number for a callback; an extra column, never imported
    "comment": ["意见建议", "意见", "建议", "comments"],
}

DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S",
)

#: More ways a date and time are written (seconds with a fraction, ISO's T, dots), tried after records' rewriting of
#: Chinese and full-width date-times (:func:`windoweval.records.validate._datetime_text`); the date is what is kept.
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y-%m-%d %H", "%Y%m%d %H:%M:%S", "%Y%m%d %H%M%S",
    "%Y%m%d%H%M%S", "%Y%m%d%H%M",   # a system's time stamp as one number (20250305090500)
    # the month as a word (05-OCT-2025, Oct 5, 2025) is written out as numbers first (:func:`_month_words`), never
    # through strptime's %b, whose month names follow the machine's LC_TIME
)

#: English month words as SPSS (DATE11 05-OCT-2025, DATETIME20) and English Excel (5-Oct-2025, Oct 5, 2025) write
#: them, any case, abbreviated, whole or Sept: their month's number, whatever the machine's locale.
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12}
_MONTH_WORD = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
               r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
#: The month as a word and the year in four digits: no order of day and month to guess.  Day first (05-OCT-2025,
#: 5 Oct 2025) or month first (Oct 5, 2025); a time may follow.
_DAY_MONTH_WORD = re.compile(r"^(\d{1,2})(?:[-\s]+)" + _MONTH_WORD + r"(?:[-\s]+)(\d{4})(\s.*)?$", re.I)
_MONTH_WORD_DAY = re.compile(r"^" + _MONTH_WORD + r"\s+(\d{1,2}),?\s+(\d{4})(\s.*)?$", re.I)

_MISSING_WORDS = {"不清楚", "不知道", "拒答", "拒绝回答", "不适用", "无法回答", "说不清", "don't know",
                  "dont know", "refused", "not applicable", "n/a", "na", "dk",
                  # as interviewers write them down: hard to say, not sure, would rather not answer, no answer given
                  # (not 没意见 / 无所谓: "no complaint" may be an answer; not 不确定 / 不了解, an agreement or
                  # knowledge scale's own option in some questionnaires: refused naming the options)
                  "不好说", "说不好", "难说", "不好评价", "无法评价", "不愿回答", "不愿意回答",
                  "不便回答", "未回答", "未作答", "not sure", "unsure", "no answer", "prefer not to say",
                  # a question the interview skipped (a skip pattern: not asked, so no answer; survey47's .sav with
                  # 97 = 跳过 beside 9 = 不知道)
                  "跳过", "跳问", "跳题", "未问", "skipped", "not asked",
                  # a service the respondent never used (问卷星 / 腾讯问卷 exports of a "不适用" option worded for the
                  # question; survey49): not applicable, never a score and never dissatisfied
                  "未接触该服务", "未接触此服务", "未接触过该服务", "未接触", "未接触过", "没接触过", "没有接触过",
                  "未使用该服务", "未使用过该服务", "未使用", "未使用过", "没用过", "没有用过", "没使用过",
                  "未办理", "未办理过", "未办理该业务", "没办理过", "未体验", "未体验过", "没体验过", "不涉及",
                  "not used", "never used", "did not use", "no experience"}


def _is_missing_label(text: str, extra=()) -> bool:
    """A label that means "no answer": a don't-know / refused / not-applicable word, or several joined.

    Survey firms label their missing codes "不清楚", "拒答" or all at once ("不适用/不清楚/拒答");
    each part split at ``/ ／ 、 , ， ; ；`` must be such a word (or one of ``extra``).

    Examples
    --------
    >>> _is_missing_label("不适用/不清楚/拒答"), _is_missing_label("拒答"), _is_missing_label("Don't know / refused")
    (True, True, True)
    >>> _is_missing_label("N/A"), _is_missing_label("9", extra=["9"])
    (True, True)
    >>> _is_missing_label("满意"), _is_missing_label("不清楚/满意"), _is_missing_label("")
    (False, False, False)
    """
    key = unicodedata.normalize("NFKC", str(text)).strip().lower()
    parts = [x.strip() for x in re.split(r"[/／、,，;；|]", key)]
    words = _MISSING_WORDS | {str(e).strip().lower() for e in extra}
    if key in words:
        return True
    return bool(key) and all(x in words for x in parts if x) and any(parts)


class DeliveryError(InputError):
    """A delivery that cannot be read at all. 无法读取的交付文件。

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "delivery.pdf"
    >>> _ = p.write_bytes(b"%PDF-1.4")
    >>> try:
    ...     read_delivery(p)
    ... except DeliveryError as e:
    ...     print(e.exit_code)
    3
    """


@dataclass
class Delivery:
    """A delivery as read: every value still the text the surveyor wrote.

    Attributes
    ----------
    path : Path or None
    format : str
        ``csv``, ``xlsx`` or ``sav``.
    encoding : str or None
        ``utf-8``, ``utf-8-sig``, ``gb18030`` or ``utf-16`` for a CSV.
    header : list of str
        The header cells as written.
    columns : dict
        Canonical column name -> header cell it was read from.
    frame : pandas.DataFrame
        One row per data row that has the header's number of fields; canonical
        column names, all values ``str`` ("" when blank), plus ``row`` (the spreadsheet
        row, or the SPSS case number) and ``line`` (the line of the file the row starts on;
        it differs from ``row`` when a quoted value spans lines).
    raw_records : dict
        Row number -> the record's fields, for rows refused before parsing.
    problems : list of dict
        Structural problems (encoding, header, ragged rows, truncation).
    value_labels, user_missing : dict
        SPSS value labels and user-missing values per canonical column.
    sheets : dict
        For a workbook: sheet name -> ``"read"`` or the reason it was ignored.
    date1904 : bool
        The workbook counts serial days from 1904 (Excel for Mac's date system): an interview date written as a
        day number (cells formatted General) is counted from 1904-01-01, not 1899-12-30.
    merged_down : list of str
        For a workbook: the ranges merged down over respondents (``B2:B4 window_id``: a window written once beside
        the respondents it stands for), their value read into every row they span, as the sheet shows it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_text("受访者编号,窗口编号\\nR1,PW01\\n", encoding="utf-8")
    >>> dl = read_delivery(p)
    >>> dl.format, dl.header, dl.columns, dl.frame.to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    ('csv', ['受访者编号', '窗口编号'], {'respondent_id': '受访者编号', 'window_id': '窗口编号'}, [{'row': 2, 'line': 2,
    'respondent_id': 'R1', 'window_id': 'PW01'}])
    """

    path: Path | None
    format: str
    encoding: str | None
    header: list
    columns: dict
    frame: pd.DataFrame
    raw_records: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    value_labels: dict = field(default_factory=dict)
    user_missing: dict = field(default_factory=dict)
    sheets: dict = field(default_factory=dict)
    date1904: bool = False   # a workbook counting its serial days from 1904 (Excel for Mac's date system)
    month_sheets: list = field(default_factory=list)   # a workbook's sheets read as one delivery (a sheet a month)
    merged_down: list = field(default_factory=list)   # ranges merged down over respondents, read into every row
    #: the coded columns a codes sheet declares coded reversed (:func:`_mirrored_sets`), and that sheet: their bare
    #: codes are recoded as read; a code written otherwise (1分, 1(非常满意)) is read mirrored by the checks
    mirrored: list = field(default_factory=list)
    mirror_sheet: str = ""
    #: a workbook's logical cells (TRUE/FALSE: a checkbox, a formula's comparison), column -> the row keys holding
    #: one: in an answer column each is refused by :func:`parse_delivery` (``logical_answer``), never read as 1 or 0
    logical: dict = field(default_factory=dict)


#: The problem table's columns while a check builds it (the file is added at the end).
_WORK_COLUMNS = [c for c in PROBLEM_COLUMNS if c != "file"]


#: The fix of respondent ids saved in Excel's scientific notation (4.40101E+17).
SCIENTIFIC_ID_FIX = ("请在原系统中重新导出，或在 Excel 中先把编号列设为“文本”格式再填入编号（或交付 XLSX），使每个编号完整保留后"
                     "重新交付；不要打开已保存的 CSV 再另存",
                     "export again from the source system, or set the id column's format to Text in Excel before "
                     "entering the ids (or deliver the XLSX), so that every id is kept whole, then deliver again; do "
                     "not open a saved CSV and save it again")

#: A weight above this is refused (a slipped decimal point); one above EXTREME_WEIGHT x the median is warned about.
MAX_WEIGHT = 1e10
EXTREME_WEIGHT = 20


def _problem(row, column, value, severity, code, zh, en, line=None, fix_zh="", fix_en="") -> dict:
    return {
        "row": row,
        "line": line,
        "record_id": "",
        "column": column,
        "value": "" if value is None else str(value),
        "severity": severity,
        "code": code,
        "problem_zh": zh,
        "problem_en": en,
        "fix_zh": fix_zh,
        "fix_en": fix_en,
    }


def _file_label(dl: "Delivery") -> str:
    """The delivery's file as the surveyor named it (its name), for the problem table's ``file``."""
    from ..paths import readable   # a name that is not UTF-8 (a GBK name from a Windows archive): text, never a crash

    return readable(dl.path.name) if dl.path is not None else ""


def _norm_header(h) -> str:
    s = unicodedata.normalize("NFKC", "" if h is None else str(h)).strip().strip("\ufeff").strip()
    return s.lower() if s.isascii() else s


def _canonical(names: list[str], instrument: Instrument | None) -> list[str]:
    alias = {}
    for canon, al in ALIASES.items():
        for a in al:
            alias[_norm_header(a)] = canon
    for canon, names_ in COLUMN_LABELS.items():   # the template's own names of its columns (its header comments)
        for a in names_:
            alias.setdefault(_norm_header(a), canon)
    if instrument is not None:
        alias[_norm_header(instrument.overall.zh)] = instrument.overall_id
        for c in instrument.coded_columns:   # a question's own text as its header (营业厅环境整洁、舒适)
            alias.setdefault(_norm_header(instrument.question(c).zh), c)
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    coded = {}
    if instrument is not None:
        known |= set(instrument.coded_columns)
        coded = {c.lower(): c for c in instrument.coded_columns}
    out = []
    for n in names:
        k = _norm_header(n)
        if k not in known and k not in alias:
            # the id, then its question ("env1 营业厅环境整洁、舒适", "env1_环境", "env1：环境"), as firms label columns
            m = _ID_THEN_TEXT.match(k)
            if m and m.group(1).lower() in coded:
                k = coded[m.group(1).lower()]
            else:   # the question's number, then its text ("1、营业厅环境整洁、舒适"), as survey platforms export it
                k = _numbered_question(k, instrument) or k
        if k not in known and k not in alias and k.lower() in alias:
            k = k.lower()   # PSU编号, Psu编号: the ASCII part in any case, as a header wholly ASCII is read
        if k not in known and k not in alias and _percent_header(k):
            k = "weight"   # 权重(%), 加权系数（%）: the weight column, its values in percent (_percent_weights)
        out.append(k if k in known else alias.get(k, k))
    return out


#: A weight column's header with its unit, percent: 权重(%), 权重（%）, 权重 %, 权重/%, 加权系数(%), weight (%).
_PERCENT_UNIT = re.compile(r"^(.+?)\s*(?:[(\[]\s*%\s*[)\]]|[/_]?\s*%)$")


def _percent_header(header: str) -> bool:
    """Whether ``header`` (normalized, :func:`_norm_header`) is a weight column's name with the unit %.

    Examples
    --------
    >>> [_percent_header(_norm_header(h)) for h in ("权重(%)", "权重（%）", "加权系数 %", "Weight (%)", "权重", "满意率(%)")]
    [True, True, True, True, False, False]
    """
    m = _PERCENT_UNIT.match(header)
    if m is None:
        return False
    name = _norm_header(m.group(1))
    return name == "weight" or name in {_norm_header(a) for a in ALIASES["weight"]}


#: What may stand before a question's text in a header, the text's number or a matrix question's stem: a number
#: (1, Q1, 8.1, 第1题) or anything ending in a separator (1、 Q1. 8、请您对以下方面打分— 8( ).
_QUESTION_PREFIX = re.compile(r"^(?:.*[\s、,.:;_\-—–~/|()\[\]【】》>]|[A-Za-z]{0,2}\d+(?:[._-]?\d+)*|第\s*\d+\s*[题題问])$")


def _numbered_question(header: str, instrument: Instrument | None) -> str | None:
    """The item whose whole text (in Chinese, four characters or more) a header ends with after the question's
    number or a matrix question's stem, as 问卷星-style platforms export them: ``1、营业厅环境整洁、舒适``,
    ``Q1.营业厅…``, ``第1题 营业厅…``, ``8、请您对以下方面打分—营业厅…``, ``8(营业厅…)``; else None (words before the
    text that are no number and end in no separator, such as 不同意营业厅…, are not a prefix).

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> [_numbered_question(_norm_header(h), ins) for h in ("1、营业厅环境整洁、舒适", "Q18.总体而言，您对本营业厅的服务满意吗？",
    ...  "第2题 业务受理标识、营业时间牌等标识醒目清楚", "8(排队等候时间)", "很好营业厅环境整洁、舒适", "营业厅环境整洁、舒适")]
    ['env1', 'overall', 'env2', 'eff1', None, None]
    """
    if instrument is None:
        return None
    for c in instrument.coded_columns:
        t = _norm_header(instrument.question(c).zh)
        if len(t) < 4:
            continue
        if header.endswith(t):
            prefix = header[: -len(t)].rstrip()
        elif header.endswith(t + ")") and header[: -len(t) - 1].endswith("("):
            prefix = header[: -len(t) - 1]
        else:
            continue
        if prefix and _QUESTION_PREFIX.match(prefix):
            return c
    return None


#: A header that starts with an item id and a separator, then words: the id is the column.
#: A question's id, then its text or a bracketed suffix: "env1 营业厅环境整洁、舒适", "env1_环境", "env1：环境", and a wide
#: file's "env1(PW01)", "env1[PW01]" (full-width brackets are NFKC-folded before; session 40: read as env1, so that a
#: question spread over a column per window is named as one, not suggested renamed to another question).
_ID_THEN_TEXT = re.compile(r"^([A-Za-z][A-Za-z0-9_]*?)(?:[\s._:：、\-]+|[(\[]|(?=[^\x00-\x7f]))\S.*$")


def _cell_str(v) -> str:
    """A cell of an XLSX or SAV as the text a CSV would carry: a logical cell (a checkbox, ``=B2>3``) as Excel shows
    and saves it, ``TRUE`` or ``FALSE``, never the number 1 or 0 (small46: TRUE in a 1-5 question was read as 1,
    "very dissatisfied"; an answer cell so written is refused by :func:`parse_delivery`, ``logical_answer``)."""
    if v is None:
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        if math.isnan(v):
            return ""
        if math.isinf(v):
            return str(v)
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _decode(data: bytes, name: str = "") -> tuple[str, str, list]:
    from ..records.io import han_bytes, mixed_encoding
    fix = ("请在 Excel 中把整个文件另存为「CSV UTF-8」后重新交付(每一行同一种编码)",
           "save the whole file as 'CSV UTF-8' in Excel (every row in one encoding) and deliver it again")
    probs = []
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", probs
        except UnicodeDecodeError as e:
            from ..records.io import BOM_OVER_GBK, _line_of, bom_over_gb18030
            line = _line_of(data[3:], e.start)   # the row a spreadsheet shows (a value's line break aside)
            gbk = bom_over_gb18030(data[3:])
            if gbk is not None:   # a firm's tool wrote the mark, then GBK text: the mark is wrong, and its fix another
                raise DeliveryError(
                    BOM_OVER_GBK[0].format(row=gbk) + "请在 Excel 中把文件另存为“CSV UTF-8”,或删去文件开头的 BOM"
                    "(如用记事本另存为 ANSI),然后重新交付 / " + BOM_OVER_GBK[1].format(row=gbk) + "save it as 'CSV UTF-8' "
                    "in Excel, or remove the BOM (as Notepad's Save As with ANSI does), and deliver it again"
                ) from e
            raise DeliveryError(
                f"文件以 UTF-8 BOM 开头，但第 {line} 行起的内容不是 UTF-8（第 {e.start} 字节：{data[3 + e.start:3 + e.start + 4].hex(' ')}；"
                f"文件混用了编码）；{fix[0]} / the file starts with a UTF-8 byte-order mark but is not UTF-8 from line "
                f"{line} on (byte {e.start}: {data[3 + e.start:3 + e.start + 4].hex(' ')}; it mixes encodings); {fix[1]}"
            ) from e
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16"), "utf-16", probs
    from ..records.io import utf16_without_bom

    enc = utf16_without_bom(data[:4096])
    if enc is not None:
        # UTF-16 without a byte-order mark (SQL Server's bcp -w, some survey platforms' "Unicode" export), told as
        # records' CSVs are (records.io.utf16_without_bom)
        try:
            return data.decode(enc), enc, probs
        except UnicodeDecodeError as e:
            raise DeliveryError(
                f"文件像是没有 BOM 的 UTF-16 编码(每个英文字符旁有一个 0 字节),但第 {e.start} 字节起无法按 {enc.upper()} 读取:"
                "请在 Excel 中另存为“CSV UTF-8”后重新交付 / the file looks like UTF-16 without a byte-order mark (a zero "
                f"byte beside each ASCII character) but cannot be read as {enc.upper()} from byte {e.start} on: save it "
                "as 'CSV UTF-8' in Excel and deliver it again") from None
    try:
        return data.decode("utf-8"), "utf-8", probs
    except UnicodeDecodeError as e:
        # UTF-8 rows, then GBK ones (two deliveries joined, or text pasted from another system): read as GB18030
        # the UTF-8 rows came out garbled (瀹㈡埛, Caf茅) without a word; refused as records' CSVs are
        err = mixed_encoding(data, name, e, fix)
        if err is not None:
            raise DeliveryError(str(err)) from None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise DeliveryError(
            "无法识别文件编码：请另存为 UTF-8 或 GB18030（Excel「CSV UTF-8」或「CSV（逗号分隔）」）/ "
            "cannot decode the file: save it as UTF-8 or GB18030 (Excel 'CSV UTF-8' or 'CSV (comma delimited)')"
        ) from e
    err = mixed_encoding(data, name, None, fix)   # GBK rows, then UTF-8 ones
    if err is not None:
        raise DeliveryError(str(err))
    han = han_bytes(data)     # the byte rule of HTML pages (records.io._page_encoding): one rule for both
    if han == "big5":
        raise DeliveryError(
            "文件不是 GB18030/GBK 编码：其中的中文字节是 Big5（繁体中文）编码，按 GB18030 读会成为乱码。"
            "请在 Excel 中另存为「CSV UTF-8」后重新交付 / "
            "the file is not GB18030/GBK: its Chinese bytes are Big5 (Traditional Chinese), which read as GB18030 "
            "would be mojibake. Save it as 'CSV UTF-8' in Excel and deliver it again"
        )
    gb_share = 1.0 if han == "gbk" else _common_share(text, "gb2312", 0xB0, 0xD7)
    if gb_share < 0.6:
        # too few double-byte characters for the byte rule, or neither GB's nor Big5's (another encoding)
        raise DeliveryError(
            f"文件编码无法确认：按 GB18030 读出的汉字只有 {gb_share:.0%} 是常用字（应接近 100%），文件可能是其他编码。"
            "请另存为「CSV UTF-8」 / "
            f"the file's encoding is doubtful: read as GB18030 only {gb_share:.0%} of its Chinese characters are "
            "common ones (expected near 100%); it may be in another encoding. Save it as 'CSV UTF-8'"
        )
    return text, "gb18030", probs


def _common_share(text: str, codec: str, lo: int, hi: int) -> float:
    """Share of the non-ASCII characters that are common characters of ``codec``.

    Common: a first byte between ``lo`` and ``hi`` (GB2312 level 1 hanzi, Big5 frequent hanzi)
    or a full-width punctuation mark. Simplified Chinese text read as GB18030 scores near 1;
    Big5 bytes read as GB18030 score low.

    Examples
    --------
    >>> _common_share("受访者编号，满意", "gb2312", 0xB0, 0xD7)
    1.0
    >>> big5 = "受訪者編號，窗口編號，訪問日期，總體滿意度".encode("big5")
    >>> _common_share(big5.decode("gb18030"), "gb2312", 0xB0, 0xD7) < 0.6, _common_share(big5.decode("big5"), "big5", 0xA4, 0xC6)
    (True, 1.0)
    """
    chars = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if len(chars) < 4:
        return 1.0
    counts: dict[str, int] = {}
    for c in chars:
        counts[c] = counts.get(c, 0) + 1
    good = 0
    for c, k in counts.items():
        if "\uff00" <= c <= "\uffef" or "\u3000" <= c <= "\u303f" or c in "\u2018\u2019\u201c\u201d\u2026\u00b7":
            good += k
            continue
        try:
            b = c.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) == 2 and lo <= b[0] <= hi:
            good += k
    return good / len(chars)


def _csv_records(text: str, delim: str) -> tuple[list, list]:
    """Records and the file line each starts on; a field over the csv module's limit is refused."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    records, lines = [], []
    prev = 0
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            start = prev + 1
            if "field larger than field limit" in str(e):
                from ..records.io import long_csv_field

                long = long_csv_field(text, delim)   # the row, the column and its header, the fix: as for records
                if long is not None:
                    raise DeliveryError(f"{long[1][0]} / {long[1][1]}") from e
                limit = csv.field_size_limit()
                raise DeliveryError(
                    f"文件第 {start} 行起的记录中有一个值超过 {limit} 个字符，超出 CSV 读取上限，文件未读取"
                    "（常见原因：某个引号没有闭合，后面的内容都被当成了一个值；或把长文本粘进了一个单元格）。请修正后重新交付 / "
                    f"a value in the record starting on file line {start} is longer than {limit} characters, the CSV "
                    "reader's limit; the file was not read (often a quote that is never closed, so everything after it "
                    "became one value, or a long text pasted into one cell). Fix it and deliver again"
                ) from e
            raise DeliveryError(
                f"CSV 格式错误（文件第 {start} 行附近）：{e} / malformed CSV near file line {start}: {e}"
            ) from e
        records.append(rec)
        lines.append(prev + 1)
        prev = reader.line_num
    return records, lines


def _read_csv(data: bytes, path: Path | None, instrument: Instrument | None, decoded: tuple | None = None,
              file_lines: bool = True, fmt: str = "csv") -> Delivery:
    """A delimited text delivery (``decoded``: its text, encoding and problems so far, for a table read from another
    format as the CSV of it; ``file_lines`` False: its lines are not a file's, and are not shown; ``fmt``: the format
    recorded, ``html`` for a web page's table)."""
    text, encoding, probs = decoded or _decode(data, path.name if path is not None else "")
    # the delimiter judged as records exports' is (the body's lines and the header's, quoted text left out): a title
    # line above the header, or a comma inside a quoted first header, does not decide it
    from ..records.io import sniff_delimiter

    delim = sniff_delimiter(text[:1 << 16], path.suffix.lower() if path is not None else ".csv")
    records, starts = _csv_records(text, delim)
    from ..records.io import MAX_COLUMNS

    wide = next(((k, len(rec)) for k, rec in enumerate(records, start=1) if len(rec) > MAX_COLUMNS), None)
    if wide:   # a million empty cells a row took the row checks past five minutes
        raise DeliveryError(
            f"第 {wide[0]} 行（文件第 {starts[wide[0] - 1]} 行）有 {wide[1]:,} 个单元格，超过表格软件的上限 {MAX_COLUMNS:,} 列："
            f"文件已损坏或分隔符不对，请重新导出 / row {wide[0]} (file line {starts[wide[0] - 1]}) has {wide[1]:,} cells, "
            f"more than a spreadsheet's {MAX_COLUMNS:,} columns: the file is damaged or uses another delimiter; export "
            "it again")
    top = [(k, rec) for k, rec in enumerate(records[:HEADER_SEARCH_ROWS], start=1) if any(f.strip() for f in rec)]
    found = _find_header(top, instrument)   # title rows above the header, or a header split over two rows
    head_at = found[0] if found else 1
    if not found and (not records or not any(f.strip() for f in records[0])):
        raise DeliveryError("文件为空或缺少表头行 / the file is empty or has no header row")
    header = found[1] if found else records[0]
    if found:
        probs.extend(_title_warning(top, head_at, found[2]))
    if found and found[2]:
        probs.append(_two_row_warning(head_at))
    # the fields a row may have past the header's names, all blank, taken off as blank cells: the header's own
    # trailing delimiters (a spreadsheet's used range wider than its columns writes them on every line), or a
    # trailing delimiter on every data row alike (an export's style); one row longer than the rest with its last
    # field blank is a value split by an unquoted comma (a weight 1,25) whose shifted row it would read in silence
    allowed = len(header)
    body = [len(r) for r in records[head_at:] if r and any(f.strip() for f in r)]
    if body and len(set(body)) == 1:
        allowed = max(allowed, body[0])
        split = _decimal_comma_split(header, records[head_at:], body[0], delim, instrument)
        if split is not None:   # every row's weight 1,5 split in two: never read shifted; each row refused as ragged
            allowed = len(header)
            probs.append(split)
        elif body[0] > len(header) and all(not any(f.strip() for f in r[len(header):])
                                           for r in records[head_at:] if r and any(f.strip() for f in r)):
            probs.append(_trailing_note(body[0] - len(header), delim))
    while header and header[-1].strip() == "":  # trailing empty header cells
        header = header[:-1]
    width = len(header)
    ends_with_newline = text.endswith(("\n", "\r"))
    eof_in_quote = False  # a quoted value still open at the end: the file was cut inside it
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True):
            pass
    except csv.Error as e:
        eof_in_quote = "unexpected end of data" in str(e)
    n_lines = text.count("\n") + (0 if ends_with_newline else 1)
    rows, numbers, line_of, raw = [], [], [], {}
    last = len(records) - 1
    for i, rec in enumerate(records[head_at:], start=head_at + 1):
        line = starts[i - 1]
        if not rec or not any(f.strip() for f in rec):
            continue  # a blank line, as Excel leaves them
        if i - 1 == last and eof_in_quote:
            raw[i] = shown = personal_fields(rec, header)   # kept raw: no name from a column of names (shown, stored)
            spans = n_lines - line + 1
            if spans > 2:
                probs.append(_problem(
                    None, "", f"file lines {line}-{n_lines}", "error", "unclosed_quote",
                    f"文件第 {line} 行（第 {i} 行记录）中的引号没有闭合：其后 {spans - 1} 行都被读成了一个值，这些受访者无法读取。"
                    "请闭合引号（值中的引号写成两个 \"\"）后重新交付",
                    f"a quote opened on file line {line} (record row {i}) is never closed: the {spans - 1} lines after it "
                    "were read as one value and their respondents cannot be read. Close the quote (write a quote inside "
                    "a value as \"\") and deliver again",
                    line=line,
                ))
            else:
                probs.append(_problem(
                    i, "", delim.join(shown), "error", "truncated",
                    "文件在引号内的值中间结束：末行被截断（或引号未闭合）",
                    "the file ends inside a quoted value: the last row is truncated (or a quote was never closed)",
                    line=line,
                ))
            continue
        if i - 1 == last and not ends_with_newline:
            if len(rec) < width:
                raw[i] = shown = personal_fields(rec, header)
                probs.append(_problem(
                    i, "", delim.join(shown), "error", "truncated",
                    f"文件末行被截断：只有 {len(rec)} 个字段，表头有 {width} 个（文件可能未完整复制）",
                    f"the last line is truncated: {len(rec)} fields where the header has {width} "
                    "(the file may not have been copied completely)",
                    line=line,
                ))
                continue
            probs.append(_problem(
                i, "", "", "warning", "no_final_newline",
                "文件末行没有换行符：请确认文件完整",
                "the last line has no line break: check that the file is complete",
                line=line,
            ))
        if width < len(rec) <= allowed and not any(f.strip() for f in rec[width:]):
            rec = rec[:width]
        if len(rec) == 1 < width and _separator_text(rec[0]):   # 第二批 on a line of its own: a separator row
            rec = rec + [""] * (width - 1)
        if len(rec) != width:
            # a row that cannot be split into the header's columns is shown and stored with its fields that may stand
            # under a column of names masked (:func:`windoweval.cells.personal_fields`)
            raw[i] = shown = personal_fields(rec, header)
            many = len(rec) > width
            probs.append(_problem(
                i, "", delim.join(shown), "error", "ragged_row",
                f"该行有 {len(rec)} 个字段，表头有 {width} 个（{'多' if many else '少'}了 {abs(len(rec) - width)} 个；"
                "常见原因：值中含逗号却未加引号，或漏填分隔符）",
                f"the row has {len(rec)} fields where the header has {width} "
                f"({'too many' if many else 'too few'} by {abs(len(rec) - width)}; "
                "often a value with a comma not in quotes, or a missing separator)",
                line=line,
            ))
            continue
        rows.append(rec)
        numbers.append(i)
        line_of.append(line)
    return _finish(path, fmt, encoding, header, rows, numbers, raw, probs, instrument,
                   lines=line_of if file_lines else None)


def _decimal_comma_split(header: list, rows: list, width: int, delim: str, instrument: Instrument | None
                         ) -> dict | None:
    """A comma CSV whose every data row is longer than its header line alike, with blank fields at the end, is read as
    a trailing delimiter on every row (an export's style) -- unless the weight could be a decimal comma left unquoted
    (``1,5``) on every row: then the weight's field and the next are both digits on every row, and reading the extra
    field as a trailing delimiter would read weight 1 and every later column shifted by one (the blank comment's field
    taken for the trailing delimiter).  Which reading is right no check can prove (a whole weight 12 before an item's
    answer 4 reads both ways), so the file is refused, its rows as ragged, with this problem naming both readings and
    the fix: quote the weight or deliver with ``;`` (a semicolon file reads a decimal comma).  None where the weight's
    field holds anything but digits on some row (5486.446: no comma split it), or the header line is as long as the
    rows (a spreadsheet's used range), or the file is not comma-separated.

    Examples
    --------
    >>> h = ["respondent_id", "weight", "env1", "comment"]
    >>> _decimal_comma_split(h, [["R1", "1", "5", "4", "", ""], ["R2", "2", "25", "3", "", ""]], 6, ",", None)["code"]
    'decimal_comma_split'
    >>> _decimal_comma_split(h, [["R1", "1.5", "4", "", ""]], 5, ",", None) is None
    True
    """
    if delim != "," or width <= len(header):
        return None
    names = [_norm_header(h) for h in header]
    canon = _canonical([h for h in names if h], instrument) if any(names) else []
    if "weight" not in canon:
        return None
    w = canon.index("weight")
    lines = [r for r in rows if r and any(f.strip() for f in r)]
    if not lines or any(len(r) <= w + 1 or r[-1].strip() for r in lines):
        return None
    digits = re.compile(r"[+-]?\d+")
    if not all(digits.fullmatch(r[w].strip()) and r[w + 1].strip().isdigit() for r in lines):
        return None
    if not _split_shown(canon, w, lines, instrument):
        return None    # nothing says the weight was split: a trailing delimiter (the caller says so once)
    ex = lines[0]
    shown, shifted = f"{ex[w].strip()},{ex[w + 1].strip()}", header[w + 1] if w + 1 < len(header) else ""
    return _problem(
        None, header[w], shown, "error", "decimal_comma_split",
        f"每一行都比表头多一个字段，且权重一列与其后一列都是数字（如 {shown}）：这可能是未加引号的小数逗号（权重 {shown}），"
        f"也可能是每行末尾多写的分隔符（权重 {ex[w].strip()}，{shifted} 为 {ex[w + 1].strip()}）；两种读法无法区分，"
        "按错的一种读会让其后每一列都错位，故所有行均未读入",
        f"every row has one field more than the header, and the weight's field and the next are digits on every row "
        f"(such as {shown}): either a decimal comma left unquoted (weight {shown}) or a delimiter written at the end of "
        f"every row (weight {ex[w].strip()}, {shifted} {ex[w + 1].strip()}); nothing tells the two apart, and the wrong "
        "one reads every later column shifted, so no row is read",
        fix_zh="小数请用小数点（1.5）或给权重加英文双引号（\"1,5\"），或改用分号“;”作分隔符后重新交付；若末尾的分隔符是多写的，"
               "请删去",
        fix_en="write the decimal with a point (1.5) or quote the weight (\"1,5\"), or deliver with ';' as the "
               "delimiter; if the delimiter at each row's end is one too many, remove it")


def _trailing_note(extra: int, delim: str) -> dict:
    """The note said once for a delivery whose every data row ends with ``extra`` blank fields its header lacks (a
    delimiter written at the end of every row, as Excel and some survey platforms export): read, the blank fields
    taken off."""
    zh_name, en_name = {",": ("逗号“,”", "comma ','"), "\t": ("制表符（Tab）", "tab"), ";": ("分号“;”", "semicolon ';'"),
                        "|": ("竖线“|”", "bar '|'")}.get(delim, (f"“{delim}”", f"'{delim}'"))
    return _problem(
        None, "", "\\t" * extra if delim == "\t" else delim * extra, "warning", "trailing_delimiter",
        f"每个数据行末尾都比表头多 {extra} 个空字段（行末多写了分隔符{zh_name}，常见于 Excel 或问卷平台的导出）："
        "已按行末多余的分隔符读取，空字段不读",
        f"every data row ends with {extra} blank field{'s' if extra > 1 else ''} more than the header (a "
        f"{en_name} written at the end of every row, as Excel and some survey platforms export): read as a "
        "trailing delimiter, the blank fields left out",
        fix_zh="无需处理；如需消除此提示，请导出时去掉行末的分隔符",
        fix_en="nothing to do; to leave this note out, export without the delimiter at each row's end")


def _split_shown(canon: list, w: int, lines: list, instrument: Instrument | None) -> bool:
    """Whether the rows show a weight split by an unquoted decimal comma rather than a delimiter written at the end
    of every row (both leave every row one field longer than the header, its last field blank).  Read as a trailing
    delimiter, the column after the weight takes the field after the weight's, and the header's last column the
    row's last field but one; read as a split weight, the weight's fraction is that field and the header's last
    column is blank on every row.  A split is shown where the trailing reading puts a value off its question's codes
    into the item after the weight (a fraction 0 or 7 as a 1-5 answer), a number no customer type is into the
    customer type after the weight (the template's order: weight, customer_type, the items), or a number on every row
    into the comment (the last item's answers shifted into it).  Nothing shown: the trailing delimiter is the reading.

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> c = ["respondent_id", "weight", "env1", "comment"]
    >>> _split_shown(c, 1, [["R1", "12", "4", "3", "", ""], ["R2", "15", "9", "", "", ""]], ins)
    False
    >>> _split_shown(c, 1, [["R1", "1", "7", "4", "", ""], ["R2", "2", "5", "3", "", ""]], ins)
    True
    >>> _split_shown(["respondent_id", "weight", "customer_type", "env1", "duration_s"], 1,
    ...              [["R1", "1", "5", "", "4", "", ""], ["R2", "2", "5", "", "3", "", ""]], ins)   # review44
    True
    """
    if instrument is None:
        return True     # no questions to judge by: refused as before, both readings named
    after = canon[w + 1] if w + 1 < len(canon) else ""
    if after in instrument.coded_columns:
        codes = set(_item_codes(instrument, after))
        if not all(int(r[w + 1].strip()) in codes for r in lines):
            return True
    elif after == "customer_type" and instrument.customer_types:
        # a fraction read as a customer type (review44: the template's order hid the split when the optional
        # columns were blank, every answer read one column over)
        types = {w_.lower() for k, (zh, en) in instrument.customer_types.items() for w_ in (str(k), zh, en)}
        if not all(r[w + 1].strip().lower() in types for r in lines):
            return True
    if canon and canon[-1] == "comment":
        if all(re.fullmatch(r"\d+(\.\d+)?", r[-2].strip() if len(r) > 1 else "") for r in lines):
            return True
    return False


def _item_codes(instrument: Instrument, column: str) -> tuple:
    """A question's codes: its scale's, then the missing codes."""
    fn = getattr(instrument, "item_codes", None)
    return fn(column) if fn is not None else instrument.valid_codes


def _read_html(path: Path, instrument: Instrument | None) -> Delivery:
    """An ``.xls`` that is a web page's table (many systems' "export to Excel"), read by the records' reader
    (:func:`windoweval.records.io.html_grids`) and then as the CSV of it is: the same frame and the same refusals.
    A page of several tables is refused (which one is the delivery?), with what to do."""
    import csv as _csv

    from ..records.io import ExportError, html_grids

    try:
        grids, encoding = html_grids(path)     # in its <meta> charset where that is evidence
    except ExportError as e:
        raise DeliveryError(str(e)) from None
    if len(grids) > 1:
        raise DeliveryError(
            f"{path.name}: 这个 .xls 网页文件中有 {len(grids)} 个表格,无法确定哪一个是交付数据;请只导出受访者数据那一张表,"
            f"或在 Excel 中打开并把它另存为 .xlsx 或 CSV(UTF-8)后重新交付 / {path.name}: this .xls web page holds "
            f"{len(grids)} tables and which one is the delivery is unclear; export only the table of respondents, "
            "or open it in Excel, save that table as .xlsx or CSV (UTF-8), and deliver it again")
    buf = io.StringIO()
    _csv.writer(buf, lineterminator="\n").writerows(grids[0].rows)
    return _read_csv(b"", path, instrument, decoded=(buf.getvalue(), encoding, []), file_lines=False, fmt="html")


def _finish(path, fmt, encoding, header, rows, numbers, raw, probs, instrument, value_labels=None,
            user_missing=None, lines=None, sheets=None, canon=None) -> Delivery:
    canon = _canonical(header, instrument) if canon is None else canon
    seen: dict[str, int] = {}

    def rank(c, h):   # the column's own name first, then its aliases in ALIASES' order, then any other header
        names = [_norm_header(a) for a in [c, *ALIASES.get(c, [])]]
        k = _norm_header(h)
        return names.index(k) if k in names else len(names)

    for j, c in enumerate(canon):
        if c == "" and all(j >= len(r) or r[j] is None or str(r[j]).strip() == "" for r in rows):
            continue   # a column with neither header nor value (the data begun in column B, a trailing comma): nothing
        if c == "":
            probs.append(_problem(1, f"#{j + 1}", "", "error", "missing_header",
                                  f"第 {j + 1} 列没有列名", f"column {j + 1} has no header"))
            continue
        if c in seen and _norm_header(header[j]) != _norm_header(header[seen[c]]):
            # two headers for one column (权重 and 最终权重): the better-known one read, the other left unimported
            keep_j, drop_j = (seen[c], j) if rank(c, header[seen[c]]) <= rank(c, header[j]) else (j, seen[c])
            seen[c] = keep_j
            probs.append(_problem(
                1, str(header[drop_j]), header[drop_j], "warning", "synonym_column",
                f"列 '{header[drop_j]}' 与列 '{header[keep_j]}' 都可读作 '{c}';已读取 '{header[keep_j]}',"
                f"'{header[drop_j]}' 不检查、不导入",
                f"columns '{header[drop_j]}' and '{header[keep_j]}' both read as '{c}'; '{header[keep_j]}' is read, "
                f"'{header[drop_j]}' is neither checked nor imported",
                fix_zh=FIXES["synonym_column"][0], fix_en=FIXES["synonym_column"][1]))
        elif c in seen:
            probs.append(_problem(
                1, c, header[j], "error", "duplicate_column",
                f"列 '{c}' 出现两次（第 {seen[c] + 1} 列和第 {j + 1} 列）",
                f"column '{c}' appears twice (columns {seen[c] + 1} and {j + 1})",
            ))
        else:
            seen[c] = j
    keep = sorted(seen.values())
    arr = [[("" if r[j] is None else str(r[j])) for j in keep] for r in rows]
    if instrument is not None:
        _split_item_columns(header, canon, seen, rows, numbers, instrument, probs)
    frame = pd.DataFrame(arr, columns=[canon[j] for j in keep], dtype=object)
    if fmt in ("csv", "html"):   # a cell Excel keeps as text by a formula (="000123": an id's leading zeros): its text
        from ..records.io import FORCED_TEXT
        for c in frame.columns:
            v = frame[c]
            hit = v.str.contains('="', regex=False).fillna(False).to_numpy(dtype=bool).copy()
            if hit.any():
                hit &= v.str.fullmatch(FORCED_TEXT[1:-1]).fillna(False).to_numpy(dtype=bool)
                frame.loc[hit, c] = (v[hit].str.replace(FORCED_TEXT, r"\1", regex=True)
                                     .str.replace('""', '"', regex=False))
    # Excel's text mark, by one rule for every format the reader takes (a workbook's text cell may hold it as well:
    # records take it off an .xlsx too)
    _excel_text_marks(frame, instrument)
    frame.insert(0, "row", np.asarray(numbers, dtype=np.int64))
    frame.insert(1, "line", np.asarray(lines if lines is not None else numbers, dtype=np.int64))
    return Delivery(
        path=path,
        format=fmt,
        encoding=encoding,
        header=[str(h) for h in header],
        columns={canon[j]: str(header[j]) for j in keep},
        frame=frame,
        raw_records=raw,
        problems=probs,
        value_labels=value_labels or {},
        user_missing=user_missing or {},
        sheets=sheets or {},
    )


def _split_item_columns(header, canon, seen, rows, numbers, instrument, probs) -> None:
    """Several columns read as one question (env1_PW01, env1_PW02 ...: a wide file, one column per window) whose
    answers differ: only one is read, so the others' answers would be lost with a header warning, the respondents
    of the other windows imported blank (survey40).  Refused, once for the file, naming the questions, their columns
    and a row, in place of their synonym warnings; copies of one column (the id and the question's text over the same
    answers) stay a warning."""
    dups = {c: [j for j, k in enumerate(canon) if k == c] for c in instrument.coded_columns if c in seen}
    dups = {c: js for c, js in dups.items() if len(js) > 1}
    if not dups:
        return
    # the columns compared, whole: each cell as text, stripped, a missing one (a short row, None) blank
    need = sorted({j for js in dups.values() for j in js})
    columns = list(itertools.zip_longest(*rows))     # the rows turned to columns in C, a short row's cells None
    text = {}
    for j in need:
        col = pd.Series(columns[j] if j < len(columns) else [None] * len(rows), dtype=object)
        text[j] = np.strings.strip(col.where(col.notna(), "").astype(str).to_numpy(dtype=str))
    split = []      # (question, [headers, the one read first], (row, header, value, the read one's value))
    for c, js in dups.items():
        kj = seen[c]
        lost = None
        for j in js:
            if j == kj:
                continue
            differ = (text[j] != "") & (text[j] != text[kj])
            if differ.any():
                i = int(np.argmax(differ))
                lost = (numbers[i], str(header[j]), str(text[j][i]), str(text[kj][i]))
                break
        if lost is not None:
            split.append((c, [str(header[kj])] + [str(header[j]) for j in js if j != kj], lost))
    if not split:
        return
    names = {h for _, hs, _ in split for h in hs[1:]}
    probs[:] = [p for p in probs if not (p.get("code") == "synonym_column" and p.get("column") in names)]
    cols_zh = "；".join(f"{c}：{'、'.join(hs)}" for c, hs, _ in split[:6]) + (" …" if len(split) > 6 else "")
    cols_en = "; ".join(f"{c}: {', '.join(hs)}" for c, hs, _ in split[:6]) + (" ..." if len(split) > 6 else "")
    c0, hs0, (n0, h0, v0, kv0) = split[0]
    k0, r0 = divmod(int(n0), SHEET_KEY)       # a workbook of a sheet a month keys its rows apart by sheet
    at_zh = f"第 {r0} 行" if not k0 else f"第 {k0 + 1} 个工作表第 {r0} 行"
    at_en = f"row {r0}" if not k0 else f"row {r0} of sheet {k0 + 1}"
    kept_zh, kept_en = ("空白", "a blank") if kv0 == "" else (f"「{kv0}」", f"'{kv0}'")
    probs.append(_problem(
        None, h0, v0, "error", "item_split_columns",
        f"{len(split)} 道题的答案分在几列中（{cols_zh}），这几列读作同一题、答案却不同（如{at_zh}：列 '{h0}' 是「{v0}」，"
        f"列 '{hs0[0]}' 是{kept_zh}）：每题只能读取一列，其余列的答案会丢失。常见于每个窗口（或每个分组）一列的宽格式",
        f"the answers of {len(split)} questions are spread over several columns ({cols_en}) that read as one question "
        f"but hold different answers ({at_en}: '{v0}' in column '{h0}', {kept_en} in column '{hs0[0]}'): one column "
        "a question can be read, and the others' answers would be lost. A wide file, one column per window (or "
        "group), does this",
        fix_zh=f"请每题只用一列（列名为题号，如 {c0}），每位受访者一行，窗口写在 window_id 列；若几列是同一题的重复，删去多余的列，"
               "然后重新交付",
        fix_en=f"deliver one column a question (headed by its id, such as {c0}), one row a respondent, the window in "
               "window_id; where the columns repeat one question, delete the extra ones, then deliver again"))


#: A delivery's id columns and number columns besides the instrument's coded answers: where Excel's text mark
#: comes off (:func:`_excel_text_marks`).
_ID_COLUMNS = ("respondent_id", "window_id", "stratum", "psu")
_NUMBER_COLUMNS = ("weight", "duration_s")


def _excel_text_marks(frame: pd.DataFrame, instrument: Instrument | None) -> None:
    """Excel's text mark (a leading apostrophe: 'PW01, '000001, '5) taken off the id and number cells of a
    delivery in place, whatever its format (a CSV, an HTML table, a workbook's text cells: one rule), by the records'
    rule (:func:`windoweval.records.validate._excel_text_mark`: the id and number patterns records use, never a
    quoted value such as 'PW01'), and never off free text (the comment, the customer type's label) or a date.

    Examples
    --------
    >>> f = pd.DataFrame({"window_id": ["'PW01", "'PW02'"], "weight": ["'1.5", "2"], "comment": ["'好", "x"]})
    >>> _excel_text_marks(f, None)
    >>> f.values.tolist()
    [['PW01', '1.5', "'好"], ["'PW02'", '2', 'x']]
    """
    from ..records.validate import _excel_text_mark

    numbers = _NUMBER_COLUMNS + (tuple(instrument.coded_columns) if instrument is not None else ())
    for c in frame.columns:
        then = r"[0-9A-Za-z]" if c in _ID_COLUMNS else r"\s*[-+]?[\d.]" if c in numbers else None
        if then is not None:
            frame[c] = _excel_text_mark(frame[c].astype("string"), then).astype(object).where(frame[c].notna(), None)


def _windows_by_name(f: pd.DataFrame, windows: Mapping, probs: list, dl=None) -> None:
    """A window written by its name (城东营业厅) where ``windows`` (id -> name, or names) knows it: read as its id in
    ``f``, with one warning per name naming the id and the rows. A name two windows share is left (then refused as
    an unknown window id).

    Examples
    --------
    >>> f = pd.DataFrame({"row": [2, 3, 4], "window_id": ["城东营业厅", "PW02", "城东营业厅"]})
    >>> probs = []
    >>> _windows_by_name(f, {"PW01": "城东营业厅", "PW02": "城西营业厅"}, probs)
    >>> f["window_id"].tolist(), probs[0]["value"]
    (['PW01', 'PW02', 'PW01'], '城东营业厅 -> PW01')
    """
    owners: dict = {}
    for wid, names in windows.items():
        for nm in ([names] if isinstance(names, str) else list(names or [])):
            key = unicodedata.normalize("NFKC", str(nm)).strip()
            if key and key != str(wid):
                owners.setdefault(key, set()).add(str(wid))
    by_name = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
    cell = f["window_id"].astype(str)
    known = {str(w) for w in windows}
    mapped = cell.map(by_name)
    hit = mapped.notna() & ~cell.isin(known)
    if not hit.any():
        return
    for name, rows in f.loc[hit, "row"].groupby(cell[hit], sort=True):
        rws = rows.tolist()
        shown_zh, shown_en = _rows_named(pd.DataFrame({"row": rws}), dl)   # a sheet a month: 2月!3
        probs.append(_problem(
            None, "window_id", f"{name} -> {by_name[name]}", "warning", "window_name_read",
            f"窗口编号一列写的是窗口名称「{name}」，按本单位窗口清单读作窗口编号 {by_name[name]}（{len(rws)} 行：{shown_zh}）；"
            "交付时请填窗口编号",
            f"the window id column holds the window's name '{name}', read as window id {by_name[name]} by the "
            f"organisation's list of windows ({len(rws)} {'row' if len(rws) == 1 else 'rows'}: "
            f"{shown_en.removeprefix('rows ')}); deliver the window id"))
    f.loc[hit, "window_id"] = mapped[hit]


#: The distinct unknown window values (the first, in the file's order) a near window is looked for: a suggestion is
#: for a typo here and there; thousands of distinct unknown values (respondent ids pasted over the column) are one
#: mistake, and difflib against every window for each would cost seconds for no suggestion.
NEAREST_WINDOW_LIMIT = 20


def _window_key(v: str) -> str:
    """A window id as :func:`_windows_by_case` compares it: full-width letters and digits folded (NFKC), every space
    removed (an ideographic one too), letter case ignored.

    >>> _window_key("ｐｗ\u300001"), _window_key(" Pw 0 1")
    ('pw01', 'pw01')
    """
    return "".join(unicodedata.normalize("NFKC", v).split()).casefold()


def _windows_by_case(f: pd.DataFrame, windows, probs: list, dl=None) -> None:
    """A window id written otherwise than the workspace's in letter case or spaces only (pw01 or PW 01 for PW01, Pw01,
    ｐｗ 01) is that window, where exactly one of the workspace's ids is it once both are folded (:func:`_window_key`):
    read as the workspace's id, said once (each spelling, its window and the rows).  Two ids of the workspace alike but
    for case or spaces (a1, A1; PW01, PW 01) leave it unknown, refused as before (survey44; spaces: nps45b).

    >>> f = pd.DataFrame({"row": [2, 3, 4, 5], "window_id": ["pw01", "PW02", "px9", "PW 02"]})
    >>> probs = []
    >>> _windows_by_case(f, ["PW01", "PW02"], probs)
    >>> f.window_id.tolist(), probs[0]["code"], probs[0]["value"]
    (['PW01', 'PW02', 'px9', 'PW02'], 'window_case', 'pw01 -> PW01, PW 02 -> PW02')
    """
    known = [str(w) for w in windows]
    folded: dict = {}
    for w in known:
        folded.setdefault(_window_key(w), []).append(w)
    ids = f["window_id"].astype(str)
    off = ids.ne("") & ~ids.isin(known)
    if not off.any():
        return
    keys = {v: _window_key(v) for v in ids[off].unique()}      # each distinct spelling once, not each row
    to = {v: folded[k][0] for v, k in keys.items() if len(folded.get(k, [])) == 1}
    if not to:
        return
    hit = off & ids.isin(list(to))
    f.loc[hit, "window_id"] = ids[hit].map(to)
    rws = f.loc[hit, "row"].tolist()
    shown_zh, shown_en = _rows_named(pd.DataFrame({"row": rws}), dl) if dl is not None else (
        f"第 {'、'.join(map(str, rws[:10]))} 行", f"rows {', '.join(map(str, rws[:10]))}")
    pairs = ", ".join(f"{a} -> {b}" for a, b in to.items())
    probs.append(_problem(
        None, "window_id", pairs, "warning", "window_case",
        f"窗口编号的写法（大小写、空格或全角字符）与本单位窗口清单不同，按清单中的编号读取：{pairs.replace(', ', '，')}"
        f"（{len(rws)} 行；{shown_zh}）",
        f"window ids written otherwise than the organisation's list of windows (letter case, spaces or full-width "
        f"characters), read as the list's ids: {pairs} ({len(rws)} row{'' if len(rws) == 1 else 's'}; {shown_en})",
        fix_zh="无需处理；交付时请按委托方窗口清单的写法填写窗口编号",
        fix_en="nothing to do; write the window ids as the client's list of windows does in the delivery"))


def _nearest_windows(values, windows, limit: int = NEAREST_WINDOW_LIMIT) -> dict:
    """``{value: "城东营业厅（PW01）"}`` for each unknown window value with a near window id or name (a typo, a
    character left out), by distinct value; only the first ``limit`` values are looked at.

    Examples
    --------
    >>> _nearest_windows(["城东营业", "PW1", "XYZ"], {"PW01": "城东营业厅", "PW02": "城西营业厅"})
    {'城东营业': '城东营业厅（PW01）', 'PW1': 'PW01'}
    >>> _nearest_windows(["XYZ", "PW1"], ["PW01"], limit=1)
    {}
    """
    cand: dict = {}
    names = windows.items() if isinstance(windows, Mapping) else ((w, None) for w in windows)
    for wid, nm in names:
        cand[str(wid)] = str(wid)
        for n in ([nm] if isinstance(nm, str) else list(nm or [])):
            key = unicodedata.normalize("NFKC", str(n)).strip()
            if key and key not in cand:
                cand[key] = f"{key}（{wid}）"
    out = {}
    for v in list(values)[:limit]:
        got = difflib.get_close_matches(unicodedata.normalize("NFKC", str(v)).strip(), list(cand), n=1, cutoff=0.6)
        if got:
            out[v] = cand[got[0]]
    return out


def _label_row(f: pd.DataFrame, instrument: Instrument):
    """The index of the first data row when it is a second header row: its cells name their own columns (a question's
    text under its id, 受访者编号 under respondent_id) in at least half of the row's non-blank cells, and at least
    three of them; else ``None``.

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> f = pd.DataFrame({"row": [2, 3], "respondent_id": ["受访者编号", "001"], "weight": ["权重", "1.5"],
    ...                   "env1": [ins.question("env1").zh, "5"]})
    >>> _label_row(f, ins), _label_row(f.iloc[1:], ins)
    (0, None)
    """
    if not len(f):
        return None
    first = f.index[0]
    cols = [c for c in f.columns if c not in ("row", "line")]
    cells = [str(f.at[first, c]).strip() for c in cols]
    named = _canonical(cells, instrument)
    filled = [i for i, v in enumerate(cells) if v]
    own = sum(1 for i in filled if named[i] == cols[i])
    return first if own >= 3 and own * 2 >= len(filled) else None


def _looks_like_data(header: list[str], instrument: Instrument | None) -> bool:
    """A header row that names a respondent id and at least half of the delivery's columns."""
    canon = set(_canonical(header, instrument))
    expected = set(instrument.expected_columns) if instrument is not None else set(REQUIRED_COLUMNS)
    return "respondent_id" in canon and len(canon & expected) * 2 >= len(expected)


#: Rows searched for the header at the top of a sheet or CSV (title rows above it are allowed).
HEADER_SEARCH_ROWS = 6


def _find_header(top: list, instrument: Instrument | None):
    """Where the header is among the first rows: one row, or two rows whose merged cells were split.

    ``top`` holds the first rows as ``(row number, cells)``, blank rows left out. A row that looks
    like a data header (:func:`_looks_like_data`) is the header; rows above it are titles. When no
    single row does, a pair of consecutive rows may: a two-row header whose upper row carries the fixed
    columns in cells merged down over both rows and group titles (服务环境) merged across the item
    columns, the lower row the item ids. Each cell then takes the lower row's text, else the upper's.

    Returns
    -------
    (int, list of str, bool) or None
        The row number of the header's last row, the header cells and whether it spans two rows;
        ``None`` when no header is found (the caller falls back on the first non-blank row).

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> fixed = ["respondent_id", "window_id", "interview_date", "stratum", "psu", "weight"]
    >>> items = list(ins.coded_columns)
    >>> upper = fixed + ["服务环境"] + [""] * (len(items) - 1)
    >>> lower = [""] * len(fixed) + items
    >>> row, header, two = _find_header([(1, ["2025年满意度调查"]), (2, upper), (3, lower)], ins)
    >>> row, two, header[:2], header[6:8]
    (3, True, ['respondent_id', 'window_id'], ['env1', 'env2'])
    >>> _find_header([(1, ["标题"]), (2, fixed + items)], ins)[::2]
    (2, False)
    """
    for i, cells in top:
        if _looks_like_data(cells, instrument):
            return i, list(cells), False
    for (i, upper), (j, lower) in zip(top, top[1:]):
        if j != i + 1:
            continue
        width = max(len(upper), len(lower))
        upper = list(upper) + [""] * (width - len(upper))
        lower = list(lower) + [""] * (width - len(lower))
        merged = [b if b.strip() else a for a, b in zip(upper, lower)]
        if _looks_like_data(merged, instrument):
            return j, merged, True
    return None


def _title_warning(top: list, head_at: int, two: bool) -> list:
    """A warning naming the non-blank rows above the header, read as titles and not as respondents."""
    above = [(i, cells) for i, cells in top if i < head_at - (1 if two else 0)]
    if not above:
        return []
    rows = ", ".join(str(i) for i, _ in above)
    text = " | ".join(" ".join(c.strip() for c in cells if c.strip()) for _, cells in above)[:200]
    return [_problem(
        None, "", text, "warning", "title_rows",
        f"表头在第 {head_at} 行；其上的第 {rows} 行按标题跳过，不是受访者。若其中有数据，请把表头移到第 1 行",
        f"the header is on row {head_at}; row(s) {rows} above it are read as titles, not respondents. If they hold "
        "data, move the header to row 1",
    )]


def _two_row_warning(row: int) -> dict:
    return _problem(
        None, "", f"rows {row - 1}-{row}", "warning", "two_row_header",
        f"表头占两行（第 {row - 1} 行与第 {row} 行，合并单元格）：每列取第 {row} 行的列名，该处为空时取第 {row - 1} 行的；"
        f"数据从第 {row + 1} 行读起。请核对列名；交付时最好只用一行表头",
        f"the header spans two rows (rows {row - 1} and {row}, merged cells): each column takes its name from row {row}, "
        f"or from row {row - 1} where row {row} is blank; data are read from row {row + 1}. Check the column names; "
        "deliver a one-row header if you can",
    )


def _mirrored_sets(wb, instrument: Instrument | None, skip=()) -> tuple[str, list]:
    """The label sets a workbook's codes sheet (the template's ``代码 codes``: label set, code, 中文, English) declares
    coded reversed, and the sheet's name: ``(sheet, [set names])``.  A set whose every code carries the label of
    its mirror image on the instrument's scale (``min + max - code``: 1 = 非常满意 where the instrument has 5) is
    mirrored -- the survey firm coded that scale reversed and its codebook says so.  A set the sheet lists as the
    instrument does is not; one neither (a label moved, a code missing from a mirrored set, 3 = 满意) is a
    contradiction, refused (:class:`DeliveryError`) with the fix.  No codes sheet, or no instrument: ``("", [])``.
    Labels compare after NFKC, trimming and case folding, by the Chinese or the English one.

    A workbook without a sheet of the template's name (代码 codes, 代码, codes) is searched for a codebook under
    another name (代码表, 编码表, codebook): a sheet, not among ``skip`` (the data sheets), whose rows give the
    template's columns (label set, code, label), or codes of the scale each followed by one of the instrument's
    labels (1 | 非常满意), at least three of them: judged as the named sheet is, a set by the labels it holds."""
    from .template import CODES_SHEET

    if instrument is None:
        return "", []
    name = next((n for n in wb.sheetnames if _norm_header(n) in (_norm_header(CODES_SHEET), "代码", "codes")), None)
    if name is not None:
        return name, _judge_codebook(name, _codebook_rows(wb[name], instrument, generic=False), instrument)
    for other in wb.sheetnames:
        if other in skip:
            continue
        got = _codebook_rows(wb[other], instrument, generic=True)
        if sum(len(v) for v in got.values()) >= 3:
            return other, _judge_codebook(other, got, instrument)
    return "", []


def _codebook_rows(ws, instrument: Instrument, generic: bool) -> dict:
    """A codes sheet's labels by label set and code, ``{set: {code: (zh, en)}}`` (NFKC, trimmed, lower case): rows in
    the template's layout (label set, code, 中文, English); with ``generic``, when no row is, each code of the scale
    followed by one of the instrument's labels in the next cell (代码 | 标签: 1 | 非常满意), under every set that holds
    that label.  A code a set lists twice with two labels is refused (:class:`DeliveryError`): no declaration."""
    def norm(v) -> str:
        return unicodedata.normalize("NFKC", _cell_str(v)).strip().lower()

    lo, hi = instrument.scale_min, instrument.scale_max
    sets = {k.lower(): k for k in instrument.label_sets}
    owners: dict[str, list] = {}
    for set_name, labels in instrument.label_sets.items():
        for zh, en in labels.values():
            for t in {norm(zh), norm(en)}:
                owners.setdefault(t, []).append(set_name)
    got: dict[str, dict[int, tuple[str, str]]] = {}
    loose: dict[str, dict[int, tuple[str, str]]] = {}
    name = ws.title

    def put(into, set_name, k, shown):
        before = into.setdefault(set_name, {}).setdefault(k, shown)
        if before != shown:   # the set listed twice (the template's rows kept, a mirrored copy added): no declaration
            raise DeliveryError(
                f"工作表「{name}」把标签组 {set_name} 的代码 {k} 标了两次,「{before[0] or before[1]}」与"
                f"「{shown[0] or shown[1]}」:无法判断数据按哪个方向编码。请只保留与数据一致的一组标签(按问卷方向编码时照模板原样,"
                f"整体反向编码时每个代码都按镜像标注),删去另一组后重新交付 / sheet '{name}' labels code {k} of set "
                f"{set_name} twice, '{before[1] or before[0]}' and '{shown[1] or shown[0]}': which way the data are "
                "coded cannot be told. Keep only the labels that agree with the data (the template's as they are "
                "when coded the instrument's way; every code mirrored when coded reversed throughout), delete the "
                "other set and deliver again")

    for vals in ws.iter_rows(values_only=True, max_row=10_000):
        vals = list(vals) + [None] * 4
        group, code = norm(vals[0]), norm(vals[1])
        if group in sets and re.fullmatch(r"[+-]?\d+(?:\.0+)?", code):
            put(got, sets[group], int(float(code)), (norm(vals[2]), norm(vals[3])))
        elif generic:
            cells = [norm(v) for v in vals[:50]]
            for j in range(len(cells) - 1):
                if re.fullmatch(r"[+-]?\d+(?:\.0+)?", cells[j]) and lo <= float(cells[j]) <= hi \
                        and cells[j + 1] in owners:
                    for set_name in owners[cells[j + 1]]:
                        put(loose, set_name, int(float(cells[j])), (cells[j + 1], ""))
    return got if got or not generic else loose


def _judge_codebook(name: str, got: dict, instrument: Instrument) -> list:
    """The sets of a codes sheet's labels (:func:`_codebook_rows`) that are mirrored; refused when one is neither the
    instrument's nor its mirror (see :func:`_mirrored_sets`)."""
    def norm(v) -> str:
        return unicodedata.normalize("NFKC", _cell_str(v)).strip().lower()

    mirrored = []
    for set_name, listed in got.items():
        lo, hi = _set_scale(instrument, set_name)    # a question's own scale for its own label set (0-10)
        want = {k: (norm(zh), norm(en)) for k, (zh, en) in instrument.label_sets[set_name].items()}
        # the missing code listed under the set (satisfaction | 9 | 不清楚, as a firm's codebook lists it): no point
        # of the scale, so no direction; set aside unless it carries a label of the scale (9 = 非常满意)
        scale_words = {a for pair in want.values() for a in pair if a}
        listed = {k: shown for k, shown in listed.items()
                  if not (k in instrument.missing_codes and not any(a in scale_words for a in shown if a))}

        def agrees(k, shown, target):
            return target in want and any(a and a in want[target] for a in shown)

        if all(agrees(k, shown, k) for k, shown in listed.items()):
            continue
        if set(listed) == set(want) and all(agrees(k, shown, lo + hi - k) for k, shown in listed.items()):
            mirrored.append(set_name)
            continue
        odd = [k for k, shown in sorted(listed.items()) if not agrees(k, shown, k) and not agrees(k, shown, lo + hi - k)]
        bad = odd[0] if odd else None
        where = (f"代码 {bad} 标为「{listed[bad][0] or listed[bad][1]}」,既不是问卷中代码 {bad} 的标签,也不是其镜像代码 "
                 f"{lo + hi - bad} 的标签" if bad is not None else "有的代码与问卷同向、有的反向,或反向时缺了代码")
        where_en = (f"code {bad} is labelled '{listed[bad][1] or listed[bad][0]}', which is neither the instrument's "
                    f"label of code {bad} nor that of its mirror image {lo + hi - bad}" if bad is not None else
                    "some codes run the instrument's way and some reversed, or a reversed set lacks a code")
        raise DeliveryError(
            f"工作表「{name}」的标签组 {set_name} 与问卷的量表不符:{where}。请让代码表与数据一致:按问卷方向编码"
            f"({hi} = {instrument.label_sets[set_name][hi][0]})时照模板原样保留代码表;整体反向编码({lo} = "
            f"{instrument.label_sets[set_name][hi][0]})时把该标签组的每个代码都按镜像标注,然后重新交付 / "
            f"sheet '{name}' gives label set {set_name} against the instrument's scale: {where_en}. Make the codes "
            f"sheet agree with the data: coded the instrument's way ({hi} = {instrument.label_sets[set_name][hi][1]}), "
            f"keep the template's codes sheet as it is; coded reversed throughout ({lo} = "
            f"{instrument.label_sets[set_name][hi][1]}), label every code of the set as its mirror image; then deliver again")
    return mirrored


def _set_scale(instrument: Instrument, set_name: str) -> tuple[int, int]:
    """The scale a label set is on: the own scale of the question it belongs to (``<item>_scale``), else the
    instrument's."""
    for q, (lo, hi, _) in instrument.own_scales.items():
        if instrument.question(q).labels == set_name:
            return lo, hi
    return instrument.scale_min, instrument.scale_max


def _recode_mirrored(dl: Delivery, instrument: Instrument, sets: list) -> dict:
    """The columns answered on a mirrored label set (:func:`_mirrored_sets`) recoded to the instrument's direction,
    ``min + max - v`` on each code of the scale (a missing code, or anything not a code, left to the checks as
    written); the number of answers recoded, by column."""
    cols = [c for c in instrument.coded_columns if c in dl.frame and instrument.question(c).labels in sets]
    recoded = {}
    for c in cols:
        lo, hi = instrument.scale_of(c)[:2]
        v = pd.Series(_clean_text(dl.frame[c]), dtype="string")   # as the checks read a code: ５, a full-width 1 too
        n = pd.to_numeric(v.where(v.str.fullmatch(r"[+-]?\d+(?:\.0+)?").fillna(False)), errors="coerce")
        hit = (n >= lo) & (n <= hi)
        dl.frame.loc[hit, c] = (lo + hi - n[hit]).astype(int).astype(str)
        # a code written with its unit or its label (1分, 1(非常满意)) stays as written, for the messages to quote it:
        # the checks read its code mirrored (:func:`_mirror_written`); counted here with the bare ones
        written = _mirror_written(pd.Series(v.fillna("").to_numpy(dtype=object), index=v.index), lo, hi,
                                  _written_labels(instrument, c))
        recoded[c] = int(hit.sum() + (written.notna() & ~hit.fillna(False).astype(bool)).sum())
    dl.mirrored = cols
    return recoded


def _written_labels(ins: Instrument, col: str) -> dict:
    """The labels an answer of ``col`` may be written with beside its code, as the checks match them (spaces taken
    out, lower case): the instrument's ``value_labels``, then the question's own options."""
    return {**({_squeeze(str(k)).lower(): c for k, c in ins.value_labels.items()} if ins.value_labels else {}),
            **{_squeeze(k): c for k, c in ins.label_to_code(col).items()}}


def _mirror_written(s: pd.Series, lo: int, hi: int, labels: dict) -> pd.Series:
    """For each answer of ``s`` (cleaned text) that writes a code on the scale ``lo``-``hi`` with its unit (1分) or
    with one of ``labels`` (1(非常满意), 非常满意(5)): that code's mirror image ``lo + hi - code``; NaN for any other.
    Each distinct answer looked at once.

    Examples
    --------
    >>> labels = {"非常满意": 5, "一般": 3}
    >>> _mirror_written(pd.Series(["1分", "1(非常满意)", "5", "", "9分", "4.5分", "一般 3"]), 1, 5, labels).tolist()
    [5.0, 5.0, nan, nan, nan, nan, 3.0]
    """
    pts = _points_of(s, stars=hi)
    said, means, _ = _codes_with_labels(s, labels)
    code = pts.fillna(said.where(means.notna()))
    on = code.between(lo, hi) & (code == np.floor(code.fillna(0)))
    return (lo + hi - code).where(on)


def _fill_merged_across(body: pd.DataFrame, merges: list, header: list, instrument: Instrument | None
                        ) -> tuple[pd.DataFrame, list]:
    """``body`` (sheet row - 1 -> cells, blanks None) with each range merged across answer columns (one 5 over env1,
    env2 and env3, as a clerk merges a respondent's equal answers, or 不适用 over a section) read into every cell of
    the range, as the sheet shows it, and those ranges named (``H2:J2 env1、env2、env3``).  The reader gives the
    range's first cell only, the others blank: the answers were lost as unanswered.  Only a range within the
    respondents' rows whose every column is a coded question's is read so; a range over other columns (a window and
    a stratum) is left as it is.  A loop over the merged ranges, not the rows.

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> b = pd.DataFrame({0: ["R1", "R2"], 1: ["5", "4"], 2: [None, "4"], 3: [None, "3"]}, index=[1, 2])
    >>> got, named = _fill_merged_across(b, [(2, 2, 2, 4), (1, 1, 1, 4)], ["respondent_id", "env1", "env2", "env3"], ins)
    >>> got.loc[1].tolist(), named
    (['R1', '5', '5', '5'], ['B2:D2 env1、env2、env3'])
    """
    if instrument is None or not merges or not len(body):
        return body, []
    from ..records.io import col_letter as _col_letter

    coded = set(instrument.coded_columns)
    canon = _canonical([str(h) for h in header], instrument)
    named = []
    for r1, c1, r2, c2 in merges:
        if c2 <= c1 or c1 < 1 or c2 > min(len(canon), body.shape[1]):
            continue
        if not all(canon[j] in coded for j in range(c1 - 1, c2)):
            continue
        rows = [r - 1 for r in range(r1, r2 + 1)]
        if not all(r in body.index for r in rows):
            continue
        value = body.at[r1 - 1, c1 - 1]
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        block = body.loc[rows, c1 - 1:c2 - 1]
        if block.iloc[0, 1:].notna().any() or block.iloc[1:].notna().any().any():
            continue   # a cell of the range holds a value of its own: not a merge Excel shows as one
        body.loc[rows, c1 - 1:c2 - 1] = value
        named.append(f"{_col_letter(c1 - 1)}{r1}:{_col_letter(c2 - 1)}{r2} " + "、".join(canon[c1 - 1:c2]))
    return body, named


def _merged_over_columns(body: pd.DataFrame, merges: list, header: list, instrument: Instrument | None
                         ) -> tuple[pd.DataFrame, list, list]:
    """``body`` (sheet row - 1 -> cells, blanks None) with the ranges merged across columns within the respondents'
    rows that :func:`_fill_merged_across` leaves (not every column a question's) judged, as Excel shows them (the
    value over every column; the reader gives the first cell, the others blank):

    - over ONE column of the delivery and the firm's own columns (窗口编号 and a 网点名称 column beside it): the value
      is that column's, read into it (and into every row of a range merged down too); the ranges named
      (``B2:C2 window_id``) for a warning;
    - over two or more columns of the delivery (a window id over the date and the stratum, a month's title across the
      table): which column the value is cannot be told, and the others would be read blank without a word: each row
      of the range refused (``merged_across_columns``, or ``merged_title_row`` for a range from the first column to
      the last, as a title row between months), naming the range, its columns and the fix; where the columns read
      blank are all optional (a duration and a comment), a warning of the same words, the respondent kept.

    A range over the firm's own columns alone, or with a value of its own in a covered cell, is left as it is.  A loop
    over the merged ranges, not the rows.

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> b = pd.DataFrame({0: ["R1", "R2"], 1: ["PW01", None], 2: [None, "PW02"], 3: ["D1", None]}, index=[1, 2])
    >>> got, named, refused = _merged_over_columns(b, [(2, 2, 2, 3), (3, 3, 3, 4)],
    ...                                            ["respondent_id", "网点名称", "window_id", "stratum"], ins)
    >>> got[2].tolist(), named, [(p["row"], p["code"], p["column"]) for p in refused]
    (['PW01', 'PW02'], ['B2:C2 window_id'], [(3, 'merged_across_columns', 'window_id,stratum')])
    """
    if instrument is None or not merges or not len(body):
        return body, [], []
    from ..records.io import col_letter as _col_letter

    coded = set(instrument.coded_columns)
    ours = set(instrument.expected_columns) | set(OPTIONAL_COLUMNS)
    canon = _canonical([str(h) for h in header], instrument)
    width = min(len(canon), body.shape[1])
    named, refused = [], []
    for r1, c1, r2, c2 in merges:
        if c2 <= c1 or c1 < 1 or c1 > width:
            continue
        cols = list(range(c1 - 1, min(c2, width)))
        if all(canon[j] in coded for j in cols):
            continue   # one answer merged across the questions it answers: _fill_merged_across
        rows = [r - 1 for r in range(r1, r2 + 1)]
        if not all(r in body.index for r in rows):
            continue   # a title or header row above the respondents
        value = body.at[r1 - 1, c1 - 1]
        if value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip():
            continue
        block = body.loc[rows, cols[0]:cols[-1]]
        if block.iloc[0, 1:].notna().any() or block.iloc[1:].notna().any().any():
            continue   # a cell of the range holds a value of its own: not a merge Excel shows as one
        read = [j for j in cols if canon[j] in ours]
        rng = f"{_col_letter(c1 - 1)}{r1}:{_col_letter(c2 - 1)}{r2}"
        if not read:
            continue   # the firm's own columns alone: nothing of them is read
        if len(read) == 1:
            if read[0] != c1 - 1 or len(rows) > 1:
                body.loc[rows, read[0]] = value
                named.append(f"{rng} {canon[read[0]]}")
            continue
        names = [canon[j] for j in read]
        title = c1 == 1 and c2 >= width
        # the columns read blank: a required or answer column among them refuses the row; optional ones alone (a
        # duration and a comment) are left blank with a warning, the respondent kept
        matters = any(canon[j] in coded or canon[j] in REQUIRED_COLUMNS for j in read if j != c1 - 1)
        kept_zh = "" if matters else "；这几列都是可选列，受访者照常计入，它们按空白读取"
        kept_en = "" if matters else "; these are optional columns: the respondent is kept, and they read blank"
        for r in range(r1, r2 + 1):
            if title:
                refused.append(_problem(
                    r, "", f"{rng} {value}", "error", "merged_title_row",
                    f"第 {r} 行是横向合并在整张表上的单元格（{rng}），像是标题或分隔行（如月份），不是受访者：其余各列"
                    "读作空白",
                    f"row {r} is one cell merged across the whole table ({rng}), a title or separator (a month, say), "
                    "not a respondent: every other column would read blank",
                    fix_zh=FIXES["merged_title_row"][0], fix_en=FIXES["merged_title_row"][1]))
            else:
                refused.append(_problem(
                    r, ",".join(names), f"{rng} {value}", "error" if matters else "warning", "merged_across_columns",
                    f"单元格 {rng} 横向合并在 {'、'.join(names)} {len(names)} 列上：看不出这个值属于哪一列，"
                    f"读取时只有第一列（{names[0] if read[0] == c1 - 1 else '非交付列'}）有值，其余读作空白" + kept_zh,
                    f"cells {rng} are merged across {len(names)} columns ({', '.join(names)}): which column the value "
                    "is cannot be told, and read, only the range's first cell holds it, the others blank" + kept_en,
                    fix_zh=FIXES["merged_across_columns"][0], fix_en=FIXES["merged_across_columns"][1]))
    return body, named, refused


def _read_xlsx(path: Path, instrument: Instrument | None) -> Delivery:
    """:func:`_read_workbook`, the workbook reader's own warnings kept off the console (its file path and a cell's
    value: a date-formatted number past 9999 is judged here, :func:`windoweval.records.io._dates_past_excel`)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _read_workbook(path, instrument)


def _read_workbook(path: Path, instrument: Instrument | None) -> Delivery:
    import openpyxl

    from ..safepath import archive_problem

    from ..records.io import _zip_not_workbook, workbook_not_zip

    # a file that is no zip named as what it is (a password to open, an old .xls, a CSV renamed .xlsx), not "corrupt"
    said = workbook_not_zip(path, survey=True) if path.suffix.lower() in (".xlsx", ".xlsm") else None
    if said is not None:
        raise DeliveryError(f"{path.name}: {said[0]} / {path.name}: {said[1]}")
    problem = archive_problem(path)   # from the zip directory, before anything is inflated (a zip bomb)
    if problem:
        raise DeliveryError(f"{path.name}: {problem[0]} / {problem[1]}")

    not_book = _zip_not_workbook(path, fix=("请解压后交付其中的数据文件本身(.xlsx 或 CSV,按交付模板)",
                                            "unzip it and deliver the data file it holds (.xlsx or CSV, as the "
                                            "delivery template gives)"))
    if not_book is not None:    # a delivery zipped whole, or an .ods: named as what it is, not "corrupt XLSX"
        raise DeliveryError(f"{path.name}: {not_book.zh} / {not_book.en}")
    try:
        # a workbook under another name (an .xls that is XLSX): opened from its bytes, openpyxl judging by the name
        wb = openpyxl.load_workbook(path if path.suffix.lower() in (".xlsx", ".xlsm") else io.BytesIO(path.read_bytes()),
                                    read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any reader failure is a delivery problem
        # its type only: a reader's words may quote the file's content
        raise DeliveryError(f"无法打开 XLSX 文件(文件损坏、被截断、含实体定义,或并非 XLSX):{type(e).__name__};请在表格软件中"
                            "打开并另存为 .xlsx 或 CSV(UTF-8)后重新交付 / cannot open the XLSX file (corrupt, truncated, "
                            f"holding entity definitions, or not XLSX: {type(e).__name__}); open it in a spreadsheet "
                            "program and save it again as .xlsx or CSV (UTF-8), then deliver it again") from None
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from ..records.io import _cell_at, _fill_merged_down, _workbook_facts, zero_padded
    mac = getattr(wb, "epoch", None) == CALENDAR_MAC_1904   # Excel for Mac's dates: day numbers from 1904
    facts = _workbook_facts(path)[1]   # per sheet: merged ranges, formulas without a stored value
    try:
        def rank(name: str) -> int:
            low = name.strip().lower()
            if low in ("数据 data", "data", "数据"):
                return 0
            return 1 if ("data" in low.split() or "数据" in low) else 2

        # every sheet: its first non-empty row is its header; a sheet is data when that header names
        # a respondent id and at least half of the delivery's columns
        heads: dict[str, list] = {}
        head_row: dict[str, int] = {}
        two_rows: dict[str, bool] = {}
        titles: dict[str, list] = {}
        for name in wb.sheetnames:
            ws = wb[name]
            top = []
            for i, vals in enumerate(ws.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS), start=1):
                cells = [_cell_str(v) for v in vals]
                if any(c.strip() for c in cells):
                    top.append((i, cells))
            # title rows above the header are allowed, and a header split over two rows by merged cells
            found = _find_header(top, instrument)
            head = found[:2] if found else (top[0] if top else None)
            heads[name] = head[1] if head else []
            head_row[name] = head[0] if head else 1
            two_rows[name] = bool(found and found[2])
            titles[name] = _title_warning(top, head_row[name], two_rows[name]) if found else []
        data_sheets = [n for n in wb.sheetnames if heads[n] and _looks_like_data(heads[n], instrument)]
        mirror_sheet, mirror_sets = _mirrored_sets(wb, instrument, data_sheets)   # a codebook: a scale coded reversed
        # a hidden sheet (隐藏, or "very hidden" by a macro) is one the surveyor does not see in Excel: say so
        hidden = {n for n in wb.sheetnames if getattr(wb[n], "sheet_state", "visible") not in (None, "visible")}
        sheets: dict[str, str] = {}
        probs: list = []
        twin = None
        if len(data_sheets) == 2 and instrument is not None and not (hidden & set(data_sheets)):
            twin = data_sheets[1]   # perhaps a code sheet and a label sheet: compared once both are read
            data_sheets = data_sheets[:1]
        def too_many(data_sheets):
            names = "、".join(n + ("（隐藏）" if n in hidden else "") for n in data_sheets)
            names_en = ", ".join(n + (" (hidden)" if n in hidden else "") for n in data_sheets)
            unhide_zh = ("；标为“隐藏”的表在 Excel 中看不到：右键任一工作表标签，选“取消隐藏”即可看到并删除它"
                         if hidden & set(data_sheets) else "")
            unhide_en = ("; a sheet marked hidden is not shown in Excel: right-click any sheet tab and choose Unhide to "
                         "see and delete it" if hidden & set(data_sheets) else "")
            raise DeliveryError(
                f"工作簿中有 {len(data_sheets)} 个工作表都像数据表（{names}）：请把所有受访者放在同一个工作表中，"
                f"或删除多余的表后重新交付，以免漏读受访者{unhide_zh} / "
                f"{len(data_sheets)} sheets of the workbook look like data ({names_en}): put every "
                f"respondent in one sheet, or remove the extra sheets, so that no respondent is left unread{unhide_en}"
            )

        if len(data_sheets) > 1 and hidden & set(data_sheets):
            too_many(data_sheets)   # a hidden sheet among several: never read as part of a delivery unseen
        months = data_sheets if len(data_sheets) > 1 else []   # one sheet a month (a window): one delivery
        if months:
            _same_headers(path, months, heads, instrument)
        if data_sheets:
            best = data_sheets[0]
        else:
            best = min(wb.sheetnames, key=lambda n: (rank(n), wb.sheetnames.index(n)))
            if rank(best) == 2:
                best = wb.sheetnames[0]
        if best in hidden and set(wb.sheetnames) - hidden:
            # the data only on a hidden sheet, beside one the surveyor sees: refused, as records in such a workbook
            # are (records.files._hidden_sheets_left); every sheet hidden (no spreadsheet program saves one so): read
            # with the warning below, as records are read then
            raise DeliveryError(
                f"数据只在隐藏的工作表「{best}」中（Excel 中看不到它），没有读入；若它正是要交付的受访者，请在 Excel 中右键任一"
                f"工作表标签，选“取消隐藏”，保存后重新交付 / the data are only on the hidden sheet '{best}' (nobody sees "
                "it in Excel), which is not read; if it holds the respondents to deliver, unhide it in Excel (right-click "
                "a sheet tab, Unhide), save and deliver again")
        if best in hidden:
            probs.append(_problem(
                None, "", best, "warning", "hidden_sheet",
                f"读取的数据表「{best}」在 Excel 中是隐藏的（右键工作表标签，选“取消隐藏”可看到）；请确认这些正是要交付的受访者",
                f"the data sheet read, '{best}', is hidden in Excel (right-click a sheet tab and choose Unhide to see "
                "it); check these are the respondents meant for delivery"))
        for n in wb.sheetnames:
            if n == best:
                sheets[n] = "read"
            elif n == mirror_sheet and mirror_sets:   # read for the direction of its scales, not as respondents
                sheets[n] = f"codes sheet: label sets {', '.join(mirror_sets)} declared coded reversed"
            elif heads[n]:
                sheets[n] = "ignored: not a data sheet (no respondent id and delivery columns in its header)"
            else:
                sheets[n] = "ignored: empty"
        logical: dict = {}   # sheet -> [(row, column index)] of its logical cells (TRUE/FALSE)

        def read_sheet(best, probs):
            ws = wb[best]
            past: dict = {}   # row -> [(column, number)]: a date-formatted number past Excel's dates (no error)
            for ref, text in (facts.get(str(best)) or {}).get("errors") or ():
                if not str(text).startswith("#"):
                    r_, c_ = _cell_at(ref)
                    past.setdefault(r_, []).append((c_, str(text)))
            it = ws.iter_rows(values_only=True)
            header = None
            rows, numbers, raw = [], [], {}
            for i, vals in enumerate(it, start=1):
                vals = list(vals)
                if i < head_row[best]:
                    continue                                   # title rows above the header
                if header is None:
                    header = list(heads[best])
                    probs.extend(titles[best])
                    if two_rows[best]:
                        probs.append(_two_row_warning(i))
                    while header and header[-1].strip() == "":
                        header.pop()
                    if not header:
                        raise DeliveryError(f"工作表「{best}」第 {i} 行没有表头 / sheet '{best}' has no header in row {i}")
                    continue
                cells = [_cell_str(v) for v in vals]
                if "TRUE" in cells or "FALSE" in cells:   # a logical cell, told from a typed TRUE by its type
                    logical.setdefault(best, []).extend(
                        (i, j) for j, v in enumerate(vals) if isinstance(v, (bool, np.bool_)))
                if i in past:   # a date-formatted number no date can be: its number, not the reader's #VALUE!
                    for j, text in past[i]:
                        if j <= len(cells):
                            cells[j - 1] = text
                if not any(c.strip() for c in cells):
                    continue
                width = len(header)
                extra = [c for c in cells[width:] if c.strip()]
                if extra:
                    # a sheet's cells stand under their own headers (no slip): a column of names masked, as a CSV's
                    raw[i] = personal_fields(cells[:width], header) + cells[width:]
                    probs.append(_problem(
                        i, "", " | ".join(extra), "error", "ragged_row",
                        f"表头之外的列有值（第 {width + 1} 列以后）",
                        f"values beyond the last headed column (column {width + 1} on)",
                        line=i,
                        # a workbook's cells stand in their columns: no quote or delimiter slipped (the CSV's fix)
                        fix_zh="请删去表头之外各列中的值，或给这些列加上列名（不交付的列可整列删去）后重新交付",
                        fix_en="delete the values right of the header, or give those columns a header (a column not "
                               "to be delivered may be deleted whole), then deliver again",
                    ))
                    continue
                cells = (cells + [""] * width)[:width]
                rows.append(cells)
                numbers.append(i)
            # a cell merged down over respondents (a window or interviewer written once beside the rows it stands
            # for): the reader gives its first cell only, the others blank, refusing those respondents as missing a
            # required value; read into every row of the range as the sheet shows it, by the records' own helper
            # a number formatted to keep its leading zeros (respondent 000123 typed as a number, formatted 000000):
            # read as the sheet shows it, an id being text, by the records' own helper
            pads = (facts.get(str(best)) or {}).get("zero_pad")
            if pads is not None and len(pads) and rows:
                body = zero_padded(pd.DataFrame(rows, index=np.asarray(numbers, dtype=np.int64) - 1, dtype=object),
                                   pads)
                rows = body.to_numpy(dtype=object).tolist()
            merges = (facts.get(str(best)) or {}).get("merges") or []
            merged: list = []
            if merges and rows:
                body = pd.DataFrame(rows, index=np.asarray(numbers, dtype=np.int64) - 1, dtype=object)
                body, merged = _fill_merged_down(body.where(body.ne(""), None), merges, header)
                # one answer merged across the questions it answers (5 over env1-env3): read into each of them
                body, across = _fill_merged_across(body, merges, header, instrument)
                if across:
                    probs.append(_merged_read_into(
                        across, f"工作表「{best}」中横向合并的答案单元格按其值读入所合并的每一题",
                        f"answer cells merged across questions in sheet '{best}' are read into every question they span",
                        "若合并的值不是其中每一题的答案，请取消合并并逐题填写后重新交付",
                        "if the merged value is not the answer to each of them, unmerge the cells, fill each question "
                        "and deliver again"))
                # a value merged over one delivery column and the firm's own (窗口编号 and 网点名称): read into it;
                # over two or more delivery columns: refused, naming the range (never blank without a word)
                body, over, refused = _merged_over_columns(body, merges, header, instrument)
                probs.extend(refused)
                if over:
                    probs.append(_merged_read_into(
                        over, f"工作表「{best}」中横向合并在一个交付列与调查公司自己的列上的单元格按其值读入该交付列",
                        f"cells merged in sheet '{best}' across one delivery column and the firm's own columns are read "
                        "into that delivery column",
                        "若不是该列的值，请取消合并并逐列填写后重新交付",
                        "if the value is not that column's, unmerge the cells, fill each column and deliver again"))
                if merged or across or over:
                    rows = body.where(body.notna(), "").to_numpy(dtype=object).tolist()
                if logical.get(best):
                    # a logical value merged over several rows or columns (TRUE over a block): each cell it is read
                    # into is that logical value as the sheet shows it, refused alike (never a stratum named FALSE, a
                    # weight of 1 or an answer refused as text); a loop over the merged ranges, not the rows (survey47)
                    at = set(logical[best])
                    logical[best].extend(
                        (r, c) for r1, c1, r2, c2 in merges if (r1, c1 - 1) in at
                        for r in range(r1, r2 + 1) for c in range(c1 - 1, c2) if (r, c) != (r1, c1 - 1))
            return header, rows, numbers, raw, merged

        header, rows, numbers, raw, merged = read_sheet(best, probs)
        keep = None
        if twin is not None:   # a sheet of codes and the same answers as labels: one delivery, read once
            other = read_sheet(twin, [])
            if other[1] == rows and [_norm_header(h) for h in other[0]] == [_norm_header(h) for h in header]:
                # the same cells on both sheets (no sheet of labels): one month's sheet copied over another's, the
                # other month's answers missing; never read as "codes and labels", never passed as one month (rev19x)
                raise _copied_sheet(path, twin, best, len(rows))
            keep = _codes_and_labels(path, (best, header, rows, numbers), (twin, *other[:3]), instrument)
            if keep is None:   # not the same respondents: two months (windows) of the data, read as one delivery
                _same_headers(path, [best, twin], heads, instrument)
                months, twin = [best, twin], None
        if months:
            # every sheet's rows, keyed apart (sheet k's row r as k * SHEET_KEY + r; the first sheet's as r), named
            # sheet!row in every message once the checks are done (parse_delivery)
            # any sheet the same cells as another (a month pasted over another's, however many sheets): refused
            seen = {_rows_print(rows): months[0]} if rows else {}
            empty = [] if rows else [months[0]]
            for k, name in enumerate(months[1:], start=1):
                probs_k: list = []
                h_k, rows_k, nums_k, raw_k, merged_k = read_sheet(name, probs_k)
                for q in probs_k:   # the sheet's own row keys: its row 3 is not the first sheet's row 3 (a refusal
                    for key in ("row", "line"):   # there refused another respondent, and kept its own)
                        if q[key] is not None:
                            q[key] = k * SHEET_KEY + int(q[key])
                probs += probs_k
                if not rows_k:
                    empty.append(name)
                if rows_k and _rows_print(rows_k) in seen:
                    raise _copied_sheet(path, name, seen[_rows_print(rows_k)], len(rows_k))
                if rows_k:
                    seen[_rows_print(rows_k)] = name
                rows += [(r + [""] * len(header))[:len(header)] for r in rows_k]
                numbers += [k * SHEET_KEY + int(n) for n in nums_k]
                raw.update({k * SHEET_KEY + int(n): v for n, v in raw_k.items()})
                merged += [f"{name}!{m}" for m in merged_k]
                sheets[name] = "read"
            if empty:   # a month's (a wave's, a city's) sheet under the same header with no respondent: said, by name
                names = "、".join(f"「{n}」" for n in empty)
                probs.append(_problem(
                    None, "", ", ".join(empty), "warning", "empty_sheet",
                    f"工作表{names}有与其他工作表相同的表头，却没有受访者行（共读取 {len(months)} 个工作表）；若这些工作表"
                    "所代表的月份、批次或地区有访问，请补上其数据后重新交付",
                    f"sheet{'s' if len(empty) > 1 else ''} {', '.join(repr(n) for n in empty)} "
                    f"{'have' if len(empty) > 1 else 'has'} the other sheets' header but no respondent's row "
                    f"({len(months)} sheets read); if the month, wave or city "
                    f"{'they stand' if len(empty) > 1 else 'it stands'} for had interviews, add them and deliver again"))
        if keep is not None:
            if keep == twin:
                header, rows, numbers, raw, merged = other
                best, twin = twin, best
            sheets[best], sheets[twin] = "read", "ignored: the same answers written as labels (checked cell by cell)"
            probs.append(_problem(
                None, "", f"{best} / {twin}", "warning", "codes_and_labels",
                f"工作表「{best}」与「{twin}」是同一批受访者的同一答案(一个写代码,一个写标签),逐格核对一致;读取「{best}」",
                f"sheets '{best}' and '{twin}' hold the same respondents' same answers (one as codes, one as labels), "
                f"checked cell by cell; '{best}' is read"))
    except DeliveryError:
        raise
    except Exception as e:  # noqa: BLE001 - a cell the reader cannot take (a number cell holding text) is a broken file
        # its type only: openpyxl's own words quote the cell (张三13812345678), which is the respondent's data
        raise DeliveryError(f"无法读取 XLSX 工作表(文件损坏,或单元格内容与其类型不符):{type(e).__name__};请在表格"
                            "软件中打开并另存为 .xlsx 或 CSV(UTF-8)后重新交付 / the XLSX sheet cannot be read (a corrupt "
                            f"file, or a cell whose content does not match its type: {type(e).__name__}); open it in a "
                            "spreadsheet program and save it again as .xlsx or CSV (UTF-8), then deliver it again") from None
    finally:
        wb.close()
    if header is None:
        raise DeliveryError("工作表为空 / the sheet is empty")
    # a header cell read as blank is popped with the trailing blanks: the columns holding values right of the header
    # (ragged rows) are the header's too, so a formula header in the last column is refused by name, not as ragged_row
    filled = [max((j + 1 for j, c in enumerate(cells) if c.strip()), default=0) for cells in raw.values()]
    for name in (months or [best]):
        _refuse_uncalculated(path, name, header if name == best else heads[name], head_row[name], two_rows[name],
                             instrument, width=max([len(header)] + filled), facts=facts)
    if merged:
        shown = ", ".join(merged[:10]) + (f" … ({len(merged)})" if len(merged) > 10 else "")
        probs.append(_problem(
            None, "", shown, "warning", "merged_down",
            f"工作表「{best}」中向下合并的单元格按其值读入所合并的每一行（{len(merged)} 处：{shown}）；若合并的值不适用于"
            "其中每一位受访者，请取消合并并逐行填写后重新交付",
            f"cells merged down in sheet '{best}' are read into every row they span ({len(merged)}: {shown}); if a "
            "merged value does not hold for every respondent there, unmerge the cells, fill each row and deliver again"))
    dl = _finish(path, "xlsx", None, header, rows, numbers, raw, probs, instrument, sheets=sheets)
    _header_merges_named(dl.problems, (facts.get(str(best)) or {}).get("merges") or [], head_row[best], header)
    if mirror_sets:
        recoded = _recode_mirrored(dl, instrument, mirror_sets)
        lo, hi, n = instrument.scale_min, instrument.scale_max, sum(recoded.values())
        dl.mirror_sheet = mirror_sheet
        dl.problems.append(_problem(
            None, "", f"{mirror_sheet}: {', '.join(mirror_sets)}", "warning", "scale_reversed",
            f"工作表「{mirror_sheet}」把标签组 {'、'.join(mirror_sets)} 的代码整体反向标注({lo} 与 {hi} 互换):答案按反向编码读取,"
            f"每个代码 v 改记为 {lo + hi}−v(缺失代码不变)后检查与计分;共改记 {n} 个答案({len(recoded)} 列)",
            f"sheet '{mirror_sheet}' labels the codes of set {', '.join(mirror_sets)} mirrored ({lo} and {hi} swapped): "
            f"the answers are read as coded reversed, each code v recoded to {lo + hi}-v (missing codes unchanged) "
            f"before the checks and scoring; {n} answers recoded in {len(recoded)} columns"))
    dl.month_sheets = list(months)
    dl.date1904 = mac
    dl.merged_down = list(merged)
    if logical:   # each logical cell of the sheets read, by the delivery's column and row key (sheet k's row r as
        canon = _canonical(header, instrument)    # k * SHEET_KEY + r, as their rows are keyed)
        for k, name in enumerate(months or [best]):
            for i, j in logical.get(name, ()):
                if j < len(canon) and canon[j] and dl.columns.get(canon[j]) == str(header[j]):
                    dl.logical.setdefault(canon[j], []).append(k * SHEET_KEY + i)
    return dl


def _merged_read_into(spots: list, what_zh: str, what_en: str, fix_zh: str, fix_en: str) -> dict:
    """The warning (``merged_across``) that cells merged across columns were read into the columns named in ``spots``
    (``B2:C2 window_id``; the first ten shown, all counted): what was read, then the fix, in both languages.

    Examples
    --------
    >>> _merged_read_into(["B2:C2 window_id"], "读入", "read", "请取消合并", "unmerge")["problem_en"]
    'read (1: B2:C2 window_id); unmerge'
    """
    shown = ", ".join(spots[:10])
    return _problem(None, "", shown, "warning", "merged_across", f"{what_zh}（{len(spots)} 处：{shown}）；{fix_zh}",
                    f"{what_en} ({len(spots)}: {shown}); {fix_en}")


def _header_merges_named(problems: list, merges: list, head_row: int, header: list) -> None:
    """A column without a header (``missing_header``) under a header cell merged across it (窗口 over B1:C1, column C
    holding values) said so, with the range, the name and the fix: the header as Excel shows it names both columns,
    and "column 3 has no header" alone leaves the firm looking at a header that is there.

    Examples
    --------
    >>> ps = [_problem(1, "#3", "", "error", "missing_header", "第 3 列没有列名", "column 3 has no header")]
    >>> _header_merges_named(ps, [(1, 2, 1, 3)], 1, ["respondent_id", "窗口", ""])
    >>> ps[0]["value"], ps[0]["problem_en"]
    ('B1:C1 窗口', "column 3 has no header: the header cell B1:C1 ('窗口') is merged across columns 2-3, so column 3 has no name of its own")
    """
    from ..records.io import col_letter as _col_letter

    for p in problems:
        if p["code"] != "missing_header" or not str(p["column"]).startswith("#"):
            continue
        j = int(str(p["column"])[1:])
        for r1, c1, r2, c2 in merges:
            if r1 <= head_row <= r2 and c1 < j <= c2:
                rng = f"{_col_letter(c1 - 1)}{r1}:{_col_letter(c2 - 1)}{r2}"
                name = str(header[c1 - 1]).strip() if c1 - 1 < len(header) else ""
                p["value"] = f"{rng} {name}".strip()
                p["problem_zh"] += f"：表头单元格 {rng}（「{name}」）横向合并在第 {c1}–{c2} 列上，第 {j} 列没有自己的列名"
                p["problem_en"] += (f": the header cell {rng} ('{name}') is merged across columns {c1}-{c2}, so column "
                                    f"{j} has no name of its own")
                p["fix_zh"] = ("请取消表头的合并，给每一列各自的列名（如 窗口编号 与 网点名称），不交付的列可删去，"
                               "然后重新交付")
                p["fix_en"] = ("unmerge the header and give each column a name of its own (窗口编号 and 网点名称, say), "
                               "or delete a column not to be delivered, then deliver again")
                break


def _rows_print(rows: list) -> tuple:
    """A sheet's cells as one hashable value (its rows as read, trailing blanks aside): two sheets alike cell for cell
    give the same."""
    return tuple(tuple(_trimmed(r)) for r in rows)


def _trimmed(cells: list) -> list:
    cells = list(cells)
    while cells and not str(cells[-1]).strip():
        cells.pop()
    return cells


def _copied_sheet(path: Path, copy: str, of: str, n: int) -> "DeliveryError":
    """The refusal of a sheet whose cells are another's (``of``'s): one month's (window's) data copied onto another
    sheet, that month's answers missing; never read as codes and labels, nor as two months (rev19x, exports20)."""
    return DeliveryError(
        f"{path.name}: 工作表「{copy}」与「{of}」逐格完全相同({n} 行):不是一份代码一份标签,而像是把一个"
        f"月(窗口)的数据复制到了另一张工作表,另一个月的答案缺失;请核对后交付正确的工作表 / {path.name}: sheets "
        f"'{copy}' and '{of}' are the same cell for cell ({n} rows): not codes beside labels but, it "
        "seems, one month's (window's) data copied onto the other sheet, the other month's answers missing; "
        "check them and deliver the right sheet")


#: The row key of a workbook delivered one sheet a month: sheet k's row r is ``k * SHEET_KEY + r`` while checked (a
#: spreadsheet has at most 1,048,576 rows), named ``sheet!row`` in the problems (:func:`_sheet_rows`).
SHEET_KEY = 10_000_000


def _same_headers(path: Path, names: list, heads: dict, instrument) -> None:
    """Refuse (:class:`DeliveryError`) sheets read as one delivery (a sheet a month) whose header differs from the
    first's, naming the sheet, the first column that differs and the fix: a column in another place or under another
    name would put answers under the wrong question.  Headers are compared as read (case, spaces and full-width
    letters aside)."""
    norm = {n: [h for h in (_norm_header(x) for x in heads[n])] for n in names}
    for n in names:
        while norm[n] and norm[n][-1] == "":
            norm[n].pop()
    first = names[0]
    for n in names[1:]:
        if norm[n] == norm[first]:
            continue
        a, b = norm[first], norm[n]
        j = next((i for i in range(max(len(a), len(b))) if (a[i] if i < len(a) else None) != (b[i] if i < len(b) else None)))
        ha = heads[first][j] if j < len(heads[first]) else ""
        hb = heads[n][j] if j < len(heads[n]) else ""
        from ..records.io import col_letter
        col = col_letter(j)
        raise DeliveryError(
            f"{path.name}: 工作表「{n}」的表头与「{first}」不同(第 {col} 列:「{hb}」与「{ha}」);各月(各窗口)的工作表按同一份"
            f"交付读取,表头须完全一致:请把「{n}」的列改为与「{first}」相同的列名和次序后重新交付 / {path.name}: the header of "
            f"sheet '{n}' differs from '{first}''s (column {col}: '{hb}' and '{ha}'); the sheets of a month (a window) are "
            f"read as one delivery and need the same header: give '{n}' the columns of '{first}', named and ordered "
            "alike, and deliver again")


def respondents_in(refused: pd.DataFrame) -> int:
    """How many respondents the rows of ``refused`` (:attr:`CheckedDelivery.refused_answers` or
    :attr:`~CheckedDelivery.refused_values`) belong to: one per ``row``, or per (``sheet``, ``row``) for a workbook
    delivered one sheet a month (row 6 of 1月 and row 6 of 2月 are two respondents).

    Examples
    --------
    >>> respondents_in(pd.DataFrame({"sheet": ["1月", "2月", "2月"], "row": [6, 6, 6]}))
    2
    >>> respondents_in(pd.DataFrame({"row": [6, 6, 7]}))
    2
    """
    if not len(refused):
        return 0
    cols = ["sheet", "row"] if "sheet" in refused.columns else ["row"]
    return int(len(refused[cols].drop_duplicates()))


def _shown_rows(keys: pd.Series, dl) -> pd.Series:
    """Row keys as a message names them: the row, or ``sheet!row`` for a workbook delivered one sheet a month."""
    names = getattr(dl, "month_sheets", None) or []
    k = pd.Series(keys).astype("Int64")
    if len(names) < 2:
        return k.astype(str)
    sheet = pd.Series(np.asarray(names, dtype=object)[np.clip((k.fillna(0) // SHEET_KEY).astype(int).to_numpy(), 0,
                                                              len(names) - 1)], index=k.index)
    return (sheet.astype(str) + "!" + (k % SHEET_KEY).astype(str)).where(k.notna(), "<NA>")


def rows_as_shown(frame: pd.DataFrame, dl) -> pd.DataFrame:
    """``frame`` (rows of the delivery: :attr:`CheckedDelivery.valid` or a list of refusals) with each ``row`` key as
    the sheet shows it: for a workbook delivered one sheet a month a ``sheet`` column first and ``row`` (and ``line``)
    the sheet's own row, vectorised; any other delivery's frame unchanged.  What the store keeps and a user reads.

    Examples
    --------
    >>> class Dl: month_sheets = ["1月", "2月"]
    >>> rows_as_shown(pd.DataFrame({"row": [5, SHEET_KEY + 6]}), Dl()).values.tolist()
    [['1月', 5], ['2月', 6]]
    """
    names = getattr(dl, "month_sheets", None) or []
    if len(names) < 2 or "row" not in frame.columns or "sheet" in frame.columns:
        return frame
    k = pd.to_numeric(frame["row"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    out = frame.copy()
    out.insert(0, "sheet", np.asarray(names, dtype=object)[np.clip(k // SHEET_KEY, 0, len(names) - 1)])
    out["row"] = k % SHEET_KEY
    if "line" in out.columns:
        out["line"] = pd.to_numeric(out["line"], errors="coerce").astype("Int64") % SHEET_KEY
    return out


def _rows_named(rows: pd.DataFrame, dl, first: int = 10) -> tuple[str, str]:
    """The first ``first`` rows of ``rows`` (delivery rows with a ``row`` key) as the delivery shows them, for a
    message, in Chinese and in English: ``第 5, 9 行`` / ``rows 5, 9``; for a workbook delivered one sheet a month
    ``1月!5``; the count after an ellipsis when there are more; ``("", "")`` when the frame has no row key.

    Examples
    --------
    >>> class Dl: month_sheets = []
    >>> _rows_named(pd.DataFrame({"row": [5, 9]}), Dl())
    ('第 5, 9 行', 'rows 5, 9')
    >>> _rows_named(pd.DataFrame({"row": range(1, 13)}), Dl(), first=2)
    ('第 1, 2 … (共 12) 行', 'rows 1, 2 … (12 in all)')
    """
    if "row" not in rows.columns or not len(rows):
        return "", ""
    shown = rows_as_shown(rows[["row"]], dl)
    names = (shown["sheet"].astype(str) + "!" + shown["row"].astype(str)) if "sheet" in shown.columns \
        else shown["row"].astype(str)
    text = ", ".join(names.iloc[:first])
    more = len(names) > first
    return (f"第 {text}{f' … (共 {len(names)})' if more else ''} 行",
            f"rows {text}{f' … ({len(names)} in all)' if more else ''}")


def _answers_en(n: int) -> str:
    """``1 answer`` / ``3 answers``."""
    return f"{n} answer" if n == 1 else f"{n} answers"


def _columns_en(cols: list) -> str:
    """``column env1`` / ``columns env1, env2``."""
    return ("column " if len(cols) == 1 else "columns ") + ", ".join(cols)


def _sheet_rows(problems: pd.DataFrame, dl) -> pd.DataFrame:
    """``problems`` of a workbook delivered one sheet a month with each row named as the sheet shows it: ``file``
    ``name[sheet]`` and ``row`` the sheet's row (``sheet!row``), vectorised; a problem of the whole file unchanged."""
    names = getattr(dl, "month_sheets", None) or []
    if len(names) < 2 or not len(problems):
        return problems
    key = pd.to_numeric(problems["row"], errors="coerce")
    has = key.notna().to_numpy()
    k = (key.fillna(0) // SHEET_KEY).astype(int).to_numpy()
    out = problems.copy()
    base = _file_label(dl)
    sheet = np.asarray(names, dtype=object)[np.clip(k, 0, len(names) - 1)]
    out["file"] = np.where(has, base + "[" + sheet.astype(str) + "]", base).astype(object)
    out["row"] = pd.array(np.where(has, key.fillna(0).to_numpy() % SHEET_KEY, np.nan), dtype="Int64")
    line = pd.to_numeric(out["line"], errors="coerce")
    out["line"] = pd.array(np.where(line.notna(), line.fillna(0).to_numpy() % SHEET_KEY, np.nan), dtype="Int64")
    return out


def _refuse_uncalculated(path: Path, sheet: str, header: list, head_row: int, two_rows: bool,
                         ins: Instrument | None, width: int | None = None, facts: dict | None = None) -> None:
    """Refuse (:class:`DeliveryError`) a data sheet with a formula whose result the workbook does not store (written
    by a program, never calculated and saved in Excel): every reader takes such a cell as blank, and an answer
    nobody has seen is never taken as "not answered".  Only cells the delivery reads count: the header's rows, and
    below them the columns whose header is a delivery column (a formula in the firm's own columns is left alone).
    ``width`` counts the header's columns where trailing cells read as blank were popped but values lie below them
    (a formula header in the last column); ``facts``: the workbook's sheets as
    :func:`windoweval.records.io._workbook_facts` gives them, when the caller has them already.
    The message names the cell, its column, how many more there are, and the fix.

    Examples
    --------
    >>> import openpyxl, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.xlsx"
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "数据"
    >>> ws.append(["respondent_id", "weight", "备注"]); ws.append(["R1", "=2*3", "=1+1"]); wb.save(p)
    >>> try:   # the firm's 备注 column (C2) is no delivery column: only B2 counts
    ...     _refuse_uncalculated(p, "数据", ["respondent_id", "weight", "备注"], 1, False, load_instrument("power_hall"))
    ... except DeliveryError as e:
    ...     print("单元格 B2 是公式(列“weight”)" in str(e), "另有" in str(e))
    True False
    """
    from ..records.io import _workbook_facts, col_letter

    fact = (_workbook_facts(path)[1] if facts is None else facts).get(str(sheet)) or {}
    canon = _canonical([str(h) for h in header], ins)
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | (set(ins.expected_columns) if ins is not None else set())
    read = np.array([bool(c) and (ins is None or c in known) for c in canon] + [False])
    last_head = head_row + (1 if two_rows else 0)

    def first(cells):
        """(cell, its header, how many more) of the first of ``cells`` a delivery column or the header holds."""
        if not cells:
            return None
        parts = pd.Series(cells, dtype=object).str.extract(r"^([A-Z]{1,3})(\d+)$").dropna()
        if parts.empty:
            return None
        letters = np.frombuffer("".join(parts[0].str.rjust(3, "@")).encode("ascii"), dtype=np.uint8).reshape(-1, 3)
        cs = (letters.astype(np.int64) - 64) @ np.array([676, 26, 1]) - 1   # 0-based column
        rs = parts[1].astype(np.int64).to_numpy()
        # the header's cells, up to ``width``: a last header read as blank was popped, its column's values still there
        in_header = (rs >= head_row) & (rs <= last_head) & (cs < max(len(header), width or 0))
        in_body = (rs > last_head) & read[np.minimum(cs, len(header))]
        hit = np.flatnonzero(in_header | in_body)
        if not len(hit):
            return None
        i = int(hit[0])
        j = int(cs[i])
        return f"{parts[0].iloc[i]}{rs[i]}", (str(header[j]).strip() if j < len(header) else ""), len(hit) - 1

    got = first(fact.get("formulas") or [])
    if got is not None:
        ref, head, more = got
        raise DeliveryError(
            f"{path.name}: 工作表「{sheet}」的单元格 {ref} 是公式" + (f"(列“{head}”)" if head else "")
            + ",但工作簿中没有保存它的计算结果;请在 Excel 或 WPS 中打开、重新计算(F9)后保存,或把公式列复制为数值后重新交付"
            + (f"(另有 {more} 个这样的公式)" if more else "") + "。读取程序只能把它读作空白,而没人见过的答案不能当作未作答 / "
            f"{path.name}: cell {ref} of sheet '{sheet}' holds a formula" + (f" (column {head})" if head else "")
            + " whose result the workbook does not store; open it in Excel or WPS, recalculate (F9) and save, or paste "
            "the formula columns as values, and deliver again" + (f" ({more} more such formulas)" if more else "")
            + ". A reader can only take it as blank, and an answer nobody has seen is never taken as not answered")
    linked = dict(fact.get("linked") or [])
    got = first(list(linked))
    if got is not None:      # a formula reading another workbook: that file's value as last saved, not the delivery's
        ref, head, more = got
        book = linked.get(ref) or "?"
        raise DeliveryError(
            f"{path.name}: 工作表「{sheet}」的单元格 {ref}" + (f"(列“{head}”)" if head else "")
            + f" 的公式取自另一个工作簿({book}),不是本次交付的数据" + (f"(另有 {more} 个这样的公式)" if more else "")
            + ";请把这些列复制后选择性粘贴为数值,或在 Excel“数据 → 编辑链接 → 断开链接”后保存,再重新交付 / "
            f"{path.name}: cell {ref} of sheet '{sheet}'" + (f" (column {head})" if head else "")
            + f" holds a formula taking its value from another workbook ({book}), not data of this delivery"
            + (f" ({more} more such formulas)" if more else "") + "; paste the columns as values, or break the links "
            "(Excel: Data → Edit Links → Break Link) and save, then deliver again")


def _codes_and_labels(path: Path, a: tuple, b: tuple, ins: Instrument) -> str | None:
    """Which of two data sheets to read when one holds the answers as codes and the other as the instrument's labels
    (a firm's 代码 and 标签 sheets): the one with codes (``a``'s name when both hold codes).  Each sheet is
    ``(name, header, rows, row numbers)``.  None unless they hold the same columns and respondents in the same order
    (two parts of the data: refused by the caller); then, cell by cell, the same answers (a label read as its code),
    else :class:`DeliveryError` names the file, both sheets, the row, the column and the two values, and the fix
    (deliver one sheet)."""
    def refuse(zh, en):
        raise DeliveryError(f"{path.name}: 工作簿中有 2 个工作表都像数据表(「{a[0]}」「{b[0]}」),{zh};请只交付一个数据表"
                            f"(删去另一个后重新交付),以免读错或漏读受访者 / {path.name}: 2 sheets of the workbook look "
                            f"like data ('{a[0]}', '{b[0]}'), {en}; deliver one data sheet (remove the other and "
                            f"deliver again), so that no answer is misread or left unread")

    ha = _canonical([_norm_header(h) for h in a[1]], ins)
    hb = _canonical([_norm_header(h) for h in b[1]], ins)
    if sorted(ha) != sorted(hb) or len(a[2]) != len(b[2]) or "respondent_id" not in ha:
        return None
    # both sheets' cells as arrays (b's columns in a's order); a cell equal as written is equal; the others are
    # compared as the checks read them (NFKC: ＲＥＳ００１ is RES001, ５ is 5; trimmed; a label as its code), each
    # distinct value looked at once per column: no per-cell Python
    width = len(ha)
    pos_b = [{h: j for j, h in enumerate(hb)}[h] for h in ha]
    va_all = np.array(a[2], dtype=object).reshape(len(a[2]), width)   # rows padded to the header by the reader
    vb_all = np.array(b[2], dtype=object).reshape(len(b[2]), len(hb))[:, pos_b]
    ids = ha.index("respondent_id")
    id_a, id_b = va_all[:, ids], vb_all[:, ids]
    differ = id_a != id_b
    if differ.any() and (_by_distinct(id_a[differ], _cleaned) != _by_distinct(id_b[differ], _cleaned)).any():
        return None   # other respondents (a sheet a window, a month): refused as two data sheets
    # the same ids, but other interviews: a sheet a window (or a month) whose ids restart at 001 on each sheet.  A
    # sheet of labels is the same interviews (the same PSU, date and weight, a slip here and there); most rows with
    # another PSU, date or weight are other respondents, read as two parts of the data, their ids then repeated
    # (duplicate_id, naming both rows), never refused as one sheet of codes and one of labels ("deliver one sheet"
    # would drop a window's respondents)
    # (review39) a row of a labels sheet is the same interview: its answers agree with the codes', one at least read
    # through its label (a labels sheet may show the PSU by its label too, the window's name, on every row); two
    # sheets of codes agreeing digit for digit tell nothing (satisfaction sits at the ceiling: every answer 5)
    design = [ha.index(c) for c in ("psu", "interview_date", "weight") if c in ha]
    if design and len(va_all):
        other = np.zeros(len(va_all), dtype=bool)
        for j in design:
            other |= _by_distinct(va_all[:, j], _cleaned) != _by_distinct(vb_all[:, j], _cleaned)
        if other.sum() * 2 > len(va_all):
            agree = np.ones(len(va_all), dtype=bool)     # every answer the same, a label read as its code
            labelled = np.zeros(len(va_all), dtype=bool)  # one answer at least a label on one side, a code on the other
            for j in (j for j, h in enumerate(ha) if h in set(ins.coded_columns)):
                code = _answer_code(ins, ha[j])
                (ca, na), (cb, nb) = _codes_by_distinct(va_all[:, j], code), _codes_by_distinct(vb_all[:, j], code)
                by_code = ~np.isnan(ca) & (ca == cb)
                agree &= (_by_distinct(va_all[:, j], _cleaned) == _by_distinct(vb_all[:, j], _cleaned)) | by_code
                labelled |= by_code & (na != nb)
            if (other & ~(agree & labelled)).sum() * 2 > len(va_all):
                return None
    diff = va_all != vb_all
    bad = np.zeros_like(diff)
    numeric = [0, 0]
    coded = set(ins.coded_columns)
    # the columns whose two values a refusal may show: answers and the design's fields, never free text
    shown = (set(ins.expected_columns) | set(OPTIONAL_COLUMNS)) - {"comment"}
    for j in np.flatnonzero(diff.any(axis=0)):
        rows = diff[:, j]
        xa, xb = va_all[rows, j], vb_all[rows, j]
        ok = _by_distinct(xa, _cleaned) == _by_distinct(xb, _cleaned)
        h = ha[j]
        if h in coded:
            code = _answer_code(ins, h)
            (ca, na), (cb, nb) = _codes_by_distinct(xa, code), _codes_by_distinct(xb, code)
            by_code = ~np.isnan(ca) & (ca == cb)
            ok |= by_code
            numeric[0] += int((na & by_code).sum())
            numeric[1] += int((nb & by_code).sum())
        bad[np.flatnonzero(rows)[~ok], j] = True
    if bad.any():
        k, j = (int(x) for x in np.argwhere(bad)[0])   # row-major: the first row, then its first column
        va, vb, h = str(va_all[k, j]).strip(), str(vb_all[k, j]).strip(), ha[j]
        if h in shown:
            refuse(f"两表第 {a[3][k]} 行(「{b[0]}」第 {b[3][k]} 行)列 {h} 不一致:「{va}」与「{vb}」",
                   f"which disagree on row {a[3][k]} ('{b[0]}' row {b[3][k]}), column {h}: '{va}' and '{vb}'")
        # a comment or a column the instrument does not know (a name, a phone): its values are not echoed
        refuse(f"两表第 {a[3][k]} 行(「{b[0]}」第 {b[3][k]} 行)列 {h} 不一致(该列可能含个人信息,不显示其值)",
               f"which disagree on row {a[3][k]} ('{b[0]}' row {b[3][k]}), column {h} (its values are not shown: "
               "the column may hold personal data)")
    return b[0] if numeric[1] > numeric[0] else a[0]


def _cleaned(v) -> str:
    """A cell as the checks read it: NFKC-folded and trimmed (:func:`_clean_text`)."""
    return unicodedata.normalize("NFKC", "" if v is None else str(v)).strip()


def _by_distinct(values: np.ndarray, fn) -> np.ndarray:
    """``fn`` of each of ``values``, called once per distinct value (a column of answers holds a handful)."""
    codes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    got = np.empty(len(uniq), dtype=object)
    got[:] = [fn(u) for u in uniq]
    return got[codes]


def _codes_by_distinct(values: np.ndarray, code) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_answer_code`'s ``(code, written as digits)`` of each of ``values`` as two arrays, once per distinct
    value."""
    ix, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    got = [code(u) for u in uniq]
    return (np.array([g[0] for g in got], dtype=float).reshape(-1)[ix],
            np.array([g[1] for g in got], dtype=bool).reshape(-1)[ix])


def _answer_code(ins: Instrument, column: str):
    """A function from an answer of ``column`` (as written) to ``(its code or NaN, written as digits)``: a number
    (5, ５, 5.0) is itself, a label of the question's options (or of the missing code; spaces inside taken out) its
    code, anything else NaN."""
    l2c = {_squeeze(k).lower(): c for k, c in ins.label_to_code(column).items()}

    def code(v):
        t = _cleaned(v)
        if re.fullmatch(r"\d+(?:\.0*)?", t):
            return float(t), True
        got = l2c.get(_squeeze(t).lower())
        if got is None:   # a label with its code (满意(4), 5 非常满意): the code when the two agree, as the checks read it
            said, label = _code_and_label(t)
            got = said if label and l2c.get(_squeeze(label).lower()) == said else np.nan
        return float(got), False
    return code


#: The most values (cases x variables) and variables an SPSS delivery may declare in its header: a survey of
#: 100,000 respondents and 500 variables is 50 million; beyond is a broken or forged file, refused unread.
MAX_SAV_CELLS = 50_000_000
MAX_SAV_COLUMNS = 16_384


_SAV_WHY = (   # pyreadstat's (ReadStat's) words -> what they mean for a delivery, in Chinese and English
    (("unable to read", "unable to seek", "end of file", "did not contain the expected number"),
     "文件读到中途就结束了：很可能传输中断或文件被截断", "the file ends part way through: most likely cut short in transfer"),
    (("invalid file", "unsupported features", "parse error"),
     "文件内容不是有效的 SPSS/Stata 格式，或用了不支持的特性", "its content is not a valid SPSS/Stata file, or uses "
     "features not supported"),
    (("unsupported character set", "iconv", "convert"),
     "文件声明的字符编码无法识别", "the character set it declares is not recognised"),
    (("unable to open", "no such file", "permission"),
     "文件无法打开（不存在或没有读取权限）", "the file cannot be opened (missing, or not readable)"),
)


def _unreadable_sav(path: Path, soft: str, e: Exception) -> "DeliveryError":
    """The refusal of a ``.sav``/``.dta`` the reader cannot read: the file's name, what the reader's words mean in
    both languages (a file cut short says so), the reader's own words kept, and the fix.

    Examples
    --------
    >>> zh, en = str(_unreadable_sav(Path("交付.sav"), "SPSS", OSError("Unable to read from file"))).split(" / ")
    >>> zh.startswith("交付.sav: 无法读取 SPSS 文件"), "截断" in zh, "cut short" in en
    (True, True, True)
    """
    said = str(e)
    low = said.lower()
    zh, en = "文件已损坏", "the file is broken"
    for words, why_zh, why_en in _SAV_WHY:
        if any(w in low for w in words):
            zh, en = why_zh, why_en
            break
    return DeliveryError(f"{path.name}: 无法读取 {soft} 文件（{zh}；读取器：{said}）；请从 {soft} 重新导出并完整传送，或交付 CSV / "
                         f"{path.name}: cannot read the {soft} file ({en}; the reader said: {said}); export it from "
                         f"{soft} again and send it whole, or deliver CSV")


def _read_sav(path: Path, instrument: Instrument | None, fmt: str = "sav") -> Delivery:
    """An SPSS ``.sav``/``.zsav`` or (``fmt="dta"``) a Stata ``.dta`` delivery: value labels kept for the checks,
    user-missing values (SPSS codes and ranges) recoded to the missing code; Stata's extended missing values
    ``.a``-``.z`` (and ``.``) are read as blank, an item not answered, never a score."""
    import pyreadstat

    soft = "Stata" if fmt == "dta" else "SPSS"
    read = pyreadstat.read_dta if fmt == "dta" else pyreadstat.read_sav
    try:   # the header's size first: a compressed .zsav (or a lying .sav) may inflate to gigabytes
        _, head = read(str(path), metadataonly=True)
    except Exception as e:  # noqa: BLE001
        raise _unreadable_sav(path, soft, e) from e
    cells = max(head.number_rows or 0, 0) * max(head.number_columns or 0, 0)
    if cells > MAX_SAV_CELLS or (head.number_columns or 0) > MAX_SAV_COLUMNS:
        raise DeliveryError(
            f"{path.name}: {soft} 文件头声明 {head.number_rows:,} 个个案 × {head.number_columns:,} 个变量，远超任何调查交付"
            f"（上限 {MAX_SAV_CELLS:,} 个值、{MAX_SAV_COLUMNS:,} 个变量）：文件已损坏或被篡改；请重新导出，或交付 CSV / "
            f"the {soft} header declares {head.number_rows:,} cases x {head.number_columns:,} variables, far beyond any "
            f"survey delivery (at most {MAX_SAV_CELLS:,} values, {MAX_SAV_COLUMNS:,} variables): the file is broken "
            "or forged; export it again, or deliver CSV")
    # a header may leave the case count unknown (-1: a .zsav written in one pass) or understate it: never more
    # cases are read than the limit allows for this many variables, and a file holding more is refused
    most = MAX_SAV_CELLS // max(head.number_columns or 1, 1)
    try:   # Stata: .a-.z read as missing (NaN: a blank cell), never as the letters or a number
        df, meta = read(str(path), apply_value_formats=False, user_missing=fmt != "dta", row_limit=most + 1)
    except Exception as e:  # noqa: BLE001
        raise _unreadable_sav(path, soft, e) from e
    if len(df) > most:
        declared_zh = "未声明个案数" if (head.number_rows or -1) < 0 else f"声明 {head.number_rows:,} 个个案"
        declared_en = ("leaves the case count unknown" if (head.number_rows or -1) < 0
                       else f"declares {head.number_rows:,} cases")
        raise DeliveryError(
            f"{path.name}: {soft} 文件头{declared_zh}，文件却有超过 {most:,} 个个案 × {head.number_columns:,} 个变量，远超任何"
            f"调查交付（上限 {MAX_SAV_CELLS:,} 个值）：文件已损坏或被篡改；请重新导出，或交付 CSV / "
            f"the {soft} header {declared_en}, but the file holds more than {most:,} cases x {head.number_columns:,} "
            f"variables, far beyond any survey delivery (at most {MAX_SAV_CELLS:,} values): the file is broken or "
            "forged; export it again, or deliver CSV")
    header = list(df.columns)
    probs: list = []
    canon = _by_variable_labels(header, _canonical(header, instrument),
                                getattr(meta, "column_names_to_labels", None) or {}, instrument, soft, probs)
    labels, user_missing = {}, {}
    for h, c in zip(header, canon):
        if h in meta.variable_value_labels:
            labels[c] = {_cell_str(k): str(v) for k, v in meta.variable_value_labels[h].items()}
        um = list((getattr(meta, "missing_user_values", None) or {}).get(h, []))
        for rng in (getattr(meta, "missing_ranges", None) or {}).get(h, []):
            lo, hi = rng.get("lo"), rng.get("hi")
            if lo == hi and lo is not None:
                um.append(lo)
            elif lo is not None and hi is not None:   # a user-missing range (97 THRU 99): the values found in it
                col = pd.to_numeric(df[h], errors="coerce")
                um.extend(col[(col >= lo) & (col <= hi)].unique().tolist())
        if um:
            user_missing[c] = sorted({_cell_str(v) for v in um})
    # ids, windows, strata, PSUs as the package shows them (an answer's, a weight's or a date's number is a number)
    numeric = set((instrument.coded_columns if instrument is not None else ())) | {"weight", "duration_s",
                                                                                    "interview_date"}
    formats = getattr(meta, "original_variable_types", None) or {}
    df = _zero_padded_formats(df, {h: f for h, f in formats.items() if h in header
                                   and canon[header.index(h)] not in numeric})
    rows = [[_cell_str(v) for v in r] for r in df.itertuples(index=False, name=None)]
    # value labels of identifier-like columns are the values surveyors mean (1 -> "PW01")
    for j, c in enumerate(canon):
        if c in ("window_id", "customer_type", "stratum", "psu") and c in labels:
            lab = labels[c]
            for r in rows:
                r[j] = lab.get(r[j], r[j])
    numbers = list(range(1, len(rows) + 1))
    return _finish(path, fmt, None, header, rows, numbers, {}, probs, instrument, labels, user_missing, canon=canon)


def _by_variable_labels(header: list, canon: list, var_labels: dict, instrument: Instrument | None, soft: str,
                        probs: list) -> list:
    """``canon`` with each variable whose name is no column of the delivery read by its variable label, where the
    label is one (a question's text, a fixed column's Chinese name): SPSS and Stata name variables Q1, Q2, V3 …
    and keep the question's wording in the label, the header SPSS shows. One warning names every variable so read;
    a column that another variable holds by its own name keeps it (the label is not read), and two variables
    labelled as one column are refused, naming both (which holds the answers is not guessed).

    Examples
    --------
    >>> probs = []
    >>> _by_variable_labels(["ID", "Q1", "Q2"], ["respondent_id", "q1", "q2"],
    ...                     {"Q1": "营业厅环境整洁、舒适", "Q2": "访问员"}, load_instrument("power_hall"), "SPSS", probs)
    ['respondent_id', 'env1', 'q2']
    >>> [p["code"] for p in probs]
    ['column_by_label']
    """
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | set(instrument.coded_columns if instrument else ())
    text = [str(var_labels.get(h) or "").strip() for h in header]
    by_label = _canonical(text, instrument)
    held = {c for c in canon if c in known}
    want: dict[str, list[int]] = {}
    for j, c in enumerate(by_label):
        if canon[j] not in known and text[j] and c in known and c not in held:
            want.setdefault(c, []).append(j)
    out, moved = list(canon), []
    for c, js in want.items():
        if len({_norm_header(text[j]) for j in js}) > 1:
            # labels that are different names of one column (窗口编号 and 窗口): the better-known one read, as two
            # headers are (_finish's rank: the column's own name, then its aliases in order), the other left unread
            names = [_norm_header(a) for a in [c, *ALIASES.get(c, [])]]
            rank = {j: names.index(_norm_header(text[j])) if _norm_header(text[j]) in names else len(names)
                    for j in js}
            best = min(js, key=lambda j: (rank[j], j))
            if sum(rank[j] == rank[best] for j in js) == 1:
                for j in js:
                    if j != best:
                        probs.append(_problem(
                            None, str(header[j]), text[j], "warning", "synonym_column",
                            f"{soft} 变量 {header[j]}（{text[j]}）与 {header[best]}（{text[best]}）都可读作 '{c}';已读取 "
                            f"{header[best]},{header[j]} 不检查、不导入",
                            f"{soft} variables {header[j]} ({text[j]}) and {header[best]} ({text[best]}) both read "
                            f"as '{c}'; {header[best]} is read, {header[j]} is neither checked nor imported",
                            fix_zh=FIXES["synonym_column"][0], fix_en=FIXES["synonym_column"][1]))
                js = [best]
        if len(js) == 1:
            out[js[0]] = c
            moved.append(f"{header[js[0]]}（{text[js[0]]}）→ {c}")
            continue
        names = ", ".join(str(header[j]) for j in js)
        probs.append(_problem(None, c, names, "error", "duplicate_column",
                              f"{soft} 变量 {names} 的变量标签都是 '{text[js[0]]}'（列 {c}），无法判断哪一个是该列",
                              f"{soft} variables {names} are all labelled '{text[js[0]]}' (column {c}); which one "
                              "holds it cannot be told",
                              fix_zh=f"请只给其中一个变量这个变量标签，或把它改名为 {c}，再重新交付",
                              fix_en=f"give that variable label to one of them only, or rename it {c}, and deliver "
                                     "again"))
    if moved:
        probs.append(_problem(None, "", "; ".join(moved), "warning", "column_by_label",
                              f"{len(moved)} 个{soft}变量的变量名不是交付格式的列名，按其变量标签（题目原文或固定列的中文名）读取："
                              + "; ".join(moved),
                              f"{len(moved)} {soft} variables whose names are no column of the delivery format are read "
                              "by their variable labels (a question's text or a fixed column's Chinese name): "
                              + "; ".join(moved),
                              fix_zh="如有读错，请把变量改名为交付格式的列名（如 env1）后重新交付",
                              fix_en="where one is read wrongly, rename the variable to the format's column name "
                                     "(such as env1) and deliver again"))
    return out


def _zero_padded_formats(df: pd.DataFrame, formats: dict) -> pd.DataFrame:
    """``df`` with each numeric variable whose display format writes leading zeros (SPSS ``N6``, Stata ``%06.0f``:
    respondent 000123 stored as the number 123) as the text the package shows, whole numbers only; an id is text
    ("0012" stays "0012").  Column-wise.

    Examples
    --------
    >>> d = pd.DataFrame({"id": [1.0, 23.0, np.nan, 2.5], "w": [1.0, 2.0, 3.0, 4.0]})
    >>> _zero_padded_formats(d, {"id": "N6", "w": "F8.2"})["id"].tolist()
    ['000001', '000023', nan, 2.5]
    >>> _zero_padded_formats(d, {"id": "%06.0f"})["id"].tolist()[:2]
    ['000001', '000023']
    """
    out = None
    for col, fmt in formats.items():
        m = re.fullmatch(r"N(\d+)|%0(\d+)\.0f", str(fmt).strip())
        if not m or col not in df.columns or not pd.api.types.is_numeric_dtype(df[col]):
            continue
        width = int(m.group(1) or m.group(2))
        v = df[col]
        whole = v.notna() & (v >= 0) & (v == np.floor(v.fillna(0)))
        if not whole.any():
            continue
        out = df.copy() if out is None else out
        col_out = out[col].astype(object)
        col_out[whole] = v[whole].astype("int64").astype(str).str.zfill(width)
        out[col] = col_out
    return df if out is None else out


# A header declares a two-phase sample only when the whole of it (case, spaces, '_' and '-' aside) is one of these
# names: a column merely holding the word (fieldwork_phase, phase_of_service, subsample_note, 第一相关部门) is an
# unknown column as any other (review16 #4).
_TWO_PHASE_EN_STEMS = ("phase", "phase1", "phase2", "twophase", "subsample", "subsampled")
_TWO_PHASE_EN_PRE = ("", "in", "is", "in_", "is_")
_TWO_PHASE_EN_POST = ("", "flag", "indicator", "ind", "weight", "wt", "sample", "design", "id")
_TWO_PHASE_ZH_STEMS = ("二相", "两相", "第一相", "第二相", "子样本", "二重抽样", "双重抽样")
_TWO_PHASE_ZH_PRE = ("", "是否", "入选", "是否入选")
_TWO_PHASE_ZH_POST = ("", "样本", "标记", "标识", "权重", "抽样", "指示", "编号", "设计")
_TWO_PHASE_NAMES = frozenset(
    {p.replace("_", "") + s + q for s in _TWO_PHASE_EN_STEMS for p in _TWO_PHASE_EN_PRE for q in _TWO_PHASE_EN_POST}
    | {p + s + q for s in _TWO_PHASE_ZH_STEMS for p in _TWO_PHASE_ZH_PRE for q in _TWO_PHASE_ZH_POST})
_TWO_PHASE_WHY = (
    "这一列声明了两相抽样（先筛选、再从中抽子样本）。交付格式只承载一个抽样设计：完成访问的受访者每人一行，带最终权重、抽样层与初级"
    "抽样单元；两相设计的方差（R 的 twophase）还需要第一相的全部样本及第二相的入样概率，本系统不估计。请只交付第二相（完成问卷）的"
    "受访者，权重为第一相权重乘以第二相抽样比的倒数，抽样层与初级抽样单元用第一相的、不作有限总体校正：R 的 svydesign 对这样的交付"
    "按初级抽样单元估计的方差已包含在单元内抽子样本的变异，只少算按筛选结果分层带来的增益（偏保守）",
    "this column declares a two-phase sample (a screener, then a subsample of it). The delivery format carries one "
    "design: a row per completed interview with its final weight, stratum and primary sampling unit; a two-phase "
    "variance (R's twophase) needs the whole phase-1 sample and the phase-2 selection probabilities as well, and is "
    "not estimated here. Deliver the phase-2 (completed) respondents only, weighted by the phase-1 weight over the "
    "phase-2 sampling fraction, with the phase-1 strata and PSUs and no fpc: R's svydesign on such a delivery takes "
    "the variance between PSUs, which holds the subsampling within them; it leaves out only the gain of stratifying "
    "phase 2 on the screener's answers (conservative)")


def _declares_two_phase(header: str) -> bool:
    """A column that declares a two-phase sample, its whole header one of the names: phase, phase2, in_phase2,
    twophase, subsample, 第二相, 子样本, 第一相权重 … (not fieldwork_phase, subsample_note or 第一相关部门)."""
    h = re.sub(r"[\s_\-]+", "", str(header)).lower()
    return h in _TWO_PHASE_NAMES


#: The largest delivery file read (a text delivery is read whole and decoded: a 2 GB file took ~10 GB of memory
#: before its first row was looked at); a survey of 100,000 respondents with 60 items is ~40 MB as CSV.
MAX_DELIVERY_BYTES = 512 * 1024 * 1024


#: The endings of a delivery file's name (those read, and those refused with the fix: .xls, .tsv, .htm): the files a
#: folder given as a delivery is said to hold (one set, :data:`windoweval.paths.DELIVERY_SUFFIXES`).
from ..paths import DELIVERY_SUFFIXES  # noqa: E402


def _folder_refusal(path: Path) -> str:
    """What a folder given as a delivery is told: a delivery is one file (the store keeps it by its bytes' hash, and
    its rows are named by their file's rows), the delivery files the folder holds, and the fix (a firm that split its
    delivery over several files joins them, or puts them in one workbook, a sheet each, read as one delivery).  The
    folder is shown by :func:`windoweval.privacy.shown_paths` (the folders above it can carry a person's name)."""
    from ..privacy import shown_paths

    try:
        files = sorted(p.name for p in path.iterdir() if p.is_file() and p.suffix.lower() in DELIVERY_SUFFIXES)
    except OSError:      # a folder that may not be listed: said as a folder all the same
        files = []
    names = "、".join(files[:5]) + (f" …（共 {len(files)} 个）" if len(files) > 5 else "")
    names_en = ", ".join(files[:5]) + (f" … ({len(files)} in all)" if len(files) > 5 else "")
    shown = shown_paths(str(path))
    held_zh = f"其中有 {len(files)} 个文件（{names}）" if files else "其中没有 CSV、XLSX、SAV 或 DTA 文件"
    held_en = f"it holds {len(files)} file(s) ({names_en})" if files else "it holds no CSV, XLSX, SAV or DTA file"
    return (f"「{shown}」是文件夹，不是交付文件：一份交付是一个文件，{held_zh}。分成几个文件交付的（每个窗口或每月一个），"
            "请合并为一个文件（表头相同、受访者编号在全部文件中唯一），或放进一个 XLSX 工作簿、每个文件一个工作表（各工作表按"
            "一份交付读取），再检查、导入；只检查其中一个文件时请写出该文件的路径 / "
            f"'{shown}' is a folder, not a delivery file: a delivery is one file, and {held_en}. A delivery split over "
            "several files (a window or a month each): join them into one file (the same header, respondent ids unique "
            "across all of them), or put them in one XLSX workbook, a sheet each (the sheets are read as one delivery), "
            "then check and import it; to check one of them, give that file's path")


def delivery_file(path: Path) -> None:
    """Refuse (:class:`DeliveryError`, exit 3) a delivery that is not a regular file of a readable size: missing,
    a folder (it had raised IsADirectoryError: exit 5 with a traceback; said with the files it holds and the fix, the
    one message every command gives), a pipe, a device or a socket (a FIFO left ``survey check`` waiting for ever), a
    link to nothing, or larger than :data:`MAX_DELIVERY_BYTES`; named by its file name alone.  What the path is comes
    from :func:`windoweval.records.workspace.not_regular`, the one check of every input.

    >>> import tempfile
    >>> try:
    ...     delivery_file(Path(tempfile.mkdtemp()) / "交付.csv")
    ... except DeliveryError as e:
    ...     print(e.exit_code, str(e).split(" / ")[0])
    3 交付.csv: 找不到交付文件;请检查文件名和路径
    """
    from ..records.workspace import not_regular

    name = path.name or str(path)
    why = not_regular(path)
    if why is None and not os.path.exists(path):
        raise DeliveryError(f"{name}: 找不到交付文件;请检查文件名和路径 / {name}: no such delivery file: check its name "
                            "and path")
    if why is not None and os.path.isdir(path):
        raise DeliveryError(_folder_refusal(path))
    if why is not None:
        raise DeliveryError(f"{name}: 交付文件{why[0]};请先把交付保存为一个普通文件,再给出该文件 / {name}: the delivery "
                            f"{why[1]}: save the delivery as an ordinary file first, and give that file")
    try:
        size = os.stat(path).st_size
    except OSError as e:        # gone between the two looks
        raise DeliveryError(f"{name}: 无法读取交付文件({e.strerror or e});请检查文件及其权限 / {name}: the delivery "
                            f"cannot be read ({e.strerror or e}): check the file and its permissions") from None
    if size > MAX_DELIVERY_BYTES:
        raise DeliveryError(f"{name}: 文件过大({size:,} 字节,上限 {MAX_DELIVERY_BYTES:,}),不是一份调查交付;请检查是否"
                            f"交错了文件,或按窗口分成几份交付 / {name}: the file is too large ({size:,} bytes, at most "
                            f"{MAX_DELIVERY_BYTES:,}) to be a survey delivery: check it is the right file, or deliver it "
                            "in parts (by window)")


def read_delivery(source, instrument: Instrument | str | None = None) -> Delivery:
    """Read a delivery file without judging its values.

    读取交付文件（暂不检查取值）：CSV（UTF-8、带 BOM 的 UTF-8、GB18030/GBK）、XLSX、SPSS .sav、Stata .dta。

    Parameters
    ----------
    source : path or bytes-like file name
        The delivery. The format follows the extension: ``.csv`` / ``.txt``,
        ``.xlsx`` / ``.xlsm``, ``.sav`` / ``.zsav``, ``.dta`` (Stata: value labels as for SPSS; the missing
        values ``.a``-``.z`` are blank, an item not answered).
    instrument : Instrument or str, optional
        Used to recognise the item columns and the Chinese header of the overall item.

    Returns
    -------
    Delivery
        ``frame`` has one row per readable data row, canonical column names, all
        values as text, and ``row`` (the surveyor's row number).

    Raises
    ------
    DeliveryError
        The file cannot be read at all (unknown extension, undecodable bytes, no header).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "x.csv"
    ...     _ = p.write_bytes("受访者编号,窗口编号,weight\\r\\nR1,PW01,1.5\\r\\nR2,PW01\\r\\n".encode("gb18030"))
    ...     dl = read_delivery(p)
    >>> dl.encoding, list(dl.frame.columns)
    ('gb18030', ['row', 'line', 'respondent_id', 'window_id', 'weight'])
    >>> [(p["row"], p["code"]) for p in dl.problems]
    [(3, 'ragged_row')]
    """
    from ..records.io import encrypted_messages, ole_encrypted

    path = Path(source)
    delivery_file(path)
    ins = load_instrument(instrument) if instrument is not None else None
    ext = path.suffix.lower()
    if ext in (".csv", ".txt"):
        b = path.read_bytes()
        if b[:4] == b"PK\x03\x04":   # a workbook saved under a text name (交付.csv), or a delivery zipped whole:
            return _read_xlsx(path, ins)   # read as the workbook it is, or refused naming the archive, as records are
        if b[:4] in (b"$FL2", b"$FL3"):   # an SPSS data file (.sav, .zsav) under a text name: read as the file it is
            return _read_sav(path, ins)
        if b[:4] == b"\xd0\xcf\x11\xe0" and ole_encrypted(path):   # a workbook with a password to open, renamed
            zh, en = encrypted_messages(path)
            raise DeliveryError(f"{path.name}: {zh} / {path.name}: {en}")
        if b[:4] == b"\xd0\xcf\x11\xe0":   # an old binary workbook (OLE2) under a text name: never decoded as text
            raise DeliveryError(
                f"{path.name}: 这个文件其实是旧版 Excel(.xls)工作簿,只是用了 {ext} 的扩展名,无法直接读取;请在 Excel 或 WPS 中打开,"
                f"“另存为” .xlsx 或 CSV(UTF-8)后重新交付 / {path.name}: this file is an old Excel (.xls) workbook under "
                f"a {ext} name and cannot be read as it is; open it in Excel or WPS, save it as .xlsx or CSV (UTF-8), "
                "and deliver it again")
        return _read_csv(b, path, ins)
    if ext in (".xlsx", ".xlsm"):
        return _read_xlsx(path, ins)
    if ext in (".sav", ".zsav"):
        return _read_sav(path, ins)
    if ext == ".dta":
        return _read_sav(path, ins, "dta")
    if ext == ".xls":
        # what a system's "export to Excel" writes under the .xls name, told from its first bytes as records exports
        # are: an XLSX workbook (WPS and some systems) is read as one; text (tab-delimited, UTF-16 "Unicode text") as
        # a CSV; a web page's table, Excel 2003 XML or old binary Excel refused with what to do (left19x, round eleven)
        from ..records.io import _xls_content

        what = _xls_content(path)
        if what == "zip":
            return _read_xlsx(path, ins)
        if what == "ole" and ole_encrypted(path):   # a workbook with a password to open, under an .xls name
            zh, en = encrypted_messages(path)
            raise DeliveryError(f"{path.name}: {zh} / {path.name}: {en}")
        if what == "text":
            return _read_csv(path.read_bytes(), path, ins)
        if what == "html":
            return _read_html(path, ins)
        kind_zh, kind_en = {"xml": ("其实是 Excel 2003 XML 表格", "is an Excel 2003 XML spreadsheet")}.get(
                                what, ("是旧版 Excel(.xls)工作簿", "is an old Excel (.xls) workbook"))
        raise DeliveryError(
            f"{path.name}: 这个 .xls 文件{kind_zh}(许多系统的“导出 Excel”如此),无法直接读取;请在 Excel 或 WPS 中打开,"
            f"“另存为” .xlsx 或 CSV(UTF-8)后重新交付 / {path.name}: this .xls file {kind_en} (as many systems' \"export "
            "to Excel\" write it) and cannot be read as it is; open it in Excel or WPS, save it as .xlsx or CSV "
            "(UTF-8), and deliver it again")
    raise DeliveryError(
        f"不支持的文件类型 '{ext}'：请交付 CSV、XLSX、SPSS .sav 或 Stata .dta / "
        f"unsupported file type '{ext}': deliver CSV, XLSX, SPSS .sav or Stata .dta"
    )


@dataclass
class CheckedDelivery:
    """A delivery with its values checked and typed.

    Attributes
    ----------
    delivery : Delivery
    instrument : Instrument
    year : int or None
        The survey year dates were checked against.
    responses : pandas.DataFrame
        Typed rows (``row``, ``respondent_id``, ``window_id``, ``interview_date``,
        ``stratum``, ``psu``, ``weight``, the coded columns as float codes,
        ``customer_type``, ``duration_s``, ``comment``); a value that failed its check is
        missing.
    problems : pandas.DataFrame
        Columns as :data:`PROBLEM_COLUMNS`.
    screening : pandas.DataFrame or None
        The output of :func:`windoweval.survey.screening.screen_responses`.
    dropped_rows : list of int
        Exact repeats of an earlier row, dropped with a warning (not errors).

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=6, seed=2, careless_share=0)
    >>> df.loc[1, "interview_date"] = "2024-05-01"
    >>> with demo.delivery_file(df) as p:
    ...     chk = parse_delivery(p, "power_hall", year=2025)
    >>> chk.errors["code"].tolist(), chk.rejected_rows, chk.file_ok, len(chk.valid)
    (['date_outside_year'], [3], True, 5)
    """

    delivery: Delivery
    instrument: Instrument
    year: int | None
    responses: pd.DataFrame
    problems: pd.DataFrame
    screening: pd.DataFrame | None
    dropped_rows: list = field(default_factory=list)
    #: a workbook delivered one sheet a month: each problem's row key (``responses``' ``row``), the problems naming
    #: it as the sheet shows it (``file`` book.xlsx[sheet], ``row`` the sheet's row); None otherwise
    row_keys: pd.Series | None = None

    @property
    def errors(self) -> pd.DataFrame:
        """Problems of severity ``error``."""
        return self.problems[self.problems["severity"] == "error"]

    def _keys(self) -> pd.Series:
        """Each problem's row key (its row, or for a sheet a month the key of ``responses``' ``row``)."""
        if self.row_keys is None:
            return self.problems["row"]
        return pd.Series(self.row_keys.to_numpy(), index=self.problems.index)

    @property
    def file_ok(self) -> bool:
        """No file-level error (an error with no row): the rows can be imported."""
        e = self.errors
        return not (e["row"].isna() | (e["row"] == 1) & (self.delivery.format not in ("sav", "dta"))).any()

    @property
    def rejected_rows(self) -> list[int]:
        """Row numbers refused for at least one error (row keys for a sheet a month: :attr:`row_keys`)."""
        err = self.problems["severity"] == "error"
        e = self._keys()[err]
        shown = self.problems.loc[err, "row"]
        e = e[shown.notna().to_numpy()].astype(int)
        if self.delivery.format not in ("sav", "dta"):
            e = e[(shown.dropna().astype(int) > 1).to_numpy()]
        return sorted(set(e.tolist()) - set(self.dropped_rows))

    @property
    def rejected_shown(self) -> list[str]:
        """The rows refused, as a message names them: the row, or ``sheet!row`` for a sheet a month."""
        rows = self.rejected_rows
        names = getattr(self.delivery, "month_sheets", None) or []
        if self.row_keys is None or len(names) < 2:
            return [str(r) for r in rows]
        return [f"{names[min(r // SHEET_KEY, len(names) - 1)]}!{r % SHEET_KEY}" for r in rows]

    @property
    def valid(self) -> pd.DataFrame:
        """The typed rows that have no error."""
        out = self.responses["row"].isin(self.rejected_rows) | self.responses["row"].isin(self.dropped_rows)
        return self.responses[~out].reset_index(drop=True)

    @property
    def refused_answers(self) -> pd.DataFrame:
        """The answers refused alone (a number off the question's codes: 6 on a 1-5 scale, 98, inf) of the
        respondents kept: that item missing for them, their other answers counted.  One row each: ``row``,
        ``line``, ``record_id``, ``column``, ``value`` (the cell as written in the file, before any folding),
        ``code``, ``reason_zh``, ``reason_en``.  An answer of a respondent refused whole (or of an exact repeat
        dropped) is not here: it went with its row.

        Examples
        --------
        >>> from windoweval.demo import survey as demo
        >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=6, seed=2, careless_share=0)
        >>> df = df.astype(object)
        >>> df.loc[1, "env1"], df.loc[3, "overall"] = "６", "98"
        >>> with demo.delivery_file(df) as p:
        ...     chk = parse_delivery(p, "power_hall", year=2025, screen=False)
        >>> chk.refused_answers[["row", "column", "value", "code"]].values.tolist()
        [[3, 'env1', '６', 'out_of_range'], [5, 'overall', '98', 'out_of_range']]
        """
        p = self.problems
        hit = (p["severity"].eq("warning") & p["code"].isin(list(ANSWER_REFUSED_CODES))
               & p["column"].isin(list(self.instrument.coded_columns)) & p["row"].notna())
        return self._refused_alone(hit)

    @property
    def refused_values(self) -> pd.DataFrame:
        """The values of optional columns refused alone (an unknown customer type, a duration 三分钟, negative or
        inf) of the respondents kept: the value taken as blank, the respondent's answers counted.  The columns of
        :attr:`refused_answers`, one row per value; a value of a respondent refused whole is not here.

        Examples
        --------
        >>> from windoweval.demo import survey as demo
        >>> df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=6, seed=2, careless_share=0)
        >>> df = df.astype(object)
        >>> df.loc[1, "customer_type"], df.loc[3, "duration_s"] = "外星人", "三分钟"
        >>> with demo.delivery_file(df) as p:
        ...     chk = parse_delivery(p, "power_hall", year=2025, screen=False)
        >>> chk.refused_values[["row", "column", "value", "code"]].values.tolist()
        [[3, 'customer_type', '外星人', 'unknown_customer_type'], [5, 'duration_s', '三分钟', 'non_numeric']]
        """
        p = self.problems
        hit = p["severity"].eq("warning") & p["column"].isin(list(OPTIONAL_FIXES)) & p["row"].notna()
        return self._refused_alone(hit)

    def _refused_alone(self, hit: pd.Series) -> pd.DataFrame:
        """The problems ``hit`` marks, of the respondents kept, one row each with the cell as the firm wrote it."""
        cols = ["row", "line", "record_id", "column", "value", "code", "reason_zh", "reason_en"]
        p = self.problems.assign(_key=self._keys().to_numpy())
        p = p[hit.to_numpy(dtype=bool)]
        p = p[~p["_key"].isin(self.rejected_rows + list(self.dropped_rows)).to_numpy(dtype=bool)]
        if p.empty:   # a sheet a month: the sheet's column there too (a clerk's filter on it keeps working)
            return pd.DataFrame(columns=(["sheet"] if self.row_keys is not None else []) + cols)
        # the cell as the firm wrote it (the problem's value is the folded text the checks read: ７ as 7)
        fr = self.delivery.frame
        got = [c for c in p["column"].unique() if c in fr.columns]
        written = (fr.set_index("row")[got].stack() if got else pd.Series(dtype=object))
        written = written[~written.index.duplicated()]
        key = pd.MultiIndex.from_arrays([p["_key"].astype(int).to_numpy(), p["column"].to_numpy()])
        value = pd.Series(written.reindex(key).to_numpy(), index=p.index).astype(object)
        out = pd.DataFrame({
            "row": p["row"].astype(int).to_numpy(), "line": p["line"].to_numpy(), "record_id": p["record_id"].to_numpy(),
            "column": p["column"].to_numpy(), "value": value.where(value.notna(), p["value"]).astype(str).to_numpy(),
            "code": p["code"].to_numpy(), "reason_zh": p["problem_zh"].to_numpy(), "reason_en": p["problem_en"].to_numpy()})
        if self.row_keys is not None:   # a workbook read a sheet a month: the sheet beside its row
            names = self.delivery.month_sheets
            out.insert(0, "sheet", np.asarray(names, dtype=object)[
                np.clip(p["_key"].astype(int).to_numpy() // SHEET_KEY, 0, len(names) - 1)])
        return out.reset_index(drop=True)   # the problem table's order: by row, then the delivery's columns


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce").astype(float)


def _num_grouped(s: pd.Series) -> pd.Series:
    """A number column (weight, duration) where 4,532.96 is 4532.96 (a comma between groups of three digits) and a
    decimal comma, as a semicolon CSV writes it, is a decimal point (8822,17; 1.234,5), as records read numbers
    (:func:`windoweval.records.validate._decimal_commas`); 1,200 in a column of decimal commas reads both ways and
    is left unread (refused as no number), as is a comma anywhere else.

    Examples
    --------
    >>> _num_grouped(pd.Series(["4,532.96", "1,200", "12"])).tolist()
    [4532.96, 1200.0, 12.0]
    >>> _num_grouped(pd.Series(["8822,17", "1.234,5", "12", "1,200", "1,2,3"])).tolist()
    [8822.17, 1234.5, 12.0, nan, nan]
    """
    from ..records.validate import _decimal_commas, _space_groups

    txt = _space_groups(s.astype("string").str.strip())   # 9 111,8: thousands grouped by spaces
    s = txt.astype(object)
    if not txt.str.contains(",", regex=False).fillna(False).any():
        return _num(s)
    out, ambiguous = _decimal_commas(txt.str.strip())
    return _num(out.where(~ambiguous).astype(object))


def _percent_weights(raw: pd.Series, w: pd.Series, header: str = "weight"
                     ) -> tuple[pd.Series, pd.Series, dict | None]:
    """Weights written as percentages (5.486%, ５．４８６％, as a firm's weighting sheet formats a share): the number
    they say (0.05486) when the column's every weight is so written, with a warning; beside weights written plainly,
    the percentages are marked (the second value) to be refused: the two ways differ a hundredfold in scale.  ``w`` is
    the column as :func:`_num_grouped` reads it (NaN for a percentage).  Means and rates do not depend on the weights'
    scale (R's ``svymean`` and ``svyciprop`` of ``weights = ~w`` and ``~w/100`` are equal); totals and the
    without-replacement design effect read the weights as written, as R does.

    Examples
    --------
    >>> w, mixed, note = _percent_weights(pd.Series(["5.486%", "６．８１２％", ""]), pd.Series([np.nan] * 3))
    >>> w.round(5).tolist(), mixed.tolist(), note["code"]
    ([0.05486, 0.06812, nan], [False, False, False], 'weight_percent')
    >>> w, mixed, note = _percent_weights(pd.Series(["5.486%", "6812.4"]), pd.Series([np.nan, 6812.4]))
    >>> w.tolist(), mixed.tolist(), note
    ([nan, 6812.4], [True, False], None)

    A header that gives the unit (权重(%), :func:`_percent_header`) says every weight is in percent, written with the
    sign or not:

    >>> w, mixed, note = _percent_weights(pd.Series(["5.486", "6.812%"]), pd.Series([5.486, np.nan]), "权重(%)")
    >>> w.round(5).tolist(), mixed.tolist(), note["code"]
    ([0.05486, 0.06812], [False, False], 'weight_percent')
    """
    none = pd.Series(False, index=raw.index)
    txt = raw.astype("string")
    by_header = _percent_header(_norm_header(header))
    if not by_header and not txt.str.contains("[%％]", regex=True).fillna(False).any():   # the usual file
        return w, none, None
    txt = txt.str.normalize("NFKC").str.strip()
    pct = pd.to_numeric(txt.str.extract(r"^(\d+(?:\.\d+)?|\.\d+)\s*%$", expand=False), errors="coerce")
    if by_header:   # the header's unit: a plain number is a percentage too
        pct = pct.fillna(w)
    is_pct = pct.notna()
    # two scales only where a weight is written as a plain number too: a cell that is no number at all (a typo) beside
    # the percentages is refused by itself (non_numeric), never every percentage with it (review39)
    plain = txt.fillna("").ne("") & ~is_pct & w.notna()
    if plain.any() and not by_header:
        return w, is_pct, None
    if not is_pct.any():
        return w, none, None
    n, first = int(is_pct.sum()), txt[is_pct].iloc[0]
    if by_header:
        first = f"{header}: {first}"
    note = _problem(
        None, "weight", f"{first} -> {float(pct[is_pct].iloc[0]) / 100!r}", "warning", "weight_percent",
        f"权重一列写成百分数（{n} 行，如「{first}」），按其所说的数读取（{first} 即 "
        f"{float(pct[is_pct].iloc[0]) / 100!r}）；均值与满意率不受权重尺度影响，总量按此尺度计算",
        f"the weight column is written as percentages ({n} rows, such as '{first}'), read as the numbers they say "
        f"({first} is {float(pct[is_pct].iloc[0]) / 100!r}); means and rates do not depend on the weights' scale, "
        "totals are on this one",
        fix_zh="交付时权重请写成小数（不带 %）", fix_en="deliver weights as decimals (without %)")
    return (pct / 100).astype(float).where(is_pct, w), none, note


#: A score written with its unit: 5分, 5 分, 5.0分 (the text NFKC-folded and stripped).
_POINTS = r"^(\d+(?:\.0+)?)\s*分$"
#: The same in a Chinese numeral, as an interviewer types or a form's option reads: 五分, 两分, 十分 (10: off a 1-5
#: scale, refused as such). "十分满意" is no score (very satisfied) and is not matched: the unit ends the answer.
_POINTS_ZH = r"^([零〇一二两三四五六七八九十])\s*分$"
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}
#: A score written as stars, as a web form's rating exports it: ★★★★☆ (filled then empty stars; ⭐ a filled one too).
_STARS = r"^([★⭐]*)([☆✩]*)$"


def _points_of(s: pd.Series, stars: int | None = None) -> pd.Series:
    """The score of each answer written with its unit (:data:`_POINTS`: 5分, 5 分, 5.0分; :data:`_POINTS_ZH`: 五分)
    or, given the scale's top ``stars``, as stars (:data:`_STARS`: ★★★★☆ is 4, the filled stars, when the stars
    written number the scale's top, or ★★★★ with no empty star), NaN for any other: each distinct answer matched
    once, each cell then taken by its answer's position (no regular expression per row: an answer column of 1 M
    respondents holds a handful of values).  Stars numbering another scale (★★★☆☆☆☆☆☆☆, three of ten) are no score on
    this one: NaN, refused as written.

    Examples
    --------
    >>> _points_of(pd.Series(["5分", "5", "5 分", "", "5分", "5.5分", None])).tolist()
    [5.0, nan, 5.0, nan, 5.0, nan, nan]
    >>> _points_of(pd.Series(["五分", "两分", "十分", "十分满意", "★★★★☆"])).tolist()
    [5.0, 2.0, 10.0, nan, nan]
    >>> _points_of(pd.Series(["★★★★☆", "★★★★★", "★★", "☆☆☆☆☆", "★★★☆☆☆☆☆☆☆", "★☆★"]), stars=5).tolist()
    [4.0, 5.0, 2.0, 0.0, nan, nan]
    """
    ix, uniq = pd.factorize(s.astype(object), use_na_sentinel=True)
    u = pd.Series(uniq, dtype=object).astype(str)
    got = _num(u.str.extract(_POINTS, expand=False))
    got = got.fillna(u.str.extract(_POINTS_ZH, expand=False).map(_ZH_DIGITS).astype(float))
    if stars is not None:
        st = u.str.extract(_STARS)
        filled, empty = st[0].str.len(), st[1].str.len()
        ok = (filled + empty > 0) & ((empty == 0) | (filled + empty == stars))
        got = got.fillna(filled.where(ok).astype(float))
    got = got.to_numpy(dtype=float)
    return pd.Series(np.append(got, np.nan)[ix], index=s.index)   # the last slot: a missing cell (-1)

#: A code written with its label, as SPSS exports "values and labels" and firms' systems write it (the text
#: NFKC-folded, so （４） is (4)): the code first, bare or in brackets, with or without 分 (5 非常满意, 5=非常满意,
#: 5.非常满意, 5：满意, [5]非常满意, 【5】非常满意, 5分 非常满意, 5(非常满意), 5分(非常满意)), or the label first with the code after it, in brackets or
#: after a sign or a space (满意(4), 非常满意(5分), 不满意[2], 非常满意=5, 一般 3); a dash joins them as a hyphen does
#: (5—非常满意, 5——非常满意, 3–一般: the Chinese dash a clerk types). "5/满意" is neither (a slash may be "or").
_CODE_LABEL = re.compile(r"^[\[(【〔]?\s*(\d+)(?:\.0+)?\s*分?\s*[\])】〕]?\s*(?:[=:：.．、,，\-–]|—{1,2})?\s*"
                         r"([^\d/\\|].*)$")
_LABEL_CODE = re.compile(r"^(\D.*?)\s*(?:(?:[=:：\-–]|—{1,2})\s*|\s)?(?:[\[(【〔]\s*(\d+)(?:\.0+)?\s*分?\s*[\])】〕]"
                         r"|(\d+)(?:\.0+)?\s*分?)$")


def _code_and_label(text: str) -> tuple[float, str]:
    """The code and the label of an answer written as both (:data:`_CODE_LABEL`, :data:`_LABEL_CODE`), the text
    NFKC-folded and trimmed; ``(nan, "")`` for any other text.  Whether the label is the code's is the caller's
    question (the question's options).

    Examples
    --------
    >>> [_code_and_label(t) for t in ("5 非常满意", "满意(4)", "[5]非常满意", "非常满意(5分)", "一般 3", "5/满意", "4分")]
    [(5.0, '非常满意'), (4.0, '满意'), (5.0, '非常满意'), (5.0, '非常满意'), (3.0, '一般'), (nan, ''), (nan, '')]
    >>> [_code_and_label(t) for t in ("5(非常满意)", "5分(非常满意)", "4 (满意)")]
    [(5.0, '非常满意'), (5.0, '非常满意'), (4.0, '满意')]
    """
    m = _CODE_LABEL.match(text)
    if m and m.group(2).strip() != "分" and re.search(r"\w", m.group(2)):
        # the label in brackets after the code, 5(非常满意), 5分（非常满意）: the label is what they hold
        inner = re.fullmatch(r"[(\[【〔]\s*(\D[^()\[\]【】〔〕]*?)\s*[)\]】〕]", m.group(2).strip())
        return float(m.group(1)), (inner.group(1) if inner else m.group(2).strip())
    m = _LABEL_CODE.match(text)
    if m and re.search(r"\w", m.group(1)):
        return float(m.group(2) or m.group(3)), m.group(1).strip()
    return np.nan, ""


def _codes_with_labels(s: pd.Series, labels: dict) -> tuple[pd.Series, pd.Series, pd.Series]:
    """For each answer of ``s`` (cleaned text) written as a code with its label (:func:`_code_and_label`): the code
    written, the code of the label by ``labels`` (its spaces taken out, lower case: 非常　满意 is 非常满意) and the label
    as written; NaN, NaN and "" for any other answer.  Each distinct answer looked at once (a column holds a handful).

    Examples
    --------
    >>> said, means, label = _codes_with_labels(pd.Series(["满意(4)", "满意(5)", "5", "满意(4)"]), {"满意": 4})
    >>> said.tolist(), means.tolist(), label.tolist()
    ([4.0, 5.0, nan, 4.0], [4.0, 4.0, nan, 4.0], ['满意', '满意', '', '满意'])
    """
    ix, uniq = pd.factorize(s.astype(object), use_na_sentinel=False)
    said = np.full(len(uniq), np.nan)
    means = np.full(len(uniq), np.nan)
    label = np.full(len(uniq), "", dtype=object)
    for i, u in enumerate(uniq):
        if not isinstance(u, str) or not u or u.isdigit():
            continue
        c, lab = _code_and_label(u)
        if lab:
            said[i], label[i] = c, lab
            means[i] = labels.get(_squeeze(lab).lower(), np.nan)
    return (pd.Series(said[ix], index=s.index), pd.Series(means[ix], index=s.index),
            pd.Series(label[ix], index=s.index, dtype=object))

#: Excel's day numbers that an interview date may arrive as (a date cell formatted General, or its CSV): 1954-2119.
EXCEL_SERIAL_RANGE = (20000, 80000)


def _squeeze(text: str) -> str:
    """A label with every space taken out (full-width ones too), for matching: 非常　满意 -> 非常满意."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _squeeze_series(s: pd.Series, lower: bool = False) -> pd.Series:
    """:func:`_squeeze` of each cell (NFKC-folded already), lower-cased if ``lower``: each distinct value squeezed once,
    each cell then taken by its value's position (no Python per row).  The cells are
    :func:`_clean_text`'s (a blank is "", never missing).

    Examples
    --------
    >>> _squeeze_series(pd.Series(["非常 满意", "5", "非常 满意", ""])).tolist()
    ['非常满意', '5', '非常满意', '']
    >>> _squeeze_series(pd.Series(["Very  Good"]), lower=True).tolist()
    ['verygood']
    """
    ix, uniq = pd.factorize(s.astype(object), use_na_sentinel=False)
    got = [re.sub(r"\s+", "", str(u)) for u in uniq]
    got = np.array([t.lower() for t in got] if lower else got, dtype=object)
    return pd.Series(got[ix] if len(uniq) else np.zeros(0, dtype=object), index=s.index, dtype=object)


#: The characters nobody sees (a BOM, zero-width spaces and joiners, direction marks), taken out of checked cells.
_UNSEEN = re.compile("[" + INVISIBLE + "]")


def _clean_text(s: pd.Series) -> pd.Series:
    """Cells as text, NFKC-folded (ＲＥＳ００１ is RES001, ５ is 5), without the characters nobody sees
    (:data:`windoweval.cells.INVISIBLE`: a BOM or a zero-width space pasted in with the value) and trimmed, blanks as
    "": each distinct value cleaned once (a column of answers holds a handful).

    Examples
    --------
    >>> _clean_text(pd.Series(["ＲＥＳ００１ ", None, 5, "\u3000５", "5", "\ufeff000123", "4\u200b"])).tolist()
    ['RES001', '', '5', '5', '5', '000123', '4']
    """
    codes, uniq = pd.factorize(s.astype(object), use_na_sentinel=True)
    got = np.empty(len(uniq) + 1, dtype=object)
    got[:-1] = [_UNSEEN.sub("", unicodedata.normalize("NFKC", str(x))).strip() for x in uniq]
    got[-1] = ""                      # a missing cell (-1 indexes the last slot)
    return pd.Series(got[codes], index=s.index, name=s.name, dtype=object)


#: A weekday written beside a date (2025年3月5日 星期三, 2025/3/5(周三), 2025-03-05 Wed), as exports print it.
_WEEKDAY = (r"\s*[(（]?\s*(?:星期|周|礼拜)([一二三四五六日天])\s*[)）]?\s*$"
            r"|\s*[(（]?\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*[)）]?\s*$")
_WEEKDAY_NO = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
               "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _interview_dates(s: pd.Series, date1904: bool = False) -> tuple[pd.Series, pd.Series]:
    """Interview dates (:func:`_parse_dates`) with a weekday beside the date left out once checked against it, and
    which dates' weekday is not the date's (never guessed: the caller refuses them).

    Examples
    --------
    >>> d, wrong = _interview_dates(pd.Series(["2025年3月5日 星期三", "2025/3/5(周四)", "2025-03-05 Wed", "2025-03-05"]))
    >>> [str(x)[:10] for x in d], wrong.tolist()
    (['2025-03-05', 'NaT', '2025-03-05', '2025-03-05'], [False, True, False, False])
    """
    low = s.str.lower()
    got = low.str.extract(_WEEKDAY)
    said = got[0].fillna(got[1]).map(_WEEKDAY_NO)
    d = _parse_dates(s.where(said.isna(), low.str.replace(_WEEKDAY, "", regex=True).str.strip()), date1904)
    wrong = said.notna() & d.notna() & d.dt.day_of_week.ne(said)
    return d.where(~wrong), wrong.fillna(False).astype(bool)


#: Interview dates a short date format writes, refused (never read) with a message that names the shape: a year of
#: two digits between signs (25/3/5: 2025-03-05 or 2005-03-25? 5/3/25: 5 March or 3 May?), not of three one-digit
#: parts (5/3/5, digits lost); a year of two digits before 年 (25年3月5日); day and month before a four-digit year
#: (04/03/2025: 3 April or 4 March?). As records refuse them (records.validate's ambiguous day/month).
_SHORT_YEAR_RE = r"\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{1,2}(?:[\sT]|$)"
_ONE_DIGIT_PARTS_RE = r"\s*\d[/.\-]\d[/.\-]\d(?:[\sT]|$)"
_SHORT_YEAR_MARK_RE = r"\s*\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号號]?(?:[\sT]|$)"
_DAY_MONTH_YEAR_RE = r"\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}(?:[\sT]|$)"
_BAD_DATE = ("无法识别的日期：请用 YYYY-MM-DD（如 2025-03-04）", "unreadable date: use YYYY-MM-DD (e.g. 2025-03-04)")
_BAD_DATE_SHAPES = (
    (_SHORT_YEAR_RE,
     "年份只写了两位：哪一段是年、日与月的次序都不明（25/3/5 可读作 2025-03-05，也可读作 2005-03-25；5/3/25 可读作 3 月 5 日，"
     "也可读作 5 月 3 日），不作猜测；请把年份写全（四位）、年在前，用 YYYY-MM-DD（如 2025-03-05）",
     "the year has two digits: which part is the year, and the order of day and month, are unclear (25/3/5 reads as "
     "2025-03-05 or as 2005-03-25; 5/3/25 as 5 March or 3 May) and are not guessed; write the year in full (four "
     "digits), year first, as YYYY-MM-DD (e.g. 2025-03-05)"),
    (_SHORT_YEAR_MARK_RE,
     "年份只写了两位（如 25年3月5日）：是哪一年不作猜测；请把年份写全（四位），如 2025年3月5日 或 YYYY-MM-DD（2025-03-05）",
     "the year has two digits (as in 25年3月5日): which year is not guessed; write the year in full (four digits), as "
     "2025年3月5日 or YYYY-MM-DD (2025-03-05)"),
    (_DAY_MONTH_YEAR_RE,
     "日与月的次序不明（04/03/2025 可读作 4 月 3 日，也可读作 3 月 4 日），不作猜测；请写成年在前的 YYYY-MM-DD（如 2025-03-04）",
     "the order of day and month is unclear (04/03/2025: 3 April or 4 March?) and is not guessed; write the date "
     "year first, as YYYY-MM-DD (e.g. 2025-03-04)"),
)


def _bad_date_messages(s: pd.Series, bad: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The message of each unreadable interview date (``bad``, of the cleaned texts ``s``): the shape a short date
    format writes (:data:`_BAD_DATE_SHAPES`) named with its readings and the fix, else the plain one; Chinese and
    English arrays as long as ``s``.  Only the refused dates are looked at.

    Examples
    --------
    >>> zh, en = _bad_date_messages(pd.Series(["25/3/5", "04/03/2025", "25年3月5日", "昨天"]), pd.Series([True] * 4))
    >>> [z[:9] for z in zh]
    ['年份只写了两位：哪', '日与月的次序不明（', '年份只写了两位（如', '无法识别的日期：请']
    """
    zh = np.full(len(s), _BAD_DATE[0], dtype=object)
    en = np.full(len(s), _BAD_DATE[1], dtype=object)
    at = np.flatnonzero(np.asarray(bad, dtype=bool))
    if not len(at):
        return zh, en
    t = s.iloc[at].astype(str)
    left = pd.Series(True, index=t.index)
    left &= ~t.str.match(_ONE_DIGIT_PARTS_RE)   # 5/3/5: digits lost, not a short year
    for pattern, z, e in _BAD_DATE_SHAPES:
        hit = left & t.str.match(pattern)
        zh[at[hit.to_numpy()]] = z
        en[at[hit.to_numpy()]] = e
        left &= ~hit
    return zh, en


#: Day 0 of a workbook's serial days: 1899-12-30 in Excel's usual (1900) system, 1904-01-01 in Excel for Mac's.
EXCEL_EPOCH = {False: pd.Timestamp("1899-12-30"), True: pd.Timestamp("1904-01-01")}


def _month_words(t: pd.Series) -> pd.Series:
    """Dates with an English month word (05-OCT-2025, 5 Oct 2025 10:05:00, Oct 5, 2025, Sept 5 2025) written as
    ISO numbers (2025-10-05, 2025-10-05 10:05:00), every other value as it is: the month read from
    :data:`_MONTHS`, not by strptime's ``%b``, which follows ``LC_TIME`` (on a German machine OCT is no month and
    MAI is).  Vectorised: one match per form over the column.

    Examples
    --------
    >>> _month_words(pd.Series(["05-OCT-2025", "Sept 5, 2025", "5 june 2025 10:05:00", "2025-03-05", "05-Oct-25"])
    ...              ).tolist()
    ['2025-10-05', '2025-09-05', '2025-06-05 10:05:00', '2025-03-05', '05-Oct-25']
    """
    t = t.astype(object).where(t.notna(), "").astype(str)
    out = t.copy()
    for rx, day, month, year in ((_DAY_MONTH_WORD, 0, 1, 2), (_MONTH_WORD_DAY, 1, 0, 2)):
        got = t.str.extract(rx)
        hit = got[0].notna().to_numpy()
        if not hit.any():
            continue
        g = got[hit]
        m = g[month].str.lower().str[:3].map(_MONTHS).astype(int).astype(str).str.zfill(2)
        rest = g[3].fillna("").str.strip()
        iso = g[year] + "-" + m + "-" + g[day].str.zfill(2)
        out[hit] = (iso + np.where(rest.ne(""), " " + rest, "")).to_numpy()
    return out


def _parse_dates(s: pd.Series, date1904: bool = False) -> pd.Series:
    """Interview dates as written (``DATE_FORMATS``), or as a workbook's day numbers counted from its epoch
    (``date1904``: Excel for Mac's 1904 system, 1,462 days later than the usual one).

    Examples
    --------
    >>> s = pd.Series(["2025-03-05", "45721", "44259", ""])
    >>> [str(x)[:10] for x in _parse_dates(s)], [str(x)[:10] for x in _parse_dates(s, date1904=True)][2]
    (['2025-03-05', '2025-03-05', '2021-03-04', 'NaT'], '2025-03-05')
    """
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        todo = out.isna() & s.ne("")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(s[todo], format=fmt, errors="coerce")
    todo = out.isna() & s.ne("")
    if todo.any():   # Excel's day number (45720 = 2025-03-04), as the template's date validation lets in
        num = pd.to_numeric(s[todo], errors="coerce")
        lo, hi = EXCEL_SERIAL_RANGE
        ok = num.notna() & (num >= lo) & (num < hi) & (num == np.floor(num.fillna(0)))
        # a date and time cell formatted General (45721.42 = 2025-03-05 10:04:48): its day, as a time is taken
        # beside a date written out (2025-03-05 10:05); a day number that is not whole is that day's time
        ok |= num.notna() & (num >= lo) & (num < hi) & (num > np.floor(num.fillna(0)))
        if ok.any():
            out[ok[ok].index] = EXCEL_EPOCH[bool(date1904)] + pd.to_timedelta(np.floor(num[ok]), unit="D")
    todo = out.isna() & s.ne("")
    if todo.any():
        # a date and time as interview software and exports write it, read as records read their times: seconds with
        # a fraction (2025-03-05 10:05:00.000), 2025年3月5日 10时05分, 10点05分, full-width digits, 下午3:05 (records'
        # own rewriting into pandas' text); year first only, a day/month order never guessed
        # a time with its zone (2025-03-04T20:05:00Z, +08:00, GMT+8, as web survey platforms export it): converted
        # to Beijing time before its date is kept, as records convert it (04:05 on the 5th, not the 4th)
        t, zoned = _zone_text(s[todo])
        t = _month_words(t)   # 05-OCT-2025: the month's number, whatever the machine's LC_TIME
        if zoned.any():
            from ..calendar import wall_clock

            z = pd.to_datetime(t[zoned], errors="coerce", utc=True, format="mixed")
            out[z.index] = wall_clock(z).astype("datetime64[ns]")
        for fmt in DATE_FORMATS + DATETIME_FORMATS:
            left = out.isna() & todo
            if not left.any():
                break
            out[left] = pd.to_datetime(t[left[todo].to_numpy()], format=fmt, errors="coerce")
    return out.dt.normalize()


def _zone_text(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Interview date-times rewritten as records rewrite them (:func:`windoweval.records.validate._datetime_text`;
    ``GMT+8`` as the ``+08:00`` it means, a zone abbreviation such as ``CST`` (China's, US Central's or Cuba's)
    blanked, never guessed: unreadable), and which of them end in a zone (``Z``, ``+08:00``, ``UTC``).

    Examples
    --------
    >>> t, z = _zone_text(pd.Series(["2025-03-04T20:05:00Z", "2025-03-05 14:05 GMT+8", "2025-03-05 14:05 CST", ""]))
    >>> t.tolist()[1:3], z.tolist()
    (['2025-03-05 14:05+08:00', <NA>], [True, True, False, False])
    """
    from ..records.validate import _datetime_text, _zone_words, _zoned

    trimmed = s.astype("string").str.strip()
    t = _datetime_text(trimmed)
    blank = (trimmed.fillna("") == "").to_numpy(dtype=bool)
    n = len(t)
    t, _ = _zone_words(t, pd.Series(blank, index=t.index), t, "interview_date", np.full(n, "", dtype=object),
                       np.arange(n), [])
    return t, pd.Series(_zoned(t, pd.Series(blank | t.isna().to_numpy(dtype=bool), index=t.index)), index=t.index)


#: A spreadsheet's error values (what a formula that failed shows: a VLOOKUP that found nothing, a division by 0).
EXCEL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!")


def _excel_errors(s: pd.Series) -> pd.Series:
    """Which cells (cleaned text) hold a spreadsheet's error value (:data:`EXCEL_ERRORS`, any case).

    Examples
    --------
    >>> _excel_errors(pd.Series(["#N/A", "#div/0!", "N/A", "5", ""])).tolist()
    [True, True, False, False, False]
    """
    ix, uniq = pd.factorize(s.astype(object), use_na_sentinel=False)   # each distinct value looked at once
    hit = np.array([isinstance(u, str) and u.strip().upper() in EXCEL_ERRORS for u in uniq], dtype=bool)
    return pd.Series(hit[ix] if len(uniq) else np.zeros(len(s), dtype=bool), index=s.index)


def _excel_error_text(values: pd.Series, col: str) -> tuple[pd.Series, pd.Series]:
    """The message of a cell of ``col`` holding a spreadsheet's error value, Chinese and English."""
    v = values.astype(str)
    return ("单元格是表格软件的错误值「" + v + f"」：产生 {col} 的公式出错（如 VLOOKUP 查不到时的 #N/A、除以 0 的 #DIV/0!），"
            "没有值；不会当作空白或猜测，本行被拒",
            "the cell holds the spreadsheet's error value '" + v + f"': the formula giving {col} failed (#N/A from "
            "a VLOOKUP that found nothing, #DIV/0! from a division by 0), so there is no value; it is neither taken "
            "as blank nor guessed, and the row is refused")


#: Records' placeholders for an empty cell that say nothing else (a dash, a slash, 无, 空): a survey answer so written
#: is blank; the "no answer" words among records' (N/A, NA) are read as the missing code, as before.
_ANSWER_PLACEHOLDERS = ("-", "--", "---", "—", "——", "–", "/", "//", "\\", "无", "暂无", "空")

#: A blank as a person types it or a database export writes it (N/A, NULL, None; any case): in a fixed or an optional
#: column (weight, PSU, stratum, window, respondent id, customer type …) the blank it stands for, as a dash is.  Not in
#: an item's answers, where N/A is "no answer" (the missing code).  ``#N/A`` is a spreadsheet's error, refused as such.
_NULL_WORDS = ("n/a", "null", "none")

#: ``NA`` (R's and pandas' missing value) is a blank only in a column holding a number or a date (weight, duration,
#: interview date): there it can be nothing else.  In a column of codes (PSU, stratum, window, respondent id, customer
#: type) it may be a real code (stratum NA, North Area) and is read as written.
_NA_BLANK_COLUMNS = ("weight", "duration_s", "interview_date")


def _placeholder_cells(s: pd.Series, keep=frozenset(), words=_ANSWER_PLACEHOLDERS) -> pd.Series:
    """Which answers are a placeholder for an empty cell (``words``, by default :data:`_ANSWER_PLACEHOLDERS`, after
    NFKC, trimming and lower-casing: ``－`` and ``／`` too), leaving out a spelling in ``keep`` (the instrument's own
    labels, lower case).  Each distinct value looked at once, each cell then by its value's position (no Python per
    row: an answer column of 1 M respondents holds a handful of values).

    Examples
    --------
    >>> _placeholder_cells(pd.Series(["-", " 无 ", "—", "－", "5", "", "-5", "不适用"])).tolist()
    [True, True, True, True, False, False, False, False]
    >>> _placeholder_cells(pd.Series(["无", "-"]), keep={"无"}).tolist()
    [False, True]
    >>> _placeholder_cells(pd.Series(["N/A", "NULL", "None", "NA", "#N/A"]), words=_NULL_WORDS).tolist()
    [True, True, True, False, False]
    """
    ix, uniq = pd.factorize(s.astype(object), use_na_sentinel=True)
    if not len(uniq):
        return pd.Series(np.zeros(len(s), dtype=bool), index=s.index)
    want = {w for w in words if w not in keep}
    hit = np.array([isinstance(u, str) and unicodedata.normalize("NFKC", u.strip()).strip().lower() in want
                    for u in uniq] + [False], dtype=bool)   # the last slot: a missing cell (-1)
    return pd.Series(hit[ix], index=s.index)


def _mixed_zones(s: pd.Series) -> tuple[pd.Series, int, int]:
    """Which interview date-times to refuse because the column mixes times with a zone and times without one (the
    zone of those is unknown), as records refuse such a column: the fewer of the two; and how many of each there
    are.  A date alone (no clock) is neither.

    Examples
    --------
    >>> s = pd.Series(["2025-03-05T06:05:00Z"] * 2 + ["2025-03-05 14:05", "2025-03-05", ""])
    >>> m, n_zoned, n_naive = _mixed_zones(s)
    >>> m.tolist(), n_zoned, n_naive
    ([False, False, True, False, False], 2, 1)
    """
    none = (pd.Series(False, index=s.index), 0, 0)
    cand = s.str.contains(r"\d[:：时点]\d|[+-]\d\d:?\d\d$|[zZ]$|(?i:utc|gmt)", regex=True).fillna(False)
    if not cand.any():
        return none
    t, zoned = _zone_text(s[cand])
    zoned = zoned.reindex(s.index, fill_value=False)
    if not zoned.any():
        return none
    timed = s.str.contains(r"\d\s*[:：时点]\s*\d|^\s*\d{12,14}\s*$|^\s*\d{5}\.\d+\s*$", regex=True).fillna(False)
    naive = timed & ~zoned
    if not naive.any():
        return none
    return (naive if naive.sum() <= zoned.sum() else zoned).astype(bool), int(zoned.sum()), int(naive.sum())


#: Answers off the scale, in at least this share of a column's answers (and at least two of them), at one end of the
#: scale: the column was asked on another scale (a 1-10 or 1-6 for a 1-5 item, or the 1-5 coded 0-4), not mistyped
#: here and there.  Above the scale the codes up to LONGER_SCALE_MAX count; below it, the codes down to a scale of the
#: same length shifted below (0 down to -3 for a 1-5 scale).
LONGER_SCALE_MAX = 10
LONGER_SCALE_SHARE = 0.05
LONGER_SCALE_MIN_ANSWERS = 2


def _longer_scale(off: pd.Series, answered: int, ins: Instrument, top: int = 0) -> tuple:
    """The off-scale answers of a column when they show it was asked on another scale, else ``()``.

    On a 1-10 scale the answers 6, 7, 8 and 10 are off a 1-5 scale and refused row by row, while 1-5 pass as
    if they were 5-point answers and 9 passes as "don't know": the column cannot be read at all.  One code is
    enough: on a 1-6 scale every 6 is off (and 5 is read as "very satisfied"); coded 0-4 every 0 is off (and every
    other answer one point low).  The codes of each end are counted apart: a 10 and a 0 are two typos, not a scale.
    ``top``: the column's answers at the top of the scale (5): a scale shifted below has none, so codes below the
    scale count only when they outnumber them (0 beside many 5s is another code for "not applicable", refused
    answer by answer).

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> _longer_scale(pd.Series([6.0, 8, 10, 10]), 40, ins)
    (6, 8, 10)
    >>> _longer_scale(pd.Series([6.0, 6, 6]), 40, ins), _longer_scale(pd.Series([0.0, 0]), 40, ins)
    ((6,), (0,))
    >>> _longer_scale(pd.Series([7.0]), 40, ins), _longer_scale(pd.Series([6.0, 7]), 400, ins)
    ((), ())
    >>> _longer_scale(pd.Series([10.0, 0]), 40, ins), _longer_scale(pd.Series([98.0, 98, 4.5, 4.5]), 40, ins)
    ((), ())
    >>> _longer_scale(pd.Series([0.0, 0, 0, 0]), 40, ins, top=12)      # 0 beside twelve 5s: not a 0-4 coding
    ()
    """
    need = max(LONGER_SCALE_SHARE * max(int(answered), 1), LONGER_SCALE_MIN_ANSWERS)
    kinds: set = set()
    up, down = _another_scale(off, ins)
    for end, n in ((up, int(up.sum())), (down, int(down.sum()) if int(down.sum()) > int(top) else 0)):
        if n >= need:
            kinds.update(int(x) for x in off[end].unique())
    return tuple(sorted(kinds))


def _another_scale(off: pd.Series, ins: Instrument) -> tuple[pd.Series, pd.Series]:
    """The answers of ``off`` another scale would give, above the instrument's and below it: whole codes up to
    LONGER_SCALE_MAX above the maximum, down to a scale of the same length shifted below the minimum (0 to -3 for
    1-5), never a missing code.  98, 99 (another questionnaire's missing codes), 4.5 or inf are off the codes but no
    evidence of another scale.

    Examples
    --------
    >>> up, down = _another_scale(pd.Series([6.0, 10, 11, 98, 4.5, 0, -3, -4]), load_instrument("power_hall"))
    >>> up.tolist(), down.tolist()
    ([True, True, False, False, False, False, False, False], [False, False, False, False, False, True, True, False])
    """
    lo, hi_ = ins.scale_min, ins.scale_max
    whole = (off == np.floor(off)) & ~off.isin(list(ins.missing_codes))
    return whole & (off > hi_) & (off <= LONGER_SCALE_MAX), whole & (off < lo) & (off >= lo - (hi_ - lo))


def _close_column(name: str, unknown: list) -> list:
    """The unknown column most like ``name`` or one of its accepted names (:data:`ALIASES`: ``final_wt`` is like
    ``final_weight``, a weight's), as a list of at most one; none below difflib's 0.6.

    Examples
    --------
    >>> _close_column("weight", ["final_wt", "备注"]), _close_column("weight", ["备注"]), _close_column("env1", ["env 1"])
    (['final_wt'], [], ['env 1'])
    """
    names = [name, *ALIASES.get(name, ())]
    best, score = [], 0.6
    for u in unknown:
        for n in names:
            r = difflib.SequenceMatcher(None, n.lower(), str(u).lower()).ratio()
            if r >= score and (not best or r > score):
                best, score = [u], r
    return best


def _longer_scale_problem(col: str, kinds: tuple, ins: Instrument) -> dict:
    """A file-level error: ``col`` was answered on another scale than the instrument's."""
    seen = "、".join(map(str, kinds))
    miss = "、".join(f"{c} = {zh}" for c, (zh, _) in sorted(ins.missing_codes.items()))
    miss_en = ", ".join(f"{c} = {en}" for c, (_, en) in sorted(ins.missing_codes.items()))
    lo, hi = ins.scale_min, ins.scale_max
    above = any(k > hi for k in kinds)
    as_miss_zh = f"，{miss.split(' = ')[0]} 会被当成缺失" if above and miss else ""
    as_miss_en = f", {miss_en.split(' = ')[0]} as missing" if above and miss_en else ""
    return _problem(
        None, col, ", ".join(map(str, kinds)), "error", "longer_scale",
        f"列 {col} 的答案中有 {seen}：本题是 {lo}–{hi} 分量表（{miss}），这些答案看来是按另一种量表（如 1–10、1–6 "
        f"或 0–4 分）记录的。这样的一列无法逐个答案读取（{lo}–{hi} 的答案会被当成 {lo}–{hi} 分，而它们在另一种量表上"
        f"的含义不同{as_miss_zh}），因此整份文件未导入",
        f"column {col} holds the answers {', '.join(map(str, kinds))}: the question is on a {lo}-{hi} scale "
        f"({miss_en}), so these look recorded on another scale (such as 1-10, 1-6 or 0-4). Such a column cannot be "
        f"read answer by answer (answers {lo}-{hi} would pass as {lo}-{hi}-point answers, though on that scale they "
        f"mean other points{as_miss_en}), so the file was not imported",
        fix_zh=f"请按问卷的 {lo}–{hi} 分量表重新提供本列（调查时用了别的量表请先与委托方确认换算方法），再重新交付",
        fix_en=f"deliver this column on the instrument's {lo}-{hi} scale (if the interviews used another scale, "
               "agree the conversion with the client first), then deliver again",
    )


def _is_instrument_label(ins: Instrument, cols, text: str) -> bool:
    """Whether ``text`` is one of the instrument's own option labels of any of ``cols``."""
    key = _squeeze(str(text).lower())
    return any(key in {_squeeze(k) for k in ins.label_to_code(c)} for c in cols if c in ins.coded_columns)


def _on_scale(code: str, ins: Instrument) -> bool:
    """Whether a value-label code is a point of the instrument's scale (an integer within min..max).

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> _on_scale("3", ins), _on_scale("3.0", ins), _on_scale("9", ins), _on_scale("99", ins), _on_scale("x", ins)
    (True, True, False, False, False)
    """
    try:
        v = float(code)
    except (TypeError, ValueError):
        return False
    return v.is_integer() and ins.scale_min <= v <= ins.scale_max


def _labels_reversed(labels: Mapping, ins: Instrument, col: str) -> list[str]:
    """The value labels of ``col`` (code text -> label) that show it coded against the instrument's direction, as
    ``code=label`` texts, or ``[]``.  Told by the labels' words, as the instrument's own labels are held to
    (:func:`windoweval.survey.instrument._polarity`; agreement by ``_agreement`` for a question on agreement labels):
    the codes labelled satisfied lie, on average, on the other side of those labelled dissatisfied than in the
    instrument's label set.  Only codes on the scale count; labels that tell no direction (一般, 不清楚) tell
    nothing, and a file whose labels are the instrument's words is checked label by label before (label_mismatch).

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> _labels_reversed({"1": "很满意", "3": "一般", "5": "很不满意", "9": "不清楚"}, ins, "overall")
    ['1=很满意', '5=很不满意']
    >>> _labels_reversed({"1": "很不满意", "5": "很满意"}, ins, "overall"), _labels_reversed({"3": "一般"}, ins, "overall")
    ([], [])
    """
    from .instrument import _agreement, _polarity

    own = ins.label_sets[ins.question(col).labels]
    sense = _polarity if any(_polarity(p) for p in own.values()) else _agreement

    def direction(pairs) -> tuple[float, list]:
        pos = [k for k, p in pairs if sense(p) > 0]
        neg = [k for k, p in pairs if sense(p) < 0]
        return (np.sign(np.mean(pos) - np.mean(neg)) if pos and neg else 0.0), pos + neg

    want, _ = direction(own.items())
    on = [(int(float(c)), (str(t), "")) for c, t in labels.items() if _on_scale(c, ins)]
    got, told = direction(on)
    if not want or not got or got == want:
        return []
    return [f"{k}={labels[c]}" for k in sorted(told) for c in labels if _on_scale(c, ins) and int(float(c)) == k]


def _mirrored_labels(labels: Mapping, ins: Instrument, col: str) -> bool:
    """True when the file's value labels of ``col`` (code text -> label) label every code of the scale with the
    instrument's own label of its mirror image (1 = 非常满意 … 5 = 非常不满意 on a 1-5 satisfaction question): the file
    declares its codes reversed, as a workbook's codes sheet does (:func:`_mirrored_sets`).  Labels in other words, or
    a code of the scale unlabelled, declare nothing (:func:`_labels_reversed` refuses a reversal told by words alone).

    Examples
    --------
    >>> ins = load_instrument("power_hall")
    >>> _mirrored_labels({"1": "非常满意", "2": "满意", "3": "一般", "4": "不满意", "5": "非常不满意", "9": "不适用"}, ins, "env1")
    True
    >>> _mirrored_labels({"1": "非常满意", "5": "非常不满意"}, ins, "env1"), _mirrored_labels({"1": "很满意", "2": "满意",
    ...     "3": "一般", "4": "不满意", "5": "很不满意"}, ins, "env1")
    (False, False)
    """
    lo, hi = ins.scale_min, ins.scale_max
    own = ins.label_sets[ins.question(col).labels]
    by_code = {}
    for c, t in labels.items():
        try:
            by_code[float(c)] = unicodedata.normalize("NFKC", str(t)).strip().lower()
        except ValueError:
            continue
    return all(by_code.get(float(k)) in {str(w).strip().lower() for w in own[lo + hi - k]} for k in range(lo, hi + 1))


def _check_labels(dl: Delivery, ins: Instrument, frame: pd.DataFrame, probs: list) -> dict:
    """Honour SPSS value labels and user-missing values of coded columns; a question whose value labels are the
    instrument's mirrored (:func:`_mirrored_labels`) is read recoded, each code v of the scale as min + max - v.
    Returns, per column, the cells recoded to blank (a 0-10 item's 99 = 不知道, said once here), which are no
    unanswered item to warn of again row by row (survey46)."""
    fallback = str(min(ins.missing_codes)) if ins.missing_codes else None
    mirrored: dict[str, int] = {}
    said_blank: dict[str, pd.Series] = {}
    # a declaration of the label set, as a codes sheet makes it: every question of the set that the file labels on the
    # scale labels it mirrored; one labelled the instrument's way beside them (overall mirrored, env1 not) says the
    # labels were mistyped as well as it says the codes were reversed, and is refused as before
    on_scale = {c: dl.value_labels.get(c, {}) for c in ins.coded_columns if c in frame
                and any(_on_scale(k, ins.on_scale_of(c)) for k in dl.value_labels.get(c, {}))}
    sets: dict[str, list] = {}
    for c, lab in on_scale.items():
        sets.setdefault(ins.question(c).labels, []).append(_mirrored_labels(lab, ins.on_scale_of(c), c))
    declared = {c for c, lab in on_scale.items() if all(sets[ins.question(c).labels])}
    ins_all, fallback_all = ins, fallback
    for col in ins_all.coded_columns:
        if col not in frame:
            continue
        # a question on a scale of its own (0-10) is read on it: a code the file labels or declares missing (99 =
        # 不知道) goes to its missing code off that scale, or to blank where it has none -- never to the instrument's
        # 9, a rating on 0-10
        ins = ins_all.on_scale_of(col)
        fallback = fallback_all if ins is ins_all else (
            str(min(ins.missing_codes)) if ins.missing_codes else "")
        labels = dl.value_labels.get(col, {})
        if col in declared:
            # the file's own declaration that this question is coded the other way (a firm's system coding 1 = 非常满意):
            # its answers read recoded, never refused as a reversal nor read as coded; its other labels (98 = 不适用) as
            # every file's
            lo, hi = ins.scale_min, ins.scale_max
            v = pd.to_numeric(frame[col], errors="coerce")
            hit = v.between(lo, hi) & (v == np.floor(v))
            frame.loc[hit, col] = (lo + hi - v[hit]).astype(int).astype(str)
            mirrored[col] = int(hit.sum())
            labels = {c: t for c, t in labels.items() if not _on_scale(c, ins)}
        l2c = ins.label_to_code(col)
        recode: dict[str, str] = {}
        midpoint_labelled: list[str] = []
        # the codes the file labels as points of the scale: one beyond its ends (7 = 非常满意) makes every mismatch of
        # the set a longer scale's (4 = 一般 on 1-7), never a reversed one (survey40)
        pointed = []
        for code, label in labels.items():
            w_ = l2c.get(unicodedata.normalize("NFKC", label).strip().lower())
            try:
                if w_ is not None and w_ not in ins.missing_codes and float(code) not in ins.missing_codes:
                    pointed.append(float(code))
            except ValueError:
                pass
        longer = [c_ for c_ in pointed if not ins.scale_min <= c_ <= ins.scale_max]
        span = (f"{min(pointed):g}–{max(pointed):g}", f"{min(pointed):g}-{max(pointed):g}") if longer else None
        for code, label in labels.items():
            key = unicodedata.normalize("NFKC", label).strip().lower()
            want = l2c.get(key)
            if want is not None and str(want) != code:
                if want in ins.missing_codes:
                    recode[code] = str(want)
                    continue
                lo, hi = ins.scale_min, ins.scale_max
                try:
                    off = float(code) not in ins.missing_codes and not _on_scale(code, ins)
                except ValueError:
                    off = False
                # a code beyond the scale's ends labelled as one of its points (10 = 非常满意): a longer scale, not
                # a reversed one
                why_zh = (f"代码 {code} 不在问卷的 {lo}–{hi} 分量表内，看来本题的值标签是另一种量表（如 1–10 分）的" if off
                          else "量表方向是否反了？")
                why_en = (f"code {code} is off the instrument's {lo}-{hi} scale: the labels look like those of another "
                          "scale (such as 1-10)" if off else "is the scale reversed?")
                if span and not off:    # a point inside 1-5 of a longer label set: that set's, not a reversal
                    off = True
                    why_zh = (f"本题的值标签把 {lo}–{hi} 以外的代码也标为量表上的选项，是另一种量表（代码 {span[0]}）的，"
                              f"其中的 {code} 不是问卷的 {code} 分")
                    why_en = (f"the question's value labels give codes beyond {lo}-{hi} the scale's options: they are "
                              f"another scale's (codes {span[1]}), whose {code} is not the instrument's {code}")
                probs.append(_problem(
                    None, col, f"{code}={label}", "error", "label_mismatch",
                    f"文件的值标签与问卷不符：代码 {code} 标为「{label}」，问卷中「{label}」的代码是 {want}（{why_zh}）",
                    f"the file's value label contradicts the instrument: code {code} is labelled '{label}', "
                    f"which is code {want} in the instrument ({why_en})",
                    **({"fix_zh": f"请按问卷的 {lo}–{hi} 分量表提供本题（调查时用了别的量表请先与委托方确认换算方法），值标签与问卷"
                                  "一致后重新交付",
                        "fix_en": f"deliver the question on the instrument's {lo}-{hi} scale (agree a conversion with "
                                  "the client first if another scale was used), its value labels as the "
                                  "instrument's, then deliver again"} if off else {})))
            elif want is None and _is_missing_label(key) and fallback is not None and code != fallback:
                if _on_scale(code, ins):
                    # the file's own label set names a point of the scale (3 = 不好说, a common wording of the
                    # midpoint): an answer, never recoded to the missing code; only a code off the scale may be one
                    midpoint_labelled.append(f"{code}={label}")
                    continue
                recode[code] = fallback
        if not any(p["code"] == "label_mismatch" and p["column"] == col for p in probs):
            reversed_ = _labels_reversed(labels, ins, col)
            if reversed_:
                lo, hi = ins.scale_min, ins.scale_max
                top_zh, top_en = ins.label_sets[ins.question(col).labels][hi]
                shown = ", ".join(reversed_)
                probs.append(_problem(
                    None, col, shown, "error", "label_mismatch",
                    f"文件的值标签与问卷的量表方向相反（{shown}）：问卷中代码 {hi} 是「{top_zh}」，交付的代码一律从最不满意（{lo}）"
                    f"到最满意（{hi}）递增；照此读取会把满意算作不满意",
                    f"the file's value labels run against the instrument's scale ({shown}): code {hi} is '{top_en}' "
                    f"in the instrument, and a delivery's codes rise from least satisfied ({lo}) to most satisfied "
                    f"({hi}); read as coded, the satisfied would count as dissatisfied (the labels' direction is told "
                    "by their words)",
                    fix_zh=f"请在交付前把本题的答案换算为 {lo + hi} − 代码（缺失代码不变），并把值标签改为问卷的方向"
                           f"（{hi} = {top_zh}），然后重新交付；不要只改标签",
                    fix_en=f"recode the question's answers to {lo + hi} - code before delivering (missing codes as "
                           f"they are) and give the value labels the instrument's direction ({hi} = {top_en}), then "
                           "deliver again; do not change the labels alone"))
        if midpoint_labelled:
            probs.append(_problem(
                None, col, ", ".join(midpoint_labelled), "warning", "scale_point_labelled_no_answer",
                f"文件的值标签把量表上的代码标为未作答的说法（{'、'.join(midpoint_labelled)}）：量表 {ins.scale_min}–"
                f"{ins.scale_max} 之内的代码按该分值读取，不改记为缺失代码；若这些答案确是未作答，请在交付前改记为 "
                f"{fallback}",
                f"the file's value labels give a code on the scale a no-answer wording ({', '.join(midpoint_labelled)}): "
                f"a code within {ins.scale_min}-{ins.scale_max} is read as that scale point, not recoded to the missing "
                f"code; if these answers really are no answers, recode them to {fallback} before delivering",
            ))
        for code in dl.user_missing.get(col, []):
            if fallback is not None and code != fallback and code not in {str(c) for c in ins.missing_codes}:
                recode.setdefault(code, fallback)
        if recode:
            hit = frame[col].isin(list(recode))
            if hit.any():
                shown_zh, shown_en = _rows_named(frame.loc[hit], dl)
                probs.append(_problem(
                    None, col, ", ".join(f"{a}->{b}" for a, b in sorted(recode.items())), "warning", "recoded_missing",
                    f"按文件的值标签/用户缺失值，将 {int(hit.sum())} 个答案改记为缺失代码（{shown_zh}）" if fallback else
                    f"按文件的值标签/用户缺失值，将 {int(hit.sum())} 个答案改记为空白（本题的 {ins.scale_min}–{ins.scale_max} "
                    f"分量表之外没有缺失代码，该题按缺失处理，不按评分计入；{shown_zh}）",
                    f"{int(hit.sum())} answers recoded to the missing code, following the file's value labels / "
                    f"user-missing values ({shown_en})" if fallback else
                    f"{int(hit.sum())} answers recoded to blank, following the file's value labels / user-missing "
                    f"values (the question's {ins.scale_min}-{ins.scale_max} scale has no missing code off it: the "
                    f"item is missing, never counted as a rating; {shown_en})",
                    fix_zh="若这些代码是有效答案而非未作答，请去掉文件中它们的值标签或用户缺失值声明后重新交付",
                    fix_en="if these codes are valid answers, not missing ones, remove their value labels or "
                           "user-missing declaration from the file and deliver again",
                ))
            frame[col] = frame[col].where(~hit, frame[col].map(recode))
            if not fallback:
                said_blank[col] = hit
    ins = ins_all
    if mirrored:
        lo, hi, n = ins.scale_min, ins.scale_max, sum(mirrored.values())
        what = "SPSS" if dl.format == "sav" else "Stata"
        cols = "、".join(mirrored)
        probs.append(_problem(
            None, "", cols, "warning", "scale_reversed",
            f"{what} 文件的值标签把 {len(mirrored)} 题（{cols}）的代码整体反向标注（{lo} = {ins.label_sets[ins.question(next(iter(mirrored))).labels][hi][0]}，"
            f"{lo} 与 {hi} 互换）：答案按反向编码读取，每个代码 v 改记为 {lo + hi}−v（缺失代码不变）后检查与计分；共改记 {n} 个答案",
            f"the {what} file's value labels code {len(mirrored)} questions ({', '.join(mirrored)}) mirrored ({lo} = "
            f"{ins.label_sets[ins.question(next(iter(mirrored))).labels][hi][1]}, {lo} and {hi} swapped): the answers are "
            f"read as coded reversed, each code v recoded to {lo + hi}-v (missing codes unchanged) before the checks and "
            f"scoring; {n} answers recoded"))
    return said_blank


def _long_format(f: pd.DataFrame, unknown: list, ins: Instrument, present: set):
    """``(question column, answer column or None, item ids found)`` when the file has one row per answer (a column
    of the file holds the instrument's item ids or question texts as values, while its item columns are missing),
    else None.  The answer column is the other unknown column whose values are mostly codes of the scale."""
    missing = [c for c in ins.coded_columns if c not in present]
    if len(missing) < 2 or not unknown:
        return None
    names = {c.lower(): c for c in ins.coded_columns}
    for q in (*ins.items, ins.overall):
        names.setdefault(_squeeze(q.zh).lower(), q.id)
    for c in unknown:
        vals = pd.Series(f[c].astype(str).unique()).str.strip()
        of_val = vals.map(lambda v: names.get(v.lower()) or names.get(_squeeze(v).lower()))
        hits = sorted(set(of_val.dropna()), key=list(ins.coded_columns).index)
        if len(hits) >= max(2, len(missing) // 2):
            # each row's answer against its own question's codes (0-10 on an item of its own scale, 1-5 and 9 on
            # the others); a row whose question is not the instrument's, against the instrument's codes
            qid = f[c].astype(str).str.strip().map(dict(zip(vals, of_val)))
            answer = None
            for a in unknown:
                if a == c:
                    continue
                v = _num(f[a])
                ok = v.isin(list(ins.valid_codes))
                for iid in ins.own_scales:
                    on = (qid == iid).to_numpy()
                    ok[on] = v[on].isin(list(ins.item_codes(iid)))
                if len(v) and ok.mean() > 0.8:
                    answer = a
                    break
            return c, answer, hits
    return None


def _header_holding_data(dl: Delivery, unknown: list, used: set, has_columns: bool) -> tuple[bool, list, dict | None]:
    """A header row that holds data: ``(no header, the unknown columns that are data, the problem)``.

    A header row that holds none of the delivery's columns (``has_columns`` false) and, among its cells, a date or a
    long number is a respondent's row (a file delivered without its header row: error ``no_header``); a header that
    holds the columns and, among the unknown ones not ``used`` otherwise, a date or a long number has a record run on
    to it (its line break lost: warning ``header_holds_data``).  Either way the cells (a name, a phone, a comment)
    are said once, never listed one by one as unknown columns.  ``(False, [], None)``: neither."""
    if not has_columns and looks_like_a_record([dl.columns.get(c, c) for c in unknown]):
        return True, list(unknown), _problem(
            None, "", "", "error", "no_header",
            "文件的第一行看来是一位受访者的答案（含日期或长数字），而不是表头：文件缺少表头行；其内容不列出",
            "the file's first row looks like a respondent's answers (it holds dates or long numbers), not a header: "
            "the file has no header row; its cells are not listed",
            fix_zh="请在第一行加上表头（列名见 surveys/README.md，或用 windoweval survey template 生成的模板）后重新交付",
            fix_en="add the header row (the column names are in surveys/README.md, or use the template from "
                   "windoweval survey template), then deliver again")
    data_like = [c for c in unknown if c not in used]
    if not looks_like_a_record([dl.columns.get(c, c) for c in data_like]):
        return False, [], None
    return False, data_like, _problem(
        1 if dl.format not in ("sav", "dta") else None, "", "", "warning", "header_holds_data",
        f"表头行中有 {len(data_like)} 个未知的列，其中有看来是数据的（日期或长数字）：一行记录可能与表头连在了一起（换行丢失）；"
        "这些列不检查、不导入，其内容不列出",
        f"the header row has {len(data_like)} unknown columns, some looking like data (a date or a long number): "
        "a record may be run on to the header (its line break lost); these columns are neither checked nor "
        "imported, and are not listed",
        fix_zh="请核对表头行：记录应从第二行起，每位受访者一行；然后重新交付",
        fix_en="check the header row: records start on the next row, one row per respondent; then deliver again")


def _ids_repeated_by_long_format(n_rows: int, n_ids: int, n_repeats: int) -> dict:
    """The one ``duplicate_id`` line of a delivery in long format (one row per answer): ``n_rows`` rows with an id
    carry ``n_ids`` distinct respondent ids, ``n_repeats`` rows repeating an earlier one, because of the format the
    ``long_format`` refusal before it explains.

    >>> _ids_repeated_by_long_format(16, 2, 14)["value"]
    '16 rows / 2 ids'
    """
    return _problem(
        None, "respondent_id", f"{n_rows} rows / {n_ids} ids", "error", "duplicate_id",
        f"受访者编号重复：{n_rows} 行只有 {n_ids} 个不同的受访者编号（{n_repeats} 行重复前面的编号），"
        "因为文件是每个答案一行（长格式，见上一条）；转为每位受访者一行后这些重复即消失",
        f"respondent ids repeat: {n_rows} rows carry {n_ids} distinct respondent ids ({n_repeats} "
        "rows repeat an earlier respondent id) because the file has one row per answer (long format, above); "
        "turned into one row per respondent, the repeats go",
        fix_zh="按上一条把文件转为每位受访者一行（每题一列），然后重新检查",
        fix_en="turn the file into one row per respondent (one column per question) as the line above says, "
               "then check it again")


def _window_hints(ids: pd.Series, unknown: pd.Series, windows) -> tuple[pd.Series, pd.Series]:
    """What each row of an unknown window id (``unknown``) adds to its refusal, in Chinese and in English: the nearest
    window, by id or name, of each distinct unknown value (城东营业 for 城东营业厅; PW1 for PW01), for the first
    :data:`NEAREST_WINDOW_LIMIT` of them; the rows of the others say how many distinct unknown values there are.

    >>> ids = pd.Series(["PW1", "XYZ", "PW01"])
    >>> [x.tolist() for x in _window_hints(ids, ids.ne("PW01"), ["PW01"])]
    [['；是否应为 PW01？', '', ''], ['; did you mean PW01?', '', '']]
    """
    distinct = ids[unknown].unique()
    near = _nearest_windows(distinct, windows)
    hint = ids.map(near).astype(object).fillna("")
    has = hint.ne("")
    zh_h = pd.Series(np.where(has, "；是否应为 " + hint + "？", ""), index=ids.index, dtype=object)
    en_h = pd.Series(np.where(has, "; did you mean " + hint + "?", ""), index=ids.index, dtype=object)
    more = len(distinct) - NEAREST_WINDOW_LIMIT
    if more > 0:
        unseen = ~ids.isin(distinct[:NEAREST_WINDOW_LIMIT])
        zh_h = zh_h.where(~unseen, f"；本文件有 {len(distinct)} 个不同的未知窗口编号，只为前 {NEAREST_WINDOW_LIMIT} 个"
                                   f"找了最接近的窗口（另有 {more} 个未查找）；这么多多半是整列填错（如填成了受访者编号），"
                                   "请核对窗口编号这一列")
        en_h = en_h.where(~unseen, f"; the file has {len(distinct)} distinct unknown window ids, the nearest window "
                                   f"was looked for the first {NEAREST_WINDOW_LIMIT} only ({more} more not looked "
                                   "for); so many mostly mean the whole column is wrong (respondent ids in it, "
                                   "say): check the window id column")
    return zh_h, en_h


def parse_delivery(
    source,
    instrument: Instrument | str,
    *,
    year: int | None = None,
    windows=None,
    screen: bool = True,
    screen_params: dict | None = None,
) -> CheckedDelivery:
    """Read a delivery and check every value.

    读取并检查交付文件的每一个值，得到类型化的数据和问题清单。

    Parameters
    ----------
    source : path or Delivery
    instrument : Instrument or str
    year : int, optional
        The survey year; interview dates outside it are errors. When omitted, the
        year most dates fall in is taken.
    windows : collection of str, or mapping, optional
        The known window ids; any other is an error. A mapping of id to name (or names) also reads a window
        written by its name as its id, with a warning.
    screen : bool
        Run the careless-responding screens and report flagged respondents as warnings.
    screen_params : dict, optional
        Keyword arguments for :func:`windoweval.survey.screening.screen_responses`.

    Returns
    -------
    CheckedDelivery

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> ins = load_instrument("power_hall")
    >>> df = demo.generate_delivery(ins, 2025, ["PW01"], n_per_window=12, seed=2, careless_share=0)
    >>> df.loc[3, "weight"] = 0
    >>> with demo.delivery_file(df) as p:
    ...     chk = parse_delivery(p, ins, year=2025)
    >>> chk.rejected_rows, len(chk.valid), chk.file_ok  # doctest: +NORMALIZE_WHITESPACE
    ([5], 11, True)
    """
    ins = load_instrument(instrument)
    dl = source if isinstance(source, Delivery) else read_delivery(source, ins)
    probs = list(dl.problems)
    f = dl.frame.copy()
    label_row = _label_row(f, ins)
    if label_row is not None:     # a second header row of the questions' text below the codes: no respondent
        r0 = int(f.at[label_row, "row"])
        shown = " | ".join(v for v in f.loc[label_row].drop(["row", "line"], errors="ignore").astype(str) if v.strip())
        probs.append(_problem(
            r0, "", shown[:200], "warning", "label_row",
            f"第 {r0} 行是表头的第二行（题目原文或中文列名），不是受访者，已跳过；交付时最好只用一行表头",
            f"row {r0} is a second header row (the questions' text or the columns' Chinese names), not a respondent, "
            "and is skipped; deliver a one-row header if you can"))
        f = f.drop(index=label_row).reset_index(drop=True)
    present = set(f.columns)

    # --- header: missing / misspelled / unknown columns
    expected = list(ins.expected_columns)
    known = set(expected) | set(OPTIONAL_COLUMNS) | {"row", "line"}
    unknown = [c for c in f.columns if c not in known]
    used = set()
    long = _long_format(f, unknown, ins, present)
    if long is not None:
        # one row per answer (a question column, an answer column): one file-level refusal with the way to turn it,
        # not a missing column per question
        qcol, acol, hits = long
        src_q, src_a = dl.columns.get(qcol, qcol), dl.columns.get(acol, acol) if acol else ""
        probs.append(_problem(
            None, src_q, ", ".join(hits[:6]) + (" …" if len(hits) > 6 else ""), "error", "long_format",
            f"文件是每个答案一行（长格式）：列 '{src_q}' 写的是题号（{'、'.join(hits[:6])} 等）"
            + (f"，列 '{src_a}' 是答案" if acol else "") + "；交付格式是每位受访者一行、每题一列",
            f"the file has one row per answer (long format): column '{src_q}' holds the questions ({', '.join(hits[:6])}"
            f" ...)" + (f" and column '{src_a}' the answers" if acol else "")
            + "; the delivery format is one row per respondent, one column per question",
            fix_zh=f"请转为每位受访者一行（Excel 用数据透视表：行为受访者编号等固定列，列为 '{src_q}'，值为 "
                   f"'{src_a or '答案'}'；或用模板 windoweval survey template），然后重新交付",
            fix_en=f"turn it into one row per respondent (an Excel pivot table: the respondent id and fixed columns as "
                   f"rows, '{src_q}' as columns, '{src_a or 'the answer'}' as values; or use the template from "
                   f"windoweval survey template), then deliver again"))
        used.update({qcol} | ({acol} if acol else set()))
    # a header row that is a respondent's row, or holds one run on to it: said once, its cells never listed as columns
    no_header, as_data, said = ((False, [], None) if long is not None
                                else _header_holding_data(dl, unknown, used, bool(present & set(expected))))
    used.update(as_data)
    if said is not None:
        probs.append(said)
    for c in expected:
        if c in present:
            continue
        if long is not None and c in ins.coded_columns:
            continue
        sugg = [] if no_header else _close_column(c, [u for u in unknown if u not in used])
        if sugg:
            used.add(sugg[0])
            src = dl.columns.get(sugg[0], sugg[0])
            probs.append(_problem(
                None, c, src, "error", "misspelled_column",
                f"缺少必需列 '{c}'；文件中的列 '{src}' 是否就是它？",
                f"required column '{c}' is missing; is the file's column '{src}' meant to be it?",
                fix_zh=f"请把列 '{src}' 改名为 '{c}' 后重新交付；若它不是这一列，请在表头加上 '{c}' 列"
                       + (f"。{_DESIGN_COLUMN_ROLES[c][0]}" if c in _DESIGN_COLUMN_ROLES else ""),
                fix_en=f"rename the column '{src}' to '{c}' and deliver again; if it is not that column, "
                       f"add a '{c}' column to the header"
                       + (f". {_DESIGN_COLUMN_ROLES[c][1]}" if c in _DESIGN_COLUMN_ROLES else ""),
            ))
        else:
            fz, fe = _DESIGN_COLUMN_FIXES.get(c, ("", ""))
            probs.append(_problem(None, c, "", "error", "missing_column",
                                  f"缺少必需列 '{c}'", f"required column '{c}' is missing",
                                  fix_zh=f"{FIXES['missing_column'][0]}；{fz}" if fz else "",
                                  fix_en=f"{FIXES['missing_column'][1]}; {fe}" if fe else ""))
    numbered = [f"'{dl.columns[c]}' → {c}" for c in ins.coded_columns
                if c in dl.columns and _numbered_question(_norm_header(dl.columns[c]), ins) == c]
    if numbered:   # read by the question's text after its number: said once, each column named
        probs.append(_problem(None, "", "; ".join(numbered), "warning", "numbered_question",
                              f"{len(numbered)} 列按列名中题号之后的题目原文读取：" + "; ".join(numbered),
                              f"{len(numbered)} columns are read by the question's text after its number in the "
                              "header: " + "; ".join(numbered),
                              fix_zh="如有读错，请把列名改为题号（如 env1）后重新交付",
                              fix_en="where one is read wrongly, rename the column to the item's id (such as env1) "
                                     "and deliver again"))
    for c in unknown:
        if c in used:
            continue
        src = dl.columns.get(c, c)
        if _declares_two_phase(src):
            used.add(c)
            probs.append(_problem(None, src, "", "error", "two_phase_design", *_TWO_PHASE_WHY))
            continue
        sugg = difflib.get_close_matches(c, list(OPTIONAL_COLUMNS), n=1, cutoff=0.6)
        hint_zh = f"；是否应为 '{sugg[0]}'？" if sugg else ""
        hint_en = f"; did you mean '{sugg[0]}'?" if sugg else ""
        probs.append(_problem(1 if dl.format not in ("sav", "dta") else None, src, "", "warning", "unknown_column",
                              f"未知列 '{src}' 不检查、不导入{hint_zh}（从本文件估计时可用 --by 或 --fpc 引用）",
                              f"unknown column '{src}' is neither checked nor imported{hint_en} (estimating from this "
                              "file, --by or --fpc may name it)"))

    for c in expected + list(OPTIONAL_COLUMNS):
        if c not in f:
            f[c] = ""
    for c in expected + list(OPTIONAL_COLUMNS):
        f[c] = _clean_text(f[c]) if c != "comment" else f[c].astype(object).fillna("").map(str)
    # a dash, a slash or 无 written for a cell left empty (-, —, /, 无: records' placeholders), or N/A, NULL, None as a
    # person or a database export writes a blank (NA too, in a number's or a date's column: _NA_BLANK_COLUMNS), in a
    # fixed or an optional column: the blank it stands for (a weight so written is a missing weight, not "no number";
    # a PSU or a window so written is no PSU or window named "-"); a fixed column's message names the text as written
    # (a spreadsheet's error value, #N/A of a VLOOKUP that found nothing, in a fixed column: no value either, refused
    # as such below, never a PSU or a stratum named "#N/A")
    as_written: dict = {}
    fixed = [c for c in expected if c not in ins.coded_columns]
    for c in fixed + ["customer_type", "duration_s"]:
        if c in present:
            keep = {k.lower() for k in ins.customer_types} if c == "customer_type" and ins.customer_types else set()
            words = _ANSWER_PLACEHOLDERS + _NULL_WORDS + (("na",) if c in _NA_BLANK_COLUMNS else ())
            ph = _placeholder_cells(f[c], keep, words) | (_excel_errors(f[c]) if c in fixed else False)
            if ph.any():
                as_written[c] = f[c].copy()
                f[c] = f[c].where(~ph, "")
    # a workbook's logical cell (TRUE/FALSE: a checkbox, a formula's comparison) in an answer column is no code: set
    # aside before the answer is read (never as 1 or 0: TRUE on a 1-5 item was "very dissatisfied"), refused alone
    # below, cell by cell, as an answer off the question's codes is (small46)
    logical: dict = {}
    for c in ins.coded_columns:
        if c in present and getattr(dl, "logical", None) and dl.logical.get(c):
            m = f["row"].isin(dl.logical[c]).to_numpy(dtype=bool)
            if m.any():
                logical[c] = (m, f[c].copy())
                f[c] = f[c].where(~m, "")
    # in a fixed column (the weight, the stratum, the PSU, an id, the date) such a cell is no value either: the row is
    # refused cell by cell, naming the value (never a stratum or PSU named TRUE, never the weight 1 or 0); set blank
    # here so nothing reads it, and said below once, as what it is, not again as a missing value (survey47)
    logical_fixed: dict = {}
    for c in REQUIRED_COLUMNS:
        if c in present and c not in ins.coded_columns and getattr(dl, "logical", None) and dl.logical.get(c):
            m = f["row"].isin(dl.logical[c]).to_numpy(dtype=bool)
            if m.any():
                logical_fixed[c] = (m, f[c].copy())
                f[c] = f[c].where(~m, "")
    said_blank = _check_labels(dl, ins, f, probs)
    for c, (m, _) in logical.items():    # no unanswered item to warn of again: its own warning says why
        said_blank[c] = (said_blank[c].reindex(f.index, fill_value=False).to_numpy(dtype=bool) | m
                         if c in said_blank else m)
        said_blank[c] = pd.Series(said_blank[c], index=f.index)

    rows = f["row"]
    out = pd.DataFrame({"row": rows.to_numpy()})
    row_probs: list[pd.DataFrame] = []

    def _add(mask, col, severity, code, zh, en, values=None, fix=None):
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        vals = (values if values is not None else f[col])[mask]
        zh_s = zh if isinstance(zh, str) else pd.Series(zh)[mask].to_numpy()
        en_s = en if isinstance(en, str) else pd.Series(en)[mask].to_numpy()
        extra = {"fix_zh": fix[0], "fix_en": fix[1]} if fix else {}
        if not fix and col in OPTIONAL_FIXES and severity == "warning":
            # a bad value of an optional column (customer type, duration): the value is refused, the respondent kept
            zh_s, en_s = zh_s + OPTIONAL_REFUSED[0], en_s + OPTIONAL_REFUSED[1]
            extra = {"fix_zh": OPTIONAL_FIXES[col][0], "fix_en": OPTIONAL_FIXES[col][1]}
        elif not fix and code in ANSWER_REFUSED_CODES and severity == "warning":
            # an item's answer off its codes: the answer is refused, the respondent and the other answers kept
            zh_s, en_s = zh_s + ANSWER_REFUSED[0], en_s + ANSWER_REFUSED[1]
            extra = {"fix_zh": FIXES[code][0], "fix_en": FIXES[code][1]}
        row_probs.append(pd.DataFrame({
            "row": rows[mask].to_numpy(), "column": col, "value": np.asarray(vals, dtype=object).astype(str),
            "severity": severity, "code": code, "problem_zh": zh_s, "problem_en": en_s, **extra,
        }))

    def _missing(col, blank):
        """A fixed column's empty cells: the missing required value, a placeholder (-, 无) shown as written."""
        if col in logical_fixed:   # a logical cell (TRUE/FALSE) set blank: refused as what it is, not said again
            blank = np.asarray(blank, dtype=bool) & ~logical_fixed[col][0]
        zh, en, values = f"必填项 {col} 为空", f"required value {col} is empty", None
        if col in as_written:
            values = as_written[col]
            said = values.ne("").to_numpy()
            zh = np.where(said, zh + "（「" + values + "」表示空白，按空白读取）", zh)
            en = np.where(said, en + " ('" + values + "' stands for a blank cell and is read as one)", en)
            err = _excel_errors(values).to_numpy() & np.asarray(blank, dtype=bool)
            if err.any():
                _add(err, col, "error", "excel_error", *_excel_error_text(values, col), values=values)
                blank = np.asarray(blank, dtype=bool) & ~err
        # a respondent with no id, blank or written -, 无 (no id either): rows so written are no copies of one
        # respondent, each needs its own id and none is to be deleted (left40)
        _add(blank, col, "error", "missing_value", zh, en, values=values, fix=(
            "请为每位受访者填上各自的编号（如调查公司的流水号 000123）后重新交付；不要删去任何一行",
            "give each respondent their own id (such as the firm's serial number 000123) and deliver again; delete "
            "none of the rows") if col == "respondent_id" else None)

    def _required_text(col):
        if col in present:
            _missing(col, f[col].eq(""))
        return f[col].where(f[col].ne(""), None)

    # 100000.0: a respondent's or a window's id the firm's sheet typed as numbers, read as the integer's text where
    # it is exact (said once); a fraction (100000.5) or more than 15 digits refused row by row (records.ids)
    decimal_refused: dict = {}
    for col in ("respondent_id", "window_id"):
        if col not in present:
            continue
        got, read, frac, long_ = decimal_ids(f[col].where(f[col].ne("")).astype("string"))
        zh_f, en_f, zh_l, en_l, fix_zh, fix_en = decimal_id_text(col)
        _add(frac, col, "error", "id_fraction", zh_f, en_f, fix=(fix_zh, fix_en))
        _add(long_, col, "error", "id_decimal_long", zh_l, en_l, fix=(fix_zh, fix_en))
        if read.any():
            first = int(np.flatnonzero(read)[0])
            ex = f"{f[col].iloc[first]} → {got.iloc[first]}"
            probs.append(_problem(
                None, col, ex, "warning", "id_decimal",
                f"{int(read.sum())} 个{col}写成数字的小数形式（如 {ex}）：该列按数字导出，已按整数读取",
                f"{int(read.sum())} values of {col} are written as a number with a decimal point (such as {ex}): the "
                "column was exported as numbers, and they are read as the integers",
                fix_zh=fix_zh, fix_en=fix_en))
            f[col] = f[col].where(~read, got.astype(object))
        decimal_refused[col] = frac | long_   # refused above: not named again as an unknown window

    # a mobile number as an id, a PSU, a stratum or a window (a firm keying respondents by their phone): never taken
    # as data, the row refused, the value masked (survey37; duration_s's is refused alone, below)
    for col in ("respondent_id", "window_id", "stratum", "psu"):
        if col in present:
            from ..privacy import TOKENS
            _add(f[col].str.normalize("NFKC").str.fullmatch(r"(?:\+?86[\s-]?)?1[3-9]\d{9}").fillna(False), col,
                 "error", "phone_number", f"{COLUMN_LABELS[col][0].split('（')[0]}（{col}）一列写的是手机号码，不能作为"
                 "编号读取，本行被拒", f"the {COLUMN_LABELS[col][1].split(' (')[0].lower()} ({col}) holds a mobile phone "
                 "number, which is never read as an identifier: the row is refused",
                 values=pd.Series(TOKENS["records"]["mobile"], index=f.index),
                 fix=("请改用调查公司自己的流水号（如 000123）；受访者的电话号码不要放进交付文件",
                      "use the firm's own serial number (such as 000123); keep respondents' phone numbers out of "
                      "the delivery"))

    if logical_fixed:
        _logical_fixed(logical_fixed, f, dl, _add)

    # identifiers
    rid = _required_text("respondent_id")
    dropped = np.zeros(len(f), dtype=bool)
    if "respondent_id" in present:
        nonblank = f["respondent_id"].ne("")
        content = [c for c in f.columns if c not in ("row", "line")]
        exact = f.duplicated(subset=content, keep="first") & nonblank
        first_row = f.groupby(content, sort=False, dropna=False)["row"].transform("first")
        _add(exact, "respondent_id", "warning", "duplicate_row",
            "与第 " + _shown_rows(first_row, dl) + " 行完全相同的重复行，已删除（保留第 " + _shown_rows(first_row, dl) + " 行）",
            "exact repeat of row " + _shown_rows(first_row, dl) + ", dropped (row " + _shown_rows(first_row, dl)
            + " is kept)",
            values=f["respondent_id"])
        dropped = exact.to_numpy()
        distinct = nonblank & ~exact
        later = f["respondent_id"].where(distinct).duplicated(keep="first") & distinct
        sci_id = f["respondent_id"].str.fullmatch(SCIENTIFIC_ID_RE).fillna(False).astype(bool)
        if later.any() and long is not None:
            # one row per answer: every respondent's id repeats once per question, which the long-format refusal
            # already explains; one line for them all, not an error per row burying the refusal (left17s #4)
            probs.append(_ids_repeated_by_long_format(int(nonblank.sum()),
                                                      int(f.loc[nonblank, "respondent_id"].nunique()),
                                                      int(later.sum())))
        elif later.any():
            kept = f.loc[distinct].groupby("respondent_id")["row"].first()
            kept_row = _shown_rows(f["respondent_id"].map(kept).astype("Int64"), dl)
            zh = ("受访者编号重复且答案不同：保留第 " + kept_row + " 行，本行被拒；请核对后给本行一个新的编号或删除它")
            en = ("duplicate respondent id with different answers: row " + kept_row + " is kept and this row is "
                  "refused; check it, then give it a new id or delete it")
            if "interview_date" in present:
                # the same person interviewed again in another quarter (a panel): a valid interview, counted in its
                # own quarter, but each interview is one row and needs its own id (the id keys the row in the store)
                when = _interview_dates(f["interview_date"], dl.date1904)[0]
                q = (when.dt.year.astype("Int64").astype(str) + " 年第 " + when.dt.quarter.astype("Int64").astype(str)
                     + " 季度")
                q_en = "Q" + when.dt.quarter.astype("Int64").astype(str) + " " + when.dt.year.astype("Int64").astype(str)
                first_q = f["respondent_id"].map(q.where(distinct).groupby(f["respondent_id"]).first())
                first_q_en = f["respondent_id"].map(q_en.where(distinct).groupby(f["respondent_id"]).first())
                other = (later & when.notna() & first_q.notna() & q.ne(first_q)).to_numpy(dtype=bool)
                if other.any():
                    rid_s = f["respondent_id"].astype(str)
                    suffix = rid_s + "-Q" + when.dt.quarter.astype("Int64").astype(str)
                    zh = zh.where(~other, zh + "。第 " + kept_row + " 行是" + first_q.astype(str) + "的访问，本行是"
                                  + q.astype(str) + "的：同一受访者在另一季度再次受访是有效的访问，计入各自的季度，"
                                  "但每次访问是一行，须有自己的编号（如 " + suffix + "）")
                    en = en.where(~other, en + "; row " + kept_row + " is an interview in " + first_q_en.astype(str)
                                  + " and this row one in " + q_en.astype(str) + ": a respondent interviewed again in "
                                  "another quarter is a valid interview, counted in its own quarter, but each interview "
                                  "is one row with its own id (such as " + suffix + ")")
            names = list(getattr(dl, "month_sheets", None) or [])
            if names:
                # a workbook of a sheet a window (a month) whose ids restart on each sheet (001, 002 … again): the
                # two rows stand on different sheets, and the fix is one numbering over the workbook
                sheet_at = (pd.to_numeric(f["row"], errors="coerce") // SHEET_KEY).astype("Int64")
                kept_at = (f["respondent_id"].map(kept).astype("Int64") // SHEET_KEY).astype("Int64")
                across = (later & sheet_at.notna() & kept_at.notna() & sheet_at.ne(kept_at)).to_numpy(dtype=bool)
                if across.any():
                    sheet_name = pd.Series(np.asarray(names, dtype=object)[
                        np.clip(sheet_at.fillna(0).astype(int).to_numpy(), 0, len(names) - 1)], index=f.index)
                    better = sheet_name.astype(str) + "-" + f["respondent_id"].astype(str)
                    zh = zh.where(~across, zh + "。两行在不同的工作表中：若各工作表的编号都从头编起，请在整个工作簿中统一编号"
                                  "（如在编号前加工作表名：" + better + "）")
                    en = en.where(~across, en + "; the two rows are on different sheets: if each sheet numbers its "
                                  "respondents from the start, number them once over the workbook (such as " + better
                                  + ", the sheet's name before the id)")
            # 4.40101E+17: long numeric ids Excel showed in scientific notation and saved so to a CSV, six digits
            # kept, so that different respondents share one: the cause is the export, and the fix another
            sci = (later & sci_id).to_numpy(dtype=bool)
            _add(later & ~sci, "respondent_id", "error", "duplicate_id", zh, en)
            _add(sci, "respondent_id", "error", "duplicate_id",
                 "受访者编号「" + f["respondent_id"] + "」是 Excel 的科学计数法：长数字编号在 Excel 中显示为科学计数法，"
                 "另存为 CSV 时只保留了前几位，不同的受访者成了同一编号（保留第 " + kept_row + " 行，本行被拒）",
                 "respondent id '" + f["respondent_id"] + "' is in Excel's scientific notation: a long numeric id "
                 "shown so by Excel keeps its first digits only when saved as CSV, and different respondents came to "
                 "share one id (row " + kept_row + " is kept, this row refused)",
                 fix=SCIENTIFIC_ID_FIX)
        lone = (sci_id & nonblank & ~later).to_numpy(dtype=bool)
        if lone.any():
            probs.append(_problem(
                None, "respondent_id", f["respondent_id"][lone].iloc[0], "warning", "id_scientific",
                f"{int(lone.sum())} 个受访者编号是 Excel 的科学计数法（如「{f['respondent_id'][lone].iloc[0]}」）：长数字编号"
                "另存为 CSV 时只保留了前几位，已不是调查公司的编号，无法据此核对受访者",
                f"{int(lone.sum())} respondent ids are in Excel's scientific notation (such as "
                f"'{f['respondent_id'][lone].iloc[0]}'): a long numeric id keeps its first digits only when saved as "
                "CSV, so these are no longer the firm's ids and no respondent can be traced by them",
                fix_zh=SCIENTIFIC_ID_FIX[0], fix_en=SCIENTIFIC_ID_FIX[1]))
    out["respondent_id"] = rid.to_numpy()
    if isinstance(windows, Mapping) and "window_id" in present:
        _windows_by_name(f, windows, probs, dl)
    if windows is not None and "window_id" in present:
        _windows_by_case(f, windows, probs, dl)
    win = _required_text("window_id")
    if windows is not None and "window_id" in present:
        known_w = {str(w) for w in windows}
        shown = "、".join(sorted(known_w)[:20]) + ("…" if len(known_w) > 20 else "")
        unknown_w = f["window_id"].ne("") & ~f["window_id"].isin(known_w) & ~decimal_refused.get("window_id", False)
        zh_h, en_h = _window_hints(f["window_id"], unknown_w, windows)
        _add(unknown_w, "window_id", "error", "unknown_window",
            f"未知窗口编号（不在本单位窗口清单中；已知：{shown}）" + zh_h,
            f"unknown window id (not in the organisation's list of windows; known: {shown.replace('、', ', ')})" + en_h)
    out["window_id"] = win.to_numpy()

    # dates
    d, wrong_day = _interview_dates(f["interview_date"], dl.date1904)
    if "interview_date" in present:
        mixed, n_zoned, n_naive = _mixed_zones(f["interview_date"])
        if mixed.any():
            _add(mixed, "interview_date", "error", "mixed_time_zones",
                 f"同一列中有 {n_zoned} 个带时区的访问时间（如 Z、+08:00）和 {n_naive} 个不带时区的，不带时区的是哪个时区"
                 "无法确定，不作猜测；按较少的一种拒绝本行",
                 f"the column mixes {n_zoned} interview times with a zone (Z, +08:00) and {n_naive} without one, whose "
                 "zone is unknown and not guessed; the row is refused as one of the fewer kind")
            d = d.where(~mixed)
        _add(wrong_day, "interview_date", "error", "weekday_mismatch",
             "日期旁写的星期几与日期不符，无法判断哪一个是对的：请核对后只写日期（YYYY-MM-DD）",
             "the weekday written beside the date is not the date's, so which is right cannot be told: check it and "
             "write the date alone (YYYY-MM-DD)")
        serial = f["interview_date"].str.fullmatch(r"\d{5}(?:\.\d+)?").fillna(False) & d.notna()
        if serial.any():
            ex = f["interview_date"][serial].iloc[0]
            probs.append(_problem(
                None, "interview_date", f"{ex} -> {d[serial].iloc[0].date().isoformat()}", "warning", "date_serial",
                f"{int(serial.sum())} 个访问日期是 Excel 日期序号（单元格格式为“常规”），已按 Excel 读作日期"
                + ("（工作簿使用 1904 日期系统，即 Mac 版 Excel 的计数，从 1904-01-01 起算）" if dl.date1904 else "")
                + f"（{ex} = {d[serial].iloc[0].date().isoformat()}）；请核对，交付时最好设为日期格式",
                f"{int(serial.sum())} interview dates are Excel day numbers (cells formatted General), read as Excel "
                "dates" + (" in the workbook's 1904 date system (Excel for Mac's, counted from 1904-01-01)"
                           if dl.date1904 else "")
                + f" ({ex} = {d[serial].iloc[0].date().isoformat()}); check them, and format the cells as dates"))
        _missing("interview_date", f["interview_date"].eq(""))
        bad = f["interview_date"].ne("") & d.isna() & ~wrong_day & ~mixed
        zh_bad, en_bad = _bad_date_messages(f["interview_date"], bad)
        _add(bad, "interview_date", "error", "bad_date", zh_bad, en_bad)
    if year is None and d.notna().any():
        year = int(d.dt.year.mode().iloc[0])
    if year is not None and "interview_date" in present:
        outside = d.notna() & d.dt.year.ne(year)
        _add(outside, "interview_date", "error", "date_outside_year",
            f"访问日期不在调查年度 {year} 内", f"interview date outside the survey year {year}")
        d = d.where(~outside)
    out["interview_date"] = d.to_numpy()

    out["stratum"] = _required_text("stratum").to_numpy()
    out["psu"] = _required_text("psu").to_numpy()

    # weight
    w = _num_grouped(f["weight"])
    pct_mixed = pd.Series(False, index=f.index)
    if "weight" in present:
        w, pct_mixed, pct_note = _percent_weights(f["weight"], w, str(dl.columns.get("weight", "weight")))
        if pct_note is not None:
            probs.append(pct_note)
        _add(pct_mixed, "weight", "error", "weight_percent_mixed",
             "权重写成了百分数，而本列其他权重不是：两种写法的尺度相差 100 倍，看不出哪一种是对的",
             "the weight is written as a percentage while the column's other weights are not: the two differ in "
             "scale a hundredfold, and which is meant cannot be told",
             fix=("整列权重请用同一种写法（都写小数，如 0.05486；或都写百分数，如 5.486%）后重新交付",
                  "write every weight of the column one way (all decimals, 0.05486, or all percentages, 5.486%), "
                  "then deliver again"))
        blank = f["weight"].eq("")
        _missing("weight", blank)
        if "stratum" in present and blank.any():
            # a stratum whose every weight is blank (the firm's weighting left one stratum out): not a few
            # respondents missing a value but a stratum missing from every estimate, which would then speak for
            # the other strata alone; the file is refused, naming the stratum (left19x, round eleven)
            st = f["stratum"].astype(str).str.strip()
            named = st.ne("")
            by = pd.DataFrame({"s": st[named], "b": blank[named]}).groupby("s", sort=False)["b"].agg(["all", "size"])
            for s_, n_ in by.loc[by["all"], "size"].items():
                probs.append(_problem(
                    None, "weight", s_, "error", "stratum_without_weights",
                    f"抽样层 '{s_}' 的 {n_} 位受访者全部没有权重:整层缺失会使每个估计只代表其他层,不是个别漏填",
                    f"all {n_} respondents of stratum '{s_}' have no weight: a stratum missing from every estimate "
                    "would leave the estimates speaking for the other strata alone, not a value left out here and there",
                    fix_zh="请调查公司补上这一层的抽样权重后重新交付(权重的计算见抽样设计)",
                    fix_en="ask the survey firm to add this stratum's sampling weights and deliver again (the weights "
                           "come from the sample design)"))
        inf = ~blank & w.notna() & ~np.isfinite(w.fillna(0))
        nonnum = ~blank & w.isna() & ~pct_mixed
        _add(nonnum, "weight", "error", "non_numeric", "权重不是数字", "weight is not a number")
        nonnum = nonnum | pct_mixed
        _add(inf, "weight", "error", "not_finite", "权重是无穷大（inf），不是有限的数", "weight is infinite (inf), not a finite number")
        nonnum = nonnum | inf
        nonpos = w.notna() & np.isfinite(w.fillna(0)) & (w <= 0)
        _add(nonpos, "weight", "error", "nonpositive_weight", "权重必须大于 0", "weight must be greater than 0")
        # one respondent standing for more people than live on earth: a slipped decimal point, never a design
        # (it took the whole estimate to that respondent's answers with a standard error of 0.0)
        huge = w.notna() & np.isfinite(w.fillna(0)) & (w > MAX_WEIGHT)
        _add(huge, "weight", "error", "weight_too_large",
             f"权重大于 {MAX_WEIGHT:,.0f}(一位受访者不可能代表这么多人),多半是小数点或单位错误;请改正",
             f"weight above {MAX_WEIGHT:,.0f} (no respondent stands for that many people): most likely a slipped "
             f"decimal point or unit; correct it")
        w = w.where(~nonnum & ~nonpos & ~huge)
        ok = w.dropna()
        if len(ok) >= 10:  # far above the others: flagged for a look, not refused (extreme weights can be real)
            med = float(ok.median())
            far = w.notna() & (w > EXTREME_WEIGHT * med)
            _add(far, "weight", "warning", "extreme_weight",
                 f"权重超过全部权重中位数({med:g})的 {EXTREME_WEIGHT} 倍,该受访者将左右估计结果;请核对是否录入错误(如漏了小数点)",
                 f"weight over {EXTREME_WEIGHT} times the median weight ({med:g}): this respondent will sway the "
                 f"estimates; check it was not mistyped (a missing decimal point)")
    out["weight"] = w.to_numpy()

    if logical:
        _logical_answers(logical, f, dl, ins, _add)
    # coded answers
    codes_txt = "、".join(str(c) for c in ins.valid_codes)
    codes_en = ", ".join(str(c) for c in ins.valid_codes)
    blank_items = pd.Series("", index=f.index, dtype=object)
    blank_columns: list = []    # question columns blank in every row (a question the firm did not ask)
    typed_maps: list = []
    miss_fallback = float(min(ins.missing_codes)) if ins.missing_codes else None
    miss_labels = [x for zh, en in ins.missing_codes.values() for x in (zh, en)]
    syn_keys = {str(k).strip().lower() for k in (ins.value_labels or {})}
    other_labels = sorted({_squeeze(x.lower()) for labels in ins.label_sets.values() for zh, en in labels.values()
                           for x in (zh, en)})
    points_maps: list = []
    code_label_maps: list = []
    none_maps: list = []     # 99=不知道: a code off the scale with a no-answer label, read as the missing code
    off_scale: list = []     # (mask, another scale's (above, below) masks, column, code, zh, en) of the answers off
    # the question's codes; each row's answers at the top of each scale ((min, max) -> counts): a 10 on a 0-10 item
    # of its own is the top of its scale, not of the instrument's 1-5
    n_top: dict = {}
    miss_note_zh = "".join(f"；本问卷的缺失代码是 {c}（{zh}）：不知道、不适用、拒答都填 {c}，不要用 98、99 等别的代码"
                           for c, (zh, _) in sorted(ins.missing_codes.items())[:1])
    miss_note_en = "".join(f"; this instrument's missing code is {c} ({en}): enter {c} for don't know, not applicable "
                           "and refused, not 98, 99 or another code" for c, (_, en) in sorted(ins.missing_codes.items())[:1])
    # a dash, a slash or 无 written for a question not asked or not answered (-, —, /, 无: records' placeholders for
    # an empty cell): the blank it stands for, that item missing only, never the respondent refused; a spelling the
    # instrument gives an option (value_labels) or reads as "no answer" (N/A) keeps that meaning
    own_words = syn_keys | {_squeeze(str(k).strip().lower()) for k in syn_keys} | {w.lower() for w in _MISSING_WORDS}
    placeholders: dict = {}   # text -> [(column, rows)]
    ins_all = ins
    said_base = (codes_txt, codes_en, miss_fallback, miss_labels, miss_note_zh, miss_note_en)
    blank_fix: dict = {}     # column -> the fix of an answer off a scale of its own that has no missing code
    for col in ins_all.coded_columns:
        # a question on a scale of its own (0-10 推荐意愿 beside 1-5 items) is read on it: its codes, its missing
        # codes (those off its scale), its messages; every other question on the instrument's
        ins = ins_all.on_scale_of(col)
        if ins is ins_all:
            codes_txt, codes_en, miss_fallback, miss_labels, miss_note_zh, miss_note_en = said_base
        else:
            codes_txt = "、".join(str(c) for c in ins.valid_codes)
            codes_en = ", ".join(str(c) for c in ins.valid_codes)
            miss_fallback = float(min(ins.missing_codes)) if ins.missing_codes else None
            miss_labels = [x for zh, en in ins.missing_codes.values() for x in (zh, en)]
            miss_note_zh = "".join(f"；本题的缺失代码是 {c}（{zh}）" for c, (zh, _) in sorted(ins.missing_codes.items())[:1])
            miss_note_en = "".join(f"; this question's missing code is {c} ({en})"
                                   for c, (_, en) in sorted(ins.missing_codes.items())[:1])
            if not ins.missing_codes and ins_all.missing_codes:
                # no code off its scale for "did not know": blank is the answer there, and the instrument's missing
                # code (9) is a rating on it -- never advise it (survey46)
                c9 = min(ins_all.missing_codes)
                miss_note_zh = f"；本题量表之外没有缺失代码：受访者不清楚或不适用时留空，不要填 {c9}（{c9} 在本题是评分）"
                miss_note_en = (f"; this question has no missing code off its scale: leave it blank when the respondent "
                                f"did not know or it did not apply, never {c9} ({c9} is a rating on it)")
                blank_fix[col] = (f"请改为本题 {ins.scale_min}–{ins.scale_max} 分的代码之一；受访者不清楚或不适用时留空",
                                  f"enter one of the question's codes {ins.scale_min}-{ins.scale_max}; leave it blank "
                                  "when the respondent did not know or it did not apply")
        s = f[col]
        ph = pd.Series(False, index=s.index)
        if col in present:
            ph = _placeholder_cells(s, own_words | set(ins.label_to_code(col)))
            if ins is not ins_all and not ins.missing_codes:
                # 不知道, N/A, 不适用 on a question of its own scale with no missing code off it: no code to read it
                # as, so the blank it stands for (the item missing, the respondent kept), never a row refused
                said = {u: _is_missing_label(u.strip()) for u in s.unique() if u.strip()}
                ph = ph | s.map(said).fillna(False).astype(bool)
            if ph.any():
                for text, g in f.loc[ph, "row"].groupby(s[ph].str.strip()):
                    placeholders.setdefault(text, []).append((col, g.tolist()))
                s = s.where(~ph, "")
                f[col] = s   # the blank it stands for, for every later look at the answers (screening too)
        v = _num(s)
        # a score written with its unit (5分, 5 分, 5.0分; full-width digits are NFKC-folded already): the number,
        # when it is on the scale or beyond it (then refused as out of range below); never a missing code, since
        # "9分" is no "don't know"
        pts = _points_of(s, stars=ins.scale_max)
        mirrored = col in dl.mirrored    # a codes sheet declares this column's scale coded reversed
        lo_hi = ins.scale_min + ins.scale_max
        if mirrored:   # 1分 in a book coded 1 = 非常满意: its code mirrored, as a bare 1 was on reading
            pts = pts.where(~(pts.between(ins.scale_min, ins.scale_max) & (pts == np.floor(pts.fillna(0)))),
                            lo_hi - pts)
        pts_miss = pts.notna() & pts.isin(list(ins.missing_codes)) & ~pts.between(ins.scale_min, ins.scale_max)
        pts_ok = pts.notna() & v.isna() & ~pts_miss
        if pts_ok.any():
            on = pts_ok & pts.between(ins.scale_min, ins.scale_max) & (pts == np.floor(pts.fillna(0)))
            first = pts[on].groupby(s[on]).first()   # each spelling's score, once (not a pass over the rows each)
            for text, g in f.loc[on, "row"].groupby(s[on]):
                points_maps.append((col, text, int(first[text]), g.tolist()))
            v = v.where(~pts_ok, pts)
        # a code written with its label, as SPSS exports "values and labels" (5 非常满意, 5=非常满意, 5.非常满意):
        # the code, when the label is the instrument's label of that code; refused when they disagree
        # (满意(4), [5]非常满意, 非常满意(5分): the label first or the code in brackets, the same reading)
        # a label matched with its spaces taken out: 非常　满意 (a full-width space inside), 不 满 意 (typed apart)
        l2c = {_squeeze(k): c for k, c in ins.label_to_code(col).items()}
        cl_num, cl_lab, cl_label = _codes_with_labels(s, _written_labels(ins, col))
        said_num = cl_num   # the code as written, for the messages
        if mirrored:   # 1(非常满意) in a book coded 1 = 非常满意: the written code mirrored before its label is checked
            cl_num = cl_num.where(~(cl_num.between(ins.scale_min, ins.scale_max)
                                    & (cl_num == np.floor(cl_num.fillna(0)))), lo_hi - cl_num)
        cl_both = v.isna() & ~pts_ok & ~pts_miss & cl_num.notna() & cl_lab.notna()
        cl_ok = cl_both & (cl_num == cl_lab)
        cl_bad = cl_both & (cl_num != cl_lab)
        if cl_ok.any():
            first = cl_num[cl_ok].groupby(s[cl_ok]).first()
            for text, g in f.loc[cl_ok, "row"].groupby(s[cl_ok]):
                code_label_maps.append((col, text, int(first[text]), g.tolist()))
            v = v.where(~cl_ok, cl_num)
        # a code off the scale written with a no-answer label, 99=不知道, 98 不适用 (SPSS's "values and labels" of
        # another questionnaire's missing codes): no answer, read as the question's missing code, or blank where it
        # has none, said so; refused before as neither a code nor a label, and the respondent's every answer with it
        # (98 不适用: the label the missing code's own, its code another questionnaire's: both say no answer)
        said_none = {t: _is_missing_label(t, miss_labels) for t in cl_label.unique() if t}
        cl_none = (v.isna() & ~pts_ok & ~pts_miss & cl_num.notna()
                   & (cl_lab.isna() | cl_lab.isin(list(ins.missing_codes)))
                   & ~cl_num.between(ins.scale_min, ins.scale_max)
                   & cl_label.map(said_none).eq(True))
        cl_bad = cl_bad & ~cl_none
        if cl_none.any():
            if miss_fallback is not None:
                for text, g in f.loc[cl_none, "row"].groupby(s[cl_none]):
                    none_maps.append((col, text, int(miss_fallback), g.tolist()))
                v = v.where(~cl_none, miss_fallback)
            else:
                for text, g in f.loc[cl_none, "row"].groupby(s[cl_none].str.strip()):
                    placeholders.setdefault(text, []).append((col, g.tolist()))
        sq = _squeeze_series(s, lower=True)
        lab = sq.map(l2c).astype(float)
        if miss_fallback is not None:   # 拒答, 不适用/不清楚/拒答: a typed "no answer" stands for the missing code
            said = {u: miss_fallback for u in s.unique()
                    if u and u.lower() not in syn_keys and _squeeze(u.lower()) not in syn_keys
                    and (_is_missing_label(u, miss_labels) or _is_missing_label(_squeeze(u), miss_labels))}
            if said:
                lab = lab.fillna(s.map(said).astype(float))
        if col in present:
            blank = s.eq("")
            # the file's own no-answer code read as blank (a 0-10 item's 99 = 不知道) was said once above: no
            # unanswered item to warn of again row by row (survey46)
            quiet = (said_blank[col].reindex(s.index, fill_value=False).to_numpy(dtype=bool) if col in said_blank
                     else np.zeros(len(s), dtype=bool))
            if len(f) > 1 and (blank & ~ph).all() and not quiet.any():   # a question not asked: said once, below
                blank_columns.append(col)
            else:
                blank_items = blank_items + np.where(blank & ~ph & ~quiet, col + ",", "")
            typed = ~blank & v.isna() & lab.notna()
            if ins.value_labels is not None:
                syn = {_squeeze(str(k).lower()): float(c) for k, c in ins.value_labels.items()}
                lab = lab.fillna(sq.map(syn).astype(float))
                typed = ~blank & v.isna() & lab.notna()
                if typed.any():
                    first = lab[typed].groupby(s[typed]).first()
                    for text, g in f.loc[typed, "row"].groupby(s[typed]):
                        typed_maps.append((col, text, int(first[text]), g.tolist()))
                v = v.fillna(lab)
            else:
                _add(typed, col, "error", "typed_label",
                    "答案是文字标签而不是数字代码；问卷声明不接受文字标签（value_labels: false），因此不会把它当作代码 "
                    + lab.astype("Int64").astype(str) + "。请填写数字代码（" + codes_txt + "）",
                    "the answer is a typed label, not a numeric code; the instrument takes no typed labels "
                    "(value_labels: false), so it is not read as code " + lab.astype("Int64").astype(str)
                    + f". Enter the numeric code ({codes_en})")
            if pts_miss.any():
                miss_zh = "、".join(f"{c} = {zh}" for c, (zh, _) in sorted(ins.missing_codes.items()))
                miss_en = ", ".join(f"{c} = {en}" for c, (_, en) in sorted(ins.missing_codes.items()))
                _add(pts_miss, col, "error", "points_missing_code",
                     f"答案写成了分数，但这个数不在本题 {ins.scale_min}–{ins.scale_max} 分的量表上，而是缺失代码（{miss_zh}）；"
                     "无法判断受访者是打了这个分还是不清楚",
                     f"the answer is written as a score, but the number is not on the question's {ins.scale_min}-"
                     f"{ins.scale_max} scale: it is a missing code ({miss_en}); whether the respondent gave that "
                     "score or did not know cannot be told")
            inf = ~blank & v.notna() & ~np.isfinite(v.fillna(0))
            # a number off the question's codes (6 on a 1-5 scale, 98, inf) is refused as an answer alone: that item
            # is missing for the respondent, whose other answers count (as a blank item does); a warning that names
            # the row, column, value and fix (audit30). A column answered on another scale stays a file error, and a
            # respondent with such answers on two items or more is refused whole (below, after every item is read).
            off_scale.append((inf, None, col, "not_finite", f"答案是无穷大（inf），不是代码（应为 {codes_txt}）",
                              f"the answer is infinite (inf), not a code (expected {codes_en})"))
            said_i, read_i = said_num.astype("Int64").astype(str), cl_num.astype("Int64").astype(str)
            book_zh = book_en = ""
            if mirrored:   # the code read through the codes sheet: say so, the code as written beside the read one
                book_zh = (f"（工作表「{dl.mirror_sheet}」声明本题的量表反向编码，代码 " + said_i + " 即问卷的代码 "
                           + read_i + "）")
                book_en = (f" (sheet '{dl.mirror_sheet}' declares this question's scale coded reversed: code " + said_i
                           + " is the instrument's code " + read_i + ")")
            _add(cl_bad, col, "error", "code_label_mismatch",
                 "答案同时写了代码和标签，但两者不一致：标签「" + cl_label + "」的代码是 "
                 + cl_lab.astype("Int64").astype(str) + "，不是 " + read_i + book_zh
                 + "；无法判断受访者选了哪一项",
                 "the answer gives a code and a label that disagree: the label '" + cl_label
                 + "' is code " + cl_lab.astype("Int64").astype(str) + ", not " + read_i + book_en
                 + "; which option the respondent chose cannot be told")
            nonnum = ~blank & v.isna() & ~typed & ~pts_miss & ~cl_bad & ~cl_none
            xl_err = nonnum & _excel_errors(s)   # #N/A, #VALUE!: a formula that failed, no answer anybody saw
            _add(xl_err, col, "error", "excel_error", *_excel_error_text(s, col))
            nonnum = nonnum & ~xl_err
            # a label of another of the instrument's scales (满意 for an agree/disagree question): say so
            other = nonnum & sq.isin(other_labels) & ~sq.isin(list(l2c))
            if other.any():
                own = ins.label_sets[ins.question(col).labels]
                own_zh = "、".join(f"{c}={zh}" for c, (zh, _) in own.items())
                own_en = ", ".join(f"{c}={en}" for c, (_, en) in own.items())
                _add(other, col, "error", "label_of_other_scale",
                     f"答案是问卷中另一种量表的标签，不是本题的答案；本题的答案为 {own_zh}（或缺失代码）",
                     f"the answer is a label of another of the instrument's scales, not an answer to this question; "
                     f"its answers are {own_en} (or the missing code)")   # the fix says what to enter (FIXES), once
                nonnum = nonnum & ~other
            own = {**ins.label_sets[ins.question(col).labels], **ins.missing_codes}
            _add(nonnum, col, "error", "non_numeric",
                 f"答案既不是数字代码（应为 {codes_txt}），也不是本题选项的标签（"
                 + "、".join(f"{c}={zh}" for c, (zh, _) in sorted(own.items())) + "），无法判断受访者选了哪一项",
                 f"the answer is neither a numeric code (expected {codes_en}) nor the label of one of the question's "
                 "options (" + ", ".join(f"{c}={en}" for c, (_, en) in sorted(own.items()))
                 + "), so which option the respondent chose cannot be told")
            bad = v.notna() & (~v.isin(list(ins.valid_codes)) | (pts_ok & ~v.between(ins.scale_min, ins.scale_max))) & ~inf
            at_top = (v == ins.scale_max) & ~bad & ~inf
            key = (ins.scale_min, ins.scale_max)
            n_top[key] = n_top.get(key, 0) + at_top.to_numpy(dtype=bool)
            longer = _longer_scale(v[bad], v.notna().sum(), ins, top=int(at_top.sum()))
            if longer:
                probs.append(_longer_scale_problem(col, longer, ins))
            # 98, 99, 8 ... as another questionnaire's "don't know / refused": say which code this one declares
            up, down = _another_scale(v.where(bad), ins)
            off_scale.append((bad, (up.to_numpy(dtype=bool), down.to_numpy(dtype=bool), key), col, "out_of_range", f"答案超出范围（应为 {codes_txt}）{miss_note_zh}",
                              f"answer out of range (expected {codes_en}){miss_note_en}"))
            v = v.where(~bad & ~inf)
        out[col] = v.to_numpy()
    ins = ins_all
    # off-scale answers: one in a row is refused alone (a warning); on two items or more (6, 7, 8 beside 5s: the
    # respondent was interviewed on another scale, so their answers on the scale cannot be read either) the
    # respondent is refused, each such answer an error that says so
    # (only the answers another scale would give count toward it: 99 or 4.5 on two items are two answers refused, the
    # respondent kept, as one is)
    # (codes below the scale count only in a row without an answer at its top: a respondent on a scale shifted below
    # gives no 5, so 0 beside a 5 is another code for "not applicable")
    # each item counts with the items of its own scale (a -1 on a 0-10 item of its own and a 0 on a 1-5 item are two
    # answers each off its own scale, no evidence of one other scale); below a scale only in a row without an answer
    # at the top of that same scale
    n_up: dict = {}
    n_down: dict = {}
    for _, scale_like, *_ in off_scale:
        if scale_like is not None:
            up_, down_, key = scale_like
            n_up[key] = n_up.get(key, 0) + up_
            n_down[key] = n_down.get(key, 0) + down_
    per_scale = [np.asarray(n_up[k] + np.where(np.asarray(n_top.get(k, 0)) == 0, n_down[k], 0), dtype=int)
                 for k in n_up]
    several = np.zeros(len(f), dtype=bool)
    n_off = np.zeros(len(f), dtype=int)
    for c in per_scale:
        several |= c >= 2
        n_off += c
    # each column named on its own scale (a 0-10 item of its own beside the instrument's 1-5), and the fix says both
    own_zh = "".join(f"；题目 {c} 按它自己的 {a}–{b} 分量表" for c, (a, b, _) in ins.own_scales.items())
    own_en = "".join(f"; item {c} on its own {a}-{b} scale" for c, (a, b, _) in ins.own_scales.items())
    for mask, _, col, code, zh, en in off_scale:
        m = np.asarray(mask, dtype=bool)
        lo, hi, _ = ins.scale_of(col)
        _add(m & ~several, col, "warning", code, zh, en, fix=blank_fix.get(col) if code == "out_of_range" else None)
        _add(m & several, col, "error", code,
             zh + "；本行有 " + pd.Series(n_off).astype(str) + " 个题目的答案不在量表上：这位受访者看来是按另一种量表"
             f"（如 1–10 分）访问的，其在 {lo}–{hi} 之间的答案也无法按本题的量表读取，因此整行被拒",
             en + "; this row has " + pd.Series(n_off).astype(str) + " items answered off the scale: the respondent "
             f"looks interviewed on another scale (such as 1-10), so their answers {lo}-{hi} "
             "cannot be read on the question's scale either, and the whole row is refused",
             fix=(f"请按问卷的 {ins.scale_min}–{ins.scale_max} 分量表{own_zh}重新提供这位受访者的全部答案（访问时用了别的量表请先与"
                  "委托方确认换算方法），再重新交付",
                  f"deliver this respondent's answers on the instrument's {ins.scale_min}-{ins.scale_max} scale{own_en} "
                  "(if the interview used another scale, agree the conversion with the client first), then deliver "
                  "again"))
    # one warning per text read as a code (not one per column and label: a delivery written in labels would give
    # a hundred), naming the columns and the first rows
    for code_, maps, zh, en in (
            ("points_read", points_maps, "把写成分数的「{t}」读作代码 {c}；交付时请只填数字",
             "'{t}', a score written with its unit, read as code {c}; deliver the number alone"),
            ("code_label_read", code_label_maps, "把代码与标签一起写的「{t}」读作代码 {c}（标签与代码一致）；交付时请只填数字",
             "'{t}', a code written with its label, read as code {c} (the label agrees); deliver the number alone"),
            ("label_mapped", typed_maps, "按问卷中选项的标签，把「{t}」读作代码 {c}",
             "'{t}' read as code {c}, the instrument's label of that option"),
            ("code_label_no_answer", none_maps, "「{t}」是量表之外的代码加未作答的说法，读作本题的缺失代码 {c}（该题不计入，"
             "不按评分计）；交付时请只填缺失代码 {c}",
             "'{t}', a code off the scale written with a no-answer label, read as the question's missing code {c} "
             "(the item not counted, never as a rating); deliver the missing code {c} alone")):
        grouped: dict = {}
        for col, text, code, rws in maps:
            grouped.setdefault((text, code), []).append((col, rws))
        for (text, code), where in grouped.items():
            cols = [c for c, _ in where]
            rws = sorted({r for _, rs in where for r in rs})
            shown_zh, shown_en = _rows_named(pd.DataFrame({"row": rws}), dl)
            kind, zh_t, en_t = code_, zh.format(t=text, c=code), en.format(t=text, c=code)
            if code_ == "points_read" and re.search("[★⭐☆✩]", text):   # stars: the filled ones are the score
                zh_t = f"把写成星级的「{text}」读作代码 {code}（实心星的个数）；交付时请只填数字"
                en_t = f"'{text}', a score written as stars, read as code {code} (the filled stars); deliver the number alone"
            if code_ == "label_mapped" and code in ins.missing_codes and not _is_instrument_label(ins, cols, text):
                # a typed no-answer word (不好说, 难说): no label set of the file's own says it is a scale point, and
                # the questionnaire words its options otherwise; read as the missing code, said so, with the way out
                zh_t = (f"「{text}」是表示未作答的说法，读作缺失代码 {code}（该题不计入）；若问卷中某个选项（如中间项）就叫"
                        f"「{text}」，请填写该选项的数字代码（{ins.scale_min}–{ins.scale_max}），或在问卷的 value_labels 中写"
                        f"「{text}: 代码」")
                en_t = (f"'{text}', a no-answer wording, read as the missing code {code} (the item not counted); if an "
                        f"option of the questionnaire (its midpoint, say) is worded '{text}', write that option's code "
                        f"({ins.scale_min}-{ins.scale_max}), or add '{text}: code' under the instrument's value_labels")
            probs.append(_problem(
                None, cols[0] if len(cols) == 1 else "items", f"{text} -> {code}", "warning", kind,
                zh_t + f"（{len(rws)} 个答案：列 {'、'.join(cols)}；{shown_zh}）",
                en_t + f" ({_answers_en(len(rws))}: {_columns_en(cols)}; {shown_en})",
            ))
    for text, where in placeholders.items():
        cols = [c for c, _ in where]
        rws = sorted({r for _, rs in where for r in rs})
        shown_zh, shown_en = _rows_named(pd.DataFrame({"row": rws}), dl)
        probs.append(_problem(
            None, cols[0] if len(cols) == 1 else "items", text, "warning", "placeholder_answer",
            f"「{text}」表示空白（未问或未作答），按空白读取：该题按缺失处理，受访者的其他答案照常计入"
            f"（{len(rws)} 个答案：列 {'、'.join(cols)}；{shown_zh}）",
            f"'{text}' stands for a blank cell (not asked or not answered) and is read as one: that item missing, the "
            f"respondent's other answers counted ({_answers_en(len(rws))}: {_columns_en(cols)}; {shown_en})",
            **_placeholder_fix(ins, cols)))
    # a row without one answer to count (every item and the overall blank, or their answers refused one by one) is no
    # completed interview: kept, it counted among the respondents, toward the plan and in the response rate
    # (fieldwork.window_margins) while adding to no estimate (survey40); refused, naming why, unless refused already
    coded = [c for c in ins.coded_columns if c in present]
    if coded and len(coded) == len(ins.coded_columns):    # a missing question column refuses the file already
        none_read = out[coded].isna().all(axis=1).to_numpy(dtype=bool, copy=True)
        if none_read.any() and row_probs:
            done = pd.concat(row_probs, ignore_index=True)
            done = set(done.loc[done["severity"].eq("error"), "row"].tolist())
            none_read = none_read & ~rows.isin(done).to_numpy(dtype=bool)
        _add(none_read, "items", "error", "no_answers",
             "这一行没有一个可计入的答案（各题与总体满意度都是空白，或其答案已逐个被拒）：它不是一份完成的问卷，"
             "不能计入受访人数、计划样本量与应答率，因此该行不导入",
             "this row has no answer to count (every item and the overall question blank, or their answers refused "
             "one by one): it is no completed interview and cannot count among the respondents, toward the planned "
             "sample or in the response rate, so the row is not imported",
             values=pd.Series("", index=f.index),
             fix=("请补上这位受访者的答案后重新交付；未完成的访问（中途放弃、拒访）不要交付，只计入接触数；受访者对各题都不清楚时填缺失代码"
                  + _no_code_note(ins, ins.coded_columns)[0],
                  "fill in this respondent's answers and deliver again; leave interviews not completed (broken off, "
                  "refused) out of the delivery, counting them among the contacts only; a respondent who did not "
                  "know any answer has the missing code in each item" + _no_code_note(ins, ins.coded_columns)[1]))
        blank_items = blank_items.where(~none_read, "")
    if blank_items.ne("").any():
        bl = blank_items.str.rstrip(",")
        # a question on a scale of its own that holds the missing code (9 on 0-10) has no code for "did not know":
        # its blank is right, and the missing code there would be counted as a rating (survey46)
        own = [c for c in ins.coded_columns if ins.on_scale_of(c) is not ins and not ins.on_scale_of(c).missing_codes]
        code = str(min(ins.missing_codes)) if ins.missing_codes else ""
        own_zh = (f"；{'、'.join(own)} 自带量表，{code} 是它的评分，不清楚时留空即可，不要填 {code}" if own and code else "")
        own_en = (f"; {', '.join(own)} has a scale of its own on which {code} is a rating: leave it blank when the "
                  f"respondent did not know, never {code}" if own and code else "")
        _add(bl.ne(""), "items", "warning", "blank_answer",
            "题目未作答（空白），该题按缺失处理，受访者的其他答案照常计入；受访者不清楚时请填缺失代码" + own_zh,
            "unanswered (blank) items: missing for that item only, the respondent's other answers count; "
            "use the missing code when the respondent did not know" + own_en,
            values=bl)
    for col in blank_columns:
        # one warning for the column, not one per respondent (2,000 identical lines, each naming it: survey45)
        probs.append(_problem(
            None, dl.columns.get(col, col), "", "warning", "blank_column",
            f"题目 {col} 的列每一行都是空白（{len(f)} 位受访者）：本题看来未问或整列漏交，按缺失处理，受访者的其他答案照常计入",
            f"question {col}'s column is blank in every row ({len(f)} respondents): the question looks not asked, or "
            "the column left out, so it is missing for everyone and the respondents' other answers count",
            fix_zh="本题问过的，请补上整列答案后重新交付；确实未问的，整列留空即可",
            fix_en="if the question was asked, fill in the column's answers and deliver again; if it was not, leave "
                   "the column blank"))

    # optional columns
    ct = f["customer_type"]
    if ins.customer_types and "customer_type" in present:
        lookup = {}
        for k, (zh, en) in ins.customer_types.items():
            lookup[k.lower()] = k
            lookup[zh.lower()] = k
            lookup[en.lower()] = k
        mapped = ct.str.lower().map(lookup)
        bad = ct.ne("") & mapped.isna()
        _add(bad, "customer_type", "warning", "unknown_customer_type",
            f"未知客户类型（应为 {'、'.join(ins.customer_types)}）",
            f"unknown customer type (expected {', '.join(ins.customer_types)})")
        ct = mapped
    out["customer_type"] = ct.where(ct.notna() & ct.ne(""), None).to_numpy()
    dur = _num_grouped(f["duration_s"])
    if "duration_s" in present:
        # a duration written with its units, as interview software and surveyors write it (4分30秒, 270秒, 4.5分钟,
        # 00:04:30): read in seconds as records read durations (h:m:s; 4:30, minutes or hours?, stays refused)
        from ..records.validate import _with_unit
        left = f["duration_s"].ne("") & dur.isna()
        if left.any():
            secs = (_with_unit(f["duration_s"][left], "min", "duration_min") * 60).round(6)
            read = secs.notna()
            if read.any():
                ex = f["duration_s"][left][read].iloc[0]
                probs.append(_problem(
                    None, "duration_s", f"{ex} -> {secs[read].iloc[0]:g}", "warning", "duration_units",
                    f"{int(read.sum())} 个访问时长写了单位（如「{ex}」），已按秒读取（= {secs[read].iloc[0]:g} 秒）；"
                    "交付时请只填秒数",
                    f"{int(read.sum())} interview durations are written with units (such as '{ex}'), read in seconds "
                    f"(= {secs[read].iloc[0]:g} s); deliver the seconds alone"))
                dur = dur.copy()
                dur[secs[read].index] = secs[read].to_numpy()
        nonnum = f["duration_s"].ne("") & dur.isna()
        _add(nonnum, "duration_s", "warning", "non_numeric",
             "访问时长不是数字（秒），也不是带单位的时长（如 4分30秒、270秒、00:04:30）",
             "duration is not a number (seconds) nor a duration with units (such as 4分30秒, 270秒, 00:04:30)")
        # a mobile number (11 digits from 1: 13812345678, as an interviewer's tool exports it into the wrong column)
        # is no duration (3 centuries): refused alone, never stored, its value masked in every message and file
        phone = dur.notna() & dur.between(1e10, 2e10, inclusive="left") & (dur % 1 == 0)
        if phone.any():
            from ..privacy import TOKENS
            _add(phone, "duration_s", "warning", "phone_number",
                 "访问时长一列写的是手机号码（11 位、以 1 开头的数），不是时长" + OPTIONAL_REFUSED[0],
                 "the interview duration holds a mobile phone number (11 digits starting with 1), not a duration"
                 + OPTIONAL_REFUSED[1], values=pd.Series(TOKENS["records"]["mobile"], index=f.index),
                 fix=("请填写访问时长的秒数（如 270），不清楚时留空；受访者的电话号码不要放进交付文件",
                      "enter the interview's length in seconds (such as 270), or leave it blank if unknown; keep "
                      "respondents' phone numbers out of the delivery"))
        neg = dur < 0
        _add(neg, "duration_s", "warning", "out_of_range", "访问时长不能为负", "duration cannot be negative")
        inf = dur.notna() & ~np.isfinite(dur.fillna(0))
        _add(inf, "duration_s", "warning", "not_finite", "访问时长是无穷大（inf）", "duration is infinite (inf)")
        dur = dur.where(~neg & ~inf & ~phone)
    out["duration_s"] = dur.to_numpy()
    out["comment"] = f["comment"].where(f["comment"].str.strip().ne(""), None).to_numpy()

    out.insert(1, "line", f["line"].to_numpy() if "line" in f else f["row"].to_numpy())
    if len(out) == 0 and not dl.raw_records:
        probs.append(_problem(None, "", "", "error", "empty", "文件没有数据行", "the file has no data rows"))
    problems = pd.DataFrame(probs, columns=_WORK_COLUMNS)
    if row_probs:
        problems = pd.concat([problems] + row_probs, ignore_index=True)

    # design sanity: a stratum with a single PSU cannot give a variance. Counted among the rows that are imported
    # (survey40): a stratum whose other PSUs' respondents are all refused (a date outside the year, no answer) is
    # left with one PSU in the store, and `survey estimate` and the year's report refuse it there, never warned of
    again = _header_again(f, dl)   # the header written again (two deliveries put together): no respondent
    all_design = out.dropna(subset=["stratum", "psu"])
    all_design = all_design[~all_design["row"].isin(f.loc[again, "row"].tolist())]
    refused = problems.loc[problems["severity"].eq("error") & problems["row"].notna(), "row"]
    valid_design = all_design[~all_design["row"].isin(refused.tolist())]
    if len(valid_design):
        n_psu = valid_design.groupby("stratum")["psu"].nunique()
        n_all = all_design.groupby("stratum")["psu"].nunique()
        for s_, n_ in n_psu[n_psu < 2].items():
            why_zh = why_en = ""
            if n_all.get(s_, 0) >= 2:    # one PSU left only because the others' respondents are refused
                gone = all_design.loc[all_design["stratum"].eq(s_) & all_design["row"].isin(refused.tolist()), "row"]
                shown_zh, shown_en = _rows_named(pd.DataFrame({"row": sorted(gone.tolist())}), dl)
                why_zh = f"（本层其他初级抽样单元的受访者都被拒：{shown_zh}）"
                why_en = f" (the respondents of its other PSUs are all refused: {shown_en})"
            problems = pd.concat([problems, pd.DataFrame([_problem(
                None, "psu", s_, "warning", "single_psu",
                f"抽样层 '{s_}' 只有一个初级抽样单元{why_zh}，无法估计方差：survey estimate 默认拒绝估计（退出码 3，与 R 的默认"
                "相同），年度报告的满意度部分同样无法估计",
                f"stratum '{s_}' has a single PSU{why_en}, so no variance can be estimated: survey estimate refuses "
                "it by default (exit 3, as R does by default), and so does the year's report on the survey",
                fix_zh="请与委托方商定后合并抽样层（把这一层并入相近的层），再重新交付；只单独估计时可选 --lonely-psu "
                       "certainty、remove、adjust 或 average（与 R 的 options(survey.lonely.psu=...) 相同）",
                fix_en="merge the stratum into a similar one (agreed with the client) and deliver again; estimating on "
                       "its own, choose --lonely-psu certainty, remove, adjust or average (as R's "
                       "options(survey.lonely.psu=...))",
            )])], ignore_index=True)

    screening = None
    if screen and len(out):
        screening = screen_responses(out, ins, **(screen_params or {}))
        fl = screening[screening["flagged"]]
        if len(fl):
            names_zh = {k: v[0] for k, v in SCREEN_LABELS.items()}
            names_en = {k: v[1] for k, v in SCREEN_LABELS.items()}
            fired = fl["screens_fired"].str.split(",")
            problems = pd.concat([problems, pd.DataFrame({
                "row": fl["row"].to_numpy(), "column": "", "value": fl["screens_fired"].to_numpy(),
                "severity": "warning", "code": "careless",
                "problem_zh": ("疑似随意作答：" + fired.map(lambda x: "、".join(names_zh[i] for i in x))).to_numpy(),
                "problem_en": ("possible careless responding: " + fired.map(lambda x: ", ".join(names_en[i] for i in x))).to_numpy(),
            })], ignore_index=True)

    problems = _totals_rows(f, problems, ins)
    problems, sep = _separator_rows(f, problems)
    dropped = dropped | sep
    problems = _header_again_rows(f, again, problems)
    problems["row"] = pd.array(problems["row"], dtype="Int64")
    id_of = dict(zip(f["row"], f["respondent_id"]))
    line_of = dict(zip(f["row"], f["line"] if "line" in f else f["row"]))
    for r_, rec in dl.raw_records.items():
        id_of.setdefault(r_, rec[dl.header.index(dl.columns["respondent_id"])] if "respondent_id" in dl.columns
                         and dl.header.index(dl.columns["respondent_id"]) < len(rec) else "")
    has_row = problems["row"].notna()
    problems["record_id"] = problems["row"].astype(object).map(id_of).astype(object).where(has_row, "").fillna("").astype(str)
    problems["line"] = pd.array(problems["line"].astype(object).where(problems["line"].notna(),
                                problems["row"].astype(object).map(line_of)).astype("float"), dtype="Int64")
    if dl.format != "csv":   # a workbook's or an SPSS file's rows have no lines of their own: none named (exports20)
        problems["line"] = pd.array([pd.NA] * len(problems), dtype="Int64")
    order = {c: i for i, c in enumerate(["", *expected, *OPTIONAL_COLUMNS, "items"])}
    problems = (
        # a long-format refusal leads: the one message that says what to do with such a file (left17s #4)
        problems.assign(_lead=problems["code"].ne("long_format"), _sev=problems["severity"].ne("error"),
                        _col=problems["column"].map(order).fillna(len(order)))
        .sort_values(["_lead", "row", "_col", "_sev"], na_position="first", kind="stable")
        .drop(columns=["_lead", "_sev", "_col"])
        .reset_index(drop=True)
    )
    problems = _with_fixes(Problems.conform(problems.assign(file=_file_label(dl))))
    keys = None
    if len(getattr(dl, "month_sheets", None) or []) > 1:   # a sheet a month: each row named sheet!row
        keys = problems["row"].copy()
        problems = Problems.conform(_sheet_rows(problems, dl))
    return CheckedDelivery(dl, ins, year, out, problems, screening, sorted(f.loc[dropped, "row"].astype(int).tolist()),
                           keys)


#: A totals row's first words (合计, 总计, 小计, 平均 …, Total, Sum, Average): a row a spreadsheet adds below the data.
_TOTALS = re.compile(r"(?:合\s*计|总\s*计|小\s*计|共\s*计|汇\s*总|总\s*和|总?\s*平\s*均\s*(?:值|分|得\s*分|数)?|"
                     r"均\s*[值分]|最\s*[大小高低]\s*值|标\s*准\s*差|"
                     r"(?:grand\s*|sub\s*)?totals?|sum|average|mean|std\.?\s*dev\.?)\s*(?:[:：(（\-—].*)?",
                     re.IGNORECASE)


def _no_code_columns(ins: Instrument, cols) -> list:
    """The questions among ``cols`` on a scale of their own that holds every missing code of the instrument (9 on
    0-10): they have no code for "did not know", so a blank is their answer for it, and the missing code a rating."""
    if not ins.missing_codes:
        return []
    return [c for c in cols if c in ins.coded_columns and ins.on_scale_of(c) is not ins
            and not ins.on_scale_of(c).missing_codes]


def _no_code_note(ins: Instrument, cols) -> tuple[str, str]:
    """What a fix that advises the missing code adds for the questions of :func:`_no_code_columns` (survey46's rule:
    never the missing code where it is a rating), in Chinese and in English; ``("", "")`` when there are none.

    Examples
    --------
    >>> _no_code_note(load_instrument("power_hall"), ["env1"])
    ('', '')
    """
    own = _no_code_columns(ins, cols)
    if not own:
        return "", ""
    code = min(ins.missing_codes)
    return (f"（{'、'.join(own)} 自带量表，{code} 是它的评分：不清楚时该题留空，不要填 {code}）",
            f" ({', '.join(own)} {'has' if len(own) == 1 else 'have'} a scale of {'its' if len(own) == 1 else 'their'} "
            f"own on which {code} is a rating: leave {'it' if len(own) == 1 else 'them'} blank when the respondent did "
            f"not know, never {code})")


def _placeholder_fix(ins: Instrument, cols: list) -> dict:
    """The fix of a placeholder answer (-, 无) in ``cols``: leave the cell empty; for "did not know" the missing code,
    or blank on a question whose scale holds it (:func:`_no_code_columns`)."""
    own = _no_code_columns(ins, cols)
    if own and len(own) == len(cols):
        code = min(ins.missing_codes)
        return {"fix_zh": f"交付时这些格请留空；{'、'.join(own)} 自带量表，没有缺失代码（{code} 是它的评分）：受访者不清楚或不适用时"
                          f"也留空，不要填 {code}",
                "fix_en": "leave these cells empty in the delivery; " + ", ".join(own)
                          + f" {'has' if len(own) == 1 else 'have'} a scale of {'its' if len(own) == 1 else 'their'} "
                          f"own and no missing code ({code} is a rating on it): when the respondent did not know, or "
                          f"it did not apply, leave it blank too, never {code}"}
    note = _no_code_note(ins, cols)
    return {"fix_zh": "交付时这些格请留空；受访者不清楚或不适用时填缺失代码" + note[0],
            "fix_en": "leave these cells empty in the delivery; when the respondent did not know, or it did not apply, "
                      "enter the missing code" + note[1]}


def _logical_sheet(dl: Delivery, f: pd.DataFrame) -> pd.Series:
    """The sheet each row of ``f`` was read from (a workbook of a sheet a month: by the row's key), for a message."""
    months = list(getattr(dl, "month_sheets", None) or [])
    read = [n for n, how in (dl.sheets or {}).items() if how == "read"]
    if len(months) > 1:
        k = np.clip((f["row"].to_numpy(dtype=np.int64) // SHEET_KEY), 0, len(months) - 1)
        return pd.Series(np.asarray(months, dtype=object)[k], index=f.index).astype(str)
    return pd.Series(read[0] if read else "", index=f.index, dtype=object)


#: What a fixed column holds, for the fix of a logical cell written there (Chinese, English).
_FIXED_WHAT = {
    "respondent_id": ("受访者编号", "the respondent's id"),
    "window_id": ("窗口编号", "the window id"),
    "interview_date": ("访问日期（YYYY-MM-DD）", "the interview date (YYYY-MM-DD)"),
    "stratum": ("抽样层", "the sampling stratum"),
    "psu": ("初级抽样单元编号", "the primary sampling unit"),
    "weight": ("抽样权重（大于 0 的数）", "the sampling weight (a number above 0)"),
}


def _logical_fixed(logical: dict, f: pd.DataFrame, dl: Delivery, add) -> None:
    """Refuse each row whose fixed column (weight, stratum, PSU, an id, the date) holds a workbook's logical cell
    (column -> (rows mask, the values as written: TRUE/FALSE)) through ``add``: an error naming the sheet, row,
    column and value and the fix, never a weight of 1 or 0, never a stratum or PSU named TRUE (survey47)."""
    sheet = _logical_sheet(dl, f)
    for col, (m, written) in logical.items():
        what_zh, what_en = _FIXED_WHAT.get(col, (col, col))
        add(m, col, "error", "logical_value",
            "工作表「" + sheet + f"」中 {col} 的单元格是 Excel 的逻辑值 " + written
            + f"（复选框或比较公式的结果），不是{what_zh.split('（')[0]}，不按 1、0 或文字读取，本行被拒",
            "the cell of " + col + " in sheet '" + sheet + "' is an Excel logical value, " + written
            + f" (a checkbox's or a comparison formula's result), not {what_en.split(' (')[0]}, and is not read as "
            "1, 0 or text: the row is refused",
            values=written,
            fix=(f"请填入本行的{what_zh}；单元格是公式或复选框链接时，请复制后“选择性粘贴为数值”并核对，再重新交付",
                 f"enter {what_en} of the row; where the cell is a formula or a checkbox's linked cell, paste it as "
                 "values and check it, then deliver again"))


def _logical_answers(logical: dict, f: pd.DataFrame, dl: Delivery, ins: Instrument, add) -> None:
    """Refuse each logical answer cell (column -> (rows mask, the values as written: TRUE/FALSE)) through ``add``, a
    warning naming the sheet, row, column and value: the answer is not imported (that item is missing), the
    respondent's other answers count, as an answer off the question's codes.  The fix names the question's codes and
    what to write for "did not know": the missing code, or blank on a scale of its own that has none (0-10, where
    the instrument's 9 is a rating)."""
    sheet = _logical_sheet(dl, f)
    for col, (m, written) in logical.items():
        sc = ins.on_scale_of(col)
        codes_zh = "、".join(str(c) for c in sc.valid_codes)
        codes_en = ", ".join(str(c) for c in sc.valid_codes)
        if sc.missing_codes:
            c9 = min(sc.missing_codes)
            blank_zh, blank_en = f"受访者不清楚或不适用时填缺失代码 {c9}", f"when the respondent did not know, or it did not apply, enter the missing code {c9}"
        elif ins.missing_codes:
            c9 = min(ins.missing_codes)
            blank_zh = f"受访者不清楚或不适用时留空（本题没有缺失代码，不要填 {c9}：{c9} 在本题是评分）"
            blank_en = (f"leave it blank when the respondent did not know or it did not apply (the question has no "
                        f"missing code: never {c9}, a rating on it)")
        else:
            blank_zh, blank_en = "受访者不清楚或不适用时留空", "leave it blank when the respondent did not know or it did not apply"
        add(m, col, "warning", "logical_answer",
            "工作表「" + sheet + "」中的单元格是 Excel 的逻辑值 " + written
            + f"（复选框或比较公式的结果），不是本题的代码（应为 {codes_zh}），不按 1 或 0 读取" + ANSWER_REFUSED[0],
            "the cell in sheet '" + sheet + "' is an Excel logical value, " + written
            + f" (a checkbox's or a comparison formula's result), not a code of the question (expected {codes_en}), "
            "and is not read as 1 or 0" + ANSWER_REFUSED[1],
            values=written,
            fix=(f"请改为受访者所选选项的数字代码（{sc.scale_min}–{sc.scale_max}）；{blank_zh}；单元格是公式或复选框链接时，"
                 "请复制后“选择性粘贴为数值”并核对，再重新交付",
                 f"enter the numeric code of the option the respondent chose ({sc.scale_min}-{sc.scale_max}); "
                 f"{blank_en}; where the cell is "
                 "a formula or a checkbox's linked cell, paste it as values and check it, then deliver again"))


def _totals_rows(f: pd.DataFrame, problems: pd.DataFrame, ins=None) -> pd.DataFrame:
    """A totals row (合计, 总计, 小计, 平均 … in a fixed text column, the first column or an answer column) named as what it is: one
    error, ``totals_row``, in place of the row's other problems (a blank date, stratum or PSU, a weight far above
    the median), which say nothing the surveyor can act on.  In an answer column, a word that is one of the column's
    own answer labels (``ins``, the instrument: a scale whose middle answer is Average) is an answer (review40).

    Examples
    --------
    >>> f = pd.DataFrame({"row": [2, 3], "respondent_id": ["001", "合计"], "window_id": ["PW01", ""]})
    >>> p = Problems.of(row=[3, 3], column=["window_id", "weight"], value=["", "9"], code=["missing_value", "x"],
    ...                 problem_zh="", problem_en="")
    >>> _totals_rows(f, p)[["row", "column", "value", "code"]].values.tolist()
    [[3, 'respondent_id', '合计', 'totals_row']]
    """
    cols = [c for c in ("respondent_id", "window_id", "stratum", "psu", "interview_date") if c in f.columns]
    first = next((c for c in f.columns if c not in ("row", "line", "comment")), None)
    if first is not None and first not in cols:
        cols.append(first)
    # an answer column's too: 平均 written under env1 beside the items' means (left40), a row no respondent wrote; with
    # the instrument known, its coded columns alone (a free-text column of the firm's own may hold 平均 as an answer,
    # session 40)
    answers = set(ins.coded_columns) if ins is not None else None
    cols += [c for c in f.columns if c not in cols and c not in ("row", "line", "comment")
             and (answers is None or c in answers)]
    if not cols or not len(f):
        return problems
    hit = pd.Series(False, index=f.index)
    where = pd.Series("", index=f.index, dtype=object)
    for c in cols:
        v = f[c].astype(object).fillna("").astype(str).str.strip()
        m = v.str.fullmatch(_TOTALS.pattern, case=False).fillna(False) & ~hit
        if ins is not None and m.any():   # an answer column's own label (Average on a scale) is an answer
            try:
                own = ins.label_to_code(c)
            except KeyError:
                own = {}
            if own:
                m &= ~v.str.lower().isin(list(own))
        where[m] = c
        hit = hit | m
    if not hit.any():
        return problems
    rows = f.loc[hit, "row"]
    kept = problems[~problems["row"].isin(rows.tolist())]
    words = [str(f.at[i, where[i]]).strip() for i in rows.index]
    return pd.concat([kept, pd.DataFrame({
        "row": rows.to_numpy(), "column": where[hit].to_numpy(), "value": words, "severity": "error",
        "code": "totals_row",
        "problem_zh": [f"本行是汇总行（「{w}」），不是一位受访者的回答，整行不计入" for w in words],
        "problem_en": [f"this row is a totals row ('{w}'), not a respondent's answers; the whole row is left out"
                       for w in words]})], ignore_index=True)


#: A respondent id as firms write one (000123, R-0012, PW01_0406_3): letters, digits and joiners only; or any text
#: ending in a serial (问卷0099).  A first cell of other text alone on its row (二月份, 第二批, 2025年3月) is a separator
#: row (:func:`_separator_rows`).
_ID_LIKE = r"[0-9A-Za-z][0-9A-Za-z_\-./#]*"


def _separator_text(text: str) -> bool:
    """Whether ``text``, the only cell filled on its row, labels a group of rows rather than naming a respondent.

    >>> [_separator_text(t) for t in ["二月份", "第二批", "2025年3月", "—— 3月 ——", "000123", "R-12", "合计", "", "问卷0099"]]
    [True, True, True, True, False, False, False, False, False]
    """
    t = str(text).strip()
    # ending in a serial of 3 digits or more (问卷0099, 样本0012): an id with a prefix, a respondent (review40)
    return (bool(t) and re.fullmatch(_ID_LIKE, t) is None and re.search(r"[0-9]{3,}$", t) is None
            and re.fullmatch(_TOTALS.pattern, t, re.IGNORECASE) is None)


def _separator_rows(f: pd.DataFrame, problems: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows with only their first cell filled, by a label (二月份, 第二批: a firm's month or batch heading between its
    rows, :func:`_separator_text`): no respondent, so named as what they are, one warning ``separator_row`` in place
    of the five missing values and the blank answers they were refused with, and left out (``dropped_rows``: never
    counted as a refused respondent).  A survey firm writes them to find its batches; the delivery stays valid
    (left40).  The mask of such rows is returned with the problems.

    Examples
    --------
    >>> f = pd.DataFrame({"row": [2, 3], "respondent_id": ["001", "二月份"], "window_id": ["PW01", ""]})
    >>> p = Problems.of(row=[3], column=["window_id"], value=[""], code=["missing_value"], problem_zh="", problem_en="")
    >>> got, sep = _separator_rows(f, p)
    >>> got[["row", "column", "value", "severity", "code"]].values.tolist(), sep.tolist()
    ([[3, 'respondent_id', '二月份', 'warning', 'separator_row']], [False, True])
    """
    cols = [c for c in f.columns if c not in ("row", "line")]
    none = np.zeros(len(f), dtype=bool)
    if len(cols) < 2 or not len(f):
        return problems, none
    first, rest = cols[0], cols[1:]
    filled = np.zeros(len(f), dtype=bool)
    for c in rest:
        v = f[c]
        filled |= ~(v.isna() | v.astype(str).str.strip().isin(["", "nan", "None", "<NA>"])).to_numpy(dtype=bool)
    cand = ~filled
    if not cand.any():
        return problems, none
    text = f[first].astype(object).where(f[first].notna(), "").astype(str).str.strip()
    sep = cand & np.array([_separator_text(t) if c else False for t, c in zip(text.tolist(), cand)], dtype=bool)
    if not sep.any():
        return problems, none
    rows = f.loc[sep, "row"]
    words = text[sep].tolist()
    kept = problems[~problems["row"].isin(rows.tolist())]
    return pd.concat([kept, pd.DataFrame({
        "row": rows.to_numpy(), "column": first, "value": words, "severity": "warning", "code": "separator_row",
        "problem_zh": [f"本行只有第一格写着「{w}」，是分隔行（如月份、批次的标题），不是一位受访者，已跳过" for w in words],
        "problem_en": [f"this row holds only '{w}' in its first cell: a separator row (a month's or a batch's heading), "
                       "not a respondent; skipped" for w in words],
        "fix_zh": "分隔行不计入、无需改动；如要消除此提示，可删去分隔行（或把各批放在各自的工作表）后重新交付",
        "fix_en": "a separator row is not counted and needs no change; to clear this notice, delete the separator rows "
                  "(or put each batch on a sheet of its own) and deliver again"})], ignore_index=True), sep


def _header_again(f: pd.DataFrame, dl) -> pd.Series:
    """Which rows are the header written again (two deliveries put together, a header repeated on every page): at
    least two of the row's cells, and at least half of its filled ones, are their own column's header as delivered
    (or its canonical name), compared after NFKC, case folding and taking out white space; one comparison per column.

    Examples
    --------
    >>> f = pd.DataFrame({"row": [2, 3], "respondent_id": ["001", "受访者编号"], "weight": ["1.5", "weight"]})
    >>> class D: columns = {"respondent_id": "受访者编号", "weight": "weight"}
    >>> _header_again(f, D).tolist()
    [False, True]
    """
    cols = [c for c in f.columns if c not in ("row", "line")]
    if len(cols) < 2 or not len(f):
        return pd.Series(False, index=f.index)

    def fold(v):
        t = v.astype(object).where(v.notna(), "").astype(str).astype("string").str.normalize("NFKC").str.casefold()
        return t.str.replace(r"[\s\u200b\u200c\u200d\u2060\ufeff]+", "", regex=True)

    heads = getattr(dl, "columns", {}) or {}
    same = pd.DataFrame(False, index=f.index, columns=cols)
    filled = pd.DataFrame(False, index=f.index, columns=cols)
    for c in cols:
        v = fold(f[c])
        names = set(fold(pd.Series([c, str(heads.get(c, c))], dtype=object)).tolist())
        filled[c] = v.ne("").fillna(False).to_numpy(dtype=bool)
        same[c] = v.isin(names).fillna(False).to_numpy(dtype=bool) & filled[c].to_numpy(dtype=bool)
    n_same, n_filled = same.sum(axis=1), filled.sum(axis=1)
    return (n_same >= 2) & (2 * n_same >= n_filled)


def _header_again_rows(f: pd.DataFrame, again: pd.Series, problems: pd.DataFrame) -> pd.DataFrame:
    """A row that is the header written again (:func:`_header_again`) named as what it is: one error,
    ``header_repeated``, in place of its other problems (weight is no number, 21 times over), which say nothing the
    surveyor can act on; the row is no respondent and is left out."""
    if not again.any():
        return problems
    rows = f.loc[again, "row"]
    first = next(c for c in f.columns if c not in ("row", "line"))
    words = f.loc[again, first].astype(str).str.strip().tolist()
    kept = problems[~problems["row"].isin(rows.tolist())]
    return pd.concat([kept, pd.DataFrame({
        "row": rows.to_numpy(), "column": first, "value": words, "severity": "error", "code": "header_repeated",
        "problem_zh": "本行是重复的表头（两份交付拼接在一起，或每页重复表头），不是一位受访者的回答，整行不计入",
        "problem_en": "this row is the header again (two deliveries put together, or a header repeated on every "
                      "page), not a respondent's answers; the whole row is left out"})], ignore_index=True)


#: The fix of each refusal whose message says only what is wrong (Chinese, English): every error a
#: surveyor reads says what to do about it (the others carry their fix in their own sentence).
#: What a warning on an optional column's value adds: the value is left out, the respondent's answers count.  A survey
#: firm's slip in a column the estimates do not rest on (an unknown customer type, a duration 三分钟) refused the whole
#: respondent before, losing every answer for a value no estimate of satisfaction needs; the analyst loses that value
#: only (a --by customer_type domain does not count the respondent; the speeder screen cannot judge the interview).
OPTIONAL_REFUSED = ("；该值不导入（按空白处理），受访者的答案照常计入",
                    "; the value is not imported (taken as blank), the respondent's answers count")

#: An item's answer refused alone (a number off the question's codes): said after its reason.
ANSWER_REFUSED = ("；该答案不导入（该题按缺失处理），受访者的其他答案照常计入",
                  "; the answer is not imported (that item is missing), the respondent's other answers count")
#: The codes of an item answer refused alone, as a warning (the respondent kept).
ANSWER_REFUSED_CODES = frozenset({"out_of_range", "not_finite"})

#: The fix of a refused optional value, by column (FIXES' by code speak of answers and weights).
OPTIONAL_FIXES = {
    "customer_type": ("请改为问卷中的客户类型代码或其中文名称，不清楚时留空",
                      "use a customer type code of the instrument or its Chinese name; leave it blank if unknown"),
    "duration_s": ("请填写访问时长的秒数（不小于 0 的有限数，如 270；或带单位，如 4分30秒），不清楚时留空",
                   "enter the interview's length in seconds (a finite number, 0 or more, such as 270; or with its "
                   "units, such as 4分30秒); leave it blank if unknown"),
}

#: What a firm whose sample has no strata, no clusters or no weights writes in the design's columns (said with the
#: fix of the missing column): a firm that drew respondents one by one, unweighted, has none of the three and had
#: been told only to add the column. Filled so, the design is R's svydesign(ids = ~1, weights = ~1).
_DESIGN_COLUMN_FIXES = {
    "stratum": ("未分层抽样时整列填同一个值（如 全部），所有受访者同属一层",
                "a sample not stratified writes the same value in every row (such as ALL), one stratum for all"),
    "psu": ("未整群抽样（逐个抽取受访者）时填受访者编号，每位受访者自成一个初级抽样单元",
            "a sample not clustered (respondents drawn one by one) writes the respondent id, each respondent their "
            "own PSU"),
    "weight": ("等概率抽样、不加权时整列填 1", "an equal-probability sample, not weighted, writes 1 in every row"),
}

#: What each design column is for and what the estimates lose without it (Chinese, English), said with the fix of a
#: design column delivered under a misspelled name: a firm that reads only "rename it" cannot tell whether the column
#: matters, nor what writing 1 (or one value) in it would do to the estimates.
_DESIGN_COLUMN_ROLES = {
    "weight": ("'weight' 是抽样权重（每位受访者代表的总体人数），满意度按它加权估计；缺少此列交付被拒，不作估计；"
               "确为等概率抽样、不加权时整列填 1，估计即为不加权（每位受访者同等计入，结果不代表按权重推算的总体）",
               "'weight' is the sampling weight (how many people of the population each respondent stands for) and "
               "the estimates are weighted by it; without the column the delivery is refused and nothing is "
               "estimated; an equal-probability sample, not weighted, writes 1 in every row and the estimates are "
               "then unweighted (every respondent counts alike, not weighted up to the population)"),
    "stratum": ("'stratum' 是抽样层（分层抽样时受访者所属的层），标准误与置信区间按层计算；缺少此列交付被拒，不作估计；"
                "未分层时整列填同一个值，标准误按不分层计算（分层抽样而不填层，标准误通常偏大、区间偏宽）",
                "'stratum' is the sampling stratum (the stratum each respondent was drawn in) and the standard errors "
                "and intervals are computed within strata; without the column the delivery is refused and nothing "
                "is estimated; a sample not stratified writes one value in every row and the standard errors are "
                "then unstratified (a stratified sample written so gets standard errors usually too large, "
                "intervals too wide)"),
    "psu": ("'psu' 是初级抽样单元（整群抽样时受访者所属的群，如抽中的营业厅或调查日），标准误按群计算；缺少此列交付被拒，"
            "不作估计；逐个抽取受访者时填受访者编号（每人自成一群）；整群抽样却填受访者编号，标准误偏小、区间过窄",
            "'psu' is the primary sampling unit (the cluster each respondent was drawn in, such as the hall or day "
            "sampled) and the standard errors are computed over clusters; without the column the delivery is "
            "refused and nothing is estimated; respondents drawn one by one write the respondent id (each their "
            "own PSU); a clustered sample written so gets standard errors too small, intervals too narrow"),
}

FIXES = {
    "excel_error": ("请在原表格中改正产生错误的公式（如 VLOOKUP 的查找范围）或填入实际值，再重新交付；在 Excel 中可把公式复制为数值后核对",
                    "correct the formula that gives the error in the source sheet (a VLOOKUP's lookup range, say) or "
                    "enter the value, and deliver again; pasting the formulas as values in Excel lets you check them"),
    "mixed_time_zones": ("请统一为北京时间（不带时区，如 2025-03-05 14:05），或全部带上时区（如 2025-03-05T06:05:00Z），再重新交付",
                         "write every interview time as Beijing time without a zone (2025-03-05 14:05), or every one "
                         "with its zone (2025-03-05T06:05:00Z), and deliver again"),
    "missing_value": ("请填写该值（受访者编号、窗口编号、访问日期、抽样层、初级抽样单元、权重每行都必须填写）",
                      "fill it in (respondent id, window id, interview date, stratum, PSU and weight are needed on every row)"),
    "non_numeric": ("请改为数字：答案填问卷中的数字代码（或本题选项的标签原文，如“满意”），权重、访问时长填数值（不带单位或文字）",
                    "write a number: an answer as the instrument's numeric code (or the exact label of the question's "
                    "option, such as 满意), a weight or duration as a value (no unit or words)"),
    "label_of_other_scale": ("请按问卷中本题的选项填写数字代码或本题选项的标签",
                             "enter the numeric code, or the label, of one of the question's own options"),
    "not_finite": ("请改为有限的数（答案填问卷中的代码，权重、访问时长填实际数值）",
                   "write a finite number (an answer as the instrument's code, a weight or duration as its value)"),
    "nonpositive_weight": ("请填写调查公司给出的大于 0 的抽样权重", "enter the sampling weight, greater than 0"),
    "out_of_range": ("请改为问卷中本题的代码之一；受访者不清楚或不适用时填缺失代码",
                     "enter one of the question's codes; when the respondent did not know, or it did not apply, "
                     "enter the missing code"),
    "date_outside_year": ("请核对访问日期；若调查年度不是这一年，检查或导入时用 --year 指定",
                          "check the interview date; if the survey is of another year, name it with --year"),
    "unknown_window": ("请改为委托方窗口清单中的编号（与委托方核对）",
                       "use the window id of the client's list of windows (check it with the client)"),
    "unknown_customer_type": ("请改为问卷中的客户类型代码或其中文名称，不清楚时留空",
                              "use a customer type code of the instrument or its Chinese name; leave it blank if unknown"),
    "merged_across_columns": ("请取消这些单元格的合并，在每一列填写各自的值（同一值适用于几列时逐列填写）后重新交付",
                              "unmerge the cells and fill each column with its own value (the same value in each "
                              "column it holds for), then deliver again"),
    "merged_title_row": ("请删去数据区中的标题或分隔行（每月的数据可各放一个表头相同的工作表）后重新交付",
                         "delete the title or separator rows among the respondents (a month's data may go on a sheet "
                         "of its own under the same header), then deliver again"),
    "two_phase_design": ("只交付第二相（完成问卷）的受访者，权重取第一相权重除以第二相抽样比，删去这一列后重新交付",
                         "deliver the phase-2 (completed) respondents only, weighted by the phase-1 weight over the "
                         "phase-2 sampling fraction, without this column"),
    "missing_column": ("请在表头加上这一列（列名见 surveys/README.md，或用 windoweval survey template 生成的模板）",
                       "add the column to the header (names in surveys/README.md, or use the template "
                       "windoweval survey template writes)"),
    "duplicate_column": ("请删除重复的一列，或把它改为正确的列名", "delete the repeated column or give it its right name"),
    "synonym_column": ("如应读取另一列，请删除或改名已读取的一列后重新交付",
                       "if the other column is the one to read, delete or rename the one read and deliver again"),
    "missing_header": ("请给该列加上列名，或删除这一列", "give the column a header, or delete it"),
    "ragged_row": ("请给含逗号或换行的值加英文双引号，或补齐、删去多余的分隔符后重新交付",
                   "put values holding commas or line breaks in double quotes, or add or remove the separator, "
                   "then deliver again"),
    "truncated": ("请重新导出完整的文件后重新交付", "export the whole file again and deliver it again"),
    "points_missing_code": ("请填写受访者打的分数（只填数字）；受访者不清楚或不适用时直接填缺失代码，不要加“分”",
                            "enter the score the respondent gave (the number alone); when the respondent did not know "
                            "or it did not apply, enter the missing code without 分"),
    "code_label_mismatch": ("请核对该受访者的答案，只填一个数字代码（代码与标签须一致）",
                            "check the respondent's answer and enter one numeric code (a code and its label must agree)"),
    "typed_label": ("请填写问卷中本题选项的数字代码（见模板的“代码”工作表）",
                    "enter the numeric code of the question's option (the template's codes sheet lists them)"),
    "label_mismatch": ("请按问卷的量表方向记录答案（不要自行反转），使值标签与问卷一致后重新交付",
                       "record answers in the instrument's direction (do not reverse them) with value labels that "
                       "agree with it, then deliver again"),
    "header_repeated": ("请删去数据中间重复的表头行（两份交付拼接时只保留第一行表头），然后重新交付；两份交付若有同一受访者，"
                        "重复编号的检查会指出",
                        "delete the header row repeated inside the data (keep the first header only when putting two "
                        "deliveries together), then deliver again; a respondent in both is named by the duplicate-id "
                        "check"),
    "totals_row": ("请从数据表中删去合计、小计、平均等汇总行（需要时另放一个工作表），每行只放一位受访者，然后重新交付",
                   "delete totals, subtotal and average rows from the data sheet (put them on a sheet of their own "
                   "if needed), so each row is one respondent, then deliver again"),
    "empty": ("请交付含受访者数据行的文件（表头下每位受访者一行）",
              "deliver a file with the respondents' rows (one per respondent below the header)"),
}


def _with_fixes(problems: pd.DataFrame) -> pd.DataFrame:
    """Every error without a fix of its own gets its code's fix from :data:`FIXES` (warnings are left as they are).

    Examples
    --------
    >>> p = _with_fixes(Problems.of(row=[2], column="weight", value="0", code="nonpositive_weight",
    ...                             problem_zh="权重必须大于 0", problem_en="weight must be greater than 0"))
    >>> p.loc[0, "fix_en"]
    'enter the sampling weight, greater than 0'
    """
    need = problems["severity"].eq("error") & problems["fix_zh"].astype(str).eq("") & problems["code"].isin(list(FIXES))
    if need.any():
        codes = problems.loc[need, "code"]
        problems.loc[need, "fix_zh"] = codes.map({k: v[0] for k, v in FIXES.items()}).to_numpy()
        problems.loc[need, "fix_en"] = codes.map({k: v[1] for k, v in FIXES.items()}).to_numpy()
    return problems


def check_delivery(source, instrument: Instrument | str, *, year: int | None = None, windows=None,
                   screen: bool = True, screen_params: dict | None = None) -> pd.DataFrame:
    """Check a delivery without importing it: every problem, one row each.

    检查交付文件（不导入）：逐条列出所有问题。

    Parameters
    ----------
    source : path
    instrument : Instrument or str
    year : int, optional
    windows : collection of str, optional
    screen : bool
    screen_params : dict, optional
        See :func:`parse_delivery`.

    Returns
    -------
    Problems
        The package's problem table (:class:`windoweval.records.problems.Problems`):
        ``file``, ``row`` (the surveyor's row number; missing for a whole-file or
        whole-column problem), ``line``, ``record_id`` (the respondent id),
        ``column``, ``value``, ``severity`` (``error`` / ``warning``), ``code``,
        ``problem_zh``, ``problem_en``, ``fix_zh``, ``fix_en``.

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> ins = load_instrument("power_hall")
    >>> df = demo.generate_delivery(ins, 2025, ["PW01"], n_per_window=8, seed=2, careless_share=0)
    >>> df = df.rename(columns={"weight": "wieght"})
    >>> df.loc[2, "env1"] = 7
    >>> with demo.delivery_file(df) as p:
    ...     probs = check_delivery(p, ins, year=2025)
    >>> probs[["row", "column", "value", "severity", "code"]].values.tolist()[:2]
    [[<NA>, 'weight', 'wieght', 'error', 'misspelled_column'], [4, 'env1', '7', 'warning', 'out_of_range']]
    """
    return parse_delivery(source, instrument, year=year, windows=windows, screen=screen,
                          screen_params=screen_params).problems


def format_problems(problems: pd.DataFrame, *, limit: int | None = None) -> str:
    """Problems as lines a surveyor can act on, Chinese first, English alongside.

    将问题清单排版为文本：中文在前，英文随后。The lines of
    :meth:`windoweval.records.problems.Problems.lines`, the record id called the respondent.

    Parameters
    ----------
    problems : Problems or pandas.DataFrame
        As returned by :func:`check_delivery` (a frame with some of the columns is conformed).
    limit : int, optional
        Print at most this many lines (a final line says how many were left out).

    Returns
    -------
    str

    Examples
    --------
    >>> p = Problems.of(file="d.csv", row=[5], line=[6], record_id="R0004", column="weight", value="0",
    ...     code="nonpositive_weight", problem_zh="权重必须大于 0", problem_en="weight must be greater than 0")
    >>> print(format_problems(p))
    第 5 行 row 5 (文件第 6 行 file line 6) | 受访者 respondent R0004 | 列 column weight | 值 value '0' | 错误 error: 权重必须大于 0 / weight must be greater than 0
    """
    p = problems if isinstance(problems, Problems) and list(problems.columns) == PROBLEM_COLUMNS \
        else Problems.conform(problems)
    # a workbook read a sheet a month: every line names its sheet (book.xlsx[3月]), one sheet's problems too
    sheeted = bool(len(p)) and p["file"].astype(str).str.endswith("]").any()
    return p.lines(limit=limit, id_label=("受访者", "respondent"), **({"file": ""} if sheeted else {}))


def summarise_problems(checked: CheckedDelivery) -> pd.DataFrame:
    """Counts of problems by code and severity.

    按问题类型与严重程度汇总。

    Parameters
    ----------
    checked : CheckedDelivery

    Returns
    -------
    pandas.DataFrame
        Columns ``severity``, ``code``, ``n`` (problems), ``rows`` (comma-separated row numbers).

    Examples
    --------
    >>> from windoweval.demo import survey as demo
    >>> ins = load_instrument("power_hall")
    >>> df = demo.generate_delivery(ins, 2025, ["PW01"], n_per_window=8, seed=2, careless_share=0)
    >>> df.loc[[1, 2], "respondent_id"] = "X"
    >>> with demo.delivery_file(df) as p:
    ...     s = summarise_problems(parse_delivery(p, ins, year=2025))
    >>> s[s.severity == "error"].to_dict("records")
    [{'severity': 'error', 'code': 'duplicate_id', 'n': 1, 'rows': '4'}]
    """
    p = checked.problems
    if p.empty:
        return pd.DataFrame(columns=["severity", "code", "n", "rows"])
    g = p.groupby(["severity", "code"], sort=True)
    return (
        g.agg(n=("code", "size"), rows=("row", lambda r: ", ".join(str(int(x)) for x in r.dropna().unique())))
        .reset_index()
    )
