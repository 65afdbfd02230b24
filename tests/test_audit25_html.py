"""Text from data in a chart's hover template (twenty-fifth audit).

Failing on the code before: :func:`windoweval.html.escape_figure` left every ``*template`` as written, taking them for
the package's own; but plotly express writes a group's value into the template itself (``px.line(color=...)``:
``w=<img src=x onerror=alert(1)><br>x=%{x}``), so a window's or a hall's name reached the page's tooltip as markup.
Now a template's text is escaped, its placeholders and bare tags (``<br>``, ``<extra>``) kept.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.html import escape_figure

HOSTILE = ['<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">城东</a>', "A&B\u202e厅"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_group_value_in_a_plotly_express_template_is_escaped(name):
    import plotly.express as px

    df = pd.DataFrame({"x": [1, 2], "y": [3.0, 4.0], "窗口名称": [name, "城西营业厅"]})
    fig = px.line(df, x="x", y="y", color="窗口名称").to_plotly_json()
    assert any(name in t["hovertemplate"] for t in fig["data"])             # plotly express writes it in
    out = escape_figure(fig)
    for t in out["data"]:
        h = t["hovertemplate"]
        assert "<img" not in h and "<a " not in h and "\u202e" not in h and "A&B" not in h, h
        assert "%{x}" in h and "%{y}" in h and "<br>" in h and h.endswith("<extra></extra>"), h


def test_the_package_templates_are_kept():
    spec = {"data": [{"type": "scatter", "hovertemplate": "%{text}<br>重要性 importance %{x:.2f}<br>%{customdata[0]}"
                                                          " / %{customdata[1]}<extra></extra>",
                      "texttemplate": ["%{y:.1f}", "<b>%{y}</b>"]}]}
    assert escape_figure(spec) == spec
