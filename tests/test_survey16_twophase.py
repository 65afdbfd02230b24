"""A delivery that declares a two-phase sample (a screener, then a subsample) is refused, saying why and what to send.

Decision (survey16): windoweval does not estimate R's ``twophase`` designs. A window-satisfaction survey firm
delivers completed interviews (exit intercepts, telephone callbacks) with final weights; a screener that only checks
eligibility (did you transact at this window?) is no statistical first phase, and the delivery format
(surveys/README.md) has no place for phase-1 rows without answers. A delivery whose header declares a phase (phase,
phase2, in_phase2, twophase, subsample, 第二相, 子样本 …) is therefore refused in both languages, with the fix: the
phase-2 respondents only, weighted by the phase-1 weight over the phase-2 fraction, with the phase-1 strata and PSUs.
"""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli.survey import main
from windoweval.survey.delivery import _declares_two_phase, check_delivery

DATA = Path(__file__).parent / "data" / "survey"


@pytest.mark.parametrize("header", ["phase", "in_phase2", "Phase_2", "twophase", "two-phase", "subsample", "in_subsample",
                                    "第二相", "二相样本", "子样本标记", "两相抽样", "第一相权重"])
def test_a_header_that_declares_a_phase_is_read_as_one(header):
    assert _declares_two_phase(header)


@pytest.mark.parametrize("header", ["phase2", "第二相"])
def test_a_phase_column_is_refused_in_both_languages_and_the_cli_exits_1_and_3(tmp_path, capsys, header):
    f = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, encoding="utf-8")
    f[header] = "1"
    p = tmp_path / "twophase.csv"
    f.to_csv(p, index=False, encoding="utf-8")
    probs = check_delivery(p, "power_hall", year=2025)
    hit = probs[probs["code"] == "two_phase_design"]
    assert len(hit) == 1 and (hit["severity"] == "error").all() and hit["column"].iloc[0] == header
    text = " ".join(str(v) for v in hit.to_numpy().ravel())
    assert "两相抽样" in text and "two-phase" in text and "twophase" in text and "第二相" in text
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 1
    out = capsys.readouterr()
    assert "two_phase" in out.out + out.err or "two-phase" in out.out + out.err
    assert main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(tmp_path / "store")]) == 3
    assert not (tmp_path / "store" / "manifest.json").exists() or "twophase" not in (
        tmp_path / "store" / "manifest.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("header", ["psu", "stratum", "weight", "phone", "emphasis", "alphabet", "两阶段", "相关意见",
                                    "subsampled_note", "phases_of_moon", "fieldwork_phase",
                                    "phase_of_service", "project-phase-2", "subsample_note", "第一相关部门"])
def test_other_columns_are_not_read_as_a_phase(header):
    # two-stage clusters (两阶段, psu/ssu) are supported and are no two-phase sample; words that merely hold "phase"
    assert not _declares_two_phase(header)


def test_a_clean_delivery_has_no_two_phase_problem():
    assert (check_delivery(DATA / "clean_utf8.csv", "power_hall", year=2025)["code"] != "two_phase_design").all()
