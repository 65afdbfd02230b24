"""``survey estimate FILE --fpc N --by District``: a column outside the template named as the file heads it.

The delivery's extra columns are kept under their folded header (N -> n, District -> district), so a column asked
for as written was "no column 'N'" (exit 3) / "no column: District" (exit 2), though the file has it. Now
``--by`` and ``--fpc`` find a column by its header as written too. The figures are R's (below). Failed before.
"""
import io

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo

# R (survey 4.1-1), on the file this test writes (overall 9 as NA):
#   d <- svydesign(ids=~psu, strata=~stratum, weights=~weight, fpc=~N, data=f, nest=TRUE)
#   r <- svyby(~overall, ~District, d, svymean, na.rm=TRUE); (coef(r) - 1) / 4 * 100; SE(r) / 4 * 100
R = {"East": (69.44669573638059, 1.4820727434010807), "West": (62.66227960183501, 3.2946389596629899)}


@pytest.fixture
def delivery(tmp_path):
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03", "PW04"], n_per_window=10, seed=31,
                                careless_share=0)
    n = df.groupby("stratum")["psu"].nunique()
    df["N"] = df["stratum"].map(lambda s: str(int(n[s]) * 6))
    df["District"] = df["window_id"].map({"PW01": "East", "PW02": "East", "PW03": "West", "PW04": "West"})
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False)
    return p


@pytest.mark.parametrize("fpc,by", [("N", "District"), ("n", "district")])
def test_extra_columns_by_their_header_as_written(delivery, capsys, fpc, by):
    rc = main(["survey", "estimate", str(delivery), "--instrument", "power_hall", "--year", "2025", "--fpc", fpc,
               "--by", by, "--measures", "overall", "--format", "csv"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    t = pd.read_csv(io.StringIO(out.out)).set_index(by)
    for g, (est, se) in R.items():
        assert t.loc[g, "estimate"] == pytest.approx(est, rel=1e-12)
        assert t.loc[g, "se"] == pytest.approx(se, rel=1e-12)


def test_fpc_counts_with_thousands_separators(tmp_path, capsys):
    """An --fpc column of population counts as Excel writes them (1,200) is read as the delivery's weights are, the
    figures those of the same counts without the separator; text that is no number is still refused (exit 3).
    Failed before (refused as 'not numbers')."""
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03", "PW04"], n_per_window=10, seed=31,
                                careless_share=0)
    n = df.groupby("stratum")["psu"].nunique()
    out = {}
    for name, fmt in (("plain", "{:d}"), ("grouped", "{:,d}")):
        df["N"] = df["stratum"].map(lambda s: fmt.format(int(n[s]) * 600))
        p = tmp_path / f"{name}.csv"
        df.to_csv(p, index=False)
        rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--fpc", "N",
                   "--by", "window_id", "--measures", "overall", "--format", "csv"])
        got = capsys.readouterr()
        assert rc == 0, got.err
        out[name] = pd.read_csv(io.StringIO(got.out))
    assert (df["N"].str.contains(",")).all()
    pd.testing.assert_frame_equal(out["plain"], out["grouped"])
    df["N"] = "两百"
    p = tmp_path / "words.csv"
    df.to_csv(p, index=False)
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--fpc", "N",
               "--measures", "overall"])
    err = capsys.readouterr().err
    assert rc == 3 and "两百" in err and "not numbers" in err


@pytest.mark.parametrize("written", ["12.5%", "１２．５％", "0.125"])
def test_fpc_fraction_written_as_a_percentage(tmp_path, capsys, written):
    """A sampling fraction written as a percentage (抽样比 12.5%) is the fraction it says; it was refused as 'not
    numbers'. R (survey 4.1-1), the file's overall 9 as NA:
    svyby(~overall, ~District, svydesign(ids=~psu, strata=~stratum, weights=~weight, fpc=~frac, nest=TRUE), svymean,
    na.rm=TRUE) with frac = 0.125, on the 0-100 index."""
    want = {"East": (69.44669573638059, 1.5186726433201549), "West": (62.66227960183501, 3.3760003211279006)}
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03", "PW04"], n_per_window=10, seed=31,
                                careless_share=0)
    df["抽样比"] = written
    df["District"] = df["window_id"].map({"PW01": "East", "PW02": "East", "PW03": "West", "PW04": "West"})
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False)
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--fpc", "抽样比",
               "--by", "District", "--measures", "overall", "--format", "csv"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    t = pd.read_csv(io.StringIO(out.out)).set_index("District")
    for g, (est, se) in want.items():
        assert t.loc[g, "estimate"] == pytest.approx(est, rel=1e-12)
        assert t.loc[g, "se"] == pytest.approx(se, rel=1e-12)
