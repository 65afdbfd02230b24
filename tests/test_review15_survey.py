"""Review of the survey15 merge (284fd52..1629722): confirmed defects, each a test that failed on main (8105068).

The reviewer's tests (tests/test_rev15s.py of the review), without its 30-second timing test of farebrother (no test
may assert a duration): that one is replaced by the result at R's full iteration count, which equals CompQuadForm's.
R outputs from R 4.2.2, survey 4.1.1, CompQuadForm 1.4.3 (R_LIBS with CompQuadForm built from CRAN source).
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D


def _table():
    f = pd.DataFrame({"h": list("aaaaaabbbbbb"), "psu": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
                      "win": list("ABCABCCBACBA"), "w": [3.0, 1, 2, 5, 4, 2, 1, 3, 2, 4, 1, 2],
                      "y": [1.0, 4, 5, 2, 3, 4, 5, 1, 2, 3, 5, 4]})
    des = D.svydesign(f, ids="psu", strata="h", weights="w")
    return D.svymean(des, "y", by="win", covmat=True)


def test_svycontrast_after_sorting_pairs_each_estimate_with_its_own_variance():
    """svycontrast takes table[col] in the table's current row order but attrs["vcov"] in the order it was made;
    pandas carries attrs through sort_values, so after sorting an estimate is given another row's variance (W?'s
    mean with W1's SE) silently. Right: the contrast's SE follows the row (or the misaligned table is refused)."""
    t = _table()
    s = t.sort_values("mean", ascending=False)
    assert s.win.iloc[0] != t.win.iloc[0]          # the sort moved the rows
    c = D.svycontrast(s, {"first": [1.0, 0.0, 0.0]})
    assert c.loc[0, "estimate"] == pytest.approx(s["mean"].iloc[0])
    assert c.loc[0, "se"] == pytest.approx(s["se"].iloc[0], rel=1e-9)


def test_svycontrast_on_a_subset_of_the_table_is_not_given_the_first_rows_covariance():
    """A subset of the table (t[t.win != "A"]) keeps the full 3x3 attrs["vcov"]; svycontrast never checks its
    size against the rows and uses the first two rows' block (A's variance for B). Right: refuse, or pick the rows'."""
    t = _table()
    sub = t[t.win != "A"]
    try:
        c = D.svycontrast(sub, {"B": [1.0, 0.0]})
    except D.DesignError:
        return
    assert c.loc[0, "se"] == pytest.approx(sub["se"].iloc[0], rel=1e-9)


def test_svychisq_lincom_p_value_is_never_above_one():
    """svychisq(statistic="lincom") on a replicate design with an exactly independent table (Pearson X^2 = 0):
    farebrother() returns 1 - (-2) = 3 for q <= 0 (CompQuadForm's error code taken as a probability; R prints
    p-value = 3 too) and svychisq reports p_value 3.0. A p-value is in [0, 1]; for X^2 = 0 it is 1 (the
    linearisation design's lincom gives 1 on the same table)."""
    a = list("xyxyxyxyyxyxyxyx")
    b = list("ppqqqppqpqqpppqq")
    f = pd.DataFrame({"psu": np.repeat(np.arange(1, 9), 2), "a": a, "b": b, "w": 1.0})
    for j in range(8):   # JK1: PSU j deleted, the others weighted 8/7
        f[f"rw{j}"] = np.where(f.psu == j + 1, 0.0, 8 / 7)
    rd = D.replicate_design(f, [f"rw{j}" for j in range(8)], type="JK1", weights="w")
    c = D.svychisq(rd, "a", "b", statistic="lincom")
    assert c.loc[0, "value"] == pytest.approx(0.0, abs=1e-12)
    assert 0.0 <= c.loc[0, "p_value"] <= 1.0


