"""An outage export's 影响户数 that is no number, beside a 户号 list read by ``split`` with ``count`` (session 35).

Found by fuzzing outage35's ``split``: a count written 约2户 was read as no count and the list passed unchecked, in
silence. A count with its unit (2户, 2 户) is read as the number; a blank or a placeholder (-) is not checked, as
before; anything else is refused at its row, naming the count's header, with the fix. The refusal test failed before.
"""
from __future__ import annotations

import pytest

from tests._workspace import write_workspace
from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files
from windoweval.records.mapping import parse_mapping

HEAD = "停电编号,供电单位,停电类型,电压等级,停电开始时间,送电时间,停电用户,影响户数\n"
ROW = "TD1,PW01,计划停电,10kV,2025-03-09 08:00,2025-03-09 15:20,3001;3002,{count}\n"
KM = parse_mapping({"outages": {
    "columns": {"供电单位": "window_id", "送电时间": "restored_at"},
    "split": {"customer_id": {"from": "停电用户", "count": "影响户数"}},
    "values": {"outage_kind": {"计划停电": "planned"}, "voltage_class": {"10kV": "kv10"}}}}, "mapping.yaml")["outages"]


def _file(tmp_path, count: str):
    d = write_workspace(tmp_path / "d")
    f = d / "停电事件.csv"
    f.write_text(HEAD + ROW.format(count=count), encoding="utf-8")
    return f


@pytest.mark.parametrize("count", ["2", "2户", "2 户", "", "-"])
def test_a_count_with_its_unit_or_blank_reads(tmp_path, count):
    got = load_files("outages", [_file(tmp_path, count)], KM).frame
    assert sorted(got["customer_id"]) == ["3001", "3002"]


@pytest.mark.parametrize("count", ["约2户", "二"])
def test_a_count_that_is_no_number_is_refused_at_its_row(tmp_path, count):
    with pytest.raises(RecordsError) as e:
        load_files("outages", [_file(tmp_path, count)], KM)
    p = e.value.problems
    hit = p[p["code"] == "split_count"].iloc[0]
    assert hit["row"] == 2 and "影响户数" in hit["problem_zh"] and repr(count) in hit["problem_zh"]
    assert "not a count" in hit["problem_en"] and "count" in hit["fix_en"]


def test_a_count_with_its_unit_is_checked_against_the_list(tmp_path):
    with pytest.raises(RecordsError) as e:
        load_files("outages", [_file(tmp_path, "3户")], KM)
    assert "列出 2 个" in e.value.problems["problem_zh"].iloc[0]
