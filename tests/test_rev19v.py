"""Review of left19v (rev19v): what the merged branch got wrong, each with the test that failed before the fix.

On the code before (4866d1c, the merge of left19v) all 8 tests here fail:
- a register that lists other entries but none of the clause's (no symposium, no payment channel) was
  insufficient, so 0 held scored better than 2 (5 tests: pandas, the store in pieces, Dask on both);
- the Chinese half of an exempt reason named the unit in English (1);
- a disclosure whose subject is blank made a fail where it may be the fifth subject (1);
- the report showed no excused record beside the drill-down (1).
"""
from __future__ import annotations

import io
from pathlib import Path
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest

from windoweval.scoring import score

from tests._workspace import POWER, empty_records, records_of, workspace, write_workspace


def _verdicts(card, measure, windows):
    r = card.results.set_index(["measure", "window_id"])
    return [r.loc[(measure, w), "verdict"] for w in windows]


_SYMPOSIA = [("PW01", "customer_symposium", "2025-03-01"), ("PW01", "customer_symposium", "2025-06-01"),
             ("PW01", "customer_symposium", "2025-09-01"), ("PW02", "customer_symposium", "2025-03-01"),
             ("PW02", "customer_symposium", "2025-06-01"), ("PW03", "third_party_survey", "2025-05-01"),
             ("PW03", "customer_visit", "2025-07-01")]
_SYM = "power_window.12.2#symposiums"


def test_a_register_without_the_clauses_entries_fails_not_insufficient():
    """windoweval/kernels/counts.py:81-83 (count_at_least, left19v): a window with no record in the *population* was
    <NA> (insufficient), so a hall whose activities register lists a third-party survey and a customer visit but no
    customer symposium at all was 'insufficient' while one that held two was a fail - fewer symposiums, the better
    verdict.  每年至少召开三次以上的客户座谈会: a register that covers the hall in the year and lists none shows
    fewer than three (fail); only a hall with no entry of the kind at all (PW04: no register) lacks evidence.
    Fails on the code before (PW03 insufficient): 1 assertion of 1."""
    acts = records_of("activities", [{"activity_id": f"A{i}", "window_id": w, "kind": k, "held_on": d}
                                for i, (w, k, d) in enumerate(_SYMPOSIA)])
    ws = workspace((*POWER, ("PW04", "第四营业厅", "power_hall")))
    card = score("power_window", 2025, workspace=ws, records={**empty_records(), "activities": acts})
    assert _verdicts(card, _SYM, ["PW01", "PW02", "PW03", "PW04"]) == ["pass", "fail", "fail", "insufficient"]
    # the same for the other registers: a payment-channel clause with offerings of other kinds listed
    offers = records_of("service_offerings", [
        {"window_id": "PW01", "year": 2025, "kind": "payment_channel", "name": n} for n in ("柜台", "网上", "银行")] + [
        {"window_id": "PW02", "year": 2025, "kind": "account_manager", "name": "客户经理"}])
    card = score("power_window", 2025, workspace=ws, records={**empty_records(), "service_offerings": offers})
    assert _verdicts(card, "power_window.10.3.4", ["PW01", "PW02", "PW04"]) == ["pass", "fail", "insufficient"]


@pytest.mark.parametrize("via", ["csv", "store", "csv-dask", "store-dask"])
def test_a_register_without_the_clauses_entries_fails_on_every_path(tmp_path, via):
    """The same verdicts from a CSV, the store read piece by piece, and Dask on both (the kernel is handed the
    window's whole register on each).  Fails on the code before (PW03 insufficient): 4 of 4."""
    if "dask" in via:
        pytest.importorskip("dask")
    ws_rows = (*POWER, ("PW04", "第四营业厅", "power_hall"))
    csv = write_workspace(tmp_path / "csv", ws_rows)
    pd.DataFrame([{"activity_id": f"A{i}", "window_id": w, "kind": k, "held_on": d}
                  for i, (w, k, d) in enumerate(_SYMPOSIA)]).to_csv(csv / "activities.csv", index=False)
    data = csv
    if via.startswith("store"):
        from windoweval.cli import main
        data = write_workspace(tmp_path / "store", ws_rows)
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            assert main(["records", "import", "activities", str(csv / "activities.csv"), "--data", str(data)]) == 0
    card = score("power_window", 2025, data=data, scheduler="sync" if "dask" in via else None)
    assert _verdicts(card, _SYM, ["PW01", "PW02", "PW03", "PW04"]) == ["pass", "fail", "fail", "insufficient"]


