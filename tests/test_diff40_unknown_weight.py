"""A statistics row whose minutes monitored are not written ran for some time, how long unknown: it gives no share of
the time (missing evidence), but where it surely misses (a 35 kV day's span over 10 %, 第六条(一)1(1); minutes over the
standard's own limit, (一)1(3)) the window cannot reach 100 %: a certain fail, not insufficient evidence (diff40).  A
row within, or a month's row over (which days, unknown), stays missing evidence; a row of no minutes (the monitor did
not run) gives nothing."""
from __future__ import annotations

import tempfile

import pandas as pd
import pytest

import windoweval as we
from windoweval.records import validate

from _workspace import workspace

SPAN = "power_window.6.1.1#kv35_plus_statistics"
LV = "power_window.6.1.1#lv220_single_phase_statistics"


def _row(i, **kw):
    base = {"point_id": f"V{i}", "window_id": "PW01", "supply_type": "kv35_plus", "nominal_v": 35000.0,
            "stat_date": f"2025-06-{i + 1:02d}", "stat_month": None, "run_min": 1440.0, "over_min": 0.0,
            "under_min": 0.0, "max_v": 36000.0, "min_v": 34000.0, "system_state": "normal", "power_factor_ok": True}
    return {**base, **kw}


def _verdict(rows, measure):
    df = validate(pd.DataFrame(rows), "voltage_statistics")
    card = we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(),
                    records={"voltage_statistics": df})
    r = card.results.set_index("measure").loc[measure]
    return r["verdict"], int(r["missing_evidence"])


@pytest.mark.parametrize("last, verdict", [
    (dict(run_min=None, max_v=37000.0, min_v=33000.0), "fail"),           # 11.4 %: surely over, minutes unknown
    (dict(run_min=None), "insufficient"),                                  # within, minutes unknown
    (dict(run_min=None, stat_date=None, stat_month="2025-07-01", max_v=37000.0, min_v=33000.0), "insufficient"),
    (dict(run_min=0.0, max_v=37000.0, min_v=33000.0), "insufficient"),   # the monitor did not run
    (dict(max_v=37000.0, min_v=33000.0), "fail"),
])
def test_a_35kv_day_surely_over_with_its_minutes_blank_fails(last, verdict):
    assert _verdict([_row(0), _row(1), _row(2, **last)], SPAN) == (verdict, 0 if "run_min" not in last else 1)


@pytest.mark.parametrize("last, verdict", [
    (dict(run_min=None, over_min=30.0), "fail"),                # over the standard's own +7 %: surely outside
    (dict(run_min=None, over_min=0.0), "insufficient"),
    (dict(run_min=None, over_min=30.0, upper_limit_v=231.0), "insufficient"),   # a tighter limit: maybe within
])
def test_a_220v_row_surely_outside_with_its_minutes_blank_fails(last, verdict):
    rows = [_row(i, supply_type="single_phase_220v", nominal_v=220.0, upper_limit_v=235.4, lower_limit_v=198.0,
                 max_v=None, min_v=None) for i in range(2)]
    rows.append(_row(2, **{"supply_type": "single_phase_220v", "nominal_v": 220.0, "upper_limit_v": 235.4,
                           "lower_limit_v": 198.0, "max_v": None, "min_v": None, **last}))
    assert _verdict(rows, LV) == (verdict, 1)
