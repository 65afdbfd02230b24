"""The demonstration-window review (第三条–第五条) and the supervision record."""
import inspect
import numpy as np
import pandas as pd
import pytest

import windoweval as we
from windoweval import cli
from windoweval import complaints as C
from windoweval import promises as P
from windoweval import review as R
from windoweval.demo import DEMO_YEAR, PLANTED, ensure_demo
from windoweval.demo.review import REVIEW_PLANTED


@pytest.fixture(scope="module")
def rv(tmp_path_factory):
    ensure_demo()
    empty_store = tmp_path_factory.mktemp("store")  # no survey: satisfaction must show as missing
    return R.demonstration_review(DEMO_YEAR, store_dir=empty_store)


def status(rv, window, criterion):
    c = rv.criteria
    return c[(c["window_id"] == window) & (c["criterion"] == criterion)]["status"].item()


def test_every_hall_has_every_condition(rv):
    halls = [f"PW{i:02d}" for i in range(1, 13)]
    assert sorted(rv.summary["window_id"]) == halls
    assert len(rv.criteria) == len(halls) * len(R.CRITERIA)
    assert set(rv.criteria["status"]) <= {"pass", "fail", "missing"}
    assert rv.criteria["evidence_zh"].str.len().min() > 0 and rv.criteria["evidence_en"].str.len().min() > 0


def test_document_review_evidence_and_missing_evidence(rv):
    for w in REVIEW_PLANTED["major_incident"]:
        assert status(rv, w, "no_major_incident") == "fail"
    for w in REVIEW_PLANTED["systems_not_good"]:
        assert status(rv, w, "systems_rated_good") == "fail"
    for w in REVIEW_PLANTED["systems_evidence_missing"]:  # no record at all
        assert status(rv, w, "systems_rated_good") == "missing"
    for w in REVIEW_PLANTED["conduct_rating_na"]:  # recorded, but undecided
        assert status(rv, w, "conduct_rating_top") == "missing"
    assert status(rv, "PW01", "standard_window_met") == "pass"
    assert status(rv, "PW01", "no_major_incident") == "pass"


def test_satisfaction_without_a_survey_is_missing_never_a_pass(rv):
    sat = rv.criteria[rv.criteria["criterion"] == "customer_satisfaction"]
    assert (sat["status"] == "missing").all()
    assert sat["evidence_zh"].str.contains("没有").all()


def test_eligible_only_when_every_condition_passes(rv):
    s = rv.summary.set_index("window_id")
    assert (s["eligible"] == ((s["failed"] == 0) & (s["missing"] == 0))).all()
    assert not s["eligible"].any()  # satisfaction evidence is missing for every hall
    assert (s.loc[s["failed"] == 0, "decision"] == "incomplete").all()
    assert (s.loc[s["failed"] > 0, "decision"] == "not_eligible").all()
    assert "no_major_incident" in s.loc["PW08", "failed_criteria"]
    assert "systems_rated_good" in s.loc["PW06", "missing_criteria"]


def test_promise_condition_uses_the_promise_fulfilment(rv):
    f = P.fulfilment(DEMO_YEAR, by=["window_id"], standard="power_window").set_index("window_id")
    c = rv.criteria[rv.criteria["criterion"] == "promise_fulfilment"].set_index("window_id")
    for w, row in c.iterrows():
        assert row["this_year"] == pytest.approx(f.loc[w, "rate"])
        assert row["status"] == ("pass" if f.loc[w, "broken"] == 0 else "fail")


def test_key_indicators_compare_two_years(rv):
    for crit in ("connection_time", "supply_reliability", "voltage_quality"):
        c = rv.criteria[rv.criteria["criterion"] == crit]
        assert c["last_year"].notna().all() and c["this_year"].notna().all(), crit
        assert set(c["status"]) <= {"pass", "fail"}, crit
    v = rv.criteria[rv.criteria["criterion"] == "voltage_quality"]
    assert ((v["this_year"] > 0.99) & (v["this_year"] <= 1)).all()
    ct = rv.criteria[rv.criteria["criterion"] == "connection_time"]
    st, _ = R.improvement(ct["last_year"], ct["this_year"], higher_is_better=False)
    assert st.tolist() == ct["status"].tolist()


@pytest.mark.parametrize("last, this, higher, expected", [
    (2.0, 1.9, False, "pass"),      # 5 % less: exactly the threshold
    (2.0, 1.91, False, "fail"),     # 4.5 %
    (0.0, 0.0, False, "pass"),      # no interruptions in either year: kept at best
    (0.0, 1.0, False, "fail"),      # worse than the best of last year
    (0.98, 0.981, True, "pass"),    # the gap to 100 % closed by 5 %
    (1.0, 1.0, True, "pass"),
    (1.0, 0.999, True, "fail"),
    (np.nan, 1.0, True, "missing"),
    (0.9, np.nan, True, "missing"),
])
def test_clear_improvement_reading(last, this, higher, expected):
    assert R.improvement([last], [this], higher_is_better=higher)[0].tolist() == [expected]


