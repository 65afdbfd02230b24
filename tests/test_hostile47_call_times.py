"""A 95598 call-centre export (round six, hostile47) writes the conversation's start and end (通话开始 / 通话结束) beside
the call's arrival (来电时间) and a hang-up reason (挂机原因): ``records map`` proposes the two times as the answer
(answered_at) and the hang-up (hung_up_at: an answered call's end, as the contract reads it), each marked for review;
before, both went under ``ignore`` and the 12-second and abandonment clauses had nothing to read until the user found
the columns by hand."""
from __future__ import annotations

import pytest
import yaml

from windoweval.records.propose import propose

HEAD = "序号,呼叫流水号,来电号码,技能组,坐席工号,来电时间,{start},{end},挂机原因\n"
ROWS = ("1,2025030308001,13900001111,95598客服中心,A101,2025-03-03 08:00:01,2025-03-03 08:00:09,2025-03-03 08:03:09,用户挂机\n"
        "2,2025030308002,13900002222,95598客服中心,,2025-03-03 08:01:00,,2025-03-03 08:01:30,排队中用户挂机\n")


@pytest.mark.parametrize("start, end", [("通话开始", "通话结束"), ("通话开始时间", "通话结束时间")])
def test_conversation_start_and_end_are_proposed_as_answer_and_hang_up(tmp_path, start, end):
    f = tmp_path / "95598话务明细.csv"
    f.write_text(HEAD.format(start=start, end=end) + ROWS, encoding="utf-8")
    text = propose(f, "calls_95598")
    got = yaml.safe_load(text)["calls_95598"]
    assert got["columns"][start] == "answered_at", text
    assert got["columns"][end] == "hung_up_at", text
    assert got["columns"]["来电时间"] == "offered_at"
    assert start not in got.get("ignore", []) and end not in got.get("ignore", [])
    line = next(ln for ln in text.splitlines() if ln.strip().startswith(f'"{start}"'))
    assert "请核对 / check" in line, line        # a hint, never applied unread
    assert "来电号码" in got["ignore"]            # the caller's number is never read
