"""exports20 #6: every refusal of a text export names its row as a spreadsheet numbers it and, where a quoted value
spans lines above it, the file line (a NUL, a row wider than a spreadsheet, an unclosed quote, a cell past the
header): not the line given as the row."""
from __future__ import annotations

import pytest

H = "工单编号,受理渠道,诉求类型,窗口编号,受理时间,诉求内容\n"
NOTE = 'C1,95598,complaint,PW01,2025-03-01 10:00,"第一行\n第二行\n第三行"\n'
PLAIN = "C1,95598,complaint,PW01,2025-03-01 10:00,b\n"
C2 = "C2,95598,complaint,PW01,2025-03-01 10:00,b\n"
BAD = {
    "nul": ("C3,95598,compl\x00aint,PW01,2025-03-01 10:00,b\n", ", column C: 'compl␀aint'"),
    "wide": ("C3" + "," * 20000 + "\n", ""),
    "unclosed": ('C3,95598,complaint,PW01,2025-03-01 10:00,"b\n', ""),
    "extra": ("C3,95598,complaint,PW01,2025-03-01 10:00,b,x\n", ", column G: 'x'"),
}


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.parametrize("note", [True, False])
def test_a_text_export_refusal_names_the_row_and_the_file_line(tmp_path, kind, note, encoding):
    from windoweval.records.files import load_files
    from windoweval.records.io import ExportError

    bad, rest = BAD[kind]
    f = tmp_path / "complaints.csv"
    f.write_bytes((H + (NOTE if note else PLAIN) + C2 + bad).encode(encoding))
    with pytest.raises(ExportError) as e:
        load_files("complaints", [f])
    where = "row 4 (file line 6)" if note else "row 4"
    assert "\n" not in str(e.value)          # one line, Chinese / English (msgs46b)
    zh, en = str(e.value).split(" / ", 1)
    assert f"({where}{rest})" in en and ("file line" in en) == note and e.value.exit_code == 3
    assert ("第 4 行(文件第 6 行)" if note else "(第 4 行") in zh
