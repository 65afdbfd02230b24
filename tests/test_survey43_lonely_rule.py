"""survey43: a delivery with strata given by name (城区, 郊区, 新区) and one stratum holding a single PSU.  The estimate
refuses it by default (exit 3, as R does), and the refusal named the rule only as the API writes it
(lonely_psu="adjust"), not as the command takes it; now it names --lonely-psu and where the year's report takes the
rule (windoweval.toml).  With a rule chosen, the estimate was silent: nothing said which strata the rule changed or
which rule it was; now a note says both, once, and the respondents of that stratum are counted."""
import json

import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.fixture()
def delivery(tmp_path):
    d = demo.generate_delivery(INS, 2025, ["PW01", "PW02", "PW03"], n_per_window=10, seed=8, careless_share=0)
    d["stratum"] = d["window_id"].map({"PW01": "城区", "PW02": "郊区", "PW03": "新区"})
    d.loc[d.window_id == "PW03", "psu"] = "PW03-全年"          # the new district's hall: one PSU
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    return p, d


def _run(capsys, p, *extra):
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--format", "json",
               *extra])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_the_refusal_names_the_command_line_option(delivery, capsys):
    p, _ = delivery
    rc, _, err = _run(capsys, p)
    assert rc == 3 and "Traceback" not in err
    assert "新区" in err and "--lonely-psu certainty、remove、adjust 或 average" in err      # before: lonely_psu= only
    assert "--lonely-psu certainty, remove, adjust or average" in err and "windoweval.toml" in err
    assert err.index("命令行上的写法") < err.index("on this command line")


@pytest.mark.parametrize("rule", ["adjust", "certainty", "remove", "average"])
def test_a_chosen_rule_is_said_with_the_strata_it_applies_to(delivery, capsys, rule):
    p, d = delivery
    rc, out, err = _run(capsys, p, "--lonely-psu", rule)
    assert rc == 0, err
    zh = f"抽样层 新区 只有一个初级抽样单元，其方差按 --lonely-psu {rule} 估计"
    assert err.count(zh) == 1 and err.count(f"options(survey.lonely.psu = \"{rule}\")") == 2   # before: not said
    assert f"stratum 新区 has a single PSU; its variance is estimated by --lonely-psu {rule}" in err
    t = json.loads(out)
    assert {r["measure"]: r["n"] for r in t}["composite"] == len(d)            # nobody dropped


def test_no_note_when_every_stratum_has_two_psus(delivery, capsys, tmp_path):
    _, d = delivery
    d = d.copy()
    d["stratum"] = "全部"
    p = tmp_path / "one.csv"
    d.to_csv(p, index=False)
    rc, _, err = _run(capsys, p, "--lonely-psu", "adjust")
    assert rc == 0 and "只有一个初级抽样单元，其方差按" not in err
