"""A speaker label of four or five characters that names a post (大堂经理：, 值班主任：, 营业厅主任：) is refused unless
declared, as a two- or three-character unknown label is (session 33; priv33's note): it had been neither read nor
refused, so its turn joined the customer's before it and the staff's 急什么！ in it was never judged."""
import pandas as pd
import pytest

from windoweval.dialogue import staff_text
from windoweval.records.speakers import name_shaped, unread_labels


@pytest.mark.parametrize("text, label", [
    ("客户：我要办业务\n大堂经理：急什么！等着\n客户：好的", "大堂经理"),
    ("客户：我要办业务 值班经理：急什么！", "值班经理"),
    ("客户：我要办业务\n营业厅主任：急什么！", "营业厅主任"),
    ("客户：请问 业务专员：等着！", "业务专员"),
])
def test_a_post_label_is_an_unread_label(text, label):
    assert unread_labels(pd.Series([text])).tolist() == [label]
    assert not name_shaped([label])[0]      # a post, no name: the refusal shows it as written


@pytest.mark.parametrize("text", ["员工：您好。温馨提示：带好证件", "员工：您好。请您注意：带好证件",
                                  "客户：你好 员工：请问项目经理：张三在吗", "员工：您好。办理时间：周一"])
def test_headings_and_words_in_a_sentence_are_not(text):
    assert unread_labels(pd.Series([text])).isna().all()


def test_declared_the_post_is_read_as_staff():
    from windoweval.records.speakers import apply_speakers

    text = pd.Series(["客户：我要办业务\n大堂经理：急什么！"])
    said = apply_speakers(text, {"大堂经理": "staff"})
    assert unread_labels(said).isna().all() and "急什么" in staff_text(said).iloc[0]
