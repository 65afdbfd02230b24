"""safety23: digits an RTL embedding shows reordered, when they are no personal data, come out as stored (the controls
dropped); the hostile round's pins (what was tried and already held)."""
from __future__ import annotations

import pytest

from windoweval.privacy import mask_message


def test_embedded_date_as_stored():
    assert mask_message("\u202b2025 03 05\u202c来电") == "2025 03 05来电"


@pytest.mark.parametrize("text,gone", [
    ("护照号码：G12345678", "G12345678"),
    ("回乡证H12345678", "H12345678"),
    ("台胞证12345678", "12345678"),
    ("微信：zhangsan_88", "zhangsan_88"),
    ("家住幸福小区3栋2单元501室", "501"),
    ("电话\u0661\u0663\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "\u0661\u0663\u0668"),   # Arabic-Indic
    ("电话𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "𝟏𝟑𝟖𝟏𝟐"),                                  # mathematical bold
    ("客户张\u200b三来电", "三"), ("客户张\u00ad三来电", "三"),           # zero-width space, soft hyphen
    ("联系人：张三 邮箱 zhang.san(at)example(dot)com", "zhang.san"),
])
def test_hostile_forms_masked(text, gone):
    assert gone not in mask_message(text)
