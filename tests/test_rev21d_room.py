"""The room rule of safety21 (建设路5号院2号楼1单元301) took any run of digits after 单元 into the address (rev21d):
a year (2单元2025年), a count (2单元100人), a time (2单元10点) and a work order's number run on after a unit
(3栋2单元2025030513812345678, the record a verdict rests on) read ``[地址]``.  A room is at most four digits with no
count, year or time after it; the rooms of safety21's cases are still masked.
"""
from __future__ import annotations

import pytest

from windoweval.privacy import mask_text


@pytest.mark.parametrize("text,want", [
    ("人民路12号2单元2025年3月来电", "[地址]2025年3月来电"),
    ("5号楼2单元100人排队", "[地址]100人排队"),
    ("第3栋2单元10点来电", "第[地址]10点来电"),
    ("3栋2单元2025030513812345678", "[地址]2025030513812345678"),
    # rooms: masked as safety21 decided (the street with them since newuser48: to the district at most)
    ("家住建设路5号院2号楼1单元301", "家住[地址]"),
    ("3栋2单元501", "[地址]"),
    ("3栋2单元1502-1，来电", "[地址]，来电"),
    ("胜利街1号楼2单元1001室", "[地址]"),
])
def test_a_room_after_its_unit_and_nothing_else(text, want):
    assert mask_text(text).iloc[0] == want
    if "2025030513812345678" not in text:     # the survey's profile masks any long number, as before
        assert mask_text(text, profile="survey").iloc[0] == want.replace("[地址]", "[地址/address]")
