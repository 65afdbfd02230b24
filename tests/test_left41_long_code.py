"""records map: a category value longer than an id can be (a quote never closed, a text pasted into the column) was
written whole as a key of the proposal's ``values``; it is shown cut, as ids are, and said to be cut (left41)."""
from __future__ import annotations

from tests._workspace import write_workspace
from windoweval.records.propose import propose
from windoweval.records.workspace import load_workspace

HEAD = "case_id,channel,kind,window_id,received_at\n"


def test_a_10000_character_category_code_is_no_key(tmp_path):
    folder = write_workspace(tmp_path / "ws")
    f = folder / "complaints.csv"
    long = "服务态度差" * 2000
    f.write_text(HEAD + "T1,来电,complaint,PW01,2025-03-01 08:00\n"     # a channel code of its own: a key
                 f"T2,{long},complaint,PW01,2025-03-01 08:00\n"
                 f"T3,{long},complaint,PW01,2025-03-02 08:00\n", encoding="utf-8")
    text = propose(f, "complaints", workspace=load_workspace(folder))
    assert long[:300] not in text
    assert max(len(x) for x in text.splitlines()) < 400
    note = next(x for x in text.splitlines() if "not listed as keys" in x)
    assert "10,000 字符 / characters" in note and "(2 行)" in note and "1 个取值超过 256 个字符" in note
    assert '"来电":' in text           # the short code still a key
