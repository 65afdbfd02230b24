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

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["STAFF_LABELS", "CUSTOMER_LABELS", "ROLES", "apply_speakers", "unknown_speaker_rows"]

#: Labels that lead a staff turn (:mod:`windoweval.dialogue` reads them).
STAFF_LABELS = ("工作人员", "员工", "坐席", "柜员", "客服", "营业员", "收费员", "话务员", "医生", "护士", "药师", "staff", "agent",
                "customer service")
#: Labels that lead a customer's (patient's, family's, caller's) turn.
CUSTOMER_LABELS = ("服务对象", "客户", "用户", "患者", "病人", "家属", "来电人", "顾客", "市民", "customer", "caller")
#: What a declared label may say its speaker is, and the known label it is written as.
ROLES = {"staff": "员工:", "customer": "客户:"}

_HAN = "\u4e00-\u9fff"   # the CJK characters, as characters (RE2 reads no \u escape)
# a turn's start: the text's start, or after a space, a line break or a mark (as windoweval.dialogue reads labels)
_AT = r"(?:^|(?<=[\s，,、。！？!?；;…\]】)）」』>|]))"
_TS = r"(?:[\[【(（]?\d{1,2}[:：]\d{2}(?:[:：]\d{2})?[\]】)）]?\s*)"
_KNOWN = "(?i:" + "|".join(map(re.escape, sorted(STAFF_LABELS + CUSTOMER_LABELS, key=len, reverse=True))) + ")"
# a known label anywhere: a word of them, then a number or a few characters (客服1001, 客服人员), then a colon, or
# in brackets (【坐席】)
_HAS_KNOWN = rf"{_KNOWN}[0-9０-９{_HAN}]{{0,6}}?\s*[:：]|[【\[]{_KNOWN}"
# what exports write as a speaker's label: a letter or two, 甲乙丙丁, a number (a staff number, 工号1001), or a name
# of two or three characters, then a colon
_TOKEN = rf"(?:[A-Za-z]{{1,2}}|[甲乙丙丁]|(?:工号|编号)?\d{{1,8}}|[{_HAN}]{{2,3}})\s*[:：]"
_GLOB = r"[0-9A-Za-z\u4e00-\u9fff]{1,8}?"
_MARK = {"staff": "\ufdd5", "customer": "\ufdd6"}   # noncharacters, in no text: a declared label once written


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
        body = _GLOB.join(map(re.escape, label.split("*")))
        guard = "" if "*" not in label else rf"(?!{_KNOWN}[0-9０-９]*\s*[:：])"
        out = out.str.replace(rf"{_AT}{guard}(?:{body})\s*[:：]", _MARK[speakers[label]], regex=True)
    for role, mark in _MARK.items():
        out = out.str.replace(mark, ROLES[role], regex=False)
    return out


def unknown_speaker_rows(texts: pd.Series) -> pd.Series:
    """Whether each text is a dialogue whose labels none is known: it opens with a label (after a timestamp, if
    any: a letter, 甲, a number, a name, then a colon), holds another at a later turn's start, and no known label.
    Staff words alone (no label) and dialogues with known labels are not.

    Examples
    --------
    >>> unknown_speaker_rows(pd.Series(["A:你好 B:您好", "员工：您好", "您好。温馨提示：带好证件", "通知：停电", None])).tolist()
    [True, False, False, False, False]
    """
    # on Arrow's strings (RE2, no per-row Python: read on every load of transcripts)
    arr = pa.array(texts.astype("string").fillna(""), type=pa.large_string())

    def has(pattern):
        return pc.match_substring_regex(arr, pattern=pattern).to_numpy(zero_copy_only=False).astype(bool)

    opens = has(rf"^\s*{_TS}?{_TOKEN}")
    turns = pc.count_substring_regex(arr, pattern=rf"(?:^|[\s，,、。！？!?；;…\]】)）」』>|]){_TS}?{_TOKEN}")
    cand = opens & (turns.to_numpy(zero_copy_only=False) >= 2)
    if cand.any():   # a known label anywhere: a dialogue windoweval reads
        cand &= ~has(_HAS_KNOWN)
    return pd.Series(cand, index=texts.index)
