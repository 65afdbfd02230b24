"""A wide checklist's bad cell (probe29): named by the export's own item header (在岗在位, the column the user sees),
with the visit's row, the value and the fix; before, the problem named the contract column `result`, which is no
column of the file, and a row holding three items did not say which one.  An XLSX whose item headers sit under a
merged two-row header (检查项目 merged over them) is read as the one-row export is."""
import openpyxl

from tests._workspace import ROOT, run_cli
from tests.test_session28_wide_checklist import EXPORT, _dir


def _check(d):
    p = run_cli("records", "check", "--data", str(d), cwd=ROOT)
    return p.returncode, p.stdout + p.stderr


def test_bad_cell_names_its_item_header(tmp_path):
    d = _dir(tmp_path, export=EXPORT.replace("V1,综合窗口,2025-03-10 10:00,现场检查,是,是,否",
                                             "V1,综合窗口,2025-03-10 10:00,现场检查,是,是的,否"))
    rc, out = _check(d)
    assert rc == 3 and "Traceback" not in out
    line = next(x for x in out.splitlines() if "是的" in x)
    assert "第 2 行 row 2" in line and "列 column 在岗在位" in line and "列 column result" not in line
    assert "at_post_on_task" in line and "inspections.values.result" in line and "`这种写法: 取值`" in line and line.count("是的") == 1
    assert line.index("请在文件中改正") < line.index(" / ")   # Chinese first


def test_same_bad_text_under_two_items_names_both(tmp_path):
    d = _dir(tmp_path, export=EXPORT.replace("V2,综合窗口,2025-04-10 10:00,暗访,是,,是",
                                             "V2,综合窗口,2025-04-10 10:00,暗访,X,,X"))
    rc, out = _check(d)
    lines = [x for x in out.splitlines() if "'X'" in x]
    assert rc == 3 and len(lines) == 2
    assert "列 column 佩戴工牌" in lines[0] and "列 column 三声服务" in lines[1]
    assert all("第 3 行 row 3" in x for x in lines)


def _merged_xlsx(d, bad=None):
    (d / "检查表.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["检查编号", "窗口", "检查时间", "方式", "检查项目", None, None, "备注"])
    ws.append([None, None, None, None, "佩戴工牌", "在岗在位", "三声服务", None])
    ws.append(["V1", "综合窗口", "2025-03-10 10:00", "现场检查", "是", "是", "否", None])
    ws.append(["V2", "综合窗口", "2025-04-10 10:00", "暗访", "是", bad, "是", "第二项未查"])
    for c in "ABCDH":
        ws.merge_cells(f"{c}1:{c}2")
    ws.merge_cells("E1:G1")
    wb.save(d / "检查表.xlsx")
    m = d / "mapping.yaml"
    m.write_text(m.read_text(encoding="utf-8").replace("检查表.csv", "检查表.xlsx"), encoding="utf-8")
    return d


def test_items_under_a_merged_two_row_header(tmp_path):
    rc, out = _check(_merged_xlsx(_dir(tmp_path)))
    assert rc == 0, out
    assert "2 行 × 3 个检查项 = 6 格" in out and "记录 / records 5" in out
    rc, out = _check(_merged_xlsx(_dir(tmp_path / "b"), bad="是的"))
    line = next(x for x in out.splitlines() if "是的" in x)
    assert rc == 3 and "第 4 行 row 4" in line and "列 column 在岗在位" in line


def test_mixed_zones_counted_by_visits_not_items(tmp_path):
    """One visit's time with a zone, another's without: "1 with a zone and 1 without", as the file has them; before,
    each of a visit's items counted again (3 and 2)."""
    d = _dir(tmp_path, export=EXPORT.replace("2025-03-10 10:00", "2025-03-10T10:00:00+08:00"))
    rc, out = _check(d)
    assert rc == 3 and "Traceback" not in out
    assert "同一列中有 1 个带时区的时间和 1 个不带时区的时间" in out and "mixes 1 times with a zone and 1 without" in out


def test_a_wide_header_not_in_the_file_names_the_closest(tmp_path):
    """A wide header written with its group before it (检查项目/佩戴工牌, as the merged two-row header shows it) is
    refused naming the file's header to write instead; before, only "not in the file"."""
    d = _merged_xlsx(_dir(tmp_path))
    m = d / "mapping.yaml"
    m.write_text(m.read_text(encoding="utf-8").replace("佩戴工牌: badge_worn", "检查项目/佩戴工牌: badge_worn"),
                 encoding="utf-8")
    rc, out = _check(d)
    assert rc == 3 and "Traceback" not in out
    assert "文件中最接近的表头:佩戴工牌" in out and "the closest headers in the file: 佩戴工牌" in out
