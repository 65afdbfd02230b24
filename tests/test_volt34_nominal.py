"""volt34: a monitoring export without a nominal-voltage column (额定电压) has it from its 电压等级 (220V, 0.38kV, 10kV,
35kV, 110kV, 10千伏, 交流10kV); a level that names no voltage is refused with file, row, value and the fix.

Session 33 read no nominal voltage from the level: limits in volts, and 35 kV's span, were missing evidence on every
row of such an export, and a level naming no voltage passed in silence.  The tests that derive or refuse failed before.
"""
from __future__ import annotations

import pytest
from test_volt33_statistics import _export as _export33
from test_volt34_rates import _refused

from windoweval.records import read_records
from windoweval.scoring import score

KV10 = "power_window.6.1.1#three_phase_10kv_below_statistics"
KV35 = "power_window.6.1.1#kv35_plus_statistics"
HEAD = ("监测点编号,窗口编号,电压等级,统计日期,运行时间(分钟),超上限时间(分钟),超下限时间(分钟),上限值,下限值,最高电压,"
        "最低电压")
MAPPING = ("voltage_statistics:\n  file: 电压监测统计.csv\n"
           "  values:\n    supply_type: {220V: single_phase_220v, 0.38kV: three_phase_10kv_below, "
           "0.4kV: three_phase_10kv_below, 10kV: three_phase_10kv_below, 10千伏: three_phase_10kv_below, "
           "交流10kV: three_phase_10kv_below, 高压: three_phase_10kv_below, 35kV: kv35_plus, 110kV: kv35_plus}\n"
           "  constant: {system_state: normal}\n")


def _export(tmp_path, rows, head=HEAD, mapping=MAPPING):
    return _export33(tmp_path, rows, mapping=mapping, head=head)   # volt33's export, these headers and codes


def test_the_nominal_voltage_is_read_from_the_level(tmp_path):
    levels = ["220V", "0.38kV", "0.4kV", "10kV", "10千伏", "交流10kV", "35kV", "110kV"]
    _export(tmp_path, [f"P{i},PW01,{lv},2025-03-01,1440,0,0,,,," for i, lv in enumerate(levels)])
    df = read_records("voltage_statistics", tmp_path).sort_values("point_id")
    # 0.4 kV is the name of the 380 V network (its transformers' secondary), not a nominal voltage of 400 V
    assert df["nominal_v"].tolist() == [220.0, 380.0, 380.0, 10000.0, 10000.0, 10000.0, 35000.0, 110000.0]


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_limits_in_volts_and_the_35kv_span_are_judged_without_a_nominal_column(tmp_path, scheduler):
    _export(tmp_path, ["A,PW01,10kV,2025-03-01,1440,0,0,10700,9300,,",          # ±7 % of 10 kV: met
                       "B,PW01,10千伏,2025-03-01,1440,30,0,10700,9300,,",       # 30 min over: missed
                       "K,PW01,35kV,2025-03-01,1440,0,0,,,36750,33250"])        # +5 % and -5 %: met
    res = score("power_window", 2025, data=tmp_path, scheduler=scheduler).results.set_index("measure")
    assert res.loc[KV10, ["records", "n", "met", "missing_evidence"]].tolist() == [2, 2, 1, 0]
    assert res.loc[KV10, "rate"] == pytest.approx(2850 / 2880)
    assert res.loc[KV35, ["records", "n", "met", "verdict"]].tolist() == [1, 1, 1, "pass"]


def test_a_level_that_names_no_voltage_is_refused(tmp_path):
    _export(tmp_path, ["A,PW01,10kV,2025-03-01,1440,0,0,10700,9300,,",
                       "B,PW01,高压,2025-03-01,1440,0,0,10700,9300,,"])
    err, printed = _refused(tmp_path, [[3, "supply_type", "高压"]], cli=True)
    p = err.problems
    assert "额定电压" in p["fix_zh"].iloc[0] and "nominal" in p["fix_en"].iloc[0]
    assert "constant" in p["fix_en"].iloc[0] and "高压" in printed


def test_a_nominal_column_or_constant_is_read_as_written(tmp_path):
    # with the column, the level is not read for it (高压 is then no problem)
    _export(tmp_path, ["B,PW01,高压,2025-03-01,10000,1440,0,0,10700,9300,,"],
            head=HEAD.replace("统计日期,", "统计日期,额定电压,"))
    assert read_records("voltage_statistics", tmp_path)["nominal_v"].tolist() == [10000.0]
    _export(tmp_path, ["B,PW01,高压,2025-03-01,1440,0,0,10700,9300,,"],
            mapping=MAPPING.replace("{system_state: normal}", "{system_state: normal, nominal_v: 10000}"))
    assert read_records("voltage_statistics", tmp_path)["nominal_v"].tolist() == [10000.0]


def test_a_level_set_by_constant_or_given_as_a_code_is_no_problem(tmp_path):
    # a file of one supply set in mapping.yaml (no 电压等级 column), its limits in percent: read as before, no nominal
    head = "监测点编号,窗口编号,统计日期,运行时间(分钟),超上限时间(分钟),超下限时间(分钟),上限(%),下限(%)"
    mapping = ("voltage_statistics:\n  file: 电压监测统计.csv\n"
               "  constant: {system_state: normal, supply_type: single_phase_220v}\n")
    _export(tmp_path, ["A,PW01,2025-03-01,1440,0,0,7,-10"], head=head, mapping=mapping)
    df = read_records("voltage_statistics", tmp_path)
    assert df["supply_type"].tolist() == ["single_phase_220v"] and df["nominal_v"].isna().all()
    from windoweval.records import validate
    got = validate(df.drop(columns=["nominal_v"]), "voltage_statistics")
    assert got["nominal_v"].isna().all()
