"""verdicts26: the two refusals of speaker labels (_mixed_speaker_problems, _speaker_problems in records.validate) built
their Problems each its own way, and the fix of a mixed dialogue gave one fixed example ({柜台A: staff}) whatever
label the row held (柜台B: told to declare 柜台A).  One builder now serves both; the fix names the row's own label where
the message may show it (never a name: 张三 gets the general example)."""
from __future__ import annotations

import pytest

from windoweval.records import RecordsError, load

from test_mapping import workspace
from test_verdicts24_speakers import _csv


def test_each_row_s_fix_names_its_own_label(tmp_path):
    workspace(tmp_path, "", {"transcripts.csv": _csv("客户：快点 柜台A：急什么！", "A:你好 B:您好", "客户：快点 柜台B：急什么！",
                                                     "客户：快点 张三：急什么！")})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    p = e.value.problems.set_index("row")
    assert p.index.tolist() == [2, 3, 4, 5] and set(p["code"]) == {"unknown_speakers"}
    assert "{柜台A: staff}" in p.loc[2, "fix_zh"] and "{柜台A: staff}" in p.loc[2, "fix_en"]
    assert "{柜台B: staff}" in p.loc[4, "fix_zh"] and "{柜台B: staff}" in p.loc[4, "fix_en"]
    assert "{A: staff, B: customer}" in p.loc[3, "fix_zh"]
    assert "张三" not in "".join(p.loc[5, ["problem_zh", "problem_en", "fix_zh", "fix_en"]])
    assert all(p["column"] == "text") and all(p["file"].str.endswith("transcripts.csv"))
