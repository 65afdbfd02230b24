"""A raw punch log (原始打卡记录: one row per punch) read beside a schedule (排班表): mapping.yaml's ``punches`` (att36).

Before, a user with DingTalk's, WeCom's or an attendance machine's punch log had to reshape it by hand into a row per
shift: ``punches`` was an unknown key (exit 3).  Every test here failed before (the key refused, or the module
missing).  The case: 3 staff, one week (2025-03-03 .. 03-09), a night shift, a missing clock-in, a repeated punch, an
untyped punch after midnight, an unscheduled punch on the Sunday; each verdict checked by hand in the comments.
"""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest


SCHEDULE = ("姓名,工号,部门,日期,班次\n"
            "张三,S01,城东营业厅,2025-03-03,早班 08:30-17:30\n"
            "张三,S01,城东营业厅,2025-03-04,早班 08:30-17:30\n"
            "张三,S01,城东营业厅,2025-03-05,早班 08:30-17:30\n"
            "李四,S02,城东营业厅,2025-03-03,夜班 22:00-次日06:00\n"
            "李四,S02,城东营业厅,2025-03-04,夜班 22:00-次日06:00\n"
            "王五,S03,城东营业厅,2025-03-06,早班 08:30-12:00 14:00-17:30\n"   # a split shift

            "王五,S03,城东营业厅,2025-03-07,早班 08:30-17:30\n")
PUNCHES = ("姓名,工号,打卡时间,打卡类型,考勤机\n"
           "张三,S01,2025-03-03 08:15,上班,大厅1号机\n"      # 15 min early: met
           "张三,S01,2025-03-03 17:35,下班,大厅1号机\n"
           "张三,S01,2025-03-04 08:25,上班,大厅1号机\n"      # 5 min early: missed (10 asked)
           "张三,S01,2025-03-04 08:27,上班,大厅1号机\n"      # a second punch: the earliest counts
           "张三,S01,2025-03-04 17:31,下班,大厅1号机\n"
           "张三,S01,2025-03-05 17:40,下班,大厅1号机\n"      # no clock-in on 03-05: missing evidence
           "李四,S02,2025-03-03 21:45,上班,大厅2号机\n"      # night shift, 15 min early: met
           "李四,S02,2025-03-04 06:03,下班,大厅2号机\n"
           "李四,S02,2025-03-05 00:05,,大厅2号机\n"          # untyped, after midnight: the 03-04 night shift's, late
           "李四,S02,2025-03-05 06:01,,大厅2号机\n"
           "王五,S03,2025-03-06 08:10,上班,大厅1号机\n"      # met
           "王五,S03,2025-03-06 12:02,下班,大厅1号机\n"
           "王五,S03,2025-03-06 13:52,上班,大厅1号机\n"      # the afternoon span, 8 min early: missed
           "王五,S03,2025-03-06 17:31,下班,大厅1号机\n"
           "王五,S03,2025-03-07 08:18,上班,大厅1号机\n"      # met
           "王五,S03,2025-03-07 17:33,下班,大厅1号机\n"
           "王五,S03,2025-03-09 09:00,上班,大厅1号机\n")     # Sunday, no shift: unscheduled, counted
MAPPING = """attendance:
  file: 排班表.csv
  columns: {工号: staff_id, 部门: window_id}
  ignore: [姓名]
  combine:
    shift_start: {date: 日期, time: 班次, part: start}
    shift_end: {date: 日期, time: 班次, part: end, after: shift_start}
  values:
    window_id: {城东营业厅: PW01}
  punches: {file: 打卡记录.csv, staff: 工号, time: 打卡时间, type: 打卡类型}
"""
TOML = 'name = "x"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'

