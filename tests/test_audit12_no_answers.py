"""A window where nobody answered an item keeps its row: n 0, the estimate said in words.

R's ``svyby(~y, ~window_id, des, svymean, na.rm = TRUE)`` gives such a window a mean of 0 with SE 0 (and
``svyciprop`` a rate of 0 with SE 0; tests/golden/audit12_designs.R shows the call). The package left the window
out of the by-window tables: a valid window vanished from the notebooks' tables, their CSV/XLSX exports and
``survey estimate``. Now the row is there with ``n`` 0 and no estimate, read "无回答 / no answers". Each test
fails on the code before (no row; in the declared design an SE of 0).
"""
import numpy as np
import pandas as pd
import pytest

from windoweval import present as wp
from windoweval.demo import survey as demo


@pytest.fixture
def pw03_unanswered():
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03"], n_per_window=30, seed=4)
    df.loc[df["window_id"] == "PW03", "overall"] = 9          # every PW03 respondent: don't know
    return df


@pytest.mark.parametrize("method", ["beta", "logit"])
def test_the_rate_by_window_keeps_the_window_nobody_answered(pw03_unanswered, method):
    from windoweval.survey.estimate import satisfaction_rate

    t = satisfaction_rate(pw03_unanswered, "power_hall", by="window_id", method=method)
    assert t["window_id"].tolist() == ["PW01", "PW02", "PW03"]
    row = t.set_index("window_id").loc["PW03"]
    assert row["n"] == 0 and row["df"] == 0
    assert np.isnan(row[["rate", "se", "ci_low", "ci_high"]].to_numpy(dtype=float)).all()
    assert t.loc[t["window_id"] != "PW03", "rate"].notna().all()


def test_the_index_by_window_keeps_the_measure_nobody_answered(pw03_unanswered):
    from windoweval.survey.estimate import satisfaction_index

    t = satisfaction_index(pw03_unanswered, "power_hall", by="window_id", measures=["overall", "composite"])
    pw03 = t[t["window_id"] == "PW03"].set_index("measure")
    assert pw03.loc["overall", "n"] == 0 and np.isnan(pw03.loc["overall", "estimate"])
    assert pw03.loc["composite", "n"] == 30 and pw03.loc["composite", "estimate"] > 0
    # without a by column nothing changes: the overall table has no empty domain to show
    assert len(satisfaction_index(pw03_unanswered, "power_hall", measures=["overall"])) == 1


def test_the_notebook_table_and_its_export_say_no_answers(pw03_unanswered):
    from windoweval.survey.estimate import satisfaction_index, satisfaction_rate

    shown = {}

    def grab(bundle, metadata=None):
        shown.update(bundle)

    real = wp._show
    wp._show = grab
    try:
        wp.setup("zh+en")
        for t, name, key, kw in ((satisfaction_rate(pw03_unanswered, "power_hall", by="window_id"), "rate",
                                  "survey.table.rate", {}),
                                 (satisfaction_index(pw03_unanswered, "power_hall", by="window_id"), "index",
                                  "survey.table.index", {"percent": ()})):
            shown.clear()
            wp.table(t, name, key, **kw)
            html = shown["text/html"]
            assert "无回答" in html and "no answers" in html
            rows = shown[wp.TABLE_MIME]["data"]           # what the CSV and XLSX exports carry
            pw03 = [r for r in rows if r[0] == "PW03" and "无回答" in r]
            assert pw03, rows
    finally:
        wp._show = real
        wp.setup("zh")


def test_the_cli_estimate_shows_the_window_with_n_0(pw03_unanswered, capsys):
    from windoweval.cli import main

    with demo.delivery_file(pw03_unanswered) as p:
        code = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--stat", "rate", "--by",
                     "window_id", "--measures", "overall"])
        out = capsys.readouterr().out
        assert code == 0
        line = [x for x in out.splitlines() if x.strip().startswith("PW03")][0]
        assert "无回答 no answers" in line and " 0 " in line
        assert "无人作答" in out and "nobody answered" in out
        assert "方差为 0" not in out          # not mistaken for a rate of 0 or 1
        code = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--by", "window_id",
                     "--measures", "overall", "--format", "csv"])
        csv = capsys.readouterr().out
    assert code == 0
    assert "PW03,overall,0,,,," in csv


def test_the_declared_design_gives_no_standard_error_where_nobody_answered(pw03_unanswered):
    from windoweval.survey import design as D
    from windoweval.survey.estimate import satisfied_indicators

    d = D.svydesign(pw03_unanswered, ids="psu", strata="stratum", weights="weight")
    sat = satisfied_indicators(d.frame, "power_hall", ["overall"])
    for t in (D.svymean(d, sat, by="window_id"), D.svyciprop(d, sat, by="window_id")):
        row = t.set_index("window_id").loc["PW03"]
        assert row["n"] == 0 and np.isnan(row["mean"]) and np.isnan(row["se"])
    tot = D.svytotal(d, sat, by="window_id").set_index("window_id").loc["PW03"]
    assert tot["total"] == 0 and tot["se"] == 0     # a domain total of nothing is 0, as R has it


def test_progress_says_no_comparison_for_the_window(pw03_unanswered):
    from windoweval.survey import analysis

    prev = demo.generate_delivery("power_hall", 2024, ["PW01", "PW02", "PW03"], n_per_window=30, seed=3)
    t = analysis.progress_table(prev, pw03_unanswered, "power_hall")
    row = t[t["window_id"] == "PW03"].iloc[0]
    assert row["verdict_en"] == "no comparison" and row["verdict_zh"] == "无可比数据"
