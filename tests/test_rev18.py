"""Review rev18 of the merged branches left17v (records missing evidence, promise overrides, cells as written,
Parquet beside CSV) and left17s (answers refused alone, rake/post_stratify refusals, domain NaN replicates,
merged-down survey cells, long format): each confirmed defect with a test that fails on the code before the fix.

    PYTHONPATH=. .venv/bin/python -m pytest tests/test_rev18.py -q
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import HALL, run_cli, write_workspace


# ------------------------------------------------------------ 1. a Parquet text column stored as categories
def test_a_categorical_text_column_beside_a_typed_one_keeps_the_typed_values(tmp_path):
    """windoweval/records/files.py:455 (_text_alike): where a column is typed in one table (a Parquet export's
    date-time) and text in another, the typed values are written as text and cast to the text table's dtype; a
    Parquet export's text stored as categories (pandas ``category``, Parquet dictionary) gave a CategoricalDtype
    whose categories are only that table's values, so every typed value written as text became missing: the 2024
    arrivals were read as blank (missing evidence) without a word.  Right: cast to plain text, every value read.
    1 test, fails on main."""
    from windoweval.records.files import load

    d = write_workspace(tmp_path / "data", HALL, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text('work_orders:\n  file: ["wo_2024.parquet", "wo_2025.parquet"]\n', encoding="utf-8")
    recv = pd.to_datetime(["2024-03-01 10:00:00", "2024-03-02 10:00:00"])
    pd.DataFrame({"order_id": ["A1", "A2"], "window_id": "PW01", "order_type": "fault_repair", "received_at": recv,
                  "arrived_at": recv + pd.Timedelta("20min")}).to_parquet(d / "wo_2024.parquet", index=False)
    b = pd.DataFrame({"order_id": ["B1", "B2"], "window_id": "PW01", "order_type": "fault_repair",
                      "received_at": pd.to_datetime(["2025-01-02 10:00"] * 2),
                      "arrived_at": pd.Series(["2025/1/2 10:30", "2025/1/2 10:40"], dtype="category")})
    b.to_parquet(d / "wo_2025.parquet", index=False)
    assert isinstance(pd.read_parquet(d / "wo_2025.parquet")["arrived_at"].dtype, pd.CategoricalDtype)
    f = load("work_orders", d).frame.set_index("order_id")
    assert f["arrived_at"].notna().all(), f["arrived_at"]
    assert f.loc["A1", "arrived_at"] == pd.Timestamp("2024-03-01 10:20")
    assert f.loc["B2", "arrived_at"] == pd.Timestamp("2025-01-02 10:40")


# ------------------------------------------------------------ 2. records import's flagged rows masked
def test_records_import_masks_the_flagged_rows_it_prints(tmp_path):
    """windoweval/cli/records.py:109,134 (cmd_import): the rows kept but flagged (hung up before the answer, steps
    out of order) were printed as ``Problems.lines`` gave them, unmasked, and so was the progress line naming the
    delivery file, while ``records check`` masks every line: a call id that is the caller's mobile number (or a file
    named by it) reached the console and the scheduler's log.  Right: masked as every console line ([手机号]).
    1 test, fails on main."""
    src = tmp_path / "来电 13912345678.csv"   # a file named by a caller's number: its progress line masked too
    pd.DataFrame([["13812345678", "CC95598", "2025/6/2 10:00:00", "2025/6/2 10:00:20", "2025/6/2 10:00:10"]],
                 columns=["call_id", "window_id", "offered_at", "answered_at", "hung_up_at"]).to_csv(src, index=False)
    r = run_cli("records", "import", "calls_95598", str(src), "--data", str(tmp_path / "store"), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "hung_up_at" in out and "2025/6/2 10:00:10" in out, out   # the flagged row is listed
    assert "13812345678" not in out and "13912345678" not in out, out


# ------------------------------------------------------------ 3. survey estimate's population files
def _population_run(tmp_path, capsys, option, text):
    from windoweval.cli import main
    from windoweval.demo import survey as demo

    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=15, seed=3, careless_share=0)
    df.to_csv(tmp_path / "d.csv", index=False)
    pop = tmp_path / "pop.csv"
    if text is not None:
        pop.write_text(text, encoding="utf-8")
    rc = main(["survey", "estimate", str(tmp_path / "d.csv"), "--instrument", "power_hall", "--year", "2025",
               option, str(pop)])
    got = capsys.readouterr()
    return rc, got.out + got.err


@pytest.mark.parametrize("option, text, cell", [
    ("--poststratify", "window_id,Freq\nPW01,abc\nPW02,300\n", "row 2 'abc'"),
    ("--poststratify", "window_id,Freq\nPW01,\nPW02,300\n", "row 2 ''"),
    ("--rake", "variable,level,Freq\nwindow_id,PW01,100\nwindow_id,PW02,x\n", "row 3 'x'"),
    ("--calibrate", "term,total\n(Intercept),abc\n", "row 2 'abc'"),
    ("--rake", "variable,level,Freq\nwindow_id,PW01,100\n,,\nwindow_id,PW02,x\n", "row 4 'x'"),   # the file's row
])
def test_a_population_figure_that_is_not_a_number_is_refused_by_file_row_and_value(tmp_path, capsys, option, text,
                                                                                  cell):
    """windoweval/cli/survey.py:521,529,552 (_design_estimate): a population file's Freq (or total) that is not a
    number was refused with pandas' English alone ("Unable to parse string 'abc' at position 0"): no file, row or
    fix, no Chinese; a blank Freq was refused by the design's zero-population rule without the file.  Right: the
    option, the file, the column, the row as the spreadsheet numbers it, the value and the fix, in Chinese then
    English (exit 3).  5 tests, fail on main."""
    rc, out = _population_run(tmp_path, capsys, option, text)
    assert rc == 3, out
    # the file by its name, not the folders above it (audit35: a path may carry a user's name)
    assert f"{option} pop.csv" in out and str(tmp_path) not in out and cell in out, out
    assert "第 " in out and "请填写总体数" in out and "write the population figure" in out, out


def test_a_missing_population_file_is_refused_not_a_traceback(tmp_path, capsys):
    """windoweval/cli/survey.py:516 (_design_estimate): ``--poststratify nofile.csv`` stopped with FileNotFoundError, a
    traceback and "internal error" (exit 5) for a user's typo.  Right: refused naming the option and the file, in
    Chinese then English (exit 3).  1 test, fails on main."""
    rc, out = _population_run(tmp_path, capsys, "--poststratify", None)
    assert rc == 3, out
    assert "Traceback" not in out and "找不到或无法读取该文件" in out and "the file is missing" in out, out


def test_a_population_file_with_blank_rows_is_read_as_without_them(tmp_path, capsys):
    """A population file with rows of empty cells (``,,``, blank rows Excel saved) reads as without them, as a
    records export's blank rows are left out.  Passes on main too (pandas read the blanks as missing, which groupby
    left out); it holds the population files' new reading (cells as text, a blank refused) to that."""
    rc, a = _population_run(tmp_path, capsys, "--rake", "variable,level,Freq\nwindow_id,PW01,100\n,,\n"
                                                         "window_id,PW02,300\n,,\n")
    assert rc == 0, a
    rc, b = _population_run(tmp_path, capsys, "--rake", "variable,level,Freq\nwindow_id,PW01,100\nwindow_id,PW02,300\n")
    assert rc == 0 and a == b, (a, b)


