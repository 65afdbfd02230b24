"""verdicts48b: the measures verdicts48 left with the fewest cases, through the real scorecard.

tests/cases/ pins each record and unit against the words (power_window.yaml: 10.3.1#progress, 13.2#supervisor_meetings,
13.6, 12.2#third_party_survey, the voltage_statistics band_minutes measures; hospital_commitments.yaml: pharmacy
7#waiting).  Here the step after: a window whose records of the kind are all of another year (or absent) reads no
pass on the scorecard, and its score is no figure, never 100 on nothing.
"""
import pandas as pd

from windoweval.records import contracts, validate
from windoweval.records.workspace import Workspace
from windoweval.scoring import score


def _empty():
    return {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
            for k, c in contracts().items()}


def _card():
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"},
                                                       {"id": "PW02", "name": "b", "kind": "power_hall"}]})
    ex = contracts()["voltage_statistics"].example
    # PW01: a day of May 2025 with no minute outside +7 % / -10 %; PW02: only 31 December 2024 (last year's)
    vs = pd.DataFrame([{**ex, "point_id": "V1", "window_id": "PW01", "stat_date": "2025-05-01", "stat_month": "2025-05",
                        "over_min": 0},
                       {**ex, "point_id": "V2", "window_id": "PW02", "stat_date": "2024-12-31", "stat_month": "2024-12",
                        "over_min": 0}])
    acts = pd.DataFrame([{"activity_id": "A1", "window_id": "PW01", "kind": "supervisor_meeting", "held_on": "2025-01-01"},
                         {"activity_id": "A2", "window_id": "PW02", "kind": "supervisor_meeting", "held_on": "2024-12-31"},
                         {"activity_id": "A3", "window_id": "PW02", "kind": "promise_publication", "held_on": "2026-01-01"}])
    recs = {**_empty(), "voltage_statistics": validate(vs.astype(object), "voltage_statistics", file="v.csv"),
            "activities": validate(acts.astype(object), "activities", file="a.csv")}
    return score("power_window", 2025, workspace=ws, records=recs)


def test_a_window_with_only_other_years_records_reads_no_pass():
    card = _card()
    r = card.results.set_index(["measure", "window_id"])["verdict"]
    # 第六条(一)1(3) by the monitor's minutes: PW01's day met; PW02's only row is 2024's: no figure of 2025
    assert r[("power_window.6.1.1#lv220_single_phase_statistics", "PW01")] == "pass"
    assert r[("power_window.6.1.1#lv220_single_phase_statistics", "PW02")] == "no_data"
    # 定期召开座谈会 / 定期向社会公布承诺兑现率 (one a year): the meeting of 1 January 2025 met; PW02's meeting of
    # 31 December 2024 and publication of 1 January 2026 are not 2025's: insufficient evidence, never a pass
    assert r[("power_window.13.2#supervisor_meetings", "PW01")] == "pass"
    assert r[("power_window.13.2#supervisor_meetings", "PW02")] == "insufficient"
    assert r[("power_window.13.6", "PW02")] == "insufficient"
    assert r[("power_window.12.2#third_party_survey", "PW02")] == "insufficient"
    assert r[("power_window.10.3.1#progress", "PW02")] == "insufficient"
    assert not (r.xs("PW02", level="window_id") == "pass").any()
    w = card.windows.set_index("window_id")
    assert pd.isna(w.loc["PW02", "score"]) and float(w.loc["PW02", "evidence"]) == 0.0


def test_a_row_first_six_3_leaves_out_is_named_by_its_power_factor_not_its_supply():
    """第六条(一)3 当客户用电功率达不到《供电营业规则》规定要求时,其受电端的电压偏差不受上述限制: a 220 V monitor's
    day with power_factor_ok false is in no voltage measure's population (nor is it missed for its 30 minutes over),
    and the records no measure took say so by the column that left it out: power_factor_ok False.  It read supply_type
    single_phase_220v, the first selecting column, whose value the 220 V measures take."""
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
    ex = contracts()["voltage_statistics"].example
    vs = pd.DataFrame([{**ex, "point_id": "V1", "over_min": 30, "power_factor_ok": False},
                       {**ex, "point_id": "V2", "over_min": 0, "power_factor_ok": True},
                       {**ex, "point_id": "V3", "over_min": 0, "system_state": "abnormal", "power_factor_ok": False}])
    card = score("power_window", 2025, workspace=ws, records={
        **_empty(), "voltage_statistics": validate(vs.astype(object), "voltage_statistics", file="v.csv")})
    r = card.results.set_index("measure")
    assert (int(r.loc["power_window.6.1.1#lv220_single_phase_statistics", "n"]),
            r.loc["power_window.6.1.1#lv220_single_phase_statistics", "verdict"]) == (1, "pass")
    assert int(r.loc["power_window.6.1.2#statistics", "n"]) == 0
    u = card.unscored
    u = u[u["record_kind"] == "voltage_statistics"]
    assert u[["reason", "column", "value", "records"]].values.tolist() == [["value", "power_factor_ok", "False", 2]]
