"""Personal data in a table's title, a figure's caption and a missing-evidence warning, as JupyterLab shows them (hostile42).

Failing on the code before: ``present.table``, ``present.figure`` and ``present.missing`` wrote their sentence with the
format values as given (``present._for``) into the HTML caption, the text/plain and the kept payload; only the
markdown went through the privacy gate (``md_fmt``) and the report's scrub masked the rest afterwards, so an analyst
in JupyterLab saw a window's name with a phone number as written.  Now ``_for`` masks every text it hands on.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from windoweval import present

SECRET = "客户张三 13812345678"


@pytest.fixture
def shown(monkeypatch):
    got = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append((bundle, metadata or {})))
    present.setup("zh+en")
    yield got
    present.setup("zh")


def test_titles_captions_and_warnings_are_masked_where_they_are_made(shown):
    import plotly.express as px

    present.table(pd.DataFrame({"window_id": ["PW01"], "rate": [0.5]}), "t", "annual.fig.window_scores",
                  year=SECRET)
    present.figure(px.bar(pd.DataFrame({"x": ["a"], "y": [1.0]}), x="x", y="y"), "f", "annual.fig.window_scores",
                   year={"zh": SECRET, "en": SECRET})
    present.missing("complaints.missing", year=SECRET)
    text = json.dumps([b for b in shown], ensure_ascii=False, default=str)
    assert "13812345678" not in text and "张三" not in text
    assert "[手机号]" in text
