"""第十三条(五) 修复后要及时回访,听取意见和建议 over a case's callback attempts (mapping.yaml ``attempts: callback``):
拒访 (declined) is a callback that reached the customer and heard no view, so 满意 on one attempt and 拒访 on another,
in either order, is one case reached with one view (满意), merged, never refused as "two views"; 不满意 and 满意 are
two views (which counts is not said) and stay refused with the rows named (diff40)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime

import pandas as pd
import pytest

import windoweval as we
from windoweval.cli import main
from windoweval.records import load

from test_diff37_reference import engine_verdicts
from test_diff39_callback_attempts import _folder

BASE = {"kind": "fault_repair", "channel": "95598", "window_id": "PW01", "received_at": datetime(2025, 3, 1, 9),
        "replied_at": None, "resolved_at": datetime(2025, 3, 1, 12), "case_status": "closed"}
CB = "power_window.13.5#fault_repair_callback"
T1, T2 = datetime(2025, 3, 1, 15), datetime(2025, 3, 2, 10)


def _df(cases: dict) -> pd.DataFrame:
    return pd.DataFrame([{"case_id": cid, **BASE, "callback_at": t, "callback_result": r}
                         for cid, tries in cases.items() for t, r in tries])


def _check(tmp_path, cases):
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        rc = main(["records", "check", "--data", str(_folder(tmp_path, _df(cases)))])
    return rc, out.getvalue()


@pytest.mark.parametrize("tries", [
    [(T1, "declined"), (T2, "satisfied")],      # 拒访 then 满意
    [(T1, "satisfied"), (T2, "declined")],      # 满意 then 拒访
    [(T1, "declined"), (T2, "dissatisfied"), (T2.replace(hour=11), "declined")],
])
def test_a_refusal_beside_a_view_is_one_case_with_that_view(tmp_path, tries):
    rc, said = _check(tmp_path, {"TS1": tries})
    assert rc == 0 and "Traceback" not in said, said
    d = tmp_path / "d"
    card = we.score("power_window", 2025, data=d)
    assert engine_verdicts(card, CB, "case_id", ["TS1"]) == {"TS1": "pass"}
    got = load("complaints", d).frame
    view = next(r for _, r in tries if r != "declined")
    assert len(got) == 1 and got["callback_result"].iloc[0] == view
    # the time kept: the latest attempt that reached the customer (a callback counts from the conclusion on)
    assert pd.Timestamp(got["callback_at"].iloc[0]) == pd.Timestamp(max(t for t, _ in tries))


@pytest.mark.parametrize("tries", [
    [(T1, "dissatisfied"), (T2, "satisfied")],
    [(T1, "satisfied"), (T2, "declined"), (T2.replace(hour=11), "dissatisfied")],
])
def test_two_views_stay_refused_with_their_rows(tmp_path, tries):
    rc, said = _check(tmp_path, {"TS1": tries})
    assert rc == 3 and "Traceback" not in said and "TS1" in said, said
