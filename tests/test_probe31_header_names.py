"""Fixed columns under the names firms and survey platforms give them: 访问时间 (when the interview took place, as
CATI systems head it), 营业厅 / 营业网点 / 窗口名称 (the window), 所用时间 (问卷星's time taken, "120秒").

The file was refused whole as missing window_id and interview_date, the columns listed as unknown. Now they are read
as those columns; beside the template's own name (访问日期 and 访问时间 both) the own name is read and the other
warned about (synonym_column), as for every alias. Failed before.
"""
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey import load_instrument
from windoweval.survey.delivery import parse_delivery


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=6, seed=31,
                                  careless_share=0).drop(columns=["comment"])


@pytest.mark.parametrize("window,date,duration", [("营业厅", "访问时间", "所用时间"), ("营业网点", "调查时间", "答题时长"),
                                                  ("窗口名称", "受访日期", "作答时长")])
def test_fixed_columns_by_the_names_firms_use(base, tmp_path, window, date, duration):
    d = base.rename(columns={"window_id": window, "interview_date": date, "duration_s": duration})
    d[duration] = base["duration_s"].astype(int).astype(str) + "秒"
    d[date] = base["interview_date"].astype(str) + " 10:05:00"
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    chk = parse_delivery(p, load_instrument("power_hall"), year=2025)
    assert chk.errors.empty, chk.errors[["column", "problem_en"]].to_string()
    v = chk.valid.set_index("respondent_id").loc[base["respondent_id"]]
    assert v["window_id"].tolist() == base["window_id"].tolist()
    assert [str(x)[:10] for x in v["interview_date"]] == [str(x)[:10] for x in base["interview_date"]]
    assert v["duration_s"].astype(float).tolist() == base["duration_s"].astype(float).tolist()


def test_the_template_name_is_read_beside_an_alias(base, tmp_path):
    d = base.copy()
    d["访问时间"] = "10:05"
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    chk = parse_delivery(p, load_instrument("power_hall"), year=2025)
    assert chk.errors.empty
    syn = chk.problems[chk.problems["code"] == "synonym_column"]
    assert syn["column"].tolist() == ["访问时间"]
