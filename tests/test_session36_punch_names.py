"""session 36 (att36 left it): a schedule whose staff are written by name and mapped to ids (values.staff_id: 张伟: S1)
beside a punch log written by name too: the log's names were not read through those codes, so no punch met its
shift and every shift read as missing evidence.  The schedule's codes now read the log's staff cells as well."""
from pathlib import Path

from windoweval.records.files import load


def test_a_log_by_name_reads_through_the_schedule_s_codes(tmp_path: Path):
    d = tmp_path
    (d / "排班.csv").write_text("姓名,窗口,日期,班次\n张伟,PW01,2025-03-03,08:30-17:30\n李娜,PW01,2025-03-03,08:30-17:30\n",
                               encoding="utf-8")
    (d / "打卡.csv").write_text("姓名,打卡时间\n张伟,2025-03-03 08:15\n张伟,2025-03-03 17:40\n李娜,2025-03-03 08:25\n",
                               encoding="utf-8")
    m = {"file": "排班.csv", "columns": {"姓名": "staff_id", "窗口": "window_id"},
         "values": {"staff_id": {"张伟": "S1", "李娜": "S2"}},
         "combine": {"shift_start": {"date": "日期", "time": "班次", "part": "start"},
                     "shift_end": {"date": "日期", "time": "班次", "part": "end"}},
         "punches": {"file": "打卡.csv", "staff": "姓名", "time": "打卡时间"}}
    got = load("attendance", d, m)
    f = got.frame
    assert f["staff_id"].tolist() == ["S1", "S2"]
    assert [str(x) for x in f["arrived_at"]] == ["2025-03-03 08:15:00", "2025-03-03 08:25:00"]
    assert got.plans[0].punches["unmatched"] == 0 and got.plans[0].punches["staff_unknown"] == 0
