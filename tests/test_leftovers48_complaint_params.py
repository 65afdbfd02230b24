"""leftovers48: the complaint tables read the organisation's own ``[params]`` (and ``[targets]``).

Session 47 left ``windoweval/complaints.py`` reading ``days`` from the bundled catalog's measure, so a
``windoweval.toml`` ``[params."power_window.13.5#report_reply"] days = 5`` (stricter than the standard's 10) was
accepted by ``records check`` and ``score`` and then ignored by ``windoweval complaints``, ``windoweval review``
(the supervision record) and the report's complaints section (``complaint_summaries``).  Each now reads the
measure in force (:func:`windoweval.scoring.measure_in_force`, through ``own_section``): the stricter setting turns
an in-time reply late; without it the standard's limit stays; an unknown key is refused (exit 3).
"""
from __future__ import annotations

import pandas as pd
import pytest

from _workspace import run_cli, write_workspace

# a report received on 3 March, replied 7 days later: in time under the standard's 10 days, late under 5
CASES = ("case_id,channel,kind,window_id,received_at,replied_at\n"
         "R1,counter,report,PW01,2025-03-03 10:00,2025-03-10 10:00\n")
STRICT = '\n[params."power_window.13.5#report_reply"]\ndays = 5\n'


def _ws(tmp_path, extra: str = ""):
    d = write_workspace(tmp_path / "ws")
    (d / "windoweval.toml").write_text((d / "windoweval.toml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    (d / "complaints.csv").write_text(CASES, encoding="utf-8")
    return d


def _report_row(d):
    from windoweval.complaints import complaint_summaries
    from windoweval.records.workspace import load_workspace

    overall, = complaint_summaries(2025, data=d, bys=[None], workspace=load_workspace(d))
    return overall["timeliness"].set_index("kind").loc["report"]


def test_the_report_section_applies_the_stricter_days(tmp_path):
    row = _report_row(_ws(tmp_path, STRICT))
    assert (int(row["limit_days"]), int(row["late"]), int(row["in_time"])) == (5, 1, 0)   # before: 10, 0, 1


def test_the_report_section_keeps_the_standards_days_by_default(tmp_path):
    row = _report_row(_ws(tmp_path))
    assert (int(row["limit_days"]), int(row["late"]), int(row["in_time"])) == (10, 0, 1)


def test_open_cases_use_the_stricter_days(tmp_path):
    from windoweval.complaints import open_cases
    from windoweval.records.workspace import load_workspace

    d = _ws(tmp_path, STRICT)
    cases = pd.DataFrame({"case_id": ["R2"], "kind": ["report"], "window_id": ["PW01"],
                          "received_at": pd.to_datetime(["2025-03-03 10:00"]), "replied_at": pd.NaT})
    strict = open_cases(cases, "2025-03-10", workspace=load_workspace(d))
    standard = open_cases(cases, "2025-03-10")
    assert bool(strict["overdue"][0]) and not bool(standard["overdue"][0])   # before: not overdue either way


def test_complaints_command_applies_the_stricter_days(tmp_path):
    out = tmp_path / "out"
    r = run_cli("complaints", "--year", "2025", "--data", str(_ws(tmp_path, STRICT)), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    t = pd.read_csv(out / "timeliness.csv").set_index("kind").loc["report"]
    assert (int(t["limit_days"]), int(t["late"])) == (5, 1)                          # before: 10, 0
    assert "举报5天" in r.stdout and "reports 5" in r.stdout                            # before: 举报10天 printed


def test_complaints_command_keeps_the_standards_days_by_default(tmp_path):
    out = tmp_path / "out"
    r = run_cli("complaints", "--year", "2025", "--data", str(_ws(tmp_path)), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    t = pd.read_csv(out / "timeliness.csv").set_index("kind").loc["report"]
    assert (int(t["limit_days"]), int(t["in_time"])) == (10, 1)
    assert "举报10天" in r.stdout


@pytest.mark.parametrize("command", ["complaints", "review"])
def test_an_unknown_key_is_still_refused(tmp_path, command):
    d = _ws(tmp_path, '\n[params."power_window.13.5#report_reply"]\ndayz = 5\n')
    r = run_cli(command, "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert r.returncode == 3, (r.returncode, r.stdout[-2000:], r.stderr[-2000:])
    assert "Traceback" not in r.stderr and "dayz" in r.stderr + r.stdout and "days" in r.stderr + r.stdout


def test_a_longer_limit_is_still_refused(tmp_path):
    d = _ws(tmp_path, '\n[params."power_window.13.5#report_reply"]\ndays = 12\n')
    r = run_cli("complaints", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert "stricter" in r.stderr + r.stdout


def test_supervision_record_applies_the_stricter_days_and_target(tmp_path):
    from windoweval.review import supervision_record

    d = _ws(tmp_path, STRICT)
    strict = supervision_record(2025, d).set_index("window_id")
    standard = supervision_record(2025, _ws(tmp_path / "b")).set_index("window_id")
    assert strict.loc["PW01", "report_reply_rate"] == 0.0              # before: 1.0, the standard's 10 days
    assert standard.loc["PW01", "report_reply_rate"] == 1.0


def test_review_command_says_the_limits_applied(tmp_path):
    r = run_cli("review", "--year", "2025", "--data", str(_ws(tmp_path, STRICT)), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "举报5天内答复" in r.stdout and "reports within 5" in r.stdout               # before: 10


def test_review_command_keeps_every_digit_of_the_target(tmp_path):
    # small48's find: `windoweval review` printed a stricter 95.5 % target as 96 % (f"{target:.0%}")
    d = _ws(tmp_path, '\n[targets]\n"power_window.13.5#callback_rate" = 0.955\n')
    r = run_cli("review", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "回访率不低于95.5%" in r.stdout and "96%" not in r.stdout
