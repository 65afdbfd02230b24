"""A withdrawn case with a blank withdrawal time (撤诉时间) is missing evidence: records check names it (left39), with
file, row, column, value and the fix, Chinese and English; the closing time (办结时间) is never taken for it."""
from __future__ import annotations

import yaml

from tests._workspace import write_workspace
from windoweval.cli import main
from windoweval.records.files import load
from windoweval.records.check import withdrawn_without_time
from windoweval.records.workspace import load_workspace
from windoweval.records.propose import propose

_WIN = (("CC95598", "95598客服中心", "call_centre"),)
_HEAD = "工单编号,受理渠道,受理单位,业务类型,受理时间,答复时间,办结时间,撤诉时间,工单状态"
_ROWS = [
    "T1,95598,CC95598,投诉,2025-03-03 09:00:00,2025-03-04 10:00:00,2025-03-04 10:00:00,,已办结",
    "T2,95598,CC95598,投诉,2025-03-03 09:30:00,,,2025-03-04 11:00:00,已撤诉",
    # withdrawn, its withdrawal time blank (a closing time there: only an upper bound, never read for it)
    "T3,95598,CC95598,投诉,2025-03-03 10:00:00,,2025-03-05 10:00:00,,已撤诉",
    # withdrawn after a reply: judged by the reply, nothing missing
    "T4,95598,CC95598,投诉,2025-03-03 11:00:00,2025-03-04 09:00:00,,,已撤诉",
    # a suggestion withdrawn: no reply limit, nothing missing
    "T5,95598,CC95598,建议,2025-03-03 11:00:00,,,,已撤诉",
]


def _workspace(tmp_path):
    folder = write_workspace(tmp_path / "ws", _WIN)
    f = folder / "complaints.csv"
    f.write_text("\n".join([_HEAD, *_ROWS]) + "\n", encoding="utf-8")
    text = propose(f, "complaints")
    assert yaml.safe_load(text)["complaints"]["pick"]["resolved_at"]["cases"] == {"withdrawn": "撤诉时间"}
    (folder / "mapping.yaml").write_text(text, encoding="utf-8")
    return folder


def test_records_check_names_the_blank_withdrawal_time(tmp_path, capsys):
    folder = _workspace(tmp_path)
    capsys.readouterr()
    assert main(["records", "check", "--data", str(folder)]) == 0     # kept: a warning, not a refusal
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "T3" in x)
    assert "complaints.csv" in line and "第 4 行" in line and "row 4" in line and "撤诉时间" in line
    assert "值 value '(空白 blank)'" in line and "警告 warning" in line
    assert "补填撤诉时间" in out and "fill in 撤诉时间" in out and "办结时间" in out
    assert "records marked withdrawn with the withdrawal time blank" in out and ": 1 条 / records" in out
    for other in ("T1", "T2", "T4", "T5"):
        assert not any(other in x and "撤诉时间" in x for x in out.splitlines() if "row" in x), other


def test_the_closing_time_is_not_read_for_it(tmp_path):
    folder = _workspace(tmp_path)
    ws = load_workspace(folder)
    got = load("complaints", ws.root, ws.mapping().get("complaints"))
    f = got.frame.set_index("case_id")
    assert f.loc["T3", "resolved_at"] != f.loc["T3", "resolved_at"]     # NaT: missing, no fallback to 办结时间
    p = withdrawn_without_time("complaints", got, ws.mapping().get("complaints"))
    assert p["record_id"].tolist() == ["T3"] and p["column"].tolist() == ["撤诉时间"]
    assert p["row"].tolist() == [4] and p["severity"].tolist() == ["warning"]
