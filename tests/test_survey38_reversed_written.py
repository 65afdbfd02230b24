"""survey38: a workbook whose codes sheet declares the satisfaction scale coded reversed (1 = 非常满意) had only its
bare codes recoded (1 -> 5).  The same codes written as the firm's system writes them were not:

* a score with its unit, ``1分`` (非常满意 in the firm's codebook), was read as 1, 非常不满意: a silent misreading (a
  points_read warning only), every satisfaction figure turned around;
* a code with its label, ``1(非常满意)``, true under the declared direction, was refused as "the code and the label
  disagree" (a valid answer refused), while ``1(非常不满意)``, which contradicts the codebook, was read as 1.

Now every written code of a mirrored column is read mirrored (min + max - v) the way a bare one is, the label then
checked against the mirrored code, and the scale_reversed warning counts them."""
from __future__ import annotations

import openpyxl

from windoweval.survey.delivery import parse_delivery, read_delivery
from windoweval.survey.template import DATA_SHEET

from test_records23_reversed_codebook import INS, _delivery


def _written(tmp_path, cells: list[str]):
    """The mirrored-codebook delivery with its overall answers written as ``cells``."""
    path = _delivery(tmp_path, [3] * len(cells), "mirrored")
    wb = openpyxl.load_workbook(path)
    ws = wb[DATA_SHEET]
    j = [c.value for c in ws[1]].index("overall") + 1
    for i, v in enumerate(cells):
        ws.cell(row=i + 2, column=j, value=v)
    wb.save(path)
    return path


def test_points_are_read_mirrored(tmp_path):
    checked = parse_delivery(_written(tmp_path, ["1分", "2 分", "5.0分", "9"]), INS, year=2025)
    assert checked.responses["overall"].tolist() == [5, 4, 1, 9]        # before: [1, 2, 5, 9]
    said = checked.problems[checked.problems.code == "points_read"]
    assert "「1分」读作代码 5" in " ".join(said.problem_zh) and "'1分'" in " ".join(said.problem_en)


def test_code_with_its_mirrored_label_is_read(tmp_path):
    checked = parse_delivery(_written(tmp_path, ["1(非常满意)", "2-满意", "非常不满意(5)", "3 一般"]), INS, year=2025)
    assert checked.responses["overall"].tolist() == [5, 4, 1, 3]        # before: refused (code_label_mismatch)
    assert "code_label_mismatch" not in set(checked.problems.code)
    said = " ".join(checked.problems.loc[checked.problems.code == "code_label_read", "problem_zh"])
    assert "「1(非常满意)」读作代码 5" in said


def test_code_against_the_codebook_is_refused_with_the_codebook_named(tmp_path):
    checked = parse_delivery(_written(tmp_path, ["1(非常不满意)", "5"]), INS, year=2025)
    bad = checked.problems[checked.problems.code == "code_label_mismatch"]
    assert bad["row"].tolist() == [2] and bad["value"].tolist() == ["1(非常不满意)"]   # before: read as 1, no word
    zh, en = bad.problem_zh.item(), bad.problem_en.item()
    assert "代码 codes" in zh and "反向" in zh and "代码 1 即问卷的代码 5" in zh
    assert "codes" in en and "reversed" in en and "code 1 is the instrument's code 5" in en
    assert checked.responses["overall"].tolist()[1] == 1                 # the bare 5: 非常不满意 in the codebook


def test_the_warning_counts_them(tmp_path):
    dl = read_delivery(_written(tmp_path, ["1分", "1(非常满意)", "5", "9"]), INS)
    w = [p for p in dl.problems if p["code"] == "scale_reversed"]
    assert len(w) == 1
    n_sat = sum(INS.question(c).labels == "satisfaction" for c in INS.coded_columns) - 1   # overall aside
    assert f"共改记 {n_sat * 4 + 3} 个答案" in w[0]["problem_zh"]         # before: the bare codes only (n_sat * 4 + 1)
