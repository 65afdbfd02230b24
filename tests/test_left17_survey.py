"""left17s: what the last round left on survey deliveries and survey statistics, each a failing test on main.

1. answers refused alone (an answer off the scale, audit30) counted: import's result line and summary row, the
   store (``load_rejects(..., answers=True)``), ``survey check``;
2. raking / post-stratifying a replicate design where a replicate leaves a margin level without weight: refused, as
   R stops there (R 4.2.2 / survey 4.1.1);
3. a survey XLSX with cells merged down (a window over its respondents): filled as records exports are, and said;
4. a long-format delivery: one refusal with the way to pivot it, the duplicate ids it implies summarised in one line.

    PYTHONPATH=. .venv/bin/python -m pytest tests/test_left17_survey.py -q
"""
from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from _workspace import long_delivery
from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey import design as D
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.store import import_delivery, list_deliveries, load_rejects, load_responses

INS = "power_hall"
ITEMS = ("env1", "env2", "staff1", "staff2", "eff1", "info1", "conv1", "overall")


def _delivery(n=10, seed=3):
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=n, seed=seed,
                                  careless_share=0).astype(object)


# ------------------------------------------------------------------------------------ 1. answers refused alone
def _off_scale(df):
    """Five answers off the scale in four respondents, one each (refused alone), written as a firm writes them;
    one respondent also refused whole (weight 0), whose off-scale answer is no answer refused alone."""
    df.loc[0, "env1"] = "6"
    df.loc[0, "weight"] = "1.5"
    df.loc[2, "overall"] = "98"
    df.loc[5, "staff2"] = "4.5"
    df.loc[7, "info1"] = "７"      # full width, as written
    df.loc[9, "conv1"] = "0"
    df.loc[9, "weight"] = "0"      # refused whole: its answer is counted with the row
    return df


def test_check_counts_the_answers_refused_alone(capsys):
    df = _off_scale(_delivery())
    with demo.delivery_file(df, "firm.csv") as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
        assert main(["survey", "check", str(p), "--instrument", INS, "--year", "2025", "--no-screen"]) == 1
    a = chk.refused_answers
    assert a[["row", "column", "value", "code"]].values.tolist() == [
        [2, "env1", "6", "out_of_range"], [4, "overall", "98", "out_of_range"], [7, "staff2", "4.5", "out_of_range"],
        [9, "info1", "７", "out_of_range"]]
    assert chk.rejected_rows == [11]
    out = capsys.readouterr().out
    assert "单独被拒的答案 answers refused alone: 4" in out and "在 4 位受访者中 in 4 respondents" in out