def test_supervision_record():
    s = R.supervision_record(DEMO_YEAR).set_index("window_id")
    under = s.index[~s["symposiums_ok"] & s.index.str.startswith("PW")]
    assert len(under) == PLANTED["halls_under_3_symposiums"] and set(under) == {"PW04", "PW10"}
    assert s.loc["PW01", "third_party_survey"] and s.loc["PW01", "reception_days"] == 12
    assert "ALL" in s.index
    cb = C.callback_rate(C.read_complaints(DEMO_YEAR)).iloc[0]
    assert s.loc["ALL", "callback_rate"] == pytest.approx(cb["rate"])
    assert s.loc["ALL", "callback_rate_incl_unreachable"] == pytest.approx(cb["rate_incl_unreachable"])
    assert s.loc["ALL", "callback_rate"] < s.loc["ALL", "callback_rate_incl_unreachable"]


def test_review_from_the_api_and_the_command_line(tmp_path, capsys):
    assert inspect.unwrap(we.demonstration_review) is R.demonstration_review  # the entry point (windoweval.datadir)
    assert we.supervision_record.__wrapped__ is R.supervision_record
    code = cli.main(["review", "--year", str(DEMO_YEAR), "--store", str(tmp_path / "store"), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "示范窗口评审" in out and "Demonstration-window review" in out and "服务监督情况" in out
    assert "缺少证据 / evidence missing" in out and "不具备示范窗口条件" in out
    summary = pd.read_csv(tmp_path / "demonstration_review.csv", dtype={"window_id": str})
    # a true/false cell of a CSV people open reads 是 / yes, 否 / no (msgs44: exports.yes_no_words)
    assert len(summary) == 12 and (summary["eligible"] == "否 / no").all(), summary["eligible"].tolist()


def test_a_promise_without_records_at_a_hall_is_missing_evidence_not_a_pass(tmp_path):
    """第五条(二) passes only on complete evidence: every promise of the register measured for the hall.
    PW01's meter readings removed: its promise fulfilment names the promise that lacked records and is
    never a pass."""
    import shutil

    src = ensure_demo()
    data = tmp_path / "data"
    shutil.copytree(src, data)
    mr = pd.read_csv(data / "meter_readings.csv", dtype=str)
    mr[mr["window_id"] != "PW01"].to_csv(data / "meter_readings.csv", index=False)
    from windoweval.records.workspace import load_workspace
    ws = load_workspace(data)
    halls = ws.windows.loc[ws.windows["kind"] == "power_hall", ["window_id", "window_name"]].reset_index(drop=True)
    lack = R._promises_without_records(DEMO_YEAR, data, ws, halls)
    assert lack["zh"][0].startswith("pw_meter_reading_on_schedule(") and (lack["zh"][1:] == "").all()
    c = R.demonstration_review(DEMO_YEAR, data=data, workspace=ws).criteria
    row = c[(c["criterion"] == "promise_fulfilment") & (c["window_id"] == "PW01")].iloc[0]
    assert row["status"] != "pass" and "pw_meter_reading_on_schedule" in row["evidence_zh"]
    assert "evidence missing: pw_meter_reading_on_schedule(按规定日期准确抄表): no records at this hall" in row["evidence_en"]
    assert "pw_meter_reading_on_schedule(按规定日期准确抄表):本厅无记录" in row["evidence_zh"]


def test_voltage_readings_without_a_duration_are_missing_evidence_not_a_pass(tmp_path):
    """第五条(三) voltage quality: PW04's 2025 readings (a pass on the demo) with no duration or a zero one are counted as
    missing evidence; the review names them and does not pass the hall on the rest (before, the figure was
    taken over the known readings in silence and could pass)."""
    import shutil

    src = ensure_demo()
    data = tmp_path / "data"
    shutil.copytree(src, data)
    part = data / "voltage_readings" / f"year={DEMO_YEAR}"
    for f in part.iterdir():
        v = pd.read_parquet(f)
        at = v.index[v["window_id"] == "PW04"]
        v.loc[at[:3], "duration_min"] = np.nan
        v.loc[at[3:5], "duration_min"] = 0.0
        v.to_parquet(f, index=False)
    from windoweval.records.workspace import load_workspace
    ws = load_workspace(data)
    ki = R.key_indicators(DEMO_YEAR, data=data, workspace=ws, store_dir=tmp_path / "store").set_index("window_id")
    assert ki.loc["PW04", "voltage_missing_evidence"] == 5
    assert (ki.drop(index="PW04")["voltage_missing_evidence"] == 0).all()
    c = R.demonstration_review(DEMO_YEAR, data=data, workspace=ws, store_dir=tmp_path / "store").criteria
    c = c[c["criterion"] == "voltage_quality"].set_index("window_id")
    assert c.loc["PW04", "status"] == "missing"
    assert f"缺少证据:{DEMO_YEAR}年 5 条电压读数无法判定" in c.loc["PW04", "evidence_zh"]
    assert "evidence missing: 5 voltage readings" in c.loc["PW04", "evidence_en"]
    assert set(c.drop(index="PW04")["status"]) <= {"pass", "fail"}
