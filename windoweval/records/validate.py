"""Validation: coerce a frame carrying contract column names to the contract's types and check it, every bad row named."""
from __future__ import annotations

import difflib
import os

import numpy as np
import pandas as pd

from ..calendar import _DAY_NS, at_time_of_day, wall_clock
from ..errors import notes_once, say_once
from ..pools import on_two_threads
from .contract import Contract, RecordsError, contracts
from .ids import SCIENTIFIC_ID_RE, decimal_id_text, decimal_ids
from .order import order_problems, rate_problems, sum_problems
from .problems import Problems
from .totals import totals_rows, unit_rows


class FileLabels:
    """Each record's file (or sheet) for messages: one small integer per record and the labels, not one string each.

    Indexed like the array of labels it stands for (a mask or positions give an object array of labels).

    Examples
    --------
    >>> f = FileLabels.concat([FileLabels.of("a.csv", 2), FileLabels.of("b.xlsx[s]", 1)])
    >>> len(f), f[np.array([False, True, True])].tolist(), np.asarray(f).tolist()
    (3, ['a.csv', 'b.xlsx[s]'], ['a.csv', 'a.csv', 'b.xlsx[s]'])
    """

    def __init__(self, codes: np.ndarray, labels: list):
        self.codes, self.labels = codes, np.asarray([str(x) for x in labels] or [""], dtype=object)

    @classmethod
    def of(cls, label, n: int) -> "FileLabels":
        return cls(np.zeros(n, dtype=np.int32), [label])

    @classmethod
    def concat(cls, parts: list) -> "FileLabels":
        """The labels of ``parts`` one after the other; one part is itself (its codes not copied: a CSV's 4,320,000)."""
        if len(parts) == 1:
            return parts[0]
        labels = []
        codes = np.empty(sum(len(p.codes) for p in parts), dtype=np.int32)
        pos = 0
        for p in parts:   # each part's codes written once, moved past the labels before it
            np.add(p.codes, len(labels), out=codes[pos:pos + len(p.codes)], casting="unsafe")
            pos += len(p.codes)
            labels += list(p.labels)
        return cls(codes, labels)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, key):
        got = self.codes[key]
        return self.labels[got] if isinstance(got, np.ndarray) else self.labels[int(got)]

    def __array__(self, dtype=None, copy=None):
        return self.labels[self.codes]


def _rows_of(files, rownum, mask) -> int:
    """How many rows of the files the records ``mask`` picks stand on (a wide checklist's visit is one row, a record
    per item): each (file, row) once.

    Examples
    --------
    >>> _rows_of(np.array(["a", "a", "a", "b"], dtype=object), np.array([2, 2, 3, 2]), np.array([True] * 4))
    3
    """
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return 0
    return int(len(pd.DataFrame({"f": np.asarray(files[mask], dtype=object),
                                 "r": np.asarray(rownum)[mask]}).drop_duplicates()))


def _problem(file, rows, column, values, zh, en, code="") -> Problems:
    """Problems of one column (the package's one problem table, :class:`~windoweval.records.problems.Problems`)."""
    return Problems.of(file=file if isinstance(file, np.ndarray) else str(file), row=rows, column=column,
                       value=values, code=code, problem_zh=zh, problem_en=en)


_DAY_MONTH_RE = r"\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{1,4}(?:[\sT]|$)"
#: Of those, a date whose year is written in four digits, last (03/04/2025): only the day and month unclear.
_FOUR_DIGIT_YEAR_LAST_RE = r"\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}(?:[\sT]|$)"
#: Of those, a date of three one-digit parts (5/3/5): the year has one digit, digits lost; no part could be a year of
#: two digits (25-3-5, 5/3/25, 05.03.5: 2005?).
_ONE_DIGIT_YEAR_RE = r"\s*\d[/.\-]\d[/.\-]\d(?:[\sT]|$)"
#: A date whose year has three digits, first or last (225-3-5, 225年3月5日, 5/3/225): a digit lost, never a year read.
_THREE_DIGIT_YEAR_RE = (r"\s*(?:\d{3}\s*[/.\-年]\s*\d{1,2}\s*[/.\-月]\s*\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{3})"
                        r"(?:[\sT日]|$)")
#: A time of day alone (08:15, 9:05:30, 3:05 PM), as :func:`_datetime_text` leaves it.
_TIME_OF_DAY_RE = r"\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?\s*"
_TZ_RE = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$"
#: What exports write in an empty time or number cell (compared after NFKC, trimming and case folding): read as
#: blank, as the empty cell it stands for (missing evidence, or a case still open), never as a bad value.
_PLACEHOLDERS = ("-", "--", "---", "—", "——", "–", "/", "//", "\\", "无", "暂无", "空", "null", "none", "n/a", "#n/a",
                 "na", "nan", "<na>", "#na", "n.a.",
                 # an attendance system's word for a punch that is not there, written in its time cell (考勤日报)
                 "缺卡", "未打卡", "漏打卡", "漏卡")
#: The fix of an id written as a placeholder for a blank (``-``, ``无``, ``N/A``): rows so written are no copies of one
#: record, and dropping any would lose a record (left39, left40).
NO_ID_FIX = ("请在导出系统中为每条记录填上各自的编号后重新导出;不要删去任何一行",
             "give each record its own id in the exporting system and export again; delete none of the rows")
#: The longest placeholder in bytes (UTF-8; a full-width one before NFKC folds it): a longer value is none.
_PLACEHOLDER_BYTES = max(len(w) for w in _PLACEHOLDERS) * 3   # 3 bytes a character at most (CJK, full-width)
_ASCII_PLACEHOLDER_BYTES = max(len(w) for w in _PLACEHOLDERS if w.isascii())   # n/a, #n/a, n.a.: 4


def _placeholder_starts(plain: bool) -> np.ndarray:
    """The first bytes a value may have and still be read as a placeholder (256 booleans, by byte; csv41).

    ``plain`` (every byte ASCII above the space; looked up lower-cased): an ASCII placeholder's first character in
    either case.  Otherwise (NFKC-folded, trimmed and lower-cased first): also every byte of 128 or more (a UTF-8
    lead: 无, —, a full-width ``－``, a no-break or ideographic blank) and every ASCII control byte and the space
    (trimmed away).  A value whose first byte is any other ASCII character keeps it as its first character: ASCII is
    NFKC's own form, no blank is trimmed before it, and a mark after it composes it only into a letter or sign
    (``ñ``, ``≠``) that starts no placeholder (``tests/test_csv41_placeholder_starts.py`` tries every character
    after every such byte)."""
    ok = np.zeros(256, dtype=bool)
    for w in _PLACEHOLDERS:
        if w[0].isascii():
            ok[ord(w[0].lower())] = ok[ord(w[0].upper())] = True
    if not plain:
        ok[128:] = True
        ok[:33] = True
        ok[127] = True
    return ok


_ASCII_PLACEHOLDER_STARTS = _placeholder_starts(True)
_PLACEHOLDER_STARTS = _placeholder_starts(False)
_TRUE = ["true", "1", "yes", "y", "是", "有", "t", "√", "✓", "对"]
_FALSE = ["false", "0", "no", "n", "否", "无", "f", "×", "✗", "错"]


#: A weekday written beside a date (2025-03-05 星期三, 2025/3/5(周三), 2025-03-05 Wed): left out before parsing,
#: once checked against the date (:func:`_weekday_problems`).
_WEEKDAY_RE = (r"\s*[(（\[]?\s*(?:星期|周|礼拜)([一二三四五六日天])\s*[)）\]]?\s*"
               r"|\s*,?\s*\(?\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\)?,?(?=\s|$)\s*")
_WEEKDAYS = {**{w: i for i, w in enumerate("一二三四五六")}, "日": 6, "天": 6,
             **{w: i for i, w in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))}}


def _weekday_written(s: pd.Series) -> pd.Series | None:
    """The weekday (0 Monday .. 6 Sunday) written in each value of ``s`` (NA where none), or None when no value
    writes one.  Vectorised; only a column with 星期/周/礼拜 or an English day name in it is searched."""
    if not s.str.contains("星期|周|礼拜|Mon|Tue|Wed|Thu|Fri|Sat|Sun", regex=True).fillna(False).any():
        return None
    got = s.str.extract(_WEEKDAY_RE)
    day = got[0].fillna(got[1])
    return day.map(_WEEKDAYS, na_action="ignore").astype("Int64")


class ReadNote(UserWarning):
    """A note on how a column was read where the file left a choice that its own values settled (day-first dates):
    the data read, the reading said once (Chinese and English).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as got:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("按日在前读取 / read day first", ReadNote)
    >>> got[0].category.__name__, str(got[0].message)
    ('ReadNote', '按日在前读取 / read day first')
    """


def _say_once(note: str) -> None:
    """Say ``note`` (a :class:`ReadNote`) once in the open scope (:func:`~windoweval.errors.notes_once`: a command,
    a call of a public read), every time outside one: a note belongs to each read that needs it (tidy45)."""
    say_once(note, ReadNote, depth=2)


