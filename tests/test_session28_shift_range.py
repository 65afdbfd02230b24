"""A clock system's attendance export, as a government service hall's HR system writes it (session 28).

The shift is one cell, a time range (班次 09:00-17:00), beside the day (考勤日期) and the two punches.  Before, the
mapping could not take a range apart (the export had to be reshaped by hand) and `records map` proposed 班次 as
shift_end.  Now `combine` takes the range's start or end (`part: start|end`; an overnight 22:00-06:00 with `after`);
a cell that is no range is refused with row, value and fix; `records map` proposes both entries.  An early clock-in
reads "提前 8 分钟 / 8 min early" in the people's CSV, never "-8" (which the export had to prefix with ').
"""
from tests._workspace import ROOT, run_cli, write_workspace
import pandas as pd

from windoweval.records import read_records

EXPORT = ("姓名,工号,部门,考勤日期,班次,上班打卡,下班打卡\n"
          "张三,S01,综合窗口,2025-03-03,09:00-17:00,08:52,17:05\n"
          "张三,S01,综合窗口,2025-03-04,09:00-17:00,09:12,17:01\n"
          "李四,S02,综合窗口,2025-03-03,09:00~17:00,08:40,16:30\n"
          "王五,S03,综合窗口,2025-03-03,22:00-06:00,21:45,06:10\n")
WINDOWS = (("G01", "综合窗口", "service_hall"),)
MAPPING = """attendance:
  file: "考勤明细.csv"
  columns: {"工号": staff_id, "部门": window_id}
  combine:
    shift_start: {date: "考勤日期", time: "班次", part: start}
    shift_end: {date: "考勤日期", time: "班次", part: end, after: shift_start}
    arrived_at: {date: "考勤日期", time: "上班打卡"}
    left_at: {date: "考勤日期", time: "下班打卡", after: arrived_at}
  values:
    window_id: {"综合窗口": "G01"}
  ignore: ["姓名"]
"""


def _dir(tmp_path, export=EXPORT, mapping=MAPPING):
    write_workspace(tmp_path, WINDOWS, name="x")
    (tmp_path / "考勤明细.csv").write_text(export, encoding="utf-8")
    if mapping is not None:
        (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return tmp_path


def _run(*args):
    return run_cli(*args, cwd=ROOT)


def test_range_start_and_end(tmp_path):
    df = read_records("attendance", _dir(tmp_path))
    assert df["shift_start"].astype(str).tolist() == ["2025-03-03 09:00:00", "2025-03-04 09:00:00",
                                                      "2025-03-03 09:00:00", "2025-03-03 22:00:00"]
    # the night shift ends the next morning (after: shift_start)
    assert df["shift_end"].astype(str).tolist() == ["2025-03-03 17:00:00", "2025-03-04 17:00:00",
                                                    "2025-03-03 17:00:00", "2025-03-04 06:00:00"]


def test_cell_without_range_is_refused(tmp_path):
    d = _dir(tmp_path, EXPORT.replace("09:00~17:00", "早班"))
    p = _run("records", "check", "--data", str(d))
    assert p.returncode == 3, p.stdout + p.stderr
    text = p.stdout + p.stderr
    assert "早班" in text and "09:00-17:00" in text and "Traceback" not in text


def test_bad_part_is_refused(tmp_path):
    d = _dir(tmp_path, mapping=MAPPING.replace("part: start", "part: begin"))
    p = _run("records", "check", "--data", str(d))
    assert p.returncode == 3 and "part" in p.stderr and "start" in p.stderr


def test_map_proposes_the_range(tmp_path):
    d = _dir(tmp_path, mapping=None)
    p = _run("records", "map", str(d / "考勤明细.csv"), "--kind", "attendance", "--data", str(d))
    assert p.returncode == 0, p.stderr
    assert 'shift_start: {date: "考勤日期", time: "班次", part: start}' in p.stdout
    assert 'shift_end: {date: "考勤日期", time: "班次", part: end, after: shift_start}' in p.stdout
    assert '"班次": shift_end' not in p.stdout


def test_early_clock_in_reads_early(tmp_path):
    d = _dir(tmp_path)
    p = _run("score", "--standard", "window_staff", "--year", "2025", "--data", str(d), "--out", str(d / "out"))
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    t = pd.read_csv(d / "out" / "window_staff_missed.csv", dtype=str, keep_default_na=False)
    early = t[(t["measure"] == "window_staff.1.1") & t["record"].str.startswith("staff_id=S01; shift_start=2025-03-03")]
    assert early["elapsed"].tolist() == ["提前 8 分钟 / 8 min early"]
    assert not t["elapsed"].str.startswith("'").any()
