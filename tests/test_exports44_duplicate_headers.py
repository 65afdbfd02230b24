"""exports44: ``present.localise`` and ``present.table`` with a header given twice.

A frame whose header is given twice (an export's two 备注 columns, kept as given by the privacy gate: msgs44's find)
crashed both: ``out[col]`` of a name held twice is a frame of both columns (``'DataFrame' object has no attribute
'dtype'``).  ``localise`` now goes by position (as :func:`windoweval.exports.yes_no_words`), each column translated
on its own; ``table`` shows and exports every column, the later ones of one name numbered (备注, 备注 (2)).
"""
import pandas as pd
import pytest

from windoweval import present
from windoweval.report.build import export_frame


def _twice():
    return pd.DataFrame([["PW01", "pass", True, "a", "x", "fail"], ["PW02", "fail", False, "b", "y", "pass"]],
                        columns=["window_id", "verdict", "overdue", "备注", "备注", "verdict"])


@pytest.fixture
def shown(monkeypatch):
    got = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append(bundle))
    yield got
    present.setup("zh")


def test_localise_translates_each_of_two_columns_of_one_name():
    present.setup("zh")
    out = present.localise(_twice())
    assert out.columns.tolist() == ["窗口编号", "结论", "逾期未办", "备注", "备注", "结论"]
    assert out.values.tolist() == [["PW01", "达标", "是", "a", "x", "未达标"], ["PW02", "未达标", "否", "b", "y", "达标"]]


def test_localise_of_a_unique_header_is_unchanged():
    present.setup("zh")
    df = _twice().iloc[:, :4]
    assert present.localise(df).values.tolist() == [["PW01", "达标", "是", "a"], ["PW02", "未达标", "否", "b"]]


@pytest.mark.parametrize("language", ["zh", "zh+en"])
def test_table_shows_and_exports_every_column(shown, language):
    present.setup(language)
    present.table(_twice(), "t", "promises.table.fulfilment")
    payload = shown[-1][present.TABLE_MIME]
    assert payload["columns"] == ["窗口编号", "结论", "逾期未办", "备注", "备注 (2)", "结论 (2)"]
    assert [r[3:] for r in payload["data"]] == [["a", "x", "未达标"], ["b", "y", "达标"]]
    html = shown[-1]["text/html"]
    assert "备注 (2)" in html and ">x<" in html and ">y<" in html
    if language == "zh+en":
        got = export_frame(payload)
        assert got.columns.tolist()[-1] == "结论 (2) / Verdict (2)"
        assert got.iloc[0, -1] == "未达标 / not met" and got.iloc[0, 4] == "x"
