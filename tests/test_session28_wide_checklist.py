"""An inspection checklist exported wide (session 28): one row per visit, one column per item (佩戴工牌, 在岗在位 …),
as inspection forms and survey tools write them.  The contract wants one row per (visit, item); before, the export
had to be reshaped by hand.  Now `wide` in mapping.yaml names the item columns and the codes they stand for: each
filled cell is a record (its row the visit's row in the file), a blank cell is no record (not checked) and is
counted where `records check` shows it; a header `wide` names that is not in the file is refused.
"""
from tests._workspace import ROOT, run_cli, write_workspace
import pytest

from windoweval.records import read_records
from windoweval.records.mapping import MappingError, parse_section

EXPORT = ("检查编号,窗口,检查时间,方式,佩戴工牌,在岗在位,三声服务,备注\n"
          "V1,综合窗口,2025-03-10 10:00,现场检查,是,是,否,\n"
          "V2,综合窗口,2025-04-10 10:00,暗访,是,,是,第二项未查\n")
WINDOWS = (("G01", "综合窗口", "service_hall"),)
MAPPING = """inspections:
  file: 检查表.csv
  columns: {检查编号: visit_id, 窗口: window_id, 检查时间: visited_at, 方式: method}
  wide:
    item: item
    value: result
    headers: {佩戴工牌: badge_worn, 在岗在位: at_post_on_task, 三声服务: three_greetings}
  values:
    window_id: {综合窗口: G01}
    method: {现场检查: inspection, 暗访: mystery_shopper}
    result: {是: pass, 否: fail}
"""


def _dir(tmp_path, mapping=MAPPING, export=EXPORT):
    write_workspace(tmp_path, WINDOWS, name="x")
    (tmp_path / "检查表.csv").write_text(export, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return tmp_path


def _run(*args):
    return run_cli(*args, cwd=ROOT)


def test_one_record_per_filled_cell(tmp_path):
    df = read_records("inspections", _dir(tmp_path))
    assert list(zip(df["visit_id"], df["item"], df["result"])) == [
        ("V1", "badge_worn", "pass"), ("V1", "at_post_on_task", "pass"), ("V1", "three_greetings", "fail"),
        ("V2", "badge_worn", "pass"), ("V2", "three_greetings", "pass")]
    assert df["method"].tolist() == ["inspection"] * 3 + ["mystery_shopper"] * 2
    assert df["note"].fillna("").tolist() == ["", "", "", "第二项未查", "第二项未查"]


def test_check_counts_cells_and_blanks(tmp_path):
    p = _run("records", "check", "--data", str(_dir(tmp_path)))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "在岗在位=(空白 blank) (1" in p.stdout and "2 行 × 3 个检查项 = 6 格" in p.stdout
    assert "佩戴工牌 → item=badge_worn → result" in p.stdout


def test_scored_from_the_wide_export(tmp_path):
    d = _dir(tmp_path)
    p = _run("score", "--standard", "window_staff", "--year", "2025", "--data", str(d), "--out", str(d / "out"))
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    import pandas as pd
    r = pd.read_csv(d / "out" / "window_staff_results.csv")
    three = r[r["measure"] == "window_staff.3.2"].iloc[0]
    assert (three["n"], three["met"], three["verdict"]) == (2, 1, "fail")


def test_bad_cell_names_its_row(tmp_path):
    d = _dir(tmp_path, export=EXPORT.replace("V1,综合窗口,2025-03-10 10:00,现场检查,是,是,否",
                                             "V1,综合窗口,2025-03-10 10:00,现场检查,是,是的,否"))
    p = _run("records", "check", "--data", str(d))
    assert p.returncode == 3
    assert "第 2 行 row 2" in p.stdout + p.stderr and "是的" in p.stdout + p.stderr


def test_missing_wide_header_is_refused(tmp_path):
    d = _dir(tmp_path, mapping=MAPPING.replace("三声服务: three_greetings", "三声: three_greetings"))
    p = _run("records", "check", "--data", str(d))
    assert p.returncode == 3 and "三声" in p.stdout + p.stderr and "Traceback" not in p.stdout + p.stderr


@pytest.mark.parametrize("wide", ["{item: item, value: result}", "{item: item, value: item, headers: {a: b}}",
                                  "{item: nope, value: result, headers: {a: b}}"])
def test_bad_wide_is_refused(wide):
    with pytest.raises(MappingError):
        parse_section("inspections", __import__("yaml").safe_load(f"wide: {wide}"), "mapping.yaml")


def test_map_proposes_wide(tmp_path):
    """`records map` sees the 是/否 columns as a checklist's items: a `wide` section, each header with the item code its
    words name (挂牌上岗) or TODO (佩戴工牌: no item's name holds it; never a guess), the cells' results and the methods."""
    d = _dir(tmp_path, export=EXPORT.replace("佩戴工牌,在岗在位", "挂牌上岗,在岗在位"))
    (d / "mapping.yaml").unlink()
    p = _run("records", "map", str(d / "检查表.csv"), "--kind", "inspections", "--data", str(d))
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "  wide:" in out and "    item: item" in out and "    value: result" in out
    assert '"挂牌上岗": badge_worn' in out and '"在岗在位": TODO' in out
    assert '"是": pass' in out and '"否": fail' in out
    assert '"暗访": mystery_shopper' in out and '"现场检查": inspection' in out
    assert "item(必填 required)" not in out and "ignore" not in out.split("wide:")[1].split("values:")[0]
    # the proposal as written (its TODO left) is refused, naming the header: never a record of item "TODO"
    (d / "mapping.yaml").write_text(out, encoding="utf-8")
    p = _run("records", "check", "--data", str(d))
    assert p.returncode == 3 and "在岗在位" in p.stderr and "checklist_items" in p.stderr


def test_map_lists_no_personal_cell(tmp_path):
    """A phone number typed into a checklist cell (past the rows that decide the column is a checklist's) is counted in
    the proposal, never printed: the proposal is an output like any other."""
    rows = "".join(f"V{i},综合窗口,2025-03-10 10:00,现场检查,是,是,否,\n" for i in range(3, 260))
    d = _dir(tmp_path, export=EXPORT + rows + "V999,综合窗口,2025-03-10 10:00,现场检查,是,13812345678,否,\n")
    (d / "mapping.yaml").unlink()
    p = _run("records", "map", str(d / "检查表.csv"), "--kind", "inspections", "--data", str(d))
    assert p.returncode == 0, p.stderr
    assert "  wide:" in p.stdout and "13812345678" not in p.stdout
