"""exports20 #1: a workbook delivered one sheet a month is checked with a row key ``k * SHEET_KEY + row``; users see
the sheet's own row beside its sheet wherever the store shows a row (the valid rows, the refusal lists, a raking
message), never the key."""
from __future__ import annotations

import pandas as pd

from tests.test_left19_exports import _delivery, _months


def _book(tmp_path):
    df = _delivery()
    df.loc[3, "weight"] = "-1"            # 1月 row 5: refused
    df.loc[12, "env1"] = "98"             # 2月 row 6: refused alone
    return _months(tmp_path / "d.xlsx", {"1月": df.iloc[:8], "2月": df.iloc[8:]})


def test_the_stored_valid_rows_carry_the_sheet_and_its_row_not_the_key(tmp_path):
    from windoweval.survey.delivery import SHEET_KEY
    from windoweval.survey.store import import_delivery, load_rejects, load_responses

    book = _book(tmp_path)
    import_delivery(book, "power_hall", 2025, store_dir=tmp_path)
    got = load_responses("power_hall_2025", store_dir=tmp_path)
    assert int(got["row"].max()) < SHEET_KEY
    assert got[["sheet", "row"]].values.tolist() == (
        [["1月", r] for r in (2, 3, 4, 6, 7, 8, 9)] + [["2月", r] for r in range(2, 10)])
    # the lists beside it name the sheet too, an empty one with its column (a clerk's filter keeps working)
    assert load_rejects("power_hall_2025", store_dir=tmp_path)[["sheet", "row"]].values.tolist() == [["1月", 5]]
    vals = load_rejects("power_hall_2025", store_dir=tmp_path, values=True)
    assert list(vals.columns[:2]) == ["sheet", "row"] and vals.empty


def test_a_raking_message_names_the_sheet_and_its_row(tmp_path):
    from windoweval.survey.design import DesignError, rake, svydesign
    from windoweval.survey.store import import_delivery, load_responses

    book = _book(tmp_path)
    import_delivery(book, "power_hall", 2025, store_dir=tmp_path)
    got = load_responses("power_hall_2025", store_dir=tmp_path)
    got.loc[got.index[-1], "customer_type"] = None   # 2月 row 9
    d = svydesign(got, ids=None, strata=None, weights="weight")
    try:
        rake(d, {"customer_type": {"resident": 10, "business": 5}})
    except DesignError as e:
        assert "2月!9" in str(e) and str(10_000_009) not in str(e)
    else:
        raise AssertionError("rake took a margin with a missing value")
