"""probe37 (probe36's item): a complaint the customer withdrew (撤诉) is still owed a callback.

标准1 第十三条(五) (建立客户回访制度。对客户投诉在5天内、举报在10天内答复;……回访率不低于90%) makes no exception for
a withdrawn case: the withdrawal ends the reply owed (the catalog's reply rule, unchanged), not the callback that hears
the customer's view.  The catalog's rule is kept - a withdrawn case is concluded by its withdrawal and owed a callback -
and made visible where a reader meets it: the callback table counts such cases apart (``withdrawn_cases``, 其中撤诉),
the callback rule printed by `complaints` says so, and the drill-down's message of the callback rate says why a
withdrawn case missed it.  The reply table counted a case withdrawn within the limit nowhere (4 complaints read as
3 cases; a kind whose only case was withdrawn had no row): it is counted apart (``withdrawn_in_limit``).

By hand: C1 replied and called back; C2 withdrawn Tue 4 Mar (within 5 days), no callback; C3 withdrawn Thu 20 Mar
(after the limit: overdue), no callback; R1, a report withdrawn Wed 5 Mar, called back Thu 6 Mar.  Callbacks due 4
(every one concluded), made 2: 50.0 %, of which withdrawn 3.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.cli import main
from windoweval.complaints import CALLBACK_RULE, callback_rate, timeliness
from windoweval.records import validate
from windoweval.scoring import score

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n'
CASES = ("case_id,channel,kind,window_id,received_at,replied_at,resolved_at,case_status,callback_at,callback_result\n"
         "C1,95598,complaint,PW01,2025-03-03 09:00,2025-03-04 10:00,2025-03-04 10:00,closed,2025-03-05 09:00,satisfied\n"
         "C2,95598,complaint,PW01,2025-03-03 09:00,,2025-03-04 10:00,withdrawn,,\n"
         "C3,95598,complaint,PW01,2025-03-03 09:00,,2025-03-20 10:00,withdrawn,,\n"
         "R1,95598,report,PW01,2025-03-03 09:00,,2025-03-05 10:00,withdrawn,2025-03-06 09:00,satisfied\n")


def _cases(tmp_path):
    f = tmp_path / "complaints.csv"
    f.write_text(CASES, encoding="utf-8")
    return validate(pd.read_csv(f, dtype=str), "complaints", file="complaints.csv")


def test_the_callback_table_counts_withdrawn_cases_apart(tmp_path):
    cases = _cases(tmp_path)
    t = callback_rate(cases, as_of="2025-12-31 23:59")
    assert t[["needing", "called_back", "not_called_back", "withdrawn_cases"]].values.tolist() == [[4, 2, 2, 3]]
    assert float(t["rate"].iloc[0]) == 0.5   # the rate as it was: the rule unchanged
    # no withdrawn case due: no such column (tables as they were)
    closed = cases[(cases["case_status"] != "withdrawn").to_numpy()]
    assert "withdrawn_cases" not in callback_rate(closed).columns
    assert "撤诉" in CALLBACK_RULE["zh"] and "withdrew" in CALLBACK_RULE["en"]


def test_the_reply_table_counts_withdrawn_within_the_limit_apart(tmp_path):
    t = timeliness(_cases(tmp_path), as_of="2025-12-31 23:59").set_index("kind")
    assert t.loc["complaint", ["cases", "assessed", "in_time", "overdue", "withdrawn_in_limit", "missing_evidence"]
                 ].tolist() == [2, 2, 1, 1, 1, 0]
    assert t.loc["report", ["cases", "withdrawn_in_limit", "verdict"]].tolist() == [0, 1, "no_data"]


def test_the_drilldown_says_why_a_withdrawn_case_counts(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "complaints.csv").write_text(CASES, encoding="utf-8")
    card = score("power_window", 2025, data=d)
    missed = card.drilldown("power_window.13.5#callback_rate")
    assert sorted(missed["case_id"]) == ["C2", "C3"]
    assert missed["message"].str.contains("撤诉").all() and missed["message"].str.contains("withdr").all()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["complaints", "--data", str(d), "--year", "2025"])
    assert rc == 0, err.getvalue()
    assert "其中撤诉" in out.getvalue() and "期限内撤销" in out.getvalue()