def test_import_says_how_many_answers_were_refused_alone_and_keeps_them(tmp_path, capsys):
    df = _off_scale(_delivery())
    with demo.delivery_file(df, "firm.csv") as p:
        assert main(["survey", "import", str(p), "--instrument", INS, "--year", "2025",
                     "--store", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "单独被拒的答案 answers refused alone 4" in out and "在 4 位受访者中 in 4 respondents" in out
    assert "answers_refused.csv" in out
    rec = list_deliveries(store_dir=tmp_path).iloc[0]
    assert (int(rec["n_answers_refused"]), int(rec["n_answers_refused_respondents"])) == (4, 4)
    assert (int(rec["n_valid"]), int(rec["n_rejected"])) == (len(df) - 1, 1)
    ans = load_rejects("power_hall_2025", store_dir=tmp_path, answers=True)
    assert ans[["row", "column", "value", "code"]].values.tolist() == [
        [2, "env1", "6", "out_of_range"], [4, "overall", "98", "out_of_range"], [7, "staff2", "4.5", "out_of_range"],
        [9, "info1", "７", "out_of_range"]]
    assert ans["reason_zh"].str.contains("该答案不导入").all() and ans["reason_en"].str.contains("not imported").all()
    # the rows refused whole stay what load_rejects gives by default
    assert load_rejects("power_hall_2025", store_dir=tmp_path)["row"].tolist() == [11]
    got = load_responses("power_hall_2025", store_dir=tmp_path).set_index("row")
    assert np.isnan(got.loc[2, "env1"]) and np.isfinite(got.loc[2, "overall"])


def test_a_store_imported_before_lists_its_answers_refused_alone_from_its_problems(tmp_path):
    """A delivery imported before answers_refused.csv was written: load_rejects(answers=True) reads problems.csv's
    warnings (the values as the checks read them: ７ as 7), leaving out the row refused whole."""
    from windoweval.survey.store import store_root

    with demo.delivery_file(_off_scale(_delivery()), "firm.csv") as p:
        r = import_delivery(p, INS, 2025, store_dir=tmp_path).iloc[0]
    (store_root(tmp_path) / r["dir"] / "answers_refused.csv").unlink()
    ans = load_rejects("power_hall_2025", store_dir=tmp_path, answers=True)
    assert ans[["row", "column", "value", "code"]].values.tolist() == [
        [2, "env1", "6", "out_of_range"], [4, "overall", "98", "out_of_range"], [7, "staff2", "4.5", "out_of_range"],
        [9, "info1", "7", "out_of_range"]]


def test_a_clean_import_counts_no_answer_refused(tmp_path):
    with demo.delivery_file(_delivery(), "clean.csv") as p:
        r = import_delivery(p, INS, 2025, store_dir=tmp_path).iloc[0]
    assert (int(r["n_answers_refused"]), int(r["n_answers_refused_respondents"])) == (0, 0)
    assert len(load_rejects("power_hall_2025", store_dir=tmp_path, answers=True)) == 0


# ----------------------------------------------------------------------- 2. an empty cell in a replicate
def _jk1_one_psu_level():
    """Six PSUs of five; margin a's level z lives in PSU 3 alone, so the JK1 replicate deleting PSU 3 leaves z
    without weight.  As R's as.svrepdesign(svydesign(ids=~psu, weights=~w, data=d), type="JK1")."""
    f = pd.DataFrame({"psu": np.repeat(np.arange(1, 7), 5)})
    f["a"] = np.where(f.psu == 3, "z", np.where(f.psu % 2 == 0, "x", "y"))
    f["b"] = ["p", "q"] * 15
    f["y"] = np.resize([1.0, 3, 4, 5, 2, 5, 4], 30)
    f["w"] = 2.0
    cols = []
    for k in range(1, 7):
        f[f"r{k}"] = np.where(f.psu == k, 0.0, 2.0 * 6 / 5)
        cols.append(f"r{k}")
    return D.replicate_design(f, cols, type="JK1", weights="w")


def test_rake_on_a_replicate_design_refuses_a_level_a_replicate_leaves_empty():
    """R 4.2.2 / survey 4.1.1: jk <- as.svrepdesign(svydesign(ids=~psu, weights=~w, data=d), type="JK1");
    rake(jk, list(~a, ~b), list(data.frame(a=c("x","y","z"), Freq=c(30,20,10)), data.frame(b=c("p","q"),
    Freq=c(30,30)))) stops: "Error in qr.default(weights(design, "analysis"), tol = 1e-05): NA/NaN/Inf in foreign
    function call" (postStratify.svyrep.design divides the level's population by the replicate's zero total, then
    degf() fails on the NaN weights). Before: the replicate went NaN and was left out of the variance in silence."""
    des = _jk1_one_psu_level()
    with pytest.raises(D.DesignError) as e:
        D.rake(des, {"a": {"x": 30, "y": 20, "z": 10}, "b": {"p": 30, "q": 30}})
    msg = str(e.value)
    assert "'a'" in msg and "z" in msg and "1 个重复" in msg and "1 replicate" in msg and "R" in msg


def test_post_stratify_on_a_replicate_design_refuses_a_level_a_replicate_leaves_empty():
    """R: postStratify(jk, ~a, data.frame(a=c("x","y","z"), Freq=c(30,20,10))) stops in degf() the same way."""
    des = _jk1_one_psu_level()
    with pytest.raises(D.DesignError) as e:
        D.post_stratify(des, "a", {"x": 30, "y": 20, "z": 10})
    assert "z" in str(e.value) and "1 replicate" in str(e.value)


def test_rake_on_a_replicate_design_with_every_level_in_every_replicate_is_unchanged():
    """Margin b (p and q in every PSU) leaves no replicate empty: raked as before (its mean is the full sample's)."""
    des = _jk1_one_psu_level()
    r = D.rake(des, {"b": {"p": 30, "q": 30}})
    assert np.isfinite(r.repweights).all()
    assert np.isfinite(D.svymean(r, "y")["se"]).all()


@pytest.mark.parametrize("how", ["rake", "post_stratify"])
def test_a_sampled_level_with_a_population_of_zero_is_refused_as_r_stops(how):
    """R 4.2.2 / survey 4.1.1: postStratify(d, ~a, data.frame(a=c("x","y","z"), Freq=c(10,20,0))) and rake(d,
    list(~a, ~b), ...) stop: "Strata in sample absent from population. This Can't Happen". Before: rake made every
    weight NaN (told only as "did not converge"), post_stratify gave the level weight 0 and an SE of NaN."""
    f = pd.DataFrame({"a": list("xxyyzz"), "b": list("pqpqpq"), "y": [1.0, 2, 3, 4, 5, 6], "w": 1.0})
    d = D.svydesign(f, ids=None, strata=None, weights="w")
    with pytest.raises(D.DesignError) as e:
        if how == "rake":
            D.rake(d, {"a": {"x": 10, "y": 20, "z": 0}, "b": {"p": 15, "q": 15}})
        else:
            D.post_stratify(d, "a", {"x": 10, "y": 20, "z": 0})
    assert "'z': 2" in str(e.value) and "population" in str(e.value) and "总体数" in str(e.value)


def test_a_domain_a_replicate_leaves_empty_warns_as_r_and_keeps_r_standard_errors():
    """R 4.2.2 / survey 4.1.1: svyby(~y, ~a, jk, svymean) warns "1 replicates gave NA results and were discarded"
    (domain z lives in PSU 3 alone) and gives SE 0.258198889747 for x and y, 0 for z; the replicate was dropped here
    in silence."""
    des = _jk1_one_psu_level()
    with pytest.warns(RuntimeWarning, match=r"a=z \(y\): 1") as got:
        m = D.svymean(des, "y", by="a")
    assert "R" in str(got[0].message) and "重复权重" in str(got[0].message)
    np.testing.assert_allclose(m["mean"], [3.4, 3.2, 3.4], rtol=1e-12)
    np.testing.assert_allclose(m["se"], [0.258198889747, 0.258198889747, 0.0], rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------------- 3. cells merged down
def _merged_xlsx(path, df, merges):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(list(df.columns))
    for rec in df.astype(object).where(df.notna(), None).itertuples(index=False):
        ws.append([None if v is None else str(v) for v in rec])
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def test_a_window_merged_down_over_its_respondents_is_read_into_every_row(tmp_path, capsys):
    df = _delivery(n=3)
    df.loc[[0, 1, 2], "window_id"] = "PW01"
    df.loc[[0, 1, 2], "stratum"] = df.loc[0, "stratum"]
    cols = list(df.columns)
    b = openpyxl.utils.get_column_letter(cols.index("window_id") + 1)
    s = openpyxl.utils.get_column_letter(cols.index("stratum") + 1)
    p = _merged_xlsx(tmp_path / "merged.xlsx", df, [f"{b}2:{b}4", f"{s}2:{s}4"])
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["row", "column", "code"]].values.tolist()
    assert chk.valid["window_id"].tolist()[:3] == ["PW01"] * 3 and len(chk.valid) == len(df)
    w = chk.problems[chk.problems["code"] == "merged_down"]
    assert len(w) == 1 and w["severity"].iloc[0] == "warning"
    assert f"{b}2:{b}4 window_id" in w["value"].iloc[0] and f"{s}2:{s}4 stratum" in w["value"].iloc[0]
    assert sorted(chk.delivery.merged_down) == [f"{b}2:{b}4 window_id", f"{s}2:{s}4 stratum"]   # as the sheet lists them
    assert main(["survey", "check", str(p), "--instrument", INS, "--year", "2025", "--no-screen"]) == 0
    out = capsys.readouterr().out
    assert f"{b}2:{b}4 window_id" in out and "合并" in out and "merged" in out


def test_survey_and_records_share_one_merged_down_helper():
    """One vectorised helper for both: the survey reader calls records.io's own (a copy would drift)."""
    import inspect

    from windoweval.survey import delivery

    # fuzz46: _read_xlsx wraps the reader (its warnings kept off the console); the reader uses the one helper
    assert "_fill_merged_down" in inspect.getsource(delivery._read_workbook)
    assert not hasattr(delivery, "_fill_merged_down")


# ------------------------------------------------------------------------------ 4. long format, no noise
def test_a_long_delivery_gives_its_refusal_first_and_the_duplicate_ids_in_one_line(tmp_path, capsys):
    df = _delivery(n=4)
    p, long = long_delivery(df, tmp_path / "long.csv")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    e = chk.errors
    assert e["code"].tolist() == ["long_format", "duplicate_id"]       # the refusal first, then one line
    dup = e.iloc[1]
    assert pd.isna(dup["row"]) and str(len(long)) in dup["problem_zh"] and str(len(df)) in dup["problem_en"]
    assert "长格式" in dup["problem_zh"] and "long format" in dup["problem_en"]
    assert main(["survey", "check", str(p), "--instrument", INS, "--year", "2025", "--no-screen"]) == 1
    out = capsys.readouterr().out
    assert "duplicate respondent id" not in out and out.count("repeat an earlier respondent id") == 1
    assert out.index("one row per answer (long format)") < out.index("repeat an earlier respondent id")
    assert "有错误的行 rows with errors" not in out


def test_a_wide_delivery_still_names_each_duplicate_id():
    df = _delivery(n=4)
    df.loc[[1, 2], "respondent_id"] = df.loc[0, "respondent_id"]
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors[["row", "code"]].values.tolist() == [[3, "duplicate_id"], [4, "duplicate_id"]]
