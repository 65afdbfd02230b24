"""Complaint replies and callbacks (第十三条(五)): planted counts, boundaries, art. 203, tables, CLI."""
import dataclasses

import pandas as pd
import pytest

from windoweval import cli
from windoweval import complaints as C
from windoweval.demo import complaints as CD
from windoweval.demo import DEMO_YEAR
from windoweval.kernels import reply_within
from windoweval.promises import _sub_catalog
from windoweval.scoring import score

COMPLAINT_MEASURES = set(CD.PLANTED_FAILS)


@pytest.fixture(scope="module")
def cards(ws):
    sub = _sub_catalog(COMPLAINT_MEASURES)
    off = score("power_window", year=DEMO_YEAR, workspace=dataclasses.replace(ws, art203=False), catalog=sub)
    on = score("power_window", year=DEMO_YEAR, workspace=dataclasses.replace(ws, art203=True), catalog=sub)
    return off, on


@pytest.fixture(scope="module")
def cases(ws):
    return C.read_complaints(DEMO_YEAR, workspace=ws)


def fails(card, measure):
    r = card.results[card.results["measure"] == measure]
    assert len(r), measure
    return int((r["n"] - r["met"]).sum())


def test_planted_late_replies_and_missed_callbacks_are_counted_exactly(cards):
    off, _ = cards
    for measure, expected in CD.PLANTED_FAILS.items():
        assert fails(off, measure) == expected, measure
    assert fails(off, "power_window.13.5#complaint_reply") == 11
    assert fails(off, "power_window.13.5#callback_rate") == 38


def test_report_whose_tenth_day_is_a_holiday_fails_without_art203_and_passes_with_it(cards):
    off, on = cards
    m = "power_window.13.5#report_reply"
    assert fails(off, m) == CD.PLANTED["report_reply_late"] == 5
    assert fails(on, m) == CD.PLANTED["report_reply_late_art203"] == 4
    b3 = CD.BOUNDARY_CASES["report_day10_holiday"]
    assert b3 in set(off.drilldown(m)["case_id"])
    assert b3 not in set(on.drilldown(m)["case_id"])
    # the other measures do not move with art. 203 (planted late replies are far past any holiday)
    for other in COMPLAINT_MEASURES - {m}:
        assert fails(on, other) == fails(off, other)


def test_reply_at_the_very_end_of_the_fifth_day_passes(cases):
    for art203 in (False, True):
        a = C.assess_cases(cases, art203=art203).set_index("case_id")
        b1, b2 = CD.BOUNDARY_CASES["complaint_end_of_day5"], CD.BOUNDARY_CASES["complaint_start_of_day6"]
        assert str(a.loc[b1, "deadline"].date()) == "2025-03-10"
        assert a.loc[b1, "reply_status"] == "in_time"
        assert a.loc[b2, "reply_status"] == "late"
    b3 = CD.BOUNDARY_CASES["report_day10_holiday"]
    assert C.assess_cases(cases).set_index("case_id").loc[b3, "reply_status"] == "late"
    a = C.assess_cases(cases, art203=True).set_index("case_id")
    assert (str(a.loc[b3, "deadline"].date()), a.loc[b3, "reply_status"]) == ("2025-10-09", "in_time")


def test_unanswered_case_fails_only_once_overdue():
    df = pd.DataFrame({"r": pd.to_datetime(["2025-03-05 10:00"] * 3),
                       "a": pd.to_datetime(["2025-03-10 12:00", None, None])})
    assert reply_within(df, "r", "a", 5, as_of="2025-03-10 23:59:59").tolist() == [True, pd.NA, pd.NA]
    assert reply_within(df, "r", "a", 5, as_of="2025-03-11 00:00:00").tolist() == [True, False, False]
    # without as_of the records' own horizon (their latest timestamp) decides
    assert reply_within(df, "r", "a", 5).tolist() == [True, pd.NA, pd.NA]


def test_tables_add_up_to_the_scorecard(cards, cases):
    off, _ = cards
    a = C.assess_cases(cases)
    t = C.timeliness(a).set_index("kind")
    assert int(t.loc["complaint", "late"] + t.loc["complaint", "overdue"]) == fails(off, "power_window.13.5#complaint_reply")
    assert int(t.loc["complaint", "overdue"]) == CD.PLANTED["complaint_unreplied_overdue"]
    assert int(t.loc["report", "late"]) == CD.PLANTED["report_reply_late"]
    cb = C.callback_rate(a).iloc[0]
    assert int(cb["unreachable"]) == CD.PLANTED["callbacks_unreachable"]
    assert int(cb["not_called_back"]) == CD.PLANTED["callbacks_missing"] + CD.PLANTED["callbacks_before_repair"]
    assert int(cb["needing"] - cb["called_back"]) == fails(off, "power_window.13.5#callback_rate")
    assert cb["rate"] < cb["rate_incl_unreachable"]
    # per window, the same rate as the scorecard's
    r = off.results[off.results["measure"] == "power_window.13.5#callback_rate"].set_index("window_id")["rate"]
    per = C.callback_rate(a, by="window_id").set_index("window_id")["rate"]
    pd.testing.assert_series_equal(per.sort_index(), r.reindex(per.index).sort_index(), check_names=False)


