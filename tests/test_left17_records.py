"""What the last round left on verdicts and records (left17v).

1. Every count headed "records missing evidence" (缺少证据的记录) counts records only, by one rule
   (``summaries.records_missing``): the text summary's insufficient count had still added a unit measure's promise
   occurrences, and the failed cells of the year's evaluation (``ev.missed``) had too; units are said apart.
"""
from __future__ import annotations

import pandas as pd
from _workspace import HALL, workspace, write_workspace

import windoweval as we
from windoweval.scoring import score
from windoweval.summaries import records_missing, scorecard_html, scorecard_text

_M = "power_window.10.2.5"
_PROMISE = "power_window.5.2#work_orders"


def _orders(first_arrival: str) -> pd.DataFrame:
    # W1 arrives at ``first_arrival``; W2 and W3 closed with no arrival time: missing evidence, counted once as
    # records (10.2.5) and once more as the promise occurrences of 5.2#work_orders (the same orders)
    return pd.DataFrame({
        "order_id": ["W1", "W2", "W3"], "window_id": ["PW01"] * 3, "order_type": ["fault_repair"] * 3,
        "received_at": pd.to_datetime(["2025-06-02 10:00"] * 3),
        "arrived_at": pd.to_datetime([first_arrival, None, None]),
        "order_status": ["closed"] * 3})


def _card(first_arrival: str):
    return score("power_window", 2025, workspace=workspace(HALL), records={"work_orders": _orders(first_arrival)},
                 data="/nonexistent-left17v")


def _line(card) -> str:
    return scorecard_text(card).splitlines()[1]


def test_the_text_summary_insufficient_count_is_records_only():
    card = _card("2025-06-02 10:20")   # W1 on time: 1 of 1 assessed met, 2 missing: insufficient, not a pass
    r = card.results.set_index("measure")
    assert (r.loc[_M, "verdict"], int(r.loc[_M, "missing_evidence"])) == ("insufficient", 2)
    assert r.loc[_PROMISE, "verdict"] == "insufficient" and int(r.loc[_PROMISE, "missing_evidence"]) > 0
    line = _line(card)
    thin = line.split("证据不足 insufficient evidence")[1]
    # two records (W2, W3), as card.missing_evidence() lists them; the promise occurrences apart, not added
    assert "records missing evidence 2)" in thin or "records missing evidence 2;" in thin, line
    assert f"units missing evidence {int(r.loc[_PROMISE, 'missing_evidence'])}" in thin, line
    assert len(card.missing_evidence()) == 2
    assert "records missing evidence 2" in scorecard_html(card)


def test_every_records_missing_count_agrees(tmp_path):
    """The text, the window scores, the verdicts by standard and the failed cells of the year's evaluation say the
    same number of records missing evidence beside the fails (W2, W3), from the one rule."""
    d = write_workspace(tmp_path / "data", HALL)
    _orders("2025-06-02 10:46").assign(received_at=lambda o: o["received_at"].dt.strftime("%Y-%m-%d %H:%M"),
                                       arrived_at=lambda o: o["arrived_at"].dt.strftime("%Y-%m-%d %H:%M")) \
        .to_csv(d / "work_orders.csv", index=False)
    ev = we.evaluate(2025, data=d, standards="power_window")
    res = ev.card.results
    assert res.set_index("measure").loc[_PROMISE, "verdict"] == "fail"
    assert int(res.set_index("measure").loc[_PROMISE, "missing_evidence"]) > 0
    text = _line(ev.card).split("无数据")[0]
    assert "records missing evidence 2" in text, text
    assert int(ev.ranking["fail_missing_evidence"].sum()) == 2
    assert int(ev.by_standard["fail_missing_evidence"].sum()) == 2
    # ev.missed's column is headed 缺少证据的记录 / records missing evidence: the promise's row counts no record
    missed = ev.missed.set_index("measure")["missing_evidence"]
    assert (int(missed[_M]), int(missed[_PROMISE])) == (2, 0), missed
    assert int(missed.sum()) == int(records_missing(res[res["verdict"] == "fail"], ev.card.catalog).sum()) == 2
