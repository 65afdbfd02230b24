"""mapping.yaml ``join``, what session 30 left (session 31).

* A part written as a list (``[[检查日期], 被检查单位]``) is refused where the mapping is read, with its fix, not later
  as a header that is not found.
* A part holding dates names each day once: ``2025-3-10`` and ``2025-03-10`` in one register are one visit.
"""
import csv

import pytest
import yaml

from windoweval.records import read_records
from windoweval.records.mapping import MappingError, parse_section
from windoweval.records.workspace import load_workspace

from test_session30_join import HEAD, MAPPING


@pytest.mark.parametrize("entry", ["{visit_id: [[检查日期], 被检查单位]}", "{visit_id: [{a: 检查日期}, 被检查单位]}"])
def test_a_part_that_is_no_header_is_refused_when_read(entry):
    with pytest.raises(MappingError) as e:
        parse_section("inspections", yaml.safe_load(f"join: {entry}"), "mapping.yaml")
    assert "two or more different headers" in str(e.value) and "表头" in str(e.value)


def test_one_day_written_two_ways_is_one_visit(tmp_path):
    rows = []
    for day, item in zip(("2025-3-10", "2025/03/10", "2025年3月10日"), ("微笑服务", "挂牌上岗", "营业厅环境整洁")):
        rows.append([day, "城东营业厅", "暗访", item, "合格", 0, "王五"])   # one visit, the clerk's spellings
    rows.append(["2025-03-11", "城东营业厅", "明查", "微笑服务", "合格", 0, "王五"])
    with open(tmp_path / "明察暗访记录.csv", "w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows([HEAD, *rows])
    (tmp_path / "windoweval.toml").write_text('name = "x"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "PW01"\n'
                                            'name = "城东营业厅"\nkind = "power_hall"\n', encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    got = read_records("inspections", tmp_path, mapping=load_workspace(tmp_path).mapping()["inspections"])
    assert sorted(set(got["visit_id"])) == ["2025-03-10 / 城东营业厅", "2025-03-11 / 城东营业厅"]
