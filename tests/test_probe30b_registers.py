"""probe30b: registers kept by hand or by an HR / review / voltage system, and what `records map` proposed.

- an HR roster (花名册): 是否掌握英语, 入职日期, 离岗日期 not read (english is required: nothing to go on);
- a hall's register of its services: 服务类别 (缴费渠道, 自助终端, 上门服务 …) and 服务项目名称 not read;
- the demonstration review's sheet: 评审内容, 是否符合 (是/否), 依据材料 not read;
- a voltage monitoring system's statistics: 电压上限(V) proposed as the nominal voltage (near 额定电压 in spelling), a
  limit read as the supply's voltage, and 电压等级 (220V, 10kV) not read as the supply type.
"""
import csv

import yaml

from windoweval.records.propose import propose


def _proposed(tmp_path, name, rows, kind, encoding="utf-8"):
    f = tmp_path / name
    with open(f, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    text = propose(f, kind)
    return yaml.safe_load(text)[kind], text


def test_an_hr_roster(tmp_path):
    rows = [["人员花名册"], ["序号", "工号", "姓名", "身份证号", "联系电话", "所属营业厅", "岗位", "是否掌握英语", "手语",
                         "入职日期", "离岗日期"]]
    rows += [[str(i + 1), f"S{i:03d}", "王小明", f"33010219900101{i:04d}", f"1381234{i:04d}", "PW01", "综合柜员",
              "是否"[i % 2], "否是"[i % 2], "2019-03-15", "" if i % 3 else "2025-06-30"] for i in range(9)]
    got, text = _proposed(tmp_path, "staff_roster.csv", rows, "staff_roster", "gbk")
    cols = got["columns"]
    assert cols["是否掌握英语"] == "english" and cols["手语"] == "sign_language", text
    assert cols["入职日期"] == "active_from" and cols["离岗日期"] == "active_to", text
    assert {"姓名", "身份证号", "联系电话"} <= set(got["ignore"]), text


def test_a_halls_register_of_its_services(tmp_path):
    rows = [["服务项目一览表"], ["营业厅", "年度", "服务类别", "服务项目名称", "服务说明", "数量"]]
    for hall in ("PW01", "PW02"):
        rows += [[hall, "2025年", "缴费渠道", "柜台缴费", "", ""], [hall, "2025年", "缴费渠道", "银行代扣", "", ""],
                 [hall, "2025年", "自助终端", "自助缴费终端", "", "２台"], [hall, "2025年", "上门服务", "上门办电", "", ""],
                 [hall, "2025年", "客户经理", "客户经理制", "", ""], [hall, "2025年", "电费查询", "历史电费查询", "", "24个月"]]
    got, text = _proposed(tmp_path, "service_offerings.csv", rows, "service_offerings", "utf-8-sig")
    assert got["columns"]["服务类别"] == "kind" and got["columns"]["服务项目名称"] == "name", text
    assert got["values"]["kind"] == {"缴费渠道": "payment_channel", "自助终端": "self_service_terminal",
                                     "上门服务": "home_visit_service", "客户经理": "account_manager",
                                     "电费查询": "bill_history_query"}, text


def test_the_demonstration_reviews_sheet(tmp_path):
    items = ["达到标准化窗口要求", "建立服务支撑体系", "各项制度执行情况良好", "行风评议名列前茅", "未发生重大服务事件"]
    rows = [["单位", "年度", "评审内容", "是否符合", "审查日期", "依据材料", "审查人"]]
    rows += [[w, "2025", it, "是否"[k == 2], "2026-01-15", "2025年度评审材料", "王五"]
             for w in ("PW01", "PW02") for k, it in enumerate(items)]
    got, text = _proposed(tmp_path, "demonstration_evidence.csv", rows, "demonstration_evidence")
    cols = got["columns"]
    assert cols["评审内容"] == "item" and cols["是否符合"] == "result" and cols["依据材料"] == "document", text
    assert got["values"]["item"] == dict(zip(items, ["standard_window_met", "support_system_built", "systems_rated_good",
                                                     "conduct_rating_top", "no_major_incident"])), text
    assert got["values"]["result"] == {"是": "pass", "否": "fail"}, text


def test_a_voltage_systems_limits_are_no_voltage(tmp_path):
    rows = [["监测点编号", "电压等级", "监测时间", "电压上限(V)", "电压下限(V)", "最大值(V)", "平均值(V)", "合格率(%)"]]
    rows += [[f"V{i:03d}", ["220V", "10kV", "380V", "110kV"][i % 4], "2025-05-01 00:00", "235.4", "198.0", "241.2",
              "228.7", "99.5"] for i in range(12)]
    got, text = _proposed(tmp_path, "voltage_readings.csv", rows, "voltage_readings")
    cols = got["columns"]
    assert "nominal_v" not in cols.values() and "measured_v" not in cols.values(), text
    assert cols["电压等级"] == "supply_type", text
    assert got["values"]["supply_type"] == {"220V": "single_phase_220v", "10kV": "three_phase_10kv_below",
                                            "380V": "three_phase_10kv_below", "110kV": "kv35_plus"}, text
