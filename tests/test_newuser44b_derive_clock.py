"""A laboratory export giving the receipt time and the turnaround (报告周期) instead of the report time, made into the
report time with mapping.yaml's ``derive`` in minutes (newuser44b, a hospital's own export).

`1:20` in a column counted in minutes (a turnaround of an hour and twenty minutes, as LIS exports write it) was read
as 1 minute 20 seconds: the report "sent" 80 seconds after the sample and the 30-minute routine promise
(检验科文明服务承诺 5(1)) met on a turnaround that misses it.  A reading of two parts is hours:minutes or
minutes:seconds (data/README.md: `1:05` is refused as a duration column's value): in a column counted in minutes or hours
it is refused with its row, column, value and the fix; h:m:s (`01:20:00`), a number (`80`) and `1小时20分` read as
before, and a column counted in seconds (an ACD's ring time, `0:12`) keeps minutes:seconds.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import write_workspace

from windoweval.records import read_records
from windoweval.records.contract import RecordsError

MAPPING = """hospital_events:
  columns: {标本号: event_id, 科室编号: window_id, 检验项目: event_type, 接收时间: started_at}
  values:
    event_type: {三大常规: lab_routine}
  derive:
    finished_at: {from: started_at, add: 报告周期, unit: UNIT}
"""


def _lab(tmp_path, tat, unit="minutes"):
    d = write_workspace(tmp_path / "ws", (("0301", "检验科", "hospital_lab"),))
    (d / "mapping.yaml").write_text(MAPPING.replace("UNIT", unit), encoding="utf-8")
    pd.DataFrame([["0001", "0301", "三大常规", "2025-03-04 08:10", t] for t in [tat]],
                 columns=["标本号", "科室编号", "检验项目", "接收时间", "报告周期"]).to_csv(
        d / "hospital_events.csv", index=False, encoding="utf-8")
    return d


@pytest.mark.parametrize("unit", ["minutes", "hours"])
@pytest.mark.parametrize("tat", ["1:20", "0:20", "12:05"])
def test_hours_or_minutes_in_two_parts_is_refused_never_read_as_minutes_and_seconds(tmp_path, tat, unit):
    with pytest.raises(RecordsError) as e:
        read_records("hospital_events", _lab(tmp_path, tat, unit))
    p = e.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[2, "报告周期", tat]]
    text = str(e.value)
    assert "01:20:00" in text and "时:分" in text and "hours:minutes" in text


@pytest.mark.parametrize("tat,want", [("01:20:00", "09:30:00"), ("80", "09:30:00"), ("1小时20分", "09:30:00"),
                                      ("25分钟", "08:35:00")])
def test_unambiguous_turnarounds_read_as_before(tmp_path, tat, want):
    df = read_records("hospital_events", _lab(tmp_path, tat))
    assert str(df["finished_at"].iloc[0]) == f"2025-03-04 {want}"


def test_a_ring_time_in_seconds_keeps_minutes_and_seconds(tmp_path):
    df = read_records("hospital_events", _lab(tmp_path, "1:20", "seconds"))
    assert str(df["finished_at"].iloc[0]) == "2025-03-04 08:11:20"
