"""hosp37: a decoction export's 取药时间 is the patient's pick-up, not when the medicine was ready.

标准3 门诊药房 9、 上午10点前送煎12点取药,下午3点30分送煎5点30分取药: the export writes when the decoction was handed in
(送煎时间) and when the patient picked it up (取药时间).  取药时间 was an alias of finished_at (ready), so a patient who
came at 14:00 for a decoction ready at 12:00 made a miss.  Now 取药时间 is ``collected_at``, read as the latest the
medicine can have been ready: picked up by the due time, met; later with no ready time (煎好时间), missing evidence with
the reason; a ready time written is judged as before.  `records map` proposes 取药时间 as collected_at in a decoction
export, and as the handout (finished_at) in a dispensing export with no 发药时间."""
from __future__ import annotations

import pandas as pd
import yaml

from windoweval.kernels.time import cutoff
from windoweval.records.propose import propose
from windoweval.scoring import score

from tests._workspace import workspace

_RULES = [{"before": "10:00", "due": "12:00"}, {"until": "15:30", "due": "17:30"}]
_M = "hospital_commitments.pharmacy.9"


def test_the_cutoff_reads_a_pick_up_as_an_upper_bound_of_the_ready_time():
    df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 09:00"] * 5),
                       "e": pd.to_datetime([None, None, "2025-04-08 12:30", "2025-04-08 11:00", None]),
                       "c": pd.to_datetime(["2025-04-08 11:50", "2025-04-08 14:00", "2025-04-08 14:00",
                                            "2025-04-08 10:30", None])})
    got = cutoff(df, "s", "e", _RULES, horizon="2025-12-31 23:59", not_after="c")
    # picked up by 12:00: ready by then (met); picked up at 14:00, no ready time: unknown (never a miss, never open);
    # ready at 12:30: missed whatever the pick-up; ready after the pick-up: the steps out of order; neither: overdue
    assert got.tolist() == [True, pd.NA, False, pd.NA, False]
    from windoweval.kernels.base import open_of
    assert not open_of(got).any()


def _events(**cols):
    base = {"event_id": ["D1", "D2", "D3"], "window_id": "HPHA", "event_type": "decoction",
            "started_at": ["2025-04-08 09:00", "2025-04-08 09:00", "2025-04-08 15:00"]}
    from windoweval.records import validate
    return validate(pd.DataFrame({**base, **cols}), "hospital_events")


def test_a_late_pick_up_is_insufficient_evidence_with_its_reason():
    ev = _events(collected_at=["2025-04-08 11:55", "2025-04-08 14:00", "2025-04-08 17:00"])
    ws = workspace((("HPHA", "门诊药房", "hospital_pharmacy"),))
    card = score("hospital_commitments", 2025, workspace=ws, records={"hospital_events": ev})
    r = card.results
    row = r[(r["measure"] == _M) & (r["window_id"] == "HPHA")].iloc[0]
    assert (int(row["n"]), int(row["met"]), int(row["missing_evidence"])) == (2, 2, 1), row.to_dict()
    assert row["verdict"] not in ("pass", "fail"), row["verdict"]
    miss = card.missing_evidence([_M])
    assert miss["event_id"].tolist() == ["D2"]
    why = miss["reason"][0]
    assert "取药时间" in why and "完成时间" in why and "collected_at" in why and "finished_at" in why, why
    assert "煎好时间" in why, why   # the fix names the headers that hold the ready time


def test_a_ready_time_beside_the_pick_up_is_judged():
    ev = _events(finished_at=["2025-04-08 11:40", "2025-04-08 12:10", "2025-04-08 17:20"],
                 collected_at=["2025-04-08 11:55", "2025-04-08 14:00", "2025-04-08 17:25"])
    ws = workspace((("HPHA", "门诊药房", "hospital_pharmacy"),))
    card = score("hospital_commitments", 2025, workspace=ws, records={"hospital_events": ev})
    r = card.results
    row = r[(r["measure"] == _M) & (r["window_id"] == "HPHA")].iloc[0]
    assert (int(row["n"]), int(row["met"]), row["verdict"]) == (3, 2, "fail"), row.to_dict()


def test_the_export_header_qu_yao_shi_jian_is_read_as_the_pick_up(tmp_path):
    from windoweval.records.contract import contracts
    assert contracts()["hospital_events"].header_map()["取药时间"] == "collected_at"
    assert contracts()["hospital_events"].header_map()["煎好时间"] == "finished_at"


def test_records_map_tells_a_decoction_export_from_a_dispensing_one(tmp_path):
    dec = tmp_path / "中药代煎登记.csv"
    dec.write_text("单据号,科室,业务类型,送煎时间,取药时间\n"
                   "D1,HPHA,代煎,2025-04-08 09:00:00,2025-04-08 14:00:00\n", encoding="utf-8")
    got = propose(dec, "hospital_events")
    assert yaml.safe_load(got)["hospital_events"]["columns"]["取药时间"] == "collected_at"
    assert "煎好不晚于此" in got and "ready no later" in got
    disp = tmp_path / "药房发药明细.csv"
    disp.write_text("处方号,发药窗口,处方类型,收方时间,取药时间\n"
                    "CF1,HPHA,西药,2025-04-08 09:00:00,2025-04-08 09:04:00\n", encoding="utf-8")
    got = propose(disp, "hospital_events")
    assert yaml.safe_load(got)["hospital_events"]["columns"]["取药时间"] == "finished_at"
