"""标准2 2.暂时离开柜台,需由他人临时顶替 and 标准5 六、5 不准擅离职守 (found by tests/test_diff38_reference.py): a
counter pause whose 顶岗人员 is the very staff member who paused (a queue system filling the logged-in user in) was
not covered by another person (他人), yet passed both measures; now it is not covered (missed, unless 6.5's
approved reason excuses it).  A pause with the one who paused not written keeps any cover it names."""
from __future__ import annotations

import tempfile

import pandas as pd
import pytest

import windoweval as we
from _workspace import workspace
from test_diff37_reference import engine_verdicts, validated

T = pd.Timestamp("2025-05-06 10:00")
ROWS = [  # pause_id, staff_id, covered_by, reason, etiquette.10.2, window_staff.6.5
    ("P1", "S01", "S02", None, "pass", "pass"),
    ("P2", "S01", "S01", None, "fail", "fail"),
    ("P3", "S01", " S01 ", "none", "fail", "fail"),
    ("P4", "S01", "S01", "approved", "fail", "pass"),
    ("P5", None, "S01", None, "pass", "pass"),
    ("P6", "S01", None, None, "fail", "fail"),
]


@pytest.mark.parametrize("measure, col", [("etiquette.10.2#pauses", 4), ("window_staff.6.5#pauses", 5)])
def test_a_pause_covered_by_the_one_who_left_is_not_covered(measure, col):
    df = pd.DataFrame([{"pause_id": r[0], "window_id": "PW01", "counter_id": "1", "staff_id": r[1], "paused_at": T,
                        "resumed_at": T + pd.Timedelta(minutes=20), "covered_by": r[2], "reason": r[3]} for r in ROWS])
    with tempfile.TemporaryDirectory() as tmp:
        card = we.score([measure.split(".")[0]], 2025, data=tmp, workspace=workspace(),
                        records=validated({"counter_pauses": df}))
        got = engine_verdicts(card, measure, "pause_id", df["pause_id"])
    assert got == {r[0]: r[col] for r in ROWS}


def test_the_demo_pauses_are_covered_by_colleagues():
    """The demo's pause log drew the cover among the hall's six staff, the one who paused included (580 of its 3,600
    pauses named their own staff member): read as 他人 needs, those would now be uncovered by accident, not by the
    demo's planted counts.  The draw naming the one who paused moves on to the next colleague."""
    from windoweval.demo import ensure_demo

    df = pd.read_csv(ensure_demo() / "counter_pauses.csv", dtype=str)
    covered = df["covered_by"].notna()
    assert covered.sum() > 3000 and not (df.loc[covered, "covered_by"] == df.loc[covered, "staff_id"]).any()
