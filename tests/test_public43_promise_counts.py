"""The public promise table sets its counts beside each rate (public43, issue 14's Reader-facing left item).

A bare fulfilment rate read as kept where cases were still open, or where most of them could not be assessed:
the published table (page, kept tables, CSV, workbook, ``windoweval promises --out``) now carries 已判定 assessed,
兑现 kept, 未兑现 broken, 未到期 open at the cut-off and 无法判定 not assessable beside the rate, and a rate with none
assessed reads 无数据 / no data, never 0 % or 100 %.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval import cli, present
from windoweval import promises as P

REPAIR = "故障报修后,抢修人员45分钟内到达现场"
COUNTS_ZH = ["已判定(次)", "兑现(次)", "未兑现(次)", "未到期(次)", "无法判定(次)"]
COUNTS_EN = ["Assessed", "Kept", "Broken", "Not yet due", "Not assessable"]


def _occ(passed, open_):
    n = len(passed)
    return pd.DataFrame({"promise_id": ["pw_fault_repair_45min"] * n, "window_id": ["PW01"] * n,
                         "month": ["2025-06"] * n, "passed": pd.array(passed, dtype="boolean"), "open": open_,
                         "excused": [False] * n})


def test_a_100_percent_with_cases_open_or_not_assessable_shows_them_beside_it():
    # 2 kept, 3 still open at the cut-off: the rate is 100.0 %, the counts say 3 are not yet due
    occ = _occ([True, True, None, None, None], [False, False, True, True, True])
    t = P.publication_table(2025, occ=occ, standard="power_window").set_index("承诺事项")
    row = t.loc[REPAIR]
    assert row["兑现率"] == "100.0%"
    assert row[COUNTS_ZH].tolist() == [2, 2, 0, 3, 0]
    # the counts add up to every occurrence, and the overall row to the promises' rows
    body = t.drop(index="全部承诺")
    assert (body["已判定(次)"] == body["兑现(次)"] + body["未兑现(次)"]).all()
    assert t.loc["全部承诺", COUNTS_ZH].tolist() == body[COUNTS_ZH].sum().tolist()
    en = P.publication_table(2025, occ=occ, lang="en", standard="power_window")
    assert en.columns.tolist()[4:9] == COUNTS_EN
    assert en.loc[en["Promise"].str.contains("45 min", regex=False), COUNTS_EN].values.tolist() == [[2, 2, 0, 3, 0]]


def test_kept_in_the_few_judged_with_most_not_assessable_says_so_with_counts():
    occ = _occ([True, None, None, None], [False] * 4)
    row = P.publication_table(2025, occ=occ, standard="power_window").set_index("承诺事项").loc[REPAIR]
    assert "100" not in row["兑现率"] and row["兑现率"].startswith("证据不足")
    assert row[COUNTS_ZH].tolist() == [1, 1, 0, 0, 3]


@pytest.mark.parametrize("lang,col,word", [("zh", "兑现率", "无数据"), ("en", "Rate kept", "no data")])
def test_a_rate_with_none_assessed_reads_no_data_never_a_percentage(lang, col, word):
    occ = _occ([True], [False])
    t = P.publication_table(2025, occ=occ, lang=lang, standard="power_window")
    none = t[t[COUNTS_ZH[0] if lang == "zh" else COUNTS_EN[0]] == 0]
    assert len(none) > 0
    assert not none[col].str.contains("%", regex=False).any(), none[col].tolist()
    measured = none[~none[col].isin(["未按记录计量", "not measured from records"])]
    assert len(measured) > 0 and (measured[col] == word).all(), measured[col].tolist()


def test_the_page_and_exports_say_no_data_for_a_rate_of_nothing_assessed(monkeypatch):
    per = pd.DataFrame({"promise_id": ["a", "b"], "occurrences": [0, 4], "met": [0, 3], "rate": [float("nan"), 0.75],
                        "verdict": ["no_data", "fail"]})
    shown = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: shown.append(bundle))
    present.setup("zh+en")
    try:
        present.table(per, "fulfilment", "promises.table.fulfilment")
    finally:
        present.setup("zh")
    payload = shown[-1][present.TABLE_MIME]
    rate = payload["columns"].index("达标率")
    assert [r[rate] for r in payload["data"]] == ["无数据", 0.75]
    assert "无数据" in shown[-1]["text/html"] and "no data" in shown[-1]["text/html"]


def test_promises_out_writes_the_counts_in_the_published_csv(tmp_path):
    from windoweval.demo import DEMO_YEAR

    out = tmp_path / "out"
    assert cli.main(["promises", "--year", str(DEMO_YEAR), "--standard", "power_window", "--out", str(out)]) == 0
    pub = pd.read_csv(out / "promise_publication_zh.csv", encoding="utf-8-sig")
    assert pub.columns.tolist()[:9] == ["承诺事项", "承诺内容", "期间", "兑现率", *COUNTS_ZH]
    body = pub[pub["承诺事项"] != "全部承诺"]
    assert (body["已判定(次)"] == body["兑现(次)"] + body["未兑现(次)"]).all()
    assert pub.loc[pub["承诺事项"] == "全部承诺", "已判定(次)"].item() == body["已判定(次)"].sum()