def test_a_column_of_names_is_not_shown_in_the_refusal():
    """_as_number shows up to five bad cells through mask_text(free_text=True), which leaves bare names: a column
    the project's own privacy.personal_column calls personal (姓名) given by mistake as the analysed variable (or
    the weight) puts 李娜, 王强, 欧阳娜娜 in the error. Right: a personal column's values are masked whole (or not
    shown), only rows and the column named."""
    f = pd.DataFrame({"psu": [1, 2, 3, 4], "w": [1.0] * 4, "姓名": ["李娜", "王强", "Zhang Wei", "欧阳娜娜"]})
    d = D.svydesign(f, ids="psu", strata=None, weights="w")
    with pytest.raises(D.DesignError) as e:
        D.svymean(d, "姓名")
    m = str(e.value)
    for name in ("李娜", "王强", "Zhang Wei", "欧阳娜娜"):
        assert name not in m


def test_a_yes_no_column_with_a_blank_is_still_read():
    """pandas reads a CSV column of True/False with a blank as object dtype holding True, False and NaN. The old code
    read it (mean 0.6, n 5, as R's svymean of the logical); _as_number turns the bools to the text 'True'/'False' and
    refuses them as "not numbers". Right: bools in an object column are 1/0, NaN missing."""
    f = pd.DataFrame({"psu": [1, 2, 3, 4, 5, 6], "w": [1.0] * 6,
                      "y": pd.Series([True, False, np.nan, True, False, True], dtype=object)})
    t = D.svymean(D.svydesign(f, ids="psu", strata=None, weights="w"), "y")
    assert int(t.loc[0, "n"]) == 5 and t.loc[0, "mean"] == pytest.approx(0.6)


@pytest.mark.parametrize("label", ["不适用", "拒答", "不清楚"])
def test_a_survey_firms_missing_label_is_missing_not_refused(label):
    """A delivery's answer column holding the firm's no-answer labels (不适用 / 拒答 / 不清楚, which
    survey.delivery._MISSING_WORDS reads as missing) was read as missing before survey15 (R: NA, na.rm = TRUE);
    _as_number now refuses the whole statistic as "not a number". Right: these labels are a missing answer (n 5,
    mean 3), other text refused."""
    f = pd.DataFrame({"psu": [1, 2, 3, 4, 5, 6], "w": [1.0] * 6, "y": ["1", "2", label, "4", "5", "3"]})
    t = D.svymean(D.svydesign(f, ids="psu", strata=None, weights="w"), "y")
    assert int(t.loc[0, "n"]) == 5 and t.loc[0, "mean"] == pytest.approx(3.0)


def test_farebrother_does_not_crash_where_compquadform_returns():
    """_qf.farebrother takes math.log(s) of s = prod((beta/lambda_i)^h_i), which underflows to 0 with many or large
    h: ValueError 'math domain error' (C's log(0) = -inf gives ao = 0 and R's CompQuadForm::farebrother(24.0545,
    c(0.032856, 0.003776, 0.025518, 1.412128, 1.611644), c(3, 1, 1, 1, 122)) returns Qq = 1, ifault = 1).
    Right: the port returns as the C code does."""
    from windoweval.survey._qf import farebrother
    q = farebrother(24.0545, [0.032856, 0.003776, 0.025518, 1.412128, 1.611644], [3, 1, 1, 1, 122])
    assert q == pytest.approx(1.0)


def test_svycontrast_df_design_message_does_not_contradict_itself():
    """svycontrast(t, ..., df="design") is refused with "df must be a number, None or 'design', not 'design'" (it has
    no design to take degf from). Right: accept it or say that here df must be a number or None, and how to get
    degf(design)."""
    t = _table()
    with pytest.raises(D.DesignError) as e:
        D.svycontrast(t, {"A-B": [1.0, -1.0, 0.0]}, df="design")
    assert "or 'design', not 'design'" not in str(e.value)


