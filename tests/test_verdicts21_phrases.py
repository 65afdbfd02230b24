"""Session 21 (verdicts21): the forbidden phrases of 标准2 附件2 and 标准5 六、4 read from the clause text, with the
measures' own parameters (windoweval/standards/*.yaml), so the catalog's reading is what is pinned."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.catalog import load_catalog
from windoweval.kernels.text import phrase_hits, phrases_forbidden


def _phrases(mid: str) -> list:
    return next(m for m in load_catalog().measures() if m["measure"] == mid)["params"]["phrases"]


def _verdicts(mid: str, texts: list[str]) -> list[str]:
    m = phrases_forbidden(pd.DataFrame({"text": texts}), _phrases(mid))
    return ["review" if r else ("pass" if v else "fail") for v, r in zip(m.tolist(), m.attrs["review"])]


@pytest.mark.parametrize("text,want", [
    # 1.急什么! — 别急 / 不急 / 不用着急 say "no hurry": a negated 急 is never the phrase, whatever a comma does
    ("您别急，什么时候都行。", "pass"),
    ("您别急，什么？", "pass"),
    ("您不急，什么时候来办都行！", "pass"),
    ("您别着急，什么材料都不用带。", "pass"),
    ("你不急我急，急什么！", "fail"),          # the negated 不急 is polite, the 急什么 after it is not
    ("好的，急什么！", "fail"),
    ("你急什么呀！", "fail"),
    # 3.不可能的。 — quoted as a sentence: 的 closes it; 不可能的事情 (的 before a noun) is not the phrase
    ("您不可能的事情我们也会尽力。", "pass"),
    ("这是不可能的。", "fail"),
    ("不可能的啦！", "fail"),
    ("不是，不可能的。", "fail"),             # "No, impossible.": the comma ends the negation's reach
    ("这不是不可能的，我帮您试试。", "pass"),
    # 8.我不知道 — the polite continuation after a transcriber's comma is still the polite context
    ("我不知道，您是否了解这项政策？", "pass"),
    ("这个我不知道。", "fail"),
    # 9.投诉是你的权利(你去投诉好了) — the words are forbidden, whichever pronoun says them
    ("您去投诉好了！", "fail"),
    ("投诉是您的权利。", "fail"),
    ("你去投诉好了！", "fail"),
    # 2.你烦不烦! 4.你不要再讲了。 with 您
    ("您烦不烦！", "fail"),
    ("您不要再讲了。", "fail"),
])
def test_etiquette_annex2_as_the_clause_reads(text, want):
    """Fails on the code before: 您别急，什么？, 您不可能的事情…, 我不知道，您是否…, 您去投诉好了, 投诉是您的权利, 您烦不烦,
    您不要再讲了 (and 您别急，什么时候都行 … were review, not pass)."""
    assert _verdicts("etiquette.annex2", [text]) == [want]


@pytest.mark.parametrize("text,want", [
    # 快点我要下班了: a particle before the sentence's end still ends the clause
    ("你快点，我要下班了啊！", "fail"),
    ("快点，我要下班了呀。", "fail"),
    ("你快点，我要下班了！", "fail"),
    ("快点，我要下班了吧", "fail"),
    # the polite 我不知道您是否 after a comma: polite, not a fragment for review
    ("我不知道，您是否已经办过这项业务？", "pass"),
    ("我不知道，您去问别人！", "fail"),       # the words, whichever pronoun
    ("这个我不知道。", "review"),
    ("已经告诉您一遍了，还不懂？", "fail"),
])
def test_window_staff_6_4_as_the_clause_reads(text, want):
    """Fails on the code before: the particle cases were review; 我不知道，您是否… was review; 您去问别人 and 告诉您 passed."""
    assert _verdicts("window_staff.6.4", [text]) == [want]


def test_the_review_list_and_hits_show_the_sentence_as_said():
    """The pronoun is folded for matching only: the drill-down shows the staff's words as said (您, not 你)."""
    hits = phrase_hits(pd.Series(["员工:您好。您去投诉好了！"]), _phrases("etiquette.annex2"))
    assert hits[["status", "sentence"]].values.tolist() == [["violation", "您去投诉好了！"]]
