"""The report's missing-evidence warnings on the console and in the log, in every language the report is built in
(session 29: the console printed the Chinese text alone, though each warning carries its English beside it)."""
from __future__ import annotations

from _workspace import run_cli, write_workspace

COMPLAINTS = ("工单编号,诉求类型,受理渠道,窗口编号,受理时间,答复时间\n"
              "T1,complaint,95598,PW01,2025-03-02 09:00,2025-03-03 10:00\n"
              "T2,enquiry,counter,PW01,2025-04-02 09:00,2025-04-02 10:00\n")


def test_a_warning_is_said_in_chinese_then_english(tmp_path):
    data = write_workspace(tmp_path / "data")
    (data / "complaints.csv").write_text(COMPLAINTS, encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("report", "--year", "2025", "--data", str(data), "--out", str(out), "--log", str(tmp_path / "b.log"),
                cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("⚠")]
    assert lines, r.stderr          # no 2024 records: no baseline, said so
    for ln in lines:
        zh, _, en = ln.partition(" / ")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) and en.strip(), ln
    assert any("baseline year 2024" in ln for ln in lines), lines
    log = (tmp_path / "b.log").read_text(encoding="utf-8")
    assert "no records for the baseline year 2024" in log and "基准年 2024" in log
