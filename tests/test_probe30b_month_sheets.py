"""probe30b: `records map` on a workbook with a sheet a month (2025年3月, 2025年4月) under the same headers, none of them
a contract's own name (检查号, 检查科室, 检查时间 of a radiology system), proposed `sheets` with the last month alone
and called the other "not records": reviewed as proposed, a month was left out.  A sheet under the very headers of
the sheet the proposal is made from is another month of the same records, and is read."""
import datetime as dt

import openpyxl
import yaml

from windoweval.records.propose import propose


def test_month_sheets_under_the_systems_own_headers_are_all_read(tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for m in (3, 4):
        ws = wb.create_sheet(f"2025年{m}月")
        ws.append(["医技检查报告时间统计"])
        ws.merge_cells("A1:F1")
        ws.append(["检查号", "门诊/住院", "检查科室", "检查项目", "检查时间", "报告时间"])
        for i in range(12):
            at = dt.datetime(2025, m, 3, 8) + dt.timedelta(minutes=37 * i)
            ws.append([f"EX{m}{i:03d}", ["门诊", "住院", "急诊"][i % 3], ["放射科", "功能科"][i % 2], "胸部CT",
                       at, at + dt.timedelta(minutes=40)])
    f = tmp_path / "hospital_events.xlsx"
    wb.save(f)
    text = propose(f, "hospital_events")
    got = yaml.safe_load(text)["hospital_events"]
    assert "sheets" not in got, text           # both months read, as load reads them unnamed
    assert "2025年3月" in text and "2025年4月" in text and "not records" not in text, text


def _month_sheets(tmp_path, extra_in_april, summary=False):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for m in (3, 4):
        ws = wb.create_sheet(f"{m}月")
        ws.append(["医技检查报告时间统计"])
        ws.append(["检查号", "门诊/住院", "检查科室", "检查项目", "检查时间", "报告时间"] + (extra_in_april if m == 4 else []))
        for i in range(12):
            at = dt.datetime(2025, m, 3, 8) + dt.timedelta(minutes=37 * i)
            ws.append([f"EX{m}{i:03d}", ["门诊", "住院", "急诊"][i % 3], ["放射科", "功能科"][i % 2], "胸部CT",
                       at, at + dt.timedelta(minutes=40)] + (["李医生"] if m == 4 and extra_in_april else []))
    if summary:
        ws = wb.create_sheet("汇总")
        ws.append(["检查科室", "检查人次", "平均报告时长"])
        ws.append(["放射科", 12, 40])
    f = tmp_path / "hospital_events.xlsx"
    wb.save(f)
    return f


def test_a_column_added_in_april_leaves_march_read(tmp_path):
    text = propose(_month_sheets(tmp_path, ["审核医生"]), "hospital_events")
    got = yaml.safe_load(text)["hospital_events"]
    assert "sheets" not in got and "not records" not in text, text
    assert "3月" in text and "4月" in text, text


def test_a_summary_sheet_by_department_is_still_no_month(tmp_path):
    text = propose(_month_sheets(tmp_path, [], summary=True), "hospital_events")
    got = yaml.safe_load(text)["hospital_events"]
    assert got["sheets"] == ["3月", "4月"], text
