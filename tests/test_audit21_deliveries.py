"""Survey deliveries, round six: a workbook with a sheet of codes and the same answers as labels.

Fixed here, failing on the code before:

* a firm's workbook with a 代码 sheet and a 标签 sheet (the same respondents' answers, once as codes and once as
  the instrument's words 非常满意 … 非常不满意) was refused as "2 sheets look like data" with no way to deliver it
  but to delete one by hand. The two are now compared cell by cell (a label read as its code): when they agree, the
  sheet of codes is read and a warning says so; when they disagree, the refusal names the file, both sheets, the
  row, the column, the two values and the fix (deliver one sheet).

Pinned without a change (each accepted with the scores of the same delivery as codes): an XLSX whose answers are
written as words, an SPSS file whose answers are string variables (codes as text, or words), and a delivery with the
template's columns reversed and two extra columns (warned as unknown, not read). The estimates of the accepted
two-sheet delivery agree with R's survey package to 1e-12 (numbers below, from R 4.2.2 and survey 4.1.1:
``svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE)``, ``svyby(~y, ~window_id, des, svymean,
na.rm=TRUE)`` with ``y = (overall - 1) / 4 * 100``, and ``svyciprop(~sat, subset(des, window_id == w & !is.na(sat)),
method = "beta")`` with ``sat = overall >= 4``).
"""
import numpy as np
import pandas as pd
import pytest

from _corpus import workbook
from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey import estimate as E
from windoweval.survey.delivery import DeliveryError, parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
ITEMS = list(INS.coded_columns)
# R 4.2.2, survey 4.1.1, on the delivery below (seed 5, 8 respondents in each of PW01-PW03)
R_INDEX = [62.026695070032744, 75.544443168882026, 68.963797873738258]
R_INDEX_SE = [5.14809530093249723, 0.32506808763565309, 6.62117025430291140]
R_RATE = [0.358475397345302149, 0.84744046846375265, 0.493213769491375076]
R_RATE_LO = [0.020119319153302343, 0.30681610699950057, 0.021081007199444987]
R_RATE_HI = [0.883088240964157944, 0.99893270935065703, 0.976598042141718969]


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=8, seed=5, careless_share=0)


def _words(base):
    w = base.copy()
    for c in ITEMS:   # each question's own scale's words (satisfaction or agreement)
        c2l = {v: k for k, v in INS.label_to_code(c).items() if not k.isascii()}
        w[c] = [c2l.get(int(v), v) if str(v).strip() not in ("", "nan") else v for v in w[c]]
    return w


def _scores(chk):
    return chk.valid[ITEMS].astype(float).fillna(-1).to_numpy()


def test_a_code_sheet_and_a_label_sheet_that_agree_are_read_once_with_the_codes_scores(base, tmp_path, capsys):
    ref = parse_delivery((base.to_csv(tmp_path / "codes.csv", index=False), tmp_path / "codes.csv")[1], INS, year=2025)
    p = workbook(tmp_path / "满意度.xlsx", {"标签": _words(base), "代码": base})
    chk = parse_delivery(p, INS, year=2025)
    assert chk.errors.empty and len(chk.valid) == len(base) == 24
    np.testing.assert_array_equal(_scores(chk), _scores(ref))
    warn = chk.problems[chk.problems["code"] == "codes_and_labels"]
    assert len(warn) == 1 and "读取「代码」" in warn["problem_zh"].iloc[0]
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
    t = E.satisfaction_index(chk.valid, "power_hall", by="window_id", measures=["overall"])
    np.testing.assert_allclose(t["estimate"], R_INDEX, rtol=1e-12, atol=0)
    np.testing.assert_allclose(t["se"], R_INDEX_SE, rtol=1e-12, atol=0)
    rt = E.satisfaction_rate(chk.valid, "power_hall", by="window_id")
    np.testing.assert_allclose(rt["rate"], R_RATE, rtol=1e-12, atol=0)
    np.testing.assert_allclose(rt["ci_low"], R_RATE_LO, rtol=1e-12, atol=0)
    np.testing.assert_allclose(rt["ci_high"], R_RATE_HI, rtol=1e-12, atol=0)


def test_a_code_sheet_and_a_label_sheet_that_disagree_are_refused_with_the_cell(base, tmp_path, capsys):
    w = _words(base)
    w.loc[3, "env2"] = "不满意" if w.loc[3, "env2"] != "不满意" else "满意"
    p = workbook(tmp_path / "满意度.xlsx", {"代码": base, "标签": w})
    with pytest.raises(DeliveryError) as e:
        parse_delivery(p, INS, year=2025)
    msg = str(e.value)
    assert "满意度.xlsx" in msg and "「代码」「标签」" in msg and "第 5 行" in msg and "列 env2" in msg
    assert f"「{base.loc[3, 'env2']}」与「{w.loc[3, 'env2']}」" in msg and "请只交付一个数据表" in msg
    assert "row 5" in msg and "column env2" in msg and "deliver one data sheet" in msg
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 3


def test_words_string_variables_and_columns_out_of_order_are_read_with_the_codes_scores(base, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    ref = _scores(parse_delivery((base.to_csv(tmp_path / "c.csv", index=False), tmp_path / "c.csv")[1], INS, year=2025))
    _words(base).to_excel(tmp_path / "words.xlsx", index=False, sheet_name="数据")
    s = base.drop(columns=["comment"]).copy()
    for c in ITEMS:
        s[c] = s[c].map(lambda v: "" if pd.isna(v) or str(v) == "" else str(int(float(v))))
    pyreadstat.write_sav(s, tmp_path / "codes_as_text.sav")
    sw = s.copy()
    for c in ITEMS:
        sw[c] = _words(base)[c].fillna("").astype(str)
    pyreadstat.write_sav(sw, tmp_path / "words.sav")
    r = base[list(reversed(base.columns))].assign(区县="城东", 备注2="x")
    r.to_excel(tmp_path / "reordered.xlsx", index=False)
    for name in ("words.xlsx", "codes_as_text.sav", "words.sav", "reordered.xlsx"):
        chk = parse_delivery(tmp_path / name, INS, year=2025)
        assert chk.errors.empty and len(chk.valid) == 24, name
        np.testing.assert_array_equal(_scores(chk), ref)
    bad = sw.copy()
    bad.loc[2, "env1"] = "很好"
    pyreadstat.write_sav(bad, tmp_path / "bad.sav")
    e = parse_delivery(tmp_path / "bad.sav", INS, year=2025).errors
    assert e[["row", "column", "value"]].values.tolist() == [[3, "env1", "很好"]] and "标签" in e["fix_zh"].iloc[0]
