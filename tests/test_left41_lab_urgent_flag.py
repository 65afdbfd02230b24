"""A laboratory (LIS) export with an urgent flag beside the test names (急诊 是/否/Y/N/1/0): records map read the event
type from the test name alone and left 急诊 unread, so an urgent 血常规 reported 35 minutes after receipt was a miss
of the routine 30 minutes, when an emergency test is promised its report in 2 hours (hospital_commitments.lab.5).
records map now proposes a pick (the flagged rows' event type from the flag, lab_emergency), and the proposal, taken
as it is, scores the urgent samples on the 2 hours (left41)."""
from __future__ import annotations

import csv

from _workspace import run_cli

ROWS = [("S001", "HLAB", "血常规", "否", "2025-04-08 08:20:15", "2025-04-08 08:45:00"),
        ("S002", "HLAB", "肝功能", "N", "2025-04-08 08:30", "2025-04-08 13:00"),
        ("S003", "HLAB", "血常规", "是", "2025-04-08 21:05:00", "2025-04-08 21:40:00"),   # urgent, 35 min
        ("S004", "HLAB", "尿常规", "0", "2025-04-09 09:10", "2025-04-09 09:30"),
        ("S005", "HLAB", "电解质", "1", "2025-04-09 10:02:00", "2025-04-09 11:30:00"),   # urgent, 88 min
        ("S006", "HLAB", "血常规", "Y", "2025-04-09 02:03", "2025-04-09 04:10")]         # urgent, 127 min: a miss


def _workspace(tmp_path):
    d = tmp_path / "lab"
    d.mkdir()
    (d / "windoweval.toml").write_text('name = "示例医院"\n[[windows]]\nid = "HLAB"\nname = "检验科"\n'
                                       'kind = "hospital_lab"\n', encoding="utf-8")
    with open(d / "lis.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["标本号", "科室编号", "检验项目", "急诊", "接收时间", "报告时间"])
        w.writerows(ROWS)
    return d


def test_records_map_proposes_the_urgent_flag_as_a_pick(tmp_path):
    from windoweval.records.propose import propose

    text = propose(_workspace(tmp_path) / "lis.csv", "hospital_events")
    pick = next(x for x in text.splitlines() if x.strip().startswith("event_type: {by:"))
    assert 'by: "急诊"' in pick and 'default: "检验项目"' in pick
    assert all(f'"{code}": "急诊"' in pick for code in ("是", "Y", "1")) and '"否"' not in pick
    for code in ("是", "Y", "1"):
        assert f'"{code}": lab_emergency' in text
    assert '"急诊"' not in text.split("ignore:")[-1].split("\n")[0]        # no longer left unread


def test_the_proposal_as_it_is_scores_urgent_samples_on_two_hours(tmp_path):
    from windoweval.records.propose import propose

    d = _workspace(tmp_path)
    (d / "mapping.yaml").write_text(propose(d / "lis.csv", "hospital_events"), encoding="utf-8")
    r = run_cli("score", "--standard", "hospital_commitments", "--year", "2025", "--data", str(d), "--out",
                str(tmp_path / "out"), cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    missed = (tmp_path / "out" / "hospital_commitments_missed.csv").read_text(encoding="utf-8-sig")
    lab = [x for x in missed.splitlines() if "lab.5" in x]
    assert not any("S003" in x or "S005" in x for x in lab), lab     # before: S003 a routine miss
    assert any("S006" in x and "lab.5#emergency" in x for x in lab), lab
