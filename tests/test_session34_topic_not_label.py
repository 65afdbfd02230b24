"""A topic of four characters before a colon after a sentence's end (办理方式：, 联系电话：, 所需证件：) is what the
speaker says next, not an unknown speaker (session 34, after volt34's four-character labels).

volt34 made a four-character label after a sentence's end an unread label, refused unless mapping.yaml declares it
(大堂保安：), with a list of heading endings kept as words; a topic outside that list (办理方式：) refused the whole
dialogue's file (exit 3). Now only a label ending in a word for someone (保安, 阿姨, 人员, 社工, 志愿者甲) is read as a
speaker; the others are words. The first test failed before for 办理方式 (a refused label).
"""
from __future__ import annotations

import pandas as pd
import pytest


@pytest.mark.parametrize("topic", ["办理方式", "所需证件", "联系方式", "具体地址", "联系电话", "营业时间"])
def test_a_topic_is_no_speaker(topic):
    from windoweval.records.speakers import unread_labels

    assert unread_labels(pd.Series([f"员工：您好。{topic}：请看这里。客户：好的。"])).isna().all()


@pytest.mark.parametrize("label", ["大堂保安", "保洁阿姨", "引导人员", "志愿者甲", "值班社工", "患者亲属"])
def test_a_label_for_someone_is_an_unread_speaker(label):
    from windoweval.records.speakers import unread_labels

    assert unread_labels(pd.Series([f"员工：您好。{label}：请往这边走。客户：谢谢。"])).tolist() == [label]
