"""verdicts26: staff labels with a suffix (坐席A：, 客服1号：, 客服01：, 工号1024：, 营业员小王：, 窗口3：).

Before: 客服1号, 营业员小王 and 窗口3 were no label at all - the staff's words stayed in the customer's turn before
them, unread, and their rebuke passed (a pass on missing evidence); 坐席A and 工号1024 were refused as unknown labels.
A staff word followed by a short id (letters, digits, 号, or a name: 小王, 张三) now reads as staff, as VIP客户 reads as
the customer's; the name never reaches an output.  A staff word followed by other characters at a turn's start
(营业员某某：) is refused (unknown_speakers, exit 3), never folded into the turn before."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.dialogue import staff_text
from windoweval.errors import InputError
from windoweval.records import RecordsError, load

from test_mapping import workspace
from test_verdicts24_speakers import _csv

LABELS = ["坐席A", "客服1号", "客服01", "工号1024", "营业员小王", "窗口3", "收费员张三", "药师王小芳", "3号窗口",
          "员工B2", "客服小李", "工作人员1号"]


@pytest.mark.parametrize("label", LABELS)
def test_a_staff_word_with_an_id_reads_as_staff(tmp_path, label):
    text = f"客户：快点 {label}：急什么！"
    workspace(tmp_path, "", {"transcripts.csv": _csv(text)})
    got = load("transcripts", tmp_path).frame["text"]
    assert staff_text(got).tolist() == ["急什么！"]
    assert staff_text(pd.Series([f"{label}：您好 客户：交电费 {label}：请慢走"]), "last").tolist() == ["请慢走"]
    assert staff_text(pd.Series([f"{label}：您好 客户：交电费 {label}：请慢走"]), "first").tolist() == ["您好"]


@pytest.mark.parametrize("text", [
    "客户：快点 营业员某某：急什么！",
    "客户：快点 客服大海：急什么！",
])
def test_a_staff_word_with_other_words_is_refused(tmp_path, text):
    """Before: loaded, the rebuke inside the customer's turn, unread."""
    workspace(tmp_path, "", {"transcripts.csv": _csv(text)})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    assert isinstance(e.value, InputError) and e.value.exit_code == 3
    p = e.value.problems
    assert p[["row", "column", "code"]].values.tolist() == [[2, "text", "unknown_speakers"]]
    shown = "".join(p[c].iloc[0] for c in ("problem_zh", "problem_en", "fix_zh", "fix_en"))
    assert "某某" not in shown and "大海" not in shown


@pytest.mark.parametrize("text", [
    "员工：请拨打客服电话：95598。客户：好的。",
    "员工：您好。客服热线：95598。客户：好的。",
    "员工：请到3号窗口：那边办理。客户：好的。",
])
def test_words_after_a_staff_word_in_a_sentence_stay_as_they_were(tmp_path, text):
    workspace(tmp_path, "", {"transcripts.csv": _csv(text)})
    assert load("transcripts", tmp_path).frame["text"].tolist() == [text]
    before = {"员工：请拨打客服电话：95598。客户：好的。": "请拨打客服电话：95598。",
              "员工：您好。客服热线：95598。客户：好的。": "您好。客服热线：95598。",
              "员工：请到3号窗口：那边办理。客户：好的。": "请到3号窗口：那边办理。"}
    assert staff_text(pd.Series([text])).tolist() == [before[text]]


def test_a_name_in_a_label_reaches_no_drilldown():
    """The staff's rebuke after 营业员小王： is judged (failed before: unread in the customer's turn), and the name in
    the label is in none of the drill-down's cells that the judging wrote (the hits; the record's own text column is
    masked where it is written out)."""
    from windoweval.records import contracts, validate
    from windoweval.records.workspace import Workspace
    from windoweval.scoring import score

    texts = ["客户：快点 营业员小王：急什么！排队去。", "客户：快点 收费员张三：您好，请稍等。"]
    df = pd.DataFrame([{"transcript_id": f"T{i}", "text": t, "window_id": "PW01", "channel": "counter",
                        "recorded_at": "2025-03-01 09:00:00"} for i, t in enumerate(texts)])
    df = validate(df.astype(object), "transcripts", file="case")
    recs = {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
            for k, c in contracts().items()}
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
    card = score("etiquette", 2025, workspace=ws, records={**recs, "transcripts": df})
    d = card.drilldown("etiquette.annex2", include_passed=True).set_index("transcript_id")
    assert "急什么" in str(d.loc["T0", "hits"])
    cells = [str(c) for c in d[[c for c in d.columns if c != "text"]].reset_index().to_numpy().ravel()]
    assert not any("小王" in c or "张三" in c for c in cells), cells
    r = card.results.set_index("measure").loc["etiquette.annex2"]
    assert (int(r["n"]), int(r["met"])) == (2, 1)