def test_svyranktest_with_a_group_of_zero_weight_is_refused_in_both_languages():
    """svyranktest where every row of one group has weight 0 (a window trimmed or calibrated to 0): XtWX is singular
    and numpy's LinAlgError 'Singular matrix' escapes (no column, level, fix, no Chinese). Right: a DesignError
    naming the group column and the level without weight, in Chinese and English (or NaN, as R's svyttest gives)."""
    f = pd.DataFrame({"h": list("aaaabbbb"), "psu": [1, 1, 2, 2, 3, 3, 4, 4], "g": list("ABABABAB"),
                      "w": [2.0, 0, 1, 0, 3, 0, 2, 0], "s": [1.0, 2, 3, 4, 5, 1, 2, 3]})
    des = D.svydesign(f, ids="psu", strata="h", weights="w")
    try:
        t = D.svyranktest(des, "s", "g")
    except D.DesignError as e:
        assert "g" in str(e) and "权重" in str(e) and "weight" in str(e)
        return
    assert np.isnan(t.loc[0, "value"])


def test_svyttest_with_a_numeric_group_gives_the_difference_it_labels():
    """svyttest(design, "s", "g") with g coded 1 / 3 fits svyglm(s ~ g) with g numeric and reports the slope per unit
    as "difference" labelled '3 - 1' (half the difference of the two means; ci_low / ci_high, new in survey15, too).
    R's svyttest refuses a numeric group that is not 0/1 ("group must be binary"). Right: the difference of the two
    groups' means (as for the same column as text), or a refusal in both languages."""
    f = pd.DataFrame({"h": list("aaaabbbb"), "psu": [1, 1, 2, 2, 3, 3, 4, 4], "g": [1, 3, 1, 3, 1, 3, 1, 3],
                      "w": [2.0, 1, 1, 3, 3, 2, 2, 1], "s": [1.0, 2, 3, 5, 5, 4, 2, 3]})
    des = D.svydesign(f, ids="psu", strata="h", weights="w")
    try:
        t = D.svyttest(des, "s", "g")
    except D.DesignError:
        return
    m = D.svymean(des, "s", by="g").set_index("g")["mean"]
    assert t.loc[0, "difference"] == pytest.approx(m.loc[3] - m.loc[1])
    txt = D.svyttest(D.svydesign(f.assign(g=f.g.astype(str)), ids="psu", strata="h", weights="w"), "s", "g")
    assert t.loc[0, "ci_low"] == pytest.approx(txt.loc[0, "ci_low"])


# ------------------------------------------------------------------ added with the fixes (fix15s)
def test_svycontrast_follows_the_rows_after_sort_reset_index_and_filter():
    # the matrix is labelled by the group columns and the variable, not by the index: a sorted table with a new
    # RangeIndex, and a filtered one, give each contrast the variance of its own rows
    t = _table()
    want = D.svycontrast(t, {"C-A": [-1.0, 0.0, 1.0]})
    s = t.sort_values("mean", ascending=False).reset_index(drop=True)
    got = D.svycontrast(s, {"C-A": [(w == "C") - (w == "A") for w in s["win"]]})
    np.testing.assert_allclose(got[["estimate", "se"]].to_numpy(), want[["estimate", "se"]].to_numpy(), rtol=1e-12)
    sub = t[t.win != "B"]
    np.testing.assert_allclose(D.svycontrast(sub, {"C-A": [-1.0, 1.0]})[["estimate", "se"]].to_numpy(),
                               want[["estimate", "se"]].to_numpy(), rtol=1e-12)


def test_svycontrast_refuses_a_table_whose_rows_cannot_be_matched():
    t = _table()
    for bad in (t.drop(columns="win"), t.iloc[[0, 1, 2, 0]]):
        assert "vcov" in bad.attrs
        with pytest.raises(D.DesignError) as e:
            D.svycontrast(bad, {"x": [1.0] * len(bad)})
        assert "covmat=True" in str(e.value) and "协方差" in str(e.value)


