"""Times written with a part of the day (twenty-third audit): 晚上12:00 was read as noon.

Decided (data/README.md): 上午/下午 are the AM/PM of exports (上午 12:30 is 00:30, 下午 12:30 is 12:30); 中午 12 is
noon and 中午 1 点 13:00; 凌晨 0 点 and 凌晨 12 点 the start of the day; 晚上/夜里 12 点 midnight at the end of that
day (the next day's 00:00; 晚上12点半 00:30 of the next day); 晚上 8 点 20:00.  What the word leaves ambiguous or
contradicts (晚上1点, 夜里2点: that night or the one before? 夜里0点: the day's start or its end? 上午14:00) is refused
with file, row, column, value and the fix (exit 3), never guessed.  9点 alone is 09:00.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import run_cli, write_workspace

from windoweval.records import read_records, validate
from windoweval.records.contract import RecordsError

READINGS = [
    ("2025/3/5 晚上12:00", "2025-03-06 00:00:00"),
    ("2025/3/5 夜里12点", "2025-03-06 00:00:00"),
    ("2025/12/31 晚上12:00", "2026-01-01 00:00:00"),
    ("2025/3/5 中午12:00", "2025-03-05 12:00:00"),
    ("2025/3/5 中午1点", "2025-03-05 13:00:00"),
    ("2025/3/5 凌晨0点", "2025-03-05 00:00:00"),
    ("2025/3/5 凌晨12点", "2025-03-05 00:00:00"),
    ("2025/3/5 下午 12:30", "2025-03-05 12:30:00"),
    ("2025/3/5 上午 12:30", "2025-03-05 00:30:00"),
    ("2025年3月5日 晚上12点半", "2025-03-06 00:30:00"),
    ("2025年3月5日 下午3点05分", "2025-03-05 15:05:00"),
    ("2025/3/5 晚上 8:15:30", "2025-03-05 20:15:30"),
    ("2025/3/5 9点", "2025-03-05 09:00:00"),
    ("2025/3/5 下午 3:05", "2025-03-05 15:05:00"),
    ("2025-03-05 12:00 晚上", "2025-03-06 00:00:00"),
]

REFUSED = ["2025/3/5 晚上1点", "2025/3/5 夜里2点", "2025/3/5 夜里0点", "2025/3/5 上午14:00", "2025/3/5 中午5点"]


def _frame(values) -> pd.DataFrame:
    return pd.DataFrame({"window_id": [f"W{i}" for i in range(len(values))], "observed_at": values,
                         "queue_length": [1] * len(values)})


@pytest.mark.parametrize("text,expected", READINGS)
def test_a_part_of_the_day_is_read_as_decided(text, expected):
    got = validate(_frame([text]), "queue_snapshots", file="q.csv")["observed_at"]
    assert str(got.iloc[0]) == expected


@pytest.mark.parametrize("text", REFUSED)
def test_an_ambiguous_part_of_the_day_is_refused_with_its_row_and_value(text):
    with pytest.raises(RecordsError) as e:
        validate(_frame(["2025-03-05 09:00", text]), "queue_snapshots", file="q.csv")
    p = e.value.problems
    p = p[p["column"] == "observed_at"]
    assert p[["row", "value", "code"]].values.tolist() == [[3, text, "ambiguous_part_of_day"]]
    assert "24 小时制" in p["problem_zh"].iloc[0] and "24-hour clock" in p["problem_en"].iloc[0]


def test_a_csv_read_reads_midnight_and_refuses_the_ambiguous(tmp_path):
    d = write_workspace(tmp_path / "d", (("W0", "药房", "hospital_pharmacy"), ("W1", "收费", "hospital_pharmacy")))
    f = d / "queue_snapshots.csv"
    f.write_text("窗口编号,观测时间,排队人数\nW0,2025/3/5 晚上12:00,3\nW1,2025/3/5 中午12:00,3\n", encoding="utf-8")
    got = read_records("queue_snapshots", d)["observed_at"].astype(str).tolist()
    assert got == ["2025-03-06 00:00:00", "2025-03-05 12:00:00"]
    f.write_text("窗口编号,观测时间,排队人数\nW0,2025/3/5 晚上12:00,3\nW1,2025/3/5 晚上2点,3\n", encoding="utf-8")
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    assert p.returncode == 3, p.stdout + p.stderr
    out = p.stdout + p.stderr
    assert "2025/3/5 晚上2点" in out and "observed_at" in out and "Traceback" not in out
