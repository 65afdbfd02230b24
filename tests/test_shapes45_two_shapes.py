"""Two exports of one kind in different shapes read together (shapes45, left by newuser45): an LIS export whose
sample receipt is made with ``combine`` (`RecvDate` + `RecvHHMM`, HHMM numbers) and a pharmacy export with one
`AcceptTime` column, both under one ``hospital_events`` section whose ``file`` lists both.

Before: ``columns: {AcceptTime: started_at}`` beside ``combine: {started_at: ...}`` was refused as "column started_at
is defined 2 times", and without the column the combine's headers were needed in every file (rx.csv refused).  Now
each way applies in the files that hold its headers; a file holding neither is refused naming the file, the column
and both ways; a file holding both is refused as ambiguous.
"""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from _workspace import score_in_process, write_workspace

import windoweval as we
from windoweval.cli import main
from windoweval.errors import InputError
from windoweval.records import read_records
from windoweval.records.mapping import MappingError, parse_mapping

MAPPING = """hospital_events:
  file: [lis.csv, rx.csv]
  columns: {SampleNo: event_id, RxNo: event_id, Dept: window_id, ItemType: event_type, FinishTime: finished_at,
            AcceptTime: started_at}
  combine:
    started_at: {date: RecvDate, time: RecvHHMM}
  values:
    event_type: {1: lab_routine, 西药: prescription_western}
"""
LIS = ("SampleNo,Dept,ItemType,RecvDate,RecvHHMM,FinishTime\n"
       "S1,HLAB,1,2025-03-04,915,2025-03-04 09:45\n"      # 09:15 -> 09:45: 30 min, met
       "S2,HLAB,1,2025-03-04,1015,2025-03-04 10:50\n")    # 35 min: missed
RX = ("RxNo,Dept,ItemType,AcceptTime,FinishTime\n"
      "R1,HPHA,西药,2025-03-04 10:00,2025-03-04 10:04\n"   # 4 min: met
      "R2,HPHA,西药,2025-03-04 11:00,2025-03-04 11:09\n")  # 9 min: missed


def _ws(tmp_path, lis=LIS, rx=RX, mapping=MAPPING):
    d = write_workspace(tmp_path / "ws", (("HLAB", "检验科", "hospital_lab"), ("HPHA", "药房", "hospital_pharmacy")))
    (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    (d / "lis.csv").write_text(lis, encoding="utf-8")
    (d / "rx.csv").write_text(rx, encoding="utf-8")
    return d


def _check(d):
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        rc = main(["records", "check", "--data", str(d)])
    return rc, so.getvalue()


def test_each_file_makes_the_column_its_own_way(tmp_path):
    df = read_records("hospital_events", _ws(tmp_path)).set_index("event_id")
    got = {k: str(v) for k, v in df["started_at"].items()}
    assert got == {"S1": "2025-03-04 09:15:00", "S2": "2025-03-04 10:15:00",
                   "R1": "2025-03-04 10:00:00", "R2": "2025-03-04 11:00:00"}, got


def test_records_check_reads_both_files(tmp_path):
    rc, text = _check(_ws(tmp_path))
    assert rc == 0, text
    assert "defined 2 times" not in text and "Traceback" not in text, text


def test_score_judges_both_files(tmp_path):
    d = _ws(tmp_path)
    card = we.score("hospital_commitments", 2025, data=d)
    missed = set()
    for m in card.results["measure"].unique():
        dd = card.drilldown(m)
        if "event_id" in dd:
            missed |= set(dd["event_id"])
    assert missed == {"S2", "R2"}, missed
    code, text = score_in_process(d, tmp_path / "out", standard="hospital_commitments")
    assert code == 0, text


def test_a_file_holding_neither_way_is_refused_naming_both(tmp_path):
    rx = RX.replace("AcceptTime", "Accepted")
    with pytest.raises(InputError) as e:
        read_records("hospital_events", _ws(tmp_path, rx=rx))
    text = str(e.value)
    assert "rx.csv" in text and "started_at" in text, text
    assert "AcceptTime" in text and "RecvDate" in text and "RecvHHMM" in text, text
    assert "无从取得" in text and "cannot be made" in text, text
    rc, out = _check(tmp_path / "ws")
    assert rc == 3 and "rx.csv" in out and "Traceback" not in out, (rc, out)


def test_a_file_holding_both_ways_is_refused_as_ambiguous(tmp_path):
    rx = ("RxNo,Dept,ItemType,AcceptTime,RecvDate,RecvHHMM,FinishTime\n"
          "R1,HPHA,西药,2025-03-04 10:00,2025-03-04,1000,2025-03-04 10:04\n")
    with pytest.raises(InputError) as e:
        read_records("hospital_events", _ws(tmp_path, rx=rx))
    text = str(e.value)
    assert "rx.csv" in text and "两种取法" in text and "two ways" in text, text
    rc, out = _check(tmp_path / "ws")
    assert rc == 3 and "Traceback" not in out, (rc, out)


def test_one_file_still_refuses_two_ways():
    one = MAPPING.replace("file: [lis.csv, rx.csv]", "file: lis.csv")
    import yaml
    with pytest.raises(MappingError) as e:
        parse_mapping(yaml.safe_load(one), "mapping.yaml")
    assert "defined 2 times" in str(e.value)
