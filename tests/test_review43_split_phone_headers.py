"""review43: session 43 made a header naming a part of a number (号码前三位, 后八位, 末4位, 手机尾号) a personal column,
masked whole; its pattern took any 前/后/末 N 位, so an ordinary ranking header (投诉量排名前10位, 满意度前十位窗口,
业务量后五位) was a person's number too, its column masked whole in every export.  A part of a number is one
written alone as the header or after the number it is part of (号码, 手机, 电话, 卡号, 证件)."""
import pytest

from windoweval.privacy import personal_column


@pytest.mark.parametrize("header", ["号码前三位", "后八位", "前3位", "末4位", "手机尾号", "电话后四位", "身份证后六位",
                                    "卡号后四位", "手机号前3位"])
def test_a_part_of_a_number_is_personal(header):
    assert personal_column(header)


@pytest.mark.parametrize("header", ["投诉量排名前10位", "排名前三位", "满意度前十位窗口", "业务量后五位", "保留小数点后两位"])
def test_a_ranking_is_not(header):
    assert not personal_column(header)
