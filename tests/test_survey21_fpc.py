"""survey21: an fpc that differs within a stratum, or is below the clusters sampled there, is refused naming the
delivery's file, the stratum, the values with their rows (as check numbers them), the column and the fix, Chinese
first and English alongside, exit code 3 (README: a design refused). Before: "fpc must be constant within a stratum
(npsu)" and "fpc smaller than the number of sampled clusters (npsu)", no row, no value, no fix."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.survey import design as D

GOLDEN = Path(__file__).parent / "golden"
NPSU = {"D1": 150, "D2": 200, "D3": 260}

CASES = [
    # (name, how the firm's npsu column goes wrong, what the message must hold)
    ("uneven", lambda f: f.assign(npsu=f["npsu"].where(f.index != f.index[f["stratum"] == "D2"][-1], "201")),
     ["npsu", "D2", "200", "201", "同一抽样层内取值不同", "differs within a stratum", "sampling frame", "抽样框"]),
    ("below", lambda f: f.assign(npsu=f["npsu"].where(f["stratum"] != "D3", "2")),
     ["npsu", "D3", "fpc 为 2", "has fpc 2", "sampled clusters", "小于样本群数", "at least those sampled"]),
]


@pytest.mark.parametrize("name,spoil,expect", CASES, ids=[c[0] for c in CASES])
def test_a_bad_fpc_names_file_rows_values_and_fix(name, spoil, expect, tmp_path, capsys):
    f = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str, keep_default_na=False)
    f["npsu"] = f["stratum"].map(NPSU).astype(str)
    f = spoil(f)
    p = tmp_path / "交付.csv"
    f.to_csv(p, index=False)
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--fpc", "npsu"])
    err = capsys.readouterr().err
    assert rc == 3, err
    assert "交付.csv" in err and "Traceback" not in err
    for s in expect:
        assert s in err, (s, err)
    # the delivery's own row numbers (header row 1): the spoiled rows are named
    bad = f.index[f["npsu"] != f["stratum"].map(NPSU).astype(str)] if name == "uneven" else f.index[f["stratum"] == "D3"]
    assert f"{bad[0] + 2}" in err.split(" / ")[-1], err
    assert err.index("抽样") < err.index("stratum")          # Chinese first


def test_rows_of_a_workbook_are_shown_sheet_and_row():
    f = pd.DataFrame({"sheet": ["1月"] * 3 + ["2月"] * 3, "row": [6, 7, 8, 6, 7, 8], "h": list("aaabbb"),
                      "psu": list("123456"), "w": 1.0, "N": [10, 10, 12, 30, 30, 30]})
    with pytest.raises(D.DesignError) as e:
        D.svydesign(f, ids="psu", strata="h", weights="w", fpc="N")
    assert "1月!6, 1月!7" in str(e.value) and "1月!8" in str(e.value) and e.value.exit_code == 3
