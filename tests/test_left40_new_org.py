"""A new organisation's exports and an attacker's cells run through records check, score and report (left40).

A GB18030 export with one line of UTF-8 in it (a row pasted from another system, holding “” that GB18030 cannot
decode) was refused as "unknown encoding" with the fix to export as UTF-8 or to write ``encoding: gb18030``: the
file is GB18030, and the fix said nothing of the one line.  Now the line is named as UTF-8 in a GB18030 file."""
from __future__ import annotations

import pytest

from windoweval.records.files import load_files
from windoweval.records.io import ExportError

HEAD = "case_id,channel,kind,window_id,received_at\n"


def test_a_utf8_line_in_a_gb18030_export_is_named(tmp_path):
    f = tmp_path / "complaints.csv"
    gb = (HEAD + "T1,95598,complaint,PW01,2025-03-01 08:00\nT2,95598,complaint,城东营业厅,2025-03-01 08:00\n")
    f.write_bytes(gb.encode("gb18030") + "T3,95598,complaint,“营业厅”,2025-03-01 08:00\n".encode("utf-8"))
    with pytest.raises(ExportError) as e:
        load_files("complaints", [f])
    text = str(e.value)
    assert "第 4 行却是 UTF-8" in text and "row 4 is UTF-8" in text
    assert "无法识别的文件编码" not in text
