"""A zh+en build's exports in both languages where the page is (public43, issue 14's Hostile left items).

- the promise tables' CSV stayed Chinese-only in a zh+en build (the table to publish is written in each language,
  its headers differ; the fulfilment table's columns differ by language);
- texts written in pairs (``*_zh``/``*_en``: a measure's label, a standard's title, the review's evidence with its
  units 个工作日 / working days) reached the exports in Chinese alone: one column now holds both, ``中文 / English``;
- a true/false column with gaps showed True/False (object dtype): 是/否 (yes/no), a gap left missing.
A Chinese-only build is unchanged: no pairs in its tables, its frame exported as it is.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval import present
from windoweval import promises as P
from windoweval.report.build import export_frame


@pytest.fixture
def shown(monkeypatch):
    got = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append(bundle))
    yield got
    present.setup("zh")


def _table(shown, language, df, name="t", title="promises.table.fulfilment"):
    present.setup(language)
    present.table(df, name, title)
    return shown[-1][present.TABLE_MIME], shown[-1]


def _occ():
    return pd.DataFrame({"promise_id": ["pw_fault_repair_45min"] * 3, "window_id": ["PW01"] * 3,
                         "month": ["2025-06"] * 3, "passed": pd.array([True, True, False], dtype="boolean"),
                         "open": [False] * 3, "excused": [False] * 3})


def test_the_table_to_publish_is_bilingual_in_a_zh_en_build(shown):
    pub = {lang: P.publication_table(2025, occ=_occ(), lang=lang, standard="power_window") for lang in ("zh", "en")}
    payload, _ = _table(shown, "zh+en", pub, "publication", "promises.table.publication")
    got = export_frame(payload)
    assert got.columns.tolist()[:5] == ["承诺事项 / Promise", "承诺内容 / Wording in the standard", "期间 / Period",
                                        "兑现率 / Rate kept", "已判定(次) / Assessed"]
    zh, en = pub["zh"], pub["en"]
    at = zh.index[zh["承诺事项"] == "故障报修后,抢修人员45分钟内到达现场"][0]
    row = got.iloc[at]
    assert row.iloc[0] == f"{zh.iloc[at, 0]} / {en.iloc[at, 0]}"
    assert row.iloc[2] == "2025年 / 2025" and row.iloc[3] == "66.7%"           # a rate alike in both: once
    assert row.iloc[4:9].tolist() == [3, 2, 1, 0, 0]                             # counts stay numbers
    assert got.iloc[0, 3] == "无数据 / no data"
    assert got.iloc[-1, 0] == "全部承诺 / All promises"


def test_the_fulfilment_table_whose_columns_differ_by_language_is_bilingual(shown):
    per = P.fulfilment(occ=_occ(), standard="power_window")
    payload, _ = _table(shown, "zh+en", per, "fulfilment")
    got = export_frame(payload)
    assert "columns_en" in payload
    assert all(" / " in h for h in got.columns if not h.isascii()), got.columns.tolist()
    text = next(h for h in got.columns if h.startswith("条文"))
    row = per.index[per["promise_id"] == "pw_fault_repair_45min"][0]
    assert got.loc[row, text] == f"{per.loc[row, 'text_zh']} / {per.loc[row, 'text_en']}"   # exports44: the standard's words in both


def test_text_pairs_and_their_units_are_written_in_both_languages(shown):
    df = pd.DataFrame({"window_id": ["PW01", "PW02"], "label_zh": ["居民客户5个工作日内送电", "只有中文"],
                       "label_en": ["Residents connected within 5 working days", None],
                       "evidence_zh": ["2024年 2.47个工作日 → 2025年 2.35个工作日", "—"],
                       "evidence_en": ["2024: 2.47 working days → 2025: 2.35 working days", "—"],
                       "n": [40, 3]})
    payload, _ = _table(shown, "zh+en", df)
    got = export_frame(payload)
    assert got.iloc[0, 1] == "居民客户5个工作日内送电 / Residents connected within 5 working days"
    assert got.iloc[1, 1] == "只有中文"                                          # no English: once, as given
    assert got.iloc[0, 2] == "2024年 2.47个工作日 → 2025年 2.35个工作日 / 2024: 2.47 working days → 2025: 2.35 working days"
    assert got.iloc[1, 2] == "—" and got.iloc[:, 3].tolist() == [40, 3]


def test_a_chinese_only_build_exports_its_table_as_before(shown):
    df = pd.DataFrame({"window_id": ["PW01"], "label_zh": ["甲"], "label_en": ["A"], "overdue": [True]})
    payload, _ = _table(shown, "zh", df)
    assert not [k for k in payload if k.startswith(("columns_", "values_", "cells_"))], sorted(payload)
    got = export_frame(payload)
    assert got.columns.tolist() == payload["columns"] and got.values.tolist() == payload["data"]


@pytest.mark.parametrize("language,want", [("zh", ["是", None, "否"]), ("en", ["yes", None, "no"]),
                                           ("zh+en", ["是 / yes", None, "否 / no"])])
def test_a_true_false_column_with_gaps_reads_yes_no_and_a_gap_stays_missing(shown, language, want):
    df = pd.DataFrame({"case_id": ["C1", "C2", "C3"], "overdue": pd.Series([True, None, False], dtype=object)})
    payload, bundle = _table(shown, language, df)
    got = export_frame(payload).iloc[:, 1]
    assert [None if pd.isna(v) else v for v in got] == want
    assert "True" not in bundle["text/html"] and "False" not in bundle["text/html"]
    assert "—" in bundle["text/html"]                        # the page's one word for missing