def test_a_population_count_with_a_thousands_separator_is_read(tmp_path, capsys):
    """A population count written 1,200 (as a spreadsheet shows it) is 1200, as a delivery's weight is read; it was
    refused by pandas' parse.  The estimate equals the one from 1200.  1 test, fails on main."""
    rc, a = _population_run(tmp_path, capsys, "--poststratify", 'window_id,Freq\nPW01,"1,200"\nPW02,300\n')
    assert rc == 0, a
    rc, b = _population_run(tmp_path, capsys, "--poststratify", "window_id,Freq\nPW01,1200\nPW02,300\n")
    assert rc == 0 and a == b, (a, b)


def test_a_population_file_saved_as_gb18030_is_read(tmp_path, capsys):
    """windoweval/cli/survey.py:548 (_design_estimate): a population file saved by Excel on Chinese Windows (CSV,
    GB18030) was refused with Python's "'utf-8' codec can't decode byte 0xb1" alone (exit 3); its encoding is now
    found as a records export's is (records.io.decode).  The estimate equals the one from the same file in UTF-8.
    1 test, fails on main."""
    text = "term,total,备注\r\n(Intercept),1500,全年办件量\r\n"
    rc, utf8 = _population_run(tmp_path, capsys, "--calibrate", text)
    assert rc == 0, utf8
    (tmp_path / "pop.csv").write_bytes(text.encode("gb18030"))
    from windoweval.cli import main

    rc = main(["survey", "estimate", str(tmp_path / "d.csv"), "--instrument", "power_hall", "--year", "2025",
               "--calibrate", str(tmp_path / "pop.csv")])
    got = capsys.readouterr()
    assert rc == 0 and got.out + got.err == utf8, got.out + got.err


