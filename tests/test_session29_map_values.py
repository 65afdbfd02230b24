"""records map: a code column found by its values when no header names it by its words (session 29).

A 95598 export names its case kind 业务类型 (投诉, 举报, 咨询 …) and its callback result 回访满意度 (满意, 未回访 …):
before, 业务类型 was proposed as the business category (a synonym of 业务类别) and 回访满意度 was ignored, so the
required ``kind`` was "not found" and every callback went unread.
"""
import csv

import yaml

from windoweval.records.propose import propose


def _export(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["工单编号", "业务类型", "受理渠道", "营业厅", "受理时间", "回访满意度", "受理内容", "联系人"])
        w.writerows(rows)
    return path


def _rows(n=40):
    kinds = ["投诉", "举报", "咨询", "建议", "故障报修", "表扬"]
    results = ["满意", "不满意", "未回访", "无法联系", "一般", ""]
    texts = ["客户投诉电费偏高", "客户咨询峰谷电价", "举报窃电行为", "客户建议延长营业时间"]
    people = ["张伟", "李娜", "王芳", "刘洋", "陈静"]
    return [[f"T{i:05d}", kinds[i % 6], "95598", "PW01", f"2025-03-{1 + i % 28:02d} 09:00",
             results[i % 6], f"{texts[i % 4]}{i}", people[i % 5]] for i in range(n)]


def test_code_columns_found_by_their_values(tmp_path):
    text = propose(_export(tmp_path / "export.csv", _rows()), "complaints")
    got = yaml.safe_load(text)["complaints"]
    assert got["columns"]["业务类型"] == "kind"
    assert got["columns"]["回访满意度"] == "callback_result"
    assert got["values"]["kind"]["投诉"] == "complaint" and got["values"]["kind"]["咨询"] == "enquiry"
    assert "表扬" not in got["values"]["kind"] and "表扬" in got["drop"]["业务类型"]   # praise: no kind of the contract, never guessed as one: proposed for drop (session 31)
    assert got["values"]["callback_result"]["未回访"] == "not_called_back"
    assert "取值像诉求类型" in text and "the values look like kind's" in text    # marked for review
    # free text holding the words (客户投诉…) is no code column, and a column of names is never proposed
    assert "受理内容" not in got["columns"] and "联系人" not in got["columns"]


def test_a_header_named_by_its_words_is_never_taken(tmp_path):
    rows = [[r[0], r[1], r[1], *r[3:]] for r in _rows()]   # 受理渠道 (channel's alias) holding 投诉/举报 …
    got = yaml.safe_load(propose(_export(tmp_path / "export.csv", rows), "complaints"))["complaints"]
    assert got["columns"]["受理渠道"] == "channel"
    assert got["columns"]["业务类型"] == "kind"


def test_one_value_alone_is_read_under_a_header_that_names_a_category(tmp_path):
    # map38: every row 满意 under 回访满意度, a header that names a category (满意度), is the callback's result (a pilot's
    # one-row export has one value); under a header that names none, one value alone is still too little to tell a
    # column by (tests/test_map38_small_exports.py)
    rows = [[*r[:5], "满意", *r[6:]] for r in _rows()]
    got = yaml.safe_load(propose(_export(tmp_path / "export.csv", rows), "complaints"))["complaints"]
    assert got["columns"]["回访满意度"] == "callback_result" and got["values"]["callback_result"] == {"满意": "satisfied"}


def _outages(path):
    head = ["停电信息编号", "用户编号", "所属营业厅", "电压等级", "停电类型", "发布时间", "计划停电时间", "实际停电时间",
            "计划送电时间", "实际送电时间"]
    rows = [[f"TD{i:03d}", f"{3300000000 + i}", "PW01", ["10kV", "交流220V"][i % 2], ["计划停电", "故障停电"][i % 2],
             "2025-03-01 10:00", "2025-03-09 08:00", "2025-03-09 08:05", "2025-03-09 16:00", "2025-03-09 15:20"]
            for i in range(12)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, *rows])
    return path


def test_an_outage_export_reads_the_actual_times_not_the_plan(tmp_path):
    """An outage notice system's export: 计划停电时间 (the plan) was proposed for the outage's start beside 实际停电时间,
    and a pick between them by 电压等级 followed; 实际送电时间 and 发布时间 were not found."""
    got = yaml.safe_load(propose(_outages(tmp_path / "停电信息.csv"), "outages"))["outages"]
    cols = got["columns"]
    assert cols["实际停电时间"] == "start_at" and cols["实际送电时间"] == "restored_at"
    assert cols["发布时间"] == "announced_at" and cols["停电信息编号"] == "outage_id"
    assert "计划停电时间" not in cols and "计划送电时间" not in cols and "pick" not in got


def test_a_laboratory_export(tmp_path):
    """A LIS sample export: 肝功能 / 肾功能 / 甲状腺功能 were proposed as function tests (the keyword 功能), the sample's
    barcode and the report's audit time were not found, and 申请科室 (the requesting ward, near 科室) was proposed as
    the window over 执行科室 (the laboratory, a common header of the window)."""
    head = ["条码号", "病人类型", "检验项目", "申请科室", "执行科室", "接收时间", "审核时间"]
    items = ["血常规", "肝功能", "肾功能", "甲状腺功能", "急诊生化", "肺功能", "急诊心电图"]
    rows = [[f"{2025000000 + i}", ["门诊", "急诊", "住院"][i % 3], items[i % 7], "内科", "检验科",
             "2025-04-08 09:00", "2025-04-08 12:00"] for i in range(28)]
    f = tmp_path / "LIS.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([head, *rows])
    got = yaml.safe_load(propose(f, "hospital_events"))["hospital_events"]
    cols, vals = got["columns"], got["values"]["event_type"]
    assert cols["条码号"] == "event_id" and cols["审核时间"] == "finished_at" and cols["执行科室"] == "window_id"
    assert "申请科室" not in cols and cols["检验项目"] == "event_type"
    assert vals["肝功能"] == vals["肾功能"] == vals["甲状腺功能"] == "lab_biochem_immuno"
    assert vals["肺功能"] == vals["急诊心电图"] == "function_exam" and vals["急诊生化"] == "lab_emergency"
