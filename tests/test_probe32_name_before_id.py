"""probe32: a hospital inspection's note (患者王小明身份证110101…投诉) masked the ID number and kept the name: a party's
name followed by the field it gives (身份证, 证件号, 就诊卡号, 住址, 年龄) was not read as a name, where one followed by
电话 or 手机 was.  Such a note reaches the missed records' Parquet and the report."""
import pandas as pd
import pytest

from windoweval.privacy import mask_text


@pytest.mark.parametrize("text", ["患者王小明身份证110101199003031234投诉", "患者王小明身份证号码见附件",
                                  "申请人李四证件号已核对", "病人赵六就诊卡号JZ0001", "群众刘洋住址不详",
                                  "家属陈红年龄68岁"])
def test_a_name_before_the_field_it_gives_is_masked(text):
    got = mask_text(pd.Series([text]))[0]
    assert not any(n in got for n in ("王小明", "李四", "赵六", "刘洋", "陈红")), got
    assert "1101011990" not in got


@pytest.mark.parametrize("text", ["患者身份证号已登记", "客户证件不全", "患者住址变更"])
def test_the_field_alone_is_kept(text):
    assert mask_text(pd.Series([text]))[0] == text
