"""Public service promises: the register, fulfilment (第五条(二)), the publication table (第十三条(六))."""
import dataclasses
import tomllib

import pandas as pd
import pytest

from windoweval import cli, paths
from windoweval import complaints as C
from windoweval.demo import complaints as CD
from windoweval import promises as P
from windoweval.catalog import load_catalog
from windoweval.demo import DEMO_YEAR, PLANTED
from windoweval.scoring import score


@pytest.fixture(scope="module")
def occ(ws):
    return P.occurrences(DEMO_YEAR, workspace=ws, standard="power_window")


def test_register_names_real_measures_and_all_wordings():
    reg = P.load_promises()
    known = {m["measure"] for m in load_catalog().measures()}
    assert reg["promise_id"].is_unique
    for r in reg.itertuples():
        assert r.zh and r.public_zh and r.en, r.promise_id
        assert all(m in known for m in r.measures), (r.promise_id, r.unknown_measures)
        assert load_catalog().clause(r.clause_id)
    assert set(reg.loc[~reg["measured"], "promise_id"]) == set()  # 抄表 is measured from meter readings now
    # every 第十条(二) time limit is registered
    tenth = {f"power_window.10.2.{i}" for i in range(1, 11)}
    assert tenth <= set(reg["clause_id"])
    assert {"hospital_commitments", "power_window"} == set(reg["standard"])


def test_register_ships_with_the_package():
    py = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "promises.yaml" in py["tool"]["setuptools"]["package-data"]["windoweval"]
    assert P.REGISTER_FILE.parent == paths.PACKAGE_DIR and P.REGISTER_FILE.exists()


def test_broken_promises_are_counted_exactly(occ):
    f = P.fulfilment(by=["promise_id"], occ=occ, standard="power_window").set_index("promise_id")
    assert f.loc["pw_complaint_reply_5d", "broken"] == CD.PLANTED_FAILS["power_window.13.5#complaint_reply"]
    assert f.loc["pw_report_reply_10d", "broken"] == CD.PLANTED["report_reply_late"]
    assert f.loc["pw_95598_12s", "broken"] == PLANTED["calls_over_12s"] + PLANTED["calls_abandoned"]
    assert f.loc["pw_fault_repair_45min", "broken"] == PLANTED["fault_repair_over_45min"]
    assert f.loc["pw_restoration_1wd", "broken"] == PLANTED["outage_restoration_late"] + PLANTED["restoration_orders_late"]
    assert f.loc["pw_planned_outage_notice_7d", "broken"] == PLANTED["planned_outages_short_notice"]
    assert f.loc["pw_meter_reading_on_schedule", "broken"] == \
        PLANTED["meter_readings_off_day"] + PLANTED["meter_readings_missing"]
    # a promise no record tests is listed as missing, never as kept
    g = P.fulfilment(by=["promise_id"], occ=occ[occ["promise_id"] != "pw_meter_reading_on_schedule"],
                     standard="power_window").set_index("promise_id")
    assert g.loc["pw_meter_reading_on_schedule", "verdict"] == "no_data"
    assert pd.isna(g.loc["pw_meter_reading_on_schedule", "rate"])
    total = P.fulfilment(by=[], occ=occ).iloc[0]
    assert total["broken"] == f["broken"].sum() and total["verdict"] == "fail"
    assert total["rate"] == pytest.approx(total["met"] / total["occurrences"])


def test_art203_moves_the_report_promise_too(ws):
    on = P.occurrences(DEMO_YEAR, workspace=dataclasses.replace(ws, art203=True), standard="power_window")
    f = P.fulfilment(by=["promise_id"], occ=on[on["record_kind"] == "complaints"]).set_index("promise_id")
    assert f.loc["pw_report_reply_10d", "broken"] == CD.PLANTED["report_reply_late_art203"]


