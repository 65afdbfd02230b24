"""Survey round seven: a bad design input is refused with its file, column, rows, value and the fix, in Chinese and
English, exit 3 (README's table) -- never a traceback and never a message that leaves the analyst guessing."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.survey import design as D

GOLDEN = Path(__file__).parent / "golden"
NPSU = {"D1": "150", "D2": "200", "D3": "260"}


def zh_en(msg: str) -> bool:
    return " / " in msg and any("\u4e00" <= ch <= "\u9fff" for ch in msg)


def test_an_fpc_with_a_missing_value_names_column_rows_and_fix():
    f = pd.DataFrame({"h": list("aabb"), "psu": [1, 2, 3, 4], "w": 2.0, "N": [10, 10, np.nan, 8], "y": [1.0, 2, 3, 4]})
    with pytest.raises(D.DesignError) as e:
        D.svydesign(f, ids="psu", strata="h", weights="w", fpc="N")
    msg = str(e.value)
    assert zh_en(msg) and e.value.exit_code == 3
    assert "N" in msg and "3" in msg                         # the column and the row (from 1)
    assert "总体" in msg and "population" in msg              # what to fill in
    assert "抽样比" in msg and "sampling fraction" in msg


def test_an_fpc_missing_in_a_delivery_names_the_file_and_the_surveyors_row(tmp_path, capsys):
    f = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str, keep_default_na=False)
    f["npsu"] = f["stratum"].map(NPSU)
    f.loc[4, "npsu"] = ""                                    # the file's row 6 (the header is row 1)
    f.to_csv(tmp_path / "delivery.csv", index=False)
    rc = main(["survey", "estimate", str(tmp_path / "delivery.csv"), "--instrument", "power_hall", "--year", "2025",
               "--measures", "overall", "--fpc", "npsu"])
    err = capsys.readouterr().err
    assert rc == 3, err
    assert "Traceback" not in err and zh_en(err)
    assert "delivery.csv" in err and "npsu" in err
    assert "6" in err.split("npsu", 1)[1]                    # the surveyor's row number, after the column
    assert "population" in err and "sampling fraction" in err


def test_quantile_by_keeps_a_domain_without_answers():
    """svyquantile(by=) left out a domain whose rows all had the variable blank, without a word, where svymean's
    and svyciprop's by keep it (n 0, NaN): the table of windows lost a window.  It has its row now, NaN for each
    quantile.  Fails on main (one domain, not two)."""
    import numpy as np
    import pandas as pd
    from windoweval.survey import design as D

    f = pd.DataFrame({"y": [1.0, 2, 3, 4, np.nan, np.nan], "g": ["a", "a", "a", "a", "b", "b"], "w": 1.0,
                      "psu": range(6)})
    d = D.svydesign(f, ids="psu", strata=None, weights="w")
    t = D.svyquantile(d, "y", [0.25, 0.5], by="g")
    assert t["g"].tolist() == ["a", "a", "b", "b"]
    assert t.loc[t["g"] == "b", ["estimate", "ci_low", "ci_high", "se"]].isna().all().all()
    assert t.loc[t["g"] == "a", "estimate"].tolist() == D.svyquantile(d, "y", [0.25, 0.5])["estimate"].tolist()
