"""survey47, a workbook's logical cells (TRUE/FALSE: a checkbox, ``=B2>3``) outside the answer columns.

1. small46 refused a logical cell in an answer column cell by cell; in the design's columns it was not: a stratum
   or PSU written FALSE/TRUE was read as a stratum or PSU named so (a stratum 'FALSE' with a single PSU), a weight
   TRUE was a plain "not a number" saying nothing of why. Each is now refused by cell as what it is (``logical_value``:
   file, sheet, row, column, value and the fix), the row refused, never a weight of 1 or a stratum 'FALSE', and not
   said again as a missing value.
2. A logical value merged over several rows (TRUE merged down over three respondents' env1, over two weights, FALSE
   over two strata): the first cell was refused as logical, the others read as the text TRUE (the answer refused as
   non-numeric with the whole row, the stratum read as 'FALSE'). Every cell of the range is now that logical value.
"""
import numpy as np
import openpyxl
import pytest
import yaml

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

from _nps import INS, RAW  # the NPS instrument, shared


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02"], n_per_window=6, seed=147,
                               careless_share=0)
    b["recommend"] = 7
    return b


def _book(b, path, cells=(), merges=()):
    """One sheet 数据; ``cells``: (frame row, column, value) written over; ``merges``: (column, first frame row, last
    frame row, value) merged down, the value in the range's first cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    cols = list(b.columns)
    ws.append(cols)
    for _, r in b.iterrows():
        ws.append([int(r[c]) if c in INS.coded_columns else r[c] for c in cols])
    for i, c, v in cells:
        ws.cell(i + 2, cols.index(c) + 1).value = v
    for c, i0, i1, v in merges:
        j = cols.index(c) + 1
        for i in range(i0, i1 + 1):
            ws.cell(i + 2, j).value = None
        ws.cell(i0 + 2, j).value = v
        ws.merge_cells(start_row=i0 + 2, start_column=j, end_row=i1 + 2, end_column=j)
    wb.save(path)
    return path


def test_a_logical_cell_in_a_design_column_refuses_its_row_by_cell(base, tmp_path):
    p = _book(base, tmp_path / "d.xlsx", [(1, "weight", True), (2, "stratum", False), (3, "psu", True),
                                          (4, "interview_date", True), (5, "window_id", False)])
    chk = parse_delivery(p, INS, year=2025, screen=False)
    e = chk.errors.set_index("column")
    assert set(e.index) == {"weight", "stratum", "psu", "interview_date", "window_id"}
    assert (e.code == "logical_value").all()     # before: weight non_numeric; the others read as written
    assert e.loc["weight", "row"] == 3 and e.loc["weight", "value"] == "TRUE"
    assert e.loc["stratum", "row"] == 4 and e.loc["stratum", "value"] == "FALSE"
    assert e["file"].eq("d.xlsx").all()
    zh, en = e.loc["weight", "problem_zh"], e.loc["weight", "problem_en"]
    assert "工作表「数据」" in zh and "逻辑值 TRUE" in zh and "本行被拒" in zh
    assert "sheet '数据'" in en and "logical value, TRUE" in en and "the row is refused" in en
    assert "大于 0" in e.loc["weight", "fix_zh"] and "above 0" in e.loc["weight", "fix_en"]
    assert "选择性粘贴为数值" in e.loc["psu", "fix_zh"] and "paste it as values" in e.loc["psu", "fix_en"]
    # the rows refused, the others kept; no stratum or PSU named TRUE/FALSE anywhere
    assert sorted(chk.valid["row"]) == [r for r in range(2, len(base) + 2) if r not in (3, 4, 5, 6, 7)]
    assert not chk.valid["stratum"].isin(["TRUE", "FALSE"]).any()
    assert not chk.valid["psu"].isin(["TRUE", "FALSE"]).any()
    # said once, as what it is: not again as a missing value, a non-number or a stratum of one PSU
    assert not chk.problems.code.isin(["missing_value", "non_numeric", "single_psu"]).any()


def test_survey_check_exits_1_naming_the_cell(base, tmp_path, capsys):
    p = _book(base, tmp_path / "d.xlsx", [(1, "weight", True)])
    ins = tmp_path / "nps.yaml"
    ins.write_text(yaml.safe_dump(RAW, allow_unicode=True), encoding="utf-8")
    assert main(["survey", "check", str(p), "--instrument", str(ins), "--year", "2025"]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "logical_value" in text or "逻辑值" in text
    assert "Traceback" not in text


def test_a_logical_value_merged_down_is_logical_in_every_row_it_spans(base, tmp_path):
    p = _book(base, tmp_path / "m.xlsx",
              merges=[("env1", 1, 3, True), ("weight", 5, 6, True), ("stratum", 7, 8, False)])
    chk = parse_delivery(p, INS, year=2025, screen=False)
    pr = chk.problems
    ans = pr[pr.code == "logical_answer"]
    assert sorted(ans.row) == [3, 4, 5] and ans.column.eq("env1").all()   # before: rows 4, 5 non_numeric errors
    assert (ans.severity == "warning").all()
    v = chk.valid.set_index("row")
    assert v.loc[[3, 4, 5], "env1"].isna().all()                          # the respondents kept, env1 missing
    assert v.loc[4, "env2"] == base.loc[2, "env2"]
    lv = pr[pr.code == "logical_value"]
    assert sorted(zip(lv.row, lv.column)) == [(7, "weight"), (8, "weight"), (9, "stratum"), (10, "stratum")]
    assert not chk.valid["stratum"].eq("FALSE").any()                     # before: row 10 in a stratum 'FALSE'
    assert not pr.code.isin(["non_numeric", "single_psu"]).any()


def test_a_logical_value_in_an_fpc_column_is_refused_naming_rows_and_values(base, tmp_path, capsys):
    b = base.assign(npsu=400)
    p = _book(b, tmp_path / "f.xlsx", merges=[("npsu", 2, 3, True)])
    ins = tmp_path / "nps.yaml"
    ins.write_text(yaml.safe_dump(RAW, allow_unicode=True), encoding="utf-8")
    rc = main(["survey", "estimate", str(p), "--instrument", str(ins), "--year", "2025", "--fpc", "npsu"])
    text = capsys.readouterr()
    text = text.out + text.err
    assert rc == 3 and "Traceback" not in text
    assert "npsu" in text and "4: 'TRUE'" in text and "5: 'TRUE'" in text   # both merged rows, never 1
