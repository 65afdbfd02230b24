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


def test_records_map_shows_a_10000_character_window_id_cut(tmp_path):
    """An attacker's (or a broken export's) window id of 10,000 characters was written whole on one line of the
    proposed mapping.yaml; it is no id (records check refuses it, cut), and the proposal shows it cut the same way."""
    from tests._workspace import write_workspace
    from windoweval.records.propose import propose
    from windoweval.records.workspace import load_workspace

    folder = write_workspace(tmp_path / "ws")
    f = folder / "complaints.csv"
    f.write_text(HEAD + "T1,95598,complaint,PW01,2025-03-01 08:00\n"
                 f"T2,95598,complaint,{'P' * 10000},2025-03-01 08:00\n", encoding="utf-8")
    text = propose(f, "complaints", workspace=load_workspace(folder))
    assert "P" * 300 not in text
    line = next(x for x in text.splitlines() if "no window of windoweval.toml" in x)
    assert "10,000 字符 / characters" in line and len(line) < 300


@pytest.mark.parametrize("code,want", [("微信", "online"), ("微信公众号", "online"), ("手机APP", "online"),
                                       ("APP", "online"), ("信函", "letter"), ("来信", "letter"),
                                       ("apply", None), ("{{7*7}} !!python/object/apply:os.system ['id']", None)])
def test_records_map_reads_channel_codes_by_their_words(code, want):
    """A channel code guessed by a keyword found inside it: 微信 (WeChat) was proposed as a letter (its 信), and any
    code holding ``apply`` as the online app (its ``app``); a Latin keyword is now a word of its own, and 微信 is
    online."""
    from windoweval.records.propose import _guess_value

    got, _how = _guess_value(code, "channel", ["counter", "95598", "letter", "fax", "online"], "")
    assert got == want
