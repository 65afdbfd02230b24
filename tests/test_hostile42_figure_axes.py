"""Text from data on a chart's axes (hostile42).

Failing on the code before: :func:`windoweval.html.escape_figure` skipped the keys ``xaxis`` and ``yaxis`` whole,
taking them for a trace's axis reference (``"xaxis": "x"``); but the layout's ``xaxis`` / ``yaxis`` are dicts holding
the axis title, the tick labels (``ticktext``) and the categories' order (``categoryarray``, which plotly express
writes from ``category_orders`` and plotly.js shows as tick labels even when no point has them).  A window's name
there reached the page as plotly.js markup (``<a href=…>``, ``<b>``), and a name with ``&`` no longer matched its own
(escaped) bars, so the chart drew it twice.  Now an axis dict is escaped like the rest of the layout; a trace's axis
reference stays as written.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from windoweval import present
from windoweval.html import escape_figure

HOSTILE = ['<a href="http://evil.example/">城东</a>', "<img src=x onerror=alert(1)>", "A&B营业厅\u202e"]


def _axes_hold_no_markup(spec):
    for key, axis in spec["layout"].items():
        if not key.startswith(("xaxis", "yaxis")):
            continue
        text = json.dumps(axis, ensure_ascii=False)
        assert "<a " not in text and "<img" not in text and "A&B" not in text and "\u202e" not in text, (key, text)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_window_name_on_an_axis_is_escaped(name):
    import plotly.express as px

    names = [name, "城西营业厅"]
    df = pd.DataFrame({name: names, "得分": [91.0, 78.5]})        # a column named from data: the axis title
    fig = px.bar(df, x=name, y="得分", category_orders={name: names})
    fig.update_xaxes(tickvals=names, ticktext=names)
    raw = json.loads(fig.to_json())                               # as windoweval.present.figure takes it
    axis = raw["layout"]["xaxis"]
    assert name == axis["title"]["text"] and name in axis["categoryarray"] and name in axis["ticktext"]
    out = escape_figure(raw)
    _axes_hold_no_markup(out)
    # the order still names the bars as they are drawn (escaped alike), so each window is one bar
    assert out["layout"]["xaxis"]["categoryarray"] == list(out["data"][0]["x"])
    assert out["data"][0]["xaxis"] == "x" and out["data"][0]["yaxis"] == "y"   # a trace's axis reference as written


def test_the_page_a_notebook_shows_has_escaped_axes(monkeypatch):
    import plotly.express as px

    got = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append((bundle, metadata or {})))
    present.setup("zh")
    try:
        df = pd.DataFrame({"window": HOSTILE, "score": [1.0, 2.0, 3.0]})
        fig = px.bar(df, x="window", y="score", category_orders={"window": HOSTILE})
        fig.update_layout(xaxis_title=HOSTILE[0], yaxis_title=HOSTILE[1])
        present.figure(fig, "hostile_axes", "annual.fig.window_scores", year=2025)
    finally:
        present.setup("zh")
    bundle = next(b for b, _ in got if present.PLOTLY_MIME in b)
    _axes_hold_no_markup(bundle[present.PLOTLY_MIME])
    assert "<a href" not in bundle["text/html"] and "<img" not in bundle["text/html"]
