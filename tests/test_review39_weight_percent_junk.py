"""review39: a weight column written as percentages (5.486%) with one cell that is no number at all (5.4.86%, a typo).
survey39's rule took "not every written weight is a percentage" for a mix of the two scales and refused every
percentage as weight_percent_mixed: one bad cell refused every respondent.  With no weight written as a plain
number there is one scale: the percentages are read as the numbers they say, and the bad cell alone is refused as
not a number."""
from pathlib import Path

import pandas as pd

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def test_one_cell_that_is_no_number_among_percentages_is_refused_alone(tmp_path):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df["weight"] = (df["weight"].astype(float) / 1000).map(lambda v: f"{v!r}%")
    df.loc[4, "weight"] = "5.4.86%"   # a typo: no number
    p = tmp_path / "交付.csv"
    df.to_csv(p, index=False, encoding="utf-8")
    got = D.parse_delivery(p, INS, year=2025, screen=False)
    codes = got.problems[got.problems.column == "weight"]
    assert "weight_percent_mixed" not in set(codes.code), codes[["row", "code", "value"]]   # before: 11 rows
    bad = codes[codes.severity == "error"]
    assert bad[["row", "code"]].values.tolist() == [[6, "non_numeric"]], bad[["row", "code", "value"]]
    assert len(got.valid) == len(df) - 1
    assert abs(got.valid["weight"].iloc[0] - float(df["weight"].iloc[0][:-1]) / 100) < 1e-12


def test_plain_weights_beside_percentages_are_still_a_mix():
    w, mixed, note = D._percent_weights(pd.Series(["5.486%", "6812.4", "无"]), pd.Series([float("nan"), 6812.4,
                                                                                         float("nan")]))
    assert mixed.tolist() == [True, False, False] and note is None
