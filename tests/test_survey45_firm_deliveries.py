"""survey45: deliveries written as a third-party survey firm writes them (never having seen windoweval), each read
right or refused with the row, column, value and fix.  What was wrong:

1. a question the firm did not ask, its column delivered blank, gave one warning per respondent (2,000 identical
   lines in a real delivery, the column's point lost among them): now one warning for the column, the respondents'
   other blank items still said row by row;
2. a weight column named ``final_wt`` (a firm's usual name) was refused as "required column 'weight' is missing"
   beside "unknown column 'final_wt'", the fix never joining the two: the header is now matched against the weight's
   accepted names too (final_weight, wt ...), and the message asks to rename it.

Read right already (pinned here): Excel with a title row, CSV in GBK, SPSS .sav with value labels, answers written
as labels (非常满意), respondents with every answer blank (refused, named), window ids with spaces around them."""
import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02", "PW03"], n_per_window=10, seed=11,
                                  careless_share=0).astype(object)


def test_a_question_not_asked_is_said_once_for_its_column(base, tmp_path, capsys):
    b = base.copy()
    b["conv3"] = ""
    b.loc[4, "env2"] = ""                               # one respondent's own blank: still said on its row
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False)
    w = chk.problems[chk.problems.severity == "warning"]
    col = w[w.code == "blank_column"]
    assert len(col) == 1 and col.column.item() == "conv3" and pd.isna(col.row.item())
    assert "每一行都是空白" in col.problem_zh.item() and "blank in every row" in col.problem_en.item()
    assert "30" in col.problem_zh.item() and col.fix_zh.item() and col.fix_en.item()
    rows = w[w.code == "blank_answer"]
    assert len(rows) == 1 and rows.value.item() == "env2"          # before: 30 warnings, each naming conv3
    assert len(chk.valid) == 30                                      # every respondent counted
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr()
    assert rc == 0 and "Traceback" not in out.err                      # warnings only: exit 0
    assert sum("conv3" in line for line in out.out.splitlines()) == 1


def test_a_weight_column_under_a_firms_name_is_refused_with_the_rename(base, tmp_path):
    p = tmp_path / "d.csv"
    base.rename(columns={"weight": "final_wt"}).to_csv(p, index=False)
    e = parse_delivery(p, INS, year=2025, screen=False).problems
    m = e[e.code == "misspelled_column"]
    assert len(m) == 1 and m.column.item() == "weight" and m.value.item() == "final_wt"     # before: missing_column
    # the rename is the fix (survey47b: it was in the problem text, the fix fields empty)
    assert "改名为 'weight'" in m.fix_zh.item() and "to 'weight'" in m.fix_en.item() and "'final_wt'" in m.fix_en.item()
    assert not (e.code == "unknown_column").any()


@pytest.mark.parametrize("kind", ["title_xlsx", "gbk_csv", "sav", "words", "spaces"])
def test_what_a_firm_writes_is_read_right(base, tmp_path, kind):
    b = base.copy()
    items = list(INS.coded_columns)
    if kind == "title_xlsx":
        import openpyxl

        p = tmp_path / "d.xlsx"
        with pd.ExcelWriter(p) as w:
            b.to_excel(w, index=False, startrow=2)
        wb = openpyxl.load_workbook(p)
        wb.active["A1"] = "2025年度供电营业厅客户满意度调查数据（某调查公司）"
        wb.active.merge_cells("A1:H1")
        wb.save(p)
    elif kind == "gbk_csv":
        p = tmp_path / "d.csv"
        b.to_csv(p, index=False, encoding="gbk")
    elif kind == "sav":
        pyreadstat = pytest.importorskip("pyreadstat")
        p = tmp_path / "d.sav"
        s = b.copy()
        for c in items + ["weight", "duration_s"]:
            s[c] = pd.to_numeric(s[c])
        labels = {c: {k: zh for k, (zh, _) in INS.label_sets[INS.question(c).labels].items()} for c in items}
        pyreadstat.write_sav(s, str(p), variable_value_labels=labels)
    elif kind == "words":
        p = tmp_path / "d.csv"
        for c in items:
            own = {k: zh for k, (zh, _) in INS.label_sets[INS.question(c).labels].items()}
            b[c] = pd.to_numeric(b[c]).map(own).fillna("")
        b.to_csv(p, index=False)
    else:
        p = tmp_path / "d.csv"
        b.loc[0, "window_id"] = f" {b.loc[0, 'window_id']} "
        b.loc[1, "window_id"] = f"{b.loc[1, 'window_id']}\u3000"
        b.to_csv(p, index=False)
    chk = parse_delivery(p, INS, year=2025, screen=False, windows={"PW01", "PW02", "PW03"})
    assert not (chk.problems.severity == "error").any(), chk.problems[["row", "column", "code", "problem_en"]]
    v = chk.valid.sort_values("respondent_id").reset_index(drop=True)
    want = base.sort_values("respondent_id").reset_index(drop=True)
    assert len(v) == len(want) == 30
    assert v.window_id.tolist() == want.window_id.tolist()
    for c in items:
        got = pd.to_numeric(v[c], errors="coerce").to_numpy(dtype=float)
        exp = pd.to_numeric(want[c], errors="coerce").to_numpy(dtype=float)
        exp = np.where(np.isin(exp, list(INS.missing_codes)), np.nan, exp) if kind == "words" else exp
        got = np.where(np.isin(got, list(INS.missing_codes)), np.nan, got) if kind == "words" else got
        np.testing.assert_array_equal(got, exp, err_msg=c)


def test_a_label_of_the_other_scale_says_its_fix_once(base, tmp_path):
    """非常满意 on an agree/disagree item (staff3): the problem said "请按问卷中本题的选项填写数字代码" and the fix beside it
    "请按问卷中本题的选项填写数字代码或本题选项的标签": the same instruction twice on one line."""
    b = base.copy()
    b.loc[0, "staff3"] = "非常满意"
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False)
    e = parse_delivery(p, INS, year=2025, screen=False).errors
    m = e[e.code == "label_of_other_scale"]
    assert len(m) == 1 and m.column.item() == "staff3" and m.value.item() == "非常满意"
    assert "填写数字代码" not in m.problem_zh.item() and "填写数字代码" in m.fix_zh.item()
    assert "numeric code" not in m.problem_en.item() and "numeric code" in m.fix_en.item()
