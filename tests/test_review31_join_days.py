"""review31: a join part of year-first dates is written one way (session 31), but a date with full-width digits
(２０２５-3-10, 2025年３月10日: Chinese text cells) kept them, so one day still named two visits."""
import pandas as pd

from windoweval.records.mapping import _one_day_spelling


def test_full_width_digits_name_the_same_day():
    got = _one_day_spelling(pd.Series(["２０２５-3-10", "2025-03-10", "2025年３月10日", None], dtype="string"))
    assert got.tolist() == ["2025-03-10", "2025-03-10", "2025-03-10", pd.NA]
