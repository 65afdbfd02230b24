"""volt34 (merging session 34's sure fail): a record whose weight is not known (a voltage reading without its
duration) could weigh anything, so with every record without evidence counted as met the rate could reach 100 %: the
cell is insufficient evidence, never a fail.  Session 34's best rate took (met + infinity) / (assessed + infinity),
NaN, as short of the target: readings all within the band, one of no duration, read fail (this test failed on main
at 1eda16c)."""
from __future__ import annotations

from _workspace import write_workspace

from windoweval.scoring import score

LV220 = "power_window.6.1.1#lv220_single_phase"


def test_a_reading_of_no_duration_holds_a_pass_back_and_fails_nothing(tmp_path):
    write_workspace(tmp_path)
    (tmp_path / "voltage_readings.csv").write_text(
        "监测点编号,窗口编号,供电方式,额定电压(V),实测电压(V),监测时间,统计时长(分钟),系统状态\n"
        "V1,PW01,single_phase_220v,220,221,2025-05-01 00:00:00,60,normal\n"
        "V1,PW01,single_phase_220v,220,222,2025-05-01 01:00:00,,normal\n", encoding="utf-8")
    r = score("power_window", 2025, data=tmp_path).results.set_index("measure").loc[LV220]
    assert (r["n"], r["met"], r["missing_evidence"], r["rate"]) == (1, 1, 1, 1.0)
    assert r["verdict"] == "insufficient"
