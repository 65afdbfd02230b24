"""records27: an ``unknown_speakers`` problem carried the whole transcript in ``value``: a refusal printed (and
handed to a notebook in RecordsError.problems) a dialogue that may hold a phone number, an ID or a name, when what
is wrong is its label.  Now the value is the unknown label(s) found, distinct, at most five (未知说话人 / unknown
labels: A：, B：), a label that may be a name (Chinese alone: records.speakers.may_be_name) as 某某：; the fix
(transcripts.speakers in mapping.yaml) in both languages."""
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from windoweval.records import RecordsError, load

from test_mapping import workspace
from test_verdicts24_speakers import _csv

PREFIX = "未知说话人 / unknown labels: "


def _problems(tmp_path, *texts):
    workspace(tmp_path, "", {"transcripts.csv": _csv("员工：您好。", *texts)})
    with pytest.raises(RecordsError) as e:
        load("transcripts", tmp_path)
    assert e.value.exit_code == 3
    return e.value.problems.set_index("row"), str(e.value)


@pytest.mark.parametrize("text,value", [
    ("A:你好，我的电话13812345678。B:您好，请讲。A:交电费。", "A：, B："),
    ("甲：身份证110101199003071234 乙：您好", "甲：, 乙："),
    ("[09:01] 1001：您好 [09:02] 1002：交电费 1001：好", "1001：, 1002："),
    ("张三：你好 李四：您好 张三：好的", "某某："),                 # names: never shown
    ("客户：快点，13812345678 柜台B：急什么！", "柜台B："),            # a known label, and one unknown
    ("客户：快点 王小芳：急什么！", "某某："),
])
def test_the_value_is_the_unknown_labels_not_the_dialogue(tmp_path, text, value):
    p, printed = _problems(tmp_path, text)
    assert p.index.tolist() == [3] and p.loc[3, "code"] == "unknown_speakers" and p.loc[3, "column"] == "text"
    assert p.loc[3, "value"] == PREFIX + value
    for secret in ("13812345678", "110101199003071234", "张三", "李四", "王小芳", "急什么", "交电费"):
        assert secret not in p.loc[3, "value"] and secret not in printed
    assert "transcripts.speakers" in p.loc[3, "fix_zh"] and "transcripts.speakers" in p.loc[3, "fix_en"]
    assert "第 3 行 row 3" in printed and "transcripts.csv" in printed


def test_at_most_five_labels(tmp_path):
    text = " ".join(f"{c}:话" for c in "ABCDEFG")
    p, _ = _problems(tmp_path, text)
    assert p.loc[3, "value"] == PREFIX + "A：, B：, C：, D：, E："


def test_records_check_prints_the_labels_only(tmp_path):
    from windoweval.cli import main
    workspace(tmp_path, "", {"transcripts.csv": _csv("员工：您好。", "张三：我的电话13812345678 B:您好")})
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main(["records", "check", "--data", str(tmp_path)])
    text = out.getvalue()
    assert code == 3, text
    assert "某某：, B：" in text and "13812345678" not in text and "张三" not in text and "Traceback" not in text