def _no_month(s: pd.Series) -> np.ndarray:
    """Which values of ``s`` (text) are two parts and a four-digit year whose two parts are both over 12
    (``13/13/2025``): no month among them, no date in either order.

    Examples
    --------
    >>> _no_month(pd.Series(["13/13/2025", "13.03.2025", "03/13/2025 08:00", "31-31-2025 08:00", "13/13/25", None],
    ...                     dtype="string")).tolist()
    [True, False, False, True, False, False]
    """
    parts = s.astype("string").str.extract(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-]\d{4}(?:[\sT]|$)", expand=True)
    a = pd.to_numeric(parts[0], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    b = pd.to_numeric(parts[1], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return (a > 12) & (b > 12)


def _day_first(s: pd.Series, four: np.ndarray, files, rownum, name, raw: pd.Series):
    """The dates of ``s`` (at ``four``: day and month before a four-digit year, ``13.03.2025``, ``03/04/2025 08:30``)
    that their own file settles as written day first: a file whose values include one whose first part is over 12
    (13.03.2025: no month 13) and none whose second part is (03/13/2025) is written day first throughout, and each of
    its dates is rewritten year first (2025-03-13, the time kept).  A file with both is written both ways, contradicting
    itself: each value that reads one way alone is refused, naming the first row that reads the other way.  A file
    with neither stays unclear (refused by the caller), and so does every file of the column but the ones settled:
    each file is its own export, and one file's day-first dates say nothing of another's.

    Returns (``s`` with the settled dates rewritten, the mask of them, the mask of the values refused as
    contradicting, the problems, a note or None).

    Examples
    --------
    >>> s = pd.Series(["13.03.2025 08:30", "03.04.2025", "03/04/2025", "25/12/2025", "12/25/2025"])
    >>> files = np.array(["a.csv", "a.csv", "b.csv", "c.csv", "c.csv"], dtype=object)
    >>> got, done, contra, probs, note = _day_first(s, np.ones(5, bool), files, np.array([2, 3, 2, 2, 3]), "started_at", s)
    >>> got.tolist()[:3], done.tolist(), contra.tolist()
    (['2025-03-13 08:30', '2025-04-03', '03/04/2025'], [True, True, False, False, False], [False, False, False, True, True])
    >>> [p["row"].tolist() for p in probs], "a.csv" in note
    ([[2], [3]], True)
    """
    at = np.flatnonzero(four)
    done = np.zeros(len(s), dtype=bool)
    contra = np.zeros(len(s), dtype=bool)
    parts = s.iloc[at].str.extract(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(.*)$", expand=True)
    ok = parts[0].notna().to_numpy()
    if not ok.any():
        return s, done, contra, [], None
    at, parts = at[ok], parts[ok]
    a = parts[0].astype(int).to_numpy()
    b = parts[1].astype(int).to_numpy()
    need_d = (a > 12) & (b <= 12)          # 13.03.2025: day first, or no date at all
    need_m = (b > 12) & (a <= 12)          # 03/13/2025: month first
    if not need_d.any():
        return s, done, contra, [], None
    labels = np.asarray(files[at], dtype=object).astype(str)
    codes, uniq = pd.factorize(labels)
    k = len(uniq)
    has_d = np.bincount(codes[need_d], minlength=k) > 0
    has_m = np.bincount(codes[need_m], minlength=k) > 0
    probs = []
    both = has_d & has_m
    if both.any():   # a file written both ways: refuse the values that read one way alone, each naming the other
        rows = np.asarray(rownum)[at]
        written = raw.iloc[at].astype(str).to_numpy()
        for mine, other, zh_mine, zh_other, en_mine, en_other in (
                (need_d, need_m, "只能是日在前", "只能是月在前", "reads only day first", "reads only month first"),
                (need_m, need_d, "只能是月在前", "只能是日在前", "reads only month first", "reads only day first")):
            sel = mine & both[codes]
            if not sel.any():
                continue
            # the first row of the other reading in the same file, named in each value's message
            first_other = {}
            for i in np.flatnonzero(other & both[codes]):
                first_other.setdefault(codes[i], i)
            j = np.array([first_other[c] for c in codes[sel]])
            zh = [f"同一列中日与月的次序自相矛盾:此值{zh_mine},而第 {rows[o]} 行的 {written[o]!r}{zh_other};"
                  "不作猜测,请以年在前的格式导出,如 2025-03-04 09:05" for o in j]
            en = [f"the column contradicts itself on the order of day and month: this value {en_mine}, while row "
                  f"{rows[o]}'s {written[o]!r} {en_other}; it is not guessed; export dates year first, e.g. "
                  "2025-03-04 09:05" for o in j]
            probs.append(Problems.of(file=labels[sel], row=rows[sel], column=name, value=written[sel],
                                     code="contradictory_day_month", problem_zh=zh, problem_en=en))
            contra[at[sel]] = True   # refused here, not again as unclear (the caller blanks them)
    settled = has_d & ~has_m
    if not settled.any():
        return s, done, contra, probs, None
    sel = settled[codes] & ~((a > 12) & (b > 12))   # 13/13/2025: no date in either order, left to be refused
    p = parts[sel]
    iso = p[2] + "-" + p[1].str.zfill(2) + "-" + p[0].str.zfill(2) + p[3].fillna("")
    s = s.copy()
    s.iloc[at[sel]] = iso.to_numpy()
    first = int(np.flatnonzero(need_d & sel)[0])
    shown = raw.iloc[at[first]]
    from ..privacy import shown_paths

    # each file by its label relative to the data folder (the roots an entry point or a command sets), else by its
    # name, never by the folders above it (/home/张三/…): the note is built so, never its finished text mangled (msgs46b)
    named = [shown_paths(str(f)) for f in uniq[settled][:3]]
    files_zh = "、".join(named) + (f" 等 {int(settled.sum())} 个文件" if settled.sum() > 3 else "")
    files_en = ", ".join(named) + (f" and {int(settled.sum()) - 3} more files" if settled.sum() > 3 else "")
    note = (f"{files_zh} 的 {name} 列按“日/月/年”读取(日在前):第 {np.asarray(rownum)[at[first]]} 行的 {shown!r} "
            f"第一段大于 12,只能是日,且该文件中没有第二段大于 12 的值;共 {int(sel.sum())} 个值。若不对,请以年在前的格式"
            f"(如 2025-03-04 09:05)重新导出 / {files_en}: column {name} read day first (day/month/year): row "
            f"{np.asarray(rownum)[at[first]]}'s {shown!r} has a first part over 12, a day, and no value of the file has "
            f"a second part over 12; {int(sel.sum())} values. If that is wrong, export the dates year first "
            f"(2025-03-04 09:05)")
    done[at[sel]] = True
    return s, done, contra, probs, note


def _short_years_by_weekday(s: pd.Series, text: pd.Series) -> pd.Series | None:
    """Dates whose year has two digits (``s``: as :func:`_datetime_text` leaves them, ``25-03-03 08:55``), each
    written beside its weekday (``text``, as written: ``25-03-03 星期一 08:55``, as DingTalk's daily reports write the
    day), written year first (``2025-03-03 08:55``) when one order of the three parts alone gives every one of them
    the weekday written beside it: year, month, day (25-03-03: Monday 3 March 2025); day, month, year (25 March 2003, a
    Tuesday); or month, day, year (no month 25).  The weekday then says which part is the year: nothing is guessed.
    None (refused as before) when a value has no weekday, or no order or more than one fits them all.

    Examples
    --------
    >>> s = pd.Series(["25-03-03 08:55", "25-03-04"], dtype="string")
    >>> _short_years_by_weekday(s, pd.Series(["25-03-03 星期一 08:55", "25-03-04 星期二"], dtype="string")).tolist()
    ['2025-03-03 08:55', '2025-03-04']
    >>> _short_years_by_weekday(s, pd.Series(["25-03-03 星期一 08:55", "25-03-04"], dtype="string")) is None
    True
    """
    day = _weekday_written(text)
    if day is None or day.isna().any():
        return None
    parts = s.str.extract(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{1,2})(?=[\sT]|$)(.*)$")
    if parts[[0, 1, 2]].isna().any(axis=None):
        return None
    n = [parts[i].astype(int).to_numpy() for i in range(3)]
    two = [(parts[i].str.len() == 2).to_numpy() for i in range(3)]
    fits = []
    for y, m, d in ((0, 1, 2), (2, 1, 0), (2, 0, 1)):   # year first; day, month, year; month, day, year
        if not two[y].all():
            continue
        when = pd.to_datetime(pd.DataFrame({"year": 2000 + n[y], "month": n[m], "day": n[d]}), errors="coerce")
        if when.notna().all() and (when.dt.weekday.to_numpy() == day.to_numpy(dtype=int)).all():
            fits.append(when)
    if len(fits) != 1:
        return None
    return pd.Series(fits[0].dt.strftime("%Y-%m-%d").to_numpy(), index=s.index, dtype="string") + parts[3].to_numpy()


def _datetime_text(s: pd.Series, next_day: np.ndarray | None = None, odd_clock: np.ndarray | None = None) -> pd.Series:
    """Date-time text as pandas parses it: full-width digits (NFKC) and 2025年3月4日 9时05分 written out, a weekday
    beside the date left out (星期三, 周三, Wed) and AM/PM written before the time moved after it (2025-3-5 PM 2:05).

    ``next_day`` (a boolean array as long as ``s``, filled here): 晚上12点 is written as the 00:00 of the date as
    written and its row marked, for the caller to add the day once the date is read by its own rules (a date whose
    day/month order is unclear, 05/03/2025 晚上12:00, is then refused as any other); without it the date is moved
    here (:func:`_day_period`).  A year-first date at 24:00 (:data:`_END_OF_DAY_RE`) is the end of that day, read as
    晚上12点 is; an AM/PM marker after an hour that says it already (21:05 PM) is left out (:func:`_clock_marks`),
    one that contradicts the hour (13:00 AM) left as written and its row set in ``odd_clock`` (when given).

    Examples
    --------
    >>> _datetime_text(pd.Series(["2025-03-05 星期三 14:05", "2025/3/5(周三)", "2025-3-5 PM 2:05", "2025-03-05 Wed 9:00",
    ...                           "2025年3月5日 下午2:05", "2025-03-10 24:00", "2025-03-10 21:05 PM"], dtype="string")).tolist()
    ['2025-03-05 14:05', '2025/3/5', '2025-3-5 2:05 PM', '2025-03-05 9:00', '2025-3-5 14:05', '2025-03-11 00:00', '2025-03-10 21:05']
    """
    if s.str.contains(r"[AaPp]\.?[Mm]\.?\s*\d", regex=True).fillna(False).any():   # 2025-3-5 PM 2:05 -> 2:05 PM
        s = s.str.replace(r"\b([AaPp])\.?([Mm])\.?\s*(\d{1,2}(?::\d{2}){1,2})\s*$", r"\3 \1\2", regex=True)
    if _weekday_written(s) is not None:
        s = s.str.replace(_WEEKDAY_RE, " ", regex=True).str.strip()
    ascii_only = bool(s.str.isascii().fillna(True).all())
    if not ascii_only:
        s = _cjk_datetime_text(s.str.normalize("NFKC"))
    s = _clock_marks(s, odd_clock)   # 21:05 PM -> 21:05 (the hour says PM already); 13:00 AM marked in odd_clock
    if s.str.contains("24:0", regex=False).fillna(False).any():   # 2025-03-10 24:00: the end of that day (ISO 8601)
        end = s.str.match(_END_OF_DAY_RE).fillna(False)
        if end.any():   # written as 晚上12:00, which is read so: the next day's 00:00, once the date is read
            s = s.where(~end, s.str.replace(_END_OF_DAY_RE, r"\1 晚上12\2", regex=True))
            ascii_only = False
    if ascii_only:
        return s
    if s.str.contains(_PERIOD_WORDS, regex=True).fillna(False).any():  # 下午 3:05 -> 15:05, 晚上12点 -> the next 00:00
        s = _day_period(s, next_day)[0]
    return s


def _cjk_datetime_text(s: pd.Series) -> pd.Series:
    """:func:`_datetime_text`'s writing out of 2025年3月4日 9时05分 (the text NFKC-folded): 2025-3-4 9:05."""
    if s.str.contains("[年月日号號时時点分秒]", regex=True).any():
        s = (s.str.replace(r"(\d)\s*年\s*(\d)", r"\1-\2", regex=True).str.replace(r"(\d)\s*月\s*(\d)", r"\1-\2", regex=True)
             .str.replace(r"(\d)\s*月份?\s*$", r"\1", regex=True)   # a month alone (2025年3月, 统计月份): as 2025-3 reads
             .str.replace(r"(\d)\s*[日号號]", r"\1 ", regex=True)
             .str.replace(r"(\d)\s*[时時点]\s*半", r"\1:30", regex=True).str.replace(r"(\d)\s*[时時点]\s*", r"\1:", regex=True)
             .str.replace(r"(\d)\s*分\s*", r"\1:", regex=True).str.replace("秒", "", regex=False)
             .str.replace(r"(\s\d{1,2}):\s*$", r"\1:00", regex=True)   # 9点, 晚上12点: the hour alone
             .str.replace(r":\s*$", "", regex=True).str.strip())
    return s


#: A year-first date at 24:00 (2025-03-10 24:00, 2025/3/10 24:00:00, 2025-03-10T24:00): ISO 8601's end of the day,
#: the next day's 00:00, as Chinese systems write the end of a day (停电至24:00).  Only 24:00 exactly (24:01 is no
#: time); a date whose day/month order is unclear is left as written (refused as any other).
_END_OF_DAY_RE = r"^(\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2})(?:\s+|T)24(:00(?::00(?:\.0+)?)?)$"
#: A time with an AM/PM marker after it (9:05 PM, 21:05 PM, 00:30 a.m.): the hour, the rest, the marker's letter.
_CLOCK_MARK_RE = r"(?<!\d)(\d{1,2})(:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([AaPp])\.?[Mm]\.?$"


def _clock_marks(s: pd.Series, odd: np.ndarray | None = None) -> pd.Series:
    """Date-time text with an AM/PM marker after a 24-hour hour that agrees with it (21:05 PM: the hour is in the
    afternoon already) written without it, as 下午 13:00 is read; a marker that contradicts the hour (13:00 AM,
    00:30 PM, which pandas would read as 12:30) or an hour past 23 with a marker (25:00 PM) set in ``odd`` (a
    boolean array as long as ``s``) and left as written, for the caller to refuse.  A 12-hour time (9:05 PM, 12:30 AM,
    00:30 AM) is left to the parser, which reads it.  Only the cells ending in the marker are looked at.

    Examples
    --------
    >>> odd = np.zeros(5, dtype=bool)
    >>> _clock_marks(pd.Series(["2025-3-5 21:05 PM", "2025-3-5 9:05 PM", "2025-3-5 13:00 AM", "2025-3-5 00:30 PM",
    ...                         "2025-3-5 00:30 a.m."], dtype="string"), odd).tolist(), odd.tolist()
    (['2025-3-5 21:05', '2025-3-5 9:05 PM', '2025-3-5 13:00 AM', '2025-3-5 00:30 PM', '2025-3-5 00:30 a.m.'], [False, False, True, True, False])
    """
    cand = s.str.contains(r"[AaPp]\.?[Mm]\.?$", regex=True).fillna(False).to_numpy(dtype=bool)
    if not cand.any():
        return s
    got = s[cand].str.extract(_CLOCK_MARK_RE)
    h = pd.to_numeric(got[0], errors="coerce").to_numpy(dtype=float)
    mark = got[2].str.lower()
    pm = mark.eq("p").to_numpy(dtype=bool, na_value=False)
    am = mark.eq("a").to_numpy(dtype=bool, na_value=False)
    agree = pm & (h >= 13) & (h <= 23)
    if odd is not None:
        odd[np.flatnonzero(cand)[(am & (h >= 13)) | (pm & (h == 0)) | ((am | pm) & (h >= 24))]] = True
    if agree.any():
        at = np.flatnonzero(cand)[agree]
        s = s.copy()
        s.iloc[at] = s.iloc[at].str.replace(r"\s*[AaPp]\.?[Mm]\.?$", "", regex=True)
    return s


#: Words naming a part of the day before a clock hour (下午 3:05, 晚上12点), as exports and people write them.
_PERIOD_WORDS = "上午|下午|中午|晚上|夜里|夜间|深夜|半夜|凌晨|早上|早晨|清晨|傍晚"
_PERIOD_RE = (r"^(?P<pre>.*?)\s*(?P<word>" + _PERIOD_WORDS + r")\s*(?P<h>\d{1,2})(?P<rest>(?::\d{1,2}){0,2}(?:\.\d+)?)\s*$")
#: word -> (the hours it takes as written, the hours it adds 12 to, the hour 12 as 0 of the same day, the hour
#: 12 as 0 of the next day).  Any other hour with the word is contradictory or ambiguous: refused, never guessed.
#: 上午 is the AM of exports (a zh-CN clock writes 00:30 as 上午 12:30); 中午 12 is noon, 中午 1 is 13:00;
#: 晚上/夜里 12 点 is midnight at the end of that day (the next day's 00:00); 凌晨 12 点 and 凌晨 0 点 its start;
#: 晚上 1 点, 夜里 2 点 (that night or the one before?) and 晚上/夜里 0 点 (its start or its end?) are refused.
_PERIODS = {
    "上午": (range(0, 12), (), True, False), "凌晨": (range(0, 7), (), True, False),
    "早上": (range(4, 12), (), False, False), "早晨": (range(4, 12), (), False, False),
    "清晨": (range(4, 9), (), False, False),
    "中午": ((11, 12), (1, 2), False, False), "下午": ((12, *range(13, 24)), range(1, 12), False, False),
    "傍晚": (range(16, 20), range(4, 8), False, False),
    "晚上": (range(18, 24), range(6, 12), False, True), "夜里": (range(18, 24), range(6, 12), False, True),
    "夜间": (range(18, 24), range(6, 12), False, True), "深夜": (range(21, 24), range(9, 12), False, True),
    "半夜": ((), (), False, True),
}


def _day_period(s: pd.Series, next_day: np.ndarray | None = None) -> tuple[pd.Series, np.ndarray]:
    """Date-time text with a part of the day before the hour (下午 3:05, 晚上12点, 凌晨0点) written as a 24-hour
    time, and which values name an hour the word does not allow or leaves ambiguous (refused by the caller).

    With ``next_day`` (a boolean array as long as ``s``) the date of 晚上12点 is left as written (its time 00:00)
    and its row set in ``next_day``: the caller reads the date by the rules of every date (refusing a day/month
    order it cannot tell) and adds the day after; without it the date is moved here, read as pandas reads it.

    晚上12:00 and 夜里12点 are midnight at the end of that day (the next day's 00:00); 中午12:00 is noon, 下午 12:30
    is 12:30, 凌晨0点 and 上午 12:30 (as a zh-CN export writes 00:30) the start of the day; 晚上1点 or 夜里0点 (which
    night?) and 上午 14:00 (contradicting itself) are ambiguous: left as written and marked.

    Examples
    --------
    >>> t, bad = _day_period(pd.Series(["2025/3/5 晚上12:00", "2025/3/5 中午12:00", "2025-3-5 下午 12:30",
    ...                                 "2025-3-5 凌晨0", "2025-12-31 夜里12", "2025-3-5 晚上8:15", "2025-3-5 晚上1",
    ...                                 "2025-3-5 上午 12:30:05", "2025-3-5 09:00"], dtype="string"))
    >>> t.tolist()
    ['2025-03-06 00:00', '2025/3/5 12:00', '2025-3-5 12:30', '2025-3-5 00:00', '2026-01-01 00:00', '2025-3-5 20:15', '2025-3-5 晚上1', '2025-3-5 00:30:05', '2025-3-5 09:00']
    >>> bad.tolist()
    [False, False, False, False, False, False, True, False, False]
    >>> nxt = np.zeros(2, dtype=bool)
    >>> _day_period(pd.Series(["05/03/2025 晚上12:00", "2025/3/5 晚上8:00"], dtype="string"), nxt)[0].tolist(), nxt.tolist()
    (['05/03/2025 00:00', '2025/3/5 20:00'], [True, False])
    """
    after = s.str.contains(r"\d\s*(?:" + _PERIOD_WORDS + r")\s*$", regex=True).fillna(False)
    if after.any():   # the word after the time (2025-03-04 12:30 中午): before it, as it is usually written
        s = s.str.replace(r"^(.*?)\s+(\d{1,2}(?::\d{1,2}){0,2})\s*(" + _PERIOD_WORDS + r")\s*$", r"\1 \3\2",
                          regex=True)
    got = s.str.extract(_PERIOD_RE)
    has = got["word"].notna().to_numpy(dtype=bool)
    bad = np.zeros(len(s), dtype=bool)
    if not has.any():
        return s, bad
    word = got["word"].fillna("").to_numpy(dtype=object)
    h = pd.to_numeric(got["h"], errors="coerce").to_numpy(dtype=float)
    hour = np.full(len(s), np.nan)
    nxt = np.zeros(len(s), dtype=bool)
    for w, (keep, add, twelve_zero, twelve_next) in _PERIODS.items():
        at = has & (word == w)
        if not at.any():
            continue
        hh = h[at]
        out = np.full(len(hh), np.nan)
        out = np.where(np.isin(hh, list(keep)), hh, out)
        out = np.where(np.isin(hh, list(add)), hh + 12, out)
        if twelve_zero or twelve_next:
            out = np.where(hh == 12, 0, out)
        if twelve_next:
            nxt[np.flatnonzero(at)[hh == 12]] = True
        hour[at] = out
    ok = has & ~np.isnan(hour)
    day = got["pre"].fillna("").to_numpy(dtype=object).copy()
    n = ok & nxt
    if next_day is not None:   # the date left as written: the caller adds the day once it has read it
        next_day |= n
        n = np.zeros(len(s), dtype=bool)
    if n.any():   # midnight at the end of the day: the next day's date, written year first
        d = pd.to_datetime(pd.Series(day[n], dtype="string"), errors="coerce", format="mixed")
        fine = ~d.isna().to_numpy()
        later = (d + pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        at = np.flatnonzero(n)
        day[at[fine]] = later[fine]
        ok[at[~fine]] = False      # the date before it does not read: left as written (refused as unreadable)
    bad = has & np.isnan(hour)
    if ok.any():
        rest = got["rest"].fillna("").to_numpy(dtype=object)[ok]
        rest = np.where(rest == "", ":00", rest)
        hh = np.array(["%02d" % v for v in hour[ok].astype(int)], dtype=object)
        s = s.copy()
        s[ok] = pd.array((day[ok].astype(str) + " " + hh.astype(str) + rest.astype(str)).tolist(), dtype="string")
    return s, bad


def _excel_text_mark(s: pd.Series, then: str) -> pd.Series:
    """Cells with Excel's text mark, a leading apostrophe (``'000123``, ``'12``: a number kept as text, which the
    spreadsheet shows and stores without the mark; some systems write it into their CSVs), read without it where the
    rest starts as ``then`` (a pattern) does and is not itself quoted (``'A1'`` is left as written): the same id and
    number the workbook shows, never a second id.

    Examples
    --------
    >>> _excel_text_mark(pd.Series(["'000123", "GD1", "'x'", None], dtype="string"), "[0-9A-Za-z]").tolist()
    ['000123', 'GD1', "'x'", <NA>]
    """
    if not s.str.startswith("'").fillna(False).any():   # one pass; most files have none
        return s
    return s.str.replace(f"^'(?={then})(?!.*'$)", "", regex=True)


def _ns(parsed: pd.Series) -> pd.Series:
    """Parsed times as datetime64[ns]; one the type cannot hold (before 1677, after 2262) left unparsed: refused."""
    if parsed.dtype != "datetime64[ns]":
        parsed = parsed.where((parsed >= pd.Timestamp.min) & (parsed <= pd.Timestamp.max))
    return parsed.astype("datetime64[ns]")


def _parse_datetimes(raw: pd.Series, blank: pd.Series, name, files, rownum, probs) -> pd.Series:
    col = raw
    if pd.api.types.is_datetime64_any_dtype(col):
        return _before_march_1900(raw, wall_clock(col).astype("datetime64[ns]"), name, files, rownum, probs)
    text = raw.astype("string").str.strip()
    # 晚上12点 (midnight at the end of the day): 00:00 of the date as written, the day added once the date is read
    # below by the same rules as every date (an unclear day/month order refused, never read month first and moved)
    next_day = np.zeros(len(text), dtype=bool)
    odd_clock = np.zeros(len(text), dtype=bool)
    s = _datetime_text(text, next_day, odd_clock)
    # an AM/PM marker the hour contradicts (13:00 AM, 00:30 PM: pandas reads that 12:30) or an hour past 23 with one:
    # refused with the value, never guessed (21:05 PM, whose hour says PM already, is read above as 21:05)
    def refuse(odd, zh, en, code):   # the values named with their rows, then blank for every later look
        probs.append(_problem(files[odd], rownum[odd], name, raw[odd].astype(str).tolist(), zh, en, code))
        return s.mask(pd.Series(odd, index=s.index)), blank | pd.Series(odd, index=raw.index)

    odd_clock &= ~blank.to_numpy()
    if odd_clock.any():
        s, blank = refuse(odd_clock, "钟点与所写的 AM/PM(上午/下午)标记矛盾(如 13:00 AM:13 点不在上午;00:30 PM:0 点不在下午;"
                          "或钟点超过 23),不作猜测;请写成 24 小时制且不带 AM/PM(如 2025-03-05 21:05),"
                          "或写成 12 小时制(如 2025-03-05 9:05 PM)",
                          "the hour contradicts its AM/PM marker (13:00 AM: 13 o'clock is not in the morning; "
                          "00:30 PM: 0 o'clock is not in the afternoon; or an hour past 23) and is not guessed; "
                          "write the time on a 24-hour clock without AM/PM (2025-03-05 21:05), or on a 12-hour "
                          "clock (2025-03-05 9:05 PM)", "contradictory_am_pm")
    # a part of the day that names an hour it does not hold or leaves ambiguous (晚上1点: that night or the one
    # before? 夜里0点: the day's start or its end? 上午14:00): refused with the value, never guessed
    if s.str.contains(_PERIOD_WORDS, regex=True).fillna(False).any():
        odd = _day_period(s)[1] & ~blank.to_numpy()
        if odd.any():
            s, blank = refuse(odd, "时段与钟点不符或有歧义(如 晚上1点:是当晚还是前一晚?夜里0点:是当天开始还是结束?上午14:00),"
                              "不作猜测;请写成 24 小时制,如 2025-03-05 23:30 或 2025-03-06 00:00",
                              "the part of the day does not fit the hour or leaves it ambiguous (晚上1点, night at 1: "
                              "that night or the one before? 夜里0点: the day's start or its end? 上午14:00, morning "
                              "at 14:00) and is not guessed; write the time on a 24-hour clock, e.g. "
                              "2025-03-05 23:30 or 2025-03-06 00:00", "ambiguous_part_of_day")
    # no date and time is longer than this: a longer text (a hostile or broken cell) is not a date, and the parser's
    # tokenizer would take minutes over a megabyte of it
    s = s.mask((s.str.len() > 64).fillna(False))
    # day and month before the year (03/04/2025, 3-4-25): 4 March or 3 April? refused, never guessed row by row
    amb = (s.str.match(_DAY_MONTH_RE).fillna(False).to_numpy(dtype=bool) & ~blank.to_numpy()
           if s.str.contains(r"^\s*\d{1,2}[/.\-]", regex=True).any() else np.zeros(len(s), dtype=bool))
    if amb.any():
        # both parts before a four-digit year over 12 (13/13/2025): neither is a month, no order reads it - no date at
        # all, refused as such with the fix, never as an unclear order (twelve44)
        none = amb.copy()
        none[amb] = _no_month(s[amb])
        if none.any():
            s, blank = refuse(none, "不是有效日期:年份前的两段都大于 12,哪一段都不能是月份(如 13/13/2025),无论日在前还是月在前"
                              "都读不成日期;请在导出系统中核对这个值,并以年在前的格式导出,如 2025-03-04 09:05",
                              "not a valid date: both parts before the year are over 12, so neither can be the month "
                              "(as in 13/13/2025), read day first or month first; check the value in the exporting "
                              "system and export dates year first, e.g. 2025-03-04 09:05", "bad_date")
            amb &= ~none
    if amb.any():
        # the example and the fix describe the value: a four-digit year last (03/04/2025: which is the day?), or a
        # year of two digits (25-3-5: 2025-03-05, or 25 March 2005?), where which part is the year is unclear too
        short = amb.copy()
        short[amb] = ~s[amb].str.match(_FOUR_DIGIT_YEAR_LAST_RE).fillna(False).to_numpy(dtype=bool)
        three = short.copy()   # 5/3/225: a digit of the year lost, not a short year (named with the bad dates below)
        three[short] = s[short].str.match(_THREE_DIGIT_YEAR_RE).fillna(False).to_numpy(dtype=bool)
        short &= ~three   # (still masked below: never parsed as a year 225)
        one = short.copy()   # 5/3/5: one digit, not the two of 25-3-5
        one[short] = s[short].str.match(_ONE_DIGIT_YEAR_RE).fillna(False).to_numpy(dtype=bool)
        short &= ~one
        if short.any():   # a year of two digits whose weekday, written beside it, says which part is the year
            read = _short_years_by_weekday(s[short], text[short])
            if read is not None:
                s = s.copy()
                s[short] = read
                amb &= ~short
                short[:] = False
        four = amb & ~short & ~three & ~one
        if four.any():   # a file whose own dates say day first (13.03.2025, none with a second part over 12): read so
            s, read, contra, found, note = _day_first(s, four, files, rownum, name, raw)
            probs.extend(found)
            amb &= ~read               # read day first; a contradicting value stays blanked, refused by its own problem
            four &= ~read & ~contra
            if note:
                _say_once(note)
        for part, zh, en in ((four, "日与月的次序不明(03/04/2025 可读作 3 月 4 日,也可读作 4 月 3 日),不作猜测;"
                              "请以年在前的格式导出,如 2025-03-04 09:05",
                              "the order of day and month is unclear (03/04/2025: 4 March or 3 April?) and is not "
                              "guessed; export dates year first, e.g. 2025-03-04 09:05"),
                             (short, "年份只写了两位:哪一段是年不明,日与月的次序不明(25-3-5 可读作 2025 年 3 月 5 日,也可读作 "
                              "2005 年 3 月 25 日),不作猜测;请以四位年份、年在前的格式导出,如 2025-03-05 09:05",
                              "the year has two digits: which part is the year is unclear, and so is the order of "
                              "day and month (25-3-5: 5 March 2025, or 25 March 2005?); it is not guessed; export "
                              "dates with a four-digit year first, e.g. 2025-03-05 09:05"),
                             (one, "年份只写了一位(如 5/3/5):少写了数字,是哪一年、日与月的次序都不明,不作猜测;"
                              "请以四位年份、年在前的格式导出,如 2025-03-05 09:05",
                              "the year has one digit (as in 5/3/5): digits are missing, and which year and the order "
                              "of day and month are unclear; it is not guessed; export dates with a four-digit year "
                              "first, e.g. 2025-03-05 09:05")):
            if part.any():
                probs.append(_problem(files[part], rownum[part], name, raw[part].astype(str).tolist(), zh, en,
                                      "ambiguous_day_month"))
        s = s.mask(pd.Series(amb, index=s.index))
        blank = blank | pd.Series(amb, index=raw.index)
    # a time of day with no date (08:15, 9时05分): the parser would put it on today's date, silently; refused, with
    # the mapping that joins it to its date column
    # (24: a time with its second's fraction, 15:04:59.998000 as a workbook's time cell reads, and AM/PM; 14 let it
    # through to the parser, which put it on today's date)
    short = (s.str.len() <= 24).fillna(False).to_numpy(dtype=bool) & ~blank.to_numpy()
    if short.any():
        tod = np.zeros(len(s), dtype=bool)
        tod[short] = s[short].str.fullmatch(_TIME_OF_DAY_RE).fillna(False).to_numpy(dtype=bool)
        if tod.any():
            probs.append(_problem(files[tod], rownum[tod], name, raw[tod].astype(str).tolist(),
                                  "只有时刻、没有日期,无法确定是哪一天(不会按今天计);若日期在另一列,请在 mapping.yaml 中用 "
                                  f"combine 组合:`{name}: {{date: 日期表头, time: 时间表头}}`",
                                  "a time of day without its date: which day is unknown (it is never taken as today); "
                                  "if the date is in another column, join them in mapping.yaml with combine: "
                                  f"`{name}: {{date: <date header>, time: <time header>}}`", "time_without_date"))
            s = s.mask(pd.Series(tod, index=s.index))
            blank = blank | pd.Series(tod, index=raw.index)
    s, blank = _zone_words(s, blank, raw, name, files, rownum, probs)
    zoned = _zoned(s, blank)
    conv = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if zoned.any():
        naive = ~zoned & ~blank.to_numpy()
        if naive.any():  # one column, two readings of the clock: refuse the fewer
            few = naive if naive.sum() <= zoned.sum() else zoned
            # counted by the file's rows, not the records: a wide checklist's visit is one time, however many items
            n_z, n_n = _rows_of(files, rownum, zoned), _rows_of(files, rownum, naive)
            probs.append(_problem(files[few], rownum[few], name, raw[few].astype(str).tolist(),
                                  f"同一列中有 {n_z} 个带时区的时间和 {n_n} 个不带时区的时间,"
                                  f"无法确定这些值是哪个时区;请统一为北京时间(不带时区)或全部带上时区",
                                  f"the column mixes {n_z} times with a zone and {n_n} without; "
                                  f"the zone of these is unknown: write all as Beijing time without zone, or all with zones",
                                  "mixed_time_zones"))
            blank = blank | pd.Series(few, index=raw.index)
        z = pd.to_datetime(s.where(pd.Series(zoned, index=s.index)), errors="coerce", utc=True, format="mixed")
        conv[zoned] = _ns(wall_clock(z[zoned]))
        rest = ~zoned
    else:
        rest = np.ones(len(s), dtype=bool)
    if rest.any():
        sub = s[rest]
        try:
            parsed = pd.to_datetime(sub, errors="coerce", format="mixed")
        except (ValueError, OverflowError, TypeError):
            parsed = wall_clock(pd.to_datetime(sub, errors="coerce", format="mixed", utc=True))
        parsed = wall_clock(parsed)
        plain = (parsed.isna() & sub.notna()).to_numpy(dtype=bool)   # only what did not parse can be a serial
        num = pd.Series(np.nan, index=sub.index)
        if plain.any():
            num[plain] = pd.to_numeric(sub[plain].astype(object), errors="coerce")
        serial = num.between(20000, 80000).to_numpy()  # an Excel serial day number (1954..2119)
        if serial.any():
            parsed = _ns(parsed)
            parsed[serial] = (pd.Timestamp("1899-12-30") + pd.to_timedelta(num[serial] * 86400, unit="s")).dt.round("s")
        conv[rest] = _ns(parsed)
    conv = _before_march_1900(raw, conv, name, files, rownum, probs)
    _weekday_problems(raw, conv, name, files, rownum, probs)   # a weekday written is that of the date written
    if next_day.any():   # 晚上12点: the next day's 00:00, of a date read (one refused or unreadable stays NaT)
        conv = _next_day(conv, next_day)
    return conv


def _zoned(s: pd.Series, blank: pd.Series) -> np.ndarray:
    """Which cells of ``s`` (date-times as :func:`_datetime_text` writes them, a ``GMT+8`` suffix made ``+08:00`` by
    :func:`_zone_words`) end in a zone written after the time (``Z``, ``+08:00``, ``-0500``, ``UTC``), ``blank`` ones
    left out: cheap tests first, the pattern on the candidates only.  Records and survey deliveries read them alike.

    Examples
    --------
    >>> s = pd.Series(["2025-03-05T06:05:00Z", "2025-03-05 14:05:00+08:00", "2025-03-05 14:05", "2025-03-05", None])
    >>> _zoned(s, pd.Series([False] * 5)).tolist()
    [True, True, False, False, False]
    """
    tail = s.str[-6:]
    cand = (s.str.contains("+", regex=False) | s.str.upper().str.endswith(("Z", "UTC", "GMT"))
            | ((s.str.len() > 10) & tail.str.contains("-", regex=False))).fillna(False).to_numpy(dtype=bool)
    zoned = np.zeros(len(s), dtype=bool)
    if cand.any():
        zoned[cand] = s[cand].str.contains(_TZ_RE, regex=True).fillna(False).to_numpy(dtype=bool)
    return zoned & ~np.asarray(blank, dtype=bool)


#: Excel's 1900 calendar counts a 29 February 1900 that never was: its serial days before 61 (1 March 1900) are a
#: day off, and 60 is no date; a workbook's date cell before then reads as another day than Excel shows.
_EXCEL_1900_BUG_END = pd.Timestamp("1900-03-01")


#: ``GMT+8``, ``UTC+08:00``, ``GMT+0800`` after a time (JavaScript's Date.toString, some Java systems): the offset
#: as written (UTC+8, Beijing), which the date parser reads in the POSIX sense (Etc/GMT+8: eight hours behind).
_GMT_OFFSET_RE = r"(?i)\s*(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$"
#: A zone's letters after a time (CST, EST, BST): what they mean is not one zone (CST: China, US Central or Cuba).
_ZONE_ABBR_RE = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([A-Za-z]{2,5})$"
_ZONE_READ = ("Z", "UTC", "GMT", "AM", "PM")
_ASCII_LETTERS = [chr(c) for c in range(65, 91)] + [chr(c) for c in range(97, 123)]


def _zone_words(s: pd.Series, blank: pd.Series, raw: pd.Series, name, files, rownum, probs: list):
    """``(s, blank)`` with a ``GMT+8``-style suffix written as the ISO offset it means (``+08:00``: ahead of UTC, as
    written), and a zone abbreviation other than Z/UTC/GMT (``CST``: China's UTC+8, US Central's UTC-6 or Cuba's)
    refused as ambiguous (``ambiguous_time_zone``), its value blanked; never guessed.  Only the cells ending in a
    letter or a digit after GMT/UTC are looked at (vectorised over them).

    Examples
    --------
    >>> probs = []
    >>> s = pd.Series(["2025-03-05 15:05 GMT+8", "2025-03-05 15:05 CST", "2025-03-05 3:05 PM"])
    >>> got, blank = _zone_words(s, pd.Series([False] * 3), s, "received_at", np.array(["f"] * 3), np.arange(2, 5), probs)
    >>> got.tolist()[0], blank.tolist(), probs[0]["code"].tolist()
    ('2025-03-05 15:05+08:00', [False, True, False], ['ambiguous_time_zone'])
    """
    end = s.str[-1:]
    alpha = end.isin(_ASCII_LETTERS).to_numpy(dtype=bool)
    digit = ~alpha & s.str.contains("[GgUu][MmTt][TtCc]", regex=True).fillna(False).to_numpy(dtype=bool)
    digit &= end.isin(list("0123456789")).to_numpy(dtype=bool) & ~blank.to_numpy()
    if digit.any():
        low = s[digit].str.upper()
        cand = (low.str.contains("GMT", regex=False) | low.str.contains("UTC", regex=False)).fillna(False)
        if cand.any():
            at = cand[cand].index
            m = s[at].str.extract(_GMT_OFFSET_RE)
            hit = m[0].notna()
            if hit.any():
                at, m = at[hit.to_numpy()], m[hit]
                off = m[0] + m[1].str.zfill(2) + ":" + m[2].fillna("00")
                s = s.copy()
                s[at] = s[at].str.replace(_GMT_OFFSET_RE, "", regex=True) + off
    alpha = alpha & ~blank.to_numpy()
    if alpha.any():
        abbr = s[alpha].str.extract(_ZONE_ABBR_RE)[0]
        bad = abbr.notna() & ~abbr.str.upper().isin(_ZONE_READ)
        if bad.any():
            odd = np.zeros(len(s), dtype=bool)
            odd[np.flatnonzero(alpha)[bad.to_numpy()]] = True
            words = "、".join(dict.fromkeys(abbr[bad].str.upper()))
            probs.append(_problem(files[odd], rownum[odd], name, raw[odd].astype(str).tolist(),
                                  f"时区缩写 {words} 有歧义(如 CST 可指中国标准时间 UTC+8、美国中部时间 UTC-6 或古巴时间),不作猜测;"
                                  "请以北京时间导出且不带时区(如 2025-03-05 15:05),或写成数字时差(如 2025-03-05 15:05+08:00)",
                                  f"the time zone abbreviation {words.replace('、', ', ')} is ambiguous (CST is China's "
                                  "UTC+8, US Central's UTC-6 or Cuba's) and is not guessed; export Beijing time "
                                  "without a zone (2025-03-05 15:05), or with a numeric offset (2025-03-05 15:05+08:00)",
                                  "ambiguous_time_zone"))
            s = s.mask(pd.Series(odd, index=s.index))
            blank = blank | pd.Series(odd, index=blank.index)
    return s, blank


def _not_before_march_1900(got):
    """A fast path's typed dates, or None (read the slow way, which refuses them) when one is before 1 March 1900."""
    if isinstance(got, pd.Series) and _any_before(got, _EXCEL_1900_BUG_END):
        return None
    return got


_NS_DTYPE = np.dtype("datetime64[ns]")
#: Values of a ``datetime64[ns]`` column looked at a time by :func:`_any_before` (a piece stays in the caches).
_BEFORE_PIECE = 1 << 16


def _any_before(col: pd.Series, when: pd.Timestamp) -> bool:
    """``bool((col < when).any())``: whether a value of ``col`` (a missing one never) is earlier than ``when``.

    For a ``datetime64[ns]`` column, from the least of its integers in pieces of 64 Ki values, each moved down by
    one past the smallest integer (NaT) so that NaT becomes the largest and is never the least unless every value
    is missing: one pass of an addition and a minimum, where pandas masks the NaT and compares the whole column
    (4.3 million date-times: 1.6 ms instead of 9.5 ms).

    Examples
    --------
    >>> t = pd.Series(pd.to_datetime(["2025-03-05", None]))
    >>> _any_before(t, pd.Timestamp("1900-03-01")), _any_before(t, pd.Timestamp("2025-03-06"))
    (False, True)
    >>> _any_before(pd.Series(pd.to_datetime([None, None])), pd.Timestamp("2025-03-06"))
    False
    """
    if col.dtype != _NS_DTYPE:
        return bool((col < when).any())
    v = col.to_numpy().view(np.uint64)
    shift = np.uint64(np.iinfo(np.int64).max)   # NaT (-2**63) to 2**64 - 1, every other value to itself + 2**63 - 1
    below = np.uint64(int(pd.Timestamp(when).as_unit("ns").value) + np.iinfo(np.int64).max)
    tmp = np.empty(min(len(v), _BEFORE_PIECE), dtype=np.uint64)
    for i in range(0, len(v), _BEFORE_PIECE):
        t = tmp[:len(v[i:i + _BEFORE_PIECE])]
        np.add(v[i:i + _BEFORE_PIECE], shift, out=t)
        if t.min() < below:
            return True
    return False


def _before_march_1900(raw: pd.Series, conv: pd.Series, name, files, rownum, probs: list) -> pd.Series:
    """``conv`` with its dates before 1 March 1900 refused (NaT, code ``bad_date``), with the value and the fix: in
    a workbook such a date is Excel's serial day 1-60, counted with the 29 February 1900 that never was (serial 59.5
    and 60.5 both read 1900-02-28 12:00), most often a time typed without its date (15:05 shown as 1900-01-00 15:05);
    no service record is that old.  One comparison over the column.

    Examples
    --------
    >>> probs = []
    >>> got = _before_march_1900(pd.Series(["1900-02-28 12:00", "2025-03-05"]),
    ...                          pd.Series(pd.to_datetime(["1900-02-28 12:00", "2025-03-05 00:00"])), "t",
    ...                          np.array(["q.xlsx"] * 2, dtype=object), np.array([2, 3]), probs)
    >>> got.isna().tolist(), probs[0]["row"].tolist(), probs[0]["code"].tolist()
    ([True, False], [2], ['bad_date'])
    """
    early = (conv < _EXCEL_1900_BUG_END).to_numpy(dtype=bool, na_value=False)
    if not early.any():
        return conv
    probs.append(_problem(files[early], rownum[early], name, raw[early].astype(str).tolist(),
                          "日期早于 1900 年 3 月 1 日,不是服务记录的日期:工作簿中多是只输入了时刻、没有日期(15:05 显示为 "
                          "1900-01-00 15:05),或 Excel 的 1900 日期系统把不存在的 1900 年 2 月 29 日也算作一天,3 月前的日期差一天;"
                          "不作猜测;请在单元格中输入完整的日期和时间(如 2025-03-05 15:05)后重新导出",
                          "a date before 1 March 1900 is no service record's: in a workbook it is most often a time "
                          "typed without its date (15:05 shown as 1900-01-00 15:05), and Excel's 1900 date system "
                          "counts a 29 February 1900 that never was, so its dates before March are a day off; it is not "
                          "guessed; enter the whole date and time in the cell (such as 2025-03-05 15:05) and export "
                          "again", "bad_date"))
    return conv.mask(pd.Series(early, index=conv.index))


def _next_day(t: pd.Series, at) -> pd.Series:
    """``t`` (datetime64[ns]) with a day added at ``at`` (a boolean mask); where the next day is past what the type
    holds (2262/4/11 晚上12点: a year mistyped) NaT instead, refused by the caller as unreadable, never an overflow.

    Examples
    --------
    >>> t = pd.Series(pd.to_datetime(["2025-03-05", "2262-04-11"]))
    >>> [str(x) for x in _next_day(t, np.array([True, True]))]
    ['2025-03-06 00:00:00', 'NaT']
    """
    at = np.asarray(at, dtype=bool) & t.notna().to_numpy()
    if not at.any():
        return t
    last = at & (t > pd.Timestamp.max - pd.Timedelta(days=1)).to_numpy(dtype=bool)
    t = t.copy()
    ok = at & ~last
    t[ok] = t[ok] + pd.Timedelta(days=1)
    t[last] = pd.NaT
    return t


def _weekday_problems(raw: pd.Series, conv: pd.Series, name, files, rownum, probs) -> None:
    """A weekday written beside a date that is not that date's (2025-03-05 星期四: the 5th was a Wednesday) is
    refused with its row, and its time left out (which of the two is right is not guessed)."""
    s = raw.astype("string").str.strip()
    if not s.str.isascii().fillna(True).all():
        s = s.str.normalize("NFKC")
    day = _weekday_written(s)
    if day is None:
        return
    has = (day.notna() & conv.notna()).to_numpy(dtype=bool)
    if not has.any():
        return
    wrong = np.zeros(len(s), dtype=bool)
    wrong[has] = day[has].to_numpy(dtype=int) != conv[has].dt.day_of_week.to_numpy()
    if wrong.any():
        probs.append(_problem(files[wrong], rownum[wrong], name, raw[wrong].astype(str).tolist(),
                              "所写的星期与日期不符(如 2025-03-05 是星期三),无法确定哪一个正确;请在导出系统中核对后重新导出",
                              "the weekday written does not match the date (2025-03-05 was a Wednesday); which one is "
                              "right is not guessed: check it in the exporting system and export again",
                              "weekday_mismatch"))
        conv[wrong] = pd.NaT


def _coerce(df: pd.DataFrame, c: Contract, files: np.ndarray, rownum: np.ndarray,
            distinct: dict | None = None, known: dict | None = None,
            keys: dict | None = None, ahead: dict | None = None) -> tuple[pd.DataFrame, list]:
    probs = []
    out = {}
    # a clean text column, checked once per column (or value); on a long table two columns at a time (pyarrow's
    # kernels and numpy let go of the interpreter), each column's result taken in the contract's order
    fast = {name: (lambda raw=df[name], spec=spec, name=name:
                   _fast_column(raw, spec, name, distinct, (known or {}).get(name)))
            for name, spec in c.columns.items() if name in df}
    pool = _workers() if len(df) >= PARALLEL_ROWS and len(fast) > 1 and not _in_worker() else None
    key = (c.key[0] if pool is not None and keys is not None and len(c.key) == 1 and c.key[0] in fast
           and c.columns[c.key[0]]["type"] == "string" else None)   # an id (a date-time's cast uses the threads)
    if pool is not None:   # the heaviest columns first (:func:`_heavy_first`); each result taken in the contract's order
        fast = {name: fast[name] if name == key else _submit(pool, fast[name])
                for name in _heavy_first(df, c, fast)}
    if key is not None:
        # the one key column typed here, and whether its values are distinct (_schema_holds' longest check, on one
        # thread) found while the two threads type the other columns: this thread would only wait for them
        got = fast[key]()
        fast[key] = _Done(got)
        if got is not None and len(got) > 1 and not _has_missing(got):
            keys[key] = _key_distinct(got, (ahead or {}).get(key))
    for name, spec in c.columns.items():
        if name not in df:  # an optional column the export lacks: empty, with the contract's type
            dt = _BLANK_DTYPES.get(spec["type"], "string")
            out[name] = pd.Series(pd.NA if dt != "datetime64[ns]" else pd.NaT, index=df.index, dtype=dt)
            continue
        got = fast[name].result() if pool is not None else fast[name]()
        # a column with a problem: value by value, here (in the contract's order), each problem named with its row
        out[name] = got if got is not None else _coerce_column(df[name], spec, name, files, rownum, probs)
    return pd.DataFrame(out, index=df.index, copy=False), probs   # no copy, no stacking of like columns


#: The dtype :func:`validate` gives a contract column by its type (a column the records lack, blank on every row; and
#: every column of :func:`empty`); any other type (text, a category) is ``string``.
_BLANK_DTYPES = {"datetime": "datetime64[ns]", "date": "datetime64[ns]", "int": "Int64", "float": "Float64",
                 "bool": "boolean"}


def _heavy_first(df: pd.DataFrame, c: Contract, names) -> list:
    """The columns ``names`` in the order :func:`_coerce` hands them to its two threads: the heaviest first, so that
    no long column starts last and runs alone while the other thread waits (longest first, the contract's order
    among columns alike).  Heaviest: text typed by every value (whole numbers, numbers and yes/no: a code per value
    and a value taken per row; date-times cast from text); then text kept as text (ids, categories); columns typed
    already (date-times the parse typed, Parquet's) last.  At the demo x100 the hospital's yes/no ``exempt`` (3
    million values, 0.07-0.13 s) was the last column asked, and ran alone to the end of the validation (session 35).
    Only the order the work starts in changes: each column's result (or error) is taken in the contract's order.

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> c = contracts()["hospital_events"]
    >>> df = pd.DataFrame({n: pd.Series(["1"], dtype="string[pyarrow]") for n in c.columns})
    >>> df["called_at"] = pd.to_datetime(["2025-01-01"])   # typed by the parse; the other date-times text
    >>> _heavy_first(df, c, list(df))
    ['doses', 'started_at', 'finished_at', 'collected_at', 'exempt', 'event_id', 'window_id', 'event_type', 'patient_kind', 'event_status', 'called_at']
    """
    def weight(name):
        raw = df[name]
        if _is_typed(raw):
            return 2
        return 0 if c.columns[name]["type"] in ("int", "float", "bool", "datetime", "date") else 1
    return sorted(names, key=weight)


#: The longest id a record may have (``order_id``, ``window_id`` …: :func:`is_id_column`): an id longer is a broken
#: export (a quote never closed, a text pasted into the id column), refused with its row, never carried into a
#: table where it fills a cell past what a spreadsheet holds (safety20).
MAX_ID = 256

#: Tables of at least this many records have their columns checked two at a time (:func:`_coerce`).
PARALLEL_ROWS = 200_000


class _Done:
    """A result at hand, taken as a finished future's is (``.result()``)."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


# what a datetime64[ns] column can hold, in whole seconds (a date outside is refused, never a traceback)
_NS_LO, _NS_HI = pd.Timestamp.min.ceil("s"), pd.Timestamp.max.floor("s")
_S_LO, _S_HI = _NS_LO.value // 1_000_000_000, _NS_HI.value // 1_000_000_000


def _text(raw: pd.Series):
    """The column as one pyarrow string array (no copy for the arrow-backed text the readers give)."""
    import pyarrow as pa

    s = raw if isinstance(raw.dtype, pd.StringDtype) and raw.dtype.storage == "pyarrow" else raw.astype("string")
    return pa.chunked_array(s.array.__arrow_array__())


def _fast_column(raw: pd.Series, spec: dict, name: str, distinct: dict | None = None,
                 known: list | None = None) -> pd.Series | None:
    """The column typed as :func:`_coerce_column` types it, when that finds nothing wrong; else None.

    Vectorised, once per column: text is trimmed with pyarrow; date-times in ISO form (2025-03-04,
    2025-03-04 09:05[:12], with T or a space) are parsed by pyarrow's ISO-8601 cast, which refuses
    whatever else the contract accepts (other forms, zones, fractions, Excel serials, Chinese dates:
    those columns take :func:`_coerce_column`, so every form accepted or refused before still is);
    whole numbers, numbers and yes/no are coerced once per distinct value by :func:`_coerce_column`
    itself and spread back by code.  A column with any problem returns None: it is coerced again
    value by value, so each problem is named with its row exactly as before.

    A category column whose distinct values need no trimming is kept as it is, and its distinct values put in
    ``distinct`` (for :func:`_schema_holds`: the column is not read again to check them); ``known``, its values as
    the mapping found them, spares the pass that finds them.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from .csvfast import longer_than

    if _is_typed(raw):   # Parquet: numbers and yes/no typed already, no text to make of them
        return _typed_column(raw, spec)
    t = spec["type"]
    if t in ("int", "float", "bool"):
        by_code = _by_distinct(raw, spec, name)
        if by_code is not _NOT_ENCODED:
            return by_code
        codes, uniq = pd.factorize(raw, use_na_sentinel=True)
        if len(uniq) * 2 > len(raw):
            return None
        # each distinct value's first row, missing included: codes come in order of first appearance, so a row
        # holds a new value where its code exceeds every code before it
        before = np.empty_like(codes)
        before[:1] = -1
        np.maximum.accumulate(codes[:-1], out=before[1:])
        rows = np.flatnonzero(codes > before)
        if len(rows) != len(uniq):   # not in order of appearance: as before, by hashing the codes
            rows = pd.Series(codes).drop_duplicates().index.to_numpy()
            rows = rows[codes[rows] >= 0]
        missing = np.flatnonzero(codes < 0)[:1]
        rows = np.concatenate([missing, rows])
        seen = codes[rows] + 1                                # code + 1 of each value present (0: missing)
        probs: list = []
        sub = raw.iloc[rows].reset_index(drop=True)
        typed = _coerce_column(sub, spec, name, np.full(len(sub), "", dtype=object), np.arange(len(sub)), probs)
        if probs:
            return None
        where = np.zeros(len(uniq) + 1, dtype=np.intp)
        where[seen] = np.arange(len(seen))                  # code (-1: missing) -> its row in sub
        return pd.Series(typed.array.take(where[codes + 1]), index=raw.index, name=raw.name)
    if t in ("datetime", "date"):   # ISO text with no blank around it (the cast refuses blanks): nothing to trim
        got = _iso_end_of_day(_text(raw), raw, t)
        if got is not _NOT_ISO:
            return _not_before_march_1900(got)
    if t == "category" and distinct is not None:   # few distinct values: trimmed and checked one by one
        arr = _text(raw)
        mapped = known is not None and all(isinstance(v, str) for v in known)
        uniq = pa.array(known, pa.large_string()) if mapped else pc.unique(arr)
        if (len(uniq) <= 10_000 and _data_bytes(pc.utf8_trim_whitespace(uniq)) == _data_bytes(uniq)
                and not pc.any(pc.equal(uniq, "")).as_py()):
            distinct[name] = [v for v in uniq.to_pylist() if v is not None]
            if arr.type != pa.large_string():
                arr = arr.cast(pa.large_string())
            return pd.Series(pd.arrays.ArrowStringArray(arr, dtype=pd.StringDtype("pyarrow")), index=raw.index,
                             name=raw.name)
    plain: list = []   # [its lowest byte] when every byte of the text is ASCII above the space (_trimmed found it so)
    text = _trimmed(_text(raw), plain)
    if _any_value(text, ""):   # a cell of blanks only: missing (the readers give "" as missing already)
        text = pc.if_else(pc.fill_null(pc.equal(text, ""), True), pa.scalar(None, text.type), text)
        plain.clear()
    if t in ("datetime", "date"):
        got = _iso_end_of_day(text, raw, t)
        if got is _NOT_ISO:   # 2025/3/4 9:05, 2025年3月4日 9时05分, ...: written out as ISO when every value allows it
            iso = _as_iso(text)
            got = _iso_end_of_day(iso, raw, t) if iso is not None else None
        return None if got is _NOT_ISO else _not_before_march_1900(got)
    if t in ("string", "category"):
        if is_id_column(name):
            if (longer_than(text, MAX_ID)   # bytes (from the offsets) bound the characters: counted only past
                    and (pc.max(pc.utf8_length(text)).as_py() or 0) > MAX_ID):   # it; named row by row (_coerce_column)
                return None
            if _any_value(text, "'"):   # Excel's text mark ('000123): read by _coerce_column
                return None
        if is_key_column(name) and _any_placeholder(text, bool(plain)):
            return None   # an id or a customer key written -, 无, N/A: no id, no key (_coerce_column reads it blank)
        # no byte below "0" in any value (_trimmed's lowest byte: T240000001~46, PW01, S0104): no "+" and no ".", so
        # neither check below can find one; their own passes over the bytes ask the same first (csv48b)
        no_sign = bool(plain) and plain[0] >= 0x30
        if is_key_column(name) and not no_sign and _any_scientific(text):
            return None   # 1.2345E+17: digits Excel dropped, refused row by row (_coerce_column)
        if is_key_column(name) and not no_sign and _any_decimal_id(text):
            return None   # 100000.0: an id typed as a number, read (or refused) by _coerce_column (records.ids)
        if is_id_column(name) and not plain:   # every byte ASCII: nothing full-width (csvfast.all_ascii's pass made)
            text = _half_width(text)
        return pd.Series(pd.arrays.ArrowStringArray(text, dtype=pd.StringDtype("pyarrow")), index=raw.index,
                         name=raw.name)
    return None


#: An id as Excel shows a long number and saves it to CSV or text (1.23457E+17): :data:`.ids.SCIENTIFIC_ID_RE`, the one
#: pattern the survey delivery's check uses too.
_SCIENTIFIC_ID_RE = SCIENTIFIC_ID_RE
#: Its fix: the id cannot be read back from the saved file (export42; the survey delivery's SCIENTIFIC_ID_FIX alike).
SCIENTIFIC_ID_FIX = ("请在原系统中重新导出,编号列导出为文本,并直接交付导出的文件,不要用 Excel 打开后再另存;若须经 Excel,先把"
                     "编号列设为“文本”格式(数据 → 从文本/CSV 导入时把这一列设为文本)再导入或填入编号,使每个编号完整保留",
                     "export again from the source system with the id column as text, and deliver the exported file, "
                     "not one opened in Excel and saved again; if it must pass through Excel, set the id column to "
                     "Text first (Data > From Text/CSV, the column's type Text), then import or enter the ids, so that "
                     "every id is kept whole")


def _any_scientific(text) -> bool:
    """Whether a value of ``text`` (a pyarrow string array or chunked array, trimmed) is an id in Excel's scientific
    notation (:data:`_SCIENTIFIC_ID_RE`): the bytes are scanned for a ``+`` first (most id columns hold none), the
    pattern asked of a chunk only where one is found.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _any_scientific(pa.array(["T001", None])), _any_scientific(pa.array(["T001", "1.23457E+17"]))
    (False, True)
    >>> _any_scientific(pa.chunked_array([["A+B", "3E5"]]))
    False
    """
    # no byte below "0" (T250000001, PW01, S0104: letters and digits), no "+": one reduction, no array made
    return _any_match(text, _SCIENTIFIC_ID_RE, lambda seg: seg.min() < 0x30 and (seg == ord("+")).any())


def _any_decimal_id(text) -> bool:
    """Whether a value of ``text`` (a pyarrow string array or chunked array, trimmed) is a whole number written with
    a decimal point (``100000.0``: :func:`.ids.decimal_ids`): the bytes are scanned for a ``.`` first (most id
    columns hold none), the pattern asked of a chunk only where one is found.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _any_decimal_id(pa.array(["T001", None])), _any_decimal_id(pa.array(["100001", "100000.0"]))
    (False, True)
    >>> _any_decimal_id(pa.chunked_array([["1.5", "A.0"]]))
    False
    """
    # no byte below "0" (T250000001, PW01: letters and digits): one reduction, no array made
    return _any_match(text, r"^\d+\.0+$", lambda seg: seg.min() < 0x30 and (seg == ord(".")).any())


def _any_match(text, pattern: str, may_hold) -> bool:
    """Whether a value of ``text`` (a pyarrow string array or chunked array) matches ``pattern``: a chunk's value
    bytes are given to ``may_hold`` first (a cheap test on the bytes, a ``uint8`` array: False where no value of
    the chunk can match), and the pattern asked of a chunk only where it says True (:func:`_any_scientific`,
    :func:`_any_decimal_id`).

    Examples
    --------
    >>> import pyarrow as pa
    >>> _any_match(pa.array(["A1", "B2"]), r"^B", lambda seg: (seg == ord("B")).any())
    True
    >>> _any_match(pa.array(["A1", "B2"]), r"^B", lambda seg: False)
    False
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for ch in (text.chunks if isinstance(text, pa.ChunkedArray) else [text]):
        if len(ch) == 0 or ch.null_count == len(ch):
            continue
        if ch.type in (pa.string(), pa.large_string()):
            bufs = ch.buffers()
            offs = np.frombuffer(bufs[1], dtype=np.int64 if ch.type == pa.large_string() else np.int32)
            offs = offs[ch.offset: ch.offset + len(ch) + 1]
            if bufs[2] is None or offs[-1] == offs[0]:
                continue
            if not may_hold(np.frombuffer(bufs[2], dtype=np.uint8)[int(offs[0]):int(offs[-1])]):
                continue
        if pc.any(pc.match_substring_regex(ch, pattern)).as_py():
            return True
    return False


def _any_placeholder(text, plain: bool = False) -> bool:
    """Whether a value of ``text`` (a pyarrow string array or chunked array, trimmed) is a placeholder for a blank
    (:func:`_placeholder`: ``-``, ``无``, ``N/A`` ...).  Only the values as short as a placeholder are looked at,
    found from the offsets a block at a time (:func:`_short_values`: no array of lengths as long as the column, no
    pass over its bytes); ``plain`` (every byte ASCII above the space, as :func:`_trimmed` found it) looks them up
    lower-cased, else NFKC-folded first (a full-width ``－``), as :func:`_placeholder` reads them.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _any_placeholder(pa.array(["WO1", "WO2"])), _any_placeholder(pa.array(["WO1", "－"]))
    (False, True)
    >>> _any_placeholder(pa.chunked_array([["WO000001", None], ["n/a"]]), plain=True)
    True
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    few = _short_values(text, _ASCII_PLACEHOLDER_BYTES if plain else _PLACEHOLDER_BYTES,
                        _ASCII_PLACEHOLDER_STARTS if plain else _PLACEHOLDER_STARTS)
    if few is None or not len(few):
        return False
    words = pa.array(_PLACEHOLDERS, pa.string())
    if plain:
        few = pc.ascii_lower(few)
    else:   # as _placeholder reads them (NFKC, trimmed, case folded), in pyarrow's kernels
        few = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(few, "NFKC")))
    return pc.any(pc.is_in(few, value_set=words)).as_py() is True


def _short_values(text, most: int, starts=None, block: int = 1 << 16):
    """The values of ``text`` (pyarrow text, chunked or not) of 1 to ``most`` bytes, as one array (None for an array
    that is not text): their lengths read from the offsets ``block`` values at a time, so that no array of lengths as
    long as the column is made (``pc.binary_length`` makes one, eight bytes a value: left40's first check did).
    ``starts`` (256 booleans, by byte) keeps only the short values whose first byte it marks: a column of short
    codes (the counter's ``PW01``, the hospital's ``HBIL``: every value of 4 bytes) is then not copied value by value
    to be looked up (csv41: 0.18 s of the counter's 4.3 M window ids).

    Examples
    --------
    >>> import pyarrow as pa
    >>> _short_values(pa.chunked_array([["WO000001", "-", None, ""], ["无", "N/A"]]), 4).to_pylist()
    ['-', '无', 'N/A']
    """
    import pyarrow as pa

    from .csvfast import _text_chunks

    chunks = _text_chunks(text)
    if chunks is None:
        return None
    parts = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    got = []
    for ch, (offs, data) in zip([c for c in parts if len(c)], chunks):
        first = None
        for lo in range(0, len(offs) - 1, block):
            o = offs[lo:lo + block + 1]
            n = o[1:] - o[:-1]
            # a block of none such (ids longer than any placeholder, or no value filled): two reductions, where a mask
            # of the short values and their positions were made (csv43)
            if n.min() > most or n.max() < 1:
                continue
            if starts is not None:   # the first bytes first, every value's at once (an empty value's is a neighbour's,
                if first is None:    # clipped, and left out by its length): a column of short codes none of which
                    first = np.frombuffer(data, dtype=np.uint8)   # may start a placeholder (PW01, HBIL) ends here
                keep = starts[np.take(first, o[:-1], mode="clip")]
                if not keep.any():
                    continue
                at = np.flatnonzero(keep & (n >= 1) & (n <= most))
            else:
                at = np.flatnonzero((n >= 1) & (n <= most))
            if len(at):
                got.append(ch.take(pa.array(at + lo)))
    if not got:
        return pa.array([], pa.string())
    return pa.concat_arrays([g.cast(pa.large_string()) for g in got])


_NOT_ENCODED = object()


def _by_distinct(raw: pd.Series, spec: dict, name: str):
    """A whole-number, number or yes/no column of Arrow text typed once per distinct value (as :func:`_fast_column`
    types it by ``pd.factorize``'s codes), from pyarrow's dictionary encoding: one pass over the text gives each
    row's code and the distinct values, where the codes' first rows were found in two more passes over them (the demo
    x100's hospital: ``exempt`` 0.068 -> 0.045 s, the longest column of its validation; session 35).  The same
    values: each row takes its distinct value's, coerced by :func:`_coerce_column` with the missing one.  None when
    a value has a problem, or when more than half the values are distinct (as :func:`_fast_column`); ``_NOT_ENCODED``
    when the column is not Arrow text or its chunks were not encoded by one dictionary (the codes' way then).

    Examples
    --------
    >>> raw = pd.Series(["True", None, "False", "True"], dtype="string[pyarrow]")
    >>> _by_distinct(raw, {"type": "bool"}, "exempt").tolist()
    [True, <NA>, False, True]
    >>> _by_distinct(raw.astype(object), {"type": "bool"}, "exempt") is _NOT_ENCODED
    True
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (isinstance(raw.dtype, pd.StringDtype) and raw.dtype.storage == "pyarrow") or not len(raw):
        return _NOT_ENCODED
    arr = _text(raw)
    enc = pc.dictionary_encode(arr)
    if not enc.num_chunks:
        return _NOT_ENCODED
    values = enc.chunk(0).dictionary
    if not all(ch.dictionary.equals(values) for ch in enc.chunks[1:]):
        return _NOT_ENCODED
    k = len(values)
    if k * 2 > len(raw):
        return None
    missing = arr.null_count > 0
    # the distinct values, then a missing one where the column has one: what the rows of their first appearance hold
    sub = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(
        [pa.concat_arrays([values, pa.nulls(1, values.type)]) if missing else values]), dtype=raw.dtype))
    probs: list = []
    typed = _coerce_column(sub, spec, name, np.full(len(sub), "", dtype=object), np.arange(len(sub)), probs)
    if probs:
        return None
    codes = np.concatenate([(ch.indices.fill_null(k) if ch.indices.null_count else ch.indices)
                            .to_numpy(zero_copy_only=False) for ch in enc.chunks]).astype(np.intp, copy=False)
    return pd.Series(typed.array.take(codes), index=raw.index, name=raw.name)


def is_id_column(name: str) -> bool:
    """Whether a contract column holds ids (``order_id``, ``window_id`` ...): its full-width letters and digits
    (ＧＤ００３, as an input method in full-width mode types them) are read half-width, so that the same order
    exported either way is one order.

    Examples
    --------
    >>> is_id_column("order_id"), is_id_column("window_id"), is_id_column("description")
    (True, True, False)
    """
    return name == "id" or name.endswith("_id")


def holds_keys(name: str) -> bool:
    """Whether a contract column holds pseudonymous keys (``customer_key``: whose cases are one customer's): a
    placeholder for a blank written there (``-``, ``无``) is no key, as in an id column (:func:`is_id_column`).

    Examples
    --------
    >>> holds_keys("customer_key"), holds_keys("order_id"), holds_keys("description")
    (True, False, False)
    """
    return name.endswith("_key")


def is_key_column(name: str) -> bool:
    """Whether a contract column holds ids or keys (:func:`is_id_column`, :func:`holds_keys`): a placeholder for a
    blank written there (``-``, ``无``, ``N/A``) is no value, read blank (never one id or customer shared by unrelated
    rows); ``records check`` names such cells and the ids among the placeholders of a file.  The one rule the reader
    (:func:`_coerce_column`, its fast path) and ``records check`` share.

    Examples
    --------
    >>> is_key_column("order_id"), is_key_column("customer_key"), is_key_column("description")
    (True, True, False)
    """
    return is_id_column(name) or holds_keys(name)


def _half_width(text):
    """``text`` (a pyarrow string array) with full-width forms folded (NFKC), or ``text`` itself when every value is
    ASCII (one check per column; nothing copied)."""
    import pyarrow.compute as pc

    from .csvfast import all_ascii

    if not all_ascii(text):   # one pass over the bytes (a test of every value only where one is not ASCII)
        if pc.all(pc.string_is_ascii(text)).as_py() is False:
            return pc.utf8_normalize(text, "NFKC")
    return text


def _any_value(text, what: str) -> bool:
    """Whether a value of ``text`` (a pyarrow string array or chunked array) is ``""`` (``what=""``) or starts with
    ``what`` (one ASCII character): as ``pc.any(pc.equal(text, ""))`` / ``pc.any(pc.starts_with(text, what))``
    answer, nulls never counted.  A chunk is answered False from its offsets (no value of no bytes) or its bytes
    (no ``what`` byte at all) where it can be; else pyarrow looks at its values.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _any_value(pa.chunked_array([["PW01", None]]), ""), _any_value(pa.array(["PW01", ""]), "")
    (False, True)
    >>> _any_value(pa.array(["a'b", None]), "'"), _any_value(pa.array(["x", "'0012"]), "'")
    (False, True)
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from .csvfast import _memchr

    byte = what.encode()
    search = _memchr() if byte else None
    for ch in (text.chunks if isinstance(text, pa.ChunkedArray) else [text]):
        n = len(ch)
        if n == 0 or ch.null_count == n:
            continue
        if ch.type not in (pa.string(), pa.large_string()):   # no offsets (string_view ...): pyarrow looks
            if pc.any(pc.starts_with(ch, what) if byte else pc.equal(ch, "")).as_py():
                return True
            continue
        bufs = ch.buffers()
        offs = np.frombuffer(bufs[1], dtype=np.int64 if ch.type == pa.large_string() else np.int32)
        offs = offs[ch.offset: ch.offset + n + 1]
        if byte:
            if bufs[2] is None or offs[-1] == offs[0]:
                continue
            a, e = int(offs[0]), int(offs[-1])
            if search is not None:   # libc's memchr over the chunk's bytes: half the CPU of a comparison of each
                if not search(bufs[2].address + a, byte[0], e - a):   # byte and its any() (csv43), and it lets go
                    continue                                           # of the interpreter
            elif not (np.frombuffer(bufs[2], dtype=np.uint8)[a:e] == byte[0]).any():
                continue
            found = pc.starts_with(ch, what)
        else:
            if np.diff(offs).min() > 0:
                continue
            found = pc.equal(ch, "")
        if pc.any(found).as_py():
            return True
    return False


def _data_bytes(arr) -> int:
    """The bytes of text a string array (or chunked array) holds, from its offsets alone."""
    import pyarrow as pa

    total = 0
    for ch in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]):
        if len(ch):
            wide = ch.type in (pa.large_string(), pa.large_binary())
            offs = np.frombuffer(ch.buffers()[1], dtype=np.int64 if wide else np.int32)
            total += int(offs[ch.offset + len(ch)]) - int(offs[ch.offset])
    return total


def _trimmed(text, plain: list | None = None):
    """``text`` with blanks trimmed from each value (pyarrow); ``text`` itself when no value had any, so that
    nothing is copied.  ``plain``, if given, receives the lowest byte of the values (0x21 or more; 256 for no byte
    at all), a true value, when ``text`` itself is returned and every byte of
    every chunk's values is ASCII above the space (0x21-0x7F: :func:`_blank_ends` looked at each chunk's bytes so),
    so that :func:`~.csvfast.all_ascii` of it is known to be true without another pass over them (session 29).

    Trimming never adds a byte: as many bytes after as before means no value changed.  Piece by piece: a piece
    with nothing to trim is kept, and its trimmed copy freed before the next piece is trimmed.

    Examples
    --------
    >>> import pyarrow as pa
    >>> a = pa.chunked_array([["PW01", None, "PW02"]])
    >>> _trimmed(a) is a, _trimmed(pa.chunked_array([[" PW01", "PW02\u3000"]])).to_pylist()
    (True, ['PW01', 'PW02'])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(text, pa.ChunkedArray):
        got = pc.utf8_trim_whitespace(text)
        return text if _data_bytes(got) == _data_bytes(text) else got
    # piece by piece: a piece with nothing to trim is kept as it is, and its trimmed copy freed at once
    pieces, changed = [], False
    marks: list = []   # one True for each chunk whose bytes are all ASCII above the space
    for piece in _pieces(text):
        if not any(_blank_ends(ch, marks) for ch in piece.chunks):   # no value starts or ends with a blank
            pieces += piece.chunks
            continue
        got = pc.utf8_trim_whitespace(piece)
        if _data_bytes(got) == _data_bytes(piece):
            pieces += piece.chunks
        else:
            pieces += got.chunks
            changed = True
    if plain is not None and not changed and len(marks) == text.num_chunks:
        plain.append(min(marks, default=_NO_BYTE))
    return pa.chunked_array(pieces, type=text.type) if changed else text


# The characters pyarrow's utf8_trim_whitespace trims (every code point tried, pyarrow 26: Unicode's Zs, Zl, Zp and
# the bidi classes WS, B, S), in UTF-8: one byte (ASCII), two (C2 xx) or three (E1 9A 80, E2 80 80 ..., E3 80 80).
# tests/test_csv14_speed.py tries every code point again against the pyarrow installed.
_BLANK_UTF8 = tuple(chr(c).encode() for c in (0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
                                               *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000))


def _byte_table(values) -> np.ndarray:
    t = np.zeros(256, dtype=bool)
    t[list(values)] = True
    return t


_BLANK_BYTE = _byte_table(b[0] for b in _BLANK_UTF8 if len(b) == 1)       # a blank of one byte
_BLANK_LEAD = _byte_table(b[0] for b in _BLANK_UTF8 if len(b) > 1)        # the first byte of a longer blank
_BLANK_LAST = _byte_table(b[-1] for b in _BLANK_UTF8 if len(b) > 1)       # the last byte of a longer blank
_BLANK_KEYS = np.array(sorted(int.from_bytes(b, "big") for b in _BLANK_UTF8 if len(b) > 1), dtype=np.int64)


#: The lowest byte :func:`_blank_ends` reports for a chunk whose values hold no byte at all (above every byte).
_NO_BYTE = 256


def _blank_ends(ch, plain: list | None = None) -> bool:
    """Whether a value of ``ch`` (one pyarrow string chunk, valid UTF-8) starts or ends with a character
    :func:`_trimmed` trims: from each value's first and last bytes (numpy, by the offsets), not by trimming a copy of
    the text.  A null's bytes, if it has any, may answer True: :func:`_trimmed` then trims the piece, as before.
    A chunk whose bytes are all ASCII above the space (0x21-0x7F: every blank is at most 0x20, or starts with a
    byte of 0xC2 or more; DEL is no blank) answers False from the bytes alone, before any value's ends are looked up;
    ``plain``, if given, then receives the chunk's lowest byte (:data:`_NO_BYTE` for a chunk of values without bytes,
    nothing for one of nulls only).

    Examples
    --------
    >>> import pyarrow as pa
    >>> [_blank_ends(pa.array([v, "PW01"])) for v in ("受理", " 受理", "受理　", " x", "x ", "“受理”")]
    [False, True, True, True, True, False]
    """
    import pyarrow as pa

    n = len(ch)
    if n == 0 or ch.null_count == n:
        if n == 0 and plain is not None:
            plain.append(_NO_BYTE)
        return False
    bufs = ch.buffers()
    wide = ch.type in (pa.large_string(), pa.large_binary())
    offs = np.frombuffer(bufs[1], dtype=np.int64 if wide else np.int32)[ch.offset: ch.offset + n + 1]
    if bufs[2] is None or offs[-1] == offs[0]:
        if offs[-1] == offs[0] and plain is not None:
            plain.append(_NO_BYTE)
        return False
    data = np.frombuffer(bufs[2], dtype=np.uint8)
    text = data[int(offs[0]):int(offs[-1])]
    lo = int(text.min()) if text.max() < 0x80 else 0
    if lo > 0x20:   # ASCII above the space: no blank of one byte, none of more
        if plain is not None:   # (two passes over the bytes, no array as long as the chunk: ids, codes, numbers)
            plain.append(lo)   # the chunk's lowest byte (csv48b: no "+" or "." below "0" spares two more passes)
        return False
    start, end = offs[:-1], offs[1:]
    filled = end > start
    if not filled.all():
        start, end = start[filled], end[filled]
    first, last = data[start], data[end - 1]
    if _BLANK_BYTE[first].any() or _BLANK_BYTE[last].any():
        return True

    def key(at, width):   # the big-endian number of `width` bytes from each of `at` (bounds checked by the caller)
        k = np.zeros(len(at), dtype=np.int64)
        for i in range(width):
            k = (k << 8) | data[at + i]
        return k

    for width in (2, 3):   # a blank of 2 or 3 bytes first or last in a value at least that long
        long_enough = (end - start) >= width
        at = start[_BLANK_LEAD[first] & long_enough]
        if len(at) and np.isin(key(at, width), _BLANK_KEYS).any():
            return True
        at = end[_BLANK_LAST[last] & long_enough] - width
        if len(at) and np.isin(key(at, width), _BLANK_KEYS).any():
            return True
    return False


def _typed_column(raw: pd.Series, spec: dict) -> pd.Series | None:
    """A typed column (Parquet) of numbers or yes/no as :func:`_coerce_column` types it, when that finds nothing
    wrong; else None (and it is coerced value by value, each problem named with its row).

    Without writing every value out as text first (a yes/no column of 17.5 million records took gigabytes so).

    Examples
    --------
    >>> _typed_column(pd.Series([True, False]), {"type": "bool"}).tolist()
    [True, False]
    >>> _typed_column(pd.Series([3.0, np.nan]), {"type": "int"}).tolist()
    [3, <NA>]
    >>> _typed_column(pd.Series([-1.0]), {"type": "float"}) is None     # below the contract's minimum (0)
    True
    """
    t = spec["type"]
    if t in ("datetime", "date") and raw.dtype == np.dtype("datetime64[ns]"):
        # a date-time column typed by its reader (Parquet, or the CSV parse: records.csvfast), no zone: as it is, as
        # _parse_datetimes reads it (tests/test_csv15_typed.py)
        return _not_before_march_1900(raw.dt.normalize() if t == "date" else raw)   # refused the slow way
    if t == "bool" and pd.api.types.is_bool_dtype(raw.dtype):
        return raw.astype("boolean")   # True/False as they are, a missing value missing: as the text path reads them
    if t not in ("int", "float") or pd.api.types.is_bool_dtype(raw.dtype) or not pd.api.types.is_numeric_dtype(raw):
        return None
    vals = raw.to_numpy(dtype=float, na_value=np.nan)
    ok = np.isfinite(vals) | np.isnan(vals)            # inf refused
    if t == "int":
        ok &= ~(np.isfinite(vals) & (vals != np.round(vals)))
    lo, hi = spec.get("min", 0), spec.get("max")
    with np.errstate(invalid="ignore"):
        if lo is not None:
            ok &= ~(vals < lo)
        if hi is not None:
            ok &= ~(vals > hi)
    if not ok.all():
        return None
    return pd.Series(vals, index=raw.index, name=raw.name).astype("Int64" if t == "int" else "Float64")


_NOT_ISO = "not ISO"   # _iso_timestamps: a value is not in ISO form
_PIECE_ROWS = 1 << 20


def _pieces(arr, rows: int | None = None):
    """A text column (pyarrow) as chunked arrays of consecutive chunks of about ``rows`` values each: a column
    worked piece by piece needs no second array of its size, and few enough pieces that their calls cost nothing.

    Examples
    --------
    >>> import pyarrow as pa
    >>> [len(p) for p in _pieces(pa.chunked_array([[1, 2], [3], [4, 5, 6]]), rows=3)]
    [3, 3]
    """
    import pyarrow as pa

    rows = rows or _PIECE_ROWS
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    group, size = [], 0
    for ch in chunks:
        group.append(ch)
        size += len(ch)
        if size >= rows:
            yield pa.chunked_array(group, type=arr.type)
            group, size = [], 0
    if group or not chunks:
        yield pa.chunked_array(group, type=arr.type)


def _iso_timestamps(text, raw: pd.Series, t: str):
    """ISO date-time text (a pyarrow text array) as the contract's datetime64[ns] column; :data:`_NOT_ISO` when a
    value is not in that form (pyarrow's ISO-8601 cast refuses it); None when a date lies outside what datetime64[ns]
    holds (the per-value path refuses it).

    Cast piece by piece, each piece's seconds written as nanoseconds into the column's own array: the parsed seconds
    of a piece are freed before the next is cast (no second array of the column's size, no concatenation).  The first
    piece is cast alone (a column in another form stops there, as before); the others on :func:`_workers`' threads
    (pyarrow's cast and numpy's multiply let go of the interpreter), each into its own slice of the array.
    """
    out = np.empty(len(text), dtype="datetime64[ns]")
    ns = out.view(np.int64)
    pieces, at = [], 0
    for piece in _pieces(text):
        pieces.append((piece, at))
        at += len(piece)
    got = [_iso_piece(*pieces[0], ns)] if pieces else []
    if got and got[0] is True and len(pieces) > 1:
        pool = None if _in_worker() else _workers()
        got += (list(pool.map(lambda p: _iso_piece(*p, ns), pieces[1:])) if pool is not None
                else [_iso_piece(*p, ns) for p in pieces[1:]])
    for g in got:   # the first piece that fails says why, as when the pieces were cast one after the other
        if g is not True:   # not ISO; or a date outside datetime64[ns] (None: the per-value path refuses it)
            return _NOT_ISO if g is _NOT_ISO else None
    conv = pd.Series(out, index=raw.index, name=raw.name, copy=False)
    return conv.dt.normalize() if t == "date" else conv


#: An ISO date at 24:00 (2025-03-10 24:00, 2025-03-10T24:00:00): the end of that day (:data:`_END_OF_DAY_RE`).
_ISO_END_OF_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]24:00(?::00)?$"


def _iso_end_of_day(text, raw: pd.Series, t: str):
    """:func:`_iso_timestamps`, a value at 24:00 read as the next day's 00:00 (as the per-value path reads it):
    written as 00:00 of its date, cast with the others, a day added after.  Vectorised (pyarrow), looked for only
    when the cast refuses a value; None (the per-value path) where the day after is past what datetime64[ns] holds.

    Examples
    --------
    >>> import pyarrow as pa
    >>> got = _iso_end_of_day(pa.chunked_array([["2025-03-10 24:00", "2025-03-10 09:05:00", "2025-12-31T24:00:00"]]),
    ...                       pd.Series(range(3)), "datetime")
    >>> [str(x) for x in got]
    ['2025-03-11 00:00:00', '2025-03-10 09:05:00', '2026-01-01 00:00:00']
    """
    import pyarrow.compute as pc

    got = _iso_timestamps(text, raw, t)
    if got is not _NOT_ISO:   # the cast read every value: a column of ISO times costs what it did
        return got
    end = pc.fill_null(pc.match_substring_regex(text, _ISO_END_OF_DAY), False)
    if not pc.any(end).as_py():
        return _NOT_ISO
    text = pc.if_else(end, pc.replace_substring_regex(text, "[ T]24:00(?::00)?$", " 00:00:00"), text)
    got = _iso_timestamps(text, raw, t)
    if not isinstance(got, pd.Series):
        return got
    at = end.to_numpy(zero_copy_only=False) if hasattr(end, "to_numpy") else np.asarray(end)
    if (got[at] > pd.Timestamp.max - pd.Timedelta(days=1)).any():
        return None
    return _next_day(got, at)


def _iso_piece(piece, pos: int, ns: np.ndarray):
    """One piece of :func:`_iso_timestamps`: cast, its seconds written as nanoseconds into ``ns`` from ``pos``; True,
    :data:`_NOT_ISO` (a value not in ISO form) or False (a date outside what datetime64[ns] holds)."""
    import pyarrow.compute as pc

    got = _iso_cast(piece)
    if got is None:
        return _NOT_ISO
    if got.null_count < len(got):
        mm = pc.min_max(got)
        if mm["min"].value < _S_LO or mm["max"].value > _S_HI:
            return False
    from .csvfast import seconds_as_ns

    seconds_as_ns(got, ns, pos)
    return True


_POOL: list = []
_WORKER = "windoweval-validate"


def _workers():
    """Two threads for work that lets go of the interpreter (pyarrow's kernels, numpy), made once; None on a
    machine of one core (the work is then done where it is asked).  A task running on them does not hand work to
    them again (:func:`_in_worker`): it would wait for a thread that waits for it.  A forked child (whose copy of
    the pool has no threads) makes its own."""
    import os

    if not _POOL or _POOL[0][0] != os.getpid():
        from concurrent.futures import ThreadPoolExecutor

        n = min(2, os.cpu_count() or 1)
        _POOL[:] = [(os.getpid(), ThreadPoolExecutor(max_workers=n, thread_name_prefix=_WORKER) if n > 1 else None)]
    return _POOL[0][1]


def _submit(pool, fn, *args):
    """``pool.submit(fn, *args)`` run in a copy of the caller's context: a thread of the pool starts with a context of
    its own, where the read-notes scope of the caller (:func:`~windoweval.errors.notes_once`, a context variable) is
    not open, so a note said there was said again by each read of one scope (msgs46).  A copy for each task: one
    context cannot be entered on two threads at once.

    Examples
    --------
    >>> import contextvars
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> v = contextvars.ContextVar("v", default="thread")
    >>> _ = v.set("caller")
    >>> with ThreadPoolExecutor(1) as pool:
    ...     pool.submit(v.get).result(), _submit(pool, v.get).result()
    ('thread', 'caller')
    """
    import contextvars

    return pool.submit(contextvars.copy_context().run, fn, *args)


def _in_worker() -> bool:
    import threading

    return threading.current_thread().name.startswith(_WORKER)


def _iso_cast(text):
    """The text parsed by pyarrow's ISO-8601 cast (whole seconds), or None when a value is not in that form."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return pc.cast(text, pa.timestamp("s"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


# a date (year first, - or / twice), maybe a time (hours, minutes, maybe seconds): the forms, besides ISO, whose
# every value the per-value parser reads as year, month, day, hour, minute, second (tests/test_csv_fast.py checks)
_PLAIN_DATE = (r"^[0-9]{4}(?:-[0-9]{1,2}-[0-9]{1,2}|/[0-9]{1,2}/[0-9]{1,2})"
               r"(?:(?:T|[ \t]+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")


# _datetime_text's rewriting of 2025年3月4日 9时05分, in RE2 (pyarrow): its \\d and \\s match fewer characters than
# Python's, so a value either becomes what _datetime_text makes of it or keeps a character _PLAIN_DATE refuses
_CJK_STEPS = ((r"(\d)\s*年\s*(\d)", r"\1-\2"), (r"(\d)\s*月\s*(\d)", r"\1-\2"), (r"(\d)\s*月份?\s*$", r"\1"),
              (r"(\d)\s*[日号號]", r"\1 "),
              (r"(\d)\s*[时時点]\s*半", r"\1:30"), (r"(\d)\s*[时時点]\s*", r"\1:"), (r"(\d)\s*分\s*", r"\1:"),
              ("秒", ""), (r"(\s\d{1,2}):\s*$", r"\1:00"), (r":\s*$", ""))


def _as_iso(text):
    """Date-time text in a plain non-ISO form (2025/3/4 9:05; 2025年3月4日 9时05分 once written out as
    :func:`_datetime_text` writes it) as ISO text (2025-03-04 09:05), when every value has such a form; else None.

    Vectorised (pyarrow's regular expressions); a value in any other form (a zone, AM/PM, a fraction, an Excel
    serial, ...) returns None and the column takes the per-value parser, as before.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _as_iso(pa.chunked_array([["2025/3/4 9:05", None, "2025年3月14日 19时05分"]])).to_pylist()
    ['2025-03-04 09:05', None, '2025-03-14 19:05']
    >>> _as_iso(pa.chunked_array([["2025/3/4 9:05", "2025/3/4 9:05 PM"]])) is None
    True
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if pc.all(pc.string_is_ascii(text)).as_py() is False:   # full-width digits, 年月日: as _datetime_text reads them
        text = pc.utf8_normalize(text, "NFKC")
        if pc.any(pc.match_substring_regex(text, "[年月日号號时時点分秒]")).as_py():
            for pat, rep in _CJK_STEPS:
                text = (pc.replace_substring(text, pat, rep) if pat == "秒"
                        else pc.replace_substring_regex(text, pat, rep))
            text = pc.utf8_trim_whitespace(text)
    if pc.any(pc.invert(pc.match_substring_regex(text, _PLAIN_DATE))).as_py():   # nulls are missing values
        return None
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    if text.null_count == len(text):
        return pa.chunked_array([text])
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8)
    if (data == 9).any() or ((data[:-1] == 32) & (data[1:] == 32)).any():   # a tab, two blanks (values are trimmed)
        text = pc.replace_substring_regex(text, r"[ \t]+", " ")
        data = np.frombuffer(text.buffers()[2], dtype=np.uint8)
    # every value now 4 digits, then 1-2 digits separated by one of - / : T or a space: each separator -> "-"
    # (byte for byte: ASCII in UTF-8), the fields split, each padded to 2 digits, joined again: YYYY-MM-DD-hh-mm-ss
    data = data.copy()
    data[(data == ord("/")) | (data == ord(":")) | (data == ord("T")) | (data == ord(" "))] = ord("-")
    text = pa.Array.from_buffers(text.type, len(text), [text.buffers()[0], text.buffers()[1], pa.py_buffer(data)],
                                 text.null_count, text.offset)
    parts = pc.split_pattern(text, "-")
    padded = pc.ascii_lpad(parts.flatten(), 2, "0")   # ASCII: _PLAIN_DATE took digits and separators only
    parts = type(parts).from_arrays(parts.offsets, padded, mask=parts.is_null())
    text = pc.binary_join(parts, pa.scalar("-", text.type))
    # the separators of ISO at their fixed places: 2025-03-04 09:05:12
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8).copy()
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64 if text.type == pa.large_string() else np.int32)
    offsets = offsets[text.offset:text.offset + len(text) + 1]
    start, length = offsets[:-1], np.diff(offsets)
    for at, ch in ((10, " "), (13, ":"), (16, ":")):
        data[(start + at)[length > at]] = ord(ch)
    text = pa.Array.from_buffers(text.type, len(text), [text.buffers()[0], text.buffers()[1], pa.py_buffer(data)],
                                 text.null_count, text.offset)
    return pa.chunked_array([text])


def _is_typed(raw: pd.Series) -> bool:
    """A typed column (Parquet): no text to trim or parse."""
    return (pd.api.types.is_datetime64_any_dtype(raw) or pd.api.types.is_bool_dtype(raw)
            or (pd.api.types.is_numeric_dtype(raw) and not isinstance(raw.dtype, pd.CategoricalDtype)))


#: Units an export may write after a number, by the contract column's unit: the factor to that unit.
_UNITS = {
    "min": {"分钟": 1, "分": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1, "小时": 60, "时": 60, "h": 60,
            "hr": 60, "hrs": 60, "hour": 60, "hours": 60, "秒": 1 / 60, "s": 1 / 60, "sec": 1 / 60},
    "V": {"v": 1, "伏": 1, "伏特": 1, "kv": 1000, "千伏": 1000},
    "%": {"%": 1},   # a rate written with its sign (97.22%): read in percent
    None: {w: 1 for w in ("付", "剂", "个", "人", "位", "名", "台", "次", "件", "张", "项", "条", "个月", "月", "窗口", "个窗口")},
}
_YEAR_UNITS = {"年": 1, "年度": 1}


def _with_unit(s: pd.Series, unit: str | None, name: str) -> pd.Series:
    """Numbers written with a unit after them (``6付``, ``30 分钟``, ``1.5小时``, ``10kV``), in the column's unit
    (``unit`` from the contract; None: a count, whose words 付/个/人/台/次 ... are dropped); any other text NaN.

    Examples
    --------
    >>> _with_unit(pd.Series(["30分钟", "1.5 小时", "90s", "6付", "两小时"]), "min", "duration_min").tolist()
    [30.0, 90.0, 1.5, nan, nan]
    >>> _with_unit(pd.Series(["1小时5分", "1时5分30秒", "00:01:30", "2h 30min", "1:05", "5分钟3"]), "min", "duration_min").tolist()
    [65.0, 65.5, 1.5, 150.0, nan, nan]
    >>> _with_unit(pd.Series(["6付", "12 人", "3次"]), None, "doses").tolist()
    [6.0, 12.0, 3.0]
    >>> _with_unit(pd.Series(["10kV", "231.5V"]), "V", "nominal_v").tolist()
    [10000.0, 231.5]
    """
    units = dict(_UNITS.get(unit, {}))
    if name == "year":
        units.update(_YEAR_UNITS)
    got = s.astype("string").str.extract(r"^\s*([+-]?\d+(?:\.\d+)?)\s*([^\d\s.+-][^\d]*?)\s*$")
    factor = got[1].str.casefold().map(units)
    out = (pd.to_numeric(got[0], errors="coerce").astype(float) * pd.to_numeric(factor, errors="coerce").astype(float)).round(9)
    if unit == "min" and out.isna().any():   # 1小时5分, 1时5分30秒, 2h 30min, and a clock reading 00:01:05 (h:m:s)
        left = out.isna()
        t = s[left].astype("string").str.strip().str.casefold()
        hms = t.str.extract(r"^(?:(\d+(?:\.\d+)?)\s*(?:小时|时|h|hr|hrs)\s*)?(?:(\d+(?:\.\d+)?)\s*(?:分钟|分|min|mins|m)\s*)?"
                            r"(?:(\d+(?:\.\d+)?)\s*(?:秒钟|秒|s|sec)\s*)?$").astype(float)
        parts = hms.notna().sum(axis=1)
        compound = (hms[0].fillna(0) * 60 + hms[1].fillna(0) + hms[2].fillna(0) / 60).where(parts >= 2)
        clock = t.str.extract(r"^(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)$").astype(float)
        compound = compound.fillna(clock[0] * 60 + clock[1] + clock[2] / 60)
        out[left] = compound.round(9).to_numpy()
    return out


def _placeholder(raw: pd.Series) -> pd.Series:
    """Which cells hold a placeholder for an empty cell (:data:`_PLACEHOLDERS`: ``-``, ``无``, ``/``, ``N/A`` ...).

    Only time and number columns read them as blank: in a yes/no column 无 means no, and in a category column a
    code is mapped in mapping.yaml (``values``, ``代码: null`` for blank).

    Examples
    --------
    >>> _placeholder(pd.Series(["-", " 无 ", "－", "N/A", "2025-03-01", None, "-5"])).tolist()
    [True, True, True, True, False, False, False]
    """
    s = raw.astype("string").str.strip()
    if not s.str.isascii().fillna(True).all():
        s = s.str.normalize("NFKC")
    return s.str.casefold().isin(_PLACEHOLDERS).fillna(False).astype(bool)


#: A number with thousands separators (4,532.96; 1,234,567), one with a decimal comma (216,5; 0,75; 1234,5) and
#: one with dots grouping thousands and a decimal comma (1.234,5), as semicolon CSVs and European systems write them.
_GROUPED = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?"
#: A unit written after a number (1,440分钟, 1,440 min, 10,000V), read by :func:`_with_unit`: no digit, no comma.
_UNIT_AFTER = r"(?:\s*[^\d\s.,+-][^\d,]*)?"
_DECIMAL_COMMA = r"[+-]?\d+,\d+"
_DOTS_AND_COMMA = r"[+-]?\d{1,3}(?:\.\d{3})+,\d+"


#: A number grouped by spaces (9 111,8; 1 234 567.5; a no-break or narrow no-break space, as French, Russian and
#: German-locale Excel write thousands): groups of three after the first, a decimal part after a point or a comma.
_SPACE_GROUPED = r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?"


def _space_groups(src: pd.Series) -> pd.Series:
    """Numbers' text with the spaces between groups of three digits taken out (9 111,8 is 9111,8, then read by
    :func:`_decimal_commas`): a space is never a decimal mark, so the reading is the one the writer meant; any other
    value as it is.

    Examples
    --------
    >>> _space_groups(pd.Series(["9 111,8", "1\u00a0234\u00a0567.5", "12 34", "7"], dtype="string")).tolist()
    ['9111,8', '1234567.5', '12 34', '7']
    """
    if not src.str.contains(r"\d[ \u00a0\u202f]\d", regex=True).fillna(False).any():   # one pass; most hold none
        return src
    hit = src.str.fullmatch(_SPACE_GROUPED).fillna(False).astype(bool)
    return src.str.replace(r"[ \u00a0\u202f]", "", regex=True).where(hit, src)


def _decimal_commas(src: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers' text with commas read: thousands separators taken out (4,532.96), a decimal comma made a point (216,5
    is 216.5, never 2165; 1.234,5 is 1234.5) unless the column writes decimal points elsewhere (one column, one
    decimal mark); and which values are ambiguous (1,234 where other values of the column
    write a decimal comma: 1234 or 1.234?), to be refused.  A comma in any other place is left for the value to be
    refused as no number (1,2,3 was read as 123).

    Examples
    --------
    >>> t, amb = _decimal_commas(pd.Series(["216,5", "1.234,5", "1,2,3", "7"], dtype="string"))
    >>> t.tolist(), amb.tolist()
    (['216.5', '1234.5', '1,2,3', '7'], [False, False, False, False])
    >>> _decimal_commas(pd.Series(["4,532.96", "4,53"], dtype="string"))[0].tolist()   # a column of decimal points
    ['4532.96', '4,53']
    >>> _decimal_commas(pd.Series(["216,5", "1,234"], dtype="string"))[1].tolist()
    [False, True]
    >>> _decimal_commas(pd.Series(["1,234", "4,532.96"], dtype="string"))[0].tolist()   # no decimal comma: grouping
    ['1234', '4532.96']
    >>> _decimal_commas(pd.Series(["1,440分钟", "1,440 min", "10,000V", "30"], dtype="string"))[0].tolist()  # a unit
    ['1440分钟', '1440 min', '10000V', '30']
    """
    # a grouped number, alone or with its unit after it (the unit is read later, in the contract's unit)
    grouped = src.str.fullmatch(_GROUPED + _UNIT_AFTER).fillna(False).astype(bool)
    out = src.str.replace(",", "", regex=False).where(grouped, src)
    ambiguous = pd.Series(False, index=src.index)
    rest = src[~grouped.to_numpy()].dropna()
    rest = rest[rest.str.contains(",", regex=False).to_numpy(dtype=bool)]   # the commas no grouping explains
    if not len(rest):
        return out, ambiguous
    dec = rest.str.fullmatch(_DECIMAL_COMMA).astype(bool)
    dots = rest.str.fullmatch(_DOTS_AND_COMMA).astype(bool)
    if not (dec.any() or dots.any()):
        return out, ambiguous
    shown_dots = src.drop(index=dots.index[dots.to_numpy()])
    if shown_dots.str.contains(r"\d\.\d", regex=True).fillna(False).astype(bool).any():
        # the column writes a decimal point (231.5, 4,532.96): one column has one decimal mark, so a comma is no
        # decimal comma here (4,53 among them is refused as no number, never read as 4.53)
        return out, ambiguous
    # 1,234 (one group of three, no point) reads both ways; other groupings (1,234,567; 1,234.5) only as thousands
    ambiguous = grouped & src.str.fullmatch(r"[+-]?\d{1,3},\d{3}" + _UNIT_AFTER).fillna(False).astype(bool)
    d, t = dec.index[dec.to_numpy()], dots.index[dots.to_numpy()]
    out.loc[d] = rest.loc[d].str.replace(",", ".", regex=False)
    out.loc[t] = rest.loc[t].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return out, ambiguous


def _three_digit_years(raw: pd.Series, bad: np.ndarray, name, files, rownum, probs: list) -> np.ndarray:
    """Of the values ``bad`` (no date), those whose year has three digits (225-3-5, 225年3月5日, 5/3/225: a digit
    lost) named with that example and the fix (code ``bad_date``, as any value that is no date); the rest returned.
    Looked at only among the values refused already: a clean column costs nothing.

    Examples
    --------
    >>> probs = []
    >>> rest = _three_digit_years(pd.Series(["225-3-5 9:00", "x", "5/3/225"]), np.array([True, True, True]), "t",
    ...                           np.array(["c.csv"] * 3, dtype=object), np.array([2, 3, 4]), probs)
    >>> rest.tolist(), probs[0]["row"].tolist(), "三位" in probs[0]["problem_zh"].iloc[0]
    ([False, True, False], [2, 4], True)
    """
    return _shape_named(raw, bad, _THREE_DIGIT_YEAR_RE, name, files, rownum, probs,
                        "年份只有三位(如 225-3-5):少写了一位数字,是哪一年不作猜测;请以四位年份、年在前的格式导出,"
                        "如 2025-03-05 09:05",
                        "the year has three digits (as in 225-3-5): a digit is missing, and which year was meant is "
                        "not guessed; export dates with a four-digit year first, e.g. 2025-03-05 09:05")


#: A date written year first in the contract's shape (2025-02-30, 0000-00-00 00:00, 9999/12/31), the text NFKC-folded:
#: year, month and day captured, whatever follows (a time) left to the general reading.
_YMD_RE = r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[\sT]|$)"


def _no_such_dates(raw: pd.Series, bad: np.ndarray, name, files, rownum, probs: list) -> np.ndarray:
    """Of the values ``bad`` (no date), those written year first as the contract asks that still name no day we can
    hold, each with its own reason and fix (code ``bad_date``; fuzz45): a zero year, month or day (0000-00-00, a
    database's stand-in for no date), a day the month does not have (2025-02-30), a year outside 1678-2261 (9999-12-31,
    a system's stand-in for never; pandas holds no instant beyond).  The rest returned, for the general message.
    Looked at only among the values refused already: a clean column costs nothing.

    Examples
    --------
    >>> probs = []
    >>> rest = _no_such_dates(pd.Series(["0000-00-00", "2025-02-30 09:00", "9999-12-31", "x"]),
    ...                       np.array([True, True, True, True]), "t", np.array(["c.csv"] * 4, dtype=object),
    ...                       np.array([2, 3, 4, 5]), probs)
    >>> rest.tolist(), [p["row"].tolist() for p in probs]
    ([False, False, False, True], [[2], [3], [4]])
    >>> "没有 30 日" in probs[1]["problem_zh"].iloc[0], "has no day 30" in probs[1]["problem_en"].iloc[0]
    (True, True)
    """
    cand = raw[bad].astype("string").str.normalize("NFKC")
    ymd = cand.str.extract(_YMD_RE)
    hit = ymd[0].notna().to_numpy(dtype=bool)
    if not hit.any():
        return bad
    at = np.flatnonzero(bad)[hit]
    y, m, d = (pd.to_numeric(ymd[i][hit]).to_numpy(dtype=np.int64) for i in range(3))
    zero = (y == 0) | (m == 0) | (d == 0)
    month_ok = (m >= 1) & (m <= 12)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    days_in = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(m, 1, 12) - 1] + ((m == 2) & leap)
    no_day = ~zero & month_ok & (d > days_in)
    out_of_range = ~zero & ~no_day & month_ok & (d <= days_in) & ((y < 1678) | (y > 2261))
    values = raw.iloc[at].astype(str).to_numpy(dtype=object)
    blank_fix = ("没有这件事(未办结、未回访)或没有期限就在导出系统中留空,有就填写实际日期(如 2025-03-04 09:05)后重新导出",
                 "where there is no such event (not yet done) or no time limit leave the cell blank in the export, else "
                 "fill in the actual date (such as 2025-03-04 09:05), and export again")
    kinds = (
        (zero, ["年、月或日为 0(如 0000-00-00):这是数据库表示“没有日期”的写法,不是日期"] * int(zero.sum()),
         ["a zero year, month or day (as in 0000-00-00): a database's way of writing no date, not a date"]
         * int(zero.sum()), blank_fix),
        (no_day, [f"{a}-{b:02d} 没有 {c} 日" for a, b, c in zip(y[no_day], m[no_day], d[no_day])],
         [f"{a}-{b:02d} has no day {c}" for a, b, c in zip(y[no_day], m[no_day], d[no_day])],
         ("请在导出系统中改正这个日期后重新导出", "correct this date in the exporting system and export again")),
        (out_of_range, ["年份超出可处理的范围 1678–2261 年(9999-12-31 常是系统表示“永不”或“未定”的写法)"]
         * int(out_of_range.sum()),
         ["the year is outside the range that can be held, 1678-2261 (9999-12-31 is often a system's way of writing "
          "never or not set)"] * int(out_of_range.sum()), blank_fix),
    )
    done = np.zeros(len(at), dtype=bool)
    for sel, zh, en, fix in kinds:
        if sel.any():
            probs.append(Problems.of(file=np.asarray(files[at[sel]], dtype=object), row=np.asarray(rownum)[at[sel]],
                                     column=name, value=values[sel], code="bad_date", problem_zh=zh, problem_en=en,
                                     fix_zh=fix[0], fix_en=fix[1]))
            done |= sel
    rest = bad.copy()
    rest[at[done]] = False
    return rest


