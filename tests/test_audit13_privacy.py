"""Names the masking missed, and words it took with a name (sixth audit of issue 11).

Missed: a name right after a date or a time (``5日张三来电``, ``3月5日王小明反映``), a name split by a space
(``张 三``) or written with a middle dot (``阿卜杜·热合曼``), a name after 家属/患者/病人 before what a patient or a
relative does (``家属李四陪同``, ``患者王小明就诊``).  Taken with a name: ``向师傅反映`` became ``某师傅反映``, the word
after a romanised name (``Name: Zhang San said`` became ``Name: 某某``), the cue after a name with no colon
(``联系人张三来电`` became ``联系人某某``), and an English word after a label (``客户: and the like``).
The cases are in tests/cases/privacy/masking.yaml (``from: sixth audit``); here each sentence is checked whole, in both
profiles.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.privacy import mask_message, mask_text

WHOLE = [
    ("5日张三来电", "5日某某来电"),
    ("3月5日王小明反映，电话13812345678", "3月5日某某反映，电话[手机号]"),
    ("2025-03-05张三来电", "2025-03-05某某来电"),
    ("向师傅反映", "向师傅反映"),
    ("客户向师傅反映燃气表漏气", "客户向师傅反映燃气表漏气"),
    ("Name: Zhang San said the queue was long", "Name: 某某 said the queue was long"),
    ("Name: Zhang San said", "Name: 某某 said"),
    ("Name: zhang san said.", "Name: 某某 said."),
    ("客户：Zhang San said", "客户：某某 said"),
    ("Contact: ZHANG san", "Contact: 某某"),
    ("联系人张三来电", "联系人某某来电"),
    ("联系人张三电话13812345678", "联系人某某电话[手机号]"),
    ("家属李四陪同患者王小明就诊", "家属某某陪同患者某某就诊"),
    ("病人赵六输液时晕倒", "病人某某输液时晕倒"),
    ("客户张 三来电", "客户某某来电"),
    ("张 三反映排队久", "某某反映排队久"),
    ("姓名：张 三，电话", "姓名：某某，电话"),
    ("姓名：阿卜杜·热合曼", "姓名：某某"),
    ("客户阿卜杜·热合曼来电咨询", "客户某某来电咨询"),
    ("客户: and the like", "客户: and the like"),
    ("3月5日费用投诉", "3月5日费用投诉"),
    ("5日于窗口投诉", "5日于窗口投诉"),
]


@pytest.mark.parametrize("text,expected", WHOLE)
def test_each_sentence_masks_whole(text, expected):
    assert mask_message(text) == expected
    assert mask_text(pd.Series([text] * 300, dtype="string")).iloc[0] == expected


def test_the_survey_profile_takes_the_same_names_and_leaves_the_same_words():
    got = mask_text(pd.Series(["5日张三来电", "向师傅反映", "Name: Zhang San said", "患者买买提·艾力就诊"]),
                    profile="survey").tolist()
    assert got == ["5日[姓名/name]来电", "向师傅反映", "Name: [姓名/name] said", "患者[姓名/name]就诊"]
