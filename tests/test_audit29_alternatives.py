"""A clause's alternative measures count once in a window's score (twenty-ninth audit).

标准1 第十条(二)9 引起停电或限电的原因消除后1个工作日内恢复供电 is measured from outage records (``#outages``) or from
restoration work orders (``#work_orders``), whichever the organisation keeps.  A hall with only outage records had
the work-order measure as ``no_data``, and its weight still counted in the hall's 100-point score: the hall lost the
points of a clause it had met, for records it need not keep.

Decided (SCHEMA.md, ``alternative: true``; review 16): a clause's alternatives share one weight.  An alternative the
organisation keeps records of at all (some window has evidence for it) is in use and carries its weight over the
number of in-use alternatives; one not in use carries 0 and is not one of the window's measures; where none is in
use, the clause counts once (the first keeps its weight, earning nothing).  A measure kept beside a checklist is
not an alternative (both are the clause's evidence).
"""
from __future__ import annotations

import pandas as pd
from _workspace import HALL, workspace

from windoweval.catalog import load_catalog
from windoweval.scoring import score

_O, _W = "power_window.10.2.9#outages", "power_window.10.2.9#work_orders"


def _outages(ok: bool = True) -> pd.DataFrame:
    return pd.DataFrame({
        "outage_id": ["O1"], "customer_id": ["C1"], "window_id": ["PW01"], "voltage_class": ["lv220"],
        "outage_kind": ["fault"], "start_at": pd.to_datetime(["2025-03-03 08:00"]),
        "cause_cleared_at": pd.to_datetime(["2025-03-03 09:00"]),
        # Mon 3 March cleared: 1 working day ends at the end of Tue 4 March
        "restored_at": pd.to_datetime(["2025-03-04 23:59:59" if ok else "2025-03-05 00:00:01"])})


def _card(records):
    return score("power_window", 2025, workspace=workspace(HALL), records=records, data="/nonexistent-audit29")


def test_the_two_measures_of_10_2_9_are_alternatives_and_no_other_clause_is_marked():
    marked = sorted(m["measure"] for m in load_catalog().measures() if m.get("alternative") is True)
    assert marked == [_O, _W]
    # named alternatives (volt33): each supply of 第六条(一) measured from readings or from a monitor's statistics
    named = {m["measure"]: m["alternative"] for m in load_catalog().measures() if isinstance(m.get("alternative"), str)}
    p = "power_window.6.1."
    assert named == {p + "1#lv220_single_phase": "lv220_single_phase",
                     p + "1#lv220_single_phase_statistics": "lv220_single_phase",
                     p + "1#three_phase_10kv_below": "three_phase_10kv_below",
                     p + "1#three_phase_10kv_below_statistics": "three_phase_10kv_below",
                     p + "1#kv35_plus": "kv35_plus", p + "1#kv35_plus_statistics": "kv35_plus",
                     p + "2": "abnormal", p + "2#statistics": "abnormal"}


def test_an_unused_alternative_carries_no_weight():
    card = _card({"outages": _outages()})
    r = card.results.set_index("measure")
    assert r.loc[_O, "verdict"] == "pass" and r.loc[_W, "verdict"] == "no_data"
    assert (float(r.loc[_O, "weight"]), float(r.loc[_W, "weight"])) == (1.0, 0.0)
    w = card.windows.set_index("window_id").loc["PW01"]
    scored = card.results[card.results["verdict"] != "report"]
    # the window's measures and its score: every scored row but the unused alternatives (10.2.9's work orders, and
    # the four measures of voltage statistics beside the readings', volt33)
    assert int(w["measures"]) == len(scored) - 5
    assert int(w["no_data"]) == int((scored["verdict"] == "no_data").sum()) - 5
    passed = scored[scored["verdict"] == "pass"]["weight"].sum()
    assert w["score"] == round(100 * passed / scored["weight"].sum(), 1)


def test_a_failed_alternative_still_fails_and_counts():
    card = _card({"outages": _outages(ok=False)})
    r = card.results.set_index("measure")
    assert r.loc[_O, "verdict"] == "fail" and float(r.loc[_O, "weight"]) == 1.0
    assert float(r.loc[_W, "weight"]) == 0.0


def test_without_either_record_the_clause_counts_once():
    card = _card({})
    r = card.results.set_index("measure")
    assert r.loc[_O, "verdict"] == "no_data" and r.loc[_W, "verdict"] == "no_data"
    assert (float(r.loc[_O, "weight"]), float(r.loc[_W, "weight"])) == (1.0, 0.0)


def test_both_alternatives_in_use_share_one_weight():
    wo = pd.DataFrame({"order_id": ["R1"], "window_id": ["PW01"], "order_type": ["supply_restoration"],
                       "received_at": pd.to_datetime(["2025-03-03 09:00"]),
                       "completed_at": pd.to_datetime(["2025-03-03 12:00"])})
    card = _card({"outages": _outages(), "work_orders": wo})
    r = card.results.set_index("measure")
    assert r.loc[_O, "verdict"] == "pass" and r.loc[_W, "verdict"] == "pass"
    assert (float(r.loc[_O, "weight"]), float(r.loc[_W, "weight"])) == (0.5, 0.5)


def test_a_measure_that_cannot_apply_to_a_window_kind_is_not_charged_there():
    """标准1 第十条(一)2 applies to the halls and the 95598 centre, but its ``#calls`` measure reads 95598 calls (the
    centre's) and its ``#repair`` measure fault-repair orders (the halls'): every hall was charged ``#calls`` as
    no_data and the centre ``#repair``.  The same for reliability (第六条(二)1) and meter reading (第十条(二)3) at
    the centre, which has no supply area.  A measure may narrow its clause's window kinds (SCHEMA.md)."""
    from _workspace import POWER

    card = score("power_window", 2025, workspace=workspace(POWER), records={}, data="/nonexistent-audit29")
    r = card.results
    at = {m: sorted(r.loc[r["measure"] == m, "window_id"]) for m in (
        "power_window.10.1.2", "power_window.10.1.2#calls", "power_window.10.1.2#repair", "power_window.6.2.1",
        "power_window.10.2.3")}
    halls = ["PW01", "PW02", "PW03"]
    assert at == {"power_window.10.1.2": sorted(["CC95598", *halls]), "power_window.10.1.2#calls": ["CC95598"],
                  "power_window.10.1.2#repair": halls, "power_window.6.2.1": halls, "power_window.10.2.3": halls}
