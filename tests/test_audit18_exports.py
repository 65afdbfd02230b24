"""Exports as organisations' systems write them (round five): what was reshaped by hand before.

Fixed here, each test failing on the code before:

* a count footer (共 3 条, 合计：12 笔, Total: 3 rows) was not known as a totals row: the refusal said only "required
  value is empty" four times, and `records map` proposed no ``drop``; it is now a totals row, and one ``drop`` entry
  written from one month's export (共 3 条) skips the next month's (共 1,200 条);
* a window written by its name in the workspace (城东营业厅 for PW01) was listed by `records check` as unknown with
  "add it to [[windows]]", though it is there; the hint now names the window and the ``values.window_id`` line;
* `records map` on an attendance export with the date apart (and one date an Excel serial day, 45719) proposed no
  ``combine`` at all, and with dates as text it proposed ``arrived_at ... after: shift_start``, which moved an early
  clock-in (08:17 before an 08:30 shift) to the next day: ``after`` now follows the contract's order only
  (clock-out after clock-in, the shift's end after its start);
* `records map` on an outage export took a duration column (停电时长 7小时20分) for the outage start and proposed a
  ``pick`` by voltage class; voltage classes (10kV, 0.4kV) and outage kinds (计划停电, 故障停电) were left TODO.
"""
import openpyxl
import pandas as pd
import yaml

from windoweval.cli import main
from windoweval.records.files import load
from windoweval.records.propose import propose

TOML = ('name = "x"\nmapping_file = "mapping.yaml"\n'
        '[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
        '[[windows]]\nid = "PW02"\nname = "城西营业厅"\nkind = "power_hall"\n')


def _workspace(d, mapping=""):
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "mapping.yaml").write_text(mapping, encoding="utf-8")


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(list(r))
    wb.save(path)


COMPLAINTS = ("工单编号,受理渠道,诉求类型,窗口编号,受理时间,答复时间,回访时间,回访结果,工单状态\n"
              "TS001,95598,投诉,PW01,2025年3月5日 14时05分,2025-03-06 10:00,2025-03-07 10:00,满意,已办结\n"
              "TS002,95598,举报,PW02,2025/3/5 下午2:05,,,,办理中\n"
              "TS003,95598,投诉,PW01,2025-03-01 09:00,2025-03-02 09:00,2025-03-03 09:00,满意,归档\n")


def test_a_count_footer_is_a_totals_row_and_one_drop_serves_every_month(tmp_path, capsys):
    d = tmp_path
    f = d / "complaints.csv"
    f.write_bytes((COMPLAINTS + "共 3 条,,,,,,,,\n").encode("utf-8-sig"))
    _workspace(d)
    assert main(["records", "check", "--data", str(d)]) == 3
    out = capsys.readouterr().out
    assert "合计行（共 3 条）" in out and "totals row (共 3 条)" in out and "drop:" in out
    proposed = yaml.safe_load(propose(f, "complaints"))["complaints"]
    assert proposed["drop"] == {"工单编号": ["共 3 条"]}
    # the mapping kept as proposed; the next month's export ends with another count: the same drop entry skips it
    (d / "mapping.yaml").write_text(propose(f, "complaints"), encoding="utf-8")
    f.write_bytes((COMPLAINTS + '"共 1,200 条",,,,,,,,\n').encode("utf-8-sig"))
    got = load("complaints", d)
    assert len(got.frame) == 3 and got.plans[0].dropped == {"工单编号=共 1,200 条": 1}
    assert main(["records", "check", "--data", str(d)]) == 0
    assert "共 1,200 条 (1 行 / rows)" in capsys.readouterr().out


def test_a_window_written_by_its_workspace_name_is_named_with_its_id(tmp_path, capsys):
    f = tmp_path / "complaints.csv"
    f.write_text(COMPLAINTS.replace(",PW01,", ",城东营业厅,"), encoding="utf-8")
    _workspace(tmp_path, propose(f, "complaints"))
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("城东营业厅:"))
    assert "窗口 PW01 的名称" in line and "`城东营业厅: PW01`" in line and "the name of window PW01" in line


ATTENDANCE = [["2025年3月考勤明细"],
              ["工号", "姓名", "部门", "日期", "上班时间", "签到时间", "下班时间", "签退时间", "迟到时长"],
              ["S01", "张三", "PW01", "2025-03-03", "08:30", "08:17", "17:30", None, "0分钟"],
              ["S02", "李四", "PW01", "2025/3/3", "08:30", "08:45", "17:30", "17:20", "15分钟"],
              ["S03", "王五", "PW02", 45719, "08:30", "-", "17:30", "17:31", ""],
              ["合计", None, None, None, None, None, None, None, "15分钟"]]


def test_an_attendance_export_with_the_date_apart_is_proposed_whole_and_an_early_clock_in_stays_on_its_day(tmp_path):
    f = tmp_path / "考勤.xlsx"
    _xlsx(f, ATTENDANCE)
    text = propose(f, "attendance")
    proposed = yaml.safe_load(text)["attendance"]
    assert proposed["combine"] == {
        "shift_start": {"date": "日期", "time": "上班时间"},
        "arrived_at": {"date": "日期", "time": "签到时间"},   # never after the shift's start: 08:17 is early, same day
        "shift_end": {"date": "日期", "time": "下班时间", "after": "shift_start"},
        "left_at": {"date": "日期", "time": "签退时间", "after": "arrived_at"}}
    _workspace(tmp_path, text)
    got = load("attendance", tmp_path)
    fr = got.frame.set_index("staff_id")
    assert len(fr) == 3 and got.plans[0].dropped == {"工号=合计": 1}   # three shifts and the totals row: every row
    assert str(fr.loc["S01", "arrived_at"]) == "2025-03-03 08:17:00"
    assert str(fr.loc["S03", "shift_start"]) == "2025-03-03 08:30:00" and pd.isna(fr.loc["S03", "arrived_at"])


def test_an_outage_duration_is_not_a_date_time_and_voltage_and_kind_are_proposed(tmp_path):
    f = tmp_path / "停电.xlsx"
    _xlsx(f, [["停电信息统计表"], [],
              ["停电编号", "户号", "窗口编号", "电压等级", "停电类型", "公告时间", "停电开始时间", "恢复供电时间", "停电时长"],
              ["O1", "C1", "PW01", "10kV", "计划停电", "2025-03-01 10:00", 45725.333333333, "2025-03-09 15:20", "7小时20分"],
              ["O2", "C2", "PW02", "0.4kV", "故障停电", None, "2025年3月10日 8时00分", "2025/3/10 下午1:00", "5小时"],
              ["合计", None, None, None, None, None, None, None, "12小时20分"]])
    text = propose(f, "outages")
    proposed = yaml.safe_load(text)["outages"]
    assert "pick" not in proposed and proposed["columns"]["停电开始时间"] == "start_at"
    assert "停电时长" in proposed["ignore"]
    assert proposed["values"] == {"voltage_class": {"10kV": "kv10", "0.4kV": "lv380"},
                                  "outage_kind": {"计划停电": "planned", "故障停电": "fault"}}
    _workspace(tmp_path, text)
    got = load("outages", tmp_path)
    assert got.frame["start_at"].astype(str).tolist() == ["2025-03-09 08:00:00", "2025-03-10 08:00:00"]
    assert got.frame["restored_at"].astype(str).tolist() == ["2025-03-09 15:20:00", "2025-03-10 13:00:00"]
