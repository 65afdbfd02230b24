"""A long id a system wrote into a workbook as a whole number, every digit kept (review42).

export42 refuses a workbook's number of 10**15 or more as an id Excel cut to 15 significant digits (its last digits
gone: 1.23456789012345E+17).  But a cell's value is the text in the sheet's XML: a system that writes a 16-digit
工单号 as a number (``<v>2025010512345678</v>``, exact as a double below 2**53) keeps every digit, and openpyxl reads
it back as that integer; the records read it right before export42, and were refused after it (a valid id refused).
Excel's cut leaves zeros past the 15th significant digit (or the float form ``1.23456789012345E+17``): a number
with a non-zero digit there was not cut, and is read as written; one that may have been cut is still refused."""
from __future__ import annotations

import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

openpyxl = pytest.importorskip("openpyxl")

HEAD = ["工单编号", "受理渠道", "诉求类型", "窗口编号", "受理时间", "客户标识"]


def _book(tmp_path, ids):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    for i, case in enumerate(ids):
        ws.append([case, "95598", "complaint", "PW01", f"2025-03-0{i + 1} 09:00", f"K{i}"])
    f = tmp_path / "complaints.xlsx"
    wb.save(f)
    return f


def test_a_16_digit_id_a_system_wrote_whole_is_read_as_written(tmp_path):
    f = _book(tmp_path, [2025010512345678, 2025010512345679])
    got = load_files("complaints", [f]).frame
    assert got["case_id"].tolist() == ["2025010512345678", "2025010512345679"]


def test_a_number_excel_may_have_cut_is_still_refused(tmp_path):
    """Zeros past the 15th significant digit: what Excel keeps of 2025010512345678 typed in (2025010512345670)."""
    f = _book(tmp_path, [2025010512345670, "CS2"])
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [f])
    p = e.value.problems
    assert p.loc[p["code"] == "id_scientific", ["row", "column"]].values.tolist() == [[2, "case_id"]]