def write(d, schedule=SCHEDULE, punches=PUNCHES, mapping=MAPPING):
    d = Path(d); d.mkdir(parents=True, exist_ok=True)
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "排班表.csv").write_text(schedule, encoding="utf-8")
    if punches is not None:
        (d / "打卡记录.csv").write_text(punches, encoding="utf-8")
    if mapping is not None:
        (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return d



def cli(*args) -> tuple[int, str]:
    from windoweval.cli import main

    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main([str(a) for a in args])
    return code, so.getvalue()


def shifts(d):
    from windoweval.records.read import read_records

    df = read_records("attendance", d).sort_values(["staff_id", "shift_start"])
    return [(r.staff_id, str(r.shift_start)[5:16], str(r.arrived_at)[5:16].replace("T", ""), str(r.left_at)[5:16].replace("T", ""))
            for r in df.itertuples()]


def test_each_shift_gets_its_clock_in_and_out_from_the_log(tmp_path):
    assert shifts(write(tmp_path)) == [
        ("S01", "03-03 08:30", "03-03 08:15", "03-03 17:35"),
        ("S01", "03-04 08:30", "03-04 08:25", "03-04 17:31"),   # 08:25 and 08:27: the earliest
        ("S01", "03-05 08:30", "", "03-05 17:40"),            # no clock-in: blank, never a pass
        ("S02", "03-03 22:00", "03-03 21:45", "03-04 06:03"),   # the night shift's clock-out the next morning
        ("S02", "03-04 22:00", "03-05 00:05", "03-05 06:01"),   # untyped, after midnight: this night's, 2 h late
        ("S03", "03-06 08:30", "03-06 08:10", "03-06 12:02"),   # the split shift's morning span
        ("S03", "03-06 14:00", "03-06 13:52", "03-06 17:31"),   # and its afternoon span, with its own punches
        ("S03", "03-07 08:30", "03-07 08:18", "03-07 17:33")]


def test_records_check_shows_punches_to_shifts(tmp_path):
    code, out = cli("records", "check", "--data", write(tmp_path))
    assert code == 0, out
    assert "✓ attendance: 7 行 / rows, 8 条记录 / records" in out
    assert "两段班次 / split shifts: 班次: 1 行 → 2 个班次" in out
    assert "打卡记录 / punches: 打卡记录.csv: 17 次打卡 → 8 个班次" in out
    assert "7 个上班卡、8 个下班卡" in out and "1 次重复打卡未取用" in out
    assert "1 次打卡没有班次可归" in out            # the Sunday punch: counted and said
    assert "1 个班次无上班卡、0 个班次无下班卡" in out
    assert "arrived_at, left_at" not in out          # not "contract columns not found"
    assert "未被任何记录类型读取" not in out          # the log is read, not left over
    assert "张三" not in out and "李四" not in out   # no name reaches the output


def test_score_judges_the_week_by_hand(tmp_path):
    code, out = cli("score", "--standard", "window_staff", "--year", "2025", "--data", write(tmp_path / "d"),
                    "--out", tmp_path / "out")
    assert code == 0, out
    r = pd.read_csv(tmp_path / "out" / "window_staff_results.csv").set_index("measure")
    # 提前10分钟到岗: met 03-03 08:15, 03-03 21:45, 03-06 08:10, 03-07 08:18; missed 03-04 08:25 (5 min), the
    # night of 03-04 (00:05) and the split shift's afternoon (13:52 for 14:00, 8 min); 03-05 no clock-in: missing
    # evidence; 4 of 7 under the 0.9 target
    a = r.loc["window_staff.1.1"]
    assert [int(a["records"]), int(a["n"]), int(a["met"]), int(a["missing_evidence"]), a["verdict"]] == \
        [8, 7, 4, 1, "fail"]
    b = r.loc["window_staff.6.5#early_leave"]   # every clock-out at or after its span's end (12:02, 17:31 …)
    assert [int(b["n"]), int(b["met"]), b["verdict"]] == [8, 8, "pass"]
    missed = pd.read_csv(tmp_path / "out" / "window_staff_missed.csv")
    assert sorted(missed.loc[missed["measure"] == "window_staff.1.1", "record"].str[-19:]) == [
        "2025-03-04 08:30:00", "2025-03-04 22:00:00", "2025-03-06 14:00:00"]
    miss = pd.read_csv(tmp_path / "out" / "window_staff_missing_evidence.csv")
    assert miss["shift_start"].tolist() == ["2025-03-05 08:30:00"]


def test_a_punch_typed_off_duty_is_never_a_clock_in(tmp_path):
    log = "工号,打卡时间,打卡类型\nS01,2025-03-03 08:20,下班\nS01,2025-03-03 17:35,下班\n"
    d = write(tmp_path, schedule="工号,部门,日期,班次\nS01,城东营业厅,2025-03-03,早班 08:30-17:30\n", punches=log,
              mapping=MAPPING.replace("  ignore: [姓名]\n", ""))
    assert shifts(d) == [("S01", "03-03 08:30", "", "03-03 17:35")]
    code, out = cli("records", "check", "--data", d)
    assert "1 次打卡没有班次可归" in out and "1 个班次无上班卡" in out


def test_a_lone_untyped_punch_is_one_side_only(tmp_path):
    log = "工号,打卡时间\nS01,2025-03-03 08:20\n"
    d = write(tmp_path, schedule="工号,部门,日期,班次\nS01,城东营业厅,2025-03-03,早班 08:30-17:30\n", punches=log,
              mapping=MAPPING.replace("  ignore: [姓名]\n", "").replace(", type: 打卡类型", ""))
    assert shifts(d) == [("S01", "03-03 08:30", "03-03 08:20", "")]


@pytest.mark.parametrize("cell, col", [("2025-13-03 08:15", "打卡时间"), ("外出", "打卡类型")])
def test_a_bad_cell_is_refused_by_file_row_column_and_value(tmp_path, cell, col):
    bad = PUNCHES.replace("2025-03-03 08:15,上班", "2025-13-03 08:15,上班" if col == "打卡时间" else "2025-03-03 08:15,外出")
    code, out = cli("records", "check", "--data", write(tmp_path, punches=bad))
    assert code == 3, out
    line = next(x for x in out.splitlines() if f"列 column {col}" in x)
    assert line.startswith("  第 2 行 row 2") and repr(cell) in line and "mapping.yaml" in line
    assert "打卡记录.csv" in out and "Traceback" not in out
    assert "打卡记录.csv" not in out.split("未被任何记录类型读取")[-1] or "未被任何记录类型读取" not in out


@pytest.mark.parametrize("section, said", [
    ("  punches: {file: 打卡记录.csv, staff: 员工编号, time: 打卡时间}\n", "员工编号"),
    ("  punches: {file: 没有这个.csv, staff: 工号, time: 打卡时间}\n", "没有这个.csv"),
    ("  punches: {file: 打卡记录.csv, time: 打卡时间}\n", "staff"),
    ("  punches: {file: 打卡记录.csv, staff: 工号, time: 打卡时间, types: {外出: somewhere}}\n", "外出"),
])
def test_a_wrong_punches_entry_is_refused_with_its_fix(tmp_path, section, said):
    m = MAPPING.split("  punches:")[0] + section
    code, out = cli("records", "check", "--data", write(tmp_path, mapping=m))
    assert code == 3, out
    assert said in out and "punches" in out and "Traceback" not in out


def test_punches_beside_a_clock_in_from_the_schedule_are_refused(tmp_path):
    m = MAPPING.replace("  combine:\n", "  combine:\n    arrived_at: {date: 日期, time: 班次, part: start}\n")
    code, out = cli("records", "check", "--data", write(tmp_path, mapping=m))
    assert code == 3 and "arrived_at" in out and "punches" in out, out


def test_punches_only_for_attendance(tmp_path):
    from windoweval.records.mapping import MappingError, parse_mapping

    with pytest.raises(MappingError, match="attendance"):
        parse_mapping({"work_orders": {"punches": {"file": "x.csv", "staff": "a", "time": "b"}}}, "m.yaml")


def test_records_map_proposes_the_punch_log_beside_a_schedule(tmp_path):
    import yaml

    d = write(tmp_path, mapping=None)
    code, out = cli("records", "map", d / "排班表.csv", "--kind", "attendance", "--data", d)
    assert code == 0, out
    section = yaml.safe_load(out)["attendance"]
    assert section["punches"] == {"file": "打卡记录.csv", "staff": "工号", "time": "打卡时间", "type": "打卡类型"}
    assert "arrived_at" not in out.split("未找到的约定列")[-1] if "未找到的约定列" in out else True
    # the proposal, kept as it is, reads the week as the hand-written mapping does
    (d / "mapping.yaml").write_text(out, encoding="utf-8")
    assert shifts(d) == shifts(write(tmp_path / "by_hand"))


def test_a_schedule_read_with_punches_is_not_imported_alone(tmp_path):
    d = write(tmp_path)
    code, out = cli("records", "import", "attendance", d / "排班表.csv", "--data", d)
    assert code == 3, out
    assert "punches" in out and out.index("不能单独导入") < out.index("cannot be imported alone")
    assert not (d / "attendance").exists()


def test_records_map_of_the_punch_log_alone_says_it_is_one(tmp_path):
    d = write(tmp_path, mapping=None)
    code, out = cli("records", "map", d / "打卡记录.csv", "--kind", "attendance", "--data", d)
    assert code == 0, out
    assert "这像是原始打卡记录" in out and "punches" in out