def _shape_named(raw: pd.Series, bad: np.ndarray, pattern: str, name, files, rownum, probs: list, zh: str,
                 en: str) -> np.ndarray:
    """Of the values ``bad`` (no date), those of the shape ``pattern`` (their text NFKC-folded) refused with that
    shape's own message (code ``bad_date``); the rest returned, for the general message."""
    cand = raw[bad].astype("string").str.normalize("NFKC")
    hit = cand.str.match(pattern).fillna(False).to_numpy(dtype=bool)
    if not hit.any():
        return bad
    at = np.flatnonzero(bad)[hit]
    probs.append(_problem(files[at], rownum[at], name, raw.iloc[at].astype(str).tolist(), zh, en, "bad_date"))
    rest = bad.copy()
    rest[at] = False
    return rest


#: Oracle's default date and timestamp forms (NLS_DATE_FORMAT DD-MON-RR, NLS_TIMESTAMP_FORMAT DD-MON-RR HH.MI.SSXFF
#: AM), as a query tool exports them from a database whose session was not set: 08-APR-25, 08-APR-25 08.01.00 AM,
#: 08-4月 -25 08.01.00.000000 上午 (the Chinese NLS_LANGUAGE), the text NFKC-folded.
_ORACLE_DATE_RE = (r"\s*\d{1,2}-(?:[A-Za-z]{3}|\d{1,2}\s*月)\s*-\s*\d{2}"
                   r"(?:\s+\d{1,2}\.\d{2}\.\d{2}(?:\.\d+)?\s*(?:[AaPp][Mm]|上午|下午)?)?\s*$")


