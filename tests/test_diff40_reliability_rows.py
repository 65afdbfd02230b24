"""供电可靠性不低于省公司规定的标准 (标准1 第六条(二)1) with the province's figure not set (no ``min_rate``): no
customer-year can be judged, and ``Scorecard.missing_evidence`` / ``*_missing_evidence.parquet`` gave one row per
customer-year (could be millions) for that one cause.  It gives one row per window with the count of units it stands
for (``units``), and keeps a unit's own row where the unit has a cause of its own (an outage of blank customer)
(diff40)."""
from __future__ import annotations

import tempfile

import pandas as pd

import windoweval as we
from windoweval.records import validate

from _workspace import workspace

M = "power_window.6.2.1"
WS = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"))


def _outages(n1=40, n2=7, blank=2):
    rows = [{"outage_id": f"O{i}", "customer_id": f"K{i}", "window_id": "PW01" if i < n1 else "PW02",
             "voltage_class": "kv10", "outage_kind": "fault", "start_at": "2025-05-01 10:00:00",
             "restored_at": "2025-05-01 12:00:00"} for i in range(n1 + n2)]
    rows += [{"outage_id": f"B{i}", "customer_id": None, "window_id": "PW02", "voltage_class": "kv10",
              "outage_kind": "fault", "start_at": "2025-06-01 10:00:00", "restored_at": "2025-06-01 11:00:00"}
             for i in range(blank)]
    return validate(pd.DataFrame(rows), "outages")


def _card(**params):
    ws = workspace(WS, params={M: params}) if params else workspace(WS)
    return we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"outages": _outages()})


def test_without_min_rate_one_row_per_window_stands_for_its_customers():
    card = _card()
    r = card.results.set_index(["measure", "window_id"])
    assert int(r.loc[(M, "PW01"), "missing_evidence"]) == 40 and int(r.loc[(M, "PW02"), "missing_evidence"]) == 9
    lack = card.missing_evidence([M])
    whole = lack[lack["units"] > 1].set_index("window_id")
    assert whole["units"].to_dict() == {"PW01": 40, "PW02": 7}
    assert whole["customer_id"].isna().all() and whole["reason"].str.contains("min_rate").all()
    # the blank customers keep a row each: their own cause (fixed in the export) besides the standard not set
    own = lack[lack["units"] == 1]
    assert len(own) == 2 and set(own["window_id"]) == {"PW02"} and own["customer_id"].isna().all()
    assert own["reason"].str.contains("客户编号为空").all() and own["reason"].str.contains("min_rate").all()
    assert int(lack["units"].sum()) == 49 and len(lack) == 4   # every unit counted once, in four rows


def test_with_min_rate_each_unit_lacking_keeps_its_row():
    card = _card(min_rate=0.999)
    lack = card.missing_evidence([M])
    assert len(lack) == 2 and (lack["units"] == 1).all() and not lack["reason"].str.contains("min_rate").any()
