"""probe30: what `records check` and the refusals say of a wide checklist (a row per visit, a column per item, made
one record per item inside) counts the file's rows, never the long records (session 29 fixed "times with and without
a zone" so, via validate._rows_of): the headline, a drop's count (a 合计 row holding item counts is one row, not
three), the blank item cells (cells left unchecked, not "rows dropped by drop") and the rows × items = cells
reconciliation, the unknown windows (listed and refused), and a code a pick cannot place.  A file of one record per
row reads as before."""
from tests._workspace import run_cli, write_workspace

WINDOWS = (("PW01", "城东营业厅", "power_hall"),)
MAPPING = """inspections:
  columns: {方式: method}
  drop: {检查编号: [合计]}
  values:
    method: {暗访: mystery_shopper, 检查: inspection}
    result: {是: pass, 否: fail}
  wide:
    item: item
    value: result
    headers: {佩戴工牌: badge_worn, 在岗在位: at_post_on_task, 三声服务: three_greetings}
"""
HEAD = "检查编号,窗口编号,检查时间,方式,佩戴工牌,在岗在位,三声服务\n"
VISITS = ("V1,PW01,2025-03-05 10:00,暗访,是,是,否\nV2,PW09,2025-03-05 11:00,暗访,是,,否\n"
          "V3,PW09,2025-03-06 10:00,暗访,是,否,是\n")


def _check(tmp_path, body, mapping=MAPPING, **settings):
    d = write_workspace(tmp_path / "d", WINDOWS, **settings)
    (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    (d / "inspections.csv").write_text(HEAD + body, encoding="utf-8")
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    return p, p.stdout + p.stderr


def test_headline_drop_blanks_and_cells_count_the_files_rows(tmp_path):
    p, out = _check(tmp_path, VISITS + "合计,,,,3,2,2\n")
    assert p.returncode == 0, out
    assert "✓ inspections: 3 行 / rows, 8 条记录 / records" in out
    assert "检查编号=合计 (1 行 / rows)" in out          # the totals row once, not once per item
    assert "在岗在位=(空白 blank) (1 格 / cells)" in out and "rows dropped by mapping.yaml's drop: 在岗在位" not in out
    assert ("4 行 × 3 个检查项 = 12 格 / rows × items = cells: 记录 / records 8 + 空白格 / blank cells 1 + "
            "drop 去掉的行中的格 / cells of the rows dropped 3") in out
    assert "PW09: 2 行 / rows, 5 条记录 / records" in out
    assert "(2 行 / rows, 5 条记录 / records):" in out


def test_a_refused_unknown_window_names_its_rows_once(tmp_path):
    p, out = _check(tmp_path, VISITS, unknown_windows="refuse")
    assert p.returncode == 3, out
    assert "共 2 行、5 条记录,如第 3、4 行" in out and "2 rows, 5 records, e.g. rows 3, 4" in out


def test_a_code_a_pick_cannot_place_names_the_files_rows(tmp_path):
    mapping = MAPPING.replace("  drop: {检查编号: [合计]}\n",
                              "  pick:\n    visited_at: {by: 方式, cases: {暗访: 检查时间}}\n")
    p, out = _check(tmp_path, VISITS.replace("PW09", "PW01").replace("11:00,暗访", "11:00,巡查")
                    .replace("10:00,暗访,是,否", "10:00,巡查,是,否"), mapping=mapping)
    assert p.returncode == 3, out
    assert "(共 2 行,如第 3、4 行)" in out and "(2 rows, e.g. rows 3, 4)" in out


def test_a_long_file_reads_as_before(tmp_path):
    d = write_workspace(tmp_path / "d", WINDOWS, unknown_windows="refuse")
    (d / "inspections.csv").write_text(
        "检查编号,窗口编号,检查时间,方式,检查项,结果\nV1,PW01,2025-03-05 10:00,inspection,badge_worn,pass\n"
        "V1,PW09,2025-03-05 10:00,inspection,at_post_on_task,pass\n合计,,,,,\n", encoding="utf-8")
    (d / "mapping.yaml").write_text("inspections:\n  drop: {检查编号: [合计]}\n", encoding="utf-8")
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 3 and "共 1 条记录,如第 3 行" in out and "1 records, e.g. rows 3" in out, out
    (d / "windoweval.toml").write_text((d / "windoweval.toml").read_text().replace('unknown_windows = "refuse"\n', ""))
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 0 and "✓ inspections: 2 行 / rows (" in out and "检查编号=合计 (1 行 / rows)" in out, out
    assert "PW09: 1 条 / records" in out and "(1 条记录 / records):" in out, out
