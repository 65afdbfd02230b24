"""survey47, the design columns under the headers firms write: PSU编号 (any case of its ASCII part), 初级抽样单元编号,
抽样单元编号, 抽样层编号, 层编号 are the template's psu and stratum (surveys/README.md: the fixed columns may take
Chinese headers), as 抽样单元, 层, 分层, 权重 and 权数 already were; before, each refused the file as a misspelled
required column. The fpc is no template column: ``--fpc`` names the file's own 抽样比 or 总体数 as headed.
"""
import numpy as np
import pandas as pd
import pytest
import yaml

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery

from _nps import INS, RAW  # the NPS instrument, shared


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=8, seed=147, careless_share=0)
    b["recommend"] = 7
    return b


@pytest.mark.parametrize("heads", [
    {"psu": "PSU编号", "stratum": "层"},
    {"psu": "Psu编号", "stratum": "抽样层编号"},
    {"psu": "初级抽样单元编号", "stratum": "分层", "weight": "权数"},
    {"psu": "抽样单元编号", "stratum": "层编号", "weight": "权重"},
])
def test_the_numbered_chinese_design_headers_are_the_template_columns(base, tmp_path, heads):
    p = tmp_path / "d.csv"
    b = base.rename(columns=heads)
    b.to_csv(p, index=False, encoding="gbk")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty, chk.errors[["column", "code", "value"]].values.tolist()   # before: misspelled_column
    assert len(chk.valid) == len(b)
    v = chk.valid.set_index("respondent_id")
    assert (v.loc[base.respondent_id, "psu"].to_numpy() == base.psu.to_numpy()).all()
    assert (v.loc[base.respondent_id, "stratum"].to_numpy() == base.stratum.to_numpy()).all()
    assert np.allclose(v.loc[base.respondent_id, "weight"].to_numpy(), base.weight.to_numpy())


def test_a_gbk_delivery_with_chinese_design_headers_estimates_as_the_template_with_fpc(base, tmp_path, capsys):
    ins = tmp_path / "nps.yaml"
    ins.write_text(yaml.safe_dump(RAW, allow_unicode=True), encoding="utf-8")
    en, zh = tmp_path / "en.csv", tmp_path / "zh.csv"
    base.assign(frac="2.5%").to_csv(en, index=False)
    base.assign(抽样比="2.5%").rename(columns={"psu": "PSU编号", "stratum": "分层", "weight": "权数"}).to_csv(
        zh, index=False, encoding="gbk")
    got = {}
    for name, p, fpc in (("en", en, "frac"), ("zh", zh, "抽样比")):
        assert main(["survey", "estimate", str(p), "--instrument", str(ins), "--year", "2025", "--fpc", fpc,
                     "--format", "csv"]) == 0
        got[name] = capsys.readouterr().out
    assert got["zh"] == got["en"] and "overall" in got["zh"]    # before: the zh file refused (exit 3)