# ------------------------------------------------------------ 4. svyratio by domain: NaN replicates said, as R
def test_a_ratio_by_domain_a_replicate_leaves_empty_warns_as_r_and_keeps_r_standard_errors():
    """windoweval/survey/design.py:1214 (svyratio): left17s made svymean by domain say, as R's svrVar does, that a
    replicate without weight in a domain gave NA and was discarded from its variance; svyratio by domain discards
    the same replicate without a word, where R warns the same way.  Right: the same warning (both languages), the
    standard errors R's (R 4.2.2 / survey 4.1.1:

        d <- data.frame(psu=1:6, a=c("x","y","y","y","y","y"), y=c(1,2,3,4,5,6), z=c(1,1,2,1,2,1), w=1)
        jk <- as.svrepdesign(svydesign(ids=~psu, weights=~w, data=d), type="JK1")
        svyby(~y, ~a, jk, svyratio, denominator=~z)     # x 1 se 0; y 2.857143 se 0.7325702
        # Warning: In svrVar(...): 1 replicates gave NA results and were discarded.
        # with as.svrepdesign(..., mse=TRUE): y se 0.7338073

    1 test, fails on main."""
    import numpy as np

    from windoweval.survey import design as D

    d = pd.DataFrame({"psu": range(1, 7), "a": ["x"] + ["y"] * 5, "y": [1.0, 2, 3, 4, 5, 6],
                      "z": [1.0, 1, 2, 1, 2, 1], "w": 1.0})
    for k in range(6):   # R's JK1 of six PSUs: each replicate deletes one PSU, the others times 6/5
        d[f"r{k}"] = np.where(np.arange(6) == k, 0.0, 1.2)
    for mse, se_y in ((False, 0.7325702), (True, 0.7338073)):
        jk = D.replicate_design(d, [f"r{k}" for k in range(6)], type="JK1", weights="w", mse=mse)
        with pytest.warns(RuntimeWarning, match=r"R 的 svrVar.*a=x \(y/z\): 1 / .*replicates gave NA results"):
            t = D.svyratio(jk, "y", "z", by="a").set_index("a")
        assert t.loc["x", "ratio"] == 1.0 and t.loc["x", "se"] == 0.0
        assert t.loc["y", "ratio"] == pytest.approx(2.857143, abs=1e-6)
        assert t.loc["y", "se"] == pytest.approx(se_y, abs=1e-7)


# ------------------------------------------------------------ 5. answers refused alone of an earlier store
def test_an_earlier_store_does_not_list_the_answers_of_an_exact_repeat_dropped(tmp_path):
    """windoweval/survey/store.py:785 (load_rejects(answers=True) on a delivery imported before answers_refused.csv
    was written): the answers refused alone were read from problems.csv leaving out the rows refused whole, but not
    the exact repeats dropped, whose warnings problems.csv holds too: an off-scale answer of a respondent delivered
    twice was listed twice (rows 2 and 10), where the delivery's own list (CheckedDelivery.refused_answers) and
    answers_refused.csv have it once.  Right: the dropped repeat left out, as a refused row is.  1 test, fails on
    main."""
    from windoweval.demo import survey as demo
    from windoweval.survey.store import import_delivery, load_rejects, store_root

    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=8, seed=3, careless_share=0).astype(object)
    df.loc[0, "overall"] = "98"
    df = pd.concat([df, df.iloc[[0]]], ignore_index=True)   # an exact repeat of row 2, at row 10: dropped
    with demo.delivery_file(df, "firm.csv") as p:
        r = import_delivery(p, "power_hall", 2025, store_dir=tmp_path).iloc[0]
    now = load_rejects("power_hall_2025", store_dir=tmp_path, answers=True)
    assert now[["row", "column", "value"]].values.tolist() == [[2, "overall", "98"]]
    (store_root(tmp_path) / r["dir"] / "answers_refused.csv").unlink()   # as a store written before left17s
    before = load_rejects("power_hall_2025", store_dir=tmp_path, answers=True)
    assert before[["row", "column", "value"]].values.tolist() == [[2, "overall", "98"]]


