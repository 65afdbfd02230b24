"""left42: a window the complaint rule applies to but with no case in the year is listed, 0 cases and no data.

A workspace of two halls (PW01, PW02) and a hospital window (H01, no reply limit applies to it); only PW01 had
complaints in 2025.  Before, PW02 was missing from every window table (the command's, the page's, the kept files),
so a reader could not tell "not evaluated" from "no cases".  Now it is a row: 0 cases, no rate (never 0 % or
100 %), verdict ``no_data`` (无数据); H01 stays out (the rule does not apply to it).
"""
import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd

import windoweval as we
from windoweval.cli import main
from windoweval.complaints import complaint_summary

CASES = ("case_id,channel,kind,window_id,received_at,replied_at,resolved_at,callback_at,callback_result\n"
         "C1,95598,complaint,PW01,2025-03-03 09:00,2025-03-05 09:00,2025-03-05 09:00,2025-03-06 09:00,satisfied\n"
         "C2,95598,complaint,PW01,2025-08-04 09:00,2025-08-20 09:00,2025-08-20 09:00,,\n")


def _data(d):
    (d / "windoweval.toml").write_text(
        'name = "x"\n'
        '[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n'
        '[[windows]]\nid = "PW02"\nname = "城西"\nkind = "power_hall"\n'
        '[[windows]]\nid = "H01"\nname = "收费"\nkind = "hospital_billing"\n', encoding="utf-8")
    (d / "complaints.csv").write_text(CASES, encoding="utf-8")
    return d


def _no_data(t: pd.DataFrame, rate: str = "rate"):
    row = t[t["window_id"].astype(str) == "PW02"]
    assert len(row) >= 1, t
    assert pd.isna(row[rate]).all(), row
    return row


def test_every_window_of_the_rule_is_a_row(tmp_path):
    t = complaint_summary(2025, _data(tmp_path), by="window_id")
    for name in ("timeliness", "callbacks", "satisfaction", "breakdown"):
        assert "H01" not in set(t[name]["window_id"].astype(str)), name
    tl = _no_data(t["timeliness"])
    assert set(tl["kind"]) == {"complaint"} and tl["cases"].tolist() == [0] and tl["verdict"].tolist() == ["no_data"]
    cb = _no_data(t["callbacks"])
    assert cb["needing"].tolist() == [0] and cb["verdict"].tolist() == ["no_data"]
    sa = _no_data(t["satisfaction"])
    assert sa["called_back"].tolist() == [0]
    br = _no_data(t["breakdown"], "reply_rate")
    assert br["cases"].tolist() == [0] and pd.isna(br["callback_rate"]).all()
    # PW01's figures unchanged by the new row
    pw01 = t["timeliness"].set_index("window_id").loc["PW01"]
    assert (int(pw01["assessed"]), int(pw01["in_time"])) == (2, 1)
    # counts stay whole numbers (a row of zeros does not turn them into floats)
    assert pd.api.types.is_integer_dtype(t["timeliness"]["cases"]), t["timeliness"].dtypes


def test_the_page_and_the_command_list_it(tmp_path):
    d = _data(tmp_path)
    page = we.yearbook("complaints", 2025, data=d)
    assert "PW02" in set(page["window_timeliness"]["window_id"].astype(str))
    assert "PW02" in set(page["window_callbacks"]["window_id"].astype(str))
    out = tmp_path / "out"
    with redirect_stdout(io.StringIO()) as so, redirect_stderr(io.StringIO()):
        rc = main(["complaints", "--data", str(d), "--year", "2025", "--by", "window", "--out", str(out)])
    assert rc == 0
    assert "PW02" in so.getvalue()
    written = "".join(p.read_text(encoding="utf-8-sig", errors="replace") for p in out.rglob("*")
                      if p.is_file() and p.suffix in (".csv", ".json"))
    assert "PW02" in written, sorted(p.name for p in out.rglob("*"))
