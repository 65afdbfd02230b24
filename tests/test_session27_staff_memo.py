"""dialogue.staff_text remembers a text's staff words: one evaluation's measures read the same transcripts 8 times
(greeting, closing, forbidden phrases of each standard), each time through the label regexes.  The memo must give
exactly what computing gives, by the text itself, and never keep a refusal."""
import numpy as np
import pandas as pd
import pytest

from windoweval import dialogue
from windoweval.dialogue import TURN, _staff_words, staff_text
from windoweval.errors import InputError

TEXTS = ["营业员:您好!客户:交电费。营业员:请稍等。", "您好,请坐。", "客户:在吗?", None,
         "员工:你烦 客户:什么? 员工:不烦! 员工:好", "客户：你好客服：您好客户：交电费", "", "营业员:您好!客户:交电费。营业员:请稍等。"]


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch):
    monkeypatch.setattr(dialogue, "_MEMO", {})


@pytest.mark.parametrize("which,between", [("all", " "), ("all", TURN), ("first", " "), ("last", " ")])
def test_same_as_computed_whatever_was_seen(which, between):
    s = pd.Series(TEXTS, index=np.arange(len(TEXTS)) * 7 + 3)
    want = _staff_words(s.astype("string"), which, between)
    for part in (s.iloc[:3], s.iloc[2:6], s, s.iloc[::-1], s.iloc[[3]], s.iloc[:0]):   # seen, partly seen, unseen
        got = staff_text(part, which, between)
        pd.testing.assert_series_equal(got, want.loc[part.index], check_names=False)
        assert got.dtype == part.astype("string").dtype


def test_each_text_computed_once(monkeypatch):
    calls = []
    real = dialogue._staff_words
    monkeypatch.setattr(dialogue, "_staff_words", lambda s, w, b: calls.append(len(s)) or real(s, w, b))
    s = pd.Series(TEXTS)
    for _ in range(3):
        staff_text(s, "first")
    staff_text(pd.Series(TEXTS + ["员工:再见"]), "first")
    n = len(TEXTS) - 1                       # the missing text is never computed: missing stays missing
    assert calls == [n, 1]                   # every text seen before is not computed again
    staff_text(s, "last")                    # another part of the dialogue: its own memo
    assert calls == [n, 1, n]


def test_a_refused_dialogue_is_refused_every_time():
    s = pd.Series(["员工：您好", "客户：快点 柜台A：急什么！"])
    for _ in range(2):
        with pytest.raises(InputError):
            staff_text(s)
    staff_text(s.iloc[:1])
    with pytest.raises(InputError):
        staff_text(s)


def test_bounded(monkeypatch):
    monkeypatch.setattr(dialogue, "_MEMO_CHARS", 30)
    staff_text(pd.Series(["营业员:您好!客户:交电费。营业员:请稍等。"]))      # 22 characters: kept
    staff_text(pd.Series(["员工:你烦 客户:什么? 员工:不烦! 员工:好"]))       # 24 more: over, the memo starts anew
    (memo,) = dialogue._MEMO.values()
    assert memo.index.tolist() == ["员工:你烦 客户:什么? 员工:不烦! 员工:好"]
    staff_text(pd.Series(["员" * 40]))                                        # alone over the bound: not kept
    assert list(dialogue._MEMO.values())[0] is memo
