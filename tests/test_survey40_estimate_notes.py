"""survey40, as a firm's client: `survey estimate FILE` on a delivery whose CSV holds another questionnaire's codes
(99 for 拒答, refused answer by answer: that item missing, the respondent kept) printed the figures without a word
of it, though rows refused whole are noted and the import's result line counts such answers.  The estimate from a
file now notes how many answers off the scale are taken as missing and of how many respondents, Chinese first, on
stderr (stdout stays the table); the figures are unchanged."""
import json
from pathlib import Path

import pandas as pd

from windoweval.cli import main

DATA = Path(__file__).parent / "data" / "survey"


def _run(capsys, p):
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--measures", "overall",
               "--lonely-psu", "certainty", "--format", "json"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    return pd.DataFrame(json.loads(cap.out)), cap.err


def test_answers_off_the_scale_are_noted_by_the_estimate(tmp_path, capsys):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    p0 = tmp_path / "a.csv"
    df.to_csv(p0, index=False)
    base, said0 = _run(capsys, p0)
    assert "不在量表上" not in said0
    df.loc[[1, 4], "overall"] = "99"
    df.loc[4, "env2"] = "99"
    p = tmp_path / "b.csv"
    df.to_csv(p, index=False)
    got, said = _run(capsys, p)
    assert "3 个答案不在量表上（涉及 2 位受访者）" in said and "3 answers off the scale (of 2 respondents)" in said
    assert said.index("不在量表上") < said.index("off the scale")
    assert int(got["n"].item()) == int(base["n"].item()) - 2     # the two overall answers not counted
