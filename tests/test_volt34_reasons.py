"""volt34: a voltage monitor's statistics row without evidence says why, where the missing records show reasons
(:meth:`Scorecard.missing_evidence`, the score command's ``*_missing_evidence`` files): which limit is missing,
looser or tighter than the standard's, which minutes are blank, and the fix, Chinese first.

Session 33 gave these rows a blank reason (only the kernel's message): every test below failed before.
"""
from __future__ import annotations

import pandas as pd
from _workspace import run_cli
from test_volt33_statistics import _export as _export33

from windoweval.scoring import score

LV220 = "power_window.6.1.1#lv220_single_phase_statistics"
KV35 = "power_window.6.1.1#kv35_plus_statistics"
HEAD = ("监测点编号,窗口编号,电压等级,统计日期,统计月份,额定电压,运行时间(分钟),超上限时间(分钟),超下限时间(分钟),"
        "上限值,下限值,最高电压,最低电压")


def _export(tmp_path, rows):
    return _export33(tmp_path, rows, head=HEAD)   # volt33's export, these headers


def _reasons(tmp_path, measure=LV220) -> dict:
    lacking = score("power_window", 2025, data=tmp_path).missing_evidence([measure])
    return dict(zip(lacking["point_id"], lacking["reason"]))


def test_a_missing_limit_is_named_with_its_fix(tmp_path):
    _export(tmp_path, [
        "A,PW01,220V,2025-04-01,,220,1440,0,0,,198.0,,",         # no upper limit
        "B,PW01,220V,2025-04-01,,220,1440,0,0,235.4,,,",         # no lower limit
        "C,PW01,220V,2025-04-01,,220,1440,0,0,,,,",              # neither
        "D,PW01,220V,2025-04-01,,,1440,0,0,235.4,198.0,,",       # limits in volts, no nominal voltage
    ])
    why = _reasons(tmp_path)
    assert set(why) == {"A", "B", "C", "D"}
    assert "上限" in why["A"] and "upper limit" in why["A"] and "lower limit" not in why["A"]
    assert "下限" in why["B"] and "lower limit" in why["B"] and "upper limit" not in why["B"]
    assert "upper limit" in why["C"] and "lower limit" in why["C"]
    assert "额定电压" in why["D"] and "nominal" in why["D"]
    for w in why.values():
        assert w.index(" / ") < w.index("limit" if "limit" in w else "nominal")   # Chinese first
        assert "mapping.yaml" in w or "导出" in w                                    # the fix


def test_a_limit_other_than_the_standards_says_which_side_and_by_how_much(tmp_path):
    _export(tmp_path, [
        "L,PW01,220V,2025-04-01,,220,1440,0,0,242.0,198.0,,",    # upper +10 %: looser than +7 %
        "T,PW01,220V,2025-04-01,,220,1440,0,20,235.4,204.6,,",   # lower -7 %, tighter than -10 %, 20 min under it
    ])
    why = _reasons(tmp_path)
    assert "+10" in why["L"] and "+7" in why["L"] and "宽" in why["L"] and "looser" in why["L"]
    assert "-7" in why["T"] and "-10" in why["T"] and "严" in why["T"] and "tighter" in why["T"] and "20" in why["T"]


def test_blank_minutes_are_named(tmp_path):
    _export(tmp_path, ["R,PW01,220V,2025-04-01,,220,,0,0,235.4,198.0,,",
                       "Z,PW01,220V,2025-04-02,,220,0,0,0,235.4,198.0,,",
                       "O,PW01,220V,2025-04-01,,220,1440,,0,235.4,198.0,,"])
    why = _reasons(tmp_path)
    assert "运行时间" in why["R"] and "run_min" in why["R"]
    assert "运行时间" in why["Z"] and "run_min" in why["Z"]
    assert "超上限时间" in why["O"] and "over_min" in why["O"] and "run_min" not in why["O"]


def test_kv35_rows_say_why(tmp_path):
    _export(tmp_path, ["K4,PW01,35kV,,2025-05,35000,44640,0,0,,,37100,33250",   # a month over 10 %: which day?
                       "K5,PW01,35kV,2025-05-02,,35000,1440,0,0,,,,"])          # no highest and lowest
    why = _reasons(tmp_path, KV35)
    assert "月" in why["K4"] and "month" in why["K4"]
    assert "最高电压" in why["K5"] and "max_v" in why["K5"]


def test_the_score_command_writes_the_reasons(tmp_path):
    _export(tmp_path, ["C,PW01,220V,2025-04-01,,220,1440,0,0,,,,"])
    got = run_cli("score", "--year", "2025", "--data", str(tmp_path), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert got.returncode == 0, got.stdout + got.stderr
    (f,) = (tmp_path / "out").rglob("*_missing_evidence.csv")
    df = pd.read_csv(f)
    assert "upper limit" in df.loc[df["point_id"] == "C", "reason"].iloc[0]
