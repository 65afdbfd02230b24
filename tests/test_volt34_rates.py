"""volt34: a monitoring export's stated rates (电压合格率(%), 超上限率, 超下限率) checked against its minutes.

The system computes them from the same row's minutes (合格率 = (运行 - 超上限 - 超下限) / 运行 × 100, 超上限率 =
超上限 / 运行), rounded to the export's decimals.  A row whose stated rate contradicts its minutes is refused when
read (file, row, column, the value as written, the value the minutes give and the fix), as a row whose over and under
minutes exceed its minutes monitored is: which of the two is wrong cannot be told, so neither is judged.  A rate is
never read in place of the minutes.  A column in percent (97.22, 97.22%) or as a fraction (0.9722) is recognised.
Session 33 ignored these columns: every refusal below failed before (the rows were read and scored).
"""
from __future__ import annotations

import pytest
from _workspace import run_cli
from test_volt33_statistics import _export as _export33

from windoweval.records import RecordsError, read_records
from windoweval.scoring import score

LV220 = "power_window.6.1.1#lv220_single_phase_statistics"
HEAD = ("监测点编号,窗口编号,电压等级,统计日期,额定电压,运行时间(分钟),超上限时间(分钟),超下限时间(分钟),上限值,下限值,"
        "电压合格率(%),超上限率(%),超下限率(%)")


def _export(tmp_path, rows):
    return _export33(tmp_path, rows, head=HEAD)   # volt33's export, these headers


def _refused(tmp_path, cells, cli=False):
    """The export's refusal, its problems at ``cells`` ([row, column, value as written], the file named), and with
    ``cli`` what records check prints of it (exit 3, no traceback)."""
    with pytest.raises(RecordsError) as e:
        read_records("voltage_statistics", tmp_path)
    p = e.value.problems
    assert p[["row", "column", "value"]].values.tolist() == cells and p["file"].str.endswith("电压监测统计.csv").all()
    got = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path) if cli else None
    assert got is None or (got.returncode == 3 and "Traceback" not in got.stderr), got.stdout + got.stderr
    return e.value, (got.stdout + got.stderr if cli else "")


def test_a_qualified_rate_that_contradicts_the_minutes_is_refused(tmp_path):
    # (1440 - 30 - 10) / 1440 = 97.22 %: the export says 99.50
    _export(tmp_path, ["V1,PW01,220V,2025-03-01,220,1440,0,0,235.4,198.0,100.00,0.00,0.00",
                       "V1,PW01,220V,2025-03-02,220,1440,30,10,235.4,198.0,99.50,2.08,0.69"])
    err, printed = _refused(tmp_path, [[3, "qualified_rate", "99.50"]], cli=True)
    text = str(err)
    assert "97.22" in text                                   # the value the minutes give
    assert "电压合格率" in text and "contradicts" in text
    assert text.index("电压合格率") < text.index("contradicts")   # Chinese first
    assert err.problems["fix_zh"].iloc[0] and err.problems["fix_en"].iloc[0] and "第 3 行 row 3" in printed


def test_an_over_rate_that_contradicts_the_minutes_is_refused(tmp_path):
    # 30 / 1440 = 2.08 %: the export says 0.08; its 合格率 and 超下限率 agree
    _export(tmp_path, ["V1,PW01,220V,2025-03-02,220,1440,30,10,235.4,198.0,97.22,0.08,0.69"])
    p = _refused(tmp_path, [[2, "over_rate", "0.08"]])[0].problems
    assert "2.08" in p["problem_zh"].iloc[0] and "2.08" in p["problem_en"].iloc[0]


@pytest.mark.parametrize("rates", [
    "97.22,2.08,0.69",          # two decimals, rounded
    "97.222,2.083,0.694",       # three
    "97.2,2.1,0.7",             # one
    "97.22%,2.08%,0.69%",       # written with the sign
    "0.9722,0.0208,0.0069",     # fractions
    "97.22,,",                  # some not exported
])
def test_rates_that_agree_to_their_rounding_are_read_and_never_replace_the_minutes(tmp_path, rates):
    _export(tmp_path, ["V1,PW01,220V,2025-03-01,220,1440,0,0,235.4,198.0,,,",
                       "V1,PW01,220V,2025-03-02,220,1440,30,10,235.4,198.0," + rates])
    df = read_records("voltage_statistics", tmp_path)
    assert len(df) == 2
    r = score("power_window", 2025, data=tmp_path).results.set_index("measure").loc[LV220]
    assert r["rate"] == pytest.approx(2840 / 2880)   # from the minutes


def test_an_over_rate_column_in_percent_below_one_is_recognised(tmp_path):
    # 超上限率(%) 0.35 and 0.07: percentages under 1 %, not fractions (5 / 1440 = 0.35 %, 1 / 1440 = 0.07 %)
    _export(tmp_path, ["V1,PW01,220V,2025-03-01,220,1440,5,0,235.4,198.0,99.65,0.35,0",
                       "V1,PW01,220V,2025-03-02,220,1440,1,0,235.4,198.0,99.93,0.07,0"])
    assert len(read_records("voltage_statistics", tmp_path)) == 2


def test_a_rate_without_its_minutes_is_not_read_in_their_place(tmp_path):
    # no minutes monitored: the 100.00 stated says nothing the scorer reads (missing evidence, never met)
    _export(tmp_path, ["V1,PW01,220V,2025-03-01,220,,0,0,235.4,198.0,100.00,0,0"])
    r = score("power_window", 2025, data=tmp_path).results.set_index("measure").loc[LV220]
    assert (r["records"], r["n"], r["missing_evidence"], r["verdict"]) == (1, 0, 1, "insufficient")
