"""records27: dialogue._refuse_unread and records.validate._mixed_speaker_problems each wrote the regex of "a label
that may be a name" ([0-9A-Za-z甲乙丙丁]): two copies of one privacy rule, free to drift apart.  Now one helper,
records.speakers.may_be_name, used by both: the same labels named, the same hidden."""
import numpy as np
import pandas as pd
import pytest

from windoweval.dialogue import staff_text
from windoweval.errors import InputError
from windoweval.records import RecordsError, load, speakers

from test_mapping import workspace
from test_verdicts24_speakers import _csv

TEXTS = ["客户：快点 柜台B：急什么！", "客户：你好 1001：您好", "客户：快点 张三：急什么！", "客户：在吗 营业员某某：在"]


@pytest.mark.parametrize("label,name", [("张三", True), ("营业员某某", True), ("店长", True), ("柜台A", False),
                                        ("1001", False), ("工号1001", False), ("甲", False), ("C2", False)])
def test_may_be_name(label, name):
    assert speakers.may_be_name([label]).tolist() == [name]


def _dialogue_message(texts):
    with pytest.raises(InputError) as e:
        staff_text(pd.Series(texts))
    return str(e.value)


def _validate_messages(tmp_path, texts):
    tmp_path.mkdir()
    workspace(tmp_path, "", {"transcripts.csv": _csv(*texts)})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    p = e.value.problems
    return " ".join(p["problem_zh"] + p["problem_en"] + p["fix_zh"] + p["fix_en"])


def test_both_refusals_name_and_hide_the_same_labels(tmp_path):
    d, v = _dialogue_message(TEXTS), _validate_messages(tmp_path / "a", TEXTS)
    for shown in ("柜台B", "1001"):
        assert shown in d and shown in v
    for hidden in ("张三", "某某"):
        assert hidden not in d and hidden not in v


def test_both_refusals_follow_the_one_helper(tmp_path, monkeypatch):
    """The rule changed in speakers alone reaches both: every label taken for a name is named by neither.  (priv33:
    the one helper that hides a label is now speakers.name_shaped, which narrows may_be_name to a name's shape.)"""
    monkeypatch.setattr(speakers, "name_shaped", lambda labels: np.ones(len(labels), dtype=bool))
    d, v = _dialogue_message(TEXTS[:2]), _validate_messages(tmp_path / "b", TEXTS[:2])
    assert "柜台B" not in d and "1001" not in d
    assert "柜台B" not in v and "1001" not in v
