"""A window with cases of one kind only is listed for the other kind too (review42, on left42's complaint rows).

left42 lists every window the complaint rule applies to, a window with no case in the year as 0 cases, no rate,
``no_data``.  The timeliness table is by kind and window: a window with no case at all got a row for each kind, but
a window with a 举报 (report) and no 投诉 (complaint) had no complaint row, and one with complaints only no report row:
"not evaluated" and "no cases" could not be told apart there, as before left42.  Every window the rule applies to
now has a row of each kind found, 0 cases and no data where it had none."""
from __future__ import annotations

import pandas as pd

from windoweval.complaints import complaint_summary

CASES = ("case_id,channel,kind,window_id,received_at,replied_at,resolved_at,callback_at,callback_result\n"
         "C1,95598,complaint,PW01,2025-03-03 09:00,2025-03-05 09:00,2025-03-05 09:00,2025-03-06 09:00,satisfied\n"
         "C2,95598,report,PW02,2025-08-04 09:00,2025-08-06 09:00,2025-08-06 09:00,,\n")


def _data(d):
    (d / "windoweval.toml").write_text(
        'name = "x"\n'
        '[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n'
        '[[windows]]\nid = "PW02"\nname = "城西"\nkind = "power_hall"\n'
        '[[windows]]\nid = "PW03"\nname = "城北"\nkind = "power_hall"\n', encoding="utf-8")
    (d / "complaints.csv").write_text(CASES, encoding="utf-8")
    return d


def test_each_window_has_a_row_of_each_kind(tmp_path):
    t = complaint_summary(2025, _data(tmp_path), by="window_id")["timeliness"]
    got = {(k, str(w)): (int(n), v) for k, w, n, v in t[["kind", "window_id", "cases", "verdict"]].itertuples(index=False)}
    assert set(got) == {(k, w) for k in ("complaint", "report") for w in ("PW01", "PW02", "PW03")}, got
    assert got[("complaint", "PW02")] == (0, "no_data") and got[("report", "PW01")] == (0, "no_data")
    assert got[("complaint", "PW01")] == (1, "pass") and got[("report", "PW02")] == (1, "pass")
    assert pd.isna(t.loc[(t["kind"] == "complaint") & (t["window_id"].astype(str) == "PW02"), "rate"]).all()
    assert pd.api.types.is_integer_dtype(t["cases"])
