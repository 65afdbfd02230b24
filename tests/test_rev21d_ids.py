"""A phone or an ID number written into an id column with a suffix after a sign leaked (rev21d).

safety21 masked an id column's value only when masking took it whole: ``WO-13812345678`` read ``WO-[手机号]``, but
``13812345678-1``, ``110101199003071234-01``, ``13812345678/13912345678`` and ``6222021234567890128-1`` (a card passing
the Luhn check, its check run over the suffix too) were kept as written, in the CSV, the Parquet files and the
drill-down, because a digit was left beside the token.  A token set apart by letters or signs is a personal number
written into the key; a token run into digits or into another token (two mobiles run together, a 22-digit number)
and a sequence after a filing date stay, as safety21 decided.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from windoweval.cells import people_frame
from windoweval.exports import prepare_missed
from windoweval.privacy import mask_frame

CASES = [
    ("13812345678-1", "[手机号]-1"),
    ("13812345678_2", "[手机号]_2"),
    ("110101199003071234-01", "[身份证号]-01"),
    ("13812345678/13912345678", "[手机号]/[手机号]"),
    ("6222021234567890128-1", "[银行卡号]-1"),
    ("WO-13812345678", "WO-[手机号]"),
    ("ID110101199003071234", "ID[身份证号]"),
    # order ids: never cut into
    ("2025030513812345678", "2025030513812345678"),
    ("1381234567813912345678", "1381234567813912345678"),
    ("WO-1381234567813912345678", "WO-1381234567813912345678"),
    ("2025-03-05-13812345678", "2025-03-05-13812345678"),
    ("WO20250305_13812345678", "WO20250305_13812345678"),
    ("6222021234567890123-1", "6222021234567890123-1"),
    ("GD-20250305-0001", "GD-20250305-0001"),
]


@pytest.mark.parametrize("value,want", CASES)
def test_a_personal_number_in_an_id_is_masked_in_every_path(value, want):
    df = pd.DataFrame({"order_id": [value]})
    assert mask_frame(df)["order_id"].tolist() == [want]
    assert people_frame(df)["order_id"].tolist() == [want]
    n = 300      # past the pre-filter's threshold: the column path of the missed files
    got = prepare_missed([pd.DataFrame({"order_id": pd.Series([value] * n, dtype="string")})])[0]
    assert set(got["order_id"].tolist()) == {want}
    arr = pa.array([value, None, "WO1"], type=pa.large_string())
    assert prepare_missed.arrow(arr, "order_id").to_pylist() == [want, None, "WO1"]
