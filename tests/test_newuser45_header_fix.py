"""A mapping naming a header the export lacks says how to fix it (newuser45: an LIS export and a pharmacy export of
different shapes read together, the LIS's receipt made with combine from RecvDate and RecvHHMM).

Before: `mapping.yaml: hospital_events.combine.started_at.date: header 'RecvDate' is not in 药房.csv`, and nothing
more: whether to correct the mapping or the export, and that a combine's headers (unlike a drop's, a pick's or a
column's) must be in every file read together, the user was left to find out.
"""
from __future__ import annotations

import pytest
from _workspace import write_workspace

from windoweval.records import read_records
from windoweval.errors import InputError

MAPPING = """hospital_events:
  file: [lis.csv, rx.csv]
  columns: {SampleNo: event_id, RxNo: event_id, Dept: window_id, ItemType: event_type, FinishTime: finished_at}
  combine:
    started_at: {date: RecvDate, time: RecvHHMM}
  values:
    event_type: {1: lab_routine, 西药: prescription_western}
"""


def test_a_combine_header_missing_from_one_file_is_refused_with_the_fix(tmp_path):
    d = write_workspace(tmp_path / "ws", (("HLAB", "检验科", "hospital_lab"), ("HPHA", "药房", "hospital_pharmacy")))
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (d / "lis.csv").write_text("SampleNo,Dept,ItemType,RecvDate,RecvHHMM,FinishTime\n"
                               "12,HLAB,1,2025-03-04,0915,2025-03-04 09:45\n", encoding="utf-8")
    (d / "rx.csv").write_text("RxNo,Dept,ItemType,AcceptTime,FinishTime\n"
                              "9001,HPHA,西药,2025-03-04 10:00,2025-03-04 10:04\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_records("hospital_events", d)
    text = str(e.value)
    assert "RecvDate" in text and "rx.csv" in text, text
    assert "combine" in text and "每个文件" in text and "every file" in text, text      # the rule, and the fix
    assert "records check" in text, text
