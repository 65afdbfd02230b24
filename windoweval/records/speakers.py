"""Speaker labels of transcripts, as exports write them: the labels windoweval knows, the ones an organisation
declares in mapping.yaml (``transcripts: speakers: {A: staff, B: customer}``), and the dialogues labelled by neither.

An export that labels its speakers ``A:`` / ``B:``, ``甲：`` / ``乙：``, ``1:`` / ``2:`` or by staff number or name holds
no label windoweval knows: read as it is, the whole dialogue would be the staff's words (a customer's 请慢走 counted
for the staff, a customer's 你烦不烦 failing the window).  Its labels are declared in mapping.yaml and written as the
known ones (:func:`apply_speakers`) before the records are validated; a dialogue whose labels none is known, with no
such mapping, is refused with its row (:func:`unknown_speaker_rows`).  All work is column-wise regular expressions.

Examples
--------
>>> import pandas as pd
>>> apply_speakers(pd.Series(["A:你好 B:您好"]), {"A": "customer", "B": "staff"}).tolist()
['客户:你好 员工:您好']
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..privacy import _LABEL_NAME, mask_text

__all__ = ["HEADINGS", "STAFF_LABELS", "STAFF_ID_LABELS", "STAFF_ID", "STAFF_NAMED", "CUSTOMER_LABELS", "ROLES", "apply_speakers", "line_labels", "known_label_rows", "unknown_speaker_rows", "unread_labels", "may_be_name",
           "name_shaped", "label_offsets", "hidden_label_offsets", "speaker_labels"]

#: Labels that lead a staff turn (:mod:`windoweval.dialogue` reads them).
STAFF_LABELS = ("工作人员", "员工", "坐席", "柜员", "客服", "营业员", "收费员", "话务员", "医生", "护士", "药师", "staff", "agent",
                "customer service",
                # a government service hall's (一窗通办) staff
                "窗口人员", "受理人员")
#: Staff words that are a label only with an id after them (窗口3：, 工号1024：) or a number before (3号窗口：): alone,
#: 窗口： and 工号： are words of a sentence as often as a speaker.
STAFF_ID_LABELS = ("窗口", "工号")
#: Labels that lead a customer's (patient's, family's, caller's) turn.
CUSTOMER_LABELS = ("服务对象", "客户", "用户", "患者", "病人", "家属", "来电人", "顾客", "市民", "customer", "caller",
                   # the public at a government service hall (一窗通办): 群众, 办事群众, 办事人, 申请人
                   "办事群众", "群众", "办事人", "申请人")
#: What a declared label may say its speaker is, and the known label it is written as.
ROLES = {"staff": "员工:", "customer": "客户:"}

_HAN = "\u4e00-\u9fff"   # the CJK characters, as characters (RE2 reads no \u escape)
# a turn's start: the text's start, or after a space, a line break or a mark (as windoweval.dialogue reads labels)
_AT = r"(?:^|(?<=[\s，,、。！？!?；;…\]】)）」』>|]))"
# a timestamp as exports write it before or after a label ([09:01:02], （09:01）, 09:01)
_LINE_TS = r"[\[【(（]?\d{1,2}[:：]\d{2}(?:[:：]\d{2})?[\]】)）]?"
_TS = rf"(?:{_LINE_TS}\s*)"
#: A timestamp before a turn's label and the space after it (``[09:01:02] 客服：``): :mod:`windoweval.dialogue` reads
#: labels after it as these checks do.
TURN_TIMESTAMP = _TS
_KNOWN = "(?i:" + "|".join(map(re.escape, sorted(STAFF_LABELS + CUSTOMER_LABELS, key=len, reverse=True))) + ")"
# a known label anywhere: a word of them, then a number or a few characters (客服1001, 客服人员), then a colon, or
# in brackets (【坐席】)
_HAS_KNOWN = rf"{_KNOWN}[0-9０-９{_HAN}]{{0,6}}?\s*[:：]|[【\[]{_KNOWN}"
# what exports write as a speaker's label: a letter or two, 甲乙丙丁, a number (a staff number, 工号1001), or a name
# of two or three characters, then a colon
_TOKEN_LABEL = rf"(?:[A-Za-z]{{1,2}}|[甲乙丙丁]|(?:工号|编号)?\d{{1,8}}|[{_HAN}]{{2,3}})"
_TOKEN = _TOKEN_LABEL + r"\s*[:：]"
_GLOB = r"[0-9A-Za-z\u4e00-\u9fff]{1,8}?"
# what follows a staff word in an export's label (verdicts26: 坐席A：, 客服1号：, 客服01：, 工号1024：, 营业员小王：): a
# number or a letter or two (with 号, and 人员/工号/编号 before: 客服工号1001：), or a name - 小/老/阿 and a character, or
# a surname and one or two characters (收费员张三：; the surnames privacy knows, so 医生说：, 客服电话：, 客服热线： are no
# name: a verb or a field after a staff word is a word of a sentence).  Read as staff at a turn's start, the name never
# shown (the label is taken out of the staff's words).  A staff word followed by other characters at a turn's start
# (营业员某某：) is no label windoweval reads: refused as unread (:func:`unread_labels`), never folded into the turn before.
STAFF_ID = r"(?:(?:人员|工号|编号)?(?:[0-9０-９]{1,8}号?|[A-Za-zＡ-Ｚａ-ｚ]{1,2}[0-9０-９]{0,4}号?))"
_NAME = _LABEL_NAME    # privacy masks by the same pattern what is read here as a name
#: A staff word and what may follow it in a label: an id, or a name (a regex, RE2 and Python alike; no colon).
STAFF_NAMED = ("(?:(?i:" + "|".join(map(re.escape, sorted(STAFF_LABELS, key=len, reverse=True))) + rf")(?:人员)?(?:{STAFF_ID}|{_NAME})?"
               rf"|(?:{'|'.join(STAFF_ID_LABELS)}){STAFF_ID}|[0-9０-９]{{1,3}}号窗口)")
_MARK = {"staff": "\ufdd5", "customer": "\ufdd6"}   # noncharacters, in no text: a declared label once written


def _declared(label) -> str:
    """The regex of a label mapping.yaml declares: as written, ``*`` standing for a few characters (``工号*``)."""
    return _GLOB.join(map(re.escape, str(label).split("*")))


def apply_speakers(texts: pd.Series, speakers: dict) -> pd.Series:
    """``texts`` with each declared label (``{label: staff | customer}``) at a turn's start, followed by a colon,
    written as the known one (``员工:`` / ``客户:``).  ``*`` in a label stands for a few characters (``工号*``); a glob
    never takes a known label (``*: staff`` leaves ``客户：`` the customer's).  A label inside a word is no label.

    Examples
    --------
    >>> t = pd.Series(["甲：你好。乙：您好", "客户：交电费 工号1001：您好", "BA:x", None])
    >>> apply_speakers(t, {"甲": "customer", "乙": "staff", "工号*": "staff", "A": "staff"}).tolist()
    ['客户:你好。员工:您好', '客户：交电费 员工:您好', 'BA:x', <NA>]
    """
    out = texts.astype("string").str.replace(f"[{''.join(_MARK.values())}]", "", regex=True)
    exact = sorted((k for k in speakers if "*" not in k), key=len, reverse=True)
    globs = sorted((k for k in speakers if "*" in k), key=len, reverse=True)
    for label in exact + globs:   # a handful of labels, not rows
        body = _declared(label)
        guard = "" if "*" not in label else rf"(?!{_KNOWN}[0-9０-９]*\s*[:：])"
        out = out.str.replace(rf"{_AT}{guard}(?:{body})\s*[:：]", _MARK[speakers[label]], regex=True)
    for role, mark in _MARK.items():
        out = out.str.replace(mark, ROLES[role], regex=False)
    return out


# a line that opens with a known label (or a declared one) and a space, a tab or a timestamp in place of the colon
# (坐席 09:01:02 您好, 客户\t我要交电费, 客服1001 [09:01:05] 好的); a letter, 甲乙丙丁 or a number (A 09:01:02 您好,
# 1001 09:01:05 …) opens a line as a label only with a timestamp after it: then its colon is written, so that a
# declared label is read (apply_speakers) and an undeclared one refused (unknown_speaker_rows), never read as the
# staff's words
_LINE_TOKEN = rf"((?:[A-Za-z]{{1,2}}|[甲乙丙丁]|(?:工号|编号)?\d{{1,8}}))[ \t]+({_LINE_TS})[ \t]*"


def _line_label_re(extra=()) -> re.Pattern:
    """A line's label as :func:`line_labels` reads it: a known label (or one of ``extra``, mapping.yaml's declared
    speakers) and a space or a timestamp (groups 1, 2), or a token (:data:`_LINE_TOKEN`) and a timestamp (groups 3,
    4)."""
    lab = "|".join([rf"(?:{_KNOWN})(?:{STAFF_ID})?", *map(_declared, sorted(extra, key=len, reverse=True))])
    return re.compile(rf"(?m)^[ \t]*(?:({lab})(?:[ \t]*({_LINE_TS})[ \t]*|[ \t]+)|{_LINE_TOKEN})(?=[^\s:：])")


_NONBLANK_LINE = re.compile(r"(?m)^[ \t]*\S")


def _may_hold_newline(texts: pd.Series) -> bool:
    """False only when no text of ``texts`` holds a line break: for Arrow's strings, their bytes looked at at once
    (numpy, at memory speed; bytes of a buffer outside the column can only say True), else True (the exact test
    follows).  A column of one-line texts, the common case, costs no string scan (0.12-0.15 s per 300,000 texts).

    >>> _may_hold_newline(pd.Series(["a", "b"], dtype="string[pyarrow]")), _may_hold_newline(pd.Series(["a\\nb"], dtype="string[pyarrow]"))
    (False, True)
    """
    try:
        arr = texts.array.__arrow_array__()
    except (AttributeError, TypeError, NotImplementedError):
        return True
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    for ch in chunks:
        bufs = ch.buffers()
        if len(bufs) < 3 or bufs[2] is None:
            continue
        if (np.frombuffer(bufs[2], dtype=np.uint8) == 10).any():
            return True
    return False


def line_labels(texts: pd.Series, speakers=()) -> pd.Series:
    r"""``texts`` with a dialogue written one turn a line, each line's label followed by a space or a timestamp
    instead of a colon (``坐席 09:01:02 您好`` / ``客户 09:01:05 急什么``: speech-recognition and quality-inspection
    systems export so), written with the colon (``09:01:02 坐席：您好``), as :mod:`windoweval.dialogue` reads labels.
    Read so only where every line of the text opens with such a label, two lines at least: a single line (客户 您好),
    a label word opening one line of the staff's words, or a line no label opens (营业员小王 09:01, a turn's second
    line: folded into the turn before, it could hide the staff's words in a customer's) leave the text as written.
    Before (session 29), such a dialogue was read as staff words alone, and the customer's 急什么！ failed the window.

    Examples
    --------
    >>> t = pd.Series(["坐席 09:01:02 您好\n客户 09:01:05 急什么！\n坐席 09:01:09 好的", "坐席\t您好\n用户\t交电费",
    ...                "客户 您好", "您好\n客户 交电费\n客户 好", None])
    >>> line_labels(pd.Series(["A 09:01:02 您好\nB 09:01:05 交电费", "A 计划\nB 完成"])).tolist()
    ['09:01:02 A：您好\n09:01:05 B：交电费', 'A 计划\nB 完成']
    >>> line_labels(pd.Series(["柜台A 您好\n来访者 交电费"]), speakers=("柜台*", "来访者")).tolist()
    ['柜台A：您好\n来访者：交电费']
    >>> line_labels(pd.Series(["坐席 09:01 您好\nA 09:02 交电费", "坐席 09:01 您好\n营业员小王 09:02 急什么\n客户 09:03 好"])).tolist()
    ['09:01 坐席：您好\n09:02 A：交电费', '坐席 09:01 您好\n营业员小王 09:02 急什么\n客户 09:03 好']
    >>> line_labels(t).tolist()
    ['09:01:02 坐席：您好\n09:01:05 客户：急什么！\n09:01:09 坐席：好的', '坐席：您好\n用户：交电费', '客户 您好', '您好\n客户 交电费\n客户 好', <NA>]
    """
    texts = _one_line_labels(texts, speakers)
    if not _may_hold_newline(texts):
        return texts
    s = texts.astype("string")
    multi = s.str.contains("\n", regex=False).fillna(False).to_numpy(dtype=bool)
    if not multi.any():
        return texts
    at = np.flatnonzero(multi)
    sub = s.iloc[at]
    pat = _line_label_re(tuple(speakers))   # the labels (a mapping.yaml section's keys)
    labelled = sub.str.count(pat).fillna(0).to_numpy()
    lines = sub.str.count(_NONBLANK_LINE).fillna(0).to_numpy()
    # every line opens with a label: a line that opens with none (营业员小王 09:01 您好, a label no rule reads, or a
    # turn's second line) would be folded into the turn before, a customer's perhaps, and the staff's words there never
    # judged; such a text is left as written (the whole of it the staff's, judged: never a pass on words unread)
    take = (labelled >= 2) & (labelled == lines)
    if not take.any():
        return texts
    out = s.copy()
    out.iloc[at[take]] = sub[take].str.replace(
        pat, lambda m: (f"{m.group(2) or m.group(4)} " if (m.group(2) or m.group(4)) else "")
        + f"{m.group(1) or m.group(3)}：", regex=True).to_numpy()
    return out


# a known or declared label at a one-line dialogue's turn start (the text's start or after a space; a timestamp may
# stand before it), then a space, a tab or a timestamp in place of the colon: 坐席 您好 客户 急什么 坐席 好的 (a
# transcript whose line breaks an export turned into spaces); a token (A, 甲, 1001) only with a timestamp after it, as
# on lines
# the blank a label is followed by there: a space, a tab, or the ideographic space a Chinese export writes (review31),
# as a character (RE2 reads no \u escape)
_SP = "[ \t\u3000]"
_SPACED_TOKEN = _LINE_TOKEN.replace("[ \\t]", _SP)


#: What ends a turn in a one-line dialogue where the next label follows with no space (坐席 您好，客户 急什么！: session
#: 32, the customer's 急什么！ had been read as the staff's): a stop, a comma, a question or an exclamation mark.
_TURN_END = "，,。！!？?；;…~～"


def _spaced_label_re(labels: str) -> str:
    # groups: a timestamp before the label (1: [09:01] 坐席 您好), the label (2), a timestamp after it (3), a token (4)
    # and its timestamp (5)
    return (rf"(?:^|(?<=\s)|(?<=[{_TURN_END}])(?!{_SP})){_SP}*(?:(?:({_LINE_TS}){_SP}+)?({labels})(?:{_SP}*({_LINE_TS}){_SP}*|{_SP}+)"
            rf"|{_SPACED_TOKEN})(?=[^\s:：])")


#: What a label word follows when it is a word of the sentence, not a turn's start, in a one-line dialogue with spaced
#: labels (我会通知 客户 尽快处理: the object of a verb; 你们 客服, 各位 用户: attributive): as windoweval.dialogue
#: reads a glued label (员工：请通知重要客户：明天停电 stays the staff's), the safe side (review31)
_IN_SENTENCE = ("的", "们", "位", "个", "名", "各", "这", "那", "该", "此", "通知", "告诉", "告知", "提醒", "转告", "联系",
                "请", "让", "给", "帮", "为", "向", "跟", "和", "与", "对", "叫", "回复", "答复")
#: What follows a label word that the sentence goes on with, as its subject or its owner (坐席 好的，客户 反映的问题已处理;
#: 客户 的诉求; 用户 表示不满): no turn starts there, the words stay the turn's they stand in (review32: after a stop the
#: staff's forbidden phrase behind it had been read as the customer's)
_SENTENCE_GOES_ON = ("的", "们", "反映", "表示", "称", "认为", "提出", "反馈", "来电", "致电", "来访", "投诉", "举报")
#: A customer's label word after a comma that the staff say to the person they address (坐席 好的，客户 您别急，急什么！: priv33, session
#: 32 had read a customer's turn there and the staff's 急什么！ passed the window): 您/你 and what one says to someone
#: addressed - 别 (别急, 别着急, 别担心), 不要/不用, 稍等, 请, 放心, 慢, 先别, 莫, or 您好 that no 我 follows (a customer
#: who greets and speaks of themselves, 客户 您好我想问…, 您好，我要…, opens a turn).  No turn there: the words stay
#: the staff's (the safe side: the staff's words are judged).  After a stop (。！？) a label opens a turn as before (您别急
#: said by a customer to the staff after the staff's sentence ended).
_VOCATIVE = re.compile(r"[您你](?:别|不要|不用|稍|请|放心|慢|先别|莫|好(?![,，、。.!！?？~～…\s]*我))")
_COMMA = ("，", ",", "、")


def _one_line_labels(texts: pd.Series, speakers=()) -> pd.Series:
    r"""``texts`` with a one-line dialogue whose labels a space or a timestamp follows instead of a colon (``坐席 您好
    客户 急什么！ 坐席 好的``) written with the colon (``坐席：您好 客户：急什么！ 坐席：好的``).  Read so only where the
    text opens with such a label and both sides speak in it (a staff label and a customer's, known or declared in
    mapping.yaml's ``speakers``; tokens with a timestamp count as both): a text that opens with one label alone (客户
    您好, 坐席 您好请稍等) or holds label words only inside its sentences is left as written, the staff's words judged
    whole.  Before (session 31), such a dialogue was read as the staff's words alone and the customer's 急什么！ failed
    the window.  A label word between spaces inside a turn is read as a label too (the export wrote no other mark of a
    turn), but not where the word before it makes it one of the sentence (``坐席 好的 我会通知 客户 尽快处理``: the
    object of 通知; ``你们 客服``: :data:`_IN_SENTENCE`): those stay the words of the turn they stand in.

    Examples
    --------
    >>> _one_line_labels(pd.Series(["坐席 您好 客户 急什么！ 坐席 好的", "客户 您好", "坐席 您好，请稍等",
    ...                             "A 09:01 您好 B 09:02 交电费", "柜台A 您好 来访者 交电费", None]),
    ...                  {"柜台*": "staff", "来访者": "customer"}).tolist()
    ['坐席：您好 客户：急什么！ 坐席：好的', '客户 您好', '坐席 您好，请稍等', '09:01 A：您好 09:02 B：交电费', '柜台A：您好 来访者：交电费', <NA>]
    """
    s = texts.astype("string")
    roles = dict(speakers) if isinstance(speakers, dict) else {}
    staff = [rf"(?:(?i:{'|'.join(map(re.escape, sorted(STAFF_LABELS, key=len, reverse=True)))})(?:{STAFF_ID})?)",
             *(_declared(k) for k, v in roles.items() if v == "staff")]
    cust = [rf"(?:(?i:{'|'.join(map(re.escape, sorted(CUSTOMER_LABELS, key=len, reverse=True)))}))",
            *(_declared(k) for k, v in roles.items() if v == "customer")]
    every = "|".join([rf"(?:{_KNOWN})(?:{STAFF_ID})?",
                      *(_declared(k) for k in sorted(map(str, speakers), key=len, reverse=True))])
    # which texts open so: looked for over the column at once by Arrow (RE2: no look-ahead, no \\s), the few found
    # then read exactly
    arr = pa.array(s.fillna("\n"), type=pa.large_string())
    first = (rf"^{_SP}*(?:(?:{_LINE_TS}{_SP}+)?(?:{every})(?:{_SP}*{_LINE_TS}{_SP}*|{_SP}+)|{_SPACED_TOKEN})"
             rf"[^{_SP[1:-1]}\r\n:：]"
             .replace(r"\u4e00-\u9fff", _HAN))   # a declared glob's characters, as characters
    opens = pc.match_substring_regex(arr, pattern=first)
    opens = opens.to_numpy(zero_copy_only=False).astype(bool)
    if opens.any():
        opens &= ~pc.match_substring(arr, "\n").to_numpy(zero_copy_only=False).astype(bool)
    if not opens.any():
        return texts
    at = np.flatnonzero(opens)
    sub = s.iloc[at]
    n_staff = sub.str.count(_spaced_label_re("|".join(staff))).fillna(0).to_numpy()
    n_cust = sub.str.count(_spaced_label_re("|".join(cust))).fillna(0).to_numpy()
    n_token = sub.str.count(rf"(?:^|(?<=\s)){_SP}*{_SPACED_TOKEN}(?=[^\s:：])").fillna(0).to_numpy()
    take = ((n_staff > 0) & (n_cust > 0)) | (n_token >= 2)
    if not take.any():
        return texts
    pat = _spaced_label_re(every)
    customer = re.compile("|".join(cust))   # a vocative is a customer's label (a staff label after a comma: a turn)

    def turn(m: re.Match) -> str:
        if m.group(2) and m.start() and m.string[:m.start()].rstrip().endswith(_IN_SENTENCE):
            return m.group(0)   # a word of the sentence before it (通知 客户, 你们 客服): no turn, as written
        if (m.group(2) and not m.group(3) and m.string[:m.start()].strip()
                and m.string.startswith(_SENTENCE_GOES_ON, m.end())):
            return m.group(0)   # inside a turn, the sentence's subject (客户 反映的问题…): no turn, as written
        if (m.group(2) and not m.group(3) and m.string[:m.start()].rstrip().endswith(_COMMA)
                and _VOCATIVE.match(m.string, m.end()) and customer.fullmatch(m.group(2))):
            return m.group(0)   # after a comma, the customer the staff address (，客户 您别急): no turn, as written
        ts = m.group(1) or m.group(3) or m.group(5)
        return (f"{ts} " if ts else "") + f"{m.group(2) or m.group(4)}："

    out = s.copy()
    out.iloc[at[take]] = sub[take].str.replace(pat, turn, regex=True).to_numpy()
    return out


def known_label_rows(texts: pd.Series) -> np.ndarray:
    """Whether each text holds a label windoweval knows (员工：, 客户：, 客服1001：, 【坐席】), as a boolean array: what
    :func:`unknown_speaker_rows` and :func:`unread_labels` both ask of every dialogue, found once when given them as
    ``known`` (validating transcripts asks both).

    Examples
    --------
    >>> known_label_rows(pd.Series(["A:你好 B:您好", "员工：您好", "【坐席】您好", None])).tolist()
    [False, True, True, False]
    """
    arr = pa.array(texts.astype("string").fillna(""), type=pa.large_string())
    return pc.match_substring_regex(arr, pattern=_HAS_KNOWN).to_numpy(zero_copy_only=False).astype(bool)


def unknown_speaker_rows(texts: pd.Series, known: np.ndarray | None = None) -> pd.Series:
    """Whether each text is a dialogue whose labels none is known: it opens with a label (after a timestamp, if
    any: a letter, 甲, a number, a name, then a colon), holds another at a later turn's start, and no known label.
    Staff words alone (no label, or headings: 时间：明天 地址：人民路) and dialogues with known labels are not.

    ``known``: :func:`known_label_rows` of ``texts``, when the caller has it.  The later turns are looked for only in
    the texts that open with a label, the known labels only in those that have two turns (each test is one text's
    own: the rows left out could not be such a dialogue).

    Examples
    --------
    >>> unknown_speaker_rows(pd.Series(["A:你好 B:您好", "员工：您好", "您好。温馨提示：带好证件", "通知：停电", None])).tolist()
    [True, False, False, False, False]
    """
    # on Arrow's strings (RE2, no per-row Python: read on every load of transcripts)
    arr = pa.array(texts.astype("string").fillna(""), type=pa.large_string())

    def has(a, pattern):
        return pc.match_substring_regex(a, pattern=pattern).to_numpy(zero_copy_only=False).astype(bool)

    def some(at):   # the texts at rows ``at`` (all of them without a copy)
        return arr if len(at) == len(arr) else arr.take(pa.array(at))

    cand = has(arr, rf"^\s*{_TS}?{_TOKEN}")   # opens with a label
    at = np.flatnonzero(cand)
    if len(at):
        # a heading (:data:`HEADINGS`: 时间：, 费用：) is no speaker's label: staff words of headings are no dialogue
        bare = pc.replace_substring_regex(some(at), pattern=_HEADING, replacement=" \ufdd7 ")
        turns = pc.count_substring_regex(bare, pattern=rf"(?:^|[\s，,、。！？!?；;…\]】)）」』>|]){_TS}?{_TOKEN}")
        cand[at] = turns.to_numpy(zero_copy_only=False) >= 2
        at = np.flatnonzero(cand)
    if len(at):   # a known label anywhere: a dialogue windoweval reads
        cand[at] = ~(np.asarray(known, dtype=bool)[at] if known is not None else has(some(at), _HAS_KNOWN))
    return pd.Series(cand, index=texts.index)


# a known label as windoweval.dialogue reads it at a turn's start (a few characters before it: VIP客户, 1号柜员; a number
# after it: 客服1001, 客服人员; a timestamp before it; in brackets: 【坐席】): taken out before unread labels are looked for
_READ = (rf"(?:^|[\s\x{{fdd0}}，,、。！？!?；;…\]】)）」』>|])\s*{_TS}?(?:[0-9０-９A-Za-z{_HAN}]{{0,4}}(?:{STAFF_NAMED}|{_KNOWN}"
         rf"(?:人员|工号|编号|号)?[0-9０-９]*)\s*[:：]|[【\[](?:{STAFF_NAMED}|{_KNOWN}[0-9０-９]*)[】\]]\s*[:：]?)")
#: Words said with a colon inside a turn, never a speaker: a sentence's own headings (注意：请带好证件, 请报一下 ID：)
#: and the fields of a record read out (费用：, 姓名：, 联系电话：, 办理时间：).  The rule (verdicts26): a heading of this
#: list, with up to two characters before it (办理时间, 缴费金额, 客服电话), continues the turn it stands in - no one
#: is called 费用 or 时间, so no staff's words can hide behind one; any other unknown label (a name, a title: 主管：,
#: 小王：) is still refused.  Staff words alone made of headings (时间：明天 地址：人民路) are no dialogue either.
HEADINGS = ("注意", "提示", "温馨提示", "备注", "说明", "通知", "地址", "电话", "时间", "日期", "原因", "内容", "问题",
            "答复", "回复", "结果", "事项", "要求", "材料", "业务", "金额", "户号", "户名", "编号", "网址", "密码", "步骤",
            "例如", "比如", "第一", "第二", "第三", "首先", "其次", "最后", "总之", "另外", "ID", "QQ", "PS", "OK", "APP",
            # the fields of a record read out
            "费用", "电费", "水费", "余额", "欠费", "电量", "用量", "单价", "价格", "合计", "总计", "数量", "姓名", "名字",
            "名称", "身份证", "身份证号", "证件", "证件号", "证件号码", "手机", "手机号", "号码", "联系方式", "账号",
            "帐号", "卡号", "单号", "工单号", "订单号", "流水号", "期限", "地点", "位置", "网点", "状态", "进度", "类型",
            "项目", "邮箱", "邮编", "用途", "事由", "诉求", "意见", "附件", "链接", "验证码", "热线")
_HEADING = (r"(?:^|[\s，,、。！？!?；;…])\s*(?:[" + _HAN + r"]{0,2}?(?:"
            + "|".join(sorted((h for h in HEADINGS if not h.isascii()), key=len, reverse=True))
            + r")|(?i:" + "|".join(h for h in HEADINGS if h.isascii()) + r"))\s*[:：]")
#: The posts a label of four or five characters ends with (大堂经理, 值班主任, 营业厅主任, 业务专员): a staff member
#: named by post, not a word of the sentence.  Such a label had been neither read nor refused (the rule looked at two
#: or three characters), so its turn joined the one before it - a customer's - and the staff's words in it were
#: never judged (priv33's note, session 33).
_POSTS = "经理|主任|主管|班长|组长|专员|代表|助理|顾问|大夫|医师|药师|护师|护士|医生|师傅|干事|科长|处长|所长|站长|店长|柜员|职员"
#: Words a sentence of four characters ends in before a colon that heads what follows (温馨提醒：, 具体如下：, 收费标准：,
#: 办理流程：): headings, no speaker, beside :data:`HEADINGS` (which a label of two or three characters may be, so
#: these are read only as the ends of four)
_HEADING4_ENDS = ("提醒", "如下", "标准", "流程", "承诺", "渠道", "办法", "规定", "依据", "条件", "范围", "须知", "指南", "方法",
                  "方案", "安排", "情况", "政策", "规则", "详情", "原则", "目的", "对象", "时段", "途径", "环节", "程序",
                  "手续", "资料", "措施", "建议", "结论", "总结")
_HEADING4 = rf"(?:^|[\s\x{{fdd0}}，,、。！？!?；;…])\s*[{_HAN}]{{2}}(?:" + "|".join(_HEADING4_ENDS) + r")\s*[:：]"
#: The last character of a four-character label that names someone (保安, 阿姨, 人员, 志愿者甲, 社工, 家属, 群众):
#: a four-character label read as an unknown speaker ends so; any other (办理方式, 联系电话) is a topic, no speaker.
_PERSON_END = "[员安姨叔伯哥姐嫂爷奶师生士工者人长民属友客众甲乙丙丁]"
# what an export writes as a speaker's label at a turn's start (the text's start, a space or line break, a sentence's
# end): letters (B, C2), 甲乙丙丁, a number of three digits or more (1001, 工号1001; 1：身份证 2：户口本 is a list) that
# is no time (17:00), a label qualified by a letter
# (坐席A), or a name of two or three characters; group 1 the label
_UNREAD = (rf"(?:^|[\s\x{{fdd0}}。！？!?；;])\s*{_TS}?((?:[A-Za-z]{{1,2}}[0-9]{{0,4}}|[甲乙丙丁]|(?:工号|编号)[0-9]{{1,8}}|[0-9]{{3,8}}|"
           rf"[{_HAN}]{{2,4}}[A-Za-z]{{1,2}}[0-9]{{0,4}}|(?:{_KNOWN}|{'|'.join(STAFF_ID_LABELS)})[0-9０-９A-Za-z{_HAN}]{{1,4}}|"
           rf"[{_HAN}]{{2,3}}|[{_HAN}]{{2,3}}(?:{_POSTS})))\s*[:：](?:$|[^0-9０-９])"
           # four characters that name a person but no post (大堂保安, 保洁阿姨, 引导人员, 志愿者甲: ending in a word for
           # someone, :data:`_PERSON_END`) where only a label stands: the text's start, a line's, or after a sentence's
           # end (not after a mere space, where a turn's own phrase may stand); a topic so written (办理方式：, 联系电话：,
           # 具体地址：) heads what the speaker says next and is no label, never a refusal of the dialogue
           rf"|(?:^|[\r\n\x{{fdd0}}。！？!?；;])\s*{_TS}?(?P<four>[{_HAN}]{{3}}{_PERSON_END})\s*[:：](?:$|[^0-9０-９])")


def unread_labels(texts: pd.Series, known: np.ndarray | None = None) -> pd.Series:
    """The first speaker label of each dialogue that holds known labels and one windoweval does not know, at a turn's
    start (客户：快点 柜台A：急什么！ gives 柜台A; 客户：你好 1001：您好 gives 1001), else missing.  Read as it is, the
    unknown-labelled turn would join the turn before it - a customer's, so the staff's words in it were never judged
    (verdicts25); such a dialogue is refused unless mapping.yaml declares the label (:func:`apply_speakers` has
    written it as a known one by then).  Times (17:00), a heading said in a sentence (注意：) and a known label read as
    one (客服1001：, VIP客户：, 坐席A：, 营业员小王：) are no unread label; a known word with other characters after it at a
    turn's start (营业员某某：, 客户王五：) is one.  Four characters naming no post (大堂保安：, 志愿者甲：) are one where only
    a label stands - the text's start, a line's, after a sentence's end - unless they end in a heading (温馨提示：,
    具体如下：).  All on Arrow's strings (RE2), no per-row Python.

    Examples
    --------
    >>> unread_labels(pd.Series(["客户：快点 柜台A：急什么！", "客户：你好 1001：您好", "员工：您好 A:x", "A:你好 B:您好",
    ...                          "客户：几点？ 员工：17:00。", "员工：您好。注意：带证件", None])).tolist()
    ['柜台A', '1001', 'A', <NA>, <NA>, <NA>, <NA>]
    >>> unread_labels(pd.Series(["客户：我要办。大堂保安：等着", "员工：您好。具体如下：带证件", "员工：您好 这样的话：先交费"])).tolist()
    ['大堂保安', <NA>, <NA>]
    """
    arr = pa.array(texts.astype("string").fillna(""), type=pa.large_string())
    known = known_label_rows(texts) if known is None else np.asarray(known, dtype=bool)   # :func:`known_label_rows`
    out = pd.Series(pd.NA, index=texts.index, dtype="string")
    if not known.any():
        return out
    sub = pc.filter(arr, pa.array(known))
    sub = pc.replace_substring_regex(sub, pattern=_READ, replacement="\ufdd7 ")   # the labels read as labels
    sub = pc.replace_substring_regex(sub, pattern=_HEADING, replacement="\ufdd7 ")
    sub = pc.replace_substring_regex(sub, pattern=_HEADING4, replacement="\ufdd7 ")
    got = pc.extract_regex(sub, pattern=_UNREAD.replace("((?:", "(?P<label>(?:", 1))
    # the first label at a turn's start: of two or three characters (or a post, a letter, a number), else of four
    # (each match fills one of the two groups; RE2 gives the other as empty)
    two, four = (pc.struct_field(got, [i]) for i in (0, 1))
    label = pc.if_else(pc.equal(pc.utf8_length(pc.fill_null(two, "")), 0), four, two)
    out[known] = pd.array(label.to_pylist(), dtype="string")
    return out


#: What makes a label an id or a role's letter rather than a person's name: a digit, a Latin letter or 甲乙丙丁.
_NOT_A_NAME = r"[0-9A-Za-z甲乙丙丁]"


def may_be_name(labels) -> np.ndarray:
    """Whether each speaker label may be a person's name, and so is never shown in a message: one of Chinese
    characters alone (张三, 营业员某某, 店长) may be; one holding a digit, a Latin letter or 甲乙丙丁 (柜台A, 1001, 工号1001,
    甲) is an id or a role's letter.  The first half of the one rule of the refusals that name a label
    (:func:`name_shaped`, in :func:`windoweval.dialogue.staff_text` and validating transcripts); a missing label is no
    name.

    Examples
    --------
    >>> may_be_name(["张三", "柜台A", "1001", "甲", "营业员某某", None]).tolist()
    [True, False, False, False, True, False]
    """
    s = pd.Series(labels, dtype="string")
    return (s.notna() & ~s.str.contains(_NOT_A_NAME, regex=True)).to_numpy(dtype=bool, na_value=False)


#: How a label that may be a name (:func:`may_be_name`) is shown: as privacy masks a name (客户：某某).
NAME_SHOWN = "某某"

#: A label that is a name's shape (:func:`name_shaped`): a label word and what stands where a name would (客户王五,
#: 营业员小王, 客服大海: the words a staff label carries after its word are a name, as ``name_staff_label`` masks them),
#: a name as privacy reads one in a staff label (:data:`windoweval.privacy._LABEL_NAME`: a listed surname and one or
#: two characters, 小/老/阿 and one), or a name privacy has masked already (某某).
_NAME_SHAPE = (rf"(?:{'|'.join(map(re.escape, sorted(STAFF_LABELS + CUSTOMER_LABELS + STAFF_ID_LABELS, key=len, reverse=True)))})"
               rf".+|{_LABEL_NAME}|.*某.*")


def name_shaped(labels) -> np.ndarray:
    """Whether each speaker label is shaped as a person's name, and so is shown in a refusal as :data:`NAME_SHOWN`: a
    label that may be a name (:func:`may_be_name`: Chinese characters alone) and that is one as privacy reads names -
    a listed surname and one or two characters or 小/老/阿 and one (张三, 小王), a label word and any words after it
    (客户王五, 客服大海),
    a name privacy masks in brackets after a label (热依拉: ``客户（热依拉）``), or a name masked already (营业员某某).
    A role or a post (主管, 值班长, 店长, 护士长) is no name: shown, so that the user sees what to declare (priv33: every
    label of Chinese characters had been shown as 某某：).  A label of Chinese characters alone that is shaped as neither
    is shown as written: no rule of privacy would mask it in a record either.

    Examples
    --------
    >>> name_shaped(["张三", "小王", "客户王五", "热依拉", "营业员某某", "主管", "值班长", "柜台A", None]).tolist()
    [True, True, True, True, True, False, False, False, False]
    """
    s = pd.Series(labels, dtype="string")
    maybe = may_be_name(s)
    if not maybe.any():
        return maybe
    shaped = s.str.fullmatch(_NAME_SHAPE).fillna(False).to_numpy(dtype=bool)
    bracketed = "客户（" + s.fillna("") + "）"
    masked = (mask_text(bracketed) != bracketed).fillna(False).to_numpy(dtype=bool)
    return maybe & (shaped | masked)


def label_offsets(texts: pd.Series, labels) -> np.ndarray:
    """Where each text's ``label`` (one per text, followed by a colon) starts, counted in characters from 1; 0 where
    none is found.  What a refusal says of a label it cannot show (a name) or of one in a long dialogue: the place to
    look.  A find per distinct label over the texts that hold it (a refusal's few labels), no per-row Python.

    Examples
    --------
    >>> label_offsets(pd.Series(["客户：快点 主管：急什么！", "A:你好 B:您好", "您好"]), ["主管", "B", "C"]).tolist()
    [7, 6, 0]
    """
    s = texts.astype("string").fillna("").reset_index(drop=True)
    lab = pd.Series(labels, dtype="string").reset_index(drop=True)
    out = np.zeros(len(s), dtype=np.int64)
    for label in lab.dropna().unique():   # a handful of labels, not rows
        at = np.flatnonzero((lab == label).fillna(False).to_numpy(dtype=bool))
        sub = s.iloc[at]
        found = np.stack([sub.str.find(label + c).to_numpy(dtype=np.int64) for c in "：:"])
        found = np.where(found < 0, np.iinfo(np.int64).max, found).min(axis=0)
        out[at] = np.where(found == np.iinfo(np.int64).max, -1, found) + 1
    return out


def _turn_labels(texts: pd.Series) -> pd.DataFrame:
    """The speaker labels at the turns' starts of ``texts``, as :func:`unknown_speaker_rows` reads them (headings
    aside), in order: a frame of ``row`` (the position in ``texts``) and ``label``, a row for each label met."""
    arr = pa.array(texts.astype("string").fillna("").str.replace("[\ufdd8\ufdd9]", "", regex=True),
                   type=pa.large_string())
    bare = pc.replace_substring_regex(arr, pattern=_HEADING, replacement=" \ufdd7 ")
    # each label at a turn's start marked (\ufdd8 label \ufdd9), then the words after each dropped (those before the
    # first are the first piece of the split, dropped below)
    at = rf"(?:^|[\s，,、。！？!?；;…\]】)）」』>|]){_TS}?({_TOKEN_LABEL})\s*[:：]"
    marked = pc.replace_substring_regex(bare, pattern=at, replacement="\ufdd8\\1\ufdd9")
    marked = pc.replace_substring_regex(marked, pattern="\ufdd9[^\ufdd8]*", replacement="")
    parts = pc.split_pattern(marked, pattern="\ufdd8")
    df = pd.DataFrame({"row": pc.list_parent_indices(parts).to_numpy(),
                       "label": pc.list_flatten(parts).to_numpy(zero_copy_only=False)})
    return df[df.groupby("row").cumcount().to_numpy() > 0]      # what came before the first label: none


def hidden_label_offsets(texts: pd.Series) -> np.ndarray:
    """Where the first label of each text that :func:`speaker_labels` hides (a name: :func:`name_shaped`) starts,
    counted in characters from 1 (:func:`label_offsets`); 0 where it hides none.

    Examples
    --------
    >>> hidden_label_offsets(pd.Series(["1001：您好 张三：交电费", "A:你好 B:您好"])).tolist()
    [9, 0]
    """
    out = np.zeros(len(texts), dtype=np.int64)
    df = _turn_labels(texts)
    if not len(df):
        return out
    df = df[name_shaped(df["label"])].drop_duplicates("row")
    if len(df):
        rows = df["row"].to_numpy()
        out[rows] = label_offsets(texts.iloc[rows], df["label"].to_numpy(dtype=object))
    return out


def speaker_labels(texts: pd.Series, most: int = 5) -> pd.Series:
    """The speaker labels at the turns' starts of each text, as :func:`unknown_speaker_rows` reads them (headings
    aside: 时间：, 费用：): distinct, in order, at most ``most``, each with a full-width colon and one that may be a
    name (:func:`name_shaped`) as 某某：, joined by ", "; "" where there is none.  What a refusal shows of a dialogue
    (its ``value``): the labels that are wrong, never the dialogue (a phone number, a name).  On Arrow's strings (RE2)
    and pandas' columns, no per-row Python.

    Examples
    --------
    >>> speaker_labels(pd.Series(["A:你好 B:您好 A:好", "张三：你好 1001：您好", "您好", None])).tolist()
    ['A：, B：', '某某：, 1001：', '', '']
    """
    out = pd.Series("", index=texts.index, dtype=object)
    df = _turn_labels(texts)
    if not len(df):
        return out
    label = df["label"]
    df = df.assign(label=label.where(~name_shaped(label), NAME_SHOWN) + "：").drop_duplicates(["row", "label"])
    df = df.assign(k=df.groupby("row").cumcount())
    wide = df[df["k"] < most].pivot(index="row", columns="k", values="label")
    joined = wide[0]
    for k in wide.columns[1:]:      # at most ``most`` columns, not rows
        joined = joined.where(wide[k].isna(), joined + ", " + wide[k])
    out.iloc[wide.index.to_numpy()] = joined.to_numpy()
    return out
