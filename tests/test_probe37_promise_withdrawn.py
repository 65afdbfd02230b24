"""probe37 (probe36's item): the promise tables counted an order or a complaint the customer withdrew within the
limit (owed nothing by the rule, not assessed by the scorecard) as 无法判定 / not assessed, the count of occurrences
without the evidence a promise needs.  A promise kept every time it was judged then read 证据不足 / insufficient
evidence (the scorecard of the same clause: a pass), and one whose only occurrence was withdrawn read "insufficient"
too.  They are counted apart, ``withdrawn_in_limit`` (期限内撤销), in fulfilment, the console, the CSV, the
publication table and the report's promise section; no rate changes.

By hand (2025-06-02 is a Monday):
- M1 meter fault received Mon 2 Jun 09:00, withdrawn Tue 3 Jun 10:00 (2 working days: due Wed 4 Jun): within the
  limit, owed nothing.  M2 completed Tue 3 Jun: kept.  So 10.2.8: 1 kept of 1, 1 withdrawn, a pass.
- C1 complaint received Mon 3 Mar, replied Tue 4 Mar: kept.  C2 withdrawn Tue 4 Mar with no reply (5 days: due
  Sat 8 Mar): within the limit.  C3 withdrawn Thu 20 Mar with no reply: it was overdue, broken.  So 1 of 2, 50.0 %.
- R1 report withdrawn on Wed 5 Mar (10 days: due 13 Mar): its only occurrence, owed nothing.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

from windoweval.cli import main
from windoweval.promises import fulfilment, occurrences, publication_table
from windoweval.review import _promise_gaps
from windoweval.scoring import score

TOML = 'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n'
ORDERS = ("order_id,window_id,order_type,received_at,completed_at,order_status\n"
          "M1,PW01,meter_fault,2025-06-02 09:00,2025-06-03 10:00,withdrawn\n"
          "M2,PW01,meter_fault,2025-06-02 09:00,2025-06-03 10:00,closed\n")
CASES = ("case_id,channel,kind,window_id,received_at,replied_at,resolved_at,case_status,callback_at,callback_result\n"
         "C1,95598,complaint,PW01,2025-03-03 09:00,2025-03-04 10:00,2025-03-04 10:00,closed,2025-03-05 09:00,satisfied\n"
         "C2,95598,complaint,PW01,2025-03-03 09:00,,2025-03-04 10:00,withdrawn,,\n"
         "C3,95598,complaint,PW01,2025-03-03 09:00,,2025-03-20 10:00,withdrawn,,\n"
         "R1,95598,report,PW01,2025-03-03 09:00,,2025-03-05 10:00,withdrawn,2025-03-06 09:00,satisfied\n")


def _data(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    (d / "complaints.csv").write_text(CASES, encoding="utf-8")
    return d


def _cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(list(argv))
    return rc, out.getvalue(), err.getvalue()


def test_withdrawn_within_the_limit_is_counted_apart(tmp_path):
    d = _data(tmp_path)
    occ = occurrences(2025, data=d, standard="power_window")
    per = fulfilment(by=["promise_id"], occ=occ, standard="power_window").set_index("promise_id")
    cols = ["occurrences", "met", "broken", "not_assessed", "withdrawn_in_limit", "verdict"]
    assert per.loc["pw_meter_fault_2wd", cols].tolist() == [1, 1, 0, 0, 1, "pass"]
    assert per.loc["pw_complaint_reply_5d", cols].tolist() == [2, 1, 1, 0, 1, "fail"]
    assert per.loc["pw_report_reply_10d", cols].tolist() == [0, 0, 0, 0, 1, "no_data"]
    assert per.loc["pw_complaint_reply_5d", "rate"] == 0.5
    # the promise agrees with its clause's scorecard, which leaves the withdrawn order out of n without missing evidence
    card = score("power_window", 2025, data=d)
    row = card.results[card.results["measure"] == "power_window.10.2.8"].iloc[0]
    assert (int(row["n"]), int(row["met"]), row["verdict"]) == (1, 1, "pass")
    total = fulfilment(by=[], occ=occ, standard="power_window").iloc[0]
    assert total[["occurrences", "met", "not_assessed", "withdrawn_in_limit"]].tolist() == [3, 2, 0, 3]


def test_the_publication_table_says_nothing_was_owed(tmp_path):
    d = _data(tmp_path)
    for lang, text in (("zh", "无需兑现(1 次在期限内撤销)"), ("en", "nothing owed (1 withdrawn within the limit)")):
        pub = publication_table(2025, data=d, lang=lang, standard="power_window")
        rates = pub.iloc[:, 3].tolist()   # the rate (the counts follow it since public43)
        assert text in rates
        # (verdicts48: a promise with no record of its kind this year, here counter, meter reading and outage, is
        # insufficient evidence, and so all promises together; the promises with records of their kind are not)
        rates = [r for r, p in zip(rates, pub.iloc[:, 0]) if not r.endswith(("本年无此类记录)", "of its kind this year)"))
                 and p not in ("全部承诺", "All promises")]
        assert not any("证据不足" in r or "insufficient" in r for r in rates), rates


def test_the_command_shows_and_writes_the_column(tmp_path):
    d = _data(tmp_path)
    rc, out, err = _cli("promises", "--data", str(d), "--year", "2025", "--out", str(tmp_path / "o"))
    assert rc == 0, err + out
    assert "期限内撤销 withdrawn within the limit" in out
    # (verdicts48: only the promises with no record of their kind this year read 证据不足: counter, meter reading and
    # outage; the withdrawn ones and the others never)
    none = ("居民交电费", "办理用电业务", "按规定日期准确抄表", "计划检修停电")
    rest = [x for x in out.splitlines() if not any(w in x for w in none)]
    assert not any("证据不足" in x or "insufficient" in x for x in rest), [x for x in rest if "证据不足" in x]
    csv = pd.read_csv(tmp_path / "o" / "promise_fulfilment.csv", dtype={"promise_id": str}).set_index("promise_id")
    assert csv.loc["pw_meter_fault_2wd", ["not_assessed", "withdrawn_in_limit", "verdict"]].tolist() == [0, 1, "pass"]
    by_window = pd.read_csv(tmp_path / "o" / "promise_fulfilment_by_window.csv")
    assert by_window[["not_assessed", "withdrawn_in_limit"]].values.tolist() == [[0, 3]]


def test_the_review_says_withdrawn_not_no_records():
    per = pd.DataFrame({"window_id": ["PW01"], "promise_id": ["a"], "occurrences": [0], "open": [0],
                        "not_assessed": [0], "excused": [0], "withdrawn_in_limit": [2]})
    g = _promise_gaps(per, pd.Series(["PW01"]), ["a"], pd.Series({"a": "甲"}))
    assert g["zh"].tolist() == ["a(甲):2 条在期限内撤销(无需兑现)"]
    assert "withdrawn within the limit" in g["en"].iloc[0] and "no records" not in g["en"].iloc[0]


def test_the_report_section_shows_the_column_where_any(tmp_path):
    import windoweval as we

    d = _data(tmp_path)
    pr = we.yearbook("promises", 2025, data=d)
    per = pr["per_promise"].set_index("promise_id")
    assert per.loc["pw_meter_fault_2wd", ["not_assessed", "withdrawn_in_limit", "verdict"]].tolist() == [0, 1, "pass"]
    assert pr["by_window"]["withdrawn_in_limit"].tolist() == [3]
    # none withdrawn: the tables as they were, without the column
    (d / "complaints.csv").unlink()
    (d / "work_orders.csv").write_text(ORDERS.replace("withdrawn", "closed"), encoding="utf-8")
    assert "withdrawn_in_limit" not in we.yearbook("promises", 2025, data=d)["per_promise"].columns
