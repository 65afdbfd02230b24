"""verdicts26: a field heading in a dialogue with known labels (客户：我要交费 员工：好的 费用：一百二十元; 姓名：,
联系电话：, 办理时间：) was refused as an unknown speaker, and a staff-only text of headings (时间：明天 地址：人民路) as a
dialogue of unknown labels.  The rule now: a heading from the list of record-field words (:data:`HEADINGS` of
windoweval.records.speakers), with up to two characters before it (办理时间, 缴费金额), continues the turn it stands in -
no one is called 费用, so no rebuke can hide behind it; any other unknown label (a name, a title: 主管：) is still
refused (unknown_speakers, exit 3)."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.dialogue import staff_text
from windoweval.errors import InputError
from windoweval.records import RecordsError, load
from windoweval.records.speakers import unknown_speaker_rows, unread_labels

from test_mapping import workspace
from test_verdicts24_speakers import _csv


@pytest.mark.parametrize("text,staff", [
    ("客户：我要交费 员工：好的 费用：一百二十元", "好的 费用：一百二十元"),
    ("员工：您好 姓名：某某 客户：好", "您好 姓名：某某"),
    ("客户：交费 联系电话：一三八 员工：好的", "好的"),
    ("员工：好的。办理时间：明天上午。客户：谢谢", "好的。办理时间：明天上午。"),
    ("员工：好的。缴费金额：一百元。备注：无", "好的。缴费金额：一百元。备注：无"),
    ("客户：在哪 员工：地点：人民路营业厅", "地点：人民路营业厅"),
])
def test_a_field_heading_continues_its_turn(tmp_path, text, staff):
    """Fails before: refused as an unknown speaker."""
    workspace(tmp_path, "", {"transcripts.csv": _csv(text)})
    got = load("transcripts", tmp_path).frame["text"]
    assert got.tolist() == [text] and staff_text(got).tolist() == [staff]


def test_headings_alone_are_staff_words_not_a_dialogue():
    t = pd.Series(["时间：明天上午 地址：人民路", "费用：一百 户号：一二三", "A:你好 B:您好"])
    assert unknown_speaker_rows(t).tolist() == [False, False, True]


@pytest.mark.parametrize("text,label", [
    ("客户：快点 主管：急什么！", None),
    ("客户：快点 小王：急什么！", None),
    ("客户：快点 客户王五：急什么！", None),
    ("员工：您好 费用：一百 C：急什么！", "C"),
])
def test_any_other_unknown_label_is_still_refused(tmp_path, text, label):
    workspace(tmp_path, "", {"transcripts.csv": _csv(text)})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    assert isinstance(e.value, InputError) and e.value.exit_code == 3
    assert e.value.problems["code"].tolist() == ["unknown_speakers"]
    assert unread_labels(pd.Series([text])).notna().tolist() == [True]
    shown = "".join(e.value.problems[c].iloc[0] for c in ("problem_zh", "problem_en"))
    assert "王五" not in shown and "小王" not in shown
    if label:
        assert f"'{label}'" in shown
