"""survey38: a workbook coded reversed (1 = 非常满意) declares it on its codes sheet, found by the template's name
only (代码 codes, 代码, codes).  A firm that named the sheet as it names its own codebooks (代码表, 编码表, codebook,
变量值标签) -- or kept only code and label columns (代码 | 标签) -- had the sheet listed as "ignored" and every answer
read the instrument's way: the satisfied counted dissatisfied, with no error and no warning.  A sheet of another
name is now taken as the codes sheet when its rows are one (the template's columns, or codes of the scale each
beside one of the instrument's labels): mirrored, the answers are recoded with the scale_reversed warning naming it;
as the instrument's, nothing changes; contradicting the scale, the file is refused, as the named sheet is."""
from __future__ import annotations

import openpyxl
import pytest

from windoweval.survey.delivery import DeliveryError, parse_delivery
from windoweval.survey.template import CODES_SHEET, DATA_SHEET

from test_records23_reversed_codebook import INS, _delivery

SAT = INS.label_sets["satisfaction"]
LO, HI = INS.scale_min, INS.scale_max


def _book(tmp_path, sheet: str, rows: list):
    """The template filled with answers 1, 2, 5, 9 in every coded column, its codes sheet replaced by ``rows`` in a
    sheet named ``sheet``."""
    path = _delivery(tmp_path, [1, 2, 5, 9])
    wb = openpyxl.load_workbook(path)
    del wb[CODES_SHEET]
    ws = wb.create_sheet(sheet)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _template_rows(mirror: bool):
    return [["标签组", "代码", "中文", "English"]] + [
        ["satisfaction", k, *SAT[LO + HI - k if mirror else k]] for k in range(LO, HI + 1)]


def _plain_rows(mirror: bool):
    return [["代码", "标签"]] + [[k, SAT[LO + HI - k if mirror else k][0]] for k in range(LO, HI + 1)]


@pytest.mark.parametrize("sheet", ["代码表", "编码表", "codebook", "变量值标签"])
@pytest.mark.parametrize("rows", [_template_rows, _plain_rows])
def test_a_codebook_under_another_name_declares_the_reversal(tmp_path, sheet, rows):
    checked = parse_delivery(_book(tmp_path, sheet, rows(True)), INS, year=2025)
    assert checked.responses["overall"].tolist() == [5, 4, 1, 9]          # before: [1, 2, 5, 9], nothing said
    w = checked.problems[checked.problems.code == "scale_reversed"]
    assert len(w) == 1 and sheet in w.problem_zh.item() and sheet in w.problem_en.item()
    agree = [c for c in INS.coded_columns if INS.question(c).labels == "agreement"]
    assert all(checked.responses[c].tolist() == [1, 2, 5, 9] for c in agree)   # a set not listed: as coded


@pytest.mark.parametrize("rows", [_template_rows, _plain_rows])
def test_a_codebook_the_instruments_way_changes_nothing(tmp_path, rows):
    checked = parse_delivery(_book(tmp_path, "代码表", rows(False)), INS, year=2025)
    assert checked.responses["overall"].tolist() == [1, 2, 5, 9]
    assert "scale_reversed" not in set(checked.problems.code)


def test_a_codebook_contradicting_the_scale_is_refused(tmp_path):
    rows = _plain_rows(False)
    rows[1][1], rows[2][1] = rows[2][1], rows[1][1]                       # 1 = 不满意, 2 = 非常不满意
    with pytest.raises(DeliveryError) as e:
        parse_delivery(_book(tmp_path, "代码表", rows), INS, year=2025)
    msg = str(e.value)
    assert "代码表" in msg and "satisfaction" in msg and msg.index("镜像") < msg.index("mirror")


def test_a_sheet_of_notes_is_no_codebook(tmp_path):
    rows = [["说明"], ["本次调查共访问 4 人"], ["满意度按 1–5 分记录，5 = 非常满意"], [1, "城东营业厅"]]
    checked = parse_delivery(_book(tmp_path, "备注", rows), INS, year=2025)
    assert checked.responses["overall"].tolist() == [1, 2, 5, 9]
    assert "scale_reversed" not in set(checked.problems.code)


@pytest.mark.parametrize("mirror,want", [(False, [1, 2, 5, 9]), (True, [5, 4, 1, 9])])
def test_the_missing_code_listed_under_a_set_is_no_contradiction(tmp_path, mirror, want):
    """Before: a codes sheet listing its missing code under the scale's set (satisfaction | 9 | 不清楚), as a firm's
    codebook does, refused the file: "code 9 ... is neither the instrument's label of code 9 nor that of its mirror
    image -3"."""
    rows = _template_rows(mirror) + [["satisfaction", 9, "不清楚", "Don't know"]]
    checked = parse_delivery(_book(tmp_path, CODES_SHEET, rows), INS, year=2025)
    assert checked.responses["overall"].tolist() == want
    assert ("scale_reversed" in set(checked.problems.code)) == mirror


def test_a_scale_label_on_the_missing_code_is_still_refused(tmp_path):
    rows = _template_rows(False) + [["satisfaction", 9, "非常满意", "Very satisfied"]]
    with pytest.raises(DeliveryError):
        parse_delivery(_book(tmp_path, CODES_SHEET, rows), INS, year=2025)


def test_survey_check_lists_the_codebook_as_read(tmp_path, capsys):
    """Before: the sheet whose labels turned every answer was listed "未读取 ignored: not a data sheet"."""
    from windoweval.cli import main

    path = _book(tmp_path, "代码表", _template_rows(True))
    assert main(["survey", "check", str(path), "--instrument", "power_hall", "--year", "2025"]) in (0, 1)
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "「代码表」" in ln)
    assert "已读作代码表" in line and "satisfaction" in line and "未读取" not in line
