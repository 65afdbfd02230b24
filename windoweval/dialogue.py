"""Transcripts as dialogues: whose turn is whose, and the staff's words only.

A transcript arrives either as a whole dialogue in one text, each turn led by
a speaker label (``员工:`` / ``客户:``, also 坐席, 柜员, 工作人员 … and 用户,
患者 …; full- or half-width colon), or one turn per row with a ``speaker``
column (see :func:`join_turns`).  A text without any label is taken as the
staff's words alone (an export of the staff channel only).

A label is a staff or customer word at a turn's start, with a short prefix (VIP客户：, 1号柜员：) or, for the staff, an
id or a name after it (坐席A：, 客服1号：, 营业员小王：, 窗口3：).  A field heading said in a turn (费用：, 姓名：,
办理时间：; :data:`~windoweval.records.speakers.HEADINGS`) is no label: it continues the turn it stands in (no one is
called 费用, so no staff's words can hide behind it).  Any other unknown label in a dialogue with known ones is
refused when the records are validated, never folded into the turn before it.

Only staff turns are judged: the greeting is looked for in the first staff
turn, the closing in the last, forbidden phrases in all of them.  All work is
column-wise regular expressions (no Python loop over rows).

Examples
--------
>>> import pandas as pd
>>> t = pd.Series(["客户:你好,我来交电费。员工:您好!请稍等。客户:谢谢。员工:请慢走。", "您好,请慢走。"])
>>> staff_text(t).tolist()
['您好!请稍等。 请慢走。', '您好,请慢走。']
>>> staff_text(t, "first").tolist(), staff_text(t, "last").tolist()
(['您好!请稍等。', '您好,请慢走。'], ['请慢走。', '您好,请慢走。'])
"""
from __future__ import annotations

import re
import threading

import numpy as np
import pandas as pd

# the labels (records checks them too: a dialogue labelled by none is refused there)
from .errors import InputError
from .records import speakers
from .records.speakers import CUSTOMER_LABELS, STAFF_ID, STAFF_LABELS, STAFF_NAMED, unread_labels

__all__ = ["STAFF_LABELS", "CUSTOMER_LABELS", "TURN", "staff_text", "join_turns", "has_labels"]

#: Where a customer's turn stood between two staff turns (:func:`staff_text` with ``between=TURN``): a Unicode
#: noncharacter (U+FDD0, kept for a program's own use and never interchanged; not a private-use character, which
#: real data holds: GBK's user-defined characters, rare name characters among them, map to U+E000…), in no phrase,
#: no punctuation class and no regex syntax; one in the data is read as a space.  The forbidden phrases are
#: matched within one staff run (the turns the customer did not interrupt), never across this mark.
TURN = "\ufdd0"


# the English labels in any case (Customer:, STAFF:): a capitalised customer's label read as no label made the
# customer's words the staff's
# customer service: before customer.  A label is a whole word at a turn's start: at the text's start or after a space,
# a line break, TURN, a comma or a sentence's end mark or a closing bracket (a timestamp's: [09:01:02] 客服：), never
# after a letter, digit or Chinese character inside a word (subagent: holds agent:, 请通知重要客户：明天停电 is the
# staff's sentence, not a customer's turn; a Chinese label glued to the words before it: see _GLUED below).  Exports qualify and number their labels: up to four Chinese characters or digits before a staff
# label at the turn's start (值班医生：, 1号柜员：, 窗口工作人员：), a number after it (坐席工号1001：, 客服1001：, 客服人员：), a
# timestamp before it, or brackets instead of the colon (【坐席】您好): read as the label they carry (rev23a: a label
# read as no label put the staff's words into the customer's turn, unread, and a forbidden phrase there passed)
_START = r"(?:^|(?<=[\s\ufdd0，,、。！？!?；;…\]】)）」』>|]))"
_TS = speakers.TURN_TIMESTAMP
_QUAL = r"[0-9０-９\u4e00-\u9fff]{0,4}?"
# a customer's label takes a short descriptive prefix too (VIP客户：, 老年客户：, 来电客户：, 患者家属：; verdicts24: read
# as no label, the customer's words were the staff's), but not one that makes it an address inside the staff's own
# sentence (各位客户：, 尊敬的客户：, 所有用户：, 广大市民：: ending in 的 位 们 各 有 体 大) - the staff's words stay theirs
# nor the words that end the staff's utterance before it (您好！请讲客户：交电费: 请讲 is the staff's, verdicts25)
_UTTERANCE_END = ("您好", "你好", "请讲", "请说", "稍等", "稍候", "谢谢", "再见", "慢走", "好了", "是的", "没问题")
_QUAL_CUSTOMER = (r"(?:(?![0-9０-９A-Za-z\u4e00-\u9fff]{0,2}(?:" + "|".join(_UTTERANCE_END) + r"))"
                  r"[0-9０-９A-Za-z\u4e00-\u9fff]{0,3}?(?![的位们各有体大])[0-9０-９A-Za-z\u4e00-\u9fff])??")
