"""A speech-recognition vendor's transcript export, one sentence a row with its start time (session 34).

Such an export (录音编号, 声道/说话人, 开始时间 in seconds or h:mm:ss, 转写文本) has no turn number, and its rows need not be
in time order: a two-channel recording is often listed channel by channel, or sorted by anything else. Before,
`sequence` numbered the turns in file order only ("the file must be in time order"), the start times were left
unread, and `records map` proposed the speaker codes 员工/客户 as TODO. Now `sequence: {turn: {by: 录音编号, order:
开始时间}}` numbers each dialogue's turns by their start (file order among equal times), `records map` proposes it
and the speakers by the labels dialogues are read with, and a start time that is none is refused with its row.
All tests failed before.
"""
from __future__ import annotations

import pytest
import yaml

from tests._workspace import HALL, map_in_process, write_workspace

# the staff's closing sentence listed first: in file order the staff's words start with 请慢走 and end with 您好
EXPORT = """录音编号,窗口编号,渠道,录音时间,声道,开始时间,说话人,转写文本
R1,PW01,柜台,2025-03-03 09:00:00,坐席,20.2,员工,"办好了，请您检查好随身物品，请慢走。"
R1,PW01,柜台,2025-03-03 09:00:00,坐席,0.5,员工,"您好，请问办理什么业务？"
R1,PW01,柜台,2025-03-03 09:00:00,坐席,8,员工,"好的，请稍等。"
R1,PW01,柜台,2025-03-03 09:00:00,客户,3.0,客户,"我交电费。"
R2,PW01,柜台,2025-03-03 10:00:00,坐席,00:00:09.5,员工,"您好。请慢走。"
R2,PW01,柜台,2025-03-03 10:00:00,客户,00:00:01,客户,"您好我想问一下"
R2,PW01,柜台,2025-03-03 10:00:00,坐席,0:05,员工,"办什么？"
"""

MAPPING = {"transcripts": {
    "columns": {"录音编号": "transcript_id", "窗口编号": "window_id", "渠道": "channel", "录音时间": "recorded_at",
                "说话人": "speaker", "转写文本": "text"},
    "values": {"channel": {"柜台": "counter"}, "speaker": {"员工": "staff", "客户": "customer"}},
    "ignore": ["声道"],
    "sequence": {"turn": {"by": "录音编号", "order": "开始时间"}}}}


def _folder(tmp_path, export=EXPORT, mapping=None):
    d = write_workspace(tmp_path / "data", HALL)
    (d / "transcripts.csv").write_text(export, encoding="utf-8")
    if mapping is not None:
        (d / "mapping.yaml").write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    return d


def test_records_map_proposes_the_turns_by_their_start_and_the_speakers(tmp_path):
    d = _folder(tmp_path)
    got = map_in_process(d, d / "transcripts.csv", "transcripts")
    assert got["sequence"] == {"turn": {"by": "录音编号", "order": "开始时间"}}
    assert got["values"]["speaker"] == {"员工": "staff", "客户": "customer"}
    assert "开始时间" not in got.get("ignore", [])


def test_the_turns_are_numbered_by_their_start_and_judged_so(tmp_path):
    from windoweval.records import read_records
    from windoweval.scoring import score

    d = _folder(tmp_path, mapping=MAPPING)
    t = read_records("transcripts", d).sort_values(["transcript_id", "turn"])
    assert [(x, int(n)) for x, n in zip(t["text"].str[:2], t["turn"])] == \
        [("您好", 1), ("我交", 2), ("好的", 3), ("办好", 4), ("您好", 1), ("办什", 2), ("您好", 3)]
    r = score("window_staff", 2025, data=d).results.set_index("measure")
    # 4.3 您好 at the start of the staff's words (R1 met; R2's staff begins 办什么 and misses), 4.5 请慢走 at the end
    assert r.loc["window_staff.4.3", ["n", "met"]].tolist() == [2, 1]
    assert r.loc["window_staff.4.5", ["n", "met"]].tolist() == [2, 2]


def test_a_start_time_that_is_none_is_refused_with_its_row(tmp_path):
    from windoweval.errors import WindowevalError
    from windoweval.records import read_records

    d = _folder(tmp_path, EXPORT.replace(",0.5,", ",开头,"), MAPPING)
    with pytest.raises(WindowevalError) as e:
        read_records("transcripts", d)
    msg = str(e.value)
    assert "第 3 行" in msg and "开始时间" in msg and "开头" in msg and "not a start time" in msg
