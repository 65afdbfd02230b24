"""msgs46: ``records map`` proposes a laboratory's or a pharmacy's state column (标本状态, 发药状态) as
``hospital_events``' ``event_status`` (added in session 45) and its codes: a report released (已发布, 已审核, 已报告) or
drugs handed out (已发药) closed; not yet (待检, 未完成, 检验中, 未发布) open.  Marked for review, as every proposal of a
common header and of a code is; before, the header was proposed under ``ignore`` and the column never read."""
from __future__ import annotations

import yaml

from windoweval.records.propose import propose

HEAD = "标本号,科室编号,检验项目,开始时间,报告时间,{state}\n"
ROWS = [("S1", "已发布"), ("S2", "已审核"), ("S3", "待检"), ("S4", "未完成"), ("S5", "已报告"), ("S6", "检验中"),
        ("S7", "未发布")]
WANT = {"已发布": "closed", "已审核": "closed", "待检": "open", "未完成": "open", "已报告": "closed", "检验中": "open",
        "未发布": "open"}


def _proposal(tmp_path, state: str = "标本状态") -> tuple[str, dict]:
    f = tmp_path / "lis.csv"
    f.write_text(HEAD.format(state=state) + "".join(f"{i},HLAB,血常规,2025-03-01 08:00,2025-03-01 09:00,{s}\n"
                                                     for i, s in ROWS), encoding="utf-8")
    text = propose(f, "hospital_events")
    return text, yaml.safe_load(text)["hospital_events"]


def test_the_sample_state_is_proposed_for_review(tmp_path):
    text, doc = _proposal(tmp_path)
    assert doc["columns"]["标本状态"] == "event_status"
    assert "标本状态" not in (doc.get("ignore") or [])
    line = next(x for x in text.splitlines() if x.strip().startswith('"标本状态"'))
    assert "请核对 / check" in line, line
    assert doc["values"]["event_status"] == WANT
    for code in WANT:
        line = next(x for x in text.splitlines() if x.strip().startswith(f'"{code}"'))
        assert "请核对 / check" in line, line


def test_a_pharmacy_s_dispensing_state_too(tmp_path):
    _, doc = _proposal(tmp_path, "发药状态")
    assert doc["columns"]["发药状态"] == "event_status"
