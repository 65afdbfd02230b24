"""review47 on hostile47's 8c2290f2: a relative named by a kinship word is a party as 家属 is; the list stopped at
之子/之女/儿子/女儿/丈夫/妻子/爱人/老伴/父亲/母亲/配偶/监护人, so a grandchild, sibling or in-law kept the name."""
import pytest

from windoweval.privacy import mask_text


@pytest.mark.parametrize("text, name", [("其孙子王强来电反映", "王强"), ("患者的哥哥张伟来电", "张伟"),
                                        ("患者姐姐王芳投诉", "王芳"), ("其儿媳刘敏来电", "刘敏"),
                                        ("女婿陈刚来电投诉", "陈刚"), ("其妹妹赵丽反映", "赵丽"),
                                        ("其外孙女周洁来电", "周洁")])
def test_a_relative_named_by_kinship_is_masked(text, name):
    assert name not in str(mask_text(text).iloc[0])
