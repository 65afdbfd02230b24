"""probe35: a government hall's 明察暗访 register exported wide asks some items as faults: 是否使用服务忌语 (were
forbidden phrases used?), where 是 is a fail, beside 佩戴工牌 where 是 is a pass.  A wide checklist's cells were read
through one `values` table for all its items, so 是 read as pass in both: a hall caught using forbidden phrases passed
杜绝服务忌语, and nothing short of reshaping the export by hand (inverting the column) could say otherwise.  An item
of `wide.headers` may now carry its own codes, `{item: no_forbidden_phrases, values: {是: fail, 否: pass}}`, read
before the section's; `records map` proposes them for a header that asks whether a fault happened (是否/有无 before
忌语, 吸烟, 闲谈, 迟到 …), with the item's code, for the user to check."""
import pytest
import yaml

from tests.test_session28_wide_checklist import MAPPING, WINDOWS
from tests._workspace import write_workspace
from windoweval.catalog import load_catalog
from windoweval.records import read_records
from windoweval.records.mapping import MappingError, parse_section
from windoweval.records.propose import propose

EXPORT = ("检查编号,窗口,检查时间,方式,佩戴工牌,是否使用服务忌语,备注\n"
          "V1,综合窗口,2025-03-10 10:00,现场检查,是,是,说了“不知道”\n"
          "V2,综合窗口,2025-04-10 10:00,暗访,否,否,\n")
FAULT = MAPPING.replace("headers: {佩戴工牌: badge_worn, 在岗在位: at_post_on_task, 三声服务: three_greetings}",
                        "headers: {佩戴工牌: badge_worn, 是否使用服务忌语: {item: no_forbidden_phrases, "
                        "values: {是: fail, 否: pass}}}")


def _dir(tmp_path, mapping=FAULT, export=EXPORT):
    write_workspace(tmp_path, WINDOWS, name="x")
    (tmp_path / "检查表.csv").write_text(export, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return tmp_path


def test_a_fault_item_reads_its_own_codes(tmp_path):
    df = read_records("inspections", _dir(tmp_path))
    assert list(zip(df["visit_id"], df["item"], df["result"])) == [
        ("V1", "badge_worn", "pass"), ("V1", "no_forbidden_phrases", "fail"),
        ("V2", "badge_worn", "fail"), ("V2", "no_forbidden_phrases", "pass")]


def test_the_mapping_read_twice_reads_the_same(tmp_path):
    raw = yaml.safe_load(FAULT)["inspections"]
    first, second = parse_section("inspections", raw, "mapping.yaml"), parse_section("inspections", raw, "mapping.yaml")
    assert first.wide == second.wide and second.wide["values"] == {"是否使用服务忌语": {"是": "fail", "否": "pass"}}


def test_an_item_s_codes_must_be_the_result_s_values(tmp_path):
    with pytest.raises(MappingError) as e:
        parse_section("inspections", {"wide": {"item": "item", "value": "result", "headers": {
            "是否使用服务忌语": {"item": "no_forbidden_phrases", "values": {"是": "bad"}}}}}, "mapping.yaml")
    assert "bad" in str(e.value) and "pass" in str(e.value)


def test_records_map_proposes_the_fault_s_codes(tmp_path):
    (f := tmp_path / "明察暗访.csv").write_text(
        "检查日期,被检查窗口,检查方式,佩戴工牌,是否使用服务忌语,有无吸烟,备注\n"
        "2025-03-04,综合受理窗口,暗访,是,否,否,\n2025-04-08,综合受理窗口,现场检查,否,是,否,\n", encoding="utf-8")
    got = yaml.safe_load(propose(f, "inspections", checklist_items=load_catalog().checklist_items))
    got = got["inspections"]["wide"]["headers"]
    assert got["是否使用服务忌语"] == {"item": "no_forbidden_phrases", "values": {"是": "fail", "有": "fail", "否": "pass", "无": "pass"}}
    assert got["有无吸烟"] == {"item": "no_smoking", "values": {"是": "fail", "有": "fail", "否": "pass", "无": "pass"}}
    assert got["佩戴工牌"] in ("TODO", "badge_worn")
