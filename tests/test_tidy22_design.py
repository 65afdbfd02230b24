"""tidy22: the fpc and weight columns a design reads take Excel's text mark off ('1200 is 1200), and their refusals
name the rows as the delivery shows them (``sheet!row``), never from 1 beside a delivery's own numbering."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.survey import design as S


def _frame(**cols):
    f = pd.DataFrame({"row": [5, 6, 7, 8], "h": list("aabb"), "psu": [1, 2, 3, 4], "w": ["2", "2", "3", "3"],
                      "N": ["10", "10", "8", "8"], "y": [1.0, 2, 3, 4]})
    return f.assign(**cols)


def test_an_fpc_or_weight_with_excel_text_mark_is_the_number():
    # R: svytotal(~y, svydesign(~psu, strata=~h, weights=~w, fpc=~N, data=f)) with N 10, 10, 8, 8 and w 2, 2, 3, 3
    want = S.svytotal(S.svydesign(_frame(), ids="psu", strata="h", weights="w", fpc="N"), "y")
    got = S.svytotal(S.svydesign(_frame(N=["'10", "10", "'8", "8"], w=["'2", "2", "3", " '3"]), ids="psu",
                                 strata="h", weights="w", fpc="N"), "y")
    pd.testing.assert_frame_equal(got, want)        # before tidy22: "'10" refused as not a number


def test_a_quoted_fpc_is_still_refused():
    with pytest.raises(S.DesignError) as e:
        S.svydesign(_frame(N=["10", "10", "'8'", "8"]), ids="psu", strata="h", weights="w", fpc="N")
    assert "7: " in str(e.value) and e.value.exit_code == 3


@pytest.mark.parametrize("col, bad, shown", [
    ("N", ["10", "10", "x", "8"], "7: "),              # fpc not a number: the delivery's row 7, not row 3 from 1
    ("w", ["2", "2", "3", "三"], "8: "),                # weight not a number
    ("w", ["2", None, "3", "3"], "6"),                  # weight missing
    ("w", ["2", "2", "-3", "3"], "7"),                  # weight negative
])
def test_fpc_and_weight_refusals_name_the_deliverys_rows(col, bad, shown):
    with pytest.raises(S.DesignError) as e:
        S.svydesign(_frame(**{col: bad}), ids="psu", strata="h", weights="w", fpc="N")
    msg = str(e.value)
    assert shown in msg and "from 1" not in msg and "从 1 起" not in msg, msg
    with pytest.raises(S.DesignError) as e:         # a sheet a month: sheet!row
        S.svydesign(_frame(**{col: bad}).assign(sheet=["1月", "1月", "2月", "2月"]), ids="psu", strata="h",
                    weights="w", fpc="N")
    assert ("2月!" if shown[0] in "78" else "1月!") + shown in str(e.value), str(e.value)


def test_a_frame_without_rows_still_numbers_them_from_1():
    f = _frame(w=["2", None, "3", "3"]).drop(columns="row")
    with pytest.raises(S.DesignError) as e:
        S.svydesign(f, ids="psu", strata="h", weights="w")
    assert "from 1" in str(e.value) and "2" in str(e.value)


def _cli(tmp_path, capsys, spoil):
    from windoweval.cli import main

    f = pd.read_csv(Path(__file__).parent / "golden" / "survey_fixture.csv", dtype=str, keep_default_na=False)
    f["npsu"] = f["stratum"].map({"D1": 150, "D2": 200, "D3": 260}).astype(str)
    f = spoil(f)
    p = tmp_path / "交付.csv"
    f.to_csv(p, index=False)
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--fpc", "npsu",
               "--format", "json"])
    return rc, capsys.readouterr()


def test_the_command_line_reads_a_marked_fpc_and_names_a_bad_one_by_the_files_row(tmp_path, capsys):
    rc, plain = _cli(tmp_path, capsys, lambda f: f)
    assert rc == 0, plain.err
    rc, out = _cli(tmp_path, capsys, lambda f: f.assign(npsu="'" + f["npsu"]))     # every fpc cell '150, '200 ...
    assert rc == 0 and out.out == plain.out, out.err
    k = len(pd.read_csv(Path(__file__).parent / "golden" / "survey_fixture.csv")) - 2   # near the end: a row > from-1's

    def spoil(f):
        return f.assign(npsu=f["npsu"].where(f.index != k, "一百五"))
    rc, out = _cli(tmp_path, capsys, spoil)
    assert rc == 3 and f"{k + 2}: " in out.err and "from 1" not in out.err, out.err       # the file's row: header row 1