# ------------------------------------------------------------ 6. flagged rows: messages made only when asked
def test_a_read_makes_no_message_for_its_flagged_rows_until_asked(tmp_path, monkeypatch):
    """windoweval/records/files.py:634 (load_files): left17v made every read build the flagged rows' problem table
    (two messages a row, each in both languages, by per-row Python), which only ``records check`` and ``records
    import`` list: scoring a year of 95598 calls with a third of them hung up before the answer (1 M calls, 333,334
    flagged) took 22 s and 1.8 GB to read instead of 7 s and 0.7 GB (the messages nobody read: 16 s, 216 MB).
    Right: the read finds the flagged rows with one vectorised mask and keeps only those rows; the messages are made
    when asked, the same as before.  1 test, fails on main."""
    import windoweval.records.order as order
    from windoweval.records.check import flagged_rows
    from windoweval.records.files import load

    d = write_workspace(tmp_path / "data", (("CC95598", "95598客服中心", "call_centre"),))
    pd.DataFrame([["K1", "CC95598", "2025/6/2 10:00:00", "2025/6/2 10:00:20", "2025/6/2 10:00:10"],
                  ["K2", "CC95598", "2025/6/2 11:00:00", "2025/6/2 11:00:05", "2025/6/2 11:03:00"],
                  ["K3", "CC95598", "2025/6/2 12:00:00", "2025/6/2 12:00:30", "2025/6/2 12:00:01"]],
                 columns=["call_id", "window_id", "offered_at", "answered_at", "hung_up_at"]).to_csv(
        d / "calls_95598.csv", index=False)
    made = []
    real = order.flag_problems
    monkeypatch.setattr(order, "flag_problems", lambda *a, **k: made.append(1) or real(*a, **k))
    got = load("calls_95598", d)
    assert made == [], "the read made the flagged rows' messages"
    f = flagged_rows("calls_95598", got)
    assert made, "asked, the messages are made"
    assert f[["row", "record_id", "column", "value", "code"]].values.tolist() == [
        [2, "K1", "hung_up_at", "2025/6/2 10:00:10", "both_written"],
        [4, "K3", "hung_up_at", "2025/6/2 12:00:01", "both_written"]]
    assert "answered_at = 2025/6/2 12:00:30" in f["problem_zh"].iloc[1]


def test_a_variance_by_domain_a_replicate_leaves_empty_warns_as_r():
    """windoweval/survey/design.py:1322 (svyvar): as svyratio above, svyvar by domain discarded a replicate without
    weight in a domain without a word, where R warns.  R 4.2.2 / survey 4.1.1:

        d <- data.frame(psu=c(1,1,2,3,4,5,6), a=c("x","x","y","y","y","y","y"), y=c(1,3,2,3,4,5,6), w=1)
        jk <- as.svrepdesign(svydesign(ids=~psu, weights=~w, data=d), type="JK1")
        svyby(~y, ~a, jk, svyvar)        # x 2.0 se 0; y 2.5 se 1.340577
        # Warning: In svrVar(repvars, ...): 1 replicates gave NA results and were discarded.

    1 test, fails on main."""
    import numpy as np

    from windoweval.survey import design as D

    d = pd.DataFrame({"psu": [1, 1, 2, 3, 4, 5, 6], "a": ["x", "x"] + ["y"] * 5, "y": [1.0, 3, 2, 3, 4, 5, 6], "w": 1.0})
    for k in range(6):
        d[f"r{k}"] = np.where(d["psu"] == k + 1, 0.0, 1.2)
    jk = D.replicate_design(d, [f"r{k}" for k in range(6)], type="JK1", weights="w")
    with pytest.warns(RuntimeWarning, match=r"a=x \(y\): 1 / .*replicates gave NA results"):
        t = D.svyvar(jk, "y", by="a").set_index("a")
    assert (t.loc["x", "variance"], t.loc["x", "se"]) == (2.0, 0.0)
    assert t.loc["y", "variance"] == pytest.approx(2.5) and t.loc["y", "se"] == pytest.approx(1.340577, abs=1e-6)
