"""The survey command line: registration into the project's parser, estimate, demo."""
import argparse
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import survey as cli
from windoweval.survey import estimate as E
from windoweval.survey.delivery import parse_delivery

GOLDEN = Path(__file__).parent / "golden"
DATA = Path(__file__).parent / "data" / "survey"


def test_register_adds_survey_with_its_subcommands():
    p = argparse.ArgumentParser(prog="windoweval")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("other")  # the project's own commands live beside it
    cli.register(sub)
    for argv, handler in [
        (["survey", "template", "--instrument", "power_hall"], cli.cmd_template),
        (["survey", "check", "f.csv", "--instrument", "power_hall"], cli.cmd_check),
        (["survey", "import", "f.csv", "--instrument", "power_hall", "--year", "2025"], cli.cmd_import),
        (["survey", "estimate", "power_hall_2025"], cli.cmd_estimate),
        (["survey", "demo"], cli.cmd_demo),
    ]:
        assert p.parse_args(argv).func is handler
    with pytest.raises(SystemExit):
        p.parse_args(["survey"])


def test_estimate_from_a_file_matches_the_library(capsys):
    f = str(GOLDEN / "survey_fixture.csv")
    rc = cli.main(["survey", "estimate", f, "--instrument", "power_hall", "--year", "2025", "--by", "window_id",
                   "--measures", "overall", "--format", "json"])
    assert rc == 0
    got = pd.DataFrame(json.loads(capsys.readouterr().out))
    data = parse_delivery(f, "power_hall", year=2025).valid
    lib = E.satisfaction_index(data, "power_hall", by="window_id", measures=["overall"])
    assert got["window_id"].tolist() == ["全部 all"] + lib["window_id"].tolist()
    assert got["estimate"].iloc[1:].tolist() == pytest.approx(lib["estimate"].tolist(), rel=1e-12)
    overall = E.satisfaction_index(data, "power_hall", measures=["overall"])
    assert got["se"].iloc[0] == pytest.approx(overall["se"].iloc[0], rel=1e-12)


def test_estimate_rate_csv_and_from_the_store(tmp_path, capsys):
    f = str(GOLDEN / "survey_fixture.csv")
    assert cli.main(["survey", "import", f, "--instrument", "power_hall", "--year", "2025",
                     "--store", str(tmp_path)]) == 0
    capsys.readouterr()
    rc = cli.main(["survey", "estimate", "power_hall_2025", "--store", str(tmp_path), "--stat", "rate",
                   "--method", "logit", "--format", "csv"])
    assert rc == 0
    t = pd.read_csv(io.StringIO(capsys.readouterr().out))
    g = json.loads((GOLDEN / "survey_golden.json").read_text())
    r = next(x for x in g["rate"] if x["method"] == "logit")
    # R: svyciprop(~sat, subset(des, !is.na(sat)), method = "logit")
    assert t["rate"].iloc[0] == pytest.approx(r["rate"], rel=1e-8)
    assert t["ci_low"].iloc[0] == pytest.approx(r["ci_low"], rel=1e-8)
    rc = cli.main(["survey", "estimate", "power_hall_2025", "--store", str(tmp_path), "--by", "nope"])
    assert rc == 2
    assert cli.main(["survey", "estimate", "no_such_survey", "--store", str(tmp_path)]) == 3


def test_estimate_refuses_a_lonely_psu_unless_a_rule_is_chosen(tmp_path, capsys):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df.loc[0, "stratum"] = "D9"
    f = tmp_path / "d.csv"
    df.to_csv(f, index=False)
    assert cli.main(["survey", "estimate", str(f), "--instrument", "power_hall"]) == 3
    assert "lonely_psu" in capsys.readouterr().err
    assert cli.main(["survey", "estimate", str(f), "--instrument", "power_hall", "--lonely-psu", "adjust"]) == 0


def test_unknown_instrument_is_a_usage_error(capsys):
    assert cli.main(["survey", "check", str(DATA / "clean_utf8.csv"), "--instrument", "gas"]) == 2
    assert "gas" in capsys.readouterr().err


def test_demo_writes_both_instruments_for_both_years(tmp_path, capsys):
    assert cli.main(["survey", "demo", "--out", str(tmp_path), "--n-per-window", "10"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["hospital_window_2024.csv", "hospital_window_2025.csv", "power_hall_2024.csv",
                     "power_hall_2025.csv"]
    for n in names:
        ins = n.rsplit("_", 1)[0]
        assert cli.main(["survey", "check", str(tmp_path / n), "--instrument", ins, "--year", n[-8:-4]]) == 0
