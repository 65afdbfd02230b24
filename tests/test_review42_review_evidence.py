"""The review's evidence is not a record in no measure's population (review42, on left42's service halls).

left42 counts a service hall's 办件 in ``score``'s unscored records (reason ``no_measure``) by reading, for a record
kind the plan does not read, the windows no measure of any standard judges on it.  ``demonstration_evidence`` is read
by no measure at all: it is the demonstration-window review's evidence (windoweval.review), read by that evaluation.
The demo's ``score`` then listed all 119 of its rows as "没有适用于供电营业厅(power_hall)的测量项 no measure for
power_hall", as if the hall's review evidence had been left unused.  A kind no measure reads is not the scorecard's
to account for; the service hall's 办件 (a kind measures read for other windows) are still counted."""
from __future__ import annotations

import windoweval as we

WS = ('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n')
EVIDENCE = ("window_id,year,item,result,reviewed_on,document,note\n"
            "PW01,2025,standard_window_met,pass,2026-01-15,2025年度评审材料,\n"
            "PW01,2025,support_system_built,pass,2026-01-15,2025年度评审材料,\n")
HALL = ("ticket_id,window_id,business_type,ticket_at,called_at,started_at,ended_at\n"
        "B1,SH01,general_affairs,2025-03-03 09:00,2025-03-03 09:05,2025-03-03 09:06,2025-03-03 09:20\n")


def test_the_reviews_evidence_is_not_unscored(tmp_path):
    (tmp_path / "windoweval.toml").write_text(WS, encoding="utf-8")
    (tmp_path / "demonstration_evidence.csv").write_text(EVIDENCE, encoding="utf-8")
    (tmp_path / "counter_transactions.csv").write_text(HALL.replace("SH01", "PW01").replace("general_affairs",
                                                                                           "resident_payment"),
                                                       encoding="utf-8")
    u = we.score(None, 2025, data=tmp_path).unscored
    assert "demonstration_evidence" not in set(u["record_kind"]), u


def test_a_service_halls_matters_are_still_counted(tmp_path):
    (tmp_path / "windoweval.toml").write_text(
        'name = "x"\n[[windows]]\nid = "SH01"\nname = "政务服务大厅"\nkind = "service_hall"\n', encoding="utf-8")
    (tmp_path / "counter_transactions.csv").write_text(HALL, encoding="utf-8")
    (tmp_path / "demonstration_evidence.csv").write_text(EVIDENCE.replace("PW01", "SH01"), encoding="utf-8")
    u = we.score(None, 2025, data=tmp_path).unscored
    assert u[["record_kind", "reason", "value", "records"]].values.tolist() == [
        ["counter_transactions", "no_measure", "SH01", 1]], u
