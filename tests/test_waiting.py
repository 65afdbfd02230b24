"""Waiting from queue tickets (取号 → 叫号): the figures pinned to R, the verdict 缩短 at its boundaries."""
import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.workspace import Workspace
from windoweval.waiting import COLUMNS, waiting_times

WINDOWS = [{"id": "HBIL", "name": "挂号收费室", "kind": "hospital_billing"},
           {"id": "HPHA", "name": "门诊药房", "kind": "hospital_pharmacy"}]


def _tickets(year, waits: dict) -> dict:
    """Queue tickets with the given waits (minutes; None: never called) per window."""
    rows = []
    for w, mins in waits.items():
        for i, m in enumerate(mins):
            t = pd.Timestamp(f"{year}-04-08 09:00:00") + pd.Timedelta(minutes=i)
            rows.append({"ticket_id": f"{w}{year}{i}", "window_id": w, "ticket_at": t,
                         "called_at": None if m is None else t + pd.Timedelta(seconds=round(m * 60))})
    df = pd.DataFrame(rows, columns=["ticket_id", "window_id", "ticket_at", "called_at"])
    return {"queue_tickets": validate(df.astype(object).where(df.notna(), None), "queue_tickets", file="case")}


def _run(now: dict, before: dict, **ws):
    w = Workspace.from_dict({"name": "x", "windows": WINDOWS, **ws})
    t = waiting_times(2025, workspace=w, records=_tickets(2025, now), baseline_records=_tickets(2024, before))
    assert list(t.columns) == COLUMNS
    return t.set_index("window_id")


def test_figures_agree_with_r():
    # R: quantile(c(1.5, 3, 4, 7, 12.25, 30), c(.5, .9), type = 7)  ->  5.5, 21.125
    t = _run({"HBIL": [1.5, 3, 4, 7, 12.25, 30, None]}, {})
    r = t.loc["HBIL"]
    assert (r["tickets"], r["called"], r["not_called"]) == (7, 6, 1)
    assert r["median_min"] == pytest.approx(5.5, abs=1e-12) and r["p90_min"] == pytest.approx(21.125, abs=1e-12)
    assert r["verdict"] == "measured"            # no baseline year's tickets: shown, no verdict
    assert t.loc["HPHA", "verdict"] == "no_data"  # no ticket at all: no evidence, never a pass


def test_verdict_boundaries():
    # median 4.99 < 5 with the 90th percentile equal (10 = 10): shortened (one second less is less)
    # R: quantile(c(1, 2, 299/60, 10, 10), c(.5, .9)) -> 4.983333, 10; quantile(c(1, 2, 5, 10, 10), ...) -> 5, 10
    t = _run({"HBIL": [1, 2, 299 / 60, 10, 10], "HPHA": [1, 2, 4, 11, 11]},
             {"HBIL": [1, 2, 5, 10, 10], "HPHA": [1, 2, 5, 10, 10]})
    assert t.loc["HBIL", "median_min"] == pytest.approx(299 / 60) and t.loc["HBIL", "p90_min"] == 10
    assert t.loc["HBIL", "verdict"] == "shortened"
    assert t.loc["HBIL", "change_median_min"] == pytest.approx(-1 / 60)
    # a lower median with a longer tail (p90 11 > 10): not shortened
    assert t.loc["HPHA", "verdict"] == "not_shortened"
    # the same median with a shorter tail: not shortened (缩短 asks the typical wait to fall)
    assert _run({"HBIL": [1, 5, 9]}, {"HBIL": [1, 5, 10]}).loc["HBIL", "verdict"] == "not_shortened"


def test_thin_evidence_in_either_year_is_insufficient():
    t = _run({"HBIL": [1, 2, 3], "HPHA": [1, 2, 3, 4]}, {"HBIL": [5, 6, 7, 8], "HPHA": [5, 6, 7]}, min_records=4)
    assert t.loc["HBIL", "verdict"] == "insufficient" and t.loc["HPHA", "verdict"] == "insufficient"
    t = _run({"HBIL": [1, 2, 3, 4]}, {"HBIL": [5, 6, 7, 8]}, min_records=4)
    assert t.loc["HBIL", "verdict"] == "shortened"


def test_tickets_never_called_are_counted_apart_not_as_waits():
    # as many left uncalled as in the baseline year (1 in 3): the called tickets' median decides
    t = _run({"HBIL": [2, 2, None]}, {"HBIL": [3, 3, None]})
    r = t.loc["HBIL"]
    assert (r["called"], r["not_called"], r["baseline_not_called"], r["median_min"], r["verdict"]) == (2, 1, 1, 2.0,
                                                                                                      "shortened")


