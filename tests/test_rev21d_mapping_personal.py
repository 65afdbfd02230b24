"""A person's header written with spaces, a zero-width space or full-width letters under a column declared not
personal passed the mapping check and was shown as written (rev21d).

safety21 refuses a mapping that puts a person's header (客户姓名, customer_name, 联系人) under
``service_offerings.name`` (``personal: false``), but it tested the header as written while the export's headers are
matched after :func:`windoweval.records.mapping.norm` (NFKC, case folded, spaces and zero-width characters
dropped): ``"姓 名": name`` read the export's 姓名 column into ``name`` and the missed files showed 张三.
"""
from __future__ import annotations

import pytest

from windoweval.records.mapping import MappingError, parse_mapping


@pytest.mark.parametrize("header", ["姓 名", "姓\u200b名", "联 系 人", "ｃｕｓｔｏｍｅｒ＿ｎａｍｅ", "ＮＡＭＥ", "客户 姓名"])
def test_a_persons_header_written_apart_is_refused(header):
    for section in ({"columns": {header: "name"}},
                    {"pick": {"name": {"by": "类型", "cases": {"1": "名称"}, "default": header}}}):
        with pytest.raises(MappingError) as e:
            parse_mapping({"service_offerings": section}, "mapping.yaml")
        msg = str(e.value)
        assert e.value.exit_code == 3 and "不能对应到列 'name'" in msg and "cannot be mapped onto 'name'" in msg
        assert msg.index("不能对应") < msg.index("cannot be mapped")


def test_a_service_header_is_still_taken():
    m = parse_mapping({"service_offerings": {"columns": {"服务 名称": "name", "项 目": "name"}}}, "mapping.yaml")
    assert m["service_offerings"].columns == {"服务 名称": "name", "项 目": "name"}
