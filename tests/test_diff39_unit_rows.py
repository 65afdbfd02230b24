"""Scorecard.missing_evidence lists a unit-level measure's units missing evidence with the unit's keys, so that a
reader finds each one (diff39): a crowded queue snapshot with no later snapshot within the 10 minutes (标准4 八、
排队超过10人时…及时分流) by its window and time, and nothing for the snapshots judged."""
from __future__ import annotations

import tempfile

import pandas as pd

import windoweval as we
from windoweval.records import validate

from _workspace import workspace

M = "hospital_departments.pharmacy_window.8"


def test_a_crowded_snapshot_with_no_later_one_is_listed_by_window_and_time():
    snaps = pd.DataFrame({"window_id": "HPHA",
                          "observed_at": ["2025-02-10 10:00:00", "2025-02-10 10:05:00", "2025-02-11 09:00:00",
                                          "2025-12-31 23:55:00"],
                          "queue_length": [12, 8, 15, 3], "open_windows": [2, 3, 2, 1]})
    card = we.score("hospital_departments", 2025, data=tempfile.mkdtemp(),
                    workspace=workspace((("HPHA", "门诊药房", "hospital_pharmacy"),)),
                    records={"queue_snapshots": validate(snaps, "queue_snapshots")})
    r = card.results.set_index("measure").loc[M]
    assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"])) == (1, 1, 1)
    lack = card.missing_evidence([M])
    assert len(lack) == 1
    row = lack.iloc[0]
    assert row["window_id"] == "HPHA" and pd.Timestamp(row["observed_at"]) == pd.Timestamp("2025-02-11 09:00:00")
    assert row["unit"].startswith("排队超限快照") and "缺少证据" in row["message"] and " / " in row["reason"]
    # listed by default as well (every measure with a unit missing evidence)
    assert M in set(card.missing_evidence()["measure"])
