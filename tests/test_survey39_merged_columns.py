"""survey39, as a firm: cells merged across columns that are not all questions (session 38 read an answer merged
across questions into each; other ranges were left as the reader gives them: the first cell, the others blank).

- 窗口编号 beside the firm's own 网点名称 column, one cell merged over both with the window in the first (网点)
  cell: window_id was read blank and the respondent refused as "required value window_id is empty", the merge never
  named.  The merge clearly belongs to the one delivery column: read into it, with a warning naming the range.
- a value merged over two or more delivery columns (a window over the date and the stratum): which column it is
  cannot be told; the row is refused, the range, its columns and the fix named (before: "interview_date is empty").
- a month's title merged across the whole table between respondents: refused as a title row, naming the range.
- a header cell merged across two columns (窗口 over B1:C1, C holding values): "column 3 has no header" now names
  the merged header cell and the fix."""
from pathlib import Path

import openpyxl
import pandas as pd

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")

def _book(tmp_path, df: pd.DataFrame, merges: list[tuple[str, object]], header=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(header or list(df.columns))
    for _, r in df.iterrows():
        ws.append([int(r[c]) if c in INS.coded_columns and r[c] != "" else r[c] for c in df.columns])
    for rng, value in merges:
        for row in ws[rng]:
            for cell in row:
                cell.value = None
        ws[rng.split(":")[0]].value = value
        ws.merge_cells(rng)
    p = tmp_path / "交付.xlsx"
    wb.save(p)
    return D.parse_delivery(p, INS, year=2025, screen=False)

def _clean() -> pd.DataFrame:
    return pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)

def test_a_window_merged_over_the_firms_own_column_is_read_into_window_id(tmp_path):
    df = _clean()
    df.insert(1, "网点名称", "城东")                                       # B: the firm's own, C: window_id
    checked = _book(tmp_path, df, [("B2:C2", "PW01"), ("B3:C4", "PW02")])
    assert checked.rejected_rows == []                                   # before: [2, 3, 4] window_id is empty
    assert checked.responses.window_id.tolist()[:3] == ["PW01", "PW02", "PW02"]
    w = checked.problems[checked.problems.code == "merged_across"]
    assert len(w) == 1 and "B2:C2 window_id" in w.value.item() and "B3:C4 window_id" in w.value.item()
    assert "网点" not in checked.responses.columns

def test_a_value_merged_over_two_delivery_columns_refuses_the_row_naming_the_range(tmp_path):
    checked = _book(tmp_path, _clean(), [("B2:D2", "PW01")])             # window_id, interview_date, stratum
    assert checked.rejected_rows == [2]
    e = checked.problems[checked.problems.code == "merged_across_columns"]
    assert len(e) == 1 and e.row.item() == 2 and e.severity.item() == "error"    # before: no word of the merge
    assert e.value.item() == "B2:D2 PW01" and e.column.item() == "window_id,interview_date,stratum"
    assert "B2:D2" in e.problem_zh.item() and "B2:D2" in e.problem_en.item()
    assert "取消" in e.fix_zh.item() and "unmerge" in e.fix_en.item()

def test_a_month_title_merged_across_the_table_is_a_separator_row(tmp_path):
    # survey39 refused it as a merged title row; left40 made a month's heading between the rows (二月份 alone in its
    # first cell) a separator row, skipped with a warning, and a merged one is the same heading (session 40: the
    # two rules met in the merge; the separator's reading kept, one rule for one thing)
    df = _clean()
    df = pd.concat([df.iloc[:5], pd.DataFrame([{c: "" for c in df.columns}]), df.iloc[5:]], ignore_index=True)
    last = openpyxl.utils.get_column_letter(len(df.columns))
    checked = _book(tmp_path, df, [(f"A7:{last}7", "二月份")])
    e = checked.problems[checked.problems.row == 7]
    assert e.code.tolist() == ["separator_row"] and e.severity.tolist() == ["warning"]   # before survey39: none
    assert e.value.item() == "二月份"
    assert checked.rejected_rows == [] and len(checked.valid) == 12

def test_a_header_merged_across_two_columns_names_the_merge(tmp_path):
    df = _clean()
    df.insert(2, "网点", "城东")
    header = list(df.columns)
    header[1], header[2] = "窗口", None
    checked = _book(tmp_path, df, [("B1:C1", "窗口")], header=header)
    e = checked.problems[checked.problems.code == "missing_header"]
    assert len(e) == 1 and e.value.item() == "B1:C1 窗口"                 # before: '' (column 3 has no header)
    assert "B1:C1" in e.problem_zh.item() and "merged across columns 2-3" in e.problem_en.item()
    assert "取消表头的合并" in e.fix_zh.item()


def test_a_value_merged_over_two_optional_columns_is_a_warning_the_respondent_kept(tmp_path):
    df = _clean()
    col = openpyxl.utils.get_column_letter(list(df.columns).index("duration_s") + 1)
    end = openpyxl.utils.get_column_letter(list(df.columns).index("comment") + 1)
    checked = _book(tmp_path, df, [(f"{col}2:{end}2", 300)])           # duration_s and comment
    assert checked.rejected_rows == [] and checked.responses.duration_s.iloc[0] == 300
    w = checked.problems[checked.problems.code == "merged_across_columns"]
    assert len(w) == 1 and w.severity.item() == "warning" and "optional" in w.problem_en.item()
