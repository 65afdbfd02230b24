"""A dialogue exported one turn a line, the label followed by a space or a timestamp instead of a colon
(``坐席 09:01:02 您好`` / ``客户 09:01:05 急什么！``), as speech-recognition and quality-inspection systems write it
(session 29).  Before, no label was read: the whole dialogue was the staff's words, and the customer's 急什么！ failed
the window on 服务禁忌用语 (etiquette annex 2), in silence."""
from __future__ import annotations

import csv

import pytest

import windoweval as we
from _workspace import write_workspace

ANNEX2 = "etiquette.annex2"


def _transcripts(folder, texts):
    data = write_workspace(folder)
    with open(data / "transcripts.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["录音编号", "窗口编号", "渠道", "录音时间", "转写文本"])
        for i, t in enumerate(texts):
            w.writerow([f"T{i}", "PW01", "counter", f"2025-03-{i + 1:02d} 09:00", t])
    return data


def _annex2(data):
    r = we.score("etiquette", year=2025, data=data).results
    row = r[r["measure"] == ANNEX2].iloc[0]
    return int(row["n"]), int(row["met"])


@pytest.mark.parametrize("text", [
    "坐席 09:01:02 您好，请问办理什么业务？\n客户 09:01:05 急什么！我先来的。\n坐席 09:01:09 好的，请慢走。",
    "坐席\t您好，请问办理什么业务？\n客户\t急什么！我先来的。\n坐席\t好的，请慢走。",
    "客服1001 [09:01:02] 您好\n用户 [09:01:05] 急什么！\n客服1001 [09:01:09] 好的",
])
def test_the_customers_words_are_not_the_staffs(tmp_path, text):
    assert _annex2(_transcripts(tmp_path, [text])) == (1, 1)


def test_the_staffs_words_still_judged(tmp_path):
    text = "客户 09:01:02 我要交电费\n坐席 09:01:05 急什么！\n客户 09:01:09 好的"
    assert _annex2(_transcripts(tmp_path, [text])) == (1, 0)


def test_letter_labels_one_a_line_refused_unless_declared(tmp_path):
    """A 09:01:02 您好 / B 09:01:05 急什么！: undeclared, refused like A：/B： (unknown_speakers, exit 3), never read
    as the staff's words; declared in mapping.yaml, read (B the customer: the window passes)."""
    refused_unless_declared(tmp_path, "A 09:01:02 您好\nB 09:01:05 急什么！\nA 09:01:09 请慢走")


def refused_unless_declared(tmp_path, text):
    """``text`` (labels A and B) refused undeclared (unknown_speakers, exit 3); declared (A staff, B the customer), the
    staff's words are A's (session 31's one-line dialogues too)."""
    from test_mapping import workspace
    from test_verdicts24_speakers import _csv
    from windoweval.dialogue import staff_text
    from windoweval.records import RecordsError, load

    workspace(tmp_path, "", {"transcripts.csv": _csv(text)})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    assert e.value.exit_code == 3 and e.value.problems["code"].tolist() == ["unknown_speakers"]
    workspace(tmp_path, "transcripts:\n  speakers: {A: staff, B: customer}\n", {"transcripts.csv": _csv(text)})
    assert staff_text(load("transcripts", tmp_path).frame["text"]).tolist() == ["您好 请慢走"]


def test_a_line_no_label_opens_leaves_the_text_as_written(tmp_path):
    """A line no rule reads as a label (营业员小王 09:01:05, a name after the staff word) between label lines: folded
    into the customer's turn before it, the staff's 急什么！ would go unjudged (a pass on words never read); the text is
    left as written, the whole of it judged as the staff's."""
    text = "客户 09:01:02 我要交电费\n营业员小王 09:01:05 急什么！\n客户 09:01:09 好的"
    assert _annex2(_transcripts(tmp_path, [text])) == (1, 0)