def test_shorter_waits_with_more_tickets_never_called_are_no_evidence_of_shortening():
    """verdicts47: two of three patients never called (left, or still waiting) against none in the baseline year: the
    one called waited 2 min against 3, but the shorter wait may be the longest waiters having left (their waits
    unknown).  Before, ``shortened``: a pass on the tickets that had no call.  Neither shortened nor not: insufficient."""
    t = _run({"HBIL": [2, None, None], "HPHA": [2, 2, 2, None]}, {"HBIL": [3], "HPHA": [3, 3, 3, None]})
    r = t.loc["HBIL"]
    assert (r["called"], r["not_called"], r["baseline_not_called"], r["median_min"]) == (1, 2, 0, 2.0)
    assert r["verdict"] == "insufficient"
    # the same share never called (1 in 4 both years): the median decides
    assert t.loc["HPHA", "verdict"] == "shortened"
    # a longer wait stays not shortened whatever the share never called (a fail needs no guess about who left)
    assert _run({"HBIL": [9, None]}, {"HBIL": [3]}).loc["HBIL", "verdict"] == "not_shortened"
    # fewer left uncalled than in the baseline year: the median decides
    assert _run({"HBIL": [2, 2, 2]}, {"HBIL": [3, None]}).loc["HBIL", "verdict"] == "shortened"


def test_scorecard_reports_the_waiting_measure_beside_not_scored():
    from windoweval.records import contracts
    from windoweval.scoring import score

    w = Workspace.from_dict({"name": "x", "windows": WINDOWS})
    empty = {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
             for k, c in contracts().items()}
    card = score("hospital_commitments", 2025, workspace=w, records={**empty, **_tickets(2025, {"HBIL": [1, 2, 9]})})
    r = card.results.set_index(["measure", "window_id"]).loc[("hospital_commitments.billing.7#waiting", "HBIL")]
    assert r["verdict"] == "report" and int(r["n"]) == 0
    d = card.drilldown("hospital_commitments.billing.7#waiting", include_passed=True)
    assert d[["window_id", "called", "median_min"]].values.tolist() == [["HBIL", 3, 2.0]]
    # reported beside: the window's 100-point score does not count it
    assert "hospital_commitments.billing.7#waiting" not in set(
        card.results.loc[card.results["verdict"] != "report", "measure"])


def test_waiting_command_on_the_demo(capsys):
    """``windoweval waiting``: the demo's billing office waits less than the year before, the pharmacy more."""
    from windoweval.cli import main

    assert main(["waiting", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "已缩短 / shortened" in out and "未缩短 / not shortened" in out and "HBIL" in out
    assert main(["waiting", "--year", "2024"]) == 0
    assert "仅计量(无基准年)/ measured, no baseline" in capsys.readouterr().out


def test_the_never_called_reading_is_an_option_refused_with_its_words_if_wrong():
    """verdicts47b: the never-called rule is a reading, so an option (the standards' guide): never_called = "ignore"
    under [params."<measure>"] judges by the called tickets alone; the default "compare" keeps verdicts47's rule; a
    word it does not know is refused with the words it takes.  Before: the key was refused (the kernel took none)."""
    from windoweval.records.workspace import WorkspaceError

    m = "hospital_commitments.billing.7#waiting"
    now, before = {"HBIL": [2, None, None]}, {"HBIL": [3]}
    assert _run(now, before).loc["HBIL", "verdict"] == "insufficient"
    assert _run(now, before, params={m: {"never_called": "compare"}}).loc["HBIL", "verdict"] == "insufficient"
    r = _run(now, before, params={m: {"never_called": "ignore"}}).loc["HBIL"]
    assert (r["verdict"], r["not_called"], r["baseline_not_called"]) == ("shortened", 2, 0)   # still counted, shown
    # the pharmacy's measure keeps the default
    t = _run({"HBIL": [2, None], "HPHA": [2, None]}, {"HBIL": [3], "HPHA": [3]}, params={m: {"never_called": "ignore"}})
    assert (t.loc["HBIL", "verdict"], t.loc["HPHA", "verdict"]) == ("shortened", "insufficient")
    with pytest.raises(WorkspaceError) as e:
        _run(now, before, params={m: {"never_called": "ignored"}})
    assert '"compare"' in str(e.value) and '"ignore"' in str(e.value) and "never_called" in str(e.value)
    from windoweval.catalog import load_catalog
    reading = load_catalog().clause("hospital_commitments.billing.7")["reading"]
    assert 'never_called = "ignore"' in reading
