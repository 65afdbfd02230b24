"""survey45: the year's report showed a 0-10 item's index but not its net promoter score (sections._survey, session
44's left item).  The survey section now carries ``nps``: each 0-10 question's score for all windows (``全部 all``)
then each window, the same figures as ``windoweval survey estimate --stat nps --by window_id`` gives of the delivery,
and the notebook presents it (titled Chinese first, English alongside); an instrument without such a question has
none (no table shown)."""
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
# the workspace, the instrument with a 0-10 item and its imported delivery: survey44b's own (one fixture, not two)
from test_survey44b_report_item import ws  # noqa: E402,F401

import windoweval as we  # noqa: E402
from windoweval import i18n, present  # noqa: E402
from windoweval.cli import main  # noqa: E402
from windoweval.paths import NOTEBOOKS_DIR  # noqa: E402


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
