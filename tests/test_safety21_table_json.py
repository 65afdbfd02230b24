"""A report table's JSON (``present.TABLE_MIME``) never reaches a page as markup (safety21, left defect 5).

The JSON a table carries for the exports holds its text masked (:func:`windoweval.privacy.mask_frame`, headers made
from data through :func:`windoweval.privacy.mask_message`) but not HTML-escaped: it is data for the CSV and the
workbook (escaped text there would read ``&lt;``).  Decided: it stays unescaped, and this pins where it goes.  It
reaches a page at two places only: the notebook's page, where nbconvert shows the output's ``text/html`` (escaped
by the table's own HTML) and never this JSON; the index, whose template autoescapes the table's title.
"""
from __future__ import annotations

import nbformat
import pandas as pd
import pytest

import windoweval.present as present

EVIL = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def bundle(monkeypatch):
    got = {}
    monkeypatch.setattr(present, "_show", lambda b, metadata=None: got.update(b))
    df = pd.DataFrame({"window_id": [EVIL, "客户：张三 13812345678"], IMG: ["=1+1", "联系人：李四"]})
    present.table(df, "evil", "annual.table.ranking")
    return got


def test_the_json_is_masked(bundle):
    payload = bundle[present.TABLE_MIME]
    flat = repr(payload)
    assert "13812345678" not in flat and "张三" not in flat and "李四" not in flat
    assert payload["data"][1][0] == "客户：某某 [手机号]"


def test_the_page_shows_the_escaped_html_never_the_json(bundle):
    from windoweval.report.pages import _page

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("table(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    nb.cells = [cell]
    page = _page(nb, "zh", "t")
    assert EVIL not in page and IMG not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "13812345678" not in page
    # a bundle of the JSON alone (no text/html) shows nothing of it either
    cell.outputs = [nbformat.v4.new_output("display_data", data={present.TABLE_MIME: bundle[present.TABLE_MIME]})]
    with pytest.warns(UserWarning, match="not able to be represented"):    # nbconvert: this MIME type is not shown
        page = _page(nb, "zh", "t")
    assert EVIL not in page and IMG not in page and "alert(1)" not in page


def test_the_index_escapes_a_tables_title_and_the_organisations_name():
    """The organisation's name comes from the user's windoweval.toml (``name = …``): escaped as the data is."""
    from windoweval.report.pages import _index

    tables = [{"notebook": "annual_evaluation", "name": "evil", "title": EVIL, "csv": "tables/a.csv", "rows": 2}]
    page = _index(2025, "zh", "机构", [], {}, tables, "data", False)
    assert EVIL not in page and "&lt;script&gt;" in page
    page = _index(2025, "zh+en", {"zh": IMG, "en": EVIL}, [], {}, [], IMG, False)
    assert EVIL not in page and IMG not in page
