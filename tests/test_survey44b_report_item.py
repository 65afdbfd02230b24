"""survey44b: an item on a 0-10 scale of its own stands outside the dimensions and the composite, and the index's
default measures (overall, the dimensions, composite) left it out: the year's report (its survey section: the index
and the index by window) and ``survey estimate`` without --measures never showed its 0-100 index -- a valid answer
dropped in silence.  It is now the last row of the index, overall and by window, the same figure as the index asked
of it by name; an instrument of one scale keeps its rows (tests/golden/ unchanged)."""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from _workspace import POWER, write_workspace  # noqa: E402

import windoweval as we
from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.estimate import satisfaction_index
from windoweval.survey.instrument import load_instrument

from _nps import RAW  # noqa: E402  the NPS instrument, shared


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ws")
    data = write_workspace(tmp / "data", POWER)
    raw = RAW   # the NPS instrument, shared (tests/_nps.py)
    ins = tmp / "hall_nps.yaml"
    ins.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02", "PW03"], n_per_window=30,
                               seed=3, careless_share=0)
    b.insert(b.columns.get_loc("overall"), "recommend", np.random.default_rng(1).integers(0, 11, len(b)))
    d = tmp / "d.csv"
    b.to_csv(d, index=False)
    assert main(["survey", "import", str(d), "--instrument", str(ins), "--year", "2025", "--data", str(data)]) == 0
    return data, ins, d


def test_the_years_report_shows_the_0_10_items_index_overall_and_by_window(ws):
    data, ins, _ = ws
    sv = we.yearbook("survey", 2025, data=str(data), baseline_year=None, instrument="power_hall")
    idx, byw = sv["index"], sv["index_by_window"]
    assert idx.measure.tolist()[-2:] == ["composite", "recommend"]           # before: no recommend row
    assert set(byw[byw.measure == "recommend"].window_id) == {"PW01", "PW02", "PW03"}
    # the figure the index asked of it by name gives (0-100 on its own scale), of the delivery's 90 rows (all valid)
    raw = pd.read_csv(ws[2])
    named = satisfaction_index(raw, load_instrument(ins), measures=["recommend"])
    row = idx.set_index("measure").loc["recommend"]
    assert row.estimate == pytest.approx(named.estimate.item(), rel=1e-10)
    assert row.se == pytest.approx(named.se.item(), rel=1e-10)
    row = idx.set_index("measure").loc["recommend"]
    assert 0 <= row.estimate <= 100 and row.n == 90


def test_survey_estimate_without_measures_gives_its_row(ws, capsys):
    _, ins, d = ws
    assert main(["survey", "estimate", str(d), "--instrument", str(ins), "--year", "2025", "--format", "json"]) == 0
    t = pd.DataFrame(json.loads(capsys.readouterr().out)).set_index("measure")
    assert t.index.tolist()[-1] == "recommend"
    raw = pd.read_csv(d)
    named = satisfaction_index(raw, load_instrument(ins), measures=["recommend"])
    assert t.loc["recommend", "estimate"] == pytest.approx(named.estimate.item(), rel=1e-10)
    assert t.loc["recommend", "se"] == pytest.approx(named.se.item(), rel=1e-10)


def test_with_a_design_option_the_default_has_its_row_too(ws, capsys):
    _, ins, d = ws
    assert main(["survey", "estimate", str(d), "--instrument", str(ins), "--year", "2025", "--format", "json",
                 "--deff"]) == 0
    t = pd.DataFrame(json.loads(capsys.readouterr().out))
    assert t.measure.tolist()[-1] == "recommend"


def test_an_instrument_of_one_scale_keeps_its_rows():
    from windoweval.survey.estimate import default_index_measures

    ins = load_instrument("power_hall")
    assert default_index_measures(ins) == [ins.overall_id, *(x.id for x in ins.dimensions), "composite"]
