"""survey45: the year's report showed a 0-10 item's index but not its net promoter score (sections._survey, session
44's left item).  The survey section now carries ``nps``: each 0-10 question's score for all windows (``全部 all``)
then each window, the same figures as ``windoweval survey estimate --stat nps --by window_id`` gives of the delivery,
and the notebook presents it (titled Chinese first, English alongside); an instrument without such a question has
none (no table shown)."""
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
from windoweval import i18n, present
from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.paths import INSTRUMENTS_DIR, NOTEBOOKS_DIR
from windoweval.survey.instrument import load_instrument

REC = {"id": "recommend", "zh": "您向亲友推荐本营业厅的可能性有多大？", "en": "How likely are you to recommend this hall?",
       "scale": {"min": 0, "max": 10, "satisfied_min": 9,
                 "labels": {0: {"zh": "完全不可能", "en": "Not at all likely"},
                            10: {"zh": "非常可能", "en": "Extremely likely"}}}}


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ws")
    data = write_workspace(tmp / "data", POWER)
    raw = yaml.safe_load((INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    raw["items"].append(REC)
    ins = tmp / "hall_nps.yaml"
    ins.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    b = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01", "PW02", "PW03"], n_per_window=30,
                               seed=3, careless_share=0)
    b.insert(b.columns.get_loc("overall"), "recommend", np.random.default_rng(1).integers(0, 11, len(b)))
    d = tmp / "d.csv"
    b.to_csv(d, index=False)
    assert main(["survey", "import", str(d), "--instrument", str(ins), "--year", "2025", "--data", str(data)]) == 0
    return data, ins, d


def test_the_years_survey_section_has_the_score_overall_and_by_window_as_survey_estimate_gives(ws, capsys):
    data, ins, d = ws
    sv = we.yearbook("survey", 2025, data=str(data), baseline_year=None, instrument="power_hall")
    got = sv["nps"]
    assert got is not None                                           # before: no such table
    assert got.window_id.tolist() == ["全部 all", "PW01", "PW02", "PW03"] and set(got.measure) == {"recommend"}
    capsys.readouterr()
    assert main(["survey", "estimate", str(d), "--instrument", str(ins), "--year", "2025", "--stat", "nps",
                 "--by", "window_id", "--format", "json"]) == 0
    cli = pd.DataFrame(json.loads(capsys.readouterr().out))
    assert got.nps.tolist() == pytest.approx(cli.estimate.tolist(), rel=1e-10)
    assert got.se.tolist() == pytest.approx(cli.se.tolist(), rel=1e-10)
    assert got.n.tolist() == cli.n.tolist() and got.n.iloc[0] == 90


def test_a_window_chosen_gives_its_rows_and_the_domain_of_the_whole_design(ws):
    data, _, _ = ws
    full = we.yearbook("survey", 2025, data=str(data), baseline_year=None, instrument="power_hall")["nps"]
    one = we.yearbook("survey", 2025, data=str(data), baseline_year=None, instrument="power_hall",
                      windows=["PW02"])["nps"]
    assert one.window_id.tolist() == ["全部 all", "PW02"]
    pw02 = full.set_index("window_id").loc["PW02"]
    assert one.nps.tolist() == pytest.approx([pw02.nps, pw02.nps], rel=1e-10)
    assert one.se.iloc[1] == pytest.approx(pw02.se, rel=1e-10)


def test_an_instrument_without_a_0_10_question_has_no_score():
    assert we.yearbook("survey", 2025, baseline_year=None).get("nps") is None


def test_the_notebook_presents_the_table_in_both_languages(ws, monkeypatch):
    data, _, _ = ws
    shown = {}
    real = present.table

    def spy(df, name, title_key, **kw):
        shown[name] = (df, title_key, kw)
        return real(df, name, title_key, **kw)

    monkeypatch.setattr(present, "table", spy)
    nb = json.loads((NOTEBOOKS_DIR / "satisfaction_survey.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    ns = {}
    exec(cells[0], ns)
    ns.update(data=str(data), baseline_year=None, language="zh+en")
    for src in cells[1:5]:   # imports and the section, the notes, the headlines, the index and the rate
        exec(src, ns)
    assert "nps" in shown
    df, key, kw = shown["nps"]
    assert i18n.text(key, "zh").startswith("净推荐值") and i18n.text(key, "en").startswith("Net promoter")
    assert "ci_low" not in kw["percent"]                  # the interval in points, not per cent
    assert i18n.text(key, "zh").endswith("以 −100 至 100 表示)") and i18n.text(key, "en").endswith("-100 to 100)")
    assert df.window_id.tolist() == ["全部 all", "PW01", "PW02", "PW03"]
    assert all(i18n.text(f"col.{c}", "zh") != f"col.{c}" for c in df.columns)     # every header in both languages
    assert all(i18n.text(f"col.{c}", "en") != f"col.{c}" for c in df.columns)
