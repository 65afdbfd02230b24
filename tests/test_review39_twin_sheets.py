"""review39: a sheet of codes and its sheet of labels (the same interviews) where the labels sheet shows the PSU by
its value label (the window's name, as SPSS writes a labelled variable) differs from the codes sheet in the PSU on
every row.  survey39's rule read "another PSU, date or weight on most rows" as other respondents (a sheet a window
whose ids restart): the pair was read as two parts, the labels sheet's respondents all refused as duplicate ids
with the advice to number them once over the workbook.  The answers, the same by code on every row, say the
interviews are the same: the pair is a twin, refused as before (deliver one sheet, naming row, column and the two
values)."""
import pytest

from test_survey39_sheet_ids import INS, _twin_book
from windoweval.survey import delivery as D


def test_a_labels_sheet_naming_the_psu_by_its_label_is_still_a_twin(tmp_path):
    p = _twin_book(tmp_path, psu=lambda v: "网点" + v)
    with pytest.raises(D.DeliveryError) as e:   # before: read as two parts, 12 duplicate ids on the labels sheet
        D.parse_delivery(p, INS, year=2025, screen=False)
    msg = str(e.value)
    assert "deliver one data sheet" in msg and "请只交付一个数据表" in msg and "psu" in msg