def test_the_chinese_half_of_an_exempt_reason_is_in_chinese():
    """windoweval/scoring.py:492 and :501 (_exempt_reason, left19v): the Chinese half of why a record is excused
    carried the limit's English unit ('超出时限 5 minutes', '来电者在 12 seconds 内挂机'): Chinese first, English
    alongside, each in its own words ('5 分钟', '12 秒').  Fails on the code before: 1 of 1."""
    from windoweval.scoring import _exempt_reason

    rows = pd.DataFrame({"exempt": [True, False], "offered_at": pd.to_datetime(["2025-04-08 10:00"] * 2),
                         "hung_up_at": [pd.NaT, pd.Timestamp("2025-04-08 10:00:10")]})
    over = _exempt_reason(rows.iloc[:1], {"exempt": "exempt", "start": "offered_at", "limit": 5, "unit": "minutes",
                                          "exempt_overrun": True}, "hospital_events")[0]
    call = _exempt_reason(rows.iloc[1:], {"abandoned": "hung_up_at", "start": "offered_at", "limit": 12,
                                          "unit": "seconds"}, "calls_95598")[0]
    zh_over, en_over = over.split(" / ", 1)
    zh_call, en_call = call.split(" / ", 1)
    assert "5 分钟" in zh_over and "minutes" not in zh_over and "5 minutes" in en_over, over
    assert "12 秒" in zh_call and "seconds" not in zh_call and "12 seconds" in en_call, call


def test_a_disclosure_without_its_subject_is_missing_evidence_not_a_fail():
    """windoweval/kernels/counts.py:81 (count_at_least's ``distinct``, left19v read blank values only for ``value``):
    五类信息均已公开 counts distinct subjects (topic, an optional column); PW02's four named subjects and one
    disclosure whose subject is blank were a fail, though the blank one may be the fifth (missing evidence,
    insufficient); PW03's four named subjects and nothing else are a fail; PW01's five a pass.
    Fails on the code before (PW02 fail): 1 of 1."""
    topics = ["tariff_policy", "connection_process_fees", "quota_allocation", "orderly_use_plan", "outage_plan"]
    rows = [("PW01", t) for t in topics] + [("PW02", t) for t in topics[:4]] + [("PW02", None)] + \
        [("PW03", t) for t in topics[:4]]
    acts = records_of("activities", [{"activity_id": f"A{i}", "window_id": w, "kind": "info_disclosure",
                                 "held_on": "2025-05-01", "topic": t} for i, (w, t) in enumerate(rows)])
    card = score("power_window", 2025, workspace=workspace(POWER), records={**empty_records(), "activities": acts})
    assert _verdicts(card, "power_window.13.7", ["PW01", "PW02", "PW03"]) == ["pass", "insufficient", "fail"]


def test_the_report_shows_the_records_a_clause_excuses_beside_its_drilldown(tmp_path, monkeypatch):
    """windoweval/sections.py:362 (_explore) and notebooks/explore.ipynb (left19v listed excused records in the score
    command only): the report's drill-down page shows the records that missed the measure, but not the ones its
    clause excused, so whoever signs '1 of 2 met' could not see that a third prescription (E2, 12 minutes, flagged
    临时加工) was left out, nor why.  Now the explore section carries ``exempt`` (the drill-down's columns and
    ``reason``, masked, escaped when shown) and the page shows it under the drill-down when there is any.
    Fails on the code before (no ``exempt`` table): 1 of 1."""
    from windoweval import present
    from windoweval.sections import _exempt_shown, compute
    from windoweval.summaries import explain

    data = write_workspace(tmp_path / "data", (("HPHA", "药房", "hospital_pharmacy"), ("HPH2", "二号药房", "hospital_pharmacy")))
    rows = [("E1", "HPHA", "10:06:00", False), ("<b>E2</b>", "HPHA", "10:12:00", True),
            ("E3", "HPH2", "10:07:00", False)]
    pd.DataFrame([{"event_id": e, "window_id": w, "event_type": "prescription_western",
                   "started_at": "2025-04-08 10:00:00", "finished_at": f"2025-04-08 {t}", "exempt": x}
                  for e, w, t, x in rows]).to_csv(data / "hospital_events.csv", index=False)
    sec = compute(2025, data, sections=("explore",), standard="hospital_commitments")["explore"]
    assert "exempt" in sec.tables        # the page's table (None here: the measure shown excuses nothing)
    western = "hospital_commitments.pharmacy.7#western"
    card = score("hospital_commitments", 2025, data=data)
    ex = _exempt_shown(card, western, pd.Series(["HPHA", "HPH2"]), explain(card, western))
    assert ex is not None and ex["event_id"].tolist() == ["<b>E2</b>"], ex
    assert "reason" in ex and "特殊情况" in ex["reason"].iloc[0] and "special circumstance" in ex["reason"].iloc[0]
    got = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append(bundle))
    present.table(ex, "exempt", "explore.table.exempt", label={"zh": "西药", "en": "Western"}, n=20)
    html = got[0]["text/html"]
    assert "&lt;b&gt;E2&lt;/b&gt;" in html and "<b>E2</b>" not in html
    assert "豁免" in html and "原因" in html
    nb = (Path(__file__).parents[1] / "notebooks" / "explore.ipynb").read_text(encoding="utf-8")
    assert "explore.table.exempt" in nb
