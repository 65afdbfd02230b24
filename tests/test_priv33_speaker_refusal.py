"""priv33: a refusal of an unknown speaker label showed every label of Chinese characters masked (某某：), a role as much
as a name (主管：, 值班长：), so the user could not see what to declare.  Now a label is hidden only when it is
name-shaped (:func:`windoweval.records.speakers.name_shaped`: a surname and one or two characters, 小/老/阿 and one, after
a label word or alone, a transliterated name as privacy reads one in brackets, or a masked name), and shown otherwise;
each refusal says where the label stands (the file, row and column as before, and the character it starts at), and a
hidden one says why it is hidden and what to do (declare it as written in mapping.yaml, or export 员工:/客户:).  The
fix's own words are no longer masked when printed (工号或姓名可写 '工号*' had printed 工号或姓名某某 '工号*', and 员工:/客户:
标注 as 员工:/客户: 某某)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest

from windoweval.dialogue import staff_text
from windoweval.errors import InputError
from windoweval.records import speakers

from test_mapping import workspace
from test_records27_speaker_values import PREFIX, _problems
from test_verdicts24_speakers import _csv


@pytest.mark.parametrize("label,shaped", [
    ("主管", False), ("值班长", False), ("店长", False), ("组长", False), ("柜台A", False), ("1001", False),
    ("张三", True), ("王小芳", True), ("欧阳娜娜", True), ("小王", True), ("老李", True), ("客户王五", True),
    ("营业员某某", True), ("热依拉", True), ("客服大海", True),
    # a label word and words after it is taken for a name, a role's too (the safe side: shown masked, with its place)
    ("护士长", True)])
def test_name_shaped(label, shaped):
    assert speakers.name_shaped([label]).tolist() == [shaped]


def test_a_role_label_is_shown_with_where_it_stands(tmp_path):
    p, printed = _problems(tmp_path, "客户：快点 主管：急什么！")
    assert p.loc[3, "value"] == PREFIX + "主管："
    assert "主管" in p.loc[3, "problem_zh"] and "主管" in p.loc[3, "problem_en"]
    assert "第 7 个字符" in p.loc[3, "problem_zh"] and "character 7" in p.loc[3, "problem_en"]
    assert "主管" in printed and "第 3 行 row 3" in printed


def test_a_name_label_is_hidden_with_where_it_stands_and_why(tmp_path):
    p, printed = _problems(tmp_path, "客户：快点 张三：急什么！")
    assert p.loc[3, "value"] == PREFIX + "某某："
    row = " ".join(p.loc[3, ["value", "problem_zh", "problem_en", "fix_zh", "fix_en"]])
    assert "张三" not in row and "张三" not in printed
    assert "第 7 个字符" in p.loc[3, "problem_zh"] and "character 7" in p.loc[3, "problem_en"]
    assert "人名" in p.loc[3, "problem_zh"] and "person's name" in p.loc[3, "problem_en"]


def test_a_dialogue_of_unknown_labels_says_where_the_hidden_one_stands(tmp_path):
    p, printed = _problems(tmp_path, "1001：您好 张三：交电费 1001：请稍等")
    assert p.loc[3, "value"] == PREFIX + "1001：, 某某："
    assert "第 9 个字符" in p.loc[3, "problem_zh"] and "character 9" in p.loc[3, "problem_en"]
    assert "张三" not in printed


def test_a_dialogue_of_unknown_role_labels_shows_them(tmp_path):
    p, _ = _problems(tmp_path, "主管：您好 值班长：交电费")
    assert p.loc[3, "value"] == PREFIX + "主管：, 值班长："


def test_the_printed_fix_keeps_its_words(tmp_path):
    from windoweval.cli import main
    workspace(tmp_path, "", {"transcripts.csv": _csv("员工：您好。", "客户：快点 主管：急什么！", "A:你好 B:您好")})
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main(["records", "check", "--data", str(tmp_path)])
    text = out.getvalue()
    assert code == 3 and "Traceback" not in text
    assert "主管" in text and "'工号*'" in text
    assert "某某 '工号*'" not in text and "客户: 某某" not in text


def test_the_engine_refusal_shows_a_role_and_hides_a_name():
    with pytest.raises(InputError) as e:
        staff_text(pd.Series(["员工：您好", "客户：快点 主管：急什么！", "客户：快点 张三：急什么！"]))
    msg = str(e.value)
    assert e.value.exit_code == 3
    assert "主管" in msg and "张三" not in msg and "人名" in msg and "person's name" in msg
