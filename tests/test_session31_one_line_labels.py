"""A dialogue on one line whose labels a space or a timestamp follows instead of a colon (``坐席 您好 客户 急什么！
坐席 好的``): an export that turned the transcript's line breaks into spaces (session 31; session 29 read the same
dialogue one turn a line).  Before, no label was read: the whole text was the staff's words, and the customer's 急什么！
failed the window on 服务禁忌用语 (etiquette annex 2)."""
from __future__ import annotations

import pytest

from test_session29_line_labels import _annex2, _transcripts, refused_unless_declared


@pytest.mark.parametrize("text", [
    "坐席 您好，请问办理什么业务？ 客户 急什么！我先来的。 坐席 好的，请慢走。",
    "坐席\t您好，请问办理什么业务？\t客户\t急什么！\t坐席\t好的，请慢走。",
    "客服1001 [09:01:02] 您好 用户 [09:01:05] 急什么！ 客服1001 [09:01:09] 好的",
    # the next label right after the last turn's stop or comma, no space (session 32: had been the staff's words)
    "坐席 您好，客户 急什么！我先来的。坐席 好的，请慢走。",
    "坐席 您好。客户 急什么！ 坐席 好的",
    "坐席 您好？客户 急什么！坐席 好的",
    "客服 您好；用户 急什么！客服 请慢走",
])
def test_the_customers_words_are_not_the_staffs(tmp_path, text):
    assert _annex2(_transcripts(tmp_path, [text])) == (1, 1)


@pytest.mark.parametrize("text", [
    "客户 我要交电费 坐席 急什么！ 客户 好的",    # the staff's words on one line still judged
    "坐席 急什么！客户 您先排队",                 # 客户 after the staff's stop: a turn (session 32); the staff's words judged
    "坐席 急什么！",                              # one label alone: the staff's words
    "客户 我要交电费，坐席 急什么！客户 好的",    # the staff's words after a comma still judged (session 32)
    "坐席 好的，我会通知 客户 急什么！",           # 通知 客户: a word of the sentence, the staff's words
    "坐席 您好，尊敬的客户 急什么！",              # 的 客户: a word of the sentence
])
def test_the_staffs_words_still_judged(tmp_path, text):
    assert _annex2(_transcripts(tmp_path, [text])) == (1, 0)


def test_letter_labels_on_one_line_refused_unless_declared(tmp_path):
    """A 09:01:02 您好 B 09:01:05 急什么！ on one line: undeclared, refused like A：/B： (unknown_speakers, exit 3);
    declared in mapping.yaml, read."""
    refused_unless_declared(tmp_path, "A 09:01:02 您好 B 09:01:05 急什么！ A 09:01:09 请慢走")


def test_declared_labels_spaced_on_one_line(tmp_path):
    from test_mapping import workspace
    from test_verdicts24_speakers import _csv
    from windoweval.dialogue import staff_text
    from windoweval.records import load

    workspace(tmp_path, "transcripts:\n  speakers: {柜台*: staff, 来访者: customer}\n",
              {"transcripts.csv": _csv("柜台A 您好 来访者 急什么！ 柜台A 请慢走")})
    assert staff_text(load("transcripts", tmp_path).frame["text"]).tolist() == ["您好 请慢走"]
