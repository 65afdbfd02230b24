"""review48: ``windoweval waiting``'s note put the Chinese and the English of its first message on two lines
(``…只计量、不判定。`` then ``缩短 states no limit: …``; cli/complaints.py, before session 47 and kept by bd79db63 and
leftovers48), so a log line held half a message.  Every line of the command's output that holds Chinese holds its
English on the same line, after `` / ``."""
from __future__ import annotations

import re

from _workspace import run_cli
from test_leftovers48_waiting import _ws_dir

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_line_of_the_waiting_note_is_chinese_and_english(tmp_path):
    r = run_cli("waiting", "--year", "2025", "--data", str(_ws_dir(tmp_path)), "--out", str(tmp_path / "out"),
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    out = r.stdout.splitlines()
    first = [x for x in out if "只计量、不判定" in x]
    assert len(first) == 1 and " / 缩短 states no limit: shortened when the median" in first[0], first
    assert not [x for x in out if x.startswith("缩短 states no limit")]    # before: the English half on a line alone
    note = [x for x in out if x.startswith(("“缩短", "未叫号"))]    # the note and the rule lines after it
    assert len(note) >= 3 and all(" / " in x and re.search("[A-Za-z]{4}", x.split(" / ", 1)[1]) for x in note), note
