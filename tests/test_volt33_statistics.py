"""volt33: a voltage monitoring system's statistics rows (电压监测统计: one row per point and day or month, with its
minutes monitored, over the upper and under the lower limit) scored by time, without reshaping the export by hand.

A record of ``voltage_statistics`` is one such row.  The 第六条(一) measures weigh a row by its minutes monitored
(运行时间) and credit the minutes within the band: the scorecard's ``records`` are rows, ``met`` the rows with no
minute outside, ``rate`` the minutes within over the minutes monitored.  The monitor's over and under minutes are the
standard's evidence only where its limits are the standard's: a side set looser (or not shown) could hide a failure
and a side set tighter, with minutes beyond it, could show one that is none; both are missing evidence, never a pass
and never a fail.  35 kV: the positive plus the negative deviation of a point's day from its 最高电压 and 最低电压.

Every expected figure below is counted by hand in the comment beside it.  Each test failed before volt33 (the kind,
its contract and its measures did not exist).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from _workspace import run_cli, write_workspace

from windoweval.records import RecordsError, read_records
from windoweval.scoring import score

LV220 = "power_window.6.1.1#lv220_single_phase_statistics"
KV10 = "power_window.6.1.1#three_phase_10kv_below_statistics"
KV35 = "power_window.6.1.1#kv35_plus_statistics"
ABNORMAL = "power_window.6.1.2#statistics"

#: the export's own headers, as a D-class monitoring system writes them
HEAD = ("监测点编号,窗口编号,电压等级,统计日期,统计月份,额定电压,运行时间(分钟),超上限时间(分钟),超下限时间(分钟),"
        "上限值,下限值,最高电压,最低电压,电压合格率(%)")
MAPPING = ("voltage_statistics:\n  file: 电压监测统计.csv\n"
           "  values:\n    supply_type: {220V: single_phase_220v, 10kV: three_phase_10kv_below, 35kV: kv35_plus}\n"
           "  constant: {system_state: normal}\n")


def _export(tmp_path, rows, mapping=MAPPING, head=HEAD):
    write_workspace(tmp_path, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    (tmp_path / "电压监测统计.csv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return tmp_path


def _row(card, measure):
    return card.results.set_index("measure").loc[measure]


# -- 1. minutes within the band, weighed by the minutes monitored --------------------------------------------------

@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_a_monitors_day_rows_are_scored_by_time(tmp_path, scheduler):
    _export(tmp_path, [
        # 220 V, limits +7 % / -10 % (235.4 / 198.0 V): the standard's
        "V1,PW01,220V,2025-03-01,,220,1440,0,0,235.4,198.0,231.0,201.0,100.00",     # 1440 within: met
        "V1,PW01,220V,2025-03-02,,220,1440,30,10,235.4,198.0,240.1,196.0,97.22",    # 1400 within, 40 outside
        "V2,PW01,220V,2025-03-01,,220,1000,0,100,235.4,198.0,230.0,190.0,90.00",    # 900 within, 100 outside
        # 10 kV, ±7 % (10700 / 9300 V)
        "V3,PW01,10kV,2025-03-01,,10000,1440,0,0,10700,9300,10500,9500,100.00",     # 1440 within: met
    ])
    card = score("power_window", 2025, data=tmp_path, scheduler=scheduler)
    r = _row(card, LV220)
    # records: 3 rows; met: 1 (V1 of 1 March); rate: (1440 + 1400 + 900) / (1440 + 1440 + 1000) = 3740 / 3880
    assert (r["records"], r["n"], r["met"], r["missing_evidence"]) == (3, 3, 1, 0)
    assert r["rate"] == pytest.approx(3740 / 3880)
    assert r["verdict"] == "fail"
    r = _row(card, KV10)
    assert (r["records"], r["n"], r["met"], r["rate"], r["verdict"]) == (1, 1, 1, 1.0, "pass")
    # the readings' measure of the same supply is the other way of measuring it: no records, no weight, no cell
    res = card.results.set_index("measure")
    assert res.loc["power_window.6.1.1#lv220_single_phase", "weight"] == 0
    assert res.loc[LV220, "weight"] == 1


def test_the_missed_rows_show_their_minutes_outside(tmp_path):
    _export(tmp_path, [
        "V1,PW01,220V,2025-03-01,,220,1440,0,0,235.4,198.0,,,",
        "V1,PW01,220V,2025-03-02,,220,1440,30,10,235.4,198.0,,,",
    ])
    d = score("power_window", 2025, data=tmp_path).drilldown(LV220)
    assert d["point_id"].tolist() == ["V1"]
    assert (d["minutes_outside"].tolist(), d["share_within"].round(6).tolist()) == ([40.0], [round(1400 / 1440, 6)])


# -- 2. the monitor's limits against the standard's band -----------------------------------------------------------

def test_limits_other_than_the_standards_are_missing_evidence_never_a_pass(tmp_path):
    _export(tmp_path, [
        # ±7 % on a 220 V point (235.4 / 204.6 V): the lower side tighter than the standard's -10 %
        "A,PW01,220V,2025-04-01,,220,1440,0,0,235.4,204.6,,,",       # nothing beyond either: met
        "B,PW01,220V,2025-04-01,,220,1440,0,20,235.4,204.6,,,",      # 20 min under 204.6 V: above 198 V or not? missing
        "C,PW01,220V,2025-04-01,,220,1440,15,0,235.4,204.6,,,",      # 15 min over the standard's own upper: missed
        # +10 % upper (242 V): looser, a minute at 240 V is counted within: missing evidence even with none over
        "D,PW01,220V,2025-04-01,,220,1440,0,0,242.0,198.0,,,",
        # no limits shown: missing evidence
        "E,PW01,220V,2025-04-01,,220,1440,0,0,,,,,",
    ])
    r = _row(score("power_window", 2025, data=tmp_path), LV220)
    # assessed A and C: (1440 + 1425) / 2880; B, D, E missing evidence
    assert (r["records"], r["n"], r["met"], r["missing_evidence"]) == (5, 2, 1, 3)
    assert r["rate"] == pytest.approx(2865 / 2880)
    assert r["verdict"] == "fail"
    _export(tmp_path, ["A,PW01,220V,2025-04-01,,220,1440,0,0,235.4,204.6,,,",
                       "D,PW01,220V,2025-04-01,,220,1440,0,0,242.0,198.0,,,"])
    r = _row(score("power_window", 2025, data=tmp_path), LV220)
    assert (r["n"], r["met"], r["rate"], r["missing_evidence"], r["verdict"]) == (1, 1, 1.0, 1, "insufficient")


def test_limits_in_percent_either_sign_of_the_lower(tmp_path):
    head = "监测点编号,窗口编号,电压等级,统计日期,运行时间(分钟),超上限时间(分钟),超下限时间(分钟),上限(%),下限(%)"
    _export(tmp_path, ["P1,PW01,220V,2025-04-01,1440,0,0,7,-10",
                       "P2,PW01,220V,2025-04-01,1440,0,60,7,10",       # 下限 10 %: 10 % below, as -10
                       "P3,PW01,220V,2025-04-01,1440,0,0,10,10"], head=head)   # upper +10 %: looser, missing
    r = _row(score("power_window", 2025, data=tmp_path), LV220)
    # P1 1440 within, P2 1380 within; P3 missing: (1440 + 1380) / 2880
    assert (r["records"], r["n"], r["met"], r["missing_evidence"]) == (3, 2, 1, 1)
    assert r["rate"] == pytest.approx(2820 / 2880)


def test_the_abnormal_state_is_judged_against_ten_percent(tmp_path):
    mapping = MAPPING.replace("  constant: {system_state: normal}\n", "").replace("    supply_type:", "    system_state: {正常: normal, 非正常: abnormal}\n    supply_type:")
    head = HEAD + ",系统状态"
    _export(tmp_path, [
        "Q1,PW01,220V,2025-06-01,,220,600,0,5,242.0,198.0,,,,非正常",     # ±10 %: the band of 6.1.2, 595 within
        "Q2,PW01,220V,2025-06-01,,220,600,5,0,235.4,198.0,,,,非正常",     # upper tighter with minutes over: missing
        "Q3,PW01,220V,2025-06-02,,220,1440,0,0,235.4,198.0,,,,正常",      # normal state: 6.1.1's, not 6.1.2's
    ], mapping=mapping, head=head)
    card = score("power_window", 2025, data=tmp_path)
    r = _row(card, ABNORMAL)
    assert (r["records"], r["n"], r["met"], r["missing_evidence"]) == (2, 1, 0, 1)
    assert r["rate"] == pytest.approx(595 / 600)
    assert _row(card, LV220)[["records", "met", "verdict"]].tolist() == [1, 1, "pass"]


# -- 3. 35 kV: the day's largest deviations --------------------------------------------------------------------------

def test_kv35_span_from_a_days_highest_and_lowest_voltage(tmp_path):
    _export(tmp_path, [
        "K1,PW01,35kV,2025-05-01,,35000,1440,0,0,,,36750,33250,",     # +5 % and -5 %: 10 %, met
        "K2,PW01,35kV,2025-05-01,,35000,1440,0,0,,,37100,33250,",     # +6 % and -5 %: 11 %, missed
        "K3,PW01,35kV,,2025-05,35000,44640,0,0,,,36000,34000,",       # a month within 5.7 %: every day within
        "K4,PW01,35kV,,2025-05,35000,44640,0,0,,,37100,33250,",       # a month over 10 %: which day? missing
        "K5,PW01,35kV,2025-05-02,,35000,1440,0,0,,,,,",               # no highest and lowest: missing
    ])
    r = _row(score("power_window", 2025, data=tmp_path), KV35)
    # assessed K1, K2, K3: (1440 + 44640) / (1440 + 1440 + 44640) = 46080 / 47520
    assert (r["records"], r["n"], r["met"], r["missing_evidence"]) == (5, 3, 2, 2)
    assert r["rate"] == pytest.approx(46080 / 47520)
    assert r["verdict"] == "fail"


# -- 4. rows that cannot be statistics: refused or missing evidence, with file, row, column, value and the fix --------

def test_over_and_under_beyond_the_minutes_monitored_are_refused(tmp_path):
    _export(tmp_path, ["V1,PW01,220V,2025-03-01,,220,1440,0,0,235.4,198.0,,,",
                       "V1,PW01,220V,2025-03-02,,220,40,30,20,235.4,198.0,,,"])
    with pytest.raises(RecordsError) as e:
        read_records("voltage_statistics", tmp_path)
    p = e.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[3, "run_min", "40"]]
    assert p["file"].iloc[0].endswith("电压监测统计.csv")
    text = str(e.value)
    assert "超上限时间与超下限时间之和" in text and "exceed the minutes monitored" in text
    assert text.index("超上限") < text.index("exceed")      # Chinese first
    assert p["fix_zh"].iloc[0] and p["fix_en"].iloc[0]
    got = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    assert got.returncode == 3, got.stdout + got.stderr
    assert "Traceback" not in got.stderr and "第 3 行 row 3" in got.stdout + got.stderr


def test_negative_minutes_are_refused(tmp_path):
    _export(tmp_path, ["V1,PW01,220V,2025-03-01,,220,1440,-5,0,235.4,198.0,,,"])
    with pytest.raises(RecordsError) as e:
        read_records("voltage_statistics", tmp_path)
    assert e.value.problems[["row", "column", "value"]].values.tolist() == [[2, "over_min", "-5"]]


def test_no_minutes_monitored_is_missing_evidence(tmp_path):
    _export(tmp_path, ["V1,PW01,220V,2025-03-01,,220,,0,0,235.4,198.0,,,",
                       "V2,PW01,220V,2025-03-01,,220,0,0,0,235.4,198.0,,,",
                       "V3,PW01,220V,2025-03-01,,220,1440,,0,235.4,198.0,,,"])   # over not written: unknown
    r = _row(score("power_window", 2025, data=tmp_path), LV220)
    assert (r["records"], r["n"], r["missing_evidence"], r["verdict"]) == (3, 0, 3, "insufficient")


def test_a_row_of_no_day_and_no_month_is_refused(tmp_path):
    _export(tmp_path, ["V1,PW01,220V,,,220,1440,0,0,235.4,198.0,,,"])
    with pytest.raises(RecordsError) as e:
        read_records("voltage_statistics", tmp_path)
    p = e.value.problems
    assert p[["row", "column"]].values.tolist() == [[2, "stat_date"]]
    assert "统计日期" in p["fix_zh"].iloc[0] and "受理" not in p["fix_zh"].iloc[0]


# -- 5. records map proposes the export's headers --------------------------------------------------------------------

def test_records_map_reads_a_monitoring_systems_headers(tmp_path):
    from windoweval.records.propose import propose

    f = tmp_path / "电压监测统计.csv"
    rows = [HEAD] + [f"V{i},PW01,{['220V', '10kV'][i % 2]},2025-03-0{i + 1},,220,1440,0,0,235.4,198.0,231,201,100"
                     for i in range(6)]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    got = yaml.safe_load(propose(f, "voltage_statistics"))["voltage_statistics"]
    cols = got["columns"]
    want = {"监测点编号": "point_id", "电压等级": "supply_type", "统计日期": "stat_date", "额定电压": "nominal_v",
            "运行时间(分钟)": "run_min", "超上限时间(分钟)": "over_min", "超下限时间(分钟)": "under_min",
            "上限值": "upper_limit_v", "下限值": "lower_limit_v", "最高电压": "max_v", "最低电压": "min_v"}
    assert {h: cols.get(h) for h in want} == want
    assert got["values"]["supply_type"] == {"220V": "single_phase_220v", "10kV": "three_phase_10kv_below"}


def test_band_minutes_kernel_is_vectorised_and_partial():
    from windoweval.kernels import KERNELS, share_of

    k = KERNELS["band_minutes"]
    df = pd.DataFrame({"r": [100.0, 100.0, 100.0, np.nan], "o": [0.0, 10.0, 0.0, 0.0], "u": [0.0, 5.0, 0.0, 0.0],
                       "n": [220.0] * 4, "hi": [235.4, 235.4, 250.0, 235.4], "lo": [198.0] * 4})
    m = k(df, run="r", over="o", under="u", nominal="n", upper_v="hi", lower_v="lo", low=-0.10, high=0.07)
    assert m.tolist() == [True, False, pd.NA, pd.NA]
    assert share_of(m)[:2].tolist() == [1.0, 0.85]


# -- 6. a day's row carries its month: the year of a file of day rows (or of month rows) is known ---------------------

def test_a_file_of_day_rows_covers_its_year_on_the_command_line(tmp_path):
    # the year check after scoring read the contract's last period column (统计月份), blank on every day's row: "the
    # data holds no records for 2025" (exit 3) for an export of daily statistics
    _export(tmp_path, ["V1,PW01,220V,2025-03-01,,220,1440,30,10,235.4,198.0,,,"])
    got = run_cli("score", "--year", "2025", "--data", str(tmp_path), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert got.returncode == 0, got.stdout + got.stderr
    assert "lv220_single_phase_statistics" in got.stdout
    df = read_records("voltage_statistics", tmp_path)
    assert df["stat_month"].dt.strftime("%Y-%m").tolist() == ["2025-03"]


def test_a_month_that_is_not_the_days_is_refused(tmp_path):
    _export(tmp_path, ["V1,PW01,220V,2025-03-31,2025-04,220,1440,0,0,235.4,198.0,,,"])
    with pytest.raises(RecordsError) as e:
        read_records("voltage_statistics", tmp_path)
    p = e.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[2, "stat_month", "2025-04"]]
    assert p["fix_zh"].iloc[0] and p["fix_en"].iloc[0]


def test_month_rows_are_of_their_year(tmp_path):
    _export(tmp_path, ["V1,PW01,220V,,2024-12,220,44640,0,0,235.4,198.0,,,",
                       "V1,PW01,220V,,2025-01,220,44640,0,60,235.4,198.0,,,"])
    r = _row(score("power_window", 2025, data=tmp_path), LV220)
    # only January 2025: (44640 - 60) / 44640
    assert (r["records"], r["met"]) == (1, 0) and r["rate"] == pytest.approx(44580 / 44640)


# -- 7. the demonstration review's voltage compliance from the same rows ---------------------------------------------

def test_the_reviews_voltage_compliance_credits_the_minutes_within(tmp_path):
    # the review took voltage compliance from readings only (none here: no figure), and a drill-down row's weight
    # was met whole or not at all
    from windoweval.review import key_indicators

    _export(tmp_path, ["V1,PW01,220V,2025-03-01,,220,1440,0,0,235.4,198.0,,,",
                       "V1,PW01,220V,2025-03-02,,220,1440,30,10,235.4,198.0,,,"])
    ki = key_indicators(2025, data=tmp_path, store_dir=tmp_path / "store").set_index("window_id")
    # (1440 + 1400) / 2880, as the scorecard's rate
    assert ki.loc["PW01", "voltage_compliance"] == pytest.approx(2840 / 2880)
    assert ki.loc["PW01", "voltage_missing_evidence"] == 0


def test_the_scorecards_head_counts_the_measures_its_verdicts_count():
    # the head line counted every planned measure, an unused alternative too (10.2.9's work orders, and now the four
    # of voltage statistics), while the verdict counts below it leave those out: 58 measures over 3 + 54 verdicts
    import tempfile

    from windoweval.demo import tiny_records
    from windoweval.summaries import counted

    ws, orders = tiny_records()
    card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    head, verdicts = repr(card).splitlines()[:2]
    assert "× 57 个测量项 measures" in head
    # 10.1.2#repair's quiet hours are no evidence since clauses45 (insufficient, not a third fail)
    assert "未达标 not met 2" in verdicts and "无数据 no evidence 54" in verdicts and "证据不足 insufficient evidence 1" in verdicts
    assert counted(card.results)["measure"].nunique() == 57


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_statistics_imported_into_the_store_score_the_same(tmp_path, scheduler):
    # records import partitions by the year's column: a day's row by its month, filled from its day
    src = tmp_path / "in"
    _export(src, ["V1,PW01,220V,2025-03-01,,220,1440,30,10,235.4,198.0,,,",
                  "V2,PW01,220V,,2025-04,220,44640,0,0,235.4,198.0,,,"])
    data = write_workspace(tmp_path / "data")
    (src / "mapping.yaml").rename(data / "mapping.yaml")
    (data / "mapping.yaml").write_text(MAPPING.replace("  file: 电压监测统计.csv\n", ""), encoding="utf-8")
    (data / "windoweval.toml").write_text((data / "windoweval.toml").read_text(encoding="utf-8")
                                          .replace('name = "x"\n', 'name = "x"\nmapping_file = "mapping.yaml"\n'),
                                          encoding="utf-8")
    got = run_cli("records", "import", "voltage_statistics", str(src / "电压监测统计.csv"), "--data", str(data),
                  cwd=tmp_path)
    assert got.returncode == 0, got.stdout + got.stderr
    assert (data / "voltage_statistics" / "year=2025").is_dir()
    (data / "mapping.yaml").unlink()
    (data / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\n'
                                          'kind = "power_hall"\n', encoding="utf-8")
    r = _row(score("power_window", 2025, data=data, scheduler=scheduler), LV220)
    # (1400 + 44640) / (1440 + 44640)
    assert (r["records"], r["n"], r["met"]) == (2, 2, 1) and r["rate"] == pytest.approx(46040 / 46080)
