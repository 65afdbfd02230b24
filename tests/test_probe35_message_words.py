"""probe35: a missed record's message (the drill-down, *_missed.csv, the report) is Chinese first, English beside it;
its Chinese half wrote the clause's parameters as the standard's data spells them for the program: 超过时限 5
working_days, 提前量不足 10 minutes, 存在无服务的时段 hour, and a government hall's pause with no approved reason
read 未记录 reason (a contract column's name, no word of the export or the standard).  The Chinese half now says 5
个工作日, 10 分钟, 按小时, and names the column by the contract's Chinese name (暂停原因, 顶岗人员); the English half is
as before."""
import pytest

import yaml

from windoweval.kernels import KERNELS
from windoweval.paths import STANDARDS_DIR


def _measure(std, clause, mid):
    doc = yaml.safe_load((STANDARDS_DIR / f"{std}.yaml").read_text(encoding="utf-8"))
    c = next(c for c in doc["clauses"] if c["id"] == clause)
    return next(m for m in c["measures"] if m["id"] == mid)


@pytest.mark.parametrize("params, zh, en", [
    ({"limit": 5, "unit": "working_days"}, "超过时限 5 个工作日", "over the limit of 5 working days"),
    ({"limit": 30, "unit": "minutes"}, "超过时限 30 分钟", "over the limit of 30 minutes"),
    ({"limit": 2, "unit": "hours"}, "超过时限 2 小时", "over the limit of 2 hours"),
])
def test_a_time_limit_s_unit_in_chinese(params, zh, en):
    got = KERNELS["time_limit"].message(params)
    assert got.startswith(zh) and en in got


def test_a_lead_and_a_slot_in_chinese():
    assert KERNELS["lead_time"].message({"min": 10, "unit": "minutes"}).startswith("提前量不足 10 分钟 / ")
    zh = KERNELS["every_slot"].message({"slot": "hour"}).split(" / ")[0]
    assert "hour" not in zh and "小时" in zh


def test_a_recorded_column_by_its_contract_name():
    m = {"records": "counter_pauses", "kernel": "recorded", "params": {"column": "covered_by"}}
    zh, en = KERNELS["recorded"].message(m["params"], m).split(" / ")
    assert "covered_by" not in zh and "顶岗人员" in zh and "covered_by" in en


@pytest.mark.parametrize("std, clause, mid, words", [("window_staff", "window_staff.6.5", "pauses", ("批准", "顶岗")),
                                                     ("etiquette", "etiquette.10.2", "pauses", ("顶岗",))])
def test_a_hall_pause_says_what_is_missing(std, clause, mid, words):
    # a pause whose 审批状态 reads 未审批 has its reason recorded (none): "not recorded" was untrue
    m = _measure(std, clause, mid)
    zh, en = KERNELS["recorded"].message(m["params"], m).split(" / ")
    assert "未记录" not in zh and all(w in zh for w in words) and "not recorded" not in en
