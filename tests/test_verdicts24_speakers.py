"""verdicts24: transcripts whose exports label speakers A:/B:, 甲：/乙：, 1:/2: or by staff number or name.

Such a dialogue held no label windoweval knows, so it was read as the staff's words alone: the customer's words were
judged as the staff's (their 请慢走 counted for the staff, their 你烦不烦 failed the window) - a verdict on evidence no
one declared.  The export's labels are now declared in mapping.yaml (``transcripts: speakers: {A: staff, B:
customer}``; ``*`` stands for any few characters: ``工号*: staff``), and a dialogue whose labels none is known, with
no such mapping, is refused with its file, row, column and value and the fix (zh/en), exit 3 - never read in
silence."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.errors import InputError
from windoweval.records import RecordsError, load
from windoweval.records.mapping import MappingError, parse_mapping
from windoweval.records.speakers import apply_speakers, unknown_speaker_rows
from windoweval.dialogue import staff_text

from test_mapping import workspace

HEAD = "transcript_id,window_id,channel,recorded_at,text\n"


def _csv(*texts):
    return HEAD + "".join(f'T{i},PW01,counter,2025-03-01 09:00:00,"{t}"\n' for i, t in enumerate(texts))


@pytest.mark.parametrize("text,labels", [("A:你好。B:您好，请讲。A:交电费。", "A：, B："), ("甲：你好 乙：您好", "甲：, 乙："),
                                         ("1:你好\n2:您好", "1：, 2："),
                                         ("1001：您好 张三：交电费 1001：请稍等", "1001：, 某某："),
                                         ("[09:01] A：你好 [09:02] B：您好", "A：, B：")])
def test_unknown_labels_without_a_mapping_are_refused(tmp_path, text, labels):
    """Fails before: loaded, the whole dialogue read as the staff's words."""
    workspace(tmp_path, "", {"transcripts.csv": _csv("员工：您好。", text)})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    assert isinstance(e.value, InputError) and e.value.exit_code == 3
    p = e.value.problems
    assert p[["row", "column"]].values.tolist() == [[3, "text"]]
    assert p["value"].iloc[0] == "未知说话人 / unknown labels: " + labels    # records27: the labels, not the dialogue
    assert p["code"].iloc[0] == "unknown_speakers"
    assert "speakers" in p["fix_zh"].iloc[0] and "speakers" in p["fix_en"].iloc[0] and "mapping.yaml" in p["fix_en"].iloc[0]


@pytest.mark.parametrize("text", ["员工：您好。客户：交电费。", "您好，请问办理什么业务？", "您好。温馨提示：请带好证件。",
])
def test_known_labels_or_no_dialogue_load(tmp_path, text):
    workspace(tmp_path, "", {"transcripts.csv": _csv(text)})
    assert load("transcripts", tmp_path).frame["text"].tolist() == [text]


def test_a_declared_mapping_reads_the_turns(tmp_path):
    m = "transcripts:\n  speakers: {A: staff, B: customer, 甲: customer, 乙: staff, '工号*': staff}\n"
    workspace(tmp_path, m, {"transcripts.csv": _csv("A:您好，请讲。B:你烦不烦 A:请慢走。", "甲：急什么！乙：您好。",
                                                    "客户：交电费 工号1001：您好")})
    got = load("transcripts", tmp_path).frame["text"]
    assert staff_text(got).tolist() == ["您好，请讲。 请慢走。", "您好。", "您好"]


@pytest.mark.parametrize("raw,where", [
    ({"transcripts": {"speakers": {"A": "agent"}}}, "transcripts.speakers.A"),
    ({"transcripts": {"speakers": ["A", "B"]}}, "transcripts.speakers"),
    ({"work_orders": {"speakers": {"A": "staff"}}}, "work_orders.speakers"),
])
def test_a_bad_speakers_mapping_is_refused(raw, where):
    with pytest.raises(MappingError) as e:
        parse_mapping(raw, "mapping.yaml")
    assert where in str(e.value) and e.value.exit_code == 3


def test_apply_and_find_vectorised():
    t = pd.Series(["A:你好 B:您好", "A：好的，B：不", "BA:x", None, "员工：您好 A:x"])
    assert apply_speakers(t, {"A": "customer", "B": "staff"}).tolist()[:2] == ["客户:你好 员工:您好", "客户:好的，员工:不"]
    assert apply_speakers(t, {"A": "customer"}).tolist()[2] == "BA:x"     # a label inside a word: no label
    assert unknown_speaker_rows(t).tolist() == [True, True, False, False, False]
