"""safety22: privacy defects session 21 noticed and left, and a hostile round on masking.

Each test failed on the code before its fix (see the commit that adds it)."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.privacy import mask_frame, mask_message, mask_text


# 1. an id column of mixed type (numbers among the text) is masked by the same rule as a column of text: a key only
#    whole (whole_values), never cut into tokens
@pytest.mark.parametrize("column", ["order_id", "工单号"])
def test_mixed_id_column_keeps_keys_whole(column):
    values = ["1381234567813912345678", 12345, "13812345678", "2025-03-05-13812345678", None]
    got = mask_frame(pd.DataFrame({column: values}))[column].tolist()
    assert got == ["1381234567813912345678", 12345, "[手机号]", "2025-03-05-13812345678", None]
    # the same as the column of text alone gives
    text = mask_frame(pd.DataFrame({column: [v for v in values if isinstance(v, str)]}))[column].tolist()
    assert [v for v in got if isinstance(v, str)] == text


def test_mixed_free_text_column_still_masked_as_text():
    got = mask_frame(pd.DataFrame({"描述": ["客户张三来电 13812345678", 3]}))["描述"].tolist()
    assert got == ["客户某某来电 [手机号]", 3]
