"""A survey firm that drew its respondents one by one, unstratified and unweighted, delivers no stratum, psu or
weight column (survey36). The delivery format needs all three, so the file is refused -- but the refusal must say
what such a firm writes in them, not only "add the column": one stratum for everyone, each respondent their own
PSU, a weight of 1. Filled so, the delivery passes, and its figures are R's ``svydesign(ids = ~1, weights = ~1)``."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.cli.survey import main
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


@pytest.fixture()
def srs(tmp_path):
    f = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    p = tmp_path / "srs.csv"
    f.drop(columns=["stratum", "psu", "weight"]).to_csv(p, index=False)
    return f, p


def test_missing_design_columns_say_what_an_unstratified_unweighted_sample_writes(srs):
    _, p = srs
    probs = D.check_delivery(p, INS, year=2025)
    miss = probs[probs["code"] == "missing_column"].set_index("column")
    assert set(miss.index) == {"stratum", "psu", "weight"}
    fix = {c: (miss.loc[c, "fix_zh"], miss.loc[c, "fix_en"]) for c in miss.index}
    assert "未分层" in fix["stratum"][0] and "same value" in fix["stratum"][1]
    assert "受访者编号" in fix["psu"][0] and "respondent id" in fix["psu"][1]
    assert "填 1" in fix["weight"][0] and "1 in every row" in fix["weight"][1]
    # every other fix is still the header's
    assert all("surveys/README.md" in zh for zh, _ in fix.values())


def test_the_message_reaches_the_command_line_chinese_first(srs, capsys):
    _, p = srs
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr().out
    assert rc == 1
    line = next(ln for ln in out.splitlines() if "psu" in ln and "缺少必需列" in ln)
    assert line.index("受访者编号") < line.index("respondent id")


def test_filled_as_the_message_says_the_delivery_passes(srs, tmp_path):
    f, _ = srs
    g = f.drop(columns=["stratum", "psu", "weight"]).assign(stratum="全部", psu=f["respondent_id"], weight="1")
    p = tmp_path / "filled.csv"
    g.to_csv(p, index=False)
    probs = D.check_delivery(p, INS, year=2025)
    assert not (probs["severity"] == "error").any(), probs[probs["severity"] == "error"]


def test_so_filled_the_design_is_rs_unclustered_unweighted_one(srs):
    # R: svymean(~env1, svydesign(ids = ~1, weights = ~1, data = d)): SE = sd(y) / sqrt(n)
    from windoweval.survey import design as S

    f, _ = srs
    g = f.assign(stratum="全部", psu=f["respondent_id"], weight=1.0, env1=pd.to_numeric(f["env1"]))
    got = S.svymean(S.svydesign(g, ids="psu", strata="stratum", weights="weight"), "env1")
    y = g["env1"].to_numpy(dtype=float)
    assert got.loc[0, "mean"] == pytest.approx(y.mean(), rel=1e-12)
    assert got.loc[0, "se"] == pytest.approx(y.std(ddof=1) / np.sqrt(len(y)), rel=1e-12)
