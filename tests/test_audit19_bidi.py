"""Bidi overrides and isolates from the data (eighth privacy audit).

U+202E (RIGHT-TO-LEFT OVERRIDE) and the other embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069)
were escaped on their way into a page but kept: a window's name ``城东营业厅\\u202e反映良好`` showed its tail
reversed, and a comment could make ``5 分`` read as another score or hide a phone number's order.  They are now
dropped wherever the data meets people (the privacy gate every page, chart, table, export and message passes:
:func:`windoweval.privacy.mask_text`, :func:`~windoweval.privacy.mask_json`), and by the escaping of a page or a
chart itself; ordinary Chinese and English text is left exactly as written.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
ORDINARY = ["城东营业厅", "Power hall, east", "客户反映排队久", "窗口 PW01 服务良好", "工单号20250305001",
            "阿卜杜·热合曼", "电话95598", "Name of the window", "درجة"]   # Arabic letters without a control stay


def _has_bidi(text: str) -> bool:
    return any(c in text for c in BIDI)


@pytest.mark.parametrize("mark", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_the_privacy_gate_drops_bidi_controls(mark):
    from windoweval.privacy import mask_json, mask_message, mask_text

    text = f"城东营业厅{mark}反映良好{mark}"
    assert mask_message(text) == "城东营业厅反映良好"
    assert mask_text(pd.Series([text] * 300)).tolist() == ["城东营业厅反映良好"] * 300   # the pre-filtered path
    assert mask_text(pd.Series([text]), profile="survey").tolist() == ["城东营业厅反映良好"]
    assert mask_json({"name": [text], "hovertemplate": f"%{{x}}{mark}"}) == {"name": ["城东营业厅反映良好"],
                                                                            "hovertemplate": "%{x}"}


def test_a_phone_number_reordered_by_an_override_is_masked():
    """``138\\u202e87654321`` shows its digits in another order; without the control it is one number, masked."""
    from windoweval.privacy import mask_message

    assert mask_message("电话138\u202e12345678") == "电话[手机号]"


def test_ordinary_text_is_left_as_written():
    from windoweval.privacy import mask_text

    assert mask_text(pd.Series(ORDINARY)).tolist() == ORDINARY
    assert mask_text(pd.Series(ORDINARY * 40)).tolist() == ORDINARY * 40


def test_exports_hold_no_bidi_control(tmp_path):
    from windoweval.exports import write_csv, write_xlsx

    df = pd.DataFrame({"窗口\u202e名称": ["城东\u202e营业厅", "\u2066=1+1\u2069", "正常"], "n": [1, 2, 3]})
    csv = write_csv(df, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert not _has_bidi(csv) and "城东营业厅" in csv and "窗口名称" in csv and "'=1+1" in csv
    import zipfile

    with zipfile.ZipFile(write_xlsx({"t": df}, tmp_path / "t.xlsx")) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert not _has_bidi(xml) and "城东营业厅" in xml and "'=1+1" in xml


def test_a_page_and_a_chart_hold_no_bidi_control():
    from windoweval.html import escape_figure, md_fmt, md_text

    assert md_text("城东\u202e营业厅") == "城东营业厅"
    assert md_fmt({"w": "城东\u2067营业厅"}) == {"w": "城东营业厅"}
    fig = escape_figure({"data": [{"type": "bar", "name": "城东\u202e营业厅", "x": ["A\u2066B"],
                                   "hovertext": ["C\u202dD"]}], "layout": {"title": {"text": "T\u202bU"}}})
    assert not _has_bidi(json.dumps(fig, ensure_ascii=False))
    assert fig["data"][0]["name"] == "城东营业厅"


def test_a_plotly_figure_from_present_holds_no_bidi_control(capsys):
    """Legend, hover and axis texts of a chart the notebooks show (:func:`windoweval.present.figure`)."""
    import plotly.express as px

    from windoweval import present

    fig = px.bar(pd.DataFrame({"window": ["城东\u202e营业厅", "城西营业厅"], "rate": [0.9, 0.8]}),
                 x="window", y="rate", color="window", hover_name="window")
    present.figure(fig, "window_scores", "annual.fig.window_scores", year=2025)
    shown = capsys.readouterr().out
    assert "城东营业厅" in shown and not _has_bidi(shown)
