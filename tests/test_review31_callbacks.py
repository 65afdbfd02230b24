"""review31: a 95598 export without 修复时间 (session 31's undetermined callbacks).  The complaint breakdown (windoweval
complaints' "分项汇总" table, the report's monthly table) counted the five repairs whose callback cannot be judged as
not called back (10 of 15, 66.7 %) beside the callback table's 10 of 10 with its verdict insufficient: one window, one
year, two rates.  Now the breakdown's rates are the callback table's (on the cases with evidence)."""
from __future__ import annotations

import numpy as np

from windoweval.complaints import breakdown, callback_rate, complaint_summary
from test_session31_callback_unknown import _workspace


def test_the_breakdown_rates_are_the_callback_tables(tmp_path):
    s = complaint_summary(2025, data=_workspace(tmp_path))
    cb, br = s["callbacks"].iloc[0], s["breakdown"].iloc[0]
    assert (br["callbacks_due"], br["called_back"]) == (cb["needing"], cb["called_back"]) == (15, 10)
    assert np.isclose(br["callback_rate"], cb["rate"]) and np.isclose(br["callback_rate_incl_unreachable"],
                                                                      cb["rate_incl_unreachable"])


def test_a_callback_with_no_result_is_left_out_of_both_rates_alike():
    import pandas as pd
    t = pd.to_datetime
    cases = pd.DataFrame({"case_id": list("abcd"), "channel": "95598", "kind": "complaint", "window_id": "PW01",
                          "category": None, "received_at": t(["2025-05-01 08:00"] * 4),
                          "replied_at": t(["2025-05-02 08:00"] * 4), "resolved_at": pd.NaT,
                          "callback_at": t(["2025-05-03 09:00"] * 3 + [None]),
                          "callback_result": ["satisfied", "satisfied", None, None], "customer_key": None})
    cb, br = callback_rate(cases).iloc[0], breakdown(cases).iloc[0]
    assert np.isclose(br["callback_rate"], cb["rate"]), (br["callback_rate"], cb["rate"])
    assert np.isclose(br["callback_rate_incl_unreachable"], cb["rate_incl_unreachable"])