def _oracle_dates(raw: pd.Series, bad: np.ndarray, name, files, rownum, probs: list) -> np.ndarray:
    """Of the values ``bad`` (no date), those in Oracle's default form (:data:`_ORACLE_DATE_RE`: a two-digit year,
    never guessed, as 25/3/5 is not) named with the export setting that writes them year first; the rest returned.
    Looked at only among the values refused already.

    Examples
    --------
    >>> probs = []
    >>> rest = _oracle_dates(pd.Series(["08-APR-25 08.01.00 AM", "x", "08-4月 -25 08.01.00.000000 上午"]),
    ...                      np.array([True, True, True]), "t", np.array(["c.csv"] * 3, dtype=object), np.array([2, 3, 4]),
    ...                      probs)
    >>> rest.tolist(), probs[0]["row"].tolist(), "NLS_DATE_FORMAT" in probs[0]["problem_en"].iloc[0]
    ([False, True, False], [2, 4], True)
    """
    return _shape_named(raw, bad, _ORACLE_DATE_RE, name, files, rownum, probs,
                        "这是 Oracle 数据库默认的日期写法(日-月-两位年份,如 08-APR-25 08.01.00 AM):年份只有两位,不作猜测;"
                        "请在导出前执行 ALTER SESSION SET NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS'(时间戳列另设 "
                        "NLS_TIMESTAMP_FORMAT),或在查询中写 TO_CHAR(列, 'YYYY-MM-DD HH24:MI:SS'),再导出",
                        "Oracle's default date form (day-month-two-digit year, as in 08-APR-25 08.01.00 AM): the "
                        "year has two digits and is not guessed; before exporting run ALTER SESSION SET "
                        "NLS_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS' (NLS_TIMESTAMP_FORMAT for a timestamp column), or "
                        "select TO_CHAR(column, 'YYYY-MM-DD HH24:MI:SS'), then export again")


