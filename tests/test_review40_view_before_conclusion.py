"""第十三条(五) 修复后要及时回访,听取意见和建议: the view a callback hears is one given at or after the case's conclusion.
满意 before the conclusion and 拒访 after it (mapping.yaml ``attempts: callback``): the case was reached after the
conclusion and gave no view there; diff40's merge carried 满意 to the 拒访's time, so a view given before the repair
was counted as the callback's (satisfaction counted it).  Now: a view before every recorded conclusion is dropped
(the case is 拒访 at its time); a view at or after every one is the case's (as diff40 had it); a view between the
conclusions (which is the case's depends on the measure: 答复 or 办结) leaves the case unsettled, refused with its
rows named (review40)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime

import pandas as pd

import windoweval as we
from windoweval.cli import main
from windoweval.records import load

from test_diff39_callback_attempts import _folder

BASE = {"channel": "95598", "window_id": "PW01", "received_at": datetime(2025, 3, 1, 9), "case_status": "closed"}


def _df(cases: dict) -> pd.DataFrame:
    return pd.DataFrame([{"case_id": cid, **BASE, **conc, "callback_at": t, "callback_result": r}
                         for cid, (conc, tries) in cases.items() for t, r in tries])


def _check(tmp_path, cases):
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        rc = main(["records", "check", "--data", str(_folder(tmp_path, _df(cases)))])
    return rc, out.getvalue()


REPAIR = {"kind": "fault_repair", "replied_at": None, "resolved_at": datetime(2025, 3, 1, 12)}


def test_a_view_before_the_repair_is_not_the_callbacks(tmp_path):
    # 满意 at 10:00, the repair done at 12:00, 拒访 at 15:00: reached after the repair, no view heard
    rc, said = _check(tmp_path, {"TS1": (REPAIR, [(datetime(2025, 3, 1, 10), "satisfied"),
                                                  (datetime(2025, 3, 1, 15), "declined")])})
    assert rc == 0 and "Traceback" not in said, said
    d = tmp_path / "d"
    got = load("complaints", d).frame
    assert len(got) == 1 and got["callback_result"].iloc[0] == "declined"
    assert pd.Timestamp(got["callback_at"].iloc[0]) == pd.Timestamp(2025, 3, 1, 15)
    sat = we.complaints.satisfaction(got)
    assert int(sat["called_back"].sum()) == 1 and int(sat["satisfied"].sum()) == 0


def test_a_view_after_the_repair_stays_the_cases(tmp_path):
    rc, said = _check(tmp_path, {"TS1": (REPAIR, [(datetime(2025, 3, 1, 12), "satisfied"),
                                                  (datetime(2025, 3, 1, 15), "declined")])})
    assert rc == 0, said
    got = load("complaints", tmp_path / "d").frame
    assert len(got) == 1 and got["callback_result"].iloc[0] == "satisfied"


def test_a_view_between_the_reply_and_the_resolution_is_refused_naming_the_case(tmp_path):
    # a complaint replied at 11:00 and resolved at 14:00: 满意 at 12:00 is after one conclusion, before the other
    conc = {"kind": "complaint", "replied_at": datetime(2025, 3, 1, 11), "resolved_at": datetime(2025, 3, 1, 14)}
    rc, said = _check(tmp_path, {"TS1": (conc, [(datetime(2025, 3, 1, 12), "satisfied"),
                                                (datetime(2025, 3, 1, 15), "declined")]),
                                 "TS2": (conc, [(datetime(2025, 3, 1, 15), "satisfied")])})
    assert rc == 3 and "Traceback" not in said and "TS1" in said and "TS2" not in said, said
    assert "拒访" in said and "declined" in said, said


def test_a_repair_is_concluded_by_its_repair_alone(tmp_path):
    """A fault repair's callback counts from the repair (13.5: after_for fault_repair: resolved_at), whatever reply
    time it has: 满意 after a reply but before the repair is before its one conclusion, dropped, never refused."""
    conc = {"kind": "fault_repair", "replied_at": datetime(2025, 3, 1, 11), "resolved_at": datetime(2025, 3, 1, 14)}
    rc, said = _check(tmp_path, {"TS1": (conc, [(datetime(2025, 3, 1, 12), "satisfied"),
                                                (datetime(2025, 3, 1, 15), "declined")])})
    assert rc == 0, said
    got = load("complaints", tmp_path / "d").frame
    assert len(got) == 1 and got["callback_result"].iloc[0] == "declined"
