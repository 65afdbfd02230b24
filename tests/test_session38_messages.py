"""A column's name in a message is not a romanised name.

safe38 masks every line written to stderr (``privacy.mask_lines``), as error messages were masked before.  The rule for
a romanised name after a label (``患者 Zhang San``) then read the column named in brackets after a header's Chinese
label as a name: ``客户 (customer_id)`` came out ``客户 (某某_id)``, telling the user nothing.  A lower-case identifier
with an underscore is a column's name, never a person's; names stay masked.
"""
from __future__ import annotations

import pytest

from windoweval.privacy import mask_lines


@pytest.mark.parametrize("line", ["患者 (patient_kind) 列的值无效 / column patient_kind has a bad value",
                                  "客户 (customer_id): 缺少 / missing", "联系人 (contact_phone_2) 为空"])
def test_a_column_name_after_a_label_is_shown_as_written(line):
    assert mask_lines(line) == line


@pytest.mark.parametrize("line, shown", [("患者 Zhang San 来电", "患者 某某 来电"), ("客户 (Zhang San)", "客户 (某某)"),
                                         ("客户：zhangsan", "客户：某某")])
def test_a_romanised_name_after_a_label_is_still_masked(line, shown):
    assert mask_lines(line) == shown
