"""rev23c: a codes sheet declaring a scale coded reversed (delivery._mirrored_sets / _recode_mirrored).  A sheet that
lists a set twice (the template's rows kept, a mirrored copy added below) declares nothing and is refused, not read by
whichever copy comes last; an answer typed with a full-width digit (１, as a Chinese input method types it) is
recoded as the checks read it, not left unreversed."""
from __future__ import annotations

import openpyxl
import pytest

from windoweval.errors import InputError
from windoweval.survey.delivery import DeliveryError, parse_delivery, read_delivery
from windoweval.survey.template import CODES_SHEET, DATA_SHEET

from test_records23_reversed_codebook import INS, _delivery


def test_set_listed_both_ways_is_refused(tmp_path):
    """Before: the mirrored copy (last) won and every satisfaction answer was turned around, with only a warning."""
    path = _delivery(tmp_path, [1, 5, 9])
    wb = openpyxl.load_workbook(path)
    lo, hi = INS.scale_min, INS.scale_max
    for k in range(lo, hi + 1):
        wb[CODES_SHEET].append(["satisfaction", k, *INS.label_sets["satisfaction"][lo + hi - k]])
    wb.save(path)
    with pytest.raises(DeliveryError) as e:
        read_delivery(path, INS)
    msg = str(e.value)
    assert CODES_SHEET in msg and "satisfaction" in msg and "两次" in msg and "twice" in msg
    assert msg.index("两次") < msg.index("twice")
    assert e.value.exit_code == InputError.exit_code


def test_full_width_digit_recoded_like_a_half_width_one(tmp_path):
    """Before: １ was not recoded (the recode matched ASCII digits only) and the checks read it as 1, 非常不满意,
    where the firm's codebook says 非常满意."""
    path = _delivery(tmp_path, [1, 5, 9], "mirrored")
    wb = openpyxl.load_workbook(path)
    ws = wb[DATA_SHEET]
    j = [c.value for c in ws[1]].index("overall") + 1
    ws.cell(row=2, column=j, value="１")
    ws.cell(row=3, column=j, value=" 5.0 ")
    wb.save(path)
    checked = parse_delivery(path, INS, year=2025)
    assert checked.responses["overall"].tolist()[:3] == [5, 1, 9]
