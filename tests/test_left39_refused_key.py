"""A key value refused (not a date, not a number) reads as missing, and two missing keys are alike to pandas: the
rows were said to duplicate each other, with the fix "keep one row" (left39).  The refused value is named where it
failed; no duplicate message is made of it.  A real duplicate is still named, and a key part the contract lets be
blank (an outage's customer_id) still counts when blank."""
from __future__ import annotations

import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files


def _problems(tmp_path, kind, text):
    f = tmp_path / f"{kind}.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        load_files(kind, [f])
    return e.value.problems


def test_two_bad_times_of_one_window_are_no_duplicates(tmp_path):
    p = _problems(tmp_path, "queue_snapshots", "window_id,observed_at,queue_length\nPW01,2025-03-03 09:00,3\n"
                  "PW01,2025-03-0x 09:00,4\nPW01,2025-13-03 09:00,5\nPW01,2025-03-03 10:00,5\n")
    assert sorted(p["row"].tolist()) == [3, 4] and set(p["column"]) == {"observed_at"}
    assert "duplicate_key" not in set(p["code"])
    assert "重复" not in p.lines() and "duplicates" not in p.lines()


def test_two_bad_turns_of_one_transcript_are_no_duplicates(tmp_path):
    head = "transcript_id,turn,speaker,text,window_id,recorded_at,channel\n"
    rows = ("T1,1,staff,您好,PW01,2025-03-03 09:00,counter\nT1,x,customer,你好,PW01,2025-03-03 09:00,counter\n"
            "T1,y,staff,好的,PW01,2025-03-03 09:00,counter\n")
    p = _problems(tmp_path, "transcripts", head + rows)
    assert sorted(p["row"].tolist()) == [3, 4] and set(p["code"]) != {"duplicate_key"}
    assert "duplicate_key" not in set(p["code"])


def test_a_real_duplicate_beside_a_refused_key_is_still_named(tmp_path):
    p = _problems(tmp_path, "queue_snapshots", "window_id,observed_at,queue_length\nPW01,2025-03-03 09:00,3\n"
                  "PW01,2025-03-03 09:00,4\nPW01,2025-03-0x 09:00,5\nPW01,2025-13-03 09:00,5\n")
    dup = p[p["code"] == "duplicate_key"]
    assert sorted(dup["row"].tolist()) == [2, 3]
    assert sorted(p.loc[p["code"] != "duplicate_key", "row"].tolist()) == [4, 5]


def test_a_blank_key_part_the_contract_allows_still_counts(tmp_path):
    head = "outage_id,customer_id,window_id,voltage_class,outage_kind,start_at\n"
    rows = "O1,,PW01,low,planned,2025-03-03 09:00\nO1,,PW01,low,planned,2025-03-03 09:00\n"
    p = _problems(tmp_path, "outages", head + rows)
    assert sorted(p.loc[p["code"] == "duplicate_key", "row"].tolist()) == [2, 3]


def test_an_id_written_as_a_placeholder_is_said_to_be_no_id(tmp_path):
    """Two orders whose id is written ``-`` were "duplicates ... a number restarting each day; keep one row": two
    records, neither a copy of the other, and the fix would have dropped one."""
    p = _problems(tmp_path, "work_orders", "order_id,window_id,order_type,received_at\n"
                  "W1,PW01,fault_repair,2025-03-03 09:00\n-,PW01,fault_repair,2025-03-03 09:00\n"
                  "-,PW01,fault_repair,2025-03-04 10:00\n")
    dup = p[p["row"].isin([3, 4])]
    assert len(dup) == 2
    text = p.lines()
    assert "占位写法" in text and "placeholder" in text and "delete none of the rows" in text
    assert "保留最新的一行" not in text and "每日重新编号" not in text
