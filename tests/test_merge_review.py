"""Defects found by reading the tenth round's merged change, each with the input that showed it.

- A date header several ``combine`` entries share (a call's date: offered, answered) holding the call's time: an
  empty answer time became "answered at the call's time" (a call nobody answered met 12 s); it is "no event".
- A midnight written another way in a date cell (``0:00``, ``00:00:00.000``, ``T00:00:00``) was taken for a time
  that disagrees with the time column, and the whole file was refused.
- ``NA``/``NaN`` in a workbook's time column (read as written since the round) refused the file: placeholders.
- Two headers for a survey's weight (权重 and 最终权重) refused the delivery: the better-known one is read.
"""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from windoweval.records import read_records
from windoweval.records.files import load_files

_CALLS = {"columns": {"流水号": "call_id", "营业厅": "window_id"},
          "combine": {"offered_at": {"date": "来电日期", "time": "来电时刻"},
                      "answered_at": {"date": "来电日期", "time": "应答时刻", "after": "offered_at"}}}


def _calls(tmp_path, date, answered=""):
    f = tmp_path / "calls.csv"
    f.write_text(f"流水号,营业厅,来电日期,来电时刻,应答时刻\nC1,CC95598,{date},10:03:00,{answered}\n", encoding="utf-8")
    return load_files("calls_95598", [f], mapping=_CALLS).frame


@pytest.mark.parametrize("date", ["2025/6/4 10:03", "2025-06-04 10:03:00", "2025-06-04"])
def test_an_unanswered_call_stays_unanswered_when_its_date_cell_holds_the_time(tmp_path, date):
    got = _calls(tmp_path, date)
    assert str(pd.Timestamp(got["offered_at"].iloc[0])) == "2025-06-04 10:03:00"
    assert pd.isna(got["answered_at"].iloc[0])


@pytest.mark.parametrize("date", ["2025/6/4 0:00", "2025-06-04 00:00:00.000", "2025-06-04T00:00:00",
                                  "2025-06-04 00:00"])
def test_a_midnight_in_the_date_cell_is_the_date_alone(tmp_path, date):
    got = _calls(tmp_path, date, answered="10:03:09")
    assert str(pd.Timestamp(got["offered_at"].iloc[0])) == "2025-06-04 10:03:00"
    assert str(pd.Timestamp(got["answered_at"].iloc[0])) == "2025-06-04 10:03:09"


def test_a_date_cell_alone_with_its_time_is_still_the_whole_date_time(tmp_path):
    """One entry uses the date header: the date cell's time is that event's (the round's own fix, kept)."""
    f = tmp_path / "calls.csv"
    f.write_text("流水号,营业厅,来电日期,来电时刻\nC1,CC95598,2025/6/4 10:03,\n", encoding="utf-8")
    m = {"columns": {"流水号": "call_id", "营业厅": "window_id"},
         "combine": {"offered_at": {"date": "来电日期", "time": "来电时刻"}}}
    got = load_files("calls_95598", [f], mapping=m).frame
    assert str(pd.Timestamp(got["offered_at"].iloc[0])) == "2025-06-04 10:03:00"


@pytest.mark.parametrize("word", ["NA", "NaN", "<NA>", "n.a."])
def test_na_in_a_workbook_time_column_is_a_blank_cell(tmp_path, word):
    rows = [["case_id", "channel", "kind", "window_id", "received_at", "replied_at"],
            ["1", "95598", "complaint", "PW01", "2025-03-01 08:00", word],
            ["2", "95598", "complaint", "PW01", "2025-03-01 08:00", "2025-03-01 09:00"]]
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(tmp_path / "complaints.xlsx")
    got = read_records("complaints", tmp_path, mapping={"file": "complaints.xlsx"})
    assert got["replied_at"].isna().tolist() == [True, False]


@pytest.mark.parametrize("other", ["最终权重", "抽样权重", "wt"])
def test_two_weight_headers_read_the_better_known_one(tmp_path, other):
    from windoweval.demo import survey as demo
    from windoweval.survey.delivery import parse_delivery
    from windoweval.survey.instrument import load_instrument

    d = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03", "PW04"], seed=2)
    d[other] = d["weight"] * 1.1
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False, encoding="utf-8")
    chk = parse_delivery(p, load_instrument("power_hall"), year=2025)
    assert chk.file_ok
    pr = chk.problems
    assert not (pr["severity"] == "error").any()
    warn = pr[pr["code"] == "synonym_column"]
    assert len(warn) == 1 and warn["column"].iloc[0] == other and warn["fix_zh"].iloc[0]
    assert chk.valid["weight"].astype(float).tolist() == pytest.approx(d["weight"].astype(float).tolist())


@pytest.mark.parametrize("word", ["NaN", "-", "无"])
def test_a_required_cell_written_as_a_placeholder_is_refused_naming_what_was_written(word):
    """A required number written NaN is still refused (exit 3); the refusal shows the cell as written, not only
    "required value is empty" (NaN became a placeholder this round, and the message lost the value)."""
    from windoweval.records import RecordsError, validate
    vr = pd.DataFrame({"point_id": ["V1"], "window_id": "PW01", "supply_type": "single_phase_220v", "nominal_v": "220",
                       "measured_v": [word], "read_at": "2025-05-01 00:00", "duration_min": "10",
                       "system_state": "normal"})
    with pytest.raises(RecordsError) as e:
        validate(vr, "voltage_readings", file="x.csv")
    pr = e.value.problems
    row = pr[pr["column"] == "measured_v"].iloc[0]
    assert row["value"] == word and word in row["problem_zh"] and word in row["problem_en"]
