"""verdicts25: a dialogue mixing known speaker labels with one windoweval does not know (客户：快点 坐席A：急什么！,
客户：你好 1001：您好), or an organisation's partial ``speakers:`` mapping (declares A: while the text uses C: too).

Such a dialogue loaded: the known labels made it a dialogue, and the unknown-labelled turn was read as part of the
turn before it - the customer's, so the staff's rebuke 急什么！ was never judged and the window passed (a pass on
missing evidence).  It is now refused like a dialogue of unknown labels (``unknown_speakers``, exit 3, file, row,
column, value and the fix: declare the label in mapping.yaml transcripts.speakers), unless mapping.yaml declares it;
times (17:00), headings said in the staff's sentence (注意：) and known labels read as labels load as before."""
from __future__ import annotations

import pytest

from windoweval.dialogue import staff_text
from windoweval.errors import InputError
from windoweval.records import RecordsError, load

from test_mapping import workspace
from test_verdicts24_speakers import _csv


@pytest.mark.parametrize("text,label", [
    ("客户：你好 1001：您好，请问办理什么业务", "1001"),        # fails before: loaded, the staff's words unread
    ("客户：快点 柜台A：急什么！", "柜台A"),                   # (坐席A： reads as staff since verdicts26)
    ("客户：快点 张三：急什么！", None),                       # a name: never written into a message
    ("员工：您好。客户：快点\nB：急什么！", "B"),
    ("客户：快点。编号1001：急什么！", "编号1001"),            # (工号1001： reads as staff since verdicts26)
    ("A：您好 客户：急什么 C：急什么！", "A"),
    ("客户：快点 乙：急什么！", "乙"),
])
def test_an_unknown_label_beside_known_ones_is_refused(tmp_path, text, label):
    workspace(tmp_path, "", {"transcripts.csv": _csv("员工：您好。", text)})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    assert isinstance(e.value, InputError) and e.value.exit_code == 3
    p = e.value.problems
    assert p[["row", "column", "code"]].values.tolist() == [[3, "text", "unknown_speakers"]]
    # records27: the value is the unknown label, never the dialogue (a name as 某某)
    assert p["value"].iloc[0] == f"未知说话人 / unknown labels: {label or '某某'}：" and p["file"].iloc[0].endswith("transcripts.csv")
    assert "speakers" in p["fix_zh"].iloc[0] and "mapping.yaml" in p["fix_en"].iloc[0]
    assert "已知" in p["problem_zh"].iloc[0] and "known" in p["problem_en"].iloc[0]
    if label is not None:
        assert label in p["problem_zh"].iloc[0] and label in p["problem_en"].iloc[0]
    assert "张三" not in p["problem_zh"].iloc[0] + p["problem_en"].iloc[0] + p["fix_zh"].iloc[0] + p["fix_en"].iloc[0]


def test_a_partial_mapping_is_refused_and_a_whole_one_reads_the_turns(tmp_path):
    text = "A：您好 客户：快点 C：急什么！"
    workspace(tmp_path, "transcripts:\n  speakers: {A: staff}\n", {"transcripts.csv": _csv(text)})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    assert e.value.exit_code == 3 and "C" in e.value.problems["problem_en"].iloc[0]
    workspace(tmp_path, "transcripts:\n  speakers: {A: staff, C: staff}\n", {"transcripts.csv": _csv(text)})
    assert staff_text(load("transcripts", tmp_path).frame["text"]).tolist() == ["您好 急什么！"]


@pytest.mark.parametrize("text", [
    "客户：几点关门？ 员工：17:00 关门，9:30 开门。",
    "员工：您好。注意：请带好证件。客户：好的。",
    "员工：您好，请报一下 ID：多少？客户：好的。",
    "客户：你好 客服1001：您好",
    "[09:01] 客户：你好 [09:02] 坐席：您好",
    "VIP客户：交电费 员工：好的",
    "员工：请通知重要客户：明天停电。",
    "员工：请带好以下材料 1：身份证 2：户口本。客户：好的。",     # a numbered list, no staff number
])
def test_times_headings_and_known_labels_still_load(tmp_path, text):
    workspace(tmp_path, "", {"transcripts.csv": _csv(text)})
    assert load("transcripts", tmp_path).frame["text"].tolist() == [text]
