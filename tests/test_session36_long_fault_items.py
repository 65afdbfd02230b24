"""session 36 (probe35 left it): a checklist written long (a row per item: 检查项目, 检查结果) asks some items as faults
(是否使用服务忌语: 是 is a fail) beside items where 是 is a pass (佩戴工牌).  probe35 let the wide form's item carry its own
codes; the long form still read every row's 检查结果 through the section's one `values` table, so a hall caught using
forbidden phrases passed 杜绝服务忌语.  An entry of `values.item` may now carry its own codes, as `wide.headers` does,
`是否使用服务忌语: {item: no_forbidden_phrases, values: {是: fail, 否: pass}}`, read on that item's rows before the
section's `values`; `records map` proposes it for review."""
import pytest
import yaml

from tests.test_probe35_fault_items import _dir as _workspace
from windoweval.catalog import load_catalog
from windoweval.records import read_records
from windoweval.records.mapping import MappingError, parse_section
from windoweval.records.propose import propose

EXPORT = ("检查编号,窗口,检查时间,方式,检查项目,检查结果\n"
          "V1,综合窗口,2025-03-10 10:00,现场检查,佩戴工牌,是\n"
          "V1,综合窗口,2025-03-10 10:00,现场检查,是否使用服务忌语,是\n"
          "V2,综合窗口,2025-04-10 10:00,暗访,佩戴工牌,否\n"
          "V2,综合窗口,2025-04-10 10:00,暗访,是否使用服务忌语,否\n"
          "V3,综合窗口,2025-05-10 10:00,暗访,是否使用服务忌语,不适用\n")
MAPPING = """inspections:
  file: 检查表.csv
  columns: {检查编号: visit_id, 窗口: window_id, 检查时间: visited_at, 方式: method, 检查项目: item, 检查结果: result}
  values:
    window_id: {综合窗口: G01}
    method: {现场检查: inspection, 暗访: mystery_shopper}
    item: {佩戴工牌: badge_worn, 是否使用服务忌语: {item: no_forbidden_phrases, values: {是: fail, 否: pass}}}
    result: {是: pass, 否: fail, 不适用: na}
"""


def _dir(tmp_path, mapping=MAPPING):
    """A workspace with the long export and ``mapping`` (probe35's workspace, this export)."""
    return _workspace(tmp_path, mapping, EXPORT)


def test_a_long_fault_item_reads_its_own_codes(tmp_path):
    df = read_records("inspections", _dir(tmp_path))
    assert list(zip(df["visit_id"], df["item"], df["result"])) == [
        ("V1", "badge_worn", "pass"), ("V1", "no_forbidden_phrases", "fail"),
        ("V2", "badge_worn", "fail"), ("V2", "no_forbidden_phrases", "pass"),
        ("V3", "no_forbidden_phrases", "na")]      # a cell its own codes do not name: the section's values


def test_the_mapping_read_twice_reads_the_same():
    raw = yaml.safe_load(MAPPING)["inspections"]
    first, second = parse_section("inspections", raw, "mapping.yaml"), parse_section("inspections", raw, "mapping.yaml")
    assert first.own_values == second.own_values == {
        "result": {"by": "item", "cases": {"是否使用服务忌语": {"是": "fail", "否": "pass"}}}}
    assert second.values["item"]["是否使用服务忌语"] == "no_forbidden_phrases"


@pytest.mark.parametrize("entry, word", [({"item": "no_forbidden_phrases", "values": {"是": "bad"}}, "bad"),
                                         ({"code": "no_forbidden_phrases"}, "item code"),
                                         ({"item": "no_forbidden_phrases", "values": {}}, "item code")])
def test_a_bad_entry_is_refused_naming_it(entry, word):
    raw = yaml.safe_load(MAPPING)["inspections"]
    raw["values"]["item"]["是否使用服务忌语"] = entry
    with pytest.raises(MappingError) as e:
        parse_section("inspections", raw, "mapping.yaml")
    msg = str(e.value)
    assert e.value.exit_code == 3 and "inspections.values.item.是否使用服务忌语" in msg and word in msg


def test_a_kind_without_a_result_column_refuses_own_codes():
    with pytest.raises(MappingError) as e:
        parse_section("work_orders", {"values": {"order_type": {"故障报修": {"item": "fault_repair", "values": {"是": "fail"}}}}},
                      "mapping.yaml")
    assert "pass/fail" in str(e.value)


def test_records_map_proposes_the_fault_s_codes(tmp_path):
    (f := tmp_path / "明察暗访.csv").write_text(
        "检查编号,检查日期,被检查窗口,检查方式,检查项目,检查结果\n"
        "V1,2025-03-04,综合受理窗口,暗访,佩戴工牌,是\nV1,2025-03-04,综合受理窗口,暗访,是否使用服务忌语,否\n"
        "V2,2025-04-08,综合受理窗口,现场检查,佩戴工牌,否\nV2,2025-04-08,综合受理窗口,现场检查,是否使用服务忌语,是\n",
        encoding="utf-8")
    got = yaml.safe_load(propose(f, "inspections", checklist_items=load_catalog().checklist_items))
    items = got["inspections"]["values"]["item"]
    assert items["是否使用服务忌语"] == {"item": "no_forbidden_phrases",
                                   "values": {"是": "fail", "有": "fail", "否": "pass", "无": "pass"}}
    # the proposal, taken as it is, reads: 是 on the fault's row fails
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(got, allow_unicode=True), encoding="utf-8")
    raw = got["inspections"]
    km = parse_section("inspections", raw, "mapping.yaml")
    assert km.own_values["result"]["cases"]["是否使用服务忌语"]["是"] == "fail"
