"""A handling duration beside a date and a start time (export42).

A counter system's export with 办理日期, 开始时刻 and 办理时长 (00:05:10: five minutes, ten seconds) instead of an end
time: ``records map`` proposed ``ended_at: {date: 办理日期, time: 办理时长}``, the duration read as the time of day
(00:05:10 at night, the next day after the start), a misreading the user was asked only to check.  A header that says
it holds a duration is now never a time of day; ``derive`` is proposed from the start instead (commented, its unit
to check), and the records it makes are the same as the demo's own."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.records.propose import propose

HEAD = ["票号", "窗口编号", "业务类型", "取号时间", "叫号时间", "办理日期", "开始时刻", "办理时长"]


def _export(tmp_path, durations):
    rows = [["T1", "PW01", "resident_payment", "2025-03-04 09:00:00", "2025-03-04 09:04:00", "2025/3/4", "09:05:00",
             durations[0]],
            ["T2", "PW01", "resident_payment", "2025-03-04 10:00:00", "2025-03-04 10:01:00", "2025/3/4", "10:02:00",
             durations[1]],
            ["T3", "PW01", "resident_payment", "2025-03-05 15:00:00", "2025-03-05 15:10:00", "2025/3/5", "15:10:30",
             durations[2]]]
    f = tmp_path / "export.csv"
    pd.DataFrame(rows, columns=HEAD).to_csv(f, index=False)
    return f


@pytest.mark.parametrize("durations,unit", [(["00:05:10", "00:35:00", "00:02:05"], "seconds"),
                                            (["5分10秒", "35分0秒", "2分5秒"], "seconds")])
def test_a_duration_header_is_never_the_time_of_an_end(tmp_path, durations, unit):
    text = propose(_export(tmp_path, durations), "counter_transactions")
    assert "started_at: {date: \"办理日期\", time: \"开始时刻\"}" in text
    assert "办理时长\"}" not in text.split("combine:")[1].split("values:")[0]   # no combine with the duration
    assert f"# derive: {{ended_at: {{from: started_at, add: \"办理时长\", unit: {unit}}}}}" in text


def test_the_derive_proposed_reads_the_end_right(tmp_path):
    from windoweval.records.files import load_files
    from windoweval.records.mapping import parse_mapping

    f = _export(tmp_path, ["00:05:10", "00:35:00", "00:02:05"])
    text = propose(f, "counter_transactions").replace("  # derive:", "  derive:")
    import yaml
    km = parse_mapping(yaml.safe_load(text), tmp_path / "mapping.yaml")["counter_transactions"]
    got = load_files("counter_transactions", [f], km).frame
    assert got["ended_at"].tolist() == [pd.Timestamp("2025-03-04 09:10:10"), pd.Timestamp("2025-03-04 10:37:00"),
                                        pd.Timestamp("2025-03-05 15:12:35")]
