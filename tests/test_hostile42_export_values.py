"""The exports' values in the build's languages (hostile42).

Failing on the code before: a zh+en build's CSV and workbook named each column in both languages (``窗口编号 /
Window id``, session 41) but wrote the package's words in the first language alone (``未达标``, ``是``): an English
reader of the export could not read a verdict.  Now ``present.table`` keeps, for each other language, the pairs of the
words it wrote (``values_en``: verdicts, kinds, yes/no) and ``report.build.export_frame`` writes each such cell as
the header is written, Chinese first (``未达标 / not met``).  A Chinese-only build is unchanged; a number stays a
number (a negative one too, never text); a name or a text from data is not translated and stays as written.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval import exports, i18n, present
from windoweval.report.build import export_frame

ROWS = pd.DataFrame({"window_id": ["PW01", "PW02", "PW03", "PW04"],
                     "window_name_zh": ["城东营业厅", "城西营业厅", "南门营业厅", "=北门营业厅"],
                     "window_name_en": ["East hall", "West hall", "South gate hall", "North gate hall"],
                     "verdict": ["pass", "fail", "open", "insufficient"],
                     "eligible": [True, False, True, False],
                     "change": [-2.5, 1.0, None, -0.5],
                     "comment": ["未达标的原因：排队", "张先生 13812345678 来电", "-3", "达标"]})


@pytest.fixture
def payload(monkeypatch):
    def made(language):
        got = []
        monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append(bundle))
        present.setup(language)
        try:
            present.table(ROWS, "hostile_values", "annual.table.ranking")
        finally:
            present.setup("zh")
        return next(b[present.TABLE_MIME] for b in got if present.TABLE_MIME in b)
    return made


def _word(key, lang):
    return i18n.text(key, lang)


def test_a_bilingual_export_writes_the_verdicts_and_yes_no_in_both_languages(payload, tmp_path):
    df = export_frame(payload("zh+en"))
    verdict = df[f"{_word('col.verdict', 'zh')} / {_word('col.verdict', 'en')}"]
    assert verdict.tolist() == [f"{_word(f'verdict.{v}', 'zh')} / {_word(f'verdict.{v}', 'en')}"
                                for v in ROWS["verdict"]]
    eligible = [c for c in df.columns if c.startswith(_word("col.eligible", "zh"))][0]
    assert df[eligible].tolist()[:2] == [f"{_word('common.yes', 'zh')} / {_word('common.yes', 'en')}",
                                         f"{_word('common.no', 'zh')} / {_word('common.no', 'en')}"]
    # a name from data written in pairs (window_name_zh / _en) in both since public43, one column holding both; a
    # text from data written once (a comment) as the first language shows it
    name = [c for c in df.columns if c.startswith(_word("col.window_name", "zh"))][0]
    assert df[name].tolist() == (ROWS["window_name_zh"] + " / " + ROWS["window_name_en"]).tolist()
    comment = [c for c in df.columns if "comment" in str(c).lower() or "备注" in str(c) or "意见" in str(c)][0]
    assert df[comment].iloc[3] == "达标" and df[comment].iloc[0] == "未达标的原因：排队"

    # the CSV and the workbook carry them, numbers still numbers (a negative one not turned into text)
    safe = exports.safe_frame(df)
    csv = exports.write_csv(df, tmp_path / "t.csv", safe=safe)
    back = pd.read_csv(csv, encoding="utf-8-sig")
    assert back[verdict.name].tolist() == verdict.tolist()
    change = [c for c in back.columns if c.startswith(_word("col.change", "zh"))][0]
    assert back[change].iloc[0] == -2.5 and back[change].iloc[3] == -0.5
    book = exports.Workbook()
    book.add("hostile", df, safe=safe)
    book.save(tmp_path / "t.xlsx", order=["hostile"])
    import openpyxl

    rows = list(openpyxl.load_workbook(tmp_path / "t.xlsx", read_only=True).worksheets[0].iter_rows(values_only=True))
    col = list(rows[0]).index(verdict.name)
    assert [r[col] for r in rows[1:]] == verdict.tolist()
    n = list(rows[0]).index(change)
    assert rows[1][n] == -2.5 and isinstance(rows[1][n], float)
    # a formula from data is still neutralised, a phone still masked, in the export
    text = csv.read_text(encoding="utf-8-sig")
    assert "13812345678" not in text and "'=北门营业厅" in text and "'-3" in text and ",-3," not in text


def test_a_chinese_build_is_unchanged(payload):
    tb = payload("zh")
    assert not any(k.startswith("values_") for k in tb)
    df = export_frame(tb)
    assert df[_word("col.verdict", "zh")].tolist() == [_word(f"verdict.{v}", "zh") for v in ROWS["verdict"]]


def test_a_word_read_two_ways_is_left_as_it_is():
    from windoweval.present import _words_in

    a = pd.DataFrame({"verdict": ["达标", "达标"]})
    b = pd.DataFrame({"verdict": ["met", "pass"]})
    assert _words_in(a, b, pd.DataFrame({"verdict": ["pass", "pass"]})) == {}