#: A Unix time as a system writes it: whole seconds since 1970-01-01 00:00 UTC in ten digits (1741137900: 2001-09-09 to
#: 2033-05-18) or milliseconds in thirteen (1741137900000), as a workbook's number cell may read (1741137900.0).
_EPOCH_RE = r"\s*1\d{9}(?:\d{3})?(?:\.0+)?\s*$"


def _epoch_times(raw: pd.Series, bad: np.ndarray, name, files, rownum, probs: list) -> np.ndarray:
    """Of the values ``bad`` (no date), those written as a Unix time (:data:`_EPOCH_RE`) refused with the form named,
    what the number would be read as in UTC and in Beijing time (eight hours apart: which one the system meant is
    not guessed), and the fix: the column written as ``YYYY-MM-DD HH:MM:SS`` Beijing time, or the mapping's
    ``epoch`` option stating its unit and zone; the rest returned.  Looked at only among the values refused already.

    Examples
    --------
    >>> probs = []
    >>> rest = _epoch_times(pd.Series(["1741137900", "x", "1741137900000"]), np.array([True, True, True]), "t",
    ...                     np.array(["c.csv"] * 3, dtype=object), np.array([2, 3, 4]), probs)
    >>> rest.tolist(), probs[0]["row"].tolist(), probs[0]["code"].iloc[0]
    ([False, True, False], [2, 4], 'epoch_time')
    >>> "2025-03-05 01:25:00 UTC" in probs[0]["problem_en"].iloc[0], "北京时间 2025-03-05 09:25:00" in probs[0]["problem_zh"].iloc[1]
    (True, True)
    """
    cand = raw[bad].astype("string").str.normalize("NFKC")
    hit = cand.str.match(_EPOCH_RE).fillna(False).to_numpy(dtype=bool)
    if not hit.any():
        return bad
    at = np.flatnonzero(bad)[hit]
    digits = cand[hit].str.strip().str.replace(r"\.0+$", "", regex=True)
    ms = (digits.str.len() == 13).to_numpy()
    n = pd.to_numeric(digits).to_numpy(dtype=np.int64)
    utc = pd.to_datetime(np.where(ms, n, n * 1000), unit="ms")
    u = pd.Series(utc.strftime("%Y-%m-%d %H:%M:%S"))
    b = pd.Series((utc + pd.Timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S"))
    unit_zh = np.where(ms, "毫秒", "秒")
    unit_en = np.where(ms, "milliseconds", "seconds")
    zh = [f"这是 Unix 时间戳(自 1970-01-01 00:00 UTC 起的{z}数):按 UTC 读是 {x} UTC,即北京时间 {y};系统写入时用的是"
          "哪个时区不作猜测" for z, x, y in zip(unit_zh, u, b)]
    en = [f"a Unix time ({e} since 1970-01-01 00:00 UTC): read as UTC it is {x} UTC, {y} Beijing time; which zone the "
          "system wrote it in is not guessed" for e, x, y in zip(unit_en, u, b)]
    probs.append(Problems.of(
        file=np.asarray(files[at], dtype=object), row=np.asarray(rownum)[at], column=name,
        value=raw.iloc[at].astype(str).to_numpy(dtype=object), code="epoch_time", problem_zh=zh, problem_en=en,
        fix_zh=[f"请在导出系统中把这一列写成北京时间 YYYY-MM-DD HH:MM:SS(如 2025-03-05 09:25:00);或在 mapping.yaml 的该类记录下"
                f"写明单位与时区:`epoch: {{{name}: {{unit: {e}, zone: UTC}}}}`(时区写 UTC;系统按北京时间计数的写 "
                "Asia/Shanghai)" for e in unit_en],
        fix_en=[f"export the column as Beijing time YYYY-MM-DD HH:MM:SS (such as 2025-03-05 09:25:00); or state its unit "
                f"and zone under the kind in mapping.yaml: `epoch: {{{name}: {{unit: {e}, zone: UTC}}}}` (UTC; "
                "Asia/Shanghai for a system that counted Beijing time)" for e in unit_en]))
    rest = bad.copy()
    rest[at] = False
    return rest


def _coerce_column(raw: pd.Series, spec: dict, name: str, files: np.ndarray, rownum: np.ndarray,
                   probs: list) -> pd.Series:
    """One column coerced to the contract's type value by value, every bad value added to ``probs`` with its row."""
    t = spec["type"]
    typed = _is_typed(raw)
    # a typed column (Parquet) has no blank text: skip turning every value into a string
    blank = raw.isna() if typed else raw.isna() | (raw.astype("string").str.strip() == "")
    if not typed and t in ("datetime", "date", "int", "float"):   # - / 无 / N/A written for an empty cell
        blank = blank | _placeholder(raw)
    if t in ("datetime", "date"):
        n0 = len(probs)
        conv = _parse_datetimes(raw, blank, name, files, rownum, probs)
        if t == "date":
            conv = conv.dt.normalize()
        if not typed:   # Oracle's 08-APR-25: day or year first? the parser read it, a two-digit year is never guessed
            ora = raw.astype("string").str.normalize("NFKC").str.match(_ORACLE_DATE_RE).fillna(False)
            if ora.any():
                conv = conv.mask(ora.to_numpy(dtype=bool))
        bad = (conv.isna() & ~blank).to_numpy(dtype=bool).copy()   # written below (a typed column's is read-only)
        for named in probs[n0:]:  # rows already named (mixed zones, day and month unclear)
            bad &= ~np.isin(rownum, named["row"].to_numpy())
        if bad.any():   # a year of three digits (225-3-5): its own example and fix, not the generic one
            bad = _three_digit_years(raw, bad, name, files, rownum, probs)
        if bad.any():   # Oracle's default form (08-APR-25 08.01.00 AM): the export's setting named, with its fix
            bad = _oracle_dates(raw, bad, name, files, rownum, probs)
        if bad.any():   # a Unix time (1741137900): its form named, never read in a zone guessed
            bad = _epoch_times(raw, bad, name, files, rownum, probs)
        if bad.any():   # 0000-00-00, 2025-02-30, 9999-12-31: written right, yet no day (or none we can hold)
            bad = _no_such_dates(raw, bad, name, files, rownum, probs)
        if bad.any():
            probs.append(_problem(files[bad], rownum[bad], name, raw[bad].astype(str).tolist(),
                                  "不是有效的日期时间(应如 2025-03-04 09:05:12)",
                                  "not a valid date/time (expected like 2025-03-04 09:05:12)", "bad_date"))
        return conv
    elif t in ("int", "float"):
        src = raw
        if not typed:
            src = raw.astype("string").str.strip()
            if not src.str.isascii().fillna(True).all():
                src = src.str.normalize("NFKC")
            src = _excel_text_mark(src, r"\s*[-+]?[\d.]")
            src = _space_groups(src)   # 9 111,8: thousands grouped by spaces
            ambiguous = None
            if src.str.contains(",", regex=False).any():
                src, ambiguous = _decimal_commas(src)
        conv = pd.to_numeric(src.astype(object) if not typed else src, errors="coerce")
        if not typed and ambiguous is not None and ambiguous.any():
            am = ambiguous.to_numpy(dtype=bool)
            probs.append(_problem(files[am], rownum[am], name, raw[am].astype(str).tolist(),
                                  "无法判断逗号是千位分隔符还是小数点(本列其他值用逗号作小数点,如 216,5);请不写千位分隔符,"
                                  "小数点统一写作“.”或统一写作“,”后重新导出",
                                  "the comma may be a thousands separator or a decimal comma (other values of this column "
                                  "use a decimal comma, such as 216,5); write no thousands separator and one decimal mark "
                                  "throughout, then export again", "ambiguous_decimal"))
            conv = conv.where(~ambiguous)
            blank = blank | ambiguous      # named above: not named again as non-numeric
        conv = pd.Series(pd.Series(conv).astype("Float64").to_numpy(dtype=float, na_value=np.nan), index=raw.index)
        if not typed:   # a unit written after the number (6付, 30分钟, 1.5小时, 231.5V): read in the contract's unit
            left = (conv.isna() & ~blank).to_numpy()
            if left.any():
                conv[left] = _with_unit(src[left], spec.get("unit"), name)
        nan = conv.isna().to_numpy()
        bad = nan & ~blank.to_numpy()
        # a duration written as two clock parts (1:20): hours and minutes, or minutes and seconds? never guessed
        two = np.zeros(len(conv), bool)
        if spec.get("unit") == "min" and bad.any():
            two[bad] = src[bad].astype("string").str.fullmatch(r"\s*\d{1,3}:[0-5]\d\s*").fillna(False).to_numpy(dtype=bool)
            bad = bad & ~two
        inf = np.isinf(conv.to_numpy())
        frac = (~nan & ~inf & (conv != conv.round()).to_numpy()) if t == "int" else np.zeros(len(conv), bool)
        lo, hi = spec.get("min", 0), spec.get("max")
        vals = conv.to_numpy()
        low = ~nan & ~inf & (vals < lo) if lo is not None else np.zeros(len(conv), bool)
        high = ~nan & ~inf & (vals > hi) if hi is not None else np.zeros(len(conv), bool)
        for mask, zh, en, code in (
                (bad, "应为整数" if t == "int" else "应为数字", "expected a whole number" if t == "int" else "expected a number",
                 "non_numeric"),
                (two, "时长写作两段钟面读数,是 时:分 还是 分:秒 无法确定", "a duration written as two clock parts: "
                 "hours:minutes or minutes:seconds cannot be told", "ambiguous_duration"),
                (inf, "不是有限的数值(inf/无穷大不可用)", "not a finite number (inf cannot be used)", "not_finite"),
                (frac, "应为整数", "expected a whole number", "not_whole"),
                (low, f"不能小于 {lo}" + ("(不能为负数)" if lo == 0 else ""), f"must not be below {lo}"
                 + (" (negative)" if lo == 0 else ""), "out_of_range"),
                (high, f"不能大于 {hi}", f"must not be above {hi}", "out_of_range")):
            if mask.any():
                probs.append(_problem(files[mask], rownum[mask], name, raw[mask].astype(str).tolist(), zh, en,
                                      code))
        bad = bad | two | inf | frac | low | high
        conv = conv.where(~bad)
        return conv.astype("Int64" if t == "int" else "Float64")
    elif t == "bool":
        s = raw.astype("string").str.strip().str.normalize("NFKC").str.casefold()
        truthy = s.isin(_TRUE)
        falsy = s.isin(_FALSE)
        bad = (~(truthy | falsy) & ~blank).to_numpy()
        if bad.any():
            probs.append(_problem(files[bad], rownum[bad], name, raw[bad].astype(str).tolist(),
                                  "应为 是/否", "expected yes/no (是/否, true/false, 1/0)", "not_yes_no"))
        col = pd.Series(pd.array(truthy.to_numpy(), dtype="boolean"), index=raw.index)
        col[(~(truthy | falsy)).to_numpy()] = pd.NA
        return col
    else:  # string, category
        s = whole_numbers_as_integers(raw).astype("string").str.strip()
        if is_id_column(name) and not s.str.isascii().fillna(True).all():   # ＧＤ００３ is GD003 (is_id_column)
            s = s.str.normalize("NFKC")
        if is_id_column(name):
            s = _excel_text_mark(s, r"[0-9A-Za-z]")
        if is_key_column(name):
            # an id (or a complaint's customer_key, left40) written as a placeholder for a blank (-, 无, N/A) is no id:
            # read blank, so that a required id is refused as missing and an optional one is missing evidence, never
            # an id shared by unrelated rows (one customer of many)
            blank = blank | _placeholder(s).to_numpy(dtype=bool)
            # 100000.0: an id column a sheet or program typed as numbers, read as the integer's text (100000, as any
            # other export names it) where it is exact; a fraction (100000.5) or more than 15 digits refused
            # (records.ids.decimal_ids; records check says what was read so)
            got, _read, frac, long = decimal_ids(s.where(~blank))
            if _read.any():
                s = s.where(~_read, got)
            zh_f, en_f, zh_l, en_l, fix_zh, fix_en = decimal_id_text(name)
            for mask, zh, en, code in ((frac, zh_f, en_f, "id_fraction"), (long, zh_l, en_l, "id_decimal_long")):
                if mask.any():
                    probs.append(Problems.of(file=files[mask], row=rownum[mask], column=name,
                                             value=s[mask].astype(str).tolist(), code=code, problem_zh=zh,
                                             problem_en=en, fix_zh=fix_zh, fix_en=fix_en))
                    blank = blank | mask      # named here: not named again as missing
            sci = (s.str.fullmatch(_SCIENTIFIC_ID_RE).fillna(False).to_numpy(dtype=bool)
                   if s.str.contains("+", regex=False).fillna(False).any() else None)
            if sci is not None and sci.any():   # 1.23457E+17: an id Excel cut to six digits, which no rule can read back
                # shown cut (1.23…E+17): an 18-digit key may be an ID-card number, whose first 15 digits say much
                shown = s[sci].astype(str).str.replace(r"^([+-]?\d(?:\.\d{1,2})?)\d*", r"\1…", regex=True).tolist()
                probs.append(Problems.of(
                    file=files[sci], row=rownum[sci], column=name, value=shown,
                    code="id_scientific",
                    problem_zh="编号是 Excel 的科学计数法:长数字编号被 Excel 当作数字,只保留 15 位有效数字,另存为 CSV 或"
                               "文本时只剩前几位,原编号已无法从文件中读回(不同的记录会成为同一编号)",
                    problem_en="the id is in Excel's scientific notation: Excel took a long numeric id for a number, "
                               "which keeps 15 significant digits (its first few only once saved as CSV or text), and "
                               "the id cannot be read back from the file (different records come to share one id)",
                    fix_zh=SCIENTIFIC_ID_FIX[0], fix_en=SCIENTIFIC_ID_FIX[1]))
                blank = blank | sci      # named here: not named again as missing
        if is_id_column(name):
            n = s.str.len()
            long = (n > MAX_ID).fillna(False).to_numpy(dtype=bool)
            if long.any():
                from ..privacy import mask_text

                # masked before it is cut: a text pasted into the id column cut inside a phone number or a name
                # showed its first digits (联系电话138123…), which no rule can tell from any number once cut (rev20c)
                heads = mask_text(pd.Series([v[:MAX_ID] for v in s[long].tolist()], dtype="string")).tolist()
                shown = [f"{v[:32]}…({k:,} 字符 / characters)" for v, k in zip(heads, n[long].tolist())]
                probs.append(_problem(files[long], rownum[long], name, shown,
                                      f"编号过长(超过 {MAX_ID} 个字符),不是一个编号:常见原因是引号未闭合或把整段文本粘进了"
                                      "编号列",
                                      f"an id longer than {MAX_ID} characters is no id (often a quote never closed, or "
                                      "a text pasted into the id column)",
                                      "id_too_long"))
                s = s.where(~long)
                blank = blank | long     # named here: not named again as missing
        return s.where(~blank)


def whole_numbers_as_integers(raw: pd.Series) -> pd.Series:
    """A float column whose every value is a whole number, as integers (nullable): how a text column that a Parquet
    or Excel export typed as numbers is read as text.  A nullable integer written by pandas or a database becomes
    float64 in Parquet (1001 with a missing value beside it is stored 1001.0), and an order or customer id read as
    "1001.0" matches nothing written "1001" (a CSV of the same kind, the complaints' customer ids).  A column with
    one fraction (1.5), or a number past 2**53, is left as it is.

    Examples
    --------
    >>> whole_numbers_as_integers(pd.Series([1001.0, None, 1003.0])).astype("string").tolist()
    ['1001', <NA>, '1003']
    >>> whole_numbers_as_integers(pd.Series([1.5, 2.0])).astype("string").tolist()
    ['1.5', '2.0']
    """
    if not pd.api.types.is_float_dtype(raw.dtype):
        return raw
    v = raw.to_numpy(dtype=float, na_value=np.nan)
    fin = np.isfinite(v)
    if not fin.any() or (~fin & ~np.isnan(v)).any():   # nothing written, or an infinity: left as written
        return raw
    w = v[fin]
    if not (np.all(w == np.floor(w)) and np.all(np.abs(w) < 2 ** 53)):
        return raw
    out = np.zeros(len(v), dtype=np.int64)
    out[fin] = w.astype(np.int64)
    return pd.Series(pd.arrays.IntegerArray(out, ~fin), index=raw.index, name=raw.name)


def empty(kind: str, file: str = "<none>") -> pd.DataFrame:
    """No records of ``kind``: every contract column, typed as :func:`validate` types it.

    Examples
    --------
    >>> e = empty("work_orders")
    >>> len(e), str(e["received_at"].dtype)
    (0, 'datetime64[ns]')
    """
    # made from the contract's types (:data:`_BLANK_DTYPES`, validate's own), not by validating an empty frame: the
    # same frame (tests/test_score49_empty_records.py compares them for every kind), without ~15 ms of pandas calls
    # per kind; the score command makes one for every kind the data holds no file of (11 of power_window's kinds), on
    # one core before its pass (benchmarks/README.md, session 49)
    cols = contracts()[kind].columns
    return pd.DataFrame({n: pd.Series(dtype=_BLANK_DTYPES.get(spec["type"], "string")) for n, spec in cols.items()},
                        index=pd.RangeIndex(0))


@notes_once()
def validate(df: pd.DataFrame, kind: str, file: str = "<data>", value_map: dict | None = None,
             first_row: int = 2, only: list[str] | None = None, rows: np.ndarray | None = None,
             files: np.ndarray | None = None, extra: list | None = None,
             distinct: dict | None = None, ahead: dict | None = None, parsed=()) -> pd.DataFrame:
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
    distinct : dict, optional
        ``{column: values}``: the values (not missing) a category column of ``df`` holds, when the caller has
        them already (the mapping found them, :attr:`~windoweval.records.mapping.Plan.distinct`): the column is
        then not read again to find them.
    ahead : dict, optional
        ``{key column: (text, wait)}``: whether the key's values are distinct, asked of the column as the file
        gave it while the caller mapped it (:func:`windoweval.records.files.key_ahead`); taken only where the typed
        column is that text.
    parsed : collection of str, optional
        The files (their labels, as ``files`` names them) whose date-time columns the CSV parse typed itself (every
        value ISO, :func:`windoweval.records.csvfast.parse_body`): their times were written as text, so a 12-hour
        clock is looked for in them as in text (:func:`_dates_alone`); a store's or workbook's typed times (Parquet,
        date-time cells) are as stored.

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
    c = contracts()[kind]
    if only:
        c = Contract(c.kind, c.zh, c.en, {k: v for k, v in c.columns.items() if k in only},
                     [k for k in c.key if k in only], c.example)
    df = df.reset_index(drop=True)
    rownum = np.asarray(rows) if rows is not None else np.arange(first_row, first_row + len(df))
    if files is None:
        files = FileLabels.of(file, len(df))
    elif not isinstance(files, FileLabels):
        files = np.asarray(files, dtype=object)
    problems = [p for p in (extra or []) if len(p)]
    missing = [n for n in c.required if n not in df.columns]
    if missing:
        sugg = []
        for m in missing:
            close = difflib.get_close_matches(m, [str(x) for x in df.columns], n=1)
            sugg.append(f"{m}" + (f"(是否为 / did you mean {close[0]!r}?)" if close else ""))
        problems.append(_problem(file, [1], ", ".join(sugg), [""],
                                 "缺少必需的列;请在映射文件中把导出表头对应到这些列",
                                 "required column(s) missing; map the export's headers onto them in the mapping file",
                                 "missing_column"))
        raise RecordsError(kind, file, Problems.concat(problems))
    # a monitor's 额定电压 from its 电压等级, before the codes replace the level's text
    derived = _nominal_from(df, c, files, rownum, only) if contracts()[kind].nominal_from else None
    if derived is not None:
        df = df.assign(**derived[0])
        problems.extend(derived[1])
    if value_map:
        df = df.copy()
        for col, m in value_map.items():
            if col in df:
                df[col] = df[col].astype("string").replace(m)
    known = {} if value_map or not distinct else distinct
    distinct = {}   # category columns' distinct values, as _coerce found them
    keys: dict = {}   # a one-column key's answer (distinct or not), found while the other columns were typed
    typed, probs = _coerce(df, c, files, rownum, distinct, known, keys, ahead)
    problems.extend(probs)
    for name in (n for n, s in c.columns.items() if s.get("dialogue") and n in typed):
        problems.extend(_speaker_problems(typed[name], name, c.kind, files, rownum))
    problems.extend(_blank_speaker_problems(typed, c, files, rownum))
    # the contract's rules across columns, each refused, never judged, its values shown as written: an end before
    # its start (not_before); parts beyond their total (a monitor's minutes over and under its limits beyond its
    # minutes monitored: sum_within); a stated rate that contradicts the numbers it is stated from (a monitor's
    # 电压合格率: rate_of)
    whole = contracts()[kind]
    # each value written as a date alone marked (its day known, not its time), before the order of the steps is
    # checked: an end written 2025-06-01 is not before a start at 10:00 that day
    _mark_dates_alone(typed, whole, df)
    for rules, check in ((whole.not_before, order_problems), (whole.sum_within, sum_problems),
                         (whole.rate_of, rate_problems)):
        if rules:
            names = {n: s.get("zh", n) for n, s in whole.columns.items()}
            found = check(typed, rules, files, rownum, names, written=df)
            if len(found):
                problems.append(found)
    months = contracts()[kind].month_of
    if months:
        bad_months = _month_of(typed, months, files, rownum, df)
        if len(bad_months):
            problems.append(bad_months)
    undated = _undated_problems(typed, contracts()[kind], files, rownum, problems)
    if undated is not None:
        problems.append(undated)
    alone = _dates_alone(typed, contracts()[kind], files, rownum, df, parsed)
    if alone is not None:
        problems.append(alone)
    if kind == "calls_95598":   # answered, yet marked abandoned: judged by the answer, the contradiction listed
        _answered_yet_abandoned(typed, files, rownum)
    if _schema_holds(typed, c, distinct, keys):   # nothing for pandera to find: checked once per column, vectorised
        return _finish(typed, c, kind, file, problems, df, files, rownum)
    import pandera.pandas as pa

    schema_cols = {}
    for name, spec in c.columns.items():
        checks = []
        if spec["type"] == "category":
            checks.append(pa.Check.isin(spec["values"], error=f"取值应为 / value must be one of {spec['values']}"))
        schema_cols[name] = pa.Column(nullable=not spec.get("required", True) or bool(spec.get("blank")),
                                      checks=checks, required=True)
    schema = pa.DataFrameSchema(schema_cols, unique=c.key if len(c.key) else None)
    try:
        schema.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as err:
        fc = err.failure_cases
        fc = fc[fc["index"].notna()].copy()
        fc = _without_refused_keys(fc, typed, c, problems, files, rownum)
        if len(fc):  # turn pandera's failure cases into clerk's words, column at a time
            i = fc["index"].astype(int).to_numpy()
            check = fc["check"].astype(str)
            col = fc["column"].astype(str).to_numpy().copy()
            uniq = check.str.contains("uniqueness").to_numpy()
            nulls = (check == "not_nullable").to_numpy()
            col[uniq] = ",".join(c.key)
            allowed = pd.Series(col).map(lambda k: str(c.columns.get(k, {}).get("values"))).astype(str)
            cs = pd.Series(col, index=allowed.index)
            zh = "取值不在允许范围内 " + allowed
            en = "value not allowed; expected one of " + allowed
            fix_zh = "若这是导出系统的代码,请在 mapping.yaml 的 " + c.kind + ".values." + cs + " 中写 `代码: 取值`"
            fix_en = "if it is the export's code, write `code: value` under " + c.kind + ".values." + cs + " in mapping.yaml"
            # a placeholder for a blank (/, —, 无, N/A) in a category column: mapped to blank, not to a value
            held = fc["failure_case"].astype("string").reset_index(drop=True)
            blank_word = (_placeholder(held).to_numpy(dtype=bool) & ~nulls & ~uniq)
            if blank_word.any():
                w = held.str.strip().fillna("")
                fix_zh[blank_word] = ("这是表示空白的占位符:若该列允许为空,请在 mapping.yaml 的 " + c.kind + ".values." + cs
                                      + " 中写 `\"" + w + "\": null`,读作空白")[blank_word]
                fix_en[blank_word] = ("a placeholder for a blank: if the column may be blank, write `\"" + w
                                      + "\": null` under " + c.kind + ".values." + cs + " in mapping.yaml to read it "
                                      "as blank")[blank_word]
            zh[nulls], en[nulls] = "必填项为空", "required value is empty"
            zh[uniq], en[uniq] = f"与其他行重复(键 {c.key})", f"duplicates another row (key {c.key})"
            fix_zh[nulls], fix_en[nulls] = "", ""
            fix_zh[uniq] = ("每个编号只留一行:各月导出合并时同一编号出现两次(后一月的导出带着它之后的状态,如答复、回访、办结时间),保留最新的一行;"
                            "两条不同的记录则改正其中一个编号")
            fix_en[uniq] = ("keep one row per id: when monthly exports are joined and an id appears twice (the later "
                            "month's export carries its later state: a reply, a callback, a closing time), keep the latest row; if they are two "
                            "different records, correct one id")
            zh, en, fix_zh, fix_en = zh.to_numpy(), en.to_numpy(), fix_zh.to_numpy(), fix_en.to_numpy()
            if uniq.any() and len(c.key) == 1 and c.period and c.period in typed \
                    and pd.api.types.is_datetime64_any_dtype(typed[c.period]):
                # one number on different days (a queue number that restarts each day, A001): no id; the monthly-export
                # advice (keep the latest row) would drop real records
                at = np.flatnonzero(uniq)
                k_ = typed[c.key[0]].iloc[i[at]].astype(str).to_numpy()
                day = typed[c.period].iloc[i[at]].dt.normalize().to_numpy()
                days = pd.DataFrame({"k": k_, "d": day}).groupby("k")["d"].transform("nunique").to_numpy()
                daily = at[days > 1]
                fix_zh[daily] = (f"同一编号出现在不同的日期:这是每日重新编号的号码(如排队号 A001),不能作为唯一编号;请导出系统的"
                                 f"流水号(每条记录唯一),并在 mapping.yaml 中对应为 {c.key[0]}")
                fix_en[daily] = (f"the same number on different days: a number that restarts each day (a queue number "
                                 f"such as A001) is no unique id; export the system's serial number (one per record) and "
                                 f"map it to {c.key[0]} in mapping.yaml")
            if uniq.any():   # how the rows of one id differ: a row exported twice, a callback attempt per row
                _duplicates_told_apart(typed, c, i, uniq, np.asarray(rownum), files, zh, en, fix_zh, fix_en,
                                       settled=not df.attrs.get("attempts_unsettled", False))
            if uniq.any():
                # an id written as a placeholder for a blank (-, 无, N/A: kept as written in an id column) is no id:
                # its rows are no duplicates of one record, and "keep one row" would drop records (left39)
                at = np.flatnonzero(uniq)
                ph = np.zeros(len(at), dtype=bool)
                for k in c.key:
                    if k in df and c.columns.get(k, {}).get("type") == "string":
                        ph |= _placeholder(df[k].iloc[i[at]]).to_numpy(dtype=bool)
                if ph.any():
                    j = at[ph]
                    shown = ",".join(c.key)
                    zh[j] = f"编号({shown})写的是空白的占位写法,不是编号:这几行不是同一条记录的重复"
                    en[j] = f"the id ({shown}) is written as a placeholder for a blank, no id: these rows are no copies of one record"
                    fix_zh[j], fix_en[j] = NO_ID_FIX
            code = np.where(uniq, "duplicate_key", np.where(nulls, "missing_value", "not_allowed"))
            value = fc["failure_case"].astype(str).to_numpy()
            if uniq.any():
                key0 = c.key[0]
                value[uniq] = df[key0].astype(str).to_numpy()[i[uniq]]
            if nulls.any():   # a required cell written as a placeholder (-, 无, NaN): show what was written
                written = np.full(int(nulls.sum()), "", dtype=object)
                for k in np.unique(col[nulls]):   # a column at a time
                    at = col[nulls] == k
                    if k in df:
                        cells = df[k].iloc[i[nulls][at]].astype("string").str.strip().fillna("")
                        written[at] = cells.to_numpy(dtype=object)
                said = written != ""
                if said.any():
                    idx = np.flatnonzero(nulls)[said]
                    value[idx] = written[said]
                    zh[idx] = "必填项为空(“" + written[said] + "” 是空白的占位写法)"
                    en[idx] = "required value is empty ('" + written[said] + "' is a placeholder for a blank cell)"
                    ids = np.array([is_id_column(k) for k in col[idx]], dtype=bool)
                    if ids.any():   # an id written -, 无: no id; rows alike so are no copies of one record (left40)
                        at = idx[ids]
                        zh[at] = "编号为空(“" + value[at] + "” 是空白的占位写法,不是编号)"
                        en[at] = "the id is empty ('" + value[at] + "' is a placeholder for a blank cell, no id)"
                        fix_zh[at], fix_en[at] = NO_ID_FIX
            pr = Problems.of(file=files[i], row=rownum[i], column=col, value=value, code=code,
                             problem_zh=zh, problem_en=en, fix_zh=fix_zh, fix_en=fix_en)
            if problems:  # a value that failed to parse is already named
                seen = Problems.concat(problems)[["row", "column"]]
                pr = Problems.conform(pr.merge(seen.assign(_s=1), on=["row", "column"], how="left")
                                      .loc[lambda t: t["_s"].isna()])
            problems.append(pr)
    return _finish(typed, c, kind, file, problems, df, files, rownum)


def _answered_yet_abandoned(typed: pd.DataFrame, files, rownum, shown: int = 5) -> str | None:
    """A note (:class:`ReadNote`, said once: ``records check``, ``score`` and every command that reads the calls) of the
    95598 calls with an answer time written whose hang-up reason says abandoned (排队中挂机 with 接听时间): the answer
    time decides (hang_up is read only where answered_at is blank), so each is judged answered; never refused, never
    passed over in silence (leftovers49).  The count and the first ``shown`` rows' files and line numbers; None (and
    nothing said) when there is none.  One comparison per column, no loop over the calls.

    Examples
    --------
    >>> import warnings
    >>> t = pd.DataFrame({"answered_at": pd.to_datetime(["2025-03-04 08:00:05", None, "2025-03-04 08:01:00"]),
    ...                   "hang_up": ["abandoned", "abandoned", "answered"]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     note = _answered_yet_abandoned(t, np.array(["c.csv"] * 3, dtype=object), np.array([2, 3, 4]))
    >>> "1 个来电" in note and "c.csv 第 2 行" in note and "judged answered" in note
    True
    """
    if "hang_up" not in typed or "answered_at" not in typed or not len(typed):
        return None
    hit = ((typed["hang_up"].astype("string") == "abandoned").to_numpy(dtype=bool, na_value=False)
           & typed["answered_at"].notna().to_numpy(dtype=bool))
    if not hit.any():
        return None
    n, at = int(hit.sum()), np.flatnonzero(hit)[:shown]
    labels, rows = np.asarray(files, dtype=object)[at], np.asarray(rownum)[at]
    more_zh, more_en = ("等" if n > len(at) else ""), (", ..." if n > len(at) else "")
    zh = "、".join(f"{f} 第 {r} 行" for f, r in zip(labels, rows))
    en = ", ".join(f"{f} line {r}" for f, r in zip(labels, rows))
    note = (f"有 {n} 个来电写有接听时间,挂机原因却是放弃(abandoned)({zh}{more_zh}):挂机原因只在接听时间为空时读取,这些来电按"
            f"接听时间判断(已接听),未拒绝;请在导出系统中核对这两列 / {n} calls have an answer time yet a hang-up reason "
            f"of abandoned ({en}{more_en}): hang_up is read only where answered_at is blank, so each is judged answered "
            f"by its answer time, not refused; check both columns in the exporting system")
    _say_once(note)
    return note


def _without_refused_keys(fc: pd.DataFrame, typed: pd.DataFrame, c: Contract, problems: list, files, rownum):
    """pandera's failure cases ``fc`` without the uniqueness failures of rows whose key is refused: a key value named
    already as not a date, not a number (``problems``), or a required key value left blank (named as empty by pandera
    itself).  Such a row's key reads as missing, and two missing keys are alike to pandas, so the rows of two bad
    dates of one window were said to duplicate each other (left39): a duplicate message that was not true.  A key
    part the contract lets be blank (an outage's ``customer_id``, a per-event export) and left blank still counts:
    two such rows of one outage are one outage twice."""
    if not len(fc) or not c.key:
        return fc
    uq = fc["check"].astype(str).str.contains("uniqueness").to_numpy()
    if not uq.any():
        return fc
    idx = fc["index"].astype(int).to_numpy()[uq]
    na = typed[c.key].isna().to_numpy()[idx]
    if not na.any():
        return fc
    where = pd.Series(np.asarray(files, dtype=object)[idx]).astype(str) + "\x1f" + pd.Series(np.asarray(rownum)[idx]).astype(str)
    named = Problems.concat(problems) if problems else None
    refused = np.zeros(len(idx), dtype=bool)
    for j, k in enumerate(c.key):
        spec = c.columns.get(k, {})
        if spec.get("required", True) and not spec.get("blank"):
            refused |= na[:, j]     # refused (named where it failed) or blank (named as empty)
        elif named is not None and len(named):
            mine = named[named["column"] == k]
            seen = (mine["file"].astype(str) + "\x1f" + mine["row"].astype("string").fillna("")).to_numpy()
            refused |= na[:, j] & where.isin(seen).to_numpy()
    if not refused.any():
        return fc
    keep = np.ones(len(fc), dtype=bool)
    keep[np.flatnonzero(uq)[refused]] = False
    return fc[keep]


#: The columns in which the rows of one case differ when an export writes a row per attempt: a 95598 回访记录 writes
#: each callback attempt (未接通, then 满意) as a row of the case.
_ATTEMPT_COLUMNS = {"complaints": frozenset({"callback_at", "callback_result"})}


def _duplicates_told_apart(typed: pd.DataFrame, c: Contract, i: np.ndarray, uniq: np.ndarray, rownum: np.ndarray,
                           files, zh, en, fix_zh, fix_en, settled: bool = True) -> None:
    """Say, in place, how the refused rows ``i[uniq]`` differ from the other rows of their id: not at all (one row
    exported twice: delete one, where "keep the latest row" said nothing), only in a case's callback columns (a row
    per callback attempt: keep the one that reached the customer; the latest may be an unreachable second call after
    a satisfied one) or in the columns named (two states of one record, or two records: the advice as before).
    Vectorised over columns; the rows of each repeated id are listed once per id.  ``settled`` False: the mapping
    reads the attempts already (``attempts: callback``) and these are the cases its rule could not settle (two views,
    an attempt with no time or an unknown result, one of blank result after the one that reached the customer): the
    fix says so, not to write the option again."""
    def key_of(rows):
        k = rows[c.key[0]].astype("string").fillna("")
        for name in c.key[1:]:
            k = k.str.cat(rows[name].astype("string").fillna(""), sep="\x1f")
        return k.to_numpy()

    pos = np.flatnonzero(typed.duplicated(c.key, keep=False).to_numpy())
    if not len(pos):
        return
    rows = typed.iloc[pos]
    key = key_of(rows)
    cols = [k for k in c.columns if k in typed.columns and k not in c.key]
    g = rows[cols].astype("string").groupby(key, sort=False)
    differ = g.nunique(dropna=False) > 1
    clash = g.nunique(dropna=True) > 1   # two values, not a value and a blank (a note written on one attempt only)
    # the rows of each id: 第 2、3 行 in one file (or sheet); each with its file where they are in several
    at_row = rownum[pos].astype(str).astype(object)
    fl = np.asarray(files[pos], dtype=object).astype(str).astype(object)
    several = pd.Series(fl).groupby(key, sort=False).transform("nunique").to_numpy() > 1
    own_zh = pd.Series(np.where(several, fl + " 第 " + at_row + " 行", at_row)).groupby(key, sort=False).agg("、".join)
    own_en = pd.Series(np.where(several, fl + " row " + at_row, at_row)).groupby(key, sort=False).agg(", ".join)
    one = ~pd.Series(several).groupby(key, sort=False).any()
    listed = ("第 " + own_zh + " 行").where(one, own_zh)
    listed_en = ("rows " + own_en).where(one, own_en)
    at = np.flatnonzero(uniq)
    fk = key_of(typed.iloc[i[at]])
    d = differ.reindex(fk)
    names = np.full(len(at), "", dtype=object)
    for col in cols:   # a column at a time
        names = names + np.where(d[col].to_numpy(dtype=bool, na_value=False), col + ", ", "").astype(object)
    names = pd.Series(names, dtype="string").str.rstrip(", ").to_numpy(dtype=object)
    where = listed.reindex(fk).to_numpy(dtype=object)
    where_en = listed_en.reindex(fk).to_numpy(dtype=object)
    same = names == ""
    attempts = np.zeros(len(at), dtype=bool)
    own = _ATTEMPT_COLUMNS.get(c.kind)
    if own:
        # the other columns the same on every attempt; text (a note, 诉求内容) may be written on one attempt only, a
        # time or a state may not (a month's row before the reply, then one after it: two states, not attempts)
        text = [k for k in cols if k not in own and c.columns[k].get("type") == "string"]
        fixed = [k for k in cols if k not in own and k not in text]
        only = ~(clash.reindex(fk)[text].to_numpy(dtype=bool, na_value=False).any(axis=1)
                 | d[fixed].to_numpy(dtype=bool, na_value=False).any(axis=1))
        only &= d[[k for k in cols if k in own]].to_numpy(dtype=bool, na_value=False).any(axis=1)
        attempts = only & ~same
    other = ~same & ~attempts
    for sel, z, e, fz, fe in (
            (same, ":与同一编号的其他行完全相同(" + where + ":同一行导出了两次)",
             ": identical to the other row(s) of its id (" + where_en + ": one row exported twice)",
             "删去重复的行,只留一行", "delete the repeated rows, keeping one"),
            (attempts, ":同一编号的几行只在 " + names + " 上不同(" + where + ":每次回访尝试一行)",
             ": the rows of its id differ only in " + names + " (" + where_en + ": a row per callback attempt)",
             "在 mapping.yaml 的 complaints 下写 attempts: callback,按每个工单读取联系上客户的那次回访(满意、不满意、拒访,"
             "几次时取最后一次);几次都未联系上时取最后一次(无需改动导出)。或手工每个工单只留这样一行;不要只留最后一行:"
             "联系上之后的一次复核未接通,会把已回访的工单算成未回访",
             "write attempts: callback under complaints in mapping.yaml: each case is read with the attempt that "
             "reached the customer (satisfied, dissatisfied, declined; the last of several), else the last attempt "
             "(the export unchanged). Or keep that one row per case by hand; not simply the last row: a check call "
             "unanswered after a satisfied callback would count the case as not called back"),
            (other, None, None, None, None)):
        if sel is attempts and not settled:
            fz = ("mapping.yaml 已写 attempts: callback,但按规则无法确定这个工单哪一次回访有效(联系上客户的几次评价不同、"
                  "某次没有回访时间或回访结果不是约定值,联系上之后还有一次回访结果为空的尝试,或满意/不满意在答复与办结之间、"
                  "之后又一次拒访:评价是否算回访所听取的取决于各测量的办结时点);请在导出中补全回访时间和结果,"
                  "或手工只留应计的那一行")
            fe = ("attempts: callback is written in mapping.yaml, but its rule cannot settle which attempt of this case "
                  "counts (attempts that reached the customer with different views, an attempt with no time or a result "
                  "that is no contract value, an attempt of blank result after the one that reached the customer, or a view "
                  "(satisfied, dissatisfied) given between the reply and the resolution and a declined (拒访) attempt "
                  "after it: whether the callback heard that view depends on each measure's conclusion); "
                  "complete the callback times and results in the export, or keep the row that counts by hand")
        if not sel.any():
            continue
        j = at[sel]
        if z is None:   # two states of one record, or two records: the columns that differ named, the fix kept
            zh[j] = zh[j] + "(" + where[sel] + ",在 " + names[sel] + " 上不同)"
            en[j] = en[j] + " (" + where_en[sel] + ", differing in " + names[sel] + ")"
            continue
        zh[j], en[j], fix_zh[j], fix_en[j] = zh[j] + z[sel], en[j] + e[sel], fz, fe


#: What an ``unknown_speakers`` problem's value says before the labels (:func:`_speaker_problem`).
_LABELS_VALUE = "未知说话人 / unknown labels: "
#: Why a label shaped as a name is not shown, and what to do (priv33): no message names a person.
_NAME_HIDDEN_ZH = (";它像人名,按隐私规则不显示:人名作说话人标签时,请在 mapping.yaml 中照导出的写法写明它是员工还是客户,"
                   "或在导出时换成 员工:/客户:")
_NAME_HIDDEN_EN = ("; it is shaped as a person's name and not shown, for privacy: a person's name used as a speaker "
                   "label must be declared in mapping.yaml as the export writes it, staff or customer, or replaced by "
                   "员工:/客户: in the export")
#: The fix's words on a staff number or a name as a label, and on exporting known labels: written so that the masking
#: of a printed message leaves them (工号或姓名可写 … had printed 工号或姓名某某, 用 员工:/客户: 标注 as 客户: 某某).
_STAFF_GLOB_ZH = "标签为工号或人名时可写成 '工号*': staff;* 代表几个字符"
_EXPORT_KNOWN_ZH = "或在导出时把说话人标注为 员工:/客户:"


def _speaker_problem(labels, bad: np.ndarray, name: str, files, rownum, problem_zh, problem_en, fix_zh,
                     fix_en) -> list:
    """The ``unknown_speakers`` Problems of the rows ``bad`` (each message a text, or an array of one per bad row),
    their value the unknown labels of each (``labels``, one per bad row, as :func:`.speakers.speaker_labels` shows
    them), never the dialogue (a phone number, a name): the one builder of both refusals of speaker labels
    (:func:`_mixed_speaker_problems`, :func:`_speaker_problems`)."""
    if not bad.any():
        return []
    i = np.flatnonzero(bad)
    value = np.char.add(_LABELS_VALUE, np.asarray(labels, dtype=str)).astype(object)
    return [Problems.of(file=files[i], row=np.asarray(rownum)[i], column=name, value=value,
                        code="unknown_speakers", problem_zh=problem_zh, problem_en=problem_en, fix_zh=fix_zh,
                        fix_en=fix_en)]


def _mixed_speaker_problems(text: pd.Series, name: str, kind: str, files, rownum, done, known=None) -> list:
    """A dialogue with known labels and one windoweval does not know (客户：快点 柜台A：急什么！; a partial mapping.yaml
    ``speakers`` that declares A: while the text uses C: too), refused with its row: read as it is, the unknown-labelled
    turn would join the turn before it, a customer's, and the staff's words in it would never be judged (verdicts25).
    The label is named, and the fix's example is it (verdicts26), unless it is shaped as a person's name
    (:func:`.speakers.name_shaped`: 张三, 客户王五; a role, 主管, is named: priv33); either way the character it starts at
    is said, and a hidden one says why it is hidden and what to do."""
    from . import speakers

    lab = speakers.unread_labels(text, known=known)
    bad = lab.notna().to_numpy() & ~done
    if not bad.any():
        return []
    shown = lab.to_numpy(dtype=object)[bad].astype(str)
    named = ~speakers.name_shaped(shown)
    at = speakers.label_offsets(text[bad], shown).astype(str)
    zh = np.where(named, np.char.add(np.char.add("标签 “", shown), "” "), "标签 ")
    zh = np.char.add(np.char.add(np.char.add(zh, "(第 "), at), " 个字符起")
    zh = np.char.add(zh, np.where(named, ")", _NAME_HIDDEN_ZH + ")"))
    en = np.where(named, np.char.add(np.char.add("the label '", shown), "' "), "a label shaped as a person's name ")
    en = np.char.add(np.char.add(np.char.add(en, "(at character "), at), np.where(named, ") ", _NAME_HIDDEN_EN + ") "))
    example = np.char.add(np.char.add("{", np.where(named, shown, "柜台A")), ": staff}")
    return _speaker_problem(
        np.char.add(np.where(named, shown, speakers.NAME_SHOWN), "："), bad, name, files, rownum,
        problem_zh=np.char.add(np.char.add("对话中有已知的员工/客户标签,也有未知的说话人", zh),
                               "(不是已知标签,mapping.yaml 也未写明):这一轮会被并入前一说话人,工作人员的话可能无从评判"),
        problem_en=np.char.add(np.char.add("the dialogue holds known staff/customer labels and ", en),
                               "that is neither known nor declared in mapping.yaml: its turn would join the speaker's "
                               "before it, and the staff's words in it might never be judged"),
        fix_zh=np.char.add(np.char.add(f"请在 mapping.yaml 的 {kind}.speakers 中写明这个标签是谁,如 speakers: ", example),
                           f"({_STAFF_GLOB_ZH};已写了部分标签的,其余标签也要写明);"
                           f"{_EXPORT_KNOWN_ZH}"),
        fix_en=np.char.add(np.char.add(f"declare who the label is under {kind}.speakers in mapping.yaml, such as "
                                       "speakers: ", example),
                           " ('工号*': staff for staff numbers or names; * stands for a few characters; a mapping "
                           "that declares some labels declares all of them), or export the labels as 员工:/客户:"))


def _halves(fn, s: pd.Series) -> np.ndarray:
    """``fn(s)`` for a test of each row on its own (one boolean a row, as :func:`.speakers.known_label_rows`): a long
    column's two halves on two threads (pyarrow's regular expressions let go of the interpreter), the rows' answers
    in order.  The known labels of the demo x100's 300,000 transcripts took 0.066 s on the one thread running
    (session 35).

    Examples
    --------
    >>> s = pd.Series(["员工：您好", "A:你好 B:您好"] * 3)
    >>> from windoweval.records import speakers
    >>> _halves(speakers.known_label_rows, s).tolist() == speakers.known_label_rows(s).tolist()
    True
    """
    pool = _workers() if len(s) >= PARALLEL_ROWS and not _in_worker() else None
    if pool is None:
        return np.asarray(fn(s))
    half = len(s) // 2
    other = _submit(pool, fn, s.iloc[half:])
    mine = np.asarray(fn(s.iloc[:half]))
    return np.concatenate([mine, np.asarray(other.result())])


def _blank_speaker_problems(typed, c, files, rownum) -> list:
    """A dialogue exported one turn per row (a ``speaker`` column) with a turn whose speaker is blank, where other
    turns of the same recording name theirs: whose words they are is unknown, refused with its row (diff41: the row
    was split off as a dialogue of its own under the recording's id, read as the staff's words alone, a customer's
    words judged as the staff's and the recording counted twice).  A recording none of whose rows names a speaker is
    a whole dialogue (or the staff's words alone), as before."""
    if "speaker" not in c.columns or "speaker" not in typed or not c.key or c.key[0] not in typed:
        return []
    sp = typed["speaker"]
    named = sp.notna().to_numpy(dtype=bool)
    if not named.any() or named.all():
        return []
    ids = typed[c.key[0]]
    bad = ~named & ids.isin(pd.unique(ids[named])).to_numpy(dtype=bool, na_value=False)
    if not bad.any():
        return []
    i = np.flatnonzero(bad)
    head = c.columns["speaker"].get("zh", "speaker")
    return [Problems.of(file=files[i], row=np.asarray(rownum)[i], column="speaker", value="(空 / blank)",
                        code="blank_speaker",
                        problem_zh=f"逐轮导出的对话中这一轮的{head}为空(同一录音的其他轮次写明了说话人),无法分辨这句话是工作人员还是客户说的",
                        problem_en="a turn of a dialogue exported one turn per row has no speaker while the recording's "
                                   "other turns name theirs: whether the staff or the customer said it cannot be told",
                        fix_zh=f"请在{head}列填写 staff(工作人员)或 customer(客户)",
                        fix_en="fill in the speaker: staff or customer")]


def _speaker_problems(text: pd.Series, name: str, kind: str, files, rownum) -> list:
    """A dialogue whose speaker labels none is known (A:/B:, 甲：/乙：, staff numbers), refused with its row: read as it
    is, the whole of it would be the staff's words, a verdict on evidence no one declared (verdicts24).  The fix: its
    labels declared under ``speakers`` in mapping.yaml (:mod:`windoweval.records.speakers`)."""
    from . import speakers

    known = _halves(speakers.known_label_rows, text)   # asked by both checks: read once
    bad = speakers.unknown_speaker_rows(text, known=known).to_numpy(dtype=bool)
    labels = speakers.speaker_labels(text[bad]).to_numpy(dtype=object) if bad.any() else []
    # where the first label shown as a name stands (1001：您好 张三：… shows 1001：, 某某：), and why it is not shown
    at = speakers.hidden_label_offsets(text[bad]) if bad.any() else np.zeros(0, dtype=np.int64)
    hidden_zh = np.where(at > 0, np.char.add(np.char.add("(标签 “某某” 在第 ", at.astype(str)), " 个字符起"
                                             + _NAME_HIDDEN_ZH + ")"), "")
    hidden_en = np.where(at > 0, np.char.add(np.char.add(" (the label shown as 某某 starts at character ",
                                                         at.astype(str)), _NAME_HIDDEN_EN + ")"), "")
    return _mixed_speaker_problems(text, name, kind, files, rownum, bad, known) + _speaker_problem(
        labels, bad, name, files, rownum,
        problem_zh=np.char.add("对话的说话人标签(如 A:/B:、甲：/乙：、工号)都不是已知的员工或客户标签,无法分辨哪些话是工作人员说的",
                               hidden_zh),
        problem_en=np.char.add("none of the dialogue's speaker labels (such as A:/B:, 甲：/乙：, a staff number) is a known "
                               "staff or customer label: whose words are the staff's cannot be told", hidden_en),
        fix_zh=f"请在 mapping.yaml 的 {kind}.speakers 中写明每个标签是谁,如 speakers: {{A: staff, B: customer}}"
               f"({_STAFF_GLOB_ZH});{_EXPORT_KNOWN_ZH}",
        fix_en=f"declare who each label is under {kind}.speakers in mapping.yaml, such as speakers: "
               "{A: staff, B: customer} ('工号*': staff for staff numbers or names; * stands for a few "
               "characters), or export the labels as 员工:/客户:")


#: a voltage level as a system names it: 220V, 0.38kV, 10 千伏, 交流10kV, AC 10kV (NFKC, casefolded, no spaces)
_LEVEL_RE = r"^(?:交流|ac)?(\d+(?:\.\d+)?)(kv|千伏|v|伏|伏特)$"
_LEVEL_UNITS = {"kv": 1000.0, "千伏": 1000.0, "v": 1.0, "伏": 1.0, "伏特": 1.0}
#: levels named otherwise than by their nominal voltage: 0.4 kV is the 380 V network (its transformers' secondary)
_LEVEL_NOMINAL = {400.0: 380.0}


def voltage_level(text: pd.Series) -> pd.Series:
    """The nominal voltage (V) a voltage level names (``220V``, ``0.38kV``, ``10千伏``, ``交流10kV``); NaN where it
    names none (高压, a code, blank).  0.4 kV names the 380 V network.

    Examples
    --------
    >>> voltage_level(pd.Series(["220V", "0.38kV", "0.4 kV", "10千伏", "交流10kV", "AC110KV", "高压", None])).tolist()
    [220.0, 380.0, 380.0, 10000.0, 10000.0, 110000.0, nan, nan]
    """
    t = text.astype("string").str.normalize("NFKC").str.casefold().str.replace(r"\s+", "", regex=True)
    got = t.str.extract(_LEVEL_RE)
    v = (pd.to_numeric(got[0], errors="coerce").astype(float)
         * got[1].map(_LEVEL_UNITS).astype(float)).round(6).to_numpy(dtype=float, na_value=np.nan)
    for named, nominal in _LEVEL_NOMINAL.items():
        v = np.where(v == named, nominal, v)
    return pd.Series(v, index=text.index, dtype=float)


def _nominal_from(df: pd.DataFrame, c: Contract, files, rownum, only) -> tuple | None:
    """A contract's ``nominal_from`` (``{value: level}``) where the records have no ``value`` column: ``({value:
    the voltage each level names}, problems)``, a written level that names none a problem (file, row, the level as
    written, the fix); None where there is nothing to read (the column given, by the file or a ``constant``).
    A level that is one of the contract's codes (single_phase_220v: coded before, by ``constant`` or by the caller)
    names no voltage and is no problem.  ``files``: each row's file, or one file's name.  Run by the mapping before the codes replace the level's text
    (:func:`~windoweval.records.mapping.apply_mapping`), and by :func:`validate` on records handed to it."""
    rules = contracts()[c.kind].nominal_from
    out, problems = {}, []
    for col, src in rules.items():
        if col in df.columns or src not in df.columns or (only and col not in only):
            continue
        v = voltage_level(df[src])
        text = df[src].astype("string").str.strip()
        # a contract's own code (single_phase_220v) is a level already coded, its text unknown: no voltage, no error
        codes = [str(x) for x in c.columns[src].get("values") or []]
        bad = (v.isna() & text.notna() & (text != "") & ~text.isin(codes)).to_numpy(dtype=bool)
        if bad.any():
            zc, zs = c.columns[col].get("zh", col), c.columns[src].get("zh", src)
            problems.append(Problems.of(file=files if isinstance(files, str) else files[bad],
                                        row=np.asarray(rownum)[bad], column=src,
                                     value=text[bad].to_numpy(dtype=object), code="level_not_a_voltage",
                                     problem_zh=f"文件没有{zc}列,而{zs}没有写出电压(应如 220V、0.38kV、10kV、35kV),无从得出额定电压",
                                     problem_en=f"the file has no {col} column and {src} names no voltage (such as 220V, "
                                                f"0.38kV, 10kV, 35kV): the nominal voltage cannot be told",
                                     fix_zh=f"请把{zs}写成电压(如 10kV),或导出额定电压列,或在 mapping.yaml 中用 "
                                            f"constant 设定 {col}(一个电压等级的文件)",
                                     fix_en=f"write {src} as a voltage (such as 10kV), or export the nominal voltage "
                                            f"(额定电压), or set {col} with constant in mapping.yaml (a file of one "
                                            f"voltage level)"))
        out[col] = v.to_numpy(dtype=float)
    return (out, problems) if out else None


def _month_of(typed: pd.DataFrame, rules: dict, files, rownum, written: pd.DataFrame) -> Problems:
    """A contract's ``month_of`` (``{month: [day]}``): a blank month takes its day's month, in place (a monitor's day
    row carries its month, the column its year is read from); a month written that is not its day's is a problem
    (file, row, the month as written, the fix), never read as either.

    Examples
    --------
    >>> t = pd.DataFrame({"d": pd.to_datetime(["2025-03-05", None, "2025-03-05"]),
    ...                   "m": pd.to_datetime([None, "2025-04-01", "2025-04-01"])})
    >>> pr = _month_of(t, {"m": ["d"]}, np.array(["s.csv"] * 3, dtype=object), np.array([2, 3, 4]), t)
    >>> t["m"].dt.strftime("%Y-%m").tolist(), pr[["row", "column"]].values.tolist()
    (['2025-03', '2025-04', '2025-04'], [[4, 'm']])
    """
    frames = []
    for month, days in rules.items():
        for day in days:
            if month not in typed or day not in typed:
                continue
            m = typed[month].dt.to_period("M").dt.start_time
            of_day = typed[day].dt.to_period("M").dt.start_time
            other = (m.notna() & of_day.notna() & (m != of_day)).to_numpy(dtype=bool)
            if other.any():
                cells = written[month] if month in written and not pd.api.types.is_datetime64_any_dtype(written[month]) \
                    else typed[month].dt.strftime("%Y-%m")
                frames.append(Problems.of(
                    file=files[other], row=np.asarray(rownum)[other], column=month,
                    value=cells[other].astype("string").fillna("").to_numpy(dtype=object), code="month_not_the_days",
                    problem_zh=f"{month} 不是 {day} 所在的月份", problem_en=f"{month} is not the month of {day}",
                    fix_zh=f"请改正其中一个后重新导出(日统计可不填 {month})",
                    fix_en=f"correct one of them and export again (a day's row may leave {month} blank)"))
            typed[month] = m.fillna(of_day).astype(typed[month].dtype)
    return Problems.concat(frames)


def _undated_problems(typed: pd.DataFrame, c: Contract, files, rownum, problems: list):
    """The rows none of whose year columns (the contract's ``periods``, each allowed blank: a work order's filing
    and clock start) holds a date: such a record belongs to no year, so it is refused with its row (never left out
    of every year in silence).  None when there is none, or when a year column must be filled anyway."""
    pers = [p for p in (c.periods or ()) if p in typed]
    if len(pers) < 2 or len(pers) != len(c.periods):
        return None
    if any(c.columns[p].get("required", True) and not c.columns[p].get("blank") for p in pers):
        return None
    none = np.logical_and.reduce([typed[p].isna().to_numpy(dtype=bool) for p in pers])
    if not none.any():
        return None
    if problems:   # a date that did not parse is named already (its row is not blank), as is a combine's time
        seen = Problems.concat(problems)   # written without its date (named at the export's date header)
        seen = seen[(seen["column"].isin(pers) | (seen["code"] == "time_without_date")).to_numpy(dtype=bool)]
        if len(seen):   # by file and row (tidy45): another file's row of the same number is not this one
            at = np.flatnonzero(none)
            mine = pd.MultiIndex.from_arrays([pd.Index(np.asarray(files[at], dtype=object).astype(str)),
                                              pd.Index(np.asarray(rownum, dtype=np.int64)[at])])
            named = pd.MultiIndex.from_arrays([pd.Index(seen["file"].astype(str).to_numpy(dtype=object)),
                                               pd.Index(seen["row"].to_numpy(dtype=np.int64))])
            none[at[mine.isin(named)]] = False
        if not none.any():
            return None
    i = np.flatnonzero(none)
    names = "、".join(c.columns[p].get("zh", p) for p in pers)
    fix = contracts()[c.kind].undated_fix   # the contract's own fix (a monitor's day or month), else a filing's
    return Problems.of(file=files[i],
                       row=np.asarray(rownum)[i], column=pers[0], value="", code="missing_value",
                       problem_zh=f"{names}均为空:记录无法归入任何年度",
                       problem_en=f"{', '.join(pers)} are all empty: the record belongs to no year",
                       fix_zh=fix[0] if fix else f"填写{c.columns[pers[0]].get('zh', pers[0])}(受理登记的时间;时限起算时间尚无时可空)",
                       fix_en=fix[1] if fix else f"fill in {pers[0]} (when the record was filed; the clock start may "
                                                 f"stay blank until it starts)")


#: A date written alone, no time of day (2025-01-05, 2025/1/5, 2025.1.5, 2025年1月5日, 20250105, an Excel serial 45662;
#: day first, 13.03.2025, where its file said so: validate._day_first, dates44).
_DATE_ALONE_RE = (r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}|\d{5}(?:\.0+)?"
                  r"|\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}")


_NAT_NS = np.iinfo(np.int64).min
_HOUR_NS = 3600 * 10**9
#: How many values of a file :func:`_sampled` looks at, spread over it.
CLOCK_SAMPLE = 4096


def _file_blocks(codes: np.ndarray, k: int) -> list | None:
    """Each file's rows as ``(start, end)`` where the files' rows come one file after another (as
    :meth:`FileLabels.concat` lays them), else None."""
    if k == 1:
        return [(0, len(codes))]
    if len(codes) > 1 and (codes[1:] < codes[:-1]).any():
        return None
    ks = np.arange(k, dtype=codes.dtype)   # of the codes' own type: searchsorted copies no array to compare
    return list(zip(np.searchsorted(codes, ks, "left").tolist(), np.searchsorted(codes, ks, "right").tolist()))


def _sampled(v: np.ndarray, blocks: list, look: np.ndarray | None, day: int = _DAY_NS, hour: int = _HOUR_NS):
    """What a sample of each file's values says (int64 ``v`` in a unit whose day and hour are ``day``, ``hour``):
    ``(timed, clock24)``, per file (of ``blocks``, as :func:`_file_blocks` gives them) whether the sample holds a time
    of day (not 00:00: the file is no dates alone's) and one at an hour past 12 or at 0 o'clock (00:30: the file's
    clock is a 24-hour one).  :data:`CLOCK_SAMPLE` values spread over each file; the files ``look`` leaves out (a
    store's beside the CSV's) and empty ones say nothing.  A sample only spares a file the whole look, never judges it.

    Examples
    --------
    >>> h = _HOUR_NS
    >>> v = np.array([9 * h, 15 * h, 0, 0, 8 * h, 11 * h, _NAT_NS], dtype=np.int64)
    >>> [x.tolist() for x in _sampled(v, [(0, 2), (2, 4), (4, 7)], None)]
    [[True, False, True], [True, False, False]]
    >>> [x.tolist() for x in _sampled(v, [(0, 2), (2, 4), (4, 7)], np.array([False, True, True]))]
    [[False, False, True], [False, False, False]]
    """
    k = len(blocks)
    timed, clock24 = np.zeros(k, dtype=bool), np.zeros(k, dtype=bool)
    for i, (s, e) in enumerate(blocks):
        if e <= s or (look is not None and not look[i]):
            continue
        smp = v[s:e:max(1, (e - s) // CLOCK_SAMPLE)]
        smp = smp[smp != _NAT_NS]
        if len(smp):
            tod = smp % day
            timed[i] = (tod != 0).any()
            clock24[i] = ((tod >= 13 * hour) | (tod < hour) & (tod != 0)).any()
    return timed, clock24


def _block_rows(blocks: list, files: np.ndarray) -> np.ndarray | None:
    """The rows of the files ``files`` marks (a boolean per block), None for no row."""
    keep = [np.arange(s, e) for (s, e), f in zip(blocks, files) if f and e > s]
    return np.concatenate(keep) if keep else None


def _dates_alone(typed: pd.DataFrame, c: Contract, files, rownum, written: pd.DataFrame, parsed=()):
    """A file whose every value of a ``time_of_day`` column (a counter's service start and end, a call's answer) is
    a date alone, the day's 00:00: Excel saves a date-formatted cell as CSV or Unicode text as the date it shows, the
    time of day dropped (2025/1/5 for 2025-01-05 09:05).  Read as 00:00, start and end would be equal and every limit
    in minutes met: refused, once per file and column, at its first row, never read (export42).  A midnight among
    times is a midnight; a file of dates alone in a column whose rules compare days is no concern here.

    A typed column (``written`` holds date-times, no text) is as stored (Parquet, a workbook's cells), except in the
    files ``parsed`` names: the CSV parse typed their ISO text itself (twelve44), and a 12-hour clock is looked for
    there as in text, on their values' hours; a date alone never reaches that parse's date-times
    (:func:`~windoweval.records.csvfast._datetimes64` leaves a midnight to the text path).  One export has one clock:
    a time from 13:00 on or at 0 o'clock in any of a file's time-of-day columns rules the 12-hour clock out for all of
    them (a shift's end at 17:30 beside its start at 08:30).  A sample of each file's values rules out what it can
    (:func:`_sampled`); only the rest is looked at whole, so a file of mornings beside its afternoons costs a sample.

    Examples
    --------
    >>> t = pd.DataFrame({"ended_at": pd.to_datetime(["2025-01-05", "2025-01-06"])})
    >>> p = _dates_alone(t, contracts()["counter_transactions"], np.array(["a.csv"] * 2, dtype=object),
    ...                  np.array([2, 3]), pd.DataFrame({"ended_at": ["2025/1/5", "2025/1/6"]}))
    >>> p[["row", "column", "value"]].values.tolist()
    [[2, 'ended_at', '2025/1/5']]
    >>> _dates_alone(t, contracts()["counter_transactions"], np.array(["a.csv"] * 2, dtype=object),
    ...              np.array([2, 3]), pd.DataFrame({"ended_at": ["2025-01-05 00:00:00", "2025/1/6"]})) is None
    True
    >>> _dates_alone(t.assign(ended_at=t["ended_at"] + pd.Timedelta(minutes=5)), contracts()["counter_transactions"],
    ...              np.array(["a.csv"] * 2, dtype=object), np.array([2, 3]), t) is None
    True
    """
    cols = [n for n, s in c.columns.items() if s.get("time_of_day") and n in typed
            and pd.api.types.is_datetime64_any_dtype(typed[n])]
    if not cols or not len(typed):
        return None
    if isinstance(files, FileLabels):
        codes, labels = files.codes, files.labels
    else:
        codes, labels = pd.factorize(pd.Series(np.asarray(files, dtype=object)).astype(str))
    k = len(labels)
    blocks = _file_blocks(codes, k)
    rownum = np.asarray(rownum)
    prep = {}   # each column looked at: its values in its own unit, its day and hour, typed, the files looked at
    for n in cols:
        if n not in written:
            continue
        typed_col = _is_typed(written[n])
        own = None   # every file
        if typed_col:   # a typed column: a store's times are as stored; the CSV parse's were written as text
            own = np.isin(np.asarray(labels, dtype=object), np.asarray(list(parsed), dtype=object)) if len(parsed) \
                else np.zeros(k, dtype=bool)
            if not own.any():
                continue
            if own.all():
                own = None
        arr = typed[n].to_numpy()
        if arr.dtype.kind != "M":
            continue
        # in the column's own unit (a copy to nanoseconds took longer than the rest together)
        per_s = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}.get(np.datetime_data(arr.dtype)[0])
        if per_s is None:
            continue
        # a value marked as written a date alone (_mark_dates_alone: text only) is its day's 00:00 here
        prep[n] = (arr.view(np.int64), 86_400 * per_s, 3600 * per_s, typed_col, own, per_s == 10**9 and not typed_col)
    if not prep:
        return None

    def values(n):   # a column's values, each marked date alone at its 00:00 (a copy only if one is marked)
        v, marks = prep[n][0], prep[n][5]
        if marks:
            from ..calendar import date_only

            marked = date_only(v)
            if marked.any():
                v = v - marked
        return v

    # One export has one clock (twelve44): a file with a time at an hour past 12 or at 0 o'clock in any of its columns
    # is no 12-hour clock's in any of them.  Each file is first ruled out by a sample of each column's values spread
    # over it (one time of day rules out dates alone in that column, one hour past 12 or at 0 the 12-hour clock in
    # every column); only what the samples cannot rule out is looked at whole
    timed_smp, clock24 = {}, np.zeros(k, dtype=bool)
    if blocks is not None:
        for n, (_v, day, hour, typed_col, own, _m) in prep.items():
            timed_smp[n], c24 = _sampled(values(n), blocks, own, day, hour)
            clock24 |= c24
    found, n24 = {}, np.zeros(k, dtype=np.int64)
    for n, (v, day, hour, typed_col, own, _m) in prep.items():
        v = values(n)
        if blocks is None:   # no sample: every row (of the files looked at)
            at = None if own is None else np.flatnonzero(own[codes])
        else:
            # the 12-hour clock in the files no sample rules out; dates alone (text only) where this column's
            # sample holds no time of day
            look = ~clock24 if typed_col else ~clock24 | ~timed_smp[n]
            if own is not None:
                look &= own
            if look.all():
                at = None
            else:
                at = _block_rows(blocks, look)
                if at is None:
                    continue
        if at is not None and len(at) == len(v):
            at = None
        if at is not None:   # those files' rows only, their positions kept for the rows and values shown
            v, sub_codes, sub_rows = v[at], codes[at], rownum[at]
        else:
            sub_codes, sub_rows = codes, rownum
        filled = v != _NAT_NS
        if not filled.any():
            continue
        tod = v % day
        noon = filled & (tod != 0)   # a time of day written somewhere in the file: dates alone it is not
        found[n] = [None, None]
        if noon.any():   # each file's times of day by part of the day, kept; the hours themselves made again if needed
            counts = _clock_counts(tod // hour, noon, sub_codes, k)
            n24 += counts[1]
            found[n][0] = (counts, at)
        del tod
        if typed_col:   # the parse's date-times hold no date alone (a midnight left the column to the text path)
            continue
        codes_, rownum_ = sub_codes, sub_rows
        nf = np.bincount(codes_[filled], minlength=k)
        nt = np.bincount(codes_[noon], minlength=k) if noon.any() else np.zeros(k, dtype=np.int64)
        bad = np.flatnonzero((nf > 0) & (nt == 0))
        if not len(bad):
            continue
        at_ = np.flatnonzero(filled & np.isin(codes_, bad))
        written_ = written[n] if at is None else written[n].iloc[at]
        # written as dates (2025/1/5, 2025年1月5日, 20250105, an Excel serial 45662): a 00:00:00 written is a midnight
        text = written_.iloc[at_].astype("string").str.strip().str.normalize("NFKC")
        timed = ~text.str.fullmatch(_DATE_ALONE_RE).fillna(False).to_numpy(dtype=bool)
        if timed.any():
            bad = np.setdiff1d(bad, codes_[at_[timed]])
            at_ = at_[np.isin(codes_[at_], bad)]
        if not len(at_):
            continue
        first = at_[np.unique(codes_[at_], return_index=True)[1]]   # each such file's first filled row
        shown = written_.astype("string").fillna("").to_numpy(dtype=object)[first]
        zh_name = c.columns[n].get("zh", n)
        found[n][1] = Problems.of(
            file=np.asarray(labels, dtype=object)[codes_[first]], row=rownum_[first], column=n,
            value=shown, code="dates_alone",
            problem_zh=f"{zh_name}这一列只有日期、没有时刻(文件中每个值都是当日 0 点):按分钟、小时计的时限读作 0 点会"
                       "一律误判为达标,因此整个文件未被读入;从 Excel 另存为 CSV 或 Unicode 文本时,设成日期格式的单元格只写出日期",
            problem_en=f"{n} holds dates alone, no time of day (every value in the file is the day's 00:00): a limit in "
                       "minutes or hours read from 00:00 would be met by every record, so the file was not read; Excel "
                       "saves a date-formatted cell as CSV or Unicode text as the date alone",
            fix_zh="请在导出系统中连同时刻导出(如 2025-03-04 09:05:12);从 Excel 另存时,先把这一列的单元格格式设为 "
                   "yyyy-mm-dd hh:mm:ss,或直接交付 .xlsx 工作簿",
            fix_en="export the time of day with the date (such as 2025-03-04 09:05:12); saving from Excel, first set "
                   "the column's cell format to yyyy-mm-dd hh:mm:ss, or deliver the .xlsx workbook itself")
    # the files whose columns together hold no time past 12 nor at 0 o'clock (no sample's, none looked at whole)
    one_clock = (n24 == 0) & ~clock24
    out = []
    for n, (clock, alone) in found.items():
        if clock is not None and _twelve_files(clock[0], one_clock) is not None:
            counts, at = clock
            v, day, hour = values(n), prep[n][1], prep[n][2]
            sub_codes, sub_rows = (codes, rownum) if at is None else (codes[at], rownum[at])
            if at is not None:
                v = v[at]
            tod = v % day
            twelve = _twelve_hour_clock(tod // hour, (v != _NAT_NS) & (tod != 0), sub_codes, k, c, n, labels,
                                        sub_rows, written if at is None else written[[n]].iloc[at],
                                        one_clock=one_clock)
            if twelve is not None:
                out.append(twelve)
        if alone is not None:
            out.append(alone)
    return Problems.concat(out) if out else None


#: At least this many times of day in a file before their hours can say the clock was 12-hour.
TWELVE_HOUR_LEAST = 20


#: A time of day written in a date-time's text: a clock (9:05, 9：05), 时/点, an ISO ``T09``, AM/PM or a part of the day
#: (上午, 晚上, 凌晨), or an Excel serial day with a fraction (45662.375).
_TIME_WRITTEN_RE = r"\d\s*[:：]\s*\d|[时点]|\dT\d|[AaPp]\.?[Mm]\b|[午晚晨]|^\s*\d+\.\d*[1-9]"


def _midnights(v: np.ndarray) -> np.ndarray:
    """The positions of the times ``v`` (int64 nanoseconds, NaT the smallest int64) at their day's 00:00: the base
    layer's one test by the low bits (:func:`windoweval.calendar.at_time_of_day`).

    Examples
    --------
    >>> t = pd.to_datetime(["2025-01-05 00:00", "2025-01-05 09:00", None], format="mixed")
    >>> _midnights(t.to_numpy().astype("datetime64[ns]").view(np.int64)).tolist()
    [0]
    """
    return at_time_of_day(v)


def _mark_dates_alone(typed: pd.DataFrame, c: Contract, written: pd.DataFrame) -> None:
    """Mark (in place) each value of a date-time column written as a date alone (``2025-01-05``, ``2025/1/5``, an
    Excel serial day ``45662``) with :data:`~windoweval.records.cutoff.DATE_ONLY_NS`: read as the day's 00:00, it
    would be taken for a time, and a limit in minutes or hours judged on it (a repair "arrived" at 00:00).  Only the
    values at the day's 00:00 are looked at (their text, vectorised); a midnight written with its time (00:00) is a
    time.  A typed column (Parquet, a workbook's date-time cells) is as stored.  Columns of type ``date`` are days by
    contract and not marked.

    Examples
    --------
    >>> from windoweval.records.cutoff import date_only
    >>> t = pd.DataFrame({"arrived_at": pd.to_datetime(["2025-01-05 00:00", "2025-01-05 00:00", "2025-01-05 09:00"])
    ...                   .astype("datetime64[ns]")})
    >>> _mark_dates_alone(t, contracts()["work_orders"], pd.DataFrame({"arrived_at": ["2025/1/5", "2025-01-05 00:00",
    ...                                                                               "2025-01-05 09:00"]}))
    >>> date_only(t["arrived_at"].to_numpy()).tolist(), str(t["arrived_at"][0])
    ([True, False, False], '2025-01-05 00:00:00.000000001')
    """
    from ..calendar import DATE_ONLY_NS

    for n, spec in c.columns.items():
        if spec.get("type") != "datetime" or n not in typed or n not in written or _is_typed(written[n]):
            continue
        arr = typed[n].to_numpy()
        if arr.dtype != np.dtype("datetime64[ns]"):
            continue
        v = arr.view(np.int64)
        at = _midnights(v)
        if not len(at):
            continue
        text = written[n].iloc[at].astype("string").fillna("")
        alone = ~text.str.contains(_TIME_WRITTEN_RE, regex=True).to_numpy(dtype=bool, na_value=True)
        if alone.any():
            v = v.copy()
            v[at[alone]] += DATE_ONLY_NS
            typed[n] = pd.Series(v.view("datetime64[ns]"), index=typed.index, name=n)


def _clock_counts(hour: np.ndarray, timed: np.ndarray, codes: np.ndarray, k: int) -> tuple:
    """Per file (``codes``, ``k`` of them) the times of day (``timed``: filled, not 00:00) of the hours ``hour``:
    ``(all, from 13:00 on or at 0 o'clock, 1:00-6:59, 8:00-12:59)``.

    Examples
    --------
    >>> [x.tolist() for x in _clock_counts(np.array([9, 15, 3, 0, 0]), np.array([1, 1, 1, 1, 0], bool),
    ...                                    np.array([0, 0, 1, 1, 1]), 2)]
    [[2, 2], [1, 1], [0, 1], [1, 0]]
    """
    hour = hour[timed]
    codes = codes[timed]
    return (np.bincount(codes, minlength=k), np.bincount(codes[(hour >= 13) | (hour == 0)], minlength=k),
            np.bincount(codes[(hour >= 1) & (hour <= 6)], minlength=k),
            np.bincount(codes[(hour >= 8) & (hour <= 12)], minlength=k))


def _twelve_files(counts: tuple, one_clock: np.ndarray) -> np.ndarray | None:
    """The files whose counts (:func:`_clock_counts`) read like a 12-hour clock written without AM/PM, of those
    ``one_clock`` marks (no time in the file from 13:00 on nor at 0 o'clock, in any of its columns); None for none."""
    nt, _n24, ne, nm = counts
    bad = np.flatnonzero((nt >= TWELVE_HOUR_LEAST) & one_clock & (ne * 20 >= nt) & (ne > 0) & (nm * 20 >= nt))
    return bad if len(bad) else None


def _twelve_hour_clock(hour: np.ndarray, timed: np.ndarray, codes: np.ndarray, k: int, c: Contract, n: str, labels,
                       rownum, written: pd.DataFrame, one_clock: np.ndarray | None = None):
    """The files whose times of day in column ``n`` read like a 12-hour clock written without 上午/下午 (AM/PM): at
    least :data:`TWELVE_HOUR_LEAST` of them, none at 0 o'clock nor from 13:00 on, one in twenty or more between
    1:00 and 6:59 (a hall's afternoon, 3:05 for 15:05) and one in twenty or more between 8:00 and 12:59 (its morning,
    as written).  A file of the small hours alone (a night shift's export, 1:00-6:59, or on to 7:59: none in the
    morning) is no 12-hour clock's and is read (reading43): a 12-hour clock writes a day's morning as it is.  Read as written, every afternoon record would be a morning
    one (a ticket at 3:05 called at 11:50: an eight-hour wait; a start after its end), so the file is refused at its
    first such row, with the fix (export42).  A 24-hour export has its afternoons past 12; a 12-hour export with its
    上午/下午 or AM/PM is read as such (validate's day periods) and has them too.  One export has one clock: ``one_clock``
    (per file) marks the files none of whose columns holds a time from 13:00 on or at 0 o'clock (twelve44); without
    it, this column's own times say.

    Examples
    --------
    >>> t = pd.to_datetime(["2025-01-05 09:05", "2025-01-05 03:05"] * 10)
    >>> h = t.to_numpy(dtype="datetime64[ns]").view(np.int64) % _DAY_NS // _HOUR_NS
    >>> p = _twelve_hour_clock(h, np.ones(20, bool), np.zeros(20, np.int64), 1, contracts()["counter_transactions"],
    ...                        "ended_at", np.array(["a.csv"], dtype=object), np.arange(2, 22),
    ...                        pd.DataFrame({"ended_at": t.strftime("%Y/%m/%d %H:%M")}))
    >>> p[["row", "value"]].values.tolist()
    [[3, '2025/01/05 03:05']]
    """
    counts = _clock_counts(hour, timed, codes, k)
    bad = _twelve_files(counts, (counts[1] == 0) if one_clock is None else one_clock)
    if bad is None:
        return None
    nt, _n24, ne, _nm = counts
    at = np.flatnonzero(timed & (hour >= 1) & (hour <= 6) & np.isin(codes, bad))
    first = at[np.unique(codes[at], return_index=True)[1]]
    shown = written[n].astype("string").fillna("").to_numpy(dtype=object)[first]
    share = ne[codes[first]] / nt[codes[first]]
    zh_name = c.columns[n].get("zh", n)
    return Problems.of(
        file=np.asarray(labels, dtype=object)[codes[first]], row=np.asarray(rownum)[first], column=n, value=shown,
        code="twelve_hour_clock",
        problem_zh=[f"{zh_name}像是 12 小时制却没有写上午/下午:文件中没有一个时刻在 13 点以后或 0 点,却有 {x:.0%} 在 1 至 6 点"
                    f"(如下午 3:05 写成了 3:05);照写读入会把下午的记录读成凌晨,因此整个文件未被读入" for x in share],
        problem_en=[f"{n} reads like a 12-hour clock written without AM/PM: no time in the file is from 13:00 on or "
                    f"at 0 o'clock, yet {x:.0%} are between 1:00 and 6:59 (3:05 written for 3:05 PM); read as written, "
                    "every afternoon record would be one of the small hours, so the file was not read" for x in share],
        fix_zh="请以 24 小时制导出(如 15:05;Excel 中单元格格式设为 yyyy-mm-dd hh:mm:ss),或在每个时刻前写明上午/下午(AM/PM)",
        fix_en="export the times on a 24-hour clock (15:05; in Excel the cell format yyyy-mm-dd hh:mm:ss), or write "
               "上午/下午 (AM/PM) with every time")


def _finish(typed: pd.DataFrame, c: Contract, kind: str, file, problems: list, raw=None, files=None,
            rownum=None) -> pd.DataFrame:
    if problems and raw is not None:   # a 合计 row refused: say it is a totals row
        t = totals_rows(raw, files, rownum, problems)
        if t is not None:
            problems = [*problems, t]
        u = unit_rows(raw, files, rownum, problems)   # a units row under the header (分钟, yyyy-mm-dd): no record
        if u is not None:
            problems = [*problems, u]
    if problems:
        pr = Problems.concat(problems).drop_duplicates().sort_values(["row", "column"], kind="stable")
        raise RecordsError(kind, file, pr.reset_index(drop=True))
    for name, spec in c.columns.items():
        if spec["type"] in ("string", "category") and typed[name].dtype != "string":
            typed[name] = typed[name].astype("string")
    return typed


def _all_distinct(arr) -> bool:
    """Whether no value of ``arr`` (no missing value) occurs twice: at once when the values ascend (an export in id
    order), or come in ascending runs whose ranges do not overlap (several such exports joined); when they come in a
    few ascending runs that overlap (one export per hall or month joined), by codes that keep the values' order and
    a sort that merges the runs (:func:`_run_codes_distinct`, when the values' rest after their common start is 15
    bytes at most); else by 64-bit hashes of the values, sorted as integers (:func:`_hashes_distinct`); only when
    two hashes are alike do the values themselves decide (a sort when they come in long ascending runs, else
    ``pc.unique``).  A sort of 4.3 million text keys in 100 overlapping runs (the demo at 100x) took 1.2 s of CPU,
    their hashes and the hashes' sort 0.2-0.3 s, their codes and the runs' merge 0.1 s (session 49).

    Examples
    --------
    >>> import pyarrow as pa
    >>> _all_distinct(pa.array(["a", "b", "c"])), _all_distinct(pa.array(["c", "a", "c"]))
    (True, False)
    >>> _all_distinct(pa.array(["d", "e", "a", "b"])), _all_distinct(pa.array(["b", "e", "a", "b"]))
    (True, False)
    """
    import pyarrow.compute as pc

    import pyarrow as pa

    n = len(arr)
    if n < 2:
        return True
    down = pc.greater_equal(arr.slice(0, n - 1), arr.slice(1))
    descents = pc.sum(down).as_py() or 0
    if descents == 0:   # strictly ascending: no value twice
        return True
    if descents <= max(64, n // 1000):   # long ascending runs (1,000 values or more on average)
        if descents <= 4096:   # runs whose ranges do not overlap (exports of separate periods joined): distinct
            brk = np.flatnonzero(down.to_numpy(zero_copy_only=False)) + 1
            firsts, lasts = _take_few(arr, np.concatenate([[0], brk])), _take_few(arr, np.concatenate([brk - 1, [n - 1]]))
            order = pc.sort_indices(firsts)
            f, la = firsts.take(order), lasts.take(order)
            if pc.all(pc.less(la.slice(0, len(la) - 1), f.slice(1))).as_py():
                return True
            # overlapping runs (one export per hall or month joined): the first value is among the runs' first
            # values, the last among their last ones, so their common start is every value's
            got = _run_codes_distinct(arr, _common_start(pc.min(firsts).as_py(), pc.max(lasts).as_py()))
            if got is not None:
                return got
    if _hashes_distinct(arr):   # no two hashes alike: no two values alike (equal values hash alike)
        return True
    # two values hash alike: a duplicate, or (rarely) two values with one hash; the values themselves decide
    if isinstance(arr, pa.ChunkedArray) and arr.num_chunks > 1:   # one piece: a sort and a take of pieces is slower
        arr = arr.combine_chunks()
    if descents <= max(64, n // 1000):
        s = arr.take(pc.sort_indices(arr))
        return not pc.any(pc.equal(s.slice(0, n - 1), s.slice(1))).as_py()
    return len(pc.unique(arr)) == n


def _common_start(lo, hi) -> int:
    """The number of bytes (UTF-8) that the texts ``lo`` and ``hi`` begin with alike (0 when either is not text).

    Examples
    --------
    >>> _common_start("T240000001", "T250021600~99"), _common_start("受理1", "受理2"), _common_start(None, "a")
    (2, 6, 0)
    """
    if isinstance(lo, bytes) and isinstance(hi, bytes):
        a, b = lo, hi
    elif isinstance(lo, str) and isinstance(hi, str):
        a, b = lo.encode("utf-8"), hi.encode("utf-8")
    else:
        return 0
    k = 0
    for x, y in zip(a, b):
        if x != y:
            break
        k += 1
    return k


def _run_codes_distinct(arr, skip: int = 0) -> bool | None:
    """Whether the values of a text array (pyarrow, no missing value) that come in a few ascending runs are all
    different, told by a 64-bit code of each value that keeps the values' order, sorted by numpy's stable sort (a
    timsort: it finds the runs and merges them, ~n log2(runs) steps instead of a sort's n log2(n)); when two codes are
    alike, the values sharing a code are compared themselves; None when that cannot tell (no code can be made: a
    value's rest is longer than 15 bytes; or too many values share codes): then the caller asks the hashes.

    Every value begins with the same ``skip`` bytes (:func:`_common_start`); the code is made of the rest: when no rest
    is longer than 7 bytes, its bytes themselves (the rest's length in the lowest byte: exact, equal codes are equal
    values), else the low 4 bits of each of its bytes (up to 15) and its length in the lowest 4 bits.  The low
    4 bits tell digits apart and keep their order (``0``-``9``); two values that differ only in letters whose low bits
    are alike (``A1``, ``Q1``) get one code, and then those values are compared.  Equal values always get equal codes,
    so all codes different means all values different.

    Why: the demo x100 holds 100 copies of each file (``T240000001~46``): its keys come in 100 ascending runs whose
    ranges overlap, as an export joined from one file per hall or per month would, and the runs' shortcut of
    :func:`_all_distinct` fails; hashes and their sort took ~0.3 s of CPU for the counter's 4.3 million ids (session 48).

    Examples
    --------
    >>> import pyarrow as pa
    >>> runs = [f"T24{i:07d}~{j}" for j in range(3) for i in range(1, 6)]
    >>> _run_codes_distinct(pa.array(runs), 2), _run_codes_distinct(pa.array(runs + ["T240000003~1"]), 2)
    (True, False)
    >>> _run_codes_distinct(pa.array(["A1", "B1", "A2", "Q1"]))   # rests of 7 bytes at most: the bytes themselves
    True
    >>> _run_codes_distinct(pa.array(["GD-A-0001", "GD-Q-0001"])), _run_codes_distinct(pa.array(["GD-A-0001"] * 2))
    (True, False)
    >>> _run_codes_distinct(pa.array(["T24000000000001", "T240000000000001"])) is None   # a rest of 16 bytes: no code
    True
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (arr.type in (pa.large_string(), pa.large_binary(), pa.string(), pa.binary())) or arr.null_count:
        return None
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    n = len(arr)
    longest = 0
    for ch in chunks:   # the longest rest decides the code's form (one pass over the offsets alone)
        if len(ch):
            wide = ch.type in (pa.large_string(), pa.large_binary())
            offs = np.frombuffer(ch.buffers()[1], dtype=np.int64 if wide else np.int32, count=len(ch) + 1,
                                 offset=ch.offset * (8 if wide else 4))
            longest = max(longest, int(np.diff(offs).max()) - skip)
    if longest > 15:
        return None
    exact = longest <= 7
    codes = np.empty(n, dtype=np.uint64)
    pos = 0
    for ch in chunks:
        for b in range(0, len(ch), _BLOCK):
            part = ch.slice(b, _BLOCK)
            codes[pos:pos + len(part)] = _block_codes(part, skip, exact)
            pos += len(part)
    s = np.sort(codes, kind="stable")
    alike = s[1:] == s[:-1]
    if not bool(alike.any()):
        return True
    if exact:   # equal codes are equal values
        return False
    # the values whose code another shares (few, unless letters alike in their low bits abound): the values decide
    tie = np.zeros(n, dtype=bool)
    tie[1:] |= alike
    tie[:-1] |= alike
    if int(tie.sum()) > max(_BLOCK, n // 16):
        return None
    shared = np.unique(s[tie])
    some = _take_few(arr, np.flatnonzero(shared[np.searchsorted(shared, codes).clip(max=len(shared) - 1)] == codes))
    return len(pc.unique(some)) == len(some)


_NIBBLES = np.uint64(0x0F0F0F0F0F0F0F0F)
# the bytes of a word kept by a rest of each length (0-15): the first word's, the second word's
_KEEP_HI = np.array([0] + [((1 << (8 * min(k, 8))) - 1) << (8 * (8 - min(k, 8))) for k in range(1, 16)], dtype=np.uint64)
_KEEP_LO = np.array([0] * 9 + [((1 << (8 * (k - 8))) - 1) << (8 * (16 - k)) for k in range(9, 16)], dtype=np.uint64)


def _block_codes(arr, skip: int, exact: bool) -> np.ndarray:
    """:func:`_run_codes_distinct`'s code of each value of one array (a block of values), its first ``skip`` bytes
    left out: read as big-endian words from a padded copy of the block's bytes, the bytes past each value's end
    cleared."""
    import pyarrow as pa

    wide = arr.type in (pa.large_string(), pa.large_binary())
    n = len(arr)
    bufs = arr.buffers()
    offs = np.frombuffer(bufs[1], dtype=np.int64 if wide else np.int32, count=n + 1,
                         offset=arr.offset * (8 if wide else 4)).astype(np.int64)
    lo, hi = int(offs[0]), int(offs[-1])
    data = np.zeros(hi - lo + 16, dtype=np.uint8)
    if hi > lo:
        data[:hi - lo] = np.frombuffer(bufs[2], dtype=np.uint8, count=hi - lo, offset=lo)
    words = np.ndarray((len(data) - 7,), dtype=">u8", buffer=data, strides=(1,))
    at = offs[:-1] - lo + skip
    lens = offs[1:] - offs[:-1] - skip
    first = words[at].astype(np.uint64) & _KEEP_HI[lens]
    if exact:   # a rest of at most 7 bytes: its bytes, then its length
        return first | lens.astype(np.uint64)
    second = words[at + 8].astype(np.uint64) & _KEEP_LO[lens]
    code = _packed_nibbles(first) << np.uint64(32)
    code |= _packed_nibbles(second)
    code |= lens.astype(np.uint64)   # the 16th place is always past the end (a rest of 15 bytes at most)
    return code


def _packed_nibbles(w: np.ndarray) -> np.ndarray:
    """The low 4 bits of each byte of the big-endian words ``w`` side by side, the first byte's highest: a 32-bit
    number per word (``w`` changed in place).

    Examples
    --------
    >>> _packed_nibbles(np.array([0x3132333435363738], dtype=np.uint64)).tolist() == [0x12345678]
    True
    """
    w &= _NIBBLES
    w |= w >> np.uint64(4)
    w &= np.uint64(0x00FF00FF00FF00FF)
    w |= w >> np.uint64(8)
    w &= np.uint64(0x0000FFFF0000FFFF)
    w |= w >> np.uint64(16)
    w &= np.uint64(0x00000000FFFFFFFF)
    return w


def _take_few(arr, idx: np.ndarray):
    """The values of ``arr`` (a pyarrow array, or chunked array) at the positions ``idx``, as one array: a
    chunked array's values taken chunk by chunk.  ``ChunkedArray.take`` combines the chunks first, a copy of the whole
    column's text to take a few values (at the demo x100, 4.3 million ids in 125 chunks: 0.04-0.16 s, twice per key
    column; session 29).

    Examples
    --------
    >>> import pyarrow as pa
    >>> _take_few(pa.chunked_array([["a", "b"], [], ["c", "d"]]), np.array([0, 2, 3])).to_pylist()
    ['a', 'c', 'd']
    """
    import pyarrow as pa

    idx = np.asarray(idx, dtype=np.int64)
    if not isinstance(arr, pa.ChunkedArray):
        return arr.take(idx)
    if arr.num_chunks == 1:
        return arr.chunk(0).take(idx)
    if not len(idx):
        return pa.array([], type=arr.type)
    ends = np.cumsum([len(ch) for ch in arr.chunks])
    which = np.searchsorted(ends, idx, side="right")   # the chunk of each position (ascending: in runs)
    cuts = np.flatnonzero(np.diff(which)) + 1
    parts = []
    for lo, hi in zip(np.concatenate([[0], cuts]), np.concatenate([cuts, [len(idx)]])):
        k = int(which[lo])
        start = int(ends[k - 1]) if k else 0
        parts.append(arr.chunk(k).take(idx[lo:hi] - start))
    return pa.concat_arrays(parts)


def _hashes_distinct(arr) -> bool:
    """Whether the 64-bit hashes of the values of ``arr`` (:func:`_text_hashes`) are all different; False when they
    are not, or cannot be made (then the values themselves must be compared).

    A sort of 4.3 million integers instead of 4.3 million strings (whose sort leaves the caches).

    Examples
    --------
    >>> import pyarrow as pa
    >>> _hashes_distinct(pa.array(["b", "a", "c"])), _hashes_distinct(pa.array(["b", "a", "b"]))
    (True, False)
    """
    return _hashes_unique(_text_hashes(arr))


# odd multipliers, one per 8-byte word of a value (splitmix64's sequence), and the final mix's (MurmurHash3's fmix64)
_WORD_MUL = np.array([0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93,
                      0xA0761D6478BD642F, 0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3],
                     dtype=np.uint64)
_LOW_BYTES = np.array([(1 << (8 * i)) - 1 for i in range(8)], dtype=np.uint64)


def _text_hashes(arr) -> np.ndarray | None:
    """A 64-bit hash of each value of a text array (pyarrow), computed with numpy over the array's own bytes: equal
    values get equal hashes (different values almost always different ones; every missing value the same one); None
    for any other array.

    Each value is read as 8-byte words (a value of 8 bytes or more as words inside it, the last one ending where the
    value ends; a shorter value as its bytes alone), the words multiplied by odd constants and summed with the
    length, then mixed.  No Python per value; computed in blocks of 64 Ki values, so that the few integers per value
    it needs stay in the caches and are not fresh memory for each column.

    Examples
    --------
    >>> import pyarrow as pa
    >>> h = _text_hashes(pa.array(["PW01", "受理时间", "", "PW01", "T250000001~12"]))
    >>> bool(h[0] == h[3]), len(set(h.tolist()))
    (True, 4)
    """
    import pyarrow as pa

    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    if not (arr.type in (pa.large_string(), pa.large_binary(), pa.string(), pa.binary())):
        return None
    out = np.empty(len(arr), dtype=np.uint64)
    pos = 0
    for ch in chunks:
        for b in range(0, len(ch), _BLOCK):
            part = ch.slice(b, _BLOCK)
            got = out[pos:pos + len(part)]
            got[...] = _block_hashes(part)
            if part.null_count:   # a missing value: one hash for all of them
                got[part.is_null().to_numpy(zero_copy_only=False)] = _MISSING_HASH
            pos += len(part)
    return out


_BLOCK = 1 << 16
_MISSING_HASH = np.uint64(0x5BD1E9955BD1E995)


def _block_hashes(arr) -> np.ndarray:
    """:func:`_text_hashes` of one array (a block of values)."""
    import pyarrow as pa

    wide = arr.type in (pa.large_string(), pa.large_binary())
    n = len(arr)
    bufs = arr.buffers()
    offs = np.frombuffer(bufs[1], dtype=np.int64 if wide else np.int32, count=n + 1, offset=arr.offset * (8 if wide else 4))
    starts = offs[:-1].astype(np.int64)
    ends = offs[1:].astype(np.int64)
    lens = ends - starts
    size = int(ends.max()) if n else 0   # every value's bytes lie before this
    h = lens.view(np.uint64) * np.uint64(0x2545F4914F6CDD1D)
    if size:
        data = np.frombuffer(bufs[2], dtype=np.uint8, count=size)
        if size >= 8:   # the 8 bytes at each byte position (unaligned reads of the array's own bytes)
            words = np.ndarray((size - 7,), dtype=np.uint64, buffer=data, strides=(1,))
        short = np.flatnonzero(lens < 8)
        if len(short):   # a value of fewer than 8 bytes: its bytes alone, as a little-endian number
            se, sl = ends[short], lens[short]
            val = np.zeros(len(short), dtype=np.uint64)
            far = np.flatnonzero((se >= 8) & (sl > 0))   # the word ending where the value ends, shifted down
            if len(far):
                val[far] = words[se[far] - 8] >> ((8 - sl[far]) * 8).astype(np.uint64)
            near = np.flatnonzero((se < 8) & (sl > 0))   # within the first 8 bytes: from a padded copy of them
            if len(near):
                head = np.zeros(16, dtype=np.uint8)
                head[:min(size, 8)] = data[:8]
                hw = np.ndarray((9,), dtype=np.uint64, buffer=head, strides=(1,))
                val[near] = hw[starts[short][near]] & _LOW_BYTES[sl[near]]
        longest = int(lens.max())
        if longest >= 8 and int(lens.min()) == longest:   # every value as long (ids of one form): no index to gather by
            for k in range((longest + 7) // 8):   # word k of every value, a strided view of the bytes
                at = int(starts[0]) + min(longest - 8, 8 * k)
                h += _word_mix(words[at: at + (n - 1) * longest + 1: longest].copy(), k)
        elif longest >= 8:
            past = np.maximum(lens - 8, 0)   # where the last whole word of each value starts
            at = np.empty(n, dtype=np.int64)
            for k in range((longest + 7) // 8):
                np.minimum(past, 8 * k, out=at)
                at += starts
                if len(short):
                    at[short] = 0   # read anything, replaced below
                w = words[at]
                if len(short):
                    w[short] = val
                _word_mix(w, k)
                if k:   # a value's words end with it: the hash of a value does not depend on the longest one's
                    w[lens <= 8 * k] = 0
                h += w
        elif len(short):   # every value shorter than 8 bytes
            w = np.zeros(n, dtype=np.uint64)
            w[short] = val
            h += _word_mix(w, 0)
    h ^= h >> np.uint64(33)   # MurmurHash3's final mix: every input bit reaches every output bit
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h


def _word_mix(w: np.ndarray, k: int) -> np.ndarray:
    """Word ``k`` of each value (``w``, uint64, mixed in place and returned) as :func:`_block_hashes` adds it: its high
    half folded onto its low half, multiplied by the word's odd constant, the product's high bits folded down again.

    A word only multiplied kept a difference in its high bytes there (a month and a copy's suffix: V202403-CC95598~12
    and V202409-CC95598~76), where a sum of such products cancels it one time in 2**16: 36 of the demo x100's 20,000
    visit ids hashed alike, and the inspections' two-column key was then checked by ``DataFrame.duplicated`` (session
    28).  Folded first, every byte of the word reaches the product's low and high bits; a word of zeros stays zero.
    """
    w ^= w >> np.uint64(32)
    w *= _WORD_MUL[k % len(_WORD_MUL)] + np.uint64(2 * (k // len(_WORD_MUL)))
    w ^= w >> np.uint64(29)
    return w


def _has_missing(col: pd.Series) -> bool:
    """Whether a column holds a missing value: from pyarrow's count of nulls for text (no pass over the values),
    else ``isna``.

    Examples
    --------
    >>> _has_missing(pd.Series(["a", None], dtype="string[pyarrow]")), _has_missing(pd.Series([1.0, 2.0]))
    (True, False)
    """
    if isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow":
        return _text(col).null_count > 0
    return bool(col.isna().any())


def _schema_holds(typed: pd.DataFrame, c: Contract, distinct: dict | None = None, keys: dict | None = None) -> bool:
    """Whether the pandera schema of :func:`validate` would find nothing: no empty required value, no category
    value outside the contract's list, no duplicate key.  One vectorised test per column (pandera, with its
    per-row failure cases, only runs on a file that fails one of these); a category column's distinct values
    (``distinct``, when :func:`_coerce` found them) are checked one by one.  ``keys``: ``{key column: distinct or
    not}`` for a one-column key whose answer :func:`_coerce` found already (:func:`_key_distinct` of the same
    column), not asked again."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for name, spec in c.columns.items():
        col = typed[name]
        if spec.get("required", True) and not spec.get("blank") and _has_missing(col):
            return False
        if spec["type"] == "category":
            if not all(isinstance(v, str) for v in spec["values"]):
                return False
            if distinct and name in distinct:
                if not set(distinct[name]) <= set(spec["values"]):
                    return False
                continue
            arr = _text(col)
            ok = pc.or_(pc.is_in(arr, value_set=pa.array(spec["values"], pa.string())), pc.is_null(arr))
            if not pc.all(ok).as_py():   # an empty optional value is no category to check
                return False
    if len(c.key) == 1 and len(typed) > 1 and not _has_missing(typed[c.key[0]]):   # sorted or hashed in pyarrow
        known = (keys or {}).get(c.key[0])
        return known if known is not None else _key_distinct(typed[c.key[0]])
    if len(c.key) and len(typed) > 1:
        if _hashes_unique(_row_hashes(typed, c.key)):   # no two rows' hashes alike: no two keys alike
            return True
        return not typed.duplicated(subset=c.key).any()
    return True


def _key_distinct(col: pd.Series, ahead=None) -> bool:
    """Whether no value of a typed key column (no missing value) occurs twice (:func:`_all_distinct`).

    ``ahead``: ``(text, wait)`` from :func:`windoweval.records.files.key_ahead`, the same question asked of the
    file's column as parsed while the mapping ran (``wait()`` gives the answer, or None); its answer is taken when the
    typed column is that very text (the same Arrow buffers: nothing was trimmed, folded or dropped on the way), else
    the column is checked here.

    Examples
    --------
    >>> col = pd.Series(["GD1", "GD2", "GD1"], dtype="string[pyarrow]")
    >>> _key_distinct(col), _key_distinct(col, (_text(col), lambda: False))
    (False, False)
    >>> _key_distinct(col, (_text(col.iloc[:2]), lambda: True))   # another column's answer: not taken
    False
    """
    import pyarrow as pa

    if ahead is not None:
        arr, wait = ahead
        got = wait()
        if got is not None and col.dtype == "string" and _same_text(_text(col), arr):
            return got
    return _all_distinct(_text(col) if col.dtype == "string" else pa.array(col))


def _same_text(a, b) -> bool:
    """Whether two pyarrow text arrays (chunked) are the same values in the same memory: chunk by chunk the same
    length, offset and buffers (a slice, a take, a trimmed or concatenated copy is not).

    Examples
    --------
    >>> import pyarrow as pa
    >>> a = pa.chunked_array([["x", "y"], ["z"]])
    >>> _same_text(a, pa.chunked_array(a.chunks)), _same_text(a, pa.chunked_array([["x", "y"], ["z"]]))
    (True, False)
    >>> _same_text(a, a.slice(1))
    False
    """
    import pyarrow as pa

    if not (isinstance(a, pa.ChunkedArray) and isinstance(b, pa.ChunkedArray)) or a.type != b.type \
            or a.num_chunks != b.num_chunks:
        return False
    for x, y in zip(a.chunks, b.chunks):
        if len(x) != len(y) or x.offset != y.offset:
            return False
        bx, by = x.buffers(), y.buffers()
        if len(bx) != len(by) or any((p is None) != (q is None) or (p is not None and (p.address != q.address
                                                                                      or p.size != q.size))
                                     for p, q in zip(bx, by)):
            return False
    return True


def _hashes_unique(h: np.ndarray | None) -> bool:
    """Whether the hashes ``h`` are all different (False for None); ``h`` is left as it is.

    A sorted copy of the hashes, each compared with the next: sorted whole below :data:`_BUCKETS_FROM` hashes, else
    bucket by bucket (:func:`_bucket_sorted`: the same order, 0.65x the CPU at the demo x100's 4.3 million ticket
    hashes; csv46).  Session 31's way (the top halves sorted on two threads, the hashes sharing one found by a table
    of flags and compared whole) took more CPU and more wall than numpy 2's whole sort (session 40).

    Examples
    --------
    >>> h = np.array([3 << 32 | 1, 3 << 32 | 2, 5 << 32 | 1], dtype=np.uint64)   # two top halves alike
    >>> _hashes_unique(h), _hashes_unique(np.append(h, h[1])), _hashes_unique(None)
    (True, False, False)
    """
    if h is None:
        return False
    if len(h) < _BUCKETS_FROM:
        s = np.sort(h)
        return not bool((s[1:] == s[:-1]).any())
    return not bool(_bucket_sorted(h)[1].any())


#: At least this many hashes are sorted bucket by bucket (:func:`_bucket_sorted`); fewer, whole (they fit the caches).
_BUCKETS_FROM = 1 << 16


def _bucket_sorted(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hashes ``h`` sorted, and whether each is equal to the next (``s[1:] == s[:-1]``), made bucket by bucket:
    the hashes put in 256 buckets by their top byte (a piece of :data:`_BUCKET_PIECE` hashes at a time: a stable sort
    of its top bytes, numpy's radix sort, and each hash written to its bucket's next place), then each bucket sorted
    in place while it is in the caches.  Equal hashes have equal top bytes, so they fall in one bucket and lie side by
    side after its sort, exactly as after a sort of the whole array; two neighbours across a bucket's edge differ in
    their top byte.  ``h`` is left as it is.

    Why: numpy's sort of 4.3 million 8-byte integers took 60 ns a value on this machine (the array three times the
    caches; csv46, ``chrt -f 1``: 259 ms), by buckets 167 ms, with as few fresh pages as the whole sort (one array;
    an argsort of all the top bits at once, 144 ms, made ~10,000 more page faults per 4 million hashes, and the read's
    system time rose by as much as its CPU fell); 1.5 million 80 -> 48 ms.

    From :data:`_BUCKET_SPLIT` hashes on (and two cores), the work is done in two halves, one on a thread of its own
    while the caller does the other (numpy lets go of the interpreter): the first half of the hashes and then the
    buckets holding the first half of the places on the caller's thread, the rest on the other; each hash goes to the
    same place as on one thread (a bucket's hashes from the first half before those from the second, as the pieces
    came), so the sorted hashes are the same.  Why: the key check is the last work of the counter's validation at
    the demo x100, its sort 0.18 s on one core with the other idle (csv47, ``benchmarks/README.md``).

    Examples
    --------
    >>> h = np.array([9, 3 << 62, 5, 3 << 62, 1 << 63], dtype=np.uint64)
    >>> s, same = _bucket_sorted(h)
    >>> s.tolist() == sorted(h.tolist()), same.tolist()
    (True, [False, False, False, True])
    """
    import sys

    h = np.ascontiguousarray(h, dtype=np.uint64)
    n = len(h)
    top = h.view(np.uint8)[7::8] if sys.byteorder == "little" else h.view(np.uint8)[0::8]   # each hash's top byte
    s = np.empty(n, dtype=np.uint64)

    def group(lo: int, hi: int, nxt: np.ndarray) -> None:   # the hashes lo..hi written to their buckets' next places
        for a in range(lo, hi, _BUCKET_PIECE):
            b = min(a + _BUCKET_PIECE, hi)
            t = top[a:b]
            c = np.bincount(t, minlength=256)
            first = np.cumsum(c) - c   # each bucket's first place in the piece's grouped order
            s[np.repeat(nxt - first, c) + np.arange(len(t))] = h[a:b][np.argsort(t, kind="stable")]
            nxt += c

    def sort_buckets(edges: list) -> None:   # each bucket [start, end) of ``edges`` sorted in place
        for start, end in zip(edges[:-1], edges[1:]):
            if end - start > 1:
                s[start:end].sort()

    if n < _BUCKET_SPLIT or (os.cpu_count() or 1) < 2:
        counts = np.bincount(top, minlength=256)
        group(0, n, np.cumsum(counts) - counts)
        sort_buckets([0] + np.cumsum(counts).tolist())
        return s, s[1:] == s[:-1]
    mid = n // 2
    c0, c1 = np.bincount(top[:mid], minlength=256), np.bincount(top[mid:], minlength=256)
    ends = np.cumsum(c0 + c1)
    starts = ends - (c0 + c1)
    on_two_threads(lambda: group(0, mid, starts.copy()), lambda: group(mid, n, starts + c0), "windoweval-buckets")
    edges = [0] + ends.tolist()
    k = int(np.searchsorted(ends, mid)) + 1   # the buckets up to the one holding the middle place: the caller's
    on_two_threads(lambda: sort_buckets(edges[:k + 1]), lambda: sort_buckets(edges[k:]), "windoweval-buckets")
    return s, s[1:] == s[:-1]


#: From this many hashes on, :func:`_bucket_sorted` works in two halves on two threads (fewer: the thread costs more
#: than half of the work; 262,144 hashes take ~7 ms on one).
_BUCKET_SPLIT = 1 << 18


#: Hashes grouped into buckets a piece at a time (:func:`_bucket_sorted`): the piece's index arrays stay small.
_BUCKET_PIECE = 1 << 16


def _row_hashes(df: pd.DataFrame, cols: list) -> np.ndarray | None:
    """A 64-bit hash of each row's values in ``cols``: equal keys (a missing value equal to a missing value, as
    ``DataFrame.duplicated`` takes them) get equal hashes; None when a column is of a type not hashed here (arrow
    text, date-times, whole numbers and yes/no are).

    Examples
    --------
    >>> df = pd.DataFrame({"a": pd.array(["x", "y", "x"], dtype="string[pyarrow]"), "b": pd.array([1, None, 1], "Int64")})
    >>> h = _row_hashes(df, ["a", "b"])
    >>> bool(h[0] == h[2]), bool(h[0] == h[1])
    (True, False)
    """
    pool = _workers() if len(df) >= PARALLEL_ROWS and not _in_worker() else None
    if pool is not None:   # a long table: the rows' second half hashed on a validation thread, the first here
        half = len(df) // 2
        other = _submit(pool, _hashes_of_rows, df.iloc[half:], cols)
        mine = _hashes_of_rows(df.iloc[:half], cols)
        theirs = other.result()
        return None if mine is None or theirs is None else np.concatenate([mine, theirs])
    return _hashes_of_rows(df, cols)


def _hashes_of_rows(df: pd.DataFrame, cols: list) -> np.ndarray | None:
    """:func:`_row_hashes` of ``df``'s rows, on the calling thread (each row's hash is its own: rows may be hashed
    in parts; the demo x100's inspections, two text columns of 980,000 rows, took 0.06 s on one thread, the other
    core idle; session 35)."""
    h = np.zeros(len(df), dtype=np.uint64)
    for i, name in enumerate(cols):
        col = df[name]
        if isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow":
            part = _text_hashes(_text(col))
        elif isinstance(col.dtype, np.dtype) and col.dtype.kind in "Mib" and col.dtype.itemsize in (1, 8):
            part = col.to_numpy().view(np.uint8 if col.dtype.itemsize == 1 else np.uint64).astype(np.uint64)
        elif isinstance(col.dtype, (pd.Int64Dtype, pd.BooleanDtype)):
            part = col.to_numpy(dtype="int64", na_value=np.iinfo(np.int64).min).view(np.uint64)
        else:
            return None
        if part is None:
            return None
        part = part * (_WORD_MUL[i % len(_WORD_MUL)] + np.uint64(2 * (i // len(_WORD_MUL))))
        h += part
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return h