_SUFFIX = r"(?:人员|工号|编号|号)?[0-9０-９]*"
# turns glued with no mark between them (客户：你好客服：您好: an export that joins its turns bare; verdicts24: the
# customer's turn swallowed the staff's words, unread).  A Chinese staff label and a colon open a turn after any
# Chinese character but an attributive one (你们的工作人员：, 各位客服： are noun phrases of a sentence).  A customer's
# label glued so opens a turn after a sentence-final particle (请问办什么业务呢客户：交电费) or the words that end an
# utterance (您好客户：交电费: _UTTERANCE_END), or after any such character
# in a text whose export glues its turns (a staff label glued in it: 客户：你好客服：您好客户：交电费); else it is a
# word of the staff's sentence (员工：请通知重要客户：明天停电), never read as the customer's on a guess (the safe
# side: the staff's words are judged)
_GLUED = r"(?<=[\u4e00-\u9fff])(?<![的们位个名各这那该此])"
# or after the words that end a staff's utterance (员工：您好客户：交电费, 请稍等用户：好的; verdicts25: read as a word of
# the staff's sentence, the customer's 急什么！ failed the window and their 请慢走 counted for the staff) - none of them
# ends a noun phrase naming a customer (请通知重要客户：, 您的家属： stay the staff's words)
_GLUED_PARTICLE = "(?:(?<=[吗呢吧啊呀嘛啦哦哈])|" + "|".join(f"(?<={w})" for w in _UTTERANCE_END) + ")"


def _first(labels) -> str:
    """A lookahead of the Chinese labels' first characters: a glued label is looked for only where one stands (the
    lookbehinds and the labels' alternation tried at every character of a text took twice the time)."""
    return "(?=[" + "".join(sorted({x[0] for x in labels if not x.isascii()})) + "])"


def _alt(labels, qual: bool = False, glued: str = _GLUED) -> str:
    """A label's regex.  The staff's (``qual``): a staff word and an id or a name at a turn's start or in brackets
    (:data:`~windoweval.records.speakers.STAFF_NAMED`: 坐席A：, 客服1号：, 营业员小王：, 窗口3：), an id only where it
    is glued to the words before it (客户：你好客服A：; a name glued so is a word of a sentence: 请拨打客服电话：)."""
    alt = "(?i:" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + ")"
    zh_words = "|".join(map(re.escape, sorted((x for x in labels if not x.isascii()), key=len, reverse=True)))
    zh = _first(labels)
    core = rf"(?:{STAFF_NAMED}|{alt}{_SUFFIX})" if qual else rf"{alt}{_SUFFIX}"
    tail = rf"(?:{STAFF_ID}|{_SUFFIX})" if qual else _SUFFIX
    return (rf"(?:{_START}{_TS})?(?:{_START}{_QUAL if qual else _QUAL_CUSTOMER}{core}\s*[:：]|"
            rf"[【\[]{core}[】\]]\s*[:：]?|{zh}{glued}(?:{zh_words}){tail}\s*[:：])")


