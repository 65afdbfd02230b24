"""rev23a: 急什么 and the other phrases said in traditional characters, and 35 sentences a window hears.

A transcript in traditional characters (急什麼！, 你煩不煩) was read as other words: the rebuke passed."""
from __future__ import annotations

import pandas as pd
import pytest

from test_verdicts21_phrases import _verdicts
from windoweval.kernels.text import phrases_required


@pytest.mark.parametrize("text,want", [
    # traditional characters (fail on main: pass)
    ("急什麼！", "fail"), ("你急什麼", "fail"), ("急甚麼！", "fail"), ("急什麼，後面還有人呢", "fail"),
    ("你煩不煩！", "fail"), ("急什麼都沒用", "fail"),
    ("您先別急，什麼時候都可以。", "pass"), ("您急什麼事？", "pass"),
    # simplified, with and without marks, full- and half-width (right on main too)
    ("急什么急！", "fail"), ("急什么！", "fail"), ("急什么", "fail"), ("急什么？", "fail"), ("你急什么呀！", "fail"),
    ("急什么!", "fail"), ("急什么！！！", "fail"), ("急什么，排队去！", "fail"), ("急什么急，没看我在忙吗", "fail"),
    ("你急什么我还没吃饭呢", "fail"), ("急什么嘛", "fail"), ("急什么呀，等着！", "fail"), ("急 什么", "fail"),
    ("着急什么！", "fail"), ("急什么，下一位", "fail"), ("急什么也没用", "fail"), ("急什么急什么排队去", "fail"),
    ("您别急，什么时候都可以办。", "pass"), ("您不用着急，马上就好。", "pass"), ("您急什么时候用？", "pass"),
    ("请您不要着急，我们马上处理。", "pass"), ("别急，什么材料都不用带。", "pass"), ("不急不急，什么时候办都行", "pass"),
    ("您急什么时间办？", "pass"), ("不要急什么都会办好", "pass"),
    # said on into other words: a person decides
    ("急什么排队去", "review"), ("急什么下一位", "review"), ("急什么 排队去", "review"),
])
def test_window_sentences(text, want):
    assert _verdicts("etiquette.annex2", [text]) == [want]


def test_a_traditional_greeting_is_found():
    """Fails on main: 請慢走 is not 请慢走."""
    t = pd.DataFrame({"text": ["您好，請問辦理什麼業務？", "好的，請慢走。"]})
    assert phrases_required(t, ["请慢走"], position="any").tolist() == [False, True]
