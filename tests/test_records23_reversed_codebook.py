"""records23: a delivery coded reversed (1 = 非常满意 … 5 = 非常不满意) whose codebook says so -- the template's
``代码 codes`` sheet with the satisfaction labels mirrored -- is read recoded (min + max - v, missing codes as they
are) with a warning naming the sheet; a codes sheet that is neither the instrument's nor its mirror is refused
with the fix; the template's own codes sheet changes nothing."""
from __future__ import annotations

import openpyxl
import pytest

from windoweval.errors import InputError
from windoweval.survey.delivery import DeliveryError, parse_delivery, read_delivery
from windoweval.survey.instrument import load_instrument
from windoweval.survey.template import CODES_SHEET, DATA_SHEET, write_template

INS = load_instrument("power_hall")


def _delivery(tmp_path, answers: list[int], codes: str = "as is"):
    """The template filled with one answer per respondent in every coded column, its codes sheet ``as is``,
    ``mirrored`` (the satisfaction set's labels swapped end for end) or ``moved`` (one label in another place)."""
    path = tmp_path / "d.xlsx"
    write_template("power_hall", path, year=2025)
    wb = openpyxl.load_workbook(path)
    ws = wb[DATA_SHEET]
    head = [c.value for c in ws[1]]
    for i, a in enumerate(answers):
        row = {"respondent_id": f"R{i:03d}", "window_id": "PW01", "interview_date": "2025-03-05"}
        row.update({c: a for c in INS.coded_columns})
        for j, h in enumerate(head, start=1):
            if h in row:
                ws.cell(row=i + 2, column=j, value=row[h])
    cs = wb[CODES_SHEET]
    lo, hi = INS.scale_min, INS.scale_max
    for r in cs.iter_rows(min_row=2):
        if r[0].value == "satisfaction" and isinstance(r[1].value, int) and lo <= r[1].value <= hi:
            k = r[1].value
            if codes == "mirrored":
                r[2].value, r[3].value = INS.label_sets["satisfaction"][lo + hi - k]
            elif codes == "moved" and k == lo:
                r[2].value, r[3].value = INS.label_sets["satisfaction"][lo + 1]
    wb.save(path)
    return path


def test_template_codes_sheet_reads_as_coded(tmp_path):
    dl = read_delivery(_delivery(tmp_path, [1, 5, 9]), INS)
    assert dl.frame["overall"].tolist() == ["1", "5", "9"]
    assert "scale_reversed" not in {p["code"] for p in dl.problems}


def test_mirrored_codes_sheet_recodes_with_a_warning(tmp_path):
    """Before: the mirrored codes sheet was ignored, 1 (非常满意 in the firm's codebook) read as 非常不满意."""
    dl = read_delivery(_delivery(tmp_path, [1, 2, 3, 5, 9], "mirrored"), INS)
    sat = [c for c in INS.coded_columns if INS.question(c).labels == "satisfaction"]
    assert sat and all(dl.frame[c].tolist() == ["5", "4", "3", "1", "9"] for c in sat)
    other = [c for c in INS.coded_columns if c not in sat]
    assert all(dl.frame[c].tolist() == ["1", "2", "3", "5", "9"] for c in other)   # another set: as coded
    w = [p for p in dl.problems if p["code"] == "scale_reversed"]
    assert len(w) == 1 and w[0]["severity"] == "warning"
    assert CODES_SHEET in w[0]["problem_zh"] and CODES_SHEET in w[0]["problem_en"]
    checked = parse_delivery(_delivery(tmp_path, [1, 2, 3, 5, 9], "mirrored"), INS, year=2025)
    assert checked.responses["overall"].tolist()[:4] == [5, 4, 3, 1]
    assert "scale_reversed" in set(checked.problems["code"])


def test_codes_sheet_contradicting_the_scale_is_refused_with_the_fix(tmp_path):
    with pytest.raises(DeliveryError) as e:
        read_delivery(_delivery(tmp_path, [1, 5], "moved"), INS)
    msg = str(e.value)
    assert CODES_SHEET in msg and "satisfaction" in msg and "mirror" in msg and "镜像" in msg
    assert e.value.exit_code == InputError.exit_code


def test_template_says_how_to_declare_a_reversed_scale(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template("power_hall", path, year=2025)
    text = " ".join(str(c.value) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in r if c.value)
    assert "反向标注" in text and "mirrored on the 'codes' sheet" in text