def _patterns(glued_export: bool) -> dict:
    """The regexes of turns: a customer's label glued to the staff's words opens a turn after a sentence-final
    particle, or (``glued_export``: a text whose export glues its turns) after any non-attributive character."""
    staff = _alt(STAFF_LABELS, qual=True)
    cust = _alt(CUSTOMER_LABELS, glued=_GLUED if glued_export else _GLUED_PARTICLE)
    any_ = f"(?:{staff}|{cust})"
    return {"label": any_, "customer_turn": rf"{cust}.*?(?={any_}|$)", "staff_label": rf"{staff}\s*",
            "first": rf"{staff}\s*(.*?)\s*(?={any_}|$)", "last": rf"^.*{staff}\s*(.*?)\s*(?={any_}|$)"}


_P = _patterns(False)
_P_GLUED = _patterns(True)
_STAFF = _alt(STAFF_LABELS, qual=True)
_LABEL = _P["label"]
_LABEL_RE = re.compile(_LABEL)
# a staff label glued to the words before it: the export glues its turns
_GLUED_STAFF = rf"{_first(STAFF_LABELS)}{_GLUED}(?:{'|'.join(map(re.escape, sorted((x for x in STAFF_LABELS if not x.isascii()), key=len, reverse=True)))}){_SUFFIX}\s*[:：]"


def has_labels(texts: pd.Series) -> pd.Series:
    """Whether each text carries speaker labels (a dialogue) rather than staff words alone.

    Examples
    --------
    >>> has_labels(pd.Series(["客户:我来交电费。营业员:您好,请出示户号。", "您好,请问办理什么业务?", None])).tolist()
    [True, False, False]
    """
    return texts.astype("string").str.contains(_LABEL, regex=True).fillna(False).astype(bool)


def staff_text(texts: pd.Series, which: str = "all", between: str = " ") -> pd.Series:
    """The staff's words of each transcript: ``all`` turns (joined by a space), the ``first`` or the ``last``.

    ``between`` (``all`` only) stands where a customer's turn stood: a space, or :data:`TURN` to keep where the
    customer spoke (a staff run the customer did not interrupt stays one run, its turns joined by a space).

    A text without speaker labels is returned as it is; a dialogue with no
    staff turn gives an empty string (nothing said by staff).  Missing stays
    missing.  A dialogue with known labels and one it does not know (客户：快点 柜台A：急什么！) raises
    :class:`~windoweval.errors.InputError`, as validating the records refuses it (see :func:`_refuse_unread`).

    Examples
    --------
    >>> t = pd.Series(["营业员:您好!客户:交电费。营业员:请稍等。", "您好,请坐。", "客户:在吗?", None])
    >>> staff_text(t).tolist()
    ['您好! 请稍等。', '您好,请坐。', '', <NA>]
    >>> staff_text(t, "first").tolist(), staff_text(t, "last").tolist()[0]
    (['您好!', '您好,请坐。', '', <NA>], '请稍等。')
    >>> staff_text(pd.Series(["员工:你烦 客户:什么? 员工:不烦! 员工:好"]), between=TURN).str.split(TURN).tolist()
    [['你烦', '不烦! 好']]
    """
    s = texts.astype("string")
    key = (which, between, id(_P), id(_P_GLUED))
    with _MEMO_LOCK:
        memo = _MEMO.get(key)
    pos = (memo.index.get_indexer(s.to_numpy(dtype=object, na_value=None)) if memo is not None
           else np.full(len(s), -1, dtype=np.intp))
    got = np.full(len(s), None, dtype=object)          # missing stays missing
    seen = pos >= 0
    if seen.any():
        got[seen] = memo.to_numpy()[pos[seen]]
    miss = ~seen & s.notna().to_numpy(dtype=bool)
    if miss.any():
        got[miss] = _remember(key, s[miss], _staff_words(s[miss], which, between)).to_numpy(dtype=object,
                                                                                         na_value=None)
    return pd.Series(got, index=texts.index, dtype=s.dtype)