def test_svymean_by_covmat_is_r_s_full_covariance_on_a_linearisation_design():
    # R 4.2.2, survey 4.1.1: vcov(svyby(~y, ~win, svydesign(ids = ~psu, strata = ~h, weights = ~w, data = f),
    # svymean, covmat = TRUE)) on _table()'s data: the full matrix, windows sharing PSUs covary (not block-diagonal)
    r = np.array([[0.171826774691357986, 0.154578189300411534, 0.078360768175582976],
                  [0.154578189300411534, 0.54183813443072704, -0.17786922725194326],
                  [0.078360768175582976, -0.17786922725194326, 0.275567748818777547]])
    t = _table()
    np.testing.assert_allclose(t.attrs["vcov"], r, rtol=1e-10)
    # R: svycontrast(b, list(AmB = c(1, -1, 0))) -> -0.58333, SE 0.636
    c = D.svycontrast(t, {"AmB": [1.0, -1.0, 0.0]})
    assert c.loc[0, "se"] == pytest.approx(np.sqrt(r[0, 0] + r[1, 1] - 2 * r[0, 1]), rel=1e-10)


def test_svycontrast_df_design_names_degf():
    t = _table()
    with pytest.raises(D.DesignError) as e:
        D.svycontrast(t, {"A-B": [1.0, -1.0, 0.0]}, df="design")
    assert "degf(design)" in str(e.value) and "此处" in str(e.value)


def test_farebrother_at_the_full_iteration_count_equals_compquadform():
    # replaces the reviewer's 30-second timing test: the series that runs to maxit = 1e5 (R's default), compared with R
    # R: CompQuadForm::farebrother(0.7275, c(2.162741, 8e-06, 0.906918, 2.459139, 1.475772, 0.100739),
    #    c(3, 2, 3, 2, 1, 3)) -> Qq 0.99999464129414151, ifault 4; with maxit = 8000 -> 0.99999999968943898,
    #    maxit = 2000 -> 0.99999999999991385 (the same doubles: each sum is accumulated in the C code's order)
    from windoweval.survey._qf import farebrother, ruben
    lam, h = [2.162741, 8e-06, 0.906918, 2.459139, 1.475772, 0.100739], [3, 2, 3, 2, 1, 3]
    assert ruben(0.7275, lam, h) == (0.99999464129414151, 4)
    assert farebrother(0.7275, lam, h, maxit=8000) == 0.99999999968943898
    assert farebrother(0.7275, lam, h, maxit=2000) == 0.99999999999991385


def test_ruben_reports_compquadform_s_faults():
    # R: CompQuadForm::farebrother(0, c(0.7, 0.2, 1.3)) -> Qq 3, ifault 2; farebrother(2.5, c(0.7, 0.2, 1.3)) -> Qq
    # 0.31350449210817677, ifault 4; the underflow case of the reviewer -> Qq 1, ifault 1
    from windoweval.survey._qf import ruben
    assert ruben(0.0, [0.7, 0.2, 1.3]) == (3.0, 2)
    assert ruben(2.5, [0.7, 0.2, 1.3]) == (0.31350449210817677, 4)
    assert ruben(24.0545, [0.032856, 0.003776, 0.025518, 1.412128, 1.611644], [3, 1, 1, 1, 122]) == (1.0, 1)
    assert ruben(1.0, [1.0, -1.0])[1] == -2


def test_lincom_falls_back_to_davies_where_farebrother_underflows():
    # 71 eigenvalues, one 1e-5 beside 1s: Farebrother's leading coefficient (1e-5)^(70/2)... underflows (ifault 1,
    # where R's pchisqsum returns 1 whatever X^2 is); Davies' integration instead, with a warning that R differs
    from windoweval.survey._qf import davies, ruben
    a = np.array([1.0] * 70 + [1e-5])
    assert ruben(90.0, a)[1] == 1
    with pytest.warns(RuntimeWarning, match="Davies"):
        p = D._lincom_p(90.0, a, None)
    assert 0.0 < p < 1.0 and p == pytest.approx(davies(90.0, a, np.ones(71), acc=1e-7)[0], rel=1e-12)


