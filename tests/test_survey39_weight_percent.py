"""survey39, as a firm: the weight column (权重, 加权系数) written as percentages, 5.486%, as a weighting sheet formats
each respondent's share.  Every weight was refused as "weight is not a number" and with it every respondent (no
fix said why), though the number is plain.  A column whose every weight is a percentage is now read as the numbers
they say (5.486% is 0.05486), with a warning; the estimates are the decimal file's (a mean or a rate does not depend
on the weights' scale: R's svymean of weights = ~w and ~w/100 are equal, and the decimal path is pinned to R in
tests/test_survey*_r.py).  A percentage beside weights written plainly is refused by itself, naming the two scales."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.estimate import satisfaction_index
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _write(tmp_path, df, name="交付.csv"):
    p = tmp_path / name
    df.to_csv(p, index=False, encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False)


def _clean():
    return pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("header", ["权重", "加权系数", "weight"])
def test_a_column_of_percentages_is_read_as_the_numbers_they_say(tmp_path, header):
    df = _clean()
    share = df["weight"].astype(float) / 1000                    # 5486.446 -> 5.486446 (%)
    decimal = df.assign(weight=(share / 100).map(repr))
    df = df.rename(columns={"weight": header})
    df[header] = share.map(lambda v: f"{v!r}%")
    df.loc[3, header] = df.loc[3, header].replace("%", "％")      # a full-width sign in one cell
    got = _write(tmp_path, df)
    want = _write(tmp_path, decimal, "decimal.csv")
    assert got.rejected_rows == []                                # before: every row refused, non_numeric
    np.testing.assert_allclose(got.responses["weight"], want.responses["weight"], rtol=1e-12)
    w = got.problems[got.problems.code == "weight_percent"]
    assert len(w) == 1 and w.severity.item() == "warning" and "12" in w.problem_en.item()
    a = satisfaction_index(got.valid, INS, by="window_id")
    b = satisfaction_index(want.valid, INS, by="window_id")
    pd.testing.assert_frame_equal(a, b, rtol=1e-10)


def test_a_percentage_among_plain_weights_is_refused_naming_both_scales(tmp_path):
    df = _clean()
    df.loc[4, "weight"] = "5.6%"
    got = _write(tmp_path, df)
    assert got.rejected_rows == [6]
    e = got.problems[got.problems.row == 6]
    assert e.code.tolist() == ["weight_percent_mixed"]             # one error, not also "weight is not a number"
    assert "百分数" in e.problem_zh.item() and "hundredfold" in e.problem_en.item()
    assert "同一种写法" in e.fix_zh.item() and "one way" in e.fix_en.item()
    assert not (got.problems.code == "weight_percent").any()


def test_the_command_line_checks_a_percent_weight_file_with_exit_0(tmp_path):
    from windoweval.cli import main

    df = _clean()
    df["weight"] = (df["weight"].astype(float) / 1000).map(lambda v: f"{v:.3f}%")
    p = tmp_path / "d.csv"
    df.to_csv(p, index=False)
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0


@pytest.mark.parametrize("header", ["权重(%)", "权重（%）", "加权系数 %"])
def test_a_header_giving_the_unit_percent_reads_its_plain_numbers_as_percentages(tmp_path, header):
    df = _clean()
    share = df["weight"].astype(float) / 1000
    decimal = df.assign(weight=(share / 100).map(repr))
    df = df.rename(columns={"weight": header}).assign(**{header: share.map(repr)})
    got = _write(tmp_path, df)          # before: required column 'weight' is missing, '权重(%)' an unknown column
    want = _write(tmp_path, decimal, "decimal.csv")
    assert got.file_ok and got.rejected_rows == []
    assert not got.problems.code.isin(["missing_column", "unknown_column"]).any()
    np.testing.assert_allclose(got.responses["weight"], want.responses["weight"], rtol=1e-12)
    w = got.problems[got.problems.code == "weight_percent"]
    assert len(w) == 1 and header in w.value.item()
    pd.testing.assert_frame_equal(satisfaction_index(got.valid, INS), satisfaction_index(want.valid, INS), rtol=1e-10)


def test_a_plain_weight_column_beside_it_is_the_one_read(tmp_path):
    df = _clean()
    df.insert(6, "权重(%)", "5.0")
    got = _write(tmp_path, df)
    assert got.responses["weight"].tolist() == _clean()["weight"].astype(float).tolist()
    assert not (got.problems.code == "weight_percent").any()
    assert (got.problems.code == "synonym_column").sum() == 1
