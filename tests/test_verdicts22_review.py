"""Session 22 (verdicts22): the demonstration review's 第五条(二) line says what is true of a promise's records at a
hall (none, all open - not yet due, not assessable and why, only excused), and no promise without assessed
evidence lets the item pass."""
from __future__ import annotations

import shutil

import pandas as pd

from windoweval import review as R
from windoweval.demo import DEMO_YEAR, ensure_demo


def test_an_open_only_promise_is_said_open_not_without_records(tmp_path):
    """PW01's meter readings of the year all scheduled on 12-31 and not read yet: open (not yet due at the
    cut-off), never "no records at this hall" (the code before said so) and never a pass."""
    data = tmp_path / "data"
    shutil.copytree(ensure_demo(), data)
    mr = pd.read_csv(data / "meter_readings.csv", dtype=str)
    at = (mr["window_id"] == "PW01") & mr["scheduled_on"].str.startswith(str(DEMO_YEAR))
    mr.loc[at, "scheduled_on"] = f"{DEMO_YEAR}-12-31 00:00:00"
    mr.loc[at, "read_at"] = ""
    mr.to_csv(data / "meter_readings.csv", index=False)
    from windoweval.records.workspace import load_workspace
    ws = load_workspace(data)
    c = R.demonstration_review(DEMO_YEAR, data=data, workspace=ws, store_dir=tmp_path / "store").criteria
    c = c[c["criterion"] == "promise_fulfilment"].set_index("window_id")
    n = int(at.sum())
    assert c.loc["PW01", "status"] != "pass"
    assert f"pw_meter_reading_on_schedule(按规定日期准确抄表):{n} 条未到期" in c.loc["PW01", "evidence_zh"]
    assert f"pw_meter_reading_on_schedule(按规定日期准确抄表): {n} not yet due at the cut-off" in c.loc["PW01", "evidence_en"]
    assert "本厅无记录" not in c.loc["PW01", "evidence_zh"] and "no records" not in c.loc["PW01", "evidence_en"]
    assert "pw_meter_reading_on_schedule" not in " ".join(c.drop(index="PW01")["evidence_en"])


def test_promise_gaps_say_each_state_and_keep_the_item_from_passing():
    """Per hall and binding promise: none at all, all open, not assessable (with assessed ones beside them too: the
    fulfilment's insufficient), only excused - each named with its count; open beside assessed ones is no gap.
    The code before named only promises with no assessed occurrence, all as "no records at this hall", and let
    a hall whose every assessed occurrence was kept pass with some not assessable."""
    per = pd.DataFrame({"window_id": ["PW01", "PW01", "PW01", "PW02", "PW02"],
                        "promise_id": ["a", "b", "c", "a", "b"],
                        "occurrences": [4, 0, 6, 3, 0], "open": [2, 0, 0, 0, 0],
                        "not_assessed": [0, 1, 2, 0, 0], "excused": [0, 0, 0, 0, 5]})
    g = R._promise_gaps(per, pd.Series(["PW01", "PW02"]), ["a", "b", "c"], pd.Series({"a": "甲", "b": "乙", "c": "丙"}))
    assert g["zh"].tolist() == [
        "b(乙):1 条无法判定(缺少承诺所需的时间或数值)、c(丙):2 条无法判定(缺少承诺所需的时间或数值)",
        "b(乙):5 条属承诺条款的除外情形、c(丙):本厅无记录"]
    assert g["en"].tolist()[1] == "b(乙): 5 excused by the promise's own clause; c(丙): no records at this hall"
