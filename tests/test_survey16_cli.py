"""The command line's --rake says on the console, in both languages, what R's rake leaves unsaid or only warns: margins
whose totals disagree (the weights meet the last margin only) and a rake that stops unconverged; the estimate is still
printed (exit 0: warnings do not count, as the README's exit-code table)."""
import io
from pathlib import Path

import pandas as pd

from _workspace import rake_margins
from windoweval.cli.survey import main
from windoweval.survey import delivery as D
from windoweval.survey import design as DS
from windoweval.survey.instrument import load_instrument

GOLDEN = Path(__file__).parent / "golden"
INS = load_instrument("power_hall")
SRC = GOLDEN / "survey_fixture.csv"


def margins(tmp_path, type_factor):
    chk = D.parse_delivery(SRC, INS, year=2025)
    wins = sorted(chk.valid["window_id"].unique())
    types = sorted(chk.valid["customer_type"].dropna().unique())
    return rake_margins(tmp_path, wins, types, type_factor)


def estimate(rk, capsys):
    assert main(["survey", "estimate", str(SRC), "--instrument", "power_hall", "--measures", "overall",
                 "--rake", str(rk), "--format", "json"]) == 0
    out = capsys.readouterr()
    t = pd.read_json(io.StringIO(out.out))      # stdout is the table alone: the warnings go to stderr
    assert t["estimate"].notna().all()
    return out.out + out.err


def test_margins_whose_totals_disagree_are_said(tmp_path, capsys):
    # the windows' totals sum to 9000 a window, the customer types' to twice that: the weights meet the types only
    said = estimate(margins(tmp_path, 2), capsys)
    assert "各边际总数不一致" in said and "totals disagree" in said and "customer_type" in said
    assert "各边际总数不一致" not in estimate(margins(tmp_path, 1), capsys)


def test_a_rake_that_stops_unconverged_is_said(tmp_path, capsys, monkeypatch):
    rake = DS.rake
    monkeypatch.setattr(DS, "rake", lambda d, m, **kw: rake(d, m, maxit=1, epsilon=1e-10))   # one sweep only
    said = estimate(margins(tmp_path, 1), capsys)
    assert "未收敛" in said and "did not converge after 1 iterations" in said