def test_fulfilment_by_window_and_month_adds_up(occ):
    year = P.fulfilment(by=["promise_id"], occ=occ).set_index("promise_id")
    by_month = P.fulfilment(by=["promise_id", "month"], occ=occ)
    months = by_month.groupby("promise_id")[["occurrences", "broken"]].sum()
    pd.testing.assert_frame_equal(months, year.loc[months.index, ["occurrences", "broken"]], check_dtype=False)
    assert set(by_month["month"].dropna()) == {f"{DEMO_YEAR}-{m:02d}" for m in range(1, 13)}
    w = P.fulfilment(by=["promise_id", "window_id"], occ=occ)
    assert int(w["broken"].sum()) == int(year["broken"].sum())


def test_scorecard_clause_5_2_agrees_with_the_promise_register(ws, occ):
    ids = {m["measure"] for m in load_catalog().measures("power_window") if m["clause_id"] == "power_window.5.2"}
    card = score("power_window", year=DEMO_YEAR, workspace=ws, catalog=P._sub_catalog(ids))
    r = card.results.groupby("window_id")[["n", "met"]].sum()
    halls = ws.windows.loc[ws.windows["kind"] == "power_hall", "window_id"]
    f = P.fulfilment(by=["window_id"], occ=occ).set_index("window_id").loc[halls]
    assert r.loc[halls, "n"].tolist() == f["occurrences"].tolist()
    assert r.loc[halls, "met"].tolist() == f["met"].tolist()
    assert (card.results["target"] == 1.0).all()
    d = card.drilldown("power_window.5.2#complaints")
    assert set(d["promise_id"]) == {"pw_complaint_reply_5d", "pw_report_reply_10d"}
    assert CD.BOUNDARY_CASES["report_day10_holiday"] in set(d["case_id"])


def test_publication_table(occ):
    t = P.publication_table(DEMO_YEAR, occ=occ, standard="power_window")
    # the counts beside the rate (public43): a rate never stands alone
    assert t.columns.tolist() == ["承诺事项", "承诺内容", "期间", "兑现率", "已判定(次)", "兑现(次)", "未兑现(次)", "未到期(次)",
                                  "无法判定(次)", "例外(次,不计入兑现率)"]
    n = int((P.load_promises()["standard"] == "power_window").sum())
    assert len(t) == n + 1 and t.iloc[-1]["承诺事项"] == "全部承诺"
    assert (t["期间"] == f"{DEMO_YEAR}年").all()
    row = t.set_index("承诺事项").loc["您的投诉,5天内给您答复"]
    assert row["承诺内容"] == "对客户投诉在5天内答复" and row["兑现率"] == "97.8%"  # 499 / 510, rounded down
    assert t.set_index("承诺事项").loc["按规定日期准确抄表", "兑现率"] == "99.8%"  # 7189 / 7200, rounded down
    en = P.publication_table(DEMO_YEAR, occ=occ, lang="en", freq="Q", standard="power_window")
    assert en.columns.tolist()[:9] == ["Promise", "Wording in the standard", "Period", "Rate kept", "Assessed", "Kept",
                                       "Broken", "Not yet due", "Not assessable"]
    assert {f"{DEMO_YEAR} Q{q}" for q in range(1, 5)} <= set(en["Period"])


def test_rate_is_rounded_down_so_only_a_kept_promise_reads_100():
    occ = pd.DataFrame({"promise_id": "pw_fault_repair_45min", "window_id": "PW01", "month": "2025-06",
                        "passed": pd.array([True] * 1999 + [False], dtype="boolean")})
    t = P.publication_table(2025, occ=occ, standard="power_window").set_index("承诺事项")
    assert t.loc["故障报修后,抢修人员45分钟内到达现场", "兑现率"] == "99.9%"


def test_promises_command(capsys):
    assert cli.main(["promises", "--year", str(DEMO_YEAR), "--standard", "power_window"]) == 0
    out = capsys.readouterr().out
    assert "全部承诺" in out and "向社会公布" in out and "未达到 100%" in out
    assert cli.main(["promises", "--year", str(DEMO_YEAR), "--lang", "en", "--freq", "M", "--standard", "power_window"]) == 0
    out = capsys.readouterr().out
    assert "All promises" in out and "Rate kept" in out and f"{DEMO_YEAR}-12" in out
