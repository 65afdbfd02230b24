"""user41: a survey firm's fourth-round delivery with halls as clusters within districts, the firm's final (raked)
weights under 最终权重, estimated end to end with ``windoweval survey estimate`` and pinned to R's survey package
(R 4.2.2, survey 4.1.1) to 1e-10; golden values from tests/golden/survey41_survey_r.R (stored JSON; reruns under
WINDOWEVAL_RERUN_R=1) on tests/golden/survey41_data.csv.

R: des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE), strata the districts,
the PSU the hall.  Per window and overall: the satisfaction index of overall, each dimension and the composite
(svymean, normal interval) and the satisfaction rate of every item and overall (svyciprop, method = "beta").

A window being one PSU, R's standard error of each window is 0 (its linearised total is zero in every PSU) and the
rate's interval NaN: windoweval gives the same numbers, and now says why, beside the table: the window is one PSU,
so its figure has no sampling error the design can estimate -- not "every respondent answered alike" (the note it
gave), and not a precise estimate.  It also says what it takes the weights for: the delivery's final weights as
they are, no calibration redone.
"""
import json
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.survey.instrument import load_instrument

from _survey_r import close, rerun_r_test

HERE = Path(__file__).parent / "golden"
G = json.loads((HERE / "survey41_survey_r.json").read_text(encoding="utf-8"))["halls"]
INS = load_instrument("power_hall")
ITEMS = [c for c in INS.coded_columns if c != "overall"]
RATE_MEASURES = ITEMS + ["overall"]
INDEX_MEASURES = ["overall", *(d.id for d in INS.dimensions), "composite"]

test_rerun_r_gives_the_stored_values = rerun_r_test("survey41", "a few seconds")


@pytest.fixture(scope="module")
def delivery(tmp_path_factory):
    d = pd.read_csv(HERE / "survey41_data.csv", dtype=str, keep_default_na=False)
    # as the firm heads its columns: the hall as the PSU, the final weight in Chinese
    d = d.rename(columns={"weight": "最终权重", "psu": "初级抽样单元"})
    p = tmp_path_factory.mktemp("halls") / "第四轮满意度调查_2025.csv"
    d.to_csv(p, index=False, encoding="utf-8-sig")
    return p


def _estimate(capsys, path, *extra, fmt="json"):
    rc = main(["survey", "estimate", str(path), "--instrument", "power_hall", "--year", "2025", "--by", "window_id",
               "--format", fmt, *extra])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    if fmt == "json":
        return pd.DataFrame(json.loads(cap.out)), cap.err
    return cap.out, cap.err


def test_halls_as_clusters_index_equals_r(delivery, capsys):
    # R: svymean(~i_m, sub); svyby(~i_m, ~window_id, sub, svymean); confint(); sub <- des[!is.na(i_m), ]
    t, _ = _estimate(capsys, delivery)
    for m in INDEX_MEASURES:
        e = G["index"][m]
        rows = t[t.measure == m]
        top, win = rows[rows.window_id == "全部 all"], rows[rows.window_id != "全部 all"]
        assert int(top.n.item()) == e["all"]["n"], m
        assert win.window_id.tolist() == e["win"], m
        for col, key in (("estimate", "est"), ("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
            close(top[col], e["all"][key])
            close(win[col], e[key])


def test_halls_as_clusters_item_rates_equal_r(delivery, capsys):
    # R: svyby(~s_m, ~window_id, sub, svyciprop, method = "beta", vartype = c("se", "ci")), sub the answerers of m
    t, _ = _estimate(capsys, delivery, "--stat", "rate", "--measures", ",".join(RATE_MEASURES))
    for m in RATE_MEASURES:
        e = G["rate"][m]
        rows = t[t.measure == m]
        top, win = rows[rows.window_id == "全部 all"], rows[rows.window_id != "全部 all"]
        assert win.window_id.tolist() == e["win"], m
        for col, key in (("rate", "est"), ("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
            close(top[col], e["all"][key])
            close(win[col], e[key])


def test_a_window_that_is_one_psu_is_said_so_not_answered_alike(delivery, capsys):
    out, err = _estimate(capsys, delivery, "--stat", "rate", fmt="table")
    msg = out + err
    assert "受访者答案全部相同" not in msg and "every respondent answered alike" not in msg
    assert "7 个窗口" in msg and "只有一个初级抽样单元" in msg and "each of 7 windows is a single PSU" in msg
    assert msg.index("只有一个初级抽样单元") < msg.index("each of 7 windows is a single PSU")
    out, err = _estimate(capsys, delivery, fmt="table")            # the index too: its SE 0 said, not a precise figure
    assert "each of 7 windows is a single PSU" in out + err


def test_the_final_weights_are_said_to_be_taken_as_delivered(delivery, capsys):
    out, err = _estimate(capsys, delivery, fmt="table")
    msg = out + err
    assert "最终权重" in msg or "权重" in msg
    assert "未重新校准" in msg and "no calibration is redone" in msg and "--rake" in msg


def test_the_report_page_says_a_window_is_one_psu_as_a_design_note(delivery):
    # the year's survey page showed every hall's index with SE 0.00 and an interval of one point, unexplained; and
    # session 40's lonely-stratum note was put among the instrument's notes, which the page prefixes with "the store's
    # copy of this survey's instrument ... today's rules would not accept it": a design's note in the wrong words
    from windoweval import i18n, sections
    from windoweval.survey import delivery as D

    resp = D.parse_delivery(delivery, INS, year=2025, screen=False).valid
    got = sections.compute(2025, None, sections=("survey",), instrument="power_hall",
                           survey=lambda y: (resp, "file") if y == 2025 else (None, None))["survey"]
    notes = got.meta["design_notes"]
    assert len(notes) == 1 and "7 个窗口" in notes[0]["zh"] and "each of 7 windows" in notes[0]["en"]
    assert not any("PSU" in n["en"] or "初级抽样单元" in n["zh"] for n in got.meta["instrument_notes"])
    assert "{note}" in i18n.text("survey.design_note", "zh") and "问卷副本" not in i18n.text("survey.design_note", "zh")
    nb = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "satisfaction_survey.ipynb").read_text("utf-8"))
    src = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert 'wp.note("survey.design_note", note=n)' in src
