"""power_window.10.2.9 (原因消除后1个工作日内恢复供电) on outage records with no cause-cleared time but a restoration:
the cause cannot clear before the outage starts, so supply restored within 1 working day of the start was restored
within 1 working day of the clearance too: met, not missing evidence (found by the differential test against
tests/diff37_reference.py).  A later restoration stays missing evidence: when the cause cleared is unknown."""
import tempfile

import pandas as pd

import windoweval as we
from windoweval.records import validate

from _workspace import workspace

M = "power_window.10.2.9#outages"


def _card(rows):
    df = pd.DataFrame(rows).assign(customer_id="C1", window_id="PW01", voltage_class="lv220", outage_kind="fault")
    recs = {"outages": validate(df.astype(object).where(df.notna(), None), "outages", file="停电.csv")}
    with tempfile.TemporaryDirectory() as tmp:
        return we.score("power_window", 2025, data=tmp, workspace=workspace(), records=recs)


def test_restored_within_a_working_day_of_the_start_is_met_without_the_clearance_time():
    # Friday 2025-09-26: the 1st working day after it is Sunday 09-28 (调休 before 国庆); 09-29 is one day late
    card = _card([{"outage_id": "O1", "start_at": "2025-09-26 20:00", "restored_at": "2025-09-28 23:59:59"},
                  {"outage_id": "O2", "start_at": "2025-09-26 20:00", "restored_at": "2025-09-29 00:00:00"},
                  {"outage_id": "O3", "start_at": "2025-09-26 20:00", "cause_cleared_at": "2025-09-26 21:00",
                   "restored_at": "2025-09-28 23:59:59"}])
    got = card.drilldown(M, include_passed=True).set_index("outage_id")["passed"].astype(object)
    assert {k: None if pd.isna(v) else bool(v) for k, v in got.items()} == {"O1": True, "O2": None, "O3": True}
    assert card.missing_evidence([M])["outage_id"].tolist() == ["O2"]
    r = card.results.set_index("measure").loc[M]
    assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"])) == (2, 2, 1)
