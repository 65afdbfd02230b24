"""A punch log with the date in its own column (打卡日期 + 打卡时间, as attendance machines and workbooks write it), read
end to end beside a schedule (att37).

att36 joined the two cells as text, untested.  A user's log broke it four ways, each failing before: a workbook's date
cell (2025-03-03 00:00:00) and Excel's serial day and fraction (45721, 0.0035); a night punch written 次日 00:05
(DingTalk) refused as no date-time; 缺卡 in the time cell refused instead of counted as a row with no punch; a blank
date told to "join them with combine" (it is joined already) under the time's header.  And ``records map`` proposed
``punches`` without its ``date``, so the log it proposed refused every punch.
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.test_att36_punches import cli, shifts

TOML = 'name = "x"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
SCHEDULE = ("姓名,工号,部门,日期,班次\n"
            "张三,S01,城东营业厅,2025-03-03,早班 08:30-17:30\n"
            "张三,S01,城东营业厅,2025-03-04,早班 08:30-12:00 14:00-17:30\n"
            "李四,S02,城东营业厅,2025-03-03,夜班 22:00-次日06:00\n"
            "李四,S02,城东营业厅,2025-03-04,夜班 22:00-次日06:00\n")
LOG = ("姓名,工号,打卡日期,打卡时间,打卡类型\n"
       "张三,S01,2025-03-03,08:15,上班\n"
       "张三,S01,2025-03-03,17:35,下班\n"
       "张三,S01,2025-03-04 星期二,08:10:00,上班\n"     # a weekday after the date
       "张三,S01,2025/3/4,12:02,下班\n"
       "张三,S01,2025-03-04,13:52,上班\n"
       "张三,S01,2025-03-04,缺卡,下班\n"                 # no punch: a row counted, the afternoon's end missing evidence
       "李四,S02,2025-03-03,21:45,上班\n"
       "李四,S02,2025-03-04,06:03,下班\n"
       "李四,S02,2025-03-04,次日 00:05,上班\n"           # DingTalk's punch past midnight: 03-05 00:05
       "李四,S02,2025-03-05,06:01,下班\n")
MAPPING = """attendance:
  file: 排班表.csv
  columns: {工号: staff_id, 部门: window_id}
  ignore: [姓名]
  combine:
    shift_start: {date: 日期, time: 班次, part: start}
    shift_end: {date: 日期, time: 班次, part: end, after: shift_start}
  values:
    window_id: {城东营业厅: PW01}
  punches: {file: LOG, staff: 工号, date: 打卡日期, time: 打卡时间, type: 打卡类型}
"""
EXPECTED = [("S01", "03-03 08:30", "03-03 08:15", "03-03 17:35"),
            ("S01", "03-04 08:30", "03-04 08:10", "03-04 12:02"),
            ("S01", "03-04 14:00", "03-04 13:52", ""),               # 缺卡: blank, never a pass
            ("S02", "03-03 22:00", "03-03 21:45", "03-04 06:03"),
            ("S02", "03-04 22:00", "03-05 00:05", "03-05 06:01")]   # 次日 00:05: this night's, late


def _folder(d, log=LOG, name="打卡记录.csv", mapping=MAPPING):
    d.mkdir(parents=True, exist_ok=True)
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "排班表.csv").write_text(SCHEDULE, encoding="utf-8")
    if isinstance(log, bytes):
        (d / name).write_bytes(log)
    elif log is not None:
        (d / name).write_text(log, encoding="utf-8")
    if mapping is not None:
        (d / "mapping.yaml").write_text(mapping.replace("LOG", name), encoding="utf-8")
    return d


def test_a_csv_log_with_its_date_apart_gives_each_shift_its_punches(tmp_path):
    d = _folder(tmp_path / "d")
    assert shifts(d) == EXPECTED
    code, out = cli("records", "check", "--data", d)
    assert code == 0, out
    assert "打卡记录.csv: 10 次打卡 → 5 个班次" in out and "1 行打卡没有时间或工号,未读" in out
    assert "张三" not in out and "李四" not in out


def test_the_week_is_judged_as_counted_by_hand(tmp_path):
    from windoweval.scoring import score

    r = score("window_staff", 2025, data=_folder(tmp_path / "d")).results.set_index("measure")
    # 提前10分钟到岗: 08:15, 08:10, 21:45 met; 13:52 for 14:00 (8 min) and 00:05 for 22:00 missed
    assert r.loc["window_staff.1.1", ["records", "n", "met", "missing_evidence"]].tolist() == [5, 5, 3, 0]


def test_a_workbook_log_with_date_and_time_cells(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import io

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "工号", "打卡日期", "打卡时间", "打卡类型"])
    for r in [("张三", "S01", dt.date(2025, 3, 3), dt.time(8, 15), "上班"),
              ("张三", "S01", dt.datetime(2025, 3, 3), dt.time(17, 35), "下班"),
              ("李四", "S02", dt.date(2025, 3, 3), dt.time(21, 45), "上班"),
              ("李四", "S02", dt.date(2025, 3, 4), dt.time(6, 3), "下班"),
              ("李四", "S02", 45721, 5 / 1440, "上班"),        # Excel's serial day 2025-03-05 and 00:05 as a fraction
              ("李四", "S02", "2025-03-05", "06:01", "下班")]:
        ws.append(list(r))
    for c in ws["C"][1:5]:
        c.number_format = "yyyy-mm-dd"
    buf = io.BytesIO()
    wb.save(buf)
    d = _folder(tmp_path / "d", buf.getvalue(), "打卡记录.xlsx")
    got = shifts(d)
    assert got[0] == ("S01", "03-03 08:30", "03-03 08:15", "03-03 17:35")
    assert got[-2:] == [("S02", "03-03 22:00", "03-03 21:45", "03-04 06:03"),
                        ("S02", "03-04 22:00", "03-05 00:05", "03-05 06:01")]


def test_a_punch_without_its_date_is_refused_under_the_date_header(tmp_path):
    log = LOG + "张三,S01,,17:36,下班\n"
    code, out = cli("records", "check", "--data", _folder(tmp_path / "d", log))
    assert code == 3, out
    line = next(x for x in out.splitlines() if "第 12 行" in x)
    assert line.startswith("  第 12 行 row 12 | 列 column 打卡日期 | 值 value '17:36'")
    assert "有打卡时间但日期为空" in line and "combine" not in line and "Traceback" not in out


def test_records_map_proposes_the_date_of_the_log(tmp_path):
    import yaml

    from tests._workspace import map_in_process

    d = _folder(tmp_path / "d", mapping=None)
    (d / "windoweval.toml").write_text(TOML.replace('mapping_file = "mapping.yaml"\n', ""), encoding="utf-8")
    got = map_in_process(d, d / "排班表.csv", "attendance")
    assert got["punches"] == {"file": "打卡记录.csv", "staff": "工号", "date": "打卡日期", "time": "打卡时间",
                              "type": "打卡类型"}
    # kept as proposed, it reads the log
    (d / "mapping.yaml").write_text(yaml.safe_dump({"attendance": got}, allow_unicode=True), encoding="utf-8")
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    assert shifts(d) == EXPECTED
