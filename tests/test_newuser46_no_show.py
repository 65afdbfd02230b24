"""newuser46: a hospital's outpatient queue export (排队叫号明细, one row per booked visit) writes in its status column
the visits that never took place at the window: the patient booked and never came (未签到, 爽约: no sign-in time) or
the clinic was stopped (停诊: signed in, never called).  `records map` put that column under ignore and proposed no
`drop` for them, so the proposal, taken as it was, refused the whole file (every 未签到 row's blank sign-in time, a
required column) and would have counted a stopped clinic's tickets as never called.  The proposal now offers those
codes under `drop` (left out, counted by records check) for the user to check, in the exports of a queue, a hospital
window or a counter; never in an attendance export, where 未签到 is a staff member's missed clock-in, a fault."""
import yaml

from windoweval.records.files import load_files
from windoweval.records.propose import propose

QUEUE = ("挂号流水号,科室,就诊日期,签到时间,叫号时间,就诊状态,患者姓名\n"
         "GH1,HBIL,2025-03-04,08:10:00,08:25:00,已就诊,张三\n"
         "GH2,HBIL,2025-03-04,,,未签到,李四\n"
         "GH3,HBIL,2025-03-04,08:40:00,,停诊,王五\n"
         "GH4,HBIL,2025-03-04,,,爽约,赵六\n"
         "GH5,HBIL,2025-03-04,09:00:00,,过号,钱七\n"
         "GH6,HBIL,2025-03-04,09:05:00,09:30:00,已就诊,孙八\n")


def _proposal(tmp_path, text, kind, name="排队叫号.csv"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f, yaml.safe_load(propose(f, kind))[kind]


def test_no_show_and_stopped_clinic_proposed_for_drop(tmp_path):
    _f, got = _proposal(tmp_path, QUEUE, "queue_tickets")
    assert got.get("drop") == {"就诊状态": ["停诊", "未签到", "爽约"]}   # 过号 was called: kept, never dropped


def test_the_proposal_taken_reads_every_visit_that_took_place(tmp_path):
    f, got = _proposal(tmp_path, QUEUE, "queue_tickets")
    loaded = load_files("queue_tickets", [f], got)   # before: refused, 未签到's sign-in time blank
    assert sorted(loaded.frame["ticket_id"]) == ["GH1", "GH5", "GH6"]
    assert loaded.plans[0].dropped == {"就诊状态=未签到": 1, "就诊状态=停诊": 1, "就诊状态=爽约": 1}


def test_a_missed_clock_in_is_never_proposed_for_drop(tmp_path):
    # 未签到 in an attendance export is a fault to judge (a missed clock-in), not a visit that never took place
    text = ("工号,窗口,考勤日期,上班时间,下班时间,签到时间,签退时间,考勤状态\n"
            "S1,PW01,2025-03-04,08:30,17:30,08:20,17:35,正常\n"
            "S2,PW01,2025-03-04,08:30,17:30,,17:35,未签到\n")
    _f, got = _proposal(tmp_path, text, "attendance", "考勤.csv")
    assert "未签到" not in str(got.get("drop", {})), got.get("drop")


def test_a_refused_blank_names_the_rows_status_and_its_drop(tmp_path):
    # the mapping written by hand, with no drop: each 未签到 row refused for its blank sign-in time; the fix says
    # what the row's own status column says, and the drop entry that leaves such rows out (before: a status in general)
    f, got = _proposal(tmp_path, QUEUE, "queue_tickets")
    got.pop("drop")
    from windoweval.records.contract import RecordsError
    import pytest
    with pytest.raises(RecordsError) as e:
        load_files("queue_tickets", [f], got)
    p = e.value.problems
    blank = p[p["code"] == "missing_value"]
    assert sorted(blank["row"]) == [3, 5]   # GH2 未签到, GH4 爽约
    by_row = dict(zip(blank["row"], blank["fix_zh"]))
    assert 'drop: {"就诊状态": ["未签到"]}' in by_row[3] and 'drop: {"就诊状态": ["爽约"]}' in by_row[5], by_row
    assert "就诊状态 is 未签到" in " ".join(blank["fix_en"])


def test_each_status_code_is_said_once_not_row_by_row(monkeypatch):
    """review46: a year's outpatient queue refuses every 未签到 row (300,000 of them took ~57 s of CPU, each row's code
    masked and its fix written in Python); each distinct code is masked once, the rows given theirs by a lookup."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    import windoweval.privacy as privacy
    from windoweval.records.files import _status_said

    masked = []
    real = privacy.mask_lines
    monkeypatch.setattr(privacy, "mask_lines", lambda v, *a, **k: masked.append(v) or real(v, *a, **k))
    n = 3000
    codes = (["未签到", "爽约", "已就诊", None, "x" * 21] * n)[:n]
    frame = pd.DataFrame({0: [f"G{i}" for i in range(n)], 1: [None] * n, 2: codes})
    rows = np.arange(2, n + 2)
    plans = [SimpleNamespace(used={"流水号": ["ticket_id"], "签到时间": ["ticket_at"]})]
    p = pd.DataFrame({"file": "q.csv", "row": rows, "column": "ticket_at", "code": "missing_value",
                      "fix_zh": "请补上", "fix_en": "fill it in"})
    got = _status_said(p, [("q.csv", ["流水号", "签到时间", "就诊状态"], frame, rows)], plans)
    assert sorted(masked) == sorted(["未签到", "爽约", "已就诊"])         # once each; a blank or free text never
    fix = dict(zip(codes[:5], got["fix_en"][:5]))
    assert fix["未签到"].endswith('drop: {"就诊状态": ["未签到"]}') and fix["爽约"].startswith("fill it in; the row's 就诊状态")
    assert fix[None] == "fill it in" and fix["x" * 21] == "fill it in"   # nothing to say: as it was
    assert got["fix_zh"][1].endswith('写 drop: {"就诊状态": ["爽约"]} 去掉这类行')
