"""survey42: a firm's SPSS delivery read as its declarations say, pinned to R's survey package (R 4.2.2, survey 4.1.1)
to 1e-10; golden values from tests/golden/survey42_survey_r.R (stored JSON; reruns under WINDOWEVAL_RERUN_R=1) on
tests/golden/survey42_data.sav (survey42_write_sav.py: survey41's delivery as an SPSS system writes it).

The file: questions Q1-Q18 whose variable labels are the questions' text; every question coded the other way, its
value labels saying so in the instrument's words (1 = 非常满意 … 5 = 非常不满意); don't know as 98 不适用 and 99 拒答,
declared user-missing.  Before survey42 it was refused whole (label_mismatch, "is the scale reversed?").

R: s <- haven::read_sav(f, user_na = FALSE) (98, 99 -> NA); x <- 6 - zap_labels(Qi);
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE); the index of overall, each
dimension and the composite (svymean, svyby over window_id, confint) and the rate of every item and overall
(svyciprop(method = "beta"), svyby), each on the answerers of the measure.  Estimated from the file and from the
store after ``survey import``: the same numbers."""
import json
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.survey.instrument import load_instrument

from _survey_r import close, rerun_r_test

HERE = Path(__file__).parent / "golden"
G = json.loads((HERE / "survey42_survey_r.json").read_text(encoding="utf-8"))["sav"]
INS = load_instrument("power_hall")
RATE_MEASURES = list(INS.coded_columns)
INDEX_MEASURES = ["overall", *(d.id for d in INS.dimensions), "composite"]
SAV = HERE / "survey42_data.sav"

test_rerun_r_gives_the_stored_values = rerun_r_test("survey42", "half a minute")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = tmp_path_factory.mktemp("sav") / "store"
    assert main(["survey", "import", str(SAV), "--instrument", "power_hall", "--year", "2025", "--store", str(s)]) == 0
    return s


def _estimate(capsys, source, *extra):
    rc = main(["survey", "estimate", str(source), *extra, "--by", "window_id", "--format", "json"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    return pd.DataFrame(json.loads(cap.out))


def _sources(store):
    return [(SAV, ["--instrument", "power_hall", "--year", "2025"]), ("power_hall_2025", ["--store", str(store)])]


def test_the_index_equals_r(store, capsys):
    for source, extra in _sources(store):
        t = _estimate(capsys, source, *extra)
        for m in INDEX_MEASURES:
            e = G["index"][m]
            rows = t[t.measure == m]
            top, win = rows[rows.window_id == "全部 all"], rows[rows.window_id != "全部 all"]
            assert win.window_id.tolist() == e["win"], m
            assert int(top["n"].iloc[0]) == e["all"]["n"], m
            for col, key in (("estimate", "est"), ("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
                close(top[col], e["all"][key])
                close(win[col], e[key])


def test_the_item_rates_equal_r(store, capsys):
    for source, extra in _sources(store):
        t = _estimate(capsys, source, *extra, "--stat", "rate", "--measures", ",".join(RATE_MEASURES))
        for m in RATE_MEASURES:
            e = G["rate"][m]
            rows = t[t.measure == m]
            top, win = rows[rows.window_id == "全部 all"], rows[rows.window_id != "全部 all"]
            assert win.window_id.tolist() == e["win"], m
            for col, key in (("rate", "est"), ("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
                close(top[col], e["all"][key])
                close(win[col], e[key])
