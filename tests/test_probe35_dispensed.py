"""probe35: a pharmacy system's dispensing export writes when the drugs were made up (配药完成时间) and when they were
handed to the patient (发药时间).  The promise (西药处方不超过5分钟 …, 缩短病友等待时间) times the patient's wait,
to the drugs handed out (finished_at).  `records map` proposed 配药完成时间 as finished_at (spelt close to 完成时间)
and left 发药时间 unread, so the proposal, taken as it was, made every prescription look faster than it was: a
western prescription handed out after 6 minutes passed as made up in 2.  发药时间 is now a known header of
finished_at, proposed before a near spelling."""
import yaml

from windoweval.records.files import load_files
from windoweval.records.propose import propose

EXPORT = ("处方号,处方类型,付数,发药窗口,收方时间,配药完成时间,发药时间,处方状态\n"
          "CF1,西药,,HPHA,2025-03-04 09:00,2025-03-04 09:02,2025-03-04 09:06,已发药\n"
          "CF2,西药,,HPHA,2025-03-04 09:10,2025-03-04 09:11,2025-03-04 09:14,已发药\n"
          "CF3,中药,3,HPHA,2025-03-04 09:20,2025-03-04 09:25,2025-03-04 09:31,已发药\n")


def _proposal(tmp_path, text=EXPORT):
    (f := tmp_path / "药房发药.csv").write_text(text, encoding="utf-8")
    return f, yaml.safe_load(propose(f, "hospital_events"))["hospital_events"]


def test_the_time_handed_out_is_the_finish(tmp_path):
    _f, got = _proposal(tmp_path)
    assert got["columns"].get("发药时间") == "finished_at"
    assert "配药完成时间" not in got["columns"]


def test_the_proposal_taken_times_the_wait_to_the_drugs_handed_out(tmp_path):
    f, got = _proposal(tmp_path)
    df = load_files("hospital_events", [f], got).frame.set_index("event_id")
    minutes = (df["finished_at"] - df["started_at"]).dt.total_seconds() / 60
    assert minutes.to_dict() == {"CF1": 6.0, "CF2": 4.0, "CF3": 11.0}
