"""small46: `windoweval complaints` for a power workspace with no complaints file printed its empty tables and exited
0 without a word, as if the year had no complaint.  It now says the evidence is missing (as the report's section does,
complaints.missing), in both languages with the fix; the exit code stays 0 (missing evidence is no refused input); a
workspace with the year's complaints does not say it."""
from __future__ import annotations

from _workspace import run_cli, write_workspace

HALL = (("PW01", "城东营业厅", "power_hall"),)
TICKETS = "ticket_id,window_id,ticket_at,called_at\nQ1,PW01,2025-03-04 08:00,2025-03-04 08:20\n"


def _ws(tmp_path, complaints: str | None = None):
    d = write_workspace(tmp_path / "ws", HALL)
    (d / "queue_tickets.csv").write_text(TICKETS, encoding="utf-8")
    if complaints:
        (d / "complaints.csv").write_text(complaints, encoding="utf-8")
    return d


def test_complaints_without_a_complaints_file_says_the_evidence_is_missing(tmp_path):
    r = run_cli("complaints", "--year", "2025", "--data", str(_ws(tmp_path)), cwd=tmp_path)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "缺少证据:数据中没有 2025 年的客户诉求记录(complaints)" in r.stdout             # before: empty tables alone
    assert "Missing evidence: the data holds no 2025 customer requests (complaints)" in r.stdout
    assert "complaints.csv" in r.stdout


def test_complaints_with_the_years_cases_does_not_say_so(tmp_path):
    d = _ws(tmp_path, "case_id,channel,kind,window_id,received_at\nT1,counter,complaint,PW01,2025-03-04 09:00\n")
    r = run_cli("complaints", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert r.returncode == 0 and "没有 2025 年的客户诉求记录" not in r.stdout
    assert "holds no 2025 customer requests" not in r.stdout
