"""verdicts23: a speaker label is a whole word at a turn's start (windoweval.dialogue).

An English label matched inside a word (``management:`` holds ``agent:``, ``Caller ID:``? no; ``subagent:``) cut a
staff's sentence into a new turn, and a label inside a sentence (请通知重要客户：明天停电 - "notify the important
customers: ...") made the staff's own words a customer's turn, unread.  A label now stands at the text's start or after
a space or a mark, never after a letter, digit or Chinese character.  ``Customer service:`` (the agent of an English
call-centre export) is a staff label, read before ``customer``."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.dialogue import has_labels, staff_text
from windoweval.kernels.text import phrases_forbidden


@pytest.mark.parametrize("text,labelled,staff", [
    # Chinese labels, half- and full-width colons, with and without a space before the next turn
    ("客户：你好。员工：您好！", True, "您好！"),
    ("客户:你好 员工:您好", True, "您好"),
    ("客户 ：你好。营业员 ：您好。", True, "您好。"),
    # English labels in any case, whole words
    ("Customer: hi Staff: 您好", True, "您好"),
    ("CALLER：急 AGENT：您好", True, "您好"),
    ("Customer service: 您好，请讲。 Customer: 交电费", True, "您好，请讲。"),
    # a label's letters inside a word: no label (the staff's words, all of them)
    ("management: 请稍等", False, "management: 请稍等"),
    ("reagent: 请稍等", False, "reagent: 请稍等"),
    ("员工：our management: 请稍等", True, "our management: 请稍等"),
    ("Staff: the subagent: 请稍等", True, "the subagent: 请稍等"),
    # a label inside a sentence, after a Chinese character: the staff's words still
    ("员工：请通知重要客户：明天停电。", True, "请通知重要客户：明天停电。"),
    ("请通知重要客户：明天停电。", False, "请通知重要客户：明天停电。"),
])
def test_label_is_a_whole_word_at_a_turns_start(text, labelled, staff):
    """Fails on the code before: management: (agent: inside it) read as a label; 请通知重要客户： cut the staff's
    sentence into a customer's turn; Customer service: was no label (its words joined the customer's turn)."""
    t = pd.Series([text])
    assert has_labels(t).tolist() == [labelled]
    assert staff_text(t).tolist() == [staff]


def test_a_customer_label_inside_a_word_hides_no_staff_rebuke():
    """A staff's 急什么！ after 'our customers:' inside their own sentence is judged (was read as a customer's turn)."""
    t = pd.DataFrame({"text": ["员工：请各位重要客户：急什么！"]})
    assert phrases_forbidden(t, ["急什么"]).tolist() == [False]
