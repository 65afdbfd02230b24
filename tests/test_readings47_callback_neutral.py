"""readings47: a callback's neutral result (回访结果 一般) is a callback made, with a view; it is never a row to drop.
A mapping that gave 一般 a value the contract does not allow was answered "if the rows of code '一般' are no records of
this kind, write drop: {…: ["一般"]}": taken, the callbacks would have left the count in silence.  Only a column that
says what a row is (kind, order_type: mapping.KIND_COLUMNS, the same as records map's proposals) proposes a drop; any
other code column says what the organisation must decide: which allowed value the code is (for 一般, satisfied or
dissatisfied by its own rule for the satisfaction rate).
"""
import shutil
import subprocess
import sys

import pytest

from windoweval.records.mapping import MappingError, parse_mapping


def _refusal(values):
    with pytest.raises(MappingError) as e:
        parse_mapping({"complaints": {"columns": {}, "values": values}}, "mapping.yaml")
    return str(e.value)


@pytest.mark.parametrize("code,value", [("一般", "neutral"), ("基本满意", "neutral"), ("一般", "一般")])
def test_a_callback_result_code_is_never_proposed_as_a_drop(code, value):
    msg = _refusal({"callback_result": {"满意": "satisfied", code: value}})
    assert "drop:" not in msg, msg                    # before: drop: {"callback_result": ["一般"]}
    assert "不能去掉" in msg and "never dropped" in msg
    assert "satisfied 还是 dissatisfied" in msg and "satisfied or dissatisfied" in msg and "本单位" in msg
    assert f"{code}: satisfied" in msg and "\n" not in msg and " / " in msg


def test_a_code_of_the_rows_kind_still_proposes_its_drop():
    msg = _refusal({"kind": {"投诉": "complaint", "表扬": "praise"}})
    assert 'drop: {"kind": ["表扬"]}' in msg and "不是本类记录" in msg and "\n" not in msg


def test_records_check_says_it_exit_3(tmp_path):
    from windoweval.datadir import resolve
    demo = resolve(None)
    d = tmp_path / "data"
    d.mkdir()
    for f in ("windoweval.toml", "calendar.csv"):
        shutil.copy(demo / f, d / f)
    lines = (demo / "complaints.csv").read_text(encoding="utf-8-sig").splitlines()[:30]
    (d / "complaints.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "mapping.yaml").write_text("complaints:\n  columns: {}\n  values:\n    kind: {投诉: complaint, 举报: report, "
                                    "建议: suggestion, 故障报修: fault_repair, 咨询: enquiry}\n    channel: {柜台: counter, "
                                    "信函: letter, 传真: fax, 网络: online}\n    callback_result: {满意: satisfied, 不满意: "
                                    "dissatisfied, 无法联系: unreachable, 一般: neutral}\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "windoweval.cli", "records", "check", "--data", str(d)],
                       capture_output=True, text=True, timeout=300)
    out = p.stdout + p.stderr
    assert p.returncode == 3, out
    assert "complaints.values.callback_result.一般" in out and "satisfied 还是 dissatisfied" in out
    assert "drop:" not in out and "Traceback" not in out