#: :func:`staff_text`'s results by text, per ``(which, between)``: one evaluation's measures read the same transcripts
#: again and again (the greeting in the first staff turn, the closing in the last, the forbidden phrases in all, for
#: each standard: 8 calls over the demo year's ~1,500 texts, ~1 s of the report's path), and a text's staff words are
#: its own (no other input: the labels are the module's).  Looked up by the text itself (a hash and an equality test,
#: never a digest standing for it).  Bounded: a memo past :data:`_MEMO_CHARS` characters is dropped and started anew.
_MEMO: dict = {}
_MEMO_CHARS = 4_000_000
_MEMO_LOCK = threading.Lock()


def _remember(key, s: pd.Series, out: pd.Series) -> pd.Series:
    """``out`` (the staff words of ``s``), its texts kept in the memo of ``key`` beside those kept already (or alone
    when the two would hold more than :data:`_MEMO_CHARS` characters; none when ``s`` alone does)."""
    first = ~s.duplicated().to_numpy(dtype=bool) & s.notna().to_numpy(dtype=bool)
    add = pd.Series(out.to_numpy(dtype=object, na_value=None)[first],
                    index=pd.Index(s.to_numpy(dtype=object, na_value=None)[first], dtype=object))
    chars = int(s[first].str.len().sum())
    if chars > _MEMO_CHARS:
        return out
    with _MEMO_LOCK:
        memo = _MEMO.get(key)      # as it is now (another thread may have added to it since it was read)
        if memo is not None and memo.attrs["chars"] + chars <= _MEMO_CHARS:
            add = pd.concat([memo, add[~add.index.isin(memo.index)]])
            chars += memo.attrs["chars"]
        add.attrs["chars"] = chars
        _MEMO[key] = add
    return out


def _staff_words(s: pd.Series, which: str, between: str) -> pd.Series:
    """:func:`staff_text` of ``s`` (strings), computed."""
    if between != " ":   # the mark where a customer spoke is in no text: one in the data is no turn
        s = s.str.replace(between, " ", regex=False)
    _refuse_unread(s)
    labelled = has_labels(s).to_numpy()
    out = _staff_text(s, which, between, _P)
    glued = s.str.contains(_GLUED_STAFF, regex=True).fillna(False).to_numpy(dtype=bool)
    if glued.any():   # exports that glue their turns: a customer's label glued to the staff's words is a turn
        out[glued] = _staff_text(s[glued], which, between, _P_GLUED)
    out = out.where(~labelled | out.notna(), "")  # a dialogue with no staff turn: staff said nothing
    return out.where(labelled, s)


def _refuse_unread(s: pd.Series) -> None:
    """Raise :class:`~windoweval.errors.InputError` (exit 3) where a dialogue holds known labels and one it does not
    know (:func:`windoweval.records.speakers.unread_labels`), naming the rows (the index) and the label unless it is
    shaped as a name (:func:`windoweval.records.speakers.name_shaped`: then where it starts, and why it is not shown),
    with the fix.

    Why raise rather than mark: read as it is, the unknown-labelled turn would join the turn before it - a
    customer's, so the staff's words in it are dropped in silence (verdicts26); a mark (a missing text) would be read
    downstream as no text at all, the record left out of the measure without a word.  Validating the records refuses
    the same dialogue (``unknown_speakers``), so the engine never meets one; a direct caller is told as a user is.

    Examples
    --------
    >>> try:
    ...     staff_text(pd.Series(["员工：您好", "客户：快点 柜台A：急什么！"]))
    ... except InputError as e:
    ...     print(e.exit_code, str(e).split(")")[0])
    3 对话中有未知的说话人标签(行 / rows: 1
    """
    lab = unread_labels(s)
    bad = lab.notna().to_numpy()
    if not bad.any():
        return
    rows = ", ".join(map(str, s.index[bad][:10].tolist())) + (" …" if bad.sum() > 10 else "")
    shown = lab[bad]
    hidden = speakers.name_shaped(shown)
    named = sorted(set(shown[~hidden].tolist()))[:5]
    zh = f"(如 “{'”、“'.join(named)}”)" if named else ""
    en = f" (such as '{', '.join(named)}')" if named else ""
    hint_zh = hint_en = ""
    if hidden.any():   # where the first label shaped as a name starts, never the name (priv33)
        i = int(np.flatnonzero(hidden)[0])
        at = int(speakers.label_offsets(s[bad].iloc[[i]], [shown.iloc[i]])[0])
        hint_zh = (f"。行 {shown.index[i]} 第 {at} 个字符起的标签像人名,按隐私规则不显示:人名作说话人标签时须照写法在 "
                   "mapping.yaml 中写明,或换成 员工:/客户:")
        hint_en = (f". The label at row {shown.index[i]}, character {at}, is shaped as a person's name and not shown, "
                   "for privacy: a person's name used as a speaker label must be declared as written, or replaced by "
                   "员工:/客户:")
    raise InputError(f"对话中有未知的说话人标签(行 / rows: {rows}){zh}:这一轮会被并入前一说话人,工作人员的话无从评判;"
                     "请在 mapping.yaml 的 transcripts.speakers 中写明这些标签是谁并经 windoweval.records 读入,"
                     f"或把说话人标注为 员工:/客户:{hint_zh} / the dialogues hold known speaker labels and an unknown one"
                     + en + ": its turn would join the speaker's before it and the staff's words in it would never be "
                     "judged; declare the labels under transcripts.speakers in mapping.yaml and load the records "
                     "through windoweval.records, or label the turns 员工:/客户:" + hint_en)


