"""A column of names mapped under a column that is masked only by cues reached every output as written (hostile45).

The mapping check refused a person's header (客户姓名, 联系人) only under a column the contract declares not personal
(``service_offerings.name``).  ``complaints: {columns: {客户姓名: category}}`` was taken: the complaints tables
(``windoweval complaints --by category``, its CSVs, the report) showed 柏青松 as a business category, and the same
under ``description`` (a bare name carries no cue the free-text masking could find) or joined into an id.  Now a
person's header maps only onto a person's key (masked whole where a name stands) or a private free-text column
under a header that names free text too (患者意见).
"""
from __future__ import annotations

import pytest

from windoweval.records.mapping import MappingError, parse_mapping
from windoweval.privacy import mask_message


@pytest.mark.parametrize("kind, section, col", [
    ("complaints", {"columns": {"客户姓名": "category"}}, "category"),
    ("complaints", {"columns": {"联系人": "description"}}, "description"),
    ("complaints", {"columns": {"联系电话": "window_id"}}, "window_id"),
    ("complaints", {"pick": {"category": {"by": "类型", "cases": {"1": "业务类别"}, "default": "姓名"}}}, "category"),
    ("complaints", {"join": {"case_id": ["受理日期", "投诉人"]}}, "case_id"),
])
def test_a_persons_header_under_a_column_shown_by_cues_is_refused(kind, section, col):
    with pytest.raises(MappingError) as e:
        parse_mapping({kind: section}, "mapping.yaml")
    msg = str(e.value)
    assert e.value.exit_code == 3
    assert f"不能对应到列 {col!r}" in msg and f"cannot be mapped onto {col!r}" in msg
    assert msg.index("不能对应") < msg.index("cannot be mapped")
    # the message reads as written once the console's masking has passed over it (no word of it taken for a name)
    assert mask_message(msg) == msg


def test_a_persons_key_and_a_free_text_header_are_still_taken():
    m = parse_mapping({"complaints": {"columns": {"客户编号": "customer_key", "联系人": "customer_key",
                                                  "患者意见": "description", "业务类别": "category"}},
                       "work_orders": {"columns": {"报装人": "customer_id"}}}, "mapping.yaml")
    assert m["complaints"].columns["患者意见"] == "description" and m["complaints"].columns["联系人"] == "customer_key"
    assert m["work_orders"].columns == {"报装人": "customer_id"}