def test_lincom_refuses_where_davies_gives_no_value(monkeypatch):
    # CompQuadForm::davies(3, c(1, 1), acc = 1e-9) -> Qq 2, ifault 1: no p-value; R passes the 2 on with a warning
    from windoweval.survey import _qf
    monkeypatch.setattr(_qf, "davies", lambda *a, **k: (2.0, 1))
    for ddf in (None, 12.0):
        with pytest.raises(D.DesignError) as e:
            D._lincom_p(3.0, np.array([1.0, -0.5]), ddf)
        assert "saddlepoint" in str(e.value) and "数值积分" in str(e.value)


def test_svyttest_refuses_a_zero_weight_group_and_takes_a_0_1_or_1_2_group():
    # R: svyttest(s ~ g, des) with group B of weight 0 -> t = NA (no test): refused, naming the column and level
    f = pd.DataFrame({"h": list("aaaabbbb"), "psu": [1, 1, 2, 2, 3, 3, 4, 4], "g": list("ABABABAB"),
                      "w": [2.0, 0, 1, 0, 3, 0, 2, 0], "s": [1.0, 2, 3, 4, 5, 1, 2, 3]})
    with pytest.raises(D.DesignError) as e:
        D.svyttest(D.svydesign(f, ids="psu", strata="h", weights="w"), "s", "g")
    assert "g" in str(e.value) and "B" in str(e.value) and "权重" in str(e.value)
    # R's svyttest(s ~ g) takes a numeric group coded 0/1 or 1/2 (its coefficient is then the difference) and refuses
    # 1/3 ("group must be binary"); ours gives the difference of the two means for any two codes, as R's
    # svyttest(s ~ factor(g)) -- the same numbers as the group as text
    f = f.assign(w=[2.0, 1, 1, 3, 3, 2, 2, 1])
    txt = D.svyttest(D.svydesign(f, ids="psu", strata="h", weights="w"), "s", "g")
    for codes in ({"A": 0, "B": 1}, {"A": 1, "B": 2}, {"A": 1, "B": 3}, {"A": 10, "B": 9.5}):
        t = D.svyttest(D.svydesign(f.assign(g=f.g.map(codes)), ids="psu", strata="h", weights="w"), "s", "g")
        sign = 1 if codes["B"] > codes["A"] else -1
        np.testing.assert_allclose(t[["difference", "ci_low", "ci_high"]].to_numpy(dtype=float) * sign,
                                   txt[["difference", "ci_low", "ci_high"]].to_numpy(dtype=float)
                                   [:, [0, 1, 2] if sign > 0 else [0, 2, 1]], rtol=1e-12)
        assert t.loc[0, "se"] == pytest.approx(txt.loc[0, "se"], rel=1e-12)


def test_svycontrast_of_a_sorted_ratio_table_follows_its_rows():
    f = pd.DataFrame({"h": list("aaaaaabbbbbb"), "psu": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
                      "win": list("ABCABCCBACBA"), "w": [3.0, 1, 2, 5, 4, 2, 1, 3, 2, 4, 1, 2],
                      "y": [1.0, 4, 5, 2, 3, 4, 5, 1, 2, 3, 5, 4], "x": [2.0, 1, 3, 2, 2, 1, 4, 2, 1, 3, 2, 2]})
    t = D.svyratio(D.svydesign(f, ids="psu", strata="h", weights="w"), "y", "x", by="win", covmat=True)
    s = t.sort_values("ratio").reset_index(drop=True)
    c = D.svycontrast(s, {f"r{i}": np.eye(3)[i] for i in range(3)})
    np.testing.assert_allclose(c["se"], s["se"], rtol=1e-10)