def _staff_text(s: pd.Series, which: str, between: str, p: dict) -> pd.Series:
    if which == "all":
        out = s.str.replace(p["customer_turn"], between, regex=True, flags=re.S)
        out = out.str.replace(p["staff_label"], " ", regex=True).str.replace(r"\s+", " ", regex=True).str.strip()
        if between != " ":   # the spaces around where the customer spoke are no words of either run
            out = out.str.replace(rf"\s*{re.escape(between)}\s*", between, regex=True).str.strip(between)
    elif which == "first":
        out = s.str.extract(p["first"], flags=re.S, expand=False)
    elif which == "last":
        out = s.str.extract(p["last"], flags=re.S, expand=False)
    else:
        raise ValueError(f"which 应为 all/first/last / which must be all, first or last, got {which!r}")
    return out.astype("string")


def join_turns(df: pd.DataFrame, id_col: str = "transcript_id", speaker: str = "speaker",
               turn: str = "turn", text: str = "text") -> pd.DataFrame:
    """One row per transcript from an export with one turn per row (a ``speaker`` column).

    Each turn's text is prefixed with its label (``员工:`` for staff,
    ``客户:`` otherwise) and the turns are joined in ``turn`` order (the row
    order where ``turn`` is blank); the other columns are those of the
    transcript's first turn.  Rows without a speaker are left as they are
    (whole dialogues or staff-only texts).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"transcript_id": ["T1", "T1", "T1"], "turn": [2, 1, 3], "window_id": "PW01",
    ...                    "speaker": ["customer", "staff", "staff"], "text": ["交电费", "您好", "请慢走"]})
    >>> join_turns(df)[["transcript_id", "text"]].values.tolist()
    [['T1', '员工:您好 客户:交电费 员工:请慢走']]
    """
    if speaker not in df or not df[speaker].notna().any():
        return df
    turned = df[df[speaker].notna()]
    whole = df[df[speaker].isna()]
    order = turned.assign(_pos=range(len(turned)))
    keys = [id_col] + ([turn] if turn in order else []) + ["_pos"]
    order = order.sort_values(keys, kind="stable")
    lab = np.where(order[speaker].astype("string").eq("staff").to_numpy(dtype=bool, na_value=False), "员工:", "客户:")
    order = order.assign(_t=(pd.Series(lab, index=order.index) + order[text].astype("string").fillna("") + " ")
                         .astype(object))
    g = order.groupby(id_col, sort=False)
    first = g.head(1).set_index(id_col)
    joined = g["_t"].sum().str.rstrip()  # strings concatenated per transcript in one groupby
    out = first.drop(columns=["_t", "_pos"]).assign(**{text: joined}).reset_index()
    out[speaker] = pd.NA
    if turn in out:
        out[turn] = pd.NA
    return pd.concat([whole, out[df.columns]], ignore_index=True) if len(whole) else out[df.columns]
