"""Complaints of a window no reply limit applies to (session 30): counted apart, never judged overdue.

The reply limits and callbacks of the power-supply standard (第十三条(五)) apply to the kinds its measures name
(business halls, the 95598 centre).  A hospital's complaints register read beside them had its cases listed as
逾期 (overdue) by that 5-day limit in ``windoweval complaints`` and the report's complaint tables, while the
scorecard rightly left them out.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

from windoweval.cli import main
from windoweval.complaints import complaint_summary


def _dir(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(
        'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n'
        '[[windows]]\nid = "H01"\nname = "门诊收费"\nkind = "hospital_billing"\n', encoding="utf-8")
    rows = ["C1,counter,complaint,PW01,2025-03-02 09:00,2025-03-04 09:00",
            "C2,counter,complaint,PW01,2025-03-02 09:00,2025-03-20 09:00",    # late: 18 days
            "H1,counter,complaint,H01,2025-03-02 09:00,2025-03-20 09:00",     # a hospital case: no limit applies
            "H2,counter,complaint,H01,2025-04-02 09:00,"]                     # unanswered at the year's end
    (d / "complaints.csv").write_text("case_id,channel,kind,window_id,received_at,replied_at\n" + "\n".join(rows) + "\n",
                                      encoding="utf-8")
    return d


def test_a_hospital_windows_cases_are_not_judged_by_the_power_limit(tmp_path):
    d = _dir(tmp_path)
    t = complaint_summary(2025, d)
    row = t["timeliness"].set_index("kind").loc["complaint"]
    assert (row["assessed"], row["in_time"], row["late"]) == (2, 1, 1)
    assert not t["open"]["window_id"].astype(str).eq("H01").any()
    assert "H01" not in set(t["breakdown"]["window_id"].astype(str))


def test_the_command_counts_them_apart(tmp_path):
    d = _dir(tmp_path)
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["complaints", "--year", "2025", "--data", str(d)])
    out = so.getvalue()
    assert code == 0, out
    line = next(x for x in out.splitlines() if "另有 2 件" in x)
    assert "H01 2" in line and "not judged" in line


def test_the_report_page_says_how_many_were_left_out(tmp_path):
    from windoweval.sections import section

    d = _dir(tmp_path)
    got = section("complaints", 2025, data=d)
    assert got.meta["apart"] == {"H01": 2}
    assert section("complaints", 2025).meta["apart"] == {}     # the demo: every case at a window the rule names
