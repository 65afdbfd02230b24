"""Session 28 (issue 14): the transcripts' speaker checks read each dialogue's known labels once for both checks
(``known``), and look for a second labelled turn only in the dialogues that open with a label: the same rows and
labels as the regular expressions over every row gave (the demo x100's 300,000 dialogues, none opening with a
label, paid 0.36 s for a heading replacement and a count of turns they could not need)."""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

S = importlib.import_module("windoweval.records.speakers")
V = importlib.import_module("windoweval.records.validate")

TEXTS = ["A:你好 B:您好", "员工：您好", "您好。温馨提示：带好证件", "通知：停电", None, "", "甲：你好 乙：办什么",
         "客户：快点 柜台A：急什么！", "客户：你好 1001：您好", "A:只有一轮", "张三：你好 李四：您好", "时间：明天 地址：人民路",
         "10:01 A:你好 10:02 B:您好", "【坐席】您好 B:请讲", "客服1001：您好 C：嗯", "您好!对不起,请您稍等。", "1001：您好 1002：好",
         "A:x 注意：带证件", "  B:前导空格 C:第二轮"]


def _old_unknown(texts: pd.Series) -> pd.Series:   # the rule as session 27 wrote it: every pattern over every row
    arr = pa.array(texts.astype("string").fillna(""), type=pa.large_string())

    def has(p):
        return pc.match_substring_regex(arr, pattern=p).to_numpy(zero_copy_only=False).astype(bool)
    opens = has(rf"^\s*{S._TS}?{S._TOKEN}")
    bare = pc.replace_substring_regex(arr, pattern=S._HEADING, replacement=" \ufdd7 ")
    turns = pc.count_substring_regex(bare, pattern=rf"(?:^|[\s，,、。！？!?；;…\]】)）」』>|]){S._TS}?{S._TOKEN}")
    cand = opens & (turns.to_numpy(zero_copy_only=False) >= 2)
    if cand.any():
        cand &= ~has(S._HAS_KNOWN)
    return pd.Series(cand, index=texts.index)


def test_unknown_rows_and_unread_labels_as_before_with_and_without_known():
    rng = np.random.default_rng(28)
    for n in (0, 1, 3, 19, 200):
        s = pd.Series([TEXTS[i] for i in rng.integers(0, len(TEXTS), n)], index=np.arange(n) * 3 + 7, dtype="string")
        want = _old_unknown(s)
        known = S.known_label_rows(s)
        assert known.dtype == bool and len(known) == n
        for got in (S.unknown_speaker_rows(s), S.unknown_speaker_rows(s, known=known)):
            pd.testing.assert_series_equal(got, want)
        pd.testing.assert_series_equal(S.unread_labels(s, known=known), S.unread_labels(s))


def test_no_turn_count_where_no_dialogue_opens_with_a_label(monkeypatch):
    s = pd.Series(["您好。谢谢您提出的宝贵建议。请慢走!"] * 50 + ["温馨提示：请带好证件"], dtype="string")
    counted = []
    real = pc.count_substring_regex
    monkeypatch.setattr(S.pc, "count_substring_regex", lambda a, **k: counted.append(len(a)) or real(a, **k))
    assert not S.unknown_speaker_rows(s).any()
    assert counted == []
    s2 = pd.concat([s, pd.Series(["A:你好 B:您好"], dtype="string")], ignore_index=True)
    assert S.unknown_speaker_rows(s2).tolist() == [False] * 51 + [True]
    assert counted == [1]   # the one dialogue that opens with a label


def test_speaker_problems_as_before(monkeypatch):
    s = pd.Series(TEXTS * 3, dtype="string")
    n = len(s)
    files, rows = np.full(n, "t.csv", dtype=object), np.arange(2, n + 2)
    got = pd.concat(V._speaker_problems(s, "text", "transcripts", files, rows), ignore_index=True)
    # as session 27 found them: every pattern over every row, the known labels read by each check
    unread = S.unread_labels
    monkeypatch.setattr(S, "unknown_speaker_rows", lambda t, known=None: _old_unknown(t))
    monkeypatch.setattr(S, "unread_labels", lambda t, known=None: unread(t))
    want = pd.concat(V._speaker_problems(s, "text", "transcripts", files, rows), ignore_index=True)
    pd.testing.assert_frame_equal(got, want)
    k = len(TEXTS)
    shown = dict(zip(got["row"], got["value"].str.replace("未知说话人 / unknown labels: ", "", regex=False)))
    for r, v in {2: "A：, B：", 8: "甲：, 乙：", 9: "柜台A：", 10: "1001：", 12: "某某：", 15: "B：", 16: "C：",
                 18: "1001：, 1002：", 20: "B：, C："}.items():
        assert shown[r] == v and shown[r + k] == v and shown[r + 2 * k] == v
    assert len(got) == 30
