"""Session 40: a survey imported with a stratum of one PSU stopped the whole year's report (survey40 left it: the
report had no way to choose a rule, so an unattended build failed every year until the firm delivered again).  The
workspace now names the rule once, ``lonely_psu`` in windoweval.toml (R's ``options(survey.lonely.psu = ...)``); the
report's survey section estimates under it and its page says which rule was used.  Unset, the report refuses as R
does by default (tests/test_survey40_report_lonely.py).  A rule that is none of R's is refused with the file named."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval import sections
from windoweval.records import workspace as W
from windoweval.survey import delivery as D
from windoweval.survey import estimate
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
WINDOWS = [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]


def _lonely(tmp_path):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df.loc[0, "stratum"] = "D9"
    p = tmp_path / "交付.csv"
    df.to_csv(p, index=False)
    return D.parse_delivery(p, INS, year=2025, screen=False).valid


def _section(monkeypatch, resp, **ws):
    real = W.load_workspace

    def with_rule(data=None):
        got = real(data)
        for k, v in ws.items():
            setattr(got, k, v)
        return got

    monkeypatch.setattr(W, "load_workspace", with_rule)
    return sections.compute(2025, None, sections=("survey",), instrument="power_hall",
                            survey=lambda y: (resp, "file") if y == 2025 else (None, None))["survey"]


@pytest.mark.parametrize("rule", ["adjust", "average", "certainty", "remove"])
def test_the_workspace_rule_estimates_the_report_survey(tmp_path, monkeypatch, rule):
    resp = _lonely(tmp_path)
    got = _section(monkeypatch, resp, lonely_psu=rule)
    # the same numbers as survey_design/satisfaction_index called with the rule (pinned against R's svymean under
    # options(survey.lonely.psu = rule) in tests/test_survey40_estimates_r.py)
    want = estimate.satisfaction_index(resp, INS, lonely_psu=rule)
    np.testing.assert_allclose(got.tables["index"]["se"].to_numpy(dtype=float), want["se"].to_numpy(dtype=float),
                               rtol=0, atol=1e-12)
    assert got.meta["lonely_psu"] == rule
    note = got.meta["design_notes"][-1]   # user41: apart from the instrument's notes
    assert "D9" in note["zh"] and f'lonely_psu = "{rule}"' in note["zh"]
    assert "D9" in note["en"] and f'survey.lonely.psu = "{rule}"' in note["en"]


def test_unset_the_report_refuses_and_names_the_workspace_setting(tmp_path, monkeypatch):
    with pytest.raises(estimate.LonelyPSUError) as got:
        _section(monkeypatch, _lonely(tmp_path))
    zh, en = str(got.value).split(" / the 2025 ")
    assert 'lonely_psu = "adjust"' in zh and "windoweval.toml" in zh
    assert 'lonely_psu = "adjust"' in en and "windoweval.toml" in en


def test_a_survey_without_a_lonely_stratum_carries_no_note(tmp_path, monkeypatch):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    p = tmp_path / "交付.csv"
    df.to_csv(p, index=False)
    got = _section(monkeypatch, D.parse_delivery(p, INS, year=2025, screen=False).valid, lonely_psu="adjust")
    assert not any("lonely_psu" in n["zh"] for n in got.meta["design_notes"])


@pytest.mark.parametrize("bad", ["Adjust", "scale", 1, ""])
def test_a_rule_that_is_none_of_rs_is_refused(bad):
    with pytest.raises(W.WorkspaceError) as got:
        W.Workspace.from_dict({"name": "x", "windows": WINDOWS, "lonely_psu": bad})
    assert "lonely_psu" in str(got.value) and "survey.lonely.psu" in str(got.value)
    assert str(got.value).index("应为") < str(got.value).index("must be")


def test_the_default_is_rs():
    assert W.Workspace.from_dict({"name": "x", "windows": WINDOWS}).lonely_psu == "fail"