def test_unreachable_counts_as_not_called_back_by_default_and_is_shown_both_ways():
    t = lambda *v: pd.to_datetime(list(v))  # noqa: E731
    cases = pd.DataFrame({"case_id": list("abcd"), "channel": ["95598"] * 4,
                          "kind": ["complaint", "report", "fault_repair", "suggestion"], "window_id": ["PW01"] * 4,
                          "category": [None] * 4, "received_at": t(*["2025-05-01 08:00"] * 4),
                          "replied_at": t("2025-05-02 10:00", "2025-05-02 10:00", None, "2025-05-02 10:00"),
                          "resolved_at": t(None, None, "2025-05-01 10:00", None),
                          "callback_at": t("2025-05-03 09:00", "2025-05-03 09:00", "2025-05-01 09:00", None),
                          "callback_result": ["unreachable", "satisfied", "satisfied", None], "customer_key": None})
    cb = C.callback_rate(cases).iloc[0]
    # the suggestion needs no callback; the fault repair was "called back" before the repair
    assert (cb["needing"], cb["called_back"], cb["unreachable"], cb["not_called_back"]) == (3, 1, 1, 1)
    assert cb["verdict"] == "fail" and round(cb["rate_incl_unreachable"], 4) == round(2 / 3, 4)


def test_satisfaction_among_those_called_back(cases):
    s = C.satisfaction(cases).iloc[0]
    assert int(s["dissatisfied"]) == CD.PLANTED["callbacks_dissatisfied"]
    assert int(s["called_back"]) == int(s["satisfied"] + s["dissatisfied"])


def test_repeat_complainants_within_thirty_days(ws):
    allc = C.read_complaints(None, workspace=ws)
    both = allc[allc["received_at"].dt.year.isin([DEMO_YEAR - 1, DEMO_YEAR])]
    r = C.repeat_complainants(both, days=30, year=DEMO_YEAR)
    assert r["customer_key"].nunique() == len(r) == CD.PLANTED["repeat_complainants_30d"]
    assert 30 in set(r["days_since_previous"]) and "KX000001" in set(r["customer_key"])  # across the new year
    only = C.repeat_complainants(allc[allc["received_at"].dt.year == DEMO_YEAR], days=30)
    assert len(only) == CD.PLANTED["repeat_complainants_30d"] - 1
    assert len(C.repeat_complainants(both, days=31, year=DEMO_YEAR)) == len(r) + 1  # the 31-day decoy


def test_open_and_overdue_at_a_cut_off(cases):
    o = C.open_cases(cases, "2025-12-31 23:59:59")
    over = o[o["overdue"].fillna(False).astype(bool)]
    assert len(over) == CD.PLANTED["complaint_unreplied_overdue"]
    assert (over["kind"] == "complaint").all() and (over["days_overdue"] > 60).all()
    b1 = cases[cases["case_id"] == CD.BOUNDARY_CASES["complaint_end_of_day5"]].assign(replied_at=pd.NaT)
    assert C.open_cases(b1, "2025-03-10 23:59:59")["overdue"].tolist() == [False]
    assert C.open_cases(b1, "2025-03-11 00:00:00")["overdue"].tolist() == [True]
    assert C.open_cases(b1, "2025-03-05 09:00").empty  # not yet received


def test_breakdowns_by_month_window_channel_category(cases):
    a = C.assess_cases(cases)
    for by in ("month", "window_id", "channel", "category"):
        b = C.breakdown(a, by)
        assert int(b["cases"].sum()) == len(cases), by
        assert int(b["replied_late"].sum() + b["overdue"].sum()) == 11 + 5, by
    assert len(C.breakdown(a, "month")) == 12
    assert set(C.breakdown(a, "channel")["channel"]) == {"counter", "95598", "letter", "fax", "online"}


def test_score_command_includes_complaint_and_promise_clauses(tmp_path, capsys):
    code = cli.main(["score", "--standard", "power_window", "--year", str(DEMO_YEAR), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    for m in ("power_window.13.5#complaint_reply", "power_window.13.5#report_reply",
              "power_window.13.5#fault_repair_callback", "power_window.13.5#callback_rate",
              "power_window.5.2#complaints", "power_window.5.2#work_orders", "power_window.13.6"):
        assert m in out, m
    res = pd.read_csv(tmp_path / "power_window_results.csv", dtype={"window_id": str})
    sel = res[res["measure"].isin(list(CD.PLANTED_FAILS))]
    got = sel.assign(f=sel["n"] - sel["met"]).groupby("measure")["f"].sum()
    assert {k: int(v) for k, v in got.items()} == CD.PLANTED_FAILS
    missed = (tmp_path / "power_window_missed.csv").read_text(encoding="utf-8-sig")
    every = pd.read_parquet(tmp_path / "power_window_missed.parquet").astype("string").fillna("")
    every_text = "\n".join(every.apply(lambda c: "\n".join(c), axis=0))
    assert "case_id=CS25-B" in missed                       # the narrow CSV names the planted cases
    assert "CS25-B2" in every_text and "[手机号]" in every_text  # every missed record, its phone masked
    import re
    for text in (missed, every_text):
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text), "an unmasked phone number reached a missed-records file"


def test_complaints_command(capsys):
    assert cli.main(["complaints", "--year", str(DEMO_YEAR)]) == 0
    out = capsys.readouterr().out
    assert "回访口径" in out and "Callback rule" in out and "未联系上计为已回访" in out
    assert "第二百零三条" not in out  # the demo workspace has art203 = false
    assert f"重复投诉:{CD.PLANTED['repeat_complainants_30d']} 位客户" in out
    assert cli.main(["complaints", "--year", str(DEMO_YEAR), "--by", "month", "--art203", "on"]) == 0
    assert "第二百零三条" in capsys.readouterr().out
