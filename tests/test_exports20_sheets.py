"""exports20 #4: a survey workbook of month sheets in which any one sheet is another copied (the same cells) is
refused naming both, whichever two they are and however many sheets there are; not only when there are two."""
from __future__ import annotations

import pytest

from tests.test_left19_exports import _delivery, _months


@pytest.mark.parametrize("copy, of", [("3月", "1月"), ("3月", "2月"), ("2月", "1月")])
def test_any_month_sheet_copied_over_another_is_refused(tmp_path, copy, of):
    from windoweval.survey.delivery import DeliveryError, parse_delivery

    df = _delivery()
    parts = {"1月": df.iloc[:5], "2月": df.iloc[5:10], "3月": df.iloc[10:]}
    parts[copy] = parts[of]
    book = _months(tmp_path / "d.xlsx", parts)
    with pytest.raises(DeliveryError) as e:
        parse_delivery(book, "power_hall", year=2025)
    text = str(e.value)
    assert f"「{copy}」与「{of}」逐格完全相同" in text and f"sheets '{copy}' and '{of}' are the same cell for cell" in text
    assert e.value.exit_code == 3


def test_three_month_sheets_of_different_respondents_are_read(tmp_path):
    from windoweval.survey.delivery import parse_delivery

    df = _delivery()
    book = _months(tmp_path / "d.xlsx", {"1月": df.iloc[:5], "2月": df.iloc[5:10], "3月": df.iloc[10:]})
    assert len(parse_delivery(book, "power_hall", year=2025).responses) == 16
